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
#include "seal.h"

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
	return !a->exists || (a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	                      a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns);
}

static void err_not_file(struct diags *dg, const char *path, const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		diags_add(
		    dg, DIAG_ERROR, path, 0, 0,
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
		diags_add(dg, DIAG_ERROR, path, 0, 0, _("cannot read the diary: %s"), strerror(-r));
}

/* The lock lives beside the target ("<target>.lock") and not on the diary
 * itself: a rewrite replaces the diary's inode, and a lock on the old one
 * would let the next writer in on a stale file. Returns the fd, -1 if no
 * lock could be had (reading goes on without), or -errno when create.
 * -ENOTUNIQ: "<target>.lock" is a file of someone else's (A10: a second
 * diary named "a.lock" beside "a", another tool's file): it is never
 * written to, chmod-ed or taken over. */
#define STATE_LEN 128 /* the lock file's one record (see state_save) */
static int lock_is_ours(int fd);
static void state_mark_new(int fd);

static int lock_take(const char *target, int exclusive)
{
	char *lp = concat(target, ".lock", "");
	int fd;

	if (!lp)
		return -ENOMEM;
	fd = open(lp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		/* Made here: ours. The umask filters the mode: under umask
		 * 0277 a new lock would be 0400, and the next writer could
		 * not open it (faults suite). Its record says it is a lock. */
		(void)fchmod(fd, 0600);
		state_mark_new(fd);
	} else if (errno == EEXIST) {
		fd = open(lp, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		if (fd < 0 && !exclusive)
			fd = open(lp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		if (fd >= 0 && !lock_is_ours(fd)) {
			close(fd);
			free(lp);
			return exclusive ? -ENOTUNIQ : -1;
		}
	}
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
 * copy it made before instead of making another). kind "comments": the
 * whole file before a rewrite that drops the person's comments (A4). */
static int save_side(const char *target, const char *kind, const char *p, size_t n,
                     long long mtime_ns, char *out, size_t outsize)
{
	time_t mt = (time_t)(mtime_ns / 1000000000LL);
	struct tm tm;
	char stamp[32];

	localtime_r(&mt, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(out, outsize, "%s.%s-%s", target, kind, stamp);
		else
			snprintf(out, outsize, "%s.%s-%s-%d", target, kind, stamp, i);
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
		if (n < cap && fstat(fd, &after) == 0 && after.st_size == (off_t)n) {
			*st = after;
			*out = buf;
			*len = n;
			return 0;
		}
		free(buf);
	}
	return -EAGAIN;
}

/* The error of a sealed file as an errno: a wrong passphrase is -EACCES,
 * running out of memory -ENOMEM, anything else (truncated, changed, an
 * unknown version) -EBADMSG. */
static int seal_errno(int e)
{
	return e == SEAL_E_PASSPHRASE ? -EACCES : e == SEAL_E_NOMEM ? -ENOMEM : -EBADMSG;
}

static int open_sealed(struct diary *d, const char *buf, size_t len, char **plain, size_t *plen,
                       struct diags *dg)
{
	if (!d->key) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
		          _("the diary is encrypted and no passphrase was given: "
		            "nothing was read or changed"));
		return -EACCES;
	}
	int r = seal_open(d->key, SEAL_KIND_DIARY, buf, len, plain, plen);
	if (r < 0) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0, _("%s; nothing was changed"),
		          _(seal_strerror(r)));
		return seal_errno(r);
	}
	return 0;
}

/* store_src_open for a diary that may be encrypted: a sealed file is read
 * whole (store_read_bytes), decrypted in memory with d->key, and handed to
 * the parser as text (src->sealed: wiped when closed). */
static int src_open(struct diary *d, int fd, struct diary_src *src, struct diags *dg)
{
	char head[8];
	if (pread(fd, head, sizeof head, 0) != (ssize_t)sizeof head ||
	    !seal_is_sealed(head, sizeof head))
		return store_src_open(fd, src);
	memset(src, 0, sizeof *src);
	src->fd = fd;
	char *buf;
	size_t len;
	int r = store_read_bytes(fd, &buf, &len, &src->st);
	if (r < 0)
		return r;
	r = open_sealed(d, buf, len, &src->text, &src->len, dg);
	free(buf);
	src->sealed = r == 0;
	return r;
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
	if (src->sealed)
		seal_free_plain(src->text, src->len); /* wipes it */
	else
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
		r = src_open(d, fd, &src, dg);
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
		fresh.sealed = src.sealed;
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
	if (r == 0 && fresh.sealed && fresh.torn_off >= 0) {
		/* Our whole, authenticated writes leave no torn record: one in
		 * a sealed diary is an error, never set aside (in the clear). */
		diags_add(
		    dg, DIAG_ERROR, d->path, 0, 0, "%s",
		    _("the encrypted diary holds an incomplete entry; it is opened read-only"));
		r = -EINVAL;
	}
	if (r == -EACCES || r == -EBADMSG) { /* src_open said which */
		diary_close(&fresh);
		d->readonly = 1;
		return r;
	}
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
	free(d->ck);
	diary_arena_free(d->arena);
	d->v = fresh.v;
	d->n = fresh.n;
	d->cap = fresh.cap;
	d->ck = fresh.ck;
	d->nck = fresh.nck;
	d->capck = fresh.capck;
	d->arena = fresh.arena;
	d->next_seq = fresh.next_seq; /* what comes next arrives after these */
	d->fid = fresh.fid;
	d->torn_off = fresh.torn_off;
	d->needs_repair = fresh.needs_repair;
	d->append_ok = fresh.append_ok;
	d->sealed = fresh.sealed;
	d->whole_only = fresh.sealed;
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

static int open_as(struct diary *d, const char *path, int no_text, const struct diary_sink *sink,
                   struct seal_key *key, struct diags *dg);
static void remove_stale_temps(const char *dir, const char *base);

/* C6: a sealed diary's temporaries (after a killed decrypt, the diary in
 * the clear) are removed when it is opened, if the write lock can be had
 * without waiting: a reader never waits for a writer, and a writer that
 * holds the lock may be using its temporary (it removes stale ones
 * itself when it takes the lock). No lock file yet: no write ever ran
 * here, so none can be stale. */
static void clean_temps_if_free(const char *target)
{
	char *lp = concat(target, ".lock", "");
	int fd = lp ? open(lp, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) : -1;
	free(lp);
	if (fd < 0)
		return;
	if (lock_is_ours(fd) && flock(fd, LOCK_EX | LOCK_NB) == 0) {
		char *dir = atomic_dir_of(target);
		const char *slash = strrchr(target, '/');
		if (dir)
			remove_stale_temps(dir, slash ? slash + 1 : target);
		free(dir);
	}
	close(fd);
}

int diary_open(struct diary *d, const char *path, struct diags *dg)
{
	return open_as(d, path, 0, NULL, NULL, dg);
}

int diary_open_stats(struct diary *d, const char *path, struct diags *dg)
{
	return open_as(d, path, 1, NULL, NULL, dg);
}

int diary_open_key(struct diary *d, const char *path, struct seal_key *key, struct diags *dg)
{
	return open_as(d, path, 0, NULL, key, dg);
}

int diary_open_stats_key(struct diary *d, const char *path, struct seal_key *key, struct diags *dg)
{
	return open_as(d, path, 1, NULL, key, dg);
}

int store_open_sink(struct diary *d, const char *path, const struct diary_sink *sink,
                    struct seal_key *key, struct diags *dg)
{
	return open_as(d, path, 1, sink, key, dg);
}

static int open_as(struct diary *d, const char *path, int no_text, const struct diary_sink *sink,
                   struct seal_key *key, struct diags *dg)
{
	diary_init(d);
	d->no_text = no_text;
	d->sink = sink;
	d->key = key;
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
	r = load(d, dg);
	if (r >= 0 && d->sealed && d->key)
		clean_temps_if_free(d->target);
	return r;
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
	else if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
		/* A13: anyone could rename the diary away or remove it */
		diags_add(dg, DIAG_WARN, d->path, 0, 0,
		          _("the folder %s can be changed by every user of this computer "
		            "(mode %o): anyone could replace or remove the diary; "
		            "'chmod 700' it"),
		          dir, (unsigned)(st.st_mode & 07777));
	if (r < 0) {
		/* Named, with the reason: the folder, not the diary, is what
		 * could not be made (faults suite, unwritable folders). */
		diags_add(dg, DIAG_ERROR, d->path, 0, 0, _("cannot create the folder %s: %s"), dir,
		          strerror(-r));
		free(dir);
		return r;
	}
	int lock = lock_take(d->target, 1);
	if (lock == -ENOTUNIQ) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
		          _("%s.lock is not backcare's lock file (it holds something "
		            "else, perhaps another diary): it is left as it is and "
		            "nothing was written; move it away or use another diary name"),
		          d->target);
		free(dir);
		return lock;
	}
	if (lock < 0) {
		/* The lock file is made beside the diary: when that fails
		 * (an unwritable folder) the message says which file. */
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
		          _("cannot lock the diary with %s.lock: %s"), d->target, strerror(-lock));
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

int diary_clean_temps(struct diary *d, struct diags *dg)
{
	int lock = store_begin_write(d, dg); /* removes them, under the lock */
	if (lock < 0)
		return lock;
	store_end_write(d, lock);
	return 0;
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
			r = save_side(d->target, "torn", b, n, d->fid.mtime_ns, side, sizeof side);
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

/* Tests only: called at the named points of a save (NULL in the program),
 * so a unit test can play the editor that writes in between. */
void (*store_test_hook)(const char *where, const char *target);

static void test_hook(const char *where, const char *target)
{
	if (store_test_hook)
		store_test_hook(where, target);
}

/* A4: a whole save writes the entries and check-ins, not the comments a
 * person wrote in the file. Before one drops them, the file as it was is
 * kept beside it ("<diary>.comments-<time>", 0600) and the person is
 * told; with no comment in the file nothing is made. The file is the one
 * d was loaded from (under the write lock). Encrypted: never scanned. */
static int keep_comments(struct diary *d, struct diags *dg)
{
	if (d->fid.exists != 1 || d->whole_only)
		return 0;
	int fd = open(d->target, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	char *b = NULL, side[PATH_MAX + 64];
	size_t n = 0;
	struct stat st;
	if (fd < 0)
		return 0; /* nothing there to keep: the write says why */
	int r = store_read_bytes(fd, &b, &n, &st);
	close(fd);
	if (r == 0 && diary_yaml_has_comments(b, n)) {
		r = save_side(d->target, "comments", b, n, d->fid.mtime_ns, side, sizeof side);
		if (r == 0)
			diags_add(dg, DIAG_WARN, d->path, 0, 0,
			          _("the comments written in the diary are not kept by a "
			            "save; the diary as it was, with them, is kept in %s"),
			          side);
		else
			diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			          _("cannot keep a copy of the diary with its comments: "
			            "%s; nothing was changed"),
			          strerror(-r));
	}
	free(b);
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
#define STATE_TAG "backcare-valid 2" /* 2: hex, with the sample hash */

/* One fixed-size record at the start of the lock file (STATE_LEN bytes,
 * defined above lock_take), rewritten in place: the lock file never grows
 * or shrinks (a full disk stays as full as it was, faults suite). */

/* A1/A16: the stat tuple alone is not enough. On a file system with
 * whole-second times a same-size edit in the same second keeps it, so the
 * record also holds a hash of the file's first and last SAMPLE bytes
 * (where a hand edit after the last save, or a "..." end marker, would
 * be), and times without a sub-second part are not trusted at all. */
#define SAMPLE 4096

/* FNV-1a over the first and last SAMPLE bytes of the open file, which
 * must be of size size: 0 and *h, or -1. */
static int sample_hash(int fd, long long size, unsigned long long *h)
{
	char b[SAMPLE];
	unsigned long long x = 1469598103934665603ULL;
	long long at[2] = {0, size > SAMPLE ? size - SAMPLE : 0};
	for (int k = 0; k < 2; k++) {
		size_t n = (size_t)(size < SAMPLE ? size : SAMPLE);
		if (pread(fd, b, n, at[k]) != (ssize_t)n)
			return -1;
		for (size_t i = 0; i < n; i++)
			x = (x ^ (unsigned char)b[i]) * 1099511628211ULL;
	}
	*h = x;
	return 0;
}

/* The hash of the diary's file if it still is f (same identity) and its
 * times say when within the second it was written: 0, or -1. */
static int file_sample(const char *target, const struct diary_fileid *f, unsigned long long *h)
{
	if (f->mtime_ns % 1000000000LL == 0 && f->ctime_ns % 1000000000LL == 0)
		return -1; /* whole-second times: an edit could hide (A16) */
	int fd = open(target, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	struct diary_fileid now;
	int r = -1;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		fid_from(&now, &st);
		if (fid_same(&now, f))
			r = sample_hash(fd, f->size, h);
	}
	close(fd);
	return r;
}

static void state_format(const struct diary_fileid *f, unsigned long long h, char *buf)
{
	memset(buf, ' ', STATE_LEN);
	int n = f ? snprintf(buf, STATE_LEN, STATE_TAG " %llx %llx %llx %llx %llx %llx", f->dev,
	                     f->ino, (unsigned long long)f->size, (unsigned long long)f->mtime_ns,
	                     (unsigned long long)f->ctime_ns, h)
	          : snprintf(buf, STATE_LEN, "backcare-unknown");
	if (n >= 0 && n < STATE_LEN)
		buf[n] = ' ';
	buf[STATE_LEN - 1] = '\n';
}

static void state_save(int lock, const struct diary *d)
{
	char buf[STATE_LEN];
	unsigned long long h = 0;
	if (lock < 0)
		return;
	int valid = !d->readonly && !d->needs_repair && d->append_ok && !d->whole_only &&
	            d->fid.exists == 1 && file_sample(d->target, &d->fid, &h) == 0;
	state_format(valid ? &d->fid : NULL, h, buf);
	if (pwrite(lock, buf, STATE_LEN, 0) != STATE_LEN) {
		state_format(NULL, 0, buf);
		(void)!pwrite(lock, buf, sizeof STATE_TAG, 0);
	}
}

/* A10: a lock file is recognised by its content: empty (another copy has
 * just made it and not yet written its record), or one record that starts
 * "backcare-" ("backcare-valid ..." or "backcare-unknown"). Anything else
 * is not ours. */
static int lock_is_ours(int fd)
{
	struct stat st;
	char head[10];
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	if (st.st_size == 0)
		return 1;
	return st.st_size == STATE_LEN && pread(fd, head, 9, 0) == 9 &&
	       !memcmp(head, "backcare-", 9);
}

/* A new lock file's first record: "not validated" (and "a lock"). */
static void state_mark_new(int fd)
{
	char buf[STATE_LEN];
	state_format(NULL, 0, buf);
	(void)!pwrite(fd, buf, STATE_LEN, 0);
}

static int state_matches(int lock, const char *target, const struct diary_fileid *f)
{
	char want[STATE_LEN], have[STATE_LEN];
	unsigned long long h;
	if (f->exists != 1 || file_sample(target, f, &h) < 0)
		return 0;
	state_format(f, h, want);
	return pread(lock, have, STATE_LEN, 0) == STATE_LEN && !memcmp(have, want, STATE_LEN);
}

/* A7, B1: the checked writer's look (atomic.h): right before the swap,
 * the path must still name the file d was loaded from (or still none);
 * right after it, what was swapped out must be that file (its ctime is
 * the exchange's). An editor's or a sync client's save in between would
 * otherwise be undone by a file it never saw. */
static int still_loaded_file(void *ud, const char *path, int swapped)
{
	const struct diary *d = ud;
	struct diary_fileid f;
	struct stat st;
	if (!swapped)
		test_hook("rename", d->target);
	if (d->fid.exists < 0)
		return 0; /* unknown (after a failed write): nothing to compare */
	int r = fid_stat(path, &f, &st);
	if (r < 0)
		return r;
	if (swapped) {
		if (d->fid.exists != 1)
			return -EAGAIN; /* there was none: one was made meanwhile */
		f.ctime_ns = d->fid.ctime_ns;
	}
	r = fid_same(&f, &d->fid) ? 0 : -EAGAIN;
	if (!r && !swapped)
		test_hook("swap", d->target); /* after the last look */
	return r;
}

/* A sealed diary is sealed whole here, with a fresh stream header each
 * time, and goes out through the same atomic rewrite, which checks first
 * that the path still names the file d was loaded from. */
int store_write_bytes(struct diary *d, const char *data, size_t len)
{
	if (!d->sealed)
		return atomic_write_target_check(d->target, data, len, 0600, still_loaded_file, d);
	if (!d->key)
		return -EACCES;
	unsigned char *c;
	size_t clen;
	if (seal_seal(d->key, SEAL_KIND_DIARY, data, len, &c, &clen) < 0)
		return -ENOMEM;
	int r = atomic_write_target_check(d->target, c, clen, 0600, still_loaded_file, d);
	free(c);
	return r;
}

/* B3: whether the whole file about to be written loads back as exactly
 * the entries pv[0..n) (ids, pain, med, note): a save that a full load
 * would refuse, or read differently, is never written (nor recorded as
 * validated for the fast append). */
static int id_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct diary_entry *const *)a)->id,
	              (*(const struct diary_entry *const *)b)->id);
}

static int reads_back(const struct buf *b, const struct diary_entry *const *pv, int n)
{
	struct diary t;
	struct diags dg = {0};
	diary_init(&t);
	int ok = diary_yaml_parse(&t, "check", b->p, b->n, &dg, 0) == 0 && t.n == n;
	const struct diary_entry **x = ok ? malloc(2 * ((size_t)n + 1) * sizeof *x) : NULL;
	if (ok && !x)
		ok = -1; /* no memory to check: the save fails (ENOMEM) */
	if (ok == 1) {
		const struct diary_entry **y = x + n + 1;
		for (int i = 0; i < n; i++)
			x[i] = &t.v[i], y[i] = pv[i];
		qsort(x, (size_t)n, sizeof *x, id_cmp);
		qsort(y, (size_t)n, sizeof *y, id_cmp);
		for (int i = 0; ok == 1 && i < n; i++)
			ok = !strcmp(x[i]->id, y[i]->id) && x[i]->pain == y[i]->pain &&
			     !strcmp(x[i]->note ? x[i]->note : "", y[i]->note ? y[i]->note : "") &&
			     !strcmp(x[i]->med ? x[i]->med : "", y[i]->med ? y[i]->med : "");
	}
	free(x);
	diary_close(&t);
	diags_free(&dg);
	return ok;
}

/* Writes entries pv[0..n) as the whole diary through store_write_bytes.
 * -EAGAIN: another program changed the file since d was read; said in dg
 * unless quiet_stale (an add, which loads again and retries). */
static int rewrite(struct diary *d, const struct diary_entry *const *pv, int n, struct diags *dg,
                   int quiet_stale)
{
	struct buf b = {0};
	int r;

	if (d->needs_repair && d->torn_off >= 0 && (r = keep_torn(d, dg)) < 0)
		return r;
	if ((r = keep_comments(d, dg)) < 0)
		return r;
	diary_yaml_write(&b, d, pv, n);
	r = b.oom                              ? -ENOMEM
	    : (r = reads_back(&b, pv, n)) != 1 ? (r < 0 ? -ENOMEM : -EIO)
	                                       : store_write_bytes(d, b.p, b.n);
	if (d->sealed && b.p)
		seal_free_plain(b.p, b.cap ? b.cap - 1 : 0); /* wipes the plaintext */
	else
		free(b.p);
	if (r == 0) {
		struct stat st;
		fid_stat(d->target, &d->fid, &st);
		d->needs_repair = 0;
		d->torn_off = -1;
		d->append_ok = 1;
	} else if (r == -EAGAIN) {
		d->fid.exists = -1; /* changed meanwhile: reload next */
		if (!quiet_stale)
			diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			          _("another program changed the diary while it was being "
			            "saved: nothing was saved (the file is as that program "
			            "left it); try again"));
	} else {
		d->fid.exists = -1; /* not sure what is there: reload next */
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
		          _("cannot save the diary: %s (the file is as it was)"), strerror(-r));
	}
	return r;
}

int store_rewrite(struct diary *d, const struct diary_entry *const *pv, int n, struct diags *dg)
{
	return rewrite(d, pv, n, dg, 0);
}

static int ptr_cmp(const void *a, const void *b)
{
	return diary_entry_cmp(*(const struct diary_entry *const *)a,
	                       *(const struct diary_entry *const *)b);
}

/* The diary's entries plus extra[0..nextra), skipping index skip, sorted. */
const struct diary_entry **store_gather(const struct diary *d, int skip,
                                        const struct diary_entry *extra, int nextra, int *n)
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

/* Whether the open fd is still exactly the file d last read or wrote, and
 * the diary's path still names it (A7: an editor or a sync client that
 * saves by rename gives the path a new inode; A18: one that saves in place
 * changes the size, mtime or ctime). Checked right before every byte the
 * appender writes; any difference sends the add back to a full load. */
static int fd_is_loaded_file(const struct diary *d, int fd, struct stat *st)
{
	struct diary_fileid now, atpath;
	struct stat pst;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode))
		return 0;
	fid_from(&now, st);
	if (!fid_same(&now, &d->fid))
		return 0;
	return fid_stat(d->target, &atpath, &pst) == 0 && fid_same(&atpath, &now);
}

/* Appends one record (its marker line and the record, one write on a file
 * opened O_APPEND, fsync, nothing written after), or rewrites the whole
 * file when it is new, torn, encrypted or laid out so that a record cannot
 * go at its end. B2/B8: never a write at a remembered offset; another
 * program may rewrite the file in place at any moment, and a positional
 * write would then land inside its entries. -EAGAIN: the file is not the
 * one d holds (changed by another program since it was read, or while the
 * record was written): nothing of it may be trusted, the caller loads the
 * file again and adds from there unless the entry is in it (add_locked). */
static int append_locked(struct diary *d, const struct diary_entry *e, struct diags *dg)
{
	if (d->fid.exists != 1 || !d->append_ok || d->needs_repair || !d->fid.size ||
	    d->whole_only || d->sealed) {
		int n;
		const struct diary_entry **pv = store_gather(d, -1, e, 1, &n);
		if (!pv)
			return -ENOMEM;
		int r = rewrite(d, pv, n, dg, 1);
		free(pv);
		return r;
	}
	struct buf b = {0};
	struct stat st;
	int r = 0;
	diary_yaml_append_record(&b, e);
	if (b.oom) {
		free(b.p);
		return -ENOMEM;
	}
	/* O_RDWR: the record is read back at the end after it is written. */
	int fd = open(d->target, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	off_t end = 0;
	if (fd < 0) {
		r = -errno;
	} else if (!fd_is_loaded_file(d, fd, &st)) {
		r = -EAGAIN;
	} else if ((st.st_mode & 07777) != 0600) {
		/* every save leaves the diary 0600; the new ctime is ours */
		if (fchmod(fd, 0600) != 0 || fstat(fd, &st) != 0)
			r = -errno;
		else
			fid_from(&d->fid, &st);
	}
	if (!r) {
		/* The last look before writing: the same file, as loaded. */
		if (!fd_is_loaded_file(d, fd, &st))
			r = -EAGAIN;
		end = st.st_size;
		/* another program may still write here (tests play it) */
		test_hook("append", d->target);
	}
	ssize_t w = 0;
	int werr = 0;
	/* The whole record in one write at the end; only a short write
	 * (disk full, file size limit) goes on, to learn why. */
	while (!r && (size_t)w < b.n) {
		ssize_t k = write(fd, b.p + w, b.n - (size_t)w);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			werr = k < 0 ? errno : ENOSPC;
			break;
		}
		w += k;
	}
	if (r) {
	} else if (w != (ssize_t)b.n) {
		r = -werr;
		/* A short write (disk full): take the partial record back,
		 * only while the file is exactly what was there plus it. */
		struct stat now;
		if (w > 0 &&
		    !(fstat(fd, &now) == 0 && now.st_size == end + w && ftruncate(fd, end) == 0))
			d->fid.exists = -1; /* reload (and repair) next time */
	} else if (fsync(fd) != 0) {
		r = -errno;
	} else {
		test_hook("written", d->target);
		/* Where the record went: at the end of the file the path
		 * names, right after what was loaded. If anything else
		 * happened meanwhile, load again and look (add_locked). */
		char *back = malloc(b.n);
		struct stat now, pst;
		int ours = back && fstat(fd, &now) == 0 && now.st_size == end + (off_t)b.n &&
		           pread(fd, back, b.n, end) == (ssize_t)b.n && !memcmp(back, b.p, b.n) &&
		           stat(d->target, &pst) == 0 && pst.st_ino == now.st_ino &&
		           pst.st_dev == now.st_dev;
		free(back);
		if (!ours)
			r = -EAGAIN;
		else
			fid_from(&d->fid, &now);
	}
	if (fd >= 0)
		close(fd);
	free(b.p);
	if (r == -EAGAIN)
		d->fid.exists = -1; /* d is not the file: the caller reloads */
	else if (r < 0)
		diags_add(dg, DIAG_ERROR, d->path, 0, 0, _("cannot add to the diary: %s"),
		          strerror(-r));
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

static int add_locked(struct diary *d, struct diary_entry *e, int own_id, struct diags *dg)
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
	/* Another program changed the file while this add ran (an editor's
	 * save by rename or in place, A7/A18): load what is there now and
	 * add again, unless the entry made it into the file after all. */
	for (int tries = 0; r == -EAGAIN && tries < 5; tries++) {
		if ((r = load_locked(d, dg)) < 0)
			return r;
		if (diary_find(d, e->id) >= 0)
			return 0; /* it is in the file, and now in memory */
		e->seq = d->next_seq;
		r = append_locked(d, e, dg);
	}
	if (r == -EAGAIN)
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
		          _("the diary keeps being changed by another program: "
		            "nothing was added"));
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

int diary_append_file(const char *path, struct diary_entry *e, struct diags *dg)
{
	return diary_append_file_key(path, NULL, e, dg);
}

int diary_append_file_key(const char *path, struct seal_key *key, struct diary_entry *e,
                          struct diags *dg)
{
	struct diary d;
	int r;

	diary_init(&d);
	d.key = key;
	d.path = strdup(path);
	d.target = atomic_target(path);
	if (!d.path || !d.target) {
		diary_close(&d);
		return -ENOMEM;
	}
	if ((r = names_folder(d.target, path, dg)) < 0 || (r = diary_check_entry(&d, e, dg)) < 0) {
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
	if (!own_id && d.fid.size > 0 && d.n == 0 && state_matches(lock, d.target, &d.fid)) {
		/* The file is byte for byte one a full load accepted (or this
		 * program wrote after one): append without reading it. */
		d.append_ok = 1;
		r = append_locked(&d, e, dg);
	} else {
		r = -EAGAIN;
	}
	if (r == -EAGAIN) { /* no fast add, or the file changed meanwhile */
		r = load_locked(&d, dg);
		if (r >= 0 && diary_find(&d, e->id) >= 0 && !own_id)
			r = 0; /* the fast add's record is in the file after all */
		else if (r >= 0)
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
static int find_expected(struct diary *d, const char *id, const struct diary_entry *expected,
                         struct diags *dg)
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

int diary_update(struct diary *d, const struct diary_entry *e, struct diags *dg)
{
	return diary_update_if(d, NULL, e, dg);
}

int diary_delete_if(struct diary *d, const char *id, const struct diary_entry *expected,
                    struct diags *dg)
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

/* --- encrypting, decrypting, changing the passphrase -------------------- */

int diary_sealed_state(const char *path)
{
	char *t = atomic_target(path);
	char head[8];
	if (!t)
		return -ENOMEM;
	int fd = open(t, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	free(t);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	ssize_t n = pread(fd, head, sizeof head, 0);
	close(fd);
	return n == (ssize_t)sizeof head && seal_is_sealed(head, sizeof head);
}

int diary_unlock(const char *path, const char *pass, size_t passlen, struct seal_key **key,
                 struct diags *dg)
{
	char *t = atomic_target(path);
	char head[SEAL_HEADER_BYTES];
	*key = NULL;
	if (!t)
		return -ENOMEM;
	int fd = open(t, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	free(t);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	/* The header is all the key needs: the body is read, checked and
	 * decrypted by the load (store_read_bytes), once. */
	ssize_t n = pread(fd, head, sizeof head, 0);
	int r = n < 0 ? -errno : 0;
	close(fd);
	if (r < 0) {
		diags_add(dg, DIAG_ERROR, path, 0, 0, _("cannot read the diary: %s"), strerror(-r));
		return r;
	}
	if (!seal_is_sealed(head, (size_t)n))
		return 0;
	r = seal_key_for(key, pass, passlen, head, (size_t)n);
	if (!*key) {
		diags_add(dg, DIAG_ERROR, path, 0, 0, _("%s; nothing was changed"),
		          _(seal_strerror(r)));
		return seal_errno(r);
	}
	return 0; /* damage past the header: the load says so */
}

/* attack15 C3: whether the plain diary d was loaded from has comments,
 * which a whole save keeps in a side file (keep_comments). */
static int plain_file_has_comments(struct diary *d)
{
	if (d->fid.exists != 1 || d->whole_only)
		return 0;
	int fd = open(d->target, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	char *b = NULL;
	size_t n = 0;
	struct stat st;
	if (fd < 0)
		return 0;
	int r = store_read_bytes(fd, &b, &n, &st);
	close(fd);
	r = r == 0 && diary_yaml_has_comments(b, n);
	free(b);
	return r;
}

int diary_set_sealing(struct diary *d, struct seal_key *key, struct diags *dg)
{
	int lock = store_begin_write(d, dg);
	if (lock < 0)
		return lock;
	/* Encrypting would keep the whole diary with its comments in a side
	 * file, unencrypted, beside the sealed one: refused instead. */
	if (key && !d->sealed && plain_file_has_comments(d)) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
		          _("the diary has comments (lines starting with #) that an encrypted "
		            "diary does not keep, and the copy that would keep them would stay "
		            "unencrypted beside it: remove them (or move them into notes) and "
		            "encrypt again; nothing was changed"));
		store_end_write(d, lock);
		return -EINVAL;
	}
	struct seal_key *old_key = d->key;
	int old_sealed = d->sealed, n, r;
	const struct diary_entry **pv = store_gather(d, -1, NULL, 0, &n);
	if (!pv) {
		store_end_write(d, lock);
		return -ENOMEM;
	}
	if (key)
		d->key = key;
	d->sealed = key != NULL;
	r = store_rewrite(d, pv, n, dg);
	free(pv);
	if (r < 0) {
		d->key = old_key;
		d->sealed = old_sealed;
	}
	d->whole_only = d->sealed;
	store_end_write(d, lock);
	return r;
}
