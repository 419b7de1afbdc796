/* test_content.c — the card and checklist loader: every field read, every
 * kind of problem reported at its exact file:line:column. Run from the
 * source tree (fixtures are found under tests/unit/fixtures/content). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content.h"

#define FIX "tests/unit/fixtures/content"

/* --- helpers ------------------------------------------------------------- */

static int parse_card(const char *yaml, struct card *c, struct diags *d)
{
	return content_parse_card("t.yaml", yaml, strlen(yaml), c, d);
}

static int has_diag(const struct diags *d, enum diag_sev sev, const char *text)
{
	for (int i = 0; i < d->n; i++)
		if (d->v[i].sev == sev && !strcmp(d->v[i].text, text))
			return 1;
	return 0;
}

static void dump_diags(const struct diags *d)
{
	for (int i = 0; i < d->n; i++)
		print_message("  diag %d: %s%s\n", i, d->v[i].sev == DIAG_WARN ? "warning: " : "",
		              d->v[i].text);
}

static void expect_ndiags(const struct diags *d, int n)
{
	if (d->n != n)
		dump_diags(d);
	assert_int_equal(d->n, n);
}

/* The card is refused and its first (and only) diagnostic is exactly msg. */
static void expect_card_error(const char *yaml, const char *msg)
{
	struct diags d = {0};
	struct card c;
	int rc = parse_card(yaml, &c, &d);

	if (rc != -1 || d.n != 1 || strcmp(d.v[0].text, msg)) {
		print_message("expected: %s\n", msg);
		dump_diags(&d);
	}
	assert_int_equal(rc, -1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].sev, DIAG_ERROR);
	assert_string_equal(d.v[0].text, msg);
	assert_null(c.id);
	assert_null(c.sections);
	diags_free(&d);
}

/* A valid card with one line swapped: "@" in tmpl is replaced by line. */
static char *card_with(const char *line)
{
	static const char tmpl[] = "id: t\n"
	                           "category: self-care\n"
	                           "title: \"T\"\n"
	                           "summary: \"S\"\n"
	                           "sections:\n"
	                           "  - heading: \"H\"\n"
	                           "    paragraphs: [\"p\"]\n"
	                           "see_also: []\n"
	                           "sources: [\"src\"]\n"
	                           "reviewed: 2026-11-22\n"
	                           "@";
	char *s = malloc(sizeof tmpl + strlen(line));
	const char *at = strchr(tmpl, '@');

	assert_non_null(s);
	memcpy(s, tmpl, (size_t)(at - tmpl));
	strcpy(s + (at - tmpl), line);
	return s;
}

static char *read_fixture(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 16);

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 16) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* --- single cards -------------------------------------------------------- */

static void test_good_card_all_fields(void **state)
{
	struct diags d = {0};
	struct card c;
	size_t len;
	char *buf = read_fixture(FIX "/good/cards/alpha.yaml", &len);
	(void)state;

	assert_int_equal(content_parse_card(FIX "/good/cards/alpha.yaml", buf, len, &c, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(c.id, "alpha");
	assert_int_equal(c.category, CAT_SEX_AND_BACK);
	assert_int_equal(c.order, 20);
	assert_string_equal(c.title, "Alpha: positions");
	assert_string_equal(c.summary, "A folded summary on two lines.");
	assert_int_equal(c.nsections, 2);
	assert_string_equal(c.sections[0].heading, "First");
	assert_int_equal(c.sections[0].nparagraphs, 2);
	assert_string_equal(c.sections[0].paragraphs[1], "Two paragraphs.");
	assert_int_equal(c.sections[0].nbullets, 1);
	assert_string_equal(c.sections[0].bullets[0], "A point.");
	assert_null(c.sections[0].table);
	assert_int_equal(c.sections[1].nparagraphs, 0);
	assert_non_null(c.sections[1].table);
	assert_int_equal(c.nsee_also, 2);
	assert_string_equal(c.see_also[0], "beta");
	assert_string_equal(c.see_also[1], "gamma");
	assert_int_equal(c.nsources, 2);
	assert_string_equal(c.sources[1], "Source two (2015)");
	assert_string_equal(c.reviewed, "2026-11-22");
	assert_string_equal(c.file, FIX "/good/cards/alpha.yaml");
	content_card_free(&c);
	assert_null(c.id);
	free(buf);
}

static void test_table(void **state)
{
	struct diags d = {0};
	struct card c;
	size_t len;
	char *buf = read_fixture(FIX "/good/cards/alpha.yaml", &len);
	const struct card_table *t;
	(void)state;

	assert_int_equal(content_parse_card("alpha.yaml", buf, len, &c, &d), 0);
	t = c.sections[1].table;
	assert_int_equal(t->ncols, 3);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(t->columns[0], "Position");
	assert_string_equal(t->columns[2], "Arching hurts");
	assert_string_equal(t->cells[0], "All fours");
	assert_string_equal(t->cells[1 * 3 + 0], "Spooning");
	assert_string_equal(t->cells[1 * 3 + 2], "Suits");
	content_card_free(&c);
	diags_free(&d);
	free(buf);
}

static void test_minimal_card_defaults(void **state)
{
	struct diags d = {0};
	struct card c;
	char *y = card_with("");
	(void)state;

	assert_int_equal(parse_card(y, &c, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(c.order, 0);
	assert_int_equal(c.nsee_also, 0);
	assert_null(c.see_also);
	assert_string_equal(c.file, "t.yaml");
	content_card_free(&c);
	free(y);
}

static void test_missing_key(void **state)
{
	(void)state;
	expect_card_error("id: t\ncategory: self-care\nsummary: S\n"
	                  "sections: [{heading: H, paragraphs: [p]}]\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:1:1: missing required key 'title'");
	/* In a nested mapping the position is that mapping's. */
	expect_card_error("id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections:\n"
	                  "  - paragraphs: [p]\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:6:5: missing required key 'heading'");
}

static void test_wrong_types(void **state)
{
	char *y;
	(void)state;

	expect_card_error("id: t\ncategory: self-care\ntitle: [a, b]\nsummary: S\n"
	                  "sections: [{heading: H, paragraphs: [p]}]\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:3:8: 'title': string expected, found a list");
	expect_card_error("id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections: \"one\"\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:5:11: 'sections': list expected, found a string");
	y = card_with("order: first\n");
	expect_card_error(y, "t.yaml:11:8: 'order': integer expected, found 'first'");
	free(y);
	expect_card_error("id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections: [{heading: H, paragraphs: [p]}]\n"
	                  "sources:\n  - s\n  - {who: me}\n"
	                  "reviewed: 2026-11-22\n",
	                  "t.yaml:8:5: 'sources' item: string expected, found a mapping");
	expect_card_error("id: t\ncategory: self-care\ntitle: \"\"\nsummary: S\n"
	                  "sections: [{heading: H, paragraphs: [p]}]\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:3:8: 'title' is empty");
	expect_card_error(
	    "- id: t\n",
	    "t.yaml:1:1: a card must be a mapping of keys (id, title, ...), not a list");
}

static void test_bad_id(void **state)
{
	(void)state;
	expect_card_error("id: Bad_Id\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections: [{heading: H, paragraphs: [p]}]\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:1:5: invalid id 'Bad_Id' (use only a-z, 0-9 and '-')");
	expect_card_error("id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections: [{heading: H, paragraphs: [p]}]\n"
	                  "see_also: [ok, \"not ok\"]\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:6:16: invalid id 'not ok' (use only a-z, 0-9 and '-')");
}

static void test_id_not_file_name_is_warning(void **state)
{
	struct diags d = {0};
	struct card c;
	char *y = card_with("");
	(void)state;

	assert_int_equal(content_parse_card("dir/other-name.yaml", y, strlen(y), &c, &d), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(d.v[0].sev, DIAG_WARN);
	assert_string_equal(
	    d.v[0].text,
	    "dir/other-name.yaml:1:5: id 't' does not match the file name 'other-name.yaml'");
	assert_string_equal(c.id, "t");
	content_card_free(&c);
	diags_free(&d);
	free(y);
}

static void test_unknown_category(void **state)
{
	(void)state;
	expect_card_error("id: t\ncategory: gossip\ntitle: T\nsummary: S\n"
	                  "sections: [{heading: H, paragraphs: [p]}]\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:2:11: unknown category 'gossip' (expected one of: after-sex, "
	                  "after-miscarriage, sex-and-back-pain, self-care, get-help)");
}

static void test_table_row_cells(void **state)
{
	(void)state;
	expect_card_error("id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections:\n"
	                  "  - heading: H\n"
	                  "    table:\n"
	                  "      columns: [a, b, c]\n"
	                  "      rows:\n"
	                  "        - [1, 2, 3]\n"
	                  "        - [1, 2]\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:11:11: table row 2 has 2 cells; expected 3 (one per column)");
	expect_card_error("id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections:\n"
	                  "  - heading: H\n"
	                  "    table:\n"
	                  "      columns: [a, b]\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:8:7: missing required key 'rows'");
	expect_card_error("id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections:\n"
	                  "  - heading: H\n"
	                  "    table: {columns: [a], rows: [x]}\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:7:34: table row 1: list expected, found a string");
}

static void test_empty_sections(void **state)
{
	(void)state;
	expect_card_error("id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections: []\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:5:11: 'sections' is empty; at least one is needed");
	expect_card_error("id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections:\n"
	                  "  - heading: Nothing here\n"
	                  "    paragraphs: []\n"
	                  "sources: [s]\nreviewed: 2026-11-22\n",
	                  "t.yaml:6:5: section has no paragraphs, bullets or table");
	expect_card_error("id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
	                  "sections: [{heading: H, bullets: [b]}]\n"
	                  "sources: []\nreviewed: 2026-11-22\n",
	                  "t.yaml:6:10: 'sources' is empty; at least one is needed");
}

static void test_reviewed_date(void **state)
{
	static const char *const bad[] = {"2026-13-01", "2026-02-30",  "2025-02-29",
	                                  "26-11-22",   "2026-11-22x", "yesterday"};
	(void)state;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char y[400], msg[120];
		snprintf(y, sizeof y,
		         "id: t\ncategory: self-care\ntitle: T\nsummary: S\n"
		         "sections: [{heading: H, paragraphs: [p]}]\n"
		         "sources: [s]\nreviewed: %s\n",
		         bad[i]);
		snprintf(msg, sizeof msg,
		         "t.yaml:7:11: 'reviewed' must be a date YYYY-MM-DD, not '%s'", bad[i]);
		expect_card_error(y, msg);
	}
}

static void test_duplicate_key(void **state)
{
	char *y = card_with("title: \"Again\"\n");
	(void)state;

	expect_card_error(y, "t.yaml:11:1: duplicate key 'title' (first at line 3)");
	free(y);
}

static void test_unknown_key_is_warning(void **state)
{
	struct diags d = {0};
	struct card c;
	char *y = card_with("colour: blue\n");
	(void)state;

	assert_int_equal(parse_card(y, &c, &d), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(d.v[0].sev, DIAG_WARN);
	assert_string_equal(d.v[0].text, "t.yaml:11:1: unknown key 'colour' (ignored)");
	assert_string_equal(c.title, "T");
	content_card_free(&c);
	diags_free(&d);
	free(y);
}

static void test_yaml_syntax_errors(void **state)
{
	(void)state;
	expect_card_error("id: t\ntitle: x: y\n",
	                  "t.yaml:2:9: mapping values are not allowed in this context");
	expect_card_error("id: t\ntitle: \"unterminated\n",
	                  "t.yaml:3:1: found unexpected end of stream "
	                  "(while scanning a quoted scalar at line 2, column 8)");
	expect_card_error("id: t\ntitle: \xff\xfe\n", "t.yaml:2:8: invalid leading UTF-8 octet");
	expect_card_error("id: &a t\ntitle: *a\n",
	                  "t.yaml:2:8: aliases (*a) are not supported in content files");
	expect_card_error("id: t\n---\nid: u\n",
	                  "t.yaml:2:1: only one YAML document is allowed in a file");
	expect_card_error("a: [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]\n",
	                  "t.yaml:1:19: nested more than 16 levels deep");
	expect_card_error("", "t.yaml: no card in this file");
	expect_card_error("# nothing but a comment\n", "t.yaml: no card in this file");
}

static void test_many_problems_capped(void **state)
{
	struct diags d = {0};
	struct card c;
	char *y = malloc(200 * 16 + 1), *p = y;
	(void)state;

	for (int i = 0; i < 200; i++)
		p += sprintf(p, "k%03d: x\n", i);
	assert_int_equal(parse_card(y, &c, &d), -1);
	assert_true(d.n < 60);
	assert_true(
	    has_diag(&d, DIAG_ERROR, "t.yaml:51:1: too many problems; the rest are not reported"));
	diags_free(&d);
	free(y);
}

/* --- directories --------------------------------------------------------- */

static void test_load_good_dir(void **state)
{
	struct card_set set;
	struct diags d = {0};
	(void)state;

	assert_int_equal(content_load_cards(FIX "/good", &set, &d), 0);
	expect_ndiags(&d, 0);
	assert_int_equal(set.n, 3);
	/* Category order first, then order, then id. */
	assert_string_equal(set.v[0].id, "beta");
	assert_string_equal(set.v[1].id, "gamma");
	assert_string_equal(set.v[2].id, "alpha");
	assert_ptr_equal(cards_find(&set, "alpha"), &set.v[2]);
	assert_null(cards_find(&set, "delta"));
	assert_null(cards_find(NULL, "alpha"));
	cards_free(&set);
	assert_int_equal(set.n, 0);
}

static void test_load_mixed_dir(void **state)
{
	struct card_set set;
	struct diags d = {0};
	const struct card *c;
	(void)state;

	assert_int_equal(content_load_cards(FIX "/mixed", &set, &d), 0);
	expect_ndiags(&d, 5);
	assert_int_equal(set.n, 3);
	assert_string_equal(set.v[0].id, "e-extra");
	assert_string_equal(set.v[1].id, "a-good");
	assert_string_equal(set.v[2].id, "d-links");
	/* The broken card is named with its position and left out. */
	assert_true(has_diag(&d, DIAG_ERROR,
	                     FIX
	                     "/mixed/cards/b-broken.yaml:2:11: unknown category 'nonsense' "
	                     "(expected one of: after-sex, after-miscarriage, sex-and-back-pain, "
	                     "self-care, get-help)"));
	assert_null(cards_find(&set, "b-broken"));
	/* The second of two cards with one id is dropped (files in name order). */
	assert_true(has_diag(&d, DIAG_ERROR,
	                     FIX "/mixed/cards/c-dup.yaml:1:5: duplicate card id 'a-good' "
	                         "(also in " FIX "/mixed/cards/a-good.yaml); left out"));
	assert_true(has_diag(&d, DIAG_WARN,
	                     FIX "/mixed/cards/c-dup.yaml:1:5: id 'a-good' does not match "
	                         "the file name 'c-dup.yaml'"));
	c = cards_find(&set, "a-good");
	assert_string_equal(c->title, "A good card");
	/* A dangling link is dropped, the card stays. */
	assert_true(has_diag(&d, DIAG_ERROR,
	                     FIX "/mixed/cards/d-links.yaml:8:20: see_also: no card with id "
	                         "'nowhere'; link dropped"));
	c = cards_find(&set, "d-links");
	assert_int_equal(c->nsee_also, 1);
	assert_string_equal(c->see_also[0], "a-good");
	/* An unknown key only warns. */
	assert_true(has_diag(&d, DIAG_WARN,
	                     FIX "/mixed/cards/e-extra.yaml:5:1: unknown key 'colour' (ignored)"));
	assert_int_equal(d.n, 5);
	assert_int_equal(d.nerrors, 3);
	cards_free(&set);
	diags_free(&d);
}

static void test_load_missing_dir(void **state)
{
	struct card_set set;
	struct diags d = {0};
	(void)state;

	assert_int_equal(content_load_cards(FIX "/nowhere", &set, &d), -1);
	assert_int_equal(set.n, 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].text, FIX "/nowhere/cards: No such file or directory");
	diags_free(&d);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* FIFOs, directories and files over 1 MiB in the cards folder. */
static void test_load_special_files(void **state)
{
	char dir[] = "/tmp/bc-test-content-XXXXXX", path[200], msg[300];
	struct card_set set;
	struct diags d = {0};
	char *y = card_with("");
	FILE *f;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/cards", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/cards/t.yaml", dir);
	write_file(path, y);
	snprintf(path, sizeof path, "%s/cards/.hidden.yaml", dir);
	write_file(path, "not: [valid");
	snprintf(path, sizeof path, "%s/cards/fifo.yaml", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(path, sizeof path, "%s/cards/sub.yaml", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/cards/big.yaml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < (1 << 20) / 64 + 1; i++)
		fprintf(f, "# %061d\n", i);
	fclose(f);

	assert_int_equal(content_load_cards(dir, &set, &d), 0);
	expect_ndiags(&d, 3);
	assert_int_equal(set.n, 1);
	assert_string_equal(set.v[0].id, "t");
	snprintf(msg, sizeof msg, "%s/cards/big.yaml: larger than 1 MiB; refused", dir);
	assert_true(has_diag(&d, DIAG_ERROR, msg));
	snprintf(msg, sizeof msg, "%s/cards/fifo.yaml: not a regular file; skipped", dir);
	assert_true(has_diag(&d, DIAG_WARN, msg));
	snprintf(msg, sizeof msg, "%s/cards/sub.yaml: not a regular file; skipped", dir);
	assert_true(has_diag(&d, DIAG_WARN, msg));
	cards_free(&set);
	diags_free(&d);

	/* A checklist that is not a regular file cannot be loaded at all. */
	struct checklist cl;
	snprintf(path, sizeof path, "%s/checklist.yaml", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(content_load_checklist(dir, &cl, &d), -1);
	snprintf(msg, sizeof msg, "%s/checklist.yaml: not a regular file; skipped", dir);
	assert_true(has_diag(&d, DIAG_ERROR, msg));
	diags_free(&d);

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(y);
}

/* --- checklist ----------------------------------------------------------- */

static void test_checklist_good(void **state)
{
	struct checklist cl;
	struct diags d = {0};
	(void)state;

	assert_int_equal(content_load_checklist(FIX "/good", &cl, &d), 0);
	expect_ndiags(&d, 0);
	assert_int_equal(cl.n, 5);
	assert_string_equal(cl.items[0].id, "numb");
	assert_int_equal(cl.items[0].level, LEVEL_EMERGENCY);
	assert_int_equal(cl.items[0].group, GROUP_SPINE);
	assert_string_equal(cl.items[0].question, "Numb?");
	assert_string_equal(cl.items[0].sign_of, "Nerves.");
	assert_int_equal(cl.items[2].level, LEVEL_SOON);
	assert_int_equal(cl.items[2].group, GROUP_MEN);
	assert_int_equal(cl.items[3].group, GROUP_PREGNANCY);
	assert_int_equal(cl.items[4].group, GROUP_AFTER_SEX);
	assert_string_equal(cl.levels[LEVEL_EMERGENCY].title, "Emergency: get help now");
	assert_int_equal(cl.levels[LEVEL_URGENT].nadvice, 1);
	assert_string_equal(cl.levels[LEVEL_SOON].advice[0], "Within days.");
	assert_int_equal(cl.levels[LEVEL_SELFCARE].ncards, 2);
	assert_string_equal(cl.levels[LEVEL_SELFCARE].cards[0], "beta");
	assert_int_equal(cl.levels[LEVEL_EMERGENCY].ncards, 0);
	assert_string_equal(cl.emergency_numbers,
	                    "Call your local emergency number (112, 999 or 911).");
	assert_int_equal(cl.nsources, 1);
	assert_string_equal(cl.reviewed, "2026-11-22");
	assert_string_equal(cl.file, FIX "/good/checklist.yaml");
	assert_int_equal(checklist_find(&cl, "history"), 2);
	assert_int_equal(checklist_find(&cl, "nothing"), -1);
	checklist_free(&cl);
	assert_int_equal(cl.n, 0);
}

static void test_checklist_broken(void **state)
{
	static const char *const want[] = {
	    "6:3: unknown level 'sometime' (expected one of: emergency, urgent, soon, selfcare)",
	    "3:3: missing level 'soon'",
	    "14:12: level 'selfcare' is not allowed for an item (expected one of: emergency, "
	    "urgent, soon)",
	    "20:12: unknown group 'women' (expected one of: spine, general, infection, after-sex, "
	    "pregnancy, men)",
	    "28:5: missing required key 'question'",
	    /* Duplicates are found once every item is read. */
	    "23:9: duplicate item id 'good-one'; left out",
	    "33:11: 'reviewed' must be a date YYYY-MM-DD, not '2026-13-01'",
	};
	struct checklist cl;
	struct diags d = {0};
	(void)state;

	/* Broken items are left out; the checklist still loads. */
	assert_int_equal(content_load_checklist(FIX "/broken-checklist", &cl, &d), 0);
	expect_ndiags(&d, 7);
	for (int i = 0; i < 7; i++) {
		char msg[300];
		snprintf(msg, sizeof msg, FIX "/broken-checklist/checklist.yaml:%s", want[i]);
		assert_string_equal(d.v[i].text, msg);
	}
	assert_int_equal(cl.n, 1);
	assert_string_equal(cl.items[0].id, "good-one");
	assert_string_equal(cl.items[0].question, "Q?");
	assert_null(cl.levels[LEVEL_SOON].title);
	assert_string_equal(cl.levels[LEVEL_URGENT].title, "U");
	checklist_free(&cl);
	diags_free(&d);
}

static void test_checklist_in_memory(void **state)
{
	static const char no_numbers[] =
	    "levels:\n"
	    "  emergency: {title: E, advice: [a]}\n"
	    "  urgent: {title: U, advice: [a]}\n"
	    "  soon: {title: S, advice: [a]}\n"
	    "  selfcare: {title: C, advice: [a], cards: [Bad]}\n"
	    "items:\n"
	    "  - {id: x, level: panic, group: spine, question: q, sign_of: s}\n"
	    "sources: [s]\n"
	    "reviewed: 2026-11-22\n";
	struct checklist cl;
	struct diags d = {0};
	(void)state;

	assert_int_equal(content_parse_checklist("c.yaml", no_numbers, strlen(no_numbers), &cl, &d),
	                 0);
	expect_ndiags(&d, 3);
	assert_string_equal(d.v[0].text, "c.yaml:1:1: missing required key 'emergency_numbers'");
	assert_string_equal(d.v[1].text,
	                    "c.yaml:5:45: invalid id 'Bad' (use only a-z, 0-9 and '-')");
	assert_string_equal(
	    d.v[2].text,
	    "c.yaml:7:20: unknown level 'panic' (expected one of: emergency, urgent, soon)");
	assert_int_equal(cl.n, 0);
	assert_null(cl.emergency_numbers);
	checklist_free(&cl);
	diags_free(&d);

	assert_int_equal(content_parse_checklist("c.yaml", "[1, 2]", 6, &cl, &d), -1);
	assert_string_equal(
	    d.v[0].text,
	    "c.yaml:1:1: the checklist must be a mapping of keys (levels, items, ...), not a list");
	diags_free(&d);
	assert_int_equal(content_parse_checklist("c.yaml", "items: [", 8, &cl, &d), -1);
	assert_int_equal(d.n, 1);
	diags_free(&d);
	assert_int_equal(content_load_checklist(FIX "/nowhere", &cl, &d), -1);
	assert_string_equal(d.v[0].text, FIX "/nowhere/checklist.yaml: No such file or directory");
	diags_free(&d);
}

/* --- red_flags: cards tied to the checklist ------------------------------ */

static const char flags_checklist[] =
    "emergency_numbers: call\n"
    "levels:\n"
    "  emergency: {title: E, advice: [a]}\n"
    "  urgent: {title: U, advice: [a]}\n"
    "  soon: {title: S, advice: [a]}\n"
    "  selfcare: {title: C, advice: [a]}\n"
    "items:\n"
    "  - {id: sepsis, level: emergency, group: after-sex, question: q, sign_of: s}\n"
    "  - {id: fever, level: urgent, group: after-sex, question: q, sign_of: s}\n"
    "  - {id: lump, level: soon, group: men, question: q, sign_of: s}\n"
    "sources: [s]\n"
    "reviewed: 2026-11-22\n";

static void test_red_flags_parsed(void **state)
{
	char *y =
	    card_with("red_flags:\n  soon: [lump]\n  emergency: [sepsis, x-1]\n  urgent: []\n");
	struct diags d = {0};
	struct card c;
	(void)state;

	assert_int_equal(parse_card(y, &c, &d), 0);
	expect_ndiags(&d, 0);
	/* Most urgent first, whatever order the levels were written in. */
	assert_int_equal(c.nflags, 3);
	assert_string_equal(c.flags[0].id, "sepsis");
	assert_int_equal(c.flags[0].level, LEVEL_EMERGENCY);
	assert_int_equal(c.flags[0].line, 13);
	assert_int_equal(c.flags[0].col, 15);
	assert_string_equal(c.flags[1].id, "x-1");
	assert_string_equal(c.flags[2].id, "lump");
	assert_int_equal(c.flags[2].level, LEVEL_SOON);
	content_card_free(&c);
	free(y);

	/* Absent or empty: no flags, no complaint. */
	y = card_with("red_flags:\n");
	assert_int_equal(parse_card(y, &c, &d), 0);
	expect_ndiags(&d, 0);
	assert_int_equal(c.nflags, 0);
	content_card_free(&c);
	free(y);
	diags_free(&d);
}

static void test_red_flags_errors(void **state)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
	    {"red_flags: [sepsis]\n", "t.yaml:11:12: 'red_flags': mapping expected, found a list"},
	    {"red_flags:\n  selfcare: [x]\n", "t.yaml:12:3: red_flags: unknown level 'selfcare' "
	                                      "(expected one of: emergency, urgent, soon)"},
	    {"red_flags:\n  emergancy: [x]\n", "t.yaml:12:3: red_flags: unknown level 'emergancy' "
	                                       "(expected one of: emergency, urgent, soon)"},
	    {"red_flags:\n  urgent: fever\n",
	     "t.yaml:12:11: 'red_flags: urgent': list expected, found a string"},
	    {"red_flags:\n  urgent: [Fever]\n",
	     "t.yaml:12:12: invalid id 'Fever' (use only a-z, 0-9 and '-')"},
	    {"red_flags:\n  urgent: [fever]\n  soon: [fever]\n",
	     "t.yaml:13:10: red_flags: 'fever' is listed twice (first at line 12)"},
	    {"red_flags:\n  urgent: [a]\n  urgent: [b]\n",
	     "t.yaml:13:3: duplicate key 'urgent' (first at line 12)"},
	};
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *y = card_with(cases[i].line);
		expect_card_error(y, cases[i].msg);
		free(y);
	}
}

/* An id the checklist lacks, or one listed under another level than the
 * checklist's, is dropped with an error where it was written; the rest stay. */
static void test_red_flags_against_checklist(void **state)
{
	struct card_set set = {0};
	struct checklist cl;
	struct diags d = {0};
	char *y[3];
	(void)state;

	y[0] = card_with(
	    "red_flags:\n  emergency: [sepsis, fever]\n  urgent: [nosuch]\n  soon: [lump]\n");
	y[1] = card_with("red_flags:\n  emergency: [sepsis]\n");
	y[2] = card_with("red_flags:\n  emergency: [sepsis]\n  urgent: [fever]\n");
	set.v = calloc(3, sizeof *set.v);
	assert_non_null(set.v);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(parse_card(y[i], &set.v[i], &d), 0);
		free(y[i]);
	}
	set.n = 3;
	assert_int_equal(
	    content_parse_checklist("c.yaml", flags_checklist, strlen(flags_checklist), &cl, &d),
	    0);
	expect_ndiags(&d, 0);

	assert_int_equal(content_check_red_flags(&set, &cl, &d), 2);
	expect_ndiags(&d, 2);
	assert_string_equal(d.v[0].text,
	                    "t.yaml:12:23: red_flags: 'fever' is listed under 'emergency' but the "
	                    "checklist has it at 'urgent'; flag dropped");
	assert_string_equal(
	    d.v[1].text,
	    "t.yaml:13:12: red_flags: no checklist item with id 'nosuch'; flag dropped");
	assert_int_equal(set.v[0].nflags, 2);
	assert_string_equal(set.v[0].flags[0].id, "sepsis");
	assert_string_equal(set.v[0].flags[1].id, "lump");

	/* The card about a sign is the one most about its group: card 0 has
	 * one of its two flags in the "men" group, card 1 all of its one in
	 * "after-sex", card 2 both of its two in "after-sex". */
	assert_int_equal(cards_about_flag(&set, &cl, checklist_find(&cl, "sepsis")), 2);
	assert_int_equal(cards_about_flag(&set, &cl, checklist_find(&cl, "fever")), 2);
	assert_int_equal(cards_about_flag(&set, &cl, checklist_find(&cl, "lump")), 0);
	assert_int_equal(cards_about_flag(&set, &cl, -1), -1);
	assert_int_equal(cards_about_flag(&set, &cl, cl.n), -1);

	cards_free(&set);
	checklist_free(&cl);
	diags_free(&d);
}

/* --- tables of names ----------------------------------------------------- */

static void test_words(void **state)
{
	(void)state;
	assert_string_equal(level_word(LEVEL_EMERGENCY), "emergency");
	assert_string_equal(level_word(LEVEL_URGENT), "urgent");
	assert_string_equal(level_word(LEVEL_SOON), "soon");
	assert_string_equal(level_word(LEVEL_SELFCARE), "selfcare");
	assert_null(level_word(LEVEL_COUNT));
	for (int l = 0; l < LEVEL_COUNT; l++)
		assert_int_equal(level_from_word(level_word(l)), l);
	assert_int_equal(level_from_word("Emergency"), -1);
	assert_int_equal(level_from_word(NULL), -1);
	assert_string_equal(content_categories[CAT_AFTER_MISCARRIAGE].id, "after-miscarriage");
	assert_string_equal(content_categories[CAT_GET_HELP].label, "When to get help");
	assert_string_equal(content_groups[GROUP_PREGNANCY].id, "pregnancy");
	assert_string_equal(content_groups[GROUP_SPINE].label, "Back, nerves and legs");
	assert_string_equal(content_levels[LEVEL_URGENT].symbol, "!!");
	assert_string_equal(content_levels[LEVEL_SELFCARE].label, "self-care");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_card_all_fields),
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_minimal_card_defaults),
	    cmocka_unit_test(test_missing_key),
	    cmocka_unit_test(test_wrong_types),
	    cmocka_unit_test(test_bad_id),
	    cmocka_unit_test(test_id_not_file_name_is_warning),
	    cmocka_unit_test(test_unknown_category),
	    cmocka_unit_test(test_table_row_cells),
	    cmocka_unit_test(test_empty_sections),
	    cmocka_unit_test(test_reviewed_date),
	    cmocka_unit_test(test_duplicate_key),
	    cmocka_unit_test(test_unknown_key_is_warning),
	    cmocka_unit_test(test_yaml_syntax_errors),
	    cmocka_unit_test(test_many_problems_capped),
	    cmocka_unit_test(test_load_good_dir),
	    cmocka_unit_test(test_load_mixed_dir),
	    cmocka_unit_test(test_load_missing_dir),
	    cmocka_unit_test(test_load_special_files),
	    cmocka_unit_test(test_checklist_good),
	    cmocka_unit_test(test_checklist_broken),
	    cmocka_unit_test(test_checklist_in_memory),
	    cmocka_unit_test(test_words),
	    cmocka_unit_test(test_red_flags_parsed),
	    cmocka_unit_test(test_red_flags_errors),
	    cmocka_unit_test(test_red_flags_against_checklist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
