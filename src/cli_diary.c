/* cli_diary.c — `backcare diary add|list|stats|export|import` and
 * `backcare report`: thin front ends over the diary model. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "checkin.h"
#include "cli.h"
#include "paths.h"
#include "diary.h"
#include "i18n.h"
#include "report.h"

#define MAX_NOTES 20  /* notes in a report: it stays one page */
#define NOTE_TRIM 160 /* bytes of a note shown in a report */

/* --- small helpers -------------------------------------------------------- */

/* A line of UI text with data in it: formatted, then cleaned by out_line. */
static int say(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int say(struct out *o, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	int r = out_line(o, s);
	free(s);
	return r;
}

/* A note on one line: line breaks and tabs become spaces (out_line drops
 * every other control character). At most max bytes, cut at a character
 * boundary with "…". Returns a malloc'd string. */
static char *flatten(const char *s, size_t max)
{
	size_t n = strlen(s);
	char *r = malloc(n + 4);
	size_t k = 0;
	if (!r)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n' || c == '\r' || c == '\t') {
			if (k && r[k - 1] != ' ')
				r[k++] = ' ';
			continue;
		}
		r[k++] = c;
	}
	while (k && r[k - 1] == ' ')
		k--;
	if (k > max) {
		k = max;
		while (k && ((unsigned char)r[k] & 0xc0) == 0x80)
			k--;
		memcpy(r + k, "…", 3);
		k += 3;
	}
	r[k] = '\0';
	return r;
}

static void fmt_day(int dayn, char *buf, size_t size)
{
	int y, m, d;
	diary_civil_from_days(dayn, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

static void bar(int pain, char *buf)
{
	for (int i = 0; i < 10; i++)
		buf[i] = i < pain ? '#' : '.';
	buf[10] = '\0';
}

/* Translated labels of a mask, joined with ", ". */
static void labels(const struct vocab *v, int n, unsigned mask, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && len < size; i++)
		if (mask & (1u << i))
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
			                        _(v[i].label));
}

static void ids_of(const struct vocab *v, int n, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "", v[i].id);
}

/* "label (count), ..." of the top counts, most frequent first. */
static void top(const struct vocab *v, int n, const int *counts, int max, char *buf, size_t size)
{
	int used[DIARY_VOCAB_MAX] = {0};
	size_t len = 0;
	buf[0] = '\0';
	for (int k = 0; k < max; k++) {
		int best = -1;
		for (int i = 0; i < n; i++)
			if (!used[i] && counts[i] > 0 && (best < 0 || counts[i] > counts[best]))
				best = i;
		if (best < 0 || len >= size)
			break;
		used[best] = 1;
		len += (size_t)snprintf(buf + len, size - len, "%s", len ? ", " : "");
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, _("%s ×%d"),
			                        _(v[best].label), counts[best]);
	}
}

/* B5: an --at local time skipped by a daylight saving change is a usage
 * error naming it; one that happened twice takes the first, and says so.
 * 0, or the usage error's exit status. */
int cli_local_time(const char *cmd, const char *at, struct diary_entry *e)
{
	long long first;
	int k = diary_local_time_check(at, &first);
	if (k < 0)
		return cli_usage_error(cmd,
		                       _("--at '%s' does not exist here: the clocks skipped it "
		                         "(daylight saving time); give the time before or after"),
		                       at);
	if (k > 0) {
		diary_entry_set_time(e, (time_t)first);
		fprintf(stderr,
		        _("warning: %s happened twice here (the clocks went back); "
		          "the first one is taken\n"),
		        at);
	}
	return 0;
}

/* getopt_long over a subcommand's own argv (argv[0] is its name). */
static void getopt_reset(void)
{
	optind = 0; /* glibc: start afresh, main's "+" mode forgotten */
	opterr = 0;
}

static int bad_option(const char *cmd, char **argv, int c)
{
	if (c == ':')
		return cli_usage_error(cmd, _("option '%s' needs a value"), argv[optind - 1]);
	return cli_usage_error(cmd, _("unknown option '%s'"), argv[optind - 1]);
}

/* --- diary add ------------------------------------------------------------ */

static int parse_pain(const char *s)
{
	int v = 0;
	if (!*s || strlen(s) > 2)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v <= 10 ? v : -1;
}

static int add_list(const char *cmd, const char *opt, const struct vocab *v, int n,
                    const char *what, const char *arg, unsigned *mask)
{
	char bad[64], allowed[1024];
	unsigned m;
	if (vocab_parse_list(v, n, arg, ',', &m, bad, sizeof bad) < 0) {
		ids_of(v, n, allowed, sizeof allowed);
		return cli_usage_error(cmd, _("unknown %s '%s' in %s; use one or more of: %s"),
		                       what, bad, opt, allowed);
	}
	*mask |= m;
	return 0;
}

/* --where lower-back:7,hip-left: places, each with its own pain if given. */
static int add_where(const char *cmd, const char *arg, struct diary_entry *e)
{
	char bad[64], allowed[1024];
	unsigned m, set;
	unsigned char pp[DIARY_VOCAB_MAX];
	int r = diary_parse_where(arg, &m, &set, pp, bad, sizeof bad);
	if (r == -2)
		return cli_usage_error(cmd,
		                       _("--where '%s': a place's own pain is a whole number "
		                         "from 0 to 10, like lower-back:7"),
		                       bad);
	if (r < 0) {
		ids_of(diary_places, diary_nplaces, allowed, sizeof allowed);
		return cli_usage_error(cmd, _("unknown %s '%s' in %s; use one or more of: %s"),
		                       _("place"), bad, "--where", allowed);
	}
	e->where |= m;
	e->place_set |= set;
	for (int i = 0; i < diary_nplaces; i++)
		if (set & (1u << i))
			e->place_pain[i] = pp[i];
	return 0;
}

static int check_text(const char *cmd, const char *opt, const char *s)
{
	size_t n = strlen(s);
	if (!diary_utf8_valid(s, n))
		return cli_usage_error(cmd, _("%s is not valid UTF-8"), opt);
	if (n > DIARY_TEXT_MAX)
		return cli_usage_error(cmd, _("%s is longer than %d bytes"), opt, DIARY_TEXT_MAX);
	return 0;
}

static int diary_add_cmd(struct app_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"pain", required_argument, NULL, 'p'},    {"at", required_argument, NULL, 'a'},
	    {"where", required_argument, NULL, 'w'},   {"context", required_argument, NULL, 'c'},
	    {"feels", required_argument, NULL, 'f'},   {"helped", required_argument, NULL, 'h'},
	    {"note", required_argument, NULL, 'n'},    {"med", required_argument, NULL, 'm'},
	    {"verdict", required_argument, NULL, 'v'}, {NULL, 0, NULL, 0},
	};
	const char *cmd = "diary add", *at = NULL;
	struct diary_entry e;
	int c, r = 0;

	diary_entry_init(&e);
	getopt_reset();
	unsigned seen = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		/* B5: a value given twice is a mistake, not "the last one" */
		static const char once[] = "panmv";
		static const char *const once_name[] = {"--pain", "--at", "--note", "--med",
		                                        "--verdict"};
		const char *k = c > 0 ? strchr(once, c) : NULL;
		if (k) {
			unsigned bit = 1u << (k - once);
			if (seen & bit)
				return cli_usage_error(
				    cmd, _("%s was given more than once; give it once"),
				    once_name[k - once]);
			seen |= bit;
		}
		switch (c) {
		case 'p':
			e.pain = (signed char)parse_pain(optarg);
			if (e.pain < 0)
				return cli_usage_error(
				    cmd, _("--pain '%s' must be a whole number from 0 to 10"),
				    optarg);
			break;
		case 'a':
			at = optarg;
			break;
		case 'w':
			r = add_where(cmd, optarg, &e);
			break;
		case 'c':
			r = add_list(cmd, "--context", diary_contexts, diary_ncontexts,
			             _("context"), optarg, &e.context);
			break;
		case 'f':
			r = add_list(cmd, "--feels", diary_feels, diary_nfeels, _("feeling"),
			             optarg, &e.feels);
			break;
		case 'h':
			r = add_list(cmd, "--helped", diary_helped, diary_nhelped, _("help"),
			             optarg, &e.helped);
			break;
		case 'n':
			r = check_text(cmd, "--note", optarg);
			e.note = optarg;
			break;
		case 'm':
			r = check_text(cmd, "--med", optarg);
			e.med = optarg;
			break;
		case 'v':
			e.verdict = (signed char)diary_verdict_parse(optarg);
			if (e.verdict < 0)
				return cli_usage_error(cmd,
				                       _("unknown verdict '%s'; use emergency, "
				                         "urgent, soon or selfcare"),
				                       optarg);
			break;
		default:
			return bad_option(cmd, argv, c);
		}
		if (r)
			return r;
	}
	if (optind < argc)
		return cli_usage_error(cmd,
		                       _("unexpected argument '%s' (put a note in --note \"...\")"),
		                       argv[optind]);
	if (e.pain < 0)
		return cli_usage_error(
		    cmd, _("--pain N is required (0 = no pain, 10 = the worst imaginable)"));
	if (at) {
		if (diary_parse_time(at, &e) < 0)
			return cli_usage_error(
			    cmd, _("--at '%s' is not a time like '2026-11-22 09:30'"), at);
		if ((r = cli_local_time(cmd, at, &e)) != 0)
			return r;
		/* a typo in the year is easy: say so, keep what was asked */
		if (e.t > (long long)time(NULL) + 3600)
			fprintf(stderr,
			        _("warning: %s is in the future; the entry is kept as written\n"),
			        at);
	} else {
		diary_entry_set_time(&e, time(NULL));
	}

	struct diags dg = {0};
	if (cli_diary_key(o) < 0)
		return 1;
	r = diary_append_file_key(o->diary_path, o->key, &e, &dg);
	cli_print_diags(&dg);
	diags_free(&dg);
	if (r < 0)
		return 1;
	struct out out;
	out_init(&out, stdout, o->lang);
	say(&out, _("Added entry %s: %04d-%02d-%02d %02d:%02d, pain %d."), e.id, e.y, e.m, e.d,
	    e.hh, e.mm, e.pain);
	return 0;
}

/* --- diary list ------------------------------------------------------------ */

static int date_opt(const char *cmd, const char *opt, const char *arg, int *dayn)
{
	if (diary_parse_date(arg, dayn) < 0)
		return cli_usage_error(cmd, _("%s '%s' is not a date like 2026-11-22"), opt, arg);
	return 0;
}

static void print_entry(struct out *o, const struct diary_entry *e)
{
	char b[11], where[512], ctx[512], *note = flatten(e->note ? e->note : "", 1 << 20);
	bar(e->pain, b);
	labels(diary_places, diary_nplaces, e->where, where, sizeof where);
	if (e->place_set) { /* "lower back 7, hip (left) 3" */
		size_t len = 0;
		for (int i = 0; i < diary_nplaces && len < sizeof where; i++)
			if (e->where & (1u << i)) {
				len += (size_t)snprintf(where + len, sizeof where - len, "%s%s",
				                        len ? ", " : "", _(diary_places[i].label));
				if ((e->place_set & (1u << i)) && len < sizeof where)
					len += (size_t)snprintf(where + len, sizeof where - len,
					                        " %d", e->place_pain[i]);
			}
	}
	labels(diary_contexts, diary_ncontexts, e->context, ctx, sizeof ctx);
	char *line = NULL;
	if (asprintf(&line, "%04d-%02d-%02d %02d:%02d  %2d %s", e->y, e->m, e->d, e->hh, e->mm,
	             e->pain, b) < 0)
		line = NULL;
	const char *parts[3] = {where, ctx, note ? note : ""};
	for (int i = 0; i < 3 && line; i++) {
		if (!*parts[i])
			continue;
		char *l2 = NULL;
		if (asprintf(&l2, "%s  %s", line, parts[i]) < 0)
			l2 = NULL;
		free(line);
		line = l2;
	}
	if (line)
		out_line(o, line);
	free(line);
	free(note);
}

static int diary_list_cmd(struct app_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"since", required_argument, NULL, 's'},
	    {"until", required_argument, NULL, 'u'},
	    {NULL, 0, NULL, 0},
	};
	const char *cmd = "diary list";
	int c, since = -1000000, until = 1000000000;

	getopt_reset();
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		int r = 0;
		switch (c) {
		case 's':
			r = date_opt(cmd, "--since", optarg, &since);
			break;
		case 'u':
			r = date_opt(cmd, "--until", optarg, &until);
			break;
		default:
			return bad_option(cmd, argv, c);
		}
		if (r)
			return r;
	}
	if (optind < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);

	struct diary d;
	if (cli_open_diary(o, &d) < 0)
		return 1;
	struct out out;
	out_init(&out, stdout, o->lang);
	int shown = 0;
	for (int i = d.n - 1; i >= 0; i--) {
		if (d.v[i].dayn < since || d.v[i].dayn > until)
			continue;
		print_entry(&out, &d.v[i]);
		shown++;
	}
	if (!shown)
		say(&out, "%s", d.n ? _("No entries in that period.") : _("No entries yet."));
	diary_close(&d);
	return 0;
}

/* --- diary stats ----------------------------------------------------------- */

static void print_trend(struct out *o, const struct diary_stats *s, int len)
{
	char period[128], ents[64];

	if (!s->entries)
		return;
	if (!s->prev_entries) {
		cli_para(o, 0,
		         ngettext("No entries in the previous %d day to compare with.",
		                  "No entries in the previous %d days to compare with.", len),
		         len);
		return;
	}
	double diff = s->avg - s->prev_avg;
	double pct = s->prev_avg > 0 ? diff * 100 / s->prev_avg : 0;
	snprintf(period, sizeof period,
	         ngettext("The previous %d day", "The previous %d days", len), len);
	snprintf(ents, sizeof ents, ngettext("%d entry", "%d entries", s->prev_entries),
	         s->prev_entries);
	cli_para(o, 0, _("%s: average %.1f (%s); worst %d."), period, s->prev_avg, ents,
	         s->prev_worst);
	cli_para(o, 0, _("Change in the average: %+.1f points (%+.0f %%)."), diff, pct);
	if (!diary_change_noticeable(s->prev_avg, s->avg))
		cli_para(o, 0, "%s", _("That is smaller than a change people usually notice."));
	else if (diff < 0)
		cli_para(o, 0, "%s", _("Less pain, by a change people usually notice."));
	else
		cli_para(o, 0, "%s", _("More pain, by a change people usually notice."));
	/* xgettext:no-c-format */
	cli_para(o, 0, "%s",
	         _("(A change of 2 points or 30 % is one people notice: Farrar et al., 2001.)"));
}

static int period_opt(const char *cmd, int argc, char **argv, int days, int today, int *from)
{
	static const struct option opts[] = {
	    {"since", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	*from = today - days + 1;
	getopt_reset();
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c != 's')
			return bad_option(cmd, argv, c);
		int r = date_opt(cmd, "--since", optarg, from);
		if (r)
			return r;
	}
	if (optind < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
	if (*from > today) {
		char t[16];
		fmt_day(today, t, sizeof t);
		return cli_usage_error(cmd, _("--since is after today (%s)"), t);
	}
	return 0;
}

/* The average of each place's own pain, where entries gave one. */
static void print_place_pain(struct out *out, const struct diary_stats *s)
{
	int any = 0;
	for (int i = 0; i < diary_nplaces; i++)
		any |= s->place_n[i] > 0;
	if (!any)
		return;
	say(out, "%s", _("Pain by place (entries that gave a place its own number):"));
	for (int i = 0; i < diary_nplaces; i++)
		if (s->place_n[i])
			say(out, _("  %s: %.1f (n=%d)"), _(diary_places[i].label), s->place_avg[i],
			    s->place_n[i]);
}

static int diary_stats_cmd(struct app_opts *o, int argc, char **argv)
{
	int today = diary_today(time(NULL)), from, r;
	if ((r = period_opt("diary stats", argc, argv, 30, today, &from)))
		return r;

	/* the figures straight from the file: no entry kept in memory */
	struct diary_stats s;
	struct diags dg = {0};
	if (cli_diary_key(o) < 0)
		return 1;
	/* the figures, what seems to help and the check-ins in one streamed
	 * pass: no entry kept in memory */
	struct diary d;
	struct compare_acc acc;
	compare_acc_init(&acc, from, today);
	r = diary_open_stats_extras_key(&d, o->diary_path, o->key, from, today, &s, &acc, &dg);
	cli_print_diags(&dg);
	diags_free(&dg);
	if (r < 0) {
		fprintf(stderr,
		        _("backcare: the diary %s could not be read; fix what is named above "
		          "(nothing was changed)\n"),
		        diag_shown(o->diary_path));
		diary_close(&d);
		return 1;
	}

	struct out out;
	char a[16], b[16], buf[1024];
	int len = today - from + 1;
	out_init(&out, stdout, o->lang);
	fmt_day(from, a, sizeof a);
	fmt_day(today, b, sizeof b);
	say(&out, ngettext("Pain diary, %s to %s (%d day)", "Pain diary, %s to %s (%d days)", len),
	    a, b, len);
	say(&out, ngettext("Entries: %d", "Entries: %d", s.entries), s.entries);
	say(&out, ngettext("Days logged: %d", "Days logged: %d", s.days), s.days);
	if (s.entries) {
		say(&out, _("Average pain: %.1f out of 10"), s.avg);
		say(&out, _("Worst pain: %d out of 10"), s.worst);
	}
	print_trend(&out, &s, len);
	print_place_pain(&out, &s);
	top(diary_contexts, diary_ncontexts, s.context_count, 3, buf, sizeof buf);
	if (*buf)
		say(&out, _("Most common contexts: %s"), buf);
	top(diary_helped, diary_nhelped, s.helped_count, 3, buf, sizeof buf);
	if (*buf)
		say(&out, _("Helped most often: %s"), buf);
	cli_print_compare_acc(&out, &acc);
	cli_print_checkins(&out, &d, from, today, 0);
	diary_close(&d);
	return 0;
}

/* --- diary export ---------------------------------------------------------- */

static int format_opt(const char *cmd, const char *arg, int *json)
{
	if (!strcmp(arg, "csv"))
		*json = 0;
	else if (!strcmp(arg, "json"))
		*json = 1;
	else
		return cli_usage_error(cmd, _("--format '%s': use csv or json"), arg);
	return 0;
}

/* Writes the export to path with the shared atomic writer: an existing
 * file is only ever replaced by a complete one, a symlink is kept (the
 * file it points to is replaced), the export is 0600 like the diary, and a
 * full disk says so (ENOSPC, not EIO). */
static int export_to_file(const struct diary *d, int json, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return -errno;
	int r = json ? diary_export_json(m, d) : diary_export_csv(m, d);
	if (fclose(m) != 0 || r < 0)
		r = -ENOMEM;
	if (r == 0)
		r = atomic_write(path, buf, len, 0600);
	free(buf);
	return r;
}

/* To a terminal the export is for reading: control characters from the
 * diary (escape sequences, C1 controls) are left out so they cannot act
 * on the terminal. Files and pipes get every byte. */
static int export_to_terminal(const struct diary *d, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return -1;
	int r = json ? diary_export_json(m, d) : diary_export_csv(m, d);
	if (fclose(m) != 0)
		r = -1;
	/* line by line through the text engine's cleaning: no control
	 * character, escape sequence or bidi override reaches the terminal */
	for (char *line = buf, *nl; r == 0 && line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		char *c = text_clean(line, 0);
		if (!c)
			r = -1;
		else
			printf("%s\n", c);
		free(c);
	}
	free(buf);
	return r;
}

static int diary_export_cmd(struct app_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'F'},
	    {"output", required_argument, NULL, 'o'},
	    {"what", required_argument, NULL, 'W'},
	    {NULL, 0, NULL, 0},
	};
	const char *cmd = "diary export", *output = NULL;
	int c, json = -1, checkins = 0;

	getopt_reset();
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		int r = 0;
		switch (c) {
		case 'F':
			r = format_opt(cmd, optarg, &json);
			break;
		case 'o':
			output = optarg;
			break;
		case 'W':
			if (strcmp(optarg, "entries") && strcmp(optarg, "checkins"))
				return cli_usage_error(
				    cmd, _("--what '%s': use entries or checkins"), optarg);
			checkins = !strcmp(optarg, "checkins");
			break;
		default:
			return bad_option(cmd, argv, c);
		}
		if (r)
			return r;
	}
	if (optind < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
	if (json < 0)
		return cli_usage_error(cmd, _("--format csv or --format json is required"));
	if (output) {
		struct stat st, ds;
		if (stat(output, &st) == 0 && !S_ISREG(st.st_mode))
			return cli_usage_error(cmd, _("--output %s is not a regular file"), output);
		/* The export is renamed over --output: naming the diary there
		 * (or a link to it) would replace the diary with its CSV. */
		if (stat(output, &st) == 0 && stat(o->diary_path, &ds) == 0 &&
		    st.st_dev == ds.st_dev && st.st_ino == ds.st_ino)
			return cli_usage_error(
			    cmd, _("--output %s is the diary itself: the export would replace it"),
			    output);
		if (paths_is_kept_file(output, o->diary_path, o->config_path))
			return cli_usage_error(
			    cmd,
			    _("--output %s is a file backcare keeps (the diary's plan, "
			      "its lock or the settings): the export would replace it"),
			    output);
	}

	struct diary d;
	if (cli_open_diary(o, &d) < 0)
		return 1;
	int r;
	if (checkins) { /* their own small format (checkin.h): docs/CHECKINS.md */
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		r = !m     ? -ENOMEM
		    : json ? checkin_export_json(m, d.ck, d.nck)
		           : checkin_export_csv(m, d.ck, d.nck);
		if (m && fclose(m) != 0)
			r = -ENOMEM;
		if (!r && output)
			r = atomic_write(output, buf, len, 0600);
		else if (!r && fwrite(buf, 1, len, stdout) != len)
			r = -EIO;
		if (r < 0)
			fprintf(stderr, _("backcare: cannot write %s: %s\n"),
			        output ? diag_shown(output) : "-", strerror(-r));
		else if (output)
			cli_note_unencrypted(o, output);
		free(buf);
	} else if (output) {
		r = export_to_file(&d, json, output);
		if (r < 0)
			fprintf(stderr, _("backcare: cannot write %s: %s\n"), diag_shown(output),
			        strerror(-r));
		else
			cli_note_unencrypted(o, output);
	} else if (isatty(STDOUT_FILENO)) {
		r = export_to_terminal(&d, json);
	} else {
		r = json ? diary_export_json(stdout, &d) : diary_export_csv(stdout, &d);
		if (r < 0)
			perror("backcare: writing the export");
	}
	diary_close(&d);
	return r < 0 ? 1 : 0;
}

/* --- diary import ---------------------------------------------------------- */

/* Far more than any diary's export (100 000 entries are about 15 MB): an
 * import that is larger is not one (`import /dev/zero` would otherwise
 * eat all memory; faults suite). Reading stops there with EFBIG. */
#define IMPORT_MAX ((size_t)256 << 20)

static char *read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 1 << 16, n = 0, got;
	char *buf = NULL;

	if (!f)
		return NULL;
	buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n >= IMPORT_MAX) {
			free(buf);
			buf = NULL;
			errno = EFBIG;
			break;
		}
		if (n == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				errno = ENOMEM;
			}
			buf = nb;
		}
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	int e = errno;
	if (f != stdin)
		fclose(f);
	errno = e;
	*len = n;
	return buf;
}

/* An export of check-ins (`diary export --what checkins`), recognised by
 * its header or keys: validated whole, then merged (a check-in already in
 * the diary is skipped). */
static int import_checkins(struct app_opts *o, const char *file, const char *buf, size_t len,
                           int json)
{
	struct checkin *v;
	struct diags dg = {0};
	struct diary d;
	int n, added = 0, skipped = 0;
	int r = checkin_import(file, buf, len, json, &v, &n, &dg);

	cli_print_diags(&dg);
	diags_free(&dg);
	if (r < 0) {
		fprintf(stderr, _("backcare: nothing was imported: fix the rows named above\n"));
		return 1;
	}
	if (cli_open_diary(o, &d) < 0) {
		free(v);
		return 1;
	}
	r = diary_checkin_merge(&d, v, n, &added, &skipped, &dg);
	cli_print_diags(&dg);
	diags_free(&dg);
	free(v);
	diary_close(&d);
	if (r < 0)
		return 1;
	struct out out;
	out_init(&out, stdout, o->lang);
	say(&out, ngettext("Imported %d check-in.", "Imported %d check-ins.", added), added);
	if (skipped)
		say(&out,
		    ngettext("%d check-in was already in the diary.",
		             "%d check-ins were already in the diary.", skipped),
		    skipped);
	if (n - added - skipped > 0) /* A6: rows the file holds twice */
		say(&out,
		    ngettext("%d check-in was in the file more than once and is kept once.",
		             "%d check-ins were in the file more than once and are kept once.",
		             n - added - skipped),
		    n - added - skipped);
	return 0;
}

static int diary_import_cmd(struct app_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'F'},
	    {NULL, 0, NULL, 0},
	};
	const char *cmd = "diary import";
	int c, json = -1;

	getopt_reset();
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		int r = 0;
		if (c == 'F')
			r = format_opt(cmd, optarg, &json);
		else
			return bad_option(cmd, argv, c);
		if (r)
			return r;
	}
	if (json < 0)
		return cli_usage_error(cmd, _("--format csv or --format json is required"));
	if (optind + 1 != argc)
		return cli_usage_error(
		    cmd, _("give exactly one FILE to import ('-' for standard input)"));
	const char *file = argv[optind];

	size_t len;
	char *buf = read_file(file, &len);
	if (!buf) {
		int e = errno;
		char *ef = diag_escape(file); /* A14: a newline in the name stays \n */
		fprintf(stderr, _("backcare: cannot read %s: %s\n"), ef ? ef : file, strerror(e));
		free(ef);
		return 1;
	}
	struct diary from, d;
	struct diags dg = {0};
	if (checkin_export_detect(buf, len, json)) {
		int r = import_checkins(o, file, buf, len, json);
		free(buf);
		return r;
	}
	diary_init(&from);
	int r = json ? diary_import_json(&from, file, buf, len, &dg)
	             : diary_import_csv(&from, file, buf, len, &dg);
	free(buf);
	cli_print_diags(&dg);
	diags_free(&dg);
	if (r < 0) {
		fprintf(stderr, _("backcare: nothing was imported: fix the rows named above\n"));
		diary_close(&from);
		return 1;
	}
	if (cli_open_diary(o, &d) < 0) {
		diary_close(&from);
		return 1;
	}
	from.path = strdup(file); /* names the import's lines in a conflict */
	int added = 0, skipped = 0;
	r = diary_merge(&d, &from, &added, &skipped, &dg);
	cli_print_diags(&dg);
	diags_free(&dg);
	diary_close(&from);
	diary_close(&d);
	if (r < 0)
		return 1;
	struct out out;
	out_init(&out, stdout, o->lang);
	say(&out, ngettext("Imported %d entry.", "Imported %d entries.", added), added);
	if (skipped)
		say(&out,
		    ngettext("%d entry was already in the diary.",
		             "%d entries were already in the diary.", skipped),
		    skipped);
	return 0;
}

/* --- the dispatcher -------------------------------------------------------- */

static int diary_help(FILE *f)
{
	fputs(
	    _("Usage: backcare diary COMMAND [OPTION]...\n"
	      "  add --pain N [--at 'YYYY-MM-DD HH:MM'] [--where A[:N],B] [--context C,D]\n"
	      "      [--feels A,B] [--helped A,B] [--med TEXT] [--note TEXT] [--verdict LEVEL]\n"
	      "  list [--since DATE] [--until DATE]     entries, newest first\n"
	      "  stats [--since DATE]                   averages, worst, trend (default: 30 days)\n"
	      "  export --format csv|json [--output FILE]\n"
	      "  import --format csv|json FILE          nothing is added if any row is bad\n"
	      "  encrypt | decrypt                      seal the diary with a passphrase, or undo "
	      "it\n"
	      "  passphrase [--new-passphrase-file FILE]  change the passphrase\n"
	      "  erase [--yes]                          remove the diary, the plan and the "
	      "settings\n"
	      "DATE is YYYY-MM-DD. Places, contexts, feels and helped take these ids:\n"),
	    f);
	fputs(_("  export --what checkins ...             the weekly check-ins instead of the "
	        "entries\n"
	        "                                         (import tells them apart by the file)\n"),
	      f);
	const struct {
		const char *name;
		const struct vocab *v;
		int n;
	} lists[] = {
	    {"--where", diary_places, diary_nplaces},
	    {"--context", diary_contexts, diary_ncontexts},
	    {"--feels", diary_feels, diary_nfeels},
	    {"--helped", diary_helped, diary_nhelped},
	};
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		fprintf(f, "  %-10s", lists[i].name);
		for (int k = 0; k < lists[i].n; k++)
			fprintf(f, "%s%s", k ? ", " : " ", lists[i].v[k].id);
		fputc('\n', f);
	}
	return 0;
}

int cli_diary(struct app_opts *o, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct app_opts *, int, char **);
	} subs[] = {
	    {"add", diary_add_cmd},         {"list", diary_list_cmd},
	    {"stats", diary_stats_cmd},     {"export", diary_export_cmd},
	    {"import", diary_import_cmd},   {"encrypt", cli_diary_encrypt},
	    {"decrypt", cli_diary_decrypt}, {"passphrase", cli_diary_passphrase},
	    {"erase", cli_diary_erase},
	};
	/* --help anywhere (getopt would take it for an abbreviation of
	 * --helped) */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return diary_help(stdout);
	if (argc < 2)
		return cli_usage_error("diary",
		                       _("which one: add, list, stats, export or import?"));
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(o, argc - 1, argv + 1);
	return cli_usage_error(
	    "diary", _("unknown command '%s': use add, list, stats, export or import"), argv[1]);
}

/* --- report ---------------------------------------------------------------- */

struct med_count {
	const char *med;
	int n;
};

static void report_meds(struct out *o, const struct diary *d, int from, int to)
{
	struct med_count meds[16];
	int nm = 0, more = 0;
	for (int i = d->n - 1; i >= 0; i--) {
		const struct diary_entry *e = &d->v[i];
		if (e->dayn < from || e->dayn > to || !e->med)
			continue;
		int k = 0;
		while (k < nm && strcmp(meds[k].med, e->med))
			k++;
		if (k < nm)
			meds[k].n++;
		else if (nm < 16)
			meds[nm++] = (struct med_count){e->med, 1};
		else
			more = 1;
	}
	if (!nm) {
		say(o, "%s", _("Medication mentioned: none"));
		return;
	}
	say(o, "%s", _("Medication mentioned:"));
	for (int k = 0; k < nm; k++) {
		char *m = flatten(meds[k].med, NOTE_TRIM);
		say(o, ngettext("  %s (%d time)", "  %s (%d times)", meds[k].n), m ? m : "",
		    meds[k].n);
		free(m);
	}
	if (more)
		say(o, "%s", _("  (and others)"));
}

static void report_chart(struct out *o, const struct diary *d, int from, int to)
{
	/* Weeks start on Monday; day 0 (1970-01-01) was a Thursday. */
	int start = from - ((from % 7 + 7 + 3) % 7);
	say(o, "%s", _("Pain by week (week starting, average, worst):"));
	for (int w = start; w <= to; w += 7) {
		int a = w < from ? from : w, b = w + 6 > to ? to : w + 6;
		struct diary_day days[7];
		int n = 0, worst = -1;
		double sum = 0;
		diary_days(d, b, b - a + 1, days);
		for (int i = 0; i <= b - a; i++) {
			n += days[i].n;
			sum += days[i].avg * days[i].n;
			if (days[i].worst > worst)
				worst = days[i].worst;
		}
		char day[16], br[11];
		fmt_day(w, day, sizeof day);
		if (!n) {
			say(o, _("  %s  ..........  no entries"), day);
			continue;
		}
		bar((int)(sum / n + 0.5), br);
		say(o,
		    ngettext("  %s  %s  %4.1f  worst %2d  (%d entry)",
		             "  %s  %s  %4.1f  worst %2d  (%d entries)", n),
		    day, br, sum / n, worst, n);
	}
}

static void report_verdicts(struct out *o, const struct diary *d, int from, int to)
{
	int shown = 0;
	for (int i = d->n - 1; i >= 0; i--) {
		const struct diary_entry *e = &d->v[i];
		if (e->dayn < from || e->dayn > to || e->verdict < 0)
			continue;
		if (!shown++)
			say(o, "%s", _("Red-flag checklist verdicts recorded:"));
		say(o, "  %04d-%02d-%02d %02d:%02d  %s", e->y, e->m, e->d, e->hh, e->mm,
		    diary_verdict_word(e->verdict));
	}
	if (!shown)
		say(o, "%s", _("Red-flag checklist verdicts recorded: none"));
}

static void report_notes(struct out *o, const struct diary *d, int from, int to)
{
	int shown = 0, more = 0;
	for (int i = d->n - 1; i >= 0; i--) {
		const struct diary_entry *e = &d->v[i];
		if (e->dayn < from || e->dayn > to || !e->note)
			continue;
		if (shown == MAX_NOTES) {
			more++;
			continue;
		}
		if (!shown++)
			say(o, "%s", _("Notes (latest first):"));
		char *n = flatten(e->note, NOTE_TRIM);
		cli_para(o, 2, _("%04d-%02d-%02d %02d:%02d, pain %d: %s"), e->y, e->m, e->d, e->hh,
		         e->mm, e->pain, n ? n : "");
		free(n);
	}
	if (more)
		say(o, ngettext("  (%d more note not shown)", "  (%d more notes not shown)", more),
		    more);
	if (!shown)
		say(o, "%s", _("Notes: none"));
}

/* An absolute spelling of path, to say where a file went. malloc'd. */
static char *where_written(const char *path)
{
	char cwd[4096], *r;
	if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
		return strdup(path);
	if (asprintf(&r, "%s/%s", cwd, path) < 0)
		return NULL;
	return r;
}

/* `report --pdf FILE`: backcare-pdf draws the page (cairo and Pango stay
 * out of this program); its messages are passed on. */
static int report_pdf(struct app_opts *o, const char *file, const char *since, const char *paper)
{
	char err[4096];
	if (cli_diary_key(o) < 0) /* an encrypted diary: its key goes to the child */
		return 1;
	int r = report_write(NULL, o->diary_path, o->key, lang_table[o->lang].code, file, since,
	                     paper, err, sizeof err);
	fputs(err, stderr);
	if (r != 0)
		return r == 2 ? 2 : 1;
	cli_note_unencrypted(o, file);
	char *w = where_written(file);
	struct out out;
	out_init(&out, stdout, o->lang);
	say(&out, _("The report is in %s"), w ? w : file);
	free(w);
	return 0;
}

int cli_report(struct app_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"since", required_argument, NULL, 's'},
	    {"pdf", required_argument, NULL, 'P'},
	    {"paper", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	int today = diary_today(time(NULL)), from = today - 90 + 1, r, c;
	const char *pdf = NULL, *paper = NULL, *since = NULL;
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(_("Usage: backcare report [--since YYYY-MM-DD]\n"
		        "A one-page plain-text summary of the diary for a clinician\n"
		        "(default: the last 90 days).\n"),
		      stdout);
		fputs(
		    _("       backcare report --pdf FILE [--since YYYY-MM-DD] [--paper a4|letter]\n"
		      "The same as one printable PDF page with charts (paper: from the\n"
		      "locale, else A4).\n"),
		    stdout);
		return 0;
	}
	getopt_reset();
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if ((r = date_opt("report", "--since", optarg, &from)))
				return r;
			since = optarg;
			break;
		case 'P':
			if (!*optarg)
				return cli_usage_error("report", _("option '%s' needs a value"),
				                       "--pdf");
			pdf = optarg;
			break;
		case 'p':
			if (strcmp(optarg, "a4") && strcmp(optarg, "letter"))
				return cli_usage_error("report", _("--paper %s: use a4 or letter"),
				                       optarg);
			paper = optarg;
			break;
		default:
			return bad_option("report", argv, c);
		}
	}
	if (optind < argc)
		return cli_usage_error("report", _("unexpected argument '%s'"), argv[optind]);
	if (from > today) {
		char t[16];
		fmt_day(today, t, sizeof t);
		return cli_usage_error("report", _("--since is after today (%s)"), t);
	}
	if (paper && !pdf)
		return cli_usage_error("report", _("--paper goes with --pdf FILE"));
	if (pdf)
		return report_pdf(o, pdf, since, paper);
	struct diary d;
	if (cli_open_diary(o, &d) < 0)
		return 1;
	struct diary_stats s;
	diary_stats(&d, from, today, &s);

	struct out out;
	char a[16], b[16], buf[1024];
	int len = today - from + 1;
	out_init(&out, stdout, o->lang);
	say(&out, "%s", _("Back pain diary: a summary for a clinician"));
	fmt_day(from, a, sizeof a);
	fmt_day(today, b, sizeof b);
	say(&out, ngettext("Period: %s to %s (%d day)", "Period: %s to %s (%d days)", len), a, b,
	    len);
	say(&out, ngettext("Entries: %d", "Entries: %d", s.entries), s.entries);
	say(&out, ngettext("Days with an entry: %d", "Days with an entry: %d", s.days), s.days);
	if (s.entries) {
		say(&out, _("Average pain: %.1f out of 10 (0 = none, 10 = worst imaginable)"),
		    s.avg);
		say(&out, _("Worst pain: %d out of 10"), s.worst);
	}
	print_trend(&out, &s, len);
	say(&out, "%s", "");
	if (s.entries) {
		report_chart(&out, &d, from, today);
		say(&out, "%s", "");
	}
	static const struct {
		const char *head;
		const struct vocab *v;
		const int *n;
		size_t off;
	} parts[] = {
	    {N_("Where: %s"), diary_places, &diary_nplaces,
	     offsetof(struct diary_stats, where_count)},
	    {N_("Felt as: %s"), diary_feels, &diary_nfeels,
	     offsetof(struct diary_stats, feels_count)},
	    {N_("Context: %s"), diary_contexts, &diary_ncontexts,
	     offsetof(struct diary_stats, context_count)},
	    {N_("What helped: %s"), diary_helped, &diary_nhelped,
	     offsetof(struct diary_stats, helped_count)},
	};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		const int *counts = (const int *)((const char *)&s + parts[i].off);
		top(parts[i].v, *parts[i].n, counts, *parts[i].n, buf, sizeof buf);
		if (!*buf)
			snprintf(buf, sizeof buf, "%s", _("not recorded"));
		cli_para(&out, 0, _(parts[i].head), buf);
		if (i == 0)
			print_place_pain(&out, &s);
	}
	report_meds(&out, &d, from, today);
	report_verdicts(&out, &d, from, today);
	say(&out, "%s", "");
	if (d.nck) {
		cli_print_checkins(&out, &d, from, today, 1);
		say(&out, "%s", "");
	}
	if (diary_compare(&d, from, today, (struct comparison[1]){0}, 1)) {
		cli_print_compare(&out, &d, from, today);
		say(&out, "%s", "");
	}
	report_notes(&out, &d, from, today);
	say(&out, "%s", "");
	cli_para(&out, 0, "%s",
	         _("Written by the patient in backcare, a private pain diary. It records "
	           "what they noticed; it is not a diagnosis."));
	diary_close(&d);
	return 0;
}
