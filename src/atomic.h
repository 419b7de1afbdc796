/* atomic.h — saving a whole file so that a crash leaves either the old or
 * the new content, never a mix: the one writer the diary, the config and
 * exports share.
 *
 * atomic_write(path, ...) follows symlinks first (the link is kept and the
 * file it points to is replaced), writes a temporary file ".<name>.tmp-XXXXXX"
 * beside that target, sets its mode (whatever the umask), fsyncs it,
 * renames it over the target and fsyncs the folder. On any error the
 * temporary file is removed and the target is as it was.
 *
 * Errors are a negative errno; a write that fails for a full disk gives
 * -ENOSPC (never -EIO for a short write), so a message can say "No space
 * left on device". Nothing here prints. */
#ifndef BACKCARE_ATOMIC_H
#define BACKCARE_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/* The file a path names once symlinks are followed (it need not exist: a
 * link may dangle until the first save). Malloc'd; NULL when out of
 * memory. A loop of links is returned as is (opening it gives ELOOP). */
char *atomic_target(const char *path);

/* The folder part of a path ("." when none); malloc'd. */
char *atomic_dir_of(const char *path);

/* Writes data[0..len) as the whole content of the file path names (see
 * above), leaving it with the given mode. Returns 0 or -errno. */
int atomic_write(const char *path, const void *data, size_t len, mode_t mode);

/* The same with the target already resolved (atomic_target). */
int atomic_write_target(const char *target, const void *data, size_t len, mode_t mode);

/* The checked writer (the diary's saves, plain and sealed): the same,
 * never undoing another program's save it has not seen. check(ud, path,
 * swapped) says whether path names the file the caller loaded (0) or not
 * (a negative errno, -EAGAIN): called on the target right before the
 * swap (swapped 0), then (B1) the new file and the target are exchanged
 * atomically (renameat2 RENAME_EXCHANGE) and check is called on what was
 * swapped out, now at the temporary name (swapped 1: its ctime changed
 * with the exchange, compare the rest). If that is not the loaded file
 * (an editor's save landed between the check and the swap), the two are
 * exchanged back and check's error returned: the target is as that
 * program left it. Where the exchange is not supported (EINVAL, ENOSYS)
 * it is a plain rename after the first check; with no target yet, a
 * rename that never replaces (RENAME_NOREPLACE). */
int atomic_write_target_check(const char *target, const void *data, size_t len, mode_t mode,
                              int (*check)(void *ud, const char *path, int swapped), void *ud);

/* write() until done; -errno on error, -ENOSPC when write returns 0. */
int atomic_write_all(int fd, const void *p, size_t n);

/* fsync of a folder (EINVAL from file systems that cannot is success). */
int atomic_fsync_dir(const char *dir);

/* Whether name is a temporary file atomic_write makes for base. */
int atomic_is_temp_of(const char *name, const char *base);

#endif
