/*
 * svg.h - the small drawing kit behind report.html: HTML escaping for
 * everything a user supplied, "nice" axis ticks, and three charts drawn as
 * inline SVG (grouped bars with interval whiskers, box plots over raw
 * samples, lines with marked points), plus an empty-state chart.
 *
 * Every chart writes one <svg> element with a viewBox (it scales to the
 * width of its container), a <title> for screen readers, and CSS classes
 * s0..s7 for its series, so the page's stylesheet decides the colours.
 * All text, in elements and in attributes, goes through pace_html_escape.
 * Values are given already in the unit the axis shows (`unit`).
 */
#ifndef PACE_REPORT_SVG_H
#define PACE_REPORT_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/util.h"

/* Writes s with &, <, >, " and ' escaped: safe as element text and inside
 * a quoted attribute.  NULL writes nothing. */
void pace_html_escape(FILE *f, const char *s);
/* The same into a string buffer. */
void pace_html_escape_buf(struct pace_strbuf *sb, const char *s);

/* Up to `max` round tick values (1, 2 or 5 times a power of ten) covering
 * [lo, hi], about `want` of them.  Returns the count (0 when the range is
 * not finite). */
size_t pace_svg_ticks(double lo, double hi, size_t want, double *out,
		      size_t max);

/* Grouped horizontal bars: ncat categories (rows) of nser bars each; value
 * v[c * nser + s]; lo/hi (may be NULL, entries NaN) draw whiskers.  A NaN
 * value draws no bar.  `ref` > 0 draws a dashed reference line there. */
struct pace_svg_bars {
	const char *title, *unit;
	const char *const *cats;
	size_t ncat;
	const char *const *series;
	size_t nser;
	const double *v, *lo, *hi;
	double ref;
};
void pace_svg_bars(FILE *f, const struct pace_svg_bars *b);

/* Box plots, one row each: box from the first to the third quartile,
 * median line, whiskers to the furthest values within Tukey's 1.5 IQR
 * fences, each value beyond them a marked point.  x is sorted ascending. */
struct pace_svg_box_row {
	const char *label;
	const double *x;
	size_t n;
};
void pace_svg_boxes(FILE *f, const char *title, const char *unit,
		    const struct pace_svg_box_row *rows, size_t nrows);

/* Lines over nx labelled positions, one per series: y[s * nx + i] (NaN
 * leaves a gap); mark (may be NULL) circles a point as a regression.
 * xval (may be NULL: evenly spaced) puts position i at x value xval[i]
 * on a linear axis (a numeric parameter); lo/hi (may be NULL, entries
 * NaN) draw each point's interval as a whisker. */
struct pace_svg_lines {
	const char *title, *unit;
	const char *const *xlabels;
	size_t nx;
	const char *const *series;
	size_t nser;
	const double *y;
	const bool *mark;
	const double *xval;
	const double *lo, *hi;
	/* change (may be NULL): a change point starts at position i, drawn
	 * as a dashed vertical line just before it, titled with
	 * change_label[i] (may be NULL) */
	const bool *change;
	const char *const *change_label;
};
void pace_svg_lines(FILE *f, const struct pace_svg_lines *l);

/* A chart with nothing to draw yet: its title and a message. */
void pace_svg_empty(FILE *f, const char *title, const char *message);

#endif
