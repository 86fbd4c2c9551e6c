/*
 * report_geomean.c - the speedup of one variant over another summed up
 * across tests: when the same two variant names are compared in several
 * tests (e.g. "old" and "new" in every test of a suite), their ratios are
 * combined by a geometric mean, which treats "2x faster" and "2x slower"
 * symmetrically, with the t interval of the mean log-ratio.  The writers
 * (results.json, the console summary) share this one computation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_priv.h"
#include "stats/stats.h"

/* The log-ratios of one unordered pair of names, x < y by strcmp, each
 * log(mean time of y / mean time of x). */
struct pair_logs {
	const char *x, *y;
	double *logs;
	size_t n;
	double confidence;
};

static struct pair_logs *find_pair(struct pair_logs *v, size_t n,
				   const char *x, const char *y)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].x, x) && !strcmp(v[i].y, y))
			return &v[i];
	return NULL;
}

/* Groups the finite comparisons by pair of names; returns the count. */
static size_t group_pairs(const struct pace_run *run, struct pair_logs *v)
{
	size_t n = 0;

	for (size_t i = 0; i < run->ncomparisons; i++) {
		const struct pace_comparison *c = &run->comparisons[i];
		const char *f, *s;
		struct pair_logs *p;
		bool swap;

		if (!c->faster || !c->slower || !isfinite(c->ratio) ||
		    !(c->ratio > 0.0))
			continue;
		f = pace_report_variant_label(c->faster);
		s = pace_report_variant_label(c->slower);
		if (!strcmp(f, s))
			continue;
		swap = strcmp(f, s) > 0;
		p = find_pair(v, n, swap ? s : f, swap ? f : s);
		if (!p) {
			p = &v[n++];
			*p = (struct pair_logs){.x = swap ? s : f,
						.y = swap ? f : s,
						.confidence = c->confidence};
			p->logs = pace_xmalloc(run->ncomparisons *
					       sizeof(*p->logs));
		}
		p->logs[p->n++] = swap ? -log(c->ratio) : log(c->ratio);
	}
	return n;
}

/* One pair's geometric mean, oriented so that it is >= 1. */
static void pair_geomean(struct pace_report_geomean *g,
			 const struct pair_logs *p)
{
	double m, lo, hi;

	pace_stats_geomean(p->logs, p->n, p->confidence, &m, &lo, &hi);
	if (m >= 1.0) {
		*g = (struct pace_report_geomean){p->x, p->y, p->n, m, lo, hi};
		return;
	}
	*g = (struct pace_report_geomean){p->y, p->x, p->n, 1.0 / m, 1.0 / hi,
					  1.0 / lo};
}

size_t pace_report_geomeans(const struct pace_run *run,
			    struct pace_report_geomean **out)
{
	struct pair_logs *v;
	size_t n, k = 0;

	*out = NULL;
	if (!run->ncomparisons)
		return 0;
	v = pace_xmalloc(run->ncomparisons * sizeof(*v));
	n = group_pairs(run, v);
	for (size_t i = 0; i < n; i++) {
		if (v[i].n >= 2) {
			if (!*out)
				*out = pace_xmalloc(n * sizeof(**out));
			pair_geomean(&(*out)[k++], &v[i]);
		}
		free(v[i].logs);
	}
	free(v);
	return k;
}
