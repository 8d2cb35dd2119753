/* The weekly prompts' driver (see scheduler.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/config.h"
#include "bot/log.h"
#include "bot/schedule.h"
#include "bot/scheduler.h"
#include "commands/commands.h"
#include "store/store.h"

#define TICK_MAX	60	/* seconds between ticks at the most: schedules and people change */

struct scheduler {
	struct store *st;
	struct commands *c;
	const struct config *cfg;
	scheduler_queue_fn queue;	/* NULL: store_outbox_add */
	void *queue_arg;
	int64_t next;			/* when the last tick asked to run again */
};

/* Someone due now, and the week their prompt is keyed by. */
struct due {
	char platform_id[40];
	char week[SCHED_WEEK_MAX];
};

struct scan {
	struct store *st;
	struct sched_settings set;
	int64_t now, next;
	struct due *due;
	int n, cap;
	int failed;
};

static int
scan_person(const struct person *p, void *arg)
{
	struct scan *sc = arg;
	struct sched_person sp = { .tz = p->tz, .active = !p->sample,
		.away_until = p->away_until == STORE_NO_DAY ? SCHED_NOT_AWAY : p->away_until };
	struct sched_slot slot;
	char err[160];
	int64_t next;

	if (sched_next(&sc->set, &sp, sc->now, &next, err, sizeof(err)) == 0 && next < sc->next)
		sc->next = next;
	if (sched_due(&sc->set, &sp, sc->now, &slot, err, sizeof(err)) != 1)
		return 0;
	/* Already gone out this week (a rep's prompt and a digest go together). */
	if (store_prompt_sent(sc->st, p->id, PROMPT_REP, slot.week) == STORE_OK ||
	    store_prompt_sent(sc->st, p->id, PROMPT_DIGEST, slot.week) == STORE_OK)
		return 0;
	if (sc->n == sc->cap) {
		int cap = sc->cap ? sc->cap * 2 : 16;
		struct due *d = realloc(sc->due, (size_t)cap * sizeof(*d));
		if (d == NULL) {
			sc->failed = 1;
			return 1;
		}
		sc->due = d;
		sc->cap = cap;
	}
	snprintf(sc->due[sc->n].platform_id, sizeof(sc->due[0].platform_id), "%s",
	    p->platform_id);
	snprintf(sc->due[sc->n].week, sizeof(sc->due[0].week), "%s", slot.week);
	sc->n++;
	return 0;
}

struct send {
	struct scheduler *s;
	struct scan *sc;
	int64_t now;
	int queued;
	int failed;
};

/* commands_prompts callback: claim this week's prompt and queue it, in one transaction. */
static int
send_one(const struct prompt_out *p, void *arg)
{
	struct send *sd = arg;
	const char *week = NULL;
	int rc;

	for (int i = 0; i < sd->sc->n && week == NULL; i++)
		if (strcmp(sd->sc->due[i].platform_id, p->platform_id) == 0)
			week = sd->sc->due[i].week;
	if (week == NULL)	/* not due (sched_due already left out the away) */
		return 0;
	if ((rc = store_begin(sd->s->st)) != STORE_OK)
		goto fail;
	rc = store_prompt_claim(sd->s->st, p->person_id, p->kind, week, sd->now);
	if (rc == STORE_DUPLICATE) {
		store_rollback(sd->s->st);
		return 0;
	}
	if (rc == STORE_OK && sd->s->queue)
		rc = sd->s->queue(sd->s->queue_arg, p->platform_id, p->reply->text,
		    p->reply->blocks);
	else if (rc == STORE_OK)
		rc = store_outbox_add(sd->s->st, OUTBOX_DM, "", p->platform_id, p->reply->text,
		    p->reply->blocks, NULL, 0, "", sd->now * 1000, NULL);
	if (rc != STORE_OK) {
		store_rollback(sd->s->st);
		goto fail;
	}
	if ((rc = store_commit(sd->s->st)) != STORE_OK)
		goto fail;
	log_info("scheduler: queued the %s for %s (%s)", p->kind == PROMPT_REP ? "prompt" :
	    "digest", p->platform_id, week);
	sd->queued++;
	return 0;
fail:
	log_warnx("scheduler: cannot queue the prompt for %s: %s", p->platform_id,
	    store_errmsg(sd->s->st));
	sd->failed = 1;
	return 1;
}

struct scheduler *
scheduler_new(struct store *st, struct commands *c, const struct config *cfg)
{
	struct scheduler *s = calloc(1, sizeof(*s));

	if (s) {
		s->st = st;
		s->c = c;
		s->cfg = cfg;
	}
	return s;
}

void
scheduler_set_queue(struct scheduler *s, scheduler_queue_fn fn, void *arg)
{
	s->queue = fn;
	s->queue_arg = arg;
}

bool
scheduler_due(const struct scheduler *s, int64_t now)
{
	return now >= s->next;
}

void
scheduler_free(struct scheduler *s)
{
	free(s);
}

int
scheduler_tick(struct scheduler *s, int64_t now, int today, int64_t *next)
{
	struct scan sc = { .st = s->st, .now = now, .next = now + TICK_MAX };
	struct send sd = { .s = s, .sc = &sc, .now = now };
	const char **ids = NULL;

	commands_prompt_schedule(s->c, &sc.set.day, &sc.set.minute);
	sc.set.holidays = s->cfg->holidays;
	sc.set.nholidays = s->cfg->nholidays;
	sc.set.default_tz = s->cfg->timezone;
	if (store_people_each(s->st, 0, false, false, scan_person, &sc) != STORE_OK || sc.failed) {
		log_warnx("scheduler: cannot read people: %s", store_errmsg(s->st));
		sd.failed = 1;
		goto out;
	}
	if (sc.n > 0) {
		if ((ids = malloc((size_t)sc.n * sizeof(*ids))) == NULL) {
			sd.failed = 1;
			goto out;
		}
		for (int i = 0; i < sc.n; i++)
			ids[i] = sc.due[i].platform_id;
		if (commands_prompts(s->c, ids, sc.n, false, now, today, send_one, &sd) < 0) {
			log_warnx("scheduler: cannot make the prompts: %s", store_errmsg(s->st));
			sd.failed = 1;
		}
	}
out:
	*next = sc.next > now ? sc.next : now + 60;
	s->next = sd.failed ? now + 60 : *next;
	free(ids);
	free(sc.due);
	return sd.failed ? -1 : sd.queued;
}
