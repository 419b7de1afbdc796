/* diary.c — the diary screens' shared parts (the diary opened on first use,
 * why it is read-only, the pain bar, labels) and the entry list: newest
 * first, Enter to view, a to add, e to edit, d to delete after asking. */
#include "tui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "diary.h"
#include "report.h"

/* Shared by the diary screens (form.c, chart.c); to move into tui.h. */

/* t->diary points at d, the first member: the rest is what the screens
 * need to remember about the diary between screens. */
struct diary_box {
	struct diary d;
	char why[512];            /* why it is read-only: first diagnostic */
	char saved[DIARY_ID_MAX]; /* last entry the form saved (to select) */
};

static struct diary_box *box_of(struct tui *t)
{
	return (struct diary_box *)t->diary;
}

/* Shows the first problem (errors before warnings) and remembers why a
 * diary is read-only, for the list's first row. */
static void note_diags(struct tui *t, struct diary_box *b, const struct diags *dg)
{
	const struct diag *first = NULL;

	for (int i = 0; i < dg->n; i++)
		if (!first || (dg->v[i].sev == DIAG_ERROR && first->sev != DIAG_ERROR))
			first = &dg->v[i];
	if (first)
		tui_message(t, first->sev == DIAG_ERROR ? ROLE_ERROR : ROLE_SOON, "%s",
		            first->text);
	if (!b->d.readonly)
		b->why[0] = '\0';
	else if (first && first->sev == DIAG_ERROR)
		snprintf(b->why, sizeof b->why, "%s", first->text);
	else if (!b->why[0])
		snprintf(b->why, sizeof b->why, _("%s could not be read"), t->o->diary_path);
}

struct diary *tui_diary(struct tui *t)
{
	struct diags dg = {0};
	struct diary_box *b;

	if (t->diary)
		return t->diary;
	b = calloc(1, sizeof *b);
	if (!b) {
		tui_message(t, ROLE_ERROR, "%s", _("Out of memory: the diary cannot be opened."));
		return NULL;
	}
	/* a broken file still gives a usable (read-only) diary */
	diary_open_key(&b->d, t->o->diary_path, t->o->key, &dg);
	note_diags(t, b, &dg);
	diags_free(&dg);
	t->diary = &b->d;
	return t->diary;
}

void tui_diary_close(struct tui *t)
{
	if (!t->diary)
		return;
	diary_close(t->diary);
	free(box_of(t));
	t->diary = NULL;
}

/* The diary as it is on disk now: another writer (the CLI, a second
 * copy of the app) may have changed it since we last looked. */
struct diary *tui_diary_sync(struct tui *t)
{
	struct diags dg = {0};
	struct diary *d = tui_diary(t);
	int r;

	if (!d)
		return NULL;
	r = diary_reload_if_changed(d, &dg);
	if (r != 0 || dg.n)
		note_diags(t, box_of(t), &dg);
	diags_free(&dg);
	return d;
}

/* The diary if it may be written, else NULL with a message saying why. */
struct diary *tui_diary_writable(struct tui *t)
{
	struct diary *d = tui_diary_sync(t);

	if (d && d->readonly) {
		tui_message(t, ROLE_ERROR, _("Read-only diary, nothing changed: %s"),
		            box_of(t)->why);
		return NULL;
	}
	return d;
}

void tui_diary_saved(struct tui *t, const char *id)
{
	if (t->diary)
		snprintf(box_of(t)->saved, sizeof box_of(t)->saved, "%s", id);
}

/* Ten cells, one per point of pain. Block characters where they take one
 * cell (glibc says so; some East Asian setups do not), else ASCII. */
const char *tui_diary_bar(int pain, char *buf, size_t size)
{
	static const char *const glyphs[2][2] = {{"█", "░"}, {"#", "."}};
	int ascii = text_width("█") != 1 || text_width("░") != 1;
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < 10; i++) {
		const char *g = glyphs[ascii][i < pain ? 0 : 1];
		size_t gl = strlen(g);
		if (len + gl + 1 > size)
			break;
		memcpy(buf + len, g, gl + 1);
		len += gl;
	}
	return buf;
}

/* The usual words of the 0–10 numeric rating scale. */
const char *tui_diary_pain_word(int pain)
{
	if (pain < 0)
		return _("not set");
	if (pain == 0)
		return _("no pain");
	if (pain <= 3)
		return _("mild");
	if (pain <= 6)
		return _("moderate");
	return _("severe");
}

/* What the checklist said, in words (never only a colour). */
const char *tui_diary_verdict_label(int level)
{
	if (level < 0 || level >= LEVEL_COUNT)
		return "";
	return _(content_levels[level].label);
}

/* The translated labels of the set bits of mask, joined by ", ". */
size_t tui_diary_places(unsigned where, unsigned set, const unsigned char *pp, char *buf,
                        size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < diary_nplaces && len + 1 < size; i++) {
		if (!(where & (1u << i)))
			continue;
		int k = snprintf(buf + len, size - len, "%s%s", len ? _(", ") : "",
		                 _(diary_places[i].label));
		if (k > 0 && (set & (1u << i)) && len + (size_t)k < size)
			k += snprintf(buf + len + k, size - len - (size_t)k, " %d", pp[i]);
		if (k < 0 || (size_t)k >= size - len) {
			len = size ? size - 1 : 0;
			break;
		}
		len += (size_t)k;
	}
	return len;
}

size_t tui_diary_labels(const struct vocab *v, int n, unsigned mask, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < n && i < DIARY_VOCAB_MAX; i++) {
		if (!(mask & (1u << i)))
			continue;
		/* TRANSLATORS: between items of a list ("Heat, Rest") */
		int k = snprintf(buf + len, size - len, "%s%s", len ? _(", ") : "", _(v[i].label));
		if (k < 0 || (size_t)k >= size - len) {
			len = size ? size - 1 : 0;
			break;
		}
		len += (size_t)k;
	}
	return len;
}

/* --- the entry view: one or more entries in full (a text view) --------- */
struct eview {
	struct screen s;
	struct textview tv;
	char title[128];
	char id[DIARY_ID_MAX]; /* the entry when the view shows one, for e */
};

static void view_add_field(struct textview *tv, enum text_dir dir, const char *fmt,
                           const char *value)
{
	char buf[DIARY_TEXT_MAX + 256];

	if (!value || !*value)
		return;
	snprintf(buf, sizeof buf, fmt, value);
	tv_add(tv, ROLE_NORMAL, 2, 2, -1, dir, buf);
}

static void view_add_entry(struct tui *t, struct textview *tv, const struct diary_entry *e)
{
	char buf[1024], bar[64], list[768];
	enum text_dir d = t->dir;

	snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", e->y, e->m, e->d, e->hh, e->mm);
	tv_add(tv, ROLE_HEADING, 0, 0, -1, d, buf);
	/* the number comes first in its own run so "7" never reads as
	 * part of the word in a right-to-left line */
	snprintf(buf, sizeof buf, _("Pain: %s %d of 10, %s"),
	         tui_diary_bar(e->pain, bar, sizeof bar), e->pain, tui_diary_pain_word(e->pain));
	tv_add(tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	tui_diary_places(e->where, e->place_set, e->place_pain, list, sizeof list);
	view_add_field(tv, d, _("Where: %s"), list);
	tui_diary_labels(diary_feels, diary_nfeels, e->feels, list, sizeof list);
	view_add_field(tv, d, _("Feels: %s"), list);
	tui_diary_labels(diary_contexts, diary_ncontexts, e->context, list, sizeof list);
	view_add_field(tv, d, _("Context: %s"), list);
	tui_diary_labels(diary_helped, diary_nhelped, e->helped, list, sizeof list);
	view_add_field(tv, d, _("Helped: %s"), list);
	view_add_field(tv, d, _("Medication: %s"), e->med);
	view_add_field(tv, d, _("Note: %s"), e->note);
	if (e->verdict >= 0)
		view_add_field(tv, d, _("Checklist verdict: %s"),
		               tui_diary_verdict_label(e->verdict));
	tv_add(tv, ROLE_NORMAL, 0, 0, -1, d, "");
}

static const char *view_title(struct tui *t, struct screen *s)
{
	(void)t;
	return ((struct eview *)s)->title;
}

static void view_draw(struct tui *t, struct screen *s)
{
	struct eview *v = (struct eview *)s;
	tv_draw(t, &v->tv, t->body_y, 1, t->body_h - 1, t->cols - 2);
}

static int view_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct eview *v = (struct eview *)s;
	(void)ch, (void)kc;

	if (a == ACT_EDIT && v->id[0]) {
		char id[DIARY_ID_MAX];
		memcpy(id, v->id, sizeof id);
		struct screen *f = form_new(t, id);
		if (f) {
			tui_pop(t); /* the form replaces the view: no stale copy */
			tui_push(t, f);
		}
		return 1;
	}
	return tv_key(&v->tv, a, t->body_h - 1);
}

static void view_destroy(struct screen *s)
{
	struct eview *v = (struct eview *)s;
	tv_free(&v->tv);
	free(v);
}

static const enum action view_bar[] = {ACT_UP, ACT_DOWN, ACT_EDIT, ACT_BACK, ACT_NONE};
static const enum action view_bar_many[] = {ACT_UP, ACT_DOWN, ACT_PGDN, ACT_BACK, ACT_NONE};

static const struct screen_ops view_ops = {
    .title = view_title,
    .draw = view_draw,
    .key = view_key,
    .destroy = view_destroy,
    .bar = view_bar_many,
};

/* The entries d->v[idx[0..n-1]] in full, copied: the view stays valid
 * whatever happens to the diary afterwards. */
struct screen *tui_diary_view_new(struct tui *t, const char *title, const int *idx, int n)
{
	struct diary *d = t->diary;
	struct eview *v = calloc(1, sizeof *v);

	if (!v || !d)
		return free(v), NULL;
	v->s.ops = &view_ops;
	tv_init(&v->tv);
	snprintf(v->title, sizeof v->title, "%s", title ? title : _("Diary entry"));
	for (int i = 0; i < n; i++)
		if (idx[i] >= 0 && idx[i] < d->n)
			view_add_entry(t, &v->tv, &d->v[idx[i]]);
	if (n == 1 && idx[0] >= 0 && idx[0] < d->n) {
		memcpy(v->id, d->v[idx[0]].id, sizeof v->id);
		v->s.bar = view_bar;
	}
	return &v->s;
}

/* --- the list ------------------------------------------------------------ */
struct dlist {
	struct screen s;
	struct listbox lb;
	struct diary *d;
	int h;                  /* list rows at the last draw */
	char sel[DIARY_ID_MAX]; /* the selected entry, kept across reloads */
	char del[DIARY_ID_MAX]; /* the entry we asked about deleting */
	int prompt;             /* 1: asking where to write the report */
	struct lineedit le;
	int cur_y, cur_x;
	struct diary_entry del_was; /* as it was shown then (own strings) */
};

/* The first 20 characters of text's first line (cleaned of control
 * characters), with "…" when cut: the delete prompt's name (A11, B9). */
static void del_snip(const char *text, char *start, size_t size)
{
	char *c = text_clean(text, 0);
	const char *src = c ? c : "";
	size_t n = 0, chars = 0;
	while (*src == ' ' || *src == '\t')
		src++;
	/* 20 characters: the prompt fits 80 columns */
	while (src[n] && src[n] != '\n' && chars < 20 && n < size - 8) {
		n++;
		while ((src[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	memcpy(start, src, n);
	strcpy(start + n, src[n] ? "…" : "");
	if (!n)
		start[0] = '\0';
	free(c);
}

static void del_forget(struct dlist *l)
{
	free(l->del_was.med);
	free(l->del_was.note);
	memset(&l->del_was, 0, sizeof l->del_was);
	l->del[0] = '\0';
}

/* List row i is d->v[n-1-i]: newest first. */
static struct diary_entry *row_entry(const struct dlist *l, int i)
{
	int k = l->d->n - 1 - i;
	return k >= 0 && k < l->d->n ? &l->d->v[k] : NULL;
}

static const char *row_label(void *ud, int i, char *buf, size_t size)
{
	const struct diary_entry *e = row_entry(ud, i);
	char bar[64], where[512], ctx[512];

	if (!e)
		return "";
	tui_diary_labels(diary_places, diary_nplaces, e->where, where, sizeof where);
	tui_diary_labels(diary_contexts, diary_ncontexts, e->context, ctx, sizeof ctx);
	if (!where[0] && !ctx[0] && e->note) /* something to recognise it by */
		if (snprintf(ctx, sizeof ctx, "%s", e->note) >= (int)sizeof ctx)
			tui_utf8_trim(ctx);          /* never half a character: no U+FFFD */
	if (!where[0] && !ctx[0] && e->verdict >= 0) /* a saved checklist result */
		snprintf(ctx, sizeof ctx, _("Checklist: %s"), tui_diary_verdict_label(e->verdict));
	/* the number is always written out: the bar is never the only cue */
	if (snprintf(buf, size, "%04d-%02d-%02d %02d:%02d  %s %2d  %s%s%s", e->y, e->m, e->d, e->hh,
	             e->mm, tui_diary_bar(e->pain, bar, sizeof bar), e->pain, where,
	             where[0] && ctx[0] ? " · " : "", ctx) >= (int)size)
		tui_utf8_trim(buf);
	return buf;
}

/* After a reload or a write the rows moved: select the entry the form
 * just saved, else the one that was selected, else stay near. */
static int list_sync(struct tui *t, struct dlist *l)
{
	struct diary_box *b = box_of(t);
	const char *want = b->saved[0] ? b->saved : l->sel;
	int k = want[0] ? diary_find(l->d, want) : -1;

	int vanished = k < 0 && want == l->sel && want[0];
	if (vanished)
		/* another program removed it: the row under the cursor is
		 * now another entry, and the person must know */
		tui_message(t, ROLE_SOON, "%s", _("The selected entry is no longer in the diary."));
	l->lb.n = l->d->n;
	if (k >= 0)
		l->lb.sel = l->d->n - 1 - k;
	b->saved[0] = '\0';
	listbox_fix(&l->lb, l->h > 0 ? l->h : 1);
	const struct diary_entry *e = l->lb.sel >= 0 ? row_entry(l, l->lb.sel) : NULL;
	snprintf(l->sel, sizeof l->sel, "%s", e ? e->id : "");
	return vanished;
}

static const char *list_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Diary");
}

/* --- r: the report, to a file the person names ------------------------- */

/* The prompt on the row above the function bar, "Report to: PATH", and
 * what Enter and Esc do on the row above it. */
static void report_prompt_draw(struct tui *t, struct dlist *l)
{
	int y = t->body_y + t->body_h - 1;
	const char *label = _("Report to:");
	int lw = text_width(label);
	if (lw > t->cols / 3)
		lw = t->cols / 3;
	int ew = t->cols - lw - 3;
	if (t->body_h > 3) {
		draw_fill(y - 1, 0, t->cols, tui_attr(ROLE_DIM));
		draw_text(
		    y - 1, 1, t->cols - 2,
		    _("Enter writes a PDF page (a name ending in .txt: plain text); Esc cancels"),
		    t->dir, tui_attr(ROLE_DIM));
	}
	draw_fill(y, 0, t->cols, A_NORMAL);
	draw_text(y, tui_mx(t, 1, lw), lw, label, t->dir, tui_attr(ROLE_HEADING));
	l->cur_y = y;
	l->cur_x = le_draw(t, &l->le, y, tui_mx(t, lw + 2, ew), ew, A_NORMAL, TEXT_LTR);
}

static void report_start(struct tui *t, struct dlist *l)
{
	char *p = report_default_path(getenv("HOME"), diary_today(time(NULL)), 1);
	le_set(&l->le, p ? p : "");
	free(p);
	l->prompt = 1;
}

/* Runs backcare-pdf (or backcare report for .txt) and says where the file
 * went, or why not. The app itself never loads cairo or Pango. */
static void report_accept(struct tui *t, struct dlist *l)
{
	char path[4200], err[1024];
	const char *home = getenv("HOME");
	const char *in = l->le.buf;

	while (*in == ' ')
		in++;
	l->prompt = 0;
	if (!*in)
		return;
	if (in[0] == '~' && in[1] == '/' && home)
		snprintf(path, sizeof path, "%s%s", home, in + 1);
	else
		snprintf(path, sizeof path, "%s", in);
	char *self = report_self();
	int r = report_write(self ? self : "/proc/self/exe", t->o->diary_path, t->o->key,
	                     lang_table[t->lang].code, path, NULL, NULL, err, sizeof err);
	free(self);
	if (r == 0) {
		if (t->o->key) /* the diary is encrypted: the report is not */
			tui_message(t, ROLE_SOON, _("The report is in %s, written unencrypted"),
			            path);
		else
			tui_message(t, ROLE_OK, _("The report is in %s"), path);
		return;
	}
	/* the first line of what went wrong, already naming the file */
	err[strcspn(err, "\n")] = '\0';
	if (!strncmp(err, "backcare: ", 10))
		memmove(err, err + 10, strlen(err + 10) + 1);
	tui_message(t, ROLE_ERROR, "%s", *err ? err : _("The report could not be written."));
}

static int report_prompt_key(struct tui *t, struct dlist *l, enum action a, wint_t ch, int kc)
{
	if (!kc && ch == 27)
		l->prompt = 0;
	else if (a == ACT_OPEN)
		report_accept(t, l);
	else
		le_key(&l->le, ch, kc);
	return 1;
}

static int list_cursor(struct tui *t, struct screen *s, int *y, int *x)
{
	struct dlist *l = (struct dlist *)s;
	(void)t;
	*y = l->cur_y;
	*x = l->cur_x;
	return l->prompt;
}

static void list_draw(struct tui *t, struct screen *s)
{
	struct dlist *l = (struct dlist *)s;
	int y = t->body_y, w = t->cols;
	char buf[640];

	if (!tui_diary_sync(t))
		return;
	/* rows: the summary (two when read-only: the reason must be read
	 * whole), the list, the message line */
	int top = l->d->readonly && t->body_h > 6 ? 2 : 1;
	l->h = t->body_h - top - 1;
	if (l->h < 1)
		l->h = 1;
	list_sync(t, l);
	if (l->d->readonly) {
		snprintf(buf, sizeof buf, _("read-only: %s"), box_of(t)->why);
		draw_par(y, tui_mx(t, 1, w - 2), w - 2, top, buf, t->dir, tui_attr(ROLE_ERROR));
	} else {
		snprintf(buf, sizeof buf,
		         ngettext("%d entry, newest first", "%d entries, newest first", l->d->n),
		         l->d->n);
		draw_text(y, 1, w - 2, buf, t->dir, tui_attr(ROLE_DIM));
	}
	if (l->d->n == 0) {
		draw_par(y + top + 1, tui_mx(t, 2, w - 4), w - 4, l->h - 1,
		         t->diary_locked
		             ? _("The diary is encrypted and stays locked: nothing in it can be "
		                 "read or added. Start backcare again and type its passphrase.")
		         : l->d->readonly
		             ? _("Nothing can be added while the diary is read-only. "
		                 "Fix the file or move it away, then start backcare again.")
		             : _("No entries yet. Press a to add your first one: "
		                 "a digit for the pain, then Ctrl-S to save."),
		         t->dir, tui_attr(ROLE_NORMAL));
		return;
	}
	listbox_draw(t, &l->lb, y + top, 0, l->h, w);
	if (l->prompt)
		report_prompt_draw(t, l);
}

static int list_delete_answer(struct tui *t, struct dlist *l, wint_t ch, int kc)
{
	struct diags dg = {0};
	struct diary *d;
	int r;

	if (kc || (ch != 'y' && ch != 'Y')) {
		tui_message(t, ROLE_NORMAL, "%s", _("Nothing was deleted."));
		return 1;
	}
	d = tui_diary_writable(t);
	if (!d)
		return 1;
	r = diary_delete_if(d, l->del, &l->del_was, &dg);
	if (r == 0 || r == -ENOENT)
		l->sel[0] = '\0'; /* its row goes: stay near, without a word */
	if (r == 0)
		tui_message(t, ROLE_OK, "%s", _("Entry deleted."));
	else if (r == -ENOENT)
		tui_message(t, ROLE_SOON, "%s", _("That entry was already gone from the diary."));
	else if (r == -ESTALE)
		tui_message(
		    t, ROLE_SOON, "%s",
		    _("That entry was changed meanwhile by another program; nothing was deleted."));
	else if (dg.n)
		tui_message(t, ROLE_ERROR, "%s", dg.v[0].text);
	else
		tui_message(t, ROLE_ERROR, _("Could not delete the entry: %s"), strerror(-r));
	diags_free(&dg);
	return 1;
}

static int list_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct dlist *l = (struct dlist *)s;
	const struct diary_entry *e;

	if (l->del[0]) { /* the answer to "Delete this entry? (y/n)" */
		int r = list_delete_answer(t, l, ch, kc);
		del_forget(l);
		return r;
	}
	if (l->prompt)
		return report_prompt_key(t, l, a, ch, kc);
	if (!tui_diary_sync(t))
		return 0;
	if (list_sync(t, l) && (a == ACT_DELETE || a == ACT_EDIT || a == ACT_OPEN))
		return 1; /* the chosen entry is gone: act on no other */
	if (listbox_key(&l->lb, a, l->h > 0 ? l->h : 1)) {
		e = row_entry(l, l->lb.sel);
		snprintf(l->sel, sizeof l->sel, "%s", e ? e->id : "");
		return 1;
	}
	e = l->lb.sel >= 0 ? row_entry(l, l->lb.sel) : NULL;
	/* the id, not e: the calls below may reload the diary */
	char id[DIARY_ID_MAX];
	int k = e ? (int)(e - l->d->v) : -1;
	snprintf(id, sizeof id, "%s", e ? e->id : "");
	switch (a) {
	case ACT_ADD:
		tui_push(t, form_new(t, NULL));
		return 1;
	case ACT_OPEN:
		if (k >= 0)
			tui_push(t, tui_diary_view_new(t, NULL, &k, 1));
		return 1;
	case ACT_EDIT:
		if (id[0])
			tui_push(t, form_new(t, id));
		return 1;
	case ACT_DELETE:
		if (id[0] && tui_diary_writable(t)) {
			/* after tui_diary_writable (it may reload): find it anew */
			int j = diary_find(l->d, id);
			if (j < 0) {
				tui_message(t, ROLE_SOON, "%s",
				            _("That entry was already gone from the diary."));
				return 1;
			}
			const struct diary_entry *x = &l->d->v[j];
			del_forget(l);
			l->del_was = *x;
			l->del_was.time_text = NULL; /* d's, gone with a reload */
			l->del_was.med = x->med ? strdup(x->med) : NULL;
			l->del_was.note = x->note ? strdup(x->note) : NULL;
			if ((x->med && !l->del_was.med) || (x->note && !l->del_was.note)) {
				del_forget(l);
				return 1;
			}
			memcpy(l->del, id, sizeof l->del);
			/* the prompt names what it deletes: the note's first
			 * words (A11), else the medicine's, else the places and
			 * contexts, else the id (B9): two entries of one minute
			 * always read apart */
			char start[128] = "";
			if (x->note)
				del_snip(x->note, start, sizeof start);
			if (!start[0] && x->med)
				del_snip(x->med, start, sizeof start);
			if (!start[0] && (x->where || x->context)) {
				char w[512] = "";
				size_t wn = 0;
				for (int i = 0; i < diary_nplaces + diary_ncontexts; i++) {
					int pl = i < diary_nplaces;
					int b = pl ? i : i - diary_nplaces;
					if (!((pl ? x->where : x->context) & (1u << b)))
						continue;
					const char *lab =
					    _(pl ? diary_places[b].label : diary_contexts[b].label);
					int m = snprintf(w + wn, sizeof w - wn, "%s%s",
					                 wn ? ", " : "", lab);
					if (m < 0 || (size_t)m >= sizeof w - wn)
						break;
					wn += (size_t)m;
				}
				del_snip(w, start, sizeof start);
			}
			if (!start[0]) { /* its end: the part that differs */
				size_t il = strlen(x->id);
				snprintf(start, sizeof start, "%s%s", il > 20 ? "…" : "",
				         x->id + (il > 20 ? il - 19 : 0));
			}
			if (start[0])
				tui_message(t, ROLE_SOON,
				            /* TRANSLATORS: the last %s names the entry: its note's
				               start, else its medicine, places or id */
				            _("Delete the entry of %04d-%02d-%02d %02d:%02d, pain "
				              "%d, \"%s\"? (y/n)"),
				            x->y, x->m, x->d, x->hh, x->mm, x->pain, start);
			else
				tui_message(t, ROLE_SOON,
				            _("Delete the entry of %04d-%02d-%02d %02d:%02d, pain "
				              "%d? (y/n)"),
				            x->y, x->m, x->d, x->hh, x->mm, x->pain);
		}
		return 1;
	case ACT_CHART:
		tui_push(t, chart_new(t));
		return 1;
	case ACT_STATS:
		tui_push(t, stats_new(t));
		return 1;
	case ACT_REPORT:
		report_start(t, l);
		return 1;
	case ACT_CHECKIN:
		tui_push(t, checkin_new(t));
		return 1;
	case ACT_TICK: /* 'x' (space stays a page down in lists) */
		if (!kc && ch == 'x')
			tui_push(t, export_new(t));
		return !kc && ch == 'x';
	default:
		return 0;
	}
}

static void list_destroy(struct screen *s)
{
	del_forget((struct dlist *)s);
	free(s);
}

/* Narrow terminals drop the items before the last two first: Delete
 * (rare, and it asks) and Open (Enter is what everyone tries) go before
 * the everyday ones; r Report stays, for "give my doctor a report". */
static const enum action list_bar[] = {ACT_ADD,    ACT_EDIT,   ACT_CHECKIN, ACT_CHART,
                                       ACT_STATS,  ACT_EXPORT, ACT_OPEN,    ACT_DELETE,
                                       ACT_REPORT, ACT_BACK,   ACT_NONE};

static const struct screen_ops list_ops = {
    .title = list_title,
    .draw = list_draw,
    .key = list_key,
    .destroy = list_destroy,
    .bar = list_bar,
    .cursor = list_cursor,
};

struct screen *diary_new(struct tui *t)
{
	struct diary *d = tui_diary(t);
	struct dlist *l;

	if (!d)
		return NULL;
	l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->s.ops = &list_ops;
	l->d = d;
	listbox_init(&l->lb, d->n, l, row_label);
	return &l->s;
}
