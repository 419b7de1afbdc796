/* page.h — the one-page PDF report: what goes on it (gathered from the
 * diary by main.c with public diary.h calls) and the call that draws it. */
#ifndef BACKCARE_PDF_PAGE_H
#define BACKCARE_PDF_PAGE_H

#include <cairo.h>

#include "diary.h"

struct page_med {
	const char *text;
	int n;
};

struct page_data {
	int lang;     /* enum lang */
	int letter;   /* 1: US letter, 0: A4 */
	int from, to; /* the period, day numbers, both included */
	struct diary_stats s;
	struct diary_day *days; /* from..to, one per day */
	int ndays;
	const struct diary *d; /* entries (notes, verdicts) and weekly
	                          check-ins (d->ck), oldest first */
	struct page_med meds[16];
	int nmeds, more_meds;
};

/* Page size in points. */
void page_size(int letter, double *w, double *h);
/* Draws the whole report on one page of the surface's cairo context. */
void page_draw(cairo_t *cr, const struct page_data *pd);

#endif
