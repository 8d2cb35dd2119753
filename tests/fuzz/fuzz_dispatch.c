/*
 * Fuzz target for the dispatcher: commands_run() (and commands_action(), the prompt buttons)
 * on an in-memory store that holds the demo team, with today and now fixed. One input is up
 * to FUZZ_MAX_SEGMENTS commands split at the byte 0xFF (never part of valid UTF-8), each run
 * in turn on the console and as a Slack DM, so Slack unescaping and the permission checks run:
 *
 *   [ASKER "\n"] COMMAND            ASKER: "U" and capitals/digits, or "sample-" and a name
 *   "!action " ACTION_ID " " VALUE  a button under a weekly prompt, pressed in a DM
 *
 * Without an ASKER the console runs as the config's admin (UADMIN) and the DM as a rep of the
 * demo team (sample-john, managed by sample-maria). Each input runs inside one outer
 * transaction that is rolled back afterwards, so every input starts from the same store.
 *
 * Every reply must be valid UTF-8 (it goes into Slack's JSON). FUZZ_SKIP_UTF8=1 in the
 * environment skips that one check, to fuzz past a known, reported reply that cuts a
 * character in two.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/commands.h"
#include "insights/calendar.h"
#include "store/store.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_commands.h"

#define FUZZ_MAX_SEGMENTS	8
#define FUZZ_SEPARATOR		0xFF
#define FUZZ_NOW		1795780800	/* 2026-11-27 12:00 UTC, a Friday */
#define FUZZ_ACTION		"!action "


/* Shared by every input; each input's changes are rolled back (see the file comment). */
static struct store *st;
static struct commands *cmds;
static int today;
static int64_t seeded_rows;	/* store_total_rows() once seeded */
static int64_t rows;		/* store_total_rows() now: counted once after each command */
static bool skip_utf8;		/* FUZZ_SKIP_UTF8=1 */

/* Checks the promises of struct reply after a command that returned rc, rows before and after. */
static void
check_reply(int rc, const struct reply *r, int64_t before, int64_t after)
{
	cJSON *blocks;

	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK(r->text != NULL);
	FUZZ_CHECK(skip_utf8 || fuzz_utf8_valid(r->text, strlen(r->text)));
	if (rc == 0)
		FUZZ_CHECK(!r->error && !r->store_failed);
	else
		FUZZ_CHECK(r->error || r->store_failed);
	/* "refused or malformed: nothing was stored" */
	if (r->error)
		FUZZ_CHECK(before == after);
	if (r->blocks != NULL) {
		FUZZ_CHECK(skip_utf8 || fuzz_utf8_valid(r->blocks, strlen(r->blocks)));
		blocks = cJSON_ParseWithLength(r->blocks, strlen(r->blocks));
		FUZZ_CHECK(blocks != NULL && cJSON_IsArray(blocks));
		cJSON_Delete(blocks);
	}
	if (r->file != NULL) {
		FUZZ_CHECK(memchr(r->file_name, '\0', sizeof(r->file_name)) != NULL);
		FUZZ_CHECK(r->file_name[0] != '\0');
		FUZZ_CHECK(skip_utf8 || fuzz_utf8_valid(r->file, r->file_len));
	}
}

/* Runs len bytes at text as user on surface s and checks the reply. */
static void
run_command(enum surface s, const char *user, const char *text, size_t len)
{
	struct request req = { .surface = s, .user_id = user, .text = text, .len = len,
		.now = FUZZ_NOW, .today = today };
	struct reply r = { 0 };
	int64_t before = rows;
	int rc;

	rc = commands_run(cmds, &req, &r);
	rows = store_total_rows(st);
	check_reply(rc, &r, before, rows);
	reply_free(&r);
}

/* "!action ID VALUE": the button ID pressed with VALUE (the rest, NUL-terminated) in a DM. */
static void
run_action(const char *user, const char *text, size_t len)
{
	struct request req = { .surface = SURFACE_DM, .user_id = user, .now = FUZZ_NOW,
		.today = today };
	struct reply r = { 0 };
	char *id, *value;
	size_t idlen;
	int64_t before = rows;
	int rc;

	text += strlen(FUZZ_ACTION);
	len -= strlen(FUZZ_ACTION);
	for (idlen = 0; idlen < len && text[idlen] != ' '; idlen++)
		;
	id = strndup(text, idlen);
	value = strndup(text + idlen + (idlen < len), len - idlen - (idlen < len));
	FUZZ_CHECK(id != NULL && value != NULL);
	rc = commands_action(cmds, &req, id, value, &r);
	rows = store_total_rows(st);
	check_reply(rc, &r, before, rows);
	reply_free(&r);
	free(id);
	free(value);
}

/* True when the n bytes at s name an asker: "U" + [A-Z0-9]+, or "sample-" + [a-z]+. */
static bool
is_asker(const char *s, size_t n)
{
	size_t i = 1;

	if (n > 32)
		return false;
	if (n >= 2 && s[0] == 'U') {
		while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		return i == n;
	}
	if (n > 7 && strncmp(s, "sample-", 7) == 0) {
		for (i = 7; i < n && s[i] >= 'a' && s[i] <= 'z'; i++)
			;
		return i == n;
	}
	return false;
}

/* One segment: an action, or a command on the console and in a DM. */
static void
run_segment(const char *seg, size_t len)
{
	const char *nl = memchr(seg, '\n', len);
	char asker[33];
	const char *console_user = "UADMIN", *dm_user = "sample-john";

	if (nl != NULL && is_asker(seg, (size_t)(nl - seg))) {
		memcpy(asker, seg, (size_t)(nl - seg));
		asker[nl - seg] = '\0';
		console_user = dm_user = asker;
		len -= (size_t)(nl - seg) + 1;
		seg = nl + 1;
	}
	if (len >= strlen(FUZZ_ACTION) && memcmp(seg, FUZZ_ACTION, strlen(FUZZ_ACTION)) == 0) {
		run_action(dm_user, seg, len);
		return;
	}
	run_command(SURFACE_CONSOLE, console_user, seg, len);
	run_command(SURFACE_DM, dm_user, seg, len);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char demo[] = "demo load";
	char err[256];

	(void)argc;
	(void)argv;
	today = cal_day(2026, 11, 27);
	skip_utf8 = getenv("FUZZ_SKIP_UTF8") && strcmp(getenv("FUZZ_SKIP_UTF8"), "1") == 0;
	if ((st = store_open(":memory:", 0, NULL, err, sizeof(err))) == NULL) {
		fprintf(stderr, "fuzz_dispatch: store_open: %s\n", err);
		exit(1);
	}
	if ((cmds = commands_new(st, &fuzz_cfg)) == NULL) {
		fprintf(stderr, "fuzz_dispatch: out of memory\n");
		exit(1);
	}
	rows = store_total_rows(st);
	run_command(SURFACE_CONSOLE, "UADMIN", demo, strlen(demo));
	seeded_rows = rows;
	FUZZ_CHECK(seeded_rows > 0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *sep;
	char *copy;
	size_t n;
	int nseg = 0;

	FUZZ_CHECK(store_begin(st) == STORE_OK);
	rows = seeded_rows;
	while (nseg < FUZZ_MAX_SEGMENTS) {
		sep = memchr(p, FUZZ_SEPARATOR, (size_t)(end - p));
		if (sep == NULL)
			sep = end;
		/* A copy of exactly the segment's size, so ASan sees any read past it. */
		n = (size_t)(sep - p);
		if ((copy = malloc(n ? n : 1)) == NULL)
			break;
		memcpy(copy, p, n);
		run_segment(copy, n);
		free(copy);
		nseg++;
		if (sep == end)
			break;
		p = sep + 1;
	}
	store_rollback(st);
	FUZZ_CHECK(store_total_rows(st) == seeded_rows);
	rows = seeded_rows;
	return 0;
}
