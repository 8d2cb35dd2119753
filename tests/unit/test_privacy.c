/*
 * The authorization matrix: every verb that shows or changes one person's data, asked by a
 * rep, a manager, another manager and an admin, about themselves, a direct report and a
 * stranger. A refused reply says who may, and holds no number at all.
 */

#include "tests/unit/cmdtest.h"

static struct fixture f;

/* mona manages rita; otto manages ray; UADMIN is an admin by the config. Everyone has data. */
static void
setup(void)
{
	static const char *const people[] = { "rita", "ray", "mona", "otto", "UADMIN" };

	fx_open(&f);
	for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		char line[64];
		snprintf(line, sizeof(line), "log verbal Deal%zu 48k", i);
		fx_dm(&f, people[i], line);
		fx_dm(&f, people[i], "log call Acme 2026-11-20 called 555-0100");
	}
	fx_run(&f, "console-admin", "manager @rita @mona");
	fx_run(&f, "console-admin", "manager @ray @otto");
	fx_run(&f, "console-admin", "target @rita 300k");
	fx_run(&f, "console-admin", "target @ray 300k");
}

struct asker {
	const char *id;
	const char *self, *report, *stranger;	/* NULL: no such person for this asker */
	bool manager, admin;
};

static void
test_matrix(void)
{
	static const struct asker askers[] = {
		{ "rita", "rita", NULL, "ray", false, false },
		{ "mona", "mona", "rita", "ray", true, false },
		{ "otto", "otto", "ray", "rita", true, false },
		{ "UADMIN", "UADMIN", "rita", "ray", false, true },
	};
	static const struct { const char *verb, *after; bool self_ok; } verbs[] = {
		{ "funnel", "", true }, { "insights", "", true }, { "pipeline", "", true },
		{ "export", "", true }, { "nudge preview", "", true },
		{ "target", " 100k", false },	/* a rep may not set their own */
		{ "funnel", " last quarter", true }, { "insights", " this year", true },
	};
	int checked = 0;

	for (size_t v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++) {
		for (size_t a = 0; a < sizeof(askers) / sizeof(askers[0]); a++) {
			const struct asker *k = &askers[a];
			const char *targets[3] = { k->self, k->report, k->stranger };
			for (int t = 0; t < 3; t++) {
				char line[128];
				bool expect;
				int64_t before;

				if (targets[t] == NULL)
					continue;
				expect = k->admin || (t == 0 && verbs[v].self_ok) ||
				    (t == 1 && k->manager);
				setup();
				snprintf(line, sizeof(line), "%s @%s%s", verbs[v].verb, targets[t],
				    verbs[v].after);
				before = store_total_rows(f.st);
				fx_dm(&f, k->id, line);
				if ((f.rc == 0) != expect)
					fprintf(stderr, "  %s asking \"%s\": %s", k->id, line,
					    f.r.text);
				CHECK_INT(f.rc == 0, expect);
				if (!expect) {
					CHECK_CONTAINS(f.r.text, "Only");
					CHECK(!fx_has_digit(f.r.text));
					CHECK(f.r.blocks == NULL);
					CHECK(f.r.file == NULL);
					CHECK_INT(store_total_rows(f.st), before);
				}
				checked++;
				fx_close(&f);
			}
		}
	}
	CHECK(checked >= 80);
}

/* Verbs about the team: a rep gets no names; a manager their own reports only. */
static void
test_team_views(void)
{
	setup();
	fx_dm(&f, "otto", "team");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "ray");
	CHECK_LACKS(f.r.text, "rita");
	fx_dm(&f, "otto", "export team");
	CHECK_INT(f.rc, 0);
	CHECK(f.r.file != NULL && strstr(f.r.file, "ray") && !strstr(f.r.file, "rita"));
	fx_dm(&f, "rita", "export team");
	CHECK_INT(f.rc, -1);
	fx_dm(&f, "rita", "export all");
	CHECK_INT(f.rc, -1);
	CHECK(!fx_has_digit(f.r.text));
	fx_dm(&f, "mona", "nudge send all");
	CHECK_INT(f.rc, -1);
	fx_close(&f);
}

int
main(void)
{
	RUN(test_matrix);
	RUN(test_team_views);
	return test_summary();
}
