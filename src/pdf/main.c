/* backcare-pdf — the one-page PDF report for a clinician. A program of its
 * own so the full-screen app never loads cairo or Pango: `backcare report
 * --pdf` and the diary screen's `r` run it. It reads the diary with the
 * same model calls as `backcare report`, so the figures are the same.
 *
 * backcare-pdf --diary FILE --output FILE [--lang LANG] [--since DATE]
 *              [--paper a4|letter] [--today DATE]
 * Exit status 0, 1 (runtime error), 2 (usage); nothing on stdout. */
#include <cairo-pdf.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diary.h"
#include "seal.h"
#include "i18n.h"
#include "page.h"
#include "paths.h"
#include "report.h"

#ifndef BACKCARE_VERSION
#define BACKCARE_VERSION "dev"
#endif

static int usage(const char *fmt, const char *arg)
{
	fputs("backcare-pdf: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 2;
}

/* Medicines as written, most often first (the text report's grouping). */
static void gather_meds(struct page_data *pd)
{
	const struct diary *d = pd->d;
	for (int i = d->n - 1; i >= 0; i--) {
		const struct diary_entry *e = &d->v[i];
		if (e->dayn < pd->from || e->dayn > pd->to || !e->med)
			continue;
		int k = 0;
		while (k < pd->nmeds && strcmp(pd->meds[k].text, e->med))
			k++;
		if (k < pd->nmeds)
			pd->meds[k].n++;
		else if (pd->nmeds < 16)
			pd->meds[pd->nmeds++] = (struct page_med){e->med, 1};
		else
			pd->more_meds = 1;
	}
	for (int i = 1; i < pd->nmeds; i++)
		for (int j = i; j > 0 && pd->meds[j].n > pd->meds[j - 1].n; j--) {
			struct page_med t = pd->meds[j];
			pd->meds[j] = pd->meds[j - 1];
			pd->meds[j - 1] = t;
		}
}

struct sink {
	int fd;
	int err;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *s = closure;
	while (len) {
		ssize_t n = write(s->fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			s->err = errno;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		data += n;
		len -= (unsigned)n;
	}
	return CAIRO_STATUS_SUCCESS;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"diary", required_argument, NULL, 'd'},
	    {"output", required_argument, NULL, 'o'},
	    {"lang", required_argument, NULL, 'L'},
	    {"since", required_argument, NULL, 's'},
	    {"paper", required_argument, NULL, 'p'},
	    {"today", required_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	const char *diary_path = NULL, *output = NULL;
	char *localedir = paths_locale_dir();
	int lang = i18n_init(localedir ? localedir : ".");
	int today = diary_today(time(NULL)), from = -1, letter = -1, c;

	free(localedir);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			diary_path = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'L':
			if ((lang = lang_parse(optarg)) < 0)
				return usage("unknown language '%s'", optarg);
			break;
		case 's':
			if (diary_parse_date(optarg, &from) < 0)
				return usage("--since %s is not a date (YYYY-MM-DD)", optarg);
			break;
		case 't':
			if (diary_parse_date(optarg, &today) < 0)
				return usage("--today %s is not a date (YYYY-MM-DD)", optarg);
			break;
		case 'p':
			if (!strcmp(optarg, "a4"))
				letter = 0;
			else if (!strcmp(optarg, "letter"))
				letter = 1;
			else
				return usage("--paper %s: use a4 or letter", optarg);
			break;
		default:
			return usage("bad option '%s'", argv[optind - 1]);
		}
	}
	if (!diary_path || !output || optind < argc)
		return usage("%s", "usage: backcare-pdf --diary FILE --output FILE [--lang LANG] "
		                   "[--since DATE] [--paper a4|letter]");
	i18n_set_lang(lang);
	if (from < 0)
		from = today - 90 + 1;
	if (from > today)
		from = today;
	if (letter < 0)
		letter = report_paper_letter_from_locale();

	struct diary d;
	struct diags dg = {0};
	struct seal_key *key = NULL; /* an encrypted diary: from the parent */
	if (seal_key_from_env(&key) < 0) {
		fprintf(stderr, _("backcare: the diary's key could not be handed over\n"));
		return 1;
	}
	int r = diary_open_key(&d, diary_path, key, &dg);
	d.key = NULL; /* the page only reads: the key is no longer needed */
	seal_key_free(key);
	for (int i = 0; i < dg.n; i++)
		fprintf(stderr, "%s%s\n", dg.v[i].sev == DIAG_WARN ? _("warning: ") : "",
		        dg.v[i].text);
	diags_free(&dg);
	if (r < 0) {
		fprintf(stderr,
		        _("backcare: the diary %s could not be read; fix what is named above "
		          "(nothing was changed)\n"),
		        diary_path);
		diary_close(&d);
		return 1;
	}

	struct page_data pd = {.lang = lang, .letter = letter, .from = from, .to = today, .d = &d};
	pd.ndays = today - from + 1;
	pd.days = calloc((size_t)pd.ndays, sizeof *pd.days);
	if (!pd.days) {
		perror("backcare");
		return 1;
	}
	diary_stats(&d, from, today, &pd.s);
	diary_days(&d, today, pd.ndays, pd.days);
	gather_meds(&pd);

	struct report_file rf;
	if ((r = report_file_open(&rf, output, diary_path)) < 0) {
		if (r == -EEXIST)
			fprintf(
			    stderr,
			    _("backcare: %s is the diary itself: the report would replace it\n"),
			    output);
		else if (r == -EBUSY)
			fprintf(stderr,
			        _("backcare: %s is a file backcare keeps (the diary's plan, "
			          "its lock or the settings): the report would replace it\n"),
			        output);
		else
			fprintf(stderr, _("backcare: cannot write %s: %s\n"), output,
			        r == -EINVAL ? _("not a regular file") : strerror(-r));
		free(pd.days);
		diary_close(&d);
		return 1;
	}
	double w, h;
	page_size(letter, &w, &h);
	struct sink sk = {rf.fd, 0};
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(sink_write, &sk, w, h);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
	                               _("Back pain diary: a summary for a clinician"));
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
	                               "backcare " BACKCARE_VERSION);
	cairo_t *cr = cairo_create(surf);
	page_draw(cr, &pd);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	cairo_status_t st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	free(pd.days);
	diary_close(&d);
	if (st != CAIRO_STATUS_SUCCESS || sk.err) {
		fprintf(stderr, _("backcare: cannot write %s: %s\n"), output,
		        sk.err ? strerror(sk.err) : cairo_status_to_string(st));
		report_file_abort(&rf);
		return 1;
	}
	if ((r = report_file_commit(&rf)) < 0) {
		fprintf(stderr, _("backcare: cannot write %s: %s\n"), output, strerror(-r));
		return 1;
	}
	return 0;
}
