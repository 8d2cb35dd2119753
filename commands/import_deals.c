/*
 * A deal row of an import (see commands/import.c) becomes what logging its stages would have
 * made: each stage with a day in the file recorded on it, one only passed on the way implied
 * (dated like the next recorded one), an entry at each recorded stage. A deal imported before
 * is compared with the row: unchanged, or moved on like a logged move and put right.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "commands/import_int.h"
#include "commands/lex.h"
#include "commands/utf8.h"

struct deal_row {
	char id[128], owner[STORE_NAME_MAX], email[128], account[512];
	int stage;			/* 0 lead ... 5 lost */
	int lost_at;			/* a lost deal's stage as the file gives it, or -1 */
	int64_t amount;			/* cents, -1 none */
	int rec[6];			/* the day each stage was recorded, NO_DAY where not */
};

/* A guessed mapping lists each value the file uses, with how it was read, for the admin to
 * check and keep. */
void
import_keep_value(struct mapping_value *v, int *n, const char *from, int to)
{
	if (from[0] == '\0' || to < 0 || *n == MAPPING_VALUES_MAX || strlen(from) >= sizeof(v->from))
		return;
	for (int i = 0; i < *n; i++)
		if (strcasecmp(v[i].from, from) == 0)
			return;
	snprintf(v[*n].from, sizeof(v->from), "%s", from);
	v[(*n)++].to = to;
}

/* Reads a deal row; false when it has a problem (noted). */
static bool
read_deal(struct run *r, const struct csv_record *rec, struct deal_row *d)
{
	char v[128];
	int day[IMPORT_NCOLS];
	bool ok = true;

	import_field(r, rec, COL_ID, d->id, sizeof(d->id));
	import_field(r, rec, COL_OWNER, d->owner, sizeof(d->owner));
	import_field(r, rec, COL_OWNER_EMAIL, d->email, sizeof(d->email));
	import_field(r, rec, COL_ACCOUNT, d->account, sizeof(d->account));
	if (d->id[0] == '\0')
		ok = !import_problem(r, rec->line, "no id in the %s column", r->m.col[COL_ID]);
	if (d->owner[0] == '\0')
		ok = !import_problem(r, rec->line, "no owner in the %s column", r->m.col[COL_OWNER]);
	if (lex_utf8_count(d->account, strlen(d->account)) > LEX_MAX_ACCOUNT ||
	    utf8_has_bidi_control(d->account, strlen(d->account)))
		ok = !import_problem(r, rec->line, "the account %s is longer than 100 characters or "
		    "turns text around", d->account);
	d->stage = mapping_stage(&r->m, import_field(r, rec, COL_STAGE, v, sizeof(v)));
	d->lost_at = -1;
	if (r->idx[COL_STATUS] >= 0) {		/* Pipedrive: won and lost are a status */
		import_field(r, rec, COL_STATUS, v, sizeof(v));
		if (strcasecmp(v, "lost") == 0 && d->stage >= 0 && d->stage < 4)
			d->lost_at = d->stage;	/* the stage it was lost at */
		if (strcasecmp(v, "won") == 0 || strcasecmp(v, "lost") == 0)
			d->stage = strcasecmp(v, "won") == 0 ? 4 : 5;
		else if (v[0] && strcasecmp(v, "open") != 0 && strcasecmp(v, "deleted") != 0)
			ok = !import_problem(r, rec->line, "status %s is none of open, won, lost", v);
	}
	if (d->stage >= 0 && r->m.guessed[0] && !r->applying)
		import_keep_value(r->m.stage, &r->m.nstage, import_field(r, rec, COL_STAGE, v, sizeof(v)),
		    mapping_stage(&r->m, v));
	if (d->stage < 0)
		ok = !import_problem(r, rec->line, "unknown stage \"%s\"; name it in the mapping's "
		    "[stages] (lead, qualified, proposal, verbal, won or lost)",
		    import_field(r, rec, COL_STAGE, v, sizeof(v)));
	if (!mapping_amount(import_field(r, rec, COL_AMOUNT, v, sizeof(v)), &d->amount))
		ok = !import_problem(r, rec->line, "%s is not an amount", v);
	for (int c = COL_CREATED; c <= COL_LOST; c++)
		if (!import_day(r, rec, (enum import_col)c, &day[c]))
			ok = false;
	if (!ok)
		return false;
	for (int s = 0; s < 6; s++)
		d->rec[s] = NO_DAY;
	d->rec[0] = day[COL_CREATED];
	d->rec[1] = day[COL_QUALIFIED];
	d->rec[2] = day[COL_PROPOSAL];
	d->rec[3] = day[COL_VERBAL];
	if (d->stage == 4)
		d->rec[4] = day[COL_WON] != NO_DAY ? day[COL_WON] : day[COL_CLOSED];
	if (d->stage == 5)
		d->rec[5] = day[COL_LOST] != NO_DAY ? day[COL_LOST] : day[COL_CLOSED];
	for (int s = d->stage == 5 ? 4 : d->stage + 1; s < 5; s++)
		d->rec[s] = NO_DAY;	/* a stage an open deal has not reached has no day */
	return true;
}

/*
 * Where a row's deal stands and when each stage was reached: a recorded day where the file
 * gives one; for a stage only passed on the way, the next recorded day (else the one before,
 * else the export's last date), marked implied.
 */
struct plan {
	int top;		/* the highest stage reached, 0..4 */
	bool lost;
	int day[6];
	bool implied[6];
	struct opp_state s;
	int created_day;
};

static void
plan_deal(const struct deal_row *d, int as_of, struct plan *p)
{
	p->lost = d->stage == 5;
	p->top = 0;
	for (int s = 0; s <= 4; s++)
		if (p->lost ? d->rec[s] != NO_DAY || s <= d->lost_at : s <= d->stage)
			p->top = s;
	for (int s = 0; s <= 5; s++) {
		int day = d->rec[s];

		p->implied[s] = day == NO_DAY;
		for (int t = s + 1; day == NO_DAY && t <= 5; t++)
			if (t <= p->top || t == 5)
				day = d->rec[t];
		for (int t = s - 1; day == NO_DAY && t >= 0; t--)
			day = d->rec[t];
		p->day[s] = day == NO_DAY ? as_of : day;
	}
	p->created_day = p->day[0];
	p->s = (struct opp_state){ .amount = d->amount, .stage = p->lost ? 5 : p->top,
		.reached = p->top, .closed_day = NO_DAY, .stage_day = p->day[p->top] };
	if (d->stage == 4)
		p->s.closed_day = p->day[4];
	if (p->lost) {
		p->s.closed_day = p->day[5];
		p->s.stage_day = p->day[5];
	}
}

/* An entry for stage s (5 lost) on deal o, with the history rows from stage `from` up. */
static int
stage_entry(struct run *r, const struct plan *p, struct opp *o, int from, int s,
    const struct opp_state *prev)
{
	struct entry e = { .person_id = o->owner_id, .account_id = o->account_id, .opp_id = o->id,
		.kind = (enum kind)(KIND_LEAD + s), .day = p->day[s], .created_at = r->o->now,
		.amount = prev == NULL || s == 4 ? p->s.amount : -1, .note = "imported",
		.note_len = 8, .created_opp = prev == NULL, .has_prev = prev != NULL };
	int rc;

	if (prev)
		e.prev = *prev;
	if ((rc = store_entry_add(r->st, &e)) != STORE_OK)
		return rc;
	for (int t = from; t <= s; t++)
		if (t < 5 || s == 5)
			if ((rc = store_history_add(r->st, o->id, t, p->day[t], e.id,
			    p->implied[t])) != STORE_OK)
				return rc;
	return STORE_OK;
}

/* The entries logging the stages above `after` would have made: one at each recorded stage,
 * one at the top, one for the loss. */
static int
walk_stages(struct run *r, const struct plan *p, struct opp *o, int after,
    struct opp_state *cur)
{
	int from = after + 1, rc;

	for (int s = from; s <= p->top; s++) {
		if (p->implied[s] && s != p->top)
			continue;
		if ((rc = stage_entry(r, p, o, from, s, after < 0 && from == 0 ? NULL : cur)) !=
		    STORE_OK)
			return rc;
		cur->stage = s;
		cur->reached = s > cur->reached ? s : cur->reached;
		cur->stage_day = p->day[s];
		cur->closed_day = s == 4 ? p->day[4] : NO_DAY;
		from = s + 1;
	}
	if (p->lost && cur->stage != 5) {
		if ((rc = stage_entry(r, p, o, 5, 5, cur)) != STORE_OK)
			return rc;
		cur->stage = 5;
		cur->closed_day = p->day[5];
		cur->stage_day = p->day[5];
	}
	return STORE_OK;
}

static int
create_deal(struct run *r, const struct deal_row *d, const struct plan *p, struct opp *o)
{
	struct opp_state cur = { .amount = p->s.amount, .reached = 0, .closed_day = NO_DAY };
	int rc;

	o->created_day = p->created_day;
	o->s = p->s;
	if ((rc = store_opp_add(r->st, o, r->o->now)) != STORE_OK ||
	    (rc = walk_stages(r, p, o, -1, &cur)) != STORE_OK ||
	    (rc = store_import_link(r->st, r->m.source, d->id, o->id, 0, r->o->now)) != STORE_OK)
		return rc;
	r->created++;
	return STORE_OK;
}

/* Whether deal o already is what the plan says, recorded stage days included. */
static int
same_deal(struct run *r, const struct opp *o, const struct plan *p, bool *same)
{
	int have[6], rc;

	if ((rc = store_history_recorded(r->st, o->id, have)) != STORE_OK)
		return rc;
	*same = o->s.amount == p->s.amount && o->s.stage == p->s.stage &&
	    o->s.reached == p->s.reached;
	for (int s = 0; s <= 5 && *same; s++) {
		bool want = !p->implied[s] && (s <= p->top || (s == 5 && p->lost));

		*same = want ? have[s] == p->day[s] : have[s] == NO_DAY;
	}
	return STORE_OK;
}

/* A newer export of a deal: a stage moved on is logged as a move; the rest is restated. */
static int
update_deal(struct run *r, const struct plan *p, struct opp *o, int64_t owner, int64_t account)
{
	struct opp_state cur = o->s;
	int rc;

	if (o->owner_id != owner || o->account_id != account) {
		if ((rc = store_opp_set_owner(r->st, o->id, owner, account)) != STORE_OK)
			return rc;
		o->owner_id = owner;
		o->account_id = account;
	}
	if (o->s.stage < 4 && (p->lost || p->top > o->s.stage) &&
	    (rc = walk_stages(r, p, o, o->s.stage, &cur)) != STORE_OK)
		return rc;
	for (int s = 0; s <= 5; s++)
		if ((rc = store_history_set_stage(r->st, o->id, s, p->day[s], p->implied[s])) !=
		    STORE_OK)
			return rc;
	if ((rc = store_opp_restate(r->st, o->id, &p->s)) != STORE_OK ||
	    (rc = store_opp_set_created_day(r->st, o->id, p->created_day)) != STORE_OK)
		return rc;
	r->updated++;
	return STORE_OK;
}

/* The account a row names (found, or made), into *id. */
int
import_account(struct run *r, const char *name, int64_t *id)
{
	int rc;

	if (name[0] == '\0')
		name = NO_ACCOUNT;
	rc = store_account_find(r->st, name, strlen(name), id, NULL, 0);
	if (rc == STORE_NOTFOUND)
		rc = store_account_create(r->st, name, strlen(name), false, r->o->now, id);
	return rc;
}

static int
apply_deal(struct run *r, const struct deal_row *d, int64_t owner)
{
	struct opp o = { .owner_id = owner };
	struct plan p;
	int64_t opp_id, account;
	bool same;
	int rc;

	plan_deal(d, r->last_day, &p);
	if ((rc = import_account(r, d->account, &account)) != STORE_OK)
		return rc;
	o.account_id = account;
	if ((rc = store_import_find(r->st, r->m.source, d->id, &opp_id)) == STORE_NOTFOUND)
		return create_deal(r, d, &p, &o);
	if (rc != STORE_OK || (rc = store_opp_get(r->st, opp_id, &o)) != STORE_OK ||
	    (rc = same_deal(r, &o, &p, &same)) != STORE_OK)
		return rc;
	if (same && o.owner_id == owner && o.account_id == account) {
		r->unchanged++;
		return STORE_OK;
	}
	return update_deal(r, &p, &o, owner, account);
}

int
import_deal_row(struct run *r, const struct csv_record *rec)
{
	struct deal_row d;
	int64_t owner;
	int rc;

	if (!read_deal(r, rec, &d)) {
		r->skipped += r->applying;
		return 0;
	}
	if ((rc = store_import_id_once(r->st, d.id)) != STORE_OK) {
		if (rc != STORE_AMBIGUOUS)
			return r->store_rc = rc;
		import_problem(r, rec->line, "the id %s is on an earlier line too", d.id);
		r->skipped += r->applying;
		return 0;
	}
	if (d.rec[0] == NO_DAY && d.rec[1] == NO_DAY && d.rec[2] == NO_DAY &&
	    d.rec[3] == NO_DAY && d.rec[4] == NO_DAY && d.rec[5] == NO_DAY)
		r->undated = true;
	if ((owner = import_owner(r, rec->line, d.owner, d.email)) < 0) {
		r->skipped += r->applying && r->store_rc == 0;
		return r->store_rc;
	}
	if (!r->applying)
		return 0;
	if (owner == 0) {		/* unmatched, and --skip-bad */
		r->skipped++;
		return 0;
	}
	return r->store_rc = apply_deal(r, &d, owner);
}

