/* diary_checkin.c — weekly check-ins in the diary file: kept in d->ck,
 * written by the diary's one rewrite path (store_rewrite, which writes
 * "checkins:" before "entries:"), under the diary's write lock. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "diary.h"
#include "diary_impl.h"
#include "i18n.h"

int diary_push_checkin(struct diary *d, const struct checkin *c)
{
	if (d->nck == d->capck) {
		int cap = d->capck ? d->capck * 2 : 16;
		struct checkin *v = realloc(d->ck, (size_t)cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		d->ck = v;
		d->capck = cap;
	}
	/* insertion from the end: files and imports come mostly in order */
	int i = d->nck;
	while (i > 0 && checkin_cmp(&d->ck[i - 1], c) > 0) {
		d->ck[i] = d->ck[i - 1];
		i--;
	}
	d->ck[i] = *c;
	d->nck++;
	return 0;
}

static int index_of(const struct diary *d, const struct checkin *c)
{
	for (int i = d->nck - 1; i >= 0; i--)
		if (checkin_same(&d->ck[i], c))
			return i;
	return -1;
}

static int rewrite_all(struct diary *d, struct diags *dg)
{
	int n;
	const struct diary_entry **pv = store_gather(d, -1, NULL, 0, &n);
	if (!pv)
		return -ENOMEM;
	int r = store_rewrite(d, pv, n, dg);
	free(pv);
	return r;
}

int diary_checkin_merge(struct diary *d, const struct checkin *v, int n, int *added, int *skipped,
                        struct diags *dg)
{
	int add = 0, skip = 0, r;

	for (int i = 0; i < n; i++) {
		const char *why = checkin_check(&v[i]);
		if (why) {
			diags_add(dg, DIAG_ERROR, d->path ? d->path : "diary", 0, 0,
			          _("check-in %d not saved: %s"), i + 1, _(why));
			return -EINVAL;
		}
	}
	int lock = store_begin_write(d, dg);
	if (lock < 0)
		return lock;
	int before = d->nck;
	struct checkin *keep = before ? malloc((size_t)before * sizeof *keep) : NULL;
	if (before && !keep) {
		store_end_write(d, lock);
		return -ENOMEM;
	}
	if (before)
		memcpy(keep, d->ck, (size_t)before * sizeof *keep);
	r = 0;
	for (int i = 0; i < n && !r; i++) {
		if (index_of(d, &v[i]) >= 0) {
			/* A6: only one that was in the diary before counts as
			 * "already in the diary"; a row the same list holds
			 * twice is neither added twice nor counted there */
			int was = 0;
			for (int k = 0; k < before && !was; k++)
				was = checkin_same(&keep[k], &v[i]);
			skip += was;
			continue;
		}
		r = diary_push_checkin(d, &v[i]);
		add += r == 0;
	}
	if (!r && add)
		r = rewrite_all(d, dg);
	if (r) {
		/* the file is as it was: so is the diary in memory */
		if (before)
			memcpy(d->ck, keep, (size_t)before * sizeof *keep);
		d->nck = before;
		add = 0;
	}
	free(keep);
	store_end_write(d, lock);
	if (added)
		*added = add;
	if (skipped)
		*skipped = skip;
	return r;
}

int diary_checkin_add(struct diary *d, const struct checkin *c, struct diags *dg)
{
	return diary_checkin_merge(d, c, 1, NULL, NULL, dg);
}

static void extras_each(void *ud, const struct diary_entry *e)
{
	compare_acc_add(ud, e);
}

static void extras_reset(void *ud)
{
	struct compare_acc *a = ud;
	compare_acc_init(a, a->from, a->to);
}

int diary_open_stats_extras_key(struct diary *d, const char *path, struct seal_key *key, int from,
                                int to, struct diary_stats *s, struct compare_acc *acc,
                                struct diags *dg)
{
	struct diary_sink also = {extras_each, extras_reset, acc};
	return diary_stats_open(d, path, key, from, to, s, &also, dg);
}

int diary_open_extras(struct diary *d, const char *path, struct compare_acc *acc, struct diags *dg)
{
	return diary_open_extras_key(d, path, NULL, acc, dg);
}

int diary_open_extras_key(struct diary *d, const char *path, struct seal_key *key,
                          struct compare_acc *acc, struct diags *dg)
{
	struct diary_sink sink = {extras_each, extras_reset, acc};
	int r = store_open_sink(d, path, &sink, key, dg);
	d->sink = NULL; /* it lived for the load only; d is never reloaded */
	return r;
}
