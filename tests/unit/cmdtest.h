/*
 * Shared by the command tests: a store on :memory:, the real dispatcher, and a way to run one
 * line as a person on a surface and keep the reply.
 */
#ifndef TESTS_CMDTEST_H
#define TESTS_CMDTEST_H

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

/* Runs text as user on surface; returns the reply text. */
static inline const char *
fx_run_on(struct fixture *f, enum surface s, const char *user, const char *text, size_t len)
{
	struct request req = { .surface = s, .user_id = user, .username = user,
		.text = text, .len = len,
		.now = f->now, .today = f->today };

	reply_free(&f->r);
	f->rc = commands_run(f->c, &req, &f->r);
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

#endif
