/*
 * The aggregate questions behind funnel, insights, pipeline and team: they fill insights/'s
 * plain input structs directly (store -> insights is the one place the store knows another
 * room's types, so no row is copied twice).
 */
#include <stdlib.h>
#include <string.h>

#include "insights/insights.h"
#include "store/store_int.h"

/* Activities of each kind the rep dated from..to. */
static int
rep_activities(struct store *st, int64_t person, int from, int to, struct ins_rep_input *in)
{
	sqlite3_stmt *s;
	int rc;

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
	return STORE_OK;
}

/* The amount the rep won from year_start to today, and their first day: first entry or deal. */
static int
rep_year(struct store *st, int64_t person, int today, int year_start, struct ins_rep_input *in)
{
	sqlite3_stmt *s;
	int rc;

	s = store_stmt(st, Q_STATS_WON_YEAR,
	    "SELECT (SELECT coalesce(sum(amount), 0) FROM opportunities"
	    "   WHERE owner_id = ?1 AND stage = 4 AND closed_day BETWEEN ?2 AND ?3),"
	    " (SELECT min(d) FROM (SELECT min(day) AS d FROM entries WHERE person_id = ?1"
	    "   UNION ALL SELECT min(created_day) FROM opportunities WHERE owner_id = ?1))");
	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, person);
	sqlite3_bind_int(s, 2, year_start);
	sqlite3_bind_int(s, 3, today);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		in->won_year = sqlite3_column_int64(s, 0);
		in->first_day = sqlite3_column_type(s, 1) == SQLITE_NULL ? INS_NO_DAY :
		    sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc);
	return STORE_OK;
}

int
store_rep_input(struct store *st, int64_t person, int from, int to, int today, int year_start,
    struct store_rep_buf *buf, struct ins_rep_input *in)
{
	sqlite3_stmt *s;
	int rc;

	memset(in, 0, sizeof(*in));
	in->rep_id = person;
	in->target = -1;

	if ((rc = rep_activities(st, person, from, to, in)) != STORE_OK)
		return rc;

	/* Created or closed in P, open now, or won this year; the verbal day from the history,
	 * recorded only (a jump's implied rows have no day of their own); whether a won deal had
	 * any stage before won recorded (else its creation is not its start); the last activity
	 * on the account (anyone's) only where stalled-ness needs it. */
	s = store_stmt(st, Q_STATS_OPPS,
	    "SELECT o.id, o.amount, o.created_day, o.reached, o.stage, o.closed_day, o.stage_day,"
	    " (SELECT min(h.day) FROM stage_history h WHERE h.opp_id = o.id AND h.stage = 3"
	    "   AND h.implied = 0),"
	    " CASE WHEN o.stage <= 3 THEN (SELECT max(e.day) FROM entries e"
	    "   WHERE e.account_id = o.account_id AND e.kind <= 3) END,"
	    " o.stage = 4 AND NOT EXISTS (SELECT 1 FROM stage_history h WHERE h.opp_id = o.id"
	    "   AND h.stage < 4 AND h.implied = 0)"
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
		o->start_implied = sqlite3_column_int(s, 9) != 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc);
	in->opps = buf->opps;
	in->nopps = buf->n;

	return rep_year(st, person, today, year_start, in);
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

int
store_first_day_all(struct store *st, int *day)
{
	sqlite3_stmt *s;
	int rc;

	/* Asked once per question, so not kept prepared. Both minima come from an index. */
	rc = sqlite3_prepare_v2(st->db, "SELECT min(d) FROM (SELECT min(day) AS d FROM entries"
	    " UNION ALL SELECT min(created_day) FROM opportunities)", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*day = sqlite3_column_int(s, 0);
		rc = STORE_OK;
	} else {
		rc = rc == SQLITE_ROW ? STORE_NOTFOUND : store_fail(st, rc);
	}
	sqlite3_finalize(s);
	return rc;
}
