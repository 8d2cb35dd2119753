/*
 * Corrections: `log edit <entry> <field> <value>`, `log delete <entry>` and `log changes
 * [<entry>|#ID]`. An entry is put right by the person it belongs to, their manager or an admin
 * -- the people who may read it; anyone else is told what a number nobody has is told. Every
 * edit and delete goes to the audit trail (store/changes.c) in the same transaction, so a
 * rep's numbers never change without a trace, and what an edit leaves behind is what typing
 * the entry right the first time would have left: a date moves the stage history with it, an
 * amount moves the deal's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/commands_int.h"
#include "commands/match.h"
#include "commands/render.h"
#include "commands/utf8.h"

#define CHANGES_MAX	30	/* lines of the audit trail in one reply */
#define SUMMARY_MAX	(LEX_MAX_NOTE * 4 + 600)

static const char *const stages[] = {
	"lead", "qualified", "proposal", "verbal", "won", "lost",
};

static const char edit_usage[] = "Say which entry and what to change, like `log edit 57 date "
    "yesterday`, `log edit 57 amount 45k`, `log edit 57 note called back`, `log edit 57 account "
    "Initech` or `log edit 57 kind email`; `log` lists your entries with their numbers.";

/* Reads an entry number at *i ("57", or "entry 57"). 1 with *id, else 0. */
static int
entry_number(const struct cmd_ctx *ctx, int *i, int64_t *id)
{
	const struct word *w;
	int j = *i;
	int64_t v = 0;

	if (cmd_word_is(ctx, j, "entry"))
		j++;
	if (j >= ctx->l->n)
		return 0;
	w = &ctx->l->w[j];
	if (w->kind != WORD_PLAIN || w->len == 0 || w->len > 9)
		return 0;
	for (size_t k = 0; k < w->len; k++) {
		if (w->s[k] < '0' || w->s[k] > '9')
			return 0;
		v = v * 10 + (w->s[k] - '0');
	}
	if (v == 0)
		return 0;
	*i = j + 1;
	*id = v;
	return 1;
}

static int
no_such_entry(struct cmd_ctx *ctx, int64_t id)
{
	char what[32];

	snprintf(what, sizeof(what), "entry %lld", (long long)id);
	return cmd_no_such(ctx, what, "`log` lists your recent ones",
	    "`log` lists your recent ones");
}

/*
 * The entry numbered at *i that the asker may put right, with its owner and a copy of its note
 * (the caller frees *note). 0, or -1 having replied.
 */
static int
find_entry(struct cmd_ctx *ctx, int *i, const char *usage, struct entry *e,
    struct person *owner, char **note)
{
	int64_t id;
	int rc;

	if (!entry_number(ctx, i, &id))
		return cmd_error(ctx, "%s", usage);
	rc = store_entry_get(ctx->st, id, e);
	if (rc == STORE_NOTFOUND)
		return no_such_entry(ctx, id);
	if (rc != STORE_OK)
		return cmd_store_error(ctx, rc);
	if ((*note = strndup(e->note, e->note_len)) == NULL)
		return cmd_store_error(ctx, STORE_ERR);
	e->note = *note;
	if ((rc = store_person_get(ctx->st, e->person_id, owner)) != STORE_OK) {
		free(*note);
		return cmd_store_error(ctx, rc);
	}
	if (!cmd_may_see(ctx, owner)) {
		free(*note);
		return no_such_entry(ctx, id);
	}
	return 0;
}

/* "call with Acme on Fri 27 Nov — called back", "proposal #12 Acme $45,000 on ..." */
void
cmd_entry_summary(struct cmd_ctx *ctx, const struct entry *e, char *out, size_t len)
{
	char date[32], amount[48] = "", account[404], deal[32] = "";

	cmd_date(ctx, e->day, date, sizeof(date));
	if (store_account_name(ctx->st, e->account_id, account, sizeof(account)) != STORE_OK)
		snprintf(account, sizeof(account), "?");
	if (e->amount >= 0)
		cmd_amount(ctx, e->amount, amount, sizeof(amount));
	if (e->opp_id)
		snprintf(deal, sizeof(deal), " #%lld", (long long)e->opp_id);
	snprintf(out, len, "%s%s %s%s%s on %s%s%.*s", store_kind_name(e->kind), deal, account,
	    amount[0] ? " " : "", amount, date, e->note_len ? " — " : "", (int)e->note_len,
	    e->note);
}

int
cmd_audit(struct cmd_ctx *ctx, const struct entry *e, const char *what, const char *before,
    const char *after)
{
	struct change c = { .entry_id = e->id, .opp_id = e->opp_id, .person_id = e->person_id,
		.by_id = ctx->me.id, .at = ctx->req->now, .what = what, .before = before,
		.after = after };
	int rc = store_change_add(ctx->st, &c);

	return rc == STORE_OK ? 0 : cmd_store_error(ctx, rc);
}

/* Says whose entry it was when it was not the asker's own. */
static void
whose(struct cmd_ctx *ctx, const struct entry *e, const struct person *owner)
{
	if (owner->id != ctx->me.id)
		buf_printf(&ctx->out, "It was %s's entry; %s sees this change in `log changes "
		    "%lld`.\n", cmd_name(owner), cmd_name(owner), (long long)e->id);
}

/* ---- delete ---- */

int
cmd_log_delete(struct cmd_ctx *ctx)
{
	struct entry e, next;
	struct person owner;
	struct opp o;
	char before[SUMMARY_MAX], *note = NULL;
	int i = ctx->argi + 1, rc;
	bool gone;

	if ((rc = find_entry(ctx, &i, "Name the entry to delete by its number, like `log delete "
	    "57`; `log` lists yours with their numbers.", &e, &owner, &note)) != 0)
		return rc;
	rc = -1;
	if (i < ctx->l->n) {
		cmd_error(ctx, "`log delete` takes one entry number.");
		goto done;
	}
	if (e.opp_id && (rc = store_entry_beside(ctx->st, &e, true, &next)) != STORE_NOTFOUND) {
		if (rc != STORE_OK)
			cmd_store_error(ctx, rc);
		else
			cmd_refuse(ctx, "Entry %lld is not the last one on #%lld: entry %lld came after "
			    "it. Delete from the newest back, or `log edit %lld` instead.",
			    (long long)e.id, (long long)e.opp_id, (long long)next.id,
			    (long long)e.id);
		rc = -1;
		goto done;
	}
	cmd_entry_summary(ctx, &e, before, sizeof(before));
	if ((rc = cmd_take_back(ctx, &e, "deleted", &gone)) != 0)
		goto done;
	buf_printf(&ctx->out, "Deleted entry %lld: %s", (long long)e.id, before);
	if (e.created_opp)
		buf_printf(&ctx->out, " (opportunity #%lld removed)", (long long)e.opp_id);
	else if (e.has_prev && store_opp_get(ctx->st, e.opp_id, &o) == STORE_OK)
		buf_printf(&ctx->out, " (#%lld is back at %s)", (long long)o.id,
		    stages[o.s.stage]);
	buf_printf(&ctx->out, "%s.\n", gone ? " (account removed)" : "");
	whose(ctx, &e, &owner);
	ctx->reply->again = true;	/* deleting is never mistaken for a retry */
done:
	free(note);
	return rc;
}

/* ---- edit ---- */

/* An activity's contact as its note and account now say ("with Jane ..."); words: the note's. */
static int
relink(struct cmd_ctx *ctx, struct entry *e)
{
	struct line nl = { 0 }, *saved = ctx->l;
	struct buf hint = { 0 };
	char err[160];
	int rc = 0;

	e->contact_id = 0;
	if (!KIND_IS_ACTIVITY(e->kind) || e->note_len == 0)
		return 0;
	if (lex_line(e->note, e->note_len, false, &nl, err, sizeof(err)) == 0) {
		ctx->l = &nl;
		rc = cmd_contact_with(ctx, e->account_id, 0, &e->contact_id, &hint);
		ctx->l = saved;
	}
	lex_line_free(&nl);
	buf_free(&hint);	/* an edit does not lecture about contacts */
	return rc;
}

/* A stage entry's new day: kept between its neighbours on the deal, the history moved. */
static int
edit_stage_day(struct cmd_ctx *ctx, struct entry *e, int day)
{
	struct entry prev, next;
	struct opp o;
	char date[32];
	int old = e->day, rc, has_next;

	if ((rc = store_entry_beside(ctx->st, e, false, &prev)) == STORE_OK && day < prev.day) {
		cmd_date(ctx, prev.day, date, sizeof(date));
		return cmd_refuse(ctx, "Entry %lld cannot be dated before entry %lld (%s), which "
		    "moved #%lld before it.", (long long)e->id, (long long)prev.id, date,
		    (long long)e->opp_id);
	}
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		return cmd_store_error(ctx, rc);
	if ((rc = store_entry_beside(ctx->st, e, true, &next)) == STORE_OK && day > next.day) {
		cmd_date(ctx, next.day, date, sizeof(date));
		return cmd_refuse(ctx, "Entry %lld cannot be dated after entry %lld (%s), which "
		    "moved #%lld after it.", (long long)e->id, (long long)next.id, date,
		    (long long)e->opp_id);
	}
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		return cmd_store_error(ctx, rc);
	has_next = rc == STORE_OK;
	e->day = day;
	if ((rc = store_entry_update(ctx->st, e)) != STORE_OK ||
	    (rc = store_history_set_day(ctx->st, e->id, day)) != STORE_OK ||
	    (e->created_opp && (rc = store_opp_set_created_day(ctx->st, e->opp_id, day)) !=
	    STORE_OK) || (rc = store_opp_get(ctx->st, e->opp_id, &o)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	if (!has_next) {
		/* The deal stands where this entry left it: its days in stage count from here. */
		o.s.stage_day = day;
		if (o.s.stage >= STAGE_WON)
			o.s.closed_day = day;
		if ((rc = store_opp_restate(ctx->st, o.id, &o.s)) != STORE_OK)
			return cmd_store_error(ctx, rc);
		return 0;
	}
	/*
	 * The entries after it remember the day this one set, for their undo; one that stayed at
	 * the same stage without a date of its own kept that day, and so on down the line, to
	 * the deal's own days in stage.
	 */
	for (;;) {
		int64_t id = next.id;
		bool kept;

		if ((rc = store_entry_get(ctx->st, id, &next)) != STORE_OK)
			return cmd_store_error(ctx, rc);
		if (!next.has_prev || next.prev.stage_day != old)
			return 0;
		next.prev.stage_day = day;
		if ((rc = store_entry_update(ctx->st, &next)) != STORE_OK)
			return cmd_store_error(ctx, rc);
		/* An update at the same stage may have kept the day: what comes after says. */
		kept = next.kind != KIND_LOST && (int)STAGE_OF(next.kind) == next.prev.stage;
		if (!kept)
			return 0;
		if ((rc = store_entry_beside(ctx->st, &next, true, &next)) == STORE_NOTFOUND) {
			if (o.s.stage_day == old) {
				o.s.stage_day = day;
				if ((rc = store_opp_restate(ctx->st, o.id, &o.s)) != STORE_OK)
					return cmd_store_error(ctx, rc);
			}
			return 0;
		}
		if (rc != STORE_OK)
			return cmd_store_error(ctx, rc);
	}
}

/* Only the newest entry on a deal says what it is worth now. */
static int
edit_amount(struct cmd_ctx *ctx, struct entry *e, int64_t cents)
{
	struct entry next;
	struct opp o;
	int rc;

	if (KIND_IS_ACTIVITY(e->kind) || e->kind == KIND_LOST)
		return cmd_refuse(ctx, "A %s has no amount; an amount goes on a deal's stage, like "
		    "`log proposal #12 45k`.", e->kind == KIND_LOST ? "loss" :
		    store_kind_name(e->kind));
	if ((rc = store_entry_beside(ctx->st, e, true, &next)) == STORE_OK)
		return cmd_refuse(ctx, "Entry %lld is not the newest on #%lld (entry %lld is): edit "
		    "the amount there, or log the stage again with it.", (long long)e->id,
		    (long long)e->opp_id, (long long)next.id);
	if (rc != STORE_NOTFOUND)
		return cmd_store_error(ctx, rc);
	if ((rc = store_opp_get(ctx->st, e->opp_id, &o)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	e->amount = cents;
	o.s.amount = cents;
	if ((rc = store_entry_update(ctx->st, e)) != STORE_OK ||
	    (rc = store_opp_restate(ctx->st, o.id, &o.s)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	return 0;
}

/* An activity moved to the account the words at i name (created when new). */
static int
edit_account(struct cmd_ctx *ctx, struct entry *e, int i, char *after, size_t len)
{
	struct account_match m;
	const char *name;
	size_t n;
	int64_t old = e->account_id, id;
	bool gone, created = false, made_old;
	int rc;

	if (!KIND_IS_ACTIVITY(e->kind))
		return cmd_refuse(ctx, "A deal's entries stay on its account: `account rename` or "
		    "`account merge` puts an account right, or `log delete %lld` and log it again.",
		    (long long)e->id);
	if ((rc = cmd_account_match(ctx, i, &m)) < 0)
		return rc;
	if (rc == 1 && i + m.words == ctx->l->n) {
		id = m.id;
		snprintf(after, len, "%s", m.name);
	} else {
		if (ctx->l->n - i == 1) {
			name = ctx->l->w[i].s;
			n = ctx->l->w[i].len;
		} else {
			name = lex_rest(ctx->l, i, &n);
		}
		if (cmd_account_name_check(ctx, name, n) != 0)
			return -1;
		rc = store_account_find(ctx->st, name, n, &id, NULL, 0);
		if (rc == STORE_NOTFOUND) {
			if ((rc = store_account_create(ctx->st, name, n, false, ctx->req->now,
			    &id)) != STORE_OK)
				return cmd_store_error(ctx, rc);
			created = true;
		} else if (rc != STORE_OK) {
			return cmd_store_error(ctx, rc);
		}
		if (store_account_name(ctx->st, id, after, len) != STORE_OK)
			snprintf(after, len, "%.*s", (int)n, name);
	}
	if (id == old)
		return cmd_refuse(ctx, "Entry %lld is already on %s.", (long long)e->id, after);
	made_old = e->created_account;
	e->account_id = id;
	e->created_account = created;		/* so a delete takes the new one back */
	if (relink(ctx, e) != 0)		/* a contact is at one account */
		return -1;
	if ((rc = store_entry_update(ctx->st, e)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	/* The wrong account, if this entry made it and nothing else uses it, goes. */
	if (made_old && (rc = store_account_delete_if_unused(ctx->st, old, &gone)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	return 0;
}

/* The kind of an activity ("call", "meet", ...), or -1. */
static int
activity_kind(const struct word *w)
{
	static const struct { const char *word; enum kind kind; } words[] = {
		{ "call", KIND_CALL }, { "email", KIND_EMAIL }, { "e-mail", KIND_EMAIL },
		{ "meeting", KIND_MEETING }, { "meet", KIND_MEETING }, { "visit", KIND_MEETING },
		{ "f2f", KIND_MEETING }, { "demo", KIND_DEMO },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (lex_is(w, words[i].word))
			return (int)words[i].kind;
	return -1;
}

enum field { F_DATE, F_AMOUNT, F_NOTE, F_ACCOUNT, F_KIND };

static int
field_at(const struct cmd_ctx *ctx, int i)
{
	static const struct { const char *word; enum field f; } fields[] = {
		{ "date", F_DATE }, { "day", F_DATE }, { "when", F_DATE }, { "amount", F_AMOUNT },
		{ "value", F_AMOUNT }, { "note", F_NOTE }, { "account", F_ACCOUNT },
		{ "kind", F_KIND }, { "type", F_KIND },
	};

	for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
		if (cmd_word_is(ctx, i, fields[k].word))
			return (int)fields[k].f;
	return -1;
}

/* The edit itself: e changed in the store, before and after as the trail shows them. */
static int
apply_edit(struct cmd_ctx *ctx, struct entry *e, enum field f, int i, char *before,
    char *after, size_t len)
{
	const struct line *l = ctx->l;
	char err[160];
	int64_t cents;
	int day, used = 0, r, k;

	if (i >= l->n && f != F_NOTE)
		return cmd_error(ctx, "%s", edit_usage);
	switch (f) {
	case F_DATE:
		r = lex_date_at(l, i, ctx->req->today, false, &day, &used, err, sizeof(err));
		if (r < 0)
			return cmd_refuse(ctx, "%s", err);
		if (r == 0 || i + used != l->n)
			return cmd_error(ctx, "Give the new date alone, like `log edit %lld date "
			    "yesterday` or `log edit %lld date 2026-11-20`.", (long long)e->id,
			    (long long)e->id);
		cmd_date(ctx, e->day, before, len);
		cmd_date(ctx, day, after, len);
		if (day == e->day)
			return cmd_refuse(ctx, "Entry %lld is already dated %s.", (long long)e->id,
			    after);
		if (!KIND_IS_ACTIVITY(e->kind))
			return edit_stage_day(ctx, e, day);
		e->day = day;
		break;
	case F_AMOUNT:
		r = lex_amount_at(l, i, &cents, &used, err, sizeof(err));
		if (r < 0)
			return cmd_refuse(ctx, "%s", err);
		if (r == 0 || i + used != l->n)
			return cmd_error(ctx, "Give the new amount alone, like `log edit %lld amount "
			    "45k`.", (long long)e->id);
		if (e->amount >= 0)
			cmd_amount(ctx, e->amount, before, len);
		else
			snprintf(before, len, "none");
		cmd_amount(ctx, cents, after, len);
		return edit_amount(ctx, e, cents);
	case F_NOTE: {
		size_t n;
		const char *note = lex_rest(l, i, &n);
		if (lex_utf8_count(note, n) > LEX_MAX_NOTE)
			return cmd_error(ctx, "A note can be at most %d characters.", LEX_MAX_NOTE);
		snprintf(before, len, "%.*s", (int)e->note_len, e->note);
		snprintf(after, len, "%.*s", (int)n, note);
		e->note = note;
		e->note_len = n;
		if (relink(ctx, e) != 0)
			return -1;
		break;
	}
	case F_ACCOUNT:
		if (store_account_name(ctx->st, e->account_id, before, len) != STORE_OK)
			snprintf(before, len, "?");
		return edit_account(ctx, e, i, after, len);
	case F_KIND:
		if (!KIND_IS_ACTIVITY(e->kind))
			return cmd_refuse(ctx, "A stage entry's kind is where it moved the deal: `log "
			    "delete %lld` and log the right stage.", (long long)e->id);
		if ((k = activity_kind(&l->w[i])) < 0 || i + 1 != l->n)
			return cmd_error(ctx, "An activity is a call, an email, a meeting or a demo, "
			    "like `log edit %lld kind email`.", (long long)e->id);
		snprintf(before, len, "%s", store_kind_name(e->kind));
		snprintf(after, len, "%s", store_kind_name((enum kind)k));
		if (k == (int)e->kind)
			return cmd_refuse(ctx, "Entry %lld is already a %s.", (long long)e->id,
			    after);
		e->kind = (enum kind)k;
		break;
	}
	return store_entry_update(ctx->st, e) == STORE_OK ? 0 : cmd_store_error(ctx, STORE_ERR);
}

int
cmd_log_edit(struct cmd_ctx *ctx)
{
	static const char *const names[] = { "date", "amount", "note", "account", "kind" };
	struct entry e;
	struct person owner;
	char *note = NULL, *before = NULL, *after = NULL, what[SUMMARY_MAX];
	int i = ctx->argi + 1, f, rc;

	if ((rc = find_entry(ctx, &i, edit_usage, &e, &owner, &note)) != 0)
		return rc;
	rc = -1;
	if ((f = field_at(ctx, i)) < 0) {
		cmd_error(ctx, "%s", edit_usage);
		goto done;
	}
	cmd_entry_summary(ctx, &e, what, sizeof(what));
	if ((before = malloc(SUMMARY_MAX)) == NULL || (after = malloc(SUMMARY_MAX)) == NULL) {
		cmd_store_error(ctx, STORE_ERR);
		goto done;
	}
	before[0] = after[0] = '\0';
	if ((rc = apply_edit(ctx, &e, (enum field)f, i + 1, before, after, SUMMARY_MAX)) != 0 ||
	    (rc = cmd_audit(ctx, &e, names[f], before, after)) != 0)
		goto done;
	buf_printf(&ctx->out, "Entry %lld (%s): %s %s → %s.\n", (long long)e.id, what, names[f],
	    before[0] ? before : "(none)", after[0] ? after : "(none)");
	whose(ctx, &e, &owner);
	ctx->reply->again = true;	/* an edit is meant each time: never a retry */
done:
	free(before);
	free(after);
	free(note);
	return rc;
}

/* ---- the audit trail ---- */

struct trail {
	struct cmd_ctx *ctx;
	struct buf *b;
	int n;
	int64_t person;		/* whose entries the rows are about (the first row's) */
};

static int
trail_line(const struct change *c, void *arg)
{
	struct trail *t = arg;
	struct person by = { 0 };
	int days = (int)((t->ctx->req->now - c->at) / 86400);
	char when[32];

	if (t->n++ == 0)
		t->person = c->person_id;
	if (store_person_get(t->ctx->st, c->by_id, &by) != STORE_OK)
		snprintf(by.display_name, sizeof(by.display_name), "?");
	if (days > 1)
		snprintf(when, sizeof(when), "%d days ago", days);
	else
		snprintf(when, sizeof(when), "%s", days == 1 ? "yesterday" : "today");
	buf_printf(t->b, "%-11s entry %lld ", when, (long long)c->entry_id);
	if (c->after[0] == '\0' && (strcmp(c->what, "deleted") == 0 ||
	    strcmp(c->what, "undone") == 0 || strcmp(c->what, "replaced") == 0))
		buf_printf(t->b, "%s by %s: %s\n", c->what, cmd_name(&by), c->before);
	else
		buf_printf(t->b, "%s %s → %s (by %s)\n", c->what, c->before[0] ? c->before :
		    "(none)", c->after[0] ? c->after : "(none)", cmd_name(&by));
	return 0;
}

int
cmd_deal_changes(struct cmd_ctx *ctx, struct buf *b, int64_t opp_id)
{
	struct trail t = { .ctx = ctx, .b = b };

	return store_changes_each(ctx->st, 0, opp_id, 0, CHANGES_MAX, trail_line, &t);
}

/* Whose entries a trail is about, once read: may the asker see it? */
static bool
may_read(struct cmd_ctx *ctx, int64_t person)
{
	struct person p;

	return store_person_get(ctx->st, person, &p) == STORE_OK && cmd_may_see(ctx, &p);
}

int
cmd_log_changes(struct cmd_ctx *ctx)
{
	struct buf b = { 0 };
	struct trail t = { .ctx = ctx, .b = &b };
	char err[128];
	int i = ctx->argi + 1, rc;
	int64_t entry = 0, opp = 0;

	if (i < ctx->l->n && (rc = lex_id(&ctx->l->w[i], &opp, err, sizeof(err))) != 0) {
		if (rc < 0)
			return cmd_refuse(ctx, "%s", err);
		i++;
	} else if (i < ctx->l->n && !entry_number(ctx, &i, &entry)) {
		return cmd_error(ctx, "Ask for one entry's changes (`log changes 57`), one deal's "
		    "(`log changes #12`), or yours (`log changes`).");
	}
	if (i < ctx->l->n)
		return cmd_error(ctx, "`log changes` takes one entry number or one #ID.");
	rc = store_changes_each(ctx->st, entry, opp, ctx->me.id, CHANGES_MAX, trail_line, &t);
	if (rc != STORE_OK) {
		buf_free(&b);
		return cmd_store_error(ctx, rc);
	}
	if ((entry || opp) && (t.n == 0 || !may_read(ctx, t.person))) {
		buf_free(&b);
		/* The same words whether the number is someone else's or nobody's. */
		const char *whose = ctx->admin ? "" : ctx->me.role == ROLE_MANAGER ?
		    " of yours or your team's" : " of yours";

		if (opp)
			return cmd_refuse(ctx, "There are no changes on a deal #%lld%s.",
			    (long long)opp, whose);
		return cmd_refuse(ctx, "There are no changes to an entry %lld%s.", (long long)entry,
		    whose);
	}
	if (t.n == 0) {
		buf_free(&b);
		buf_puts(&ctx->out, "Nobody has edited or deleted any of your entries.\n");
		return 0;
	}
	if (entry)
		buf_printf(&ctx->out, "Changes to entry %lld:\n", (long long)entry);
	else if (opp)
		buf_printf(&ctx->out, "Changes to the entries of #%lld:\n", (long long)opp);
	else
		buf_puts(&ctx->out, "Changes to your entries:\n");
	buf_add(&ctx->out, b.p ? b.p : "", b.len);
	buf_free(&b);
	return 0;
}
