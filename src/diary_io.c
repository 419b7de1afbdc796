/* diary_io.c — the diary as CSV (RFC 4180) and JSON for a clinician or a
 * spreadsheet, and the way back in: every row validated before any is kept. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diary.h"
#include "i18n.h"

static const char *const columns[] = {"id",     "time", "pain", "where",   "feels",     "context",
                                      "helped", "med",  "note", "verdict", "place_pain"};
/* place_pain (issue 13.5) is last: an older export without it imports as
 * it did, and a spreadsheet's columns stay where they were. */
enum {
	C_ID,
	C_TIME,
	C_PAIN,
	C_WHERE,
	C_FEELS,
	C_CONTEXT,
	C_HELPED,
	C_MED,
	C_NOTE,
	C_VERDICT,
	C_PLACE_PAIN,
	C_COUNT
};

struct list_field {
	const struct vocab *v;
	const int *n;
	const char *what; /* N_() */
};
/* where, feels, context, helped, in column order. */
static const struct list_field lists[4] = {
    {diary_places, &diary_nplaces, N_("place")},
    {diary_feels, &diary_nfeels, N_("feeling")},
    {diary_contexts, &diary_ncontexts, N_("context")},
    {diary_helped, &diary_nhelped, N_("help")},
};

static unsigned *list_mask(struct diary_entry *e, int i)
{
	unsigned *m[4] = {&e->where, &e->feels, &e->context, &e->helped};
	return m[i];
}

/* --- export -------------------------------------------------------------- */

static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* A text cell a spreadsheet would run as a formula (= + - @, or a tab or
 * CR before one) is written with a leading apostrophe, which spreadsheets
 * show as text; a cell that starts with an apostrophe gets one more, so
 * the importer can take exactly one away and restore every cell. */
#define CSV_DEFUSE "=+-@\t\r'"

static void csv_text(FILE *f, const char *s)
{
	if (*s && strchr(CSV_DEFUSE, *s)) {
		char *t = malloc(strlen(s) + 2);
		if (t) {
			t[0] = '\'';
			strcpy(t + 1, s);
			csv_field(f, t);
			free(t);
			return;
		}
	}
	csv_field(f, s);
}

int diary_export_csv(FILE *f, const struct diary *d)
{
	char buf[1024];

	for (int c = 0; c < C_COUNT; c++)
		fprintf(f, "%s%s", c ? "," : "", columns[c]);
	fputs("\r\n", f);
	for (int i = 0; i < d->n; i++) {
		struct diary_entry e = d->v[i];
		diary_format_time(&e, buf, sizeof buf);
		fprintf(f, "%s,%s,%d", e.id, buf, e.pain);
		for (int l = 0; l < 4; l++) {
			vocab_format_list(lists[l].v, *lists[l].n, *list_mask(&e, l), ";", buf,
			                  sizeof buf);
			fputc(',', f);
			fputs(buf, f);
		}
		fputc(',', f);
		csv_text(f, e.med ? e.med : "");
		fputc(',', f);
		csv_text(f, e.note ? e.note : "");
		fputc(',', f);
		if (e.verdict >= 0)
			fputs(diary_verdict_word(e.verdict), f);
		fputc(',', f);
		diary_format_place_pain(&e, ";", buf, sizeof buf);
		fputs(buf, f);
		fputs("\r\n", f);
	}
	return ferror(f) ? -1 : 0;
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
				fprintf(f, "\\u%04x", *++p); /* C1 controls */
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

int diary_export_json(FILE *f, const struct diary *d)
{
	char tbuf[40];

	fputs("[", f);
	for (int i = 0; i < d->n; i++) {
		struct diary_entry e = d->v[i];
		fputs(i ? ",\n  {" : "\n  {", f);
		fputs("\"id\": ", f);
		json_string(f, e.id);
		diary_format_time(&e, tbuf, sizeof tbuf);
		fprintf(f, ", \"time\": \"%s\", \"pain\": %d", tbuf, e.pain);
		for (int l = 0; l < 4; l++) {
			unsigned m = *list_mask(&e, l);
			int first = 1;
			fprintf(f, ", \"%s\": [", columns[C_WHERE + l]);
			for (int k = 0; k < *lists[l].n; k++)
				if (m & (1u << k)) {
					fprintf(f, "%s\"%s\"", first ? "" : ", ", lists[l].v[k].id);
					first = 0;
				}
			fputc(']', f);
		}
		fputs(", \"med\": ", f);
		json_string(f, e.med ? e.med : "");
		fputs(", \"note\": ", f);
		json_string(f, e.note ? e.note : "");
		if (e.verdict >= 0)
			fprintf(f, ", \"verdict\": \"%s\"", diary_verdict_word(e.verdict));
		else
			fputs(", \"verdict\": null", f);
		/* only where a place has its own pain: other objects as before */
		for (int k = 0, first = 1; k < diary_nplaces; k++)
			if (e.place_set & (1u << k)) {
				fprintf(f, "%s\"%s\": %d", first ? ", \"place_pain\": {" : ", ",
				        diary_places[k].id, e.place_pain[k]);
				first = 0;
			}
		fputs(e.place_set ? "}}" : "}", f);
	}
	fputs(d->n ? "\n]\n" : "]\n", f);
	return ferror(f) ? -1 : 0;
}

/* --- shared by both importers ------------------------------------------- */

struct sbuf {
	char *p;
	size_t n, cap;
};

static int sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->cap - b->n < n + 1) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap - b->n < n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

/* Where a problem is: "row N" of a CSV, "entry N" at line:col of JSON. */
struct where {
	struct diags *dg;
	const char *name;
	int row, line, col, json;
	int bad;
};

static void bad(struct where *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bad(struct where *w, const char *fmt, ...)
{
	char msg[600], file[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	w->bad = 1;
	if (w->json) {
		diags_add(w->dg, DIAG_ERROR, w->name, w->line, w->col, _("entry %d: %s"), w->row,
		          msg);
	} else {
		/* A2: a CSV problem at its line and column too (the row, after
		 * a quoted field of several lines, is not the line) */
		(void)file;
		diags_add(w->dg, DIAG_ERROR, w->name, w->line, w->col, _("row %d: %s"), w->row,
		          msg);
	}
}

/* Sets one field of e from its text; problems go to w. */
static void set_field(struct where *w, struct diary_entry *e, int col, const char *s, size_t len,
                      char **med, char **note)
{
	char tmp[64];

	if (col != C_MED && col != C_NOTE && !diary_utf8_valid(s, len)) {
		bad(w, _("%s is not valid UTF-8"), columns[col]);
		return;
	}
	switch (col) {
	case C_ID:
		if (len && !diary_id_valid(s))
			bad(w, _("id '%s' may only hold letters, digits and . _ : - (at most 31)"),
			    s);
		else
			memcpy(e->id, s, len + 1);
		return;
	case C_TIME:
		if (diary_parse_time(s, e) < 0)
			bad(w, _("'%s' is not a time like 2026-11-22T09:30:00+01:00"), s);
		return;
	case C_PAIN: {
		const char *a = s;
		while (*a == ' ')
			a++;
		size_t n = strlen(a);
		while (n && a[n - 1] == ' ')
			n--;
		int v = 0, ok = n >= 1 && n <= 2;
		for (size_t i = 0; ok && i < n; i++) {
			ok = a[i] >= '0' && a[i] <= '9';
			v = v * 10 + (a[i] - '0');
		}
		if (!ok || v > 10)
			bad(w, _("pain '%s' is not a whole number from 0 to 10"), s);
		else
			e->pain = (signed char)v;
		return;
	}
	case C_WHERE:
	case C_FEELS:
	case C_CONTEXT:
	case C_HELPED: {
		const struct list_field *l = &lists[col - C_WHERE];
		if (vocab_parse_list(l->v, *l->n, s, ';', list_mask(e, col - C_WHERE), tmp,
		                     sizeof tmp) < 0)
			bad(w, _("unknown %s '%s'"), _(l->what), tmp);
		return;
	}
	case C_MED:
	case C_NOTE:
		if (!w->json && len >= 2 && s[0] == '\'' && strchr(CSV_DEFUSE, s[1])) {
			s++; /* defused by the export (csv_text): restored */
			len--;
		}
		if (!diary_utf8_valid(s, len))
			bad(w, _("%s is not valid UTF-8"), columns[col]);
		else if (len > DIARY_TEXT_MAX)
			bad(w, _("%s is longer than %d bytes"), columns[col], DIARY_TEXT_MAX);
		else
			*(col == C_MED ? med : note) = len ? strndup(s, len) : NULL;
		return;
	case C_PLACE_PAIN: {
		unsigned m, set;
		int r = diary_parse_where(s, &m, &set, e->place_pain, tmp, sizeof tmp);
		if (r == -1)
			bad(w, _("unknown %s '%s'"), _("place"), tmp);
		else if (r < 0 || m != set)
			bad(w, _("place_pain '%s' is not like lower-back:7;hip-left:3 (0 to 10)"),
			    r < 0 ? tmp : s);
		else
			e->place_set = set;
		return;
	}
	case C_VERDICT:
		if (!len)
			return;
		e->verdict = (signed char)diary_verdict_parse(s);
		if (e->verdict < 0)
			bad(w, _("unknown verdict '%s' (emergency, urgent, soon or selfcare)"), s);
		return;
	}
}

/* Adds a parsed row to into once it is known to be good. */
static void finish_row(struct where *w, struct diary *into, struct diary_entry *e, int seen_time,
                       int seen_pain, char *med, char *note)
{
	if (!seen_time)
		bad(w, _("no time"));
	if (!seen_pain)
		bad(w, _("no pain"));
	for (int i = 0; i < diary_nplaces && !w->bad; i++)
		if (e->place_set & ~e->where & (1u << i))
			bad(w, _("place_pain names %s, which is not in where"), diary_places[i].id);
	if (!w->bad) {
		e->med = med;
		e->note = note;
		if (diary_push(into, e) < 0)
			bad(w, _("out of memory"));
	}
	free(med);
	free(note);
}

/* Rows are separate entries unless they carry the same id: rows of one id
 * and the same contents become one entry; one id with two contents is an
 * error naming both lines. Returns 1 if there was such an error. */
static int check_ids(struct diary *into, const char *name, struct diags *dg)
{
	size_t cap = 64;
	while (cap < (size_t)into->n * 2 + 2)
		cap *= 2;
	int *slot = calloc(cap, sizeof *slot), errors = 0, k = 0;
	if (!slot) {
		diags_add(dg, DIAG_ERROR, name, 0, 0, "%s", _("out of memory"));
		return 1;
	}
	for (int i = 0; i < into->n; i++) {
		struct diary_entry *e = &into->v[i];
		int dup = -1;
		if (e->id[0]) {
			unsigned h = 2166136261u;
			for (const char *c = e->id; *c; c++)
				h = (h ^ (unsigned char)*c) * 16777619u;
			size_t at = h & (cap - 1);
			while (slot[at] && strcmp(into->v[slot[at] - 1].id, e->id))
				at = (at + 1) & (cap - 1);
			if (slot[at])
				dup = slot[at] - 1;
			else
				slot[at] = k + 1;
		}
		if (dup >= 0 && !diary_entry_same(&into->v[dup], e)) {
			if (e->col > 0 && into->v[dup].col > 0) /* JSON: objects may share a line */
				diags_add(dg, DIAG_ERROR, name, e->line, e->col,
				          _("id '%s' is also at line %d, column %d, with other "
				            "contents: one of them must get another id"),
				          e->id, into->v[dup].line, into->v[dup].col);
			else
				diags_add(dg, DIAG_ERROR, name, e->line, 1,
				          _("id '%s' is also on line %d, with other contents: "
				            "one of them must get another id"),
				          e->id, into->v[dup].line);
			errors = 1;
		}
		if (dup < 0)
			into->v[k++] = *e; /* keep it; a same-content twin goes */
	}
	into->n = k;
	free(slot);
	return errors;
}

static void reset_on_error(struct diary *into, int errors)
{
	if (errors) {
		diary_close(into);
		diary_init(into);
	} else {
		diary_sort(into);
	}
}

/* --- CSV import ---------------------------------------------------------- */

struct csv {
	const char *p, *end;
	size_t *offs;    /* start of each field in row */
	const char **at; /* where each field starts in the text (A2) */
	int nf, capf;
	struct sbuf row;
};

/* Line and column (in characters) of at in buf, counting lines from from,
 * which is at line fline (A2). */
static void csv_pos(const char *buf, const char *from, int fline, const char *at, struct where *w)
{
	const char *ls = from;
	w->line = fline;
	for (const char *q = from; q < at; q++)
		if (*q == '\n') {
			w->line++;
			ls = q + 1;
		}
	if (ls == from) /* the line started before from */
		while (ls > buf && ls[-1] != '\n')
			ls--;
	w->col = 1;
	for (const char *q = ls; q < at; q++)
		w->col += ((unsigned char)*q & 0xC0) != 0x80;
}

/* Reads one record into c->row (fields NUL-separated). Returns 1 for a
 * record, 0 at the end, -1 on a quoting error (message in *why). */
static int csv_record(struct csv *c, const char **why)
{
	c->row.n = 0;
	c->nf = 0;
	if (c->p >= c->end)
		return 0;
	for (;;) {
		if (c->nf == c->capf) {
			int cap = c->capf ? c->capf * 2 : 16;
			size_t *o = realloc(c->offs, (size_t)cap * sizeof *o);
			if (o)
				c->offs = o;
			const char **a = o ? realloc(c->at, (size_t)cap * sizeof *a) : NULL;
			if (!a) {
				*why = N_("out of memory");
				return -1;
			}
			c->at = a;
			c->capf = cap;
		}
		c->at[c->nf] = c->p;
		c->offs[c->nf++] = c->row.n;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				const char *q = memchr(c->p, '"', (size_t)(c->end - c->p));
				if (!q) {
					*why = N_("a quoted field is not closed");
					return -1;
				}
				if (sb_add(&c->row, c->p, (size_t)(q - c->p)) < 0)
					return -1;
				c->p = q + 1;
				if (c->p < c->end && *c->p == '"') {
					if (sb_add(&c->row, "\"", 1) < 0)
						return -1;
					c->p++;
					continue;
				}
				break;
			}
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				*why = N_("unexpected text after a closing quote");
				return -1;
			}
		} else {
			const char *s = c->p;
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r' &&
			       *c->p != '"')
				c->p++;
			if (c->p < c->end && *c->p == '"') {
				*why = N_("a quote inside a field that is not quoted");
				return -1;
			}
			if (sb_add(&c->row, s, (size_t)(c->p - s)) < 0)
				return -1;
		}
		if (sb_add(&c->row, "", 1) < 0) /* the separator NUL */
			return -1;
		if (c->p >= c->end)
			return 1;
		if (*c->p == ',') {
			c->p++;
			continue;
		}
		if (*c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		return 1;
	}
}

int diary_import_csv(struct diary *into, const char *name, const char *buf, size_t len,
                     struct diags *dg)
{
	struct csv c = {.p = buf, .end = buf + len};
	struct where w = {.dg = dg, .name = name, .row = 1};
	int colmap[C_COUNT * 2], ncols = 0, errors = 0, r;
	const char *why = NULL;

	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		c.p += 3; /* a spreadsheet's byte order mark */
	w.line = w.col = 1;
	r = csv_record(&c, &why);
	if (r <= 0) {
		if (r < 0)
			csv_pos(buf, buf, 1, c.p, &w);
		bad(&w, "%s", r < 0 && why ? _(why) : _("no header row"));
		errors = 1;
		goto out;
	}
	int seen = 0;
	for (int i = 0; i < c.nf; i++) {
		const char *h = c.row.p + c.offs[i];
		int k = -1;
		for (int j = 0; j < C_COUNT; j++)
			if (!strcmp(h, columns[j]))
				k = j;
		if (k < 0 || (seen & (1 << k)) || i >= C_COUNT * 2) {
			csv_pos(buf, buf, 1, c.at[i], &w);
			bad(&w,
			    k < 0 ? _("unknown column '%s' (expected "
			              "id,time,pain,where,feels,context,helped,med,note,verdict,"
			              "place_pain)")
			          : _("column '%s' is given twice"),
			    h);
			errors = 1;
			continue;
		}
		seen |= 1 << k;
		colmap[ncols++] = k;
	}
	if (!(seen & (1 << C_TIME)) || !(seen & (1 << C_PAIN))) {
		w.line = w.col = 1;
		bad(&w, _("the header needs at least the columns time and pain"));
		errors = 1;
	}
	if (errors)
		goto out;
	const char *counted = buf;
	int line = 1;
	for (;;) {
		w.row++;
		w.bad = 0;
		for (; counted < c.p; counted++)
			line += *counted == '\n';
		const char *rec = c.p;
		w.line = line;
		w.col = 1;
		r = csv_record(&c, &why);
		if (r == 0)
			break;
		if (r < 0) {
			/* an unclosed quote: where it opens */
			const char *at = why && !strcmp(why, "a quoted field is not closed") && c.nf
			                     ? c.at[c.nf - 1]
			                 : c.p < c.end ? c.p
			                               : rec;
			csv_pos(buf, rec, line, at, &w);
			bad(&w, "%s", why ? _(why) : _("out of memory"));
			errors = 1;
			break; /* after broken quoting, rows cannot be told apart */
		}
		if (c.nf == 1 && c.row.p[0] == '\0') {
			w.row--; /* a blank line */
			continue;
		}
		if (c.nf != ncols) {
			bad(&w, _("%d fields, but the header has %d"), c.nf, ncols);
			errors = 1;
			continue;
		}
		struct diary_entry e;
		char *med = NULL, *note = NULL;
		int st = 0, sp = 0;
		diary_entry_init(&e);
		e.line = line;
		for (int i = 0; i < ncols; i++) {
			size_t flen = (i + 1 < c.nf ? c.offs[i + 1] - 1 : c.row.n - 1) - c.offs[i];
			csv_pos(buf, rec, line, c.at[i], &w);
			set_field(&w, &e, colmap[i], c.row.p + c.offs[i], flen, &med, &note);
			st |= colmap[i] == C_TIME;
			sp |= colmap[i] == C_PAIN;
		}
		w.line = line;
		w.col = 1;
		finish_row(&w, into, &e, st, sp, med, note);
		errors |= w.bad;
	}
out:
	free(c.row.p);
	free(c.offs);
	free(c.at);
	if (!errors)
		errors = check_ids(into, name, dg);
	reset_on_error(into, errors);
	return errors ? -EINVAL : 0;
}

/* --- JSON import --------------------------------------------------------- */

struct json {
	const char *p, *end, *line_start;
	int line;
	struct where *w;
	struct sbuf s; /* the last string read */
	const char *fatal;
};

static void jpos(struct json *j)
{
	j->w->line = j->line;
	j->w->col = (int)(j->p - j->line_start) + 1;
}

static void jfatal(struct json *j, const char *msg)
{
	if (j->fatal)
		return;
	j->fatal = msg;
	jpos(j);
	diags_add(j->w->dg, DIAG_ERROR, j->w->name, j->w->line, j->w->col, "%s", _(msg));
}

static void jws(struct json *j)
{
	while (j->p < j->end) {
		char ch = *j->p;
		if (ch == '\n') {
			j->line++;
			j->line_start = j->p + 1;
		} else if (ch != ' ' && ch != '\t' && ch != '\r') {
			break;
		}
		j->p++;
	}
}

static int jlit(struct json *j, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(j->end - j->p) >= n && !memcmp(j->p, lit, n)) {
		j->p += n;
		return 1;
	}
	return 0;
}

static int hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (d < 0)
			return -1;
		*v = *v << 4 | (unsigned)d;
	}
	return 0;
}

static int put_utf8(struct sbuf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), u[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	}
	return sb_add(b, u, n);
}

/* A string at j->p (on its opening quote) into j->s. */
static int jstring(struct json *j)
{
	j->s.n = 0;
	sb_add(&j->s, "", 0);
	if (j->p >= j->end || *j->p != '"') {
		jfatal(j, N_("expected a string"));
		return -1;
	}
	j->p++;
	for (;;) {
		const char *run = j->p;
		while (j->p < j->end && *j->p != '"' && *j->p != '\\' &&
		       (unsigned char)*j->p >= 0x20)
			j->p++;
		if (sb_add(&j->s, run, (size_t)(j->p - run)) < 0) {
			jfatal(j, N_("out of memory"));
			return -1;
		}
		if (j->p >= j->end) {
			jfatal(j, N_("a string is not closed"));
			return -1;
		}
		char ch = *j->p;
		if (ch == '"') {
			j->p++;
			break;
		}
		if (ch != '\\') {
			jfatal(j, N_("a control character inside a string"));
			return -1;
		}
		if (j->end - j->p < 2) {
			jfatal(j, N_("a string is not closed"));
			return -1;
		}
		char e = j->p[1];
		const char *simple = strchr("\"\\/bfnrt", e);
		if (simple && e) {
			static const char out[] = "\"\\/\b\f\n\r\t";
			sb_add(&j->s, &out[simple - "\"\\/bfnrt"], 1);
			j->p += 2;
			continue;
		}
		unsigned cp, lo;
		if (e != 'u' || j->end - j->p < 6 || hex4(j->p + 2, &cp) < 0) {
			jfatal(j, N_("a bad escape in a string"));
			return -1;
		}
		j->p += 6;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
			    hex4(j->p + 2, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff) {
				jfatal(j, N_("a lone surrogate in a \\u escape"));
				return -1;
			}
			j->p += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		} else if (cp >= 0xdc00 && cp <= 0xdfff) {
			jfatal(j, N_("a lone surrogate in a \\u escape"));
			return -1;
		}
		if (cp == 0) {
			jfatal(j, N_("a NUL character in a string"));
			return -1;
		}
		put_utf8(&j->s, cp);
	}
	if (!diary_utf8_valid(j->s.p, j->s.n)) {
		jfatal(j, N_("a string is not valid UTF-8"));
		return -1;
	}
	return 0;
}

/* Skips any value (for a key with the wrong type), depth-limited. */
static int jskip(struct json *j, int depth)
{
	jws(j);
	if (depth > 64) {
		jfatal(j, N_("nested too deeply"));
		return -1;
	}
	if (j->p >= j->end) {
		jfatal(j, N_("unexpected end of the file"));
		return -1;
	}
	char ch = *j->p;
	if (ch == '"')
		return jstring(j);
	if (ch == '[' || ch == '{') {
		char close = ch == '[' ? ']' : '}';
		j->p++;
		jws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 0;
		}
		for (;;) {
			if (ch == '{') {
				jws(j);
				if (jstring(j) < 0)
					return -1;
				jws(j);
				if (!jlit(j, ":")) {
					jfatal(j, N_("expected ':'"));
					return -1;
				}
			}
			if (jskip(j, depth + 1) < 0)
				return -1;
			jws(j);
			if (jlit(j, ","))
				continue;
			if (j->p < j->end && *j->p == close) {
				j->p++;
				return 0;
			}
			jfatal(j,
			       ch == '[' ? N_("expected ',' or ']'") : N_("expected ',' or '}'"));
			return -1;
		}
	}
	if (jlit(j, "true") || jlit(j, "false") || jlit(j, "null"))
		return 0;
	const char *s = j->p;
	if (j->p < j->end && *j->p == '-')
		j->p++;
	while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') || *j->p == '.' || *j->p == 'e' ||
	                         *j->p == 'E' || *j->p == '+' || *j->p == '-'))
		j->p++;
	if (j->p == s) {
		jfatal(j, N_("expected a value"));
		return -1;
	}
	return 0;
}

/* A list value: an array of id strings (or null). */
static int jlist(struct json *j, int l, struct diary_entry *e)
{
	const struct list_field *lf = &lists[l];
	int r = 0;

	if (jlit(j, "null"))
		return 0;
	if (!jlit(j, "[")) {
		jpos(j);
		bad(j->w, _("%s must be a list"), columns[C_WHERE + l]);
		return jskip(j, 1);
	}
	jws(j);
	if (jlit(j, "]"))
		return 0;
	for (;;) {
		jws(j);
		jpos(j);
		if (jstring(j) < 0) {
			r = -1;
			break;
		}
		int k = vocab_find(lf->v, *lf->n, j->s.p);
		if (k < 0)
			bad(j->w, _("unknown %s '%s'"), _(lf->what), j->s.p);
		else
			*list_mask(e, l) |= 1u << k;
		jws(j);
		if (jlit(j, ","))
			continue;
		if (jlit(j, "]"))
			break;
		jfatal(j, N_("expected ',' or ']'"));
		r = -1;
		break;
	}
	return r;
}

/* place_pain: an object of place id to a number 0..10 (or null). */
static int jplace_pain(struct json *j, struct diary_entry *e)
{
	if (jlit(j, "null"))
		return 0;
	if (!jlit(j, "{")) {
		jpos(j);
		bad(j->w, _("expected place_pain like {lower-back: 7, hip-left: 3}"));
		return jskip(j, 1);
	}
	jws(j);
	if (jlit(j, "}"))
		return 0;
	for (;;) {
		jws(j);
		jpos(j);
		if (jstring(j) < 0)
			return -1;
		int k = vocab_find(diary_places, diary_nplaces, j->s.p);
		if (k < 0)
			bad(j->w, _("unknown %s '%s'"), _("place"), j->s.p);
		jws(j);
		if (!jlit(j, ":")) {
			jfatal(j, N_("expected ':'"));
			return -1;
		}
		jws(j);
		jpos(j);
		const char *s = j->p;
		if (jskip(j, 1) < 0)
			return -1;
		size_t n = (size_t)(j->p - s);
		int v = 0, ok = n >= 1 && n <= 2;
		for (size_t i = 0; ok && i < n; i++) {
			ok = s[i] >= '0' && s[i] <= '9';
			v = v * 10 + (s[i] - '0');
		}
		if (!ok || v > 10)
			bad(j->w, _("pain must be a number from 0 to 10"));
		else if (k >= 0) {
			e->place_set |= 1u << k;
			e->place_pain[k] = (unsigned char)v;
		}
		jws(j);
		if (jlit(j, ","))
			continue;
		if (jlit(j, "}"))
			return 0;
		jfatal(j, N_("expected ',' or '}'"));
		return -1;
	}
}

/* One entry object (j->p on its '{'). */
static int jentry(struct json *j, struct diary *into)
{
	struct diary_entry e;
	char *med = NULL, *note = NULL;
	int seen = 0;

	diary_entry_init(&e);
	jpos(j);
	j->w->bad = 0;
	int oline = j->w->line, ocol = j->w->col;
	if (!jlit(j, "{")) {
		bad(j->w, _("an entry must be an object"));
		return jskip(j, 1);
	}
	jws(j);
	if (!jlit(j, "}")) {
		for (;;) {
			jws(j);
			jpos(j);
			if (jstring(j) < 0)
				goto fail;
			int k = -1;
			for (int c = 0; c < C_COUNT; c++)
				if (!strcmp(j->s.p, columns[c]))
					k = c;
			if (k < 0)
				bad(j->w, _("unknown key '%s'"), j->s.p);
			else if (seen & (1 << k))
				bad(j->w, _("'%s' is given twice"), j->s.p);
			jws(j);
			if (!jlit(j, ":")) {
				jfatal(j, N_("expected ':'"));
				goto fail;
			}
			jws(j);
			jpos(j);
			if (k < 0 || (seen & (1 << k))) {
				if (jskip(j, 1) < 0)
					goto fail;
			} else if (k >= C_WHERE && k <= C_HELPED) {
				if (jlist(j, k - C_WHERE, &e) < 0)
					goto fail;
			} else if (k == C_PLACE_PAIN) {
				if (jplace_pain(j, &e) < 0)
					goto fail;
			} else if (k == C_PAIN) {
				const char *s = j->p;
				if (jskip(j, 1) < 0)
					goto fail;
				char num[16];
				size_t n = (size_t)(j->p - s);
				snprintf(num, sizeof num, "%.*s", (int)(n < 15 ? n : 15), s);
				if (*s == '"' || n > 2)
					bad(j->w, _("pain must be a number from 0 to 10"));
				else
					set_field(j->w, &e, k, num, strlen(num), &med, &note);
			} else if (jlit(j, "null")) {
				if (k == C_TIME)
					bad(j->w, _("no time"));
			} else {
				if (jstring(j) < 0)
					goto fail;
				char **slot = k == C_MED ? &med : k == C_NOTE ? &note : NULL;
				if (slot && *slot) {
					free(*slot);
					*slot = NULL;
				}
				set_field(j->w, &e, k, j->s.p, j->s.n, &med, &note);
			}
			if (k >= 0)
				seen |= 1 << k;
			jws(j);
			if (jlit(j, ","))
				continue;
			if (jlit(j, "}"))
				break;
			jfatal(j, N_("expected ',' or '}'"));
			goto fail;
		}
	}
	j->w->line = oline;
	j->w->col = ocol;
	e.line = oline;
	e.col = ocol;
	finish_row(j->w, into, &e, seen & (1 << C_TIME), seen & (1 << C_PAIN), med, note);
	return 0;
fail:
	free(med);
	free(note);
	return -1;
}

int diary_import_json(struct diary *into, const char *name, const char *buf, size_t len,
                      struct diags *dg)
{
	struct where w = {.dg = dg, .name = name, .json = 1};
	struct json j = {.p = buf, .end = buf + len, .line_start = buf, .line = 1, .w = &w};
	int errors = 0;

	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		j.p += 3, j.line_start += 3;
	jws(&j);
	if (!jlit(&j, "[")) {
		jfatal(&j, N_("expected '[': a JSON export is an array of entries"));
		goto out;
	}
	jws(&j);
	if (!jlit(&j, "]")) {
		for (;;) {
			w.row++;
			jws(&j);
			if (jentry(&j, into) < 0)
				goto out;
			errors |= w.bad;
			jws(&j);
			if (jlit(&j, ","))
				continue;
			if (jlit(&j, "]"))
				break;
			jfatal(&j, N_("expected ',' or ']'"));
			goto out;
		}
	}
	jws(&j);
	if (j.p != j.end)
		jfatal(&j, N_("text after the end of the array"));
out:
	errors |= j.fatal != NULL;
	free(j.s.p);
	if (!errors)
		errors = check_ids(into, name, dg);
	reset_on_error(into, errors);
	return errors ? -EINVAL : 0;
}
