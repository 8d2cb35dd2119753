/* The weekly prompts on the Slack surface (see prompter.h). */
#include <string.h>

#include "bot/clock.h"
#include "bot/prompter.h"
#include "bot/scheduler.h"
#include "bot/slack.h"

/* Queues a prompt through the surface, so the sender wakes for it. */
static int
queue_dm(void *arg, const char *user, const char *text, const char *blocks)
{
	return slack_queue(arg, OUTBOX_DM, NULL, user, text, blocks);
}

static void
on_tick(struct slack *s, int64_t now, void *arg)
{
	struct scheduler *sched = arg;
	int64_t next;

	scheduler_set_queue(sched, queue_dm, s);
	if (scheduler_due(sched, now))
		scheduler_tick(sched, now, clock_day(slack_clock(s), now), &next);
}

void
prompter_hooks(struct slack_hooks *hooks, struct scheduler *sched)
{
	memset(hooks, 0, sizeof(*hooks));
	hooks->tick = on_tick;
	hooks->arg = sched;
}
