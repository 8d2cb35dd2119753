/*
 * Text as people see it: UTF-8 checked, cut only between characters, and measured in columns
 * on screen (a CJK character or a wide emoji takes two, a combining accent none). A leaf: it
 * needs only GLib's character tables, so store/ and bot/ use it too when they copy a name into
 * a fixed field.
 */
#ifndef COMMANDS_UTF8_H
#define COMMANDS_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s (n bytes) is valid UTF-8 with no NUL. */
bool utf8_valid(const char *s, size_t n);
/* Replaces every byte of s that is not part of a valid character with '?', in place. Returns
 * how many bytes it replaced (0 for valid text). */
size_t utf8_repair(char *s, size_t n);
/* The longest prefix of s (n bytes) of at most max bytes that splits no character as people
 * see it (a flag, a family emoji, a letter with its accent); between code points only when the
 * first such character alone is longer than max. */
size_t utf8_cut(const char *s, size_t n, size_t max);
/* The length of s (n bytes) without a last character that was cut short. */
size_t utf8_whole(const char *s, size_t n);
/* Copies src into dst (cap bytes with the NUL), cut between characters when it does not fit.
 * Returns true when all of it fit. */
bool utf8_copy(char *dst, size_t cap, const char *src);
/* Columns on screen of s (n bytes of UTF-8; an invalid byte counts one): each character as
 * people see it takes two (CJK, emoji, a flag, ❤️) or one. */
int utf8_width(const char *s, size_t n);
/* The longest prefix of s (n bytes) that takes at most cols columns; *w gets its width. */
size_t utf8_fit(const char *s, size_t n, int cols, int *w);
/* True when a and b (an, bn bytes) are the same text but for case, in any script ("ромашка"
 * and "Ромашка", "éclair" and "ÉCLAIR"). */
bool utf8_caseeq(const char *a, size_t an, const char *b, size_t bn);
/* True when s shows nothing: only spaces, invisible format characters (U+200B) and marks. */
bool utf8_blank(const char *s, size_t n);
/* True when s holds an explicit direction embedding, override or isolate (U+202A-202E,
 * U+2066-2069): one in a name turns the rest of a table row around. */
bool utf8_has_bidi_control(const char *s, size_t n);
/* Removes those controls from s (NUL-terminated) in place; returns how many it removed. */
size_t utf8_drop_bidi_controls(char *s);

#endif
