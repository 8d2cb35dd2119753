/*
 * The Slack surface: a Socket Mode connection on libwebsockets that survives what Slack and the
 * network do (refreshes, warnings, drops, silent links), the envelopes it carries turned into
 * commands, and the replies -- in the slash command's ack, or through the outbox (bot/outbox.c)
 * for DMs, mentions and files. main() calls slack_run() when both tokens are configured.
 */
#ifndef BOT_SLACK_H
#define BOT_SLACK_H

#include <stdint.h>

#include "store/store.h"

struct slack;
struct config;
struct commands;
struct clock;

/* What other parts of the bot plug into the Slack surface; every field may be NULL. */
struct slack_hooks {
	/* Called on the worker thread (bot/worker.h), the store's only user, every
	 * SLACK_TICK_S seconds once connected and at each (re)connection, outside any
	 * transaction (the scheduler's tick). */
	void (*tick)(struct slack *s, int64_t now, void *arg);
	void *arg;
};

#define SLACK_TICK_S	15

/* Exit statuses of slack_run(), as main() returns them. */
enum { SLACK_EXIT_OK = 0, SLACK_EXIT_RUNTIME = 1, SLACK_EXIT_CONFIG = 2 };

/*
 * Runs the Slack surface until SIGTERM or SIGINT (SLACK_EXIT_OK: the socket closed, the
 * sender's message in flight finished), a refused token or Socket Mode switched off in the
 * app's settings (SLACK_EXIT_CONFIG, with a log line naming the token or the setting, never a
 * token's value), or a failure to start (SLACK_EXIT_RUNTIME). cfg, st (the writer), cmds and
 * clk are borrowed; hooks may be NULL. Installs handlers for SIGTERM and SIGINT and ignores
 * SIGPIPE for its duration.
 */
int slack_run(const struct config *cfg, struct store *st, struct commands *cmds,
    const struct clock *clk, const struct slack_hooks *hooks);

/*
 * Queues a message (an outbox row) on st's current transaction, if any, and wakes the sender
 * once the surface's transaction commits (or at once from a tick). For hooks, on the worker
 * thread. Returns a STORE_* code.
 */
int slack_queue(struct slack *s, enum outbox_kind kind, const char *channel, const char *user,
    const char *text, const char *blocks);

/* The writer store, the commands and the clock slack_run() was given, and the bot's own user
 * id ("" until auth.test answered). */
struct store *slack_store(struct slack *s);
struct commands *slack_commands(struct slack *s);
const struct clock *slack_clock(struct slack *s);
const char *slack_bot_user(struct slack *s);

#endif
