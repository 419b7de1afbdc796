/* diag.c — collecting "file:line:column: message" diagnostics. */
#include "diag.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A newline or tab in a quoted value is shown as \n or \t (the message
 * stays on one line and says what was there); every other control
 * character, escape sequence and bidi control is dropped by text_clean. */
static char *diag_escape(const char *text)
{
	size_t n = strlen(text), k = 0;
	char *esc = malloc(2 * n + 1), *clean;
	if (!esc)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\n' || text[i] == '\t') {
			esc[k++] = '\\';
			esc[k++] = text[i] == '\n' ? 'n' : 't';
		} else {
			esc[k++] = text[i];
		}
	}
	esc[k] = '\0';
	clean = text_clean(esc, 0);
	free(esc);
	return clean;
}

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
	/* Messages quote file names and bad values from the data: never let
	 * an escape sequence or a bidi override in them reach a terminal. */
	char *clean = diag_escape(text);
	if (clean) {
		free(text);
		text = clean;
	}
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
