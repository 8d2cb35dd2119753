/* Weekly prompts sent: the unique (person, kind, week) row that makes a prompt go out once. */
#include "store/store_int.h"

int
store_prompt_claim(struct store *st, int64_t person_id, enum prompt_kind kind, const char *week,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, Q_PROMPT_CLAIM,
	    "INSERT INTO prompts (person_id, kind, week, sent_at) VALUES (?, ?, ?, ?)"
	    " ON CONFLICT (person_id, kind, week) DO NOTHING");
	int rc;

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int(s, 2, kind);
	sqlite3_bind_text(s, 3, week, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, now);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		return rc;
	return sqlite3_changes(st->db) == 1 ? STORE_OK : STORE_DUPLICATE;
}

int
store_prompt_sent(struct store *st, int64_t person_id, enum prompt_kind kind, const char *week)
{
	sqlite3_stmt *s = store_stmt(st, Q_PROMPT_SENT,
	    "SELECT 1 FROM prompts WHERE person_id = ? AND kind = ? AND week = ?");
	int rc;

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int(s, 2, kind);
	sqlite3_bind_text(s, 3, week, -1, SQLITE_TRANSIENT);
	if ((rc = store_step_one(st, s)) == STORE_OK)
		sqlite3_reset(s);
	return rc;
}

int
store_prompt_snooze(struct store *st, int64_t person_id, enum prompt_kind kind, const char *week)
{
	sqlite3_stmt *s = store_stmt(st, Q_PROMPT_SNOOZE,
	    "UPDATE prompts SET snoozed = 1 WHERE person_id = ? AND kind = ? AND week = ?"
	    " AND snoozed = 0");
	int rc;

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int(s, 2, kind);
	sqlite3_bind_text(s, 3, week, -1, SQLITE_TRANSIENT);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		return rc;
	if (sqlite3_changes(st->db) == 1)
		return STORE_OK;
	return store_prompt_sent(st, person_id, kind, week) == STORE_OK ? STORE_DUPLICATE :
	    STORE_NOTFOUND;
}
