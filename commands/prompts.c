/*
 * The weekly one-on-one prompts: a rep's own (last week against the week before and the team,
 * the 90-day funnel, target and pace, strengths, the main finding and one question to bring to
 * the one-on-one, with buttons) and a manager's digest (a line and an agenda item per report,
 * and pairings). Also the verbs around them: `nudge`, `schedule`, and the prompt's buttons.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/questions.h"
#include "commands/utf8.h"
#include "insights/calendar.h"

#define SNOOZE_SECONDS	(24 * 60 * 60)

/* One question to bring to the one-on-one, by main finding. */
static const char *const questions_for[INS_F_COUNT] = {
	"Which verbal commitments are waiting on legal, finance or a proof request, and what "
	"would unblock them?",
	"Where could two more qualified opportunities come from this month?",
	"What is holding up the signatures on your verbal deals?",
	"What makes a lead worth qualifying, and which of yours are not?",
	"Which three clients could you meet face to face this week?",
	"What would a realistic plan of calls look like for this week?",
};
static const char *const question_none =
    "What is going well that the team could learn from?";

/* What a prompt needs beyond the analysis. */
struct extra {
	int last_week, week_before;	/* activities */
	double team_last_week;		/* median of the others in the team */
	int team_n;
	int local_today;
	char week[16];
};

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int
activities(const int counts[KIND_COUNT])
{
	return counts[KIND_CALL] + counts[KIND_EMAIL] + counts[KIND_MEETING] + counts[KIND_DEMO];
}

/* Fills x for every rep of g: their own week, activity last week and the week before, and
 * the median of the others of their team. */
static int
extras(struct cmd_ctx *ctx, const struct group *g, struct extra *x)
{
	const struct commands_config *cfg = ctx->c->cfg;
	int counts[KIND_COUNT];
	double *vals = malloc((g->n + 1) * sizeof(*vals));

	if (vals == NULL)
		return -1;
	for (size_t i = 0; i < g->n; i++) {
		const struct rep *r = &g->reps[i];
		int today = cfg->local_day ? cfg->local_day(r->p.tz, ctx->req->now,
		    cfg->local_day_arg) : ctx->req->today;
		int monday = today - cal_weekday(today);

		x[i].local_today = today;
		cal_iso_week(today, x[i].week);
		if (store_entry_counts(ctx->st, r->p.id, monday - 7, monday - 1, counts) != STORE_OK)
			goto fail;
		x[i].last_week = activities(counts);
		if (store_entry_counts(ctx->st, r->p.id, monday - 14, monday - 8, counts) !=
		    STORE_OK)
			goto fail;
		x[i].week_before = activities(counts);
	}
	for (size_t i = 0; i < g->n; i++) {
		size_t n = 0;
		for (size_t j = 0; j < g->n; j++) {
			if (j != i && g->reps[j].member && g->reps[j].team == g->reps[i].team &&
			    g->reps[j].p.sample == g->reps[i].p.sample)
				vals[n++] = x[j].last_week;
		}
		qsort(vals, n, sizeof(*vals), cmp_double);
		x[i].team_n = (int)n;
		x[i].team_last_week = ins_quartile(vals, n, 2);
	}
	free(vals);
	return 0;
fail:
	free(vals);
	return -1;
}

static void
rep_prompt(struct cmd_ctx *ctx, struct doc *d, const struct group *g, const struct rep *r,
    const struct extra *x, int64_t viewer)
{
	static const char *const stages[] = { "lead", "qualified", "proposal", "verbal", "won" };
	const struct ins_metrics *m = &r->m;
	const struct ins_pace *pc = &m->pace;
	char a[48], b[48], c[48], value[32];
	/* The reader is r, or a manager previewing it, who may see less. */
	bool medians = questions_rep_may_compare(r) && (viewer == 0 ||
	    questions_manager_may_compare(g, r, viewer));

	doc_part(d, PART_TITLE);
	if (r->p.display_name[0] || r->p.username[0])
		doc_printf(d, "Your week, %s — one-on-one prep", cmd_name(&r->p));
	else	/* not their platform id: we do not know their name yet */
		doc_printf(d, "Your week — one-on-one prep");
	doc_part(d, PART_TEXT);
	doc_printf(d, "*Last week:* %d activit%s (the week before: %d", x->last_week,
	    x->last_week == 1 ? "y" : "ies", x->week_before);
	if (medians && x->team_n >= QUESTIONS_MIN_PEERS)
		doc_printf(d, "; team median %.0f", x->team_last_week);
	doc_printf(d, ").\n");
	doc_part(d, PART_PRE);
	doc_printf(d, "90-day funnel: ");
	for (int s = 0; s < INS_NSTAGES; s++) {
		doc_printf(d, "%s%s %d", s ? " → " : "", stages[s], m->reached[s]);
		if (s > 0 && m->reached[s - 1] > 0)
			doc_printf(d, " (%.0f%%)", 100.0 * m->reached[s] / m->reached[s - 1]);
	}
	doc_printf(d, "\n");
	doc_part(d, PART_TEXT);
	switch (pc->state) {
	case INS_PACE_NO_TARGET:
		doc_printf(d, "*Target:* none set for this year.\n");
		break;
	case INS_PACE_TOO_EARLY:
		cmd_amount(ctx, pc->target, a, sizeof(a));
		doc_printf(d, "*Target:* %s; too early in the year to tell the pace.\n", a);
		break;
	default:
		cmd_amount(ctx, pc->target, a, sizeof(a));
		cmd_amount(ctx, pc->won, b, sizeof(b));
		cmd_amount(ctx, questions_whole(pc->projected), c, sizeof(c));
		doc_printf(d, "*Target:* %s — won %s, projected %s, %s.", a, b, c,
		    pc->state == INS_PACE_AT_RISK ? "at risk" : "on track");
		if (pc->remaining > 0) {
			cmd_amount(ctx, questions_whole(pc->required_week), a, sizeof(a));
			doc_printf(d, " It takes %s a week from now.", a);
		}
		doc_printf(d, "\n");
		break;
	}
	if (medians && r->r.nstrengths > 0) {	/* strengths are comparisons */
		doc_part(d, PART_TEXT);
		doc_printf(d, "*Strengths:*");
		for (int k = 0; k < r->r.nstrengths; k++) {
			enum ins_metric id = r->r.strengths[k];
			questions_cell(ctx, id, &m->v[id], false, a, sizeof(a));
			doc_printf(d, "%s %s %s", k ? ";" : "", questions_metric_labels[id], a);
		}
		doc_printf(d, ".\n");
	}
	questions_say_main(ctx, d, r, medians, true);	/* the reader is r */
	questions_say_alerts(ctx, d, r);
	doc_part(d, PART_TEXT);
	doc_printf(d, "*For your one-on-one:* %s\n", r->r.main == INS_F_NONE || !medians ?
	    question_none : questions_for[r->r.main]);
	snprintf(value, sizeof(value), "%d:%s", PROMPT_REP, x->week);
	doc_button(d, "Snooze until tomorrow", "prompt_snooze", value);
	doc_button(d, "I'm away this week", "prompt_away", value);
	doc_button(d, "Show my pipeline", "prompt_pipeline", value);
}

/* The manager's digest; x holds every rep's extras (by index in g), week the manager's own. */
static void
digest(struct cmd_ctx *ctx, struct doc *d, const struct person *manager, const struct group *g,
    const struct extra *x, const char *week)
{
	struct ins_result *res = malloc(g->n * sizeof(*res));
	struct ins_pair *pairs = malloc(g->n * sizeof(*pairs));
	const struct rep **reps = malloc(g->n * sizeof(*reps));
	bool *compare = calloc(g->n + 1, sizeof(*compare));
	size_t n = 0, nres = 0;
	char win[48], won[24], value[32];

	doc_part(d, PART_TITLE);
	doc_printf(d, "Your team this week, %s — one-on-one agenda", cmd_name(manager));
	doc_part(d, PART_PRE);
	doc_printf(d, "%-20s %9s %5s %6s %-9s %s\n", "rep", "last week", "opps", "win", "pace",
	    "main finding");
	for (size_t i = 0; i < g->n && res && pairs && reps && compare; i++) {
		const struct rep *r = &g->reps[i];
		if (r->p.manager_id != manager->id || r->p.role != ROLE_REP)
			continue;
		/* A finding against a benchmark with 1-3 of another manager's reps in it is a
		 * comparison with them: none, like every reply to her. */
		compare[n] = questions_manager_may_compare(g, r, manager->id);
		questions_cell(ctx, INS_M_WIN_RATE, &r->m.v[INS_M_WIN_RATE], false, win,
		    sizeof(win));
		if (!r->m.v[INS_M_WIN_RATE].enough)
			snprintf(win, sizeof(win), "n=%d", r->m.v[INS_M_WIN_RATE].n);
		snprintf(won, sizeof(won), "%s", r->m.pace.state == INS_PACE_AT_RISK ? "at risk" :
		    r->m.pace.state == INS_PACE_ON_TRACK ? "on track" : "–");
		doc_printf(d, "%-20.20s %9d %5d %6s %-9s %s\n", cmd_name(&r->p),
		    x[i].last_week, r->m.reached[INS_LEAD], win, won, r->r.main == INS_F_NONE ||
		    !compare[n] ? "–" : questions_finding_titles[r->r.main]);
		if (r->member && compare[n])	/* pairs among active reps only */
			res[nres++] = r->r;
		reps[n++] = r;
	}
	if (res && pairs && reps && compare && n > 0) {
		doc_part(d, PART_TEXT);
		doc_printf(d, "*Agenda:*\n");
		for (size_t k = 0; k < n; k++) {
			const struct rep *r = reps[k];
			bool none = r->r.main == INS_F_NONE || !compare[k];
			doc_printf(d, "• %s: %s%s%s\n", cmd_name(&r->p), none ? "" :
			    questions_finding_titles[r->r.main], none ? "" : " — ", none ?
			    question_none : questions_for[r->r.main]);
		}
		int np = ins_pairing(res, nres, pairs);
		for (int k = 0; k < np; k++) {
			const struct rep *a = NULL, *b = NULL;
			for (size_t j = 0; j < n; j++) {
				if (reps[j]->p.id == pairs[k].a)
					a = reps[j];
				if (reps[j]->p.id == pairs[k].b)
					b = reps[j];
			}
			if (a == NULL || b == NULL)
				continue;
			if (pairs[k].kind == INS_PAIR_MUTUAL)
				doc_printf(d, "*Pair %s with %s:* each is strong where the other is "
				    "weak (%s, %s).\n", cmd_name(&a->p), cmd_name(&b->p),
				    questions_finding_titles[pairs[k].a_finding],
				    questions_finding_titles[pairs[k].b_finding]);
			else
				doc_printf(d, "*%s could learn %s from %s.*\n", cmd_name(&a->p),
				    questions_finding_titles[pairs[k].a_finding], cmd_name(&b->p));
		}
	}
	snprintf(value, sizeof(value), "%d:%s", PROMPT_DIGEST, week);
	doc_button(d, "Snooze until tomorrow", "prompt_snooze", value);
	free(res);
	free(pairs);
	free(reps);
	free(compare);
}

static bool
wanted(const char *const *ids, int n, const char *platform_id)
{
	if (ids == NULL)
		return true;
	for (int i = 0; i < n; i++)
		if (strcmp(ids[i], platform_id) == 0)
			return true;
	return false;
}

/* The prompts as viewer (a manager previewing; 0: as each recipient reads it) sees them. */
static int
prompts_for(struct commands *c, int64_t viewer, const char *const *ids, int n,
    bool include_sample, int64_t now, int today, commands_prompt_fn fn, void *arg)
{
	struct request req;
	struct reply reply = { 0 };
	struct line l = { 0 };
	struct cmd_ctx ctx;
	struct group g = { .sample = include_sample ? -1 : 0 };
	struct extra *x = NULL;
	struct period per;
	int made = -1;

	questions_batch(&ctx, c, &req, &reply, &l, now, today);
	lex_period_default(today, &per);
	if (store_people_each(c->st, 0, false, include_sample, questions_collect, &g) != STORE_OK ||
	    questions_analyse_teams(&ctx, &g, (struct ins_period){ per.from, per.to }) != 0 ||
	    (x = calloc(g.n + 1, sizeof(*x))) == NULL || extras(&ctx, &g, x) != 0)
		goto out;
	made = 0;
	for (size_t i = 0; i < g.n; i++) {
		const struct rep *r = &g.reps[i];
		struct prompt_out po = { .platform_id = r->p.platform_id, .person_id = r->p.id,
			.reply = &reply };
		bool has_reports = false;

		if (!wanted(ids, n, r->p.platform_id))
			continue;
		snprintf(po.week, sizeof(po.week), "%s", x[i].week);
		po.away = r->p.away_until != STORE_NO_DAY && r->p.away_until >= x[i].local_today;
		if (r->active) {
			struct doc d = { 0 };
			rep_prompt(&ctx, &d, &g, r, &x[i], viewer);
			doc_finish(&d, &reply);
			cmd_reply_check(c, &reply);
			po.kind = PROMPT_REP;
			made++;
			if (fn(&po, arg) != 0)
				break;
		}
		for (size_t j = 0; j < g.n && !has_reports; j++)
			has_reports = g.reps[j].p.manager_id == r->p.id;
		if (has_reports && (r->p.role == ROLE_MANAGER || r->p.role == ROLE_ADMIN)) {
			struct doc d = { 0 };
			digest(&ctx, &d, &r->p, &g, x, x[i].week);
			doc_finish(&d, &reply);
			cmd_reply_check(c, &reply);
			po.kind = PROMPT_DIGEST;
			made++;
			if (fn(&po, arg) != 0)
				break;
		}
	}
out:
	free(x);
	reply_free(&reply);
	questions_group_free(&g);
	return made;
}

int
commands_prompts(struct commands *c, const char *const *ids, int n, bool include_sample,
    int64_t now, int today, commands_prompt_fn fn, void *arg)
{
	return prompts_for(c, 0, ids, n, include_sample, now, today, fn, arg);
}

/* ---- nudge ---- */

struct nudge {
	struct cmd_ctx *ctx;
	bool send;
	int made, sent, already, away;
};

static int
nudge_one(const struct prompt_out *p, void *arg)
{
	struct nudge *nu = arg;
	struct cmd_ctx *ctx = nu->ctx;
	int rc;

	nu->made++;
	if (!nu->send) {
		buf_printf(&ctx->out, "%s--- %s for %s, week %s%s ---\n%s", nu->made > 1 ? "\n" : "",
		    p->kind == PROMPT_REP ? "Prompt" : "Digest", p->platform_id, p->week,
		    p->away ? " (away: the weekly run skips it)" : "", p->reply->text);
		return 0;
	}
	if (p->away) {
		nu->away++;
		return 0;
	}
	rc = store_prompt_claim(ctx->st, p->person_id, p->kind, p->week, ctx->req->now);
	if (rc == STORE_DUPLICATE) {
		nu->already++;
		return 0;
	}
	if (rc == STORE_OK)
		rc = store_outbox_add(ctx->st, OUTBOX_DM, "", p->platform_id, p->reply->text,
		    p->reply->blocks, NULL, 0, "", ctx->req->now * 1000, NULL);
	if (rc != STORE_OK)
		return rc;
	nu->sent++;
	return 0;
}

int
cmd_nudge(struct cmd_ctx *ctx)
{
	const struct line *l = ctx->l;
	struct nudge nu = { .ctx = ctx };
	struct person p;
	struct who w = { .kind = WHO_ME };
	const char *id;
	int i = ctx->argi, rc;
	bool all = false;

	if (cmd_word_is(ctx, i, "preview"))
		nu.send = false;
	else if (cmd_word_is(ctx, i, "send"))
		nu.send = true;
	else
		return cmd_error(ctx, "Say `nudge preview` or `nudge send`.");
	i++;
	if (i < l->n && !lex_who(&l->w[i], &w))
		return cmd_error(ctx, "Name a person, like @sally%s.", nu.send ? ", or all" : "");
	if (i + (i < l->n) < l->n)
		return cmd_error(ctx, "There is something extra after the name.");
	if (w.kind == WHO_TEAM || (w.kind == WHO_ALL && !nu.send))
		return cmd_error(ctx, "Preview one person at a time, like `nudge preview @sally`.");
	if (nu.send && !ctx->admin && ctx->me.role != ROLE_MANAGER)
		return cmd_refuse(ctx, "Only a manager or an admin can send prompts now.");
	if (w.kind == WHO_ALL) {
		if (!ctx->admin)
			return cmd_refuse(ctx, "Only an admin can send everyone's prompt.");
		all = true;
	} else {
		if (cmd_resolve(ctx, &w, &p) != 0)
			return -1;
		if (!cmd_may_see(ctx, &p))
			return cmd_refuse(ctx, "Only %s's manager or an admin can %s %s's prompt.",
			    cmd_name(&p), nu.send ? "send" : "see", cmd_name(&p));
		if (nu.send && p.sample)
			return cmd_refuse(ctx, "%s is a sample person; sample people are never "
			    "messaged.", cmd_name(&p));
	}
	id = all ? NULL : p.platform_id;
	rc = prompts_for(ctx->c, !nu.send && !ctx->admin ? ctx->me.id : 0, all ? NULL : &id,
	    all ? 0 : 1, !nu.send, ctx->req->now, ctx->req->today, nudge_one, &nu);
	if (rc < 0)
		return cmd_store_error(ctx, STORE_ERR);
	if (!nu.send) {
		if (nu.made == 0)
			buf_printf(&ctx->out, "%s gets no prompt: prompts go to reps active in the "
			    "last 90 days, digests to managers with reports.\n", cmd_name(&p));
		return 0;
	}
	if (nu.sent)
		buf_printf(&ctx->out, "Sent %d prompt%s.", nu.sent, nu.sent == 1 ? "" : "s");
	if (nu.already == 1 && !all)
		buf_printf(&ctx->out, "%sThis week's prompt has already gone out.",
		    nu.sent ? " " : "");
	else if (nu.already)
		buf_printf(&ctx->out, "%s%d prompt%s had already gone out this week.",
		    nu.sent ? " " : "", nu.already, nu.already == 1 ? "" : "s");
	if (nu.away)
		buf_printf(&ctx->out, " %d %s away.", nu.away, nu.away == 1 ? "person is" :
		    "people are");
	if (nu.made == 0)
		buf_printf(&ctx->out, "Nobody to prompt: prompts go to reps active in the last 90 "
		    "days, digests to managers with reports.");
	buf_puts(&ctx->out, "\n");
	return 0;
}

/* ---- schedule ---- */

static const char *const weekdays[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

void
commands_prompt_schedule(struct commands *c, int *day, int *minute)
{
	char v[32];
	int d, h, m;

	*day = c->cfg->prompt_day;
	*minute = c->cfg->prompt_minute;
	if (store_setting_get(c->st, "prompt_schedule", v, sizeof(v)) == STORE_OK &&
	    sscanf(v, "%d %d:%d", &d, &h, &m) == 3 && d >= 0 && d < 7 && h >= 0 && h < 24 &&
	    m >= 0 && m < 60) {
		*day = d;
		*minute = h * 60 + m;
	}
}

int
cmd_schedule(struct cmd_ctx *ctx)
{
	const struct line *l = ctx->l;
	const struct word *w;
	char v[32];
	int i = ctx->argi, day, minute, h, m, rc;

	if (i >= l->n) {
		commands_prompt_schedule(ctx->c, &day, &minute);
		buf_printf(&ctx->out, "Weekly prompts go out on %s at %02d:%02d, in each person's "
		    "own time zone.\n", weekdays[day], minute / 60, minute % 60);
		return 0;
	}
	if (i + 2 != l->n || (day = lex_weekday(l->w[i].s, l->w[i].len)) < 0)
		return cmd_error(ctx, "Give a weekday and a time, like `schedule monday 09:00`.");
	w = &l->w[i + 1];
	if (w->len < 4 || w->len > 5 || sscanf(w->s, "%d:%d", &h, &m) != 2 || h < 0 || h > 23 ||
	    m < 0 || m > 59 || w->s[w->len - 3] != ':')
		return cmd_error(ctx, "\"%.*s\" is not a time; write it as HH:MM, like 09:00.",
		    (int)utf8_cut(w->s, w->len, 20), w->s);
	snprintf(v, sizeof(v), "%d %02d:%02d", day, h, m);
	if ((rc = store_setting_set(ctx->st, "prompt_schedule", v)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	buf_printf(&ctx->out, "Weekly prompts now go out on %s at %02d:%02d, in each person's own "
	    "time zone. This week's prompt follows it if it has not gone yet.\n", weekdays[day],
	    h, m);
	return 0;
}

/* ---- the prompt's buttons ---- */

struct resend {
	struct cmd_ctx *ctx;
	int kind;
	int rc;
};

static int
queue_again(const struct prompt_out *p, void *arg)
{
	struct resend *rs = arg;

	if (p->kind != rs->kind)
		return 0;
	rs->rc = store_outbox_add(rs->ctx->st, OUTBOX_DM, "", p->platform_id, p->reply->text,
	    p->reply->blocks, NULL, 0, "", (rs->ctx->req->now + SNOOZE_SECONDS) * 1000, NULL);
	return 1;
}

/* A button's value as the prompt wrote it, "<kind>:<YYYY-Www>", and nothing else. */
static bool
button_value(const char *value, int *kind, char week[16])
{
	char again[32];
	int y, w;

	if (sscanf(value, "%d:%4d-W%2d", kind, &y, &w) != 3 || (*kind != PROMPT_REP &&
	    *kind != PROMPT_DIGEST) || y < 1970 || w < 1 || w > 53)
		return false;
	snprintf(week, 16, "%04d-W%02d", y, w);
	snprintf(again, sizeof(again), "%d:%s", *kind, week);
	return strcmp(again, value) == 0;	/* written back, it is what came in */
}

static int
run_action(struct cmd_ctx *ctx, const char *action_id, const char *value)
{
	char week[16], this_week[16];
	int kind, rc;
	const struct commands_config *cfg = ctx->c->cfg;
	int today = cfg->local_day ? cfg->local_day(ctx->me.tz, ctx->req->now,
	    cfg->local_day_arg) : ctx->req->today;

	if (!button_value(value, &kind, week))
		return cmd_refuse(ctx, "That button is out of date.");
	cal_iso_week(today, this_week);
	if (strcmp(action_id, "prompt_snooze") == 0) {
		struct resend rs = { .ctx = ctx, .kind = kind, .rc = STORE_NOTFOUND };
		const char *id = ctx->me.platform_id;

		/* Snoozing queues this week's prompt again: an older one is not this week's. */
		if (strcmp(week, this_week) != 0 && store_prompt_sent(ctx->st, ctx->me.id, kind,
		    week) == STORE_OK)
			return cmd_refuse(ctx, "That prompt was for week %s; this week's comes on "
			    "its day.", week);

		rc = store_prompt_snooze(ctx->st, ctx->me.id, kind, week);
		if (rc == STORE_DUPLICATE)
			return cmd_refuse(ctx, "This prompt was snoozed once already.");
		if (rc == STORE_NOTFOUND)
			return cmd_refuse(ctx, "That prompt is not one I sent you.");
		if (rc != STORE_OK)
			return cmd_store_error(ctx, rc);
		if (commands_prompts(ctx->c, &id, 1, false, ctx->req->now, ctx->req->today,
		    queue_again, &rs) < 0 || rs.rc != STORE_OK)
			return cmd_store_error(ctx, rs.rc == STORE_NOTFOUND ? STORE_ERR : rs.rc);
		buf_puts(&ctx->out, "Snoozed: I'll send it again tomorrow.\n");
		return 0;
	}
	if (strcmp(action_id, "prompt_away") == 0) {
		int sunday = today + 6 - cal_weekday(today);

		/* The button is on the rep's prompt of a week: away that week, while it lasts. */
		if (kind != PROMPT_REP || store_prompt_sent(ctx->st, ctx->me.id, kind, week) !=
		    STORE_OK)
			return cmd_refuse(ctx, "That prompt is not one I sent you.");
		if (strcmp(week, this_week) != 0)
			return cmd_refuse(ctx, "That prompt was for week %s; `away until <date>` says "
			    "when you are back.", week);
		if ((rc = store_person_set_away(ctx->st, ctx->me.id, sunday)) != STORE_OK)
			return cmd_store_error(ctx, rc);
		buf_puts(&ctx->out, "Got it: you're away this week, so no prompt until next week. "
		    "Say `back` if plans change.\n");
		return 0;
	}
	if (strcmp(action_id, "prompt_pipeline") == 0)
		return cmd_pipeline(ctx);
	return cmd_error(ctx, "I don't know that button.");
}

int
commands_action(struct commands *c, const struct request *req, const char *action_id,
    const char *value, struct reply *out)
{
	if (strcmp(action_id, CMD_OTHER_ACTION) == 0)
		return commands_run_action(c, req, action_id, value, out, cmd_other_action);
	return commands_run_action(c, req, action_id, value, out, run_action);
}
