/*
 * The log: one line per event on stderr, "LEVEL message", callers prefixing their module
 * ("slack: reconnect in 2s"). Every line is scrubbed of Slack tokens, Socket Mode tickets and
 * Authorization header values before it is written. Safe to call from any thread.
 */
#ifndef BOT_LOG_H
#define BOT_LOG_H

#include <stddef.h>
#include <stdio.h>

enum log_level {
	LOG_ERROR,	/* fatal and fatalx only: always written */
	LOG_WARN,	/* log_warn, log_warnx */
	LOG_INFO,	/* log_info (the default level) */
	LOG_DEBUG,	/* log_debug */
};

/* Lines longer than this (before scrubbing) are cut and end in "...". */
#define LOG_LINE_MAX	2048

/* Writes events of level lvl and more severe ones; the rest are dropped unformatted. */
void log_set_level(enum log_level lvl);
enum log_level log_get_level(void);

/*
 * Parses "error", "warn", "info" or "debug" (any case) into *out. Returns 0, or -1 leaving *out
 * alone when s is none of them.
 */
int log_level_parse(const char *s, enum log_level *out);

/* The name log_level_parse accepts for lvl: "error", "warn", "info", "debug". */
const char *log_level_name(enum log_level lvl);

/*
 * Sends later lines to fp instead of stderr (NULL: back to stderr). fp is borrowed: the caller
 * keeps it open until it sets another stream. Each line is flushed as it is written, so a test
 * can read an open_memstream buffer after each call.
 */
void log_set_stream(FILE *fp);

/* Writes "INFO msg". None of these functions changes errno. */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes "WARN msg: strerror(errno)" (errno as it was on entry; nothing added when it is 0). */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes "WARN msg". */
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes "DEBUG msg" when the level is LOG_DEBUG. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes "FATAL msg: strerror(errno)" and exits with status 1. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Writes "FATAL msg" and exits with status 1. */
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * Copies src into dst (dstlen bytes, always NUL-terminated when dstlen > 0) the way a log line
 * is written: "xoxb-1234-abc" becomes "xoxb-(redacted)" (likewise every "xox?-", "xapp-" and
 * "xwfp-" token), "ticket=abc" becomes "ticket=(redacted)", the value after "Authorization:"
 * becomes "(redacted)", and control characters other than tab become "\n", "\r" or "?", so a
 * line stays one line. Output that does not fit is cut and ends in "...". dst and src must not
 * overlap. Returns strlen(dst).
 */
size_t log_scrub(char *dst, size_t dstlen, const char *src);

#endif
