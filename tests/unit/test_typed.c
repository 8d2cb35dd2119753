/*
 * Dates and amounts as a tired rep types them, in either order before the note, checked by
 * what was stored (day, amount, account, note) -- not by the wording of the reply. A date or an
 * amount that still ends up in the note is pointed out; a lead on "#21" is refused.
 * The fixture's today is Friday 2026-11-27.
 */
#include "tests/unit/cmdtest.h"

static struct fixture f;

struct stored {
	int day;
	int64_t amount;
	char account[128];
	char note[128];
	bool seen;
};

static int
newest(const struct entry *e, const char *account, void *arg)
{
	struct stored *s = arg;

	if (s->seen)
		return 0;
	s->seen = true;
	s->day = e->day;
	s->amount = e->amount;
	snprintf(s->account, sizeof(s->account), "%s", account);
	snprintf(s->note, sizeof(s->note), "%.*s", (int)e->note_len, e->note);
	return 0;
}

static struct stored
last_entry(const char *user)
{
	struct stored s = { 0 };
	struct person p;

	if (store_person_by_platform(f.st, user, &p) == STORE_OK)
		store_entries_recent(f.st, p.id, 1, newest, &s);
	return s;
}

#define D(y, m, d)	cal_day(y, m, d)
#define NONE		(-1)

static void
test_forms(void)
{
	static const struct {
		const char *line;
		int y, m, d;		/* the day stored */
		int64_t amount;		/* cents, NONE */
		const char *account, *note;
	} cases[] = {
		{ "log call Acme 2026-11-20", 2026, 11, 20, NONE, "Acme", "" },
		{ "log call Acme yesterday", 2026, 11, 26, NONE, "Acme", "" },
		{ "log call Acme Yesterday good chat", 2026, 11, 26, NONE, "Acme", "good chat" },
		{ "log call Acme last friday", 2026, 11, 20, NONE, "Acme", "" },
		{ "log call Acme last Monday", 2026, 11, 23, NONE, "Acme", "" },
		{ "log call Acme friday", 2026, 11, 27, NONE, "Acme", "" },
		{ "log call Acme on tuesday", 2026, 11, 24, NONE, "Acme", "" },
		{ "log call Acme on tue pricing", 2026, 11, 24, NONE, "Acme", "pricing" },
		{ "log call Acme 3 days ago", 2026, 11, 24, NONE, "Acme", "" },
		{ "log call Acme 1 day ago", 2026, 11, 26, NONE, "Acme", "" },
		{ "log call Acme a week ago", 2026, 11, 20, NONE, "Acme", "" },
		{ "log call Acme 2 weeks ago", 2026, 11, 13, NONE, "Acme", "" },
		{ "log email Acme nov 1", 2026, 11, 1, NONE, "Acme", "" },
		{ "log email Acme 1 nov", 2026, 11, 1, NONE, "Acme", "" },
		{ "log email Acme 1 November", 2026, 11, 1, NONE, "Acme", "" },
		{ "log email Acme Nov. 3 great chat", 2026, 11, 3, NONE, "Acme", "great chat" },
		{ "log email Acme 1 November 2025", 2025, 11, 1, NONE, "Acme", "" },
		{ "log email Acme December 1st, 2025", 2025, 12, 1, NONE, "Acme", "" },
		{ "log email Acme dec 25", 2025, 12, 25, NONE, "Acme", "" },	/* the last one */
		{ "log meeting Acme Sept 30", 2026, 9, 30, NONE, "Acme", "" },
		{ "log demo Acme 27th nov", 2026, 11, 27, NONE, "Acme", "" },
		{ "log call Acme 3 options discussed", 2026, 11, 27, NONE, "Acme",
		  "3 options discussed" },
		{ "log lead Acme 25 k", 2026, 11, 27, 2500000, "Acme", "" },
		{ "log lead Acme 25 K", 2026, 11, 27, 2500000, "Acme", "" },
		{ "log lead Acme 1.2 m", 2026, 11, 27, 120000000, "Acme", "" },
		{ "log lead Acme 48 000", 2026, 11, 27, 4800000, "Acme", "" },
		{ "log lead Acme 48 000 first call", 2026, 11, 27, 4800000, "Acme", "first call" },
		{ "log lead Acme $1 250 000.50", 2026, 11, 27, 125000050, "Acme", "" },
		{ "log lead Acme 48\xC2\xA0" "000", 2026, 11, 27, 4800000, "Acme", "" },
		{ "log lead Acme 48\xE2\x80\xAF" "000", 2026, 11, 27, 4800000, "Acme", "" },
		{ "log lead Acme 48,000", 2026, 11, 27, 4800000, "Acme", "" },
		{ "log lead Acme 25\xC2\xA0k", 2026, 11, 27, 2500000, "Acme", "" },
		{ "log lead Acme 1.2\xE2\x80\xAFm", 2026, 11, 27, 120000000, "Acme", "" },
		{ "log lead Acme 1\xC2\xA0" "250\xC2\xA0k", 2026, 11, 27, 125000000, "Acme", "" },
		{ "log lead Acme yesterday 25k", 2026, 11, 26, 2500000, "Acme", "" },
		{ "log lead Acme 25 k last friday intro", 2026, 11, 20, 2500000, "Acme", "intro" },
		{ "log lead Acme 3 days ago 48 000", 2026, 11, 24, 4800000, "Acme", "" },
		{ "log lead \"Krusty Krab\" 25 k", 2026, 11, 27, 2500000, "Krusty Krab", "" },
		{ "log lead \"Krusty Krab\" dec 1 2025 1.5 m", 2025, 12, 1, 150000000, "Krusty Krab",
		  "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stored s;

		fx_open(&f);
		fx_run(&f, "sally", cases[i].line);
		if (f.rc != 0)
			fprintf(stderr, "  \"%s\": %s", cases[i].line, f.r.text);
		CHECK_INT(f.rc, 0);
		s = last_entry("sally");
		CHECK(s.seen);
		if (s.day != D(cases[i].y, cases[i].m, cases[i].d) || s.amount != cases[i].amount ||
		    strcmp(s.account, cases[i].account) != 0 || strcmp(s.note, cases[i].note) != 0)
			fprintf(stderr, "  \"%s\" stored day %d (want %d), amount %lld, \"%s\", "
			    "note \"%s\"\n", cases[i].line, s.day, D(cases[i].y, cases[i].m,
			    cases[i].d), (long long)s.amount, s.account, s.note);
		CHECK_INT(s.day, D(cases[i].y, cases[i].m, cases[i].d));
		CHECK(s.amount == cases[i].amount);
		CHECK_STR(s.account, cases[i].account);
		CHECK_STR(s.note, cases[i].note);
		CHECK_LACKS(f.r.text, "stayed in the note");
		fx_close(&f);
	}
}

/* Date-shaped but wrong, or a lead on an existing deal: refused, nothing stored. */
static void
test_refused(void)
{
	static const struct {
		const char *line, *says;
	} cases[] = {
		{ "log call Acme feb 30", "that month has 28 days" },
		{ "log call Acme 30 feb 2024", "that month has 29 days" },
		{ "log call Acme next friday", "in the future" },
		{ "log call Acme 4000 days ago", "more than 3650 days" },
		{ "log call Acme dec 1 2027", "in the future" },
		{ "log lead #21 25k", "A lead is a new deal" },
		{ "log lead Acme 48 00", "48" },
		{ "log lead Acme 25 k 25k", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t before;

		fx_open(&f);
		before = store_total_rows(f.st);
		fx_run(&f, "sally", cases[i].line);
		if (cases[i].says == NULL) {	/* a second amount is a note, not an error */
			CHECK_INT(f.rc, 0);
			CHECK_STR(last_entry("sally").note, "25k");
			fx_close(&f);
			continue;
		}
		if (f.rc != -1)
			fprintf(stderr, "  \"%s\" was accepted: %s", cases[i].line, f.r.text);
		CHECK_INT(f.rc, -1);
		CHECK_CONTAINS(f.r.text, cases[i].says);
		if (strcmp(cases[i].line, "log lead Acme 48 00") != 0)
			CHECK_INT(store_total_rows(f.st), before);
		fx_close(&f);
	}
}

/* What could not be read as the date or the amount is said, not left to be found later. */
static void
test_left_in_the_note(void)
{
	struct stored s;

	fx_open(&f);
	fx_run(&f, "sally", "log call Massive Dynamic 2026-11-20");
	CHECK_INT(f.rc, 0);
	s = last_entry("sally");
	CHECK_INT(s.day, f.today);
	CHECK_CONTAINS(f.r.text, "\"2026-11-20\" stayed in the note; the entry is dated Fri 27 Nov");
	fx_run(&f, "sally", "log lead Acme great first call 25k");
	CHECK_INT(f.rc, 0);
	CHECK(last_entry("sally").amount == NONE);
	CHECK_CONTAINS(f.r.text, "\"25k\" stayed in the note; no amount is stored");
	fx_run(&f, "sally", "log lead Initech met them 1 dec 2025");
	CHECK_CONTAINS(f.r.text, "\"1 dec 2025\" stayed in the note");
	/* A date typed in its place: nothing to say about the note. */
	fx_run(&f, "sally", "log call Acme yesterday called back on friday");
	CHECK_LACKS(f.r.text, "stayed in the note");
	fx_close(&f);
}

/*
 * Every date form in every slot that takes a date (an activity, a stage move on #ID, a loss,
 * `log edit <entry> date`), and every amount form in every slot that takes an amount (a lead,
 * a stage move, `log edit <entry> amount`) -- checked by the row stored.
 */
static void
test_each_slot(void)
{
	static const struct { const char *words; int y, m, d; } dates[] = {
		{ "2026-11-20", 2026, 11, 20 }, { "yesterday", 2026, 11, 26 },
		{ "last friday", 2026, 11, 20 }, { "on tue", 2026, 11, 24 },
		{ "3 days ago", 2026, 11, 24 }, { "a week ago", 2026, 11, 20 },
		{ "nov 2", 2026, 11, 2 }, { "2 november", 2026, 11, 2 },
		{ "December 1st, 2025", 2025, 12, 1 }, { "today", 2026, 11, 27 },
	};
	static const char *const date_slots[] = {
		"log call Acme", "log verbal #{d1}", "log lost #{d1}", "log edit {e2} date",
	};
	static const struct { const char *words; int64_t cents; } amounts[] = {
		{ "48000", 4800000 }, { "48,000", 4800000 }, { "48 000", 4800000 },
		{ "48k", 4800000 }, { "25 k", 2500000 }, { "1.2 m", 120000000 },
		{ "$48k", 4800000 }, { "$1 250 000.50", 125000050 },
	};
	static const char *const amount_slots[] = {
		"log lead Acme", "log proposal #{d1}", "log edit {e2} amount",
	};
	char line[160];
	int checked = 0;

	for (size_t s = 0; s < sizeof(date_slots) / sizeof(date_slots[0]); s++) {
		for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
			struct stored st;
			int want = D(dates[i].y, dates[i].m, dates[i].d);

			fx_open(&f);
			fx_run(&f, "sally", "log lead Acme 10k 2025-11-01");	/* #1, entry 1 */
			if (s == 3)
				fx_run(&f, "sally", "log qualified #{d1} 2025-11-15");	/* entry 2 */
			snprintf(line, sizeof(line), "%s %s", date_slots[s], dates[i].words);
			fx_run(&f, "sally", line);
			if (f.rc != 0)
				fprintf(stderr, "  \"%s\": %s", line, f.r.text);
			CHECK_INT(f.rc, 0);
			st = last_entry("sally");
			if (st.day != want)
				fprintf(stderr, "  \"%s\" stored day %d, want %d\n", line, st.day, want);
			CHECK_INT(st.day, want);
			CHECK_STR(st.note, "");
			checked++;
			fx_close(&f);
		}
	}
	for (size_t s = 0; s < sizeof(amount_slots) / sizeof(amount_slots[0]); s++) {
		for (size_t i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
			struct stored st;
			struct opp o;

			fx_open(&f);
			if (s > 0)
				fx_run(&f, "sally", "log lead Acme 10k");	/* #1, entry 1 */
			if (s == 2)
				fx_run(&f, "sally", "log proposal #{d1} 20k");	/* entry 2 */
			snprintf(line, sizeof(line), "%s %s", amount_slots[s], amounts[i].words);
			fx_run(&f, "sally", line);
			if (f.rc != 0)
				fprintf(stderr, "  \"%s\": %s", line, f.r.text);
			CHECK_INT(f.rc, 0);
			st = last_entry("sally");
			CHECK(st.amount == amounts[i].cents);
			CHECK_INT(store_opp_get(f.st, fx_deal(&f, 1), &o), STORE_OK);
			CHECK(o.s.amount == amounts[i].cents);	/* the deal is worth it too */
			CHECK_STR(st.note, "");
			checked++;
			fx_close(&f);
		}
	}
	CHECK_INT(checked, 64);
}

int
main(void)
{
	RUN(test_forms);
	RUN(test_each_slot);
	RUN(test_refused);
	RUN(test_left_in_the_note);
	return test_summary();
}
