/* i18n.c — locale and gettext set-up that works on systems with only
 * C.UTF-8 installed (TEXT.md, "Locale and gettext on minimal systems"). */
#include "i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const struct lang_info lang_table[LANG_COUNT] = {
    [LANG_EN] = {"en", "English", 0},
    [LANG_ZH] = {"zh_CN", "中文（简体）", 0},
    [LANG_AR] = {"ar", "العربية", 1},
};

/* glibc's message cache counter: bumping it makes gettext look again after
 * LANGUAGE changes while running. */
extern int _nl_msg_cat_cntr;

static int cur_lang = LANG_EN;

int lang_parse(const char *s)
{
	if (!s || !*s)
		return -1;
	if (!strncasecmp(s, "en", 2) && (!s[2] || strchr("_.@-", s[2])))
		return LANG_EN;
	if (!strncasecmp(s, "zh", 2) && (!s[2] || strchr("_.@-", s[2]))) {
		/* zh_TW / zh_HK ask for Traditional characters we do not ship,
		 * but Simplified still reads better to them than English. */
		return LANG_ZH;
	}
	if (!strncasecmp(s, "ar", 2) && (!s[2] || strchr("_.@-", s[2])))
		return LANG_AR;
	if (!strcmp(s, "C") || !strcmp(s, "POSIX") || !strncmp(s, "C.", 2))
		return LANG_EN;
	return -1;
}

/* The language the environment asks for, in gettext's order of precedence:
 * LANGUAGE (only honoured with a non-C locale), LC_ALL, LC_MESSAGES, LANG. */
static int env_lang(int c_locale)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	const char *language = getenv("LANGUAGE");

	if (language && *language && !c_locale) {
		char first[32];
		size_t n = strcspn(language, ":");
		if (n < sizeof first) {
			memcpy(first, language, n);
			first[n] = '\0';
			int l = lang_parse(first);
			if (l >= 0)
				return l;
		}
	}
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v) {
			int l = lang_parse(v);
			return l >= 0 ? l : LANG_EN;
		}
	}
	return LANG_EN;
}

int i18n_init(const char *localedir)
{
	int c_locale = 0;

	if (!setlocale(LC_ALL, "")) {
		/* The named locale is not generated here: keep its language
		 * for our own catalogs, run on C.UTF-8 for the characters. */
		setlocale(LC_ALL, "C.UTF-8");
	} else {
		const char *msg = setlocale(LC_MESSAGES, NULL);
		c_locale = msg && (!strcmp(msg, "C") || !strcmp(msg, "POSIX"));
	}
	if (strcasecmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	bindtextdomain("backcare", localedir);
	bind_textdomain_codeset("backcare", "UTF-8");
	textdomain("backcare");
	return env_lang(c_locale);
}

void i18n_set_lang(int lang)
{
	static const char *language[LANG_COUNT] = {
	    [LANG_EN] = "en", [LANG_ZH] = "zh_CN:zh", [LANG_AR] = "ar"};
	const char *msg = setlocale(LC_MESSAGES, NULL);

	if (lang < 0 || lang >= LANG_COUNT)
		lang = LANG_EN;
	/* gettext ignores LANGUAGE while LC_MESSAGES is C or POSIX. */
	if (!msg || !strcmp(msg, "C") || !strcmp(msg, "POSIX"))
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", language[lang], 1);
	++_nl_msg_cat_cntr;
	cur_lang = lang;
}

int i18n_lang(void)
{
	return cur_lang;
}
