/* cli_crypt.c — `backcare diary encrypt|decrypt|passphrase|erase` and the
 * passphrase every other diary command needs when the diary is encrypted. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diary.h"
#include "erase.h"
#include "i18n.h"
#include "passphrase.h"
#include "plan.h"
#include "seal.h"

#define PASS_MIN 8 /* bytes: shorter ones fall to guessing even at 0.5 s a try */
#define TRIES 3

/* The passphrase of --passphrase-file, or asked on the terminal. */
static int get_pass(const struct app_opts *o, const char *file, const char *prompt, struct pass *p)
{
	char err[512];
	if (file) {
		if (pass_from_file(file, p, err, sizeof err) < 0) {
			fprintf(stderr, "backcare: %s\n", err);
			return -1;
		}
		return 0;
	}
	int r = pass_from_tty(prompt, p);
	if (r == -ENXIO)
		fprintf(stderr,
		        _("backcare: there is no terminal to ask for the passphrase of the "
		          "diary %s on: give it with --passphrase-file FILE\n"),
		        o->diary_path);
	return r < 0 ? -1 : 0;
}

static int unlock_tries(struct app_opts *o);
static void recover_plan(struct app_opts *o);

int cli_diary_key(struct app_opts *o)
{
	if (o->key)
		return 0;
	int s = diary_sealed_state(o->diary_path);
	if (s == 0 && o->passphrase_file && !o->sealing && access(o->diary_path, F_OK) == 0) {
		/* A script that passes a passphrase expects a sealed diary:
		 * a plain file there may be a copy put in its place, and the
		 * next save would write the entries in the clear. */
		fprintf(stderr,
		        _("backcare: the diary %s is not encrypted, but a passphrase was "
		          "given: it may have been replaced by a plain copy; nothing was read "
		          "or changed (without --passphrase-file it opens as it is)\n"),
		        o->diary_path);
		return -1;
	}
	if (s == 0)
		recover_plan(o);
	if (s <= 0)
		return 0;       /* plain, missing or unreadable: diary_open says */
	seal_protect_process(); /* before any passphrase is in memory */
	int r = unlock_tries(o);
	if (r < 0)
		fprintf(stderr,
		        _("backcare: the diary %s was not opened: nothing was read or changed\n"),
		        o->diary_path);
	else
		recover_plan(o);
	return r;
}

/* Up to three passphrases from the terminal (echo off from the first
 * prompt to the last, type-ahead included), or one from the file. */
static int unlock_tries(struct app_opts *o)
{
	if (!o->passphrase_file)
		pass_tty_begin();
	int ok = -1;
	for (int i = 0; i < TRIES; i++) {
		struct pass p;
		struct diags dg = {0};
		char *prompt = NULL;
		if (asprintf(&prompt, _("Passphrase for the diary %s: "), o->diary_path) < 0)
			prompt = NULL;
		int r = get_pass(o, o->passphrase_file, prompt ? prompt : "", &p);
		free(prompt);
		if (r < 0)
			break;
		r = diary_unlock(o->diary_path, p.s, p.n, &o->key, &dg);
		pass_free(&p);
		cli_print_diags(&dg);
		diags_free(&dg);
		if (r == 0) {
			ok = 0;
			break;
		}
		if (r != -EACCES || o->passphrase_file)
			break;
	}
	pass_tty_end();
	return ok;
}

void cli_note_unencrypted(const struct app_opts *o, const char *path)
{
	if (o->key)
		fprintf(stderr, _("backcare: written unencrypted to %s\n"), path);
}

static int new_pass_tty(const struct app_opts *o, struct pass *p);

/* A new passphrase: from the file, or typed twice on the terminal. */
static int new_pass(const struct app_opts *o, const char *file, struct pass *p)
{
	if (file)
		return get_pass(o, file, "", p);
	pass_tty_begin();
	int r = new_pass_tty(o, p);
	pass_tty_end();
	return r;
}

static int new_pass_tty(const struct app_opts *o, struct pass *p)
{
	for (int i = 0; i < TRIES; i++) {
		struct pass again;
		if (get_pass(o, NULL, _("New passphrase: "), p) < 0)
			return -1;
		if (p->n < PASS_MIN) {
			fprintf(stderr,
			        ngettext("backcare: a passphrase needs at least %d byte; "
			                 "several words are easy to remember and hard to guess\n",
			                 "backcare: a passphrase needs at least %d bytes; "
			                 "several words are easy to remember and hard to guess\n",
			                 PASS_MIN),
			        PASS_MIN);
			pass_free(p);
			continue;
		}
		if (get_pass(o, NULL, _("The same passphrase again: "), &again) < 0) {
			pass_free(p);
			return -1;
		}
		int same = again.n == p->n && !memcmp(again.s, p->s, p->n);
		pass_free(&again);
		if (same)
			return 0;
		fprintf(stderr, _("backcare: the two passphrases differ; try again\n"));
		pass_free(p);
	}
	return -1;
}

/* The plan, then the diary, sealed with k (NULL: plain). C2: the plan
 * is first written to plan.yaml.next (read first, so one that cannot be
 * read stops everything before the diary changes), then the diary is
 * rewritten, then plan.yaml.next is renamed over plan.yaml: a kill
 * anywhere leaves a pair plan_recover puts right. C6: temporaries a
 * killed rewrite left are removed first, under the lock. */
static int seal_with(struct app_opts *o, struct diary *d, struct seal_key *k)
{
	struct diags dg = {0};
	char *path = plan_path(o->diary_path);
	int r = path ? diary_clean_temps(d, &dg) : -ENOMEM;
	if (r == 0)
		r = plan_recover(path, o->diary_path, o->key, 1, &dg);
	int next = r == 0 ? plan_reseal_prepare(path, o->key, k, &dg) : r;
	r = next < 0 ? next : 0;
	if (r == 0) {
		r = diary_set_sealing(d, k, &dg);
		if (r == 0 && next)
			r = plan_reseal_commit(path, &dg);
		else if (r < 0 && next) /* the diary is as it was: plan.yaml.next goes */
			plan_recover(path, o->diary_path, o->key, 1, &dg);
	}
	cli_print_diags(&dg);
	diags_free(&dg);
	free(path);
	return r;
}

/* C2: plan.yaml.next left by an interrupted encrypt / decrypt /
 * passphrase, finished or undone with the diary's state now. */
static void recover_plan(struct app_opts *o)
{
	struct diags dg = {0};
	char *path = plan_path(o->diary_path);
	if (path) /* a reader: only ever forward (plan.h) */
		plan_recover(path, o->diary_path, o->key, 0, &dg);
	cli_print_diags(&dg);
	diags_free(&dg);
	free(path);
}

static int no_args(const char *cmd, int argc, char **argv)
{
	if (argc > 1) {
		fprintf(stderr, _("backcare %s: unexpected argument '%s'\n"), cmd, argv[1]);
		fprintf(stderr, _("Try 'backcare --help' for more information.\n"));
		return 2;
	}
	return 0;
}

int cli_diary_encrypt(struct app_opts *o, int argc, char **argv)
{
	int r = no_args("diary encrypt", argc, argv);
	if (r)
		return r;
	if (diary_sealed_state(o->diary_path) == 1) {
		/* C2: an encrypt killed after the diary's rewrite left the
		 * plan in the clear beside plan.yaml.next: finish it. */
		char *plan = plan_path(o->diary_path), *next = NULL;
		int left = plan && asprintf(&next, "%s.next", plan) >= 0 && access(next, F_OK) == 0;
		free(plan);
		free(next);
		if (left && cli_diary_key(o) < 0)
			return 1;
		fprintf(stderr,
		        _("backcare: the diary %s is already encrypted (change the passphrase "
		          "with 'backcare diary passphrase')\n"),
		        o->diary_path);
		return 1;
	}
	struct diary d;
	o->sealing = 1; /* a plain diary is what encrypt expects */
	if (cli_open_diary(o, &d) < 0)
		return 1;
	struct pass p;
	seal_protect_process();
	if (new_pass(o, o->passphrase_file, &p) < 0) {
		diary_close(&d);
		return 1;
	}
	if (p.n < PASS_MIN) {
		fprintf(stderr,
		        ngettext("backcare: a passphrase needs at least %d byte; "
		                 "several words are easy to remember and hard to guess\n",
		                 "backcare: a passphrase needs at least %d bytes; "
		                 "several words are easy to remember and hard to guess\n",
		                 PASS_MIN),
		        PASS_MIN);
		pass_free(&p);
		diary_close(&d);
		return 1;
	}
	struct seal_key *k;
	r = seal_key_new(&k, p.s, p.n);
	pass_free(&p);
	if (r < 0) {
		fprintf(stderr, "backcare: %s\n", _(seal_strerror(r)));
		diary_close(&d);
		return 1;
	}
	r = seal_with(o, &d, k);
	int n = d.n;
	diary_close(&d);
	seal_key_free(k);
	if (r < 0)
		return 1;
	printf(ngettext("The diary %s is encrypted (%d entry). Keep the passphrase safe: "
	                "without it nobody, not even you, can read the diary again.\n",
	                "The diary %s is encrypted (%d entries). Keep the passphrase safe: "
	                "without it nobody, not even you, can read the diary again.\n",
	                n),
	       o->diary_path, n);
	return 0;
}

int cli_diary_decrypt(struct app_opts *o, int argc, char **argv)
{
	int r = no_args("diary decrypt", argc, argv);
	if (r)
		return r;
	if (diary_sealed_state(o->diary_path) != 1) {
		fprintf(stderr, _("backcare: the diary %s is not encrypted\n"), o->diary_path);
		return 1;
	}
	struct diary d;
	if (cli_open_diary(o, &d) < 0)
		return 1;
	r = seal_with(o, &d, NULL);
	diary_close(&d);
	if (r < 0)
		return 1;
	printf(
	    _("The diary %s is no longer encrypted: anyone who can read the file can read it.\n"),
	    o->diary_path);
	return 0;
}

int cli_diary_passphrase(struct app_opts *o, int argc, char **argv)
{
	const char *new_file = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--new-passphrase-file") && i + 1 < argc)
			new_file = argv[++i];
		else if (!strncmp(argv[i], "--new-passphrase-file=", 22))
			new_file = argv[i] + 22;
		else
			return no_args("diary passphrase", 2, argv + i - 1);
	}
	if (diary_sealed_state(o->diary_path) != 1) {
		fprintf(stderr,
		        _("backcare: the diary %s is not encrypted (use 'backcare diary "
		          "encrypt')\n"),
		        o->diary_path);
		return 1;
	}
	if (o->passphrase_file && !new_file) {
		fprintf(stderr, _("backcare diary passphrase: with --passphrase-file, give the new "
		                  "one with --new-passphrase-file FILE\n"));
		return 2;
	}
	struct diary d;
	if (cli_open_diary(o, &d) < 0)
		return 1;
	struct pass p;
	if (new_pass(o, new_file, &p) < 0) {
		diary_close(&d);
		return 1;
	}
	struct seal_key *k = NULL;
	int r = p.n < PASS_MIN ? SEAL_E_PASSPHRASE : seal_key_new(&k, p.s, p.n);
	pass_free(&p);
	if (r < 0) {
		if (r == SEAL_E_PASSPHRASE)
			fprintf(stderr,
			        ngettext("backcare: a passphrase needs at least %d byte; "
			                 "several words are easy to remember and hard to guess\n",
			                 "backcare: a passphrase needs at least %d bytes; "
			                 "several words are easy to remember and hard to guess\n",
			                 PASS_MIN),
			        PASS_MIN);
		else
			fprintf(stderr, "backcare: %s\n", _(seal_strerror(r)));
		diary_close(&d);
		return 1;
	}
	/* d now holds the new key: o->key (the old one) is freed by main. */
	r = seal_with(o, &d, k);
	diary_close(&d);
	seal_key_free(k);
	if (r < 0)
		return 1;
	printf(_("The passphrase of the diary %s is changed; the old one no longer opens it.\n"),
	       o->diary_path);
	return 0;
}

int cli_diary_erase(struct app_opts *o, int argc, char **argv)
{
	int yes = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--yes"))
			yes = 1;
		else
			return no_args("diary erase", 2, argv + i - 1);
	}
	struct erase_list l;
	char *plan = plan_path(o->diary_path);
	if (!plan || erase_find(o->diary_path, plan, o->config_path, &l) < 0) {
		free(plan);
		fprintf(stderr, "backcare: %s\n", strerror(ENOMEM));
		return 1;
	}
	free(plan);
	if (l.n == 0) {
		printf("%s\n", _("Nothing to erase: backcare keeps no files here."));
		erase_list_free(&l);
		return 0;
	}
	printf("%s\n", _("These files will be removed for good:"));
	for (int i = 0; i < l.n; i++)
		printf("  %s\n", l.v[i]);
	if (!yes) {
		/* TRANSLATORS: the word the person types to confirm erasing
		 * everything; one word, easy to type in your language. */
		const char *word = _("erase");
		char line[128];
		printf(_("Type %s to remove them, or anything else to keep them: "), word);
		fflush(stdout);
		if (!fgets(line, sizeof line, stdin))
			line[0] = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		if (strcmp(line, word) && strcmp(line, "erase")) {
			printf("%s\n", _("Nothing was removed."));
			erase_list_free(&l);
			return 1;
		}
	}
	int *removed = calloc((size_t)l.n, sizeof *removed);
	struct diags dg = {0};
	int r = removed ? erase_run(o->diary_path, &l, removed, &dg) : -ENOMEM;
	for (int i = 0; removed && i < l.n; i++)
		if (removed[i])
			printf(_("Removed %s\n"), l.v[i]);
	cli_print_diags(&dg);
	diags_free(&dg);
	free(removed);
	erase_list_free(&l);
	if (r < 0) {
		fprintf(stderr, _("backcare: some files could not be removed (named above)\n"));
		return 1;
	}
	printf("%s\n", _("Erased. Copies in backups, synced folders and exports you made are not "
	                 "touched: see the README's section on privacy."));
	return 0;
}
