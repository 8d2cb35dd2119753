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
utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
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

/* The columns of one character. */
static int
char_width(gunichar c)
{
	if (c == 0x200D || g_unichar_iszerowidth(c) || g_unichar_type(c) ==
	    G_UNICODE_ENCLOSING_MARK)
		return 0;
	return g_unichar_iswide(c) ? 2 : 1;
}

size_t
utf8_fit(const char *s, size_t n, int cols, int *w)
{
	size_t i = 0;
	int used = 0;

	while (i < n) {
		const char *next = g_utf8_find_next_char(s + i, s + n);
		size_t len = next ? (size_t)(next - (s + i)) : n - i;
		gunichar c = g_utf8_get_char_validated(s + i, (gssize)len);
		int cw = c == (gunichar)-1 || c == (gunichar)-2 ? 1 : char_width(c);

		if (c == (gunichar)-1 || c == (gunichar)-2)
			len = 1;	/* a stray byte: one column, one byte */
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
