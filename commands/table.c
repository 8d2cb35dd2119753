/*
 * The verb table and the dispatcher: every command is one entry here (name, usage, help,
 * permission, handler), and help and usage errors are generated from it. commands_run() is the
 * one way in for every surface.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands/commands_int.h"
#include "commands/utf8.h"
#include "insights/calendar.h"

const struct cmd_entry cmd_table[] = {
	{ "log", NULL,
	  "log <call|email|meeting|demo> <account> [date] [note ...]\n"
	  "log lead <account> [amount] [date] [note ...]\n"
	  "log <qualified|proposal|verbal|won> <account|#ID> [amount] [date] [note ...]\n"
	  "log lost <account|#ID> [date] [reason ...]\n"
	  "log undo\n"
	  "log edit <entry> <date|amount|note|account|kind> <new value>\n"
	  "log delete <entry>\n"
	  "log changes [<entry>|#ID]\n"
	  "log",
	  "Log a call, email, meeting or demo, or move an opportunity through the funnel; put an "
	  "entry right.",
	  PERM_ANYONE, cmd_log },
	{ "funnel", NULL, "funnel [who] [period]",
	  "Counts per stage, conversion, win rate, deal size, cycle, pipeline and pace.",
	  PERM_ANYONE, cmd_funnel },
	{ "insights", NULL, "insights [who|team] [period]",
	  "What stands out against the team, strengths, and the main thing to work on.",
	  PERM_ANYONE, cmd_insights },
	{ "pipeline", NULL, "pipeline [who]\npipeline team",
	  "Open opportunities with their stage, amount and days in stage; a team's, stalled first.",
	  PERM_ANYONE, cmd_pipeline },
	{ "accounts", NULL, "accounts [who|team]",
	  "The accounts someone works: open deals first, then the most recently touched.",
	  PERM_ANYONE, cmd_accounts },
	{ "contact", NULL, "contact add <name> <account> [title] [email]",
	  "Add a person at an account; log an activity `with` them.",
	  PERM_ANYONE, cmd_contact },
	{ "contacts", NULL, "contacts <account>",
	  "The people at an account, with your activities with each.",
	  PERM_ANYONE, cmd_contacts },
	{ "deal", NULL, "deal #ID",
	  "One opportunity's story: its stages with their dates, amount changes, activities.",
	  PERM_ANYONE, cmd_deal },
	{ "team", NULL, "team [period]",
	  "One line per rep: activity, opportunities, win rate, pace and main finding.",
	  PERM_ANYONE, cmd_team },
	{ "target", NULL, "target [@who <amount> [year]]",
	  "Set a rep's yearly target (their manager or an admin), or show yours.",
	  PERM_ANYONE, cmd_target },
	{ "role", NULL, "role @who rep|manager|admin|inactive",
	  "Set someone's role; inactive people get no prompts and leave team figures.",
	  PERM_ADMIN, cmd_role },
	{ "person", NULL, "person add <name> [\"Display Name\"] [rep|manager|admin] [@manager]",
	  "Add someone before they first use funnelbot (the console; Slack has the workspace).",
	  PERM_ADMIN, cmd_person },
	{ "manager", NULL, "manager @who @manager",
	  "Set who manages whom; a manager's team is their direct reports.",
	  PERM_ADMIN, cmd_manager },
	{ "account", NULL, "account rename <account> to <new name>\n"
	  "account merge <account> into <account>",
	  "Rename an account, or make two spellings of one customer one account.",
	  PERM_MANAGER, cmd_account },
	{ "away", NULL, "away [until <date>]",
	  "Pause your weekly prompt (this week, or until a date, inclusive).",
	  PERM_ANYONE, cmd_away },
	{ "back", NULL, "back",
	  "Resume your weekly prompt.",
	  PERM_ANYONE, cmd_back },
	{ "nudge", NULL, "nudge preview [@who]\nnudge send [@who|all]",
	  "Preview the weekly one-on-one prompt, or send it now (once a week).",
	  PERM_ANYONE, cmd_nudge },
	{ "schedule", NULL, "schedule [<weekday> <HH:MM>]",
	  "Show or set the weekly prompt's day and local time.",
	  PERM_ADMIN, cmd_schedule },
	{ "export", NULL, "export [who|team|all] [period]",
	  "A CSV file of activities and stage changes.",
	  PERM_ANYONE, cmd_export },
	{ "demo", NULL, "demo load\ndemo clear",
	  "Load or remove a clearly marked sample team to try funnelbot with.",
	  PERM_ADMIN, cmd_demo },
	{ "yes", NULL, "yes",
	  "Take the other reading I offered for your last log line (within 10 minutes).",
	  PERM_ANYONE, cmd_yes },
	{ "help", NULL, "help [command]",
	  "Show the commands, or how to use one.",
	  PERM_ANYONE, cmd_help_verb },
	{ NULL, NULL, NULL, NULL, PERM_ANYONE, NULL },
};

const struct cmd_entry *
cmd_find(const char *name, size_t len)
{
	for (const struct cmd_entry *e = cmd_table; e->name; e++) {
		if ((strlen(e->name) == len && strncasecmp(e->name, name, len) == 0) ||
		    (e->alias && strlen(e->alias) == len && strncasecmp(e->alias, name, len) == 0))
			return e;
	}
	return NULL;
}

static void
usage_lines(struct buf *b, const struct cmd_entry *e)
{
	const char *u = e->usage, *nl;

	buf_puts(b, "Usage:\n");
	for (; *u; u = *nl ? nl + 1 : nl) {
		nl = strchr(u, '\n');
		nl = nl ? nl : u + strlen(u);
		buf_puts(b, "  ");
		buf_add(b, u, (size_t)(nl - u));
		buf_puts(b, "\n");
	}
}

void
cmd_help(struct buf *b, const struct cmd_entry *e)
{
	buf_printf(b, "%s\n", e->help);
	usage_lines(b, e);
}

static void
help_all(struct buf *b)
{
	buf_puts(b, "Commands (`help <command>` for more):\n");
	for (const struct cmd_entry *e = cmd_table; e->name; e++)
		buf_printf(b, "  %-9s %s\n", e->name, e->help);
	buf_puts(b, "You can also ask: \"how is @sally doing?\", \"how am I doing?\","
	    " \"what should I work on?\", \"who needs help?\"\n");
}

static int
say_error(struct cmd_ctx *ctx, bool usage, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[utf8_whole(msg, strlen(msg))] = '\0';	/* a long message ends between characters */
	buf_free(&ctx->out);
	buf_printf(&ctx->out, "%s\n", msg);
	if (usage && ctx->cmd)
		usage_lines(&ctx->out, ctx->cmd);
	ctx->reply->error = true;
	return -1;
}

int
cmd_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = say_error(ctx, true, fmt, ap);
	va_end(ap);
	return rc;
}

int
cmd_refuse(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = say_error(ctx, false, fmt, ap);
	va_end(ap);
	return rc;
}

int
cmd_store_error(struct cmd_ctx *ctx, int rc)
{
	ctx->reply->store_failed = true;
	if (rc == STORE_FULL)
		return cmd_refuse(ctx, "Sorry, I could not save that: the disk is full. Nothing was "
		    "stored; please try again later.");
	if (rc == STORE_READONLY)
		return cmd_refuse(ctx, "Sorry, I could not save that: the database is read-only. "
		    "Nothing was stored; please try again later.");
	return cmd_refuse(ctx, "Sorry, something went wrong saving that. Nothing was stored; "
	    "please try again.");
}

const char *
cmd_name(const struct person *p)
{
	return p->display_name[0] ? p->display_name : p->username[0] ? p->username :
	    p->platform_id;
}

bool
cmd_word_is(const struct cmd_ctx *ctx, int i, const char *lit)
{
	return i < ctx->l->n && lex_is(&ctx->l->w[i], lit);
}

/* s (n bytes) into dst (cap bytes), cut between characters when it does not fit. */
static void
copy_cut(char *dst, size_t cap, const char *s, size_t n)
{
	n = utf8_cut(s, n, cap - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int
list_one(const struct person *p, void *arg)
{
	struct buf *b = arg;

	buf_printf(b, "%s@%s (%s%s%s)", b->len ? ", " : "", p->platform_id, p->username,
	    p->display_name[0] && strcmp(p->display_name, p->username) != 0 ? " · " : "",
	    strcmp(p->display_name, p->username) != 0 ? p->display_name : "");
	return 0;
}

/* Several people answer to @name: each with the id that names them alone. */
static int
several_called(struct cmd_ctx *ctx, const struct who *w, const char *name)
{
	struct buf b = { .max = 2048 };
	int rc = store_people_named(ctx->st, w->s, w->len, list_one, &b);

	if (rc != STORE_OK) {
		buf_free(&b);
		return cmd_store_error(ctx, rc);
	}
	rc = cmd_refuse(ctx, "Several people are called @%s: %s. Name one by their id, like "
	    "@%.*s, or mention them.", name, buf_str(&b), (int)strcspn(buf_str(&b) + 1, " "),
	    buf_str(&b) + 1);
	buf_free(&b);
	return rc;
}

int
cmd_resolve(struct cmd_ctx *ctx, const struct who *w, struct person *out)
{
	char name[128];
	int rc;

	switch (w->kind) {
	case WHO_ME:
		*out = ctx->me;
		return 0;
	case WHO_NAME:
		rc = store_person_by_name(ctx->st, w->s, w->len, out);
		copy_cut(name, sizeof(name), w->s, w->len);
		/* @U0123ABCD (or a console name) is a person's own id: never ambiguous. */
		if ((rc == STORE_NOTFOUND || rc == STORE_AMBIGUOUS) && w->len < sizeof(name) &&
		    store_person_by_platform(ctx->st, name, out) == STORE_OK)
			rc = STORE_OK;
		if (rc == STORE_AMBIGUOUS)
			return several_called(ctx, w, name);
		break;
	case WHO_ID:
		copy_cut(name, sizeof(name), w->s, w->len);
		rc = store_person_by_platform(ctx->st, name, out);
		if (rc == STORE_NOTFOUND && w->label) {
			/* A mention names a real workspace member: they exist from now on. */
			char label[STORE_NAME_MAX + 1];
			copy_cut(label, sizeof(label), w->label, w->label_len);
			rc = store_person_ensure(ctx->st, name, label, NULL, NULL, false,
			    ctx->req->now, out);
		}
		if (w->label)
			copy_cut(name, sizeof(name), w->label, w->label_len);
		break;
	default:
		return cmd_error(ctx, "Name one person here, like @sally.");
	}
	/* The form was right: one line, no usage. A name with a space is shown quoted. */
	if (rc == STORE_NOTFOUND)
		return cmd_refuse(ctx, strchr(name, ' ') ? "I don't know anyone called @\"%s\". "
		    "People appear once they have used funnelbot (on the console an admin can "
		    "`person add` them)." : "I don't know anyone called @%s. People appear once "
		    "they have used funnelbot (on the console an admin can `person add` them).",
		    name);
	if (rc == STORE_AMBIGUOUS)
		return cmd_refuse(ctx, "Several people are called @%s; mention the one you mean.",
		    name);
	if (rc != STORE_OK)
		return cmd_store_error(ctx, rc);
	return 0;
}

int
cmd_no_such(struct cmd_ctx *ctx, const char *what, const char *rep_hint,
    const char *team_hint)
{
	if (ctx->admin)
		return cmd_refuse(ctx, "There is no %s.", what);
	if (ctx->me.role == ROLE_MANAGER)
		return cmd_refuse(ctx, "Neither you nor anyone in your team has %s; %s.", what,
		    team_hint);
	return cmd_refuse(ctx, "You have no %s; %s.", what, rep_hint);
}

bool
cmd_may_see(const struct cmd_ctx *ctx, const struct person *p)
{
	return ctx->admin || p->id == ctx->me.id || (p->manager_id == ctx->me.id &&
	    ctx->me.role == ROLE_MANAGER);
}

void
cmd_amount(const struct cmd_ctx *ctx, int64_t cents, char *out, size_t outlen)
{
	const char *cur = ctx->c->cfg->currency ? ctx->c->cfg->currency : "USD";
	const char *sym = strcmp(cur, "USD") == 0 ? "$" : strcmp(cur, "EUR") == 0 ? "€" :
	    strcmp(cur, "GBP") == 0 ? "£" : strcmp(cur, "JPY") == 0 ? "¥" : NULL;
	char digits[32], grouped[48];
	int n, o = 0;
	int64_t units = cents / 100, frac = cents % 100;

	n = snprintf(digits, sizeof(digits), "%lld", (long long)units);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[o++] = ',';
		grouped[o++] = digits[i];
	}
	grouped[o] = '\0';
	if (frac)
		snprintf(grouped + o, sizeof(grouped) - (size_t)o, ".%02lld", (long long)frac);
	if (sym)
		snprintf(out, outlen, "%s%s", sym, grouped);
	else
		snprintf(out, outlen, "%s %s", cur, grouped);
}

void
cmd_day_text(int day, int today, char *out, size_t outlen)
{
	static const char *const wd[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
		"Aug", "Sep", "Oct", "Nov", "Dec" };
	int y, m, d, ty, tm, td;

	cal_ymd(day, &y, &m, &d);
	cal_ymd(today, &ty, &tm, &td);
	if (y == ty)
		snprintf(out, outlen, "%s %d %s", wd[cal_weekday(day)], d, mon[m - 1]);
	else
		snprintf(out, outlen, "%s %d %s %d", wd[cal_weekday(day)], d, mon[m - 1], y);
}

void
cmd_date(const struct cmd_ctx *ctx, int day, char *out, size_t outlen)
{
	cmd_day_text(day, ctx->req->today, out, outlen);
}

int
cmd_help_verb(struct cmd_ctx *ctx)
{
	const struct cmd_entry *e;
	const struct word *w;

	if (ctx->argi >= ctx->l->n) {
		help_all(&ctx->out);
		return 0;
	}
	w = &ctx->l->w[ctx->argi];
	if ((e = cmd_find(w->s, w->len)) == NULL)
		return cmd_error(ctx, "There is no command \"%.*s\".", (int)w->len, w->s);
	cmd_help(&ctx->out, e);
	return 0;
}

static int
call_action(struct cmd_ctx *ctx)
{
	return ctx->action(ctx, ctx->action_id, ctx->action_value);
}

bool
cmd_is_admin_id(const struct commands_config *cfg, const char *id)
{
	for (int i = 0; i < cfg->nadmins; i++)
		if (strcmp(cfg->admins[i], id) == 0)
			return true;
	return false;
}

/* Finds the verb, honouring the umbrella command and the shortcuts: "/sales log ..." and
 * "/log ..." both mean "log ...". Sets *argi to the first argument. */
static const struct cmd_entry *
find_verb(const struct commands *c, const struct line *l, int *argi, bool *unknown_slash)
{
	const struct word *w = &l->w[0];
	const struct commands_config *cfg = c->cfg;

	*unknown_slash = false;
	*argi = 1;
	if (w->kind == WORD_PLAIN && w->len > 1 && w->s[0] == '/') {
		if (cfg->umbrella && strlen(cfg->umbrella) == w->len &&
		    strncasecmp(cfg->umbrella, w->s, w->len) == 0) {
			if (l->n < 2)
				return cmd_find("help", 4);
			*argi = 2;
			return cmd_find(l->w[1].s, l->w[1].len);
		}
		for (int i = 0; i < cfg->nshortcuts; i++) {
			const struct shortcut *sc = &cfg->shortcuts[i];
			if (strlen(sc->slash) == w->len && strncasecmp(sc->slash, w->s, w->len) == 0)
				return cmd_find(sc->verb, strlen(sc->verb));
		}
		*unknown_slash = true;
		return NULL;
	}
	return w->kind == WORD_PLAIN ? cmd_find(w->s, w->len) : NULL;
}

/* The verb a line that did not lex starts with (after a slash command), or NULL. */
static const struct cmd_entry *
verb_of_raw(const struct commands *c, const char *text, size_t len)
{
	size_t i = 0, start;

	for (int word = 0; word < 2; word++) {
		while (i < len && (text[i] == ' ' || text[i] == '\t'))
			i++;
		start = i;
		while (i < len && text[i] != ' ' && text[i] != '\t' && text[i] != '\n')
			i++;
		if (i > start && text[start] == '/') {
			const struct commands_config *cfg = c->cfg;
			for (int k = 0; k < cfg->nshortcuts; k++)
				if (strlen(cfg->shortcuts[k].slash) == i - start &&
				    strncasecmp(cfg->shortcuts[k].slash, text + start, i - start) == 0)
					return cmd_find(cfg->shortcuts[k].verb,
					    strlen(cfg->shortcuts[k].verb));
			continue;	/* the umbrella command: the verb follows */
		}
		return cmd_find(text + start, i - start);
	}
	return NULL;
}

void
reply_free(struct reply *r)
{
	free(r->text);
	free(r->blocks);
	free(r->file);
	memset(r, 0, sizeof(*r));
}

struct commands *
commands_new(struct store *st, const struct commands_config *cfg)
{
	struct commands *c = calloc(1, sizeof(*c));

	if (c) {
		c->st = st;
		c->cfg = cfg;
	}
	return c;
}

void
commands_free(struct commands *c)
{
	free(c);
}

/* Runs fn (the verb's handler, or an action) inside one transaction: the asker's row, the
 * permission check, the handler, COMMIT or ROLLBACK. */
static int
run_verb(struct cmd_ctx *ctx, cmd_fn fn)
{
	const struct request *req = ctx->req;
	int rc;

	if ((rc = store_begin(ctx->st)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	rc = store_person_ensure(ctx->st, req->user_id, req->username ? req->username :
	    req->surface == SURFACE_CONSOLE ? req->user_id : NULL, req->display_name, NULL,
	    false, req->now, &ctx->me);
	if (rc != STORE_OK) {
		store_rollback(ctx->st);
		return cmd_store_error(ctx, rc);
	}
	ctx->admin = req->surface == SURFACE_CONSOLE || ctx->me.role == ROLE_ADMIN ||
	    cmd_is_admin_id(ctx->c->cfg, req->user_id);
	if (ctx->cmd && ctx->cmd->perm == PERM_ADMIN && !ctx->admin)
		rc = cmd_refuse(ctx, "Only an admin can use `%s`.", ctx->cmd->name);
	else if (ctx->cmd && ctx->cmd->perm == PERM_MANAGER && !ctx->admin &&
	    ctx->me.role != ROLE_MANAGER)
		rc = cmd_refuse(ctx, "Only a manager or an admin can use `%s`.", ctx->cmd->name);
	else {
		int64_t before = store_changes(ctx->st);	/* the asker's own row aside */
		rc = fn(ctx);
		ctx->reply->changed = rc == 0 && store_changes(ctx->st) != before;
	}
	if (rc != 0) {
		store_rollback(ctx->st);
		return -1;
	}
	if ((rc = store_commit(ctx->st)) != STORE_OK)
		return cmd_store_error(ctx, rc);
	return 0;
}

void
cmd_reply_check(const struct commands *c, struct reply *r)
{
	size_t bad = 0;

	if (r->text)
		bad += utf8_repair(r->text, strlen(r->text));
	if (r->blocks)
		bad += utf8_repair(r->blocks, strlen(r->blocks));
	if (bad > 0 && c->cfg->warn)
		c->cfg->warn("a reply was not valid UTF-8; the bad bytes were replaced by '?'");
}

/* Hands the reply text over: a document reply set its own; errors and plain replies are in
 * ctx->out. */
static void
finish_reply(struct cmd_ctx *ctx, struct reply *out)
{
	if (out->text == NULL || out->error) {
		free(out->text);
		free(out->blocks);
		out->blocks = NULL;
		out->text = buf_take(&ctx->out);
	}
	buf_free(&ctx->out);
	cmd_reply_check(ctx->c, out);
}

int
commands_run_action(struct commands *c, const struct request *req, const char *action_id,
    const char *value, struct reply *out, int (*fn)(struct cmd_ctx *, const char *,
    const char *))
{
	struct line l = { 0 };
	struct cmd_ctx ctx = { .c = c, .st = c->st, .req = req, .reply = out, .l = &l,
		.action = fn, .action_id = action_id, .action_value = value };
	int rc;

	memset(out, 0, sizeof(*out));
	out->private = true;
	rc = run_verb(&ctx, call_action);
	finish_reply(&ctx, out);
	return rc;
}

/* Edit distance between a and b (at most 15 bytes each), capped at 3. */
static int
near(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b);
	int d[16][16];

	if (la > 15 || lb > 15)
		return 3;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int v = d[i - 1][j - 1] + (tolower((unsigned char)a[i - 1]) != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			d[i][j] = v;
		}
	return d[la][lb] < 3 ? d[la][lb] : 3;
}

/* Not a command and not a question we read: one line with the closest things to try. */
static void
suggest(struct buf *b, const struct word *w)
{
	const struct cmd_entry *best = NULL;
	int dist = 3;

	for (const struct cmd_entry *e = cmd_table; e->name; e++) {
		int k = near(w->s, w->len, e->name);
		if (k < dist) {
			dist = k;
			best = e;
		}
	}
	if (best && dist <= (w->len > 4 ? 2 : 1))
		buf_printf(b, "Sorry, I didn't understand \"%.*s\". Did you mean `%s`? (`help "
		    "%s` shows how.)\n", (int)utf8_cut(w->s, w->len, 60), w->s, best->name,
		    best->name);
	else
		buf_printf(b, "Sorry, I didn't understand \"%.*s\". Try `funnel`, `pipeline` or "
		    "\"what should I work on?\" -- `help` lists everything.\n",
		    (int)utf8_cut(w->s, w->len, 60), w->s);
}

int
commands_run(struct commands *c, const struct request *req, struct reply *out)
{
	struct cmd_ctx ctx;
	struct line l = { 0 }, l2 = { 0 }, question;
	struct buf rewritten = { 0 };
	char err[256];
	bool unknown_slash;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&ctx, 0, sizeof(ctx));
	ctx.c = c;
	ctx.st = c->st;
	ctx.req = req;
	ctx.reply = out;
	ctx.l = &l;
	out->private = true;

	if (lex_line(req->text, req->len, req->surface != SURFACE_CONSOLE, &l, err,
	    sizeof(err)) != 0) {
		buf_printf(&ctx.out, "%s\n", err);
		if ((ctx.cmd = verb_of_raw(c, req->text, req->len)) != NULL)
			usage_lines(&ctx.out, ctx.cmd);
		else
			help_all(&ctx.out);
		out->error = true;
		goto done;
	}
	if (l.n == 0) {
		buf_puts(&ctx.out, "That was an empty command.\n");
		help_all(&ctx.out);
		out->error = true;
		goto done;
	}
	ctx.cmd = find_verb(c, &l, &ctx.argi, &unknown_slash);
	/* "/sales how am I doing?": the question is the words after the umbrella. */
	question = l;
	if (ctx.cmd == NULL && ctx.argi == 2) {
		question.w++;
		question.n--;
	}
	if (ctx.cmd == NULL && !unknown_slash && ask_rewrite(&question, req->today, &rewritten)) {
		/* A plain-English question: run the command it means. */
		if (lex_line(buf_str(&rewritten), rewritten.len, false, &l2, err,
		    sizeof(err)) == 0 && l2.n > 0) {
			ctx.l = &l2;
			ctx.cmd = find_verb(c, &l2, &ctx.argi, &unknown_slash);
		}
	}
	if (ctx.cmd == NULL) {
		const struct word *w = &question.w[0];	/* the word that is no verb */
		if (unknown_slash) {
			buf_printf(&ctx.out, "I don't know the command %.*s.\n",
			    (int)utf8_cut(w->s, w->len, 60), w->s);
			help_all(&ctx.out);
		} else {
			suggest(&ctx.out, w);
		}
		out->error = true;
		goto done;
	}
	rc = run_verb(&ctx, ctx.cmd->fn);
done:
	finish_reply(&ctx, out);
	buf_free(&rewritten);
	lex_line_free(&l);
	lex_line_free(&l2);
	return rc;
}
