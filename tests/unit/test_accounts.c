/*
 * Accounts that match: the words a rep types find the existing account by its whole name,
 * its key (case, punctuation and company suffixes aside), its leading words or a near-miss,
 * and the reply names it; two candidates match neither. `account merge` makes two spellings
 * one, and the funnel after it equals the funnel of a database typed right the first time.
 */
#include "tests/unit/cmdtest.h"

static struct fixture f;

static int
newest_account(const struct entry *e, const char *account, void *arg)
{
	(void)e;
	snprintf(arg, 128, "%s", account);
	return 1;
}

/* The account of sally's newest entry. */
static const char *
last_account(void)
{
	static char name[128];
	struct person p;

	name[0] = '\0';
	if (store_person_by_platform(f.st, "sally", &p) == STORE_OK)
		store_entries_recent(f.st, p.id, 1, newest_account, name);
	return name;
}

static int
count_one(int64_t id, const char *name, void *arg)
{
	(void)id;
	(void)name;
	++*(int *)arg;
	return 0;
}

static int
accounts(void)
{
	int n = 0;

	CHECK_INT(store_accounts_each(f.st, count_one, &n), STORE_OK);
	return n;
}

static void
test_matching(void)
{
	static const struct {
		const char *line, *account, *note;	/* note NULL: refused */
	} cases[] = {
		{ "log call globex", "Globex Corporation", "" },
		{ "log call GLOBEX corp", "Globex Corporation", "" },
		{ "log call globex corporation", "Globex Corporation", "" },
		{ "log call Globex, great call", "Globex Corporation", "great call" },
		{ "log call Globx", "Globex Corporation", "" },		/* one typo */
		{ "log call Initehc", "Initech", "" },			/* a swap */
		{ "log call acme inc", "ACME, Inc.", "" },
		{ "log call Acme", "ACME, Inc.", "" },
		{ "log call acme pricing", "ACME, Inc.", "pricing" },
		{ "log call umbrella", "Umbrella Health Group", "" },
		{ "log call umbrella health", "Umbrella Health Group", "" },
		{ "log call Soylent", NULL, NULL },	/* two accounts: the older, the other offered */
		{ "log call Ini", "Ini", "" },				/* too short: new */
		{ "log call \"globex\"", "globex", "" },		/* quoted: as typed */
		{ "log call Initrode", "Initrode", "" },		/* a new one, not Initech */
		{ "log call Initech", "Initech", "" },			/* as stored: nothing to say */
		{ "log call initech", "Initech", "" },
		{ "log call Store-12", "Store-12", "" },		/* not Store-13: digits */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int before;

		fx_open(&f);
		fx_run(&f, "sally", "log call \"Globex Corporation\"");
		fx_run(&f, "sally", "log call Initech");
		fx_run(&f, "sally", "log call \"ACME, Inc.\"");
		fx_run(&f, "sally", "log call \"Umbrella Health Group\"");
		fx_run(&f, "sally", "log call \"Soylent Green\"");
		fx_run(&f, "sally", "log call \"Soylent Blue\"");
		fx_run(&f, "sally", "log call Store-13");
		before = accounts();
		fx_run(&f, "sally", cases[i].line);
		if (cases[i].account == NULL) {
			CHECK_INT(f.rc, 0);
			CHECK_STR(last_account(), "Soylent Green");
			CHECK_CONTAINS(f.r.text, "it could also be “Soylent Blue”");
			CHECK_CONTAINS(f.r.text, "Or did you mean “Soylent Blue”?");
			CHECK_INT(accounts(), before);
			fx_run(&f, "sally", "yes");
			CHECK_INT(f.rc, 0);
			CHECK_STR(last_account(), "Soylent Blue");
			CHECK_INT(accounts(), before);
			fx_close(&f);
			continue;
		}
		if (f.rc != 0 || strcmp(last_account(), cases[i].account) != 0)
			fprintf(stderr, "  \"%s\" -> \"%s\": %s", cases[i].line, last_account(),
			    f.r.text);
		CHECK_INT(f.rc, 0);
		CHECK_STR(last_account(), cases[i].account);
		if (strcasestr(cases[i].line, cases[i].account) == NULL) {
			/* not typed as stored: the reply says which account it took */
			CHECK_CONTAINS(f.r.text, "I took");
			CHECK_CONTAINS(f.r.text, cases[i].account);
		} else {
			CHECK_LACKS(f.r.text, "I took");
		}
		fx_close(&f);
	}
}

/* The funnel figures of sally, from "funnel" on the console. */
static char *
funnel_of_sally(void)
{
	const char *t = fx_run(&f, "maria", "funnel @sally");
	const char *start = strchr(t, '\n');

	return strdup(start ? start : t);	/* the title names the period only */
}

static void
log_weeks(const char *globex)
{
	char line[128];

	fx_run(&f, "maria", "help");
	snprintf(line, sizeof(line), "log lead \"%s\" 40k %s", globex, fx_ago(&f, 30));
	fx_run(&f, "sally", line);
	fx_run(&f, "sally", "log call \"Globex Corporation\" yesterday");
	snprintf(line, sizeof(line), "log meeting \"%s\" %s", globex, fx_ago(&f, 20));
	fx_run(&f, "sally", line);
	snprintf(line, sizeof(line), "log proposal \"%s\" 45k %s", globex, fx_ago(&f, 10));
	fx_run(&f, "sally", line);
	snprintf(line, sizeof(line), "log won \"%s\"", globex);
	fx_run(&f, "sally", line);
}

/* How many times needle is in hay. */
static int
count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void
test_merge_equals_typed_right(void)
{
	char *right, *merged;
	int before;

	fx_open(&f);
	log_weeks("Globex Corporation");
	right = funnel_of_sally();
	fx_close(&f);

	fx_open(&f);
	log_weeks("Globex Ltd");	/* the same customer under a second name */
	before = accounts();
	CHECK_INT(before, 2);
	fx_dm(&f, "sally", "account merge \"Globex Ltd\" into \"Globex Corporation\"");
	CHECK_INT(f.rc, -1);		/* a rep may not */
	CHECK_INT(accounts(), 2);
	fx_run(&f, "maria", "account merge Globex Ltd into Globex Corporation");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "4 entries and 1 deal moved");
	CHECK_INT(accounts(), 1);
	/* Every moved entry's trail says so, and who did it. */
	fx_dm(&f, "sally", "log changes");
	CHECK_INT(count_of(f.r.text, "account Globex Ltd → Globex Corporation (by maria)"), 4);
	merged = funnel_of_sally();
	CHECK_STR(merged, right);
	CHECK(store_integrity_ok(f.st));
	/* Undo after a merge never deletes the account that stayed. */
	fx_run(&f, "sally", "log call \"Globex Corporation\"");
	fx_run(&f, "sally", "log undo");
	CHECK_INT(accounts(), 1);
	fx_run(&f, "maria", "account merge Nope into Globex Corporation");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "no account called \"Nope\"");
	fx_run(&f, "maria", "account merge globex corporation into \"Globex Corporation\"");
	CHECK_CONTAINS(f.r.text, "same account");
	free(right);
	free(merged);
	fx_close(&f);
}

/*
 * A manager may merge, but how much moved counts other teams' work on the account: the reply
 * leaves the counts out. A contact both accounts had keeps the title only one gave.
 */
static void
test_merge_by_a_manager(void)
{
	fx_open(&f);
	fx_dm(&f, "rita", "log call \"Globex Ltd\"");
	fx_dm(&f, "ray", "log call \"Globex Corporation\"");
	fx_dm(&f, "ray", "log lead \"Globex Ltd\" 5k");
	fx_dm(&f, "rita", "contact add \"Jane Doe\" \"Globex Ltd\" CFO");
	fx_dm(&f, "rita", "contact add \"Jane Doe\" \"Globex Corporation\"");
	fx_dm(&f, "mona", "help");
	fx_run(&f, "console-admin", "role @mona manager");
	fx_run(&f, "console-admin", "manager @rita @mona");
	fx_dm(&f, "mona", "account merge \"Globex Ltd\" into \"Globex Corporation\"");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Merged Globex Ltd into Globex Corporation");
	CHECK(strstr(f.r.text, "entries and") == NULL && strstr(f.r.text, "entry and") == NULL);
	CHECK(strstr(f.r.text, "deal") == NULL);
	CHECK_CONTAINS(f.r.text, "1 contact both had is one now");
	fx_dm(&f, "rita", "contacts \"Globex Corporation\"");
	CHECK_CONTAINS(f.r.text, "Jane Doe                 CFO");
	fx_dm(&f, "ray", "log changes");	/* ray's lead moved too: he reads it */
	CHECK_CONTAINS(f.r.text, "account Globex Ltd → Globex Corporation (by mona)");
	fx_close(&f);
}

/* A deal's number typed where an account goes makes no account of it. */
static void
test_number_is_no_account(void)
{
	static const char *const lines[] = {
		"log call #1", "log meeting #12 about pricing", "contact add Bob #1",
		"log edit {e1} account #1", "log call \"#1\"", "log won #-1", "log lead #+5 5k",
		"log proposal #１２ 5k", "log won # 799", "log won #", "log call \"#hashtag\"",
	};

	fx_open(&f);
	fx_run(&f, "sally", "log call Acme");
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		int64_t before = store_total_rows(f.st);

		fx_run(&f, "sally", lines[i]);
		if (f.rc != -1)
			fprintf(stderr, "  %s -> %s", lines[i], f.r.text);
		CHECK_INT(f.rc, -1);
		CHECK_CONTAINS(f.r.text, "#N is a deal's number");
		CHECK(strstr(f.r.text, "Usage") == NULL);	/* the form was not the problem */
		CHECK_INT(store_total_rows(f.st), before);
	}
	fx_close(&f);
}

int
main(void)
{
	RUN(test_matching);
	RUN(test_number_is_no_account);
	RUN(test_merge_equals_typed_right);
	RUN(test_merge_by_a_manager);
	return test_summary();
}
