/* home.c — the home menu: Cards, Checklist, Diary, Language, Help, Quit. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>

#include "checkin.h"
#include "diary.h"

static const char *items[] = {
    N_("Cards — read about back pain, sex and miscarriage"),
    N_("Checklist — how soon should I see a doctor?"),
    N_("Diary — log and chart your pain"),
    N_("Language — English, 中文, العربية"),
    N_("Help — keys and about backcare"),
    /* after Help: the first five keep the places DESIGN.md gives them */
    N_("Flare-up plan — what to do when it flares up"),
    N_("Quit"),
};
enum { ITEM_CARDS, ITEM_CHECKLIST, ITEM_DIARY, ITEM_LANG, ITEM_HELP, ITEM_PLAN, ITEM_QUIT, NITEMS };

struct home {
	struct screen s;
	struct listbox lb;
};

static const char *home_label(void *ud, int i, char *buf, size_t size)
{
	(void)ud, (void)buf, (void)size;
	return _(items[i]);
}

static const enum action home_bar[] = {ACT_OPEN, ACT_ADD,  ACT_CHECKIN, ACT_SEARCH,
                                       ACT_HELP, ACT_QUIT, ACT_NONE};
static const enum action home_keys[] = {ACT_UP,     ACT_DOWN, ACT_OPEN, ACT_ADD,  ACT_CHECKIN,
                                        ACT_SEARCH, ACT_HELP, ACT_QUIT, ACT_EXIT, ACT_NONE};

/* What is due (the same words as `backcare due`), with the key that does
 * it; returns the rows used. */
static int draw_due(struct tui *t, int y, int x, int w, int h)
{
	if (t->diary_locked) /* nothing known: no "no entry today" either */
		return 0;
	if (!t->diary && !t->frames) {
		/* loading a big diary would hold up the first frame: the
		 * lines come in the frame right after it */
		t->later = 1;
		return 0;
	}
	struct diary *d = tui_diary_sync(t);
	const char *lines[2];
	char buf[256];
	int n = d ? diary_due_lines(d, (time_t)t->now, lines) : 0, used = 0;
	int due = d ? diary_due(d, (time_t)t->now) : 0;

	for (int i = 0; i < n && used < h; i++) {
		int entry = i == 0 && (due & DUE_ENTRY);
		/* TRANSLATORS: a due line and its key: "No diary entry today
		 * yet. (a)" */
		snprintf(buf, sizeof buf, _("%s (%s)"), lines[i], entry ? "a" : "w");
		used +=
		    draw_par(y + used, x, w, h - used, buf, t->dir, tui_attr(ROLE_SOON) | A_BOLD);
	}
	return used;
}

static void home_draw(struct tui *t, struct screen *s)
{
	struct home *h = (struct home *)s;
	int w = t->cols > 64 ? 60 : t->cols - 4;
	int x = tui_mx(t, 2, w), y = t->body_y + 1;
	int avail = t->body_h - 1;

	y +=
	    draw_par(y, x, w, 2,
	             _("Private and offline: what you read and write here stays on this computer."),
	             t->dir, tui_attr(ROLE_DIM));
	int due = draw_due(t, y, x, w, 2);
	y += due + 1;
	int lh = NITEMS < avail - 5 ? NITEMS : avail - 5;
	if (lh < 1)
		lh = 1;
	listbox_draw(t, &h->lb, y, x, lh, w);
	y += lh + 1;
	if (y < t->body_y + t->body_h - 1)
		draw_par(y, x, w, t->body_y + t->body_h - 1 - y,
		         _("backcare does not diagnose. If you are worried now, call your local "
		           "emergency number."),
		         t->dir, tui_attr(ROLE_TITLE));
}

static int home_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct home *h = (struct home *)s;
	(void)ch, (void)kc;

	if (listbox_key(&h->lb, a, NITEMS))
		return 1;
	if (a == (t->rtl ? ACT_LEFT : ACT_RIGHT))
		a = ACT_OPEN; /* the arrow that points into the item opens it */
	switch (a) {
	case ACT_ADD:
		tui_push(t, form_new(t, NULL));
		return 1;
	case ACT_CHECKIN:
		tui_push(t, checkin_new(t));
		return 1;
	case ACT_OPEN:
		switch (h->lb.sel) {
		case ITEM_CARDS:
			tui_push(t, cards_new(t));
			break;
		case ITEM_CHECKLIST:
			tui_push(t, checklist_new(t));
			break;
		case ITEM_DIARY:
			tui_push(t, diary_new(t));
			break;
		case ITEM_PLAN:
			tui_push(t, plan_new(t));
			break;
		case ITEM_LANG:
			tui_push(t, lang_new(t));
			break;
		case ITEM_HELP:
			tui_push(t, help_new(t));
			break;
		case ITEM_QUIT:
			t->quit = 1;
			break;
		}
		return 1;
	case ACT_BACK:
		return 1; /* Esc on the home screen does not quit by surprise */
	default:
		return 0;
	}
}

static void home_destroy(struct screen *s)
{
	free(s);
}

static const struct screen_ops home_ops = {
    .draw = home_draw,
    .key = home_key,
    .destroy = home_destroy,
    .bar = home_bar,
    .keys = home_keys,
};

struct screen *home_new(struct tui *t)
{
	struct home *h = calloc(1, sizeof *h);
	(void)t;
	if (!h)
		return NULL;
	h->s.ops = &home_ops;
	listbox_init(&h->lb, NITEMS, h, home_label);
	return &h->s;
}
