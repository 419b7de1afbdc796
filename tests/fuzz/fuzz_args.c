/* fuzz_args.c — libFuzzer harness for the command line: the input is split
 * at NUL bytes into an argv ("diary\0add\0--pain\0005" is `backcare diary
 * add --pain 5`) and handed to cli_run for the commands that take options
 * and arguments: diary add|list|stats|export|import, triage, show, report.
 * Any argv must give an exit status of 0, 1 or 2, never a crash, a hang,
 * a memory leak or a file descriptor left open.
 *
 * The diary lives in a private temporary folder made once (mkdtemp) that
 * is the working directory while cli_run runs (and only then: libFuzzer
 * and the replay name their corpus files relative to the directory they
 * were started in), so `diary export --output NAME` and `diary import
 * NAME` only ever touch files in it: arguments holding a '/' are not run
 * (they could name any file on the machine). A crash inside cli_run is
 * written to the temporary folder unless -artifact_prefix is absolute.
 * Commands that write the diary do write it; the folder is kept small
 * (the diary goes when it passes DIARY_MAX, other files when there are
 * many). stdin is /dev/null (for `import -`), the program's stdout and
 * stderr go to /dev/null.
 * Content: $BACKCARE_FUZZ_CONTENT (an absolute path), else ./content as
 * found at start-up (run from the repository). */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64
#define DIARY_MAX (1L << 20) /* bytes */
#define MAX_FILES 32         /* other files in the folder before a sweep */

static char dir[64] = "/tmp/backcare-fuzz-args-XXXXXX";
static char diary_path[128], config_path[128];
static char content[PATH_MAX];
static int home_fd = -1, dir_fd = -1; /* the starting directory, the folder */

/* The folder goes when the fuzzer or the replay exits normally. */
static void cleanup(void)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	if (!dp)
		return;
	while ((de = readdir(dp)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dirfd(dp), de->d_name, 0);
	closedir(dp);
	rmdir(dir);
}

static int setup(void)
{
	static int done;
	if (done)
		return 0;
	const char *c = getenv("BACKCARE_FUZZ_CONTENT");
	if (c && c[0] == '/')
		snprintf(content, sizeof content, "%s", c);
	else if (!realpath("content", content))
		snprintf(content, sizeof content, "content");
	if (!mkdtemp(dir))
		return -1;
	atexit(cleanup);
	snprintf(diary_path, sizeof diary_path, "%s/diary.yaml", dir);
	snprintf(config_path, sizeof config_path, "%s/config.yaml", dir);
	home_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (home_fd < 0 || dir_fd < 0)
		return -1;
	/* stdout is reopened on /dev/null; stderr (the variable) is pointed at
	 * another /dev/null stream instead, so the program's messages vanish
	 * while file descriptor 2 stays where the sanitizers and libFuzzer
	 * write their reports. */
	FILE *null = fopen("/dev/null", "w");
	if (!null || !freopen("/dev/null", "r", stdin) || !freopen("/dev/null", "w", stdout))
		return -1;
	stderr = null;
	done = 1;
	return 0;
}

/* Keeps the folder small: the diary (and what belongs to it) when it has
 * grown past DIARY_MAX, every other file when there are many. */
static void sweep(void)
{
	struct stat st;
	if (stat(diary_path, &st) == 0 && st.st_size > DIARY_MAX)
		unlink(diary_path);
	DIR *dp = opendir(dir);
	struct dirent *de;
	int n = 0;
	if (!dp)
		return;
	while ((de = readdir(dp)))
		n++;
	if (n > MAX_FILES + 4) {
		rewinddir(dp);
		while ((de = readdir(dp)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
			    strcmp(de->d_name, "diary.yaml") &&
			    strcmp(de->d_name, "diary.yaml.lock") &&
			    unlinkat(dirfd(dp), de->d_name, 0) != 0)
				unlinkat(dirfd(dp), de->d_name, AT_REMOVEDIR);
	}
	closedir(dp);
}

/* The commands fuzzed (any subcommand of diary, the others by name), and
 * no argument that could name a file outside the folder. */
static int allowed(int argc, char **argv)
{
	if (argc < 1)
		return 0;
	for (int i = 0; i < argc; i++)
		if (strchr(argv[i], '/'))
			return 0;
	/* encrypt, decrypt and passphrase ask on /dev/tty (a fuzzer started
	 * in a terminal would wait for a person) and derive a key at the full
	 * cost; their parsing is two options, tested in tests/cli. */
	if (argc >= 2 && !strcmp(argv[0], "diary") &&
	    (!strcmp(argv[1], "encrypt") || !strcmp(argv[1], "decrypt") ||
	     !strcmp(argv[1], "passphrase")))
		return 0;
	return !strcmp(argv[0], "diary") || !strcmp(argv[0], "triage") ||
	       !strcmp(argv[0], "show") || !strcmp(argv[0], "report");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (setup() < 0)
		abort();
	/* A copy with a NUL at the end: every piece is then a C string. */
	char *buf = malloc(size + 1);
	char *argv[MAX_ARGS + 1];
	int argc = 0;
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (size_t i = 0; i <= size && argc < MAX_ARGS;) {
		argv[argc++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	if (argc > 1 && size && buf[size - 1] == '\0')
		argc--; /* a trailing NUL ends the last argument, nothing more */
	argv[argc] = NULL;
	if (allowed(argc, argv)) {
		struct app_opts o = {
		    .lang = LANG_EN,
		    .content_dir = content,
		    .diary_path = diary_path,
		    .config_path = config_path,
		    .progname = "backcare",
		};
		/* The lowest free descriptor before and after: a command that
		 * leaves a file (or the diary's lock) open is caught too. */
		int fd0 = open("/dev/null", O_RDONLY | O_CLOEXEC);
		close(fd0);
		if (fchdir(dir_fd) != 0)
			abort();
		int rc = cli_run(&o, argc, argv);
		if (fchdir(home_fd) != 0 || rc < 0 || rc > 2)
			abort();
		int fd1 = open("/dev/null", O_RDONLY | O_CLOEXEC);
		close(fd1);
		if (fd1 != fd0)
			abort();
		clearerr(stdout);
		sweep();
	}
	free(buf);
	return 0;
}
