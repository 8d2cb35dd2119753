/* Inside the store: the struct and the statement cache every file of store/ shares. */
#ifndef STORE_STORE_INT_H
#define STORE_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"

/* Every cached statement has a slot; each file owns a range of them. */
enum stmt_id {
	Q_PERSON_GET, Q_PERSON_BY_PLATFORM, Q_PERSON_BY_NAME, Q_PERSON_INSERT, Q_PERSON_NAMES,
	Q_PERSON_ROLE, Q_PERSON_MANAGER, Q_PERSON_AWAY, Q_PEOPLE_EACH, Q_PEOPLE_OF_MANAGER,
	Q_ACCOUNT_FIND, Q_ACCOUNT_INSERT, Q_ACCOUNT_RENAME, Q_ACCOUNT_NAME, Q_ACCOUNT_USED,
	Q_ACCOUNT_DELETE, Q_ACCOUNTS_EACH, Q_ACCOUNT_MERGE_ENTRIES, Q_ACCOUNT_MERGE_OPPS,
	Q_ACCOUNT_DELETE_MERGED,
	Q_ENTRY_INSERT, Q_ENTRY_LAST, Q_ENTRY_DELETE, Q_ENTRY_HISTORY_DELETE, Q_ENTRIES_RECENT,
	Q_ENTRY_COUNTS, Q_FIRST_DAY,
	Q_OPP_GET, Q_OPP_OPEN_FOR, Q_OPP_INSERT, Q_OPP_UPDATE, Q_OPP_DELETE, Q_HISTORY_INSERT,
	Q_HISTORY_COUNT,
	Q_TARGET_SET, Q_TARGET_GET, Q_SETTING_SET, Q_SETTING_GET,
	Q_STATS_ACTIVITIES, Q_STATS_OPPS, Q_STATS_WON_YEAR, Q_PIPELINE,
	/* the Slack surface: store/outbox.c, store/seen.c */
	Q_OUTBOX_ADD, Q_OUTBOX_PENDING, Q_OUTBOX_HEADS, Q_OUTBOX_LATER, Q_OUTBOX_GET, Q_OUTBOX_SENT, Q_OUTBOX_RETRY,
	Q_OUTBOX_FAILED, Q_OUTBOX_PRUNE, Q_OUTBOX_COUNT, Q_SEEN_GET, Q_SEEN_ADD, Q_SEEN_PRUNE,
	Q_SEEN_SET, Q_SEEN_DEL, Q_SEEN_EACH, Q_DEAL_ENTRIES, Q_ENTRY_GET, Q_ENTRY_BEFORE, Q_ENTRY_AFTER,
	Q_ENTRY_UPDATE, Q_HISTORY_SET_DAY, Q_OPP_SET_CREATED, Q_CHANGE_ADD, Q_CHANGES,
	Q_CONTACT_ADD, Q_CONTACT_FIND, Q_CONTACT_GET, Q_CONTACTS_EACH, Q_ACCOUNT_MERGE_CONTACT_ENTRIES,
	Q_ACCOUNT_MERGE_CONTACT_DUPS, Q_ACCOUNT_MERGE_CONTACTS, Q_PEOPLE_NAMED,
	Q_PROMPT_CLAIM, Q_PROMPT_SENT, Q_PROMPT_SNOOZE,
	Q_SEQ_ENTRIES, Q_SEQ_DEALS, Q_NUMBER_ENTRY_TAKEN, Q_NUMBER_DEAL_TAKEN, Q_NUMBER_ENTRY_AT,
	Q_NUMBER_DEAL_AT, Q_IMPORT_FIND, Q_IMPORT_LINK, Q_IMPORT_ID_ONCE, Q_PERSON_BY_EMAIL,
	Q_PERSON_EMAIL, Q_OPP_SET_OWNER, Q_HISTORY_RECORDED, Q_HISTORY_STAGE_DAY, Q_ACCOUNT_MERGE_TRAIL,
	Q_ACCOUNT_MERGE_CONTACT_FILL,
	Q_COUNT
};

struct store {
	sqlite3 *db;
	int lock_fd;			/* the one-writer lock file, or -1 */
	int depth;			/* open store_begin()s: 1 a transaction, more savepoints */
	sqlite3_stmt *stmts[Q_COUNT];	/* prepared on first use, finalized at close */
	char errmsg[256];
	int64_t outbox_added;		/* rows store_outbox_add() wrote on this connection */
	char *note;			/* store_entry_last's copy of the note it returns */
};

/* The cached statement for id, prepared from sql on first use; reset and unbound. NULL on
 * failure (errmsg set). */
sqlite3_stmt *store_stmt(struct store *st, enum stmt_id id, const char *sql);
/* Refuses a write the schema would take but the data model does not: STORE_ERR with msg. */
int store_refuse(struct store *st, const char *msg);
/* Maps an SQLite result code to STORE_*, recording the message. */
int store_fail(struct store *st, int rc);
/* Steps s once: STORE_OK with a row to read (the caller resets s after reading it), else
 * STORE_NOTFOUND or the error, with s reset. */
int store_step_one(struct store *st, sqlite3_stmt *s);
/* Steps a statement that returns no rows (or ignores them); resets it. */
int store_exec_stmt(struct store *st, sqlite3_stmt *s);
/* Binds a text of n bytes (copied by SQLite). */
int store_bind_text(sqlite3_stmt *s, int i, const char *p, size_t n);
/* Copies column i as text into out (always NUL-terminated, cut to outlen between two
 * characters). */
void store_col_text(sqlite3_stmt *s, int i, char *out, size_t outlen);
/* A day column that may be NULL. */
int store_col_day(sqlite3_stmt *s, int i);
void store_bind_day(sqlite3_stmt *s, int i, int day);
/* An amount column that may be NULL (-1). */
int64_t store_col_amount(sqlite3_stmt *s, int i);
void store_bind_amount(sqlite3_stmt *s, int i, int64_t cents);
/* ASCII-folded, whitespace-collapsed key for names; returns its length. */
size_t store_fold(const char *in, size_t n, char *out, size_t outlen);

/* Binds ids as a JSON array ([1,2,3]) for `IN (SELECT value FROM json_each(?))`: carray is
 * not in Debian's SQLite. */
int store_bind_ids(sqlite3_stmt *s, int col, const int64_t *ids, int n);

/* A new entry's or deal's number, drawn so it tells nothing of how many others there are, and
 * its seq, the order it was made in (store/numbers.c). */
int store_number_new(struct store *st, enum store_numbered what, int64_t *num, int64_t *seq);

#endif
