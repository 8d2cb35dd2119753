/*
 * `accounts [who|team]`: the accounts someone works, those with open deals first (how many,
 * worth how much), then the most recently touched -- a manager's view of where each rep is
 * spending their time, a rep's of their book. Who may ask about whom is cmd_subject()'s rule.
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands/commands_int.h"
#include "commands/render.h"

#define ACCOUNTS_MAX	60	/* rows in a reply */

struct listing {
	struct cmd_ctx *ctx;
	struct doc *d;
	int n, open;
};

static int
account_line(const struct account_row *r, void *arg)
{
	struct listing *ls = arg;
	char amount[48] = "", date[32];

	ls->open += r->open;
	if (ls->n++ >= ACCOUNTS_MAX)
		return 0;
	if (r->open && r->open_amount > 0)
		cmd_amount(ls->ctx, r->open_amount, amount, sizeof(amount));
	cmd_date(ls->ctx, r->last_day, date, sizeof(date));
	if (r->open)
		doc_printf(ls->d, "%-28.28s %2d open %12s  last %s\n", r->name, r->open, amount,
		    date);
	else
		doc_printf(ls->d, "%-28.28s %-20s  last %s\n", r->name, "no open deal", date);
	return 0;
}

/* The people a team view covers: a manager's reports, or everyone for an admin. */
struct ids {
	int64_t *v;
	int n, cap;
	bool oom;
};

static int
add_id(const struct person *p, void *arg)
{
	struct ids *ids = arg;

	if (ids->n == ids->cap) {
		int cap = ids->cap ? ids->cap * 2 : 16;
		void *v = realloc(ids->v, (size_t)cap * sizeof(*ids->v));
		if (v == NULL) {
			ids->oom = true;
			return 1;
		}
		ids->v = v;
		ids->cap = cap;
	}
	ids->v[ids->n++] = p->id;
	return 0;
}

int
cmd_accounts(struct cmd_ctx *ctx)
{
	struct person p;
	struct ids ids = { 0 };
	struct doc d = { 0 }, t = { 0 };
	struct listing ls = { .ctx = ctx, .d = &d };
	int i = ctx->argi, rc;
	bool team;

	if ((rc = cmd_subject(ctx, &i, &p, "accounts")) < 0)
		return rc;
	if (i < ctx->l->n)
		return cmd_error(ctx, "There is something extra after the name.");
	if ((team = rc > 0)) {
		if (!ctx->admin && ctx->me.role != ROLE_MANAGER)
			return cmd_refuse(ctx, "Only a manager (for her reports) or an admin can list "
			    "the team's accounts; `accounts` lists yours.");
		rc = store_people_each(ctx->st, ctx->admin ? 0 : ctx->me.id, false, false, add_id,
		    &ids);
		if (rc == STORE_OK && ids.oom)
			rc = STORE_ERR;
		if (rc != STORE_OK) {
			free(ids.v);
			return cmd_store_error(ctx, rc);
		}
		if (ids.n == 0) {
			free(ids.v);
			return cmd_refuse(ctx, "There is nobody on your team yet; `manager @rep @you` "
			    "sets who reports to you.");
		}
	} else {
		ids.v = &p.id;
		ids.n = 1;
	}
	doc_part(&d, PART_PRE);
	rc = store_accounts_of(ctx->st, ids.v, ids.n, account_line, &ls);
	if (team)
		free(ids.v);
	if (rc != STORE_OK) {
		doc_free(&d);
		return cmd_store_error(ctx, rc);
	}
	if (ls.n > ACCOUNTS_MAX)
		doc_printf(&d, "... and %d more\n", ls.n - ACCOUNTS_MAX);
	if (ls.n == 0)
		doc_printf(&d, "Nothing logged on any account yet.\n");
	doc_part(&t, PART_TITLE);
	if (team)
		doc_printf(&t, "%s accounts — %d, %d open deals", ctx->admin ? "The team's" :
		    "Your team's", ls.n, ls.open);
	else
		doc_printf(&t, "%s's accounts — %d, %d open deals", cmd_name(&p), ls.n, ls.open);
	doc_part(&t, PART_PRE);
	doc_printf(&t, "%s", d.cur.p ? d.cur.p : "");
	doc_free(&d);
	doc_finish(&t, ctx->reply);
	return 0;
}
