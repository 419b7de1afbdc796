/* export.c — `x` in the diary: a prompt with a path in the person's home
 * folder already filled in (CSV; Tab switches to JSON), Enter writes the
 * file atomically (0600), the message says where it went. An existing
 * file is replaced only after asking; the diary itself never. */
#include "tui.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "diary.h"
#include "paths.h"

struct exportp {
	struct screen s;
	struct lineedit path;
	int json;
	int asking; /* "replace it? (y/n)" is up */
	int cy, cx;
};

static const enum action export_bar[] = {ACT_OPEN, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

static const char *export_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Export the diary");
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/tmp";
}

/* "~/backcare-diary-2026-11-22.csv" written out. */
static void default_path(struct tui *t, int json, char *buf, size_t size)
{
	int y, m, d;
	diary_civil_from_days(diary_today((time_t)t->now), &y, &m, &d);
	snprintf(buf, size, "%s/backcare-diary-%04d-%02d-%02d.%s", home_dir(), y, m, d,
	         json ? "json" : "csv");
}

/* Swaps the path's ending when the format changes (a name the person
 * typed without .csv/.json is left alone). */
static void set_format(struct exportp *e, int json)
{
	size_t n = strlen(e->path.buf);
	const char *from = e->json ? ".json" : ".csv", *to = json ? ".json" : ".csv";
	size_t fl = strlen(from);
	e->json = json;
	if (n >= fl && !strcmp(e->path.buf + n - fl, from) &&
	    n - fl + strlen(to) < sizeof e->path.buf) {
		char buf[sizeof e->path.buf];
		snprintf(buf, sizeof buf, "%.*s%s", (int)(n - fl), e->path.buf, to);
		le_set(&e->path, buf);
	}
}

static void export_draw(struct tui *t, struct screen *s)
{
	struct exportp *e = (struct exportp *)s;
	int w = t->cols - 4, y = t->body_y + 1;
	char buf[256];

	y += draw_par(y, tui_mx(t, 2, w), w, 3,
	              _("Where should the export go? Enter writes it; Esc goes back."), t->dir,
	              A_NORMAL);
	y++;
	/* a path reads left to right in every language */
	e->cy = y;
	e->cx = le_draw(t, &e->path, y, tui_mx(t, 2, w), w, A_UNDERLINE, TEXT_LTR);
	y += 2;
	snprintf(buf, sizeof buf, _("Format: %s (Tab switches between CSV and JSON)"),
	         e->json ? "JSON" : "CSV");
	draw_text(y++, tui_mx(t, 2, w), w, buf, t->dir, A_BOLD);
	draw_par(y + 1, tui_mx(t, 2, w), w, 4,
	         _("CSV opens in a spreadsheet; JSON suits other programs. The file holds every "
	           "entry and is readable only by you. Weekly check-ins: backcare diary export "
	           "--what checkins."),
	         t->dir, tui_attr(ROLE_DIM));
}

static int export_cursor(struct tui *t, struct screen *s, int *y, int *x)
{
	struct exportp *e = (struct exportp *)s;
	(void)t;
	*y = e->cy;
	*x = e->cx;
	return e->cy > 0;
}

/* Writes the export; the message says where it went or why not. */
static void export_write(struct tui *t, struct exportp *e, int replace)
{
	struct diary *d = tui_diary_sync(t);
	const char *path = e->path.buf;
	struct stat st, ds;
	char *buf = NULL;
	size_t len = 0;

	if (!d)
		return;
	while (*path == ' ')
		path++;
	if (!*path) {
		tui_message(t, ROLE_ERROR, "%s", _("Type where the file should go."));
		return;
	}
	if (paths_is_kept_file(path, t->o->diary_path, t->o->config_path) &&
	    !(stat(path, &st) == 0 && stat(t->o->diary_path, &ds) == 0 && st.st_dev == ds.st_dev &&
	      st.st_ino == ds.st_ino)) {
		tui_message(t, ROLE_ERROR, "%s",
		            _("That is a file backcare keeps (the plan, the lock or the settings): "
		              "choose another name."));
		return;
	}
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			tui_message(t, ROLE_ERROR,
			            _("%s is not a regular file: choose another name."), path);
			return;
		}
		if (stat(t->o->diary_path, &ds) == 0 && st.st_dev == ds.st_dev &&
		    st.st_ino == ds.st_ino) {
			tui_message(t, ROLE_ERROR, "%s",
			            _("That is the diary itself: choose another name."));
			return;
		}
		if (!replace) {
			e->asking = 1;
			tui_message(t, ROLE_SOON, _("%s exists. Replace it? (y/n)"), path);
			return;
		}
	}
	FILE *m = open_memstream(&buf, &len);
	int r = m ? (e->json ? diary_export_json(m, d) : diary_export_csv(m, d)) : -1;
	if (m && fclose(m) != 0)
		r = -1;
	r = r < 0 ? -ENOMEM : atomic_write(path, buf, len, 0600);
	free(buf);
	if (r < 0) {
		tui_message(t, ROLE_ERROR, _("Could not write %s: %s (nothing was changed)"), path,
		            strerror(-r));
		return;
	}
	char where[sizeof e->path.buf];
	int n = d->n;
	snprintf(where, sizeof where, "%s", path);
	tui_pop(t);    /* frees e */
	if (t->o->key) /* the diary is encrypted: this copy is not */
		tui_message(t, ROLE_SOON,
		            ngettext("Exported %d entry to %s, written unencrypted",
		                     "Exported %d entries to %s, written unencrypted", n),
		            n, where);
	else
		tui_message(t, ROLE_OK,
		            ngettext("Exported %d entry to %s", "Exported %d entries to %s", n), n,
		            where);
}

static int export_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct exportp *e = (struct exportp *)s;

	if (e->asking) {
		e->asking = 0;
		if (!kc && (ch == 'y' || ch == 'Y'))
			export_write(t, e, 1);
		else
			tui_message(t, ROLE_NORMAL, "%s",
			            _("Nothing was written: change the name, then Enter."));
		return 1;
	}
	if (a == ACT_OPEN) {
		export_write(t, e, 0);
		return 1;
	}
	if (a == ACT_NEXT_FIELD || a == ACT_PREV_FIELD) {
		set_format(e, !e->json);
		return 1;
	}
	if (!kc && ch == 27) {
		tui_pop(t);
		tui_message(t, ROLE_NORMAL, "%s", _("Nothing was exported."));
		return 1;
	}
	return le_key(&e->path, ch, kc);
}

static void export_destroy(struct screen *s)
{
	free(s);
}

static const struct screen_ops export_ops = {
    .title = export_title,
    .draw = export_draw,
    .key = export_key,
    .destroy = export_destroy,
    .bar = export_bar,
    .cursor = export_cursor,
};

struct screen *export_new(struct tui *t)
{
	struct exportp *e;
	char buf[4096];

	if (!tui_diary_sync(t))
		return NULL;
	e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->s.ops = &export_ops;
	default_path(t, 0, buf, sizeof buf);
	le_set(&e->path, buf);
	return &e->s;
}
