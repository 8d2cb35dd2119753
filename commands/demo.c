/*
 * `demo load` and `demo clear`: a sample team, clearly marked, so a newcomer sees the product
 * work in a minute. It is the worked example of metrics.md over the last 90 days: John fills his
 * pipeline but does not close, Sally closes but has few opportunities, four others sit around
 * the team median. Sample people are never messaged.
 */
#include <stdio.h>
#include <string.h>

#include "commands/commands_int.h"
#include "insights/calendar.h"

#define DEMO_DAYS 90

/* How one sample opportunity ends: the stage it reached and whether it closed. */
enum fate { OPEN, WON, LOST };

struct demo_rep {
	const char *username;
	const char *display;
	int open_at[4];		/* open opportunities left at lead, qualified, proposal, verbal */
	int won;
	int lost_at[4];		/* lost at lead, qualified, proposal, verbal */
	int calls, emails, meetings, demos;
	int target_k;		/* yearly target, thousands */
};

static const struct demo_rep reps[] = {
	/* 30 created, 20 reach verbal, 3 won, 12 lost */
	{ "john", "John (sample)", { 4, 3, 3, 5 }, 3, { 0, 0, 0, 12 }, 38, 20, 12, 4, 250 },
	/* 6 created, 5 won, 1 lost */
	{ "sally", "Sally (sample)", { 0, 0, 0, 0 }, 5, { 0, 0, 1, 0 }, 36, 18, 12, 4, 250 },
	/* 14 created, 12 qualified, about half of those closed are won */
	{ "priya", "Priya (sample)", { 2, 1, 1, 0 }, 5, { 0, 1, 2, 2 }, 37, 19, 11, 4, 240 },
	{ "tom", "Tom (sample)", { 2, 0, 1, 1 }, 5, { 0, 2, 2, 1 }, 35, 21, 12, 3, 240 },
	{ "ana", "Ana (sample)", { 2, 1, 0, 1 }, 5, { 0, 1, 3, 1 }, 40, 17, 13, 4, 240 },
	{ "ben", "Ben (sample)", { 2, 0, 2, 0 }, 5, { 0, 2, 1, 2 }, 36, 20, 12, 5, 240 },
};

static const char *const accounts[] = {
	"Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Foods",
	"Hooli", "Vandelay Imports", "Soylent", "Cyberdyne", "Tyrell Labs", "Wonka Sweets",
	"Oscorp", "Pied Piper", "Massive Dynamic", "Gringotts Bank", "Monarch Solar",
	"Duff Brewing", "Prestige Worldwide", "Bluth Homes",
};
#define NACCOUNTS ((int)(sizeof(accounts) / sizeof(accounts[0])))

static const char *const notes[] = {
	"", "", "follow-up on pricing", "intro with their CFO", "sent the case study",
	"asked about the security review", "", "legal is reviewing the contract",
};

/* A small fixed-seed generator: the demo is the same every time. */
static unsigned
next(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

struct demo {
	struct cmd_ctx *ctx;
	unsigned seed;
	int first;		/* the first day of the 90 */
	int64_t account_ids[NACCOUNTS];
};

static int
entry(struct demo *d, int64_t person, int kind, int64_t account, int64_t opp, int day,
    int64_t amount, const struct opp_state *prev, int64_t *id)
{
	const char *note = notes[next(&d->seed) % (sizeof(notes) / sizeof(notes[0]))];
	struct entry e = {
		.person_id = person, .account_id = account, .opp_id = opp, .kind = kind,
		.day = day, .created_at = d->ctx->req->now, .amount = amount, .note = note,
		.note_len = strlen(note), .created_opp = prev == NULL && opp != 0,
	};
	int rc;

	if (prev) {
		e.has_prev = true;
		e.prev = *prev;
	}
	rc = store_entry_add(d->ctx->st, &e);
	*id = e.id;
	return rc;
}

/* Moves a sample opportunity on to stage (or lost) a few days later: entry, state, history. */
static int
move(struct demo *d, struct opp *o, int stage)
{
	struct opp_state prev = o->s;
	int64_t eid;
	int day = o->s.stage_day + 3 + (int)(next(&d->seed) % 7), rc;

	day = day > d->ctx->req->today ? d->ctx->req->today : day;
	o->s.stage = stage;
	o->s.reached = stage == STAGE_LOST ? o->s.reached : stage;
	o->s.stage_day = day;
	o->s.closed_day = stage >= STAGE_WON ? day : STORE_NO_DAY;
	if ((rc = store_opp_update(d->ctx->st, o->id, &o->s, d->ctx->req->now)) ||
	    (rc = entry(d, o->owner_id, KIND_LEAD + stage, o->account_id, o->id, day, -1, &prev,
	    &eid)))
		return rc;
	return store_history_add(d->ctx->st, o->id, stage, day, eid, false);
}

/* One opportunity: created as a lead, walked stage by stage to where its fate leaves it. */
static int
opportunity(struct demo *d, int64_t owner, int reach, enum fate fate)
{
	struct opp o = { 0 };
	int64_t eid;
	int day = d->first + (int)(next(&d->seed) % 50), rc;

	o.account_id = d->account_ids[next(&d->seed) % NACCOUNTS];
	o.owner_id = owner;
	o.created_day = day;
	o.s = (struct opp_state){ .amount = (20 + (int64_t)(next(&d->seed) % 41)) * 1000 * 100,
		.stage = 0, .reached = 0, .closed_day = STORE_NO_DAY, .stage_day = day };
	if ((rc = store_opp_add(d->ctx->st, &o, d->ctx->req->now)) ||
	    (rc = entry(d, owner, KIND_LEAD, o.account_id, o.id, day, o.s.amount, NULL, &eid)) ||
	    (rc = store_history_add(d->ctx->st, o.id, 0, day, eid, false)))
		return rc;
	for (int s = 1; s <= (fate == WON ? STAGE_WON : reach); s++)
		if ((rc = move(d, &o, s)))
			return rc;
	return fate == LOST ? move(d, &o, STAGE_LOST) : STORE_OK;
}

static int
activities(struct demo *d, int64_t person, int kind, int count)
{
	int64_t eid;
	int rc;

	for (int i = 0; i < count; i++) {
		int day = d->first + (int)(next(&d->seed) % DEMO_DAYS);
		int64_t account = d->account_ids[next(&d->seed) % NACCOUNTS];
		if ((rc = entry(d, person, kind, account, 0, day, -1, NULL, &eid)) != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

static int
load(struct cmd_ctx *ctx)
{
	struct demo d = { .ctx = ctx, .seed = 42, .first = ctx->req->today - DEMO_DAYS + 1 };
	struct person manager, p;
	int y, m, dd, rc;

	if (store_person_by_platform(ctx->st, "sample-maria", &p) == STORE_OK)
		return cmd_refuse(ctx, "The sample team is already loaded; `demo clear` removes it.");
	cal_ymd(ctx->req->today, &y, &m, &dd);
	for (int i = 0; i < NACCOUNTS; i++) {
		rc = store_account_find(ctx->st, accounts[i], strlen(accounts[i]),
		    &d.account_ids[i], NULL, 0);
		if (rc == STORE_NOTFOUND)
			rc = store_account_create(ctx->st, accounts[i], strlen(accounts[i]), true,
			    ctx->req->now, &d.account_ids[i]);
		if (rc != STORE_OK)
			return cmd_store_error(ctx, rc);
	}
	if ((rc = store_person_ensure(ctx->st, "sample-maria", "maria", "Maria (sample manager)",
	    NULL, true, ctx->req->now, &manager)) ||
	    (rc = store_person_set_role(ctx->st, manager.id, ROLE_MANAGER)))
		return cmd_store_error(ctx, rc);
	for (size_t i = 0; i < sizeof(reps) / sizeof(reps[0]); i++) {
		const struct demo_rep *r = &reps[i];
		char id[40];

		snprintf(id, sizeof(id), "sample-%s", r->username);
		if ((rc = store_person_ensure(ctx->st, id, r->username, r->display, NULL, true,
		    ctx->req->now, &p)) ||
		    (rc = store_person_set_manager(ctx->st, p.id, manager.id)) ||
		    (rc = store_target_set(ctx->st, p.id, y, (int64_t)r->target_k * 1000 * 100)))
			return cmd_store_error(ctx, rc);
		for (int s = 0; s < 4; s++) {
			for (int k = 0; k < r->open_at[s]; k++)
				if ((rc = opportunity(&d, p.id, s, OPEN)))
					return cmd_store_error(ctx, rc);
			for (int k = 0; k < r->lost_at[s]; k++)
				if ((rc = opportunity(&d, p.id, s, LOST)))
					return cmd_store_error(ctx, rc);
		}
		for (int k = 0; k < r->won; k++)
			if ((rc = opportunity(&d, p.id, STAGE_WON, WON)))
				return cmd_store_error(ctx, rc);
		if ((rc = activities(&d, p.id, KIND_CALL, r->calls)) ||
		    (rc = activities(&d, p.id, KIND_EMAIL, r->emails)) ||
		    (rc = activities(&d, p.id, KIND_MEETING, r->meetings)) ||
		    (rc = activities(&d, p.id, KIND_DEMO, r->demos)))
			return cmd_store_error(ctx, rc);
	}
	buf_puts(&ctx->out,
	    "Loaded a sample team: Maria (sample manager) with John, Sally, Priya, Tom, Ana and "
	    "Ben, marked (sample); they are never messaged.\n"
	    "Try: `insights @john`, `insights @sally`, `insights team`, `funnel @sally`, "
	    "`team`.\n`demo clear` removes them.\n");
	return 0;
}

int
cmd_demo(struct cmd_ctx *ctx)
{
	int people, rc;

	if (ctx->argi + 1 == ctx->l->n && cmd_word_is(ctx, ctx->argi, "load"))
		return load(ctx);
	if (ctx->argi + 1 == ctx->l->n && cmd_word_is(ctx, ctx->argi, "clear")) {
		if ((rc = store_demo_clear(ctx->st, &people)) != STORE_OK)
			return cmd_store_error(ctx, rc);
		buf_printf(&ctx->out, people ? "Removed the sample team (%d people).\n" :
		    "There was no sample team to remove (%d people).\n", people);
		return 0;
	}
	return cmd_error(ctx, "Say `demo load` or `demo clear`.");
}
