/* draw.c — colour roles and the drawing helpers every screen uses: text
 * reaches the screen only as lines laid out by the text engine. */
#include "tui.h"

#include <stdlib.h>
#include <string.h>

static attr_t role_attrs[ROLE_COUNT];

/* Called by tui.c after initscr; colour only if the terminal has it and
 * neither NO_COLOR nor the settings say no. */
void draw_init_colors(int color)
{
	static const struct {
		enum role r;
		short fg, bg;
		attr_t extra;
		attr_t mono;
	} roles[] = {
	    {ROLE_NORMAL, -1, -1, 0, 0},
	    {ROLE_HEADER, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
	    {ROLE_BAR_KEY, COLOR_BLACK, COLOR_CYAN, A_BOLD, A_BOLD},
	    {ROLE_BAR_LABEL, COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	    {ROLE_SELECTED, COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	    {ROLE_HEADING, COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	    {ROLE_DIM, -1, -1, A_DIM, A_DIM},
	    {ROLE_MATCH, COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE | A_UNDERLINE},
	    {ROLE_EMERGENCY, COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD},
	    {ROLE_URGENT, COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	    {ROLE_SOON, COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	    {ROLE_OK, COLOR_GREEN, -1, A_BOLD, A_BOLD},
	    {ROLE_ERROR, COLOR_RED, -1, A_BOLD, A_BOLD},
	    {ROLE_LINK, COLOR_CYAN, -1, A_UNDERLINE, A_UNDERLINE},
	    {ROLE_TITLE, -1, -1, A_BOLD, A_BOLD},
	};
	const char *nc = getenv("NO_COLOR");
	int use = color && has_colors() && !(nc && *nc);

	if (use) {
		start_color();
		use_default_colors();
	}
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
		enum role r = roles[i].r;
		if (!use) {
			role_attrs[r] = roles[i].mono;
			continue;
		}
		if (r == ROLE_NORMAL || (roles[i].fg == -1 && roles[i].bg == -1)) {
			role_attrs[r] = roles[i].extra;
			continue;
		}
		init_pair((short)(r + 1), roles[i].fg, roles[i].bg);
		role_attrs[r] = COLOR_PAIR(r + 1) | roles[i].extra;
	}
}

attr_t tui_attr(enum role r)
{
	return r < ROLE_COUNT ? role_attrs[r] : 0;
}

void draw_fill(int y, int x, int w, attr_t attr)
{
	if (w <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void draw_line(int y, int x, int w, const struct text_line *l, attr_t attr, int hl_from, int hl_to,
               attr_t hl_attr)
{
	int cx = x + (l->x > 0 ? l->x : 0), end = x + w;

	draw_fill(y, x, w, attr);
	/* Runs of equal attribute are put with one call; a character that
	 * would cross the right edge is not drawn (never half a glyph). */
	for (int i = 0; i < l->len;) {
		int hl = l->pos && hl_to > hl_from && l->pos[i] >= hl_from && l->pos[i] < hl_to;
		int j = i, cells = 0;
		while (j < l->len) {
			int hj =
			    l->pos && hl_to > hl_from && l->pos[j] >= hl_from && l->pos[j] < hl_to;
			int cw = wcwidth(l->wcs[j]);
			if (hj != hl)
				break;
			if (cw < 0)
				cw = 0;
			if (cx + cells + cw > end)
				break;
			cells += cw;
			j++;
		}
		if (j == i)
			break;
		attrset(hl ? hl_attr : attr);
		mvaddnwstr(y, cx, l->wcs + i, j - i);
		cx += cells;
		i = j;
	}
	attrset(A_NORMAL);
}

int draw_text(int y, int x, int w, const char *utf8, enum text_dir dir, attr_t attr)
{
	struct text_line l;

	if (w <= 0)
		return 0;
	if (text_line1(utf8 ? utf8 : "", w, dir, &l) != 0)
		return 0;
	if (dir != TEXT_RTL && !l.rtl)
		l.x = 0;
	draw_line(y, x, w, &l, attr, 0, 0, 0);
	int cells = l.cells;
	text_line_free(&l);
	return cells;
}

int draw_par(int y, int x, int w, int h, const char *utf8, enum text_dir dir, attr_t attr)
{
	struct text_lines ls;
	int n = 0;

	if (w <= 0 || h <= 0 || text_layout(utf8 ? utf8 : "", w, dir, 0, &ls) != 0)
		return 0;
	for (; n < ls.n && n < h; n++)
		draw_line(y + n, x, w, &ls.v[n], attr, 0, 0, 0);
	text_lines_free(&ls);
	return n;
}

void tui_utf8_trim(char *s)
{
	size_t n = strlen(s), lead = n, need;
	unsigned char c;

	/* back over at most 3 continuation bytes to the sequence's lead */
	while (lead > 0 && n - lead < 3 && ((unsigned char)s[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead == 0)
		return;
	c = (unsigned char)s[lead - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (c >= 0xc0 && n - (lead - 1) < need)
		s[lead - 1] = '\0';
}
