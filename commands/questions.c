/*
 * The questions: `funnel`, `insights` (and `insights team`), `pipeline` and `team`. Each reads
 * the rows it needs from the store, lets insights/ judge, and renders the result. Who may see
 * what follows commands.md: a rep sees their own numbers and, with at least four other active
 * reps, anonymous team medians; a manager sees their reports; an admin everyone.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/commands_int.h"
#include "commands/questions.h"
#include "commands/render.h"
#include "insights/calendar.h"
#include "insights/insights.h"

#define TEAM_LINES_MAX	100	/* reps listed in a team reply; the rest are counted */

void
questions_group_free(struct group *g)
{
	free(g->reps);
	memset(g, 0, sizeof(*g));
}

/* store_people_each callback: adds active-role people of the group's kind. */
int
questions_collect(const struct person *p, void *arg)
{
	struct group *g = arg;

	if ((g->sample >= 0 && p->sample != (g->sample == 1)) || p->role == ROLE_INACTIVE ||
	    p->id == g->skip)
		return 0;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 32;
		struct rep *r = realloc(g->reps, cap * sizeof(*r));
		if (r == NULL)
			return 1;
		g->reps = r;
		g->cap = cap;
	}
	memset(&g->reps[g->n], 0, sizeof(g->reps[0]));
	g->reps[g->n++].p = *p;
	return 0;
}

static int
year_start(int today)
{
	int y, m, d;

	cal_ymd(today, &y, &m, &d);
	return cal_day(y, 1, 1);
}

/* Computes metrics, the team, benchmarks and findings for reps[from..to) as one team. */
static int
analyse_range(struct cmd_ctx *ctx, struct group *g, size_t from, size_t to,
    struct ins_period per, struct store_rep_buf *buf)
{
	struct ins_metrics *members = NULL;
	struct ins_team *team = NULL;
	size_t *idx = NULL, k = 0;
	int ys = year_start(ctx->req->today), y, mo, d, rc = -1;
	char err[128];

	cal_ymd(ctx->req->today, &y, &mo, &d);
	if (to == from)
		return 0;
	members = malloc((to - from) * sizeof(*members));
	idx = malloc((to - from) * sizeof(*idx));
	if (members == NULL || idx == NULL)
		goto done;
	for (size_t i = from; i < to; i++) {
		struct rep *r = &g->reps[i];
		struct ins_rep_input in;

		if (store_rep_input(ctx->st, r->p.id, per.from, per.to, ctx->req->today, ys, buf,
		    &in) != STORE_OK)
			goto done;
		if (store_target_get(ctx->st, r->p.id, y, &in.target) != STORE_OK)
			in.target = -1;
		if (ins_metrics_compute(&in, per, ctx->req->today, ctx->c->cfg->stalled_days,
		    &r->m, err, sizeof(err)) != 0)
			goto done;
		/*
		 * An admin by config who logs is still prompted about their own numbers, but
		 * benchmarks, mentors and pairs are drawn from active reps only.
		 */
		r->active = r->p.role == ROLE_REP && ins_metrics_active(&r->m);
		r->member = r->active && !cmd_is_admin_id(ctx->c->cfg, r->p.platform_id);
		idx[i - from] = r->member ? k : INS_NOT_MEMBER;
		if (r->member)
			members[k++] = r->m;
	}
	if ((team = ins_team_new(members, k)) == NULL)
		goto done;
	for (size_t i = from; i < to; i++) {
		struct rep *r = &g->reps[i];
		ins_team_benchmark(team, idx[i - from], &r->b);
		ins_findings(&r->m, &r->b, &r->r);
		r->r.team = r->p.manager_id;	/* pairs and mentors: own team first */
		r->peers = (int)k - (r->member ? 1 : 0);
	}
	ins_team_benchmark(team, INS_NOT_MEMBER, &g->all);
	g->members += (int)k;
	rc = 0;
done:
	ins_team_free(team);
	free(members);
	free(idx);
	return rc;
}

static int
analyse(struct cmd_ctx *ctx, struct group *g, struct ins_period per)
{
	struct store_rep_buf buf = { 0 };
	int rc = analyse_range(ctx, g, 0, g->n, per, &buf);

	store_rep_buf_free(&buf);
	return rc;
}

/*
 * The team a person is compared with (metrics.md): the others with the same manager, or
 * everyone when they have no manager or fewer than two others. The subject is reps[0].
 */
static int
team_of(struct cmd_ctx *ctx, const struct person *subject, struct group *g)
{
	if ((g->reps = calloc(8, sizeof(*g->reps))) == NULL)
		return -1;
	g->cap = 8;
	g->n = 1;
	g->reps[0].p = *subject;	/* shown even when inactive */
	g->sample = subject->sample ? 1 : 0;
	g->skip = subject->id;
	if (subject->manager_id &&
	    store_people_each(ctx->st, subject->manager_id, false, true, questions_collect, g) !=
	    STORE_OK)
		return -1;
	if (g->n < 3) {
		g->n = 1;
		if (store_people_each(ctx->st, 0, false, true, questions_collect, g) != STORE_OK)
			return -1;
	}
	return 0;
}

/*
 * The period for a question: [period] words at i, default the last 90 days. "All time" is one
 * window for everyone compared: from the workspace's first entry or deal, whoever is asked about.
 */
static int
question_period(struct cmd_ctx *ctx, int i, struct period *p)
{
	const struct line *l = ctx->l;
	char err[160];
	int used, rc;

	lex_period_default(ctx->req->today, p);
	if (i >= l->n)
		return 0;
	rc = lex_period(l, i, ctx->req->today, p, &used, err, sizeof(err));
	if (rc <= 0)
		return cmd_error(ctx, "%s", rc < 0 ? err : "I don't understand the period.");
	if (i + used < l->n)
		return cmd_error(ctx, "There is something extra after the period.");
	if (p->all_time && store_first_day_all(ctx->st, &p->from) != STORE_OK)
		p->from = p->to;
	return 0;
}

/* ---- formatting ---- */

const char *const questions_metric_labels[INS_M_COUNT] = {
	"calls a week", "emails a week", "meetings a week", "demos a week",
	"meetings and demos a week", "activities a week", "opportunities created",
	"qualified opportunities", "lead → qualified", "qualified → proposal",
	"proposal → verbal", "verbal → won", "win rate", "win rate by amount", "average deal",
	"sales cycle", "days to sign", "open opportunities", "open pipeline", "stalled deals",
	"won this year", "pace", "velocity",
};

/* Rounds cents to whole currency units for figures that are estimates. */
int64_t
questions_whole(int64_t cents)
{
	return cents >= 0 ? (cents + 50) / 100 * 100 : cents;
}

void
questions_money_short(const struct cmd_ctx *ctx, double cents, char *out, size_t outlen)
{
	double units = cents / 100;

	if (units >= 1e6) {
		cmd_amount(ctx, 0, out, outlen);	/* the symbol */
		out[strcspn(out, "0")] = '\0';
		snprintf(out + strlen(out), outlen - strlen(out), "%.1fm", units / 1e6);
	} else if (units >= 1e4) {
		cmd_amount(ctx, 0, out, outlen);
		out[strcspn(out, "0")] = '\0';
		snprintf(out + strlen(out), outlen - strlen(out), "%.0fk", units / 1e3);
	} else {
		cmd_amount(ctx, (int64_t)llround(cents), out, outlen);
	}
}

/* A metric's value as text; with_n adds the sample behind a rate or median. */
void
questions_cell(const struct cmd_ctx *ctx, enum ins_metric id, const struct ins_value *v,
    bool with_n, char *out, size_t outlen)
{
	if (!v->known) {
		snprintf(out, outlen, "%s", v->gap == INS_GAP_UNRECORDED ? "not recorded" :
		    v->gap == INS_GAP_NO_LOST_AMOUNTS ? "not enough data (no amounts on lost deals)" :
		    v->gap == INS_GAP_NO_WON_AMOUNTS ? "not enough data (no amounts on won deals)" :
		    "–");
		return;
	}
	if (ins_metric_sampled(id) && !v->enough) {
		snprintf(out, outlen, "not enough data (n=%d)", v->n);
		return;
	}
	switch (ins_metric_unit(id)) {
	case INS_UNIT_PER_WEEK:
		snprintf(out, outlen, "%.1f", v->value);
		break;
	case INS_UNIT_COUNT:
		snprintf(out, outlen, "%.0f", v->value);
		break;
	case INS_UNIT_RATIO:
		snprintf(out, outlen, "%.0f%%", v->value * 100);
		break;
	case INS_UNIT_CENTS:
		questions_money_short(ctx, v->value, out, outlen);
		break;
	case INS_UNIT_DAYS:
		snprintf(out, outlen, "%.0f day%s", v->value, lround(v->value) == 1 ? "" : "s");
		break;
	case INS_UNIT_CENTS_WEEK:
		questions_money_short(ctx, v->value, out, outlen);
		snprintf(out + strlen(out), outlen - strlen(out), " a week");
		break;
	}
	if (with_n && ins_metric_sampled(id))
		snprintf(out + strlen(out), outlen - strlen(out), " (n=%d)", v->n);
}

void
questions_bench_cell(const struct cmd_ctx *ctx, enum ins_metric id, const struct ins_bench *b,
    char *out, size_t outlen)
{
	struct ins_value v = { .value = b->median[id], .n = INS_MIN_N, .known = b->nreps[id] > 0,
		.enough = b->nreps[id] > 0 };

	questions_cell(ctx, id, &v, false, out, outlen);
}

static void
row(struct cmd_ctx *ctx, struct doc *d, const char *label, const struct rep *r,
    enum ins_metric id, bool medians)
{
	char mine[48], team[48] = "";

	questions_cell(ctx, id, &r->m.v[id], true, mine, sizeof(mine));
	if (!medians) {
		doc_printf(d, "%-24s %s\n", label, mine);
		return;
	}
	questions_bench_cell(ctx, id, &r->b, team, sizeof(team));
	doc_printf(d, "%-24s %-22s %s\n", label, mine, team);
}

/* "██████░░░░" */
static void
bar(struct doc *d, int n, int of)
{
	int full = of > 0 ? (n * 10 + of / 2) / of : 0;

	for (int i = 0; i < 10; i++)
		doc_printf(d, "%s", i < full ? "█" : "░");
}

static void
period_label(const struct cmd_ctx *ctx, const struct period *p, char *out, size_t outlen)
{
	char a[32], b[32];

	cmd_date(ctx, p->from, a, sizeof(a));
	cmd_date(ctx, p->to, b, sizeof(b));
	snprintf(out, outlen, "%s (%s to %s)", p->label[0] ? p->label : "period", a, b);
}

const char *const questions_finding_titles[INS_F_COUNT] = {
	"closing", "opportunity volume (qualifying)", "verbal commitments not signed",
	"qualification", "face-to-face time", "activity",
};

/* Whether days to sign is shown, with enough deals, beside a team figure the reader may see:
 * only then may a sentence cite it. */
static bool
days_to_sign_shown(const struct rep *r, bool medians)
{
	return medians && r->r.days_to_sign.known && r->r.days_to_sign.enough &&
	    r->r.days_to_sign_team_n > 0;
}

/* " Days to sign: 25 (team 10)." when it may be cited: where signatures wait. */
static void
days_to_sign(struct doc *d, const struct rep *r, bool medians)
{
	if (days_to_sign_shown(r, medians))
		doc_printf(d, " Days to sign: %.0f (team %.0f).", r->r.days_to_sign.value,
		    r->r.days_to_sign_team);
}

/* The finding in words, with its suggested action. */
static void
say_finding(struct cmd_ctx *ctx, struct doc *d, const struct rep *r, enum ins_finding f,
    bool medians)
{
	const struct ins_finding_result *fr = &r->r.f[f];
	const struct ins_metrics *m = &r->m;
	const char *who = cmd_name(&r->p);
	char mine[48], team[48];

	questions_cell(ctx, fr->metric, &fr->rep, false, mine, sizeof(mine));
	questions_bench_cell(ctx, fr->metric, &r->b, team, sizeof(team));
	if (!medians)
		snprintf(team, sizeof(team), "the team's usual level");
	switch (f) {
	case INS_F_CLOSING:
		doc_printf(d, "%s fills the pipeline (%d opportunities created) but wins %s of "
		    "closed deals (team %s). %d verbal commitment%s did not sign (%d lost, %d "
		    "still open). Suggested: work on negotiation and closing", who,
		    m->reached[INS_LEAD], mine, team, r->r.verbal_unsigned,
		    r->r.verbal_unsigned == 1 ? "" : "s", r->r.verbal_lost, r->r.verbal_open);
		/* Internal delays are worth a look unless signing is shown to be quick. */
		if (!days_to_sign_shown(r, medians) ||
		    r->r.days_to_sign.value > r->r.days_to_sign_team)
			doc_printf(d, ", and check internal delays — legal, finance, proof "
			    "requests.");
		else
			doc_printf(d, "; signing itself is quick.");
		days_to_sign(d, r, medians);
		break;
	case INS_F_VOLUME:
		doc_printf(d, "%s has few qualified opportunities (%s, team %s), but they close "
		    "(win rate ", who, mine, team);
		questions_cell(ctx, INS_M_WIN_RATE, &m->v[INS_M_WIN_RATE], false, mine, sizeof(mine));
		doc_printf(d, "%s of %d closed). Suggested: work on opening doors and on where "
		    "leads come from.", mine, m->v[INS_M_WIN_RATE].n);
		break;
	case INS_F_VERBAL:
		doc_printf(d, "Verbal commitments are not turning into signatures: verbal → won "
		    "%s (team %s); %d did not sign. Suggested: find out what holds the signatures "
		    "up.", mine, team, r->r.verbal_unsigned);
		days_to_sign(d, r, medians);
		break;
	case INS_F_QUALIFICATION:
		doc_printf(d, "Many leads, few qualify: lead → qualified %s (team %s). "
		    "Suggested: review how leads are qualified.", mine, team);
		break;
	case INS_F_FACE_TO_FACE:
		doc_printf(d, "Not seeing clients: %s meetings and demos a week (team %s). "
		    "Suggested: book more meetings.", mine, team);
		break;
	case INS_F_ACTIVITY:
		doc_printf(d, "Low overall effort: %s activities a week (team %s). Suggested: "
		    "plan the week's calls.", mine, team);
		break;
	default:
		break;
	}
	doc_printf(d, "\n");
}

void
questions_say_main(struct cmd_ctx *ctx, struct doc *d, const struct rep *r, bool medians,
    bool rep_reading)
{
	bool needs = false;

	doc_part(d, PART_TEXT);
	if (!medians && (rep_reading || !ctx->admin)) {
		/*
		 * One sentence whether 0 or 3 others are active: telling the two apart would say
		 * whether a colleague logged, and a finding is a comparison.
		 */
		doc_printf(d, "*Main finding:* none yet — comparisons with the team appear once at "
		    "least %d other reps are active%s.\n", QUESTIONS_MIN_PEERS, rep_reading ?
		    "; a manager or an admin sees them meanwhile" : "");
		return;
	}
	if (!medians) {
		doc_printf(d, "*Main finding:* none yet — there is no other active rep to compare "
		    "with.\n");
		return;
	}
	if (r->r.main == INS_F_NONE) {
		for (int f = 0; f < INS_F_COUNT; f++)
			needs = needs || r->r.f[f].status == INS_FS_NEEDS_DATA;
		doc_printf(d, "*Main finding:* %s\n", needs ? "not enough data yet to tell; keep "
		    "logging." : "nothing stands out against the team.");
		return;
	}
	doc_printf(d, "*Main finding: %s.* ", questions_finding_titles[r->r.main]);
	say_finding(ctx, d, r, r->r.main, medians);
}

void
questions_say_alerts(struct cmd_ctx *ctx, struct doc *d, const struct rep *r)
{
	const struct ins_pace *pc = &r->m.pace;
	char a[48], b[48], c[48];

	if (r->r.alerts & INS_ALERT_AT_RISK) {
		cmd_amount(ctx, questions_whole(pc->projected), a, sizeof(a));
		cmd_amount(ctx, pc->target, b, sizeof(b));
		cmd_amount(ctx, questions_whole(pc->required_week), c, sizeof(c));
		doc_part(d, PART_TEXT);
		doc_printf(d, "*At risk of target:* projected %s of %s (%.0f%%); it takes %s a week "
		    "from now to make it.\n", a, b, pc->target > 0 ? 100.0 * (double)pc->projected /
		    (double)pc->target : 0, c);
	}
	if (r->r.alerts & INS_ALERT_STALLED) {
		doc_part(d, PART_TEXT);
		doc_printf(d, "*Stalled deals* (no movement for %d days or more):",
		    r->m.stalled_days);
		for (int i = 0; i < r->m.nstalled && i < INS_STALLED_MAX && i < 10; i++) {
			struct opp o;
			if (store_opp_get(ctx->st, r->m.stalled[i], &o) == STORE_OK)
				doc_printf(d, "%s #%lld %s", i ? "," : "", (long long)o.id, o.account);
		}
		if (r->m.nstalled > 10)
			doc_printf(d, " and %d more", r->m.nstalled - 10);
		doc_printf(d, ".\n");
	}
}

/* "3 Nov" (with the year when it is not this one). */
static void
short_date(const struct cmd_ctx *ctx, int day, char *out, size_t outlen)
{
	char buf[32];

	cmd_date(ctx, day, buf, sizeof(buf));
	snprintf(out, outlen, "%s", buf + strcspn(buf, " ") + (buf[strcspn(buf, " ")] != '\0'));
}

/*
 * A rep who started inside the period (metrics.md): per-week figures count the days since their
 * first entry, and the pace the part of the year since then. Says so, once.
 */
void
questions_say_since(const struct cmd_ctx *ctx, struct doc *d, const struct rep *r)
{
	const struct ins_metrics *m = &r->m;
	int jan1 = year_start(ctx->req->today);
	char a[32];

	if (m->since >= 0) {
		short_date(ctx, m->since, a, sizeof(a));
		doc_part(d, PART_TEXT);
		doc_printf(d, "Measured since %s, %s's first entry: per-week figures count the %d "
		    "days since then%s.\n", a, cmd_name(&r->p), m->days,
		    m->pace.from > jan1 && m->pace.target > 0 ?
		    ", and the pace the part of the year since then" : "");
	} else if (m->pace.from > jan1 && m->pace.target > 0) {
		short_date(ctx, m->pace.from, a, sizeof(a));
		doc_part(d, PART_TEXT);
		doc_printf(d, "Pace since %s, %s's first entry: over the part of the year since "
		    "then.\n", a, cmd_name(&r->p));
	}
}

/* "Per week over 28 days   since 31 Oct" for a rep who started inside the period. */
static void
since_row(const struct cmd_ctx *ctx, struct doc *d, const struct ins_metrics *m, bool medians)
{
	char label[32], a[32], since[64];

	if (m->since < 0)
		return;
	short_date(ctx, m->since, a, sizeof(a));
	snprintf(label, sizeof(label), "Per week over %d day%s", m->days, m->days == 1 ? "" : "s");
	snprintf(since, sizeof(since), "since %s", a);
	if (medians)
		doc_printf(d, "%-24s %-22s %s\n", label, since, "each since their start");
	else
		doc_printf(d, "%-24s %s\n", label, since);
}

/* The funnel table of one rep. */
static void
funnel_doc(struct cmd_ctx *ctx, struct doc *d, const struct rep *r, const struct period *p,
    bool medians)
{
	static const char *const stages[] = { "lead", "qualified", "proposal", "verbal", "won" };
	const struct ins_metrics *m = &r->m;
	const struct ins_pace *pc = &m->pace;
	char label[128], a[48], b[48], c[48];
	int y, mo, dd;

	period_label(ctx, p, label, sizeof(label));
	doc_part(d, PART_TITLE);
	doc_printf(d, "%s — funnel, %s", cmd_name(&r->p), label);
	doc_part(d, PART_PRE);
	if (medians)
		doc_printf(d, "%-24s %-22.22s %s\n", "", cmd_name(&r->p), "team median");
	else
		doc_printf(d, "%-24s %s\n", "", cmd_name(&r->p));
	since_row(ctx, d, m, medians);
	row(ctx, d, "Calls a week", r, INS_M_CALLS_WEEK, medians);
	row(ctx, d, "Emails a week", r, INS_M_EMAILS_WEEK, medians);
	row(ctx, d, "Meetings+demos a week", r, INS_M_F2F_WEEK, medians);
	row(ctx, d, "Opportunities created", r, INS_M_CREATED, medians);
	row(ctx, d, "Qualified", r, INS_M_QUALIFIED, medians);
	doc_printf(d, "Funnel of those created:\n");
	for (int s = 0; s < INS_NSTAGES; s++) {
		doc_printf(d, "  %-10s %4d ", stages[s], m->reached[s]);
		bar(d, m->reached[s], m->reached[0]);
		if (s > 0) {
			const struct ins_value *v = &m->v[INS_M_LEAD_QUALIFIED + s - 1];
			questions_cell(ctx, INS_M_LEAD_QUALIFIED + s - 1, v, true, a, sizeof(a));
			doc_printf(d, " %s", a);
		}
		doc_printf(d, "\n");
	}
	row(ctx, d, "Win rate (closed)", r, INS_M_WIN_RATE, medians);
	row(ctx, d, "Win rate by amount", r, INS_M_WIN_RATE_AMOUNT, medians);
	row(ctx, d, "Average deal", r, INS_M_AVG_DEAL, medians);
	row(ctx, d, "Sales cycle", r, INS_M_CYCLE, medians);
	row(ctx, d, "Days to sign", r, INS_M_DAYS_TO_SIGN, medians);
	cmd_amount(ctx, m->open_amount_total, a, sizeof(a));
	doc_printf(d, "%-24s %d open, %s; %d stalled\n", "Open pipeline", m->open_total, a,
	    m->nstalled);
	row(ctx, d, "Velocity", r, INS_M_VELOCITY, medians);
	cal_ymd(ctx->req->today, &y, &mo, &dd);
	switch (pc->state) {
	case INS_PACE_NO_TARGET:
		doc_printf(d, "%-24s no target for %d\n", "Target and pace", y);
		break;
	case INS_PACE_TOO_EARLY:
		cmd_amount(ctx, pc->target, a, sizeof(a));
		doc_printf(d, "%-24s %s; too early in the year to tell the pace\n", "Target", a);
		break;
	default:
		cmd_amount(ctx, pc->target, a, sizeof(a));
		cmd_amount(ctx, pc->won, b, sizeof(b));
		cmd_amount(ctx, questions_whole(pc->projected), c, sizeof(c));
		doc_printf(d, "%-24s %s; won %s, projected %s (%.0f%%) — %s", "Target and pace",
		    a, b, c, pc->target > 0 ? 100.0 * (double)pc->projected / (double)pc->target :
		    0, pc->state == INS_PACE_AT_RISK ? "at risk" : "on track");
		if (pc->from != cal_day(y, 1, 1)) {
			short_date(ctx, pc->from, a, sizeof(a));
			doc_printf(d, " (pace since %s)", a);
		}
		doc_printf(d, "\n");
		if (pc->remaining > 0) {
			cmd_amount(ctx, questions_whole(pc->required_week), a, sizeof(a));
			doc_printf(d, "%-24s %s a week\n", "Needed from now", a);
		}
		break;
	}
}

static void
footnote(struct doc *d, const struct rep *r, bool medians, bool say_why)
{
	doc_part(d, PART_NOTE);
	if (medians)
		doc_printf(d, "Team median: the middle of %d other active rep%s. ", r->peers,
		    r->peers == 1 ? "" : "s");
	else if (say_why)
		doc_printf(d, "Team medians appear once at least %d other reps are active. ",
		    QUESTIONS_MIN_PEERS);
	doc_printf(d, "Rates and medians over fewer than %d are not enough data.", INS_MIN_N);
}

/* ---- who may ask ---- */

int
cmd_subject(struct cmd_ctx *ctx, int *i, struct person *p, const char *what)
{
	struct who w = { .kind = WHO_ME };

	if (cmd_word_is(ctx, *i, "priorities")) {
		/* "what should I work on?": a rep's own insights; a manager's are her team's,
		 * an admin's the company's. */
		(*i)++;
		if (ctx->admin || ctx->me.role == ROLE_MANAGER)
			return 1;
	} else if (*i < ctx->l->n && !(cmd_word_is(ctx, *i, "all") &&
	    cmd_word_is(ctx, *i + 1, "time")) && lex_who(&ctx->l->w[*i], &w)) {
		(*i)++;
	}
	if (w.kind == WHO_TEAM || w.kind == WHO_ALL)
		return 1;	/* the caller shows the team */
	if (cmd_resolve(ctx, &w, p) != 0)
		return -1;
	if (!cmd_may_see(ctx, p))
		return cmd_refuse(ctx, "Only %s's manager or an admin can see %s's %s.",
		    cmd_name(p), cmd_name(p), what);
	return 0;
}

bool
questions_rep_may_compare(const struct rep *r)
{
	return r->peers >= QUESTIONS_MIN_PEERS;
}

/*
 * Whether the reader may see the benchmark of g's subject (reps[0]). A rep only with enough
 * others behind it. A manager knows her own reports' numbers, so a benchmark that mixes them
 * with a few reps of other managers (a small team falls into the company's pool) would give
 * those away: it takes none of them, or enough. An admin sees everything.
 */
bool
questions_manager_may_compare(const struct group *g, const struct rep *r, int64_t manager_id)
{
	int outside = 0;

	for (size_t k = 0; k < g->n; k++) {
		const struct rep *o = &g->reps[k];
		outside += o != r && o->member && o->team == r->team && o->p.manager_id != manager_id;
	}
	return r->peers > 0 && (outside == 0 || outside >= QUESTIONS_MIN_PEERS);
}

static bool
may_see_medians(const struct cmd_ctx *ctx, const struct group *g)
{
	const struct rep *r = &g->reps[0];

	if (ctx->admin)
		return r->peers > 0;
	if (ctx->me.role != ROLE_MANAGER)
		return questions_rep_may_compare(r);
	return questions_manager_may_compare(g, r, ctx->me.id);
}

static int team_view(struct cmd_ctx *ctx, int i, bool insights);

/*
 * Without comparisons, all time reads from the subject's own first day: the workspace's would
 * tell when a colleague started. Their figures are the same either way (per week already
 * counts from that day).
 */
static void
own_window(struct period *per, struct rep *r)
{
	if (per->all_time && r->m.since >= 0) {
		per->from = r->m.since;
		r->m.since = INS_NO_DAY;
	}
}

static int
one_person(struct cmd_ctx *ctx, bool insights)
{
	struct group g = { 0 };
	struct person p;
	struct period per;
	struct doc d = { 0 };
	int i = ctx->argi, rc;
	bool medians, rep_reading;

	if ((rc = cmd_subject(ctx, &i, &p, insights ? "insights" : "funnel")) != 0)
		return rc > 0 ? team_view(ctx, i, insights) : rc;
	if ((rc = question_period(ctx, i, &per)) != 0)
		return rc;
	if (team_of(ctx, &p, &g) != 0 ||
	    analyse(ctx, &g, (struct ins_period){ per.from, per.to }) != 0) {
		questions_group_free(&g);
		return cmd_store_error(ctx, STORE_ERR);
	}
	medians = may_see_medians(ctx, &g);
	rep_reading = !ctx->admin && ctx->me.role != ROLE_MANAGER;
	if (!medians)
		own_window(&per, &g.reps[0]);
	if (!insights) {
		funnel_doc(ctx, &d, &g.reps[0], &per, medians);
		questions_say_main(ctx, &d, &g.reps[0], medians, rep_reading);
		questions_say_alerts(ctx, &d, &g.reps[0]);
	} else {
		const struct rep *r = &g.reps[0];
		char label[128];

		period_label(ctx, &per, label, sizeof(label));
		doc_part(&d, PART_TITLE);
		doc_printf(&d, "Insights for %s — %s", cmd_name(&r->p), label);
		questions_say_since(ctx, &d, r);
		questions_say_main(ctx, &d, r, medians, rep_reading);
		doc_part(&d, PART_TEXT);
		if (!medians) {
			;	/* strengths are comparisons too */
		} else if (r->r.nstrengths == 0) {
			doc_printf(&d, "*Strengths:* none stand out against the team yet.\n");
		} else {
			doc_printf(&d, "*Strengths:*");
			for (int k = 0; k < r->r.nstrengths; k++) {
				enum ins_metric id = r->r.strengths[k];
				char mine[48], team[48];
				questions_cell(ctx, id, &r->m.v[id], false, mine, sizeof(mine));
				questions_bench_cell(ctx, id, &r->b, team, sizeof(team));
				doc_printf(&d, "%s %s %s (team %s)", k ? ";" : "",
				    questions_metric_labels[id], mine, team);
			}
			doc_printf(&d, ".\n");
		}
		for (int f = 0; f < INS_F_COUNT; f++) {
			if (!medians || f == r->r.main || r->r.f[f].status != INS_FS_FOUND)
				continue;
			doc_part(&d, PART_TEXT);
			doc_printf(&d, "*Also: %s.* ", questions_finding_titles[f]);
			say_finding(ctx, &d, r, (enum ins_finding)f, medians);
		}
		questions_say_alerts(ctx, &d, r);
		doc_part(&d, PART_TEXT);
		{
			bool any = false;
			/* Whether a finding lacks data depends on the team's figures too. */
			for (int f = 0; f < INS_F_COUNT && medians; f++) {
				if (r->r.f[f].status != INS_FS_NEEDS_DATA)
					continue;
				doc_printf(&d, "%s%s", any ? ", " : "*Needs more data:* ",
				    questions_finding_titles[f]);
				any = true;
			}
			if (any)
				doc_printf(&d, ".\n");
		}
	}
	footnote(&d, &g.reps[0], medians, rep_reading || !ctx->admin);
	doc_finish(&d, ctx->reply);
	questions_group_free(&g);
	return 0;
}

int
cmd_funnel(struct cmd_ctx *ctx)
{
	return one_person(ctx, false);
}

int
cmd_insights(struct cmd_ctx *ctx)
{
	return one_person(ctx, true);
}

/* ---- team views ---- */

static int
by_team(const void *a, const void *b)
{
	const struct rep *x = a, *y = b;

	if (x->p.sample != y->p.sample)
		return x->p.sample ? 1 : -1;
	if (x->team != y->team)
		return x->team < y->team ? -1 : 1;
	return x->p.id < y->p.id ? -1 : x->p.id > y->p.id;
}

/*
 * Analyses everyone in g team by team: each manager's reports, when there are at least three,
 * form a team; the rest (no manager, or a team too small) are compared with each other. Real
 * and sample people are never compared with each other.
 */
int
questions_analyse_teams(struct cmd_ctx *ctx, struct group *g, struct ins_period per)
{
	struct store_rep_buf buf = { 0 };
	size_t i, j;
	int rc = 0;

	for (i = 0; i < g->n; i++)
		g->reps[i].team = g->reps[i].p.manager_id;
	qsort(g->reps, g->n, sizeof(g->reps[0]), by_team);
	for (i = 0; i < g->n; i = j) {	/* a team too small joins the pool (team 0) */
		for (j = i; j < g->n && g->reps[j].p.sample == g->reps[i].p.sample &&
		    g->reps[j].team == g->reps[i].team; j++)
			;
		if (j - i < 3)
			for (size_t k = i; k < j; k++)
				g->reps[k].team = 0;
	}
	qsort(g->reps, g->n, sizeof(g->reps[0]), by_team);
	for (i = 0; i < g->n && rc == 0; i = j) {
		for (j = i; j < g->n && g->reps[j].p.sample == g->reps[i].p.sample &&
		    g->reps[j].team == g->reps[i].team; j++)
			;
		rc = analyse_range(ctx, g, i, j, per, &buf);
	}
	store_rep_buf_free(&buf);
	return rc;
}

static void
team_line(struct cmd_ctx *ctx, struct doc *d, const struct rep *r)
{
	char act[16], win[48], won[24], target[24], pace[24];
	const struct ins_pace *pc = &r->m.pace;

	snprintf(act, sizeof(act), "%.1f", r->m.v[INS_M_ACTIVITY_WEEK].value);
	questions_cell(ctx, INS_M_WIN_RATE, &r->m.v[INS_M_WIN_RATE], false, win, sizeof(win));
	if (!r->m.v[INS_M_WIN_RATE].enough)
		snprintf(win, sizeof(win), "n=%d", r->m.v[INS_M_WIN_RATE].n);
	questions_money_short(ctx, (double)pc->won, won, sizeof(won));
	if (pc->target > 0)
		questions_money_short(ctx, (double)pc->target, target, sizeof(target));
	else
		snprintf(target, sizeof(target), "–");
	snprintf(pace, sizeof(pace), "%s", pc->state == INS_PACE_AT_RISK ? "at risk" :
	    pc->state == INS_PACE_ON_TRACK ? "on track" : pc->state == INS_PACE_TOO_EARLY ?
	    "too early" : "–");
	doc_printf(d, "%-20.20s %6s %5d %6s %8s/%-7s %-9s %s\n", cmd_name(&r->p), act,
	    r->m.reached[INS_LEAD], win, won, target, pace,
	    r->r.main == INS_F_NONE ? "–" : questions_finding_titles[r->r.main]);
}

/* Medians of the team for a rep: no names. */
static void
anonymous_team(struct cmd_ctx *ctx, struct doc *d, const struct group *g)
{
	static const enum ins_metric shown[] = {
		INS_M_ACTIVITY_WEEK, INS_M_F2F_WEEK, INS_M_CREATED, INS_M_QUALIFIED,
		INS_M_WIN_RATE, INS_M_AVG_DEAL, INS_M_CYCLE,
	};
	char v[48];

	/* The others' medians, as `funnel` shows them: with the asker's own numbers in, the
	 * two replies side by side would give a colleague's exact figure away. */
	doc_part(d, PART_TITLE);
	doc_printf(d, "Your team — medians of the %d other active reps", g->reps[0].peers);
	doc_part(d, PART_PRE);
	for (size_t k = 0; k < sizeof(shown) / sizeof(shown[0]); k++) {
		questions_bench_cell(ctx, shown[k], &g->reps[0].b, v, sizeof(v));
		doc_printf(d, "%-26s %s\n", questions_metric_labels[shown[k]], v);
	}
}

/* " (across teams: sally reports to maria, john to ahmed)" after a suggestion across teams,
 * which only comes when nobody on the rep's own team fits. */
static void
cross_team(struct cmd_ctx *ctx, struct doc *d, const struct rep *a, const struct rep *b,
    bool across)
{
	struct person ma, mb;

	if (across) {
		doc_printf(d, " Across teams — nobody on %s's own team fits", cmd_name(&a->p));
		if (a->p.manager_id && b->p.manager_id &&
		    store_person_get(ctx->st, a->p.manager_id, &ma) == STORE_OK &&
		    store_person_get(ctx->st, b->p.manager_id, &mb) == STORE_OK)
			doc_printf(d, " (%s reports to %s, %s to %s)", cmd_name(&a->p),
			    cmd_name(&ma), cmd_name(&b->p), cmd_name(&mb));
		doc_printf(d, ".");
	}
	doc_printf(d, "\n");
}

static int
team_view(struct cmd_ctx *ctx, int i, bool insights)
{
	struct group g = { 0 };
	struct period per;
	struct doc d = { 0 };
	struct ins_result *res = NULL;
	struct ins_pair *pairs = NULL;
	char label[128];
	bool rep = !ctx->admin && ctx->me.role != ROLE_MANAGER;
	int rc = -1, np;

	/* Whose team: a manager's reports, everyone for an admin, a rep's peers. */
	g.sample = -1;
	if (ctx->admin) {
		if (store_people_each(ctx->st, 0, false, true, questions_collect, &g) != STORE_OK)
			goto store;
	} else if (!rep) {
		if (store_people_each(ctx->st, ctx->me.id, false, true, questions_collect, &g) !=
		    STORE_OK)
			goto store;
	} else if (team_of(ctx, &ctx->me, &g) != 0) {
		goto store;
	}
	if ((rc = question_period(ctx, i, &per)) != 0)
		goto done;
	rc = -1;
	if (g.n == 0) {
		rc = cmd_refuse(ctx, "There is nobody on your team yet; `manager @rep @you` sets "
		    "who reports to whom.");
		goto done;
	}
	if ((rep ? analyse(ctx, &g, (struct ins_period){ per.from, per.to }) :
	    questions_analyse_teams(ctx, &g, (struct ins_period){ per.from, per.to })) != 0)
		goto store;
	period_label(ctx, &per, label, sizeof(label));
	if (rep) {
		if (!questions_rep_may_compare(&g.reps[0])) {	/* the asker is reps[0] */
			rc = cmd_refuse(ctx, "Team figures need at least %d other active reps; your "
			    "manager or an admin can see the team.", QUESTIONS_MIN_PEERS);
			goto done;
		}
		anonymous_team(ctx, &d, &g);
		doc_part(&d, PART_NOTE);
		doc_printf(&d, "%s. Names are shown to managers only.", label);
		doc_finish(&d, ctx->reply);
		rc = 0;
		goto done;
	}
	doc_part(&d, PART_TITLE);
	doc_printf(&d, "%s — %s", insights ? "Team insights" : "Team", label);
	doc_part(&d, PART_PRE);
	doc_printf(&d, "%-20s %6s %5s %6s %16s %-9s %s\n", "rep", "act/wk", "opps", "win",
	    "won/target", "pace", "main finding");
	{
		size_t shown = 0, more = 0;
		for (size_t k = 0; k < g.n; k++) {
			const struct rep *r = &g.reps[k];
			if (!r->member && (r->p.role != ROLE_REP || (r->m.open_total == 0 &&
			    r->m.pace.won == 0)))
				continue;	/* someone who does not sell, or not yet */
			if (shown++ < TEAM_LINES_MAX)
				team_line(ctx, &d, &g.reps[k]);
			else
				more++;
		}
		if (more)
			doc_printf(&d, "... and %zu more\n", more);
	}
	if (insights) {
		res = malloc(g.n * sizeof(*res));
		pairs = malloc(g.n * sizeof(*pairs));
		if (res == NULL || pairs == NULL)
			goto store;
		size_t nres = 0;
		for (size_t k = 0; k < g.n; k++)
			if (g.reps[k].member)	/* pairs among active reps only */
				res[nres++] = g.reps[k].r;
		np = ins_pairing(res, nres, pairs);
		doc_part(&d, PART_TEXT);
		if (np <= 0)
			doc_printf(&d, "*Pairing:* no suggestion yet.\n");
		for (int k = 0; k < np && k < 20; k++) {
			const struct rep *a = NULL, *b = NULL;
			for (size_t x = 0; x < g.n; x++) {
				if (g.reps[x].p.id == pairs[k].a)
					a = &g.reps[x];
				if (g.reps[x].p.id == pairs[k].b)
					b = &g.reps[x];
			}
			if (a == NULL || b == NULL)
				continue;
			if (pairs[k].kind == INS_PAIR_MUTUAL)
				doc_printf(&d, "*Pair %s with %s:* %s is strong on %s, where %s "
				    "struggles, and %s is strong on %s, where %s struggles.",
				    cmd_name(&a->p), cmd_name(&b->p), cmd_name(&b->p),
				    questions_finding_titles[pairs[k].a_finding], cmd_name(&a->p),
				    cmd_name(&a->p), questions_finding_titles[pairs[k].b_finding],
				    cmd_name(&b->p));
			else
				doc_printf(&d, "*%s could learn %s from %s.*", cmd_name(&a->p),
				    questions_finding_titles[pairs[k].a_finding], cmd_name(&b->p));
			cross_team(ctx, &d, a, b, pairs[k].cross_team);
		}
	}
	doc_part(&d, PART_NOTE);
	doc_printf(&d, "Each rep is compared with the median of the other active reps of their "
	    "team.");
	doc_finish(&d, ctx->reply);
	rc = 0;
	goto done;
store:
	rc = cmd_store_error(ctx, STORE_ERR);
done:
	doc_free(&d);
	free(res);
	free(pairs);
	questions_group_free(&g);
	return rc;
}

int
cmd_team(struct cmd_ctx *ctx)
{
	return team_view(ctx, ctx->argi, false);
}

/* ---- every rep, for the weekly prompts ---- */

void
questions_batch(struct cmd_ctx *ctx, struct commands *c, struct request *req,
    struct reply *reply, struct line *l, int64_t now, int today)
{
	*req = (struct request){ .surface = SURFACE_CONSOLE, .user_id = "", .now = now,
		.today = today };
	*ctx = (struct cmd_ctx){ .c = c, .st = c->st, .req = req, .reply = reply, .l = l,
		.admin = true };
}

int
commands_insights_all(struct commands *c, int64_t now, int today, commands_rep_fn fn, void *arg)
{
	struct request req;
	struct reply reply = { 0 };
	struct line l = { 0 };
	struct cmd_ctx ctx;
	struct group g = { 0 };
	struct period per;
	int done = -1;

	questions_batch(&ctx, c, &req, &reply, &l, now, today);
	lex_period_default(today, &per);
	if (store_people_each(c->st, 0, false, false, questions_collect, &g) != STORE_OK ||
	    questions_analyse_teams(&ctx, &g, (struct ins_period){ per.from, per.to }) != 0)
		goto out;
	done = 0;
	for (size_t k = 0; k < g.n; k++) {
		struct rep *r = &g.reps[k];
		struct doc d = { 0 };

		if (!r->active)
			continue;
		doc_part(&d, PART_TITLE);
		doc_printf(&d, "Insights for %s", cmd_name(&r->p));
		questions_say_main(&ctx, &d, r, questions_rep_may_compare(r), true);
		questions_say_alerts(&ctx, &d, r);
		doc_finish(&d, &reply);
		cmd_reply_check(c, &reply);
		done++;
		if (fn(r->p.platform_id, &reply, arg) != 0)
			break;
	}
out:
	reply_free(&reply);
	questions_group_free(&g);
	return done;
}
