/* Civil-calendar arithmetic on day numbers (Howard Hinnant's days_from_civil algorithm). */
#include <stdio.h>

#include "insights/calendar.h"

int
cal_day(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
cal_ymd(int day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
cal_weekday(int day)
{
	/* 1970-01-01 was a Thursday (3). */
	int w = (day + 3) % 7;
	return w < 0 ? w + 7 : w;
}

int
cal_month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

bool
cal_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= cal_month_days(y, m);
}

void
cal_format(int day, char *buf)
{
	int y, m, d;

	cal_ymd(day, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}

void
cal_iso_week(int day, char *buf)
{
	/* The ISO year is the year of the week's Thursday; week 1 holds January 4th. */
	int thursday = day - cal_weekday(day) + 3, y, m, d, week;

	cal_ymd(thursday, &y, &m, &d);
	week = (thursday - cal_day(y, 1, 1)) / 7 + 1;
	y = y < 0 ? 0 : y % 10000;
	week = week < 1 ? 1 : week > 53 ? 53 : week;	/* always, by construction */
	snprintf(buf, 9, "%04d-W%02d", y, week);
}
