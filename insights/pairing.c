/*
 * Pairing suggestions for `insights team` (docs/metrics.md, "Pairing"): reps whose main findings
 * are each other's strengths are paired; otherwise a rep is pointed at the strongest colleague on
 * the metric of their main finding. Deterministic: reps are taken by ascending id.
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

	/* Mutual pairs first, so a rep's mutual partner is not taken away by a mentor. */
	for (size_t i = 0; i < n; i++) {
		const struct ins_result *a = by_id[i];
		const struct ins_result *best = NULL;
		size_t best_j = 0;

		if (covered[i] || a->main == INS_F_NONE)
			continue;
		enum ins_metric am = ins_finding_metric(a->main);
		for (size_t j = 0; j < n; j++) {
			const struct ins_result *b = by_id[j];

			if (j == i || covered[j] || b->main == INS_F_NONE)
				continue;
			if (ins_result_strong(b, am) && ins_result_strong(a, ins_finding_metric(b->main))
			    && better(b, best, am)) {
				best = b;
				best_j = j;
			}
		}
		if (best) {
			covered[i] = covered[best_j] = true;
			out[nout++] = (struct ins_pair){ INS_PAIR_MUTUAL, a->rep_id, best->rep_id,
			    a->main, best->main };
		}
	}

	for (size_t i = 0; i < n; i++) {
		const struct ins_result *a = by_id[i];
		const struct ins_result *best = NULL;

		if (covered[i] || a->main == INS_F_NONE)
			continue;
		enum ins_metric am = ins_finding_metric(a->main);
		double own = value_of(a, am);
		for (size_t j = 0; j < n; j++) {
			const struct ins_result *b = by_id[j];

			if (j != i && ins_result_strong(b, am) && value_of(b, am) > own &&
			    better(b, best, am))
				best = b;
		}
		if (best)
			out[nout++] = (struct ins_pair){ INS_PAIR_MENTOR, a->rep_id, best->rep_id,
			    a->main, INS_F_NONE };
	}
	free(covered);
	free(by_id);
	return nout;
}
