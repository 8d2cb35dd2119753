/*
 * `deal #ID`: a deal's story (stages with their days, the stages a jump counted as passed,
 * amount changes, the owner's activities on the account), read by its owner, their manager
 * and an admin; anyone else gets, word for word, the answer a number nobody has gets.
 */

#include "tests/unit/cmdtest.h"

static struct fixture f;

static int
count_lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* mona manages rita; otto manages ray; UADMIN is an admin by the config. */
static void
setup(void)
{
	fx_open(&f);
	fx_dm(&f, "rita", "log lead Acme 40k 2026-11-02 first meeting set");	/* #1 */
	fx_dm(&f, "rita", "log call Acme 2026-11-03 intro");
	fx_dm(&f, "rita", "log call Initech 2026-11-04");			/* another account */
	fx_dm(&f, "rita", "log proposal #{d1} 45k 2026-11-10");
	fx_dm(&f, "rita", "log won #{d1} 48k 2026-11-20");
	fx_dm(&f, "rita", "log call Acme 2026-11-25 after the win");		/* after it closed */
	fx_dm(&f, "ray", "log verbal Globex 10k");				/* #2 */
	fx_dm(&f, "ray", "log call Acme 2026-11-05");				/* ray's, not rita's */
	fx_dm(&f, "mona", "help");						/* known */
	fx_dm(&f, "otto", "help");
	fx_run(&f, "console-admin", "manager @rita @mona");
	fx_run(&f, "console-admin", "manager @ray @otto");
}

static void
test_story(void)
{
	setup();
	fx_dm(&f, "rita", "deal #{d1}");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "#{d1} Acme — rita"));
	CHECK_CONTAINS(f.r.text, "Won on Fri 20 Nov, $48,000, 18 days after it opened.");
	CHECK_CONTAINS(f.r.text, "Mon 2 Nov       lead      $40,000 — first meeting set\n");
	CHECK_CONTAINS(f.r.text, "Tue 3 Nov       call      — intro\n");
	CHECK_CONTAINS(f.r.text, "Tue 10 Nov      proposal  $40,000 → $45,000 (counted as "
	    "having passed qualified)\n");
	CHECK_CONTAINS(f.r.text, "Fri 20 Nov      won       $45,000 → $48,000 (counted as "
	    "having passed verbal)\n");
	CHECK(strstr(f.r.text, "Initech") == NULL);		/* another account */
	CHECK(strstr(f.r.text, "after the win") == NULL);	/* after it closed */
	CHECK(strstr(f.r.text, "Thu 5 Nov") == NULL);		/* ray's call on Acme */
	CHECK_INT(count_lines(f.r.text), 6);
	/* An open deal that jumped straight to verbal. */
	fx_dm(&f, "ray", "deal #{d2}");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Open at verbal, $10,000, 0 days in that stage (0 since it "
	    "opened).");
	CHECK_CONTAINS(f.r.text, "verbal    $10,000 (counted as having passed lead, qualified "
	    "and proposal)\n");
	fx_close(&f);
}

/* Who may read a deal; a refusal is the same sentence as for a number that does not exist. */
static void
test_permissions(void)
{
	static const struct { const char *who, *line; bool ok; } cases[] = {
		{ "rita", "deal #{d1}", true }, { "mona", "deal #{d1}", true },
		{ "UADMIN", "deal #{d1}", true }, { "ray", "deal #{d1}", false },
		{ "otto", "deal #{d1}", false }, { "mona", "deal #{d2}", false },
		{ "otto", "deal #{d2}", true }, { "rita", "deal #{d2}", false },
	};
	char nobody[512];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup();
		snprintf(nobody, sizeof(nobody), "%s", fx_dm(&f, cases[i].who, "deal #99"));
		CHECK_INT(f.rc, -1);
		fx_dm(&f, cases[i].who, cases[i].line);
		if ((f.rc == 0) != cases[i].ok)
			fprintf(stderr, "  %s: %s -> %s", cases[i].who, cases[i].line, f.r.text);
		CHECK_INT(f.rc == 0, cases[i].ok);
		if (!cases[i].ok) {
			/* Only the number differs from the answer for #99. */
			char *p = strstr(nobody, "#99"), want[sizeof(nobody) + 32];
			CHECK(p != NULL);
			if (p) {
				*p = '\0';
				snprintf(want, sizeof(want), "%s#%s%s", nobody,
				    fx_x(&f, cases[i].line + strlen("deal #")), p + 3);
				CHECK_STR(f.r.text, want);
			}
			CHECK(f.r.blocks == NULL);
		}
		fx_close(&f);
	}
}

static void
test_bad_input(void)
{
	static const char *const lines[] = {
		"deal", "deal 1", "deal #{d1} #{d2}", "deal Acme", "deal #1x", "deal #0",
		"deal #99999999999", "deal #", "deal #{d1} extra",
	};

	setup();
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		fx_dm(&f, "rita", lines[i]);
		CHECK_INT(f.rc, -1);
		CHECK(f.r.text && f.r.text[0]);
		CHECK(strstr(f.r.text, "Acme") == NULL);
	}
	fx_close(&f);
}

int
main(void)
{
	RUN(test_story);
	RUN(test_permissions);
	RUN(test_bad_input);
	return test_summary();
}
