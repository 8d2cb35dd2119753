/*
 * Contacts: added at an account, found by whole or first name when an activity is logged
 * `with` one, counted per asker, merged with their account, exported; bad input refused with
 * nothing stored.
 */

#include "tests/unit/cmdtest.h"

static struct fixture f;

static int
count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static int64_t
contact_of(int entry)
{
	struct entry e;

	return store_entry_get(f.st, fx_entry(&f, (int)entry), &e) == STORE_OK ? e.contact_id : -1;
}

static void
test_with(void)
{
	struct contact c;

	fx_open(&f);
	fx_dm(&f, "rita", "log lead Acme 40k");				/* entry 1 */
	fx_dm(&f, "rita", "contact add \"Jane Doe\" Acme CFO jane@acme.com");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Added Jane Doe at Acme (CFO, jane@acme.com)");
	CHECK_INT(store_contact_find(f.st, 1, "jane doe", 8, &c), STORE_OK);
	CHECK_STR(c.title, "CFO");
	CHECK_STR(c.email, "jane@acme.com");
	fx_dm(&f, "rita", "contact add \"jane doe\" acme");		/* the same person */
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "already has a contact");
	fx_dm(&f, "rita", "contact add \"Jane Roe\" Acme");
	fx_dm(&f, "rita", "contact add Bob Acme head of IT");
	CHECK_CONTAINS(f.r.text, "(head of IT)");

	fx_dm(&f, "rita", "log meeting Acme with Jane Doe about pricing");	/* entry 2 */
	CHECK_INT(contact_of(2), 1);
	fx_dm(&f, "rita", "log call Acme with bob");			/* entry 3: first name */
	CHECK_INT(contact_of(3), 3);
	fx_dm(&f, "rita", "log call Acme with Jane");			/* two Janes */
	CHECK_INT(contact_of(4), 0);
	CHECK_CONTAINS(f.r.text, "several contacts here are called Jane");
	fx_dm(&f, "rita", "log call Acme with Mary");
	CHECK_INT(contact_of(5), 0);
	CHECK_CONTAINS(f.r.text, "no contact Mary");
	fx_dm(&f, "rita", "log call Acme without agenda");		/* not "with" */
	CHECK_INT(contact_of(6), 0);
	CHECK(strstr(f.r.text, "Note: no contact") == NULL);

	/* Each asker's own activities with them. */
	fx_dm(&f, "ray", "log call Acme with Bob");			/* entry 7 */
	CHECK_INT(contact_of(7), 3);
	fx_dm(&f, "rita", "contacts Acme");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Bob                      head of IT");
	CHECK_CONTAINS(f.r.text, " 1 with you, last Fri 27 Nov");
	CHECK(strstr(f.r.text, "2 with you") == NULL);
	fx_dm(&f, "ray", "contacts acme");
	CHECK_CONTAINS(f.r.text, "Jane Doe                 CFO                  jane@acme.com\n");

	/* The deal's story names the people at its account. */
	fx_dm(&f, "rita", "deal #{d1}");
	CHECK_CONTAINS(f.r.text, "Contacts at Acme: Bob (head of IT), Jane Doe (CFO), Jane Roe.");
	/* The export names the contact and the entry. */
	fx_dm(&f, "rita", "export");
	CHECK(f.r.file != NULL);
	CHECK_CONTAINS(f.r.file, fx_x(&f, ",Jane Doe,{e2}\r\n"));

	/* Merging accounts merges their contacts: the duplicate goes, its entries follow. */
	fx_dm(&f, "rita", "log call \"ACME Ltd\" with nobody");	/* entry 8 */
	fx_dm(&f, "rita", "contact add \"Jane Doe\" \"ACME Ltd\"");
	fx_dm(&f, "rita", "contact add Zoe \"ACME Ltd\"");
	fx_dm(&f, "rita", "log call \"ACME Ltd\" with Jane Doe");	/* entry 9 */
	CHECK(contact_of(9) > 3);
	fx_run(&f, "console-admin", "account merge \"ACME Ltd\" into Acme");
	CHECK_INT(f.rc, 0);
	CHECK_INT(contact_of(9), 1);
	fx_dm(&f, "rita", "contacts Acme");
	CHECK_CONTAINS(f.r.text, "Zoe");
	CHECK_INT(count_of(f.r.text, "Jane Doe"), 1);
	/* Case, in any script, is the same person. */
	fx_dm(&f, "rita", "contact add \"Пётр Иванов\" Acme");
	CHECK_INT(f.rc, 0);
	fx_dm(&f, "rita", "contact add \"пётр иванов\" Acme");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "already has a contact");
	fx_dm(&f, "rita", "log call Acme with ПЁТР");
	CHECK(strstr(f.r.text, "no contact") == NULL);
	fx_close(&f);
}

/* An account that has contacts is not removed when the entry that created it is undone. */
static void
test_account_kept(void)
{
	fx_open(&f);
	fx_dm(&f, "rita", "log call Initech");
	fx_dm(&f, "rita", "contact add Peter Initech");
	fx_dm(&f, "rita", "log undo");
	CHECK_INT(f.rc, 0);
	CHECK(strstr(f.r.text, "account removed") == NULL);
	fx_dm(&f, "rita", "contacts Initech");
	CHECK_CONTAINS(f.r.text, "Peter");
	fx_close(&f);
}

static void
test_bad_input(void)
{
	static const char *const lines[] = {
		"contact", "contact add", "contact add Jane", "contact Jane Acme",
		"contact add \"   \" Acme", "contact add \"\u200b\" Acme",
		"contact add \"Ja\u202ene\" Acme", "contact add <@U1> Acme",
		"contacts", "contacts Nowhere", "contacts Acme extra",
		"contact add Jane \"\u202e\"",
	};
	char longname[512];

	fx_open(&f);
	fx_dm(&f, "rita", "log call Acme");
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		int64_t before = store_total_rows(f.st);

		fx_dm(&f, "rita", lines[i]);
		if (f.rc != -1)
			fprintf(stderr, "  %s -> %s", lines[i], f.r.text);
		CHECK_INT(f.rc, -1);
		CHECK(f.r.text && f.r.text[0]);
		CHECK_INT(store_total_rows(f.st), before);
	}
	memset(longname, 'a', 101);
	snprintf(longname, sizeof(longname), "contact add %.*s Acme", 101,
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaa");
	fx_dm(&f, "rita", longname);
	CHECK_INT(f.rc, -1);
	fx_close(&f);
}

/* A quoted account differing only by suffix or case is the account there is, not a new one. */
static void
test_quoted_account_is_the_one_there(void)
{
	int64_t id;

	fx_open(&f);
	fx_dm(&f, "rita", "log call Globex");
	fx_dm(&f, "rita", "contact add \"Jane Doe\" \"Globex Corporation\" CTO");
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "Added Jane Doe at Globex");
	CHECK(strstr(f.r.text, "new account") == NULL);
	CHECK_INT(store_account_find(f.st, "Globex Corporation", 18, &id, NULL, 0), STORE_NOTFOUND);
	fx_dm(&f, "rita", "contact add \"Bob\" \"Initech\"");	/* none like it: new */
	CHECK_CONTAINS(f.r.text, "(new account)");
	fx_close(&f);
}

int
main(void)
{
	RUN(test_with);
	RUN(test_quoted_account_is_the_one_there);
	RUN(test_account_kept);
	RUN(test_bad_input);
	return test_summary();
}
