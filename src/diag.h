/* diag.h — diagnostics collected while reading outside files, each one
 * "file:line:column: message", so a loader can report every problem and
 * go on with what it could read. */
#ifndef BACKCARE_DIAG_H
#define BACKCARE_DIAG_H

enum diag_sev { DIAG_WARN, DIAG_ERROR };

struct diag {
	enum diag_sev sev;
	char *text; /* "file:line:column: message" (line and column from 1) */
};

struct diags {
	struct diag *v;
	int n, cap;
	int nerrors;
};

/* line/col are 1-based; pass 0 for both when no position applies, and the
 * text is then "file: message". */
/* text with every C0 control shown as an escape (\n, \t, \r, \e,
 * \xHH) and escape sequences and bidi controls gone: malloc'd, or NULL. */
char *diag_escape(const char *text);
/* The same in one of four static buffers: for a file name in a message
 * printed at once (A14). */
const char *diag_shown(const char *s);

void diags_add(struct diags *d, enum diag_sev sev, const char *file, int line, int col,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diags_free(struct diags *d);

#endif
