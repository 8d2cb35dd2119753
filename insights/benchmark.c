/*
 * The team benchmark (docs/metrics.md, "The team benchmark"): each metric of a team's reps is
 * sorted once, and a rep's benchmark is the median of that sorted list with the rep's own value
 * left out, so a team of n reps costs O(n log n) per metric, not O(n^2 log n).
 *
 * Choice: a sampled metric (rate, mean, median) is benchmarked only over the reps whose own value
 * has enough data (n >= INS_MIN_N); a count or per-week figure over every rep whose value is known.
 * A rep with three closed deals says little about the team's win rate.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "insights/insights.h"

struct ins_team {
	size_t n;			/* members */
	size_t count[INS_M_COUNT];	/* eligible members per metric */
	double *sorted[INS_M_COUNT];	/* count[m] values, ascending */
	size_t *pos[INS_M_COUNT];	/* member i's index in sorted[m], or INS_NOT_MEMBER */
	void *block;			/* everything above lives in one allocation */
};

struct keyed {
	double v;
	size_t member;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return (x->member > y->member) - (x->member < y->member);
}

static bool
eligible(const struct ins_value *v, enum ins_metric id)
{
	return v->known && (!ins_metric_sampled(id) || v->enough);
}

/* Element k of a[0..n) with a[skip] taken out (skip >= n: nothing taken out). */
static double
at_skip(const double *a, size_t n, size_t skip, size_t k)
{
	return skip < n && k >= skip ? a[k + 1] : a[k];
}

/* QUARTILE.INC over a[0..n) without a[skip]. */
static double
quartile_skip(const double *a, size_t n, size_t skip, int quart)
{
	size_t m = n - (skip < n);

	if (m == 0)
		return 0;
	if (quart < 0)
		quart = 0;
	if (quart > 4)
		quart = 4;
	double h = (double)(m - 1) * quart / 4;
	size_t lo = (size_t)floor(h);
	double frac = h - (double)lo;
	double vlo = at_skip(a, n, skip, lo);

	if (frac == 0)
		return vlo;
	return vlo + frac * (at_skip(a, n, skip, lo + 1) - vlo);
}

double
ins_quartile(const double *sorted, size_t n, int quart)
{
	return quartile_skip(sorted, n, n, quart);
}

struct ins_team *
ins_team_new(const struct ins_metrics *members, size_t n)
{
	struct ins_team *t = calloc(1, sizeof(*t));
	struct keyed *tmp = NULL;

	if (!t)
		return NULL;
	t->n = n;
	if (n == 0)
		return t;
	if (n > SIZE_MAX / (INS_M_COUNT * (sizeof(double) + sizeof(size_t))))
		goto fail;
	t->block = malloc(INS_M_COUNT * n * (sizeof(double) + sizeof(size_t)));
	tmp = malloc(n * sizeof(*tmp));
	if (!t->block || !tmp)
		goto fail;
	double *vals = t->block;
	size_t *pos = (size_t *)(vals + INS_M_COUNT * n);
	for (int m = 0; m < INS_M_COUNT; m++) {
		size_t c = 0;

		t->sorted[m] = vals + (size_t)m * n;
		t->pos[m] = pos + (size_t)m * n;
		for (size_t i = 0; i < n; i++) {
			t->pos[m][i] = INS_NOT_MEMBER;
			if (eligible(&members[i].v[m], m))
				tmp[c++] = (struct keyed){ members[i].v[m].value, i };
		}
		qsort(tmp, c, sizeof(*tmp), cmp_keyed);
		for (size_t k = 0; k < c; k++) {
			t->sorted[m][k] = tmp[k].v;
			t->pos[m][tmp[k].member] = k;
		}
		t->count[m] = c;
	}
	free(tmp);
	return t;
fail:
	free(tmp);
	ins_team_free(t);
	return NULL;
}

void
ins_team_free(struct ins_team *t)
{
	if (!t)
		return;
	free(t->block);
	free(t);
}

size_t
ins_team_size(const struct ins_team *t)
{
	return t->n;
}

void
ins_team_benchmark(const struct ins_team *t, size_t member, struct ins_bench *out)
{
	memset(out, 0, sizeof(*out));
	for (int m = 0; m < INS_M_COUNT; m++) {
		size_t c = t->count[m];
		size_t skip = member < t->n ? t->pos[m][member] : INS_NOT_MEMBER;

		if (skip >= c)
			skip = c;	/* not in this list: nothing to leave out */
		out->nreps[m] = (int)(c - (skip < c));
		out->median[m] = quartile_skip(t->sorted[m], c, skip, 2);
	}
}

int
ins_team_quartiles(const struct ins_team *t, enum ins_metric id, double q[5])
{
	if ((unsigned)id >= INS_M_COUNT || t->count[id] == 0) {
		for (int i = 0; i < 5; i++)
			q[i] = 0;
		return 0;
	}
	for (int i = 0; i < 5; i++)
		q[i] = ins_quartile(t->sorted[id], t->count[id], i);
	return (int)t->count[id];
}

int
ins_benchmark(const struct ins_metrics *others, size_t n, struct ins_bench *out)
{
	struct ins_team *t = ins_team_new(others, n);

	if (!t) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	ins_team_benchmark(t, INS_NOT_MEMBER, out);
	ins_team_free(t);
	return 0;
}
