/*
 * Bringing a team's history in from a CRM export (`funnelbot import`, or a CSV dropped into
 * the bot's DM). Two passes over the file: the first checks every row and names each problem
 * with its line, matches the owners to people and writes nothing; the second, only when the
 * first found nothing wrong (or --skip-bad), writes every row in one transaction, which a dry
 * run rolls back. A deal becomes what logging its recorded stages would have made -- the
 * entries, the stage history (a stage only passed on the way is `implied`), the deal -- and
 * keeps its source and external id, so the same export imported again changes nothing and a
 * newer one moves what moved.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands/commands_int.h"
#include "commands/import_int.h"
#include "commands/utf8.h"

/* A row's field for column c, trimmed, into out; "" when unmapped or empty. */
const char *
import_field(const struct run *r, const struct csv_record *rec, enum import_col c, char *out,
    size_t cap)
{
	const char *s;
	size_t n;

	out[0] = '\0';
	if (r->idx[c] < 0 || r->idx[c] >= rec->n)
		return out;
	s = rec->field[r->idx[c]];
	n = rec->len[r->idx[c]];
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	    s[n - 1] == '\n'))
		n--;
	n = n < cap ? n : utf8_whole(s, cap - 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* Notes a row's problem (the first pass only; the second meets the same ones). Returns 1. */
int
import_problem(struct run *r, long line, const char *fmt, ...)
{
	char what[768];
	va_list ap;

	if (r->applying)
		return 1;
	if (r->nproblems++ < PROBLEMS_SHOWN) {
		va_start(ap, fmt);
		vsnprintf(what, sizeof(what), fmt, ap);
		va_end(ap);
		buf_printf(&r->problems, "line %ld: %s\n", line, what);
	}
	return 1;
}

/* ---- the header ---- */

static int
on_header(struct run *r, const struct csv_record *h)
{
	r->header_seen = true;
	r->nfields = h->n;
	if (!r->applying && r->o->mapping == NULL && mapping_guess(&r->m, h) != 0) {
		snprintf(r->err, sizeof(r->err), "line 1: funnelbot does not know these columns; "
		    "give it a mapping (--mapping FILE, see contrib/import/)");
		return -1;
	}
	for (int c = 0; c < IMPORT_NCOLS; c++) {
		r->idx[c] = -1;
		if (r->m.col[c][0] == '\0')
			continue;
		for (int i = 0; i < h->n && r->idx[c] < 0; i++) {
			char name[128];
			const char *f = h->field[i] + strspn(h->field[i], " \t");
			size_t n = strlen(f);

			while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t' || f[n - 1] == '\r'))
				n--;
			snprintf(name, sizeof(name), "%.*s", (int)n, f);
			if (strcasecmp(name, r->m.col[c]) == 0)
				r->idx[c] = i;
		}
		if (r->idx[c] < 0) {
			snprintf(r->err, sizeof(r->err), "line 1: there is no column \"%s\" (the "
			    "mapping's %s column)", r->m.col[c], mapping_col_key((enum import_col)c));
			return -1;
		}
	}
	return 0;
}

/* ---- people ---- */

/* "imp:" and a hash of the name: the same owner in the next import is the same person. */
static uint64_t
fnv(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ (*p >= 'A' && *p <= 'Z' ? *p + 32 : *p)) * 1099511628211ULL;
	return h;
}

static void
imported_id(const char *name, char *out, size_t cap)
{
	snprintf(out, cap, "imp:%016llx", (unsigned long long)fnv(1469598103934665603ULL, name));
}

/* Who name (or email) is here: 1 found, 0 nobody, STORE_AMBIGUOUS, or a store error. */
static int
find_person(struct run *r, const char *name, const char *email, struct person *p)
{
	char pid[40];
	int rc;

	if (email[0] && (rc = store_person_by_email(r->st, email, p)) != STORE_NOTFOUND)
		return rc == STORE_OK ? 1 : rc;
	if ((rc = store_person_by_name(r->st, name, strlen(name), p)) != STORE_NOTFOUND)
		return rc == STORE_OK ? 1 : rc;
	imported_id(name, pid, sizeof(pid));
	if ((rc = store_person_by_platform(r->st, pid, p)) != STORE_NOTFOUND)
		return rc == STORE_OK ? 1 : rc;
	return 0;
}

/* Creates the person a file names (second pass, --create-people). */
static int
create_person(struct run *r, const char *name, const char *email, struct person *p)
{
	char pid[40], handle[STORE_NAME_MAX];
	size_t n = 0;
	int rc;

	imported_id(name, pid, sizeof(pid));
	for (const char *s = name; *s && n + 1 < sizeof(handle); s++)
		handle[n++] = *s == ' ' ? '.' : (*s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s);
	handle[n] = '\0';
	if ((rc = store_person_ensure(r->st, pid, handle, name, "", false, r->o->now, p)) !=
	    STORE_OK || (rc = store_person_set_email(r->st, p->id, email, true)) != STORE_OK)
		return rc;
	r->people_created++;
	return STORE_OK;
}

/* The owner a row names, remembered across rows: their person id, 0 while unmatched, or -1
 * (with the problem noted) when the name is ambiguous or the store failed. */
int64_t
import_owner(struct run *r, long line, const char *name, const char *email)
{
	struct person p;
	int i, rc;

	for (i = 0; i < r->nowners; i++)
		if (strcasecmp(r->owners[i].name, name) == 0)
			break;
	if (i == r->nowners) {
		if (r->nowners == OWNERS_MAX) {
			import_problem(r, line, "more than 2000 different owners in one file, at %s", name);
			return -1;
		}
		if ((r->owners[i].name = strdup(name)) == NULL)
			return -1;
		r->nowners++;
		if ((rc = find_person(r, name, email, &p)) < 0) {
			r->owners[i].person_id = -1;
			if (rc == STORE_AMBIGUOUS)
				import_problem(r, line, "several people here are called %s; give the file an "
				    "owner email column", name);
			else
				r->store_rc = rc;
		} else {
			r->owners[i].person_id = rc == 1 ? p.id : 0;
		}
		if (rc == 0 && email[0] && r->o->member_by_email) {
			char lower[128];
			size_t n = 0;

			for (; email[n] && n + 1 < sizeof(lower); n++)
				lower[n] = email[n] >= 'A' && email[n] <= 'Z' ? (char)(email[n] + 32) :
				    email[n];
			lower[n] = '\0';
			if (r->o->member_by_email(lower, r->owners[i].member, r->owners[i].handle,
			    r->o->member_arg) != 1)
				r->owners[i].member[0] = '\0';
		}
	}
	if (r->owners[i].person_id == 0 && r->owners[i].member[0] && r->applying) {
		/* A workspace member by the file's email: the person they are on Slack. */
		if ((rc = store_person_ensure(r->st, r->owners[i].member, r->owners[i].handle, name,
		    "", false, r->o->now, &p)) != STORE_OK ||
		    (rc = store_person_set_email(r->st, p.id, email, true)) != STORE_OK) {
			r->store_rc = rc;
			return -1;
		}
		r->owners[i].person_id = p.id;
	}
	if (r->owners[i].person_id == 0 && r->applying && r->o->create_people) {
		if ((rc = create_person(r, name, email, &p)) != STORE_OK) {
			r->store_rc = rc;
			return -1;
		}
		r->owners[i].person_id = p.id;
	}
	return r->owners[i].person_id;
}

/* ---- values ---- */

static void
saw_day(struct run *r, int day)
{
	if (r->first_day == NO_DAY || day < r->first_day)
		r->first_day = day;
	if (r->last_day == NO_DAY || day > r->last_day)
		r->last_day = day;
}

/* A date column's day into *day (NO_DAY when empty); false with the problem noted. */
bool
import_day(struct run *r, const struct csv_record *rec, enum import_col c, int *day)
{
	static const char *const fmts[] = { "YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY",
		"DD.MM.YYYY" };
	char v[64];

	*day = NO_DAY;
	if (import_field(r, rec, c, v, sizeof(v))[0] == '\0')
		return true;
	if (mapping_date(&r->m, v, day)) {
		saw_day(r, *day);
		return true;
	}
	import_problem(r, rec->line, "%s in the %s column is not a date (%s)", v, mapping_col_key(c),
	    fmts[r->m.dates]);
	return false;
}

/* ---- people files ---- */

/* A people row's email and manager onto person id (whom the row created when `made`); counts
 * the row. */
static int
update_person(struct run *r, int64_t id, int64_t mgr, const char *email, bool made)
{
	struct person p, m;
	int rc;

	if ((rc = store_person_get(r->st, id, &p)) != STORE_OK)
		return rc;
	if (mgr == id)
		mgr = 0;
	if (mgr && (rc = store_person_get(r->st, mgr, &m)) != STORE_OK)
		return rc;
	if ((!email[0] || strcasecmp(email, p.email) == 0) && (!mgr || (p.manager_id == mgr &&
	    m.role != ROLE_REP))) {
		if (made)
			r->created++;
		else
			r->unchanged++;
		return STORE_OK;
	}
	if ((rc = store_person_set_email(r->st, id, email, false)) != STORE_OK ||
	    (mgr && m.role == ROLE_REP &&
	    (rc = store_person_set_role(r->st, mgr, ROLE_MANAGER)) != STORE_OK) ||
	    (mgr && (rc = store_person_set_manager(r->st, id, mgr)) != STORE_OK))
		return rc;
	if (made)
		r->created++;
	else
		r->updated++;
	return STORE_OK;
}

static int
on_person(struct run *r, const struct csv_record *rec)
{
	char name[STORE_NAME_MAX], manager[STORE_NAME_MAX], email[128];
	int64_t id, mgr = 0;
	long made;

	import_field(r, rec, COL_NAME, name, sizeof(name));
	import_field(r, rec, COL_MANAGER, manager, sizeof(manager));
	import_field(r, rec, COL_EMAIL, email, sizeof(email));
	if (name[0] == '\0') {
		import_problem(r, rec->line, "no name in the %s column", r->m.col[COL_NAME]);
		r->skipped += r->applying;
		return 0;
	}
	made = r->people_created;
	if ((id = import_owner(r, rec->line, name, email)) >= 0)
		made = r->people_created > made;	/* this row made them */
	if (id < 0 || (manager[0] && (mgr = import_owner(r, rec->line, manager, "")) < 0)) {
		r->skipped += r->applying && r->store_rc == 0;
		return r->store_rc;
	}
	if (!r->applying)
		return 0;
	if (id == 0 || (manager[0] && mgr == 0)) {
		r->skipped++;
		return 0;
	}
	return r->store_rc = update_person(r, id, mgr, email, made != 0);
}

/* ---- activity files ---- */

static int
on_activity(struct run *r, const struct csv_record *rec)
{
	char owner[STORE_NAME_MAX], account[512], kind[64], note[1024], id[512];
	struct entry e = { .amount = -1, .created_at = r->o->now };
	int64_t found;
	int k, rc;

	import_field(r, rec, COL_OWNER, owner, sizeof(owner));
	import_field(r, rec, COL_ACCOUNT, account, sizeof(account));
	import_field(r, rec, COL_NOTE, note, sizeof(note));
	k = mapping_kind(&r->m, import_field(r, rec, COL_KIND, kind, sizeof(kind)));
	if (r->m.guessed[0] && !r->applying)
		import_keep_value(r->m.kinds, &r->m.nkinds, kind, k);
	if (k < 0 || owner[0] == '\0' || !import_day(r, rec, COL_DATE, &e.day) || e.day == NO_DAY) {
		if (k < 0)
			import_problem(r, rec->line, "unknown activity kind \"%s\"; name it in the "
			    "mapping's [kinds] (call, email, meeting or demo)", kind);
		else if (owner[0] == '\0' || e.day == NO_DAY)
			import_problem(r, rec->line, "no owner or no date");
		r->skipped += r->applying;
		return 0;
	}
	if (import_field(r, rec, COL_ID, id, sizeof(id))[0] == '\0') {
		/* No id column: the activity is what it says (case aside), so the same one
		 * twice is one. */
		uint64_t h = 1469598103934665603ULL;
		char day[16];

		snprintf(day, sizeof(day), "|%d|", e.day);
		h = fnv(fnv(fnv(fnv(fnv(h, owner), "|"), account), day), kind);
		snprintf(id, sizeof(id), "h:%016llx%016llx", (unsigned long long)h,
		    (unsigned long long)fnv(h, note));
	}
	if ((rc = store_import_id_once(r->st, id)) != STORE_OK) {
		if (rc != STORE_AMBIGUOUS)
			return r->store_rc = rc;
		import_problem(r, rec->line, "the same activity is on an earlier line too");
		r->skipped += r->applying;
		return 0;
	}
	if ((e.person_id = import_owner(r, rec->line, owner, "")) < 0) {
		r->skipped += r->applying && r->store_rc == 0;
		return r->store_rc;
	}
	if (!r->applying || e.person_id == 0) {
		r->skipped += r->applying;
		return 0;
	}
	if ((rc = store_import_find(r->st, r->m.source, id, &found)) == STORE_OK) {
		r->unchanged++;
		return 0;
	}
	rc = import_account(r, account, &e.account_id);
	e.kind = (enum kind)k;
	e.note = note;
	e.note_len = strlen(note);
	if (rc != STORE_OK || (rc = store_entry_add(r->st, &e)) != STORE_OK ||
	    (rc = store_import_link(r->st, r->m.source, id, 0, e.id, r->o->now)) != STORE_OK)
		return r->store_rc = rc;
	r->created++;
	return 0;
}

static int
on_record(const struct csv_record *rec, void *arg)
{
	struct run *r = arg;
	int rc;

	if (!r->header_seen)
		return on_header(r, rec);
	if (rec->n == 1 && rec->len[0] == 0)
		return 0;		/* a blank line */
	if (!r->applying)
		r->rows++;
	if (rec->n != r->nfields) {
		import_problem(r, rec->line, "%d fields where the header has %d", rec->n, r->nfields);
		r->skipped += r->applying;
		return 0;
	}
	rc = r->m.kind == IMPORT_DEALS ? import_deal_row(r, rec) : r->m.kind == IMPORT_PEOPLE ?
	    on_person(r, rec) : on_activity(r, rec);
	if (r->o->progress && r->applying && (r->created + r->updated + r->unchanged) % 1000 == 0)
		r->o->progress(r->created + r->updated + r->unchanged, r->o->progress_arg);
	return rc;
}

/* One pass over the file; 0, or -1 with r->err set. */
static int
pass(struct run *r)
{
	FILE *fp = fopen(r->o->path, "rb");
	int rc;

	if (fp == NULL) {
		snprintf(r->err, sizeof(r->err), "cannot open %s", r->o->path);
		return -1;
	}
	r->header_seen = false;
	rc = csvread(fp, r->o->encoding, on_record, r, r->err, sizeof(r->err));
	fclose(fp);
	if (rc == 0 && !r->header_seen)
		snprintf(r->err, sizeof(r->err), "the file is empty");
	else if (rc == 0 && r->rows == 0 && !r->applying)
		snprintf(r->err, sizeof(r->err), "the file has a header and no rows");
	if (rc > 0 || r->store_rc) {
		snprintf(r->err, sizeof(r->err), "the database refused: %s",
		    store_errmsg(r->st));
		return -1;
	}
	return rc == 0 && r->err[0] == '\0' ? 0 : -1;
}

static const char *const kind_names[] = { "deals", "people", "activities" };

/* n with thousands separators ("8,800"); eight may be in use at once. */
static const char *
count(long n)
{
	static char buf[8][32];
	static int k;
	char tmp[32], *o = buf[k = (k + 1) % 8];
	int len = snprintf(tmp, sizeof(tmp), "%ld", n < 0 ? 0 : n), j = 0;

	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			o[j++] = ',';
		o[j++] = tmp[i];
	}
	o[j] = '\0';
	return o;
}

/* "People: 30 matched, 2 unmatched: Jane Roe, Li Wei." */
static void
people_line(const struct run *r, struct buf *out)
{
	int matched = 0, unmatched = 0;

	for (int i = 0; i < r->nowners; i++)
		r->owners[i].person_id > 0 || r->owners[i].member[0] ? matched++ : unmatched++;
	buf_printf(out, "People: %s matched", count(matched - r->people_created));
	if (r->people_created)
		buf_printf(out, ", %s created", count(r->people_created));
	buf_printf(out, ", %s unmatched", count(unmatched));
	for (int i = 0, k = 0; i < r->nowners && unmatched; i++)
		if (r->owners[i].person_id <= 0 && !r->owners[i].member[0] && k++ < 20)
			buf_printf(out, "%s%s", k == 1 ? ": " : ", ", r->owners[i].name);
	if (unmatched > 20)
		buf_printf(out, " and %d more", unmatched - 20);
	buf_puts(out, ".\n");
}

static void
report(struct run *r, struct buf *out)
{
	char a[32], b[32];

	buf_printf(out, "%s %s (%s, source %s)%s\n", r->o->dry_run ? "Dry run of" : "Imported",
	    r->o->name, kind_names[r->m.kind], r->m.source,
	    r->o->dry_run ? ": nothing was written." : ".");
	buf_printf(out, "Read %s rows: %s created, %s updated, %s unchanged, %s skipped.\n",
	    count(r->rows), count(r->created), count(r->updated), count(r->unchanged),
	    count(r->skipped));
	people_line(r, out);
	if (r->first_day != NO_DAY) {
		cmd_day_text(r->first_day, r->o->today, a, sizeof(a));
		cmd_day_text(r->last_day, r->o->today, b, sizeof(b));
		buf_printf(out, "Dates: %s to %s.\n", a, b);
		if (r->undated)
			buf_printf(out, "Rows without a date are taken as of %s, the export's last "
			    "date.\n", b);
	}
	if (r->nproblems) {
		buf_printf(out, "Skipped, with their reasons:\n%s", buf_str(&r->problems));
		if (r->nproblems > PROBLEMS_SHOWN)
			buf_printf(out, "... and %ld more.\n", r->nproblems - PROBLEMS_SHOWN);
	}
	if (r->m.guessed[0]) {
		buf_printf(out, "The columns were read as the %s layout; keep this mapping (and "
		    "give it with --mapping) to be sure the next import reads them the same:\n",
		    r->m.guessed);
		mapping_print(&r->m, out);
	}
}

/* Nothing written: why, with every problem found. */
static int
refuse(struct run *r, struct buf *out, long unmatched)
{
	buf_printf(out, "Nothing was imported from %s", r->o->name);
	if (r->err[0]) {
		buf_printf(out, ": %s.\n", r->err);
		return -1;
	}
	buf_puts(out, ".\n");
	if (r->nproblems) {
		buf_puts(out, buf_str(&r->problems));
		if (r->nproblems > PROBLEMS_SHOWN)
			buf_printf(out, "... and %ld more.\n", r->nproblems - PROBLEMS_SHOWN);
		buf_printf(out, "%s of %s rows have a problem. Put them right, or import the "
		    "others with --skip-bad.\n", count(r->nproblems), count(r->rows));
	}
	if (unmatched) {
		people_line(r, out);
		buf_puts(out, "Add them first (`person add`, or a people file), or let the import "
		    "create them with --create-people.\n");
	}
	return -1;
}

int
commands_import(struct store *st, const struct import_options *o, char **text)
{
	struct run r = { .st = st, .o = o, .first_day = NO_DAY, .last_day = NO_DAY };
	struct buf out = { 0 };
	long unmatched = 0;
	int rc = -1;

	*text = NULL;
	if ((r.owners = calloc(OWNERS_MAX, sizeof(*r.owners))) == NULL)
		return -1;
	if (o->mapping && mapping_load(&r.m, o->mapping, r.err, sizeof(r.err)) != 0)
		goto done;
	if (store_import_ids_reset(st) != STORE_OK) {
		snprintf(r.err, sizeof(r.err), "the database refused: %s", store_errmsg(st));
		goto done;
	}
	if (pass(&r) != 0)	/* checks, writes nothing */
		goto done;
	for (int i = 0; i < r.nowners; i++)
		unmatched += r.owners[i].person_id == 0 && r.owners[i].member[0] == '\0';
	if ((r.nproblems || (unmatched && !o->create_people)) && !o->skip_bad)
		goto done;
	r.applying = true;
	if (store_import_ids_reset(st) != STORE_OK || store_begin(st) != STORE_OK) {
		snprintf(r.err, sizeof(r.err), "the database refused: %s", store_errmsg(st));
		goto done;
	}
	if (pass(&r) != 0) {
		store_rollback(st);
		goto done;
	}
	if (o->dry_run) {
		store_rollback(st);
	} else if (store_commit(st) != STORE_OK) {
		snprintf(r.err, sizeof(r.err), "the database refused: %s", store_errmsg(st));
		store_rollback(st);
		goto done;
	}
	rc = 0;
done:
	if (rc == 0)
		report(&r, &out);
	else
		refuse(&r, &out, o->create_people || o->skip_bad ? 0 : unmatched);
	*text = buf_take(&out);
	for (int i = 0; i < r.nowners; i++)
		free(r.owners[i].name);
	free(r.owners);
	buf_free(&r.problems);
	buf_free(&out);
	return rc;
}
