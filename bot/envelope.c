/* Socket Mode frames as data (see envelope.h): cJSON in, struct envelope out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bot/envelope.h"

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
	e->user = str(p, "user_id");
	e->user_name = str(p, "user_name");
	e->channel = str(p, "channel_id");
	e->command = str(p, "command");
	e->text = str(p, "text");
	e->response_url = str(p, "response_url");
}

static void
parse_event(struct envelope *e, const cJSON *p)
{
	const cJSON *ev = get(p, "event");

	e->event_id = str(p, "event_id");
	e->event_type = str(ev, "type");
	e->user = str(ev, "user");
	e->channel = str(ev, "channel");
	e->text = str(ev, "text");
	e->bot_id = str(ev, "bot_id");
	e->subtype = str(ev, "subtype");
	e->channel_type = str(ev, "channel_type");
	e->thread_ts = str(ev, "thread_ts");
	if (e->event_type && strcmp(e->event_type, "message") == 0)
		e->type = ENV_MESSAGE;
	else if (e->event_type && strcmp(e->event_type, "app_mention") == 0)
		e->type = ENV_MENTION;
}

static void
parse_interactive(struct envelope *e, const cJSON *p)
{
	const cJSON *actions = get(p, "actions");
	const cJSON *a = cJSON_IsArray(actions) ? cJSON_GetArrayItem(actions, 0) : NULL;
	const char *t = str(p, "type");

	if (t == NULL || strcmp(t, "block_actions") != 0)
		return;
	e->type = ENV_ACTION;
	e->user = str(get(p, "user"), "id");
	e->user_name = str(get(p, "user"), "username");
	e->channel = str(get(p, "channel"), "id");
	if (e->channel == NULL)
		e->channel = str(get(p, "container"), "channel_id");
	e->message_ts = str(get(p, "container"), "message_ts");
	e->response_url = str(p, "response_url");
	e->action_id = str(a, "action_id");
	e->action_value = str(a, "value");
	e->action_ts = str(a, "action_ts");
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
	if (e->envelope_id && (e->envelope_id[0] == '\0' || strlen(e->envelope_id) > 100)) {
		envelope_free(e);
		snprintf(err, errlen, "an envelope_id that is empty or longer than 100 bytes");
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
