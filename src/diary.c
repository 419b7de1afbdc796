/* diary.c — the pain diary's in-memory model: vocabularies, entries and
 * ids, the string arena, the one push path, sort, find, merge (imports)
 * and aggregates. The file's format is in diary_yaml.c, the file itself in
 * diary_store.c; see diary_impl.h for how they fit. */
#include "diary.h"
#include "content.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "diary_impl.h"
#include "i18n.h"

/* --- vocabularies -------------------------------------------------------- */

const struct vocab diary_places[] = {
    {"upper-back", N_("Upper back (centre)")},
    {"upper-back-left", N_("Upper back (left)")},
    {"upper-back-right", N_("Upper back (right)")},
    {"mid-back", N_("Middle of the back (centre)")},
    {"mid-back-left", N_("Middle of the back (left)")},
    {"mid-back-right", N_("Middle of the back (right)")},
    {"lower-back", N_("Lower back (centre)")},
    {"lower-back-left", N_("Lower back (left)")},
    {"lower-back-right", N_("Lower back (right)")},
    {"buttock-left", N_("Left buttock")},
    {"buttock-right", N_("Right buttock")},
    {"hip-left", N_("Left hip")},
    {"hip-right", N_("Right hip")},
    {"pelvis", N_("Pelvis")},
    {"groin", N_("Groin")},
    {"thigh-left", N_("Left thigh")},
    {"thigh-right", N_("Right thigh")},
    {"leg-left", N_("Left leg (below the knee)")},
    {"leg-right", N_("Right leg (below the knee)")},
};
const struct vocab diary_feels[] = {
    {"aching", N_("Aching")},       {"sharp", N_("Sharp")},       {"burning", N_("Burning")},
    {"throbbing", N_("Throbbing")}, {"shooting", N_("Shooting")}, {"stiff", N_("Stiff")},
};
const struct vocab diary_contexts[] = {
    {"after-sex", N_("After sex")},
    {"after-miscarriage", N_("After a miscarriage")},
    {"pregnancy-postpartum", N_("Pregnancy or after birth")},
    {"after-exercise", N_("After exercise")},
    {"after-sitting", N_("After sitting long")},
    {"on-waking", N_("On waking")},
    {"other", N_("Other")},
};
const struct vocab diary_helped[] = {
    {"rest", N_("Rest")},
    {"heat", N_("Heat")},
    {"stretching", N_("Stretching")},
    {"walking", N_("Walking")},
    {"painkiller", N_("Painkiller")},
    {"massage", N_("Massage")},
    {"nothing", N_("Nothing helped")},
};
#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))
const int diary_nplaces = COUNT(diary_places);
const int diary_nfeels = COUNT(diary_feels);
const int diary_ncontexts = COUNT(diary_contexts);
const int diary_nhelped = COUNT(diary_helped);

/* Verdicts are enum level of content.h, spelled by its one table. */
#define verdict_word(i) (content_levels[i].word)

int vocab_find(const struct vocab *v, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (v[i].id[0] == id[0] && !strcmp(v[i].id, id))
			return i;
	return -1;
}

int vocab_parse_list(const struct vocab *v, int n, const char *s, int sep, unsigned *mask,
                     char *bad, size_t badsize)
{
	char item[64];

	*mask = 0;
	while (*s) {
		const char *e = s;
		while (*e && *e != sep && !(sep == ',' && *e == ';'))
			e++;
		const char *a = s, *b = e;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a) {
			size_t len = (size_t)(b - a);
			int k = -1;
			if (len < sizeof item) {
				memcpy(item, a, len);
				item[len] = '\0';
				k = vocab_find(v, n, item);
			}
			if (k < 0) {
				if (bad && badsize)
					snprintf(bad, badsize, "%.*s", (int)len, a);
				return -1;
			}
			*mask |= 1u << k;
		}
		s = *e ? e + 1 : e;
	}
	return 0;
}

int diary_parse_where(const char *s, unsigned *mask, unsigned *set, unsigned char *pp, char *bad,
                      size_t badsize)
{
	char item[64];

	*mask = *set = 0;
	while (*s) {
		const char *e = s;
		while (*e && *e != ',' && *e != ';')
			e++;
		const char *a = s, *b = e;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a) {
			size_t len = (size_t)(b - a);
			if (bad && badsize)
				snprintf(bad, badsize, "%.*s", (int)len, a);
			if (len >= sizeof item)
				return -1;
			memcpy(item, a, len);
			item[len] = '\0';
			char *colon = strchr(item, ':');
			int v = -1;
			if (colon) {
				char *q = colon + 1;
				*colon = '\0';
				while (colon > item && (colon[-1] == ' ' || colon[-1] == '\t'))
					*--colon = '\0';
				while (*q == ' ' || *q == '\t')
					q++;
				if (!*q || strlen(q) > 2)
					return -2;
				v = 0;
				for (; *q; q++) {
					if (*q < '0' || *q > '9')
						return -2;
					v = v * 10 + (*q - '0');
				}
				if (v > 10)
					return -2;
			}
			int k = vocab_find(diary_places, diary_nplaces, item);
			if (k < 0) {
				if (bad && badsize)
					snprintf(bad, badsize, "%s", item);
				return -1;
			}
			*mask |= 1u << k;
			if (v >= 0) {
				*set |= 1u << k;
				pp[k] = (unsigned char)v;
			}
		}
		s = *e ? e + 1 : e;
	}
	return 0;
}

size_t diary_format_place_pain(const struct diary_entry *e, const char *sep, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < diary_nplaces; i++) {
		if (!(e->place_set & (1u << i)))
			continue;
		int w = snprintf(buf + len, len < size ? size - len : 0, "%s%s:%d", len ? sep : "",
		                 diary_places[i].id, e->place_pain[i]);
		len += (size_t)w;
	}
	if (len >= size && size)
		buf[size - 1] = '\0';
	return len;
}

size_t vocab_format_list(const struct vocab *v, int n, unsigned mask, const char *sep, char *buf,
                         size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		int w = snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? sep : "",
		                 v[i].id);
		len += (size_t)w;
	}
	if (len >= size && size)
		buf[size - 1] = '\0';
	return len;
}

const char *diary_verdict_word(int level)
{
	if (level < 0 || level >= LEVEL_COUNT)
		return NULL;
	return verdict_word(level);
}

int diary_verdict_parse(const char *w)
{
	for (int i = 0; i < LEVEL_COUNT; i++)
		if (!strcmp(verdict_word(i), w))
			return i;
	return -1;
}

/* --- entries ------------------------------------------------------------- */

void diary_entry_init(struct diary_entry *e)
{
	memset(e, 0, sizeof *e);
	e->pain = -1;
	e->verdict = -1;
}

int diary_id_valid(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n >= DIARY_ID_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == ':'))
			return 0;
	}
	return 1;
}

int diary_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + len;
	while (s < end) {
		unsigned c = *s;
		if (c < 0x80) {
			if (!c)
				return 0;
			s++;
			continue;
		}
		int n;
		unsigned cp, min;
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f, min = 0x80;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07, min = 0x10000;
		else
			return 0;
		if (end - s <= n)
			return 0;
		for (int i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += n + 1;
	}
	return 1;
}

const char *diary_entry_check(const struct diary_entry *e)
{
	if (e->pain < 0 || e->pain > 10)
		return N_("pain must be a whole number from 0 to 10");
	if (!diary_valid_date(e->y, e->m, e->d) || e->hh < 0 || e->hh > 23 || e->mm < 0 ||
	    e->mm > 59 || e->ss < 0 || e->ss > 59 || e->off_min < -24 * 60 || e->off_min > 24 * 60)
		return N_("the time is not a real date and time");
	if ((e->where >> diary_nplaces) || (e->feels >> diary_nfeels) ||
	    (e->context >> diary_ncontexts) || (e->helped >> diary_nhelped))
		return N_("unknown place, feeling, context or help");
	if (e->place_set & ~e->where)
		return N_("a place with its own pain must be one of the places ticked");
	for (int i = 0; i < diary_nplaces; i++)
		if ((e->place_set & (1u << i)) && e->place_pain[i] > 10)
			return N_("pain must be a whole number from 0 to 10");
	if (e->verdict < -1 || e->verdict >= LEVEL_COUNT)
		return N_("unknown verdict");
	if (e->id[0] && !diary_id_valid(e->id))
		return N_("the id may only hold letters, digits and . _ : -");
	const char *texts[2] = {e->med, e->note};
	for (int i = 0; i < 2; i++) {
		if (!texts[i])
			continue;
		size_t n = strlen(texts[i]);
		if (n > DIARY_TEXT_MAX)
			return N_("the medication or note is too long");
		if (!diary_utf8_valid(texts[i], n))
			return N_("the medication or note is not valid UTF-8");
	}
	return NULL;
}

void diary_new_id(struct diary_entry *e)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[6];
	char stamp[64], *p;

	if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		/* Too early in boot for the pool: time and pid still make
		 * a collision most unlikely, and ids are checked anyway. */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		unsigned long long x =
		    (unsigned long long)ts.tv_nsec ^ ((unsigned long long)getpid() << 30);
		for (size_t i = 0; i < sizeof r; i++)
			r[i] = (unsigned char)(x >> (8 * i));
	}
	snprintf(stamp, sizeof stamp, "%04d%02d%02dT%02d%02d%02d-", e->y, e->m, e->d, e->hh, e->mm,
	         e->ss);
	stamp[16] = '\0'; /* fixed width for any real time */
	memcpy(e->id, stamp, 17);
	p = e->id + strlen(e->id);
	for (size_t i = 0; i < sizeof r; i++) {
		*p++ = hex[r[i] >> 4];
		*p++ = hex[r[i] & 15];
	}
	*p = '\0';
}

/* --- the diary in memory ------------------------------------------------- */

char *diary_arena_strndup(struct diary *d, const char *s, size_t n)
{
	struct diary_arena *a = d->arena;
	if (!a || a->cap - a->used < n + 1) {
		size_t cap = n + 1 > 60000 ? n + 1 : 60000;
		a = malloc(sizeof *a + cap);
		if (!a)
			return NULL;
		a->used = 0;
		a->cap = cap;
		if (d->arena && n + 1 > 60000) {
			/* A big string gets its own block behind the current
			 * one, so the current keeps its free space. */
			a->next = d->arena->next;
			d->arena->next = a;
		} else {
			a->next = d->arena;
			d->arena = a;
		}
	}
	char *p = a->data + a->used;
	memcpy(p, s, n);
	p[n] = '\0';
	a->used += n + 1;
	return p;
}

void diary_arena_free(struct diary_arena *a)
{
	while (a) {
		struct diary_arena *next = a->next;
		free(a);
		a = next;
	}
}

void diary_init(struct diary *d)
{
	memset(d, 0, sizeof *d);
	d->torn_off = -1;
}

void diary_close(struct diary *d)
{
	free(d->path);
	free(d->target);
	free(d->v);
	free(d->ck);
	diary_arena_free(d->arena);
	diary_init(d);
}

/* Copies e's strings into d's arena; NULL for an empty string. */
int diary_own_strings(struct diary *d, struct diary_entry *e)
{
	char **s[3] = {&e->med, &e->note, &e->time_text};
	for (int i = 0; i < 3; i++) {
		if (!*s[i] || !**s[i]) {
			*s[i] = NULL;
			continue;
		}
		*s[i] = diary_arena_strndup(d, *s[i], strlen(*s[i]));
		if (!*s[i])
			return -ENOMEM;
	}
	return 0;
}

int diary_push_owned(struct diary *d, const struct diary_entry *e)
{
	if (d->n == d->cap) {
		int cap = d->cap ? d->cap * 2 : 64;
		struct diary_entry *v = realloc(d->v, (size_t)cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n] = *e;
	d->v[d->n].seq = d->next_seq++;
	d->n++;
	return 0;
}

int diary_push(struct diary *d, const struct diary_entry *e)
{
	struct diary_entry c = *e;
	if (diary_own_strings(d, &c) < 0)
		return -ENOMEM;
	return diary_push_owned(d, &c);
}

int diary_entry_cmp(const struct diary_entry *x, const struct diary_entry *y)
{
	/* A5 (DESIGN: "Entries of the same minute keep the order they were
	 * made in"): by the minute, then the order they came in (file
	 * order, then adds), not by seconds (an add "now" has them, --at
	 * has :00) nor by the random part of the id. */
	long long mx = x->t >= 0 ? x->t / 60 : -((59 - x->t) / 60);
	long long my = y->t >= 0 ? y->t / 60 : -((59 - y->t) / 60);
	if (mx != my)
		return mx < my ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int entry_qcmp(const void *a, const void *b)
{
	return diary_entry_cmp(a, b);
}

void diary_sort(struct diary *d)
{
	for (int i = 1; i < d->n; i++)
		if (diary_entry_cmp(&d->v[i - 1], &d->v[i]) > 0) {
			qsort(d->v, (size_t)d->n, sizeof *d->v, entry_qcmp);
			return;
		}
}

int diary_find(const struct diary *d, const char *id)
{
	for (int i = d->n - 1; i >= 0; i--)
		if (!strcmp(d->v[i].id, id))
			return i;
	return -1;
}

unsigned diary_hash_str(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

int diary_check_entry(const struct diary *d, const struct diary_entry *e, struct diags *dg)
{
	const char *why = diary_entry_check(e);
	if (why) {
		diags_add(dg, DIAG_ERROR, d->path ? d->path : "diary", 0, 0, "%s", _(why));
		return -EINVAL;
	}
	return 0;
}

/* --- merging (imports) --------------------------------------------------- */

static int str_same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static int place_pain_same(const struct diary_entry *a, const struct diary_entry *b)
{
	if (a->place_set != b->place_set)
		return 0;
	for (int i = 0; i < diary_nplaces; i++)
		if ((a->place_set & (1u << i)) && a->place_pain[i] != b->place_pain[i])
			return 0;
	return 1;
}

int diary_entry_same(const struct diary_entry *a, const struct diary_entry *b)
{
	return a->t == b->t && a->off_min == b->off_min && a->pain == b->pain &&
	       a->verdict == b->verdict && a->where == b->where && a->feels == b->feels &&
	       a->context == b->context && a->helped == b->helped && place_pain_same(a, b) &&
	       str_same(a->med, b->med) && str_same(a->note, b->note);
}

/* A set of entries by id (open addressing over pointers). */
struct eset {
	const struct diary_entry **v;
	size_t cap;
};

static int eset_init(struct eset *s, size_t n)
{
	s->cap = 64;
	while (s->cap < n * 2 + 2)
		s->cap *= 2;
	s->v = calloc(s->cap, sizeof *s->v);
	return s->v ? 0 : -ENOMEM;
}

/* The entry with e's id, or NULL (then e is added when add). */
static const struct diary_entry *eset_find(struct eset *s, const struct diary_entry *e, int add)
{
	size_t h = diary_hash_str(e->id) & (s->cap - 1);
	while (s->v[h]) {
		if (!strcmp(s->v[h]->id, e->id))
			return s->v[h];
		h = (h + 1) & (s->cap - 1);
	}
	if (add)
		s->v[h] = e;
	return NULL;
}

int diary_merge(struct diary *d, const struct diary *from, int *added, int *skipped,
                struct diags *dg)
{
	struct eset ids = {0};
	struct diary_entry *nv = NULL;
	int nn = 0, nskip = 0, conflicts = 0, r;

	if (added)
		*added = 0;
	if (skipped)
		*skipped = 0;
	for (int i = 0; i < from->n; i++)
		if ((r = diary_check_entry(d, &from->v[i], dg)) < 0)
			return r;
	int lock = store_begin_write(d, dg);
	if (lock < 0)
		return lock;
	size_t total = (size_t)d->n + (size_t)from->n;
	nv = malloc(((size_t)from->n + 1) * sizeof *nv);
	if (!nv || eset_init(&ids, total) < 0) {
		r = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < d->n; i++)
		eset_find(&ids, &d->v[i], 1);
	for (int i = 0; i < from->n; i++) {
		const struct diary_entry *e = &from->v[i];
		if (e->id[0]) {
			const struct diary_entry *have = eset_find(&ids, e, 0);
			if (have && diary_entry_same(have, e)) {
				nskip++;
				continue;
			}
			if (have) {
				diags_add(dg, DIAG_ERROR, from->path ? from->path : "import",
				          e->line, 1,
				          _("id '%s' is in the diary already (%s:%d) with other "
				            "contents: nothing was imported"),
				          e->id, d->path ? d->path : "diary", have->line);
				conflicts++;
				continue;
			}
		}
		nv[nn] = *e;
		nv[nn].line = 0;
		nv[nn].seq = d->next_seq + nn; /* what diary_push gives it below */
		if (!e->id[0])
			do
				diary_new_id(&nv[nn]);
			while (eset_find(&ids, &nv[nn], 0));
		/* The set keeps pointers: nv never moves (sized for all). */
		eset_find(&ids, &nv[nn], 1);
		nn++;
	}
	r = 0;
	if (conflicts) {
		r = -EEXIST;
		goto out;
	}
	if (nn > 0) {
		int n;
		const struct diary_entry **pv = store_gather(d, -1, nv, nn, &n);
		r = pv ? store_rewrite(d, pv, n, dg) : -ENOMEM;
		free(pv);
		for (int i = 0; i < nn && r == 0; i++)
			if (diary_push(d, &nv[i]) < 0) {
				d->fid.exists = -1;
				r = -ENOMEM;
			}
		diary_sort(d);
	}
	if (r == 0) {
		if (added)
			*added = nn;
		if (skipped)
			*skipped = nskip;
	}
out:
	store_end_write(d, lock);
	free(ids.v);
	free(nv);
	return r;
}

/* --- aggregates ---------------------------------------------------------- */

int diary_days(const struct diary *d, int last_dayn, int ndays, struct diary_day *out)
{
	int first = last_dayn - ndays + 1, with = 0;
	long *sum = calloc((size_t)(ndays > 0 ? ndays : 1), sizeof *sum);

	for (int i = 0; i < ndays; i++) {
		out[i].n = 0;
		out[i].avg = 0;
		out[i].worst = -1;
	}
	if (!sum)
		return -1;
	for (int i = 0; i < d->n; i++) {
		const struct diary_entry *e = &d->v[i];
		if (e->dayn < first || e->dayn > last_dayn)
			continue;
		struct diary_day *o = &out[e->dayn - first];
		with += o->n == 0;
		o->n++;
		sum[e->dayn - first] += e->pain;
		if (e->pain > o->worst)
			o->worst = e->pain;
	}
	for (int i = 0; i < ndays; i++)
		if (out[i].n)
			out[i].avg = (double)sum[i] / out[i].n;
	free(sum);
	return with;
}

static void count_mask(int *counts, unsigned mask)
{
	for (int i = 0; mask; i++, mask >>= 1)
		if (mask & 1)
			counts[i]++;
}

/* The figures of diary_stats, one entry at a time. */
struct stats_acc {
	struct diary_stats *s;
	int pfrom;
	long sum, psum;
	unsigned char *seen; /* days of the period that have entries */
	int len;
};

static void stats_reset(void *ud)
{
	struct stats_acc *a = ud;
	struct diary_stats *s = a->s;
	int from = s->from, to = s->to;

	memset(s, 0, sizeof *s);
	s->from = from;
	s->to = to;
	s->worst = s->prev_worst = -1;
	a->sum = a->psum = 0;
	if (a->seen)
		memset(a->seen, 0, (size_t)(a->len > 0 ? a->len : 1));
}

static void stats_each(void *ud, const struct diary_entry *e)
{
	struct stats_acc *a = ud;
	struct diary_stats *s = a->s;

	if (e->dayn >= a->pfrom && e->dayn < s->from) {
		s->prev_entries++;
		a->psum += e->pain;
		if (e->pain > s->prev_worst)
			s->prev_worst = e->pain;
		return;
	}
	if (e->dayn < s->from || e->dayn > s->to)
		return;
	s->entries++;
	a->sum += e->pain;
	if (e->pain > s->worst)
		s->worst = e->pain;
	if (a->seen && !a->seen[e->dayn - s->from]) {
		a->seen[e->dayn - s->from] = 1;
		s->days++;
	}
	count_mask(s->where_count, e->where);
	for (int i = 0; i < diary_nplaces; i++)
		if (e->place_set & (1u << i)) {
			s->place_n[i]++;
			s->place_avg[i] += e->place_pain[i]; /* a sum until stats_end */
		}
	count_mask(s->feels_count, e->feels);
	count_mask(s->context_count, e->context);
	count_mask(s->helped_count, e->helped);
	if (e->verdict >= 0 && e->verdict < 4)
		s->verdict_count[e->verdict]++;
}

static void stats_begin(struct stats_acc *a, int from, int to, struct diary_stats *s)
{
	a->s = s;
	a->len = to - from + 1;
	a->pfrom = from - a->len;
	a->seen = calloc((size_t)(a->len > 0 ? a->len : 1), 1);
	s->from = from;
	s->to = to;
	stats_reset(a);
}

static void stats_end(struct stats_acc *a)
{
	struct diary_stats *s = a->s;
	free(a->seen);
	a->seen = NULL;
	if (s->entries)
		s->avg = (double)a->sum / s->entries;
	if (s->prev_entries)
		s->prev_avg = (double)a->psum / s->prev_entries;
	for (int i = 0; i < DIARY_VOCAB_MAX; i++)
		if (s->place_n[i])
			s->place_avg[i] /= s->place_n[i];
}

void diary_stats(const struct diary *d, int from, int to, struct diary_stats *s)
{
	struct stats_acc a;
	stats_begin(&a, from, to, s);
	for (int i = 0; i < d->n; i++)
		stats_each(&a, &d->v[i]);
	stats_end(&a);
}

int diary_stats_file(const char *path, int from, int to, struct diary_stats *s, struct diags *dg)
{
	return diary_stats_file_key(path, NULL, from, to, s, dg);
}

/* The stats' sink and another one fed in the same pass. */
struct both {
	struct stats_acc *a;
	const struct diary_sink *also;
};

static void both_each(void *ud, const struct diary_entry *e)
{
	struct both *b = ud;
	stats_each(b->a, e);
	b->also->each(b->also->ud, e);
}

static void both_reset(void *ud)
{
	struct both *b = ud;
	stats_reset(b->a);
	b->also->reset(b->also->ud);
}

int diary_stats_open(struct diary *d, const char *path, struct seal_key *key, int from, int to,
                     struct diary_stats *s, const struct diary_sink *also, struct diags *dg)
{
	struct stats_acc a;
	stats_begin(&a, from, to, s);
	struct both b = {&a, also};
	struct diary_sink sink = {both_each, both_reset, &b};
	int r = store_open_sink(d, path, &sink, key, dg);
	d->sink = NULL; /* it lived for the load only; d is never reloaded */
	stats_end(&a);
	return r;
}

int diary_stats_file_key(const char *path, struct seal_key *key, int from, int to,
                         struct diary_stats *s, struct diags *dg)
{
	struct stats_acc a;
	struct diary d;
	stats_begin(&a, from, to, s);
	struct diary_sink sink = {stats_each, stats_reset, &a};
	int r = store_open_sink(&d, path, &sink, key, dg);
	diary_close(&d);
	stats_end(&a);
	return r;
}

int diary_change_noticeable(double prev, double cur)
{
	double diff = cur > prev ? cur - prev : prev - cur;
	return diff >= 2.0 - 1e-9 || (prev > 0 && diff / prev >= 0.3 - 1e-9);
}
