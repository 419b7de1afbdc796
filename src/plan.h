/* plan.h — the flare-up plan: what the person writes while calm, to read
 * when a flare-up comes. Seven parts of free text, stored in plan.yaml in
 * the diary's folder (0600), saved atomically, never over a file it
 * cannot parse.
 *
 * The file: a "version: 1" line, then one key per part (the ids below),
 * each a YAML string (a double-quoted scalar when backcare writes it; a
 * block scalar "|" written by hand reads as well). A missing file is an
 * empty plan. Unknown keys, a newer version, a value that is not text:
 * "file:line:column: what", p->readonly = 1, and plan_save refuses.
 *
 * Owns: struct plan and its strings (malloc'd; NULL for an empty part).
 * No screen, no global state. */
#ifndef BACKCARE_PLAN_H
#define BACKCARE_PLAN_H

#include <stddef.h>

#include "diag.h"

struct diary;

enum plan_part {
	PLAN_SIGNS,     /* early signs of a flare-up */
	PLAN_EASE,      /* what to ease off */
	PLAN_KEEP,      /* what to keep doing */
	PLAN_HELPED,    /* what helped before */
	PLAN_MEDS,      /* medicines as agreed with a clinician */
	PLAN_CALL,      /* who to call */
	PLAN_CHECKLIST, /* when to use the red-flag checklist */
	PLAN_NPARTS
};

struct plan_part_info {
	const char *id;      /* key in plan.yaml; never renamed */
	const char *heading; /* N_() */
	const char *hint;    /* N_(): what to write there */
};
extern const struct plan_part_info plan_parts[PLAN_NPARTS];

#define PLAN_TEXT_MAX 4096 /* bytes per part */

struct plan {
	char *text[PLAN_NPARTS]; /* NULL or non-empty UTF-8 */
	/* A15: from plan_load, the part exactly as written in the file when
	 * that differs from text (spaces or line breaks around it), else
	 * NULL; plan_save writes a part whose text is unchanged as it was. */
	char *raw[PLAN_NPARTS];
	int readonly; /* the file could not be read or parsed */
	int exists;   /* a file was there */
};

/* "<folder of diary_path>/plan.yaml" (malloc'd), or NULL. */
char *plan_path(const char *diary_path);
/* Loads path into p (zeroed first). Missing: an empty plan, 0. Broken:
 * diagnostics, p->readonly, -EINVAL (p holds nothing). */
int plan_load(struct plan *p, const char *path, struct diags *dg);
/* Parses from memory (tests, fuzzing); name is used in diagnostics. */
int plan_parse(struct plan *p, const char *name, const char *buf, size_t len, struct diags *dg);
/* Writes p to path atomically (0600; the folder 0700 if it is made).
 * Refuses (-EROFS, with a diagnostic) when the file there now cannot be
 * parsed, so a hand edit with a typo is never lost. */
int plan_save(const struct plan *p, const char *path, struct diags *dg);
/* The same for the plan of an encrypted diary (seal.h): key is the
 * diary's (NULL for a plain diary). A sealed plan.yaml is decrypted whole
 * and parsed; without the key, or if it does not decrypt, it is refused
 * like a broken file (p->readonly, nothing written). With a key every save
 * seals the plan (a plain one is sealed on its first save). */
struct seal_key;
int plan_load_key(struct plan *p, const char *path, struct seal_key *key, struct diags *dg);
int plan_save_key(const struct plan *p, const char *path, struct seal_key *key, struct diags *dg);
/* diary encrypt / decrypt / passphrase (C2: the diary and the plan are
 * two files, and a kill between their rewrites must leave a pair that
 * can be repaired): first plan_reseal_prepare writes the plan at path (if
 * any; read with old) sealed with key (NULL: plain) to "<path>.next"
 * (0600, atomically); then the diary is rewritten; then
 * plan_reseal_commit renames "<path>.next" over path. plan_recover, run
 * before the plan is read, finishes or undoes an interrupted change: a
 * "<path>.next" that opens with the diary's state now (sealed with key,
 * or plain beside a plain diary) is renamed over path; one that does not
 * is removed when path itself opens so; else both are kept (a warning).
 * It does nothing for a sealed diary without its key. prepare returns 1
 * when it wrote "<path>.next" (then commit is due), 0 when there is no
 * plan, or -errno (nothing written). */
int plan_reseal_prepare(const char *path, struct seal_key *old, struct seal_key *key,
                        struct diags *dg);
int plan_reseal_commit(const char *path, struct diags *dg);
/* Both at once (the plan alone: tests). */
int plan_reseal(const char *path, struct seal_key *old, struct seal_key *key, struct diags *dg);
/* may_undo 0 (any reader): finishes a change (roll forward), but undoes
 * one only when plan.yaml.next is over a minute old — another backcare may
 * be between its prepare and its commit, and undoing its plan.yaml.next
 * then would split the pair. encrypt / decrypt / passphrase themselves
 * (under way alone: may_undo 1) undo before they start. */
int plan_recover(const char *path, const char *diary_path, struct seal_key *key, int may_undo,
                 struct diags *dg);
/* Sets part i to s (copied; "" or blanks only clears it). -EINVAL if s
 * is not valid UTF-8 or longer than PLAN_TEXT_MAX. */
int plan_set(struct plan *p, int i, const char *s);
void plan_free(struct plan *p);
/* 1 if every part is empty. */
int plan_empty(const struct plan *p);

/* The "helped" choices of the diary, most often first, as translated
 * labels with counts ("Heat (12), Walking (8)"), leaving out "nothing
 * helped": a starting point for PLAN_HELPED. Returns the length (0 when
 * the diary records none). */
size_t plan_helped_suggestion(const struct diary *d, char *buf, size_t size);

#endif
