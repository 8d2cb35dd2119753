/* Entries: every call, email, meeting, demo and stage move a rep logs, with what undo needs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

static const char *const kind_names[KIND_COUNT] = {
	"call", "email", "meeting", "demo", "lead", "qualified", "proposal", "verbal", "won", "lost",
};

const char *
store_kind_name(enum kind k)
{
	return (unsigned)k < KIND_COUNT ? kind_names[k] : "?";
}

#define ENTRY_COLS "e.id, e.person_id, e.account_id, coalesce(e.opp_id, 0), e.kind, e.day," \
	" e.created_at, e.amount, e.note, e.created_account, e.created_opp," \
	" e.prev_stage IS NOT NULL, e.prev_amount, coalesce(e.prev_stage, 0)," \
	" coalesce(e.prev_reached, 0), e.prev_closed_day, coalesce(e.prev_stage_day, 0), a.name," \
	" coalesce(e.contact_id, 0)"

static void
read_entry(sqlite3_stmt *s, struct entry *e)
{
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(s, 0);
	e->person_id = sqlite3_column_int64(s, 1);
	e->account_id = sqlite3_column_int64(s, 2);
	e->opp_id = sqlite3_column_int64(s, 3);
	e->kind = (enum kind)sqlite3_column_int(s, 4);
	e->day = sqlite3_column_int(s, 5);
	e->created_at = sqlite3_column_int64(s, 6);
	e->amount = store_col_amount(s, 7);
	e->note = (const char *)sqlite3_column_text(s, 8);
	e->note = e->note ? e->note : "";
	e->note_len = (size_t)sqlite3_column_bytes(s, 8);
	e->created_account = sqlite3_column_int(s, 9) != 0;
	e->created_opp = sqlite3_column_int(s, 10) != 0;
	e->has_prev = sqlite3_column_int(s, 11) != 0;
	e->prev.amount = store_col_amount(s, 12);
	e->prev.stage = sqlite3_column_int(s, 13);
	e->prev.reached = sqlite3_column_int(s, 14);
	e->prev.closed_day = store_col_day(s, 15);
	e->prev.stage_day = sqlite3_column_int(s, 16);
	e->contact_id = sqlite3_column_int64(s, 18);
}

int
store_entry_add(struct store *st, struct entry *e)
{
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_ENTRY_INSERT,
	    "INSERT INTO entries (person_id, account_id, opp_id, kind, day, created_at, amount,"
	    " note, created_account, created_opp, prev_amount, prev_stage, prev_reached,"
	    " prev_closed_day, prev_stage_day, contact_id, id, seq)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int64_t num, seq;

	if (s == NULL)
		return STORE_ERR;
	if ((rc = store_number_new(st, STORE_NUM_ENTRY, &num, &seq)) != STORE_OK)
		return rc;
	sqlite3_bind_int64(s, 1, e->person_id);
	sqlite3_bind_int64(s, 2, e->account_id);
	if (e->opp_id)
		sqlite3_bind_int64(s, 3, e->opp_id);
	sqlite3_bind_int(s, 4, e->kind);
	sqlite3_bind_int(s, 5, e->day);
	sqlite3_bind_int64(s, 6, e->created_at);
	store_bind_amount(s, 7, e->amount);
	store_bind_text(s, 8, e->note, e->note_len);
	sqlite3_bind_int(s, 9, e->created_account);
	sqlite3_bind_int(s, 10, e->created_opp);
	if (e->has_prev) {
		store_bind_amount(s, 11, e->prev.amount);
		sqlite3_bind_int(s, 12, e->prev.stage);
		sqlite3_bind_int(s, 13, e->prev.reached);
		store_bind_day(s, 14, e->prev.closed_day);
		sqlite3_bind_int(s, 15, e->prev.stage_day);
	}
	if (e->contact_id)
		sqlite3_bind_int64(s, 16, e->contact_id);
	sqlite3_bind_int64(s, 17, num);
	sqlite3_bind_int64(s, 18, seq);
	if ((rc = store_exec_stmt(st, s)) == STORE_OK)
		e->id = num;
	return rc;
}

/* Steps s for one entry and copies its note, so the statement can be reset: a stepped
 * statement would hold a read snapshot open and keep the WAL from being checkpointed. */
static int
one_entry(struct store *st, sqlite3_stmt *s, struct entry *out)
{
	int rc;

	if ((rc = store_step_one(st, s)) != STORE_OK)
		return rc;
	read_entry(s, out);
	free(st->note);
	if ((st->note = strndup(out->note, out->note_len)) == NULL) {
		sqlite3_reset(s);
		return STORE_ERR;
	}
	out->note = st->note;
	sqlite3_reset(s);
	return STORE_OK;
}

int
store_entry_last(struct store *st, int64_t person_id, struct entry *out)
{
	sqlite3_stmt *s = store_stmt(st, Q_ENTRY_LAST,
	    "SELECT " ENTRY_COLS " FROM entries e JOIN accounts a ON a.id = e.account_id"
	    " WHERE e.person_id = ? ORDER BY e.seq DESC LIMIT 1");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person_id);
	return one_entry(st, s, out);
}

int
store_entry_get(struct store *st, int64_t id, struct entry *out)
{
	sqlite3_stmt *s = store_stmt(st, Q_ENTRY_GET,
	    "SELECT " ENTRY_COLS " FROM entries e JOIN accounts a ON a.id = e.account_id"
	    " WHERE e.id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	return one_entry(st, s, out);
}

int
store_entry_beside(struct store *st, const struct entry *e, bool after, struct entry *out)
{
	sqlite3_stmt *s = after ? store_stmt(st, Q_ENTRY_AFTER,
	    "SELECT " ENTRY_COLS " FROM entries e JOIN accounts a ON a.id = e.account_id"
	    " WHERE e.opp_id = ?1 AND e.seq > (SELECT seq FROM entries WHERE id = ?2)"
	    " ORDER BY e.seq LIMIT 1") :
	    store_stmt(st, Q_ENTRY_BEFORE,
	    "SELECT " ENTRY_COLS " FROM entries e JOIN accounts a ON a.id = e.account_id"
	    " WHERE e.opp_id = ?1 AND e.seq < (SELECT seq FROM entries WHERE id = ?2)"
	    " ORDER BY e.seq DESC LIMIT 1");
	int rc;

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, e->opp_id);
	sqlite3_bind_int64(s, 2, e->id);
	if ((rc = store_step_one(st, s)) != STORE_OK)
		return rc;
	read_entry(s, out);
	out->note = "";
	out->note_len = 0;
	sqlite3_reset(s);
	return STORE_OK;
}

int
store_entry_update(struct store *st, const struct entry *e)
{
	sqlite3_stmt *s = store_stmt(st, Q_ENTRY_UPDATE,
	    "UPDATE entries SET kind = ?, account_id = ?, day = ?, amount = ?, note = ?,"
	    " prev_amount = ?, prev_stage = ?, prev_reached = ?, prev_closed_day = ?,"
	    " prev_stage_day = ?, created_account = ?, contact_id = ? WHERE id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int(s, 1, e->kind);
	sqlite3_bind_int64(s, 2, e->account_id);
	sqlite3_bind_int(s, 3, e->day);
	store_bind_amount(s, 4, e->amount);
	store_bind_text(s, 5, e->note, e->note_len);
	if (e->has_prev) {
		store_bind_amount(s, 6, e->prev.amount);
		sqlite3_bind_int(s, 7, e->prev.stage);
		sqlite3_bind_int(s, 8, e->prev.reached);
		store_bind_day(s, 9, e->prev.closed_day);
		sqlite3_bind_int(s, 10, e->prev.stage_day);
	}
	sqlite3_bind_int(s, 11, e->created_account);
	if (e->contact_id)
		sqlite3_bind_int64(s, 12, e->contact_id);
	sqlite3_bind_int64(s, 13, e->id);
	return store_exec_stmt(st, s);
}

int
store_history_set_day(struct store *st, int64_t entry_id, int day)
{
	sqlite3_stmt *s = store_stmt(st, Q_HISTORY_SET_DAY,
	    "UPDATE stage_history SET day = ? WHERE entry_id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int(s, 1, day);
	sqlite3_bind_int64(s, 2, entry_id);
	return store_exec_stmt(st, s);
}

int
store_entry_delete(struct store *st, int64_t id)
{
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_ENTRY_HISTORY_DELETE,
	    "DELETE FROM stage_history WHERE entry_id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, Q_ENTRY_DELETE, "DELETE FROM entries WHERE id = ?")) == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	return store_exec_stmt(st, s);
}

/* Steps s, calling fn with each entry and its account name. */
static int
each_entry(struct store *st, sqlite3_stmt *s, store_entry_fn fn, void *arg)
{
	struct entry e;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_entry(s, &e);
		if (fn(&e, (const char *)sqlite3_column_text(s, 17), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}

int
store_entries_recent(struct store *st, int64_t person_id, int n, store_entry_fn fn, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, Q_ENTRIES_RECENT,
	    "SELECT " ENTRY_COLS " FROM entries e JOIN accounts a ON a.id = e.account_id"
	    " WHERE e.person_id = ? ORDER BY e.seq DESC LIMIT ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int(s, 2, n);
	return each_entry(st, s, fn, arg);
}

int
store_deal_entries(struct store *st, const struct opp *o, int to, store_entry_fn fn, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, Q_DEAL_ENTRIES,
	    "SELECT " ENTRY_COLS " FROM entries e JOIN accounts a ON a.id = e.account_id"
	    " WHERE e.opp_id = ?1 OR (e.opp_id IS NULL AND e.kind <= ?2 AND e.person_id = ?3"
	    " AND e.account_id = ?4 AND e.day BETWEEN ?5 AND ?6) ORDER BY e.day, e.seq");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, o->id);
	sqlite3_bind_int(s, 2, KIND_DEMO);
	sqlite3_bind_int64(s, 3, o->owner_id);
	sqlite3_bind_int64(s, 4, o->account_id);
	sqlite3_bind_int(s, 5, o->created_day);
	sqlite3_bind_int(s, 6, to);
	return each_entry(st, s, fn, arg);
}

int
store_entries_each(struct store *st, const int64_t *people, int npeople, int from, int to,
    store_entry_fn fn, void *arg)
{
	sqlite3_stmt *s;
	int rc;

	/* Prepared per call: the IN list's length varies. carray is not in Debian's build. */
	rc = sqlite3_prepare_v2(st->db,
	    "SELECT " ENTRY_COLS " FROM entries e JOIN accounts a ON a.id = e.account_id"
	    " WHERE e.day BETWEEN ?1 AND ?2 AND e.person_id IN"
	    " (SELECT value FROM json_each(?3)) ORDER BY e.day, e.seq", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc);
	sqlite3_bind_int(s, 1, from);
	sqlite3_bind_int(s, 2, to);
	if (store_bind_ids(s, 3, people, npeople) != STORE_OK) {
		sqlite3_finalize(s);
		return STORE_ERR;
	}
	rc = each_entry(st, s, fn, arg);
	sqlite3_finalize(s);
	return rc;
}

int
store_entry_counts(struct store *st, int64_t person_id, int from, int to, int counts[KIND_COUNT])
{
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_ENTRY_COUNTS,
	    "SELECT kind, count(*) FROM entries WHERE person_id = ? AND day BETWEEN ? AND ?"
	    " GROUP BY kind");

	memset(counts, 0, sizeof(int) * KIND_COUNT);
	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int(s, 2, from);
	sqlite3_bind_int(s, 3, to);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int k = sqlite3_column_int(s, 0);
		if (k >= 0 && k < KIND_COUNT)
			counts[k] = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}

int
store_first_day(struct store *st, const int64_t *people, int npeople, int *day)
{
	int rc, found = 0;
	sqlite3_stmt *s = store_stmt(st, Q_FIRST_DAY,
	    "SELECT min(day) FROM entries WHERE person_id = ?");

	if (s == NULL)
		return STORE_ERR;
	for (int i = 0; i < npeople; i++) {
		sqlite3_bind_int64(s, 1, people[i]);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
			int d = sqlite3_column_int(s, 0);
			if (!found++ || d < *day)
				*day = d;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW)
			return store_fail(st, rc);
	}
	return found ? STORE_OK : STORE_NOTFOUND;
}
