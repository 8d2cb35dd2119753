/*
 * The other reading of a log line: offered where the words could mean two things, taken by
 * `yes` or the button while the entry is still the person's last and ten minutes have not
 * passed, checked by what is stored; a stale or forged button changes nothing.
 */

#include "tests/unit/cmdtest.h"

static struct fixture f;

static bool
account(const char *name, int64_t *id)
{
	int64_t tmp;

	return store_account_find(f.st, name, strlen(name), id ? id : &tmp, NULL, 0) == STORE_OK;
}

static void
click(const char *user, const char *value)
{
	struct request req = { .surface = SURFACE_DM, .user_id = user, .username = user,
		.now = f.now, .today = f.today };

	reply_free(&f.r);
	f.rc = commands_action(f.c, &req, COMMANDS_ACTION_OTHER, fx_x(&f, value), &f.r);
}

static void
test_unquoted_name(void)
{
	struct opp o;

	fx_open(&f);
	fx_dm(&f, "rita", "log lead Krusty Krab 25k");
	CHECK_INT(f.rc, 0);
	CHECK(account("Krusty", NULL));
	CHECK_CONTAINS(f.r.text, "Or did you mean a new account “Krusty Krab”?");
	CHECK(f.r.blocks != NULL);
	CHECK_CONTAINS(f.r.blocks, "\"action_id\":\"log_other\"");
	CHECK_CONTAINS(f.r.blocks, fx_x(&f, "\"value\":\"{e1}\""));
	fx_dm(&f, "rita", "yes");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "Entry {e1} is gone; in its place:"));
	CHECK(!account("Krusty", NULL));		/* the wrong account went with it */
	CHECK(account("Krusty Krab", NULL));
	CHECK_INT(store_opp_get(f.st, fx_deal(&f, 2), &o), STORE_OK);	/* #1 was the entry replaced */
	CHECK_STR(o.account, "Krusty Krab");
	CHECK_INT(o.s.amount, 2500000);
	fx_dm(&f, "rita", "yes");			/* taken: nothing stands */
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "nothing for `yes` to answer");
	/* Capitalised words that are a date are no name: no offer. */
	fx_dm(&f, "rita", "log call Initech Tue follow up");
	CHECK(strstr(f.r.text, "Or did you mean") == NULL);
	fx_dm(&f, "rita", "log call Globex follow up");
	CHECK(strstr(f.r.text, "Or did you mean") == NULL);
	fx_dm(&f, "rita", "log call \"Hooli\" Inc");		/* quoted: taken as typed */
	CHECK(strstr(f.r.text, "Or did you mean") == NULL);
	fx_dm(&f, "rita", "log call Бета Ко");		/* a script without ASCII capitals */
	CHECK_CONTAINS(f.r.text, "“Бета Ко”");
	/* Another case of a stored name, in any script, is that name: nothing to offer. */
	fx_dm(&f, "rita", "log call \"Ромашка\"");
	fx_dm(&f, "rita", "log call ромашка");
	CHECK(strstr(f.r.text, "I took") == NULL && strstr(f.r.text, "Or did you mean") == NULL);
	fx_dm(&f, "rita", "log call \"ÉCLAIR\"");
	fx_dm(&f, "rita", "log call éclair");
	CHECK(strstr(f.r.text, "Or did you mean") == NULL);
	/* A longer name than an account may have: no offer, and the reply is all there. */
	{
		char line[256], xs[101];

		memset(xs, 'x', 100);
		xs[100] = '\0';
		snprintf(line, sizeof(line), "log lead Plankton Chum%s 25k", xs);
		fx_dm(&f, "rita", line);
	}
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "New opportunity");
	CHECK(strstr(f.r.text, "Or did you mean") == NULL);
	fx_close(&f);
}

static void
test_matched_name(void)
{
	int64_t acme, other;

	fx_open(&f);
	fx_dm(&f, "rita", "log call Acme");
	CHECK(account("Acme", &acme));
	fx_dm(&f, "rita", "log call acme corp pricing");
	CHECK_CONTAINS(f.r.text, "I took \"acme corp\" to mean “Acme”.");
	CHECK_CONTAINS(f.r.text, "a new account “acme corp”");
	click("rita", "{e2}");
	CHECK_INT(f.rc, 0);
	CHECK(account("acme corp", &other));
	CHECK(other != acme);
	fx_dm(&f, "rita", "export");
	CHECK_CONTAINS(f.r.file, ",acme corp,,,pricing,");
	/* Typed exactly: no offer. */
	fx_dm(&f, "rita", "log call Acme");
	CHECK(strstr(f.r.text, "Or did you mean") == NULL);
	fx_close(&f);
}

/* Only while the entry is the person's last, for ten minutes, by them, with the right value. */
static void
test_stale(void)
{
	static const char *const forged[] = { "", "0", "-1", "1 ", "1;2", "x", "99999999999999999999",
		"prompt_away:2026-W48" };
	int64_t before;

	fx_open(&f);
	fx_dm(&f, "rita", "log lead Krusty Krab 25k");		/* entry 1 */
	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		before = store_total_rows(f.st);
		click("rita", forged[i]);
		CHECK_INT(f.rc, -1);
		CHECK_INT(store_total_rows(f.st), before);
	}
	before = store_total_rows(f.st);
	click("ray", "{e1}");				/* someone else's offer */
	CHECK_INT(f.rc, -1);
	fx_dm(&f, "ray", "yes");
	CHECK_INT(f.rc, -1);
	CHECK(account("Krusty", NULL));
	fx_dm(&f, "rita", "log call Acme");			/* entry 2: 1 is not the last now */
	CHECK(strstr(f.r.text, "Or did you mean") == NULL);
	click("rita", "{e1}");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "Entry {e1} is no longer your last one"));
	CHECK(account("Krusty", NULL));
	fx_dm(&f, "rita", "log lead Krusty Krab 25k");		/* entry 3, and a new offer */
	f.now += 601;
	fx_dm(&f, "rita", "yes");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "nothing for `yes` to answer");
	fx_dm(&f, "rita", "yes please");
	CHECK_INT(f.rc, -1);
	fx_close(&f);
}

int
main(void)
{
	RUN(test_unquoted_name);
	RUN(test_matched_name);
	RUN(test_stale);
	return test_summary();
}
