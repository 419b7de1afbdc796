/* checkin.c — weekly check-ins (PEG model), what is due, and what seems to
 * help: pure functions over the diary's data (see checkin.h). */
#include "checkin.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diary.h"
#include "i18n.h"

void checkin_init(struct checkin *c)
{
	memset(c, 0, sizeof *c);
	c->pain = c->enjoyment = c->activity = -1;
}

double checkin_score(const struct checkin *c)
{
	return (c->pain + c->enjoyment + c->activity) / 3.0;
}

static int in_range(int v)
{
	return v >= 0 && v <= 10;
}

const char *checkin_check(const struct checkin *c)
{
	if (!in_range(c->pain))
		return N_("the average pain must be a whole number from 0 to 10");
	if (!in_range(c->enjoyment))
		return N_("how much pain got in the way of enjoying life must be from 0 to 10");
	if (!in_range(c->activity))
		return N_("how much pain got in the way of general activity must be from 0 to 10");
	if (c->m < 1 || c->m > 12 || c->d < 1 || c->d > 31)
		return N_("the check-in has no valid time");
	return NULL;
}

int checkin_parse_value(const char *s)
{
	int v = 0;
	if (!s || !*s || strlen(s) > 2)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v <= 10 ? v : -1;
}

void checkin_time_from(struct checkin *c, const struct diary_entry *e)
{
	c->t = e->t;
	c->off_min = e->off_min;
	c->dayn = e->dayn;
	c->y = e->y;
	c->m = e->m;
	c->d = e->d;
	c->hh = e->hh;
	c->mm = e->mm;
	c->ss = e->ss;
}

void checkin_time_to(const struct checkin *c, struct diary_entry *e)
{
	e->t = c->t;
	e->off_min = c->off_min;
	e->dayn = c->dayn;
	e->y = c->y;
	e->m = c->m;
	e->d = c->d;
	e->hh = c->hh;
	e->mm = c->mm;
	e->ss = c->ss;
}

void checkin_format_time(const struct checkin *c, char *buf, size_t size)
{
	struct diary_entry e;
	diary_entry_init(&e);
	checkin_time_to(c, &e);
	diary_format_time(&e, buf, size);
}

void checkin_day_text(int dayn, char *buf, size_t size)
{
	int y, m, d;
	diary_civil_from_days(dayn, &y, &m, &d);
	/* TRANSLATORS: a date in a sentence, year-month-day; in Arabic use
	 * slashes (%04d/%02d/%02d): after Arabic letters, hyphens make the
	 * numbers show in reverse order */
	snprintf(buf, size, _("%04d-%02d-%02d"), y, m, d);
}

int checkin_cmp(const void *a, const void *b)
{
	const struct checkin *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->pain != y->pain)
		return x->pain - y->pain;
	if (x->enjoyment != y->enjoyment)
		return x->enjoyment - y->enjoyment;
	return x->activity - y->activity;
}

int checkin_same(const struct checkin *a, const struct checkin *b)
{
	return a->t == b->t && a->pain == b->pain && a->enjoyment == b->enjoyment &&
	       a->activity == b->activity;
}

int checkin_change_noticeable(double prev, double cur)
{
	double diff = cur > prev ? cur - prev : prev - cur;
	return diff >= CHECKIN_NOTICEABLE - 1e-9;
}

void checkin_trend(const struct diary *d, int from, int to, struct checkin_trend *t)
{
	t->last = t->prev = t->first = -1;
	for (int i = 0; i < d->nck; i++)
		if (d->ck[i].dayn <= to) {
			t->prev = t->last;
			t->last = i;
		}
	for (int i = 0; i < t->prev && t->first < 0; i++)
		if (d->ck[i].dayn >= from)
			t->first = i;
}

/* --- what is due ---------------------------------------------------------- */

int diary_due(const struct diary *d, time_t now)
{
	int today = diary_today(now), due = DUE_ENTRY | DUE_CHECKIN;
	long long week = (long long)now - CHECKIN_EVERY_DAYS * 86400LL;

	for (int i = d->n - 1; i >= 0; i--)
		if (d->v[i].dayn == today) {
			due &= ~DUE_ENTRY;
			break;
		}
	for (int i = d->nck - 1; i >= 0; i--)
		if (d->ck[i].t > week) {
			due &= ~DUE_CHECKIN;
			break;
		}
	return due;
}

int diary_due_lines(const struct diary *d, time_t now, const char *lines[2])
{
	int due = diary_due(d, now), n = 0;
	if (due & DUE_ENTRY)
		lines[n++] = _("No diary entry today yet.");
	if (due & DUE_CHECKIN)
		lines[n++] = _("Weekly check-in due.");
	return n;
}

/* --- what seems to help ------------------------------------------------- */

void compare_acc_init(struct compare_acc *a, int from, int to)
{
	memset(a, 0, sizeof *a);
	a->from = from;
	a->to = to;
}

void compare_acc_add(struct compare_acc *a, const struct diary_entry *e)
{
	if (e->dayn < a->from || e->dayn > a->to)
		return;
	a->n++;
	a->sum += e->pain;
	for (int k = 0; k < 2; k++) {
		unsigned mask = k == COMPARE_CONTEXT ? e->context : e->helped;
		for (int i = 0; mask && i < DIARY_COMPARE_VOCAB; i++, mask >>= 1)
			if (mask & 1) {
				a->nw[k][i]++;
				a->sw[k][i] += e->pain;
			}
	}
}

int compare_acc_result(const struct compare_acc *a, struct comparison *out, int max)
{
	int n = 0;
	for (int k = 0; k < 2; k++) {
		int nv = k == COMPARE_CONTEXT ? diary_ncontexts : diary_nhelped;
		for (int i = 0; i < nv && i < DIARY_COMPARE_VOCAB && n < max; i++) {
			long nw = a->nw[k][i], no = a->n - nw;
			if (nw < COMPARE_MIN || no < COMPARE_MIN)
				continue;
			out[n].kind = (enum compare_kind)k;
			out[n].index = i;
			out[n].n_with = (int)nw;
			out[n].n_without = (int)no;
			out[n].with = (double)a->sw[k][i] / (double)nw;
			out[n].without = (double)(a->sum - a->sw[k][i]) / (double)no;
			n++;
		}
	}
	return n;
}

int diary_compare(const struct diary *d, int from, int to, struct comparison *out, int max)
{
	struct compare_acc a;
	compare_acc_init(&a, from, to);
	for (int i = 0; i < d->n; i++)
		compare_acc_add(&a, &d->v[i]);
	return compare_acc_result(&a, out, max);
}

/* --- export ------------------------------------------------------------------ */

int checkin_export_csv(FILE *f, const struct checkin *v, int n)
{
	char t[40];
	fputs("time,score,pain,enjoyment,activity\r\n", f);
	for (int i = 0; i < n; i++) {
		checkin_format_time(&v[i], t, sizeof t);
		fprintf(f, "%s,%.1f,%d,%d,%d\r\n", t, checkin_score(&v[i]), v[i].pain,
		        v[i].enjoyment, v[i].activity);
	}
	return ferror(f) ? -1 : 0;
}

int checkin_export_json(FILE *f, const struct checkin *v, int n)
{
	char t[40];
	fputc('[', f);
	for (int i = 0; i < n; i++) {
		checkin_format_time(&v[i], t, sizeof t);
		fprintf(f,
		        "%s\n  {\"time\": \"%s\", \"score\": %.1f, \"pain\": %d, "
		        "\"enjoyment\": %d, \"activity\": %d}",
		        i ? "," : "", t, checkin_score(&v[i]), v[i].pain, v[i].enjoyment,
		        v[i].activity);
	}
	fputs(n ? "\n]\n" : "]\n", f);
	return ferror(f) ? -1 : 0;
}

static const char csv_header[] = "time,score,pain,enjoyment,activity";

static size_t skip_bom(const char *buf, size_t len)
{
	return len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3) ? 3 : 0;
}

int checkin_export_detect(const char *buf, size_t len, int json)
{
	size_t i = skip_bom(buf, len);
	if (!json)
		return len - i >= sizeof csv_header - 1 &&
		       !memcmp(buf + i, csv_header, sizeof csv_header - 1) &&
		       (len - i == sizeof csv_header - 1 ||
		        buf[i + sizeof csv_header - 1] == '\r' ||
		        buf[i + sizeof csv_header - 1] == '\n');
	/* the first object's keys, without parsing the whole file */
	const char *end = memchr(buf + i, '}', len - i);
	size_t n = end ? (size_t)(end - (buf + i)) : len - i;
	return memmem(buf + i, n, "\"enjoyment\"", 11) != NULL;
}

/* One row's fields into c; returns NULL or why not (N_()). */
static const char *row_fill(struct checkin *c, const char *time, const char *p, const char *en,
                            const char *ac)
{
	struct diary_entry e;
	checkin_init(c);
	diary_entry_init(&e);
	if (!time || diary_parse_time(time, &e) < 0)
		return N_("the time is not like 2026-11-22T09:30:00+01:00");
	checkin_time_from(c, &e);
	c->pain = (signed char)checkin_parse_value(p);
	c->enjoyment = (signed char)checkin_parse_value(en);
	c->activity = (signed char)checkin_parse_value(ac);
	return checkin_check(c);
}

static int push(struct checkin **v, int *n, int *cap, const struct checkin *c)
{
	if (*n == *cap) {
		int nc = *cap ? *cap * 2 : 16;
		struct checkin *nv = realloc(*v, (size_t)nc * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = *c;
	return 0;
}

static int import_csv(const char *name, const char *buf, size_t len, struct checkin **out, int *n,
                      struct diags *dg)
{
	size_t i = skip_bom(buf, len);
	int cap = 0, row = 0, bad = 0;

	while (i < len) {
		size_t e = i;
		while (e < len && buf[e] != '\n')
			e++;
		size_t l = e - i;
		if (l && buf[i + l - 1] == '\r')
			l--;
		row++;
		if (row > 1 && l > 0) {
			char line[256], *f[6] = {0};
			int nf = 0;
			if (l >= sizeof line) {
				diags_add(dg, DIAG_ERROR, name, row, 0, "%s",
				          _("the row is too long"));
				bad = 1;
			} else {
				memcpy(line, buf + i, l);
				line[l] = '\0';
				for (char *p = line, *q; nf < 6; p = q + 1) {
					f[nf++] = p;
					q = strchr(p, ',');
					if (!q)
						break;
					*q = '\0';
				}
				/* a spreadsheet may quote every cell */
				for (int k = 0; k < nf; k++) {
					size_t fl = strlen(f[k]);
					if (fl >= 2 && f[k][0] == '"' && f[k][fl - 1] == '"') {
						f[k][fl - 1] = '\0';
						f[k]++;
					}
				}
				struct checkin c;
				const char *why = nf != 5 ? N_("a row has five cells: "
				                               "time,score,pain,enjoyment,activity")
				                          : row_fill(&c, f[0], f[2], f[3], f[4]);
				if (why) {
					diags_add(dg, DIAG_ERROR, name, row, 0, "%s", _(why));
					bad = 1;
				} else if (push(out, n, &cap, &c) < 0) {
					return -ENOMEM;
				}
			}
		}
		i = e + 1;
	}
	return bad ? -EINVAL : 0;
}

/* JSON is read with libyaml (JSON's arrays and objects are YAML flow
 * collections), so positions come out as line:column. */
static int import_json(const char *name, const char *buf, size_t len, struct checkin **out, int *n,
                       struct diags *dg)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int cap = 0, depth = 0, bad = 0, item = 0, r = 0;
	char key[32] = "", vals[4][48];
	int have[4], line = 0, col = 0;
	static const char *const keys[4] = {"time", "pain", "enjoyment", "activity"};
	int expect_key = 0;

	if (!yaml_parser_initialize(&p))
		return -ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			diags_add(dg, DIAG_ERROR, name, (int)p.problem_mark.line + 1,
			          (int)p.problem_mark.column + 1, "%s",
			          p.problem ? p.problem : "syntax error");
			r = -EINVAL;
			break;
		}
		yaml_event_type_t ty = ev.type;
		int l = (int)ev.start_mark.line + 1, c = (int)ev.start_mark.column + 1;
		if (ty == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ty == YAML_SEQUENCE_START_EVENT) {
			depth++;
			if (depth != 1) {
				diags_add(dg, DIAG_ERROR, name, l, c, "%s",
				          _("a check-in holds no lists"));
				bad = 1;
			}
		} else if (ty == YAML_SEQUENCE_END_EVENT) {
			depth--;
		} else if (ty == YAML_MAPPING_START_EVENT) {
			depth++;
			if (depth == 2) {
				item++;
				memset(have, 0, sizeof have);
				line = l;
				col = c;
				expect_key = 1;
			} else {
				diags_add(dg, DIAG_ERROR, name, l, c, "%s",
				          _("an export of check-ins is a list of objects"));
				bad = 1;
			}
		} else if (ty == YAML_MAPPING_END_EVENT) {
			depth--;
			if (depth == 1) {
				struct checkin ck;
				const char *why = NULL;
				for (int k = 0; k < 4 && !why; k++)
					if (!have[k])
						why = N_("a check-in needs time, pain, enjoyment "
						         "and activity");
				if (!why)
					why = row_fill(&ck, vals[0], vals[1], vals[2], vals[3]);
				if (why) {
					diags_add(dg, DIAG_ERROR, name, line, col,
					          _("check-in %d: %s"), item, _(why));
					bad = 1;
				} else if (push(out, n, &cap, &ck) < 0) {
					r = -ENOMEM;
				}
			}
		} else if (ty == YAML_SCALAR_EVENT) {
			const char *s = (const char *)ev.data.scalar.value;
			if (depth == 0) {
				diags_add(dg, DIAG_ERROR, name, l, c, "%s",
				          _("an export of check-ins is a list of objects"));
				bad = 1;
			} else if (depth == 2 && expect_key) {
				snprintf(key, sizeof key, "%s", s);
				expect_key = 0;
			} else if (depth == 2) {
				for (int k = 0; k < 4; k++)
					if (!strcmp(key, keys[k])) {
						snprintf(vals[k], sizeof vals[k], "%s", s);
						have[k] = 1;
					}
				expect_key = 1;
			}
		}
		yaml_event_delete(&ev);
		if (r)
			break;
	}
	yaml_parser_delete(&p);
	if (!r && bad)
		r = -EINVAL;
	return r;
}

int checkin_import(const char *name, const char *buf, size_t len, int json, struct checkin **out,
                   int *n, struct diags *dg)
{
	int r;
	*out = NULL;
	*n = 0;
	r = json ? import_json(name, buf, len, out, n, dg) : import_csv(name, buf, len, out, n, dg);
	if (r < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return r;
}
