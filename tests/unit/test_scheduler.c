/*
 * The weekly prompts' driver on an in-memory store: the right person at their own 09:00,
 * exactly once — across ticks, a restart and `nudge send` — and catch-up after downtime.
 */
#include "bot/config.h"
#include "bot/scheduler.h"
#include "tests/unit/cmdtest.h"

static struct fixture f;
static struct config cfg;

/* 2026-11-30 is a Monday; London is on UTC then, New York five hours behind. */
#define MONDAY_0900_UTC	1796029200LL

static int
queued_for(const char *user)
{
	struct outbox_head heads[64];
	int n = store_outbox_pending(f.st, heads, 64), k = 0;

	for (int i = 0; i < n; i++)
		k += strcmp(heads[i].user, user) == 0;
	return k;
}

static void
setup(void)
{
	struct person p;
	char err[256];

	fx_open(&f);
	CHECK_INT(config_load(&cfg, NULL, false, err, sizeof(err)), 0);
	cfg.prompt_day = 0;
	cfg.prompt_minute = 9 * 60;
	/* Two reps with a week of work, in two zones. */
	fx_run(&f, "ULON", "log call Acme 2026-11-24");
	fx_run(&f, "UNYC", "log call Globex 2026-11-24");
	CHECK_INT(store_person_ensure(f.st, "ULON", "lena", NULL, "Europe/London", false, 0, &p),
	    STORE_OK);
	CHECK_INT(store_person_ensure(f.st, "UNYC", "nate", NULL, "America/New_York", false, 0,
	    &p), STORE_OK);
}

static int
tick(struct scheduler *s, int64_t now, int64_t *next)
{
	return scheduler_tick(s, now, cal_day(1970, 1, 1) + (int)(now / 86400), next);
}

static void
test_own_zone_once(void)
{
	struct scheduler *s;
	int64_t next;

	setup();
	s = scheduler_new(f.st, f.c, &cfg);
	CHECK_INT(tick(s, MONDAY_0900_UTC - 60, &next), 0);
	CHECK_INT(next, MONDAY_0900_UTC);	/* London's 09:00 is the next instant */
	CHECK_INT(tick(s, MONDAY_0900_UTC, &next), 1);
	CHECK_INT(queued_for("ULON"), 1);
	CHECK_INT(queued_for("UNYC"), 0);	/* 04:00 in New York */
	CHECK_INT(next, MONDAY_0900_UTC + 60);	/* New York is later; ticks come every minute */
	CHECK_INT(tick(s, MONDAY_0900_UTC + 300, &next), 0);
	/* A restart: a new driver on the same store sends nothing again. */
	scheduler_free(s);
	s = scheduler_new(f.st, f.c, &cfg);
	CHECK_INT(tick(s, MONDAY_0900_UTC + 600, &next), 0);
	CHECK_INT(queued_for("ULON"), 1);
	/* New York at its own 09:00. */
	CHECK_INT(tick(s, MONDAY_0900_UTC + 5 * 3600, &next), 1);
	CHECK_INT(queued_for("UNYC"), 1);
	/* nudge send in the same week says it went out already. */
	f.now = MONDAY_0900_UTC + 6 * 3600;
	f.today = cal_day(2026, 11, 30);
	fx_dm(&f, "UADMIN", "nudge send @lena");
	CHECK_CONTAINS(f.r.text, "This week's prompt has already gone out.");
	CHECK_INT(queued_for("ULON"), 1);
	scheduler_free(s);
	fx_close(&f);
}

static void
test_catch_up_after_downtime(void)
{
	struct scheduler *s;
	int64_t next;

	/* Down from Sunday to Monday 20:00 UTC: London's 09:00 is 11 hours ago, still sent. */
	setup();
	s = scheduler_new(f.st, f.c, &cfg);
	CHECK_INT(tick(s, MONDAY_0900_UTC + 11 * 3600, &next), 2);
	CHECK_INT(queued_for("ULON"), 1);
	CHECK_INT(queued_for("UNYC"), 1);
	scheduler_free(s);
	fx_close(&f);
	/* Down for more than 12 hours after it: that week's prompt is not sent late. */
	setup();
	s = scheduler_new(f.st, f.c, &cfg);
	CHECK_INT(tick(s, MONDAY_0900_UTC + 13 * 3600, &next), 1);	/* New York only */
	CHECK_INT(queued_for("ULON"), 0);
	CHECK_INT(queued_for("UNYC"), 1);
	scheduler_free(s);
	fx_close(&f);
}

static void
test_away_and_schedule(void)
{
	struct scheduler *s;
	int64_t next;

	setup();
	fx_dm(&f, "ULON", "away until 2026-11-30");
	fx_run(&f, "admin", "schedule tuesday 10:00");
	s = scheduler_new(f.st, f.c, &cfg);
	CHECK_INT(tick(s, MONDAY_0900_UTC + 5 * 3600, &next), 0);	/* no longer Monday */
	CHECK_INT(tick(s, MONDAY_0900_UTC + 25 * 3600, &next), 1);	/* Tuesday 10:00 London */
	CHECK_INT(queued_for("ULON"), 1);	/* away only until Monday */
	scheduler_free(s);
	fx_close(&f);
}

/* Inactive and sample people get no prompt; nor does a rep with no activity in 90 days. */
static void
test_who_gets_none(void)
{
	struct scheduler *s;
	struct person p;
	int64_t next;

	setup();
	fx_run(&f, "admin", "demo load");	/* sample people, with a week of work */
	fx_run(&f, "admin", "role @nate inactive");
	CHECK_INT(f.rc, 0);
	CHECK_INT(store_person_ensure(f.st, "UIDLE", "idle", NULL, "Europe/London", false, 0, &p),
	    STORE_OK);
	s = scheduler_new(f.st, f.c, &cfg);
	CHECK_INT(tick(s, MONDAY_0900_UTC + 6 * 3600, &next), 1);	/* London's rep only */
	CHECK_INT(queued_for("ULON"), 1);
	CHECK_INT(queued_for("UNYC"), 0);
	CHECK_INT(queued_for("UIDLE"), 0);
	CHECK_INT(queued_for("sample-john"), 0);
	CHECK_INT(queued_for("sample-maria"), 0);
	scheduler_free(s);
	fx_close(&f);
}

int
main(void)
{
	RUN(test_own_zone_once);
	RUN(test_catch_up_after_downtime);
	RUN(test_away_and_schedule);
	RUN(test_who_gets_none);
	return test_summary();
}
