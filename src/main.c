/* main.c — backcare's entry point: options, locale, then the full-screen
 * app or a subcommand. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "errout.h"
#include "config.h"
#include "diag.h"
#include "i18n.h"
#include "paths.h"
#include "seal.h"
#include "tui/app.h"

#ifndef BACKCARE_VERSION
#define BACKCARE_VERSION "dev"
#endif

static void usage(FILE *f, const char *prog)
{
	fprintf(f, _("Usage: %s [OPTION]... [COMMAND [ARG]...]\n"), prog);
	fputs(_("A private, offline companion for back pain: topic cards, a red-flag\n"
	        "checklist and a pain diary. It does not diagnose; nothing leaves this machine.\n"
	        "\n"
	        "Options:\n"
	        "  --lang LANG     en, zh_CN or ar for this run, whatever the locale\n"
	        "  --diary FILE    use FILE as the diary\n"
	        "  --content DIR   read cards and checklist from DIR\n"
	        "  --passphrase-file FILE  the encrypted diary's passphrase: FILE's first line\n"
	        "  --help          show this help and exit\n"
	        "  --version       show the version and exit\n"
	        "\n"
	        "Without a command the full-screen app starts. Commands:\n"
	        "  cards                    one line per card: ID, CATEGORY, TITLE\n"
	        "  show ID                  a card as plain text\n"
	        "  checklist                one line per red-flag item: ID, LEVEL, TEXT\n"
	        "  triage [ID...]           the verdict for these ticked items\n"
	        "  diary add --pain N [--at 'YYYY-MM-DD HH:MM'] [--where A[:N],B]\n"
	        "            [--context C] [--note TEXT] [--med TEXT]\n"
	        "            [--feels A,B] [--helped A,B] [--verdict LEVEL]\n"
	        "  diary list [--since DATE] [--until DATE]\n"
	        "  diary stats [--since DATE]\n"
	        "  diary export --format csv|json [--output FILE]\n"
	        "  diary import --format csv|json FILE\n"
	        "  diary encrypt | decrypt | passphrase   protect the diary with a passphrase\n"
	        "  diary erase [--yes]      remove the diary, the plan and the settings\n"
	        "  report [--since DATE]    a plain-text summary for a clinician\n"
	        "\n"
	        "Exit status: 0 success, 1 runtime error, 2 usage error.\n"),
	      f);
	/* a msgid of its own: the block above stays translated as it is */
	fputs(_("Weekly check-in, flare-up plan and reminders:\n"
	        "  checkin --pain N --enjoyment N --activity N [--at 'YYYY-MM-DD HH:MM']\n"
	        "                           the weekly check-in (each 0-10)\n"
	        "  checkin list             DATE, SCORE, PAIN, ENJOYMENT, ACTIVITY\n"
	        "  plan                     the flare-up plan as plain text\n"
	        "  due                      what is due now (today's entry, the check-in)\n"),
	      f);
	fputs(_("The report as a printable page:\n"
	        "  report --pdf FILE [--since DATE] [--paper a4|letter]\n"
	        "                           one PDF page with charts (paper from the locale)\n"),
	      f);
	fprintf(f,
	        _("To find cards by words (every word, any order, best first):\n"
	          "  %s search WORDS...\n"),
	        prog);
}

/* Global options may also come after the command ("backcare cards --lang
 * ar"): take them out of the command's argv before it parses its own. */
static int take_global(int *argc, char **argv, const char **lang, const char **diary,
                       const char **content, const char **passfile)
{
	int i, j = 1;
	for (i = 1; i < *argc; i++) {
		const char *a = argv[i], **slot = NULL, *name = NULL;
		if (!strcmp(a, "--"))
			break; /* the rest belongs to the command as it is */
		if (!strncmp(a, "--lang", 6) && (!a[6] || a[6] == '='))
			slot = lang, name = "--lang";
		else if (!strncmp(a, "--diary", 7) && (!a[7] || a[7] == '='))
			slot = diary, name = "--diary";
		else if (!strncmp(a, "--content", 9) && (!a[9] || a[9] == '='))
			slot = content, name = "--content";
		else if (!strncmp(a, "--passphrase-file", 17) && (!a[17] || a[17] == '='))
			slot = passfile, name = "--passphrase-file";
		if (!slot) {
			argv[j++] = argv[i];
			continue;
		}
		const char *eq = strchr(a, '=');
		if (eq) {
			*slot = eq + 1;
		} else if (i + 1 < *argc) {
			*slot = argv[++i];
		} else {
			fprintf(stderr, _("backcare: %s needs a value\n"), name);
			return -1;
		}
	}
	for (; i < *argc; i++)
		argv[j++] = argv[i];
	argv[j] = NULL;
	*argc = j;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"lang", required_argument, NULL, 'L'},
	    {"diary", required_argument, NULL, 'd'},
	    {"content", required_argument, NULL, 'c'},
	    {"passphrase-file", required_argument, NULL, 'P'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	const char *lang_arg = NULL, *diary_arg = NULL, *content_arg = NULL, *pass_arg = NULL;
	char *localedir = paths_locale_dir();
	int env_lang = i18n_init(localedir ? localedir : ".");
	int c, rc;

	errout_install(); /* stderr cleaned of escapes, stdout checked */
	/* Past a file-size limit (ulimit -f) a write must fail with EFBIG,
	 * which the diary reports with the old file intact, instead of the
	 * signal killing us halfway through a save. */
	signal(SIGXFSZ, SIG_IGN);
	/* Messages before --lang is known come in the environment's language. */
	i18n_set_lang(env_lang);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'L':
			lang_arg = optarg;
			break;
		case 'd':
			diary_arg = optarg;
			break;
		case 'c':
			content_arg = optarg;
			break;
		case 'P':
			pass_arg = optarg;
			break;
		case 'h':
			usage(stdout, "backcare");
			free(localedir);
			return 0;
		case 'V':
			printf("backcare %s\n", BACKCARE_VERSION);
			free(localedir);
			return 0;
		default:
			if (optopt)
				fprintf(stderr, _("backcare: option '%s' needs a value\n"),
				        argv[optind - 1]);
			else
				fprintf(stderr, _("backcare: unknown option '%s'\n"),
				        argv[optind - 1]);
			fprintf(stderr, _("Try 'backcare --help' for more information.\n"));
			free(localedir);
			return 2;
		}
	}
	argc -= optind - 1;
	argv += optind - 1;
	if (take_global(&argc, argv, &lang_arg, &diary_arg, &content_arg, &pass_arg) < 0) {
		free(localedir);
		return 2;
	}

	char *config_path = paths_config();
	struct config cfg;
	struct diags cd = {0};
	config_load(config_path, &cfg, &cd);

	int lang = env_lang;
	if (cfg.lang >= 0)
		lang = cfg.lang;
	if (lang_arg) {
		lang = lang_parse(lang_arg);
		if (lang < 0) {
			fprintf(stderr,
			        _("backcare: unknown language '%s' (use en, zh_CN or ar)\n"),
			        lang_arg);
			free(localedir);
			free(config_path);
			diags_free(&cd);
			return 2;
		}
	}
	i18n_set_lang(lang);
	for (int i = 0; i < cd.n; i++)
		fprintf(stderr, "%s%s\n", cd.v[i].sev == DIAG_WARN ? _("warning: ") : "",
		        cd.v[i].text);
	diags_free(&cd);

	if (diary_arg && !*diary_arg) {
		/* An empty --diary named no file: the diary code would take
		 * it for the current folder (faults suite). */
		fprintf(stderr, _("backcare: %s needs a value\n"), "--diary");
		free(localedir);
		free(config_path);
		return 2;
	}
	char *content = content_arg ? strdup(content_arg) : paths_content_root();
	char *diary = diary_arg ? strdup(diary_arg) : paths_diary();
	char *missing = diary ? NULL : paths_missing_root("XDG_DATA_HOME");
	if (missing) {
		/* B4: a home that does not exist (/nonexistent, a typo) is
		 * not a place to make one */
		char *esc = diag_escape(missing);
		fprintf(stderr,
		        _("backcare: the folder %s does not exist, so there is no place "
		          "for your diary; nothing was created. Set HOME to your home folder "
		          "or use --diary FILE\n"),
		        esc ? esc : missing);
		free(esc);
		free(missing);
		free(localedir);
		free(config_path);
		free(content);
		return 1;
	}
	if (!diary) {
		/* No HOME and none in the password database: never a diary
		 * under whatever the current folder is. */
		fprintf(stderr,
		        _("backcare: cannot tell where your diary is: HOME is not set and "
		          "the system has no home folder for you; set HOME or use --diary FILE\n"));
		free(localedir);
		free(config_path);
		free(content);
		return 1;
	}
	struct app_opts o = {
	    .lang = lang,
	    .content_dir = content,
	    .diary_path = diary,
	    .config_path = config_path,
	    .progname = "backcare",
	    .passphrase_file = pass_arg,
	};
	/* A report child of an unlocked app or CLI: the parent's key, so the
	 * passphrase is not asked again (report.c). */
	if (seal_key_from_env(&o.key) < 0) {
		fprintf(stderr, _("backcare: the diary's key could not be handed over\n"));
		rc = 1;
		goto out;
	}
	if (content_arg) {
		struct stat st;
		if (stat(content_arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, _("backcare: --content %s: not a readable directory\n"),
			        content_arg);
			rc = 2;
			goto out;
		}
	}
	if (argc > 1)
		rc = cli_run(&o, argc - 1, argv + 1);
	else
		rc = tui_run(&o, &cfg);
out:
	seal_key_free(o.key);
	free(content);
	free(diary);
	free(config_path);
	free(localedir);
	return rc;
}
