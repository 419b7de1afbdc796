/* diary_yaml.c — the diary's file format: the YAML writer (one record
 * exactly as the appender writes it, or a whole file) and the reader
 * (libyaml events into entries, with file:line:column errors). The
 * top-level keys are dispatched in one table, top_keys[]. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <yaml.h>

#include "checkin.h"
#include "diary.h"
#include "diary_impl.h"
#include "i18n.h"

/* --- writing the YAML ---------------------------------------------------- */

void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->cap - b->n < n + 1) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap - b->n < n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* A YAML double-quoted scalar that reads back as exactly s: everything a
 * YAML reader would fold, refuse or take as a line break is escaped. */
static void put_quoted(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[16];

	buf_add(b, "\"", 1);
	while (*p) {
		const unsigned char *run = p;
		while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			p++;
		buf_add(b, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		unsigned c = *p;
		if (c < 0x80) {
			switch (c) {
			case '"':
				buf_add(b, "\\\"", 2);
				break;
			case '\\':
				buf_add(b, "\\\\", 2);
				break;
			case '\n':
				buf_add(b, "\\n", 2);
				break;
			case '\t':
				buf_add(b, "\\t", 2);
				break;
			case '\r':
				buf_add(b, "\\r", 2);
				break;
			default:
				snprintf(esc, sizeof esc, "\\x%02X", c);
				buf_adds(b, esc);
			}
			p++;
			continue;
		}
		/* Stored text is valid UTF-8 (checked on the way in). */
		int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		unsigned cp = c & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
		for (int i = 1; i < n && p[i]; i++)
			cp = cp << 6 | (p[i] & 0x3f);
		if (cp <= 0x9f)
			snprintf(esc, sizeof esc, "\\x%02X", cp);
		else if (cp == 0x2028 || cp == 0x2029 || cp == 0xfeff || cp == 0xfffe ||
		         cp == 0xffff)
			snprintf(esc, sizeof esc, "\\u%04X", cp);
		else
			esc[0] = '\0';
		if (esc[0])
			buf_adds(b, esc);
		else
			buf_add(b, (const char *)p, (size_t)n);
		p += n;
	}
	buf_add(b, "\"", 1);
}

/* B3: a scalar is written plain only when a plain scalar certainly reads
 * back as exactly these bytes and as a string: a letter or digit, then
 * letters, digits, '.', '_' and '-' (no ':', '#', quote, space, leading
 * '-' or '.', nothing a reader takes for null, a bool or a marker), and
 * not one of the words YAML 1.1 readers give another meaning. Everything
 * else is double-quoted with escapes (put_quoted). */
static int plain_safe(const char *s)
{
	static const char *const words[] = {
	    "null", "true", "false", "yes", "no", "on", "off", "y", "n",
	};
	const char *p = s;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
		return 0;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
			return 0;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcasecmp(s, words[i]))
			return 0;
	return 1;
}

/* A time (checked by diary_parse_time) stays plain when it is digits and
 * "T Z : + - ." with no ": " inside and no ':' or space at its end. */
static int time_plain_safe(const char *s)
{
	size_t n = strlen(s);
	if (!n || !(*s >= '0' && *s <= '9') || s[n - 1] == ':' || s[n - 1] == ' ' ||
	    strstr(s, ": ") || strstr(s, " #"))
		return 0;
	return strspn(s, "0123456789TtZz:+-. ") == n;
}

static void put_scalar(struct buf *b, const char *s)
{
	if (plain_safe(s))
		buf_adds(b, s);
	else
		put_quoted(b, s);
}

static void put_list(struct buf *b, const char *key, const struct vocab *v, int n, unsigned mask)
{
	int first = 1;
	if (!mask)
		return;
	buf_adds(b, key);
	buf_add(b, ": [", 3);
	for (int i = 0; i < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (!first)
			buf_add(b, ", ", 2);
		buf_adds(b, v[i].id);
		first = 0;
	}
	buf_add(b, "]\n", 2);
}

/* A place's own pain, only where one was given:
 * "  place_pain: {lower-back: 7, hip-left: 3}". */
static void put_place_pain(struct buf *b, const struct diary_entry *e)
{
	char num[8];
	if (!e->place_set)
		return;
	buf_adds(b, "  place_pain: {");
	for (int i = 0, first = 1; i < diary_nplaces; i++) {
		if (!(e->place_set & (1u << i)))
			continue;
		snprintf(num, sizeof num, ": %d", e->place_pain[i]);
		if (!first)
			buf_add(b, ", ", 2);
		buf_adds(b, diary_places[i].id);
		buf_adds(b, num);
		first = 0;
	}
	buf_add(b, "}\n", 2);
}

/* One record. The id line comes last on purpose: a record whose id line is
 * missing or has no line break was cut short (see the loader). */
void diary_yaml_entry(struct buf *b, const struct diary_entry *e)
{
	char tbuf[40], num[8];

	diary_format_time(e, tbuf, sizeof tbuf);
	if (e->time_text && strlen(e->time_text) < sizeof tbuf) {
		/* The hand-written form, while it still says this time (an
		 * edit of the time makes the fields differ from it). */
		struct diary_entry w;
		diary_entry_init(&w);
		if (diary_parse_time(e->time_text, &w) == 0 && w.t == e->t &&
		    w.off_min == e->off_min && w.y == e->y && w.m == e->m && w.d == e->d &&
		    w.hh == e->hh && w.mm == e->mm && w.ss == e->ss)
			snprintf(tbuf, sizeof tbuf, "%s", e->time_text);
	}
	buf_add(b, "- time: ", 8);
	if (time_plain_safe(tbuf))
		buf_adds(b, tbuf);
	else
		put_quoted(b, tbuf);
	snprintf(num, sizeof num, "%d", e->pain);
	buf_add(b, "\n  pain: ", 9);
	buf_adds(b, num);
	buf_add(b, "\n", 1);
	put_list(b, "  where", diary_places, diary_nplaces, e->where);
	put_place_pain(b, e);
	put_list(b, "  feels", diary_feels, diary_nfeels, e->feels);
	put_list(b, "  context", diary_contexts, diary_ncontexts, e->context);
	put_list(b, "  helped", diary_helped, diary_nhelped, e->helped);
	if (e->med && *e->med) {
		buf_add(b, "  med: ", 7);
		put_quoted(b, e->med);
		buf_add(b, "\n", 1);
	}
	if (e->note && *e->note) {
		buf_add(b, "  note: ", 8);
		put_quoted(b, e->note);
		buf_add(b, "\n", 1);
	}
	if (e->verdict >= 0) {
		buf_add(b, "  verdict: ", 11);
		buf_adds(b, diary_verdict_word(e->verdict));
		buf_add(b, "\n", 1);
	}
	buf_add(b, "  id: ", 6);
	put_scalar(b, e->id);
	buf_add(b, "\n", 1);
}

/* One weekly check-in, on one line (checkin.h). */
void diary_yaml_checkin(struct buf *b, const struct checkin *c)
{
	char t[40], line[128];
	checkin_format_time(c, t, sizeof t);
	snprintf(line, sizeof line, "- {time: %s, pain: %d, enjoyment: %d, activity: %d}\n", t,
	         c->pain, c->enjoyment, c->activity);
	buf_adds(b, line);
}

static const char file_header[] =
    "# backcare pain diary. You may edit it by hand: times are local with\n"
    "# their offset from UTC, and every entry ends with its id line.\n"
    "# A line \"#~ add ...\" marks an entry added at the end; it may go.\n"
    "version: 1\n"
    "entries:\n";

/* A4: whether buf holds comments a person wrote: a line whose first
 * non-blank is '#' (other than the header above and the appender's
 * marker lines), or " #" after a plain (unquoted) value. A rewrite does
 * not carry them over; the store keeps the file as it was beside it.
 * (A '#' line inside a multi-line note counts too: one copy too many.) */
int diary_yaml_has_comments(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *q = p;
		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		size_t n = (size_t)(le - q);
		if (n && q[n - 1] == '\r')
			n--;
		if (n && *q == '#') {
			int ours = !strncmp(q, DIARY_MARK, strlen(DIARY_MARK)) ||
			           (n == strlen(DIARY_END) && !memcmp(q, DIARY_END, n));
			for (const char *h = file_header; !ours && *h == '#';) {
				const char *he = strchr(h, '\n');
				ours = (size_t)(he - h) == n && !memcmp(h, q, n);
				h = he + 1;
			}
			if (!ours)
				return 1;
		} else if (n) {
			const char *c = memchr(q, ':', n);
			if (c && c + 2 < q + n && c[1] == ' ' && !strchr("\"'|>{[", c[2]))
				for (const char *x = c + 2; x < q + n; x++)
					if (*x == '#' && (x[-1] == ' ' || x[-1] == '\t'))
						return 1;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

void diary_yaml_write(struct buf *b, const struct diary *d, const struct diary_entry *const *pv,
                      int n)
{
	/* top-level lists other than entries go here, before it: the
	 * header's last line is "entries:" */
	buf_add(b, file_header, sizeof file_header - sizeof "entries:\n");
	if (d && d->nck) {
		buf_adds(b, "checkins:\n");
		for (int i = 0; i < d->nck; i++)
			diary_yaml_checkin(b, &d->ck[i]);
	}
	buf_adds(b, "entries:\n");
	for (int i = 0; i < n; i++)
		diary_yaml_entry(b, pv[i]);
}

/* --- reading the YAML ---------------------------------------------------- */

enum {
	K_TIME = 1,
	K_PAIN = 2,
	K_WHERE = 4,
	K_FEELS = 8,
	K_CONTEXT = 16,
	K_HELPED = 32,
	K_MED = 64,
	K_NOTE = 128,
	K_VERDICT = 256,
	K_ID = 512,
	K_PLACE_PAIN = 1024
};

struct parse {
	yaml_parser_t p;
	yaml_event_t ev;
	int have;
	const char *name;
	struct diary *d;
	struct diags *dg;
	int syntax;     /* the YAML itself is broken */
	int seq_col;    /* column of the entries' dashes */
	int version;    /* major version read, 0 if none */
	int appendable; /* "entries:" is last, block style at column 0 */
	/* ids seen: open addressing over d->v indexes + 1 */
	int *ids;
	size_t ids_cap, nids;
	/* a sink (diary_stats_file): entries are handed to it, not kept; the
	 * ids for the duplicate check live in idbuf (the table holds their
	 * offsets + 1 there instead of d->v indexes + 1) */
	const struct diary_sink *sink;
	char *idbuf;
	size_t idlen, idcap;
	/* where the parser's bytes are, to turn a reader error's byte offset
	 * into a line and column (A8): a buffer, or a file from base */
	const char *src_buf;
	int src_fd;
	size_t src_base;
};

/* A8: libyaml's reader (bad UTF-8, control characters, NUL) gives a byte
 * offset from the start of its input, not a line: count the lines and the
 * characters before it. */
static void locate(const struct parse *ps, size_t off, yaml_mark_t *m)
{
	char b[65536];
	size_t at = 0;
	m->line = 0;
	m->column = 0;
	while (at < off) {
		size_t n = off - at < sizeof b ? off - at : sizeof b;
		const char *c = b;
		if (ps->src_buf)
			c = ps->src_buf + ps->src_base + at;
		else if (pread(ps->src_fd, b, n, (off_t)(ps->src_base + at)) != (ssize_t)n)
			return;
		for (size_t i = 0; i < n; i++) {
			if (c[i] == '\n') {
				m->line++;
				m->column = 0;
			} else if (((unsigned char)c[i] & 0xC0) != 0x80) {
				m->column++; /* a character starts here */
			}
		}
		at += n;
	}
}

static void perr(struct parse *ps, const yaml_mark_t *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void perr(struct parse *ps, const yaml_mark_t *m, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diags_add(ps->dg, DIAG_ERROR, ps->name, (int)m->line + 1, (int)m->column + 1, "%s", msg);
}

/* Next event into ps->ev; -1 (with a diagnostic) when the YAML is broken. */
static int next(struct parse *ps)
{
	if (ps->have)
		yaml_event_delete(&ps->ev);
	ps->have = 0;
	if (ps->syntax)
		return -1;
	if (!yaml_parser_parse(&ps->p, &ps->ev)) {
		yaml_mark_t m = ps->p.problem_mark;
		ps->syntax = 1;
		if (ps->p.error == YAML_READER_ERROR) {
			char head[2] = {0, 0};
			locate(ps, ps->p.problem_offset, &m);
			if (ps->src_buf)
				memcpy(head, ps->src_buf + ps->src_base, 2);
			else
				(void)!pread(ps->src_fd, head, 2, (off_t)ps->src_base);
			int utf16 = (head[0] == '\xFF' && head[1] == '\xFE') ||
			            (head[0] == '\xFE' && head[1] == '\xFF') ||
			            (head[1] == '\0' && head[0] != '\0');
			diags_add(ps->dg, DIAG_ERROR, ps->name, (int)m.line + 1, (int)m.column + 1,
			          "%s%s", ps->p.problem ? ps->p.problem : "bad text",
			          utf16 ? _(" (the file looks saved as UTF-16: save it as UTF-8)")
			                : "");
			return -1;
		}
		/* A line without "key:" is noticed only on the next one:
		 * name the line it is on. */
		if (ps->p.context && !strcmp(ps->p.context, "while scanning a simple key") &&
		    ps->p.context_mark.line < m.line)
			m = ps->p.context_mark;
		if (ps->p.context)
			diags_add(ps->dg, DIAG_ERROR, ps->name, (int)m.line + 1, (int)m.column + 1,
			          "%s %s", ps->p.problem ? ps->p.problem : "bad YAML",
			          ps->p.context);
		else
			diags_add(ps->dg, DIAG_ERROR, ps->name, (int)m.line + 1, (int)m.column + 1,
			          "%s", ps->p.problem ? ps->p.problem : "bad YAML");
		return -1;
	}
	ps->have = 1;
	if (ps->ev.type == YAML_ALIAS_EVENT) {
		perr(ps, &ps->ev.start_mark, _("aliases (*name) are not allowed in the diary"));
		ps->syntax = 1; /* keeps the rest from being misread */
		return -1;
	}
	return 0;
}

/* Skips the node that starts with the current event. */
static int skip_node(struct parse *ps)
{
	int depth = 0;
	do {
		switch (ps->ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		if (depth > 0 && next(ps) < 0)
			return -1;
	} while (depth > 0);
	return 0;
}

static const char *scalar(const struct parse *ps)
{
	return (const char *)ps->ev.data.scalar.value;
}

static int is_null(const struct parse *ps)
{
	const char *s = scalar(ps);
	if (ps->ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

/* A list value: a sequence of ids, one id, or null. */
static int parse_list(struct parse *ps, const struct vocab *v, int n, const char *what,
                      unsigned *mask)
{
	*mask = 0;
	if (ps->ev.type == YAML_SCALAR_EVENT) {
		if (is_null(ps))
			return 0;
		int k = vocab_find(v, n, scalar(ps));
		if (k < 0) {
			perr(ps, &ps->ev.start_mark, _("unknown %s '%s'"), _(what), scalar(ps));
			return 1;
		}
		*mask = 1u << k;
		return 0;
	}
	if (ps->ev.type != YAML_SEQUENCE_START_EVENT) {
		perr(ps, &ps->ev.start_mark, _("expected a list of %s ids"), _(what));
		return skip_node(ps) < 0 ? -1 : 1;
	}
	int bad = 0;
	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_SEQUENCE_END_EVENT)
			return bad;
		if (ps->ev.type != YAML_SCALAR_EVENT) {
			perr(ps, &ps->ev.start_mark, _("expected a %s id"), _(what));
			if (skip_node(ps) < 0)
				return -1;
			bad = 1;
			continue;
		}
		int k = vocab_find(v, n, scalar(ps));
		if (k < 0) {
			perr(ps, &ps->ev.start_mark, _("unknown %s '%s'"), _(what), scalar(ps));
			bad = 1;
		} else {
			*mask |= 1u << k;
		}
	}
}

/* place_pain: a mapping of place id to its own pain, 0 to 10. */
static int parse_place_pain(struct parse *ps, struct diary_entry *e)
{
	e->place_set = 0;
	if (ps->ev.type == YAML_SCALAR_EVENT && is_null(ps))
		return 0;
	if (ps->ev.type != YAML_MAPPING_START_EVENT) {
		perr(ps, &ps->ev.start_mark,
		     _("expected place_pain like {lower-back: 7, hip-left: 3}"));
		return skip_node(ps) < 0 ? -1 : 1;
	}
	int bad = 0;
	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_MAPPING_END_EVENT)
			return bad;
		int k = -1;
		if (ps->ev.type != YAML_SCALAR_EVENT) {
			perr(ps, &ps->ev.start_mark, _("expected a %s id"), _("place"));
			if (skip_node(ps) < 0)
				return -1;
			bad = 1;
		} else if ((k = vocab_find(diary_places, diary_nplaces, scalar(ps))) < 0) {
			perr(ps, &ps->ev.start_mark, _("unknown %s '%s'"), _("place"), scalar(ps));
			bad = 1;
		} else if (e->place_set & (1u << k)) {
			perr(ps, &ps->ev.start_mark, _("'%s' is given twice"), scalar(ps));
			bad = 1;
		}
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type != YAML_SCALAR_EVENT) {
			perr(ps, &ps->ev.start_mark,
			     _("pain '%s' is not a whole number from 0 to 10"), "");
			if (skip_node(ps) < 0)
				return -1;
			bad = 1;
			continue;
		}
		const char *s = scalar(ps);
		int v;
		if (!s[0] || strlen(s) > 2 || diary_digits(s, (int)strlen(s), &v) || v > 10) {
			perr(ps, &ps->ev.start_mark,
			     _("pain '%s' is not a whole number from 0 to 10"), s);
			bad = 1;
			continue;
		}
		if (k >= 0) {
			e->place_set |= 1u << k;
			e->place_pain[k] = (unsigned char)v;
		}
	}
}

/* Records d->v[idx]'s id; returns the index of an earlier entry with the
 * same id, -1 if it is new, -2 on out of memory. */
static const char *id_at(const struct parse *ps, int slot)
{
	return ps->sink ? ps->idbuf + slot - 1 : ps->d->v[slot - 1].id;
}

/* Records id (d->v[idx]'s, or, with a sink, the one given); returns 0 if
 * it is new, 1 if an earlier entry has it, -1 on out of memory. */
static int ids_insert(struct parse *ps, const char *id, int idx)
{
	if (ps->nids * 2 >= ps->ids_cap) {
		size_t cap = ps->ids_cap ? ps->ids_cap * 2 : 1024;
		int *t = calloc(cap, sizeof *t);
		if (!t)
			return -1;
		for (size_t i = 0; i < ps->ids_cap; i++) {
			if (!ps->ids[i])
				continue;
			size_t h = diary_hash_str(id_at(ps, ps->ids[i])) & (cap - 1);
			while (t[h])
				h = (h + 1) & (cap - 1);
			t[h] = ps->ids[i];
		}
		free(ps->ids);
		ps->ids = t;
		ps->ids_cap = cap;
	}
	size_t h = diary_hash_str(id) & (ps->ids_cap - 1);
	while (ps->ids[h]) {
		if (!strcmp(id_at(ps, ps->ids[h]), id))
			return 1;
		h = (h + 1) & (ps->ids_cap - 1);
	}
	int slot = idx + 1;
	if (ps->sink) {
		size_t n = strlen(id) + 1;
		if (ps->idcap - ps->idlen < n) {
			size_t cap = ps->idcap ? ps->idcap * 2 : 65536;
			char *b = realloc(ps->idbuf, cap);
			if (!b || cap > (size_t)1 << 30)
				return -1;
			ps->idbuf = b;
			ps->idcap = cap;
		}
		memcpy(ps->idbuf + ps->idlen, id, n);
		slot = (int)ps->idlen + 1;
		ps->idlen += n;
	}
	ps->ids[h] = slot;
	ps->nids++;
	return 0;
}

static int key_of(const char *k)
{
	static const struct {
		const char *name;
		int key;
	} keys[] = {
	    {"time", K_TIME},
	    {"pain", K_PAIN},
	    {"where", K_WHERE},
	    {"feels", K_FEELS},
	    {"context", K_CONTEXT},
	    {"helped", K_HELPED},
	    {"med", K_MED},
	    {"note", K_NOTE},
	    {"verdict", K_VERDICT},
	    {"id", K_ID},
	    {"place_pain", K_PLACE_PAIN},
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (keys[i].name[0] == k[0] && !strcmp(keys[i].name, k))
			return keys[i].key;
	return 0;
}

/* The value of one entry key (current event: its first event). Returns 0,
 * 1 if it was wrong (reported), -1 if the YAML broke. */
static int parse_value(struct parse *ps, int key, struct diary_entry *e, char **med, char **note)
{
	const yaml_mark_t *m = &ps->ev.start_mark;

	switch (key) {
	case K_WHERE:
		return parse_list(ps, diary_places, diary_nplaces, N_("place"), &e->where);
	case K_FEELS:
		return parse_list(ps, diary_feels, diary_nfeels, N_("feeling"), &e->feels);
	case K_CONTEXT:
		return parse_list(ps, diary_contexts, diary_ncontexts, N_("context"), &e->context);
	case K_HELPED:
		return parse_list(ps, diary_helped, diary_nhelped, N_("help"), &e->helped);
	case K_PLACE_PAIN:
		return parse_place_pain(ps, e);
	}
	if (ps->ev.type != YAML_SCALAR_EVENT) {
		perr(ps, m, _("expected a single value here"));
		return skip_node(ps) < 0 ? -1 : 1;
	}
	const char *s = scalar(ps);
	switch (key) {
	case K_TIME:
		if (diary_parse_time(s, e) < 0) {
			perr(ps, m, _("'%s' is not a time like 2026-11-22T09:30:00+01:00"), s);
			return 1;
		}
		e->time_text = NULL;
		if (!ps->sink && !ps->d->no_text) {
			/* A4: a time written another way by hand is written
			 * back as it was (diary_yaml_entry). */
			char tbuf[40];
			diary_format_time(e, tbuf, sizeof tbuf);
			if (strcmp(tbuf, s) &&
			    !(e->time_text = diary_arena_strndup(ps->d, s, strlen(s))))
				return -1;
		}
		return 0;
	case K_PAIN: {
		int v;
		if (!s[0] || strlen(s) > 2 || diary_digits(s, (int)strlen(s), &v) || v > 10) {
			perr(ps, m, _("pain '%s' is not a whole number from 0 to 10"), s);
			return 1;
		}
		e->pain = (signed char)v;
		return 0;
	}
	case K_MED:
	case K_NOTE:
		if (is_null(ps))
			return 0;
		/* A3: the same limit as the CLI, the import and the app's
		 * form, so an export of this diary always imports again. */
		if (ps->ev.data.scalar.length > DIARY_TEXT_MAX) {
			perr(ps, m, _("%s is longer than %d bytes"), key == K_MED ? "med" : "note",
			     DIARY_TEXT_MAX);
			return 1;
		}
		/* libyaml checked the UTF-8 already; the value is kept as is. */
		if (key == K_MED)
			*med = (char *)s;
		else
			*note = (char *)s;
		return 0;
	case K_VERDICT:
		if (is_null(ps))
			return 0;
		e->verdict = (signed char)diary_verdict_parse(s);
		if (e->verdict < 0) {
			perr(ps, m, _("unknown verdict '%s' (emergency, urgent, soon or selfcare)"),
			     s);
			return 1;
		}
		return 0;
	case K_ID:
		if (!diary_id_valid(s)) {
			perr(ps, m,
			     _("id '%s' may only hold letters, digits and . _ : - (at most 31)"),
			     s);
			return 1;
		}
		memcpy(e->id, s, strlen(s) + 1);
		return 0;
	}
	return 1;
}

/* One entry (current event: its MAPPING_START). Strings of med and note
 * live in events until copied, so they are copied key by key. */
static int parse_entry(struct parse *ps)
{
	struct diary_entry e;
	yaml_mark_t start = ps->ev.start_mark, pp_mark = start;
	int seen = 0, bad = 0;
	char *med = NULL, *note = NULL;

	diary_entry_init(&e);
	e.line = (int)start.line + 1;
	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if (ps->ev.type != YAML_SCALAR_EVENT) {
			perr(ps, &ps->ev.start_mark,
			     _("expected a key such as time, pain or note"));
			if (skip_node(ps) < 0 || next(ps) < 0 || skip_node(ps) < 0)
				return -1;
			bad = 1;
			continue;
		}
		int key = key_of(scalar(ps));
		yaml_mark_t km = ps->ev.start_mark;
		if (!key) {
			perr(ps, &km, _("unknown key '%s' in an entry"), scalar(ps));
			bad = 1;
		} else if (seen & key) {
			perr(ps, &km, _("'%s' is given twice"), scalar(ps));
			bad = 1;
		}
		if (next(ps) < 0)
			return -1;
		if (!key || (seen & key)) {
			if (skip_node(ps) < 0)
				return -1;
			continue;
		}
		seen |= key;
		if (key == K_PLACE_PAIN)
			pp_mark = km;
		int r = parse_value(ps, key, &e, &med, &note);
		if (r < 0)
			return -1;
		bad |= r;
		if (key == K_MED || key == K_NOTE) {
			char **dst = key == K_MED ? &med : &note;
			if (*dst && memchr(*dst, '\0', ps->ev.data.scalar.length)) {
				perr(ps, &ps->ev.start_mark, _("text holds a NUL character"));
				bad = 1;
			}
			/* a load for aggregates keeps no texts (diary_open_stats) */
			if (*dst)
				*dst = ps->d->no_text ? NULL
				                      : diary_arena_strndup(
				                            ps->d, *dst, ps->ev.data.scalar.length);
		}
	}
	if ((seen & K_PLACE_PAIN) && (e.place_set & ~e.where)) {
		for (int i = 0; i < diary_nplaces; i++)
			if (e.place_set & ~e.where & (1u << i)) {
				perr(ps, &pp_mark, _("place_pain names %s, which is not in where"),
				     diary_places[i].id);
				break;
			}
		bad = 1;
	}
	static const struct {
		int key;
		const char *name;
	} req[] = {{K_TIME, "time"}, {K_PAIN, "pain"}, {K_ID, "id"}};
	for (size_t i = 0; i < sizeof req / sizeof *req; i++)
		if (!(seen & req[i].key)) {
			perr(ps, &start, _("this entry has no %s"), req[i].name);
			bad = 1;
		}
	if (bad)
		return 0;
	if (ps->sink) { /* handed over, not kept */
		int dup = ids_insert(ps, e.id, 0);
		if (dup < 0)
			return -1;
		if (dup)
			perr(ps, &start, _("id '%s' is used by another entry too"), e.id);
		else
			ps->sink->each(ps->sink->ud, &e);
		return 0;
	}
	/* The strings are in the arena already: push without copying. */
	e.med = med;
	e.note = note;
	if (diary_push_owned(ps->d, &e) < 0)
		return -1;
	int dup = ids_insert(ps, ps->d->v[ps->d->n - 1].id, ps->d->n - 1);
	if (dup < 0)
		return -1;
	if (dup) {
		perr(ps, &start, _("id '%s' is used by another entry too"), e.id);
		ps->d->n--;
	}
	return 0;
}

static int parse_entries(struct parse *ps)
{
	ps->seq_col = (int)ps->ev.start_mark.column;
	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		const yaml_mark_t *m = &ps->ev.start_mark;
		if (ps->ev.type == YAML_MAPPING_START_EVENT) {
			if (parse_entry(ps) < 0)
				return -1;
		} else if (ps->ev.type == YAML_SCALAR_EVENT && is_null(ps)) {
			perr(ps, m, _("an empty entry"));
		} else {
			perr(ps, m, _("an entry must be a mapping of time, pain, ..."));
			if (skip_node(ps) < 0)
				return -1;
		}
	}
	return 0;
}

static int parse_version(struct parse *ps)
{
	const char *s = scalar(ps);
	int major = 0, i = 0;
	for (; s[i] >= '0' && s[i] <= '9' && i < 6; i++)
		major = major * 10 + (s[i] - '0');
	if (i == 0 || (s[i] && s[i] != '.')) {
		perr(ps, &ps->ev.start_mark, _("version '%s' is not a number"), s);
		return -1;
	}
	if (major > DIARY_VERSION) {
		perr(ps, &ps->ev.start_mark,
		     _("written by a newer backcare (format version %s; this one reads %d): opened "
		       "read-only"),
		     s, DIARY_VERSION);
		return -1;
	}
	if (major < 1) {
		perr(ps, &ps->ev.start_mark, _("version '%s' is not one backcare wrote"), s);
		return -1;
	}
	ps->version = major;
	return 0;
}

/* --- the top-level keys: ONE table ---------------------------------------
 * Each handler gets the key's value as the current event and returns 0, or
 * -1 when the diary cannot be read further (reported). A key after which a
 * record may be appended at the end of the file sets ps->appendable; the
 * dispatcher clears it before every key, so only a last "entries:" leaves
 * the file appendable. To add a top-level list (e.g. "checkins:"), add a
 * handler and a row here, and write it in diary_yaml_write before
 * "entries:". */

static int top_version(struct parse *ps)
{
	if (ps->ev.type != YAML_SCALAR_EVENT) {
		perr(ps, &ps->ev.start_mark, _("version must be a number"));
		return -1;
	}
	return parse_version(ps);
}

static int top_entries(struct parse *ps)
{
	if (ps->ev.type == YAML_SCALAR_EVENT && is_null(ps)) {
		ps->appendable = !*scalar(ps);
		return 0;
	}
	if (ps->ev.type != YAML_SEQUENCE_START_EVENT) {
		perr(ps, &ps->ev.start_mark, _("entries must be a list"));
		return -1;
	}
	int block = ps->ev.data.sequence_start.style == YAML_BLOCK_SEQUENCE_STYLE;
	if (parse_entries(ps) < 0)
		return -1;
	ps->appendable = block && ps->seq_col == 0;
	return 0;
}

/* One check-in (current event: its MAPPING_START): time, pain,
 * enjoyment, activity, each once. Errors are reported and the rest goes
 * on; a complete check-in is kept. */
static int parse_checkin(struct parse *ps, int item)
{
	static const char *const keys[] = {"time", "pain", "enjoyment", "activity"};
	yaml_mark_t start = ps->ev.start_mark;
	struct checkin c;
	struct diary_entry t;
	unsigned seen = 0;
	int bad = 0;

	checkin_init(&c);
	diary_entry_init(&t);
	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_MAPPING_END_EVENT)
			break;
		yaml_mark_t km = ps->ev.start_mark;
		int k = -1;
		if (ps->ev.type == YAML_SCALAR_EVENT)
			for (int i = 0; i < 4; i++)
				if (!strcmp(scalar(ps), keys[i]))
					k = i;
		if (k < 0) {
			if (ps->ev.type == YAML_SCALAR_EVENT)
				perr(ps, &km,
				     _("unknown key '%s' in a check-in (time, pain, enjoyment, "
				       "activity)"),
				     scalar(ps));
			else
				perr(ps, &km, _("expected time, pain, enjoyment or activity"));
			bad = 1;
			if (skip_node(ps) < 0 || next(ps) < 0 || skip_node(ps) < 0)
				return -1;
			continue;
		}
		if (seen & (1u << k)) {
			perr(ps, &km, _("'%s' is given twice"), keys[k]);
			bad = 1;
		}
		seen |= 1u << k;
		if (next(ps) < 0)
			return -1;
		const yaml_mark_t *m = &ps->ev.start_mark;
		if (ps->ev.type != YAML_SCALAR_EVENT) {
			perr(ps, m, _("expected a single value here"));
			bad = 1;
			if (skip_node(ps) < 0)
				return -1;
			continue;
		}
		const char *s = scalar(ps);
		if (k == 0) {
			if (diary_parse_time(s, &t) < 0) {
				perr(ps, m, _("'%s' is not a time like 2026-11-22T09:30:00+01:00"),
				     s);
				bad = 1;
			}
			continue;
		}
		int v = checkin_parse_value(s);
		if (v < 0) {
			perr(ps, m, _("%s '%s' is not a whole number from 0 to 10"), keys[k], s);
			bad = 1;
		}
		*(k == 1 ? &c.pain : k == 2 ? &c.enjoyment : &c.activity) = (signed char)v;
	}
	if (!bad && seen != 15) {
		for (int i = 0; i < 4; i++)
			if (!(seen & (1u << i))) {
				perr(ps, &start, _("check-in %d has no '%s'"), item, keys[i]);
				break;
			}
		bad = 1;
	}
	if (bad)
		return 0;
	checkin_time_from(&c, &t);
	if (diary_push_checkin(ps->d, &c) < 0) {
		perr(ps, &start, _("out of memory"));
		return -1;
	}
	return 0;
}

/* "checkins:": the weekly check-ins, a list of mappings (checkin.h). */
static int top_checkins(struct parse *ps)
{
	int item = 0;
	if (ps->ev.type == YAML_SCALAR_EVENT && is_null(ps))
		return 0;
	if (ps->ev.type != YAML_SEQUENCE_START_EVENT) {
		perr(ps, &ps->ev.start_mark, _("checkins must be a list"));
		return -1;
	}
	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		item++;
		if (ps->ev.type == YAML_MAPPING_START_EVENT) {
			if (parse_checkin(ps, item) < 0)
				return -1;
			continue;
		}
		perr(ps, &ps->ev.start_mark,
		     _("a check-in must be a mapping of time, pain, enjoyment and activity"));
		if (skip_node(ps) < 0)
			return -1;
	}
}

static const struct top_key {
	const char *name;
	int (*parse)(struct parse *ps);
} top_keys[] = {
    {"version", top_version},
    {"entries", top_entries},
    {"checkins", top_checkins},
};
#define NTOP_KEYS ((int)(sizeof top_keys / sizeof *top_keys))

/* The top mapping: dispatches every key through top_keys[]. */
static int parse_top(struct parse *ps)
{
	yaml_mark_t start = ps->ev.start_mark;
	unsigned seen = 0;

	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_MAPPING_END_EVENT)
			break;
		ps->appendable = 0;
		if (ps->ev.type != YAML_SCALAR_EVENT) {
			perr(ps, &ps->ev.start_mark, _("expected 'version' or 'entries'"));
			return -1;
		}
		yaml_mark_t km = ps->ev.start_mark;
		int k = 0;
		while (k < NTOP_KEYS && strcmp(scalar(ps), top_keys[k].name))
			k++;
		if (k == NTOP_KEYS) {
			perr(ps, &km,
			     _("unknown key '%s' (a diary has version, checkins and entries)"),
			     scalar(ps));
			return -1;
		}
		if (seen & (1u << k)) {
			perr(ps, &km, _("'%s' is given twice"), top_keys[k].name);
			return -1;
		}
		seen |= 1u << k;
		if (next(ps) < 0 || top_keys[k].parse(ps) < 0)
			return -1;
	}
	if (!ps->version) {
		perr(ps, &start, _("the diary has no version line"));
		return -1;
	}
	return 0;
}

static int parse_stream(struct parse *ps)
{
	if (next(ps) < 0 || next(ps) < 0) /* stream start, then document */
		return -1;
	if (ps->ev.type == YAML_STREAM_END_EVENT)
		return 0; /* an empty file (or only comments): no entries */
	if (next(ps) < 0)
		return -1;
	if (ps->ev.type == YAML_SCALAR_EVENT && is_null(ps)) {
		ps->appendable = 0;
	} else if (ps->ev.type != YAML_MAPPING_START_EVENT) {
		perr(ps, &ps->ev.start_mark, _("a diary is a mapping with version and entries"));
		return -1;
	} else if (parse_top(ps) < 0) {
		return -1;
	}
	if (next(ps) < 0) /* document end */
		return -1;
	if (ps->ev.type == YAML_DOCUMENT_END_EVENT && !ps->ev.data.document_end.implicit)
		ps->appendable = 0; /* "..." ends it: nothing may follow (A1) */
	if (next(ps) < 0)           /* stream end */
		return -1;
	if (ps->ev.type != YAML_STREAM_END_EVENT) {
		perr(ps, &ps->ev.start_mark, _("a diary is one YAML document"));
		return -1;
	}
	return 0;
}

/* Moves every diagnostic of src to the end of dst (or frees them). */
void diary_diags_take(struct diags *dst, struct diags *src)
{
	if (dst && src->n) {
		if (dst->cap - dst->n < src->n) {
			int cap = dst->n + src->n + 8;
			struct diag *v = realloc(dst->v, (size_t)cap * sizeof *v);
			if (v) {
				dst->v = v;
				dst->cap = cap;
			}
		}
		if (dst->cap - dst->n >= src->n) {
			memcpy(dst->v + dst->n, src->v, (size_t)src->n * sizeof *src->v);
			dst->n += src->n;
			dst->nerrors += src->nerrors;
			src->n = 0;
		}
	}
	diags_free(src);
}

/* --- the torn-record rule -------------------------------------------------
 * Only a record this program was itself appending when it was stopped is
 * ever set aside. The appender writes, in one write() on a file opened
 * O_APPEND (never at a remembered offset: another program may have
 * rewritten the file in place meanwhile, B8), a marker line and the record:
 *
 *     #~ add <bytes of the record> <its id> sized
 *     - time: ...            (diary_yaml_entry: a fixed layout, id last)
 *       id: <its id>
 *     #~ end                 (counted in the bytes announced)
 *
 * The end line makes a record that lost only its id line (deleted by
 * hand) no prefix of what was written: an error, never a cut save. Nothing
 * is written after that (B2: no later in-place write; older versions
 * wrote "open" and turned it into "done" once the record was on disk, and
 * such files read as before). A tail is torn when, and only when, the
 * file's last marker line is whole and "sized" (or "open"), fewer bytes
 * than it announces follow it (NUL bytes at the end do not count: a crash
 * can leave them where the rest was to be), those bytes are a prefix of
 * the appender's layout, and they do not hold the record's whole id line
 * (with that, every field is there: the entry loads as written). Exactly
 * the announced bytes is a complete record. Anything else (no marker,
 * "done", edited bytes) is parsed as it stands: an error in the last
 * entry is an error at its own line and column. */

static const char *const rec_keys[] = {
    "- time: ",    "  pain: ",  "  where: [", "  place_pain: {", "  feels: [", "  context: [",
    "  helped: [", "  med: \"", "  note: \"", "  verdict: ",     "  id: ",
};
#define NREC_KEYS ((int)(sizeof rec_keys / sizeof *rec_keys))
#define REC_ID 10

void diary_yaml_append_record(struct buf *b, const struct diary_entry *e)
{
	struct buf r = {0};
	char head[96];

	diary_yaml_entry(&r, e);
	/* A last line after the id: a record missing only its id line (a
	 * hand edit) is then no prefix of what was written, so it is an
	 * error like any other and never taken for a cut save. */
	buf_add(&r, DIARY_END "\n", sizeof DIARY_END);
	if (r.oom) {
		b->oom = 1;
		free(r.p);
		return;
	}
	int n = snprintf(head, sizeof head, "%s%zu %s ", DIARY_MARK, r.n, e->id);
	buf_add(b, head, (size_t)n);
	buf_add(b, "sized\n", 6);
	buf_add(b, r.p, r.n);
	free(r.p);
}

/* Whether r[0..n) is a prefix of what diary_yaml_entry writes; *whole is
 * set when it holds the complete id line of id. */
static int rec_prefix(const char *r, size_t n, const char *id, int *whole)
{
	size_t idl = strlen(id), i = 0;
	int prev = -1;

	*whole = 0;
	while (i < n) {
		const char *l = r + i, *nl = memchr(l, '\n', n - i);
		size_t ll = nl ? (size_t)(nl - l) : n - i;
		int found = -1;
		if (prev == NREC_KEYS)
			return 0; /* nothing follows the end line */
		if (prev == REC_ID) {
			/* only the end line (or the start of it) */
			size_t el = strlen(DIARY_END);
			if (ll > el || memcmp(l, DIARY_END, ll) || (nl && ll != el))
				return 0;
			prev = NREC_KEYS;
			if (!nl)
				break;
			i += ll + 1;
			continue;
		}
		for (int k = prev + 1; k < NREC_KEYS && found < 0; k++) {
			size_t kl = strlen(rec_keys[k]);
			if (ll >= kl ? !memcmp(l, rec_keys[k], kl)
			             : !nl && !memcmp(l, rec_keys[k], ll))
				found = k;
			if (k <= 1)
				break; /* time and pain always come first */
		}
		if (found < 0)
			return 0;
		for (size_t j = 0; j < ll; j++)
			if ((unsigned char)l[j] < 0x20 || l[j] == 0x7f)
				return 0;
		if (nl) {
			char last = ll ? l[ll - 1] : 0;
			if (found >= 2 && found <= 6 && last != (found == 3 ? '}' : ']'))
				return 0;
			if ((found == 7 || found == 8) &&
			    (last != '"' || ll <= strlen(rec_keys[found])))
				return 0;
		}
		/* The id line, whole, ends the record: every field is there.
		 * Without its line break it is whole unless it is a strict
		 * beginning of the id the marker announced (cut inside). */
		if (found == REC_ID && ll >= 6 &&
		    (nl || ll - 6 > idl || memcmp(l + 6, id, ll - 6) || ll - 6 == idl))
			*whole = 1;
		prev = found;
		if (!nl)
			break;
		i += ll + 1;
	}
	return 1;
}

long long diary_yaml_find_torn(const char *buf, size_t len)
{
	size_t ml = sizeof DIARY_MARK - 1;
	size_t lim = len > ((size_t)1 << 20) ? len - ((size_t)1 << 20) : 0;
	long long m = -1;

	/* the last line that starts with the marker */
	for (size_t i = len; i > lim;) {
		const char *nl = memrchr(buf + lim, '\n', i - lim);
		size_t s = nl ? (size_t)(nl - buf) + 1 : lim;
		if (len - s >= ml && !memcmp(buf + s, DIARY_MARK, ml) && (s > 0 || lim == 0)) {
			m = (long long)s;
			break;
		}
		if (!nl)
			break;
		i = (size_t)(nl - buf);
	}
	if (m < 0)
		return -1;
	const char *p = buf + m + ml, *end = buf + len;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		return -1; /* the marker line itself cut: only a comment */
	size_t rec = 0;
	int nd = 0;
	while (p < nl && *p >= '0' && *p <= '9' && nd < 8)
		rec = rec * 10 + (size_t)(*p++ - '0'), nd++;
	if (!nd || p >= nl || *p++ != ' ')
		return -1;
	char id[DIARY_ID_MAX + 8]; /* room for the quoted form */
	const char *sp = memchr(p, ' ', (size_t)(nl - p));
	if (!sp || sp - p >= DIARY_ID_MAX)
		return -1;
	memcpy(id, p, (size_t)(sp - p));
	id[sp - p] = '\0';
	if (!diary_id_valid(id) || !((nl - sp == 5 && !memcmp(sp + 1, "open", 4)) ||
	                             (nl - sp == 6 && !memcmp(sp + 1, "sized", 5))))
		return -1;
	/* the id as the record's id line has it (quoted when it must be) */
	struct buf idw = {0};
	put_scalar(&idw, id);
	if (idw.oom || idw.n >= sizeof id) {
		free(idw.p);
		return -1;
	}
	memcpy(id, idw.p, idw.n);
	id[idw.n] = '\0';
	free(idw.p);
	const char *r = nl + 1;
	size_t rn = (size_t)(end - r);
	int whole;
	/* A17: a crash after the file grew but before its data reached the
	 * disk leaves NUL bytes where the rest of the record was to be
	 * (XFS, ext4): what comes before them is the record as far as it
	 * got. Only a run of NULs reaching the end of the file counts. */
	while (rn && r[rn - 1] == '\0')
		rn--;
	if (rn >= rec || !rec_prefix(r, rn, id, &whole) || whole)
		return -1;
	return m;
}

/* Where the parser's bytes come from: a buffer, or a file read in chunks
 * (never held whole). Counts the line breaks it hands out. */
struct feed {
	const char *buf; /* the bytes [pos, end) of a buffer, or NULL */
	int fd;          /* else the file's bytes [pos, end) */
	size_t pos, end;
	long lines; /* '\n' handed out */
	int err;    /* errno of a failed read */
};

static int feed_read(void *data, unsigned char *out, size_t size, size_t *got)
{
	struct feed *f = data;
	size_t n = f->end - f->pos < size ? f->end - f->pos : size;
	if (f->buf) {
		memcpy(out, f->buf + f->pos, n);
	} else if (n) {
		ssize_t r;
		do
			r = pread(f->fd, out, n, (off_t)f->pos);
		while (r < 0 && errno == EINTR);
		if (r < 0) {
			f->err = errno;
			return 0;
		}
		n = (size_t)r; /* 0: the file shrank; the parser sees its end */
	}
	for (const unsigned char *p = out, *e = out + n; (p = memchr(p, '\n', (size_t)(e - p)));
	     p++)
		f->lines++;
	f->pos += n;
	*got = n;
	return 1;
}

/* Parses what f feeds (its end is where a torn tail starts, if torn >= 0)
 * into d. last_nl: the whole text ends with a line break. */
static int parse_feed(struct diary *d, const char *name, struct feed *f, long long torn,
                      int last_nl, struct diags *dg)
{
	struct parse ps = {0};
	struct diags local = {0};
	size_t plen = f->end - f->pos;

	/* Sized from the bytes: no regrowing on the way (about 200 bytes an
	 * entry in files this program writes). */
	size_t guess = plen / 210 + 16;
	ps.sink = d->sink;
	if (!d->v && !d->sink && guess < (size_t)1 << 26) {
		d->v = malloc(guess * sizeof *d->v);
		if (d->v)
			d->cap = (int)guess;
	}
	ps.name = name;
	ps.src_buf = f->buf;
	ps.src_fd = f->fd;
	ps.src_base = f->pos;
	ps.d = d;
	ps.dg = &local;
	if (!yaml_parser_initialize(&ps.p))
		return -ENOMEM;
	yaml_parser_set_input(&ps.p, feed_read, f);
	yaml_parser_set_encoding(&ps.p, YAML_UTF8_ENCODING);
	int r = parse_stream(&ps);
	if (ps.have)
		yaml_event_delete(&ps.ev);
	yaml_parser_delete(&ps.p);
	free(ps.ids);
	free(ps.idbuf);
	if (f->err) {
		diags_add(&local, DIAG_ERROR, name, 0, 0, _("cannot read the diary: %s"),
		          strerror(f->err));
		r = -1;
	}
	d->torn_off = torn;
	if (torn >= 0) {
		/* the parser read every byte before the torn record */
		while (f->pos < f->end) {
			unsigned char sink[4096];
			size_t got;
			if (!feed_read(f, sink, sizeof sink, &got) || !got)
				break;
		}
		diags_add(&local, DIAG_WARN, name, (int)f->lines + 1, 1,
		          _("the last entry was being saved when backcare was stopped "
		            "and is incomplete: it is left out, and the next save keeps "
		            "its bytes in a .torn file beside the diary"));
	}
	if (r < 0 && !local.nerrors)
		diags_add(&local, DIAG_ERROR, name, 0, 0, _("out of memory"));
	int err = local.nerrors > 0;
	diary_diags_take(dg, &local);
	if (!err)
		diary_sort(d);
	d->needs_repair = d->torn_off >= 0;
	d->append_ok = !err && ps.appendable && torn < 0 && last_nl;
	return err ? -EINVAL : 0;
}

int diary_yaml_parse(struct diary *d, const char *name, const char *buf, size_t len,
                     struct diags *dg, int want_torn)
{
	/* A byte-order mark (some Windows editors write one) is not text. */
	size_t bom = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
	long long torn = want_torn ? diary_yaml_find_torn(buf + bom, len - bom) : -1;
	struct feed f = {
	    .buf = buf, .fd = -1, .pos = bom, .end = torn >= 0 ? bom + (size_t)torn : len};
	return parse_feed(d, name, &f, torn >= 0 ? torn + (long long)bom : -1,
	                  len > bom && buf[len - 1] == '\n', dg);
}

int diary_yaml_parse_src(struct diary *d, const char *name, const struct diary_src *src,
                         struct diags *dg)
{
	if (src->text)
		return diary_yaml_parse(d, name, src->text, src->len, dg, 1);
	size_t len = src->len, toff = len - src->tail_len;
	const char *tail = src->tail;
	size_t tn = src->tail_len;
	char head[3];
	size_t bom =
	    len >= 3 && pread(src->fd, head, 3, 0) == 3 && !memcmp(head, "\xEF\xBB\xBF", 3) ? 3 : 0;
	if (toff < bom) { /* the tail holds the start of the file */
		tail += bom - toff;
		tn -= bom - toff;
		toff = bom;
	}
	long long t = diary_yaml_find_torn(tail, tn);
	long long torn = t >= 0 ? (long long)toff + t : -1;
	struct feed f = {.fd = src->fd, .pos = bom, .end = torn >= 0 ? (size_t)torn : len};
	return parse_feed(d, name, &f, torn, len > bom && tn && tail[tn - 1] == '\n', dg);
}

int diary_parse_buffer(struct diary *d, const char *name, const char *buf, size_t len,
                       struct diags *dg)
{
	return diary_yaml_parse(d, name, buf, len, dg, 1);
}
