/*
 * The configuration: config_load() reads the INI file once (config.example.ini documents every
 * key) and the SLACK_* environment variables into a struct config that main() then treats as
 * const. Nothing else in the program reads the INI file or calls getenv().
 */
#ifndef BOT_CONFIG_H
#define BOT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "bot/log.h"

#define CONFIG_TOKEN_MAX	256	/* bytes of a token field, with the NUL */
#define CONFIG_URL_MAX		256	/* bytes of api_url, with the NUL */
#define CONFIG_PATH_MAX		4096	/* bytes of a path, with the NUL */
#define CONFIG_NAME_MAX		32	/* bytes of a slash command or verb, with the NUL */
#define CONFIG_USER_MAX		32	/* bytes of a platform user id, with the NUL */
#define CONFIG_TZ_MAX		64	/* bytes of a time zone identifier, with the NUL */
#define CONFIG_SHORTCUTS_MAX	16
#define CONFIG_ADMINS_MAX	64
#define CONFIG_HOLIDAYS_MAX	366
#define CONFIG_LINE_MAX		199	/* longest line of a config file, without its newline */

/* A Slack slash command that runs one verb of the main command: "/log" runs "/sales log". */
struct config_shortcut {
	char	slash[CONFIG_NAME_MAX];	/* "/log": the '/', then [a-z0-9_-] */
	char	verb[CONFIG_NAME_MAX];	/* "log": [a-z0-9_-], starting with a letter */
};

struct config {
	/* Where the values came from. */
	char	file[CONFIG_PATH_MAX];	/* the file read, as given to config_load; "" if none */

	/* [slack] -- both tokens set means Slack mode, neither means console mode. */
	char	app_token[CONFIG_TOKEN_MAX];	/* "xapp-...", Socket Mode; "" if unset */
	char	bot_token[CONFIG_TOKEN_MAX];	/* "xoxb-...", Web API; "" if unset */
	char	api_url[CONFIG_URL_MAX];	/* Web API base, http(s)://, ends in '/' */
	char	command[CONFIG_NAME_MAX];	/* the main slash command, "/sales" */
	struct config_shortcut shortcuts[CONFIG_SHORTCUTS_MAX];	/* distinct slashes */
	int	nshortcuts;			/* entries used in shortcuts */
	int	ping_interval;			/* 1..300 s: ping the Socket Mode link after this
						 * long without a pong; replace it after twice that */

	/* [store] */
	/* The SQLite file, or ":memory:"; a relative path in a config file was joined to
	 * the file's folder. */
	char	store_path[CONFIG_PATH_MAX];

	/* [bot] */
	char	admins[CONFIG_ADMINS_MAX][CONFIG_USER_MAX];	/* platform user ids, distinct */
	int	nadmins;			/* entries used in admins */
	char	timezone[CONFIG_TZ_MAX];	/* IANA zone that glib knows, "UTC" */
	char	currency[4];			/* ISO 4217 code, 3 uppercase letters, "USD" */
	int	stalled_days;			/* 1..365: days without movement = stalled */
	enum log_level log_level;		/* main() passes it to log_set_level() */

	/* [prompts] -- the weekly "update your pipeline" prompt. */
	int	prompt_day;			/* 0 = Monday ... 6 = Sunday, as cal_weekday() */
	int	prompt_minute;			/* minutes after local midnight, 0..1439 */
	int	holidays[CONFIG_HOLIDAYS_MAX];	/* day numbers (insights/calendar.h) with no
						 * prompt, ascending, distinct */
	int	nholidays;			/* entries used in holidays */

	/* Testing only: from the FUNNELBOT_NOW environment variable (unix seconds), the clock
	 * starts at that instant and runs on from there; 0 = the real clock. */
	long long now_override;
};

/*
 * Fills *cfg with the built-in defaults, then the file at path, then the environment:
 * SLACK_APP_TOKEN, SLACK_BOT_TOKEN and SLACK_API_URL, when set and not empty, replace the
 * file's app_token, bot_token and api_url.
 *
 * path NULL: no file. A missing file (ENOENT) is an error when required (the user named it
 * with -c) and means "defaults" otherwise; any other failure to read it is an error.
 *
 * Returns 0 (err set to ""), or -1 with a one-line message in err such as
 *   funnelbot.ini:12: [bot] timezone: unknown time zone "Mars/Base"
 * and *cfg reset to the defaults. Messages never hold a token. Unknown sections and keys, a
 * file that holds a token but is readable by others, and a token sent over plain http to a
 * host other than this one are logged with log_warnx, not errors.
 */
int config_load(struct config *cfg, const char *path, bool required, char *err, size_t errlen);

/* True when both tokens are set: run on Slack rather than on the console. */
bool config_has_slack(const struct config *cfg);

/* True when user is one of cfg->admins (compared exactly). */
bool config_is_admin(const struct config *cfg, const char *user);

/* True when day (a day number) is one of cfg->holidays. */
bool config_is_holiday(const struct config *cfg, int day);

/* "monday" ... "sunday" for 0 ... 6 (as cal_weekday()); "?" for anything else. */
const char *config_weekday_name(int wday);

#endif
