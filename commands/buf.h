/*
 * A growable text buffer with a hard cap: replies, CSV files and JSON bodies are built in one.
 * Appending past the cap (or out of memory) marks the buffer truncated instead of failing, so
 * callers format freely and check once at the end.
 */
#ifndef COMMANDS_BUF_H
#define COMMANDS_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *p;		/* NUL-terminated contents, or NULL while empty */
	size_t len;
	size_t cap;		/* allocated bytes */
	size_t max;		/* never grows beyond this many bytes of text (0: 1 MiB) */
	bool truncated;
};

void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the text over to the caller (free() it); the buffer is empty afterwards. Never NULL
 * unless out of memory. */
char *buf_take(struct buf *b);
void buf_free(struct buf *b);
const char *buf_str(const struct buf *b);	/* "" while empty */

#endif
