/* cli_checkin.c — `backcare checkin`, `checkin list`, `plan` and `due`,
 * and the parts `diary stats` and `report` share with them: the weekly
 * check-in trend and what seems to help. Thin front ends over checkin.h
 * and plan.h. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkin.h"
#include "cli.h"
#include "diary.h"
#include "i18n.h"
#include "plan.h"

/* A date in running text (checkin_day_text: Arabic keeps it whole). */
static void fmt_day(int dayn, char *buf, size_t size)
{
	checkin_day_text(dayn, buf, size);
}

/* --- shared with diary stats and report ------------------------------------- */

const char *cli_compare_label(const struct comparison *c, char *buf, size_t size)
{
	if (c->kind == COMPARE_CONTEXT)
		snprintf(buf, size, "%s", _(diary_contexts[c->index].label));
	else
		/* TRANSLATORS: a "what helped" choice in the comparisons:
		 * "Helped: Heat" */
		snprintf(buf, size, _("Helped: %s"), _(diary_helped[c->index].label));
	return buf;
}

static void print_compare(struct out *o, const struct comparison *c, int n);

void cli_print_compare(struct out *o, const struct diary *d, int from, int to)
{
	struct comparison c[2 * DIARY_VOCAB_MAX];
	print_compare(o, c, diary_compare(d, from, to, c, 2 * DIARY_VOCAB_MAX));
}

void cli_print_compare_acc(struct out *o, const struct compare_acc *a)
{
	struct comparison c[2 * DIARY_VOCAB_MAX];
	print_compare(o, c, compare_acc_result(a, c, 2 * DIARY_VOCAB_MAX));
}

static void print_compare(struct out *o, const struct comparison *c, int n)
{
	char label[256];

	if (!n)
		return; /* too few entries: nothing to say */
	cli_para(o, 0, "%s",
	         _("What your diary shows (average pain of entries with it and without it; "
	           "this shows what went together, not what causes what):"));
	int helped = 0;
	for (int i = 0; i < n; i++)
		helped |= c[i].kind == COMPARE_HELPED;
	for (int i = 0; i < n; i++)
		/* TRANSLATORS: "After sex: 6.0 (n=12) vs 3.1 otherwise (n=20)":
		 * average pain of the entries with it, and of the others */
		cli_para(o, 2, _("%s: %.1f (n=%d) vs %.1f otherwise (n=%d)"),
		         cli_compare_label(&c[i], label, sizeof label), c[i].with, c[i].n_with,
		         c[i].without, c[i].n_without);
	if (helped)
		cli_para(o, 2, "%s",
		         _("(What helped is usually noted on worse days, so a higher average "
		           "there is expected.)"));
}

/* One sentence on a change of score from a to b (translated). */
static const char *checkin_verdict(double a, double b)
{
	if (!checkin_change_noticeable(a, b))
		return _("That is less than a change people notice.");
	return b < a ? _("Better, by a change people notice.")
	             : _("Worse, by a change people notice.");
}

void cli_print_checkins(struct out *o, const struct diary *d, int from, int to, int all)
{
	struct checkin_trend tr;
	int shown = 0;
	char day[16];

	checkin_trend(d, from, to, &tr);
	if (tr.last < 0)
		return;
	const struct checkin *c = &d->ck[tr.last];
	double b = checkin_score(c);
	fmt_day(c->dayn, day, sizeof day);
	cli_para(o, 0,
	         _("Weekly check-in (PEG): %.1f of 10 on %s (pain %d, enjoyment of life %d, "
	           "general activity %d)"),
	         b, day, c->pain, c->enjoyment, c->activity);
	if (tr.prev >= 0) {
		double a = checkin_score(&d->ck[tr.prev]);
		fmt_day(d->ck[tr.prev].dayn, day, sizeof day);
		cli_para(o, 2, _("Change since the check-in of %s (%.1f): %+.1f points."), day, a,
		         b - a);
		cli_para(o, 2, "%s", checkin_verdict(a, b));
		if (tr.first >= 0) {
			double f = checkin_score(&d->ck[tr.first]);
			fmt_day(d->ck[tr.first].dayn, day, sizeof day);
			cli_para(o, 2, _("Over the period: %+.1f since %s (%.1f)."), b - f, day, f);
			cli_para(o, 2, "%s", checkin_verdict(f, b));
		}
		cli_para(o, 2, "%s",
		         _("(About one point is a change people notice: Reed et al. 2023, "
		           "J Pain; the three questions follow the PEG scale, Krebs et al. "
		           "2009.)"));
	}
	if (!all)
		return;
	for (int i = d->nck - 1; i >= 0; i--) {
		const struct checkin *k = &d->ck[i];
		if (k->dayn < from || k->dayn > to)
			continue;
		if (!shown++)
			cli_para(o, 0, "%s",
			         _("Weekly check-ins (score: pain, enjoyment, activity):"));
		fmt_day(k->dayn, day, sizeof day);
		cli_para(o, 2, "%s  %4.1f: %d, %d, %d", day, checkin_score(k), k->pain,
		         k->enjoyment, k->activity);
	}
}

/* --- checkin ------------------------------------------------------------------ */

static int checkin_help(void)
{
	fputs(_("Usage: backcare checkin --pain N --enjoyment N --activity N [--at 'YYYY-MM-DD "
	        "HH:MM']\n"
	        "       backcare checkin list\n"
	        "The weekly check-in: three answers from 0 to 10 about the past week.\n"
	        "  --pain N       your pain on average\n"
	        "  --enjoyment N  how much pain got in the way of enjoying life\n"
	        "  --activity N   how much pain got in the way of your general activity\n"
	        "The score is their mean. list prints DATE, SCORE, PAIN, ENJOYMENT, ACTIVITY\n"
	        "separated by tabs, newest first.\n"),
	      stdout);
	return 0;
}

static int checkin_list(struct app_opts *o, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error("checkin list", _("unexpected argument '%s'"), argv[1]);
	struct diary d;
	if (cli_open_diary(o, &d) < 0)
		return 1;
	struct out out;
	out_init(&out, stdout, o->lang);
	for (int i = d.nck - 1; i >= 0; i--) {
		const struct checkin *c = &d.ck[i];
		char line[96];
		snprintf(line, sizeof line, "%04d-%02d-%02d\t%.1f\t%d\t%d\t%d", c->y, c->m, c->d,
		         checkin_score(c), c->pain, c->enjoyment, c->activity);
		out_line(&out, line);
	}
	diary_close(&d);
	return 0;
}

int cli_checkin(struct app_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"pain", required_argument, NULL, 'p'},     {"enjoyment", required_argument, NULL, 'e'},
	    {"activity", required_argument, NULL, 'a'}, {"at", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'H'},           {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"--pain", "--enjoyment", "--activity"};
	const char *cmd = "checkin", *at = NULL;
	struct checkin c;
	signed char *slot[3];
	int ch;

	if (argc > 1 && !strcmp(argv[1], "list"))
		return checkin_list(o, argc - 1, argv + 1);
	checkin_init(&c);
	slot[0] = &c.pain;
	slot[1] = &c.enjoyment;
	slot[2] = &c.activity;
	optind = 0;
	opterr = 0;
	int seen[4] = {0};
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		int k = ch == 'p' ? 0 : ch == 'e' ? 1 : ch == 'a' ? 2 : -1;
		int o1 = k >= 0 ? k : ch == 't' ? 3 : -1;
		if (o1 >= 0 && seen[o1]++) /* B5: given twice is a mistake */
			return cli_usage_error(cmd, _("%s was given more than once; give it once"),
			                       o1 < 3 ? names[o1] : "--at");
		if (k >= 0) {
			int v = checkin_parse_value(optarg);
			if (v < 0)
				return cli_usage_error(
				    cmd, _("%s '%s' must be a whole number from 0 to 10"), names[k],
				    optarg);
			*slot[k] = (signed char)v;
		} else if (ch == 't') {
			at = optarg;
		} else if (ch == 'H') {
			return checkin_help();
		} else if (ch == ':') {
			return cli_usage_error(cmd, _("option '%s' needs a value"),
			                       argv[optind - 1]);
		} else {
			return cli_usage_error(cmd, _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd,
		                       _("unexpected argument '%s' (did you mean 'checkin list'?)"),
		                       argv[optind]);
	for (int k = 0; k < 3; k++)
		if (*slot[k] < 0)
			return cli_usage_error(
			    cmd,
			    _("%s N is required: --pain, --enjoyment and --activity, "
			      "each from 0 to 10"),
			    names[k]);
	struct diary_entry t;
	diary_entry_init(&t);
	time_t now = time(NULL);
	if (at) {
		if (diary_parse_time(at, &t) < 0)
			return cli_usage_error(
			    cmd, _("--at '%s' is not a time like '2026-11-22 09:30'"), at);
		int lr = cli_local_time(cmd, at, &t);
		if (lr)
			return lr;
		if (t.t > (long long)now + 3600)
			fprintf(stderr,
			        _("warning: %s is in the future; the check-in is kept as "
			          "written\n"),
			        at);
	} else {
		diary_entry_set_time(&t, now);
	}
	checkin_time_from(&c, &t);

	struct diary d;
	if (cli_open_diary(o, &d) < 0)
		return 1;
	struct diags dg = {0};
	int added = 0;
	int r = diary_checkin_merge(&d, &c, 1, &added, NULL, &dg);
	cli_print_diags(&dg);
	diags_free(&dg);
	diary_close(&d);
	if (r < 0)
		return 1;
	struct out out;
	out_init(&out, stdout, o->lang);
	if (!added) { /* A6: the same check-in was there: nothing stored */
		cli_para(&out, 0,
		         _("This check-in was already in the diary, nothing new was saved: "
		           "%04d-%02d-%02d %02d:%02d, score %.1f of 10 (pain %d, "
		           "enjoyment of life %d, general activity %d)."),
		         c.y, c.m, c.d, c.hh, c.mm, checkin_score(&c), c.pain, c.enjoyment,
		         c.activity);
		return 0;
	}
	cli_para(&out, 0,
	         _("Check-in saved: %04d-%02d-%02d %02d:%02d, score %.1f of 10 (pain %d, "
	           "enjoyment of life %d, general activity %d)."),
	         c.y, c.m, c.d, c.hh, c.mm, checkin_score(&c), c.pain, c.enjoyment, c.activity);
	return 0;
}

/* --- plan ---------------------------------------------------------------------- */

int cli_plan(struct app_opts *o, int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(
		    _("Usage: backcare plan\n"
		      "Prints your flare-up plan (plan.yaml beside the diary). Write or change it\n"
		      "in the app: Flare-up plan on the home screen, then e.\n"),
		    stdout);
		return 0;
	}
	if (argc > 1)
		return cli_usage_error("plan", _("unexpected argument '%s'"), argv[1]);
	char *path = plan_path(o->diary_path);
	struct plan p;
	struct diags dg = {0};
	if (!path || cli_diary_key(o) < 0) {
		free(path);
		return 1;
	}
	int r = plan_load_key(&p, path, o->key, &dg);
	cli_print_diags(&dg);
	diags_free(&dg);
	if (r < 0) {
		free(path);
		return 1;
	}
	struct out out;
	out_init(&out, stdout, o->lang);
	if (plan_empty(&p)) {
		cli_para(&out, 0, "%s",
		         _("No flare-up plan yet. Write one while you feel calm: open backcare, "
		           "choose Flare-up plan, then press e."));
	} else {
		cli_para(&out, 0, "%s", _("My flare-up plan"));
		for (int i = 0; i < PLAN_NPARTS; i++) {
			cli_para(&out, 0, "%s", "");
			cli_para(&out, 0, "%s", _(plan_parts[i].heading));
			if (!p.text[i]) {
				cli_para(&out, 2, "%s", _("(not written yet)"));
				continue;
			}
			/* each line of the part as its own paragraph */
			char *s = strdup(p.text[i]);
			for (char *line = s, *nl; line; line = nl) {
				nl = strchr(line, '\n');
				if (nl)
					*nl++ = '\0';
				cli_para(&out, 2, "%s", line);
			}
			free(s);
		}
	}
	plan_free(&p);
	free(path);
	return 0;
}

/* --- due ------------------------------------------------------------------------ */

int cli_due(struct app_opts *o, int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(
		    _("Usage: backcare due\n"
		      "Prints what is due now, a line each: today's diary entry, this week's\n"
		      "check-in. Prints nothing when nothing is due. Exit status 0 either way.\n"),
		    stdout);
		return 0;
	}
	if (argc > 1)
		return cli_usage_error("due", _("unexpected argument '%s'"), argv[1]);
	struct diary d;
	if (cli_open_diary(o, &d) < 0)
		return 1;
	const char *lines[2];
	int n = diary_due_lines(&d, time(NULL), lines);
	diary_close(&d);
	struct out out;
	out_init(&out, stdout, o->lang);
	for (int i = 0; i < n; i++)
		out_line(&out, lines[i]);
	return 0;
}
