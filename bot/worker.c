/* The worker (see worker.h): one thread, a queue of envelopes, the inbox run on each. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/clock.h"
#include "bot/inbox.h"
#include "bot/log.h"
#include "bot/worker.h"
#include "store/store.h"

#define HOLD_MAX	64	/* slash commands kept in one transaction */
#define QUEUE_BYTES	(64 * 1024 * 1024)	/* frames waiting, at most; more: not taken */
#define SEAL_MS		1500	/* older than this at its commit: acked early, answered in the DM */
#define RETRY_MS	15000	/* an early-acked command the store refused: tried again after */
#define GIVE_UP_MS	(3600 * 1000)	/* ... until this long after it arrived */

struct job {
	struct job *next;
	int conn;
	bool slash;
	bool parsed;		/* e holds the frame parsed on the worker thread */
	bool holding;		/* its pending row is being committed */
	bool held;		/* its pending row is committed: it may be acknowledged early */
	bool acked;		/* acknowledged early with INBOX_WORKING */
	bool sealed;		/* its own ack is on its way: no early one any more */
	int64_t arrived;	/* monotonic ms */
	int64_t retry_at;	/* on the retry list: monotonic ms it goes back in the queue */
	char id[101];		/* envelope_id (envelope.c allows 100 bytes) */
	char bot_user[ENVELOPE_ID_MAX + 1];
	struct envelope e;
	size_t len;
	char raw[];		/* the frame, NUL-terminated */
};

struct worker {
	struct worker_hooks hooks;
	struct inbox in;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *head, **tail;	/* queued, oldest first */
	struct job *cur;		/* the one being run */
	struct job *retry;		/* acked early, refused by the store: tried again */
	size_t queued_bytes;
	bool said_full;
	bool tick_due, linked, stop;
	int64_t busy_until;		/* the inbox's: the database was found locked */
};

/* Monotonic: a wall clock that jumps neither hastens nor delays an early ack. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
job_free(struct job *j)
{
	if (j->parsed)
		envelope_free(&j->e);
	free(j);
}

/* ---- the inbox's hands, for the job being run ---- */

static void
on_ack(void *arg, const char *envelope_id, const char *payload)
{
	struct worker *w = arg;
	bool skip;
	int conn;

	pthread_mutex_lock(&w->mu);
	skip = w->cur == NULL || w->cur->acked;
	conn = w->cur ? w->cur->conn : 0;
	if (w->cur)
		w->cur->sealed = true;	/* no early ack after this one */
	pthread_mutex_unlock(&w->mu);
	if (!skip)
		w->hooks.ack(w->hooks.arg, conn, envelope_id, payload);
}

static bool
on_early(void *arg, const char *envelope_id, bool last)
{
	struct worker *w = arg;
	bool acked;

	bool now = false;
	int conn = 0;
	char *payload;

	pthread_mutex_lock(&w->mu);
	/* Old enough that its commit could end past Slack's 3 s: acked now, the answer in the
	 * DM within this transaction -- not in a second one after it. */
	if (w->cur && w->cur->slash && !last && !w->cur->acked && !w->cur->sealed &&
	    now_ms() - w->cur->arrived >= SEAL_MS) {
		w->cur->acked = now = true;
		conn = w->cur->conn;
	}
	acked = w->cur && w->cur->acked;
	if (w->cur && last)
		w->cur->sealed = true;
	pthread_mutex_unlock(&w->mu);
	if (now && (payload = envelope_slash_payload(INBOX_WORKING, NULL)) != NULL) {
		w->hooks.ack(w->hooks.arg, conn, envelope_id, payload);
		free(payload);
	}
	return acked;
}

static void
on_learn(void *arg, const char *user)
{
	struct worker *w = arg;

	w->hooks.learn(w->hooks.arg, user);
}

static void
on_kick(void *arg)
{
	struct worker *w = arg;

	w->hooks.kick(w->hooks.arg);
}

/* ---- the thread ---- */

/*
 * Parses the queued jobs not seen yet and keeps their slash commands as pending, in one
 * transaction. Called with the lock held; drops it while the store works.
 */
static void
hold_queue(struct worker *w)
{
	struct job *js[HOLD_MAX];
	struct inbox_held hs[HOLD_MAX];
	char err[128];
	size_t n = 0;
	int rc, kept = 0;

	for (struct job *j = w->head; j && n < HOLD_MAX; j = j->next)
		if (!j->parsed)
			js[n++] = j;
	if (n == 0)
		return;
	pthread_mutex_unlock(&w->mu);
	for (size_t i = 0; i < n; i++) {
		if (envelope_parse(js[i]->raw, js[i]->len, &js[i]->e, err, sizeof(err)) != 0)
			memset(&js[i]->e, 0, sizeof(js[i]->e));	/* run as nothing: skipped */
		js[i]->parsed = true;
		hs[i] = (struct inbox_held){ .e = &js[i]->e, .raw = js[i]->raw };
	}
	rc = inbox_hold(&w->in, hs, n);
	pthread_mutex_lock(&w->mu);
	for (size_t i = 0; i < n; i++)
		kept += js[i]->holding = hs[i].held;
	pthread_mutex_unlock(&w->mu);
	if (rc == STORE_OK && kept && store_commit(w->in.st) != STORE_OK) {
		log_warnx("slack: cannot keep %zu slash commands as pending: %s", n,
		    store_errmsg(w->in.st));
		store_rollback(w->in.st);
		rc = STORE_ERR;
	}
	pthread_mutex_lock(&w->mu);
	for (size_t i = 0; i < n; i++) {
		js[i]->held = rc == STORE_OK && js[i]->holding;
		js[i]->holding = false;
	}
}

static int
run_job(struct worker *w, struct job *j)
{
	struct inbox in = w->in;

	if (j->e.envelope_id == NULL && j->e.type == ENV_OTHER)
		return 0;	/* it did not parse here */
	in.bot_user = j->bot_user;
	return inbox_handle(&in, &j->e);
}

/*
 * A slash command acked early that the store refused, and that is not kept as pending (a
 * pending one is run again by inbox_recover): it goes on the retry list, so the DM it was
 * promised still comes once the database takes it. Called with the lock held.
 */
static bool
keep_for_retry(struct worker *w, struct job *j)
{
	int64_t now = now_ms();

	if (!j->slash || !j->acked || j->held)
		return false;
	if (now - j->arrived >= GIVE_UP_MS) {
		log_warnx("slack: envelope %s, acknowledged as being worked on, could not be saved "
		    "for an hour; dropped", j->id);
		return false;
	}
	j->retry_at = now + RETRY_MS;
	j->next = w->retry;
	w->retry = j;
	return true;
}

/* The retry list's due jobs back at the end of the queue. Called with the lock held. */
static void
requeue_due(struct worker *w)
{
	int64_t now = now_ms();

	for (struct job **p = &w->retry; *p;) {
		struct job *j = *p;
		if (j->retry_at > now) {
			p = &j->next;
			continue;
		}
		*p = j->next;
		j->next = NULL;
		*w->tail = j;
		w->tail = &j->next;
	}
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct job *j;
	bool linked;
	int rc;

	inbox_recover(&w->in);
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->stop && w->head == NULL && !w->tick_due)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->stop)
			break;
		if (w->tick_due) {
			w->tick_due = false;
			linked = w->linked;
			pthread_mutex_unlock(&w->mu);
			w->hooks.tick(w->hooks.arg, linked);
			pthread_mutex_lock(&w->mu);
			requeue_due(w);
			if (w->head == NULL) {	/* none kept and waiting: each pending is left over */
				pthread_mutex_unlock(&w->mu);
				inbox_recover(&w->in);
				pthread_mutex_lock(&w->mu);
			}
			continue;
		}
		hold_queue(w);
		if (w->stop)
			break;
		if ((j = w->head) == NULL)
			continue;
		if ((w->head = j->next) == NULL)
			w->tail = &w->head;
		w->queued_bytes -= j->len;
		w->cur = j;
		pthread_mutex_unlock(&w->mu);
		rc = run_job(w, j);
		pthread_mutex_lock(&w->mu);
		w->cur = NULL;
		if (rc == 0 || !keep_for_retry(w, j))
			job_free(j);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct worker *
worker_start(struct store *st, struct commands *cmds, const struct clock *clk,
    const struct worker_hooks *hooks, char *err, size_t errlen)
{
	struct worker *w = calloc(1, sizeof(*w));
	sigset_t all, old;
	int rc;

	if (w == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->hooks = *hooks;
	w->tail = &w->head;
	w->in = (struct inbox){ .st = st, .cmds = cmds, .clk = clk, .bot_user = "",
		.ack = on_ack, .learn = on_learn, .kick = on_kick, .early = on_early,
		.busy_until = &w->busy_until, .arg = w };
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	/* Signals are the websocket thread's business. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the worker thread: %s", strerror(rc));
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NULL;
	}
	return w;
}

int
worker_put(struct worker *w, int conn, const struct envelope *e, const char *raw,
    size_t len, const char *bot_user)
{
	struct job *j = calloc(1, sizeof(*j) + len + 1);

	if (j == NULL)
		return -1;
	j->conn = conn;
	j->slash = e->type == ENV_SLASH && e->invalid == NULL;
	j->arrived = now_ms();
	snprintf(j->id, sizeof(j->id), "%s", e->envelope_id ? e->envelope_id : "");
	snprintf(j->bot_user, sizeof(j->bot_user), "%s", bot_user);
	memcpy(j->raw, raw, len);
	j->raw[len] = '\0';
	j->len = len;
	pthread_mutex_lock(&w->mu);
	/* The same envelope again while its first copy waits: that copy's ack answers both. */
	for (struct job *q = w->cur ? w->cur : w->head; e->envelope_id && q;
	    q = q == w->cur ? w->head : q->next) {
		if (strcmp(q->id, j->id) == 0) {
			pthread_mutex_unlock(&w->mu);
			log_info("slack: envelope %s delivered again while its first copy waits; "
			    "that one answers", j->id);
			free(j);
			return 0;
		}
	}
	if (w->queued_bytes + len > QUEUE_BYTES) {
		if (!w->said_full)
			log_warnx("slack: %zu bytes of envelopes are waiting for the database; new "
			    "ones are left for Slack to deliver again", w->queued_bytes);
		w->said_full = true;
		pthread_mutex_unlock(&w->mu);
		free(j);
		return -1;
	}
	w->said_full = false;
	w->queued_bytes += len;
	*w->tail = j;
	w->tail = &j->next;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

void
worker_tick(struct worker *w, bool linked)
{
	pthread_mutex_lock(&w->mu);
	w->tick_due = true;
	w->linked = linked;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* Acknowledges j early when it is due; true when it still waits for an ack. */
static bool
overdue(struct job *j, int64_t now, void (*fn)(void *, int, const char *), void *arg)
{
	if (!j->slash || j->acked || j->sealed)
		return false;
	if (now - j->arrived >= INBOX_EARLY_MS) {
		j->acked = true;
		fn(arg, j->conn, j->id);
		return false;
	}
	return true;
}

int
worker_overdue(struct worker *w, void (*fn)(void *arg, int conn, const char *envelope_id),
    void *arg)
{
	int64_t now = now_ms();
	int waiting = 0;

	pthread_mutex_lock(&w->mu);
	if (w->cur)
		waiting += overdue(w->cur, now, fn, arg);
	for (struct job *j = w->head; j; j = j->next)
		waiting += overdue(j, now, fn, arg);
	pthread_mutex_unlock(&w->mu);
	return waiting;
}

void
worker_stop(struct worker *w)
{
	struct job *j;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	while ((j = w->head) != NULL) {
		w->head = j->next;
		job_free(j);
	}
	while ((j = w->retry) != NULL) {
		w->retry = j->next;
		log_warnx("slack: stopping with envelope %s, acknowledged as being worked on, not "
		    "saved", j->id);
		job_free(j);
	}
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
