/*
 * The audit trail of corrections: each edit and delete of an entry, who made it and when,
 * the field before and after. commands/corrections.c writes a row in the same transaction as
 * the change, so a rep's numbers never change without a trace.
 */
#include <stdint.h>
#include <string.h>

#include "store/store_int.h"

int
store_change_add(struct store *st, const struct change *c)
{
	sqlite3_stmt *s = store_stmt(st, Q_CHANGE_ADD,
	    "INSERT INTO entry_changes (entry_id, opp_id, person_id, by_id, at, what, before,"
	    " after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, c->entry_id);
	if (c->opp_id)
		sqlite3_bind_int64(s, 2, c->opp_id);
	sqlite3_bind_int64(s, 3, c->person_id);
	sqlite3_bind_int64(s, 4, c->by_id);
	sqlite3_bind_int64(s, 5, c->at);
	sqlite3_bind_text(s, 6, c->what, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, c->before, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 8, c->after, -1, SQLITE_TRANSIENT);
	return store_exec_stmt(st, s);
}

int
store_changes_each(struct store *st, int64_t entry_id, int64_t opp_id, int64_t person,
    int max, store_change_fn fn, void *arg)
{
	/* The newest max of the rows asked for, then put back in the order they were made. */
	sqlite3_stmt *s = store_stmt(st, Q_CHANGES,
	    "SELECT * FROM (SELECT id, entry_id, coalesce(opp_id, 0), person_id, by_id, at, what,"
	    " before, after FROM entry_changes"
	    " WHERE (?1 > 0 AND entry_id = ?1) OR (?1 = 0 AND ?2 > 0 AND opp_id = ?2)"
	    " OR (?1 = 0 AND ?2 = 0 AND person_id = ?3) ORDER BY id DESC LIMIT ?4) ORDER BY id");
	struct change c;
	int rc;

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, entry_id);
	sqlite3_bind_int64(s, 2, opp_id);
	sqlite3_bind_int64(s, 3, person);
	sqlite3_bind_int(s, 4, max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c.id = sqlite3_column_int64(s, 0);
		c.entry_id = sqlite3_column_int64(s, 1);
		c.opp_id = sqlite3_column_int64(s, 2);
		c.person_id = sqlite3_column_int64(s, 3);
		c.by_id = sqlite3_column_int64(s, 4);
		c.at = sqlite3_column_int64(s, 5);
		c.what = (const char *)sqlite3_column_text(s, 6);
		c.before = (const char *)sqlite3_column_text(s, 7);
		c.after = (const char *)sqlite3_column_text(s, 8);
		if (fn(&c, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}
