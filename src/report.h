/* report.h — writing a report file (text or PDF) and running the PDF
 * program, shared by the command line, the diary screen and backcare-pdf.
 *
 * A report file is written atomically: a temporary file beside the target,
 * fsync, rename over the target, fsync of the folder (atomic.h's rules,
 * here for a file another program writes into through a descriptor). A symlink at the path
 * is followed (the link survives, its target is replaced); a directory,
 * FIFO or device there is refused. The diary is never a report's target.
 *
 * The PDF is drawn by a separate program, backcare-pdf, so cairo and Pango
 * stay out of the full-screen app: report_run() forks and execs it (or
 * backcare itself for the text report) and collects what it says on
 * stderr. Functions return 0 or a negative errno. */
#ifndef BACKCARE_REPORT_H
#define BACKCARE_REPORT_H

#include <stddef.h>

struct report_file {
	char *target; /* the file replaced (symlinks followed) */
	char *tmp;    /* the temporary file beside it */
	int fd;
};

/* Creates the temporary file for path (mode 0600, or the mode of the file
 * it replaces). diary, when not NULL, is refused as a target (-EEXIST). */
int report_file_open(struct report_file *rf, const char *path, const char *diary);
/* fsync, rename over the target, fsync the folder; closes fd. */
int report_file_commit(struct report_file *rf);
/* Removes the temporary file (after an error). Safe after commit. */
void report_file_abort(struct report_file *rf);

/* The path of backcare-pdf: beside the running program (the build tree),
 * else the installed one. malloc'd. */
char *report_pdf_program(void);
/* The running program itself (/proc/self/exe). malloc'd, or NULL. */
char *report_self(void);

/* Runs argv[0] with argv, stdin from /dev/null, stdout to out_fd (-1: the
 * caller's stdout), stderr collected into err (cut to errsize - 1 bytes,
 * NUL-terminated, may be NULL). Returns the exit status (0..255), or a
 * negative errno if it could not be run (then err says why). */
int report_run(char *const argv[], int out_fd, char *err, size_t errsize);
/* The same, handing the child the key of an encrypted diary (NULL: none)
 * through an inherited pipe named by SEAL_KEY_FD_ENV (seal.h). */
struct seal_key;
int report_run_key(char *const argv[], int out_fd, const struct seal_key *key, char *err,
                   size_t errsize);

/* Writes the report of the diary at diary_path in language lang_code to
 * path: a PDF by backcare-pdf, or, when path ends in .txt, the text of
 * `backcare report` (run as self; self NULL: always a PDF) written
 * atomically. since and paper may
 * be NULL. Returns 0, or the program's exit status / a negative errno
 * with err saying why (translated). */
int report_write(const char *self, const char *diary_path, const struct seal_key *key,
                 const char *lang_code, const char *path, const char *since, const char *paper,
                 char *err, size_t errsize);

/* "HOME/backcare-report-YYYY-MM-DD.pdf" (or .txt): the path the diary
 * screen offers. malloc'd. */
char *report_default_path(const char *home, int today_dayn, int pdf);

/* 1 if path names a plain-text report (ends in .txt, any case). */
int report_path_is_text(const char *path);

/* The paper the locale asks for (LC_PAPER, else LC_ALL / LANG): 1 for
 * US letter (US, CA, MX, PH, CL, CO, VE, PR...), 0 for A4. */
int report_paper_letter_from_locale(void);

#endif
