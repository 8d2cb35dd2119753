/*
 * Finding the account a rep meant when the words are not its whole name: "globex" for
 * "Globex Corporation", "acme inc" for "ACME, Inc.", "globx" for "Globex". Names are compared
 * by their key: case folded, punctuation dropped, company suffixes (Inc, Ltd, GmbH, ...) left
 * off. A rule that fits two accounts matches neither: the reply asks which.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "commands/commands_int.h"
#include "commands/match.h"
#include "commands/utf8.h"

#define KEY_MAX		512
#define RUN_MAX		12	/* words tried as an account name */

struct cand {
	int64_t id;
	char *name, *key;
};

struct cands {
	struct cand *v;
	size_t n, cap;
	bool oom;
};

static const char *const suffixes[] = {
	"inc", "incorporated", "ltd", "limited", "llc", "llp", "corp", "corporation", "co",
	"company", "gmbh", "ag", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "plc", "pty",
	"oy", "ab", "as", "kk", "group", "holdings",
};

static bool
is_suffix(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (strlen(suffixes[i]) == n && memcmp(suffixes[i], w, n) == 0)
			return true;
	return false;
}

/*
 * The key of s (n bytes): words of letters and digits, case folded, one space between them,
 * company suffixes at the end dropped (never the first word). "ACME, Inc." -> "acme".
 */
static void
key_of(const char *s, size_t n, char *out, size_t cap)
{
	char *fold = g_utf8_casefold(s, (gssize)n);
	size_t o = 0, last_word = 0;
	bool space = false;

	out[0] = '\0';
	if (fold == NULL)
		return;
	for (char *p = fold; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		size_t len = (size_t)(g_utf8_next_char(p) - p);

		if (!g_unichar_isalnum(c) && g_unichar_type(c) != G_UNICODE_NON_SPACING_MARK) {
			space = o > 0;
			continue;
		}
		if (o + len + 2 >= cap)
			break;
		if (space) {
			out[o++] = ' ';
			last_word = o;
		}
		space = false;
		memcpy(out + o, p, len);
		o += len;
		out[o] = '\0';
	}
	g_free(fold);
	/* Drop suffixes from the end: "globex corp" and "globex corporation ltd" are "globex". */
	while (last_word > 0 && is_suffix(out + last_word, o - last_word)) {
		o = last_word - 1;
		out[o] = '\0';
		last_word = 0;
		for (size_t k = o; k > 0; k--)
			if (out[k - 1] == ' ') {
				last_word = k;
				break;
			}
	}
}

static int
collect(int64_t id, const char *name, void *arg)
{
	struct cands *c = arg;
	char key[KEY_MAX];

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct cand *v = realloc(c->v, cap * sizeof(*v));
		if (v == NULL) {
			c->oom = true;
			return 1;
		}
		c->v = v;
		c->cap = cap;
	}
	key_of(name, strlen(name), key, sizeof(key));
	c->v[c->n].id = id;
	c->v[c->n].name = strdup(name);
	c->v[c->n].key = strdup(key);
	if (c->v[c->n].name == NULL || c->v[c->n].key == NULL) {
		free(c->v[c->n].name);
		free(c->v[c->n].key);
		c->oom = true;
		return 1;
	}
	c->n++;
	return 0;
}

static void
cands_free(struct cands *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].key);
	}
	free(c->v);
}

/* Edit distance with adjacent swaps (Damerau, restricted) between a and b, capped at cap+1. */
static int
distance(const char *a, const char *b, int cap)
{
	int la = (int)strlen(a), lb = (int)strlen(b), *d, r;

	if (abs(la - lb) > cap)
		return cap + 1;
	if ((d = malloc((size_t)(la + 1) * (size_t)(lb + 1) * sizeof(*d))) == NULL)
		return cap + 1;
#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (int i = 0; i <= la; i++)
		D(i, 0) = i;
	for (int j = 0; j <= lb; j++)
		D(0, j) = j;
	for (int i = 1; i <= la; i++) {
		for (int j = 1; j <= lb; j++) {
			int v = D(i - 1, j - 1) + (a[i - 1] != b[j - 1]);
			if (D(i - 1, j) + 1 < v)
				v = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < v)
				v = D(i, j - 1) + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    D(i - 2, j - 2) + 1 < v)
				v = D(i - 2, j - 2) + 1;
			D(i, j) = v;
		}
	}
	r = D(la, lb);
#undef D
	free(d);
	return r;
}

/* Whether a and b hold the same digits in the same order: "Store 12" is no typo of
 * "Store 13", nor "rep0-o1" of "rep0-o0". */
static bool
same_digits(const char *a, const char *b)
{
	for (;;) {
		while (*a && !g_ascii_isdigit(*a))
			a++;
		while (*b && !g_ascii_isdigit(*b))
			b++;
		if (*a != *b)
			return false;
		if (*a == '\0')
			return true;
		a++;
		b++;
	}
}

/* Whether key starts with the words of typed ("globex" starts "globex corporation"). */
static bool
leading_words(const char *key, const char *typed)
{
	size_t n = strlen(typed);

	return strncmp(key, typed, n) == 0 && (key[n] == '\0' || key[n] == ' ');
}

enum rule { EXACT_KEY, LEADING, NEAR };

/* The candidates that fit typed by rule: *found the one, returns how many. */
static int
fits(const struct cands *c, const char *typed, enum rule rule, const struct cand **found,
    const struct cand **other)
{
	int n = 0, cap = (int)strlen(typed) >= 8 ? 2 : 1;

	for (size_t i = 0; i < c->n; i++) {
		const char *key = c->v[i].key;
		bool ok = rule == EXACT_KEY ? strcmp(key, typed) == 0 : rule == LEADING ?
		    leading_words(key, typed) : strlen(typed) >= 5 && same_digits(key, typed) &&
		    distance(key, typed, cap) <= cap;
		if (!ok)
			continue;
		if (n == 0)
			*found = &c->v[i];
		else if (n == 1)
			*other = &c->v[i];
		n++;
	}
	return n;
}

static int
match(struct cmd_ctx *ctx, int i, struct account_match *m, bool choose)
{
	static const enum rule rules[] = { EXACT_KEY, LEADING, NEAR };
	const struct line *l = ctx->l;
	struct cands c = { 0 };
	int rc, max = l->n - i < RUN_MAX ? l->n - i : RUN_MAX;

	memset(m, 0, sizeof(*m));
	if ((rc = store_accounts_each(ctx->st, collect, &c)) != STORE_OK || c.oom) {
		cands_free(&c);
		return cmd_store_error(ctx, rc != STORE_OK ? rc : STORE_ERR);
	}
	/* Each rule in turn, the longest run of plain words first within a rule. */
	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
		for (int k = rules[r] == NEAR ? (max < 3 ? max : 3) : max; k >= 1; k--) {
			const struct word *last = &l->w[i + k - 1];
			const struct cand *found = NULL, *other = NULL;
			char typed[KEY_MAX];
			bool plain = true;
			int n;

			/* Plain words that each spell something: "Acme $" is not "Acme". */
			for (int j = i; j < i + k && plain; j++) {
				char one[KEY_MAX];
				key_of(l->w[j].s, l->w[j].len, one, sizeof(one));
				plain = l->w[j].kind == WORD_PLAIN && one[0] != '\0';
			}
			if (!plain)
				continue;
			key_of(l->w[i].s, (size_t)(last->s + last->len - l->w[i].s), typed,
			    sizeof(typed));
			if (typed[0] == '\0' || (n = fits(&c, typed, rules[r], &found, &other)) == 0)
				continue;
			if (n > 1 && rules[r] == EXACT_KEY) {
				/* The words as an account's whole name win: "Acme" beside "Acme Corp". */
				size_t len = (size_t)(last->s + last->len - l->w[i].s);
				for (size_t j = 0; j < c.n; j++) {
					if (utf8_caseeq(c.v[j].name, strlen(c.v[j].name),
					    l->w[i].s, len)) {
						found = &c.v[j];
						n = 1;
						break;
					}
				}
			}
			if (n == 2 && choose) {
				/* One of the two, the other offered: the older is taken. */
				snprintf(m->other, sizeof(m->other), "%s", other->name);
			} else if (n > 1) {
				rc = cmd_refuse(ctx, "\"%.*s\" could be %s or %s%s; type more of the "
				    "name, or quote a new one.", (int)(last->s + last->len - l->w[i].s),
				    l->w[i].s, found->name, other->name, n > 2 ? " (and others)" : "");
				cands_free(&c);
				return rc;
			}
			m->id = found->id;
			snprintf(m->name, sizeof(m->name), "%s", found->name);
			m->words = k;
			m->near = rules[r] == NEAR;
			cands_free(&c);
			return 1;
		}
	}
	cands_free(&c);
	return 0;
}

int
cmd_account_match(struct cmd_ctx *ctx, int i, struct account_match *m)
{
	return match(ctx, i, m, false);
}

int
cmd_account_pick(struct cmd_ctx *ctx, int i, struct account_match *m)
{
	return match(ctx, i, m, true);
}

int
cmd_account_same(struct cmd_ctx *ctx, const char *s, size_t n, struct account_match *m)
{
	const struct cand *found = NULL, *other = NULL;
	struct cands c = { 0 };
	char typed[KEY_MAX];
	int rc;

	memset(m, 0, sizeof(*m));
	if ((rc = store_accounts_each(ctx->st, collect, &c)) != STORE_OK || c.oom) {
		cands_free(&c);
		return cmd_store_error(ctx, rc != STORE_OK ? rc : STORE_ERR);
	}
	key_of(s, n, typed, sizeof(typed));
	rc = typed[0] != '\0' && fits(&c, typed, EXACT_KEY, &found, &other) == 1;
	if (rc) {
		m->id = found->id;
		snprintf(m->name, sizeof(m->name), "%s", found->name);
		m->words = 1;
	}
	cands_free(&c);
	return rc;
}
