/* The weekly prompts on the Slack surface (see prompter.h). */
#include <string.h>

#include "bot/clock.h"
#include "bot/log.h"
#include "bot/prompter.h"
#include "bot/scheduler.h"
#include "bot/slack.h"
#include "commands/commands.h"

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

/* A button under a prompt: apply it and answer in the person's DM. */
static int
on_action(struct slack *s, const struct slack_action *a, void *arg)
{
	const struct clock *clk = slack_clock(s);
	struct request req = { .surface = SURFACE_DM, .user_id = a->user_id,
		.username = a->user_name, .now = clock_now(clk) };
	struct reply r;
	int rc;

	(void)arg;
	if (strncmp(a->action_id, "prompt_", 7) != 0) {
		log_info("slack: a button nobody handles: %s", a->action_id);
		return 0;
	}
	req.today = clock_day(clk, req.now);
	commands_action(slack_commands(s), &req, a->action_id, a->value ? a->value : "", &r);
	rc = r.store_failed ? -1 : slack_queue(s, OUTBOX_DM, NULL, a->user_id, r.text, r.blocks);
	reply_free(&r);
	return rc == STORE_OK ? 0 : -1;
}

void
prompter_hooks(struct slack_hooks *hooks, struct scheduler *sched)
{
	memset(hooks, 0, sizeof(*hooks));
	hooks->action = on_action;
	hooks->tick = on_tick;
	hooks->arg = sched;
}
