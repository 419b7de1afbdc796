/* search.c — cards by words (search.h has the rules and why). */
#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "text.h"

/* Filler words a question carries ("what is normal after a
 * miscarriage"): dropped unless the query has nothing else. Compared
 * folded (text_find), whole word. */
static const char *const stop_words[] = {
    "a",
    "an",
    "the",
    "is",
    "are",
    "am",
    "was",
    "be",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "and",
    "or",
    "if",
    "my",
    "me",
    "i",
    "it",
    "its",
    "with",
    "what",
    "which",
    "how",
    "do",
    "does",
    "when",
    "that",
    "this",
    "by",
    "about",
    "from",
    "as",
    "your",
    "you",
    "why",
    "should",
    /* Arabic: what, in, from, about, on, if, is it, or, and, when, how, which, why */
    "ما",
    "ماذا",
    "في",
    "من",
    "عن",
    "على",
    "إذا",
    "هل",
    "أو",
    "و",
    "متى",
    "كيف",
    "أي",
    "لماذا",
    "مع",
};

/* Inside a run of Han characters these split it like a space: particles
 * and question words a card rarely holds next to the words around them.
 * Longest first. */
static const char *const han_stops[] = {
    "为什么", "什么", "怎么", "怎样", "哪些", "如何", "我的", "的", "了", "吗",
    "呢",     "吧",   "啊",   "是",   "我",   "和",   "与",   "及", "或",
};

static int is_han(ucs4_t c)
{
	return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
	       (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3ffff) ||
	       (c >= 0x3040 && c <= 0x30ff); /* kana: no spaces either */
}

static int is_word(ucs4_t c)
{
	return uc_is_alnum(c) || uc_is_general_category(c, UC_CATEGORY_M);
}

static int same_word(const char *a, const char *b)
{
	int len;
	return text_find(a, b, 0, &len) == 0 && (size_t)len == strlen(a);
}

static int is_stop(const char *w)
{
	for (size_t i = 0; i < sizeof stop_words / sizeof *stop_words; i++)
		if (same_word(w, stop_words[i]))
			return 1;
	return 0;
}

static int add_term(struct search_query *q, char **keys, int nkeys, int chars)
{
	struct search_term *t = realloc(q->t, (size_t)(q->n + 1) * sizeof *t);

	if (!t) {
		for (int i = 0; i < nkeys; i++)
			free(keys[i]);
		free(keys);
		return -1;
	}
	q->t = t;
	t[q->n++] = (struct search_term){keys, nkeys, chars};
	return 0;
}

/* Words people type for what the cards call otherwise: the word, or the
 * card's word, matches. */
static const char *const synonyms[][2] = {
    {"backache", "back pain"}, {"ache", "pain"},      {"sore", "pain"},
    {"intercourse", "sex"},    {"lovemaking", "sex"}, {"lower", "low back"},
};

/* A plain word: an English plural "s" and an Arabic article dropped; the
 * keys are alternatives (the word, or a synonym). */
static int add_word(struct search_query *q, const char *s, size_t len)
{
	static const char *const articles[] = {"وال", "بال", "فال", "كال", "لل", "ال"};
	char *w = strndup(s, len), **keys;
	size_t n;

	if (!w)
		return -1;
	if (text_find(w, w, 0, NULL) < 0) { /* only what search ignores (harakat) */
		free(w);
		return 0;
	}
	n = strlen(w);
	if (n >= 4 && w[n - 1] == 's' && w[n - 2] != 's' && (unsigned char)w[n - 2] < 0x80 &&
	    (unsigned char)w[0] < 0x80)
		w[n - 1] = '\0';
	for (size_t i = 0; i < sizeof articles / sizeof *articles; i++) {
		size_t al = strlen(articles[i]);
		if (!strncmp(w, articles[i], al) &&
		    u8_mbsnlen((uint8_t *)w + al, strlen(w + al)) >= 3) {
			memmove(w, w + al, strlen(w + al) + 1);
			break;
		}
	}
	if (!(keys = calloc(2, sizeof *keys))) {
		free(w);
		return -1;
	}
	keys[0] = w;
	for (size_t i = 0; i < sizeof synonyms / sizeof *synonyms; i++)
		if (same_word(w, synonyms[i][0])) {
			if (!(keys[1] = strdup(synonyms[i][1]))) {
				free(w);
				free(keys);
				return -1;
			}
			return add_term(q, keys, 2, 0);
		}
	return add_term(q, keys, 1, 0);
}

/* A run of n Han characters at s (byte offsets off[0..n], off[n] its end):
 * a single character is itself, a longer run its overlapping pairs. */
static int add_han(struct search_query *q, const char *s, const int *off, int n)
{
	int nk = n == 1 ? 1 : n - 1;
	char **keys = calloc((size_t)nk, sizeof *keys);

	if (!keys)
		return -1;
	for (int i = 0; i < nk; i++) {
		int to = n == 1 ? 1 : i + 2;
		if (!(keys[i] = strndup(s + off[i], (size_t)(off[to] - off[i])))) {
			for (int k = 0; k < i; k++)
				free(keys[k]);
			free(keys);
			return -1;
		}
	}
	return add_term(q, keys, nk, n == 1 ? 0 : n);
}

/* The Han run [s, s+len) split at the particles of han_stops. */
static int add_han_run(struct search_query *q, const char *s, size_t len)
{
	int *off = malloc((len + 1) * sizeof *off), n = 0, rc = 0;
	size_t i = 0, seg = 0; /* seg: where the current piece starts */

	if (!off)
		return -1;
	while (i <= len && rc == 0) {
		size_t stop = 0;
		for (size_t k = 0; i < len && k < sizeof han_stops / sizeof *han_stops && !stop;
		     k++) {
			size_t sl = strlen(han_stops[k]);
			if (sl <= len - i && !memcmp(s + i, han_stops[k], sl))
				stop = sl;
		}
		if (stop || i == len) {
			if (n) {
				off[n] = (int)(i - seg);
				rc = add_han(q, s + seg, off, n);
			}
			n = 0;
			if (i == len)
				break;
			i += stop;
			seg = i;
			continue;
		}
		ucs4_t c;
		off[n++] = (int)(i - seg);
		i += (size_t)u8_mbtouc(&c, (const uint8_t *)s + i, len - i);
	}
	free(off);
	return rc;
}

void search_query_free(struct search_query *q)
{
	for (int i = 0; q && i < q->n; i++) {
		for (int k = 0; k < q->t[i].nkeys; k++)
			free(q->t[i].keys[k]);
		free(q->t[i].keys);
	}
	if (q) {
		free(q->t);
		q->t = NULL;
		q->n = 0;
	}
}

/* Drops the filler words, unless every term is one. */
static void drop_stops(struct search_query *q)
{
	int keep = 0, any = 0;

	for (int i = 0; i < q->n; i++)
		any |= q->t[i].chars || !is_stop(q->t[i].keys[0]);
	if (!any)
		return;
	for (int i = 0; i < q->n; i++) {
		struct search_term *t = &q->t[i];
		if (!t->chars && t->nkeys == 1 && is_stop(t->keys[0])) {
			free(t->keys[0]);
			free(t->keys);
			continue;
		}
		q->t[keep++] = *t;
	}
	q->n = keep;
}

int search_parse(const char *utf8, struct search_query *q)
{
	char *s = text_clean(utf8 ? utf8 : "", 1); /* a line break separates words */
	size_t i = 0, len;
	int rc = 0;

	q->t = NULL;
	q->n = 0;
	if (!s)
		return -1;
	len = strlen(s);
	while (i < len && rc == 0) {
		ucs4_t c;
		size_t start = i;
		int k = u8_mbtouc(&c, (uint8_t *)s + i, len - i);
		if (is_han(c)) {
			while (i < len && (k = u8_mbtouc(&c, (uint8_t *)s + i, len - i)) &&
			       is_han(c))
				i += (size_t)k;
			rc = add_han_run(q, s + start, i - start);
		} else if (is_word(c)) {
			while (i < len && (k = u8_mbtouc(&c, (uint8_t *)s + i, len - i)) &&
			       is_word(c) && !is_han(c))
				i += (size_t)k;
			rc = add_word(q, s + start, i - start);
		} else {
			i += (size_t)k;
		}
	}
	free(s);
	if (rc < 0) {
		search_query_free(q);
		return -1;
	}
	drop_stops(q);
	return q->n;
}

int search_find(const struct search_query *q, const char *hay, int from, int *mlen)
{
	int best = -1, blen = 0;

	for (int i = 0; hay && i < q->n; i++)
		for (int k = 0; k < q->t[i].nkeys; k++) {
			int len, off = text_find(hay, q->t[i].keys[k], from, &len);
			if (off >= 0 && (best < 0 || off < best || (off == best && len > blen))) {
				best = off;
				blen = len;
			}
		}
	if (mlen)
		*mlen = blen;
	return best;
}

/* --- matching a card ------------------------------------------------------ */

struct field {
	const char *s;
	int weight;
};

struct fields {
	struct field *v;
	int n, cap;
};

static void field_add(struct fields *f, const char *s, int weight)
{
	if (!s || !*s)
		return;
	if (f->n == f->cap) {
		int cap = f->cap ? f->cap * 2 : 64;
		struct field *v = realloc(f->v, (size_t)cap * sizeof *v);
		if (!v)
			return;
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n++] = (struct field){s, weight};
}

enum { W_TITLE = 20, W_SUMMARY = 5, W_HEADING = 3, W_BODY = 1, MAX_COUNT = 5 };

/* Every searched string of a card, the title first. */
static void card_fields(const struct card *c, struct fields *f)
{
	field_add(f, c->title, W_TITLE);
	field_add(f, c->summary, W_SUMMARY);
	for (int i = 0; i < c->nsections; i++) {
		const struct card_section *s = &c->sections[i];
		field_add(f, s->heading, W_HEADING);
		for (int k = 0; k < s->nparagraphs; k++)
			field_add(f, s->paragraphs[k], W_BODY);
		for (int k = 0; k < s->nbullets; k++)
			field_add(f, s->bullets[k], W_BODY);
		if (s->table) {
			for (int k = 0; k < s->table->ncols; k++)
				field_add(f, s->table->columns[k], W_BODY);
			for (int k = 0; k < s->table->nrows * s->table->ncols; k++)
				field_add(f, s->table->cells[k], W_BODY);
		}
	}
}

/* Occurrences of key in s, at most MAX_COUNT. */
static int count(const char *s, const char *key)
{
	int n = 0, from = 0, len, off;

	while (n < MAX_COUNT && (off = text_find(s, key, from, &len)) >= 0) {
		n++;
		from = off + (len > 0 ? len : 1);
	}
	return n;
}

/* Whether term t occurs in fields [0, nf), and its score there. */
static int term_match(const struct search_term *t, const struct field *f, int nf, int *score)
{
	unsigned char small[64], *cov = small;
	int ok = 1, any = 0;

	*score = 0;
	if (t->chars > (int)sizeof small && !(cov = calloc((size_t)t->chars, 1)))
		return 0;
	if (cov == small)
		memset(small, 0, sizeof small);
	for (int k = 0; k < t->nkeys; k++) {
		int found = 0;
		for (int i = 0; i < nf; i++) {
			int n = count(f[i].s, t->keys[k]);
			found |= n > 0;
			*score += n * f[i].weight;
		}
		if (found && t->chars)
			cov[k] = cov[k + 1] = 1;
		any |= found;
	}
	if (!t->chars)
		ok = any; /* a word's keys are alternatives */
	for (int i = 0; i < t->chars; i++)
		ok &= cov[i];
	if (cov != small)
		free(cov);
	return ok;
}

int search_card(const struct search_query *q, const struct card *c, int *title)
{
	struct fields f = {0};
	int total = 0;

	*title = 0;
	if (!q->n)
		return 0;
	card_fields(c, &f);
	for (int i = 0; i < q->n && f.n; i++) {
		int score, tscore;
		if (!term_match(&q->t[i], f.v, f.n, &score)) {
			total = 0;
			break;
		}
		total += score > 0 ? score : 1;
		if (f.v[0].s == c->title && term_match(&q->t[i], f.v, 1, &tscore))
			(*title)++;
	}
	free(f.v);
	return total;
}

static int hit_cmp(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;

	if (x->title != y->title)
		return y->title - x->title;
	if (x->phrase != y->phrase)
		return y->phrase - x->phrase;
	if (x->title && x->tlen != y->tlen)
		return x->tlen - y->tlen;
	if (x->score != y->score)
		return y->score - x->score;
	return x->card - y->card;
}

int search_cards(const struct card_set *set, const char *query, struct search_hit **hits)
{
	struct search_query q;
	int n = 0, len;

	*hits = NULL;
	if (search_parse(query, &q) < 0)
		return -1;
	if (q.n && !(*hits = malloc(((size_t)set->n + 1) * sizeof **hits))) {
		search_query_free(&q);
		return -1;
	}
	for (int i = 0; q.n && i < set->n; i++) {
		int title, score = search_card(&q, &set->v[i], &title);
		if (score > 0)
			(*hits)[n++] = (struct search_hit){
			    i, title, text_find(set->v[i].title, query, 0, &len) >= 0,
			    text_width(set->v[i].title), score};
	}
	search_query_free(&q);
	if (n > 1)
		qsort(*hits, (size_t)n, sizeof **hits, hit_cmp);
	return n;
}
