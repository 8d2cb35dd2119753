/*
 * Pairing suggestions for `insights team` (docs/metrics.md, "Pairing"): reps whose main findings
 * are each other's strengths are paired; otherwise a rep is pointed at the strongest colleague on
 * the metric of their main finding. The rep's own team (same manager) comes first; a suggestion
 * across teams is marked. Deterministic: reps are taken by ascending id.
 */
#include <stdlib.h>

#include "insights/insights.h"

static int
cmp_by_id(const void *a, const void *b)
{
	const struct ins_result *x = *(const struct ins_result *const *)a;
	const struct ins_result *y = *(const struct ins_result *const *)b;

	if (x->rep_id != y->rep_id)
		return x->rep_id < y->rep_id ? -1 : 1;
	return (x > y) - (x < y);	/* the same id twice: keep the input's order */
}

/* r's own value of metric, as its findings recorded it; 0 when no finding compares it. */
static double
value_of(const struct ins_result *r, enum ins_metric metric)
{
	for (int i = 0; i < INS_F_COUNT; i++)
		if (r->f[i].metric == metric)
			return r->f[i].rep.value;
	return 0;
}

/*
 * True when b beats the best so far on metric. Candidates come by ascending id, so keeping the
 * first of equal values keeps the lowest id.
 */
static bool
better(const struct ins_result *b, const struct ins_result *best, enum ins_metric metric)
{
	return !best || value_of(b, metric) > value_of(best, metric);
}

/* Whether b may be suggested to a in this round: within a's team, or across teams. */
static bool
in_round(const struct ins_result *a, const struct ins_result *b, bool across)
{
	return (a->team != b->team) == across;
}

/* The mutual partner for by_id[i] among those without a suggestion, or n for none. */
static size_t
mutual_for(const struct ins_result **by_id, size_t n, const bool *covered, size_t i,
    bool across)
{
	const struct ins_result *a = by_id[i], *best = NULL;
	enum ins_metric am = ins_finding_metric(a->main);
	size_t best_j = n;

	for (size_t j = 0; j < n; j++) {
		const struct ins_result *b = by_id[j];

		if (j == i || covered[j] || b->main == INS_F_NONE || !in_round(a, b, across))
			continue;
		if (ins_result_strong(b, am) && ins_result_strong(a, ins_finding_metric(b->main)) &&
		    better(b, best, am)) {
			best = b;
			best_j = j;
		}
	}
	return best_j;
}

/* The mentor for by_id[i] (anyone, suggested already or not), or NULL for none. */
static const struct ins_result *
mentor_for(const struct ins_result **by_id, size_t n, size_t i, bool across)
{
	const struct ins_result *a = by_id[i], *best = NULL;
	enum ins_metric am = ins_finding_metric(a->main);
	double own = value_of(a, am);

	for (size_t j = 0; j < n; j++) {
		const struct ins_result *b = by_id[j];

		if (j != i && in_round(a, b, across) && ins_result_strong(b, am) &&
		    value_of(b, am) > own && better(b, best, am))
			best = b;
	}
	return best;
}

/* One round: mutual pairs or mentors, within teams or across; returns the pairs written. */
static int
round_of(const struct ins_result **by_id, size_t n, bool *covered, bool mentors, bool across,
    struct ins_pair *out)
{
	int nout = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ins_result *a = by_id[i];

		if (covered[i] || a->main == INS_F_NONE)
			continue;
		if (!mentors) {
			size_t j = mutual_for(by_id, n, covered, i, across);
			if (j == n)
				continue;
			covered[i] = covered[j] = true;
			out[nout++] = (struct ins_pair){ INS_PAIR_MUTUAL, a->rep_id, by_id[j]->rep_id,
			    a->main, by_id[j]->main, across };
		} else {
			const struct ins_result *b = mentor_for(by_id, n, i, across);
			if (b == NULL)
				continue;
			covered[i] = true;
			out[nout++] = (struct ins_pair){ INS_PAIR_MENTOR, a->rep_id, b->rep_id,
			    a->main, INS_F_NONE, across };
		}
	}
	return nout;
}

int
ins_pairing(const struct ins_result *res, size_t n, struct ins_pair *out)
{
	const struct ins_result **by_id;
	bool *covered;
	int nout = 0;

	if (n == 0)
		return 0;
	by_id = malloc(n * sizeof(*by_id));
	covered = calloc(n, sizeof(*covered));
	if (!by_id || !covered) {
		free(by_id);
		free(covered);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		by_id[i] = &res[i];
	qsort(by_id, n, sizeof(*by_id), cmp_by_id);

	/* The rep's own team first: mutual pairs (so a mutual partner is not taken away by a
	 * mentor), then mentors; only then across teams, in the same order. */
	for (int across = 0; across <= 1; across++)
		for (int mentors = 0; mentors <= 1; mentors++)
			nout += round_of(by_id, n, covered, mentors, across, out + nout);
	free(covered);
	free(by_id);
	return nout;
}
