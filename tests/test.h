/*
 * The unit-test harness: a test is a function; CHECK records a failure with its place and goes
 * on. Each test binary ends with the line "N passed, N failed" that tests/run.sh adds up.
 */
#ifndef TESTS_TEST_H
#define TESTS_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

extern int test_failures;	/* failed checks in the current test */

void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void test_run(const char *name, void (*fn)(void));
int test_summary(void);		/* prints the closing line; returns the exit status */

#define RUN(fn) test_run(#fn, fn)

#define CHECK(cond) do { if (!(cond)) test_fail(__FILE__, __LINE__, "%s", #cond); } while (0)

#define CHECK_INT(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_) test_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #a, a_, b_); \
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	if (!a_ || strcmp(a_, b_) != 0)					\
		test_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, a_ ? a_ : "(null)", b_); \
} while (0)

#define CHECK_CONTAINS(hay, needle) do {				\
	const char *h_ = (hay), *n_ = (needle);				\
	if (!h_ || !strstr(h_, n_))					\
		test_fail(__FILE__, __LINE__, "\"%s\" does not contain \"%s\"", h_ ? h_ : "(null)", n_); \
} while (0)

#define CHECK_LACKS(hay, needle) do {					\
	const char *h_ = (hay), *n_ = (needle);				\
	if (h_ && strstr(h_, n_))					\
		test_fail(__FILE__, __LINE__, "\"%s\" contains \"%s\"", h_, n_); \
} while (0)

#endif
