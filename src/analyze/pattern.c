/*
 * pattern.c - the AgentDB-style pattern of one test x variant of one run
 * (seed 000 §8, seed 001 §6): task "<test>-<variant>-benchmark", input and
 * output as JSON, a reward in 0..1 and a critique sentence, plus the
 * statistics and insights of a set of patterns that `pace patterns
 * search` prints.  Every reward component is "best so far / this", so a
 * task's reward says how close a run came to the best its own history has
 * seen (the history includes this run: a first run scores 1 on speed).
 * docs/history-analysis.md states the rules; the tests pin them.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <jansson.h>

#include "analyze/analyze.h"
#include "util/json.h"

#define W_SPEED 0.4
#define W_MEMORY 0.3
#define W_RELIABILITY 0.2
#define W_EFFICIENCY 0.1

char *pace_analyze_task_name(const char *test, const char *variant)
{
	return pace_xasprintf("%s-%s-benchmark", test, variant);
}

static bool known(double v)
{
	return isfinite(v) && v >= 0;
}

/* Smallest known earlier value, NaN when there is none. */
static double best_of(const double *v, size_t n)
{
	double best = NAN;

	for (size_t i = 0; v && i < n; i++)
		if (known(v[i]) && (isnan(best) || v[i] < best))
			best = v[i];
	return best;
}

/* min(best, this) / this in 0..1; 1 when this is unknown or zero. */
static double closeness(double best, double v)
{
	if (!known(v) || v == 0.0)
		return 1.0;
	if (!known(best) || best > v)
		return 1.0;
	return best / v;
}

static double median_known(const double *v, size_t n)
{
	double *s = pace_xmalloc((n ? n : 1) * sizeof(*s)), m = NAN;
	size_t k = 0;

	for (size_t i = 0; v && i < n; i++)
		if (known(v[i]))
			s[k++] = v[i];
	if (k) {
		gsl_sort(s, 1, k);
		m = gsl_stats_median_from_sorted_data(s, 1, k);
	}
	free(s);
	return m;
}

static char *input_json(const struct pace_pattern_in *in)
{
	json_t *o = json_object(), *cfg = NULL;
	char *s;

	json_object_set_new(o, "operation", json_string(in->test));
	json_object_set_new(o, "variant", json_string(in->variant));
	json_object_set_new(o, "suite", json_string(in->suite ? in->suite
							      : ""));
	if (in->command)
		json_object_set_new(o, "command", json_string(in->command));
	if (in->config_json)
		cfg = json_loads(in->config_json, 0, NULL);
	json_object_set_new(o, "config", cfg ? cfg : json_null());
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s ? s : pace_xstrdup("{}");
}

static char *output_json(const struct pace_pattern_in *in,
			 const struct pace_describe *d,
			 const struct pace_pattern *p)
{
	json_t *o = json_object();
	char *s;

	json_object_set_new(o, "mean_ns", pace_json_num(d->mean));
	json_object_set_new(o, "median_ns", pace_json_num(d->median));
	json_object_set_new(o, "sd_ns", pace_json_num(d->sd));
	json_object_set_new(o, "ci_lo_ns", pace_json_num(d->mean_ci_lo));
	json_object_set_new(o, "ci_hi_ns", pace_json_num(d->mean_ci_hi));
	json_object_set_new(o, "min_ns", pace_json_num(d->min));
	json_object_set_new(o, "max_ns", pace_json_num(d->max));
	json_object_set_new(o, "samples", json_integer((json_int_t)in->n));
	json_object_set_new(o, "failed", json_integer((json_int_t)in->nfailed));
	json_object_set_new(o, "success_rate", pace_json_num(p->reliability));
	json_object_set_new(o, "peak_rss", pace_json_num(known(in->peak_rss)
						       ? in->peak_rss : NAN));
	json_object_set_new(o, "cpu_ns", pace_json_num(in->cpu_ns));
	/* seed 001's names, for readers that expect them */
	json_object_set_new(o, "executionTime", pace_json_num(p->latency_ms));
	json_object_set_new(o, "memoryPeak", pace_json_num(known(in->peak_rss)
							 ? in->peak_rss : NAN));
	json_object_set_new(o, "success", json_boolean(p->success));
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s ? s : pace_xstrdup("{}");
}

static void critique_speed(struct pace_strbuf *sb, double mean, double best)
{
	char a[32], b[32];

	pace_format_time(a, sizeof(a), mean / 1e9);
	if (!isfinite(mean)) {
		pace_strbuf_adds(sb, "no successful sample to time");
		return;
	}
	if (!known(best)) {
		pace_strbuf_addf(sb, "first run of this task (%s)", a);
		return;
	}
	pace_format_time(b, sizeof(b), best / 1e9);
	if (mean <= best)
		pace_strbuf_addf(sb, "the task's best so far (%s, %.0f%% "
				 "faster than the previous best %s)", a,
				 (1.0 - mean / best) * 100.0, b);
	else
		pace_strbuf_addf(sb, "%.0f%% slower than the task's best (%s)",
				 (mean / best - 1.0) * 100.0, b);
}

static void critique_memory(struct pace_strbuf *sb, double rss, double med)
{
	char a[32];
	double rel;

	if (!known(rss)) {
		pace_strbuf_adds(sb, "; memory unknown");
		return;
	}
	pace_format_bytes(a, sizeof(a), rss);
	if (!known(med) || med == 0.0) {
		pace_strbuf_addf(sb, "; peak memory %s", a);
		return;
	}
	rel = rss / med - 1.0;
	if (fabs(rel) < 0.05)
		pace_strbuf_addf(sb, "; memory at the median of its history "
				 "(%s)", a);
	else
		pace_strbuf_addf(sb, "; memory %.0f%% %s the median of its "
				 "history (%s)", fabs(rel) * 100.0,
				 rel > 0 ? "above" : "below", a);
}

static char *critique(const struct pace_pattern_in *in,
		      const struct pace_task_history *h, double mean)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	size_t total = in->n + in->nfailed;

	critique_speed(&sb, mean, best_of(h->mean_ns, h->n));
	critique_memory(&sb, in->peak_rss, median_known(h->peak_rss, h->n));
	if (total == 0)
		pace_strbuf_adds(&sb, "; no samples");
	else if (in->nfailed == 0)
		pace_strbuf_addf(&sb, "; all %zu samples succeeded", total);
	else
		pace_strbuf_addf(&sb, "; %zu of %zu samples failed",
				 in->nfailed, total);
	return pace_strbuf_detach(&sb);
}

void pace_analyze_pattern(struct pace_pattern *out,
			  const struct pace_pattern_in *in,
			  const struct pace_task_history *h,
			  double confidence)
{
	struct pace_describe d;
	size_t total = in->n + in->nfailed;

	memset(out, 0, sizeof(*out));
	pace_stats_describe(&d, in->x, in->n, confidence, 0.05);
	out->session_id = pace_xasprintf("benchmark-%s", in->run_id);
	out->task = pace_analyze_task_name(in->test, in->variant);
	out->mean_ns = d.mean;
	out->peak_rss = known(in->peak_rss) ? in->peak_rss : NAN;
	out->cpu_ns = known(in->cpu_ns) ? in->cpu_ns : NAN;
	out->latency_ms = d.mean / 1e6;
	out->success = in->n > 0 && in->nfailed == 0;
	out->created_unix_ms = in->created_unix_ms;
	out->speed = in->n ? closeness(best_of(h->mean_ns, h->n), d.mean)
			   : 0.0;
	out->memory = closeness(best_of(h->peak_rss, h->n), in->peak_rss);
	out->reliability = total ? (double)in->n / (double)total : 0.0;
	out->efficiency = closeness(best_of(h->cpu_ns, h->n), in->cpu_ns);
	if (in->n == 0) /* nothing measured: nothing to reward */
		out->memory = out->efficiency = 0.0;
	out->reward = W_SPEED * out->speed + W_MEMORY * out->memory +
		      W_RELIABILITY * out->reliability +
		      W_EFFICIENCY * out->efficiency;
	out->input = input_json(in);
	out->output = output_json(in, &d, out);
	out->critique = critique(in, h, d.mean);
}

void pace_analyze_pattern_stats(struct pace_pattern_stats *out,
				const struct pace_pattern *p, size_t n,
				double alpha, double threshold)
{
	double *x = pace_xmalloc((n ? n : 1) * sizeof(*x));
	double *y = pace_xmalloc((n ? n : 1) * sizeof(*y));
	double rsum = 0, lsum = 0;
	size_t ok = 0, nlat = 0;

	memset(out, 0, sizeof(*out));
	out->count = n;
	out->best = out->worst = -1;
	for (size_t i = 0; i < n; i++) {
		rsum += p[i].reward;
		ok += p[i].success;
		if (isfinite(p[i].latency_ms)) {
			lsum += p[i].latency_ms;
			nlat++;
		}
		if (out->best < 0 || p[i].reward > p[out->best].reward)
			out->best = (long)i;
		if (out->worst < 0 || p[i].reward < p[out->worst].reward)
			out->worst = (long)i;
		x[i] = (double)i;
		y[i] = p[i].reward;
	}
	out->mean_reward = n ? rsum / (double)n : NAN;
	out->success_rate = n ? (double)ok / (double)n : NAN;
	out->mean_latency_ms = nlat ? lsum / (double)nlat : NAN;
	pace_analyze_trend(&out->fit, x, y, n, (double)n, false, 0.95, alpha,
			   threshold);
	out->trend = out->fit.direction;
	free(x);
	free(y);
}
