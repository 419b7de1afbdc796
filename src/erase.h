/* erase.h — `backcare diary erase`: every file backcare keeps for a diary
 * and its settings, found first (to show the person), then removed.
 *
 * What counts, for the diary and for plan.yaml beside it: the file (and
 * the symlink that named it), "<file>.lock", the temporary files of a
 * killed save (".<name>.tmp-XXXXXX"), the torn-record copies
 * ("<file>.torn-*"); for the settings: config.yaml and its temporary
 * files; then the folders named "backcare" if that left them empty. Each regular
 * file is overwritten with zeros and synced before it is unlinked: a best
 * effort only (SSDs, copy-on-write filesystems, synced folders and
 * backups keep old blocks; README, Privacy). No terminal, no screen. */
#ifndef BACKCARE_ERASE_H
#define BACKCARE_ERASE_H

#include "diag.h"

struct erase_list {
	char **v; /* paths, each malloc'd */
	int n, cap;
	char **dirs; /* folders to remove if empty afterwards */
	int ndirs;
};

/* Lists the files that exist now. plan_path may be NULL. Returns 0 or
 * -ENOMEM. */
int erase_find(const char *diary_path, const char *plan_path, const char *config_path,
               struct erase_list *l);
/* Removes l->v under the diary's write lock (so no save is half done),
 * then the empty folders. removed[i] is set to 1 for each path removed
 * (the array has l->n slots). Returns 0 or the first -errno, with a
 * diagnostic per file it could not remove. */
int erase_run(const char *diary_path, struct erase_list *l, int *removed, struct diags *dg);
void erase_list_free(struct erase_list *l);

#endif
