/*
 * Plain-English questions in a DM or a mention, mapped onto the verbs: "how is Sally's
 * funnel?" means `funnel @sally`. Straight or curly apostrophes, any case, '?' optional.
 */
#include <ctype.h>
#include <string.h>

#include "commands/commands_int.h"

#define ASK_MAX 512

/* The question as lower-case words joined by one space, curly apostrophes made straight and
 * the final ?, ! or . dropped. Mentions are kept as "<@ID>". */
static bool
normalise(const struct line *l, char *out, size_t outlen)
{
	size_t o = 0;

	for (int i = 0; i < l->n; i++) {
		const struct word *w = &l->w[i];
		if (o + w->len + 8 >= outlen)
			return false;
		if (i > 0 && w->start != l->w[i - 1].end)
			out[o++] = ' ';	/* "<@U1>'s" stays one word */
		if (w->kind == WORD_MENTION) {
			memcpy(out + o, "<@", 2);
			memcpy(out + o + 2, w->s, w->len);
			o += w->len + 2;
			out[o++] = '>';
			continue;
		}
		for (size_t j = 0; j < w->len; j++) {
			if (j + 2 < w->len && memcmp(w->s + j, "\xe2\x80\x99", 3) == 0) {
				out[o++] = '\'';	/* U+2019 */
				j += 2;
			} else {
				out[o++] = (char)tolower((unsigned char)w->s[j]);
			}
		}
	}
	while (o > 0 && strchr("?!. ", out[o - 1]))
		o--;
	out[o] = '\0';
	return true;
}

/* If s starts with prefix, returns what follows it; else NULL. */
static const char *
after(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

/* Reads the person in "X's funnel" / "X doing": one word, its @ and 's dropped. Appends the
 * who-word to out and returns what follows it. */
static const char *
person(const char *s, struct buf *out)
{
	size_t n = strcspn(s, " ");
	const char *rest = s + n + (s[n] == ' ');

	if (n == 0)
		return NULL;
	if (n > 2 && s[n - 2] == '\'' && s[n - 1] == 's')
		n -= 2;
	else if (n > 1 && s[n - 1] == '\'')
		n -= 1;	/* "James' funnel" */
	if (s[0] == '<') {
		buf_add(out, s, n);
		return rest;
	}
	if (s[0] == '@') {
		s++;
		n--;
	}
	if (n == 0)
		return NULL;
	if (n == 2 && memcmp(s, "me", 2) == 0) {
		buf_puts(out, "me");
		return rest;
	}
	buf_puts(out, "@");
	buf_add(out, s, n);
	return rest;
}

bool
ask_rewrite(const struct line *l, struct buf *out)
{
	char q[ASK_MAX];
	const char *p, *rest;

	if (!normalise(l, q, sizeof(q)))
		return false;
	if (strcmp(q, "how am i doing") == 0 || strcmp(q, "how's my funnel") == 0 ||
	    strcmp(q, "how is my funnel") == 0) {
		buf_puts(out, "funnel me");
		return true;
	}
	if (strcmp(q, "what should i work on") == 0) {
		buf_puts(out, "insights priorities");	/* a rep's own, a manager's team's */
		return true;
	}
	if (strcmp(q, "who needs help") == 0) {
		buf_puts(out, "insights team");
		return true;
	}
	if ((p = after(q, "how is ")) == NULL && (p = after(q, "how's ")) == NULL &&
	    (p = after(q, "hows ")) == NULL)
		return false;
	buf_puts(out, "funnel ");
	rest = person(p, out);
	if (rest && (strcmp(rest, "funnel") == 0 || strcmp(rest, "doing") == 0 ||
	    strcmp(rest, "funnel looking") == 0))
		return true;
	buf_free(out);
	return false;
}
