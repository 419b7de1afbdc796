/* test_triage.c — the red-flag verdict: the worst ticked level wins and
 * the reasons come most urgent first, in file order within a level; each
 * reason gets the card about it (triage_suggest), by hand and in the
 * shipped content of every language (run from the source tree). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage.h"

/* A checklist built by hand so the test does not depend on the loader:
 * levels interleaved so that file order and urgency order differ. */
static struct check_item items[] = {
    {.id = "history", .level = LEVEL_SOON},    {.id = "numb", .level = LEVEL_EMERGENCY},
    {.id = "fever", .level = LEVEL_URGENT},    {.id = "discharge", .level = LEVEL_SOON},
    {.id = "bleed", .level = LEVEL_EMERGENCY}, {.id = "night", .level = LEVEL_URGENT},
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
	static const char *const all[] = {"history", "numb",  "fever", "discharge",
	                                  "bleed",   "night", NULL};
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

/* --- the card about each ticked sign ------------------------------------ */

static struct card_flag fl_a[] = {{"numb", LEVEL_EMERGENCY, 1, 1}, {"fever", LEVEL_URGENT, 2, 1}};
static struct card_flag fl_b[] = {{"numb", LEVEL_EMERGENCY, 1, 1}};
static struct card_flag fl_c[] = {
    {"fever", LEVEL_URGENT, 1, 1}, {"night", LEVEL_URGENT, 1, 1}, {"discharge", LEVEL_SOON, 1, 1}};
static struct card fake_cards[] = {
    {.id = "general", .flags = fl_a, .nflags = 2},
    {.id = "nerves", .flags = fl_b, .nflags = 1},
    {.id = "infection", .flags = fl_c, .nflags = 3},
    {.id = "unflagged"},
};

static void test_suggest_by_hand(void **state)
{
	static const char *const ids[] = {"numb", "fever", "history", "discharge", NULL};
	struct check_item gi[NITEMS];
	struct checklist gcl = {.items = gi, .n = NITEMS};
	struct card_set set = {.v = fake_cards, .n = 4};
	bool ticked[NITEMS];
	struct verdict v;
	(void)state;

	/* groups: numb alone in the spine; fever, night, discharge infection */
	memcpy(gi, items, sizeof gi);
	for (int i = 0; i < NITEMS; i++)
		gi[i].group = strcmp(gi[i].id, "numb") && strcmp(gi[i].id, "history")
		                  ? GROUP_INFECTION
		                  : GROUP_SPINE;
	tick(ticked, ids);
	assert_int_equal(triage_evaluate(&gcl, ticked, &v), 0);
	assert_null(v.cards);
	assert_int_equal(triage_suggest(&gcl, &set, &v), 0);
	assert_non_null(v.cards);
	/* reasons: numb (emergency), fever (urgent), history, discharge (soon) */
	assert_int_equal(v.nreasons, 4);
	/* numb: "nerves" is all about the spine; "general" only half */
	assert_int_equal(v.reasons[0], 1);
	assert_int_equal(v.cards[0], 1);
	/* fever: "infection" has 3 of 3 flags in its group, "general" 1 of 2 */
	assert_int_equal(v.cards[1], 2);
	/* history: no card names it */
	assert_int_equal(v.cards[2], -1);
	assert_int_equal(v.cards[3], 2);
	verdict_free(&v);
	assert_null(v.cards);

	/* nothing ticked: nothing to suggest, no allocation */
	memset(ticked, 0, sizeof ticked);
	assert_int_equal(triage_evaluate(&gcl, ticked, &v), 0);
	assert_int_equal(triage_suggest(&gcl, &set, &v), 0);
	assert_null(v.cards);
	verdict_free(&v);
}

/* The shipped content: in every language the flags all hold (none is
 * dropped), every emergency sign has a card, and the signs below get the
 * card a reader would expect. */
static void test_suggest_shipped(void **state)
{
	static const char *const langs[] = {"en", "zh_CN", "ar"};
	static const struct {
		const char *item, *card;
	} want[] = {
	    {"kidney-signs", "urinary-and-kidney-infection"},
	    {"fever-unwell", "urinary-and-kidney-infection"},
	    {"sepsis-signs", "urinary-and-kidney-infection"},
	    {"saddle-numbness", "disc-and-sciatica"},
	    {"sciatica-persisting", "disc-and-sciatica"},
	    {"pelvic-infection-signs", "pelvic-inflammatory-disease"},
	    {"pelvic-pain-severe", "pelvic-inflammatory-disease"},
	    {"testicle-sudden-pain", "after-sex-men"},
	    {"testicle-lump", "after-sex-men"},
	    {"miscarriage-infection", "after-miscarriage-warning-signs"},
	    {"kidney-stone-pain", "other-causes-stones-cysts"},
	    {"not-improving", "when-to-see-a-doctor"},
	    {"sex-sudden-pelvic-pain", "after-sex-women"},
	    {"pain-72h-after-sex", "after-sex-anyone"},
	};
	(void)state;

	for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
		char dir[64];
		struct card_set set;
		struct checklist cl2;
		struct diags d = {0};
		bool *ticked;
		struct verdict v;

		snprintf(dir, sizeof dir, "content/%s", langs[l]);
		assert_int_equal(content_load_cards(dir, &set, &d), 0);
		assert_int_equal(content_load_checklist(dir, &cl2, &d), 0);
		assert_int_equal(content_check_red_flags(&set, &cl2, &d), 0);
		if (d.n)
			print_message("%s: %s\n", langs[l], d.v[0].text);
		assert_int_equal(d.n, 0);
		ticked = calloc((size_t)cl2.n, sizeof *ticked);
		assert_non_null(ticked);
		for (int i = 0; i < cl2.n; i++)
			ticked[i] = true;
		assert_int_equal(triage_evaluate(&cl2, ticked, &v), 0);
		assert_int_equal(triage_suggest(&cl2, &set, &v), 0);
		for (int k = 0; k < v.nreasons; k++) {
			const struct check_item *it = &cl2.items[v.reasons[k]];
			if (it->level == LEVEL_EMERGENCY && v.cards[k] < 0)
				fail_msg("%s: emergency sign '%s' has no card", langs[l], it->id);
			for (size_t w = 0; w < sizeof want / sizeof *want; w++)
				if (!strcmp(it->id, want[w].item)) {
					if (v.cards[k] < 0 ||
					    strcmp(set.v[v.cards[k]].id, want[w].card))
						fail_msg("%s: '%s' suggests '%s', expected '%s'",
						         langs[l], it->id,
						         v.cards[k] < 0 ? "(none)"
						                        : set.v[v.cards[k]].id,
						         want[w].card);
				}
		}
		verdict_free(&v);
		free(ticked);
		cards_free(&set);
		checklist_free(&cl2);
		diags_free(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nothing_ticked),  cmocka_unit_test(test_each_level_alone),
	    cmocka_unit_test(test_worst_wins),      cmocka_unit_test(test_all_ticked),
	    cmocka_unit_test(test_empty_checklist), cmocka_unit_test(test_suggest_by_hand),
	    cmocka_unit_test(test_suggest_shipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
