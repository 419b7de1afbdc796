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
int cli_checklist(struct app_opts *o, int argc, char **argv);
int cli_triage(struct app_opts *o, int argc, char **argv);
int cli_diary(struct app_opts *o, int argc, char **argv);
int cli_report(struct app_opts *o, int argc, char **argv);

#endif
