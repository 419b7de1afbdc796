/* test_diary.c — the diary model: times, the YAML file round trip, parse
 * errors, torn records, locking, permissions, symlinks, change detection
 * and the aggregates. */
#include <errno.h>
#include <fcntl.h>
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
#include <ftw.h>

#include <cmocka.h>

#include "diary.h"

/* --- helpers ------------------------------------------------------------- */

#include "diary_fixture.h"

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/bc-diary-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	return 0;
}

static int str_eq(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static void assert_entry_equal(const struct diary_entry *a, const struct diary_entry *b)
{
	assert_string_equal(a->id, b->id);
	assert_int_equal(a->t, b->t);
	assert_int_equal(a->off_min, b->off_min);
	assert_int_equal(a->dayn, b->dayn);
	assert_int_equal(a->y, b->y);
	assert_int_equal(a->m, b->m);
	assert_int_equal(a->d, b->d);
	assert_int_equal(a->hh, b->hh);
	assert_int_equal(a->mm, b->mm);
	assert_int_equal(a->ss, b->ss);
	assert_int_equal(a->pain, b->pain);
	assert_int_equal(a->verdict, b->verdict);
	assert_int_equal(a->where, b->where);
	assert_int_equal(a->feels, b->feels);
	assert_int_equal(a->context, b->context);
	assert_int_equal(a->helped, b->helped);
	if (!str_eq(a->med, b->med))
		fail_msg("med differs: [%s] vs [%s]", a->med, b->med);
	if (!str_eq(a->note, b->note))
		fail_msg("note differs: [%s] vs [%s]", a->note, b->note);
}

static int count_glob(const char *pattern)
{
	glob_t g;
	int n = 0;
	if (glob(pattern, 0, NULL, &g) == 0)
		n = (int)g.gl_pathc;
	globfree(&g);
	return n;
}

/* The notes every round trip must keep byte for byte. */
static const char *const tricky[] = {
    "plain",
    "comma, \"quotes\" and 'apostrophes'",
    "line one\nline two\n\nline four",
    "key: value # not a comment",
    "   leading spaces and trailing   ",
    "- looks like a list item",
    "tab\there, backslash \\ and \\n literally",
    "中文：腰疼，性生活后加重。",
    "ألم أسفل الظهر بعد الإجهاض",
    "mixed English العربية 中文 123",
    "emoji 🙂 and combining e\xcc\x81",
    "ctrl \x01\x1b[31m escape \x7f del",
    "C1 \xc2\x85 NEL, \xe2\x80\xa8 LS, \xe2\x80\xa9 PS, \xef\xbb\xbf BOM",
    "{flow: [like]}, &anchor *alias !tag %percent @at `tick`",
    "null",
    "~",
    "yes",
    "123",
    "'single' \"double\"",
    "\r\nCRLF\r\n",
};

/* --- times --------------------------------------------------------------- */

static void test_civil(void **state)
{
	(void)state;
	assert_int_equal(diary_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(diary_days_from_civil(2000, 3, 1), 11017);
	for (int z = -1000; z < 80000; z += 7) {
		int y, m, d;
		diary_civil_from_days(z, &y, &m, &d);
		assert_int_equal(diary_days_from_civil(y, m, d), z);
	}
}

static void test_time_parse(void **state)
{
	struct diary_entry e;
	char buf[40];
	(void)state;

	diary_entry_init(&e);
	assert_int_equal(diary_parse_time("2026-11-22T09:30:00+01:00", &e), 0);
	assert_int_equal(e.t, 1795336200LL);
	assert_int_equal(e.off_min, 60);
	assert_int_equal(e.y, 2026);
	assert_int_equal(e.hh, 9);
	diary_format_time(&e, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-22T09:30:00+01:00");

	assert_int_equal(diary_parse_time("2026-03-01T23:15:07-05:30", &e), 0);
	assert_int_equal(e.t, 1772426707LL);
	assert_int_equal(e.dayn, diary_days_from_civil(2026, 3, 1));
	diary_format_time(&e, buf, sizeof buf);
	assert_string_equal(buf, "2026-03-01T23:15:07-05:30");

	assert_int_equal(diary_parse_time("2026-11-22 08:30Z", &e), 0);
	assert_int_equal(e.t, 1795336200LL);
	assert_int_equal(diary_parse_time("2026-11-22T09:30:00.25+0100", &e), 0);
	assert_int_equal(e.t, 1795336200LL);

	const char *bad[] = {"",
	                     "2026-11-22",
	                     "2026-02-29T10:00+00:00",
	                     "2026-13-01T10:00+00:00",
	                     "2026-11-22T24:00+00:00",
	                     "2026-11-22T10:60+00:00",
	                     "2026-11-22T10:00+0",
	                     "2026-11-22T10:00+01:00x",
	                     "22/11/2026 10:00",
	                     "2026-11-22T1:00+00:00"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (diary_parse_time(bad[i], &e) == 0)
			fail_msg("accepted bad time '%s'", bad[i]);
	assert_int_equal(diary_parse_time("2024-02-29T10:00+00:00", &e), 0);

	int dn;
	assert_int_equal(diary_parse_date("2026-11-22", &dn), 0);
	assert_int_equal(dn, diary_days_from_civil(2026, 11, 22));
	assert_int_equal(diary_parse_date("2026-11-31", &dn), -1);
	assert_int_equal(diary_parse_date("2026-11-2", &dn), -1);

	/* The injected clock and the local zone. */
	diary_entry_set_time(&e, (time_t)1795336200);
	assert_int_equal(e.off_min, 60);
	assert_int_equal(e.hh, 9);
	diary_entry_set_time(&e, (time_t)1783000000); /* summer: +02:00 */
	assert_int_equal(e.off_min, 120);
	assert_int_equal(diary_today((time_t)1795336200), diary_days_from_civil(2026, 11, 22));
}

static void test_vocab(void **state)
{
	unsigned mask;
	char bad[64], buf[256];
	(void)state;

	assert_int_equal(diary_nplaces, 19);
	assert_int_equal(vocab_find(diary_places, diary_nplaces, "lower-back-left"), 7);
	assert_int_equal(vocab_find(diary_places, diary_nplaces, "lower"), -1);
	assert_int_equal(vocab_find(diary_contexts, diary_ncontexts, "after-miscarriage"), 1);
	assert_int_equal(vocab_parse_list(diary_places, diary_nplaces, " lower-back , buttock-left",
	                                  ',', &mask, bad, sizeof bad),
	                 0);
	vocab_format_list(diary_places, diary_nplaces, mask, ";", buf, sizeof buf);
	assert_string_equal(buf, "lower-back;buttock-left");
	assert_int_equal(vocab_parse_list(diary_places, diary_nplaces, "pelvis,knee", ',', &mask,
	                                  bad, sizeof bad),
	                 -1);
	assert_string_equal(bad, "knee");
	assert_string_equal(diary_places[0].label, "Upper back (centre)");
	assert_string_equal(diary_helped[diary_nhelped - 1].label, "Nothing helped");
	assert_int_equal(diary_verdict_parse("urgent"), 2);
	assert_string_equal(diary_verdict_word(3), "emergency");
	assert_int_equal(diary_verdict_parse("maybe"), -1);
}

/* --- the file ------------------------------------------------------------ */

static void test_missing_file(void **state)
{
	struct diary d;
	struct diags dg = {0};
	(void)state;
	const char *p = tpath("sub/dir/diary.yaml");
	assert_int_equal(diary_open(&d, p, &dg), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(d.readonly, 0);
	assert_int_equal(dg.n, 0);
	struct stat st;
	assert_int_not_equal(stat(tpath("sub"), &st), 0); /* nothing created */
	diary_close(&d);
}

static void test_roundtrip(void **state)
{
	struct diary d, d2;
	struct diags dg = {0};
	const int n = (int)(sizeof tricky / sizeof *tricky);
	struct diary_entry want[64];
	char time[64];
	(void)state;

	const char *p = tpath("rt/diary.yaml");
	assert_int_equal(diary_open(&d, p, &dg), 0);
	for (int i = 0; i < n; i++) {
		snprintf(time, sizeof time, "2026-%02d-%02dT%02d:%02d:%02d%s", 1 + i % 12, 1 + i,
		         i % 24, (i * 7) % 60, i % 60, i % 3 ? "+01:00" : "-05:30");
		struct diary_entry e = mk(time, i % 11, tricky[i]);
		e.med = (char *)tricky[(i + 3) % n];
		e.where = (1u << (i % diary_nplaces)) | (i & 1 ? 1u << 18 : 0);
		e.feels = (1u << diary_nfeels) - 1 - (unsigned)i % 3;
		e.context = 1u << (i % diary_ncontexts);
		e.helped = i % 4 ? 1u << (i % diary_nhelped) : 0;
		e.verdict = (signed char)(i % 5 - 1);
		if (diary_add(&d, &e, &dg) != 0) {
			print_diags(&dg);
			fail();
		}
		assert_true(e.id[0]);
		want[i] = e;
	}
	assert_int_equal(dg.n, 0);
	diary_close(&d);

	assert_int_equal(diary_open(&d2, p, &dg), 0);
	print_diags(&dg);
	assert_int_equal(dg.n, 0);
	assert_int_equal(d2.n, n);
	for (int i = 0; i < n; i++) {
		int k = diary_find(&d2, want[i].id);
		assert_true(k >= 0);
		assert_entry_equal(&d2.v[k], &want[i]);
	}
	/* Sorted oldest first. */
	for (int i = 1; i < d2.n; i++)
		assert_true(d2.v[i - 1].t <= d2.v[i].t);

	/* An update (atomic rewrite) keeps everything else exactly. */
	struct diary_entry u = want[4];
	u.note = "updated: \"yes\"\nsecond line";
	u.pain = 9;
	u.med = NULL;
	assert_int_equal(diary_update(&d2, &u, &dg), 0);
	want[4] = u;
	diary_close(&d2);
	assert_int_equal(diary_open(&d2, p, &dg), 0);
	assert_int_equal(dg.n, 0);
	for (int i = 0; i < n; i++) {
		int k = diary_find(&d2, want[i].id);
		assert_true(k >= 0);
		assert_entry_equal(&d2.v[k], &want[i]);
	}
	/* Delete. */
	assert_int_equal(diary_delete(&d2, want[0].id, &dg), 0);
	assert_int_equal(diary_find(&d2, want[0].id), -1);
	assert_int_equal(diary_delete(&d2, want[0].id, &dg), -ENOENT);
	diags_free(&dg);
	diary_close(&d2);
	assert_int_equal(diary_open(&d2, p, &dg), 0);
	assert_int_equal(d2.n, n - 1);
	assert_int_equal(diary_find(&d2, want[0].id), -1);
	diary_close(&d2);
	diags_free(&dg);

	/* The file is plain readable YAML. */
	char *text = slurp(p, NULL);
	assert_non_null(strstr(text, "version: 1\nentries:\n- time: "));
	assert_non_null(strstr(text, "note: \"中文：腰疼，性生活后加重。\"\n"));
	free(text);
}

static void test_add_refuses_bad_entry(void **state)
{
	struct diary d;
	struct diags dg = {0};
	(void)state;
	const char *p = tpath("bad/diary.yaml");
	assert_int_equal(diary_open(&d, p, &dg), 0);
	struct diary_entry e = mk("2026-11-22T09:30:00+01:00", 11, NULL);
	assert_int_equal(diary_add(&d, &e, &dg), -EINVAL);
	e.pain = 3;
	e.note = "bad \xff utf-8";
	assert_int_equal(diary_add(&d, &e, &dg), -EINVAL);
	e.note = NULL;
	e.where = 1u << 30;
	assert_int_equal(diary_add(&d, &e, &dg), -EINVAL);
	struct stat st;
	assert_int_not_equal(stat(tpath("bad"), &st), 0); /* nothing written */
	/* An own id must be unique. */
	e.where = 0;
	strcpy(e.id, "my-id");
	assert_int_equal(diary_add(&d, &e, &dg), 0);
	assert_int_equal(diary_add(&d, &e, &dg), -EEXIST);
	diags_free(&dg);
	diary_close(&d);
}

struct perr_case {
	const char *text;
	const char *where; /* "line:col" expected in a diagnostic */
	const char *what;  /* and this word */
};

static void test_parse_errors(void **state)
{
	static const char head[] = "version: 1\nentries:\n";
	static const char ok1[] = "- time: 2026-11-20T08:00:00+01:00\n  pain: 3\n  id: a1\n";
	static const struct perr_case cases[] = {
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 11\n  id: b\n", "7:9", "pain '11'"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: x\n  id: b\n", "7:9", "pain 'x'"},
	    {"- time: yesterday\n  pain: 1\n  id: b\n", "6:9", "yesterday"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  where: [lower-back, knee]\n  id: b\n",
	     "8:23", "knee"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  context: sex\n  id: b\n", "8:12",
	     "sex"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  colour: red\n  id: b\n", "8:3",
	     "colour"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  pain: 2\n  id: b\n", "8:3", "twice"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  verdict: later\n  id: b\n", "8:12",
	     "later"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  id: a1\n", "6:3", "a1"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  id: \"has space\"\n", "8:7",
	     "has space"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  note: *x\n  id: b\n", "8:9", "alias"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: [1\n  id: b\n", "8:", "flow"},
	    /* a place's own pain (issue 13.5) */
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  where: [hip-left]\n  place_pain: "
	     "{hip-left: 11}\n  id: b\n",
	     "9:26", "pain '11'"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  where: [hip-left]\n  place_pain: "
	     "{knee: 3}\n  id: b\n",
	     "9:16", "knee"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  where: [hip-left]\n  place_pain: "
	     "{hip-right: 3}\n  id: b\n",
	     "9:3", "hip-right, which is not in where"},
	    {"- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  where: [hip-left]\n  place_pain: 4\n "
	     " id: b\n",
	     "9:15", "place_pain like"},
	};
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		/* The broken entry is in the middle: a complete one follows,
		 * so it is a real error, never taken for a torn record. */
		char text[1024];
		snprintf(text, sizeof text, "%s%s%s%s", head, ok1, cases[i].text,
		         "- time: 2026-11-22T08:00:00+01:00\n  pain: 2\n  id: c\n");
		struct diary d;
		struct diags dg = {0};
		diary_init(&d);
		int r = diary_parse_buffer(&d, "d.yaml", text, strlen(text), &dg);
		char want[64];
		snprintf(want, sizeof want, "d.yaml:%s", cases[i].where);
		if (r != -EINVAL || !has_diag(&dg, want) || !has_diag(&dg, cases[i].what)) {
			fprintf(stderr, "case %zu: r=%d, want %s / %s\n", i, r, want,
			        cases[i].what);
			print_diags(&dg);
			fail();
		}
		assert_true(dg.nerrors > 0);
		diags_free(&dg);
		diary_close(&d);
	}

	/* Whole-file problems. */
	static const struct perr_case whole[] = {
	    {"entries:\n- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  id: b\n", "1:1",
	     "no version"},
	    {"version: one\nentries:\n", "1:10", "not a number"},
	    {"version: 1\nentries: 3\n", "2:10", "list"},
	    {"version: 1\nentries:\ncolour: red\n", "3:1", "colour"},
	    {"- a\n- b\n", "1:1", "mapping"},
	    {"version: 1\nentries:\n---\nversion: 1\n", "3:1", "one YAML document"},
	    {"version: 1\n\tentries:\n", "2:1", "tab"},
	};
	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
		struct diary d;
		struct diags dg = {0};
		diary_init(&d);
		int r = diary_parse_buffer(&d, "d.yaml", whole[i].text, strlen(whole[i].text), &dg);
		char want[64];
		snprintf(want, sizeof want, "d.yaml:%s", whole[i].where);
		if (r != -EINVAL || !has_diag(&dg, want) || !has_diag(&dg, whole[i].what)) {
			fprintf(stderr, "whole %zu: r=%d, want %s / %s\n", i, r, want,
			        whole[i].what);
			print_diags(&dg);
			fail();
		}
		diags_free(&dg);
		diary_close(&d);
	}

	/* Hand-written but valid: other layouts, null lists, comments. */
	static const char *const fine[] = {
	    "",
	    "# only a comment\n",
	    "version: 1\nentries:\n",
	    "version: 1\nentries: []\n",
	    "version: 1.3\nentries:\n  - time: 2026-11-21 08:00\n    pain: 1\n    where: pelvis\n  "
	    "  feels: ~\n    id: b\n",
	    "entries: [{time: '2026-11-21T08:00:00Z', pain: '0', id: x}]\nversion: 1\n",
	    "version: 1\nentries:\n- id: z\n  note: |\n    block\n    scalar\n  pain: 10\n  time: "
	    "2026-11-21T08:00:00+01:00\n# the end, no newline",
	};
	for (size_t i = 0; i < sizeof fine / sizeof *fine; i++) {
		struct diary d;
		struct diags dg = {0};
		diary_init(&d);
		int r = diary_parse_buffer(&d, "d.yaml", fine[i], strlen(fine[i]), &dg);
		if (r != 0 || dg.n) {
			fprintf(stderr, "fine %zu: r=%d\n", i, r);
			print_diags(&dg);
			fail();
		}
		if (i == 6)
			assert_string_equal(d.v[0].note, "block\nscalar\n");
		diags_free(&dg);
		diary_close(&d);
	}
}

static void test_version_future(void **state)
{
	struct diary d;
	struct diags dg = {0};
	(void)state;
	const char *p = tpath("diary.yaml");
	const char text[] = "version: 2\nentries:\n- when: tomorrow\n";
	spit(p, text, sizeof text - 1);
	assert_int_equal(diary_open(&d, p, &dg), -EINVAL);
	assert_int_equal(d.readonly, 1);
	assert_true(has_diag(&dg, ":1:10: written by a newer backcare"));
	struct diary_entry e = mk("2026-11-22T09:30:00+01:00", 3, NULL);
	assert_int_equal(diary_add(&d, &e, &dg), -EROFS);
	assert_int_equal(diary_append_file(p, &e, &dg), -EINVAL);
	e.id[0] = '\0';
	assert_int_equal(diary_delete(&d, "x", &dg), -EROFS);
	diary_close(&d);
	char *now = slurp(p, NULL);
	assert_string_equal(now, text); /* untouched */
	free(now);
	assert_int_equal(count_glob(tpath(".diary.yaml.tmp-*")), 0);
	diags_free(&dg);
}

static void test_broken_never_overwritten(void **state)
{
	struct diary d;
	struct diags dg = {0};
	(void)state;
	const char *p = tpath("diary.yaml");
	const char text[] = "version: 1\nentries:\n- time: 2026-11-21T08:00:00+01:00\n"
	                    "  pain: 12\n  id: a\n- time: 2026-11-22T08:00:00+01:00\n"
	                    "  pain: 2\n  id: b\n";
	spit(p, text, sizeof text - 1);
	assert_int_equal(diary_open(&d, p, &dg), -EINVAL);
	assert_true(has_diag(&dg, "diary.yaml:4:9: pain '12'"));
	assert_int_equal(d.readonly, 1);
	assert_int_equal(d.n, 1); /* what could be read is there to look at */
	struct diary_entry e = mk("2026-11-22T09:30:00+01:00", 3, NULL);
	assert_int_equal(diary_add(&d, &e, &dg), -EROFS);
	e.id[0] = '\0';
	assert_true(diary_append_file(p, &e, &dg) < 0);
	assert_int_equal(diary_update(&d, &d.v[0], &dg), -EROFS);
	diary_close(&d);
	char *now = slurp(p, NULL);
	assert_string_equal(now, text);
	free(now);
	diags_free(&dg);
}

static void write_five(const char *p, struct diary_entry *ids)
{
	struct diary d;
	struct diags dg = {0};
	assert_int_equal(diary_open(&d, p, &dg), 0);
	for (int i = 0; i < 5; i++) {
		char t[64];
		snprintf(t, sizeof t, "2026-11-%02dT08:%02d:00+01:00", 10 + i, i);
		struct diary_entry e = mk(
		    t, i, i == 4 ? "the last one, with a \"long\" note\nand a second line" : "n");
		e.where = 3;
		e.med = i == 4 ? "ibuprofen 400 mg" : NULL;
		assert_int_equal(diary_add(&d, &e, &dg), 0);
		if (ids)
			ids[i] = e;
	}
	diary_close(&d);
	diags_free(&dg);
}

static void test_torn_record(void **state)
{
	(void)state;
	const char *p = tpath("t/diary.yaml");
	struct diary_entry five[5];
	size_t len;

	write_five(p, five);
	char *full = slurp(p, &len);
	/* The last add wrote its marker line and its record in one write,
	 * and nothing after (B2: no "open" -> "done" flip any more). */
	char *mark = strstr(full, "#~ add ");
	for (char *m = mark; m; m = strstr(m + 1, "#~ add "))
		mark = m;
	assert_non_null(mark);
	size_t start = (size_t)(mark - full);
	char *rec = strchr(mark, '\n') + 1;
	size_t rstart = (size_t)(rec - full);
	assert_memory_equal(rec - 6, "sized\n", 6);

	/* A file of an older version: an "open" marker (the record was being
	 * written) is read as before: a cut record is set aside. */
	{
		char *old = malloc(len + 1);
		size_t ol = (size_t)(rec - 6 - full);
		memcpy(old, full, ol);
		memcpy(old + ol, "open\n", 5);
		memcpy(old + ol + 5, rec, len - rstart);
		size_t olen = ol + 5 + (len - rstart);
		struct diary d;
		struct diags dg = {0};
		spit(p, old, olen - 12);
		assert_int_equal(diary_open(&d, p, &dg), 0);
		assert_int_equal(d.n, 4);
		assert_int_equal(d.needs_repair, 1);
		diary_close(&d);
		diags_free(&dg);
		/* and "done" is complete as it stands */
		memcpy(old + ol, "done\n", 5);
		spit(p, old, olen);
		assert_int_equal(diary_open(&d, p, &dg), 0);
		assert_int_equal(d.n, 5);
		diary_close(&d);
		diags_free(&dg);
		free(old);
	}

	/* Every cut inside the last record: four entries and a warning (the
	 * marker line alone, whole or cut, is only a comment; the record
	 * from its whole id line on is whole). Loading writes nothing. */
	char pat[600];
	snprintf(pat, sizeof pat, "%s.torn-*", p);
	for (size_t cut = start; cut <= len; cut++) {
		struct diary d;
		struct diags dg = {0};
		spit(p, full, cut);
		int r = diary_open(&d, p, &dg);
		/* the record ends with its id line and the "#~ end" line:
		 * from the id line whole (even short of its line break) the
		 * entry is all there */
		size_t whole_from = len - strlen("#~ end\n") - 1;
		int torn = cut >= rstart && cut < whole_from;
		int want = cut >= whole_from ? 5 : 4;
		if (r != 0 || d.n != want || d.readonly || dg.nerrors || d.needs_repair != torn ||
		    (torn != (dg.n > 0))) {
			fprintf(stderr, "cut %zu (of %zu..%zu): r=%d n=%d\n", cut, start, len, r,
			        d.n);
			print_diags(&dg);
			fail();
		}
		for (int i = 0; i < want; i++)
			assert_entry_equal(&d.v[i], &five[i]);
		if (torn)
			assert_true(has_diag(&dg, "was being saved"));
		assert_int_equal(count_glob(pat), 0);
		diary_close(&d);
		diags_free(&dg);
	}

	/* Still open (killed after the fsync), then edited by hand: another
	 * id, or a shorter note, without the final newline: not a prefix of
	 * what was written, so the entry stays. */
	{
		char *ed = malloc(len + 16);
		memcpy(ed, full, len);
		char *idl = strstr(ed + rstart, "  id: ");
		assert_non_null(idl);
		size_t elen = (size_t)(idl - ed);
		elen += (size_t)sprintf(ed + elen, "  id: by-hand");
		struct diary d;
		struct diags dg = {0};
		spit(p, ed, elen);
		assert_int_equal(diary_open(&d, p, &dg), 0);
		assert_int_equal(d.n, 5);
		assert_int_equal(dg.n, 0);
		assert_true(diary_find(&d, "by-hand") >= 0);
		diary_close(&d);
		free(ed);
	}

	/* The next write keeps the torn bytes exactly and repairs the file. */
	struct diary d;
	struct diags dg = {0};
	size_t cut = rstart + 20;
	spit(p, full, cut);
	assert_int_equal(diary_open(&d, p, &dg), 0);
	assert_int_equal(d.needs_repair, 1);
	struct diary_entry e = mk("2026-11-20T10:00:00+01:00", 7, "after the crash");
	assert_int_equal(diary_add(&d, &e, &dg), 0);
	assert_true(has_diag(&dg, ".torn-"));
	diary_close(&d);
	diags_free(&dg);
	glob_t g;
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, 1);
	size_t sl;
	char *side = slurp(g.gl_pathv[0], &sl);
	assert_int_equal(sl, cut - start);
	assert_memory_equal(side, full + start, sl);
	free(side);
	unlink(g.gl_pathv[0]);
	globfree(&g);
	assert_int_equal(diary_open(&d, p, &dg), 0);
	assert_int_equal(dg.n, 0);
	assert_int_equal(d.n, 5);
	assert_true(diary_find(&d, e.id) >= 0);
	assert_int_equal(d.needs_repair, 0);
	diary_close(&d);

	/* The CLI's add repairs too (cut inside the id line). */
	spit(p, full, len - strlen("#~ end\n") - 3);
	struct diary_entry e2 = mk("2026-11-21T10:00:00+01:00", 1, NULL);
	assert_int_equal(diary_append_file(p, &e2, &dg), 0);
	assert_true(has_diag(&dg, "was being saved"));
	assert_true(has_diag(&dg, ".torn-"));
	diags_free(&dg);
	assert_int_equal(diary_open(&d, p, &dg), 0);
	assert_int_equal(dg.n, 0);
	assert_int_equal(d.n, 5);
	diary_close(&d);
	diags_free(&dg);
	free(full);
}

static void test_torn_big_file(void **state)
{
	(void)state;
	/* A big diary: the CLI's add appends without reading it once it
	 * knows the file, and still notices a torn record. */
	const char *p = tpath("big.yaml");
	struct diary d, from;
	struct diags dg = {0};
	diary_init(&from);
	for (int i = 0; i < 800; i++) {
		struct diary_entry e = mk("2026-01-01T08:00:00+01:00", i % 11,
		                          "a note long enough to make the file big");
		e.t += i * 3600;
		assert_int_equal(diary_push(&from, &e), 0);
	}
	assert_int_equal(diary_open(&d, p, &dg), 0);
	int added, skipped;
	assert_int_equal(diary_merge(&d, &from, &added, &skipped, &dg), 0);
	assert_int_equal(added, 800);
	diary_close(&d);
	diary_close(&from);
	size_t len;
	char *full = slurp(p, &len);
	assert_true(len > 70000);

	struct diary_entry e = mk("2026-11-21T10:00:00+01:00", 1, "fast");
	assert_int_equal(diary_append_file(p, &e, &dg), 0);
	assert_int_equal(dg.n, 0);
	size_t len2;
	char *after = slurp(p, &len2);
	assert_memory_equal(after, full, len); /* appended, not rewritten */
	/* cut inside the record just appended (a crash while saving) */
	assert_non_null(strstr(after + len, " sized\n"));
	spit(p, after, len2 - 10);
	free(after);
	struct diary_entry e2 = mk("2026-11-21T11:00:00+01:00", 2, "slow");
	assert_int_equal(diary_append_file(p, &e2, &dg), 0);
	assert_true(has_diag(&dg, "was being saved"));
	diags_free(&dg);
	assert_int_equal(diary_open(&d, p, &dg), 0);
	assert_int_equal(dg.n, 0);
	assert_int_equal(d.n, 801);
	assert_true(diary_find(&d, e2.id) >= 0);
	assert_true(diary_find(&d, e.id) < 0);
	diary_close(&d);
	free(full);
}

static void test_no_final_newline(void **state)
{
	(void)state;
	/* Saved by an editor without a final line break: loads as written,
	 * nothing left out (issue 10, item 1). */
	const char text[] = "version: 1\nentries:\n- time: 2026-11-21T08:00:00+01:00\n"
	                    "  pain: 1\n  id: a\n- time: 2026-11-22T08:00:00+01:00\n"
	                    "  pain: 2\n  id: b1";
	struct diary d;
	struct diags dg = {0};
	diary_init(&d);
	assert_int_equal(diary_parse_buffer(&d, "d.yaml", text, sizeof text - 1, &dg), 0);
	assert_int_equal(d.n, 2);
	assert_int_equal(dg.n, 0);
	assert_int_equal((int)d.torn_off, -1);
	assert_int_equal(d.needs_repair, 0);
	diary_close(&d);
	diags_free(&dg);
}

static void add_many(const char *p, int n, int tag, int long_lived)
{
	struct diary d;
	struct diags dg = {0};
	if (long_lived && diary_open(&d, p, &dg) != 0)
		_exit(3);
	for (int i = 0; i < n; i++) {
		struct diary_entry e;
		char note[32];
		diary_entry_init(&e);
		diary_entry_set_time(&e, (time_t)1795336200 + tag * 100000 + i);
		e.pain = (signed char)(i % 11);
		snprintf(note, sizeof note, "writer %d entry %d", tag, i);
		e.note = note;
		int r = long_lived ? diary_add(&d, &e, &dg) : diary_append_file(p, &e, &dg);
		if (r != 0) {
			print_diags(&dg);
			_exit(4);
		}
	}
	if (long_lived)
		diary_close(&d);
	diags_free(&dg);
	_exit(0);
}

static void test_lock_two_writers(void **state)
{
	(void)state;
	/* Twice: a small diary (always the full path) and one past the fast
	 * path's window. Two processes, 200 entries each. */
	for (int round = 0; round < 2; round++) {
		const char *p = tpath(round ? "lock-big/diary.yaml" : "lock/diary.yaml");
		int base = 0;
		if (round) {
			struct diary d, from;
			struct diags dg = {0};
			diary_init(&from);
			for (int i = 0; i < 700; i++) {
				struct diary_entry e =
				    mk("2025-01-01T08:00:00+01:00", 5,
				       "filler filler filler filler filler filler");
				e.t += i;
				assert_int_equal(diary_push(&from, &e), 0);
			}
			assert_int_equal(diary_open(&d, p, &dg), 0);
			assert_int_equal(diary_merge(&d, &from, NULL, NULL, &dg), 0);
			diary_close(&d);
			diary_close(&from);
			base = 700;
		}
		pid_t a = fork();
		if (a == 0)
			add_many(p, 200, 1, 1);
		pid_t b = fork();
		if (b == 0)
			add_many(p, 200, 2, 0);
		int sa, sb;
		waitpid(a, &sa, 0);
		waitpid(b, &sb, 0);
		assert_true(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
		assert_true(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
		struct diary d;
		struct diags dg = {0};
		assert_int_equal(diary_open(&d, p, &dg), 0);
		print_diags(&dg);
		assert_int_equal(dg.n, 0);
		assert_int_equal(d.n, base + 400);
		int seen[3] = {0};
		for (int i = 0; i < d.n; i++) {
			int w, k;
			if (d.v[i].note && sscanf(d.v[i].note, "writer %d entry %d", &w, &k) == 2)
				seen[w]++;
		}
		assert_int_equal(seen[1], 200);
		assert_int_equal(seen[2], 200);
		diary_close(&d);
	}
}

static void check_modes(mode_t mask)
{
	char leaf[64];
	snprintf(leaf, sizeof leaf, "umask%03o/backcare/diary.yaml", (unsigned)mask);
	const char *p = tpath(leaf);
	mode_t old = umask(mask);
	struct diary d;
	struct diags dg = {0};
	assert_int_equal(diary_open(&d, p, &dg), 0);
	struct diary_entry e = mk("2026-11-22T09:30:00+01:00", 3, NULL);
	assert_int_equal(diary_add(&d, &e, &dg), 0);
	/* An update goes through a temporary file: same modes after it. */
	e.pain = 4;
	assert_int_equal(diary_update(&d, &e, &dg), 0);
	umask(old);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	char dir[600];
	snprintf(dir, sizeof dir, "%s", p);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	diary_close(&d);
	diags_free(&dg);
}

static void test_modes(void **state)
{
	(void)state;
	check_modes(0);
	check_modes(077);
	check_modes(022);
}

static void test_symlink(void **state)
{
	(void)state;
	const char *target = tpath("synced/real.yaml");
	const char *link = tpath("data/backcare/diary.yaml");
	mkdir(tpath("synced"), 0700);
	mkdir(tpath("data"), 0700);
	mkdir(tpath("data/backcare"), 0700);
	assert_int_equal(symlink("../../synced/real.yaml", link), 0);

	struct diary d;
	struct diags dg = {0};
	assert_int_equal(diary_open(&d, link, &dg), 0);
	struct diary_entry e = mk("2026-11-22T09:30:00+01:00", 3, "first");
	assert_int_equal(diary_add(&d, &e, &dg), 0); /* creates the target */
	e.note = "updated";
	assert_int_equal(diary_update(&d, &e, &dg), 0);
	struct diary_entry e2 = mk("2026-11-22T10:30:00+01:00", 4, "second");
	assert_int_equal(diary_add(&d, &e2, &dg), 0);
	diary_close(&d);

	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode)); /* the link survived */
	assert_int_equal(lstat(target, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(count_glob(tpath("synced/real.yaml.lock")), 1);
	assert_int_equal(count_glob(tpath("data/backcare/*")), 1); /* only the link */
	assert_int_equal(count_glob(tpath("synced/.real.yaml.tmp-*")), 0);
	assert_int_equal(diary_open(&d, link, &dg), 0);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].note, "updated");
	diary_close(&d);
	diags_free(&dg);
}

static void test_refuse_special(void **state)
{
	(void)state;
	struct diary d;
	struct diags dg = {0};
	struct diary_entry e = mk("2026-11-22T09:30:00+01:00", 3, NULL);

	const char *dir = tpath("isdir");
	mkdir(dir, 0700);
	assert_int_equal(diary_open(&d, dir, &dg), -EISDIR);
	assert_int_equal(d.readonly, 1);
	assert_true(has_diag(&dg, "a directory"));
	assert_int_equal(diary_add(&d, &e, &dg), -EROFS);
	diary_close(&d);
	e.id[0] = '\0';
	assert_true(diary_append_file(dir, &e, &dg) < 0);
	assert_int_equal(count_glob(tpath("isdir/*")), 0);
	assert_int_equal(count_glob(tpath(".isdir.tmp-*")), 0);

	const char *fifo = tpath("fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(diary_open(&d, fifo, &dg), -EINVAL);
	assert_true(has_diag(&dg, "a FIFO"));
	diary_close(&d);
	e.id[0] = '\0';
	assert_true(diary_append_file(fifo, &e, &dg) < 0);
	struct stat st;
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));

	assert_int_equal(diary_open(&d, "/dev/null", &dg), -EINVAL);
	assert_true(has_diag(&dg, "a device"));
	diary_close(&d);
	diags_free(&dg);
}

static void test_change_detection(void **state)
{
	(void)state;
	const char *p = tpath("cd/diary.yaml");
	struct diary a, b;
	struct diags dg = {0};

	assert_int_equal(diary_open(&a, p, &dg), 0);
	struct diary_entry mine = mk("2026-11-20T09:00:00+01:00", 2, "mine");
	assert_int_equal(diary_add(&a, &mine, &dg), 0);

	/* Another writer appends, then another rewrites. */
	assert_int_equal(diary_open(&b, p, &dg), 0);
	struct diary_entry theirs = mk("2026-11-21T09:00:00+01:00", 5, "theirs");
	assert_int_equal(diary_add(&b, &theirs, &dg), 0);
	assert_int_equal(diary_reload_if_changed(&a, &dg), 1);
	assert_int_equal(a.n, 2);
	assert_int_equal(diary_reload_if_changed(&a, &dg), 0);

	struct diary_entry theirs2 = mk("2026-11-22T09:00:00+01:00", 6, "theirs too");
	assert_int_equal(diary_add(&b, &theirs2, &dg), 0);
	theirs.pain = 1;
	assert_int_equal(diary_update(&b, &theirs, &dg), 0);

	/* a has not noticed yet: its update must keep b's work. */
	mine.pain = 9;
	mine.note = "mine, edited";
	assert_int_equal(diary_update(&a, &mine, &dg), 0);
	assert_int_equal(a.n, 3);
	diary_close(&a);
	diary_close(&b);

	assert_int_equal(diary_open(&a, p, &dg), 0);
	assert_int_equal(a.n, 3);
	assert_int_equal(a.v[0].pain, 9);
	assert_string_equal(a.v[0].note, "mine, edited");
	assert_int_equal(a.v[1].pain, 1);
	assert_string_equal(a.v[2].note, "theirs too");

	/* Deleting something another writer already deleted says so. */
	assert_int_equal(diary_open(&b, p, &dg), 0);
	assert_int_equal(diary_delete(&b, theirs2.id, &dg), 0);
	assert_int_equal(diary_delete(&a, theirs2.id, &dg), -ENOENT);
	assert_int_equal(a.n, 2);
	diary_close(&a);
	diary_close(&b);
	diags_free(&dg);
}

/* Issue 13.5: a pain per place is written only where one was given, reads
 * back, counts in the stats; an entry without one is written as before. */
static void test_place_pain(void **state)
{
	(void)state;
	struct diary d;
	struct diags dg = {0};
	unsigned m, set;
	unsigned char pp[DIARY_VOCAB_MAX];
	char bad[64], buf[256];
	int lb = vocab_find(diary_places, diary_nplaces, "lower-back");
	int hl = vocab_find(diary_places, diary_nplaces, "hip-left");

	assert_int_equal(
	    diary_parse_where("lower-back:7, hip-left : 3;neck", &m, &set, pp, bad, sizeof bad),
	    -1);
	assert_string_equal(bad, "neck");
	assert_int_equal(diary_parse_where("lower-back:11", &m, &set, pp, bad, sizeof bad), -2);
	assert_string_equal(bad, "lower-back:11");
	assert_int_equal(diary_parse_where("lower-back:", &m, &set, pp, bad, sizeof bad), -2);
	assert_int_equal(diary_parse_where("lower-back:x", &m, &set, pp, bad, sizeof bad), -2);
	assert_int_equal(
	    diary_parse_where("lower-back:7, hip-left : 3;pelvis", &m, &set, pp, bad, sizeof bad),
	    0);
	assert_int_equal(set, (1u << lb) | (1u << hl));
	assert_int_equal(m, set | 1u << vocab_find(diary_places, diary_nplaces, "pelvis"));
	assert_int_equal(pp[lb], 7);
	assert_int_equal(pp[hl], 3);

	const char *p = tpath("pp/diary.yaml");
	assert_int_equal(diary_open(&d, p, &dg), 0);
	struct diary_entry e = mk("2026-11-20T08:00:00+01:00", 5, NULL);
	e.where = m;
	e.place_set = set;
	memcpy(e.place_pain, pp, sizeof pp);
	diary_format_place_pain(&e, ";", buf, sizeof buf);
	assert_string_equal(buf, "lower-back:7;hip-left:3");
	assert_int_equal(diary_add(&d, &e, &dg), 0);
	struct diary_entry plain = mk("2026-11-21T08:00:00+01:00", 4, NULL);
	plain.where = 1u << lb;
	assert_int_equal(diary_add(&d, &plain, &dg), 0);
	/* a place's own pain for a place not ticked is refused */
	struct diary_entry wrong = mk("2026-11-22T08:00:00+01:00", 4, NULL);
	wrong.where = 1u << lb;
	wrong.place_set = 1u << hl;
	assert_int_equal(diary_add(&d, &wrong, &dg), -EINVAL);
	diags_free(&dg);
	diary_close(&d);

	size_t len;
	char *text = slurp(p, &len);
	assert_non_null(strstr(text, "  where: [lower-back, hip-left, pelvis]\n"
	                             "  place_pain: {lower-back: 7, hip-left: 3}\n"));
	/* exactly one place_pain line: the plain entry has none */
	assert_null(strstr(strstr(text, "place_pain") + 1, "place_pain"));
	free(text);

	assert_int_equal(diary_open(&d, p, &dg), 0);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.v[0].place_set, set);
	assert_int_equal(d.v[0].place_pain[lb], 7);
	assert_int_equal(d.v[0].place_pain[hl], 3);
	assert_int_equal(d.v[1].place_set, 0);
	struct diary_stats s;
	int day = diary_days_from_civil(2026, 11, 20);
	diary_stats(&d, day, day + 1, &s);
	assert_int_equal(s.place_n[lb], 1);
	assert_true(s.place_avg[lb] > 6.99 && s.place_avg[lb] < 7.01);
	assert_int_equal(s.place_n[hl], 1);
	assert_int_equal(s.place_n[vocab_find(diary_places, diary_nplaces, "pelvis")], 0);
	assert_int_equal(s.where_count[lb], 2);
	diary_close(&d);
	diags_free(&dg);

	/* An add stopped inside its place_pain line is a torn record, left
	 * out with a warning, not an error that makes the diary read-only. */
	struct diary_entry third = mk("2026-11-23T08:00:00+01:00", 6, NULL);
	third.where = set;
	third.place_set = set;
	memcpy(third.place_pain, pp, sizeof pp);
	assert_int_equal(diary_append_file(p, &third, &dg), 0);
	diags_free(&dg);
	text = slurp(p, &len);
	/* the marker line says how many bytes follow ("sized"): a cut
	 * record is shorter than announced */
	char *mark = strstr(text, third.id), *sized = mark ? strstr(mark, "sized\n") : NULL;
	assert_non_null(sized);
	char *cut = strstr(sized, "place_pain: {lower-back: 7, hip");
	assert_non_null(cut);
	spit(p, text, (size_t)(cut - text) + 30);
	free(text);
	assert_int_equal(diary_open(&d, p, &dg), 0);
	assert_int_equal(dg.nerrors, 0);
	assert_int_equal(d.readonly, 0);
	assert_int_equal(d.needs_repair, 1);
	assert_int_equal(d.n, 2);
	diary_close(&d);
	diags_free(&dg);
}

static void test_stats_and_days(void **state)
{
	(void)state;
	struct diary d;
	diary_init(&d);
	static const struct {
		const char *t;
		int pain;
		unsigned ctx, helped;
		int verdict;
	} rows[] = {
	    /* previous period (2026-10-23 .. 2026-10-29) */
	    {"2026-10-23T08:00:00+02:00", 8, 1, 0, -1},
	    {"2026-10-29T20:00:00+01:00", 6, 1, 0, -1},
	    /* the period (2026-10-30 .. 2026-11-05) */
	    {"2026-10-30T08:00:00+01:00", 4, 1 | 16, 2, -1},
	    {"2026-10-30T21:00:00+01:00", 2, 16, 2 | 8, -1},
	    {"2026-11-02T07:30:00+01:00", 5, 32, 2, 1},
	    {"2026-11-05T23:59:00+01:00", 1, 16, 8, -1},
	    /* after it */
	    {"2026-11-06T00:01:00+01:00", 10, 1, 0, 3},
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		struct diary_entry e = mk(rows[i].t, rows[i].pain, NULL);
		e.context = rows[i].ctx;
		e.helped = rows[i].helped;
		e.verdict = (signed char)rows[i].verdict;
		diary_new_id(&e);
		assert_int_equal(diary_push(&d, &e), 0);
	}
	diary_sort(&d);
	int from = diary_days_from_civil(2026, 10, 30), to = diary_days_from_civil(2026, 11, 5);
	struct diary_stats s;
	diary_stats(&d, from, to, &s);
	assert_int_equal(s.entries, 4);
	assert_int_equal(s.days, 3);
	assert_true(s.avg > 2.999 && s.avg < 3.001);
	assert_int_equal(s.worst, 5);
	assert_int_equal(s.prev_entries, 2);
	assert_true(s.prev_avg > 6.999 && s.prev_avg < 7.001);
	assert_int_equal(s.prev_worst, 8);
	assert_int_equal(s.context_count[0], 1);
	assert_int_equal(s.context_count[4], 3);
	assert_int_equal(s.context_count[5], 1);
	assert_int_equal(s.helped_count[1], 3);
	assert_int_equal(s.helped_count[3], 2);
	assert_int_equal(s.verdict_count[1], 1);
	assert_int_equal(s.verdict_count[3], 0);
	assert_true(diary_change_noticeable(s.prev_avg, s.avg));
	assert_true(diary_change_noticeable(5.0, 3.5)); /* 30 % */
	assert_false(diary_change_noticeable(5.0, 3.6));
	assert_true(diary_change_noticeable(8.0, 6.0)); /* 2 points */
	assert_false(diary_change_noticeable(8.0, 6.5));

	/* The injected clock decides "today". */
	time_t now = (time_t)1794783600; /* 2026-11-16T00:00:00+01:00 */
	assert_int_equal(diary_today(now), diary_days_from_civil(2026, 11, 16));

	struct diary_day days[7];
	assert_int_equal(diary_days(&d, to, 7, days), 3);
	assert_int_equal(days[0].n, 2);
	assert_true(days[0].avg > 2.999 && days[0].avg < 3.001);
	assert_int_equal(days[0].worst, 4);
	assert_int_equal(days[1].n, 0);
	assert_int_equal(days[1].worst, -1);
	assert_int_equal(days[3].n, 1);
	assert_int_equal(days[6].worst, 1);

	struct diary_stats empty;
	diary_stats(&d, from + 100, to + 100, &empty);
	assert_int_equal(empty.entries, 0);
	assert_int_equal(empty.worst, -1);
	diary_close(&d);
}

static void test_stale_temp_removed(void **state)
{
	(void)state;
	const char *p = tpath("st/diary.yaml");
	write_five(p, NULL);
	spit(tpath("st/.diary.yaml.tmp-abcdef"), "half a rewrite", 14);
	spit(tpath("st/.other.yaml.tmp-abcdef"), "not ours", 8);
	struct diary d;
	struct diags dg = {0};
	assert_int_equal(diary_open(&d, p, &dg), 0);
	assert_int_equal(diary_delete(&d, d.v[0].id, &dg), 0);
	assert_int_equal(count_glob(tpath("st/.diary.yaml.tmp-*")), 0);
	assert_int_equal(count_glob(tpath("st/.other.yaml.tmp-*")), 1);
	diary_close(&d);
}

int main(void)
{
	/* A fixed zone without tzdata: CET with the EU summer rule. */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_civil),
	    cmocka_unit_test_setup_teardown(test_place_pain, setup, teardown),
	    cmocka_unit_test(test_time_parse),
	    cmocka_unit_test(test_vocab),
	    cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_refuses_bad_entry, setup, teardown),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test_setup_teardown(test_version_future, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_broken_never_overwritten, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_torn_record, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_torn_big_file, setup, teardown),
	    cmocka_unit_test(test_no_final_newline),
	    cmocka_unit_test_setup_teardown(test_lock_two_writers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_modes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuse_special, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_change_detection, setup, teardown),
	    cmocka_unit_test(test_stats_and_days),
	    cmocka_unit_test_setup_teardown(test_stale_temp_removed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
