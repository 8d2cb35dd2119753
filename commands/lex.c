/*
 * The command lexer (contracts in lex.h): cleaning and splitting a command's text into words,
 * and the readers for the words that recur -- amounts, dates, periods, people, #IDs. Called by
 * the command handlers; pure, so errors go into the caller's buffer.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/lex.h"
#include "commands/utf8.h"
#include "insights/calendar.h"

#define SNIP		40		/* bytes of the user's text quoted back in an error */
#define SNIPBUF		(SNIP + 4)	/* room for the cut text, "…" and the NUL */
#define MAX_CENTS	INT64_C(100000000000000)	/* 1e12 units */
#define MAX_ID		999999999

static const char *month_names[] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"
};

static void seterr(char *, size_t, const char *, ...) __attribute__((format(printf, 3, 4)));

/* The length a UTF-8 lead byte announces (1 for ASCII and for stray bytes). */
static size_t
lead_len(unsigned char c)
{
	if (c >= 0xF0)
		return 4;
	if (c >= 0xE0)
		return 3;
	if (c >= 0xC0)
		return 2;
	return 1;
}

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	r = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (r < 0) {
		err[0] = '\0';
		return;
	}
	if ((size_t)r < errlen)
		return;
	err[utf8_whole(err, strlen(err))] = '\0';	/* cut short: no half character */
}

/* Copies at most SNIP bytes of s into dst (SNIPBUF bytes), cut at a character, "…" if cut. */
static const char *
snip(char *dst, const char *s, size_t n)
{
	size_t k = utf8_cut(s, n, SNIP);

	memcpy(dst, s, k);
	if (k < n) {
		memcpy(dst + k, "…", 3);
		k += 3;
	}
	dst[k] = '\0';
	return dst;
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* True when s (n bytes) equals lit, ignoring ASCII case. */
static bool
ieq(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lit[i] == '\0' || fold((unsigned char)s[i]) != fold((unsigned char)lit[i]))
			return false;
	return lit[n] == '\0';
}

/*
 * The length of the valid UTF-8 sequence at s (n > 0 bytes left), or 0 when it is not one:
 * stray continuation bytes, overlong forms, surrogates, truncation, beyond U+10FFFF (RFC 3629
 * section 4 table).
 */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t k, i;

	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	k = lead_len(c);
	if (n < k)
		return 0;
	for (i = 1; i < k; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
	    (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
		return 0;
	return k;
}

/* True for the character (k bytes at s) that cleaning drops: C0 but \t \n, DEL, C1. */
static bool
is_dropped(const unsigned char *s, size_t k)
{
	if (k == 1)
		return (s[0] < 0x20 && s[0] != '\t' && s[0] != '\n') || s[0] == 0x7F;
	return k == 2 && s[0] == 0xC2 && s[1] <= 0x9F;
}

static bool
is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool
is_id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || is_digit((unsigned char)c);
}

/*
 * True when s (n bytes) is exactly "<@ID>" or "<@ID|label>"; then sets the id and the label
 * (NULL when empty or absent) when w is not NULL.
 */
static bool
parse_mention(const char *s, size_t n, struct word *w)
{
	size_t i = 2;

	if (n < 4 || s[0] != '<' || s[1] != '@' || s[n - 1] != '>')
		return false;
	while (i < n - 1 && is_id_char(s[i]))
		i++;
	if (i == 2 || (i < n - 1 && s[i] != '|'))
		return false;
	if (w != NULL) {
		w->s = s + 2;
		w->len = i - 2;
		w->label = NULL;
		w->label_len = 0;
		if (i + 1 < n - 1) {
			w->label = s + i + 1;
			w->label_len = n - 1 - (i + 1);
		}
	}
	return true;
}

/*
 * The length of the Slack token that starts at s[0] == '<' (through the first '>'), or 0 when
 * none starts there: no '>', an empty "<>", a control character or another '<' before it.
 * Without slack, only a strict mention is a token.
 */
static size_t
token_len(const char *s, size_t n, bool slack)
{
	size_t j;
	unsigned char c;

	for (j = 1; j < n; j++) {
		c = (unsigned char)s[j];
		if (c == '>')
			break;
		if (c == '<' || c < 0x20 || c == 0x7F)
			return 0;
	}
	if (j >= n || j == 1)
		return 0;
	if (!slack && !parse_mention(s, j + 1, NULL))
		return 0;
	return j + 1;
}

/* Bytes of the opening quote at s ('"' or '“'), else 0. */
static size_t
open_quote(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '"')
		return 1;
	if (n >= 3 && memcmp(s, "\xE2\x80\x9C", 3) == 0)
		return 3;
	return 0;
}

/* Bytes of the closing quote at s ('"' or '”'), else 0. */
static size_t
close_quote(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '"')
		return 1;
	if (n >= 3 && memcmp(s, "\xE2\x80\x9D", 3) == 0)
		return 3;
	return 0;
}

/*
 * Cleans text into buf (cap + 1 bytes): drops control characters and, with slack, unescapes the
 * three entities outside tokens; marks in mark[] the output offset of each token's '<'. The
 * text is valid UTF-8. Returns the bytes written, or -1 when they would exceed cap.
 */
static long
clean(const char *text, size_t len, bool slack, char *buf, char *mark, size_t cap)
{
	static const struct { const char *ent; size_t len; char c; } ents[] = {
		{ "&amp;", 5, '&' }, { "&lt;", 4, '<' }, { "&gt;", 4, '>' }
	};
	const unsigned char *u = (const unsigned char *)text;
	size_t i = 0, o = 0, k, tl, tok_end = 0, e;
	bool tok_start;

	while (i < len) {
		k = lead_len(u[i]);
		tok_start = false;
		if (i >= tok_end && u[i] == '<' &&
		    (tl = token_len(text + i, len - i, slack)) > 0) {
			tok_end = i + tl;
			tok_start = true;
		}
		if (is_dropped(u + i, k)) {
			i += k;
			continue;
		}
		if (slack && i >= tok_end && u[i] == '&') {
			for (e = 0; e < sizeof(ents) / sizeof(ents[0]); e++)
				if (len - i >= ents[e].len &&
				    memcmp(text + i, ents[e].ent, ents[e].len) == 0)
					break;
			if (e < sizeof(ents) / sizeof(ents[0])) {
				if (o + 1 > cap)
					return -1;
				buf[o++] = ents[e].c;
				i += ents[e].len;
				continue;
			}
		}
		if (o + k > cap)
			return -1;
		if (tok_start)
			mark[o] = 1;
		memcpy(buf + o, text + i, k);
		o += k;
		i += k;
	}
	buf[o] = '\0';
	return (long)o;
}

/* Splits the cleaned buf into words; returns 0, or -1 with err (out->w may hold some words). */
static int
split(struct line *out, const char *mark, char *err, size_t errlen)
{
	const char *buf = out->buf;
	size_t blen = out->len, o = 0, p, q, cq = 0;
	int cap = 0;
	struct word *w, *nw;
	const char *gt;
	char sn[SNIPBUF];

	for (;;) {
		while (o < blen && is_sep(buf[o]))
			o++;
		if (o >= blen)
			return 0;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((nw = realloc(out->w, (size_t)cap * sizeof(*nw))) == NULL) {
				seterr(err, errlen, "Out of memory while reading the command.");
				return -1;
			}
			out->w = nw;
		}
		w = &out->w[out->n];
		memset(w, 0, sizeof(*w));
		w->start = o;
		/* @"Moses Frase": a person by a display name with spaces, read as the quoted
		 * name (a quoted word names a person where a person is asked for). */
		if (buf[o] == '@' && o + 1 < blen && !mark[o + 1] && open_quote(buf + o + 1,
		    blen - o - 1) > 0) {
			w->at = true;
			o++;
		}
		if (mark[o]) {
			gt = memchr(buf + o, '>', blen - o);
			assert(gt != NULL);
			w->end = (size_t)(gt - buf) + 1;
			if (parse_mention(buf + o, w->end - o, w)) {
				w->kind = WORD_MENTION;
			} else {
				w->kind = WORD_PLAIN;
				w->s = buf + o;
				w->len = w->end - o;
			}
		} else if ((q = open_quote(buf + o, blen - o)) > 0) {
			for (p = o + q; p < blen; p++) {
				if (mark[p]) {
					/* A token is opaque: a quote inside it closes nothing. */
					gt = memchr(buf + p, '>', blen - p);
					assert(gt != NULL);
					p = (size_t)(gt - buf);
				} else if ((cq = close_quote(buf + p, blen - p)) > 0) {
					break;
				}
			}
			if (p >= blen) {
				seterr(err, errlen, "The quote at %.*s%s is never closed; put the "
				    "closing quote after the name, like \"Acme Corp\".",
				    (int)q, buf + o, snip(sn, buf + o + q, blen - o - q));
				return -1;
			}
			w->kind = WORD_QUOTED;
			w->s = buf + o + q;
			w->len = p - (o + q);
			w->end = p + cq;
		} else {
			for (p = o; p < blen && !is_sep(buf[p]) && !(p > o && mark[p]); p++)
				;
			w->kind = WORD_PLAIN;
			w->s = buf + o;
			w->len = p - o;
			w->end = p;
		}
		o = w->end;
		out->n++;
	}
}

int
lex_line(const char *text, size_t len, bool slack, struct line *out, char *err, size_t errlen)
{
	char *mark = NULL;
	size_t i, k, cap;
	long n;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		text = "";
	for (i = 0; i < len; i += k) {
		if ((k = utf8_seq((const unsigned char *)text + i, len - i)) == 0) {
			seterr(err, errlen, "The text is not valid UTF-8; send it again as "
			    "plain text.");
			return -1;
		}
	}
	cap = len < LEX_MAX_COMMAND ? len : LEX_MAX_COMMAND;
	if ((out->buf = malloc(cap + 1)) == NULL || (mark = calloc(cap + 1, 1)) == NULL) {
		seterr(err, errlen, "Out of memory while reading the command.");
		goto fail;
	}
	if ((n = clean(text, len, slack, out->buf, mark, cap)) < 0) {
		seterr(err, errlen, "The command is longer than %d bytes; shorten it (a note "
		    "can hold up to %d characters).", LEX_MAX_COMMAND, LEX_MAX_NOTE);
		goto fail;
	}
	out->len = (size_t)n;
	if (split(out, mark, err, errlen) == -1)
		goto fail;
	free(mark);
	return 0;
fail:
	free(mark);
	lex_line_free(out);
	return -1;
}

void
lex_line_free(struct line *l)
{
	if (l == NULL)
		return;
	free(l->w);
	free(l->buf);
	memset(l, 0, sizeof(*l));
}

const char *
lex_rest(const struct line *l, int i, size_t *len)
{
	size_t s, e;

	assert(i >= 0);
	if (i >= l->n) {
		*len = 0;
		return "";
	}
	s = l->w[i].start;
	e = l->len;
	while (e > s && is_sep(l->buf[e - 1]))
		e--;
	*len = e - s;
	return l->buf + s;
}

bool
lex_is(const struct word *w, const char *lit)
{
	return w->kind == WORD_PLAIN && ieq(w->s, w->len, lit);
}

size_t
lex_utf8_count(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Bytes of the currency symbol ($ € £ ¥) at s, else 0. */
static size_t
symbol_len(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '$')
		return 1;
	if (n >= 3 && memcmp(s, "\xE2\x82\xAC", 3) == 0)	/* € */
		return 3;
	if (n >= 2 && (memcmp(s, "\xC2\xA3", 2) == 0 ||	/* £ */
	    memcmp(s, "\xC2\xA5", 2) == 0))			/* ¥ */
		return 2;
	return 0;
}

/*
 * Splits s into three groups of digits joined by one separator. Returns the separator ('-',
 * '/' or '.') and the groups' lengths, or 0 when s is not so made.
 */
static char
three_groups(const char *s, size_t n, size_t g[3])
{
	size_t i = 0, k = 0;
	char sep = 0;

	g[0] = g[1] = g[2] = 0;
	for (i = 0; i < n; i++) {
		if (is_digit((unsigned char)s[i])) {
			g[k]++;
		} else if ((s[i] == '-' || s[i] == '/' || s[i] == '.') && k < 2 && g[k] > 0 &&
		    (sep == 0 || s[i] == sep)) {
			sep = s[i];
			k++;
		} else {
			return 0;
		}
	}
	return k == 2 && g[2] > 0 ? sep : 0;
}

/* 1 for YYYY-MM-DD shapes, 2 for another layout of a date (20.11.2026, 11/20/2026), else 0. */
static int
date_shape(const char *s, size_t n, size_t g[3])
{
	char sep = three_groups(s, n, g);

	if (sep == '-' && g[0] == 4)
		return 1;
	if (sep != 0 && g[0] <= 2 && g[1] <= 2 && g[2] == 4)
		return 2;
	if ((sep == '/' || sep == '.') && g[0] == 4 && g[1] <= 2 && g[2] <= 2)
		return 2;
	return 0;
}

/* True when s starts like a number: a digit, a symbol, or a sign before a digit/'.'/symbol. */
static bool
amount_shaped(const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (is_digit((unsigned char)s[0]) || symbol_len(s, n) > 0)
		return true;
	if ((s[0] == '-' || s[0] == '+') && n > 1)
		return is_digit((unsigned char)s[1]) || s[1] == '.' ||
		    symbol_len(s + 1, n - 1) > 0;
	return false;
}

int
lex_amount(const char *s, size_t n, int64_t *cents, char *err, size_t errlen)
{
	int64_t m = 0;
	size_t i = 0, k, g[3], group = 0, digits = 0, frac = 0, exp = 0;
	int commas = 0;
	char sign = 0, sn[SNIPBUF];
	bool sym = false, big = false, bad = false, zero_first = false;

	if (!amount_shaped(s, n) || date_shape(s, n, g) != 0)
		return 0;
	if (s[i] == '-' || s[i] == '+')
		sign = s[i++];
	if ((k = symbol_len(s + i, n - i)) > 0) {
		sym = true;
		i += k;
	}
	if (sign == 0 && i < n && (s[i] == '-' || s[i] == '+'))
		sign = s[i++];
	if (sign == '-') {
		seterr(err, errlen, "“%s”: an amount cannot be negative.", snip(sn, s, n));
		return -1;
	}
	if (sign == '+') {
		seterr(err, errlen, "“%s”: write the amount without a sign, like 48k.",
		    snip(sn, s, n));
		return -1;
	}
	/* Whole part, in groups of three after the first when commas are used. */
	for (; i < n; i++) {
		if (is_digit((unsigned char)s[i])) {
			if (digits == 0)
				zero_first = s[i] == '0';
			group++;
			digits++;
			if (m > MAX_CENTS)
				big = true;
			else
				m = m * 10 + (s[i] - '0');
		} else if (s[i] == ',') {
			if (group == 0 || (commas == 0 ? group > 3 : group != 3))
				bad = true;
			commas++;
			group = 0;
		} else {
			break;
		}
	}
	if (digits == 0 || (commas > 0 && (group != 3 || zero_first)))	/* "0,500" */
		bad = true;
	if (i < n && s[i] == '.') {
		for (i++; i < n && is_digit((unsigned char)s[i]); i++) {
			frac++;
			if (m > MAX_CENTS)
				big = true;
			else
				m = m * 10 + (s[i] - '0');
		}
		if (frac == 0)
			bad = true;
	}
	if (i < n && (s[i] == 'k' || s[i] == 'K')) {
		exp = 3;
		i++;
	} else if (i < n && (s[i] == 'm' || s[i] == 'M')) {
		exp = 6;
		i++;
	}
	if (!sym && (k = symbol_len(s + i, n - i)) > 0)
		i += k;
	if (bad || i != n) {
		seterr(err, errlen, "“%s” is not an amount; write it like 48000, 48,000, 48k, "
		    "1.2m or $48k.", snip(sn, s, n));
		return -1;
	}
	if (frac > exp + 2) {
		seterr(err, errlen, "“%s” has more decimals than whole cents; write it like "
		    "48000.50 or 1.25k.", snip(sn, s, n));
		return -1;
	}
	for (k = frac; k < exp + 2 && !big; k++) {
		if (m > MAX_CENTS / 10)
			big = true;
		else
			m *= 10;
	}
	if (big || m > MAX_CENTS) {
		seterr(err, errlen, "“%s” is too large; the largest amount is "
		    "1,000,000,000,000.", snip(sn, s, n));
		return -1;
	}
	if (m == 0) {
		seterr(err, errlen, "“%s”: the amount must be more than zero.", snip(sn, s, n));
		return -1;
	}
	*cents = m;
	return 1;
}

int
lex_weekday(const char *s, size_t n)
{
	static const struct { const char *name; int wd; } names[] = {
		{ "monday", 0 }, { "mon", 0 },
		{ "tuesday", 1 }, { "tue", 1 }, { "tues", 1 },
		{ "wednesday", 2 }, { "wed", 2 },
		{ "thursday", 3 }, { "thu", 3 }, { "thur", 3 }, { "thurs", 3 },
		{ "friday", 4 }, { "fri", 4 },
		{ "saturday", 5 }, { "sat", 5 },
		{ "sunday", 6 }, { "sun", 6 },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ieq(s, n, names[i].name))
			return names[i].wd;
	return -1;
}

/* The number in s (n digits, n <= 4). */
static int
small_number(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int
lex_date(const char *s, size_t n, int today, bool allow_future, int *day, char *err,
    size_t errlen)
{
	size_t g[3];
	int d, wd, y, m, dd, shape;
	char sn[SNIPBUF];

	if (ieq(s, n, "today")) {
		d = today;
	} else if (ieq(s, n, "yesterday")) {
		d = today - 1;
	} else if (ieq(s, n, "tomorrow")) {
		d = today + 1;
	} else if ((wd = lex_weekday(s, n)) >= 0) {
		if (allow_future)
			d = today + (wd - cal_weekday(today) + 7) % 7;
		else
			d = today - (cal_weekday(today) - wd + 7) % 7;
	} else if ((shape = date_shape(s, n, g)) == 0) {
		return 0;
	} else if (shape == 2 || g[1] > 2 || g[2] > 2) {
		seterr(err, errlen, "“%s”: write dates as YYYY-MM-DD, like 2026-11-20.",
		    snip(sn, s, n));
		return -1;
	} else {
		y = small_number(s, 4);
		m = small_number(s + 5, g[1]);
		dd = small_number(s + 6 + g[1], g[2]);
		if (m < 1 || m > 12) {
			seterr(err, errlen, "“%s” is not a date: there is no month %d.",
			    snip(sn, s, n), m);
			return -1;
		}
		if (!cal_valid(y, m, dd)) {
			if (y >= 1)
				seterr(err, errlen, "“%s” is not a date: %s %d has %d days.",
				    snip(sn, s, n), month_names[m - 1], y, cal_month_days(y, m));
			else
				seterr(err, errlen, "“%s” is not a date.", snip(sn, s, n));
			return -1;
		}
		d = cal_day(y, m, dd);
	}
	if (d > today && !allow_future) {
		seterr(err, errlen, "“%s” is in the future; an entry can be dated today or "
		    "earlier.", snip(sn, s, n));
		return -1;
	}
	*day = d;
	return 1;
}

/* The first day of the quarter that holds day. */
static int
quarter_start(int day)
{
	int y, m, d;

	cal_ymd(day, &y, &m, &d);
	return cal_day(y, (m - 1) / 3 * 3 + 1, 1);
}

/* The first day of the month that holds day. */
static int
month_start(int day)
{
	int y, m, d;

	cal_ymd(day, &y, &m, &d);
	return cal_day(y, m, 1);
}

/* The first day of the year that holds day. */
static int
year_start(int day)
{
	int y, m, d;

	cal_ymd(day, &y, &m, &d);
	return cal_day(y, 1, 1);
}

/* The number in s when s is all digits (1 or more), capped at 99999; else -1. */
static long
count_of(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		if (v < 99999)
			v = v * 10 + (s[i] - '0');
	}
	return v > 99999 ? 99999 : v;
}

static const char *units[] = { "week", "month", "quarter", "year" };

/* The index in units[] of the calendar unit w names (NULL allowed), else -1. */
static int
unit_of(const struct word *w)
{
	int k;

	for (k = 0; w != NULL && k < 4; k++)
		if (lex_is(w, units[k]))
			return k;
	return -1;
}

/* Fills p with the last nd days ending today. */
static void
last_days(int today, long nd, struct period *p)
{
	p->from = today - (int)nd + 1;
	p->to = today;
	p->current = true;
	if (nd == 1)
		snprintf(p->label, sizeof(p->label), "today");
	else
		snprintf(p->label, sizeof(p->label), "last %ld days", nd);
}

int
lex_period(const struct line *l, int i, int today, struct period *p, int *used, char *err,
    size_t errlen)
{
	const struct word *a, *b, *c;
	struct period t;
	long nd;
	size_t e;
	int u, k;
	char sn[SNIPBUF];

	if (i < 0 || i >= l->n || l->w[i].kind != WORD_PLAIN)
		return 0;
	a = &l->w[i];
	b = i + 1 < l->n ? &l->w[i + 1] : NULL;
	c = i + 2 < l->n ? &l->w[i + 2] : NULL;
	memset(&t, 0, sizeof(t));
	t.to = today;
	t.current = true;
	u = 2;
	if (lex_is(a, "ytd")) {
		t.from = year_start(today);
		snprintf(t.label, sizeof(t.label), "year to date");
		u = 1;
	} else if (a->len >= 2 && (a->s[a->len - 1] == 'd' || a->s[a->len - 1] == 'D') &&
	    (nd = count_of(a->s, a->len - 1)) >= 0) {
		if (nd < 1 || nd > LEX_MAX_DAYS) {
			seterr(err, errlen, "“%s”: a period can be 1 to %d days.",
			    snip(sn, a->s, a->len), LEX_MAX_DAYS);
			return -1;
		}
		last_days(today, nd, &t);
		u = 1;
	} else if (lex_is(a, "this") && (k = unit_of(b)) >= 0) {
		t.from = k == 0 ? today - cal_weekday(today) : k == 1 ? month_start(today) :
		    k == 2 ? quarter_start(today) : year_start(today);
		snprintf(t.label, sizeof(t.label), "this %s", units[k]);
	} else if (lex_is(a, "last") && b != NULL && b->kind == WORD_PLAIN &&
	    (nd = count_of(b->s, b->len)) >= 0) {
		e = (c != NULL ? c : b)->end;
		if (c == NULL || !(lex_is(c, "days") || lex_is(c, "day"))) {
			seterr(err, errlen, "“%s”: give the period in days, like last 30 days.",
			    snip(sn, l->buf + a->start, e - a->start));
			return -1;
		}
		if (nd < 1 || nd > LEX_MAX_DAYS) {
			seterr(err, errlen, "“%s”: a period can be 1 to %d days.",
			    snip(sn, l->buf + a->start, e - a->start), LEX_MAX_DAYS);
			return -1;
		}
		last_days(today, nd, &t);
		u = 3;
	} else if (lex_is(a, "last") && (k = unit_of(b)) >= 0) {
		t.current = false;
		if (k == 0) {
			t.from = today - cal_weekday(today) - 7;
			t.to = t.from + 6;
		} else {
			t.to = (k == 1 ? month_start(today) : k == 2 ? quarter_start(today) :
			    year_start(today)) - 1;
			t.from = k == 1 ? month_start(t.to) : k == 2 ? quarter_start(t.to) :
			    year_start(t.to);
		}
		snprintf(t.label, sizeof(t.label), "last %s", units[k]);
	} else if (lex_is(a, "all") && b != NULL && lex_is(b, "time")) {
		t.all_time = true;
		t.from = 0;
		snprintf(t.label, sizeof(t.label), "all time");
	} else {
		return 0;
	}
	*p = t;
	*used = u;
	return 1;
}

void
lex_period_default(int today, struct period *p)
{
	memset(p, 0, sizeof(*p));
	last_days(today, 90, p);
}

int
lex_who(const struct word *w, struct who *out)
{
	memset(out, 0, sizeof(*out));
	switch (w->kind) {
	case WORD_MENTION:
		out->kind = WHO_ID;
		out->s = w->s;
		out->len = w->len;
		out->label = w->label;
		out->label_len = w->label_len;
		return 1;
	case WORD_QUOTED:
		if (w->at && w->len > 0 && !is_sep(w->s[0])) {	/* @"Moses Frase" */
			out->kind = WHO_NAME;
			out->s = w->s;
			out->len = w->len;
			return 1;
		}
		break;		/* "@Sally Smith" below */
	case WORD_PLAIN:
		if (lex_is(w, "me")) {
			out->kind = WHO_ME;
			return 1;
		}
		if (lex_is(w, "team")) {
			out->kind = WHO_TEAM;
			return 1;
		}
		if (lex_is(w, "all")) {
			out->kind = WHO_ALL;
			return 1;
		}
		break;
	}
	/* @name; quoted for a display name with spaces. */
	if (w->len >= 2 && w->s[0] == '@' && !is_sep(w->s[1])) {
		out->kind = WHO_NAME;
		out->s = w->s + 1;
		out->len = w->len - 1;
		return 1;
	}
	return 0;
}

int
lex_id(const struct word *w, int64_t *id, char *err, size_t errlen)
{
	int64_t v = 0;
	size_t i;
	char sn[SNIPBUF];

	if (w->kind != WORD_PLAIN || w->len < 2 || w->s[0] != '#' ||
	    !is_digit((unsigned char)w->s[1]))
		return 0;
	for (i = 1; i < w->len; i++) {
		if (!is_digit((unsigned char)w->s[i])) {
			seterr(err, errlen, "“%s” is not an opportunity number; write it like #12.",
			    snip(sn, w->s, w->len));
			return -1;
		}
		if (v <= MAX_ID)
			v = v * 10 + (w->s[i] - '0');
	}
	if (v == 0 || v > MAX_ID) {
		seterr(err, errlen, "There is no opportunity %s.", snip(sn, w->s, w->len));
		return -1;
	}
	*id = v;
	return 1;
}
