/* listbox.c — a scrolling list driven by callbacks, with optional heading
 * rows that the selection skips and a scroll bar on the trailing edge
 * (left in RTL). */
#include "tui.h"

static int is_header(const struct listbox *lb, int i)
{
	return lb->is_header && lb->is_header(lb->ud, i);
}

void listbox_init(struct listbox *lb, int n, void *ud,
                  const char *(*label)(void *, int, char *, size_t))
{
	lb->n = n;
	lb->sel = -1;
	lb->top = 0;
	lb->ud = ud;
	lb->label = label;
	lb->is_header = NULL;
	lb->role = NULL;
	for (int i = 0; i < n; i++)
		if (!is_header(lb, i)) {
			lb->sel = i;
			break;
		}
}

/* The nearest selectable item from i in direction d (then the other way). */
static int selectable(const struct listbox *lb, int i, int d)
{
	for (int j = i; j >= 0 && j < lb->n; j += d)
		if (!is_header(lb, j))
			return j;
	for (int j = i; j >= 0 && j < lb->n; j -= d)
		if (!is_header(lb, j))
			return j;
	return -1;
}

void listbox_fix(struct listbox *lb, int h)
{
	if (h < 1)
		h = 1;
	if (lb->sel >= lb->n)
		lb->sel = lb->n - 1;
	if (lb->sel < 0 || is_header(lb, lb->sel))
		lb->sel = selectable(lb, lb->sel < 0 ? 0 : lb->sel, 1);
	if (lb->sel >= 0) {
		if (lb->sel < lb->top)
			lb->top = lb->sel;
		/* show the heading just above the first item of a group */
		if (lb->sel > 0 && lb->sel - 1 < lb->top && is_header(lb, lb->sel - 1))
			lb->top = lb->sel - 1;
		if (lb->sel >= lb->top + h)
			lb->top = lb->sel - h + 1;
	}
	if (lb->top > lb->n - h)
		lb->top = lb->n - h;
	if (lb->top < 0)
		lb->top = 0;
}

void listbox_select(struct listbox *lb, int i, int h)
{
	lb->sel = i;
	listbox_fix(lb, h);
}

int listbox_key(struct listbox *lb, enum action a, int h)
{
	int s = lb->sel, page = h > 1 ? h - 1 : 1;

	switch (a) {
	case ACT_UP:
		for (s = lb->sel - 1; s >= 0 && is_header(lb, s); s--)
			;
		if (s < 0)
			return 1; /* at the top already: handled, nothing moves */
		break;
	case ACT_DOWN:
		for (s = lb->sel + 1; s < lb->n && is_header(lb, s); s++)
			;
		if (s >= lb->n)
			return 1;
		break;
	case ACT_PGUP:
		s = selectable(lb, lb->sel - page < 0 ? 0 : lb->sel - page, -1);
		break;
	case ACT_PGDN:
		s = selectable(lb, lb->sel + page >= lb->n ? lb->n - 1 : lb->sel + page, 1);
		break;
	case ACT_TOP:
		s = selectable(lb, 0, 1);
		break;
	case ACT_BOTTOM:
		s = selectable(lb, lb->n - 1, -1);
		break;
	default:
		return 0;
	}
	if (s >= 0)
		lb->sel = s;
	listbox_fix(lb, h);
	return 1;
}

void listbox_draw(struct tui *t, struct listbox *lb, int y, int x, int h, int w)
{
	char buf[1024];
	int bar = lb->n > h && w > 4; /* a scroll bar only when it scrolls */
	int tw = w - (bar ? 1 : 0);
	int tx = t->rtl && bar ? x + 1 : x;

	listbox_fix(lb, h);
	for (int r = 0; r < h; r++) {
		int i = lb->top + r;
		if (i >= lb->n) {
			draw_fill(y + r, x, w, A_NORMAL);
			continue;
		}
		const char *s = lb->label(lb->ud, i, buf, sizeof buf);
		enum role role = is_header(lb, i) ? ROLE_HEADING
		                 : lb->role       ? lb->role(lb->ud, i)
		                                  : ROLE_NORMAL;
		if (i == lb->sel)
			role = ROLE_SELECTED;
		/* The highlight covers the text and a cell of margin each side,
		 * not the whole width: a cursor move then rewrites two short
		 * runs instead of two full rows (bytes on the wire, see bench). */
		draw_fill(y + r, tx, tw, A_NORMAL);
		int cw = text_width(s) + 2;
		if (cw > tw)
			cw = tw;
		int hx = t->rtl ? tx + tw - cw : tx;
		draw_fill(y + r, hx, cw, tui_attr(role));
		draw_text(y + r, hx + 1, cw - 2, s, t->dir, tui_attr(role));
	}
	if (bar) {
		int bx = t->rtl ? x : x + w - 1;
		int len = h * h / lb->n, pos;
		if (len < 1)
			len = 1;
		pos = (h - len) * lb->top / (lb->n - h);
		for (int r = 0; r < h; r++) {
			attrset(r >= pos && r < pos + len ? A_REVERSE : tui_attr(ROLE_DIM));
			mvaddch(y + r, bx, r >= pos && r < pos + len ? ' ' : ACS_VLINE);
		}
		attrset(A_NORMAL);
	}
}
