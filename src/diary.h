/* diary.h — the pain diary: entries, the diary.yaml file, stats, export.
 *
 * Owns: struct diary and everything it points to (entries, their strings).
 * A struct diary_entry handed to diary_add/diary_update is the caller's:
 * the diary copies what it keeps. Entry pointers and strings inside d->v
 * stay valid only until the next diary_* call on d that writes or reloads
 * (diary_add, diary_update, diary_delete, diary_merge,
 * diary_reload_if_changed): a reload replaces them all. Keep ids, not
 * pointers, across calls.
 *
 * Call order: diary_open (a missing file is an empty diary), then read
 * d->v freely, write with diary_add/update/delete/merge, then diary_close.
 * d->v is sorted by time, oldest first (ties by id): newest is d->v[n-1].
 *
 * The file (DESIGN.md, Files): libyaml, a "version: 1" header, then
 * "entries:" with one block mapping per entry whose last line is its id.
 * Adding appends one record with a single write + fsync (its cost does not
 * grow with the diary); updating, deleting, importing and repairing rewrite
 * the whole file atomically (temporary file beside the symlink target,
 * fsync, rename, fsync of the folder). The folder (0700) and the file (0600)
 * are created on the first write only.
 *
 * Locking: every write takes an exclusive flock on "<target>.lock" and
 * loads take a shared one, so two app instances and the CLI take turns.
 * Under the lock a writer first checks whether the file changed since d
 * was loaded (device, inode, size, mtime) and reloads if so; updates and
 * deletes then apply by id to the fresh state, so nobody's entry is lost.
 *
 * Errors: a diary that cannot be parsed (syntax, unknown key or value, a
 * newer major version...) gives "file:line:column: what" diagnostics and
 * d->readonly = 1: every write is then refused and the file never touched.
 * Where an error sits does not matter: an error in the last entry is an
 * error. The one exception is a record this program was itself appending
 * when it was stopped: the appender writes a marker line "#~ add <bytes>
 * <id> sized" and the record in one append, so a tail after the last such
 * marker (or an older "open" one) that is shorter than announced and a
 * prefix of the appender's layout is provably such a record
 * (diary_yaml.c). It is left out with a warning (loading writes
 * nothing); the next write keeps its bytes in
 * "<target>.torn-YYYYMMDDTHHMMSS" and repairs the file, or is refused if
 * they cannot be kept. The CLI's add appends without reading the diary
 * only when the lock file records that this exact file (device, inode,
 * size, mtime, ctime) was last fully loaded without error or written by
 * this program; otherwise it loads it whole first. Functions return 0 or
 * a negative errno (-EROFS for a read-only diary, -EINVAL for a bad entry,
 * -ENOENT for an unknown id), with a diagnostic saying what went wrong.
 *
 * Nothing here touches the screen or the terminal; there is no global
 * state; the clock is always passed in. */
#ifndef BACKCARE_DIARY_H
#define BACKCARE_DIARY_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "diag.h"

#define DIARY_VERSION 1 /* major format version written and read */
#define DIARY_ID_MAX 32 /* id buffer size (ids are at most 31 bytes) */
#define DIARY_TEXT_MAX                                                                             \
	65536 /* longest med or note, in bytes (the app's                                          \
	          form edits the first 4096 and keeps the rest) */

/* --- vocabularies: ids are fixed (file, CLI, exports), labels are N_()
 * strings to be shown with _(). An entry stores a set of them as a bitmask
 * with bit i for table index i. Never rename or reorder an id. */
struct diary_entry;
struct vocab {
	const char *id;
	const char *label;
};
extern const struct vocab diary_places[];
extern const struct vocab diary_feels[];
extern const struct vocab diary_contexts[];
extern const struct vocab diary_helped[];
extern const int diary_nplaces, diary_nfeels, diary_ncontexts, diary_nhelped;
#define DIARY_VOCAB_MAX 32 /* no vocabulary is longer (bits in a mask) */

/* Index of id in a table of n (exact match), or -1. */
int vocab_find(const struct vocab *v, int n, const char *id);
/* Parses "a,b" (sep ',' or ';', spaces around items ignored) into *mask.
 * Returns 0, or -1 with the first unknown item copied to bad. */
int vocab_parse_list(const struct vocab *v, int n, const char *s, int sep, unsigned *mask,
                     char *bad, size_t badsize);
/* Parses places with an optional own pain each, "lower-back:7,hip-left"
 * (',' or ';' between items, spaces ignored) into *mask, *set and pp.
 * Returns 0; -1 with an unknown place copied to bad; -2 with an item whose
 * number is not a whole number from 0 to 10 copied to bad. */
int diary_parse_where(const char *s, unsigned *mask, unsigned *set, unsigned char *pp, char *bad,
                      size_t badsize);
/* Writes e's own pains per place as "lower-back:7;hip-left:3" (sep between
 * items, ':' inside) into buf; returns the length ("" when none). */
size_t diary_format_place_pain(const struct diary_entry *e, const char *sep, char *buf,
                               size_t size);
/* Writes the ids in mask joined by sep into buf; returns the length. */
size_t vocab_format_list(const struct vocab *v, int n, unsigned mask, const char *sep, char *buf,
                         size_t size);

/* Verdict words of the red-flag checklist ("selfcare", "soon", "urgent",
 * "emergency"), indexed by enum level (content.h). */
const char *diary_verdict_word(int level);
int diary_verdict_parse(const char *w); /* enum level, or -1 */

/* --- entries ------------------------------------------------------------- */
struct diary_entry {
	char id[DIARY_ID_MAX];                     /* unique and stable; "" = none yet */
	long long t;                               /* the moment, in seconds since the epoch */
	int off_min;                               /* local offset from UTC it was written with */
	int dayn;                                  /* local date as written, as a day number */
	short y, m, d, hh, mm, ss;                 /* local date and time as written */
	signed char pain;                          /* 0..10 */
	signed char verdict;                       /* -1 none, else enum level (content.h) */
	unsigned where, feels, context, helped;    /* vocabulary bitmasks */
	unsigned place_set;                        /* places (bits of where) with a pain of their
	                                              own; 0 for most entries: the one pain
	                                              covers every place ticked */
	unsigned char place_pain[DIARY_VOCAB_MAX]; /* 0..10 where place_set
	                          has the bit; meaningless elsewhere */
	char *med, *note;                          /* NULL or non-empty UTF-8 */
	int seq;                                   /* order of arrival in the diary (set by
	                                              diary_push): breaks ties of equal times so
	                                              two entries of one second keep their order */
	int line;                                  /* where it was read: its line in the diary
	                                              file or in an imported file; 0 if made here */
	int col;                                   /* and its column in an imported JSON file
	                                              (A12: two objects on one line differ) */
	char *time_text;                           /* NULL, or the time exactly as written by hand
	                                              when that differs from the written form
	                                              (23:59:60, fractions, no offset...): a
	                                              save writes it back as it was (A4) */
};

/* pain -1 (unset), verdict -1, everything else empty. */
void diary_entry_init(struct diary_entry *e);
/* Sets the time fields from t in the local time zone (one localtime_r). */
void diary_entry_set_time(struct diary_entry *e, time_t t);
/* Returns NULL if e can be stored, else why not (a N_() string). */
const char *diary_entry_check(const struct diary_entry *e);

/* --- time and dates: no mktime, no localtime on the load path ----------- */
/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int diary_days_from_civil(int y, int m, int d);
void diary_civil_from_days(int dayn, int *y, int *m, int *d);
/* Today's local date as a day number, from the injected clock. */
int diary_today(time_t now);
/* B5: for a time written without an offset (local time, as --at takes
 * it): -1 when that local time does not exist (skipped by a daylight
 * saving change), 1 when it happened twice (the clocks went back; *first
 * is the earlier instant), else 0 (also for a time with an offset). */
int diary_local_time_check(const char *s, long long *first);
/* "YYYY-MM-DDTHH:MM[:SS](+HH:MM|-HH:MM|Z)" ('T' or a space) into e's time
 * fields. Without an offset the time is taken as local (mktime). Returns 0
 * or -1 if it is not such a time or not a real date. */
int diary_parse_time(const char *s, struct diary_entry *e);
/* "YYYY-MM-DD" into a day number; -1 if malformed or not a real date. */
int diary_parse_date(const char *s, int *dayn);
/* "2026-11-22T09:30:00+01:00" into buf (at least 26 bytes). */
void diary_format_time(const struct diary_entry *e, char *buf, size_t size);

/* --- the diary ----------------------------------------------------------- */
struct diary_arena; /* string storage of one load */
struct checkin;     /* checkin.h */
struct diary_sink;  /* private: a load that keeps no entries */

struct diary_fileid {
	unsigned long long dev, ino;
	long long size, mtime_ns, ctime_ns;
	int exists;
};

struct diary {
	char *path;            /* as given (NULL for a diary parsed from memory) */
	char *target;          /* path with symlinks followed: the file written */
	struct diary_entry *v; /* sorted by time, oldest first */
	int n, cap;
	int readonly;                  /* 1: the file could not be read or parsed */
	int needs_repair;              /* 1: a torn last record was left out (the next
	                                  write keeps its bytes and repairs the file) */
	int append_ok;                 /* 1: the file takes an appended record as it is */
	int whole_only;                /* 1: never append, always rewrite whole (e.g. an
	                                  encrypted file) */
	struct seal_key *key;          /* the passphrase's key (seal.h), borrowed from
	                                  the caller: it outlives d; NULL = none */
	int sealed;                    /* 1: the file is encrypted (as last read or
	                                  written): every save re-seals it whole */
	int no_text;                   /* 1: loaded without med and note
	                                  (diary_open_stats): never written */
	const struct diary_sink *sink; /* private (diary_stats_file) */
	long long torn_off;            /* where the torn record starts (-1 if none) */
	struct diary_fileid fid;       /* the file as last read or written */
	struct diary_arena *arena;
	int next_seq;
	/* weekly check-ins (checkin.h), sorted oldest first; malloc'd */
	struct checkin *ck;
	int nck, capck;
};

/* Opens the diary at path: missing file = empty diary (returns 0, nothing
 * created). A broken file: diagnostics, d->readonly = 1, returns -EINVAL.
 * A directory, FIFO or device there: -EISDIR/-EINVAL with a diagnostic,
 * d->readonly = 1. d is always safe to diary_close afterwards. */
int diary_open(struct diary *d, const char *path, struct diags *dg);
/* --- encrypted diaries (seal.h; docs/ENCRYPTION.md) ----------------------
 * A sealed diary is read whole, decrypted in memory and parsed; every
 * write re-seals the whole file through the same atomic rewrite (never an
 * append), under the same lock, 0600. Without its key, or with a file
 * that does not decrypt (wrong passphrase, truncated, changed), the diary
 * is read-only with a diagnostic saying which, and nothing is written. */
struct seal_key;
/* 1 if the file at path is encrypted, 0 if plain or missing, -errno. */
int diary_sealed_state(const char *path);
/* The key of the encrypted diary at path for this passphrase (*key NULL
 * and 0 when the file is plain or missing). -EACCES for a wrong
 * passphrase, -EBADMSG for a damaged file, -ENOMEM; with a diagnostic. */
int diary_unlock(const char *path, const char *pass, size_t passlen, struct seal_key **key,
                 struct diags *dg);
/* diary_open / diary_open_stats with the key of an encrypted diary (NULL:
 * none). */
int diary_open_key(struct diary *d, const char *path, struct seal_key *key, struct diags *dg);
int diary_open_stats_key(struct diary *d, const char *path, struct seal_key *key, struct diags *dg);
/* diary_append_file for a diary that may be encrypted. */
int diary_append_file_key(const char *path, struct seal_key *key, struct diary_entry *e,
                          struct diags *dg);
/* Rewrites d sealed with key (encrypt, or change the passphrase: key
 * then replaces d->key), or plain with key NULL (decrypt). Under the
 * write lock, after reloading if another writer changed the file. */
int diary_set_sealing(struct diary *d, struct seal_key *key, struct diags *dg);
/* C6: takes the write lock (waiting for another writer) and removes the
 * temporary files a killed rewrite left (".<name>.tmp-*": after a killed
 * decrypt, the diary in the clear). diary encrypt / decrypt / passphrase
 * call it first; every write does the same when it takes the lock. */
int diary_clean_temps(struct diary *d, struct diags *dg);

/* For aggregates (stats): the same as diary_open, but med and note are not
 * kept (NULL), which takes much less memory; every write is refused. */
int diary_open_stats(struct diary *d, const char *path, struct diags *dg);
/* An empty diary not tied to a file (a container for imports). */
void diary_init(struct diary *d);
/* Parses diary YAML from memory into d (fresh from diary_init), for tests
 * and fuzzing. name is used in diagnostics. On -EINVAL (the text cannot be
 * used as a diary) d holds the entries that did parse, to show read-only.
 * A torn last record is a warning and sets d->torn_off; no file is
 * written. */
int diary_parse_buffer(struct diary *d, const char *name, const char *buf, size_t len,
                       struct diags *dg);
void diary_close(struct diary *d);

/* Adds e (fills e->id when empty, refuses a duplicate id): lock, reload if
 * another writer changed the file, append with one write and fsync,
 * unlock. e->med/e->note stay the caller's. */
int diary_add(struct diary *d, struct diary_entry *e, struct diags *dg);
/* The CLI's add: the same as diary_open + diary_add + diary_close, but
 * without reading the whole diary when the lock file says this exact file
 * was validated (see Errors above), so the cost does not grow with its
 * size. Fills e->id. */
int diary_append_file(const char *path, struct diary_entry *e, struct diags *dg);
/* Replaces the entry with e->id (atomic rewrite). */
int diary_update(struct diary *d, const struct diary_entry *e, struct diags *dg);
int diary_delete(struct diary *d, const char *id, struct diags *dg);
/* The same, acting only when the entry with that id is still what
 * expected holds (diary_entry_same, checked under the write lock after
 * any reload): -ENOENT if it is gone, -ESTALE if it changed, each with a
 * diagnostic, and nothing written. For the app, which acts on the entry
 * the person chose. */
int diary_update_if(struct diary *d, const struct diary_entry *expected,
                    const struct diary_entry *e, struct diags *dg);
int diary_delete_if(struct diary *d, const char *id, const struct diary_entry *expected,
                    struct diags *dg);
/* Adds the entries of from (an import) to d in one atomic rewrite. An
 * entry without id is always a new entry (it gets an id). An entry whose
 * id d already has is skipped when its contents are the same (importing an
 * export again adds nothing); with other contents it is a conflict: the
 * diagnostic names the import's line (from->path, e->line) and the diary's,
 * nothing is written, and -EEXIST is returned. *added and *skipped may be
 * NULL. */
int diary_merge(struct diary *d, const struct diary *from, int *added, int *skipped,
                struct diags *dg);
/* Reloads when the file changed on disk since d last read or wrote it.
 * Returns 1 if it reloaded, 0 if not, a negative errno on error. */
int diary_reload_if_changed(struct diary *d, struct diags *dg);
/* Index in d->v of the entry with this id, or -1. */
int diary_find(const struct diary *d, const char *id);

/* --- aggregates (dates are local day numbers, both ends inclusive) ------ */
struct diary_day {
	int n;      /* entries that day */
	double avg; /* average pain (0 if n == 0) */
	int worst;  /* worst pain (-1 if n == 0) */
};
/* out[0..ndays-1] for the ndays ending on last_dayn (out[ndays-1] is that
 * day). Returns the number of days that have entries. */
int diary_days(const struct diary *d, int last_dayn, int ndays, struct diary_day *out);

struct diary_stats {
	int from, to;      /* the period asked for */
	int entries, days; /* entries and distinct days with entries */
	double avg;        /* average pain (0 when no entries) */
	int worst;         /* -1 when no entries */
	int prev_entries;  /* the previous period of equal length */
	double prev_avg;
	int prev_worst;
	int where_count[DIARY_VOCAB_MAX];
	int feels_count[DIARY_VOCAB_MAX];
	int context_count[DIARY_VOCAB_MAX];
	int helped_count[DIARY_VOCAB_MAX];
	int verdict_count[4];              /* by enum level */
	int place_n[DIARY_VOCAB_MAX];      /* entries with a place's own pain */
	double place_avg[DIARY_VOCAB_MAX]; /* their average (0 when none) */
};
void diary_stats(const struct diary *d, int from_dayn, int to_dayn, struct diary_stats *s);
/* diary_stats straight from the file at path, keeping no entry in memory
 * (the same figures as diary_open + diary_stats, in a fraction of the
 * memory): 0, or what diary_open returns for a diary it refuses (with its
 * diagnostics; *s is then meaningless). */
int diary_stats_file(const char *path, int from_dayn, int to_dayn, struct diary_stats *s,
                     struct diags *dg);
/* The same for a diary that may be encrypted (key: see diary_open_key). */
int diary_stats_file_key(const char *path, struct seal_key *key, int from_dayn, int to_dayn,
                         struct diary_stats *s, struct diags *dg);
/* Whether a change of average from prev to cur is one people notice: 2
 * points or 30 % (Farrar et al. 2001). */
int diary_change_noticeable(double prev, double cur);

/* --- export and import (diary_io.c) ------------------------------------- */
/* CSV: header id,time,pain,where,feels,context,helped,med,note,verdict,
 * lists joined with ';', RFC 4180 quoting, CRLF. JSON: an array of objects
 * with the same keys, pain a number, lists as arrays, verdict null when
 * none. Both oldest first; return 0 or -1 on a write error. */
int diary_export_csv(FILE *f, const struct diary *d);
int diary_export_json(FILE *f, const struct diary *d);
/* Parse an export into into (initialised with diary_init). Every row is
 * validated first: on any bad row the diagnostics name it ("FILE:row N:
 * what" for CSV, "FILE:line:col: entry N: what" for JSON), into is left
 * empty and -EINVAL returned. Rows are separate entries unless they carry
 * the same id: rows of one id and the same contents are one entry, one id
 * with two contents is an error naming both lines. Each entry's line is
 * set. name is used in diagnostics. */
int diary_import_csv(struct diary *into, const char *name, const char *buf, size_t len,
                     struct diags *dg);
int diary_import_json(struct diary *into, const char *name, const char *buf, size_t len,
                      struct diags *dg);

/* --- shared with diary_io.c ---------------------------------------------- */
/* Appends e to d (copying its strings), unsorted, with the next arrival
 * order; -ENOMEM on failure. The one way entries enter a diary. */
int diary_push(struct diary *d, const struct diary_entry *e);
/* Sorts d->v by time, then arrival (seq), then id. */
void diary_sort(struct diary *d);
/* Fills e->id with a fresh unique id ("YYYYMMDDTHHMMSS-" + random hex). */
void diary_new_id(struct diary_entry *e);
/* 1 if a and b hold the same entry: every field but id, seq and line. */
int diary_entry_same(const struct diary_entry *a, const struct diary_entry *b);
/* Checks id syntax: 1..31 bytes of [A-Za-z0-9._:-]. */
int diary_id_valid(const char *id);
/* 1 if s is valid UTF-8 that a YAML file can hold (no NUL). */
int diary_utf8_valid(const char *s, size_t len);

#endif
