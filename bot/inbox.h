/*
 * The inbox: one parsed envelope in, its effects and its ack out. The product's promise lives
 * here -- an envelope is remembered in `seen`, applied in one transaction with that record,
 * and acknowledged only after the commit, so a redelivery gets the same reply and changes
 * nothing. No sockets and no lws: the surface gives it an ack callback, so it is unit tested
 * and fuzzed on an in-memory store (tests/unit/test_inbox.c, tests/fuzz/fuzz_envelope.c).
 */
#ifndef BOT_INBOX_H
#define BOT_INBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "bot/envelope.h"
#include "commands/commands.h"
#include "store/store.h"

struct clock;

#define INBOX_BUSY_MS	1500	/* the longest an envelope waits for the database's lock: less than
				 * INBOX_EARLY_MS, so a refusal comes before "working on it" */

struct inbox {
	struct store *st;
	struct commands *cmds;
	const struct clock *clk;
	const char *bot_user;		/* our own user id; "" until auth.test answered */
	/* Sends the ack frame of envelope_id, with payload (a JSON object) or none. */
	void (*ack)(void *arg, const char *envelope_id, const char *payload);
	/* Someone we know nothing of yet (no time zone): ask the workspace. May be NULL. */
	void (*learn)(void *arg, const char *user);
	/* New rows in the outbox have committed: wake the sender. May be NULL. */
	void (*kick)(void *arg);
	/*
	 * When the database was found locked by another writer (unix ms until which we do not
	 * wait for it again): the first envelope waits INBOX_BUSY_MS, the ones right after it
	 * fail at once, so each is answered within Slack's 3 s. May be NULL (always wait).
	 */
	int64_t *busy_until;
	/*
	 * A slash command the surface may have acknowledged already with "working on it"
	 * (INBOX_EARLY_MS passed first): asked before its transaction commits (last false) and
	 * once more just before its ack is sent (last true; from then on the surface must not
	 * acknowledge it early). True: it was, so the reply goes to the person's DM instead of
	 * the ack. May be NULL (never).
	 */
	bool (*early)(void *arg, const char *envelope_id, bool last);
	void *arg;
};

/* A slash command whose reply is not ready this long after it arrived is acknowledged with
 * INBOX_WORKING and answered in the DM once it is -- Slack gives up after 3 s. */
#define INBOX_EARLY_MS	2000
#define INBOX_WORKING	"Working on it: this is taking longer than usual. The answer will come " \
	"to our DM."

/* A slash command to keep (inbox_hold): its frame as it arrived, NUL-terminated. */
struct inbox_held {
	const struct envelope *e;
	const char *raw;
	bool held;		/* set when it is kept */
};

/*
 * Handles one envelope: a slash command is answered in its ack; a DM, a mention and a button
 * get their answer queued in the outbox. A slash command that wrote something is remembered by
 * its words for a minute: the same words from the same person again (a retry after Slack
 * gave up on a slow ack) get the first answer back and are not applied twice. An envelope that cannot be handled (e->invalid) is
 * acknowledged -- so Slack stops delivering it -- logged once, and a slash command is told
 * so. When the store fails nothing is applied: a slash command is acked with an apology, an
 * event or a click is left unacknowledged for Slack to deliver again, and -1 is returned
 * (else 0).
 */
int inbox_handle(const struct inbox *in, const struct envelope *e);

/*
 * Keeps the slash commands among es that still need an answer as pending, before they run:
 * one acknowledged early is then answered even after a crash (inbox_recover), and
 * inbox_handle() forgets it in the command's own transaction. When any is kept (held set) it
 * returns STORE_OK with the transaction open, for the caller to commit; otherwise no
 * transaction is open (STORE_OK: none needed keeping; another code: the store failed).
 */
int inbox_hold(const struct inbox *in, struct inbox_held *es, size_t n);

/*
 * Runs the pending slash commands that no inbox_handle() finished -- cut off by a crash, or
 * the store failed -- and answers each in the person's DM; one pending for over an hour is
 * dropped with a DM saying so. For when none is queued: at start and from the tick.
 */
void inbox_recover(const struct inbox *in);

/* Queues a message on the store's current transaction, due now. Returns a STORE_* code. */
int inbox_queue(struct store *st, enum outbox_kind kind, const char *channel, const char *user,
    const char *text, const char *blocks);

#endif
