/*
 * Unit tests for the command lexer (commands/lex.c): words, quotes, Slack tokens, unescaping,
 * cleaning, limits, and the readers for amounts, dates, periods, people and #IDs. Today is
 * fixed at Friday 2026-11-27.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/lex.h"
#include "insights/calendar.h"
#include "tests/test.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int today;	/* cal_day(2026, 11, 27), a Friday */

/* Writes l's words as "[P:text][Q:text][M:id|label]" into a static buffer. */
static const char *
dump(const struct line *l)
{
	static char out[16384];
	size_t o = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < l->n; i++) {
		const struct word *w = &l->w[i];
		char k = w->kind == WORD_PLAIN ? 'P' : w->kind == WORD_QUOTED ? 'Q' : 'M';

		o += (size_t)snprintf(out + o, sizeof(out) - o, "[%c:%.*s", k, (int)w->len, w->s);
		if (w->label != NULL)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "|%.*s", (int)w->label_len,
			    w->label);
		o += (size_t)snprintf(out + o, sizeof(out) - o, "]");
	}
	return out;
}

/* True when l is all zero (what a failed lex_line leaves). */
static bool
zeroed(const struct line *l)
{
	return l->buf == NULL && l->w == NULL && l->n == 0 && l->len == 0;
}

static void
test_words(void)
{
	static const struct {
		const char *in;
		bool slack;
		const char *words;
	} t[] = {
		{ "log call Acme", true, "[P:log][P:call][P:Acme]" },
		{ "  log\tcall\n\nAcme  ", true, "[P:log][P:call][P:Acme]" },
		{ "", true, "" },
		{ " \t\n  ", false, "" },
		/* Quoted accounts: straight, curly, mixed closers; quotes mid-word are text. */
		{ "log call \"Acme Corp\" today", true, "[P:log][P:call][Q:Acme Corp][P:today]" },
		{ "log call “Acme Corp” today", true, "[P:log][P:call][Q:Acme Corp][P:today]" },
		{ "“Acme Corp\" x", false, "[Q:Acme Corp][P:x]" },
		{ "\"Acme Corp” x", false, "[Q:Acme Corp][P:x]" },
		{ "\"Acme  \tCorp\"", false, "[Q:Acme  \tCorp]" },
		{ "log call O\"Neil 6\" pipe", false, "[P:log][P:call][P:O\"Neil][P:6\"][P:pipe]" },
		{ "Bob“s Shop”", false, "[P:Bob“s][P:Shop”]" },
		{ "\"Acme Corp\"'s deal", false, "[Q:Acme Corp][P:'s][P:deal]" },
		{ "\"a\"\"b\"", false, "[Q:a][Q:b]" },
		{ "x \"\" y", false, "[P:x][Q:][P:y]" },
		{ "\"two\nlines\"", false, "[Q:two\nlines]" },
		{ "”Acme", false, "[P:”Acme]" },
		/* Mentions, both forms, in Slack and on the console. */
		{ "funnel <@U0123|sally>", true, "[P:funnel][M:U0123|sally]" },
		{ "funnel <@U0123ABCD>", true, "[P:funnel][M:U0123ABCD]" },
		{ "funnel <@U0123|sally>", false, "[P:funnel][M:U0123|sally]" },
		{ "funnel <@W0123ABCD>", false, "[P:funnel][M:W0123ABCD]" },
		{ "<@U1|>", true, "[M:U1]" },
		{ "how is <@U0123>'s funnel?", true, "[P:how][P:is][M:U0123][P:'s][P:funnel?]" },
		{ "x<@U1>y", true, "[P:x][M:U1][P:y]" },
		{ "<@U1><@U2>", true, "[M:U1][M:U2]" },
		{ "<@u0123>", true, "[P:<@u0123>]" },
		{ "<@u0123>", false, "[P:<@u0123>]" },
		{ "<@>", true, "[P:<@>]" },
		{ "<@U1 x>", false, "[P:<@U1][P:x>]" },
		/* Other tokens stay literal, one word each, even with spaces (Slack only). */
		{ "in <#C0PIPELINE|sales-pipeline> now", true,
		  "[P:in][P:<#C0PIPELINE|sales-pipeline>][P:now]" },
		{ "<https://x.com/a?b=1&amp;c=2|ACME &amp; Co>", true,
		  "[P:<https://x.com/a?b=1&amp;c=2|ACME &amp; Co>]" },
		{ "<https://x.com|a b>", false, "[P:<https://x.com|a][P:b>]" },
		{ "<!here> hi", true, "[P:<!here>][P:hi]" },
		{ "a < b", true, "[P:a][P:<][P:b]" },
		{ "<a <@U1>", true, "[P:<a][M:U1]" },
		{ "<a\n<@U1>", true, "[P:<a][M:U1]" },
		{ "<>", true, "[P:<>]" },
		/* Unescaping: Slack only, outside tokens, once. */
		{ "R&amp;D &lt;b&gt; x&gt;y", true, "[P:R&D][P:<b>][P:x>y]" },
		{ "R&amp;D &lt;b&gt;", false, "[P:R&amp;D][P:&lt;b&gt;]" },
		{ "&amp;lt; &amp &AMP; &quot;", true, "[P:&lt;][P:&amp][P:&AMP;][P:&quot;]" },
		/* An escaped mention typed as text is never a mention. */
		{ "&lt;@U999|admin&gt;", true, "[P:<@U999|admin>]" },
		{ "&lt;@U999&gt;x", true, "[P:<@U999>x]" },
		/* A quote inside a token closes nothing. */
		{ "\"Acme <https://x|a\"b> Co\" z", true, "[Q:Acme <https://x|a\"b> Co][P:z]" },
		/* The Slack fixture (sm_envelope_slash_command.json). */
		{ "assign <@U0BOB00002> deal &lt;ACME-42&gt; in <#C0PIPELINE|sales-pipeline> see "
		  "<https://crm.example.com/deals/42|ACME &amp; Co>", true,
		  "[P:assign][M:U0BOB00002][P:deal][P:<ACME-42>][P:in]"
		  "[P:<#C0PIPELINE|sales-pipeline>][P:see]"
		  "[P:<https://crm.example.com/deals/42|ACME &amp; Co>]" },
		/* Text is data. */
		{ "log call Acme '; DROP TABLE x; -- 100% <script>", false,
		  "[P:log][P:call][P:Acme][P:';][P:DROP][P:TABLE][P:x;][P:--][P:100%]"
		  "[P:<script>]" },
		{ "log call Acme 🎉 ñ", true, "[P:log][P:call][P:Acme][P:🎉][P:ñ]" },
	};
	struct line l;
	char err[256];
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		err[0] = '\0';
		if (lex_line(t[i].in, strlen(t[i].in), t[i].slack, &l, err, sizeof(err)) != 0) {
			test_fail(__FILE__, __LINE__, "case %zu \"%s\": %s", i, t[i].in, err);
			continue;
		}
		if (strcmp(dump(&l), t[i].words) != 0)
			test_fail(__FILE__, __LINE__, "case %zu \"%s\": %s, expected %s", i,
			    t[i].in, dump(&l), t[i].words);
		lex_line_free(&l);
		CHECK(zeroed(&l));
	}
}

static void
test_word_offsets(void)
{
	const char *in = "log \"Acme Co\" <@U0123|sally> “Zed” x";
	struct line l;
	char err[256];

	CHECK_INT(lex_line(in, strlen(in), true, &l, err, sizeof(err)), 0);
	CHECK_INT(l.n, 5);
	CHECK_STR(l.buf, in);
	CHECK_INT(l.len, strlen(in));
	CHECK_INT(l.w[0].start, 0);
	CHECK_INT(l.w[0].end, 3);
	CHECK(l.w[0].label == NULL);
	/* The quoted word starts at its quote; its text is inside. */
	CHECK_INT(l.w[1].start, 4);
	CHECK_INT(l.w[1].end, 13);
	CHECK(l.w[1].s == l.buf + 5);
	CHECK_INT(l.w[1].len, 7);
	/* The mention starts at '<'; s is the id, label the name. */
	CHECK_INT(l.w[2].kind, WORD_MENTION);
	CHECK_INT(l.w[2].start, 14);
	CHECK_INT(l.w[2].end, 28);
	CHECK(l.w[2].s == l.buf + 16);
	CHECK_INT(l.w[2].len, 5);
	CHECK(l.w[2].label == l.buf + 22);
	CHECK_INT(l.w[2].label_len, 5);
	/* Curly quotes are three bytes each. */
	CHECK_INT(l.w[3].start, 29);
	CHECK_INT(l.w[3].end, 29 + 3 + 3 + 3);
	CHECK_INT(l.w[3].len, 3);
	CHECK_INT(l.w[4].start, 39);
	lex_line_free(&l);

	/* Touching words: the next word starts where the last ended. */
	in = "<@U1>'s";
	CHECK_INT(lex_line(in, strlen(in), true, &l, err, sizeof(err)), 0);
	CHECK_INT(l.n, 2);
	CHECK_INT(l.w[0].end, 5);
	CHECK_INT(l.w[1].start, 5);
	lex_line_free(&l);
}

static void
test_unclosed_quote(void)
{
	static const char *t[] = {
		"log call \"Acme Corp today",
		"log call “Acme Corp today",
		"log call \"Acme“",
		"\"",
		"x \"<https://a|b\"> c",
		"log call Acme great \"call",
	};
	struct line l;
	char err[256];
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		err[0] = '\0';
		memset(&l, 0xAB, sizeof(l));
		if (lex_line(t[i], strlen(t[i]), true, &l, err, sizeof(err)) != -1) {
			test_fail(__FILE__, __LINE__, "case %zu \"%s\" accepted", i, t[i]);
			lex_line_free(&l);
			continue;
		}
		CHECK(zeroed(&l));
		CHECK_CONTAINS(err, "never closed");
	}
	/* The sentence quotes where the quote opened. */
	CHECK_INT(lex_line(t[0], strlen(t[0]), true, &l, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "\"Acme Corp today");
	lex_line_free(&l);	/* harmless on the zeroed struct */
	lex_line_free(NULL);
}

static void
test_utf8(void)
{
	static const struct {
		const char *in;
		size_t len;
	} bad[] = {
		{ "\xC0\xAF", 2 },		/* overlong '/' */
		{ "\xC1\xBF", 2 },		/* overlong */
		{ "\xE0\x80\xAF", 3 },		/* overlong, 3 bytes */
		{ "\xE0\x9F\xBF", 3 },		/* overlong U+07FF */
		{ "\xF0\x80\x80\xAF", 4 },	/* overlong, 4 bytes */
		{ "\xF0\x8F\xBF\xBF", 4 },	/* overlong U+FFFF */
		{ "\xE2\x82", 2 },		/* truncated € */
		{ "abc \xF0\x9F\x98", 7 },	/* truncated emoji at the end */
		{ "\xF0\x9F\x98 x", 5 },	/* truncated emoji mid-text */
		{ "\xC3", 1 },			/* lone lead byte */
		{ "\x80", 1 },			/* lone continuation */
		{ "log call a\xBF" "b", 12 },	/* lone continuation mid-word */
		{ "\xED\xA0\x80", 3 },		/* surrogate U+D800 */
		{ "\xED\xBF\xBF", 3 },		/* surrogate U+DFFF */
		{ "\xED\xA0\xBD\xED\xB8\x80", 6 }, /* CESU-8 surrogate pair */
		{ "\xF4\x90\x80\x80", 4 },	/* above U+10FFFF */
		{ "\xF5\x80\x80\x80", 4 },
		{ "\xFE", 1 },
		{ "\xFF", 1 },
		{ "\"quoted \xFF\"", 10 },
		{ "<@U1|\xC0\xAF>", 8 },
	};
	static const char *good[] = {
		"\xF4\x8F\xBF\xBF",		/* U+10FFFF */
		"\xED\x9F\xBF",			/* U+D7FF */
		"\xEE\x80\x80",			/* U+E000 */
		"\xC2\xA0",			/* U+00A0 */
		"\xE0\xA0\x80",			/* U+0800 */
		"\xF0\x90\x80\x80",		/* U+10000 */
		"é € 😀 日本",
	};
	struct line l;
	char err[256];
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		err[0] = '\0';
		if (lex_line(bad[i].in, bad[i].len, true, &l, err, sizeof(err)) != -1) {
			test_fail(__FILE__, __LINE__, "bad case %zu accepted", i);
			lex_line_free(&l);
			continue;
		}
		CHECK(zeroed(&l));
		CHECK_CONTAINS(err, "UTF-8");
	}
	for (i = 0; i < NELEM(good); i++) {
		if (lex_line(good[i], strlen(good[i]), false, &l, err, sizeof(err)) != 0) {
			test_fail(__FILE__, __LINE__, "good case %zu refused: %s", i, err);
			continue;
		}
		CHECK_STR(l.buf, good[i]);
		lex_line_free(&l);
	}
}

/*
 * Random bytes, biased towards UTF-8 lead and continuation bytes, against glib's validator:
 * lex_line refuses exactly the invalid ones, and what it keeps is valid UTF-8 without control
 * characters other than \n and \t.
 */
static void
test_utf8_random(void)
{
	static const unsigned char pool[] = {
		'a', ' ', '\n', '\t', '\r', 0x01, 0x7F, '<', '>', '@', '&', '|', 'U', '1',
		0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0,
		0xF4, 0xF5, 0xFF,
	};
	unsigned int seed = 12345;
	unsigned char in[24];
	struct line l;
	char err[256];
	size_t i, j, n;
	int r, bad = 0;

	for (i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % sizeof(in);
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			in[j] = pool[(seed >> 16) % sizeof(pool)];
		}
		r = lex_line((const char *)in, n, (i & 1) != 0, &l, err, sizeof(err));
		if (g_utf8_validate((const char *)in, (gssize)n, NULL) != (r == 0)) {
			if (bad++ < 5)
				test_fail(__FILE__, __LINE__, "case %zu: lex_line %d, glib %d",
				    i, r, !r);
			continue;
		}
		if (r != 0)
			continue;
		CHECK(g_utf8_validate(l.buf, (gssize)l.len, NULL));
		CHECK_INT(strlen(l.buf), l.len);
		for (j = 0; j < l.len; j++) {
			unsigned char c = (unsigned char)l.buf[j];
			if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F ||
			    (c == 0xC2 && (unsigned char)l.buf[j + 1] < 0xA0))
				if (bad++ < 5)
					test_fail(__FILE__, __LINE__, "case %zu keeps 0x%02x",
					    i, c);
		}
		lex_line_free(&l);
	}
}

static void
test_control_chars(void)
{
	static const struct {
		const char *in;
		size_t len;
		const char *buf;
		int n;
	} t[] = {
		{ "log\x01 call\r\nAcme\x7f\tnote", 21, "log call\nAcme\tnote", 4 },
		{ "a\x00" "b", 3, "ab", 1 },
		{ "a\xC2\x85" "b\xC2\x9F" "c", 7, "abc", 1 },	/* C1: NEL, APC */
		{ "a\x1b[31mred", 9, "a[31mred", 1 },
		{ "a\xC2\xA0" "b", 4, "a\xC2\xA0" "b", 1 },	/* NBSP is text */
		{ "\x01\x02\x03", 3, "", 0 },
		{ "note:\n\tline two\n", 16, "note:\n\tline two\n", 3 },
	};
	struct line l;
	char err[256];
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		if (lex_line(t[i].in, t[i].len, false, &l, err, sizeof(err)) != 0) {
			test_fail(__FILE__, __LINE__, "case %zu refused: %s", i, err);
			continue;
		}
		CHECK_STR(l.buf, t[i].buf);
		CHECK_INT(l.len, strlen(t[i].buf));
		CHECK_INT(l.n, t[i].n);
		lex_line_free(&l);
	}
}

/* Runs lex_line on n bytes made of count copies of unit, then tail. */
static int
lex_repeat(const char *unit, size_t count, const char *tail, bool slack, struct line *l,
    char *err, size_t errlen)
{
	size_t ul = strlen(unit), tl = strlen(tail), i;
	char *s = malloc(ul * count + tl + 1);
	int r;

	if (s == NULL)
		abort();
	for (i = 0; i < count; i++)
		memcpy(s + i * ul, unit, ul);
	memcpy(s + ul * count, tail, tl);
	r = lex_line(s, ul * count + tl, slack, l, err, errlen);
	free(s);
	return r;
}

static void
test_size_limit(void)
{
	struct line l;
	char err[256];

	CHECK_INT(lex_repeat("a", 4000, "", false, &l, err, sizeof(err)), 0);
	CHECK_INT(l.len, 4000);
	CHECK_INT(l.n, 1);
	lex_line_free(&l);

	err[0] = '\0';
	CHECK_INT(lex_repeat("a", 4001, "", false, &l, err, sizeof(err)), -1);
	CHECK(zeroed(&l));
	CHECK_CONTAINS(err, "4000 bytes");

	CHECK_INT(lex_repeat("a", 100000, "", true, &l, err, sizeof(err)), -1);
	CHECK(zeroed(&l));

	/* Bytes, not characters: 3997 + € (3 bytes) fits, 3998 + € does not. */
	CHECK_INT(lex_repeat("a", 3997, "€", false, &l, err, sizeof(err)), 0);
	CHECK_INT(l.len, 4000);
	lex_line_free(&l);
	CHECK_INT(lex_repeat("a", 3998, "€", false, &l, err, sizeof(err)), -1);

	/* Counted after unescaping: 4000 "&amp;" are 20000 bytes in, 4000 out. */
	CHECK_INT(lex_repeat("&amp;", 4000, "", true, &l, err, sizeof(err)), 0);
	CHECK_INT(l.len, 4000);
	CHECK(l.buf[0] == '&' && l.buf[3999] == '&');
	lex_line_free(&l);
	CHECK_INT(lex_repeat("&amp;", 4001, "", true, &l, err, sizeof(err)), -1);
	/* On the console the same text is 20000 bytes. */
	CHECK_INT(lex_repeat("&amp;", 4000, "", false, &l, err, sizeof(err)), -1);

	/* Dropped control characters do not count. */
	CHECK_INT(lex_repeat("a", 4000, "\x01\x01\x01\r", false, &l, err, sizeof(err)), 0);
	CHECK_INT(l.len, 4000);
	lex_line_free(&l);

	/* The limit leaves room for a full note. */
	CHECK(LEX_MAX_COMMAND > LEX_MAX_NOTE * 3);
}

static void
test_rest(void)
{
	static const struct {
		const char *in;
		bool slack;
		int i;
		const char *rest;
	} t[] = {
		{ "log call Acme today great call\nnext steps: demo\t \n ", false, 4,
		  "great call\nnext steps: demo" },
		{ "log call Acme said \"hi there\"  ", false, 3, "said \"hi there\"" },
		{ "log call Acme \"quoted note\"", false, 3, "\"quoted note\"" },
		{ "log call Acme ping <@U1|sally> re: R&amp;D\n\n", true, 3,
		  "ping <@U1|sally> re: R&D" },
		{ "log  call   Acme\t\tspaced   out  ", false, 3, "spaced   out" },
		{ "log call Acme", false, 3, "" },
		{ "log call Acme", false, 9, "" },
		{ "log call Acme", false, 0, "log call Acme" },
		{ "", false, 0, "" },
	};
	struct line l;
	char err[256], got[512];
	const char *r;
	size_t i, len;

	for (i = 0; i < NELEM(t); i++) {
		if (lex_line(t[i].in, strlen(t[i].in), t[i].slack, &l, err, sizeof(err)) != 0) {
			test_fail(__FILE__, __LINE__, "case %zu refused: %s", i, err);
			continue;
		}
		len = 99;
		r = lex_rest(&l, t[i].i, &len);
		snprintf(got, sizeof(got), "%.*s", (int)len, r);
		CHECK_STR(got, t[i].rest);
		CHECK_INT(len, strlen(t[i].rest));
		CHECK_INT(lex_utf8_count(r, len), g_utf8_strlen(r, (gssize)len));
		lex_line_free(&l);
	}
}

static void
test_is_and_count(void)
{
	struct line l;
	char err[256];
	const char *in = "LOG \"log\" Logs lo É";

	CHECK_INT(lex_line(in, strlen(in), false, &l, err, sizeof(err)), 0);
	CHECK(lex_is(&l.w[0], "log"));
	CHECK(lex_is(&l.w[0], "LoG"));
	CHECK(!lex_is(&l.w[1], "log"));		/* quoted words are never keywords */
	CHECK(!lex_is(&l.w[2], "log"));
	CHECK(!lex_is(&l.w[3], "log"));
	CHECK(!lex_is(&l.w[0], "lo"));
	CHECK(!lex_is(&l.w[4], "é"));		/* ASCII folding only */
	CHECK(lex_is(&l.w[4], "É"));
	lex_line_free(&l);

	CHECK_INT(lex_utf8_count("", 0), 0);
	CHECK_INT(lex_utf8_count("abc", 3), 3);
	CHECK_INT(lex_utf8_count("héllo€😀", strlen("héllo€😀")), 7);
	CHECK_INT(lex_utf8_count("a\nb\tc", 5), 5);
}

static void
test_amounts(void)
{
	static const struct {
		const char *in;
		int ret;
		int64_t cents;
	} t[] = {
		{ "48000", 1, 4800000 },
		{ "48,000", 1, 4800000 },
		{ "48k", 1, 4800000 },
		{ "48K", 1, 4800000 },
		{ "1.2m", 1, 120000000 },
		{ "1.2M", 1, 120000000 },
		{ "$48k", 1, 4800000 },
		{ "€48k", 1, 4800000 },
		{ "£48k", 1, 4800000 },
		{ "¥48k", 1, 4800000 },
		{ "$48,000", 1, 4800000 },
		{ "€48,000.50", 1, 4800050 },
		{ "48k€", 1, 4800000 },
		{ "48000$", 1, 4800000 },
		{ "48000.50", 1, 4800050 },
		{ "48000.5", 1, 4800050 },
		{ "0.01", 1, 1 },
		{ "1.25k", 1, 125000 },
		{ "0.5k", 1, 50000 },
		{ "1.2345k", 1, 123450 },
		{ "1.23456789m", 1, 123456789 },
		{ "1,200k", 1, 120000000 },
		{ "1,234,567", 1, 123456700 },
		{ "007", 1, 700 },
		{ "999", 1, 99900 },
		{ "1,000,000,000,000", 1, INT64_C(100000000000000) },
		{ "1000000000000", 1, INT64_C(100000000000000) },
		{ "1000000m", 1, INT64_C(100000000000000) },
		{ "999999999999.99", 1, INT64_C(99999999999999) },
		/* Not amount-shaped: left for the note or the account. */
		{ "", 0, 0 },
		{ "Acme", 0, 0 },
		{ "x48", 0, 0 },
		{ "k", 0, 0 },
		{ ".5", 0, 0 },
		{ "#12", 0, 0 },
		{ "-", 0, 0 },
		{ "--", 0, 0 },
		{ "-ish", 0, 0 },
		{ "+", 0, 0 },
		{ "+-5", 0, 0 },
		{ "2026-11-20", 0, 0 },		/* dates are never amounts */
		{ "11/20/2026", 0, 0 },
		/* Amount-shaped and invalid: the command is refused. */
		{ "12x", -1, 0 },
		{ "-4k", -1, 0 },
		{ "-5", -1, 0 },
		{ "-.5", -1, 0 },
		{ "-$5", -1, 0 },
		{ "$-5", -1, 0 },
		{ "+5", -1, 0 },
		{ "0", -1, 0 },
		{ "0k", -1, 0 },
		{ "0.00", -1, 0 },
		{ "$0", -1, 0 },
		{ "1e400", -1, 0 },
		{ "1e5", -1, 0 },
		{ "1E5", -1, 0 },
		{ "1000000000001", -1, 0 },
		{ "1000000000000.01", -1, 0 },
		{ "1,000,000,000,001", -1, 0 },
		{ "1000000.01m", -1, 0 },
		{ "1000001m", -1, 0 },
		{ "1000000000.01k", -1, 0 },
		{ "99999999999999999999999999999", -1, 0 },
		{ "$", -1, 0 },
		{ "€", -1, 0 },
		{ "$k", -1, 0 },
		{ "$.5", -1, 0 },
		{ "$abc", -1, 0 },
		{ "48,00", -1, 0 },
		{ "4,8000", -1, 0 },
		{ "1234,567", -1, 0 },
		{ "48,000,00", -1, 0 },
		{ "1,,000", -1, 0 },
		{ "1,000,", -1, 0 },
		{ "0,500", -1, 0 },
		{ "48000.501", -1, 0 },
		{ "1.234567k", -1, 0 },
		{ "1.234567891m", -1, 0 },
		{ "1.2.3", -1, 0 },
		{ "48.000", -1, 0 },
		{ "5.", -1, 0 },
		{ "5.k", -1, 0 },
		{ "48kk", -1, 0 },
		{ "48km", -1, 0 },
		{ "$48$", -1, 0 },
		{ "$48k€", -1, 0 },
		{ "48 000", -1, 0 },
		{ "3pm", -1, 0 },
		{ "2026-11", -1, 0 },
	};
	char err[256];
	int64_t cents;
	size_t i;
	int r;

	for (i = 0; i < NELEM(t); i++) {
		cents = -7;
		err[0] = '\0';
		r = lex_amount(t[i].in, strlen(t[i].in), &cents, err, sizeof(err));
		if (r != t[i].ret) {
			test_fail(__FILE__, __LINE__, "\"%s\": %d, expected %d (%s)", t[i].in, r,
			    t[i].ret, err);
			continue;
		}
		if (r == 1 && cents != t[i].cents)
			test_fail(__FILE__, __LINE__, "\"%s\": %lld cents, expected %lld",
			    t[i].in, (long long)cents, (long long)t[i].cents);
		if (r != 1 && cents != -7)
			test_fail(__FILE__, __LINE__, "\"%s\": cents written on %d", t[i].in, r);
		if (r == -1 && strlen(err) == 0)
			test_fail(__FILE__, __LINE__, "\"%s\": no error text", t[i].in);
		if (r != -1 && err[0] != '\0')
			test_fail(__FILE__, __LINE__, "\"%s\": error text on %d", t[i].in, r);
	}
	/* The reply names the token and says what is wrong. */
	lex_amount("-4k", 3, &cents, err, sizeof(err));
	CHECK_CONTAINS(err, "-4k");
	CHECK_CONTAINS(err, "negative");
	lex_amount("0", 1, &cents, err, sizeof(err));
	CHECK_CONTAINS(err, "more than zero");
	lex_amount("1000000000001", 13, &cents, err, sizeof(err));
	CHECK_CONTAINS(err, "too large");
	lex_amount("12x", 3, &cents, err, sizeof(err));
	CHECK_CONTAINS(err, "“12x” is not an amount");
	/* The length is honoured: "48kx" cut to "48k". */
	CHECK_INT(lex_amount("48kx", 3, &cents, err, sizeof(err)), 1);
	CHECK_INT(cents, 4800000);
}

static void
test_dates(void)
{
	static const struct {
		const char *in;
		bool future;
		int ret;
		int y, m, d;
	} t[] = {
		{ "today", false, 1, 2026, 11, 27 },
		{ "TODAY", false, 1, 2026, 11, 27 },
		{ "Yesterday", false, 1, 2026, 11, 26 },
		{ "2026-11-20", false, 1, 2026, 11, 20 },
		{ "2026-11-27", false, 1, 2026, 11, 27 },
		{ "2026-1-5", false, 1, 2026, 1, 5 },
		{ "2024-02-29", false, 1, 2024, 2, 29 },
		{ "2000-02-29", false, 1, 2000, 2, 29 },
		{ "1999-12-31", false, 1, 1999, 12, 31 },
		/* Weekdays: the most recent, today (a Friday) included. */
		{ "friday", false, 1, 2026, 11, 27 },
		{ "fri", false, 1, 2026, 11, 27 },
		{ "FRI", false, 1, 2026, 11, 27 },
		{ "thursday", false, 1, 2026, 11, 26 },
		{ "thu", false, 1, 2026, 11, 26 },
		{ "thur", false, 1, 2026, 11, 26 },
		{ "thurs", false, 1, 2026, 11, 26 },
		{ "wednesday", false, 1, 2026, 11, 25 },
		{ "wed", false, 1, 2026, 11, 25 },
		{ "tuesday", false, 1, 2026, 11, 24 },
		{ "tue", false, 1, 2026, 11, 24 },
		{ "Tues", false, 1, 2026, 11, 24 },
		{ "monday", false, 1, 2026, 11, 23 },
		{ "mon", false, 1, 2026, 11, 23 },
		{ "sunday", false, 1, 2026, 11, 22 },
		{ "sun", false, 1, 2026, 11, 22 },
		{ "saturday", false, 1, 2026, 11, 21 },
		{ "sat", false, 1, 2026, 11, 21 },
		/* Looking ahead (away until): the next one, today included. */
		{ "saturday", true, 1, 2026, 11, 28 },
		{ "friday", true, 1, 2026, 11, 27 },
		{ "thu", true, 1, 2026, 12, 3 },
		{ "monday", true, 1, 2026, 11, 30 },
		/* The future: refused for entries, allowed when asked. */
		{ "2026-11-28", false, -1, 0, 0, 0 },
		{ "2026-11-28", true, 1, 2026, 11, 28 },
		{ "tomorrow", false, -1, 0, 0, 0 },
		{ "tomorrow", true, 1, 2026, 11, 28 },
		{ "2028-02-29", false, -1, 0, 0, 0 },
		{ "2028-02-29", true, 1, 2028, 2, 29 },
		{ "9999-12-31", true, 1, 9999, 12, 31 },
		/* Date-shaped but not dates. */
		{ "2026-02-30", true, -1, 0, 0, 0 },
		{ "2026-02-29", false, -1, 0, 0, 0 },
		{ "2100-02-29", true, -1, 0, 0, 0 },
		{ "2026-13-01", false, -1, 0, 0, 0 },
		{ "2026-00-10", false, -1, 0, 0, 0 },
		{ "2026-11-00", false, -1, 0, 0, 0 },
		{ "2026-11-31", false, -1, 0, 0, 0 },
		{ "0000-01-01", false, -1, 0, 0, 0 },
		{ "2026-011-01", false, -1, 0, 0, 0 },
		{ "2026-11-001", false, -1, 0, 0, 0 },
		{ "11/20/2026", false, -1, 0, 0, 0 },
		{ "20.11.2026", false, -1, 0, 0, 0 },
		{ "2026/11/20", false, -1, 0, 0, 0 },
		{ "20-11-2026", false, -1, 0, 0, 0 },
		/* Not dates at all. */
		{ "", false, 0, 0, 0, 0 },
		{ "Acme", false, 0, 0, 0, 0 },
		{ "48k", false, 0, 0, 0, 0 },
		{ "12", false, 0, 0, 0, 0 },
		{ "2026", false, 0, 0, 0, 0 },
		{ "2026-11", false, 0, 0, 0, 0 },
		{ "26-11-20", false, 0, 0, 0, 0 },
		{ "555-123-4567", false, 0, 0, 0, 0 },
		{ "2026-11-20-1", false, 0, 0, 0, 0 },
		{ "2026--11", false, 0, 0, 0, 0 },
		{ "monday?", false, 0, 0, 0, 0 },
		{ "mond", false, 0, 0, 0, 0 },
		{ "todays", false, 0, 0, 0, 0 },
	};
	char err[256];
	size_t i;
	int r, day;

	for (i = 0; i < NELEM(t); i++) {
		day = -12345;
		err[0] = '\0';
		r = lex_date(t[i].in, strlen(t[i].in), today, t[i].future, &day, err, sizeof(err));
		if (r != t[i].ret) {
			test_fail(__FILE__, __LINE__, "\"%s\": %d, expected %d (%s)", t[i].in, r,
			    t[i].ret, err);
			continue;
		}
		if (r == 1 && day != cal_day(t[i].y, t[i].m, t[i].d))
			test_fail(__FILE__, __LINE__, "\"%s\": day %d, expected %04d-%02d-%02d",
			    t[i].in, day, t[i].y, t[i].m, t[i].d);
		if (r != 1 && day != -12345)
			test_fail(__FILE__, __LINE__, "\"%s\": day written on %d", t[i].in, r);
		if (r == -1 && strlen(err) == 0)
			test_fail(__FILE__, __LINE__, "\"%s\": no error text", t[i].in);
	}
	lex_date("2026-02-30", 10, today, false, &day, err, sizeof(err));
	CHECK_CONTAINS(err, "February 2026 has 28 days");
	lex_date("2026-13-01", 10, today, false, &day, err, sizeof(err));
	CHECK_CONTAINS(err, "no month 13");
	lex_date("2026-11-28", 10, today, false, &day, err, sizeof(err));
	CHECK_CONTAINS(err, "future");
	lex_date("11/20/2026", 10, today, false, &day, err, sizeof(err));
	CHECK_CONTAINS(err, "YYYY-MM-DD");
}

/*
 * For every day of two weeks, every weekday name gives the most recent such day, or looking
 * ahead the next one; today's own name gives today either way.
 */
static void
test_weekdays(void)
{
	static const char *names[] = {
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
	};
	char err[256];
	int t, wd, day;

	for (t = today - 14; t <= today; t++) {
		for (wd = 0; wd < 7; wd++) {
			CHECK_INT(lex_weekday(names[wd], strlen(names[wd])), wd);
			CHECK_INT(lex_weekday(names[wd], 3), wd);
			if (lex_date(names[wd], strlen(names[wd]), t, false, &day, err,
			    sizeof(err)) != 1) {
				test_fail(__FILE__, __LINE__, "%s refused on day %d", names[wd], t);
				continue;
			}
			CHECK_INT(cal_weekday(day), wd);
			CHECK(day <= t && day > t - 7);
			if (cal_weekday(t) == wd)
				CHECK_INT(day, t);
			if (lex_date(names[wd], strlen(names[wd]), t, true, &day, err,
			    sizeof(err)) != 1) {
				test_fail(__FILE__, __LINE__, "%s refused on day %d", names[wd], t);
				continue;
			}
			CHECK_INT(cal_weekday(day), wd);
			CHECK(day >= t && day < t + 7);
			if (cal_weekday(t) == wd)
				CHECK_INT(day, t);
		}
	}
	CHECK_INT(lex_weekday("funday", 6), -1);
	CHECK_INT(lex_weekday("", 0), -1);
	CHECK_INT(lex_weekday("m", 1), -1);
}

static void
test_periods(void)
{
	static const struct {
		const char *in;
		int y, m, d;		/* today */
		int i;
		int ret, used;
		const char *from, *to;
		bool current, all_time;
		const char *label;
	} t[] = {
		{ "this week", 2026, 11, 27, 0, 1, 2, "2026-11-23", "2026-11-27", true, false,
		  "this week" },
		{ "last week", 2026, 11, 27, 0, 1, 2, "2026-11-16", "2026-11-22", false, false,
		  "last week" },
		{ "this month", 2026, 11, 27, 0, 1, 2, "2026-11-01", "2026-11-27", true, false,
		  "this month" },
		{ "last month", 2026, 11, 27, 0, 1, 2, "2026-10-01", "2026-10-31", false, false,
		  "last month" },
		{ "this quarter", 2026, 11, 27, 0, 1, 2, "2026-10-01", "2026-11-27", true, false,
		  "this quarter" },
		{ "last quarter", 2026, 11, 27, 0, 1, 2, "2026-07-01", "2026-09-30", false, false,
		  "last quarter" },
		{ "this year", 2026, 11, 27, 0, 1, 2, "2026-01-01", "2026-11-27", true, false,
		  "this year" },
		{ "ytd", 2026, 11, 27, 0, 1, 1, "2026-01-01", "2026-11-27", true, false,
		  "year to date" },
		{ "YTD", 2026, 11, 27, 0, 1, 1, "2026-01-01", "2026-11-27", true, false,
		  "year to date" },
		{ "last year", 2026, 11, 27, 0, 1, 2, "2025-01-01", "2025-12-31", false, false,
		  "last year" },
		{ "last 90 days", 2026, 11, 27, 0, 1, 3, "2026-08-30", "2026-11-27", true, false,
		  "last 90 days" },
		{ "last 7 days", 2026, 11, 27, 0, 1, 3, "2026-11-21", "2026-11-27", true, false,
		  "last 7 days" },
		{ "last 1 day", 2026, 11, 27, 0, 1, 3, "2026-11-27", "2026-11-27", true, false,
		  "today" },
		{ "last 1 days", 2026, 11, 27, 0, 1, 3, "2026-11-27", "2026-11-27", true, false,
		  "today" },
		{ "last 3650 days", 2026, 11, 27, 0, 1, 3, "2016-11-30", "2026-11-27", true, false,
		  "last 3650 days" },
		{ "30d", 2026, 11, 27, 0, 1, 1, "2026-10-29", "2026-11-27", true, false,
		  "last 30 days" },
		{ "90D", 2026, 11, 27, 0, 1, 1, "2026-08-30", "2026-11-27", true, false,
		  "last 90 days" },
		{ "1d", 2026, 11, 27, 0, 1, 1, "2026-11-27", "2026-11-27", true, false, "today" },
		{ "3650d", 2026, 11, 27, 0, 1, 1, "2016-11-30", "2026-11-27", true, false,
		  "last 3650 days" },
		{ "all time", 2026, 11, 27, 0, 1, 2, "1970-01-01", "2026-11-27", true, true,
		  "all time" },
		{ "THIS Week", 2026, 11, 27, 0, 1, 2, "2026-11-23", "2026-11-27", true, false,
		  "this week" },
		{ "this week and more", 2026, 11, 27, 0, 1, 2, "2026-11-23", "2026-11-27", true,
		  false, "this week" },
		{ "funnel @sally last week", 2026, 11, 27, 2, 1, 2, "2026-11-16", "2026-11-22",
		  false, false, "last week" },
		/* Year and month boundaries: today is Thursday 2026-01-15. */
		{ "this week", 2026, 1, 15, 0, 1, 2, "2026-01-12", "2026-01-15", true, false,
		  "this week" },
		{ "last week", 2026, 1, 15, 0, 1, 2, "2026-01-05", "2026-01-11", false, false,
		  "last week" },
		{ "last month", 2026, 1, 15, 0, 1, 2, "2025-12-01", "2025-12-31", false, false,
		  "last month" },
		{ "this quarter", 2026, 1, 15, 0, 1, 2, "2026-01-01", "2026-01-15", true, false,
		  "this quarter" },
		{ "last quarter", 2026, 1, 15, 0, 1, 2, "2025-10-01", "2025-12-31", false, false,
		  "last quarter" },
		{ "last 30 days", 2026, 1, 15, 0, 1, 3, "2025-12-17", "2026-01-15", true, false,
		  "last 30 days" },
		/* A week that spans two months; Sunday and Monday ends of the week. */
		{ "last week", 2026, 12, 2, 0, 1, 2, "2026-11-23", "2026-11-29", false, false,
		  "last week" },
		{ "this week", 2026, 11, 29, 0, 1, 2, "2026-11-23", "2026-11-29", true, false,
		  "this week" },
		{ "this week", 2026, 11, 23, 0, 1, 2, "2026-11-23", "2026-11-23", true, false,
		  "this week" },
		{ "last week", 2026, 11, 23, 0, 1, 2, "2026-11-16", "2026-11-22", false, false,
		  "last week" },
		/* A leap February, a quarter's last day. */
		{ "last month", 2028, 3, 10, 0, 1, 2, "2028-02-01", "2028-02-29", false, false,
		  "last month" },
		{ "this quarter", 2026, 9, 30, 0, 1, 2, "2026-07-01", "2026-09-30", true, false,
		  "this quarter" },
		{ "last quarter", 2026, 6, 30, 0, 1, 2, "2026-01-01", "2026-03-31", false, false,
		  "last quarter" },
		/* Period-shaped but invalid. */
		{ "last 0 days", 2026, 11, 27, 0, -1, 0, NULL, NULL, false, false, NULL },
		{ "last 3651 days", 2026, 11, 27, 0, -1, 0, NULL, NULL, false, false, NULL },
		{ "last 99999999999999999999 days", 2026, 11, 27, 0, -1, 0, NULL, NULL, false,
		  false, NULL },
		{ "4000d", 2026, 11, 27, 0, -1, 0, NULL, NULL, false, false, NULL },
		{ "3651d", 2026, 11, 27, 0, -1, 0, NULL, NULL, false, false, NULL },
		{ "0d", 2026, 11, 27, 0, -1, 0, NULL, NULL, false, false, NULL },
		{ "last 7", 2026, 11, 27, 0, -1, 0, NULL, NULL, false, false, NULL },
		{ "last 2 weeks", 2026, 11, 27, 0, -1, 0, NULL, NULL, false, false, NULL },
		/* Not periods. */
		{ "", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "this", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "this weak", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "last", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "last call", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "all", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "all hands", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "\"this week\"", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "\"this\" week", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "this \"week\"", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "monday", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "d", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "90days", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "3rd", 2026, 11, 27, 0, 0, 0, NULL, NULL, false, false, NULL },
		{ "funnel @sally last week", 2026, 11, 27, 1, 0, 0, NULL, NULL, false, false,
		  NULL },
		{ "this week", 2026, 11, 27, 2, 0, 0, NULL, NULL, false, false, NULL },
	};
	struct period p;
	struct line l;
	char err[256], from[11], to[11];
	size_t i;
	int r, used, td;

	for (i = 0; i < NELEM(t); i++) {
		if (lex_line(t[i].in, strlen(t[i].in), false, &l, err, sizeof(err)) != 0) {
			test_fail(__FILE__, __LINE__, "\"%s\" refused: %s", t[i].in, err);
			continue;
		}
		td = cal_day(t[i].y, t[i].m, t[i].d);
		used = -3;
		err[0] = '\0';
		memset(&p, 0x5A, sizeof(p));
		r = lex_period(&l, t[i].i, td, &p, &used, err, sizeof(err));
		if (r != t[i].ret) {
			test_fail(__FILE__, __LINE__, "\"%s\": %d, expected %d (%s)", t[i].in, r,
			    t[i].ret, err);
		} else if (r == 1) {
			cal_format(p.from, from);
			cal_format(p.to, to);
			CHECK_INT(used, t[i].used);
			if (strcmp(from, t[i].from) != 0 || strcmp(to, t[i].to) != 0)
				test_fail(__FILE__, __LINE__, "\"%s\": %s..%s, expected %s..%s",
				    t[i].in, from, to, t[i].from, t[i].to);
			CHECK_INT(p.current, t[i].current);
			CHECK_INT(p.all_time, t[i].all_time);
			CHECK_STR(p.label, t[i].label);
			CHECK_INT(p.current, p.to == td);
		} else {
			CHECK_INT(used, -3);
			if (r == -1 && strlen(err) == 0)
				test_fail(__FILE__, __LINE__, "\"%s\": no error text", t[i].in);
		}
		lex_line_free(&l);
	}
	/* The messages say what is allowed. */
	CHECK_INT(lex_line("last 0 days", 11, false, &l, err, sizeof(err)), 0);
	CHECK_INT(lex_period(&l, 0, today, &p, &used, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "1 to 3650 days");
	CHECK_CONTAINS(err, "last 0 days");
	lex_line_free(&l);

	lex_period_default(today, &p);
	cal_format(p.from, from);
	cal_format(p.to, to);
	CHECK_STR(from, "2026-08-30");
	CHECK_STR(to, "2026-11-27");
	CHECK_INT(p.to - p.from + 1, 90);
	CHECK(p.current);
	CHECK(!p.all_time);
	CHECK_STR(p.label, "last 90 days");
}

static void
test_who(void)
{
	static const struct {
		const char *in;
		int ret;
		enum who_kind kind;
		const char *s, *label;
	} t[] = {
		{ "me", 1, WHO_ME, NULL, NULL },
		{ "ME", 1, WHO_ME, NULL, NULL },
		{ "team", 1, WHO_TEAM, NULL, NULL },
		{ "Team", 1, WHO_TEAM, NULL, NULL },
		{ "all", 1, WHO_ALL, NULL, NULL },
		{ "@sally", 1, WHO_NAME, "sally", NULL },
		{ "@Sally", 1, WHO_NAME, "Sally", NULL },
		{ "@sally's", 1, WHO_NAME, "sally's", NULL },
		{ "@sally’s", 1, WHO_NAME, "sally’s", NULL },
		{ "@sally?", 1, WHO_NAME, "sally?", NULL },
		{ "@sally.smith", 1, WHO_NAME, "sally.smith", NULL },
		{ "\"@Sally Smith\"", 1, WHO_NAME, "Sally Smith", NULL },
		{ "@\"Moses Frase\"", 1, WHO_NAME, "Moses Frase", NULL },
		{ "@“Анна Петрова”", 1, WHO_NAME, "Анна Петрова", NULL },
		{ "@\" x\"", 0, WHO_ME, NULL, NULL },
		{ "@\"\"", 0, WHO_ME, NULL, NULL },
		{ "<@U0123|sally>", 1, WHO_ID, "U0123", "sally" },
		{ "<@U0123ABCD>", 1, WHO_ID, "U0123ABCD", NULL },
		{ "@", 0, WHO_ME, NULL, NULL },
		{ "\"@\"", 0, WHO_ME, NULL, NULL },
		{ "\"@ x\"", 0, WHO_ME, NULL, NULL },
		{ "\"me\"", 0, WHO_ME, NULL, NULL },
		{ "\"team\"", 0, WHO_ME, NULL, NULL },
		{ "sally", 0, WHO_ME, NULL, NULL },
		{ "mine", 0, WHO_ME, NULL, NULL },
		{ "<#C1|sales>", 0, WHO_ME, NULL, NULL },
	};
	struct line l;
	struct who w;
	char err[256], got[128];
	size_t i;
	int r;

	for (i = 0; i < NELEM(t); i++) {
		if (lex_line(t[i].in, strlen(t[i].in), true, &l, err, sizeof(err)) != 0 ||
		    l.n != 1) {
			test_fail(__FILE__, __LINE__, "\"%s\" not one word", t[i].in);
			lex_line_free(&l);
			continue;
		}
		memset(&w, 0x5A, sizeof(w));
		r = lex_who(&l.w[0], &w);
		if (r != t[i].ret) {
			test_fail(__FILE__, __LINE__, "\"%s\": %d, expected %d", t[i].in, r,
			    t[i].ret);
		} else if (r == 1) {
			CHECK_INT(w.kind, t[i].kind);
			if (t[i].s == NULL) {
				CHECK(w.s == NULL);
			} else {
				snprintf(got, sizeof(got), "%.*s", (int)w.len, w.s);
				CHECK_STR(got, t[i].s);
				CHECK(w.s >= l.buf && w.s + w.len <= l.buf + l.len);
			}
			if (t[i].label == NULL) {
				CHECK(w.label == NULL);
			} else {
				snprintf(got, sizeof(got), "%.*s", (int)w.label_len, w.label);
				CHECK_STR(got, t[i].label);
			}
		} else {
			CHECK(w.s == NULL && w.label == NULL);
		}
		lex_line_free(&l);
	}
}

static void
test_ids(void)
{
	static const struct {
		const char *in;
		int ret;
		int64_t id;
	} t[] = {
		{ "#12", 1, 12 },
		{ "#1", 1, 1 },
		{ "#007", 1, 7 },
		{ "#999999999", 1, 999999999 },
		{ "#0", -1, 0 },
		{ "#12x", -1, 0 },
		{ "#1.5", -1, 0 },
		{ "#1000000000", -1, 0 },
		{ "#99999999999999999999999", -1, 0 },
		{ "#", 0, 0 },
		{ "#followup", 0, 0 },
		{ "#-1", 0, 0 },
		{ "12", 0, 0 },
		{ "\"#12\"", 0, 0 },
		{ "<#C1|x>", 0, 0 },
	};
	struct line l;
	char err[256];
	int64_t id;
	size_t i;
	int r;

	for (i = 0; i < NELEM(t); i++) {
		if (lex_line(t[i].in, strlen(t[i].in), true, &l, err, sizeof(err)) != 0 ||
		    l.n != 1) {
			test_fail(__FILE__, __LINE__, "\"%s\" not one word", t[i].in);
			lex_line_free(&l);
			continue;
		}
		id = -7;
		err[0] = '\0';
		r = lex_id(&l.w[0], &id, err, sizeof(err));
		if (r != t[i].ret)
			test_fail(__FILE__, __LINE__, "\"%s\": %d, expected %d", t[i].in, r,
			    t[i].ret);
		else if (r == 1)
			CHECK_INT(id, t[i].id);
		else
			CHECK_INT(id, -7);
		if (r == -1)
			CHECK(strlen(err) > 0);
		lex_line_free(&l);
	}
}

/* A short error buffer gets a cut sentence that is still valid UTF-8; NULL is allowed. */
static void
test_err_buffer(void)
{
	char err[64];
	int64_t cents;
	size_t n;
	struct line l;
	int day;

	for (n = 1; n <= sizeof(err); n++) {
		memset(err, 'Z', sizeof(err));
		CHECK_INT(lex_amount("€€€€€€€€€€€€€€€€€€€€x", strlen("€€€€€€€€€€€€€€€€€€€€x"),
		    &cents, err, n), -1);
		CHECK(strlen(err) < n);
		CHECK(g_utf8_validate(err, -1, NULL));
	}
	/* A long token is quoted cut short, at a character boundary. */
	lex_amount("€€€€€€€€€€€€€€€€€€€€x", strlen("€€€€€€€€€€€€€€€€€€€€x"), &cents, err,
	    sizeof(err));
	CHECK(g_utf8_validate(err, -1, NULL));
	CHECK_CONTAINS(err, "…");
	CHECK_INT(lex_amount("12x", 3, &cents, NULL, 0), -1);
	CHECK_INT(lex_date("2026-02-30", 10, today, false, &day, NULL, 0), -1);
	CHECK_INT(lex_line("\"x", 2, false, &l, NULL, 0), -1);
	CHECK_INT(lex_line("\xFF", 1, false, &l, err, 1), -1);
	CHECK_STR(err, "");
	CHECK_INT(lex_line(NULL, 0, true, &l, err, sizeof(err)), 0);
	CHECK_INT(l.n, 0);
	CHECK_STR(l.buf, "");
	lex_line_free(&l);
}

/* A handler's view: a log command read word by word. */
static void
test_log_command(void)
{
	const char *in = "log won “Acme Corp” $48,000 yesterday signed at last &amp; "
	    "<@U0BOB|bob> helped\n– next: kickoff";
	struct line l;
	char err[256], note[256];
	const char *r;
	size_t len;
	int64_t cents;
	int day;

	CHECK_INT(lex_line(in, strlen(in), true, &l, err, sizeof(err)), 0);
	CHECK(lex_is(&l.w[0], "log"));
	CHECK(lex_is(&l.w[1], "won"));
	CHECK_INT(l.w[2].kind, WORD_QUOTED);
	CHECK_INT(lex_utf8_count(l.w[2].s, l.w[2].len), 9);
	CHECK_INT(lex_date(l.w[3].s, l.w[3].len, today, false, &day, err, sizeof(err)), 0);
	CHECK_INT(lex_amount(l.w[3].s, l.w[3].len, &cents, err, sizeof(err)), 1);
	CHECK_INT(cents, 4800000);
	CHECK_INT(lex_date(l.w[4].s, l.w[4].len, today, false, &day, err, sizeof(err)), 1);
	CHECK_INT(day, today - 1);
	CHECK_INT(lex_amount(l.w[5].s, l.w[5].len, &cents, err, sizeof(err)), 0);
	CHECK_INT(lex_date(l.w[5].s, l.w[5].len, today, false, &day, err, sizeof(err)), 0);
	r = lex_rest(&l, 5, &len);
	snprintf(note, sizeof(note), "%.*s", (int)len, r);
	CHECK_STR(note, "signed at last & <@U0BOB|bob> helped\n– next: kickoff");
	lex_line_free(&l);
}

int
main(void)
{
	today = cal_day(2026, 11, 27);
	RUN(test_words);
	RUN(test_word_offsets);
	RUN(test_unclosed_quote);
	RUN(test_utf8);
	RUN(test_utf8_random);
	RUN(test_control_chars);
	RUN(test_size_limit);
	RUN(test_rest);
	RUN(test_is_and_count);
	RUN(test_amounts);
	RUN(test_dates);
	RUN(test_weekdays);
	RUN(test_periods);
	RUN(test_who);
	RUN(test_ids);
	RUN(test_err_buffer);
	RUN(test_log_command);
	return test_summary();
}
