/*
 * What an import needs of the store beyond logging's own calls: the link from a CRM's
 * (source, external id) to the deal it became, the ids already seen in this file, the people
 * it matches by email or creates, and a deal's owner, account and recorded stage days.
 */
#include <string.h>

#include "store/store_int.h"

int
store_import_find(struct store *st, const char *source, const char *ext_id, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, Q_IMPORT_FIND,
	    "SELECT coalesce(opp_id, entry_id) FROM imported WHERE source = ? AND external_id = ?");
	int rc;

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, source, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, ext_id, -1, SQLITE_TRANSIENT);
	if ((rc = store_step_one(st, s)) != STORE_OK)
		return rc;
	*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return STORE_OK;
}

int
store_import_link(struct store *st, const char *source, const char *ext_id, int64_t opp_id,
    int64_t entry_id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, Q_IMPORT_LINK,
	    "INSERT INTO imported (source, external_id, opp_id, entry_id, imported_at)"
	    " VALUES (?, ?, ?, ?, ?)");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, source, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, ext_id, -1, SQLITE_TRANSIENT);
	if (opp_id)
		sqlite3_bind_int64(s, 3, opp_id);
	if (entry_id)
		sqlite3_bind_int64(s, 4, entry_id);
	sqlite3_bind_int64(s, 5, now);
	return store_exec_stmt(st, s);
}

int
store_history_set_stage(struct store *st, int64_t opp_id, int stage, int day, bool implied)
{
	sqlite3_stmt *s = store_stmt(st, Q_HISTORY_STAGE_DAY,
	    "UPDATE stage_history SET day = ?3, implied = ?4 WHERE opp_id = ?1 AND stage = ?2");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, opp_id);
	sqlite3_bind_int(s, 2, stage);
	sqlite3_bind_int(s, 3, day);
	sqlite3_bind_int(s, 4, implied);
	return store_exec_stmt(st, s);
}

int
store_import_ids_reset(struct store *st)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, "CREATE TEMP TABLE IF NOT EXISTS import_ids"
	    " (id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.import_ids", NULL, NULL, &msg);

	sqlite3_free(msg);
	return rc == SQLITE_OK ? STORE_OK : store_fail(st, rc);
}

int
store_import_id_once(struct store *st, const char *ext_id)
{
	sqlite3_stmt *s = store_stmt(st, Q_IMPORT_ID_ONCE,
	    "INSERT OR IGNORE INTO temp.import_ids (id) VALUES (?)");
	int rc;

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, ext_id, -1, SQLITE_TRANSIENT);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		return rc;
	return sqlite3_changes(st->db) == 1 ? STORE_OK : STORE_AMBIGUOUS;
}

int
store_person_by_email(struct store *st, const char *email, struct person *out)
{
	sqlite3_stmt *s = store_stmt(st, Q_PERSON_BY_EMAIL,
	    "SELECT platform_id FROM people WHERE email = lower(?) AND email <> '' ORDER BY id"
	    " LIMIT 1");
	char platform[sizeof(out->platform_id)];
	int rc;

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, email, -1, SQLITE_TRANSIENT);
	if ((rc = store_step_one(st, s)) != STORE_OK)
		return rc;
	store_col_text(s, 0, platform, sizeof(platform));
	sqlite3_reset(s);
	return store_person_by_platform(st, platform, out);
}

int
store_person_set_email(struct store *st, int64_t id, const char *email, bool imported)
{
	sqlite3_stmt *s = store_stmt(st, Q_PERSON_EMAIL,
	    "UPDATE people SET email = CASE ?2 WHEN '' THEN email ELSE lower(?2) END,"
	    " imported = imported OR ?3 WHERE id = ?1");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, email ? email : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 3, imported);
	return store_exec_stmt(st, s);
}

int
store_opp_set_owner(struct store *st, int64_t id, int64_t owner_id, int64_t account_id)
{
	sqlite3_stmt *s = store_stmt(st, Q_OPP_SET_OWNER,
	    "UPDATE opportunities SET owner_id = ?2, account_id = ?3 WHERE id = ?1");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, owner_id);
	sqlite3_bind_int64(s, 3, account_id);
	return store_exec_stmt(st, s);
}

int
store_history_recorded(struct store *st, int64_t opp_id, int day[6])
{
	sqlite3_stmt *s = store_stmt(st, Q_HISTORY_RECORDED,
	    "SELECT stage, min(day) FROM stage_history WHERE opp_id = ? AND implied = 0"
	    " GROUP BY stage");
	int rc;

	if (s == NULL)
		return STORE_ERR;
	for (int i = 0; i < 6; i++)
		day[i] = STORE_NO_DAY;
	sqlite3_bind_int64(s, 1, opp_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int stage = sqlite3_column_int(s, 0);

		if (stage >= 0 && stage < 6)
			day[stage] = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}
