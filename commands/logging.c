/*
 * `log`: activities and stage moves, with the stage history they imply, `undo`, and bare `log`.
 * Every entry is one row in entries plus what it did to an opportunity, so undo can take back
 * exactly that.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands/commands_int.h"
#include "commands/match.h"
#include "commands/utf8.h"
#include "insights/calendar.h"

#define UNDO_WINDOW (24 * 60 * 60)	/* seconds an entry can be undone */
#define ACCOUNT_RUN_MAX 12		/* words tried when matching an existing account name */

static const struct {
	const char *word;
	int kind;		/* enum kind, or -1 for undo */
} kinds[] = {
	{ "call", KIND_CALL }, { "calls", KIND_CALL }, { "email", KIND_EMAIL },
	{ "e-mail", KIND_EMAIL }, { "meeting", KIND_MEETING }, { "meet", KIND_MEETING },
	{ "visit", KIND_MEETING }, { "f2f", KIND_MEETING }, { "demo", KIND_DEMO },
	{ "lead", KIND_LEAD }, { "qualified", KIND_QUALIFIED }, { "qualify", KIND_QUALIFIED },
	{ "proposal", KIND_PROPOSAL }, { "verbal", KIND_VERBAL }, { "won", KIND_WON },
	{ "signed", KIND_WON }, { "win", KIND_WON }, { "closed", KIND_WON },
	{ "lost", KIND_LOST }, { "undo", -1 },
};

static const char *const articles[KIND_COUNT] = {
	"a call", "an email", "a meeting", "a demo", "a lead", "", "", "", "", "",
};

/* What the arguments of a log line say. */
struct log_args {
	int kind;
	int64_t opp_id;		/* #ID given, else 0 */
	const char *account;	/* the account's name as typed (quotes removed) */
	size_t account_len;
	int64_t account_id;	/* 0 when it does not exist yet */
	bool matched;		/* found by cmd_account_match, not by the name as typed */
	char account_name[404];	/* the stored spelling when it exists */
	int64_t amount;		/* cents, -1 none */
	int day;
	bool dated;		/* the day was typed, not today by default */
	const char *note;
	size_t note_len;
	int note_at;		/* the note's first word */
	int account_at, after_account;	/* the account's words: [account_at, after_account) */
	bool account_quoted;
	char other_account[404];	/* the words fit this account as well */
};

int
cmd_account_name_check(struct cmd_ctx *ctx, const char *s, size_t n)
{
	if (n == 0 || utf8_blank(s, n))
		return cmd_error(ctx, "The account name is empty.");
	if (lex_utf8_count(s, n) > LEX_MAX_ACCOUNT)
		return cmd_error(ctx, "An account name can be at most %d characters.",
		    LEX_MAX_ACCOUNT);
	if (memchr(s, '\n', n) || memchr(s, '\t', n))
		return cmd_error(ctx, "An account name can't contain line breaks or tabs.");
	/* "#12", "#-1", "#１２", "#": a deal's number or a slip, never a customer's name. */
	if (s[0] == '#')
		return cmd_refuse(ctx, "\"%.*s\" is no account: #N is a deal's number, and an "
		    "account name does not start with #. A %s is logged on the account, like "
		    "`log call Acme`.", (int)utf8_cut(s, n, 20), s, "call, email, meeting or demo");
	if (utf8_has_bidi_control(s, n))
		return cmd_error(ctx, "An account name can't contain direction controls "
		    "(U+202A to U+202E, U+2066 to U+2069).");
	return 0;
}

/*
 * The account at word i: a quoted phrase; else the longest run of words that is an existing
 * account's whole name; else the first word alone. Sets *next past it.
 */
static int
parse_account(struct cmd_ctx *ctx, int i, struct log_args *a, int *next)
{
	const struct line *l = ctx->l;
	int rc;

	if (i >= l->n)
		return cmd_error(ctx, "Which account? Name it after the kind, like `log call Acme`.");
	if (l->w[i].kind == WORD_MENTION)
		return cmd_error(ctx, "An account can't be a person; name the customer.");
	a->account = l->w[i].s;
	a->account_len = l->w[i].len;
	*next = i + 1;
	if (l->w[i].kind == WORD_PLAIN) {
		for (int k = l->n - i < ACCOUNT_RUN_MAX ? l->n - i : ACCOUNT_RUN_MAX; k > 1; k--) {
			const struct word *last = &l->w[i + k - 1];
			const char *s = l->w[i].s;
			size_t len = (size_t)(last->s + last->len - s);
			bool plain = true;

			for (int j = i; j < i + k; j++)
				plain = plain && l->w[j].kind == WORD_PLAIN;
			if (!plain || len > 4 * LEX_MAX_ACCOUNT)
				continue;
			rc = store_account_find(ctx->st, s, len, &a->account_id, a->account_name,
			    sizeof(a->account_name));
			if (rc == STORE_OK) {
				a->account = s;
				a->account_len = len;
				*next = i + k;
				return 0;
			}
			if (rc != STORE_NOTFOUND)
				return cmd_store_error(ctx, rc);
		}
	}
	if (l->w[i].kind == WORD_PLAIN) {	/* a quoted name is taken as typed */
		struct account_match m;
		if ((rc = cmd_account_pick(ctx, i, &m)) < 0)
			return rc;
		if (rc > 0) {
			const struct word *last = &l->w[i + m.words - 1];
			a->account = l->w[i].s;
			a->account_len = (size_t)(last->s + last->len - a->account);
			a->account_id = m.id;
			/* typed otherwise than it is stored, case aside: say which it took */
			a->matched = !utf8_caseeq(a->account, a->account_len, m.name,
			    strlen(m.name));
			snprintf(a->account_name, sizeof(a->account_name), "%s", m.name);
			snprintf(a->other_account, sizeof(a->other_account), "%s", m.other);
			if (a->other_account[0])
				a->matched = true;	/* say which of the two it took */
			*next = i + m.words;
			return 0;
		}
	}
	if ((rc = cmd_account_name_check(ctx, a->account, a->account_len)) != 0)
		return rc;
	rc = store_account_find(ctx->st, a->account, a->account_len, &a->account_id,
	    a->account_name, sizeof(a->account_name));
	if (rc == STORE_NOTFOUND) {
		a->account_id = 0;
		snprintf(a->account_name, sizeof(a->account_name), "%.*s", (int)a->account_len,
		    a->account);
		return 0;
	}
	return rc == STORE_OK ? 0 : cmd_store_error(ctx, rc);
}

/* Parses everything after the kind word into a. */
static int
parse_args(struct cmd_ctx *ctx, int i, struct log_args *a)
{
	const struct line *l = ctx->l;
	char err[160];
	int r;
	bool stage = !KIND_IS_ACTIVITY(a->kind);
	bool amount_ok = stage && a->kind != KIND_LOST;

	a->amount = -1;
	a->day = ctx->req->today;
	if (a->kind == KIND_LEAD && i < l->n && lex_id(&l->w[i], &a->opp_id, err,
	    sizeof(err)) != 0)
		return cmd_refuse(ctx, "A lead is a new deal: name its account, like `log lead "
		    "Acme 25k`; `log qualified %.*s` moves an existing one.", (int)l->w[i].len,
		    l->w[i].s);
	r = stage && a->kind != KIND_LEAD && i < l->n ?
	    lex_id(&l->w[i], &a->opp_id, err, sizeof(err)) : 0;
	if (r < 0)
		return cmd_error(ctx, "%s", err);
	if (r > 0)
		i++;
	else if ((a->account_at = i, a->account_quoted = l->w[i < l->n ? i : 0].kind ==
	    WORD_QUOTED, r = parse_account(ctx, i, a, &i)) != 0)
		return r;
	a->after_account = i;
	/* The amount and the date, in either order, before the note. */
	for (int slot = 0; slot < 2 && i < l->n; slot++) {
		int used = 0;

		if (!a->dated && (r = lex_date_at(l, i, ctx->req->today, false, &a->day, &used,
		    err, sizeof(err))) != 0) {
			if (r < 0)
				return cmd_error(ctx, "%s", err);
			a->dated = true;
		} else if (amount_ok && a->amount < 0 && (r = lex_amount_at(l, i, &a->amount,
		    &used, err, sizeof(err))) != 0) {
			if (r < 0)
				return cmd_error(ctx, "%s", err);
		} else {
			break;
		}
		i += used;
	}
	a->note_at = i;
	a->note = lex_rest(l, i, &a->note_len);
	if (lex_utf8_count(a->note, a->note_len) > LEX_MAX_NOTE)
		return cmd_error(ctx, "A note can be at most %d characters.", LEX_MAX_NOTE);
	return 0;
}

/* Creates the account when it is new; marks the entry so undo removes it. */
static int
ensure_account(struct cmd_ctx *ctx, struct log_args *a, struct entry *e)
{
	int rc;

	if (a->account_id == 0) {
		rc = store_account_create(ctx->st, a->account, a->account_len, false,
		    ctx->req->now, &a->account_id);
		if (rc != STORE_OK)
			return cmd_store_error(ctx, rc);
		e->created_account = true;
	}
	e->account_id = a->account_id;
	return 0;
}

/* "This week: 3 calls, 1 email, 2 meetings, 0 demos" */
static void
tally(struct cmd_ctx *ctx)
{
	int counts[KIND_COUNT], monday = ctx->req->today - cal_weekday(ctx->req->today);

	if (store_entry_counts(ctx->st, ctx->me.id, monday, ctx->req->today, counts) != STORE_OK)
		return;
	buf_printf(&ctx->out, "This week: %d call%s, %d email%s, %d meeting%s, %d demo%s.\n",
	    counts[KIND_CALL], counts[KIND_CALL] == 1 ? "" : "s",
	    counts[KIND_EMAIL], counts[KIND_EMAIL] == 1 ? "" : "s",
	    counts[KIND_MEETING], counts[KIND_MEETING] == 1 ? "" : "s",
	    counts[KIND_DEMO], counts[KIND_DEMO] == 1 ? "" : "s");
}

static void
note_suffix(struct cmd_ctx *ctx, const struct log_args *a)
{
	if (a->note_len)
		buf_printf(&ctx->out, " — \"%.*s\"", (int)a->note_len, a->note);
}

static int
log_activity(struct cmd_ctx *ctx, struct log_args *a)
{
	struct entry e = { 0 };
	struct buf hint = { 0 };
	char date[32];
	int rc;

	e.person_id = ctx->me.id;
	e.kind = (enum kind)a->kind;
	e.day = a->day;
	e.created_at = ctx->req->now;
	e.amount = -1;
	e.note = a->note;
	e.note_len = a->note_len;
	if ((rc = ensure_account(ctx, a, &e)) != 0 ||
	    (rc = cmd_contact_with(ctx, e.account_id, a->note_at, &e.contact_id, &hint)) != 0) {
		buf_free(&hint);
		return rc;
	}
	if ((rc = store_entry_add(ctx->st, &e)) != STORE_OK) {
		buf_free(&hint);
		return cmd_store_error(ctx, rc);
	}
	cmd_date(ctx, a->day, date, sizeof(date));
	buf_printf(&ctx->out, "Logged %s with %s on %s%s", articles[a->kind], a->account_name,
	    date, e.created_account ? " (new account)" : "");
	note_suffix(ctx, a);
	buf_printf(&ctx->out, " (entry %lld).\n", (long long)e.id);
	if (hint.len)
		buf_add(&ctx->out, hint.p, hint.len);
	buf_free(&hint);
	tally(ctx);
	return 0;
}

/* Finds the opportunity a stage entry moves: #ID, or the asker's open one on the account. */
static int
find_opp(struct cmd_ctx *ctx, struct log_args *a, struct opp *o, bool *found)
{
	int rc;

	*found = false;
	if (a->opp_id) {
		rc = store_opp_get(ctx->st, a->opp_id, o);
		if (rc != STORE_OK && rc != STORE_NOTFOUND)
			return cmd_store_error(ctx, rc);
		/* One answer for a colleague's deal and for none: which numbers exist is theirs. */
		if (rc == STORE_NOTFOUND || o->owner_id != ctx->me.id)
			return cmd_refuse(ctx, "You have no opportunity #%lld; `pipeline` lists "
			    "yours.", (long long)a->opp_id);
		if (o->s.stage >= STAGE_WON)
			return cmd_refuse(ctx, "#%lld (%s) is already %s.", (long long)o->id,
			    o->account, o->s.stage == STAGE_WON ? "won" : "lost");
		a->account_id = o->account_id;
		snprintf(a->account_name, sizeof(a->account_name), "%s", o->account);
		*found = true;
		return 0;
	}
	if (a->account_id == 0)
		return 0;
	rc = store_opp_open_for(ctx->st, ctx->me.id, a->account_id, o);
	if (rc == STORE_OK)
		*found = true;
	else if (rc != STORE_NOTFOUND)
		return cmd_store_error(ctx, rc);
	return 0;
}

static const char *
stage_name(int stage)
{
	return store_kind_name((enum kind)(KIND_LEAD + stage));
}

static int
log_stage(struct cmd_ctx *ctx, struct log_args *a)
{
	struct entry e = { 0 };
	struct opp o = { 0 };
	char date[32], amount[48] = "";
	int stage = STAGE_OF(a->kind), from, rc;
	bool found = false;

	if (a->kind != KIND_LEAD && (rc = find_opp(ctx, a, &o, &found)) != 0)
		return rc;
	if (a->kind == KIND_LOST && !found)
		return cmd_refuse(ctx, "You have no open opportunity on %s to mark lost.",
		    a->account_name);
	if (found && stage < o.s.stage && a->kind != KIND_LOST)
		return cmd_refuse(ctx, "#%lld (%s) is already at %s; it can't move back to %s.",
		    (long long)o.id, o.account, stage_name(o.s.stage), stage_name(stage));
	if (found && a->day < o.created_day)
		return cmd_refuse(ctx, "#%lld was created on a later day; check the date.",
		    (long long)o.id);

	e.person_id = ctx->me.id;
	e.kind = (enum kind)a->kind;
	e.day = a->day;
	e.created_at = ctx->req->now;
	e.amount = a->amount;
	if (found && a->kind == KIND_WON && a->amount < 0)
		e.amount = o.s.amount;	/* a win is recorded with what was won */
	e.note = a->note;
	e.note_len = a->note_len;
	if ((rc = ensure_account(ctx, a, &e)) != 0)
		return rc;
	if (a->amount >= 0)
		cmd_amount(ctx, a->amount, amount, sizeof(amount));
	cmd_date(ctx, a->day, date, sizeof(date));

	if (!found) {
		/* A new opportunity, counted as having passed the stages before this one. */
		o.account_id = a->account_id;
		o.owner_id = ctx->me.id;
		o.created_day = a->day;
		o.s.amount = a->amount;
		o.s.stage = stage;
		o.s.reached = stage;
		o.s.closed_day = stage == STAGE_WON ? a->day : STORE_NO_DAY;
		o.s.stage_day = a->day;
		if ((rc = store_opp_add(ctx->st, &o, ctx->req->now)) != STORE_OK)
			return cmd_store_error(ctx, rc);
		e.opp_id = o.id;
		e.created_opp = true;
		from = 0;
	} else {
		e.opp_id = o.id;
		e.has_prev = true;
		e.prev = o.s;
		from = a->kind == KIND_LOST ? STAGE_LOST : o.s.stage + 1;
		if (a->amount >= 0)
			o.s.amount = a->amount;
		if (a->kind == KIND_LOST) {
			o.s.stage = STAGE_LOST;
			o.s.closed_day = a->day;
		} else {
			o.s.stage = stage;
			o.s.reached = stage > o.s.reached ? stage : o.s.reached;
			if (stage == STAGE_WON)
				o.s.closed_day = a->day;
		}
		/* A stage's date moves when the stage does, or when a date is typed to correct it;
		 * revising the amount of a deal where it stands keeps its days in stage. */
		if (a->kind == KIND_LOST || stage != e.prev.stage || a->dated)
			o.s.stage_day = a->day;
		if ((rc = store_opp_update(ctx->st, o.id, &o.s, ctx->req->now)) != STORE_OK)
			return cmd_store_error(ctx, rc);
	}
	if ((rc = store_entry_add(ctx->st, &e)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	for (int s = from; s <= (a->kind == KIND_LOST ? STAGE_LOST : stage); s++) {
		bool implied = s != (a->kind == KIND_LOST ? STAGE_LOST : stage);

		if ((rc = store_history_add(ctx->st, o.id, s, a->day, e.id, implied)) != STORE_OK)
			return cmd_store_error(ctx, rc);
	}

	if (!found) {
		buf_printf(&ctx->out, "New opportunity #%lld with %s%s at %s%s%s on %s",
		    (long long)o.id, a->account_name, e.created_account ? " (new account)" : "",
		    stage_name(stage), amount[0] ? ", " : "", amount, date);
		if (stage > 0)
			buf_printf(&ctx->out, " (counted as having passed %s)",
			    stage == 1 ? "lead" : stage == 2 ? "lead and qualified" :
			    stage == 3 ? "lead, qualified and proposal" :
			    "lead, qualified, proposal and verbal");
	} else if (a->kind == KIND_LOST) {
		buf_printf(&ctx->out, "#%lld %s marked lost at %s on %s", (long long)o.id,
		    a->account_name, stage_name(e.prev.stage), date);
	} else if (stage == e.prev.stage) {
		buf_printf(&ctx->out, "#%lld %s is already at %s", (long long)o.id,
		    a->account_name, stage_name(stage));
		if (amount[0] || a->dated)
			buf_printf(&ctx->out, "; updated %s%s%s%s%s%s", amount[0] ? "the amount to " :
			    "", amount, amount[0] && a->dated ? " and " : "", a->dated ?
			    "the date (" : "", a->dated ? date : "", a->dated ? ")" : "");
		else
			buf_printf(&ctx->out, " (an amount or a date would update it)");
	} else {
		buf_printf(&ctx->out, "#%lld %s moved from %s to %s%s%s on %s", (long long)o.id,
		    a->account_name, stage_name(e.prev.stage), stage_name(stage),
		    amount[0] ? ", " : "", amount, date);
	}
	note_suffix(ctx, a);
	buf_printf(&ctx->out, " (entry %lld)%s", (long long)e.id, stage == STAGE_WON ?
	    ". Congratulations!\n" : ".\n");
	tally(ctx);
	return 0;
}

int
cmd_take_back(struct cmd_ctx *ctx, const struct entry *e, const char *why, bool *account_gone)
{
	char *before = malloc(LEX_MAX_NOTE * 4 + 600);
	int rc;

	*account_gone = false;
	/* Summed up before it goes, for the trail: a number once used stays that entry's. */
	if (before == NULL)
		return cmd_store_error(ctx, STORE_ERR);
	cmd_entry_summary(ctx, e, before, LEX_MAX_NOTE * 4 + 600);
	rc = cmd_audit(ctx, e, why, before, "");
	free(before);
	if (rc != 0)
		return rc;
	if ((rc = store_entry_delete(ctx->st, e->id)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	if (e->created_opp)
		rc = store_opp_delete(ctx->st, e->opp_id);
	else if (e->has_prev)
		rc = store_opp_update(ctx->st, e->opp_id, &e->prev, ctx->req->now);
	if (rc == STORE_OK && e->created_account)
		rc = store_account_delete_if_unused(ctx->st, e->account_id, account_gone);
	return rc == STORE_OK ? 0 : cmd_store_error(ctx, rc);
}

static int
log_undo(struct cmd_ctx *ctx)
{
	struct entry e;
	struct opp o;
	char date[32], what[600];
	bool deleted = false;
	int rc;

	if (ctx->argi + 1 < ctx->l->n)
		return cmd_error(ctx, "`log undo` takes nothing after it.");
	rc = store_entry_last(ctx->st, ctx->me.id, &e);
	if (rc == STORE_NOTFOUND)
		return cmd_refuse(ctx, "There is nothing of yours to undo.");
	if (rc != STORE_OK)
		return cmd_store_error(ctx, rc);
	if (ctx->req->now - e.created_at > UNDO_WINDOW)
		return cmd_refuse(ctx, "Your last entry is more than 24 hours old; undo only takes "
		    "back entries from the last 24 hours.");
	cmd_date(ctx, e.day, date, sizeof(date));
	if (store_account_name(ctx->st, e.account_id, what, sizeof(what)) != STORE_OK)
		what[0] = '\0';
	if ((rc = cmd_take_back(ctx, &e, "undone", &deleted)) != 0)
		return rc;
	buf_printf(&ctx->out, "Undone: %s %s on %s", store_kind_name(e.kind), what, date);
	if (e.created_opp)
		buf_printf(&ctx->out, " (opportunity #%lld removed)", (long long)e.opp_id);
	else if (e.has_prev && store_opp_get(ctx->st, e.opp_id, &o) == STORE_OK)
		buf_printf(&ctx->out, " (#%lld is back at %s)", (long long)o.id,
		    stage_name(o.s.stage));
	if (deleted)
		buf_puts(&ctx->out, " (account removed)");
	buf_puts(&ctx->out, ".\n");
	ctx->reply->again = true;	/* a second undo is meant: never a retry */
	return 0;
}

static int
recent_line(const struct entry *e, const char *account, void *arg)
{
	struct cmd_ctx *ctx = arg;
	char date[32], amount[48];

	cmd_date(ctx, e->day, date, sizeof(date));
	buf_printf(&ctx->out, "  entry %lld  %s  %s %s", (long long)e->id, date,
	    store_kind_name(e->kind), account);
	if (e->opp_id)
		buf_printf(&ctx->out, " #%lld", (long long)e->opp_id);
	if (e->amount >= 0) {
		cmd_amount(ctx, e->amount, amount, sizeof(amount));
		buf_printf(&ctx->out, " %s", amount);
	}
	if (e->note_len)
		buf_printf(&ctx->out, " — %.*s", (int)e->note_len, e->note);
	buf_puts(&ctx->out, "\n");
	return 0;
}

static int
log_bare(struct cmd_ctx *ctx)
{
	int rc;

	cmd_help(&ctx->out, ctx->cmd);
	buf_puts(&ctx->out, "Kinds also go by: meet, visit, f2f (meeting); signed, win, closed "
	    "(won); qualify (qualified).\nYour last five entries (`log edit <entry> ...` or "
	    "`log delete <entry>` puts one right):\n");
	if ((rc = store_entries_recent(ctx->st, ctx->me.id, 5, recent_line, ctx)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	return 0;
}

/*
 * Says so when a date or an amount stayed in the note while the entry has none: "log call
 * Massive Dynamic 2026-12-01" took the account "Massive" and dated the call today, and the
 * reply must make that plain rather than leave it to be found in a one-on-one.
 */
static void
note_hint(struct cmd_ctx *ctx, const struct log_args *a)
{
	const struct line *l = ctx->l;
	bool amount_ok = a->kind == KIND_LEAD;	/* a deal otherwise keeps its amount */
	char err[160], date[32];

	for (int j = a->note_at; j < l->n; j++) {
		int used, day;
		int64_t cents;
		const struct word *w = &l->w[j];

		if (!a->dated && lex_date_at(l, j, ctx->req->today, false, &day, &used, err,
		    sizeof(err)) == 1) {
			cmd_date(ctx, a->day, date, sizeof(date));
			buf_printf(&ctx->out, "Note: \"%.*s\" stayed in the note; the entry is dated "
			    "%s. A date goes right after the account (quote an account of several "
			    "words: `log call \"Massive Dynamic\" 2026-12-01`).\n",
			    (int)(l->w[j + used - 1].s + l->w[j + used - 1].len - w->s), w->s, date);
			return;
		}
		if (amount_ok && a->amount < 0 && lex_amount_at(l, j, &cents, &used, err,
		    sizeof(err)) == 1) {
			buf_printf(&ctx->out, "Note: \"%.*s\" stayed in the note; no amount is "
			    "stored. An amount goes right after the account (quote an account of "
			    "several words: `log lead \"Krusty Krab\" 25k`).\n",
			    (int)(l->w[j + used - 1].s + l->w[j + used - 1].len - w->s), w->s);
			return;
		}
	}
}

/* Whether word w could go on a name of several words typed without quotes: "Krab" in
 * "Krusty Krab", not "follow" in "Initech follow up", nor a date or an amount. */
static bool
name_like(const struct cmd_ctx *ctx, int j)
{
	const struct word *w = &ctx->l->w[j];
	char err[160];
	int64_t cents;
	int day, used;

	if (w->kind != WORD_PLAIN || w->len == 0 || !((w->s[0] >= 'A' && w->s[0] <= 'Z') ||
	    (unsigned char)w->s[0] >= 0x80))
		return false;
	return lex_date_at(ctx->l, j, ctx->req->today, false, &day, &used, err,
	    sizeof(err)) == 0 && lex_amount_at(ctx->l, j, &cents, &used, err, sizeof(err)) == 0;
}

/*
 * Offers the other way to read a line that could mean two things (commands/reading.c): words
 * that matched an account they do not spell as a new account of those words, or a new account
 * whose next words look like more of its name as that longer name.
 */
static void
offer_other(struct cmd_ctx *ctx, const struct log_args *a, bool created)
{
	const struct line *l = ctx->l;
	const struct word *kind = &l->w[ctx->argi], *first, *last;
	struct buf b = { .max = LEX_MAX_COMMAND };
	char what[4 * LEX_MAX_ACCOUNT + 64];
	int end = a->after_account;

	if (a->opp_id || a->account_quoted || a->after_account <= a->account_at)
		return;
	if (!a->matched) {
		if (!created)
			return;
		while (end < l->n && end - a->account_at < 4 && name_like(ctx, end))
			end++;
		if (end == a->after_account)
			return;
	}
	first = &l->w[a->account_at];
	last = &l->w[end - 1];
	{
		/* No offer for a name that could not be one (the checks of a typed account). */
		size_t n = (size_t)(last->s + last->len - first->s);
		if (memchr(first->s, '"', n) || memchr(first->s, '\t', n) ||
		    memchr(first->s, '\n', n) || utf8_blank(first->s, n) ||
		    utf8_has_bidi_control(first->s, n) || lex_utf8_count(first->s, n) >
		    LEX_MAX_ACCOUNT)
			return;
	}
	if (a->other_account[0]) {	/* the other account the words fit */
		buf_printf(&b, "log %.*s \"%s\"", (int)kind->len, kind->s, a->other_account);
		snprintf(what, sizeof(what), "“%s”", a->other_account);
	} else {
		buf_printf(&b, "log %.*s \"%.*s\"", (int)kind->len, kind->s,
		    (int)(last->s + last->len - first->s), first->s);
		snprintf(what, sizeof(what), "a new account “%.*s”", (int)utf8_cut(first->s,
		    (size_t)(last->s + last->len - first->s), 4 * LEX_MAX_ACCOUNT), first->s);
	}
	if (end < l->n)
		buf_printf(&b, " %s", l->buf + l->w[end].start);
	cmd_offer_other(ctx, buf_str(&b), b.len, what);
	buf_free(&b);
}

int
cmd_log(struct cmd_ctx *ctx)
{
	const struct line *l = ctx->l;
	const struct word *w;
	struct log_args a;
	bool created;
	int rc;

	if (ctx->argi >= l->n)
		return log_bare(ctx);
	memset(&a, 0, sizeof(a));
	w = &l->w[ctx->argi];
	a.kind = -2;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && w->kind == WORD_PLAIN; i++) {
		if (lex_is(w, kinds[i].word)) {
			a.kind = kinds[i].kind;
			break;
		}
	}
	if (a.kind == -2 && lex_is(w, "edit"))
		return cmd_log_edit(ctx);
	if (a.kind == -2 && (lex_is(w, "delete") || lex_is(w, "remove")))
		return cmd_log_delete(ctx);
	if (a.kind == -2 && (lex_is(w, "changes") || lex_is(w, "history")))
		return cmd_log_changes(ctx);
	if (a.kind == -2)
		return cmd_error(ctx, "I don't know the kind \"%.*s\".",
		    (int)utf8_cut(w->s, w->len, 40), w->s);
	if (a.kind == -1)
		return log_undo(ctx);
	if ((rc = parse_args(ctx, ctx->argi + 1, &a)) != 0)
		return rc;
	created = a.account_id == 0;
	rc = KIND_IS_ACTIVITY(a.kind) ? log_activity(ctx, &a) : log_stage(ctx, &a);
	if (rc == 0 && a.matched)	/* the words typed were not its name: say whose it is */
		buf_printf(&ctx->out, "I took \"%.*s\" to mean “%s”%s%s%s.\n", (int)a.account_len,
		    a.account, a.account_name, a.other_account[0] ? "; it could also be “" : "",
		    a.other_account, a.other_account[0] ? "”" : "");
	if (rc == 0)
		note_hint(ctx, &a);
	if (rc == 0)
		offer_other(ctx, &a, created);
	return rc;
}
