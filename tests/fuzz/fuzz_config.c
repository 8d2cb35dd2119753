/*
 * Fuzz target for the config parser: the input is an INI file's bytes, handed to config_load()
 * through an in-memory file (memfd) with the SLACK_* variables unset. On success the struct
 * config must hold what bot/config.h promises; on failure err says why and the config is the
 * defaults. Neither err nor any log line may show the value given to a token key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bot/config.h"
#include "bot/log.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_SECRETS	8	/* token values checked per input */
#define FUZZ_SECRET_MIN	16	/* shorter values could be words of a message */

/* The in-memory file every input is written to, rewritten from the start each call. */
static int memfd = -1;
static char path[64];
static struct config defaults;

/* True when the NUL-terminated field of n bytes ends inside its array. */
#define TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

static void
check_loaded(const struct config *cfg)
{
	FUZZ_CHECK(TERMINATED(cfg->file) && TERMINATED(cfg->app_token) &&
	    TERMINATED(cfg->bot_token) && TERMINATED(cfg->api_url) && TERMINATED(cfg->command) &&
	    TERMINATED(cfg->store_path) && TERMINATED(cfg->timezone) && TERMINATED(cfg->currency));
	FUZZ_CHECK(strcmp(cfg->file, path) == 0);
	FUZZ_CHECK((cfg->app_token[0] == '\0') == (cfg->bot_token[0] == '\0'));
	FUZZ_CHECK(cfg->app_token[0] == '\0' || strncmp(cfg->app_token, "xapp-", 5) == 0);
	FUZZ_CHECK(cfg->bot_token[0] == '\0' || strncmp(cfg->bot_token, "xoxb-", 5) == 0);
	FUZZ_CHECK(strncmp(cfg->api_url, "http://", 7) == 0 ||
	    strncmp(cfg->api_url, "https://", 8) == 0);
	FUZZ_CHECK(cfg->api_url[strlen(cfg->api_url) - 1] == '/');
	FUZZ_CHECK(cfg->command[0] == '/' && cfg->command[1] != '\0');
	FUZZ_CHECK(cfg->nshortcuts >= 0 && cfg->nshortcuts <= CONFIG_SHORTCUTS_MAX);
	for (int i = 0; i < cfg->nshortcuts; i++) {
		const struct config_shortcut *s = &cfg->shortcuts[i];

		FUZZ_CHECK(TERMINATED(s->slash) && TERMINATED(s->verb));
		FUZZ_CHECK(s->slash[0] == '/' && s->slash[1] != '\0');
		FUZZ_CHECK(s->verb[0] >= 'a' && s->verb[0] <= 'z');
		FUZZ_CHECK(strcmp(s->slash, cfg->command) != 0);
		for (int j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(cfg->shortcuts[j].slash, s->slash) != 0);
	}
	FUZZ_CHECK(cfg->ping_interval >= 1 && cfg->ping_interval <= 300);
	FUZZ_CHECK(cfg->store_path[0] != '\0');
	FUZZ_CHECK(cfg->nadmins >= 0 && cfg->nadmins <= CONFIG_ADMINS_MAX);
	for (int i = 0; i < cfg->nadmins; i++) {
		FUZZ_CHECK(TERMINATED(cfg->admins[i]) && cfg->admins[i][0] != '\0');
		FUZZ_CHECK(config_is_admin(cfg, cfg->admins[i]));
		for (int j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(cfg->admins[j], cfg->admins[i]) != 0);
	}
	FUZZ_CHECK(cfg->timezone[0] != '\0');
	FUZZ_CHECK(strlen(cfg->currency) == 3);
	for (int i = 0; i < 3; i++)
		FUZZ_CHECK(cfg->currency[i] >= 'A' && cfg->currency[i] <= 'Z');
	FUZZ_CHECK(cfg->stalled_days >= 1 && cfg->stalled_days <= 365);
	FUZZ_CHECK(cfg->log_level >= LOG_ERROR && cfg->log_level <= LOG_DEBUG);
	FUZZ_CHECK(cfg->prompt_day >= 0 && cfg->prompt_day <= 6);
	FUZZ_CHECK(strcmp(config_weekday_name(cfg->prompt_day), "?") != 0);
	FUZZ_CHECK(cfg->prompt_minute >= 0 && cfg->prompt_minute < 24 * 60);
	FUZZ_CHECK(cfg->nholidays >= 0 && cfg->nholidays <= CONFIG_HOLIDAYS_MAX);
	for (int i = 0; i < cfg->nholidays; i++) {
		FUZZ_CHECK(i == 0 || cfg->holidays[i - 1] < cfg->holidays[i]);
		FUZZ_CHECK(config_is_holiday(cfg, cfg->holidays[i]));
	}
}

/* How many times the k bytes at needle occur in the size bytes at hay (overlaps counted). */
static int
occurrences(const char *hay, size_t size, const char *needle, size_t k)
{
	const char *p = hay, *end = hay + size;
	int n = 0;

	while ((p = memmem(p, (size_t)(end - p), needle, k)) != NULL) {
		n++;
		p++;
	}
	return n;
}

/*
 * Collects the values of unindented app_token / bot_token lines (any section, any case, '='
 * or ':', a " ;" comment cut) that are long enough and made of token characters, and that
 * appear nowhere else in the input. Returns how many; they point into a copy in *arena.
 */
static int
find_secrets(const char *data, size_t size, char **arena, const char *secret[FUZZ_SECRETS])
{
	char *buf, *line, *next, *v, *e;
	int n = 0;
	size_t k;

	if ((buf = *arena = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (line = buf; line != NULL && n < FUZZ_SECRETS; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strncasecmp(line, "app_token", 9) != 0 && strncasecmp(line, "bot_token", 9) != 0)
			continue;
		v = line + 9 + strspn(line + 9, " \t");
		if (*v != '=' && *v != ':')
			continue;
		v += 1 + strspn(v + 1, " \t");
		for (e = v; *e && !((*e == ';') && e > v && (e[-1] == ' ' || e[-1] == '\t')); e++)
			;
		while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == ';'))
			e--;
		*e = '\0';
		k = strlen(v);
		if (k < FUZZ_SECRET_MIN || strspn(v, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != k || strpbrk(v, "0123456789") == NULL)
			continue;
		/* The same text elsewhere in the file could be echoed for another key. */
		if (occurrences(data, size, v, k) > 1)
			continue;
		secret[n++] = v;
	}
	return n;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	(void)argc;
	(void)argv;
	unsetenv("SLACK_APP_TOKEN");
	unsetenv("SLACK_BOT_TOKEN");
	unsetenv("SLACK_API_URL");
	if ((memfd = memfd_create("fuzz_config.ini", 0)) == -1) {
		perror("fuzz_config: memfd_create");
		exit(1);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	FUZZ_CHECK(config_load(&defaults, NULL, false, err, sizeof(err)) == 0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cfg;
	const char *secret[FUZZ_SECRETS];
	char err[512], *logbuf = NULL, *arena = NULL;
	size_t loglen = 0;
	FILE *logfp;
	int rc, nsecret;

	FUZZ_CHECK(ftruncate(memfd, 0) == 0);
	FUZZ_CHECK(pwrite(memfd, data, size, 0) == (ssize_t)size);
	FUZZ_CHECK((cfg = malloc(sizeof(*cfg))) != NULL);
	FUZZ_CHECK((logfp = open_memstream(&logbuf, &loglen)) != NULL);
	log_set_stream(logfp);

	memset(err, 'x', sizeof(err));
	rc = config_load(cfg, path, true, err, sizeof(err));
	log_set_stream(NULL);
	fclose(logfp);

	FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL);
	if (rc == 0) {
		FUZZ_CHECK(err[0] == '\0');
		check_loaded(cfg);
	} else {
		FUZZ_CHECK(rc == -1 && err[0] != '\0' && strchr(err, '\n') == NULL);
		FUZZ_CHECK(memcmp(cfg, &defaults, sizeof(*cfg)) == 0);
	}
	nsecret = find_secrets((const char *)data, size, &arena, secret);
	for (int i = 0; i < nsecret; i++) {
		if (strstr(err, secret[i]) != NULL || strstr(logbuf, secret[i]) != NULL) {
			fprintf(stderr, "token value %s shown in:\n%s\n%s", secret[i], err, logbuf);
			FUZZ_CHECK(!"a token's value reached err or the log");
		}
	}
	free(arena);
	free(logbuf);
	free(cfg);
	return 0;
}
