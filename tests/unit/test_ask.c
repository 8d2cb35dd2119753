/*
 * Questions in plain words (commands/ask.c) against a corpus of how people ask them
 * (tests/unit/ask_corpus.txt): at least 95 % read as the corpus says, none of the chatter read
 * as a command, and through the dispatcher a question never shows someone else's numbers
 * without the verb's own permission check.
 */
#include "tests/unit/cmdtest.h"

#include "commands/buf.h"
#include "commands/commands_int.h"
#include "commands/lex.h"

static struct fixture f;

/* What ask_rewrite makes of q, or "-" when it does not read it. */
static char *
rewrite(const char *q)
{
	struct line l = { 0 };
	struct buf out = { 0 };
	char err[128];

	if (lex_line(q, strlen(q), true, &l, err, sizeof(err)) != 0)
		return strdup("(lex error)");
	if (!ask_rewrite(&l, cal_day(2026, 11, 27), &out))
		buf_puts(&out, "-");
	lex_line_free(&l);
	return buf_take(&out);
}

static void
test_corpus(void)
{
	FILE *fp = fopen("tests/unit/ask_corpus.txt", "r");
	char line[512];
	int total = 0, right = 0, chatter = 0, chatter_read = 0;

	CHECK(fp != NULL);
	while (fp && fgets(line, sizeof(line), fp)) {
		char *tab = strchr(line, '\t'), *want, *got;

		if (line[0] == '#' || tab == NULL)
			continue;
		*tab = '\0';
		want = tab + 1;
		want[strcspn(want, "\n")] = '\0';
		got = rewrite(line);
		if (strcmp(want, "-") == 0) {
			chatter++;
			chatter_read += strcmp(got, "-") != 0;
		} else {
			total++;
			right += strcmp(got, want) == 0;
		}
		if (strcmp(got, want) != 0)
			fprintf(stderr, "  \"%s\": \"%s\", the corpus says \"%s\"\n", line, got, want);
		free(got);
	}
	if (fp)
		fclose(fp);
	fprintf(stderr, "  %d of %d questions read as the corpus says; %d of %d chatter lines "
	    "read as a command\n", right, total, chatter_read, chatter);
	CHECK(total >= 150);
	CHECK(right * 100 >= total * 95);
	CHECK_INT(chatter_read, 0);
}

/* A rep asking about a colleague in any phrasing gets the refusal, never the numbers. */
static void
test_questions_keep_permissions(void)
{
	static const char *const asks[] = { "how is sally doing this quarter?",
		"show me sally's pipeline", "what should sally work on", "sally's numbers",
		"is sally on track?", "give me sally's insights" };

	fx_worked_example(&f);
	for (size_t i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
		fx_dm(&f, "john", asks[i]);
		CHECK_INT(f.rc, -1);
		CHECK_CONTAINS(f.r.text, "Only sally's manager or an admin");
		CHECK_LACKS(f.r.text, "Calls a week");
	}
	fx_dm(&f, "maria", "how is sally doing this quarter?");	/* her manager */
	CHECK_INT(f.rc, 0);
	CHECK_CONTAINS(f.r.text, "sally — funnel, this quarter");
	fx_close(&f);
}

/* What is still not understood gets one short line of suggestions, not the whole help. */
static void
test_not_understood(void)
{
	fx_open(&f);
	fx_dm(&f, "john", "bake me a cake");
	CHECK_INT(f.rc, -1);
	CHECK_CONTAINS(f.r.text, "`help`");
	CHECK_LACKS(f.r.text, "Commands (");
	CHECK(strchr(f.r.text, '\n') == f.r.text + strlen(f.r.text) - 1);	/* one line */
	fx_dm(&f, "john", "funel");
	CHECK_CONTAINS(f.r.text, "`funnel`");
	fx_dm(&f, "john", "pipline");
	CHECK_CONTAINS(f.r.text, "`pipeline`");
	fx_close(&f);
}

int
main(void)
{
	RUN(test_corpus);
	RUN(test_questions_keep_permissions);
	RUN(test_not_understood);
	return test_summary();
}
