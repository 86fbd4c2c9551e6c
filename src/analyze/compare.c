/*
 * compare.c - what changed between two runs.  For each test x variant in
 * both, the old and new samples go through the statistics engine: Welch's
 * t test decides whether the change is real (significant at alpha), the
 * practical threshold whether it matters (meaningful), and the bootstrap
 * interval of the ratio of means says how sure the relative change is.
 * Only a change that is both real and meaningful is called improved or
 * regressed; everything else, including too few samples to test, is
 * unchanged (noise), so CI gating does not fail on jitter.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "analyze/analyze.h"

const char *pace_verdict_name(enum pace_verdict v)
{
	switch (v) {
	case PACE_VERDICT_IMPROVED: return "improved";
	case PACE_VERDICT_REGRESSED: return "regressed";
	case PACE_VERDICT_ADDED: return "added";
	case PACE_VERDICT_REMOVED: return "removed";
	case PACE_VERDICT_UNCHANGED: break;
	}
	return "unchanged";
}

const char *pace_severity_name(enum pace_severity s)
{
	switch (s) {
	case PACE_SEVERITY_MINOR: return "minor";
	case PACE_SEVERITY_MODERATE: return "moderate";
	case PACE_SEVERITY_SEVERE: return "severe";
	case PACE_SEVERITY_NONE: break;
	}
	return "none";
}

enum pace_severity pace_analyze_severity(double change)
{
	double a = fabs(change);

	if (isnan(change))
		return PACE_SEVERITY_NONE;
	if (a < 0.10)
		return PACE_SEVERITY_MINOR;
	if (a < 0.25)
		return PACE_SEVERITY_MODERATE;
	return PACE_SEVERITY_SEVERE;
}

static double median_of(const double *x, size_t n)
{
	double *s, m;

	if (n == 0)
		return NAN;
	s = pace_xmalloc(n * sizeof(*s));
	memcpy(s, x, n * sizeof(*s));
	gsl_sort(s, 1, n);
	m = gsl_stats_median_from_sorted_data(s, 1, n);
	free(s);
	return m;
}

void pace_analyze_change(struct pace_change *out, const double *old,
			 size_t nold, const double *new_, size_t nnew,
			 const struct pace_stats_opts *o)
{
	struct pace_twosample t;
	struct pace_boot_ci b;

	memset(out, 0, sizeof(*out));
	out->n_old = nold;
	out->n_new = nnew;
	out->old_mean = nold ? gsl_stats_mean(old, 1, nold) : NAN;
	out->new_mean = nnew ? gsl_stats_mean(new_, 1, nnew) : NAN;
	out->old_median = median_of(old, nold);
	out->new_median = median_of(new_, nnew);
	out->change = out->new_mean / out->old_mean - 1.0;
	out->ci_lo = out->ci_hi = out->p_value = out->mw_p = NAN;
	if (nold == 0 || nnew == 0)
		return;
	pace_stats_twosample(&t, old, nold, new_, nnew, o->confidence,
			     o->alpha, o->threshold);
	out->p_value = t.welch_p;
	out->mw_p = t.mw_p;
	pace_stats_boot_ratio(&b, old, nold, new_, nnew, o->confidence,
			      o->resamples, o->seed);
	out->ci_lo = b.pct_lo - 1.0;
	out->ci_hi = b.pct_hi - 1.0;
	out->significant = !isnan(t.welch_p) && t.welch_p < o->alpha;
	out->meaningful = isfinite(out->change) &&
			  fabs(out->change) >= o->threshold;
	out->verdict = pace_analyze_verdict(out->change, t.welch_p, o->alpha,
					    o->threshold);
	if (out->verdict != PACE_VERDICT_UNCHANGED)
		out->severity = pace_analyze_severity(out->change);
}

enum pace_verdict pace_analyze_verdict(double change, double p, double alpha,
				       double threshold)
{
	if (isnan(p) || !(p < alpha) || !isfinite(change) ||
	    !(fabs(change) >= threshold))
		return PACE_VERDICT_UNCHANGED;
	return change > 0 ? PACE_VERDICT_REGRESSED : PACE_VERDICT_IMPROVED;
}

bool pace_analyze_regressed(double old_mean, double old_sd, size_t old_n,
			    double new_mean, double new_sd, size_t new_n,
			    double alpha, double threshold)
{
	double p = pace_stats_welch_p(old_mean, old_sd, old_n, new_mean,
				      new_sd, new_n);

	return pace_analyze_verdict(new_mean / old_mean - 1.0, p, alpha,
				    threshold) == PACE_VERDICT_REGRESSED;
}

static bool same_key(const struct pace_series *a, const struct pace_series *b)
{
	return a->measure == b->measure && strcmp(a->test, b->test) == 0 &&
	       strcmp(a->variant, b->variant) == 0 &&
	       strcmp(a->suite ? a->suite : "", b->suite ? b->suite : "") == 0;
}

static const struct pace_series *find_key(const struct pace_series *v,
					  size_t n,
					  const struct pace_series *key)
{
	for (size_t i = 0; i < n; i++)
		if (same_key(&v[i], key))
			return &v[i];
	return NULL;
}

static void set_strings(struct pace_change *c, const struct pace_series *s)
{
	c->suite = pace_xstrdup(s->suite ? s->suite : "");
	c->test = pace_xstrdup(s->test);
	c->variant = pace_xstrdup(s->variant);
}

static struct pace_change *diff_push(struct pace_diff *d,
				     const struct pace_series *s)
{
	struct pace_change *c;

	PACE_GROW(d->v, d->alloc, d->n + 1);
	c = &d->v[d->n++];
	memset(c, 0, sizeof(*c));
	c->old_mean = c->new_mean = c->old_median = c->new_median = NAN;
	c->change = c->ci_lo = c->ci_hi = c->p_value = c->mw_p = NAN;
	set_strings(c, s);
	return c;
}

static void count_verdict(struct pace_diff *d, enum pace_verdict v)
{
	switch (v) {
	case PACE_VERDICT_IMPROVED: d->nimproved++; break;
	case PACE_VERDICT_REGRESSED: d->nregressed++; break;
	case PACE_VERDICT_ADDED: d->nadded++; break;
	case PACE_VERDICT_REMOVED: d->nremoved++; break;
	case PACE_VERDICT_UNCHANGED: d->nunchanged++; break;
	}
}

void pace_analyze_diff(struct pace_diff *out, const struct pace_series *old,
		       size_t nold, const struct pace_series *new_,
		       size_t nnew, const struct pace_stats_opts *o)
{
	memset(out, 0, sizeof(*out));
	out->alpha = o->alpha;
	out->threshold = o->threshold;
	out->confidence = o->confidence;
	for (size_t i = 0; i < nnew; i++) {
		const struct pace_series *s = &new_[i];
		const struct pace_series *p = find_key(old, nold, s);
		struct pace_change *c;

		if (!p) {
			c = diff_push(out, s);
			c->verdict = PACE_VERDICT_ADDED;
			c->n_new = s->n;
			c->failed_new = s->nfailed;
			c->new_mean = s->n ? gsl_stats_mean(s->x, 1, s->n) : NAN;
			c->new_median = median_of(s->x, s->n);
		} else {
			PACE_GROW(out->v, out->alloc, out->n + 1);
			c = &out->v[out->n++];
			pace_analyze_change(c, p->x, p->n, s->x, s->n, o);
			set_strings(c, s);
			c->failed_old = p->nfailed;
			c->failed_new = s->nfailed;
		}
		count_verdict(out, c->verdict);
	}
	for (size_t i = 0; i < nold; i++) {
		const struct pace_series *s = &old[i];
		struct pace_change *c;

		if (find_key(new_, nnew, s))
			continue;
		c = diff_push(out, s);
		c->verdict = PACE_VERDICT_REMOVED;
		c->n_old = s->n;
		c->failed_old = s->nfailed;
		c->old_mean = s->n ? gsl_stats_mean(s->x, 1, s->n) : NAN;
		c->old_median = median_of(s->x, s->n);
		count_verdict(out, c->verdict);
	}
}

void pace_analyze_diff_release(struct pace_diff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].suite);
		free(d->v[i].test);
		free(d->v[i].variant);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

double pace_analyze_sample_ns(const struct pace_sample *s)
{
	return (double)s->wall_ns / (double)(s->iterations > 0 ? s->iterations
							        : 1);
}

void pace_analyze_series_of_run(struct pace_series_set *out,
				const struct pace_run *run)
{
	size_t total = 0, k = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < run->nresults; i++)
		total += run->results[i].nsamples;
	out->v = pace_xcalloc(run->nresults ? run->nresults : 1,
			      sizeof(*out->v));
	out->values = pace_xmalloc((total ? total : 1) * sizeof(double));
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		struct pace_series *s;

		if (r->skipped || !r->test || !r->variant)
			continue;
		s = &out->v[out->n++];
		s->suite = r->test->suite;
		s->test = r->test->id;
		s->variant = r->variant->name;
		s->measure = r->measure;
		s->x = out->values + k;
		for (size_t j = 0; j < r->nsamples; j++) {
			if (r->samples[j].fail != PACE_FAIL_NONE) {
				s->nfailed++;
				continue;
			}
			double v = r->measure == PACE_MEASURE_TIME
				? pace_analyze_sample_ns(&r->samples[j])
				: pace_stats_sample_primary(&r->samples[j],
							    r->measure);
			if (v < 0)
				continue; /* not counted: no figure */
			out->values[k++] = v;
			s->n++;
		}
	}
}

void pace_analyze_series_release(struct pace_series_set *s)
{
	free(s->v);
	free(s->values);
	memset(s, 0, sizeof(*s));
}
