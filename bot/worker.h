/*
 * The worker: while the Slack surface runs, the one thread that uses the writer store. The
 * websocket thread hands it every envelope as it arrived and every tick, and goes back to its
 * sockets at once; the worker runs them in order through the inbox (bot/inbox.h) and gives
 * each ack back through a hook. So the websocket thread is never held up by a slow command:
 * it keeps reading, pinging and acknowledging, and a slash command still waiting after
 * INBOX_EARLY_MS is acknowledged with "working on it" (worker_overdue) and answered in the DM.
 *
 * Before it runs them, the worker keeps the slash commands waiting in its queue as pending
 * (inbox_hold), in one transaction, so one acknowledged early and cut off by a crash is run at
 * the next start (inbox_recover). One that arrives while a slow command runs cannot be kept
 * until that one ends -- there is one writer -- yet is acknowledged early all the same: a late
 * ack is a timeout the person sees. That one is lost only if the process dies before it runs.
 * One acknowledged early that the store then refuses is tried again every 15 s for an hour.
 */
#ifndef BOT_WORKER_H
#define BOT_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bot/envelope.h"

struct store;
struct commands;
struct clock;
struct worker;

/* What the surface does for the worker. Called on the worker thread: each only queues or
 * signals, and none may be NULL. */
struct worker_hooks {
	/* Sends the ack of envelope_id (payload a JSON object, or NULL) on connection `conn`. */
	void (*ack)(void *arg, int conn, const char *envelope_id, const char *payload);
	/* Someone we know nothing of yet: ask the workspace. */
	void (*learn)(void *arg, const char *user);
	/* New outbox rows have committed: wake the sender. */
	void (*kick)(void *arg);
	/* The surface's tick (pruning, the scheduler); `linked`: a connection is up. */
	void (*tick)(void *arg, bool linked);
	void *arg;
};

/* Starts the worker on st (it is the only user of st and cmds until worker_stop()). NULL
 * with a reason in err when the thread cannot start. */
struct worker *worker_start(struct store *st, struct commands *cmds, const struct clock *clk,
    const struct worker_hooks *hooks, char *err, size_t errlen);

/*
 * Queues an envelope that arrived on connection `conn` (raw: its frame, copied; bot_user: our
 * own user id as known now); a copy of one already waiting is dropped (the first answers).
 * Returns 0, or -1 when out of memory or 64 MiB of frames wait already (logged; left
 * unacknowledged for Slack to deliver again).
 */
int worker_put(struct worker *w, int conn, const struct envelope *e, const char *raw,
    size_t len, const char *bot_user);

/* Asks for a tick as soon as the envelope in hand is done. */
void worker_tick(struct worker *w, bool linked);

/*
 * For each slash command that arrived INBOX_EARLY_MS or more ago and is not answered: marks it
 * acknowledged and calls fn, which sends INBOX_WORKING as its ack. Returns how many slash
 * commands are still waiting for an ack (0: no need to ask again).
 */
int worker_overdue(struct worker *w, void (*fn)(void *arg, int conn, const char *envelope_id),
    void *arg);

/* Lets the envelope in hand finish, drops the queue (Slack delivers those again; kept slash
 * commands run at the next start) and joins the thread. Accepts NULL. */
void worker_stop(struct worker *w);

#endif
