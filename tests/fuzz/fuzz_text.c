/* fuzz_text.c — libFuzzer harness for the text engine: any bytes, any width
 * and direction must lay out within the width, with offsets inside the
 * input and nothing a terminal would act on; abort() on any broken rule.
 * Byte 0 is the width (1..120), byte 1 the direction and flags, byte 2
 * where the search needle is sliced from; the rest is the text. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include <wchar.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_text: %s:%d: %s\n", __FILE__, __LINE__, #cond);      \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static int is_mark(wchar_t c)
{
	return uc_is_general_category_withtable((ucs4_t)c,
	                                        UC_CATEGORY_MASK_Mn | UC_CATEGORY_MASK_Me);
}

/* What must never reach a terminal, in a line or in cleaned text. */
static int is_forbidden(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c;
}

static void check_line(const struct text_line *l, int width, int slen, int x_rule)
{
	int cells = 0;

	CHECK(l->len >= 0 && l->wcs && l->pos);
	CHECK(l->wcs[l->len] == 0);
	CHECK(l->cells >= 0 && l->cells <= width);
	CHECK(l->x >= 0 && l->x + l->cells <= width);
	if (x_rule == 0)
		CHECK(l->x == 0);
	else if (x_rule == 1)
		CHECK(l->x == width - l->cells);
	for (int i = 0; i < l->len; i++) {
		int cw = wcwidth(l->wcs[i]);
		uint32_t c = (uint32_t)l->wcs[i];
		CHECK(cw >= 0);
		CHECK(!is_forbidden(c) && c != 0xfeff && !(c >= 0x200b && c <= 0x200d));
		CHECK(l->pos[i] >= 0 && l->pos[i] < (slen > 0 ? slen : 1));
		cells += cw;
	}
	CHECK(cells == l->cells);
	/* a combining mark never starts a row (it would join the cell
	 * before it on screen) */
	if (l->len > 0)
		CHECK(!is_mark(l->wcs[0]));
}

static void check_layout(const char *s, int slen, int width, enum text_dir dir, unsigned flags)
{
	struct text_lines ls;
	enum text_dir d = text_direction(s, TEXT_LTR);
	int rtl = dir == TEXT_RTL || (dir != TEXT_LTR && d == TEXT_RTL);
	int last = -1;

	CHECK(text_layout(s, width, dir, flags, &ls) == 0);
	CHECK(ls.n >= 1);
	for (int i = 0; i < ls.n; i++) {
		const struct text_line *l = &ls.v[i];
		CHECK(l->rtl == rtl);
		check_line(l, width, slen, !rtl || (flags & TEXT_NOALIGN) ? 0 : 1);
		/* logical order: offsets never go back */
		if (flags & TEXT_LOGICAL) {
			for (int k = 0; k < l->len; k++) {
				CHECK(l->pos[k] >= last);
				last = l->pos[k];
			}
		}
	}
	text_lines_free(&ls);
}

static void check_clean(const char *s, int keep)
{
	char *c = text_clean(s, keep), *c2;
	const uint8_t *p;
	ucs4_t u;

	CHECK(c);
	CHECK(u8_check((const uint8_t *)c, strlen(c)) == NULL);
	for (p = (const uint8_t *)c; (p = u8_next(&u, p));)
		CHECK(!is_forbidden(u) || (keep && u == '\n'));
	c2 = text_clean(c, keep);
	CHECK(c2 && strcmp(c, c2) == 0);
	free(c2);
	free(c);
}

static void check_line1(const char *s, int slen, int width, enum text_dir dir)
{
	struct text_line l;
	int w = text_width(s);

	CHECK(w >= 0);
	CHECK(text_line1(s, width, dir, &l) == 0);
	check_line(&l, width, slen, -1);
	if (w > width && width > 0)
		CHECK(l.cells <= width && l.len >= 1);
	text_line_free(&l);
	CHECK(text_line1(s, 0, dir, &l) == 0);
	CHECK(l.len == 0 && l.cells == 0);
	text_line_free(&l);
	/* as drawn on one row: text_width is what an unbounded row takes */
	CHECK(text_line1(s, 1 << 20, dir, &l) == 0);
	CHECK(l.cells == w);
	text_line_free(&l);
}

static void check_moves(const char *s, int slen)
{
	int off = 0, steps = 0;

	while (off < slen) {
		int n = text_next(s, off);
		CHECK(n > off && n <= slen);
		CHECK(text_prev(s, n) == off);
		off = n;
		CHECK(++steps <= slen);
	}
	CHECK(text_next(s, slen) == slen);
	for (off = slen, steps = 0; off > 0;) {
		int p = text_prev(s, off);
		CHECK(p >= 0 && p < off);
		off = p;
		CHECK(++steps <= slen);
	}
	CHECK(text_prev(s, 0) == 0);
}

/* 1 if needle has something to search for: not only harakat/tatweel or
 * what cleaning drops. */
static int has_key(const char *needle)
{
	char *c = text_clean(needle, 1);
	const uint8_t *p;
	ucs4_t u;
	int r = 0;

	CHECK(c);
	for (p = (const uint8_t *)c; (p = u8_next(&u, p));)
		if (!((u >= 0x64b && u <= 0x65f) || u == 0x670 || u == 0x640))
			r = 1;
	free(c);
	return r;
}

static void check_find(const char *s, int slen, unsigned pick)
{
	int a = 0, b, len = -1, r;
	char *needle;

	/* a slice on character boundaries, as text_next sees them */
	for (unsigned k = 0; k < (pick & 15) && a < slen; k++)
		a = text_next(s, a);
	b = a;
	for (unsigned k = 0; k < 1 + (pick >> 4) && b < slen; k++)
		b = text_next(s, b);
	needle = strndup(s + a, (size_t)(b - a));
	CHECK(needle);
	r = text_find(s, needle, 0, &len);
	if (r >= 0)
		CHECK(len > 0 && r + len <= slen);
	/* the slice itself is a match, so the first one starts before the
	 * slice ends (escape sequences cut in two read differently) */
	if (!memchr(s, 0x1b, (size_t)slen) && has_key(needle))
		CHECK(r >= 0 && r < b);
	if (r >= 0) {
		int r2 = text_find(s, needle, r + len, &len);
		CHECK(r2 < 0 || (r2 >= r && r2 + len <= slen));
	}
	free(needle);
}

static void check_print(const char *s, int width, enum text_dir dir, int visual)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	CHECK(f);
	CHECK(text_print(f, s, width, 2, dir, visual) == 0);
	CHECK(fclose(f) == 0);
	CHECK(u8_check((const uint8_t *)buf, size) == NULL);
	for (size_t i = 0; i < size; i++)
		CHECK(buf[i] == '\n' || ((unsigned char)buf[i] >= 0x20 && buf[i] != 0x7f));
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int locale_set; /* the harness's own, not the engine's */
	int width, slen;
	enum text_dir dir;
	unsigned flags, pick;
	char *s;

	if (!locale_set) {
		setlocale(LC_ALL, "C.UTF-8");
		locale_set = 1;
	}
	if (size < 3)
		return 0;
	width = 1 + data[0] % 120;
	dir = (enum text_dir)(data[1] % 3);
	flags = (data[1] / 3) & (TEXT_LOGICAL | TEXT_NOALIGN);
	pick = data[2];
	s = malloc(size - 3 + 1);
	if (!s)
		return 0;
	memcpy(s, data + 3, size - 3);
	s[size - 3] = '\0';
	slen = (int)strlen(s);

	check_layout(s, slen, width, dir, flags);
	check_layout(s, slen, 1, dir, flags ^ TEXT_LOGICAL);
	check_line1(s, slen, width, dir);
	check_clean(s, 0);
	check_clean(s, 1);
	check_moves(s, slen);
	check_find(s, slen, pick);
	check_print(s, width, dir, data[1] & 1);
	CHECK(text_direction(s, dir) == TEXT_LTR || text_direction(s, dir) == TEXT_RTL);
	free(s);
	return 0;
}
