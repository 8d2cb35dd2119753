/* The workspace clock (see clock.h). */
#include <glib.h>
#include <string.h>
#include <time.h>

#include "bot/clock.h"
#include "insights/calendar.h"

int
clock_open(struct clock *clk, const char *zone, int64_t offset)
{
	clk->tz = g_time_zone_new_identifier(zone);
	clk->offset = offset;
	return clk->tz ? 0 : -1;
}

void
clock_close(struct clock *clk)
{
	if (clk->tz)
		g_time_zone_unref(clk->tz);
	clk->tz = NULL;
}

int64_t
clock_now(const struct clock *clk)
{
	return (int64_t)time(NULL) + clk->offset;
}

int
clock_day(const struct clock *clk, int64_t t)
{
	GDateTime *utc = g_date_time_new_from_unix_utc(t);
	GDateTime *dt = g_date_time_to_timezone(utc, clk->tz);
	int y, m, d;

	g_date_time_unref(utc);
	g_date_time_get_ymd(dt, &y, &m, &d);
	g_date_time_unref(dt);
	return cal_day(y, m, d);
}

int
clock_local_day(const char *tz, int64_t t, void *arg)
{
	const struct clock *clk = arg;
	struct clock own = { .offset = clk->offset };
	int day;

	/* Only names shaped like zones reach GLib (it would open any path it is given). */
	if (tz == NULL || tz[0] < 'A' || tz[0] > 'Z' || strstr(tz, "..") ||
	    (own.tz = g_time_zone_new_identifier(tz)) == NULL)
		return clock_day(clk, t);
	day = clock_day(&own, t);
	clock_close(&own);
	return day;
}
