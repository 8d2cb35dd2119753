/* Opportunities and their stage history. */
#include <string.h>

#include "store/store_int.h"

#define OPP_COLS "o.id, o.account_id, o.owner_id, o.created_day, o.amount, o.stage, o.reached," \
	" o.closed_day, o.stage_day, a.name"

static void
read_opp(sqlite3_stmt *s, struct opp *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(s, 0);
	o->account_id = sqlite3_column_int64(s, 1);
	o->owner_id = sqlite3_column_int64(s, 2);
	o->created_day = sqlite3_column_int(s, 3);
	o->s.amount = store_col_amount(s, 4);
	o->s.stage = sqlite3_column_int(s, 5);
	o->s.reached = sqlite3_column_int(s, 6);
	o->s.closed_day = store_col_day(s, 7);
	o->s.stage_day = sqlite3_column_int(s, 8);
	store_col_text(s, 9, o->account, sizeof(o->account));
}

static int
one_opp(struct store *st, sqlite3_stmt *s, struct opp *out)
{
	int rc = store_step_one(st, s);

	if (rc == STORE_OK) {
		read_opp(s, out);
		sqlite3_reset(s);
	}
	return rc;
}

int
store_opp_get(struct store *st, int64_t id, struct opp *out)
{
	sqlite3_stmt *s = store_stmt(st, Q_OPP_GET, "SELECT " OPP_COLS
	    " FROM opportunities o JOIN accounts a ON a.id = o.account_id WHERE o.id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	return one_opp(st, s, out);
}

int
store_opp_open_for(struct store *st, int64_t owner_id, int64_t account_id, struct opp *out)
{
	sqlite3_stmt *s = store_stmt(st, Q_OPP_OPEN_FOR, "SELECT " OPP_COLS
	    " FROM opportunities o JOIN accounts a ON a.id = o.account_id"
	    " WHERE o.account_id = ? AND o.owner_id = ? AND o.stage < 4"
	    " ORDER BY o.touched_at DESC, o.seq DESC LIMIT 1");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, owner_id);
	return one_opp(st, s, out);
}

int
store_opp_add(struct store *st, struct opp *o, int64_t now)
{
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_OPP_INSERT,
	    "INSERT INTO opportunities (account_id, owner_id, amount, stage, reached,"
	    " created_day, closed_day, stage_day, touched_at, id, seq)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int64_t num, seq;

	if (s == NULL)
		return STORE_ERR;
	if ((rc = store_number_new(st, STORE_NUM_DEAL, &num, &seq)) != STORE_OK)
		return rc;
	sqlite3_bind_int64(s, 1, o->account_id);
	sqlite3_bind_int64(s, 2, o->owner_id);
	store_bind_amount(s, 3, o->s.amount);
	sqlite3_bind_int(s, 4, o->s.stage);
	sqlite3_bind_int(s, 5, o->s.reached);
	sqlite3_bind_int(s, 6, o->created_day);
	store_bind_day(s, 7, o->s.closed_day);
	sqlite3_bind_int(s, 8, o->s.stage_day);
	sqlite3_bind_int64(s, 9, now);
	sqlite3_bind_int64(s, 10, num);
	sqlite3_bind_int64(s, 11, seq);
	if ((rc = store_exec_stmt(st, s)) == STORE_OK)
		o->id = num;
	return rc;
}

/* Writes os to deal id; now > 0 also marks it worked on then (touched_at), 0 leaves that. */
static int
write_state(struct store *st, int64_t id, const struct opp_state *os, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, Q_OPP_UPDATE,
	    "UPDATE opportunities SET amount = ?1, stage = ?2, reached = ?3, closed_day = ?4,"
	    " stage_day = ?5, touched_at = coalesce(?6, touched_at) WHERE id = ?7");

	if (s == NULL)
		return STORE_ERR;
	store_bind_amount(s, 1, os->amount);
	sqlite3_bind_int(s, 2, os->stage);
	sqlite3_bind_int(s, 3, os->reached);
	store_bind_day(s, 4, os->closed_day);
	sqlite3_bind_int(s, 5, os->stage_day);
	if (now > 0)
		sqlite3_bind_int64(s, 6, now);
	sqlite3_bind_int64(s, 7, id);
	return store_exec_stmt(st, s);
}

int
store_opp_update(struct store *st, int64_t id, const struct opp_state *os, int64_t now)
{
	return write_state(st, id, os, now);
}

int
store_opp_restate(struct store *st, int64_t id, const struct opp_state *os)
{
	return write_state(st, id, os, 0);
}

int
store_opp_set_created_day(struct store *st, int64_t opp_id, int day)
{
	sqlite3_stmt *s = store_stmt(st, Q_OPP_SET_CREATED,
	    "UPDATE opportunities SET created_day = ? WHERE id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int(s, 1, day);
	sqlite3_bind_int64(s, 2, opp_id);
	return store_exec_stmt(st, s);
}

int
store_opp_delete(struct store *st, int64_t id)
{
	sqlite3_stmt *s = store_stmt(st, Q_OPP_DELETE, "DELETE FROM opportunities WHERE id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	return store_exec_stmt(st, s);	/* history rows go with it (ON DELETE CASCADE) */
}

int
store_history_add(struct store *st, int64_t opp_id, int stage, int day, int64_t entry_id,
    bool implied)
{
	sqlite3_stmt *s = store_stmt(st, Q_HISTORY_INSERT,
	    "INSERT INTO stage_history (opp_id, stage, day, entry_id, implied) VALUES (?, ?, ?, ?, ?)");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, opp_id);
	sqlite3_bind_int(s, 2, stage);
	sqlite3_bind_int(s, 3, day);
	if (entry_id)
		sqlite3_bind_int64(s, 4, entry_id);
	sqlite3_bind_int(s, 5, implied);
	return store_exec_stmt(st, s);
}

int
store_history_count(struct store *st, int64_t opp_id)
{
	int n = -1;
	sqlite3_stmt *s = store_stmt(st, Q_HISTORY_COUNT,
	    "SELECT count(*) FROM stage_history WHERE opp_id = ?");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, opp_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return n;
}
