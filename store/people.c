/* People: who uses the bot, their role, manager, zone and away days. */
#include <stdio.h>
#include <string.h>

#include "commands/utf8.h"
#include "store/store_int.h"

#define PERSON_COLS "id, platform_id, username, display_name, tz, role, " \
	"coalesce(manager_id, 0), away_until, sample, email"
#define PERSON_NCOLS 10

static const char *const role_names[] = { "rep", "manager", "admin", "inactive" };

const char *
store_role_name(enum role r)
{
	return (unsigned)r < 4 ? role_names[r] : "?";
}

int
store_role_parse(const char *s, size_t n, enum role *out)
{
	for (int i = 0; i < 4; i++) {
		if (strlen(role_names[i]) == n && strncasecmp(s, role_names[i], n) == 0) {
			*out = (enum role)i;
			return 0;
		}
	}
	return -1;
}

static void
read_person(sqlite3_stmt *s, struct person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, p->platform_id, sizeof(p->platform_id));
	store_col_text(s, 2, p->username, sizeof(p->username));
	store_col_text(s, 3, p->display_name, sizeof(p->display_name));
	store_col_text(s, 4, p->tz, sizeof(p->tz));
	p->role = (enum role)sqlite3_column_int(s, 5);
	p->manager_id = sqlite3_column_int64(s, 6);
	p->away_until = store_col_day(s, 7);
	p->sample = sqlite3_column_int(s, 8) != 0;
	store_col_text(s, 9, p->email, sizeof(p->email));
}

/* Steps s expecting at most one person; NOTFOUND when none. */
static int
one_person(struct store *st, sqlite3_stmt *s, struct person *out)
{
	int rc = store_step_one(st, s);

	if (rc == STORE_OK) {
		read_person(s, out);
		sqlite3_reset(s);
	}
	return rc;
}

int
store_person_get(struct store *st, int64_t id, struct person *out)
{
	sqlite3_stmt *s = store_stmt(st, Q_PERSON_GET,
	    "SELECT " PERSON_COLS " FROM people WHERE id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	return one_person(st, s, out);
}

int
store_person_by_platform(struct store *st, const char *platform_id, struct person *out)
{
	sqlite3_stmt *s = store_stmt(st, Q_PERSON_BY_PLATFORM,
	    "SELECT " PERSON_COLS " FROM people WHERE platform_id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_text(s, 1, platform_id, -1, SQLITE_TRANSIENT);
	return one_person(st, s, out);
}

int
store_person_by_name(struct store *st, const char *name, size_t len, struct person *out)
{
	char key[256];
	int rc, users = 0, shown = 0;
	struct person p;
	sqlite3_stmt *s = store_stmt(st, Q_PERSON_BY_NAME,
	    "SELECT " PERSON_COLS ", username_key = ?1 FROM people"
	    " WHERE username_key = ?1 OR display_key = ?1 ORDER BY username_key = ?1 DESC, id"
	    " LIMIT 3");

	if (s == NULL)
		return STORE_ERR;
	store_fold(name, len, key, sizeof(key));
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	/* A handle (username) names one person before a display name does. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		bool user = sqlite3_column_int(s, PERSON_NCOLS) != 0;
		read_person(s, &p);
		if (users + shown == 0)
			*out = p;
		users += user;
		shown += !user;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc);
	if (users + shown == 0)
		return STORE_NOTFOUND;
	return users == 1 || (users == 0 && shown == 1) ? STORE_OK : STORE_AMBIGUOUS;
}

int
store_people_named(struct store *st, const char *name, size_t len, store_person_fn fn,
    void *arg)
{
	char key[256];
	int rc;
	struct person p;
	sqlite3_stmt *s = store_stmt(st, Q_PEOPLE_NAMED,
	    "SELECT " PERSON_COLS " FROM people WHERE username_key = ?1 OR display_key = ?1"
	    " ORDER BY id LIMIT 20");

	if (s == NULL)
		return STORE_ERR;
	store_fold(name, len, key, sizeof(key));
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_person(s, &p);
		if (fn(&p, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}

int
store_person_ensure(struct store *st, const char *platform_id, const char *username,
    const char *display_name, const char *tz, bool sample, int64_t now, struct person *out)
{
	char ukey[1024], dkey[1024], uname[STORE_NAME_MAX], dname[STORE_NAME_MAX];
	char zone[sizeof(out->tz)];
	sqlite3_stmt *s;
	int rc;

	if (platform_id == NULL || platform_id[0] == '\0' ||
	    strlen(platform_id) >= sizeof(out->platform_id))
		return store_refuse(st, "a person needs a platform id of 1 to 39 bytes");
	/* What is stored is what a struct person can hold, so the two never differ. */
	utf8_copy(uname, sizeof(uname), username ? username : "");
	utf8_copy(dname, sizeof(dname), display_name ? display_name : "");
	utf8_copy(zone, sizeof(zone), tz ? tz : "");
	/* Names come from the workspace as sent: a bad byte becomes '?', and a direction
	 * control, which would turn every table row holding the name around, goes. */
	utf8_repair(uname, strlen(uname));
	utf8_repair(dname, strlen(dname));
	utf8_repair(zone, strlen(zone));
	utf8_drop_bidi_controls(uname);
	utf8_drop_bidi_controls(dname);
	username = uname;
	display_name = dname;
	tz = zone;
	rc = store_person_by_platform(st, platform_id, out);
	if (rc == STORE_NOTFOUND) {
		s = store_stmt(st, Q_PERSON_INSERT,
		    "INSERT INTO people (platform_id, username, username_key, display_name,"
		    " display_key, tz, sample, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
		if (s == NULL)
			return STORE_ERR;
		sqlite3_bind_text(s, 1, platform_id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, username, -1, SQLITE_TRANSIENT);
		store_fold(username, strlen(username), ukey, sizeof(ukey));
		sqlite3_bind_text(s, 3, ukey, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 4, display_name, -1, SQLITE_TRANSIENT);
		store_fold(display_name, strlen(display_name), dkey, sizeof(dkey));
		sqlite3_bind_text(s, 5, dkey, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 6, tz, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s, 7, sample);
		sqlite3_bind_int64(s, 8, now);
		if ((rc = store_exec_stmt(st, s)) != STORE_OK)
			return rc;
		return store_person_by_platform(st, platform_id, out);
	}
	if (rc != STORE_OK)
		return rc;
	if ((username[0] && strcmp(username, out->username) != 0) ||
	    (display_name[0] && strcmp(display_name, out->display_name) != 0) ||
	    (tz[0] && strcmp(tz, out->tz) != 0)) {
		s = store_stmt(st, Q_PERSON_NAMES,
		    "UPDATE people SET username = ?2, username_key = ?3, display_name = ?4,"
		    " display_key = ?5, tz = ?6 WHERE id = ?1");
		if (s == NULL)
			return STORE_ERR;
		if (username[0])
			utf8_copy(out->username, sizeof(out->username), username);
		if (display_name[0])
			utf8_copy(out->display_name, sizeof(out->display_name), display_name);
		if (tz[0])
			utf8_copy(out->tz, sizeof(out->tz), tz);
		sqlite3_bind_int64(s, 1, out->id);
		sqlite3_bind_text(s, 2, out->username, -1, SQLITE_TRANSIENT);
		store_fold(out->username, strlen(out->username), ukey, sizeof(ukey));
		sqlite3_bind_text(s, 3, ukey, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 4, out->display_name, -1, SQLITE_TRANSIENT);
		store_fold(out->display_name, strlen(out->display_name), dkey, sizeof(dkey));
		sqlite3_bind_text(s, 5, dkey, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 6, out->tz, -1, SQLITE_TRANSIENT);
		return store_exec_stmt(st, s);
	}
	return STORE_OK;
}

/* UPDATE people SET <one column> = ? WHERE id = ? */
static int
set_column(struct store *st, enum stmt_id q, const char *sql, int64_t id, int64_t value,
    bool null)
{
	sqlite3_stmt *s = store_stmt(st, q, sql);

	if (s == NULL)
		return STORE_ERR;
	if (null)
		sqlite3_bind_null(s, 1);
	else
		sqlite3_bind_int64(s, 1, value);
	sqlite3_bind_int64(s, 2, id);
	return store_exec_stmt(st, s);
}

int
store_person_set_role(struct store *st, int64_t id, enum role r)
{
	return set_column(st, Q_PERSON_ROLE, "UPDATE people SET role = ? WHERE id = ?", id, r,
	    false);
}

int
store_person_set_manager(struct store *st, int64_t id, int64_t manager_id)
{
	return set_column(st, Q_PERSON_MANAGER, "UPDATE people SET manager_id = ? WHERE id = ?",
	    id, manager_id, manager_id == 0);
}

int
store_person_set_away(struct store *st, int64_t id, int away_until)
{
	return set_column(st, Q_PERSON_AWAY, "UPDATE people SET away_until = ? WHERE id = ?",
	    id, away_until, away_until == STORE_NO_DAY);
}

int
store_people_each(struct store *st, int64_t manager_id, bool include_inactive,
    bool include_sample, store_person_fn fn, void *arg)
{
	struct person p;
	int rc;
	/* Two statements, so a manager's team is read through people_manager. */
	sqlite3_stmt *s = manager_id ? store_stmt(st, Q_PEOPLE_OF_MANAGER,
	    "SELECT " PERSON_COLS " FROM people"
	    " WHERE manager_id = ?1 AND (?2 OR role <> 3) AND (?3 OR sample = 0)"
	    " ORDER BY lower(CASE display_name WHEN '' THEN username ELSE display_name END), id") :
	    store_stmt(st, Q_PEOPLE_EACH,
	    "SELECT " PERSON_COLS " FROM people"
	    " WHERE ?1 = 0 AND (?2 OR role <> 3) AND (?3 OR sample = 0)"
	    " ORDER BY lower(CASE display_name WHEN '' THEN username ELSE display_name END), id");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, manager_id);
	sqlite3_bind_int(s, 2, include_inactive);
	sqlite3_bind_int(s, 3, include_sample);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_person(s, &p);
		if (fn(&p, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}
