/*
 * The console surface: one command a line from a stream, each reply printed. Console users act
 * with admin rights (commands.md), so one terminal can play a whole team.
 */
#ifndef BOT_CONSOLE_H
#define BOT_CONSOLE_H

#include <stdio.h>

struct commands;
struct clock;

/* Runs until end of input. user is the asker's name. Returns 0, or 1 when the store failed
 * for good. */
int console_run(struct commands *c, const struct clock *clk, const char *user, FILE *in,
    FILE *out);

#endif
