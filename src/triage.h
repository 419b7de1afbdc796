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
};

/* ticked has cl->n entries. Returns 0, or -1 on out of memory. */
int triage_evaluate(const struct checklist *cl, const bool *ticked,
		    struct verdict *out);
void verdict_free(struct verdict *v);

#endif
