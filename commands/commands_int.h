/* Inside commands/: the context a handler gets, the verb table, and shared helpers. */
#ifndef COMMANDS_COMMANDS_INT_H
#define COMMANDS_COMMANDS_INT_H

#include "commands/buf.h"
#include "commands/commands.h"
#include "commands/lex.h"
#include "store/store.h"

struct commands {
	struct store *st;
	const struct commands_config *cfg;
};

/* Who may run a verb at all; finer checks (whose data) are in the handlers. */
enum perm { PERM_ANYONE, PERM_MANAGER, PERM_ADMIN };

struct cmd_ctx {
	struct commands *c;
	struct store *st;
	const struct request *req;
	struct person me;	/* the asker (created on first use) */
	bool admin;		/* admin rights: role, config, or the console */
	struct line *l;		/* the lexed command; word 0 is the verb */
	int argi;		/* the first argument word */
	const struct cmd_entry *cmd;
	struct buf out;		/* the reply text */
	struct reply *reply;
	/* a prompt button instead of a verb (commands_action) */
	int (*action)(struct cmd_ctx *ctx, const char *action_id, const char *value);
	const char *action_id;
	const char *action_value;
};

typedef int (*cmd_fn)(struct cmd_ctx *ctx);

struct cmd_entry {
	const char *name;
	const char *alias;	/* another word for it, or NULL */
	const char *usage;	/* one line per form */
	const char *help;	/* one sentence */
	enum perm perm;
	cmd_fn fn;		/* 0 done, -1 refused or malformed (the reply says why) */
};

extern const struct cmd_entry cmd_table[];
const struct cmd_entry *cmd_find(const char *name, size_t len);

/* Replies what was wrong (a malformed or refused command) followed by the verb's usage, and
 * marks the reply an error; returns -1. */
int cmd_error(struct cmd_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for a command whose form was right but that may not or cannot be done (who may,
 * the state of a deal, the store): one line, no usage. */
int cmd_refuse(struct cmd_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 0 when s (n bytes) may name an account; else replies why (empty or invisible, too long,
 * a line break, a direction control) and returns -1. */
int cmd_account_name_check(struct cmd_ctx *ctx, const char *s, size_t n);
/* Replies that the store failed; returns -1. */
int cmd_store_error(struct cmd_ctx *ctx, int rc);
void cmd_help(struct buf *b, const struct cmd_entry *e);

/* The last line of defence: repairs r's text and blocks where they are not valid UTF-8 (and
 * tells the config's warn). Every reply that leaves commands/ passes here. */
void cmd_reply_check(const struct commands *c, struct reply *r);
/* Whether the config names this platform id an admin. */
bool cmd_is_admin_id(const struct commands_config *cfg, const char *id);
/* The name a reply uses for p: display name, else username, else the platform id. */
const char *cmd_name(const struct person *p);
/* Resolves a who-word to a person; on failure replies (naming them) and returns -1. */
int cmd_resolve(struct cmd_ctx *ctx, const struct who *w, struct person *out);
/*
 * Resolves [who] at *i for a question about one person (what: "funnel", for the refusal),
 * with the permission check: 0 with *p, 1 when the words ask about the team (or "priorities"
 * from a manager or an admin), or -1 having replied.
 */
int cmd_subject(struct cmd_ctx *ctx, int *i, struct person *p, const char *what);
/*
 * The one refusal for something ("entry 57", "opportunity #12") that does not exist and for one
 * the asker may not see -- which numbers exist is their owners' business: "You have no <what>;
 * <rep_hint>." for a rep, the team's version for a manager, "There is no <what>." for an admin.
 */
int cmd_no_such(struct cmd_ctx *ctx, const char *what, const char *rep_hint,
    const char *team_hint);
/* True when the asker may see p's individual numbers: self, their manager, or an admin. */
bool cmd_may_see(const struct cmd_ctx *ctx, const struct person *p);
/* Formats cents as the installation's currency: "$48,000", "€1,250.50". */
void cmd_amount(const struct cmd_ctx *ctx, int64_t cents, char *out, size_t outlen);
/* "Fri 27 Nov" (with the year when it is not this year's). */
void cmd_date(const struct cmd_ctx *ctx, int day, char *out, size_t outlen);
/* "Fri 27 Nov", with the year when it is not today's. */
void cmd_day_text(int day, int today, char *out, size_t outlen);
bool cmd_word_is(const struct cmd_ctx *ctx, int i, const char *lit);

/* Takes back what entry e did -- the row, the deal it opened or the stage it moved, the account
 * it created if nothing else uses it (*account_gone) -- as `log undo` does, with a trail row
 * saying why ("undone", "deleted", "replaced"), so its number is never used again. 0, or -1
 * replied. */
int cmd_take_back(struct cmd_ctx *ctx, const struct entry *e, const char *why,
    bool *account_gone);
/* The audit trail (commands/corrections.c): a change to e by the asker, now. 0, or -1. */
int cmd_audit(struct cmd_ctx *ctx, const struct entry *e, const char *what, const char *before,
    const char *after);
/* "call #12 Acme on Fri 27 Nov — called back", for the trail and the replies. */
void cmd_entry_summary(struct cmd_ctx *ctx, const struct entry *e, char *out, size_t len);
/* `log edit`, `log delete`, `log changes` (commands/corrections.c); argi is at the verb word. */
int cmd_log_edit(struct cmd_ctx *ctx);
int cmd_log_delete(struct cmd_ctx *ctx);
int cmd_log_changes(struct cmd_ctx *ctx);
/* The audit trail of deal opp_id for `deal #ID`, as lines into b; a STORE_* code. */
int cmd_deal_changes(struct cmd_ctx *ctx, struct buf *b, int64_t opp_id);

/*
 * An activity's note that starts "with <name>" (word `at`): the account's contact of that
 * name (*contact_id, else 0), or a line for hint saying why none was taken. 0, or -1 replied.
 */
int cmd_contact_with(struct cmd_ctx *ctx, int64_t account_id, int at, int64_t *contact_id,
    struct buf *hint);

/*
 * After a log line that could mean two things: keeps `line` (the other reading, a whole log
 * command) as the person's standing offer for their last entry, and says so -- with a button on
 * Slack -- naming `what` it would log (commands/reading.c). Call it last: it renders the reply.
 */
#define CMD_OTHER_ACTION COMMANDS_ACTION_OTHER
void cmd_offer_other(struct cmd_ctx *ctx, const char *line, size_t len, const char *what);
/* The button of that offer (value: the entry's number). */
int cmd_other_action(struct cmd_ctx *ctx, const char *action_id, const char *value);

/* the handlers */
int cmd_log(struct cmd_ctx *ctx);
int cmd_target(struct cmd_ctx *ctx);
int cmd_role(struct cmd_ctx *ctx);
int cmd_manager(struct cmd_ctx *ctx);
int cmd_account(struct cmd_ctx *ctx);
int cmd_away(struct cmd_ctx *ctx);
int cmd_back(struct cmd_ctx *ctx);
int cmd_export(struct cmd_ctx *ctx);
int cmd_demo(struct cmd_ctx *ctx);
int cmd_help_verb(struct cmd_ctx *ctx);
int cmd_funnel(struct cmd_ctx *ctx);
int cmd_insights(struct cmd_ctx *ctx);
int cmd_pipeline(struct cmd_ctx *ctx);
int cmd_deal(struct cmd_ctx *ctx);
int cmd_accounts(struct cmd_ctx *ctx);
int cmd_contact(struct cmd_ctx *ctx);
int cmd_person(struct cmd_ctx *ctx);
int cmd_yes(struct cmd_ctx *ctx);
int cmd_contacts(struct cmd_ctx *ctx);
int cmd_team(struct cmd_ctx *ctx);
int cmd_nudge(struct cmd_ctx *ctx);
int cmd_schedule(struct cmd_ctx *ctx);
/* Runs a prompt button's handler fn inside a command's transaction (see commands_action). */
int commands_run_action(struct commands *c, const struct request *req, const char *action_id,
    const char *value, struct reply *out, int (*fn)(struct cmd_ctx *, const char *,
    const char *));

/*
 * Plain-English questions: when text is one the bot understands, writes the equivalent command
 * into out and returns true ("how is Sally's funnel?" -> "funnel @sally").
 */
bool ask_rewrite(const struct line *l, int today, struct buf *out);

#endif
