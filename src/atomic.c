/* atomic.c — whole-file saves by temporary file, fsync and rename. */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *atomic_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

char *atomic_target(const char *path)
{
	char *p = strdup(path);
	for (int i = 0; p && i < 40; i++) {
		struct stat st;
		char link[PATH_MAX];
		if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
			return p;
		ssize_t n = readlink(p, link, sizeof link - 1);
		if (n <= 0)
			return p;
		link[n] = '\0';
		char *next = NULL;
		if (link[0] == '/') {
			next = strdup(link);
		} else {
			char *dir = atomic_dir_of(p);
			if (dir) {
				size_t ld = strlen(dir), ll = strlen(link);
				next = malloc(ld + ll + 2);
				if (next) {
					memcpy(next, dir, ld);
					next[ld] = '/';
					memcpy(next + ld + 1, link, ll + 1);
				}
			}
			free(dir);
		}
		free(p);
		p = next;
	}
	return p;
}

int atomic_write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (w == 0)
			return -ENOSPC;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int atomic_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = fsync(fd) == 0 || errno == EINVAL ? 0 : -errno;
	close(fd);
	return r;
}

int atomic_is_temp_of(const char *n, const char *base)
{
	size_t bl = strlen(base);
	return n[0] == '.' && !strncmp(n + 1, base, bl) && !strncmp(n + 1 + bl, ".tmp-", 5) &&
	       strlen(n + 6 + bl) == 6;
}

int atomic_write_target(const char *target, const void *data, size_t len, mode_t mode)
{
	return atomic_write_target_check(target, data, len, mode, NULL, NULL);
}

/* The swap of the checked writer (see atomic.h): 0 when the new file is
 * in place (*unlink_tmp: what sits at tmp now is the old file, to go), or
 * -errno with the target as it was (tmp is still the new file). */
static int checked_swap(const char *tmp, const char *target,
                        int (*check)(void *ud, const char *path, int swapped), void *ud)
{
	int r = check(ud, target, 0);
	if (r)
		return r;
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) == 0) {
		r = check(ud, tmp, 1);
		if (!r)
			return 0;
		/* not the file loaded: give the other program's save back */
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) != 0)
			return -EIO; /* both files kept: ours at the target's
			              * place, theirs at the temporary name */
		return r;
	}
	int e = errno;
	if (e == ENOENT) {
		/* no target (any more): only if none was loaded either, and
		 * never over one made meanwhile */
		if ((r = check(ud, target, 0)))
			return r;
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_NOREPLACE) == 0)
			return 1;
		e = errno;
		if (e == EEXIST)
			return -EAGAIN;
	}
	if (e != EINVAL && e != ENOSYS)
		return -e;
	/* no exchange here (some file systems): the plain rename */
	return rename(tmp, target) == 0 ? 1 : -errno;
}

int atomic_write_target_check(const char *target, const void *data, size_t len, mode_t mode,
                              int (*check)(void *ud, const char *path, int swapped), void *ud)
{
	char *dir = atomic_dir_of(target);
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	char *tmp = dir ? malloc(strlen(dir) + strlen(base) + 16) : NULL;
	int fd = -1, r = 0;

	if (!tmp) {
		r = -ENOMEM;
		goto out;
	}
	sprintf(tmp, "%s/.%s.tmp-XXXXXX", dir, base);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		tmp[0] = '\0';
		goto out;
	}
	if (fchmod(fd, mode) != 0)
		r = -errno;
	if (!r)
		r = atomic_write_all(fd, data, len);
	if (!r && fsync(fd) != 0)
		r = -errno;
	if (close(fd) != 0 && !r)
		r = -errno;
	fd = -1;
	if (!r && check) {
		r = checked_swap(tmp, target, check, ud);
		if (r == 1) { /* renamed: nothing left at tmp */
			tmp[0] = '\0';
			r = 0;
		} else if (r == -EIO) {
			tmp[0] = '\0'; /* another program's file is there: keep */
		} else if (r == 0) {
			unlink(tmp); /* the old diary, swapped out */
			tmp[0] = '\0';
		}
		if (!r)
			r = atomic_fsync_dir(dir);
	} else if (!r) {
		if (rename(tmp, target) != 0)
			r = -errno;
		if (!r) {
			tmp[0] = '\0';
			r = atomic_fsync_dir(dir);
		}
	}
out:
	if (fd >= 0)
		close(fd);
	if (tmp && tmp[0])
		unlink(tmp);
	free(tmp);
	free(dir);
	return r;
}

int atomic_write(const char *path, const void *data, size_t len, mode_t mode)
{
	char *target = atomic_target(path);
	if (!target)
		return -ENOMEM;
	int r = atomic_write_target(target, data, len, mode);
	free(target);
	return r;
}
