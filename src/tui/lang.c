/* lang.c — the Language menu: each language in its own script; the
 * choice applies at once and is remembered in config.yaml. */
#include "tui.h"

#include <stdlib.h>

struct langscr {
	struct screen s;
	struct listbox lb;
};

static const char *lang_label(void *ud, int i, char *buf, size_t size)
{
	(void)ud, (void)buf, (void)size;
	return lang_table[i].native;
}

static const char *lang_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Language");
}

static void lang_draw(struct tui *t, struct screen *s)
{
	struct langscr *l = (struct langscr *)s;
	int w = t->cols > 44 ? 40 : t->cols - 4, x = tui_mx(t, 2, w);
	int y = t->body_y + 1;

	y += draw_par(y, x, w, 2, _("Choose the language for the app and the cards:"), t->dir,
	              tui_attr(ROLE_NORMAL));
	y++;
	listbox_draw(t, &l->lb, y, x, LANG_COUNT, w);
}

static int lang_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct langscr *l = (struct langscr *)s;
	(void)ch, (void)kc;
	if (listbox_key(&l->lb, a, LANG_COUNT))
		return 1;
	if (a == ACT_OPEN) {
		tui_set_lang(t, l->lb.sel); /* pops back to home; frees us */
		return 1;
	}
	return 0;
}

static void lang_destroy(struct screen *s)
{
	free(s);
}

static const enum action lang_bar[] = {ACT_UP, ACT_DOWN, ACT_OPEN, ACT_BACK, ACT_NONE};

static const struct screen_ops lang_ops = {
    .title = lang_title,
    .draw = lang_draw,
    .key = lang_key,
    .destroy = lang_destroy,
    .bar = lang_bar,
};

struct screen *lang_new(struct tui *t)
{
	struct langscr *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->s.ops = &lang_ops;
	listbox_init(&l->lb, LANG_COUNT, l, lang_label);
	l->lb.sel = t->lang;
	return &l->s;
}
