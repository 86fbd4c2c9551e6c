/*
 * format.c - numbers as people read them: times with a unit that fits
 * ("10.4 ms", "1.234 s", as hyperfine shows them), sizes in binary units
 * ("1.2 MiB"), the shortest exact text of a double for CSV, and column
 * padding that counts UTF-8 code points rather than bytes (so "µs" and
 * "±" line up).  Unknown values print as "n/a" rather than as a number.
 * In util/ because every stage that shows a figure uses them (the
 * runner's messages, analyze's critiques, the reports, the CLI).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

struct pace_time_unit pace_format_time_unit(double seconds)
{
	static const struct pace_time_unit units[] = {
		{"s", 1.0, 3},
		{"ms", 1e3, 1},
		{"µs", 1e6, 1},
		{"ns", 1e9, 1},
	};
	double a = fabs(seconds);

	if (!isfinite(a) || a >= 1.0)
		return isfinite(a) ? units[0] : units[1];
	if (a >= 1e-3)
		return units[1];
	if (a >= 1e-6)
		return units[2];
	return units[3];
}

void pace_format_time_in(char *out, size_t outsz, double seconds,
				struct pace_time_unit u)
{
	if (!isfinite(seconds)) {
		snprintf(out, outsz, "n/a");
		return;
	}
	snprintf(out, outsz, "%.*f %s", u.decimals, seconds * u.per_second,
		 u.name);
}

void pace_format_time(char *out, size_t outsz, double seconds)
{
	pace_format_time_in(out, outsz, seconds,
				   pace_format_time_unit(seconds));
}

void pace_format_bytes(char *out, size_t outsz, double bytes)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
	double v = bytes;
	size_t i;

	if (!isfinite(bytes) || bytes < 0) {
		snprintf(out, outsz, "n/a");
		return;
	}
	if (bytes < 1024.0) {
		snprintf(out, outsz, "%.0f B", bytes);
		return;
	}
	for (i = 0; i + 1 < PACE_ARRAY_SIZE(units); i++) {
		v /= 1024.0;
		if (v < 1024.0)
			break;
	}
	if (i + 1 == PACE_ARRAY_SIZE(units))
		v /= 1024.0;
	snprintf(out, outsz, "%.1f %s", v, units[i]);
}

void pace_format_double(char *out, size_t outsz, double v)
{
	if (!isfinite(v)) {
		if (outsz)
			out[0] = '\0';
		return;
	}
	/* 17 significant digits always round-trip; fewer usually do and
	 * read better (0.0137 rather than 0.013699999999999999). */
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(out, outsz, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

size_t pace_text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

void pace_format_pad(FILE *f, const char *s, size_t width, bool pad_left)
{
	size_t w = pace_text_width(s);

	if (!pad_left)
		fputs(s, f);
	for (; w < width; w++)
		fputc(' ', f);
	if (pad_left)
		fputs(s, f);
}
