/*
 * `pipeline team`: a manager reads every report's open deals, stalled ones first, and nobody
 * else's; an admin everyone's; a rep is refused without a number. `pipeline [who]` as before.
 */

#include "tests/unit/cmdtest.h"

static struct fixture f;

/* mona manages rita and rosa; otto manages ray. */
static void
setup(void)
{
	fx_open(&f);
	fx_dm(&f, "rita", "log verbal Globex 10k");			/* #1, fresh */
	fx_dm(&f, "rita", "log lead Acme 40k 2026-10-01");		/* #2, stalled */
	fx_dm(&f, "rosa", "log proposal Initech 5k 2026-10-15");	/* #3, stalled */
	fx_dm(&f, "rosa", "log won Hooli 7k");				/* #4, closed */
	fx_dm(&f, "ray", "log lead Umbrella 99k 2026-09-01");		/* #5, otto's team */
	fx_dm(&f, "mona", "help");
	fx_dm(&f, "otto", "help");
	fx_run(&f, "console-admin", "manager @rita @mona");
	fx_run(&f, "console-admin", "manager @rosa @mona");
	fx_run(&f, "console-admin", "manager @ray @otto");
}

/* Which deals the rows are, in order: the nth deal made as the digit n. */
static void
ids(const char *text, char *out, size_t len)
{
	size_t o = 0;

	out[0] = '\0';
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (*p == '#' && o + 2 < len) {
			long long n = strtoll(p + 1, NULL, 10);
			int seq = 1;

			while (seq < 10 && fx_deal(&f, seq) != n)
				seq++;
			out[o++] = seq < 10 ? (char)('0' + seq) : '?';
			out[o] = '\0';
		}
		if (strchr(p, '\n') == NULL)
			break;
	}
}

static void
test_team(void)
{
	char order[32];

	setup();
	fx_dm(&f, "mona", "pipeline team");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Your team's pipeline — 3 open, $55,000, 2 stalled");
	ids(f.r.text, order, sizeof(order));
	CHECK_STR(order, "231");		/* stalled first, then latest stage first */
	CHECK_CONTAINS(f.r.text, fx_x(&f, "#{d2} "));
	CHECK_CONTAINS(f.r.text, "rita           Acme                     lead");
	CHECK_CONTAINS(f.r.text, "stalled");
	CHECK(strstr(f.r.text, "Umbrella") == NULL && strstr(f.r.text, "ray") == NULL);
	CHECK(strstr(f.r.text, "Hooli") == NULL);	/* closed */
	fx_dm(&f, "otto", "pipeline team");
	ids(f.r.text, order, sizeof(order));
	CHECK_STR(order, "5");
	fx_dm(&f, "UADMIN", "pipeline team");
	ids(f.r.text, order, sizeof(order));
	CHECK_STR(order, "5231");
	/* A rep: refused, and nothing of anyone's in the answer. */
	fx_dm(&f, "rita", "pipeline team");
	CHECK_INT(f.rc, -1);
	CHECK(!fx_has_digit(f.r.text));
	CHECK_CONTAINS(f.r.text, "Only a manager");
	/* A manager with nobody yet. */
	fx_run(&f, "console-admin", "role @otto manager");
	fx_run(&f, "console-admin", "manager @ray @mona");
	fx_dm(&f, "otto", "pipeline team");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "nobody on your team");
	/* A team with nobody's deal open. */
	fx_dm(&f, "newbie", "log call Acme");
	fx_dm(&f, "zed", "help");
	fx_run(&f, "console-admin", "manager @newbie @zed");
	fx_dm(&f, "zed", "pipeline team");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Your team's pipeline — 0 open, $0, 0 stalled");
	CHECK_CONTAINS(f.r.text, "No open opportunities.");
	/* One person's, as before. */
	fx_dm(&f, "mona", "pipeline @rita");
	CHECK_INT(f.rc, 0);
	ids(f.r.text, order, sizeof(order));
	CHECK_STR(order, "12");
	fx_dm(&f, "rita", "pipeline @rosa");
	CHECK_INT(f.rc, -1);
	fx_close(&f);
}

/* `accounts`: open deals first, then the most recently worked; the same who-may as pipeline. */
static void
test_accounts(void)
{
	setup();
	fx_dm(&f, "rita", "log call Umbrella 2026-11-26");	/* no deal of rita's there */
	fx_dm(&f, "rita", "accounts");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "rita's accounts — 3, 2 open deals");
	CHECK(strstr(f.r.text, "Globex") < strstr(f.r.text, "Umbrella"));
	CHECK(strstr(f.r.text, "Acme") < strstr(f.r.text, "Umbrella"));
	CHECK_CONTAINS(f.r.text, "1 open      $40,000  last Thu 1 Oct");
	CHECK_CONTAINS(f.r.text, "no open deal          last Thu 26 Nov");
	CHECK(strstr(f.r.text, "Initech") == NULL);		/* rosa's */
	CHECK(strstr(f.r.text, "$99,000") == NULL);		/* ray's deal on Umbrella */
	fx_dm(&f, "mona", "accounts team");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Your team's accounts — 5, 3 open deals");
	CHECK_CONTAINS(f.r.text, "Hooli");
	fx_dm(&f, "mona", "accounts @ray");
	CHECK_INT(f.rc, -1);
	CHECK(!fx_has_digit(f.r.text));
	fx_dm(&f, "rita", "accounts team");
	CHECK_INT(f.rc, -1);
	CHECK(!fx_has_digit(f.r.text));
	fx_dm(&f, "otto", "accounts @ray");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "$99,000");
	fx_dm(&f, "UADMIN", "accounts");
	CHECK_CONTAINS(f.r.text, "Nothing logged on any account yet.");
	fx_close(&f);
}

int
main(void)
{
	RUN(test_team);
	RUN(test_accounts);
	return test_summary();
}
