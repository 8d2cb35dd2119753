/*
 * Inside the import (commands/import.c reads the file, the people and the activities and writes
 * the report; commands/import_deals.c turns a deal row into what logging it would have made).
 */
#ifndef COMMANDS_IMPORT_INT_H
#define COMMANDS_IMPORT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "commands/buf.h"
#include "commands/commands.h"
#include "commands/csvread.h"
#include "commands/mapping.h"
#include "store/store.h"

#define NO_DAY		STORE_NO_DAY
#define PROBLEMS_SHOWN	20	/* problem lines in a report; the rest are counted */
#define OWNERS_MAX	2000	/* distinct owners one file may name */
#define NO_ACCOUNT	"(no account)"

/* One owner as the file names them, and who they are here (0: nobody yet). */
struct owner {
	char *name;
	int64_t person_id;
	char member[40];	/* a workspace member the file's email names, before they are here */
	char handle[64];	/* their handle there */
};

struct run {
	struct store *st;
	const struct import_options *o;
	struct mapping m;
	int idx[IMPORT_NCOLS];		/* each mapped column's field index, -1 unmapped */
	int nfields;			/* the header's */
	bool applying;			/* the second pass */
	bool header_seen;
	char err[512];			/* why the file cannot be read at all */
	struct buf problems;		/* "line N: ..." */
	long nproblems, rows, created, updated, unchanged, skipped;
	long people_created;
	int first_day, last_day;	/* of every date in the file */
	struct owner *owners;
	int nowners;
	bool undated;			/* a row with no date, taken as of last_day */
	int store_rc;			/* a store failure in the second pass */
};

/* A row's field for column c, trimmed, into out; "" when unmapped or empty. */
const char *import_field(const struct run *r, const struct csv_record *rec, enum import_col c,
    char *out, size_t cap);
/* Notes a row's problem (the first pass only; the second meets the same ones). Returns 1. */
int import_problem(struct run *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The owner a row names: their person id, 0 while unmatched, -1 when ambiguous (noted) or the
 * store failed (r->store_rc). */
int64_t import_owner(struct run *r, long line, const char *name, const char *email);
/* A date column's day into *day (NO_DAY when empty); false with the problem noted. */
bool import_day(struct run *r, const struct csv_record *rec, enum import_col c, int *day);
/* The account a row names (found, or made), into *id. */
int import_account(struct run *r, const char *name, int64_t *id);
/* A guessed mapping lists each value the file uses, with how it was read. */
void import_keep_value(struct mapping_value *v, int *n, const char *from, int to);
/* One deal row: checked (first pass) or written (second). Returns 0 or r->store_rc. */
int import_deal_row(struct run *r, const struct csv_record *rec);

#endif
