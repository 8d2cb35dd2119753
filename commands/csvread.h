/*
 * Reading a CSV export one record at a time, however the CRM or Excel saved it: RFC 4180 by
 * libcsv (quoted fields, doubled quotes, embedded newlines, CRLF), a comma, semicolon or tab
 * as the separator (whichever the header uses), UTF-8 with or without a BOM, UTF-16 with a
 * BOM and Windows-1252 / Latin-1 on request converted by GLib. The file is streamed: memory
 * does not grow with its size. Anything it cannot read whole is an error naming the line, so
 * a file is never half-read.
 */
#ifndef COMMANDS_CSVREAD_H
#define COMMANDS_CSVREAD_H

#include <stddef.h>
#include <stdio.h>

#define CSVREAD_FIELD_MAX	(1 << 20)	/* bytes in one field */
#define CSVREAD_FIELDS_MAX	256		/* fields in one record */

struct csv_record {
	const char *const *field;	/* NUL-terminated, valid UTF-8 without NUL */
	const size_t *len;
	int n;
	long line;			/* the line the record starts on; the header is line 1 */
};

/* Called for each record, the header first; non-zero stops the reading and is returned. */
typedef int (*csvread_fn)(const struct csv_record *r, void *arg);

/*
 * Reads fp to the end. encoding: NULL for UTF-8 (or what a BOM says), else a name iconv knows
 * ("windows-1252", "latin1"). Returns 0, fn's non-zero, or -1 with err set to a sentence
 * (starting "line N: " where there is a line to name).
 */
int csvread(FILE *fp, const char *encoding, csvread_fn fn, void *arg, char *err, size_t errlen);

#endif
