/* test_config.c — settings file, language names and paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "i18n.h"
#include "paths.h"

static void parse_ok(void **state)
{
	const char *y = "# comment\nlanguage: ar\ncolor: false\n";
	struct config c;
	struct diags d = {0};
	(void)state;
	assert_int_equal(config_parse("config.yaml", y, strlen(y), &c, &d), 0);
	assert_int_equal(c.lang, LANG_AR);
	assert_int_equal(c.color, 0);
	assert_int_equal(d.n, 0);
	diags_free(&d);
}

static void parse_warnings_have_positions(void **state)
{
	const char *y = "language: klingon\ncolour: true\ncolor: maybe\n";
	struct config c;
	struct diags d = {0};
	(void)state;
	assert_int_equal(config_parse("c.yaml", y, strlen(y), &c, &d), 0);
	assert_int_equal(c.lang, -1);
	assert_int_equal(c.color, 1);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].text,
	                    "c.yaml:1:11: unknown language 'klingon' (en, zh_CN or ar)");
	assert_string_equal(d.v[1].text, "c.yaml:2:9: unknown setting 'colour'");
	assert_string_equal(d.v[2].text, "c.yaml:3:8: color should be true or false, not 'maybe'");
	diags_free(&d);
}

static void parse_broken_gives_defaults(void **state)
{
	const char *y = "language: [ar\n";
	struct config c;
	struct diags d = {0};
	(void)state;
	assert_int_equal(config_parse("c.yaml", y, strlen(y), &c, &d), -1);
	assert_int_equal(c.lang, -1);
	assert_int_equal(d.nerrors, 1);
	assert_string_equal(d.v[d.n - 1].text, "c.yaml:2:1: did not find expected ',' or ']'");
	diags_free(&d);

	y = "- a list\n";
	assert_int_equal(config_parse("c.yaml", y, strlen(y), &c, &d), -1);
	assert_string_equal(d.v[0].text, "c.yaml:1:1: expected a mapping of settings");
	diags_free(&d);
}

static void save_then_load(void **state)
{
	char dir[] = "/tmp/bc-config-XXXXXX", path[256];
	struct config c = {LANG_ZH, 0}, back;
	struct diags d = {0};
	struct stat st;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/sub/backcare/config.yaml", dir);
	mode_t old = umask(0);
	assert_int_equal(config_save(path, &c), 0);
	umask(old);
	assert_int_equal(config_load(path, &back, &d), 0);
	assert_int_equal(back.lang, LANG_ZH);
	assert_int_equal(back.color, 0);
	snprintf(path, sizeof path, "%s/sub/backcare", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(config_load("/nonexistent/x.yaml", &back, &d), 0);
	assert_int_equal(back.lang, -1);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	diags_free(&d);
}

static void lang_names(void **state)
{
	(void)state;
	assert_int_equal(lang_parse("en"), LANG_EN);
	assert_int_equal(lang_parse("en_GB.UTF-8"), LANG_EN);
	assert_int_equal(lang_parse("zh_CN"), LANG_ZH);
	assert_int_equal(lang_parse("zh_CN.UTF-8"), LANG_ZH);
	assert_int_equal(lang_parse("zh"), LANG_ZH);
	assert_int_equal(lang_parse("ar"), LANG_AR);
	assert_int_equal(lang_parse("ar_EG.UTF-8"), LANG_AR);
	assert_int_equal(lang_parse("C.UTF-8"), LANG_EN);
	assert_int_equal(lang_parse("fr_FR.UTF-8"), -1);
	assert_int_equal(lang_parse("arx"), -1);
	assert_int_equal(lang_parse(""), -1);
	assert_int_equal(lang_parse(NULL), -1);
}

static void lang_content_dir(void **state)
{
	char dir[] = "/tmp/bc-paths-XXXXXX", sub[256];
	(void)state;
	assert_non_null(mkdtemp(dir));
	char *p = paths_lang_content(dir, "ar");
	snprintf(sub, sizeof sub, "%s/ar", dir);
	assert_string_equal(p, sub); /* a root holding languages */
	free(p);
	snprintf(sub, sizeof sub, "%s/cards", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	p = paths_lang_content(dir, "ar");
	assert_string_equal(p, dir); /* already a language folder */
	free(p);
	rmdir(sub);
	rmdir(dir);
}

static void xdg_paths(void **state)
{
	(void)state;
	setenv("XDG_DATA_HOME", "/x/data", 1);
	setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
	char home[64];
	snprintf(home, sizeof home, "/tmp/bc-home-XXXXXX");
	assert_non_null(mkdtemp(home));
	setenv("HOME", home, 1);
	char *d = paths_diary(), *c = paths_config(), want[128];
	assert_string_equal(d, "/x/data/backcare/diary.yaml");
	snprintf(want, sizeof want, "%s/.config/backcare/config.yaml", home);
	assert_string_equal(c, want);
	free(d);
	free(c);
	/* B4: a home that does not exist is not one to make */
	rmdir(home);
	c = paths_config();
	assert_null(c);
	c = paths_missing_root("XDG_CONFIG_HOME");
	assert_string_equal(c, home);
	free(c);
	assert_null(paths_missing_root("XDG_DATA_HOME")); /* set: made if missing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_ok),
	    cmocka_unit_test(parse_warnings_have_positions),
	    cmocka_unit_test(parse_broken_gives_defaults),
	    cmocka_unit_test(save_then_load),
	    cmocka_unit_test(lang_names),
	    cmocka_unit_test(lang_content_dir),
	    cmocka_unit_test(xdg_paths),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
