/*
 * Socket Mode frames as data: envelope_parse() turns one reassembled text frame into a struct
 * envelope (hello, disconnect, slash command, message, mention, button click, ...), and the
 * ack builders make the JSON sent back. Pure: no sockets, no clock, no logging, so it is unit
 * tested on the fixtures and fuzzed (bot/slack.c is its only caller in the program).
 */
#ifndef BOT_ENVELOPE_H
#define BOT_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>

enum env_type {
	ENV_OTHER,		/* valid JSON we do not act on and need not ack (no envelope_id) */
	ENV_HELLO,		/* {"type":"hello"}: the link is up */
	ENV_DISCONNECT,		/* {"type":"disconnect","reason":...} */
	ENV_SLASH,		/* slash_commands */
	ENV_MESSAGE,		/* events_api, event.type "message" */
	ENV_MENTION,		/* events_api, event.type "app_mention" */
	ENV_ACTION,		/* interactive, payload.type "block_actions" */
	ENV_ACK_ONLY,		/* an envelope of another kind: acknowledged, nothing else */
};

/*
 * One parsed frame. Every string points into the parsed JSON (json, owned) and lives until
 * envelope_free(); a field the frame lacks is NULL (numbers: 0).
 */
struct envelope {
	enum env_type type;
	const char *envelope_id;	/* any envelope; NULL for hello, disconnect */
	const char *kind;		/* the frame's "type": "events_api", "hello", ... */

	int num_connections;		/* hello, too_many_websockets */
	const char *host;		/* hello, disconnect: debug_info.host */
	const char *reason;		/* disconnect */

	const char *event_id;		/* events_api: payload.event_id */
	const char *event_type;		/* events_api: payload.event.type */
	int retry_attempt;		/* events_api */

	const char *user;		/* the person acting (user_id, event.user, user.id) */
	const char *user_name;		/* slash: user_name; action: user.username */
	const char *channel;		/* slash: channel_id; event.channel; action: channel.id */
	const char *text;		/* slash: text after the command; event.text */
	const char *command;		/* slash: "/sales" */
	const char *bot_id;		/* message: set when a bot (us included) posted it */
	const char *subtype;		/* message: "bot_message", "message_changed", ... */
	const char *channel_type;	/* message: "im", "channel", ... */
	const char *thread_ts;		/* message, mention */

	const char *action_id;		/* block_actions: actions[0] */
	const char *action_value;
	const char *action_ts;
	const char *message_ts;		/* block_actions: container.message_ts */
	const char *response_url;	/* slash, block_actions */

	/*
	 * Set when a field the envelope's kind needs is missing, null, of the wrong type, not
	 * UTF-8, or not an id where one belongs: the reason ("user_id is missing"). Such an
	 * envelope is acknowledged and logged, never acted on; the fields above may be NULL.
	 */
	const char *invalid;
	char why[96];

	void *json;			/* the cJSON tree, owned */
};

#define ENVELOPE_ID_MAX	39	/* bytes of a user or channel id */

/*
 * Parses len bytes (not NUL-terminated) of one text frame into *e. Returns 0, or -1 with the
 * reason in err (e is then empty and needs no envelope_free). JSON that is not an object is an
 * error; an object of an unknown shape is ENV_OTHER, or ENV_ACK_ONLY when it has an
 * envelope_id. A slash command, a message or mention event and a block_actions click have
 * every field they use checked; one that fails has e->invalid set (see above).
 */
int envelope_parse(const char *buf, size_t len, struct envelope *e, char *err, size_t errlen);
void envelope_free(struct envelope *e);		/* accepts a zeroed envelope */

/*
 * The text of an app_mention after the leading mention of the bot ("<@U0BOT> funnel me",
 * "<@U0BOT|funnelbot> ..."), blanks after it skipped; text itself when it does not start with
 * that mention. Returns a pointer into text.
 */
const char *envelope_after_mention(const char *text, const char *bot_user_id);

/*
 * The payload of a slash command's ack: {"response_type":"ephemeral","text":...,"blocks":...}.
 * blocks is a JSON array or NULL (dropped when it does not parse). Returns a malloc'd string,
 * NULL when out of memory.
 */
char *envelope_slash_payload(const char *text, const char *blocks);

/*
 * The ack frame {"envelope_id":...} with "payload" when payload (a JSON object as text) is not
 * NULL. Returns a malloc'd string, NULL when out of memory or payload does not parse.
 */
char *envelope_ack(const char *envelope_id, const char *payload);

#endif
