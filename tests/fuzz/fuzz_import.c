/*
 * Fuzz target for `funnelbot import`: the input is a CSV file's bytes, written to an in-memory
 * file (memfd) and imported into an in-memory store -- the mapping guessed from its header,
 * once refusing unmatched owners, once creating them with --skip-bad. Whatever the bytes, the
 * import returns, its report is UTF-8 text, a refused import leaves every table's row count
 * as it was, and the store stays intact. The same bytes imported again create nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "commands/commands.h"
#include "store/store.h"
#include "tests/fuzz/fuzz.h"

static int memfd = -1;
static char path[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if ((memfd = memfd_create("fuzz_import.csv", 0)) == -1) {
		perror("fuzz_import: memfd_create");
		exit(1);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	return 0;
}

/* The report's second line "Read N rows: C created, ..." C, -1 without one (a refusal, whose
 * lines may quote the file). */
static long
created_of(const char *text)
{
	const char *c = strstr(text, ".\nRead "), *end;
	long n = 0;

	if (c == NULL || (c = strstr(c, " rows: ")) == NULL)
		return -1;
	end = strchr(text, '\n') ? strchr(strchr(text, '\n') + 1, '\n') : NULL;
	if (end != NULL && c > end)
		return -1;
	for (c += 7; ((*c >= '0' && *c <= '9') || *c == ',') && n < 100000000; c++)
		if (*c != ',')
			n = n * 10 + (*c - '0');
	return n;
}

/* One import; returns its code and checks what every import promises. */
static int
import_once(struct store *st, bool create, long *created)
{
	struct import_options o = { .path = path, .name = "fuzz.csv", .create_people = create,
		.skip_bad = create, .now = 1795780800, .today = 20784 };
	int64_t before = store_total_rows(st);
	char *text = NULL;
	int rc = commands_import(st, &o, &text);

	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK(text != NULL && fuzz_utf8_valid(text, strlen(text)));
	if (rc != 0)
		FUZZ_CHECK(store_total_rows(st) == before);
	*created = created_of(text);
	free(text);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct store *st;
	long created, again;

	if (size > 1 << 16)
		return 0;
	FUZZ_CHECK(ftruncate(memfd, 0) == 0);
	FUZZ_CHECK(pwrite(memfd, data, size, 0) == (ssize_t)size);
	st = store_open(":memory:", 0, NULL, err, sizeof(err));
	FUZZ_CHECK(st != NULL);
	import_once(st, false, &created);
	if (import_once(st, true, &created) == 0) {
		/* The same bytes again: nothing new. */
		FUZZ_CHECK(import_once(st, true, &again) == 0);
		FUZZ_CHECK(again == 0);
	}
	FUZZ_CHECK(store_integrity_ok(st));
	store_close(st);
	return 0;
}
