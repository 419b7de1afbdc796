/* report.c — report files written atomically, and running the PDF program
 * (or backcare itself) as a child so the app never loads cairo or Pango. */
#include "report.h"
#include "seal.h"
#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "diary.h"
#include "i18n.h"

#ifndef BACKCARE_LIBEXECDIR
#define BACKCARE_LIBEXECDIR "/usr/local/lib/backcare"
#endif

int report_file_open(struct report_file *rf, const char *path, const char *diary)
{
	struct stat st, ds;
	mode_t mode = 0600;

	rf->target = rf->tmp = NULL;
	rf->fd = -1;
	if (!path || !*path)
		return -ENOENT;
	if (!(rf->target = atomic_target(path)))
		return -ENOMEM;
	if (stat(rf->target, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			report_file_abort(rf);
			return -EISDIR;
		}
		if (!S_ISREG(st.st_mode)) {
			report_file_abort(rf);
			return -EINVAL;
		}
		if (diary && stat(diary, &ds) == 0 && ds.st_dev == st.st_dev &&
		    ds.st_ino == st.st_ino) {
			report_file_abort(rf);
			return -EEXIST;
		}
		mode = st.st_mode & 07777;
	}
	/* The plan, the lock, the settings, a torn record's copy (A9). */
	if (diary && paths_is_kept_file(path, diary, NULL)) {
		report_file_abort(rf);
		return -EBUSY;
	}
	const char *slash = strrchr(rf->target, '/');
	int r = slash ? asprintf(&rf->tmp, "%.*s/.%s.XXXXXX", (int)(slash - rf->target), rf->target,
	                         slash + 1)
	              : asprintf(&rf->tmp, ".%s.XXXXXX", rf->target);
	if (r < 0) {
		rf->tmp = NULL;
		report_file_abort(rf);
		return -ENOMEM;
	}
	rf->fd = mkstemp(rf->tmp);
	if (rf->fd < 0) {
		int e = errno;
		free(rf->tmp);
		rf->tmp = NULL;
		report_file_abort(rf);
		return -e;
	}
	if (fchmod(rf->fd, mode) != 0) {
		int e = errno;
		report_file_abort(rf);
		return -e;
	}
	return 0;
}

int report_file_commit(struct report_file *rf)
{
	int e = 0;
	if (fsync(rf->fd) != 0)
		e = errno;
	if (close(rf->fd) != 0 && !e)
		e = errno;
	rf->fd = -1;
	if (!e && rename(rf->tmp, rf->target) != 0)
		e = errno;
	if (e) {
		report_file_abort(rf);
		return -e;
	}
	char *dir = atomic_dir_of(rf->target);
	int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY) : -1;
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	free(rf->tmp);
	rf->tmp = NULL;
	report_file_abort(rf);
	return 0;
}

void report_file_abort(struct report_file *rf)
{
	if (rf->fd >= 0)
		close(rf->fd);
	rf->fd = -1;
	if (rf->tmp)
		unlink(rf->tmp);
	free(rf->tmp);
	free(rf->target);
	rf->tmp = rf->target = NULL;
}

char *report_self(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

char *report_pdf_program(void)
{
	char *self = report_self(), *r = NULL;
	const char *env = getenv("BACKCARE_PDF");

	/* for tests of a missing or failing program */
	if (env && *env) {
		free(self);
		return strdup(env);
	}
	if (self) {
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			if (asprintf(&r, "%s/backcare-pdf", self) < 0)
				r = NULL;
			if (r && access(r, X_OK) != 0) {
				free(r);
				r = NULL;
			}
		}
		free(self);
	}
	return r ? r : strdup(BACKCARE_LIBEXECDIR "/backcare-pdf");
}

int report_run(char *const argv[], int out_fd, char *err, size_t errsize)
{
	return report_run_key(argv, out_fd, NULL, err, errsize);
}

/* The key of an encrypted diary goes to the child through a pipe it
 * inherits (SEAL_KEY_FD_ENV names it): the passphrase is not asked again
 * and the key never touches a file or the command line. */
static int key_pipe(const struct seal_key *key)
{
	int k[2];
	if (pipe(k) != 0)
		return -errno;
	fcntl(k[1], F_SETFD, FD_CLOEXEC);
	int r = seal_key_to_fd(key, k[1]); /* ~100 bytes: fits the pipe */
	close(k[1]);
	if (r < 0) {
		close(k[0]);
		return r;
	}
	return k[0];
}

int report_run_key(char *const argv[], int out_fd, const struct seal_key *key, char *err,
                   size_t errsize)
{
	int p[2], kfd = -1;
	if (err && errsize)
		err[0] = '\0';
	if (key && (kfd = key_pipe(key)) < 0)
		return kfd;
	if (pipe2(p, O_CLOEXEC) != 0) {
		int e = errno;
		if (kfd >= 0)
			close(kfd);
		return -e;
	}
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(p[0]);
		close(p[1]);
		if (kfd >= 0)
			close(kfd);
		return -e;
	}
	if (pid == 0) {
		if (kfd >= 0) {
			char num[16];
			snprintf(num, sizeof num, "%d", kfd);
			setenv(SEAL_KEY_FD_ENV, num, 1);
		}
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		if (out_fd >= 0)
			dup2(out_fd, 1);
		dup2(p[1], 2);
		signal(SIGPIPE, SIG_DFL);
		execv(argv[0], argv);
		dprintf(2, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(p[1]);
	if (kfd >= 0)
		close(kfd);
	size_t n = 0;
	char chunk[512];
	ssize_t got;
	while ((got = read(p[0], chunk, sizeof chunk)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (ssize_t i = 0; i < got; i++)
			if (err && n + 1 < errsize)
				err[n++] = chunk[i];
	}
	if (err && errsize)
		err[n] = '\0';
	close(p[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

char *report_default_path(const char *home, int today_dayn, int pdf)
{
	int y, m, d;
	char *r;
	diary_civil_from_days(today_dayn, &y, &m, &d);
	if (asprintf(&r, "%s/backcare-report-%04d-%02d-%02d.%s", home && *home ? home : ".", y, m,
	             d, pdf ? "pdf" : "txt") < 0)
		return NULL;
	return r;
}

int report_path_is_text(const char *path)
{
	size_t n = strlen(path);
	return n >= 4 && !strcasecmp(path + n - 4, ".txt");
}

/* Territories that print on US letter (CLDR's list). */
static int letter_territory(const char *loc)
{
	static const char *const letter[] = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR",
	                                     "GT", "CR", "PA", "SV", "NI", "DO", "BZ"};
	const char *u = loc ? strchr(loc, '_') : NULL;
	if (!u)
		return 0;
	for (size_t i = 0; i < sizeof letter / sizeof *letter; i++)
		if (!strncmp(u + 1, letter[i], 2) && (!u[3] || u[3] == '.' || u[3] == '@'))
			return 1;
	return 0;
}

int report_paper_letter_from_locale(void)
{
	const char *vars[] = {"LC_ALL", "LC_PAPER", "LANG"};
	const char *loc = NULL;
	for (size_t i = 0; i < 3 && !loc; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			loc = v;
	}
#ifdef _NL_PAPER_WIDTH
	/* A generated locale says its paper itself (glibc LC_PAPER). */
	const char *cur = setlocale(LC_PAPER, "");
	if (cur && strcmp(cur, "C") && strcmp(cur, "POSIX") && strncmp(cur, "C.", 2)) {
		/* glibc returns the width in mm as the pointer's value */
		return (unsigned)(uintptr_t)nl_langinfo(_NL_PAPER_WIDTH) == 216;
	}
#endif
	return letter_territory(loc);
}

int report_write(const char *self, const char *diary_path, const struct seal_key *key,
                 const char *lang_code, const char *path, const char *since, const char *paper,
                 char *err, size_t errsize)
{
	char *argv[16];
	int k = 0, r, null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (self && report_path_is_text(path)) {
		struct report_file rf;
		if ((r = report_file_open(&rf, path, diary_path)) < 0) {
			snprintf(err, errsize, _("backcare: cannot write %s: %s\n"), path,
			         r == -EEXIST  ? _("it is the diary itself")
			         : r == -EBUSY ? _("it is a file backcare keeps (the diary's plan, "
			                           "its lock or the settings)")
			                       : strerror(-r));
			if (null >= 0)
				close(null);
			return r;
		}
		argv[k++] = (char *)self;
		argv[k++] = "--lang";
		argv[k++] = (char *)lang_code;
		argv[k++] = "--diary";
		argv[k++] = (char *)diary_path;
		argv[k++] = "report";
		if (since) {
			argv[k++] = "--since";
			argv[k++] = (char *)since;
		}
		argv[k] = NULL;
		r = report_run_key(argv, rf.fd, key, err, errsize);
		if (r == 0 && (r = report_file_commit(&rf)) < 0)
			snprintf(err, errsize, _("backcare: cannot write %s: %s\n"), path,
			         strerror(-r));
		report_file_abort(&rf);
		if (null >= 0)
			close(null);
		return r;
	}
	char *prog = report_pdf_program();
	if (!prog) {
		if (null >= 0)
			close(null);
		return -ENOMEM;
	}
	argv[k++] = prog;
	argv[k++] = "--diary";
	argv[k++] = (char *)diary_path;
	argv[k++] = "--lang";
	argv[k++] = (char *)lang_code;
	argv[k++] = "--output";
	argv[k++] = (char *)path;
	if (since) {
		argv[k++] = "--since";
		argv[k++] = (char *)since;
	}
	if (paper) {
		argv[k++] = "--paper";
		argv[k++] = (char *)paper;
	}
	argv[k] = NULL;
	r = report_run_key(argv, null, key, err, errsize);
	if (r == 127 || r < 0) {
		size_t n = strlen(err);
		snprintf(err + n, errsize - n,
		         _("backcare: the PDF report needs %s, which could not be run\n"), prog);
	}
	free(prog);
	if (null >= 0)
		close(null);
	return r;
}
