/* Weekly prompts through the dispatcher: content, once a week, nudge, schedule, buttons. */
#include <stdarg.h>

#include "tests/unit/cmdtest.h"

static struct fixture f;

static void
say(const char *user, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(const char *user, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fx_run(&f, user, line);
	if (f.rc != 0)
		fprintf(stderr, "  setup \"%s\" failed: %s", line, f.r.text);
}

static const char *
ago(int n)
{
	static char buf[4][16];
	static int k;

	k = (k + 1) % 4;
	cal_format(f.today - n, buf[k]);
	return buf[k];
}

/* As in test_questions.c: a rep's quarter of activities and opportunities. */
static void
rep_quarter(const char *rep, int calls, int meetings, int open_lead, int open_q, int won,
    int lost_p, int lost_v, int verbal_open)
{
	int n = 0;

	for (int i = 0; i < calls; i++)
		say(rep, "log call Acc%s%d %s", rep, i % 7, ago(1 + i * 80 / calls));
	for (int i = 0; i < meetings; i++)
		say(rep, "log meeting Acc%s%d %s", rep, i % 7, ago(2 + i * 80 / meetings));
	for (int i = 0; i < open_lead; i++, n++)
		say(rep, "log lead %s-o%d 10k %s", rep, n, ago(60 - n % 30));
	for (int i = 0; i < open_q; i++, n++) {
		say(rep, "log lead %s-o%d 10k %s", rep, n, ago(70 - n % 30));
		say(rep, "log qualified %s-o%d %s", rep, n, ago(40 - n % 30));
	}
	for (int i = 0; i < verbal_open; i++, n++) {
		say(rep, "log lead %s-o%d 20k %s", rep, n, ago(80 - n % 30));
		say(rep, "log verbal %s-o%d %s", rep, n, ago(30 - n % 20));
	}
	for (int i = 0; i < won; i++, n++) {
		say(rep, "log lead %s-o%d 20k %s", rep, n, ago(80 - n % 30));
		say(rep, "log verbal %s-o%d %s", rep, n, ago(40 - n % 20));
		say(rep, "log won %s-o%d %s", rep, n, ago(10 - n % 8));
	}
	for (int i = 0; i < lost_p; i++, n++) {
		say(rep, "log lead %s-o%d 20k %s", rep, n, ago(80 - n % 30));
		say(rep, "log proposal %s-o%d %s", rep, n, ago(40 - n % 20));
		say(rep, "log lost %s-o%d %s", rep, n, ago(10 - n % 8));
	}
	for (int i = 0; i < lost_v; i++, n++) {
		say(rep, "log lead %s-o%d 20k %s", rep, n, ago(80 - n % 30));
		say(rep, "log verbal %s-o%d %s", rep, n, ago(40 - n % 20));
		say(rep, "log lost %s-o%d %s", rep, n, ago(10 - n % 8));
	}
}

static void
worked_example(void)
{
	static const char *const others[] = { "priya", "tom", "ana", "ben" };

	fx_open(&f);
	say("maria", "help");
	for (int i = 0; i < 4; i++)
		rep_quarter(others[i], 36, 12, 2, 3, 4, 2, 2, 1);
	rep_quarter("john", 36, 12, 5, 5, 3, 0, 12, 5);
	rep_quarter("sally", 36, 12, 0, 0, 5, 1, 0, 0);
	for (int i = 0; i < 4; i++)
		say("admin", "manager @%s @maria", others[i]);
	say("admin", "manager @john @maria");
	say("admin", "manager @sally @maria");
}

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
	worked_example();
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

	worked_example();
	fx_dm(&f, "UADMIN", "nudge send all");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Sent 7 prompts");	/* six reps and maria's digest */
	f.now += 2 * 86400;		/* Sunday, the same ISO week */
	f.today += 2;
	fx_dm(&f, "UADMIN", "nudge send all");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "already went out this week");
	for (size_t i = 0; i < sizeof(reps) / sizeof(reps[0]); i++)
		CHECK_INT(queued_for(reps[i]), 1);
	CHECK_INT(queued_for("maria"), 1);
	fx_dm(&f, "maria", "nudge send @john");
	CHECK_CONTAINS(f.r.text, "This week's prompt already went out");
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
	worked_example();
	say("john", "away");
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

	worked_example();
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
