/* test_text.c — the text engine: cleaning, widths, wrapping, bidi order,
 * Arabic shaping, truncation, search and cursor movement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

/* CapRTL, as in fribidi's tests: capitals G-Z stand for right-to-left
 * letters so expectations stay readable. fribidi's own CAP_RTL charset
 * maps J-Q to unassigned Hebrew code points (U+05C8-05CF), which the
 * pipeline rightly turns into U+FFFD (wcwidth -1), so G-Z map here to the
 * Hebrew letters U+05D0-05E3 (all strong R, one cell each). */
static char *cap_in(const char *cap)
{
	char *s = malloc(strlen(cap) * 2 + 1), *o = s;

	assert_non_null(s);
	for (; *cap; cap++) {
		if (*cap >= 'G' && *cap <= 'Z') {
			unsigned u = 0x5d0 + (unsigned)(*cap - 'G');
			*o++ = (char)(0xc0 | (u >> 6));
			*o++ = (char)(0x80 | (u & 0x3f));
		} else {
			*o++ = *cap;
		}
	}
	*o = '\0';
	return s;
}

/* A line back to CapRTL: Hebrew letters become capitals, '…' stays UTF-8,
 * anything else unexpected shows as <XXXX> so a mismatch is readable. */
static void cap_out(const struct text_line *l, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < l->len && n + 8 < size; i++) {
		unsigned u = (unsigned)l->wcs[i];
		if (u >= 0x5d0 && u <= 0x5e3)
			buf[n++] = (char)('G' + (u - 0x5d0));
		else if (u >= 0x20 && u < 0x7f)
			buf[n++] = (char)u;
		else if (u == 0x2026)
			n += (size_t)snprintf(buf + n, size - n, "\xe2\x80\xa6");
		else
			n += (size_t)snprintf(buf + n, size - n, "<%04X>", u);
		buf[n] = '\0';
	}
}

/* Lays out a CapRTL string and compares every row and its x. */
static void expect_cap_layout(const char *cap, int width, enum text_dir dir, unsigned flags,
                              const char *const *rows, const int *xs, int n)
{
	char *s = cap_in(cap), buf[512];
	struct text_lines ls;

	assert_int_equal(text_layout(s, width, dir, flags, &ls), 0);
	assert_int_equal(ls.n, n);
	for (int i = 0; i < n; i++) {
		cap_out(&ls.v[i], buf, sizeof buf);
		assert_string_equal(buf, rows[i]);
		assert_int_equal(ls.v[i].x, xs[i]);
		assert_true(ls.v[i].cells <= width);
	}
	text_lines_free(&ls);
	free(s);
}

static void expect_cap1(const char *cap, int width, enum text_dir dir, const char *row, int x)
{
	expect_cap_layout(cap, width, dir, 0, &row, &x, 1);
}

static void expect_cps(const struct text_line *l, const unsigned *cps, int n)
{
	assert_int_equal(l->len, n);
	for (int i = 0; i < n; i++)
		assert_int_equal((unsigned)l->wcs[i], cps[i]);
	assert_int_equal(l->wcs[n], 0);
}

static void expect_pos(const struct text_line *l, const int *pos, int n)
{
	assert_int_equal(l->len, n);
	for (int i = 0; i < n; i++)
		assert_int_equal(l->pos[i], pos[i]);
}

static void expect_clean(const char *in, int keep, const char *want)
{
	char *s = text_clean(in, keep);
	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

/* --- bidi with CapRTL ----------------------------------------------------- */

static void cap_rtl_sentence(void **state)
{
	(void)state;
	expect_cap1("MY LIST has 25 lines (OK)", 40, TEXT_RTL, "(KO) has 25 lines TSIL YM", 15);
	/* first strong is M: the same without forcing */
	expect_cap1("MY LIST has 25 lines (OK)", 40, TEXT_AUTO, "(KO) has 25 lines TSIL YM", 15);
	expect_cap_layout("MY LIST has 25 lines (OK)", 40, TEXT_RTL, TEXT_NOALIGN,
	                  (const char *const[]){"(KO) has 25 lines TSIL YM"}, (const int[]){0}, 1);
	/* in an LTR paragraph only the RTL runs turn round */
	expect_cap1("MY LIST has 25 lines (OK)", 40, TEXT_LTR, "TSIL YM has 25 lines (KO)", 0);
}

static void cap_rtl_numbers(void **state)
{
	(void)state;
	expect_cap1("PUSH 10 TO 20 NOW", 30, TEXT_RTL, "WON 20 OT 10 HSUP", 13);
	expect_cap1("TRY 1,234.5 NOW", 30, TEXT_RTL, "WON 1,234.5 YRT", 15);
	expect_cap1("abc TO 34 xyz", 30, TEXT_LTR, "abc 34 OT xyz", 0);
	/* UAX #9 W4-W6: "-5" is not a number here, "50%" is */
	expect_cap1("PUT 3 - 4 ON -5 TOP 50%", 30, TEXT_RTL, "50% POT 5- NO 4 - 3 TUP", 7);
}

static void cap_rtl_brackets(void **state)
{
	(void)state;
	expect_cap1("SIT (NOT ON TOP) NOW", 20, TEXT_RTL, "WON (POT NO TON) TIS", 0);
	expect_cap1("TRY (abc def) NOW", 20, TEXT_RTL, "WON (abc def) YRT", 3);
	expect_cap1("see (PUSH) now", 20, TEXT_LTR, "see (HSUP) now", 0);
	/* an unpaired bracket is mirrored as a neutral inside the RTL run */
	expect_cap1("SIT (NOW", 20, TEXT_RTL, "WON) TIS", 12);
	/* BD16: [ ] pair, the ( ) crossing it do not */
	expect_cap1("SIT [ON (TOP]) NOW", 20, TEXT_RTL, "WON ([POT) NO] TIS", 2);
}

static void cap_rtl_wrap_before_reorder(void **state)
{
	(void)state;
	/* the first row holds the start of the paragraph */
	expect_cap_layout("STOP NOW TURN ON YOUR WORK", 10, TEXT_RTL, 0,
	                  (const char *const[]){"WON POTS", "NO NRUT", "KROW RUOY"},
	                  (const int[]){2, 3, 1}, 3);
	expect_cap_layout("MY LIST has 25 lines (OK)", 12, TEXT_RTL, 0,
	                  (const char *const[]){"has TSIL YM", "25 lines", "(KO)"},
	                  (const int[]){1, 4, 8}, 3);
	/* logical: same lines, not reordered, still aligned as RTL */
	expect_cap_layout("STOP NOW TURN ON YOUR WORK", 10, TEXT_RTL, TEXT_LOGICAL,
	                  (const char *const[]){"STOP NOW", "TURN ON", "YOUR WORK"},
	                  (const int[]){2, 3, 1}, 3);
	/* a word longer than the width is cut between characters */
	expect_cap_layout("SUPPORT", 3, TEXT_RTL, TEXT_NOALIGN,
	                  (const char *const[]){"PUS", "ROP", "T"}, (const int[]){0, 0, 0}, 3);
}

/* --- real Arabic ---------------------------------------------------------- */

static void arabic_shaped_visual(void **state)
{
	struct text_lines ls;
	(void)state;

	/* ألم الظهر "back pain": أ joins no left neighbour, so ل starts a
	 * word form: أ isolated, ل initial, م final; ا isolated, ل initial,
	 * ظ and ه medial, ر final. Visual order is the reverse. */
	assert_int_equal(text_layout("ألم الظهر", 20, TEXT_RTL, 0, &ls), 0);
	assert_int_equal(ls.n, 1);
	expect_cps(&ls.v[0],
	           (const unsigned[]){0xfeae, 0xfeec, 0xfec8, 0xfedf, 0xfe8d, 0x20, 0xfee2, 0xfedf,
	                              0xfe83},
	           9);
	expect_pos(&ls.v[0], (const int[]){15, 13, 11, 9, 7, 6, 4, 2, 0}, 9);
	assert_int_equal(ls.v[0].cells, 9);
	assert_int_equal(ls.v[0].x, 11);
	assert_int_equal(ls.v[0].rtl, 1);
	text_lines_free(&ls);

	/* سلام: س initial, lam-alef final ligature (its U+FEFF filler
	 * stripped), م isolated after the non-joining alef: 3 cells */
	assert_int_equal(text_layout("سلام", 10, TEXT_AUTO, 0, &ls), 0);
	expect_cps(&ls.v[0], (const unsigned[]){0xfee1, 0xfefc, 0xfeb3}, 3);
	expect_pos(&ls.v[0], (const int[]){6, 2, 0}, 3);
	assert_int_equal(ls.v[0].cells, 3);
	assert_int_equal(ls.v[0].x, 7);
	text_lines_free(&ls);

	/* الألم: lam + alef-hamza -> the isolated ligature U+FEF7 */
	assert_int_equal(text_layout("الألم", 10, TEXT_AUTO, TEXT_NOALIGN, &ls), 0);
	expect_cps(&ls.v[0], (const unsigned[]){0xfee2, 0xfedf, 0xfef7, 0xfe8d}, 4);
	assert_int_equal(ls.v[0].x, 0);
	text_lines_free(&ls);

	/* logical: neither shaped nor reordered */
	assert_int_equal(text_layout("سلام", 10, TEXT_RTL, TEXT_LOGICAL, &ls), 0);
	expect_cps(&ls.v[0], (const unsigned[]){0x633, 0x644, 0x627, 0x645}, 4);
	assert_int_equal(ls.v[0].x, 6);
	text_lines_free(&ls);

	assert_int_equal(text_width("سلام"), 3);
	assert_int_equal(text_width("ألم الظهر"), 9);
}

static void arabic_wrap_keeps_joining(void **state)
{
	struct text_lines ls;
	(void)state;

	/* "ألم الظهر" at width 5: the first row is the first word */
	assert_int_equal(text_layout("ألم الظهر", 5, TEXT_RTL, 0, &ls), 0);
	assert_int_equal(ls.n, 2);
	expect_cps(&ls.v[0], (const unsigned[]){0xfee2, 0xfedf, 0xfe83}, 3);
	assert_int_equal(ls.v[0].x, 2);
	expect_cps(&ls.v[1], (const unsigned[]){0xfeae, 0xfeec, 0xfec8, 0xfedf, 0xfe8d}, 5);
	assert_int_equal(ls.v[1].x, 0);
	text_lines_free(&ls);

	/* a line may break before a lam-alef ligature; it keeps the lam's
	 * offset, its U+FEFF filler does not come out */
	assert_int_equal(text_layout("ab سلام", 4, TEXT_LTR, 0, &ls), 0);
	assert_int_equal(ls.n, 2);
	assert_true(wcscmp(ls.v[0].wcs, L"ab") == 0);
	expect_cps(&ls.v[1], (const unsigned[]){0xfee1, 0xfefc, 0xfeb3}, 3);
	expect_pos(&ls.v[1], (const int[]){9, 5, 3}, 3);
	text_lines_free(&ls);
	assert_int_equal(text_layout("ab لا", 3, TEXT_LTR, 0, &ls), 0);
	assert_int_equal(ls.n, 2);
	expect_cps(&ls.v[1], (const unsigned[]){0xfefb}, 1);
	text_lines_free(&ls);

	/* a haraka on the alef of a lam-alef follows the ligature (fuzz) */
	assert_int_equal(text_layout("لاَ", 3, TEXT_RTL, 0, &ls), 0);
	expect_cps(&ls.v[0], (const unsigned[]){0xfefb, 0x64e}, 2);
	expect_pos(&ls.v[0], (const int[]){0, 4}, 2);
	text_lines_free(&ls);

	/* U+07FD is a mark to glibc but R to fribidi 1.0.8: still after its
	 * base, never before it (fuzz) */
	assert_int_equal(text_layout("\u0628\u07fd", 3, TEXT_RTL, 0, &ls), 0);
	expect_cps(&ls.v[0], (const unsigned[]){0xfe8f, 0x7fd}, 2);
	text_lines_free(&ls);

	/* مَرْحَبًا: harakat are transparent to joining (ر joins no left
	 * neighbour, so ح is initial) and follow their letters in visual
	 * order (FRIBIDI_FLAG_REORDER_NSM) */
	assert_int_equal(text_layout("مَرْحَبًا", 10, TEXT_RTL, 0, &ls), 0);
	assert_int_equal(ls.n, 1);
	expect_cps(
	    &ls.v[0],
	    (const unsigned[]){0xfe8e, 0xfe92, 0x64b, 0xfea3, 0x64e, 0xfeae, 0x652, 0xfee3, 0x64e},
	    9);
	assert_int_equal(ls.v[0].cells, 5);
	text_lines_free(&ls);
}

/* --- Chinese -------------------------------------------------------------- */

static void chinese_wrap(void **state)
{
	static const char *const want[] = {"我的腰很",   "疼，已经三", "天了。医生", "说要多休",
	                                   "息，每天做", "一些简单的", "运动。"};
	struct text_lines ls;
	(void)state;

	assert_int_equal(
	    text_layout("我的腰很疼，已经三天了。医生说要多休息，每天做一些简单的运动。", 10,
	                TEXT_AUTO, 0, &ls),
	    0);
	assert_int_equal(ls.n, 7);
	for (int i = 0; i < ls.n; i++) {
		char *s = text_line_utf8(&ls.v[i], 1);
		assert_string_equal(s, want[i]);
		assert_true(ls.v[i].cells <= 10);
		assert_int_equal(ls.v[i].x, 0);
		assert_true(ls.v[i].wcs[0] != L'，' && ls.v[i].wcs[0] != L'。');
		free(s);
	}
	assert_int_equal(ls.v[0].cells, 8);
	text_lines_free(&ls);

	/* a wide character never takes the last column alone */
	assert_int_equal(text_layout("abc中文", 4, TEXT_AUTO, 0, &ls), 0);
	assert_int_equal(ls.n, 2);
	assert_int_equal(ls.v[0].cells, 3);
	assert_true(wcscmp(ls.v[0].wcs, L"abc") == 0);
	assert_true(wcscmp(ls.v[1].wcs, L"中文") == 0);
	expect_pos(&ls.v[1], (const int[]){3, 6}, 2);
	text_lines_free(&ls);

	assert_int_equal(text_layout("中文字", 5, TEXT_AUTO, 0, &ls), 0);
	assert_int_equal(ls.n, 2);
	assert_int_equal(ls.v[0].cells, 4);
	text_lines_free(&ls);

	/* width 1: a character that can never fit shows as '…' */
	assert_int_equal(text_layout("中a", 1, TEXT_AUTO, 0, &ls), 0);
	assert_int_equal(ls.n, 2);
	assert_true(wcscmp(ls.v[0].wcs, L"…") == 0);
	assert_int_equal(ls.v[0].pos[0], 0);
	assert_true(wcscmp(ls.v[1].wcs, L"a") == 0);
	text_lines_free(&ls);
}

/* --- layout details ------------------------------------------------------- */

static void layout_basics(void **state)
{
	struct text_lines ls;
	(void)state;

	assert_int_equal(text_layout("", 10, TEXT_AUTO, 0, &ls), 0);
	assert_int_equal(ls.n, 1);
	assert_int_equal(ls.v[0].len, 0);
	assert_int_equal(ls.v[0].cells, 0);
	assert_true(wcscmp(ls.v[0].wcs, L"") == 0);
	text_lines_free(&ls);

	/* paragraphs; empty ones keep their row; trailing spaces dropped */
	assert_int_equal(text_layout("one  \n\ntwo three", 5, TEXT_AUTO, 0, &ls), 0);
	assert_int_equal(ls.n, 4);
	assert_true(wcscmp(ls.v[0].wcs, L"one") == 0);
	assert_int_equal(ls.v[1].len, 0);
	assert_true(wcscmp(ls.v[2].wcs, L"two") == 0);
	assert_true(wcscmp(ls.v[3].wcs, L"three") == 0);
	expect_pos(&ls.v[3], (const int[]){11, 12, 13, 14, 15}, 5);
	text_lines_free(&ls);

	/* a space at the edge hangs: "abcde" fills width 5 */
	assert_int_equal(text_layout("abcde fgh", 5, TEXT_LTR, 0, &ls), 0);
	assert_int_equal(ls.n, 2);
	assert_true(wcscmp(ls.v[0].wcs, L"abcde") == 0);
	assert_true(wcscmp(ls.v[1].wcs, L"fgh") == 0);
	text_lines_free(&ls);

	/* long words break between characters, marks stay on their base */
	assert_int_equal(text_layout("abcd\xcc\x81\xcc\x81"
	                             "efgh",
	                             4, TEXT_LTR, 0, &ls),
	                 0);
	assert_int_equal(ls.n, 2);
	assert_true(wcscmp(ls.v[0].wcs, L"abcd\x301\x301") == 0);
	assert_int_equal(ls.v[0].cells, 4);
	assert_true(wcscmp(ls.v[1].wcs, L"efgh") == 0);
	text_lines_free(&ls);

	/* a mark starting a paragraph gets a dotted circle to sit on */
	assert_int_equal(text_layout("\xcc\x81"
	                             "ab\n\u200b\xcc\x81"
	                             "c",
	                             10, TEXT_LTR, 0, &ls),
	                 0);
	assert_int_equal(ls.n, 2);
	assert_true(wcscmp(ls.v[0].wcs, L"\x25cc\x301"
	                                "ab") == 0);
	expect_pos(&ls.v[0], (const int[]){0, 0, 2, 3}, 4);
	assert_int_equal(ls.v[0].cells, 3);
	assert_true(wcscmp(ls.v[1].wcs, L"\x25cc\x301"
	                                "c") == 0);
	text_lines_free(&ls);

	/* zero-width controls are stripped, offsets stay right */
	assert_int_equal(text_layout("a\u200bb\ufeffc\u200dd", 10, TEXT_LTR, 0, &ls), 0);
	assert_true(wcscmp(ls.v[0].wcs, L"abcd") == 0);
	expect_pos(&ls.v[0], (const int[]){0, 4, 8, 12}, 4);
	text_lines_free(&ls);

	/* TAB is a space; escapes and bidi overrides never come out */
	assert_int_equal(text_layout("a\tb\x1b[31mc\xe2\x80\xae"
	                             "d",
	                             10, TEXT_LTR, 0, &ls),
	                 0);
	assert_true(wcscmp(ls.v[0].wcs, L"a bcd") == 0);
	expect_pos(&ls.v[0], (const int[]){0, 1, 2, 8, 12}, 5);
	text_lines_free(&ls);
}

/* --- cleaning and widths -------------------------------------------------- */

static void clean_invalid_and_controls(void **state)
{
	(void)state;
	expect_clean("a\xff"
	             "b",
	             0,
	             "a\xef\xbf\xbd"
	             "b");
	/* truncated sequences: one U+FFFD each */
	expect_clean("x\xe4\xb8", 0, "x\xef\xbf\xbd");
	expect_clean("\xe4\xb8y", 0, "\xef\xbf\xbdy");
	expect_clean("\xf0\x9f\x98 z", 0, "\xef\xbf\xbd z");
	/* overlongs and surrogates as libunistring reads them: C0 is never
	 * a lead byte (two bad bytes), E0 80 AF is one bad sequence */
	expect_clean("\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd");
	expect_clean("\xe0\x80\xaf", 0, "\xef\xbf\xbd");
	expect_clean("\xed\xa0\x80", 0, "\xef\xbf\xbd");
	/* unassigned (wcwidth -1) -> U+FFFD; private use kept */
	expect_clean("\xcd\xb8|\xee\x80\x80", 0, "\xef\xbf\xbd|\xee\x80\x80");
	/* escape sequences go whole, with C0/C1 and DEL */
	expect_clean("\x1b[31mred\x1b[0m", 0, "red");
	expect_clean("\x1b[1;2;3 qx\x1b"
	             "7y\x1b(Bz",
	             0, "xyz");
	expect_clean("a\x1b]0;title\x07"
	             "b\x1b]2;t\x1b\\c",
	             0, "abc");
	expect_clean("a\x1b]unterminated", 0, "aunterminated");
	expect_clean("a\x01\x08\r\x7f\xc2\x85\xc2\x9b"
	             "1m\x1b",
	             0, "a1m");
	/* bidi controls out, zero-width characters kept */
	expect_clean("a\u202eb\u2066c\u2069\u200ed\u200f\u061ce\u202a", 0, "abcde");
	expect_clean("a\u200bb\ufeffc", 0, "a\u200bb\ufeffc");
	expect_clean("a\tb\nc", 0, "a bc");
	expect_clean("a\tb\nc\u2028d", 1, "a b\nc\nd");
	expect_clean("", 1, "");
	expect_clean("ألم 中文 é", 0, "ألم 中文 é");
}

static void width_of_strings(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("中文"), 4);
	assert_int_equal(text_width("\xc3\xa9"), 1);
	assert_int_equal(text_width("e\xcc\x81"), 1);
	assert_int_equal(text_width("a中b"), 4);
	assert_int_equal(text_width("a\x1b[31mb\x1b[0m"), 2);
	assert_int_equal(text_width("a\xff"), 2);
	assert_int_equal(text_width("a\tb"), 3);
	assert_int_equal(text_width("\u2026"), 1);
	/* lam-alef is one cell once shaped, as drawn */
	assert_int_equal(text_width("لا"), 1);
}

/* --- one line ------------------------------------------------------------- */

static void line1_truncation(void **state)
{
	struct text_line l;
	char buf[128], *s;
	(void)state;

	assert_int_equal(text_line1("Back pain exercises", 10, TEXT_AUTO, &l), 0);
	s = text_line_utf8(&l, 0);
	assert_string_equal(s, "Back pain\u2026");
	assert_int_equal(l.cells, 10);
	assert_int_equal(l.x, 0);
	assert_int_equal(l.pos[l.len - 1], 9);
	free(s);
	text_line_free(&l);

	assert_int_equal(text_line1("Back pain exercises", 8, TEXT_LTR, &l), 0);
	s = text_line_utf8(&l, 0);
	assert_string_equal(s, "Back pa\u2026");
	free(s);
	text_line_free(&l);

	assert_int_equal(text_line1("Back pain", 9, TEXT_LTR, &l), 0);
	assert_true(wcscmp(l.wcs, L"Back pain") == 0);
	text_line_free(&l);

	/* wide characters: never half a glyph */
	assert_int_equal(text_line1("中文字", 4, TEXT_AUTO, &l), 0);
	assert_true(wcscmp(l.wcs, L"中…") == 0);
	assert_int_equal(l.cells, 3);
	text_line_free(&l);

	/* RTL: the '…' on the left, the start of the text on the right */
	s = cap_in("STOP NOW TURN");
	assert_int_equal(text_line1(s, 9, TEXT_RTL, &l), 0);
	cap_out(&l, buf, sizeof buf);
	assert_string_equal(buf, "\u2026WON POTS");
	assert_int_equal(l.cells, 9);
	assert_int_equal(l.x, 0);
	assert_int_equal(l.pos[0], 15); /* the space after NOW */
	text_line_free(&l);
	assert_int_equal(text_line1(s, 12, TEXT_RTL, &l), 0);
	cap_out(&l, buf, sizeof buf);
	assert_string_equal(buf, "\u2026UT WON POTS");
	assert_int_equal(l.x, 0);
	text_line_free(&l);
	assert_int_equal(text_line1(s, 16, TEXT_RTL, &l), 0);
	cap_out(&l, buf, sizeof buf);
	assert_string_equal(buf, "NRUT WON POTS");
	assert_int_equal(l.x, 3);
	text_line_free(&l);
	free(s);

	s = cap_in("OK");
	assert_int_equal(text_line1(s, 5, TEXT_AUTO, &l), 0);
	cap_out(&l, buf, sizeof buf);
	assert_string_equal(buf, "KO");
	assert_int_equal(l.x, 3);
	assert_int_equal(l.rtl, 1);
	text_line_free(&l);
	free(s);

	/* real Arabic cut to 5 cells: "…" then the first word */
	assert_int_equal(text_line1("ألم الظهر", 5, TEXT_RTL, &l), 0);
	expect_cps(&l, (const unsigned[]){0x2026, 0xfee2, 0xfedf, 0xfe83}, 4);
	expect_pos(&l, (const int[]){6, 4, 2, 0}, 4);
	assert_int_equal(l.x, 1);
	text_line_free(&l);

	/* width 0 and 1 */
	assert_int_equal(text_line1("abc", 0, TEXT_AUTO, &l), 0);
	assert_int_equal(l.len, 0);
	assert_int_equal(l.cells, 0);
	text_line_free(&l);
	assert_int_equal(text_line1("abc", 1, TEXT_AUTO, &l), 0);
	assert_true(wcscmp(l.wcs, L"…") == 0);
	text_line_free(&l);

	/* one row: newlines and controls do not survive */
	assert_int_equal(text_line1("a\nb\x1b[2Jc", 10, TEXT_AUTO, &l), 0);
	assert_true(wcscmp(l.wcs, L"abc") == 0);
	text_line_free(&l);
}

static void line_utf8_indent(void **state)
{
	struct text_line l;
	char *s, *cap = cap_in("OK");
	(void)state;

	assert_int_equal(text_line1(cap, 6, TEXT_RTL, &l), 0);
	s = text_line_utf8(&l, 1);
	assert_string_equal(s, "    \u05d4\u05d8");
	free(s);
	s = text_line_utf8(&l, 0);
	assert_string_equal(s, "\u05d4\u05d8");
	free(s);
	text_line_free(&l);
	free(cap);
}

/* --- search --------------------------------------------------------------- */

static void find_english_chinese(void **state)
{
	int len = -1;
	(void)state;

	assert_int_equal(text_find("Back PAIN and pain", "pain", 0, &len), 5);
	assert_int_equal(len, 4);
	assert_int_equal(text_find("Back PAIN and pain", "PaIn", 6, &len), 14);
	assert_int_equal(len, 4);
	assert_int_equal(text_find("Back PAIN and pain", "pain", 15, &len), -1);
	assert_int_equal(text_find("Back", "", 0, &len), -1);
	assert_int_equal(text_find("Back", "x", 0, &len), -1);
	assert_int_equal(text_find("", "x", 0, &len), -1);
	assert_int_equal(text_find("aaab", "aab", 0, &len), 1);
	assert_int_equal(len, 3);
	/* non-ASCII case and Greek final sigma */
	assert_int_equal(text_find("ÉCOLE", "école", 0, &len), 0);
	assert_int_equal(len, 6);
	assert_int_equal(text_find("ΟΔΟΣ", "οδος", 0, &len), 0);
	assert_int_equal(text_find("οδός", "ΌΣ", 0, &len), 4);
	/* Chinese substring: byte offsets */
	assert_int_equal(text_find("我的腰很疼", "很疼", 0, &len), 9);
	assert_int_equal(len, 6);
	assert_int_equal(text_find("腰疼，腰疼", "腰疼", 1, &len), 9);
	/* TAB is searched as the space it is shown as */
	assert_int_equal(text_find("a\tb", "a b", 0, &len), 0);
	assert_int_equal(len, 3);
}

static void find_arabic(void **state)
{
	const char *hay = "أَلَمُ الظَّهْرِ";
	int len = -1;
	(void)state;

	/* harakat ignored, أ = ا; the trailing kasra belongs to the match */
	assert_int_equal(text_find(hay, "الم الظهر", 0, &len), 0);
	assert_int_equal(len, (int)strlen(hay));
	assert_int_equal(text_find(hay, "الظهر", 0, &len), 13);
	assert_int_equal(len, (int)strlen(hay) - 13);
	/* needle with harakat, hay without */
	assert_int_equal(text_find("ألم الظهر", "ظَهْر", 0, &len), 11);
	assert_int_equal(len, 6);
	/* ة = ه, ى = ي, إ آ ٱ = ا, tatweel ignored */
	assert_int_equal(text_find("آلام الرقبة", "الرقبه", 0, &len), 9);
	assert_int_equal(len, 12);
	assert_int_equal(text_find("في المستشفى", "مستشفي", 0, &len), 9);
	assert_int_equal(len, 12);
	assert_int_equal(text_find("إصابة", "اصابه", 0, &len), 0);
	assert_int_equal(len, 10);
	assert_int_equal(text_find("ٱلألم", "الالم", 0, &len), 0);
	assert_int_equal(text_find("الظـــهر", "ظهر", 0, &len), 4);
	assert_int_equal(len, 12);
	/* only harakat: nothing to look for */
	assert_int_equal(text_find(hay, "\u064e\u064f", 0, &len), -1);
}

/* --- cursor movement ------------------------------------------------------ */

static void next_prev(void **state)
{
	const char *s = "a\xc3\xa9中\xf0\x9f\x98\x80"; /* a é 中 😀 */
	static const int b[] = {0, 1, 3, 6, 10};
	(void)state;

	for (int i = 0; i < 4; i++) {
		assert_int_equal(text_next(s, b[i]), b[i + 1]);
		assert_int_equal(text_prev(s, b[i + 1]), b[i]);
	}
	assert_int_equal(text_next(s, 10), 10);
	assert_int_equal(text_next(s, 50), 10);
	assert_int_equal(text_prev(s, 0), 0);
	assert_int_equal(text_next("", 0), 0);
	assert_int_equal(text_prev("", 0), 0);
	/* bad bytes are single stops, as text_clean sees them */
	assert_int_equal(text_next("a\xff"
	                           "b",
	                           1),
	                 2);
	assert_int_equal(text_prev("a\xff"
	                           "b",
	                           2),
	                 1);
	assert_int_equal(text_next("\xe4\xb8z", 0), 2);
	assert_int_equal(text_prev("\xe4\xb8z", 2), 0);
	/* Arabic: each letter and each haraka */
	assert_int_equal(text_next("مَ", 0), 2);
	assert_int_equal(text_next("مَ", 2), 4);
	assert_int_equal(text_prev("مَ", 4), 2);
}

/* --- the CLI -------------------------------------------------------------- */

static char *print_to_string(const char *utf8, int width, int indent, enum text_dir dir, int visual)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	assert_int_equal(text_print(f, utf8, width, indent, dir, visual), 0);
	fclose(f);
	return buf;
}

static void print_logical_visual(void **state)
{
	char *in = cap_in("MY LIST has 25 lines (OK)"), *out, *want;
	(void)state;

	/* visual: reordered and pushed right within the width */
	out = print_to_string(in, 30, 2, TEXT_RTL, 1);
	want = cap_in("       (KO) has 25 lines TSIL YM\n");
	assert_string_equal(out, want);
	free(out);
	free(want);

	/* logical: as typed, never padded */
	out = print_to_string(in, 30, 2, TEXT_RTL, 0);
	want = cap_in("  MY LIST has 25 lines (OK)\n");
	assert_string_equal(out, want);
	free(out);
	free(want);

	out = print_to_string(in, 12, 0, TEXT_RTL, 1);
	want = cap_in(" has TSIL YM\n    25 lines\n        (KO)\n");
	assert_string_equal(out, want);
	free(out);
	free(want);
	free(in);

	out = print_to_string("Back pain\tadvice\n\nsee a doctor", 10, 1, TEXT_LTR, 1);
	assert_string_equal(out, " Back pain\n advice\n\n see a\n doctor\n");
	free(out);

	out = print_to_string("سلام", 10, 0, TEXT_AUTO, 0);
	assert_string_equal(out, "سلام\n");
	free(out);
	out = print_to_string("سلام", 10, 0, TEXT_AUTO, 1);
	assert_string_equal(out, "       \ufee1\ufefc\ufeb3\n");
	free(out);
}

static void direction(void **state)
{
	(void)state;
	assert_int_equal(text_direction("example.com متصل", TEXT_RTL), TEXT_LTR);
	assert_int_equal(text_direction("متصل example.com", TEXT_LTR), TEXT_RTL);
	assert_int_equal(text_direction("123 ...", TEXT_RTL), TEXT_RTL);
	assert_int_equal(text_direction("123 ...", TEXT_LTR), TEXT_LTR);
	assert_int_equal(text_direction("", TEXT_AUTO), TEXT_LTR);
	assert_int_equal(text_direction("中文", TEXT_RTL), TEXT_LTR);
	/* an override is cleaned away before it can decide */
	assert_int_equal(text_direction("\u202e\u200f abc", TEXT_RTL), TEXT_LTR);
}

/* --- big inputs ----------------------------------------------------------- */

static void check_lines(const struct text_lines *ls, int width, int srclen)
{
	for (int i = 0; i < ls->n; i++) {
		const struct text_line *l = &ls->v[i];
		assert_true(l->cells <= width);
		assert_true(l->x >= 0 && l->x + l->cells <= width);
		for (int k = 0; k < l->len; k++)
			assert_true(l->pos[k] >= 0 && l->pos[k] < srclen);
	}
}

static void big_inputs(void **state)
{
	const int n = 100000;
	char *s = malloc((size_t)n + 1);
	struct text_lines ls;
	struct text_line l;
	(void)state;

	assert_non_null(s);
	for (int i = 0; i < n; i++)
		s[i] = "word "[i % 5];
	s[n] = '\0';
	assert_int_equal(text_layout(s, 80, TEXT_AUTO, 0, &ls), 0);
	assert_true(ls.n > 1000);
	check_lines(&ls, 80, n);
	text_lines_free(&ls);
	/* one 100 KB word, and Chinese and Arabic of the same size */
	memset(s, 'x', (size_t)n);
	assert_int_equal(text_layout(s, 7, TEXT_RTL, 0, &ls), 0);
	check_lines(&ls, 7, n);
	text_lines_free(&ls);
	for (int i = 0; i + 3 <= n; i += 3)
		memcpy(s + i, "中", 3);
	s[n - n % 3] = '\0';
	assert_int_equal(text_layout(s, 9, TEXT_AUTO, 0, &ls), 0);
	check_lines(&ls, 9, n);
	text_lines_free(&ls);
	for (int i = 0; i + 2 <= n; i += 2)
		memcpy(s + i, i % 10 == 8 ? "\xd9\x8e" : "\xd9\x84", 2); /* لَ */
	s[n] = '\0';
	assert_int_equal(text_layout(s, 13, TEXT_AUTO, 0, &ls), 0);
	check_lines(&ls, 13, n);
	text_lines_free(&ls);
	assert_int_equal(text_line1(s, 40, TEXT_AUTO, &l), 0);
	assert_true(l.cells <= 40);
	text_line_free(&l);
	assert_true(text_width(s) > 0);
	assert_int_equal(text_find(s, "لم", 0, NULL), -1);
	free(s);

	/* 5,000 combining marks on one base: one row, one cell */
	s = malloc(1 + 5000 * 2 + 1);
	assert_non_null(s);
	s[0] = 'a';
	for (int i = 0; i < 5000; i++)
		memcpy(s + 1 + 2 * i, "\xcc\x81", 2);
	s[1 + 5000 * 2] = '\0';
	assert_int_equal(text_layout(s, 10, TEXT_AUTO, 0, &ls), 0);
	assert_int_equal(ls.n, 1);
	assert_int_equal(ls.v[0].len, 5001);
	assert_int_equal(ls.v[0].cells, 1);
	text_lines_free(&ls);
	assert_int_equal(text_width(s), 1);
	s[0] = '\xff';
	assert_int_equal(text_layout(s, 1, TEXT_RTL, 0, &ls), 0);
	check_lines(&ls, 1, 1 + 5000 * 2);
	text_lines_free(&ls);
	free(s);

	/* 100 KB of bad bytes and escapes */
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	for (int i = 0; i < n; i++)
		s[i] = "\xff\x1b[\x1b]\xe4\xb8"[i % 7];
	s[n] = '\0';
	assert_int_equal(text_layout(s, 5, TEXT_AUTO, 0, &ls), 0);
	check_lines(&ls, 5, n);
	text_lines_free(&ls);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cap_rtl_sentence),
	    cmocka_unit_test(cap_rtl_numbers),
	    cmocka_unit_test(cap_rtl_brackets),
	    cmocka_unit_test(cap_rtl_wrap_before_reorder),
	    cmocka_unit_test(arabic_shaped_visual),
	    cmocka_unit_test(arabic_wrap_keeps_joining),
	    cmocka_unit_test(chinese_wrap),
	    cmocka_unit_test(layout_basics),
	    cmocka_unit_test(clean_invalid_and_controls),
	    cmocka_unit_test(width_of_strings),
	    cmocka_unit_test(line1_truncation),
	    cmocka_unit_test(line_utf8_indent),
	    cmocka_unit_test(find_english_chinese),
	    cmocka_unit_test(find_arabic),
	    cmocka_unit_test(next_prev),
	    cmocka_unit_test(print_logical_visual),
	    cmocka_unit_test(direction),
	    cmocka_unit_test(big_inputs),
	};

	/* wcwidth, like the program, needs a UTF-8 LC_CTYPE */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return 1;
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
