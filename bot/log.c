/*
 * The log (OpenBSD log.c in spirit): level filter, one scrubbed line per event, one stdio call
 * per line so threads never interleave. Used by every module of the bot shell.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bot/log.h"

#define REDACTED	"(redacted)"

static atomic_int log_level_cur = LOG_INFO;
static _Atomic(FILE *) log_fp;	/* NULL: stderr */

static const char *const level_names[] = { "error", "warn", "info", "debug" };

void
log_set_level(enum log_level lvl)
{
	atomic_store(&log_level_cur, (int)lvl);
}

enum log_level
log_get_level(void)
{
	return (enum log_level)atomic_load(&log_level_cur);
}

int
log_level_parse(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcasecmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

const char *
log_level_name(enum log_level lvl)
{
	if ((int)lvl < 0 || (size_t)lvl >= sizeof(level_names) / sizeof(level_names[0]))
		return "?";
	return level_names[lvl];
}

void
log_set_stream(FILE *fp)
{
	atomic_store(&log_fp, fp);
}

/* ---- scrubbing ---- */

/* A bounded writer: keeps room for the NUL, remembers that something did not fit. */
struct out {
	char	*p;
	size_t	 len, cap;	/* cap excludes the NUL */
	bool	 cut;
};

static void
out_mem(struct out *o, const char *s, size_t n)
{
	size_t room = o->cap - o->len;

	if (n > room) {
		n = room;
		o->cut = true;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void
out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static bool
is_token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '-';
}

/* A ticket value runs to the next URL delimiter, quote or blank. */
static bool
is_ticket_char(char c)
{
	return (unsigned char)c > ' ' && c != 0x7f && !strchr("&#\"'<>;,)", c);
}

/* The length of a Slack token prefix at s ("xoxb-", "xapp-", ...), or 0. */
static size_t
token_prefix(const char *s)
{
	if (s[0] == 'x' && s[1] == 'o' && s[2] == 'x' && s[3] >= 'a' && s[3] <= 'z' &&
	    s[4] == '-')
		return 5;
	if (strncmp(s, "xapp-", 5) == 0 || strncmp(s, "xwfp-", 5) == 0)
		return 5;
	return 0;
}

size_t
log_scrub(char *dst, size_t dstlen, const char *src)
{
	struct out o = { dst, 0, dstlen ? dstlen - 1 : 0, false };
	const char *s = src;
	size_t n;

	if (dstlen == 0)
		return 0;
	while (*s && !o.cut) {
		if ((n = token_prefix(s)) != 0 && is_token_char(s[n])) {
			out_mem(&o, s, n);
			out_str(&o, REDACTED);
			for (s += n; is_token_char(*s); s++)
				;
		} else if (strncasecmp(s, "ticket=", 7) == 0 && is_ticket_char(s[7])) {
			out_mem(&o, s, 7);
			out_str(&o, REDACTED);
			for (s += 7; is_ticket_char(*s); s++)
				;
		} else if (strncasecmp(s, "authorization:", 14) == 0) {
			out_mem(&o, s, 14);
			for (s += 14; *s == ' ' || *s == '\t'; s++)
				out_mem(&o, s, 1);
			if (*s && *s != '\r' && *s != '\n') {
				out_str(&o, REDACTED);
				while (*s && *s != '\r' && *s != '\n')
					s++;
			}
		} else if (*s == '\n') {
			out_str(&o, "\\n");
			s++;
		} else if (*s == '\r') {
			out_str(&o, "\\r");
			s++;
		} else if (((unsigned char)*s < ' ' && *s != '\t') || *s == 0x7f) {
			out_mem(&o, "?", 1);
			s++;
		} else {
			out_mem(&o, s, 1);
			s++;
		}
	}
	if (o.cut && o.cap >= 3)
		memcpy(o.p + (o.len = o.cap) - 3, "...", 3);
	o.p[o.len] = '\0';
	return o.len;
}

/* ---- writing ---- */

static void
vlog(const char *label, const char *fmt, va_list ap, int errnum)
{
	char raw[LOG_LINE_MAX], line[LOG_LINE_MAX + 256], ebuf[128];
	bool cut = false;
	FILE *fp;
	size_t n;
	int r;

	r = vsnprintf(raw, sizeof(raw), fmt, ap);
	if (r < 0)
		r = snprintf(raw, sizeof(raw), "(unprintable log message)");
	n = strlen(raw);
	cut = (size_t)r > n;
	if (errnum && !cut) {
		r = snprintf(raw + n, sizeof(raw) - n, ": %s",
		    strerror_r(errnum, ebuf, sizeof(ebuf)));
		cut = (size_t)r >= sizeof(raw) - n;
	}
	if (cut)
		memcpy(raw + sizeof(raw) - 4, "...", 3);

	n = (size_t)snprintf(line, sizeof(line), "%s ", label);
	n += log_scrub(line + n, sizeof(line) - n - 1, raw);
	line[n++] = '\n';

	if ((fp = atomic_load(&log_fp)) == NULL)
		fp = stderr;
	flockfile(fp);
	fwrite(line, 1, n, fp);
	fflush(fp);
	funlockfile(fp);
}

void
log_info(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (log_get_level() >= LOG_INFO) {
		va_start(ap, fmt);
		vlog("INFO", fmt, ap, 0);
		va_end(ap);
	}
	errno = saved;
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (log_get_level() >= LOG_WARN) {
		va_start(ap, fmt);
		vlog("WARN", fmt, ap, saved);
		va_end(ap);
	}
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (log_get_level() >= LOG_WARN) {
		va_start(ap, fmt);
		vlog("WARN", fmt, ap, 0);
		va_end(ap);
	}
	errno = saved;
}

void
log_debug(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (log_get_level() >= LOG_DEBUG) {
		va_start(ap, fmt);
		vlog("DEBUG", fmt, ap, 0);
		va_end(ap);
	}
	errno = saved;
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog("FATAL", fmt, ap, saved);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("FATAL", fmt, ap, 0);
	va_end(ap);
	exit(1);
}
