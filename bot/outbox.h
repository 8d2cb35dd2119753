/*
 * The sender: a thread with its own store connection and curl handle that drains the outbox
 * (store/outbox.c) into Slack -- chat.postMessage, chat.postEphemeral, DMs through
 * conversations.open, file uploads -- and keeps people's names and time zones fresh from
 * users.list and users.info. It honours 429 Retry-After per method (sleeping until the bucket
 * opens), retries 5xx and timeouts with backoff, gives up on permanent errors with a log line,
 * and paces chat.postMessage per channel.
 *
 * Fairness: each round takes the oldest pending row of every conversation and sends the one
 * whose conversation was served longest ago, so one busy channel or a blocked method holds up
 * no other. Exactly once: an outcome the store cannot record (full, locked) is kept in memory
 * and recorded with backoff; the row is not sent again meanwhile. No transaction is ever open
 * across a network call: users.list pages and users.info answers are fetched, then saved in one
 * short transaction. A users.list run resumes after a 429 and ends after a fixed number of pages.
 *
 * The websocket and worker threads only call the functions below; none waits for the network.
 */
#ifndef BOT_OUTBOX_H
#define BOT_OUTBOX_H

#include <stddef.h>

struct outbox;

struct outbox_config {
	const char *store_path;		/* the database, opened again without the writer lock */
	const char *api_url;		/* Web API base, ends in '/' */
	const char *bot_token;		/* copied */
	/* Called on the sender thread when Slack refuses the bot token; must be thread-safe
	 * (bot/slack.c sets a flag and calls lws_cancel_service). arg is passed back. */
	void (*token_refused)(void *arg);
	void *arg;
};

/*
 * Opens the sender's store connection and starts the thread, which first fetches users.list.
 * Returns NULL with err set when the store cannot be opened or a thread cannot start.
 */
struct outbox *outbox_start(const struct outbox_config *cfg, char *err, size_t errlen);

/* New rows were committed: look now rather than at the next timer. Any thread. */
void outbox_kick(struct outbox *o);

/* Fetch this person's names and zone (users.info) soon; repeats are ignored. Any thread. */
void outbox_lookup_user(struct outbox *o, const char *user_id);

/*
 * Stops the thread after the request in flight (a row being sent is finished and marked),
 * tries once more to record outcomes kept in memory (those it cannot may be sent again at the
 * next start, and the log says how many), joins it and frees everything. Rows not yet sent stay
 * in the outbox for the next start. Accepts NULL.
 */
void outbox_stop(struct outbox *o);

#endif
