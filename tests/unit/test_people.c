/*
 * People on the console and their names: `person add` (an admin, the console only), and a
 * person can always be named alone -- a username before a display name, their own id when
 * several share a name, and a refusal that lists each with the id that names them.
 */

#include "tests/unit/cmdtest.h"

static struct fixture f;

static void
test_person_add(void)
{
	struct person p;

	fx_open(&f);
	fx_run(&f, "console-admin", "person add maria \"Maria Lopez\" manager");
	CHECK_INT(f.rc, 0);
	CHECK_INT(store_person_by_platform(f.st, "maria", &p), STORE_OK);
	CHECK_STR(p.display_name, "Maria Lopez");
	CHECK_INT(p.role, ROLE_MANAGER);
	fx_run(&f, "console-admin", "person add sally \"Sally Smith\" @maria");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "a rep reporting to Maria Lopez");
	CHECK_INT(store_person_by_platform(f.st, "sally", &p), STORE_OK);
	CHECK_INT(p.role, ROLE_REP);
	CHECK(p.manager_id > 0);
	/* She can be logged for and measured before she ever typed a thing. */
	fx_run(&f, "console-admin", "target @sally 200k");
	CHECK_INT(f.rc, 0);
	fx_run(&f, "sally", "log call Acme");
	CHECK_INT(f.rc, 0);
	fx_run(&f, "maria", "funnel @sally");
	CHECK_INT(f.rc, 0);
	/* Refused: known already, bad names, unknown words, Slack, a rep. */
	{
		static const char *const bad[] = {
			"person add sally", "person add", "person add \"Two Words\"",
			"person add sa@lly", "person add bob x", "person add bob @nobody",
			"person add bob \"\u202eevil\"", "person add bob \"   \"",
			"person add bob inactive", "person list",
		};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			int64_t before = store_total_rows(f.st);
			fx_run(&f, "console-admin", bad[i]);
			if (f.rc != -1)
				fprintf(stderr, "  %s -> %s", bad[i], f.r.text);
			CHECK_INT(f.rc, -1);
			CHECK_INT(store_total_rows(f.st), before);
		}
	}
	fx_dm(&f, "UADMIN", "person add bob");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "On Slack people come from the workspace");
	fx_dm(&f, "sally", "person add bob");
	CHECK_INT(f.rc, -1);
	CHECK_INT(store_person_by_platform(f.st, "bob", &p), STORE_NOTFOUND);
	fx_close(&f);
}

static void
test_names(void)
{
	fx_open(&f);
	fx_run(&f, "console-admin", "person add sally \"Sally Smith\"");
	fx_run(&f, "console-admin", "person add sally2 \"Sally Smith\"");
	fx_run(&f, "console-admin", "person add smith \"Sally\"");	/* display name "Sally" */
	fx_run(&f, "sally", "log call Acme");
	fx_run(&f, "sally2", "log call Globex");
	/* A username wins over someone else's display name. */
	fx_run(&f, "console-admin", "pipeline @sally");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Sally Smith's pipeline");
	fx_run(&f, "console-admin", "export @sally");
	CHECK_CONTAINS(f.r.file, "Acme");
	CHECK(strstr(f.r.file, "Globex") == NULL);
	/* Two display names alike: refused, each listed with the id that names them alone. */
	fx_run(&f, "console-admin", "funnel \"@Sally Smith\"");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "Several people are called @Sally Smith: @sally (sally · Sally "
	    "Smith), @sally2 (sally2 · Sally Smith). Name one by their id, like @sally");
	fx_run(&f, "console-admin", "export @sally2");
	CHECK_CONTAINS(f.r.file, "Globex");
	/* Slack ids name people too, the way a mention does. */
	fx_dm(&f, "U07ABCDEF", "log call Initech");
	fx_run(&f, "console-admin", "export @U07ABCDEF");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.file, "Initech");
	fx_close(&f);
}

int
main(void)
{
	RUN(test_person_add);
	RUN(test_names);
	return test_summary();
}
