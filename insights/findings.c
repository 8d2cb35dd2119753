/*
 * The diagnosis (docs/metrics.md, "Findings"): one table holds every finding with its metric, its
 * thresholds, its condition and, by its row's place, its priority. ins_findings() walks it for a
 * rep against their benchmark; commands/ turns the result into words.
 */
#include <string.h>

#include "insights/insights.h"

#define LOW	0.60	/* low: at most LOW x the benchmark */
#define HIGH	1.25	/* high (a strength): at least HIGH x the benchmark */
#define EPS	1e-9	/* relative slack, so that exactly 0.6 x or 1.25 x counts */

#define NO_GUARD	INS_M_COUNT

/* The findings table, in priority order (a tie on shortfall goes to the earlier row). */
static const struct rule {
	enum ins_finding id;
	const char *name;
	enum ins_metric metric;		/* low on this one is the finding */
	double low, high;
	enum ins_metric guard;		/* ... when this one is >= its benchmark (or NO_GUARD) */
	enum ins_finding unless;	/* ... and this earlier finding was not found */
} rules[INS_F_COUNT] = {
	{ INS_F_CLOSING,	"closing",		INS_M_WIN_RATE,
	    LOW, HIGH,		INS_M_CREATED,		INS_F_NONE },
	{ INS_F_VOLUME,		"opportunity_volume",	INS_M_QUALIFIED,
	    LOW, HIGH,		INS_M_WIN_RATE,		INS_F_NONE },
	{ INS_F_VERBAL,		"verbal_not_signed",	INS_M_VERBAL_WON,
	    LOW, HIGH,		NO_GUARD,		INS_F_CLOSING },
	{ INS_F_QUALIFICATION,	"qualification",	INS_M_LEAD_QUALIFIED,
	    LOW, HIGH,		INS_M_CREATED,		INS_F_NONE },
	{ INS_F_FACE_TO_FACE,	"face_to_face",		INS_M_F2F_WEEK,
	    LOW, HIGH,		NO_GUARD,		INS_F_NONE },
	{ INS_F_ACTIVITY,	"activity",		INS_M_ACTIVITY_WEEK,
	    LOW, HIGH,		NO_GUARD,		INS_F_NONE },
};

const char *
ins_finding_name(enum ins_finding f)
{
	return (unsigned)f < INS_F_COUNT ? rules[f].name : "none";
}

enum ins_metric
ins_finding_metric(enum ins_finding f)
{
	return (unsigned)f < INS_F_COUNT ? rules[f].metric : INS_M_COUNT;
}

const char *
ins_alert_name(unsigned alert)
{
	switch (alert) {
	case INS_ALERT_AT_RISK:
		return "at_risk";
	case INS_ALERT_STALLED:
		return "stalled";
	default:
		return "?";
	}
}

bool
ins_result_strong(const struct ins_result *r, enum ins_metric metric)
{
	for (int i = 0; i < r->nstrengths; i++)
		if (r->strengths[i] == metric)
			return true;
	return false;
}

/* The guard "rep >= benchmark": 1 holds, 0 fails, -1 cannot tell (NEEDS_DATA), -2 no benchmark. */
static int
guard_holds(const struct rule *ru, const struct ins_metrics *m, const struct ins_bench *b)
{
	if (ru->guard == NO_GUARD)
		return 1;
	const struct ins_value *g = &m->v[ru->guard];
	if (b->nreps[ru->guard] == 0)
		return -2;
	if (!g->enough)
		return -1;
	return g->value >= b->median[ru->guard] * (1 - EPS) ? 1 : 0;
}

static enum ins_fstatus
evaluate(const struct rule *ru, const struct ins_metrics *m, const struct ins_bench *b,
    const struct ins_result *sofar, struct ins_finding_result *f)
{
	int guard = guard_holds(ru, m, b);

	f->metric = ru->metric;
	f->rep = m->v[ru->metric];
	f->bench = b->median[ru->metric];
	f->bench_n = b->nreps[ru->metric];
	if (f->bench_n > 0 && f->bench > 0 && f->rep.known)
		f->ratio = f->rep.value / f->bench;

	if (guard == 0)
		return INS_FS_NONE;
	if (ru->unless != INS_F_NONE && sofar->f[ru->unless].status == INS_FS_FOUND)
		return INS_FS_NONE;
	if (f->bench_n == 0)
		return INS_FS_NO_BENCHMARK;
	if (f->bench <= 0)
		return INS_FS_NONE;		/* a benchmark of zero makes no finding */
	if (!f->rep.enough)
		return INS_FS_NEEDS_DATA;
	if (f->rep.value > ru->low * f->bench * (1 + EPS))
		return INS_FS_NONE;
	if (guard == -1)
		return INS_FS_NEEDS_DATA;
	if (guard == -2)
		return INS_FS_NO_BENCHMARK;
	f->shortfall = 1 - f->ratio;
	return INS_FS_FOUND;
}

void
ins_findings(const struct ins_metrics *m, const struct ins_bench *b, struct ins_result *out)
{
	memset(out, 0, sizeof(*out));
	out->rep_id = m->rep_id;
	out->main = INS_F_NONE;
	for (int i = 0; i < INS_F_COUNT; i++) {
		const struct rule *ru = &rules[i];
		struct ins_finding_result *f = &out->f[ru->id];

		f->status = evaluate(ru, m, b, out, f);
		if (f->status == INS_FS_FOUND &&
		    (out->main == INS_F_NONE || f->shortfall > out->f[out->main].shortfall + EPS))
			out->main = ru->id;
		if (f->rep.enough && f->bench_n > 0 && f->bench > 0 &&
		    f->rep.value >= ru->high * f->bench * (1 - EPS))
			out->strengths[out->nstrengths++] = ru->metric;
	}

	if (m->pace.state == INS_PACE_AT_RISK)
		out->alerts |= INS_ALERT_AT_RISK;
	if (m->nstalled > 0)
		out->alerts |= INS_ALERT_STALLED;

	out->days_to_sign = m->v[INS_M_DAYS_TO_SIGN];
	out->days_to_sign_team = b->median[INS_M_DAYS_TO_SIGN];
	out->days_to_sign_team_n = b->nreps[INS_M_DAYS_TO_SIGN];
	out->verbal_lost = m->verbal_lost;
	out->verbal_open = m->verbal_open;
	out->verbal_unsigned = m->verbal_lost + m->verbal_open;
}
