/*
 * `deal #ID`: one opportunity's story -- where it stands, each stage with the day it was
 * logged (and the stages a jump counted as passed), each amount change, and its owner's
 * activities on the account since it opened. Its owner, their manager and an admin may read it;
 * anyone else gets the answer a number that does not exist gets.
 */
#include <stdio.h>
#include <string.h>

#include "commands/commands_int.h"
#include "commands/render.h"

#define DEAL_LINES_MAX	60	/* lines of the story shown; the rest counted */

static const char *const stages[] = {
	"lead", "qualified", "proposal", "verbal", "won", "lost",
};

struct story {
	struct cmd_ctx *ctx;
	struct doc *d;
	const struct opp *o;
	int n;
};

/* "(counted as having passed qualified and proposal)" for a stage entry that jumped. */
static void
passed(struct doc *d, int from, int to)
{
	if (to - from < 1)
		return;
	doc_printf(d, " (counted as having passed");
	for (int s = from; s < to; s++)
		doc_printf(d, "%s%s", s == from ? " " : s + 1 == to ? " and " : ", ", stages[s]);
	doc_printf(d, ")");
}

static int
story_line(const struct entry *e, const char *account, void *arg)
{
	struct story *sy = arg;
	struct cmd_ctx *ctx = sy->ctx;
	char date[32], amount[48], before[48];
	int stage;

	(void)account;
	if (sy->n++ >= DEAL_LINES_MAX)
		return 0;
	cmd_date(ctx, e->day, date, sizeof(date));
	doc_printf(sy->d, "%-15s %-9s", date, store_kind_name(e->kind));
	if (!KIND_IS_ACTIVITY(e->kind)) {
		stage = e->kind == KIND_LOST ? STAGE_LOST : STAGE_OF(e->kind);
		if (e->amount >= 0) {
			cmd_amount(ctx, e->amount, amount, sizeof(amount));
			if (e->has_prev && e->prev.amount >= 0 && e->prev.amount != e->amount) {
				cmd_amount(ctx, e->prev.amount, before, sizeof(before));
				doc_printf(sy->d, " %s → %s", before, amount);
			} else {
				doc_printf(sy->d, " %s", amount);
			}
		}
		if (stage != STAGE_LOST)
			passed(sy->d, e->created_opp ? 0 : e->has_prev ? e->prev.stage + 1 : stage,
			    stage);
	}
	if (e->person_id != sy->o->owner_id)
		doc_printf(sy->d, " (logged by someone else)");
	if (e->note_len)
		doc_printf(sy->d, " — %.*s", (int)e->note_len, e->note);
	doc_printf(sy->d, "\n");
	return 0;
}

/* "Jane Doe (CFO), Bob" */
static int
contact_name(const struct contact *c, void *arg)
{
	struct buf *b = arg;

	buf_printf(b, "%s%s%s%s%s", b->len ? ", " : "", c->name, c->title[0] ? " (" : "",
	    c->title, c->title[0] ? ")" : "");
	return 0;
}

static int
no_such_deal(struct cmd_ctx *ctx, int64_t id)
{
	char what[40];

	snprintf(what, sizeof(what), "opportunity #%lld", (long long)id);
	return cmd_no_such(ctx, what, "`pipeline` lists yours", "`pipeline @who` lists a "
	    "report's");
}

int
cmd_deal(struct cmd_ctx *ctx)
{
	struct person owner;
	struct opp o;
	struct doc d = { 0 };
	struct story sy = { .ctx = ctx, .d = &d, .o = &o };
	char err[128], amount[48] = "no amount", date[32];
	int64_t id;
	int rc, today = ctx->req->today;

	if (ctx->argi + 1 != ctx->l->n)
		return cmd_error(ctx, "Name one deal by its number, like `deal #12`; `pipeline` "
		    "lists the numbers.");
	if ((rc = lex_id(&ctx->l->w[ctx->argi], &id, err, sizeof(err))) <= 0)
		return rc < 0 ? cmd_refuse(ctx, "%s", err) : cmd_error(ctx, "Name one deal by its "
		    "number, like `deal #12`; `pipeline` lists the numbers.");
	rc = store_opp_get(ctx->st, id, &o);
	if (rc == STORE_NOTFOUND)
		return no_such_deal(ctx, id);
	if (rc != STORE_OK || (rc = store_person_get(ctx->st, o.owner_id, &owner)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	if (!cmd_may_see(ctx, &owner))
		return no_such_deal(ctx, id);

	if (o.s.amount >= 0)
		cmd_amount(ctx, o.s.amount, amount, sizeof(amount));
	doc_part(&d, PART_TITLE);
	doc_printf(&d, "#%lld %s — %s", (long long)o.id, o.account, cmd_name(&owner));
	doc_part(&d, PART_TEXT);
	if (o.s.stage >= STAGE_WON) {
		cmd_date(ctx, o.s.closed_day, date, sizeof(date));
		doc_printf(&d, "%s on %s, %s, %d days after it opened.", o.s.stage == STAGE_WON ?
		    "Won" : "Lost", date, amount, o.s.closed_day - o.created_day);
	} else {
		doc_printf(&d, "Open at %s, %s, %d days in that stage (%d since it opened).",
		    stages[o.s.stage], amount, today - o.s.stage_day, today - o.created_day);
	}
	{
		struct buf c = { 0 };

		if ((rc = store_contacts_each(ctx->st, o.account_id, ctx->me.id, contact_name,
		    &c)) != STORE_OK) {
			buf_free(&c);
			doc_free(&d);
			return cmd_store_error(ctx, rc);
		}
		if (c.len)
			doc_printf(&d, " Contacts at %s: %s.", o.account, buf_str(&c));
		buf_free(&c);
	}
	doc_part(&d, PART_PRE);
	if ((rc = store_deal_entries(ctx->st, &o, o.s.stage >= STAGE_WON ? o.s.closed_day : today,
	    story_line, &sy)) != STORE_OK) {
		doc_free(&d);
		return cmd_store_error(ctx, rc);
	}
	if (sy.n > DEAL_LINES_MAX)
		doc_printf(&d, "... and %d more\n", sy.n - DEAL_LINES_MAX);
	/* What was put right on it, and by whom: nothing changes without a trace. */
	{
		struct buf c = { 0 };

		if ((rc = cmd_deal_changes(ctx, &c, o.id)) != STORE_OK) {
			buf_free(&c);
			doc_free(&d);
			return cmd_store_error(ctx, rc);
		}
		if (c.len) {
			doc_part(&d, PART_TEXT);
			doc_printf(&d, "Corrections:");
			doc_part(&d, PART_PRE);
			doc_printf(&d, "%s", buf_str(&c));
		}
		buf_free(&c);
	}
	doc_finish(&d, ctx->reply);
	return 0;
}
