/* diary.c — the pain diary model: vocabularies, times, the diary.yaml
 * reader (libyaml events) and writer, locking, safe saves and aggregates. */
#include "diary.h"
#include "content.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "i18n.h"
#include "paths.h"

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
	{"aching", N_("Aching")},
	{"sharp", N_("Sharp")},
	{"burning", N_("Burning")},
	{"throbbing", N_("Throbbing")},
	{"shooting", N_("Shooting")},
	{"stiff", N_("Stiff")},
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

int vocab_parse_list(const struct vocab *v, int n, const char *s, int sep,
		     unsigned *mask, char *bad, size_t badsize)
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

size_t vocab_format_list(const struct vocab *v, int n, unsigned mask,
			 const char *sep, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		int w = snprintf(buf + len, len < size ? size - len : 0, "%s%s",
				 len ? sep : "", v[i].id);
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

/* --- dates and times ----------------------------------------------------- */

/* Howard Hinnant's days_from_civil / civil_from_days. */
int diary_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void diary_civil_from_days(int z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int month_days(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 29;
	return md[m - 1];
}

static int valid_date(int y, int m, int d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= month_days(y, m);
}

/* n decimal digits exactly. */
static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int parse_ymd(const char *s, int *y, int *m, int *d)
{
	if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) ||
	    s[7] != '-' || digits(s + 8, 2, d) || !valid_date(*y, *m, *d))
		return -1;
	return 0;
}

int diary_parse_date(const char *s, int *dayn)
{
	int y, m, d;
	if (strlen(s) != 10 || parse_ymd(s, &y, &m, &d))
		return -1;
	*dayn = diary_days_from_civil(y, m, d);
	return 0;
}

void diary_entry_set_time(struct diary_entry *e, time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	e->t = t;
	e->off_min = (int)(tm.tm_gmtoff / 60);
	e->y = (short)(tm.tm_year + 1900);
	e->m = (short)(tm.tm_mon + 1);
	e->d = (short)tm.tm_mday;
	e->hh = (short)tm.tm_hour;
	e->mm = (short)tm.tm_min;
	e->ss = (short)tm.tm_sec;
	e->dayn = diary_days_from_civil(e->y, e->m, e->d);
}

int diary_today(time_t now)
{
	struct tm tm;
	localtime_r(&now, &tm);
	return diary_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
				     tm.tm_mday);
}

int diary_parse_time(const char *s, struct diary_entry *e)
{
	int y, m, d, hh, mm, ss = 0, oh = 0, om = 0, sign = 0;
	const char *p = s + 16;

	if (strlen(s) < 16 || parse_ymd(s, &y, &m, &d) ||
	    (s[10] != 'T' && s[10] != ' ' && s[10] != 't') ||
	    digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm) ||
	    hh > 23 || mm > 59)
		return -1;
	if (*p == ':') {
		if (digits(p + 1, 2, &ss) || ss > 60)
			return -1;
		if (ss == 60)
			ss = 59; /* a leap second: keep it inside the minute */
		p += 3;
		if (*p == '.' || *p == ',') /* fractions of a second: dropped */
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
	}
	if (*p == 'Z' || *p == 'z') {
		sign = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (digits(p + 1, 2, &oh))
			return -1;
		p += 3;
		if (*p == ':')
			p++;
		if (digits(p, 2, &om))
			return -1;
		p += 2;
		if (oh > 23 || om > 59)
			return -1;
	}
	if (*p)
		return -1;
	if (!sign) {
		/* No offset written: local time, resolved once by mktime. */
		struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1,
				.tm_mday = d, .tm_hour = hh, .tm_min = mm,
				.tm_sec = ss, .tm_isdst = -1};
		time_t t = mktime(&tm);
		if (t == (time_t)-1 && errno == EOVERFLOW)
			return -1;
		diary_entry_set_time(e, t);
		return 0;
	}
	e->off_min = sign * (oh * 60 + om);
	e->y = (short)y;
	e->m = (short)m;
	e->d = (short)d;
	e->hh = (short)hh;
	e->mm = (short)mm;
	e->ss = (short)ss;
	e->dayn = diary_days_from_civil(y, m, d);
	e->t = (long long)e->dayn * 86400 + hh * 3600 + mm * 60 + ss -
	       (long long)e->off_min * 60;
	return 0;
}

void diary_format_time(const struct diary_entry *e, char *buf, size_t size)
{
	int off = e->off_min < 0 ? -e->off_min : e->off_min;
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", e->y,
		 e->m, e->d, e->hh, e->mm, e->ss, e->off_min < 0 ? '-' : '+',
		 off / 60 % 100, off % 60);
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
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		      c == '.' || c == ':'))
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
	if (!valid_date(e->y, e->m, e->d) || e->hh < 0 || e->hh > 23 ||
	    e->mm < 0 || e->mm > 59 || e->ss < 0 || e->ss > 59 ||
	    e->off_min < -24 * 60 || e->off_min > 24 * 60)
		return N_("the time is not a real date and time");
	if ((e->where >> diary_nplaces) || (e->feels >> diary_nfeels) ||
	    (e->context >> diary_ncontexts) || (e->helped >> diary_nhelped))
		return N_("unknown place, feeling, context or help");
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
		unsigned long long x = (unsigned long long)ts.tv_nsec ^
				       ((unsigned long long)getpid() << 30);
		for (size_t i = 0; i < sizeof r; i++)
			r[i] = (unsigned char)(x >> (8 * i));
	}
	snprintf(stamp, sizeof stamp, "%04d%02d%02dT%02d%02d%02d-", e->y, e->m,
		 e->d, e->hh, e->mm, e->ss);
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

struct diary_arena {
	struct diary_arena *next;
	size_t used, cap;
	char data[];
};

static char *arena_strndup(struct diary *d, const char *s, size_t n)
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

static void arena_free(struct diary_arena *a)
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
	arena_free(d->arena);
	diary_init(d);
}

/* Copies e's strings into d's arena; NULL for an empty string. */
static int copy_strings(struct diary *d, struct diary_entry *e)
{
	char **s[2] = {&e->med, &e->note};
	for (int i = 0; i < 2; i++) {
		if (!*s[i] || !**s[i]) {
			*s[i] = NULL;
			continue;
		}
		*s[i] = arena_strndup(d, *s[i], strlen(*s[i]));
		if (!*s[i])
			return -ENOMEM;
	}
	return 0;
}

int diary_push(struct diary *d, const struct diary_entry *e)
{
	if (d->n == d->cap) {
		int cap = d->cap ? d->cap * 2 : 64;
		struct diary_entry *v = realloc(d->v, (size_t)cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	struct diary_entry c = *e;
	if (copy_strings(d, &c) < 0)
		return -ENOMEM;
	c.seq = d->next_seq++;
	d->v[d->n++] = c;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct diary_entry *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	/* equal times: the order they came in (file order, then adds), not
	 * the random part of the id */
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return strcmp(x->id, y->id);
}

void diary_sort(struct diary *d)
{
	for (int i = 1; i < d->n; i++)
		if (entry_cmp(&d->v[i - 1], &d->v[i]) > 0) {
			qsort(d->v, (size_t)d->n, sizeof *d->v, entry_cmp);
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

/* --- writing the YAML ---------------------------------------------------- */

struct buf {
	char *p;
	size_t n, cap;
	int oom;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->cap - b->n < n + 1) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap - b->n < n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* A YAML double-quoted scalar that reads back as exactly s: everything a
 * YAML reader would fold, refuse or take as a line break is escaped. */
static void put_quoted(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[16];

	buf_add(b, "\"", 1);
	while (*p) {
		const unsigned char *run = p;
		while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			p++;
		buf_add(b, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		unsigned c = *p;
		if (c < 0x80) {
			switch (c) {
			case '"': buf_add(b, "\\\"", 2); break;
			case '\\': buf_add(b, "\\\\", 2); break;
			case '\n': buf_add(b, "\\n", 2); break;
			case '\t': buf_add(b, "\\t", 2); break;
			case '\r': buf_add(b, "\\r", 2); break;
			default:
				snprintf(esc, sizeof esc, "\\x%02X", c);
				buf_adds(b, esc);
			}
			p++;
			continue;
		}
		/* Stored text is valid UTF-8 (checked on the way in). */
		int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		unsigned cp = c & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
		for (int i = 1; i < n && p[i]; i++)
			cp = cp << 6 | (p[i] & 0x3f);
		if (cp <= 0x9f)
			snprintf(esc, sizeof esc, "\\x%02X", cp);
		else if (cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
			 cp == 0xfffe || cp == 0xffff)
			snprintf(esc, sizeof esc, "\\u%04X", cp);
		else
			esc[0] = '\0';
		if (esc[0])
			buf_adds(b, esc);
		else
			buf_add(b, (const char *)p, (size_t)n);
		p += n;
	}
	buf_add(b, "\"", 1);
}

static void put_list(struct buf *b, const char *key, const struct vocab *v,
		     int n, unsigned mask)
{
	int first = 1;
	if (!mask)
		return;
	buf_adds(b, key);
	buf_add(b, ": [", 3);
	for (int i = 0; i < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (!first)
			buf_add(b, ", ", 2);
		buf_adds(b, v[i].id);
		first = 0;
	}
	buf_add(b, "]\n", 2);
}

/* One record. The id line comes last on purpose: a record whose id line is
 * missing or has no line break was cut short (see the loader). */
static void put_entry(struct buf *b, const struct diary_entry *e)
{
	char tbuf[40], num[8];

	diary_format_time(e, tbuf, sizeof tbuf);
	buf_add(b, "- time: ", 8);
	buf_adds(b, tbuf);
	snprintf(num, sizeof num, "%d", e->pain);
	buf_add(b, "\n  pain: ", 9);
	buf_adds(b, num);
	buf_add(b, "\n", 1);
	put_list(b, "  where", diary_places, diary_nplaces, e->where);
	put_list(b, "  feels", diary_feels, diary_nfeels, e->feels);
	put_list(b, "  context", diary_contexts, diary_ncontexts, e->context);
	put_list(b, "  helped", diary_helped, diary_nhelped, e->helped);
	if (e->med && *e->med) {
		buf_add(b, "  med: ", 7);
		put_quoted(b, e->med);
		buf_add(b, "\n", 1);
	}
	if (e->note && *e->note) {
		buf_add(b, "  note: ", 8);
		put_quoted(b, e->note);
		buf_add(b, "\n", 1);
	}
	if (e->verdict >= 0) {
		buf_add(b, "  verdict: ", 11);
		buf_adds(b, verdict_word(e->verdict));
		buf_add(b, "\n", 1);
	}
	buf_add(b, "  id: ", 6);
	buf_adds(b, e->id);
	buf_add(b, "\n", 1);
}

static const char file_header[] =
	"# backcare pain diary. You may edit it by hand: times are local with\n"
	"# their offset from UTC, and every entry ends with its id line.\n"
	"version: 1\n"
	"entries:\n";

/* --- reading the YAML ---------------------------------------------------- */

enum { K_TIME = 1, K_PAIN = 2, K_WHERE = 4, K_FEELS = 8, K_CONTEXT = 16,
       K_HELPED = 32, K_MED = 64, K_NOTE = 128, K_VERDICT = 256, K_ID = 512 };

struct parse {
	yaml_parser_t p;
	yaml_event_t ev;
	int have;
	const char *name;
	const char *buf;
	size_t len;
	struct diary *d;
	struct diags *dg;
	int syntax;       /* the YAML itself is broken at err_off */
	size_t err_off;
	int in_entries;   /* inside the entries sequence */
	int seq_col;      /* column of its dashes */
	size_t seq_off;   /* where it starts */
	int version;      /* major version read, 0 if none */
	int appendable;   /* "entries:" is last, block style at column 0 */
	/* the last item of entries, for the torn-record rule */
	size_t item_off;  /* start of its line */
	int item_line, item_col;
	int item_missing; /* a required key is missing (or not a mapping) */
	int item_errors;  /* other errors */
	int item_pushed;  /* it became d->v[d->n - 1] */
	int item_diag;    /* dg->n when it started */
	int item_diag_end; /* dg->n when it ended */
	int nitems;
	/* ids seen: open addressing over d->v indexes + 1 */
	int *ids;
	size_t ids_cap;
};

static void perr(struct parse *ps, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(struct parse *ps, const yaml_mark_t *m, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diags_add(ps->dg, DIAG_ERROR, ps->name, (int)m->line + 1,
		  (int)m->column + 1, "%s", msg);
}

/* Next event into ps->ev; -1 (with a diagnostic) when the YAML is broken. */
static int next(struct parse *ps)
{
	if (ps->have)
		yaml_event_delete(&ps->ev);
	ps->have = 0;
	if (ps->syntax)
		return -1;
	if (!yaml_parser_parse(&ps->p, &ps->ev)) {
		yaml_mark_t m = ps->p.problem_mark;
		ps->syntax = 1;
		ps->err_off = m.index;
		if (ps->p.context)
			diags_add(ps->dg, DIAG_ERROR, ps->name, (int)m.line + 1,
				  (int)m.column + 1, "%s %s",
				  ps->p.problem ? ps->p.problem : "bad YAML",
				  ps->p.context);
		else
			diags_add(ps->dg, DIAG_ERROR, ps->name, (int)m.line + 1,
				  (int)m.column + 1, "%s",
				  ps->p.problem ? ps->p.problem : "bad YAML");
		return -1;
	}
	ps->have = 1;
	if (ps->ev.type == YAML_ALIAS_EVENT) {
		perr(ps, &ps->ev.start_mark,
		     _("aliases (*name) are not allowed in the diary"));
		ps->syntax = 1; /* keeps the rest from being misread */
		ps->err_off = ps->ev.start_mark.index;
		return -1;
	}
	return 0;
}

/* Skips the node that starts with the current event. */
static int skip_node(struct parse *ps)
{
	int depth = 0;
	do {
		switch (ps->ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: depth++; break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: depth--; break;
		default: break;
		}
		if (depth > 0 && next(ps) < 0)
			return -1;
	} while (depth > 0);
	return 0;
}

static const char *scalar(const struct parse *ps)
{
	return (const char *)ps->ev.data.scalar.value;
}

static int is_null(const struct parse *ps)
{
	const char *s = scalar(ps);
	if (ps->ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") ||
	       !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* A list value: a sequence of ids, one id, or null. */
static int parse_list(struct parse *ps, const struct vocab *v, int n,
		      const char *what, unsigned *mask)
{
	*mask = 0;
	if (ps->ev.type == YAML_SCALAR_EVENT) {
		if (is_null(ps))
			return 0;
		int k = vocab_find(v, n, scalar(ps));
		if (k < 0) {
			perr(ps, &ps->ev.start_mark, _("unknown %s '%s'"), _(what),
			     scalar(ps));
			return 1;
		}
		*mask = 1u << k;
		return 0;
	}
	if (ps->ev.type != YAML_SEQUENCE_START_EVENT) {
		perr(ps, &ps->ev.start_mark, _("expected a list of %s ids"), _(what));
		return skip_node(ps) < 0 ? -1 : 1;
	}
	int bad = 0;
	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_SEQUENCE_END_EVENT)
			return bad;
		if (ps->ev.type != YAML_SCALAR_EVENT) {
			perr(ps, &ps->ev.start_mark, _("expected a %s id"), _(what));
			if (skip_node(ps) < 0)
				return -1;
			bad = 1;
			continue;
		}
		int k = vocab_find(v, n, scalar(ps));
		if (k < 0) {
			perr(ps, &ps->ev.start_mark, _("unknown %s '%s'"), _(what),
			     scalar(ps));
			bad = 1;
		} else {
			*mask |= 1u << k;
		}
	}
}

static unsigned hash_id(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Records d->v[idx]'s id; returns the index of an earlier entry with the
 * same id, -1 if it is new, -2 on out of memory. */
static int ids_insert(struct parse *ps, int idx)
{
	if ((size_t)ps->d->n * 2 >= ps->ids_cap) {
		size_t cap = ps->ids_cap ? ps->ids_cap * 2 : 1024;
		int *t = calloc(cap, sizeof *t);
		if (!t)
			return -2;
		for (size_t i = 0; i < ps->ids_cap; i++) {
			if (!ps->ids[i])
				continue;
			size_t h = hash_id(ps->d->v[ps->ids[i] - 1].id) & (cap - 1);
			while (t[h])
				h = (h + 1) & (cap - 1);
			t[h] = ps->ids[i];
		}
		free(ps->ids);
		ps->ids = t;
		ps->ids_cap = cap;
	}
	const char *id = ps->d->v[idx].id;
	size_t h = hash_id(id) & (ps->ids_cap - 1);
	while (ps->ids[h]) {
		if (!strcmp(ps->d->v[ps->ids[h] - 1].id, id))
			return ps->ids[h] - 1;
		h = (h + 1) & (ps->ids_cap - 1);
	}
	ps->ids[h] = idx + 1;
	return -1;
}

static int key_of(const char *k)
{
	static const struct { const char *name; int key; } keys[] = {
		{"time", K_TIME}, {"pain", K_PAIN}, {"where", K_WHERE},
		{"feels", K_FEELS}, {"context", K_CONTEXT}, {"helped", K_HELPED},
		{"med", K_MED}, {"note", K_NOTE}, {"verdict", K_VERDICT},
		{"id", K_ID},
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (keys[i].name[0] == k[0] && !strcmp(keys[i].name, k))
			return keys[i].key;
	return 0;
}

/* The value of one entry key (current event: its first event). Returns 0,
 * 1 if it was wrong (reported), -1 if the YAML broke. */
static int parse_value(struct parse *ps, int key, struct diary_entry *e,
		       char **med, char **note)
{
	const yaml_mark_t *m = &ps->ev.start_mark;

	switch (key) {
	case K_WHERE: return parse_list(ps, diary_places, diary_nplaces, N_("place"), &e->where);
	case K_FEELS: return parse_list(ps, diary_feels, diary_nfeels, N_("feeling"), &e->feels);
	case K_CONTEXT: return parse_list(ps, diary_contexts, diary_ncontexts, N_("context"), &e->context);
	case K_HELPED: return parse_list(ps, diary_helped, diary_nhelped, N_("help"), &e->helped);
	}
	if (ps->ev.type != YAML_SCALAR_EVENT) {
		perr(ps, m, _("expected a single value here"));
		return skip_node(ps) < 0 ? -1 : 1;
	}
	const char *s = scalar(ps);
	switch (key) {
	case K_TIME:
		if (diary_parse_time(s, e) < 0) {
			perr(ps, m, _("'%s' is not a time like 2026-11-22T09:30:00+01:00"), s);
			return 1;
		}
		return 0;
	case K_PAIN: {
		int v;
		if (!s[0] || strlen(s) > 2 || digits(s, (int)strlen(s), &v) ||
		    v > 10) {
			perr(ps, m, _("pain '%s' is not a whole number from 0 to 10"), s);
			return 1;
		}
		e->pain = (signed char)v;
		return 0;
	}
	case K_MED:
	case K_NOTE:
		if (is_null(ps))
			return 0;
		/* libyaml checked the UTF-8 already; the value is kept as is. */
		if (key == K_MED)
			*med = (char *)s;
		else
			*note = (char *)s;
		return 0;
	case K_VERDICT:
		if (is_null(ps))
			return 0;
		e->verdict = (signed char)diary_verdict_parse(s);
		if (e->verdict < 0) {
			perr(ps, m, _("unknown verdict '%s' (emergency, urgent, soon or selfcare)"), s);
			return 1;
		}
		return 0;
	case K_ID:
		if (!diary_id_valid(s)) {
			perr(ps, m, _("id '%s' may only hold letters, digits and . _ : - (at most 31)"), s);
			return 1;
		}
		memcpy(e->id, s, strlen(s) + 1);
		return 0;
	}
	return 1;
}

/* One entry (current event: its MAPPING_START). Strings of med and note
 * live in events until copied, so they are copied key by key. */
static int parse_entry(struct parse *ps)
{
	struct diary_entry e;
	yaml_mark_t start = ps->ev.start_mark;
	int seen = 0, bad = 0;
	char *med = NULL, *note = NULL;

	diary_entry_init(&e);
	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if (ps->ev.type != YAML_SCALAR_EVENT) {
			perr(ps, &ps->ev.start_mark, _("expected a key such as time, pain or note"));
			if (skip_node(ps) < 0 || next(ps) < 0 || skip_node(ps) < 0)
				return -1;
			bad = 1;
			continue;
		}
		int key = key_of(scalar(ps));
		yaml_mark_t km = ps->ev.start_mark;
		if (!key) {
			perr(ps, &km, _("unknown key '%s' in an entry"), scalar(ps));
			bad = 1;
		} else if (seen & key) {
			perr(ps, &km, _("'%s' is given twice"), scalar(ps));
			bad = 1;
		}
		if (next(ps) < 0)
			return -1;
		if (!key || (seen & key)) {
			if (skip_node(ps) < 0)
				return -1;
			continue;
		}
		seen |= key;
		int r = parse_value(ps, key, &e, &med, &note);
		if (r < 0)
			return -1;
		bad |= r;
		if (key == K_MED || key == K_NOTE) {
			char **dst = key == K_MED ? &med : &note;
			if (*dst)
				*dst = arena_strndup(ps->d, *dst,
						     ps->ev.data.scalar.length);
			if (*dst && memchr(*dst, '\0', ps->ev.data.scalar.length)) {
				perr(ps, &ps->ev.start_mark, _("text holds a NUL character"));
				bad = 1;
			}
		}
	}
	static const struct { int key; const char *name; } req[] = {
		{K_TIME, "time"}, {K_PAIN, "pain"}, {K_ID, "id"}};
	for (size_t i = 0; i < sizeof req / sizeof *req; i++)
		if (!(seen & req[i].key)) {
			perr(ps, &start, _("this entry has no %s"), req[i].name);
			ps->item_missing = 1;
		}
	if (bad)
		ps->item_errors = 1;
	if (bad || ps->item_missing)
		return 0;
	/* The strings are in the arena already: push without copying. */
	if (ps->d->n == ps->d->cap) {
		int cap = ps->d->cap ? ps->d->cap * 2 : 256;
		struct diary_entry *v = realloc(ps->d->v, (size_t)cap * sizeof *v);
		if (!v)
			return -1;
		ps->d->v = v;
		ps->d->cap = cap;
	}
	e.med = med;
	e.note = note;
	ps->d->v[ps->d->n++] = e;
	int dup = ids_insert(ps, ps->d->n - 1);
	if (dup == -2)
		return -1;
	if (dup >= 0) {
		perr(ps, &start, _("id '%s' is used by another entry too"), e.id);
		ps->item_errors = 1;
		ps->d->n--;
		return 0;
	}
	ps->item_pushed = 1;
	return 0;
}

static int parse_entries(struct parse *ps)
{
	ps->in_entries = 1;
	ps->seq_col = (int)ps->ev.start_mark.column;
	ps->seq_off = ps->ev.start_mark.index - ps->ev.start_mark.column;
	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		const yaml_mark_t *m = &ps->ev.start_mark;
		ps->nitems++;
		ps->item_off = m->index - m->column;
		ps->item_line = (int)m->line + 1;
		ps->item_col = (int)m->column + 1;
		ps->item_missing = ps->item_errors = ps->item_pushed = 0;
		ps->item_diag = ps->dg->n;
		if (ps->ev.type == YAML_MAPPING_START_EVENT) {
			if (parse_entry(ps) < 0)
				return -1;
		} else if (ps->ev.type == YAML_SCALAR_EVENT && is_null(ps)) {
			perr(ps, m, _("an empty entry"));
			ps->item_missing = 1;
		} else {
			perr(ps, m, _("an entry must be a mapping of time, pain, ..."));
			ps->item_missing = 1;
			if (skip_node(ps) < 0)
				return -1;
		}
		ps->item_diag_end = ps->dg->n;
	}
	ps->in_entries = 0;
	return 0;
}

static int parse_version(struct parse *ps)
{
	const char *s = scalar(ps);
	int major = 0, i = 0;
	for (; s[i] >= '0' && s[i] <= '9' && i < 6; i++)
		major = major * 10 + (s[i] - '0');
	if (i == 0 || (s[i] && s[i] != '.')) {
		perr(ps, &ps->ev.start_mark, _("version '%s' is not a number"), s);
		return -1;
	}
	if (major > DIARY_VERSION) {
		perr(ps, &ps->ev.start_mark,
		     _("written by a newer backcare (format version %s; this one reads %d): opened read-only"),
		     s, DIARY_VERSION);
		return -1;
	}
	if (major < 1) {
		perr(ps, &ps->ev.start_mark, _("version '%s' is not one backcare wrote"), s);
		return -1;
	}
	ps->version = major;
	return 0;
}

/* The top mapping: version and entries. */
static int parse_top(struct parse *ps)
{
	yaml_mark_t start = ps->ev.start_mark;
	int seen_entries = 0;

	for (;;) {
		if (next(ps) < 0)
			return -1;
		if (ps->ev.type == YAML_MAPPING_END_EVENT)
			break;
		ps->appendable = 0;
		if (ps->ev.type != YAML_SCALAR_EVENT) {
			perr(ps, &ps->ev.start_mark, _("expected 'version' or 'entries'"));
			return -1;
		}
		yaml_mark_t km = ps->ev.start_mark;
		char key[16];
		snprintf(key, sizeof key, "%s", scalar(ps));
		if (strcmp(key, "version") && strcmp(key, "entries")) {
			perr(ps, &km, _("unknown key '%s' (a diary has version and entries)"), scalar(ps));
			return -1;
		}
		if (next(ps) < 0)
			return -1;
		if (!strcmp(key, "version")) {
			if (ps->ev.type != YAML_SCALAR_EVENT) {
				perr(ps, &ps->ev.start_mark, _("version must be a number"));
				return -1;
			}
			if (parse_version(ps) < 0)
				return -1;
			continue;
		}
		if (seen_entries) {
			perr(ps, &km, _("'entries' is given twice"));
			return -1;
		}
		seen_entries = 1;
		if (ps->ev.type == YAML_SCALAR_EVENT && is_null(ps)) {
			ps->appendable = !*scalar(ps);
			continue;
		}
		if (ps->ev.type != YAML_SEQUENCE_START_EVENT) {
			perr(ps, &ps->ev.start_mark, _("entries must be a list"));
			return -1;
		}
		int block = ps->ev.data.sequence_start.style == YAML_BLOCK_SEQUENCE_STYLE;
		if (parse_entries(ps) < 0)
			return -1;
		ps->appendable = block && ps->seq_col == 0;
	}
	if (!ps->version) {
		perr(ps, &start, _("the diary has no version line"));
		return -1;
	}
	return 0;
}

static int parse_stream(struct parse *ps)
{
	if (next(ps) < 0 || next(ps) < 0) /* stream start, then document */
		return -1;
	if (ps->ev.type == YAML_STREAM_END_EVENT)
		return 0; /* an empty file (or only comments): no entries */
	if (next(ps) < 0)
		return -1;
	if (ps->ev.type == YAML_SCALAR_EVENT && is_null(ps)) {
		ps->appendable = 0;
	} else if (ps->ev.type != YAML_MAPPING_START_EVENT) {
		perr(ps, &ps->ev.start_mark, _("a diary is a mapping with version and entries"));
		return -1;
	} else if (parse_top(ps) < 0) {
		return -1;
	}
	if (next(ps) < 0 || next(ps) < 0) /* document end, then stream end */
		return -1;
	if (ps->ev.type != YAML_STREAM_END_EVENT) {
		perr(ps, &ps->ev.start_mark, _("a diary is one YAML document"));
		return -1;
	}
	return 0;
}

/* Start of the last line in [from, len) that opens an item of a block
 * sequence at column col ("- " after col spaces), or len if none. */
static size_t last_item_line(const char *buf, size_t len, size_t from, int col)
{
	size_t best = len;
	for (size_t i = from; i < len;) {
		size_t j = i;
		while (j < len && j - i < (size_t)col && buf[j] == ' ')
			j++;
		if (j - i == (size_t)col && j < len && buf[j] == '-' &&
		    (j + 1 == len || buf[j + 1] == ' ' || buf[j + 1] == '\n' ||
		     buf[j + 1] == '\r'))
			best = i;
		const char *nl = memchr(buf + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - buf) + 1;
	}
	return best;
}

/* Whether the last non-blank line of buf is a comment. */
static int ends_with_comment(const char *buf, size_t len)
{
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' ||
		       buf[len - 1] == '\r' || buf[len - 1] == '\t'))
		len--;
	size_t s = len;
	while (s && buf[s - 1] != '\n')
		s--;
	while (s < len && buf[s] == ' ')
		s++;
	return s < len && buf[s] == '#';
}

/* Moves every diagnostic of src to the end of dst (or frees them). */
static void diags_take(struct diags *dst, struct diags *src)
{
	if (dst && src->n) {
		if (dst->cap - dst->n < src->n) {
			int cap = dst->n + src->n + 8;
			struct diag *v = realloc(dst->v, (size_t)cap * sizeof *v);
			if (v) {
				dst->v = v;
				dst->cap = cap;
			}
		}
		if (dst->cap - dst->n >= src->n) {
			memcpy(dst->v + dst->n, src->v, (size_t)src->n * sizeof *src->v);
			dst->n += src->n;
			dst->nerrors += src->nerrors;
			src->n = 0;
		}
	}
	diags_free(src);
}

static void drop_diags_from(struct diags *dg, int from)
{
	for (int i = from; i < dg->n; i++) {
		if (dg->v[i].sev == DIAG_ERROR)
			dg->nerrors--;
		free(dg->v[i].text);
	}
	if (from < dg->n)
		dg->n = from;
}

static int parse_into(struct diary *d, const char *name, const char *buf,
		      size_t len, struct diags *dg, int find_torn);

/* Decides whether what went wrong is only an incomplete last record;
 * returns its offset, or -1 if the diary is really broken. */
static long long find_torn(struct parse *ps, int r)
{
	if (ps->syntax) {
		if (!ps->in_entries)
			return -1;
		size_t cut = last_item_line(ps->buf, ps->len, ps->seq_off,
					    ps->seq_col);
		if (cut >= ps->len || ps->err_off < cut)
			return -1;
		/* Everything before that line must read cleanly on its own,
		 * or the damage is not confined to the last record. */
		struct diary tmp;
		struct diags tdg = {0};
		diary_init(&tmp);
		int pr = parse_into(&tmp, ps->name, ps->buf, cut, &tdg, 0);
		int ok = pr == 0 && tdg.nerrors == 0;
		if (ok) {
			/* Take the clean prefix's entries. */
			free(ps->d->v);
			arena_free(ps->d->arena);
			ps->d->v = tmp.v;
			ps->d->n = tmp.n;
			ps->d->cap = tmp.cap;
			ps->d->arena = tmp.arena;
			tmp.v = NULL;
			tmp.arena = NULL;
			ps->appendable = 1;
		}
		diary_close(&tmp);
		diags_free(&tdg);
		return ok ? (long long)cut : -1;
	}
	if (r < 0 || !ps->nitems || ps->in_entries)
		return -1;
	int no_newline = ps->len && ps->buf[ps->len - 1] != '\n' &&
			 !ends_with_comment(ps->buf, ps->len) && ps->appendable;
	if (ps->item_errors && !no_newline)
		return -1;
	if (!ps->item_missing && !no_newline)
		return -1;
	/* Errors before the last item mean the diary is broken anyway. */
	for (int i = 0; i < ps->dg->n; i++)
		if (ps->dg->v[i].sev == DIAG_ERROR &&
		    (i < ps->item_diag || i >= ps->item_diag_end))
			return -1;
	if (ps->item_pushed)
		ps->d->n--;
	return (long long)ps->item_off;
}

/* Parses buf[0..len) appending to d. Returns 0 (diags may hold errors). */
static int parse_into(struct diary *d, const char *name, const char *buf,
		      size_t len, struct diags *dg, int want_torn)
{
	struct parse ps = {0};
	struct diags local = {0};

	ps.name = name;
	ps.buf = buf;
	ps.len = len;
	ps.d = d;
	ps.dg = &local;
	if (!yaml_parser_initialize(&ps.p))
		return -ENOMEM;
	yaml_parser_set_input_string(&ps.p, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&ps.p, YAML_UTF8_ENCODING);
	int r = parse_stream(&ps);
	if (ps.have)
		yaml_event_delete(&ps.ev);
	yaml_parser_delete(&ps.p);
	free(ps.ids);
	d->torn_off = -1;
	if (want_torn && (r < 0 || local.nerrors || (len && buf[len - 1] != '\n'))) {
		long long cut = find_torn(&ps, r);
		if (cut >= 0) {
			if (!ps.syntax)
				drop_diags_from(&local, ps.item_diag);
			else
				drop_diags_from(&local, 0);
			d->torn_off = cut;
			int line = 1;
			for (long long i = 0; i < cut; i++)
				line += buf[i] == '\n';
			diags_add(&local, DIAG_WARN, name, line, 1,
				  _("the last entry is incomplete (was a save cut short?) "
				    "and is left out"));
			r = 0;
		}
	}
	if (r < 0 && !local.nerrors)
		diags_add(&local, DIAG_ERROR, name, 0, 0, _("out of memory"));
	int err = local.nerrors > 0;
	diags_take(dg, &local);
	if (!err)
		diary_sort(d);
	d->needs_repair = d->torn_off >= 0;
	d->append_ok = !err && ps.appendable && d->torn_off < 0 && len &&
		       buf[len - 1] == '\n';
	return err ? -EINVAL : 0;
}

/* Streaming the file through libyaml keeps the load close to a bare
 * event parse (no copy of the file in memory). Only the common case is
 * handled here: a clean file ending in a line break. Anything else the
 * caller reads whole and hands to parse_into, which can tell a torn last
 * record from a broken diary. */
struct fd_reader {
	int fd;
	size_t n;  /* bytes read so far */
	int last;  /* the last byte read, -1 if none */
	int err;
};

static int fd_read(void *data, unsigned char *buf, size_t size, size_t *got)
{
	struct fd_reader *rd = data;
	ssize_t r;
	do
		r = read(rd->fd, buf, size);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		rd->err = errno;
		return 0;
	}
	*got = (size_t)r;
	rd->n += (size_t)r;
	if (r > 0)
		rd->last = buf[r - 1];
	return 1;
}

/* 0 if the whole file parsed cleanly (into d, which must be empty);
 * 1 if the caller must fall back to parse_into; -errno on a read error. */
static int parse_fd(struct diary *d, const char *name, int fd, size_t size)
{
	struct parse ps = {0};
	struct diags local = {0};
	struct fd_reader rd = {.fd = fd, .last = -1};

	ps.name = name;
	ps.d = d;
	ps.dg = &local;
	/* Sized from the file: no regrowing on the way (about 200 bytes an
	 * entry in files this program writes). */
	size_t guess = size / 200 + 16;
	d->v = malloc(guess * sizeof *d->v);
	if (d->v)
		d->cap = (int)guess;
	ps.ids_cap = 1024;
	while (ps.ids_cap < guess * 2 + 2)
		ps.ids_cap *= 2;
	ps.ids = calloc(ps.ids_cap, sizeof *ps.ids);
	if (!ps.ids)
		ps.ids_cap = 0;
	if (!yaml_parser_initialize(&ps.p)) {
		free(ps.ids);
		return -ENOMEM;
	}
	yaml_parser_set_input(&ps.p, fd_read, &rd);
	yaml_parser_set_encoding(&ps.p, YAML_UTF8_ENCODING);
	int r = parse_stream(&ps);
	if (ps.have)
		yaml_event_delete(&ps.ev);
	yaml_parser_delete(&ps.p);
	free(ps.ids);
	int clean = r == 0 && local.n == 0 && !rd.err && rd.n == size &&
		    (rd.n == 0 || rd.last == '\n');
	diags_free(&local);
	if (rd.err)
		return -rd.err;
	if (!clean)
		return 1;
	diary_sort(d);
	d->torn_off = -1;
	d->needs_repair = 0;
	d->append_ok = ps.appendable && rd.n > 0;
	return 0;
}

int diary_parse_buffer(struct diary *d, const char *name, const char *buf,
		       size_t len, struct diags *dg)
{
	return parse_into(d, name, buf, len, dg, 1);
}

/* --- files: paths, identity, locks --------------------------------------- */

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static char *concat(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = malloc(la + lb + lc + 1);
	if (!s)
		return NULL;
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc + 1);
	return s;
}

/* The file a path names once symlinks are followed (it need not exist: a
 * link into a synced folder may dangle until the first save). */
static char *resolve_target(const char *path)
{
	char *p = strdup(path);
	for (int i = 0; p && i < 40; i++) {
		struct stat st;
		char link[PATH_MAX];
		if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
			return p;
		ssize_t n = readlink(p, link, sizeof link - 1);
		if (n <= 0)
			return p;
		link[n] = '\0';
		char *next;
		if (link[0] == '/') {
			next = strdup(link);
		} else {
			char *dir = dir_of(p);
			next = dir ? concat(dir, "/", link) : NULL;
			free(dir);
		}
		free(p);
		p = next;
	}
	return p; /* a loop: opening it fails with ELOOP, as it should */
}

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return N_("a directory");
	if (S_ISFIFO(m))
		return N_("a FIFO");
	if (S_ISCHR(m) || S_ISBLK(m))
		return N_("a device");
	if (S_ISSOCK(m))
		return N_("a socket");
	return N_("not a regular file");
}

static void fid_from(struct diary_fileid *f, const struct stat *st)
{
	f->exists = 1;
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->size = st->st_size;
	f->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
	f->ctime_ns = (long long)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
}

/* Whether a file found at the diary's place may be used as the diary: 0,
 * or -EISDIR / -EINVAL for what is not a regular file, -EPERM for a file
 * owned by another user. (Faults suite: such a diary is refused; even root
 * must not take it over, as a rewrite would hand the owner a file of
 * root's that they can no longer open.) */
static int usable(const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		return S_ISDIR(st->st_mode) ? -EISDIR : -EINVAL;
	if (st->st_uid != geteuid())
		return -EPERM;
	return 0;
}

/* 0 (f->exists 0 if there is no file), or -errno; a file that cannot be
 * the diary (see usable) gives its error, and *st tells what it is (its
 * st_mode is 0 when nothing could be looked at). */
static int fid_stat(const char *target, struct diary_fileid *f, struct stat *st)
{
	memset(f, 0, sizeof *f);
	st->st_mode = 0;
	if (stat(target, st) != 0) {
		int e = errno;
		st->st_mode = 0;
		return e == ENOENT ? 0 : -e;
	}
	int r = usable(st);
	if (r < 0)
		return r;
	fid_from(f, st);
	return 0;
}

static int fid_same(const struct diary_fileid *a, const struct diary_fileid *b)
{
	if (a->exists != b->exists)
		return 0;
	return !a->exists || (a->dev == b->dev && a->ino == b->ino &&
			      a->size == b->size && a->mtime_ns == b->mtime_ns &&
			      a->ctime_ns == b->ctime_ns);
}

static void err_not_file(struct diags *dg, const char *path, const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		diags_add(dg, DIAG_ERROR, path, 0, 0,
			  _("belongs to another user (uid %u), not to you: refused, nothing written"),
			  (unsigned)st->st_uid);
	else
		diags_add(dg, DIAG_ERROR, path, 0, 0,
			  _("is %s, not a diary file: refused, nothing written"),
			  _(kind_of(st->st_mode)));
}

/* The error of fid_stat said in words: what is there, or why it could
 * not be looked at. */
static void err_stat(struct diags *dg, const char *path, int r, const struct stat *st)
{
	if (st->st_mode)
		err_not_file(dg, path, st);
	else
		diags_add(dg, DIAG_ERROR, path, 0, 0, _("cannot read the diary: %s"),
			  strerror(-r));
}

/* The lock lives beside the target ("<target>.lock") and not on the diary
 * itself: a rewrite replaces the diary's inode, and a lock on the old one
 * would let the next writer in on a stale file. Returns the fd, -1 if no
 * lock could be had (reading goes on without), or -errno when create. */
static int lock_take(const char *target, int exclusive)
{
	char *lp = concat(target, ".lock", "");
	int fd;

	if (!lp)
		return -ENOMEM;
	fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	/* The umask filters the mode: under umask 0277 a new lock would be
	 * 0400, and the next writer could not open it (faults suite). */
	if (fd >= 0)
		(void)fchmod(fd, 0600); /* fails harmlessly on someone else's */
	if (fd < 0 && !exclusive)
		fd = open(lp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	int err = errno;
	free(lp);
	if (fd < 0)
		return exclusive ? -err : -1;
	while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0) {
		if (errno == EINTR)
			continue;
		err = errno;
		close(fd);
		return exclusive ? -err : -1;
	}
	return fd;
}

static void lock_drop(int fd)
{
	if (fd >= 0)
		close(fd); /* closing releases the flock */
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (w == 0)
			return -EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = fsync(fd) == 0 || errno == EINVAL ? 0 : -errno;
	close(fd);
	return r;
}

/* --- the torn record's side file ---------------------------------------- */

static int same_content(const char *path, const char *p, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	int same = 0;
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == n) {
		char *b = malloc(n + 1);
		if (b && pread(fd, b, n, 0) == (ssize_t)n && !memcmp(b, p, n))
			same = 1;
		free(b);
	}
	close(fd);
	return same;
}

/* Copies the torn bytes to "<target>.torn-YYYYMMDDTHHMMSS" (the time the
 * diary was last written, so loading the same torn file again finds the
 * copy it made before instead of making another). */
static int save_torn(const char *target, const char *p, size_t n,
		     long long mtime_ns, char *out, size_t outsize)
{
	time_t mt = (time_t)(mtime_ns / 1000000000LL);
	struct tm tm;
	char stamp[32];

	localtime_r(&mt, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(out, outsize, "%s.torn-%s", target, stamp);
		else
			snprintf(out, outsize, "%s.torn-%s-%d", target, stamp, i);
		if (same_content(out, p, n))
			return 0;
		int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			if (errno == EEXIST)
				continue;
			return -errno;
		}
		int r = fchmod(fd, 0600) != 0 ? -errno : 0; /* whatever the umask */
		if (!r)
			r = write_all(fd, p, n);
		if (!r && fsync(fd) != 0)
			r = -errno;
		if (close(fd) != 0 && !r)
			r = -errno;
		if (r)
			unlink(out);
		return r;
	}
	return -EEXIST;
}

/* --- loading ------------------------------------------------------------- */

static int read_fd(int fd, char **out, size_t *len, struct stat *st)
{
	for (int tries = 0; tries < 3; tries++) {
		if (fstat(fd, st) != 0)
			return -errno;
		size_t cap = (size_t)st->st_size + 1, n = 0;
		char *buf = malloc(cap);
		if (!buf)
			return -ENOMEM;
		for (;;) {
			ssize_t r = pread(fd, buf + n, cap - n, (off_t)n);
			if (r < 0) {
				if (errno == EINTR)
					continue;
				int e = -errno;
				free(buf);
				return e;
			}
			if (r == 0)
				break;
			n += (size_t)r;
			if (n == cap)
				break; /* it grew while we read: read again */
		}
		struct stat after;
		if (n < cap && fstat(fd, &after) == 0 &&
		    after.st_size == (off_t)n) {
			*st = after;
			*out = buf;
			*len = n;
			return 0;
		}
		free(buf);
	}
	return -EAGAIN;
}

/* Resets d's entries to the file's content; the caller holds a lock (or
 * none could be had). On a broken file d->readonly is set. */
static int load_locked(struct diary *d, struct diags *dg)
{
	struct diary fresh;
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int r;

	diary_init(&fresh);
	int fd = open(d->target, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		r = -errno;
		if (r == -ENOENT) {
			r = 0;
			goto swap; /* no file yet: an empty diary */
		}
		diags_add(dg, DIAG_ERROR, d->path, 0, 0, _("cannot read the diary: %s"),
			  strerror(-r));
		d->readonly = 1;
		return r;
	}
	r = 0;
	if (fstat(fd, &st) != 0 || (r = usable(&st)) < 0) {
		if (r == 0) { /* fstat failed */
			r = -errno;
			st.st_mode = 0;
		}
		err_stat(dg, d->path, r, &st);
		close(fd);
		d->readonly = 1;
		return r;
	}
	r = parse_fd(&fresh, d->path, fd, (size_t)st.st_size);
	if (r == 0) {
		struct stat after;
		if (fstat(fd, &after) == 0 && after.st_size == st.st_size &&
		    after.st_mtim.tv_sec == st.st_mtim.tv_sec &&
		    after.st_mtim.tv_nsec == st.st_mtim.tv_nsec) {
			close(fd);
			fid_from(&fresh.fid, &after);
			goto swap;
		}
		r = 1; /* it changed while we read: read it again, whole */
	}
	if (r == 1) {
		free(fresh.v);
		arena_free(fresh.arena);
		diary_init(&fresh);
		r = read_fd(fd, &buf, &len, &st);
	}
	close(fd);
	if (r < 0) {
		free(fresh.v);
		arena_free(fresh.arena);
		diags_add(dg, DIAG_ERROR, d->path, 0, 0, _("cannot read the diary: %s"),
			  strerror(-r));
		d->readonly = 1;
		return r;
	}
	fid_from(&fresh.fid, &st);
	r = parse_into(&fresh, d->path, buf, len, dg, 1);
	if (r == 0 && fresh.torn_off >= 0) {
		char side[PATH_MAX + 64];
		int s = save_torn(d->target, buf + fresh.torn_off,
				  len - (size_t)fresh.torn_off, fresh.fid.mtime_ns,
				  side, sizeof side);
		if (s < 0) {
			/* Repairing would drop bytes we could not keep. */
			diags_add(dg, DIAG_ERROR, d->path, 0, 0,
				  _("cannot keep the incomplete last entry in %s: %s; "
				    "the diary is opened read-only"), side, strerror(-s));
			r = -EROFS;
		} else {
			diags_add(dg, DIAG_WARN, d->path, 0, 0,
				  _("the incomplete entry's %lld bytes are kept in %s; "
				    "the next save repairs the diary"),
				  (long long)len - fresh.torn_off, side);
		}
	}
	free(buf);
swap:
	free(d->v);
	arena_free(d->arena);
	d->v = fresh.v;
	d->n = fresh.n;
	d->cap = fresh.cap;
	d->arena = fresh.arena;
	d->fid = fresh.fid;
	d->torn_off = fresh.torn_off;
	d->needs_repair = fresh.needs_repair;
	d->append_ok = fresh.append_ok;
	d->readonly = r < 0;
	return r;
}

static int load(struct diary *d, struct diags *dg)
{
	struct diary_fileid f;
	struct stat st;
	int r = fid_stat(d->target, &f, &st);

	if (r < 0) {
		err_stat(dg, d->path, r, &st);
		d->readonly = 1;
		return r;
	}
	int lock = f.exists ? lock_take(d->target, 0) : -1;
	r = load_locked(d, dg);
	lock_drop(lock);
	return r;
}

/* A path that can only name a folder ("", "dir/", "dir/.", ".."): refused
 * before anything is made, where a save would otherwise create the folder
 * and a ".lock" in it before failing (faults suite). */
static int names_folder(const char *target, const char *path, struct diags *dg)
{
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	if (*base && strcmp(base, ".") && strcmp(base, ".."))
		return 0;
	struct stat st = {.st_mode = S_IFDIR};
	err_not_file(dg, path, &st);
	return -EISDIR;
}

int diary_open(struct diary *d, const char *path, struct diags *dg)
{
	diary_init(d);
	d->path = strdup(path);
	d->target = resolve_target(path);
	if (!d->path || !d->target) {
		d->readonly = 1;
		return -ENOMEM;
	}
	int r = names_folder(d->target, path, dg);
	if (r < 0) {
		d->readonly = 1;
		return r;
	}
	return load(d, dg);
}

int diary_reload_if_changed(struct diary *d, struct diags *dg)
{
	struct diary_fileid f;
	struct stat st;

	if (!d->target)
		return 0;
	if (fid_stat(d->target, &f, &st) == 0 && fid_same(&f, &d->fid))
		return 0;
	int r = load(d, dg);
	return r < 0 ? r : 1;
}

/* --- writing ------------------------------------------------------------- */

static void remove_stale_temps(const char *dir, const char *base);

/* Takes the write lock and brings d up to date with the file. Returns the
 * lock fd or -errno (with a diagnostic). */
static int begin_write(struct diary *d, struct diags *dg)
{
	if (!d->target) {
		diags_add(dg, DIAG_ERROR, "diary", 0, 0, _("this diary has no file"));
		return -EINVAL;
	}
	if (d->readonly) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("the diary could not be read, so it is read-only: "
			    "nothing was changed"));
		return -EROFS;
	}
	char *dir = dir_of(d->target);
	if (!dir)
		return -ENOMEM;
	struct stat st;
	int r = 0;
	if (stat(dir, &st) != 0)
		r = paths_mkdirs(dir, 0700);
	if (r < 0) {
		/* Named, with the reason: the folder, not the diary, is what
		 * could not be made (faults suite, unwritable folders). */
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("cannot create the folder %s: %s"), dir, strerror(-r));
		free(dir);
		return r;
	}
	int lock = lock_take(d->target, 1);
	if (lock < 0) {
		/* The lock file is made beside the diary: when that fails
		 * (an unwritable folder) the message says which file. */
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("cannot lock the diary with %s.lock: %s"), d->target,
			  strerror(-lock));
		free(dir);
		return lock;
	}
	/* Here and not in rewrite_locked only: whatever write comes next
	 * after a killed save clears its temporary file, an append too
	 * (faults suite). */
	const char *slash = strrchr(d->target, '/');
	remove_stale_temps(dir, slash ? slash + 1 : d->target);
	free(dir);
	struct diary_fileid f;
	r = fid_stat(d->target, &f, &st);
	if (r < 0) {
		err_stat(dg, d->path, r, &st);
		lock_drop(lock);
		return r;
	}
	if (!fid_same(&f, &d->fid)) {
		r = load_locked(d, dg);
		if (r < 0) {
			lock_drop(lock);
			return r;
		}
	}
	return lock;
}

/* Temporary files of a rewrite that was killed: only removed under the
 * write lock, when no other writer can be using one. */
static void remove_stale_temps(const char *dir, const char *base)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	size_t bl = strlen(base);

	if (!dp)
		return;
	while ((de = readdir(dp))) {
		const char *n = de->d_name;
		if (n[0] == '.' && !strncmp(n + 1, base, bl) &&
		    !strncmp(n + 1 + bl, ".tmp-", 5) && strlen(n + 6 + bl) == 6)
			unlinkat(dirfd(dp), n, 0);
	}
	closedir(dp);
}

/* Writes entries pv[0..n) as the whole diary: temporary file beside the
 * target, fsync, rename over it, fsync of the folder. */
static int rewrite_locked(struct diary *d, const struct diary_entry *const *pv,
			  int n, struct diags *dg)
{
	char *dir = dir_of(d->target);
	const char *slash = strrchr(d->target, '/');
	const char *base = slash ? slash + 1 : d->target;
	char *tmp = dir ? malloc(strlen(dir) + strlen(base) + 16) : NULL;
	struct buf b = {0};
	int fd = -1, r = 0;

	if (!tmp) {
		r = -ENOMEM;
		goto out;
	}
	sprintf(tmp, "%s/.%s.tmp-XXXXXX", dir, base);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	if (fchmod(fd, 0600) != 0) {
		r = -errno;
		goto out;
	}
	buf_add(&b, file_header, sizeof file_header - 1);
	for (int i = 0; i < n && !r; i++) {
		put_entry(&b, pv[i]);
		if (b.n >= (1 << 20) || i == n - 1) {
			r = b.oom ? -ENOMEM : write_all(fd, b.p, b.n);
			b.n = 0;
		}
	}
	if (!r && n == 0)
		r = b.oom ? -ENOMEM : write_all(fd, b.p, b.n);
	if (!r && fsync(fd) != 0)
		r = -errno;
	if (close(fd) != 0 && !r)
		r = -errno;
	fd = -1;
	if (!r && rename(tmp, d->target) != 0)
		r = -errno;
	if (!r) {
		tmp[0] = '\0';
		r = fsync_dir(dir);
		struct stat st;
		fid_stat(d->target, &d->fid, &st);
		d->needs_repair = 0;
		d->torn_off = -1;
		d->append_ok = 1;
	}
out:
	if (fd >= 0)
		close(fd);
	if (tmp && tmp[0])
		unlink(tmp);
	if (r < 0)
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("cannot save the diary: %s (the file is as it was)"),
			  strerror(-r));
	free(b.p);
	free(tmp);
	free(dir);
	return r;
}

static int ptr_cmp(const void *a, const void *b)
{
	return entry_cmp(*(const struct diary_entry *const *)a,
			 *(const struct diary_entry *const *)b);
}

/* The diary's entries plus extra[0..nextra), skipping index skip, sorted. */
static const struct diary_entry **gather(const struct diary *d, int skip,
					 const struct diary_entry *extra,
					 int nextra, int *n)
{
	const struct diary_entry **pv = malloc(((size_t)d->n + (size_t)nextra + 1) * sizeof *pv);
	int k = 0;
	if (!pv)
		return NULL;
	for (int i = 0; i < d->n; i++)
		if (i != skip)
			pv[k++] = &d->v[i];
	for (int i = 0; i < nextra; i++)
		pv[k++] = &extra[i];
	qsort(pv, (size_t)k, sizeof *pv, ptr_cmp);
	*n = k;
	return pv;
}

/* Appends one record with a single write, or rewrites the whole file when
 * it is new, torn or laid out so that a record cannot go at its end. */
static int append_locked(struct diary *d, const struct diary_entry *e,
			 struct diags *dg)
{
	if (!d->fid.exists || !d->append_ok || d->needs_repair || !d->fid.size) {
		int n;
		const struct diary_entry **pv = gather(d, -1, e, 1, &n);
		if (!pv)
			return -ENOMEM;
		int r = rewrite_locked(d, pv, n, dg);
		free(pv);
		return r;
	}
	struct buf b = {0};
	struct stat st;
	int r = 0;
	put_entry(&b, e);
	if (b.oom) {
		free(b.p);
		return -ENOMEM;
	}
	int fd = open(d->target, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		r = -errno;
	} else if (fstat(fd, &st) != 0) {
		r = -errno;
	} else if (!S_ISREG(st.st_mode) || st.st_ino != d->fid.ino ||
		   st.st_size != d->fid.size) {
		r = -EAGAIN; /* cannot happen under the lock, but never guess */
	} else if ((r = write_all(fd, b.p, b.n)) < 0) {
		/* A short write (disk full): take the partial record back. */
		if (ftruncate(fd, st.st_size) != 0)
			d->fid.exists = -1; /* reload (and repair) next time */
	} else if (fsync(fd) != 0) {
		r = -errno;
	} else if (fstat(fd, &st) == 0) {
		fid_from(&d->fid, &st);
	}
	if (fd >= 0)
		close(fd);
	free(b.p);
	if (r < 0)
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("cannot add to the diary: %s"), strerror(-r));
	return r;
}

static int check_entry(const struct diary *d, const struct diary_entry *e,
		       struct diags *dg)
{
	const char *why = diary_entry_check(e);
	if (why) {
		diags_add(dg, DIAG_ERROR, d->path ? d->path : "diary", 0, 0,
			  "%s", _(why));
		return -EINVAL;
	}
	return 0;
}

/* In memory after a successful save; the file already has it. */
static int remember(struct diary *d, const struct diary_entry *e)
{
	int r = diary_push(d, e);
	if (r < 0) {
		d->fid.exists = -1; /* memory is behind the file: reload */
		return r;
	}
	if (d->n > 1 && entry_cmp(&d->v[d->n - 2], &d->v[d->n - 1]) > 0)
		diary_sort(d);
	return 0;
}

static int add_locked(struct diary *d, struct diary_entry *e, int own_id,
		      struct diags *dg)
{
	while (diary_find(d, e->id) >= 0) {
		if (own_id) {
			diags_add(dg, DIAG_ERROR, d->path, 0, 0,
				  _("an entry with id %s is already there"), e->id);
			return -EEXIST;
		}
		diary_new_id(e);
	}
	int r = append_locked(d, e, dg);
	return r < 0 ? r : remember(d, e);
}

int diary_add(struct diary *d, struct diary_entry *e, struct diags *dg)
{
	int own_id = e->id[0] != '\0';
	int r = check_entry(d, e, dg);
	if (r < 0)
		return r;
	if (!own_id)
		diary_new_id(e);
	int lock = begin_write(d, dg);
	if (lock < 0)
		return lock;
	r = add_locked(d, e, own_id, dg);
	lock_drop(lock);
	return r;
}

/* The head of a file this program wrote: comments, "version: 1",
 * "entries:". */
static int head_ok(const char *p, size_t n)
{
	int seen_version = 0;
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		if (!nl)
			return 0;
		size_t len = (size_t)(nl - (p + i));
		const char *l = p + i;
		if (len == 0 || l[0] == '#') {
			/* a comment or a blank line */
		} else if (!seen_version && len >= 10 && !strncmp(l, "version: ", 9)) {
			int v = 0;
			size_t k = 9;
			while (k < len && l[k] >= '0' && l[k] <= '9' && v < 1000)
				v = v * 10 + (l[k++] - '0');
			if (k == 9 || v != DIARY_VERSION || (k < len && l[k] != '.'))
				return 0;
			seen_version = 1;
		} else {
			return seen_version && len == 8 && !strncmp(l, "entries:", 8);
		}
		i += len + 1;
	}
	return 0;
}

/* Whether the last record of a file's tail is a complete entry. */
static int tail_ok(const char *p, size_t n)
{
	if (!n || p[n - 1] != '\n')
		return 0;
	size_t start = n;
	for (size_t i = n - 1; i > 0; i--)
		if (p[i - 1] == '\n' && p[i] == '-' && i + 1 < n && p[i + 1] == ' ') {
			start = i;
			break;
		}
	if (start == n)
		return 0;
	struct diary tmp;
	struct diags dg = {0};
	struct parse ps = {0};
	diary_init(&tmp);
	ps.name = "tail";
	ps.buf = p + start;
	ps.len = n - start;
	ps.d = &tmp;
	ps.dg = &dg;
	int ok = 0;
	if (yaml_parser_initialize(&ps.p)) {
		yaml_parser_set_input_string(&ps.p, (const unsigned char *)ps.buf, ps.len);
		ok = next(&ps) == 0 && next(&ps) == 0 && next(&ps) == 0 &&
		     ps.ev.type == YAML_SEQUENCE_START_EVENT &&
		     parse_entries(&ps) == 0 && next(&ps) == 0 && next(&ps) == 0 &&
		     ps.ev.type == YAML_STREAM_END_EVENT && tmp.n == 1 &&
		     ps.nitems == 1 && dg.n == 0;
		if (ps.have)
			yaml_event_delete(&ps.ev);
		yaml_parser_delete(&ps.p);
	}
	free(ps.ids);
	diags_free(&dg);
	diary_close(&tmp);
	return ok;
}

#define TAIL_WINDOW 65536

/* Appends e without reading the whole diary when the file is one this
 * program wrote and its last record is complete; 1 if it had to decline
 * (the caller then loads the diary), 0 or -errno otherwise. */
static int append_fast(struct diary *d, const struct diary_entry *e,
		       struct diags *dg)
{
	int fd = open(d->target, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	char *head = NULL, *tail = NULL;
	int r = 1;

	if (fd < 0)
		return 1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < TAIL_WINDOW)
		goto out;
	head = malloc(4096);
	tail = malloc(TAIL_WINDOW);
	if (!head || !tail)
		goto out;
	ssize_t hn = pread(fd, head, 4096, 0);
	ssize_t tn = pread(fd, tail, TAIL_WINDOW, st.st_size - TAIL_WINDOW);
	if (hn <= 0 || tn != TAIL_WINDOW || !head_ok(head, (size_t)hn) ||
	    !tail_ok(tail, (size_t)tn))
		goto out;
	fid_from(&d->fid, &st);
	d->append_ok = 1;
	r = append_locked(d, e, dg);
out:
	free(head);
	free(tail);
	close(fd);
	return r;
}

int diary_append_file(const char *path, struct diary_entry *e,
		      struct diags *dg)
{
	struct diary d;
	int r;

	diary_init(&d);
	d.path = strdup(path);
	d.target = resolve_target(path);
	if (!d.path || !d.target) {
		diary_close(&d);
		return -ENOMEM;
	}
	if ((r = names_folder(d.target, path, dg)) < 0 ||
	    (r = check_entry(&d, e, dg)) < 0) {
		diary_close(&d);
		return r;
	}
	int own_id = e->id[0] != '\0';
	if (!own_id)
		diary_new_id(e);
	/* begin_write on a never-loaded d sees "changed" only if a file
	 * exists; load it lazily below instead of here. */
	struct diary_fileid f;
	struct stat st;
	r = fid_stat(d.target, &f, &st);
	if (r < 0) {
		err_stat(dg, path, r, &st);
		diary_close(&d);
		return r;
	}
	d.fid = f; /* begin_write must not load it yet */
	int lock = begin_write(&d, dg);
	if (lock < 0) {
		diary_close(&d);
		return lock;
	}
	r = own_id ? 1 : append_fast(&d, e, dg);
	if (r == 1) {
		r = load_locked(&d, dg);
		if (r >= 0)
			r = add_locked(&d, e, own_id, dg);
		else if (r != -ENOMEM)
			diags_add(dg, DIAG_ERROR, path, 0, 0,
				  _("the diary could not be read, so it is read-only: "
				    "nothing was changed"));
	}
	lock_drop(lock);
	diary_close(&d);
	return r;
}

int diary_update(struct diary *d, const struct diary_entry *e,
		 struct diags *dg)
{
	int r = check_entry(d, e, dg);
	if (r < 0)
		return r;
	if (!e->id[0]) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0, _("the entry has no id"));
		return -EINVAL;
	}
	int lock = begin_write(d, dg);
	if (lock < 0)
		return lock;
	int k = diary_find(d, e->id);
	if (k < 0) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("no entry with id %s (was it deleted meanwhile?)"), e->id);
		lock_drop(lock);
		return -ENOENT;
	}
	int n;
	const struct diary_entry **pv = gather(d, k, e, 1, &n);
	r = pv ? rewrite_locked(d, pv, n, dg) : -ENOMEM;
	free(pv);
	lock_drop(lock);
	if (r < 0)
		return r;
	struct diary_entry c = *e;
	if (copy_strings(d, &c) < 0) {
		d->fid.exists = -1;
		return -ENOMEM;
	}
	d->v[k] = c;
	diary_sort(d);
	return 0;
}

int diary_delete(struct diary *d, const char *id, struct diags *dg)
{
	int lock = begin_write(d, dg);
	if (lock < 0)
		return lock;
	int k = diary_find(d, id);
	if (k < 0) {
		diags_add(dg, DIAG_ERROR, d->path, 0, 0,
			  _("no entry with id %s (was it deleted meanwhile?)"), id);
		lock_drop(lock);
		return -ENOENT;
	}
	int n, r;
	const struct diary_entry **pv = gather(d, k, NULL, 0, &n);
	r = pv ? rewrite_locked(d, pv, n, dg) : -ENOMEM;
	free(pv);
	lock_drop(lock);
	if (r < 0)
		return r;
	memmove(&d->v[k], &d->v[k + 1], (size_t)(d->n - k - 1) * sizeof *d->v);
	d->n--;
	return 0;
}

/* --- merging (imports) --------------------------------------------------- */

/* A set of entries by id (mode 0) or by time, pain and note (mode 1). */
struct eset {
	const struct diary_entry **v;
	size_t cap;
	int mode;
};

static unsigned eset_hash(const struct eset *s, const struct diary_entry *e)
{
	if (!s->mode)
		return hash_id(e->id);
	unsigned h = (unsigned)(e->t ^ (e->t >> 32)) * 2654435761u ^ (unsigned)e->pain;
	return h ^ (e->note ? hash_id(e->note) : 0);
}

static int eset_eq(const struct eset *s, const struct diary_entry *a,
		   const struct diary_entry *b)
{
	if (!s->mode)
		return !strcmp(a->id, b->id);
	return a->t == b->t && a->pain == b->pain &&
	       !strcmp(a->note ? a->note : "", b->note ? b->note : "");
}

static int eset_init(struct eset *s, int mode, size_t n)
{
	s->mode = mode;
	s->cap = 64;
	while (s->cap < n * 2 + 2)
		s->cap *= 2;
	s->v = calloc(s->cap, sizeof *s->v);
	return s->v ? 0 : -ENOMEM;
}

/* 1 if an equal entry is there; else adds e (when add) and returns 0. */
static int eset_check(struct eset *s, const struct diary_entry *e, int add)
{
	size_t h = eset_hash(s, e) & (s->cap - 1);
	while (s->v[h]) {
		if (eset_eq(s, s->v[h], e))
			return 1;
		h = (h + 1) & (s->cap - 1);
	}
	if (add)
		s->v[h] = e;
	return 0;
}

int diary_merge(struct diary *d, const struct diary *from, int *added,
		int *skipped, struct diags *dg)
{
	struct eset ids = {0}, tpn = {0};
	struct diary_entry *nv = NULL;
	int nn = 0, nskip = 0, r;

	if (added)
		*added = 0;
	if (skipped)
		*skipped = 0;
	for (int i = 0; i < from->n; i++)
		if ((r = check_entry(d, &from->v[i], dg)) < 0)
			return r;
	int lock = begin_write(d, dg);
	if (lock < 0)
		return lock;
	size_t total = (size_t)d->n + (size_t)from->n;
	nv = malloc(((size_t)from->n + 1) * sizeof *nv);
	if (!nv || eset_init(&ids, 0, total) < 0 || eset_init(&tpn, 1, total) < 0) {
		r = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < d->n; i++) {
		eset_check(&ids, &d->v[i], 1);
		eset_check(&tpn, &d->v[i], 1);
	}
	for (int i = 0; i < from->n; i++) {
		const struct diary_entry *e = &from->v[i];
		if (e->id[0] ? eset_check(&ids, e, 0) : eset_check(&tpn, e, 0)) {
			nskip++;
			continue;
		}
		nv[nn] = *e;
		if (!e->id[0])
			do
				diary_new_id(&nv[nn]);
			while (eset_check(&ids, &nv[nn], 0));
		/* The set keeps pointers: nv never moves (sized for all). */
		eset_check(&ids, &nv[nn], 1);
		eset_check(&tpn, &nv[nn], 1);
		nn++;
	}
	r = 0;
	if (nn > 0) {
		int n;
		const struct diary_entry **pv = gather(d, -1, nv, nn, &n);
		r = pv ? rewrite_locked(d, pv, n, dg) : -ENOMEM;
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
	lock_drop(lock);
	free(ids.v);
	free(tpn.v);
	free(nv);
	return r;
}

/* --- aggregates ---------------------------------------------------------- */

int diary_days(const struct diary *d, int last_dayn, int ndays,
	       struct diary_day *out)
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

void diary_stats(const struct diary *d, int from, int to, struct diary_stats *s)
{
	int len = to - from + 1;
	int pfrom = from - len;
	long sum = 0, psum = 0;
	unsigned char *seen = calloc((size_t)(len > 0 ? len : 1), 1);

	memset(s, 0, sizeof *s);
	s->from = from;
	s->to = to;
	s->worst = s->prev_worst = -1;
	for (int i = 0; i < d->n; i++) {
		const struct diary_entry *e = &d->v[i];
		if (e->dayn >= pfrom && e->dayn < from) {
			s->prev_entries++;
			psum += e->pain;
			if (e->pain > s->prev_worst)
				s->prev_worst = e->pain;
			continue;
		}
		if (e->dayn < from || e->dayn > to)
			continue;
		s->entries++;
		sum += e->pain;
		if (e->pain > s->worst)
			s->worst = e->pain;
		if (seen && !seen[e->dayn - from]) {
			seen[e->dayn - from] = 1;
			s->days++;
		}
		count_mask(s->where_count, e->where);
		count_mask(s->feels_count, e->feels);
		count_mask(s->context_count, e->context);
		count_mask(s->helped_count, e->helped);
		if (e->verdict >= 0 && e->verdict < 4)
			s->verdict_count[e->verdict]++;
	}
	free(seen);
	if (s->entries)
		s->avg = (double)sum / s->entries;
	if (s->prev_entries)
		s->prev_avg = (double)psum / s->prev_entries;
}

int diary_change_noticeable(double prev, double cur)
{
	double diff = cur > prev ? cur - prev : prev - cur;
	return diff >= 2.0 - 1e-9 || (prev > 0 && diff / prev >= 0.3 - 1e-9);
}
