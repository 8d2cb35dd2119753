/*
 * How a CRM export's columns and values map onto funnelbot's: which column holds the deal's
 * id, owner, stage, ...; which stage names mean lead ... lost; how dates are written. Read
 * from an INI file (contrib/import/ has one per CRM), or guessed from the header row and
 * printed for the admin to keep.
 */
#ifndef COMMANDS_MAPPING_H
#define COMMANDS_MAPPING_H

#include <stdbool.h>
#include <stdint.h>

#include "commands/buf.h"
#include "commands/csvread.h"

enum import_kind { IMPORT_DEALS, IMPORT_PEOPLE, IMPORT_ACTIVITIES };

/* The columns a mapping can name; which are required depends on the kind. */
enum import_col {
	COL_ID, COL_OWNER, COL_OWNER_EMAIL, COL_ACCOUNT, COL_STAGE, COL_STATUS, COL_AMOUNT,
	COL_CREATED, COL_QUALIFIED, COL_PROPOSAL, COL_VERBAL, COL_CLOSED, COL_WON, COL_LOST,
	COL_NAME, COL_MANAGER, COL_EMAIL,			/* people */
	COL_KIND, COL_DATE, COL_NOTE,				/* activities */
	IMPORT_NCOLS
};

enum date_format { DATES_ISO, DATES_MDY, DATES_DMY, DATES_DMY_DOT };

#define MAPPING_VALUES_MAX	64

struct mapping_value {
	char from[64];		/* as the CRM writes it */
	int to;			/* a stage (0 lead ... 5 lost) or an activity kind */
};

struct mapping {
	enum import_kind kind;
	char source[64];	/* kept with each external id: the same id from two CRMs differs */
	char guessed[32];	/* the layout it was guessed as; "" when read from a file */
	enum date_format dates;
	char col[IMPORT_NCOLS][128];	/* header names, "" when not mapped */
	struct mapping_value stage[MAPPING_VALUES_MAX];
	int nstage;
	struct mapping_value kinds[MAPPING_VALUES_MAX];
	int nkinds;
};

/* Reads an INI mapping; -1 with err set when it cannot be used. */
int mapping_load(struct mapping *m, const char *path, char *err, size_t errlen);
/* Fills m from the header's column names; -1 when nothing known fits. */
int mapping_guess(struct mapping *m, const struct csv_record *header);
/* m as an INI file the admin can keep and edit. */
void mapping_print(const struct mapping *m, struct buf *out);
/* The required columns of m's kind, each a header must have; NULL-terminated names. */
const char *mapping_col_key(enum import_col c);
bool mapping_col_required(const struct mapping *m, enum import_col c);

/* A stage (0 lead ... 5 lost) for a CRM's stage value, -1 for none (any case, trimmed). */
int mapping_stage(const struct mapping *m, const char *s);
/* An activity kind for a CRM's activity type, -1 for none. */
int mapping_kind(const struct mapping *m, const char *s);
/* A date as m writes them (a time after it ignored) to a day number; false if it is none. */
bool mapping_date(const struct mapping *m, const char *s, int *day);
/* A money amount ("48,000", "$1 234.50", "48000.00") to cents; false if it is none. Empty
 * and zero are no amount (*cents -1). */
bool mapping_amount(const char *s, int64_t *cents);

#endif
