/*
 * Bringing a team's history in from a CRM export (`funnelbot import`, or a CSV dropped into
 * the bot's DM). Two passes over the file: the first checks every row and names each problem
 * with its line, matches the owners to people and writes nothing; the second, only when the
 * first found nothing wrong (or --skip-bad), writes every row in one transaction, which a dry
 * run rolls back. A deal becomes what logging its recorded stages would have made -- the
 * entries, the stage history (a stage only passed on the way is `implied`), the deal -- and
 * keeps its source and external id, so the same export imported again changes nothing and a
 * newer one moves what moved.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/buf.h"
#include "commands/commands.h"
#include "commands/commands_int.h"
#include "commands/csvread.h"
#include "commands/lex.h"
#include "commands/mapping.h"
#include "commands/utf8.h"
#include "store/store.h"

#define NO_DAY		STORE_NO_DAY
#define PROBLEMS_SHOWN	20	/* problem lines in a report; the rest are counted */
#define OWNERS_MAX	2000	/* distinct owners one file may name */
#define NO_ACCOUNT	"(no account)"

/* One owner as the file names them, and who they are here (0: nobody yet). */
struct owner {
	char *name;
	int64_t person_id;
};

struct run {
	struct store *st;
	const struct import_options *o;
	struct mapping m;
	int idx[IMPORT_NCOLS];		/* each mapped column's field index, -1 unmapped */
	int nfields;			/* the header's */
	bool applying;			/* the second pass */
	bool header_seen;
	char err[512];			/* why the file cannot be read at all */
	struct buf problems;		/* "line N: ..." */
	long nproblems, rows, created, updated, unchanged, skipped;
	long people_created;
	int first_day, last_day;	/* of every date in the file */
	struct owner *owners;
	int nowners;
	bool undated;			/* a row with no date, taken as of last_day */
	int store_rc;			/* a store failure in the second pass */
};

/* A row's field for column c, trimmed, into out; "" when unmapped or empty. */
static const char *
field(const struct run *r, const struct csv_record *rec, enum import_col c, char *out,
    size_t cap)
{
	const char *s;
	size_t n;

	out[0] = '\0';
	if (r->idx[c] < 0 || r->idx[c] >= rec->n)
		return out;
	s = rec->field[r->idx[c]];
	n = rec->len[r->idx[c]];
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	    s[n - 1] == '\n'))
		n--;
	n = n < cap ? n : utf8_whole(s, cap - 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

static int problem(struct run *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Notes a row's problem (the first pass only; the second meets the same ones). Returns 1. */
static int
problem(struct run *r, long line, const char *fmt, ...)
{
	char what[768];
	va_list ap;

	if (r->applying)
		return 1;
	if (r->nproblems++ < PROBLEMS_SHOWN) {
		va_start(ap, fmt);
		vsnprintf(what, sizeof(what), fmt, ap);
		va_end(ap);
		buf_printf(&r->problems, "line %ld: %s\n", line, what);
	}
	return 1;
}

/* ---- the header ---- */

static int
on_header(struct run *r, const struct csv_record *h)
{
	r->header_seen = true;
	r->nfields = h->n;
	if (!r->applying && r->o->mapping == NULL && mapping_guess(&r->m, h) != 0) {
		snprintf(r->err, sizeof(r->err), "line 1: funnelbot does not know these columns; "
		    "give it a mapping (--mapping FILE, see contrib/import/)");
		return -1;
	}
	for (int c = 0; c < IMPORT_NCOLS; c++) {
		r->idx[c] = -1;
		if (r->m.col[c][0] == '\0')
			continue;
		for (int i = 0; i < h->n && r->idx[c] < 0; i++) {
			char name[128];
			const char *f = h->field[i] + strspn(h->field[i], " \t");
			size_t n = strlen(f);

			while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t' || f[n - 1] == '\r'))
				n--;
			snprintf(name, sizeof(name), "%.*s", (int)n, f);
			if (strcasecmp(name, r->m.col[c]) == 0)
				r->idx[c] = i;
		}
		if (r->idx[c] < 0) {
			snprintf(r->err, sizeof(r->err), "line 1: there is no column \"%s\" (the "
			    "mapping's %s column)", r->m.col[c], mapping_col_key((enum import_col)c));
			return -1;
		}
	}
	return 0;
}

/* ---- people ---- */

/* "imp:" and a hash of the name: the same owner in the next import is the same person. */
static uint64_t
fnv(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ (*p >= 'A' && *p <= 'Z' ? *p + 32 : *p)) * 1099511628211ULL;
	return h;
}

static void
imported_id(const char *name, char *out, size_t cap)
{
	snprintf(out, cap, "imp:%016llx", (unsigned long long)fnv(1469598103934665603ULL, name));
}

/* Who name (or email) is here: 1 found, 0 nobody, STORE_AMBIGUOUS, or a store error. */
static int
find_person(struct run *r, const char *name, const char *email, struct person *p)
{
	char pid[40];
	int rc;

	if (email[0] && (rc = store_person_by_email(r->st, email, p)) != STORE_NOTFOUND)
		return rc == STORE_OK ? 1 : rc;
	if ((rc = store_person_by_name(r->st, name, strlen(name), p)) != STORE_NOTFOUND)
		return rc == STORE_OK ? 1 : rc;
	imported_id(name, pid, sizeof(pid));
	if ((rc = store_person_by_platform(r->st, pid, p)) != STORE_NOTFOUND)
		return rc == STORE_OK ? 1 : rc;
	return 0;
}

/* Creates the person a file names (second pass, --create-people). */
static int
create_person(struct run *r, const char *name, const char *email, struct person *p)
{
	char pid[40], handle[STORE_NAME_MAX];
	size_t n = 0;
	int rc;

	imported_id(name, pid, sizeof(pid));
	for (const char *s = name; *s && n + 1 < sizeof(handle); s++)
		handle[n++] = *s == ' ' ? '.' : (*s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s);
	handle[n] = '\0';
	if ((rc = store_person_ensure(r->st, pid, handle, name, "", false, r->o->now, p)) !=
	    STORE_OK || (rc = store_person_set_email(r->st, p->id, email, true)) != STORE_OK)
		return rc;
	r->people_created++;
	return STORE_OK;
}

/* The owner a row names, remembered across rows: their person id, 0 while unmatched, or -1
 * (with the problem noted) when the name is ambiguous or the store failed. */
static int64_t
owner_of(struct run *r, long line, const char *name, const char *email)
{
	struct person p;
	int i, rc;

	for (i = 0; i < r->nowners; i++)
		if (strcasecmp(r->owners[i].name, name) == 0)
			break;
	if (i == r->nowners) {
		if (r->nowners == OWNERS_MAX) {
			problem(r, line, "more than 2000 different owners in one file, at %s", name);
			return -1;
		}
		if ((r->owners[i].name = strdup(name)) == NULL)
			return -1;
		r->nowners++;
		if ((rc = find_person(r, name, email, &p)) < 0) {
			r->owners[i].person_id = -1;
			if (rc == STORE_AMBIGUOUS)
				problem(r, line, "several people here are called %s; give the file an "
				    "owner email column", name);
			else
				r->store_rc = rc;
		} else {
			r->owners[i].person_id = rc == 1 ? p.id : 0;
		}
	}
	if (r->owners[i].person_id == 0 && r->applying && r->o->create_people) {
		if ((rc = create_person(r, name, email, &p)) != STORE_OK) {
			r->store_rc = rc;
			return -1;
		}
		r->owners[i].person_id = p.id;
	}
	return r->owners[i].person_id;
}

/* ---- values ---- */

static void
saw_day(struct run *r, int day)
{
	if (r->first_day == NO_DAY || day < r->first_day)
		r->first_day = day;
	if (r->last_day == NO_DAY || day > r->last_day)
		r->last_day = day;
}

/* A date column's day into *day (NO_DAY when empty); false with the problem noted. */
static bool
day_of(struct run *r, const struct csv_record *rec, enum import_col c, int *day)
{
	static const char *const fmts[] = { "YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY",
		"DD.MM.YYYY" };
	char v[64];

	*day = NO_DAY;
	if (field(r, rec, c, v, sizeof(v))[0] == '\0')
		return true;
	if (mapping_date(&r->m, v, day)) {
		saw_day(r, *day);
		return true;
	}
	problem(r, rec->line, "%s in the %s column is not a date (%s)", v, mapping_col_key(c),
	    fmts[r->m.dates]);
	return false;
}

/* ---- deals ---- */

struct deal_row {
	char id[128], owner[STORE_NAME_MAX], email[128], account[512];
	int stage;			/* 0 lead ... 5 lost */
	int lost_at;			/* a lost deal's stage as the file gives it, or -1 */
	int64_t amount;			/* cents, -1 none */
	int rec[6];			/* the day each stage was recorded, NO_DAY where not */
};

/* A guessed mapping lists each value the file uses, with how it was read, for the admin to
 * check and keep. */
static void
keep_value(struct mapping_value *v, int *n, const char *from, int to)
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

	field(r, rec, COL_ID, d->id, sizeof(d->id));
	field(r, rec, COL_OWNER, d->owner, sizeof(d->owner));
	field(r, rec, COL_OWNER_EMAIL, d->email, sizeof(d->email));
	field(r, rec, COL_ACCOUNT, d->account, sizeof(d->account));
	if (d->id[0] == '\0')
		ok = !problem(r, rec->line, "no id in the %s column", r->m.col[COL_ID]);
	if (d->owner[0] == '\0')
		ok = !problem(r, rec->line, "no owner in the %s column", r->m.col[COL_OWNER]);
	if (lex_utf8_count(d->account, strlen(d->account)) > LEX_MAX_ACCOUNT ||
	    utf8_has_bidi_control(d->account, strlen(d->account)))
		ok = !problem(r, rec->line, "the account %s is longer than 100 characters or "
		    "turns text around", d->account);
	d->stage = mapping_stage(&r->m, field(r, rec, COL_STAGE, v, sizeof(v)));
	d->lost_at = -1;
	if (r->idx[COL_STATUS] >= 0) {		/* Pipedrive: won and lost are a status */
		field(r, rec, COL_STATUS, v, sizeof(v));
		if (strcasecmp(v, "lost") == 0 && d->stage >= 0 && d->stage < 4)
			d->lost_at = d->stage;	/* the stage it was lost at */
		if (strcasecmp(v, "won") == 0 || strcasecmp(v, "lost") == 0)
			d->stage = strcasecmp(v, "won") == 0 ? 4 : 5;
		else if (v[0] && strcasecmp(v, "open") != 0 && strcasecmp(v, "deleted") != 0)
			ok = !problem(r, rec->line, "status %s is none of open, won, lost", v);
	}
	if (d->stage >= 0 && r->m.guessed[0] && !r->applying)
		keep_value(r->m.stage, &r->m.nstage, field(r, rec, COL_STAGE, v, sizeof(v)),
		    mapping_stage(&r->m, v));
	if (d->stage < 0)
		ok = !problem(r, rec->line, "unknown stage \"%s\"; name it in the mapping's "
		    "[stages] (lead, qualified, proposal, verbal, won or lost)",
		    field(r, rec, COL_STAGE, v, sizeof(v)));
	if (!mapping_amount(field(r, rec, COL_AMOUNT, v, sizeof(v)), &d->amount))
		ok = !problem(r, rec->line, "%s is not an amount", v);
	for (int c = COL_CREATED; c <= COL_LOST; c++)
		if (!day_of(r, rec, (enum import_col)c, &day[c]))
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
static int
account_of(struct run *r, const char *name, int64_t *id)
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
	if ((rc = account_of(r, d->account, &account)) != STORE_OK)
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

static int
on_deal(struct run *r, const struct csv_record *rec)
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
		problem(r, rec->line, "the id %s is on an earlier line too", d.id);
		r->skipped += r->applying;
		return 0;
	}
	if (d.rec[0] == NO_DAY && d.rec[1] == NO_DAY && d.rec[2] == NO_DAY &&
	    d.rec[3] == NO_DAY && d.rec[4] == NO_DAY && d.rec[5] == NO_DAY)
		r->undated = true;
	if ((owner = owner_of(r, rec->line, d.owner, d.email)) < 0) {
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

/* ---- people files ---- */

/* A people row's email and manager onto person id (whom the row created when `made`); counts
 * the row. */
static int
update_person(struct run *r, int64_t id, int64_t mgr, const char *email, bool made)
{
	struct person p, m;
	int rc;

	if ((rc = store_person_get(r->st, id, &p)) != STORE_OK)
		return rc;
	if (mgr == id)
		mgr = 0;
	if (mgr && (rc = store_person_get(r->st, mgr, &m)) != STORE_OK)
		return rc;
	if ((!email[0] || strcasecmp(email, p.email) == 0) && (!mgr || (p.manager_id == mgr &&
	    m.role != ROLE_REP))) {
		if (made)
			r->created++;
		else
			r->unchanged++;
		return STORE_OK;
	}
	if ((rc = store_person_set_email(r->st, id, email, false)) != STORE_OK ||
	    (mgr && m.role == ROLE_REP &&
	    (rc = store_person_set_role(r->st, mgr, ROLE_MANAGER)) != STORE_OK) ||
	    (mgr && (rc = store_person_set_manager(r->st, id, mgr)) != STORE_OK))
		return rc;
	if (made)
		r->created++;
	else
		r->updated++;
	return STORE_OK;
}

static int
on_person(struct run *r, const struct csv_record *rec)
{
	char name[STORE_NAME_MAX], manager[STORE_NAME_MAX], email[128];
	int64_t id, mgr = 0;
	long made;

	field(r, rec, COL_NAME, name, sizeof(name));
	field(r, rec, COL_MANAGER, manager, sizeof(manager));
	field(r, rec, COL_EMAIL, email, sizeof(email));
	if (name[0] == '\0') {
		problem(r, rec->line, "no name in the %s column", r->m.col[COL_NAME]);
		r->skipped += r->applying;
		return 0;
	}
	made = r->people_created;
	if ((id = owner_of(r, rec->line, name, email)) >= 0)
		made = r->people_created > made;	/* this row made them */
	if (id < 0 || (manager[0] && (mgr = owner_of(r, rec->line, manager, "")) < 0)) {
		r->skipped += r->applying && r->store_rc == 0;
		return r->store_rc;
	}
	if (!r->applying)
		return 0;
	if (id == 0 || (manager[0] && mgr == 0)) {
		r->skipped++;
		return 0;
	}
	return r->store_rc = update_person(r, id, mgr, email, made != 0);
}

/* ---- activity files ---- */

static int
on_activity(struct run *r, const struct csv_record *rec)
{
	char owner[STORE_NAME_MAX], account[512], kind[64], note[1024], id[512];
	struct entry e = { .amount = -1, .created_at = r->o->now };
	int64_t found;
	int k, rc;

	field(r, rec, COL_OWNER, owner, sizeof(owner));
	field(r, rec, COL_ACCOUNT, account, sizeof(account));
	field(r, rec, COL_NOTE, note, sizeof(note));
	k = mapping_kind(&r->m, field(r, rec, COL_KIND, kind, sizeof(kind)));
	if (r->m.guessed[0] && !r->applying)
		keep_value(r->m.kinds, &r->m.nkinds, kind, k);
	if (k < 0 || owner[0] == '\0' || !day_of(r, rec, COL_DATE, &e.day) || e.day == NO_DAY) {
		if (k < 0)
			problem(r, rec->line, "unknown activity kind \"%s\"; name it in the "
			    "mapping's [kinds] (call, email, meeting or demo)", kind);
		else if (owner[0] == '\0' || e.day == NO_DAY)
			problem(r, rec->line, "no owner or no date");
		r->skipped += r->applying;
		return 0;
	}
	if (field(r, rec, COL_ID, id, sizeof(id))[0] == '\0') {
		/* No id column: the activity is what it says (case aside), so the same one
		 * twice is one. */
		uint64_t h = 1469598103934665603ULL;
		char day[16];

		snprintf(day, sizeof(day), "|%d|", e.day);
		h = fnv(fnv(fnv(fnv(fnv(h, owner), "|"), account), day), kind);
		snprintf(id, sizeof(id), "h:%016llx%016llx", (unsigned long long)h,
		    (unsigned long long)fnv(h, note));
	}
	if ((rc = store_import_id_once(r->st, id)) != STORE_OK) {
		if (rc != STORE_AMBIGUOUS)
			return r->store_rc = rc;
		problem(r, rec->line, "the same activity is on an earlier line too");
		r->skipped += r->applying;
		return 0;
	}
	if ((e.person_id = owner_of(r, rec->line, owner, "")) < 0) {
		r->skipped += r->applying && r->store_rc == 0;
		return r->store_rc;
	}
	if (!r->applying || e.person_id == 0) {
		r->skipped += r->applying;
		return 0;
	}
	if ((rc = store_import_find(r->st, r->m.source, id, &found)) == STORE_OK) {
		r->unchanged++;
		return 0;
	}
	rc = account_of(r, account, &e.account_id);
	e.kind = (enum kind)k;
	e.note = note;
	e.note_len = strlen(note);
	if (rc != STORE_OK || (rc = store_entry_add(r->st, &e)) != STORE_OK ||
	    (rc = store_import_link(r->st, r->m.source, id, 0, e.id, r->o->now)) != STORE_OK)
		return r->store_rc = rc;
	r->created++;
	return 0;
}

static int
on_record(const struct csv_record *rec, void *arg)
{
	struct run *r = arg;
	int rc;

	if (!r->header_seen)
		return on_header(r, rec);
	if (rec->n == 1 && rec->len[0] == 0)
		return 0;		/* a blank line */
	if (!r->applying)
		r->rows++;
	if (rec->n != r->nfields) {
		problem(r, rec->line, "%d fields where the header has %d", rec->n, r->nfields);
		r->skipped += r->applying;
		return 0;
	}
	rc = r->m.kind == IMPORT_DEALS ? on_deal(r, rec) : r->m.kind == IMPORT_PEOPLE ?
	    on_person(r, rec) : on_activity(r, rec);
	if (r->o->progress && r->applying && (r->created + r->updated + r->unchanged) % 1000 == 0)
		r->o->progress(r->created + r->updated + r->unchanged, r->o->progress_arg);
	return rc;
}

/* One pass over the file; 0, or -1 with r->err set. */
static int
pass(struct run *r)
{
	FILE *fp = fopen(r->o->path, "rb");
	int rc;

	if (fp == NULL) {
		snprintf(r->err, sizeof(r->err), "cannot open %s", r->o->path);
		return -1;
	}
	r->header_seen = false;
	rc = csvread(fp, r->o->encoding, on_record, r, r->err, sizeof(r->err));
	fclose(fp);
	if (rc == 0 && !r->header_seen)
		snprintf(r->err, sizeof(r->err), "the file is empty");
	else if (rc == 0 && r->rows == 0 && !r->applying)
		snprintf(r->err, sizeof(r->err), "the file has a header and no rows");
	if (rc > 0 || r->store_rc) {
		snprintf(r->err, sizeof(r->err), "the database refused: %s",
		    store_errmsg(r->st));
		return -1;
	}
	return rc == 0 && r->err[0] == '\0' ? 0 : -1;
}

static const char *const kind_names[] = { "deals", "people", "activities" };

/* n with thousands separators ("8,800"); eight may be in use at once. */
static const char *
count(long n)
{
	static char buf[8][32];
	static int k;
	char tmp[32], *o = buf[k = (k + 1) % 8];
	int len = snprintf(tmp, sizeof(tmp), "%ld", n < 0 ? 0 : n), j = 0;

	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			o[j++] = ',';
		o[j++] = tmp[i];
	}
	o[j] = '\0';
	return o;
}

/* "People: 30 matched, 2 unmatched: Jane Roe, Li Wei." */
static void
people_line(const struct run *r, struct buf *out)
{
	int matched = 0, unmatched = 0;

	for (int i = 0; i < r->nowners; i++)
		r->owners[i].person_id > 0 ? matched++ : unmatched++;
	buf_printf(out, "People: %s matched", count(matched - r->people_created));
	if (r->people_created)
		buf_printf(out, ", %s created", count(r->people_created));
	buf_printf(out, ", %s unmatched", count(unmatched));
	for (int i = 0, k = 0; i < r->nowners && unmatched; i++)
		if (r->owners[i].person_id <= 0 && k++ < 20)
			buf_printf(out, "%s%s", k == 1 ? ": " : ", ", r->owners[i].name);
	if (unmatched > 20)
		buf_printf(out, " and %d more", unmatched - 20);
	buf_puts(out, ".\n");
}

static void
report(struct run *r, struct buf *out)
{
	char a[32], b[32];

	buf_printf(out, "%s %s (%s, source %s)%s\n", r->o->dry_run ? "Dry run of" : "Imported",
	    r->o->name, kind_names[r->m.kind], r->m.source,
	    r->o->dry_run ? ": nothing was written." : ".");
	buf_printf(out, "Read %s rows: %s created, %s updated, %s unchanged, %s skipped.\n",
	    count(r->rows), count(r->created), count(r->updated), count(r->unchanged),
	    count(r->skipped));
	people_line(r, out);
	if (r->first_day != NO_DAY) {
		cmd_day_text(r->first_day, r->o->today, a, sizeof(a));
		cmd_day_text(r->last_day, r->o->today, b, sizeof(b));
		buf_printf(out, "Dates: %s to %s.\n", a, b);
		if (r->undated)
			buf_printf(out, "Rows without a date are taken as of %s, the export's last "
			    "date.\n", b);
	}
	if (r->nproblems) {
		buf_printf(out, "Skipped, with their reasons:\n%s", buf_str(&r->problems));
		if (r->nproblems > PROBLEMS_SHOWN)
			buf_printf(out, "... and %ld more.\n", r->nproblems - PROBLEMS_SHOWN);
	}
	if (r->m.guessed[0]) {
		buf_printf(out, "The columns were read as the %s layout; keep this mapping (and "
		    "give it with --mapping) to be sure the next import reads them the same:\n",
		    r->m.guessed);
		mapping_print(&r->m, out);
	}
}

/* Nothing written: why, with every problem found. */
static int
refuse(struct run *r, struct buf *out, long unmatched)
{
	buf_printf(out, "Nothing was imported from %s", r->o->name);
	if (r->err[0]) {
		buf_printf(out, ": %s.\n", r->err);
		return -1;
	}
	buf_puts(out, ".\n");
	if (r->nproblems) {
		buf_puts(out, buf_str(&r->problems));
		if (r->nproblems > PROBLEMS_SHOWN)
			buf_printf(out, "... and %ld more.\n", r->nproblems - PROBLEMS_SHOWN);
		buf_printf(out, "%s of %s rows have a problem. Put them right, or import the "
		    "others with --skip-bad.\n", count(r->nproblems), count(r->rows));
	}
	if (unmatched) {
		people_line(r, out);
		buf_puts(out, "Add them first (`person add`, or a people file), or let the import "
		    "create them with --create-people.\n");
	}
	return -1;
}

int
commands_import(struct store *st, const struct import_options *o, char **text)
{
	struct run r = { .st = st, .o = o, .first_day = NO_DAY, .last_day = NO_DAY };
	struct buf out = { 0 };
	long unmatched = 0;
	int rc = -1;

	*text = NULL;
	if ((r.owners = calloc(OWNERS_MAX, sizeof(*r.owners))) == NULL)
		return -1;
	if (o->mapping && mapping_load(&r.m, o->mapping, r.err, sizeof(r.err)) != 0)
		goto done;
	if (store_import_ids_reset(st) != STORE_OK) {
		snprintf(r.err, sizeof(r.err), "the database refused: %s", store_errmsg(st));
		goto done;
	}
	if (pass(&r) != 0)	/* checks, writes nothing */
		goto done;
	for (int i = 0; i < r.nowners; i++)
		unmatched += r.owners[i].person_id == 0;
	if ((r.nproblems || (unmatched && !o->create_people)) && !o->skip_bad)
		goto done;
	r.applying = true;
	if (store_import_ids_reset(st) != STORE_OK || store_begin(st) != STORE_OK) {
		snprintf(r.err, sizeof(r.err), "the database refused: %s", store_errmsg(st));
		goto done;
	}
	if (pass(&r) != 0) {
		store_rollback(st);
		goto done;
	}
	if (o->dry_run) {
		store_rollback(st);
	} else if (store_commit(st) != STORE_OK) {
		snprintf(r.err, sizeof(r.err), "the database refused: %s", store_errmsg(st));
		store_rollback(st);
		goto done;
	}
	rc = 0;
done:
	if (rc == 0)
		report(&r, &out);
	else
		refuse(&r, &out, o->create_people || o->skip_bad ? 0 : unmatched);
	*text = buf_take(&out);
	for (int i = 0; i < r.nowners; i++)
		free(r.owners[i].name);
	free(r.owners);
	buf_free(&r.problems);
	buf_free(&out);
	return rc;
}
