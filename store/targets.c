/* Yearly targets, key-value settings, and clearing the demo team. */
#include <stdio.h>

#include "store/store_int.h"

int
store_target_set(struct store *st, int64_t person_id, int year, int64_t cents)
{
	sqlite3_stmt *s = store_stmt(st, Q_TARGET_SET,
	    "INSERT INTO targets (person_id, year, amount) VALUES (?, ?, ?)"
	    " ON CONFLICT (person_id, year) DO UPDATE SET amount = excluded.amount");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_int64(s, 3, cents);
	return store_exec_stmt(st, s);
}

int
store_target_get(struct store *st, int64_t person_id, int year, int64_t *cents)
{
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_TARGET_GET,
	    "SELECT amount FROM targets WHERE person_id = ? AND year = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int(s, 2, year);
	if ((rc = store_step_one(st, s)) == STORE_OK) {
		*cents = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
	}
	return rc;
}

int
store_setting_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = store_stmt(st, Q_SETTING_SET,
	    "INSERT INTO settings (key, value) VALUES (?, ?)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
	return store_exec_stmt(st, s);
}

int
store_setting_get(struct store *st, const char *key, char *out, size_t outlen)
{
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_SETTING_GET, "SELECT value FROM settings WHERE key = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	if ((rc = store_step_one(st, s)) == STORE_OK) {
		store_col_text(s, 0, out, outlen);
		sqlite3_reset(s);
	}
	return rc;
}

int
store_demo_clear(struct store *st, int *people)
{
	static const char *const steps[] = {
		"DELETE FROM entries WHERE person_id IN (SELECT id FROM people WHERE sample)",
		"DELETE FROM opportunities WHERE owner_id IN (SELECT id FROM people WHERE sample)",
		"DELETE FROM targets WHERE person_id IN (SELECT id FROM people WHERE sample)",
		"UPDATE people SET manager_id = NULL WHERE manager_id IN"
		" (SELECT id FROM people WHERE sample)",
		"DELETE FROM people WHERE sample",
		"DELETE FROM accounts WHERE sample"
		" AND NOT EXISTS (SELECT 1 FROM entries WHERE account_id = accounts.id)"
		" AND NOT EXISTS (SELECT 1 FROM opportunities WHERE account_id = accounts.id)",
	};
	char *msg = NULL;

	*people = 0;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		int rc = sqlite3_exec(st->db, steps[i], NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			snprintf(st->errmsg, sizeof(st->errmsg), "%s", msg ? msg : "");
			sqlite3_free(msg);
			return STORE_ERR;
		}
		if (i == 4)
			*people = sqlite3_changes(st->db);
	}
	return STORE_OK;
}
