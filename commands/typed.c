/*
 * Dates and amounts as people type them over several words: "last friday", "dec 1",
 * "1 december 2025", "3 days ago", "25 k", "48 000", "1 250 000.50". Pure, like lex.c, whose
 * one-word readers (lex_date, lex_amount) do the checking once the words are put together.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "commands/lex.h"
#include "insights/calendar.h"

#define JOINED_MAX	64	/* bytes of an amount put together from its words */

static const char *const month_names[12][3] = {
	{ "jan", "january" }, { "feb", "february" }, { "mar", "march" }, { "apr", "april" },
	{ "may" }, { "jun", "june" }, { "jul", "july" }, { "aug", "august" },
	{ "sep", "sept", "september" }, { "oct", "october" }, { "nov", "november" },
	{ "dec", "december" },
};

static const struct word *
word_at(const struct line *l, int i)
{
	return i >= 0 && i < l->n && l->w[i].kind == WORD_PLAIN ? &l->w[i] : NULL;
}

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static int
number(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n && v < 100000; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool
ieq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/* 1..12 for a month's name or abbreviation ("Dec", "dec.", "December"), else 0. */
static int
month_of(const struct word *w)
{
	size_t n;

	if (w == NULL)
		return 0;
	n = w->len - (w->len > 3 && w->s[w->len - 1] == '.');
	for (int m = 0; m < 12; m++)
		for (int k = 0; k < 3 && month_names[m][k]; k++)
			if (ieq(w->s, n, month_names[m][k]))
				return m + 1;
	return 0;
}

/* 1..31 for "1", "01", "1st", "22nd", "3rd", "4th", "1," (before a year), else 0. */
static int
day_of(const struct word *w)
{
	size_t n;
	int d;

	if (w == NULL)
		return 0;
	n = w->len - (w->len > 1 && w->s[w->len - 1] == ',');
	if (n > 2 && (ieq(w->s + n - 2, 2, "st") || ieq(w->s + n - 2, 2, "nd") ||
	    ieq(w->s + n - 2, 2, "rd") || ieq(w->s + n - 2, 2, "th")))
		n -= 2;
	if (n > 2 || !digits(w->s, n))
		return 0;
	d = number(w->s, n);
	return d >= 1 && d <= 31 ? d : 0;
}

/* A four-digit year 1970..9999 for w, else 0. */
static int
year_of(const struct word *w)
{
	return w != NULL && w->len == 4 && digits(w->s, 4) && number(w->s, 4) >= 1970 ?
	    number(w->s, 4) : 0;
}

/* "3 days ago", "a week ago", "2 weeks ago": the days back, *used the words; else -1. */
static long
days_ago(const struct line *l, int i, int *used)
{
	const struct word *n = word_at(l, i), *unit = word_at(l, i + 1), *ago = word_at(l, i + 2);
	long count, per;

	if (n == NULL || unit == NULL || ago == NULL || !lex_is(ago, "ago"))
		return -1;
	if (lex_is(n, "a") || lex_is(n, "an") || lex_is(n, "one"))
		count = 1;
	else if (n->len <= 5 && digits(n->s, n->len))
		count = number(n->s, n->len);
	else
		return -1;
	if (lex_is(unit, "day") || lex_is(unit, "days"))
		per = 1;
	else if (lex_is(unit, "week") || lex_is(unit, "weeks"))
		per = 7;
	else
		return -1;
	*used = 3;
	return count * per;
}

static int
future_error(const struct line *l, int i, int used, char *err, size_t errlen)
{
	const struct word *last = &l->w[i + used - 1];

	snprintf(err, errlen, "“%.*s” is in the future; an entry can be dated today or earlier.",
	    (int)(last->s + last->len - l->w[i].s), l->w[i].s);
	return -1;
}

/* "dec 1", "1 dec", "December 1st, 2025", "1 december 2025" at i. */
static int
month_day(const struct line *l, int i, int today, bool allow_future, int *day, int *used,
    char *err, size_t errlen)
{
	int m, d, y, ty, tm, td, n;

	if ((m = month_of(word_at(l, i))) && (d = day_of(word_at(l, i + 1))))
		n = 2;
	else if ((d = day_of(word_at(l, i))) && (m = month_of(word_at(l, i + 1))))
		n = 2;
	else
		return 0;
	cal_ymd(today, &ty, &tm, &td);
	if ((y = year_of(word_at(l, i + n))) != 0) {
		n++;
	} else {
		/* No year: the nearest such day on the side the entry may be on. */
		y = ty;
		if (!allow_future && (m > tm || (m == tm && d > td)))
			y--;
		else if (allow_future && (m < tm || (m == tm && d < td)))
			y++;
	}
	if (!cal_valid(y, m, d)) {
		snprintf(err, errlen, "There is no %d %s %d: that month has %d days.", d,
		    month_names[m - 1][1] ? month_names[m - 1][1] : month_names[m - 1][0], y,
		    cal_month_days(y, m));
		return -1;
	}
	*used = n;
	*day = cal_day(y, m, d);
	if (*day > today && !allow_future)
		return future_error(l, i, n, err, errlen);
	return 1;
}

int
lex_date_at(const struct line *l, int i, int today, bool allow_future, int *day, int *used,
    char *err, size_t errlen)
{
	const struct word *w = word_at(l, i);
	long back;
	int wd, r;

	if (w == NULL)
		return 0;
	if (lex_is(w, "on") && word_at(l, i + 1)) {	/* "on friday", "on dec 1" */
		r = lex_date_at(l, i + 1, today, allow_future, day, used, err, errlen);
		*used += r > 0;
		return r;
	}
	if ((lex_is(w, "last") || lex_is(w, "next")) && word_at(l, i + 1) &&
	    (wd = lex_weekday(l->w[i + 1].s, l->w[i + 1].len)) >= 0) {
		int step = (cal_weekday(today) - wd + 7) % 7;
		if (lex_is(w, "next")) {
			if (!allow_future)
				return future_error(l, i, 2, err, errlen);
			*day = today + (7 - step) % 7 + (step == 0 ? 7 : 0);
		} else {
			*day = today - (step == 0 ? 7 : step);	/* never today */
		}
		*used = 2;
		return 1;
	}
	if ((back = days_ago(l, i, used)) >= 0) {
		if (back > LEX_MAX_DAYS) {
			snprintf(err, errlen, "That is more than %d days ago.", LEX_MAX_DAYS);
			return -1;
		}
		*day = today - (int)back;
		return 1;
	}
	if ((r = month_day(l, i, today, allow_future, day, used, err, errlen)) != 0)
		return r;
	*used = 1;
	return lex_date(w->s, w->len, today, allow_future, day, err, errlen);
}

/* Bytes of a space inside a number at s: NBSP, narrow NBSP (French) or thin space; else 0. */
static size_t
inner_space(const char *s, size_t n)
{
	if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && (memcmp(s, "\xE2\x80\xAF", 3) == 0 || memcmp(s, "\xE2\x80\x89", 3) == 0))
		return 3;
	return 0;
}

/* Appends w to b (cap bytes), a space inside it written as ',' -- or dropped before a last
 * k or m ("25 k" with a no-break space); returns how many spaces it met, or -1 when it does
 * not fit. */
static int
append(char *b, size_t *o, size_t cap, const struct word *w)
{
	int spaces = 0;

	for (size_t j = 0, k; j < w->len; j += k ? k : 1) {
		if (*o + 1 >= cap)
			return -1;
		k = inner_space(w->s + j, w->len - j);
		if (k && j + k == w->len - 1 && strchr("kKmM", w->s[w->len - 1])) {
			spaces++;
			continue;
		}
		b[(*o)++] = k ? ',' : w->s[j];
		spaces += k > 0;
	}
	return spaces;
}

/* True when w is a group of three digits after a thousands space ("000", "250.50" last). */
static bool
group_of_three(const struct word *w)
{
	return w != NULL && w->len >= 3 && digits(w->s, 3) && (w->len == 3 ||
	    (w->s[3] == '.' && digits(w->s + 4, w->len - 4)));
}

int
lex_amount_at(const struct line *l, int i, int64_t *cents, int *used, char *err,
    size_t errlen)
{
	const struct word *w = word_at(l, i), *next;
	char b[JOINED_MAX];
	size_t o = 0, lead;
	int n = 1, r, spaces;

	if (w == NULL || (r = lex_amount(w->s, w->len, cents, err, errlen)) == 0)
		return 0;
	*used = 1;
	if ((spaces = append(b, &o, sizeof(b), w)) < 0)
		return r;
	/* "48 000", "$1 250 000": a lead of one to three digits, then groups of three. */
	lead = w->len - (w->s[0] == '$');
	if (lead >= 1 && lead <= 3 && digits(w->s + w->len - lead, lead)) {
		while (group_of_three(next = word_at(l, i + n)) && o + next->len + 1 < sizeof(b)) {
			b[o++] = ',';
			append(b, &o, sizeof(b), next);
			n++;
		}
		next = word_at(l, i + n);
		if (n == 1 && next && next->len <= 6 && digits(next->s, next->len)) {
			/* "48 00": a thousands group gone wrong, not an amount and a note */
			snprintf(err, errlen, "“%.*s %.*s”: write thousands as 48 000, 48,000 or "
			    "48000.", (int)w->len, w->s, (int)next->len, next->s);
			return -1;
		}
	}
	/* "25 k", "1.2 m": the multiplier as a word of its own. */
	next = word_at(l, i + n);
	if (next && next->len == 1 && strchr("kKmM", next->s[0]) && o + 1 < sizeof(b)) {
		b[o++] = next->s[0];
		n++;
	}
	if ((n > 1 || spaces > 0) && lex_amount(b, o, cents, err, errlen) == 1) {
		*used = n;
		return 1;
	}
	return lex_amount(w->s, w->len, cents, err, errlen);
}
