/* Weekly prompts through the dispatcher: content, once a week, nudge, schedule, buttons. */
#include "tests/unit/cmdtest.h"

static struct fixture f;

/* Outbox rows waiting for user. */
static int
queued_for(const char *user)
{
	struct outbox_head heads[256];
	int n = store_outbox_pending(f.st, heads, 256), k = 0;

	for (int i = 0; i < n; i++)
		k += strcmp(heads[i].user, user) == 0;
	return k;
}

static void
test_prompt_content(void)
{
	fx_worked_example(&f);
	fx_run(&f, "maria", "nudge preview @john");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Prompt for john, week 2026-W48");
	CHECK_CONTAINS(f.r.text, "*Last week:*");
	CHECK_CONTAINS(f.r.text, "90-day funnel: lead 30");
	CHECK_CONTAINS(f.r.text, "Main finding: closing.");
	CHECK_CONTAINS(f.r.text, "*For your one-on-one:* Which verbal commitments");
	CHECK_CONTAINS(f.r.text, "[Snooze until tomorrow]");
	fx_run(&f, "maria", "nudge preview @sally");
	CHECK_CONTAINS(f.r.text, "Main finding: opportunity volume");
	fx_run(&f, "maria", "nudge preview @maria");
	CHECK_CONTAINS(f.r.text, "Digest for maria");
	CHECK_CONTAINS(f.r.text, "*Agenda:*");
	CHECK_CONTAINS(f.r.text, "Pair john with sally");
	/* Previews store nothing. */
	CHECK_INT(store_outbox_count(f.st, OUTBOX_PENDING), 0);
	/* A rep may preview their own prompt, not someone else's. */
	fx_dm(&f, "john", "nudge preview");
	CHECK_INT(f.rc, 0);
	fx_dm(&f, "john", "nudge preview @sally");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "Only sally's manager or an admin");
	fx_close(&f);
}

static void
test_send_all_twice_in_a_week(void)
{
	static const char *const reps[] = { "priya", "tom", "ana", "ben", "john", "sally" };

	fx_worked_example(&f);
	fx_dm(&f, "UADMIN", "nudge send all");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Sent 7 prompts");	/* six reps and maria's digest */
	f.now += 2 * 86400;		/* Sunday, the same ISO week */
	f.today += 2;
	fx_dm(&f, "UADMIN", "nudge send all");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "7 prompts had already gone out this week");
	for (size_t i = 0; i < sizeof(reps) / sizeof(reps[0]); i++)
		CHECK_INT(queued_for(reps[i]), 1);
	CHECK_INT(queued_for("maria"), 1);
	fx_dm(&f, "maria", "nudge send @john");
	CHECK_CONTAINS(f.r.text, "This week's prompt has already gone out.");
	CHECK_INT(queued_for("john"), 1);
	/* Next week it goes again. */
	f.now += 86400;
	f.today += 1;
	fx_dm(&f, "maria", "nudge send @john");
	CHECK_CONTAINS(f.r.text, "Sent 1 prompt");
	CHECK_INT(queued_for("john"), 2);
	/* A rep cannot send. */
	fx_dm(&f, "john", "nudge send @john");
	CHECK_INT(f.rc, -1);
	fx_close(&f);
}

static void
test_away_is_skipped_by_send(void)
{
	fx_worked_example(&f);
	fx_say(&f, "john", "away");
	fx_dm(&f, "maria", "nudge send @john");
	CHECK_CONTAINS(f.r.text, "away");
	CHECK_INT(queued_for("john"), 0);
	fx_close(&f);
}

static void
test_schedule(void)
{
	fx_open(&f);
	fx_run(&f, "admin", "schedule");
	CHECK_CONTAINS(f.r.text, "Monday at 09:00");
	fx_run(&f, "admin", "schedule thursday 10:30");
	CHECK_INT(f.rc, 0);
	fx_run(&f, "admin", "schedule");
	CHECK_CONTAINS(f.r.text, "Thursday at 10:30");
	fx_run(&f, "admin", "schedule someday 10:30");
	CHECK_INT(f.rc, -1);
	fx_run(&f, "admin", "schedule mon 25:00");
	CHECK_INT(f.rc, -1);
	fx_dm(&f, "rep", "schedule fri 08:00");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "Only an admin");
	fx_close(&f);
}

static void
test_buttons(void)
{
	struct request req;
	struct reply r;
	struct person p;

	fx_worked_example(&f);
	fx_dm(&f, "maria", "nudge send @john");
	CHECK_INT(queued_for("john"), 1);
	req = (struct request){ .surface = SURFACE_DM, .user_id = "john", .now = f.now,
		.today = f.today };
	/* Snooze: the same prompt again a day later, once. */
	CHECK_INT(commands_action(f.c, &req, "prompt_snooze", "0:2026-W48", &r), 0);
	CHECK_CONTAINS(r.text, "again tomorrow");
	reply_free(&r);
	CHECK_INT(queued_for("john"), 2);
	{
		struct outbox_head heads[16];
		int n = store_outbox_pending(f.st, heads, 16);
		CHECK_INT(heads[n - 1].due_ms, (f.now + 86400) * 1000);
	}
	CHECK_INT(commands_action(f.c, &req, "prompt_snooze", "0:2026-W48", &r), -1);
	CHECK_CONTAINS(r.text, "snoozed once already");
	reply_free(&r);
	CHECK_INT(queued_for("john"), 2);
	/* A prompt never sent cannot be snoozed. */
	CHECK_INT(commands_action(f.c, &req, "prompt_snooze", "0:2026-W40", &r), -1);
	reply_free(&r);
	/* Away this week. */
	CHECK_INT(commands_action(f.c, &req, "prompt_away", "0:2026-W48", &r), 0);
	reply_free(&r);
	CHECK_INT(store_person_by_platform(f.st, "john", &p), STORE_OK);
	CHECK_INT(p.away_until, cal_day(2026, 11, 29));
	/* The pipeline. */
	CHECK_INT(commands_action(f.c, &req, "prompt_pipeline", "0:2026-W48", &r), 0);
	CHECK_CONTAINS(r.text, "john's pipeline");
	reply_free(&r);
	CHECK_INT(commands_action(f.c, &req, "prompt_dance", "0:2026-W48", &r), -1);
	reply_free(&r);
	CHECK_INT(commands_action(f.c, &req, "prompt_snooze", "garbage", &r), -1);
	reply_free(&r);
	/* Values the bot never wrote: another kind, a week not sent, junk around a good one. */
	{
		static const char *const bad[] = { "1:2026-W48", "0:2026-W47", "0:2026-W48x",
			" 0:2026-W48", "+0:2026-W48", "0:2026-W4", "0:2026-W99", "7:2026-W48",
			"0:2026-W48:0", "" };
		char big[3001];

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			CHECK_INT(commands_action(f.c, &req, "prompt_away", bad[i], &r), -1);
			CHECK(r.error);
			reply_free(&r);
		}
		memset(big, '9', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		CHECK_INT(commands_action(f.c, &req, "prompt_away", big, &r), -1);
		reply_free(&r);
		CHECK_INT(commands_action(f.c, &req, "prompt_snooze", big, &r), -1);
		reply_free(&r);
	}
	/* A prompt of an earlier week: away now is for `away until`. */
	f.now += 7 * 86400;
	f.today += 7;
	req.now = f.now;
	req.today = f.today;
	CHECK_INT(commands_action(f.c, &req, "prompt_away", "0:2026-W48", &r), -1);
	CHECK_CONTAINS(r.text, "away until");
	reply_free(&r);
	/* Snoozing it would queue this week's prompt outside its once-a-week key. */
	{
		int before = queued_for("john");
		CHECK_INT(commands_action(f.c, &req, "prompt_snooze", "0:2026-W48", &r), -1);
		CHECK_CONTAINS(r.text, "was for week 2026-W48");
		reply_free(&r);
		CHECK_INT(queued_for("john"), before);
	}
	fx_close(&f);
}

int
main(void)
{
	RUN(test_prompt_content);
	RUN(test_send_all_twice_in_a_week);
	RUN(test_away_is_skipped_by_send);
	RUN(test_schedule);
	RUN(test_buttons);
	return test_summary();
}
