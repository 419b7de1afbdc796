/* opts.h — what the front ends (CLI and screens) were started with: the
 * language, where the content, the diary and the config are. Set up by
 * main.c; neither front end owns it. */
#ifndef BACKCARE_OPTS_H
#define BACKCARE_OPTS_H

struct seal_key;

struct app_opts {
	int lang;                /* enum lang in use */
	const char *content_dir; /* content root: holds en/, zh_CN/, ar/ */
	const char *diary_path;  /* the diary file (default or --diary) */
	const char *config_path; /* config.yaml */
	const char *progname;
	const char *passphrase_file; /* --passphrase-file: first line */
	struct seal_key *key;        /* the encrypted diary's key (seal.h), once
	                                asked for (cli_diary_key, tui_unlock);
	                                main frees it */
	int sealing;                 /* 1 while `diary encrypt` opens a plain
	                                diary on purpose (cli_diary_key) */
};

#endif
