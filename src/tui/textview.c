/* textview.c — a scrolling view of text blocks (card reader, help,
 * verdicts, reports): laid out once per width by the text engine, with
 * search matches highlighted and links to follow. */
#include "tui.h"

#include "search.h"

#include <stdlib.h>
#include <string.h>

void tv_init(struct textview *tv)
{
	memset(tv, 0, sizeof *tv);
	tv->cur = -1;
	tv->link = -1;
}

static void tv_free_rows(struct textview *tv)
{
	for (int i = 0; i < tv->nrows; i++)
		text_line_free(&tv->rows[i].line);
	free(tv->rows);
	tv->rows = NULL;
	tv->nrows = 0;
	tv->width = 0;
}

void tv_free(struct textview *tv)
{
	tv_free_rows(tv);
	for (int i = 0; i < tv->nb; i++)
		free(tv->b[i].text);
	free(tv->b);
	free(tv->query);
	free(tv->m);
	tv_init(tv);
}

void tv_add(struct textview *tv, enum role r, int indent, int hang, int link, enum text_dir dir,
            const char *text)
{
	if (tv->nb == tv->capb) {
		int cap = tv->capb ? tv->capb * 2 : 32;
		struct tv_block *b = realloc(tv->b, (size_t)cap * sizeof *b);
		if (!b)
			return;
		tv->b = b;
		tv->capb = cap;
	}
	char *copy = strdup(text ? text : "");
	if (!copy)
		return;
	tv->b[tv->nb++] = (struct tv_block){copy, r, indent, hang, link, dir};
	if (link >= 0 && link + 1 > tv->nlinks)
		tv->nlinks = link + 1;
	tv->width = 0;
}

/* Lays every block out for width w: the first row of a block at indent,
 * the rest at indent + hang (a bullet's text lines up under its text). */
static void tv_layout(struct textview *tv, int w)
{
	int cap = 0;

	if (tv->width == w)
		return;
	tv_free_rows(tv);
	for (int i = 0; i < tv->nb; i++) {
		const struct tv_block *b = &tv->b[i];
		struct text_lines ls;
		int bw = w - b->indent - b->hang;
		if (bw < 1)
			bw = 1;
		if (text_layout(b->text, bw, b->dir, TEXT_NOALIGN, &ls) != 0)
			continue;
		for (int k = 0; k < ls.n; k++) {
			if (tv->nrows == cap) {
				cap = cap ? cap * 2 : 128;
				struct tv_row *r = realloc(tv->rows, (size_t)cap * sizeof *r);
				if (!r) {
					for (int m = k; m < ls.n; m++)
						text_line_free(&ls.v[m]);
					break;
				}
				tv->rows = r;
			}
			tv->rows[tv->nrows].block = i;
			tv->rows[tv->nrows].line = ls.v[k];
			tv->nrows++;
		}
		free(ls.v);
	}
	tv->width = w;
}

static void tv_clamp(struct textview *tv, int h)
{
	if (tv->top > tv->nrows - h)
		tv->top = tv->nrows - h;
	if (tv->top < 0)
		tv->top = 0;
}

int tv_text_width(int w)
{
	return w > 3 ? w - 2 : 1;
}

void tv_draw(struct tui *t, struct textview *tv, int y, int x, int h, int w)
{
	int bar, tw;

	if (w < 3 || h < 1)
		return;
	tw = tv_text_width(w); /* the scroll column and a gap are reserved so
	                          the layout never changes */
	tv_layout(tv, tw);
	bar = tv->nrows > h;
	tv_clamp(tv, h);
	for (int r = 0; r < h; r++) {
		int i = tv->top + r;
		int rx = t->rtl ? x + w - tw : x;
		if (i >= tv->nrows) {
			draw_fill(y + r, x, w, A_NORMAL);
			continue;
		}
		const struct tv_row *row = &tv->rows[i];
		const struct tv_block *b = &tv->b[row->block];
		int first = i == 0 || tv->rows[i - 1].block != row->block;
		int ind = b->indent + (first ? 0 : b->hang);
		attr_t a = tui_attr(b->role);
		struct text_line l = row->line;
		int hf = 0, ht = 0;

		if (b->link >= 0 && b->link == tv->link)
			a = tui_attr(ROLE_SELECTED);
		/* a row highlights one match: the current one if it is on
		 * this row, else the first (queries are short) */
		if (tv->nm && l.len) {
			int lo = l.pos[0], hi = l.pos[0];
			for (int c = 1; c < l.len; c++) {
				if (l.pos[c] < lo)
					lo = l.pos[c];
				if (l.pos[c] > hi)
					hi = l.pos[c];
			}
			for (int k = 0; k < tv->nm; k++) {
				const struct tv_match *m = &tv->m[k];
				if (m->block != row->block || m->off > hi || m->off + m->len <= lo)
					continue;
				if (ht <= hf || k == tv->cur) {
					hf = m->off;
					ht = m->off + m->len;
				}
			}
		}
		/* RTL rows hug the right edge: the indent is on the right */
		l.x = t->rtl || l.rtl ? tw - ind - l.cells : ind;
		if (l.x < 0)
			l.x = 0;
		draw_fill(y + r, x, w, A_NORMAL);
		draw_line(y + r, rx, tw, &l, a, hf, ht, tui_attr(ROLE_MATCH));
	}
	if (bar) {
		int bx = t->rtl ? x : x + w - 1;
		int len = h * h / tv->nrows, pos;
		if (len < 1)
			len = 1;
		pos = tv->nrows > h ? (h - len) * tv->top / (tv->nrows - h) : 0;
		for (int r = 0; r < h; r++) {
			attrset(r >= pos && r < pos + len ? A_REVERSE : tui_attr(ROLE_DIM));
			mvaddch(y + r, bx, r >= pos && r < pos + len ? ' ' : ACS_VLINE);
		}
		attrset(A_NORMAL);
	}
}

static int row_of_block(const struct textview *tv, int block)
{
	for (int i = 0; i < tv->nrows; i++)
		if (tv->rows[i].block == block)
			return i;
	return 0;
}

void tv_scroll_to_block(struct textview *tv, int block, int h)
{
	if (!tv->width)
		return;
	int r = row_of_block(tv, block);
	if (r < tv->top || r >= tv->top + h)
		tv->top = r > 1 ? r - 1 : 0;
	tv_clamp(tv, h);
}

/* The row holding byte offset off of block. */
static int row_of(const struct textview *tv, int block, int off)
{
	int best = row_of_block(tv, block);
	for (int i = best; i < tv->nrows && tv->rows[i].block == block; i++) {
		const struct text_line *l = &tv->rows[i].line;
		for (int c = 0; c < l->len; c++)
			if (l->pos[c] == off)
				return i;
	}
	return best;
}

static void tv_show_match(struct textview *tv, int h)
{
	if (tv->cur < 0 || tv->cur >= tv->nm || !tv->width)
		return;
	int r = row_of(tv, tv->m[tv->cur].block, tv->m[tv->cur].off);
	if (r < tv->top || r >= tv->top + h)
		tv->top = r - h / 3;
	tv_clamp(tv, h);
}

int tv_search(struct textview *tv, const char *query, int h)
{
	free(tv->query);
	free(tv->m);
	tv->query = NULL;
	tv->m = NULL;
	tv->nm = 0;
	tv->cur = -1;
	if (!query || !*query)
		return 0;
	tv->query = strdup(query);
	int cap = 0;
	struct search_query q;
	if (search_parse(query, &q) <= 0)
		return 0;
	for (int i = 0; i < tv->nb; i++) {
		int from = 0, len, off;
		/* every word of the query is a match (search.h) */
		while ((off = search_find(&q, tv->b[i].text, from, &len)) >= 0) {
			if (tv->nm == cap) {
				cap = cap ? cap * 2 : 16;
				struct tv_match *m = realloc(tv->m, (size_t)cap * sizeof *m);
				if (!m)
					break;
				tv->m = m;
			}
			tv->m[tv->nm++] = (struct tv_match){i, off, len};
			from = off + (len > 0 ? len : 1);
		}
	}
	search_query_free(&q);
	if (tv->nm) {
		tv->cur = 0;
		tv_show_match(tv, h);
	}
	return tv->nm;
}

int tv_next_match(struct textview *tv, int dir, int h)
{
	if (!tv->nm)
		return 0;
	tv->cur = ((tv->cur < 0 ? 0 : tv->cur + dir) % tv->nm + tv->nm) % tv->nm;
	tv_show_match(tv, h);
	return 1;
}

static void tv_next_link(struct textview *tv, int dir, int h)
{
	if (!tv->nlinks)
		return;
	tv->link = tv->link < 0 ? (dir > 0 ? 0 : tv->nlinks - 1)
	                        : ((tv->link + dir) % tv->nlinks + tv->nlinks) % tv->nlinks;
	for (int i = 0; i < tv->nb; i++)
		if (tv->b[i].link == tv->link) {
			int r = row_of_block(tv, i);
			if (r < tv->top || r >= tv->top + h)
				tv->top = r - h + 2;
			tv_clamp(tv, h);
			break;
		}
}

int tv_key(struct textview *tv, enum action a, int h)
{
	int page = h > 2 ? h - 2 : 1;

	switch (a) {
	case ACT_UP:
		tv->top--;
		break;
	case ACT_DOWN:
		tv->top++;
		break;
	case ACT_PGUP:
		tv->top -= page;
		break;
	case ACT_PGDN:
		tv->top += page;
		break;
	case ACT_TOP:
		tv->top = 0;
		break;
	case ACT_BOTTOM:
		tv->top = tv->nrows;
		break;
	case ACT_NEXT:
		return tv_next_match(tv, 1, h) || 1;
	case ACT_PREV:
		return tv_next_match(tv, -1, h) || 1;
	case ACT_NEXT_FIELD:
		tv_next_link(tv, 1, h);
		return 1;
	case ACT_PREV_FIELD:
		tv_next_link(tv, -1, h);
		return 1;
	default:
		return 0;
	}
	tv_clamp(tv, h);
	return 1;
}
