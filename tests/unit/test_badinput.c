/*
 * Bad input never half-stores: every malformed command gets a reply that says what was wrong
 * with the usage, and the database is unchanged. Hostile text in valid commands is stored and
 * shown back literally. Exports round-trip and are formula-safe.
 */
#include "tests/unit/cmdtest.h"

static struct fixture f;

static void
setup(void)
{
	fx_open(&f);
	fx_run(&f, "UADMIN", "log verbal Acme 48k");
	fx_run(&f, "sally", "log call Acme");
	fx_run(&f, "boss", "help");
	fx_run(&f, "admin", "manager @sally @boss");
}

static void
test_malformed_table(void)
{
	static char big[4002], note[1100], account[200], utf8[64];
	const char *cases[] = {
		"", "   ", "frobnicate", "log dance Acme", "log call", "log lead Acme 12x",
		"log lead Acme -4k", "log lead Acme 0", "log lead Acme 1e400",
		"log lead Acme 2000000000000", "log won Acme $", "log lead Acme 48,00",
		"log call Acme 2026-02-30", "log call Acme 2026-13-01", "log call Acme 2027-01-01",
		"log call Acme 2026-11-28", "log call \"Acme", big, note, account, utf8,
		"log verbal #0", "log undo extra", "target @nobody 100k",
		"target @sally", "target @sally lots", "target @sally 100k 1999",
		"role @sally boss", "role", "manager @sally",
		"account rename", "account rename Acme",
		"account delete Acme", "away until", "away until someday",
		"away until 2026-02-30", "back now", "export last 0 days", "export last 4000 days",
		"export @nobody", "demo", "demo load now", "help nosuch", "/unknown call Acme",
		"log call <@U123|sally>", "log lead Acme 12k 2026-02-30",
		"log won Acme 1.2.3k", "log call \xe2\x80\x9c" "Acme",
		/* accounts nobody could see or read the right way round */
		"log call \" \"", "log call \xe2\x80\x8b", "log lead \xc2\xa0 5k",
		"log call \"\xe2\x80\x8b \xe3\x80\x80\"", "log call \"\xcc\x81\"",
		"log call \"Acme \xe2\x80\xae" "emca\"", "log call \"\xe2\x81\xa7x\xe2\x81\xa9\"",
		"account rename Acme to \xe2\x80\x8b", "account rename Acme to A\xe2\x80\xae" "B",
		"log call \"\xef\xbe\xa0\"", "log call \"\xe2\xa0\x80\"",
	};
	int n = (int)(sizeof(cases) / sizeof(cases[0]));

	memcpy(big, "log call Acme ", 14);
	memset(big + 14, 'x', sizeof(big) - 15);	/* 4,001 bytes */
	big[sizeof(big) - 1] = '\0';
	CHECK_INT(strlen(big), 4001);
	memcpy(note, "log call Acme ", 14);
	memset(note + 14, 'n', 1001);			/* a 1,001-character note */
	note[14 + 1001] = '\0';
	snprintf(account, sizeof(account), "log call \"%0101d\"", 0);	/* 101 characters */
	snprintf(utf8, sizeof(utf8), "log call Acme caf\xc3 \xff\xfe");
	CHECK(n >= 40);
	for (int i = 0; i < n; i++) {
		int64_t before;

		setup();
		before = store_total_rows(f.st);
		fx_dm(&f, "UADMIN", cases[i]);
		if (f.rc != -1 || !f.r.error)
			fprintf(stderr, "  case %d \"%.60s\" was accepted: %s", i, cases[i], f.r.text);
		CHECK_INT(f.rc, -1);
		CHECK(f.r.error);
		CHECK(strlen(f.r.text) > 20);
		/* The usage, the command list, or (a word that is no command) what to try; a
		 * person nobody is, where the form was right, one line that says so. */
		if (strstr(f.r.text, "I don't know anyone called @nobody.") != NULL) {
			CHECK(strstr(f.r.text, "Usage:") == NULL);
		} else {
			if (!strstr(f.r.text, "Usage:") && !strstr(f.r.text, "Commands (") &&
			    !strstr(f.r.text, "`help` lists everything"))
				fprintf(stderr, "  case %d \"%.60s\" shows no usage: %s", i,
				    cases[i], f.r.text);
			CHECK(strstr(f.r.text, "Usage:") || strstr(f.r.text, "Commands (") ||
			    strstr(f.r.text, "`help` lists everything"));
		}
		CHECK_INT(store_total_rows(f.st), before);
		CHECK(store_integrity_ok(f.st));
		fx_close(&f);
	}
}

/*
 * Commands of the right form that may not or cannot be done: one line saying who may or what
 * state stands in the way, no usage, nothing stored.
 */
static void
test_refusals_are_one_line(void)
{
	static const struct {
		const char *user, *line;
	} cases[] = {
		{ "UADMIN", "log lost Nowhere" }, { "UADMIN", "manager @sally @sally" },
		{ "UADMIN", "account rename Nope to X" }, { "UADMIN", "log proposal Acme" },
		{ "UADMIN", "log qualified #99999999" }, { "sally", "role @boss rep" },
		{ "sally", "funnel @boss" }, { "sally", "log won #1" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *nl;
		int64_t before;

		setup();
		fx_dm(&f, "UADMIN", "log verbal Acme 10k");	/* #1, not sally's */
		before = store_total_rows(f.st);
		fx_dm(&f, cases[i].user, cases[i].line);
		CHECK_INT(f.rc, -1);
		CHECK(f.r.error);
		CHECK_LACKS(f.r.text, "Usage:");
		nl = strchr(f.r.text, '\n');
		if (nl == NULL || nl[1] != '\0')
			fprintf(stderr, "  \"%s\" is not one line: %s", cases[i].line, f.r.text);
		CHECK(nl != NULL && nl[1] == '\0');
		CHECK_INT(store_total_rows(f.st), before);
		fx_close(&f);
	}
}

static void
test_hostile_text_stored_literally(void)
{
	static const struct { const char *line, *note; } cases[] = {
		{ "log call Acme '; DROP TABLE entries; --", "'; DROP TABLE entries; --" },
		{ "log call Acme <script>alert(1)</script>", "<script>alert(1)</script>" },
		{ "log call Acme 100% \"quoted\" note", "100% \"quoted\" note" },
		{ "log call Acme 🎉 signed 🚀", "🎉 signed 🚀" },
		{ "log call Acme %s %n %x %99999d", "%s %n %x %99999d" },
		{ "log call Acme bell\x07here\x1b[31m", "bellhere[31m" },
		{ "log call Acme tab\there\nnext line", "tab\there\nnext line" },
		{ "log call Acme *bold* _it_ `code` ~s~", "*bold* _it_ `code` ~s~" },
		{ "log call \"Robert'); DROP TABLE accounts;--\" hi", "hi" },
	};
	struct person p;
	struct entry e;

	fx_open(&f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx_dm(&f, "sally", cases[i].line);
		CHECK_INT(f.rc, 0);
		CHECK_INT(store_person_by_platform(f.st, "sally", &p), STORE_OK);
		CHECK_INT(store_entry_last(f.st, p.id, &e), STORE_OK);
		CHECK_INT(e.note_len, strlen(cases[i].note));
		CHECK(memcmp(e.note, cases[i].note, e.note_len) == 0);
		CHECK_CONTAINS(f.r.text, cases[i].note);
	}
	{
		int64_t id;
		CHECK_INT(store_account_find(f.st, "Robert'); DROP TABLE accounts;--", 32, &id,
		    NULL, 0), STORE_OK);
	}
	/* Slack's escaping is undone on Slack surfaces, not on the console. */
	fx_dm(&f, "sally", "log call \"Smith &amp; Sons\" a &lt;b&gt; c");
	CHECK_CONTAINS(f.r.text, "Smith & Sons");
	CHECK_CONTAINS(f.r.text, "a <b> c");
	fx_run(&f, "sally", "log call Acme a &amp; b");
	CHECK_CONTAINS(f.r.text, "a &amp; b");
	CHECK(store_integrity_ok(f.st));
	fx_close(&f);
}

/* A minimal RFC 4180 reader: the next field of a row, unquoted. Returns 1 at the end of a
 * row, 0 within one, -1 at the end of the text. */
static int
csv_field(const char **p, char *out, size_t outlen)
{
	const char *s = *p;
	size_t o = 0;

	if (*s == '\0')
		return -1;
	if (*s == '"') {
		for (s++; *s; s++) {
			if (*s == '"' && s[1] == '"')
				s++;
			else if (*s == '"')
				break;
			if (o + 1 < outlen)
				out[o++] = *s;
		}
		s += *s == '"';
	} else {
		for (; *s && *s != ',' && *s != '\r'; s++)
			if (o + 1 < outlen)
				out[o++] = *s;
	}
	out[o] = '\0';
	if (*s == ',') {
		*p = s + 1;
		return 0;
	}
	*p = s + (s[0] == '\r' && s[1] == '\n' ? 2 : 0);
	return 1;
}

static void
test_export_round_trip(void)
{
	static const char *const notes[] = {
		"plain", "with, commas", "with \"quotes\"", "two\nlines", "emoji 🎉 ok",
		"=HYPERLINK(\"http://x\")", "+1 555", "-minus", "@at",
	};
	char line[256], field[512], cells[7][512];
	const char *p;
	int row = 0, col = 0, r;

	fx_open(&f);
	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
		snprintf(line, sizeof(line), "log call Acme %s", notes[i]);
		fx_run(&f, "sally", line);
		CHECK_INT(f.rc, 0);
	}
	fx_run(&f, "sally", "export");
	CHECK_INT(f.rc, 0);
	CHECK(f.r.file != NULL);
	CHECK_CONTAINS(f.r.text, "9 rows");
	CHECK_CONTAINS(f.r.file_name, ".csv");
	p = f.r.file;
	CHECK(strncmp(p, "date,person,kind,account,opportunity,amount,note,contact,entry\r\n", 64) == 0);
	while ((r = csv_field(&p, field, sizeof(field))) >= 0) {
		if (col < 7)
			snprintf(cells[col], sizeof(cells[col]), "%s", field);
		col++;
		if (r == 1) {
			CHECK_INT(col, 9);
			if (row > 0) {
				const char *want = notes[row - 1];
				CHECK_STR(cells[0], "2026-11-27");
				CHECK_STR(cells[2], "call");
				CHECK_STR(cells[3], "Acme");
				if (strchr("=+-@", want[0])) {
					CHECK(cells[6][0] == '\'');
					CHECK_STR(cells[6] + 1, want);
				} else {
					CHECK_STR(cells[6], want);
				}
			}
			row++;
			col = 0;
		}
	}
	CHECK_INT(row, 10);
	/* A period narrows it. */
	fx_run(&f, "sally", "export me last week");
	CHECK_CONTAINS(f.r.text, "0 rows");
	fx_close(&f);
}

int
main(void)
{
	RUN(test_malformed_table);
	RUN(test_refusals_are_one_line);
	RUN(test_hostile_text_stored_literally);
	RUN(test_export_round_trip);
	return test_summary();
}
