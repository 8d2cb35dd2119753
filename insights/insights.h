/*
 * insights/: the numbers behind `funnel`, `insights`, `team` and the weekly prompt, as pure
 * functions over plain structs (docs/metrics.md is the spec). The store fills the inputs from SQL
 * aggregates, commands/ renders the outputs; nothing here does SQL, I/O, logging or reads a clock:
 * the period and `today` (day numbers, see insights/calendar.h) come in as arguments.
 *
 * The pipeline: ins_metrics_compute() per rep -> ins_team_new() over a team's active reps ->
 * ins_team_benchmark() per rep (median of the others) -> ins_findings() -> ins_pairing().
 * Amounts are int64 cents, -1 when unknown. Inputs are borrowed and never kept.
 */
#ifndef INSIGHTS_INSIGHTS_H
#define INSIGHTS_INSIGHTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A rate, mean or median over fewer than this many items is "not enough data". */
#define INS_MIN_N		5
#define INS_STALLED_DAYS	30	/* the config's default for stalled_days */
#define INS_STALLED_MAX		32	/* stalled opportunities listed by id (all are counted) */
#define INS_TOO_EARLY_DAYS	14	/* pace is "too early to tell" up to this day of the year */
#define INS_AT_RISK_PCT		75	/* at risk when projected < this % of the target */
#define INS_NO_DAY		(-1)	/* an absent day; any negative day is read as absent */
#define INS_NO_AMOUNT		(-1)	/* an absent amount; any negative amount is read as absent */

/* Funnel stages, in order. */
enum ins_stage {
	INS_LEAD, INS_QUALIFIED, INS_PROPOSAL, INS_VERBAL, INS_WON,
	INS_NSTAGES
};

enum ins_outcome { INS_OPEN, INS_OUT_WON, INS_OUT_LOST };

/* Activity kinds; meeting + demo are face to face. */
enum ins_activity { INS_CALL, INS_EMAIL, INS_MEETING, INS_DEMO, INS_NACTIVITIES };

/* A period of whole days, both ends included. */
struct ins_period {
	int from, to;
};

/* ---- input: one rep, as the store reads it ---- */

/* One opportunity of the rep. */
struct ins_opp {
	int64_t id;		/* the #ID, for the stalled list */
	int64_t amount;		/* cents, INS_NO_AMOUNT when unknown */
	int created_day;
	int reached;		/* highest stage reached, INS_LEAD..INS_WON: an open one's stage, a
				 * lost one's stage when it was lost; a won one is read as INS_WON */
	enum ins_outcome outcome;
	int closed_day;		/* won or lost day; INS_NO_DAY while open */
	int verbal_day;		/* the recorded day it reached verbal; INS_NO_DAY if never, or when
				 * a jump only implied it (no day of its own) */
	bool start_implied;	/* no stage before won was recorded (it was first logged at won,
				 * a jump implied the rest): its creation day is not its start, so
				 * it has no sales cycle */
	int stage_day;		/* day of its last stage change (creation counts) */
	int last_activity_day;	/* last activity by anyone on its account, INS_NO_DAY if none */
};

/*
 * What ins_metrics_compute() needs about one rep for a period P. opps must hold at least the
 * rep's opportunities created in P, closed in P, or open now (others are ignored, so the store may
 * also pass those won this calendar year); their order does not matter.
 */
struct ins_rep_input {
	int64_t rep_id;
	int activities[INS_NACTIVITIES];	/* activities of each kind dated in P */
	const struct ins_opp *opps;		/* borrowed, nopps of them */
	size_t nopps;
	int64_t target;		/* this calendar year's target, cents; <= 0: none */
	int64_t won_year;	/* amount won this calendar year up to today, cents */
	int first_day;		/* the rep's first entry or deal (any day); a day after P's start
				 * shortens the per-week days, one after the year's start the pace's
				 * year; 0 or INS_NO_DAY: long ago / unknown */
};

/* ---- output: per-rep metrics ---- */

/*
 * Every metric that can be compared with the team, by id: ins_metrics.v[] holds their values,
 * ins_bench their medians. Per-week figures are count * 7 / days in P.
 */
enum ins_metric {
	INS_M_CALLS_WEEK,		/* calls a week */
	INS_M_EMAILS_WEEK,
	INS_M_MEETINGS_WEEK,
	INS_M_DEMOS_WEEK,
	INS_M_F2F_WEEK,			/* meetings + demos a week */
	INS_M_ACTIVITY_WEEK,		/* all activities a week */
	INS_M_CREATED,			/* opportunities created in P (leads: the cohort's size) */
	INS_M_QUALIFIED,		/* of those, how many reached qualified */
	INS_M_LEAD_QUALIFIED,		/* stage conversions in the cohort (rates) */
	INS_M_QUALIFIED_PROPOSAL,
	INS_M_PROPOSAL_VERBAL,
	INS_M_VERBAL_WON,
	INS_M_WIN_RATE,			/* won / closed in P (rate) */
	INS_M_WIN_RATE_AMOUNT,		/* won amount / closed amount in P, over deals with an
					 * amount above zero, needing some on both sides (rate) */
	INS_M_AVG_DEAL,			/* mean amount won in P, cents (mean) */
	INS_M_CYCLE,			/* median days created -> won, won in P, over deals whose
					 * start was recorded (median) */
	INS_M_DAYS_TO_SIGN,		/* median days verbal -> won, won in P, over deals whose
					 * verbal day was recorded (median) */
	INS_M_OPEN_COUNT,		/* open opportunities now */
	INS_M_OPEN_AMOUNT,		/* their known amounts, cents */
	INS_M_STALLED,			/* stalled opportunities now */
	INS_M_WON_YEAR,			/* won this calendar year, cents */
	INS_M_PACE,			/* projected / target (needs a target; not in the first days) */
	INS_M_VELOCITY,			/* cents a week, see ins_metrics.velocity */
	INS_M_COUNT
};

enum ins_unit {
	INS_UNIT_PER_WEEK,	/* a count a week */
	INS_UNIT_COUNT,
	INS_UNIT_RATIO,		/* 0..1 (pace may exceed 1) */
	INS_UNIT_CENTS,
	INS_UNIT_DAYS,
	INS_UNIT_CENTS_WEEK,
};

/* Why a metric that had something to go on has no value (docs/metrics.md, "Rules that real
 * data made necessary"). */
enum ins_gap {
	INS_GAP_NONE,
	INS_GAP_UNRECORDED,	/* a duration whose stage dates were all implied: "not recorded" */
	INS_GAP_NO_LOST_AMOUNTS,	/* a rate by amount with no amount on the lost side */
	INS_GAP_NO_WON_AMOUNTS,		/* ... or on the won side */
};

/* A metric's value with its sample. */
struct ins_value {
	double value;	/* 0 unless known */
	int n;		/* the denominator / sample size of a sampled metric; 0 for counts */
	bool known;	/* false when there is nothing to compute it from (n == 0, no target...) */
	bool enough;	/* known, and for a sampled metric n >= INS_MIN_N */
	enum ins_gap gap;	/* not known although there were deals: why (else INS_GAP_NONE) */
};

enum ins_pace_state {
	INS_PACE_NO_TARGET,	/* no target this year */
	INS_PACE_TOO_EARLY,	/* within the year's first INS_TOO_EARLY_DAYS days */
	INS_PACE_ON_TRACK,
	INS_PACE_AT_RISK,	/* projected < INS_AT_RISK_PCT % of target */
};

struct ins_pace {
	enum ins_pace_state state;
	int64_t target;		/* cents; -1 with no target */
	int64_t won;		/* won this calendar year, cents */
	int from;		/* the day the pace's year starts: January 1st, or the rep's first
				 * day when later (a rep who started this year) */
	double year_gone;	/* fraction of that year elapsed (from .. its end), today included */
	int days_left;		/* days after today to the year's end (0 on December 31st) */
	int64_t projected;	/* won / year_gone, cents */
	int64_t remaining;	/* target - won, at least 0; -1 with no target */
	int64_t required_week;	/* remaining / (days_left / 7), rounded up; all of remaining when
				 * under a week is left; -1 with no target */
};

struct ins_metrics {
	int64_t rep_id;
	struct ins_period period;	/* as asked */
	int days;			/* days a per-week figure counts: from (or since, when
					 * later) .. min(to, today) */
	int since;			/* the rep's first day when it falls after P's start
					 * (a rep who started inside P), else INS_NO_DAY */

	int activities[INS_NACTIVITIES];	/* counts in P */
	int activities_total;

	int reached[INS_NSTAGES];	/* cohort (created in P): how many reached each stage */
	int won, lost;			/* closed in P */
	int64_t won_amount, lost_amount;	/* of those with a known amount */
	int won_amounts, lost_amounts;	/* how many of them have an amount above zero: the win
					 * rate by amount needs both sides (a lost deal without
					 * one is not $0 lost) */
	int sign_unrecorded;		/* won in P with no recorded verbal day: left out of
					 * days to sign */
	int cycle_unrecorded;		/* won in P with no recorded start: left out of the
					 * sales cycle */
	int verbal_lost, verbal_open;	/* cohort: reached verbal, then lost / still open */

	int open_count[INS_NSTAGES - 1];	/* open now, by stage (lead .. verbal) */
	int64_t open_amount[INS_NSTAGES - 1];	/* their known amounts */
	int open_total;
	int64_t open_amount_total;

	int nstalled;			/* how many open opportunities are stalled */
	int64_t stalled[INS_STALLED_MAX];	/* the first min(nstalled, INS_STALLED_MAX) ids,
						 * longest untouched first, then by id */
	int stalled_days;		/* the threshold used */

	struct ins_pace pace;

	/*
	 * Velocity in cents a week: open opportunities x win rate x average deal x 7 /
	 * max(sales cycle in days, 1), i.e. the amount the open pipeline is expected to turn into
	 * per week. Known when the win rate is and either it is 0 or the average deal is known;
	 * its n and enough are the win rate's. Also v[INS_M_VELOCITY].
	 */
	double velocity;

	struct ins_value v[INS_M_COUNT];	/* every comparable metric, by enum ins_metric */
};

/*
 * Computes the metrics of one rep over period p as of day `today`. stalled_days <= 0 means
 * INS_STALLED_DAYS. A period reaching past today counts only the days up to today (a current
 * period). Returns 0, or -1 with err filled (and out zeroed but for rep_id and period) when p
 * is empty (to < from) or starts after today, or memory runs out.
 */
int ins_metrics_compute(const struct ins_rep_input *in, struct ins_period p, int today,
    int stalled_days, struct ins_metrics *out, char *err, size_t errlen);

/* True when the rep was active in P: an activity, or an opportunity created or closed in P. */
bool ins_metrics_active(const struct ins_metrics *m);

/* A short stable identifier ("win_rate") for a metric; "?" for an unknown id. */
const char *ins_metric_name(enum ins_metric id);
enum ins_unit ins_metric_unit(enum ins_metric id);
/* True for rates, means and medians: they carry an n and need INS_MIN_N. */
bool ins_metric_sampled(enum ins_metric id);

/* ---- the team benchmark ---- */

/*
 * The median of each metric over the OTHER reps of a team. A sampled metric's median uses only
 * the reps whose own value has enough data (n >= INS_MIN_N); other metrics use every rep whose
 * value is known. nreps is how many reps it was taken over; with 0 there is no benchmark.
 */
struct ins_bench {
	double median[INS_M_COUNT];	/* 0 when nreps is 0 */
	int nreps[INS_M_COUNT];
};

/* A team's active, non-sample reps, each metric sorted once. Opaque. */
struct ins_team;

#define INS_NOT_MEMBER	((size_t)-1)

/*
 * Builds a team from the metrics of its members (copied; members is borrowed). Returns NULL
 * when memory runs out. n may be 0.
 */
struct ins_team *ins_team_new(const struct ins_metrics *members, size_t n);
void ins_team_free(struct ins_team *t);	/* accepts NULL */
size_t ins_team_size(const struct ins_team *t);
/*
 * The benchmark of members[member] as given to ins_team_new(): medians over everyone else.
 * member = INS_NOT_MEMBER gives the medians of the whole team (for someone outside it).
 */
void ins_team_benchmark(const struct ins_team *t, size_t member, struct ins_bench *out);
/*
 * Quartiles of a metric over the whole team (same eligibility as the benchmark), as a
 * spreadsheet's QUARTILE.INC: q[0] min, q[1] first quartile, q[2] median, q[3] third, q[4] max.
 * Returns how many reps they were taken over; with 0, q is all zero.
 */
int ins_team_quartiles(const struct ins_team *t, enum ins_metric id, double q[5]);

/*
 * The benchmark of a rep from the metrics of the other reps only (already filtered to active,
 * non-sample). Returns 0, or -1 when memory runs out.
 */
int ins_benchmark(const struct ins_metrics *others, size_t n, struct ins_bench *out);

/*
 * QUARTILE.INC of n ascending values: quart 0..4 (0 min, 2 median, 4 max), with linear
 * interpolation between neighbours. 0 when n is 0.
 */
double ins_quartile(const double *sorted, size_t n, int quart);

/* ---- findings (the diagnosis) ---- */

/* In priority order: a tie on shortfall goes to the lower value. */
enum ins_finding {
	INS_F_NONE = -1,
	INS_F_CLOSING,		/* win rate low, opportunities created >= benchmark */
	INS_F_VOLUME,		/* qualified opportunities low, win rate >= benchmark */
	INS_F_VERBAL,		/* verbal -> won low, and closing not found */
	INS_F_QUALIFICATION,	/* lead -> qualified low, leads >= benchmark */
	INS_F_FACE_TO_FACE,	/* meetings + demos a week low */
	INS_F_ACTIVITY,		/* activities a week low */
	INS_F_COUNT
};

enum ins_fstatus {
	INS_FS_NONE,		/* does not hold (or the benchmark is zero): nothing to say */
	INS_FS_FOUND,
	INS_FS_NEEDS_DATA,	/* the rep's figures are too few to tell: "needs more data" */
	INS_FS_NO_BENCHMARK,	/* no other rep to compare with on this metric */
};

/* Alerts: shown whenever true, never the main finding. */
#define INS_ALERT_AT_RISK	0x1	/* pace: projected < 75 % of target */
#define INS_ALERT_STALLED	0x2	/* at least one stalled opportunity */

struct ins_finding_result {
	enum ins_fstatus status;
	enum ins_metric metric;	/* the metric compared */
	struct ins_value rep;	/* the rep's value of it */
	double bench;		/* the benchmark (median of the others) */
	int bench_n;		/* reps behind the benchmark */
	double ratio;		/* rep / bench when both known and bench > 0, else 0 */
	double shortfall;	/* 1 - ratio, when found */
};

struct ins_result {
	int64_t rep_id;
	int64_t team;		/* the rep's own team for pairing: their manager's id (0: none).
				 * ins_findings() sets 0; the caller fills it in */
	struct ins_finding_result f[INS_F_COUNT];	/* one per finding, by enum ins_finding */
	enum ins_finding main;		/* largest shortfall among those found, or INS_F_NONE */
	enum ins_metric strengths[INS_F_COUNT];	/* finding metrics at >= 1.25 x the benchmark
						 * with enough data, in the table's order */
	int nstrengths;
	unsigned alerts;		/* INS_ALERT_* bits */

	/* For closing and verbal-not-signed: what to show next to them. */
	struct ins_value days_to_sign;	/* the rep's median days verbal -> won */
	double days_to_sign_team;	/* the benchmark's */
	int days_to_sign_team_n;	/* reps behind it; 0: none */
	int verbal_unsigned;		/* cohort: reached verbal but lost or still open */
	int verbal_lost, verbal_open;	/* the two parts of it */
};

/*
 * Diagnoses one rep against their benchmark, following the findings table of metrics.md.
 * Never fails.
 */
void ins_findings(const struct ins_metrics *m, const struct ins_bench *b, struct ins_result *out);

/* "closing", "opportunity_volume", "verbal_not_signed", "qualification", "face_to_face",
 * "activity"; "none" for INS_F_NONE. */
const char *ins_finding_name(enum ins_finding f);
/* The metric a finding compares; INS_M_COUNT for INS_F_NONE. */
enum ins_metric ins_finding_metric(enum ins_finding f);
/* "at_risk" or "stalled" for one INS_ALERT_* bit; "?" otherwise. */
const char *ins_alert_name(unsigned alert);
/* True when r lists metric among its strengths. */
bool ins_result_strong(const struct ins_result *r, enum ins_metric metric);

/* ---- pairing ---- */

enum ins_pair_kind {
	INS_PAIR_MUTUAL,	/* each is high on the metric of the other's main finding */
	INS_PAIR_MENTOR,	/* b is the strongest on the metric of a's main finding */
};

struct ins_pair {
	enum ins_pair_kind kind;
	int64_t a;			/* rep id: the one whose main finding is a_finding */
	int64_t b;			/* rep id: the partner (mutual) or the mentor */
	enum ins_finding a_finding;	/* a's main finding; b is high on its metric */
	enum ins_finding b_finding;	/* mutual: b's main finding, a is high on its metric;
					 * mentor: INS_F_NONE */
	bool cross_team;		/* a and b are on different teams (none fitted within) */
};

/*
 * Suggests pairings from every rep's findings (res, n of them, borrowed; "high" means listed in
 * that rep's strengths), each rep's own team (ins_result.team) first. Reps are taken by
 * ascending rep id, whatever the order of res. Four rounds, each for the reps with a main
 * finding that no earlier round suggested anything for: mutual pairs within a team, mentors
 * within a team, then mutual pairs across teams and mentors across teams (cross_team set).
 * A mutual pair: for rep A, the B without a suggestion that is high on A's main metric while A
 * is high on B's main metric (the highest on A's metric, then the lowest id). A mentor: the rep
 * for whom A's main metric is a strength with the highest value on it above A's own (then the
 * lowest id; a mentor may be paired already and may mentor several). Nobody else is suggested.
 * out must hold n pairs. Returns how many were written, in round order, or -1 when memory runs
 * out.
 */
int ins_pairing(const struct ins_result *res, size_t n, struct ins_pair *out);

#endif
