/*
 * Shared by the fuzz targets in tests/fuzz/: the libFuzzer entry points they define, and the
 * contract check that turns a broken promise into a crash libFuzzer (or the replay main in
 * replay.c, built by gcc for `make test`) reports with the input that caused it.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * Runs one input (size bytes at data, not NUL-terminated). Returns 0. Each target resets
 * whatever it keeps between calls, so inputs are independent and replay in any order.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Called once before the first input; sets up what every input shares (a seeded store, a
 * quiet log). Returns 0. argc and argv are libFuzzer's (the replay main passes its own).
 */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * A contract check: when cond is false, prints what was promised and where, then aborts, so
 * the input that broke it becomes a crash artifact (libFuzzer) or a failed file (replay).
 */
#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: contract broken: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/*
 * True when s (n bytes) is valid UTF-8 as RFC 3629 defines it: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequence. Pure.
 */
static inline bool
fuzz_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, need;
	uint32_t cp, min;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xC2 && p[i] <= 0xDF) {
			need = 1;
			cp = p[i] & 0x1F;
			min = 0x80;
		} else if (p[i] >= 0xE0 && p[i] <= 0xEF) {
			need = 2;
			cp = p[i] & 0x0F;
			min = 0x800;
		} else if (p[i] >= 0xF0 && p[i] <= 0xF4) {
			need = 3;
			cp = p[i] & 0x07;
			min = 0x10000;
		} else {
			return false;
		}
		if (n - i <= need)
			return false;
		for (k = 1; k <= need; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += need + 1;
	}
	return true;
}

#endif
