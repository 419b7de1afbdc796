/* erase.c — finding and removing every file backcare keeps. */
#include "erase.h"
#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

static int push(struct erase_list *l, const char *a, const char *b)
{
	for (int i = 0; i < l->n; i++) /* a symlink and its target, once each */
		if (!strcmp(l->v[i], a) && !b)
			return 0;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		char **nv = realloc(l->v, (size_t)cap * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		l->v = nv;
		l->cap = cap;
	}
	char *s = NULL;
	if (asprintf(&s, "%s%s%s", a, b ? "/" : "", b ? b : "") < 0)
		return -ENOMEM;
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s)) {
			free(s);
			return 0;
		}
	l->v[l->n++] = s;
	return 0;
}

static int add_dir(struct erase_list *l, const char *path)
{
	char *d = atomic_dir_of(path);
	if (!d)
		return -ENOMEM;
	for (int i = 0; i < l->ndirs; i++)
		if (!strcmp(l->dirs[i], d)) {
			free(d);
			return 0;
		}
	char **nd = realloc(l->dirs, (size_t)(l->ndirs + 1) * sizeof *nd);
	if (!nd) {
		free(d);
		return -ENOMEM;
	}
	l->dirs = nd;
	l->dirs[l->ndirs++] = d;
	return 0;
}

static int exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

/* A saved file's family: the symlink, the file, its lock, its temporary
 * torn files and the copies kept before comments were dropped (tmp_dot: temporaries are
 * ".<name>.tmp-XXXXXX"; else
 * "<name>.XXXXXX" as config.yaml's). */
static int find_family(struct erase_list *l, const char *path, int tmp_dot)
{
	struct stat st;
	int r = 0;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		r = push(l, path, NULL);
	char *t = atomic_target(path);
	char *dir = t ? atomic_dir_of(t) : NULL;
	const char *slash = t ? strrchr(t, '/') : NULL;
	const char *base = slash ? slash + 1 : t;
	if (!t || !dir) {
		free(t);
		free(dir);
		return -ENOMEM;
	}
	if (!r && exists(t) && lstat(t, &st) == 0 && S_ISREG(st.st_mode))
		r = push(l, t, NULL);
	size_t bl = strlen(base);
	DIR *dp = opendir(dir);
	struct dirent *de;
	while (!r && dp && (de = readdir(dp))) {
		const char *n = de->d_name;
		int mine = 0;
		if (!strncmp(n, base, bl) &&
		    (!strcmp(n + bl, ".lock") || !strncmp(n + bl, ".torn-", 6) ||
		     !strncmp(n + bl, ".comments-", 10) || !strcmp(n + bl, ".next")))
			mine = 1;
		/* C2: plan.yaml.next and its own temporaries */
		if (tmp_dot && n[0] == '.' && !strncmp(n + 1, base, bl) &&
		    !strncmp(n + 1 + bl, ".next.tmp-", 10) && strlen(n + 11 + bl) == 6)
			mine = 1;
		if (tmp_dot && n[0] == '.' && !strncmp(n + 1, base, bl) &&
		    !strncmp(n + 1 + bl, ".tmp-", 5) && strlen(n + 6 + bl) == 6)
			mine = 1;
		if (!tmp_dot && !strncmp(n, base, bl) && n[bl] == '.' && strlen(n + bl + 1) == 6)
			mine = 1;
		if (mine && fstatat(dirfd(dp), n, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))
			r = push(l, dir, n);
	}
	if (dp)
		closedir(dp);
	if (!r)
		r = add_dir(l, t);
	if (!r && strcmp(t, path))
		r = add_dir(l, path);
	free(t);
	free(dir);
	return r;
}

int erase_find(const char *diary_path, const char *plan_path, const char *config_path,
               struct erase_list *l)
{
	memset(l, 0, sizeof *l);
	int r = find_family(l, diary_path, 1);
	if (!r && plan_path)
		r = find_family(l, plan_path, 1);
	if (!r && config_path)
		r = find_family(l, config_path, 0);
	return r;
}

/* Zeros over the bytes, synced: what a plain unlink would leave readable
 * on a simple disk. Not a promise on SSDs or copy-on-write filesystems. */
static void overwrite(const char *p)
{
	int fd = open(p, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	static const char zeros[4096];
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		off_t left = st.st_size, at = 0;
		while (left > 0) {
			size_t n = left < (off_t)sizeof zeros ? (size_t)left : sizeof zeros;
			ssize_t w = pwrite(fd, zeros, n, at);
			if (w <= 0)
				break;
			at += w;
			left -= w;
		}
		(void)fsync(fd);
	}
	close(fd);
}

int erase_run(const char *diary_path, struct erase_list *l, int *removed, struct diags *dg)
{
	int first = 0;
	char *t = atomic_target(diary_path), *lp = NULL;
	int lock = -1;
	/* Wait for a save under way to finish; the lock file itself is in
	 * the list and goes too (a writer that comes after finds none). */
	if (t && asprintf(&lp, "%s.lock", t) >= 0) {
		lock = open(lp, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
		if (lock >= 0)
			while (flock(lock, LOCK_EX) != 0 && errno == EINTR)
				;
	}
	for (int i = 0; i < l->n; i++) {
		struct stat st;
		removed[i] = 0;
		if (lstat(l->v[i], &st) != 0) {
			if (errno == ENOENT)
				continue;
		} else if (S_ISREG(st.st_mode)) {
			overwrite(l->v[i]);
		}
		if (unlink(l->v[i]) == 0) {
			removed[i] = 1;
			continue;
		}
		if (errno == ENOENT)
			continue;
		int e = -errno;
		diags_add(dg, DIAG_ERROR, l->v[i], 0, 0, _("cannot remove it: %s"), strerror(-e));
		if (!first)
			first = e;
	}
	if (lock >= 0)
		close(lock);
	/* backcare's own folders: gone if now empty (rmdir refuses a
	 * folder with anything else in it); a folder of the person's that
	 * --diary named is theirs and stays. */
	for (int i = 0; i < l->ndirs; i++) {
		const char *s = strrchr(l->dirs[i], '/');
		if (!strcmp(s ? s + 1 : l->dirs[i], "backcare"))
			rmdir(l->dirs[i]);
	}
	free(lp);
	free(t);
	return first;
}

void erase_list_free(struct erase_list *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	for (int i = 0; i < l->ndirs; i++)
		free(l->dirs[i]);
	free(l->v);
	free(l->dirs);
	memset(l, 0, sizeof *l);
}
