/* The Slack surface's store: outbox rows and seen envelopes (store/outbox.c, store/seen.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "tests/test.h"

static struct store *
mem(void)
{
	char err[256];
	struct store *st = store_open(":memory:", 0, NULL, err, sizeof(err));

	CHECK(st != NULL);
	return st;
}

static void
test_outbox_rows(void)
{
	struct store *st = mem();
	struct outbox_head h[8];
	struct outbox_row r;
	int64_t a, b, c;

	CHECK_INT(store_outbox_add(st, OUTBOX_POST, "D1", NULL, "hello", "[{\"type\":\"divider\"}]",
	    NULL, 0, NULL, 5000, &a), STORE_OK);
	CHECK_INT(store_outbox_add(st, OUTBOX_EPHEMERAL, "C1", "U1", "psst", NULL, NULL, 0, NULL,
	    6000, &b), STORE_OK);
	CHECK_INT(store_outbox_add(st, OUTBOX_FILE, NULL, "U2", "your export", NULL, "a,b\n1,2\n",
	    8, "export.csv", 7000, &c), STORE_OK);
	CHECK_INT(store_outbox_pending(st, h, 8), 3);
	CHECK_INT(h[0].id, a);
	CHECK_INT(h[0].kind, OUTBOX_POST);
	CHECK_STR(h[0].channel, "D1");
	CHECK_INT(h[0].due_ms, 5000);
	CHECK_INT(h[0].created_at, 5);
	CHECK_STR(h[1].user, "U1");
	CHECK_INT(store_outbox_pending(st, h, 1), 1);

	CHECK_INT(store_outbox_get(st, c, &r), STORE_OK);
	CHECK_STR(r.text, "your export");
	CHECK(r.blocks == NULL);
	CHECK_INT(r.file_len, 8);
	CHECK_STR(r.file, "a,b\n1,2\n");
	CHECK_STR(r.file_name, "export.csv");
	store_outbox_row_free(&r);
	CHECK_INT(store_outbox_get(st, a, &r), STORE_OK);
	CHECK_STR(r.blocks, "[{\"type\":\"divider\"}]");
	store_outbox_row_free(&r);
	CHECK_INT(store_outbox_get(st, 999, &r), STORE_NOTFOUND);

	CHECK_INT(store_outbox_retry(st, a, 1, 9000, "http_503"), STORE_OK);
	CHECK_INT(store_outbox_pending(st, h, 8), 3);
	CHECK_INT(h[0].attempts, 1);
	CHECK_INT(h[0].due_ms, 9000);
	CHECK_INT(store_outbox_sent(st, a, 10), STORE_OK);
	CHECK_INT(store_outbox_failed(st, b, "channel_not_found", 10), STORE_OK);
	CHECK_INT(store_outbox_pending(st, h, 8), 1);
	CHECK_INT(h[0].id, c);
	CHECK_INT(store_outbox_count(st, OUTBOX_SENT), 1);
	CHECK_INT(store_outbox_count(st, OUTBOX_FAILED), 1);
	CHECK_INT(store_outbox_prune(st, 11), STORE_OK);
	CHECK_INT(store_outbox_count(st, OUTBOX_SENT), 0);
	CHECK_INT(store_outbox_count(st, OUTBOX_PENDING), 1);
	store_close(st);
}

static void
test_seen(void)
{
	struct store *st = mem();
	char *reply = (char *)1;

	CHECK_INT(store_seen_get(st, "e:1", &reply), STORE_NOTFOUND);
	CHECK(reply == NULL);
	CHECK_INT(store_seen_add(st, "e:1", "{\"text\":\"ok\"}", 100), STORE_OK);
	CHECK_INT(store_seen_add(st, "e:1", "{\"text\":\"other\"}", 200), STORE_OK);
	CHECK_INT(store_seen_add(st, "v:Ev1", NULL, 300), STORE_OK);
	CHECK_INT(store_seen_get(st, "e:1", &reply), STORE_OK);
	CHECK_STR(reply, "{\"text\":\"ok\"}");
	free(reply);
	CHECK_INT(store_seen_get(st, "v:Ev1", &reply), STORE_OK);
	CHECK(reply == NULL);
	CHECK_INT(store_seen_prune(st, 250), STORE_OK);
	CHECK_INT(store_seen_get(st, "e:1", &reply), STORE_NOTFOUND);
	CHECK_INT(store_seen_get(st, "v:Ev1", &reply), STORE_OK);
	/* Seen rows follow the transaction they were written in. */
	CHECK_INT(store_begin(st), STORE_OK);
	CHECK_INT(store_seen_add(st, "e:2", NULL, 400), STORE_OK);
	store_rollback(st);
	CHECK_INT(store_seen_get(st, "e:2", &reply), STORE_NOTFOUND);
	store_close(st);
}

int
main(void)
{
	RUN(test_outbox_rows);
	RUN(test_seen);
	return test_summary();
}
