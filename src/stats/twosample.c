/*
 * twosample.c - tests of a baseline sample a against a sample b: Welch's
 * t test with the interval of the difference, the Mann-Whitney U test
 * (exact or normal with tie and continuity corrections), Cohen's d,
 * Hedges' g, and the power of Welch's test to detect the practical
 * threshold at the sample sizes used, so "no difference" can be told
 * apart from "too few runs".  GSL provides the distributions, ranks and
 * the integral for the noncentral t; stats.h documents the edge cases.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats/internal.h"
#include "stats/stats.h"

struct moments {
	size_t n;
	double mean, var;
};

static struct moments moments_of(const double *x, size_t n)
{
	struct moments m = { n, NAN, NAN };

	if (n > 0)
		m.mean = gsl_stats_mean(x, 1, n);
	if (n > 1)
		m.var = gsl_stats_variance_m(x, 1, n, m.mean);
	return m;
}

static void welch(struct pace_twosample *o, struct moments a,
		  struct moments b, double confidence)
{
	double va, vb, se, tq;

	if (a.n < 2 || b.n < 2)
		return;
	va = a.var / (double)a.n;
	vb = b.var / (double)b.n;
	se = sqrt(va + vb);
	if (se == 0.0) {
		o->welch_t = o->diff == 0.0 ? NAN : copysign(INFINITY, o->diff);
		o->welch_p = o->diff == 0.0 ? 1.0 : 0.0;
		o->diff_ci_lo = o->diff_ci_hi = o->diff;
		return;
	}
	o->welch_df = (va + vb) * (va + vb) /
		      (va * va / (double)(a.n - 1) + vb * vb / (double)(b.n - 1));
	o->welch_t = o->diff / se;
	o->welch_p = 2.0 * gsl_cdf_tdist_Q(fabs(o->welch_t), o->welch_df);
	if (!(confidence > 0.0 && confidence < 1.0))
		return;
	tq = gsl_cdf_tdist_Pinv(1.0 - (1.0 - confidence) / 2.0, o->welch_df);
	o->diff_ci_lo = o->diff - tq * se;
	o->diff_ci_hi = o->diff + tq * se;
}

double pace_stats_welch_p(double mean_a, double sd_a, size_t n_a,
			  double mean_b, double sd_b, size_t n_b)
{
	struct pace_twosample o = {.diff = mean_b - mean_a, .welch_p = NAN};
	struct moments a = {n_a, mean_a, sd_a * sd_a};
	struct moments b = {n_b, mean_b, sd_b * sd_b};

	welch(&o, a, b, NAN);
	return o.welch_p;
}

/* P(U >= u) without ties: the counts of U are the coefficients of the
 * Gaussian binomial [m+n choose m]_q = prod (1 - q^(n+i)) / (1 - q^i);
 * for m + n <= 50 they are integers below 2^53, exact in double. */
static double mw_exact_sf(double u, size_t m, size_t n)
{
	size_t deg = m * n;
	double *c = pace_xmalloc((deg + 1) * sizeof(*c)), total = 0, tail = 0;

	memset(c, 0, (deg + 1) * sizeof(*c));
	c[0] = 1.0;
	for (size_t i = 1; i <= m; i++) {
		for (size_t k = deg; k >= n + i && k <= deg; k--)
			c[k] -= c[k - n - i];
		for (size_t k = i; k <= deg; k++)
			c[k] += c[k - i];
	}
	for (size_t k = 0; k <= deg; k++) {
		total += c[k];
		if ((double)k >= u)
			tail += c[k];
	}
	free(c);
	return tail / total;
}

/* Mid-ranks of the pooled sample; returns sum over ties of t^3 - t. */
static double pooled_ranks(double *rank, const double *v, size_t n)
{
	size_t *idx = pace_xmalloc(n * sizeof(*idx));
	double ties = 0.0;

	gsl_sort_index(idx, v, 1, n);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && v[idx[j + 1]] == v[idx[i]])
			j++;
		for (size_t k = i; k <= j; k++)
			rank[idx[k]] = (double)(i + j) / 2.0 + 1.0;
		ties += pow((double)(j - i + 1), 3) - (double)(j - i + 1);
		i = j + 1;
	}
	free(idx);
	return ties;
}

static void mann_whitney(struct pace_twosample *o, const double *a,
			 size_t na, const double *b, size_t nb)
{
	size_t n = na + nb;
	double *v = pace_xmalloc(n * sizeof(*v)), *rank = pace_xmalloc(n * sizeof(*rank));
	double ties, r1 = 0.0, u2, umax, mu, sd, nd = (double)n;

	memcpy(v, a, na * sizeof(*v));
	memcpy(v + na, b, nb * sizeof(*v));
	ties = pooled_ranks(rank, v, n);
	for (size_t i = 0; i < na; i++)
		r1 += rank[i];
	o->mw_u = r1 - (double)na * ((double)na + 1.0) / 2.0;
	u2 = (double)na * (double)nb - o->mw_u;
	umax = fmax(o->mw_u, u2);
	o->mw_exact = ties == 0.0 && n <= 50;
	if (o->mw_exact) {
		o->mw_p = fmin(1.0, 2.0 * mw_exact_sf(umax, na, nb));
	} else {
		mu = (double)na * (double)nb / 2.0;
		sd = sqrt((double)na * (double)nb / 12.0 *
			  ((nd + 1.0) - ties / (nd * (nd - 1.0))));
		o->mw_z = sd > 0.0 ? (umax - mu - 0.5) / sd : NAN;
		o->mw_p = sd > 0.0 ? fmin(1.0, fmax(0.0, 2.0 * gsl_cdf_ugaussian_Q(o->mw_z)))
				   : 1.0;
	}
	free(rank);
	free(v);
}

static void effect_sizes(struct pace_twosample *o, struct moments a,
			 struct moments b)
{
	double m, pooled;

	if (a.n < 2 || b.n < 2)
		return;
	m = (double)(a.n + b.n - 2);
	pooled = sqrt(((double)(a.n - 1) * a.var + (double)(b.n - 1) * b.var) / m);
	if (!(pooled > 0.0))
		return;
	o->cohen_d = o->diff / pooled;
	o->hedges_g = o->cohen_d *
		      exp(gsl_sf_lngamma(m / 2.0) - gsl_sf_lngamma((m - 1.0) / 2.0)) /
		      sqrt(m / 2.0);
}

struct power_params {
	double df, crit, ncp;
};

/* Integrand over v ~ chi2(df): P(|Z + ncp| > crit sqrt(v / df)). */
static double power_integrand(double v, void *arg)
{
	const struct power_params *p = arg;
	double c = p->crit * sqrt(v / p->df);

	return (gsl_cdf_ugaussian_Q(c - p->ncp) + gsl_cdf_ugaussian_P(-c - p->ncp)) *
	       gsl_ran_chisq_pdf(v, p->df);
}

static void power(struct pace_twosample *o, struct moments a,
		  struct moments b, double alpha)
{
	struct power_params p;
	gsl_integration_workspace *w;
	gsl_function f = { power_integrand, &p };
	gsl_error_handler_t *old;
	double se, result, upper, err;

	if (!(o->welch_df > 0.0) || !(alpha > 0.0 && alpha < 1.0))
		return;
	se = sqrt(a.var / (double)a.n + b.var / (double)b.n);
	p.df = o->welch_df;
	p.crit = gsl_cdf_tdist_Pinv(1.0 - alpha / 2.0, p.df);
	p.ncp = o->threshold / se;
	/* split at df, where chi2(df) has its mass, so that large df (a
	 * narrow peak far out) is not missed by the infinite-range rule */
	old = gsl_set_error_handler_off(); /* no convergence: NaN, not abort */
	w = gsl_integration_workspace_alloc(1000);
	if (gsl_integration_qags(&f, 0.0, p.df, 1e-13, 1e-11, 1000, w, &result,
				 &err) == 0 &&
	    gsl_integration_qagiu(&f, p.df, 1e-13, 1e-11, 1000, w, &upper,
				  &err) == 0)
		o->power = fmin(1.0, fmax(0.0, result + upper));
	gsl_integration_workspace_free(w);
	gsl_set_error_handler(old);
}

void pace_stats_twosample(struct pace_twosample *out, const double *a,
			  size_t na, const double *b, size_t nb,
			  double confidence, double alpha, double threshold)
{
	double *fa = pace_xmalloc((na ? na : 1) * sizeof(*fa));
	double *fb = pace_xmalloc((nb ? nb : 1) * sizeof(*fb));
	size_t ka = pace_stats_finite(fa, a, na), kb = pace_stats_finite(fb, b, nb);
	struct moments ma = moments_of(fa, ka), mb = moments_of(fb, kb);

	*out = (struct pace_twosample){
		.diff = mb.mean - ma.mean,
		.welch_t = NAN, .welch_df = NAN, .welch_p = NAN,
		.diff_ci_lo = NAN, .diff_ci_hi = NAN,
		.mw_u = NAN, .mw_z = NAN, .mw_p = NAN,
		.cohen_d = NAN, .hedges_g = NAN,
		.threshold = threshold * fabs(ma.mean), .power = NAN,
	};
	welch(out, ma, mb, confidence);
	if (ka > 0 && kb > 0)
		mann_whitney(out, fa, ka, fb, kb);
	effect_sizes(out, ma, mb);
	power(out, ma, mb, alpha);
	free(fa);
	free(fb);
}
