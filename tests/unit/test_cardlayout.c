/* test_cardlayout.c — a card laid out as blocks: tables are grids with
 * wrapping cells where their columns fit, lists where not; grid lines
 * never exceed the width; right-to-left grids keep their rule under the
 * right columns; see-also links carry the linked card. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "cardlayout.h"
#include "text.h"

static char *cols[] = {"Position", "If bending forward or sitting hurts", "If arching back hurts"};
static char *cells[] = {
    "All fours, you kneeling behind",
    "Suited best, if you move from your hips",
    "Not singled out",
    "Spooning (both on your sides)",
    "Suited least",
    "Often suits",
};
static struct card_table tb = {3, 2, cols, cells};
static struct card_section sec = {.heading = "If you are the man", .table = &tb};
static char *see[] = {"other"};
static char *src[] = {"A study"};
static char *ar_cols[] = {"الوضعية", "إن كان الانحناء يؤلمك"};
static char *ar_cells[] = {"على الجانب", "مناسبة غالبا"};
static char *ar_cells_latin[] = {"Spooning", "مناسبة غالبا"};
static struct card_table ar_tb = {2, 1, ar_cols, ar_cells};
static struct card_section ar_sec = {.heading = "للرجل", .table = &ar_tb};

static struct card cards[] = {
    {.id = "pos",
     .title = "Positions",
     .summary = "Choose by what hurts.",
     .sections = &sec,
     .nsections = 1,
     .see_also = see,
     .nsee_also = 1,
     .sources = src,
     .nsources = 1,
     .reviewed = "2026-11-22"},
    {.id = "other", .title = "Other card", .summary = "", .reviewed = "2026-11-22"},
    {.id = "ar",
     .title = "وضعيات",
     .summary = "",
     .sections = &ar_sec,
     .nsections = 1,
     .reviewed = "2026-11-22"},
};
static struct card_set set = {cards, 3};

static int count(const struct card_layout *l, enum cl_kind k)
{
	int n = 0;
	for (int i = 0; i < l->n; i++)
		n += l->v[i].kind == k;
	return n;
}

static void test_grid_wraps_at_80(void **state)
{
	struct card_layout l;
	(void)state;

	assert_int_equal(card_layout(&set, &cards[0], 76, 0, &l), 0);
	assert_int_equal(l.v[0].kind, CL_TITLE);
	assert_string_equal(l.v[0].text, "Positions");
	assert_int_equal(l.v[1].kind, CL_BLANK);
	assert_int_equal(count(&l, CL_RULE), 1);
	assert_true(count(&l, CL_GRID_HEAD) >= 1);
	assert_true(count(&l, CL_GRID_ROW) > 2); /* the cells wrap */
	for (int i = 0; i < l.n; i++)
		if (l.v[i].kind >= CL_GRID_HEAD && l.v[i].kind <= CL_GRID_ROW)
			assert_true(text_width(l.v[i].text) <= 76);
	/* the link names its card, with the reading direction's arrow */
	assert_int_equal(count(&l, CL_LINK), 1);
	for (int i = 0; i < l.n; i++)
		if (l.v[i].kind == CL_LINK) {
			assert_int_equal(l.v[i].link, 1);
			assert_string_equal(l.v[i].text, "Other card");
			assert_string_equal(l.v[i].mark, "→");
		}
	assert_int_equal(l.v[l.n - 1].kind, CL_NOTE);
	assert_string_equal(l.v[l.n - 1].text, "Reviewed: 2026-11-22");
	card_layout_free(&l);
}

static void test_list_when_too_narrow(void **state)
{
	struct card_layout l;
	(void)state;

	assert_int_equal(card_layout(&set, &cards[0], 30, 0, &l), 0);
	assert_int_equal(count(&l, CL_RULE), 0);
	assert_int_equal(count(&l, CL_GRID_ROW), 0);
	int found = 0;
	for (int i = 0; i < l.n; i++)
		found |= l.v[i].kind == CL_BULLET && !strcmp(l.v[i].mark, "•") &&
		         !strcmp(l.v[i].text, "Position: Spooning (both on your sides)");
	assert_true(found);
	card_layout_free(&l);
}

static void test_keys_survive_a_resize(void **state)
{
	struct card_layout a, b;
	(void)state;

	card_layout(&set, &cards[0], 76, 0, &a);
	card_layout(&set, &cards[0], 30, 0, &b);
	/* the sources heading has the same key at both widths */
	int ka = -1, kb = -1;
	for (int i = 0; i < a.n; i++)
		if (a.v[i].kind == CL_HEADING && !strcmp(a.v[i].text, "Sources:"))
			ka = a.v[i].key;
	for (int i = 0; i < b.n; i++)
		if (b.v[i].kind == CL_HEADING && !strcmp(b.v[i].text, "Sources:"))
			kb = b.v[i].key;
	assert_true(ka > 0);
	assert_int_equal(ka, kb);
	card_layout_free(&a);
	card_layout_free(&b);
}

static void test_rtl_grid(void **state)
{
	struct card_layout l;
	(void)state;

	assert_int_equal(card_layout(&set, &cards[2], 60, 1, &l), 0);
	/* the rule's dashes in the order they are seen: the first column's
	 * (as wide as "الوضعية" or "على الجانب") on the right */
	for (int i = 0; i < l.n; i++)
		if (l.v[i].kind == CL_RULE) {
			int w0 = text_width("على الجانب"), w1 = text_width("إن كان الانحناء يؤلمك");
			char want[128];
			memset(want, '-', (size_t)w1);
			memset(want + w1, ' ', 2);
			memset(want + w1 + 2, '-', (size_t)w0);
			want[w1 + 2 + w0] = '\0';
			assert_string_equal(l.v[i].text, want);
		}
	assert_int_equal(count(&l, CL_RULE), 1);
	card_layout_free(&l);
	/* a Latin cell could swap places under the bidi algorithm: a list */
	ar_tb.cells = ar_cells_latin;
	assert_int_equal(card_layout(&set, &cards[2], 60, 1, &l), 0);
	assert_int_equal(count(&l, CL_RULE), 0);
	card_layout_free(&l);
	ar_tb.cells = ar_cells;
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_grid_wraps_at_80),
	    cmocka_unit_test(test_list_when_too_narrow),
	    cmocka_unit_test(test_keys_survive_a_resize),
	    cmocka_unit_test(test_rtl_grid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
