/*
 * report_inproc.c - what in-process targets (libpace-bench programs run by
 * pace run --binary or a test of type: binary) report beyond time, in
 * every writer that shows it: the "in_process" object of raw/<test>.json
 * and results.json, lines under a result on the console, and a table in
 * summary.md.  Command results have no struct pace_inproc and get none of
 * this.  Throughput and counters are summaries over the samples (mean with
 * its confidence interval), so they carry the same "how sure" as time.
 */
#include <math.h>

#include "report/report_priv.h"

#define SET(o, k, v) json_object_set_new((o), (k), (v))

static json_t *summary_or_null(const struct pace_summary *s)
{
	return s->n ? pace_report_json_summary(s) : json_null();
}

static json_t *timer_json(const struct pace_inproc *ip)
{
	json_t *o = json_object();

	SET(o, "clock", pace_report_json_str(ip->clock));
	SET(o, "resolution_ns", pace_json_num(ip->timer_resolution_ns));
	SET(o, "getres_ns", pace_json_num(ip->timer_getres_ns));
	SET(o, "overhead_ns", pace_json_num(ip->timer_overhead_ns));
	return o;
}

/* {name: {summary..., "values": [per sample] (with_values only)}} */
static json_t *counters_json(const struct pace_inproc *ip, bool with_values)
{
	json_t *o = json_object();

	for (size_t k = 0; k < ip->ncounters; k++) {
		json_t *c = pace_report_json_summary(&ip->counters[k]);

		if (with_values && ip->nvalues) {
			json_t *a = json_array();

			for (size_t j = 0; j < ip->nvalues; j++)
				json_array_append_new(a, pace_json_num(
					ip->counter_values[k * ip->nvalues + j]));
			SET(c, "values", a);
		}
		SET(o, ip->counter_names[k], c);
	}
	return o;
}

json_t *pace_report_json_inproc(const struct pace_inproc *ip, bool with_values)
{
	json_t *o;

	if (!ip)
		return json_null();
	o = json_object();
	SET(o, "timer", timer_json(ip));
	SET(o, "iterations_per_sample", json_integer((json_int_t)ip->iterations));
	SET(o, "bytes_per_op", ip->bytes_per_op > 0 ? pace_json_num(ip->bytes_per_op)
						    : json_null());
	SET(o, "items_per_op", ip->items_per_op > 0 ? pace_json_num(ip->items_per_op)
						    : json_null());
	SET(o, "bytes_per_sec", summary_or_null(&ip->bytes_per_sec));
	SET(o, "items_per_sec", summary_or_null(&ip->items_per_sec));
	SET(o, "counters", counters_json(ip, with_values));
	return o;
}

/* "1.81 GiB/s [1.79 … 1.83]" or "7.95e+07/s [...]" */
static void format_rate(char *out, size_t n, const struct pace_summary *s, bool bytes)
{
	char m[32], lo[32], hi[32];

	if (bytes) {
		pace_format_bytes(m, sizeof(m), s->mean);
		pace_format_bytes(lo, sizeof(lo), s->ci_lo);
		pace_format_bytes(hi, sizeof(hi), s->ci_hi);
	} else {
		snprintf(m, sizeof(m), "%.4g", s->mean);
		snprintf(lo, sizeof(lo), "%.4g", s->ci_lo);
		snprintf(hi, sizeof(hi), "%.4g", s->ci_hi);
	}
	if (isfinite(s->ci_lo) && isfinite(s->ci_hi))
		snprintf(out, n, "%s/s [%s/s … %s/s]", m, lo, hi);
	else
		snprintf(out, n, "%s/s", m);
}

void pace_report_console_inproc(FILE *f, const struct pace_result *r)
{
	const struct pace_inproc *ip = r->inproc;
	char buf[160];

	if (!ip)
		return;
	if (ip->bytes_per_sec.n) {
		format_rate(buf, sizeof(buf), &ip->bytes_per_sec, true);
		fprintf(f, "  Throughput:  %s\n", buf);
	}
	if (ip->items_per_sec.n) {
		format_rate(buf, sizeof(buf), &ip->items_per_sec, false);
		fprintf(f, "  Items:       %s\n", buf);
	}
	for (size_t k = 0; k < ip->ncounters; k++)
		fprintf(f, "  Counter %s: %.6g ± %.3g\n", ip->counter_names[k],
			ip->counters[k].mean, ip->counters[k].n > 1 ? ip->counters[k].sd : 0.0);
	fprintf(f, "  Timer: %s, resolution %.0f ns, overhead %.1f ns/read; "
		"%lld iterations per sample\n", ip->clock ? ip->clock : "unknown clock",
		ip->timer_resolution_ns, ip->timer_overhead_ns, (long long)ip->iterations);
}

static void md_inproc_row(FILE *f, const struct pace_result *r)
{
	const struct pace_inproc *ip = r->inproc;
	char buf[160];

	fputs("| ", f);
	pace_report_md_cell(f, r->test->id);
	fprintf(f, " | %lld | %.1f ns | ", (long long)ip->iterations, ip->timer_overhead_ns);
	format_rate(buf, sizeof(buf), &ip->bytes_per_sec, true);
	fputs(ip->bytes_per_sec.n ? buf : "-", f);
	fputs(" | ", f);
	format_rate(buf, sizeof(buf), &ip->items_per_sec, false);
	fputs(ip->items_per_sec.n ? buf : "-", f);
	fputs(" | ", f);
	for (size_t k = 0; k < ip->ncounters; k++) {
		snprintf(buf, sizeof(buf), "%s%s = %.4g", k ? ", " : "", ip->counter_names[k],
			 ip->counters[k].mean);
		pace_report_md_cell(f, buf);
	}
	fputs(ip->ncounters ? " |\n" : "- |\n", f);
}

void pace_report_md_inproc(FILE *f, const struct pace_run *run)
{
	const struct pace_inproc *first = NULL;

	for (size_t i = 0; i < run->nresults && !first; i++)
		first = run->results[i].inproc;
	if (!first)
		return;
	fprintf(f, "\n## In-process targets\n\nTimer: %s, resolution %.0f ns, "
		"overhead %.1f ns per read. Throughput: mean over samples "
		"[95%% confidence interval].\n\n",
		first->clock ? first->clock : "unknown", first->timer_resolution_ns,
		first->timer_overhead_ns);
	fputs("| Target | Iterations/sample | Timer overhead | Bytes/s | Items/s | Counters (mean) |\n"
	      "|---|---:|---:|---|---|---|\n", f);
	for (size_t i = 0; i < run->nresults; i++)
		if (run->results[i].inproc)
			md_inproc_row(f, &run->results[i]);
}
