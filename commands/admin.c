/* Administration: targets, roles, managers, account renames, and away/back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/commands_int.h"
#include "commands/utf8.h"
#include "insights/calendar.h"

/* The person named by word i, resolved; replies and returns -1 when it is not one. */
static int
person_at(struct cmd_ctx *ctx, int i, struct person *p)
{
	struct who w;

	if (i >= ctx->l->n || !lex_who(&ctx->l->w[i], &w) || w.kind == WHO_TEAM ||
	    w.kind == WHO_ALL)
		return cmd_error(ctx, "Name a person, like @sally.");
	return cmd_resolve(ctx, &w, p);
}

static int
year_of(int day)
{
	int y, m, d;

	cal_ymd(day, &y, &m, &d);
	return y;
}

int
cmd_target(struct cmd_ctx *ctx)
{
	const struct line *l = ctx->l;
	struct person p;
	char err[160], amount[48];
	int64_t cents;
	int year = year_of(ctx->req->today), i = ctx->argi, rc;

	if (i >= l->n) {
		rc = store_target_get(ctx->st, ctx->me.id, year, &cents);
		if (rc == STORE_NOTFOUND) {
			buf_printf(&ctx->out, "You have no target for %d yet; your manager or an "
			    "admin can set one with `target @you <amount>`.\n", year);
			return 0;
		}
		if (rc != STORE_OK)
			return cmd_store_error(ctx, rc);
		cmd_amount(ctx, cents, amount, sizeof(amount));
		buf_printf(&ctx->out, "Your target for %d is %s.\n", year, amount);
		return 0;
	}
	if ((rc = person_at(ctx, i++, &p)) != 0)
		return rc;
	if (i >= l->n)
		return cmd_error(ctx, "How much? Give the yearly amount, like 500k.");
	if ((rc = lex_amount(l->w[i].s, l->w[i].len, &cents, err, sizeof(err))) <= 0)
		return cmd_error(ctx, "%s", rc < 0 ? err : "The target must be an amount, like 500k.");
	i++;
	if (i < l->n) {
		const struct word *w = &l->w[i];
		year = w->len == 4 && strspn(w->s, "0123456789") >= 4 ? atoi(w->s) : 0;
		if (year < 2000 || year > 2100)
			return cmd_error(ctx, "\"%.*s\" is not a year (2000 to 2100).",
			    (int)utf8_cut(w->s, w->len, 20), w->s);
		if (++i < l->n)
			return cmd_error(ctx, "There is something extra after the year.");
	}
	if (!ctx->admin && !(p.manager_id == ctx->me.id && ctx->me.role == ROLE_MANAGER))
		return cmd_refuse(ctx, "Only %s's manager or an admin can set %s's target.",
		    cmd_name(&p), cmd_name(&p));
	if ((rc = store_target_set(ctx->st, p.id, year, cents)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	cmd_amount(ctx, cents, amount, sizeof(amount));
	buf_printf(&ctx->out, "%s's target for %d is now %s.\n", cmd_name(&p), year, amount);
	return 0;
}

int
cmd_role(struct cmd_ctx *ctx)
{
	const struct line *l = ctx->l;
	struct person p;
	enum role r;
	int i = ctx->argi, rc;

	if ((rc = person_at(ctx, i++, &p)) != 0)
		return rc;
	if (i >= l->n || l->w[i].kind != WORD_PLAIN ||
	    store_role_parse(l->w[i].s, l->w[i].len, &r) != 0)
		return cmd_error(ctx, "Give the role: rep, manager, admin or inactive.");
	if (i + 1 < l->n)
		return cmd_error(ctx, "There is something extra after the role.");
	if ((rc = store_person_set_role(ctx->st, p.id, r)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	if (r == ROLE_INACTIVE)
		buf_printf(&ctx->out, "%s is now inactive.\n", cmd_name(&p));
	else
		buf_printf(&ctx->out, "%s is now %s %s.\n", cmd_name(&p),
		    r == ROLE_ADMIN ? "an" : "a", store_role_name(r));
	if (r == ROLE_INACTIVE)
		buf_puts(&ctx->out, "They get no prompts and leave team figures.\n");
	return 0;
}

int
cmd_manager(struct cmd_ctx *ctx)
{
	struct person p, m, up;
	int i = ctx->argi, rc;

	if ((rc = person_at(ctx, i++, &p)) != 0 || (rc = person_at(ctx, i++, &m)) != 0)
		return rc;
	if (i < ctx->l->n)
		return cmd_error(ctx, "There is something extra after the manager.");
	if (p.id == m.id)
		return cmd_refuse(ctx, "Nobody can be their own manager.");
	/* Refuse a loop: p may not already be above m. */
	up = m;
	for (int hops = 0; up.manager_id && hops < 1000; hops++) {
		if (up.manager_id == p.id)
			return cmd_refuse(ctx, "%s already reports (through others) to %s; that "
			    "would make a loop.", cmd_name(&m), cmd_name(&p));
		if (store_person_get(ctx->st, up.manager_id, &up) != STORE_OK)
			break;
	}
	if ((rc = store_person_set_manager(ctx->st, p.id, m.id)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	if (m.role == ROLE_REP && (rc = store_person_set_role(ctx->st, m.id, ROLE_MANAGER)) !=
	    STORE_OK)
		return cmd_store_error(ctx, rc);
	buf_printf(&ctx->out, "%s now reports to %s%s.\n", cmd_name(&p), cmd_name(&m),
	    m.role == ROLE_REP ? " (who is now a manager)" : "");
	return 0;
}

/*
 * "<account> <sep> <rest>" from word i: the existing account before sep (quoted, or all the
 * words up to it) in *id and its stored name in old, and where the rest starts.
 */
static int
account_then(struct cmd_ctx *ctx, int i, const char *sep, int64_t *id, char old[404], int *rest)
{
	const struct line *l = ctx->l;
	const char *name;
	size_t len;
	int at = -1, rc;

	for (int j = i + 1; j < l->n; j++) {
		if (lex_is(&l->w[j], sep)) {
			at = j;
			break;
		}
	}
	if (at < 0 || at + 1 >= l->n)
		return cmd_error(ctx, "Say which account and then `%s`, like %s.", sep,
		    strcmp(sep, "to") == 0 ? "`account rename Acme to \"Acme Corp\"`" :
		    "`account merge globex into \"Globex Corporation\"`");
	name = l->w[i].s;
	len = (size_t)(l->w[at - 1].s + l->w[at - 1].len - name);
	if (l->w[i].kind == WORD_QUOTED && at != i + 1)
		return cmd_error(ctx, "Put `%s` right after the quoted account.", sep);
	rc = store_account_find(ctx->st, name, len, id, old, 404);
	if (rc == STORE_NOTFOUND)
		return cmd_refuse(ctx, "There is no account called \"%.*s\".",
		    (int)utf8_cut(name, len, 100), name);
	if (rc != STORE_OK)
		return cmd_store_error(ctx, rc);
	*rest = at + 1;
	return 0;
}

/* The words from i to the end as one name: a single quoted word, else as typed. */
static const char *
name_from(const struct line *l, int i, size_t *len)
{
	if (l->w[i].kind == WORD_QUOTED && i + 1 == l->n) {
		*len = l->w[i].len;
		return l->w[i].s;
	}
	return lex_rest(l, i, len);
}

static int
account_rename(struct cmd_ctx *ctx, int i)
{
	const char *newname;
	size_t newlen;
	int64_t id;
	char old[404];
	int rc, rest;

	if ((rc = account_then(ctx, i, "to", &id, old, &rest)) != 0)
		return rc;
	newname = name_from(ctx->l, rest, &newlen);
	if ((rc = cmd_account_name_check(ctx, newname, newlen)) != 0)
		return rc;
	rc = store_account_rename(ctx->st, id, newname, newlen);
	if (rc == STORE_AMBIGUOUS)
		return cmd_refuse(ctx, "There is already an account called \"%.*s\"; `account "
		    "merge %s into %.*s` makes them one.", (int)newlen, newname, old, (int)newlen,
		    newname);
	if (rc != STORE_OK)
		return cmd_store_error(ctx, rc);
	buf_printf(&ctx->out, "Renamed %s to %.*s.\n", old, (int)newlen, newname);
	return 0;
}

/* Two spellings of one customer become one account: every entry and deal moves. */
static int
account_merge(struct cmd_ctx *ctx, int i)
{
	const char *name;
	size_t len;
	int64_t from, into;
	char old[404], keep[404];
	int rc, rest, moved[3];
	struct account_merge m;

	if ((rc = account_then(ctx, i, "into", &from, old, &rest)) != 0)
		return rc;
	name = name_from(ctx->l, rest, &len);
	rc = store_account_find(ctx->st, name, len, &into, keep, sizeof(keep));
	if (rc == STORE_NOTFOUND)
		return cmd_refuse(ctx, "There is no account called \"%.*s\" to merge into.",
		    (int)utf8_cut(name, len, 100), name);
	if (rc != STORE_OK)
		return cmd_store_error(ctx, rc);
	if (from == into)
		return cmd_refuse(ctx, "That is the same account.");
	m = (struct account_merge){ .from = from, .into = into, .by_id = ctx->me.id,
		.now = ctx->req->now, .from_name = old, .into_name = keep };
	if ((rc = store_account_merge(ctx->st, &m, moved)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	/* How much moved counts other teams' work on the account too: an admin's to read. */
	buf_printf(&ctx->out, "Merged %s into %s; %s is gone", old, keep, old);
	if (ctx->admin)
		buf_printf(&ctx->out, ": %d entr%s and %d deal%s moved", moved[0], moved[0] == 1 ?
		    "y" : "ies", moved[1], moved[1] == 1 ? "" : "s");
	if (moved[2])
		buf_printf(&ctx->out, "; %d contact%s both had %s one now (a title or email only "
		    "one had is kept)", moved[2], moved[2] == 1 ? "" : "s", moved[2] == 1 ? "is" :
		    "are");
	buf_puts(&ctx->out, ". Each moved entry's `log changes` says so.\n");
	return 0;
}

int
cmd_account(struct cmd_ctx *ctx)
{
	int i = ctx->argi;

	if (cmd_word_is(ctx, i, "rename") && i + 1 < ctx->l->n)
		return account_rename(ctx, i + 1);
	if (cmd_word_is(ctx, i, "merge") && i + 1 < ctx->l->n)
		return account_merge(ctx, i + 1);
	return cmd_error(ctx, "Say `account rename <account> to <new name>` or `account merge "
	    "<account> into <account>`.");
}

int
cmd_away(struct cmd_ctx *ctx)
{
	const struct line *l = ctx->l;
	int i = ctx->argi, until, rc;
	char err[160], date[32];

	if (i >= l->n) {
		until = ctx->req->today + (6 - cal_weekday(ctx->req->today));	/* this Sunday */
	} else {
		if (!lex_is(&l->w[i], "until") || i + 1 >= l->n)
			return cmd_error(ctx, "Say `away` for this week, or `away until <date>`.");
		rc = lex_date(l->w[i + 1].s, l->w[i + 1].len, ctx->req->today, true, &until, err,
		    sizeof(err));
		if (rc <= 0)
			return cmd_error(ctx, "%s", rc < 0 ? err :
			    "Give the date as 2026-12-24, or a weekday name.");
		if (i + 2 < l->n)
			return cmd_error(ctx, "There is something extra after the date.");
		if (until < ctx->req->today)
			return cmd_refuse(ctx, "That date has passed; give today or a later day.");
	}
	if ((rc = store_person_set_away(ctx->st, ctx->me.id, until)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	cmd_date(ctx, until, date, sizeof(date));
	buf_printf(&ctx->out, "Enjoy the break: no weekly prompt until after %s. Say `back` to "
	    "resume sooner.\n", date);
	return 0;
}

int
cmd_back(struct cmd_ctx *ctx)
{
	int rc;

	if (ctx->argi < ctx->l->n)
		return cmd_error(ctx, "`back` takes nothing after it.");
	if ((rc = store_person_set_away(ctx->st, ctx->me.id, STORE_NO_DAY)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	buf_puts(&ctx->out, "Welcome back: your weekly prompt is on again.\n");
	return 0;
}

/*
 * `person add <name> ["Display Name"] [rep|manager|admin] [@manager]`, on the console: someone
 * to log for, set a target for or put in a team before they ever type a command. On Slack the
 * workspace says who people are.
 */
static int
person_add(struct cmd_ctx *ctx, int i)
{
	const struct line *l = ctx->l;
	const struct word *name, *shown = NULL;
	struct person p, m = { 0 }, found;
	char id[sizeof(p.platform_id)], display[STORE_NAME_MAX] = "";
	enum role r = ROLE_REP;
	struct who who;
	bool manager = false;
	int rc;

	if (ctx->req->surface != SURFACE_CONSOLE)
		return cmd_refuse(ctx, "On Slack people come from the workspace: they appear when "
		    "they first use funnelbot or are mentioned. `person add` is for the console.");
	if (i >= l->n || l->w[i].kind != WORD_PLAIN)
		return cmd_error(ctx, "Say `person add <name> [\"Display Name\"] [rep|manager|admin] "
		    "[@manager]`, like `person add sally \"Sally Smith\" rep @maria`.");
	name = &l->w[i++];
	if (name->len >= sizeof(id) || name->s[0] == '@' ||
	    strspn(name->s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") <
	    name->len)
		return cmd_refuse(ctx, "A console name is 1 to %zu letters, digits, '.', '_' or '-' "
		    "(it is what `--as` takes).", sizeof(id) - 1);
	for (; i < l->n; i++) {
		const struct word *w = &l->w[i];
		if (w->kind == WORD_QUOTED && shown == NULL) {
			shown = w;
		} else if (w->kind == WORD_PLAIN && store_role_parse(w->s, w->len, &r) == 0 &&
		    r != ROLE_INACTIVE) {
			continue;
		} else if (!manager && w->kind != WORD_QUOTED && lex_who(w, &who) &&
		    who.kind != WHO_ME && who.kind != WHO_TEAM && who.kind != WHO_ALL) {
			if ((rc = cmd_resolve(ctx, &who, &m)) != 0)
				return rc;
			manager = true;
		} else {
			return cmd_error(ctx, "I don't know what \"%.*s\" is here: a display name goes "
			    "in quotes, then a role, then @their-manager.", (int)utf8_cut(w->s,
			    w->len, 40), w->s);
		}
	}
	if (shown) {
		if (utf8_blank(shown->s, shown->len) || utf8_has_bidi_control(shown->s, shown->len) ||
		    shown->len >= sizeof(display))
			return cmd_refuse(ctx, "A display name is up to %zu bytes of visible text.",
			    sizeof(display) - 1);
		snprintf(display, sizeof(display), "%.*s", (int)shown->len, shown->s);
	}
	snprintf(id, sizeof(id), "%.*s", (int)name->len, name->s);
	if ((rc = store_person_by_platform(ctx->st, id, &found)) == STORE_OK)
		return cmd_refuse(ctx, "%s is already known (as %s).", id, cmd_name(&found));
	if (rc != STORE_NOTFOUND)
		return cmd_store_error(ctx, rc);
	if ((rc = store_person_ensure(ctx->st, id, id, display, NULL, false, ctx->req->now,
	    &p)) != STORE_OK || (r != ROLE_REP && (rc = store_person_set_role(ctx->st, p.id,
	    r)) != STORE_OK) || (manager && (rc = store_person_set_manager(ctx->st, p.id,
	    m.id)) != STORE_OK))
		return cmd_store_error(ctx, rc);
	buf_printf(&ctx->out, "Added %s%s%s%s, %s %s", id, display[0] ? " (" : "", display,
	    display[0] ? ")" : "", r == ROLE_ADMIN ? "an" : "a", store_role_name(r));
	if (manager)
		buf_printf(&ctx->out, " reporting to %s", cmd_name(&m));
	buf_printf(&ctx->out, ". They log with `funnelbot console --as %s`.\n", id);
	return 0;
}

int
cmd_person(struct cmd_ctx *ctx)
{
	if (cmd_word_is(ctx, ctx->argi, "add"))
		return person_add(ctx, ctx->argi + 1);
	return cmd_error(ctx, "Say `person add <name> [\"Display Name\"] [rep|manager|admin] "
	    "[@manager]`.");
}
