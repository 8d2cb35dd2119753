/* UTF-8 checks, cuts and display widths (see utf8.h). */
#include <string.h>

#include <glib.h>

#include "commands/utf8.h"

bool
utf8_valid(const char *s, size_t n)
{
	return g_utf8_validate(s, (gssize)n, NULL);
}

size_t
utf8_repair(char *s, size_t n)
{
	size_t bad = 0;
	const gchar *end;

	while (n > 0 && !g_utf8_validate(s, (gssize)n, &end)) {
		size_t ok = (size_t)(end - s);
		s[ok] = '?';
		bad++;
		s += ok + 1;
		n -= ok + 1;
	}
	return bad;
}

size_t
utf8_whole(const char *s, size_t n)
{
	size_t j = n, need;
	unsigned char lead;

	while (j > 0 && ((unsigned char)s[j - 1] & 0xC0) == 0x80 && n - j < 3)
		j--;
	if (j == 0)
		return n;
	lead = (unsigned char)s[j - 1];
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	return n - (j - 1) < need ? j - 1 : n;
}

bool
utf8_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src), k;

	if (cap == 0)
		return n == 0;
	k = utf8_cut(src, n, cap - 1);
	memcpy(dst, src, k);
	dst[k] = '\0';
	return k == n;
}

/* The columns of one character on its own. */
static int
char_width(gunichar c)
{
	if (c == 0x200D || g_unichar_iszerowidth(c) || g_unichar_type(c) ==
	    G_UNICODE_ENCLOSING_MARK)
		return 0;
	/* The emoji blocks are wide, also for emoji newer than GLib's tables (U+1FAE9). */
	if ((c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1FAFF))
		return 2;
	return g_unichar_iswide(c) ? 2 : 1;
}

#define BAD_CHAR	((gunichar)-1)

/* The character at s (n > 0 bytes) in *c, BAD_CHAR for a stray byte; returns its length. */
static size_t
char_at(const char *s, size_t n, gunichar *c)
{
	const char *next = g_utf8_find_next_char(s, s + n);
	size_t len = next ? (size_t)(next - s) : n;

	*c = g_utf8_get_char_validated(s, (gssize)len);
	if (*c == (gunichar)-1 || *c == (gunichar)-2) {
		*c = BAD_CHAR;
		return 1;
	}
	return len;
}

static bool
regional_indicator(gunichar c)
{
	return c >= 0x1F1E6 && c <= 0x1F1FF;
}

/*
 * What people see as one character (a grapheme cluster, as far as names need): a base with
 * its combining marks, variation selectors, skin tones and tags, characters joined to it by
 * ZWJ (a family emoji), or two regional indicators (a flag). Its length in *len; returns its
 * columns. A cut or a pad never falls inside one, so a flag is never halved into two letters.
 */
static int
cluster_at(const char *s, size_t n, size_t *len)
{
	gunichar c, d;
	size_t i = char_at(s, n, &c), k;
	int w;

	if (c == BAD_CHAR) {
		*len = 1;
		return 1;		/* a stray byte: one column */
	}
	w = char_width(c);
	if (regional_indicator(c)) {
		k = i < n ? char_at(s + i, n - i, &d) : 0;
		if (k > 0 && regional_indicator(d))
			i += k;
		*len = i;
		return k > 0 && regional_indicator(d) ? 2 : 1;
	}
	while (i < n) {
		k = char_at(s + i, n - i, &d);
		if (d == 0xFE0F) {
			w = 2;		/* emoji presentation: ❤️ takes two columns */
		} else if (d == 0x200D) {
			i += k;		/* the joined character adds no column */
			if (i < n && (k = char_at(s + i, n - i, &d), d != BAD_CHAR))
				i += k;
			continue;
		} else if (d == BAD_CHAR || !(d == 0xFE0E || (d >= 0x1F3FB && d <= 0x1F3FF) ||
		    (d >= 0xE0020 && d <= 0xE007F) || char_width(d) == 0)) {
			break;
		}
		i += k;
	}
	*len = i;
	return w;
}

size_t
utf8_cut(const char *s, size_t n, size_t max)
{
	size_t i = 0, len;

	if (n <= max)
		return n;
	while (i < n) {
		cluster_at(s + i, n - i, &len);
		if (i + len > max)
			break;
		i += len;
	}
	if (i == 0) {	/* one cluster longer than max: cut between its characters */
		i = max;
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
			i--;
	}
	return i;
}

size_t
utf8_fit(const char *s, size_t n, int cols, int *w)
{
	size_t i = 0, len;
	int used = 0;

	while (i < n) {
		int cw = cluster_at(s + i, n - i, &len);

		if (used + cw > cols)
			break;
		used += cw;
		i += len;
	}
	if (w)
		*w = used;
	return i;
}

int
utf8_width(const char *s, size_t n)
{
	int w;

	utf8_fit(s, n, 1 << 30, &w);
	return w;
}

/* Whether some character of s (a stray byte is BAD_CHAR) satisfies pred. */
static bool
any_char(const char *s, size_t n, bool (*pred)(gunichar))
{
	for (size_t i = 0, len; i < n; i += len) {
		gunichar c;
		len = char_at(s + i, n - i, &c);
		if (pred(c))
			return true;
	}
	return false;
}

static bool
visible(gunichar c)
{
	if (c == BAD_CHAR)
		return true;
	switch (g_unichar_type(c)) {
	case G_UNICODE_SPACE_SEPARATOR:
	case G_UNICODE_LINE_SEPARATOR:
	case G_UNICODE_PARAGRAPH_SEPARATOR:
	case G_UNICODE_CONTROL:
	case G_UNICODE_FORMAT:
	case G_UNICODE_NON_SPACING_MARK:
	case G_UNICODE_ENCLOSING_MARK:
		return false;
	default:	/* letters that show as nothing: Hangul fillers, the braille blank */
		return c != 0x3164 && c != 0x115F && c != 0x1160 && c != 0xFFA0 && c != 0x2800 &&
		    c != 0x17B4 && c != 0x17B5;
	}
}

static bool
bidi_control(gunichar c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool
utf8_blank(const char *s, size_t n)
{
	return !any_char(s, n, visible);
}

bool
utf8_has_bidi_control(const char *s, size_t n)
{
	return any_char(s, n, bidi_control);
}

size_t
utf8_drop_bidi_controls(char *s)
{
	size_t o = 0, n = strlen(s), dropped = 0;

	for (size_t i = 0, len; i < n; i += len) {
		gunichar c;
		len = char_at(s + i, n - i, &c);
		if (bidi_control(c)) {
			dropped++;
			continue;
		}
		memmove(s + o, s + i, len);
		o += len;
	}
	s[o] = '\0';
	return dropped;
}

bool
utf8_caseeq(const char *a, size_t an, const char *b, size_t bn)
{
	char *fa, *fb;
	bool eq;

	if (!g_utf8_validate(a, (gssize)an, NULL) || !g_utf8_validate(b, (gssize)bn, NULL))
		return an == bn && memcmp(a, b, an) == 0;
	fa = g_utf8_casefold(a, (gssize)an);
	fb = g_utf8_casefold(b, (gssize)bn);
	eq = strcmp(fa, fb) == 0;
	g_free(fa);
	g_free(fb);
	return eq;
}
