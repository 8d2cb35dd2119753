/*
 * Opening the database: the one-writer lock, the pragmas, the migrations by user_version, the
 * statement cache, transactions and backup. Called by bot/main.c and by every test.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "commands/utf8.h"
#include "store/store_int.h"

/*
 * Migration N takes user_version from N-1 to N, in one transaction. Never edit a released
 * step: add a new one. Days are day numbers (insights/calendar.h), amounts integer cents.
 */
static const char *const migrations[] = {
	/* 1: the core */
	"CREATE TABLE people ("
	"  id INTEGER PRIMARY KEY,"
	"  platform_id TEXT NOT NULL UNIQUE,"
	"  username TEXT NOT NULL DEFAULT '',"
	"  username_key TEXT NOT NULL DEFAULT '',"
	"  display_name TEXT NOT NULL DEFAULT '',"
	"  display_key TEXT NOT NULL DEFAULT '',"
	"  tz TEXT NOT NULL DEFAULT '',"
	"  role INTEGER NOT NULL DEFAULT 0 CHECK (role BETWEEN 0 AND 3),"
	"  manager_id INTEGER REFERENCES people(id) ON DELETE SET NULL,"
	"  away_until INTEGER,"
	"  sample INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX people_manager ON people(manager_id);"
	"CREATE INDEX people_username ON people(username_key);"
	"CREATE INDEX people_display ON people(display_key);"
	"CREATE TABLE accounts ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  name_key TEXT NOT NULL UNIQUE,"
	"  sample INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE opportunities ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  owner_id INTEGER NOT NULL REFERENCES people(id),"
	"  amount INTEGER,"
	"  stage INTEGER NOT NULL CHECK (stage BETWEEN 0 AND 5),"
	"  reached INTEGER NOT NULL CHECK (reached BETWEEN 0 AND 4),"
	"  created_day INTEGER NOT NULL,"
	"  closed_day INTEGER,"
	"  stage_day INTEGER NOT NULL,"
	"  touched_at INTEGER NOT NULL);"
	"CREATE INDEX opp_owner ON opportunities(owner_id, created_day);"
	"CREATE INDEX opp_account ON opportunities(account_id);"
	"CREATE TABLE entries ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES people(id),"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  opp_id INTEGER REFERENCES opportunities(id),"
	"  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 9),"
	"  day INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  amount INTEGER,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  created_account INTEGER NOT NULL DEFAULT 0,"
	"  created_opp INTEGER NOT NULL DEFAULT 0,"
	"  prev_amount INTEGER, prev_stage INTEGER, prev_reached INTEGER,"
	"  prev_closed_day INTEGER, prev_stage_day INTEGER);"
	"CREATE INDEX entries_person_day ON entries(person_id, day, kind);"
	"CREATE INDEX entries_account_day ON entries(account_id, day);"
	"CREATE INDEX entries_opp ON entries(opp_id);"
	"CREATE TABLE stage_history ("
	"  id INTEGER PRIMARY KEY,"
	"  opp_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,"
	"  stage INTEGER NOT NULL CHECK (stage BETWEEN 0 AND 5),"
	"  day INTEGER NOT NULL,"
	"  entry_id INTEGER REFERENCES entries(id) ON DELETE CASCADE);"
	"CREATE INDEX history_opp ON stage_history(opp_id, stage);"
	"CREATE INDEX history_entry ON stage_history(entry_id);"
	"CREATE TABLE targets ("
	"  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  year INTEGER NOT NULL,"
	"  amount INTEGER NOT NULL,"
	"  PRIMARY KEY (person_id, year));"
	"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);",

	/* 2: the Slack surface -- outgoing messages (rows first, then HTTP) and the envelopes
	 * and events already answered, with the reply given (store/outbox.c, store/seen.c).
	 * Times: created_at/done_at unix seconds, due_ms unix milliseconds. */
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),"
	"  channel TEXT NOT NULL DEFAULT '',"
	"  user TEXT NOT NULL DEFAULT '',"
	"  text TEXT NOT NULL DEFAULT '',"
	"  blocks TEXT,"
	"  file BLOB,"
	"  file_name TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL,"
	"  due_ms INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 2),"
	"  error TEXT NOT NULL DEFAULT '',"
	"  done_at INTEGER);"
	"CREATE INDEX outbox_pending ON outbox(state, id);"
	"CREATE TABLE seen ("
	"  key TEXT PRIMARY KEY,"
	"  reply TEXT,"
	"  created_at INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX seen_created ON seen(created_at);",

	/* 3: weekly one-on-one prompts, one per person, kind and ISO week of the day it was
	 * scheduled for (store/prompts.c). */
	"CREATE TABLE prompts ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 1),"
	"  week TEXT NOT NULL,"
	"  sent_at INTEGER NOT NULL,"
	"  snoozed INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (person_id, kind, week));",

	/* 4: indexes for the questions (store/stats.c): activity counts by person, kind and
	 * day; the verbal day from the history without a table read; the last activity on an
	 * account; open, won and lost deals by owner. */
	"CREATE INDEX entries_person_kind_day ON entries(person_id, kind, day);"
	"CREATE INDEX entries_account_activity ON entries(account_id, day) WHERE kind <= 3;"
	"DROP INDEX history_opp;"
	"CREATE INDEX history_opp_stage_day ON stage_history(opp_id, stage, day);"
	"CREATE INDEX opp_owner_stage ON opportunities(owner_id, stage, closed_day);",

	/* 5: the audit trail of corrections: every edit and delete of an entry, who made it,
	 * when, and the field before and after (store/changes.c). Kept after the entry is
	 * deleted; entry_id and opp_id are therefore plain numbers. */
	"CREATE TABLE entry_changes ("
	"  id INTEGER PRIMARY KEY,"
	"  entry_id INTEGER NOT NULL,"
	"  opp_id INTEGER,"
	"  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  by_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  what TEXT NOT NULL,"
	"  before TEXT NOT NULL,"
	"  after TEXT NOT NULL);"
	"CREATE INDEX changes_entry ON entry_changes(entry_id);"
	"CREATE INDEX changes_opp ON entry_changes(opp_id);"
	"CREATE INDEX changes_person ON entry_changes(person_id, id);"
	/* ... and contacts, the people at an account (store/contacts.c); an activity can be
	 * logged with one. */
	"CREATE TABLE contacts ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  name_key TEXT NOT NULL,"
	"  title TEXT NOT NULL DEFAULT '',"
	"  email TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL,"
	"  UNIQUE (account_id, name_key));"
	"ALTER TABLE entries ADD COLUMN contact_id INTEGER REFERENCES contacts(id)"
	"  ON DELETE SET NULL;"
	"CREATE INDEX entries_contact ON entries(contact_id) WHERE contact_id IS NOT NULL;",

	/* 6: entry and deal numbers that tell nobody how many others there are: a new one is
	 * drawn at random (store/numbers.c), so the order things were logged in is kept apart,
	 * in seq. The numbers given so far stay as they were. */
	"ALTER TABLE entries ADD COLUMN seq INTEGER;"
	"UPDATE entries SET seq = id;"
	"CREATE UNIQUE INDEX entries_seq ON entries(seq);"
	"CREATE INDEX entries_person_seq ON entries(person_id, seq);"
	"CREATE INDEX entries_opp_seq ON entries(opp_id, seq);"
	"DROP INDEX entries_opp;"
	"ALTER TABLE opportunities ADD COLUMN seq INTEGER;"
	"UPDATE opportunities SET seq = id;"
	"CREATE UNIQUE INDEX opp_seq ON opportunities(seq);",

	/* 7: bringing history in (store/imports.c). A stage row a jump only implied has no day
	 * of its own (implied = 1), so durations can leave it out; rows written before are
	 * implied where their entry named a later stage. Each imported deal (or activity)
	 * keeps its source and external id, so importing the same export again changes
	 * nothing; imported people
	 * are marked and matched by email. */
	"ALTER TABLE stage_history ADD COLUMN implied INTEGER NOT NULL DEFAULT 0;"
	"UPDATE stage_history SET implied = 1 WHERE stage <> 5 AND stage <"
	"  (SELECT e.kind - 4 FROM entries e WHERE e.id = stage_history.entry_id);"
	"CREATE TABLE imported ("
	"  source TEXT NOT NULL,"
	"  external_id TEXT NOT NULL,"
	"  opp_id INTEGER REFERENCES opportunities(id) ON DELETE CASCADE,"
	"  entry_id INTEGER REFERENCES entries(id) ON DELETE CASCADE,"
	"  imported_at INTEGER NOT NULL,"
	"  PRIMARY KEY (source, external_id)) WITHOUT ROWID;"
	"CREATE INDEX imported_opp ON imported(opp_id);"
	"CREATE INDEX imported_entry ON imported(entry_id);"
	"ALTER TABLE people ADD COLUMN email TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE people ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX people_email ON people(email) WHERE email <> '';",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))
_Static_assert(NMIGRATIONS == STORE_SCHEMA_VERSION, "a migration per schema version");

int
store_fail(struct store *st, int rc)
{
	snprintf(st->errmsg, sizeof(st->errmsg), "%s", sqlite3_errmsg(st->db));
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return STORE_FULL;
	case SQLITE_READONLY:
		return STORE_READONLY;
	case SQLITE_CONSTRAINT:
	case SQLITE_BUSY:
	default:
		return STORE_ERR;
	}
}

int
store_refuse(struct store *st, const char *msg)
{
	snprintf(st->errmsg, sizeof(st->errmsg), "%s", msg);
	return STORE_ERR;
}

const char *
store_errmsg(struct store *st)
{
	return st->errmsg;
}

sqlite3_stmt *
store_stmt(struct store *st, enum stmt_id id, const char *sql)
{
	sqlite3_stmt *s = st->stmts[id];

	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return s;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		snprintf(st->errmsg, sizeof(st->errmsg), "%s", sqlite3_errmsg(st->db));
		return NULL;
	}
	st->stmts[id] = s;
	return s;
}

int
store_step_one(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return STORE_OK;
	rc = rc == SQLITE_DONE ? STORE_NOTFOUND : store_fail(st, rc);
	sqlite3_reset(s);
	return rc;
}

int
store_exec_stmt(struct store *st, sqlite3_stmt *s)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}

int
store_bind_text(sqlite3_stmt *s, int i, const char *p, size_t n)
{
	return sqlite3_bind_text(s, i, p ? p : "", p ? (int)n : 0, SQLITE_TRANSIENT);
}

void
store_col_text(sqlite3_stmt *s, int i, char *out, size_t outlen)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	utf8_copy(out, outlen, t ? (const char *)t : "");
}

int
store_col_day(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? STORE_NO_DAY : sqlite3_column_int(s, i);
}

void
store_bind_day(sqlite3_stmt *s, int i, int day)
{
	if (day == STORE_NO_DAY)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int(s, i, day);
}

int64_t
store_col_amount(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, i);
}

void
store_bind_amount(sqlite3_stmt *s, int i, int64_t cents)
{
	if (cents < 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, cents);
}

size_t
store_fold(const char *in, size_t n, char *out, size_t outlen)
{
	size_t o = 0;
	bool space = false;

	for (size_t i = 0; i < n && o + 1 < outlen; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == ' ' || c == '\t' || c == '\n') {
			space = o > 0;
			continue;
		}
		if (space && o + 2 < outlen)
			out[o++] = ' ';
		space = false;
		out[o++] = (char)tolower(c);
	}
	o = utf8_whole(out, o);	/* a key cut short ends between characters */
	out[o] = '\0';
	return o;
}

static int
exec(struct store *st, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		snprintf(st->errmsg, sizeof(st->errmsg), "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_FULL ? STORE_FULL :
		    (rc & 0xff) == SQLITE_READONLY ? STORE_READONLY : STORE_ERR;
	}
	return STORE_OK;
}

static int
user_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Runs each missing migration in its own transaction; a failed step leaves the old version. */
static int
migrate(struct store *st, char *err, size_t errlen)
{
	int v = user_version(st);

	if (v < 0) {
		snprintf(err, errlen, "cannot read the schema version: %s", sqlite3_errmsg(st->db));
		return STORE_ERR;
	}
	if (v > NMIGRATIONS) {
		snprintf(err, errlen, "the database is from a newer funnelbot (schema %d, this one"
		    " knows %d)", v, NMIGRATIONS);
		return STORE_ERR;
	}
	for (; v < NMIGRATIONS; v++) {
		char bump[64];

		snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", v + 1);
		if (exec(st, "BEGIN IMMEDIATE") != STORE_OK)
			goto fail;
		if (exec(st, migrations[v]) != STORE_OK || exec(st, bump) != STORE_OK ||
		    exec(st, "COMMIT") != STORE_OK) {
			exec(st, "ROLLBACK");
			goto fail;
		}
	}
	return STORE_OK;
fail:
	snprintf(err, errlen, "migration to schema %d failed: %s", v + 1, st->errmsg);
	return STORE_ERR;
}

/* Takes <path>.lock with flock; the kernel drops it when the process dies, so a kill -9 never
 * leaves a stale lock. */
static int
take_lock(struct store *st, const char *path, char *err, size_t errlen)
{
	char lpath[4096], pid[32] = "";
	ssize_t n;

	snprintf(lpath, sizeof(lpath), "%s.lock", path);
	st->lock_fd = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (st->lock_fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", lpath, strerror(errno));
		return STORE_ERR;
	}
	if (flock(st->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		n = pread(st->lock_fd, pid, sizeof(pid) - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		snprintf(err, errlen, "another funnelbot (pid %s) is using %s; stop it first",
		    pid[0] ? pid : "?", path);
		return STORE_LOCKED;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	/* The pid is a courtesy for the message above; the flock is the lock. */
	if (ftruncate(st->lock_fd, 0) == 0 && pwrite(st->lock_fd, pid, (size_t)n, 0) != n)
		st->errmsg[0] = '\0';
	return STORE_OK;
}

/*
 * Creates path empty with mode 0600 when it does not exist. SQLite would create it 0644 (less
 * the umask), and it gives the -wal and -shm files the database's own mode, so creating the
 * database first keeps all three to the owner, like the lock file. An existing file is left as
 * it is.
 */
static int
create_private(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

struct store *
store_open(const char *path, int flags, int *code, char *err, size_t errlen)
{
	struct store *st;
	int oflags, rc = STORE_ERR;
	bool memory = strcmp(path, ":memory:") == 0;

	if ((st = calloc(1, sizeof(*st))) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	st->lock_fd = -1;
	if ((flags & STORE_WRITER) && !memory &&
	    (rc = take_lock(st, path, err, errlen)) != STORE_OK)
		goto fail;
	rc = STORE_ERR;
	if (!(flags & STORE_RDONLY) && !memory && create_private(path, err, errlen) != 0)
		goto fail;
	oflags = (flags & STORE_RDONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
		    st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	if (exec(st, "PRAGMA foreign_keys = ON") != STORE_OK)
		goto sqlfail;
	if (!(flags & STORE_RDONLY)) {
		if ((!memory && exec(st, "PRAGMA journal_mode = WAL") != STORE_OK) ||
		    exec(st, "PRAGMA synchronous = FULL") != STORE_OK)
			goto sqlfail;
		if (migrate(st, err, errlen) != STORE_OK)
			goto fail;
		/* Statistics for the query planner, sampled so it takes milliseconds even on a
		 * large file: without them it can pick a poor index for the questions. */
		if (exec(st, "PRAGMA analysis_limit = 1000; ANALYZE") != STORE_OK)
			goto sqlfail;
	}
	if (code)
		*code = STORE_OK;
	return st;
sqlfail:
	snprintf(err, errlen, "cannot set up %s: %s", path, st->errmsg);
fail:
	if (code)
		*code = rc;
	store_close(st);
	return NULL;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st->stmts[i]);
	if (st->db) {
		sqlite3_exec(st->db, "PRAGMA optimize", NULL, NULL, NULL);
		sqlite3_close(st->db);
	}
	if (st->lock_fd >= 0)
		close(st->lock_fd);	/* releases the flock */
	free(st->note);
	free(st);
}

/* Transactions nest: the outermost is BEGIN IMMEDIATE ... COMMIT, inner ones are savepoints,
 * so a surface can wrap a command's own transaction together with what it records about it. */
void
store_busy_wait(struct store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

int
store_begin(struct store *st)
{
	char sql[32];
	int rc;

	if (st->depth == 0)
		rc = exec(st, "BEGIN IMMEDIATE");
	else
		rc = exec(st, (snprintf(sql, sizeof(sql), "SAVEPOINT s%d", st->depth), sql));
	if (rc == STORE_OK)
		st->depth++;
	return rc;
}

int
store_commit(struct store *st)
{
	char sql[32];
	int rc;

	if (st->depth == 0)
		return STORE_ERR;
	if (st->depth > 1) {
		snprintf(sql, sizeof(sql), "RELEASE s%d", st->depth - 1);
		if ((rc = exec(st, sql)) != STORE_OK)
			store_rollback(st);
		else
			st->depth--;
		return rc;
	}
	if ((rc = exec(st, "COMMIT")) != STORE_OK)
		store_rollback(st);
	else
		st->depth = 0;
	return rc;
}

void
store_rollback(struct store *st)
{
	char sql[64];

	if (st->depth > 1) {
		snprintf(sql, sizeof(sql), "ROLLBACK TO s%d; RELEASE s%d", st->depth - 1,
		    st->depth - 1);
		exec(st, sql);
		st->depth--;
		return;
	}
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->depth = 0;
}

int
store_backup(const char *src, const char *dst, char *err, size_t errlen)
{
	struct store *st;
	sqlite3_stmt *s = NULL;
	int rc, fd;

	if ((st = store_open(src, STORE_RDONLY, NULL, err, errlen)) == NULL)
		return STORE_ERR;
	/* The copy holds everything the database does: create it 0600 ourselves (VACUUM INTO
	 * accepts an empty file), which also refuses a file that is already there. */
	if ((fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		if (errno == EEXIST)
			snprintf(err, errlen, "%s already exists; choose a new file", dst);
		else
			snprintf(err, errlen, "cannot create %s: %s", dst, strerror(errno));
		store_close(st);
		return STORE_ERR;
	}
	close(fd);
	/* VACUUM INTO reads one snapshot, so the copy is consistent while the bot writes. */
	rc = sqlite3_prepare_v2(st->db, "VACUUM INTO ?", -1, &s, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(s, 1, dst, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup to %s failed: %s", dst, sqlite3_errmsg(st->db));
		unlink(dst);	/* ours, created above: no half copy is left behind */
	}
	sqlite3_finalize(s);
	store_close(st);
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERR;
}

int
store_limit(struct store *st, bool read_only, int64_t max_pages)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "PRAGMA query_only = %d; PRAGMA max_page_count = %lld",
	    read_only, (long long)(max_pages > 0 ? max_pages : 1073741823));
	return exec(st, sql);
}

bool
store_integrity_ok(struct store *st)
{
	sqlite3_stmt *s;
	bool ok = false;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(s) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
	sqlite3_finalize(s);
	return ok;
}

int
store_bind_ids(sqlite3_stmt *s, int col, const int64_t *ids, int n)
{
	size_t cap = 2 + (size_t)n * 21, o = 0;
	char *json = sqlite3_malloc64(cap + 1);

	if (json == NULL)
		return STORE_ERR;
	json[o++] = '[';
	for (int i = 0; i < n; i++)
		o += (size_t)snprintf(json + o, cap - o, "%s%lld", i ? "," : "", (long long)ids[i]);
	json[o++] = ']';
	sqlite3_bind_text(s, col, json, (int)o, sqlite3_free);
	return STORE_OK;
}

int64_t
store_total_rows(struct store *st)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM accounts)"
	    " + (SELECT count(*) FROM opportunities) + (SELECT count(*) FROM entries)"
	    " + (SELECT count(*) FROM stage_history) + (SELECT count(*) FROM targets)"
	    " + (SELECT count(*) FROM settings) + (SELECT count(*) FROM prompts)"
	    " + (SELECT count(*) FROM entry_changes) + (SELECT count(*) FROM contacts)";
	sqlite3_stmt *s;
	int64_t n = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}
