/* Socket Mode frames as data (see envelope.h): cJSON in, struct envelope out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bot/envelope.h"
#include "commands/utf8.h"

static const cJSON *
get(const cJSON *o, const char *name)
{
	return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
}

/* The string o.name, or NULL when absent or not a string. */
static const char *
str(const cJSON *o, const char *name)
{
	const cJSON *v = get(o, name);

	return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

enum { OPTIONAL = 0, REQUIRED = 1, ID = 2 };

/* Marks e as one we cannot handle, with the first reason found. */
static void
invalid(struct envelope *e, const char *what, const char *why)
{
	if (e->invalid == NULL) {
		snprintf(e->why, sizeof(e->why), "%s %s", what, why);
		e->invalid = e->why;
	}
}

/*
 * The string o.name checked: present when REQUIRED; a string, valid UTF-8 (cJSON passes bad
 * bytes through); an ID is 1 to ENVELOPE_ID_MAX bytes of letters, digits, '.', '_' and '-'.
 * Any problem marks e invalid and gives NULL.
 */
static const char *
field(struct envelope *e, const cJSON *o, const char *name, int flags)
{
	const cJSON *v = get(o, name);
	const char *t;
	size_t n;

	if (v == NULL || cJSON_IsNull(v)) {
		if (flags & REQUIRED)
			invalid(e, name, "is missing");
		return NULL;
	}
	if (!cJSON_IsString(v) || v->valuestring == NULL) {
		invalid(e, name, "is not a string");
		return NULL;
	}
	t = v->valuestring;
	n = strlen(t);
	if (!utf8_valid(t, n)) {
		invalid(e, name, "is not UTF-8");
		return NULL;
	}
	if (flags & ID) {
		if (n == 0 || n > ENVELOPE_ID_MAX || strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789._-") != n) {
			invalid(e, name, "is not an id");
			return NULL;
		}
	}
	return t;
}

/* The object o.name: REQUIRED or absent; anything else marks e invalid. */
static const cJSON *
object(struct envelope *e, const cJSON *o, const char *name, int flags)
{
	const cJSON *v = get(o, name);

	if (cJSON_IsObject(v))
		return v;
	if (v != NULL && !cJSON_IsNull(v))
		invalid(e, name, "is not an object");
	else if (flags & REQUIRED)
		invalid(e, name, "is missing");
	return NULL;
}

/* The integer o.name; strings of digits count (Slack sends some numbers as strings). */
static int
num(const cJSON *o, const char *name)
{
	const cJSON *v = get(o, name);

	if (cJSON_IsNumber(v) && v->valuedouble >= -1e9 && v->valuedouble <= 1e9)
		return (int)v->valuedouble;
	if (cJSON_IsString(v) && v->valuestring) {
		char *end;
		long n;

		errno = 0;
		n = strtol(v->valuestring, &end, 10);
		return errno == 0 && end != v->valuestring && n >= -1000000000L &&
		    n <= 1000000000L ? (int)n : 0;
	}
	return 0;
}

static void
parse_slash(struct envelope *e, const cJSON *p)
{
	e->type = ENV_SLASH;
	if (!cJSON_IsObject(p)) {
		invalid(e, "payload", "is not an object");
		return;
	}
	e->user = field(e, p, "user_id", REQUIRED | ID);
	e->user_name = field(e, p, "user_name", OPTIONAL);
	e->channel = field(e, p, "channel_id", OPTIONAL | ID);
	e->command = field(e, p, "command", REQUIRED);
	e->text = field(e, p, "text", OPTIONAL);
	e->response_url = field(e, p, "response_url", OPTIONAL);
	if (e->command && e->command[0] != '/')
		invalid(e, "command", "does not start with /");
}

static void
parse_event(struct envelope *e, const cJSON *p)
{
	const cJSON *ev;

	if (!cJSON_IsObject(p)) {
		invalid(e, "payload", "is not an object");
		return;
	}
	e->event_id = field(e, p, "event_id", OPTIONAL);
	if ((ev = object(e, p, "event", REQUIRED)) == NULL)
		return;
	e->event_type = field(e, ev, "type", OPTIONAL);
	if (e->event_type && strcmp(e->event_type, "message") == 0)
		e->type = ENV_MESSAGE;
	else if (e->event_type && strcmp(e->event_type, "app_mention") == 0)
		e->type = ENV_MENTION;
	else
		return;		/* an event we do not act on: its other fields do not matter */
	/* A message may come from a bot, without a user; a mention always has one. */
	e->user = field(e, ev, "user", (e->type == ENV_MENTION ? REQUIRED : 0) | ID);
	e->channel = field(e, ev, "channel", (e->type == ENV_MENTION ? REQUIRED : 0) | ID);
	e->text = field(e, ev, "text", OPTIONAL);
	e->bot_id = field(e, ev, "bot_id", OPTIONAL);
	e->subtype = field(e, ev, "subtype", OPTIONAL);
	e->channel_type = field(e, ev, "channel_type", OPTIONAL);
	e->thread_ts = field(e, ev, "thread_ts", OPTIONAL);
}

static void
parse_interactive(struct envelope *e, const cJSON *p)
{
	const cJSON *actions, *a, *user;
	const char *t = str(p, "type");

	if (t == NULL || strcmp(t, "block_actions") != 0)
		return;		/* a view submission, a shortcut: acknowledged, nothing else */
	e->type = ENV_ACTION;
	if ((user = object(e, p, "user", REQUIRED)) != NULL) {
		e->user = field(e, user, "id", REQUIRED | ID);
		e->user_name = field(e, user, "username", OPTIONAL);
	}
	e->channel = field(e, object(e, p, "channel", OPTIONAL), "id", OPTIONAL | ID);
	if (e->channel == NULL)
		e->channel = field(e, object(e, p, "container", OPTIONAL), "channel_id",
		    OPTIONAL | ID);
	e->message_ts = field(e, object(e, p, "container", OPTIONAL), "message_ts", OPTIONAL);
	e->response_url = field(e, p, "response_url", OPTIONAL);
	actions = get(p, "actions");
	if (!cJSON_IsArray(actions) || (a = cJSON_GetArrayItem(actions, 0)) == NULL ||
	    !cJSON_IsObject(a)) {
		invalid(e, "actions", "holds no action");
		return;
	}
	e->action_id = field(e, a, "action_id", REQUIRED);
	e->action_value = field(e, a, "value", OPTIONAL);
	e->action_ts = field(e, a, "action_ts", OPTIONAL);
	if (e->action_id && (e->action_id[0] == '\0' || strlen(e->action_id) > 255))
		invalid(e, "action_id", "is empty or longer than 255 bytes");
}

int
envelope_parse(const char *buf, size_t len, struct envelope *e, char *err, size_t errlen)
{
	cJSON *root;
	const cJSON *p;
	const char *end = NULL;

	memset(e, 0, sizeof(*e));
	root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (root == NULL) {
		size_t off = end && end >= buf && end <= buf + len ? (size_t)(end - buf) : len;
		snprintf(err, errlen, "not JSON (error at byte %zu)", off);
		return -1;
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		snprintf(err, errlen, "not a JSON object");
		return -1;
	}
	e->json = root;
	e->kind = str(root, "type");
	e->envelope_id = str(root, "envelope_id");
	/* It goes back in the ack: letters, digits, '-', '_' and '.' only (a UUID), so a bad
	 * byte in it can never make the ack an invalid frame. */
	if (e->envelope_id && (e->envelope_id[0] == '\0' || strlen(e->envelope_id) > 100 ||
	    strspn(e->envelope_id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_.") != strlen(e->envelope_id))) {
		envelope_free(e);
		snprintf(err, errlen, "an envelope_id that is empty, longer than 100 bytes or not "
		    "an id");
		return -1;
	}
	p = get(root, "payload");
	e->type = e->envelope_id ? ENV_ACK_ONLY : ENV_OTHER;
	if (e->kind == NULL)
		return 0;
	if (strcmp(e->kind, "hello") == 0) {
		e->type = ENV_HELLO;
		e->num_connections = num(root, "num_connections");
		e->host = str(get(root, "debug_info"), "host");
	} else if (strcmp(e->kind, "disconnect") == 0) {
		e->type = ENV_DISCONNECT;
		e->reason = str(root, "reason");
		e->num_connections = num(root, "num_connections");
		e->host = str(get(root, "debug_info"), "host");
	} else if (e->envelope_id == NULL) {
		return 0;
	} else if (strcmp(e->kind, "slash_commands") == 0) {
		parse_slash(e, p);
	} else if (strcmp(e->kind, "events_api") == 0) {
		e->retry_attempt = num(root, "retry_attempt");
		parse_event(e, p);
	} else if (strcmp(e->kind, "interactive") == 0) {
		parse_interactive(e, p);
	}
	return 0;
}

void
envelope_free(struct envelope *e)
{
	cJSON_Delete(e->json);
	memset(e, 0, sizeof(*e));
}

const char *
envelope_after_mention(const char *text, const char *bot_user_id)
{
	size_t n = bot_user_id ? strlen(bot_user_id) : 0;
	const char *p = text;

	if (n == 0 || strncmp(p, "<@", 2) != 0 || strncmp(p + 2, bot_user_id, n) != 0)
		return text;
	p += 2 + n;
	if (*p == '|')
		p += strcspn(p, ">");
	if (*p != '>')
		return text;
	p++;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',' || *p == ':')
		p++;
	return p;
}

char *
envelope_slash_payload(const char *text, const char *blocks)
{
	cJSON *o = cJSON_CreateObject(), *b = NULL;
	char *out = NULL;

	if (o == NULL)
		return NULL;
	if (blocks)
		b = cJSON_Parse(blocks);
	if (cJSON_AddStringToObject(o, "response_type", "ephemeral") == NULL ||
	    cJSON_AddStringToObject(o, "text", text ? text : "") == NULL)
		goto done;
	if (cJSON_IsArray(b)) {
		cJSON_AddItemToObject(o, "blocks", b);
		b = NULL;
	}
	out = cJSON_PrintUnformatted(o);
done:
	cJSON_Delete(b);
	cJSON_Delete(o);
	return out;
}

char *
envelope_ack(const char *envelope_id, const char *payload)
{
	cJSON *o = cJSON_CreateObject(), *p = NULL;
	char *out = NULL;

	if (o == NULL)
		return NULL;
	if (cJSON_AddStringToObject(o, "envelope_id", envelope_id) == NULL)
		goto done;
	if (payload) {
		if ((p = cJSON_Parse(payload)) == NULL || !cJSON_IsObject(p))
			goto done;
		cJSON_AddItemToObject(o, "payload", p);
		p = NULL;
	}
	out = cJSON_PrintUnformatted(o);
done:
	cJSON_Delete(p);
	cJSON_Delete(o);
	return out;
}
