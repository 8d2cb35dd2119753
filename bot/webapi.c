/*
 * The Slack Web API over libcurl (see webapi.h). Requests: JSON bodies with a charset for the
 * chat methods and conversations.open, form bodies or query strings where Slack wants them.
 * Answers: HTTP status, Retry-After, then the JSON "ok"/"error".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "bot/webapi.h"
#include "commands/utf8.h"

#define BODY_MAX	(8 * 1024 * 1024)	/* bytes of an answer we read (users.list pages) */
#define URL_MAX		2048			/* bytes of a request URL */
#define RETRY_AFTER_MAX	3600			/* seconds we accept from Retry-After */

struct webapi {
	CURL *curl;
	char base[URL_MAX];		/* ends in '/' */
	char auth[320];			/* "Authorization: Bearer <token>": never logged */
	int timeout_s;
	const atomic_bool *abort;	/* borrowed */
	char *body;			/* the answer being read (cap BODY_MAX) */
	size_t len, cap;
	bool over;			/* the answer was longer than BODY_MAX */
	int retry_after;		/* from the last answer's headers */
};

/* Slack errors that mean the token is wrong, and those worth retrying (slack-protocol.md §8.1). */
static const char *const auth_errors[] = {
	"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
	"not_allowed_token_type", "team_disabled", "user_removed_from_team",
};
static const char *const retry_errors[] = {
	"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable",
	"request_timeout",
};

static bool
in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct webapi *w = arg;
	size_t add = size * n, cap;
	char *nb;

	if (w->over || w->len + add > BODY_MAX) {
		w->over = true;
		return add;	/* read and dropped; the call fails below */
	}
	if (w->len + add + 1 > w->cap) {
		cap = w->cap ? w->cap : 4096;
		while (cap < w->len + add + 1)
			cap *= 2;
		if ((nb = realloc(w->body, cap)) == NULL)
			return 0;	/* curl stops with CURLE_WRITE_ERROR */
		w->body = nb;
		w->cap = cap;
	}
	memcpy(w->body + w->len, p, add);
	w->len += add;
	w->body[w->len] = '\0';
	return add;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct webapi *w = arg;
	size_t len = size * n;
	static const char name[] = "retry-after:";

	if (len > sizeof(name) - 1 && strncasecmp(p, name, sizeof(name) - 1) == 0) {
		long v = strtol(p + sizeof(name) - 1, NULL, 10);
		w->retry_after = v < 1 ? 1 : v > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : (int)v;
	}
	return len;
}

static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	struct webapi *w = arg;

	(void)dt, (void)dn, (void)ut, (void)un;
	return w->abort && atomic_load(w->abort) ? 1 : 0;
}

struct webapi *
webapi_new(const char *api_url, const char *token, int timeout_s, const atomic_bool *abort)
{
	struct webapi *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return NULL;
	if ((w->curl = curl_easy_init()) == NULL) {
		free(w);
		return NULL;
	}
	snprintf(w->base, sizeof(w->base), "%s", api_url);
	snprintf(w->auth, sizeof(w->auth), "Authorization: Bearer %s", token);
	w->timeout_s = timeout_s > 0 ? timeout_s : 10;
	w->abort = abort;
	return w;
}

void
webapi_free(struct webapi *w)
{
	if (w == NULL)
		return;
	curl_easy_cleanup(w->curl);
	explicit_bzero(w->auth, sizeof(w->auth));
	free(w->body);
	free(w);
}

static void
set_error(struct webapi_result *res, int rc, const char *msg)
{
	res->rc = rc;
	snprintf(res->error, sizeof(res->error), "%s", msg);
}

/*
 * One HTTP exchange. ctype NULL with body NULL: a GET; else a POST of body (bodylen bytes).
 * auth: send the token. Fills res->http_status, retry_after, and for transport and HTTP
 * failures rc and error. Returns the answer parsed as a JSON object (the caller deletes it)
 * when the status is 200 and it parses, else NULL.
 */
static cJSON *
perform(struct webapi *w, const char *url, const char *ctype, const char *body,
    size_t bodylen, bool auth, struct webapi_result *res)
{
	struct curl_slist *hdrs = NULL, *h;
	char ct[128];
	CURLcode cc;
	cJSON *json = NULL;

	memset(res, 0, sizeof(*res));
	w->len = 0;
	w->over = false;
	w->retry_after = 0;
	curl_easy_reset(w->curl);
	if (auth && (hdrs = curl_slist_append(hdrs, w->auth)) == NULL)
		goto oom;
	if (ctype) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", ctype);
		if ((h = curl_slist_append(hdrs, ct)) == NULL)
			goto oom;
		hdrs = h;
		/* No "Expect: 100-continue" round trip for uploads. */
		if ((h = curl_slist_append(hdrs, "Expect:")) == NULL)
			goto oom;
		hdrs = h;
	}
	curl_easy_setopt(w->curl, CURLOPT_URL, url);
	curl_easy_setopt(w->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(w->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(w->curl, CURLOPT_TIMEOUT, (long)w->timeout_s);
	curl_easy_setopt(w->curl, CURLOPT_CONNECTTIMEOUT, (long)(w->timeout_s < 5 ?
	    w->timeout_s : 5));
	curl_easy_setopt(w->curl, CURLOPT_USERAGENT, "funnelbot/0.1 libcurl");
	curl_easy_setopt(w->curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(w->curl, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(w->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(w->curl, CURLOPT_WRITEDATA, w);
	curl_easy_setopt(w->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(w->curl, CURLOPT_HEADERDATA, w);
	curl_easy_setopt(w->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(w->curl, CURLOPT_XFERINFODATA, w);
	curl_easy_setopt(w->curl, CURLOPT_NOPROGRESS, 0L);
	if (ctype || body) {
		curl_easy_setopt(w->curl, CURLOPT_POST, 1L);
		curl_easy_setopt(w->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)bodylen);
		curl_easy_setopt(w->curl, CURLOPT_POSTFIELDS, body ? body : "");
	}
	cc = curl_easy_perform(w->curl);
	curl_slist_free_all(hdrs);
	hdrs = NULL;
	if (cc != CURLE_OK) {
		/* curl_easy_strerror is generic text: no URL, no header. */
		set_error(res, WEBAPI_RETRY, cc == CURLE_ABORTED_BY_CALLBACK ? "stopped" :
		    curl_easy_strerror(cc));
		return NULL;
	}
	curl_easy_getinfo(w->curl, CURLINFO_RESPONSE_CODE, &res->http_status);
	if (res->http_status == 429) {
		res->retry_after = w->retry_after ? w->retry_after : 1;
		set_error(res, WEBAPI_RETRY, "ratelimited");
		return NULL;
	}
	if (res->http_status != 200) {
		snprintf(res->error, sizeof(res->error), "http_%ld", res->http_status);
		res->rc = res->http_status >= 500 || res->http_status == 408 ? WEBAPI_RETRY :
		    WEBAPI_FAIL;
		return NULL;
	}
	if (w->over) {
		set_error(res, WEBAPI_FAIL, "answer_too_large");
		return NULL;
	}
	json = w->len ? cJSON_ParseWithLength(w->body, w->len) : NULL;
	return json;
oom:
	curl_slist_free_all(hdrs);
	set_error(res, WEBAPI_RETRY, "out of memory");
	return NULL;
}

/*
 * Calls a method: body as a POST of type ctype (NULL: a GET with query, may be NULL). Returns
 * the answer when Slack said ok (the caller deletes it), else NULL with res filled.
 */
static cJSON *
call(struct webapi *w, const char *method, const char *ctype, const char *body,
    const char *query, struct webapi_result *res)
{
	char url[URL_MAX + 1024];
	const cJSON *ok, *err;
	cJSON *json;

	if ((size_t)snprintf(url, sizeof(url), "%s%s%s%s", w->base, method, query ? "?" : "",
	    query ? query : "") >= sizeof(url)) {
		memset(res, 0, sizeof(*res));
		set_error(res, WEBAPI_FAIL, "request_too_long");
		return NULL;
	}
	json = perform(w, url, ctype, body, body ? strlen(body) : 0, true, res);
	if (json == NULL) {
		if (res->rc == WEBAPI_OK)	/* a 200 that is not JSON: a proxy's page? */
			set_error(res, WEBAPI_RETRY, "invalid_response");
		return NULL;
	}
	ok = cJSON_GetObjectItemCaseSensitive(json, "ok");
	if (cJSON_IsTrue(ok))
		return json;
	err = cJSON_GetObjectItemCaseSensitive(json, "error");
	snprintf(res->error, sizeof(res->error), "%s", cJSON_IsString(err) && err->valuestring ?
	    err->valuestring : "unknown_error");
	if (in_list(res->error, auth_errors, sizeof(auth_errors) / sizeof(auth_errors[0])))
		res->rc = WEBAPI_AUTH;
	else if (in_list(res->error, retry_errors, sizeof(retry_errors) / sizeof(retry_errors[0])))
		res->rc = WEBAPI_RETRY;
	else
		res->rc = WEBAPI_FAIL;
	if (res->rc == WEBAPI_RETRY && strcmp(res->error, "ratelimited") == 0 &&
	    res->retry_after == 0)
		res->retry_after = w->retry_after ? w->retry_after : 1;
	cJSON_Delete(json);
	return NULL;
}

/* Calls a method with a JSON body made from o (deleted here). */
static cJSON *
call_json(struct webapi *w, const char *method, cJSON *o, struct webapi_result *res)
{
	char *body = o ? cJSON_PrintUnformatted(o) : NULL;
	cJSON *out;

	cJSON_Delete(o);
	if (body == NULL) {
		memset(res, 0, sizeof(*res));
		set_error(res, WEBAPI_RETRY, "out of memory");
		return NULL;
	}
	out = call(w, method, "application/json; charset=utf-8", body, NULL, res);
	free(body);
	return out;
}

/* Appends "&name=value" (value URL-encoded) to a form or query of cap bytes; -1 if full. */
static int
form_add(struct webapi *w, char *form, size_t cap, const char *name, const char *value)
{
	char *esc = curl_easy_escape(w->curl, value, 0);
	size_t n = strlen(form);
	int m;

	if (esc == NULL)
		return -1;
	m = snprintf(form + n, cap - n, "%s%s=%s", n ? "&" : "", name, esc);
	curl_free(esc);
	return m < 0 || (size_t)m >= cap - n ? -1 : 0;
}

static void
copy_str(char *dst, size_t cap, const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	utf8_copy(dst, cap, cJSON_IsString(v) && v->valuestring ? v->valuestring : "");
}

static int
done(struct webapi_result *res, cJSON *json)
{
	cJSON_Delete(json);
	res->rc = WEBAPI_OK;
	res->error[0] = '\0';
	return WEBAPI_OK;
}

int
webapi_auth_test(struct webapi *w, char user_id[WEBAPI_ID_MAX], char bot_id[WEBAPI_ID_MAX],
    struct webapi_result *res)
{
	cJSON *json = call(w, "auth.test", "application/x-www-form-urlencoded", "", NULL, res);

	if (json == NULL)
		return res->rc;
	copy_str(user_id, WEBAPI_ID_MAX, json, "user_id");
	copy_str(bot_id, WEBAPI_ID_MAX, json, "bot_id");
	return done(res, json);
}

int
webapi_connections_open(struct webapi *w, char *url, size_t urllen, struct webapi_result *res)
{
	cJSON *json = call(w, "apps.connections.open", "application/x-www-form-urlencoded", "",
	    NULL, res);
	const cJSON *u;

	if (json == NULL)
		return res->rc;
	u = cJSON_GetObjectItemCaseSensitive(json, "url");
	if (!cJSON_IsString(u) || u->valuestring == NULL || strlen(u->valuestring) >= urllen) {
		cJSON_Delete(json);
		set_error(res, WEBAPI_FAIL, "no usable url in the answer");
		return res->rc;
	}
	snprintf(url, urllen, "%s", u->valuestring);
	return done(res, json);
}

/* A chat.post* body; blocks that do not parse are left out (text stays). */
static cJSON *
post_body(const char *channel, const char *user, const char *text, const char *blocks)
{
	cJSON *o = cJSON_CreateObject(), *b;

	if (o == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "channel", channel);
	if (user)
		cJSON_AddStringToObject(o, "user", user);
	cJSON_AddStringToObject(o, "text", text);
	if (blocks && (b = cJSON_Parse(blocks)) != NULL) {
		if (cJSON_IsArray(b))
			cJSON_AddItemToObject(o, "blocks", b);
		else
			cJSON_Delete(b);
	}
	cJSON_AddFalseToObject(o, "unfurl_links");
	cJSON_AddFalseToObject(o, "unfurl_media");
	return o;
}

int
webapi_post_message(struct webapi *w, const char *channel, const char *text,
    const char *blocks, struct webapi_result *res)
{
	cJSON *json = call_json(w, "chat.postMessage", post_body(channel, NULL, text, blocks),
	    res);

	return json ? done(res, json) : res->rc;
}

int
webapi_post_ephemeral(struct webapi *w, const char *channel, const char *user,
    const char *text, const char *blocks, struct webapi_result *res)
{
	cJSON *json = call_json(w, "chat.postEphemeral", post_body(channel, user, text, blocks),
	    res);

	return json ? done(res, json) : res->rc;
}

int
webapi_conversations_open(struct webapi *w, const char *user, char channel[WEBAPI_ID_MAX],
    struct webapi_result *res)
{
	cJSON *o = cJSON_CreateObject(), *json;

	if (o)
		cJSON_AddStringToObject(o, "users", user);
	if ((json = call_json(w, "conversations.open", o, res)) == NULL)
		return res->rc;
	copy_str(channel, WEBAPI_ID_MAX, cJSON_GetObjectItemCaseSensitive(json, "channel"), "id");
	if (channel[0] == '\0') {
		cJSON_Delete(json);
		set_error(res, WEBAPI_FAIL, "no channel in the answer");
		return res->rc;
	}
	return done(res, json);
}

static void
read_user(const cJSON *m, struct webapi_user *u)
{
	const cJSON *profile = cJSON_GetObjectItemCaseSensitive(m, "profile");

	memset(u, 0, sizeof(*u));
	copy_str(u->id, sizeof(u->id), m, "id");
	copy_str(u->name, sizeof(u->name), m, "name");
	/* A name that shows nothing (spaces, U+200B) is none: the next one is used. */
	copy_str(u->display_name, sizeof(u->display_name), profile, "display_name");
	if (utf8_blank(u->display_name, strlen(u->display_name)))
		copy_str(u->display_name, sizeof(u->display_name), profile, "real_name");
	if (utf8_blank(u->display_name, strlen(u->display_name)))
		copy_str(u->display_name, sizeof(u->display_name), m, "real_name");
	if (utf8_blank(u->display_name, strlen(u->display_name)))
		u->display_name[0] = '\0';
	copy_str(u->tz, sizeof(u->tz), m, "tz");
	u->deleted = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "deleted"));
	u->is_bot = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "is_bot")) ||
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "is_app_user")) ||
	    strcmp(u->id, "USLACKBOT") == 0;
}

int
webapi_users_info(struct webapi *w, const char *user, struct webapi_user *out,
    struct webapi_result *res)
{
	char query[256] = "";
	cJSON *json;

	if (form_add(w, query, sizeof(query), "user", user) != 0) {
		memset(res, 0, sizeof(*res));
		set_error(res, WEBAPI_FAIL, "user id too long");
		return res->rc;
	}
	if ((json = call(w, "users.info", NULL, NULL, query, res)) == NULL)
		return res->rc;
	/* An answer without a user, or one without an id, names nobody: it must not become a
	 * person with an empty id. */
	read_user(cJSON_GetObjectItemCaseSensitive(json, "user"), out);
	if (out->id[0] == '\0') {
		cJSON_Delete(json);
		set_error(res, WEBAPI_FAIL, "no user id in the answer");
		return res->rc;
	}
	return done(res, json);
}

int
webapi_users_list_page(struct webapi *w, const char *cursor, int limit, webapi_user_fn fn,
    void *arg, char *next_cursor, size_t cursorlen, struct webapi_result *res)
{
	char query[1024] = "", lim[16];
	const cJSON *members, *m, *meta;
	struct webapi_user u;
	cJSON *json;

	snprintf(lim, sizeof(lim), "%d", limit);
	if (form_add(w, query, sizeof(query), "limit", lim) != 0 || (cursor && *cursor &&
	    form_add(w, query, sizeof(query), "cursor", cursor) != 0)) {
		memset(res, 0, sizeof(*res));
		set_error(res, WEBAPI_FAIL, "cursor too long");
		return res->rc;
	}
	if ((json = call(w, "users.list", NULL, NULL, query, res)) == NULL)
		return res->rc;
	next_cursor[0] = '\0';
	members = cJSON_GetObjectItemCaseSensitive(json, "members");
	cJSON_ArrayForEach(m, members) {
		read_user(m, &u);
		if (u.id[0] && fn(&u, arg) != 0)
			return done(res, json);
	}
	meta = cJSON_GetObjectItemCaseSensitive(json, "response_metadata");
	copy_str(next_cursor, cursorlen, meta, "next_cursor");
	return done(res, json);
}

int
webapi_upload_file(struct webapi *w, const char *channel, const char *filename,
    const char *data, size_t len, const char *comment, struct webapi_result *res)
{
	char form[4096] = "", num[32], upload_url[URL_MAX], file_id[WEBAPI_ID_MAX];
	cJSON *json, *files, *f;
	char *files_text;
	int rc;

	snprintf(num, sizeof(num), "%zu", len);
	if (form_add(w, form, sizeof(form), "filename", filename) != 0 ||
	    form_add(w, form, sizeof(form), "length", num) != 0) {
		memset(res, 0, sizeof(*res));
		set_error(res, WEBAPI_FAIL, "file name too long");
		return res->rc;
	}
	json = call(w, "files.getUploadURLExternal", "application/x-www-form-urlencoded", form,
	    NULL, res);
	if (json == NULL)
		return res->rc;
	copy_str(upload_url, sizeof(upload_url), json, "upload_url");
	copy_str(file_id, sizeof(file_id), json, "file_id");
	cJSON_Delete(json);
	if (upload_url[0] == '\0' || file_id[0] == '\0') {
		set_error(res, WEBAPI_FAIL, "no upload_url in the answer");
		return res->rc;
	}
	/* The upload URL is Slack's own, signed: it gets the bytes but never the token. */
	json = perform(w, upload_url, "application/octet-stream", data, len, false, res);
	cJSON_Delete(json);
	if (res->rc != WEBAPI_OK)
		return res->rc;

	files = cJSON_CreateArray();
	f = cJSON_CreateObject();
	if (files == NULL || f == NULL) {
		cJSON_Delete(files);
		cJSON_Delete(f);
		set_error(res, WEBAPI_RETRY, "out of memory");
		return res->rc;
	}
	cJSON_AddStringToObject(f, "id", file_id);
	cJSON_AddStringToObject(f, "title", filename);
	cJSON_AddItemToArray(files, f);
	files_text = cJSON_PrintUnformatted(files);
	cJSON_Delete(files);
	form[0] = '\0';
	rc = files_text == NULL || form_add(w, form, sizeof(form), "files", files_text) != 0 ||
	    form_add(w, form, sizeof(form), "channel_id", channel) != 0 ||
	    (comment && form_add(w, form, sizeof(form), "initial_comment", comment) != 0);
	free(files_text);
	if (rc) {
		set_error(res, WEBAPI_FAIL, "comment too long");
		return res->rc;
	}
	json = call(w, "files.completeUploadExternal", "application/x-www-form-urlencoded", form,
	    NULL, res);
	return json ? done(res, json) : res->rc;
}
