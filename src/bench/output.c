/*
 * output.c - the two outputs of a benchmark program: JSON lines (the
 * protocol `pace run --binary` reads; one object per line, written by hand
 * because the library depends on libc only) and a human table.  Strings
 * are escaped per RFC 8259: quote, backslash and every control character;
 * bytes >= 0x80 pass through (names are expected to be UTF-8).  Numbers
 * that JSON cannot hold (NaN, infinities) are written as null.
 *
 * Protocol (version 1), one line each:
 *   {"type":"hello","protocol":1,"library":"pace-bench","version":...,
 *    "timer":{"clock":"TSC"|"CLOCK_MONOTONIC",("tsc_ghz":..,)"resolution_ns":..,"getres_ns":..,
 *    "overhead_ns":..},"options":{"min_time_ns":..,"samples":..,"warmup":..}}
 *   {"type":"target",...}   (--list) or {"type":"result",...} (a run):
 *    name, base, suite, tags[], params{}, and for results: status
 *    ("ok"|"failed"), message, iterations, samples_ns_per_op[], ns_per_op{
 *    mean,median,min,max,stddev}, bytes_per_sec, items_per_sec, counters{}
 *    (means), bytes_per_op, items_per_op, counter_samples{name:[per sample]}
 *   {"type":"done","targets":N,"failed":M}
 */
#include <math.h>
#include <string.h>

#include "bench_priv.h"

void pace_bench_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

static void json_number(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.10g", v);
	else
		fputs("null", f);
}

static void json_key(FILE *f, const char *key)
{
	fputc(',', f);
	pace_bench_json_string(f, key);
	fputc(':', f);
}

void pace_bench_json_hello(FILE *f, const struct pace_bench_timer *t,
			   const struct pace_bench_options *o)
{
	fprintf(f, "{\"type\":\"hello\",\"protocol\":%d,\"library\":\"pace-bench\","
		"\"version\":\"%s\",\"timer\":{\"clock\":\"%s\"",
		PACE_BENCH_PROTOCOL, PACE_BENCH_VERSION, t->clock);
	if (t->tsc_ghz > 0) {
		json_key(f, "tsc_ghz");
		json_number(f, t->tsc_ghz);
	}
	json_key(f, "resolution_ns");
	json_number(f, t->resolution_ns);
	json_key(f, "getres_ns");
	json_number(f, t->getres_ns);
	json_key(f, "overhead_ns");
	json_number(f, t->overhead_ns);
	fputs("},\"options\":{\"min_time_ns\":", f);
	json_number(f, o->min_time_ns);
	fprintf(f, ",\"samples\":%d,\"warmup\":%d}}\n", o->samples, o->warmup);
	fflush(f);
}

/* Tags are a comma-separated string in the source; a JSON array here. */
static void json_tags(FILE *f, const char *tags)
{
	fputc('[', f);
	for (const char *p = tags; p && *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char tag[128];

		if (n >= sizeof(tag))
			n = sizeof(tag) - 1;
		memcpy(tag, p, n);
		tag[n] = '\0';
		if (p != tags)
			fputc(',', f);
		pace_bench_json_string(f, tag);
		p = e ? e + 1 : p + n;
	}
	fputc(']', f);
}

static void json_identity(FILE *f, const struct pace_bench_instance *in, const char *type)
{
	const struct pace_bench_target *t = in->target;

	fputs("{\"type\":", f);
	pace_bench_json_string(f, type);
	json_key(f, "name");
	pace_bench_json_string(f, in->name);
	json_key(f, "base");
	pace_bench_json_string(f, t->name);
	json_key(f, "suite");
	pace_bench_json_string(f, t->suite ? t->suite : "default");
	json_key(f, "tags");
	json_tags(f, t->tags);
	fputs(",\"params\":{", f);
	for (int i = 0; i < in->nparams; i++) {
		if (i)
			fputc(',', f);
		pace_bench_json_string(f, in->param_names[i]);
		fprintf(f, ":%lld", in->param_values[i]);
	}
	fputc('}', f);
}

void pace_bench_json_target(FILE *f, const struct pace_bench_instance *in, const char *type)
{
	json_identity(f, in, type);
	fputs("}\n", f);
	fflush(f);
}

/* Per-sample figures for pace's statistics: what one operation
 * processes, and every sample's value of each counter. */
static void json_per_sample(FILE *f, const struct pace_bench_result *r)
{
	json_key(f, "bytes_per_op");
	json_number(f, r->bytes_per_op);
	json_key(f, "items_per_op");
	json_number(f, r->items_per_op);
	fputs(",\"counter_samples\":{", f);
	for (int i = 0; i < r->ncounters; i++) {
		if (i)
			fputc(',', f);
		pace_bench_json_string(f, r->counter_names[i]);
		fputs(":[", f);
		for (int j = 0; j < r->nsamples; j++) {
			if (j)
				fputc(',', f);
			json_number(f, r->counter_samples[i][j]);
		}
		fputc(']', f);
	}
	fputc('}', f);
}

static void json_stats(FILE *f, const struct pace_bench_result *r)
{
	fprintf(f, ",\"iterations\":%llu,\"samples_ns_per_op\":[",
		(unsigned long long)r->iterations);
	for (int i = 0; i < r->nsamples; i++) {
		if (i)
			fputc(',', f);
		json_number(f, r->ns_per_op[i]);
	}
	fputs("],\"ns_per_op\":{\"mean\":", f);
	json_number(f, r->mean);
	json_key(f, "median");
	json_number(f, r->median);
	json_key(f, "min");
	json_number(f, r->min);
	json_key(f, "max");
	json_number(f, r->max);
	json_key(f, "stddev");
	json_number(f, r->stddev);
	fputs("},\"bytes_per_sec\":", f);
	json_number(f, r->bytes_per_sec);
	json_key(f, "items_per_sec");
	json_number(f, r->items_per_sec);
	fputs(",\"counters\":{", f);
	for (int i = 0; i < r->ncounters; i++) {
		if (i)
			fputc(',', f);
		pace_bench_json_string(f, r->counter_names[i]);
		fputc(':', f);
		json_number(f, r->counter_means[i]);
	}
	fputc('}', f);
	json_per_sample(f, r);
}

void pace_bench_json_result(FILE *f, const struct pace_bench_instance *in,
			    const struct pace_bench_result *r)
{
	json_identity(f, in, "result");
	json_key(f, "status");
	pace_bench_json_string(f, r->failed ? "failed" : "ok");
	json_key(f, "message");
	pace_bench_json_string(f, r->message);
	json_key(f, "total_ns");
	json_number(f, r->total_ns);
	if (!r->failed)
		json_stats(f, r);
	fputs("}\n", f);
	fflush(f);
}

void pace_bench_json_done(FILE *f, int ntargets, int nfailed)
{
	fprintf(f, "{\"type\":\"done\",\"targets\":%d,\"failed\":%d}\n", ntargets, nfailed);
	fflush(f);
}

void pace_bench_human_header(FILE *f, const struct pace_bench_timer *t)
{
	fprintf(f, "timer: %s", t->clock);
	if (t->tsc_ghz > 0)
		fprintf(f, " (%.3f GHz, calibrated)", t->tsc_ghz);
	fprintf(f, ", resolution %.0f ns, overhead %.1f ns per read\n\n",
		t->resolution_ns, t->overhead_ns);
	fprintf(f, "%-36s %12s %12s %10s %12s  %s\n", "target", "iterations", "median ns/op",
		"± sd", "min ns/op", "throughput / counters");
}

void pace_bench_human_result(FILE *f, const struct pace_bench_instance *in,
			     const struct pace_bench_result *r)
{
	if (r->failed) {
		fprintf(f, "%-36s FAILED: %s\n", in->name, r->message);
		return;
	}
	fprintf(f, "%-36s %12llu %12.2f %10.2f %12.2f ", in->name,
		(unsigned long long)r->iterations, r->median, r->stddev, r->min);
	if (r->bytes_per_sec > 0)
		fprintf(f, " %.1f MiB/s", r->bytes_per_sec / (1024.0 * 1024.0));
	if (r->items_per_sec > 0)
		fprintf(f, " %.3g items/s", r->items_per_sec);
	for (int i = 0; i < r->ncounters; i++)
		fprintf(f, " %s=%.4g", r->counter_names[i], r->counter_means[i]);
	fputc('\n', f);
}
