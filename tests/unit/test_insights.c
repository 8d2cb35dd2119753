/*
 * Unit tests of insights/: every metric of docs/metrics.md on hand-made data with known answers,
 * the benchmark's medians and quartiles, the findings table, pairing, the worked example end to
 * end. (Speed is measured by `make bench`, not asserted here.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "insights/calendar.h"
#include "insights/insights.h"
#include "tests/test.h"

#define CHECK_NEAR(a, b) do {						\
	double a_ = (a), b_ = (b);					\
	if (!(fabs(a_ - b_) <= 1e-6 * (1 + fabs(b_))))			\
		test_fail(__FILE__, __LINE__, "%s == %.9g, expected %.9g", #a, a_, b_); \
} while (0)

#define MAXOPPS 256
#define AMOUNT 1000000		/* $10,000 in cents */

/* A rep being built: the input points into opps, so a struct rep is never copied. */
struct rep {
	struct ins_rep_input in;
	struct ins_opp opps[MAXOPPS];
	int k;			/* a running index to spread created days */
};

static int T;			/* today: 2026-08-14, a Friday in Q3 */
static struct ins_period P;	/* the last 90 days */

static void
setup(void)
{
	T = cal_day(2026, 8, 14);
	P = (struct ins_period){ T - 89, T };
}

static void
rep_init(struct rep *r, int64_t id)
{
	memset(r, 0, sizeof(*r));
	r->in.rep_id = id;
	r->in.opps = r->opps;
	r->in.target = -1;
}

static void
rep_acts(struct rep *r, int calls, int emails, int meetings, int demos)
{
	r->in.activities[INS_CALL] = calls;
	r->in.activities[INS_EMAIL] = emails;
	r->in.activities[INS_MEETING] = meetings;
	r->in.activities[INS_DEMO] = demos;
}

/* Adds one opportunity; closed is INS_NO_DAY for an open one. Verbal is dated before the close. */
static struct ins_opp *
add(struct rep *r, int created, int reached, enum ins_outcome out, int closed)
{
	struct ins_opp *o = &r->opps[r->in.nopps];

	if (r->in.nopps >= MAXOPPS)
		abort();
	r->in.nopps++;
	*o = (struct ins_opp){
		.id = r->in.rep_id * 1000 + (int64_t)r->in.nopps,
		.amount = AMOUNT,
		.created_day = created,
		.reached = out == INS_OUT_WON ? INS_WON : reached,
		.outcome = out,
		.closed_day = closed,
		.verbal_day = INS_NO_DAY,
		.stage_day = closed >= 0 ? closed : created,
		.last_activity_day = T - 1,
	};
	if (out == INS_OUT_WON || reached >= INS_VERBAL)
		o->verbal_day = closed >= 0 ? closed - 10 : created + 1;
	return o;
}

/* count opportunities created in P (spread over its first half), closed 30 days later unless
 * open; a verbal one reached verbal 20 days after creation. */
static void
gen(struct rep *r, int count, int reached, enum ins_outcome out)
{
	for (int i = 0; i < count; i++) {
		int created = P.from + 5 + r->k++ % 40;
		struct ins_opp *o = add(r, created, reached, out,
		    out == INS_OPEN ? INS_NO_DAY : created + 30);
		if (o->reached >= INS_VERBAL)
			o->verbal_day = created + 20;
	}
}

static void
compute(const struct rep *r, struct ins_metrics *m)
{
	char err[128] = "";

	CHECK_INT(ins_metrics_compute(&r->in, P, T, 0, m, err, sizeof(err)), 0);
	CHECK_STR(err, "");
}

/* ---- activities ---- */

static void
test_activity_per_week(void)
{
	struct rep r;
	struct ins_metrics m;
	char err[128];

	rep_init(&r, 1);
	rep_acts(&r, 13, 26, 6, 1);
	struct ins_period p91 = { T - 90, T };
	CHECK_INT(ins_metrics_compute(&r.in, p91, T, 0, &m, err, sizeof(err)), 0);
	CHECK_INT(m.days, 91);
	CHECK_INT(m.activities[INS_CALL], 13);
	CHECK_INT(m.activities_total, 46);
	CHECK_NEAR(m.v[INS_M_CALLS_WEEK].value, 1.0);
	CHECK_NEAR(m.v[INS_M_EMAILS_WEEK].value, 2.0);
	CHECK_NEAR(m.v[INS_M_MEETINGS_WEEK].value, 6 * 7 / 91.0);
	CHECK_NEAR(m.v[INS_M_DEMOS_WEEK].value, 7 / 91.0);
	CHECK_NEAR(m.v[INS_M_F2F_WEEK].value, 7 * 7 / 91.0);
	CHECK_NEAR(m.v[INS_M_ACTIVITY_WEEK].value, 46 * 7 / 91.0);
	CHECK(m.v[INS_M_ACTIVITY_WEEK].enough);
	CHECK(ins_metrics_active(&m));

	/* A current period counts the days so far, today included: 91, not 101. */
	struct ins_period cur = { T - 90, T + 10 };
	CHECK_INT(ins_metrics_compute(&r.in, cur, T, 0, &m, err, sizeof(err)), 0);
	CHECK_INT(m.days, 91);
	CHECK_NEAR(m.v[INS_M_CALLS_WEEK].value, 1.0);

	/* A week (Monday to Sunday) asked on its Wednesday: 3 days. */
	int wed = cal_day(2026, 8, 12);
	CHECK_INT(cal_weekday(wed), 2);
	struct ins_period week = { wed - 2, wed + 4 };
	rep_acts(&r, 3, 0, 0, 0);
	CHECK_INT(ins_metrics_compute(&r.in, week, wed, 0, &m, err, sizeof(err)), 0);
	CHECK_INT(m.days, 3);
	CHECK_NEAR(m.v[INS_M_CALLS_WEEK].value, 7.0);
}

/* ---- the cohort funnel ---- */

static void
test_cohort_funnel(void)
{
	struct rep r;
	struct ins_metrics m;

	rep_init(&r, 2);
	add(&r, T - 50, INS_WON, INS_OUT_WON, T - 10);		/* reaches every stage */
	add(&r, T - 40, INS_PROPOSAL, INS_OUT_LOST, T - 5);	/* lost at proposal */
	add(&r, T - 30, INS_QUALIFIED, INS_OPEN, INS_NO_DAY);
	add(&r, T - 20, INS_PROPOSAL, INS_OPEN, INS_NO_DAY);	/* created at proposal */
	add(&r, T - 60, INS_LEAD, INS_OUT_LOST, T - 2);		/* lost as a lead */
	add(&r, T - 200, INS_WON, INS_OUT_WON, T - 3);		/* before P: not in the cohort */
	add(&r, T - 150, INS_VERBAL, INS_OUT_LOST, T - 100);	/* closed before P: nowhere */
	compute(&r, &m);

	CHECK_INT(m.reached[INS_LEAD], 5);
	CHECK_INT(m.reached[INS_QUALIFIED], 4);
	CHECK_INT(m.reached[INS_PROPOSAL], 3);
	CHECK_INT(m.reached[INS_VERBAL], 1);
	CHECK_INT(m.reached[INS_WON], 1);
	CHECK_INT(m.v[INS_M_CREATED].value, 5);
	CHECK_INT(m.v[INS_M_QUALIFIED].value, 4);
	/* Conversions, each with its n. */
	CHECK_NEAR(m.v[INS_M_LEAD_QUALIFIED].value, 4 / 5.0);
	CHECK_INT(m.v[INS_M_LEAD_QUALIFIED].n, 5);
	CHECK(m.v[INS_M_LEAD_QUALIFIED].enough);
	CHECK_NEAR(m.v[INS_M_QUALIFIED_PROPOSAL].value, 3 / 4.0);
	CHECK_INT(m.v[INS_M_QUALIFIED_PROPOSAL].n, 4);
	CHECK(!m.v[INS_M_QUALIFIED_PROPOSAL].enough);
	CHECK_NEAR(m.v[INS_M_PROPOSAL_VERBAL].value, 1 / 3.0);
	CHECK_INT(m.v[INS_M_PROPOSAL_VERBAL].n, 3);
	CHECK_NEAR(m.v[INS_M_VERBAL_WON].value, 1.0);
	CHECK_INT(m.v[INS_M_VERBAL_WON].n, 1);

	/* Win rate over those closed in P: the one created before P and won in P counts. */
	CHECK_INT(m.won, 2);
	CHECK_INT(m.lost, 2);
	CHECK_NEAR(m.v[INS_M_WIN_RATE].value, 0.5);
	CHECK_INT(m.v[INS_M_WIN_RATE].n, 4);
	CHECK(m.v[INS_M_WIN_RATE].known);
	CHECK(!m.v[INS_M_WIN_RATE].enough);
}

static void
test_skipped_stage(void)
{
	struct rep r;
	struct ins_metrics m;

	/* Created straight at proposal: it passed lead and qualified. */
	rep_init(&r, 3);
	add(&r, T - 5, INS_PROPOSAL, INS_OPEN, INS_NO_DAY);
	compute(&r, &m);
	CHECK_INT(m.reached[INS_LEAD], 1);
	CHECK_INT(m.reached[INS_QUALIFIED], 1);
	CHECK_INT(m.reached[INS_PROPOSAL], 1);
	CHECK_INT(m.reached[INS_VERBAL], 0);
	CHECK_INT(m.open_count[INS_PROPOSAL], 1);

	/* Won straight from lead: a won one reached every stage, whatever its stage field says. */
	rep_init(&r, 3);
	struct ins_opp *o = add(&r, T - 5, INS_LEAD, INS_OUT_WON, T - 1);
	o->reached = INS_LEAD;
	o->verbal_day = INS_NO_DAY;
	compute(&r, &m);
	for (int s = 0; s < INS_NSTAGES; s++)
		CHECK_INT(m.reached[s], 1);
	/* No verbal day: no days to sign, but a sales cycle. */
	CHECK(!m.v[INS_M_DAYS_TO_SIGN].known);
	CHECK_NEAR(m.v[INS_M_CYCLE].value, 4);
}

static void
test_lost_stage(void)
{
	struct rep r;
	struct ins_metrics m;

	rep_init(&r, 4);
	add(&r, T - 30, INS_VERBAL, INS_OUT_LOST, T - 3);	/* lost at verbal */
	add(&r, T - 30, INS_QUALIFIED, INS_OUT_LOST, T - 3);	/* lost at qualified */
	add(&r, T - 30, INS_VERBAL, INS_OPEN, INS_NO_DAY);	/* verbal, not signed yet */
	add(&r, T - 30, INS_PROPOSAL, INS_OPEN, INS_NO_DAY);	/* no verbal commitment yet */
	compute(&r, &m);
	CHECK_INT(m.reached[INS_LEAD], 4);
	CHECK_INT(m.reached[INS_QUALIFIED], 4);
	CHECK_INT(m.reached[INS_PROPOSAL], 3);
	CHECK_INT(m.reached[INS_VERBAL], 2);
	CHECK_INT(m.reached[INS_WON], 0);
	CHECK_INT(m.verbal_lost, 1);
	CHECK_INT(m.verbal_open, 1);
	CHECK_INT(m.lost, 2);
	CHECK_INT(m.won, 0);
	CHECK_NEAR(m.v[INS_M_WIN_RATE].value, 0);
	CHECK(m.v[INS_M_WIN_RATE].known);
	CHECK(!m.v[INS_M_AVG_DEAL].known);
}

/* ---- win rate, average deal, cycle, days to sign ---- */

static void
test_win_rate_and_amounts(void)
{
	struct rep r;
	struct ins_metrics m;

	rep_init(&r, 5);
	add(&r, T - 40, 0, INS_OUT_WON, T - 10)->amount = 100000;
	add(&r, T - 40, 0, INS_OUT_WON, T - 10)->amount = 300000;
	add(&r, T - 40, 0, INS_OUT_WON, T - 10)->amount = INS_NO_AMOUNT;	/* counts, no amount */
	add(&r, T - 40, INS_PROPOSAL, INS_OUT_LOST, T - 10)->amount = 600000;
	add(&r, T - 40, INS_PROPOSAL, INS_OPEN, INS_NO_DAY)->amount = 999;	/* open: not closed */
	add(&r, T - 300, 0, INS_OUT_WON, T - 95)->amount = 777;	/* won before P */
	compute(&r, &m);

	CHECK_INT(m.won, 3);
	CHECK_INT(m.lost, 1);
	CHECK_NEAR(m.v[INS_M_WIN_RATE].value, 0.75);
	CHECK_INT(m.v[INS_M_WIN_RATE].n, 4);
	/* By amount: 4,000 won of 10,000 closed, over the 3 closed with an amount. */
	CHECK_INT(m.won_amount, 400000);
	CHECK_INT(m.lost_amount, 600000);
	CHECK_NEAR(m.v[INS_M_WIN_RATE_AMOUNT].value, 0.4);
	CHECK_INT(m.v[INS_M_WIN_RATE_AMOUNT].n, 3);
	/* Average deal: won in P with an amount only. */
	CHECK_NEAR(m.v[INS_M_AVG_DEAL].value, 200000);
	CHECK_INT(m.v[INS_M_AVG_DEAL].n, 2);
	CHECK(!m.v[INS_M_AVG_DEAL].enough);
}

static void
test_cycle_and_days_to_sign(void)
{
	struct rep r;
	struct ins_metrics m;

	/* Four won in P: cycles 10, 20, 40, 90 days -> median 30 (mean of the middle two);
	 * days to sign 2, 4, 9 (one had no verbal day) -> 4. */
	rep_init(&r, 6);
	add(&r, T - 20, 0, INS_OUT_WON, T - 10)->verbal_day = T - 12;
	add(&r, T - 25, 0, INS_OUT_WON, T - 5)->verbal_day = T - 9;
	add(&r, T - 41, 0, INS_OUT_WON, T - 1)->verbal_day = T - 10;
	add(&r, T - 100, 0, INS_OUT_WON, T - 10)->verbal_day = INS_NO_DAY;
	add(&r, T - 10, INS_VERBAL, INS_OUT_LOST, T - 2);	/* lost: no cycle */
	compute(&r, &m);
	CHECK_NEAR(m.v[INS_M_CYCLE].value, 30);
	CHECK_INT(m.v[INS_M_CYCLE].n, 4);
	CHECK_NEAR(m.v[INS_M_DAYS_TO_SIGN].value, 4);
	CHECK_INT(m.v[INS_M_DAYS_TO_SIGN].n, 3);

	/* Five: odd count, the middle one. */
	add(&r, T - 3, 0, INS_OUT_WON, T - 1)->verbal_day = T - 1;	/* cycle 2, sign 0 */
	compute(&r, &m);
	CHECK_NEAR(m.v[INS_M_CYCLE].value, 20);
	CHECK(m.v[INS_M_CYCLE].enough);
	CHECK_NEAR(m.v[INS_M_DAYS_TO_SIGN].value, 3);
}

/* ---- pipeline and stalled ---- */

static void
test_open_pipeline(void)
{
	struct rep r;
	struct ins_metrics m;

	rep_init(&r, 7);
	add(&r, T - 200, INS_LEAD, INS_OPEN, INS_NO_DAY)->amount = 100;
	add(&r, T - 5, INS_LEAD, INS_OPEN, INS_NO_DAY)->amount = INS_NO_AMOUNT;
	add(&r, T - 5, INS_PROPOSAL, INS_OPEN, INS_NO_DAY)->amount = 5000;
	add(&r, T - 5, INS_VERBAL, INS_OPEN, INS_NO_DAY)->amount = 7000;
	add(&r, T - 5, INS_VERBAL, INS_OPEN, INS_NO_DAY)->amount = 3000;
	add(&r, T - 5, INS_VERBAL, INS_OUT_LOST, T - 1);
	compute(&r, &m);
	CHECK_INT(m.open_count[INS_LEAD], 2);
	CHECK_INT(m.open_amount[INS_LEAD], 100);
	CHECK_INT(m.open_count[INS_QUALIFIED], 0);
	CHECK_INT(m.open_count[INS_PROPOSAL], 1);
	CHECK_INT(m.open_amount[INS_PROPOSAL], 5000);
	CHECK_INT(m.open_count[INS_VERBAL], 2);
	CHECK_INT(m.open_amount[INS_VERBAL], 10000);
	CHECK_INT(m.open_total, 5);
	CHECK_INT(m.open_amount_total, 15100);
	CHECK_INT(m.v[INS_M_OPEN_COUNT].value, 5);
}

static void
test_stalled_uses_anyones_activity(void)
{
	struct rep r;
	struct ins_metrics m;
	struct ins_opp *o;

	rep_init(&r, 8);
	/* Untouched for 40 days, but a colleague called the account 3 days ago: not stalled. */
	o = add(&r, T - 60, INS_QUALIFIED, INS_OPEN, INS_NO_DAY);
	o->stage_day = T - 40;
	o->last_activity_day = T - 3;
	/* No stage change nor activity for exactly 30 days: stalled. */
	o = add(&r, T - 60, INS_QUALIFIED, INS_OPEN, INS_NO_DAY);
	o->stage_day = T - 30;
	o->last_activity_day = T - 31;
	int64_t id30 = o->id;
	/* 29 days: not yet. */
	o = add(&r, T - 60, INS_QUALIFIED, INS_OPEN, INS_NO_DAY);
	o->stage_day = T - 29;
	o->last_activity_day = INS_NO_DAY;
	/* 50 days, no activity ever: stalled, and listed first. */
	o = add(&r, T - 50, INS_PROPOSAL, INS_OPEN, INS_NO_DAY);
	o->stage_day = T - 50;
	o->last_activity_day = INS_NO_DAY;
	int64_t id50 = o->id;
	/* A stage moved 2 days ago although nobody logged an activity: not stalled. */
	o = add(&r, T - 90, INS_VERBAL, INS_OPEN, INS_NO_DAY);
	o->stage_day = T - 2;
	o->last_activity_day = T - 80;
	/* Closed long ago: never stalled. */
	o = add(&r, T - 90, INS_VERBAL, INS_OUT_LOST, T - 80);
	o->last_activity_day = T - 80;
	compute(&r, &m);

	CHECK_INT(m.stalled_days, INS_STALLED_DAYS);
	CHECK_INT(m.nstalled, 2);
	CHECK_INT(m.stalled[0], id50);
	CHECK_INT(m.stalled[1], id30);
	CHECK_INT(m.v[INS_M_STALLED].value, 2);

	/* stalled_days from the config. */
	char err[64];
	CHECK_INT(ins_metrics_compute(&r.in, P, T, 45, &m, err, sizeof(err)), 0);
	CHECK_INT(m.nstalled, 1);
	CHECK_INT(m.stalled[0], id50);

	/* The stalled alert. */
	struct ins_bench b = { 0 };
	struct ins_result res;
	ins_findings(&m, &b, &res);
	CHECK(res.alerts & INS_ALERT_STALLED);
	CHECK(!(res.alerts & INS_ALERT_AT_RISK));
	CHECK_STR(ins_alert_name(INS_ALERT_STALLED), "stalled");
}

static void
test_stalled_list_is_capped(void)
{
	struct rep r;
	struct ins_metrics m;

	rep_init(&r, 9);
	for (int i = 0; i < INS_STALLED_MAX + 8; i++) {
		struct ins_opp *o = add(&r, T - 200, INS_LEAD, INS_OPEN, INS_NO_DAY);
		o->stage_day = T - 40 - i % 10;	/* ten idle lengths, several ids each */
		o->last_activity_day = INS_NO_DAY;
	}
	compute(&r, &m);
	CHECK_INT(m.nstalled, INS_STALLED_MAX + 8);
	/* Longest idle first (49 days: i = 9, 19, 29, 39), then by id. */
	CHECK_INT(m.stalled[0], r.opps[9].id);
	CHECK_INT(m.stalled[1], r.opps[19].id);
	CHECK_INT(m.stalled[3], r.opps[39].id);
	CHECK_INT(m.stalled[4], r.opps[8].id);
	for (int i = 1; i < INS_STALLED_MAX; i++)
		CHECK(m.stalled[i] != m.stalled[i - 1]);
}

/* ---- empty and invalid periods ---- */

static void
test_empty_period(void)
{
	struct rep r;
	struct ins_metrics m;
	char err[128] = "";

	rep_init(&r, 10);
	compute(&r, &m);
	CHECK_INT(m.days, 90);
	CHECK(!ins_metrics_active(&m));
	CHECK_NEAR(m.v[INS_M_ACTIVITY_WEEK].value, 0);
	CHECK(m.v[INS_M_ACTIVITY_WEEK].known);
	for (int s = 0; s < INS_NSTAGES; s++)
		CHECK_INT(m.reached[s], 0);
	CHECK(!m.v[INS_M_LEAD_QUALIFIED].known);
	CHECK(!m.v[INS_M_WIN_RATE].known);
	CHECK(!m.v[INS_M_WIN_RATE_AMOUNT].known);
	CHECK(!m.v[INS_M_AVG_DEAL].known);
	CHECK(!m.v[INS_M_CYCLE].known);
	CHECK(!m.v[INS_M_VELOCITY].known);
	CHECK_INT(m.nstalled, 0);
	CHECK_INT(m.pace.state, INS_PACE_NO_TARGET);
	CHECK_INT(m.pace.required_week, -1);

	/* Opportunities outside P leave the period empty too. */
	add(&r, T - 300, INS_LEAD, INS_OUT_LOST, T - 200);
	compute(&r, &m);
	CHECK(!ins_metrics_active(&m));
	CHECK_INT(m.reached[INS_LEAD], 0);

	/* A one-day period. */
	struct ins_period today = { T, T };
	CHECK_INT(ins_metrics_compute(&r.in, today, T, 0, &m, err, sizeof(err)), 0);
	CHECK_INT(m.days, 1);

	/* Backwards, or starting after today: refused with a reason. */
	struct ins_period back = { T, T - 1 };
	CHECK_INT(ins_metrics_compute(&r.in, back, T, 0, &m, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "period");
	struct ins_period future = { T + 1, T + 7 };
	CHECK_INT(ins_metrics_compute(&r.in, future, T, 0, &m, err, sizeof(err)), -1);
}

/* ---- target and pace ---- */

static void
pace_at(int y, int mo, int d, int64_t target, int64_t won, struct ins_metrics *m)
{
	struct rep r;
	char err[64];
	int today = cal_day(y, mo, d);
	struct ins_period p = { today - 6, today };

	rep_init(&r, 11);
	r.in.target = target;
	r.in.won_year = won;
	CHECK_INT(ins_metrics_compute(&r.in, p, today, 0, m, err, sizeof(err)), 0);
}

static void
test_pace_early_in_the_year(void)
{
	struct ins_metrics m;

	/* 10 January, nothing won yet: too early to tell, not at risk. */
	pace_at(2026, 1, 10, 36500000, 0, &m);
	CHECK_INT(m.pace.state, INS_PACE_TOO_EARLY);
	CHECK_NEAR(m.pace.year_gone, 10 / 365.0);
	CHECK(!m.v[INS_M_PACE].known);
	struct ins_bench b = { 0 };
	struct ins_result res;
	ins_findings(&m, &b, &res);
	CHECK(!(res.alerts & INS_ALERT_AT_RISK));
	/* The 14th is still too early; the 15th is not. */
	pace_at(2026, 1, 14, 36500000, 0, &m);
	CHECK_INT(m.pace.state, INS_PACE_TOO_EARLY);
	pace_at(2026, 1, 15, 36500000, 0, &m);
	CHECK_INT(m.pace.state, INS_PACE_AT_RISK);
}

static void
test_pace_mid_year(void)
{
	struct ins_metrics m;

	/* 2 July 2026 is day 183 of 365: 182 days left = 26 weeks. */
	pace_at(2026, 7, 2, 36500000, 18300000, &m);
	CHECK_NEAR(m.pace.year_gone, 183 / 365.0);
	CHECK_INT(m.pace.days_left, 182);
	CHECK_INT(m.pace.projected, 36500000);
	CHECK_INT(m.pace.remaining, 18200000);
	CHECK_INT(m.pace.required_week, 700000);	/* 18,200,000 / 26 */
	CHECK_INT(m.pace.state, INS_PACE_ON_TRACK);
	CHECK_NEAR(m.v[INS_M_PACE].value, 1.0);
	CHECK_INT(m.v[INS_M_WON_YEAR].value, 18300000);

	/* Rounded up: 100 cents over 182 days is 3.85 a week -> 4. */
	pace_at(2026, 7, 2, 18300100, 18300000, &m);
	CHECK_INT(m.pace.required_week, 4);

	/* Target reached: nothing more needed. */
	pace_at(2026, 7, 2, 100, 18300000, &m);
	CHECK_INT(m.pace.remaining, 0);
	CHECK_INT(m.pace.required_week, 0);
	CHECK_INT(m.pace.state, INS_PACE_ON_TRACK);

	/* Exactly 75 % projected is not at risk; a cent less is. */
	pace_at(2026, 7, 2, 36500000, 13725000, &m);	/* projected 27,375,000 = 75 % */
	CHECK_INT(m.pace.state, INS_PACE_ON_TRACK);
	pace_at(2026, 7, 2, 36500000, 13724999, &m);
	CHECK_INT(m.pace.state, INS_PACE_AT_RISK);

	/* A leap year has 366 days. */
	pace_at(2028, 12, 31, 100, 0, &m);
	CHECK_NEAR(m.pace.year_gone, 1.0);
	CHECK_INT(m.pace.days_left, 0);
}

static void
test_pace_last_week(void)
{
	struct ins_metrics m;

	/* 28 December: 3 days left, under a week: the whole remainder is needed this week. */
	pace_at(2026, 12, 28, 10000000, 9000000, &m);
	CHECK_INT(m.pace.days_left, 3);
	CHECK_INT(m.pace.remaining, 1000000);
	CHECK_INT(m.pace.required_week, 1000000);
	/* 24 December: 7 days left, exactly a week. */
	pace_at(2026, 12, 24, 10000000, 9000000, &m);
	CHECK_INT(m.pace.days_left, 7);
	CHECK_INT(m.pace.required_week, 1000000);
	/* 10 December: 21 days left = 3 weeks. */
	pace_at(2026, 12, 10, 10000000, 9100000, &m);
	CHECK_INT(m.pace.required_week, 300000);
	/* No target: no pace. */
	pace_at(2026, 12, 10, -1, 9100000, &m);
	CHECK_INT(m.pace.state, INS_PACE_NO_TARGET);
	CHECK(!m.v[INS_M_PACE].known);
}

/* ---- velocity ---- */

static void
test_velocity(void)
{
	struct rep r;
	struct ins_metrics m;

	/* 5 won (amount 10,000 each, cycle 14 days), 5 lost, 4 open: 4 x 0.5 x 1,000,000 cents
	 * x 7 / 14 = 1,000,000 cents a week. */
	rep_init(&r, 12);
	for (int i = 0; i < 5; i++) {
		add(&r, T - 20, 0, INS_OUT_WON, T - 6);
		add(&r, T - 20, INS_PROPOSAL, INS_OUT_LOST, T - 6);
	}
	for (int i = 0; i < 4; i++)
		add(&r, T - 20, INS_PROPOSAL, INS_OPEN, INS_NO_DAY);
	compute(&r, &m);
	CHECK_NEAR(m.v[INS_M_CYCLE].value, 14);
	CHECK_NEAR(m.velocity, 1000000);
	CHECK_NEAR(m.v[INS_M_VELOCITY].value, 1000000);
	CHECK(m.v[INS_M_VELOCITY].enough);
	CHECK_INT(m.v[INS_M_VELOCITY].n, 10);
}

static void
test_velocity_min_cycle(void)
{
	struct rep r;
	struct ins_metrics m;

	/* Won the day they were created: a cycle of 0 is read as 1 day. 10 open x 0.5 x
	 * 1,000,000 x 7 / 1 = 35,000,000 cents a week. */
	rep_init(&r, 13);
	for (int i = 0; i < 5; i++) {
		add(&r, T - 6, 0, INS_OUT_WON, T - 6);
		add(&r, T - 20, INS_PROPOSAL, INS_OUT_LOST, T - 6);
	}
	for (int i = 0; i < 10; i++)
		add(&r, T - 20, INS_PROPOSAL, INS_OPEN, INS_NO_DAY);
	compute(&r, &m);
	CHECK_NEAR(m.v[INS_M_CYCLE].value, 0);
	CHECK(m.v[INS_M_CYCLE].known);
	CHECK_NEAR(m.velocity, 35000000);

	/* Nothing won of 5 closed: velocity 0, known, though there is no average deal. */
	rep_init(&r, 13);
	for (int i = 0; i < 5; i++)
		add(&r, T - 20, INS_PROPOSAL, INS_OUT_LOST, T - 6);
	add(&r, T - 20, INS_PROPOSAL, INS_OPEN, INS_NO_DAY);
	compute(&r, &m);
	CHECK(m.v[INS_M_VELOCITY].known);
	CHECK_NEAR(m.velocity, 0);
}

/* ---- benchmark: medians and quartiles ---- */

/* Hand-made metrics: every value known; sampled ones with the given n. */
static void
fake(struct ins_metrics *m, int64_t id, double value, int n)
{
	memset(m, 0, sizeof(*m));
	m->rep_id = id;
	for (int k = 0; k < INS_M_COUNT; k++) {
		bool s = ins_metric_sampled(k);
		m->v[k] = (struct ins_value){ value, s ? n : 0, true, !s || n >= INS_MIN_N, INS_GAP_NONE };
	}
}

static void
test_median_odd_and_even(void)
{
	struct ins_metrics o[4];
	struct ins_bench b;

	fake(&o[0], 1, 10, 9);
	fake(&o[1], 2, 30, 9);
	fake(&o[2], 3, 20, 9);
	CHECK_INT(ins_benchmark(o, 3, &b), 0);
	CHECK_NEAR(b.median[INS_M_CALLS_WEEK], 20);
	CHECK_INT(b.nreps[INS_M_CALLS_WEEK], 3);
	CHECK_NEAR(b.median[INS_M_WIN_RATE], 20);

	fake(&o[3], 4, 100, 9);
	CHECK_INT(ins_benchmark(o, 4, &b), 0);
	CHECK_NEAR(b.median[INS_M_CALLS_WEEK], 25);	/* (20 + 30) / 2 */
	CHECK_INT(b.nreps[INS_M_CALLS_WEEK], 4);

	/* Nobody: no benchmark. */
	CHECK_INT(ins_benchmark(o, 0, &b), 0);
	CHECK_INT(b.nreps[INS_M_CALLS_WEEK], 0);
	CHECK_NEAR(b.median[INS_M_CALLS_WEEK], 0);
}

static void
test_benchmark_leaves_the_rep_out(void)
{
	struct ins_metrics o[5];
	struct ins_bench b;

	for (int i = 0; i < 5; i++)
		fake(&o[i], 100 + i, 10 * (i + 1), 9);		/* 10 20 30 40 50 */
	struct ins_team *t = ins_team_new(o, 5);
	CHECK(t != NULL);
	CHECK_INT(ins_team_size(t), 5);
	/* The others of the lowest: 20 30 40 50 -> 35; of the middle: 10 20 40 50 -> 30;
	 * of the highest: 10 20 30 40 -> 25. */
	ins_team_benchmark(t, 0, &b);
	CHECK_NEAR(b.median[INS_M_CREATED], 35);
	CHECK_INT(b.nreps[INS_M_CREATED], 4);
	ins_team_benchmark(t, 2, &b);
	CHECK_NEAR(b.median[INS_M_CREATED], 30);
	ins_team_benchmark(t, 4, &b);
	CHECK_NEAR(b.median[INS_M_CREATED], 25);
	/* Someone outside the team: all five -> 30. */
	ins_team_benchmark(t, INS_NOT_MEMBER, &b);
	CHECK_NEAR(b.median[INS_M_CREATED], 30);
	CHECK_INT(b.nreps[INS_M_CREATED], 5);
	ins_team_free(t);
	ins_team_free(NULL);

	/* Equal values: leaving one out leaves the others. */
	for (int i = 0; i < 3; i++)
		fake(&o[i], 200 + i, 7, 9);
	t = ins_team_new(o, 3);
	ins_team_benchmark(t, 1, &b);
	CHECK_NEAR(b.median[INS_M_CREATED], 7);
	CHECK_INT(b.nreps[INS_M_CREATED], 2);
	ins_team_free(t);
}

static void
test_benchmark_rates_need_enough_data(void)
{
	struct ins_metrics o[4];
	struct ins_bench b;

	/* Win rates 0.1 (n=4), 0.5 (n=5), 0.6 (n=8), 0.9 (n=20): the n=4 one is left out of the
	 * rate's median (0.6), but its calls count (median of 1 2 3 4 = 2.5). */
	double rate[4] = { 0.1, 0.5, 0.6, 0.9 };
	int n[4] = { 4, 5, 8, 20 };
	for (int i = 0; i < 4; i++) {
		fake(&o[i], i + 1, i + 1, n[i]);
		o[i].v[INS_M_WIN_RATE].value = rate[i];
	}
	CHECK_INT(ins_benchmark(o, 4, &b), 0);
	CHECK_NEAR(b.median[INS_M_WIN_RATE], 0.6);
	CHECK_INT(b.nreps[INS_M_WIN_RATE], 3);
	CHECK_NEAR(b.median[INS_M_CALLS_WEEK], 2.5);
	CHECK_INT(b.nreps[INS_M_CALLS_WEEK], 4);

	/* An unknown value is left out of any metric. */
	o[3].v[INS_M_PACE].known = false;
	o[3].v[INS_M_PACE].enough = false;
	CHECK_INT(ins_benchmark(o, 4, &b), 0);
	CHECK_INT(b.nreps[INS_M_PACE], 3);
	CHECK_NEAR(b.median[INS_M_PACE], 2);
}

static void
test_quartiles(void)
{
	double a4[] = { 1, 2, 3, 4 };
	double a10[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	double a1[] = { 42 };

	/* As a spreadsheet's QUARTILE.INC. */
	CHECK_NEAR(ins_quartile(a4, 4, 0), 1);
	CHECK_NEAR(ins_quartile(a4, 4, 1), 1.75);
	CHECK_NEAR(ins_quartile(a4, 4, 2), 2.5);
	CHECK_NEAR(ins_quartile(a4, 4, 3), 3.25);
	CHECK_NEAR(ins_quartile(a4, 4, 4), 4);
	CHECK_NEAR(ins_quartile(a10, 10, 1), 3.25);
	CHECK_NEAR(ins_quartile(a10, 10, 3), 7.75);
	CHECK_NEAR(ins_quartile(a1, 1, 1), 42);
	CHECK_NEAR(ins_quartile(a1, 0, 2), 0);

	/* Through a team: unsorted input, sorted once. */
	struct ins_metrics o[5];
	double v[5] = { 9, 1, 7, 3, 5 };
	for (int i = 0; i < 5; i++)
		fake(&o[i], i + 1, v[i], 9);
	struct ins_team *t = ins_team_new(o, 5);
	double q[5];
	CHECK_INT(ins_team_quartiles(t, INS_M_F2F_WEEK, q), 5);
	CHECK_NEAR(q[0], 1);
	CHECK_NEAR(q[1], 3);
	CHECK_NEAR(q[2], 5);
	CHECK_NEAR(q[3], 7);
	CHECK_NEAR(q[4], 9);
	ins_team_free(t);

	t = ins_team_new(o, 0);
	CHECK_INT(ins_team_quartiles(t, INS_M_F2F_WEEK, q), 0);
	CHECK_NEAR(q[2], 0);
	ins_team_free(t);
}

/* ---- findings, on hand-made metrics and benchmarks ---- */

/* A rep at the benchmark on everything, with plenty of data; the bench all 1. */
static void
typical(struct ins_metrics *m, struct ins_bench *b)
{
	fake(m, 50, 1, 20);
	for (int k = 0; k < INS_M_COUNT; k++) {
		b->median[k] = 1;
		b->nreps[k] = 4;
	}
}

static void
set(struct ins_metrics *m, enum ins_metric k, double value, int n)
{
	bool s = ins_metric_sampled(k);

	m->v[k] = (struct ins_value){ value, s ? n : 0, true, !s || n >= INS_MIN_N, INS_GAP_NONE };
}

static void
test_findings_none_for_a_typical_rep(void)
{
	struct ins_metrics m;
	struct ins_bench b;
	struct ins_result res;

	typical(&m, &b);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.rep_id, 50);
	CHECK_INT(res.main, INS_F_NONE);
	CHECK_INT(res.nstrengths, 0);
	CHECK_INT(res.alerts, 0);
	for (int i = 0; i < INS_F_COUNT; i++) {
		CHECK_INT(res.f[i].status, INS_FS_NONE);
		CHECK_INT(res.f[i].metric, ins_finding_metric(i));
		CHECK_NEAR(res.f[i].ratio, 1);
	}
	CHECK_STR(ins_finding_name(INS_F_NONE), "none");
}

static void
test_findings_thresholds(void)
{
	struct ins_metrics m;
	struct ins_bench b;
	struct ins_result res;

	/* Exactly 0.6 x is low. */
	typical(&m, &b);
	b.median[INS_M_F2F_WEEK] = 5;
	set(&m, INS_M_F2F_WEEK, 3, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_FACE_TO_FACE].status, INS_FS_FOUND);
	CHECK_NEAR(res.f[INS_F_FACE_TO_FACE].shortfall, 0.4);
	CHECK_INT(res.main, INS_F_FACE_TO_FACE);
	CHECK_STR(ins_finding_name(res.main), "face_to_face");
	/* Just above: nothing. */
	set(&m, INS_M_F2F_WEEK, 3.01, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_FACE_TO_FACE].status, INS_FS_NONE);
	CHECK_INT(res.main, INS_F_NONE);

	/* Exactly 1.25 x is a strength; a bit under is not. */
	set(&m, INS_M_F2F_WEEK, 6.25, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.nstrengths, 1);
	CHECK_INT(res.strengths[0], INS_M_F2F_WEEK);
	CHECK(ins_result_strong(&res, INS_M_F2F_WEEK));
	set(&m, INS_M_F2F_WEEK, 6.2, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.nstrengths, 0);

	/* A benchmark of zero makes no finding (and no strength). */
	b.median[INS_M_F2F_WEEK] = 0;
	set(&m, INS_M_F2F_WEEK, 0, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_FACE_TO_FACE].status, INS_FS_NONE);
	set(&m, INS_M_F2F_WEEK, 3, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.nstrengths, 0);

	/* Nobody to compare with. */
	b.nreps[INS_M_F2F_WEEK] = 0;
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_FACE_TO_FACE].status, INS_FS_NO_BENCHMARK);
}

static void
test_small_sample_guard(void)
{
	struct ins_metrics m;
	struct ins_bench b;
	struct ins_result res;

	/* Win rate 0 of 4 closed, many created: too few to tell, so no closing finding. */
	typical(&m, &b);
	set(&m, INS_M_WIN_RATE, 0, 4);
	set(&m, INS_M_CREATED, 3, 0);
	ins_findings(&m, &b, &res);
	CHECK(!m.v[INS_M_WIN_RATE].enough);
	CHECK_INT(res.f[INS_F_CLOSING].status, INS_FS_NEEDS_DATA);
	CHECK_INT(res.main, INS_F_NONE);
	/* Its volume guard (win rate >= benchmark) cannot be told either. */
	set(&m, INS_M_QUALIFIED, 0.1, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_VOLUME].status, INS_FS_NEEDS_DATA);
	CHECK_INT(res.main, INS_F_NONE);
	/* With n = 5 the same rate makes the finding. */
	set(&m, INS_M_QUALIFIED, 1, 0);
	set(&m, INS_M_WIN_RATE, 0, INS_MIN_N);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_CLOSING].status, INS_FS_FOUND);
	CHECK_INT(res.main, INS_F_CLOSING);
	CHECK_NEAR(res.f[INS_F_CLOSING].shortfall, 1);

	/* Through the metrics: 4 closed from opportunities -> not enough data. */
	struct rep r;
	struct ins_metrics mm;
	rep_init(&r, 51);
	for (int i = 0; i < 4; i++)
		add(&r, T - 20, INS_PROPOSAL, INS_OUT_LOST, T - 6);
	compute(&r, &mm);
	CHECK_INT(mm.v[INS_M_WIN_RATE].n, 4);
	CHECK(mm.v[INS_M_WIN_RATE].known);
	CHECK(!mm.v[INS_M_WIN_RATE].enough);
	/* And a high value over a small sample is no strength. */
	typical(&m, &b);
	set(&m, INS_M_WIN_RATE, 3, 4);
	ins_findings(&m, &b, &res);
	CHECK(!ins_result_strong(&res, INS_M_WIN_RATE));
}

static void
test_findings_conditions(void)
{
	struct ins_metrics m;
	struct ins_bench b;
	struct ins_result res;

	/* Closing needs created >= benchmark. */
	typical(&m, &b);
	set(&m, INS_M_WIN_RATE, 0.3, 10);
	set(&m, INS_M_CREATED, 0.9, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_CLOSING].status, INS_FS_NONE);
	set(&m, INS_M_CREATED, 1, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_CLOSING].status, INS_FS_FOUND);

	/* Volume needs win rate >= benchmark. */
	typical(&m, &b);
	set(&m, INS_M_QUALIFIED, 0.5, 0);
	set(&m, INS_M_WIN_RATE, 0.9, 10);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_VOLUME].status, INS_FS_NONE);
	set(&m, INS_M_WIN_RATE, 1.1, 10);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_VOLUME].status, INS_FS_FOUND);
	CHECK_INT(res.main, INS_F_VOLUME);
	CHECK_STR(ins_finding_name(res.main), "opportunity_volume");

	/* Verbal not signed: on its own; not when closing is found. */
	typical(&m, &b);
	set(&m, INS_M_VERBAL_WON, 0.2, 10);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_VERBAL].status, INS_FS_FOUND);
	CHECK_INT(res.main, INS_F_VERBAL);
	set(&m, INS_M_WIN_RATE, 0.5, 10);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_VERBAL].status, INS_FS_NONE);
	CHECK_INT(res.main, INS_F_CLOSING);

	/* Qualification: leads >= benchmark and lead -> qualified low. */
	typical(&m, &b);
	set(&m, INS_M_LEAD_QUALIFIED, 0.4, 30);
	set(&m, INS_M_CREATED, 2, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_QUALIFICATION].status, INS_FS_FOUND);
	CHECK_INT(res.main, INS_F_QUALIFICATION);
	CHECK(ins_result_strong(&res, INS_M_LEAD_QUALIFIED) == false);
	set(&m, INS_M_CREATED, 0.5, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_QUALIFICATION].status, INS_FS_NONE);

	/* Activity. */
	typical(&m, &b);
	set(&m, INS_M_ACTIVITY_WEEK, 0.5, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.main, INS_F_ACTIVITY);
	CHECK_STR(ins_finding_name(res.main), "activity");
}

static void
test_main_finding_largest_shortfall_and_ties(void)
{
	struct ins_metrics m;
	struct ins_bench b;
	struct ins_result res;

	/* Activity 0.2 (shortfall 0.8) beats face to face 0.5 (0.5) though lower in the table. */
	typical(&m, &b);
	set(&m, INS_M_F2F_WEEK, 0.5, 0);
	set(&m, INS_M_ACTIVITY_WEEK, 0.2, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.f[INS_F_FACE_TO_FACE].status, INS_FS_FOUND);
	CHECK_INT(res.f[INS_F_ACTIVITY].status, INS_FS_FOUND);
	CHECK_INT(res.main, INS_F_ACTIVITY);
	/* A tie goes to the one higher in the table. */
	set(&m, INS_M_ACTIVITY_WEEK, 0.5, 0);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.main, INS_F_FACE_TO_FACE);
	/* Computed ratios that tie only up to rounding still tie: 0.3/0.6 vs 0.5. */
	b.median[INS_M_F2F_WEEK] = 0.6;
	set(&m, INS_M_F2F_WEEK, 0.3, 0);
	set(&m, INS_M_QUALIFIED, 0.5, 0);
	set(&m, INS_M_WIN_RATE, 1, 10);
	ins_findings(&m, &b, &res);
	CHECK_INT(res.main, INS_F_VOLUME);
}

/* ---- pairing on hand-made results ---- */

static void
result(struct ins_result *r, int64_t id, enum ins_finding main, const double val[INS_F_COUNT],
    unsigned strong)
{
	memset(r, 0, sizeof(*r));
	r->rep_id = id;
	r->main = main;
	for (int i = 0; i < INS_F_COUNT; i++) {
		r->f[i].metric = ins_finding_metric(i);
		r->f[i].rep = (struct ins_value){ val[i], 10, true, true, INS_GAP_NONE };
		if (strong & 1u << i)
			r->strengths[r->nstrengths++] = ins_finding_metric(i);
	}
}

static void
test_pairing_mutual_and_mentor(void)
{
	struct ins_result r[4], rev[4];
	struct ins_pair out[4];
	double v1[INS_F_COUNT] = { 0.2, 30, 0.5, 0.8, 5, 20 };
	double v2[INS_F_COUNT] = { 0.8, 5, 0.5, 0.8, 5, 20 };
	double v3[INS_F_COUNT] = { 0.9, 4, 0.5, 0.8, 5, 20 };
	double v4[INS_F_COUNT] = { 0.5, 12, 0.5, 0.8, 5, 20 };

	/* 1 closes badly but fills the pipeline; 2 and 3 close well with few opportunities; 3
	 * closes best. 4 has no main finding. */
	result(&r[0], 1, INS_F_CLOSING, v1, 1u << INS_F_VOLUME);
	result(&r[1], 2, INS_F_VOLUME, v2, 1u << INS_F_CLOSING);
	result(&r[2], 3, INS_F_VOLUME, v3, 1u << INS_F_CLOSING);
	result(&r[3], 4, INS_F_NONE, v4, 0);
	CHECK_INT(ins_pairing(r, 4, out), 2);
	CHECK_INT(out[0].kind, INS_PAIR_MUTUAL);
	CHECK_INT(out[0].a, 1);
	CHECK_INT(out[0].b, 3);
	CHECK_INT(out[0].a_finding, INS_F_CLOSING);
	CHECK_INT(out[0].b_finding, INS_F_VOLUME);
	/* 2 is left without a partner: the strongest on qualified opportunities mentors. */
	CHECK_INT(out[1].kind, INS_PAIR_MENTOR);
	CHECK_INT(out[1].a, 2);
	CHECK_INT(out[1].b, 1);
	CHECK_INT(out[1].a_finding, INS_F_VOLUME);
	CHECK_INT(out[1].b_finding, INS_F_NONE);

	/* Deterministic: the same answer for the input reversed. */
	for (int i = 0; i < 4; i++)
		rev[i] = r[3 - i];
	struct ins_pair out2[4];
	CHECK_INT(ins_pairing(rev, 4, out2), 2);
	for (int i = 0; i < 2; i++) {
		CHECK_INT(out2[i].kind, out[i].kind);
		CHECK_INT(out2[i].a, out[i].a);
		CHECK_INT(out2[i].b, out[i].b);
		CHECK_INT(out2[i].a_finding, out[i].a_finding);
		CHECK_INT(out2[i].b_finding, out[i].b_finding);
	}

	CHECK_INT(ins_pairing(r, 0, out), 0);
}

static void
test_pairing_mentor_is_the_strongest(void)
{
	struct ins_result r[4];
	struct ins_pair out[4];
	double weak[INS_F_COUNT] = { 0.5, 12, 0.5, 0.8, 1, 20 };
	double six[INS_F_COUNT] = { 0.5, 12, 0.5, 0.8, 6, 20 };
	double nine[INS_F_COUNT] = { 0.5, 12, 0.5, 0.8, 9, 20 };

	/* 5 hardly meets clients. 3 and 4 are strong at 6 a week (tie: the lower id); 2 meets 9
	 * a week but that is not a strength against its own benchmark. */
	result(&r[0], 5, INS_F_FACE_TO_FACE, weak, 0);
	result(&r[1], 4, INS_F_NONE, six, 1u << INS_F_FACE_TO_FACE);
	result(&r[2], 3, INS_F_NONE, six, 1u << INS_F_FACE_TO_FACE);
	result(&r[3], 2, INS_F_NONE, nine, 0);
	CHECK_INT(ins_pairing(r, 4, out), 1);
	CHECK_INT(out[0].kind, INS_PAIR_MENTOR);
	CHECK_INT(out[0].a, 5);
	CHECK_INT(out[0].b, 3);
	CHECK_INT(out[0].a_finding, INS_F_FACE_TO_FACE);

	/* Nobody strong on it: no suggestion. */
	result(&r[1], 4, INS_F_NONE, six, 0);
	result(&r[2], 3, INS_F_NONE, six, 0);
	CHECK_INT(ins_pairing(r, 4, out), 0);
}

/* ---- rules that real data made necessary (metrics.md) ---- */

/* Days to sign and the cycle use recorded stage days only: a jump's implied verbal has none. */
static void
test_recorded_vs_implied_stage_dates(void)
{
	struct rep r;
	struct ins_metrics m;

	rep_init(&r, 40);
	/* Five deals walked to verbal 12 days before the win: recorded. */
	for (int i = 0; i < 5; i++) {
		struct ins_opp *o = add(&r, T - 60, INS_WON, INS_OUT_WON, T - 5 - i);
		o->verbal_day = o->closed_day - 12;
	}
	/* Six logged straight to won: verbal implied (no day), and no recorded start either. */
	for (int i = 0; i < 6; i++) {
		struct ins_opp *o = add(&r, T - 8 - i, INS_WON, INS_OUT_WON, T - 8 - i);
		o->verbal_day = INS_NO_DAY;
		o->start_implied = true;
	}
	compute(&r, &m);
	CHECK_INT(m.won, 11);
	CHECK_INT(m.sign_unrecorded, 6);
	CHECK_INT(m.cycle_unrecorded, 6);
	/* Not a median of 0 over 11 (the six jumps read as signed the day they were verbal). */
	CHECK_NEAR(m.v[INS_M_DAYS_TO_SIGN].value, 12);
	CHECK_INT(m.v[INS_M_DAYS_TO_SIGN].n, 5);
	CHECK(m.v[INS_M_DAYS_TO_SIGN].enough);
	CHECK_INT(m.v[INS_M_CYCLE].n, 5);
	CHECK_NEAR(m.v[INS_M_CYCLE].value, 53);	/* created T-60, won T-5..T-9 */
	/* The funnel still counts the jumps as having passed verbal. */
	CHECK_INT(m.reached[INS_VERBAL], 11);

	/* Only jumps: "not recorded", nothing to cite, no velocity from a made-up cycle. */
	rep_init(&r, 41);
	for (int i = 0; i < 6; i++) {
		struct ins_opp *o = add(&r, T - 8 - i, INS_WON, INS_OUT_WON, T - 8 - i);
		o->verbal_day = INS_NO_DAY;
		o->start_implied = true;
	}
	add(&r, T - 30, INS_QUALIFIED, INS_OPEN, INS_NO_DAY);
	compute(&r, &m);
	CHECK(!m.v[INS_M_DAYS_TO_SIGN].known);
	CHECK_INT(m.v[INS_M_DAYS_TO_SIGN].gap, INS_GAP_UNRECORDED);
	CHECK(!m.v[INS_M_CYCLE].known);
	CHECK_INT(m.v[INS_M_CYCLE].gap, INS_GAP_UNRECORDED);
	CHECK(!m.v[INS_M_VELOCITY].known);
	CHECK_INT(m.v[INS_M_VELOCITY].gap, INS_GAP_UNRECORDED);
	CHECK(m.v[INS_M_WIN_RATE].enough);

	/* The findings carry it along uncitable, and the benchmark leaves the rep out of it. */
	struct ins_bench b;
	struct ins_result res;
	CHECK_INT(ins_benchmark(&m, 1, &b), 0);
	CHECK_INT(b.nreps[INS_M_DAYS_TO_SIGN], 0);
	CHECK_INT(b.nreps[INS_M_WIN_RATE], 1);
	ins_findings(&m, &b, &res);
	CHECK(!res.days_to_sign.known);
	CHECK_INT(res.days_to_sign.gap, INS_GAP_UNRECORDED);

	/* Nothing won: no gap, just nothing. */
	rep_init(&r, 42);
	compute(&r, &m);
	CHECK_INT(m.v[INS_M_DAYS_TO_SIGN].gap, INS_GAP_NONE);
}

/* A rep whose first entry falls inside the period: per week over the days since. */
static void
test_rep_started_inside_the_period(void)
{
	struct rep r;
	struct ins_metrics m;

	rep_init(&r, 50);
	rep_acts(&r, 8, 4, 2, 2);
	r.in.first_day = T - 27;	/* four weeks ago, today included */
	compute(&r, &m);
	CHECK_INT(m.since, T - 27);
	CHECK_INT(m.days, 28);
	CHECK_NEAR(m.v[INS_M_CALLS_WEEK].value, 2.0);	/* not 8 x 7 / 90 = 0.6 */
	CHECK_NEAR(m.v[INS_M_F2F_WEEK].value, 1.0);
	CHECK_NEAR(m.v[INS_M_ACTIVITY_WEEK].value, 4.0);

	/* Started on the period's first day, before it, or unknown: the whole period. */
	int firsts[] = { P.from, P.from - 100, 0, INS_NO_DAY };
	for (size_t i = 0; i < sizeof(firsts) / sizeof(firsts[0]); i++) {
		r.in.first_day = firsts[i];
		compute(&r, &m);
		CHECK_INT(m.since, INS_NO_DAY);
		CHECK_INT(m.days, 90);
	}

	/* Pace over the part of the year since the first day: $100k won in the 28 days since
	 * 18 July of a $400k target. Over the whole year that is at risk (100k / (226/365) =
	 * 161k); over the 167 days since 18 July it projects 100k x 167 / 28 = 596k. */
	r.in.first_day = T - 27;
	r.in.target = 40000000;
	r.in.won_year = 10000000;
	compute(&r, &m);
	int len = cal_day(2027, 1, 1) - (T - 27);
	CHECK_INT(m.pace.from, T - 27);
	CHECK_NEAR(m.pace.year_gone, 28.0 / len);
	CHECK_INT(m.pace.state, INS_PACE_ON_TRACK);
	CHECK_INT(m.pace.projected, llround(10000000.0 * len / 28));
	r.in.first_day = cal_day(2025, 12, 1);	/* since last year: the whole year */
	compute(&r, &m);
	CHECK_INT(m.pace.from, cal_day(2026, 1, 1));
	CHECK_INT(m.pace.state, INS_PACE_AT_RISK);
	/* In their first two weeks it is too early to tell. */
	r.in.first_day = T - 3;
	compute(&r, &m);
	CHECK_INT(m.pace.state, INS_PACE_TOO_EARLY);
}

/* The rate by amount needs amounts on both sides: a lost deal without one is not $0 lost. */
static void
test_win_rate_by_amount_needs_both_sides(void)
{
	struct rep r;
	struct ins_metrics m;

	rep_init(&r, 60);
	gen(&r, 6, INS_WON, INS_OUT_WON);
	for (int i = 0; i < 4; i++)
		add(&r, T - 50, INS_QUALIFIED, INS_OUT_LOST, T - 20)->amount = i % 2 ? 0 :
		    INS_NO_AMOUNT;
	compute(&r, &m);
	CHECK_INT(m.lost, 4);
	CHECK_INT(m.lost_amounts, 0);
	CHECK_NEAR(m.v[INS_M_WIN_RATE].value, 0.6);
	CHECK(!m.v[INS_M_WIN_RATE_AMOUNT].known);	/* not 100 % */
	CHECK(!m.v[INS_M_WIN_RATE_AMOUNT].enough);
	CHECK_INT(m.v[INS_M_WIN_RATE_AMOUNT].gap, INS_GAP_NO_LOST_AMOUNTS);

	/* One lost deal with an amount: a rate over the deals with amounts, zero ones aside. */
	add(&r, T - 50, INS_QUALIFIED, INS_OUT_LOST, T - 20)->amount = 3 * AMOUNT;
	compute(&r, &m);
	CHECK_INT(m.lost_amounts, 1);
	CHECK_INT(m.v[INS_M_WIN_RATE_AMOUNT].n, 7);
	CHECK_NEAR(m.v[INS_M_WIN_RATE_AMOUNT].value, 6.0 / 9);
	CHECK(m.v[INS_M_WIN_RATE_AMOUNT].enough);
	CHECK_INT(m.v[INS_M_WIN_RATE_AMOUNT].gap, INS_GAP_NONE);

	/* Won deals without amounts: the same from the other side. */
	rep_init(&r, 61);
	for (int i = 0; i < 5; i++)
		add(&r, T - 50, INS_WON, INS_OUT_WON, T - 20)->amount = INS_NO_AMOUNT;
	add(&r, T - 50, INS_QUALIFIED, INS_OUT_LOST, T - 20);
	compute(&r, &m);
	CHECK(!m.v[INS_M_WIN_RATE_AMOUNT].known);
	CHECK_INT(m.v[INS_M_WIN_RATE_AMOUNT].gap, INS_GAP_NO_WON_AMOUNTS);

	/* Nothing lost at all: every closed amount is won. */
	rep_init(&r, 62);
	gen(&r, 5, INS_WON, INS_OUT_WON);
	compute(&r, &m);
	CHECK_NEAR(m.v[INS_M_WIN_RATE_AMOUNT].value, 1.0);
	CHECK(m.v[INS_M_WIN_RATE_AMOUNT].enough);
}

/* Mentors and pairs come from the rep's own team first; across teams only when none fits. */
static void
test_pairing_own_team_first(void)
{
	struct ins_result r[4];
	struct ins_pair out[4];
	double closer[INS_F_COUNT] = { 0.2, 30, 0.5, 0.8, 5, 20 };
	double good[INS_F_COUNT] = { 0.7, 12, 0.5, 0.8, 5, 20 };
	double best[INS_F_COUNT] = { 0.95, 5, 0.5, 0.8, 5, 20 };

	/* 1 (team 10) closes badly; 2 (team 10) closes well; 3 (team 20) closes best and has
	 * few opportunities, where 1 is strong: without teams, 1 and 3 would pair. */
	result(&r[0], 1, INS_F_CLOSING, closer, 1u << INS_F_VOLUME);
	result(&r[1], 2, INS_F_NONE, good, 1u << INS_F_CLOSING);
	result(&r[2], 3, INS_F_VOLUME, best, 1u << INS_F_CLOSING);
	r[0].team = r[1].team = 10;
	r[2].team = 20;
	CHECK_INT(ins_pairing(r, 3, out), 2);
	CHECK_INT(out[0].kind, INS_PAIR_MENTOR);	/* 2 within the team, not 3 across */
	CHECK_INT(out[0].a, 1);
	CHECK_INT(out[0].b, 2);
	CHECK(!out[0].cross_team);
	/* 3's team has nobody strong on opportunities: 1 mentors across teams, and says so. */
	CHECK_INT(out[1].kind, INS_PAIR_MENTOR);
	CHECK_INT(out[1].a, 3);
	CHECK_INT(out[1].b, 1);
	CHECK(out[1].cross_team);

	/* Without 2, 1 and 3 pair across teams. */
	r[1].nstrengths = 0;
	CHECK_INT(ins_pairing(r, 3, out), 1);
	CHECK_INT(out[0].kind, INS_PAIR_MUTUAL);
	CHECK_INT(out[0].a, 1);
	CHECK_INT(out[0].b, 3);
	CHECK(out[0].cross_team);

	/* One team: as before, and nothing is marked. */
	r[2].team = 10;
	CHECK_INT(ins_pairing(r, 3, out), 1);
	CHECK(!out[0].cross_team);
}

/* ---- the worked example of metrics.md, end to end ---- */

/* Four reps around the team median: about 14 created, 12 qualified, half of the closed won. */
static void
median_reps(struct rep *r)
{
	rep_init(&r[0], 11);		/* 14 created, 12 qualified, 5 won of 10 */
	gen(&r[0], 5, INS_WON, INS_OUT_WON);
	gen(&r[0], 2, INS_LEAD, INS_OUT_LOST);
	gen(&r[0], 2, INS_PROPOSAL, INS_OUT_LOST);
	gen(&r[0], 1, INS_VERBAL, INS_OUT_LOST);
	gen(&r[0], 2, INS_QUALIFIED, INS_OPEN);
	gen(&r[0], 2, INS_VERBAL, INS_OPEN);
	rep_acts(&r[0], 60, 30, 20, 0);

	rep_init(&r[1], 12);		/* 13 created, 12 qualified, 5 won of 11 */
	gen(&r[1], 5, INS_WON, INS_OUT_WON);
	gen(&r[1], 1, INS_LEAD, INS_OUT_LOST);
	gen(&r[1], 4, INS_PROPOSAL, INS_OUT_LOST);
	gen(&r[1], 1, INS_VERBAL, INS_OUT_LOST);
	gen(&r[1], 2, INS_PROPOSAL, INS_OPEN);
	rep_acts(&r[1], 65, 30, 22, 0);

	rep_init(&r[2], 13);		/* 15 created, 12 qualified, 6 won of 11 */
	gen(&r[2], 6, INS_WON, INS_OUT_WON);
	gen(&r[2], 3, INS_LEAD, INS_OUT_LOST);
	gen(&r[2], 1, INS_PROPOSAL, INS_OUT_LOST);
	gen(&r[2], 1, INS_VERBAL, INS_OUT_LOST);
	gen(&r[2], 2, INS_VERBAL, INS_OPEN);
	gen(&r[2], 2, INS_QUALIFIED, INS_OPEN);
	rep_acts(&r[2], 70, 30, 24, 0);

	rep_init(&r[3], 14);		/* 14 created, 11 qualified, 5 won of 10 */
	gen(&r[3], 5, INS_WON, INS_OUT_WON);
	gen(&r[3], 3, INS_LEAD, INS_OUT_LOST);
	gen(&r[3], 2, INS_PROPOSAL, INS_OUT_LOST);
	gen(&r[3], 4, INS_QUALIFIED, INS_OPEN);
	rep_acts(&r[3], 75, 30, 26, 0);
}

static void
test_worked_example(void)
{
	static struct rep r[6];
	struct ins_metrics m[6];
	struct ins_bench b[6];
	struct ins_result res[6];
	struct ins_pair pairs[6];

	median_reps(r);
	/* John: 30 created, 20 reach verbal, 3 won, 12 lost; 5 days verbal -> won. */
	struct rep *john = &r[4];
	rep_init(john, 1);
	gen(john, 3, INS_WON, INS_OUT_WON);
	gen(john, 10, INS_VERBAL, INS_OUT_LOST);
	gen(john, 2, INS_PROPOSAL, INS_OUT_LOST);
	gen(john, 7, INS_VERBAL, INS_OPEN);
	gen(john, 4, INS_QUALIFIED, INS_OPEN);
	gen(john, 4, INS_LEAD, INS_OPEN);
	for (size_t i = 0; i < 3; i++)
		john->opps[i].verbal_day = john->opps[i].closed_day - 25;
	rep_acts(john, 68, 30, 23, 0);
	/* Sally: 6 created, 5 won, 1 lost. */
	struct rep *sally = &r[5];
	rep_init(sally, 2);
	gen(sally, 5, INS_WON, INS_OUT_WON);
	gen(sally, 1, INS_QUALIFIED, INS_OUT_LOST);
	rep_acts(sally, 67, 30, 23, 0);

	for (int i = 0; i < 6; i++) {
		compute(&r[i], &m[i]);
		CHECK(ins_metrics_active(&m[i]));
	}
	CHECK_INT(m[4].reached[INS_LEAD], 30);
	CHECK_INT(m[4].reached[INS_VERBAL], 20);
	CHECK_INT(m[4].won, 3);
	CHECK_INT(m[4].lost, 12);
	CHECK_INT(m[4].reached[INS_QUALIFIED], 26);
	CHECK_INT(m[5].reached[INS_LEAD], 6);
	CHECK_NEAR(m[5].v[INS_M_WIN_RATE].value, 5 / 6.0);

	struct ins_team *t = ins_team_new(m, 6);
	CHECK(t != NULL);
	for (int i = 0; i < 6; i++) {
		ins_team_benchmark(t, (size_t)i, &b[i]);
		ins_findings(&m[i], &b[i], &res[i]);
	}

	/* John: closing is the main finding, with the 17 verbal commitments that did not sign
	 * (10 lost, 7 still open) and his days to sign against the team's. */
	const struct ins_result *jr = &res[4];
	CHECK_NEAR(b[4].median[INS_M_WIN_RATE], 0.5);
	CHECK_NEAR(b[4].median[INS_M_CREATED], 14);
	CHECK_INT(jr->f[INS_F_CLOSING].status, INS_FS_FOUND);
	CHECK_NEAR(jr->f[INS_F_CLOSING].rep.value, 0.2);
	CHECK_NEAR(jr->f[INS_F_CLOSING].shortfall, 0.6);
	CHECK_INT(jr->main, INS_F_CLOSING);
	CHECK_STR(ins_finding_name(jr->main), "closing");
	CHECK_INT(jr->f[INS_F_VERBAL].status, INS_FS_NONE);	/* closing already says it */
	CHECK_INT(jr->verbal_unsigned, 17);
	CHECK_INT(jr->verbal_lost, 10);
	CHECK_INT(jr->verbal_open, 7);
	CHECK_NEAR(jr->days_to_sign.value, 25);
	CHECK_INT(jr->days_to_sign.n, 3);
	CHECK(!jr->days_to_sign.enough);
	CHECK_NEAR(jr->days_to_sign_team, 10);
	CHECK_INT(jr->days_to_sign_team_n, 5);
	CHECK(ins_result_strong(jr, INS_M_QUALIFIED));
	CHECK_INT(jr->alerts, 0);

	/* Sally: opportunity volume, and her win rate is a strength. */
	const struct ins_result *sr = &res[5];
	CHECK_NEAR(b[5].median[INS_M_QUALIFIED], 12);
	CHECK_INT(sr->f[INS_F_VOLUME].status, INS_FS_FOUND);
	CHECK_NEAR(sr->f[INS_F_VOLUME].shortfall, 0.5);
	CHECK_INT(sr->main, INS_F_VOLUME);
	CHECK_INT(sr->f[INS_F_CLOSING].status, INS_FS_NONE);
	CHECK(ins_result_strong(sr, INS_M_WIN_RATE));
	CHECK_INT(sr->strengths[0], INS_M_WIN_RATE);

	/* The four around the median: nothing stands out enough for a main finding. */
	for (int i = 0; i < 4; i++)
		CHECK_INT(res[i].main, INS_F_NONE);

	/* The team: John with Sally. */
	int np = ins_pairing(res, 6, pairs);
	CHECK(np >= 1);
	CHECK_INT(pairs[0].kind, INS_PAIR_MUTUAL);
	CHECK_INT(pairs[0].a, 1);
	CHECK_INT(pairs[0].b, 2);
	CHECK_INT(pairs[0].a_finding, INS_F_CLOSING);
	CHECK_INT(pairs[0].b_finding, INS_F_VOLUME);
	CHECK_INT(np, 1);

	/* Team view quartiles of the win rate over all six. */
	double q[5];
	CHECK_INT(ins_team_quartiles(t, INS_M_WIN_RATE, q), 6);
	CHECK_NEAR(q[0], 0.2);
	CHECK_NEAR(q[4], 5 / 6.0);
	CHECK_NEAR(q[2], 0.5);
	ins_team_free(t);
}

static void
test_rep_who_hardly_meets_clients(void)
{
	static struct rep r[5];
	struct ins_metrics m[5];
	struct ins_bench b;
	struct ins_result res;

	median_reps(r);
	rep_init(&r[4], 21);		/* like the first, but 2 meetings in 90 days */
	gen(&r[4], 5, INS_WON, INS_OUT_WON);
	gen(&r[4], 2, INS_LEAD, INS_OUT_LOST);
	gen(&r[4], 2, INS_PROPOSAL, INS_OUT_LOST);
	gen(&r[4], 1, INS_VERBAL, INS_OUT_LOST);
	gen(&r[4], 2, INS_QUALIFIED, INS_OPEN);
	gen(&r[4], 2, INS_VERBAL, INS_OPEN);
	rep_acts(&r[4], 75, 40, 2, 0);
	for (int i = 0; i < 5; i++)
		compute(&r[i], &m[i]);
	CHECK_INT(ins_benchmark(m, 4, &b), 0);
	ins_findings(&m[4], &b, &res);
	CHECK_NEAR(b.median[INS_M_F2F_WEEK], 23 * 7 / 90.0);
	CHECK_INT(res.f[INS_F_FACE_TO_FACE].status, INS_FS_FOUND);
	CHECK_INT(res.f[INS_F_ACTIVITY].status, INS_FS_NONE);
	CHECK_INT(res.main, INS_F_FACE_TO_FACE);
	CHECK_NEAR(res.f[INS_F_FACE_TO_FACE].shortfall, 1 - 2 / 23.0);
}

static void
test_rep_at_risk_of_target_in_q3(void)
{
	static struct rep r[5];
	struct ins_metrics m[5];
	struct ins_bench b;
	struct ins_result res;

	/* 14 August, a target of $1,000,000, $300,000 won: projected ~ $485k < 75 %. */
	median_reps(r);
	rep_init(&r[4], 31);
	gen(&r[4], 5, INS_WON, INS_OUT_WON);
	gen(&r[4], 2, INS_LEAD, INS_OUT_LOST);
	gen(&r[4], 2, INS_PROPOSAL, INS_OUT_LOST);
	gen(&r[4], 1, INS_VERBAL, INS_OUT_LOST);
	gen(&r[4], 2, INS_QUALIFIED, INS_OPEN);
	gen(&r[4], 2, INS_VERBAL, INS_OPEN);
	rep_acts(&r[4], 68, 30, 23, 0);
	r[4].in.target = 100000000;
	r[4].in.won_year = 30000000;
	for (int i = 0; i < 5; i++)
		compute(&r[i], &m[i]);
	CHECK_INT(ins_benchmark(m, 4, &b), 0);
	ins_findings(&m[4], &b, &res);

	CHECK_INT(m[4].pace.state, INS_PACE_AT_RISK);
	CHECK_INT(m[4].pace.days_left, 139);
	CHECK_INT(m[4].pace.projected, llround(30000000 / (226 / 365.0)));
	CHECK_INT(m[4].pace.required_week, (70000000 * 7 + 138) / 139);
	CHECK(res.alerts & INS_ALERT_AT_RISK);
	CHECK_STR(ins_alert_name(INS_ALERT_AT_RISK), "at_risk");
	CHECK_INT(res.main, INS_F_NONE);	/* an alert is never the main finding */

	/* With a real finding as well, the finding stays the main one and the alert stays. */
	rep_acts(&r[4], 68, 30, 5, 0);
	compute(&r[4], &m[4]);
	ins_findings(&m[4], &b, &res);
	CHECK(res.alerts & INS_ALERT_AT_RISK);
	CHECK_INT(res.main, INS_F_FACE_TO_FACE);
}

static void
test_names(void)
{
	static const char *const findings[INS_F_COUNT] = {
		"closing", "opportunity_volume", "verbal_not_signed", "qualification",
		"face_to_face", "activity",
	};
	for (int i = 0; i < INS_F_COUNT; i++)
		CHECK_STR(ins_finding_name(i), findings[i]);
	CHECK_INT(ins_finding_metric(INS_F_CLOSING), INS_M_WIN_RATE);
	CHECK_INT(ins_finding_metric(INS_F_VOLUME), INS_M_QUALIFIED);
	CHECK_INT(ins_finding_metric(INS_F_NONE), INS_M_COUNT);
	CHECK_STR(ins_metric_name(INS_M_WIN_RATE), "win_rate");
	CHECK_STR(ins_metric_name(INS_M_COUNT), "?");
	CHECK_STR(ins_alert_name(0x4), "?");
	CHECK_INT(ins_metric_unit(INS_M_VELOCITY), INS_UNIT_CENTS_WEEK);
	for (int k = 0; k < INS_M_COUNT; k++) {
		CHECK(ins_metric_name(k) != NULL);
		CHECK(strcmp(ins_metric_name(k), "?") != 0);
	}
	CHECK(ins_metric_sampled(INS_M_WIN_RATE));
	CHECK(ins_metric_sampled(INS_M_CYCLE));
	CHECK(!ins_metric_sampled(INS_M_CREATED));
}

int
main(void)
{
	setup();
	RUN(test_activity_per_week);
	RUN(test_cohort_funnel);
	RUN(test_skipped_stage);
	RUN(test_lost_stage);
	RUN(test_win_rate_and_amounts);
	RUN(test_cycle_and_days_to_sign);
	RUN(test_open_pipeline);
	RUN(test_stalled_uses_anyones_activity);
	RUN(test_stalled_list_is_capped);
	RUN(test_empty_period);
	RUN(test_pace_early_in_the_year);
	RUN(test_pace_mid_year);
	RUN(test_pace_last_week);
	RUN(test_velocity);
	RUN(test_velocity_min_cycle);
	RUN(test_median_odd_and_even);
	RUN(test_benchmark_leaves_the_rep_out);
	RUN(test_benchmark_rates_need_enough_data);
	RUN(test_quartiles);
	RUN(test_findings_none_for_a_typical_rep);
	RUN(test_findings_thresholds);
	RUN(test_small_sample_guard);
	RUN(test_findings_conditions);
	RUN(test_main_finding_largest_shortfall_and_ties);
	RUN(test_pairing_mutual_and_mentor);
	RUN(test_pairing_mentor_is_the_strongest);
	RUN(test_recorded_vs_implied_stage_dates);
	RUN(test_rep_started_inside_the_period);
	RUN(test_win_rate_by_amount_needs_both_sides);
	RUN(test_pairing_own_team_first);
	RUN(test_worked_example);
	RUN(test_rep_who_hardly_meets_clients);
	RUN(test_rep_at_risk_of_target_in_q3);
	RUN(test_names);
	return test_summary();
}
