/*
 * Privacy in small teams: a rep sees team figures only with at least four other active reps.
 * With one, two or three, no reply a rep can get about themselves -- funnel, insights, team,
 * insights team, nudge preview, the weekly prompt, its buttons -- holds a team figure, a
 * comparison, a strength or a pairing. With four, the same replies do (the control).
 * Only active reps count: an admin and a manager who log are never anyone's benchmark.
 */
#include "commands/buf.h"
#include "tests/unit/cmdtest.h"

static struct fixture f;

/* The weekly prompt of one person, copied. */
struct captured {
	const char *who;
	char *text;
};

static int
capture(const struct prompt_out *p, void *arg)
{
	struct captured *c = arg;

	if (strcmp(p->platform_id, c->who) == 0 && c->text == NULL)
		c->text = strdup(p->reply->text);
	return 0;
}

/* Everything rep can read about themselves, one reply after another. */
static char *
all_a_rep_sees(const char *rep)
{
	static const char *const lines[] = { "funnel", "insights", "team", "insights team",
		"nudge preview", "funnel this year", "insights all time" };
	struct buf b = { 0 };
	struct captured c = { rep, NULL };
	struct request req = { .surface = SURFACE_DM, .user_id = rep, .username = rep,
		.now = f.now, .today = f.today };
	struct reply r = { 0 };

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		fx_dm(&f, rep, lines[i]);
		buf_printf(&b, "[%s] %s\n", lines[i], f.r.text);
	}
	CHECK(commands_prompts(f.c, &rep, 1, false, f.now, f.today, capture, &c) >= 1);
	CHECK(c.text != NULL);
	buf_printf(&b, "[prompt] %s\n", c.text ? c.text : "");
	free(c.text);
	if (commands_action(f.c, &req, "prompt_pipeline", "0:2026-W48", &r) == 0)
		buf_printf(&b, "[button] %s\n", r.text);
	reply_free(&r);
	return buf_take(&b);
}

/* No team figure of any kind, and no sentence that compares. */
static void
check_private(const char *rep, const char *text)
{
	static const char *const leaks[] = { "team median", "(team", "team %", "Strengths:",
		"*Main finding: ", "*Also:", " from rep", "Pair ", "medians of",
		"Needs more data", "no other active rep" };

	for (size_t i = 0; i < sizeof(leaks) / sizeof(leaks[0]); i++) {
		if (strstr(text, leaks[i])) {
			fprintf(stderr, "  %s sees \"%s\" in:\n%s\n", rep, leaks[i], text);
			CHECK_LACKS(text, leaks[i]);
		}
	}
}

/* peers + 1 reps with different quarters, an admin and a manager who log too. */
static void
team_of_n(int peers, bool managed)
{
	fx_open(&f);
	fx_say(&f, "dana", "help");		/* the workspace's first person: admin */
	fx_dm(&f, "UADMIN", "log call AdminCo");
	fx_dm(&f, "mgr", "log meeting BossCo");
	fx_dm(&f, "mgr", "log lead BossDeal 90k");
	for (int i = 0; i <= peers; i++) {
		char rep[16];
		snprintf(rep, sizeof(rep), "rep%d", i);
		fx_rep_quarter(&f, rep, 20 + 7 * i, 4 + 3 * i, i, 2, 1 + i % 2, 2 + i, 1, i % 3);
		if (managed)
			fx_say(&f, "admin", "manager @%s @mgr", rep);
	}
	fx_say(&f, "admin", "role @mgr manager");
}

static void
test_one_to_three_peers(void)
{
	for (int managed = 0; managed <= 1; managed++) {
		char *alone = NULL;

		for (int peers = 0; peers <= 3; peers++) {
			team_of_n(peers, managed);
			for (int i = 0; i <= peers; i++) {
				char rep[16], *text;
				snprintf(rep, sizeof(rep), "rep%d", i);
				text = all_a_rep_sees(rep);
				check_private(rep, text);
				/* Their own numbers are there. */
				CHECK_CONTAINS(text, "Calls a week");
				CHECK_CONTAINS(text, "90-day funnel: lead");
				/* rep0's own numbers are the same in every team: so is everything
				 * they read, or it tells them how many others are active (but for
				 * the entry and deal numbers, drawn at random in each). */
				if (i == 0 && alone == NULL)
					alone = strdup(fx_unnumbered(text));
				else if (i == 0)
					CHECK_STR(fx_unnumbered(text), alone);
				free(text);
			}
			fx_close(&f);
		}
		free(alone);
	}
}

/* The control: with four peers the same replies compare (so the checks above can fail). */
static void
test_four_peers(void)
{
	char *text;

	team_of_n(4, true);
	text = all_a_rep_sees("rep0");
	CHECK_CONTAINS(text, "team median");
	CHECK_CONTAINS(text, "[team] Your team — medians of");
	CHECK_CONTAINS(text, "Team median: the middle of 4 other active reps");
	free(text);
	fx_close(&f);
}

/* Benchmarks count active reps only: the admin and the manager who logged are not peers. */
static void
test_only_reps_are_peers(void)
{
	team_of_n(3, true);
	fx_dm(&f, "mgr", "funnel @rep0");
	CHECK_CONTAINS(f.r.text, "the middle of 3 other active reps");
	fx_dm(&f, "mgr", "insights team");
	CHECK_LACKS(f.r.text, "mgr could");
	CHECK_LACKS(f.r.text, "from mgr");
	CHECK_LACKS(f.r.text, "dana");
	CHECK_LACKS(f.r.text, "UADMIN");
	fx_dm(&f, "UADMIN", "insights team");
	CHECK_LACKS(f.r.text, "mgr could");
	CHECK_LACKS(f.r.text, "from mgr");
	CHECK_LACKS(f.r.text, "UADMIN could");
	/* Not a peer, but an admin by config who logs still gets a prompt about their own work. */
	fx_dm(&f, "UADMIN", "nudge preview");
	CHECK_CONTAINS(f.r.text, "--- Prompt for UADMIN");
	CHECK_CONTAINS(f.r.text, "one-on-one prep");
	fx_close(&f);
}

/* A manager sees a small team's figures: the rule is about a rep reading about themselves. */
static void
test_manager_sees_small_team(void)
{
	team_of_n(1, true);
	fx_dm(&f, "mgr", "funnel @rep0");
	CHECK_CONTAINS(f.r.text, "team median");
	fx_close(&f);
}

/*
 * A manager knows her reports' numbers: a benchmark that mixes them with one or two reps of
 * another manager (her team is too small, so the company's pool is used) would give those away.
 */
static void
test_manager_pool_with_others(void)
{
	for (int theirs = 1; theirs <= 4; theirs++) {
		fx_open(&f);
		fx_say(&f, "dana", "help");
		fx_dm(&f, "amy", "log call X");
		fx_dm(&f, "bob", "log call X");
		fx_rep_quarter(&f, "a1", 20, 4, 1, 2, 1, 2, 1, 0);
		fx_rep_quarter(&f, "a2", 30, 6, 2, 2, 2, 3, 1, 1);
		fx_say(&f, "admin", "manager @a1 @amy");
		fx_say(&f, "admin", "manager @a2 @amy");
		for (int i = 0; i < theirs; i++) {
			char rep[16];
			snprintf(rep, sizeof(rep), "b%d", i);
			fx_rep_quarter(&f, rep, 40 + 9 * i, 8, 3, 2, 1, 4, 2, i % 2);
			fx_say(&f, "admin", "manager @%s @bob", rep);
		}
		fx_say(&f, "admin", "role @amy manager");
		fx_say(&f, "admin", "role @bob manager");
		fx_dm(&f, "amy", "funnel @a1");
		if (theirs < 4) {
			CHECK_LACKS(f.r.text, "team median");
			CHECK_LACKS(f.r.text, "(team");
			CHECK_CONTAINS(f.r.text, "Team medians appear once at least 4");
		} else {
			CHECK_CONTAINS(f.r.text, "team median");
		}
		fx_dm(&f, "amy", "insights @a1");
		if (theirs < 4)
			CHECK_LACKS(f.r.text, "(team");
		fx_dm(&f, "UADMIN", "funnel @a1");	/* an admin sees the numbers anyway */
		CHECK_CONTAINS(f.r.text, "team median");
		fx_close(&f);
	}
}

/* mgr with `mine` reports and `others` unmanaged reps; `strong` changes only the others. */
static void
mixed_team(int mine, int others, int strong)
{
	fx_open(&f);
	fx_say(&f, "dana", "help");
	fx_dm(&f, "mgr", "log call X");
	for (int i = 0; i < mine; i++) {
		char rep[16];
		snprintf(rep, sizeof(rep), "rep%d", i);
		fx_rep_quarter(&f, rep, 20 + 5 * i, 2, 1, 2, 1, 2, 1, 0);
		fx_say(&f, "admin", "manager @%s @mgr", rep);
	}
	for (int i = 0; i < others; i++) {
		char rep[16];
		snprintf(rep, sizeof(rep), "out%d", i);
		fx_rep_quarter(&f, rep, 10 + 30 * strong + i, 1 + 9 * strong, 1, 1, 2, 1 + strong,
		    1, 1);
	}
	fx_say(&f, "admin", "role @mgr manager");
}

static char *
seen_by(const char *who, const char *line)
{
	fx_dm(&f, who, line);
	return strdup(fx_unnumbered(f.r.text));
}

/*
 * Whatever mgr reads about her reports -- their funnel, their prompt previewed, her digest --
 * reads the same whether the other reps (1 to 3 of them, in the pool her small team joins) are
 * strong or weak, or absent: it would be a comparison with them otherwise.
 */
static void
test_manager_reads_the_same(void)
{
	static const char *const lines[] = { "funnel @rep0", "insights @rep0",
		"nudge preview @rep0", "nudge preview" };

	for (int mine = 1; mine <= 2; mine++) {
		for (int others = 1; others <= 3; others++) {
			for (size_t k = 0; k < sizeof(lines) / sizeof(lines[0]); k++) {
				char *weak, *strong, *none = NULL;
				mixed_team(mine, others, 0);
				weak = seen_by("mgr", lines[k]);
				fx_close(&f);
				mixed_team(mine, others, 1);
				strong = seen_by("mgr", lines[k]);
				fx_close(&f);
				if (strcmp(weak, strong) != 0)
					fprintf(stderr, "  %d reports, %d others: \"%s\" differs\n",
					    mine, others, lines[k]);
				CHECK_STR(weak, strong);
				if (mine == 1) {	/* nobody else active: the same again */
					mixed_team(mine, 0, 0);
					none = seen_by("mgr", lines[k]);
					fx_close(&f);
					CHECK_STR(weak, none);
				}
				free(weak);
				free(strong);
				free(none);
			}
		}
	}
	/* The control: with 4 others the comparisons are there. */
	mixed_team(2, 4, 0);
	fx_dm(&f, "mgr", "nudge preview @rep0");
	CHECK_CONTAINS(f.r.text, "team median");
	fx_close(&f);
}

/* A number on a line of text: the first run of digits (and a '.') after label. */
static double
figure_after(const char *text, const char *label, int nth)
{
	const char *p = strstr(text, label);

	if (p == NULL)
		return -1;
	p += strlen(label);
	for (int k = 0; k <= nth; k++) {
		while (*p && *p != '\n' && !isdigit((unsigned char)*p))
			p++;
		if (k < nth)
			while (isdigit((unsigned char)*p) || *p == '.')
				p++;
	}
	return *p && *p != '\n' ? atof(p) : -1;
}

/* A rep's `team` shows the medians her `funnel` shows, so the two give nothing more away. */
static void
test_team_is_the_others(void)
{
	double in_funnel, in_team;

	team_of_n(4, true);
	fx_dm(&f, "rep0", "funnel");
	in_funnel = figure_after(f.r.text, "Opportunities created", 1);
	fx_dm(&f, "rep0", "team");
	CHECK_CONTAINS(f.r.text, "medians of the 4 other active reps");
	in_team = figure_after(f.r.text, "opportunities created", 0);
	CHECK(in_funnel > 0);
	if (in_funnel != in_team)
		fprintf(stderr, "  funnel says %g, team %g\n", in_funnel, in_team);
	CHECK(in_funnel == in_team);
	fx_close(&f);
}

int
main(void)
{
	RUN(test_one_to_three_peers);
	RUN(test_four_peers);
	RUN(test_only_reps_are_peers);
	RUN(test_manager_sees_small_team);
	RUN(test_manager_pool_with_others);
	RUN(test_manager_reads_the_same);
	RUN(test_team_is_the_others);
	return test_summary();
}
