/*
 * The command lexer: splits a command's text into words and reads the words that recur in every
 * command (who, amount, date, period, #ID). Pure: no I/O, no clock, no logging, no globals; the
 * handlers in commands/ call it with the text and today's day number (see insights/calendar.h).
 */
#ifndef COMMANDS_LEX_H
#define COMMANDS_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LEX_MAX_COMMAND 4000	/* bytes, after unescaping and dropping control characters */
#define LEX_MAX_NOTE    1000	/* code points */
#define LEX_MAX_ACCOUNT  100	/* code points */
#define LEX_MAX_DAYS    3650	/* the longest "last N days" / "Nd" */

enum word_kind { WORD_PLAIN, WORD_QUOTED, WORD_MENTION };

struct word {
	const char *s;		/* the word's text inside line->buf, not NUL-terminated; quotes
				 * removed for WORD_QUOTED; the user id ("U0123ABCD") for
				 * WORD_MENTION */
	size_t len;		/* bytes at s */
	size_t start;		/* offset in line->buf where the word begins (its opening quote
				 * or '<' included) */
	size_t end;		/* offset in line->buf just past the word (its closing quote or
				 * '>' included); the next word's start == end when they touch */
	enum word_kind kind;
	const char *label;	/* WORD_MENTION: the text after '|' ("sally"), else NULL; NULL
				 * too for an empty label ("<@U1|>") */
	size_t label_len;
	bool at;		/* WORD_QUOTED: written @"Moses Frase", a person's display name */
};

struct line {
	char *buf;		/* the cleaned text, NUL-terminated, owned: Slack-unescaped if
				 * asked, control characters other than \n and \t dropped */
	size_t len;		/* bytes in buf, at most LEX_MAX_COMMAND */
	struct word *w;		/* owned array of n words */
	int n;
};

/*
 * Splits text (len bytes, need not be NUL-terminated; NULL allowed when len is 0) into words.
 * Separators: space, tab, newline. A word that starts with '"' or '“' is quoted: it runs to the
 * next '"' or '”' (newlines included) and may hold separators; a quote character elsewhere in a
 * word is an ordinary character (6" pipe, O"Neil). Text glued after a closing quote starts a new
 * word. Slack tokens: <@U123> and <@U123|name> become WORD_MENTION (id: capital letters and
 * digits); with slack set any other <...> token (<#C1|x>, <https://x|a b>, <!here>) is one
 * WORD_PLAIN, kept literally with its brackets. A token is always a word of its own, even when
 * text touches it ("<@U1>'s" is the mention then the word "'s"). With slack set, &amp; &lt; &gt;
 * outside tokens are unescaped once (a '<' that came from &lt; never starts a token); without
 * it the text is taken as typed and only the strict mention form is a token.
 * Control characters (C0 other than \t and \n, DEL, C1; so \r too) are dropped.
 * Returns 0 and fills *out (free it with lex_line_free); a blank line gives n = 0. Returns -1
 * with err filled with a sentence for the user and *out zeroed (nothing to free) when the text
 * is not valid UTF-8 (overlong forms, surrogates, truncated sequences, stray continuation bytes,
 * above U+10FFFF), is longer than LEX_MAX_COMMAND bytes once cleaned, has an unclosed quote, or
 * memory runs out.
 */
int lex_line(const char *text, size_t len, bool slack, struct line *out, char *err,
    size_t errlen);

/* Frees what lex_line allocated and zeroes *l; accepts NULL and a zeroed struct. */
void lex_line_free(struct line *l);

/*
 * The rest of the line from word i on, verbatim from buf (quotes, brackets, inner newlines and
 * tabs kept; already unescaped), trailing spaces, tabs and newlines trimmed. Sets *len; the
 * result points into l->buf and is not NUL-terminated unless it reaches the end. i >= n gives ""
 * with len 0. i must not be negative.
 */
const char *lex_rest(const struct line *l, int i, size_t *len);

/* True when w is a WORD_PLAIN equal to lit, ignoring ASCII case. Quoted words never match. */
bool lex_is(const struct word *w, const char *lit);

/* Code points in s (n bytes of valid UTF-8, as every word and lex_rest of a line is). */
size_t lex_utf8_count(const char *s, size_t n);

/*
 * Reads an amount. Returns 1 and sets *cents (amount * 100, exact). Returns 0, touching
 * nothing, when s is not amount-shaped: it does not start with a digit, a currency symbol
 * ($ € £ ¥) or a sign ('-', '+') followed by a digit, '.' or a symbol -- so "-", "--" and "-ish"
 * are not amounts -- or it is date-shaped (see lex_date; a date is never read as an amount).
 * Returns -1 with err when amount-shaped but invalid: a sign (negative or "+"), zero, trailing
 * garbage (12x, 1e5), malformed thousands groups (1,00), more decimals than whole cents allow
 * (48000.501; 1.2345k is fine), over 1e12 (1,000,000,000,000 itself is fine), a lone symbol.
 * Forms: 48000, 48,000, 48000.50, 48k, 48K, 1.25k, 1.2m, 1.2M, $48k, €48,000, 48k€ (one
 * symbol, before or after, ignored).
 */
int lex_amount(const char *s, size_t n, int64_t *cents, char *err, size_t errlen);

/*
 * Reads the date of an entry relative to today (a day number). Returns 1 and sets *day.
 * Forms, case-insensitive: today, yesterday, tomorrow, YYYY-MM-DD (month and day may have one
 * digit), a weekday name (monday..sunday, mon..sun, tues, thur, thurs): the most recent such day,
 * today included -- but with allow_future (away until, holidays) the next such day, today
 * included, since "away until friday" never means last Friday. Returns 0, touching nothing,
 * when s is not date-shaped. Returns -1 with err when date-shaped but invalid (2026-02-30, 2026-13-01,
 * 2026-011-01), in another layout (11/20/2026, 20.11.2026, 2026/11/20: any three groups of
 * digits split by '/' or '.' with four digits first or last), or after today while allow_future
 * is false (tomorrow included).
 */
int lex_date(const char *s, size_t n, int today, bool allow_future, int *day, char *err,
    size_t errlen);

/*
 * A date as people type it, starting at word i of l (commands/typed.c): what lex_date reads,
 * and "on <date>", "last friday" (never today), "next friday" (allow_future only), "3 days
 * ago", "a week ago", "2 weeks ago", "dec 1", "1 dec", "December 1st, 2025", "1 december
 * 2025" (without a year the nearest such day on the allowed side). Returns 1 with *day and
 * *used (words read), 0 when the words there are not date-shaped, -1 with err as lex_date.
 */
int lex_date_at(const struct line *l, int i, int today, bool allow_future, int *day, int *used,
    char *err, size_t errlen);

/*
 * An amount as people type it, starting at word i of l: what lex_amount reads, and its
 * thousands split by spaces ("48 000", "$1 250 000.50", also with a no-break or thin space
 * inside one word) or its multiplier as a word of its own ("25 k", "1.2 m"). Returns 1 with
 * *cents and *used, 0 when word i is not amount-shaped, -1 with err as lex_amount.
 */
int lex_amount_at(const struct line *l, int i, int64_t *cents, int *used, char *err,
    size_t errlen);

/* 0 = Monday ... 6 = Sunday for a weekday name as lex_date takes it, else -1. */
int lex_weekday(const char *s, size_t n);

struct period {
	int from, to;		/* inclusive day numbers; to = today for a current period */
	bool all_time;		/* from is unknown (the first entry): the caller fills it;
				 * lex_period leaves it 0 (1970-01-01) */
	bool current;		/* the period includes today */
	char label[32];		/* "last 90 days", "this week", ... for replies */
};

/*
 * Reads a period at word i of l. Returns 1, fills *p and sets *used to the words consumed.
 * Returns 0 when the words at i are not a period (i >= n included). Returns -1 with err when
 * period-shaped but invalid: "last N ..." or "Nd" with N outside 1..LEX_MAX_DAYS, "last N"
 * without "days", "last N weeks". Forms (WORD_PLAIN, any case): this week, last week (weeks
 * start on Monday), this month, last month, this quarter, last quarter, this year, ytd, last
 * year, last N days / last N day, Nd, all time. Current periods end today; past ones are whole.
 */
int lex_period(const struct line *l, int i, int today, struct period *p, int *used, char *err,
    size_t errlen);

/* Fills *p with the default period: the last 90 days, today included. */
void lex_period_default(int today, struct period *p);

enum who_kind { WHO_ME, WHO_NAME, WHO_ID, WHO_TEAM, WHO_ALL };

struct who {
	enum who_kind kind;
	const char *s;		/* WHO_NAME: the name without '@'; WHO_ID: the user id; else
				 * NULL. Points into the word's line */
	size_t len;
	const char *label;	/* WHO_ID: the mention's label, or NULL */
	size_t label_len;
};

/*
 * Returns 1 and fills *out when w is a who: me, team, all (WORD_PLAIN, any case), @name
 * (WORD_PLAIN, or WORD_QUOTED for a display name with spaces: "@Sally Smith"), a mention.
 * Otherwise returns 0 and zeroes *out. "@" alone is not a who. Trailing "'s", "’s", '?', ','
 * are NOT stripped: "@sally's" gives the name "sally's".
 */
int lex_who(const struct word *w, struct who *out);

/*
 * Reads an opportunity number "#12". Returns 1 and sets *id; 0 when w is not a WORD_PLAIN of
 * '#' and a digit ("#followup", "#" stay text); -1 with err for "#0", "#12x" or a number over
 * 999,999,999.
 */
int lex_id(const struct word *w, int64_t *id, char *err, size_t errlen);

#endif
