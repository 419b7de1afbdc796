/* diag.c — collecting "file:line:column: message" diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diags_add(struct diags *d, enum diag_sev sev, const char *file, int line,
	       int col, const char *fmt, ...)
{
	char msg[512], *text;
	va_list ap;
	int len;

	if (!d)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		len = snprintf(NULL, 0, "%s:%d:%d: %s", file, line, col, msg);
	else
		len = snprintf(NULL, 0, "%s: %s", file, msg);
	text = malloc((size_t)len + 1);
	if (!text)
		return;
	if (line > 0)
		snprintf(text, (size_t)len + 1, "%s:%d:%d: %s", file, line, col, msg);
	else
		snprintf(text, (size_t)len + 1, "%s: %s", file, msg);
	if (d->n == d->cap) {
		int cap = d->cap ? d->cap * 2 : 8;
		struct diag *v = realloc(d->v, (size_t)cap * sizeof *v);
		if (!v) {
			free(text);
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n].sev = sev;
	d->v[d->n].text = text;
	d->n++;
	if (sev == DIAG_ERROR)
		d->nerrors++;
}

void diags_free(struct diags *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
	memset(d, 0, sizeof *d);
}
