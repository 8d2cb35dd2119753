/*
 * The weekly prompt's calendar (see schedule.h): day numbers for dates, GLib's GTimeZone for the
 * offsets, nothing else. Called by bot/scheduler.c; never logs, never reads the clock.
 */
#include <assert.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "bot/schedule.h"
#include "insights/calendar.h"

#define DAY_SECS	86400

/* The range of t accepted: 1970-01-01 to 9000-01-01 UTC, far inside GLib's years 1..9999. */
#define T_MIN		0
#define T_MAX		((int64_t)2567655 * DAY_SECS)	/* cal_day(9000, 1, 1) */
#define OFFSET_MAX	5200				/* weeks, a century */

static int
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return (int)q;
}

/*
 * A zone by name, or NULL. Only names shaped like an IANA name or a POSIX TZ string reach GLib
 * (the same shape config.c accepts): GLib reads /usr/share/zoneinfo/<name>, and a name such as
 * "leapseconds" or "../x" would make it read a file that is no zone and log a critical.
 */
static GTimeZone *
zone_open(const char *name)
{
	size_t len;

	if (name == NULL)
		return NULL;
	len = strlen(name);
	if (len == 0 || len >= SCHED_TZ_MAX)
		return NULL;
	if (!((name[0] >= 'A' && name[0] <= 'Z') || name[0] == '+' || name[0] == '-' ||
	    name[0] == '<'))
		return NULL;
	if (strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-:.,<>")
	    != len || strstr(name, "..") != NULL || strstr(name, "//") != NULL)
		return NULL;
	return g_time_zone_new_identifier(name);
}

/* The person's zone, else the default, else UTC with a note in err. The caller unrefs it. */
static GTimeZone *
person_zone(const struct sched_settings *s, const struct sched_person *p, char *err,
    size_t errlen)
{
	GTimeZone *tz;

	if ((tz = zone_open(p->tz)) != NULL)
		return tz;
	if ((tz = zone_open(s->default_tz)) != NULL)
		return tz;
	snprintf(err, errlen, "unknown time zone \"%.*s\" for the workspace; using UTC",
	    SCHED_TZ_MAX, s->default_tz ? s->default_tz : "");
	return g_time_zone_new_utc();
}

/* Seconds east of UTC in tz at the instant t. */
static int64_t
offset_at(GTimeZone *tz, int64_t t)
{
	int i = g_time_zone_find_interval(tz, G_TIME_TYPE_UNIVERSAL, t);

	return i < 0 ? 0 : g_time_zone_get_offset(tz, i);
}

/* The day number of the local date at the instant t. */
static int
local_day(GTimeZone *tz, int64_t t)
{
	return floor_div(t + offset_at(tz, t), DAY_SECS);
}

/*
 * The first instant at which tz's clock reads `minute` on `day` or later (schedule.h). The
 * offsets a day either side stand for the one transition that may lie near: a candidate
 * instant is valid when the offset it assumed is the offset in force there. Two valid: an
 * overlap, take the earlier. None: a gap, take the instant of the transition, found by halving
 * between the two candidates (the wall clock passes the wanted time there).
 */
static int64_t
wall_to_unix(GTimeZone *tz, int day, int minute)
{
	int64_t local = (int64_t)day * DAY_SECS + (int64_t)minute * 60;
	int64_t before = offset_at(tz, local - DAY_SECS);
	int64_t after = offset_at(tz, local + DAY_SECS);
	int64_t ta = local - before, tb = local - after, lo, hi;
	bool va = offset_at(tz, ta) == before, vb = offset_at(tz, tb) == after;

	if (va && vb)
		return ta < tb ? ta : tb;
	if (va)
		return ta;
	if (vb)
		return tb;
	if (before >= after)		/* not a simple gap: more than one change nearby */
		return ta;
	/* Gap: offset `before` holds at tb, `after` at ta (> tb); find the first instant of
	 * `after`. */
	lo = tb;
	hi = ta;
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;

		if (offset_at(tz, mid) == before)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

static bool
is_holiday(const struct sched_settings *s, int day)
{
	for (int i = 0; i < s->nholidays; i++)
		if (s->holidays[i] == day)
			return true;
	return false;
}

/* The day a prompt scheduled on `day` goes out: itself, or after a holiday the next
 * Monday-Friday day that is not one. Ends: the holidays are finitely many. */
static int
moved_day(const struct sched_settings *s, int day)
{
	if (!is_holiday(s, day))
		return day;
	do
		day++;
	while (cal_weekday(day) >= 5 || is_holiday(s, day));
	return day;
}

/* The slot of the week whose Monday is `monday`. */
static void
slot_fill(const struct sched_settings *s, const struct sched_person *p, GTimeZone *tz,
    int monday, struct sched_slot *out)
{
	int scheduled = monday + s->day;

	memset(out, 0, sizeof(*out));
	cal_iso_week(scheduled, out->week);
	out->scheduled_day = scheduled;
	out->local_day = moved_day(s, scheduled);
	out->due = wall_to_unix(tz, out->local_day, s->minute);
	out->away = out->local_day <= p->away_until;
	out->superseded = moved_day(s, scheduled + 7) <= out->local_day;
}

static int
check_args(const struct sched_settings *s, int64_t t, int week_offset, char *err, size_t errlen)
{
	if (s->day < 0 || s->day > 6) {
		snprintf(err, errlen, "prompt day %d is out of range (0 = Monday ... 6 = Sunday)",
		    s->day);
		return -1;
	}
	if (s->minute < 0 || s->minute >= 24 * 60) {
		snprintf(err, errlen, "prompt minute %d is out of range (0..1439)", s->minute);
		return -1;
	}
	if (s->nholidays < 0 || (s->nholidays > 0 && s->holidays == NULL)) {
		snprintf(err, errlen, "holiday list of %d entries is not valid", s->nholidays);
		return -1;
	}
	if (t < T_MIN || t > T_MAX || week_offset < -OFFSET_MAX || week_offset > OFFSET_MAX) {
		snprintf(err, errlen, "time %lld (week offset %d) is outside 1970..9000",
		    (long long)t, week_offset);
		return -1;
	}
	return 0;
}

/* The Monday (day number) of the person's local week at t. */
static int
local_monday(GTimeZone *tz, int64_t t)
{
	int today = local_day(tz, t);

	return today - cal_weekday(today);
}

int
sched_slot_for_week(const struct sched_settings *s, const struct sched_person *p, int64_t t,
    int week_offset, struct sched_slot *out, char *err, size_t errlen)
{
	GTimeZone *tz;

	assert(s != NULL && p != NULL && out != NULL && err != NULL && errlen > 0);
	err[0] = '\0';
	if (check_args(s, t, week_offset, err, errlen) == -1)
		return -1;
	tz = person_zone(s, p, err, errlen);
	slot_fill(s, p, tz, local_monday(tz, t) + 7 * week_offset, out);
	g_time_zone_unref(tz);
	return 0;
}

int
sched_due(const struct sched_settings *s, const struct sched_person *p, int64_t now,
    struct sched_slot *out, char *err, size_t errlen)
{
	struct sched_slot slot, best;
	bool found = false;
	GTimeZone *tz;
	int monday;

	assert(s != NULL && p != NULL && out != NULL && err != NULL && errlen > 0);
	err[0] = '\0';
	memset(out, 0, sizeof(*out));
	if (check_args(s, now, 0, err, errlen) == -1)
		return -1;
	if (!p->active)
		return 0;
	tz = person_zone(s, p, err, errlen);
	monday = local_monday(tz, now);
	for (int k = -1; k <= 0; k++) {
		slot_fill(s, p, tz, monday + 7 * k, &slot);
		if (slot.superseded || slot.due > now || now - slot.due > SCHED_CATCHUP)
			continue;
		if (!found || slot.due > best.due)
			best = slot;
		found = true;
	}
	g_time_zone_unref(tz);
	if (!found)
		return 0;
	*out = best;
	return best.away ? 0 : 1;
}

int
sched_next(const struct sched_settings *s, const struct sched_person *p, int64_t now,
    int64_t *next, char *err, size_t errlen)
{
	struct sched_slot slot;
	GTimeZone *tz;
	int monday;

	assert(s != NULL && p != NULL && next != NULL && err != NULL && errlen > 0);
	err[0] = '\0';
	*next = SCHED_NONE;
	if (check_args(s, now, 0, err, errlen) == -1)
		return -1;
	if (!p->active)
		return 0;
	tz = person_zone(s, p, err, errlen);
	monday = local_monday(tz, now);
	for (int k = -1; k <= 2; k++) {
		slot_fill(s, p, tz, monday + 7 * k, &slot);
		if (!slot.superseded && !slot.away && slot.due > now && slot.due < *next)
			*next = slot.due;
	}
	g_time_zone_unref(tz);
	return 0;
}
