/* diary_fixture.h — what the diary's unit tests share: a private folder
 * per test run (tmpdir, made by each file's setup; teardown removes it),
 * paths in it, whole files in and out, an entry from a time and a pain,
 * and looking into diagnostics. Included once, after cmocka.h and
 * diary.h. */
#ifndef BACKCARE_DIARY_FIXTURE_H
#define BACKCARE_DIARY_FIXTURE_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE_FN static __attribute__((unused))

static char tmpdir[256];

FIXTURE_FN int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(p);
}

FIXTURE_FN int teardown(void **state)
{
	(void)state;
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

FIXTURE_FN const char *tpath(const char *leaf)
{
	static char buf[8][512];
	static int k;
	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, leaf);
	return buf[k];
}

FIXTURE_FN char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	size_t got = fread(b, 1, (size_t)n, f);
	b[got] = '\0';
	fclose(f);
	if (len)
		*len = got;
	return b;
}

FIXTURE_FN void spit(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	fclose(f);
}

FIXTURE_FN struct diary_entry mk(const char *time, int pain, const char *note)
{
	struct diary_entry e;
	diary_entry_init(&e);
	assert_int_equal(diary_parse_time(time, &e), 0);
	e.pain = (signed char)pain;
	e.note = (char *)note;
	return e;
}

FIXTURE_FN int has_diag(const struct diags *dg, const char *needle)
{
	for (int i = 0; i < dg->n; i++)
		if (strstr(dg->v[i].text, needle))
			return 1;
	return 0;
}

FIXTURE_FN void print_diags(const struct diags *dg)
{
	for (int i = 0; i < dg->n; i++)
		fprintf(stderr, "  diag: %s\n", dg->v[i].text);
}

#endif
