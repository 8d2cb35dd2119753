/*
 * Contacts, the people at an account: `contact add <name> <account> [title] [email]`,
 * `contacts <account>`, and an activity logged `with` one (`log meeting Acme with Jane`) is
 * counted against them as well. A contact belongs to the account, so everyone who works it
 * sees its contacts; the activity counts are the asker's own.
 */
#include <stdio.h>
#include <string.h>

#include "commands/commands_int.h"
#include "commands/match.h"
#include "commands/render.h"
#include "commands/utf8.h"

static const char add_usage[] = "Say `contact add <name> <account> [title] [email]`, with a "
    "name of several words in quotes: `contact add \"Jane Doe\" Acme CFO jane@acme.com`.";

/* An email as people write one: something@something.something, no spaces. */
static bool
is_email(const struct word *w)
{
	const char *at = memchr(w->s, '@', w->len), *dot;

	if (w->kind != WORD_PLAIN || at == NULL || at == w->s)
		return false;
	dot = memchr(at, '.', w->len - (size_t)(at - w->s));
	return dot != NULL && dot > at + 1 && dot < w->s + w->len - 1 &&
	    memchr(at + 1, '@', w->len - (size_t)(at + 1 - w->s)) == NULL;
}

/* The account named at *i: an existing one as `log` finds it, else a new one by that word. */
static int
account_at(struct cmd_ctx *ctx, int *i, int64_t *id, char *name, size_t len, bool *created)
{
	struct account_match m;
	const struct word *w = &ctx->l->w[*i];
	int rc;

	*created = false;
	if (w->kind != WORD_QUOTED && (rc = cmd_account_match(ctx, *i, &m)) != 0) {
		if (rc < 0)
			return -1;
		*id = m.id;
		snprintf(name, len, "%s", m.name);
		*i += m.words;
		return 0;
	}
	if (cmd_account_name_check(ctx, w->s, w->len) != 0)
		return -1;
	rc = store_account_find(ctx->st, w->s, w->len, id, name, len);
	/* Quoted, it is still the account whose name differs only by case, punctuation or
	 * suffix: "Globex Corporation" is Globex, not a second account beside it. */
	if (rc == STORE_NOTFOUND) {
		int same = cmd_account_same(ctx, w->s, w->len, &m);

		if (same < 0)
			return -1;
		if (same) {
			*id = m.id;
			snprintf(name, len, "%s", m.name);
			(*i)++;
			return 0;
		}
	}
	if (rc == STORE_NOTFOUND) {
		if ((rc = store_account_create(ctx->st, w->s, w->len, false, ctx->req->now, id)) !=
		    STORE_OK)
			return cmd_store_error(ctx, rc);
		snprintf(name, len, "%.*s", (int)w->len, w->s);
		*created = true;
	} else if (rc != STORE_OK) {
		return cmd_store_error(ctx, rc);
	}
	(*i)++;
	return 0;
}

static int
contact_add(struct cmd_ctx *ctx, int i)
{
	const struct line *l = ctx->l;
	const struct word *name, *email = NULL;
	char account[404];
	const char *title = "";
	size_t title_len = 0;
	int64_t account_id, id;
	bool created;
	int rc, first_title = -1, last_title = -1;

	if (i + 1 >= l->n)
		return cmd_error(ctx, "%s", add_usage);
	name = &l->w[i++];
	if (name->kind == WORD_MENTION || utf8_blank(name->s, name->len))
		return cmd_error(ctx, "%s", add_usage);
	if (lex_utf8_count(name->s, name->len) > STORE_CONTACT_MAX ||
	    utf8_has_bidi_control(name->s, name->len))
		return cmd_refuse(ctx, "A contact's name is at most %d characters, without "
		    "direction controls.", STORE_CONTACT_MAX);
	if ((rc = account_at(ctx, &i, &account_id, account, sizeof(account), &created)) != 0)
		return rc;
	for (; i < l->n; i++) {
		if (is_email(&l->w[i]) && email == NULL) {
			email = &l->w[i];
			continue;
		}
		if (first_title < 0)
			first_title = i;
		last_title = i;
	}
	if (first_title >= 0) {
		const struct word *a = &l->w[first_title], *b = &l->w[last_title];
		title = l->buf + a->start;
		title_len = b->end - a->start;
		if (a->kind == WORD_QUOTED && a == b) {
			title = a->s;
			title_len = a->len;
		}
		if (lex_utf8_count(title, title_len) > STORE_CONTACT_MAX ||
		    utf8_has_bidi_control(title, title_len))
			return cmd_refuse(ctx, "A title is at most %d characters, without direction "
			    "controls.", STORE_CONTACT_MAX);
	}
	if (email && email->len > STORE_CONTACT_MAX)
		return cmd_refuse(ctx, "An email is at most %d characters.", STORE_CONTACT_MAX);
	rc = store_contact_add(ctx->st, account_id, name->s, name->len, title, title_len,
	    email ? email->s : "", email ? email->len : 0, ctx->req->now, &id);
	if (rc == STORE_AMBIGUOUS)
		return cmd_refuse(ctx, "%s already has a contact %.*s; `contacts %s` lists them.",
		    account, (int)name->len, name->s, account);
	if (rc != STORE_OK)
		return cmd_store_error(ctx, rc);
	buf_printf(&ctx->out, "Added %.*s at %s%s", (int)name->len, name->s, account,
	    created ? " (new account)" : "");
	if (title_len || email)
		buf_printf(&ctx->out, " (%.*s%s%.*s)", (int)title_len, title,
		    title_len && email ? ", " : "", email ? (int)email->len : 0,
		    email ? email->s : "");
	buf_printf(&ctx->out, ". Log with them: `log meeting %s with %.*s`.\n", account,
	    (int)name->len, name->s);
	return 0;
}

int
cmd_contact(struct cmd_ctx *ctx)
{
	if (cmd_word_is(ctx, ctx->argi, "add"))
		return contact_add(ctx, ctx->argi + 1);
	return cmd_error(ctx, "%s", add_usage);
}

struct people_at {
	struct cmd_ctx *ctx;
	struct doc *d;
	int n;
};

static int
contact_line(const struct contact *c, void *arg)
{
	struct people_at *pa = arg;
	char date[32];

	pa->n++;
	if (c->activities)
		doc_printf(pa->d, "%-24.24s %-20.20s %-28.28s", c->name, c->title, c->email);
	else if (c->email[0])
		doc_printf(pa->d, "%-24.24s %-20.20s %.28s", c->name, c->title, c->email);
	else if (c->title[0])
		doc_printf(pa->d, "%-24.24s %.20s", c->name, c->title);
	else
		doc_printf(pa->d, "%.24s", c->name);
	if (c->activities) {
		cmd_date(pa->ctx, c->last_day, date, sizeof(date));
		doc_printf(pa->d, " %d with you, last %s", c->activities, date);
	}
	doc_printf(pa->d, "\n");
	return 0;
}

int
cmd_contacts(struct cmd_ctx *ctx)
{
	struct account_match m;
	struct doc d = { 0 };
	struct people_at pa = { .ctx = ctx, .d = &d };
	char name[404];
	int64_t id;
	int rc, i = ctx->argi;

	if (i >= ctx->l->n)
		return cmd_error(ctx, "Name the account, like `contacts Acme`.");
	if (ctx->l->w[i].kind == WORD_QUOTED || (rc = cmd_account_match(ctx, i, &m)) == 0) {
		rc = store_account_find(ctx->st, ctx->l->w[i].s, ctx->l->w[i].len, &id, name,
		    sizeof(name));
		if (rc == STORE_NOTFOUND)
			return cmd_refuse(ctx, "There is no account %.*s.", (int)utf8_cut(
			    ctx->l->w[i].s, ctx->l->w[i].len, 200), ctx->l->w[i].s);
		if (rc != STORE_OK)
			return cmd_store_error(ctx, rc);
		i++;
	} else if (rc < 0) {
		return -1;
	} else {
		id = m.id;
		snprintf(name, sizeof(name), "%s", m.name);
		i += m.words;
	}
	if (i < ctx->l->n)
		return cmd_error(ctx, "There is something extra after the account.");
	doc_part(&d, PART_TITLE);
	doc_printf(&d, "Contacts at %s", name);
	doc_part(&d, PART_PRE);
	if ((rc = store_contacts_each(ctx->st, id, ctx->me.id, contact_line, &pa)) !=
	    STORE_OK) {
		doc_free(&d);
		return cmd_store_error(ctx, rc);
	}
	if (pa.n == 0)
		doc_printf(&d, "None yet: `contact add \"Jane Doe\" %s CFO jane@example.com`.\n",
		    name);
	doc_finish(&d, ctx->reply);
	return 0;
}

int
cmd_contact_with(struct cmd_ctx *ctx, int64_t account_id, int at, int64_t *contact_id,
    struct buf *hint)
{
	const struct line *l = ctx->l;
	struct contact c;
	int rc = STORE_NOTFOUND;

	*contact_id = 0;
	if (account_id == 0 || at + 1 >= l->n || !cmd_word_is(ctx, at, "with"))
		return 0;
	/* "with Jane Doe" first, then "with Jane" */
	if (at + 2 < l->n && l->w[at + 1].kind == WORD_PLAIN && l->w[at + 2].kind == WORD_PLAIN)
		rc = store_contact_find(ctx->st, account_id, l->buf + l->w[at + 1].start,
		    l->w[at + 2].end - l->w[at + 1].start, &c);
	if (rc == STORE_NOTFOUND && l->w[at + 1].kind != WORD_MENTION)
		rc = store_contact_find(ctx->st, account_id, l->w[at + 1].s, l->w[at + 1].len, &c);
	switch (rc) {
	case STORE_OK:
		*contact_id = c.id;
		return 0;
	case STORE_NOTFOUND:
		buf_printf(hint, "Note: no contact %.*s at this account yet, so the entry is "
		    "not counted against one; `contact add %.*s <account>` adds them.\n",
		    (int)l->w[at + 1].len, l->w[at + 1].s, (int)l->w[at + 1].len, l->w[at + 1].s);
		return 0;
	case STORE_AMBIGUOUS:
		buf_printf(hint, "Note: several contacts here are called %.*s, so the entry "
		    "is not counted against one; give the whole name.\n", (int)l->w[at + 1].len,
		    l->w[at + 1].s);
		return 0;
	default:
		return cmd_store_error(ctx, rc);
	}
}
