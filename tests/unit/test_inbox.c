/*
 * The inbox (bot/inbox.c) on a store of its own, without a socket: a slash command answered in
 * its ack, a DM, a mention and a button answered through the outbox, a redelivery applied once
 * with the same ack, an envelope that cannot be handled acked and logged once, and a store that
 * cannot be written leaving events unacknowledged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bot/clock.h"
#include "bot/envelope.h"
#include "bot/inbox.h"
#include "bot/log.h"
#include "commands/commands.h"
#include "store/store.h"
#include "tests/test.h"

static const char *const admins[] = { "UADMIN" };
static const struct commands_config cfg = { .currency = "USD", .stalled_days = 30,
	.admins = admins, .nadmins = 1, .umbrella = "/sales", .prompt_minute = 9 * 60 };

struct acks {
	int n;
	char last[4096];	/* the last ack's payload, "" for none */
};

static struct store *st;
static struct commands *cmds;
static struct clock clk;
static struct acks acks;
static char logged[8192];	/* what the inbox logged (WARN and up) */

static void
on_ack(void *arg, const char *envelope_id, const char *payload)
{
	(void)arg;
	(void)envelope_id;
	acks.n++;
	snprintf(acks.last, sizeof(acks.last), "%s", payload ? payload : "");
}

static void
open_at(const char *path)
{
	char err[256];

	st = store_open(path, 0, NULL, err, sizeof(err));
	CHECK(st != NULL);
	cmds = commands_new(st, &cfg);
	memset(&acks, 0, sizeof(acks));
}

static void
close_all(void)
{
	commands_free(cmds);
	store_close(st);
}

/* Parses frame and hands it to the inbox in (NULL: one that never acks early). */
static void
deliver_to(const struct inbox *to, const char *frame)
{
	struct inbox in = { .st = st, .cmds = cmds, .clk = &clk, .bot_user = "U0BOT",
		.ack = on_ack };
	struct envelope e;
	char err[128];
	FILE *log = fmemopen(logged, sizeof(logged) - 1, "w");

	CHECK(log != NULL);
	log_set_stream(log);
	CHECK_INT(envelope_parse(frame, strlen(frame), &e, err, sizeof(err)), 0);
	inbox_handle(to ? to : &in, &e);
	envelope_free(&e);
	log_set_stream(stderr);
	fclose(log);
}

static void
deliver(const char *frame)
{
	deliver_to(NULL, frame);
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static int
pending(void)
{
	struct outbox_head heads[64];

	return store_outbox_pending(st, heads, 64);
}

#define SLASH(id, user, text) "{\"envelope_id\":\"" id "\",\"type\":\"slash_commands\"," \
	"\"payload\":{\"user_id\":\"" user "\",\"user_name\":\"" user "\",\"command\":\"/sales\"," \
	"\"text\":\"" text "\",\"channel_id\":\"D1\"}}"
#define DM(id, event, user, text) "{\"envelope_id\":\"" id "\",\"type\":\"events_api\"," \
	"\"payload\":{\"event_id\":\"" event "\",\"event\":{\"type\":\"message\",\"user\":\"" \
	user "\",\"channel\":\"D1\",\"channel_type\":\"im\",\"text\":\"" text "\"}}}"

static void
test_each_kind(void)
{
	open_at(":memory:");
	deliver(SLASH("E1", "U1", "log call Acme"));
	CHECK_INT(acks.n, 1);
	CHECK(strstr(acks.last, "Logged a call with Acme") != NULL);
	CHECK_INT(pending(), 0);
	/* The same envelope again: the same ack, nothing applied twice. */
	deliver(SLASH("E1", "U1", "log call Acme"));
	CHECK_INT(acks.n, 2);
	CHECK(strstr(acks.last, "Logged a call with Acme") != NULL);
	CHECK(strstr(acks.last, "This week: 1 call") != NULL);
	/* The same words in a new envelope within a minute: Slack's retry, not applied. */
	deliver(SLASH("E2", "U1", "log call Acme"));
	CHECK(strstr(acks.last, "less than a minute ago") != NULL);
	CHECK(strstr(acks.last, "This week: 1 call") != NULL);	/* the answer it had */
	deliver(SLASH("E2b", "U1", "log call Acme second call"));
	CHECK(strstr(acks.last, "This week: 2 calls") != NULL);
	/* A minute later the same words are a new call. */
	clk.offset += 61;
	deliver(SLASH("E2c", "U1", "log call Acme"));
	CHECK(strstr(acks.last, "This week: 3 calls") != NULL);
	/* A question is answered again, not remembered. */
	deliver(SLASH("Q1", "U1", "pipeline"));
	deliver(SLASH("Q2", "U1", "pipeline"));
	CHECK(strstr(acks.last, "less than a minute ago") == NULL);
	/* A newcomer's first question creates their row, which is no reason to remember it. */
	deliver(SLASH("N1", "U9", "funnel"));
	deliver(SLASH("N2", "U9", "funnel"));
	CHECK(strstr(acks.last, "less than a minute ago") == NULL);
	/* Retyped with other blanks or case: still the same words. */
	deliver(SLASH("R1", "U1", "log meeting Initech"));
	deliver(SLASH("R2", "U1", "log  MEETING  initech"));
	CHECK(strstr(acks.last, "less than a minute ago") != NULL);
	/* Quoted as the reply asks, to name a new account of two words: a new entry. */
	deliver(SLASH("R3", "U1", "log lead Krusty Krab 25k"));
	deliver(SLASH("R4", "U1", "log lead \\\"Krusty Krab\\\" 25k"));
	CHECK(strstr(acks.last, "less than a minute ago") == NULL);
	CHECK(strstr(acks.last, "with Krusty Krab (new account)") != NULL);
	/* A clock that stepped back an hour does not make an old entry recent. */
	deliver(SLASH("C1", "U1", "log demo Initech"));
	clk.offset -= 3600;
	deliver(SLASH("C2", "U1", "log demo Initech"));
	CHECK(strstr(acks.last, "less than a minute ago") == NULL);
	clk.offset += 3600;
	/* After an undo the same words are a new entry, and a second undo is one too. */
	deliver(SLASH("U1a", "U1", "log email Hooli"));
	deliver(SLASH("U1b", "U1", "log undo"));
	deliver(SLASH("U1c", "U1", "log email Hooli"));
	CHECK(strstr(acks.last, "Logged an email") != NULL);
	deliver(SLASH("U1d", "U1", "log undo"));
	deliver(SLASH("U1e", "U1", "log undo"));
	CHECK(strstr(acks.last, "Undone") != NULL);
	CHECK(strstr(acks.last, "less than a minute ago") == NULL);
	/* Another person's same words are theirs. */
	deliver(SLASH("E2d", "U2", "log call Acme"));
	CHECK(strstr(acks.last, "Logged a call") != NULL);
	/* A DM: acked without a payload, answered through the outbox. */
	acks.n = 0;
	deliver(DM("E3", "Ev3", "U1", "funnel"));
	CHECK_INT(acks.n, 1);
	CHECK_STR(acks.last, "");
	CHECK_INT(pending(), 1);
	/* The same event in a new envelope (Slack's retry): acked, answered once. */
	deliver(DM("E4", "Ev3", "U1", "funnel"));
	CHECK_INT(acks.n, 2);
	CHECK_INT(pending(), 1);
	/* A mention: answered privately. */
	deliver("{\"envelope_id\":\"E5\",\"type\":\"events_api\",\"payload\":{\"event_id\":"
	    "\"Ev5\",\"event\":{\"type\":\"app_mention\",\"user\":\"U1\",\"channel\":\"C1\","
	    "\"text\":\"<@U0BOT> help\"}}}");
	CHECK_INT(acks.n, 3);
	CHECK_INT(pending(), 2);
	/* A button under a prompt: answered in the DM. */
	deliver("{\"envelope_id\":\"E6\",\"type\":\"interactive\",\"payload\":{\"type\":"
	    "\"block_actions\",\"user\":{\"id\":\"U1\",\"username\":\"u1\"},\"actions\":"
	    "[{\"action_id\":\"prompt_pipeline\",\"value\":\"0:2026-W48\"}]}}");
	CHECK_INT(acks.n, 4);
	CHECK_INT(pending(), 3);
	close_all();
}

/* Cannot be handled: acked (Slack stops), logged once, a slash command told. No crash. */
static void
test_malformed(void)
{
	static const char *const frames[] = {
		"{\"envelope_id\":\"M1\",\"type\":\"interactive\",\"payload\":{\"type\":"
		"\"block_actions\",\"user\":{\"id\":\"U1\"}}}",
		"{\"envelope_id\":\"M2\",\"type\":\"interactive\",\"payload\":{\"type\":"
		"\"block_actions\",\"user\":{\"id\":\"U1\"},\"actions\":[]}}",
		"{\"envelope_id\":\"M3\",\"type\":\"interactive\",\"payload\":{\"type\":"
		"\"block_actions\",\"user\":{\"id\":\"U1\"},\"actions\":[{\"action_id\":5}]}}",
		"{\"envelope_id\":\"M4\",\"type\":\"interactive\",\"payload\":{\"type\":"
		"\"block_actions\",\"actions\":[{\"action_id\":\"prompt_away\",\"value\":\"x\"}]}}",
		"{\"envelope_id\":\"M5\",\"type\":\"interactive\",\"payload\":{\"type\":"
		"\"block_actions\",\"user\":{\"id\":\"U1\"},\"actions\":[{\"action_id\":"
		"\"prompt_away\",\"value\":{}}]}}",
		"{\"envelope_id\":\"M6\",\"type\":\"slash_commands\",\"payload\":{\"command\":"
		"\"/sales\",\"text\":\"help\"}}",
	};

	open_at(":memory:");
	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		int before = acks.n;
		logged[0] = '\0';
		deliver(frames[i]);
		CHECK_INT(acks.n, before + 1);
		CHECK_INT(count(logged, "cannot be handled"), 1);	/* logged once */
	}
	CHECK_INT(pending(), 4);	/* the clicks by U1, each answered in the DM */
	/* A click by a person who can be named is answered in the DM, once. */
	deliver("{\"envelope_id\":\"M8\",\"type\":\"interactive\",\"payload\":{\"type\":"
	    "\"block_actions\",\"user\":{\"id\":\"U1\"},\"actions\":[{\"action_id\":7}]}}");
	CHECK_INT(pending(), 5);
	deliver("{\"envelope_id\":\"M8\",\"type\":\"interactive\",\"payload\":{\"type\":"
	    "\"block_actions\",\"user\":{\"id\":\"U1\"},\"actions\":[{\"action_id\":7}]}}");
	CHECK_INT(pending(), 5);	/* the redelivery: answered once */
	/* A slash command with a user who can be answered is told. */
	deliver("{\"envelope_id\":\"M7\",\"type\":\"slash_commands\",\"payload\":{\"user_id\":"
	    "\"U1\",\"command\":\"/sales\",\"text\":7}}");
	CHECK(strstr(acks.last, "could not read that command") != NULL);
	/* And the inbox still works. */
	deliver(SLASH("OK1", "U1", "log call Acme"));
	CHECK(strstr(acks.last, "Logged a call") != NULL);
	close_all();
}

/* Another writer holds the database: a slash command is told nothing was stored, an event
 * is left unacknowledged so Slack delivers it again. */
static void
test_store_busy(void)
{
	char path[] = "/tmp/funnelbot-inbox-XXXXXX";
	char err[256];
	struct store *other;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	unlink(path);
	open_at(path);
	other = store_open(path, 0, NULL, err, sizeof(err));
	CHECK(other != NULL);
	CHECK_INT(store_begin(other), STORE_OK);	/* holds the write lock */
	deliver(SLASH("B1", "U1", "log call Acme"));
	CHECK_INT(acks.n, 1);
	CHECK(strstr(acks.last, "Nothing was stored") != NULL);
	deliver(DM("B2", "EvB2", "U1", "funnel"));
	CHECK_INT(acks.n, 1);				/* no ack: delivered again later */
	store_rollback(other);
	store_close(other);
	deliver(DM("B2", "EvB2", "U1", "funnel"));	/* the redelivery is applied */
	CHECK_INT(acks.n, 2);
	CHECK_INT(pending(), 1);
	close_all();
	for (int i = 0; i < 3; i++) {
		char f[64];
		snprintf(f, sizeof(f), "%s%s", path, (const char *[]){ "", "-wal", "-shm" }[i]);
		unlink(f);
	}
}

/* The text of the newest pending outbox row, "" for none (into buf). */
static const char *
last_dm(char *buf, size_t len)
{
	struct outbox_head heads[64];
	struct outbox_row r;
	int n = store_outbox_pending(st, heads, 64);
	int64_t id = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		if (heads[i].id > id)
			id = heads[i].id;
	if (id && store_outbox_get(st, id, &r) == STORE_OK) {
		snprintf(buf, len, "%s", r.text);
		store_outbox_row_free(&r);
	}
	return buf;
}

static bool early_now, early_last;	/* what the surface says: acked early, before / at last */

static bool
on_early(void *arg, const char *envelope_id, bool last)
{
	(void)arg;
	(void)envelope_id;
	return last ? early_last : early_now;
}

/* Keeps frame as pending (inbox_hold, committed); returns whether it was kept. */
static bool
hold(const char *frame)
{
	struct inbox in = { .st = st, .cmds = cmds, .clk = &clk, .bot_user = "U0BOT",
		.ack = on_ack };
	struct inbox_held h;
	struct envelope e;
	char err[128];

	CHECK_INT(envelope_parse(frame, strlen(frame), &e, err, sizeof(err)), 0);
	h = (struct inbox_held){ .e = &e, .raw = frame };
	CHECK_INT(inbox_hold(&in, &h, 1), STORE_OK);
	if (h.held)
		CHECK_INT(store_commit(st), STORE_OK);
	envelope_free(&e);
	return h.held;
}

static void
recover(void)
{
	struct inbox in = { .st = st, .cmds = cmds, .clk = &clk, .bot_user = "U0BOT",
		.ack = on_ack };

	inbox_recover(&in);
}

/*
 * A slash command kept as pending before it runs: forgotten when it is answered; run once, with
 * the answer in the DM, when a crash cut it off; acknowledged early, its answer goes to the DM
 * whether that happened before or while it committed; too old, dropped with a DM saying so.
 */
static void
test_pending(void)
{
	struct inbox in = { .clk = &clk, .bot_user = "U0BOT", .ack = on_ack, .early = on_early };
	char buf[4096];

	open_at(":memory:");
	in.st = st;
	in.cmds = cmds;
	/* Answered in time: nothing left to recover. */
	CHECK(hold(SLASH("P1", "U1", "log call Acme one")));
	CHECK(!hold(DM("P1d", "EvP1", "U1", "funnel")));	/* only slash commands */
	deliver(SLASH("P1", "U1", "log call Acme one"));
	CHECK_INT(acks.n, 1);
	CHECK(!hold(SLASH("P1", "U1", "log call Acme one")));	/* answered already */
	recover();
	CHECK_INT(pending(), 0);
	CHECK_INT(acks.n, 1);

	/* Cut off by a crash after it was kept: run at recovery, answered in the DM, once. */
	CHECK(hold(SLASH("P2", "U1", "log call Acme two")));
	recover();
	CHECK_INT(acks.n, 1);			/* nobody to ack: the DM has it */
	CHECK_INT(pending(), 1);
	last_dm(buf, sizeof(buf));
	CHECK(strstr(buf, "My answer to `/sales log call Acme two`") != NULL);
	CHECK(strstr(buf, "This week: 2 calls") != NULL);
	recover();
	CHECK_INT(pending(), 1);
	deliver(SLASH("P2", "U1", "log call Acme two"));	/* a redelivery: the same answer */
	CHECK(strstr(acks.last, "This week: 2 calls") != NULL);

	/* Acknowledged early before it committed: no ack, the answer in the DM. */
	early_now = true;
	deliver_to(&in, SLASH("P3", "U1", "log call Acme three"));
	CHECK_INT(acks.n, 2);
	CHECK_INT(pending(), 2);
	CHECK(strstr(last_dm(buf, sizeof(buf)), "This week: 3 calls") != NULL);
	/* ... or while it committed. */
	early_now = false;
	early_last = true;
	deliver_to(&in, SLASH("P4", "U1", "log call Acme four"));
	CHECK_INT(acks.n, 2);
	CHECK_INT(pending(), 3);
	CHECK(strstr(last_dm(buf, sizeof(buf)), "My answer to `/sales log call Acme four`") !=
	    NULL);
	/* Not acknowledged early: the ack has the answer and the DM nothing. */
	early_last = false;
	deliver_to(&in, SLASH("P5", "U1", "log call Acme five"));
	CHECK_INT(acks.n, 3);
	CHECK(strstr(acks.last, "This week: 5 calls") != NULL);
	CHECK_INT(pending(), 3);

	/* Left over an hour: dropped, the sender told nothing was stored. */
	CHECK(hold(SLASH("P6", "U1", "log call Acme six")));
	clk.offset += 3601;
	recover();
	CHECK_INT(pending(), 4);
	CHECK(strstr(last_dm(buf, sizeof(buf)), "Nothing of it was stored") != NULL);
	clk.offset -= 3601;
	deliver(SLASH("P7", "U1", "log call Acme seven"));
	CHECK(strstr(acks.last, "This week: 6 calls") != NULL);	/* six was not */
	close_all();
}

/* Kept, then the store fails: the sender is told it will be done, and recovery does it. */
static void
test_pending_store_busy(void)
{
	char path[] = "/tmp/funnelbot-inbox-XXXXXX", buf[4096], err[256];
	struct store *other;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	unlink(path);
	open_at(path);
	CHECK(hold(SLASH("K1", "U1", "log call Acme kept")));
	other = store_open(path, 0, NULL, err, sizeof(err));
	CHECK(other != NULL);
	CHECK_INT(store_begin(other), STORE_OK);	/* holds the write lock */
	deliver(SLASH("K1", "U1", "log call Acme kept"));
	CHECK_INT(acks.n, 1);
	CHECK(strstr(acks.last, "I will do it as soon as it is") != NULL);
	store_rollback(other);
	store_close(other);
	recover();
	CHECK(strstr(last_dm(buf, sizeof(buf)), "Logged a call with Acme") != NULL);
	CHECK_INT(pending(), 1);
	recover();
	CHECK_INT(pending(), 1);
	close_all();
	for (int i = 0; i < 3; i++) {
		char f[64];
		snprintf(f, sizeof(f), "%s%s", path, (const char *[]){ "", "-wal", "-shm" }[i]);
		unlink(f);
	}
}

int
main(void)
{
	CHECK_INT(clock_open(&clk, "UTC", 0), 0);
	RUN(test_each_kind);
	RUN(test_malformed);
	RUN(test_store_busy);
	RUN(test_pending);
	RUN(test_pending_store_busy);
	clock_close(&clk);
	return test_summary();
}
