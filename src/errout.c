/* errout.c — a cleaning stderr and a checked stdout (errout.h). */
#include "errout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "text.h"

struct cleaner {
	char pend[4]; /* the start of a UTF-8 sequence cut by the buffer */
	size_t npend;
	int used; /* something was written: an error was said already */
};
static struct cleaner the_cleaner;

static int write_fd2(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(2, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t clean_write(void *cookie, const char *buf, size_t size)
{
	struct cleaner *c = cookie;
	char *all = malloc(c->npend + size + 1);
	c->used = 1;
	if (!all)
		return -1;
	memcpy(all, c->pend, c->npend);
	memcpy(all + c->npend, buf, size);
	size_t n = c->npend + size;
	/* keep an incomplete UTF-8 sequence at the end for the next call */
	size_t keep = 0;
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char b = (unsigned char)all[n - k];
		if ((b & 0xc0) == 0x80)
			continue;
		size_t need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
		if (need > k)
			keep = k;
		break;
	}
	memcpy(c->pend, all + n - keep, keep);
	c->npend = keep;
	all[n - keep] = '\0';
	/* A NUL inside would end the string early: show it as nothing. */
	for (size_t i = 0; i < n - keep; i++)
		if (!all[i])
			all[i] = ' ';
	char *clean = text_clean(all, 1);
	int r = write_fd2(clean ? clean : all, strlen(clean ? clean : all));
	free(clean);
	free(all);
	return r < 0 ? -1 : (ssize_t)size;
}

static int clean_close(void *cookie)
{
	struct cleaner *c = cookie;
	if (c->npend)
		write_fd2(c->pend, c->npend);
	c->npend = 0;
	return 0;
}

static void check_stdout(void)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);
	int e = errno;
	if (!bad)
		return;
	if (!the_cleaner.used) /* else the front end said it already */
		fprintf(stderr, _("backcare: cannot write the output: %s\n"),
		        strerror(e ? e : EIO));
	fflush(stderr);
	_exit(1);
}

void errout_install(void)
{
	cookie_io_functions_t io = {.write = clean_write, .close = clean_close};
	FILE *f = fopencookie(&the_cleaner, "w", io);
	if (f) {
		setvbuf(f, NULL, _IOLBF, 4096);
		stderr = f;
	}
	atexit(check_stdout);
}
