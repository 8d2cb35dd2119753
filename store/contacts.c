/*
 * Contacts: the people at an account, as a CRM keeps them -- a name (unique on the account,
 * regardless of case), a title and an email. An activity can be logged with one
 * (entries.contact_id); merging two accounts merges their contacts.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "store/store_int.h"

#define CONTACT_COLS "c.id, c.account_id, c.name, c.title, c.email"

/* A contact's name as a key: case folded in any script ("Пётр" is "пётр"), blanks collapsed. */
static void
contact_key(const char *name, size_t len, char *key, size_t keylen)
{
	char *folded;

	if (!g_utf8_validate(name, (gssize)len, NULL) ||
	    (folded = g_utf8_casefold(name, (gssize)len)) == NULL) {
		store_fold(name, len, key, keylen);
		return;
	}
	store_fold(folded, strlen(folded), key, keylen);
	g_free(folded);
}

static void
read_contact(sqlite3_stmt *s, struct contact *c)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(s, 0);
	c->account_id = sqlite3_column_int64(s, 1);
	store_col_text(s, 2, c->name, sizeof(c->name));
	store_col_text(s, 3, c->title, sizeof(c->title));
	store_col_text(s, 4, c->email, sizeof(c->email));
	c->last_day = STORE_NO_DAY;
}

int
store_contact_add(struct store *st, int64_t account_id, const char *name, size_t len,
    const char *title, size_t title_len, const char *email, size_t email_len, int64_t now,
    int64_t *id)
{
	char key[512];
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_CONTACT_ADD,
	    "INSERT INTO contacts (account_id, name, name_key, title, email, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, name_key) DO NOTHING");

	if (s == NULL)
		return STORE_ERR;
	contact_key(name, len, key, sizeof(key));
	sqlite3_bind_int64(s, 1, account_id);
	store_bind_text(s, 2, name, len);
	sqlite3_bind_text(s, 3, key, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 4, title, title_len);
	store_bind_text(s, 5, email, email_len);
	sqlite3_bind_int64(s, 6, now);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		return rc;
	if (sqlite3_changes(st->db) == 0)
		return STORE_AMBIGUOUS;
	*id = sqlite3_last_insert_rowid(st->db);
	return STORE_OK;
}

int
store_contact_find(struct store *st, int64_t account_id, const char *name, size_t len,
    struct contact *out)
{
	char key[512], first[520];
	int rc, n = 0;
	bool exact = false;
	sqlite3_stmt *s = store_stmt(st, Q_CONTACT_FIND,
	    "SELECT " CONTACT_COLS ", c.name_key = ?2 FROM contacts c WHERE c.account_id = ?1"
	    " AND (c.name_key = ?2 OR substr(c.name_key, 1, length(?3)) = ?3)"
	    " ORDER BY c.name_key = ?2 DESC, c.name_key LIMIT 2");

	if (s == NULL)
		return STORE_ERR;
	contact_key(name, len, key, sizeof(key));
	snprintf(first, sizeof(first), "%s ", key);	/* "jane" finds "jane doe" */
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, first, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n++ == 0) {
			read_contact(s, out);
			exact = sqlite3_column_int(s, 5) != 0;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc);
	if (n == 0)
		return STORE_NOTFOUND;
	return exact || n == 1 ? STORE_OK : STORE_AMBIGUOUS;
}

int
store_contact_get(struct store *st, int64_t id, struct contact *out)
{
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_CONTACT_GET,
	    "SELECT " CONTACT_COLS " FROM contacts c WHERE c.id = ?");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_step_one(st, s)) != STORE_OK)
		return rc;
	read_contact(s, out);
	sqlite3_reset(s);
	return STORE_OK;
}

int
store_contacts_each(struct store *st, int64_t account_id, int64_t person,
    store_contact_fn fn, void *arg)
{
	struct contact c;
	int rc;
	sqlite3_stmt *s = store_stmt(st, Q_CONTACTS_EACH,
	    "SELECT " CONTACT_COLS ", count(e.id), max(e.day) FROM contacts c"
	    " LEFT JOIN entries e ON e.contact_id = c.id AND e.person_id = ?2"
	    " WHERE c.account_id = ?1 GROUP BY c.id ORDER BY c.name_key");

	if (s == NULL)
		return STORE_ERR;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, person);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_contact(s, &c);
		c.activities = sqlite3_column_int(s, 5);
		c.last_day = store_col_day(s, 6);
		if (fn(&c, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
}
