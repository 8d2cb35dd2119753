/*
 * Import mappings (see mapping.h): the INI file, the guess from a header, the values.
 */
#include <ctype.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands/mapping.h"
#include "insights/calendar.h"
#include "store/store.h"

/* Each column's key in a mapping file, and the header names the guess knows it by. */
static const struct {
	const char *key;
	const char *known[8];
} cols[IMPORT_NCOLS] = {
	[COL_ID] = { "id", { "opportunity_id", "opportunity id", "record id", "deal - id",
		"deal id", "id", "activity id" } },
	[COL_OWNER] = { "owner", { "sales_agent", "opportunity owner", "deal owner",
		"deal - owner", "owner", "assigned to", "activity owner" } },
	[COL_OWNER_EMAIL] = { "owner_email", { "owner email", "owner_email",
		"opportunity owner email", "deal - owner email" } },
	[COL_ACCOUNT] = { "account", { "account", "account name", "associated company",
		"deal - organization", "organization", "company", "company name" } },
	[COL_STAGE] = { "stage", { "deal_stage", "stage", "deal stage", "deal - stage" } },
	[COL_STATUS] = { "status", { "deal - status", "status" } },
	[COL_AMOUNT] = { "amount", { "close_value", "amount", "deal - value", "value" } },
	[COL_CREATED] = { "created", { "created date", "create date", "deal - deal created",
		"created", "created_date" } },
	[COL_QUALIFIED] = { "qualified", { "engage_date", "qualified date", "qualified" } },
	[COL_PROPOSAL] = { "proposal", { "proposal date" } },
	[COL_VERBAL] = { "verbal", { "verbal date" } },
	[COL_CLOSED] = { "closed", { "close_date", "close date", "closed", "closed date" } },
	[COL_WON] = { "won", { "deal - won time", "won time", "won date" } },
	[COL_LOST] = { "lost", { "deal - lost time", "lost time", "lost date" } },
	[COL_NAME] = { "name", { "name", "full name", "sales_agent", "user", "rep" } },
	[COL_MANAGER] = { "manager", { "manager", "manager name", "reports to" } },
	[COL_EMAIL] = { "email", { "email", "e-mail", "email address" } },
	[COL_KIND] = { "kind", { "activity type", "type", "kind", "activity - type" } },
	[COL_DATE] = { "date", { "date", "activity date", "due date", "activity - due date" } },
	[COL_NOTE] = { "note", { "subject", "note", "notes", "activity - subject" } },
};

/* Stage names CRMs ship with, used when the mapping does not name a value itself. */
static const struct mapping_value known_stages[] = {
	{ "lead", 0 }, { "prospecting", 0 }, { "new", 0 }, { "appointment scheduled", 0 },
	{ "lead in", 0 },
	{ "qualified", 1 }, { "qualification", 1 }, { "qualified to buy", 1 }, { "engaging", 1 },
	{ "needs analysis", 1 }, { "contact made", 1 },
	{ "proposal", 2 }, { "value proposition", 2 }, { "id. decision makers", 2 },
	{ "perception analysis", 2 }, { "proposal/price quote", 2 },
	{ "presentation scheduled", 2 }, { "demo scheduled", 2 }, { "proposal made", 2 },
	{ "verbal", 3 }, { "negotiation/review", 3 }, { "negotiation", 3 },
	{ "decision maker bought-in", 3 }, { "contract sent", 3 }, { "negotiations started", 3 },
	{ "won", 4 }, { "closed won", 4 },
	{ "lost", 5 }, { "closed lost", 5 },
};

static const struct mapping_value known_kinds[] = {
	{ "call", KIND_CALL }, { "phone call", KIND_CALL }, { "email", KIND_EMAIL },
	{ "e-mail", KIND_EMAIL }, { "meeting", KIND_MEETING }, { "demo", KIND_DEMO },
};

static const char *const stage_words[] = { "lead", "qualified", "proposal", "verbal", "won",
	"lost" };
static const char *const kind_words[] = { "call", "email", "meeting", "demo" };
static const char *const date_words[] = { "YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY",
	"DD.MM.YYYY" };
static const char *const kind_names[] = { "deals", "people", "activities" };

/* s without the spaces around it, into out (cap bytes). */
static void
trimmed(const char *s, char *out, size_t cap)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	snprintf(out, cap, "%.*s", (int)n, s);
}

static int
word_index(const char *const *words, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(words[i], s) == 0)
			return i;
	return -1;
}

struct load {
	struct mapping *m;
	char *err;
	size_t errlen;
};

/* Keeps the first problem; inih then stops and says on which line. */
static int
bad(struct load *l, const char *what, const char *value)
{
	if (l->err[0] == '\0')
		snprintf(l->err, l->errlen, "%s \"%s\"", what, value);
	return 0;
}

static int
add_value(struct load *l, struct mapping_value *v, int *n, const char *from, int to)
{
	if (*n == MAPPING_VALUES_MAX)
		return bad(l, "too many values; at most 64, here", from);
	snprintf(v[*n].from, sizeof(v[*n].from), "%s", from);
	v[(*n)++].to = to;
	return 1;
}

static int
on_key(void *user, const char *section, const char *name, const char *value)
{
	struct load *l = user;
	struct mapping *m = l->m;
	int i;

	if (strcasecmp(section, "import") == 0) {
		if (strcasecmp(name, "kind") == 0 && (i = word_index(kind_names, 3, value)) >= 0)
			m->kind = (enum import_kind)i;
		else if (strcasecmp(name, "source") == 0 && *value && strlen(value) < 64)
			snprintf(m->source, sizeof(m->source), "%s", value);
		else if (strcasecmp(name, "date_format") == 0 &&
		    (i = word_index(date_words, 4, value)) >= 0)
			m->dates = (enum date_format)i;
		else
			return bad(l, "unknown [import] setting or value", name);
		return 1;
	}
	if (strcasecmp(section, "columns") == 0) {
		for (i = 0; i < IMPORT_NCOLS; i++)
			if (strcasecmp(cols[i].key, name) == 0)
				break;
		if (i == IMPORT_NCOLS || strlen(value) >= sizeof(m->col[0]))
			return bad(l, "unknown column key", name);
		snprintf(m->col[i], sizeof(m->col[i]), "%s", value);
		return 1;
	}
	if (strcasecmp(section, "stages") == 0) {
		if ((i = word_index(stage_words, 6, value)) < 0)
			return bad(l, "a stage is lead, qualified, proposal, verbal, won or "
			    "lost, not", value);
		return add_value(l, m->stage, &m->nstage, name, i);
	}
	if (strcasecmp(section, "kinds") == 0) {
		if ((i = word_index(kind_words, 4, value)) < 0)
			return bad(l, "a kind is call, email, meeting or demo, not", value);
		return add_value(l, m->kinds, &m->nkinds, name, i);
	}
	return bad(l, "unknown section", section);
}

int
mapping_load(struct mapping *m, const char *path, char *err, size_t errlen)
{
	struct load l = { .m = m, .err = err, .errlen = errlen };
	int rc;

	memset(m, 0, sizeof(*m));
	err[0] = '\0';
	if ((rc = ini_parse(path, on_key, &l)) < 0) {
		snprintf(err, errlen, "cannot read the mapping %s", path);
		return -1;
	}
	if (rc > 0) {
		char what[256];

		snprintf(what, sizeof(what), "%s", err[0] ? err : "not key = value");
		snprintf(err, errlen, "the mapping %s, line %d: %s", path, rc, what);
		return -1;
	}
	if (m->source[0] == '\0')
		snprintf(m->source, sizeof(m->source), "csv");
	for (int c = 0; c < IMPORT_NCOLS; c++)
		if (mapping_col_required(m, (enum import_col)c) && m->col[c][0] == '\0') {
			snprintf(err, errlen, "the mapping %s names no %s column ([columns] %s = "
			    "...), which %s need", path, cols[c].key, cols[c].key,
			    kind_names[m->kind]);
			return -1;
		}
	return 0;
}

const char *
mapping_col_key(enum import_col c)
{
	return (unsigned)c < IMPORT_NCOLS ? cols[c].key : "?";
}

bool
mapping_col_required(const struct mapping *m, enum import_col c)
{
	switch (m->kind) {
	case IMPORT_DEALS:
		return c == COL_ID || c == COL_OWNER || c == COL_STAGE;
	case IMPORT_PEOPLE:
		return c == COL_NAME;
	case IMPORT_ACTIVITIES:
		return c == COL_OWNER || c == COL_ACCOUNT || c == COL_KIND || c == COL_DATE;
	}
	return false;
}

/* The header field named like one of col's known names, or -1. */
static int
header_has(const struct csv_record *h, enum import_col col)
{
	for (int k = 0; k < 8 && cols[col].known[k]; k++)
		for (int i = 0; i < h->n; i++) {
			char name[128];

			trimmed(h->field[i], name, sizeof(name));
			if (strcasecmp(name, cols[col].known[k]) == 0)
				return i;
		}
	return -1;
}

int
mapping_guess(struct mapping *m, const struct csv_record *h)
{
	int i;

	memset(m, 0, sizeof(*m));
	if (header_has(h, COL_STAGE) >= 0 || header_has(h, COL_STATUS) >= 0)
		m->kind = IMPORT_DEALS;
	else if (header_has(h, COL_KIND) >= 0 && header_has(h, COL_DATE) >= 0)
		m->kind = IMPORT_ACTIVITIES;
	else if (header_has(h, COL_NAME) >= 0)
		m->kind = IMPORT_PEOPLE;
	else
		return -1;
	for (int c = 0; c < IMPORT_NCOLS; c++) {
		bool deal_col = c < COL_NAME, people_col = c >= COL_NAME && c <= COL_EMAIL;
		bool act_col = c == COL_OWNER || c == COL_ACCOUNT || c == COL_ID || c >= COL_KIND;

		if ((m->kind == IMPORT_DEALS && !deal_col) || (m->kind == IMPORT_PEOPLE &&
		    !people_col) || (m->kind == IMPORT_ACTIVITIES && !act_col))
			continue;
		if ((i = header_has(h, (enum import_col)c)) >= 0)
			trimmed(h->field[i], m->col[c], sizeof(m->col[c]));
	}
	for (int c = 0; c < IMPORT_NCOLS; c++)
		if (mapping_col_required(m, (enum import_col)c) && m->col[c][0] == '\0')
			return -1;
	/* Which CRM wrote it, by a column only that one has. */
	if (strcasecmp(m->col[COL_OWNER], "opportunity owner") == 0) {
		snprintf(m->guessed, sizeof(m->guessed), "salesforce");
		m->dates = DATES_MDY;
	} else if (strcasecmp(m->col[COL_OWNER], "deal owner") == 0) {
		snprintf(m->guessed, sizeof(m->guessed), "hubspot");
	} else if (strncasecmp(m->col[COL_ID], "deal - ", 7) == 0) {
		/* Pipedrive's default pipeline starts at "Qualified", its first stage. */
		static const struct mapping_value pipedrive[] = { { "Qualified", 0 },
			{ "Contact Made", 1 }, { "Demo Scheduled", 1 }, { "Proposal Made", 2 },
			{ "Negotiations Started", 3 } };

		snprintf(m->guessed, sizeof(m->guessed), "pipedrive");
		memcpy(m->stage, pipedrive, sizeof(pipedrive));
		m->nstage = (int)(sizeof(pipedrive) / sizeof(pipedrive[0]));
	} else if (strcasecmp(m->col[COL_ID], "opportunity_id") == 0) {
		snprintf(m->guessed, sizeof(m->guessed), "crm-sales-opportunities");
	} else {
		snprintf(m->guessed, sizeof(m->guessed), "generic");
	}
	/* The source the shipped mapping (contrib/import/) gives, so a guessed import and a
	 * mapped one of the same export are the same rows. */
	snprintf(m->source, sizeof(m->source), "%s", strcmp(m->guessed,
	    "crm-sales-opportunities") == 0 ? "maven" : m->guessed);
	return 0;
}

void
mapping_print(const struct mapping *m, struct buf *out)
{
	buf_printf(out, "[import]\nkind = %s\nsource = %s\ndate_format = %s\n\n[columns]\n",
	    kind_names[m->kind], m->source, date_words[m->dates]);
	for (int c = 0; c < IMPORT_NCOLS; c++)
		if (m->col[c][0])
			buf_printf(out, "%s = %s\n", cols[c].key, m->col[c]);
	if (m->kind == IMPORT_DEALS) {
		buf_puts(out, "\n[stages]\n; the stage names funnelbot knows are used as well\n");
		for (int i = 0; i < m->nstage; i++)
			buf_printf(out, "%s = %s\n", m->stage[i].from, stage_words[m->stage[i].to]);
	}
	if (m->kind == IMPORT_ACTIVITIES) {
		buf_puts(out, "\n[kinds]\n");
		for (int i = 0; i < m->nkinds; i++)
			buf_printf(out, "%s = %s\n", m->kinds[i].from, kind_words[m->kinds[i].to]);
	}
}

static int
lookup(const struct mapping_value *v, int n, const struct mapping_value *known, int nknown,
    const char *s)
{
	char t[128];

	trimmed(s, t, sizeof(t));
	for (int i = 0; i < n; i++)
		if (strcasecmp(v[i].from, t) == 0)
			return v[i].to;
	for (int i = 0; i < nknown; i++)
		if (strcasecmp(known[i].from, t) == 0)
			return known[i].to;
	return -1;
}

int
mapping_stage(const struct mapping *m, const char *s)
{
	return lookup(m->stage, m->nstage, known_stages,
	    (int)(sizeof(known_stages) / sizeof(known_stages[0])), s);
}

int
mapping_kind(const struct mapping *m, const char *s)
{
	return lookup(m->kinds, m->nkinds, known_kinds,
	    (int)(sizeof(known_kinds) / sizeof(known_kinds[0])), s);
}

/* Up to max digits at *s as a number; -1 when there are none. */
static int
digits(const char **s, int max)
{
	int v = 0, n = 0;

	while (n < max && isdigit((unsigned char)**s)) {
		v = v * 10 + (*(*s)++ - '0');
		n++;
	}
	return n ? v : -1;
}

bool
mapping_date(const struct mapping *m, const char *in, int *day)
{
	char t[64];
	const char *s = t;
	int a, b, y;
	char sep;

	trimmed(in, t, sizeof(t));
	if (strlen(t) >= 10 && t[4] == '-' && t[7] == '-') {	/* ISO, whatever the format */
		y = digits(&s, 4);
		s++;
		a = digits(&s, 2);
		s++;
		b = digits(&s, 2);
		if (s - t != 10)
			return false;
		sep = '-';
	} else {
		a = digits(&s, 2);
		sep = *s;
		if (sep != '/' && sep != '.' && sep != '-')
			return false;
		s++;
		b = digits(&s, 2);
		if (*s++ != sep)
			return false;
		y = digits(&s, 4);
		if (s - t < 8 || m->dates == DATES_ISO)
			return false;
		if (m->dates != DATES_MDY) {	/* day first */
			int d = a;

			a = b;
			b = d;
		}
	}
	if (*s != '\0' && *s != ' ' && *s != 'T')
		return false;
	if (y < 1990 || y > 2100 || !cal_valid(y, a, b))
		return false;
	*day = cal_day(y, a, b);
	return true;
}

bool
mapping_amount(const char *in, int64_t *cents)
{
	char t[64];
	const char *s = t;
	int64_t v = 0;
	int group = -1, frac = -1;

	trimmed(in, t, sizeof(t));
	*cents = -1;
	if (strncmp(s, "$", 1) == 0 || strncmp(s, "£", 2) == 0 || strncmp(s, "€", 3) == 0)
		s += *s == '$' ? 1 : strncmp(s, "£", 2) == 0 ? 2 : 3;
	while (*s == ' ' && s > t)
		s++;
	if (*s == '\0')
		return s == t;		/* empty: no amount; a lone "$": not one */
	for (; *s; s++) {
		if (isdigit((unsigned char)*s)) {
			if (v > INT64_C(100000000000000))
				return false;
			v = v * 10 + (*s - '0');
			if (frac >= 0 && ++frac > 2)
				return false;
			if (group >= 0)
				group++;
		} else if ((*s == ',' || *s == ' ') && frac < 0 && v > 0 &&
		    (group < 0 || group == 3) && isdigit((unsigned char)s[1])) {
			group = 0;
		} else if (*s == '.' && frac < 0 && (group < 0 || group == 3) &&
		    isdigit((unsigned char)s[1])) {
			frac = 0;
			group = -1;
		} else {
			return false;
		}
	}
	if (group >= 0 && group != 3)
		return false;
	while (frac < 2) {
		v *= 10;
		frac = frac < 0 ? 1 : frac + 1;
	}
	*cents = v == 0 ? -1 : v;
	return true;
}
