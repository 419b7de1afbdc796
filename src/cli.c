/* cli.c — subcommand dispatch and the plain-text output rules shared by
 * every subcommand (terminal: laid out like the screens; pipe: logical). */
#include "cli.h"
#include "diag.h"
#include "diary.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "i18n.h"
#include "paths.h"

void out_init(struct out *o, FILE *f, int lang)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	o->f = f;
	o->tty = isatty(fileno(f));
	o->visual = o->tty;
	o->dir = lang_table[lang].rtl ? TEXT_RTL : TEXT_LTR;
	o->width = 80;
	if (o->tty && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		o->width = ws.ws_col;
	else if (cols && atoi(cols) > 0)
		o->width = atoi(cols);
	if (o->width < 20)
		o->width = 20;
	if (o->width > 1000)
		o->width = 1000;
}

int out_par(struct out *o, const char *utf8, int indent)
{
	int w = o->width - indent;
	return text_print(o->f, utf8, w > 10 ? w : 10, indent, o->dir, o->visual);
}

/* Fields separated by TAB stay separated by TAB (cards, checklist); each
 * field is cleaned of control characters and, on a terminal, put in
 * visual order on its own. */
int out_line(struct out *o, const char *utf8)
{
	const char *p = utf8;
	for (;;) {
		size_t n = strcspn(p, "\t");
		char *field = strndup(p, n);
		if (!field)
			return -1;
		if (o->visual) {
			struct text_line l;
			if (text_line1(field, 1 << 20, o->dir, &l) == 0) {
				char *s = text_line_utf8(&l, 0);
				if (s)
					fputs(s, o->f);
				free(s);
				text_line_free(&l);
			}
		} else {
			char *s = text_clean(field, 0);
			if (s)
				fputs(s, o->f);
			free(s);
		}
		free(field);
		if (!p[n])
			break;
		fputc('\t', o->f);
		p += n + 1;
	}
	fputc('\n', o->f);
	return ferror(o->f) ? -1 : 0;
}

const char *cli_lang_dir(const struct app_opts *o, char *buf, size_t size)
{
	char *p = paths_lang_content(o->content_dir, lang_table[o->lang].code);
	snprintf(buf, size, "%s", p ? p : o->content_dir);
	free(p);
	return buf;
}

static const struct {
	const char *name;
	int (*fn)(struct app_opts *, int, char **);
} commands[] = {
    {"cards", cli_cards},     {"show", cli_show},   {"checklist", cli_checklist},
    {"triage", cli_triage},   {"diary", cli_diary}, {"report", cli_report},
    {"checkin", cli_checkin}, {"plan", cli_plan},   {"due", cli_due},
    {"search", cli_search},
};

int cli_run(struct app_opts *o, int argc, char **argv)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(argv[0], commands[i].name)) {
			int rc = commands[i].fn(o, argc, argv);
			if (fflush(stdout) != 0 && rc == 0) {
				perror("backcare: writing output");
				rc = 1;
			}
			return rc;
		}
	fprintf(stderr, _("%s: unknown command '%s'\n"), o->progname, argv[0]);
	fprintf(stderr, _("Try '%s --help' for the list of commands.\n"), o->progname);
	return 2;
}

void cli_print_diags(const struct diags *dg)
{
	for (int i = 0; i < dg->n; i++) {
		char *s = text_clean(dg->v[i].text, 0);
		fprintf(stderr, "%s%s\n", dg->v[i].sev == DIAG_WARN ? _("warning: ") : "",
		        s ? s : dg->v[i].text);
		free(s);
	}
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL, *esc;
	fprintf(stderr, "backcare %s: ", cmd);
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	/* a value quoted from the arguments: its control characters shown */
	esc = msg ? diag_escape(msg) : NULL;
	fputs(esc ? esc : msg ? msg : "", stderr);
	free(esc);
	free(msg);
	fputc('\n', stderr);
	fprintf(stderr, _("Try 'backcare --help' for more information.\n"));
	return 2;
}

int cli_open_diary(struct app_opts *o, struct diary *d)
{
	struct diags dg = {0};
	if (cli_diary_key(o) < 0) {
		diary_init(d);
		return -1;
	}
	int r = diary_open_key(d, o->diary_path, o->key, &dg);
	cli_print_diags(&dg);
	diags_free(&dg);
	if (r < 0) {
		fprintf(stderr,
		        _("backcare: the diary %s could not be read; fix what is named above "
		          "(nothing was changed)\n"),
		        diag_shown(o->diary_path));
		diary_close(d);
		return -1;
	}
	return 0;
}

int cli_para(struct out *o, int indent, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	int r = out_par(o, s, indent);
	free(s);
	return r;
}
