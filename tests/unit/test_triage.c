/* test_triage.c — the red-flag verdict: the worst ticked level wins and
 * the reasons come most urgent first, in file order within a level. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "triage.h"

/* A checklist built by hand so the test does not depend on the loader:
 * levels interleaved so that file order and urgency order differ. */
static struct check_item items[] = {
	{.id = "history", .level = LEVEL_SOON},
	{.id = "numb", .level = LEVEL_EMERGENCY},
	{.id = "fever", .level = LEVEL_URGENT},
	{.id = "discharge", .level = LEVEL_SOON},
	{.id = "bleed", .level = LEVEL_EMERGENCY},
	{.id = "night", .level = LEVEL_URGENT},
};
#define NITEMS ((int)(sizeof items / sizeof *items))

static struct checklist cl = {.items = items, .n = NITEMS};

/* Ticks the items named in the NULL-terminated list. */
static void tick(bool *ticked, const char *const *ids)
{
	memset(ticked, 0, NITEMS * sizeof *ticked);
	for (; *ids; ids++) {
		int i = checklist_find(&cl, *ids);
		assert_true(i >= 0);
		ticked[i] = true;
	}
}

static void expect(const char *const *ids, enum level level, const int *reasons, int n)
{
	bool ticked[NITEMS];
	struct verdict v;

	tick(ticked, ids);
	assert_int_equal(triage_evaluate(&cl, ticked, &v), 0);
	assert_int_equal(v.level, level);
	assert_int_equal(v.nreasons, n);
	for (int i = 0; i < n; i++)
		assert_int_equal(v.reasons[i], reasons[i]);
	verdict_free(&v);
	assert_null(v.reasons);
	assert_int_equal(v.nreasons, 0);
}

static void test_nothing_ticked(void **state)
{
	static const char *const none[] = {NULL};
	struct verdict v;
	(void)state;

	expect(none, LEVEL_SELFCARE, NULL, 0);
	/* No ticks array at all reads the same. */
	assert_int_equal(triage_evaluate(&cl, NULL, &v), 0);
	assert_int_equal(v.level, LEVEL_SELFCARE);
	assert_int_equal(v.nreasons, 0);
	assert_null(v.reasons);
	verdict_free(&v);
}

static void test_each_level_alone(void **state)
{
	static const char *const soon[] = {"history", NULL};
	static const char *const urgent[] = {"fever", NULL};
	static const char *const emergency[] = {"numb", NULL};
	(void)state;

	expect(soon, LEVEL_SOON, (int[]){0}, 1);
	expect(urgent, LEVEL_URGENT, (int[]){2}, 1);
	expect(emergency, LEVEL_EMERGENCY, (int[]){1}, 1);
}

static void test_worst_wins(void **state)
{
	static const char *const soon_urgent[] = {"history", "night", NULL};
	static const char *const soon_emergency[] = {"discharge", "bleed", NULL};
	static const char *const urgent_emergency[] = {"fever", "numb", NULL};
	static const char *const two_soon[] = {"discharge", "history", NULL};
	(void)state;

	expect(soon_urgent, LEVEL_URGENT, (int[]){5, 0}, 2);
	expect(soon_emergency, LEVEL_EMERGENCY, (int[]){4, 3}, 2);
	expect(urgent_emergency, LEVEL_EMERGENCY, (int[]){1, 2}, 2);
	/* Within a level, file order whatever order they were ticked in. */
	expect(two_soon, LEVEL_SOON, (int[]){0, 3}, 2);
}

static void test_all_ticked(void **state)
{
	static const char *const all[] = {"history", "numb", "fever", "discharge",
					  "bleed", "night", NULL};
	(void)state;

	expect(all, LEVEL_EMERGENCY, (int[]){1, 4, 2, 5, 0, 3}, 6);
}

static void test_empty_checklist(void **state)
{
	struct checklist empty = {0};
	struct verdict v;
	bool ticked[1] = {true};
	(void)state;

	assert_int_equal(triage_evaluate(&empty, ticked, &v), 0);
	assert_int_equal(v.level, LEVEL_SELFCARE);
	assert_int_equal(v.nreasons, 0);
	verdict_free(&v);
	verdict_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_ticked),
		cmocka_unit_test(test_each_level_alone),
		cmocka_unit_test(test_worst_wins),
		cmocka_unit_test(test_all_ticked),
		cmocka_unit_test(test_empty_checklist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
