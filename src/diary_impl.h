/* diary_impl.h — private to the diary's own modules; nothing outside
 * src/diary*.c includes it. diary.h is the contract for everyone else.
 *
 * The modules, and the seams other work plugs into:
 *
 *   diary.c        the in-memory model: vocabularies, entries and ids, the
 *                  string arena, the ONE push path (diary_push_owned: every
 *                  entry that enters a struct diary, from the file, an add,
 *                  an import or a merge, goes through it and gets its
 *                  arrival order there), sort, find, merge, stats.
 *   diary_time.c   dates and times (no mktime or localtime on the load path).
 *   diary_yaml.c   the YAML writer and reader.
 *                  - Writing: diary_yaml_write() produces a whole file (the
 *                    header, the top-level keys, then "entries:" LAST so
 *                    that an append can go at the end); diary_yaml_entry()
 *                    one record, the exact bytes the appender writes.
 *                  - Reading: diary_yaml_parse() parses bytes in memory.
 *                    The top-level keys are dispatched in ONE table,
 *                    top_keys[] in diary_yaml.c ("version", "entries"): a
 *                    new list such as "checkins:" is one more row there
 *                    and one more call in diary_yaml_write(), written
 *                    before "entries:".
 *   diary_store.c  the file: paths, locks, torn records, load, append,
 *                  rewrite.
 *                  - Bytes come in through ONE function, store_read_bytes()
 *                    (the whole file, from an open fd).
 *                  - A whole diary goes out through ONE function,
 *                    store_write_bytes(), which calls atomic_write_target()
 *                    (atomic.h: temporary file beside the symlink target,
 *                    fsync, rename, fsync of the folder, mode 0600).
 *                  - The O(1) append (store_append_bytes) is only used when
 *                    d->whole_only is 0. Encryption wraps exactly
 *                    store_read_bytes and store_write_bytes and sets
 *                    whole_only, so an encrypted diary is always rewritten
 *                    whole, never appended to.
 *   atomic.c       the atomic whole-file writer shared with config.c and
 *                  exports.
 */
#ifndef BACKCARE_DIARY_IMPL_H
#define BACKCARE_DIARY_IMPL_H

#include <stddef.h>
#include <sys/stat.h>

#include "diag.h"
#include "diary.h"

/* --- diary.c: the model -------------------------------------------------- */
struct diary_arena {
	struct diary_arena *next;
	size_t used, cap;
	char data[];
};

/* A copy of s[0..n) (NUL-terminated) in d's arena; NULL when out of memory. */
char *diary_arena_strndup(struct diary *d, const char *s, size_t n);
void diary_arena_free(struct diary_arena *a);

/* Copies e's med and note into d's arena (NULL for empty): -ENOMEM. */
int diary_own_strings(struct diary *d, struct diary_entry *e);

/* THE push: appends e as it is (its med/note must already live in d's
 * arena or be NULL) and gives it the next arrival order. diary_push (the
 * public one) copies the strings first and then calls this. -ENOMEM. */
int diary_push_owned(struct diary *d, const struct diary_entry *e);

/* Order of d->v: time, then arrival, then id. */
int diary_entry_cmp(const struct diary_entry *x, const struct diary_entry *y);

/* FNV-1a of a string (ids and notes in hash sets). */
unsigned diary_hash_str(const char *s);

/* diary_entry_check said with a diagnostic naming d's file: 0 or -EINVAL. */
int diary_check_entry(const struct diary *d, const struct diary_entry *e,
		      struct diags *dg);

/* --- diary_time.c -------------------------------------------------------- */
/* n decimal digits exactly into *out: 0, or -1. */
int diary_digits(const char *s, int n, int *out);
/* A real date of the Gregorian calendar, years 1900..9999. */
int diary_valid_date(int y, int m, int d);

/* --- diary_yaml.c -------------------------------------------------------- */
struct buf {
	char *p;
	size_t n, cap;
	int oom; /* an allocation failed: the content is incomplete */
};
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);

/* One record, exactly as the appender writes it (id line last). */
void diary_yaml_entry(struct buf *b, const struct diary_entry *e);
/* One weekly check-in on one line, as the head of a file holds it. */
struct checkin;
void diary_yaml_checkin(struct buf *b, const struct checkin *c);
/* A whole diary file holding pv[0..n) (sorted by the caller) and d's
 * check-ins ("checkins:" before "entries:", left out when none). */
void diary_yaml_write(struct buf *b, const struct diary *d,
		      const struct diary_entry *const *pv, int n);

/* Parses buf[0..len) into d (fresh from diary_init). Returns 0, or -EINVAL
 * with "name:line:column" errors in dg (d then holds what did parse).
 * want_torn: look for a torn last record (sets d->torn_off). Sets
 * d->append_ok when a record can be appended to these bytes as they are. */
int diary_yaml_parse(struct diary *d, const char *name, const char *buf,
		     size_t len, struct diags *dg, int want_torn);

/* The head of a file this program wrote (comments, "version: 1",
 * "entries:") and whether the last record of a file's tail is complete. */
int diary_yaml_head_ok(const char *p, size_t n);
int diary_yaml_tail_ok(const char *p, size_t n);

/* --- diary_store.c ------------------------------------------------------- */
/* The ONE reader of a diary's bytes: the whole file from fd (malloc'd, NUL
 * after the end), with the fstat that matches what was read. 0 or -errno. */
int store_read_bytes(int fd, char **out, size_t *len, struct stat *st);
/* The ONE whole-file writer: data becomes d's file atomically (0600). */
int store_write_bytes(struct diary *d, const char *data, size_t len);

/* Takes the write lock and brings d up to date with the file: the lock's
 * fd, or -errno with a diagnostic. store_end_write releases it. */
int store_begin_write(struct diary *d, struct diags *dg);
void store_end_write(int lock);
/* Rewrites d's file to hold pv[0..n) (under the write lock). */
int store_rewrite(struct diary *d, const struct diary_entry *const *pv, int n,
		  struct diags *dg);
/* d's entries plus extra[0..nextra), without index skip, sorted; malloc'd. */
const struct diary_entry **store_gather(const struct diary *d, int skip,
					const struct diary_entry *extra,
					int nextra, int *n);

#endif
