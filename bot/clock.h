/*
 * What time it is and what day it is where: the workspace's time zone turns `now` into the
 * day number commands use. Thread-safe (GLib's GTimeZone), never setenv("TZ").
 */
#ifndef BOT_CLOCK_H
#define BOT_CLOCK_H

#include <stdint.h>

struct clock {
	void *tz;		/* the workspace's GTimeZone */
	int64_t offset;		/* seconds added to the system clock (tests' clock override) */
};

/* Opens the zone by IANA name; -1 when unknown. */
int clock_open(struct clock *clk, const char *zone, int64_t offset);
void clock_close(struct clock *clk);
/* Unix seconds now (with the offset). */
int64_t clock_now(const struct clock *clk);
/* The day number (insights/calendar.h) of the instant t in the clock's zone. */
int clock_day(const struct clock *clk, int64_t t);

/*
 * The day number at t in the zone named tz (an IANA name), or in the clock's own zone when tz
 * is NULL, empty or unknown. arg is the struct clock; the signature fits
 * commands_config.local_day.
 */
int clock_local_day(const char *tz, int64_t t, void *arg);

#endif
