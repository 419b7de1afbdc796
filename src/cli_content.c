/* cli_content.c — the cards, show, checklist and triage subcommands: the
 * content model printed as plain text through the text engine. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cardlayout.h"
#include "cli.h"
#include "content.h"
#include "i18n.h"
#include "search.h"
#include "text.h"
#include "triage.h"

/* Loader diagnostics go to stderr but never stop the command: the user
 * still gets every card that loaded. Their text quotes the files, so it
 * is cleaned of control characters like any other data. */
static int load_cards(const struct app_opts *o, struct card_set *set)
{
	struct diags d = {0};
	char dir[4096];
	int rc = content_load_cards(cli_lang_dir(o, dir, sizeof dir), set, &d);

	cli_print_diags(&d);
	diags_free(&d);
	return rc;
}

static int load_checklist(const struct app_opts *o, struct checklist *cl)
{
	struct diags d = {0};
	char dir[4096];
	int rc = content_load_checklist(cli_lang_dir(o, dir, sizeof dir), cl, &d);

	cli_print_diags(&d);
	diags_free(&d);
	return rc;
}

/* Parses the subcommand's options (only --help so far). Returns -1 to go
 * on with the operands at argv[optind], else the exit status. */
static int cmd_options(const struct app_opts *o, int argc, char **argv, const char *usage)
{
	static const struct option opts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	optind = 0; /* main's getopt_long ran before: start afresh */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'h') {
			printf(usage, o->progname);
			return 0;
		}
		fprintf(stderr, _("%s %s: unknown option '%s'\n"), o->progname, argv[0],
		        argv[optind - 1]);
		fprintf(stderr, _("Try '%s %s --help' for more information.\n"), o->progname,
		        argv[0]);
		return 2;
	}
	return -1;
}

static int no_operands(const struct app_opts *o, int argc, char **argv)
{
	if (optind >= argc)
		return 0;
	fprintf(stderr, _("%s %s: unexpected argument '%s'\n"), o->progname, argv[0], argv[optind]);
	return 2;
}

static int finish(const struct app_opts *o, struct out *out)
{
	if (fflush(out->f) == 0 && !ferror(out->f))
		return 0;
	fprintf(stderr, _("%s: error writing output\n"), o->progname);
	return 1;
}

static void out_blank(struct out *o)
{
	fputc('\n', o->f);
}

/* A paragraph behind a mark ("•"), its other lines under the text: a
 * hanging indent. indent counts from the line's start side, so for
 * right-to-left text on a terminal the mark and indent are on the right. */
static int out_hang(struct out *o, const char *mark, const char *utf8, int indent)
{
	int mw = *mark ? text_width(mark) + 1 : 0;
	int w = o->width - indent - mw;
	struct text_lines tl;
	int rc = 0;

	if (w < 10)
		w = 10;
	if (text_layout(utf8, w, o->dir, o->visual ? 0 : TEXT_LOGICAL | TEXT_NOALIGN, &tl) < 0)
		return -1;
	for (int i = 0; i < tl.n && rc == 0; i++) {
		const struct text_line *l = &tl.v[i];
		int rtl = o->visual && l->rtl;
		char *s = text_line_utf8(l, rtl);
		if (!s) {
			rc = -1;
			break;
		}
		if (rtl)
			fprintf(o->f, "%s%s%s\n", s, i == 0 && mw ? " " : "", i == 0 ? mark : "");
		else if (i == 0)
			fprintf(o->f, "%*s%s%s%s\n", indent, "", mark, mw ? " " : "", s);
		else
			fprintf(o->f, "%*s%s\n", indent + mw, "", s);
		free(s);
	}
	text_lines_free(&tl);
	return rc || ferror(o->f) ? -1 : 0;
}

/* The card as its blocks (cardlayout.h, the same the app's reader draws):
 * paragraphs wrapped to the width, bullets hanging, grid lines as they
 * come (they fit the width). */
static void out_card(struct out *o, const struct card_set *set, const struct card *c)
{
	struct card_layout cl;

	card_layout(set, c, o->width, o->dir == TEXT_RTL, &cl);
	for (int i = 0; i < cl.n; i++) {
		const struct cl_block *b = &cl.v[i];
		switch (b->kind) {
		case CL_BLANK:
			out_blank(o);
			break;
		case CL_BULLET:
		case CL_LINK:
			out_hang(o, b->mark, b->text, b->indent);
			break;
		default:
			out_par(o, b->text, b->indent);
			break;
		}
	}
	card_layout_free(&cl);
}

int cli_cards(struct app_opts *o, int argc, char **argv)
{
	struct card_set set;
	struct out out;
	int rc;

	rc = cmd_options(o, argc, argv,
	                 _("Usage: %s cards\n"
	                   "Lists the topic cards, one line each: ID, CATEGORY and TITLE\n"
	                   "separated by tabs, in the order the app shows them.\n"));
	if (rc >= 0)
		return rc;
	if ((rc = no_operands(o, argc, argv)))
		return rc;
	if (load_cards(o, &set) < 0)
		return 1;
	out_init(&out, stdout, o->lang);
	for (int i = 0; i < set.n; i++) {
		const struct card *c = &set.v[i];
		char *line = NULL;
		if (asprintf(&line, "%s\t%s\t%s", c->id, content_categories[c->category].id,
		             c->title) < 0)
			break;
		out_line(&out, line);
		free(line);
	}
	cards_free(&set);
	return finish(o, &out);
}

int cli_show(struct app_opts *o, int argc, char **argv)
{
	const struct card *c;
	struct card_set set;
	struct out out;
	int rc;

	rc = cmd_options(o, argc, argv,
	                 _("Usage: %s show ID\n"
	                   "Prints the topic card ID as plain text, wrapped to the terminal\n"
	                   "(to a pipe: to $COLUMNS, else 80 columns). 'cards' lists the ids.\n"));
	if (rc >= 0)
		return rc;
	if (argc - optind != 1) {
		fprintf(stderr,
		        argc - optind < 1 ? _("%s show: which card? Give one card id.\n")
		                          : _("%s show: give only one card id.\n"),
		        o->progname);
		fprintf(stderr, _("Try '%s show --help' for more information.\n"), o->progname);
		return 2;
	}
	if (load_cards(o, &set) < 0)
		return 1;
	c = cards_find(&set, argv[optind]);
	if (!c) {
		char *id = text_clean(argv[optind], 0);
		fprintf(stderr, _("%s: no card with id '%s'\n"), o->progname, id ? id : "");
		fprintf(stderr,
		        _("Try '%s cards' for the list of ids, or '%s search WORDS' to "
		          "find a card.\n"),
		        o->progname, o->progname);
		free(id);
		cards_free(&set);
		return 1;
	}
	out_init(&out, stdout, o->lang);
	out_card(&out, &set, c);
	cards_free(&set);
	return finish(o, &out);
}

int cli_search(struct app_opts *o, int argc, char **argv)
{
	struct search_hit *hits;
	struct card_set set;
	struct out out;
	char *query;
	size_t len = 1;
	int rc, n;

	rc = cmd_options(o, argc, argv,
	                 _("Usage: %s search WORDS...\n"
	                   "Lists the topic cards that hold every word, in any order, best first:\n"
	                   "ID and TITLE separated by a tab. Case, Arabic diacritics and letter\n"
	                   "forms do not matter; Chinese may be typed without spaces.\n"
	                   "'show ID' prints a card.\n"));
	if (rc >= 0)
		return rc;
	if (optind >= argc) {
		fprintf(stderr, _("%s search: what should I look for? Give one or more words.\n"),
		        o->progname);
		fprintf(stderr, _("Try '%s search --help' for more information.\n"), o->progname);
		return 2;
	}
	for (int i = optind; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (!(query = calloc(len, 1)))
		return 1;
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			strcat(query, " ");
		strcat(query, argv[i]);
	}
	if (load_cards(o, &set) < 0) {
		free(query);
		return 1;
	}
	n = search_cards(&set, query, &hits);
	if (n < 0) {
		fprintf(stderr, _("%s: out of memory\n"), o->progname);
		rc = 1;
	} else if (n == 0) {
		char *q = text_clean(query, 0);
		fprintf(stderr, _("%s search: no card holds every word of '%s'.\n"), o->progname,
		        q ? q : "");
		fprintf(stderr,
		        _("Try fewer or other words, or '%s cards' for the list of cards.\n"),
		        o->progname);
		free(q);
		rc = 1;
	} else {
		out_init(&out, stdout, o->lang);
		for (int i = 0; i < n; i++) {
			const struct card *c = &set.v[hits[i].card];
			char *line = NULL;
			if (asprintf(&line, "%s\t%s", c->id, c->title) < 0)
				break;
			out_line(&out, line);
			free(line);
		}
		rc = finish(o, &out);
	}
	free(hits);
	free(query);
	cards_free(&set);
	return rc;
}

int cli_checklist(struct app_opts *o, int argc, char **argv)
{
	struct checklist cl;
	struct out out;
	int rc;

	rc = cmd_options(o, argc, argv,
	                 _("Usage: %s checklist\n"
	                   "Lists the red-flag checklist, one line per item: ID, LEVEL and\n"
	                   "QUESTION separated by tabs. Give the ids you tick to 'triage'.\n"));
	if (rc >= 0)
		return rc;
	if ((rc = no_operands(o, argc, argv)))
		return rc;
	if (load_checklist(o, &cl) < 0)
		return 1;
	out_init(&out, stdout, o->lang);
	for (int i = 0; i < cl.n; i++) {
		const struct check_item *it = &cl.items[i];
		char *line = NULL;
		if (asprintf(&line, "%s\t%s\t%s", it->id, level_word(it->level), it->question) < 0)
			break;
		out_line(&out, line);
		free(line);
	}
	checklist_free(&cl);
	return finish(o, &out);
}

/* Ticks the items named in ids; an unknown one is a usage error, reported
 * before anything is printed. */
static int triage_ticks(const struct app_opts *o, const struct checklist *cl, int n, char **ids,
                        bool *ticked)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		int k = checklist_find(cl, ids[i]);
		if (k >= 0) {
			ticked[k] = true;
			continue;
		}
		char *id = text_clean(ids[i], 0);
		fprintf(stderr, _("%s triage: no checklist item with id '%s'\n"), o->progname,
		        id ? id : "");
		free(id);
		bad = 1;
	}
	if (bad)
		fprintf(stderr, _("Try '%s checklist' for the list of ids.\n"), o->progname);
	return bad ? 2 : 0;
}

/* The card's title, and under it the command that prints it (a line of
 * its own, so that the id is never broken at a hyphen). */
static void out_card_ref(struct out *out, const struct app_opts *o, const char *mark,
                         const struct card *c, int indent)
{
	char *s = NULL;

	out_hang(out, mark, c->title, indent);
	if (asprintf(&s, "%*s%s show %s", indent + (int)text_width(mark) + 1, "", o->progname,
	             c->id) < 0)
		return;
	out_line(out, s);
	free(s);
}

/* The level's cards not already named under a reason. */
static void out_suggestions(struct out *out, const struct app_opts *o, const struct level_info *li,
                            const struct card_set *set, const struct verdict *v)
{
	int shown = 0;

	for (int i = 0; i < li->ncards; i++) {
		const struct card *c = cards_find(set, li->cards[i]);
		int dup = 0;
		for (int k = 0; c && v->cards && k < v->nreasons; k++)
			dup |= v->cards[k] >= 0 && &set->v[v->cards[k]] == c;
		if (!c || dup)
			continue;
		if (!shown++) {
			out_blank(out);
			out_par(out, _("Cards that may help:"), 0);
		}
		out_card_ref(out, o, "•", c, 0);
	}
}

static void out_verdict(struct out *out, const struct app_opts *o, const struct checklist *cl,
                        const struct card_set *set, const struct verdict *v)
{
	const struct level_info *li = &cl->levels[v->level];

	out_line(out, level_word(v->level));
	if (li->title)
		out_par(out, li->title, 0);
	for (int i = 0; i < li->nadvice; i++)
		out_hang(out, "•", li->advice[i], 0);
	if (v->level == LEVEL_EMERGENCY && cl->emergency_numbers) {
		out_blank(out);
		out_par(out, cl->emergency_numbers, 0);
	}
	if (v->nreasons) {
		out_blank(out);
		out_par(out, _("Because you said:"), 0);
		for (int i = 0; i < v->nreasons; i++) {
			const struct check_item *it = &cl->items[v->reasons[i]];
			out_hang(out, "•", it->question, 0);
			out_hang(out, "", it->sign_of, 2);
			if (v->cards && v->cards[i] >= 0) {
				/* TRANSLATORS: before a card's title: the card about this sign */
				out_card_ref(out, o, _("Read:"), &set->v[v->cards[i]], 2);
			}
		}
	}
	out_suggestions(out, o, li, set, v);
}

int cli_triage(struct app_opts *o, int argc, char **argv)
{
	struct checklist cl;
	struct card_set set = {0};
	struct verdict v;
	struct out out;
	bool *ticked;
	int rc;

	rc = cmd_options(o, argc, argv,
	                 _("Usage: %s triage [ID]...\n"
	                   "Says how soon to get help for the ticked checklist items ID...\n"
	                   "('checklist' lists them). The first line is one word: emergency,\n"
	                   "urgent, soon or selfcare. It never diagnoses.\n"));
	if (rc >= 0)
		return rc;
	if (load_checklist(o, &cl) < 0)
		return 1;
	ticked = calloc((size_t)cl.n + 1, sizeof *ticked);
	if (!ticked) {
		checklist_free(&cl);
		return 1;
	}
	rc = triage_ticks(o, &cl, argc - optind, argv + optind, ticked);
	if (rc == 0 && triage_evaluate(&cl, ticked, &v) < 0)
		rc = 1;
	if (rc == 0) {
		/* the cards name the signs they are about: a card for each
		 * reason; without cards the verdict is still given */
		struct diags d = {0};
		if (load_cards(o, &set) == 0) {
			content_check_red_flags(&set, &cl, &d);
			cli_print_diags(&d);
			diags_free(&d);
		}
		if (triage_suggest(&cl, &set, &v) < 0) {
			verdict_free(&v);
			rc = 1;
		}
	}
	if (rc == 0) {
		out_init(&out, stdout, o->lang);
		out_verdict(&out, o, &cl, &set, &v);
		verdict_free(&v);
		rc = finish(o, &out);
	}
	cards_free(&set);
	free(ticked);
	checklist_free(&cl);
	return rc;
}
