/*
 * Reading the configuration: a key table (section, name, type, default, parser) drives libinih
 * over the file's bytes, then the SLACK_* environment variables, then the checks that span
 * keys. Called once, by main(), before anything else starts.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <glib.h>
#include <ini.h>

#include "bot/config.h"
#include "bot/log.h"
#include "insights/calendar.h"

#define CONFIG_FILE_MAX	(1024 * 1024)	/* bytes: a config file is a page or two */
#define WHY_MAX		256

/*
 * A parser checks one value and stores it in cfg, or explains in why what is wrong with it.
 * more is true for an indented continuation line: list parsers append, and a list key's first
 * line replaces what was there (the default, or an earlier line with the same key).
 */
typedef int key_parser(struct config *cfg, const char *v, bool more, char *why, size_t whylen);

enum key_type {
	KEY_SCALAR,	/* one line; an empty value means the default */
	KEY_LIST,	/* comma-separated, may continue on indented lines; empty means none */
};

struct key {
	const char	*section;
	const char	*name;
	enum key_type	 type;
	bool		 secret;	/* never quote the value in a message */
	const char	*def;		/* the default, parsed like a value from the file */
	key_parser	*parse;
};

enum {
	K_APP_TOKEN, K_BOT_TOKEN, K_API_URL, K_COMMAND, K_SHORTCUTS, K_PING_INTERVAL,
	K_STORE_PATH,
	K_ADMINS, K_TIMEZONE, K_CURRENCY, K_STALLED_DAYS, K_LOG_LEVEL,
	K_DAY, K_TIME, K_HOLIDAYS,
	K_COUNT
};

static key_parser parse_app_token, parse_bot_token, parse_api_url, parse_command,
    parse_shortcuts, parse_store_path, parse_admins, parse_timezone, parse_currency,
    parse_stalled_days, parse_log_level, parse_day, parse_time, parse_holidays,
    parse_ping_interval;

static const struct key keys[K_COUNT] = {
	[K_APP_TOKEN]	= { "slack", "app_token", KEY_SCALAR, true, "", parse_app_token },
	[K_BOT_TOKEN]	= { "slack", "bot_token", KEY_SCALAR, true, "", parse_bot_token },
	[K_API_URL]	= { "slack", "api_url", KEY_SCALAR, false, "https://slack.com/api/",
			    parse_api_url },
	[K_COMMAND]	= { "slack", "command", KEY_SCALAR, false, "/sales", parse_command },
	[K_SHORTCUTS]	= { "slack", "shortcuts", KEY_LIST, false, "/log=log, /funnel=funnel",
			    parse_shortcuts },
	[K_PING_INTERVAL] = { "slack", "ping_interval", KEY_SCALAR, false, "10",
			    parse_ping_interval },
	[K_STORE_PATH]	= { "store", "path", KEY_SCALAR, false, "funnelbot.db",
			    parse_store_path },
	[K_ADMINS]	= { "bot", "admins", KEY_LIST, false, "", parse_admins },
	[K_TIMEZONE]	= { "bot", "timezone", KEY_SCALAR, false, "UTC", parse_timezone },
	[K_CURRENCY]	= { "bot", "currency", KEY_SCALAR, false, "USD", parse_currency },
	[K_STALLED_DAYS] = { "bot", "stalled_days", KEY_SCALAR, false, "30",
			    parse_stalled_days },
	[K_LOG_LEVEL]	= { "bot", "log_level", KEY_SCALAR, false, "info", parse_log_level },
	[K_DAY]		= { "prompts", "day", KEY_SCALAR, false, "monday", parse_day },
	[K_TIME]	= { "prompts", "time", KEY_SCALAR, false, "09:00", parse_time },
	[K_HOLIDAYS]	= { "prompts", "holidays", KEY_LIST, false, "", parse_holidays },
};

static const char *const weekdays[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

/* The state of one config_load: the reader's place in the file and the first error. */
struct ctx {
	struct config	*cfg;
	const char	*file;		/* the path as the user gave it */
	const char	*buf;		/* the file's bytes */
	size_t		 len, pos;
	int		 lineno;	/* the line the reader last returned */
	bool		 key_seen;	/* libinih's prev_name is set (see reader) */
	bool		 cont;		/* the current line continues the previous key */
	bool		 file_token;	/* the file holds a token */
	int		 set_line[K_COUNT];	/* the line that set each key; 0: not set */
	int		 err_line;	/* the line of the first error; 0: none yet */
	char		 err[512];
};

static bool
is_blank(char c)
{
	/* isspace() in the C locale, as libinih uses it */
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool
is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool
is_alnum(char c)
{
	return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

static bool
is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Copies s into dst (size bytes); -1 if it does not fit. */
static int
copy(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		return -1;
	memcpy(dst, s, n + 1);
	return 0;
}

/* ---- lists ---- */

typedef int item_parser(struct config *cfg, const char *item, char *why, size_t whylen);

/* Calls fn on each comma-separated item of v, blanks trimmed, empty items skipped. */
static int
each_item(struct config *cfg, const char *v, item_parser *fn, char *why, size_t whylen)
{
	char item[CONFIG_LINE_MAX + 1];
	const char *p = v, *end;
	size_t n;

	for (;;) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		while (p < end && is_blank(*p))
			p++;
		n = (size_t)(end - p);
		while (n > 0 && is_blank(p[n - 1]))
			n--;
		if (n > 0) {
			if (n >= sizeof(item)) {
				snprintf(why, whylen, "an item is too long");
				return -1;
			}
			memcpy(item, p, n);
			item[n] = '\0';
			if (fn(cfg, item, why, whylen) == -1)
				return -1;
		}
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

/* ---- [slack] ---- */

static int
parse_app_token(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	(void)more;
	if (copy(cfg->app_token, sizeof(cfg->app_token), v) == -1) {
		snprintf(why, whylen, "too long (at most %zu bytes)", sizeof(cfg->app_token) - 1);
		return -1;
	}
	return 0;
}

static int
parse_bot_token(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	(void)more;
	if (copy(cfg->bot_token, sizeof(cfg->bot_token), v) == -1) {
		snprintf(why, whylen, "too long (at most %zu bytes)", sizeof(cfg->bot_token) - 1);
		return -1;
	}
	return 0;
}

/* Checks a token's shape without ever quoting it. */
static int
check_token(const char *tok, const char *prefix, char *why, size_t whylen)
{
	size_t n = strlen(prefix);
	const char *p;

	if (strncmp(tok, prefix, n) != 0) {
		snprintf(why, whylen, "must start with \"%s\"", prefix);
		return -1;
	}
	if (tok[n] == '\0') {
		snprintf(why, whylen, "holds only the \"%s\" prefix", prefix);
		return -1;
	}
	for (p = tok + n; *p; p++) {
		if (!is_alnum(*p) && *p != '-') {
			snprintf(why, whylen, "has a character a Slack token never has "
			    "(only letters, digits and '-')");
			return -1;
		}
	}
	return 0;
}

static int
parse_api_url(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	size_t n = strlen(v), skip;
	const char *p;

	(void)more;
	if (strncmp(v, "https://", 8) == 0)
		skip = 8;
	else if (strncmp(v, "http://", 7) == 0)
		skip = 7;
	else {
		snprintf(why, whylen, "\"%s\" must start with https:// (or http:// for a test "
		    "server)", v);
		return -1;
	}
	if (v[skip] == '\0' || v[skip] == '/') {
		snprintf(why, whylen, "\"%s\" has no host", v);
		return -1;
	}
	for (p = v; *p; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' || *p == '\\') {
			snprintf(why, whylen, "\"%s\" has a blank, quote or control character", v);
			return -1;
		}
	}
	if (n + (v[n - 1] != '/') >= sizeof(cfg->api_url)) {
		snprintf(why, whylen, "too long (at most %zu bytes)", sizeof(cfg->api_url) - 2);
		return -1;
	}
	memcpy(cfg->api_url, v, n);
	if (v[n - 1] != '/')
		cfg->api_url[n++] = '/';
	cfg->api_url[n] = '\0';
	return 0;
}

/* Slack slash command names: "/", then lowercase letters, digits, '-' and '_'. */
static int
check_slash(const char *v, char *why, size_t whylen)
{
	size_t n = strlen(v);

	if (v[0] != '/' || n < 2 || n >= CONFIG_NAME_MAX) {
		snprintf(why, whylen, "\"%s\" is not a slash command (want '/' and up to %d "
		    "lowercase letters, digits, '-' or '_', e.g. /sales)", v, CONFIG_NAME_MAX - 2);
		return -1;
	}
	for (size_t i = 1; i < n; i++) {
		if (!is_lower_alnum(v[i]) && v[i] != '-' && v[i] != '_') {
			snprintf(why, whylen, "\"%s\" is not a slash command (want '/' and up to "
			    "%d lowercase letters, digits, '-' or '_', e.g. /sales)", v,
			    CONFIG_NAME_MAX - 2);
			return -1;
		}
	}
	return 0;
}

static int
parse_command(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	(void)more;
	if (check_slash(v, why, whylen) == -1)
		return -1;
	return copy(cfg->command, sizeof(cfg->command), v);
}

static int
shortcut_item(struct config *cfg, const char *item, char *why, size_t whylen)
{
	struct config_shortcut *sc;
	char slash[CONFIG_LINE_MAX + 1];
	const char *eq = strchr(item, '='), *verb;
	size_t n;

	if (eq == NULL) {
		snprintf(why, whylen, "\"%s\" is not /slash=verb (e.g. /log=log)", item);
		return -1;
	}
	n = (size_t)(eq - item);
	while (n > 0 && is_blank(item[n - 1]))
		n--;
	memcpy(slash, item, n);
	slash[n] = '\0';
	for (verb = eq + 1; is_blank(*verb); verb++)
		;
	if (check_slash(slash, why, whylen) == -1)
		return -1;
	n = strlen(verb);
	if (n == 0 || n >= CONFIG_NAME_MAX || verb[0] < 'a' || verb[0] > 'z' ||
	    strspn(verb, "abcdefghijklmnopqrstuvwxyz0123456789-_") != n) {
		snprintf(why, whylen, "\"%s\": the verb must be a lowercase command word (e.g. "
		    "/log=log)", item);
		return -1;
	}
	for (int i = 0; i < cfg->nshortcuts; i++) {
		if (strcmp(cfg->shortcuts[i].slash, slash) == 0) {
			snprintf(why, whylen, "%s is listed twice", slash);
			return -1;
		}
	}
	if (cfg->nshortcuts == CONFIG_SHORTCUTS_MAX) {
		snprintf(why, whylen, "more than %d shortcuts", CONFIG_SHORTCUTS_MAX);
		return -1;
	}
	sc = &cfg->shortcuts[cfg->nshortcuts++];
	copy(sc->slash, sizeof(sc->slash), slash);
	copy(sc->verb, sizeof(sc->verb), verb);
	return 0;
}

static int
parse_shortcuts(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	if (!more)
		cfg->nshortcuts = 0;
	return each_item(cfg, v, shortcut_item, why, whylen);
}

/* ---- [store] ---- */

static int
parse_store_path(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	(void)more;
	if (copy(cfg->store_path, sizeof(cfg->store_path), v) == -1) {
		snprintf(why, whylen, "too long");
		return -1;
	}
	return 0;
}

/* ---- [bot] ---- */

static int
admin_item(struct config *cfg, const char *item, char *why, size_t whylen)
{
	size_t n = strlen(item);

	for (size_t i = 0; i < n; i++) {
		if (!is_alnum(item[i])) {
			snprintf(why, whylen, "\"%s\" is not a user id (want letters and digits, "
			    "e.g. U012AB3CD)", item);
			return -1;
		}
	}
	if (n >= CONFIG_USER_MAX) {
		snprintf(why, whylen, "\"%s\" is too long for a user id (at most %d characters)",
		    item, CONFIG_USER_MAX - 1);
		return -1;
	}
	if (config_is_admin(cfg, item))
		return 0;
	if (cfg->nadmins == CONFIG_ADMINS_MAX) {
		snprintf(why, whylen, "more than %d admins", CONFIG_ADMINS_MAX);
		return -1;
	}
	copy(cfg->admins[cfg->nadmins++], CONFIG_USER_MAX, item);
	return 0;
}

static int
parse_admins(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	if (!more)
		cfg->nadmins = 0;
	return each_item(cfg, v, admin_item, why, whylen);
}

/*
 * glib reads any file an identifier names and prints a critical when it is not a zone file
 * (/etc/passwd, zone.tab), so only names shaped like IANA zones ("Europe/Paris") or POSIX TZ
 * strings ("EST5EDT", "+05:30") get that far.
 */
static int
parse_timezone(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	GTimeZone *tz = NULL;
	bool shaped;

	(void)more;
	shaped = strlen(v) < sizeof(cfg->timezone) &&
	    ((v[0] >= 'A' && v[0] <= 'Z') || v[0] == '+' || v[0] == '-' || v[0] == '<') &&
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-:.,<>") ==
	    strlen(v) && strstr(v, "..") == NULL && strstr(v, "//") == NULL;
	if (shaped)
		tz = g_time_zone_new_identifier(v);
	if (tz == NULL) {
		snprintf(why, whylen, "unknown time zone \"%s\" (want an IANA name such as "
		    "Europe/Paris or UTC)", v);
		return -1;
	}
	g_time_zone_unref(tz);
	return copy(cfg->timezone, sizeof(cfg->timezone), v);
}

static int
parse_currency(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	(void)more;
	if (strlen(v) != 3 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3) {
		snprintf(why, whylen, "\"%s\" is not an ISO 4217 code (3 capital letters, e.g. "
		    "USD)", v);
		return -1;
	}
	return copy(cfg->currency, sizeof(cfg->currency), v);
}

static int
parse_stalled_days(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	size_t n = strlen(v);
	int days = 0;

	(void)more;
	if (n == 0 || n > 3 || !is_digits(v, n) || (days = atoi(v)) < 1 || days > 365) {
		snprintf(why, whylen, "\"%s\" is not a whole number of days from 1 to 365", v);
		return -1;
	}
	cfg->stalled_days = days;
	return 0;
}

static int
parse_ping_interval(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	size_t n = strlen(v);
	int secs = 0;

	(void)more;
	if (n == 0 || n > 3 || !is_digits(v, n) || (secs = atoi(v)) < 1 || secs > 300) {
		snprintf(why, whylen, "\"%s\" is not a whole number of seconds from 1 to 300", v);
		return -1;
	}
	cfg->ping_interval = secs;
	return 0;
}

static int
parse_log_level(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	(void)more;
	if (log_level_parse(v, &cfg->log_level) == -1) {
		snprintf(why, whylen, "\"%s\" is not one of error, warn, info, debug", v);
		return -1;
	}
	return 0;
}

/* ---- [prompts] ---- */

static int
parse_day(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	(void)more;
	for (int i = 0; i < 7; i++) {
		if (strcasecmp(v, weekdays[i]) == 0) {
			cfg->prompt_day = i;
			return 0;
		}
	}
	snprintf(why, whylen, "\"%s\" is not a day of the week (monday ... sunday)", v);
	return -1;
}

static int
parse_time(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	int h, m;

	(void)more;
	if (strlen(v) != 5 || !is_digits(v, 2) || v[2] != ':' || !is_digits(v + 3, 2) ||
	    (h = atoi(v)) > 23 || (m = atoi(v + 3)) > 59) {
		snprintf(why, whylen, "\"%s\" is not a time HH:MM (24-hour, 00:00 to 23:59)", v);
		return -1;
	}
	cfg->prompt_minute = h * 60 + m;
	return 0;
}

static int
holiday_item(struct config *cfg, const char *item, char *why, size_t whylen)
{
	bool shaped;
	int day, i;

	shaped = strlen(item) == 10 && is_digits(item, 4) && item[4] == '-' &&
	    is_digits(item + 5, 2) && item[7] == '-' && is_digits(item + 8, 2);
	if (!shaped || !cal_valid(atoi(item), atoi(item + 5), atoi(item + 8))) {
		snprintf(why, whylen, "\"%s\" is not a date YYYY-MM-DD", item);
		return -1;
	}
	day = cal_day(atoi(item), atoi(item + 5), atoi(item + 8));
	for (i = cfg->nholidays; i > 0 && cfg->holidays[i - 1] >= day; i--)
		if (cfg->holidays[i - 1] == day)
			return 0;
	if (cfg->nholidays == CONFIG_HOLIDAYS_MAX) {
		snprintf(why, whylen, "more than %d holidays", CONFIG_HOLIDAYS_MAX);
		return -1;
	}
	memmove(&cfg->holidays[i + 1], &cfg->holidays[i],
	    (size_t)(cfg->nholidays - i) * sizeof(cfg->holidays[0]));
	cfg->holidays[i] = day;
	cfg->nholidays++;
	return 0;
}

static int
parse_holidays(struct config *cfg, const char *v, bool more, char *why, size_t whylen)
{
	if (!more)
		cfg->nholidays = 0;
	return each_item(cfg, v, holiday_item, why, whylen);
}

/* ---- reading the file ---- */

static void
set_defaults(struct config *cfg)
{
	char why[WHY_MAX];
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	for (int i = 0; i < K_COUNT; i++) {
		rc = keys[i].parse(cfg, keys[i].def, false, why, sizeof(why));
		assert(rc == 0);
		(void)rc;
	}
}

/* Records the first error at line (0: not tied to a line); later ones are dropped. */
static void
fail(struct ctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
fail(struct ctx *c, int line, const char *fmt, ...)
{
	va_list ap;

	if (c->err[0] != '\0')
		return;
	c->err_line = line;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
}

/*
 * libinih's reader, in place of fgets: hands over one line per call, without its "\n" or
 * "\r\n", so libinih's line numbers stay ours. libinih's buffer holds num - 1 bytes (199 in
 * Debian's build) and it would split a longer line silently, so one is an error here instead.
 * Returning NULL ends the parse, which the first error does too.
 *
 * It also tracks what libinih does with the line, which the handler cannot see: libinih treats
 * a non-blank, non-comment line that starts with a blank as a continuation of the previous key
 * when a key line was read since the last [section] header.
 */
static char *
reader(char *str, int num, void *stream)
{
	struct ctx *c = stream;
	const char *line, *nl, *start;
	size_t n;

	if (c->err[0] != '\0' || c->pos >= c->len)
		return NULL;
	line = c->buf + c->pos;
	nl = memchr(line, '\n', c->len - c->pos);
	n = nl ? (size_t)(nl - line) : c->len - c->pos;
	c->pos += n + (nl != NULL);
	c->lineno++;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (memchr(line, '\0', n) != NULL) {
		fail(c, c->lineno, "%s:%d: the line holds a NUL byte", c->file, c->lineno);
		return NULL;
	}
	if (n > CONFIG_LINE_MAX || n >= (size_t)num) {
		fail(c, c->lineno, "%s:%d: the line is longer than %d bytes; continue a list on "
		    "indented lines", c->file, c->lineno, CONFIG_LINE_MAX);
		return NULL;
	}
	memcpy(str, line, n);
	str[n] = '\0';

	start = str;
	if (c->lineno == 1 && strncmp(str, "\xEF\xBB\xBF", 3) == 0)
		start += 3;	/* libinih skips a UTF-8 BOM */
	while (is_blank(*start))
		start++;
	c->cont = false;
	if (*start == '\0' || *start == ';' || *start == '#')
		;	/* blank or comment: libinih skips it */
	else if (c->key_seen && start > str)
		c->cont = true;
	else if (*start == '[')
		c->key_seen = false;
	return str;
}

static const struct key *
find_key(const char *section, const char *name, bool *section_known)
{
	*section_known = false;
	for (int i = 0; i < K_COUNT; i++) {
		if (strcasecmp(section, keys[i].section) != 0)
			continue;
		*section_known = true;
		if (strcasecmp(name, keys[i].name) == 0)
			return &keys[i];
	}
	return NULL;
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct ctx *c = user;
	char v[CONFIG_LINE_MAX + 1], why[WHY_MAX];
	const struct key *k;
	bool more = c->cont, known;
	size_t n;
	int ki;

	c->key_seen = true;
	if (c->err[0] != '\0')
		return 0;
	if ((k = find_key(section, name, &known)) == NULL) {
		if (more)
			;	/* warned about on its first line */
		else if (*section == '\0')
			log_warnx("%s:%d: %s: key before any [section], ignored", c->file,
			    c->lineno, name);
		else if (!known)
			log_warnx("%s:%d: [%s] %s: unknown section, ignored", c->file, c->lineno,
			    section, name);
		else
			log_warnx("%s:%d: [%s] %s: unknown key, ignored", c->file, c->lineno,
			    section, name);
		return 1;
	}
	ki = (int)(k - keys);

	if (copy(v, sizeof(v), value) == -1) {
		fail(c, c->lineno, "%s:%d: [%s] %s: the value is too long", c->file, c->lineno,
		    k->section, k->name);
		return 0;
	}
	if (more) {
		/* libinih 55 strips "  ; comment" from key lines but not from continuations. */
		for (char *p = v + 1; *p; p++) {
			if (*p == ';' && is_blank(p[-1])) {
				*p = '\0';
				break;
			}
		}
		for (n = strlen(v); n > 0 && is_blank(v[n - 1]); n--)
			v[n - 1] = '\0';
	}
	n = strlen(v);

	if (more && k->type != KEY_LIST) {
		fail(c, c->lineno, "%s:%d: [%s] %s: only a list continues on an indented line "
		    "(unindent the line, or join it to line %d)", c->file, c->lineno, k->section,
		    k->name, c->set_line[ki]);
		return 0;
	}
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		fail(c, c->lineno, "%s:%d: [%s] %s: remove the quotes around the value", c->file,
		    c->lineno, k->section, k->name);
		return 0;
	}
	if (!more && c->set_line[ki] != 0)
		log_warnx("%s:%d: [%s] %s: set again (first on line %d); the later value wins",
		    c->file, c->lineno, k->section, k->name, c->set_line[ki]);

	/* Parsers of secret keys never put the value in why. */
	if (k->parse(c->cfg, n == 0 && k->type == KEY_SCALAR ? k->def : v, more, why,
	    sizeof(why)) == -1) {
		fail(c, c->lineno, "%s:%d: [%s] %s: %s%s", c->file, c->lineno, k->section,
		    k->name, why, strstr(v, " #") || strstr(v, "\t#") ?
		    " ('#' starts a comment only at the start of a line; use ' ;' after a value)" :
		    "");
		return 0;
	}
	if (!more)
		c->set_line[ki] = c->lineno;
	if (k->secret && n > 0)
		c->file_token = true;
	return 1;
}

/*
 * Reads the whole file into *bufp (the caller frees it). Returns 1 when read, 0 when it does
 * not exist and is not required, -1 with c->err set.
 */
static int
read_file(struct ctx *c, bool required, char **bufp, size_t *lenp, mode_t *modep)
{
	struct stat st;
	char *buf = NULL, *nbuf;
	size_t len = 0, cap = 0, n;
	FILE *fp;

	if ((fp = fopen(c->file, "r")) == NULL) {
		if (errno == ENOENT && !required)
			return 0;
		fail(c, 0, "%s: %s", c->file, strerror(errno));
		return -1;
	}
	if (fstat(fileno(fp), &st) == -1) {
		fail(c, 0, "%s: %s", c->file, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(c, 0, "%s: not a regular file", c->file);
		goto fail;
	}
	*modep = st.st_mode;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if (cap > CONFIG_FILE_MAX + 1)
				cap = CONFIG_FILE_MAX + 1;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				fail(c, 0, "%s: out of memory", c->file);
				goto fail;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (len > CONFIG_FILE_MAX) {
			fail(c, 0, "%s: bigger than %d bytes", c->file, CONFIG_FILE_MAX);
			goto fail;
		}
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		fail(c, 0, "%s: %s", c->file, strerror(errno));
		goto fail;
	}
	fclose(fp);
	*bufp = buf;
	*lenp = len;
	return 1;
fail:
	free(buf);
	fclose(fp);
	return -1;
}

/* A relative store path names a file in the config file's folder. */
static int
resolve_store_path(struct ctx *c)
{
	struct config *cfg = c->cfg;
	const char *slash;
	char joined[CONFIG_PATH_MAX];
	int n;

	if (cfg->file[0] == '\0' || cfg->store_path[0] == '/' ||
	    strcmp(cfg->store_path, ":memory:") == 0 || (slash = strrchr(cfg->file, '/')) == NULL)
		return 0;
	n = snprintf(joined, sizeof(joined), "%.*s/%s", (int)(slash - cfg->file), cfg->file,
	    cfg->store_path);
	if (n < 0 || (size_t)n >= sizeof(joined)) {
		fail(c, c->set_line[K_STORE_PATH], "%s:%d: [store] path: too long once joined to "
		    "the config file's folder", c->file, c->set_line[K_STORE_PATH]);
		return -1;
	}
	memcpy(cfg->store_path, joined, (size_t)n + 1);
	return 0;
}

/* How a message names where a setting came from: "SLACK_BOT_TOKEN" or "f.ini:3: [slack] x". */
static void
origin(const struct ctx *c, int ki, const char *env, bool from_env, char *buf, size_t size)
{
	if (from_env)
		snprintf(buf, size, "%s", env);
	else if (c->set_line[ki] != 0)
		snprintf(buf, size, "%s:%d: [%s] %s", c->file, c->set_line[ki], keys[ki].section,
		    keys[ki].name);
	else
		snprintf(buf, size, "[%s] %s", keys[ki].section, keys[ki].name);
}

static const struct {
	int		 key;
	const char	*env;
	const char	*prefix;	/* tokens: the prefix the value must have */
} env_keys[] = {
	{ K_APP_TOKEN,	"SLACK_APP_TOKEN",	"xapp-" },
	{ K_BOT_TOKEN,	"SLACK_BOT_TOKEN",	"xoxb-" },
	{ K_API_URL,	"SLACK_API_URL",	NULL },
};

/* The environment, then the checks that need every key: tokens, shortcuts, the store path. */
static int
finish(struct ctx *c)
{
	struct config *cfg = c->cfg;
	bool from_env[sizeof(env_keys) / sizeof(env_keys[0])] = { false };
	char why[WHY_MAX], where[CONFIG_PATH_MAX + 64];
	const char *v;
	size_t i;
	int ki;

	for (i = 0; i < sizeof(env_keys) / sizeof(env_keys[0]); i++) {
		ki = env_keys[i].key;
		if ((v = getenv(env_keys[i].env)) == NULL || *v == '\0')
			continue;
		from_env[i] = true;
		if (keys[ki].parse(cfg, v, false, why, sizeof(why)) == -1) {
			fail(c, 0, "%s: %s", env_keys[i].env, why);
			return -1;
		}
	}
	/* Test-only: FUNNELBOT_NOW=<unix seconds> starts the clock there (README, "Testing"). */
	if ((v = getenv("FUNNELBOT_NOW")) != NULL && *v != '\0') {
		char *end;
		long long t = strtoll(v, &end, 10);
		if (*end != '\0' || t < 0 || t > 253402300799LL) {
			fail(c, 0, "FUNNELBOT_NOW: \"%s\" is not a time in unix seconds", v);
			return -1;
		}
		cfg->now_override = t;
	}
	for (i = 0; i < 2; i++) {
		ki = env_keys[i].key;
		v = ki == K_APP_TOKEN ? cfg->app_token : cfg->bot_token;
		if (*v != '\0' && check_token(v, env_keys[i].prefix, why, sizeof(why)) == -1) {
			origin(c, ki, env_keys[i].env, from_env[i], where, sizeof(where));
			fail(c, from_env[i] ? 0 : c->set_line[ki], "%s: %s", where, why);
			return -1;
		}
	}
	if ((cfg->app_token[0] == '\0') != (cfg->bot_token[0] == '\0')) {
		i = cfg->app_token[0] == '\0' ? 0 : 1;	/* the missing one */
		ki = env_keys[1 - i].key;		/* the one that is set */
		if (from_env[1 - i])
			snprintf(where, sizeof(where), "from %s", env_keys[1 - i].env);
		else
			snprintf(where, sizeof(where), "on line %d", c->set_line[ki]);
		fail(c, 0, "%s%s[slack] %s is not set (nor %s) but %s is (%s): Slack needs both "
		    "tokens, the console neither", c->file, c->file[0] ? ": " : "",
		    keys[env_keys[i].key].name, env_keys[i].env, keys[ki].name, where);
		return -1;
	}
	for (int j = 0; j < cfg->nshortcuts; j++) {
		if (strcmp(cfg->shortcuts[j].slash, cfg->command) == 0) {
			fail(c, c->set_line[K_SHORTCUTS], "%s:%d: [slack] shortcuts: %s is the "
			    "main command", c->file, c->set_line[K_SHORTCUTS], cfg->command);
			return -1;
		}
	}
	return resolve_store_path(c);
}

/* Is the host of an http:// URL this machine? */
static bool
is_loopback_url(const char *url)
{
	static const char *const hosts[] = { "127.0.0.1", "localhost", "[::1]" };
	const char *h = url + strlen("http://");
	size_t n;

	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		n = strlen(hosts[i]);
		if (strncasecmp(h, hosts[i], n) == 0 && (h[n] == ':' || h[n] == '/'))
			return true;
	}
	return false;
}

int
config_load(struct config *cfg, const char *path, bool required, char *err, size_t errlen)
{
	struct ctx c;
	char *buf = NULL;
	mode_t mode = 0;
	int rc = 0;

	if (errlen > 0)
		err[0] = '\0';
	memset(&c, 0, sizeof(c));
	c.cfg = cfg;
	c.file = path ? path : "";
	set_defaults(cfg);

	if (path != NULL && (rc = read_file(&c, required, &buf, &c.len, &mode)) == -1)
		goto fail;
	if (rc == 1) {
		if (copy(cfg->file, sizeof(cfg->file), path) == -1) {
			fail(&c, 0, "config file path too long");
			goto fail;
		}
		c.buf = buf;
		rc = ini_parse_stream(reader, &c, handler, &c);
		if (rc > 0 && (c.err[0] == '\0' || rc < c.err_line)) {
			c.err[0] = '\0';
			fail(&c, rc, "%s:%d: not a [section], key = value, comment or indented "
			    "continuation", path, rc);
		} else if (rc < 0 && c.err[0] == '\0') {
			fail(&c, 0, "%s: libinih failed (%d)", path, rc);
		}
		if (c.err[0] != '\0')
			goto fail;
	}
	if (finish(&c) == -1)
		goto fail;

	if (c.file_token && (mode & (S_IRGRP | S_IROTH)))
		log_warnx("%s: holds a Slack token but others can read it (mode %03o); run: "
		    "chmod 600 %s", path, (unsigned)(mode & 0777), path);
	if (config_has_slack(cfg) && strncmp(cfg->api_url, "http://", 7) == 0 &&
	    !is_loopback_url(cfg->api_url))
		log_warnx("config: api_url %s is plain http: the bot token would cross the "
		    "network unencrypted", cfg->api_url);
	free(buf);
	return 0;
fail:
	free(buf);
	set_defaults(cfg);
	if (errlen > 0)
		log_scrub(err, errlen, c.err);
	return -1;
}

bool
config_has_slack(const struct config *cfg)
{
	return cfg->app_token[0] != '\0' && cfg->bot_token[0] != '\0';
}

bool
config_is_admin(const struct config *cfg, const char *user)
{
	for (int i = 0; i < cfg->nadmins; i++)
		if (strcmp(cfg->admins[i], user) == 0)
			return true;
	return false;
}

bool
config_is_holiday(const struct config *cfg, int day)
{
	int lo = 0, hi = cfg->nholidays - 1, mid;

	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		if (cfg->holidays[mid] == day)
			return true;
		if (cfg->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

const char *
config_weekday_name(int wday)
{
	return wday >= 0 && wday < 7 ? weekdays[wday] : "?";
}
