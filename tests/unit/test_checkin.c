/* test_checkin.c — weekly check-ins (PEG score, values, export/import),
 * what is due with an injected clock, and the "what seems to help"
 * comparisons and their thresholds. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "checkin.h"
#include "diary.h"

static struct checkin ck(const char *when, int p, int e, int a)
{
	struct checkin c;
	struct diary_entry t;
	checkin_init(&c);
	diary_entry_init(&t);
	assert_int_equal(diary_parse_time(when, &t), 0);
	checkin_time_from(&c, &t);
	c.pain = (signed char)p;
	c.enjoyment = (signed char)e;
	c.activity = (signed char)a;
	return c;
}

static void add_entry(struct diary *d, const char *when, int pain, unsigned context,
                      unsigned helped)
{
	struct diary_entry e;
	diary_entry_init(&e);
	assert_int_equal(diary_parse_time(when, &e), 0);
	e.pain = (signed char)pain;
	e.context = context;
	e.helped = helped;
	diary_new_id(&e);
	assert_int_equal(diary_push(d, &e), 0);
}

static void test_score_and_values(void **state)
{
	(void)state;
	struct checkin c = ck("2026-11-22T09:30:00+01:00", 6, 5, 4);
	assert_true(checkin_score(&c) > 4.999 && checkin_score(&c) < 5.001);
	c = ck("2026-11-22T09:30:00+01:00", 7, 8, 6);
	assert_true(checkin_score(&c) > 6.99 && checkin_score(&c) < 7.01);
	assert_null(checkin_check(&c));
	c.enjoyment = 11;
	assert_non_null(checkin_check(&c));
	c.enjoyment = -1;
	assert_non_null(checkin_check(&c));

	assert_int_equal(checkin_parse_value("0"), 0);
	assert_int_equal(checkin_parse_value("10"), 10);
	assert_int_equal(checkin_parse_value("11"), -1);
	assert_int_equal(checkin_parse_value("-1"), -1);
	assert_int_equal(checkin_parse_value("5.5"), -1);
	assert_int_equal(checkin_parse_value(""), -1);
	assert_int_equal(checkin_parse_value("007"), -1);

	/* about one point is a change people notice */
	assert_true(checkin_change_noticeable(6.0, 5.0));
	assert_true(checkin_change_noticeable(5.0, 6.3));
	assert_false(checkin_change_noticeable(6.0, 5.34));
}

/* An injected clock: 2026-11-22 12:00 UTC. */
#define NOW 1795348800LL

static void test_due(void **state)
{
	(void)state;
	struct diary d;
	diary_init(&d);
	setenv("TZ", "UTC", 1);
	tzset();
	/* an empty diary: both due */
	assert_int_equal(diary_due(&d, (time_t)NOW), DUE_ENTRY | DUE_CHECKIN);
	/* yesterday's entry does not count for today */
	add_entry(&d, "2026-11-21T20:00:00+00:00", 4, 0, 0);
	assert_int_equal(diary_due(&d, (time_t)NOW) & DUE_ENTRY, DUE_ENTRY);
	add_entry(&d, "2026-11-22T08:00:00+00:00", 4, 0, 0);
	diary_sort(&d);
	assert_int_equal(diary_due(&d, (time_t)NOW) & DUE_ENTRY, 0);

	/* a check-in 7 days and 1 minute ago: due; 6 days 23 hours ago: not */
	struct checkin c[2] = {ck("2026-11-15T11:59:00+00:00", 5, 5, 5)};
	d.ck = c;
	d.nck = 1;
	assert_int_equal(diary_due(&d, (time_t)NOW), DUE_CHECKIN);
	c[0] = ck("2026-11-15T13:00:00+00:00", 5, 5, 5);
	assert_int_equal(diary_due(&d, (time_t)NOW), 0);
	/* the next morning the entry is due again */
	c[0] = ck("2026-11-20T13:00:00+00:00", 5, 5, 5);
	assert_int_equal(diary_due(&d, (time_t)(NOW + 86400)), DUE_ENTRY);
	d.ck = NULL;
	d.nck = 0;
	diary_close(&d);
}

static void test_trend(void **state)
{
	(void)state;
	struct diary d;
	struct checkin_trend t;
	struct checkin c[4] = {
	    ck("2026-11-01T10:00:00+00:00", 6, 6, 7), ck("2026-11-08T10:00:00+00:00", 6, 6, 6),
	    ck("2026-11-15T10:00:00+00:00", 6, 5, 6), ck("2026-11-22T10:00:00+00:00", 5, 5, 5)};
	int day = diary_days_from_civil(2026, 11, 1);

	diary_init(&d);
	checkin_trend(&d, day, day + 29, &t);
	assert_int_equal(t.last, -1);
	d.ck = c;
	d.nck = 1;
	checkin_trend(&d, day, day + 29, &t);
	assert_int_equal(t.last, 0);
	assert_int_equal(t.prev, -1);
	assert_int_equal(t.first, -1);
	d.nck = 4;
	checkin_trend(&d, day, day + 29, &t);
	assert_int_equal(t.last, 3);
	assert_int_equal(t.prev, 2);
	assert_int_equal(t.first, 0);
	/* the period starts after the first: the second is the first of it */
	checkin_trend(&d, day + 2, day + 29, &t);
	assert_int_equal(t.first, 1);
	/* up to an earlier day: the later ones are not there yet */
	checkin_trend(&d, day, day + 10, &t);
	assert_int_equal(t.last, 1);
	assert_int_equal(t.prev, 0);
	assert_int_equal(t.first, -1); /* nothing older than prev */
	d.ck = NULL;
	d.nck = 0;
	diary_close(&d);
}

static void test_compare_thresholds(void **state)
{
	(void)state;
	struct diary d;
	struct comparison c[32];
	char when[40];
	unsigned sex = 1u << vocab_find(diary_contexts, diary_ncontexts, "after-sex");
	unsigned heat = 1u << vocab_find(diary_helped, diary_nhelped, "heat");
	int day0 = diary_days_from_civil(2026, 11, 1);

	diary_init(&d);
	/* 4 entries after sex (pain 6), 5 without (pain 3): too few with it */
	for (int i = 0; i < 9; i++) {
		snprintf(when, sizeof when, "2026-11-%02dT09:00:00+00:00", i + 1);
		add_entry(&d, when, i < 4 ? 6 : 3, i < 4 ? sex : 0, 0);
	}
	diary_sort(&d);
	assert_int_equal(diary_compare(&d, day0, day0 + 29, c, 32), 0);
	/* a fifth: now there is something to show */
	add_entry(&d, "2026-11-10T09:00:00+00:00", 7, sex, heat);
	diary_sort(&d);
	int n = diary_compare(&d, day0, day0 + 29, c, 32);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].kind, COMPARE_CONTEXT);
	assert_string_equal(diary_contexts[c[0].index].id, "after-sex");
	assert_int_equal(c[0].n_with, 5);
	assert_int_equal(c[0].n_without, 5);
	assert_true(c[0].with > 6.19 && c[0].with < 6.21); /* (6*4+7)/5 */
	assert_true(c[0].without > 2.99 && c[0].without < 3.01);
	/* outside the period: nothing */
	assert_int_equal(diary_compare(&d, day0 + 30, day0 + 60, c, 32), 0);
	/* max is respected */
	assert_int_equal(diary_compare(&d, day0, day0 + 29, c, 0), 0);
	diary_close(&d);
}

static char *export_to_string(int json, const struct checkin *v, int n, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	assert_non_null(f);
	assert_int_equal(json ? checkin_export_json(f, v, n) : checkin_export_csv(f, v, n), 0);
	fclose(f);
	return buf;
}

static void test_export_import_round_trip(void **state)
{
	(void)state;
	struct checkin v[2] = {ck("2026-11-15T09:30:00+01:00", 6, 5, 4),
	                       ck("2026-11-22T20:05:00-05:00", 3, 2, 10)};
	for (int json = 0; json < 2; json++) {
		size_t len;
		char *s = export_to_string(json, v, 2, &len);
		struct diags dg = {0};
		struct checkin *got;
		int n;
		if (!json)
			assert_string_equal(s, "time,score,pain,enjoyment,activity\r\n"
			                       "2026-11-15T09:30:00+01:00,5.0,6,5,4\r\n"
			                       "2026-11-22T20:05:00-05:00,5.0,3,2,10\r\n");
		assert_int_equal(checkin_export_detect(s, len, json), 1);
		assert_int_equal(checkin_import("x", s, len, json, &got, &n, &dg), 0);
		assert_int_equal(dg.n, 0);
		assert_int_equal(n, 2);
		for (int i = 0; i < 2; i++)
			assert_true(checkin_same(&got[i], &v[i]));
		assert_int_equal(got[1].off_min, -300);
		free(got);
		free(s);
	}
	/* an entry export is not a check-in export */
	const char *entries = "id,time,pain,where,feels,context,helped,med,note,verdict\r\n";
	assert_int_equal(checkin_export_detect(entries, strlen(entries), 0), 0);
	const char *ej = "[{\"id\": \"a\", \"time\": \"2026-11-15T09:30:00+01:00\", \"pain\": 3}]";
	assert_int_equal(checkin_export_detect(ej, strlen(ej), 1), 0);
}

static void test_import_refuses_bad_rows(void **state)
{
	(void)state;
	const char *csv = "time,score,pain,enjoyment,activity\n"
	                  "2026-11-15T09:30:00+01:00,5.0,6,5,4\n"
	                  "2026-11-16T09:30:00+01:00,5.0,6,11,4\n";
	struct diags dg = {0};
	struct checkin *got;
	int n;
	assert_int_equal(checkin_import("c.csv", csv, strlen(csv), 0, &got, &n, &dg), -EINVAL);
	assert_null(got);
	assert_int_equal(n, 0);
	assert_int_equal(dg.n, 1);
	assert_non_null(strstr(dg.v[0].text, "c.csv:3"));
	diags_free(&dg);

	const char *json = "[\n {\"time\": \"2026-11-15T09:30:00+01:00\", \"pain\": 6,\n"
	                   "  \"enjoyment\": 5}\n]";
	assert_int_equal(checkin_import("c.json", json, strlen(json), 1, &got, &n, &dg), -EINVAL);
	assert_int_equal(dg.n, 1);
	assert_non_null(strstr(dg.v[0].text, "c.json:2:2"));
	diags_free(&dg);
}

/* --- in the diary file ------------------------------------------------------ */

static char tdir[256], tfile[300];

static int setup(void **state)
{
	(void)state;
	snprintf(tdir, sizeof tdir, "%s/bc-ck-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tdir))
		return -1;
	snprintf(tfile, sizeof tfile, "%s/diary.yaml", tdir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[400];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 1 << 16);
	assert_non_null(f);
	fread(buf, 1, (1 << 16) - 1, f);
	fclose(f);
	return buf;
}

static void spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static const char older[] = "# an older diary, without check-ins\n"
                            "version: 1\n"
                            "entries:\n"
                            "- time: 2026-11-20T09:00:00+00:00\n"
                            "  pain: 5\n"
                            "  id: a1\n";

static void test_older_diary_loads_unchanged(void **state)
{
	(void)state;
	struct diary d;
	struct diags dg = {0};
	spit(tfile, older);
	assert_int_equal(diary_open(&d, tfile, &dg), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.nck, 0);
	assert_int_equal(dg.n, 0);
	diary_close(&d);
	char *now = slurp(tfile);
	assert_string_equal(now, older); /* a read never writes */
	free(now);
}

static void test_file_round_trip(void **state)
{
	(void)state;
	struct diary d, e;
	struct diags dg = {0};
	spit(tfile, older);
	assert_int_equal(diary_open(&d, tfile, &dg), 0);
	struct checkin a = ck("2026-11-22T09:30:00+01:00", 6, 5, 4);
	struct checkin b = ck("2026-11-15T08:00:00-05:00", 7, 8, 6);
	assert_int_equal(diary_checkin_add(&d, &a, &dg), 0);
	assert_int_equal(diary_checkin_add(&d, &b, &dg), 0);
	assert_int_equal(diary_checkin_add(&d, &b, &dg), 0); /* again: nothing new */
	assert_int_equal(d.nck, 2);
	assert_true(checkin_same(&d.ck[0], &b)); /* oldest first */
	char *text = slurp(tfile);
	assert_non_null(
	    strstr(text, "version: 1\ncheckins:\n"
	                 "- {time: 2026-11-15T08:00:00-05:00, pain: 7, enjoyment: 8, activity: 6}\n"
	                 "- {time: 2026-11-22T09:30:00+01:00, pain: 6, enjoyment: 5, activity: 4}\n"
	                 "entries:\n"));
	free(text);
	/* an entry added, updated and deleted: the check-ins stay */
	struct diary_entry x;
	diary_entry_init(&x);
	assert_int_equal(diary_parse_time("2026-11-21T10:00:00+00:00", &x), 0);
	x.pain = 3;
	assert_int_equal(diary_add(&d, &x, &dg), 0);
	x.pain = 4;
	assert_int_equal(diary_update(&d, &x, &dg), 0);
	assert_int_equal(diary_delete(&d, "a1", &dg), 0);
	diary_close(&d);
	/* the first rewrite said that the file's own comment is kept beside
	 * it (A4), once */
	assert_int_equal(dg.n, 1);
	diags_free(&dg);
	assert_int_equal(diary_open(&e, tfile, &dg), 0);
	assert_int_equal(dg.n, 0);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.nck, 2);
	assert_true(checkin_same(&e.ck[1], &a));
	assert_int_equal(e.ck[1].off_min, 60);
	diary_close(&e);
}

static void test_hand_edit_and_errors(void **state)
{
	(void)state;
	struct diary d;
	struct diags dg = {0};
	/* block style, keys in any order, after entries: all fine to read */
	const char *hand = "version: 1\nentries:\n- time: 2026-11-20T09:00:00+00:00\n  pain: 5\n"
	                   "  id: a1\ncheckins:\n- activity: 2\n  pain: 3\n  enjoyment: 4\n"
	                   "  time: 2026-11-22 09:30\n";
	spit(tfile, hand);
	assert_int_equal(diary_open(&d, tfile, &dg), 0);
	assert_int_equal(d.nck, 1);
	assert_int_equal(d.ck[0].activity, 2);
	assert_int_equal(d.append_ok, 0); /* entries are not last */
	diary_close(&d);

	const char *bad =
	    "version: 1\ncheckins:\n- {time: 2026-11-22T09:30:00+00:00, pain: 12, "
	    "enjoyment: 5, activity: 4}\n- {time: 2026-11-23T09:30:00+00:00, pain: 1}\n"
	    "entries:\n";
	spit(tfile, bad);
	assert_int_equal(diary_open(&d, tfile, &dg), -EINVAL);
	assert_true(d.readonly);
	assert_int_equal(dg.n, 2);
	assert_non_null(strstr(dg.v[0].text, "diary.yaml:3:43:"));
	assert_non_null(strstr(dg.v[0].text, "'12'"));
	assert_non_null(strstr(dg.v[1].text, "diary.yaml:4:3:"));
	assert_non_null(strstr(dg.v[1].text, "enjoyment"));
	diags_free(&dg);
	struct checkin a = ck("2026-11-22T09:30:00+01:00", 6, 5, 4);
	assert_int_equal(diary_checkin_add(&d, &a, &dg), -EROFS);
	diags_free(&dg);
	diary_close(&d);
	char *now = slurp(tfile);
	assert_string_equal(now, bad);
	free(now);
}

/* The streamed path gives what the in-memory one does, and keeps the
 * check-ins but no entry. */
static void test_open_extras(void **state)
{
	(void)state;
	struct diary d;
	struct diags dg = {0};
	struct compare_acc acc;
	struct comparison a[32], b[32];
	unsigned sex = 1u << vocab_find(diary_contexts, diary_ncontexts, "after-sex");
	char when[40];
	int day0 = diary_days_from_civil(2026, 11, 1);

	assert_int_equal(diary_open(&d, tfile, &dg), 0);
	for (int i = 0; i < 12; i++) {
		struct diary_entry e;
		diary_entry_init(&e);
		snprintf(when, sizeof when, "2026-11-%02dT09:00:00+00:00", i + 1);
		assert_int_equal(diary_parse_time(when, &e), 0);
		e.pain = (signed char)(i % 2 ? 6 : 2);
		e.context = i % 2 ? sex : 0;
		assert_int_equal(diary_add(&d, &e, &dg), 0);
	}
	struct checkin c = ck("2026-11-22T09:30:00+01:00", 6, 5, 4);
	assert_int_equal(diary_checkin_add(&d, &c, &dg), 0);
	int na = diary_compare(&d, day0, day0 + 29, a, 32);
	diary_close(&d);

	compare_acc_init(&acc, day0, day0 + 29);
	assert_int_equal(diary_open_extras(&d, tfile, &acc, &dg), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(d.nck, 1);
	assert_true(checkin_same(&d.ck[0], &c));
	int nb = compare_acc_result(&acc, b, 32);
	diary_close(&d);
	assert_int_equal(na, 1);
	assert_int_equal(nb, na);
	assert_int_equal(b[0].n_with, 6);
	assert_true(b[0].with == a[0].with && b[0].without == a[0].without);
	assert_true(b[0].with > 5.99 && b[0].without < 2.01);
	diags_free(&dg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_score_and_values),
	    cmocka_unit_test(test_due),
	    cmocka_unit_test(test_trend),
	    cmocka_unit_test(test_compare_thresholds),
	    cmocka_unit_test(test_export_import_round_trip),
	    cmocka_unit_test(test_import_refuses_bad_rows),
	    cmocka_unit_test_setup_teardown(test_older_diary_loads_unchanged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hand_edit_and_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_extras, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
