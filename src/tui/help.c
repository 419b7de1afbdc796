/* help.c — the help screen: the keys of the screen it was asked on, then
 * the others (each saying where it works), the command line, what
 * backcare is and its files; drawn from the same action table as the
 * function bar. */
#include "tui.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct help {
	struct screen s;
	struct textview tv;
	int lang;                /* language the text was built in */
	const struct screen *of; /* the screen help was asked on */
};

/* What the home screen and screens without their own list take besides
 * their bar: moving, searching, help, quitting. */
static const enum action common[] = {ACT_UP,   ACT_DOWN, ACT_SEARCH, ACT_HELP,
                                     ACT_BACK, ACT_QUIT, ACT_EXIT,   ACT_NONE};

static const enum action *screen_keys(const struct screen *s)
{
	if (!s)
		return NULL;
	if (s->keys)
		return s->keys;
	if (s->ops->keys)
		return s->ops->keys;
	return s->bar ? s->bar : s->ops->bar;
}

static int in(const enum action *v, enum action a)
{
	for (int i = 0; v && v[i] != ACT_NONE; i++)
		if (v[i] == a)
			return 1;
	return 0;
}

/* A key name for a right-to-left line. Symbols and punctuation have no
 * direction: at the start of "↑/k" or "^S" the bidi algorithm puts them
 * after the letter ("k/↑", "S^"). Written letter first with the symbols
 * reversed after it, the line shows the name as the function bar does. */
static const char *rtl_keyname(const char *kn, char *buf, size_t size)
{
	size_t pre = 0;

	for (;;) {
		unsigned char c = (unsigned char)kn[pre];
		if (c && c < 0x80 && !isalnum(c))
			pre++;
		else if (!strncmp(kn + pre, "\xe2\x86", 2) && (unsigned char)kn[pre + 2] >= 0x90 &&
		         (unsigned char)kn[pre + 2] <= 0x93)
			pre += 3; /* ← ↑ → ↓ */
		else
			break;
	}
	if (!pre || !kn[pre] || size < strlen(kn) + 1)
		return kn;
	char *p = stpcpy(buf, kn + pre);
	for (size_t i = pre; i > 0;) { /* the symbols, last first */
		size_t st = i - 1;
		while (st > 0 && ((unsigned char)kn[st] & 0xc0) == 0x80)
			st--;
		memcpy(p, kn + st, i - st);
		p += i - st;
		i = st;
	}
	*p = '\0';
	return buf;
}

/* "key    what it does": the keys in a fixed column, the same in every
 * language (in Arabic the key column is on the right). */
static void key_line(struct help *h, enum text_dir d, enum action a, int where)
{
	const struct action_info *ai = &tui_actions[a];
	const char *kn = ai->keyname;
	char buf[512], swapped[64];
	int pad = 12 - text_width(kn);

	if (d == TEXT_RTL)
		kn = rtl_keyname(kn, swapped, sizeof swapped);
	if (where && ai->where)
		/* TRANSLATORS: a key's help line and the screens it works on,
		 * e.g. "Averages, worst days and trends (Diary)". */
		snprintf(buf, sizeof buf, _("%s%*s %s (%s)"), kn, pad > 0 ? pad : 0, "",
		         _(ai->help), _(ai->where));
	else
		snprintf(buf, sizeof buf, "%s%*s %s", kn, pad > 0 ? pad : 0, "", _(ai->help));
	tv_add(&h->tv, ROLE_NORMAL, 2, 13, -1, d, buf);
}

static void help_build(struct tui *t, struct help *h)
{
	const enum action *mine = screen_keys(h->of);
	const char *name =
	    h->of && h->of->ops->title ? h->of->ops->title(t, (struct screen *)h->of) : NULL;
	char buf[512];
	enum text_dir d = t->dir;

	tv_free(&h->tv);
	h->lang = t->lang;
	/* the keys of the screen help was asked on come first */
	snprintf(buf, sizeof buf, _("Keys on this screen: %s"), name ? name : _("Home"));
	tv_add(&h->tv, ROLE_HEADING, 0, 0, -1, d, buf);
	for (int i = 0; mine && mine[i] != ACT_NONE; i++)
		key_line(h, d, mine[i], 0);
	for (int i = 0; common[i] != ACT_NONE; i++)
		if (!in(mine, common[i]) && !(common[i] == ACT_BACK && h->of && !h->of->below))
			key_line(h, d, common[i], 0); /* Esc does nothing on the home screen */
	tv_add(&h->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	tv_add(&h->tv, ROLE_HEADING, 0, 0, -1, d, _("Keys on other screens"));
	for (int a = 1; a < ACT_COUNT; a++)
		if (!in(mine, (enum action)a) && !in(common, (enum action)a))
			key_line(h, d, (enum action)a, 1);
	tv_add(&h->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	tv_add(&h->tv, ROLE_HEADING, 0, 0, -1, d, _("On the command line"));
	tv_add(&h->tv, ROLE_NORMAL, 0, 0, -1, d,
	       _("The same cards and diary work without the full screen (see 'man backcare'):"));
	static const char *const cmds[][2] = {
	    {"backcare search WORDS", N_("find cards")},
	    {"backcare show ID", N_("print a card")},
	    {"backcare report", N_("a summary of the diary for a clinician")},
	    {"backcare report --pdf FILE", N_("the same as a printable page")},
	    {"backcare diary export --format csv --output FILE", N_("the diary as a spreadsheet")},
	    {"backcare --help", N_("every command")},
	};
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
		snprintf(buf, sizeof buf, "%s — %s", cmds[i][0], _(cmds[i][1]));
		tv_add(&h->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	}
	tv_add(&h->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	tv_add(&h->tv, ROLE_HEADING, 0, 0, -1, d, _("About backcare"));
	tv_add(
	    &h->tv, ROLE_NORMAL, 0, 0, -1, d,
	    _("backcare is a private companion for back pain, with particular care for back pain "
	      "linked to sex and back pain after a miscarriage. It offers short cards you can "
	      "trust, "
	      "a checklist that tells you how soon to see a doctor, and a pain diary you can chart "
	      "and show to a clinician."));
	tv_add(&h->tv, ROLE_NORMAL, 0, 0, -1, d,
	       _("It does not diagnose and does not replace a doctor. If you are worried now, call "
	         "your local emergency number."));
	tv_add(
	    &h->tv, ROLE_NORMAL, 0, 0, -1, d,
	    _("Nothing leaves this computer: there is no network access, and your diary is a file "
	      "only you can read."));
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
static const enum action help_keys[] = {ACT_UP,  ACT_DOWN,   ACT_PGUP, ACT_PGDN,
                                        ACT_TOP, ACT_BOTTOM, ACT_BACK, ACT_NONE};

static const struct screen_ops help_ops = {
    .title = help_title,
    .draw = help_draw,
    .key = help_key,
    .destroy = help_destroy,
    .bar = help_bar,
    .keys = help_keys,
};

struct screen *help_new(struct tui *t)
{
	struct help *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->s.ops = &help_ops;
	h->of = t->top;
	tv_init(&h->tv);
	help_build(t, h);
	return &h->s;
}
