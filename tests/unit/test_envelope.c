/* The Socket Mode frame parser and ack builders (bot/envelope.c), on frames shaped like
 * ../shared/fixtures/slack/ and on broken ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/envelope.h"
#include "tests/test.h"

static int
parse(const char *json, struct envelope *e)
{
	char err[128];

	return envelope_parse(json, strlen(json), e, err, sizeof(err));
}

static void
test_hello_and_disconnect(void)
{
	struct envelope e;

	CHECK_INT(parse("{\"type\":\"hello\",\"num_connections\":2,\"debug_info\":{\"host\":"
	    "\"applink-7\",\"build_number\":118,\"approximate_connection_time\":18060},"
	    "\"connection_info\":{\"app_id\":\"A0SALESBOT\"}}", &e), 0);
	CHECK_INT(e.type, ENV_HELLO);
	CHECK_INT(e.num_connections, 2);
	CHECK_STR(e.host, "applink-7");
	CHECK(e.envelope_id == NULL);
	envelope_free(&e);

	CHECK_INT(parse("{\"type\":\"hello\"}", &e), 0);	/* bare, as NODE's fake sends it */
	CHECK_INT(e.type, ENV_HELLO);
	CHECK(e.host == NULL);
	envelope_free(&e);

	CHECK_INT(parse("{\"type\":\"disconnect\",\"reason\":\"too_many_websockets\","
	    "\"debug_info\":{\"host\":\"applink-7\"},\"num_connections\":11}", &e), 0);
	CHECK_INT(e.type, ENV_DISCONNECT);
	CHECK_STR(e.reason, "too_many_websockets");
	CHECK_INT(e.num_connections, 11);
	envelope_free(&e);
}

static void
test_slash_command(void)
{
	struct envelope e;

	CHECK_INT(parse("{\"envelope_id\":\"3f1c\",\"type\":\"slash_commands\","
	    "\"accepts_response_payload\":true,\"payload\":{\"channel_id\":\"D0ALICEDM1\","
	    "\"user_id\":\"U0ALICE001\",\"user_name\":\"alice\",\"command\":\"/pipeline\","
	    "\"text\":\"assign <@U0BOB00002> deal &lt;ACME-42&gt;\",\"is_enterprise_install\":"
	    "\"false\",\"response_url\":\"https://hooks.slack.com/commands/x\"}}", &e), 0);
	CHECK_INT(e.type, ENV_SLASH);
	CHECK_STR(e.envelope_id, "3f1c");
	CHECK_STR(e.user, "U0ALICE001");
	CHECK_STR(e.user_name, "alice");
	CHECK_STR(e.channel, "D0ALICEDM1");
	CHECK_STR(e.command, "/pipeline");
	CHECK_STR(e.text, "assign <@U0BOB00002> deal &lt;ACME-42&gt;");
	CHECK_STR(e.response_url, "https://hooks.slack.com/commands/x");
	envelope_free(&e);
}

static void
test_events(void)
{
	struct envelope e;

	CHECK_INT(parse("{\"envelope_id\":\"c4a1\",\"type\":\"events_api\",\"retry_attempt\":1,"
	    "\"retry_reason\":\"timeout\",\"payload\":{\"event\":{\"type\":\"message\",\"text\":"
	    "\"what's on my plate today?\",\"user\":\"U0ALICE001\",\"channel\":\"D0ALICEDM1\","
	    "\"channel_type\":\"im\"},\"type\":\"event_callback\",\"event_id\":\"Ev0IM000001\"}}",
	    &e), 0);
	CHECK_INT(e.type, ENV_MESSAGE);
	CHECK_STR(e.event_id, "Ev0IM000001");
	CHECK_INT(e.retry_attempt, 1);
	CHECK_STR(e.channel_type, "im");
	CHECK(e.bot_id == NULL && e.subtype == NULL);
	envelope_free(&e);

	CHECK_INT(parse("{\"envelope_id\":\"e7f6\",\"type\":\"events_api\",\"payload\":{\"event\":"
	    "{\"type\":\"message\",\"subtype\":\"bot_message\",\"bot_id\":\"B0BOTID01\",\"user\":"
	    "\"U0BOTUSER1\",\"channel\":\"D0ALICEDM1\"},\"event_id\":\"Ev2\"}}", &e), 0);
	CHECK_INT(e.type, ENV_MESSAGE);
	CHECK_STR(e.bot_id, "B0BOTID01");
	CHECK_STR(e.subtype, "bot_message");
	envelope_free(&e);

	CHECK_INT(parse("{\"envelope_id\":\"a0b1\",\"type\":\"events_api\",\"payload\":{\"event\":"
	    "{\"type\":\"app_mention\",\"text\":\"<@U0BOTUSER1> summary\",\"user\":\"U0BOB00002\","
	    "\"channel\":\"C0PIPELINE\",\"thread_ts\":\"1.2\"},\"event_id\":\"Ev0MENTION1\"}}", &e),
	    0);
	CHECK_INT(e.type, ENV_MENTION);
	CHECK_STR(e.channel, "C0PIPELINE");
	CHECK_STR(e.thread_ts, "1.2");
	envelope_free(&e);

	/* another event type: acknowledged only */
	CHECK_INT(parse("{\"envelope_id\":\"x\",\"type\":\"events_api\",\"payload\":{\"event\":"
	    "{\"type\":\"reaction_added\"}}}", &e), 0);
	CHECK_INT(e.type, ENV_ACK_ONLY);
	envelope_free(&e);
}

static void
test_block_actions(void)
{
	struct envelope e;

	CHECK_INT(parse("{\"envelope_id\":\"8d2e\",\"type\":\"interactive\",\"payload\":{\"type\":"
	    "\"block_actions\",\"user\":{\"id\":\"U0ALICE001\",\"username\":\"alice\"},"
	    "\"container\":{\"type\":\"message\",\"message_ts\":\"1767225605.000200\","
	    "\"channel_id\":\"D0ALICEDM1\"},\"channel\":{\"id\":\"D0ALICEDM1\"},\"response_url\":"
	    "\"https://hooks.slack.com/actions/x\",\"actions\":[{\"type\":\"button\",\"action_id\":"
	    "\"deal_snooze\",\"value\":\"ACME-42:snooze:1d\",\"action_ts\":\"1767225660.1\"}]}}",
	    &e), 0);
	CHECK_INT(e.type, ENV_ACTION);
	CHECK_STR(e.user, "U0ALICE001");
	CHECK_STR(e.user_name, "alice");
	CHECK_STR(e.channel, "D0ALICEDM1");
	CHECK_STR(e.action_id, "deal_snooze");
	CHECK_STR(e.action_value, "ACME-42:snooze:1d");
	CHECK_STR(e.message_ts, "1767225605.000200");
	envelope_free(&e);

	/* a shortcut or view: acknowledged only */
	CHECK_INT(parse("{\"envelope_id\":\"v\",\"type\":\"interactive\",\"payload\":{\"type\":"
	    "\"view_submission\"}}", &e), 0);
	CHECK_INT(e.type, ENV_ACK_ONLY);
	envelope_free(&e);
}

static void
test_hostile_frames(void)
{
	static const char *const bad[] = {
		"", "{", "not json", "[1,2]", "\"hello\"", "42", "{\"type\":\"hello\"",
		"{\"envelope_id\":\"\",\"type\":\"slash_commands\"}",
	};
	static const char *const odd[] = {
		"{}", "{\"type\":7}", "{\"type\":\"slash_commands\"}",
		"{\"envelope_id\":\"e\",\"type\":\"slash_commands\",\"payload\":[]}",
		"{\"envelope_id\":\"e\",\"type\":\"events_api\",\"payload\":{\"event\":\"x\"}}",
		"{\"envelope_id\":\"e\",\"type\":\"interactive\",\"payload\":{\"type\":"
		"\"block_actions\",\"actions\":{}}}",
		"{\"envelope_id\":\"e\",\"type\":\"slash_commands\",\"payload\":{\"text\":null,"
		"\"user_id\":5}}",
	};
	struct envelope e;
	char err[128], *deep;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (envelope_parse(bad[i], strlen(bad[i]), &e, err, sizeof(err)) != -1)
			test_fail(__FILE__, __LINE__, "bad[%zu] parsed", i);
		CHECK(err[0] != '\0');
		CHECK(e.json == NULL);
	}
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		if (envelope_parse(odd[i], strlen(odd[i]), &e, err, sizeof(err)) != 0)
			test_fail(__FILE__, __LINE__, "odd[%zu] refused: %s", i, err);
		CHECK(e.text == NULL && e.user == NULL);
		envelope_free(&e);
	}
	/* not NUL-terminated: only len bytes are read */
	CHECK_INT(envelope_parse("{\"type\":\"hello\"}garbage", 16, &e, err, sizeof(err)), 0);
	CHECK_INT(e.type, ENV_HELLO);
	envelope_free(&e);
	/* deep nesting is refused by cJSON, not a crash */
	deep = malloc(20001);
	memset(deep, '[', 20000);
	deep[20000] = '\0';
	CHECK_INT(envelope_parse(deep, 20000, &e, err, sizeof(err)), -1);
	free(deep);
}

static void
test_after_mention(void)
{
	CHECK_STR(envelope_after_mention("<@U0BOT> funnel @sally", "U0BOT"), "funnel @sally");
	CHECK_STR(envelope_after_mention("<@U0BOT|funnelbot>:  help", "U0BOT"), "help");
	CHECK_STR(envelope_after_mention("<@U0BOT>", "U0BOT"), "");
	CHECK_STR(envelope_after_mention("hey <@U0BOT> help", "U0BOT"), "hey <@U0BOT> help");
	CHECK_STR(envelope_after_mention("<@U0BOTX> help", "U0BOT"), "<@U0BOTX> help");
	CHECK_STR(envelope_after_mention("<@U0BOT help", "U0BOT"), "<@U0BOT help");
	CHECK_STR(envelope_after_mention("<@U0BOT> x", ""), "<@U0BOT> x");
}

static void
test_acks(void)
{
	char *p = envelope_slash_payload("Logged \"a\" <call>", "[{\"type\":\"divider\"}]");
	char *a;

	CHECK_STR(p, "{\"response_type\":\"ephemeral\",\"text\":\"Logged \\\"a\\\" <call>\","
	    "\"blocks\":[{\"type\":\"divider\"}]}");
	a = envelope_ack("3f1c", p);
	CHECK_STR(a, "{\"envelope_id\":\"3f1c\",\"payload\":{\"response_type\":\"ephemeral\","
	    "\"text\":\"Logged \\\"a\\\" <call>\",\"blocks\":[{\"type\":\"divider\"}]}}");
	free(a);
	free(p);
	p = envelope_slash_payload("x", "not json");	/* blocks dropped, text kept */
	CHECK_STR(p, "{\"response_type\":\"ephemeral\",\"text\":\"x\"}");
	free(p);
	a = envelope_ack("8d2e", NULL);
	CHECK_STR(a, "{\"envelope_id\":\"8d2e\"}");
	free(a);
	CHECK(envelope_ack("x", "[1]") == NULL);
}

/*
 * Every field a handler uses, missing, null, of the wrong type, empty or not UTF-8: the
 * envelope parses (so it is acked) and is marked invalid with the field named.
 */
static void
test_malformed_fields(void)
{
	static const struct {
		const char *payload_type, *payload, *field;
	} cases[] = {
		/* block_actions */
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"}}", "actions" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"actions\":[]}", "actions" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"actions\":[1]}", "actions" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"actions\":{\"action_id\":\"prompt_snooze\"}}", "actions" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"actions\":[{\"value\":\"0:2026-W48\"}]}", "action_id" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"actions\":[{\"action_id\":null}]}", "action_id" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"actions\":[{\"action_id\":7}]}", "action_id" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"actions\":[{\"action_id\":\"\"}]}", "action_id" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"actions\":[{\"action_id\":\"prompt_away\",\"value\":{\"a\":1}}]}", "value" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"actions\":[{\"action_id\":\"prompt_away\",\"value\":[\"x\"]}]}", "value" },
		{ "interactive", "{\"type\":\"block_actions\",\"actions\":"
		  "[{\"action_id\":\"prompt_away\"}]}", "user" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":\"U1\",\"actions\":"
		  "[{\"action_id\":\"prompt_away\"}]}", "user" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{},\"actions\":"
		  "[{\"action_id\":\"prompt_away\"}]}", "id" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"\"},\"actions\":"
		  "[{\"action_id\":\"prompt_away\"}]}", "id" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\\\"x\"},"
		  "\"actions\":[{\"action_id\":\"prompt_away\"}]}", "id" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"channel\":7,\"actions\":[{\"action_id\":\"prompt_away\"}]}", "channel" },
		{ "interactive", "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},"
		  "\"actions\":[{\"action_id\":\"prompt_\xff\"}]}", "action_id" },
		/* slash commands */
		{ "slash_commands", "{\"command\":\"/sales\",\"text\":\"help\"}", "user_id" },
		{ "slash_commands", "{\"user_id\":null,\"command\":\"/sales\"}", "user_id" },
		{ "slash_commands", "{\"user_id\":42,\"command\":\"/sales\"}", "user_id" },
		{ "slash_commands", "{\"user_id\":\"U1\"}", "command" },
		{ "slash_commands", "{\"user_id\":\"U1\",\"command\":\"sales\"}", "command" },
		{ "slash_commands", "{\"user_id\":\"U1\",\"command\":\"/sales\",\"text\":5}",
		  "text" },
		{ "slash_commands", "{\"user_id\":\"U1\",\"command\":\"/sales\",\"text\":"
		  "\"caf\xc3\"}", "text" },
		{ "slash_commands", "[]", "payload" },
		{ "slash_commands", "null", "payload" },
		/* events */
		{ "events_api", "{\"event_id\":\"Ev1\"}", "event" },
		{ "events_api", "{\"event\":\"message\"}", "event" },
		{ "events_api", "{\"event\":{\"type\":\"app_mention\",\"channel\":\"C1\","
		  "\"text\":\"hi\"}}", "user" },
		{ "events_api", "{\"event\":{\"type\":\"app_mention\",\"user\":\"U1\","
		  "\"text\":\"hi\"}}", "channel" },
		{ "events_api", "{\"event\":{\"type\":\"message\",\"user\":[],\"channel\":"
		  "\"D1\",\"text\":\"hi\"}}", "user" },
		{ "events_api", "{\"event\":{\"type\":\"message\",\"user\":\"U1\",\"channel\":"
		  "\"D1\",\"text\":{}}}", "text" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char frame[1024];
		struct envelope e;

		snprintf(frame, sizeof(frame), "{\"envelope_id\":\"E%zu\",\"type\":\"%s\","
		    "\"payload\":%s}", i, cases[i].payload_type, cases[i].payload);
		CHECK_INT(parse(frame, &e), 0);
		if (e.invalid == NULL || strncmp(e.invalid, cases[i].field,
		    strlen(cases[i].field)) != 0)
			fprintf(stderr, "  case %zu: %s -> %s\n", i, frame,
			    e.invalid ? e.invalid : "(valid)");
		CHECK(e.invalid != NULL);
		CHECK(e.invalid && strncmp(e.invalid, cases[i].field, strlen(cases[i].field)) == 0);
		CHECK(e.envelope_id != NULL);		/* so it is acknowledged */
		envelope_free(&e);
	}
	/* An envelope_id goes back in the ack: only an id is taken. */
	{
		struct envelope e;
		CHECK_INT(parse("{\"envelope_id\":\"\xff" "ab\",\"type\":\"slash_commands\"}", &e),
		    -1);
		CHECK_INT(parse("{\"envelope_id\":\"a b\",\"type\":\"slash_commands\"}", &e), -1);
		CHECK_INT(parse("{\"envelope_id\":\"3f1c2b7a-5d0e_4c39.9a61\",\"type\":\"x\"}", &e),
		    0);
		envelope_free(&e);
	}
}

int
main(void)
{
	RUN(test_hello_and_disconnect);
	RUN(test_slash_command);
	RUN(test_events);
	RUN(test_block_actions);
	RUN(test_hostile_frames);
	RUN(test_after_mention);
	RUN(test_acks);
	RUN(test_malformed_fields);
	return test_summary();
}
