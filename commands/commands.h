/*
 * The command language: text in, reply out. A surface (console, Slack) fills a struct request
 * and gets a struct reply; it decides how to deliver it. No sockets and no threads here: one
 * command is one store transaction on the caller's thread.
 */
#ifndef COMMANDS_COMMANDS_H
#define COMMANDS_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct commands;

enum surface {
	SURFACE_CONSOLE,	/* stdin/stdout: the asker has admin rights */
	SURFACE_SLASH,		/* a Slack slash command: reply in the ack, ephemeral */
	SURFACE_DM,		/* a direct message to the bot */
	SURFACE_MENTION,	/* an @-mention in a channel: answered privately */
};

struct shortcut {
	char slash[64];		/* "/log" */
	char verb[32];		/* "log" */
};

/* What the commands need from the configuration; the caller keeps it alive. */
struct commands_config {
	const char *currency;		/* ISO 4217 code, "USD" */
	int stalled_days;		/* days without movement that make a deal stalled */
	const char *const *admins;	/* platform user ids with admin rights */
	int nadmins;
	const char *umbrella;		/* the umbrella slash command, "/sales" */
	const struct shortcut *shortcuts;
	int nshortcuts;
	int prompt_day;			/* weekly prompt: 0 = Monday */
	int prompt_minute;		/* weekly prompt: minutes after local midnight */
	/*
	 * The day number at instant t in zone tz (an IANA name; "" for the workspace's), so a
	 * prompt's week is the person's own. NULL: everyone uses the request's `today`.
	 */
	int (*local_day)(const char *tz, int64_t t, void *arg);
	void *local_day_arg;
	/* Told when a reply was not valid UTF-8 and had to be repaired (a bug: every text that
	 * goes out is checked, as a last line of defence). NULL: nobody is told. */
	void (*warn)(const char *msg);
};

struct request {
	enum surface surface;
	const char *user_id;	/* the asker's platform id (console: the --as name) */
	const char *username;	/* their handle if known, else NULL */
	const char *display_name; /* their display name if known, else NULL */
	const char *text;	/* the command as received (Slack-escaped on Slack surfaces) */
	size_t len;
	int64_t now;		/* unix seconds */
	int today;		/* today's day number in the workspace time zone */
};

struct reply {
	char *text;		/* plain text / mrkdwn, always set after commands_run */
	char *blocks;		/* Block Kit JSON array, or NULL */
	char *file;		/* an attachment (export CSV), or NULL */
	size_t file_len;
	char file_name[64];
	bool private;		/* holds one person's numbers: ephemeral or DM only */
	bool error;		/* refused or malformed: nothing was stored */
	bool store_failed;	/* the store could not be written (disk full, read-only) */
	bool changed;		/* the command itself stored something (a question: no) */
	bool again;		/* the same words again mean doing it again (`log undo`) */
};

/* Borrows st and cfg for the life of the returned object. NULL when out of memory. */
struct commands *commands_new(struct store *st, const struct commands_config *cfg);
void commands_free(struct commands *c);	/* accepts NULL */

/*
 * Runs one command in one transaction and fills out (the caller frees it with reply_free).
 * Returns 0 when the command did what it said, -1 when it was refused or malformed (out->text
 * says why, with the usage) or the store failed (out->store_failed). Never stores half a
 * command.
 */
int commands_run(struct commands *c, const struct request *req, struct reply *out);
void reply_free(struct reply *r);	/* accepts a zeroed reply */

/*
 * Computes the insights of every active, non-sample rep over the last 90 days ending `today`,
 * team by team (what the weekly prompts need), and calls fn with each rep's platform id and
 * their `insights` reply (borrowed for the call). fn returns non-zero to stop. Returns how
 * many reps were done, or -1 when the store failed.
 */
typedef int (*commands_rep_fn)(const char *platform_id, const struct reply *r, void *arg);

/*
 * The weekly one-on-one prompts: for every rep active in the last 90 days their own prompt,
 * and for every manager with reports the team's digest, each with the ISO week key of the
 * person's own current week ("2026-W48"). ids (n of them) limits it to those platform ids;
 * NULL means everyone. Sample people are left out unless include_sample. fn gets each one
 * (reply borrowed for the call) and returns non-zero to stop. Returns how many were made, or
 * -1 when the store failed. Nothing is recorded: the caller sends and claims them.
 */
struct prompt_out {
	const char *platform_id;
	int64_t person_id;
	int kind;		/* enum prompt_kind (store.h): PROMPT_REP or PROMPT_DIGEST */
	char week[16];		/* the person's current ISO week */
	bool away;		/* away this week: the scheduler skips it */
	const struct reply *reply;
};
typedef int (*commands_prompt_fn)(const struct prompt_out *p, void *arg);
int commands_prompts(struct commands *c, const char *const *ids, int n, bool include_sample,
    int64_t now, int today, commands_prompt_fn fn, void *arg);

/* The weekly prompt's day (0 = Monday) and minute after local midnight: the stored `schedule`,
 * else the config's. */
void commands_prompt_schedule(struct commands *c, int *day, int *minute);

/*
 * A button pressed under a weekly prompt (Slack block_actions): action_id and value as the
 * prompt made them. Fills out with what to tell the person. Returns 0, or -1 when the action
 * is unknown or malformed (out says so).
 */
/* The button that takes the other reading of a log line (commands/reading.c); the weekly
 * prompt's buttons are "prompt_*". */
#define COMMANDS_ACTION_OTHER "log_other"
int commands_action(struct commands *c, const struct request *req, const char *action_id,
    const char *value, struct reply *out);
int commands_insights_all(struct commands *c, int64_t now, int today, commands_rep_fn fn,
    void *arg);

/* ---- bringing history in from a CRM export (commands/import.c) ---- */

struct import_options {
	const char *path;	/* the CSV file */
	const char *name;	/* what the report calls it */
	const char *mapping;	/* an INI mapping file, NULL to guess one from the header */
	const char *encoding;	/* NULL: UTF-8, or what a BOM says */
	bool dry_run;		/* report what it would do; write nothing */
	bool skip_bad;		/* import the good rows, list the others */
	bool create_people;	/* owners nobody here matches are created */
	int64_t now;
	int today;
	void (*progress)(long rows, void *arg);	/* every 1,000 rows written, or NULL */
	void *progress_arg;
	/* On Slack: the workspace member with this email (users.lookupByEmail), their id and
	 * handle into member and handle; 1 found, 0 not. NULL elsewhere. An owner nobody here
	 * is, but whose email a member has, is that member. */
	int (*member_by_email)(const char *email, char member[40], char handle[64], void *arg);
	void *member_arg;
};

/*
 * Imports o->path: all or nothing unless skip_bad. Sets *text to the report (free() it): what
 * was created, updated, unchanged and skipped, or why nothing was. Returns 0 when imported
 * (or a clean dry run), -1 when refused.
 */
int commands_import(struct store *st, const struct import_options *o, char **text);

#endif
