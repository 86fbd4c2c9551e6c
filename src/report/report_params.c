/*
 * report_params.c - report.html's chart of a parameter sweep (pace run
 * -P/-L, `parameters:` in a suite): for each test that was expanded into
 * combinations (the ops sharing a param_base), the mean time of every
 * variant as a line over the first parameter whose values are all
 * numbers, each point with its confidence interval as a whisker, on a
 * linear x axis (1, 2, 4, 8 are not evenly spaced).  The other
 * parameters, if any, split the lines ("git n=2").  Figures come from
 * the results' summaries; nothing is computed here but positions.
 */
#include <math.h>
#include <stdlib.h>

#include "report/report_model.h"
#include "report/report_priv.h"
#include "report/svg.h"

/* More sweeps than this: the tables still list every combination. */
#define MAX_SWEEPS 8

static bool numeric(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return end != s && !*end && isfinite(*out);
}

/* The first parameter of the sweep whose values are all numbers: its
 * index in param_names (the same order in every combination), or -1. */
static long numeric_param(const struct pace_report_model *m, const char *base)
{
	const struct pace_test *first = NULL;

	for (size_t o = 0; o < m->nops; o++)
		if (m->ops[o].test->param_base &&
		    !strcmp(m->ops[o].test->param_base, base)) {
			first = m->ops[o].test;
			break;
		}
	for (size_t k = 0; first && k < first->param_names.n; k++) {
		bool all = true;
		for (size_t o = 0; o < m->nops && all; o++) {
			const struct pace_test *t = m->ops[o].test;
			double x;
			if (t->param_base && !strcmp(t->param_base, base))
				all = t->param_names.n == first->param_names.n &&
				      numeric(t->param_values.v[k], &x);
		}
		if (all)
			return (long)k;
	}
	return -1;
}

/* "variant" or "variant m=a,k=b": the line a result belongs to. */
static char *series_key(const struct pace_result *r, size_t xk)
{
	const struct pace_test *t = r->test;
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	bool first = true;

	pace_strbuf_adds(&sb, pace_report_variant_label(r));
	for (size_t k = 0; k < t->param_names.n; k++) {
		if (k == xk)
			continue;
		pace_strbuf_addf(&sb, "%s%s=%s", first ? " " : ",", t->param_names.v[k],
				 t->param_values.v[k]);
		first = false;
	}
	return pace_strbuf_detach(&sb);
}

/* The index of s in sv, added when missing. */
static size_t index_of(struct pace_strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return i;
	pace_strvec_push(sv, s);
	return sv->n - 1;
}

/* The x positions: the distinct values, ascending. */
static void x_values(struct pace_strvec *xl, double **xv,
		     const struct pace_report_model *m, const char *base, size_t xk)
{
	for (size_t o = 0; o < m->nops; o++) {
		const struct pace_test *t = m->ops[o].test;
		if (t->param_base && !strcmp(t->param_base, base))
			index_of(xl, t->param_values.v[xk]);
	}
	*xv = pace_xcalloc(xl->n + 1, sizeof(**xv));
	for (size_t i = 0; i < xl->n; i++)
		numeric(xl->v[i], &(*xv)[i]);
	/* insertion sort of labels and values together */
	for (size_t i = 1; i < xl->n; i++)
		for (size_t j = i; j > 0 && (*xv)[j - 1] > (*xv)[j]; j--) {
			double d = (*xv)[j];
			char *s = xl->v[j];
			(*xv)[j] = (*xv)[j - 1];
			(*xv)[j - 1] = d;
			xl->v[j] = xl->v[j - 1];
			xl->v[j - 1] = s;
		}
}

static bool in_sweep(const struct pace_test *t, const char *base)
{
	return t->param_base && !strcmp(t->param_base, base);
}

/* Calls fn for every result with data of the sweep. */
static void each_result(const struct pace_report_model *m, const char *base,
			void (*fn)(const struct pace_result *r, void *data),
			void *data)
{
	for (size_t o = 0; o < m->nops; o++) {
		if (!in_sweep(m->ops[o].test, base))
			continue;
		for (size_t v = 0; v < m->nvariants; v++) {
			const struct pace_result *r = m->ops[o].by_variant[v];
			if (r && pace_report_has_data(r))
				fn(r, data);
		}
	}
}

struct sweep {
	size_t xk;
	struct pace_strvec xl, series;
	double *xv, *y, *lo, *hi, top;
};

static void add_series(const struct pace_result *r, void *data)
{
	struct sweep *w = data;
	char *key = series_key(r, w->xk);

	index_of(&w->series, key);
	free(key);
	w->top = fmax(w->top, r->wall.mean);
}

static void add_point(const struct pace_result *r, void *data)
{
	struct sweep *w = data;
	char *key = series_key(r, w->xk);
	size_t s = index_of(&w->series, key), i = index_of(&w->xl,
		r->test->param_values.v[w->xk]), at = s * w->xl.n + i;

	free(key);
	w->y[at] = r->wall.mean;
	w->lo[at] = r->wall.ci_lo;
	w->hi[at] = r->wall.ci_hi;
}

static void draw_sweep(FILE *f, const struct pace_report_model *m,
		       const char *base, size_t xk, const struct pace_test *any)
{
	struct sweep w = {.xk = xk, .top = 0};
	struct pace_time_unit u;
	size_t n;
	char *title;

	x_values(&w.xl, &w.xv, m, base, xk);
	each_result(m, base, add_series, &w);
	n = w.series.n * w.xl.n;
	w.y = pace_xcalloc(n * 3 + 1, sizeof(double));
	w.lo = w.y + n;
	w.hi = w.lo + n;
	for (size_t i = 0; i < n * 3; i++)
		w.y[i] = NAN;
	each_result(m, base, add_point, &w);
	u = pace_format_time_unit(w.top);
	for (size_t i = 0; i < n * 3; i++)
		w.y[i] *= u.per_second;
	title = pace_xasprintf("%s: mean time by %s (whiskers: CI)", base,
			       any->param_names.v[xk]);
	if (n) {
		struct pace_svg_lines l = {title, u.name,
			(const char *const *)w.xl.v, w.xl.n,
			(const char *const *)w.series.v, w.series.n, w.y, NULL,
			w.xv, w.lo, w.hi};
		pace_svg_lines(f, &l);
	} else {
		pace_svg_empty(f, title, "no successful runs in this sweep");
	}
	free(title);
	free(w.y);
	free(w.xv);
	pace_strvec_release(&w.xl);
	pace_strvec_release(&w.series);
}

bool pace_report_html_params(FILE *f, const struct pace_report_model *m)
{
	struct pace_strvec bases = PACE_STRVEC_INIT;
	size_t drawn = 0;

	for (size_t o = 0; o < m->nops; o++) {
		const struct pace_test *t = m->ops[o].test;
		long xk;
		if (!t->param_base || pace_strvec_contains(&bases, t->param_base))
			continue;
		pace_strvec_push(&bases, t->param_base);
		xk = numeric_param(m, t->param_base);
		if (xk < 0 || drawn >= MAX_SWEEPS)
			continue;
		if (!drawn)
			fputs("<figure id=\"chart-parameters\">\n", f);
		draw_sweep(f, m, t->param_base, (size_t)xk, t);
		drawn++;
	}
	if (drawn)
		fputs("</figure>\n", f);
	pace_strvec_release(&bases);
	return drawn > 0;
}
