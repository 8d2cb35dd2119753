/* Accounts: the customers, matched by their whole name regardless of case. */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

int
store_account_find(struct store *st, const char *name, size_t len, int64_t *id,
    char *name_out, size_t name_outlen)
{
	char key[512];
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_ACCOUNT_FIND,
	    "SELECT id, name FROM accounts WHERE name_key = ?");

	if (s == NULL)
		return STORE_ERR;
	store_fold(name, len, key, sizeof(key));
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	if ((rc = store_step_one(st, s)) == STORE_OK) {
		*id = sqlite3_column_int64(s, 0);
		if (name_out)
			store_col_text(s, 1, name_out, name_outlen);
		sqlite3_reset(s);
	}
	return rc;
}

int
store_account_create(struct store *st, const char *name, size_t len, bool sample, int64_t now,
    int64_t *id)
{
	char key[512];
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_ACCOUNT_INSERT,
	    "INSERT INTO accounts (name, name_key, sample, created_at) VALUES (?, ?, ?, ?)");

	if (s == NULL)
		return STORE_ERR;
	store_bind_text(s, 1, name, len);
	store_fold(name, len, key, sizeof(key));
	sqlite3_bind_text(s, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 3, sample);
	sqlite3_bind_int64(s, 4, now);
	if ((rc = store_exec_stmt(st, s)) == STORE_OK)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int
store_account_rename(struct store *st, int64_t id, const char *name, size_t len)
{
	char key[512];
	int64_t other;
	sqlite3_stmt *s;

	store_fold(name, len, key, sizeof(key));
	if (store_account_find(st, name, len, &other, NULL, 0) == STORE_OK && other != id)
		return STORE_AMBIGUOUS;
	if ((s = store_stmt(st, Q_ACCOUNT_RENAME,
	    "UPDATE accounts SET name = ?, name_key = ? WHERE id = ?")) == NULL)
		return STORE_ERR;
	store_bind_text(s, 1, name, len);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, id);
	return store_exec_stmt(st, s);
}

int
store_account_name(struct store *st, int64_t id, char *out, size_t outlen)
{
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_ACCOUNT_NAME, "SELECT name FROM accounts WHERE id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_step_one(st, s)) == STORE_OK) {
		store_col_text(s, 0, out, outlen);
		sqlite3_reset(s);
	}
	return rc;
}

int
store_account_delete_if_unused(struct store *st, int64_t id, bool *deleted)
{
	sqlite3_stmt *s = store_stmt(st, Q_ACCOUNT_USED,
	    "SELECT EXISTS (SELECT 1 FROM entries WHERE account_id = ?1)"
	    " OR EXISTS (SELECT 1 FROM opportunities WHERE account_id = ?1)");
	int rc, used;

	*deleted = false;
	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, rc);
	}
	used = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (used)
		return STORE_OK;
	if ((s = store_stmt(st, Q_ACCOUNT_DELETE, "DELETE FROM accounts WHERE id = ?")) == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_exec_stmt(st, s)) == STORE_OK)
		*deleted = true;
	return rc;
}
