/*
 * bot/config.c and bot/log.c: every key, its defaults and its errors, libinih's line limit and
 * continuation lines, the environment, and the log's scrubbing. Files live in a mkdtemp folder.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bot/config.h"
#include "bot/log.h"
#include "insights/calendar.h"
#include "tests/test.h"

#define APP	"xapp-1-A0TEST-111-abcdef"
#define BOT	"xoxb-2222-3333-TESTabcd"

static char dir[64];
static char path[128];		/* dir/t.ini */
static struct config cfg;
static char err[512];

static FILE *cap_fp;
static char *cap_buf;
static size_t cap_len;

/* Log lines go to a buffer until capture_end(), which returns it (the caller frees it). */
static void
capture_begin(void)
{
	cap_fp = open_memstream(&cap_buf, &cap_len);
	log_set_stream(cap_fp);
}

static char *
capture_end(void)
{
	log_set_stream(NULL);
	fclose(cap_fp);
	return cap_buf;
}

static void
write_file(const char *p, const char *text, size_t len, mode_t mode)
{
	FILE *fp = fopen(p, "w");

	if (fp == NULL) {
		perror(p);
		exit(2);
	}
	fwrite(text, 1, len, fp);
	fclose(fp);
	chmod(p, mode);
}

static void
write_text(const char *p, const char *text, mode_t mode)
{
	write_file(p, text, strlen(text), mode);
}

/* Loads text as the required file dir/t.ini (mode 0600), then removes it. */
static int
load_len(const char *text, size_t len)
{
	int rc;

	write_file(path, text, len, 0600);
	err[0] = '\0';
	rc = config_load(&cfg, path, true, err, sizeof(err));
	unlink(path);
	return rc;
}

static int
load(const char *text)
{
	return load_len(text, strlen(text));
}

/* Same, with the log captured into *logp (the caller frees it). */
static int
load_logged(const char *text, char **logp)
{
	int rc;

	capture_begin();
	rc = load(text);
	*logp = capture_end();
	return rc;
}

static void
check_defaults(const struct config *c)
{
	CHECK_STR(c->app_token, "");
	CHECK_STR(c->bot_token, "");
	CHECK(!config_has_slack(c));
	CHECK_STR(c->api_url, "https://slack.com/api/");
	CHECK_STR(c->command, "/sales");
	CHECK_INT(c->nshortcuts, 2);
	CHECK_STR(c->shortcuts[0].slash, "/log");
	CHECK_STR(c->shortcuts[0].verb, "log");
	CHECK_STR(c->shortcuts[1].slash, "/funnel");
	CHECK_STR(c->shortcuts[1].verb, "funnel");
	CHECK_INT(c->ping_interval, 10);
	CHECK_INT(c->nadmins, 0);
	CHECK_STR(c->timezone, "UTC");
	CHECK_STR(c->currency, "USD");
	CHECK_INT(c->stalled_days, 30);
	CHECK_INT(c->log_level, LOG_INFO);
	CHECK_INT(c->prompt_day, 0);
	CHECK_INT(c->prompt_minute, 9 * 60);
	CHECK_INT(c->nholidays, 0);
}

static void
test_defaults(void)
{
	CHECK_INT(config_load(&cfg, NULL, false, err, sizeof(err)), 0);
	check_defaults(&cfg);
	CHECK_STR(cfg.file, "");
	CHECK_STR(cfg.store_path, "funnelbot.db");
	CHECK_INT(config_load(&cfg, NULL, true, err, sizeof(err)), 0);
	check_defaults(&cfg);
}

static void
test_missing_file(void)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/nope.ini", dir);
	CHECK_INT(config_load(&cfg, p, false, err, sizeof(err)), 0);
	check_defaults(&cfg);
	CHECK_STR(cfg.file, "");
	CHECK_STR(cfg.store_path, "funnelbot.db");	/* the working directory's */

	err[0] = '\0';
	CHECK_INT(config_load(&cfg, p, true, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "nope.ini: No such file or directory");
	check_defaults(&cfg);

	/* a folder is no config file, required or not */
	CHECK_INT(config_load(&cfg, dir, false, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "not a regular file");
}

static void
test_every_key(void)
{
	char *log;

	CHECK_INT(load_logged(
	    "[slack]\n"
	    "app_token = " APP "\n"
	    "bot_token = " BOT "\n"
	    "api_url = http://127.0.0.1:8080/api\n"
	    "command = /deals\n"
	    "shortcuts = /won=won, /pipe-line=funnel ,, /my_log = log\n"
	    "ping_interval = 300\n"
	    "[store]\n"
	    "path = /var/lib/funnelbot/f.db\n"
	    "[bot]\n"
	    "admins = U012AB3CD, W0XYZ ; the boss\n"
	    "timezone = Europe/Paris\n"
	    "currency = EUR\n"
	    "stalled_days = 365\n"
	    "log_level = DEBUG\n"
	    "[prompts]\n"
	    "day = Friday\n"
	    "time = 23:59\n"
	    "holidays = 2025-12-26, 2025-12-25,2025-12-25, 2024-02-29\n", &log), 0);
	CHECK_STR(err, "");
	CHECK_STR(log, "");	/* 0600: no warning */
	free(log);
	CHECK_STR(cfg.file, path);
	CHECK_STR(cfg.app_token, APP);
	CHECK_STR(cfg.bot_token, BOT);
	CHECK(config_has_slack(&cfg));
	CHECK_STR(cfg.api_url, "http://127.0.0.1:8080/api/");
	CHECK_STR(cfg.command, "/deals");
	CHECK_INT(cfg.nshortcuts, 3);
	CHECK_STR(cfg.shortcuts[0].slash, "/won");
	CHECK_STR(cfg.shortcuts[0].verb, "won");
	CHECK_STR(cfg.shortcuts[1].slash, "/pipe-line");
	CHECK_STR(cfg.shortcuts[1].verb, "funnel");
	CHECK_STR(cfg.shortcuts[2].slash, "/my_log");
	CHECK_STR(cfg.shortcuts[2].verb, "log");
	CHECK_INT(cfg.ping_interval, 300);
	CHECK_STR(cfg.store_path, "/var/lib/funnelbot/f.db");
	CHECK_INT(cfg.nadmins, 2);
	CHECK_STR(cfg.admins[0], "U012AB3CD");
	CHECK_STR(cfg.admins[1], "W0XYZ");
	CHECK(config_is_admin(&cfg, "W0XYZ"));
	CHECK(!config_is_admin(&cfg, "w0xyz"));
	CHECK_STR(cfg.timezone, "Europe/Paris");
	CHECK_STR(cfg.currency, "EUR");
	CHECK_INT(cfg.stalled_days, 365);
	CHECK_INT(cfg.log_level, LOG_DEBUG);
	CHECK_INT(cfg.prompt_day, 4);
	CHECK_STR(config_weekday_name(cfg.prompt_day), "friday");
	CHECK_INT(cfg.prompt_minute, 23 * 60 + 59);
	/* sorted, duplicates dropped */
	CHECK_INT(cfg.nholidays, 3);
	CHECK_INT(cfg.holidays[0], cal_day(2024, 2, 29));
	CHECK_INT(cfg.holidays[1], cal_day(2025, 12, 25));
	CHECK_INT(cfg.holidays[2], cal_day(2025, 12, 26));
	CHECK(config_is_holiday(&cfg, cal_day(2025, 12, 25)));
	CHECK(!config_is_holiday(&cfg, cal_day(2025, 12, 24)));

	/* the same with case-insensitive names, and the smallest values */
	CHECK_INT(load("[Bot]\nStalled_Days = 1\nlog_level = error\n[PROMPTS]\nday = sunday\n"
	    "time = 00:00\n"), 0);
	CHECK_INT(cfg.stalled_days, 1);
	CHECK_INT(cfg.log_level, LOG_ERROR);
	CHECK_INT(cfg.prompt_day, 6);
	CHECK_INT(cfg.prompt_minute, 0);
}

static void
test_empty_values(void)
{
	/* an empty scalar is its default; an empty list is no items, not the default */
	CHECK_INT(load("[slack]\napi_url =\ncommand =\nshortcuts =\n[bot]\ntimezone =\n"
	    "stalled_days =\nadmins = ,\n[prompts]\ntime =\n"), 0);
	CHECK_STR(cfg.api_url, "https://slack.com/api/");
	CHECK_STR(cfg.command, "/sales");
	CHECK_INT(cfg.nshortcuts, 0);
	CHECK_STR(cfg.timezone, "UTC");
	CHECK_INT(cfg.stalled_days, 30);
	CHECK_INT(cfg.nadmins, 0);
	CHECK_INT(cfg.prompt_minute, 540);
}

static void
test_unknown_is_warning(void)
{
	char *log;

	CHECK_INT(load_logged("stray = 1\n[bot]\ncolour = blue\n  still blue\n"
	    "[botz]\nadmins = U1\n[bot]\nadmins = U2\n", &log), 0);
	CHECK_STR(err, "");
	CHECK_CONTAINS(log, "WARN ");
	CHECK_CONTAINS(log, "t.ini:1: stray: key before any [section], ignored\n");
	CHECK_CONTAINS(log, "t.ini:3: [bot] colour: unknown key, ignored\n");
	CHECK_CONTAINS(log, "t.ini:6: [botz] admins: unknown section, ignored\n");
	CHECK_LACKS(log, ":4:");	/* the continuation is not warned about again */
	free(log);
	CHECK_INT(cfg.nadmins, 1);
	CHECK_STR(cfg.admins[0], "U2");
}

static void
test_duplicate_key(void)
{
	char *log;

	CHECK_INT(load_logged("[bot]\ntimezone = Asia/Tokyo\nadmins = U1\n"
	    "timezone = America/New_York\nadmins = U2\n", &log), 0);
	CHECK_CONTAINS(log, "t.ini:4: [bot] timezone: set again (first on line 2); the later "
	    "value wins");
	CHECK_CONTAINS(log, "t.ini:5: [bot] admins: set again (first on line 3)");
	free(log);
	CHECK_STR(cfg.timezone, "America/New_York");
	CHECK_INT(cfg.nadmins, 1);	/* a list's key line replaces the list */
	CHECK_STR(cfg.admins[0], "U2");
}

static const struct {
	const char *text;
	const char *want;	/* in err */
} bad[] = {
	{ "[bot]\ntimezone = Mars/Base\n",
	  "t.ini:2: [bot] timezone: unknown time zone \"Mars/Base\"" },
	{ "[bot]\ntimezone = utc\n", "t.ini:2: [bot] timezone: unknown time zone \"utc\"" },
	{ "[bot]\ntimezone = /etc/passwd\n", "t.ini:2: [bot] timezone: unknown time zone" },
	{ "[bot]\ntimezone = zone.tab\n", "t.ini:2: [bot] timezone: unknown time zone" },
	{ "[bot]\ntimezone = Europe/../../etc/passwd\n", "t.ini:2: [bot] timezone: unknown" },
	{ "[bot]\n\ncurrency = usd\n", "t.ini:3: [bot] currency: \"usd\" is not an ISO 4217" },
	{ "[bot]\ncurrency = EURO\n", "t.ini:2: [bot] currency: \"EURO\"" },
	{ "[bot]\nstalled_days = 0\n", "t.ini:2: [bot] stalled_days: \"0\" is not a whole" },
	{ "[bot]\nstalled_days = 366\n", "t.ini:2: [bot] stalled_days: \"366\"" },
	{ "[bot]\nstalled_days = 3x\n", "t.ini:2: [bot] stalled_days: \"3x\"" },
	{ "[bot]\nstalled_days = -5\n", "t.ini:2: [bot] stalled_days: \"-5\"" },
	{ "[bot]\nstalled_days = 30 # a month\n",
	  "t.ini:2: [bot] stalled_days: \"30 # a month\" is not a whole number of days from 1 "
	  "to 365 ('#' starts a comment only at the start of a line" },
	{ "[bot]\nlog_level = verbose\n",
	  "t.ini:2: [bot] log_level: \"verbose\" is not one of error, warn, info, debug" },
	{ "[bot]\nadmins = U1, @bob\n", "t.ini:2: [bot] admins: \"@bob\" is not a user id" },
	{ "[bot]\nadmins = U123456789012345678901234567890X\n", "is too long for a user id" },
	{ "[prompts]\nday = funday\n", "t.ini:2: [prompts] day: \"funday\" is not a day" },
	{ "[prompts]\ntime = 9:00\n", "t.ini:2: [prompts] time: \"9:00\" is not a time HH:MM" },
	{ "[prompts]\ntime = 24:00\n", "t.ini:2: [prompts] time: \"24:00\"" },
	{ "[prompts]\ntime = 12:60\n", "t.ini:2: [prompts] time: \"12:60\"" },
	{ "[prompts]\nholidays = 2024-12-25, 2025-02-29\n",
	  "t.ini:2: [prompts] holidays: \"2025-02-29\" is not a date YYYY-MM-DD" },
	{ "[prompts]\nholidays = 2025-1-01\n", "t.ini:2: [prompts] holidays: \"2025-1-01\"" },
	{ "[slack]\ncommand = sales\n", "t.ini:2: [slack] command: \"sales\" is not a slash" },
	{ "[slack]\ncommand = /Sales\n", "t.ini:2: [slack] command: \"/Sales\"" },
	{ "[slack]\ncommand = /\n", "t.ini:2: [slack] command: \"/\"" },
	{ "[slack]\nshortcuts = /log\n",
	  "t.ini:2: [slack] shortcuts: \"/log\" is not /slash=verb" },
	{ "[slack]\nshortcuts = log=log\n", "t.ini:2: [slack] shortcuts: \"log\" is not a slash" },
	{ "[slack]\nshortcuts = /log=\n", "t.ini:2: [slack] shortcuts: \"/log=\": the verb" },
	{ "[slack]\nshortcuts = /log=Log!\n", "t.ini:2: [slack] shortcuts: \"/log=Log!\"" },
	{ "[slack]\nshortcuts = /log=log, /log=funnel\n",
	  "t.ini:2: [slack] shortcuts: /log is listed twice" },
	{ "[slack]\nshortcuts = /sales=log\n",
	  "t.ini:2: [slack] shortcuts: /sales is the main command" },
	{ "[slack]\nping_interval = 0\n", "t.ini:2: [slack] ping_interval: \"0\" is not a whole" },
	{ "[slack]\nping_interval = 301\n", "t.ini:2: [slack] ping_interval: \"301\"" },
	{ "[slack]\napi_url = ftp://x/\n", "t.ini:2: [slack] api_url: \"ftp://x/\" must start" },
	{ "[slack]\napi_url = https://\n", "t.ini:2: [slack] api_url: \"https://\" has no host" },
	{ "[slack]\napi_url = https://a b/\n", "t.ini:2: [slack] api_url: \"https://a b/\" has" },
	{ "[bot]\ntimezone = \"UTC\"\n",
	  "t.ini:2: [bot] timezone: remove the quotes around the value" },
	{ "[bot]\ntimezone = UTC\n  Europe/Paris\n",
	  "t.ini:3: [bot] timezone: only a list continues on an indented line (unindent the "
	  "line, or join it to line 2)" },
	{ "[bot]\nnot a key line\n",
	  "t.ini:2: not a [section], key = value, comment or indented continuation" },
	{ "[bot\nadmins = U1\n", "t.ini:1: not a [section]" },
	/* the first error wins, libinih's or ours */
	{ "[bot]\ncurrency = usd\nnot a key line\n", "t.ini:2: [bot] currency" },
	{ "[bot]\nnot a key line\ncurrency = usd\n", "t.ini:2: not a [section]" },
};

static void
test_bad_values(void)
{
	char *log;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (load_logged(bad[i].text, &log) != -1)
			test_fail(__FILE__, __LINE__, "case %zu loaded", i);
		free(log);
		CHECK_CONTAINS(err, bad[i].want);
		check_defaults(&cfg);	/* reset on error */
	}
}

static void
test_list_limits(void)
{
	char text[4096];
	size_t n;

	/* 64 admins fit (on indented lines), the 65th does not */
	n = (size_t)snprintf(text, sizeof(text), "[bot]\nadmins =\n");
	for (int i = 0; i < 64; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "  U%04d,\n", i);
	CHECK_INT(load(text), 0);
	CHECK_INT(cfg.nadmins, 64);
	CHECK_STR(cfg.admins[63], "U0063");
	snprintf(text + n, sizeof(text) - n, "  U0000, U9999\n");	/* a duplicate is free */
	CHECK_INT(load(text), -1);
	CHECK_CONTAINS(err, "t.ini:67: [bot] admins: more than 64 admins");

	n = (size_t)snprintf(text, sizeof(text), "[slack]\nshortcuts =\n");
	for (int i = 0; i < 17; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "  /s%d=v%d\n", i, i);
	CHECK_INT(load(text), -1);
	CHECK_CONTAINS(err, "t.ini:19: [slack] shortcuts: more than 16 shortcuts");

	/* 366 holidays: a leap year's days, 5 to a line; the 367th is one too many */
	n = (size_t)snprintf(text, sizeof(text), "[prompts]\nholidays =");
	char big[8192], date[11];
	memcpy(big, text, n);
	for (int i = 0; i < 366; i++) {
		cal_format(cal_day(2024, 1, 1) + i, date);
		n += (size_t)snprintf(big + n, sizeof(big) - n, "%s%s,", i % 5 ? " " : "\n  ",
		    date);
	}
	snprintf(big + n, sizeof(big) - n, "\n");
	CHECK_INT(load(big), 0);
	CHECK_INT(cfg.nholidays, 366);
	CHECK_INT(cfg.holidays[365], cal_day(2024, 12, 31));
	snprintf(big + n, sizeof(big) - n, "\n  2025-01-01\n");
	CHECK_INT(load(big), -1);
	CHECK_CONTAINS(err, "[prompts] holidays: more than 366 holidays");
}

static void
test_continuation(void)
{
	CHECK_INT(load(
	    "[bot]\n"
	    "admins = U1, U2,\n"
	    "    U3 ; a comment after a blank\n"
	    "\n"
	    "; a comment line does not end the list\n"
	    "\tU4,,U5\n"
	    "    # nor does an indented one\n"
	    "  U6\n"
	    "timezone = Asia/Tokyo\n"
	    "[prompts]\n"
	    "holidays =\n"
	    "  2025-12-25,\n"
	    "  2025-12-26\n"
	    "  2026-01-01\n"), 0);
	CHECK_STR(err, "");
	CHECK_INT(cfg.nadmins, 6);
	CHECK_STR(cfg.admins[2], "U3");
	CHECK_STR(cfg.admins[3], "U4");
	CHECK_STR(cfg.admins[4], "U5");
	CHECK_STR(cfg.admins[5], "U6");
	CHECK_STR(cfg.timezone, "Asia/Tokyo");
	CHECK_INT(cfg.nholidays, 3);
	CHECK_INT(cfg.holidays[2], cal_day(2026, 1, 1));

	/* an indented key right after a [section] header is a key, not a continuation */
	CHECK_INT(load("[bot]\nadmins = U1\n[prompts]\n  day = tuesday\n"), 0);
	CHECK_INT(cfg.nadmins, 1);
	CHECK_INT(cfg.prompt_day, 1);
	/* ...but the next indented line continues that key (libinih's rule) */
	CHECK_INT(load("[bot]\n  admins = U1\n  U2\n"), 0);
	CHECK_INT(cfg.nadmins, 2);
	CHECK_INT(load("[prompts]\n  day = tuesday\n  time = 10:30\n"), -1);
	CHECK_CONTAINS(err, "t.ini:3: [prompts] day: only a list continues on an indented line");
}

/* Builds "admins = U1," padded with blanks to len bytes, ending in "ULAST9". */
static void
long_line(char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len + 1, "admins = U1,");

	memset(buf + n, ' ', len - n - 6);
	memcpy(buf + len - 6, "ULAST9", 7);
}

static void
test_line_limit(void)
{
	char line[300], text[600];

	/* 199 bytes reach the handler whole, with "\n", "\r\n" or nothing after them */
	long_line(line, 199);
	CHECK_INT(strlen(line), 199);
	snprintf(text, sizeof(text), "[bot]\n%s\ntimezone = Mars/Base\n", line);
	CHECK_INT(load(text), -1);
	CHECK_CONTAINS(err, "t.ini:3: [bot] timezone");	/* line numbers stay right */
	snprintf(text, sizeof(text), "[bot]\r\n%s\r\ncurrency = EUR\r\n", line);
	CHECK_INT(load(text), 0);
	CHECK_INT(cfg.nadmins, 2);
	CHECK_STR(cfg.admins[1], "ULAST9");
	CHECK_STR(cfg.currency, "EUR");
	snprintf(text, sizeof(text), "[bot]\n%s", line);
	CHECK_INT(load(text), 0);
	CHECK_STR(cfg.admins[1], "ULAST9");

	/* 200 bytes would be cut by libinih: an error naming the line */
	long_line(line, 200);
	snprintf(text, sizeof(text), "[bot]\n\n%s\n", line);
	CHECK_INT(load(text), -1);
	CHECK_CONTAINS(err, "t.ini:3: the line is longer than 199 bytes");
	snprintf(text, sizeof(text), "[bot]\r\n\r\n%s\r\n", line);
	CHECK_INT(load(text), -1);
	CHECK_CONTAINS(err, "t.ini:3: the line is longer than 199 bytes");

	/* a long comment too: its tail would otherwise be read as a line of its own */
	memset(line, 'x', 250);
	memcpy(line, "; ", 2);
	memcpy(line + 240, " tz = 1", 8);
	snprintf(text, sizeof(text), "%s\n", line);
	CHECK_INT(load(text), -1);
	CHECK_CONTAINS(err, "t.ini:1: the line is longer than 199 bytes");
}

static void
test_odd_bytes(void)
{
	static const char nul[] = "[bot]\ncurrency = E\0R\n";

	CHECK_INT(load_len(nul, sizeof(nul) - 1), -1);
	CHECK_CONTAINS(err, "t.ini:2: the line holds a NUL byte");
	CHECK_INT(load("\xEF\xBB\xBF[bot]\ncurrency = GBP\n"), 0);	/* a UTF-8 BOM */
	CHECK_STR(cfg.currency, "GBP");
	CHECK_INT(load("[bot]\ncurrency = JPY"), 0);	/* no newline at the end */
	CHECK_STR(cfg.currency, "JPY");
	CHECK_INT(load(""), 0);
	check_defaults(&cfg);
}

static const char *const env_names[] = { "SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_API_URL" };

static void
unset_env(void)
{
	for (size_t i = 0; i < 3; i++)
		unsetenv(env_names[i]);
}

static void
test_env_overrides(void)
{
	const char *file = "[slack]\napp_token = xapp-file-1\nbot_token = xoxb-file-2\n"
	    "api_url = https://file.example/api/\n";

	setenv("SLACK_APP_TOKEN", APP, 1);
	setenv("SLACK_BOT_TOKEN", BOT, 1);
	setenv("SLACK_API_URL", "http://127.0.0.1:9999/api", 1);
	CHECK_INT(load(file), 0);
	CHECK_STR(cfg.app_token, APP);
	CHECK_STR(cfg.bot_token, BOT);
	CHECK_STR(cfg.api_url, "http://127.0.0.1:9999/api/");

	/* no file at all: the environment alone makes Slack mode */
	CHECK_INT(config_load(&cfg, NULL, false, err, sizeof(err)), 0);
	CHECK(config_has_slack(&cfg));

	/* empty variables are ignored */
	setenv("SLACK_APP_TOKEN", "", 1);
	setenv("SLACK_BOT_TOKEN", "", 1);
	setenv("SLACK_API_URL", "", 1);
	CHECK_INT(load(file), 0);
	CHECK_STR(cfg.app_token, "xapp-file-1");
	CHECK_STR(cfg.bot_token, "xoxb-file-2");
	CHECK_STR(cfg.api_url, "https://file.example/api/");

	/* a bad value in the environment is named by its variable, never shown */
	setenv("SLACK_BOT_TOKEN", "xoxp-9-SECRETVALUE", 1);
	CHECK_INT(load(file), -1);
	CHECK_CONTAINS(err, "SLACK_BOT_TOKEN: must start with \"xoxb-\"");
	CHECK_LACKS(err, "SECRETVALUE");
	setenv("SLACK_BOT_TOKEN", "", 1);
	setenv("SLACK_API_URL", "gopher://x", 1);
	CHECK_INT(load(file), -1);
	CHECK_CONTAINS(err, "SLACK_API_URL: \"gopher://x\" must start with https://");

	/* the environment rescues a bad file value it replaces */
	setenv("SLACK_API_URL", "", 1);
	setenv("SLACK_APP_TOKEN", APP, 1);
	CHECK_INT(load("[slack]\napp_token = xoxb-wrong-kind\nbot_token = " BOT "\n"), 0);
	CHECK_STR(cfg.app_token, APP);
	unset_env();
}

static void
test_one_token(void)
{
	CHECK_INT(load("[slack]\n\nbot_token = " BOT "\n"), -1);
	CHECK_CONTAINS(err, "t.ini: [slack] app_token is not set (nor SLACK_APP_TOKEN) but "
	    "bot_token is (on line 3): Slack needs both tokens, the console neither");
	CHECK_LACKS(err, "TESTabcd");
	CHECK_INT(load("[slack]\napp_token = " APP "\nbot_token =\n"), -1);
	CHECK_CONTAINS(err, "[slack] bot_token is not set (nor SLACK_BOT_TOKEN) but app_token "
	    "is (on line 2)");

	setenv("SLACK_APP_TOKEN", APP, 1);
	CHECK_INT(config_load(&cfg, NULL, false, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "[slack] bot_token is not set (nor SLACK_BOT_TOKEN) but app_token "
	    "is (from SLACK_APP_TOKEN)");
	CHECK(err[0] == '[');	/* no file to name */
	CHECK_LACKS(err, "A0TEST");
	unset_env();
}

static void
test_token_shape(void)
{
	/* wrong prefix, the tokens swapped, a bare prefix, a bad character: never the value */
	CHECK_INT(load("[slack]\napp_token = abcSECRET123\nbot_token = " BOT "\n"), -1);
	CHECK_CONTAINS(err, "t.ini:2: [slack] app_token: must start with \"xapp-\"");
	CHECK_LACKS(err, "SECRET");
	CHECK_INT(load("[slack]\napp_token = " BOT "\nbot_token = " APP "\n"), -1);
	CHECK_CONTAINS(err, "t.ini:2: [slack] app_token: must start with \"xapp-\"");
	CHECK_LACKS(err, "TESTabcd");
	CHECK_INT(load("[slack]\napp_token = " APP "\nbot_token = xoxb-\n"), -1);
	CHECK_CONTAINS(err, "t.ini:3: [slack] bot_token: holds only the \"xoxb-\" prefix");
	CHECK_INT(load("[slack]\napp_token = " APP "\n\n\nbot_token = xoxb-abc_SECRET\n"), -1);
	CHECK_CONTAINS(err, "t.ini:5: [slack] bot_token: has a character a Slack token never "
	    "has");
	CHECK_LACKS(err, "SECRET");
	CHECK_INT(load("[slack]\napp_token = \"" APP "\"\nbot_token = " BOT "\n"), -1);
	CHECK_CONTAINS(err, "t.ini:2: [slack] app_token: remove the quotes");
	CHECK_LACKS(err, "A0TEST");

	/* a token pasted into another key is scrubbed from the message */
	CHECK_INT(load("[bot]\ntimezone = xoxb-2222-TESTabcd\n"), -1);
	CHECK_CONTAINS(err, "t.ini:2: [bot] timezone: unknown time zone \"xoxb-(redacted)\"");
	CHECK_LACKS(err, "TESTabcd");
}

static void
test_example_loads(void)
{
	char *log;

	capture_begin();
	CHECK_INT(config_load(&cfg, "config.example.ini", true, err, sizeof(err)), 0);
	log = capture_end();
	CHECK_STR(err, "");
	CHECK_STR(log, "");
	free(log);
	check_defaults(&cfg);
	CHECK_STR(cfg.store_path, "funnelbot.db");
	CHECK_STR(cfg.file, "config.example.ini");
	CHECK(!config_has_slack(&cfg));
}

static void
test_store_path(void)
{
	char sub[160], p[200], want[256];

	snprintf(sub, sizeof(sub), "%s/etc", dir);
	mkdir(sub, 0700);
	snprintf(p, sizeof(p), "%s/f.ini", sub);

	write_text(p, "[store]\npath = data/x.db\n", 0600);
	CHECK_INT(config_load(&cfg, p, true, err, sizeof(err)), 0);
	snprintf(want, sizeof(want), "%s/data/x.db", sub);
	CHECK_STR(cfg.store_path, want);

	write_text(p, "[bot]\n", 0600);	/* the default is relative too */
	CHECK_INT(config_load(&cfg, p, true, err, sizeof(err)), 0);
	snprintf(want, sizeof(want), "%s/funnelbot.db", sub);
	CHECK_STR(cfg.store_path, want);

	write_text(p, "[store]\npath = /srv/f.db\n", 0600);
	CHECK_INT(config_load(&cfg, p, true, err, sizeof(err)), 0);
	CHECK_STR(cfg.store_path, "/srv/f.db");

	write_text(p, "[store]\npath = :memory:\n", 0600);
	CHECK_INT(config_load(&cfg, p, true, err, sizeof(err)), 0);
	CHECK_STR(cfg.store_path, ":memory:");
	unlink(p);
	rmdir(sub);

	/* a file in the working directory: the path stays relative to it */
	CHECK_INT(config_load(&cfg, "config.example.ini", true, err, sizeof(err)), 0);
	CHECK_STR(cfg.store_path, "funnelbot.db");
}

static void
test_permissions_warning(void)
{
	const char *text = "[slack]\napp_token = " APP "\nbot_token = " BOT "\n";
	char *log;

	write_text(path, text, 0644);
	capture_begin();
	CHECK_INT(config_load(&cfg, path, true, err, sizeof(err)), 0);
	log = capture_end();
	CHECK_CONTAINS(log, "WARN ");
	CHECK_CONTAINS(log, "t.ini: holds a Slack token but others can read it (mode 644); run: "
	    "chmod 600 ");
	CHECK_LACKS(log, "TEST");
	free(log);

	/* no token in the file, or a private file: no warning */
	write_text(path, "[bot]\n", 0644);
	setenv("SLACK_APP_TOKEN", APP, 1);
	setenv("SLACK_BOT_TOKEN", BOT, 1);
	capture_begin();
	CHECK_INT(config_load(&cfg, path, true, err, sizeof(err)), 0);
	log = capture_end();
	CHECK_STR(log, "");
	free(log);
	unset_env();
	CHECK_INT(load_logged(text, &log), 0);
	CHECK_STR(log, "");
	free(log);
	unlink(path);
}

static void
test_http_warning(void)
{
	char *log;

	CHECK_INT(load_logged("[slack]\napp_token = " APP "\nbot_token = " BOT "\n"
	    "api_url = http://slack.example.com/api/\n", &log), 0);
	CHECK_CONTAINS(log, "api_url http://slack.example.com/api/ is plain http");
	free(log);
	CHECK_INT(load_logged("[slack]\napp_token = " APP "\nbot_token = " BOT "\n"
	    "api_url = http://localhost:8080/api/\n", &log), 0);
	CHECK_STR(log, "");
	free(log);
}

/* ---- the log ---- */

static void
test_log_levels(void)
{
	enum log_level lvl = LOG_WARN;
	char *log;

	CHECK_INT(log_level_parse("debug", &lvl), 0);
	CHECK_INT(lvl, LOG_DEBUG);
	CHECK_INT(log_level_parse("Error", &lvl), 0);
	CHECK_INT(lvl, LOG_ERROR);
	CHECK_INT(log_level_parse("warning", &lvl), -1);
	CHECK_INT(lvl, LOG_ERROR);
	CHECK_STR(log_level_name(LOG_WARN), "warn");

	capture_begin();
	log_info("a: %d", 1);
	log_debug("hidden %s", "x");
	errno = ENOENT;
	log_warn("b: open %s", "f");
	CHECK_INT(errno, ENOENT);
	log_warnx("c: %s", "plain");
	log_set_level(LOG_DEBUG);
	log_debug("d: shown");
	log_set_level(LOG_WARN);
	log_info("hidden");
	log_warnx("e");
	log_set_level(LOG_INFO);
	log = capture_end();
	CHECK_STR(log, "INFO a: 1\nWARN b: open f: No such file or directory\nWARN c: plain\n"
	    "DEBUG d: shown\nWARN e\n");
	free(log);
}

static void
test_log_scrub(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "slack: token xoxb-1234-5678-abcDEF ok", "slack: token xoxb-(redacted) ok" },
		{ "xapp-1-A02-345-fff,xoxp-1,xoxa-2 xwfp-3", "xapp-(redacted),xoxp-(redacted),"
		  "xoxa-(redacted) xwfp-(redacted)" },
		{ "refresh xoxe.xoxp-1-abc", "refresh xoxe.xoxp-(redacted)" },
		{ "must start with \"xoxb-\"", "must start with \"xoxb-\"" },
		{ "wss://wss-primary.slack.com/link/?ticket=abc-123_x&app_id=A1",
		  "wss://wss-primary.slack.com/link/?ticket=(redacted)&app_id=A1" },
		{ "url \"ws://h/?ticket=t0k\"", "url \"ws://h/?ticket=(redacted)\"" },
		{ "> Authorization: Bearer xyz123\r\n> Host: slack.com\r\n",
		  "> Authorization: (redacted)\\r\\n> Host: slack.com\\r\\n" },
		{ "authorization:Basic abc", "authorization:(redacted)" },
		{ "a\nb\tc\x01" "d", "a\\nb\tc?d" },
	};
	char out[128], small[12];
	char *log;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		log_scrub(out, sizeof(out), cases[i].in);
		CHECK_STR(out, cases[i].out);
	}
	CHECK_INT(log_scrub(small, sizeof(small), "xoxb-123456 and more"), 11);
	CHECK_STR(small, "xoxb-(re...");
	CHECK_LACKS(small, "123");

	capture_begin();
	log_info("slack: hello url=wss://x/?ticket=T1 with xoxb-9-9 and xapp-1-2");
	log_warnx("curl: Authorization: Bearer xoxb-1-2\nnext");
	log = capture_end();
	CHECK_STR(log, "INFO slack: hello url=wss://x/?ticket=(redacted) with xoxb-(redacted) "
	    "and xapp-(redacted)\nWARN curl: Authorization: (redacted)\\nnext\n");
	free(log);

	/* a message longer than a line is cut, still scrubbed, still one line */
	char big[LOG_LINE_MAX + 100];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big + LOG_LINE_MAX - 10, "xoxb-1234567890", 15);
	capture_begin();
	log_info("%s", big);
	log = capture_end();
	CHECK_INT(strlen(log), strlen("INFO ") + LOG_LINE_MAX - 10 + strlen("xoxb-(redacted)") +
	    strlen("...\n"));
	CHECK_CONTAINS(log, "xoxb-(redacted)...\n");
	free(log);
}

static void
test_fatal(void)
{
	int fds[2], status;
	char buf[128];
	ssize_t n;
	pid_t pid;

	CHECK_INT(pipe(fds), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		dup2(fds[1], 2);
		errno = EACCES;
		fatal("main: open %s", "db");
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	buf[n > 0 ? n : 0] = '\0';
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 1);
	CHECK_STR(buf, "FATAL main: open db: Permission denied\n");
}

static void *
log_thread(void *arg)
{
	for (int i = 0; i < 200; i++)
		log_info("thread %d line %03d xoxb-%d-secret", *(int *)arg, i, i);
	return NULL;
}

static void
test_log_threads(void)
{
	pthread_t t[4];
	int ids[4];
	char *log, *line, *save = NULL;
	int lines = 0, bad_lines = 0;

	capture_begin();
	for (int i = 0; i < 4; i++) {
		ids[i] = i;
		pthread_create(&t[i], NULL, log_thread, &ids[i]);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	log = capture_end();
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int id, num, end = 0;

		lines++;
		if (sscanf(line, "INFO thread %d line %d xoxb-(redacted)%n", &id, &num,
		    &end) != 2 || line[end] != '\0')
			bad_lines++;
	}
	CHECK_INT(lines, 800);
	CHECK_INT(bad_lines, 0);
	free(log);
}

int
main(void)
{
	char *saved[3];

	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(env_names[i]);
		saved[i] = v ? strdup(v) : NULL;
	}
	unset_env();
	snprintf(dir, sizeof(dir), "/tmp/fbcfg.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/t.ini", dir);

	RUN(test_defaults);
	RUN(test_missing_file);
	RUN(test_every_key);
	RUN(test_empty_values);
	RUN(test_unknown_is_warning);
	RUN(test_duplicate_key);
	RUN(test_bad_values);
	RUN(test_list_limits);
	RUN(test_continuation);
	RUN(test_line_limit);
	RUN(test_odd_bytes);
	RUN(test_env_overrides);
	RUN(test_one_token);
	RUN(test_token_shape);
	RUN(test_example_loads);
	RUN(test_store_path);
	RUN(test_permissions_warning);
	RUN(test_http_warning);
	RUN(test_log_levels);
	RUN(test_log_scrub);
	RUN(test_fatal);
	RUN(test_log_threads);

	unlink(path);
	rmdir(dir);
	for (size_t i = 0; i < 3; i++) {
		if (saved[i]) {
			setenv(env_names[i], saved[i], 1);
			free(saved[i]);
		}
	}
	return test_summary();
}
