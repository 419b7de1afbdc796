/* edit.c — the model test's tiny driver for what the CLI lacks: editing
 * and deleting an entry by id, through the public diary.h calls only.
 *
 *   edit FILE delete ID
 *   edit FILE update ID [--pain N] [--time T] [--med-file F] [--note-file F]
 *                       [--where A,B] [--feels A,B] [--context A,B]
 *                       [--helped A,B] [--verdict WORD|none]
 *
 * Only the fields named change; everything else is copied from the entry
 * as loaded. Exit 0 when the diary acknowledged the write, 1 when it
 * refused (diagnostics on stderr), 2 on a usage error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diary.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 8192, n = 0;
	char *s = malloc(cap);
	size_t k;
	while (s && (k = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (cap - n < 2)
			s = realloc(s, cap *= 2);
	}
	fclose(f);
	if (s)
		s[n] = '\0';
	return s;
}

static int list(const struct vocab *v, int n, const char *s, unsigned *mask)
{
	char bad[64];
	return vocab_parse_list(v, n, s, ',', mask, bad, sizeof bad);
}

static void print_diags(struct diags *dg)
{
	for (int i = 0; i < dg->n; i++)
		fprintf(stderr, "%s\n", dg->v[i].text);
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	struct diags dg = {0};
	struct diary d;
	int rc = diary_open(&d, argv[1], &dg);
	if (rc < 0 || d.readonly) {
		print_diags(&dg);
		diary_close(&d);
		diags_free(&dg);
		return 1;
	}
	if (!strcmp(argv[2], "delete")) {
		rc = diary_delete(&d, argv[3], &dg);
	} else if (!strcmp(argv[2], "update")) {
		int i = diary_find(&d, argv[3]);
		if (i < 0) {
			fprintf(stderr, "edit: no entry %s\n", argv[3]);
			diary_close(&d);
			diags_free(&dg);
			return 1;
		}
		struct diary_entry e = d.v[i];
		e.med = e.med ? strdup(e.med) : NULL;
		e.note = e.note ? strdup(e.note) : NULL;
		for (int a = 4; a + 1 < argc; a += 2) {
			const char *k = argv[a], *v = argv[a + 1];
			int bad = 0;
			if (!strcmp(k, "--pain"))
				e.pain = (signed char)atoi(v);
			else if (!strcmp(k, "--time"))
				bad = diary_parse_time(v, &e);
			else if (!strcmp(k, "--med-file") || !strcmp(k, "--note-file")) {
				char *s = slurp(v);
				if (!s)
					return 2;
				char **p = k[2] == 'm' ? &e.med : &e.note;
				free(*p);
				*p = *s ? s : NULL;
				if (!*s)
					free(s);
			} else if (!strcmp(k, "--where"))
				bad = list(diary_places, diary_nplaces, v, &e.where);
			else if (!strcmp(k, "--feels"))
				bad = list(diary_feels, diary_nfeels, v, &e.feels);
			else if (!strcmp(k, "--context"))
				bad = list(diary_contexts, diary_ncontexts, v, &e.context);
			else if (!strcmp(k, "--helped"))
				bad = list(diary_helped, diary_nhelped, v, &e.helped);
			else if (!strcmp(k, "--verdict"))
				e.verdict =
				    (signed char)(strcmp(v, "none") ? diary_verdict_parse(v) : -1);
			else
				bad = -1;
			if (bad) {
				fprintf(stderr, "edit: bad %s %s\n", k, v);
				return 2;
			}
		}
		rc = diary_update(&d, &e, &dg);
		free(e.med);
		free(e.note);
	} else {
		return 2;
	}
	print_diags(&dg);
	diary_close(&d);
	diags_free(&dg);
	return rc < 0 ? 1 : 0;
}
