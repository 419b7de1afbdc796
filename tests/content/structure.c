/* structure.c — prints the language-independent shape of one content
 * directory (ids, categories, links, section and table shapes, checklist
 * levels and groups) so tests/content/run.sh can diff the languages.
 * Usage: structure DIR (DIR is content/<lang>). Problems go to stderr and
 * make the exit status 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"

/* Words that send a reader to emergency care, per language. A card whose
 * text holds one must declare at least one emergency red flag, and a card
 * that declares one must hold one of these words (so the flags are not
 * decoration). Matching is by substring on the card's own text: title,
 * summary, headings, paragraphs, bullets and table cells. */
static const struct {
	const char *lang;
	const char *words[8];
} emergency_words[] = {
    {"en", {"emergency", "A&E", "999", "911", "112", "ambulance", NULL}},
    {"zh_CN", {"急救", "急诊", "120", "救护车", "立即求助", NULL}},
    {"ar", {"الطوارئ", "الطارئة", "الإسعاف", "997", "طارئة", NULL}},
};
static const char *const *lang_words;
static const char *lang_name;

/* Words that mark advice for someone who may harm themselves. A person at
 * immediate risk must be told to call the emergency number, but that is
 * no sign of the back-pain checklist, so a paragraph, bullet or cell that
 * holds one of these is not counted as sending readers to emergency care
 * for a checklist sign. Keep such advice in its own paragraph: any other
 * emergency advice in it would go unchecked. */
static const struct {
	const char *lang;
	const char *words[4];
} crisis_words[] = {
    {"en", {"harming yourself", NULL}},
    {"zh_CN", {"伤害自己", NULL}},
    {"ar", {"إيذاء نفسك", NULL}},
};
static const char *const *lang_crisis;

static const char *hit(const char *text)
{
	if (!text)
		return NULL;
	for (int i = 0; lang_crisis && lang_crisis[i]; i++)
		if (strcasestr(text, lang_crisis[i]))
			return NULL;
	for (int i = 0; lang_words && lang_words[i]; i++)
		if (strcasestr(text, lang_words[i]))
			return lang_words[i];
	return NULL;
}

/* The first emergency word in the card's text, or NULL. */
static const char *card_emergency_word(const struct card *c)
{
	const char *w;

	if ((w = hit(c->title)) || (w = hit(c->summary)))
		return w;
	for (int i = 0; i < c->nsections; i++) {
		const struct card_section *s = &c->sections[i];
		if ((w = hit(s->heading)))
			return w;
		for (int j = 0; j < s->nparagraphs; j++)
			if ((w = hit(s->paragraphs[j])))
				return w;
		for (int j = 0; j < s->nbullets; j++)
			if ((w = hit(s->bullets[j])))
				return w;
		for (int j = 0; s->table && j < s->table->ncols * (s->table->nrows + 1); j++) {
			const char *cell = j < s->table->ncols
			                       ? s->table->columns[j]
			                       : s->table->cells[j - s->table->ncols];
			if ((w = hit(cell)))
				return w;
		}
	}
	return NULL;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Links in any order mean the same thing: sort a copy before printing. */
static void print_ids(const char *label, char **ids, int n)
{
	char **v = malloc(((size_t)n + 1) * sizeof *v);

	printf(" %s=", label);
	if (!v)
		return;
	memcpy(v, ids, (size_t)n * sizeof *v);
	qsort(v, (size_t)n, sizeof *v, str_cmp);
	for (int i = 0; i < n; i++)
		printf("%s%s", i ? "," : "", v[i]);
	if (!n)
		printf("-");
	free(v);
}

static int print_card(const struct card *c)
{
	int bad = 0;

	printf("card %s %s", c->id, content_categories[c->category].id);
	print_ids("see_also", c->see_also, c->nsee_also);
	for (int l = LEVEL_COUNT - 1; l > LEVEL_SELFCARE; l--) {
		char *ids[64];
		int n = 0;
		for (int i = 0; i < c->nflags && n < 64; i++)
			if (c->flags[i].level == l)
				ids[n++] = c->flags[i].id;
		if (n)
			print_ids(level_word(l), ids, n);
	}
	{
		const char *w = card_emergency_word(c);
		int nem = 0;
		for (int i = 0; i < c->nflags; i++)
			nem += c->flags[i].level == LEVEL_EMERGENCY;
		/* printed so that the languages must agree on it too */
		printf(" sends-to-emergency=%s", w ? "yes" : "no");
		if (lang_words && w && !nem) {
			fprintf(stderr,
			        "%s: card '%s' sends the reader to emergency care ('%s') "
			        "but declares no red_flags: emergency: [...]\n",
			        c->file, c->id, w);
			bad = 1;
		}
		if (lang_words && !w && nem) {
			fprintf(stderr,
			        "%s: card '%s' declares emergency red flags but its text "
			        "never says to get emergency help\n",
			        c->file, c->id);
			bad = 1;
		}
	}
	printf(" sections=%d tables=", c->nsections);
	for (int i = 0; i < c->nsections; i++) {
		const struct card_table *t = c->sections[i].table;
		if (t)
			printf("%s%dx%d", i ? "," : "", t->ncols, t->nrows);
		else
			printf("%s-", i ? "," : "");
	}
	printf("\n");
	if (c->nsources < 1) {
		fprintf(stderr, "%s: card '%s' lists no sources\n", c->file, c->id);
		bad = 1;
	}
	if (!c->reviewed) {
		fprintf(stderr, "%s: card '%s' has no reviewed date\n", c->file, c->id);
		bad = 1;
	}
	return bad;
}

static int print_checklist(const struct checklist *cl, const struct card_set *set)
{
	int bad = 0;

	for (int i = 0; i < cl->n; i++) {
		const struct check_item *it = &cl->items[i];
		const char *w = hit(it->sign_of);
		printf("item %s %s %s\n", it->id, level_word(it->level),
		       content_groups[it->group].id);
		if (lang_words && it->level == LEVEL_EMERGENCY && !w) {
			fprintf(stderr,
			        "%s: emergency item '%s' does not say to get emergency help\n",
			        cl->file, it->id);
			bad = 1;
		}
		if (lang_words && it->level != LEVEL_EMERGENCY && w) {
			fprintf(stderr, "%s: %s item '%s' speaks of emergency care ('%s')\n",
			        cl->file, level_word(it->level), it->id, w);
			bad = 1;
		}
	}
	for (int l = LEVEL_COUNT - 1; l >= 0; l--) {
		const struct level_info *li = &cl->levels[l];
		printf("level %s", level_word(l));
		print_ids("cards", li->cards, li->ncards);
		printf("\n");
		for (int i = 0; i < li->ncards; i++)
			if (!cards_find(set, li->cards[i])) {
				fprintf(stderr,
				        "%s: level '%s' suggests card '%s', which does not exist\n",
				        cl->file, level_word(l), li->cards[i]);
				bad = 1;
			}
	}
	if (cl->nsources < 1 || !cl->reviewed) {
		fprintf(stderr, "%s: the checklist needs sources and a reviewed date\n", cl->file);
		bad = 1;
	}
	return bad;
}

int main(int argc, char **argv)
{
	struct card_set set = {0};
	struct checklist cl;
	struct diags d = {0};
	int bad = 0, have_cl;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CONTENT/LANG\n", argv[0]);
		return 2;
	}
	{
		const char *base = strrchr(argv[1], '/');
		base = base && base[1] ? base + 1 : argv[1];
		lang_name = base;
		for (size_t i = 0; i < sizeof emergency_words / sizeof *emergency_words; i++)
			if (!strcmp(emergency_words[i].lang, base))
				lang_words = emergency_words[i].words;
		for (size_t i = 0; i < sizeof crisis_words / sizeof *crisis_words; i++)
			if (!strcmp(crisis_words[i].lang, base))
				lang_crisis = crisis_words[i].words;
		if (!lang_words)
			fprintf(stderr,
			        "%s: no emergency words for language '%s'; "
			        "the emergency check is skipped\n",
			        argv[1], base);
	}
	if (content_load_cards(argv[1], &set, &d) < 0)
		bad = 1;
	have_cl = content_load_checklist(argv[1], &cl, &d) == 0;
	if (!have_cl)
		bad = 1;
	else
		content_check_red_flags(&set, &cl, &d);
	for (int i = 0; i < d.n; i++)
		fprintf(stderr, "%s%s\n", d.v[i].sev == DIAG_WARN ? "warning: " : "", d.v[i].text);
	if (d.n)
		bad = 1;
	for (int i = 0; i < set.n; i++)
		bad |= print_card(&set.v[i]);
	if (have_cl)
		bad |= print_checklist(&cl, &set);
	cards_free(&set);
	checklist_free(&cl);
	diags_free(&d);
	return bad;
}
