/* The inbox (see inbox.h): an envelope's command run, its effects stored, its ack sent. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/clock.h"
#include "bot/inbox.h"
#include "bot/log.h"
#include "commands/utf8.h"

#define TEXT_MAX	(16 * 1024)	/* bytes of command text we run */
#define RETRY_S		60		/* the same slash command again within this: a retry */
#define PENDING_S	3600		/* a pending slash command older than this is dropped */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
inbox_queue(struct store *st, enum outbox_kind kind, const char *channel, const char *user,
    const char *text, const char *blocks)
{
	return store_outbox_add(st, kind, channel, user, text, blocks, NULL, 0, NULL, now_ms(),
	    NULL);
}

/* Begins the envelope's transaction, waiting for another writer only as Slack's 3 s allow. */
static int
begin(const struct inbox *in)
{
	int64_t now = now_ms();
	bool hurry = in->busy_until && now < *in->busy_until;
	int rc;

	store_busy_wait(in->st, hurry ? 0 : INBOX_BUSY_MS);
	rc = store_begin(in->st);
	store_busy_wait(in->st, INBOX_BUSY_MS);
	if (rc != STORE_OK && in->busy_until)
		*in->busy_until = now_ms() + 1000;
	return rc;
}

/* Asks users.info about people we know nothing of yet (names, time zone). */
static void
learn_person(const struct inbox *in, const char *user)
{
	struct person p;
	int rc = store_person_by_platform(in->st, user, &p);

	if (in->learn && (rc == STORE_NOTFOUND || (rc == STORE_OK && p.tz[0] == '\0')))
		in->learn(in->arg, user);
}

/*
 * Runs one command for user on a surface; rep is filled (the caller frees it). The slash
 * command's name, when given, is put in front of the text. Returns -1 when the store failed
 * (the transaction must not commit), else 0.
 */
static int
run_command(const struct inbox *in, enum surface surface, const char *user,
    const char *user_name, const char *command, const char *text, struct reply *rep)
{
	struct request req = { .surface = surface, .user_id = user, .username = user_name };
	char *line;
	size_t n;

	text = text ? text : "";
	n = strlen(text) + (command ? strlen(command) + 1 : 0);
	memset(rep, 0, sizeof(*rep));
	if (n > TEXT_MAX) {
		if ((rep->text = malloc(128)) != NULL)
			snprintf(rep->text, 128, "That is too long for a command (%zu bytes; at most "
			    "%d).\n", n, TEXT_MAX);
		rep->error = true;
		return rep->text ? 0 : -1;
	}
	if ((line = malloc(n + 1)) == NULL)
		return -1;
	snprintf(line, n + 1, "%s%s%s", command ? command : "", command ? " " : "", text);
	learn_person(in, user);
	req.text = line;
	req.len = n;
	req.now = clock_now(in->clk);
	req.today = clock_day(in->clk, req.now);
	commands_run(in->cmds, &req, rep);
	free(line);
	if (rep->text == NULL)
		return -1;
	return rep->store_failed ? -1 : 0;
}

/* An export's CSV goes to the asker's DM as a file, the reply text as its comment. */
static int
queue_file(const struct inbox *in, const char *user, const struct reply *rep)
{
	return store_outbox_add(in->st, OUTBOX_FILE, NULL, user, rep->text, NULL, rep->file,
	    rep->file_len, rep->file_name[0] ? rep->file_name : "export.csv", now_ms(), NULL);
}

/* A reply that is not a slash command's goes out as a message, or a file for an export. */
static int
queue_reply(const struct inbox *in, enum outbox_kind kind, const char *channel,
    const char *user, const struct reply *rep)
{
	if (rep->file)
		return queue_file(in, user, rep);
	return inbox_queue(in->st, kind, channel, kind == OUTBOX_DM || kind == OUTBOX_EPHEMERAL ?
	    user : NULL, rep->text, rep->blocks);
}

/*
 * A slash command's words as a person retypes them -- case and runs of blanks aside; quotes
 * count, since `log lead "Krusty Krab"` is the fix the reply to `log lead Krusty Krab` asks for --
 * as 16 hex digits. A command Slack gave up on (no ack within 3 s) is often sent again by the
 * person, in a new envelope: the envelope_id does not tell it from a new one.
 */
static void
words_hash(const struct envelope *e, char out[17])
{
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a */

	for (const char *p = e->command; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0) * 1099511628211ULL;
	for (const char *p = e->text ? e->text : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (((c == ' ' || c == '\t' || c == '\n') && (p[1] == ' ' ||
		    p[1] == '\t' || p[1] == '\n' || p[1] == '\0')))
			continue;
		if (c == '\t' || c == '\n')
			c = ' ';
		h = (h ^ (unsigned char)(c < 0x80 ? tolower(c) : c)) * 1099511628211ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* What a slash command answers: text and, for Block Kit, blocks (both malloc'd). */
struct answer {
	char *text;
	char *blocks;		/* NULL for none */
};

static void
answer_free(struct answer *a)
{
	free(a->text);
	free(a->blocks);
	a->text = a->blocks = NULL;
}

/*
 * Each person's last command that stored something is remembered for RETRY_S under
 * "t:<user>" as "<words hash>\n<reply>". Only that one can be a retry: after `log undo`, or
 * anything else stored in between, the same words are a new entry.
 */
static int
do_slash(const struct inbox *in, const struct envelope *e, struct answer *a)
{
	struct reply rep;
	char tkey[STORE_SEEN_KEY_MAX], hash[17], *prev = NULL, *last;
	int64_t now = clock_now(in->clk);
	int rc = -1;

	words_hash(e, hash);
	snprintf(tkey, sizeof(tkey), "t:%s", e->user);
	if ((rc = store_seen_since(in->st, tkey, now - RETRY_S, now, &prev)) != STORE_OK &&
	    rc != STORE_NOTFOUND)
		return -1;
	if (prev && strncmp(prev, hash, 16) == 0 && prev[16] == '\n') {
		static const char said[] = "You sent exactly this less than a minute ago and it "
		    "was done then, so I have not done it twice (to log the same again, add a "
		    "note). What I answered:\n";
		size_t n = sizeof(said) + strlen(prev + 17);

		if ((a->text = malloc(n)) != NULL)
			snprintf(a->text, n, "%s%s", said, prev + 17);
		free(prev);
		log_info("slack: %s sent the same slash command again within %d s; not applied "
		    "twice", e->user, RETRY_S);
		return a->text ? 0 : -1;
	}
	free(prev);
	rc = -1;
	if (run_command(in, SURFACE_SLASH, e->user, e->user_name, e->command, e->text,
	    &rep) == 0) {
		if (rep.file && queue_file(in, e->user, &rep) != STORE_OK)
			goto done;
		/* What stored something is remembered (a question asked again is answered); what
		 * is meant to be done again (`log undo`) leaves nothing a retry could match. */
		if (rep.changed) {
			size_t n = 17 + strlen(rep.text) + 1;
			if ((last = malloc(n)) == NULL)
				goto done;
			snprintf(last, n, "%s\n%s", rep.again ? "" : hash, rep.text);
			rc = store_seen_set(in->st, tkey, last, now) == STORE_OK ? 0 : -1;
			free(last);
			if (rc != 0)
				goto done;
			rc = -1;
		}
		a->text = rep.text;
		a->blocks = rep.blocks;
		rep.text = rep.blocks = NULL;
		rc = 0;
	}
done:
	reply_free(&rep);
	return rc;
}

/*
 * The answer to a slash command that was acknowledged with INBOX_WORKING, queued for the
 * person's DM, saying which command it answers.
 */
static int
queue_late(const struct inbox *in, const struct envelope *e, const struct answer *a)
{
	const char *words = e->text ? e->text : "";
	size_t cut = utf8_cut(words, strlen(words), 80);
	size_t n = strlen(e->command) + cut + strlen(a->text) + 96;
	char *text = malloc(n);
	int rc;

	if (text == NULL)
		return STORE_ERR;
	snprintf(text, n, "My answer to `%s%s%.*s%s`, which took longer than Slack waits:\n%s",
	    e->command, cut ? " " : "", (int)cut, words, cut < strlen(words) ? "…" : "", a->text);
	rc = inbox_queue(in->st, OUTBOX_DM, NULL, e->user, text, a->blocks);
	free(text);
	return rc;
}

static bool
early(const struct inbox *in, const struct envelope *e, bool last)
{
	return in->early && in->early(in->arg, e->envelope_id, last);
}

static int
do_message(const struct inbox *in, const struct envelope *e)
{
	struct reply rep;
	int rc = -1;

	if (run_command(in, SURFACE_DM, e->user, NULL, NULL, e->text, &rep) == 0)
		rc = queue_reply(in, OUTBOX_POST, e->channel, e->user, &rep);
	reply_free(&rep);
	return rc == STORE_OK ? 0 : -1;
}

static int
do_mention(const struct inbox *in, const struct envelope *e)
{
	const char *text = envelope_after_mention(e->text ? e->text : "", in->bot_user);
	struct reply rep;
	int rc = -1;

	if (*text == '\0')
		text = "help";
	/* Answered privately: individual numbers never go to a channel. */
	if (run_command(in, SURFACE_MENTION, e->user, NULL, NULL, text, &rep) == 0)
		rc = queue_reply(in, OUTBOX_EPHEMERAL, e->channel, e->user, &rep);
	reply_free(&rep);
	return rc == STORE_OK ? 0 : -1;
}

/* A button under one of our messages (the weekly prompt's): applied, answered in the DM. */
static int
do_action(const struct inbox *in, const struct envelope *e)
{
	struct request req = { .surface = SURFACE_DM, .user_id = e->user,
		.username = e->user_name, .now = clock_now(in->clk) };
	struct reply r;
	int rc;

	if (strncmp(e->action_id, "prompt_", 7) != 0 &&
	    strcmp(e->action_id, COMMANDS_ACTION_OTHER) != 0) {
		log_info("slack: a button nobody handles: %s", e->action_id);
		return 0;
	}
	req.today = clock_day(in->clk, req.now);
	commands_action(in->cmds, &req, e->action_id, e->action_value ? e->action_value : "",
	    &r);
	rc = r.store_failed ? -1 : inbox_queue(in->st, OUTBOX_DM, NULL, e->user, r.text,
	    r.blocks);
	reply_free(&r);
	return rc == STORE_OK ? 0 : -1;
}

static bool
is_self(const struct inbox *in, const char *user)
{
	return user && in->bot_user[0] && strcmp(user, in->bot_user) == 0;
}

/* A message event we answer: a person's own new message in a DM with us. */
static bool
wanted_message(const struct inbox *in, const struct envelope *e)
{
	if (e->user == NULL || e->bot_id || e->subtype || is_self(in, e->user) ||
	    e->channel == NULL || e->text == NULL || e->text[0] == '\0')
		return false;
	if (e->channel_type)
		return strcmp(e->channel_type, "im") == 0;
	return e->channel[0] == 'D';
}

/* A slash command's ack carrying only text. */
static void
ack_text(const struct inbox *in, const struct envelope *e, const char *text)
{
	char *payload = envelope_slash_payload(text, NULL);

	if (payload)
		in->ack(in->arg, e->envelope_id, payload);
	free(payload);
}

/*
 * An envelope we cannot handle: acked so it is not delivered again, logged once, and a slash
 * command told so (a DM or a button without a valid user has nobody to answer).
 */
static void
refuse(const struct inbox *in, const struct envelope *e, const char *ekey)
{
	log_warnx("slack: envelope %s (%s) cannot be handled: %s; acknowledged", e->envelope_id,
	    e->kind ? e->kind : "?", e->invalid);
	if (e->type == ENV_SLASH) {	/* the ack reaches whoever typed it */
		ack_text(in, e, "Sorry, I could not read that command as Slack sent it; please "
		    "try it again.");
		return;
	}
	/* A click by someone we can name is answered in their DM, once. */
	if (e->type == ENV_ACTION && e->user != NULL && begin(in) == STORE_OK) {
		if (inbox_queue(in->st, OUTBOX_DM, NULL, e->user, "Sorry, I could not read that "
		    "button as Slack sent it. Ask me in words instead: `pipeline`, `away`, or "
		    "`nudge preview`.", NULL) == STORE_OK &&
		    store_seen_add(in->st, ekey, NULL, clock_now(in->clk)) == STORE_OK &&
		    store_commit(in->st) == STORE_OK) {
			if (in->kick)
				in->kick(in->arg);
		} else {
			store_rollback(in->st);
		}
	}
	in->ack(in->arg, e->envelope_id, NULL);
}

/* The answer of a slash command acknowledged early while its transaction committed. */
static void
late_after_commit(const struct inbox *in, const struct envelope *e, const struct answer *a)
{
	if (begin(in) == STORE_OK && queue_late(in, e, a) == STORE_OK &&
	    store_commit(in->st) == STORE_OK)
		return;
	store_rollback(in->st);
	log_warnx("slack: the answer to envelope %s, done but acknowledged before it was, could "
	    "not be queued for %s's DM: %s", e->envelope_id, e->user, store_errmsg(in->st));
}

/* Whether e is kept as pending (inbox_hold), so a failure now is tried again later. */
static bool
held(const struct inbox *in, const struct envelope *e)
{
	char pkey[STORE_SEEN_KEY_MAX], *raw = NULL;
	bool yes;

	snprintf(pkey, sizeof(pkey), "p:%s", e->envelope_id);
	yes = store_seen_get(in->st, pkey, &raw) == STORE_OK;
	free(raw);
	return yes;
}

int
inbox_hold(const struct inbox *in, struct inbox_held *es, size_t n)
{
	char key[STORE_SEEN_KEY_MAX], *prev;
	int64_t now = clock_now(in->clk);
	size_t kept = 0;
	int rc;

	for (size_t i = 0; i < n; i++)
		es[i].held = false;
	if ((rc = begin(in)) != STORE_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const struct envelope *e = es[i].e;
		if (e->type != ENV_SLASH || e->invalid || e->envelope_id == NULL)
			continue;
		snprintf(key, sizeof(key), "e:%s", e->envelope_id);
		if ((rc = store_seen_get(in->st, key, &prev)) == STORE_OK) {
			free(prev);	/* answered already: a redelivery */
			continue;
		}
		key[0] = 'p';
		if (rc != STORE_NOTFOUND ||
		    (rc = store_seen_add(in->st, key, es[i].raw, now)) != STORE_OK) {
			store_rollback(in->st);
			return rc;
		}
		es[i].held = true;
		kept++;
	}
	if (kept == 0)
		store_rollback(in->st);		/* nothing written: no commit to wait for */
	return STORE_OK;
}

/* The keys of the pending slash commands, collected before any is run. */
struct pending {
	char (*keys)[STORE_SEEN_KEY_MAX];
	size_t n, cap;
};

static int
add_pending(const char *key, const char *reply, int64_t at, void *arg)
{
	struct pending *p = arg;

	(void)reply;
	(void)at;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		void *k = realloc(p->keys, cap * sizeof(*p->keys));
		if (k == NULL)
			return 1;	/* the rest at the next tick */
		p->keys = k;
		p->cap = cap;
	}
	snprintf(p->keys[p->n++], STORE_SEEN_KEY_MAX, "%s", key);
	return 0;
}

static bool
always(void *arg, const char *envelope_id, bool last)
{
	(void)arg;
	(void)envelope_id;
	(void)last;
	return true;
}

static void
no_ack(void *arg, const char *envelope_id, const char *payload)
{
	(void)arg;
	(void)envelope_id;
	(void)payload;
}

/* Forgets a pending command that will not be run, telling its sender why when we know them. */
static void
drop_pending(const struct inbox *in, const char *pkey, const char *user, const char *text)
{
	if (begin(in) != STORE_OK)
		return;
	if (store_seen_del(in->st, pkey) == STORE_OK && (user == NULL ||
	    inbox_queue(in->st, OUTBOX_DM, NULL, user, text, NULL) == STORE_OK) &&
	    store_commit(in->st) == STORE_OK) {
		if (user && in->kick)
			in->kick(in->arg);
		return;
	}
	store_rollback(in->st);
}

static bool
answered(const struct inbox *in, const struct envelope *e)
{
	char key[STORE_SEEN_KEY_MAX], *prev = NULL;
	bool yes;

	snprintf(key, sizeof(key), "e:%s", e->envelope_id);
	yes = store_seen_get(in->st, key, &prev) == STORE_OK;
	free(prev);
	return yes;
}

void
inbox_recover(const struct inbox *in)
{
	struct inbox late = *in;
	struct pending p = { NULL, 0, 0 };
	int64_t now = clock_now(in->clk);

	late.early = always;	/* acknowledged, or never will be: the answer goes to the DM */
	late.ack = no_ack;
	if (store_seen_each(in->st, 'p', add_pending, &p) != STORE_OK)
		log_warnx("slack: cannot read the pending commands: %s", store_errmsg(in->st));
	for (size_t i = 0; i < p.n; i++) {
		struct envelope e;
		char *raw = NULL, *again = NULL, err[128];
		bool fresh;

		if (store_seen_get(in->st, p.keys[i], &raw) != STORE_OK)
			continue;	/* gone meanwhile, or the store failed: the next tick */
		if (raw == NULL || envelope_parse(raw, strlen(raw), &e, err, sizeof(err)) != 0) {
			log_warnx("slack: pending envelope %s cannot be read; dropped", p.keys[i] + 2);
			drop_pending(in, p.keys[i], NULL, NULL);
			free(raw);
			continue;
		}
		fresh = store_seen_since(in->st, p.keys[i], now - PENDING_S, now, &again) ==
		    STORE_OK;
		free(again);
		if (e.type != ENV_SLASH || e.invalid || e.envelope_id == NULL ||
		    strcmp(e.envelope_id, p.keys[i] + 2) != 0) {
			log_warnx("slack: pending envelope %s is not a slash command we can run; "
			    "dropped", p.keys[i] + 2);
			drop_pending(in, p.keys[i], NULL, NULL);
		} else if (answered(in, &e)) {
			log_info("slack: pending envelope %s was answered already; forgotten",
			    e.envelope_id);
			drop_pending(in, p.keys[i], NULL, NULL);
		} else if (!fresh) {
			log_warnx("slack: pending envelope %s dropped: not saved within %d s",
			    p.keys[i] + 2, PENDING_S);
			drop_pending(in, p.keys[i], e.user, "Sorry: a command you sent over an hour "
			    "ago could not be saved -- the database was not writable -- and I have "
			    "stopped trying. Nothing of it was stored; please send it again.");
		} else {
			log_info("slack: running envelope %s, left pending; the answer goes to the DM",
			    e.envelope_id);
			inbox_handle(&late, &e);
		}
		envelope_free(&e);
		free(raw);
	}
	free(p.keys);
}

int
inbox_handle(const struct inbox *in, const struct envelope *e)
{
	char ekey[STORE_SEEN_KEY_MAX], vkey[STORE_SEEN_KEY_MAX], pkey[STORE_SEEN_KEY_MAX];
	char *prev = NULL, *payload = NULL;
	struct answer ans = { NULL, NULL };
	int64_t now = clock_now(in->clk), added;
	bool late = false;
	int rc;

	if (e->envelope_id == NULL)
		return 0;	/* nothing to acknowledge, nothing to do */
	snprintf(ekey, sizeof(ekey), "e:%s", e->envelope_id);
	if ((rc = store_seen_get(in->st, ekey, &prev)) == STORE_OK) {
		log_info("slack: envelope %s delivered again; acknowledged with the same reply",
		    e->envelope_id);
		in->ack(in->arg, e->envelope_id, prev);
		free(prev);
		return 0;
	}
	if (rc != STORE_NOTFOUND)
		goto store_failed;
	if (e->invalid) {
		refuse(in, e, ekey);
		return 0;
	}
	if (e->event_id) {
		if (strlen(e->event_id) > STORE_SEEN_KEY_MAX - 3) {
			log_warnx("slack: an event id of %zu bytes; skipped", strlen(e->event_id));
			in->ack(in->arg, e->envelope_id, NULL);
			return 0;
		}
		snprintf(vkey, sizeof(vkey), "v:%s", e->event_id);
		if ((rc = store_seen_get(in->st, vkey, &prev)) == STORE_OK) {
			log_info("slack: event %s delivered again; already answered", e->event_id);
			free(prev);
			in->ack(in->arg, e->envelope_id, NULL);
			return 0;
		}
		if (rc != STORE_NOTFOUND)
			goto store_failed;
	}
	switch (e->type) {
	case ENV_SLASH:
	case ENV_ACTION:
		break;
	case ENV_MESSAGE:
		if (!wanted_message(in, e))
			goto ignore;
		break;
	case ENV_MENTION:
		if (is_self(in, e->user))
			goto ignore;
		break;
	default:
		log_debug("slack: envelope of kind %s acknowledged, nothing to do",
		    e->kind ? e->kind : "?");
		goto ignore;
	}

	if (begin(in) != STORE_OK)
		goto store_failed;
	added = store_outbox_added(in->st);
	switch (e->type) {
	case ENV_SLASH:
		snprintf(pkey, sizeof(pkey), "p:%s", e->envelope_id);
		if ((rc = do_slash(in, e, &ans)) == 0 &&
		    (payload = envelope_slash_payload(ans.text, ans.blocks)) == NULL)
			rc = -1;
		if (rc == 0 && (late = early(in, e, false)) && queue_late(in, e, &ans) != STORE_OK)
			rc = -1;
		if (rc == 0 && store_seen_del(in->st, pkey) != STORE_OK)
			rc = -1;
		break;
	case ENV_MESSAGE:
		rc = do_message(in, e);
		break;
	case ENV_MENTION:
		rc = do_mention(in, e);
		break;
	default:
		rc = do_action(in, e);
		break;
	}
	if (rc != 0 || store_seen_add(in->st, ekey, payload, now) != STORE_OK ||
	    (e->event_id && store_seen_add(in->st, vkey, NULL, now) != STORE_OK) ||
	    store_commit(in->st) != STORE_OK) {
		store_rollback(in->st);
		free(payload);
		answer_free(&ans);
		goto store_failed;
	}
	if (e->type == ENV_SLASH && !late && early(in, e, true))
		late_after_commit(in, e, &ans);		/* acknowledged early while it committed */
	else if (!late)
		in->ack(in->arg, e->envelope_id, payload);
	free(payload);
	answer_free(&ans);
	if (store_outbox_added(in->st) != added && in->kick)	/* ours, or a command's own */
		in->kick(in->arg);
	return 0;
ignore:
	in->ack(in->arg, e->envelope_id, NULL);
	return 0;
store_failed:
	log_warnx("slack: envelope %s not applied, the store failed: %s", e->envelope_id,
	    store_errmsg(in->st));
	if (e->type == ENV_SLASH && !early(in, e, true))
		ack_text(in, e, held(in, e) ? "Sorry, I could not save that yet: the database is "
		    "not writable right now. I will do it as soon as it is, and answer in our DM." :
		    "Sorry, I could not save that: the database is not writable right now. Nothing "
		    "was stored; please try again in a minute.");
	/* Events and clicks stay unacknowledged: Slack delivers them again later. */
	return -1;
}
