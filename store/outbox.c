/*
 * The outbox: outgoing Slack messages as rows, written in the same transaction as the command
 * that produced them and drained by the sender thread (bot/outbox.c) on its own connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define HEAD_COLS "id, kind, channel, user, due_ms, attempts, created_at"

static void
read_head(sqlite3_stmt *s, struct outbox_head *h)
{
	memset(h, 0, sizeof(*h));
	h->id = sqlite3_column_int64(s, 0);
	h->kind = (enum outbox_kind)sqlite3_column_int(s, 1);
	store_col_text(s, 2, h->channel, sizeof(h->channel));
	store_col_text(s, 3, h->user, sizeof(h->user));
	h->due_ms = sqlite3_column_int64(s, 4);
	h->attempts = sqlite3_column_int(s, 5);
	h->created_at = sqlite3_column_int64(s, 6);
}

/* Up to max heads from the bound statement s; how many, or a STORE_* code (negative). */
static int
read_heads(struct store *st, sqlite3_stmt *s, struct outbox_head *heads, int max)
{
	int rc = SQLITE_DONE, n = 0;

	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
		read_head(s, &heads[n++]);
	if (n < max && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_fail(st, rc);
	}
	sqlite3_reset(s);
	return n;
}

int
store_outbox_add(struct store *st, enum outbox_kind kind, const char *channel,
    const char *user, const char *text, const char *blocks, const char *file, size_t file_len,
    const char *file_name, int64_t now_ms, int64_t *id)
{
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_OUTBOX_ADD,
	    "INSERT INTO outbox (kind, channel, user, text, blocks, file, file_name, created_at,"
	    " due_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int(s, 1, (int)kind);
	sqlite3_bind_text(s, 2, channel ? channel : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, user ? user : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, text ? text : "", -1, SQLITE_TRANSIENT);
	if (blocks)
		sqlite3_bind_text(s, 5, blocks, -1, SQLITE_TRANSIENT);
	if (file)
		sqlite3_bind_blob64(s, 6, file, file_len, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, file_name ? file_name : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 8, now_ms / 1000);
	sqlite3_bind_int64(s, 9, now_ms);
	if ((rc = store_exec_stmt(st, s)) == STORE_OK) {
		st->outbox_added++;
		if (id)
			*id = sqlite3_last_insert_rowid(st->db);
	}
	return rc;
}

int
store_outbox_pending(struct store *st, struct outbox_head *heads, int max)
{
	sqlite3_stmt *s = store_stmt(st, Q_OUTBOX_PENDING,
	    "SELECT " HEAD_COLS " FROM outbox WHERE state = 0"
	    " ORDER BY attempts = 0 AND due_ms > created_at * 1000 + 60000, id LIMIT ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int(s, 1, max);
	return read_heads(st, s, heads, max);
}

/*
 * The conversation a row belongs to, in SQL: a channel post by its channel, an ephemeral reply
 * by channel and person, a DM or a file by the person. Rows of one conversation go out in
 * order; bot/outbox.c keys its round-robin the same way.
 */
#define CONV_KEY "CASE kind WHEN 0 THEN '#' || channel WHEN 1 THEN '#' || channel || '/' || user" \
	" ELSE '@' || user END"

int
store_outbox_heads(struct store *st, int64_t now_ms, struct outbox_head *heads, int max)
{
	/* min(id) makes SQLite take the other columns from that row (its bare-column rule), so
	 * this is each conversation's oldest row. A row queued for later and never tried (a
	 * snoozed prompt) holds nothing back until it is due. */
	sqlite3_stmt *s = store_stmt(st, Q_OUTBOX_HEADS,
	    "SELECT " HEAD_COLS ", min(id) FROM outbox"
	    " WHERE state = 0 AND (attempts > 0 OR due_ms <= ?1)"
	    " GROUP BY " CONV_KEY " ORDER BY id LIMIT ?2");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, now_ms);
	sqlite3_bind_int(s, 2, max);
	return read_heads(st, s, heads, max);
}

int
store_outbox_next_later(struct store *st, int64_t now_ms, int64_t *due_ms)
{
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_OUTBOX_LATER,
	    "SELECT min(due_ms) FROM outbox WHERE state = 0 AND attempts = 0 AND due_ms > ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, now_ms);
	if ((rc = store_step_one(st, s)) != STORE_OK)
		return rc;
	rc = sqlite3_column_type(s, 0) == SQLITE_NULL ? STORE_NOTFOUND : STORE_OK;
	if (rc == STORE_OK)
		*due_ms = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc;
}

/* A malloc'd copy of a text or blob column with a NUL after it; NULL (and *len 0) for NULL. */
static char *
col_dup(sqlite3_stmt *s, int i, size_t *len, bool *oom)
{
	const void *p;
	size_t n;
	char *out;

	if (len)
		*len = 0;
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	p = sqlite3_column_blob(s, i);
	n = (size_t)sqlite3_column_bytes(s, i);
	if ((out = malloc(n + 1)) == NULL) {
		*oom = true;
		return NULL;
	}
	if (n)
		memcpy(out, p, n);
	out[n] = '\0';
	if (len)
		*len = n;
	return out;
}

int
store_outbox_get(struct store *st, int64_t id, struct outbox_row *out)
{
	int rc;
	bool oom = false;
	sqlite3_stmt *s = store_stmt(st, Q_OUTBOX_GET,
	    "SELECT " HEAD_COLS ", text, blocks, file, file_name FROM outbox WHERE id = ?");

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_NOTFOUND : store_fail(st, rc);
	}
	read_head(s, &out->h);
	out->text = col_dup(s, 7, NULL, &oom);
	out->blocks = col_dup(s, 8, NULL, &oom);
	out->file = col_dup(s, 9, &out->file_len, &oom);
	store_col_text(s, 10, out->file_name, sizeof(out->file_name));
	sqlite3_reset(s);
	if (!oom && out->text == NULL && (out->text = strdup("")) == NULL)
		oom = true;
	if (oom) {
		store_outbox_row_free(out);
		snprintf(st->errmsg, sizeof(st->errmsg), "out of memory");
		return STORE_ERR;
	}
	return STORE_OK;
}

void
store_outbox_row_free(struct outbox_row *r)
{
	free(r->text);
	free(r->blocks);
	free(r->file);
	memset(r, 0, sizeof(*r));
}

int
store_outbox_sent(struct store *st, int64_t id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, Q_OUTBOX_SENT,
	    "UPDATE outbox SET state = 1, done_at = ?2, attempts = attempts + 1, error = ''"
	    " WHERE id = ?1");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	return store_exec_stmt(st, s);
}

int
store_outbox_retry(struct store *st, int64_t id, int attempts, int64_t due_ms,
    const char *error)
{
	sqlite3_stmt *s = store_stmt(st, Q_OUTBOX_RETRY,
	    "UPDATE outbox SET attempts = ?2, due_ms = ?3, error = ?4 WHERE id = ?1");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, attempts);
	sqlite3_bind_int64(s, 3, due_ms);
	sqlite3_bind_text(s, 4, error ? error : "", -1, SQLITE_TRANSIENT);
	return store_exec_stmt(st, s);
}

int
store_outbox_failed(struct store *st, int64_t id, const char *error, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, Q_OUTBOX_FAILED,
	    "UPDATE outbox SET state = 2, done_at = ?2, attempts = attempts + 1, error = ?3"
	    " WHERE id = ?1");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_text(s, 3, error ? error : "", -1, SQLITE_TRANSIENT);
	return store_exec_stmt(st, s);
}

int
store_outbox_prune(struct store *st, int64_t before)
{
	sqlite3_stmt *s = store_stmt(st, Q_OUTBOX_PRUNE,
	    "DELETE FROM outbox WHERE state <> 0 AND done_at < ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, before);
	return store_exec_stmt(st, s);
}

int64_t
store_outbox_count(struct store *st, enum outbox_state state)
{
	int64_t n = -1;
	sqlite3_stmt *s = store_stmt(st, Q_OUTBOX_COUNT,
	    "SELECT count(*) FROM outbox WHERE state = ?");

	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, (int)state);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}

int64_t
store_outbox_added(const struct store *st)
{
	return st->outbox_added;
}
