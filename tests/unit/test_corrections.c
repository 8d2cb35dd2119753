/*
 * Corrections: `log edit`, `log delete` and `log changes`. What an edit leaves is what typing
 * the entry right the first time leaves (the funnel and pipeline of both databases compared),
 * every change is in the audit trail, and only the owner, their manager and an admin may put an
 * entry right -- anyone else gets the answer a number nobody has gets, and nothing changes.
 */

#include "tests/unit/cmdtest.h"

static struct fixture f;

/* What the admin reads about rita: every figure an edit could move. */
static void
figures(struct fixture *x, char *out, size_t len)
{
	static const char *const asks[] = { "funnel @rita all time", "funnel @rita this month",
		"pipeline @rita", "insights @rita all time" };
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
		fx_dm(x, "UADMIN", asks[i]);
		o += (size_t)snprintf(out + o, len - o, "%s\n", fx_unnumbered(x->r.text));
		if (o >= len)
			return;
	}
}

/*
 * Typed wrong, then put right, against typed right the first time. The entries are made in
 * the same order in both (1 lead, 2 call, 3 proposal, 4 call, 5 verbal); the numbers drawn for
 * them differ, so the replies are compared without them.
 */
static void
test_same_as_typed_right(void)
{
	static char wrong[65536], right[65536];
	struct fixture r;

	fx_open(&f);
	fx_dm(&f, "rita", "log lead Acme 40k 2026-11-09");		/* meant 2 Nov */
	fx_dm(&f, "rita", "log email Initech 2026-11-03 intro");	/* meant a call, on Acme */
	fx_dm(&f, "rita", "log proposal #{d1} 45k 2026-11-10");
	fx_dm(&f, "rita", "log call Acme 2026-11-12 pricing");		/* meant a meeting */
	fx_dm(&f, "rita", "log verbal #{d1} 4.8k 2026-11-20 fnial terms");	/* meant 48k */
	fx_dm(&f, "rita", "log edit {e1} date 2026-11-02");
	CHECK_INT(f.rc, 0);
	fx_dm(&f, "rita", "log edit {e2} kind call");
	CHECK_INT(f.rc, 0);
	fx_dm(&f, "rita", "log edit {e2} account Acme");
	CHECK_INT(f.rc, 0);
	fx_dm(&f, "rita", "log edit {e4} kind meeting");
	CHECK_INT(f.rc, 0);
	fx_dm(&f, "rita", "log edit {e5} amount 48k");
	CHECK_INT(f.rc, 0);
	fx_dm(&f, "rita", "log edit {e5} note final terms");
	CHECK_INT(f.rc, 0);
	figures(&f, wrong, sizeof(wrong));

	fx_open(&r);
	fx_dm(&r, "rita", "log lead Acme 40k 2026-11-02");
	fx_dm(&r, "rita", "log call Acme 2026-11-03 intro");
	fx_dm(&r, "rita", "log proposal #{d1} 45k 2026-11-10");
	fx_dm(&r, "rita", "log meeting Acme 2026-11-12 pricing");
	fx_dm(&r, "rita", "log verbal #{d1} 48k 2026-11-20 final terms");
	figures(&r, right, sizeof(right));
	CHECK_STR(wrong, right);
	/* The deal's story too, but for the corrections it lists. */
	fx_dm(&r, "UADMIN", "deal #{d1}");
	snprintf(right, sizeof(right), "%s", fx_unnumbered(r.r.text));
	fx_dm(&f, "UADMIN", "deal #{d1}");
	CHECK_CONTAINS(f.r.text, "Corrections:");
	CHECK(strncmp(fx_unnumbered(f.r.text), right, strlen(right) - 1) == 0);
	/* No account Initech is left behind: the typo made it, the edit took it back. */
	fx_dm(&f, "rita", "log call Initech");
	CHECK_CONTAINS(f.r.text, "(new account)");
	fx_close(&r);

	/* The trail lists every change, oldest first. */
	fx_dm(&f, "rita", "log changes");
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e1} date Mon 9 Nov → Mon 2 Nov (by rita)"));
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e2} kind email → call (by rita)"));
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e2} account Initech → Acme (by rita)"));
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e4} kind call → meeting (by rita)"));
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e5} amount $4,800 → $48,000 (by rita)"));
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e5} note fnial terms → final terms (by rita)"));
	CHECK(strstr(f.r.text, fx_x(&f, "entry {e1} date")) < strstr(f.r.text, fx_x(&f, "entry {e5} note")));
	fx_dm(&f, "UADMIN", "log changes #{d1}");
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e5} amount"));
	CHECK(strstr(f.r.text, fx_x(&f, "entry {e2} ")) == NULL);	/* an activity is on no deal */
	fx_close(&f);
}

/* A stage entry's date moves its history: days to sign and the days in stage follow. */
static void
test_stage_dates(void)
{
	struct opp o;

	fx_open(&f);
	fx_dm(&f, "rita", "log lead Acme 40k 2026-11-02");	/* 1 */
	fx_dm(&f, "rita", "log verbal #{d1} 2026-11-10");		/* 2 */
	fx_dm(&f, "rita", "log won #{d1} 2026-11-20");		/* 3 */
	/* Not before the entry ahead of it, not after the one behind it. */
	fx_dm(&f, "rita", "log edit {e2} date 2026-11-01");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "cannot be dated before entry {e1}"));
	fx_dm(&f, "rita", "log edit {e2} date 2026-11-21");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "cannot be dated after entry {e3}"));
	fx_dm(&f, "rita", "log edit {e3} date 2026-11-18");
	CHECK_INT(f.rc, 0);
	CHECK_INT(store_opp_get(f.st, fx_deal(&f, 1), &o), STORE_OK);
	CHECK_INT(o.s.closed_day, cal_day(2026, 11, 18));
	CHECK_INT(o.s.stage_day, cal_day(2026, 11, 18));
	fx_dm(&f, "rita", "log edit {e1} date 2026-10-30");
	CHECK_INT(f.rc, 0);
	CHECK_INT(store_opp_get(f.st, fx_deal(&f, 1), &o), STORE_OK);
	CHECK_INT(o.created_day, cal_day(2026, 10, 30));
	fx_dm(&f, "rita", "deal #{d1}");
	CHECK_CONTAINS(f.r.text, "Won on Wed 18 Nov, $40,000, 19 days after it opened.");
	/* Deleting from the newest back only; the deal goes back to where it was. */
	fx_dm(&f, "rita", "log delete {e2}");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e3} came after it"));
	fx_dm(&f, "rita", "log delete {e3}");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "#{d1} is back at verbal"));
	CHECK_INT(store_opp_get(f.st, fx_deal(&f, 1), &o), STORE_OK);
	CHECK_INT(o.s.stage, 3);
	CHECK_INT(o.s.closed_day, STORE_NO_DAY);
	/* An amount only on the newest entry of a deal, never on an activity. */
	fx_dm(&f, "rita", "log edit {e1} amount 50k");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "not the newest on #{d1}"));
	fx_dm(&f, "rita", "log call Acme");			/* 4 */
	fx_dm(&f, "rita", "log edit {e4} amount 5k");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "A call has no amount");
	fx_dm(&f, "rita", "log edit {e2} kind call");
	CHECK_INT(f.rc, -1);
	fx_dm(&f, "rita", "log edit {e2} account Initech");
	CHECK_INT(f.rc, -1);
	fx_close(&f);
}

/* mona manages rita; otto manages ray; UADMIN is an admin by the config. */
static void
setup(void)
{
	fx_open(&f);
	fx_dm(&f, "rita", "log call Acme 2026-11-20");		/* entry 1 */
	fx_dm(&f, "ray", "log call Globex 2026-11-20");		/* entry 2 */
	fx_dm(&f, "mona", "help");
	fx_dm(&f, "otto", "help");
	fx_run(&f, "console-admin", "manager @rita @mona");
	fx_run(&f, "console-admin", "manager @ray @otto");
}

static void
test_permissions(void)
{
	static const struct { const char *who; bool ok; } askers[] = {
		{ "rita", true }, { "mona", true }, { "UADMIN", true }, { "ray", false },
		{ "otto", false },
	};
	static const struct { const char *verb, *rest; } lines[] = { { "log edit", "note fixed" },
		{ "log edit", "date 2026-11-19" }, { "log edit", "kind email" },
		{ "log delete", "" }, { "log changes", "" } };
	char nobody[256], line[64], other[64];

	for (size_t a = 0; a < sizeof(askers) / sizeof(askers[0]); a++) {
		for (size_t k = 0; k < sizeof(lines) / sizeof(lines[0]); k++) {
			long long e1;
			int64_t before;
			char *p;

			setup();
			e1 = fx_entry(&f, 1);
			if (k == 4)	/* something to read */
				fx_dm(&f, "UADMIN", "log edit {e1} note seen");
			/* 99: a number nobody has (new ones are drawn from 100 up) */
			snprintf(other, sizeof(other), "%s 99 %s", lines[k].verb, lines[k].rest);
			fx_dm(&f, askers[a].who, other);
			snprintf(nobody, sizeof(nobody), "%s", f.r.text);
			CHECK_INT(f.rc, -1);
			before = store_total_rows(f.st);
			snprintf(line, sizeof(line), "%s %lld %s", lines[k].verb, e1, lines[k].rest);
			fx_dm(&f, askers[a].who, line);
			if ((f.rc == 0) != askers[a].ok)
				fprintf(stderr, "  %s: %s -> %s", askers[a].who, line, f.r.text);
			CHECK_INT(f.rc == 0, askers[a].ok);
			if (askers[a].ok && k < 4) {
				fx_dm(&f, "rita", "log changes {e1}");	/* the rep sees who did it */
				CHECK_INT(f.rc, 0);
				CHECK_CONTAINS(f.r.text, k == 3 ? "deleted" : fx_x(&f, "entry {e1} "));
				CHECK(strstr(f.r.text, askers[a].who) != NULL ||
				    strcmp(askers[a].who, "UADMIN") == 0);
			}
			if (!askers[a].ok) {
				/* the same words as for a number nobody has, but for the number */
				CHECK_INT(store_total_rows(f.st), before);
				if ((p = strstr(nobody, " 99")) != NULL) {
					snprintf(other, sizeof(other), " %lld%s", e1, p + 3);
					snprintf(p, sizeof(nobody) - (size_t)(p - nobody), "%s", other);
				}
				CHECK_STR(f.r.text, nobody);
			}
			fx_close(&f);
		}
	}
	/* Someone else's change says whose entry it was. */
	setup();
	fx_dm(&f, "mona", "log edit {e1} note fixed by mona");
	CHECK_CONTAINS(f.r.text, "It was rita's entry");
	fx_close(&f);
}

static void
test_bad_input(void)
{
	static const char *const lines[] = {
		"log edit", "log edit {e1}", "log edit {e1} colour red", "log edit x note y",
		"log edit 0 note y", "log edit {e1} date", "log edit {e1} date someday",
		"log edit {e1} date 2026-11-19 extra", "log edit {e1} date 2031-01-01",
		"log edit {e1} amount lots", "log edit {e1} kind lunch", "log edit {e1} kind call",
		"log edit {e1} account", "log edit {e1} account Acme", "log edit {e1} date 2026-11-20",
		"log delete", "log delete {e1} 2", "log delete entry", "log changes x",
		"log changes {e1} 2", "log edit 99999999999 note x", "log edit -1 note x",
	};

	setup();
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		int64_t before = store_total_rows(f.st);

		fx_dm(&f, "rita", lines[i]);
		if (f.rc != -1)
			fprintf(stderr, "  %s -> %s", lines[i], f.r.text);
		CHECK_INT(f.rc, -1);
		CHECK(f.r.text && f.r.text[0]);
		CHECK_INT(store_total_rows(f.st), before);
	}
	fx_close(&f);
}

/* Found by the red team: what a correction must leave as if typed right, and the trail. */
static void
test_as_typed_right_too(void)
{
	static char wrong[65536], right[65536];
	struct fixture r;
	struct entry e;

	/* A date edit behind an undated update at the same stage moves the days in stage. */
	fx_open(&f);
	fx_dm(&f, "rita", "log proposal Acme 40k 2026-11-02");
	fx_dm(&f, "rita", "log proposal #{d1} 50k");
	fx_dm(&f, "rita", "log edit {e1} date 2026-11-01");
	CHECK_INT(f.rc, 0);
	figures(&f, wrong, sizeof(wrong));
	fx_dm(&f, "UADMIN", "deal #{d1}");
	CHECK_CONTAINS(f.r.text, "26 days in that stage");
	fx_open(&r);
	fx_dm(&r, "rita", "log proposal Acme 40k 2026-11-01");
	fx_dm(&r, "rita", "log proposal #{d1} 50k");
	figures(&r, right, sizeof(right));
	CHECK_STR(wrong, right);
	fx_close(&r);
	fx_close(&f);

	/* An edit is no touch: the next stage entry on the account moves the same deal. */
	fx_open(&f);
	fx_dm(&f, "rita", "log lead Acme 10k");		/* #1 */
	f.now += 5;
	fx_dm(&f, "rita", "log lead Acme 20k");		/* #2, touched last */
	f.now += 5;
	fx_dm(&f, "rita", "log edit {e1} amount 15k");
	CHECK_INT(f.rc, 0);
	f.now += 5;
	fx_dm(&f, "rita", "log qualified Acme");
	CHECK_CONTAINS(f.r.text, fx_x(&f, "#{d2} Acme moved from lead to qualified"));
	fx_close(&f);

	/* Undo and the other reading leave a trail row: a number is never handed out twice. */
	fx_open(&f);
	fx_dm(&f, "rita", "log call Acme");			/* entry 1 */
	fx_dm(&f, "rita", "log lead Krusty Krab 25k");	/* entry 2, #1, an offer */
	fx_dm(&f, "rita", "log undo");
	CHECK_INT(f.rc, 0);
	fx_dm(&f, "rita", "log call Acme pricing talk");	/* entry 3, not 2 */
	CHECK_CONTAINS(f.r.text, fx_x(&f, "(entry {e3})"));
	fx_dm(&f, "rita", "yes");			/* the offer was for entry 2 */
	CHECK_INT(f.rc, -1);
	CHECK_INT(store_entry_get(f.st, fx_entry(&f, 3), &e), STORE_OK);
	fx_dm(&f, "rita", "log lead Krusty Krab 25k");	/* entry 4, #2 */
	CHECK_CONTAINS(f.r.text, fx_x(&f, "New opportunity #{d2}"));
	fx_dm(&f, "rita", "log edit {e4} note fixed");
	fx_dm(&f, "rita", "yes");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, fx_x(&f, "(entry {e5})"));
	fx_dm(&f, "rita", "log changes");
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e2} undone by rita: lead #{d1} Krusty"));
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e4} note Krab 25k → fixed (by rita)"));
	CHECK_CONTAINS(f.r.text, fx_x(&f, "entry {e4} replaced by rita: lead #{d2} Krusty"));
	fx_close(&f);

	/* Editing a note or an account finds the contact the words now name. */
	fx_open(&f);
	fx_dm(&f, "rita", "contact add \"Jane Doe\" Acme");
	fx_dm(&f, "rita", "contact add Jane Initech");
	fx_dm(&f, "rita", "log meeting Acme about pricing");	/* entry 1 */
	CHECK_INT(store_entry_get(f.st, fx_entry(&f, 1), &e), STORE_OK);
	CHECK(e.contact_id == 0);
	fx_dm(&f, "rita", "log edit {e1} note with Jane about pricing");
	CHECK_INT(store_entry_get(f.st, fx_entry(&f, 1), &e), STORE_OK);
	CHECK(e.contact_id == 1);
	fx_dm(&f, "rita", "log edit {e1} account Initech");
	CHECK_INT(store_entry_get(f.st, fx_entry(&f, 1), &e), STORE_OK);
	CHECK(e.contact_id == 2);
	fx_dm(&f, "rita", "log edit {e1} note nobody");
	CHECK_INT(store_entry_get(f.st, fx_entry(&f, 1), &e), STORE_OK);
	CHECK(e.contact_id == 0);
	fx_close(&f);

	/* A lost deal's amount is not edited either. */
	fx_open(&f);
	fx_dm(&f, "rita", "log lead Acme 10k");
	fx_dm(&f, "rita", "log lost #{d1}");
	fx_dm(&f, "rita", "log edit {e2} amount 99k");
	CHECK_INT(f.rc, -1);
	fx_close(&f);
}

int
main(void)
{
	RUN(test_same_as_typed_right);
	RUN(test_stage_dates);
	RUN(test_as_typed_right_too);
	RUN(test_permissions);
	RUN(test_bad_input);
	return test_summary();
}
