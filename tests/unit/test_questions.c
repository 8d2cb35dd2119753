/*
 * The questions through the real dispatcher: the worked example of metrics.md, two scenarios of
 * our own, plain-English routing, and who may see what.
 */

#include "tests/unit/cmdtest.h"

static struct fixture f;

static void
test_worked_example(void)
{
	fx_worked_example(&f);
	fx_run(&f, "maria", "insights @john");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Main finding: closing.");
	CHECK_CONTAINS(f.r.text, "30 opportunities created");
	CHECK_CONTAINS(f.r.text, "17 verbal commitments did not sign (12 lost, 5 still open)");
	CHECK_CONTAINS(f.r.text, "negotiation and closing");
	fx_run(&f, "maria", "insights @sally");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Main finding: opportunity volume");
	CHECK_CONTAINS(f.r.text, "opening doors");
	CHECK_CONTAINS(f.r.text, "*Strengths:* win rate 83%");
	fx_run(&f, "maria", "insights team");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Pair john with sally");
	/* The funnel shows her numbers beside the team's, with the main finding. */
	fx_run(&f, "maria", "funnel @sally");
	CHECK_CONTAINS(f.r.text, "sally — funnel, last 90 days");
	CHECK_CONTAINS(f.r.text, "team median");
	CHECK_CONTAINS(f.r.text, "Main finding: opportunity volume");
	/* Block Kit comes with it, as JSON with a header. */
	CHECK(f.r.blocks != NULL);
	CHECK_CONTAINS(f.r.blocks, "\"type\":\"header\"");
	fx_run(&f, "maria", "team");
	CHECK_CONTAINS(f.r.text, "john");
	CHECK_CONTAINS(f.r.text, "closing");
	fx_close(&f);
}

/* A rep who hardly meets clients: main finding face to face. */
static void
test_rep_who_hardly_meets_clients(void)
{
	static const char *const reps[] = { "priya", "tom", "ana", "ben", "carl" };

	fx_open(&f);
	for (int i = 0; i < 4; i++)
		fx_rep_quarter(&f, reps[i], 30, 12, 2, 3, 1, 4, 2, 2);
	fx_rep_quarter(&f, "carl", 30, 1, 2, 3, 1, 4, 2, 2);
	fx_run(&f, "admin", "insights @carl");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Main finding: face-to-face time.");
	CHECK_CONTAINS(f.r.text, "book more meetings");
	fx_run(&f, "admin", "insights @tom");
	CHECK_LACKS(f.r.text, "face-to-face");
	fx_close(&f);
}

/* A rep at risk of missing target in Q3: the alert shows, and is not the main finding. */
static void
test_rep_at_risk_in_q3(void)
{
	static const char *const reps[] = { "priya", "tom", "ana", "ben", "dora" };

	fx_open(&f);
	f.today = cal_day(2026, 8, 14);
	f.now = 1786708800;	/* 2026-08-14 12:00 UTC */
	for (int i = 0; i < 5; i++)
		fx_rep_quarter(&f, reps[i], 30, 12, 2, 3, 1, 4, 2, 2);
	fx_say(&f, "admin", "target @dora 2m");
	fx_say(&f, "admin", "target @tom 100k");
	fx_run(&f, "admin", "insights @dora");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "At risk of target");
	CHECK_CONTAINS(f.r.text, "a week from now to make it");
	CHECK_LACKS(f.r.text, "Main finding: at risk");
	fx_run(&f, "admin", "funnel @dora");
	CHECK_CONTAINS(f.r.text, "at risk");
	fx_run(&f, "admin", "insights @tom");
	CHECK_LACKS(f.r.text, "At risk of target");
	fx_close(&f);
}

/* The verb a reply came from, by its title. */
static const char *
verb_of(const char *text)
{
	if (strstr(text, "— funnel,"))
		return "funnel";
	if (strncmp(text, "Insights for", 12) == 0)
		return "insights";
	if (strncmp(text, "Team insights", 13) == 0 || strncmp(text, "Your team", 9) == 0)
		return "insights team";
	if (strstr(text, "didn't understand"))
		return "help";
	return "?";
}

static void
test_plain_english(void)
{
	static const struct { const char *q, *verb, *who; } cases[] = {
		{ "how is Sally's funnel?", "funnel", "sally —" },
		{ "How is sally’s funnel", "funnel", "sally —" },
		{ "how's @sally doing?", "funnel", "sally —" },
		{ "how’s sally doing", "funnel", "sally —" },
		{ "HOW IS SALLY DOING?", "funnel", "sally —" },
		{ "how is <@U0SAL>'s funnel?", "funnel", "sal —" },
		{ "how is <@U0SAL|Sal S> doing", "funnel", "sal —" },
		{ "how is O'Brien's funnel?", "funnel", "O'Brien —" },
		{ "how am I doing?", "funnel", "maria —" },
		{ "what should I work on?", "insights team", "" },	/* maria manages: her team's */
		{ "who needs help?", "insights team", "" },
		{ "what's the weather", "help", "" },
		{ "how is the weather today", "help", "" },
	};

	fx_worked_example(&f);
	fx_run(&f, "O'Brien", "log call Acme");
	{
		struct person p;
		CHECK_INT(store_person_ensure(f.st, "U0SAL", "sal", NULL, NULL, false, f.now, &p),
		    STORE_OK);
	}
	fx_run(&f, "admin", "manager @O'Brien @maria");
	fx_run(&f, "admin", "manager @sal @maria");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx_dm(&f, "maria", cases[i].q);
		if (strcmp(verb_of(f.r.text), cases[i].verb) != 0)
			fprintf(stderr, "  \"%s\" -> %.80s\n", cases[i].q, f.r.text);
		CHECK_STR(verb_of(f.r.text), cases[i].verb);
		if (cases[i].who[0] && !strstr(f.r.text, cases[i].who))
			fprintf(stderr, "  \"%s\" is not about %s: %.80s\n", cases[i].q,
			    cases[i].who, f.r.text);
		CHECK(cases[i].who[0] == '\0' || strstr(f.r.text, cases[i].who) != NULL);
		if (strcmp(cases[i].verb, "help") == 0)	/* one line of what to try */
			CHECK_CONTAINS(f.r.text, "`help` lists everything");
	}
	fx_close(&f);
}

static void
test_permissions(void)
{
	static const char *const verbs[] = { "funnel", "insights", "pipeline", "export" };
	char line[64];

	fx_worked_example(&f);
	/* otto manages nobody here; john and sally are reps of maria's. */
	fx_run(&f, "otto", "help");
	fx_run(&f, "admin", "manager @rita @otto");
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		snprintf(line, sizeof(line), "%s @sally", verbs[i]);
		/* A rep asking about another rep: refused, and not a number leaks. */
		fx_dm(&f, "john", line);
		CHECK_INT(f.rc, -1);
		CHECK_CONTAINS(f.r.text, "Only sally's manager or an admin");
		CHECK(!fx_has_digit(f.r.text));
		CHECK(f.r.blocks == NULL && f.r.file == NULL);
		/* Another manager: refused too. */
		fx_dm(&f, "otto", line);
		CHECK_INT(f.rc, -1);
		CHECK(!fx_has_digit(f.r.text));
		/* Her manager and an admin may. */
		fx_dm(&f, "maria", line);
		CHECK_INT(f.rc, 0);
		fx_dm(&f, "UADMIN", line);
		CHECK_INT(f.rc, 0);
		/* And she may see her own. */
		snprintf(line, sizeof(line), "%s", verbs[i]);
		fx_dm(&f, "sally", line);
		CHECK_INT(f.rc, 0);
	}
	/* A rep sees team medians without names (five others are active here). */
	fx_dm(&f, "sally", "who needs help?");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Your team — medians of");
	CHECK_LACKS(f.r.text, "john");
	CHECK_LACKS(f.r.text, "priya");
	fx_dm(&f, "sally", "team");
	CHECK_LACKS(f.r.text, "john");
	/* Her own funnel shows the medians beside her numbers, without names. */
	fx_dm(&f, "sally", "funnel");
	CHECK_CONTAINS(f.r.text, "team median");
	CHECK_LACKS(f.r.text, "john");
	/* The manager sees names. */
	fx_dm(&f, "maria", "team");
	CHECK_CONTAINS(f.r.text, "john");
	fx_close(&f);

	/* With fewer than four other active reps a rep gets no team figures at all. */
	fx_open(&f);
	fx_rep_quarter(&f, "a1", 10, 3, 1, 1, 1, 1, 1, 1);
	fx_rep_quarter(&f, "a2", 10, 3, 1, 1, 1, 1, 1, 1);
	fx_rep_quarter(&f, "a3", 10, 3, 1, 1, 1, 1, 1, 1);
	fx_dm(&f, "a1", "team");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "at least 4 other active reps");
	fx_dm(&f, "a1", "funnel");
	CHECK_INT(f.rc, 0);
	CHECK_LACKS(f.r.text, "team median");
	CHECK_CONTAINS(f.r.text, "Team medians appear once");
	fx_close(&f);
}

static void
test_pipeline_and_periods(void)
{
	fx_open(&f);
	fx_say(&f, "john", "log lead Acme 10k %s", fx_ago(&f, 50));
	fx_say(&f, "john", "log proposal Acme 12k %s", fx_ago(&f, 45));
	fx_say(&f, "john", "log lead Globex 5k %s", fx_ago(&f, 2));
	fx_run(&f, "john", "pipeline");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "2 open, $17,000");
	CHECK_CONTAINS(f.r.text, "proposal");
	CHECK_CONTAINS(f.r.text, "45 days  stalled");
	CHECK_LACKS(f.r.text, "2 days  stalled");
	fx_run(&f, "john", "funnel last week");
	CHECK_CONTAINS(f.r.text, "last week");
	fx_run(&f, "john", "funnel me this year");
	CHECK_CONTAINS(f.r.text, "this year");
	fx_run(&f, "john", "funnel all time");
	CHECK_INT(f.rc, 0);
	fx_run(&f, "john", "funnel last 0 days");
	CHECK_INT(f.rc, -1);
	/* Nobody else to compare with: it says so rather than guessing. */
	fx_run(&f, "john", "insights");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Main finding:* none yet");
	/* An empty period: no numbers made up. */
	fx_run(&f, "john", "funnel 3d");
	CHECK_CONTAINS(f.r.text, "Opportunities created    1\n");
	CHECK_CONTAINS(f.r.text, "Win rate (closed)        –\n");
	fx_close(&f);
}

int
main(void)
{
	RUN(test_worked_example);
	RUN(test_rep_who_hardly_meets_clients);
	RUN(test_rep_at_risk_in_q3);
	RUN(test_plain_english);
	RUN(test_permissions);
	RUN(test_pipeline_and_periods);
	return test_summary();
}
