/*
 * svg.c - inline SVG charts for report.html, drawn by pace itself (no
 * library, no script): see svg.h.  Geometry is in a 640-unit-wide viewBox;
 * rows grow the height, so a chart of 500 operations stays legible by
 * scrolling rather than by shrinking.  Labels longer than a column are
 * shortened with "…" and keep their full text in a <title> tooltip.
 */
#include <math.h>
#include <string.h>

#include "report/svg.h"

#define W 640.0
#define LEFT 150.0  /* label column */
#define RIGHT 16.0
#define TOP 40.0    /* title and legend */
#define BOTTOM 30.0 /* axis labels */
#define NCOLORS 8
#define LABEL_CHARS 22

void pace_html_escape(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

void pace_html_escape_buf(struct pace_strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': pace_strbuf_adds(sb, "&amp;"); break;
		case '<': pace_strbuf_adds(sb, "&lt;"); break;
		case '>': pace_strbuf_adds(sb, "&gt;"); break;
		case '"': pace_strbuf_adds(sb, "&quot;"); break;
		case '\'': pace_strbuf_adds(sb, "&#39;"); break;
		default: pace_strbuf_addc(sb, *s);
		}
	}
}

size_t pace_svg_ticks(double lo, double hi, size_t want, double *out,
		      size_t max)
{
	double raw, mag, step, t;
	size_t n = 0;

	if (!isfinite(lo) || !isfinite(hi) || hi < lo || want == 0 || max == 0)
		return 0;
	if (hi == lo) {
		out[0] = lo;
		return 1;
	}
	raw = (hi - lo) / (double)want;
	mag = pow(10.0, floor(log10(raw)));
	step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag
		: raw / mag < 7.5 ? 5 * mag : 10 * mag;
	for (t = floor(lo / step) * step; n < max; t += step) {
		/* snap -0 and rounding noise (0.30000000000000004) */
		double v = fabs(t) < step * 1e-9 ? 0.0 : round(t / step) * step;
		out[n++] = v;
		if (v >= hi - step * 1e-9)
			break;
	}
	return n;
}

/* Text shortened to LABEL_CHARS code points, escaped. */
static void short_label(FILE *f, const char *s)
{
	size_t chars = 0;
	const char *p;

	for (p = s; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (chars <= LABEL_CHARS) {
		pace_html_escape(f, s);
		return;
	}
	chars = 0;
	for (p = s; *p; p++) {
		if (((unsigned char)*p & 0xC0) != 0x80 && ++chars == LABEL_CHARS)
			break;
	}
	{
		char *cut = pace_xstrndup(s, (size_t)(p - s));
		pace_html_escape(f, cut);
		free(cut);
	}
	fputs("…", f);
}

static void svg_open(FILE *f, double h, const char *title)
{
	fprintf(f, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" "
		"role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" "
		"aria-label=\"", W, h);
	pace_html_escape(f, title);
	fputs("\"><title>", f);
	pace_html_escape(f, title);
	fputs("</title><text class=\"ct\" x=\"4\" y=\"16\">", f);
	pace_html_escape(f, title);
	fputs("</text>\n", f);
}

static void legend(FILE *f, const char *const *series, size_t nser)
{
	double x = LEFT;

	for (size_t s = 0; s < nser && nser > 1; s++) {
		fprintf(f, "<rect class=\"s%zu\" x=\"%.1f\" y=\"24\" width=\"9\" "
			"height=\"9\"/><text class=\"lg\" x=\"%.1f\" y=\"32\">",
			s % NCOLORS, x, x + 12);
		short_label(f, series[s]);
		fputs("</text>\n", f);
		x += 24 + 6.0 * (double)(strlen(series[s]) < LABEL_CHARS
					 ? strlen(series[s]) : LABEL_CHARS);
	}
}

/* A horizontal axis from lo to hi at y, with gridlines up to y0. */
struct axis {
	double lo, hi, x0, x1;
};

static double ax_x(const struct axis *a, double v)
{
	if (a->hi <= a->lo)
		return a->x0;
	return a->x0 + (v - a->lo) / (a->hi - a->lo) * (a->x1 - a->x0);
}

static void axis_fit(struct axis *a, double lo, double hi, double *ticks,
		     size_t *nt)
{
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (hi <= lo) {
		double d = fabs(hi) > 0 ? fabs(hi) * 0.05 : 1;
		lo -= d;
		hi += d;
	}
	*nt = pace_svg_ticks(lo, hi, 5, ticks, 12);
	a->lo = *nt ? fmin(lo, ticks[0]) : lo;
	a->hi = *nt ? fmax(hi, ticks[*nt - 1]) : hi;
	a->x0 = LEFT;
	a->x1 = W - RIGHT;
}

static void axis_draw(FILE *f, const struct axis *a, const double *ticks,
		      size_t nt, double ytop, double y, const char *unit)
{
	for (size_t i = 0; i < nt; i++) {
		double x = ax_x(a, ticks[i]);
		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" "
			"x2=\"%.1f\" y2=\"%.1f\"/><text class=\"tk\" x=\"%.1f\" "
			"y=\"%.1f\">%g</text>\n", x, ytop, x, y, x, y + 13,
			ticks[i]);
	}
	fprintf(f, "<text class=\"un\" x=\"%.1f\" y=\"%.1f\">", W - RIGHT,
		y + 26);
	pace_html_escape(f, unit);
	fputs("</text>\n", f);
}

static void row_label(FILE *f, double y, const char *label)
{
	fprintf(f, "<text class=\"rl\" x=\"%.1f\" y=\"%.1f\"><title>",
		LEFT - 6, y);
	pace_html_escape(f, label);
	fputs("</title>", f);
	short_label(f, label);
	fputs("</text>\n", f);
}

void pace_svg_bars(FILE *f, const struct pace_svg_bars *b)
{
	const double bar = 10, gap = 10;
	double rowh = (double)b->nser * bar + gap, h, hi = 0, ticks[12];
	struct axis a;
	size_t nt;

	for (size_t i = 0; i < b->ncat * b->nser; i++) {
		if (isfinite(b->v[i]))
			hi = fmax(hi, b->v[i]);
		if (b->hi && isfinite(b->hi[i]))
			hi = fmax(hi, b->hi[i]);
	}
	if (b->ref > 0)
		hi = fmax(hi, b->ref);
	axis_fit(&a, 0, hi > 0 ? hi : 1, ticks, &nt);
	h = TOP + (double)b->ncat * rowh + BOTTOM;
	svg_open(f, h, b->title);
	legend(f, b->series, b->nser);
	axis_draw(f, &a, ticks, nt, TOP, h - BOTTOM, b->unit);
	for (size_t c = 0; c < b->ncat; c++) {
		double y0 = TOP + (double)c * rowh + gap / 2;
		row_label(f, y0 + (double)b->nser * bar / 2 + 4, b->cats[c]);
		for (size_t s = 0; s < b->nser; s++) {
			size_t i = c * b->nser + s;
			double y = y0 + (double)s * bar;
			if (!isfinite(b->v[i]))
				continue;
			fprintf(f, "<rect class=\"s%zu\" x=\"%.1f\" y=\"%.1f\" "
				"width=\"%.1f\" height=\"%.1f\"><title>",
				s % NCOLORS, a.x0, y, ax_x(&a, b->v[i]) - a.x0,
				bar - 1);
			pace_html_escape(f, b->series[s]);
			fprintf(f, ": %.4g %s</title></rect>", b->v[i], b->unit);
			if (b->lo && b->hi && isfinite(b->lo[i]) &&
			    isfinite(b->hi[i]))
				fprintf(f, "<path class=\"wh\" d=\"M%.1f %.1fV%.1f"
					"M%.1f %.1fH%.1fM%.1f %.1fV%.1f\"/>",
					ax_x(&a, b->lo[i]), y + 1, y + bar - 2,
					ax_x(&a, b->lo[i]), y + bar / 2 - 0.5,
					ax_x(&a, b->hi[i]), ax_x(&a, b->hi[i]),
					y + 1, y + bar - 2);
			fputc('\n', f);
		}
	}
	if (b->ref > 0)
		fprintf(f, "<line class=\"ref\" x1=\"%.1f\" y1=\"%.1f\" "
			"x2=\"%.1f\" y2=\"%.1f\"/>\n", ax_x(&a, b->ref), TOP,
			ax_x(&a, b->ref), h - BOTTOM);
	fputs("</svg>\n", f);
}

/* Type 7 quantile of sorted x. */
static double quantile(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t i = (size_t)floor(h);

	if (i + 1 >= n)
		return x[n - 1];
	return x[i] + (h - (double)i) * (x[i + 1] - x[i]);
}

static void box_row(FILE *f, const struct axis *a, double y, double bh,
		    const struct pace_svg_box_row *r, size_t color)
{
	double q1 = quantile(r->x, r->n, 0.25), q3 = quantile(r->x, r->n, 0.75);
	double med = quantile(r->x, r->n, 0.5), iqr = q3 - q1;
	double wlo = q1, whi = q3;

	for (size_t i = 0; i < r->n; i++) {
		if (r->x[i] >= q1 - 1.5 * iqr && r->x[i] < wlo)
			wlo = r->x[i];
		if (r->x[i] <= q3 + 1.5 * iqr && r->x[i] > whi)
			whi = r->x[i];
	}
	fprintf(f, "<path class=\"wh\" d=\"M%.1f %.1fH%.1fM%.1f %.1fH%.1f"
		"M%.1f %.1fV%.1fM%.1f %.1fV%.1f\"/>", ax_x(a, wlo), y + bh / 2,
		ax_x(a, q1), ax_x(a, q3), y + bh / 2, ax_x(a, whi),
		ax_x(a, wlo), y + 2, y + bh - 2, ax_x(a, whi), y + 2,
		y + bh - 2);
	fprintf(f, "<rect class=\"s%zu box\" x=\"%.1f\" y=\"%.1f\" "
		"width=\"%.1f\" height=\"%.1f\"><title>", color, ax_x(a, q1), y,
		fmax(ax_x(a, q3) - ax_x(a, q1), 1.0), bh);
	pace_html_escape(f, r->label);
	fprintf(f, ": median %.4g, IQR %.4g–%.4g, n %zu</title></rect>", med,
		q1, q3, r->n);
	fprintf(f, "<line class=\"med\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		"y2=\"%.1f\"/>", ax_x(a, med), y, ax_x(a, med), y + bh);
	for (size_t i = 0; i < r->n; i++)
		if (r->x[i] < wlo || r->x[i] > whi)
			fprintf(f, "<circle class=\"out\" cx=\"%.1f\" "
				"cy=\"%.1f\" r=\"3\"><title>outlier %.4g"
				"</title></circle>", ax_x(a, r->x[i]),
				y + bh / 2, r->x[i]);
	fputc('\n', f);
}

void pace_svg_boxes(FILE *f, const char *title, const char *unit,
		    const struct pace_svg_box_row *rows, size_t nrows)
{
	const double rowh = 26, bh = 16;
	double lo = INFINITY, hi = -INFINITY, ticks[12], h;
	struct axis a;
	size_t nt;

	for (size_t r = 0; r < nrows; r++)
		if (rows[r].n) {
			lo = fmin(lo, rows[r].x[0]);
			hi = fmax(hi, rows[r].x[rows[r].n - 1]);
		}
	axis_fit(&a, lo, hi, ticks, &nt);
	h = TOP + (double)nrows * rowh + BOTTOM;
	svg_open(f, h, title);
	axis_draw(f, &a, ticks, nt, TOP, h - BOTTOM, unit);
	for (size_t r = 0; r < nrows; r++) {
		double y = TOP + (double)r * rowh + (rowh - bh) / 2;
		row_label(f, y + bh / 2 + 4, rows[r].label);
		if (rows[r].n)
			box_row(f, &a, y, bh, &rows[r], r % NCOLORS);
		else
			fprintf(f, "<text class=\"lg\" x=\"%.1f\" y=\"%.1f\">"
				"no successful runs</text>\n", LEFT,
				y + bh / 2 + 4);
	}
	fputs("</svg>\n", f);
}

/* The plot area of a line chart: x by position, y by value. */
struct plot {
	const struct pace_svg_lines *l;
	double lo, hi, x0, x1, y0, ph;
};

static double plot_x(const struct plot *p, size_t i)
{
	const double *xv = p->l->xval;

	if (p->l->nx < 2)
		return (p->x0 + p->x1) / 2;
	if (xv) {
		double lo = xv[0], hi = xv[0];
		for (size_t k = 1; k < p->l->nx; k++) {
			lo = fmin(lo, xv[k]);
			hi = fmax(hi, xv[k]);
		}
		if (hi > lo)
			return p->x0 + (xv[i] - lo) / (hi - lo) * (p->x1 - p->x0);
	}
	return p->x0 + (double)i * (p->x1 - p->x0) / (double)(p->l->nx - 1);
}

static double plot_y(const struct plot *p, double v)
{
	return p->y0 - (v - p->lo) / (p->hi - p->lo) * p->ph;
}

static void plot_axes(FILE *f, const struct plot *p, const double *ticks,
		      size_t nt)
{
	for (size_t i = 0; i < nt; i++)
		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" "
			"x2=\"%.1f\" y2=\"%.1f\"/><text class=\"tk ty\" "
			"x=\"%.1f\" y=\"%.1f\">%g</text>\n", p->x0,
			plot_y(p, ticks[i]), p->x1, plot_y(p, ticks[i]),
			p->x0 - 4, plot_y(p, ticks[i]) + 4, ticks[i]);
	fprintf(f, "<text class=\"un ty\" x=\"%.1f\" y=\"%.1f\">", p->x0 - 4,
		TOP - 2);
	pace_html_escape(f, p->l->unit);
	fputs("</text>\n", f);
	for (size_t i = 0; i < p->l->nx; i++) {
		fprintf(f, "<text class=\"tk\" x=\"%.1f\" y=\"%.1f\">",
			plot_x(p, i), p->y0 + 14);
		short_label(f, p->l->xlabels[i]);
		fputs("</text>", f);
	}
}

/* The interval of point i of series s, as a whisker with caps. */
static void plot_whisker(FILE *f, const struct plot *p, size_t s, size_t i)
{
	const struct pace_svg_lines *l = p->l;
	double lo = l->lo ? l->lo[s * l->nx + i] : NAN;
	double hi = l->hi ? l->hi[s * l->nx + i] : NAN;
	double x = plot_x(p, i), ylo, yhi;

	if (!isfinite(lo) || !isfinite(hi))
		return;
	/* a time's interval can reach below 0: drawn to the axis, told whole */
	ylo = plot_y(p, fmax(lo, p->lo));
	yhi = plot_y(p, hi);

	fprintf(f, "<path class=\"ci s%zu\" d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1f"
		"L%.1f %.1fM%.1f %.1fL%.1f %.1f\"><title>", s % NCOLORS,
		x, ylo, x, yhi, x - 4, ylo, x + 4, ylo, x - 4, yhi, x + 4, yhi);
	pace_html_escape(f, l->series[s]);
	fputs(" @ ", f);
	pace_html_escape(f, l->xlabels[i]);
	fprintf(f, ": interval %.4g to %.4g %s</title></path>", lo, hi, l->unit);
}

/* One series: its line (broken at NaN) and a point per value. */
static void plot_series(FILE *f, const struct plot *p, size_t s)
{
	const struct pace_svg_lines *l = p->l;
	const double *y = l->y + s * l->nx;
	bool pen = false;

	fprintf(f, "\n<path class=\"ln s%zu\" d=\"", s % NCOLORS);
	for (size_t i = 0; i < l->nx; i++) {
		if (isfinite(y[i]))
			fprintf(f, "%c%.1f %.1f", pen ? 'L' : 'M', plot_x(p, i),
				plot_y(p, y[i]));
		pen = isfinite(y[i]);
	}
	fputs("\"/>", f);
	for (size_t i = 0; i < l->nx; i++) {
		bool bad = l->mark && l->mark[s * l->nx + i];
		if (!isfinite(y[i]))
			continue;
		plot_whisker(f, p, s, i);
		fprintf(f, "<circle class=\"%s s%zu\" cx=\"%.1f\" cy=\"%.1f\" "
			"r=\"%d\"><title>", bad ? "reg" : "pt", s % NCOLORS,
			plot_x(p, i), plot_y(p, y[i]), bad ? 5 : 3);
		pace_html_escape(f, l->series[s]);
		fputs(" @ ", f);
		pace_html_escape(f, l->xlabels[i]);
		fprintf(f, ": %.4g %s%s</title></circle>", y[i], l->unit,
			bad ? " (regression)" : "");
	}
}

/* The change points: a dashed line half way between a point and the one
 * before it (at the point itself when it is the first). */
static void plot_changes(FILE *f, const struct plot *p)
{
	const struct pace_svg_lines *l = p->l;

	for (size_t i = 0; l->change && i < l->nx; i++) {
		double x = i ? (plot_x(p, i - 1) + plot_x(p, i)) / 2 : plot_x(p, i);

		if (!l->change[i])
			continue;
		fprintf(f, "\n<line class=\"cp\" x1=\"%.1f\" y1=\"%.1f\" "
			"x2=\"%.1f\" y2=\"%.1f\"><title>change point at ", x,
			p->y0, x, (double)TOP);
		pace_html_escape(f, l->xlabels[i]);
		if (l->change_label && l->change_label[i]) {
			fputs(": ", f);
			pace_html_escape(f, l->change_label[i]);
		}
		fputs("</title></line>", f);
	}
}

void pace_svg_lines(FILE *f, const struct pace_svg_lines *l)
{
	struct plot p = {l, INFINITY, -INFINITY, 60, W - RIGHT, TOP + 180, 180};
	double ticks[12];
	size_t nt;

	for (size_t i = 0; i < l->nx * l->nser; i++) {
		if (isfinite(l->y[i])) {
			p.lo = fmin(p.lo, l->y[i]);
			p.hi = fmax(p.hi, l->y[i]);
		}
		if (l->hi && isfinite(l->hi[i]))
			p.hi = fmax(p.hi, l->hi[i]);
	}
	if (!isfinite(p.lo) || p.lo > 0)
		p.lo = 0; /* times: the axis starts at zero */
	if (!isfinite(p.hi) || p.hi <= p.lo)
		p.hi = p.lo + 1;
	nt = pace_svg_ticks(p.lo, p.hi, 4, ticks, 12);
	if (nt)
		p.hi = fmax(p.hi, ticks[nt - 1]);
	svg_open(f, TOP + p.ph + BOTTOM, l->title);
	legend(f, l->series, l->nser);
	plot_axes(f, &p, ticks, nt);
	plot_changes(f, &p);
	for (size_t s = 0; s < l->nser; s++)
		plot_series(f, &p, s);
	fputs("\n</svg>\n", f);
}

void pace_svg_empty(FILE *f, const char *title, const char *message)
{
	svg_open(f, 80, title);
	fprintf(f, "<rect class=\"empty\" x=\"%.0f\" y=\"26\" width=\"%.0f\" "
		"height=\"44\"/><text class=\"lg\" x=\"%.0f\" y=\"53\">", LEFT,
		W - LEFT - RIGHT, LEFT + 12);
	pace_html_escape(f, message);
	fputs("</text>\n</svg>\n", f);
}
