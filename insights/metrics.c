/*
 * Per-rep metrics over a period (docs/metrics.md, "Per rep", and its rules for real data:
 * durations from recorded stage days only, per week since a late starter's first day, rates by
 * amount with amounts on both sides): one pass over the rep's opportunities, two small sorts
 * for the medians. Called by commands/ for funnel, insights, team
 * and the weekly prompt, and by the benchmark for every active rep of a team.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insights/calendar.h"
#include "insights/insights.h"

/* The metric table: name, unit, and whether it is a rate, mean or median (needs INS_MIN_N). */
static const struct {
	const char *name;
	enum ins_unit unit;
	bool sampled;
} metric_desc[INS_M_COUNT] = {
	[INS_M_CALLS_WEEK] =		{ "calls_week",		INS_UNIT_PER_WEEK,	false },
	[INS_M_EMAILS_WEEK] =		{ "emails_week",	INS_UNIT_PER_WEEK,	false },
	[INS_M_MEETINGS_WEEK] =		{ "meetings_week",	INS_UNIT_PER_WEEK,	false },
	[INS_M_DEMOS_WEEK] =		{ "demos_week",		INS_UNIT_PER_WEEK,	false },
	[INS_M_F2F_WEEK] =		{ "face_to_face_week",	INS_UNIT_PER_WEEK,	false },
	[INS_M_ACTIVITY_WEEK] =		{ "activities_week",	INS_UNIT_PER_WEEK,	false },
	[INS_M_CREATED] =		{ "created",		INS_UNIT_COUNT,		false },
	[INS_M_QUALIFIED] =		{ "qualified",		INS_UNIT_COUNT,		false },
	[INS_M_LEAD_QUALIFIED] =	{ "lead_to_qualified",	INS_UNIT_RATIO,		true },
	[INS_M_QUALIFIED_PROPOSAL] =	{ "qualified_to_proposal", INS_UNIT_RATIO,	true },
	[INS_M_PROPOSAL_VERBAL] =	{ "proposal_to_verbal",	INS_UNIT_RATIO,		true },
	[INS_M_VERBAL_WON] =		{ "verbal_to_won",	INS_UNIT_RATIO,		true },
	[INS_M_WIN_RATE] =		{ "win_rate",		INS_UNIT_RATIO,		true },
	[INS_M_WIN_RATE_AMOUNT] =	{ "win_rate_amount",	INS_UNIT_RATIO,		true },
	[INS_M_AVG_DEAL] =		{ "average_deal",	INS_UNIT_CENTS,		true },
	[INS_M_CYCLE] =			{ "sales_cycle",	INS_UNIT_DAYS,		true },
	[INS_M_DAYS_TO_SIGN] =		{ "days_to_sign",	INS_UNIT_DAYS,		true },
	[INS_M_OPEN_COUNT] =		{ "open",		INS_UNIT_COUNT,		false },
	[INS_M_OPEN_AMOUNT] =		{ "open_amount",	INS_UNIT_CENTS,		false },
	[INS_M_STALLED] =		{ "stalled",		INS_UNIT_COUNT,		false },
	[INS_M_WON_YEAR] =		{ "won_year",		INS_UNIT_CENTS,		false },
	[INS_M_PACE] =			{ "pace",		INS_UNIT_RATIO,		false },
	[INS_M_VELOCITY] =		{ "velocity",		INS_UNIT_CENTS_WEEK,	true },
};

const char *
ins_metric_name(enum ins_metric id)
{
	return (unsigned)id < INS_M_COUNT ? metric_desc[id].name : "?";
}

enum ins_unit
ins_metric_unit(enum ins_metric id)
{
	return (unsigned)id < INS_M_COUNT ? metric_desc[id].unit : INS_UNIT_COUNT;
}

bool
ins_metric_sampled(enum ins_metric id)
{
	return (unsigned)id < INS_M_COUNT && metric_desc[id].sampled;
}

static bool
in_period(int day, int from, int to)
{
	return day >= 0 && day >= from && day <= to;
}

static struct ins_value
count_value(double v)
{
	return (struct ins_value){ .value = v, .n = 0, .known = true, .enough = true };
}

static struct ins_value
sample_value(double v, int n)
{
	if (n <= 0)
		return (struct ins_value){ 0 };
	return (struct ins_value){ .value = v, .n = n, .known = true, .enough = n >= INS_MIN_N };
}

static struct ins_value
ratio_value(double num, double den, int n)
{
	return den > 0 ? sample_value(num / den, n) : (struct ins_value){ 0 };
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Median of n ints (sorts them); the mean of the middle two for an even n. */
static double
median_int(int *v, int n)
{
	if (n <= 0)
		return 0;
	qsort(v, (size_t)n, sizeof(*v), cmp_int);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + (double)v[n / 2]) / 2;
}

/* Days from a to b, never negative (a stage dated after the close is read as the same day). */
static int
days_between(int a, int b)
{
	return b > a ? b - a : 0;
}

static int
max3(int a, int b, int c)
{
	int m = a > b ? a : b;
	return m > c ? m : c;
}

/* Keeps the INS_STALLED_MAX longest-idle opportunities, longest first, then by id. */
static void
stalled_add(struct ins_metrics *m, int64_t *idle, int64_t id, int64_t days_idle)
{
	int kept = m->nstalled < INS_STALLED_MAX ? m->nstalled : INS_STALLED_MAX;
	int i;

	m->nstalled++;
	for (i = kept; i > 0; i--) {
		if (idle[i - 1] > days_idle || (idle[i - 1] == days_idle && m->stalled[i - 1] < id))
			break;
		if (i < INS_STALLED_MAX) {
			idle[i] = idle[i - 1];
			m->stalled[i] = m->stalled[i - 1];
		}
	}
	if (i < INS_STALLED_MAX) {
		idle[i] = days_idle;
		m->stalled[i] = id;
	}
}

/*
 * projected < INS_AT_RISK_PCT % of target, with projected = won x len / elapsed, compared exactly
 * in integers so that exactly 75 % is not at risk. Once won >= target it cannot be at risk, so
 * both sides stay under target x 366 x 100, which fits for any target below 2.5e14 cents.
 */
static bool
at_risk(int64_t won, int64_t target, int elapsed, int len)
{
	if (won >= target)
		return false;
	if (target > INT64_MAX / (366 * 100))
		return (long double)won * len * 100 < (long double)target * elapsed * INS_AT_RISK_PCT;
	return won * len * 100 < target * elapsed * INS_AT_RISK_PCT;
}

/*
 * The pace over the calendar year, or over the part of it since the rep's first day when they
 * started this year (docs/metrics.md: a rep who started inside the period).
 */
static void
compute_pace(const struct ins_rep_input *in, int today, struct ins_pace *pc)
{
	int y, mo, d;

	cal_ymd(today, &y, &mo, &d);
	int first = cal_day(y, 1, 1);
	if (in->first_day > first && in->first_day <= today)
		first = in->first_day;
	int len = cal_day(y + 1, 1, 1) - first;
	int elapsed = today - first + 1;		/* today included */

	pc->from = first;
	pc->won = in->won_year > 0 ? in->won_year : 0;
	pc->year_gone = (double)elapsed / len;
	pc->days_left = len - elapsed;
	pc->projected = llround((double)pc->won / pc->year_gone);
	if (in->target <= 0) {
		pc->state = INS_PACE_NO_TARGET;
		pc->target = pc->remaining = pc->required_week = -1;
		return;
	}
	pc->target = in->target;
	pc->remaining = pc->target > pc->won ? pc->target - pc->won : 0;
	if (pc->days_left < 7)
		pc->required_week = pc->remaining;
	else	/* remaining / (days_left / 7), rounded up */
		pc->required_week = (pc->remaining * 7 + pc->days_left - 1) / pc->days_left;
	if (elapsed <= INS_TOO_EARLY_DAYS)
		pc->state = INS_PACE_TOO_EARLY;
	else if (at_risk(pc->won, pc->target, elapsed, len))
		pc->state = INS_PACE_AT_RISK;
	else
		pc->state = INS_PACE_ON_TRACK;
}

/*
 * Reads one opportunity's highest stage, trusting the outcome over the stage field: a won one
 * reached every stage; out-of-range stages are clamped.
 */
static int
opp_reached(const struct ins_opp *o)
{
	if (o->outcome == INS_OUT_WON)
		return INS_WON;
	if (o->reached < INS_LEAD)
		return INS_LEAD;
	/* An open or lost opportunity cannot have reached won. */
	return o->reached > INS_VERBAL ? INS_VERBAL : o->reached;
}

/* The durations behind the medians: room for every opportunity won in P. */
struct durations {
	int *cycles, *signs;
	int ncycle, nsign;
	int nwon_amount;	/* won in P with a known amount (the average deal) */
};

/* A deal closed in P: win rate, the rate by amount, and its durations from recorded days. */
static void
count_closed(const struct ins_opp *o, struct ins_metrics *out, struct durations *du)
{
	bool has_amount = o->amount >= 0;

	if (o->outcome == INS_OUT_LOST) {
		out->lost++;
		if (has_amount)
			out->lost_amount += o->amount;
		out->lost_amounts += o->amount > 0;
		return;
	}
	out->won++;
	if (has_amount) {
		out->won_amount += o->amount;
		du->nwon_amount++;
	}
	out->won_amounts += o->amount > 0;
	if (o->start_implied)
		out->cycle_unrecorded++;
	else
		du->cycles[du->ncycle++] = days_between(o->created_day, o->closed_day);
	if (o->verbal_day >= 0)
		du->signs[du->nsign++] = days_between(o->verbal_day, o->closed_day);
	else
		out->sign_unrecorded++;
}

/* Counts one opportunity into the cohort, the closed deals and the open pipeline. */
static void
count_opp(const struct ins_opp *o, struct ins_period p, int to, int today, int64_t *idle,
    struct ins_metrics *out, struct durations *du)
{
	int r = opp_reached(o);

	if (in_period(o->created_day, p.from, to)) {
		for (int s = 0; s <= r; s++)
			out->reached[s]++;
		if (r >= INS_VERBAL && o->outcome == INS_OUT_LOST)
			out->verbal_lost++;
		else if (r >= INS_VERBAL && o->outcome == INS_OPEN)
			out->verbal_open++;
	}
	if (o->outcome != INS_OPEN && in_period(o->closed_day, p.from, to))
		count_closed(o, out, du);
	if (o->outcome == INS_OPEN) {
		out->open_count[r]++;
		out->open_total++;
		if (o->amount >= 0) {
			out->open_amount[r] += o->amount;
			out->open_amount_total += o->amount;
		}
		/* Idle since the last stage change or activity on the account, by anyone. */
		int last = max3(o->created_day, o->stage_day, o->last_activity_day);
		if (today - last >= out->stalled_days)
			stalled_add(out, idle, o->id, (int64_t)today - last);
	}
}

/* A median over the deals whose days were recorded; "not recorded" when there were deals but
 * none of them had the days. */
static struct ins_value
duration_value(int *v, int n, int unrecorded)
{
	struct ins_value x = sample_value(median_int(v, n), n);

	if (n == 0 && unrecorded > 0)
		x.gap = INS_GAP_UNRECORDED;
	return x;
}

/* Won amount / closed amount, only with an amount on each side that has deals: a lost deal
 * without one is not $0 lost. */
static struct ins_value
win_rate_amount(const struct ins_metrics *m)
{
	struct ins_value x = { 0 };
	int n = m->won_amounts + m->lost_amounts;

	if (m->lost > 0 && m->lost_amounts == 0)
		x.gap = INS_GAP_NO_LOST_AMOUNTS;
	else if (m->won > 0 && m->won_amounts == 0)
		x.gap = INS_GAP_NO_WON_AMOUNTS;
	else
		x = ratio_value((double)m->won_amount, (double)m->won_amount +
		    (double)m->lost_amount, n);
	return x;
}

/* Per-week figures over out->days. */
static void
per_week(const struct ins_rep_input *in, struct ins_metrics *out)
{
	for (int k = 0; k < INS_NACTIVITIES; k++)
		out->activities_total += in->activities[k] > 0 ? in->activities[k] : 0;
	_Static_assert(INS_M_DEMOS_WEEK - INS_M_CALLS_WEEK == INS_DEMO - INS_CALL,
	    "per-week metrics follow the activity kinds");
	for (int k = 0; k < INS_NACTIVITIES; k++) {
		out->activities[k] = in->activities[k] > 0 ? in->activities[k] : 0;
		out->v[INS_M_CALLS_WEEK + k] = count_value(out->activities[k] * 7.0 / out->days);
	}
	out->v[INS_M_F2F_WEEK] = count_value(
	    (out->activities[INS_MEETING] + out->activities[INS_DEMO]) * 7.0 / out->days);
	out->v[INS_M_ACTIVITY_WEEK] = count_value(out->activities_total * 7.0 / out->days);
}

/* Every value of out->v[] but the per-week ones, from the counts. */
static void
values(struct ins_metrics *out, struct durations *du)
{
	out->v[INS_M_CREATED] = count_value(out->reached[INS_LEAD]);
	out->v[INS_M_QUALIFIED] = count_value(out->reached[INS_QUALIFIED]);
	for (int s = 0; s < INS_WON; s++)
		out->v[INS_M_LEAD_QUALIFIED + s] =
		    ratio_value(out->reached[s + 1], out->reached[s], out->reached[s]);

	int closed = out->won + out->lost;
	out->v[INS_M_WIN_RATE] = ratio_value(out->won, closed, closed);
	out->v[INS_M_WIN_RATE_AMOUNT] = win_rate_amount(out);
	out->v[INS_M_AVG_DEAL] = ratio_value((double)out->won_amount, du->nwon_amount,
	    du->nwon_amount);
	out->v[INS_M_CYCLE] = duration_value(du->cycles, du->ncycle, out->cycle_unrecorded);
	out->v[INS_M_DAYS_TO_SIGN] = duration_value(du->signs, du->nsign, out->sign_unrecorded);

	out->v[INS_M_OPEN_COUNT] = count_value(out->open_total);
	out->v[INS_M_OPEN_AMOUNT] = count_value((double)out->open_amount_total);
	out->v[INS_M_STALLED] = count_value(out->nstalled);

	out->v[INS_M_WON_YEAR] = count_value((double)out->pace.won);
	if (out->pace.state == INS_PACE_ON_TRACK || out->pace.state == INS_PACE_AT_RISK)
		out->v[INS_M_PACE] = count_value(
		    (double)out->pace.won / out->pace.year_gone / (double)out->pace.target);

	/* Velocity: needs the win rate, and the average deal and a cycle unless nothing is won
	 * (a cycle that was not recorded leaves it unknown too). */
	const struct ins_value *wr = &out->v[INS_M_WIN_RATE];
	const struct ins_value *avg = &out->v[INS_M_AVG_DEAL];
	const struct ins_value *cy = &out->v[INS_M_CYCLE];
	if (wr->known && (wr->value == 0 || (avg->known && cy->known))) {
		double cycle = cy->value < 1 ? 1 : cy->value;
		out->velocity = wr->value == 0 ? 0 :
		    out->open_total * wr->value * avg->value * 7 / cycle;
		out->v[INS_M_VELOCITY] = *wr;
		out->v[INS_M_VELOCITY].value = out->velocity;
	} else if (wr->known) {
		out->v[INS_M_VELOCITY].gap = cy->gap;
	}
}

int
ins_metrics_compute(const struct ins_rep_input *in, struct ins_period p, int today,
    int stalled_days, struct ins_metrics *out, char *err, size_t errlen)
{
	struct durations du = { 0 };
	int64_t idle[INS_STALLED_MAX];
	size_t i;

	memset(out, 0, sizeof(*out));
	out->rep_id = in->rep_id;
	out->period = p;
	out->since = INS_NO_DAY;
	if (p.to < p.from || p.from > today) {
		snprintf(err, errlen, "the period is empty or starts after today");
		return -1;
	}
	int to = p.to < today ? p.to : today;
	out->days = to - p.from + 1;
	if (in->first_day > p.from && in->first_day <= to) {
		out->since = in->first_day;	/* started inside P: per week since then */
		out->days = to - in->first_day + 1;
	}
	out->stalled_days = stalled_days > 0 ? stalled_days : INS_STALLED_DAYS;

	/* The won-in-P days for the medians: count first, then one allocation. */
	size_t nwon_p = 0;
	for (i = 0; i < in->nopps; i++) {
		const struct ins_opp *o = &in->opps[i];
		if (o->outcome == INS_OUT_WON && in_period(o->closed_day, p.from, to))
			nwon_p++;
	}
	if (nwon_p) {
		du.cycles = malloc(2 * nwon_p * sizeof(*du.cycles));
		if (!du.cycles) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		du.signs = du.cycles + nwon_p;
	}
	for (i = 0; i < in->nopps; i++)
		count_opp(&in->opps[i], p, to, today, idle, out, &du);
	per_week(in, out);
	compute_pace(in, today, &out->pace);
	values(out, &du);
	free(du.cycles);
	return 0;
}

bool
ins_metrics_active(const struct ins_metrics *m)
{
	return m->activities_total > 0 || m->reached[INS_LEAD] > 0 || m->won + m->lost > 0;
}
