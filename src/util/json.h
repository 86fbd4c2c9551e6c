/*
 * json.h - jansson glue every stage that writes JSON shares: a double as
 * a JSON number, or null when it is NaN or infinite (json_real refuses
 * them, and JSON has no spelling for them), so that "unknown" reads the
 * same in results.json, the store's JSON columns and `--json` output.
 * Also the reader of Google Benchmark's JSON export, which pace stats,
 * pace import and pace run --binary share.
 */
#ifndef PACE_UTIL_JSON_H
#define PACE_UTIL_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* A new reference: a real, or null when v is not finite. */
json_t *pace_json_num(double v);

/* One repetition of a Google Benchmark JSON export
 * (--benchmark_format=json or --benchmark_out): its benchmark's run_name
 * (else name; borrowed from the JSON), real and CPU time per iteration
 * in seconds (time_unit converted), and its iteration count. */
struct pace_gbench_rep {
	const char *name;
	double real_s, cpu_s;
	int64_t iterations;
};
/* The repetitions (run_type "iteration"; aggregates such as mean and
 * stddev left out, and errored runs) of root's "benchmarks" array, in
 * order; *out is free()d by the caller.  -1 when root is no Google
 * Benchmark export (no "benchmarks" array, or an entry without
 * real_time). */
int pace_json_gbench_reps(const json_t *root,
			   struct pace_gbench_rep **out, size_t *n);

#endif
