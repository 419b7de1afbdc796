/* test_diary_io.c — CSV and JSON export and import: exact round trips,
 * RFC 4180 quoting, bad rows named, duplicates skipped. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>

#include <cmocka.h>

#include "diary.h"

static const char *const notes[] = {
    "",
    "plain",
    "comma, and \"double quotes\"",
    "line one\nline two\r\nline three\n",
    "\"starts with a quote",
    "ends with a quote\"",
    ",,,",
    "   spaces around   ",
    "中文：腰疼，性生活后加重。",
    "ألم أسفل الظهر بعد الإجهاض، \"مع\" فاصلة",
    "emoji 🙂 combining e\xcc\x81 and \xe2\x80\xa8 LS",
    "ctrl \x01 \x1b[31m \x7f \t tab \\ backslash \\u0041",
    "semicolon; inside",
    "{\"json\": [1, 2]}",
};
#define NNOTES ((int)(sizeof notes / sizeof *notes))

static void make_entries(struct diary *d, int n)
{
	diary_init(d);
	for (int i = 0; i < n; i++) {
		struct diary_entry e;
		char t[64];
		diary_entry_init(&e);
		snprintf(t, sizeof t, "2026-%02d-%02dT%02d:%02d:%02d%s", 1 + i % 12, 1 + i % 28,
		         i % 24, (i * 13) % 60, (i * 7) % 60,
		         i % 4 == 0   ? "+05:45"
		         : i % 4 == 1 ? "-03:00"
		         : i % 4 == 2 ? "+00:00"
		                      : "+01:00");
		assert_int_equal(diary_parse_time(t, &e), 0);
		e.pain = (signed char)(i % 11);
		e.where = (unsigned)(i * 2654435761u) & ((1u << diary_nplaces) - 1);
		e.feels = (unsigned)i % (1u << diary_nfeels);
		e.context = (unsigned)(i * 7) % (1u << diary_ncontexts);
		e.helped = (unsigned)(i * 3) % (1u << diary_nhelped);
		e.verdict = (signed char)(i % 5 - 1);
		e.note = (char *)notes[i % NNOTES];
		e.med = (char *)notes[(i * 5 + 1) % NNOTES];
		if (i % 3 == 0) /* some places with a pain of their own */
			for (int k = 0; k < diary_nplaces; k++)
				if ((e.where & (1u << k)) && (k + i) % 2) {
					e.place_set |= 1u << k;
					e.place_pain[k] = (unsigned char)((k + i) % 11);
				}
		diary_new_id(&e);
		if (i % 10 == 9) /* an id of someone else's making */
			snprintf(e.id, sizeof e.id, "ext.%d:x_y-z", i);
		assert_int_equal(diary_push(d, &e), 0);
	}
	diary_sort(d);
}

static int str_eq(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static void assert_same(const struct diary *a, const struct diary *b)
{
	assert_int_equal(a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		const struct diary_entry *x = &a->v[i], *y = &b->v[i];
		assert_string_equal(x->id, y->id);
		assert_int_equal(x->t, y->t);
		assert_int_equal(x->off_min, y->off_min);
		assert_int_equal(x->dayn, y->dayn);
		assert_int_equal(x->hh * 3600 + x->mm * 60 + x->ss,
		                 y->hh * 3600 + y->mm * 60 + y->ss);
		assert_int_equal(x->pain, y->pain);
		assert_int_equal(x->where, y->where);
		assert_int_equal(x->place_set, y->place_set);
		for (int k = 0; k < diary_nplaces; k++)
			if (x->place_set & (1u << k))
				assert_int_equal(x->place_pain[k], y->place_pain[k]);
		assert_int_equal(x->feels, y->feels);
		assert_int_equal(x->context, y->context);
		assert_int_equal(x->helped, y->helped);
		assert_int_equal(x->verdict, y->verdict);
		if (!str_eq(x->note, y->note))
			fail_msg("entry %d note: [%s] vs [%s]", i, x->note, y->note);
		if (!str_eq(x->med, y->med))
			fail_msg("entry %d med: [%s] vs [%s]", i, x->med, y->med);
	}
}

static char *export(const struct diary *d, int json, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	assert_non_null(f);
	assert_int_equal(json ? diary_export_json(f, d) : diary_export_csv(f, d), 0);
	fclose(f);
	return buf;
}

static int has_diag(const struct diags *dg, const char *needle)
{
	for (int i = 0; i < dg->n; i++)
		if (strstr(dg->v[i].text, needle))
			return 1;
	return 0;
}

static void print_diags(const struct diags *dg)
{
	for (int i = 0; i < dg->n; i++)
		fprintf(stderr, "  diag: %s\n", dg->v[i].text);
}

static void roundtrip(int json)
{
	struct diary d, back;
	struct diags dg = {0};
	size_t len;

	make_entries(&d, 100);
	char *text = export(&d, json, &len);
	diary_init(&back);
	int r = json ? diary_import_json(&back, "x", text, len, &dg)
	             : diary_import_csv(&back, "x", text, len, &dg);
	print_diags(&dg);
	assert_int_equal(r, 0);
	assert_int_equal(dg.n, 0);
	assert_same(&d, &back);

	/* Export of the import is byte for byte the same. */
	size_t len2;
	char *again = export(&back, json, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(text, again, len);
	free(again);
	free(text);
	diary_close(&d);
	diary_close(&back);
}

static void test_csv_roundtrip(void **state)
{
	(void)state;
	roundtrip(0);
}

static void test_json_roundtrip(void **state)
{
	(void)state;
	roundtrip(1);
}

static void test_through_the_file(void **state)
{
	/* export -> import into a diary file -> reload -> export again. */
	char dir[] = "/tmp/bc-io-XXXXXX", path[64];
	struct diary d, file, from;
	struct diags dg = {0};
	size_t len;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/diary.yaml", dir);
	make_entries(&d, 100);
	char *csv = export(&d, 0, &len);
	diary_init(&from);
	assert_int_equal(diary_import_csv(&from, "x.csv", csv, len, &dg), 0);
	assert_int_equal(diary_open(&file, path, &dg), 0);
	int added, skipped;
	assert_int_equal(diary_merge(&file, &from, &added, &skipped, &dg), 0);
	assert_int_equal(added, 100);
	assert_int_equal(skipped, 0);
	diary_close(&file);
	assert_int_equal(diary_open(&file, path, &dg), 0);
	assert_int_equal(dg.n, 0);
	assert_same(&d, &file);
	/* The same import again adds nothing. */
	assert_int_equal(diary_merge(&file, &from, &added, &skipped, &dg), 0);
	assert_int_equal(added, 0);
	assert_int_equal(skipped, 100);
	assert_int_equal(file.n, 100);
	diary_close(&file);
	diary_close(&from);
	diary_close(&d);
	free(csv);
	unlink(path);
	snprintf(path, sizeof path, "%s/diary.yaml.lock", dir);
	unlink(path);
	rmdir(dir);
}

static void test_rfc4180(void **state)
{
	struct diary d;
	struct diary_entry e;
	size_t len;
	(void)state;

	diary_init(&d);
	diary_entry_init(&e);
	assert_int_equal(diary_parse_time("2026-11-22T09:30:00+01:00", &e), 0);
	strcpy(e.id, "a1");
	e.pain = 4;
	e.where = 1u << 6 | 1u << 9;
	e.context = 1;
	e.med = "ibuprofen, 400 mg";
	e.note = "She said \"rest\"\nthen walked";
	e.verdict = 1;
	assert_int_equal(diary_push(&d, &e), 0);
	char *csv = export(&d, 0, &len);
	assert_string_equal(
	    csv, "id,time,pain,where,feels,context,helped,med,note,verdict,place_pain\r\n"
	         "a1,2026-11-22T09:30:00+01:00,4,lower-back;buttock-left,,after-sex,,"
	         "\"ibuprofen, 400 mg\",\"She said \"\"rest\"\"\nthen walked\",soon,\r\n");
	char *json = export(&d, 1, &len);
	assert_string_equal(
	    json, "[\n  {\"id\": \"a1\", \"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4, "
	          "\"where\": [\"lower-back\", \"buttock-left\"], \"feels\": [], "
	          "\"context\": [\"after-sex\"], \"helped\": [], \"med\": \"ibuprofen, 400 mg\", "
	          "\"note\": \"She said \\\"rest\\\"\\nthen walked\", \"verdict\": \"soon\"}\n]\n");
	free(csv);
	free(json);
	diary_close(&d);

	/* Reading: LF line ends, a BOM, columns in another order, a blank
	 * line, no id column. */
	const char in[] =
	    "\xef\xbb\xbfpain,note,time\n3,\"a,b\"\"c\"\"\r\nd\",2026-11-22T09:30:00+01:00\n\n"
	    "0,,2026-11-23 10:00+01:00\n";
	struct diags dg = {0};
	diary_init(&d);
	assert_int_equal(diary_import_csv(&d, "in.csv", in, sizeof in - 1, &dg), 0);
	print_diags(&dg);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].note, "a,b\"c\"\r\nd");
	assert_int_equal(d.v[0].pain, 3);
	assert_string_equal(d.v[0].id, "");
	assert_null(d.v[1].note);
	diary_close(&d);
}

static void test_csv_bad_rows(void **state)
{
	struct diary d;
	struct diags dg = {0};
	(void)state;
	const char in[] = "id,time,pain,where,feels,context,helped,med,note,verdict\n"
	                  "a,2026-11-22T09:30:00+01:00,4,lower-back,,,,,,\n"  /* row 2: fine */
	                  "b,2026-11-22T09:30:00+01:00,11,,,,,,,\n"           /* row 3: pain */
	                  "c,2026-11-22T09:30:00+01:00,4,knee,,,,,,\n"        /* row 4: place */
	                  "d,\"multi\nline\",4,,,,,,,\n"                      /* row 5: time */
	                  "e,2026-11-22T09:30:00+01:00,4,,,after-lunch,,,,\n" /* row 6: context */
	                  "f,2026-11-22T09:30:00+01:00,4,,,,,,,\n"            /* row 7: fine */
	                  "g,2026-11-22T09:30:00+01:00,4\n"                   /* row 8: fields */
	                  "h i,2026-11-22T09:30:00+01:00,4,,,,,,,maybe\n"; /* row 9: id, verdict */
	diary_init(&d);
	assert_int_equal(diary_import_csv(&d, "in.csv", in, sizeof in - 1, &dg), -EINVAL);
	assert_int_equal(d.n, 0); /* nothing kept */
	assert_true(has_diag(&dg, "in.csv:3:29: row 3: pain '11'"));
	assert_true(has_diag(&dg, "in.csv:4:31: row 4: unknown place 'knee'"));
	assert_true(has_diag(&dg, "in.csv:5:3: row 5: 'multi\\nline' is not a time"));
	assert_true(has_diag(&dg, "in.csv:7:33: row 6: unknown context 'after-lunch'"));
	assert_true(has_diag(&dg, "in.csv:9:1: row 8: 3 fields, but the header has 10"));
	assert_true(has_diag(&dg, "in.csv:10:1: row 9: id 'h i'"));
	assert_true(has_diag(&dg, "in.csv:10:39: row 9: unknown verdict 'maybe'"));
	assert_false(has_diag(&dg, "row 2"));
	assert_false(has_diag(&dg, "row 7"));
	diags_free(&dg);

	static const struct {
		const char *text, *want;
	} cases[] = {
	    {"", "in.csv:1:1: row 1: no header row"},
	    {"id,time,pain,colour\n", "in.csv:1:14: row 1: unknown column 'colour'"},
	    {"time,time,pain\n", "column 'time' is given twice"},
	    {"id,note\n", "at least the columns time and pain"},
	    {"time,pain\n2026-11-22T09:30:00+01:00,4\n2026-11-22T09:30:00+01:00,\"4\n",
	     "in.csv:3:27: row 3: a quoted field is not closed"},
	    {"time,pain\n2026-11-22T09:30:00+01:00,\"4\"x\n",
	     "row 2: unexpected text after a closing quote"},
	    {"time,pain\n2026-11-22T09:30:00+01:00,4\"\n", "row 2: a quote inside a field"},
	    {"time,pain,note\n2026-11-22T09:30:00+01:00,4,\"\xff\"\n",
	     "row 2: note is not valid UTF-8"},
	    {"time,pain\n,4\n", "row 2: '' is not a time"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		diary_init(&d);
		int r = diary_import_csv(&d, "in.csv", cases[i].text, strlen(cases[i].text), &dg);
		if (r != -EINVAL || !has_diag(&dg, cases[i].want)) {
			fprintf(stderr, "case %zu: want %s\n", i, cases[i].want);
			print_diags(&dg);
			fail();
		}
		assert_int_equal(d.n, 0);
		diags_free(&dg);
		diary_close(&d);
	}
}

static void test_json_bad(void **state)
{
	struct diary d;
	struct diags dg = {0};
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
	    {"", "in.json:1:1: expected '['"},
	    {"{}", "in.json:1:1: expected '['"},
	    {"[\n  {\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 11}\n]",
	     "in.json:2:49: entry 1: pain '11'"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4},\n {\"time\": \"x\", "
	     "\"pain\": 4}]",
	     "in.json:2:11: entry 2: 'x' is not a time"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": \"4\"}]",
	     "entry 1: pain must be a number"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4.5}]",
	     "entry 1: pain must be a number"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4, \"where\": \"pelvis\"}]",
	     "entry 1: where must be a list"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4, \"where\": [\"knee\"]}]",
	     "entry 1: unknown place 'knee'"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4, \"colour\": 1}]",
	     "entry 1: unknown key 'colour'"},
	    {"[{\"pain\": 4}]", "in.json:1:2: entry 1: no time"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4, \"note\": \"\\ud800\"}]",
	     "lone surrogate"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4, \"note\": \"a\nb\"}]",
	     "in.json:1:61: a control character"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4, \"note\": \"\\u0000\"}]",
	     "NUL"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4}", "expected ',' or ']'"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4}] x", "text after the end"},
	    {"[3]", "entry 1: an entry must be an object"},
	    {"[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 4, \"x\": "
	     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]"
	     "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]",
	     "nested too deeply"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		diary_init(&d);
		int r = diary_import_json(&d, "in.json", cases[i].text, strlen(cases[i].text), &dg);
		if (r != -EINVAL || !has_diag(&dg, cases[i].want)) {
			fprintf(stderr, "case %zu: want %s\n", i, cases[i].want);
			print_diags(&dg);
			fail();
		}
		assert_int_equal(d.n, 0);
		diags_free(&dg);
		diary_close(&d);
	}
	/* Accepted: surrogate pairs, escapes, nulls, no id. */
	const char ok[] = "[{\"time\": \"2026-11-22T09:30:00+01:00\", \"pain\": 0, \"note\": "
	                  "\"\\ud83d\\ude42 \\u4e2d \\/ \\t\", \"med\": null, \"verdict\": null, "
	                  "\"where\": null}]";
	diary_init(&d);
	assert_int_equal(diary_import_json(&d, "in.json", ok, sizeof ok - 1, &dg), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].note, "🙂 中 / \t");
	diary_close(&d);
	diags_free(&dg);
}

static void test_duplicates(void **state)
{
	char dir[] = "/tmp/bc-dup-XXXXXX", path[64];
	struct diary file, from;
	struct diags dg = {0};
	int added, skipped;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/diary.yaml", dir);
	/* Without ids every row is its own entry (DESIGN: rows are separate
	 * entries unless they carry the same id), also twice the same. */
	const char csv[] = "time,pain,note\n"
	                   "2026-11-22T09:30:00+01:00,4,same\n"
	                   "2026-11-22T09:30:00+01:00,4,same\n"   /* twice in the file */
	                   "2026-11-22T09:30:00+01:00,5,same\n"   /* other pain */
	                   "2026-11-22T09:30:00+01:00,4,other\n"; /* other note */
	diary_init(&from);
	assert_int_equal(diary_import_csv(&from, "x.csv", csv, sizeof csv - 1, &dg), 0);
	assert_int_equal(from.n, 4);
	assert_int_equal(diary_open(&file, path, &dg), 0);
	assert_int_equal(diary_merge(&file, &from, &added, &skipped, &dg), 0);
	assert_int_equal(added, 4);
	assert_int_equal(skipped, 0);
	for (int i = 0; i < file.n; i++)
		assert_true(file.v[i].id[0]);
	diary_close(&from);

	/* With ids: one id with two contents is refused, naming both rows. */
	const char csv2[] = "id,time,pain\n"
	                    "k1,2026-11-22T09:30:00+01:00,4\n"
	                    "k1,2026-11-23T09:30:00+01:00,7\n";
	diary_init(&from);
	assert_int_equal(diary_import_csv(&from, "y.csv", csv2, sizeof csv2 - 1, &dg), -EINVAL);
	assert_true(dg.n > 0 &&
	            strstr(dg.v[dg.n - 1].text, "y.csv:3:1: id 'k1' is also on line 2"));
	diary_close(&from);
	diags_free(&dg);
	diary_close(&file);
	assert_int_equal(diary_open(&file, path, &dg), 0);
	assert_int_equal(file.n, 4);
	assert_int_equal(dg.n, 0);
	diary_close(&file);
	unlink(path);
	snprintf(path, sizeof path, "%s/diary.yaml.lock", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_roundtrip),    cmocka_unit_test(test_json_roundtrip),
	    cmocka_unit_test(test_through_the_file), cmocka_unit_test(test_rfc4180),
	    cmocka_unit_test(test_csv_bad_rows),     cmocka_unit_test(test_json_bad),
	    cmocka_unit_test(test_duplicates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
