/*
 * The aggregate questions behind funnel, insights, pipeline and team: they fill insights/'s
 * plain input structs directly (store -> insights is the one place the store knows another
 * room's types, so no row is copied twice).
 */
#include <stdlib.h>
#include <string.h>

#include "insights/insights.h"
#include "store/store_int.h"

int
store_rep_input(struct store *st, int64_t person, int from, int to, int today, int year_start,
    struct store_rep_buf *buf, struct ins_rep_input *in)
{
	sqlite3_stmt *s;
	int rc;

	memset(in, 0, sizeof(*in));
	in->rep_id = person;
	in->target = -1;

	s = store_stmt(st, Q_STATS_ACTIVITIES,
	    "SELECT kind, count(*) FROM entries WHERE person_id = ? AND kind IN (0, 1, 2, 3)"
	    " AND day BETWEEN ? AND ? GROUP BY kind");
	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person);
	sqlite3_bind_int(s, 2, from);
	sqlite3_bind_int(s, 3, to);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int k = sqlite3_column_int(s, 0);
		if (k >= 0 && k < INS_NACTIVITIES)
			in->activities[k] = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc);

	/* Created or closed in P, open now, or won this year; verbal day from the history; the
	 * last activity on the account (anyone's) only where stalled-ness needs it. */
	s = store_stmt(st, Q_STATS_OPPS,
	    "SELECT o.id, o.amount, o.created_day, o.reached, o.stage, o.closed_day, o.stage_day,"
	    " (SELECT min(h.day) FROM stage_history h WHERE h.opp_id = o.id AND h.stage = 3),"
	    " CASE WHEN o.stage <= 3 THEN (SELECT max(e.day) FROM entries e"
	    "   WHERE e.account_id = o.account_id AND e.kind <= 3) END"
	    " FROM opportunities o WHERE o.owner_id = ?1 AND (o.stage <= 3"
	    " OR o.created_day BETWEEN ?2 AND ?3"
	    " OR (o.stage IN (4, 5) AND o.closed_day BETWEEN ?2 AND ?3)"
	    " OR (o.stage = 4 AND o.closed_day BETWEEN ?4 AND ?5))");
	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person);
	sqlite3_bind_int(s, 2, from);
	sqlite3_bind_int(s, 3, to);
	sqlite3_bind_int(s, 4, year_start);
	sqlite3_bind_int(s, 5, today);
	buf->n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ins_opp *o;
		int stage = sqlite3_column_int(s, 4);

		if (buf->n == buf->cap) {
			size_t cap = buf->cap ? buf->cap * 2 : 64;
			struct ins_opp *p = realloc(buf->opps, cap * sizeof(*p));
			if (p == NULL) {
				sqlite3_reset(s);
				return STORE_ERR;
			}
			buf->opps = p;
			buf->cap = cap;
		}
		o = &buf->opps[buf->n++];
		o->id = sqlite3_column_int64(s, 0);
		o->amount = store_col_amount(s, 1);
		o->created_day = sqlite3_column_int(s, 2);
		o->reached = sqlite3_column_int(s, 3);
		o->outcome = stage == STAGE_WON ? INS_OUT_WON : stage == STAGE_LOST ? INS_OUT_LOST :
		    INS_OPEN;
		o->closed_day = sqlite3_column_type(s, 5) == SQLITE_NULL ? INS_NO_DAY :
		    sqlite3_column_int(s, 5);
		o->stage_day = sqlite3_column_int(s, 6);
		o->verbal_day = sqlite3_column_type(s, 7) == SQLITE_NULL ? INS_NO_DAY :
		    sqlite3_column_int(s, 7);
		o->last_activity_day = sqlite3_column_type(s, 8) == SQLITE_NULL ? INS_NO_DAY :
		    sqlite3_column_int(s, 8);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc);
	in->opps = buf->opps;
	in->nopps = buf->n;

	s = store_stmt(st, Q_STATS_WON_YEAR,
	    "SELECT coalesce(sum(amount), 0) FROM opportunities"
	    " WHERE owner_id = ? AND stage = 4 AND closed_day BETWEEN ? AND ?");
	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person);
	sqlite3_bind_int(s, 2, year_start);
	sqlite3_bind_int(s, 3, today);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		in->won_year = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc);
	return STORE_OK;
}

void
store_rep_buf_free(struct store_rep_buf *buf)
{
	free(buf->opps);
	memset(buf, 0, sizeof(*buf));
}

int
store_pipeline(struct store *st, int64_t person, store_opp_fn fn, void *arg)
{
	struct opp o;
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_PIPELINE,
	    "SELECT o.id, o.account_id, o.owner_id, o.created_day, o.amount, o.stage, o.reached,"
	    " o.closed_day, o.stage_day, a.name, (SELECT max(e.day) FROM entries e"
	    "   WHERE e.account_id = o.account_id AND e.kind <= 3)"
	    " FROM opportunities o JOIN accounts a ON a.id = o.account_id"
	    " WHERE o.owner_id = ? AND o.stage <= 3 ORDER BY o.stage DESC, o.stage_day, o.seq");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&o, 0, sizeof(o));
		o.id = sqlite3_column_int64(s, 0);
		o.account_id = sqlite3_column_int64(s, 1);
		o.owner_id = sqlite3_column_int64(s, 2);
		o.created_day = sqlite3_column_int(s, 3);
		o.s.amount = store_col_amount(s, 4);
		o.s.stage = sqlite3_column_int(s, 5);
		o.s.reached = sqlite3_column_int(s, 6);
		o.s.closed_day = store_col_day(s, 7);
		o.s.stage_day = sqlite3_column_int(s, 8);
		store_col_text(s, 9, o.account, sizeof(o.account));
		if (fn(&o, store_col_day(s, 10), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}
