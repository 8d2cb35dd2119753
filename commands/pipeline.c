/*
 * `pipeline [who]`: one person's open opportunities; `pipeline team`: every report's (a
 * manager) or every rep's (an admin), stalled ones first, so the deals that need a word come
 * to the top of a one-on-one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/commands_int.h"
#include "commands/render.h"

#define PIPELINE_MAX	60	/* deals listed in a reply */

static const char *const stages[] = { "lead", "qualified", "proposal", "verbal" };

/* No stage change and no activity on the account for the configured number of days. */
static bool
stalled(const struct cmd_ctx *ctx, const struct opp *o, int last_activity)
{
	int quiet = o->s.stage_day > last_activity ? o->s.stage_day : last_activity;

	return ctx->req->today - quiet >= ctx->c->cfg->stalled_days;
}

/* One deal as a row: #ID, [owner,] account, stage, amount, days in stage, stalled. */
static void
deal_row(struct cmd_ctx *ctx, struct doc *d, const struct opp *o, const char *owner,
    bool is_stalled)
{
	char amount[48] = "–";
	int days = ctx->req->today - o->s.stage_day;

	if (o->s.amount >= 0)
		cmd_amount(ctx, o->s.amount, amount, sizeof(amount));
	doc_printf(d, "#%-6lld ", (long long)o->id);
	if (owner)
		doc_printf(d, "%-14.14s ", owner);
	doc_printf(d, "%-24.24s %-9s %12s %4d %s%s\n", o->account, stages[o->s.stage & 3],
	    amount, days, days == 1 ? "day" : "days",
	    !is_stalled ? "" : days == 1 ? "   stalled" : "  stalled");
}

static void
stalled_note(struct cmd_ctx *ctx, struct doc *d)
{
	doc_part(d, PART_NOTE);
	doc_printf(d, "Stalled: no stage change and no activity on the account for %d days.",
	    ctx->c->cfg->stalled_days);
}

/* ---- one person ---- */

struct pipe {
	struct cmd_ctx *ctx;
	struct doc *d;
	int n;
	int64_t total;
};

static int
pipe_line(const struct opp *o, int last_activity, void *arg)
{
	struct pipe *pp = arg;

	if (o->s.amount >= 0)
		pp->total += o->s.amount;
	if (pp->n++ < PIPELINE_MAX)
		deal_row(pp->ctx, pp->d, o, NULL, stalled(pp->ctx, o, last_activity));
	return 0;
}

static int
one_pipeline(struct cmd_ctx *ctx, const struct person *p)
{
	struct doc d = { 0 }, t = { 0 };
	struct pipe pp = { .ctx = ctx, .d = &d };
	char total[48];
	int rc;

	doc_part(&d, PART_PRE);
	if ((rc = store_pipeline(ctx->st, p->id, pipe_line, &pp)) != STORE_OK) {
		doc_free(&d);
		return cmd_store_error(ctx, rc);
	}
	if (pp.n > PIPELINE_MAX)
		doc_printf(&d, "... and %d more\n", pp.n - PIPELINE_MAX);
	if (pp.n == 0)
		doc_printf(&d, "No open opportunities.\n");
	cmd_amount(ctx, pp.total, total, sizeof(total));
	/* The title goes first: rebuild the order. */
	doc_part(&t, PART_TITLE);
	doc_printf(&t, "%s's pipeline — %d open, %s", cmd_name(p), pp.n, total);
	doc_part(&t, PART_PRE);
	doc_printf(&t, "%s", d.cur.p ? d.cur.p : "");
	stalled_note(ctx, &t);
	doc_free(&d);
	doc_finish(&t, ctx->reply);
	return 0;
}

/* ---- the team ---- */

struct row {
	struct opp o;
	char owner[STORE_NAME_MAX];
	bool stalled;
	size_t seq;		/* the order it was read in */
};

struct team_pipe {
	struct cmd_ctx *ctx;
	const struct person *owner;	/* whose deals store_pipeline() is reading */
	struct row *rows;
	size_t n, cap;
	int people;
	int64_t total;
	bool oom;
};

static int
team_line(const struct opp *o, int last_activity, void *arg)
{
	struct team_pipe *tp = arg;
	struct row *r;

	if (tp->n == tp->cap) {
		size_t cap = tp->cap ? tp->cap * 2 : 32;
		void *p = realloc(tp->rows, cap * sizeof(*tp->rows));
		if (p == NULL) {
			tp->oom = true;
			return 1;
		}
		tp->rows = p;
		tp->cap = cap;
	}
	r = &tp->rows[tp->n];
	r->seq = tp->n++;
	r->o = *o;
	snprintf(r->owner, sizeof(r->owner), "%s", cmd_name(tp->owner));
	r->stalled = stalled(tp->ctx, o, last_activity);
	if (o->s.amount >= 0)
		tp->total += o->s.amount;
	return 0;
}

static int
team_person(const struct person *p, void *arg)
{
	struct team_pipe *tp = arg;

	if (p->role != ROLE_REP && p->role != ROLE_MANAGER)
		return 0;
	tp->owner = p;
	tp->people++;
	return store_pipeline(tp->ctx->st, p->id, team_line, tp) == STORE_OK && !tp->oom ? 0 : 1;
}

/* Stalled first; then the order each person's pipeline has (latest stage first). */
static int
by_stalled(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->stalled != y->stalled)
		return x->stalled ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
team_pipeline(struct cmd_ctx *ctx)
{
	struct team_pipe tp = { .ctx = ctx };
	struct doc d = { 0 };
	char total[48];
	size_t nstalled = 0;
	int rc;

	if (!ctx->admin && ctx->me.role != ROLE_MANAGER)
		return cmd_refuse(ctx, "Only a manager (for her reports) or an admin can see the "
		    "team's pipeline; `pipeline` shows yours.");
	rc = store_people_each(ctx->st, ctx->admin ? 0 : ctx->me.id, false, false, team_person,
	    &tp);
	if (rc != STORE_OK || tp.oom) {
		free(tp.rows);
		return tp.oom ? cmd_refuse(ctx, "Out of memory listing the team's pipeline.") :
		    cmd_store_error(ctx, rc);
	}
	if (tp.people == 0) {
		free(tp.rows);
		return cmd_refuse(ctx, "There is nobody on your team yet; `manager @rep @you` sets "
		    "who reports to you.");
	}
	if (tp.n > 1)
		qsort(tp.rows, tp.n, sizeof(*tp.rows), by_stalled);
	for (size_t i = 0; i < tp.n; i++)
		nstalled += tp.rows[i].stalled;
	cmd_amount(ctx, tp.total, total, sizeof(total));
	doc_part(&d, PART_TITLE);
	doc_printf(&d, "%s pipeline — %zu open, %s, %zu stalled", ctx->admin ? "The team's" :
	    "Your team's", tp.n, total, nstalled);
	doc_part(&d, PART_PRE);
	for (size_t i = 0; i < tp.n && i < PIPELINE_MAX; i++)
		deal_row(ctx, &d, &tp.rows[i].o, tp.rows[i].owner, tp.rows[i].stalled);
	if (tp.n > PIPELINE_MAX)
		doc_printf(&d, "... and %zu more\n", tp.n - PIPELINE_MAX);
	if (tp.n == 0)
		doc_printf(&d, "No open opportunities.\n");
	stalled_note(ctx, &d);
	doc_finish(&d, ctx->reply);
	free(tp.rows);
	return 0;
}

int
cmd_pipeline(struct cmd_ctx *ctx)
{
	struct person p;
	int i = ctx->argi, rc;

	if ((rc = cmd_subject(ctx, &i, &p, "pipeline")) < 0)
		return rc;
	if (i < ctx->l->n)
		return cmd_error(ctx, "There is something extra after the name.");
	return rc > 0 ? team_pipeline(ctx) : one_pipeline(ctx, &p);
}
