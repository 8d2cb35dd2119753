/*
 * Replies as documents: a few kinds of part (a title, a paragraph, a preformatted table, a
 * footnote) rendered once as plain text (the console, and Slack's notification fallback) and
 * once as Block Kit JSON within Slack's limits.
 */
#ifndef COMMANDS_RENDER_H
#define COMMANDS_RENDER_H

#include "commands/buf.h"

struct reply;

enum part_kind { PART_TITLE, PART_TEXT, PART_PRE, PART_NOTE };

#define DOC_MAX_PARTS 40	/* Block Kit allows 50 blocks; a long table may take two */

struct doc {
	struct {
		enum part_kind kind;
		char *text;	/* owned */
	} parts[DOC_MAX_PARTS];
	int n;
	struct buf cur;		/* the part being written (doc_printf) */
	struct {
		char label[40];		/* what the button says (plain text, <= 75 chars) */
		char action_id[32];	/* what the surface routes on */
		char value[64];		/* what it carries back */
	} buttons[5];		/* one actions block after the parts */
	int nbuttons;
};

/* Starts a new part of the given kind; doc_printf appends to it. */
void doc_part(struct doc *d, enum part_kind kind);
void doc_printf(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds a button to the actions block that ends the document (at most 5). */
void doc_button(struct doc *d, const char *label, const char *action_id, const char *value);
/* Renders into r->text and r->blocks (replacing them) and frees the parts. */
void doc_finish(struct doc *d, struct reply *r);
void doc_free(struct doc *d);	/* what doc_finish did not take; accepts a zeroed doc */

#endif
