/*
 * funnelbot: the command line, signals and wiring. Reads the config, opens the store and runs
 * a surface: Slack when tokens are configured, else the console.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bot/clock.h"
#include "bot/config.h"
#include "bot/console.h"
#include "bot/log.h"
#include "bot/prompter.h"
#include "bot/scheduler.h"
#include "bot/slack.h"
#include "commands/commands.h"
#include "store/store.h"

#define FUNNELBOT_VERSION "0.1.0"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: funnelbot [-c FILE]                      run the bot (Slack, or the console\n"
    "                                                when no Slack tokens are configured)\n"
    "       funnelbot console [-c FILE] [--as NAME]  commands from stdin as NAME\n"
    "       funnelbot backup FILE [-c FILE]          a consistent copy of the database\n"
    "       funnelbot import FILE [-c FILE] [--mapping FILE] [--dry-run] [--skip-bad]\n"
    "                [--create-people] [--encoding NAME]  a CRM export (CSV) brought in\n"
    "       funnelbot --help | --version\n"
    "Without -c, funnelbot.ini in the working directory is read if there is one.\n"
    "Exit status: 0 done, 1 runtime failure, 2 usage or configuration error.\n";

static int
usage(void)
{
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

/* Reads -c FILE, else funnelbot.ini in the working directory if there is one; logs why not. */
static int
load_config(struct config *cfg, const char *cfgpath)
{
	char err[512];

	if (config_load(cfg, cfgpath ? cfgpath : "funnelbot.ini", cfgpath != NULL, err,
	    sizeof(err)) != 0) {
		log_warnx("config: %s", err);
		return -1;
	}
	return 0;
}

/* Everything a running surface needs, opened in order and closed in reverse. */
struct app {
	struct config cfg;
	struct clock clk;
	struct store *st;
	struct commands *cmds;
	struct commands_config ccfg;
	const char *admins[CONFIG_ADMINS_MAX];
	struct shortcut shortcuts[CONFIG_SHORTCUTS_MAX];
};

static void
warn_reply(const char *msg)
{
	log_warnx("commands: %s", msg);
}

static int
app_open(struct app *a, const char *cfgpath)
{
	char err[512];
	int code;

	if (load_config(&a->cfg, cfgpath) != 0)
		return EXIT_USAGE;
	log_set_level(a->cfg.log_level);
	if (clock_open(&a->clk, a->cfg.timezone, a->cfg.now_override ?
	    a->cfg.now_override - (int64_t)time(NULL) : 0) != 0) {
		log_warnx("config: unknown time zone \"%s\"", a->cfg.timezone);
		return EXIT_USAGE;
	}
	a->st = store_open(a->cfg.store_path, STORE_WRITER, &code, err, sizeof(err));
	if (a->st == NULL) {
		log_warnx("store: %s", err);
		return EXIT_RUNTIME;
	}
	for (int i = 0; i < a->cfg.nadmins; i++)
		a->admins[i] = a->cfg.admins[i];
	for (int i = 0; i < a->cfg.nshortcuts; i++) {
		snprintf(a->shortcuts[i].slash, sizeof(a->shortcuts[i].slash), "%s",
		    a->cfg.shortcuts[i].slash);
		snprintf(a->shortcuts[i].verb, sizeof(a->shortcuts[i].verb), "%s",
		    a->cfg.shortcuts[i].verb);
	}
	a->ccfg = (struct commands_config){
		.currency = a->cfg.currency, .stalled_days = a->cfg.stalled_days,
		.admins = a->admins, .nadmins = a->cfg.nadmins, .umbrella = a->cfg.command,
		.shortcuts = a->shortcuts, .nshortcuts = a->cfg.nshortcuts,
		.prompt_day = a->cfg.prompt_day, .prompt_minute = a->cfg.prompt_minute,
		.local_day = clock_local_day, .local_day_arg = &a->clk, .warn = warn_reply,
	};
	if ((a->cmds = commands_new(a->st, &a->ccfg)) == NULL) {
		log_warnx("out of memory");
		return EXIT_RUNTIME;
	}
	return 0;
}

static void
app_close(struct app *a)
{
	commands_free(a->cmds);
	store_close(a->st);
	clock_close(&a->clk);
}

static const char *
default_user(void)
{
	const char *u = getenv("USER");

	return u && *u ? u : "console";
}

/*
 * The console's own user (no --as) is whoever runs funnelbot: an admin by role, so that
 * trying `log call Acme` from the README does not put a rep called "console" in every team.
 */
static int
console_admin(struct store *st, const char *user, int64_t now)
{
	struct person p;
	int rc = store_person_by_platform(st, user, &p);

	if (rc != STORE_NOTFOUND)
		return rc == STORE_OK ? 0 : -1;
	if (store_begin(st) != STORE_OK)
		return -1;
	if (store_person_ensure(st, user, user, NULL, NULL, false, now, &p) != STORE_OK ||
	    store_person_set_role(st, p.id, ROLE_ADMIN) != STORE_OK) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st) == STORE_OK ? 0 : -1;
}

static int
run_console(const char *cfgpath, const char *user, bool own_user, bool announce)
{
	struct app a = { 0 };
	int rc;

	if ((rc = app_open(&a, cfgpath)) == 0 && own_user &&
	    console_admin(a.st, user, clock_now(&a.clk)) != 0) {
		log_warnx("console: cannot record %s as the admin: %s", user, store_errmsg(a.st));
		rc = EXIT_RUNTIME;
	} else if (rc == 0) {
		if (announce)
			printf("funnelbot %s: no Slack tokens configured, so this is the console "
			    "(data in %s).\nType `help` for the commands, `demo load` for a sample "
			    "team; Ctrl-D quits.\n", FUNNELBOT_VERSION, a.cfg.store_path);
		rc = console_run(a.cmds, &a.clk, user, stdin, stdout) ? EXIT_RUNTIME : 0;
	}
	app_close(&a);
	return rc;
}

static int
run_backup(const char *cfgpath, const char *dst)
{
	struct config cfg;
	char err[512];

	if (load_config(&cfg, cfgpath) != 0)
		return EXIT_USAGE;
	if (store_backup(cfg.store_path, dst, err, sizeof(err)) != STORE_OK) {
		log_warnx("backup: %s", err);
		return EXIT_RUNTIME;
	}
	printf("Backed up %s to %s.\n", cfg.store_path, dst);
	return 0;
}

static void
import_progress(long rows, void *arg)
{
	const int64_t *start = arg;

	if ((int64_t)time(NULL) - *start >= 2)
		fprintf(stderr, "import: %ld rows...\n", rows);
}

/* A CRM export into the database: the report on stdout; 0 imported, 1 refused. */
static int
run_import(const char *cfgpath, struct import_options *o)
{
	struct config cfg;
	struct clock clk;
	struct store *st;
	char err[512], *text = NULL;
	int code, rc;
	int64_t start = (int64_t)time(NULL);

	if (load_config(&cfg, cfgpath) != 0)
		return EXIT_USAGE;
	if (clock_open(&clk, cfg.timezone, cfg.now_override ?
	    cfg.now_override - (int64_t)time(NULL) : 0) != 0) {
		log_warnx("config: unknown time zone \"%s\"", cfg.timezone);
		return EXIT_USAGE;
	}
	if ((st = store_open(cfg.store_path, STORE_WRITER, &code, err, sizeof(err))) == NULL) {
		if (code == STORE_LOCKED)
			printf("Nothing was imported from %s: the bot is running on this database. "
			    "Stop it and import again, or drop the file into the bot's DM on "
			    "Slack.\n", o->path);
		else
			printf("Nothing was imported from %s: %s.\n", o->path, err);
		clock_close(&clk);
		return EXIT_RUNTIME;
	}
	o->now = clock_now(&clk);
	o->today = clock_day(&clk, o->now);
	o->progress = import_progress;
	o->progress_arg = &start;
	o->name = strrchr(o->path, '/') ? strrchr(o->path, '/') + 1 : o->path;
	rc = commands_import(st, o, &text);
	fputs(text ? text : "out of memory\n", stdout);
	free(text);
	store_close(st);
	clock_close(&clk);
	return rc == 0 ? 0 : EXIT_RUNTIME;
}

/* The Slack surface until SIGTERM/SIGINT (0), a refused token (2) or a failure (1). */
static int
run_slack(const char *cfgpath)
{
	struct app a = { 0 };
	struct scheduler *sched = NULL;
	struct slack_hooks hooks;
	int rc;

	if ((rc = app_open(&a, cfgpath)) == 0) {
		if ((sched = scheduler_new(a.st, a.cmds, &a.cfg)) == NULL) {
			log_warnx("out of memory");
			rc = EXIT_RUNTIME;
		} else {
			prompter_hooks(&hooks, sched);
			rc = slack_run(&a.cfg, a.st, a.cmds, &a.clk, &hooks);
		}
	}
	scheduler_free(sched);
	app_close(&a);
	return rc;
}

static int
run_bot(const char *cfgpath)
{
	struct config cfg;

	if (load_config(&cfg, cfgpath) != 0)
		return EXIT_USAGE;
	if (!config_has_slack(&cfg))
		return run_console(cfgpath, default_user(), true, true);
	return run_slack(cfgpath);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "mapping", required_argument, NULL, 'm' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "skip-bad", no_argument, NULL, 's' },
		{ "create-people", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_options imp = { 0 };
	bool import_opts = false;
	const char *cfgpath = NULL, *user = NULL, *verb;
	int ch;

	/* Options may stand anywhere: funnelbot backup FILE -c cfg.ini */
	while ((ch = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cfgpath = optarg;
			break;
		case 'a':
			user = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			printf("funnelbot %s\n", FUNNELBOT_VERSION);
			return 0;
		case 'm':
			imp.mapping = optarg;
			import_opts = true;
			break;
		case 'e':
			imp.encoding = optarg;
			import_opts = true;
			break;
		case 'n':
			imp.dry_run = import_opts = true;
			break;
		case 's':
			imp.skip_bad = import_opts = true;
			break;
		case 'p':
			imp.create_people = import_opts = true;
			break;
		default:
			return usage();
		}
	}
	verb = optind < argc ? argv[optind++] : NULL;
	if (verb != NULL && strcmp(verb, "import") == 0 && optind + 1 == argc && !user) {
		imp.path = argv[optind];
		return run_import(cfgpath, &imp);
	}
	if (import_opts)
		return usage();
	if (verb == NULL) {
		if (user)
			return usage();
		return run_bot(cfgpath);
	}
	if (strcmp(verb, "console") == 0 && optind == argc) {
		if (user && (!*user || strlen(user) > 39)) {
			fprintf(stderr, "funnelbot: --as takes a name of 1 to 39 bytes\n");
			return EXIT_USAGE;
		}
		return run_console(cfgpath, user ? user : default_user(), user == NULL, false);
	}
	if (strcmp(verb, "backup") == 0 && optind + 1 == argc && !user)
		return run_backup(cfgpath, argv[optind]);
	return usage();
}
