/* test_report.c — report files and the PDF program's plumbing: atomic
 * replace beside the target, symlinks followed, the diary and folders
 * refused, the mode kept; a child's exit status and stderr; the default
 * path; the paper a locale asks for. */
#include <errno.h>
#include <fcntl.h>
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
#include "report.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/bc-report-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_text(const char *p, const char *s)
{
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static char *slurp(const char *p)
{
	static char buf[256];
	FILE *f = fopen(p, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int entries_in(const char *d)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", d);
	FILE *p = popen(cmd, "r");
	int n = -1;
	if (p && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

static void commit_text(const char *path, const char *text, const char *diary)
{
	struct report_file rf;
	assert_int_equal(report_file_open(&rf, path, diary), 0);
	assert_int_equal(write(rf.fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(report_file_commit(&rf), 0);
}

static void test_replace_is_atomic_and_keeps_mode(void **state)
{
	char p[300];
	struct stat a, b;
	(void)state;
	snprintf(p, sizeof p, "%s/r.pdf", dir);
	write_text(p, "old");
	chmod(p, 0640);
	stat(p, &a);
	commit_text(p, "new", NULL);
	stat(p, &b);
	assert_string_equal(slurp(p), "new");
	assert_int_not_equal(a.st_ino, b.st_ino); /* renamed over, not rewritten */
	assert_int_equal(b.st_mode & 07777, 0640);
	assert_int_equal(entries_in(dir), 1); /* no temporary file left */
}

static void test_new_file_is_private(void **state)
{
	char p[300];
	struct stat st;
	(void)state;
	snprintf(p, sizeof p, "%s/new.pdf", dir);
	commit_text(p, "x", NULL);
	stat(p, &st);
	assert_int_equal(st.st_mode & 07777, 0600);
}

static void test_symlink_followed(void **state)
{
	char t[300], l[300];
	struct stat st;
	(void)state;
	snprintf(t, sizeof t, "%s/target.pdf", dir);
	snprintf(l, sizeof l, "%s/link.pdf", dir);
	write_text(t, "old");
	assert_int_equal(symlink("target.pdf", l), 0);
	commit_text(l, "new", NULL);
	assert_int_equal(lstat(l, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(slurp(t), "new");
	/* a dangling link: its target is created */
	snprintf(t, sizeof t, "%s/later.pdf", dir);
	snprintf(l, sizeof l, "%s/dangling.pdf", dir);
	assert_int_equal(symlink("later.pdf", l), 0);
	commit_text(l, "made", NULL);
	assert_string_equal(slurp(t), "made");
}

static void test_refusals(void **state)
{
	char p[300], d[300];
	struct report_file rf;
	(void)state;
	/* a folder */
	assert_int_equal(report_file_open(&rf, dir, NULL), -EISDIR);
	/* the diary itself, or a link to it */
	snprintf(d, sizeof d, "%s/diary.yaml", dir);
	write_text(d, "version: 1\n");
	assert_int_equal(report_file_open(&rf, d, d), -EEXIST);
	snprintf(p, sizeof p, "%s/to-diary.pdf", dir);
	assert_int_equal(symlink("diary.yaml", p), 0);
	assert_int_equal(report_file_open(&rf, p, d), -EEXIST);
	assert_string_equal(slurp(d), "version: 1\n");
	/* a folder that does not exist: nothing is made */
	snprintf(p, sizeof p, "%s/no/such/r.pdf", dir);
	assert_int_equal(report_file_open(&rf, p, NULL), -ENOENT);
	snprintf(p, sizeof p, "%s/no", dir);
	assert_int_equal(access(p, F_OK), -1);
	/* a FIFO */
	snprintf(p, sizeof p, "%s/fifo", dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(report_file_open(&rf, p, NULL), -EINVAL);
}

static void test_abort_leaves_nothing(void **state)
{
	char p[300];
	struct report_file rf;
	(void)state;
	snprintf(p, sizeof p, "%s/r.pdf", dir);
	write_text(p, "old");
	assert_int_equal(report_file_open(&rf, p, NULL), 0);
	assert_int_equal(write(rf.fd, "half", 4), 4);
	report_file_abort(&rf);
	assert_string_equal(slurp(p), "old");
	assert_int_equal(entries_in(dir), 1);
}

static void test_run_status_and_stderr(void **state)
{
	char err[64];
	(void)state;
	char *ok[] = {"/bin/sh", "-c", "echo to-stdout; echo said >&2; exit 0", NULL};
	char *bad[] = {"/bin/sh", "-c", "echo 'backcare: cannot write x' >&2; exit 1", NULL};
	char *none[] = {"/nonexistent/backcare-pdf", NULL};
	char *chatty[] = {
	    "/bin/sh", "-c",
	    "i=0; while [ $i -lt 200 ]; do echo 0123456789 >&2; i=$((i+1)); done; exit 3", NULL};
	int null = open("/dev/null", O_WRONLY);
	assert_int_equal(report_run(ok, null, err, sizeof err), 0);
	assert_string_equal(err, "said\n");
	assert_int_equal(report_run(bad, null, err, sizeof err), 1);
	assert_string_equal(err, "backcare: cannot write x\n");
	assert_int_equal(report_run(none, null, err, sizeof err), 127);
	assert_non_null(strstr(err, "/nonexistent/backcare-pdf"));
	/* more than fits: cut, NUL-terminated, the child not blocked */
	assert_int_equal(report_run(chatty, null, err, sizeof err), 3);
	assert_int_equal(strlen(err), sizeof err - 1);
	close(null);
}

static void test_default_path_and_kind(void **state)
{
	(void)state;
	int day = diary_days_from_civil(2026, 3, 7);
	char *p = report_default_path("/home/amal", day, 1);
	assert_string_equal(p, "/home/amal/backcare-report-2026-03-07.pdf");
	free(p);
	p = report_default_path("/home/amal", day, 0);
	assert_string_equal(p, "/home/amal/backcare-report-2026-03-07.txt");
	free(p);
	assert_true(report_path_is_text("a/report.TXT"));
	assert_false(report_path_is_text("a/report.pdf"));
	assert_false(report_path_is_text("txt"));
}

/* Only C.UTF-8 is installed on the test machines: the territory in the
 * variable decides (a generated locale would answer through LC_PAPER). */
static void test_paper_from_locale(void **state)
{
	static const struct {
		const char *lc_all, *lc_paper, *lang;
		int letter;
	} cases[] = {
	    {NULL, "en_US.UTF-8", "de_DE.UTF-8", 1},
	    {NULL, "de_DE.UTF-8", "en_US.UTF-8", 0},
	    {NULL, NULL, "en_CA.UTF-8", 1},
	    {NULL, NULL, "fr_CA", 1},
	    {NULL, NULL, "es_MX.UTF-8", 1},
	    {NULL, NULL, "en_GB.UTF-8", 0},
	    {NULL, NULL, "zh_CN.UTF-8", 0},
	    {NULL, NULL, "ar_EG.UTF-8", 0},
	    {NULL, NULL, "C.UTF-8", 0},
	    {NULL, NULL, NULL, 0},
	    {"en_US.UTF-8", "de_DE.UTF-8", NULL, 1},
	    {NULL, NULL, "en_USA", 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *v[3] = {cases[i].lc_all, cases[i].lc_paper, cases[i].lang};
		const char *n[3] = {"LC_ALL", "LC_PAPER", "LANG"};
		for (int k = 0; k < 3; k++) {
			if (v[k])
				setenv(n[k], v[k], 1);
			else
				unsetenv(n[k]);
		}
		if (report_paper_letter_from_locale() != cases[i].letter)
			fail_msg("case %zu (LC_ALL=%s LC_PAPER=%s LANG=%s): expected %s", i,
			         v[0] ? v[0] : "", v[1] ? v[1] : "", v[2] ? v[2] : "",
			         cases[i].letter ? "letter" : "A4");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_replace_is_atomic_and_keeps_mode, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_new_file_is_private, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_symlink_followed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_abort_leaves_nothing, setup, teardown),
	    cmocka_unit_test(test_run_status_and_stderr),
	    cmocka_unit_test(test_default_path_and_kind),
	    cmocka_unit_test(test_paper_from_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
