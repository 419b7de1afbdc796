/* passphrase.c — a passphrase from /dev/tty without echo, or from a file. */
#include "passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "i18n.h"

static int pass_alloc(struct pass *p)
{
	if (sodium_init() < 0)
		return -ENOMEM;
	p->s = sodium_malloc(PASS_MAX + 2);
	p->n = 0;
	return p->s ? 0 : -ENOMEM;
}

void pass_free(struct pass *p)
{
	if (p->s)
		sodium_free(p->s); /* wipes */
	p->s = NULL;
	p->n = 0;
}

/* Reads up to a line break into p; returns the bytes read, or -errno. */
static long read_line(int fd, struct pass *p, int *saw_nl)
{
	char c;
	*saw_nl = 0;
	p->n = 0;
	for (;;) {
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0 || c == '\n') {
			*saw_nl = r == 1;
			break;
		}
		p->s[p->n++] = c;
		if (p->n > PASS_MAX)
			break; /* too long (or /dev/zero): the caller says so */
	}
	if (p->n && p->s[p->n - 1] == '\r')
		p->n--;
	p->s[p->n] = '\0';
	return (long)p->n;
}

int pass_from_file(const char *path, struct pass *p, char *err, size_t errsize)
{
	int nl, r = pass_alloc(p);
	if (r < 0) {
		snprintf(err, errsize, "%s", strerror(-r));
		return r;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		r = -errno;
		snprintf(err, errsize, _("cannot read the passphrase file %s: %s"), path,
		         strerror(-r));
		pass_free(p);
		return r;
	}
	long n = read_line(fd, p, &nl);
	close(fd);
	if (n < 0) {
		snprintf(err, errsize, _("cannot read the passphrase file %s: %s"), path,
		         strerror((int)-n));
		pass_free(p);
		return (int)n;
	}
	if (p->n == 0 || p->n > PASS_MAX || memchr(p->s, '\0', p->n)) {
		snprintf(err, errsize, _("%s:1: the passphrase must be one line of 1 to %d bytes"),
		         path, PASS_MAX);
		pass_free(p);
		return -EINVAL;
	}
	return 0;
}

/* The terminal's settings while echo is off, to put back if a signal
 * stops us halfway (Ctrl-C at the prompt must not leave a mute shell). */
static struct termios saved;
static volatile sig_atomic_t tty_fd = -1;
static struct sigaction old_int, old_term, old_hup;

static void restore_and_reraise(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

void pass_tty_begin(void)
{
	if (tty_fd >= 0)
		return;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return;
	if (tcgetattr(fd, &saved) != 0) {
		close(fd);
		return;
	}
	struct sigaction sa = {.sa_handler = restore_and_reraise};
	sigemptyset(&sa.sa_mask);
	tty_fd = fd;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	struct termios quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	tcsetattr(fd, TCSAFLUSH, &quiet);
}

void pass_tty_end(void)
{
	if (tty_fd < 0)
		return;
	int fd = tty_fd;
	tcsetattr(fd, TCSAFLUSH, &saved);
	tty_fd = -1;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	close(fd);
}

int pass_from_tty(const char *prompt, struct pass *p)
{
	int own = tty_fd < 0;
	if (own)
		pass_tty_begin();
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (own)
			pass_tty_end();
		return -ENXIO;
	}
	int r = pass_alloc(p);
	if (r < 0) {
		close(fd);
		if (own)
			pass_tty_end();
		return r;
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* nothing to do: the read below still works */
	}
	int nl;
	long n = read_line(fd, p, &nl);
	if (write(fd, "\n", 1) < 0) {
		/* as above */
	}
	close(fd);
	if (own)
		pass_tty_end();
	if (n < 0 || (!nl && p->n == 0)) {
		pass_free(p);
		return n < 0 ? (int)n : -EINTR;
	}
	return 0;
}
