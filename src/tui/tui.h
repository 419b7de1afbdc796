/* tui.h — the full-screen front end's shared parts: the app struct, the
 * screen stack, actions and their keys, colour roles, drawing helpers and
 * the widgets (list box, text view, line editor). Only src/tui/ includes
 * curses.h.
 *
 * A screen is a struct whose first member is struct screen; its ops draw
 * the body (rows t->body_y .. t->body_y + t->body_h - 1) and handle
 * actions. The loop erases and redraws the whole frame after every key and
 * lets ncurses send only the cells that changed (htop's rule: a cursor
 * move repaints two rows), never clear(). Screens lay out in logical
 * coordinates and mirror with tui_mx() when the language is RTL. */
#ifndef BACKCARE_TUI_H
#define BACKCARE_TUI_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stdbool.h>
#include <wchar.h>

#include "opts.h"
#include "config.h"
#include "content.h"
#include "i18n.h"
#include "text.h"

/* --- actions: one table gives keys, the function bar and the help ----- */
enum action {
	ACT_NONE,
	ACT_UP,
	ACT_DOWN,
	ACT_LEFT,
	ACT_RIGHT,
	ACT_PGUP,
	ACT_PGDN,
	ACT_TOP,
	ACT_BOTTOM,
	ACT_OPEN,
	ACT_BACK,
	ACT_QUIT,
	ACT_HELP,
	ACT_SEARCH,
	ACT_NEXT,
	ACT_PREV,
	ACT_TICK,
	ACT_ADD,
	ACT_EDIT,
	ACT_DELETE,
	ACT_SAVE,
	ACT_NEXT_FIELD,
	ACT_PREV_FIELD,
	ACT_CHART,
	ACT_STATS,
	ACT_PERIOD,
	ACT_CLEAR,
	ACT_LINK_BACK,
	ACT_REPORT,
	ACT_SAVE_VERDICT, /* 's' on the verdict screen (Stats elsewhere) */
	ACT_RESULT,       /* Enter on the checklist: the key lookup gives Enter to Open */
	ACT_CHECKIN,      /* 'w': the weekly check-in */
	ACT_EXPORT,       /* 'x' in the diary (Tick elsewhere: read as raw key) */
	ACT_EXIT,         /* F10: quit from any screen (htop, mc) */
	ACT_PLAN_CARD,    /* 'c' in the plan: its card (Chart elsewhere: raw key) */
	ACT_COUNT
};

struct action_info {
	enum action act;
	int keys[6];         /* characters or KEY_* codes; 0 ends the list */
	const char *keyname; /* shown as is, never translated: "Enter", "/" */
	const char *label;   /* N_(): short label for the function bar */
	const char *help;    /* N_(): one line for the help screen */
	const char *where;   /* N_(): the screens it works on, for help's
	                        "other keys" (NULL: everywhere or obvious) */
};
extern const struct action_info tui_actions[ACT_COUNT];

/* The action a key stands for (ACT_NONE if none). is_keycode is 1 for
 * KEY_* codes from get_wch. */
enum action tui_action_for(wint_t ch, int is_keycode);

/* --- colour roles (monochrome attributes too: urgency never rests on
 * colour alone) ---------------------------------------------------------- */
enum role {
	ROLE_NORMAL,
	ROLE_HEADER,
	ROLE_BAR_KEY,
	ROLE_BAR_LABEL,
	ROLE_SELECTED,
	ROLE_HEADING,
	ROLE_DIM,
	ROLE_MATCH,
	ROLE_EMERGENCY,
	ROLE_URGENT,
	ROLE_SOON,
	ROLE_OK,
	ROLE_ERROR,
	ROLE_LINK,
	ROLE_TITLE,
	ROLE_COUNT
};
attr_t tui_attr(enum role r);

/* --- screens ------------------------------------------------------------ */
struct tui;
struct screen;

struct screen_ops {
	/* Header title (translated); NULL for the app name. */
	const char *(*title)(struct tui *t, struct screen *s);
	void (*draw)(struct tui *t, struct screen *s);
	/* Returns 1 if handled. Unhandled ACT_BACK/ACT_QUIT pop the screen,
	 * ACT_HELP opens help. ch/is_keycode are the raw key (text input). */
	int (*key)(struct tui *t, struct screen *s, enum action a, wint_t ch, int is_keycode);
	void (*destroy)(struct screen *s);
	/* The function bar: actions shown, ACT_NONE-terminated. */
	const enum action *bar;
	/* Optional: every action the screen takes, for help (else the bar). */
	const enum action *keys;
	/* Optional: where the terminal cursor goes (text input); return 0 to
	 * hide it. */
	int (*cursor)(struct tui *t, struct screen *s, int *y, int *x);
};

struct screen {
	const struct screen_ops *ops;
	struct screen *below;
	const enum action *bar;  /* overrides ops->bar when set (modes) */
	const enum action *keys; /* overrides ops->keys when set (modes) */
};

struct diary; /* src/diary.h */

struct tui {
	struct app_opts *o;
	struct config *cfg;
	int lang, rtl;
	enum text_dir dir; /* TEXT_RTL for Arabic UI strings, else TEXT_LTR */

	/* content of the current language, loaded on first use */
	int content_loaded;
	struct card_set cards;
	struct checklist checklist;
	struct diags content_diags;

	struct diary *diary; /* opened on first use by the diary screens */
	int frames;          /* frames drawn: 0 until the first is up */
	int later;           /* a screen left something out of the first
	                        frame to keep it fast: one more frame */

	struct screen *top;
	int rows, cols;     /* terminal size */
	int body_y, body_h; /* rows between header and function bar */
	int too_small;

	char msg[512]; /* one-line message above the function bar */
	enum role msg_role;
	int quit;
	int exit_status;
	long long now;    /* clock, refreshed once per key (tests inject) */
	int diary_locked; /* encrypted, and no passphrase was given */
};

void tui_push(struct tui *t, struct screen *s);
void tui_pop(struct tui *t);
/* Pops down to the home screen. */
void tui_pop_all(struct tui *t);
/* Shows a one-line message until the next key. */
void tui_message(struct tui *t, enum role r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Loads cards and checklist of the current language (once); load
 * problems become a message. Returns 0 if anything loaded. */
int tui_content(struct tui *t);
/* Switches the UI and content language (Language menu). */
void tui_set_lang(struct tui *t, int lang);

/* Mirrors a span: the x at which a span of width w that starts at logical
 * x (from the left in LTR, from the right in RTL) is drawn. */
int tui_mx(const struct tui *t, int x, int w);

/* Drops an incomplete UTF-8 sequence from the end of s: what snprintf
 * leaves when it cuts data in the middle of a character (the rest would
 * show as U+FFFD). */
void tui_utf8_trim(char *s);

/* --- drawing helpers: text always goes through the text engine -------- */
/* Blank cells [x, x+w) of row y with attr. */
void draw_fill(int y, int x, int w, attr_t attr);
/* A laid-out line at row y inside [x, x+w): placed at x + l->x, clipped,
 * the rest of the span filled with attr. hl_from/hl_to (byte offsets,
 * hl_to <= hl_from for none) are drawn with hl_attr. */
void draw_line(int y, int x, int w, const struct text_line *l, attr_t attr, int hl_from, int hl_to,
               attr_t hl_attr);
/* One-row text: utf8 cut to w cells, aligned by dir (RTL: right), span
 * filled. Returns the cells drawn. */
int draw_text(int y, int x, int w, const char *utf8, enum text_dir dir, attr_t attr);
/* A paragraph wrapped into rows y.. y+h-1; returns the rows used. */
int draw_par(int y, int x, int w, int h, const char *utf8, enum text_dir dir, attr_t attr);

/* --- list box ----------------------------------------------------------- */
struct listbox {
	int n;
	int sel; /* selected item (never a header), -1 if none */
	int top; /* first visible item */
	void *ud;
	/* The item's text (translated, may be data). buf is scratch space. */
	const char *(*label)(void *ud, int i, char *buf, size_t size);
	/* Optional: 1 for a heading row that cannot be selected. */
	int (*is_header)(void *ud, int i);
	/* Optional: role of an unselected item. */
	enum role (*role)(void *ud, int i);
};
void listbox_init(struct listbox *lb, int n, void *ud,
                  const char *(*label)(void *, int, char *, size_t));
/* Keeps sel valid and visible for a box of h rows. */
void listbox_fix(struct listbox *lb, int h);
void listbox_draw(struct tui *t, struct listbox *lb, int y, int x, int h, int w);
/* Moves on up/down/pgup/pgdn/top/bottom; returns 1 if it handled a. */
int listbox_key(struct listbox *lb, enum action a, int h);
void listbox_select(struct listbox *lb, int i, int h);

/* --- text view: blocks of text laid out for a width, scrolled, searched */
struct tv_block {
	char *text;
	enum role role;
	int indent; /* cells */
	int hang;   /* extra indent of continuation rows (bullets) */
	int link;   /* link number >= 0 for a followable link, else -1 */
	enum text_dir dir;
};
struct tv_row {
	int block;
	struct text_line line;
};
struct tv_match {
	int block, off, len;
};
struct textview {
	struct tv_block *b;
	int nb, capb;
	struct tv_row *rows;
	int nrows, width; /* layout valid for width; 0 = stale */
	int top;
	char *query;
	struct tv_match *m;
	int nm, cur;      /* matches; cur = current match or -1 */
	int nlinks, link; /* selected link or -1 */
};
void tv_init(struct textview *tv);
void tv_free(struct textview *tv);
/* Appends a block (text is copied). */
void tv_add(struct textview *tv, enum role r, int indent, int hang, int link, enum text_dir dir,
            const char *text);
/* Draws rows [y, y+h) in [x, x+w): the text in tv_text_width(w) cells,
 * then a blank column, then the scroll bar (mirrored in RTL) — the bar
 * never touches the text. */
void tv_draw(struct tui *t, struct textview *tv, int y, int x, int h, int w);
int tv_text_width(int w);
/* Scrolling, n/N through matches, Tab through links. Returns 1 if handled. */
int tv_key(struct textview *tv, enum action a, int h);
/* Sets the query (NULL or "" clears) and returns the number of matches;
 * scrolls to the first match. */
int tv_search(struct textview *tv, const char *query, int h);
/* Moves to the next (dir 1) or previous (-1) match; 0 if none. */
int tv_next_match(struct textview *tv, int dir, int h);
void tv_scroll_to_block(struct textview *tv, int block, int h);

/* --- line editor (search prompt, form text fields) ----------------------- */
struct lineedit {
	/* UTF-8, logical order. Room for the longest note or medication the
	 * diary keeps (DIARY_TEXT_MAX, 4096 bytes): a smaller buffer cut a
	 * longer note in half when the entry was edited and saved. */
	char buf[4096 + 1];
	int len, cur; /* bytes; cur is on a character boundary */
};
void le_set(struct lineedit *le, const char *s);
/* Handles typing, Backspace, Delete, Left/Right, Home/End, Ctrl-U.
 * Returns 1 if the text or cursor changed. */
int le_key(struct lineedit *le, wint_t ch, int is_keycode);
/* Draws the text in [x, x+w) of row y and returns the screen column of
 * the cursor. dir: TEXT_AUTO picks the direction from the text, falling
 * back to the UI's; TEXT_LTR for fields such as times. */
int le_draw(struct tui *t, struct lineedit *le, int y, int x, int w, attr_t attr,
            enum text_dir dir);

/* --- screens ------------------------------------------------------------- */
struct screen *home_new(struct tui *t);
struct screen *help_new(struct tui *t);
struct screen *lang_new(struct tui *t);
struct screen *cards_new(struct tui *t);
/* The Cards screen with the search prompt open (`/` from anywhere). */
struct screen *cards_search_new(struct tui *t);
struct screen *checklist_new(struct tui *t);
struct screen *diary_new(struct tui *t);
/* The entry form for a new entry (id NULL) or to edit the entry id. */
struct screen *form_new(struct tui *t, const char *id);
/* A card opened straight in the reader (from the verdict's suggestions);
 * NULL with a message if there is no such card. */
struct screen *card_reader_new(struct tui *t, const char *id);
/* The diary, opened on first use (diary screens own it; closed at exit by
 * tui_diary_close). NULL with a message if it cannot be opened. */
struct diary *tui_diary(struct tui *t);
void tui_diary_close(struct tui *t);
/* unlock.c: asks for the passphrase of an encrypted diary (three tries)
 * and keeps its key in t->o->key; without it the diary opens read-only
 * and says why, and the rest of the app works. */
void tui_unlock(struct tui *t);
/* 1 once SIGINT/SIGTERM/SIGHUP asked the app to stop. */
int tui_signalled(void);

/* Shared by the diary screens (diary.c, form.c, chart.c). */
struct vocab;
/* The diary reloaded if another writer changed it; NULL if none. */
struct diary *tui_diary_sync(struct tui *t);
/* As tui_diary_sync, but NULL with a message when it is read-only. */
struct diary *tui_diary_writable(struct tui *t);
/* After a save: a "Saved: pain 7 at 09:30" message for entry id. */
void tui_diary_saved(struct tui *t, const char *id);
/* A 10-cell pain bar of one-cell characters. */
const char *tui_diary_bar(int pain, char *buf, size_t size);
const char *tui_diary_pain_word(int pain);      /* translated */
const char *tui_diary_verdict_label(int level); /* translated */
/* The colour role of a level (enum level), ROLE_NORMAL for any other value. */
enum role tui_level_role(int level);
/* The translated labels of the ids in mask, joined with " · ". */
size_t tui_diary_labels(const struct vocab *v, int n, unsigned mask, char *buf, size_t size);
/* The places of where, each with its own pain after it where set has its
 * bit ("Lower back (centre) 7, Left hip"); issue 13.5. */
size_t tui_diary_places(unsigned where, unsigned set, const unsigned char *pp, char *buf,
                        size_t size);
/* A text view of the entries idx[0..n-1] of the diary. */
struct screen *tui_diary_view_new(struct tui *t, const char *title, const int *idx, int n);
struct screen *chart_new(struct tui *t);
struct screen *stats_new(struct tui *t);
/* The weekly check-in form (checkin.c); NULL with a message if the diary
 * is read-only. */
struct screen *checkin_new(struct tui *t);
/* The flare-up plan: to read, e to edit (plan.c). */
struct screen *plan_new(struct tui *t);
/* The export prompt of the diary (export.c): a path in the home folder
 * offered, CSV or JSON by its ending. */
struct screen *export_new(struct tui *t);
/* The form for a new entry with the checklist's verdict already set
 * (level: enum level). */
struct screen *form_new_with_verdict(struct tui *t, int level);

#endif
