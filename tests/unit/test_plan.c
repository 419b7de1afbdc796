/* test_plan.c — the flare-up plan: plan.yaml round trip, hand edits, a
 * broken file never overwritten, 0600, and the "what helped" suggestion. */
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

#include "diary.h"
#include "plan.h"

static char dir[256], path[300];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/bc-plan-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/sub/plan.yaml", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[400];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *p, const char *s)
{
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static void test_path(void **state)
{
	(void)state;
	char *p = plan_path("/home/a/.local/share/backcare/diary.yaml");
	assert_string_equal(p, "/home/a/.local/share/backcare/plan.yaml");
	free(p);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct plan p = {0}, q;
	struct diags dg = {0};
	/* a missing file is an empty plan, nothing created */
	assert_int_equal(plan_load(&q, path, &dg), 0);
	assert_true(plan_empty(&q));
	assert_int_equal(access(path, F_OK), -1);

	assert_int_equal(
	    plan_set(&p, PLAN_SIGNS, "  Stiff on waking\nPain into the left buttock  "), 0);
	assert_int_equal(plan_set(&p, PLAN_CALL, "GP: \"Dr Lee\" 01234 \\ 567"), 0);
	assert_int_equal(plan_set(&p, PLAN_MEDS, "   "), 0);
	assert_null(p.text[PLAN_MEDS]);
	assert_int_equal(plan_set(&p, PLAN_KEEP, "\xff"), -EINVAL);
	assert_int_equal(plan_save(&p, path, &dg), 0);
	assert_int_equal(dg.n, 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	assert_int_equal(plan_load(&q, path, &dg), 0);
	assert_string_equal(q.text[PLAN_SIGNS], "Stiff on waking\nPain into the left buttock");
	assert_string_equal(q.text[PLAN_CALL], "GP: \"Dr Lee\" 01234 \\ 567");
	assert_null(q.text[PLAN_MEDS]);
	plan_free(&q);
	plan_free(&p);
}

static void test_hand_edit(void **state)
{
	(void)state;
	struct plan q;
	struct diags dg = {0};
	const char *hand =
	    "\xef\xbb\xbfversion: 1\r\nkeep-doing: |\r\n  Walk 10 minutes\r\n  Stretch\r\n"
	    "who-to-call: Physio on 555\r\n";
	assert_int_equal(plan_parse(&q, "plan.yaml", hand, strlen(hand), &dg), 0);
	assert_string_equal(q.text[PLAN_KEEP], "Walk 10 minutes\nStretch");
	assert_string_equal(q.text[PLAN_CALL], "Physio on 555");
	plan_free(&q);
}

static void test_broken_never_overwritten(void **state)
{
	(void)state;
	struct plan p = {0}, q;
	struct diags dg = {0};
	char sub[300];
	snprintf(sub, sizeof sub, "%s/sub", dir);
	mkdir(sub, 0700);
	const char *broken = "version: 1\nearly-signs: \"stiff\"\nwho-to-cal: me\n";
	write_file(path, broken);
	assert_int_equal(plan_load(&q, path, &dg), -EINVAL);
	assert_true(q.readonly);
	assert_int_equal(dg.n, 1);
	assert_non_null(strstr(dg.v[0].text, "plan.yaml:3:1:"));
	assert_non_null(strstr(dg.v[0].text, "who-to-cal"));
	diags_free(&dg);

	plan_set(&p, PLAN_SIGNS, "new");
	assert_int_equal(plan_save(&p, path, &dg), -EROFS);
	diags_free(&dg);
	FILE *f = fopen(path, "r");
	char buf[256] = "";
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, broken);

	/* a newer major version is refused too */
	const char *newer = "version: 2\n";
	assert_int_equal(plan_parse(&q, "plan.yaml", newer, strlen(newer), &dg), -EINVAL);
	diags_free(&dg);
	/* a list where text belongs */
	const char *list = "version: 1\nease-off: [a, b]\n";
	assert_int_equal(plan_parse(&q, "plan.yaml", list, strlen(list), &dg), -EINVAL);
	assert_non_null(strstr(dg.v[0].text, ":2:11:"));
	diags_free(&dg);
	plan_free(&p);
}

static void test_helped_suggestion(void **state)
{
	(void)state;
	struct diary d;
	char buf[256];
	unsigned heat = 1u << vocab_find(diary_helped, diary_nhelped, "heat");
	unsigned walk = 1u << vocab_find(diary_helped, diary_nhelped, "walking");
	unsigned nothing = 1u << vocab_find(diary_helped, diary_nhelped, "nothing");
	unsigned masks[] = {heat, heat | walk, walk, heat, nothing, nothing, nothing};

	diary_init(&d);
	assert_int_equal(plan_helped_suggestion(&d, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	for (size_t i = 0; i < sizeof masks / sizeof *masks; i++) {
		struct diary_entry e;
		diary_entry_init(&e);
		diary_entry_set_time(&e, 1795348800 + (time_t)i * 3600);
		e.pain = 3;
		e.helped = masks[i];
		diary_new_id(&e);
		assert_int_equal(diary_push(&d, &e), 0);
	}
	plan_helped_suggestion(&d, buf, sizeof buf);
	assert_string_equal(buf, "Heat (3), Walking (2)");
	diary_close(&d);
}

/* A15: a save after an edit of one part writes the other parts as the
 * file had them, spaces and line breaks around them included. */
static void test_untouched_parts_kept(void **state)
{
	(void)state;
	struct plan p, q;
	struct diags dg = {0};
	char sub[600];
	snprintf(sub, sizeof sub, "%s/sub", dir);
	mkdir(sub, 0700);
	write_file(path, "version: 1\nearly-signs: \"hand  written  \"\nmedicines: \"  leading\"\n"
	                 "keep-doing: |\n  Walk\n  Stretch\nwho-to-call: \"GP 0123\"\n");
	assert_int_equal(plan_load(&p, path, &dg), 0);
	assert_string_equal(p.text[PLAN_SIGNS], "hand  written"); /* shown trimmed */
	assert_int_equal(plan_set(&p, PLAN_EASE, "eased"), 0);
	assert_int_equal(plan_set(&p, PLAN_CALL, "GP 0456  "), 0); /* edited: trimmed */
	assert_int_equal(plan_save(&p, path, &dg), 0);
	plan_free(&p);
	assert_int_equal(plan_load(&q, path, &dg), 0);
	assert_string_equal(q.raw[PLAN_SIGNS], "hand  written  ");
	assert_string_equal(q.raw[PLAN_MEDS], "  leading");
	assert_string_equal(q.raw[PLAN_KEEP], "Walk\nStretch\n");
	assert_string_equal(q.text[PLAN_EASE], "eased");
	assert_null(q.raw[PLAN_CALL]);
	assert_string_equal(q.text[PLAN_CALL], "GP 0456");
	plan_free(&q);
	diags_free(&dg);
}

/* B7: a save of a plan with the person's own comments keeps the file as
 * it was beside it (plan.yaml.comments-*) and says so; saving the same
 * again makes no second copy; a plan without comments gets none. */
static void test_comments_kept(void **state)
{
	(void)state;
	struct plan p;
	struct diags dg = {0};
	char sub[600], pat[700], cmd[2000];
	snprintf(sub, sizeof sub, "%s/sub", dir);
	mkdir(sub, 0700);
	const char text[] = "version: 1\n# phone numbers: GP 0123 456, physio 0987\n"
	                    "early-signs: \"a\"  # from my physio\nmedicines: \"ibu\"\n";
	write_file(path, text);
	assert_int_equal(plan_load(&p, path, &dg), 0);
	assert_int_equal(plan_set(&p, PLAN_EASE, "x"), 0);
	assert_int_equal(plan_save(&p, path, &dg), 0);
	int warned = 0;
	for (int i = 0; i < dg.n; i++)
		warned |= strstr(dg.v[i].text, "comments") != NULL;
	assert_true(warned);
	snprintf(pat, sizeof pat, "%s/plan.yaml.comments-*", sub);
	snprintf(cmd, sizeof cmd, "test $(ls %s | wc -l) = 1 && cmp -s %s '%s'", pat, pat,
	         "/dev/stdin");
	FILE *f = popen(cmd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(pclose(f), 0); /* one copy, the file as it was */
	/* saved again (no comments now): no warning, no second copy */
	assert_int_equal(plan_set(&p, PLAN_EASE, "y"), 0);
	diags_free(&dg);
	assert_int_equal(plan_save(&p, path, &dg), 0);
	assert_int_equal(dg.n, 0);
	snprintf(cmd, sizeof cmd, "test $(ls %s | wc -l) = 1", pat);
	assert_int_equal(system(cmd), 0);
	plan_free(&p);
	diags_free(&dg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_path),
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test(test_hand_edit),
	    cmocka_unit_test_setup_teardown(test_broken_never_overwritten, setup, teardown),
	    cmocka_unit_test(test_helped_suggestion),
	    cmocka_unit_test_setup_teardown(test_untouched_parts_kept, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_comments_kept, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
