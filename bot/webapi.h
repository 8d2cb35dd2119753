/*
 * The Slack Web API over libcurl: one function per method. A struct webapi is one curl handle
 * and one token, used by one thread (the sender, or the connection opener); every call blocks
 * until Slack answers or the timeout passes, so never call these on the websocket thread.
 * Tokens, Authorization headers and returned URLs are never logged or put in error text.
 */
#ifndef BOT_WEBAPI_H
#define BOT_WEBAPI_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct webapi;

enum webapi_rc {
	WEBAPI_OK = 0,
	WEBAPI_RETRY = -1,	/* try again later: HTTP 429 (retry_after), 5xx, a timeout, the
				 * network, or a Slack error that says so (internal_error, ...) */
	WEBAPI_FAIL = -2,	/* Slack refused this call for good (error says why) */
	WEBAPI_AUTH = -3,	/* the token was refused: invalid_auth, not_authed, token_revoked,
				 * account_inactive, token_expired, not_allowed_token_type */
};

struct webapi_result {
	int rc;			/* enum webapi_rc, as the call returned */
	long http_status;	/* 0 when no answer came */
	int retry_after;	/* seconds, from Retry-After on a 429 (at least 1), else 0 */
	char error[96];		/* Slack's error code ("channel_not_found"), "http_503", or the
				 * transport failure ("Timeout was reached"); "" on success */
};

#define WEBAPI_ID_MAX	40	/* bytes of a Slack id, with the NUL */

/* A workspace member as users.info / users.list describe them. */
struct webapi_user {
	char id[WEBAPI_ID_MAX];
	char name[324];		/* the handle ("sally"); names are cut between characters */
	char display_name[324];	/* profile.display_name, else real_name; may be "" */
	char tz[64];		/* IANA zone, "" when Slack gives none */
	bool deleted;
	bool is_bot;		/* bots, apps and Slackbot */
};

/*
 * A client for the API at api_url (ends in '/') with token (copied). timeout_s bounds each
 * call. abort (borrowed, may be NULL): when it becomes true, a call in progress stops with
 * WEBAPI_RETRY. NULL when out of memory.
 */
struct webapi *webapi_new(const char *api_url, const char *token, int timeout_s,
    const atomic_bool *abort);
void webapi_free(struct webapi *w);	/* accepts NULL */

/* Every function below returns res->rc and fills *res. Output parameters are set only on
 * WEBAPI_OK. */

/* auth.test (bot token): the bot's own user id and bot id. */
int webapi_auth_test(struct webapi *w, char user_id[WEBAPI_ID_MAX], char bot_id[WEBAPI_ID_MAX],
    struct webapi_result *res);

/* apps.connections.open (app-level token): the Socket Mode URL, a secret (it holds a ticket):
 * never log it. A URL longer than urllen is a WEBAPI_FAIL. */
int webapi_connections_open(struct webapi *w, char *url, size_t urllen,
    struct webapi_result *res);

/* chat.postMessage: text (required, the notification fallback) and blocks (a JSON array as
 * text, or NULL) into channel. */
int webapi_post_message(struct webapi *w, const char *channel, const char *text,
    const char *blocks, struct webapi_result *res);

/* chat.postEphemeral: seen only by user, in channel. */
int webapi_post_ephemeral(struct webapi *w, const char *channel, const char *user,
    const char *text, const char *blocks, struct webapi_result *res);

/* conversations.open: the id of the DM with user. */
int webapi_conversations_open(struct webapi *w, const char *user,
    char channel[WEBAPI_ID_MAX], struct webapi_result *res);

/* users.info; an answer without a user or with an empty id is a WEBAPI_FAIL. */
int webapi_users_info(struct webapi *w, const char *user, struct webapi_user *out,
    struct webapi_result *res);

/*
 * One page of users.list (limit members at most): calls fn for each member, then sets
 * next_cursor ("" after the last page). cursor "" or NULL starts. fn returns non-zero to stop
 * (the call then returns WEBAPI_OK with next_cursor "").
 */
typedef int (*webapi_user_fn)(const struct webapi_user *u, void *arg);
int webapi_users_list_page(struct webapi *w, const char *cursor, int limit, webapi_user_fn fn,
    void *arg, char *next_cursor, size_t cursorlen, struct webapi_result *res);

/*
 * Shares a file in channel: files.getUploadURLExternal, the upload (POSTed without the token),
 * files.completeUploadExternal with comment (may be NULL) as its message.
 */
int webapi_upload_file(struct webapi *w, const char *channel, const char *filename,
    const char *data, size_t len, const char *comment, struct webapi_result *res);

#endif
