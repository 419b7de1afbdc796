/* content.c — reads topic cards and the red-flag checklist with libyaml
 * and validates them against docs/SCHEMA.md, reporting file:line:column. */
#include "content.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "i18n.h"

#define CONTENT_MAX_BYTES (1 << 20)
/* The schema nests five levels deep (card > sections > section > table >
 * rows > row); anything much deeper is not content, and the limit keeps
 * the recursive free and the validators shallow on hostile input. */
#define CONTENT_MAX_DEPTH 16
/* A file broken on every line should not bury the rest of the report. */
#define CONTENT_MAX_DIAGS 50
#define ORDER_LIMIT 1000000

const struct category_info content_categories[CAT_COUNT] = {
    [CAT_AFTER_SEX] = {"after-sex", N_("After sex")},
    [CAT_AFTER_MISCARRIAGE] = {"after-miscarriage", N_("After a miscarriage")},
    [CAT_SEX_AND_BACK] = {"sex-and-back-pain", N_("Sex and back pain")},
    [CAT_SELF_CARE] = {"self-care", N_("Self-care")},
    [CAT_GET_HELP] = {"get-help", N_("When to get help")},
};

const struct group_info content_groups[GROUP_COUNT] = {
    /* TRANSLATORS: checklist heading over numbness, bladder, bowel, legs */
    [GROUP_SPINE] = {"spine", N_("Back, nerves and legs")},
    /* TRANSLATORS: checklist heading over a fall, chest pain, weight loss, past cancer */
    [GROUP_GENERAL] = {"general", N_("Falls, heart and general health")},
    [GROUP_INFECTION] = {"infection", N_("Fever and infection")},
    /* TRANSLATORS: checklist heading over sudden pain during or after sex */
    [GROUP_AFTER_SEX] = {"after-sex", N_("Pain around sex")},
    [GROUP_PREGNANCY] = {"pregnancy", N_("Pregnancy and miscarriage")},
    [GROUP_MEN] = {"men", N_("Testicles and prostate")},
};

const struct level_desc content_levels[LEVEL_COUNT] = {
    /* TRANSLATORS: the four levels, short (diary entries, lists) */
    [LEVEL_SELFCARE] =
        {"selfcare", N_("self-care"), "✓",
         /* TRANSLATORS: verdict banner: level word (capitals if any), dash, what to do */
         N_("SELF-CARE — look after yourself and watch for changes")},
    [LEVEL_SOON] = {"soon", N_("book an appointment"), "!",
                    /* TRANSLATORS: the verdict banner: book within the next few days. */
                    N_("SOON — book an appointment")},
    [LEVEL_URGENT] = {"urgent", N_("see a doctor today"), "!!",
                      /* TRANSLATORS: the verdict banner: see a doctor the same day. */
                      N_("URGENT — see a doctor today")},
    [LEVEL_EMERGENCY] =
        {"emergency", N_("emergency now"), "!!!",
         /* TRANSLATORS: the verdict banner: ambulance or emergency department now */
         N_("EMERGENCY — call for help now")},
};

const char *level_word(enum level l)
{
	if ((int)l < 0 || l >= LEVEL_COUNT)
		return NULL;
	return content_levels[l].word;
}

int level_from_word(const char *w)
{
	for (int i = 0; w && i < LEVEL_COUNT; i++)
		if (!strcmp(w, content_levels[i].word))
			return i;
	return -1;
}

/* --- a YAML document as a small tree with positions ---------------------- */

enum ynode_type { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum ynode_type type;
	int line, col;      /* 1-based */
	int plain;          /* an unquoted scalar: "", "~" and "null" are null */
	char *s;            /* scalar value */
	struct ynode **kid; /* sequence items; mapping key, value, key, value... */
	int n, cap;
};

static void ynode_free(struct ynode *y)
{
	if (!y)
		return;
	for (int i = 0; i < y->n; i++)
		ynode_free(y->kid[i]);
	free(y->kid);
	free(y->s);
	free(y);
}

static struct ynode *ynode_new(enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode *y = calloc(1, sizeof *y);
	if (!y)
		return NULL;
	y->type = type;
	y->line = (int)m->line + 1;
	y->col = (int)m->column + 1;
	return y;
}

static int ynode_add(struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->cap) {
		int cap = parent->cap ? parent->cap * 2 : 4;
		struct ynode **v = realloc(parent->kid, (size_t)cap * sizeof *v);
		if (!v)
			return -1;
		parent->kid = v;
		parent->cap = cap;
	}
	parent->kid[parent->n++] = kid;
	return 0;
}

/* libyaml gives reader errors (bad UTF-8) as a byte offset, not a mark. */
static void offset_position(const char *buf, size_t len, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static void yaml_report(const char *name, const char *buf, size_t len, const yaml_parser_t *p,
                        struct diags *d)
{
	const char *problem = p->problem ? p->problem : "YAML syntax error";
	int line, col;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		diags_add(d, DIAG_ERROR, name, 0, 0, "out of memory");
		return;
	case YAML_READER_ERROR:
		offset_position(buf, len, p->problem_offset, &line, &col);
		diags_add(d, DIAG_ERROR, name, line, col, "%s", problem);
		return;
	default:
		break;
	}
	line = (int)p->problem_mark.line + 1;
	col = (int)p->problem_mark.column + 1;
	if (p->context)
		diags_add(d, DIAG_ERROR, name, line, col, "%s (%s at line %d, column %d)", problem,
		          p->context, (int)p->context_mark.line + 1,
		          (int)p->context_mark.column + 1);
	else
		diags_add(d, DIAG_ERROR, name, line, col, "%s", problem);
}

struct tree_builder {
	struct ynode *root;
	struct ynode *stack[CONTENT_MAX_DEPTH];
	int depth;
	int ndocs;
};

/* Hangs a new node under the open collection (or makes it the root); frees
 * it on failure. */
static int tree_attach(struct tree_builder *b, struct ynode *y)
{
	if (!y)
		return -1;
	if (b->depth == 0) {
		b->root = y;
		return 0;
	}
	if (ynode_add(b->stack[b->depth - 1], y) < 0) {
		ynode_free(y);
		return -1;
	}
	return 0;
}

/* One event into the tree: 1 at the end of the stream, 0 to go on, -1 on
 * an error (reported). Aliases are refused: content never needs them and
 * they would let a small file expand into a huge one. */
static int tree_event(struct tree_builder *b, const yaml_event_t *ev, const char *name,
                      struct diags *d)
{
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	struct ynode *y;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1) {
			diags_add(d, DIAG_ERROR, name, line, col,
			          "only one YAML document is allowed in a file");
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		diags_add(d, DIAG_ERROR, name, line, col,
		          "aliases (*%s) are not supported in content files",
		          (const char *)ev->data.alias.anchor);
		return -1;
	case YAML_SCALAR_EVENT:
		y = ynode_new(YN_SCALAR, &ev->start_mark);
		if (y) {
			y->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			y->s = strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
			if (!y->s) {
				ynode_free(y);
				y = NULL;
			}
		}
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (b->depth == CONTENT_MAX_DEPTH) {
			diags_add(d, DIAG_ERROR, name, line, col, "nested more than %d levels deep",
			          CONTENT_MAX_DEPTH);
			return -1;
		}
		y = ynode_new(ev->type == YAML_MAPPING_START_EVENT ? YN_MAP : YN_SEQ,
		              &ev->start_mark);
		if (tree_attach(b, y) < 0)
			goto oom;
		b->stack[b->depth++] = y;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		return 0;
	default:
		return 0;
	}
	if (tree_attach(b, y) == 0)
		return 0;
oom:
	diags_add(d, DIAG_ERROR, name, line, col, "out of memory");
	return -1;
}

/* Parses buf into a tree. Returns 0 with *root set (NULL for a document
 * with no content) or -1 with the problem in d. */
static int yaml_tree(const char *name, const char *buf, size_t len, struct ynode **root,
                     struct diags *d)
{
	struct tree_builder b = {0};
	yaml_parser_t p;
	yaml_event_t ev;
	int rc = 0;

	*root = NULL;
	if (!yaml_parser_initialize(&p)) {
		diags_add(d, DIAG_ERROR, name, 0, 0, "out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (rc == 0) {
		if (!yaml_parser_parse(&p, &ev)) {
			yaml_report(name, buf, len, &p, d);
			rc = -1;
			break;
		}
		rc = tree_event(&b, &ev, name, d);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (rc < 0) {
		ynode_free(b.root);
		return -1;
	}
	*root = b.root;
	return 0;
}

/* --- validation helpers -------------------------------------------------- */

struct vctx {
	const char *name;
	struct diags *d;
	int errors; /* errors seen in this file so far */
	int ndiags;
};

static void vreport(struct vctx *c, enum diag_sev sev, const struct ynode *at, const char *fmt,
                    va_list ap)
{
	char msg[400];

	if (sev == DIAG_ERROR)
		c->errors++;
	if (c->ndiags > CONTENT_MAX_DIAGS)
		return;
	if (c->ndiags++ == CONTENT_MAX_DIAGS) {
		diags_add(c->d, DIAG_ERROR, c->name, at->line, at->col,
		          "too many problems; the rest are not reported");
		return;
	}
	vsnprintf(msg, sizeof msg, fmt, ap);
	diags_add(c->d, sev, c->name, at->line, at->col, "%s", msg);
}

__attribute__((format(printf, 3, 4))) static void verr(struct vctx *c, const struct ynode *at,
                                                       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(c, DIAG_ERROR, at, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4))) static void vwarn(struct vctx *c, const struct ynode *at,
                                                        const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(c, DIAG_WARN, at, fmt, ap);
	va_end(ap);
}

static const char *ynode_kind(const struct ynode *y)
{
	switch (y->type) {
	case YN_SEQ:
		return "a list";
	case YN_MAP:
		return "a mapping";
	default:
		return "a string";
	}
}

static int ynode_null(const struct ynode *y)
{
	return y->type == YN_SCALAR && y->plain &&
	       (!*y->s || !strcmp(y->s, "~") || !strcmp(y->s, "null") || !strcmp(y->s, "Null") ||
	        !strcmp(y->s, "NULL"));
}

struct field {
	const char *key;
	int required;
};

/* Sorts the pairs of map into vals (vals[i] for fields[i], NULL when
 * absent). A repeated key is an error, an unknown key a warning, a
 * missing required key an error at the mapping. */
static void map_fields(struct vctx *c, const struct ynode *map, const struct field *fields,
                       int nfields, const struct ynode **vals)
{
	const struct ynode *keys[16] = {0};

	for (int i = 0; i < nfields; i++)
		vals[i] = NULL;
	for (int k = 0; k + 1 < map->n; k += 2) {
		const struct ynode *key = map->kid[k];
		int i;
		if (key->type != YN_SCALAR) {
			verr(c, key, "a key must be a string, not %s", ynode_kind(key));
			continue;
		}
		for (i = 0; i < nfields; i++)
			if (!strcmp(key->s, fields[i].key))
				break;
		if (i == nfields) {
			vwarn(c, key, "unknown key '%s' (ignored)", key->s);
		} else if (keys[i]) {
			verr(c, key, "duplicate key '%s' (first at line %d)", key->s,
			     keys[i]->line);
		} else {
			keys[i] = key;
			vals[i] = map->kid[k + 1];
		}
	}
	for (int i = 0; i < nfields; i++)
		if (fields[i].required && !vals[i])
			verr(c, map, "missing required key '%s'", fields[i].key);
}

static int need_map(struct vctx *c, const char *label, const struct ynode *v)
{
	if (v->type == YN_MAP)
		return 0;
	verr(c, v, "%s: mapping expected, found %s", label, ynode_kind(v));
	return -1;
}

/* A copy without leading and trailing white space (folded scalars end in
 * a newline that nobody means). */
static char *trim_dup(const char *s)
{
	const char *e;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	return strndup(s, (size_t)(e - s));
}

static char *oom_dup(struct vctx *c, const struct ynode *v, const char *s)
{
	char *r = trim_dup(s);
	if (!r)
		verr(c, v, "out of memory");
	return r;
}

/* label is how the message names the value: "'title'", "'sources' item". */
static char *take_string(struct vctx *c, const char *label, const struct ynode *v, int allow_empty)
{
	char *s;

	if (v->type != YN_SCALAR) {
		verr(c, v, "%s: string expected, found %s", label, ynode_kind(v));
		return NULL;
	}
	s = oom_dup(c, v, ynode_null(v) ? "" : v->s);
	if (s && !*s && !allow_empty) {
		verr(c, v, "%s is empty", label);
		free(s);
		return NULL;
	}
	return s;
}

static void strv_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A list of strings; a null value is an empty list. Items that are not
 * strings are reported and left out. need_one: an empty list is an error. */
static void take_strings(struct vctx *c, const char *key, const struct ynode *v, int need_one,
                         char ***out, int *n)
{
	char label[64];

	*out = NULL;
	*n = 0;
	if (!v || ynode_null(v)) {
		if (v && need_one)
			verr(c, v, "'%s' is empty; at least one is needed", key);
		return;
	}
	if (v->type != YN_SEQ) {
		verr(c, v, "'%s': list expected, found %s", key, ynode_kind(v));
		return;
	}
	if (v->n == 0) {
		if (need_one)
			verr(c, v, "'%s' is empty; at least one is needed", key);
		return;
	}
	*out = calloc((size_t)v->n, sizeof **out);
	if (!*out) {
		verr(c, v, "out of memory");
		return;
	}
	snprintf(label, sizeof label, "'%s' item", key);
	for (int i = 0; i < v->n; i++) {
		char *s = take_string(c, label, v->kid[i], 0);
		if (s)
			(*out)[(*n)++] = s;
	}
}

static int id_valid(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

static char *take_id(struct vctx *c, const char *label, const struct ynode *v)
{
	char *s = take_string(c, label, v, 0);
	if (s && !id_valid(s)) {
		verr(c, v, "invalid id '%s' (use only a-z, 0-9 and '-')", s);
		free(s);
		return NULL;
	}
	return s;
}

static void take_ids(struct vctx *c, const char *key, const struct ynode *v, char ***out, int *n)
{
	int errors = c->errors;

	take_strings(c, key, v, 0, out, n);
	for (int i = 0; i < *n; i++)
		if (!id_valid((*out)[i]))
			verr(c, v->kid[i], "invalid id '%s' (use only a-z, 0-9 and '-')",
			     (*out)[i]);
	if (c->errors != errors) {
		strv_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
}

static int take_int(struct vctx *c, const char *label, const struct ynode *v, int *out)
{
	char *end;
	long n;

	if (v->type != YN_SCALAR) {
		verr(c, v, "%s: integer expected, found %s", label, ynode_kind(v));
		return -1;
	}
	errno = 0;
	n = strtol(v->s, &end, 10);
	if (!*v->s || *end || errno || n < -ORDER_LIMIT || n > ORDER_LIMIT || *v->s == ' ') {
		verr(c, v, "%s: integer expected, found '%s'", label, v->s);
		return -1;
	}
	*out = (int)n;
	return 0;
}

static int date_valid(const char *s)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;

	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	if (s[10])
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

static char *take_date(struct vctx *c, const struct ynode *v)
{
	char *s = take_string(c, "'reviewed'", v, 0);
	if (s && !date_valid(s)) {
		verr(c, v, "'reviewed' must be a date YYYY-MM-DD, not '%s'", s);
		free(s);
		return NULL;
	}
	return s;
}

/* "a, b, c" for the message naming the allowed values. */
static void join_words(char *buf, size_t size, const char *const *words, int n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "", words[i]);
}

/* The index of v's word in words, or -1 after an error naming the allowed ones. */
static int take_enum(struct vctx *c, const char *what, const struct ynode *v,
                     const char *const *words, int n)
{
	char label[32], allowed[200];
	char *s;

	snprintf(label, sizeof label, "'%s'", what);
	s = take_string(c, label, v, 0);
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (!strcmp(s, words[i])) {
			free(s);
			return i;
		}
	join_words(allowed, sizeof allowed, words, n);
	verr(c, v, "unknown %s '%s' (expected one of: %s)", what, s, allowed);
	free(s);
	return -1;
}

/* --- cards --------------------------------------------------------------- */

struct pos {
	int line, col;
};

/* Where a card's id and links were written, for the set-wide checks. */
struct card_pos {
	struct pos id;
	struct pos *see_also;
};

static void table_free(struct card_table *t)
{
	if (!t)
		return;
	strv_free(t->columns, t->ncols);
	strv_free(t->cells, t->ncols * t->nrows);
	free(t);
}

static struct card_table *take_table(struct vctx *c, const struct ynode *v)
{
	static const struct field fields[] = {{"columns", 1}, {"rows", 1}};
	const struct ynode *f[2];
	struct card_table *t;
	const struct ynode *rows;
	int errors = c->errors;

	if (need_map(c, "'table'", v) < 0)
		return NULL;
	map_fields(c, v, fields, 2, f);
	t = calloc(1, sizeof *t);
	if (!t) {
		verr(c, v, "out of memory");
		return NULL;
	}
	if (f[0])
		take_strings(c, "columns", f[0], 1, &t->columns, &t->ncols);
	rows = f[1];
	if (rows && rows->type != YN_SEQ) {
		verr(c, rows, "'rows': list expected, found %s", ynode_kind(rows));
	} else if (rows && rows->n == 0) {
		verr(c, rows, "'rows' is empty; at least one is needed");
	} else if (rows && t->ncols > 0 && c->errors == errors) {
		t->cells = calloc((size_t)rows->n * (size_t)t->ncols, sizeof *t->cells);
		if (!t->cells)
			verr(c, rows, "out of memory");
		for (int r = 0; t->cells && r < rows->n; r++) {
			const struct ynode *row = rows->kid[r];
			if (row->type != YN_SEQ) {
				verr(c, row, "table row %d: list expected, found %s", r + 1,
				     ynode_kind(row));
				continue;
			}
			if (row->n != t->ncols) {
				verr(c, row,
				     "table row %d has %d cells; expected %d (one per column)",
				     r + 1, row->n, t->ncols);
				continue;
			}
			for (int k = 0; k < t->ncols; k++) {
				char *s = take_string(c, "table cell", row->kid[k], 1);
				if (s)
					t->cells[r * t->ncols + k] = s;
			}
		}
		if (t->cells)
			t->nrows = rows->n;
	}
	if (c->errors != errors) {
		table_free(t);
		return NULL;
	}
	return t;
}

static void section_free(struct card_section *s)
{
	free(s->heading);
	strv_free(s->paragraphs, s->nparagraphs);
	strv_free(s->bullets, s->nbullets);
	table_free(s->table);
}

static void take_section(struct vctx *c, const struct ynode *v, struct card_section *s)
{
	static const struct field fields[] = {
	    {"heading", 1},
	    {"paragraphs", 0},
	    {"bullets", 0},
	    {"table", 0},
	};
	const struct ynode *f[4];
	int errors = c->errors;

	memset(s, 0, sizeof *s);
	if (need_map(c, "'sections' item", v) < 0)
		return;
	map_fields(c, v, fields, 4, f);
	if (f[0])
		s->heading = take_string(c, "'heading'", f[0], 0);
	take_strings(c, "paragraphs", f[1], 0, &s->paragraphs, &s->nparagraphs);
	take_strings(c, "bullets", f[2], 0, &s->bullets, &s->nbullets);
	if (f[3] && !ynode_null(f[3]))
		s->table = take_table(c, f[3]);
	/* Said only when nothing else is wrong: a broken list is reported
	 * already and is not the same as an empty section. */
	if (!s->nparagraphs && !s->nbullets && !s->table && c->errors == errors)
		verr(c, v, "section has no paragraphs, bullets or table");
}

static void take_sections(struct vctx *c, const struct ynode *v, struct card *card)
{
	if (v->type != YN_SEQ) {
		verr(c, v, "'sections': list expected, found %s", ynode_kind(v));
		return;
	}
	if (v->n == 0) {
		verr(c, v, "'sections' is empty; at least one is needed");
		return;
	}
	card->sections = calloc((size_t)v->n, sizeof *card->sections);
	if (!card->sections) {
		verr(c, v, "out of memory");
		return;
	}
	card->nsections = v->n;
	for (int i = 0; i < v->n; i++)
		take_section(c, v->kid[i], &card->sections[i]);
}

static void flags_free(struct card_flag *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].id);
	free(v);
}

void content_card_free(struct card *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->title);
	free(c->summary);
	for (int i = 0; i < c->nsections; i++)
		section_free(&c->sections[i]);
	free(c->sections);
	strv_free(c->see_also, c->nsee_also);
	strv_free(c->sources, c->nsources);
	flags_free(c->flags, c->nflags);
	free(c->reviewed);
	free(c->file);
	memset(c, 0, sizeof *c);
}

/* The id a file called ".../NAME.yaml" should have; NULL for other names
 * (memory buffers in tests and fuzzing). */
static char *file_stem(const char *name)
{
	const char *base = strrchr(name, '/');
	size_t len;

	base = base ? base + 1 : name;
	len = strlen(base);
	if (len <= 5 || strcmp(base + len - 5, ".yaml"))
		return NULL;
	return strndup(base, len - 5);
}

static void card_check_id(struct vctx *c, const struct ynode *v, const char *id)
{
	char *stem = file_stem(c->name);
	if (stem && strcmp(stem, id))
		vwarn(c, v, "id '%s' does not match the file name '%s.yaml'", id, stem);
	free(stem);
}

/* red_flags: a mapping from emergency / urgent / soon to lists of
 * checklist item ids. Whether the ids exist, and at that level, is known
 * only with the checklist: content_check_red_flags. Any error here drops
 * all of the card's flags (the card still fails to load on an error). */
static void take_red_flags(struct vctx *c, const struct ynode *v, struct card *card)
{
	static const int order[] = {LEVEL_EMERGENCY, LEVEL_URGENT, LEVEL_SOON};
	const struct ynode *lists[LEVEL_COUNT] = {0};
	int errors = c->errors, total = 0;

	if (ynode_null(v) || need_map(c, "'red_flags'", v) < 0)
		return;
	for (int k = 0; k + 1 < v->n; k += 2) {
		const struct ynode *key = v->kid[k];
		int l;
		if (key->type != YN_SCALAR) {
			verr(c, key, "a key must be a string, not %s", ynode_kind(key));
			continue;
		}
		l = level_from_word(key->s);
		if (l < 0 || l == LEVEL_SELFCARE) {
			verr(c, key,
			     "red_flags: unknown level '%s' (expected one of: emergency, urgent, "
			     "soon)",
			     key->s);
			continue;
		}
		if (lists[l]) {
			verr(c, key, "duplicate key '%s' (first at line %d)", key->s,
			     lists[l]->line);
			continue;
		}
		lists[l] = v->kid[k + 1];
		if (ynode_null(lists[l]))
			continue;
		if (lists[l]->type != YN_SEQ) {
			verr(c, lists[l], "'red_flags: %s': list expected, found %s", key->s,
			     ynode_kind(lists[l]));
			continue;
		}
		total += lists[l]->n;
	}
	if (c->errors != errors || !total)
		return;
	card->flags = calloc((size_t)total, sizeof *card->flags);
	if (!card->flags) {
		verr(c, v, "out of memory");
		return;
	}
	for (int o = 0; o < 3; o++) {
		const struct ynode *list = lists[order[o]];
		for (int i = 0; list && list->type == YN_SEQ && i < list->n; i++) {
			const struct ynode *y = list->kid[i];
			char *id = take_id(c, "'red_flags' item", y);
			int dup = 0;
			if (!id)
				continue;
			for (int j = 0; j < card->nflags && !dup; j++)
				if (!strcmp(card->flags[j].id, id)) {
					verr(c, y,
					     "red_flags: '%s' is listed twice (first at line %d)",
					     id, card->flags[j].line);
					dup = 1;
				}
			if (dup) {
				free(id);
				continue;
			}
			card->flags[card->nflags++] =
			    (struct card_flag){id, order[o], y->line, y->col};
		}
	}
	if (c->errors != errors) {
		flags_free(card->flags, card->nflags);
		card->flags = NULL;
		card->nflags = 0;
	}
}

static void card_fill(struct vctx *c, const struct ynode *root, struct card *out,
                      struct card_pos *pos)
{
	static const struct field fields[] = {
	    {"id", 1},       {"category", 1}, {"order", 0},   {"title", 1},    {"summary", 1},
	    {"sections", 1}, {"see_also", 0}, {"sources", 1}, {"reviewed", 1}, {"red_flags", 0},
	};
	const char *cat_words[CAT_COUNT];
	const struct ynode *f[10];

	for (int i = 0; i < CAT_COUNT; i++)
		cat_words[i] = content_categories[i].id;
	map_fields(c, root, fields, 10, f);
	if (f[0] && (out->id = take_id(c, "'id'", f[0]))) {
		card_check_id(c, f[0], out->id);
		pos->id = (struct pos){f[0]->line, f[0]->col};
	}
	if (f[1])
		out->category = take_enum(c, "category", f[1], cat_words, CAT_COUNT);
	if (f[2])
		take_int(c, "'order'", f[2], &out->order);
	if (f[3])
		out->title = take_string(c, "'title'", f[3], 0);
	if (f[4])
		out->summary = take_string(c, "'summary'", f[4], 0);
	if (f[5])
		take_sections(c, f[5], out);
	take_ids(c, "see_also", f[6], &out->see_also, &out->nsee_also);
	if (out->nsee_also) {
		pos->see_also = calloc((size_t)out->nsee_also, sizeof *pos->see_also);
		if (!pos->see_also)
			verr(c, f[6], "out of memory");
		for (int i = 0; pos->see_also && i < out->nsee_also; i++)
			pos->see_also[i] = (struct pos){f[6]->kid[i]->line, f[6]->kid[i]->col};
	}
	if (f[7])
		take_strings(c, "sources", f[7], 1, &out->sources, &out->nsources);
	if (f[8])
		out->reviewed = take_date(c, f[8]);
	if (f[9])
		take_red_flags(c, f[9], out);
}

static int card_parse(const char *name, const char *buf, size_t len, struct card *out,
                      struct card_pos *pos, struct diags *d)
{
	struct vctx c = {.name = name, .d = d};
	struct ynode *root;

	memset(out, 0, sizeof *out);
	memset(pos, 0, sizeof *pos);
	if (yaml_tree(name, buf, len, &root, d) < 0)
		return -1;
	if (!root || ynode_null(root)) {
		diags_add(d, DIAG_ERROR, name, 0, 0, "no card in this file");
		ynode_free(root);
		return -1;
	}
	if (root->type != YN_MAP)
		verr(&c, root, "a card must be a mapping of keys (id, title, ...), not %s",
		     ynode_kind(root));
	else
		card_fill(&c, root, out, pos);
	ynode_free(root);
	if (!c.errors)
		out->file = strdup(name);
	if (c.errors || !out->file) {
		content_card_free(out);
		free(pos->see_also);
		pos->see_also = NULL;
		return -1;
	}
	return 0;
}

int content_parse_card(const char *name, const char *buf, size_t len, struct card *out,
                       struct diags *d)
{
	struct card_pos pos;
	int rc = card_parse(name, buf, len, out, &pos, d);
	free(pos.see_also);
	return rc;
}

/* Reads a whole file of at most CONTENT_MAX_BYTES into *buf. Returns 0,
 * 1 when it is not a regular file (reported with severity notreg), -1 on
 * any other failure (reported). */
static int content_read(const char *path, enum diag_sev notreg, char **buf, size_t *len,
                        struct diags *d)
{
	struct stat st;
	size_t cap, n = 0;
	ssize_t got;
	char *b;
	int fd, toobig = 0;

	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK so a FIFO left in the tree cannot hang the program. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		diags_add(d, notreg, path, 0, 0, "not a regular file; skipped");
		close(fd);
		return 1;
	}
	if (st.st_size > CONTENT_MAX_BYTES) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "larger than 1 MiB; refused");
		close(fd);
		return -1;
	}
	cap = (size_t)st.st_size + 1;
	b = malloc(cap);
	while (b && (got = read(fd, b + n, cap - n)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			diags_add(d, DIAG_ERROR, path, 0, 0, "%s", strerror(errno));
			free(b);
			close(fd);
			return -1;
		}
		n += (size_t)got;
		if (n == cap) { /* it grew while we read */
			char *nb = NULL;
			if (cap > CONTENT_MAX_BYTES)
				toobig = 1;
			else
				nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				b = NULL;
				break;
			}
			b = nb;
			cap *= 2;
		}
	}
	close(fd);
	if (b && n > CONTENT_MAX_BYTES) {
		free(b);
		b = NULL;
		toobig = 1;
	}
	if (!b) {
		diags_add(d, DIAG_ERROR, path, 0, 0, "%s",
		          toobig ? "larger than 1 MiB; refused" : "out of memory");
		return -1;
	}
	*buf = b;
	*len = n;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.yaml names in dir, sorted so that the order (and which of two
 * duplicates wins) never depends on the file system. */
static int list_yaml(const char *dir, char ***names, int *n, struct diags *d)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int cap = 0;

	*names = NULL;
	*n = 0;
	if (!dp) {
		diags_add(d, DIAG_ERROR, dir, 0, 0, "%s", strerror(errno));
		return -1;
	}
	while ((e = readdir(dp))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= 5 || strcmp(e->d_name + len - 5, ".yaml"))
			continue;
		if (*n == cap) {
			int ncap = cap ? cap * 2 : 32;
			char **v = realloc(*names, (size_t)ncap * sizeof *v);
			if (!v)
				break;
			*names = v;
			cap = ncap;
		}
		if (!((*names)[*n] = strdup(e->d_name)))
			break;
		(*n)++;
	}
	closedir(dp);
	if (e) {
		diags_add(d, DIAG_ERROR, dir, 0, 0, "out of memory");
		strv_free(*names, *n);
		*names = NULL;
		*n = 0;
		return -1;
	}
	if (*n > 1) /* qsort(NULL, 0) is undefined */
		qsort(*names, (size_t)*n, sizeof **names, name_cmp);
	return 0;
}

static int card_cmp(const void *pa, const void *pb)
{
	const struct card *a = pa, *b = pb;

	if (a->category != b->category)
		return a->category < b->category ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* Drops the second of two cards with one id, then every see_also link
 * that names no card, each with an error where it was written. */
static void cards_check_set(struct card_set *set, struct card_pos *pos, struct diags *d)
{
	int k = 0;

	for (int i = 0; i < set->n; i++) {
		const struct card *first = NULL;
		for (int j = 0; j < k && !first; j++)
			if (!strcmp(set->v[j].id, set->v[i].id))
				first = &set->v[j];
		if (first) {
			diags_add(d, DIAG_ERROR, set->v[i].file, pos[i].id.line, pos[i].id.col,
			          "duplicate card id '%s' (also in %s); left out", set->v[i].id,
			          first->file);
			content_card_free(&set->v[i]);
			free(pos[i].see_also);
			continue;
		}
		set->v[k] = set->v[i];
		pos[k++] = pos[i];
	}
	set->n = k;
	for (int i = 0; i < set->n; i++) {
		struct card *c = &set->v[i];
		int m = 0;
		for (int j = 0; j < c->nsee_also; j++) {
			const struct pos *p = &pos[i].see_also[j];
			if (!cards_find(set, c->see_also[j])) {
				diags_add(d, DIAG_ERROR, c->file, p->line, p->col,
				          "see_also: no card with id '%s'; link dropped",
				          c->see_also[j]);
				free(c->see_also[j]);
				continue;
			}
			c->see_also[m++] = c->see_also[j];
		}
		c->nsee_also = m;
	}
}

int content_load_cards(const char *dir, struct card_set *out, struct diags *d)
{
	struct card_pos *pos = NULL;
	char *cdir = NULL, **names = NULL;
	int nnames = 0;

	out->v = NULL;
	out->n = 0;
	if (asprintf(&cdir, "%s/cards", dir) < 0) {
		diags_add(d, DIAG_ERROR, dir, 0, 0, "out of memory");
		return -1;
	}
	if (list_yaml(cdir, &names, &nnames, d) < 0) {
		free(cdir);
		return -1;
	}
	if (nnames) {
		out->v = calloc((size_t)nnames, sizeof *out->v);
		pos = calloc((size_t)nnames, sizeof *pos);
		if (!out->v || !pos) {
			diags_add(d, DIAG_ERROR, cdir, 0, 0, "out of memory");
			free(out->v);
			out->v = NULL;
			nnames = 0;
		}
	}
	for (int i = 0; i < nnames; i++) {
		char *path = NULL, *buf;
		size_t len;
		if (asprintf(&path, "%s/%s", cdir, names[i]) < 0) {
			diags_add(d, DIAG_ERROR, cdir, 0, 0, "out of memory");
			break;
		}
		if (content_read(path, DIAG_WARN, &buf, &len, d) == 0) {
			if (card_parse(path, buf, len, &out->v[out->n], &pos[out->n], d) == 0)
				out->n++;
			free(buf);
		}
		free(path);
	}
	strv_free(names, nnames);
	cards_check_set(out, pos, d);
	for (int i = 0; i < out->n; i++)
		free(pos[i].see_also);
	free(pos);
	if (out->n)
		qsort(out->v, (size_t)out->n, sizeof *out->v, card_cmp);
	free(cdir);
	return 0;
}

const struct card *cards_find(const struct card_set *set, const char *id)
{
	for (int i = 0; set && id && i < set->n; i++)
		if (!strcmp(set->v[i].id, id))
			return &set->v[i];
	return NULL;
}

void cards_free(struct card_set *set)
{
	if (!set)
		return;
	for (int i = 0; i < set->n; i++)
		content_card_free(&set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

/* --- checklist ----------------------------------------------------------- */

static void level_free(struct level_info *l)
{
	free(l->title);
	strv_free(l->advice, l->nadvice);
	strv_free(l->cards, l->ncards);
	memset(l, 0, sizeof *l);
}

static void take_level(struct vctx *c, const struct ynode *v, struct level_info *l)
{
	static const struct field fields[] = {{"title", 1}, {"advice", 1}, {"cards", 0}};
	const struct ynode *f[3];

	if (need_map(c, "level", v) < 0)
		return;
	map_fields(c, v, fields, 3, f);
	if (f[0])
		l->title = take_string(c, "'title'", f[0], 0);
	if (f[1])
		take_strings(c, "advice", f[1], 1, &l->advice, &l->nadvice);
	take_ids(c, "cards", f[2], &l->cards, &l->ncards);
}

static void take_levels(struct vctx *c, const struct ynode *v, struct checklist *cl)
{
	const char *words[LEVEL_COUNT];
	const struct ynode *keys[LEVEL_COUNT] = {0};
	char allowed[100];

	/* In the order the schema lists them, most urgent first. */
	for (int i = 0; i < LEVEL_COUNT; i++)
		words[i] = content_levels[LEVEL_COUNT - 1 - i].word;
	if (need_map(c, "'levels'", v) < 0)
		return;
	join_words(allowed, sizeof allowed, words, LEVEL_COUNT);
	for (int k = 0; k + 1 < v->n; k += 2) {
		const struct ynode *key = v->kid[k];
		int l;
		if (key->type != YN_SCALAR) {
			verr(c, key, "a key must be a string, not %s", ynode_kind(key));
			continue;
		}
		l = level_from_word(key->s);
		if (l < 0) {
			verr(c, key, "unknown level '%s' (expected one of: %s)", key->s, allowed);
			continue;
		}
		if (keys[l]) {
			verr(c, key, "duplicate key '%s' (first at line %d)", key->s,
			     keys[l]->line);
			continue;
		}
		keys[l] = key;
		take_level(c, v->kid[k + 1], &cl->levels[l]);
	}
	for (int i = 0; i < LEVEL_COUNT; i++) {
		int l = level_from_word(words[i]);
		if (!keys[l])
			verr(c, v, "missing level '%s'", words[i]);
	}
}

static void item_free(struct check_item *it)
{
	free(it->id);
	free(it->question);
	free(it->sign_of);
	memset(it, 0, sizeof *it);
}

static int take_item_level(struct vctx *c, const struct ynode *v)
{
	const char *words[LEVEL_COUNT - 1];
	int i;

	for (i = 0; i < LEVEL_COUNT - 1; i++) /* most urgent first; no selfcare */
		words[i] = content_levels[LEVEL_COUNT - 1 - i].word;
	if (v->type == YN_SCALAR && !strcmp(v->s, level_word(LEVEL_SELFCARE))) {
		verr(c, v,
		     "level 'selfcare' is not allowed for an item "
		     "(expected one of: emergency, urgent, soon)");
		return -1;
	}
	i = take_enum(c, "level", v, words, LEVEL_COUNT - 1);
	return i < 0 ? -1 : level_from_word(words[i]);
}

/* Fills *it from v; returns 0, or -1 (reported) when the item is left out. */
static int take_item(struct vctx *c, const struct ynode *v, struct check_item *it)
{
	static const struct field fields[] = {
	    {"id", 1}, {"level", 1}, {"group", 1}, {"question", 1}, {"sign_of", 1},
	};
	const char *group_words[GROUP_COUNT];
	const struct ynode *f[5];
	int errors = c->errors, l = -1;

	for (int i = 0; i < GROUP_COUNT; i++)
		group_words[i] = content_groups[i].id;
	memset(it, 0, sizeof *it);
	if (need_map(c, "'items' item", v) < 0)
		return -1;
	map_fields(c, v, fields, 5, f);
	if (f[0])
		it->id = take_id(c, "'id'", f[0]);
	if (f[1] && (l = take_item_level(c, f[1])) >= 0)
		it->level = (enum level)l;
	if (f[2])
		it->group = take_enum(c, "group", f[2], group_words, GROUP_COUNT);
	if (f[3])
		it->question = take_string(c, "'question'", f[3], 0);
	if (f[4])
		it->sign_of = take_string(c, "'sign_of'", f[4], 0);
	if (c->errors != errors) {
		item_free(it);
		return -1;
	}
	return 0;
}

/* Where the item mapping v gives its id (for messages about the id). */
static const struct ynode *item_id_node(const struct ynode *v)
{
	for (int k = 0; k + 1 < v->n; k += 2)
		if (v->kid[k]->type == YN_SCALAR && !strcmp(v->kid[k]->s, "id"))
			return v->kid[k + 1];
	return v;
}

static int item_idx_cmp(const void *pa, const void *pb, void *items)
{
	const struct check_item *it = items;
	int a = *(const int *)pa, b = *(const int *)pb;
	int r = strcmp(it[a].id, it[b].id);

	return r ? r : a - b;
}

/* Drops the second and later items with one id, each with an error at its
 * id. Sorting an index keeps this O(n log n) on a hostile file with tens
 * of thousands of items. at[i] is the mapping item i was read from. */
static void items_dedupe(struct vctx *c, const struct ynode *v, struct checklist *cl,
                         const struct ynode **at)
{
	int *idx = malloc((size_t)cl->n * sizeof *idx + 1);
	char *dup = calloc((size_t)cl->n + 1, 1);
	int m = 0;

	if (!idx || !dup) {
		verr(c, v, "out of memory");
		free(idx);
		free(dup);
		return;
	}
	for (int i = 0; i < cl->n; i++)
		idx[i] = i;
	qsort_r(idx, (size_t)cl->n, sizeof *idx, item_idx_cmp, cl->items);
	for (int k = 1; k < cl->n; k++)
		if (!strcmp(cl->items[idx[k]].id, cl->items[idx[k - 1]].id))
			dup[idx[k]] = 1;
	for (int i = 0; i < cl->n; i++) {
		if (dup[i]) {
			verr(c, item_id_node(at[i]), "duplicate item id '%s'; left out",
			     cl->items[i].id);
			item_free(&cl->items[i]);
			continue;
		}
		cl->items[m++] = cl->items[i];
	}
	cl->n = m;
	free(idx);
	free(dup);
}

static void take_items(struct vctx *c, const struct ynode *v, struct checklist *cl)
{
	const struct ynode **at;

	if (v->type != YN_SEQ) {
		verr(c, v, "'items': list expected, found %s", ynode_kind(v));
		return;
	}
	if (v->n == 0) {
		verr(c, v, "'items' is empty; at least one is needed");
		return;
	}
	cl->items = calloc((size_t)v->n, sizeof *cl->items);
	at = calloc((size_t)v->n, sizeof *at);
	if (!cl->items || !at) {
		verr(c, v, "out of memory");
		free(at);
		return;
	}
	for (int i = 0; i < v->n; i++) {
		if (take_item(c, v->kid[i], &cl->items[cl->n]) < 0)
			continue;
		at[cl->n++] = v->kid[i];
	}
	items_dedupe(c, v, cl, at);
	free(at);
}

void checklist_free(struct checklist *cl)
{
	if (!cl)
		return;
	for (int i = 0; i < cl->n; i++)
		item_free(&cl->items[i]);
	free(cl->items);
	for (int i = 0; i < LEVEL_COUNT; i++)
		level_free(&cl->levels[i]);
	free(cl->emergency_numbers);
	strv_free(cl->sources, cl->nsources);
	free(cl->reviewed);
	free(cl->file);
	memset(cl, 0, sizeof *cl);
}

int content_parse_checklist(const char *name, const char *buf, size_t len, struct checklist *out,
                            struct diags *d)
{
	static const struct field fields[] = {
	    {"emergency_numbers", 1}, {"levels", 1}, {"items", 1}, {"sources", 1}, {"reviewed", 1},
	};
	struct vctx c = {.name = name, .d = d};
	const struct ynode *f[5];
	struct ynode *root;

	memset(out, 0, sizeof *out);
	if (yaml_tree(name, buf, len, &root, d) < 0)
		return -1;
	if (!root || ynode_null(root)) {
		diags_add(d, DIAG_ERROR, name, 0, 0, "no checklist in this file");
		ynode_free(root);
		return -1;
	}
	if (root->type != YN_MAP) {
		verr(&c, root,
		     "the checklist must be a mapping of keys (levels, items, ...), not %s",
		     ynode_kind(root));
		ynode_free(root);
		return -1;
	}
	map_fields(&c, root, fields, 5, f);
	if (f[0])
		out->emergency_numbers = take_string(&c, "'emergency_numbers'", f[0], 0);
	if (f[1])
		take_levels(&c, f[1], out);
	if (f[2])
		take_items(&c, f[2], out);
	if (f[3])
		take_strings(&c, "sources", f[3], 1, &out->sources, &out->nsources);
	if (f[4])
		out->reviewed = take_date(&c, f[4]);
	ynode_free(root);
	out->file = strdup(name);
	if (!out->file) {
		diags_add(d, DIAG_ERROR, name, 0, 0, "out of memory");
		checklist_free(out);
		return -1;
	}
	return 0;
}

int content_load_checklist(const char *dir, struct checklist *out, struct diags *d)
{
	char *path = NULL, *buf;
	size_t len;
	int rc;

	memset(out, 0, sizeof *out);
	if (asprintf(&path, "%s/checklist.yaml", dir) < 0) {
		diags_add(d, DIAG_ERROR, dir, 0, 0, "out of memory");
		return -1;
	}
	rc = content_read(path, DIAG_ERROR, &buf, &len, d);
	if (rc == 0) {
		rc = content_parse_checklist(path, buf, len, out, d);
		free(buf);
	}
	free(path);
	return rc == 0 ? 0 : -1;
}

int checklist_find(const struct checklist *cl, const char *id)
{
	for (int i = 0; cl && id && i < cl->n; i++)
		if (!strcmp(cl->items[i].id, id))
			return i;
	return -1;
}

int content_check_red_flags(struct card_set *set, const struct checklist *cl, struct diags *d)
{
	int dropped = 0;

	for (int i = 0; i < set->n; i++) {
		struct card *c = &set->v[i];
		int m = 0;
		for (int j = 0; j < c->nflags; j++) {
			struct card_flag *f = &c->flags[j];
			int k = checklist_find(cl, f->id);
			if (k < 0) {
				diags_add(d, DIAG_ERROR, c->file, f->line, f->col,
				          "red_flags: no checklist item with id '%s'; flag dropped",
				          f->id);
			} else if ((int)cl->items[k].level != f->level) {
				diags_add(d, DIAG_ERROR, c->file, f->line, f->col,
				          "red_flags: '%s' is listed under '%s' but the checklist "
				          "has it at '%s'; flag dropped",
				          f->id, level_word(f->level),
				          level_word(cl->items[k].level));
			} else {
				c->flags[m++] = *f;
				continue;
			}
			free(f->id);
			dropped++;
		}
		c->nflags = m;
	}
	return dropped;
}

int cards_about_flag(const struct card_set *set, const struct checklist *cl, int item)
{
	int best = -1, best_in = 0, best_n = 0;

	if (item < 0 || item >= cl->n)
		return -1;
	for (int i = 0; i < set->n; i++) {
		const struct card *c = &set->v[i];
		int listed = 0, in = 0;
		for (int j = 0; j < c->nflags; j++) {
			int k = checklist_find(cl, c->flags[j].id);
			if (k == item)
				listed = 1;
			if (k >= 0 && cl->items[k].group == cl->items[item].group)
				in++;
		}
		if (!listed)
			continue;
		/* in/n against best_in/best_n without division */
		long lhs = (long)in * best_n, rhs = (long)best_in * c->nflags;
		if (best < 0 || lhs > rhs ||
		    (lhs == rhs && (in > best_in || (in == best_in && c->nflags < best_n)))) {
			best = i;
			best_in = in;
			best_n = c->nflags;
		}
	}
	return best;
}
