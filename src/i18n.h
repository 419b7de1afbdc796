/* i18n.h — gettext shorthands and the language/locale setup shared by both
 * front ends. The model modules only mark strings with N_(); the front ends
 * translate them with _() when they show them. */
#ifndef BACKCARE_I18N_H
#define BACKCARE_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* The languages backcare ships, in the order the Language menu shows them. */
enum lang { LANG_EN, LANG_ZH, LANG_AR, LANG_COUNT };

struct lang_info {
	const char *code;   /* "en", "zh_CN", "ar": --lang and content/<code> */
	const char *native; /* the language's own name, never translated */
	int rtl;            /* 1 if the UI is laid out right to left */
};

extern const struct lang_info lang_table[LANG_COUNT];

/* Parses "en", "en_GB.UTF-8", "zh", "zh_CN", "zh_CN.UTF-8", "ar", "ar_EG.UTF-8"...
 * Returns -1 if it names no language backcare has. */
int lang_parse(const char *s);

/* Called once before anything prints: makes LC_CTYPE UTF-8 even where the
 * user's locale is missing (only C.UTF-8 installed), and binds the text
 * domain to localedir. Returns the language the environment asks for
 * (LANG_EN when it names none we have). */
int i18n_init(const char *localedir);

/* Switches gettext to lang for the rest of the run (also while running). */
void i18n_set_lang(int lang);

/* The language currently in use. */
int i18n_lang(void);

#endif
