/* config.c — reading and writing config.yaml (a flat mapping). */
#include "config.h"
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "i18n.h"
#include "paths.h"

static void config_defaults(struct config *c)
{
	c->lang = -1;
	c->color = 1;
}

int config_parse(const char *name, const char *buf, size_t len, struct config *c, struct diags *d)
{
	yaml_parser_t p;
	yaml_event_t ev;
	char key[64] = "";
	int depth = 0, rc = 0, done = 0, want_key = 1;

	config_defaults(c);
	if (!yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			diags_add(d, DIAG_ERROR, name, (int)p.problem_mark.line + 1,
			          (int)p.problem_mark.column + 1, "%s",
			          p.problem ? p.problem : "YAML syntax error");
			rc = -1;
			break;
		}
		int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (depth == 0 && ev.type != YAML_MAPPING_START_EVENT) {
				diags_add(d, DIAG_ERROR, name, line, col,
				          "expected a mapping of settings");
				rc = -1;
				done = 1;
			}
			if (depth == 1)
				diags_add(d, DIAG_WARN, name, line, col,
				          "'%s' should be a single value", key);
			depth++;
			want_key = depth == 1 ? 1 : want_key;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			if (depth == 1)
				want_key = 1;
			break;
		case YAML_SCALAR_EVENT:
			if (depth != 1)
				break;
			if (want_key) {
				snprintf(key, sizeof key, "%s", (char *)ev.data.scalar.value);
				want_key = 0;
				break;
			}
			want_key = 1;
			{
				const char *v = (const char *)ev.data.scalar.value;
				if (!strcmp(key, "language")) {
					int l = lang_parse(v);
					if (l < 0)
						diags_add(d, DIAG_WARN, name, line, col,
						          "unknown language '%s' (en, zh_CN or ar)",
						          v);
					else
						c->lang = l;
				} else if (!strcmp(key, "color")) {
					if (!strcmp(v, "true") || !strcmp(v, "yes"))
						c->color = 1;
					else if (!strcmp(v, "false") || !strcmp(v, "no"))
						c->color = 0;
					else
						diags_add(d, DIAG_WARN, name, line, col,
						          "color should be true or false, not '%s'",
						          v);
				} else {
					diags_add(d, DIAG_WARN, name, line, col,
					          "unknown setting '%s'", key);
				}
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (rc)
		config_defaults(c);
	return rc;
}

int config_load(const char *path, struct config *c, struct diags *d)
{
	/* O_NONBLOCK and a regular-file check: a FIFO put there would
	 * otherwise hang every start of the program (faults suite). */
	int fd = path ? open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) : -1;
	struct stat st;
	char buf[8192];
	size_t n = 0;

	config_defaults(c);
	if (!path)
		return 0; /* no home folder: the defaults */
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		diags_add(d, DIAG_ERROR, path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "not a regular file; ignored");
		close(fd);
		return -1;
	}
	int toobig = 0;
	for (;;) {
		ssize_t r = read(fd, buf + n, sizeof buf - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diags_add(d, DIAG_ERROR, path, 0, 0, "%s", strerror(errno));
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == sizeof buf) {
			char extra;
			toobig = read(fd, &extra, 1) > 0;
			break;
		}
	}
	close(fd);
	if (toobig) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "larger than %zu bytes; ignored", sizeof buf);
		return -1;
	}
	return config_parse(path, buf, n, c, d);
}

int config_save(const char *path, const struct config *c)
{
	char dir[4096], text[256];
	int len, err = 0;

	if (!path)
		return -ENOENT; /* no home folder to keep settings in */
	const char *slash = strrchr(path, '/');
	if (slash && (size_t)(slash - path) < sizeof dir) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
		if (*dir && (err = paths_mkdirs(dir, 0700)) != 0)
			return err;
	}
	len = snprintf(text, sizeof text,
	               "# backcare settings (written by the app; safe to edit)\n"
	               "language: %s\ncolor: %s\n",
	               c->lang >= 0 && c->lang < LANG_COUNT ? lang_table[c->lang].code : "en",
	               c->color ? "true" : "false");
	/* the shared writer: beside the symlink target, fsync of the file
	 * and of its folder, 0600 */
	return atomic_write(path, text, (size_t)len, 0600);
}
