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

/* The sender's pick: the oldest row of each conversation, whatever the backlog before it. */
static void
test_outbox_heads(void)
{
	struct store *st = mem();
	struct outbox_head h[8];
	int64_t first, later, id, due;

	/* 100 replies into D1, then one each for D2, an ephemeral in C1 for U1 and U2, a DM and
	 * a file for U3 (one conversation), and a snoozed prompt for U4 due at 900000. */
	for (int i = 0; i < 100; i++)
		CHECK_INT(store_outbox_add(st, OUTBOX_POST, "D1", NULL, "flood", NULL, NULL, 0, NULL,
		    1000 + i, i == 0 ? &first : NULL), STORE_OK);
	CHECK_INT(store_outbox_add(st, OUTBOX_POST, "D2", NULL, "hi", NULL, NULL, 0, NULL, 2000,
	    NULL), STORE_OK);
	CHECK_INT(store_outbox_add(st, OUTBOX_EPHEMERAL, "C1", "U1", "a", NULL, NULL, 0, NULL, 2000,
	    NULL), STORE_OK);
	CHECK_INT(store_outbox_add(st, OUTBOX_EPHEMERAL, "C1", "U2", "b", NULL, NULL, 0, NULL, 2000,
	    NULL), STORE_OK);
	CHECK_INT(store_outbox_add(st, OUTBOX_DM, NULL, "U3", "c", NULL, NULL, 0, NULL, 2000, &id),
	    STORE_OK);
	CHECK_INT(store_outbox_add(st, OUTBOX_FILE, NULL, "U3", "d", NULL, "x", 1, "x.csv", 2000,
	    NULL), STORE_OK);
	CHECK_INT(store_outbox_add(st, OUTBOX_DM, NULL, "U4", "prompt", NULL, NULL, 0, NULL, 2000,
	    &later), STORE_OK);
	CHECK_INT(store_outbox_retry(st, later, 0, 900000, ""), STORE_OK);

	CHECK_INT(store_outbox_heads(st, 5000, h, 8), 5);
	CHECK_INT(h[0].id, first);
	CHECK_STR(h[1].channel, "D2");
	CHECK_STR(h[2].user, "U1");
	CHECK_STR(h[3].user, "U2");
	CHECK_INT(h[4].id, id);
	CHECK_INT(h[4].kind, OUTBOX_DM);
	CHECK_INT(store_outbox_heads(st, 5000, h, 2), 2);
	CHECK_INT(store_outbox_next_later(st, 5000, &due), STORE_OK);
	CHECK_INT(due, 900000);
	/* Due now, the prompt has its own conversation; tried once, it stays in line. */
	CHECK_INT(store_outbox_heads(st, 900000, h, 8), 6);
	CHECK_INT(store_outbox_next_later(st, 900000, &due), STORE_NOTFOUND);
	CHECK_INT(store_outbox_retry(st, later, 1, 990000, "ratelimited"), STORE_OK);
	CHECK_INT(store_outbox_heads(st, 5000, h, 8), 6);
	/* Sent, the next row of the conversation comes up. */
	CHECK_INT(store_outbox_sent(st, first, 6), STORE_OK);
	CHECK_INT(store_outbox_sent(st, id, 6), STORE_OK);
	CHECK_INT(store_outbox_heads(st, 5000, h, 8), 6);
	CHECK_INT(h[0].id, first + 1);
	CHECK_INT(h[4].kind, OUTBOX_FILE);
	store_close(st);
}

int
main(void)
{
	RUN(test_outbox_rows);
	RUN(test_outbox_heads);
	RUN(test_seen);
	return test_summary();
}
