/*
 * The inbox: one parsed envelope in, its effects and its ack out. The product's promise lives
 * here -- an envelope is remembered in `seen`, applied in one transaction with that record,
 * and acknowledged only after the commit, so a redelivery gets the same reply and changes
 * nothing. No sockets and no lws: the surface gives it an ack callback, so it is unit tested
 * and fuzzed on an in-memory store (tests/unit/test_inbox.c, tests/fuzz/fuzz_envelope.c).
 */
#ifndef BOT_INBOX_H
#define BOT_INBOX_H

#include <stdint.h>

#include "bot/envelope.h"
#include "commands/commands.h"
#include "store/store.h"

struct clock;

#define INBOX_BUSY_MS	2000	/* the longest an envelope waits for the database's lock */

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
	void *arg;
};

/*
 * Handles one envelope: a slash command is answered in its ack; a DM, a mention and a button
 * get their answer queued in the outbox. A slash command that wrote something is remembered by
 * its words for a minute: the same words from the same person again (a retry after Slack
 * gave up on a slow ack) get the first answer back and are not applied twice. An envelope that cannot be handled (e->invalid) is
 * acknowledged -- so Slack stops delivering it -- logged once, and a slash command is told
 * so. When the store fails nothing is applied: a slash command is acked with an apology, an
 * event or a click is left unacknowledged for Slack to deliver again.
 */
void inbox_handle(const struct inbox *in, const struct envelope *e);

/* Queues a message on the store's current transaction, due now. Returns a STORE_* code. */
int inbox_queue(struct store *st, enum outbox_kind kind, const char *channel, const char *user,
    const char *text, const char *blocks);

#endif
