/* cli.h — the command-line front end: subcommands that print plain text.
 * Each cli_* function gets the subcommand's own argv (argv[0] is the
 * subcommand name) and returns the exit status: 0 success, 1 runtime
 * error, 2 usage error. Errors go to stderr, naming what was wrong. */
#ifndef BACKCARE_CLI_H
#define BACKCARE_CLI_H

#include <stdio.h>

#include "opts.h"
#include "text.h"

/* How plain text goes out: to a terminal laid out like the screens
 * (wrapped to its width, RTL right-aligned in visual order); to a pipe or
 * file logical-order UTF-8 wrapped to $COLUMNS or 80. */
struct out {
	FILE *f;
	int tty;
	int width;
	int visual;
	enum text_dir dir; /* TEXT_RTL for Arabic, TEXT_LTR otherwise */
};
void out_init(struct out *o, FILE *f, int lang);
/* A paragraph wrapped with indent; returns 0 or -1 on write error. */
int out_par(struct out *o, const char *utf8, int indent);
/* A line printed as is (cleaned of control characters, no wrapping). */
int out_line(struct out *o, const char *utf8);

/* Dispatches argv[0]; unknown subcommand is a usage error (2). */
int cli_run(struct app_opts *o, int argc, char **argv);

/* Content directory of the current language: "<content_dir>/<code>". */
const char *cli_lang_dir(const struct app_opts *o, char *buf, size_t size);

int cli_cards(struct app_opts *o, int argc, char **argv);
int cli_show(struct app_opts *o, int argc, char **argv);
int cli_search(struct app_opts *o, int argc, char **argv);
int cli_checklist(struct app_opts *o, int argc, char **argv);
int cli_triage(struct app_opts *o, int argc, char **argv);
int cli_diary(struct app_opts *o, int argc, char **argv);

/* cli_crypt.c: the key of an encrypted diary (o->key stays NULL for a
 * plain one): from --passphrase-file, else asked on the terminal (three
 * tries). 0, or -1 after saying why on stderr. */
struct seal_key;
int cli_diary_key(struct app_opts *o);
/* B5: checks an --at local time (cli_diary.c): 0, or exit status 2 after
 * a usage error; an ambiguous one is set to its first instant, warned. */
struct diary_entry;
int cli_local_time(const char *cmd, const char *at, struct diary_entry *e);
/* After writing diary data to a file the person named: on an encrypted
 * diary, says on stderr that this copy is not encrypted. */
void cli_note_unencrypted(const struct app_opts *o, const char *path);
/* diary encrypt | decrypt | passphrase | erase */
int cli_diary_encrypt(struct app_opts *o, int argc, char **argv);
int cli_diary_decrypt(struct app_opts *o, int argc, char **argv);
int cli_diary_passphrase(struct app_opts *o, int argc, char **argv);
int cli_diary_erase(struct app_opts *o, int argc, char **argv);
int cli_report(struct app_opts *o, int argc, char **argv);
int cli_checkin(struct app_opts *o, int argc, char **argv);
int cli_plan(struct app_opts *o, int argc, char **argv);
int cli_due(struct app_opts *o, int argc, char **argv);

/* cli_checkin.c, shared with diary stats, report and the app */
struct diary;
struct comparison;
/* "What your diary shows" lines for local days [from, to]: nothing when
 * there are too few entries (checkin.h, diary_compare). */
void cli_print_compare(struct out *o, const struct diary *d, int from, int to);
/* The same from an accumulator (a diary streamed from its file). */
struct compare_acc;
void cli_print_compare_acc(struct out *o, const struct compare_acc *a);
/* The latest check-in up to day to, the change since the one before and
 * what change people notice; all: also every check-in of [from, to]. */
void cli_print_checkins(struct out *o, const struct diary *d, int from, int to, int all);
/* The translated name of a comparison ("After sex", "Helped: Heat"). */
const char *cli_compare_label(const struct comparison *c, char *buf, size_t size);

/* --- shared by the commands (cli.c) --------------------------------------- */
struct diags;
struct diary;
/* Each diagnostic on stderr, warnings marked, control characters shown
 * as escapes. */
void cli_print_diags(const struct diags *dg);
/* "backcare CMD: what" and the --help hint on stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Opens the diary of o (asking for the passphrase of an encrypted one);
 * -1 with the reason on stderr, d closed. */
int cli_open_diary(struct app_opts *o, struct diary *d);
/* A paragraph of UI text with data in it, wrapped like the others
 * (out_par at indent). */
int cli_para(struct out *o, int indent, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
