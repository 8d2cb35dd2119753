/*
 * The weekly prompts on the Slack surface: its tick runs the scheduler, and the buttons under a
 * prompt (block_actions) are applied and answered in the person's DM.
 */
#ifndef BOT_PROMPTER_H
#define BOT_PROMPTER_H

struct scheduler;
struct slack_hooks;

/* Fills hooks so that slack_run() drives sched (borrowed; it must outlive the run). */
void prompter_hooks(struct slack_hooks *hooks, struct scheduler *sched);

#endif
