/* lineedit.c — a one-line text editor for the search prompt and the
 * form's text fields. The text stays in logical order; what is shown is
 * laid out (and for Arabic reordered) by the text engine, and the cursor
 * is found through the layout's byte offsets. */
#include "tui.h"

#include <string.h>

void le_set(struct lineedit *le, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= sizeof le->buf)
		n = sizeof le->buf - 1;
	/* never cut a character in half */
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	memcpy(le->buf, s ? s : "", n);
	le->buf[n] = '\0';
	le->len = le->cur = (int)n;
}

static int le_insert(struct lineedit *le, wint_t ch)
{
	char mb[8];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, (wchar_t)ch, &st);
	if (n == (size_t)-1 || le->len + (int)n >= (int)sizeof le->buf)
		return 0;
	memmove(le->buf + le->cur + n, le->buf + le->cur, (size_t)(le->len - le->cur) + 1);
	memcpy(le->buf + le->cur, mb, n);
	le->len += (int)n;
	le->cur += (int)n;
	return 1;
}

static void le_cut(struct lineedit *le, int from, int to)
{
	memmove(le->buf + from, le->buf + to, (size_t)(le->len - to) + 1);
	le->len -= to - from;
	le->cur = from;
}

int le_key(struct lineedit *le, wint_t ch, int is_keycode)
{
	if (is_keycode) {
		switch (ch) {
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			if (le->cur < le->len)
				le_cut(le, le->cur, text_next(le->buf, le->cur));
			return 1;
		case KEY_LEFT:
			le->cur = text_prev(le->buf, le->cur);
			return 1;
		case KEY_RIGHT:
			le->cur = text_next(le->buf, le->cur);
			return 1;
		case KEY_HOME:
			le->cur = 0;
			return 1;
		case KEY_END:
			le->cur = le->len;
			return 1;
		}
		return 0;
	}
	switch (ch) {
	case 127:
	case 8:
	backspace:
		if (le->cur > 0)
			le_cut(le, text_prev(le->buf, le->cur), le->cur);
		return 1;
	case 21: /* Ctrl-U */
		le_cut(le, 0, le->cur);
		return 1;
	case 1: /* Ctrl-A */
		le->cur = 0;
		return 1;
	case 5: /* Ctrl-E */
		le->cur = le->len;
		return 1;
	}
	if (ch < 32 || ch == 127 || (ch >= 0x80 && ch < 0xa0))
		return 0;
	return le_insert(le, ch);
}

/* Cells of buf[from, le->cur). */
static int width_to_cursor(struct lineedit *le, int from)
{
	char save = le->buf[le->cur];
	int cw;

	le->buf[le->cur] = '\0';
	cw = text_width(le->buf + from);
	le->buf[le->cur] = save;
	return cw;
}

/* Where the shown text starts: the first character boundary from which
 * the text up to the cursor fits in w - 1 cells, so the cursor is always
 * visible. Dropping characters from the start never makes the rest wider,
 * so a binary search over the boundaries finds it with a dozen
 * measurements; trying one start after another measured a 4 KB note
 * thousands of times on every redraw of the form. */
static int le_scroll(struct lineedit *le, int w)
{
	int bound[sizeof le->buf + 1];
	int n = 0, lo, hi;

	if (width_to_cursor(le, 0) < w - 1)
		return 0;
	for (int off = 0; off < le->cur; off = text_next(le->buf, off))
		bound[n++] = off;
	bound[n] = le->cur; /* always fits: nothing left to show */
	lo = 0;
	hi = n;
	while (lo < hi) { /* the first boundary k whose rest fits */
		int mid = lo + (hi - lo) / 2;
		if (width_to_cursor(le, bound[mid]) < w - 1)
			hi = mid;
		else
			lo = mid + 1;
	}
	return bound[lo];
}

int le_draw(struct tui *t, struct lineedit *le, int y, int x, int w, attr_t attr, enum text_dir dir)
{
	struct text_line l;
	int start = 0, cx = x;

	if (dir == TEXT_AUTO)
		dir = text_direction(le->buf, t->dir);

	if (w < 2) {
		draw_fill(y, x, w, attr);
		return x;
	}
	start = le_scroll(le, w);
	if (text_line1(le->buf + start, w - 1, dir, &l) != 0)
		return x;
	l.x = dir == TEXT_RTL ? w - 1 - l.cells : 0;
	if (l.x < 0)
		l.x = 0;
	draw_line(y, x, w, &l, attr, 0, 0, 0);
	/* The cursor sits on the cell of the character at cur; at the end
	 * of the text it is after the last character in reading order. */
	int want = le->cur - start, col = -1, acc = l.x;
	for (int i = 0; i < l.len; i++) {
		int cw = wcwidth(l.wcs[i]);
		if (l.pos[i] == want)
			col = acc;
		acc += cw > 0 ? cw : 0;
	}
	if (col < 0)
		col = dir == TEXT_RTL ? (l.x > 0 ? l.x - 1 : 0) : l.x + l.cells;
	cx = x + col;
	if (cx >= x + w)
		cx = x + w - 1;
	text_line_free(&l);
	return cx;
}
