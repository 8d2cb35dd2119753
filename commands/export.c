/*
 * `export`: a CSV file (RFC 4180) of activities and stage changes. Cells that a spreadsheet
 * would run as a formula are prefixed with an apostrophe.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/commands_int.h"
#include "commands/utf8.h"
#include "insights/calendar.h"

#define EXPORT_MAX_PEOPLE 10000
#define EXPORT_MAX_BYTES (32u << 20)

struct export {
	struct cmd_ctx *ctx;
	struct buf csv;
	int64_t *people;
	char (*names)[STORE_NAME_MAX];
	int n;
	int rows;
};

/* One CSV cell: quoted when it holds a comma, quote, CR or LF; formula-safe. */
static void
cell(struct buf *b, const char *s, size_t n, bool last)
{
	bool quote = false;

	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (quote)
		buf_puts(b, "\"");
	if (n > 0 && strchr("=+-@\t\r", s[0]))
		buf_puts(b, "'");
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_puts(b, "\"");
		buf_add(b, s + i, 1);
	}
	if (quote)
		buf_puts(b, "\"");
	buf_puts(b, last ? "\r\n" : ",");
}

static void
cell_str(struct buf *b, const char *s)
{
	cell(b, s, strlen(s), false);
}

static int
row(const struct entry *e, const char *account, void *arg)
{
	struct export *x = arg;
	char date[16], num[32] = "", id[24] = "", entry[24];
	const char *who = "";
	struct contact c;

	for (int i = 0; i < x->n; i++) {
		if (x->people[i] == e->person_id) {
			who = x->names[i];
			break;
		}
	}
	cal_format(e->day, date);
	if (e->opp_id)
		snprintf(id, sizeof(id), "%lld", (long long)e->opp_id);
	if (e->amount >= 0)
		snprintf(num, sizeof(num), "%lld.%02lld", (long long)(e->amount / 100),
		    (long long)(e->amount % 100));
	cell_str(&x->csv, date);
	cell_str(&x->csv, who);
	cell_str(&x->csv, store_kind_name(e->kind));
	cell_str(&x->csv, account ? account : "");
	cell_str(&x->csv, id);
	cell_str(&x->csv, num);
	cell(&x->csv, e->note, e->note_len, false);
	c.name[0] = '\0';
	if (e->contact_id && store_contact_get(x->ctx->st, e->contact_id, &c) != STORE_OK)
		c.name[0] = '\0';
	cell_str(&x->csv, c.name);
	snprintf(entry, sizeof(entry), "%lld", (long long)e->id);
	cell(&x->csv, entry, strlen(entry), true);
	x->rows++;
	return x->csv.truncated;
}

static int
add_person(const struct person *p, void *arg)
{
	struct export *x = arg;

	if (x->n >= EXPORT_MAX_PEOPLE)
		return 1;
	x->people[x->n] = p->id;
	utf8_copy(x->names[x->n], sizeof(x->names[0]), cmd_name(p));
	x->n++;
	return 0;
}

/* Fills x with the people the who-word names, after the permission check. */
static int
export_people(struct cmd_ctx *ctx, const struct who *w, struct export *x)
{
	struct person p;
	int rc;

	if (w->kind == WHO_ALL || (w->kind == WHO_TEAM && ctx->admin)) {
		if (!ctx->admin)
			return cmd_refuse(ctx, "Only an admin can export everyone's entries.");
		rc = store_people_each(ctx->st, 0, true, true, add_person, x);
	} else if (w->kind == WHO_TEAM) {
		if (ctx->me.role != ROLE_MANAGER)
			return cmd_refuse(ctx, "Only a manager or an admin can export a team's "
			    "entries; you can export your own with `export`.");
		rc = store_people_each(ctx->st, ctx->me.id, true, true, add_person, x);
	} else {
		if (cmd_resolve(ctx, w, &p) != 0)
			return -1;
		if (!cmd_may_see(ctx, &p))
			return cmd_refuse(ctx, "Only %s's manager or an admin can export %s's "
			    "entries.", cmd_name(&p), cmd_name(&p));
		rc = add_person(&p, x) == 0 ? STORE_OK : STORE_ERR;
	}
	return rc == STORE_OK ? 0 : cmd_store_error(ctx, rc);
}

int
cmd_export(struct cmd_ctx *ctx)
{
	const struct line *l = ctx->l;
	struct export x = { .ctx = ctx, .csv = { .max = EXPORT_MAX_BYTES } };
	struct who w = { .kind = WHO_ME };
	struct period p;
	char err[160], from[16], to[16];
	int i = ctx->argi, used, rc = -1;

	p.from = INT_MIN / 2;
	p.to = ctx->req->today;
	p.all_time = true;
	if (i < l->n && !(cmd_word_is(ctx, i, "all") && cmd_word_is(ctx, i + 1, "time")) &&
	    lex_who(&l->w[i], &w))
		i++;
	if (i < l->n) {
		rc = lex_period(l, i, ctx->req->today, &p, &used, err, sizeof(err));
		if (rc <= 0)
			return cmd_error(ctx, "%s", rc < 0 ? err : "I don't understand the period.");
		if ((i += used) < l->n)
			return cmd_error(ctx, "There is something extra after the period.");
	}
	x.people = calloc(EXPORT_MAX_PEOPLE, sizeof(*x.people));
	x.names = calloc(EXPORT_MAX_PEOPLE, sizeof(*x.names));
	if (x.people == NULL || x.names == NULL) {
		rc = cmd_refuse(ctx, "Sorry, I ran out of memory making that export.");
		goto done;
	}
	if ((rc = export_people(ctx, &w, &x)) != 0)
		goto done;
	if (p.all_time && store_first_day(ctx->st, x.people, x.n, &p.from) != STORE_OK)
		p.from = p.to;
	buf_puts(&x.csv, "date,person,kind,account,opportunity,amount,note,contact,entry\r\n");
	if ((rc = store_entries_each(ctx->st, x.people, x.n, p.from, p.to, row, &x)) !=
	    STORE_OK) {
		rc = cmd_store_error(ctx, rc);
		goto done;
	}
	if (x.csv.truncated) {
		rc = cmd_refuse(ctx, "That export is larger than %u MiB; choose a shorter period.",
		    EXPORT_MAX_BYTES >> 20);
		goto done;
	}
	cal_format(p.from, from);
	cal_format(p.to, to);
	buf_printf(&ctx->out, "Export: %d row%s from %s to %s.\n", x.rows, x.rows == 1 ? "" : "s",
	    from, to);
	ctx->reply->file_len = x.csv.len;
	ctx->reply->file = buf_take(&x.csv);
	snprintf(ctx->reply->file_name, sizeof(ctx->reply->file_name),
	    "funnelbot-export-%s.csv", to);
	rc = 0;
done:
	buf_free(&x.csv);
	free(x.people);
	free(x.names);
	return rc;
}
