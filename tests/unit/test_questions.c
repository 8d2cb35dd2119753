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

/* A row of the funnel table as funnel_doc lays it out (the rep's cell, then the team's). */
static const char *
funnel_row(const char *label, const char *mine, const char *team)
{
	static char buf[160];

	snprintf(buf, sizeof(buf), team ? "%-24s %-22s %s\n" : "%-24s %s", label, mine, team);
	return buf;
}

/* Days to sign and the cycle from recorded stage days only; "not recorded" when none were. */
static void
test_implied_stages_have_no_dates(void)
{
	fx_open(&f);
	/* Five walked to verbal ten days before the win, six logged straight to won. */
	for (int i = 0; i < 5; i++) {
		fx_say(&f, "kim", "log lead K%d 10k %s", i, fx_ago(&f, 40));
		fx_say(&f, "kim", "log verbal K%d %s", i, fx_ago(&f, 20));
		fx_say(&f, "kim", "log won K%d %s", i, fx_ago(&f, 10));
	}
	for (int i = 0; i < 6; i++)
		fx_say(&f, "kim", "log won J%d 10k %s", i, fx_ago(&f, 5));
	fx_run(&f, "admin", "funnel @kim");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, funnel_row("Days to sign", "10 days (n=5)", NULL));
	CHECK_CONTAINS(f.r.text, funnel_row("Sales cycle", "30 days (n=5)", NULL));
	/* Only jumps: nothing to measure, and it says so. */
	for (int i = 0; i < 6; i++)
		fx_say(&f, "lee", "log won L%d 10k %s", i, fx_ago(&f, 5));
	fx_run(&f, "admin", "funnel @lee");
	CHECK_CONTAINS(f.r.text, funnel_row("Days to sign", "not recorded", NULL));
	CHECK_CONTAINS(f.r.text, funnel_row("Sales cycle", "not recorded", NULL));
	CHECK_CONTAINS(f.r.text, funnel_row("Velocity", "not recorded", NULL));
	fx_close(&f);
}

/* "All time" is one window for everyone compared: the workspace's, not the asked rep's. */
static void
test_all_time_is_the_workspaces_window(void)
{
	static const char *const others[] = { "olga", "omar", "otto", "ola" };
	static const int old[] = { 1, 2, 2, 3 };

	fx_open(&f);
	/* Each other rep: old deals 200 days ago and one recent. */
	for (int i = 0; i < 4; i++) {
		for (int k = 0; k < old[i]; k++)
			fx_say(&f, others[i], "log lead Old%s%d 10k %s", others[i], k,
			    fx_ago(&f, 200 + i));
		fx_say(&f, others[i], "log lead New%s 10k %s", others[i], fx_ago(&f, 3));
		fx_say(&f, others[i], "log call New%s %s", others[i], fx_ago(&f, 2));
	}
	fx_say(&f, "nina", "log lead Fresh 10k %s", fx_ago(&f, 4));
	fx_run(&f, "admin", "funnel @nina all time");
	CHECK_INT(f.rc, 0);
	/* From the first entry of anyone (203 days ago), and the team's deals since then. */
	CHECK_CONTAINS(f.r.text, "nina — funnel, all time (Fri 8 May to Fri 27 Nov)");
	CHECK_CONTAINS(f.r.text, funnel_row("Opportunities created", "1", "3"));	/* not 1 */
	/* Nina herself started inside that window: per week since her first entry. */
	CHECK_CONTAINS(f.r.text, funnel_row("Per week over 5 days", "since 23 Nov",
	    "each since their start"));
	fx_close(&f);
}

/* A rep who joined four weeks ago is measured over those weeks, and the pace since then. */
static void
test_rep_started_inside_the_period(void)
{
	fx_open(&f);
	for (int i = 0; i < 8; i++)	/* 8 calls in the 28 days since 30 Oct */
		fx_say(&f, "newt", "log call N%d %s", i, fx_ago(&f, 27 - i * 3));
	fx_say(&f, "newt", "log won Big 100k %s", fx_ago(&f, 1));
	fx_say(&f, "admin", "target @newt 120k");
	fx_run(&f, "admin", "funnel @newt");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, funnel_row("Calls a week", "2.0", NULL));	/* not 0.6 */
	CHECK_CONTAINS(f.r.text, funnel_row("Per week over 28 days", "since 31 Oct", NULL));
	/* $100k in the 28 days of the 62 from 31 Oct to the year's end projects $221k: on
	 * track, not at risk as over the whole year ($110k). */
	CHECK_CONTAINS(f.r.text, "projected $221,429 (185%) — on track (pace since 31 Oct)");
	fx_run(&f, "admin", "insights @newt");
	CHECK_CONTAINS(f.r.text, "Measured since 31 Oct, newt's first entry: per-week figures "
	    "count the 28 days since then, and the pace the part of the year since then.");
	CHECK_LACKS(f.r.text, "At risk of target");
	fx_close(&f);
}

/* Lost deals without amounts make no rate by amount (it was 100 %). */
static void
test_amountless_lost_deals(void)
{
	fx_open(&f);
	for (int i = 0; i < 5; i++)
		fx_say(&f, "gus", "log won W%d 10k %s", i, fx_ago(&f, 5));
	for (int i = 0; i < 4; i++) {
		fx_say(&f, "gus", "log lead L%d %s", i, fx_ago(&f, 30));
		fx_say(&f, "gus", "log lost L%d %s", i, fx_ago(&f, 4));
	}
	fx_run(&f, "admin", "funnel @gus");
	CHECK_CONTAINS(f.r.text, funnel_row("Win rate (closed)", "56% (n=9)", NULL));
	CHECK_CONTAINS(f.r.text, funnel_row("Win rate by amount",
	    "not enough data (no amounts on lost deals)", NULL));
	/* One lost deal with an amount: a rate over those with amounts. */
	fx_say(&f, "gus", "log lead M 40k %s", fx_ago(&f, 30));
	fx_say(&f, "gus", "log lost M %s", fx_ago(&f, 3));
	fx_run(&f, "admin", "funnel @gus");
	CHECK_CONTAINS(f.r.text, funnel_row("Win rate by amount", "56% (n=6)", NULL));
	fx_close(&f);
}

/* Two managers' teams: a rep's pair or mentor comes from her own team; across only when nobody
 * there fits, and the reply says so. */
static void
test_mentors_within_the_team(void)
{
	static const char *const t1[] = { "priya", "tom" }, *const t2[] = { "ana", "ben", "carl" };

	fx_open(&f);
	fx_say(&f, "maria", "help");
	fx_say(&f, "ahmed", "help");
	for (int i = 0; i < 2; i++)
		fx_rep_quarter(&f, t1[i], 36, 12, 2, 3, 1, 4, 2, 2);
	fx_rep_quarter(&f, "john", 36, 12, 5, 5, 5, 3, 0, 12);
	fx_rep_quarter(&f, "sally", 36, 12, 0, 0, 0, 5, 1, 0);
	for (int i = 0; i < 3; i++)
		fx_rep_quarter(&f, t2[i], 36, 12, 2, 3, 1, 4, 2, 2);
	fx_rep_quarter(&f, "dora", 36, 12, 0, 0, 0, 6, 0, 0);	/* closes every deal */
	for (int i = 0; i < 2; i++)
		fx_say(&f, "admin", "manager @%s @maria", t1[i]);
	fx_say(&f, "admin", "manager @john @maria");
	fx_say(&f, "admin", "manager @sally @maria");
	for (int i = 0; i < 3; i++)
		fx_say(&f, "admin", "manager @%s @ahmed", t2[i]);
	fx_say(&f, "admin", "manager @dora @ahmed");
	fx_run(&f, "admin", "insights team");
	CHECK_INT(f.rc, 0);
	/* Dora closes better than Sally, but John's own team comes first. */
	CHECK_CONTAINS(f.r.text, "*Pair john with sally:* sally is strong on closing, where john "
	    "struggles, and john is strong on opportunity volume (qualifying), where sally "
	    "struggles.\n");
	CHECK_LACKS(f.r.text, "Pair john with dora");
	/* Nobody on Ahmed's team is strong on opportunities: John, across teams, saying so. */
	CHECK_CONTAINS(f.r.text, "*dora could learn opportunity volume (qualifying) from john.* "
	    "Across teams — nobody on dora's own team fits (dora reports to ahmed, john to "
	    "maria).\n");
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
	RUN(test_implied_stages_have_no_dates);
	RUN(test_all_time_is_the_workspaces_window);
	RUN(test_rep_started_inside_the_period);
	RUN(test_amountless_lost_deals);
	RUN(test_mentors_within_the_team);
	return test_summary();
}
