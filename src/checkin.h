/* checkin.h — the weekly check-in (three questions on the PEG model), what
 * is due now, and "what seems to help": pure functions over the diary's
 * data, no files, no screen, the clock always passed in.
 *
 * A check-in asks three things about the past week, each 0–10: average
 * pain, how much pain got in the way of enjoying life, and of general
 * activity. Its score is their mean (Krebs et al. 2009, J Gen Intern Med
 * 24:733, the PEG scale); a change of about one point is one people
 * notice (Reed et al. 2023, J Pain). The questions are asked in our own
 * words: see docs/CHECKINS.md for the decision and its sources.
 *
 * Check-ins live in the diary file (a top-level "checkins:" list, see
 * diary.h): struct diary owns them (d->ck, d->nck, oldest first). The
 * functions here take plain arrays so a front end, the report and the PDF
 * can call them on any diary. */
#ifndef BACKCARE_CHECKIN_H
#define BACKCARE_CHECKIN_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "diag.h"

struct diary;
struct diary_entry;

struct checkin {
	long long t;                           /* the moment, seconds since the epoch */
	int off_min;                           /* local offset from UTC it was written with */
	int dayn;                              /* local date as written, as a day number */
	short y, m, d, hh, mm, ss;             /* local date and time as written */
	signed char pain, enjoyment, activity; /* 0..10 each */
};

#define CHECKIN_NOTICEABLE 1.0 /* points of PEG score people notice */
#define CHECKIN_EVERY_DAYS 7   /* a check-in is due after a week */

/* Every value unset (-1), no time. */
void checkin_init(struct checkin *c);
/* The PEG score: the mean of the three answers (0..10). */
double checkin_score(const struct checkin *c);
/* NULL if c can be stored, else why not (an N_() string). */
const char *checkin_check(const struct checkin *c);
/* "0".."10" (whole numbers only) into 0..10, else -1. */
int checkin_parse_value(const char *s);
/* Time fields from/to a diary entry's (its parse and format functions
 * are the diary's: one time syntax everywhere). */
void checkin_time_from(struct checkin *c, const struct diary_entry *e);
void checkin_time_to(const struct checkin *c, struct diary_entry *e);
/* "2026-11-22T09:30:00+01:00" (at least 26 bytes). */
void checkin_format_time(const struct checkin *c, char *buf, size_t size);
/* A local day as a date in running text (translated format: Arabic
 * writes it with slashes, which stay one number after Arabic letters,
 * where hyphens split it into numbers in reverse order). */
void checkin_day_text(int dayn, char *buf, size_t size);
/* Orders by time (ties: the values), oldest first; for qsort. */
int checkin_cmp(const void *a, const void *b);
/* Same moment and same answers: the same check-in (imports skip it). */
int checkin_same(const struct checkin *a, const struct checkin *b);

/* Whether a change of PEG score from prev to cur is one people notice
 * (|cur - prev| >= 1 point). */
int checkin_change_noticeable(double prev, double cur);

/* The check-ins a summary talks about, as indexes into d->ck (-1: none):
 * the latest on or before day to, the one before it, and the first of
 * the period [from, to] when it is older than that one (a slow change
 * hides week to week, so the period is compared as a whole too). */
struct checkin_trend {
	int last, prev, first;
};
void checkin_trend(const struct diary *d, int from, int to, struct checkin_trend *t);

/* --- what is due ---------------------------------------------------------- */
enum { DUE_ENTRY = 1, DUE_CHECKIN = 2 };
/* DUE_ENTRY when no entry falls on today's local date; DUE_CHECKIN when
 * no check-in was made in the last 7 days (168 hours) before now. */
int diary_due(const struct diary *d, time_t now);
/* The same as translated lines ("No diary entry today yet.", "Weekly
 * check-in due."), at most 2; returns how many. `backcare due` and the
 * home screen print exactly these. */
int diary_due_lines(const struct diary *d, time_t now, const char *lines[2]);

/* --- what seems to help ------------------------------------------------- */
#define COMPARE_MIN 5          /* entries needed with it and without it */
#define DIARY_COMPARE_VOCAB 32 /* = DIARY_VOCAB_MAX (diary.h) */

enum compare_kind { COMPARE_CONTEXT, COMPARE_HELPED };
struct comparison {
	enum compare_kind kind;
	int index; /* into diary_contexts or diary_helped */
	int n_with, n_without;
	double with, without; /* average pain */
};
/* For each context and each "helped" choice among the entries of local
 * days [from, to]: the average pain of the entries with it and of those
 * without it, when each side has at least COMPARE_MIN entries. Writes at
 * most max into out (contexts first, in vocabulary order, then helped),
 * returns how many. What the diary shows, never a cause. */
int diary_compare(const struct diary *d, int from, int to, struct comparison *out, int max);
/* The same, one entry at a time (a diary streamed from its file): init,
 * add every entry (those outside [from, to] are skipped), then result. */
struct compare_acc {
	int from, to;
	long n, sum; /* entries of the period, their pain */
	long nw[2][DIARY_COMPARE_VOCAB], sw[2][DIARY_COMPARE_VOCAB]; /* with it */
};
void compare_acc_init(struct compare_acc *a, int from, int to);
void compare_acc_add(struct compare_acc *a, const struct diary_entry *e);
int compare_acc_result(const struct compare_acc *a, struct comparison *out, int max);
/* Opens the diary at path keeping its check-ins (d->ck) but no entries:
 * each entry goes to acc instead (memory does not grow with the diary).
 * d can only be read and closed. 0 or -errno with diagnostics. */
int diary_open_extras(struct diary *d, const char *path, struct compare_acc *acc, struct diags *dg);
/* The same for a diary that may be encrypted (diary_open_key). */
struct seal_key;
int diary_open_extras_key(struct diary *d, const char *path, struct seal_key *key,
                          struct compare_acc *acc, struct diags *dg);
/* Both in one pass over the file: the figures of diary_stats_file_key
 * into s, the comparisons into acc, the check-ins kept in d. */
struct diary_stats;
int diary_open_stats_extras_key(struct diary *d, const char *path, struct seal_key *key, int from,
                                int to, struct diary_stats *s, struct compare_acc *acc,
                                struct diags *dg);

/* --- check-ins in the diary (diary_checkin.c) ----------------------------- */
/* Adds c to d->ck in time order (no file written); -ENOMEM. */
int diary_push_checkin(struct diary *d, const struct checkin *c);
/* Saves c into d's file: lock, reload if another writer changed it,
 * refuse a read-only diary, then an atomic rewrite (a check-in is weekly;
 * entries keep their O(1) append). 0 or -errno with a diagnostic. */
int diary_checkin_add(struct diary *d, const struct checkin *c, struct diags *dg);
/* Adds the check-ins of v[0..n) that d does not hold yet (checkin_same)
 * in one atomic rewrite; *added and *skipped may be NULL. *skipped counts
 * those d held before; n - added - skipped were rows v holds twice. */
int diary_checkin_merge(struct diary *d, const struct checkin *v, int n, int *added, int *skipped,
                        struct diags *dg);

/* --- check-in export and import ----------------------------------------- */
/* CSV: header "time,score,pain,enjoyment,activity", CRLF, oldest first.
 * JSON: an array of objects with the same keys (numbers; score rounded to
 * one decimal). Return 0 or -1 on a write error. */
int checkin_export_csv(FILE *f, const struct checkin *v, int n);
int checkin_export_json(FILE *f, const struct checkin *v, int n);
/* 1 if buf looks like a check-in export (its CSV header, or a JSON array
 * whose first object has an "enjoyment" key), else 0. */
int checkin_export_detect(const char *buf, size_t len, int json);
/* Parses a check-in export into *out (malloc'd, *n items). Every row is
 * checked; on any bad row: diagnostics naming it, *out NULL, -EINVAL.
 * The score column is ignored on import (it is recomputed). */
int checkin_import(const char *name, const char *buf, size_t len, int json, struct checkin **out,
                   int *n, struct diags *dg);

#endif
