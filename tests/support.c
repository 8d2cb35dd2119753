/* The unit-test harness (see test.h). */
#include <stdarg.h>
#include <stdio.h>

#include "tests/test.h"

int test_failures;
static int passed, failed;

void
test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "  %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	test_failures++;
}

void
test_run(const char *name, void (*fn)(void))
{
	test_failures = 0;
	fn();
	if (test_failures == 0) {
		passed++;
	} else {
		failed++;
		fprintf(stderr, "FAIL %s\n", name);
	}
}

int
test_summary(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
