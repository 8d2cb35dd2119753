/*
 * The import through commands_import() on an in-memory store: activity files (kinds, the same
 * activity twice is one, again is unchanged), people files (managers made managers), a newer
 * export that hands a deal to another owner, and a deal lost at a stage its status names.
 * The end-to-end cases (the sample data, the CRMs, the bad-input table) are in
 * tests/integration/test_import.py.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/unit/cmdtest.h"

static struct fixture f;
static char dir[] = "/tmp/funnelbot-import-XXXXXX";

/* Writes text to dir/name; returns the path (static, for seven more calls). */
static const char *
file(const char *name, const char *text)
{
	static char paths[8][256];
	static int k;
	char *path = paths[k = (k + 1) % 8];
	FILE *fp;

	snprintf(path, sizeof(paths[0]), "%s/%s", dir, name);
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Imports path (with mapping, or guessed); returns the report (static). */
static const char *
import(const char *path, const char *mapping, bool create)
{
	static char report[8192];
	struct import_options o = { .path = path, .name = "t.csv", .mapping = mapping,
		.create_people = create, .now = f.now, .today = f.today };
	char *text = NULL;

	f.rc = commands_import(f.st, &o, &text);
	snprintf(report, sizeof(report), "%s", text ? text : "(none)");
	free(text);
	return report;
}

static void
test_activities(void)
{
	const char *csv, *map, *r;

	fx_open(&f);
	fx_dm(&f, "rita", "help");		/* rita is someone here */
	map = file("act.ini", "[import]\nkind = activities\nsource = crm\n[columns]\nowner = "
	    "Owner\naccount = Company\nkind = Type\ndate = Date\nnote = Subject\n[kinds]\n"
	    "Phone Call = call\nVisit = meeting\n");
	csv = file("act.csv", "Owner,Company,Type,Date,Subject\nrita,Acme,Phone Call,2026-11-23,"
	    "intro\nrita,Acme,Visit,2026-11-24,on site\nrita,Acme,Email,2026-11-25,\n"
	    "rita,Acme,Phone Call,2026-11-23,intro\n");
	r = import(csv, map, false);
	CHECK_INT(f.rc, -1);			/* the same activity twice */
	CHECK_CONTAINS(r, "line 5: the same activity is on an earlier line too");
	csv = file("act.csv", "Owner,Company,Type,Date,Subject\nrita,Acme,Phone Call,2026-11-23,"
	    "intro\nrita,Acme,Visit,2026-11-24,on site\nrita,Acme,Email,2026-11-25,\n");
	r = import(csv, map, false);
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(r, "Read 3 rows: 3 created, 0 updated, 0 unchanged, 0 skipped.");
	fx_dm(&f, "rita", "log");
	CHECK_CONTAINS(f.r.text, "call Acme — intro");
	CHECK_CONTAINS(f.r.text, "meeting Acme — on site");
	CHECK_CONTAINS(f.r.text, "email Acme");
	r = import(csv, map, false);
	CHECK_CONTAINS(r, "Read 3 rows: 0 created, 0 updated, 3 unchanged, 0 skipped.");
	csv = file("act.csv", "Owner,Company,Type,Date,Subject\nrita,Acme,Lunch,2026-11-23,x\n");
	r = import(csv, map, false);
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(r, "line 2: unknown activity kind \"Lunch\"");
	fx_close(&f);
}

static void
test_people(void)
{
	const char *r;
	struct person p, m;

	fx_open(&f);
	r = import(file("team.csv", "name,manager,email\nAnna Snelling,Dustin Brinkmann,"
	    "Anna@Example.com\nCecily Lampkin,Dustin Brinkmann,\n"), NULL, false);
	CHECK_INT(f.rc, -1);			/* nobody here: not without --create-people */
	CHECK_CONTAINS(r, "People: 0 matched, 3 unmatched: Anna Snelling, Dustin Brinkmann, "
	    "Cecily Lampkin.");
	CHECK_INT(store_total_rows(f.st), 0);
	r = import(file("team.csv", "name,manager,email\nAnna Snelling,Dustin Brinkmann,"
	    "Anna@Example.com\nCecily Lampkin,Dustin Brinkmann,\n"), NULL, true);
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(r, "Read 2 rows: 2 created");
	CHECK_CONTAINS(r, "3 created");
	CHECK_INT(store_person_by_name(f.st, "Anna Snelling", 13, &p), STORE_OK);
	CHECK_STR(p.email, "anna@example.com");
	CHECK_INT(store_person_get(f.st, p.manager_id, &m), STORE_OK);
	CHECK_STR(m.display_name, "Dustin Brinkmann");
	CHECK_INT(m.role, ROLE_MANAGER);
	CHECK_INT(p.role, ROLE_REP);
	/* Found again by email, whatever the name's spelling. */
	r = import(file("team.csv", "name,manager,email\nA. Snelling,Dustin Brinkmann,"
	    "anna@example.com\n"), NULL, false);
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(r, "0 created, 0 updated, 1 unchanged");
	/* The manager sees her team's funnel by the quoted name. */
	fx_run(&f, "console-admin", "funnel @\"Anna Snelling\"");
	CHECK_INT(f.rc, 0);
	fx_close(&f);
}

static void
test_newer_owner_and_lost_at(void)
{
	const char *r, *map;
	struct opp o;
	int64_t id;

	fx_open(&f);
	fx_dm(&f, "rita", "help");
	fx_dm(&f, "ray", "help");
	map = file("pd.ini", "[import]\nsource = pd\n[columns]\nid = ID\nowner = Owner\n"
	    "account = Org\nstage = Stage\nstatus = Status\namount = Value\ncreated = Created\n"
	    "lost = Lost time\n[stages]\nQualified = lead\nProposal Made = proposal\n");
	r = import(file("pd.csv", "ID,Owner,Org,Stage,Status,Value,Created,Lost time\n"
	    "1,rita,Acme,Proposal Made,lost,5000,2026-10-01,2026-11-02\n"
	    "2,rita,Initech,Qualified,open,,2026-10-05,\n"), map, false);
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(r, "2 created");
	CHECK_INT(store_import_find(f.st, "pd", "1", &id), STORE_OK);
	CHECK_INT(store_opp_get(f.st, id, &o), STORE_OK);
	CHECK_INT(o.s.stage, 5);
	CHECK_INT(o.s.reached, 2);		/* lost at proposal, as the stage column says */
	CHECK_INT(o.s.closed_day, cal_day(2026, 11, 2));
	CHECK_INT(o.s.amount, 500000);
	/* The newer export hands deal 2 to ray: his now, and only that row changed. */
	r = import(file("pd.csv", "ID,Owner,Org,Stage,Status,Value,Created,Lost time\n"
	    "1,rita,Acme,Proposal Made,lost,5000,2026-10-01,2026-11-02\n"
	    "2,ray,Initech,Qualified,open,,2026-10-05,\n"), map, false);
	CHECK_CONTAINS(r, "0 created, 1 updated, 1 unchanged");
	CHECK_INT(store_import_find(f.st, "pd", "2", &id), STORE_OK);
	CHECK_INT(store_opp_get(f.st, id, &o), STORE_OK);
	fx_dm(&f, "ray", "pipeline");
	CHECK_CONTAINS(f.r.text, "Initech");
	fx_dm(&f, "rita", "pipeline");
	CHECK(strstr(f.r.text, "Initech") == NULL);
	fx_close(&f);
}

/* The workspace as users.lookupByEmail would answer: one member. */
static int
member_by_email(const char *email, char member[40], char handle[64], void *arg)
{
	int *calls = arg;

	(*calls)++;
	if (strcmp(email, "zed@example.com") != 0)
		return 0;
	snprintf(member, 40, "U0ZED");
	snprintf(handle, 64, "zed");
	return 1;
}

/* On Slack, an owner nobody here is but whose email a workspace member has is that member. */
static void
test_owner_is_a_workspace_member(void)
{
	struct import_options o = { .name = "t.csv", .now = 1795780800, .today = 20784,
		.member_by_email = member_by_email };
	struct person p;
	char *text = NULL;
	int calls = 0;

	fx_open(&f);
	o.member_arg = &calls;
	o.path = file("m.csv", "id,owner,owner_email,account,stage,amount,created,closed\n"
	    "1,Zed Zimmer,Zed@Example.com,Acme,lead,1000,2026-11-02,\n"
	    "2,Zed Zimmer,Zed@Example.com,Acme,won,2000,2026-11-03,2026-11-20\n"
	    "3,Nobody,no@example.com,Acme,lead,,2026-11-04,\n");
	o.mapping = file("m.ini", "[columns]\nid = id\nowner = owner\nowner_email = owner_email\n"
	    "account = account\nstage = stage\namount = amount\ncreated = created\n"
	    "closed = closed\n");
	CHECK_INT(commands_import(f.st, &o, &text), -1);	/* Nobody: nobody anywhere */
	CHECK_CONTAINS(text, "1 matched, 1 unmatched: Nobody.");
	free(text);
	CHECK_INT(store_person_by_platform(f.st, "U0ZED", &p), STORE_NOTFOUND);
	o.skip_bad = true;
	CHECK_INT(commands_import(f.st, &o, &text), 0);
	CHECK_CONTAINS(text, "2 created");
	free(text);
	CHECK_INT(store_person_by_platform(f.st, "U0ZED", &p), STORE_OK);
	CHECK_STR(p.display_name, "Zed Zimmer");
	CHECK_STR(p.username, "zed");
	CHECK_STR(p.email, "zed@example.com");
	CHECK(calls >= 2);
	fx_close(&f);
}

int
main(void)
{
	char cmd[128];

	if (mkdtemp(dir) == NULL)
		return 1;
	RUN(test_activities);
	RUN(test_people);
	RUN(test_newer_owner_and_lost_at);
	RUN(test_owner_is_a_workspace_member);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return test_summary();
}
