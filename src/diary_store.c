/* diary_store.c — the diary's file: paths, identity, locks, the torn
 * record's side file, load, append, atomic rewrite, and the public write
 * calls (add, update, delete). Bytes come in through store_read_bytes and
 * a whole file goes out through store_write_bytes only (diary_impl.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "diary.h"
#include "diary_impl.h"
#include "i18n.h"
#include "paths.h"

/* --- files: paths, identity, locks --------------------------------------- */

static char *concat(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = malloc(la + lb + lc + 1);
	if (!s)
		return NULL;
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc + 1);
	return s;
}

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return N_("a directory");
	if (S_ISFIFO(m))
		return N_("a FIFO");
	if (S_ISCHR(m) || S_ISBLK(m))
		return N_("a device");
	if (S_ISSOCK(m))
		return N_("a socket");
	return N_("not a regular file");
}

static void fid_from(struct diary_fileid *f, const struct stat *st)
{
	f->exists = 1;
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->size = st->st_size;
	f->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
	f->ctime_ns = (long long)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
}

/* Whether a file found at the diary's place may be used as the diary: 0,
 * or -EISDIR / -EINVAL for what is not a regular file, -EPERM for a file
 * owned by another user. (Faults suite: such a diary is refused; even root
 * must not take it over, as a rewrite would hand the owner a file of
 * root's that they can no longer open.) */
static int usable(const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		return S_ISDIR(st->st_mode) ? -EISDIR : -EINVAL;
	if (st->st_uid != geteuid())
		return -EPERM;
	return 0;
}

/* 0 (f->exists 0 if there is no file), or -errno; a file that cannot be
 * the diary (see usable) gives its error, and *st tells what it is (its
 * st_mode is 0 when nothing could be looked at). */
static int fid_stat(const char *target, struct diary_fileid *f, struct stat *st)
{
	memset(f, 0, sizeof *f);
	st->st_mode = 0;
	if (stat(target, st) != 0) {
		int e = errno;
		st->st_mode = 0;
		return e == ENOENT ? 0 : -e;
	}
	int r = usable(st);
	if (r < 0)
		return r;
	fid_from(f, st);
	return 0;
}

static int fid_same(const struct diary_fileid *a, const struct diary_fileid *b)
{
	if (a->exists != b->exists)
		return 0;
	return !a->exists || (a->dev == b->dev && a->ino == b->ino &&
			      a->size == b->size && a->mtime_ns == b->mtime_ns &&
			      a->ctime_ns == b->ctime_ns);
}

static void err_not_file(struct diags *dg, const char *path, const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		diags_add(dg, DIAG_ERROR, path, 0, 0,
			  _("belongs to another user (uid %u), not to you: refused, nothing written"),
			  (unsigned)st->st_uid);
	else
		diags_add(dg, DIAG_ERROR, path, 0, 0,
			  _("is %s, not a diary file: refused, nothing written"),
			  _(kind_of(st->st_mode)));
}

/* The error of fid_stat said in words: what is there, or why it could
 * not be looked at. */
static void err_stat(struct diags *dg, const char *path, int r, const struct stat *st)
{
	if (st->st_mode)
		err_not_file(dg, path, st);
	else
		diags_add(dg, DIAG_ERROR, path, 0, 0, _("cannot read the diary: %s"),
			  strerror(-r));
}

/* The lock lives beside the target ("<target>.lock") and not on the diary
 * itself: a rewrite replaces the diary's inode, and a lock on the old one
 * would let the next writer in on a stale file. Returns the fd, -1 if no
 * lock could be had (reading goes on without), or -errno when create. */
static int lock_take(const char *target, int exclusive)
{
	char *lp = concat(target, ".lock", "");
	int fd;

	if (!lp)
		return -ENOMEM;
	fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	/* The umask filters the mode: under umask 0277 a new lock would be
	 * 0400, and the next writer could not open it (faults suite). */
	if (fd >= 0)
		(void)fchmod(fd, 0600); /* fails harmlessly on someone else's */
	if (fd < 0 && !exclusive)
		fd = open(lp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	int err = errno;
	free(lp);
	if (fd < 0)
		return exclusive ? -err : -1;
	while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0) {
		if (errno == EINTR)
			continue;
		err = errno;
		close(fd);
		return exclusive ? -err : -1;
	}
	return fd;
}

static void state_save(int lock, const struct diary *d);

void store_end_write(struct diary *d, int fd)
{
	if (d)
		state_save(fd, d);
	if (fd >= 0)
		close(fd); /* closing releases the flock */
}

/* --- the torn record's side file ---------------------------------------- */

static int same_content(const char *path, const char *p, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	int same = 0;
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == n) {
		char *b = malloc(n + 1);
		if (b && pread(fd, b, n, 0) == (ssize_t)n && !memcmp(b, p, n))
			same = 1;
		free(b);
	}
	close(fd);
	return same;
}

/* Copies the torn bytes to "<target>.torn-YYYYMMDDTHHMMSS" (the time the
 * diary was last written, so loading the same torn file again finds the
 * copy it made before instead of making another). */
static int save_torn(const char *target, const char *p, size_t n,
		     long long mtime_ns, char *out, size_t outsize)
{
	time_t mt = (time_t)(mtime_ns / 1000000000LL);
	struct tm tm;
	char stamp[32];

	localtime_r(&mt, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(out, outsize, "%s.torn-%s", target, stamp);
		else
			snprintf(out, outsize, "%s.torn-%s-%d", target, stamp, i);
		if (same_content(out, p, n))
			return 0;
		int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			if (errno == EEXIST)
				continue;
			return -errno;
		}
		int r = fchmod(fd, 0600) != 0 ? -errno : 0; /* whatever the umask */
		if (!r)
			r = atomic_write_all(fd, p, n);
		if (!r && fsync(fd) != 0)
			r = -errno;
		if (close(fd) != 0 && !r)
			r = -errno;
		if (r)
			unlink(out);
		return r;
	}
	return -EEXIST;
}

/* --- loading ------------------------------------------------------------- */

int store_read_bytes(int fd, char **out, size_t *len, struct stat *st)
{
	for (int tries = 0; tries < 3; tries++) {
		if (fstat(fd, st) != 0)
			return -errno;
		size_t cap = (size_t)st->st_size + 1, n = 0;
		char *buf = malloc(cap);
		if (!buf)
			return -ENOMEM;
		for (;;) {
			ssize_t r = pread(fd, buf + n, cap - n, (off_t)n);
			if (r < 0) {
				if (errno == EINTR)
					continue;
				int e = -errno;
				free(buf);
				return e;
			}
			if (r == 0)
				break;
			n += (size_t)r;
			if (n == cap)
				break; /* it grew while we read: read again */
		}
		struct stat after;
		if (n < cap && fstat(fd, &after) == 0 &&
		    after.st_size == (off_t)n) {
			*st = after;
			*out = buf;
			*len = n;
			return 0;
		}
		free(buf);
	}
	return -EAGAIN;
}

#define TAIL_READ ((size_t)(1 << 20) + 65536)

int store_src_open(int fd, struct diary_src *src)
{
	memset(src, 0, sizeof *src);
	src->fd = fd;
	if (fstat(fd, &src->st) != 0)
		return -errno;
	src->len = (size_t)src->st.st_size;
	size_t tn = src->len < TAIL_READ ? src->len : TAIL_READ;
	src->tail = malloc(tn + 1);
	if (!src->tail)
		return -ENOMEM;
	size_t off = src->len - tn, got = 0;
	while (got < tn) {
		ssize_t r = pread(fd, src->tail + got, tn - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = r < 0 ? -errno : -EAGAIN; /* it shrank: read again */
			store_src_close(src);
			return e;
		}
		got += (size_t)r;
	}
	if (off > 0) { /* start at a line: the rule looks for line starts */
		char *nl = memchr(src->tail, '\n', tn);
		size_t skip = nl ? (size_t)(nl - src->tail) + 1 : tn;
		memmove(src->tail, src->tail + skip, tn - skip);
		tn -= skip;
	}
	src->tail_len = tn;
	return 0;
}

void store_src_close(struct diary_src *src)
{
	free(src->text);
	free(src->tail);
	src->text = src->tail = NULL;
}

/* Resets d's entries to the file's content; the caller holds a lock (or
 * none could be had). On a broken file d->readonly is set. */
static int load_locked(struct diary *d, struct diags *dg)
{
	struct diary fresh;
	struct stat st;
	int r;

	diary_init(&fresh);
	int fd = open(d->target, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		r = -errno;
		if (r == -ENOENT) {
			r = 0;
			goto swap; /* no file yet: an empty diary */
		}
		diags_add(dg, DIAG_ERROR, d->path, 0, 0, _("cannot read the diary: %s"),
			  strerror(-r));
		d->readonly = 1;
		return r;
	}
	r = 0;
	if (fstat(fd, &st) != 0 || (r = usable(&st)) < 0) {
		if (r == 0) { /* fstat failed */
			r = -errno;
			st.st_mode = 0;
		}
		err_stat(dg, d->path, r, &st);
		close(fd);
		d->readonly = 1;
		return r;
	}
	struct diary_src src;
	struct diags tdg = {0};
	fresh.no_text = d->no_text;
	fresh.sink = d->sink;
	for (int tries = 0; tries < 3; tries++) {
		diags_free(&tdg);
		if (d->sink)
			d->sink->reset(d->sink->ud);
		r = store_src_open(fd, &src);
		if (r < 0)
			break;
		r = diary_yaml_parse_src(&fresh, d->path, &src, &tdg);
		/* A torn tail is only reported here: loading never writes (a
		 * read-only or full disk can still be listed and exported).
		 * The write that repairs it keeps its bytes first. */
		struct stat after;
		int same = fstat(fd, &after) == 0 && after.st_size == src.st.st_size &&
			   after.st_mtim.tv_sec == src.st.st_mtim.tv_sec &&
			   after.st_mtim.tv_nsec == src.st.st_mtim.tv_nsec &&
			   after.st_ino == src.st.st_ino;
		int whole = src.text != NULL;
		st = src.st;
		store_src_close(&src);
		if (same || whole)
			break;
		/* another program wrote while we read: read it again (its
		 * diagnostics too) */
		diary_close(&fresh);
		diary_init(&fresh);
		fresh.no_text = d->no_text;
		fresh.sink = d->sink;
		r = -EAGAIN;
	}
	close(fd);
	diary_diags_take(dg, &tdg);
	if (r == -EAGAIN || (r < 0 && r != -EINVAL)) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0, _("cannot read the diary: %s"),
			  strerror(-r));
		diary_close(&fresh);
		d->readonly = 1;
		return r;
	}
	fid_from(&fresh.fid, &st);
swap:
	free(d->v);
	diary_arena_free(d->arena);
	d->v = fresh.v;
	d->n = fresh.n;
	d->cap = fresh.cap;
	d->arena = fresh.arena;
	d->next_seq = fresh.next_seq; /* what comes next arrives after these */
	d->fid = fresh.fid;
	d->torn_off = fresh.torn_off;
	d->needs_repair = fresh.needs_repair;
	d->append_ok = fresh.append_ok;
	d->readonly = r < 0;
	return r;
}

static int load(struct diary *d, struct diags *dg)
{
	struct diary_fileid f;
	struct stat st;
	int r = fid_stat(d->target, &f, &st);

	if (r < 0) {
		err_stat(dg, d->path, r, &st);
		d->readonly = 1;
		return r;
	}
	int lock = f.exists ? lock_take(d->target, 0) : -1;
	r = load_locked(d, dg);
	store_end_write(NULL, lock); /* a shared lock: no state written */
	return r;
}

/* A path that can only name a folder ("", "dir/", "dir/.", ".."): refused
 * before anything is made, where a save would otherwise create the folder
 * and a ".lock" in it before failing (faults suite). */
static int names_folder(const char *target, const char *path, struct diags *dg)
{
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	if (*base && strcmp(base, ".") && strcmp(base, ".."))
		return 0;
	struct stat st = {.st_mode = S_IFDIR};
	err_not_file(dg, path, &st);
	return -EISDIR;
}

static int open_as(struct diary *d, const char *path, int no_text,
		   const struct diary_sink *sink, struct diags *dg);

int diary_open(struct diary *d, const char *path, struct diags *dg)
{
	return open_as(d, path, 0, NULL, dg);
}

int diary_open_stats(struct diary *d, const char *path, struct diags *dg)
{
	return open_as(d, path, 1, NULL, dg);
}

int store_open_sink(struct diary *d, const char *path,
		    const struct diary_sink *sink, struct diags *dg)
{
	return open_as(d, path, 1, sink, dg);
}

static int open_as(struct diary *d, const char *path, int no_text,
		   const struct diary_sink *sink, struct diags *dg)
{
	diary_init(d);
	d->no_text = no_text;
	d->sink = sink;
	d->path = strdup(path);
	d->target = atomic_target(path);
	if (!d->path || !d->target) {
		d->readonly = 1;
		return -ENOMEM;
	}
	int r = names_folder(d->target, path, dg);
	if (r < 0) {
		d->readonly = 1;
		return r;
	}
	return load(d, dg);
}

int diary_reload_if_changed(struct diary *d, struct diags *dg)
{
	struct diary_fileid f;
	struct stat st;

	if (!d->target)
		return 0;
	if (fid_stat(d->target, &f, &st) == 0 && fid_same(&f, &d->fid))
		return 0;
	int r = load(d, dg);
	return r < 0 ? r : 1;
}

/* --- writing ------------------------------------------------------------- */

static void remove_stale_temps(const char *dir, const char *base);

/* Takes the write lock and brings d up to date with the file. Returns the
 * lock fd or -errno (with a diagnostic). */
int store_begin_write(struct diary *d, struct diags *dg)
{
	if (!d->target) {
		diags_add(dg, DIAG_ERROR, "diary", 0, 0, _("this diary has no file"));
		return -EINVAL;
	}
	if (d->readonly || d->no_text) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("the diary could not be read, so it is read-only: "
			    "nothing was changed"));
		return -EROFS;
	}
	char *dir = atomic_dir_of(d->target);
	if (!dir)
		return -ENOMEM;
	struct stat st;
	int r = 0;
	if (stat(dir, &st) != 0)
		r = paths_mkdirs(dir, 0700);
	if (r < 0) {
		/* Named, with the reason: the folder, not the diary, is what
		 * could not be made (faults suite, unwritable folders). */
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("cannot create the folder %s: %s"), dir, strerror(-r));
		free(dir);
		return r;
	}
	int lock = lock_take(d->target, 1);
	if (lock < 0) {
		/* The lock file is made beside the diary: when that fails
		 * (an unwritable folder) the message says which file. */
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("cannot lock the diary with %s.lock: %s"), d->target,
			  strerror(-lock));
		free(dir);
		return lock;
	}
	/* Here and not in rewrite_locked only: whatever write comes next
	 * after a killed save clears its temporary file, an append too
	 * (faults suite). */
	const char *slash = strrchr(d->target, '/');
	remove_stale_temps(dir, slash ? slash + 1 : d->target);
	free(dir);
	struct diary_fileid f;
	r = fid_stat(d->target, &f, &st);
	if (r < 0) {
		err_stat(dg, d->path, r, &st);
		store_end_write(d, lock);
		return r;
	}
	if (!fid_same(&f, &d->fid)) {
		r = load_locked(d, dg);
		if (r < 0) {
			store_end_write(d, lock);
			return r;
		}
	}
	return lock;
}

/* Temporary files of a rewrite that was killed: only removed under the
 * write lock, when no other writer can be using one. */
static void remove_stale_temps(const char *dir, const char *base)
{
	DIR *dp = opendir(dir);
	struct dirent *de;

	if (!dp)
		return;
	while ((de = readdir(dp)))
		if (atomic_is_temp_of(de->d_name, base))
			unlinkat(dirfd(dp), de->d_name, 0);
	closedir(dp);
}

/* Before a rewrite drops a torn tail: its bytes go to the side file, or
 * the write is refused. The file is the one d was loaded from (the caller
 * holds the write lock and store_begin_write checked its identity). */
static int keep_torn(struct diary *d, struct diags *dg)
{
	char side[PATH_MAX + 64];
	int fd = open(d->target, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	int r = 0;

	side[0] = '\0';
	if (fd < 0 || fstat(fd, &st) != 0) {
		r = -errno;
	} else if (st.st_size < d->torn_off || st.st_size - d->torn_off > (2 << 20)) {
		r = -EAGAIN;
	} else {
		size_t n = (size_t)(st.st_size - d->torn_off);
		char *b = malloc(n + 1);
		if (!b)
			r = -ENOMEM;
		else if (pread(fd, b, n, d->torn_off) != (ssize_t)n)
			r = -EIO;
		else
			r = save_torn(d->target, b, n, d->fid.mtime_ns, side, sizeof side);
		free(b);
		if (!r)
			diags_add(dg, DIAG_WARN, d->path, 0, 0,
				  _("the incomplete entry's %lld bytes are kept in %s; "
				    "the diary is repaired"),
				  (long long)n, side);
	}
	if (fd >= 0)
		close(fd);
	if (r < 0)
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("cannot keep the incomplete last entry in %s: %s; "
			    "nothing was changed"),
			  side[0] ? side : "*.torn-*", strerror(-r));
	return r;
}

/* --- the validated state --------------------------------------------------
 * The lock file holds the identity (device, inode, size, mtime, ctime) of
 * the diary as it was when this program last had it fully loaded without
 * an error, or wrote it. The CLI's add appends without reading the diary
 * only when the file still has exactly that identity; otherwise it loads
 * it whole first (so a diary a full load would refuse is never appended
 * to). Any other program's change, a hand edit included, changes the
 * ctime. Written only under the write lock. */
#define STATE_TAG "backcare-valid 1"

/* One fixed-size record at the start of the lock file, rewritten in
 * place: the lock file never grows or shrinks (a full disk stays as full
 * as it was, faults suite). */
#define STATE_LEN 128

static void state_format(const struct diary_fileid *f, char *buf)
{
	memset(buf, ' ', STATE_LEN);
	int n = f ? snprintf(buf, STATE_LEN, STATE_TAG " %llu %llu %lld %lld %lld",
			     f->dev, f->ino, f->size, f->mtime_ns, f->ctime_ns)
		  : snprintf(buf, STATE_LEN, "backcare-unknown");
	if (n >= 0 && n < STATE_LEN)
		buf[n] = ' ';
	buf[STATE_LEN - 1] = '\n';
}

static void state_save(int lock, const struct diary *d)
{
	char buf[STATE_LEN];
	if (lock < 0)
		return;
	int valid = !d->readonly && !d->needs_repair && d->append_ok &&
		    !d->whole_only && d->fid.exists == 1;
	state_format(valid ? &d->fid : NULL, buf);
	if (pwrite(lock, buf, STATE_LEN, 0) != STATE_LEN) {
		state_format(NULL, buf);
		(void)!pwrite(lock, buf, sizeof STATE_TAG, 0);
	}
}

static int state_matches(int lock, const struct diary_fileid *f)
{
	char want[STATE_LEN], have[STATE_LEN];
	if (f->exists != 1)
		return 0;
	state_format(f, want);
	return pread(lock, have, STATE_LEN, 0) == STATE_LEN &&
	       !memcmp(have, want, STATE_LEN);
}

int store_write_bytes(struct diary *d, const char *data, size_t len)
{
	return atomic_write_target(d->target, data, len, 0600);
}

/* Writes entries pv[0..n) as the whole diary through store_write_bytes. */
int store_rewrite(struct diary *d, const struct diary_entry *const *pv, int n,
		  struct diags *dg)
{
	struct buf b = {0};
	int r;

	if (d->needs_repair && d->torn_off >= 0 && (r = keep_torn(d, dg)) < 0)
		return r;
	diary_yaml_write(&b, d, pv, n);
	r = b.oom ? -ENOMEM : store_write_bytes(d, b.p, b.n);
	free(b.p);
	if (r == 0) {
		struct stat st;
		fid_stat(d->target, &d->fid, &st);
		d->needs_repair = 0;
		d->torn_off = -1;
		d->append_ok = 1;
	} else {
		d->fid.exists = -1; /* not sure what is there: reload next */
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("cannot save the diary: %s (the file is as it was)"),
			  strerror(-r));
	}
	return r;
}

static int ptr_cmp(const void *a, const void *b)
{
	return diary_entry_cmp(*(const struct diary_entry *const *)a,
			 *(const struct diary_entry *const *)b);
}

/* The diary's entries plus extra[0..nextra), skipping index skip, sorted. */
const struct diary_entry **store_gather(const struct diary *d, int skip,
					 const struct diary_entry *extra,
					 int nextra, int *n)
{
	const struct diary_entry **pv = malloc(((size_t)d->n + (size_t)nextra + 1) * sizeof *pv);
	int k = 0;
	if (!pv)
		return NULL;
	for (int i = 0; i < d->n; i++)
		if (i != skip)
			pv[k++] = &d->v[i];
	for (int i = 0; i < nextra; i++)
		pv[k++] = &extra[i];
	qsort(pv, (size_t)k, sizeof *pv, ptr_cmp);
	*n = k;
	return pv;
}

/* Appends one record (its marker line and the record, one write, fsync,
 * then "open" turned "done"), or rewrites the whole file when it is new,
 * torn, encrypted or laid out so that a record cannot go at its end. */
static int append_locked(struct diary *d, const struct diary_entry *e,
			 struct diags *dg)
{
	if (d->fid.exists != 1 || !d->append_ok || d->needs_repair ||
	    !d->fid.size || d->whole_only) {
		int n;
		const struct diary_entry **pv = store_gather(d, -1, e, 1, &n);
		if (!pv)
			return -ENOMEM;
		int r = store_rewrite(d, pv, n, dg);
		free(pv);
		return r;
	}
	struct buf b = {0};
	struct stat st;
	size_t flip = 0;
	int r = 0;
	diary_yaml_append_record(&b, e, &flip);
	if (b.oom) {
		free(b.p);
		return -ENOMEM;
	}
	int fd = open(d->target, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		r = -errno;
	} else if (fstat(fd, &st) != 0) {
		r = -errno;
	} else if (!S_ISREG(st.st_mode) || st.st_ino != d->fid.ino ||
		   st.st_size != d->fid.size) {
		r = -EAGAIN; /* cannot happen under the lock, but never guess */
	} else if ((st.st_mode & 07777) != 0600 && fchmod(fd, 0600) != 0) {
		r = -errno; /* every save leaves the diary 0600 */
	} else if (lseek(fd, st.st_size, SEEK_SET) != st.st_size) {
		r = -errno;
	} else if ((r = atomic_write_all(fd, b.p, b.n)) < 0) {
		/* A short write (disk full): take the partial record back. */
		if (ftruncate(fd, st.st_size) != 0)
			d->fid.exists = -1; /* reload (and repair) next time */
	} else if (fsync(fd) != 0) {
		r = -errno;
	} else {
		/* On disk: the record is no longer one being written. */
		(void)!pwrite(fd, "done", 4, st.st_size + (off_t)flip);
		if (fstat(fd, &st) == 0)
			fid_from(&d->fid, &st);
		else
			d->fid.exists = -1;
	}
	if (fd >= 0)
		close(fd);
	free(b.p);
	if (r < 0)
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("cannot add to the diary: %s"), strerror(-r));
	return r;
}

/* In memory after a successful save; the file already has it. */
static int remember(struct diary *d, const struct diary_entry *e)
{
	int r = diary_push(d, e);
	if (r < 0) {
		d->fid.exists = -1; /* memory is behind the file: reload */
		return r;
	}
	if (d->n > 1 && diary_entry_cmp(&d->v[d->n - 2], &d->v[d->n - 1]) > 0)
		diary_sort(d);
	return 0;
}

static int add_locked(struct diary *d, struct diary_entry *e, int own_id,
		      struct diags *dg)
{
	while (diary_find(d, e->id) >= 0) {
		if (own_id) {
			diags_add(dg, DIAG_ERROR, d->path, 0, 0,
				  _("an entry with id %s is already there"), e->id);
			return -EEXIST;
		}
		diary_new_id(e);
	}
	e->seq = d->next_seq; /* last among equals, in the file as in memory */
	int r = append_locked(d, e, dg);
	return r < 0 ? r : remember(d, e);
}

int diary_add(struct diary *d, struct diary_entry *e, struct diags *dg)
{
	int own_id = e->id[0] != '\0';
	int r = diary_check_entry(d, e, dg);
	if (r < 0)
		return r;
	if (!own_id)
		diary_new_id(e);
	int lock = store_begin_write(d, dg);
	if (lock < 0)
		return lock;
	r = add_locked(d, e, own_id, dg);
	store_end_write(d, lock);
	return r;
}

int diary_append_file(const char *path, struct diary_entry *e,
		      struct diags *dg)
{
	struct diary d;
	int r;

	diary_init(&d);
	d.path = strdup(path);
	d.target = atomic_target(path);
	if (!d.path || !d.target) {
		diary_close(&d);
		return -ENOMEM;
	}
	if ((r = names_folder(d.target, path, dg)) < 0 ||
	    (r = diary_check_entry(&d, e, dg)) < 0) {
		diary_close(&d);
		return r;
	}
	int own_id = e->id[0] != '\0';
	if (!own_id)
		diary_new_id(e);
	/* begin_write on a never-loaded d sees "changed" only if a file
	 * exists; load it lazily below instead of here. */
	struct diary_fileid f;
	struct stat st;
	r = fid_stat(d.target, &f, &st);
	if (r < 0) {
		err_stat(dg, path, r, &st);
		diary_close(&d);
		return r;
	}
	d.fid = f; /* begin_write must not load it yet */
	int lock = store_begin_write(&d, dg);
	if (lock < 0) {
		diary_close(&d);
		return lock;
	}
	if (!own_id && d.fid.size > 0 && d.n == 0 && state_matches(lock, &d.fid)) {
		/* The file is byte for byte one a full load accepted (or this
		 * program wrote after one): append without reading it. */
		d.append_ok = 1;
		r = append_locked(&d, e, dg);
	} else {
		r = load_locked(&d, dg);
		if (r >= 0)
			r = add_locked(&d, e, own_id, dg);
		else if (r != -ENOMEM)
			diags_add(dg, DIAG_ERROR, path, 0, 0,
				  _("the diary could not be read, so it is read-only: "
				    "nothing was changed"));
	}
	store_end_write(&d, lock);
	diary_close(&d);
	return r;
}

/* The entry with id under the write lock, or -ENOENT / -ESTALE (it is no
 * longer what expected describes) with a diagnostic. */
static int find_expected(struct diary *d, const char *id,
			 const struct diary_entry *expected, struct diags *dg)
{
	int k = diary_find(d, id);
	if (k < 0) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("no entry with id %s (was it deleted meanwhile?)"), id);
		return -ENOENT;
	}
	if (expected && !diary_entry_same(&d->v[k], expected)) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("the entry %s was changed meanwhile: nothing was done"), id);
		return -ESTALE;
	}
	return k;
}

int diary_update_if(struct diary *d, const struct diary_entry *expected,
		    const struct diary_entry *e, struct diags *dg)
{
	int r = diary_check_entry(d, e, dg);
	if (r < 0)
		return r;
	if (!e->id[0]) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0, _("the entry has no id"));
		return -EINVAL;
	}
	int lock = store_begin_write(d, dg);
	if (lock < 0)
		return lock;
	int k = find_expected(d, e->id, expected, dg);
	if (k < 0) {
		store_end_write(d, lock);
		return k;
	}
	int n;
	struct diary_entry u = *e;
	u.seq = d->v[k].seq; /* the same entry: its place among equals */
	u.line = d->v[k].line;
	const struct diary_entry **pv = store_gather(d, k, &u, 1, &n);
	r = pv ? store_rewrite(d, pv, n, dg) : -ENOMEM;
	free(pv);
	store_end_write(d, lock);
	if (r < 0)
		return r;
	struct diary_entry c = u;
	if (diary_own_strings(d, &c) < 0) {
		d->fid.exists = -1;
		return -ENOMEM;
	}
	d->v[k] = c;
	diary_sort(d);
	return 0;
}

int diary_update(struct diary *d, const struct diary_entry *e,
		 struct diags *dg)
{
	return diary_update_if(d, NULL, e, dg);
}

int diary_delete_if(struct diary *d, const char *id,
		    const struct diary_entry *expected, struct diags *dg)
{
	int lock = store_begin_write(d, dg);
	if (lock < 0)
		return lock;
	int k = find_expected(d, id, expected, dg);
	if (k < 0) {
		store_end_write(d, lock);
		return k;
	}
	int n, r;
	const struct diary_entry **pv = store_gather(d, k, NULL, 0, &n);
	r = pv ? store_rewrite(d, pv, n, dg) : -ENOMEM;
	free(pv);
	store_end_write(d, lock);
	if (r < 0)
		return r;
	memmove(&d->v[k], &d->v[k + 1], (size_t)(d->n - k - 1) * sizeof *d->v);
	d->n--;
	return 0;
}

int diary_delete(struct diary *d, const char *id, struct diags *dg)
{
	return diary_delete_if(d, id, NULL, dg);
}
