/* torture.c — drives the diary model the way the app does, for the faults
 * suite (tests/faults/run.sh builds it against libbackcare.a).
 *
 *   torture DIARY loop SEED [OPS [TAG]]
 *	opens DIARY and does OPS (default: endless) random diary_add,
 *	diary_update and diary_delete calls, like one app instance. Entries
 *	it may touch: with TAG, only the ones it added itself (their note is
 *	"TAG N"), so other writers' entries are theirs; without, all. Before
 *	each call it prints "TRY ADD - PAIN" / "TRY UPD ID PAIN" / "TRY DEL
 *	ID", and after the call returned 0 the acknowledgement "ADD ID PAIN"
 *	/ "UPD ID PAIN" / "DEL ID"; a call that fails prints "ERR ..." and
 *	the diagnostics, and the loop goes on. stdout is line-buffered: what
 *	was printed had happened before a kill -9.
 *
 *   torture DIARY script
 *	reads commands from stdin, one a line, and prints one line each:
 *	  add PAIN [NOTE]     ADD ID PAIN
 *	  upd ID PAIN         UPD ID PAIN
 *	  del ID              DEL ID
 *	  reload              RELOAD 0|1 (whether the file had changed)
 *	  dump                ENTRY ID PAIN per entry in memory, then END N
 *	  touch FILE          creates FILE (a signal to the test script)
 *	  wait FILE           returns once FILE exists (at most 30 s)
 *	  sleep MS
 *	a failed call prints "ERR what: errno-name" and its diagnostics.
 *
 *   torture DIARY seal
 *	encrypts DIARY with the passphrase in $TORTURE_PASS at the cheap
 *	test cost (seal_test_params: the file records it, so the program
 *	reads it at that cost too) and prints "SEALED N".
 *
 * With $TORTURE_PASS set, an encrypted DIARY is opened with that
 * passphrase's key (every loop and script call then re-seals the file).
 *
 * The exit status is 0, or 1 if the diary could not be opened (or in a
 * loop, if no call ever succeeded). SIGXFSZ is ignored, as main.c does. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diary.h"
#include "seal.h"

static void show(struct diags *dg)
{
	for (int i = 0; i < dg->n; i++)
		fprintf(stderr, "%s%s\n", dg->v[i].sev == DIAG_WARN ? "warning: " : "",
		        dg->v[i].text);
	diags_free(dg);
}

static void err(const char *what, int r, struct diags *dg)
{
	printf("ERR %s: %s\n", what, strerror(-r));
	show(dg);
}

/* An entry "now" (a little apart each time, so times differ). */
static void fresh_entry(struct diary_entry *e, int pain, char *note)
{
	static time_t t;
	if (!t)
		t = time(NULL) - 86400 * 30;
	diary_entry_init(e);
	diary_entry_set_time(e, t += 61);
	e->pain = (signed char)pain;
	e->note = note;
}

/* A copy of an entry of d->v must not keep pointing into d: the update
 * may reload d (another writer was there) and free those strings first
 * (diary.h: strings stay valid only until the next call that writes). */
static void own_strings(struct diary_entry *e, char *med, char *note)
{
	if (e->med)
		e->med = strcpy(med, e->med);
	if (e->note)
		e->note = strcpy(note, e->note);
}

static int has_tag(const struct diary_entry *e, const char *tag)
{
	size_t n = strlen(tag);
	return !tag[0] || (e->note && !strncmp(e->note, tag, n) && e->note[n] == ' ');
}

static int loop(struct diary *d, unsigned seed, long ops, const char *tag)
{
	struct diags dg = {0};
	char note[DIARY_TEXT_MAX + 1];
	int ok = 0;

	srand(seed);
	for (long i = 0; ops < 0 || i < ops; i++) {
		/* the entries this instance may touch */
		int mine[64], nmine = 0;
		for (int k = d->n - 1; k >= 0 && nmine < 64; k--)
			if (has_tag(&d->v[k], tag))
				mine[nmine++] = k;
		int op = rand() % 10, pain = rand() % 11, r;
		if (nmine == 0 || op < 5) {
			struct diary_entry e;
			snprintf(note, sizeof note, "%s %u.%ld", tag[0] ? tag : "t", seed, i);
			fresh_entry(&e, pain, note);
			printf("TRY ADD - %d\n", pain);
			r = diary_add(d, &e, &dg);
			if (r == 0)
				printf("ADD %s %d\n", e.id, pain);
			else
				err("add", r, &dg);
		} else {
			struct diary_entry e = d->v[mine[rand() % nmine]];
			char id[DIARY_ID_MAX], med[DIARY_TEXT_MAX + 1];
			memcpy(id, e.id, sizeof id);
			own_strings(&e, med, note);
			if (op < 8) {
				e.pain = (signed char)pain;
				printf("TRY UPD %s %d\n", id, pain);
				r = diary_update(d, &e, &dg);
				if (r == 0)
					printf("UPD %s %d\n", id, pain);
				else
					err("update", r, &dg);
			} else {
				printf("TRY DEL %s\n", id);
				r = diary_delete(d, id, &dg);
				if (r == 0)
					printf("DEL %s\n", id);
				else
					err("delete", r, &dg);
			}
		}
		ok += r == 0;
		diags_free(&dg);
	}
	return ops != 0 && !ok;
}

static void wait_for(const char *path)
{
	struct timespec ts = {0, 2000000};
	for (int i = 0; i < 15000 && access(path, F_OK) != 0; i++)
		nanosleep(&ts, NULL);
}

static int script(struct diary *d)
{
	char line[8192], a[4096], b[4096];
	struct diags dg = {0};

	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		a[0] = b[0] = '\0';
		int n = sscanf(line, "%*s %4095s %4095[^\n]", a, b);
		int r;
		if (!strncmp(line, "add ", 4) && n >= 1) {
			struct diary_entry e;
			fresh_entry(&e, atoi(a), n == 2 ? b : NULL);
			if ((r = diary_add(d, &e, &dg)) == 0)
				printf("ADD %s %d\n", e.id, e.pain);
			else
				err("add", r, &dg);
		} else if (!strncmp(line, "upd ", 4) && n == 2) {
			int k = diary_find(d, a);
			if (k < 0) {
				printf("ERR update: no entry %s in memory\n", a);
				continue;
			}
			struct diary_entry e = d->v[k];
			char med[DIARY_TEXT_MAX + 1], note[DIARY_TEXT_MAX + 1];
			own_strings(&e, med, note);
			e.pain = (signed char)atoi(b);
			if ((r = diary_update(d, &e, &dg)) == 0)
				printf("UPD %s %d\n", a, e.pain);
			else
				err("update", r, &dg);
		} else if (!strncmp(line, "del ", 4) && n >= 1) {
			if ((r = diary_delete(d, a, &dg)) == 0)
				printf("DEL %s\n", a);
			else
				err("delete", r, &dg);
		} else if (!strcmp(line, "reload")) {
			r = diary_reload_if_changed(d, &dg);
			if (r >= 0)
				printf("RELOAD %d\n", r);
			else
				err("reload", r, &dg);
		} else if (!strcmp(line, "dump")) {
			for (int k = 0; k < d->n; k++)
				printf("ENTRY %s %d\n", d->v[k].id, d->v[k].pain);
			printf("END %d\n", d->n);
		} else if (!strncmp(line, "touch ", 6) && n >= 1) {
			FILE *f = fopen(a, "w");
			if (f)
				fclose(f);
		} else if (!strncmp(line, "wait ", 5) && n >= 1) {
			wait_for(a);
		} else if (!strncmp(line, "sleep ", 6) && n >= 1) {
			struct timespec ts = {atoi(a) / 1000, (atoi(a) % 1000) * 1000000L};
			nanosleep(&ts, NULL);
		} else if (line[0]) {
			printf("ERR unknown command: %s\n", line);
		}
		show(&dg);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct diary d;
	struct diags dg = {0};

	if (argc < 3) {
		fprintf(stderr, "usage: torture DIARY loop SEED [OPS [TAG]] | DIARY script\n");
		return 2;
	}
	signal(SIGXFSZ, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	const char *pass = getenv("TORTURE_PASS");
	struct seal_key *key = NULL;
	if (pass && !strcmp(argv[2], "seal")) {
		seal_test_params(1, 8192);
		int r = diary_open(&d, argv[1], &dg);
		if (r == 0 && seal_key_new(&key, pass, strlen(pass)) == 0)
			r = diary_set_sealing(&d, key, &dg);
		show(&dg);
		printf(r == 0 && key ? "SEALED %d\n" : "ERR seal %d\n", r == 0 && key ? d.n : r);
		diary_close(&d);
		seal_key_free(key);
		return r == 0 && key ? 0 : 1;
	}
	if (pass && diary_unlock(argv[1], pass, strlen(pass), &key, &dg) < 0) {
		show(&dg);
		printf("ERR unlock\n");
		return 1;
	}
	int r = diary_open_key(&d, argv[1], key, &dg);
	show(&dg);
	if (r < 0) {
		printf("ERR open: %s\n", strerror(-r));
		diary_close(&d);
		return 1;
	}
	printf("OPEN %d\n", d.n);
	int rc;
	if (!strcmp(argv[2], "loop") && argc >= 4)
		rc = loop(&d, (unsigned)strtoul(argv[3], NULL, 10), argc >= 5 ? atol(argv[4]) : -1,
		          argc >= 6 ? argv[5] : "");
	else
		rc = script(&d);
	diary_close(&d);
	seal_key_free(key);
	return rc;
}
