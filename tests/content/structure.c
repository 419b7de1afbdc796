/* structure.c — prints the language-independent shape of one content
 * directory (ids, categories, links, section and table shapes, checklist
 * levels and groups) so tests/content/run.sh can diff the languages.
 * Usage: structure DIR (DIR is content/<lang>). Problems go to stderr and
 * make the exit status 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"

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

	for (int i = 0; i < cl->n; i++)
		printf("item %s %s %s\n", cl->items[i].id, level_word(cl->items[i].level),
		       content_groups[cl->items[i].group].id);
	for (int l = LEVEL_COUNT - 1; l >= 0; l--) {
		const struct level_info *li = &cl->levels[l];
		printf("level %s", level_word(l));
		print_ids("cards", li->cards, li->ncards);
		printf("\n");
		for (int i = 0; i < li->ncards; i++)
			if (!cards_find(set, li->cards[i])) {
				fprintf(stderr, "%s: level '%s' suggests card '%s', which does not exist\n",
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
