/* diary_time.c — dates and times of diary entries: civil day numbers,
 * parsing and formatting "2026-11-22T09:30:00+01:00". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diary.h"
#include "diary_impl.h"

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

int diary_valid_date(int y, int m, int d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* n decimal digits exactly. */
int diary_digits(const char *s, int n, int *out)
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
	if (diary_digits(s, 4, y) || s[4] != '-' || diary_digits(s + 5, 2, m) || s[7] != '-' ||
	    diary_digits(s + 8, 2, d) || !diary_valid_date(*y, *m, *d))
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
	return diary_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int diary_parse_time(const char *s, struct diary_entry *e)
{
	int y, m, d, hh, mm, ss = 0, oh = 0, om = 0, sign = 0;
	const char *p = s + 16;

	if (strlen(s) < 16 || parse_ymd(s, &y, &m, &d) ||
	    (s[10] != 'T' && s[10] != ' ' && s[10] != 't') || diary_digits(s + 11, 2, &hh) ||
	    s[13] != ':' || diary_digits(s + 14, 2, &mm) || hh > 23 || mm > 59)
		return -1;
	if (*p == ':') {
		if (diary_digits(p + 1, 2, &ss) || ss > 60)
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
		if (diary_digits(p + 1, 2, &oh))
			return -1;
		p += 3;
		if (*p == ':')
			p++;
		if (diary_digits(p, 2, &om))
			return -1;
		p += 2;
		if (oh > 23 || om > 59)
			return -1;
	}
	if (*p)
		return -1;
	if (!sign) {
		/* No offset written: local time, resolved once by mktime. */
		struct tm tm = {.tm_year = y - 1900,
		                .tm_mon = m - 1,
		                .tm_mday = d,
		                .tm_hour = hh,
		                .tm_min = mm,
		                .tm_sec = ss,
		                .tm_isdst = -1};
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
	e->t = (long long)e->dayn * 86400 + hh * 3600 + mm * 60 + ss - (long long)e->off_min * 60;
	return 0;
}

void diary_format_time(const struct diary_entry *e, char *buf, size_t size)
{
	int off = e->off_min < 0 ? -e->off_min : e->off_min;
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", e->y, e->m, e->d, e->hh,
	         e->mm, e->ss, e->off_min < 0 ? '-' : '+', off / 60 % 100, off % 60);
}

int diary_local_time_check(const char *s, long long *first)
{
	int y, m, d, hh, mm, ss = 0;
	if (strlen(s) < 16 || strpbrk(s + 16, "Zz+-") ||
	    sscanf(s, "%4d-%2d-%2d%*c%2d:%2d", &y, &m, &d, &hh, &mm) != 5)
		return 0;
	if (s[16] == ':')
		ss = atoi(s + 17);
	long long t[2];
	int n = 0;
	for (int dst = 0; dst < 2; dst++) {
		struct tm tm = {.tm_year = y - 1900,
		                .tm_mon = m - 1,
		                .tm_mday = d,
		                .tm_hour = hh,
		                .tm_min = mm,
		                .tm_sec = ss,
		                .tm_isdst = dst};
		time_t x = mktime(&tm);
		if (x == (time_t)-1)
			continue;
		struct tm back;
		localtime_r(&x, &back);
		if (back.tm_hour == hh && back.tm_min == mm && back.tm_mday == d &&
		    (n == 0 || t[0] != (long long)x))
			t[n++] = (long long)x;
	}
	if (n == 0)
		return -1;
	if (n == 2) {
		*first = t[0] < t[1] ? t[0] : t[1];
		return 1;
	}
	return 0;
}
