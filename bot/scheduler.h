/*
 * The weekly prompts' driver: on each tick it asks bot/schedule.c who is due, has commands/
 * write their prompts, and queues each in the outbox together with the store row that makes it
 * go out once. Runs on the thread that owns the store (the Slack surface's main loop).
 */
#ifndef BOT_SCHEDULER_H
#define BOT_SCHEDULER_H

#include <stdbool.h>
#include <stdint.h>

struct commands;
struct config;
struct store;
struct scheduler;

/* Borrows everything for its life. NULL when out of memory. */
struct scheduler *scheduler_new(struct store *st, struct commands *c, const struct config *cfg);
void scheduler_free(struct scheduler *s);	/* accepts NULL */

/*
 * Queues every prompt due at now that has not gone out (catching up those due within the last
 * 12 hours). today is the workspace's day at now. Returns how many were queued, or -1 when the
 * store failed (logged). Sets *next to when to tick again: the next prompt's instant, but
 * within the minute (schedules and people change).
 */
int scheduler_tick(struct scheduler *s, int64_t now, int today, int64_t *next);

/*
 * How prompts are queued: fn(arg, user, text, blocks) returning a STORE_* code, on the store's
 * current transaction (the Slack surface's slack_queue, which also wakes its sender). NULL:
 * straight into the outbox.
 */
typedef int (*scheduler_queue_fn)(void *arg, const char *user, const char *text,
    const char *blocks);
void scheduler_set_queue(struct scheduler *s, scheduler_queue_fn fn, void *arg);

/* True when the last tick asked to be called again by now. */
bool scheduler_due(const struct scheduler *s, int64_t now);

#endif
