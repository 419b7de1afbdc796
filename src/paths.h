/* paths.h — where backcare's files live: the bundled content and
 * catalogs (next to the binary when run from the build tree, else the
 * installed data directory), the diary and the settings (XDG). */
#ifndef BACKCARE_PATHS_H
#define BACKCARE_PATHS_H

/* Each returns a malloc'd path (NULL on out of memory). */
char *paths_content_root(void); /* holds en/, zh_CN/, ar/ */
char *paths_locale_dir(void);
/* B4: without the XDG variable, the default paths are NULL when the home
 * folder does not exist: backcare makes its own folders below an existing
 * home, never a home itself. The home's name (malloc'd) when it is the
 * one missing, else NULL. */
char *paths_missing_root(const char *var);
char *paths_diary(void);  /* $XDG_DATA_HOME/backcare/diary.yaml */
char *paths_config(void); /* $XDG_CONFIG_HOME/backcare/config.yaml */

/* The content directory for one language: root/code, or root itself when
 * root is already a language directory (has cards/ or checklist.yaml). */
char *paths_lang_content(const char *root, const char *code);

/* mkdir -p with mode for every missing component (existing ones are left
 * as they are). Returns 0 or -errno. */
int paths_mkdirs(const char *dir, unsigned mode);

/* Whether candidate names one of the files backcare keeps for the diary
 * at diary: the diary, its lock, the flare-up plan beside it, a torn
 * record's side file, a temporary file of a save, or the settings (config,
 * or the default settings file when NULL). An export or a report written
 * there would replace the person's data: callers refuse (A9). */
int paths_is_kept_file(const char *candidate, const char *diary, const char *config);

#endif
