/* triage.h — the red-flag verdict: pure, no I/O.
 * The verdict is the most urgent level among the ticked items; it lists
 * every ticked item, most urgent first (file order within a level); with
 * nothing ticked it is LEVEL_SELFCARE with no reasons. */
#ifndef BACKCARE_TRIAGE_H
#define BACKCARE_TRIAGE_H

#include <stdbool.h>

#include "content.h"

struct verdict {
	enum level level;
	int *reasons; /* indexes into cl->items */
	int nreasons;
	int *cards; /* after triage_suggest: for each reason, the index in the
	               card set of the card about it, or -1; else NULL */
};

/* ticked has cl->n entries. Returns 0, or -1 on out of memory. */
int triage_evaluate(const struct checklist *cl, const bool *ticked, struct verdict *out);
/* Fills v->cards: for each reason, the card about that sign
 * (cards_about_flag: the red_flags of the cards name it). Returns 0, or -1
 * on out of memory (v->cards stays NULL). */
int triage_suggest(const struct checklist *cl, const struct card_set *set, struct verdict *v);
void verdict_free(struct verdict *v);

#endif
