/*
 * The sender thread (see outbox.h). It owns its store connection and webapi handle; the
 * websocket thread reaches it only through the mutex-guarded flags below and the condition
 * variable. Pending rows are taken oldest first, one conversation at a time, so replies in a
 * DM keep their order even when one of them has to wait.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/log.h"
#include "bot/outbox.h"
#include "bot/webapi.h"
#include "store/store.h"

#define PEEK_MAX	64		/* pending rows looked at per pick */
#define PACE_MS		1000		/* chat.postMessage: one a second per channel */
#define PACE_SLOTS	64		/* channels whose last post time is remembered */
#define DM_SLOTS	64		/* user -> DM channel ids remembered */
#define LOOKUP_MAX	64		/* users.info requests queued */
#define LOOKED_MAX	256		/* users looked up recently (not asked again) */
#define BACKOFF_MAX_MS	(5 * 60 * 1000)	/* the longest wait between two tries of a row */
#define GIVE_UP_S	(24 * 3600)	/* a row still failing after this is dropped */
#define IDLE_MS		(60 * 1000)	/* the longest sleep with nothing due */
#define PEOPLE_EVERY_MS	(12 * 3600 * 1000LL)	/* users.list again after this */
#define USERS_PAGE	200		/* users.list page size (Slack: at most 200 advised) */
#define HTTP_TIMEOUT_S	20

/* Rate-limit buckets: Slack counts limits per method. */
enum bucket { B_POST, B_EPHEMERAL, B_OPEN, B_FILES, B_USERS, B_COUNT };

static const char *const bucket_method[B_COUNT] = {
	"chat.postMessage", "chat.postEphemeral", "conversations.open", "files upload",
	"users.info",
};

struct outbox {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;		/* signalled on stop, kick and lookups */

	/* Guarded by mu. */
	bool stop;
	bool kicked;
	char lookups[LOOKUP_MAX][WEBAPI_ID_MAX];
	int nlookups;
	char looked[LOOKED_MAX][WEBAPI_ID_MAX];	/* a ring of recent lookups */
	int nlooked;

	/* The sender thread's own. */
	struct store *st;
	struct webapi *api;
	struct { char channel[WEBAPI_ID_MAX]; int64_t next_ms; } pace[PACE_SLOTS];
	struct { char user[WEBAPI_ID_MAX]; char dm[WEBAPI_ID_MAX]; } dms[DM_SLOTS];
	int64_t blocked_ms[B_COUNT];	/* 429: nothing of that bucket before this */
	int64_t people_ms;		/* next users.list refresh */
	unsigned int seed;		/* jitter */
	void (*token_refused)(void *arg);
	void *arg;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits on o->cv (mu held) for at most ms milliseconds. */
static void
wait_ms(struct outbox *o, int64_t ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_cond_timedwait(&o->cv, &o->mu, &ts);
}

static bool
stopping(struct outbox *o)
{
	bool s;

	pthread_mutex_lock(&o->mu);
	s = o->stop;
	pthread_mutex_unlock(&o->mu);
	return s;
}

/* Sleeps ms unless stopped first; returns true when stopped. */
static bool
sleep_unless_stopped(struct outbox *o, int64_t ms)
{
	int64_t until = now_ms() + ms;
	bool s;

	pthread_mutex_lock(&o->mu);
	while (!o->stop && now_ms() < until)
		wait_ms(o, until - now_ms());
	s = o->stop;
	pthread_mutex_unlock(&o->mu);
	return s;
}

static enum bucket
bucket_of(enum outbox_kind k)
{
	switch (k) {
	case OUTBOX_EPHEMERAL:
		return B_EPHEMERAL;
	case OUTBOX_FILE:
		return B_FILES;
	case OUTBOX_POST:
	case OUTBOX_DM:
	default:
		return B_POST;
	}
}

/* The conversation a row belongs to: rows of one conversation go out in order. */
static void
conv_key(const struct outbox_head *h, char *out, size_t outlen)
{
	switch (h->kind) {
	case OUTBOX_POST:
		snprintf(out, outlen, "#%s", h->channel);
		break;
	case OUTBOX_EPHEMERAL:
		snprintf(out, outlen, "#%s/%s", h->channel, h->user);
		break;
	case OUTBOX_DM:
	case OUTBOX_FILE:
	default:
		snprintf(out, outlen, "@%s", h->user);
		break;
	}
}

/* When chat.postMessage may next post into channel (0: now). */
static int64_t
pace_next(const struct outbox *o, const char *channel)
{
	for (int i = 0; i < PACE_SLOTS; i++)
		if (strcmp(o->pace[i].channel, channel) == 0)
			return o->pace[i].next_ms;
	return 0;
}

static void
pace_mark(struct outbox *o, const char *channel, int64_t now)
{
	int oldest = 0;

	for (int i = 0; i < PACE_SLOTS; i++) {
		if (strcmp(o->pace[i].channel, channel) == 0) {
			o->pace[i].next_ms = now + PACE_MS;
			return;
		}
		if (o->pace[i].next_ms < o->pace[oldest].next_ms)
			oldest = i;
	}
	snprintf(o->pace[oldest].channel, sizeof(o->pace[oldest].channel), "%s", channel);
	o->pace[oldest].next_ms = now + PACE_MS;
}

static const char *
dm_cached(const struct outbox *o, const char *user)
{
	for (int i = 0; i < DM_SLOTS; i++)
		if (strcmp(o->dms[i].user, user) == 0)
			return o->dms[i].dm;
	return NULL;
}

static void
dm_remember(struct outbox *o, const char *user, const char *dm)
{
	int slot = (int)(rand_r(&o->seed) % DM_SLOTS);

	for (int i = 0; i < DM_SLOTS; i++) {
		if (o->dms[i].user[0] == '\0') {
			slot = i;
			break;
		}
	}
	snprintf(o->dms[slot].user, sizeof(o->dms[slot].user), "%s", user);
	snprintf(o->dms[slot].dm, sizeof(o->dms[slot].dm), "%s", dm);
}

/*
 * Picks the next row to send now: the first pending row of its conversation, due, and not held
 * back by a 429 or the channel's pace. Returns 1 with *h set, 0 when none (with *wake_ms, when
 * to look again), or -1 when the store failed.
 */
static int
pick(struct outbox *o, int64_t now, struct outbox_head *h, int64_t *wake_ms)
{
	struct outbox_head heads[PEEK_MAX];
	char keys[PEEK_MAX][2 * WEBAPI_ID_MAX + 4];
	int n, nkeys = 0;

	*wake_ms = now + IDLE_MS;
	if ((n = store_outbox_pending(o->st, heads, PEEK_MAX)) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const struct outbox_head *c = &heads[i];
		bool taken = false;
		int64_t t;

		if (c->attempts == 0 && c->due_ms > now) {
			/* Scheduled for later (a snoozed prompt), never tried: it holds nothing
			 * back, and goes when it is due. */
			if (c->due_ms < *wake_ms)
				*wake_ms = c->due_ms;
			continue;
		}
		conv_key(c, keys[nkeys], sizeof(keys[nkeys]));
		for (int k = 0; k < nkeys && !taken; k++)
			taken = strcmp(keys[k], keys[nkeys]) == 0;
		if (taken)
			continue;	/* an older row of this conversation goes first */
		nkeys++;
		t = c->due_ms;
		if (o->blocked_ms[bucket_of(c->kind)] > t)
			t = o->blocked_ms[bucket_of(c->kind)];
		if (c->kind == OUTBOX_POST && pace_next(o, c->channel) > t)
			t = pace_next(o, c->channel);
		if (c->kind == OUTBOX_DM && dm_cached(o, c->user) &&
		    pace_next(o, dm_cached(o, c->user)) > t)
			t = pace_next(o, dm_cached(o, c->user));
		if (t <= now) {
			*h = *c;
			return 1;
		}
		if (t < *wake_ms)
			*wake_ms = t;
	}
	return 0;
}

/* The DM channel with user, from the cache or conversations.open. */
static int
dm_channel(struct outbox *o, const char *user, char dm[WEBAPI_ID_MAX], struct webapi_result *res,
    enum bucket *b)
{
	const char *c = dm_cached(o, user);

	if (c) {
		snprintf(dm, WEBAPI_ID_MAX, "%s", c);
		return WEBAPI_OK;
	}
	*b = B_OPEN;
	if (o->blocked_ms[B_OPEN] > now_ms()) {
		memset(res, 0, sizeof(*res));
		res->rc = WEBAPI_RETRY;
		res->retry_after = (int)((o->blocked_ms[B_OPEN] - now_ms()) / 1000) + 1;
		snprintf(res->error, sizeof(res->error), "ratelimited");
		return res->rc;
	}
	if (webapi_conversations_open(o->api, user, dm, res) == WEBAPI_OK)
		dm_remember(o, user, dm);
	return res->rc;
}

/* Sends one row; *b is the bucket of the call that answered, *channel where it went. */
static int
send_row(struct outbox *o, const struct outbox_row *r, struct webapi_result *res,
    enum bucket *b, char channel[WEBAPI_ID_MAX])
{
	const struct outbox_head *h = &r->h;

	*b = bucket_of(h->kind);
	snprintf(channel, WEBAPI_ID_MAX, "%s", h->channel);
	switch (h->kind) {
	case OUTBOX_POST:
		return webapi_post_message(o->api, h->channel, r->text, r->blocks, res);
	case OUTBOX_EPHEMERAL:
		return webapi_post_ephemeral(o->api, h->channel, h->user, r->text, r->blocks, res);
	case OUTBOX_DM:
		if (dm_channel(o, h->user, channel, res, b) != WEBAPI_OK)
			return res->rc;
		*b = B_POST;
		return webapi_post_message(o->api, channel, r->text, r->blocks, res);
	case OUTBOX_FILE:
		if (dm_channel(o, h->user, channel, res, b) != WEBAPI_OK)
			return res->rc;
		*b = B_FILES;
		return webapi_upload_file(o->api, channel, r->file_name[0] ? r->file_name :
		    "export.csv", r->file ? r->file : "", r->file_len, r->text, res);
	}
	memset(res, 0, sizeof(*res));
	res->rc = WEBAPI_FAIL;
	snprintf(res->error, sizeof(res->error), "unknown row kind %d", (int)h->kind);
	return res->rc;
}

static const char *
kind_name(enum outbox_kind k)
{
	static const char *const names[] = { "message", "ephemeral reply", "DM", "file" };

	return (unsigned)k < 4 ? names[k] : "row";
}

/* Sends the row and records the outcome. Returns -1 when the store failed. */
static int
deliver(struct outbox *o, const struct outbox_head *head)
{
	struct outbox_row r;
	struct webapi_result res;
	char channel[WEBAPI_ID_MAX];
	enum bucket b;
	int64_t now, delay;
	int rc;

	if ((rc = store_outbox_get(o->st, head->id, &r)) != STORE_OK) {
		log_warnx("outbox: cannot read message %lld: %s", (long long)head->id,
		    store_errmsg(o->st));
		return -1;
	}
	send_row(o, &r, &res, &b, channel);
	now = now_ms();
	switch (res.rc) {
	case WEBAPI_OK:
		if (b == B_POST)
			pace_mark(o, channel, now);
		rc = store_outbox_sent(o->st, r.h.id, now / 1000);
		log_debug("outbox: %s %lld sent", kind_name(r.h.kind), (long long)r.h.id);
		break;
	case WEBAPI_RETRY:
		if (res.retry_after > 0) {
			delay = (int64_t)res.retry_after * 1000;
			o->blocked_ms[b] = now + delay;
			log_info("outbox: %s is rate-limited; trying again in %d s",
			    bucket_method[b], res.retry_after);
		} else {
			delay = 1000LL << (r.h.attempts < 9 ? r.h.attempts : 9);
			if (delay > BACKOFF_MAX_MS)
				delay = BACKOFF_MAX_MS;
			delay += rand_r(&o->seed) % (delay / 5 + 1);
			log_info("outbox: %s %lld not sent (%s); trying again in %lld ms",
			    kind_name(r.h.kind), (long long)r.h.id, res.error, (long long)delay);
		}
		if (now / 1000 - r.h.created_at > GIVE_UP_S) {
			log_warnx("outbox: giving up on %s %lld after %d tries over a day: %s",
			    kind_name(r.h.kind), (long long)r.h.id, r.h.attempts + 1, res.error);
			rc = store_outbox_failed(o->st, r.h.id, res.error, now / 1000);
		} else {
			rc = store_outbox_retry(o->st, r.h.id, r.h.attempts + 1, now + delay,
			    res.error);
		}
		break;
	case WEBAPI_AUTH:
		log_warnx("outbox: Slack refused the bot token (SLACK_BOT_TOKEN or [slack] "
		    "bot_token) for %s: %s", bucket_method[b], res.error);
		rc = store_outbox_retry(o->st, r.h.id, r.h.attempts + 1, now + BACKOFF_MAX_MS,
		    res.error);
		if (o->token_refused)
			o->token_refused(o->arg);
		break;
	case WEBAPI_FAIL:
	default:
		log_warnx("outbox: %s %lld to %s failed for good (%s): %s", kind_name(r.h.kind),
		    (long long)r.h.id, r.h.channel[0] ? r.h.channel : r.h.user, bucket_method[b],
		    res.error);
		rc = store_outbox_failed(o->st, r.h.id, res.error, now / 1000);
		break;
	}
	if (rc != STORE_OK)
		log_warnx("outbox: cannot record the outcome of %s %lld: %s",
		    kind_name(r.h.kind), (long long)r.h.id, store_errmsg(o->st));
	store_outbox_row_free(&r);
	return rc == STORE_OK ? 0 : -1;
}

/* A member as a person: names and zone; bots, Slackbot and deleted members are skipped. */
static int
save_user(const struct webapi_user *u, void *arg)
{
	struct outbox *o = arg;
	struct person p;
	int rc;

	if (u->deleted || u->is_bot)
		return 0;
	rc = store_person_ensure(o->st, u->id, u->name, u->display_name, u->tz, false,
	    now_ms() / 1000, &p);
	if (rc != STORE_OK)
		log_warnx("outbox: cannot save %s's name: %s", u->id, store_errmsg(o->st));
	return 0;
}

/* users.list, page by page, each page in one transaction. */
static void
refresh_people(struct outbox *o)
{
	char cursor[512] = "", next[512];
	struct webapi_result res;
	int pages = 0;

	do {
		if (o->blocked_ms[B_USERS] > now_ms() &&
		    sleep_unless_stopped(o, o->blocked_ms[B_USERS] - now_ms()))
			return;
		if (store_begin(o->st) != STORE_OK) {
			log_warnx("outbox: cannot save people: %s", store_errmsg(o->st));
			return;
		}
		webapi_users_list_page(o->api, cursor, USERS_PAGE, save_user, o, next, sizeof(next),
		    &res);
		if (store_commit(o->st) != STORE_OK)
			log_warnx("outbox: cannot save people: %s", store_errmsg(o->st));
		if (res.rc == WEBAPI_RETRY && res.retry_after > 0) {
			o->blocked_ms[B_USERS] = now_ms() + res.retry_after * 1000LL;
			continue;	/* the same page after Retry-After */
		}
		if (res.rc == WEBAPI_AUTH) {
			log_warnx("outbox: Slack refused the bot token (SLACK_BOT_TOKEN or [slack] "
			    "bot_token) for users.list: %s", res.error);
			if (o->token_refused)
				o->token_refused(o->arg);
			o->people_ms = now_ms() + 10 * 60 * 1000;
			return;
		}
		if (res.rc != WEBAPI_OK) {
			log_warnx("outbox: users.list failed (%s); names and time zones come from "
			    "users.info instead, and users.list runs again later", res.error);
			o->people_ms = now_ms() + 10 * 60 * 1000;
			return;
		}
		pages++;
		snprintf(cursor, sizeof(cursor), "%s", next);
	} while (cursor[0] && !stopping(o));
	log_info("outbox: people's names and time zones read from users.list (%d page%s)",
	    pages, pages == 1 ? "" : "s");
}

static void
lookup(struct outbox *o, const char *user)
{
	struct webapi_user u;
	struct webapi_result res;

	if (webapi_users_info(o->api, user, &u, &res) != WEBAPI_OK) {
		if (res.retry_after)
			o->blocked_ms[B_USERS] = now_ms() + res.retry_after * 1000LL;
		log_info("outbox: users.info for %s failed: %s", user, res.error);
		return;
	}
	if (store_begin(o->st) != STORE_OK) {
		log_warnx("outbox: cannot save %s's name: %s", user, store_errmsg(o->st));
		return;
	}
	save_user(&u, o);
	if (store_commit(o->st) != STORE_OK)
		log_warnx("outbox: cannot save %s's name: %s", user, store_errmsg(o->st));
}

static void *
sender_main(void *arg)
{
	struct outbox *o = arg;
	struct outbox_head h;
	char user[WEBAPI_ID_MAX];
	int64_t wake = 0, now;
	bool have;
	int got;

	o->people_ms = now_ms();
	for (;;) {
		pthread_mutex_lock(&o->mu);
		while (!o->stop && !o->kicked && o->nlookups == 0 && now_ms() < wake)
			wait_ms(o, wake - now_ms());
		if (o->stop) {
			pthread_mutex_unlock(&o->mu);
			break;
		}
		o->kicked = false;
		have = o->nlookups > 0 && o->blocked_ms[B_USERS] <= now_ms();
		if (have)
			memcpy(user, o->lookups[--o->nlookups], sizeof(user));
		pthread_mutex_unlock(&o->mu);

		if (have) {
			lookup(o, user);
			wake = 0;
			continue;
		}
		now = now_ms();
		if (now >= o->people_ms) {
			o->people_ms = now + PEOPLE_EVERY_MS;
			refresh_people(o);
			continue;
		}
		got = pick(o, now, &h, &wake);
		if (got < 0) {
			log_warnx("outbox: cannot read the outbox: %s", store_errmsg(o->st));
			wake = now + 5000;
		} else if (got > 0) {
			if (deliver(o, &h) != 0)
				wake = now_ms() + 1000;
			else
				wake = 0;
		}
		if (o->people_ms < wake)
			wake = o->people_ms;
	}
	return NULL;
}

struct outbox *
outbox_start(const struct outbox_config *cfg, char *err, size_t errlen)
{
	struct outbox *o = calloc(1, sizeof(*o));
	pthread_condattr_t ca;
	sigset_t all, old;
	int code, rc;

	if (o == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	o->token_refused = cfg->token_refused;
	o->arg = cfg->arg;
	o->seed = (unsigned int)now_ms();
	pthread_mutex_init(&o->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&o->cv, &ca);
	pthread_condattr_destroy(&ca);
	if ((o->st = store_open(cfg->store_path, 0, &code, err, errlen)) == NULL)
		goto fail;
	if ((o->api = webapi_new(cfg->api_url, cfg->bot_token, HTTP_TIMEOUT_S, NULL)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	/* Signals are the websocket thread's business. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&o->thread, NULL, sender_main, o);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the sender thread: %s", strerror(rc));
		goto fail;
	}
	return o;
fail:
	webapi_free(o->api);
	store_close(o->st);
	pthread_cond_destroy(&o->cv);
	pthread_mutex_destroy(&o->mu);
	free(o);
	return NULL;
}

void
outbox_kick(struct outbox *o)
{
	pthread_mutex_lock(&o->mu);
	o->kicked = true;
	pthread_cond_signal(&o->cv);
	pthread_mutex_unlock(&o->mu);
}

void
outbox_lookup_user(struct outbox *o, const char *user_id)
{
	int i;

	if (user_id == NULL || *user_id == '\0' || strlen(user_id) >= WEBAPI_ID_MAX)
		return;
	pthread_mutex_lock(&o->mu);
	for (i = 0; i < LOOKED_MAX; i++)
		if (strcmp(o->looked[i], user_id) == 0)
			break;
	if (i == LOOKED_MAX && o->nlookups < LOOKUP_MAX) {
		snprintf(o->looked[o->nlooked], WEBAPI_ID_MAX, "%s", user_id);
		o->nlooked = (o->nlooked + 1) % LOOKED_MAX;
		snprintf(o->lookups[o->nlookups++], WEBAPI_ID_MAX, "%s", user_id);
		pthread_cond_signal(&o->cv);
	}
	pthread_mutex_unlock(&o->mu);
}

void
outbox_stop(struct outbox *o)
{
	if (o == NULL)
		return;
	pthread_mutex_lock(&o->mu);
	o->stop = true;
	pthread_cond_signal(&o->cv);
	pthread_mutex_unlock(&o->mu);
	pthread_join(o->thread, NULL);
	webapi_free(o->api);
	store_close(o->st);
	pthread_cond_destroy(&o->cv);
	pthread_mutex_destroy(&o->mu);
	free(o);
}
