/*
 * Questions in plain words, in a DM, a mention or after the slash command, mapped onto the
 * verbs: "how is Sally doing this quarter?" means `funnel @sally this quarter`. A question is
 * read for three things -- who (a mention, "Sally's", "for john", "my", "I"), what (a table of
 * cue words: pipeline, work on, at risk, ...) and when (a period anywhere, as lex_period reads
 * it) -- and written as the verb's own words, so the verb checks who may see what as always.
 * Straight or curly apostrophes, any case, '?' optional.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "commands/commands_int.h"

#define ASK_WORDS	24	/* a longer message is not a question we read */
#define WORD_MAX	64

enum intent { I_NONE, I_FUNNEL, I_INSIGHTS, I_PIPELINE, I_TEAM, I_TEAM_INSIGHTS, I_HELP,
	I_ACCOUNTS };

/* The cue words, one or two words each; the first cue found in the question wins, in the
 * order of this table, so the more telling ones come first. */
static const struct cue {
	const char *words;
	enum intent intent;
} cues[] = {
	{ "needs help", I_TEAM_INSIGHTS }, { "need help", I_TEAM_INSIGHTS },
	{ "help", I_HELP }, { "what can you do", I_HELP }, { "commands", I_HELP },
	{ "struggling", I_TEAM_INSIGHTS }, { "pair", I_TEAM_INSIGHTS },
	{ "pairing", I_TEAM_INSIGHTS }, { "pairings", I_TEAM_INSIGHTS }, { "coach", I_INSIGHTS },
	{ "coaching", I_INSIGHTS }, { "work on", I_INSIGHTS }, { "focus on", I_INSIGHTS },
	{ "improve", I_INSIGHTS }, { "insights", I_INSIGHTS }, { "insight", I_INSIGHTS },
	{ "advice", I_INSIGHTS }, { "priorities", I_INSIGHTS }, { "weak", I_INSIGHTS },
	{ "weakness", I_INSIGHTS }, { "weaknesses", I_INSIGHTS }, { "strengths", I_INSIGHTS }, { "problem", I_INSIGHTS },
	{ "wrong", I_INSIGHTS }, { "better", I_INSIGHTS },
	{ "accounts", I_ACCOUNTS }, { "customers", I_ACCOUNTS }, { "clients", I_ACCOUNTS },
	{ "pipeline", I_PIPELINE }, { "deals", I_PIPELINE }, { "deal", I_PIPELINE },
	{ "opportunities", I_PIPELINE }, { "opps", I_PIPELINE }, { "stalled", I_PIPELINE },
	{ "stuck", I_PIPELINE }, { "open", I_PIPELINE },
	{ "at risk", I_TEAM }, { "behind", I_TEAM }, { "on track", I_TEAM },
	{ "target", I_TEAM }, { "quota", I_TEAM }, { "team", I_TEAM }, { "everyone", I_TEAM },
	{ "everybody", I_TEAM }, { "reps", I_TEAM }, { "leaderboard", I_TEAM },
	{ "funnel", I_FUNNEL }, { "doing", I_FUNNEL }, { "numbers", I_FUNNEL },
	{ "performing", I_FUNNEL }, { "performance", I_FUNNEL }, { "stats", I_FUNNEL },
	{ "going", I_FUNNEL }, { "conversion", I_FUNNEL }, { "win rate", I_FUNNEL },
	{ "activity", I_FUNNEL }, { "results", I_FUNNEL }, { "look", I_FUNNEL },
	{ "looking", I_FUNNEL },
};

/* Words that are never a person's name in "X's" or "for X". */
static const char *const not_names[] = {
	"what", "how", "who", "it", "that", "there", "let", "where", "he", "she", "team",
	"everyone", "everybody", "today", "week", "month", "quarter", "year", "the", "a", "an",
	"this", "last", "me", "my", "i", "you", "your", "our", "us", "we", "them", "their",
	"all", "time", "is", "are", "doing", "funnel", "pipeline", "deals", "numbers", "any",
	"anyone", "anybody", "somebody", "someone", "here", "now", "sales", "one", "rep", "reps",
	"ytd", "company", "next", "on", "at", "to", "of", "in", "whom", "up", "some",
};

/* Words before a person's name: "how's X", "for X", "should X work on", "coach X". */
static const char *const introducers[] = {
	"how's", "hows", "for", "about", "of", "is", "has", "does", "did", "should", "can",
	"could", "would", "will", "coach", "with",
};

/* Words that mean the asker. */
static const char *const selves[] = { "me", "my", "i", "i'm", "im", "mine", "myself", "am" };

struct question {
	char w[ASK_WORDS][WORD_MAX];	/* the words, lower case, punctuation at the ends dropped */
	int n;
	const struct line *l;		/* the words as typed, for the period and mentions */
	int period_at, period_n;	/* the period's words in l, or period_n 0 */
};

static bool
is_one_of(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

/* The words of l, lower case, curly apostrophes straight, ?!., at the ends dropped. */
static bool
read_words(const struct line *l, struct question *q)
{
	if (l->n > ASK_WORDS)
		return false;
	memset(q, 0, sizeof(*q));
	q->l = l;
	for (int i = 0; i < l->n; i++) {
		const struct word *w = &l->w[i];
		size_t o = 0;

		if (w->kind == WORD_MENTION) {
			snprintf(q->w[i], WORD_MAX, "<@%.*s>", (int)w->len, w->s);
			continue;
		}
		for (size_t j = 0; j < w->len && o + 1 < WORD_MAX; j++) {
			if (j + 2 < w->len && memcmp(w->s + j, "\xe2\x80\x99", 3) == 0) {
				q->w[i][o++] = '\'';	/* U+2019 */
				j += 2;
			} else {
				q->w[i][o++] = (char)tolower((unsigned char)w->s[j]);
			}
		}
		while (o > 0 && strchr("?!.,;:", q->w[i][o - 1]))
			o--;
		q->w[i][o] = '\0';
	}
	q->n = l->n;
	return true;
}

/* Whether w is a cue word ("deals" in "for deals" is no name). */
static bool
is_cue(const char *w)
{
	for (size_t c = 0; c < sizeof(cues) / sizeof(cues[0]); c++)
		if (strcmp(w, cues[c].words) == 0)
			return true;
	return false;
}

/* Whether the words at i are the cue's words. */
static bool
cue_at(const struct question *q, int i, const char *words)
{
	char one[WORD_MAX];
	const char *p = words;

	for (int k = i; *p; k++) {
		size_t n = strcspn(p, " ");
		if (k >= q->n || n >= sizeof(one))
			return false;
		memcpy(one, p, n);
		one[n] = '\0';
		if (strcmp(q->w[k], one) != 0)
			return false;
		p += n + (p[n] == ' ');
	}
	return true;
}

static enum intent
intent_of(const struct question *q)
{
	for (size_t c = 0; c < sizeof(cues) / sizeof(cues[0]); c++)
		for (int i = 0; i < q->n; i++)
			if ((i < q->period_at || i >= q->period_at + q->period_n) &&
			    cue_at(q, i, cues[c].words))
				return cues[c].intent;
	return I_NONE;
}

/* The period anywhere in the question: the first run of words lex_period reads, once the
 * question's punctuation is off them ("this quarter?"). */
static void
find_period(struct question *q, int today)
{
	struct buf text = { 0 };
	struct line clean = { 0 };
	char err[160];

	for (int i = 0; i < q->n; i++)
		buf_printf(&text, "%s%s", i ? " " : "", q->l->w[i].kind == WORD_PLAIN &&
		    q->w[i][0] ? q->w[i] : "x");
	if (lex_line(buf_str(&text), text.len, false, &clean, err, sizeof(err)) == 0 &&
	    clean.n == q->n) {
		for (int i = 0; i < clean.n; i++) {
			struct period p;
			int used;
			if (lex_period(&clean, i, today, &p, &used, err, sizeof(err)) == 1) {
				q->period_at = i;
				q->period_n = used;
				break;
			}
		}
	}
	lex_line_free(&clean);
	buf_free(&text);
}

enum asked { ASK_NOBODY, ASK_SELF, ASK_SOMEONE };

/*
 * Who the question is about: a mention; "X's"; "for/about/of/is/has X" and "how's X";
 * "me", "my", "I", "I'm" (the asker). The who-word for the verb goes to out.
 */
static enum asked
who_of(const struct question *q, struct buf *out)
{
	bool self = false;

	for (int i = 0; i < q->n; i++) {
		const char *w = q->w[i];
		size_t n = strlen(w);
		char name[WORD_MAX];

		if (q->l->w[i].kind == WORD_MENTION) {
			buf_puts(out, w);
			return ASK_SOMEONE;
		}
		if (i + 1 < q->n && is_one_of(w, introducers, sizeof(introducers) /
		    sizeof(introducers[0])) && q->l->w[i + 1].kind == WORD_PLAIN) {
			snprintf(name, sizeof(name), "%s", q->w[i + 1]);	/* "how's X" */
		} else if (n > 2 && strcmp(w + n - 2, "'s") == 0) {
			snprintf(name, sizeof(name), "%s", w);			/* "X's" */
		} else if (n > 1 && w[n - 1] == '\'' && w[n - 2] == 's') {
			snprintf(name, sizeof(name), "%s", w);			/* "James'" */
		} else {
			if (is_one_of(w, selves, sizeof(selves) / sizeof(selves[0])))
				self = true;
			continue;
		}
		n = strlen(name);
		if (n > 2 && strcmp(name + n - 2, "'s") == 0)
			name[n - 2] = '\0';
		else if (n > 1 && name[n - 1] == '\'')
			name[n - 1] = '\0';
		if (name[0] == '@')
			memmove(name, name + 1, strlen(name));
		if (name[0] == '\0' || is_one_of(name, not_names, sizeof(not_names) /
		    sizeof(not_names[0])) || (i + 1 >= q->period_at && i + 1 < q->period_at +
		    q->period_n))
			continue;
		if (is_cue(name))
			continue;
		buf_printf(out, "@%s", name);
		return ASK_SOMEONE;
	}
	if (self)
		buf_puts(out, "me");
	return self ? ASK_SELF : ASK_NOBODY;
}

/* Whether the question is about people in general: "who", "anyone", "the team". */
static bool
asks_who(const struct question *q)
{
	static const char *const general[] = { "who", "who's", "whos", "anyone", "anybody",
		"which", "team", "team's", "everyone", "everybody", "reps" };

	for (int i = 0; i < q->n; i++)
		if (is_one_of(q->w[i], general, sizeof(general) / sizeof(general[0])))
			return true;
	return false;
}

static void
add_period(const struct question *q, struct buf *out)
{
	for (int i = q->period_at; i < q->period_at + q->period_n; i++)
		buf_printf(out, " %s", q->w[i]);
}

bool
ask_rewrite(const struct line *l, int today, struct buf *out)
{
	struct question q;
	struct buf who = { 0 };
	enum intent in;
	enum asked wk;

	if (l->n < 1 || !read_words(l, &q))
		return false;
	find_period(&q, today);
	in = intent_of(&q);
	wk = who_of(&q, &who);
	if (in == I_HELP) {
		buf_puts(out, "help");
	} else if (wk != ASK_SOMEONE && (asks_who(&q) || (wk == ASK_NOBODY && (in == I_TEAM ||
	    in == I_TEAM_INSIGHTS)))) {
		/* About the team: who is at risk, who needs help, how is everyone doing. */
		buf_puts(out, in == I_TEAM_INSIGHTS || in == I_INSIGHTS ? "insights team" : "team");
		add_period(&q, out);
	} else if (in == I_NONE || (wk == ASK_NOBODY && in != I_PIPELINE && in != I_INSIGHTS &&
	    in != I_FUNNEL && in != I_ACCOUNTS)) {
		buf_free(&who);
		return false;
	} else if (in == I_PIPELINE || in == I_ACCOUNTS) {
		buf_printf(out, "%s%s%s", in == I_PIPELINE ? "pipeline" : "accounts", who.len ? " " :
		    "", buf_str(&who));
	} else if ((in == I_INSIGHTS || in == I_TEAM_INSIGHTS) && wk != ASK_SOMEONE &&
	    q.period_n == 0) {
		/* "what should I work on?": a rep's own; a manager's is her team's */
		buf_puts(out, "insights priorities");
	} else {
		buf_printf(out, "%s %s", in == I_INSIGHTS || in == I_TEAM_INSIGHTS ? "insights" :
		    "funnel", wk == ASK_NOBODY ? "me" : buf_str(&who));
		add_period(&q, out);
	}
	buf_free(&who);
	return true;
}
