/* diag.c — collecting "file:line:column: message" diagnostics. */
#include "diag.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A14, A6: a control character in a file name or a value is shown as an
 * escape (\n, \t, \r, \e, \xHH), so the message stays on one line and
 * says what was there (neither dropped nor raw); C1 and bidi controls are
 * dropped by text_clean. */
char *diag_escape(const char *text)
{
	size_t n = strlen(text), k = 0;
	char *esc = malloc(4 * n + 1), *clean;
	if (!esc)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c >= 0x20 && c != 0x7f) {
			esc[k++] = (char)c;
			continue;
		}
		esc[k++] = '\\';
		switch (c) {
		case '\n':
			esc[k++] = 'n';
			break;
		case '\t':
			esc[k++] = 't';
			break;
		case '\r':
			esc[k++] = 'r';
			break;
		case 0x1b:
			esc[k++] = 'e';
			break;
		default:
			k += (size_t)sprintf(esc + k, "x%02x", c);
		}
	}
	esc[k] = '\0';
	clean = text_clean(esc, 0);
	free(esc);
	return clean;
}

const char *diag_shown(const char *s)
{
	static char buf[4][8192];
	static int k;
	char *e = s ? diag_escape(s) : NULL;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s", e ? e : s ? s : "");
	free(e);
	return buf[k];
}

void diags_add(struct diags *d, enum diag_sev sev, const char *file, int line, int col,
               const char *fmt, ...)
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
