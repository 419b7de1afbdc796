/* unlock.c — the passphrase prompt at start when the diary is encrypted:
 * nothing echoed, three tries, then the app opens without the diary (the
 * cards and the checklist work) and says so. */
#include "tui.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

#include "diary.h"
#include "passphrase.h"
#include "seal.h"

#define TRIES 3

static void draw_prompt(struct tui *t, const char *problem, int typed)
{
	int w = t->cols - 4, y = 1;
	getmaxyx(stdscr, t->rows, t->cols);
	w = t->cols - 4;
	erase();
	draw_text(0, 0, t->cols, "backcare", t->dir, tui_attr(ROLE_HEADER) | A_BOLD);
	if (w < 10 || t->rows < 8) {
		draw_text(1, 0, t->cols, _("Please enlarge the terminal."), t->dir, A_NORMAL);
		refresh();
		return;
	}
	y += 1;
	y += draw_par(y, 2, w, 2, _("Your diary is encrypted."), t->dir,
	              tui_attr(ROLE_HEADING) | A_BOLD);
	y += draw_par(y, 2, w, 3,
	              _("Type its passphrase and press Enter. What you type is not shown. "
	                "Esc opens backcare without the diary."),
	              t->dir, A_NORMAL);
	y++;
	char line[128];
	snprintf(line, sizeof line, "%s %s", _("Passphrase:"), typed ? "…" : "");
	draw_text(y, 2, w, line, t->dir, tui_attr(ROLE_SELECTED));
	y += 2;
	if (problem && y < t->rows - 1)
		draw_par(y, 2, w, t->rows - 1 - y, problem, t->dir, tui_attr(ROLE_ERROR) | A_BOLD);
	refresh();
}

static void draw_busy(struct tui *t)
{
	erase();
	draw_text(0, 0, t->cols, "backcare", t->dir, tui_attr(ROLE_HEADER) | A_BOLD);
	draw_par(2, 2, t->cols - 4, 2, _("Opening the diary…"), t->dir, A_NORMAL);
	refresh();
}

/* Reads one passphrase; 1 on Enter, 0 on Esc, -1 on a signal. */
static int read_pass(struct tui *t, struct pass *p, const char *problem)
{
	p->n = 0;
	draw_prompt(t, problem, 0);
	for (;;) {
		wint_t ch;
		int r = get_wch(&ch);
		if (tui_signalled())
			return -1;
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES) {
			if (ch == KEY_RESIZE)
				draw_prompt(t, problem, p->n > 0);
			else if (ch == KEY_BACKSPACE && p->n > 0) {
				do /* a whole UTF-8 character */
					p->n--;
				while (p->n > 0 && ((unsigned char)p->s[p->n] & 0xc0) == 0x80);
				draw_prompt(t, problem, p->n > 0);
			} else if (ch == KEY_ENTER) {
				return 1;
			}
			continue;
		}
		if (ch == 27)
			return 0;
		if (ch == '\r' || ch == '\n')
			return 1;
		if (ch == 127 || ch == 8) {
			if (p->n > 0) {
				do
					p->n--;
				while (p->n > 0 && ((unsigned char)p->s[p->n] & 0xc0) == 0x80);
			}
			draw_prompt(t, problem, p->n > 0);
			continue;
		}
		if (ch == 21) { /* Ctrl-U */
			p->n = 0;
			draw_prompt(t, problem, 0);
			continue;
		}
		if (ch < 32)
			continue;
		char mb[8];
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t k = wcrtomb(mb, (wchar_t)ch, &st);
		if (k == (size_t)-1 || p->n + k > PASS_MAX)
			continue;
		memcpy(p->s + p->n, mb, k);
		p->n += k;
		sodium_memzero(mb, sizeof mb);
		if (p->n == k)
			draw_prompt(t, problem, 1);
	}
}

/* Without the key: the diary opened now, read-only with its reason (so
 * that message comes before ours), and nothing "due" claimed from it. */
static void locked(struct tui *t)
{
	t->diary_locked = 1;
	tui_diary(t);
}

void tui_unlock(struct tui *t)
{
	struct app_opts *o = t->o;
	char problem[512] = "";
	if (o->key || diary_sealed_state(o->diary_path) != 1 || seal_init() < 0)
		return;
	seal_protect_process();
	struct pass p = {0};
	if (o->passphrase_file) { /* scripts: no prompt, one try */
		struct diags dg = {0};
		char err[512];
		if (pass_from_file(o->passphrase_file, &p, err, sizeof err) == 0) {
			diary_unlock(o->diary_path, p.s, p.n, &o->key, &dg);
			pass_free(&p);
		}
		diags_free(&dg);
		if (!o->key)
			locked(t); /* the diary screen says why */
		return;
	}
	p.s = sodium_malloc(PASS_MAX + 2);
	if (!p.s)
		return;
	for (int tries = 0; tries < TRIES;) {
		int r = read_pass(t, &p, problem[0] ? problem : NULL);
		if (r <= 0) {
			sodium_free(p.s);
			if (r == 0) {
				locked(t);
				tui_message(
				    t, ROLE_SOON, "%s",
				    _("The diary stays locked; the cards and the checklist work."));
			}
			return;
		}
		draw_busy(t);
		struct diags dg = {0};
		p.s[p.n] = '\0';
		r = diary_unlock(o->diary_path, p.s, p.n, &o->key, &dg);
		diags_free(&dg);
		sodium_memzero(p.s, PASS_MAX + 2);
		if (r == 0) {
			sodium_free(p.s);
			return;
		}
		if (r != -EACCES) {
			/* damaged, truncated, a newer format: retyping won't help;
			 * the diary screen names the problem */
			break;
		}
		tries++;
		int left = TRIES - tries;
		snprintf(problem, sizeof problem,
		         ngettext("Wrong passphrase. %d try left.",
		                  "Wrong passphrase. %d tries left.", left),
		         left);
	}
	sodium_free(p.s);
	locked(t);
	tui_message(t, ROLE_ERROR, "%s",
	            _("The diary could not be opened: it stays locked. The cards and the checklist "
	              "work; restart backcare to try again."));
}
