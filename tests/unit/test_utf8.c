/*
 * Text in any script: the UTF-8 helpers, and a property test through the dispatcher -- for
 * random names and accounts in Cyrillic, CJK, emoji (4-byte) and combining accents, every
 * reply of every verb is valid UTF-8 (text and blocks), and the columns of every table line
 * up on screen.
 */
#include "commands/buf.h"
#include "commands/utf8.h"
#include "tests/unit/cmdtest.h"

static struct fixture f;

static void
test_helpers(void)
{
	char small[8], s[] = "ab\xC3(\xE2\x82";

	CHECK(utf8_valid("Анна Каренина", strlen("Анна Каренина")));
	CHECK(!utf8_valid("A\xC3", 2));
	CHECK(!utf8_valid("\xED\xA0\x80", 3));		/* a surrogate */
	CHECK_INT(utf8_repair(s, strlen(s)), 3);
	CHECK_STR(s, "ab?(??");
	/* "é" is two bytes: a cut at 24 keeps 23 A's, never half of it. */
	CHECK_INT(utf8_cut("AAAAAAAAAAAAAAAAAAAAAAA\xC3\xA9", 25, 24), 23);
	CHECK(!utf8_copy(small, sizeof(small), "😀😀"));	/* 8 bytes into 7 */
	CHECK_STR(small, "😀");
	CHECK_INT(utf8_whole("a\xF0\x9F\x98", 4), 1);
	CHECK_INT(utf8_whole("a\xF0\x9F\x98\x80", 5), 5);
	CHECK_INT(utf8_width("Анна", strlen("Анна")), 4);
	CHECK_INT(utf8_width("東京", strlen("東京")), 4);
	CHECK_INT(utf8_width("😀", strlen("😀")), 2);
	CHECK_INT(utf8_width("e\xCC\x81", 3), 1);		/* e + combining acute */
	CHECK_INT(utf8_width("–", strlen("–")), 1);
}

/* What people see as one character is measured and cut as one. */
static void
test_clusters(void)
{
	static const char *const one[] = {
		"👍🏽",				/* skin tone */
		"❤️",				/* heart + VS16: emoji presentation */
		"👨‍👩‍👧",			/* a family: ZWJ sequence */
		"🏳️‍🌈",			/* VS16 and ZWJ */
		"🇫🇷",				/* two regional indicators: a flag */
		"1️⃣",				/* keycap */
		"🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",	/* tags */
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		size_t n = strlen(one[i]);
		int w;
		CHECK_INT(utf8_width(one[i], n), 2);
		snprintf(buf, sizeof(buf), "%sx", one[i]);
		CHECK_INT(utf8_fit(buf, n + 1, 2, &w), n);	/* whole, never part of it */
		CHECK_INT(utf8_fit(buf, n + 1, 1, &w), 0);
		snprintf(buf, sizeof(buf), "ab%s", one[i]);
		CHECK_INT(utf8_cut(buf, n + 2, n + 1), 2);	/* cut before it */
	}
	CHECK_INT(utf8_width("🇫🇷🇩🇪", strlen("🇫🇷🇩🇪")), 4);
	CHECK_INT(utf8_cut("🇫🇷🇩🇪", 16, 12), 8);		/* never 🇫🇷🇩 */
	CHECK_INT(utf8_width("\xF0\x9F\x87\xAB", 4), 1);	/* a lone indicator: a letter */
	CHECK_INT(utf8_width("ȩ́", strlen("ȩ́")), 1);	/* e + cedilla + acute */
	CHECK_INT(utf8_width("Zoë👍🏽Ли", strlen("Zoë👍🏽Ли")), 7);
	CHECK_INT(utf8_width("\xF0\x9F\xAB\xA9", 4), 2);	/* U+1FAE9, newer than GLib */
	/* One cluster longer than the room: cut between its code points, still valid. */
	CHECK_INT(utf8_cut("👨‍👩‍👧", strlen("👨‍👩‍👧"), 6), 4);
}

/* A seeded generator, so a failure replays. */
static unsigned long long seed = 0x2545F4914F6CDD1DULL;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

static void
put_cp(struct buf *b, unsigned cp)
{
	char u[4];
	int n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_add(b, u, (size_t)n);
}

/*
 * A name of 1 to max code points from one of the scripts people write names in, emoji with
 * skin tones, ZWJ sequences, VS16 and flags among them.
 */
static char *
random_name(int max)
{
	struct buf b = { 0 };
	unsigned cp[3];
	int n = 1 + (int)rnd((unsigned)max), script = (int)rnd(5), used = 0, k;

	while (used < n) {
		k = 1;
		switch (script) {
		case 0:
			cp[0] = 0x410 + rnd(0x40);		/* Cyrillic */
			break;
		case 1:
			cp[0] = 0x4E00 + rnd(0x5000);		/* CJK */
			break;
		case 2:
			cp[0] = 0x1F600 + rnd(0x50);		/* emoji, 4 bytes ... */
			switch (rnd(5)) {
			case 0:
				cp[k++] = 0x1F3FB + rnd(5);	/* ... with a skin tone */
				break;
			case 1:
				cp[k++] = 0x200D;		/* ... joined to a laptop */
				cp[k++] = 0x1F4BB;
				break;
			case 2:
				cp[0] = 0x2764;			/* a heart with VS16 */
				cp[k++] = 0xFE0F;
				break;
			case 3:
				cp[0] = 0x1F1E6 + rnd(26);	/* a flag */
				cp[k++] = 0x1F1E6 + rnd(26);
				break;
			}
			break;
		case 3:
			cp[0] = 'a' + rnd(26);			/* Latin + combining accent */
			cp[k++] = 0x300 + rnd(0x10);
			break;
		default:
			cp[0] = (unsigned char)"AEIOU "[rnd(6)];	/* mixed */
			if (rnd(2) == 0)
				cp[0] = 0x1F300 + rnd(0x100);
			else if (rnd(3) == 0)
				cp[0] = 0xE9;			/* é */
			break;
		}
		if (used + k > n)
			break;
		for (int j = 0; j < k; j++)
			put_cp(&b, cp[j]);
		used += k;
	}
	if (used == 0)
		put_cp(&b, 'Z');
	return buf_take(&b);
}

static const char *
run_as(const char *user, const char *display, const char *text)
{
	struct request req = { .surface = SURFACE_DM, .user_id = user, .display_name = display,
		.text = text, .len = strlen(text), .now = f.now, .today = f.today };
	char uname[16];

	snprintf(uname, sizeof(uname), "h%s", user);
	req.username = uname;
	reply_free(&f.r);
	f.rc = commands_run(f.c, &req, &f.r);
	return f.r.text;
}

/*
 * The display column where each row's field at header column col starts: the row has a space
 * just before it and not at it -- the field lines up with the header's.
 */
static bool
aligned_at(const char *row, size_t len, int col)
{
	int w;
	size_t k = utf8_fit(row, len, col, &w);

	if (w != col || k >= len)
		return false;
	return row[k] != ' ' && k > 0 && row[k - 1] == ' ';
}

/* Every line after the one holding `header` (where label `last` starts the checked column,
 * unless col > 0 gives it) up to one starting with `stop` lines up at that column. */
static void
check_table(const char *text, const char *header, const char *last, const char *stop, int col)
{
	const char *h = strstr(text, header), *p;
	int rows = 0;

	if (h == NULL)
		fprintf(stderr, "  no \"%s\" in: %s\n", header, text);
	CHECK(h != NULL);
	if (h == NULL)
		return;
	if (col <= 0)
		col = utf8_width(h, (size_t)(strstr(h, last) - h));
	for (p = strchr(h, '\n') + 1; *p && strncmp(p, stop, strlen(stop)) != 0;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (!aligned_at(p, len, col)) {
			fprintf(stderr, "  not aligned at column %d: \"%.*s\"\n", col, (int)len, p);
			CHECK(aligned_at(p, len, col));
		}
		rows++;
		p += len + (e != NULL);
	}
	CHECK(rows > 0);
}

static int repaired;	/* replies the last line of defence had to repair */

static void
count_repair(const char *msg)
{
	(void)msg;
	repaired++;
}

/* The reply is valid UTF-8, and was before the last line of defence looked at it. */
static void
check_reply(const char *what)
{
	bool ok = f.r.text && utf8_valid(f.r.text, strlen(f.r.text)) &&
	    (f.r.blocks == NULL || utf8_valid(f.r.blocks, strlen(f.r.blocks)));

	if (!ok || repaired)
		fprintf(stderr, "  \"%s\": a reply that was not UTF-8\n", what);
	CHECK(ok);
	CHECK_INT(repaired, 0);
	repaired = 0;
}

static void
open_checked(void)
{
	fx_open(&f);
	f.cfg.warn = count_repair;
	repaired = 0;
}

/* Long names in mentions and @words, a direction control in a display name, a header cut. */
static void
test_names_at_the_edges(void)
{
	struct buf b = { 0 };
	struct person p;
	char *yama;

	open_checked();
	for (int i = 0; i < 60; i++)
		buf_puts(&b, "山");
	yama = buf_take(&b);
	buf_printf(&b, "funnel @%s", yama);
	run_as("UADMIN", "Admin", buf_str(&b));
	check_reply(buf_str(&b));
	buf_free(&b);
	buf_printf(&b, "funnel <@U99|%s>", yama);
	run_as("UADMIN", "Admin", buf_str(&b));
	check_reply(buf_str(&b));
	CHECK_INT(store_person_by_platform(f.st, "U99", &p), STORE_OK);
	CHECK_STR(p.username, yama);		/* stored whole */
	buf_free(&b);
	run_as("U7", "a\xE2\x80\xAE" "b evil", "log call Acme");
	CHECK_INT(store_person_by_platform(f.st, "U7", &p), STORE_OK);
	CHECK_STR(p.display_name, "ab evil");
	/* A name with a bad byte from the workspace is stored valid. */
	CHECK_INT(store_person_ensure(f.st, "U6", "bad\xffname", "caf\xc3", NULL, false, f.now,
	    &p), STORE_OK);
	CHECK_STR(p.username, "bad?name");
	CHECK(utf8_valid(p.display_name, strlen(p.display_name)));
	/* A title longer than a Block Kit header: cut between characters, with "…". */
	for (int i = 0; i < 133; i++)	/* "Insights for " + 133: the family straddles 150 */
		buf_puts(&b, "é");
	buf_puts(&b, "👨‍👩‍👧‍👦x");
	run_as("U8", buf_str(&b), "insights");
	check_reply("insights");
	CHECK(f.r.blocks != NULL);
	CHECK(f.r.blocks && strstr(f.r.blocks, "é…\"") != NULL);
	buf_free(&b);
	free(yama);
	fx_close(&f);
}

static void
test_random_names(void)
{
	static const char *const verbs[] = { "funnel", "insights", "pipeline", "nudge preview",
		"export" };

	for (int round = 0; round < 6; round++) {
		char *names[7];
		char line[1024], user[8];

		open_checked();
		run_as("UADMIN", "Admin", "help");
		for (int i = 0; i < 7; i++) {
			char *acct = random_name(round % 2 ? 49 : 30);	/* 98 code points */
			names[i] = random_name(round % 2 ? 80 : 12);
			snprintf(user, sizeof(user), "U%d", i);
			for (int k = 0; k < 3; k++) {
				snprintf(line, sizeof(line), "log lead \"%s%d\" 1%dk", acct, k, i);
				run_as(user, names[i], line);
				check_reply(line);
				if (f.rc != 0)
					fprintf(stderr, "  \"%s\": %s", line, f.r.text);
				CHECK_INT(f.rc, 0);
				snprintf(line, sizeof(line), "log call \"%s%d\"", acct, k);
				run_as(user, names[i], line);
				check_reply(line);
			}
			snprintf(line, sizeof(line), "log won \"%s0\"", acct);
			run_as(user, names[i], line);
			check_reply(line);
			free(acct);
		}
		for (int i = 0; i < 6; i++) {
			snprintf(line, sizeof(line), "manager @hU%d @hU6", i);
			run_as("UADMIN", "Admin", line);
			CHECK_INT(f.rc, 0);
		}
		run_as("UADMIN", "Admin", "role @hU6 manager");
		CHECK_INT(f.rc, 0);
		for (int i = 0; i < 7; i++) {
			snprintf(user, sizeof(user), "U%d", i);
			for (size_t v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++) {
				run_as(user, names[i], verbs[v]);
				check_reply(verbs[v]);
				snprintf(line, sizeof(line), "%s @hU%d", verbs[v], i);
				run_as("UADMIN", "Admin", line);
				check_reply(line);
			}
			run_as(user, names[i], "pipeline");
			check_table(f.r.text, "pipeline", "", "Stalled", 33);	/* the stage */
		}
		run_as("UADMIN", "Admin", "team");
		check_reply("team");
		check_table(f.r.text, "rep ", "main finding", "Each rep", 0);
		run_as("UADMIN", "Admin", "insights team");
		check_reply("insights team");
		run_as("UADMIN", "Admin", "nudge preview @hU6");
		check_reply("digest");
		check_table(f.r.text, "rep ", "main finding", "*Agenda", 0);
		run_as("UADMIN", "Admin", "funnel @hU0");
		check_table(f.r.text, "                         ", "team median", "Funnel of", 0);
		for (int i = 0; i < 7; i++)
			free(names[i]);
		fx_close(&f);
	}
}

int
main(void)
{
	RUN(test_helpers);
	RUN(test_clusters);
	RUN(test_names_at_the_edges);
	RUN(test_random_names);
	return test_summary();
}
