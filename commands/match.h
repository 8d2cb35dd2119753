/*
 * The account a rep meant by words that are not its whole stored name (commands/match.c).
 */
#ifndef COMMANDS_MATCH_H
#define COMMANDS_MATCH_H

#include <stdbool.h>
#include <stdint.h>

struct cmd_ctx;

struct account_match {
	int64_t id;
	char name[404];		/* its stored spelling */
	int words;		/* how many words at i named it */
	bool near;		/* by a near-miss spelling, not by its words */
	char other[404];	/* cmd_account_pick: the second account the words fit, or "" */
};

/*
 * Matches the plain words at i of ctx->l against every account: their key equals an account's
 * key (case, punctuation and company suffixes aside: "acme inc" is "ACME, Inc."), or they are
 * its leading words ("globex" for "Globex Corporation"), or one to three words are a near-miss
 * of it (one typo in 5 to 7 characters, two from 8, the digits the same) -- the longest run
 * first within each rule.
 * Returns 1 with *m, 0 when nothing fits (a new account), -1 when a rule fits several accounts
 * or the store failed (the reply says which).
 */
int cmd_account_match(struct cmd_ctx *ctx, int i, struct account_match *m);
/* The same, except that words fitting exactly two accounts under one rule take the older and
 * name the other in m->other (for the reply to offer it) instead of refusing. */
int cmd_account_pick(struct cmd_ctx *ctx, int i, struct account_match *m);
/* The one account whose key is that of s (a quoted name: "Globex Corp." for Globex, case,
 * punctuation and company suffixes aside): 1, 0 for none or several, -1 when the store
 * failed (replied). */
int cmd_account_same(struct cmd_ctx *ctx, const char *s, size_t n, struct account_match *m);

#endif
