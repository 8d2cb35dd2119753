/*
 * Entry and deal numbers.
 *
 * People name an entry or a deal by its number (`log edit 4821 date friday`, `log won #3170`),
 * and every reply shows numbers. Numbers that counted up would leak: two of your own entries a
 * day apart would tell you how many your colleagues logged in between, which in a team of two
 * is one colleague's exact count. So a new number is drawn at random from a band of four
 * digits (1000-9999). Nor may the band grow at a fixed count -- the first five-digit number a
 * rep saw would then date the moment the team's total passed it, which a rep can probe with
 * `log call` / `log undo` -- so it grows only when 32 draws in a row find taken numbers,
 * something that happens by chance once the band is nearly full (around 90 %), not at any one
 * count. The band reached is kept in settings. Numbers from before schema 6 counted up and
 * stay as they were.
 *
 * The order things were made in is kept apart, in seq: one past the last seq ever given
 * (the counter lives in settings, so a deleted newest entry's seq is not given again). A
 * number the audit trail still names after a delete is never drawn again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/store_int.h"

static const char *const counter_key[] = { "seq.entries", "seq.deals" };
static const char *const band_key[] = { "band.entries", "band.deals" };

#define FIRST_BAND	1000	/* the lowest number of the first band, 1000-9999 */
#define DRAWS		32	/* misses in a row that move to the next band */

/* One past the highest seq given so far, counting the ones whose rows are gone. */
static int
next_seq(struct store *st, enum store_numbered what, int64_t *seq)
{
	sqlite3_stmt *s = what == STORE_NUM_ENTRY ?
	    store_stmt(st, Q_SEQ_ENTRIES, "SELECT coalesce(max(seq), 0) FROM entries") :
	    store_stmt(st, Q_SEQ_DEALS, "SELECT coalesce(max(seq), 0) FROM opportunities");
	char saved[32];
	int rc;

	if (s == NULL)
		return STORE_ERR;
	if ((rc = store_step_one(st, s)) != STORE_OK)
		return rc == STORE_NOTFOUND ? STORE_ERR : rc;
	*seq = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if ((rc = store_setting_get(st, counter_key[what], saved, sizeof(saved))) == STORE_OK) {
		long long n = strtoll(saved, NULL, 10);

		if (n > *seq)
			*seq = n;
	} else if (rc != STORE_NOTFOUND) {
		return rc;
	}
	*seq += 1;
	snprintf(saved, sizeof(saved), "%lld", (long long)*seq);
	return store_setting_set(st, counter_key[what], saved);
}

/* Whether n is free: no row has it and the audit trail does not name it. */
static int
number_free(struct store *st, enum store_numbered what, int64_t n, bool *is_free)
{
	sqlite3_stmt *s = what == STORE_NUM_ENTRY ? store_stmt(st, Q_NUMBER_ENTRY_TAKEN,
	    "SELECT EXISTS (SELECT 1 FROM entries WHERE id = ?1)"
	    " OR EXISTS (SELECT 1 FROM entry_changes WHERE entry_id = ?1)") :
	    store_stmt(st, Q_NUMBER_DEAL_TAKEN,
	    "SELECT EXISTS (SELECT 1 FROM opportunities WHERE id = ?1)"
	    " OR EXISTS (SELECT 1 FROM entry_changes WHERE opp_id = ?1)");
	int rc;

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, n);
	if ((rc = store_step_one(st, s)) != STORE_OK)
		return rc == STORE_NOTFOUND ? STORE_ERR : rc;
	*is_free = sqlite3_column_int(s, 0) == 0;
	sqlite3_reset(s);
	return STORE_OK;
}

int
store_number_new(struct store *st, enum store_numbered what, int64_t *num, int64_t *seq)
{
	int64_t lo = FIRST_BAND, start;
	char saved[32];
	int rc;

	if ((rc = next_seq(st, what, seq)) != STORE_OK)
		return rc;
	if ((rc = store_setting_get(st, band_key[what], saved, sizeof(saved))) == STORE_OK) {
		long long b = strtoll(saved, NULL, 10);

		lo = b >= FIRST_BAND && b <= INT64_MAX / 100 ? b : FIRST_BAND;
	} else if (rc != STORE_NOTFOUND) {
		return rc;
	}
	for (start = lo; lo <= INT64_MAX / 100; lo *= 10) {
		for (int tries = 0; tries < DRAWS; tries++) {
			uint64_t r;
			bool is_free;

			sqlite3_randomness(sizeof(r), &r);
			*num = lo + (int64_t)(r % (uint64_t)(lo * 9));
			if ((rc = number_free(st, what, *num, &is_free)) != STORE_OK)
				return rc;
			if (!is_free)
				continue;
			if (lo == start)
				return STORE_OK;
			snprintf(saved, sizeof(saved), "%lld", (long long)lo);
			return store_setting_set(st, band_key[what], saved);	/* moved up */
		}
	}
	return store_refuse(st, "no free number");
}

int64_t
store_number_at(struct store *st, enum store_numbered what, int64_t seq)
{
	sqlite3_stmt *s = what == STORE_NUM_ENTRY ?
	    store_stmt(st, Q_NUMBER_ENTRY_AT, "SELECT id FROM entries WHERE seq = ?") :
	    store_stmt(st, Q_NUMBER_DEAL_AT, "SELECT id FROM opportunities WHERE seq = ?");
	int64_t n = 0;

	if (s == NULL)
		return 0;
	sqlite3_bind_int64(s, 1, seq);
	if (store_step_one(st, s) == STORE_OK)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}
