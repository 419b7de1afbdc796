/* test_seal.c — sealed files: round trip at every chunk boundary, a wrong
 * passphrase, truncation at every length, a flipped byte at every offset,
 * an unknown version, the kind binding, the default cost, and a key reused
 * across writes. Keys are derived with the cheap test cost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "seal.h"

#define PASS "correct horse"

static int setup(void **state)
{
	(void)state;
	seal_test_params(1, 8192); /* libsodium's minimum cost: tests only */
	return seal_init();
}

static unsigned char *pattern(size_t n)
{
	unsigned char *p = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + 3);
	return p;
}

static void sealed(struct seal_key **k, size_t n, unsigned char **out, size_t *len)
{
	unsigned char *p = pattern(n);
	assert_int_equal(seal_key_new(k, PASS, strlen(PASS)), 0);
	assert_int_equal(seal_seal(*k, SEAL_KIND_DIARY, p, n, out, len), 0);
	free(p);
}

static void test_round_trip(void **state)
{
	(void)state;
	size_t sizes[] = {0,
	                  1,
	                  100,
	                  SEAL_CHUNK - 1,
	                  SEAL_CHUNK,
	                  SEAL_CHUNK + 1,
	                  3 * SEAL_CHUNK,
	                  3 * SEAL_CHUNK + 5};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		struct seal_key *k, *k2;
		unsigned char *c, *p = pattern(sizes[i]);
		size_t clen, plen;
		char *plain;
		sealed(&k, sizes[i], &c, &clen);
		assert_true(seal_is_sealed(c, clen));
		/* a fresh derivation from the file, as a reader does it */
		assert_int_equal(seal_key_for(&k2, PASS, strlen(PASS), c, clen), 0);
		assert_int_equal(seal_open(k2, SEAL_KIND_DIARY, c, clen, &plain, &plen), 0);
		assert_int_equal(plen, sizes[i]);
		assert_memory_equal(plain, p, sizes[i]);
		assert_int_equal(plain[plen], '\0');
		seal_free_plain(plain, plen);
		seal_key_free(k);
		seal_key_free(k2);
		free(c);
		free(p);
	}
}

static void test_plaintext_not_in_file(void **state)
{
	(void)state;
	struct seal_key *k;
	unsigned char *c;
	size_t clen;
	const char *secret = "note: pain after sex, lower-back";
	assert_int_equal(seal_key_new(&k, PASS, strlen(PASS)), 0);
	assert_int_equal(seal_seal(k, SEAL_KIND_DIARY, secret, strlen(secret), &c, &clen), 0);
	assert_null(memmem(c, clen, "pain", 4));
	assert_null(memmem(c, clen, PASS, strlen(PASS)));
	/* the same key and text sealed twice: different bytes (fresh stream
	 * header and nonce each time) */
	unsigned char *c2;
	size_t clen2;
	assert_int_equal(seal_seal(k, SEAL_KIND_DIARY, secret, strlen(secret), &c2, &clen2), 0);
	assert_int_equal(clen, clen2);
	assert_memory_not_equal(c + 56, c2 + 56, 24);
	free(c);
	free(c2);
	seal_key_free(k);
}

static void test_wrong_passphrase(void **state)
{
	(void)state;
	struct seal_key *k, *k2 = (void *)1;
	unsigned char *c;
	size_t clen;
	sealed(&k, 1000, &c, &clen);
	assert_int_equal(seal_key_for(&k2, "correct horsf", 13, c, clen), SEAL_E_PASSPHRASE);
	assert_null(k2);
	assert_int_equal(seal_key_for(&k2, "", 0, c, clen), SEAL_E_PASSPHRASE);
	/* another key (another salt) does not fit either */
	struct seal_key *other;
	char *plain;
	size_t plen;
	assert_int_equal(seal_key_new(&other, PASS, strlen(PASS)), 0);
	assert_int_equal(seal_key_fits(other, c, clen), SEAL_E_PASSPHRASE);
	assert_int_equal(seal_open(other, SEAL_KIND_DIARY, c, clen, &plain, &plen),
	                 SEAL_E_PASSPHRASE);
	assert_null(plain);
	assert_int_equal(seal_key_fits(k, c, clen), 0);
	seal_key_free(other);
	seal_key_free(k);
	free(c);
}

static void test_truncated(void **state)
{
	(void)state;
	struct seal_key *k;
	unsigned char *c;
	size_t clen, plen;
	char *plain;
	sealed(&k, 2 * SEAL_CHUNK + 10, &c, &clen);
	for (size_t n = 8; n < clen; n += (n < 200 ? 1 : 997)) {
		int r = seal_open(k, SEAL_KIND_DIARY, c, n, &plain, &plen);
		assert_int_equal(r, SEAL_E_TRUNCATED);
		assert_null(plain);
	}
	/* cut exactly at a chunk boundary: still truncated */
	size_t boundary = SEAL_HEADER_BYTES + SEAL_CHUNK + 17;
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, c, boundary, &plain, &plen),
	                 SEAL_E_TRUNCATED);
	/* and the truncated file still tells a wrong passphrase apart */
	struct seal_key *k2;
	assert_int_equal(seal_key_for(&k2, "nope", 4, c, boundary), SEAL_E_PASSPHRASE);
	assert_int_equal(seal_key_for(&k2, PASS, strlen(PASS), c, boundary), SEAL_E_TRUNCATED);
	seal_key_free(k2);
	seal_key_free(k);
	free(c);
}

/* Every single flipped bit position class, at every offset: never opens,
 * never "wrong passphrase" with the right one, always a damage error. */
static void test_flipped_byte(void **state)
{
	(void)state;
	struct seal_key *k;
	unsigned char *c;
	size_t clen, plen;
	char *plain;
	sealed(&k, SEAL_CHUNK + 300, &c, &clen);
	for (size_t i = 0; i < clen; i += (i < 200 ? 1 : 101)) {
		for (int bit = 0; bit < 8; bit += 7) {
			c[i] ^= (unsigned char)(1 << bit);
			int r = seal_open(k, SEAL_KIND_DIARY, c, clen, &plain, &plen);
			if (i < 8)
				assert_int_equal(r, SEAL_E_PLAIN);
			else if (i == 10 || i == 11)
				assert_true(r == SEAL_E_HEADER || r == SEAL_E_TRUNCATED);
			else if (i < SEAL_HEADER_BYTES)
				assert_int_equal(r, SEAL_E_HEADER);
			else
				assert_int_equal(r, SEAL_E_DAMAGED);
			assert_null(plain);
			c[i] ^= (unsigned char)(1 << bit);
		}
	}
	/* a byte added at the end */
	unsigned char *longer = malloc(clen + 1);
	memcpy(longer, c, clen);
	longer[clen] = 0;
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, longer, clen + 1, &plain, &plen),
	                 SEAL_E_DAMAGED);
	free(longer);
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, c, clen, &plain, &plen), 0);
	seal_free_plain(plain, plen);
	seal_key_free(k);
	free(c);
}

/* A header that an attacker rewrote with a valid checksum (the checksum
 * is not secret) still fails: the header is authenticated data. */
static void test_forged_header(void **state)
{
	(void)state;
	struct seal_key *k;
	unsigned char *c;
	size_t clen, plen;
	char *plain;
	sealed(&k, 500, &c, &clen);
	c[13] = SEAL_KIND_PLAN; /* claim another role */
	crypto_generichash(c + 88, 8, c, 88, NULL, 0);
	assert_int_equal(seal_open(k, SEAL_KIND_PLAN, c, clen, &plain, &plen), SEAL_E_PASSPHRASE);
	free(c);
	seal_key_free(k);
}

/* What an attacker with two files sealed with one key (an old and a new
 * copy from a synced folder) can try: splice, reorder, drop or transplant
 * chunks and headers, fixing up every unkeyed field. Nothing opens. */
static void test_splices(void **state)
{
	(void)state;
	struct seal_key *k;
	unsigned char *a, *b;
	size_t alen, blen, plen;
	char *plain;
	size_t n = 3 * SEAL_CHUNK + 100, ck = SEAL_CHUNK + 17;
	unsigned char *p = pattern(n);
	assert_int_equal(seal_key_new(&k, PASS, strlen(PASS)), 0);
	assert_int_equal(seal_seal(k, SEAL_KIND_DIARY, p, n, &a, &alen), 0);
	p[5] ^= 1; /* the "new" version: one byte differs */
	assert_int_equal(seal_seal(k, SEAL_KIND_DIARY, p, n, &b, &blen), 0);
	unsigned char *m = malloc(alen);
	/* a's header with b's body */
	memcpy(m, a, SEAL_HEADER_BYTES);
	memcpy(m + SEAL_HEADER_BYTES, b + SEAL_HEADER_BYTES, alen - SEAL_HEADER_BYTES);
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, m, alen, &plain, &plen), SEAL_E_DAMAGED);
	/* b's second chunk in a */
	memcpy(m, a, alen);
	memcpy(m + SEAL_HEADER_BYTES + ck, b + SEAL_HEADER_BYTES + ck, ck);
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, m, alen, &plain, &plen), SEAL_E_DAMAGED);
	/* a's chunks 1 and 2 swapped */
	memcpy(m, a, alen);
	memcpy(m + SEAL_HEADER_BYTES + ck, a + SEAL_HEADER_BYTES + 2 * ck, ck);
	memcpy(m + SEAL_HEADER_BYTES + 2 * ck, a + SEAL_HEADER_BYTES + ck, ck);
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, m, alen, &plain, &plen), SEAL_E_DAMAGED);
	/* a chunk dropped, the length and the checksum fixed up */
	memcpy(m, a, SEAL_HEADER_BYTES + ck);
	memcpy(m + SEAL_HEADER_BYTES + ck, a + SEAL_HEADER_BYTES + 2 * ck,
	       alen - SEAL_HEADER_BYTES - 2 * ck);
	unsigned long long shorter = n - SEAL_CHUNK;
	for (int i = 0; i < 8; i++)
		m[48 + i] = (unsigned char)(shorter >> (56 - 8 * i));
	crypto_generichash(m + 88, 8, m, 88, NULL, 0);
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, m, alen - ck, &plain, &plen),
	                 SEAL_E_PASSPHRASE);
	/* cut after the third full chunk, claiming that as the end */
	memcpy(m, a, SEAL_HEADER_BYTES + 3 * ck);
	shorter = 3 * SEAL_CHUNK;
	for (int i = 0; i < 8; i++)
		m[48 + i] = (unsigned char)(shorter >> (56 - 8 * i));
	crypto_generichash(m + 88, 8, m, 88, NULL, 0);
	assert_int_not_equal(
	    seal_open(k, SEAL_KIND_DIARY, m, SEAL_HEADER_BYTES + 3 * ck, &plain, &plen), 0);
	/* the old copy itself still opens: a rollback is not detected
	 * (docs/ENCRYPTION.md says so) */
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, a, alen, &plain, &plen), 0);
	seal_free_plain(plain, plen);
	free(m);
	free(a);
	free(b);
	free(p);
	seal_key_free(k);
}

static void test_kind(void **state)
{
	(void)state;
	struct seal_key *k;
	unsigned char *c;
	size_t clen, plen;
	char *plain;
	assert_int_equal(seal_key_new(&k, PASS, strlen(PASS)), 0);
	assert_int_equal(seal_seal(k, SEAL_KIND_PLAN, "plan", 4, &c, &clen), 0);
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, c, clen, &plain, &plen), SEAL_E_KIND);
	assert_int_equal(seal_open(k, SEAL_KIND_PLAN, c, clen, &plain, &plen), 0);
	assert_string_equal(plain, "plan");
	seal_free_plain(plain, plen);
	free(c);
	seal_key_free(k);
}

static void test_unknown_version(void **state)
{
	(void)state;
	struct seal_key *k, *k2;
	unsigned char *c;
	size_t clen, plen;
	char *plain;
	struct seal_info in;
	sealed(&k, 50, &c, &clen);
	c[9] = 2; /* a newer program's file, with its checksum right */
	crypto_generichash(c + 88, 8, c, 88, NULL, 0);
	assert_int_equal(seal_info(c, clen, &in), SEAL_E_VERSION);
	assert_int_equal(seal_key_for(&k2, PASS, strlen(PASS), c, clen), SEAL_E_VERSION);
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, c, clen, &plain, &plen), SEAL_E_VERSION);
	assert_int_not_equal(strcmp(seal_strerror(SEAL_E_VERSION), seal_strerror(SEAL_E_DAMAGED)),
	                     0);
	free(c);
	seal_key_free(k);
}

/* A header asking for an absurd cost is damage, found before any
 * derivation (no start that takes minutes or all memory). */
static void test_cost_capped(void **state)
{
	(void)state;
	struct seal_key *k, *k2 = NULL;
	unsigned char *c;
	size_t clen;
	sealed(&k, 10, &c, &clen);
	c[16 + 7] = 0; /* opslimit */
	c[16 + 4] = 1; /* 2^24 passes */
	crypto_generichash(c + 88, 8, c, 88, NULL, 0);
	assert_int_equal(seal_key_for(&k2, PASS, strlen(PASS), c, clen), SEAL_E_HEADER);
	assert_null(k2);
	c[16 + 4] = 0;
	c[16 + 7] = 1;
	c[24 + 2] = 1; /* memlimit 2^40 */
	crypto_generichash(c + 88, 8, c, 88, NULL, 0);
	assert_int_equal(seal_key_for(&k2, PASS, strlen(PASS), c, clen), SEAL_E_HEADER);
	free(c);
	seal_key_free(k);
}

/* attack15 C5: a header length field beyond the end of a file of 96 bytes
 * or more is "truncated" at once: no key derivation from a cost that was
 * never read (it used uninitialised stack values, past the caps). */
static void test_header_length_beyond_file(void **state)
{
	(void)state;
	struct seal_key *k, *k2 = NULL;
	unsigned char *c;
	size_t clen;
	char *plain;
	size_t plen;
	sealed(&k, 10, &c, &clen);
	c[10] = 0xff;
	c[11] = 0xff;
	assert_int_equal(seal_key_for(&k2, PASS, strlen(PASS), c, clen), SEAL_E_TRUNCATED);
	assert_null(k2);
	/* as the unlock reads it: the header alone */
	assert_int_equal(seal_key_for(&k2, PASS, strlen(PASS), c, SEAL_HEADER_BYTES),
	                 SEAL_E_TRUNCATED);
	assert_null(k2);
	assert_int_equal(seal_key_fits(k, c, clen), SEAL_E_TRUNCATED);
	assert_int_equal(seal_open(k, SEAL_KIND_DIARY, c, clen, &plain, &plen), SEAL_E_TRUNCATED);
	assert_null(plain);
	free(c);
	seal_key_free(k);
}

static void test_not_sealed(void **state)
{
	(void)state;
	struct seal_info in;
	assert_false(seal_is_sealed("version: 1\n", 11));
	assert_int_equal(seal_info("version: 1\n", 11, &in), SEAL_E_PLAIN);
	assert_int_equal(seal_info(SEAL_MAGIC "\0", 9, &in), SEAL_E_TRUNCATED);
}

/* The file records the cost it was made with; the default is the real
 * one and the test cost never leaks into it. */
static void test_params_recorded(void **state)
{
	(void)state;
	struct seal_key *k;
	unsigned char *c;
	size_t clen;
	struct seal_info in;
	unsigned long long ops, mem;
	sealed(&k, 10, &c, &clen);
	assert_int_equal(seal_info(c, clen, &in), 0);
	assert_int_equal(in.opslimit, 1);
	assert_int_equal(in.memlimit, 8192);
	assert_int_equal(in.version, SEAL_VERSION);
	assert_int_equal(in.length, 10);
	seal_key_params(k, &ops, &mem);
	assert_int_equal(ops, 1);
	free(c);
	seal_key_free(k);
	seal_test_params(0, 0);
	assert_true(SEAL_OPSLIMIT >= crypto_pwhash_OPSLIMIT_INTERACTIVE);
	assert_true(SEAL_MEMLIMIT >= crypto_pwhash_MEMLIMIT_INTERACTIVE);
	seal_test_params(1, 8192);
}

/* After seal_protect_process: no core dumps, and (outside ASan builds)
 * not dumpable, so no other program of the user can attach to read keys. */
static void test_protect_process(void **state)
{
	(void)state;
	pid_t pid = fork();
	if (pid == 0) {
		seal_protect_process();
		struct rlimit rl;
		if (getrlimit(RLIMIT_CORE, &rl) != 0 || rl.rlim_cur != 0)
			_exit(1);
#ifndef __SANITIZE_ADDRESS__
		if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
			_exit(2);
#endif
		_exit(0);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_plaintext_not_in_file),
	    cmocka_unit_test(test_wrong_passphrase),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_flipped_byte),
	    cmocka_unit_test(test_forged_header),
	    cmocka_unit_test(test_splices),
	    cmocka_unit_test(test_kind),
	    cmocka_unit_test(test_unknown_version),
	    cmocka_unit_test(test_cost_capped),
	    cmocka_unit_test(test_header_length_beyond_file),
	    cmocka_unit_test(test_not_sealed),
	    cmocka_unit_test(test_params_recorded),
	    cmocka_unit_test(test_protect_process),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
