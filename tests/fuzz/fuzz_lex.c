/*
 * Fuzz target for the command lexer (commands/lex.h): the input is one command's text, lexed
 * as typed on the console and as Slack-escaped text; every word then goes through each reader
 * (amount, date, weekday, period, who, #ID) with today fixed, and the results are checked
 * against the header's contracts. No state outlives a call.
 *
 * Not checked, on purpose: that lexing buf again gives the same words. Tokens are found before
 * control characters are dropped, so "<@\x01U1>" is a plain word whose cleaned text "<@U1>"
 * reads as a mention (reported with the fuzzing work on issue 6).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/lex.h"
#include "insights/calendar.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_POISON	0x5A5A5A5A	/* what a reader that returns 0 must leave alone */

/* True when p lies inside the line's buffer (its NUL included) and p + n does too. */
static bool
in_buf(const struct line *l, const char *p, size_t n)
{
	return p >= l->buf && p <= l->buf + l->len && n <= (size_t)(l->buf + l->len - p);
}

/* An err buffer after a reader failed: a non-empty, NUL-terminated sentence. */
static void
check_err(const char *err, size_t errlen)
{
	FUZZ_CHECK(memchr(err, '\0', errlen) != NULL);
	FUZZ_CHECK(err[0] != '\0');
}

/* The readers that take one word. */
static void
check_word(const struct line *l, const struct word *w, int today)
{
	char err[256];
	int64_t cents = FUZZ_POISON, id = FUZZ_POISON;
	int day = FUZZ_POISON, y, m, d, rc;
	struct who who;

	FUZZ_CHECK(w->start <= w->end && w->end <= l->len);
	FUZZ_CHECK(in_buf(l, w->s, w->len));
	FUZZ_CHECK(w->s >= l->buf + w->start && w->s + w->len <= l->buf + w->end);
	FUZZ_CHECK(fuzz_utf8_valid(w->s, w->len));
	FUZZ_CHECK(lex_utf8_count(w->s, w->len) <= w->len);
	if (w->kind == WORD_MENTION) {
		FUZZ_CHECK(w->len > 0);
		if (w->label != NULL)
			FUZZ_CHECK(w->label_len > 0 && in_buf(l, w->label, w->label_len));
	} else {
		FUZZ_CHECK(w->label == NULL);
	}
	if (w->kind != WORD_PLAIN)
		FUZZ_CHECK(!lex_is(w, "log") && !lex_is(w, "me"));

	rc = lex_amount(w->s, w->len, &cents, err, sizeof(err));
	FUZZ_CHECK(rc >= -1 && rc <= 1);
	if (rc == 1)
		FUZZ_CHECK(cents > 0 && cents <= (int64_t)1000000000000 * 100);
	else
		FUZZ_CHECK(cents == FUZZ_POISON);
	if (rc == -1)
		check_err(err, sizeof(err));

	for (int future = 0; future < 2; future++) {
		day = FUZZ_POISON;
		rc = lex_date(w->s, w->len, today, future, &day, err, sizeof(err));
		FUZZ_CHECK(rc >= -1 && rc <= 1);
		if (rc == 1) {
			cal_ymd(day, &y, &m, &d);
			FUZZ_CHECK(cal_valid(y, m, d));
			FUZZ_CHECK(future || day <= today);
		} else {
			FUZZ_CHECK(day == FUZZ_POISON);
		}
		if (rc == -1)
			check_err(err, sizeof(err));
	}
	rc = lex_weekday(w->s, w->len);
	FUZZ_CHECK(rc >= -1 && rc <= 6);

	rc = lex_who(w, &who);
	FUZZ_CHECK(rc == 0 || rc == 1);
	if (rc == 1 && (who.kind == WHO_NAME || who.kind == WHO_ID))
		FUZZ_CHECK(who.len > 0 && in_buf(l, who.s, who.len));
	if (rc == 1 && who.label != NULL)
		FUZZ_CHECK(in_buf(l, who.label, who.label_len));
	if (rc == 0)
		FUZZ_CHECK(who.s == NULL && who.label == NULL);

	rc = lex_id(w, &id, err, sizeof(err));
	FUZZ_CHECK(rc >= -1 && rc <= 1);
	if (rc == 1)
		FUZZ_CHECK(id >= 1 && id <= 999999999);
	else
		FUZZ_CHECK(id == FUZZ_POISON);
	if (rc == -1)
		check_err(err, sizeof(err));
}

/* The readers that take the line from word i on. */
static void
check_from(const struct line *l, int i, int today)
{
	struct period p;
	char err[256];
	const char *rest;
	size_t len;
	int used = FUZZ_POISON, rc;

	rest = lex_rest(l, i, &len);
	FUZZ_CHECK(rest != NULL);
	if (i >= l->n)
		FUZZ_CHECK(len == 0);
	else
		FUZZ_CHECK(in_buf(l, rest, len) && rest == l->buf + l->w[i].start);

	memset(&p, 0, sizeof(p));
	rc = lex_period(l, i, today, &p, &used, err, sizeof(err));
	FUZZ_CHECK(rc >= -1 && rc <= 1);
	if (rc == 1) {
		FUZZ_CHECK(used >= 1 && used <= l->n - i);
		FUZZ_CHECK(p.from <= p.to && p.to <= today);
		FUZZ_CHECK(!p.current || p.to == today);
		FUZZ_CHECK(memchr(p.label, '\0', sizeof(p.label)) != NULL && p.label[0] != '\0');
	}
	if (rc == -1)
		check_err(err, sizeof(err));
}

/*
 * Without Slack unescaping, buf is the text with exactly the control characters dropped: C0
 * but \t and \n, DEL, and C1 (U+0080..U+009F, bytes C2 80..C2 9F in valid UTF-8).
 */
static void
check_cleaned(const struct line *l, const char *text, size_t len)
{
	size_t i = 0, o = 0;
	unsigned char c;

	while (i < len) {
		c = (unsigned char)text[i];
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
			i++;
			continue;
		}
		if (c == 0xC2 && i + 1 < len && (unsigned char)text[i + 1] < 0xA0) {
			i += 2;
			continue;
		}
		FUZZ_CHECK(o < l->len && l->buf[o] == text[i]);
		o++;
		i++;
	}
	FUZZ_CHECK(o == l->len);
}

static void
lex_once(const char *text, size_t len, bool slack, int today)
{
	struct line l;
	struct period def;
	char err[256];
	int i;

	memset(&l, 0x5A, sizeof(l));
	if (lex_line(text, len, slack, &l, err, sizeof(err)) != 0) {
		FUZZ_CHECK(l.buf == NULL && l.w == NULL && l.n == 0 && l.len == 0);
		check_err(err, sizeof(err));
		lex_line_free(&l);	/* a no-op on the zeroed struct */
		return;
	}
	FUZZ_CHECK(l.buf != NULL && l.len <= LEX_MAX_COMMAND && l.n >= 0);
	FUZZ_CHECK(l.buf[l.len] == '\0' && strlen(l.buf) == l.len);
	FUZZ_CHECK(fuzz_utf8_valid(l.buf, l.len));
	for (size_t k = 0; k < l.len; k++) {
		unsigned char c = (unsigned char)l.buf[k];
		FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n');
		FUZZ_CHECK(c != 0x7F);
		/* C1 controls, U+0080..U+009F, are dropped too */
		FUZZ_CHECK(c != 0xC2 || (unsigned char)l.buf[k + 1] >= 0xA0 ||
		    (unsigned char)l.buf[k + 1] < 0x80);
	}
	for (i = 0; i < l.n; i++) {
		if (i > 0)
			FUZZ_CHECK(l.w[i - 1].end <= l.w[i].start);
		check_word(&l, &l.w[i], today);
	}
	for (i = 0; i <= l.n + 1; i++)
		check_from(&l, i, today);
	if (!slack)
		check_cleaned(&l, text, len);
	lex_line_free(&l);
	FUZZ_CHECK(l.buf == NULL && l.w == NULL && l.n == 0);

	lex_period_default(today, &def);
	FUZZ_CHECK(def.from <= def.to && def.to == today);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int today = cal_day(2026, 11, 27);

	lex_once((const char *)data, size, false, today);
	lex_once((const char *)data, size, true, today);
	return 0;
}
