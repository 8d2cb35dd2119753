/*
 * The store: every byte of SQL in funnelbot lives behind this header. It owns the SQLite file,
 * its pragmas and migrations, and one function per question or change the rest of the program
 * needs. Nothing here knows about chat; callers pass `now` and day numbers in.
 *
 * Conventions: int functions return STORE_OK (0) or a negative STORE_* code; the text of the
 * last SQLite error is store_errmsg(). Strings passed in are borrowed. One store is used by one
 * thread at a time (the sender thread opens its own).
 */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

enum {
	STORE_OK = 0,
	STORE_ERR = -1,		/* SQLite failed; see store_errmsg() */
	STORE_NOTFOUND = -2,	/* a lookup that can miss, missed */
	STORE_LOCKED = -3,	/* another funnelbot holds the database */
	STORE_AMBIGUOUS = -4,	/* a name matches more than one person */
	STORE_FULL = -5,	/* the disk or the database is full */
	STORE_READONLY = -6,	/* the database cannot be written */
	STORE_DUPLICATE = -7,	/* the row is there already (a prompt sent this week) */
};

/* store_open() flags */
#define STORE_WRITER	0x1	/* take the one-writer lock (the bot's main connection) */
#define STORE_RDONLY	0x2	/* open read-only (backup) */

/* The schema version this binary creates and understands. */
#define STORE_SCHEMA_VERSION 7

/*
 * Opens (creating and migrating when needed) the database at path; ":memory:" gives a private
 * in-memory store. With STORE_WRITER a second process on the same file is refused: NULL with
 * *code = STORE_LOCKED and err naming the holder's pid. Other failures: NULL, STORE_ERR.
 */
struct store *store_open(const char *path, int flags, int *code, char *err, size_t errlen);
void store_close(struct store *st);	/* accepts NULL */
const char *store_errmsg(struct store *st);

/* One transaction per command: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any failure. They
 * nest: inside an open transaction, begin/commit/rollback act on a savepoint, and nothing is
 * durable until the outermost commit. */
/* How long a statement waits for another writer's lock before failing (default 5 s). */
void store_busy_wait(struct store *st, int ms);
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* Writes a consistent copy of the database at src to dst (which must not exist) while a bot
 * may be using src. */
int store_backup(const char *src, const char *dst, char *err, size_t errlen);

/*
 * Fault injection for tests: read_only makes every write fail as on a read-only file (PRAGMA
 * query_only); max_pages > 0 caps the file's size so writes fail as on a full disk (0 lifts
 * it). The store recovers as soon as the limit goes.
 */
int store_limit(struct store *st, bool read_only, int64_t max_pages);

/* PRAGMA integrity_check == "ok" */
bool store_integrity_ok(struct store *st);
/* Sum of the rows of every user-data table: tests compare it before and after bad input. */
int64_t store_total_rows(struct store *st);

/* ---- people ---- */

enum role { ROLE_REP, ROLE_MANAGER, ROLE_ADMIN, ROLE_INACTIVE };

#define STORE_NO_DAY INT32_MIN	/* an absent day number */
/* Bytes of a person's handle or display name with the NUL: Slack's 80 characters of up to 4
 * bytes each. Longer names are cut between two characters, never inside one. */
#define STORE_NAME_MAX	324

struct person {
	int64_t id;
	char platform_id[40];	/* Slack user id, or the console name */
	char username[STORE_NAME_MAX];	/* the handle people type after @ */
	char display_name[STORE_NAME_MAX]; /* what replies call them; may be empty */
	char tz[64];		/* IANA zone; empty when unknown */
	enum role role;
	int64_t manager_id;	/* 0: nobody */
	int away_until;		/* last day away (inclusive), or STORE_NO_DAY */
	bool sample;		/* part of the demo team: never messaged */
	char email[128];	/* lower case; empty when unknown (an import may give it) */
};

const char *store_role_name(enum role r);
int store_role_parse(const char *s, size_t n, enum role *out);	/* 0, or -1 when unknown */

int store_person_get(struct store *st, int64_t id, struct person *out);
int store_person_by_platform(struct store *st, const char *platform_id, struct person *out);
/* Case-insensitive match on username, else display name: STORE_AMBIGUOUS when several have
 * that username, or none has it and several that display name. */
int store_person_by_name(struct store *st, const char *name, size_t len, struct person *out);
/*
 * Finds the person with this platform id, creating them (a rep) when new. A non-empty username
 * or display_name updates the stored one. Fills out.
 */
int store_person_ensure(struct store *st, const char *platform_id, const char *username,
    const char *display_name, const char *tz, bool sample, int64_t now, struct person *out);
int store_person_set_role(struct store *st, int64_t id, enum role r);
int store_person_set_manager(struct store *st, int64_t id, int64_t manager_id);
int store_person_set_away(struct store *st, int64_t id, int away_until);
/*
 * Calls fn for each person (by name) matching the filter: manager_id > 0 keeps that manager's
 * direct reports; include_inactive / include_sample widen it. fn returns non-zero to stop.
 */
typedef int (*store_person_fn)(const struct person *p, void *arg);
/* Everyone whose username or display name is name (any case), at most 20, oldest first. */
int store_people_named(struct store *st, const char *name, size_t len, store_person_fn fn,
    void *arg);
int store_people_each(struct store *st, int64_t manager_id, bool include_inactive,
    bool include_sample, store_person_fn fn, void *arg);

/* ---- accounts ---- */

#define STORE_ACCOUNT_MAX 100	/* code points in an account name */

/* Whole-name, case-insensitive lookup. Fills id and, if name_out, the stored spelling. */
int store_account_find(struct store *st, const char *name, size_t len, int64_t *id,
    char *name_out, size_t name_outlen);
int store_account_create(struct store *st, const char *name, size_t len, bool sample,
    int64_t now, int64_t *id);
/* Renames; STORE_AMBIGUOUS when another account already has the new name. */
int store_account_rename(struct store *st, int64_t id, const char *name, size_t len);
int store_account_name(struct store *st, int64_t id, char *out, size_t outlen);
/* Deletes the account when no entry or opportunity refers to it; true in *deleted if so. */
int store_account_delete_if_unused(struct store *st, int64_t id, bool *deleted);
/* An account as `accounts` lists it for some people: its open deals and their last entry. */
struct account_row {
	int64_t id;
	const char *name;
	int last_day;		/* the day of their latest entry on it */
	int open;		/* their open deals on it */
	int64_t open_amount;	/* cents, of those with an amount */
};
typedef int (*store_account_row_fn)(const struct account_row *r, void *arg);
/* The accounts these people have logged on, those with the most open deals first, then the
 * most recently worked. */
int store_accounts_of(struct store *st, const int64_t *people, int npeople,
    store_account_row_fn fn, void *arg);
typedef int (*store_account_fn)(int64_t id, const char *name, void *arg);
/* Every account, oldest first; fn returns non-zero to stop. */
int store_accounts_each(struct store *st, store_account_fn fn, void *arg);
struct account_merge {
	int64_t from, into;
	int64_t by_id;		/* who merged: each moved entry's trail names them */
	int64_t now;
	const char *from_name, *into_name;
};
/* Moves every entry, opportunity and contact of account from to into and deletes from, in
 * one transaction, a trail line for each entry; moved gets the entries and opportunities
 * moved and the contacts both had (now one). STORE_AMBIGUOUS when from == into. */
int store_account_merge(struct store *st, const struct account_merge *m, int moved[3]);

/* ---- entries: everything a rep logs ---- */

enum kind {
	KIND_CALL, KIND_EMAIL, KIND_MEETING, KIND_DEMO,			/* activities */
	KIND_LEAD, KIND_QUALIFIED, KIND_PROPOSAL, KIND_VERBAL, KIND_WON,	/* stages */
	KIND_LOST,
	KIND_COUNT
};
#define KIND_IS_ACTIVITY(k)	((k) <= KIND_DEMO)
#define STAGE_OF(k)		((k) - KIND_LEAD)	/* lead 0 ... won 4, lost 5 */
#define STAGE_LOST		5
#define STAGE_WON		4

const char *store_kind_name(enum kind k);

/* An opportunity's state: what a stage entry changes and what undo restores. */
struct opp_state {
	int64_t amount;		/* cents, -1 when unknown */
	int stage;		/* 0 lead ... 4 won, 5 lost */
	int reached;		/* highest stage reached, 0..4 */
	int closed_day;		/* STORE_NO_DAY while open */
	int stage_day;		/* day of the last stage change */
};

struct opp {
	int64_t id;
	int64_t account_id;
	int64_t owner_id;
	int created_day;
	struct opp_state s;
	char account[404];	/* the account's name (100 code points, up to 4 bytes each) */
};

struct entry {
	int64_t id;
	int64_t person_id;
	int64_t account_id;
	int64_t opp_id;		/* 0 for an activity */
	enum kind kind;
	int day;
	int64_t created_at;	/* unix seconds */
	int64_t amount;		/* cents given with the entry, -1 none */
	const char *note;	/* borrowed; "" when none */
	size_t note_len;
	bool created_account;	/* undo deletes the account if nothing else uses it */
	bool created_opp;	/* undo deletes the opportunity and its history */
	bool has_prev;		/* undo restores prev on the opportunity */
	struct opp_state prev;
	int64_t contact_id;	/* an activity logged `with` a contact, else 0 */
};

int store_entry_add(struct store *st, struct entry *e);	/* sets e->id */
/* The person's most recent entry; its note is the store's copy, valid until the next call. */
int store_entry_last(struct store *st, int64_t person_id, struct entry *out);
int store_entry_delete(struct store *st, int64_t id);	/* with the history rows it made */
typedef int (*store_entry_fn)(const struct entry *e, const char *account, void *arg);
/* The person's last n entries, newest first. */
int store_entries_recent(struct store *st, int64_t person_id, int n, store_entry_fn fn, void *arg);
/* ---- contacts: the people at an account (store/contacts.c) ---- */

#define STORE_CONTACT_MAX 100	/* code points in a contact's name, title or email */

struct contact {
	int64_t id;
	int64_t account_id;
	char name[4 * STORE_CONTACT_MAX + 4];
	char title[4 * STORE_CONTACT_MAX + 4];
	char email[4 * STORE_CONTACT_MAX + 4];
	int activities;		/* store_contacts_each: activities logged with them by `person` */
	int last_day;		/* ... and the latest one's day (STORE_NO_DAY for none) */
};

/* Adds a contact; STORE_AMBIGUOUS when the account has one of that name already. */
int store_contact_add(struct store *st, int64_t account_id, const char *name, size_t len,
    const char *title, size_t title_len, const char *email, size_t email_len, int64_t now,
    int64_t *id);
/* The account's contact whose whole name, or first name, is `name` (any case): STORE_OK,
 * STORE_NOTFOUND, or STORE_AMBIGUOUS when several have that first name. */
int store_contact_find(struct store *st, int64_t account_id, const char *name, size_t len,
    struct contact *out);
int store_contact_get(struct store *st, int64_t id, struct contact *out);
typedef int (*store_contact_fn)(const struct contact *c, void *arg);
/* The account's contacts by name, with the activities `person` logged with each. */
int store_contacts_each(struct store *st, int64_t account_id, int64_t person,
    store_contact_fn fn, void *arg);

/* ---- corrections (commands/corrections.c) ---- */

/* An entry's or a deal's id is its number, the one people see and type. New ones are drawn at
 * random so they say nothing of how many others there are (store/numbers.c). */
enum store_numbered { STORE_NUM_ENTRY, STORE_NUM_DEAL };
/* The number of the seq'th entry or deal ever made (1 the first), 0 when it is gone or was
 * never made: for tests and benchmarks, which cannot know what was drawn. */
int64_t store_number_at(struct store *st, enum store_numbered what, int64_t seq);

/* Entry id; its note is the store's copy, valid until the next call. STORE_NOTFOUND. */
int store_entry_get(struct store *st, int64_t id, struct entry *out);
/* The stage entry on e's deal logged right before (after false) or after it; its note is not
 * read. STORE_NOTFOUND when there is none. */
int store_entry_beside(struct store *st, const struct entry *e, bool after, struct entry *out);
/* Writes e's kind, account, day, amount, note, prev_* and created_account back to its row. */
int store_entry_update(struct store *st, const struct entry *e);
/* Moves the stage history rows entry_id made to day. */
int store_history_set_day(struct store *st, int64_t entry_id, int day);
/* Like store_opp_update, for a correction: when the deal was last worked does not move, so
 * which open deal a later `log <stage> <account>` moves is as if it had been typed right. */
int store_opp_restate(struct store *st, int64_t id, const struct opp_state *s);
/* Sets the day an opportunity opened. */
int store_opp_set_created_day(struct store *st, int64_t opp_id, int day);

/* One line of the audit trail: what changed on an entry, by whom, when, before -> after. */
struct change {
	int64_t id;
	int64_t entry_id;
	int64_t opp_id;		/* the deal the entry is on, 0 for an activity */
	int64_t person_id;	/* whose entry */
	int64_t by_id;		/* who changed it */
	int64_t at;		/* unix seconds */
	const char *what;	/* "date", "amount", "note", "kind", "account", "deleted" */
	const char *before, *after;
};
int store_change_add(struct store *st, const struct change *c);
typedef int (*store_change_fn)(const struct change *c, void *arg);
/* The changes to entry entry_id, or (entry_id 0) on deal opp_id, or (both 0) to person's
 * entries, oldest first; at most max of the newest. */
int store_changes_each(struct store *st, int64_t entry_id, int64_t opp_id, int64_t person,
    int max, store_change_fn fn, void *arg);

/* A deal's story, oldest first: its stage entries, and its owner's activities on its account
 * from the day it opened to `to` (a day). */
int store_deal_entries(struct store *st, const struct opp *o, int to, store_entry_fn fn,
    void *arg);
/* Entries of the given people dated from..to, oldest first (export). */
int store_entries_each(struct store *st, const int64_t *people, int npeople, int from, int to,
    store_entry_fn fn, void *arg);
/* This week's tally for the reply: counts per kind dated from..to. */
int store_entry_counts(struct store *st, int64_t person_id, int from, int to, int counts[KIND_COUNT]);
/* The first day anything was logged by these people (for "all time"); STORE_NOTFOUND if none. */
int store_first_day(struct store *st, const int64_t *people, int npeople, int *day);

/* ---- opportunities ---- */

int store_opp_get(struct store *st, int64_t id, struct opp *out);
/* The owner's open opportunity on the account touched most recently. */
int store_opp_open_for(struct store *st, int64_t owner_id, int64_t account_id, struct opp *out);
int store_opp_add(struct store *st, struct opp *o, int64_t now);	/* sets o->id */
int store_opp_update(struct store *st, int64_t id, const struct opp_state *s, int64_t now);
int store_opp_delete(struct store *st, int64_t id);
/* One row per stage reached; entry_id ties it to the entry that made it (undo), 0 for none (an
 * import). implied: a stage a jump counted as passed, whose day is not its own. */
int store_history_add(struct store *st, int64_t opp_id, int stage, int day, int64_t entry_id,
    bool implied);
int store_history_count(struct store *st, int64_t opp_id);

/* ---- targets and settings ---- */

int store_target_set(struct store *st, int64_t person_id, int year, int64_t cents);
int store_target_get(struct store *st, int64_t person_id, int year, int64_t *cents);
int store_setting_set(struct store *st, const char *key, const char *value);
int store_setting_get(struct store *st, const char *key, char *out, size_t outlen);

/* ---- aggregates for insights/ ---- */

struct ins_rep_input;
struct ins_opp;

/* Reusable room for one rep's opportunities: store_rep_input() grows it; free it once. */
struct store_rep_buf {
	struct ins_opp *opps;
	size_t n, cap;
};
void store_rep_buf_free(struct store_rep_buf *buf);

/*
 * Fills in with what insights/ needs about one rep for the period from..to: activity counts in
 * it; the opportunities created or closed in it, open now, or won since year_start, with their
 * recorded stage days only (a stage a jump implied has none); the amount won from year_start to
 * today; the rep's first day (first entry or deal). in->opps points into buf until the next call. The target is
 * left at -1 (store_target_get fills it).
 */
int store_rep_input(struct store *st, int64_t person, int from, int to, int today,
    int year_start, struct store_rep_buf *buf, struct ins_rep_input *in);

/* The workspace's first day: its first entry or first deal created, by anyone (the start of
 * "all time" for every question that compares people). STORE_NOTFOUND when there is none. */
int store_first_day_all(struct store *st, int *day);

/* Calls fn for each of the person's open opportunities, latest stage first, with the last
 * day anyone logged an activity on its account (STORE_NO_DAY if never). */
typedef int (*store_opp_fn)(const struct opp *o, int last_activity_day, void *arg);
int store_pipeline(struct store *st, int64_t person, store_opp_fn fn, void *arg);

/* ---- weekly prompts: sent at most once per person, kind and ISO week ---- */

enum prompt_kind { PROMPT_REP, PROMPT_DIGEST };

/*
 * Records that person's prompt of kind for week ("2026-W48") is being sent now. STORE_OK the
 * first time; STORE_DUPLICATE when it was already sent (nothing changes). Call it in the same
 * transaction that queues the message.
 */
int store_prompt_claim(struct store *st, int64_t person_id, enum prompt_kind kind,
    const char *week, int64_t now);
/* Whether it was sent: STORE_OK, or STORE_NOTFOUND. */
int store_prompt_sent(struct store *st, int64_t person_id, enum prompt_kind kind,
    const char *week);
/* Marks it snoozed; STORE_DUPLICATE when it was snoozed before (a snooze happens once),
 * STORE_NOTFOUND when it was never sent. */
int store_prompt_snooze(struct store *st, int64_t person_id, enum prompt_kind kind,
    const char *week);

/* ---- the demo team ---- */

/* Deletes every sample person, their entries, opportunities and targets, and sample accounts
 * nothing else uses. *people gets how many people went. */
int store_demo_clear(struct store *st, int *people);


/* ==== The Slack surface: the outbox and the envelopes already seen (issue 4) ==== */

/* ---- outbox: every outgoing Slack message is a row here before it is sent ---- */

enum outbox_kind {
	OUTBOX_POST,		/* chat.postMessage into channel */
	OUTBOX_EPHEMERAL,	/* chat.postEphemeral to user in channel */
	OUTBOX_DM,		/* chat.postMessage into user's DM (conversations.open first) */
	OUTBOX_FILE,		/* a file upload into user's DM, text as its comment */
};

enum outbox_state { OUTBOX_PENDING, OUTBOX_SENT, OUTBOX_FAILED };

#define OUTBOX_ID_MAX	40	/* bytes of a channel or user id, with the NUL */

/* One row as the sender needs it to pick the next one (no text, no file). */
struct outbox_head {
	int64_t id;
	enum outbox_kind kind;
	char channel[OUTBOX_ID_MAX];	/* POST, EPHEMERAL: the channel; else "" */
	char user[OUTBOX_ID_MAX];	/* EPHEMERAL, DM, FILE: the person; else "" */
	int64_t due_ms;			/* not before this (unix ms) */
	int attempts;			/* tries so far */
	int64_t created_at;		/* unix seconds */
};

/* A whole row. The pointers are owned by the row: store_outbox_row_free(). */
struct outbox_row {
	struct outbox_head h;
	char *text;		/* never NULL once read; "" when none */
	char *blocks;		/* Block Kit JSON array, or NULL */
	char *file;		/* FILE: the bytes (NUL-terminated for convenience), else NULL */
	size_t file_len;
	char file_name[64];
};

/*
 * Queues a message: kind, channel/user as the kind needs, text (required), blocks and file
 * (may be NULL). Borrowed arguments; due now (now_ms). Sets *id when id is not NULL.
 */
int store_outbox_add(struct store *st, enum outbox_kind kind, const char *channel,
    const char *user, const char *text, const char *blocks, const char *file, size_t file_len,
    const char *file_name, int64_t now_ms, int64_t *id);
/* Fills heads with up to max pending rows, oldest first, rows queued for later (a snoozed
 * prompt) after the rest; returns how many, or a STORE_* < 0. */
int store_outbox_pending(struct store *st, struct outbox_head *heads, int max);
/*
 * The sender's pick: for each conversation with a pending row, its oldest one (rows queued for
 * later and not yet due, never tried, left out), up to max conversations, oldest first. Returns
 * how many, or a STORE_* < 0. A conversation is a channel (posts), a channel and person
 * (ephemeral replies) or a person (DMs and files).
 */
int store_outbox_heads(struct store *st, int64_t now_ms, struct outbox_head *heads, int max);
/* When the first row queued for later, never tried, falls due after now_ms: STORE_OK with
 * *due_ms, or STORE_NOTFOUND when there is none. */
int store_outbox_next_later(struct store *st, int64_t now_ms, int64_t *due_ms);
/* Reads the whole row; the caller frees it with store_outbox_row_free. */
int store_outbox_get(struct store *st, int64_t id, struct outbox_row *out);
void store_outbox_row_free(struct outbox_row *r);	/* accepts a zeroed row */
/* Marks a row sent (now in unix seconds). */
int store_outbox_sent(struct store *st, int64_t id, int64_t now);
/* Counts a failed try: attempts, and not before due_ms; error (borrowed) says why. */
int store_outbox_retry(struct store *st, int64_t id, int attempts, int64_t due_ms,
    const char *error);
/* Gives up on a row for good, keeping error (borrowed). */
int store_outbox_failed(struct store *st, int64_t id, const char *error, int64_t now);
/* Deletes sent and failed rows done before `before` (unix seconds). */
int store_outbox_prune(struct store *st, int64_t before);
/* Rows in a state (tests and the log); -1 on failure. */
int64_t store_outbox_count(struct store *st, enum outbox_state state);
/* How many rows store_outbox_add() has written on this connection, committed or not: a
 * surface compares it before and after a command to know whether to wake the sender. */
int64_t store_outbox_added(const struct store *st);

/* ---- seen: envelope_ids and event_ids already answered, with the reply given ---- */

#define STORE_SEEN_KEY_MAX 128	/* bytes of a key ("e:<envelope_id>", "v:<event_id>"), with NUL */

/*
 * Looks key up. STORE_OK with *reply a malloc'd copy of the stored reply (NULL when none was
 * stored; the caller frees it), or STORE_NOTFOUND.
 */
int store_seen_get(struct store *st, const char *key, char **reply);
/* Remembers key with reply (borrowed, may be NULL); a key already there is left alone. */
int store_seen_add(struct store *st, const char *key, const char *reply, int64_t now);
/* Forgets keys added before `before` (unix seconds). */
int store_seen_prune(struct store *st, int64_t before);
/* Like store_seen_get, for a key added (or set) from `since` to `until` (a clock that stepped
 * back does not stretch a window). */
int store_seen_since(struct store *st, const char *key, int64_t since, int64_t until,
    char **reply);
/* Remembers key with reply as of now, replacing what was there. */
int store_seen_set(struct store *st, const char *key, const char *reply, int64_t now);
/* Forgets key. */
int store_seen_del(struct store *st, const char *key);
/*
 * Calls fn for every key "<prefix>:...", oldest first, with its reply ("" for none) and when
 * it was added; fn returns non-zero to stop. fn must not write to the seen table.
 */
typedef int (*store_seen_fn)(const char *key, const char *reply, int64_t at, void *arg);
int store_seen_each(struct store *st, char prefix, store_seen_fn fn, void *arg);
/* Rows changed through this connection so far: whether a command wrote anything. */
int64_t store_changes(struct store *st);

/* ---- imports: deals brought in from a CRM export (store/imports.c) ---- */

/* The deal (or activity entry) an earlier import made of (source, ext_id): STORE_OK, or
 * STORE_NOTFOUND. */
int store_import_find(struct store *st, const char *source, const char *ext_id, int64_t *id);
/* Links (source, ext_id) to the deal opp_id or, for an activity, the entry entry_id. */
int store_import_link(struct store *st, const char *source, const char *ext_id, int64_t opp_id,
    int64_t entry_id, int64_t now);
/* Moves a deal's history rows for stage to day, recorded (implied false) or not. */
int store_history_set_stage(struct store *st, int64_t opp_id, int stage, int day, bool implied);
/* The ids seen in the file being read: forgets them all; then STORE_OK the first time an id
 * is given, STORE_AMBIGUOUS after. Kept in a temporary table, not in the database. */
int store_import_ids_reset(struct store *st);
int store_import_id_once(struct store *st, const char *ext_id);
/* The person with this email (any case): STORE_OK, or STORE_NOTFOUND. */
int store_person_by_email(struct store *st, const char *email, struct person *out);
/* Keeps a person's email (an empty one leaves it) and marks them imported when asked. */
int store_person_set_email(struct store *st, int64_t id, const char *email, bool imported);
int store_opp_set_owner(struct store *st, int64_t id, int64_t owner_id, int64_t account_id);
/* The day each stage (0 lead ... 5 lost) was recorded on, STORE_NO_DAY where it was not. */
int store_history_recorded(struct store *st, int64_t opp_id, int day[6]);

#endif
