/*
 * Envelopes and events already answered: bot/slack.c records each envelope_id and event_id
 * with the reply it gave, in the command's transaction, so a redelivery (even after a restart)
 * is answered the same way and not applied twice. Pruned after a week.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int
store_seen_get(struct store *st, const char *key, char **reply)
{
	return store_seen_since(st, key, INT64_MIN, INT64_MAX, reply);
}

/* Writes key with reply (may be NULL) as of now by sql, one of the two inserts below. */
static int
put(struct store *st, enum stmt_id id, const char *sql, const char *key, const char *reply,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, id, sql);

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	if (reply)
		sqlite3_bind_text(s, 2, reply, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, now);
	return store_exec_stmt(st, s);
}

int
store_seen_add(struct store *st, const char *key, const char *reply, int64_t now)
{
	return put(st, Q_SEEN_ADD, "INSERT INTO seen (key, reply, created_at) VALUES (?, ?, ?)"
	    " ON CONFLICT (key) DO NOTHING", key, reply, now);
}

int
store_seen_prune(struct store *st, int64_t before)
{
	sqlite3_stmt *s = store_stmt(st, Q_SEEN_PRUNE, "DELETE FROM seen WHERE created_at < ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, before);
	return store_exec_stmt(st, s);
}

int
store_seen_since(struct store *st, const char *key, int64_t since, int64_t until,
    char **reply)
{
	const unsigned char *t;
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_SEEN_GET,
	    "SELECT reply FROM seen WHERE key = ? AND created_at BETWEEN ? AND ?");

	*reply = NULL;
	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, since);
	sqlite3_bind_int64(s, 3, until);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_NOTFOUND : store_fail(st, rc);
	}
	if ((t = sqlite3_column_text(s, 0)) != NULL && (*reply = strdup((const char *)t)) == NULL)
		rc = SQLITE_NOMEM;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : store_fail(st, rc);
}

int
store_seen_set(struct store *st, const char *key, const char *reply, int64_t now)
{
	return put(st, Q_SEEN_SET, "INSERT INTO seen (key, reply, created_at) VALUES (?, ?, ?)"
	    " ON CONFLICT (key) DO UPDATE SET reply = excluded.reply,"
	    " created_at = excluded.created_at", key, reply, now);
}

int
store_seen_del(struct store *st, const char *key)
{
	sqlite3_stmt *s = store_stmt(st, Q_SEEN_DEL, "DELETE FROM seen WHERE key = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	return store_exec_stmt(st, s);
}

int
store_seen_each(struct store *st, char prefix, store_seen_fn fn, void *arg)
{
	/* Keys are "<prefix>:...", so the prefix's rows are those from "<prefix>:" to "<prefix>;". */
	char lo[3] = { prefix, ':', '\0' }, hi[3] = { prefix, ';', '\0' };
	sqlite3_stmt *s = store_stmt(st, Q_SEEN_EACH, "SELECT key, reply, created_at FROM seen"
	    " WHERE key >= ? AND key < ? ORDER BY created_at, key");
	int rc;

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, hi, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *reply = (const char *)sqlite3_column_text(s, 1);
		if (fn((const char *)sqlite3_column_text(s, 0), reply ? reply : "",
		    sqlite3_column_int64(s, 2), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}

int64_t
store_changes(struct store *st)
{
	return sqlite3_total_changes64(st->db);
}
