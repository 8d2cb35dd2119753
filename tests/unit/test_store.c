/* Store tests that no command shows: nested transactions and migrations on a file. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"
#include "tests/test.h"

static void
test_nested_transactions(void)
{
	char err[256];
	struct store *st = store_open(":memory:", 0, NULL, err, sizeof(err));
	int64_t id;

	CHECK(st != NULL);
	CHECK_INT(store_begin(st), STORE_OK);
	CHECK_INT(store_account_create(st, "Outer", 5, false, 1, &id), STORE_OK);
	CHECK_INT(store_begin(st), STORE_OK);
	CHECK_INT(store_account_create(st, "Inner", 5, false, 1, &id), STORE_OK);
	store_rollback(st);	/* only the inner one goes */
	CHECK_INT(store_begin(st), STORE_OK);
	CHECK_INT(store_account_create(st, "Kept", 4, false, 1, &id), STORE_OK);
	CHECK_INT(store_commit(st), STORE_OK);
	CHECK_INT(store_commit(st), STORE_OK);
	CHECK_INT(store_account_find(st, "Outer", 5, &id, NULL, 0), STORE_OK);
	CHECK_INT(store_account_find(st, "Inner", 5, &id, NULL, 0), STORE_NOTFOUND);
	CHECK_INT(store_account_find(st, "Kept", 4, &id, NULL, 0), STORE_OK);
	/* An outer rollback takes everything, committed inner savepoints included. */
	CHECK_INT(store_begin(st), STORE_OK);
	CHECK_INT(store_begin(st), STORE_OK);
	CHECK_INT(store_account_create(st, "Gone", 4, false, 1, &id), STORE_OK);
	CHECK_INT(store_commit(st), STORE_OK);
	store_rollback(st);
	CHECK_INT(store_account_find(st, "Gone", 4, &id, NULL, 0), STORE_NOTFOUND);
	CHECK_INT(store_commit(st), STORE_ERR);	/* nothing open */
	store_close(st);
}

static void
test_lock_and_reopen(void)
{
	char dir[] = "/tmp/funnelbot-store-XXXXXX", path[256], err[256];
	struct store *a, *b;
	int code;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	a = store_open(path, STORE_WRITER, &code, err, sizeof(err));
	CHECK(a != NULL);
	b = store_open(path, STORE_WRITER, &code, err, sizeof(err));
	CHECK(b == NULL);
	CHECK_INT(code, STORE_LOCKED);
	CHECK_CONTAINS(err, "another funnelbot");
	/* A second connection without the writer lock (the sender thread) is fine. */
	b = store_open(path, 0, &code, err, sizeof(err));
	CHECK(b != NULL);
	store_close(b);
	store_close(a);
	a = store_open(path, STORE_WRITER, &code, err, sizeof(err));
	CHECK(a != NULL);
	CHECK(store_integrity_ok(a));
	store_close(a);
	snprintf(err, sizeof(err), "rm -rf %s", dir);
	CHECK_INT(system(err), 0);
}

int
main(void)
{
	RUN(test_nested_transactions);
	RUN(test_lock_and_reopen);
	return test_summary();
}
