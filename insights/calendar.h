/*
 * Calendar days as integers: day 0 is 1970-01-01 in the proleptic Gregorian calendar. Dates in
 * the store, the lexer and the metrics are such day numbers, already in the right time zone.
 */
#ifndef INSIGHTS_CALENDAR_H
#define INSIGHTS_CALENDAR_H

#include <stdbool.h>

/* The day number of y-m-d; the date must be valid (see cal_valid). */
int cal_day(int y, int m, int d);
/* Splits a day number into year, month (1-12) and day of month (1-31). */
void cal_ymd(int day, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday. */
int cal_weekday(int day);
/* True when y-m-d names a real date. */
bool cal_valid(int y, int m, int d);
/* Days in month m of year y. */
int cal_month_days(int y, int m);
/* Writes the ISO 8601 week of day, "2026-W48", into buf (at least 9 bytes). */
void cal_iso_week(int day, char *buf);
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). */
void cal_format(int day, char *buf);

#endif
