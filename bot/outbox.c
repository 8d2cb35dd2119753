/*
 * The sender thread (see outbox.h). It owns its store connection and webapi handle; the
 * other threads reach it only through the mutex-guarded flags below and the condition
 * variable. Each round it looks at the oldest pending row of every conversation and sends the
 * one whose conversation was served longest ago, so replies in a DM keep their order and one
 * busy conversation never holds up another. It never holds a transaction across a network call:
 * it fetches, then writes in one short transaction.
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

#define HEADS_MAX	256		/* conversations looked at per pick */
#define PACE_MS		1000		/* chat.postMessage: one a second per channel */
#define PACE_SLOTS	64		/* channels whose last post time is remembered */
#define SERVED_SLOTS	256		/* conversations whose last turn is remembered */
#define DM_SLOTS	64		/* user -> DM channel ids remembered */
#define LOOKUP_MAX	64		/* users.info requests queued */
#define LOOKED_MAX	256		/* users looked up recently (not asked again) */
#define BACKOFF_MAX_MS	(5 * 60 * 1000)	/* the longest wait between two tries of a row */
#define GIVE_UP_S	(24 * 3600)	/* a row still failing after this is dropped */
#define IDLE_MS		(60 * 1000)	/* the longest sleep with nothing due */
#define PEOPLE_EVERY_MS	(12 * 3600 * 1000LL)	/* users.list again after this */
#define PEOPLE_RETRY_MS	(10 * 60 * 1000)	/* ... or after this when it failed */
#define USERS_PAGE	200		/* users.list page size (Slack: at most 200 advised) */
#define USERS_PAGES_MAX	250		/* a users.list run ends after this many pages (50,000
					 * members), so a cursor that never ends cannot loop */
#define PAGE_KEEP	(2 * USERS_PAGE)	/* members of one page kept for its transaction */
#define UNRECORDED_MAX	64		/* outcomes Slack gave that the store has not recorded */
#define RECORD_BACKOFF_MAX_MS	(60 * 1000)	/* the longest wait between two tries to record */
#define HTTP_TIMEOUT_S	20

/* Rate-limit buckets: Slack counts limits per method. */
enum bucket { B_POST, B_EPHEMERAL, B_OPEN, B_FILES, B_USERS, B_LIST, B_COUNT };

static const char *const bucket_method[B_COUNT] = {
	"chat.postMessage", "chat.postEphemeral", "conversations.open", "files upload",
	"users.info", "users.list",
};

/*
 * What Slack made of a row, while the store cannot record it (full, locked, read-only). Kept
 * here so a message already delivered is never delivered again because its "sent" was not
 * written; recorded as soon as the store allows.
 */
struct unrecorded {
	int64_t id;
	enum outbox_state state;	/* SENT or FAILED; PENDING: to try again */
	int attempts;			/* PENDING: tries so far, and ... */
	int64_t due_ms;			/* ... not before this */
	int64_t at;			/* SENT, FAILED: unix seconds */
	char error[96];
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
	struct outbox_head heads[HEADS_MAX];
	struct { char channel[WEBAPI_ID_MAX]; int64_t next_ms; } pace[PACE_SLOTS];
	struct { char key[2 * WEBAPI_ID_MAX + 4]; uint64_t turn; } served[SERVED_SLOTS];
	uint64_t turns;			/* rows sent so far: the round-robin's clock */
	struct { char user[WEBAPI_ID_MAX]; char dm[WEBAPI_ID_MAX]; } dms[DM_SLOTS];
	int64_t blocked_ms[B_COUNT];	/* 429: nothing of that bucket before this */
	struct unrecorded unrec[UNRECORDED_MAX];
	int nunrec;
	int64_t record_ms;		/* when to try recording them again */
	int64_t record_backoff_ms;
	bool record_warned;		/* the log said so, once per outage */
	int64_t people_ms;		/* next users.list run */
	bool listing;			/* a users.list run is under way: */
	char list_cursor[512];		/* the page to fetch next ("" the first) */
	int list_pages;			/* pages read so far */
	struct webapi_user *page;	/* PAGE_KEEP members of the page being read */
	int npage;
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

/* The conversation's last turn (0: never served, or so long ago it was forgotten). */
static uint64_t
served_turn(const struct outbox *o, const char *key)
{
	for (int i = 0; i < SERVED_SLOTS; i++)
		if (strcmp(o->served[i].key, key) == 0)
			return o->served[i].turn;
	return 0;
}

static void
served_mark(struct outbox *o, const char *key)
{
	int oldest = 0;

	o->turns++;
	for (int i = 0; i < SERVED_SLOTS; i++) {
		if (strcmp(o->served[i].key, key) == 0) {
			oldest = i;
			break;
		}
		if (o->served[i].turn < o->served[oldest].turn)
			oldest = i;
	}
	snprintf(o->served[oldest].key, sizeof(o->served[oldest].key), "%s", key);
	o->served[oldest].turn = o->turns;
}

static struct unrecorded *
unrecorded_find(struct outbox *o, int64_t id)
{
	for (int i = 0; i < o->nunrec; i++)
		if (o->unrec[i].id == id)
			return &o->unrec[i];
	return NULL;
}

/* Writes one outcome to the store. */
static int
record(struct outbox *o, const struct unrecorded *u)
{
	switch (u->state) {
	case OUTBOX_SENT:
		return store_outbox_sent(o->st, u->id, u->at);
	case OUTBOX_FAILED:
		return store_outbox_failed(o->st, u->id, u->error, u->at);
	case OUTBOX_PENDING:
	default:
		return store_outbox_retry(o->st, u->id, u->attempts, u->due_ms, u->error);
	}
}

static void
record_later(struct outbox *o, int64_t now)
{
	o->record_backoff_ms = o->record_backoff_ms ? o->record_backoff_ms * 2 : 1000;
	if (o->record_backoff_ms > RECORD_BACKOFF_MAX_MS)
		o->record_backoff_ms = RECORD_BACKOFF_MAX_MS;
	o->record_ms = now + o->record_backoff_ms;
}

/*
 * Records what Slack made of a row; when the store cannot, keeps it in memory (pick() then
 * leaves the row alone) and tries again with backoff. The log says so once per outage.
 */
static void
record_outcome(struct outbox *o, const struct unrecorded *u, const char *what)
{
	struct unrecorded *slot;

	if ((slot = unrecorded_find(o, u->id)) == NULL && o->nunrec == 0 &&
	    record(o, u) == STORE_OK)
		return;
	/* Behind others already waiting (or the store just failed): keep the order. */
	if (slot == NULL)
		slot = &o->unrec[o->nunrec++];	/* pick() leaves room for one */
	*slot = *u;
	if (!o->record_warned) {
		log_warnx("outbox: cannot record that %s %lld %s: %s; kept in memory, so it is not "
		    "sent again, and recorded when the store allows", what, (long long)u->id,
		    u->state == OUTBOX_SENT ? "was sent" : u->state == OUTBOX_FAILED ?
		    "failed for good" : "must wait", store_errmsg(o->st));
		o->record_warned = true;
	}
	if (o->record_ms == 0)
		record_later(o, now_ms());
}

/* Writes the outcomes kept in memory, oldest first, when their time has come. */
static void
record_kept(struct outbox *o, int64_t now)
{
	int done = 0;

	if (o->nunrec == 0 || now < o->record_ms)
		return;
	while (done < o->nunrec && record(o, &o->unrec[done]) == STORE_OK)
		done++;
	memmove(o->unrec, o->unrec + done, (size_t)(o->nunrec - done) * sizeof(o->unrec[0]));
	o->nunrec -= done;
	if (o->nunrec > 0) {
		record_later(o, now_ms());
		return;
	}
	log_info("outbox: the store records again; every outcome kept in memory is written");
	o->record_warned = false;
	o->record_ms = 0;
	o->record_backoff_ms = 0;
}

/*
 * Picks the next row to send now: among the oldest pending row of each conversation, those due
 * and not held back by a 429 or the channel's pace, the one whose conversation had its turn
 * longest ago. Returns 1 with *h set, 0 when none (with *wake_ms, when to look again), or -1
 * when the store failed.
 */
static int
pick(struct outbox *o, int64_t now, struct outbox_head *h, int64_t *wake_ms)
{
	char key[2 * WEBAPI_ID_MAX + 4];
	uint64_t best_turn = 0;
	int64_t later;
	int n, best = -1;

	*wake_ms = now + IDLE_MS;
	if (o->nunrec > 0 && o->record_ms < *wake_ms)
		*wake_ms = o->record_ms;
	if (o->nunrec >= UNRECORDED_MAX)
		return 0;	/* nothing new goes out until the store records what did */
	if ((n = store_outbox_heads(o->st, now, o->heads, HEADS_MAX)) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		struct outbox_head *c = &o->heads[i];
		const struct unrecorded *u = unrecorded_find(o, c->id);
		const char *dm = c->kind == OUTBOX_DM || c->kind == OUTBOX_FILE ?
		    dm_cached(o, c->user) : NULL;
		uint64_t turn;
		int64_t t;

		if (u && u->state != OUTBOX_PENDING)
			continue;	/* sent or given up: the rest of its conversation waits for
					 * the store to record that, so it keeps its order */
		if (u) {
			c->attempts = u->attempts;
			c->due_ms = u->due_ms;
		}
		t = c->due_ms;
		if (o->blocked_ms[bucket_of(c->kind)] > t)
			t = o->blocked_ms[bucket_of(c->kind)];
		if ((c->kind == OUTBOX_DM || c->kind == OUTBOX_FILE) && dm == NULL &&
		    o->blocked_ms[B_OPEN] > t)
			t = o->blocked_ms[B_OPEN];
		if (c->kind == OUTBOX_POST && pace_next(o, c->channel) > t)
			t = pace_next(o, c->channel);
		if (c->kind == OUTBOX_DM && dm && pace_next(o, dm) > t)
			t = pace_next(o, dm);
		if (t > now) {
			if (t < *wake_ms)
				*wake_ms = t;
			continue;
		}
		conv_key(c, key, sizeof(key));
		turn = served_turn(o, key);
		if (best < 0 || turn < best_turn) {
			best = i;
			best_turn = turn;
		}
	}
	if (store_outbox_next_later(o->st, now, &later) == STORE_OK && later < *wake_ms)
		*wake_ms = later;
	if (best < 0)
		return 0;
	*h = o->heads[best];
	return 1;
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

/* Sends the row and records the outcome. Returns -1 when the row could not be read. */
static int
deliver(struct outbox *o, const struct outbox_head *head)
{
	struct outbox_row r;
	struct webapi_result res;
	struct unrecorded u;
	char channel[WEBAPI_ID_MAX], key[2 * WEBAPI_ID_MAX + 4];
	enum bucket b;
	int64_t now, delay;

	if (store_outbox_get(o->st, head->id, &r) != STORE_OK) {
		log_warnx("outbox: cannot read message %lld: %s", (long long)head->id,
		    store_errmsg(o->st));
		return -1;
	}
	r.h.attempts = head->attempts;	/* the store's count may be behind (kept in memory) */
	conv_key(&r.h, key, sizeof(key));
	served_mark(o, key);
	send_row(o, &r, &res, &b, channel);
	now = now_ms();
	memset(&u, 0, sizeof(u));
	u.id = r.h.id;
	u.at = now / 1000;
	snprintf(u.error, sizeof(u.error), "%s", res.error);
	switch (res.rc) {
	case WEBAPI_OK:
		if (b == B_POST)
			pace_mark(o, channel, now);
		u.state = OUTBOX_SENT;
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
			u.state = OUTBOX_FAILED;
		} else {
			u.state = OUTBOX_PENDING;
			u.attempts = r.h.attempts + 1;
			u.due_ms = now + delay;
		}
		break;
	case WEBAPI_AUTH:
		log_warnx("outbox: Slack refused the bot token (SLACK_BOT_TOKEN or [slack] "
		    "bot_token) for %s: %s", bucket_method[b], res.error);
		u.state = OUTBOX_PENDING;
		u.attempts = r.h.attempts + 1;
		u.due_ms = now + BACKOFF_MAX_MS;
		if (o->token_refused)
			o->token_refused(o->arg);
		break;
	case WEBAPI_FAIL:
	default:
		log_warnx("outbox: %s %lld to %s failed for good (%s): %s", kind_name(r.h.kind),
		    (long long)r.h.id, r.h.channel[0] ? r.h.channel : r.h.user, bucket_method[b],
		    res.error);
		u.state = OUTBOX_FAILED;
		break;
	}
	record_outcome(o, &u, kind_name(r.h.kind));
	store_outbox_row_free(&r);
	return 0;
}

/* A member as a person: names and zone; bots, Slackbot, deleted members and answers without
 * an id are skipped. Called inside the caller's transaction. */
static void
save_user(struct outbox *o, const struct webapi_user *u)
{
	struct person p;

	if (u->deleted || u->is_bot || u->id[0] == '\0')
		return;
	if (store_person_ensure(o->st, u->id, u->name, u->display_name, u->tz, false,
	    now_ms() / 1000, &p) != STORE_OK)
		log_warnx("outbox: cannot save %s's name: %s", u->id, store_errmsg(o->st));
}

/* Saves n members in one short transaction (the network is done with by now). */
static void
save_users(struct outbox *o, const struct webapi_user *u, int n)
{
	if (n == 0)
		return;
	if (store_begin(o->st) != STORE_OK) {
		log_warnx("outbox: cannot save people: %s", store_errmsg(o->st));
		return;
	}
	for (int i = 0; i < n; i++)
		save_user(o, &u[i]);
	if (store_commit(o->st) != STORE_OK)
		log_warnx("outbox: cannot save people: %s", store_errmsg(o->st));
}

/* users.list's callback: keeps the member for save_users(); stops the page when full. */
static int
keep_member(const struct webapi_user *u, void *arg)
{
	struct outbox *o = arg;

	o->page[o->npage++] = *u;
	return o->npage == PAGE_KEEP;
}

static void
list_end(struct outbox *o, int64_t again_ms)
{
	o->listing = false;
	o->people_ms = now_ms() + again_ms;
}

/*
 * One page of a users.list run: fetched, then saved in one transaction. A 429 leaves the run
 * where it is, to go on after Retry-After; other failures end it until PEOPLE_RETRY_MS.
 */
static void
list_step(struct outbox *o)
{
	char next[sizeof(o->list_cursor)];
	struct webapi_result res;

	o->npage = 0;
	webapi_users_list_page(o->api, o->list_cursor, USERS_PAGE, keep_member, o, next,
	    sizeof(next), &res);
	if (res.rc == WEBAPI_RETRY && res.retry_after > 0) {
		o->blocked_ms[B_LIST] = now_ms() + res.retry_after * 1000LL;
		log_info("outbox: users.list is rate-limited; page %d again in %d s",
		    o->list_pages + 1, res.retry_after);
		return;
	}
	if (res.rc == WEBAPI_AUTH) {
		log_warnx("outbox: Slack refused the bot token (SLACK_BOT_TOKEN or [slack] "
		    "bot_token) for users.list: %s", res.error);
		if (o->token_refused)
			o->token_refused(o->arg);
		list_end(o, PEOPLE_RETRY_MS);
		return;
	}
	if (res.rc != WEBAPI_OK) {
		log_warnx("outbox: users.list failed (%s); names and time zones come from "
		    "users.info instead, and users.list runs again later", res.error);
		list_end(o, PEOPLE_RETRY_MS);
		return;
	}
	save_users(o, o->page, o->npage);
	o->list_pages++;
	if (next[0] == '\0') {
		log_info("outbox: people's names and time zones read from users.list (%d page%s)",
		    o->list_pages, o->list_pages == 1 ? "" : "s");
		list_end(o, PEOPLE_EVERY_MS);
	} else if (o->list_pages >= USERS_PAGES_MAX || strcmp(next, o->list_cursor) == 0) {
		log_warnx("outbox: users.list stopped after %d pages (%s); the others' names "
		    "come from users.info", o->list_pages, o->list_pages >= USERS_PAGES_MAX ?
		    "the most read in one run" : "Slack gave the same cursor again");
		list_end(o, PEOPLE_EVERY_MS);
	} else {
		snprintf(o->list_cursor, sizeof(o->list_cursor), "%s", next);
	}
}

/* users.info for one person, then one short transaction. A 429 puts them back in the queue. */
static void
lookup(struct outbox *o, const char *user)
{
	struct webapi_user u;
	struct webapi_result res;

	if (webapi_users_info(o->api, user, &u, &res) == WEBAPI_OK) {
		if (strcmp(u.id, user) == 0)
			save_users(o, &u, 1);
		else	/* an answer about someone else is not this person's name */
			log_warnx("outbox: users.info for %s answered for %s; ignored", user, u.id);
		return;
	}
	log_info("outbox: users.info for %s failed: %s", user, res.error);
	if (res.retry_after == 0)
		return;
	o->blocked_ms[B_USERS] = now_ms() + res.retry_after * 1000LL;
	pthread_mutex_lock(&o->mu);
	if (o->nlookups < LOOKUP_MAX)
		snprintf(o->lookups[o->nlookups++], WEBAPI_ID_MAX, "%s", user);
	pthread_mutex_unlock(&o->mu);
}

static int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* A queued users.info can go now (mu held). */
static bool
lookup_ready(const struct outbox *o)
{
	return o->nlookups > 0 && o->blocked_ms[B_USERS] <= now_ms();
}

/* When to wake at the latest (mu held): wake, or sooner when a queued users.info's bucket
 * opens. Asked on every wait, so a lookup queued meanwhile is counted too. */
static int64_t
until(const struct outbox *o, int64_t wake)
{
	return o->nlookups > 0 ? min64(wake, o->blocked_ms[B_USERS]) : wake;
}

/*
 * The loop: each round one users.info lookup, one users.list page and one row, whichever are
 * ready, so none of them waits behind the others' backlog; then it sleeps until the next of
 * them is due (a blocked bucket sleeps until it opens) or a kick, a lookup or stop.
 */
static void *
sender_main(void *arg)
{
	struct outbox *o = arg;
	struct outbox_head h;
	char user[WEBAPI_ID_MAX];
	int64_t wake = 0, now;
	bool have, busy;
	int got;

	o->people_ms = now_ms();
	for (;;) {
		pthread_mutex_lock(&o->mu);
		while (!o->stop && !o->kicked && !lookup_ready(o) && now_ms() < until(o, wake))
			wait_ms(o, until(o, wake) - now_ms());
		if (o->stop) {
			pthread_mutex_unlock(&o->mu);
			break;
		}
		o->kicked = false;
		have = lookup_ready(o);
		if (have)
			memcpy(user, o->lookups[--o->nlookups], sizeof(user));
		pthread_mutex_unlock(&o->mu);

		busy = have;
		if (have)
			lookup(o, user);
		record_kept(o, now_ms());
		now = now_ms();
		if (!o->listing && now >= o->people_ms) {
			o->listing = true;
			o->list_cursor[0] = '\0';
			o->list_pages = 0;
		}
		if (o->listing && o->blocked_ms[B_LIST] <= now) {
			list_step(o);
			busy = true;
		}
		now = now_ms();
		got = pick(o, now, &h, &wake);
		if (got < 0) {
			log_warnx("outbox: cannot read the outbox: %s", store_errmsg(o->st));
			wake = now + 5000;
		} else if (got > 0) {
			if (deliver(o, &h) != 0)
				wake = now_ms() + 1000;
			else
				busy = true;
		}
		if (busy)
			wake = 0;
		wake = min64(wake, o->listing ? o->blocked_ms[B_LIST] : o->people_ms);
	}
	/* A last try, so what was delivered is not delivered again after a restart. */
	o->record_ms = 0;
	record_kept(o, now_ms());
	if (o->nunrec > 0)
		log_warnx("outbox: %d outcome%s could not be recorded before stopping; those "
		    "messages may go out again at the next start", o->nunrec,
		    o->nunrec == 1 ? "" : "s");
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
	if ((o->page = calloc(PAGE_KEEP, sizeof(*o->page))) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(o);
		return NULL;
	}
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
	free(o->page);
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
	free(o->page);
	free(o);
}
