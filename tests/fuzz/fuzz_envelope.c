/*
 * Fuzz target for the Socket Mode envelope parser (bot/envelope.h): the input is one text
 * frame. A parsed frame then goes where bot/slack.c sends it -- the mention stripped from its
 * text, a slash command's ack payload built and wrapped in the ack frame -- and the ack must
 * parse back to the same envelope_id and text. The system libcjson is not instrumented, so
 * coverage guides through envelope.c alone. No state outlives a call.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "bot/envelope.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_BOT_ID	"U0BOT"

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
	(void)argc;
	(void)argv;
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
	envelope_free(&e);
	FUZZ_CHECK(e.json == NULL && e.text == NULL);
	free(copy);
	return 0;
}
