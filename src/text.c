/* text.c — cleaning, measuring, wrapping, bidi reordering, Arabic shaping
 * and searching of UTF-8 text; the pipeline is described in text.h. */
#include "text.h"

#include <fribidi.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unicase.h>
#include <unilbrk.h>
#include <unistr.h>

#define DROP (-2)
#define ELLIPSIS 0x2026

/* A cleaned string, with what the pipeline derives from it. Paragraphs are
 * ranges of it; the per-line arrays are scratch reused by every line. */
struct para {
	uint32_t *u; /* cleaned characters, logical order */
	int *pos;    /* byte offset in the source of u[i] */
	int n;
	FriBidiCharType *types;
	FriBidiBracketType *btypes;
	FriBidiLevel *levels;
	FriBidiArabicProp *props;
	FriBidiChar *vis;     /* u shaped (a copy of u with TEXT_LOGICAL) */
	unsigned char *w;     /* cells of vis[i] */
	unsigned char *zw;    /* u[i] takes no cell: it sits on the one before */
	char *brk;            /* UAX #14 break opportunities */
	FriBidiLevel *lev;    /* scratch: one line's levels */
	FriBidiStrIndex *map; /* scratch: visual index -> logical index */
};

/* --- cleaning ------------------------------------------------------------ */

/* Skips an escape sequence starting at p[i] == ESC and returns where the
 * text goes on. Strings (OSC, DCS...) with no terminator before a newline
 * or the end lose only their introducer: the text is shown, not eaten. */
static int esc_skip(const uint8_t *p, int i)
{
	int j = i + 1, k;

	if (p[j] == '[') {
		j++;
		while (p[j] >= 0x30 && p[j] <= 0x3f)
			j++;
		while (p[j] >= 0x20 && p[j] <= 0x2f)
			j++;
		if (p[j] >= 0x40 && p[j] <= 0x7e)
			j++;
		return j;
	}
	if (p[j] && strchr("]PX^_", p[j])) {
		for (k = j + 1; p[k] && p[k] != 0x07 && p[k] != 0x1b && p[k] != '\n'; k++)
			;
		if (p[k] == 0x07)
			return k + 1;
		if (p[k] == 0x1b)
			return p[k + 1] == '\\' ? k + 2 : k;
		return j + 1;
	}
	while (p[j] >= 0x20 && p[j] <= 0x2f)
		j++;
	if (p[j] >= 0x30 && p[j] <= 0x7e)
		j++;
	return j;
}

static int is_mark(uint32_t c)
{
	return uc_is_general_category_withtable(c, UC_CATEGORY_MASK_Mn | UC_CATEGORY_MASK_Me);
}

static int is_bidi_control(uint32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e ||
	       c == 0x200f || c == 0x061c;
}

/* What a decoded character becomes on screen: itself, a replacement, or
 * DROP. Characters wcwidth cannot measure would make ncurses and the
 * terminal disagree about the cursor, so only combining marks may stay. */
static int32_t clean_char(uint32_t c, int keep_nl)
{
	if (c == '\t')
		return ' ';
	if (c == '\n' || c == 0x2028 || c == 0x2029)
		return keep_nl ? '\n' : DROP;
	if (c < 0x20 || (c >= 0x7f && c < 0xa0) || is_bidi_control(c))
		return DROP;
	if (wcwidth((wchar_t)c) < 0 && !is_mark(c))
		return 0xfffd;
	return (int32_t)c;
}

/* The next cleaned character of the NUL-terminated s from byte *off, with
 * its byte offset in *at; -1 at the end. */
static int32_t clean_next(const char *s, int *off, int keep_nl, int *at)
{
	const uint8_t *p = (const uint8_t *)s;

	for (;;) {
		int i = *off;
		ucs4_t c;
		int32_t r;

		if (!p[i])
			return -1;
		if (p[i] == 0x1b) {
			*off = esc_skip(p, i);
			continue;
		}
		*off = i + u8_mbtouc(&c, p + i, strnlen(s + i, 4));
		r = clean_char(c, keep_nl);
		if (r != DROP) {
			*at = i;
			return r;
		}
	}
}

static size_t utf8_put(char *d, uint32_t c)
{
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	return (size_t)u8_uctomb((uint8_t *)d, c, 4);
}

char *text_clean(const char *utf8, int keep_newlines)
{
	const char *s = utf8 ? utf8 : "";
	size_t len = strlen(s), n = 0;
	int off = 0, at;
	int32_t c;
	/* a bad byte (1) becomes U+FFFD (3): the most it can grow */
	char *d = malloc(len * 3 + 1), *r;

	if (!d)
		return NULL;
	while ((c = clean_next(s, &off, keep_newlines, &at)) >= 0)
		n += utf8_put(d + n, (uint32_t)c);
	d[n] = '\0';
	r = realloc(d, n + 1);
	return r ? r : d;
}

/* Zero-width controls that survive shaping (the lam-alef filler U+FEFF,
 * ZWSP, ZWNJ, ZWJ, LRM/RLM): terminals attach them to a neighbouring cell
 * or act on them, so they never reach the screen. */
static int is_stripped(uint32_t c)
{
	return c == 0xfeff || (c >= 0x200b && c <= 0x200f) || is_bidi_control(c);
}

/* --- direction ------------------------------------------------------------ */

/* 1 for a strong right-to-left character, 0 for strong left-to-right,
 * -1 for the rest (numbers, punctuation, marks). */
static int strong_dir(uint32_t c)
{
	FriBidiCharType t = fribidi_get_bidi_type(c);

	if (!FRIBIDI_IS_LETTER(t))
		return -1;
	return FRIBIDI_IS_RTL(t) ? 1 : 0;
}

/* Embedding and isolate controls are cleaned away before this, so the
 * first strong character is fribidi's first-strong rule. */
enum text_dir text_direction(const char *utf8, enum text_dir fallback)
{
	int off = 0, at, d;
	int32_t c;

	while (utf8 && (c = clean_next(utf8, &off, 1, &at)) >= 0)
		if ((d = strong_dir((uint32_t)c)) >= 0)
			return d ? TEXT_RTL : TEXT_LTR;
	return fallback == TEXT_RTL ? TEXT_RTL : TEXT_LTR;
}

static int para_rtl(const struct para *p, enum text_dir dir)
{
	if (dir == TEXT_LTR || dir == TEXT_RTL)
		return dir == TEXT_RTL;
	for (int i = 0; i < p->n; i++) {
		int d = strong_dir(p->u[i]);
		if (d >= 0)
			return d;
	}
	return 0;
}

/* --- a paragraph's analysis ----------------------------------------------- */

static void para_free(struct para *p)
{
	free(p->u);
	free(p->pos);
	free(p->types);
	free(p->btypes);
	free(p->levels);
	free(p->props);
	free(p->vis);
	free(p->w);
	free(p->zw);
	free(p->brk);
	free(p->lev);
	free(p->map);
	memset(p, 0, sizeof *p);
}

/* Decodes and cleans s into p and allocates the arrays the analysis fills.
 * The sizes are bounded by strlen(s), so no step can grow quadratically. */
static int para_init(struct para *p, const char *s, int keep_nl)
{
	size_t len = strlen(s), cap;
	int off = 0, at, start = 1;
	int32_t c;

	memset(p, 0, sizeof *p);
	if (len > INT_MAX / 8)
		return -1;
	cap = len + 1;
	p->u = malloc(cap * sizeof *p->u);
	p->pos = malloc(cap * sizeof *p->pos);
	if (!p->u || !p->pos)
		goto fail;
	while ((c = clean_next(s, &off, keep_nl, &at)) >= 0) {
		/* a mark with no base would join whatever the terminal has in
		 * the cell before: it gets a dotted circle, as Unicode shows
		 * lone marks (a mark has 2+ bytes, so cap still holds) */
		if (start && is_mark((uint32_t)c)) {
			p->u[p->n] = 0x25cc;
			p->pos[p->n++] = at;
		}
		start = c == '\n' || (start && !is_mark((uint32_t)c) && wcwidth((wchar_t)c) == 0);
		p->u[p->n] = (uint32_t)c;
		p->pos[p->n++] = at;
	}
	cap = (size_t)p->n + 1;
	p->types = malloc(cap * sizeof *p->types);
	p->btypes = malloc(cap * sizeof *p->btypes);
	p->levels = malloc(cap * sizeof *p->levels);
	p->props = malloc(cap * sizeof *p->props);
	p->vis = malloc(cap * sizeof *p->vis);
	p->w = malloc(cap);
	p->zw = malloc(cap);
	p->brk = malloc(cap);
	p->lev = malloc(cap * sizeof *p->lev);
	p->map = malloc(cap * sizeof *p->map);
	if (!p->types || !p->btypes || !p->levels || !p->props || !p->vis || !p->w || !p->zw ||
	    !p->brk || !p->lev || !p->map)
		goto fail;
	return 0;
fail:
	para_free(p);
	return -1;
}

/* Bidi levels, Arabic joining and shaping of u[a..b), all in logical order
 * and over the whole paragraph, so joining does not depend on where lines
 * will break; then the cells of each shaped character. */
static int para_analyze(struct para *p, int a, int b, int rtl, int logical)
{
	int n = b - a;

	memcpy(p->vis + a, p->u + a, (size_t)n * sizeof *p->vis);
	if (!logical && n > 0) {
		FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;

		fribidi_get_bidi_types(p->u + a, n, p->types + a);
		fribidi_get_bracket_types(p->u + a, n, p->types + a, p->btypes + a);
		if (!fribidi_get_par_embedding_levels_ex(p->types + a, p->btypes + a, n, &base,
		                                         p->levels + a))
			return -1;
		fribidi_get_joining_types(p->u + a, n, p->props + a);
		fribidi_join_arabic(p->types + a, n, p->levels + a, p->props + a);
		fribidi_shape(FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC, p->levels + a, n,
		              p->props + a, p->vis + a);
		/* fribidi leaves a lam-alef ligature on the alef (so marks on
		 * the alef stay after it) and U+FEFF on the lam: the ligature
		 * takes the lam's offset, where the pair starts */
		for (int i = a; i + 1 < b; i++)
			if (p->vis[i] == FRIBIDI_CHAR_FILL && p->u[i] != FRIBIDI_CHAR_FILL)
				p->pos[i + 1] = p->pos[i];
	}
	for (int i = a; i < b; i++) {
		int cw = wcwidth((wchar_t)p->vis[i]);
		p->w[i] = cw < 0 ? 0 : cw > 2 ? 2 : (unsigned char)cw;
		/* the filler on a lam takes no cell but is no mark either */
		p->zw[i] = p->vis[i] == p->u[i] ? p->w[i] == 0 : wcwidth((wchar_t)p->u[i]) <= 0;
	}
	return 0;
}

/* --- lines -------------------------------------------------------------- */

/* Spaces that end a line are dropped; NBSP-like ones are not spaces here. */
static int is_space(uint32_t c)
{
	return c == ' ' || c == 0x3000 || c == 0x1680 || c == 0x205f ||
	       (c >= 0x2000 && c <= 0x200a && c != 0x2007);
}

/* Appends character i of p (unless stripped) to a line being built. */
static void line_put(const struct para *p, int i, struct text_line *out)
{
	if (is_stripped(p->vis[i]))
		return;
	out->wcs[out->len] = (wchar_t)p->vis[i];
	out->pos[out->len++] = p->pos[i];
	out->cells += p->w[i];
}

static void line_put_ellipsis(int pos, struct text_line *out)
{
	out->wcs[out->len] = ELLIPSIS;
	out->pos[out->len++] = pos;
	out->cells++;
}

/* Makes a text_line of p[a..b): reorders a copy of the range's levels
 * (fribidi changes those of trailing spaces) for a visual-to-logical map,
 * then puts each base character where the map says, followed by the
 * zero-width characters after it in logical order. REORDER_NSM does that
 * for the marks fribidi knows; glibc's wcwidth knows newer ones, and a
 * mark put before its base would join the wrong cell. ell >= 0 adds a '…'
 * with that offset at the visual end of the line. */
static int line_make(struct para *p, int a, int b, int width, unsigned flags, int rtl, int ell,
                     struct text_line *out)
{
	int n = b - a, first = a;

	memset(out, 0, sizeof *out);
	out->wcs = malloc(((size_t)n + 2) * sizeof *out->wcs);
	out->pos = malloc(((size_t)n + 2) * sizeof *out->pos);
	if (!out->wcs || !out->pos)
		goto fail;
	for (int i = 0; i < n; i++)
		p->map[i] = i;
	if (!(flags & TEXT_LOGICAL) && n > 0) {
		memcpy(p->lev, p->levels + a, (size_t)n * sizeof *p->lev);
		if (!fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, p->types + a, n, 0,
		                          rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR, p->lev, NULL,
		                          p->map))
			goto fail;
	}
	while (first < b && p->zw[first])
		first++;
	if (ell >= 0 && rtl)
		line_put_ellipsis(ell, out);
	for (int v = 0; v < n; v++) {
		int i = a + p->map[v];
		if (i < first) {
			line_put(p, i, out); /* no base on this line */
		} else if (!p->zw[i]) {
			line_put(p, i, out);
			while (++i < b && p->zw[i])
				line_put(p, i, out);
		}
	}
	if (ell >= 0 && !rtl)
		line_put_ellipsis(ell, out);
	out->wcs[out->len] = L'\0';
	out->rtl = rtl;
	out->x = rtl && !(flags & TEXT_NOALIGN) ? width - out->cells : 0;
	return 0;
fail:
	text_line_free(out);
	return -1;
}

void text_line_free(struct text_line *line)
{
	if (!line)
		return;
	free(line->wcs);
	free(line->pos);
	memset(line, 0, sizeof *line);
}

void text_lines_free(struct text_lines *lines)
{
	if (!lines)
		return;
	for (int i = 0; i < lines->n; i++)
		text_line_free(&lines->v[i]);
	free(lines->v);
	lines->v = NULL;
	lines->n = 0;
}

static struct text_line *lines_add(struct text_lines *out, int *cap)
{
	if (out->n == *cap) {
		int nc = *cap ? *cap * 2 : 8;
		struct text_line *v = realloc(out->v, (size_t)nc * sizeof *v);
		if (!v)
			return NULL;
		out->v = v;
		*cap = nc;
	}
	return &out->v[out->n];
}

/* A space at the edge may hang past it, as it is dropped at the end of the
 * line, unless a zero-width character sits on it. */
static int hangs(const struct para *p, int i, int b)
{
	return is_space(p->u[i]) && (i + 1 == b || !p->zw[i + 1]);
}

/* The end of the line starting at s in p[s..b): the last break opportunity
 * that fits, else (a word longer than the width) the last character that
 * fits. Zero-width characters always fit and a break is never taken before
 * one, so no line but a paragraph's first starts with a combining mark. */
static int wrap_end(struct para *p, int s, int b, int width)
{
	for (;;) {
		int i, cells = 0, brk = -1;

		for (i = s; i < b; i++) {
			if (i > s && p->brk[i] != UC_BREAK_PROHIBITED && !p->zw[i])
				brk = i;
			if (hangs(p, i, b)) {
				cells += p->w[i];
				continue;
			}
			if (cells + p->w[i] > width)
				break;
			cells += p->w[i];
		}
		if (i == b)
			return b;
		if (brk > s)
			return brk;
		if (cells > 0)
			return i;
		/* wider than the whole width (a CJK character at width 1):
		 * shown as '…' rather than overflowing or looping */
		p->vis[i] = ELLIPSIS;
		p->w[i] = 1;
	}
}

static int para_wrap(struct para *p, int a, int b, int width, unsigned flags, int rtl,
                     struct text_lines *out, int *cap)
{
	int s = a;

	do {
		int next = wrap_end(p, s, b, width), end = next;
		struct text_line *l;

		while (end > s && is_space(p->u[end - 1]))
			end--;
		if (!(l = lines_add(out, cap)) || line_make(p, s, end, width, flags, rtl, -1, l))
			return -1;
		out->n++;
		s = next;
	} while (s < b);
	return 0;
}

int text_layout(const char *utf8, int width, enum text_dir dir, unsigned flags,
                struct text_lines *out)
{
	struct para p;
	int cap = 0, rtl, a = 0;

	out->v = NULL;
	out->n = 0;
	if (width < 1)
		width = 1;
	if (para_init(&p, utf8 ? utf8 : "", 1))
		return -1;
	rtl = para_rtl(&p, dir);
	for (;;) {
		int b = a;
		while (b < p.n && p.u[b] != '\n')
			b++;
		if (para_analyze(&p, a, b, rtl, flags & TEXT_LOGICAL))
			goto fail;
		if (b > a)
			u32_possible_linebreaks(p.u + a, (size_t)(b - a), "UTF-8", p.brk + a);
		if (para_wrap(&p, a, b, width, flags, rtl, out, &cap))
			goto fail;
		if (b == p.n)
			break;
		a = b + 1;
	}
	para_free(&p);
	return 0;
fail:
	para_free(&p);
	text_lines_free(out);
	return -1;
}

/* --- one line ------------------------------------------------------------ */

int text_line1(const char *utf8, int width, enum text_dir dir, struct text_line *out)
{
	struct para p;
	int rtl, total = 0, r = -1;

	memset(out, 0, sizeof *out);
	if (para_init(&p, utf8 ? utf8 : "", 0))
		return -1;
	rtl = para_rtl(&p, dir);
	if (width <= 0) {
		r = line_make(&p, 0, 0, 0, 0, rtl, -1, out);
		goto done;
	}
	if (para_analyze(&p, 0, p.n, rtl, 0))
		goto done;
	for (int i = 0; i < p.n; i++)
		total += p.w[i];
	if (total <= width) {
		r = line_make(&p, 0, p.n, width, 0, rtl, -1, out);
	} else {
		/* cut in logical order so the start of the text stays; zero-
		 * width characters stay with the last character kept */
		int end = 0, cells = 0;
		while (end < p.n && cells + p.w[end] <= width - 1)
			cells += p.w[end++];
		while (end > 0 && is_space(p.u[end - 1]))
			end--;
		r = line_make(&p, 0, end, width, 0, rtl, p.pos[end], out);
	}
done:
	para_free(&p);
	return r;
}

int text_width(const char *utf8)
{
	struct para p;
	int cells = 0;

	if (para_init(&p, utf8 ? utf8 : "", 0))
		return 0;
	/* shaped, as drawn: a lam-alef ligature takes one cell, not two */
	if (para_analyze(&p, 0, p.n, para_rtl(&p, TEXT_AUTO), 0) == 0)
		for (int i = 0; i < p.n; i++)
			cells += p.w[i];
	para_free(&p);
	return cells;
}

char *text_line_utf8(const struct text_line *line, int indent)
{
	int x = indent && line->x > 0 ? line->x : 0;
	size_t n = 0;
	char *d = malloc((size_t)x + (size_t)line->len * 4 + 1);

	if (!d)
		return NULL;
	memset(d, ' ', (size_t)x);
	n = (size_t)x;
	for (int i = 0; i < line->len; i++)
		n += utf8_put(d + n, (uint32_t)line->wcs[i]);
	d[n] = '\0';
	return d;
}

int text_print(FILE *f, const char *utf8, int width, int indent, enum text_dir dir, int visual)
{
	struct text_lines ls;
	int err = 0;

	if (text_layout(utf8, width, dir, visual ? 0 : TEXT_LOGICAL, &ls))
		return -1;
	for (int i = 0; i < ls.n && !err; i++) {
		const struct text_line *l = &ls.v[i];
		/* no indent on an empty line: no trailing blanks in output */
		int pad = l->len ? indent + (visual && l->x > 0 ? l->x : 0) : 0;
		char *s = text_line_utf8(l, 0);

		if (!s) {
			err = 1;
			break;
		}
		for (int k = 0; k < pad && !err; k++)
			err = putc(' ', f) == EOF;
		if (!err)
			err = fputs(s, f) == EOF || putc('\n', f) == EOF;
		free(s);
	}
	text_lines_free(&ls);
	return err || ferror(f) ? -1 : 0;
}

/* --- search --------------------------------------------------------------- */

/* The search key of a character, or DROP for what search ignores: Arabic
 * harakat and tatweel. Case folding is simple (one character to one),
 * so every key maps back to exactly one character of the source. */
static int32_t fold_char(uint32_t c)
{
	if ((c >= 0x064b && c <= 0x065f) || c == 0x0670 || c == 0x0640)
		return DROP;
	switch (c) {
	case 0x0622: /* آ */
	case 0x0623: /* أ */
	case 0x0625: /* إ */
	case 0x0671: /* ٱ */
		return 0x0627;
	case 0x0629: /* ة */
		return 0x0647;
	case 0x0649: /* ى */
		return 0x064a;
	}
	return (int32_t)uc_tolower(uc_toupper(c));
}

/* The next search key of s from *off (cleaned as shown, '\n' kept) with
 * the source byte range of its character; -1 at the end. */
static int32_t fold_next(const char *s, int *off, int *at, int *end)
{
	int32_t c, k;

	while ((c = clean_next(s, off, 1, at)) >= 0) {
		if ((k = fold_char((uint32_t)c)) != DROP) {
			*end = *off;
			return k;
		}
	}
	return -1;
}

/* Marks and harakat after a match belong to its last letter: a highlight
 * must not split a cell. */
static int match_extend(const char *s, int end)
{
	int off = end, at;
	int32_t c;

	while ((c = clean_next(s, &off, 1, &at)) >= 0) {
		if (fold_char((uint32_t)c) != DROP && !is_mark((uint32_t)c))
			break;
		end = off;
	}
	return end;
}

/* Knuth-Morris-Pratt over the folded hay, one key at a time, so a call
 * costs the distance to its match; a ring keeps the source offsets of the
 * last m keys to find where the match starts. */
static int find_kmp(const char *hay, int from, const int32_t *nd, int m, int *mlen)
{
	int *fail = malloc((size_t)m * sizeof *fail);
	int *ring = malloc((size_t)m * sizeof *ring);
	int q = 0, off = from, at, end, r = -1;
	long count = 0;
	int32_t k;

	if (!fail || !ring)
		goto out;
	fail[0] = 0;
	for (int i = 1, j = 0; i < m; i++) {
		while (j > 0 && nd[i] != nd[j])
			j = fail[j - 1];
		if (nd[i] == nd[j])
			j++;
		fail[i] = j;
	}
	while ((k = fold_next(hay, &off, &at, &end)) >= 0) {
		ring[count++ % m] = at;
		while (q > 0 && k != nd[q])
			q = fail[q - 1];
		if (k == nd[q])
			q++;
		if (q == m) {
			r = ring[(count - m) % m];
			end = match_extend(hay, end);
			if (mlen)
				*mlen = end - r;
			break;
		}
	}
out:
	free(fail);
	free(ring);
	return r;
}

int text_find(const char *hay, const char *needle, int from, int *mlen)
{
	int32_t *nd, k;
	int m = 0, off = 0, at, end, r = -1;

	if (mlen)
		*mlen = 0;
	if (!hay || !needle)
		return -1;
	/* from is within hay (<= strlen): not measured again, so finding
	 * every match of a long text in turn stays linear */
	if (from < 0)
		from = 0;
	if (!hay[from])
		return -1;
	/* a start inside a character moves on to the next one */
	while (from > 0 && ((unsigned char)hay[from] & 0xc0) == 0x80)
		from++;
	nd = malloc((strlen(needle) + 1) * sizeof *nd);
	if (!nd)
		return -1;
	while ((k = fold_next(needle, &off, &at, &end)) >= 0)
		nd[m++] = k;
	if (m > 0)
		r = find_kmp(hay, from, nd, m, mlen);
	free(nd);
	return r;
}

/* --- cursor movement ------------------------------------------------------ */

int text_next(const char *utf8, int off)
{
	ucs4_t c;

	if (!utf8)
		return 0;
	if (off < 0)
		off = 0;
	if (strnlen(utf8, (size_t)off + 1) <= (size_t)off)
		return (int)strlen(utf8);
	return off + u8_mbtouc(&c, (const uint8_t *)utf8 + off, strnlen(utf8 + off, 4));
}

/* The farthest start within 4 bytes whose character (or bad sequence, as
 * text_next decodes it) ends exactly at off, so both agree on boundaries. */
int text_prev(const char *utf8, int off)
{
	int best;

	if (!utf8 || off <= 0)
		return 0;
	off = (int)strnlen(utf8, (size_t)off);
	if (off == 0)
		return 0;
	best = off - 1;
	for (int q = off - 1; q >= 0 && q >= off - 4; q--) {
		ucs4_t c;
		int len = u8_mbtouc(&c, (const uint8_t *)utf8 + q, strnlen(utf8 + q, 4));
		if (q + len == off)
			best = q;
	}
	return best;
}
