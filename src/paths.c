/* paths.c — finding content, catalogs, the diary and the settings. */
#include "paths.h"

#include "atomic.h"
#include "plan.h"

#include <errno.h>
#include <pwd.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BACKCARE_DATADIR
#define BACKCARE_DATADIR "/usr/local/share/backcare"
#endif
#ifndef BACKCARE_LOCALEDIR
#define BACKCARE_LOCALEDIR "/usr/local/share/locale"
#endif

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);
	if (!s)
		return NULL;
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory holding the running binary, or NULL. */
static char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return strdup(buf);
}

/* Run from the build tree (build/backcare) the content is ../content. */
char *paths_content_root(void)
{
	char *dir = exe_dir();
	if (dir) {
		char *c = join(dir, "../content");
		free(dir);
		if (c && is_dir(c))
			return c;
		free(c);
	}
	return strdup(BACKCARE_DATADIR "/content");
}

char *paths_locale_dir(void)
{
	char *dir = exe_dir();
	if (dir) {
		char *c = join(dir, "locale");
		free(dir);
		if (c && is_dir(c))
			return c;
		free(c);
	}
	return strdup(BACKCARE_LOCALEDIR);
}

/* The home folder: $HOME when it is an absolute path, else the password
 * database's; NULL when neither has one (never the current folder). */
static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return home;
	struct passwd *pw = getpwuid(geteuid());
	if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
		return pw->pw_dir;
	return NULL;
}

/* XDG base directory: the variable if it is an absolute path, else
 * home/fallback (XDG says relative values are to be ignored). NULL when
 * there is no home folder. */
static char *xdg(const char *var, const char *fallback, const char *leaf)
{
	const char *v = getenv(var);
	char *base, *r;

	if (v && v[0] == '/') {
		base = strdup(v); /* made if missing, as XDG says */
	} else {
		const char *home = home_dir();
		if (!home || !is_dir(home))
			return NULL; /* B4: a home is never made (paths_missing_root) */
		base = join(home, fallback);
	}
	if (!base)
		return NULL;
	r = join(base, leaf);
	free(base);
	return r;
}

char *paths_missing_root(const char *var)
{
	const char *v = getenv(var);
	if (v && v[0] == '/')
		return NULL; /* an XDG folder that is set is made if missing */
	const char *root = home_dir();
	return root && !is_dir(root) ? strdup(root) : NULL;
}

char *paths_diary(void)
{
	return xdg("XDG_DATA_HOME", ".local/share", "backcare/diary.yaml");
}

char *paths_config(void)
{
	return xdg("XDG_CONFIG_HOME", ".config", "backcare/config.yaml");
}

char *paths_lang_content(const char *root, const char *code)
{
	char *cards = join(root, "cards");
	int is_lang = cards && is_dir(cards);
	free(cards);
	if (!is_lang) {
		char *cl = join(root, "checklist.yaml");
		is_lang = cl && access(cl, F_OK) == 0;
		free(cl);
	}
	return is_lang ? strdup(root) : join(root, code);
}

int paths_mkdirs(const char *dir, unsigned mode)
{
	char buf[PATH_MAX];
	size_t n = strlen(dir);
	int created = 0;

	if (n == 0 || n >= sizeof buf)
		return -ENAMETOOLONG;
	memcpy(buf, dir, n + 1);
	for (char *p = buf + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			created = mkdir(buf, mode) == 0;
			if (!created && errno != EEXIST)
				return -errno;
			/* mkdir's mode is filtered by the umask: set it on every
			 * folder we made, not only the last (faults suite: under
			 * umask 0277 a parent made 0500 locked out its child). */
			if (created && chmod(buf, mode) != 0)
				return -errno;
			*p = c;
			if (!c)
				break;
		}
	}
	/* (A folder the user made is left as they made it.) */
	return is_dir(dir) ? 0 : -ENOTDIR;
}

/* --- the files backcare keeps (A9) --------------------------------------- */

/* The real folder of p (symlinks followed) and its last name. 0 or -1. */
static int real_name(const char *p, char *dir, size_t dsz, const char **base)
{
	char *t = atomic_target(p);
	if (!t)
		return -1;
	char *slash = strrchr(t, '/');
	const char *d = slash ? (slash == t ? "/" : t) : ".";
	if (slash)
		*slash = '\0';
	char rd[PATH_MAX];
	int r = realpath(d, rd) ? 0 : -1;
	if (!r) {
		snprintf(dir, dsz, "%s", rd);
		static char b[NAME_MAX + 1];
		snprintf(b, sizeof b, "%s", slash ? slash + 1 : t);
		*base = b;
	}
	free(t);
	return r;
}

/* Whether a and b name the same file: one inode, or (when a does not
 * exist yet) the same name in the same real folder. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (!a || !b)
		return 0;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char da[PATH_MAX], db[PATH_MAX];
	const char *ba, *bb;
	if (real_name(a, da, sizeof da, &ba) < 0)
		return 0;
	char bac[NAME_MAX + 1];
	snprintf(bac, sizeof bac, "%s", ba);
	if (real_name(b, db, sizeof db, &bb) < 0)
		return 0;
	return !strcmp(da, db) && !strcmp(bac, bb);
}

int paths_is_kept_file(const char *candidate, const char *diary, const char *config)
{
	if (!candidate || !*candidate)
		return 0;
	char *t = diary ? atomic_target(diary) : NULL;
	char *lock = t ? malloc(strlen(t) + 6) : NULL;
	char *plan = diary ? plan_path(diary) : NULL;
	char *cfg = config ? strdup(config) : paths_config();
	int kept = 0;
	if (lock)
		sprintf(lock, "%s.lock", t);
	kept = same_file(candidate, diary) || same_file(candidate, lock) ||
	       same_file(candidate, plan) || same_file(candidate, cfg);
	/* a torn record's side file, a comments copy (the diary's or, B7, the
	 * plan's), or a temporary file */
	const char *fam[2] = {t, plan};
	for (int f = 0; f < 2 && !kept; f++) {
		char dc[PATH_MAX], dt[PATH_MAX];
		const char *bc, *bt;
		char bcc[NAME_MAX + 1];
		if (fam[f] && real_name(candidate, dc, sizeof dc, &bc) == 0) {
			snprintf(bcc, sizeof bcc, "%s", bc);
			if (real_name(fam[f], dt, sizeof dt, &bt) == 0 && !strcmp(dc, dt)) {
				size_t n = strlen(bt);
				char nx[NAME_MAX + 8];
				snprintf(nx, sizeof nx, "%s.next", bt); /* C2 */
				kept =
				    (!strncmp(bcc, bt, n) && (!strncmp(bcc + n, ".torn-", 6) ||
				                              !strncmp(bcc + n, ".comments-", 10) ||
				                              !strcmp(bcc + n, ".next"))) ||
				    atomic_is_temp_of(bcc, bt) || atomic_is_temp_of(bcc, nx);
			}
		}
	}
	free(t);
	free(lock);
	free(plan);
	free(cfg);
	return kept;
}
