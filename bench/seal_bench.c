/* seal_bench.c — the parts of an encrypted load: key derivation at the
 * default cost, sealing and opening a whole diary file in memory. Prints
 * "KDF_US SEAL_US OPEN_US KDF_CPU_US", each the best of 5 (the last is
 * the derivation's CPU time). Built by bench/run.sh
 * against libbackcare.a. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "seal.h"

static long long clock_us(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	if (argc < 2 || seal_init() < 0)
		return 2;
	FILE *f = fopen(argv[1], "rb");
	if (!f)
		return 1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *plain = malloc((size_t)n + 1);
	if (!plain || fread(plain, 1, (size_t)n, f) != (size_t)n)
		return 1;
	fclose(f);
	long long best[4] = {-1, -1, -1, -1};
	for (int i = 0; i < 5; i++) {
		struct seal_key *k;
		unsigned char *c;
		size_t clen, plen;
		char *back;
		long long c0 = clock_us(CLOCK_PROCESS_CPUTIME_ID), t0 = clock_us(CLOCK_MONOTONIC);
		if (seal_key_new(&k, "bench passphrase", 16) < 0)
			return 1;
		long long t1 = clock_us(CLOCK_MONOTONIC), c1 = clock_us(CLOCK_PROCESS_CPUTIME_ID);
		if (seal_seal(k, SEAL_KIND_DIARY, plain, (size_t)n, &c, &clen) < 0)
			return 1;
		long long t2 = clock_us(CLOCK_MONOTONIC);
		if (seal_open(k, SEAL_KIND_DIARY, c, clen, &back, &plen) < 0 || plen != (size_t)n)
			return 1;
		long long t3 = clock_us(CLOCK_MONOTONIC);
		long long d[4] = {t1 - t0, t2 - t1, t3 - t2, c1 - c0};
		for (int j = 0; j < 4; j++)
			if (best[j] < 0 || d[j] < best[j])
				best[j] = d[j];
		seal_free_plain(back, plen);
		free(c);
		seal_key_free(k);
	}
	printf("%lld %lld %lld %lld\n", best[0], best[1], best[2], best[3]);
	free(plain);
	return 0;
}
