/*
 * The Slack surface (see slack.h). One libwebsockets context on the calling thread; the
 * connection state machine lives in struct slack and its connection slots:
 *
 *   want_link -> opener thread (auth.test once, apps.connections.open, DNS) -> CONNECTING ->
 *   OPEN (websocket up) -> UP (hello: traffic flows, backoff reset) -> CLOSING -> slot free
 *
 * A `warning` or `refresh_requested` opens the replacement while the old link still carries
 * traffic; the old one is closed at the new one's hello. Our own pings (lws validity policy)
 * replace a silent link. Each envelope is applied in one store transaction together with its
 * record in `seen` and any outbox rows, and acknowledged only after that commits.
 *
 * Threads: only this one touches lws (the opener thread and the sender reach it through
 * lws_cancel_service() and the flags below), and only this one writes with the writer store.
 * Nothing here waits for the network: the opener resolves the host and lws gets an address.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <libwebsockets.h>

#include "bot/clock.h"
#include "bot/config.h"
#include "bot/envelope.h"
#include "bot/inbox.h"
#include "bot/log.h"
#include "bot/outbox.h"
#include "bot/slack.h"
#include "bot/webapi.h"
#include "bot/worker.h"
#include "commands/commands.h"
#include "store/store.h"

#define SLACK_MSG_MAX	(1024 * 1024)	/* bytes of a reassembled message; more: close 1009 */
#define SLACK_RX_KEEP	(64 * 1024)	/* a larger reassembly buffer is freed after use */
#define SLACK_URL_MAX	1024		/* bytes of a Socket Mode URL */
#define CONN_SLOTS	4		/* connections at once: active, replacement, closing */
#define HELLO_TIMEOUT_US (15 * LWS_US_PER_SEC)	/* connect to hello */
#define CLOSE_GRACE_US	(3 * LWS_US_PER_SEC)	/* our close frame to the socket gone */
#define STOP_GRACE_US	(4 * LWS_US_PER_SEC)	/* SIGTERM to the loop's end, at most */
#define TOO_MANY_MS	30000		/* too_many_websockets: wait at least this */
#define PRUNE_EVERY	240		/* ticks between two prunes of seen and outbox (1 h) */
#define KEEP_S		(7 * 24 * 3600)	/* seen envelopes and sent rows are kept a week */
#define OPEN_TIMEOUT_S	8		/* auth.test, apps.connections.open */

/* Reconnect delays before jitter (+0..30%); the last repeats. Reset at each hello. */
static const uint32_t backoff_ms[] = { 1000, 2000, 4000, 8000, 16000, 30000, 60000 };
#define NBACKOFF ((int)(sizeof(backoff_ms) / sizeof(backoff_ms[0])))

enum conn_state {
	CONN_CONNECTING,	/* TCP, TLS, websocket upgrade */
	CONN_OPEN,		/* websocket up, no hello yet */
	CONN_UP,		/* hello seen: envelopes flow */
	CONN_CLOSING,		/* our close is on its way */
};

/* A queued text frame, LWS_PRE bytes of headroom before the payload. */
struct tx {
	struct tx *next;
	size_t len;
	unsigned char buf[];
};

/* One websocket. Slots live in struct slack, so a late lws callback never meets freed
 * memory: a slot's serial tells connections apart. */
struct conn {
	struct slack *s;
	bool in_use;
	int serial;			/* 1, 2, ... for the log */
	struct lws *wsi;		/* NULL until lws made one, and after it is gone */
	enum conn_state state;
	bool want_close;		/* close once the queued acks are out */
	int close_code;
	bool doomed;			/* Slack announced it will close this one */
	bool too_big;			/* closed with 1009: reconnect at once */
	bool too_many;			/* too_many_websockets: wait long */
	unsigned char *rx;		/* the message being reassembled */
	size_t rxlen, rxcap;
	bool in_msg, rx_binary;
	struct tx *txh, **txt;		/* frames to write, oldest first */
	lws_sorted_usec_list_t sul;	/* hello deadline, then close deadline */
};

/* An ack the worker has made, for the websocket thread to send. */
struct ack {
	struct ack *next;
	int conn;			/* the serial of the connection that brought it */
	char *payload;			/* NULL for none */
	char id[];
};

/* The apps.connections.open thread: one at a time, joined by the websocket thread. */
struct opener {
	pthread_t thread;
	bool running;			/* websocket thread only */
	bool need_auth;			/* run auth.test first (bot user id unknown) */
	atomic_bool abort;		/* stop a call in progress (shutdown) */
	atomic_bool done;		/* the fields below are ready */
	int rc;				/* WEBAPI_* */
	bool bot_token;			/* the failing call used the bot token */
	char error[96];
	int retry_after;
	char url[SLACK_URL_MAX];	/* secret: holds a ticket */
	/* The URL taken apart, and its host resolved here, so the websocket thread never
	 * waits for DNS (Debian's lws resolves synchronously). */
	bool tls;
	char host[256];			/* for Host, SNI and the certificate check */
	char addr[64];			/* a numeric address of host */
	int port;
	char path[SLACK_URL_MAX];	/* secret: holds a ticket */
	char bot_user[WEBAPI_ID_MAX];
	char bot_id[WEBAPI_ID_MAX];
};

struct slack {
	const struct config *cfg;
	struct store *st;
	struct commands *cmds;
	const struct clock *clk;
	struct slack_hooks hooks;
	struct lws_context *ctx;
	struct outbox *ob;
	lws_retry_bo_t policy;		/* pings; must outlive every connection */

	struct conn conns[CONN_SLOTS];
	struct conn *active;		/* the UP connection traffic is on, or NULL */
	struct conn *pending;		/* the connection being made, or NULL */
	int serial;
	int tries;			/* failed attempts since the last hello */
	unsigned int seed;
	struct opener op;
	lws_sorted_usec_list_t sul_retry, sul_tick, sul_stop;
	int ticks;

	struct worker *w;		/* runs every envelope and tick on the store */
	pthread_mutex_t ack_mu;		/* guards acks: the worker adds, we send */
	struct ack *acks, **acks_tail;
	lws_sorted_usec_list_t sul_early;
	bool early_on;			/* sul_early is scheduled */
	char bot_user[WEBAPI_ID_MAX];	/* auth.test: our own user id */
	char bot_id[WEBAPI_ID_MAX];
	bool stopping;
	bool done;			/* leave the service loop */
	int exit_code;
	atomic_bool bot_token_refused;	/* set by the sender thread */
};

static volatile sig_atomic_t got_signal;
static struct lws_context *volatile signal_ctx;

static void want_link(struct slack *s, int64_t delay_ms);
static void begin_stop(struct slack *s, int code);

static void
on_signal(int sig)
{
	int saved = errno;

	got_signal = sig;
	if (signal_ctx)
		lws_cancel_service(signal_ctx);	/* a write to lws's wake pipe */
	errno = saved;
}

/* lws's own log lines, at warn level or worse, into ours. */
static void
lws_log_line(int level, const char *line)
{
	char buf[LOG_LINE_MAX];
	size_t n;

	snprintf(buf, sizeof(buf), "%s", line);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (level & LLL_ERR)
		log_warnx("lws: error: %s", buf);
	else if (level & LLL_WARN)
		log_warnx("lws: %s", buf);
	else
		log_debug("lws: %s", buf);
}

static int
backoff(struct slack *s)
{
	int d = (int)backoff_ms[s->tries < NBACKOFF ? s->tries : NBACKOFF - 1];

	s->tries++;
	return d + (int)(rand_r(&s->seed) % (unsigned)(d * 3 / 10 + 1));
}

/* ---- the opener thread ---- */

/* Splits ws://host[:port]/path?query or wss://... Returns 0, or -1 when it is neither. */
static int
parse_ws_url(const char *url, bool *tls, char *host, size_t hostlen, int *port, char *path,
    size_t pathlen)
{
	const char *h, *p, *colon;
	size_t n;

	if (strncmp(url, "wss://", 6) == 0) {
		*tls = true;
		h = url + 6;
		*port = 443;
	} else if (strncmp(url, "ws://", 5) == 0) {
		*tls = false;
		h = url + 5;
		*port = 80;
	} else {
		return -1;
	}
	p = h + strcspn(h, "/?");
	colon = memchr(h, ':', (size_t)(p - h));
	n = (size_t)((colon ? colon : p) - h);
	if (n == 0 || n >= hostlen)
		return -1;
	memcpy(host, h, n);
	host[n] = '\0';
	if (colon && ((*port = atoi(colon + 1)) <= 0 || *port > 65535))
		return -1;
	if (strlen(p) + 2 > pathlen)
		return -1;
	snprintf(path, pathlen, "%s%s", *p == '/' ? "" : "/", p);
	return 0;
}


/* Takes op->url apart and resolves its host into op->addr (the opener thread's blocking
 * getaddrinfo); on failure res says why. */
static void
resolve(struct opener *op, struct webapi_result *res)
{
	struct addrinfo hints, *ai = NULL, *a, *pick = NULL;
	const void *in;
	int rc;

	if (parse_ws_url(op->url, &op->tls, op->host, sizeof(op->host), &op->port, op->path,
	    sizeof(op->path)) != 0) {
		res->rc = WEBAPI_FAIL;
		snprintf(res->error, sizeof(res->error), "the Socket Mode URL is not ws:// or wss://");
		return;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(op->host, NULL, &hints, &ai)) != 0) {
		res->rc = WEBAPI_RETRY;
		snprintf(res->error, sizeof(res->error), "cannot resolve %.60s: %s", op->host,
		    gai_strerror(rc));
		return;
	}
	for (a = ai; a && !pick; a = a->ai_next)	/* IPv4 first, else IPv6 */
		if (a->ai_family == AF_INET)
			pick = a;
	for (a = ai; a && !pick; a = a->ai_next)
		if (a->ai_family == AF_INET6)
			pick = a;
	if (pick == NULL) {
		res->rc = WEBAPI_RETRY;
		snprintf(res->error, sizeof(res->error), "no address for %.60s", op->host);
	} else {
		in = pick->ai_family == AF_INET ?
		    (const void *)&((const struct sockaddr_in *)(const void *)pick->ai_addr)->sin_addr :
		    (const void *)&((const struct sockaddr_in6 *)(const void *)pick->ai_addr)->sin6_addr;
		inet_ntop(pick->ai_family, in, op->addr, sizeof(op->addr));
	}
	freeaddrinfo(ai);
}

static void *
opener_main(void *arg)
{
	struct slack *s = arg;
	struct opener *op = &s->op;
	const struct config *cfg = s->cfg;
	struct webapi_result res;
	struct webapi *w;

	memset(&res, 0, sizeof(res));
	if (op->need_auth) {
		if ((w = webapi_new(cfg->api_url, cfg->bot_token, OPEN_TIMEOUT_S, &op->abort)) ==
		    NULL)
			goto oom;
		webapi_auth_test(w, op->bot_user, op->bot_id, &res);
		webapi_free(w);
		if (res.rc != WEBAPI_OK) {
			op->bot_token = true;
			goto out;
		}
	}
	if ((w = webapi_new(cfg->api_url, cfg->app_token, OPEN_TIMEOUT_S, &op->abort)) == NULL)
		goto oom;
	webapi_connections_open(w, op->url, sizeof(op->url), &res);
	webapi_free(w);
	if (res.rc == WEBAPI_OK)
		resolve(op, &res);
	explicit_bzero(op->url, sizeof(op->url));
	goto out;
oom:
	res.rc = WEBAPI_RETRY;
	snprintf(res.error, sizeof(res.error), "out of memory");
out:
	op->rc = res.rc;
	op->retry_after = res.retry_after;
	snprintf(op->error, sizeof(op->error), "%s", res.error);
	atomic_store(&op->done, true);
	lws_cancel_service(s->ctx);
	return NULL;
}

static void
start_opener(struct slack *s)
{
	struct opener *op = &s->op;
	sigset_t all, old;
	int rc;

	if (s->stopping || op->running || s->pending)
		return;
	op->need_auth = s->bot_user[0] == '\0';
	op->bot_token = false;
	op->url[0] = op->error[0] = op->path[0] = op->addr[0] = '\0';
	atomic_store(&op->done, false);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&op->thread, NULL, opener_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		log_warnx("slack: cannot start a thread for apps.connections.open: %s",
		    strerror(rc));
		want_link(s, backoff(s));
		return;
	}
	op->running = true;
}

static void
retry_cb(lws_sorted_usec_list_t *sul)
{
	start_opener(lws_container_of(sul, struct slack, sul_retry));
}

/* Arranges a new connection in delay_ms, unless one is already on its way. */
static void
want_link(struct slack *s, int64_t delay_ms)
{
	if (s->stopping || s->op.running || s->pending)
		return;
	if (delay_ms > 0)
		log_info("slack: connecting again in %.1f s", (double)delay_ms / 1000);
	lws_sul_schedule(s->ctx, 0, &s->sul_retry, retry_cb, delay_ms * LWS_US_PER_MS);
}

/* ---- connections ---- */

static void
conn_release(struct conn *c)
{
	struct tx *t, *next;

	lws_sul_cancel(&c->sul);
	for (t = c->txh; t; t = next) {
		next = t->next;
		free(t);
	}
	free(c->rx);
	memset(c, 0, sizeof(*c));
}

static int
live_conns(const struct slack *s)
{
	int n = 0;

	for (int i = 0; i < CONN_SLOTS; i++)
		n += s->conns[i].in_use;
	return n;
}

static void
check_stopped(struct slack *s)
{
	if (s->stopping && live_conns(s) == 0)
		s->done = true;
}

/* The connection is gone (closed, failed, destroyed): free its slot and decide what next.
 * Safe to call more than once for one wsi. */
static void
conn_gone(struct conn *c, struct lws *wsi, const char *why)
{
	struct slack *s = c->s;
	bool was_active, was_pending, was_up, too_big, too_many, closing;
	int serial;

	if (!c->in_use || (wsi && c->wsi && c->wsi != wsi))
		return;
	was_active = s->active == c;
	was_pending = s->pending == c;
	was_up = c->state == CONN_UP;
	closing = c->want_close;
	too_big = c->too_big;
	too_many = c->too_many;
	serial = c->serial;
	conn_release(c);
	if (was_active)
		s->active = NULL;
	if (was_pending)
		s->pending = NULL;
	if (s->stopping) {
		check_stopped(s);
		return;
	}
	if (closing)
		log_debug("slack: connection %d closed", serial);
	else if (was_up || was_active)
		log_info("slack: connection %d dropped%s%s", serial, why ? ": " : "", why ? why : "");
	else
		log_info("slack: connection %d failed%s%s", serial, why ? ": " : "",
		    why ? why : "");
	if (s->active || s->pending) {
		if (was_pending)	/* the replacement failed; the old link still works */
			want_link(s, backoff(s));
		return;
	}
	if (too_big)
		want_link(s, 0);
	else if (too_many)
		want_link(s, TOO_MANY_MS + rand_r(&s->seed) % TOO_MANY_MS);
	else
		want_link(s, backoff(s));
}

static void
conn_timeout_cb(lws_sorted_usec_list_t *sul)
{
	struct conn *c = lws_container_of(sul, struct conn, sul);

	if (!c->in_use)
		return;
	if (c->state != CONN_CLOSING)
		log_info("slack: no hello on connection %d within %d s; giving up on it", c->serial,
		    (int)(HELLO_TIMEOUT_US / LWS_US_PER_SEC));
	else
		log_debug("slack: connection %d did not close in time; dropping it", c->serial);
	if (c->wsi)
		lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
	else
		conn_gone(c, NULL, "timed out");
}

/* Closes c with code once its queued frames are out (or after CLOSE_GRACE_US). */
static void
conn_close(struct conn *c, int code)
{
	struct slack *s = c->s;

	if (c->want_close)
		return;
	c->want_close = true;
	c->close_code = code;
	if (s->active == c)
		s->active = NULL;
	if (s->pending == c)
		s->pending = NULL;
	if (c->wsi && c->state != CONN_CONNECTING) {
		c->state = CONN_CLOSING;
		lws_callback_on_writable(c->wsi);
		lws_sul_schedule(s->ctx, 0, &c->sul, conn_timeout_cb, CLOSE_GRACE_US);
	} else if (c->wsi) {
		c->state = CONN_CLOSING;
		lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
	}
}

static struct conn *
free_slot(struct slack *s)
{
	for (int i = 0; i < CONN_SLOTS; i++)
		if (!s->conns[i].in_use)
			return &s->conns[i];
	return NULL;
}

/* Opens the websocket the opener found (its path is a secret: only the host is logged). */
static void
connect_url(struct slack *s)
{
	struct opener *op = &s->op;
	struct lws_client_connect_info i;
	struct conn *c;
	struct lws *wsi;
	int serial;

	if ((c = free_slot(s)) == NULL) {
		log_warnx("slack: %d connections still closing; waiting", CONN_SLOTS);
		want_link(s, backoff(s));
		return;
	}
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->in_use = true;
	c->serial = serial = ++s->serial;
	c->state = CONN_CONNECTING;
	c->txt = &c->txh;
	s->pending = c;
	log_info("slack: opening connection %d to %s (%s)", c->serial, op->host, op->addr);

	memset(&i, 0, sizeof(i));
	i.context = s->ctx;
	i.address = op->addr;
	i.port = op->port;
	i.path = op->path;
	i.host = op->host;
	i.origin = NULL;
	i.protocol = NULL;
	i.ssl_connection = op->tls ? LCCSCF_USE_SSL : 0;
	i.local_protocol_name = "funnelbot-slack";
	i.alpn = "http/1.1";
	i.opaque_user_data = c;
	i.retry_and_idle_policy = &s->policy;
	lws_sul_schedule(s->ctx, 0, &c->sul, conn_timeout_cb, HELLO_TIMEOUT_US);
	wsi = lws_client_connect_via_info(&i);
	explicit_bzero(op->path, sizeof(op->path));
	if (c->in_use && c->serial == serial) {
		if (wsi == NULL)
			conn_gone(c, NULL, "could not start the connection");
		else if (c->wsi == NULL)
			c->wsi = wsi;
	}
}

/* Queues a text frame on c (copied) and asks for a writeable callback. */
static void
send_text(struct conn *c, const char *text)
{
	size_t len = strlen(text);
	struct tx *t = malloc(sizeof(*t) + LWS_PRE + len);

	if (t == NULL) {
		log_warnx("slack: out of memory queueing an ack");
		return;
	}
	t->next = NULL;
	t->len = len;
	memcpy(t->buf + LWS_PRE, text, len);
	*c->txt = t;
	c->txt = &t->next;
	if (c->wsi)
		lws_callback_on_writable(c->wsi);
}

static void
send_ack(struct conn *c, const char *envelope_id, const char *payload)
{
	char *msg = envelope_ack(envelope_id, payload);

	if (msg == NULL) {
		log_warnx("slack: cannot build the ack of envelope %s", envelope_id);
		return;
	}
	send_text(c, msg);
	free(msg);
}

/* ---- envelopes: the worker runs them, these are its hands ---- */

/* The connection of serial `serial` if it can still carry an ack, else the active one. */
static struct conn *
ack_conn(struct slack *s, int serial)
{
	for (int i = 0; i < CONN_SLOTS; i++) {
		struct conn *c = &s->conns[i];
		if (c->in_use && c->serial == serial && c->state != CONN_CLOSING)
			return c;
	}
	return s->active;
}

/* On the worker thread: queued for the websocket thread, which wakes for it. */
static void
worker_ack(void *arg, int conn, const char *envelope_id, const char *payload)
{
	struct slack *s = arg;
	size_t n = strlen(envelope_id) + 1;
	struct ack *a = malloc(sizeof(*a) + n);

	if (a == NULL || (payload && (a->payload = strdup(payload)) == NULL)) {
		log_warnx("slack: out of memory queueing the ack of envelope %s", envelope_id);
		free(a);
		return;
	}
	if (payload == NULL)
		a->payload = NULL;
	a->next = NULL;
	a->conn = conn;
	memcpy(a->id, envelope_id, n);
	pthread_mutex_lock(&s->ack_mu);
	*s->acks_tail = a;
	s->acks_tail = &a->next;
	pthread_mutex_unlock(&s->ack_mu);
	lws_cancel_service(s->ctx);
}

/* Sends the worker's acks, each on the connection that brought its envelope if it is open. */
static void
send_acks(struct slack *s)
{
	struct ack *a, *next;
	struct conn *c;

	pthread_mutex_lock(&s->ack_mu);
	a = s->acks;
	s->acks = NULL;
	s->acks_tail = &s->acks;
	pthread_mutex_unlock(&s->ack_mu);
	for (; a; a = next) {
		next = a->next;
		if ((c = ack_conn(s, a->conn)) != NULL)
			send_ack(c, a->id, a->payload);
		else
			log_info("slack: no connection left to acknowledge envelope %s on", a->id);
		free(a->payload);
		free(a);
	}
}

static void
drop_acks(struct slack *s)
{
	struct ack *a, *next;

	for (a = s->acks; a; a = next) {
		next = a->next;
		free(a->payload);
		free(a);
	}
	s->acks = NULL;
	s->acks_tail = &s->acks;
}

static void
worker_learn(void *arg, const char *user)
{
	struct slack *s = arg;

	outbox_lookup_user(s->ob, user);
}

static void
worker_kick(void *arg)
{
	struct slack *s = arg;

	outbox_kick(s->ob);
}

static void
send_working(void *arg, int conn, const char *envelope_id)
{
	struct slack *s = arg;
	char *payload = envelope_slash_payload(INBOX_WORKING, NULL);
	struct conn *c = ack_conn(s, conn);

	log_info("slack: envelope %s is taking long; acknowledged with \"working on it\", the "
	    "answer goes to the DM", envelope_id);
	if (c && payload)
		send_ack(c, envelope_id, payload);
	free(payload);
}

/* Every 100 ms while a slash command waits: those waiting INBOX_EARLY_MS are acked. */
static void
early_cb(lws_sorted_usec_list_t *sul)
{
	struct slack *s = lws_container_of(sul, struct slack, sul_early);

	s->early_on = worker_overdue(s->w, send_working, s) > 0;
	if (s->early_on)
		lws_sul_schedule(s->ctx, 0, &s->sul_early, early_cb, 100 * LWS_US_PER_MS);
}

static void
on_envelope(struct conn *c, const struct envelope *e, const char *raw, size_t len)
{
	struct slack *s = c->s;

	if (worker_put(s->w, c->serial, e, raw, len, s->bot_user) != 0)
		return;		/* unacknowledged: Slack delivers it again */
	if (e->type == ENV_SLASH && !s->early_on) {
		s->early_on = true;
		lws_sul_schedule(s->ctx, 0, &s->sul_early, early_cb, 100 * LWS_US_PER_MS);
	}
}

int
slack_queue(struct slack *s, enum outbox_kind kind, const char *channel, const char *user,
    const char *text, const char *blocks)
{
	return inbox_queue(s->st, kind, channel, user, text, blocks);
}

struct store *
slack_store(struct slack *s)
{
	return s->st;
}

struct commands *
slack_commands(struct slack *s)
{
	return s->cmds;
}

const struct clock *
slack_clock(struct slack *s)
{
	return s->clk;
}

const char *
slack_bot_user(struct slack *s)
{
	return s->bot_user;
}

/* On the worker thread: pruning now and then, and, while linked, the hooks' tick. */
static void
worker_run_tick(void *arg, bool linked)
{
	struct slack *s = arg;
	int64_t now = clock_now(s->clk), added = store_outbox_added(s->st);

	/* The tick never waits for another writer: what it did not do it does at the next. */
	store_busy_wait(s->st, 0);
	if (++s->ticks % PRUNE_EVERY == 1) {
		if (store_seen_prune(s->st, now - KEEP_S) != STORE_OK ||
		    store_outbox_prune(s->st, now - KEEP_S) != STORE_OK)
			log_warnx("slack: cannot prune old envelopes and messages: %s",
			    store_errmsg(s->st));
	}
	if (linked && s->hooks.tick)
		s->hooks.tick(s, now, s->hooks.arg);
	store_busy_wait(s->st, INBOX_BUSY_MS);
	if (store_outbox_added(s->st) != added)
		outbox_kick(s->ob);
}

static void
on_hello(struct conn *c, const struct envelope *e)
{
	struct slack *s = c->s;
	struct conn *old = s->active;
	int mine = 0;

	if (c->state == CONN_UP || c->want_close)
		return;
	c->state = CONN_UP;
	lws_sul_cancel(&c->sul);
	s->tries = 0;
	s->active = c;
	if (s->pending == c)
		s->pending = NULL;
	for (int i = 0; i < CONN_SLOTS; i++)
		mine += s->conns[i].in_use;	/* an old one is still open at this hello */
	log_info("slack: connected (connection %d, %s)", c->serial, e->host ? e->host : "?");
	if (old && old != c) {
		log_info("slack: connection %d replaces connection %d, which is closed now",
		    c->serial, old->serial);
		conn_close(old, LWS_CLOSE_STATUS_NORMAL);
	}
	if (e->num_connections > mine)
		log_warnx("slack: Slack counts %d connections for this app but this funnelbot has "
		    "%d: another program using the same app token gets a share of the commands",
		    e->num_connections, mine);
	worker_tick(s->w, true);
}

static void
on_disconnect(struct conn *c, const struct envelope *e)
{
	struct slack *s = c->s;
	const char *reason = e->reason ? e->reason : "";

	if (strcmp(reason, "link_disabled") == 0) {
		log_warnx("slack: Slack switched Socket Mode off for this app (link_disabled): turn "
		    "it on again under Settings > Socket Mode at api.slack.com/apps, then start "
		    "funnelbot again");
		begin_stop(s, SLACK_EXIT_CONFIG);
		return;
	}
	if (strcmp(reason, "too_many_websockets") == 0) {
		log_warnx("slack: Slack says this app has too many connections (%d, at most 10): "
		    "is another funnelbot using the same app token? Closing connection %d and "
		    "waiting before trying again", e->num_connections, c->serial);
		c->too_many = true;
		conn_close(c, LWS_CLOSE_STATUS_NORMAL);
		return;
	}
	/* warning, refresh_requested, or a reason new to us: replace it, then close it. */
	log_info("slack: Slack will close connection %d (%s); opening its replacement first",
	    c->serial, reason[0] ? reason : "no reason given");
	c->doomed = true;
	if (c == s->active)
		want_link(s, 0);
	else
		conn_close(c, LWS_CLOSE_STATUS_NORMAL);
}

static void
on_message(struct conn *c, const char *buf, size_t len)
{
	struct envelope e;
	char err[128];

	if (envelope_parse(buf, len, &e, err, sizeof(err)) != 0) {
		log_warnx("slack: skipped a malformed frame of %zu bytes on connection %d: %s", len,
		    c->serial, err);
		return;
	}
	switch (e.type) {
	case ENV_HELLO:
		on_hello(c, &e);
		break;
	case ENV_DISCONNECT:
		on_disconnect(c, &e);
		break;
	case ENV_OTHER:
		log_debug("slack: ignored a frame of type %s", e.kind ? e.kind : "(none)");
		break;
	default:
		on_envelope(c, &e, buf, len);
		break;
	}
	envelope_free(&e);
}

/* Appends a piece of a message; runs the message once it is whole. -1: close the link. */
static int
on_receive(struct conn *c, struct lws *wsi, const void *in, size_t len)
{
	unsigned char *nb;
	size_t cap;

	if (!c->in_msg) {
		c->in_msg = true;
		c->rx_binary = lws_frame_is_binary(wsi) != 0;
		c->rxlen = 0;
	}
	if (!c->rx_binary && !c->too_big && len > SLACK_MSG_MAX - c->rxlen) {
		log_warnx("slack: a message over %d bytes on connection %d; closing it (1009) "
		    "for a fresh one", SLACK_MSG_MAX, c->serial);
		c->too_big = true;	/* the rest of it is read and dropped */
		c->rxlen = 0;
	}
	if (!c->rx_binary && !c->too_big) {
		if (c->rxlen + len + 1 > c->rxcap) {
			cap = c->rxcap ? c->rxcap : 4096;
			while (cap < c->rxlen + len + 1)
				cap *= 2;
			if ((nb = realloc(c->rx, cap)) == NULL) {
				log_warnx("slack: out of memory reading a message; closing connection "
				    "%d", c->serial);
				return -1;
			}
			c->rx = nb;
			c->rxcap = cap;
		}
		memcpy(c->rx + c->rxlen, in, len);
		c->rxlen += len;
	}
	if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) != 0)
		return 0;
	c->in_msg = false;
	if (c->too_big) {
		/* Closed once the whole message is read, from the writeable callback: returning
		 * -1 here with part of a frame unread corrupts lws 4.1.6's buffers (a double free
		 * on a message over 1 MiB). */
		conn_close(c, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE);
		return 0;
	}
	if (c->rx_binary)
		log_debug("slack: ignored a binary message on connection %d", c->serial);
	else
		on_message(c, (const char *)c->rx, c->rxlen);
	c->rxlen = 0;
	if (c->rxcap > SLACK_RX_KEEP) {
		free(c->rx);
		c->rx = NULL;
		c->rxcap = 0;
	}
	return 0;
}

/*
 * Writes the queued frames: one, then more while the socket takes them (lws_send_pipe_choked()
 * is the sanctioned check between two writes), so a burst of acks does not wait a service
 * round each; then the close, once nothing is left to write.
 */
static int
on_writeable(struct conn *c, struct lws *wsi)
{
	struct tx *t;
	int n, sent = 0;

	while ((t = c->txh) != NULL) {
		if (sent > 0 && (sent >= 64 || lws_send_pipe_choked(wsi))) {
			lws_callback_on_writable(wsi);
			return 0;
		}
		if ((c->txh = t->next) == NULL)
			c->txt = &c->txh;
		n = lws_write(wsi, t->buf + LWS_PRE, t->len, LWS_WRITE_TEXT);
		free(t);
		if (n < 0) {
			log_info("slack: cannot write on connection %d; closing it", c->serial);
			return -1;
		}
		sent++;
	}
	if (c->want_close) {
		if (sent > 0) {
			lws_callback_on_writable(wsi);
			return 0;
		}
		lws_close_reason(wsi, (enum lws_close_status)c->close_code, NULL, 0);
		return -1;
	}
	return 0;
}

/* ---- the loop ---- */

static void
stop_cb(lws_sorted_usec_list_t *sul)
{
	struct slack *s = lws_container_of(sul, struct slack, sul_stop);

	log_info("slack: connections still closing at the deadline; leaving anyway");
	s->done = true;
}

static void
begin_stop(struct slack *s, int code)
{
	if (code > s->exit_code)
		s->exit_code = code;
	if (s->stopping)
		return;
	s->stopping = true;
	lws_sul_cancel(&s->sul_retry);
	lws_sul_cancel(&s->sul_tick);
	lws_sul_cancel(&s->sul_early);
	atomic_store(&s->op.abort, true);
	for (int i = 0; i < CONN_SLOTS; i++) {
		struct conn *c = &s->conns[i];
		if (c->in_use)
			conn_close(c, LWS_CLOSE_STATUS_GOINGAWAY);
	}
	lws_sul_schedule(s->ctx, 0, &s->sul_stop, stop_cb, STOP_GRACE_US);
	check_stopped(s);
}

static void
tick_cb(lws_sorted_usec_list_t *sul)
{
	struct slack *s = lws_container_of(sul, struct slack, sul_tick);

	worker_tick(s->w, s->active != NULL);
	lws_sul_schedule(s->ctx, 0, &s->sul_tick, tick_cb, SLACK_TICK_S * LWS_US_PER_SEC);
}

static void
log_bot_token_refused(const char *error)
{
	log_warnx("slack: Slack refused the bot token (SLACK_BOT_TOKEN or [slack] bot_token): %s. "
	    "Copy the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page "
	    "after installing it to the workspace", error);
}

/* The opener finished: connect, or say why not. */
static void
opener_done(struct slack *s)
{
	struct opener *op = &s->op;
	int delay;

	pthread_join(op->thread, NULL);
	op->running = false;
	atomic_store(&op->done, false);
	if (s->stopping)
		return;
	if (op->rc == WEBAPI_OK) {
		if (op->need_auth) {
			memcpy(s->bot_user, op->bot_user, sizeof(s->bot_user));
			memcpy(s->bot_id, op->bot_id, sizeof(s->bot_id));
			log_info("slack: the bot is user %s", s->bot_user);
		}
		connect_url(s);
		return;
	}
	if (op->rc == WEBAPI_AUTH) {
		if (op->bot_token)
			log_bot_token_refused(op->error);
		else
			log_warnx("slack: Slack refused the app-level token (SLACK_APP_TOKEN or [slack] "
			    "app_token): %s. Make one under Basic Information > App-Level Tokens with "
			    "the connections:write scope", op->error);
		begin_stop(s, SLACK_EXIT_CONFIG);
		return;
	}
	delay = op->retry_after > 0 ? op->retry_after * 1000 : backoff(s);
	log_warnx("slack: %s failed: %s", op->bot_token ? "auth.test" : "apps.connections.open",
	    op->error);
	want_link(s, delay);
}

/* Woken by lws_cancel_service(): a signal, the opener, or the sender. */
static void
on_wake(struct slack *s)
{
	if (got_signal && !s->stopping) {
		log_info("slack: %s: closing the connection and stopping",
		    got_signal == SIGINT ? "SIGINT" : "SIGTERM");
		begin_stop(s, SLACK_EXIT_OK);
	}
	if (atomic_load(&s->bot_token_refused) && !s->stopping) {
		log_bot_token_refused("see the outbox line above");
		begin_stop(s, SLACK_EXIT_CONFIG);
	}
	if (s->op.running && atomic_load(&s->op.done))
		opener_done(s);
	send_acks(s);
}

static int
callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct lws_context *ctx = lws_get_context(wsi);
	struct slack *s = ctx ? lws_context_user(ctx) : NULL;
	struct conn *c;

	(void)user;
	if (s == NULL)
		return 0;
	if (reason == LWS_CALLBACK_EVENT_WAIT_CANCELLED) {
		on_wake(s);
		return 0;
	}
	c = lws_get_opaque_user_data(wsi);
	if (c == NULL || c < s->conns || c >= s->conns + CONN_SLOTS || !c->in_use)
		return 0;
	if (c->wsi == NULL)
		c->wsi = wsi;	/* the first callback of the wsi connect_url() is making */
	if (c->wsi != wsi)
		return 0;	/* a late callback of the slot's previous connection */
	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		conn_gone(c, wsi, in ? (const char *)in : "connection error");
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if (c->state == CONN_CONNECTING)
			c->state = CONN_OPEN;
		if (c->want_close || c->txh)
			lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		return on_receive(c, wsi, in, len);
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return on_writeable(c, wsi);
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (len >= 2)
			log_debug("slack: connection %d closed by Slack (%d)", c->serial,
			    ((const unsigned char *)in)[0] << 8 | ((const unsigned char *)in)[1]);
		break;
	case LWS_CALLBACK_CLIENT_CLOSED:
		conn_gone(c, wsi, "closed");
		break;
	case LWS_CALLBACK_WSI_DESTROY:
		conn_gone(c, wsi, "gone");
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "funnelbot-slack", callback, 0, 16 * 1024, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 },
};

static void
token_refused(void *arg)
{
	struct slack *s = arg;

	atomic_store(&s->bot_token_refused, true);
	lws_cancel_service(s->ctx);
}

int
slack_run(const struct config *cfg, struct store *st, struct commands *cmds,
    const struct clock *clk, const struct slack_hooks *hooks)
{
	struct lws_context_creation_info info;
	struct sigaction sa, old_term, old_int, old_pipe;
	struct outbox_config oc;
	struct slack *s;
	char err[512];
	int code;

	if (strcmp(cfg->store_path, ":memory:") == 0) {
		log_warnx("slack: [store] path = :memory: cannot run on Slack (the sender needs the "
		    "database file too); name a file");
		return SLACK_EXIT_CONFIG;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_warnx("slack: out of memory");
		return SLACK_EXIT_RUNTIME;
	}
	pthread_mutex_init(&s->ack_mu, NULL);
	s->acks_tail = &s->acks;
	s->cfg = cfg;
	s->st = st;
	s->cmds = cmds;
	s->clk = clk;
	if (hooks)
		s->hooks = *hooks;
	s->seed = (unsigned int)time(NULL) ^ (unsigned int)getpid();
	s->policy = (lws_retry_bo_t){
		.retry_ms_table = backoff_ms,
		.retry_ms_table_count = NBACKOFF,
		.conceal_count = LWS_RETRY_CONCEAL_ALWAYS,
		/* ping after this long without a pong; hang up after twice that */
		.secs_since_valid_ping = (uint16_t)cfg->ping_interval,
		.secs_since_valid_hangup = (uint16_t)(cfg->ping_interval * 2),
		.jitter_percent = 30,
	};
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_warnx("slack: cannot initialise libcurl");
		pthread_mutex_destroy(&s->ack_mu);
		free(s);
		return SLACK_EXIT_RUNTIME;
	}
	lws_set_log_level(log_get_level() >= LOG_DEBUG ? LLL_ERR | LLL_WARN | LLL_NOTICE :
	    LLL_ERR | LLL_WARN, lws_log_line);

	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.user = s;
	info.fd_limit_per_thread = 64;	/* else lws sizes its tables by `ulimit -n` */
	info.timeout_secs = 10;
	info.retry_and_idle_policy = &s->policy;
	code = SLACK_EXIT_RUNTIME;
	if ((s->ctx = lws_create_context(&info)) == NULL) {
		log_warnx("slack: cannot create the libwebsockets context");
		goto done;
	}

	memset(&oc, 0, sizeof(oc));
	oc.store_path = cfg->store_path;
	oc.api_url = cfg->api_url;
	oc.bot_token = cfg->bot_token;
	oc.token_refused = token_refused;
	oc.arg = s;
	if ((s->ob = outbox_start(&oc, err, sizeof(err))) == NULL) {
		log_warnx("slack: cannot start the sender: %s", err);
		goto done;
	}
	if ((s->w = worker_start(st, cmds, clk, &(struct worker_hooks){ .ack = worker_ack,
	    .learn = worker_learn, .kick = worker_kick, .tick = worker_run_tick, .arg = s },
	    err, sizeof(err))) == NULL) {
		log_warnx("slack: %s", err);
		goto done;
	}

	got_signal = 0;
	signal_ctx = s->ctx;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGINT, &sa, &old_int);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old_pipe);

	log_info("slack: starting (command %s, database %s)", cfg->command, cfg->store_path);
	want_link(s, 0);
	lws_sul_schedule(s->ctx, 0, &s->sul_tick, tick_cb, LWS_US_PER_SEC);
	while (!s->done) {
		if (got_signal && !s->stopping)
			on_wake(s);
		if (lws_service(s->ctx, 0) < 0)
			break;
	}
	code = s->exit_code;

	/* The connections are closed (or given up on); the opener is told to stop. */
	atomic_store(&s->op.abort, true);
	if (s->op.running)
		pthread_join(s->op.thread, NULL);
	s->op.running = false;
	explicit_bzero(s->op.url, sizeof(s->op.url));
	explicit_bzero(s->op.path, sizeof(s->op.path));
	signal_ctx = NULL;
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
done:
	worker_stop(s->w);	/* finishes the envelope in hand */
	outbox_stop(s->ob);	/* finishes the request in flight */
	drop_acks(s);		/* none can go out now */
	s->stopping = true;
	if (s->ctx)
		lws_context_destroy(s->ctx);
	for (int i = 0; i < CONN_SLOTS; i++)
		if (s->conns[i].in_use)
			conn_release(&s->conns[i]);
	curl_global_cleanup();
	pthread_mutex_destroy(&s->ack_mu);
	free(s);
	log_info("slack: stopped (exit %d)", code);
	return code;
}
