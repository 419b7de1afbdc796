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
 *                  - Reading: diary_yaml_parse() / _parse_src().
 *                    The top-level keys are dispatched in ONE table,
 *                    top_keys[] in diary_yaml.c ("version", "entries"): a
 *                    new list such as "checkins:" is one more row there
 *                    and one more call in diary_yaml_write(), written
 *                    before "entries:".
 *   diary_store.c  the file: paths, locks, torn records, load, append,
 *                  rewrite.
 *                  - Bytes come in through ONE function, store_src_open():
 *                    a plain file is streamed to the parser (memory), an
 *                    encrypted one would be read whole (store_read_bytes),
 *                    decrypted, and handed over as text.
 *                  - A whole diary goes out through ONE function,
 *                    store_write_bytes(), which calls atomic_write_target()
 *                    (atomic.h: temporary file beside the symlink target,
 *                    fsync, rename, fsync of the folder, mode 0600).
 *                  - The O(1) append (append_locked: marker line "#~ add
 *                    <bytes> <id> sized" + record, one O_APPEND write,
 *                    fsync, nothing after) is only used when d->whole_only is
 *                    0. Encryption wraps exactly store_src_open and
 *                    store_write_bytes and sets whole_only, so an
 *                    encrypted diary is always rewritten whole, never
 *                    appended to.
 *                  - The torn-record rule (diary_yaml_find_torn) trusts
 *                    only that marker; the CLI's add appends without a
 *                    full load only when the lock file's validated state
 *                    (state_save) names this exact file.
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
int diary_check_entry(const struct diary *d, const struct diary_entry *e, struct diags *dg);

/* Moves every diagnostic of src to the end of dst (dst may be NULL);
 * src is left empty. */
void diary_diags_take(struct diags *dst, struct diags *src);

/* Where a load hands its entries instead of keeping them (aggregates over
 * a big diary in little memory): each valid entry in file order; reset
 * when the load starts over (the file changed while it was read). */
struct diary_sink {
	void (*each)(void *ud, const struct diary_entry *e);
	void (*reset)(void *ud);
	void *ud;
};

/* diary_stats_file_key and, in the same pass, every entry to also too;
 * d keeps what the load keeps besides entries (the check-ins) and is only
 * read and closed. */
int diary_stats_open(struct diary *d, const char *path, struct seal_key *key, int from, int to,
                     struct diary_stats *s, const struct diary_sink *also, struct diags *dg);

/* --- diary_time.c -------------------------------------------------------- */
/* n decimal digits exactly into *out: 0, or -1. */
int diary_digits(const char *s, int n, int *out);
/* A real date of the Gregorian calendar, years 1900..9999. */
int diary_valid_date(int y, int m, int d);

/* --- diary_store.c: the source of a load --------------------------------- */
/* What a load parses. A plain file is streamed (read in chunks as the
 * parser goes, never held whole: memory), with its last bytes (from a line
 * start, up to a little over 1 MiB) at hand for the torn-record rule. A
 * source may instead hold the whole text in memory: that is what an
 * encrypted diary's source does once decrypted. */
struct diary_src {
	int fd;         /* the open file (streamed when text is NULL) */
	struct stat st; /* the file as it was when the source was made */
	char *text;     /* the whole text in memory (malloc'd), or NULL */
	size_t len;     /* the text's length, or the file's size */
	char *tail;     /* streamed: the file's last tail_len bytes */
	size_t tail_len;
	int sealed; /* text is a decrypted diary (seal.h): wiped on close */
};

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
void diary_yaml_write(struct buf *b, const struct diary *d, const struct diary_entry *const *pv,
                      int n);

/* Whether buf holds comments a person wrote (see diary_yaml.c). */
int diary_yaml_has_comments(const char *buf, size_t len);

/* The appender's marker line starts with this (see diary_yaml.c). */
#define DIARY_MARK "#~ add "
#define DIARY_END "#~ end" /* the appender's last line, after the id */
/* The appender's bytes for e: its marker line ("... sized", announcing
 * the record's length) then the record, to go out in one write. */
void diary_yaml_append_record(struct buf *b, const struct diary_entry *e);
/* Where a torn append starts in buf (its marker line), or -1: the rule is
 * written out above diary_yaml_find_torn in diary_yaml.c. */
long long diary_yaml_find_torn(const char *buf, size_t len);

/* Parses buf[0..len) into d (fresh from diary_init). Returns 0, or -EINVAL
 * with "name:line:column" errors in dg (d then holds what did parse).
 * want_torn: look for a torn last record (sets d->torn_off). Sets
 * d->append_ok when a record can be appended to these bytes as they are. */
int diary_yaml_parse(struct diary *d, const char *name, const char *buf, size_t len,
                     struct diags *dg, int want_torn);
/* The same from a source (struct diary_src), torn-record rule included. */
int diary_yaml_parse_src(struct diary *d, const char *name, const struct diary_src *src,
                         struct diags *dg);

/* --- diary_store.c ------------------------------------------------------- */
/* The ONE way a diary's bytes come in: a source over the open file fd
 * (struct diary_src above). Encryption wraps this: it reads the whole file
 * (store_read_bytes), decrypts it and returns a source with text set, and
 * sets d->whole_only. 0 or -errno. */
int store_src_open(int fd, struct diary_src *src);
void store_src_close(struct diary_src *src);
/* diary_open, but the entries go to sink (without med and note) and d
 * keeps none; d can be closed only, never written. */
int store_open_sink(struct diary *d, const char *path, const struct diary_sink *sink,
                    struct seal_key *key, struct diags *dg);
/* The whole file from fd (malloc'd, NUL after the end), with the fstat
 * that matches what was read. 0 or -errno. */
int store_read_bytes(int fd, char **out, size_t *len, struct stat *st);
/* The ONE whole-file writer: data becomes d's file atomically (0600). */
int store_write_bytes(struct diary *d, const char *data, size_t len);

/* Takes the write lock and brings d up to date with the file: the lock's
 * fd, or -errno with a diagnostic. store_end_write releases it, first
 * recording d's file as validated when d is a clean full load of it. */
int store_begin_write(struct diary *d, struct diags *dg);
void store_end_write(struct diary *d, int lock);
/* Rewrites d's file to hold pv[0..n) (under the write lock). */
int store_rewrite(struct diary *d, const struct diary_entry *const *pv, int n, struct diags *dg);
/* d's entries plus extra[0..nextra), without index skip, sorted; malloc'd. */
const struct diary_entry **store_gather(const struct diary *d, int skip,
                                        const struct diary_entry *extra, int nextra, int *n);

#endif
