/*
 * binary.c - runs programs built with libpace-bench and reads their JSON
 * lines protocol (docs/bench-library.md).  One process per target
 * (`--exact NAME`), so a crash or a hang costs that target only; the
 * process is run by the local executor (exec/), which enforces the timeout
 * and reports signals.  Lines that are not JSON objects (a target printing
 * to stdout) are ignored: only objects with a known "type" count.
 *
 * A program that refuses `--list --json` but lists its benchmarks with
 * `--benchmark_list_tests=true` is a Google Benchmark program: gbench.c
 * lists and runs it through its own flags.
 *
 * Note for the runner: the library reports ns per operation as doubles,
 * often below 1 ns, while struct pace_sample keeps int64 nanoseconds; an
 * outcome therefore keeps the doubles, and how they enter a pace_result
 * (scaled, or a double field in the model) is decided where results are
 * built.
 */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "binary/binary.h"
#include "binary/binary_priv.h"
#include "exec/exec.h"

#define CAPTURE_LIMIT (64 << 20)

int pace_binary_exec(struct pace_sample *s, struct pace_capture *cap, struct pace_strvec *argv,
		     double timeout_s, volatile int *stop, struct pace_error *err)
{
	struct pace_exec_spec spec = {
		.argv = argv->v, .timeout_s = timeout_s, .kill_grace_s = 1,
		.capture_limit = CAPTURE_LIMIT, .max_output = 0, .retries = 3,
		.stop = stop, .stop_at = 1,
	};

	return pace_exec_run(s, cap, &spec, err);
}

/* Calls fn for every JSON object line of text. */
static void each_object(const struct pace_strbuf *text, void (*fn)(json_t *o, void *data),
			void *data)
{
	const char *p = pace_strbuf_str(text), *end = p + text->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_t *o = len && *p == '{' ? json_loadb(p, len, 0, NULL) : NULL;

		if (json_is_object(o))
			fn(o, data);
		json_decref(o);
		p += len + 1;
	}
}

static const char *str_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

struct list_state {
	struct pace_binary_target *v;
	size_t n, alloc;
};

static void add_target(json_t *o, void *data)
{
	struct list_state *ls = data;
	struct pace_binary_target *t;
	size_t i;
	json_t *tag;

	if (strcmp(str_of(o, "type"), "target") != 0)
		return;
	PACE_GROW(ls->v, ls->alloc, ls->n + 1);
	t = &ls->v[ls->n++];
	t->name = pace_xstrdup(str_of(o, "name"));
	t->base = pace_xstrdup(str_of(o, "base"));
	t->suite = pace_xstrdup(str_of(o, "suite"));
	pace_strvec_init(&t->tags);
	json_array_foreach(json_object_get(o, "tags"), i, tag)
		if (json_is_string(tag))
			pace_strvec_push(&t->tags, json_string_value(tag));
}

int pace_binary_list(struct pace_binary_target **out, size_t *n, const char *path,
		     double timeout_s, struct pace_error *err)
{
	struct pace_strvec argv = PACE_STRVEC_INIT;
	struct pace_capture cap = PACE_CAPTURE_INIT;
	struct list_state ls = {NULL, 0, 0};
	struct pace_sample s;
	int rc;

	pace_strvec_push(&argv, path);
	pace_strvec_push(&argv, "--list");
	pace_strvec_push(&argv, "--json");
	rc = pace_binary_exec(&s, &cap, &argv, timeout_s, NULL, err);
	/* Not a pace-bench program: perhaps a Google Benchmark one. */
	if (rc == 0 && !s.spawn_errno && !s.signal && !s.timed_out && s.exit_code != 0 &&
	    pace_binary_gbench_list(out, n, path, timeout_s) == 0) {
		pace_capture_release(&cap);
		pace_strvec_release(&argv);
		return 0;
	}
	if (rc == 0 && (s.spawn_errno || s.signal || s.timed_out || s.exit_code != 0))
		rc = pace_error_set(err, PACE_EUSAGE, "cannot list the targets of '%s': %s", path,
				    s.spawn_errno ? strerror(s.spawn_errno)
				    : s.timed_out ? "timed out"
				    : s.signal ? "killed by a signal" : "non-zero exit");
	if (rc == 0)
		each_object(&cap.out, add_target, &ls);
	pace_capture_release(&cap);
	pace_strvec_release(&argv);
	*out = ls.v;
	*n = ls.n;
	return rc;
}

void pace_binary_targets_free(struct pace_binary_target *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].name);
		free(t[i].base);
		free(t[i].suite);
		pace_strvec_release(&t[i].tags);
	}
	free(t);
}

struct run_state {
	struct pace_binary_outcome *o;
	int got_result;
};

/* counter_samples{name: [per sample]} into a counters x samples matrix in
 * the order of counter_names; a missing value (null, or a short list) is
 * NaN. */
static void read_counter_samples(struct pace_binary_outcome *o, json_t *cs)
{
	size_t nc = o->counter_names.n, ns = o->nsamples;

	if (!json_is_object(cs) || !nc || !ns)
		return;
	o->counter_samples = pace_xcalloc(nc * ns, sizeof(double));
	for (size_t k = 0; k < nc; k++) {
		json_t *a = json_object_get(cs, o->counter_names.v[k]);

		for (size_t j = 0; j < ns; j++) {
			json_t *v = json_array_get(a, j);

			o->counter_samples[k * ns + j] = json_is_number(v)
				? json_number_value(v) : NAN;
		}
	}
}

static void read_result(struct pace_binary_outcome *o, json_t *r)
{
	json_t *samples = json_object_get(r, "samples_ns_per_op"), *v;
	const char *key;
	size_t i;

	o->iterations = (uint64_t)json_integer_value(json_object_get(r, "iterations"));
	o->ns_per_op = pace_xcalloc(json_array_size(samples) + 1, sizeof(double));
	json_array_foreach(samples, i, v)
		o->ns_per_op[o->nsamples++] = json_number_value(v);
	o->bytes_per_sec = json_number_value(json_object_get(r, "bytes_per_sec"));
	o->items_per_sec = json_number_value(json_object_get(r, "items_per_sec"));
	o->counter_values = pace_xcalloc(json_object_size(json_object_get(r, "counters")) + 1,
					 sizeof(double));
	json_object_foreach(json_object_get(r, "counters"), key, v) {
		o->counter_values[o->counter_names.n] = json_number_value(v);
		pace_strvec_push(&o->counter_names, key);
	}
	o->bytes_per_op = json_number_value(json_object_get(r, "bytes_per_op"));
	o->items_per_op = json_number_value(json_object_get(r, "items_per_op"));
	read_counter_samples(o, json_object_get(r, "counter_samples"));
}

static void take_line(json_t *obj, void *data)
{
	struct run_state *rs = data;
	const char *type = str_of(obj, "type");

	if (strcmp(type, "hello") == 0) {
		json_t *t = json_object_get(obj, "timer");

		rs->o->timer_resolution_ns = json_number_value(json_object_get(t, "resolution_ns"));
		rs->o->timer_overhead_ns = json_number_value(json_object_get(t, "overhead_ns"));
		rs->o->timer_getres_ns = json_number_value(json_object_get(t, "getres_ns"));
		free(rs->o->timer_clock);
		rs->o->timer_clock = json_is_string(json_object_get(t, "clock"))
			? pace_xstrdup(str_of(t, "clock")) : NULL;
	} else if (strcmp(type, "result") == 0 && !rs->got_result) {
		rs->got_result = 1;
		if (strcmp(str_of(obj, "status"), "ok") == 0) {
			read_result(rs->o, obj);
		} else {
			rs->o->fail = PACE_FAIL_EXIT;
			rs->o->message = pace_xasprintf("target failed: %s", str_of(obj, "message"));
		}
	}
}

/* The verdict when the process itself went wrong; NULL if it did not. */
char *pace_binary_process_failure(const struct pace_sample *s, const struct pace_binary_opts *opts,
				  enum pace_fail *fail)
{
	if (s->spawn_errno) {
		*fail = PACE_FAIL_SPAWN;
		return pace_xasprintf("cannot start: %s", strerror(s->spawn_errno));
	}
	if (s->timed_out) {
		*fail = PACE_FAIL_TIMEOUT;
		return pace_xasprintf("exceeded its timeout of %g s", opts->timeout_s);
	}
	if (s->signal) {
		*fail = PACE_FAIL_SIGNAL;
		return pace_xasprintf("crashed: %s", strsignal(s->signal));
	}
	return NULL;
}

static void build_argv(struct pace_strvec *argv, const char *path, const char *name,
		       const struct pace_binary_opts *opts)
{
	pace_strvec_push(argv, path);
	pace_strvec_push(argv, "--exact");
	pace_strvec_push(argv, name);
	pace_strvec_push(argv, "--json");
	if (opts->min_time_ms > 0)
		pace_strvec_pushf(argv, "--min-time=%g", opts->min_time_ms);
	if (opts->samples > 0)
		pace_strvec_pushf(argv, "--samples=%d", opts->samples);
	if (opts->warmup >= 0)
		pace_strvec_pushf(argv, "--warmup=%d", opts->warmup);
}

int pace_binary_run(struct pace_binary_outcome *o, const char *path, const char *name,
		    const struct pace_binary_opts *opts, struct pace_error *err)
{
	struct pace_strvec argv = PACE_STRVEC_INIT;
	struct pace_capture cap = PACE_CAPTURE_INIT;
	struct run_state rs = {o, 0};
	int rc;

	memset(o, 0, sizeof(*o));
	pace_strvec_init(&o->counter_names);
	if (pace_binary_gbench_has(path, name, opts->timeout_s))
		return pace_binary_gbench_run(o, path, name, opts, err);
	build_argv(&argv, path, name, opts);
	rc = pace_binary_exec(&o->process, &cap, &argv, opts->timeout_s, opts->stop, err);
	if (rc == 0 && !o->process.interrupted) {
		each_object(&cap.out, take_line, &rs);
		if (o->fail == PACE_FAIL_NONE)
			o->message = pace_binary_process_failure(&o->process, opts, &o->fail);
		if (o->fail == PACE_FAIL_NONE && (!rs.got_result || o->nsamples == 0)) {
			o->fail = PACE_FAIL_EXIT;
			o->message = pace_xasprintf("no result for target '%s' (exit code %d)",
						    name, o->process.exit_code);
		}
	}
	pace_capture_release(&cap);
	pace_strvec_release(&argv);
	return rc;
}

void pace_binary_outcome_release(struct pace_binary_outcome *o)
{
	free(o->message);
	free(o->ns_per_op);
	free(o->counter_values);
	free(o->counter_samples);
	free(o->timer_clock);
	pace_strvec_release(&o->counter_names);
	memset(o, 0, sizeof(*o));
}
