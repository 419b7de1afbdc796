/* help.c — the help screen: what backcare is and every key, drawn from
 * the same action table as the function bar. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>

struct help {
	struct screen s;
	struct textview tv;
	int lang; /* language the text was built in */
};

static void help_build(struct tui *t, struct help *h)
{
	char buf[512];
	enum text_dir d = t->dir;

	tv_free(&h->tv);
	h->lang = t->lang;
	tv_add(&h->tv, ROLE_HEADING, 0, 0, -1, d, _("About backcare"));
	tv_add(&h->tv, ROLE_NORMAL, 0, 0, -1, d,
	       _("backcare is a private companion for back pain, with particular care for back pain "
		 "linked to sex and back pain after a miscarriage. It offers short cards you can trust, "
		 "a checklist that tells you how soon to see a doctor, and a pain diary you can chart "
		 "and show to a clinician."));
	tv_add(&h->tv, ROLE_NORMAL, 0, 0, -1, d,
	       _("It does not diagnose and does not replace a doctor. If you are worried now, call "
		 "your local emergency number."));
	tv_add(&h->tv, ROLE_NORMAL, 0, 0, -1, d,
	       _("Nothing leaves this computer: there is no network access, and your diary is a file "
		 "only you can read."));
	tv_add(&h->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	tv_add(&h->tv, ROLE_HEADING, 0, 0, -1, d, _("Keys"));
	for (int a = 1; a < ACT_COUNT; a++) {
		const struct action_info *ai = &tui_actions[a];
		/* keys first in a fixed column: they read the same in every
		 * language (in Arabic the key column is on the right) */
		int pad = 12 - text_width(ai->keyname);
		snprintf(buf, sizeof buf, "%s%*s %s", ai->keyname, pad > 0 ? pad : 0, "",
			 _(ai->help));
		tv_add(&h->tv, ROLE_NORMAL, 2, 13, -1, d, buf);
	}
	tv_add(&h->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	tv_add(&h->tv, ROLE_HEADING, 0, 0, -1, d, _("Files"));
	snprintf(buf, sizeof buf, _("Diary: %s"), t->o->diary_path);
	tv_add(&h->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	snprintf(buf, sizeof buf, _("Settings: %s"), t->o->config_path);
	tv_add(&h->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	snprintf(buf, sizeof buf, _("Cards and checklist: %s"), t->o->content_dir);
	tv_add(&h->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
}

static const char *help_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Help");
}

static void help_draw(struct tui *t, struct screen *s)
{
	struct help *h = (struct help *)s;
	if (h->lang != t->lang)
		help_build(t, h);
	tv_draw(t, &h->tv, t->body_y, 1, t->body_h, t->cols - 2);
}

static int help_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct help *h = (struct help *)s;
	(void)ch, (void)kc;
	if (a == ACT_HELP) {
		tui_pop(t);
		return 1;
	}
	return tv_key(&h->tv, a, t->body_h);
}

static void help_destroy(struct screen *s)
{
	struct help *h = (struct help *)s;
	tv_free(&h->tv);
	free(h);
}

static const enum action help_bar[] = {ACT_UP, ACT_DOWN, ACT_PGDN, ACT_BACK, ACT_NONE};

static const struct screen_ops help_ops = {
	.title = help_title,
	.draw = help_draw,
	.key = help_key,
	.destroy = help_destroy,
	.bar = help_bar,
};

struct screen *help_new(struct tui *t)
{
	struct help *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->s.ops = &help_ops;
	tv_init(&h->tv);
	help_build(t, h);
	return &h->s;
}
