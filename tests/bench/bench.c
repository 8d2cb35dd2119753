/*
 * `make bench`: speed and memory figures on a synthetic database at the scale of issue 3.
 *
 * The database — 1,000 reps in 50 teams of 20 (managers mgr01..mgr50, reps rep0001..rep1000),
 * 5,000 accounts (100 per team), 2,000,000 activities and 200,000 opportunities with their
 * stage entries and history over the two years ending on the build day — comes from a fixed
 * seed through the store API only (one transaction), in a child process so the build never
 * shows in this process's peak RSS. It is built into a temporary file and renamed, and cached
 * as <dir of this binary>/bench-v<BENCH_VERSION>.db: change BENCH_VERSION when the generator
 * changes. Its build day is stored in it and used as `today`, so the figures of a rerun are
 * comparable whatever the date.
 *
 * The runs go to a scratch copy of the cache (log writes), deleted at the end. Each operation
 * goes through commands_run() as a chat user would send it; a reply that is an error or "not
 * available yet" is never timed as a success.
 *
 *   bench [--db PATH] [--rebuild] [-v]     -v prints one reply of each operation
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands/commands.h"
#include "insights/calendar.h"
#include "store/store.h"

/* Bump when anything below changes what the database holds. */
#define BENCH_VERSION	3	/* 3: schema 6, numbers drawn at random */
#define BENCH_SEED	0x66756e6e656c6231ULL	/* "funnelb1" */

#define NTEAMS		50
#define TEAM_SIZE	20
#define NREPS		(NTEAMS * TEAM_SIZE)
#define NACTIVITIES	2000000
#define NOPPS		200000
#define TEAM_ACCOUNTS	100
#define NACCOUNTS	(NTEAMS * TEAM_ACCOUNTS)
#define SPAN_DAYS	730		/* two years ending on the build day */

/* ---- a small fixed-seed generator (splitmix64) ---- */

struct rng {
	uint64_t s;
};

static uint64_t
rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
rnd_unit(struct rng *r)		/* [0, 1) */
{
	return (double)(rnd(r) >> 11) * 0x1.0p-53;
}

static int
rnd_int(struct rng *r, int n)	/* [0, n) */
{
	return (int)(rnd(r) % (uint64_t)n);
}

static double
rnd_range(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rnd_unit(r);
}

static double
rnd_normal(struct rng *r)
{
	double u = rnd_unit(r), v = rnd_unit(r);

	return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

/* ---- names ---- */

static const char *const first_names[40] = {
	"Alex", "Blake", "Casey", "Dana", "Eli", "Farah", "Gina", "Hugo", "Ines", "Jonas",
	"Kai", "Lena", "Marco", "Nadia", "Omar", "Paula", "Quinn", "Rosa", "Sven", "Tara",
	"Umar", "Vera", "Wes", "Xena", "Yusuf", "Zoe", "Aiko", "Bruno", "Chloe", "Diego",
	"Emma", "Felix", "Greta", "Hana", "Ivan", "Julia", "Karim", "Lucia", "Milo", "Nina",
};
static const char *const last_names[25] = {
	"Abbott", "Baker", "Carter", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
	"Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Silva",
	"Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zimmer",
};
static const char *const manager_last[NTEAMS] = {
	"Adler", "Brandt", "Conti", "Dahl", "Engel", "Frost", "Gallo", "Holm", "Ivers", "Juul",
	"Klein", "Lund", "Marsh", "Nagy", "Olsen", "Price", "Quint", "Reyes", "Stone", "Thorne",
	"Ulrich", "Voss", "Wolff", "Young", "Zane", "Arendt", "Berg", "Cole", "Drake", "Eng",
	"Fox", "Grant", "Hale", "Irwin", "Jost", "Kerr", "Lowe", "Mayer", "Nash", "Orr",
	"Pike", "Rand", "Sauer", "Toth", "Vance", "Wahl", "Yates", "Zell", "Amos", "Boyd",
};
static const char *const zones[] = {
	"Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago",
	"America/Los_Angeles", "Asia/Singapore",
};

/* Account names: 100 made-up stems (10 x 10 syllables) x 50 trades, 100 per team. */
static const char *const syl_a[10] = {
	"Ar", "Bel", "Cor", "Dan", "El", "Fen", "Gar", "Hal", "Jor", "Kel",
};
static const char *const syl_b[10] = {
	"ton", "ville", "mark", "crest", "wick", "field", "more", "stone", "ford", "dale",
};
static const char *const trades[50] = {
	"Logistics", "Foods", "Labs", "Health", "Systems", "Energy", "Bank", "Motors", "Media",
	"Pharma", "Retail", "Textiles", "Analytics", "Robotics", "Insurance", "Telecom",
	"Airlines", "Shipping", "Foundry", "Brewing", "Dairy", "Mining", "Solar", "Software",
	"Clinics", "Hotels", "Studios", "Builders", "Chemicals", "Paper", "Glass", "Steel",
	"Security", "Payments", "Travel", "Farms", "Water", "Outdoors", "Furniture", "Fashion",
	"Toys", "Books", "Devices", "Networks", "Bakeries", "Optics", "Marine", "Aerospace",
	"Capital", "Consulting",
};

static void
account_name(int a, char *out, size_t outlen)	/* a: 0 .. NACCOUNTS-1 */
{
	int stem = a / 50;

	snprintf(out, outlen, "%s%s %s", syl_a[stem / 10], syl_b[stem % 10], trades[a % 50]);
}

static void
rep_ids(int i, char *pid, size_t pidlen, char *uname, size_t unamelen)	/* i: 0 .. NREPS-1 */
{
	snprintf(pid, pidlen, "UREP%04d", i + 1);
	snprintf(uname, unamelen, "rep%04d", i + 1);
}

static void
mgr_ids(int t, char *pid, size_t pidlen, char *uname, size_t unamelen)	/* t: 0 .. NTEAMS-1 */
{
	snprintf(pid, pidlen, "UMGR%02d", t + 1);
	snprintf(uname, unamelen, "mgr%02d", t + 1);
}

static const char *const activity_notes[] = {
	"follow-up on pricing", "intro with their CFO", "sent the case study",
	"asked about the security review", "legal is reviewing the contract", "left a voicemail",
	"renewal timing", "new stakeholder in procurement",
};
static const char *const lost_reasons[] = {
	"", "price", "went with a competitor", "no budget this year", "project cancelled",
	"timing", "no decision",
};

/* ---- the generator ---- */

/* How one rep differs from the others: volumes, mix, conversion, deal size, speed, tenure. */
struct profile {
	double act_w, opp_w;	/* share of the activities and opportunities (tenure included) */
	double kind_w[4];	/* call, email, meeting, demo */
	double conv[4];		/* lead->qualified, ->proposal, ->verbal, verbal->won */
	double deal;		/* typical deal, cents */
	double speed;		/* multiplies the days between stages */
	int start;		/* first working day */
};

/* One entry to write for a rep, in day order. */
struct ev {
	int day;
	uint32_t seq;		/* generation order: keeps an opportunity's moves in order */
	int8_t kind;
	bool created_opp, has_prev;
	int opp;		/* index into the rep's opportunities, -1 for an activity */
	int account;		/* 0 .. NACCOUNTS-1 */
	int64_t amount;
	struct opp_state prev;
	const char *note;
};

struct gopp {
	int account;
	int created;
	struct opp_state s;
	int last_day;		/* of its last move: touched_at */
	int64_t id;
};

struct gen {
	struct store *st;
	struct rng r;
	int today;
	int64_t now;
	int64_t account_ids[NACCOUNTS];
	int64_t mgr_ids[NTEAMS];
	int64_t rep_ids[NREPS];
	struct profile prof[NREPS];
	int nact[NREPS], nopp[NREPS];
	struct ev *ev;
	size_t nev, evcap;
	struct gopp *opps;
	int nopps, oppcap;
};

static void
die_store(struct gen *g, const char *what, int rc)
{
	fprintf(stderr, "bench: %s failed (%d): %s\n", what, rc, store_errmsg(g->st));
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (q == NULL) {
		fprintf(stderr, "bench: out of memory\n");
		exit(1);
	}
	return q;
}

static int
clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Splits total over n weights exactly (cumulative rounding). */
static void
allocate(const double *w, size_t stride, int n, int total, int *out)
{
	double sum = 0, cum = 0;
	int64_t prev = 0;

	for (int i = 0; i < n; i++)
		sum += *(const double *)((const char *)w + (size_t)i * stride);
	for (int i = 0; i < n; i++) {
		cum += *(const double *)((const char *)w + (size_t)i * stride);
		int64_t upto = i == n - 1 ? total : llround(cum / sum * total);
		out[i] = (int)(upto - prev);
		prev = upto;
	}
}

static void
make_profiles(struct gen *g)
{
	static const double base_conv[4] = { 0.62, 0.66, 0.62, 0.78 };

	for (int i = 0; i < NREPS; i++) {
		struct profile *p = &g->prof[i];
		double tenure;

		/* one in twelve joined during the last year; a few more in the first year */
		p->start = g->today - SPAN_DAYS + 1;
		if (rnd_unit(&g->r) < 1.0 / 12)
			p->start = g->today - 30 - rnd_int(&g->r, 335);
		else if (rnd_unit(&g->r) < 0.05)
			p->start += rnd_int(&g->r, 365);
		tenure = (double)(g->today - p->start + 1) / SPAN_DAYS;
		p->act_w = rnd_range(&g->r, 0.55, 1.5) * tenure;
		p->opp_w = rnd_range(&g->r, 0.5, 1.6) * tenure;
		p->kind_w[0] = 0.50 * rnd_range(&g->r, 0.5, 1.5);
		p->kind_w[1] = 0.30 * rnd_range(&g->r, 0.5, 1.5);
		p->kind_w[2] = 0.13 * rnd_range(&g->r, 0.5, 1.5);
		p->kind_w[3] = 0.07 * rnd_range(&g->r, 0.4, 1.6);
		if (rnd_unit(&g->r) < 0.06) {		/* hardly meets clients */
			p->kind_w[2] *= 0.15;
			p->kind_w[3] *= 0.2;
		}
		for (int s = 0; s < 4; s++)
			p->conv[s] = base_conv[s] * rnd_range(&g->r, 0.8, 1.2);
		if (rnd_unit(&g->r) < 0.25)		/* one clearly weak stage */
			p->conv[rnd_int(&g->r, 4)] *= rnd_range(&g->r, 0.35, 0.6);
		for (int s = 0; s < 4; s++)
			p->conv[s] = p->conv[s] > 0.95 ? 0.95 : p->conv[s];
		p->deal = 2500000.0 * rnd_range(&g->r, 0.55, 1.7);	/* around $25,000 */
		p->speed = rnd_range(&g->r, 0.7, 1.5);
	}
	allocate(&g->prof[0].act_w, sizeof(struct profile), NREPS, NACTIVITIES, g->nact);
	allocate(&g->prof[0].opp_w, sizeof(struct profile), NREPS, NOPPS, g->nopp);
}

static struct ev *
new_ev(struct gen *g, int day, int kind, int opp, int account)
{
	struct ev *e;

	if (g->nev == g->evcap) {
		g->evcap = g->evcap ? g->evcap * 2 : 4096;
		g->ev = xrealloc(g->ev, g->evcap * sizeof(*g->ev));
	}
	e = &g->ev[g->nev];
	memset(e, 0, sizeof(*e));
	e->day = day;
	e->seq = (uint32_t)g->nev++;
	e->kind = (int8_t)kind;
	e->opp = opp;
	e->account = account;
	e->amount = -1;
	e->note = "";
	return e;
}

/* A stage move of opportunity o (index oi) to stage on day: the entry and the new state. */
static void
move(struct gen *g, struct gopp *o, int oi, int stage, int day, int64_t amount_given)
{
	struct ev *e = new_ev(g, day, stage == STAGE_LOST ? KIND_LOST : KIND_LEAD + stage, oi,
	    o->account);

	e->has_prev = true;
	e->prev = o->s;
	e->amount = amount_given;
	if (amount_given >= 0)
		o->s.amount = amount_given;
	if (stage == STAGE_LOST)
		e->note = lost_reasons[rnd_int(&g->r, (int)(sizeof(lost_reasons) /
		    sizeof(lost_reasons[0])))];
	o->s.stage = stage;
	o->s.reached = stage == STAGE_LOST ? o->s.reached : stage;
	o->s.stage_day = day;
	o->s.closed_day = stage >= STAGE_WON ? day : STORE_NO_DAY;
	o->last_day = day;
}

static int64_t
deal_amount(struct gen *g, const struct profile *p)
{
	double a = p->deal * exp(0.55 * rnd_normal(&g->r));

	return (int64_t)(a / 10000.0 + 0.5) * 10000;	/* whole hundreds */
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* A working day in [from, today], weekends mostly avoided. */
static int
work_day(struct gen *g, int from)
{
	int d = from + rnd_int(&g->r, g->today - from + 1);

	if (cal_weekday(d) >= 5 && rnd_unit(&g->r) < 0.85)
		d = clampi(d - (cal_weekday(d) - 4), from, g->today);
	return d;
}

/* One opportunity's life: created as a lead, then each stage passed or failed by the rep's
 * conversion, a few days apart; left open where today comes first, or where a dead deal was
 * never marked lost (stalled). */
static void
opportunity(struct gen *g, int rep, int team, int oi, int created)
{
	static const double gap[4] = { 9, 15, 20, 11 };	/* typical days to the next stage */
	const struct profile *p = &g->prof[rep];
	struct gopp *o = &g->opps[oi];
	int64_t amount = deal_amount(g, p);
	bool amount_known = rnd_unit(&g->r) < 0.85;
	int day = created, stage = 0;
	struct ev *e;

	memset(o, 0, sizeof(*o));
	o->account = team * TEAM_ACCOUNTS + rnd_int(&g->r, TEAM_ACCOUNTS);
	o->created = created;
	o->s = (struct opp_state){ .amount = amount_known ? amount : -1, .stage = 0,
		.reached = 0, .closed_day = STORE_NO_DAY, .stage_day = created };
	o->last_day = created;
	e = new_ev(g, created, KIND_LEAD, oi, o->account);
	e->created_opp = true;
	e->amount = o->s.amount;

	while (stage < STAGE_WON) {
		int delay = (int)(gap[stage] * p->speed * rnd_range(&g->r, 0.4, 1.8)) + 1;

		if (rnd_unit(&g->r) < p->conv[stage]) {
			int next = stage + 1;
			int64_t given = -1;

			if (next == 2 && rnd_unit(&g->r) < 0.05)
				next = 3;			/* skipped the proposal */
			if (day + delay > g->today)
				break;				/* still open */
			if (next == 2 && !amount_known) {
				given = amount;
				amount_known = true;
			} else if (next == 2 && rnd_unit(&g->r) < 0.3) {
				given = (int64_t)((double)o->s.amount * rnd_range(&g->r, 0.75, 1.25)
				    / 10000.0 + 0.5) * 10000;
			} else if (next == 4 && rnd_unit(&g->r) < 0.2) {
				given = o->s.amount;
			}
			day += delay;
			move(g, o, oi, next, day, given);
			stage = next;
		} else {
			if (rnd_unit(&g->r) < 0.05)
				break;				/* dead but never marked lost */
			delay = delay * 3 / 2;
			if (day + delay > g->today)
				break;
			day += delay;
			move(g, o, oi, STAGE_LOST, day, -1);
			break;
		}
	}
}

static int
cmp_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int64_t
day_time(struct gen *g, int day)	/* a working hour of the day, unix seconds */
{
	return (int64_t)day * 86400 + 8 * 3600 + rnd_int(&g->r, 10 * 3600);
}

/* Generates one rep's opportunities and entries and writes them, in day order. */
static void
rep_data(struct gen *g, int rep)
{
	const struct profile *p = &g->prof[rep];
	int team = rep / TEAM_SIZE, n = g->nopp[rep], y, m, d, rc;
	int *created;
	int64_t won_last_year = 0;

	g->nev = 0;
	if (n > g->oppcap) {
		g->oppcap = n;
		g->opps = xrealloc(g->opps, (size_t)n * sizeof(*g->opps));
	}
	g->nopps = n;
	created = xrealloc(NULL, (size_t)(n ? n : 1) * sizeof(*created));
	for (int i = 0; i < n; i++)
		created[i] = work_day(g, p->start);
	qsort(created, (size_t)n, sizeof(*created), cmp_int);
	for (int i = 0; i < n; i++)
		opportunity(g, rep, team, i, created[i]);
	free(created);

	for (int i = 0; i < g->nact[rep]; i++) {
		double u = rnd_unit(&g->r) * (p->kind_w[0] + p->kind_w[1] + p->kind_w[2] +
		    p->kind_w[3]);
		int kind = 0;
		struct ev *e;

		while (kind < 3 && u >= p->kind_w[kind])
			u -= p->kind_w[kind++];
		e = new_ev(g, work_day(g, p->start), kind, -1,
		    team * TEAM_ACCOUNTS + rnd_int(&g->r, TEAM_ACCOUNTS));
		if (rnd_unit(&g->r) < 0.15)
			e->note = activity_notes[rnd_int(&g->r, (int)(sizeof(activity_notes) /
			    sizeof(activity_notes[0])))];
	}
	qsort(g->ev, g->nev, sizeof(*g->ev), cmp_ev);

	for (int i = 0; i < n; i++) {
		struct gopp *o = &g->opps[i];
		struct opp so = { .account_id = g->account_ids[o->account],
			.owner_id = g->rep_ids[rep], .created_day = o->created, .s = o->s };

		if ((rc = store_opp_add(g->st, &so, day_time(g, o->last_day))) != STORE_OK)
			die_store(g, "store_opp_add", rc);
		o->id = so.id;
		if (o->s.stage == STAGE_WON && o->s.closed_day > g->today - 365 && o->s.amount > 0)
			won_last_year += o->s.amount;
	}
	for (size_t i = 0; i < g->nev; i++) {
		const struct ev *v = &g->ev[i];
		struct entry e = {
			.person_id = g->rep_ids[rep], .account_id = g->account_ids[v->account],
			.opp_id = v->opp >= 0 ? g->opps[v->opp].id : 0, .kind = (enum kind)v->kind,
			.day = v->day, .created_at = day_time(g, v->day), .amount = v->amount,
			.note = v->note, .note_len = strlen(v->note), .created_opp = v->created_opp,
			.has_prev = v->has_prev, .prev = v->prev,
		};

		if ((rc = store_entry_add(g->st, &e)) != STORE_OK)
			die_store(g, "store_entry_add", rc);
		if (!KIND_IS_ACTIVITY(v->kind) &&
		    (rc = store_history_add(g->st, e.opp_id, STAGE_OF(v->kind), v->day, e.id,
		    false)) !=
		    STORE_OK)
			die_store(g, "store_history_add", rc);
	}

	/* Targets: last year's near what they won, this year's a stretch (some will be at
	 * risk); a newcomer gets the team's usual figure. */
	cal_ymd(g->today, &y, &m, &d);
	if (won_last_year < 15000000)
		won_last_year = 15000000 + rnd_int(&g->r, 10000000);
	if ((rc = store_target_set(g->st, g->rep_ids[rep], y - 1, (int64_t)((double)won_last_year *
	    rnd_range(&g->r, 0.85, 1.2) / 100000.0) * 100000)) != STORE_OK ||
	    (rc = store_target_set(g->st, g->rep_ids[rep], y, (int64_t)((double)won_last_year *
	    rnd_range(&g->r, 0.95, 1.45) / 100000.0) * 100000)) != STORE_OK)
		die_store(g, "store_target_set", rc);
}

static double
mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
remove_db(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal", ".lock" };
	char p[4200];

	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, sfx[i]);
		unlink(p);
	}
}

/* The build itself (in the child): everything in one transaction, then the rename. */
static int
build_db(const char *path, int today)
{
	static struct gen g;	/* the id tables are large for a stack */
	char tmp[4200], err[512], pid[40], uname[40], display[96], buf[64];
	double t0 = mono_s();
	bool tty = isatty(STDERR_FILENO);
	int rc;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	remove_db(tmp);
	g.r.s = BENCH_SEED;
	g.today = today;
	g.now = (int64_t)(today - SPAN_DAYS) * 86400 + 9 * 3600;
	if ((g.st = store_open(tmp, 0, NULL, err, sizeof(err))) == NULL) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	if ((rc = store_begin(g.st)) != STORE_OK)
		die_store(&g, "store_begin", rc);
	for (int a = 0; a < NACCOUNTS; a++) {
		account_name(a, buf, sizeof(buf));
		if ((rc = store_account_create(g.st, buf, strlen(buf), false, g.now,
		    &g.account_ids[a])) != STORE_OK)
			die_store(&g, "store_account_create", rc);
	}
	for (int t = 0; t < NTEAMS; t++) {
		struct person p;

		mgr_ids(t, pid, sizeof(pid), uname, sizeof(uname));
		snprintf(display, sizeof(display), "%s %s", first_names[(t * 7) % 40],
		    manager_last[t]);
		if ((rc = store_person_ensure(g.st, pid, uname, display, zones[t % 6], false, g.now,
		    &p)) != STORE_OK || (rc = store_person_set_role(g.st, p.id, ROLE_MANAGER)))
			die_store(&g, "manager", rc);
		g.mgr_ids[t] = p.id;
	}
	for (int i = 0; i < NREPS; i++) {
		struct person p;

		rep_ids(i, pid, sizeof(pid), uname, sizeof(uname));
		snprintf(display, sizeof(display), "%s %s", first_names[i % 40],
		    last_names[(i / 40) % 25]);
		if ((rc = store_person_ensure(g.st, pid, uname, display, zones[(i / TEAM_SIZE) % 6],
		    false, g.now, &p)) != STORE_OK ||
		    (rc = store_person_set_manager(g.st, p.id, g.mgr_ids[i / TEAM_SIZE])))
			die_store(&g, "rep", rc);
		g.rep_ids[i] = p.id;
	}
	make_profiles(&g);
	for (int i = 0; i < NREPS; i++) {
		rep_data(&g, i);
		if ((i + 1) % 100 == 0 && tty)
			fprintf(stderr, "\r  building: %4d/%d reps, %5.1f s", i + 1, NREPS,
			    mono_s() - t0);
	}
	snprintf(buf, sizeof(buf), "%d", BENCH_VERSION);
	if ((rc = store_setting_set(g.st, "bench.version", buf)) != STORE_OK)
		die_store(&g, "store_setting_set", rc);
	snprintf(buf, sizeof(buf), "%d", today);
	if ((rc = store_setting_set(g.st, "bench.today", buf)) != STORE_OK)
		die_store(&g, "store_setting_set", rc);
	if (tty)
		fprintf(stderr, "\r  building: %d reps, %.1f s; committing...", NREPS,
		    mono_s() - t0);
	if ((rc = store_commit(g.st)) != STORE_OK)
		die_store(&g, "store_commit", rc);
	store_close(g.st);	/* checkpoints the WAL into the file and removes it */
	free(g.ev);
	free(g.opps);
	if (rename(tmp, path) != 0) {
		fprintf(stderr, "\nbench: rename %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	remove_db(tmp);
	fprintf(stderr, "%s  building: done in %.1f s%s\n", tty ? "\r" : "", mono_s() - t0,
	    tty ? "                    " : "");
	return 0;
}

/* Builds in a child so the parent's peak RSS is the benchmark's alone. */
static int
build_in_child(const char *path, int today, double *secs)
{
	double t0 = mono_s();
	int status;
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) < 0) {
		perror("bench: fork");
		return -1;
	}
	if (pid == 0)
		_exit(build_db(path, today));
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: building %s failed\n", path);
		return -1;
	}
	*secs = mono_s() - t0;
	return 0;
}

/* A byte copy of the (closed, checkpointed) cache, flushed to disk. */
static int
copy_file(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out;
	struct stat sb;
	off_t left;

	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0 || fstat(in, &sb) != 0) {
		close(in);
		if (out >= 0)
			close(out);
		return -1;
	}
	for (left = sb.st_size; left > 0;) {
		ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);
		if (n <= 0) {
			char b[1 << 16];
			if ((n = read(in, b, sizeof(b))) <= 0 || write(out, b, (size_t)n) != n)
				break;
		}
		left -= n;
	}
	/* Written back before the runs, so log's fsyncs do not queue behind 250 MB of it. */
	if (left == 0 && fsync(out) != 0)
		left = -1;
	close(in);
	close(out);
	return left == 0 ? 0 : -1;
}

/*
 * Copies the cache to scratch and opens the copy (the runs write, so the cache stays as built;
 * the cache itself is never opened, so it never gains a -wal or statistics). Returns the build
 * day, or -1 when path is missing or not this version's cache (scratch removed).
 */
static int
open_scratch(const char *path, const char *scratch, struct store **st)
{
	char err[512], v[32] = "", t[32] = "";
	int today = -1;

	remove_db(scratch);
	if (access(path, R_OK) != 0)
		return -1;
	if (copy_file(path, scratch) != 0) {
		fprintf(stderr, "bench: cannot copy %s to %s: %s\n", path, scratch, strerror(errno));
		remove_db(scratch);
		return -1;
	}
	if ((*st = store_open(scratch, STORE_WRITER, NULL, err, sizeof(err))) == NULL) {
		fprintf(stderr, "bench: %s\n", err);
		remove_db(scratch);
		return -1;
	}
	if (store_setting_get(*st, "bench.version", v, sizeof(v)) == STORE_OK &&
	    atoi(v) == BENCH_VERSION &&
	    store_setting_get(*st, "bench.today", t, sizeof(t)) == STORE_OK)
		today = atoi(t);
	if (today <= 0) {
		store_close(*st);
		*st = NULL;
		remove_db(scratch);
		return -1;
	}
	return today;
}

/* ---- the runs ---- */

enum op_state { OP_OK, OP_NA, OP_FAILED };

struct op {
	const char *name;
	int runs;
	double goal_ms;		/* p99 goal, 0: none */
	double *ms;
	int n;
	enum op_state state;
	char sample[600];	/* the first reply (-v), or the failing one */
};

struct bench {
	struct store *st;
	struct commands *c;
	struct commands_config cfg;
	int today;
	int64_t now;
	struct rng r;
	bool verbose;
};

static const struct shortcut bench_shortcuts[] = { { "/log", "log" } };

static double
elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static bool
reply_ok(int rc, const struct reply *r)
{
	return rc == 0 && r->text && !r->error && !r->store_failed &&
	    strstr(r->text, "not available") == NULL;
}

/* Runs text as user (a DM) once; records the time when timed. Returns false on a bad reply. */
static bool
run_one(struct bench *b, struct op *op, const char *user, const char *uname, const char *text,
    bool timed)
{
	struct request req = { .surface = SURFACE_DM, .user_id = user, .username = uname,
		.text = text, .len = strlen(text), .now = b->now, .today = b->today };
	struct reply r = { 0 };
	struct timespec t0, t1;
	int rc;
	bool ok;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = commands_run(b->c, &req, &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ok = reply_ok(rc, &r);
	if (!ok) {
		op->state = r.text && strstr(r.text, "not available") ? OP_NA : OP_FAILED;
		snprintf(op->sample, sizeof(op->sample), "%s: %s", text, r.text ? r.text : "(none)");
	} else if (timed) {
		op->ms[op->n++] = elapsed_ms(&t0, &t1);
		if (op->sample[0] == '\0')
			snprintf(op->sample, sizeof(op->sample), "%s:\n%s", text, r.text);
	}
	reply_free(&r);
	return ok;
}

/* What one run of an operation sends, and as whom. */
typedef void (*op_gen)(struct bench *b, char *user, char *uname, char *text, size_t textlen);

static void
gen_log(struct bench *b, char *user, char *uname, char *text, size_t textlen)
{
	static const char *const kinds[] = { "call", "call", "email", "email", "meeting", "demo" };
	int rep = rnd_int(&b->r, NREPS);
	char account[64];

	rep_ids(rep, user, 40, uname, 40);
	account_name((rep / TEAM_SIZE) * TEAM_ACCOUNTS + rnd_int(&b->r, TEAM_ACCOUNTS), account,
	    sizeof(account));
	if (rnd_unit(&b->r) < 0.5)
		snprintf(text, textlen, "log %s %s", kinds[rnd_int(&b->r, 6)], account);
	else
		snprintf(text, textlen, "log %s %s %s", kinds[rnd_int(&b->r, 6)], account,
		    activity_notes[rnd_int(&b->r, 8)]);
}

/* The manager of a random rep asks about that rep. */
static void
about_rep(struct bench *b, const char *verb, char *user, char *uname, char *text,
    size_t textlen)
{
	int rep = rnd_int(&b->r, NREPS);
	char rp[40], ru[40];

	rep_ids(rep, rp, sizeof(rp), ru, sizeof(ru));
	mgr_ids(rep / TEAM_SIZE, user, 40, uname, 40);
	snprintf(text, textlen, "%s @%s", verb, ru);
}

static void
gen_funnel(struct bench *b, char *user, char *uname, char *text, size_t textlen)
{
	about_rep(b, "funnel", user, uname, text, textlen);
}

static void
gen_insights(struct bench *b, char *user, char *uname, char *text, size_t textlen)
{
	about_rep(b, "insights", user, uname, text, textlen);
}

static void
gen_team(struct bench *b, char *user, char *uname, char *text, size_t textlen)
{
	mgr_ids(rnd_int(&b->r, NTEAMS), user, 40, uname, 40);
	snprintf(text, textlen, "team");
}

static void
gen_insights_team(struct bench *b, char *user, char *uname, char *text, size_t textlen)
{
	mgr_ids(rnd_int(&b->r, NTEAMS), user, 40, uname, 40);
	snprintf(text, textlen, "insights team");
}

#define WARMUP 5

static void
run_op(struct bench *b, struct op *op, op_gen gen)
{
	char user[40], uname[40], text[256];

	op->ms = xrealloc(NULL, (size_t)op->runs * sizeof(*op->ms));
	op->n = 0;
	op->state = OP_OK;
	for (int i = 0; i < WARMUP + op->runs; i++) {
		gen(b, user, uname, text, sizeof(text));
		if (!run_one(b, op, user, uname, text, i >= WARMUP))
			return;
	}
}

struct all_arg {
	int reps, bad;
	char sample[600];
};

static int
all_cb(const char *platform_id, const struct reply *r, void *arg)
{
	struct all_arg *a = arg;

	a->reps++;
	if (!reply_ok(0, r)) {
		if (a->bad++ == 0)
			snprintf(a->sample, sizeof(a->sample), "%s: %s", platform_id,
			    r->text ? r->text : "(none)");
	} else if (a->sample[0] == '\0') {
		snprintf(a->sample, sizeof(a->sample), "%s:\n%s", platform_id, r->text);
	}
	return 0;
}

static void
run_all(struct bench *b, struct op *op)
{
	op->ms = xrealloc(NULL, (size_t)op->runs * sizeof(*op->ms));
	op->n = 0;
	op->state = OP_OK;
	for (int i = 0; i < op->runs; i++) {
		struct all_arg a = { 0 };
		struct timespec t0, t1;
		int rc;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = commands_insights_all(b->c, b->now, b->today, all_cb, &a);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (rc < 0 || a.bad || a.reps != NREPS || rc != NREPS) {
			op->state = a.sample[0] && strstr(a.sample, "not available") ? OP_NA :
			    OP_FAILED;
			snprintf(op->sample, sizeof(op->sample), "returned %d, %d callbacks, %d bad%s%.500s",
			    rc, a.reps, a.bad, a.sample[0] ? "; " : "", a.sample);
			return;
		}
		if (op->sample[0] == '\0')
			snprintf(op->sample, sizeof(op->sample), "%s", a.sample);
		op->ms[op->n++] = elapsed_ms(&t0, &t1);
	}
}

static int
prompt_cb(const struct prompt_out *p, void *arg)
{
	int *n = arg;

	(*n)++;
	return p->reply->text == NULL || p->reply->text[0] == '\0';
}

/* Every weekly prompt and digest for the whole database, as `nudge send all` makes them. */
static void
run_prompts(struct bench *b, struct op *op)
{
	op->ms = xrealloc(NULL, (size_t)op->runs * sizeof(*op->ms));
	op->n = 0;
	op->state = OP_OK;
	for (int i = 0; i < op->runs; i++) {
		struct timespec t0, t1;
		int n = 0, rc;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = commands_prompts(b->c, NULL, 0, false, b->now, b->today, prompt_cb, &n);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (rc < NREPS / 2 || n != rc) {
			op->state = OP_FAILED;
			snprintf(op->sample, sizeof(op->sample), "made %d prompts, %d callbacks", rc,
			    n);
			return;
		}
		snprintf(op->sample, sizeof(op->sample), "%d prompts and digests", rc);
		op->ms[op->n++] = elapsed_ms(&t0, &t1);
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest sample with at least p of them at or below it. */
static double
percentile(const double *sorted, int n, double p)
{
	int k = (int)ceil(p * n) - 1;

	return sorted[clampi(k, 0, n - 1)];
}

static void
fmt_ms(double ms, char *out, size_t outlen)
{
	if (ms >= 1000)
		snprintf(out, outlen, "%.2f s", ms / 1000);
	else
		snprintf(out, outlen, "%.3f ms", ms);
}

static bool
print_op(const struct op *op, bool verbose)
{
	char p50[32], p99[32], goal[32] = "-";

	if (op->goal_ms > 0) {
		char g[24];
		fmt_ms(op->goal_ms, g, sizeof(g));
		snprintf(goal, sizeof(goal), "%s %s", op->goal_ms >= 1000 ? "<=" : "p99 <=", g);
	}
	if (op->state == OP_NA) {
		printf("  %-22s %5s  %-30s %-16s\n", op->name, "-", "n/a (not available yet)", goal);
		return true;
	}
	if (op->state == OP_FAILED || op->n == 0) {
		printf("  %-22s %5s  %-30s %-16s FAILED\n", op->name, "-", "error reply", goal);
		printf("      %s\n", op->sample);
		return false;
	}
	qsort(op->ms, (size_t)op->n, sizeof(*op->ms), cmp_double);
	fmt_ms(percentile(op->ms, op->n, 0.50), p50, sizeof(p50));
	fmt_ms(percentile(op->ms, op->n, 0.99), p99, sizeof(p99));
	printf("  %-22s %5d  %-14s %-15s %-16s %s\n", op->name, op->n, p50, p99, goal,
	    op->goal_ms <= 0 ? "" : percentile(op->ms, op->n, 0.99) <= op->goal_ms ? "ok" :
	    "MISSED");
	if (verbose)
		printf("      ---- %s\n", op->sample);
	return true;
}

static long
rss_anon_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "RssAnon: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/*
 * Memory stays flat over 100,000 commands: logs, bad input, help and pipelines, then the
 * private memory (RssAnon) before and after. Flat means it grew by less than 1 MB.
 */
static bool
memory_flat(struct bench *b, long before_kb)
{
	static const char *const others[] = { "help", "log dance Acme", "log lead Acme 12x",
		"frobnicate", "pipeline", "log call \"unclosed", "how am I doing?" };
	char user[40], uname[40], text[256];
	long after_kb;
	bool flat;

	for (int i = 0; i < 100000; i++) {
		struct request req = { .surface = SURFACE_DM, .now = b->now, .today = b->today };
		struct reply r = { 0 };

		gen_log(b, user, uname, text, sizeof(text));
		if (i % 2 == 1 && i % 7 != 3)
			snprintf(text, sizeof(text), "%s", others[i % 7]);
		req.user_id = user;
		req.username = uname;
		req.text = text;
		req.len = strlen(text);
		commands_run(b->c, &req, &r);
		reply_free(&r);
	}
	after_kb = rss_anon_kb();
	flat = after_kb >= 0 && before_kb >= 0 && after_kb - before_kb < 1024;
	printf("  %-22s %5s  %-14s %-15s %-16s %s\n", "100k commands, RssAnon", "100000", "",
	    "", "", "");
	printf("      before %.1f MB, after %.1f MB: %s\n", (double)before_kb / 1024.0,
	    (double)after_kb / 1024.0, flat ? "flat (grew < 1 MB) ok" : "GREW");
	return flat;
}

static int
local_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return cal_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int
main(int argc, char **argv)
{
	char path[4096], scratch[4200];
	const char *slash;
	bool rebuild = false, ok = true;
	double build_s = -1;
	struct bench b = { .r = { BENCH_SEED ^ 0x5151 } };
	struct stat sb;
	struct rusage ru;
	long anon;
	int today;

	slash = strrchr(argv[0], '/');
	snprintf(path, sizeof(path), "%.*sbench-v%d.db", slash ? (int)(slash - argv[0] + 1) : 0,
	    argv[0], BENCH_VERSION);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			snprintf(path, sizeof(path), "%s", argv[++i]);
		else if (strcmp(argv[i], "--rebuild") == 0)
			rebuild = true;
		else if (strcmp(argv[i], "-v") == 0)
			b.verbose = true;
		else {
			fprintf(stderr, "usage: %s [--db PATH] [--rebuild] [-v]\n", argv[0]);
			return 2;
		}
	}

	snprintf(scratch, sizeof(scratch), "%s.run-%ld", path, (long)getpid());
	today = rebuild ? -1 : open_scratch(path, scratch, &b.st);
	if (today < 0) {
		printf("bench: building %s (%d reps, %d activities, %d opportunities; seed %#llx)\n",
		    path, NREPS, NACTIVITIES, NOPPS, (unsigned long long)BENCH_SEED);
		remove_db(path);
		if (build_in_child(path, local_today(), &build_s) != 0 ||
		    (today = open_scratch(path, scratch, &b.st)) < 0)
			return 1;
	}
	if (stat(path, &sb) != 0) {
		perror(path);
		return 1;
	}
	b.cfg = (struct commands_config){ .currency = "USD", .stalled_days = 30,
		.admins = NULL, .nadmins = 0, .umbrella = "/sales", .shortcuts = bench_shortcuts,
		.nshortcuts = 1 };
	if ((b.c = commands_new(b.st, &b.cfg)) == NULL) {
		fprintf(stderr, "bench: out of memory\n");
		return 1;
	}
	b.today = today;
	b.now = (int64_t)today * 86400 + 12 * 3600;

	{
		struct op ops[] = {
			{ .name = "log (DM)", .runs = 2000, .goal_ms = 0.5 },
			{ .name = "funnel @rep", .runs = 500, .goal_ms = 2 },
			{ .name = "insights @rep", .runs = 500, .goal_ms = 5 },
			{ .name = "team (20 reps)", .runs = 100, .goal_ms = 10 },
			{ .name = "insights team", .runs = 20, .goal_ms = 0 },
			{ .name = "all 1,000 insights", .runs = 3, .goal_ms = 2000 },
			{ .name = "all weekly prompts", .runs = 3, .goal_ms = 2000 },
		};
		static const op_gen gens[] = { gen_log, gen_funnel, gen_insights, gen_team,
			gen_insights_team };
		char date[16];
		double kb, goal_kb = 32 * 1024;

		for (int i = 0; i < 5; i++)
			run_op(&b, &ops[i], gens[i]);
		run_all(&b, &ops[5]);
		run_prompts(&b, &ops[6]);

		cal_format(today, date);
		printf("funnelbot bench: %d reps in %d teams, %d activities, %d opportunities,"
		    " today %s\n", NREPS, NTEAMS, NACTIVITIES, NOPPS, date);
		printf("database %s: %.0f MB, %s", path, (double)sb.st_size / 1048576.0,
		    build_s >= 0 ? "built now" : "cached");
		if (build_s >= 0)
			printf(" in %.1f s (limit 120 s: %s)", build_s,
			    build_s <= 120 ? "ok" : "MISSED");
		printf("\n\n  %-22s %5s  %-14s %-15s %-16s\n", "operation", "runs", "p50", "p99",
		    "goal");
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			ok = print_op(&ops[i], b.verbose) && ok;
			free(ops[i].ms);
		}
		getrusage(RUSAGE_SELF, &ru);
		kb = (double)ru.ru_maxrss;
		anon = rss_anon_kb();
		printf("  %-22s %5s  %-14s %-15.1f %-16s %s\n", "peak RSS (MB)", "", "",
		    kb / 1024.0, "<= 32 MB", kb <= goal_kb ? "ok" : "MISSED");
		printf("  %-22s %5s  %-14s %-15.1f %-16s\n", "private (RssAnon, MB)", "", "",
		    anon >= 0 ? (double)anon / 1024.0 : -1.0, "-");
		ok = memory_flat(&b, anon) && ok;
	}

	commands_free(b.c);
	store_close(b.st);
	remove_db(scratch);
	return ok ? 0 : 1;
}
