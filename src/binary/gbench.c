/*
 * gbench.c - `pace run --binary` for Google Benchmark programs, through
 * their own flags: --benchmark_list_tests=true lists the benchmarks,
 * --benchmark_filter=^NAME$ --benchmark_format=json
 * --benchmark_repetitions=N runs one, and each repetition's real_time per
 * iteration (stats/samples.c reads the export) is one sample, as pace
 * import reads the same export.  Google Benchmark has no warm-up count in
 * the Debian 12 version (1.7): its own calibration run comes first.
 */
#include <jansson.h>
#include <string.h>

#include "binary/binary_priv.h"
#include "util/json.h"

#define GBENCH_SAMPLES 10

/* `PATH --benchmark_list_tests=true [--benchmark_filter=F]`'s names. */
static int list_names(struct pace_strvec *names, const char *path, const char *filter,
		      double timeout_s)
{
	struct pace_strvec argv = PACE_STRVEC_INIT;
	struct pace_capture cap = PACE_CAPTURE_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_sample s;
	int rc;

	pace_strvec_push(&argv, path);
	pace_strvec_push(&argv, "--benchmark_list_tests=true");
	if (filter)
		pace_strvec_pushf(&argv, "--benchmark_filter=%s", filter);
	rc = pace_binary_exec(&s, &cap, &argv, timeout_s > 0 ? timeout_s : 60, NULL, &err);
	if (rc == 0 && (s.spawn_errno || s.signal || s.timed_out || s.exit_code != 0))
		rc = -1;
	for (char *p = cap.out.buf, *nl; rc == 0 && p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p)
			pace_strvec_push(names, p);
	}
	pace_capture_release(&cap);
	pace_strvec_release(&argv);
	pace_error_release(&err);
	return rc;
}

int pace_binary_gbench_list(struct pace_binary_target **out, size_t *n, const char *path,
			    double timeout_s)
{
	struct pace_strvec names = PACE_STRVEC_INIT;

	if (list_names(&names, path, NULL, timeout_s) || !names.n) {
		pace_strvec_release(&names);
		return -1;
	}
	*out = pace_xcalloc(names.n, sizeof(**out));
	*n = names.n;
	for (size_t i = 0; i < names.n; i++) {
		const char *slash = strchr(names.v[i], '/');

		(*out)[i].name = pace_xstrdup(names.v[i]);
		(*out)[i].base = slash ? pace_xstrndup(names.v[i], (size_t)(slash - names.v[i]))
				       : pace_xstrdup(names.v[i]);
		(*out)[i].suite = pace_xstrdup("");
		pace_strvec_init(&(*out)[i].tags);
	}
	pace_strvec_release(&names);
	return 0;
}

/* ^NAME$ with NAME's regex characters escaped (Google Benchmark's filter
 * is a regular expression). */
static char *exact_filter(const char *name)
{
	struct pace_strbuf b = PACE_STRBUF_INIT;

	pace_strbuf_addc(&b, '^');
	for (const char *p = name; *p; p++) {
		if (strchr("\\^$.|?*+()[]{}", *p))
			pace_strbuf_addc(&b, '\\');
		pace_strbuf_addc(&b, *p);
	}
	pace_strbuf_addc(&b, '$');
	return pace_strbuf_detach(&b);
}

bool pace_binary_gbench_has(const char *path, const char *name, double timeout_s)
{
	struct pace_strvec names = PACE_STRVEC_INIT;
	char *filter = exact_filter(name);
	bool has = list_names(&names, path, filter, timeout_s) == 0 &&
		   pace_strvec_contains(&names, name);

	free(filter);
	pace_strvec_release(&names);
	return has;
}

static void read_export(struct pace_binary_outcome *o, const struct pace_strbuf *out,
			const char *name)
{
	json_t *root = json_loadb(out->buf ? out->buf : "", out->len, 0, NULL);
	struct pace_gbench_rep *r = NULL;
	size_t n = 0;

	if (!root || pace_json_gbench_reps(root, &r, &n) || n == 0) {
		o->fail = PACE_FAIL_EXIT;
		o->message = pace_xasprintf("no Google Benchmark result for '%s' "
					    "(exit code %d)", name, o->process.exit_code);
	} else {
		o->ns_per_op = pace_xcalloc(n, sizeof(double));
		for (size_t i = 0; i < n; i++)
			o->ns_per_op[o->nsamples++] = r[i].real_s * 1e9;
		o->iterations = (uint64_t)(r[0].iterations > 0 ? r[0].iterations : 1);
	}
	free(r);
	json_decref(root);
}

int pace_binary_gbench_run(struct pace_binary_outcome *o, const char *path, const char *name,
			   const struct pace_binary_opts *opts, struct pace_error *err)
{
	struct pace_strvec argv = PACE_STRVEC_INIT;
	struct pace_capture cap = PACE_CAPTURE_INIT;
	char *filter = exact_filter(name);
	int rc;

	pace_strvec_push(&argv, path);
	pace_strvec_pushf(&argv, "--benchmark_filter=%s", filter);
	pace_strvec_push(&argv, "--benchmark_format=json");
	pace_strvec_pushf(&argv, "--benchmark_repetitions=%d",
			  opts->samples > 0 ? opts->samples : GBENCH_SAMPLES);
	if (opts->min_time_ms > 0)
		pace_strvec_pushf(&argv, "--benchmark_min_time=%g", opts->min_time_ms / 1e3);
	rc = pace_binary_exec(&o->process, &cap, &argv, opts->timeout_s, opts->stop, err);
	if (rc == 0) {
		o->message = pace_binary_process_failure(&o->process, opts, &o->fail);
		if (o->fail == PACE_FAIL_NONE)
			read_export(o, &cap.out, name);
	}
	free(filter);
	pace_capture_release(&cap);
	pace_strvec_release(&argv);
	return rc;
}
