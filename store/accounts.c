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
	    " OR EXISTS (SELECT 1 FROM opportunities WHERE account_id = ?1)"
	    " OR EXISTS (SELECT 1 FROM contacts WHERE account_id = ?1)");
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

int
store_accounts_each(struct store *st, store_account_fn fn, void *arg)
{
	char name[4 * STORE_ACCOUNT_MAX + 4];
	sqlite3_stmt *s = store_stmt(st, Q_ACCOUNTS_EACH, "SELECT id, name FROM accounts ORDER BY id");
	int rc;

	if (s == NULL)
		return STORE_ERR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_col_text(s, 1, name, sizeof(name));
		if (fn(sqlite3_column_int64(s, 0), name, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}

int
store_accounts_of(struct store *st, const int64_t *people, int npeople,
    store_account_row_fn fn, void *arg)
{
	char name[4 * STORE_ACCOUNT_MAX + 4];
	struct account_row r;
	sqlite3_stmt *s;
	int rc;

	/* Prepared per call, like store_entries_each: the id list varies. */
	rc = sqlite3_prepare_v2(st->db,
	    "WITH who(id) AS (SELECT value FROM json_each(?1)),"
	    " mine(id, last) AS (SELECT account_id, max(day) FROM entries"
	    "   WHERE person_id IN (SELECT id FROM who) GROUP BY account_id)"
	    " SELECT a.id, a.name, mine.last,"
	    "  (SELECT count(*) FROM opportunities o WHERE o.account_id = a.id AND o.stage <= 3"
	    "    AND o.owner_id IN (SELECT id FROM who)),"
	    "  (SELECT coalesce(sum(o.amount), 0) FROM opportunities o WHERE o.account_id = a.id"
	    "    AND o.stage <= 3 AND o.amount IS NOT NULL AND o.owner_id IN (SELECT id FROM who))"
	    " FROM mine JOIN accounts a ON a.id = mine.id"
	    " ORDER BY 4 DESC, 3 DESC, a.name", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc);
	if (store_bind_ids(s, 1, people, npeople) != STORE_OK) {
		sqlite3_finalize(s);
		return STORE_ERR;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_col_text(s, 1, name, sizeof(name));
		r = (struct account_row){ .id = sqlite3_column_int64(s, 0), .name = name,
			.last_day = sqlite3_column_int(s, 2), .open = sqlite3_column_int(s, 3),
			.open_amount = sqlite3_column_int64(s, 4) };
		if (fn(&r, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}

int
store_account_merge(struct store *st, const struct account_merge *m, int moved[3])
{
	/* The moved entries did not create the account they now name: undo must not delete it. */
	static const char *const sql[] = {
		/* Each moved entry's trail says so: a rep's numbers never change silently. */
		"INSERT INTO entry_changes (entry_id, opp_id, person_id, by_id, at, what, before,"
		" after) SELECT id, opp_id, person_id, ?3, ?4, 'account', ?5, ?6 FROM entries"
		" WHERE account_id = ?1",
		"UPDATE entries SET account_id = ?2, created_account = 0 WHERE account_id = ?1",
		"UPDATE opportunities SET account_id = ?2 WHERE account_id = ?1",
		/* A contact both accounts have becomes the kept account's one, keeping a title
		 * or an email only the other one had. */
		"UPDATE contacts AS k SET title = CASE k.title WHEN '' THEN c.title ELSE k.title END,"
		" email = CASE k.email WHEN '' THEN c.email ELSE k.email END FROM contacts AS c"
		" WHERE k.account_id = ?2 AND c.account_id = ?1 AND c.name_key = k.name_key",
		"UPDATE entries SET contact_id = (SELECT k.id FROM contacts k JOIN contacts c"
		" ON c.name_key = k.name_key WHERE c.id = entries.contact_id AND k.account_id = ?2)"
		" WHERE contact_id IN (SELECT c.id FROM contacts c JOIN contacts k"
		" ON k.name_key = c.name_key AND k.account_id = ?2 WHERE c.account_id = ?1)",
		"DELETE FROM contacts WHERE account_id = ?1 AND name_key IN"
		" (SELECT name_key FROM contacts WHERE account_id = ?2)",
		"UPDATE contacts SET account_id = ?2 WHERE account_id = ?1",
		"DELETE FROM accounts WHERE id = ?1",
	};
	static const enum stmt_id ids[] = { Q_ACCOUNT_MERGE_TRAIL, Q_ACCOUNT_MERGE_ENTRIES,
		Q_ACCOUNT_MERGE_OPPS, Q_ACCOUNT_MERGE_CONTACT_FILL, Q_ACCOUNT_MERGE_CONTACT_ENTRIES,
		Q_ACCOUNT_MERGE_CONTACT_DUPS, Q_ACCOUNT_MERGE_CONTACTS, Q_ACCOUNT_DELETE_MERGED };
	int rc;

	if (m->from == m->into)
		return STORE_AMBIGUOUS;
	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	moved[0] = moved[1] = moved[2] = 0;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *s = store_stmt(st, ids[i], sql[i]);
		if (s == NULL) {
			rc = STORE_ERR;
			break;
		}
		sqlite3_bind_int64(s, 1, m->from);
		sqlite3_bind_int64(s, 2, m->into);
		if (i == 0) {
			sqlite3_bind_int64(s, 3, m->by_id);
			sqlite3_bind_int64(s, 4, m->now);
			sqlite3_bind_text(s, 5, m->from_name, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 6, m->into_name, -1, SQLITE_TRANSIENT);
		}
		if ((rc = store_exec_stmt(st, s)) != STORE_OK)
			break;
		if (i == 1 || i == 2)
			moved[i - 1] = sqlite3_changes(st->db);
		if (i == 5)
			moved[2] = sqlite3_changes(st->db);
	}
	if (rc != STORE_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}
