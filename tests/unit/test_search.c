/* test_search.c — card search: every word in any order, folded, Chinese
 * without spaces, title matches first. Cards built by hand so the test
 * does not follow the content's wording. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"

static char *bul_a[] = {"Rest a little, then walk. Your lower back will thank you."};
static char *par_b[] = {"Most back pain after a miscarriage eases within days."};
static char *par_c[] = {"Choose positions where your spine stays neutral."};
static char *par_zh[] = {"流产后腰酸背痛很常见，多数几天内好转。"};
static char *par_zh2[] = {"流血和痛都要留意。"};
static char *par_ar[] = {"يخف ألمُ الظَّهرِ بعد الإجهاض عادةً خلال أيام."};

static struct card_section sec_a = {.heading = "Moving", .bullets = bul_a, .nbullets = 1};
static struct card_section sec_b = {
    .heading = "What is normal", .paragraphs = par_b, .nparagraphs = 1};
static struct card_section sec_c = {.heading = "Choosing", .paragraphs = par_c, .nparagraphs = 1};
static struct card_section sec_zh = {.heading = "常见情况", .paragraphs = par_zh, .nparagraphs = 1};
static struct card_section sec_zh2 = {.heading = "注意", .paragraphs = par_zh2, .nparagraphs = 1};
static struct card_section sec_ar = {
    .heading = "ما المعتاد", .paragraphs = par_ar, .nparagraphs = 1};

static struct card cards[] = {
    {.id = "moving",
     .title = "Keep moving",
     .summary = "Bed rest does not help.",
     .sections = &sec_a,
     .nsections = 1},
    {.id = "misc",
     .title = "After a miscarriage",
     .summary = "What to expect.",
     .sections = &sec_b,
     .nsections = 1},
    {.id = "pos",
     .title = "Sex positions: choosing by what hurts",
     .summary = "Ideas.",
     .sections = &sec_c,
     .nsections = 1},
    {.id = "zh", .title = "恢复期", .summary = "了解身体。", .sections = &sec_zh, .nsections = 1},
    {.id = "zh2", .title = "出血", .summary = "流", .sections = &sec_zh2, .nsections = 1},
    {.id = "ar",
     .title = "بعد الإجهاض: ما المعتاد؟",
     .summary = "",
     .sections = &sec_ar,
     .nsections = 1},
};
static struct card_set set = {cards, (int)(sizeof cards / sizeof *cards)};

/* The ids found for query, best first, joined by spaces. */
static const char *found(const char *query)
{
	static char buf[256];
	struct search_hit *h;
	int n = search_cards(&set, query, &h);

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(buf, " ");
		strcat(buf, cards[h[i].card].id);
	}
	free(h);
	return buf;
}

static void test_every_word_any_order(void **state)
{
	(void)state;
	assert_string_equal(found("miscarriage back"), "misc");
	assert_string_equal(found("BACK miscarriage"), "misc");
	assert_string_equal(found("lower back"), "moving");
	assert_string_equal(found("lower back miscarriage"), "");
	assert_string_equal(found("  "), "");
}

static void test_fillers_and_plurals(void **state)
{
	(void)state;
	/* "what", "is", "a", "after" carry nothing here but "normal"... */
	assert_string_equal(found("what is normal after a miscarriage"), "misc");
	/* "positions" and "hurts" lose their s; "if" and "which" are fillers */
	assert_string_equal(found("which positions if bending hurts"), "");
	assert_string_equal(found("which positions if spine hurts"), "pos");
	/* a query of fillers only still searches */
	assert_string_equal(found("what"), "pos misc");
}

static void test_title_first(void **state)
{
	(void)state;
	/* "what" is in the body of misc and the title of pos: pos first;
	 * "choos" only in pos */
	assert_string_equal(found("what"), "pos misc");
	assert_string_equal(found("choos"), "pos");
}

static void test_chinese_without_spaces(void **state)
{
	(void)state;
	assert_string_equal(found("流产 腰痛"), "");  /* 腰痛 is not in zh */
	assert_string_equal(found("流产腰酸"), "zh"); /* 产腰 is not needed */
	assert_string_equal(found("流产 腰酸"), "zh");
	assert_string_equal(found("流产后的腰酸"), "zh"); /* 的 splits */
	/* 流 and 痛 alone are not enough for the pair 流痛 */
	assert_string_equal(found("流痛"), "");
	assert_string_equal(found("流"), "zh2 zh");
}

static void test_arabic_folding(void **state)
{
	(void)state;
	/* no hamza, no article, no harakat in the query: still found */
	assert_string_equal(found("الم الظهر بعد الاجهاض"), "ar");
	assert_string_equal(found("ظهر"), "ar");
	assert_string_equal(found("ما المعتاد"), "ar");
}

static void test_find_any_term(void **state)
{
	struct search_query q;
	int len;
	(void)state;

	assert_int_equal(search_parse("back lower", &q), 2);
	assert_int_equal(search_find(&q, "Your Lower back", 0, &len), 5);
	assert_int_equal(len, 5);
	assert_int_equal(search_find(&q, "Your Lower back", 6, &len), 11);
	assert_int_equal(search_find(&q, "nothing", 0, &len), -1);
	search_query_free(&q);
	assert_int_equal(search_parse("流产腰痛", &q), 1);
	assert_int_equal(q.t[0].nkeys, 3);
	assert_string_equal(q.t[0].keys[1], "产腰");
	search_query_free(&q);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8"); /* widths and folding as the program sees them */
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_word_any_order),
	    cmocka_unit_test(test_fillers_and_plurals),
	    cmocka_unit_test(test_title_first),
	    cmocka_unit_test(test_chinese_without_spaces),
	    cmocka_unit_test(test_arabic_folding),
	    cmocka_unit_test(test_find_any_term),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
