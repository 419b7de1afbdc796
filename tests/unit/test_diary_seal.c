/* test_diary_seal.c — the encrypted diary: the promises of the plain one
 * (round trip, atomic saves beside a symlink's target, 0600, the lock with
 * two writers, a file that does not open is never rewritten) and the ones
 * of its own (no plaintext on disk, wrong passphrase, truncated and
 * changed files left byte for byte as they were, encrypt, decrypt, a new
 * passphrase, erase). Keys use the cheap test cost. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "diary.h"
#include "checkin.h"
#include "erase.h"
#include "passphrase.h"
#include "plan.h"
#include "seal.h"

#define PASS "a long and private passphrase"

#include "diary_fixture.h"

static int setup(void **state)
{
	(void)state;
	seal_test_params(1, 8192);
	snprintf(tmpdir, sizeof tmpdir, "%s/bc-seal-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) ? seal_init() : -1;
}

/* A sealed diary at p with n entries (notes "secret N"); returns its key. */
static struct seal_key *make_sealed(const char *p, int n)
{
	struct diary d;
	struct diags dg = {0};
	struct seal_key *k;
	char note[64];
	assert_int_equal(seal_key_new(&k, PASS, strlen(PASS)), 0);
	assert_int_equal(diary_open(&d, p, &dg), 0);
	for (int i = 0; i < n; i++) {
		snprintf(note, sizeof note, "secret %d after-sex", i);
		struct diary_entry e = mk("2026-11-22T09:30:00+01:00", i % 11, note);
		e.t += i * 60;
		assert_int_equal(diary_add(&d, &e, &dg), 0);
	}
	assert_int_equal(diary_set_sealing(&d, k, &dg), 0);
	assert_true(d.sealed);
	diary_close(&d);
	diags_free(&dg);
	return k;
}

static void test_round_trip(void **state)
{
	(void)state;
	const char *p = tpath("rt.yaml");
	struct seal_key *k = make_sealed(p, 3), *k2;
	struct diags dg = {0};
	size_t len;
	char *bytes = slurp(p, &len);
	assert_true(seal_is_sealed(bytes, len));
	assert_null(memmem(bytes, len, "secret", 6));
	assert_null(memmem(bytes, len, "entries", 7));
	free(bytes);
	assert_int_equal(diary_sealed_state(p), 1);

	/* a fresh key from the passphrase, as the next run derives it */
	assert_int_equal(diary_unlock(p, PASS, strlen(PASS), &k2, &dg), 0);
	assert_non_null(k2);
	struct diary d;
	assert_int_equal(diary_open_key(&d, p, k2, &dg), 0);
	assert_int_equal(d.n, 3);
	assert_true(d.sealed);
	assert_string_equal(d.v[2].note, "secret 2 after-sex");
	/* an add, an update and a delete keep it sealed, whole */
	struct diary_entry e = mk("2026-11-23T09:30:00+01:00", 7, "fourth");
	assert_int_equal(diary_add(&d, &e, &dg), 0);
	e.pain = 8;
	assert_int_equal(diary_update(&d, &e, &dg), 0);
	assert_int_equal(diary_delete(&d, d.v[0].id, &dg), 0);
	diary_close(&d);
	struct diary_entry e2 = mk("2026-11-24T09:30:00+01:00", 2, "from the CLI");
	assert_int_equal(diary_append_file_key(p, k2, &e2, &dg), 0);
	bytes = slurp(p, &len);
	assert_true(seal_is_sealed(bytes, len));
	assert_null(memmem(bytes, len, "fourth", 6));
	free(bytes);
	assert_int_equal(diary_open_key(&d, p, k, &dg), 0);
	assert_int_equal(dg.n, 0);
	assert_int_equal(d.n, 4);
	assert_int_equal(d.v[2].pain, 8);
	assert_string_equal(d.v[3].note, "from the CLI");
	/* the streamed loads (stats, check-ins and comparisons) decrypt too */
	struct diary_stats ds, st2;
	int from = d.v[0].dayn - 1, to = d.v[d.n - 1].dayn + 1;
	diary_stats(&d, from, to, &ds);
	assert_int_equal(diary_stats_file_key(p, k, from, to, &st2, &dg), 0);
	assert_int_equal(st2.entries, 4);
	assert_int_equal(st2.worst, ds.worst);
	assert_int_equal(diary_stats_file(p, from, to, &st2, &dg), -EACCES);
	struct diary x;
	struct compare_acc acc;
	compare_acc_init(&acc, from, to);
	assert_int_equal(diary_open_extras_key(&x, p, k, &acc, &dg), 0);
	diary_close(&x);
	compare_acc_init(&acc, from, to);
	assert_int_equal(diary_open_extras(&x, p, &acc, &dg), -EACCES);
	diary_close(&x);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	diary_close(&d);
	seal_key_free(k);
	seal_key_free(k2);
	diags_free(&dg);
}

/* Whatever was tried, the file is byte for byte what it was. */
static void assert_untouched(const char *p, const char *before, size_t blen)
{
	size_t len;
	char *now = slurp(p, &len);
	assert_int_equal(len, blen);
	assert_memory_equal(now, before, blen);
	free(now);
}

/* Every write is refused on a diary that did not open, and the file stays
 * as it was: no key, the wrong key, a truncated or a changed file. */
static void try_all_writes(const char *p, struct seal_key *k, int want_err, const char *want_msg)
{
	struct diary d;
	struct diags dg = {0};
	size_t blen;
	char *before = slurp(p, &blen);
	assert_int_equal(diary_open_key(&d, p, k, &dg), want_err);
	assert_true(d.readonly);
	if (!has_diag(&dg, want_msg))
		fail_msg("no diagnostic with \"%s\" (%s)", want_msg, dg.n ? dg.v[0].text : "none");
	struct diary_entry e = mk("2026-11-23T09:30:00+01:00", 7, "x");
	assert_int_not_equal(diary_add(&d, &e, &dg), 0);
	assert_int_not_equal(diary_set_sealing(&d, NULL, &dg), 0);
	diary_close(&d);
	assert_int_not_equal(diary_append_file_key(p, k, &e, &dg), 0);
	assert_untouched(p, before, blen);
	glob_t g; /* no plaintext set aside as a "torn record" either */
	assert_int_not_equal(glob(tpath("*.torn-*"), 0, NULL, &g), 0);
	globfree(&g);
	free(before);
	diags_free(&dg);
}

static void test_wrong_or_no_key(void **state)
{
	(void)state;
	const char *p = tpath("wrong.yaml");
	struct seal_key *k = make_sealed(p, 2), *other, *none = (void *)1;
	struct diags dg = {0};
	assert_int_equal(diary_unlock(p, "wrong", 5, &none, &dg), -EACCES);
	assert_null(none);
	assert_true(has_diag(&dg, "wrong passphrase"));
	try_all_writes(p, NULL, -EACCES, "no passphrase");
	assert_int_equal(seal_key_new(&other, PASS, strlen(PASS)), 0);
	try_all_writes(p, other, -EACCES, "wrong passphrase");
	seal_key_free(other);
	seal_key_free(k);
	diags_free(&dg);
}

static void test_truncated_and_flipped(void **state)
{
	(void)state;
	const char *p = tpath("damaged.yaml");
	struct seal_key *k = make_sealed(p, 50);
	size_t len;
	char *good = slurp(p, &len);
	/* cut: in the header, after it, one byte short */
	size_t cuts[] = {50, SEAL_HEADER_BYTES + 10, len - 1};
	for (size_t i = 0; i < 3; i++) {
		spit(p, good, cuts[i]);
		try_all_writes(p, k, -EBADMSG, "truncated");
	}
	/* one flipped byte: in the header, in the body, the very last */
	size_t at[] = {20, SEAL_HEADER_BYTES + 3, len / 2, len - 1};
	for (size_t i = 0; i < 4; i++) {
		good[at[i]] ^= 0x20;
		spit(p, good, len);
		try_all_writes(p, k, -EBADMSG,
		               at[i] < SEAL_HEADER_BYTES ? "header" : "changed or damaged");
		good[at[i]] ^= 0x20;
	}
	spit(p, good, len);
	struct diary d;
	struct diags dg = {0};
	assert_int_equal(diary_open_key(&d, p, k, &dg), 0);
	assert_int_equal(d.n, 50);
	diary_close(&d);
	free(good);
	seal_key_free(k);
}

/* Decrypted text that is not a diary (sealed by someone with the key, or
 * a bug): refused with line and column, never rewritten. */
static void test_sealed_garbage_refused(void **state)
{
	(void)state;
	const char *p = tpath("garbage.yaml");
	struct seal_key *k;
	unsigned char *c;
	size_t clen;
	const char *text = "version: 1\nentries:\n  - when: [not, a, time\n";
	assert_int_equal(seal_key_new(&k, PASS, strlen(PASS)), 0);
	assert_int_equal(seal_seal(k, SEAL_KIND_DIARY, text, strlen(text), &c, &clen), 0);
	spit(p, (char *)c, clen);
	free(c);
	try_all_writes(p, k, -EINVAL, "garbage.yaml:");
	/* a sealed plan is not a diary */
	assert_int_equal(seal_seal(k, SEAL_KIND_PLAN, "version: 1\n", 11, &c, &clen), 0);
	spit(p, (char *)c, clen);
	free(c);
	try_all_writes(p, k, -EBADMSG, "another part");
	seal_key_free(k);
}

static void test_decrypt_and_rekey(void **state)
{
	(void)state;
	const char *p = tpath("rekey.yaml");
	struct seal_key *k = make_sealed(p, 4), *k2, *k3;
	struct diary d;
	struct diags dg = {0};
	assert_int_equal(seal_key_new(&k2, "new one", 7), 0);
	assert_int_equal(diary_open_key(&d, p, k, &dg), 0);
	assert_int_equal(diary_set_sealing(&d, k2, &dg), 0);
	diary_close(&d);
	/* the old passphrase no longer opens it, the new one does */
	assert_int_equal(diary_unlock(p, PASS, strlen(PASS), &k3, &dg), -EACCES);
	assert_int_equal(diary_unlock(p, "new one", 7, &k3, &dg), 0);
	assert_int_equal(diary_open_key(&d, p, k3, &dg), 0);
	assert_int_equal(d.n, 4);
	assert_int_equal(diary_set_sealing(&d, NULL, &dg), 0); /* decrypt */
	assert_false(d.sealed);
	diary_close(&d);
	assert_int_equal(diary_sealed_state(p), 0);
	size_t len;
	char *bytes = slurp(p, &len);
	assert_non_null(memmem(bytes, len, "secret 3 after-sex", 18));
	free(bytes);
	/* a plain diary opens without a key, and with one (it stays plain) */
	assert_int_equal(diary_open_key(&d, p, k3, &dg), 0);
	assert_int_equal(d.n, 4);
	assert_false(d.sealed);
	diary_close(&d);
	seal_key_free(k);
	seal_key_free(k2);
	seal_key_free(k3);
	diags_free(&dg);
}

/* A writer holding the old key after another changed the passphrase:
 * refused, the file untouched, its entries kept. */
static void test_stale_key_refused(void **state)
{
	(void)state;
	const char *p = tpath("stale.yaml");
	struct seal_key *k = make_sealed(p, 2), *k2;
	struct diary a, b;
	struct diags dg = {0};
	assert_int_equal(diary_open_key(&a, p, k, &dg), 0);
	assert_int_equal(diary_open_key(&b, p, k, &dg), 0);
	assert_int_equal(seal_key_new(&k2, "other", 5), 0);
	assert_int_equal(diary_set_sealing(&b, k2, &dg), 0);
	size_t blen;
	char *before = slurp(p, &blen);
	struct diary_entry e = mk("2026-11-23T09:30:00+01:00", 7, "late");
	assert_int_equal(diary_add(&a, &e, &dg), -EACCES);
	assert_untouched(p, before, blen);
	free(before);
	diary_close(&a);
	diary_close(&b);
	seal_key_free(k);
	seal_key_free(k2);
	diags_free(&dg);
}

static void test_symlink_and_modes(void **state)
{
	(void)state;
	mkdir(tpath("synced"), 0700);
	mkdir(tpath("data"), 0700);
	const char *link = tpath("data/diary.yaml");
	assert_int_equal(symlink("../synced/real.yaml", link), 0);
	mode_t old = umask(0);
	struct seal_key *k = make_sealed(link, 2);
	umask(old);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat(tpath("synced/real.yaml"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(diary_sealed_state(link), 1);
	glob_t g;
	assert_int_not_equal(glob(tpath("synced/.real.yaml.tmp-*"), 0, NULL, &g), 0);
	globfree(&g);
	seal_key_free(k);
}

static void add_many(const char *p, int n, int who)
{
	struct seal_key *k;
	struct diags dg = {0};
	char note[64];
	if (diary_unlock(p, PASS, strlen(PASS), &k, &dg) != 0 || !k)
		_exit(3);
	for (int i = 0; i < n; i++) {
		snprintf(note, sizeof note, "writer %d entry %d", who, i);
		struct diary_entry e = mk("2026-11-25T09:30:00+01:00", who, note);
		e.t += i;
		if (who == 1) {
			if (diary_append_file_key(p, k, &e, &dg) != 0)
				_exit(1);
		} else {
			struct diary d;
			if (diary_open_key(&d, p, k, &dg) != 0 || diary_add(&d, &e, &dg) != 0)
				_exit(2);
			diary_close(&d);
		}
	}
	seal_key_free(k);
	_exit(0);
}

static void test_two_writers(void **state)
{
	(void)state;
	const char *p = tpath("two.yaml");
	struct seal_key *k = make_sealed(p, 1);
	pid_t a = fork();
	if (a == 0)
		add_many(p, 60, 1);
	pid_t b = fork();
	if (b == 0)
		add_many(p, 60, 2);
	int sa, sb;
	waitpid(a, &sa, 0);
	waitpid(b, &sb, 0);
	assert_true(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
	assert_true(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
	struct diary d;
	struct diags dg = {0};
	assert_int_equal(diary_open_key(&d, p, k, &dg), 0);
	assert_int_equal(d.n, 121);
	assert_true(d.sealed);
	diary_close(&d);
	seal_key_free(k);
}

static void test_erase(void **state)
{
	(void)state;
	mkdir(tpath("home"), 0700);
	mkdir(tpath("home/backcare"), 0700);
	mkdir(tpath("home/cfg"), 0700);
	mkdir(tpath("home/cfg/backcare"), 0700);
	const char *p = tpath("home/backcare/diary.yaml");
	struct seal_key *k = make_sealed(p, 2);
	spit(tpath("home/backcare/plan.yaml"), "version: 1\n", 11);
	spit(tpath("home/backcare/.diary.yaml.tmp-abcdef"), "x", 1);
	spit(tpath("home/backcare/diary.yaml.torn-20261122T093000"), "y", 1);
	spit(tpath("home/backcare/unrelated.txt"), "z", 1);
	spit(tpath("home/cfg/backcare/config.yaml"), "language: ar\n", 13);
	struct erase_list l;
	assert_int_equal(erase_find(p, tpath("home/backcare/plan.yaml"),
	                            tpath("home/cfg/backcare/config.yaml"), &l),
	                 0);
	assert_int_equal(l.n, 6); /* diary, lock, temp, torn, plan, config */
	int removed[16];
	struct diags dg = {0};
	assert_int_equal(erase_run(p, &l, removed, &dg), 0);
	for (int i = 0; i < l.n; i++)
		assert_true(removed[i]);
	erase_list_free(&l);
	assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(access(tpath("home/backcare/diary.yaml.lock"), F_OK), -1);
	assert_int_equal(access(tpath("home/backcare/plan.yaml"), F_OK), -1);
	assert_int_equal(access(tpath("home/cfg/backcare"), F_OK), -1);          /* empty: gone */
	assert_int_equal(access(tpath("home/backcare/unrelated.txt"), F_OK), 0); /* not ours */
	seal_key_free(k);
}

/* plan.yaml of an encrypted diary: sealed with the diary's key, unreadable
 * and never overwritten without it, resealed or unsealed with the diary. */
static void test_sealed_plan(void **state)
{
	(void)state;
	const char *path = tpath("plan.yaml");
	struct seal_key *k, *k2;
	struct plan p, q;
	struct diags dg = {0};
	assert_int_equal(seal_key_new(&k, PASS, strlen(PASS)), 0);
	assert_int_equal(seal_key_new(&k2, "second key", 10), 0);
	memset(&p, 0, sizeof p);
	assert_int_equal(plan_set(&p, PLAN_SIGNS, "stiff after sex"), 0);
	assert_int_equal(plan_save_key(&p, path, k, &dg), 0);
	size_t len;
	char *bytes = slurp(path, &len);
	assert_true(seal_is_sealed(bytes, len));
	assert_null(memmem(bytes, len, "stiff", 5));
	assert_int_equal(plan_load_key(&q, path, k, &dg), 0);
	assert_string_equal(q.text[PLAN_SIGNS], "stiff after sex");
	plan_free(&q);
	/* without the key, or with another: refused, never overwritten */
	assert_int_equal(plan_load_key(&q, path, NULL, &dg), -EACCES);
	assert_true(q.readonly);
	assert_int_equal(plan_load_key(&q, path, k2, &dg), -EACCES);
	assert_int_not_equal(plan_save_key(&p, path, NULL, &dg), 0);
	assert_int_not_equal(plan_save_key(&p, path, k2, &dg), 0);
	assert_untouched(path, bytes, len);
	free(bytes);
	/* a sealed plan is not a diary, nor a diary a plan */
	assert_int_equal(diary_sealed_state(path), 1);
	struct diary d;
	assert_int_equal(diary_open_key(&d, path, k, &dg), -EBADMSG);
	diary_close(&d);
	/* a new passphrase, then plain again */
	assert_int_equal(plan_reseal(path, k, k2, &dg), 0);
	assert_int_equal(plan_load_key(&q, path, k, &dg), -EACCES);
	assert_int_equal(plan_load_key(&q, path, k2, &dg), 0);
	plan_free(&q);
	assert_int_equal(plan_reseal(path, k2, NULL, &dg), 0);
	bytes = slurp(path, &len);
	assert_non_null(memmem(bytes, len, "stiff after sex", 15));
	free(bytes);
	plan_free(&p);
	seal_key_free(k);
	seal_key_free(k2);
	diags_free(&dg);
}

/* --passphrase-file: the first line, without LF or CRLF; an empty first
 * line, a NUL or an overlong line refused with file:1. */
static void test_passphrase_file(void **state)
{
	(void)state;
	struct pass p;
	char err[512];
	const char *f = tpath("pass");
	spit(f, "two words\nsecond line\n", 22);
	assert_int_equal(pass_from_file(f, &p, err, sizeof err), 0);
	assert_int_equal(p.n, 9);
	assert_string_equal(p.s, "two words");
	pass_free(&p);
	assert_null(p.s);
	spit(f, "crlf pass\r\n", 11);
	assert_int_equal(pass_from_file(f, &p, err, sizeof err), 0);
	assert_string_equal(p.s, "crlf pass");
	pass_free(&p);
	spit(f, "no newline", 10);
	assert_int_equal(pass_from_file(f, &p, err, sizeof err), 0);
	assert_string_equal(p.s, "no newline");
	pass_free(&p);
	spit(f, "  spaces kept  \n", 16);
	assert_int_equal(pass_from_file(f, &p, err, sizeof err), 0);
	assert_string_equal(p.s, "  spaces kept  ");
	pass_free(&p);
	spit(f, "\nsecond\n", 8);
	assert_int_equal(pass_from_file(f, &p, err, sizeof err), -EINVAL);
	assert_non_null(strstr(err, ":1:"));
	spit(f, "a\0b\n", 4);
	assert_int_equal(pass_from_file(f, &p, err, sizeof err), -EINVAL);
	char big[PASS_MAX + 10];
	memset(big, 'x', sizeof big);
	spit(f, big, sizeof big);
	assert_int_equal(pass_from_file(f, &p, err, sizeof err), -EINVAL);
	assert_int_equal(pass_from_file("/dev/zero", &p, err, sizeof err), -EINVAL); /* ends */
	assert_int_equal(pass_from_file(tpath("none"), &p, err, sizeof err), -ENOENT);
	assert_non_null(strstr(err, "none"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_wrong_or_no_key),
	    cmocka_unit_test(test_truncated_and_flipped),
	    cmocka_unit_test(test_sealed_garbage_refused),
	    cmocka_unit_test(test_decrypt_and_rekey),
	    cmocka_unit_test(test_stale_key_refused),
	    cmocka_unit_test(test_symlink_and_modes),
	    cmocka_unit_test(test_two_writers),
	    cmocka_unit_test(test_erase),
	    cmocka_unit_test(test_passphrase_file),
	    cmocka_unit_test(test_sealed_plan),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
