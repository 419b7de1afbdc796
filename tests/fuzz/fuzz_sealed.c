/* fuzz_sealed.c — libFuzzer harness for the encrypted diary's reader:
 * decrypt-and-parse. The first byte picks what the rest is:
 *   0: a whole sealed file, opened with a fixed passphrase (the header
 *      reader, the key check, the chunk walk: any bytes give an error,
 *      never a crash, and never plaintext);
 *   1: a diary's plaintext, sealed with a fixed key, then opened and
 *      parsed: the round trip gives back the same bytes;
 *   2: edits to a sealed file of a valid diary (pairs of offset and
 *      xor byte, or a cut): an edited file never opens.
 * Keys use the cheap test cost. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diary.h"
#include "seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PASS "fuzz passphrase"

static struct seal_key *fixed_key(void)
{
	static struct seal_key *k;
	if (!k) {
		seal_test_params(1, 8192);
		if (seal_init() < 0 || seal_key_new(&k, PASS, strlen(PASS)) < 0)
			abort();
	}
	return k;
}

static void parse(const char *p, size_t n)
{
	struct diary d;
	struct diags dg = {0};
	diary_init(&d);
	diary_parse_buffer(&d, "fuzz.yaml", p, n, &dg);
	diags_free(&dg);
	diary_close(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct seal_key *k = fixed_key(), *k2;
	int mode = data[0] % 3;
	data++, size--;
	char *plain;
	size_t plen;
	unsigned char *c;
	size_t clen;

	if (mode == 0) {
		int r = seal_key_for(&k2, PASS, strlen(PASS), data, size);
		if (k2) {
			if (seal_open(k2, SEAL_KIND_DIARY, data, size, &plain, &plen) == 0) {
				parse(plain, plen);
				seal_free_plain(plain, plen);
			}
			seal_key_free(k2);
		} else if (r == 0) {
			abort(); /* success without a key */
		}
		if (seal_open(k, SEAL_KIND_DIARY, data, size, &plain, &plen) == 0) {
			parse(plain, plen); /* only if sealed with k: never from fuzz bytes */
			seal_free_plain(plain, plen);
		}
		return 0;
	}
	if (mode == 1) {
		if (seal_seal(k, SEAL_KIND_DIARY, data, size, &c, &clen) < 0)
			return 0;
		if (seal_open(k, SEAL_KIND_DIARY, c, clen, &plain, &plen) != 0 || plen != size ||
		    memcmp(plain, data, size) != 0)
			abort();
		parse(plain, plen);
		seal_free_plain(plain, plen);
		free(c);
		return 0;
	}
	static const char diary[] = "version: 1\nentries:\n- time: 2026-11-22T09:30:00+01:00\n"
	                            "  pain: 4\n  note: \"after sex\"\n  id: a1\n";
	if (seal_seal(k, SEAL_KIND_DIARY, diary, sizeof diary - 1, &c, &clen) < 0)
		return 0;
	for (size_t i = 0; i + 1 < size; i += 2) {
		size_t at = data[i] % (clen + 1);
		if (at == clen) { /* a cut */
			if (clen)
				clen = data[i + 1] % clen;
		} else {
			c[at] ^= data[i + 1];
		}
	}
	int r = seal_open(k, SEAL_KIND_DIARY, c, clen, &plain, &plen);
	if (r == 0) {
		/* only edits that cancel out (the same xor twice) may open,
		 * and then to exactly the sealed text */
		if (plen != sizeof diary - 1 || memcmp(plain, diary, plen))
			abort();
		seal_free_plain(plain, plen);
	}
	free(c);
	return 0;
}
