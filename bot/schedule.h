/*
 * The weekly prompt's calendar: which prompt a person is due now, and when the next one falls.
 * Pure: the settings, the person and `now` come in as arguments -- no store, no clock, no log.
 * bot/scheduler.c calls it on each tick and keeps "already sent" in the store, keyed by
 * (person, kind, week).
 *
 * The rules, all in the person's own time zone and calendar:
 *  - The prompt of an ISO week is scheduled on settings->day of that week at settings->minute.
 *  - A holiday moves it to the next Monday-Friday day that is not a holiday (so a Friday
 *    holiday carries it into next week); it keeps the week key of the day it was scheduled on.
 *  - A moved prompt that would go out on or after the day of the next week's prompt is
 *    superseded: only the newer one goes out (a long break gives one prompt, not a pile).
 *  - A prompt whose day is on or before away_until is skipped.
 *  - It is due from its instant for SCHED_CATCHUP seconds (catch-up after downtime).
 *  - Wall time to instant: the first instant at which the local clock reads the prompt time or
 *    later. In a spring-forward gap (01:30 on London's change day) that is the instant the
 *    clocks jump (02:00 BST); in a fall-back overlap it is the earlier of the two instants.
 *
 * Each function takes a caller's err buffer (errlen > 0), set to "" or a one-line message.
 * Thread-safe: nothing is cached here; each call looks its zone up through GLib's GTimeZone
 * (whose own cache is locked) and releases it before returning.
 */
#ifndef BOT_SCHEDULE_H
#define BOT_SCHEDULE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCHED_CATCHUP	(12 * 3600)	/* seconds a prompt stays due after its instant */
#define SCHED_NONE	INT64_MAX	/* sched_next: nothing due within the horizon */
#define SCHED_NOT_AWAY	INT_MIN		/* sched_person.away_until: not away */
#define SCHED_WEEK_MAX	9		/* bytes of a week key, "2026-W48", with the NUL */
#define SCHED_TZ_MAX	64		/* bytes of a zone name, with the NUL (CONFIG_TZ_MAX) */

/* The workspace's schedule (the stored `schedule` wins over [prompts]; the caller merges). */
struct sched_settings {
	int		 day;		/* 0 = Monday ... 6 = Sunday, as cal_weekday() */
	int		 minute;	/* minutes after local midnight, 0..1439 */
	const int	*holidays;	/* day numbers (insights/calendar.h), read as dates
					 * in each person's own calendar; any order; borrowed */
	int		 nholidays;	/* entries in holidays, >= 0 */
	const char	*default_tz;	/* IANA zone for people without a known one; an
					 * unknown one means UTC (and a note in err) */
};

/* One person, as far as the schedule cares; the caller decides who gets prompts at all. */
struct sched_person {
	const char	*tz;		/* IANA zone (Slack's `tz`); NULL, "" or unknown:
					 * settings->default_tz */
	int		 away_until;	/* last day away, inclusive, as a day number in their
					 * calendar; SCHED_NOT_AWAY when not away */
	bool		 active;	/* false: never due (inactive, sample, no reports...) */
};

/* One week's prompt for one person. */
struct sched_slot {
	char		 week[SCHED_WEEK_MAX];	/* ISO week of scheduled_day, "2026-W48": the
						 * prompt's key with person and kind */
	int		 scheduled_day;	/* day number the settings name in that week */
	int		 local_day;	/* day number it goes out on, after holiday moves */
	int64_t		 due;		/* unix seconds: settings->minute on local_day */
	bool		 away;		/* local_day <= away_until: skipped */
	bool		 superseded;	/* the next week's prompt goes out on or before
					 * local_day: skipped */
};

/*
 * Fills *out with the prompt of the ISO week that holds the person's local date at t, moved
 * week_offset weeks (-1: last week's, 1: next week's). Every field is filled, whether or not
 * the slot is skipped; p->active is not looked at.
 *
 * t must lie between 1970 and 9000 and |week_offset| <= 5200. Returns 0, or -1 with a message in
 * err for settings out of range (day, minute, holidays) or such a t. On 0, err is "" or a note
 * that default_tz is unknown and UTC was used.
 */
int sched_slot_for_week(const struct sched_settings *s, const struct sched_person *p, int64_t t,
    int week_offset, struct sched_slot *out, char *err, size_t errlen);

/*
 * Is a prompt due at now: the latest slot of this week or last week (a holiday move carries
 * last week's into this one) that is not superseded, with due <= now <= due + SCHED_CATCHUP.
 *
 * Returns 1 with *out filled. Returns 0 when none is due: then *out is that slot with
 * out->away set when the person is away for it, and all zero (week "") otherwise, also for
 * an inactive person. Returns -1 with a message in err as sched_slot_for_week(); err is "" or
 * the same note otherwise. Whether the prompt already went out is the caller's question.
 */
int sched_due(const struct sched_settings *s, const struct sched_person *p, int64_t now,
    struct sched_slot *out, char *err, size_t errlen);

/*
 * Sets *next to the earliest due instant strictly after now of a prompt that is neither away
 * nor superseded, looking from last week's prompt to the one in two weeks' time; SCHED_NONE when
 * there is none (away that long, or inactive): the caller should look again within a day, as
 * it should after any change of settings or person. Returns 0, or -1 with err as
 * sched_slot_for_week() (and *next SCHED_NONE).
 */
int sched_next(const struct sched_settings *s, const struct sched_person *p, int64_t now,
    int64_t *next, char *err, size_t errlen);

#endif
