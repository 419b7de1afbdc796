/* tui.c — the app loop: terminal set-up and restore (also on signals), the
 * screen stack, the header, the message line and the function bar. */
#include "tui.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "paths.h"

#define MIN_COLS 40
#define MIN_ROWS 10

void draw_init_colors(int color);

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig; /* the loop sees it within one get_wch timeout */
}

/* Explicit bidi mode and LTR direction so terminals that reorder (VTE)
 * show our visual order as sent; implicit mode again at exit (TEXT.md). */
static void bidi_explicit(int on)
{
	fputs(on ? "\033[8l\033[1 k" : "\033[8h", stdout);
	fflush(stdout);
}

void tui_push(struct tui *t, struct screen *s)
{
	if (!s)
		return;
	s->below = t->top;
	t->top = s;
}

void tui_pop(struct tui *t)
{
	struct screen *s = t->top;
	if (!s || !s->below)
		return;
	t->top = s->below;
	if (s->ops->destroy)
		s->ops->destroy(s);
}

void tui_pop_all(struct tui *t)
{
	while (t->top && t->top->below)
		tui_pop(t);
}

void tui_message(struct tui *t, enum role r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vsnprintf(t->msg, sizeof t->msg, fmt, ap) >= (int)sizeof t->msg)
		tui_utf8_trim(t->msg); /* a long file name or query was cut */
	va_end(ap);
	t->msg_role = r;
}

int tui_mx(const struct tui *t, int x, int w)
{
	return t->rtl ? t->cols - x - w : x;
}

static void content_free(struct tui *t)
{
	if (!t->content_loaded)
		return;
	cards_free(&t->cards);
	checklist_free(&t->checklist);
	diags_free(&t->content_diags);
	t->content_loaded = 0;
}

int tui_content(struct tui *t)
{
	char *dir;

	if (t->content_loaded)
		return t->cards.n || t->checklist.n ? 0 : -1;
	memset(&t->cards, 0, sizeof t->cards);
	memset(&t->checklist, 0, sizeof t->checklist);
	memset(&t->content_diags, 0, sizeof t->content_diags);
	dir = paths_lang_content(t->o->content_dir, lang_table[t->lang].code);
	if (dir) {
		content_load_cards(dir, &t->cards, &t->content_diags);
		content_load_checklist(dir, &t->checklist, &t->content_diags);
		content_check_red_flags(&t->cards, &t->checklist, &t->content_diags);
	}
	free(dir);
	t->content_loaded = 1;
	if (t->content_diags.nerrors)
		tui_message(t, ROLE_ERROR, "%s", t->content_diags.v[0].text);
	return t->cards.n || t->checklist.n ? 0 : -1;
}

void tui_set_lang(struct tui *t, int lang)
{
	i18n_set_lang(lang);
	t->lang = lang;
	t->rtl = lang_table[lang].rtl;
	t->dir = t->rtl ? TEXT_RTL : TEXT_LTR;
	content_free(t);
	tui_pop_all(t);
	t->cfg->lang = lang;
	int err = config_save(t->o->config_path, t->cfg);
	if (err)
		tui_message(t, ROLE_ERROR, _("Could not remember the language in %s: %s"),
		            t->o->config_path, strerror(-err));
	else
		tui_message(t, ROLE_OK, _("Language: %s"), lang_table[lang].native);
}

static void draw_header(struct tui *t)
{
	const char *title = t->top->ops->title ? t->top->ops->title(t, t->top) : NULL;
	char buf[512];
	attr_t a = tui_attr(ROLE_HEADER);

	if (title && *title)
		snprintf(buf, sizeof buf, "backcare · %s", title);
	else
		snprintf(buf, sizeof buf, "backcare · %s", _("a companion for back pain"));
	draw_fill(0, 0, t->cols, a);
	const char *right = _("private · offline");
	int rw = text_width(right);
	if (t->cols - rw - 4 > text_width(buf)) {
		draw_text(0, tui_mx(t, 1, t->cols - rw - 3), t->cols - rw - 3, buf, t->dir, a);
		draw_text(0, tui_mx(t, t->cols - rw - 1, rw), rw, right, t->dir, a);
	} else {
		draw_text(0, 1, t->cols - 2, buf, t->dir, a);
	}
}

/* The function bar: "key label" pairs from the action table, laid from
 * the right in RTL. When they do not all fit, pairs before the last two
 * are left out, so Help and Back always stay. */
static void draw_bar(struct tui *t)
{
	const enum action *bar = t->top->bar ? t->top->bar : t->top->ops->bar;
	int y = t->rows - 1, x = 0, n = 0, w[ACT_COUNT], total = 0;
	char keep[ACT_COUNT];

	draw_fill(y, 0, t->cols, tui_attr(ROLE_BAR_LABEL));
	if (!bar)
		return;
	for (n = 0; bar[n] != ACT_NONE && n < ACT_COUNT; n++) {
		const struct action_info *ai = &tui_actions[bar[n]];
		w[n] = text_width(ai->keyname) + text_width(_(ai->label)) + 3;
		total += w[n];
		keep[n] = 1;
	}
	for (int i = n - 3; i >= 0 && total > t->cols; i--) {
		keep[i] = 0;
		total -= w[i];
	}
	for (int i = 0; i < n; i++) {
		const struct action_info *ai = &tui_actions[bar[i]];
		const char *label = _(ai->label);
		int kw = text_width(ai->keyname), lw = w[i] - kw - 3;
		if (!keep[i] || x + w[i] > t->cols + 1)
			continue;
		draw_text(y, tui_mx(t, x, kw), kw, ai->keyname, TEXT_LTR, tui_attr(ROLE_BAR_KEY));
		draw_text(y, tui_mx(t, x + kw + 1, lw), lw, label, t->dir,
		          tui_attr(ROLE_BAR_LABEL));
		x += w[i];
	}
}

static void draw_frame(struct tui *t)
{
	int y, x, show_cursor = 0;

	erase();
	getmaxyx(stdscr, t->rows, t->cols);
	t->too_small = t->cols < MIN_COLS || t->rows < MIN_ROWS;
	if (t->too_small) {
		char buf[256];
		snprintf(buf, sizeof buf, _("Please enlarge the terminal to at least %d×%d."),
		         MIN_COLS, MIN_ROWS);
		int h = draw_par(0, 0, t->cols, t->rows, buf, t->dir, A_BOLD);
		(void)h;
		curs_set(0);
		refresh();
		return;
	}
	t->body_y = 1;
	t->body_h = t->rows - 2;
	draw_header(t);
	t->top->ops->draw(t, t->top);
	if (t->msg[0])
		draw_text(t->rows - 2, 0, t->cols, t->msg, t->dir, tui_attr(t->msg_role) | A_BOLD);
	draw_bar(t);
	if (t->top->ops->cursor && t->top->ops->cursor(t, t->top, &y, &x)) {
		move(y, x);
		show_cursor = 1;
	}
	curs_set(show_cursor);
	refresh();
}

/* F10 (htop, mc): leave every screen as Esc leaves it, so one holding
 * unsaved work asks first, and the quit stops there. */
static void exit_all(struct tui *t)
{
	for (int guard = 0; guard < 64 && !t->quit; guard++) {
		struct screen *s = t->top;
		if (!s->below) {
			t->quit = 1;
			return;
		}
		t->msg[0] = '\0';
		if (!s->ops->key || !s->ops->key(t, s, ACT_BACK, 27, 0))
			tui_pop(t);
		else if (t->top == s && t->msg[0])
			return; /* it asks ("Discard this entry?") */
	}
}

static void handle_key(struct tui *t, wint_t ch, int is_keycode)
{
	struct screen *s = t->top;
	enum action a = tui_action_for(ch, is_keycode);

	t->msg[0] = '\0';
	t->now = (long long)time(NULL);
	if (a == ACT_EXIT) {
		exit_all(t);
		return;
	}
	if (s->ops->key && s->ops->key(t, s, a, ch, is_keycode))
		return;
	switch (a) {
	case ACT_HELP:
		tui_push(t, help_new(t));
		break;
	case ACT_SEARCH: /* `/` searches the cards from any screen that has no search of its own */
		tui_push(t, cards_search_new(t));
		break;
	case ACT_BACK:
	case ACT_QUIT:
		if (s->below)
			tui_pop(t);
		else if (a == ACT_QUIT)
			t->quit = 1;
		break;
	default:
		break;
	}
}

/* Ctrl-S saves an entry, but with flow control on (IXON, the usual
 * default, which cbreak() leaves alone) the terminal takes it as XOFF and
 * freezes the output. Turn it off in the program mode only: endwin gives
 * the user's setting back. */
static void no_flow_control(void)
{
	struct termios tio;

	if (tcgetattr(STDIN_FILENO, &tio) != 0 || !(tio.c_iflag & IXON))
		return;
	tio.c_iflag &= ~(tcflag_t)IXON;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0)
		def_prog_mode();
}

/* Home and End as terminals really send them. Under tmux or screen with
 * TERM=xterm-256color the terminfo entry says ESC O H, but tmux sends
 * ESC [ 1 ~ / ESC [ 4 ~: unknown to ncurses, the leading ESC was read as
 * Esc (Back) and the rest as keys. The other common spellings (rxvt's
 * ESC [ 7 ~, ESC [ H, ESC O H) are added too; define_key ignores nothing
 * it already knows. */
static void define_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} extra[] = {
	    {"\033[1~", KEY_HOME},  {"\033[4~", KEY_END},    {"\033[7~", KEY_HOME},
	    {"\033[8~", KEY_END},   {"\033[H", KEY_HOME},    {"\033[F", KEY_END},
	    {"\033OH", KEY_HOME},   {"\033OF", KEY_END},     {"\033[5~", KEY_PPAGE},
	    {"\033[6~", KEY_NPAGE}, {"\033[21~", KEY_F(10)},
	};

	for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
		if (key_defined(extra[i].seq) <= 0)
			define_key(extra[i].seq, extra[i].key);
}

int tui_signalled(void)
{
	return got_signal != 0;
}

int tui_run(struct app_opts *o, struct config *cfg)
{
	struct sigaction sa;
	struct tui t;
	SCREEN *scr;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("backcare: the full-screen app needs a terminal; "
		                  "see 'backcare --help' for the commands\n"));
		return 1;
	}
	memset(&t, 0, sizeof t);
	t.o = o;
	t.cfg = cfg;
	t.lang = o->lang;
	t.rtl = lang_table[o->lang].rtl;
	t.dir = t.rtl ? TEXT_RTL : TEXT_LTR;
	t.now = (long long)time(NULL);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal; /* no SA_RESTART: get_wch returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, _("backcare: cannot use this terminal (TERM=%s)\n"),
		        getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	set_term(scr);
	bidi_explicit(1);
	cbreak();
	no_flow_control();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_keys();
	set_escdelay(25);
	timeout(500);
	curs_set(0);
	draw_init_colors(cfg->color);

	tui_unlock(&t);
	tui_push(&t, home_new(&t));
	/* make bench times start-up to the first frame with this (=diary:
	 * to the diary screen, the diary loaded) */
	const char *bench = getenv("BACKCARE_BENCH_FIRST_FRAME");
	if (bench && !strcmp(bench, "diary"))
		tui_push(&t, diary_new(&t));
	draw_frame(&t);
	t.frames = 1;
	if (bench)
		t.quit = 1;
	if (t.later && !t.quit) {
		/* the first frame is up: now what it left out (the home
		 * screen's due lines load the diary) */
		t.later = 0;
		draw_frame(&t);
	}
	while (!t.quit && !got_signal) {
		wint_t ch;
		int r = get_wch(&ch);
		if (r == ERR)
			continue; /* timeout or a signal: look at got_signal */
		if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
			draw_frame(&t);
			continue;
		}
		if (!t.too_small)
			handle_key(&t, ch, r == KEY_CODE_YES);
		else if (ch == 'q' || ch == 27)
			t.quit = 1;
		if (!t.quit)
			draw_frame(&t);
	}
	while (t.top) {
		struct screen *s = t.top;
		t.top = s->below;
		if (s->ops->destroy)
			s->ops->destroy(s);
	}
	tui_diary_close(&t);
	endwin();
	bidi_explicit(0);
	delscreen(scr);
	content_free(&t);
	/* A signal asks us to stop as q does (htop exits 0 on SIGTERM too):
	 * everything is already saved, the terminal is restored. */
	return t.exit_status;
}
