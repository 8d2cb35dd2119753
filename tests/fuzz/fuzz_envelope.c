/*
 * Fuzz target for the Socket Mode envelope parser (bot/envelope.h) and the whole path an
 * envelope takes after it: the input is one text frame. A parsed frame is checked, its slash
 * ack built and parsed back, and then handed to the inbox (bot/inbox.c) exactly as the
 * surface does -- the slash, message, mention and button handlers run the commands on an
 * in-memory store with the demo team, inside one outer transaction rolled back afterwards, so
 * every input starts from the same store. Every envelope with an envelope_id is acknowledged
 * exactly once, with a payload that is valid JSON, and a redelivery gets the same ack. The
 * system libcjson is not instrumented, so coverage guides through our code alone.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "bot/clock.h"
#include "bot/envelope.h"
#include "bot/inbox.h"
#include "commands/commands.h"
#include "store/store.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_commands.h"

#define FUZZ_BOT_ID	"U0BOT"


/* Shared by every input; each input's changes are rolled back. */
static struct store *st;
static struct commands *cmds;
static struct clock clk;

struct acks {
	int n;
	char *payload;		/* the first ack's */
};

static void
on_ack(void *arg, const char *envelope_id, const char *payload)
{
	struct acks *a = arg;
	char *frame;

	FUZZ_CHECK(a != NULL);		/* NULL while recovering, which acks nothing */
	frame = envelope_ack(envelope_id, payload);

	FUZZ_CHECK(frame != NULL);	/* the payload is JSON the ack can carry */
	free(frame);
	if (a->n++ == 0 && payload)
		FUZZ_CHECK((a->payload = strdup(payload)) != NULL);
}

/*
 * The inbox on e, kept as pending first, then again (a redelivery): one ack each, the second
 * the same as the first; nothing left pending for a recovery to run (it acks nothing).
 */
static void
check_inbox(const struct envelope *e, const char *raw, size_t size)
{
	struct acks first = { 0 }, again = { 0 };
	struct inbox in = { .st = st, .cmds = cmds, .clk = &clk, .bot_user = FUZZ_BOT_ID,
		.ack = on_ack, .arg = &first };
	char *text = strndup(raw, size);	/* the worker keeps the frame NUL-terminated */
	struct inbox_held h = { .e = e, .raw = text };

	FUZZ_CHECK(text != NULL);
	FUZZ_CHECK(store_begin(st) == STORE_OK);
	FUZZ_CHECK(inbox_hold(&in, &h, 1) == STORE_OK);
	FUZZ_CHECK(!h.held || e->type == ENV_SLASH);
	if (h.held)
		FUZZ_CHECK(store_commit(st) == STORE_OK);
	inbox_handle(&in, e);
	FUZZ_CHECK(first.n == (e->envelope_id ? 1 : 0));
	in.arg = &again;
	inbox_handle(&in, e);
	FUZZ_CHECK(again.n == first.n);
	FUZZ_CHECK((first.payload == NULL) == (again.payload == NULL));
	FUZZ_CHECK(first.payload == NULL || strcmp(first.payload, again.payload) == 0 ||
	    e->invalid != NULL);
	in.arg = NULL;		/* on_ack would crash on it: recovery must not ack */
	inbox_recover(&in);
	store_rollback(st);
	free(text);
	free(first.payload);
	free(again.payload);
}

/* The frame's strings are NUL-terminated (ASan checks the strlen) and no longer than it. */
static void
check_strings(const struct envelope *e, size_t size)
{
	const char *s[] = { e->envelope_id, e->kind, e->host, e->reason, e->event_id,
		e->event_type, e->user, e->user_name, e->channel, e->text, e->command, e->bot_id,
		e->subtype, e->channel_type, e->thread_ts, e->action_id, e->action_value,
		e->action_ts, e->message_ts, e->response_url };
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (s[i] != NULL)
			FUZZ_CHECK(strlen(s[i]) <= size);
}

/* envelope_after_mention() returns text itself or a pointer inside it. */
static void
check_after_mention(const char *text, const char *bot)
{
	const char *p = envelope_after_mention(text, bot);

	FUZZ_CHECK(p >= text && p <= text + strlen(text));
}

/* The ack of a slash command carrying text, built and parsed back. */
static void
check_ack(const char *envelope_id, const char *text, const char *blocks)
{
	char *payload, *ack;
	cJSON *o;
	const cJSON *id, *p, *t;

	FUZZ_CHECK((payload = envelope_slash_payload(text, blocks)) != NULL);
	FUZZ_CHECK((ack = envelope_ack(envelope_id, payload)) != NULL);
	o = cJSON_ParseWithLength(ack, strlen(ack));
	FUZZ_CHECK(cJSON_IsObject(o));
	id = cJSON_GetObjectItemCaseSensitive(o, "envelope_id");
	p = cJSON_GetObjectItemCaseSensitive(o, "payload");
	t = cJSON_GetObjectItemCaseSensitive(p, "text");
	FUZZ_CHECK(cJSON_IsString(id) && strcmp(id->valuestring, envelope_id) == 0);
	FUZZ_CHECK(cJSON_IsObject(p) && cJSON_IsString(t));
	FUZZ_CHECK(strcmp(t->valuestring, text ? text : "") == 0);
	cJSON_Delete(o);
	free(ack);
	free(payload);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	struct request req = { .surface = SURFACE_CONSOLE, .user_id = "UADMIN",
		.text = "demo load", .len = 9, .now = 1795780800 };
	struct reply r;

	(void)argc;
	(void)argv;
	FUZZ_CHECK(clock_open(&clk, "UTC", 0) == 0);
	FUZZ_CHECK((st = store_open(":memory:", 0, NULL, err, sizeof(err))) != NULL);
	FUZZ_CHECK((cmds = commands_new(st, &fuzz_cfg)) != NULL);
	req.today = clock_day(&clk, req.now);
	FUZZ_CHECK(commands_run(cmds, &req, &r) == 0);	/* the demo team to answer about */
	reply_free(&r);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct envelope e;
	char err[256];
	char *copy;
	int rc;

	/* A copy of exactly size bytes, not NUL-terminated, as lws hands a frame over. */
	FUZZ_CHECK((copy = malloc(size ? size : 1)) != NULL);
	if (size > 0)
		memcpy(copy, data, size);
	memset(&e, 0x5A, sizeof(e));
	memset(err, 0, sizeof(err));
	rc = envelope_parse(copy, size, &e, err, sizeof(err));
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == -1) {
		FUZZ_CHECK(err[0] != '\0' && memchr(err, '\0', sizeof(err)) != NULL);
		FUZZ_CHECK(e.json == NULL && e.envelope_id == NULL && e.text == NULL);
		envelope_free(&e);	/* "needs no envelope_free", but must accept it */
		free(copy);
		return 0;
	}
	FUZZ_CHECK(e.json != NULL && e.type >= ENV_OTHER && e.type <= ENV_ACK_ONLY);
	check_strings(&e, size);
	if (e.envelope_id != NULL)
		FUZZ_CHECK(e.envelope_id[0] != '\0' && strlen(e.envelope_id) <= 100);
	switch (e.type) {
	case ENV_HELLO:
		FUZZ_CHECK(e.kind != NULL && strcmp(e.kind, "hello") == 0);
		break;
	case ENV_DISCONNECT:
		FUZZ_CHECK(e.kind != NULL && strcmp(e.kind, "disconnect") == 0);
		break;
	case ENV_SLASH:
	case ENV_MESSAGE:
	case ENV_MENTION:
	case ENV_ACTION:
	case ENV_ACK_ONLY:
		FUZZ_CHECK(e.envelope_id != NULL);
		break;
	case ENV_OTHER:
		break;
	}
	if (e.text != NULL) {
		check_after_mention(e.text, FUZZ_BOT_ID);
		if (e.user != NULL)
			check_after_mention(e.text, e.user);
	}
	if (e.envelope_id != NULL) {
		check_ack(e.envelope_id, e.text, e.text);
		check_ack(e.envelope_id, e.action_value, "[{\"type\":\"divider\"}]");
	}
	if (e.invalid == NULL && e.type == ENV_ACTION)		/* what the handlers rely on */
		FUZZ_CHECK(e.user != NULL && e.action_id != NULL);
	if (e.invalid == NULL && (e.type == ENV_SLASH || e.type == ENV_MENTION))
		FUZZ_CHECK(e.user != NULL);
	if (e.type != ENV_HELLO && e.type != ENV_DISCONNECT && e.type != ENV_OTHER)
		check_inbox(&e, copy, size);
	envelope_free(&e);
	FUZZ_CHECK(e.json == NULL && e.text == NULL);
	free(copy);
	return 0;
}
