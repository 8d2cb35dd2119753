/*
 * Entry and deal numbers tell nobody how many others there are: a new one is drawn at random
 * from 1000-9999, so the gap between two of a rep's own numbers says nothing of what their
 * colleagues logged in between, and the band grows only when draws keep missing (a nearly
 * full band), never at a count a rep could probe for. A number is never given twice, also
 * after a delete the audit trail names; the order things were made in is kept (undo still
 * takes back the last one); a database from before keeps its numbers.
 */
#include <sqlite3.h>
#include <unistd.h>

#include "tests/unit/cmdtest.h"

static struct fixture f;

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* How many of n numbers are out of creation order (a smaller one after a bigger one). */
static int
descents(const int64_t *v, int n)
{
	int d = 0;

	for (int i = 1; i < n; i++)
		d += v[i] < v[i - 1];
	return d;
}

static void
test_bands_and_order(void)
{
	enum { N = 470 };
	static int64_t num[N], sorted[N];

	fx_open(&f);
	/* Two reps in turn, the way a team of two logs. */
	for (int i = 0; i < N; i++)
		fx_say(&f, i % 2 ? "ray" : "rita", "log call Acc%d", i % 9);
	for (int i = 0; i < N; i++) {
		num[i] = store_number_at(f.st, STORE_NUM_ENTRY, i + 1);
		CHECK(num[i] >= 1000 && num[i] <= 9999);
	}
	memcpy(sorted, num, sizeof(num));
	qsort(sorted, N, sizeof(sorted[0]), cmp64);
	for (int i = 1; i < N; i++)
		CHECK(sorted[i] != sorted[i - 1]);
	/* Counting up would have no descent; drawn at random about half are (p < 1e-20 for
	 * fewer than 150 of 469). */
	CHECK(descents(num, N) > 150);
	/* rita's own numbers are no more in order than everyone's. */
	{
		int64_t mine[N / 2];

		for (int i = 0; i < N / 2; i++)
			mine[i] = num[2 * i];
		CHECK(descents(mine, N / 2) > 70);
	}
	/* The order is kept: undo takes back the last entry whatever its number. */
	fx_dm(&f, "rita", "log call Zeta");
	CHECK_INT(f.rc, 0);
	fx_dm(&f, "rita", "log undo");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Undone: call Zeta ");
	/* ... and `log` lists the newest first. */
	{
		char last[32];
		const char *list;

		snprintf(last, sizeof(last), "entry %lld ",
		    (long long)store_number_at(f.st, STORE_NUM_ENTRY, N));
		fx_dm(&f, "ray", "log");
		list = strstr(f.r.text, "Your last five entries");
		CHECK(list != NULL && strstr(list, last) == strstr(list, "entry "));
	}
	fx_close(&f);
}

/* The deals' numbers too, and a deal's story and moves still find them. */
static void
test_deals(void)
{
	fx_open(&f);
	for (int i = 0; i < 40; i++)
		fx_say(&f, i % 2 ? "ray" : "rita", "log lead Deal%d 10k", i);
	for (int i = 1; i <= 40; i++) {
		int64_t d = fx_deal(&f, i);

		CHECK(d >= 1000 && d <= 9999);
	}
	fx_dm(&f, "rita", "log qualified #{d3}");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "#{d3} Deal2 moved from lead to qualified"));
	fx_dm(&f, "ray", "log qualified #{d3}");		/* rita's */
	CHECK_INT(f.rc, -1);
	fx_close(&f);
}

/* Half the band taken (past the counts 450 and 4950 a band once grew at): still four digits. */
static void
test_no_count_moves_the_band(void)
{
	struct person p;
	struct entry e = { .kind = KIND_CALL, .day = 20000, .created_at = 1, .amount = -1,
		.note = "" };
	int64_t acct;
	int big = 0;

	fx_open(&f);
	CHECK_INT(store_person_ensure(f.st, "U1", "rita", "", "", false, 1, &p), STORE_OK);
	CHECK_INT(store_account_create(f.st, "Acme", 4, false, 1, &acct), STORE_OK);
	e.person_id = p.id;
	e.account_id = acct;
	CHECK_INT(store_begin(f.st), STORE_OK);
	for (int i = 0; i < 4600; i++) {
		CHECK_INT(store_entry_add(f.st, &e), STORE_OK);
		big += e.id > 9999;
	}
	CHECK_INT(store_commit(f.st), STORE_OK);
	CHECK_INT(big, 0);
	fx_close(&f);
}

/*
 * Every number of the band but one is named by the audit trail (as if those entries had been
 * deleted): each new entry gets the one left, or -- once 32 draws in a row have missed -- one
 * from the next band, which then stays; never a number the trail names.
 */
static void
test_trail_numbers_not_given_again(void)
{
	struct person p;
	struct entry e = { .kind = KIND_CALL, .day = 20000, .created_at = 1, .amount = -1,
		.note = "" };
	int64_t acct;
	bool moved = false;

	fx_open(&f);
	CHECK_INT(store_person_ensure(f.st, "U1", "rita", "", "", false, 1, &p), STORE_OK);
	CHECK_INT(store_account_create(f.st, "Acme", 4, false, 1, &acct), STORE_OK);
	CHECK_INT(store_begin(f.st), STORE_OK);
	for (int64_t n = 1000; n <= 9999; n++) {
		struct change c = { .entry_id = n, .person_id = p.id, .by_id = p.id, .at = 1,
			.what = "deleted", .before = "call Acme", .after = "" };

		if (n != 5555)
			CHECK_INT(store_change_add(f.st, &c), STORE_OK);
	}
	CHECK_INT(store_commit(f.st), STORE_OK);
	e.person_id = p.id;
	e.account_id = acct;
	for (int i = 0; i < 20; i++) {
		CHECK_INT(store_entry_add(f.st, &e), STORE_OK);
		CHECK(e.id == 5555 || (e.id >= 10000 && e.id <= 99999));
		CHECK(!moved || e.id >= 10000);		/* the band, once moved, stays */
		moved = moved || e.id >= 10000;
	}
	CHECK(moved);
	fx_close(&f);
}

/* A database of schema 5 keeps its numbers (which counted up) and its order. */
static void
test_old_database(void)
{
	char dir[] = "/tmp/funnelbot-numbers-XXXXXX", path[256], err[256];
	struct store *st;
	struct entry e;
	struct opp o;
	sqlite3 *db;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	/* Made now, then taken back to what schema 5 had: no seq columns, nothing of 7. */
	st = store_open(path, STORE_WRITER, NULL, err, sizeof(err));
	CHECK(st != NULL);
	store_close(st);
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db,
	    "DROP INDEX entries_seq; DROP INDEX entries_person_seq; DROP INDEX entries_opp_seq;"
	    "CREATE INDEX entries_opp ON entries(opp_id);"
	    "ALTER TABLE entries DROP COLUMN seq;"
	    "DROP INDEX opp_seq; ALTER TABLE opportunities DROP COLUMN seq;"
	    "DROP TABLE imported; ALTER TABLE stage_history DROP COLUMN implied;"
	    "DROP INDEX people_email; ALTER TABLE people DROP COLUMN email;"
	    "ALTER TABLE people DROP COLUMN imported;"
	    "INSERT INTO people (id, platform_id, username, username_key, created_at)"
	    " VALUES (1, 'rita', 'rita', 'rita', 1);"
	    "INSERT INTO accounts (id, name, name_key, created_at) VALUES (1, 'Acme', 'acme', 1);"
	    "INSERT INTO opportunities (id, account_id, owner_id, amount, stage, reached,"
	    " created_day, stage_day, touched_at) VALUES (1, 1, 1, 1000000, 0, 0, 20400, 20400, 1),"
	    " (2, 1, 1, 2000000, 0, 0, 20401, 20401, 2);"
	    "INSERT INTO entries (id, person_id, account_id, opp_id, kind, day, created_at,"
	    " created_opp) VALUES (1, 1, 1, 1, 4, 20400, 1, 1), (2, 1, 1, NULL, 0, 20400, 2, 0),"
	    " (3, 1, 1, 2, 4, 20401, 3, 1);"
	    "PRAGMA user_version = 5;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	st = store_open(path, STORE_WRITER, NULL, err, sizeof(err));
	CHECK(st != NULL);
	if (st == NULL)
		return;
	CHECK_INT(store_entry_get(st, 2, &e), STORE_OK);
	CHECK_INT(e.kind, KIND_CALL);
	CHECK_INT(store_opp_get(st, 2, &o), STORE_OK);
	CHECK_INT(o.s.amount, 2000000);
	CHECK_INT(store_number_at(st, STORE_NUM_ENTRY, 3), 3);
	CHECK_INT(store_entry_last(st, 1, &e), STORE_OK);
	CHECK_INT(e.id, 3);
	/* The next is drawn from the band, and is the last one made. */
	e = (struct entry){ .person_id = 1, .account_id = 1, .kind = KIND_EMAIL, .day = 20402,
		.created_at = 4, .amount = -1, .note = "" };
	CHECK_INT(store_entry_add(st, &e), STORE_OK);
	CHECK(e.id >= 1000 && e.id <= 9999);
	CHECK_INT(store_number_at(st, STORE_NUM_ENTRY, 4), e.id);
	CHECK_INT(store_entry_last(st, 1, &e), STORE_OK);
	CHECK_INT(e.kind, KIND_EMAIL);
	CHECK(store_integrity_ok(st));
	store_close(st);
	snprintf(err, sizeof(err), "rm -rf %s", dir);
	CHECK_INT(system(err), 0);
}

int
main(void)
{
	RUN(test_bands_and_order);
	RUN(test_deals);
	RUN(test_no_count_moves_the_band);
	RUN(test_trail_numbers_not_given_again);
	RUN(test_old_database);
	return test_summary();
}
