/*
 * The other reading of a log line. Where the words could mean two things -- a new account of
 * several words typed without quotes (`log lead Krusty Krab 25k` logged "Krusty"), or words
 * that found an account they do not spell (`acme corp` taken as "Acme") -- the reply says what
 * was stored and offers the other reading as one step: `yes` on the console or in a DM, a
 * button on Slack. It replaces the entry while that is still the person's last one, for ten
 * minutes. The offer is kept in the store ("a:<person>" in seen), so the button's value is only
 * the entry's number and a forged or stale one changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/commands_int.h"
#include "commands/render.h"

#define OTHER_S		600	/* seconds an offer stands */

static void
offer_key(const struct cmd_ctx *ctx, char *key, size_t len)
{
	snprintf(key, len, "a:%lld", (long long)ctx->me.id);
}

void
cmd_offer_other(struct cmd_ctx *ctx, const char *line, size_t len, const char *what)
{
	struct entry e;
	struct doc d = { 0 };
	char key[STORE_SEEN_KEY_MAX], value[24], *stored;
	size_t n = len + 32;

	if (store_entry_last(ctx->st, ctx->me.id, &e) != STORE_OK ||
	    (stored = malloc(n)) == NULL)
		return;		/* no offer: the entry stands as the reply says */
	snprintf(stored, n, "%lld\n%.*s", (long long)e.id, (int)len, line);
	offer_key(ctx, key, sizeof(key));
	if (store_seen_set(ctx->st, key, stored, ctx->req->now) != STORE_OK) {
		free(stored);
		return;
	}
	free(stored);
	buf_printf(&ctx->out, "Or did you mean %s? Say `yes` within 10 minutes and I will log "
	    "`%.*s` instead of entry %lld.\n", what, (int)len, line, (long long)e.id);
	/* On Slack the same offer is a button under the reply. */
	doc_part(&d, PART_TEXT);
	doc_printf(&d, "%s", buf_str(&ctx->out));
	snprintf(value, sizeof(value), "%lld", (long long)e.id);
	doc_button(&d, "Yes, log it that way", CMD_OTHER_ACTION, value);
	doc_finish(&d, ctx->reply);
}

/* Takes the standing offer (for entry `want`, or any when 0): the entry out, the line in. */
static int
take_other(struct cmd_ctx *ctx, int64_t want)
{
	char key[STORE_SEEN_KEY_MAX], err[256], *v = NULL, *nl, *end;
	struct line l = { 0 };
	struct line *saved = ctx->l;
	struct entry e;
	int64_t id;
	bool gone;
	int rc, argi = ctx->argi;

	offer_key(ctx, key, sizeof(key));
	rc = store_seen_since(ctx->st, key, ctx->req->now - OTHER_S, ctx->req->now, &v);
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		return cmd_store_error(ctx, rc);
	if (rc == STORE_NOTFOUND || v == NULL || (nl = strchr(v, '\n')) == NULL) {
		free(v);
		return cmd_refuse(ctx, "There is nothing for `yes` to answer: I offer another reading "
		    "right after a log line that could mean two things, for 10 minutes.");
	}
	id = strtoll(v, &end, 10);
	if (end != nl || (want && want != id)) {
		free(v);
		return cmd_refuse(ctx, "That button is out of date.");
	}
	if ((rc = store_entry_last(ctx->st, ctx->me.id, &e)) != STORE_OK || e.id != id) {
		free(v);
		if (rc != STORE_OK && rc != STORE_NOTFOUND)
			return cmd_store_error(ctx, rc);
		return cmd_refuse(ctx, "Entry %lld is no longer your last one, so I have not changed "
		    "it; `log edit %lld ...` puts it right.", (long long)id, (long long)id);
	}
	if (lex_line(nl + 1, strlen(nl + 1), false, &l, err, sizeof(err)) != 0 || l.n < 2) {
		lex_line_free(&l);
		free(v);
		return cmd_refuse(ctx, "That offer cannot be read any more; log it again.");
	}
	free(v);
	if (cmd_take_back(ctx, &e, "replaced", &gone) != 0) {
		lex_line_free(&l);
		return -1;
	}
	if ((rc = store_seen_del(ctx->st, key)) != STORE_OK) {
		lex_line_free(&l);
		return cmd_store_error(ctx, rc);
	}
	buf_printf(&ctx->out, "Entry %lld is gone; in its place:\n", (long long)id);
	ctx->l = &l;
	ctx->argi = 1;		/* after "log" */
	rc = cmd_log(ctx);
	ctx->l = saved;
	ctx->argi = argi;
	lex_line_free(&l);
	ctx->reply->again = true;
	return rc;
}

int
cmd_yes(struct cmd_ctx *ctx)
{
	if (ctx->argi < ctx->l->n)
		return cmd_error(ctx, "`yes` takes nothing after it.");
	return take_other(ctx, 0);
}

int
cmd_other_action(struct cmd_ctx *ctx, const char *action_id, const char *value)
{
	int64_t id = 0;

	(void)action_id;
	/* Exactly the digits this file wrote, nothing else. */
	if (value[0] == '\0' || strlen(value) > 18 || strspn(value, "0123456789") !=
	    strlen(value) || (id = strtoll(value, NULL, 10)) <= 0)
		return cmd_refuse(ctx, "That button is out of date.");
	return take_other(ctx, id);
}
