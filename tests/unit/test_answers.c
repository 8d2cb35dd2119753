/*
 * Answers a sales manager found wrong: a sentence citing a figure the table calls "not enough
 * data", advice the figures contradict, a revised amount resetting days in stage, won deals
 * exported without amounts, a manager asking "what should I work on?" getting rep advice,
 * and the small words ("1 days", "an inactive").
 */
#include "tests/unit/cmdtest.h"

static struct fixture f;

/* The worked example's John: days to sign has n=3 in the table, so no sentence cites it. */
static void
test_no_figure_below_min_n(void)
{
	fx_worked_example(&f);
	fx_run(&f, "maria", "funnel @john");
	CHECK_CONTAINS(f.r.text, "Days to sign             not enough data (n=3)");
	CHECK_CONTAINS(f.r.text, "Main finding: closing.");
	CHECK_LACKS(f.r.text, "Days to sign: ");
	fx_run(&f, "maria", "insights @john");
	CHECK_LACKS(f.r.text, "Days to sign: ");
	fx_close(&f);
}

/* John signs faster than the team: no advice to look for internal delays. */
static void
test_no_advice_against_the_figures(void)
{
	fx_open(&f);
	for (int i = 0; i < 4; i++) {
		char rep[8];
		snprintf(rep, sizeof(rep), "p%d", i);
		fx_rep_quarter(&f, rep, 30, 10, 1, 2, 0, 6, 2, 2);	/* signs in ~30 days */
	}
	fx_rep_quarter(&f, "john", 30, 10, 5, 5, 0, 0, 0, 14);
	for (int i = 0; i < 6; i++) {	/* six quick wins: verbal and won a day apart */
		fx_say(&f, "john", "log lead jq%d 20k %s", i, fx_ago(&f, 60));
		fx_say(&f, "john", "log verbal jq%d %s", i, fx_ago(&f, 20));
		fx_say(&f, "john", "log won jq%d %s", i, fx_ago(&f, 19));
	}
	fx_run(&f, "admin", "insights @john");
	CHECK_CONTAINS(f.r.text, "closing");
	CHECK_CONTAINS(f.r.text, "Days to sign: 1 (team");
	CHECK_LACKS(f.r.text, "check internal delays");
	CHECK_CONTAINS(f.r.text, "signing itself is quick");
	fx_close(&f);
}

static void
test_revised_amount_keeps_days_in_stage(void)
{
	fx_open(&f);
	fx_say(&f, "sally", "log lead \"tyrell corp\" 40k %s", fx_ago(&f, 30));
	fx_say(&f, "sally", "log proposal \"tyrell corp\" %s", fx_ago(&f, 12));
	fx_run(&f, "sally", "log proposal tyrell corp 50k revised");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "is already at proposal; updated the amount to $50,000 — \"revised\" (entry {e3})."));
	fx_run(&f, "sally", "pipeline");
	CHECK_CONTAINS(f.r.text, "$50,000   12 days");
	/* A typed date does correct it. */
	fx_say(&f, "sally", "log proposal \"tyrell corp\" %s", fx_ago(&f, 1));
	fx_run(&f, "sally", "pipeline");
	CHECK_CONTAINS(f.r.text, "$50,000    1 day\n");
	fx_close(&f);
}

static void
test_export_won_amount(void)
{
	fx_open(&f);
	fx_run(&f, "sally", "log verbal Acme 48k");
	fx_run(&f, "sally", "log won Acme");
	fx_run(&f, "sally", "export");
	CHECK(f.r.file != NULL);
	CHECK(f.r.file && strstr(f.r.file, fx_x(&f, ",won,Acme,{d1},48000.00,")));
	fx_close(&f);
}

static void
test_what_should_i_work_on(void)
{
	fx_worked_example(&f);
	fx_dm(&f, "maria", "what should I work on?");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Team insights");
	CHECK_CONTAINS(f.r.text, "Pair john with sally");
	fx_dm(&f, "john", "what should I work on?");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Insights for john");
	/* The same questions after the slash command. */
	fx_run_on(&f, SURFACE_SLASH, "john", "/sales how am I doing?", 22);
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "john");
	CHECK_CONTAINS(f.r.text, "Main finding");
	fx_run_on(&f, SURFACE_SLASH, "maria", "/sales who needs help?", 22);
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Team insights");
	fx_run_on(&f, SURFACE_SLASH, "maria", "/sales dance now", 16);
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "understand \"dance\"");
	fx_close(&f);
}

static void
test_small_words(void)
{
	fx_open(&f);
	fx_run(&f, "sally", "log call Acme");
	fx_run(&f, "admin", "role @sally inactive");
	CHECK_CONTAINS(f.r.text, "sally is now inactive.");
	fx_run(&f, "admin", "role @sally admin");
	CHECK_CONTAINS(f.r.text, "sally is now an admin.");
	fx_close(&f);
}

int
main(void)
{
	RUN(test_no_figure_below_min_n);
	RUN(test_no_advice_against_the_figures);
	RUN(test_revised_amount_keeps_days_in_stage);
	RUN(test_export_won_amount);
	RUN(test_what_should_i_work_on);
	RUN(test_small_words);
	return test_summary();
}
