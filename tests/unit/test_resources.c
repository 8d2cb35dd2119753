/*
 * A database that cannot be written (read-only, or full) gets a clear reply, stores nothing
 * and breaks nothing; the bot goes on as soon as writing works again.
 */
#include "tests/unit/cmdtest.h"

static struct fixture f;

static void
test_read_only(void)
{
	int64_t before;

	fx_open(&f);
	fx_run(&f, "sally", "log call Acme");
	CHECK_INT(f.rc, 0);
	CHECK_INT(store_limit(f.st, true, 0), STORE_OK);
	before = store_total_rows(f.st);
	fx_run(&f, "sally", "log verbal Acme 48k");
	CHECK_INT(f.rc, -1);
	CHECK(f.r.store_failed);
	CHECK_CONTAINS(f.r.text, "read-only");
	CHECK_CONTAINS(f.r.text, "Nothing was stored");
	CHECK_INT(store_total_rows(f.st), before);
	/* Writing works again: so does the bot. */
	CHECK_INT(store_limit(f.st, false, 0), STORE_OK);
	fx_run(&f, "sally", "log verbal Acme 48k");
	CHECK_INT(f.rc, 0);
	CHECK(store_integrity_ok(f.st));
	fx_close(&f);
}

static void
test_full(void)
{
	char err[256], dir[] = "/tmp/funnelbot-full-XXXXXX", path[300], line[512];
	int64_t before;
	int failed = 0;

	fx_open(&f);
	store_close(f.st);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/full.db", dir);
	f.st = store_open(path, STORE_WRITER, NULL, err, sizeof(err));
	CHECK(f.st != NULL);
	commands_free(f.c);
	f.c = commands_new(f.st, &f.cfg);
	fx_run(&f, "sally", "log call Acme");
	/* Cap the file a little above its size now, then write until it is full. */
	CHECK_INT(store_limit(f.st, false, 40), STORE_OK);
	for (int i = 0; i < 2000 && !failed; i++) {
		snprintf(line, sizeof(line), "log call \"Account number %d\" %0200d", i, i);
		before = store_total_rows(f.st);
		fx_run(&f, "sally", line);
		if (f.rc != 0) {
			failed = 1;
			CHECK(f.r.store_failed);
			CHECK_CONTAINS(f.r.text, "disk is full");
			CHECK_INT(store_total_rows(f.st), before);
		}
	}
	CHECK(failed);
	CHECK(store_integrity_ok(f.st));
	CHECK_INT(store_limit(f.st, false, 0), STORE_OK);
	fx_run(&f, "sally", "log call Acme after");
	CHECK_INT(f.rc, 0);
	fx_close(&f);
	snprintf(line, sizeof(line), "rm -rf %s", dir);
	CHECK_INT(system(line), 0);
}

int
main(void)
{
	RUN(test_read_only);
	RUN(test_full);
	return test_summary();
}
