/*
 * Shared by the command tests: a store on :memory:, the real dispatcher, and a way to run one
 * line as a person on a surface and keep the reply.
 */
#ifndef TESTS_CMDTEST_H
#define TESTS_CMDTEST_H

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/commands.h"
#include "insights/calendar.h"
#include "store/store.h"
#include "tests/test.h"

struct fixture {
	struct store *st;
	struct commands *c;
	struct commands_config cfg;
	struct reply r;		/* the last reply */
	int rc;			/* the last return code */
	int today;
	int64_t now;
	int64_t numbers[2][256];	/* fx_x's entry and deal numbers by seq, once seen */
	int seen[2];			/* the highest seq of each looked up after a command */
};

static const char *const fixture_admins[] = { "UADMIN" };
static const struct shortcut fixture_shortcuts[] = { { "/log", "log" }, { "/funnel", "funnel" } };

static inline void
fx_open(struct fixture *f)
{
	char err[256];

	memset(f, 0, sizeof(*f));
	f->st = store_open(":memory:", 0, NULL, err, sizeof(err));
	if (f->st == NULL) {
		fprintf(stderr, "store_open: %s\n", err);
		exit(1);
	}
	f->cfg = (struct commands_config){ .currency = "USD", .stalled_days = 30,
		.admins = fixture_admins, .nadmins = 1, .umbrella = "/sales",
		.shortcuts = fixture_shortcuts, .nshortcuts = 2, .prompt_day = 0,
		.prompt_minute = 9 * 60 };
	f->c = commands_new(f->st, &f->cfg);
	f->today = cal_day(2026, 11, 27);	/* a Friday */
	f->now = 1795780800;			/* 2026-11-27 12:00 UTC */
}

static inline void
fx_close(struct fixture *f)
{
	reply_free(&f->r);
	commands_free(f->c);
	store_close(f->st);
}

/*
 * Entry and deal numbers are drawn at random, so a test names them by the order they were
 * made in: "{e3}" is the third entry's number, "{d1}" the first deal's. fx_x writes text with
 * those replaced (by a number kept from when it was first seen, so it outlives a delete); the
 * result lasts for seven more calls. The runners below expand what they are given.
 */
static inline const char *
fx_xn(struct fixture *f, const char *text, size_t len, size_t *outlen)
{
	static char buf[8][2048];
	static int k;
	char *o = buf[k = (k + 1) % 8];
	size_t n = 0;

	for (size_t i = 0; i < len && n + 24 < sizeof(buf[0]); i++) {
		int what = -1, seq = 0;
		size_t j = i + 2;

		if (text[i] == '{' && i + 3 < len && (text[i + 1] == 'e' || text[i + 1] == 'd')) {
			while (j < len && isdigit((unsigned char)text[j]) && seq < 256)
				seq = seq * 10 + (text[j++] - '0');
			if (j > i + 2 && j < len && text[j] == '}' && seq > 0 && seq < 256)
				what = text[i + 1] == 'e' ? STORE_NUM_ENTRY : STORE_NUM_DEAL;
		}
		if (what < 0) {
			o[n++] = text[i];
			continue;
		}
		if (f->numbers[what][seq] == 0)
			f->numbers[what][seq] = store_number_at(f->st, what, seq);
		n += (size_t)sprintf(o + n, "%lld", (long long)f->numbers[what][seq]);
		i = j;
	}
	o[n] = '\0';
	*outlen = n;
	return o;
}

static inline const char *
fx_x(struct fixture *f, const char *text)
{
	size_t n;

	return fx_xn(f, text, strlen(text), &n);
}

/* The nth entry's or deal's number (see fx_x). */
static inline int64_t
fx_num(struct fixture *f, enum store_numbered what, int n)
{
	char tok[16];

	snprintf(tok, sizeof(tok), "{%c%d}", what == STORE_NUM_ENTRY ? 'e' : 'd', n);
	return strtoll(fx_x(f, tok), NULL, 10);
}
#define fx_entry(f, n) fx_num((f), STORE_NUM_ENTRY, (n))
#define fx_deal(f, n) fx_num((f), STORE_NUM_DEAL, (n))

/* text with every entry and deal number in it written as N, to compare replies from two
 * databases; lasts until the next call. */
static inline const char *
fx_unnumbered(const char *text)
{
	static char buf[65536];
	size_t n = 0, len = text ? strlen(text) : 0;

	for (size_t i = 0; i < len && n + 2 < sizeof(buf); i++) {
		buf[n++] = text[i];
		if (text[i] == '#' || (i >= 5 && strncmp(text + i - 5, "entry ", 6) == 0) ||
		    (i >= 5 && strncmp(text + i - 5, "Entry ", 6) == 0)) {
			if (i + 1 < len && isdigit((unsigned char)text[i + 1]))
				buf[n++] = 'N';
			while (i + 1 < len && isdigit((unsigned char)text[i + 1]))
				i++;
		}
	}
	buf[n] = '\0';
	return buf;
}

/* Runs text as user on surface; returns the reply text. */
static inline const char *
fx_run_on(struct fixture *f, enum surface s, const char *user, const char *text, size_t len)
{
	struct request req = { .surface = s, .user_id = user, .username = user,
		.text = text, .len = len,
		.now = f->now, .today = f->today };

	if (memchr(text, '{', len) != NULL && len < 1024)
		req.text = fx_xn(f, text, len, &req.len);
	reply_free(&f->r);
	f->rc = commands_run(f->c, &req, &f->r);
	/* Note the numbers made, so "{e2}" still means entry 2 after a later command deletes it. */
	for (int what = 0; what < 2; what++) {
		for (int seq = f->seen[what] + 1; seq < 256 && seq <= f->seen[what] + 8; seq++) {
			int64_t n = f->numbers[what][seq] ? f->numbers[what][seq] :
			    store_number_at(f->st, (enum store_numbered)what, seq);

			if (n != 0) {
				f->numbers[what][seq] = n;
				f->seen[what] = seq;
			}
		}
	}
	return f->r.text;
}

/* The console: admin rights, the user's name is their id. */
static inline const char *
fx_run(struct fixture *f, const char *user, const char *text)
{
	return fx_run_on(f, SURFACE_CONSOLE, user, text, strlen(text));
}

/* A Slack DM: rights by role and the config's admins. */
static inline const char *
fx_dm(struct fixture *f, const char *user, const char *text)
{
	return fx_run_on(f, SURFACE_DM, user, text, strlen(text));
}

static inline void
fx_say(struct fixture *f, const char *user, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Runs a formatted line as user on the console; a failure is reported as a broken setup. */
static inline void
fx_say(struct fixture *f, const char *user, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fx_run(f, user, line);
	if (f->rc != 0)
		fprintf(stderr, "  setup \"%s\" failed: %s", line, f->r.text);
}

/* A date n days before the fixture's today, as YYYY-MM-DD (four may be in use at once). */
static inline const char *
fx_ago(const struct fixture *f, int n)
{
	static char buf[4][16];
	static int k;

	k = (k + 1) % 4;
	cal_format(f->today - n, buf[k]);
	return buf[k];
}

/*
 * One rep's quarter: calls and meetings spread over 80 days, then opportunities that end as
 * given: `open_lead` left at lead, `open_q` at qualified, `verbal_open` at verbal, `won`, and
 * lost at proposal (`lost_p`) or at verbal (`lost_v`).
 */
static inline void
fx_rep_quarter(struct fixture *f, const char *rep, int calls, int meetings, int open_lead, int open_q, int verbal_open,
    int won, int lost_p, int lost_v)
{
	int n = 0;

	for (int i = 0; i < calls; i++)
		fx_say(f, rep, "log call Acc%s%d %s", rep, i % 7, fx_ago(f, 1 + i * 80 / (calls ? calls : 1)));
	for (int i = 0; i < meetings; i++)
		fx_say(f, rep, "log meeting Acc%s%d %s", rep, i % 7, fx_ago(f, 2 + i * 80 / meetings));
	for (int i = 0; i < open_lead; i++, n++)
		fx_say(f, rep, "log lead %s-o%d 10k %s", rep, n, fx_ago(f, 60 - n % 30));
	for (int i = 0; i < open_q; i++, n++) {
		fx_say(f, rep, "log lead %s-o%d 10k %s", rep, n, fx_ago(f, 70 - n % 30));
		fx_say(f, rep, "log qualified %s-o%d %s", rep, n, fx_ago(f, 40 - n % 30));
	}
	for (int i = 0; i < verbal_open; i++, n++) {
		fx_say(f, rep, "log lead %s-o%d 20k %s", rep, n, fx_ago(f, 80 - n % 30));
		fx_say(f, rep, "log verbal %s-o%d %s", rep, n, fx_ago(f, 30 - n % 20));
	}
	for (int i = 0; i < won; i++, n++) {
		fx_say(f, rep, "log lead %s-o%d 20k %s", rep, n, fx_ago(f, 80 - n % 30));
		fx_say(f, rep, "log verbal %s-o%d %s", rep, n, fx_ago(f, 40 - n % 20));
		fx_say(f, rep, "log won %s-o%d %s", rep, n, fx_ago(f, 10 - n % 8));
	}
	for (int i = 0; i < lost_p; i++, n++) {
		fx_say(f, rep, "log lead %s-o%d 20k %s", rep, n, fx_ago(f, 80 - n % 30));
		fx_say(f, rep, "log proposal %s-o%d %s", rep, n, fx_ago(f, 40 - n % 20));
		fx_say(f, rep, "log lost %s-o%d %s", rep, n, fx_ago(f, 10 - n % 8));
	}
	for (int i = 0; i < lost_v; i++, n++) {
		fx_say(f, rep, "log lead %s-o%d 20k %s", rep, n, fx_ago(f, 80 - n % 30));
		fx_say(f, rep, "log verbal %s-o%d %s", rep, n, fx_ago(f, 40 - n % 20));
		fx_say(f, rep, "log lost %s-o%d %s", rep, n, fx_ago(f, 10 - n % 8));
	}
}

/* The worked example: four reps around the median, John and Sally. Maria manages them all. */
static inline void
fx_worked_example(struct fixture *f)
{
	static const char *const others[] = { "priya", "tom", "ana", "ben" };

	fx_open(f);
	fx_say(f, "maria", "help");
	/* ~14 created, 12 qualified, about half of those closed won. */
	for (int i = 0; i < 4; i++)
		fx_rep_quarter(f, others[i], 36, 12, 2, 3, 1, 4, 2, 2);
	/* John: 30 created, 20 reach verbal, 3 won, 12 lost (at verbal), 5 open at verbal. */
	fx_rep_quarter(f, "john", 36, 12, 5, 5, 5, 3, 0, 12);
	/* Sally: 6 created, 5 won, 1 lost. */
	fx_rep_quarter(f, "sally", 36, 12, 0, 0, 0, 5, 1, 0);
	for (int i = 0; i < 4; i++)
		fx_say(f, "admin", "manager @%s @maria", others[i]);
	fx_say(f, "admin", "manager @john @maria");
	fx_say(f, "admin", "manager @sally @maria");
}

/* True when s holds a digit: a refusal must hold none of the other person's numbers. */
static inline bool
fx_has_digit(const char *s)
{
	for (; *s; s++)
		if (isdigit((unsigned char)*s))
			return true;
	return false;
}

#endif
