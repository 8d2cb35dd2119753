/*
 * The weekly prompts on the Slack surface: its tick runs the scheduler (the buttons under a
 * prompt are the inbox's, bot/inbox.c).
 */
#ifndef BOT_PROMPTER_H
#define BOT_PROMPTER_H

struct scheduler;
struct slack_hooks;

/* Fills hooks so that slack_run() drives sched (borrowed; it must outlive the run). */
void prompter_hooks(struct slack_hooks *hooks, struct scheduler *sched);

#endif
