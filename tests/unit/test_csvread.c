/*
 * The CSV reader and the mapping's values: records and the lines they start on, whatever the
 * file's quoting, line ends, separator and encoding; every way a file can be unreadable named
 * with its line; dates and amounts as CRMs write them; a mapping guessed from a header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/buf.h"
#include "commands/csvread.h"
#include "commands/mapping.h"
#include "insights/calendar.h"
#include "tests/test.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The records as "line:f1|f2|...;" */
static int
collect(const struct csv_record *r, void *arg)
{
	struct buf *b = arg;

	buf_printf(b, "%ld:", r->line);
	for (int i = 0; i < r->n; i++)
		buf_printf(b, "%s%s", i ? "|" : "", r->field[i]);
	buf_puts(b, ";");
	return 0;
}

/* A stream over a copy of s (n bytes); fclose() it, then free *copy. */
static FILE *
open_text(const char *s, size_t n, char **copy)
{
	*copy = malloc(n + 1);
	if (*copy == NULL)
		return NULL;
	memcpy(*copy, s, n);
	return fmemopen(*copy, n, "rb");
}

static int
read_text(const char *s, size_t n, const char *enc, struct buf *out, char *err, size_t errlen)
{
	char *copy;
	FILE *fp = open_text(s, n, &copy);
	int rc;

	if (fp == NULL) {
		free(copy);
		return -2;
	}
	rc = csvread(fp, enc, collect, out, err, errlen);
	fclose(fp);
	free(copy);
	return rc;
}

static void
test_records(void)
{
	static const struct { const char *in, *want; } t[] = {
		{ "a,b\n1,2\n", "1:a|b;2:1|2;" },
		{ "a,b\r\n1,2\r\n", "1:a|b;2:1|2;" },
		{ "a,b\n1,2", "1:a|b;2:1|2;" },				/* no final newline */
		{ "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n", "1:a|b;2:x, y|say \"hi\";" },
		{ "a,b\n\"one\ntwo\nthree\",z\n9,9\n", "1:a|b;2:one\ntwo\nthree|z;5:9|9;" },
		{ "a;b;c\n1;2,5;3\n", "1:a|b|c;2:1|2,5|3;" },		/* Excel's semicolons */
		{ "a\tb\n1\t2\n", "1:a|b;2:1|2;" },
		{ "\xef\xbb\xbf" "id,name\n7,Zoë\n", "1:id|name;2:7|Zoë;" },	/* a UTF-8 BOM */
		{ "a,b\n\n1,2\n", "1:a|b;3:1|2;" },			/* a blank line */
		{ "a,b\n,\n", "1:a|b;2:|;" },
		{ "name\nАнна Петрова\n王伟\n👩🏽‍💼\n", "1:name;2:Анна Петрова;3:王伟;4:👩🏽‍💼;" },
	};

	for (size_t i = 0; i < NELEM(t); i++) {
		struct buf b = { 0 };
		char err[256];
		int rc = read_text(t[i].in, strlen(t[i].in), NULL, &b, err, sizeof(err));

		if (rc != 0)
			fprintf(stderr, "  case %zu: %s\n", i, err);
		CHECK_INT(rc, 0);
		CHECK_STR(buf_str(&b), t[i].want);
		buf_free(&b);
	}
}

static void
test_utf16(void)
{
	/* "id,name\n1,Café\n" as UTF-16 LE with its BOM. */
	static const char le[] = "\xff\xfe" "i\0d\0,\0n\0a\0m\0e\0\n\0" "1\0,\0C\0a\0f\0\xe9\0\n\0";
	static const char be[] = "\xfe\xff" "\0i\0d\0,\0n\0a\0m\0e\0\n" "\0" "1\0,\0C\0a\0f\0\xe9\0\n";
	struct buf b = { 0 };
	char err[256];

	CHECK_INT(read_text(le, sizeof(le) - 1, NULL, &b, err, sizeof(err)), 0);
	CHECK_STR(buf_str(&b), "1:id|name;2:1|Café;");
	buf_free(&b);
	CHECK_INT(read_text(be, sizeof(be) - 1, NULL, &b, err, sizeof(err)), 0);
	CHECK_STR(buf_str(&b), "1:id|name;2:1|Café;");
	buf_free(&b);
	/* Latin-1 by name; without it, refused with what to do. */
	CHECK_INT(read_text("id,name\n1,Caf\xe9\n", 15, "windows-1252", &b, err, sizeof(err)), 0);
	CHECK_STR(buf_str(&b), "1:id|name;2:1|Café;");
	buf_free(&b);
	CHECK_INT(read_text("id,name\n1,Caf\xe9\n", 15, NULL, &b, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "line 2 is not UTF-8");
	CHECK_CONTAINS(err, "--encoding windows-1252");
	buf_free(&b);
	CHECK_INT(read_text("a\n", 2, "no-such-code", &b, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "unknown encoding");
	buf_free(&b);
}

/* A character cut by the reader's 64 KiB chunks is read whole. */
static void
test_chunk_boundary(void)
{
	size_t n = 65536 * 2 + 10;
	char *s = malloc(n + 1);
	struct buf b = { 0 };
	char err[256];

	memcpy(s, "a\n", 2);
	memset(s + 2, 'x', n - 2);
	memcpy(s + 65535, "é", 2);		/* straddles the first chunk's end */
	memcpy(s + 65536 * 2 - 1, "€", 3);	/* and the second's */
	s[n - 1] = '\n';
	b.max = 1 << 20;
	CHECK_INT(read_text(s, n, NULL, &b, err, sizeof(err)), 0);
	CHECK(strstr(buf_str(&b), "é") != NULL && strstr(buf_str(&b), "€") != NULL);
	buf_free(&b);
	free(s);
}

static void
test_unreadable(void)
{
	static const struct { const char *in; size_t n; const char *err; } t[] = {
		{ "", 0, "the file is empty" },
		{ "a,b\n1,\"2\n3,4\n", 0, "line 2: a quoted field is never closed" },
		{ "a,b\n1,x\"y\n", 0, "line 2: a quote out of place" },
		{ "a,b\n1,\"x\"y\n", 0, "line 2: a quote out of place" },
		{ "a,b\n1,2\x00\n", 9, "line 2: a NUL byte" },
		{ "a,b\n1,\xff\n", 0, "line 2 is not UTF-8" },
		{ "a,b\n1,\xe2\x82", 0, "ends in the middle of a character" },
		{ "a,b\n1,\xc0\xaf\n", 0, "line 2 is not UTF-8" },	/* an overlong '/' */
	};

	for (size_t i = 0; i < NELEM(t); i++) {
		struct buf b = { 0 };
		char err[256];
		size_t n = t[i].n ? t[i].n : strlen(t[i].in);

		CHECK_INT(read_text(t[i].in, n, NULL, &b, err, sizeof(err)), -1);
		if (strstr(err, t[i].err) == NULL)
			fprintf(stderr, "  case %zu: \"%s\"\n", i, err);
		CHECK_CONTAINS(err, t[i].err);
		buf_free(&b);
	}
}

/* A field over 1 MiB, or more than 256 fields: refused, memory bounded. */
static void
test_limits(void)
{
	size_t n = (1 << 20) + 100;
	char *s = malloc(n + 8), err[256];
	struct buf b = { 0 };

	memcpy(s, "a\n\"", 3);
	memset(s + 3, 'y', n - 3);
	memcpy(s + n, "\"\n", 2);
	CHECK_INT(read_text(s, n + 2, NULL, &b, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "line 2: a field longer than 1 MiB");
	buf_free(&b);
	for (int i = 0; i < 300; i++)
		memcpy(s + 2 * i, "x,", 2);
	s[600] = '\n';
	CHECK_INT(read_text(s, 601, NULL, &b, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "line 1: more than 256 fields");
	buf_free(&b);
	free(s);
}

static void
test_dates_and_amounts(void)
{
	static const struct mapping iso = { .dates = DATES_ISO }, mdy = { .dates = DATES_MDY },
		dmy = { .dates = DATES_DMY }, dot = { .dates = DATES_DMY_DOT };
	static const struct { const struct mapping *m; const char *in; int y, mo, d; } ok[] = {
		{ &iso, "2017-03-01", 2017, 3, 1 }, { &iso, " 2017-03-01 ", 2017, 3, 1 },
		{ &iso, "2017-03-01 10:22", 2017, 3, 1 }, { &iso, "2017-03-01T10:22:00Z", 2017, 3, 1 },
		{ &mdy, "3/1/2017", 2017, 3, 1 }, { &mdy, "12/31/2017", 2017, 12, 31 },
		{ &mdy, "2017-03-01", 2017, 3, 1 }, { &dmy, "1/3/2017", 2017, 3, 1 },
		{ &dmy, "31/12/2017 08:00", 2017, 12, 31 }, { &dot, "01.03.2017", 2017, 3, 1 },
		{ &iso, "2016-02-29", 2016, 2, 29 },
	};
	static const struct { const struct mapping *m; const char *in; } bad[] = {
		{ &iso, "2017-13-40" }, { &iso, "2017-02-29" }, { &iso, "yesterday" },
		{ &iso, "3/1/2017" }, { &mdy, "13/1/2017" }, { &dmy, "31/02/2017" },
		{ &iso, "2017-03-01x" }, { &iso, "1899-01-01" }, { &mdy, "3/1/17" },
		{ &iso, "2017-3-1" },
	};
	static const struct { const char *in; int64_t cents; } amounts[] = {
		{ "48000", 4800000 }, { "48,000", 4800000 }, { "48 000", 4800000 },
		{ "$1,234.50", 123450 }, { "1054", 105400 }, { "48000.00", 4800000 },
		{ "0.5", 50 }, { "", -1 }, { "0", -1 }, { "0.00", -1 }, { "€ 12", 1200 },
	};
	static const char *const bad_amounts[] = { "12,34,5", "$", "1e999", "-5", "twelve",
		"1.234,56", "1,2345", "12.345", "99999999999999999999", "1,,000" };
	int day;
	int64_t c;

	for (size_t i = 0; i < NELEM(ok); i++) {
		bool r = mapping_date(ok[i].m, ok[i].in, &day);

		if (!r)
			fprintf(stderr, "  date \"%s\" refused\n", ok[i].in);
		CHECK(r && day == cal_day(ok[i].y, ok[i].mo, ok[i].d));
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		if (mapping_date(bad[i].m, bad[i].in, &day))
			fprintf(stderr, "  date \"%s\" read\n", bad[i].in);
		CHECK(!mapping_date(bad[i].m, bad[i].in, &day));
	}
	for (size_t i = 0; i < NELEM(amounts); i++) {
		CHECK(mapping_amount(amounts[i].in, &c));
		if (c != amounts[i].cents)
			fprintf(stderr, "  amount \"%s\" -> %lld\n", amounts[i].in, (long long)c);
		CHECK_INT(c, amounts[i].cents);
	}
	for (size_t i = 0; i < NELEM(bad_amounts); i++) {
		if (mapping_amount(bad_amounts[i], &c))
			fprintf(stderr, "  amount \"%s\" read as %lld\n", bad_amounts[i],
			    (long long)c);
		CHECK(!mapping_amount(bad_amounts[i], &c));
	}
}

static int
guess_header(const struct csv_record *r, void *arg)
{
	return mapping_guess(arg, r) == 0 ? 1 : 2;	/* stop after the header */
}

static void
test_guess(void)
{
	static const struct { const char *header, *layout; int kind; } t[] = {
		{ "\"Opportunity ID\",\"Opportunity Name\",\"Account Name\",\"Opportunity Owner\","
		  "\"Stage\",\"Amount\",\"Close Date\",\"Created Date\"\n", "salesforce", IMPORT_DEALS },
		{ "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,"
		  "Associated Company\n", "hubspot", IMPORT_DEALS },
		{ "Deal - ID,Deal - Title,Deal - Organization,Deal - Owner,Deal - Stage,"
		  "Deal - Status,Deal - Value\n", "pipedrive", IMPORT_DEALS },
		{ "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,"
		  "close_value\n", "crm-sales-opportunities", IMPORT_DEALS },
		{ "id,owner,account,stage,amount,created,closed\n", "generic", IMPORT_DEALS },
		{ "sales_agent,manager,regional_office\n", "generic", IMPORT_PEOPLE },
	};
	struct mapping m;
	char err[64];

	for (size_t i = 0; i < NELEM(t); i++) {
		char *copy;
		FILE *fp = open_text(t[i].header, strlen(t[i].header), &copy);

		CHECK_INT(csvread(fp, NULL, guess_header, &m, err, sizeof(err)), 1);
		fclose(fp);
		free(copy);
		CHECK_STR(m.guessed, t[i].layout);
		CHECK_INT(m.kind, t[i].kind);
	}
	/* Salesforce writes US dates; the sample data's source is its shipped mapping's. */
	{
		char *copy;
		FILE *fp = open_text(t[0].header, strlen(t[0].header), &copy);

		csvread(fp, NULL, guess_header, &m, err, sizeof(err));
		fclose(fp);
		free(copy);
		CHECK_INT(m.dates, DATES_MDY);
		CHECK_STR(m.col[COL_OWNER], "Opportunity Owner");
		CHECK_INT(mapping_stage(&m, "Negotiation/Review"), 3);
		CHECK_INT(mapping_stage(&m, " closed won "), 4);
		CHECK_INT(mapping_stage(&m, "Frozen"), -1);
	}
	{
		static const char none[] = "colour,size\n";
		char *copy;
		FILE *fp = open_text(none, strlen(none), &copy);

		CHECK_INT(csvread(fp, NULL, guess_header, &m, err, sizeof(err)), 2);
		fclose(fp);
		free(copy);
	}
}

int
main(void)
{
	RUN(test_records);
	RUN(test_utf16);
	RUN(test_chunk_boundary);
	RUN(test_unreadable);
	RUN(test_limits);
	RUN(test_dates_and_amounts);
	RUN(test_guess);
	return test_summary();
}
