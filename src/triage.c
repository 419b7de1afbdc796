/* triage.c — the red-flag verdict from the ticked checklist items (pure). */
#include "triage.h"

#include <stdlib.h>

int triage_evaluate(const struct checklist *cl, const bool *ticked, struct verdict *out)
{
	int n = 0;

	out->level = LEVEL_SELFCARE;
	out->reasons = NULL;
	out->nreasons = 0;
	out->cards = NULL;
	for (int i = 0; ticked && i < cl->n; i++)
		if (ticked[i])
			n++;
	if (!n)
		return 0;
	out->reasons = malloc((size_t)n * sizeof *out->reasons);
	if (!out->reasons)
		return -1;
	/* One pass per level, most urgent first, keeps file order inside a
	 * level without a sort (the checklist has a few dozen items). */
	for (int l = LEVEL_COUNT - 1; l >= 0; l--)
		for (int i = 0; i < cl->n; i++) {
			if (!ticked[i] || (int)cl->items[i].level != l)
				continue;
			if (!out->nreasons)
				out->level = (enum level)l;
			out->reasons[out->nreasons++] = i;
		}
	return 0;
}

int triage_suggest(const struct checklist *cl, const struct card_set *set, struct verdict *v)
{
	free(v->cards);
	v->cards = NULL;
	if (!v->nreasons)
		return 0;
	v->cards = malloc((size_t)v->nreasons * sizeof *v->cards);
	if (!v->cards)
		return -1;
	for (int k = 0; k < v->nreasons; k++)
		v->cards[k] = cards_about_flag(set, cl, v->reasons[k]);
	return 0;
}

void verdict_free(struct verdict *v)
{
	if (!v)
		return;
	free(v->reasons);
	free(v->cards);
	v->cards = NULL;
	v->reasons = NULL;
	v->nreasons = 0;
	v->level = LEVEL_SELFCARE;
}
