/*
 * bot/schedule.c: the weekly prompt's local hour across daylight-saving changes in four zones,
 * holidays, away weeks, a schedule changed mid-week, the catch-up window and the next instant.
 * `now` is always passed in. Expected instants were computed independently with python3's
 * zoneinfo, e.g.
 *   int(datetime(2026,3,30,9,0,tzinfo=ZoneInfo("Europe/London")).timestamp())
 * (fold=0, the earlier instant, for overlaps), and checked with `date -u -d @N`.
 */
#include <glib.h>
#include <pthread.h>
#include <stdio.h>

#include "bot/schedule.h"
#include "insights/calendar.h"
#include "tests/test.h"

#define H	3600
#define MON	0
#define THU	3
#define FRI	4
#define SUN	6

static char err[256];

static struct sched_settings
settings(int day, int minute, const int *holidays, int nholidays)
{
	struct sched_settings s = { day, minute, holidays, nholidays, "UTC" };

	return s;
}

static struct sched_person
person(const char *tz)
{
	struct sched_person p = { tz, SCHED_NOT_AWAY, true };

	return p;
}

static int
day_of(int y, int m, int d)
{
	return cal_day(y, m, d);
}

static int64_t
next_of(const struct sched_settings *s, const struct sched_person *p, int64_t now)
{
	int64_t next = 0;

	if (sched_next(s, p, now, &next, err, sizeof(err)) != 0)
		return -1;
	return next;
}

/*
 * Monday 09:00 local on the Mondays either side of each daylight-saving change of 2026
 * (London 29 Mar / 25 Oct, New York 8 Mar / 1 Nov, Sydney 5 Apr / 4 Oct; Kolkata has none,
 * +05:30 all year). `next` is the Monday after, so each row also crosses the change.
 */
static const struct {
	const char	*tz;
	int		 y, m, d;	/* the Monday */
	int64_t		 due;		/* 09:00 local there */
	const char	*week;
	int64_t		 next;		/* 09:00 local a week later */
} dst_rows[] = {
	{ "Europe/London", 2026, 3, 23, 1774256400, "2026-W13", 1774857600 },	/* 09:00Z -> 08:00Z */
	{ "Europe/London", 2026, 3, 30, 1774857600, "2026-W14", 1775462400 },	/* 08:00Z BST */
	{ "Europe/London", 2026, 10, 19, 1792396800, "2026-W43", 1793005200 },	/* 08:00Z -> 09:00Z */
	{ "Europe/London", 2026, 10, 26, 1793005200, "2026-W44", 1793610000 },	/* 09:00Z GMT */
	{ "America/New_York", 2026, 3, 2, 1772460000, "2026-W10", 1773061200 },	/* 14:00Z -> 13:00Z */
	{ "America/New_York", 2026, 3, 9, 1773061200, "2026-W11", 1773666000 },	/* 13:00Z EDT */
	{ "America/New_York", 2026, 10, 26, 1793019600, "2026-W44", 1793628000 }, /* 13:00Z -> 14:00Z */
	{ "America/New_York", 2026, 11, 2, 1793628000, "2026-W45", 1794232800 },	/* 14:00Z EST */
	{ "Asia/Kolkata", 2026, 3, 23, 1774236600, "2026-W13", 1774841400 },	/* 03:30Z always */
	{ "Asia/Kolkata", 2026, 3, 30, 1774841400, "2026-W14", 1775446200 },
	{ "Asia/Kolkata", 2026, 10, 26, 1792985400, "2026-W44", 1793590200 },
	{ "Asia/Kolkata", 2026, 11, 2, 1793590200, "2026-W45", 1794195000 },
	{ "Australia/Sydney", 2026, 3, 30, 1774821600, "2026-W14", 1775430000 }, /* Sun 22:00Z -> 23:00Z */
	{ "Australia/Sydney", 2026, 4, 6, 1775430000, "2026-W15", 1776034800 },	/* Sun 23:00Z AEST */
	{ "Australia/Sydney", 2026, 9, 28, 1790550000, "2026-W40", 1791151200 }, /* Sun 23:00Z -> 22:00Z */
	{ "Australia/Sydney", 2026, 10, 5, 1791151200, "2026-W41", 1791756000 }, /* Sun 22:00Z AEDT */
};

static void
test_dst_four_zones(void)
{
	struct sched_settings s = settings(MON, 9 * 60, NULL, 0);
	struct sched_slot slot;

	for (size_t i = 0; i < sizeof(dst_rows) / sizeof(dst_rows[0]); i++) {
		struct sched_person p = person(dst_rows[i].tz);
		int64_t due = dst_rows[i].due;

		CHECK_INT(sched_slot_for_week(&s, &p, due, 0, &slot, err, sizeof(err)), 0);
		CHECK_STR(err, "");
		CHECK_INT(slot.due, due);
		CHECK_STR(slot.week, dst_rows[i].week);
		CHECK_INT(slot.local_day, day_of(dst_rows[i].y, dst_rows[i].m, dst_rows[i].d));
		CHECK_INT(slot.scheduled_day, slot.local_day);
		CHECK(!slot.away && !slot.superseded);

		/* Due from its instant, not a second before. */
		CHECK_INT(sched_due(&s, &p, due, &slot, err, sizeof(err)), 1);
		CHECK_INT(slot.due, due);
		CHECK_STR(slot.week, dst_rows[i].week);
		CHECK_INT(sched_due(&s, &p, due - 1, &slot, err, sizeof(err)), 0);
		CHECK_STR(slot.week, "");

		/* The timer: an hour before, then from the instant itself to next week's. */
		CHECK_INT(next_of(&s, &p, due - H), due);
		CHECK_INT(next_of(&s, &p, due - 1), due);
		CHECK_INT(next_of(&s, &p, due), dst_rows[i].next);
		CHECK_INT(sched_slot_for_week(&s, &p, due, 1, &slot, err, sizeof(err)), 0);
		CHECK_INT(slot.due, dst_rows[i].next);
	}
}

/*
 * A prompt time inside the change itself: the first instant the local clock reads it or later.
 * Sundays 2026: London 01:30 does not exist on 29 Mar (-> 02:00 BST = 01:00Z) and happens twice
 * on 25 Oct (-> 00:30Z BST, the earlier); New York 02:30 on 8 Mar (-> 03:00 EDT = 07:00Z) and
 * 01:30 on 1 Nov (-> 05:30Z EDT); Sydney 02:30 on 4 Oct (-> 03:00 AEDT) and 5 Apr (-> AEDT).
 */
static void
test_dst_gap_and_overlap(void)
{
	static const struct {
		const char *tz;
		int y, m, d, minute;
		int64_t due;
	} rows[] = {
		{ "Europe/London", 2026, 3, 29, 90, 1774746000 },	/* gap: 2026-03-29T01:00Z */
		{ "Europe/London", 2026, 10, 25, 90, 1792888200 },	/* overlap: T00:30Z, not 01:30Z */
		{ "America/New_York", 2026, 3, 8, 150, 1772953200 },	/* gap: 2026-03-08T07:00Z */
		{ "America/New_York", 2026, 11, 1, 90, 1793511000 },	/* overlap: T05:30Z, not 06:30Z */
		{ "Australia/Sydney", 2026, 10, 4, 150, 1791043200 },	/* gap: 2026-10-03T16:00Z */
		{ "Australia/Sydney", 2026, 4, 5, 150, 1775316600 },	/* overlap: 04-04T15:30Z */
	};
	struct sched_slot slot;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sched_settings s = settings(SUN, rows[i].minute, NULL, 0);
		struct sched_person p = person(rows[i].tz);

		CHECK_INT(sched_slot_for_week(&s, &p, rows[i].due, 0, &slot, err, sizeof(err)), 0);
		CHECK_INT(slot.due, rows[i].due);
		CHECK_INT(slot.local_day, day_of(rows[i].y, rows[i].m, rows[i].d));
		/* Due once, at that instant: the later repeat of the overlap is the same prompt. */
		CHECK_INT(next_of(&s, &p, rows[i].due - 1), rows[i].due);
		CHECK_INT(sched_due(&s, &p, rows[i].due + H, &slot, err, sizeof(err)), 1);
		CHECK_INT(slot.due, rows[i].due);
	}
}

/* The week is the person's own: at 2026-03-29T20:00Z it is Monday 01:30 in Kolkata (W14) and
 * still Sunday 21:00 in London (W13). */
static void
test_local_week(void)
{
	struct sched_settings s = settings(MON, 9 * 60, NULL, 0);
	struct sched_person kol = person("Asia/Kolkata"), lon = person("Europe/London");
	struct sched_slot slot;
	int64_t t = 1774814400;		/* date -u -d '2026-03-29 20:00' +%s */

	CHECK_INT(sched_slot_for_week(&s, &kol, t, 0, &slot, err, sizeof(err)), 0);
	CHECK_STR(slot.week, "2026-W14");
	CHECK_INT(slot.due, 1774841400);		/* 2026-03-30T03:30Z */
	CHECK_INT(sched_slot_for_week(&s, &lon, t, 0, &slot, err, sizeof(err)), 0);
	CHECK_STR(slot.week, "2026-W13");
	CHECK_INT(slot.due, 1774256400);		/* 2026-03-23T09:00Z */
	CHECK_INT(sched_slot_for_week(&s, &lon, t, -1, &slot, err, sizeof(err)), 0);
	CHECK_STR(slot.week, "2026-W12");
}

/* Early May bank holiday, Monday 2026-05-04: the prompt goes Tuesday 09:00 BST, key W19. */
static void
test_holiday_on_prompt_day(void)
{
	int hol[] = { day_of(2026, 5, 4) };
	struct sched_settings s = settings(MON, 9 * 60, hol, 1);
	struct sched_person p = person("Europe/London");
	struct sched_slot slot;
	int64_t mon = 1777881600, tue = 1777968000;	/* 2026-05-04/05T08:00Z */

	CHECK_INT(sched_due(&s, &p, mon, &slot, err, sizeof(err)), 0);
	CHECK_INT(sched_due(&s, &p, mon + 6 * H, &slot, err, sizeof(err)), 0);
	CHECK_INT(next_of(&s, &p, mon - H), tue);
	CHECK_INT(sched_due(&s, &p, tue, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W19");
	CHECK_INT(slot.due, tue);
	CHECK_INT(slot.scheduled_day, day_of(2026, 5, 4));
	CHECK_INT(slot.local_day, day_of(2026, 5, 5));

	/* Without the holiday it is Monday's. */
	s.nholidays = 0;
	CHECK_INT(sched_due(&s, &p, mon, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W19");
}

/* Holidays are dates in each person's own calendar: Sydney's Monday 2026-05-11 09:00 AEST is
 * 2026-05-10T23:00Z; the holiday moves it to Tuesday 09:00 AEST = 05-11T23:00Z. */
static void
test_holiday_own_calendar(void)
{
	int hol[] = { day_of(2026, 5, 11) };
	struct sched_settings s = settings(MON, 9 * 60, hol, 1);
	struct sched_person syd = person("Australia/Sydney"), ny = person("America/New_York");
	struct sched_slot slot;

	CHECK_INT(next_of(&s, &syd, 1778454000 - H), 1778540400);
	CHECK_INT(sched_due(&s, &syd, 1778454000, &slot, err, sizeof(err)), 0);
	CHECK_INT(sched_due(&s, &syd, 1778540400, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W20");
	/* New York's Tuesday 09:00 EDT = 05-12T13:00Z: 1778504400 + 24 h. */
	CHECK_INT(next_of(&s, &ny, 1778454000), 1778504400 + 24 * H);
}

/* Friday prompts; Good Friday 2026-04-03 moves W14's to Monday 04-06 (in W15), still keyed W14
 * and due then; with Easter Monday a holiday too, to Tuesday 04-07. W15's own is Friday 04-10. */
static void
test_holiday_friday_into_next_week(void)
{
	int hol[] = { day_of(2026, 4, 6), day_of(2026, 4, 3) };	/* any order */
	struct sched_settings s = settings(FRI, 9 * 60, hol + 1, 1);
	struct sched_person p = person("Europe/London");
	struct sched_slot slot;
	int64_t fri = 1775203200, mon = 1775462400, tue = 1775548800, fri2 = 1775808000;

	CHECK_INT(sched_due(&s, &p, fri, &slot, err, sizeof(err)), 0);
	CHECK_INT(next_of(&s, &p, fri - H), mon);
	CHECK_INT(sched_due(&s, &p, mon, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W14");
	CHECK_INT(slot.scheduled_day, day_of(2026, 4, 3));
	CHECK_INT(slot.local_day, day_of(2026, 4, 6));
	CHECK_INT(slot.due, mon);
	CHECK_INT(next_of(&s, &p, mon), fri2);
	CHECK_INT(sched_due(&s, &p, fri2, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W15");

	/* Seen from inside W15, last week's slot is the moved one. */
	CHECK_INT(sched_slot_for_week(&s, &p, mon, -1, &slot, err, sizeof(err)), 0);
	CHECK_STR(slot.week, "2026-W14");
	CHECK_INT(slot.due, mon);

	s.holidays = hol;
	s.nholidays = 2;
	CHECK_INT(sched_due(&s, &p, mon, &slot, err, sizeof(err)), 0);
	CHECK_INT(next_of(&s, &p, fri - H), tue);
	CHECK_INT(sched_due(&s, &p, tue + 11 * H, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W14");
	CHECK_INT(slot.due, tue);
}

/*
 * Christmas: Friday prompts, holidays Fri 2026-12-25 and the whole next week. W52's prompt and
 * W53's (Fri 2027-01-01; 2026 has 53 ISO weeks) both land on Monday 2027-01-04: one prompt,
 * keyed 2026-W53; W52's is superseded and never due.
 */
static void
test_holiday_superseded(void)
{
	int hol[6];
	struct sched_settings s;
	struct sched_person p = person("Europe/London");
	struct sched_slot slot;
	int64_t fri = 1798189200, mon = 1799053200, fri2 = 1799398800;	/* 09:00Z, GMT */

	hol[0] = day_of(2026, 12, 25);
	for (int i = 1; i < 6; i++)
		hol[i] = day_of(2026, 12, 27 + i);	/* Mon 28 Dec ... Fri 1 Jan */
	s = settings(FRI, 9 * 60, hol, 6);

	CHECK_INT(sched_slot_for_week(&s, &p, fri, 0, &slot, err, sizeof(err)), 0);
	CHECK_STR(slot.week, "2026-W52");
	CHECK_INT(slot.local_day, day_of(2027, 1, 4));
	CHECK(slot.superseded);
	CHECK_INT(sched_slot_for_week(&s, &p, fri, 1, &slot, err, sizeof(err)), 0);
	CHECK_STR(slot.week, "2026-W53");
	CHECK_INT(slot.due, mon);
	CHECK(!slot.superseded);

	CHECK_INT(next_of(&s, &p, fri - H), mon);
	CHECK_INT(sched_due(&s, &p, mon, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W53");
	CHECK_INT(next_of(&s, &p, mon), fri2);
	CHECK_INT(sched_due(&s, &p, fri2, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2027-W01");
}

/* Away until Sunday 2026-05-17: W20's Monday prompt (05-11) is skipped, W21's (05-18) is due.
 * Inclusive: away until Monday 05-11 skips it too; until Sunday 05-10 does not. */
static void
test_away(void)
{
	struct sched_settings s = settings(MON, 9 * 60, NULL, 0);
	struct sched_person p = person("Europe/London");
	struct sched_slot slot;
	int64_t mon = 1778486400, mon2 = 1779091200;	/* 2026-05-11/18T08:00Z */

	p.away_until = day_of(2026, 5, 17);
	CHECK_INT(sched_due(&s, &p, mon, &slot, err, sizeof(err)), 0);
	CHECK(slot.away);
	CHECK_STR(slot.week, "2026-W20");
	CHECK_INT(next_of(&s, &p, mon - H), mon2);
	CHECK_INT(sched_due(&s, &p, mon2, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W21");
	CHECK(!slot.away);

	p.away_until = day_of(2026, 5, 11);
	CHECK_INT(sched_due(&s, &p, mon, &slot, err, sizeof(err)), 0);
	CHECK(slot.away);
	p.away_until = day_of(2026, 5, 10);
	CHECK_INT(sched_due(&s, &p, mon, &slot, err, sizeof(err)), 1);

	/* Away for a month: nothing within the horizon. */
	p.away_until = day_of(2026, 6, 14);
	CHECK_INT(next_of(&s, &p, mon - H), SCHED_NONE);

	/* Inactive: never due, nothing next. */
	p.away_until = SCHED_NOT_AWAY;
	p.active = false;
	CHECK_INT(sched_due(&s, &p, mon, &slot, err, sizeof(err)), 0);
	CHECK(!slot.away);
	CHECK_INT(next_of(&s, &p, mon - H), SCHED_NONE);
}

/* Monday -> Thursday, changed on Tuesday 2026-05-12 10:00 BST before W20's prompt went: it is
 * due Thursday 05-14 09:00 BST under the same key (so one sent on Monday is not sent again). */
static void
test_schedule_changed_midweek(void)
{
	struct sched_settings s = settings(MON, 9 * 60, NULL, 0);
	struct sched_person p = person("Europe/London");
	struct sched_slot slot;
	int64_t tue = 1778576400, thu = 1778745600;

	CHECK_INT(next_of(&s, &p, tue), 1779091200);	/* Monday 05-18 */
	s.day = THU;
	CHECK_INT(sched_due(&s, &p, tue, &slot, err, sizeof(err)), 0);
	CHECK_INT(next_of(&s, &p, tue), thu);
	CHECK_INT(sched_due(&s, &p, thu, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W20");
	CHECK_INT(slot.local_day, day_of(2026, 5, 14));
}

/* Due at 09:00 BST Monday 2026-05-11 (08:00Z): still at 20:59 and 21:00, not at 21:01. */
static void
test_catch_up_window(void)
{
	struct sched_settings s = settings(MON, 9 * 60, NULL, 0);
	struct sched_person p = person("Europe/London");
	struct sched_slot slot;
	int64_t due = 1778486400;

	CHECK_INT(sched_due(&s, &p, due - 60, &slot, err, sizeof(err)), 0);
	CHECK_INT(sched_due(&s, &p, 1778529540, &slot, err, sizeof(err)), 1);	/* 20:59 BST */
	CHECK_INT(slot.due, due);
	CHECK_INT(sched_due(&s, &p, 1778529600, &slot, err, sizeof(err)), 1);	/* 21:00 */
	CHECK_INT(sched_due(&s, &p, 1778529660, &slot, err, sizeof(err)), 0);	/* 21:01 */
	CHECK_INT(sched_due(&s, &p, due + SCHED_CATCHUP, &slot, err, sizeof(err)), 1);
	CHECK_INT(sched_due(&s, &p, due + SCHED_CATCHUP + 1, &slot, err, sizeof(err)), 0);

	/* Across the week boundary: Sunday 20:00 prompts, caught up at Monday 03:00 (W20). */
	s.day = SUN;
	s.minute = 20 * 60;
	/* Sunday 2026-05-10 20:00 BST = 19:00Z = 1778439600; Monday 03:00 BST = +7 h. */
	CHECK_INT(sched_due(&s, &p, 1778439600 + 7 * H, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W19");
	CHECK_INT(slot.due, 1778439600);
}

/* The same `now`, 2026-05-11T08:00Z (09:00 in London): due in London, not yet in New York
 * (13:00Z); Kolkata's 03:30Z and Sydney's 05-10T23:00Z are within the catch-up window. */
static void
test_other_zone_not_yet(void)
{
	struct sched_settings s = settings(MON, 9 * 60, NULL, 0);
	struct sched_person lon = person("Europe/London"), ny = person("America/New_York");
	struct sched_person kol = person("Asia/Kolkata"), syd = person("Australia/Sydney");
	struct sched_slot slot;
	int64_t now = 1778486400;

	CHECK_INT(sched_due(&s, &lon, now, &slot, err, sizeof(err)), 1);
	CHECK_INT(sched_due(&s, &ny, now, &slot, err, sizeof(err)), 0);
	CHECK_INT(next_of(&s, &ny, now), 1778504400);
	CHECK_INT(sched_due(&s, &ny, 1778504400, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "2026-W20");
	CHECK_INT(sched_due(&s, &kol, now, &slot, err, sizeof(err)), 1);
	CHECK_INT(slot.due, 1778470200);
	CHECK_INT(sched_due(&s, &syd, now, &slot, err, sizeof(err)), 1);
	CHECK_INT(slot.due, 1778454000);
	CHECK_INT(next_of(&s, &syd, now), 1779058800);	/* 05-17T23:00Z */
}

/* Unknown, empty or ill-shaped zones fall back to the workspace's; an unknown workspace zone
 * to UTC, with a note. GLib criticals are fatal in this binary (main), so "leapseconds" and
 * "../" never reach GLib's TZif reader. */
static void
test_zone_fallbacks(void)
{
	static const char *const bad[] = {
		NULL, "", "Mars/Base", "leapseconds", "../../etc/passwd", "Europe", "zone.tab",
		"Europe/London/../London", "Etc//UTC",
		"America/Argentina/ComodRivadaviaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	struct sched_settings s = settings(MON, 9 * 60, NULL, 0);
	struct sched_person p;
	struct sched_slot slot;

	s.default_tz = "America/New_York";
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = person(bad[i]);
		CHECK_INT(sched_slot_for_week(&s, &p, 1778486400, 0, &slot, err, sizeof(err)), 0);
		CHECK_STR(err, "");
		CHECK_INT(slot.due, 1778504400);	/* New York's 09:00 */
	}
	p = person("Asia/Calcutta");			/* a backward-compatible link */
	CHECK_INT(sched_slot_for_week(&s, &p, 1778486400, 0, &slot, err, sizeof(err)), 0);
	CHECK_INT(slot.due, 1778470200);

	s.default_tz = "Nowhere/Land";
	p = person("");
	CHECK_INT(sched_slot_for_week(&s, &p, 1778486400, 0, &slot, err, sizeof(err)), 0);
	CHECK_CONTAINS(err, "Nowhere/Land");
	CHECK_INT(slot.due, 1778490000);		/* 2026-05-11T09:00Z */
	CHECK_INT(sched_due(&s, &p, 1778490000, &slot, err, sizeof(err)), 1);
	CHECK_CONTAINS(err, "using UTC");
	p = person("Europe/London");			/* the default is not needed */
	CHECK_INT(sched_due(&s, &p, 1778486400, &slot, err, sizeof(err)), 1);
	CHECK_STR(err, "");
	s.default_tz = NULL;
	p = person(NULL);
	CHECK_INT(sched_slot_for_week(&s, &p, 1778486400, 0, &slot, err, sizeof(err)), 0);
	CHECK_INT(slot.due, 1778490000);
}

static void
test_bad_arguments(void)
{
	struct sched_settings s = settings(MON, 9 * 60, NULL, 0);
	struct sched_person p = person("UTC");
	struct sched_slot slot;
	int64_t next = 0;
	int64_t tmax = (int64_t)cal_day(9000, 1, 1) * 86400;

	s.day = 7;
	CHECK_INT(sched_due(&s, &p, 1778486400, &slot, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "day 7");
	s.day = -1;
	CHECK_INT(sched_next(&s, &p, 1778486400, &next, err, sizeof(err)), -1);
	CHECK_INT(next, SCHED_NONE);
	s.day = MON;
	s.minute = 1440;
	CHECK_INT(sched_slot_for_week(&s, &p, 1778486400, 0, &slot, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "minute 1440");
	s.minute = 1439;
	s.nholidays = 2;
	CHECK_INT(sched_due(&s, &p, 1778486400, &slot, err, sizeof(err)), -1);
	s.nholidays = 0;
	CHECK_INT(sched_due(&s, &p, -1, &slot, err, sizeof(err)), -1);
	CHECK_INT(sched_due(&s, &p, tmax + 1, &slot, err, sizeof(err)), -1);
	CHECK_INT(sched_due(&s, &p, tmax, &slot, err, sizeof(err)), 0);
	CHECK_INT(sched_slot_for_week(&s, &p, 0, 5201, &slot, err, sizeof(err)), -1);
	CHECK_INT(sched_slot_for_week(&s, &p, 0, -5200, &slot, err, sizeof(err)), 0);

	/* A tiny err buffer is still a terminated string. */
	s.day = 9;
	CHECK_INT(sched_due(&s, &p, 0, &slot, err, 4), -1);
	CHECK_INT((int)strlen(err), 3);

	/* The earliest and latest minutes of the day, in UTC: 1970-01-01 is a Thursday. */
	s = settings(THU, 0, NULL, 0);
	CHECK_INT(sched_due(&s, &p, 0, &slot, err, sizeof(err)), 1);
	CHECK_STR(slot.week, "1970-W01");
	s.minute = 1439;
	CHECK_INT(next_of(&s, &p, 0), 1439 * 60);
}

/* The week key against GLib's ISO week for every weekday setting over 1995..2045 in UTC. */
static void
test_week_key_matches_glib(void)
{
	struct sched_person p = person("UTC");
	struct sched_slot slot;
	char want[16];

	for (int day = cal_day(1995, 1, 1); day < cal_day(2046, 1, 1); day++) {
		struct sched_settings s = settings(cal_weekday(day), 12 * 60, NULL, 0);
		GDateTime *dt = g_date_time_new_from_unix_utc((gint64)day * 86400);

		snprintf(want, sizeof(want), "%04d-W%02d", g_date_time_get_week_numbering_year(dt),
		    g_date_time_get_week_of_year(dt));
		g_date_time_unref(dt);
		if (sched_slot_for_week(&s, &p, (int64_t)day * 86400, 0, &slot, err,
		    sizeof(err)) != 0 || strcmp(slot.week, want) != 0 || slot.local_day != day) {
			CHECK_STR(slot.week, want);
			CHECK_INT(slot.local_day, day);
			break;
		}
	}
}

/* Several threads at once give the same answers (GLib's zone cache is shared and locked). */
static void *
thread_main(void *arg)
{
	struct sched_settings s = settings(MON, 9 * 60, NULL, 0);
	char terr[64];
	long bad = 0;

	(void)arg;
	for (int i = 0; i < 400; i++) {
		size_t r = (size_t)i % (sizeof(dst_rows) / sizeof(dst_rows[0]));
		struct sched_person p = person(dst_rows[r].tz);
		struct sched_slot slot;

		if (sched_due(&s, &p, dst_rows[r].due, &slot, terr, sizeof(terr)) != 1 ||
		    slot.due != dst_rows[r].due)
			bad++;
	}
	return (void *)bad;
}

static void
test_threads(void)
{
	pthread_t th[4];
	void *bad;

	for (int i = 0; i < 4; i++)
		CHECK_INT(pthread_create(&th[i], NULL, thread_main, NULL), 0);
	for (int i = 0; i < 4; i++) {
		CHECK_INT(pthread_join(th[i], &bad), 0);
		CHECK_INT((long)bad, 0);
	}
}

int
main(void)
{
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
	RUN(test_dst_four_zones);
	RUN(test_dst_gap_and_overlap);
	RUN(test_local_week);
	RUN(test_holiday_on_prompt_day);
	RUN(test_holiday_own_calendar);
	RUN(test_holiday_friday_into_next_week);
	RUN(test_holiday_superseded);
	RUN(test_away);
	RUN(test_schedule_changed_midweek);
	RUN(test_catch_up_window);
	RUN(test_other_zone_not_yet);
	RUN(test_zone_fallbacks);
	RUN(test_bad_arguments);
	RUN(test_week_key_matches_glib);
	RUN(test_threads);
	return test_summary();
}
