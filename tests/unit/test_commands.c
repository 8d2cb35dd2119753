/* Handler tests through the real dispatcher on an in-memory store. */
#include "tests/unit/cmdtest.h"

static struct fixture f;

/* The kind of the person's latest entry. */
static int
last_kind(const char *user)
{
	struct person p;
	struct entry e;

	if (store_person_by_platform(f.st, user, &p) != STORE_OK ||
	    store_entry_last(f.st, p.id, &e) != STORE_OK)
		return -1;
	return e.kind;
}

static void
test_every_kind_and_synonym(void)
{
	static const struct { const char *word; int kind; } cases[] = {
		{ "call", KIND_CALL }, { "email", KIND_EMAIL }, { "meeting", KIND_MEETING },
		{ "meet", KIND_MEETING }, { "visit", KIND_MEETING }, { "f2f", KIND_MEETING },
		{ "demo", KIND_DEMO }, { "CALL", KIND_CALL },
	};
	static const struct { const char *line; int kind; } stages[] = {
		{ "log lead Acme 10k", KIND_LEAD }, { "log qualify Acme", KIND_QUALIFIED },
		{ "log proposal Acme", KIND_PROPOSAL }, { "log verbal Acme", KIND_VERBAL },
		{ "log signed Acme", KIND_WON }, { "log lead Beta", KIND_LEAD },
		{ "log qualified Beta", KIND_QUALIFIED }, { "log win Beta", KIND_WON },
		{ "log lead Gamma", KIND_LEAD }, { "log closed Gamma", KIND_WON },
		{ "log lead Delta", KIND_LEAD }, { "log won Delta", KIND_WON },
		{ "log lead Eps", KIND_LEAD }, { "log lost Eps no budget", KIND_LOST },
	};
	char line[128];

	fx_open(&f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(line, sizeof(line), "log %s Acme", cases[i].word);
		fx_run(&f, "sally", line);
		CHECK_INT(f.rc, 0);
		CHECK_INT(last_kind("sally"), cases[i].kind);
		CHECK_CONTAINS(f.r.text, "Acme");
		CHECK_CONTAINS(f.r.text, "This week:");
	}
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		fx_run(&f, "sally", stages[i].line);
		if (f.rc != 0)
			fprintf(stderr, "  %s -> %s", stages[i].line, f.r.text);
		CHECK_INT(f.rc, 0);
		CHECK_INT(last_kind("sally"), stages[i].kind);
	}
	/* The shortcut and the umbrella command mean the same. */
	fx_run(&f, "sally", "/log demo Acme");
	CHECK_INT(f.rc, 0);
	CHECK_INT(last_kind("sally"), KIND_DEMO);
	fx_run(&f, "sally", "/sales log email Acme");
	CHECK_INT(f.rc, 0);
	CHECK_INT(last_kind("sally"), KIND_EMAIL);
	fx_close(&f);
}

static void
test_stage_jump_creates_history(void)
{
	struct opp o;

	fx_open(&f);
	fx_run(&f, "john", "log verbal Acme 48k");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "#{d1}"));
	CHECK_CONTAINS(f.r.text, "$48,000");
	CHECK_CONTAINS(f.r.text, "lead, qualified and proposal");
	CHECK_INT(store_opp_get(f.st, fx_deal(&f, 1), &o), STORE_OK);
	CHECK_INT(o.s.stage, 3);
	CHECK_INT(o.s.reached, 3);
	CHECK_INT(o.s.amount, 4800000);
	CHECK_INT(store_history_count(f.st, fx_deal(&f, 1)), 4);	/* lead, qualified, proposal, verbal */
	fx_run(&f, "john", "log won Acme 50,000");
	CHECK_INT(f.rc, 0);
	CHECK_INT(store_opp_get(f.st, fx_deal(&f, 1), &o), STORE_OK);
	CHECK_INT(o.s.stage, STAGE_WON);
	CHECK_INT(o.s.amount, 5000000);
	CHECK_INT(o.s.closed_day, f.today);
	CHECK_INT(store_history_count(f.st, fx_deal(&f, 1)), 5);
	/* A skipped stage on an existing deal fills the stages in between. */
	fx_run(&f, "john", "log lead Beta");
	fx_run(&f, "john", "log proposal Beta");
	CHECK_INT(store_history_count(f.st, fx_deal(&f, 2)), 3);
	fx_close(&f);
}

static void
test_backwards_refused(void)
{
	int64_t before;

	fx_open(&f);
	fx_run(&f, "john", "log verbal Acme 48k");
	before = store_total_rows(f.st);
	fx_run(&f, "john", "log proposal Acme");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "already at verbal");
	CHECK_LACKS(f.r.text, "Usage:");	/* the form was right: one line on the state */
	CHECK_INT(store_total_rows(f.st), before);
	/* The same stage again updates the amount and says so. */
	fx_run(&f, "john", "log verbal Acme 52k");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "already at verbal");
	CHECK_CONTAINS(f.r.text, "$52,000");
	/* lost with no open opportunity is an error. */
	fx_run(&f, "john", "log lost Nowhere");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "no open opportunity");
	fx_close(&f);
}

static void
test_id_and_most_recent(void)
{
	struct opp o;

	fx_open(&f);
	fx_run(&f, "john", "log lead Acme 10k");	/* #1 */
	fx_run(&f, "john", "log lead Acme 20k");	/* #2, touched last */
	fx_run(&f, "john", "log qualified Acme");
	CHECK_INT(store_opp_get(f.st, fx_deal(&f, 2), &o), STORE_OK);
	CHECK_INT(o.s.stage, 1);
	CHECK_INT(store_opp_get(f.st, fx_deal(&f, 1), &o), STORE_OK);
	CHECK_INT(o.s.stage, 0);
	fx_run(&f, "john", "log proposal #{d1} 12k");
	CHECK_INT(f.rc, 0);
	CHECK_INT(store_opp_get(f.st, fx_deal(&f, 1), &o), STORE_OK);
	CHECK_INT(o.s.stage, 2);
	CHECK_INT(o.s.amount, 1200000);
	/* Someone else's #ID is refused with the answer a number nobody has gets: the reply
	 * does not tell which deals a colleague has. */
	fx_run(&f, "sally", "log verbal #{d1}");
	CHECK_INT(f.rc, -1);
	CHECK_STR(f.r.text, fx_x(&f, "You have no opportunity #{d1}; `pipeline` lists yours.\n"));
	fx_run(&f, "sally", "log verbal #99");
	CHECK_INT(f.rc, -1);
	CHECK_STR(f.r.text, "You have no opportunity #99; `pipeline` lists yours.\n");
	fx_close(&f);
}

static void
test_undo(void)
{
	struct opp o;
	int64_t id, before;

	fx_open(&f);
	before = store_total_rows(f.st);
	/* An activity on a new account: both go. */
	fx_run(&f, "john", "log call Acme");
	fx_run(&f, "john", "log undo");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Undone: call Acme");
	CHECK_CONTAINS(f.r.text, "account removed");
	CHECK_INT(store_account_find(f.st, "Acme", 4, &id, NULL, 0), STORE_NOTFOUND);
	/* Only the person row the first command made remains, the trail's line, and the count
	 * of entries made (settings), so the number is not drawn again. */
	CHECK_INT(store_total_rows(f.st), before + 3);

	/* A deal it created, with its history and the account. */
	fx_run(&f, "john", "log verbal Globex 30k");
	fx_run(&f, "john", "log undo");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "opportunity #");
	CHECK_INT(store_total_rows(f.st), before + 5);	/* a trail line, the count of deals */

	/* A stage move: the stage and amount before come back; the account stays. */
	fx_run(&f, "john", "log lead Initech 10k");
	CHECK_INT(f.rc, 0);
	fx_run(&f, "john", "log call Initech");	/* uses the account too */
	fx_run(&f, "john", "log proposal Initech 25k");
	fx_run(&f, "john", "log undo");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "back at lead");
	CHECK_LACKS(f.r.text, "account removed");
	CHECK(store_account_find(f.st, "initech", 7, &id, NULL, 0) == STORE_OK);
	fx_run(&f, "john", "log undo");	/* the call */
	CHECK_CONTAINS(f.r.text, "Undone: call");
	CHECK_LACKS(f.r.text, "account removed");	/* the lead still uses it */
	{
		struct person p;
		struct entry e;
		CHECK_INT(store_person_by_platform(f.st, "john", &p), STORE_OK);
		CHECK_INT(store_entry_last(f.st, p.id, &e), STORE_OK);
		CHECK_INT(e.kind, KIND_LEAD);
		CHECK_INT(store_opp_get(f.st, e.opp_id, &o), STORE_OK);
		CHECK_INT(o.s.stage, 0);
		CHECK_INT(o.s.amount, 1000000);
		CHECK_INT(store_history_count(f.st, o.id), 1);
	}
	/* A lost: the deal reopens. */
	fx_run(&f, "john", "log lost Initech price");
	fx_run(&f, "john", "log undo");
	CHECK_CONTAINS(f.r.text, "back at lead");
	/* Too old: 25 hours later nothing is undone. */
	fx_run(&f, "john", "log email Initech");
	f.now += 25 * 3600;
	before = store_total_rows(f.st);
	fx_run(&f, "john", "log undo");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "24 hours");
	CHECK_INT(store_total_rows(f.st), before);
	/* Nothing to undo. */
	fx_run(&f, "nobody", "log undo");
	CHECK_INT(f.rc, -1);
	fx_close(&f);
}

static void
test_accounts_matching(void)
{
	int64_t id;
	char name[128];

	fx_open(&f);
	fx_run(&f, "john", "log call \"Acme Corp\" kickoff");
	CHECK_INT(f.rc, 0);
	CHECK_INT(store_account_find(f.st, "acme corp", 9, &id, name, sizeof(name)), STORE_OK);
	CHECK_STR(name, "Acme Corp");
	/* Now the longest run of words finds it unquoted; the rest is the note. */
	fx_run(&f, "john", "log call acme corp follow up");
	CHECK_CONTAINS(f.r.text, "with Acme Corp");
	CHECK_CONTAINS(f.r.text, "\"follow up\"");
	/* An unknown multi-word name takes the first word. */
	fx_run(&f, "john", "log call Initech Systems hello");
	CHECK_CONTAINS(f.r.text, "with Initech on Fri 27 Nov (new account)");
	CHECK_CONTAINS(f.r.text, "\"Systems hello\"");
	/* account rename */
	fx_run(&f, "john", "account rename acme corp to \"Acme Corporation\"");
	CHECK_INT(f.rc, 0);
	CHECK_INT(store_account_find(f.st, "Acme Corporation", 16, &id, NULL, 0), STORE_OK);
	fx_run(&f, "john", "account rename Nope to Other");
	CHECK_INT(f.rc, -1);
	fx_run(&f, "john", "account rename Initech to Acme Corporation");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "already an account");
	fx_close(&f);
}

static void
test_dates_on_entries(void)
{
	struct person p;
	struct entry e;

	fx_open(&f);
	fx_run(&f, "john", "log call Acme yesterday");
	store_person_by_platform(f.st, "john", &p);
	store_entry_last(f.st, p.id, &e);
	CHECK_INT(e.day, f.today - 1);
	fx_run(&f, "john", "log meeting Acme tue notes");
	store_entry_last(f.st, p.id, &e);
	CHECK_INT(e.day, f.today - 3);
	fx_run(&f, "john", "log won Acme 2026-11-20");
	store_entry_last(f.st, p.id, &e);
	CHECK_INT(e.day, cal_day(2026, 11, 20));
	CHECK_INT(e.amount, -1);
	fx_close(&f);
}

static void
test_bare_log_and_help(void)
{
	fx_open(&f);
	fx_run(&f, "john", "log call Acme first");
	fx_run(&f, "john", "log");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "log lost <account|#ID>");
	CHECK_CONTAINS(f.r.text, "call Acme — first");
	fx_run(&f, "john", "help");
	CHECK_CONTAINS(f.r.text, "export");
	CHECK_CONTAINS(f.r.text, "account");
	fx_run(&f, "john", "help target");
	CHECK_CONTAINS(f.r.text, "target [@who <amount> [year]]");
	fx_run(&f, "john", "nudge preview");
	CHECK_CONTAINS(f.r.text, "one-on-one prep");
	fx_close(&f);
}

static void
test_away_back_target_role_manager(void)
{
	struct person p;
	int64_t cents;

	fx_open(&f);
	fx_run(&f, "sally", "log call Acme");
	fx_run(&f, "boss", "log call Acme");
	fx_run(&f, "sally", "away");
	CHECK_INT(f.rc, 0);
	store_person_by_platform(f.st, "sally", &p);
	CHECK_INT(p.away_until, f.today + 2);	/* this Sunday */
	fx_run(&f, "sally", "away until 2026-12-24");
	store_person_by_platform(f.st, "sally", &p);
	CHECK_INT(p.away_until, cal_day(2026, 12, 24));
	fx_run(&f, "sally", "away until 2026-11-01");
	CHECK_INT(f.rc, -1);
	fx_run(&f, "sally", "back");
	store_person_by_platform(f.st, "sally", &p);
	CHECK_INT(p.away_until, STORE_NO_DAY);

	fx_run(&f, "admin", "manager @sally @boss");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "now a manager");
	store_person_by_platform(f.st, "boss", &p);
	CHECK_INT(p.role, ROLE_MANAGER);
	fx_run(&f, "admin", "manager @boss @sally");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "loop");
	fx_run(&f, "admin", "target @sally 500k");
	CHECK_INT(f.rc, 0);
	store_person_by_platform(f.st, "sally", &p);
	CHECK_INT(store_target_get(f.st, p.id, 2026, &cents), STORE_OK);
	CHECK_INT(cents, 50000000);
	fx_run(&f, "admin", "target @sally 600k 2027");
	CHECK_INT(store_target_get(f.st, p.id, 2027, &cents), STORE_OK);
	CHECK_INT(cents, 60000000);
	fx_run(&f, "sally", "target");
	CHECK_CONTAINS(f.r.text, "$500,000");
	fx_run(&f, "admin", "role @sally inactive");
	CHECK_INT(f.rc, 0);
	store_person_by_platform(f.st, "sally", &p);
	CHECK_INT(p.role, ROLE_INACTIVE);
	fx_run(&f, "admin", "role @nobody rep");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "@nobody");
	fx_close(&f);
}

/* Each admin verb asked by a rep, the target's manager, another manager and an admin. */
static void
test_permissions(void)
{
	static const struct {
		const char *line;
		bool rep, own_manager, other_manager, admin;
	} cases[] = {
		{ "role @rita manager", false, false, false, true },
		{ "manager @rita @mona", false, false, false, true },
		{ "demo load", false, false, false, true },
		{ "target @rita 100k", false, true, false, true },
		{ "account rename Acme to Acme Two", false, true, true, true },
		{ "export @rita", false, true, false, true },
		{ "export team", false, true, true, true },
	};
	static const char *const askers[] = { "ray", "mona", "otto", "UADMIN" };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool expect[4] = { cases[i].rep, cases[i].own_manager, cases[i].other_manager,
			cases[i].admin };
		for (int a = 0; a < 4; a++) {
			int64_t before;

			fx_open(&f);
			/* rita and ray are reps; mona manages rita; otto manages ray. */
			fx_run(&f, "rita", "log call Acme");
			fx_run(&f, "ray", "log call Acme");
			fx_run(&f, "mona", "help");
			fx_run(&f, "otto", "help");
			fx_run(&f, "admin", "manager @rita @mona");
			fx_run(&f, "admin", "manager @ray @otto");
			fx_dm(&f, "UADMIN", "help");
			before = store_total_rows(f.st);
			fx_dm(&f, askers[a], cases[i].line);
			if ((f.rc == 0) != expect[a])
				fprintf(stderr, "  %s as %s: %s", cases[i].line, askers[a], f.r.text);
			CHECK_INT(f.rc == 0, expect[a]);
			if (!expect[a]) {
				CHECK_INT(store_total_rows(f.st), before);
				CHECK(strstr(f.r.text, "Only") != NULL);
				CHECK(f.r.file == NULL);
			}
			fx_close(&f);
		}
	}
}

int
main(void)
{
	RUN(test_every_kind_and_synonym);
	RUN(test_stage_jump_creates_history);
	RUN(test_backwards_refused);
	RUN(test_id_and_most_recent);
	RUN(test_undo);
	RUN(test_accounts_matching);
	RUN(test_dates_on_entries);
	RUN(test_bare_log_and_help);
	RUN(test_away_back_target_role_manager);
	RUN(test_permissions);
	return test_summary();
}
