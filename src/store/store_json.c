/*
 * store_json.c - the JSON texts a store keeps beside its columns: a test's
 * definition as it was when a result was measured (name, category, tags,
 * the variant's command), and a run's environment snapshot.  Both are
 * read back by pace_store_load_run to rebuild the tests and the run, so
 * the reports of a stored run say what the original said.
 */
#include <math.h>

#include <jansson.h>

#include "store/store_priv.h"
#include "util/json.h"
#include "util/sanitize.h"

static char *dump(json_t *o)
{
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *copy;

	json_decref(o);
	if (!text) {
		fprintf(stderr, "pace: fatal: out of memory writing JSON\n");
		abort();
	}
	copy = pace_xstrdup(text);
	free(text);
	return copy;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *strvec_json(const struct pace_strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->n; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

/* A limit as JSON: null when unset. */
static json_t *limit_json(double v, bool integer)
{
	if (v < 0)
		return json_null();
	return integer ? json_integer((json_int_t)v) : json_real(v);
}

static double limit_from_json(json_t *lim, const char *key)
{
	json_t *v = json_object_get(lim, key);

	return json_is_number(v) ? json_number_value(v) : -1;
}

char *pace_store_test_json(const struct pace_test *t, const struct pace_variant *v,
			   enum pace_executor executor)
{
	json_t *o = json_object(), *var = json_object();
	struct pace_strvec shown = PACE_STRVEC_INIT;

	json_object_set_new(o, "name", str_or_null(t->name));
	json_object_set_new(o, "description", str_or_null(t->description));
	json_object_set_new(o, "category", str_or_null(t->category));
	json_object_set_new(o, "tags", strvec_json(&t->tags));
	json_object_set_new(o, "expected_exit", json_integer(t->expected_exit));
	if (t->param_names.n) {
		json_t *params = json_object();
		for (size_t i = 0; i < t->param_names.n; i++)
			json_object_set_new(params, t->param_names.v[i],
					    json_string(t->param_values.v[i]));
		json_object_set_new(o, "parameters", params);
		json_object_set_new(o, "parameter_base", str_or_null(t->param_base));
	}
	if (executor != PACE_EXECUTOR_DEFAULT)
		json_object_set_new(o, "executor", json_string(pace_executor_name(executor)));
	if (t->limits.memory >= 0 || t->limits.cpus >= 0 || t->limits.pids >= 0)
		json_object_set_new(o, "limits", json_pack("{s:o, s:o, s:o}",
			"memory", limit_json((double)t->limits.memory, true),
			"cpus", limit_json(t->limits.cpus, false),
			"pids", limit_json((double)t->limits.pids, true)));
	json_object_set_new(var, "name", json_string(v->name));
	json_object_set_new(var, "command", str_or_null(v->cmd.text));
	/* the history shows what ran, not its secrets (see sanitize.h) */
	pace_redact_argv(&shown, &v->cmd.argv);
	json_object_set_new(var, "argv", strvec_json(&shown));
	pace_strvec_release(&shown);
	json_object_set_new(var, "shell", json_boolean(v->cmd.shell));
	json_object_set_new(o, "variant", var);
	return dump(o);
}

static char *get_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? pace_xstrdup(s) : NULL;
}

static void get_strvec(struct pace_strvec *sv, json_t *o, const char *key)
{
	size_t i;
	json_t *v;

	json_array_foreach(json_object_get(o, key), i, v)
		if (json_is_string(v))
			pace_strvec_push(sv, json_string_value(v));
}

/* "parameters": {"n": "1"} in the order written (jansson keeps it). */
static void params_from_json(struct pace_test *t, json_t *o)
{
	const char *k;
	json_t *v;

	json_object_foreach(json_object_get(o, "parameters"), k, v) {
		if (!json_is_string(v))
			continue;
		pace_strvec_push(&t->param_names, k);
		pace_strvec_push(&t->param_values, json_string_value(v));
	}
	t->param_base = get_str(o, "parameter_base");
}

/* Fills the test-level fields (not id, suite or variants). */
void pace_store_test_from_json(struct pace_test *t, const char *json)
{
	json_t *o = json ? json_loads(json, 0, NULL) : NULL, *lim;

	t->name = get_str(o, "name");
	t->description = get_str(o, "description");
	t->category = get_str(o, "category");
	get_strvec(&t->tags, o, "tags");
	params_from_json(t, o);
	t->expected_exit = (int)json_integer_value(json_object_get(o, "expected_exit"));
	lim = json_object_get(o, "limits");
	t->limits.memory = (int64_t)limit_from_json(lim, "memory");
	t->limits.cpus = limit_from_json(lim, "cpus");
	t->limits.pids = (int64_t)limit_from_json(lim, "pids");
	json_decref(o);
}

enum pace_executor pace_store_executor_from_json(const char *json)
{
	json_t *o = json ? json_loads(json, 0, NULL) : NULL;
	int e = pace_executor_parse(json_string_value(json_object_get(o, "executor")));

	json_decref(o);
	return e > 0 ? (enum pace_executor)e : PACE_EXECUTOR_DEFAULT;
}

void pace_store_variant_from_json(struct pace_variant *v, const char *json)
{
	json_t *o = json ? json_loads(json, 0, NULL) : NULL;
	json_t *var = json_object_get(o, "variant");

	v->cmd.text = get_str(var, "command");
	get_strvec(&v->cmd.argv, var, "argv");
	v->cmd.shell = json_is_true(json_object_get(var, "shell"));
	json_decref(o);
}

/* The system check at run start (probe/system.h), in check order. */
static json_t *checks_json(const struct pace_env_info *e)
{
	json_t *a = json_array();

	for (size_t i = 0; i < e->nchecks; i++) {
		const struct pace_env_check *k = &e->checks[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:b}",
			"name", k->name, "status", pace_check_status_name(k->status),
			"value", k->value ? k->value : "", "advice",
			str_or_null(k->advice), "notable", k->notable));
	}
	return a;
}

static void checks_from_json(struct pace_env_info *e, json_t *a)
{
	size_t i;
	json_t *k;

	e->checks = NULL;
	e->nchecks = 0;
	if (!json_is_array(a) || !json_array_size(a))
		return;
	e->checks = pace_xcalloc(json_array_size(a), sizeof(*e->checks));
	json_array_foreach(a, i, k) {
		struct pace_env_check *c = &e->checks[e->nchecks];
		const char *st = json_string_value(json_object_get(k, "status"));

		if (!json_is_string(json_object_get(k, "name")))
			continue;
		c->name = get_str(k, "name");
		c->value = get_str(k, "value");
		if (!c->value)
			c->value = pace_xstrdup("");
		c->advice = get_str(k, "advice");
		if (pace_check_status_parse(st, &c->status) < 0)
			c->status = PACE_CHECK_UNKNOWN;
		c->notable = json_is_true(json_object_get(k, "notable"));
		e->nchecks++;
	}
}

char *pace_store_env_json(const struct pace_env_info *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "hostname", str_or_null(e->hostname));
	json_object_set_new(o, "os", str_or_null(e->os));
	json_object_set_new(o, "kernel", str_or_null(e->kernel));
	json_object_set_new(o, "arch", str_or_null(e->arch));
	json_object_set_new(o, "cpu_model", str_or_null(e->cpu_model));
	json_object_set_new(o, "ncpu", json_integer(e->ncpu));
	json_object_set_new(o, "mem_total", json_integer(e->mem_total));
	json_object_set_new(o, "pace_version", str_or_null(e->pace_version));
	json_object_set_new(o, "git_version", str_or_null(e->git_version));
	json_object_set_new(o, "jj_version", str_or_null(e->jj_version));
	json_object_set_new(o, "env_hash", str_or_null(e->env_hash));
	json_object_set_new(o, "env_distribution", str_or_null(e->env_distribution));
	json_object_set_new(o, "env_packages", strvec_json(&e->env_packages));
	json_object_set_new(o, "checks", checks_json(e));
	return dump(o);
}

void pace_store_env_from_json(struct pace_env_info *e, const char *json)
{
	json_t *o = json ? json_loads(json, 0, NULL) : NULL;
	json_t *mem = json_object_get(o, "mem_total");

	e->hostname = get_str(o, "hostname");
	e->os = get_str(o, "os");
	e->kernel = get_str(o, "kernel");
	e->arch = get_str(o, "arch");
	e->cpu_model = get_str(o, "cpu_model");
	e->ncpu = (int)json_integer_value(json_object_get(o, "ncpu"));
	e->mem_total = mem ? (int64_t)json_integer_value(mem) : -1;
	e->pace_version = get_str(o, "pace_version");
	e->git_version = get_str(o, "git_version");
	e->jj_version = get_str(o, "jj_version");
	e->env_hash = get_str(o, "env_hash");
	e->env_distribution = get_str(o, "env_distribution");
	get_strvec(&e->env_packages, o, "env_packages");
	checks_from_json(e, json_object_get(o, "checks"));
	json_decref(o);
}

const char *pace_store_stop_reason(const char *s)
{
	static const char *const reasons[] = {
		"runs", "min-time", "precision", "max-runs", "max-time",
		"failure", "interrupted",
	};
	for (size_t i = 0; s && i < PACE_ARRAY_SIZE(reasons); i++)
		if (!strcmp(s, reasons[i]))
			return reasons[i];
	return NULL;
}

/* ---- an in-process target's extra figures ------------------------------- */

/* A summary as an array in struct order; NaN as null.  jansson writes
 * doubles with 17 significant digits, so they come back bit for bit. */
static json_t *summary_json(const struct pace_summary *s)
{
	const double f[] = {s->mean, s->sd, s->median, s->min, s->max, s->q1,
			    s->q3, s->ci_lo, s->ci_hi};
	json_t *a = json_array();

	json_array_append_new(a, json_integer((json_int_t)s->n));
	for (size_t i = 0; i < PACE_ARRAY_SIZE(f); i++)
		json_array_append_new(a, pace_json_num(f[i]));
	json_array_append_new(a, json_integer((json_int_t)s->outliers_mild));
	json_array_append_new(a, json_integer((json_int_t)s->outliers_severe));
	return a;
}

static double num_of(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static double num_at(json_t *a, size_t i)
{
	return num_of(json_array_get(a, i));
}

static void summary_from(struct pace_summary *s, json_t *a)
{
	double *f[] = {&s->mean, &s->sd, &s->median, &s->min, &s->max, &s->q1,
		       &s->q3, &s->ci_lo, &s->ci_hi};

	s->n = (size_t)json_integer_value(json_array_get(a, 0));
	for (size_t i = 0; i < PACE_ARRAY_SIZE(f); i++)
		*f[i] = num_at(a, i + 1);
	s->outliers_mild = (size_t)json_integer_value(json_array_get(a, 10));
	s->outliers_severe = (size_t)json_integer_value(json_array_get(a, 11));
}

char *pace_store_inproc_json(const struct pace_inproc *ip)
{
	json_t *o = json_object(), *names = json_array(), *sums = json_array();
	json_t *values = json_array();

	json_object_set_new(o, "clock", str_or_null(ip->clock));
	json_object_set_new(o, "resolution_ns", pace_json_num(ip->timer_resolution_ns));
	json_object_set_new(o, "getres_ns", pace_json_num(ip->timer_getres_ns));
	json_object_set_new(o, "overhead_ns", pace_json_num(ip->timer_overhead_ns));
	json_object_set_new(o, "iterations", json_integer(ip->iterations));
	json_object_set_new(o, "bytes_per_op", pace_json_num(ip->bytes_per_op));
	json_object_set_new(o, "items_per_op", pace_json_num(ip->items_per_op));
	json_object_set_new(o, "bytes_per_sec", summary_json(&ip->bytes_per_sec));
	json_object_set_new(o, "items_per_sec", summary_json(&ip->items_per_sec));
	for (size_t k = 0; k < ip->ncounters; k++) {
		json_array_append_new(names, json_string(ip->counter_names[k]));
		json_array_append_new(sums, summary_json(&ip->counters[k]));
	}
	for (size_t i = 0; i < ip->ncounters * ip->nvalues; i++)
		json_array_append_new(values, pace_json_num(ip->counter_values[i]));
	json_object_set_new(o, "counter_names", names);
	json_object_set_new(o, "counters", sums);
	json_object_set_new(o, "nvalues", json_integer((json_int_t)ip->nvalues));
	json_object_set_new(o, "counter_values", values);
	return dump(o);
}

struct pace_inproc *pace_store_inproc_from_json(const char *json)
{
	json_t *o = json ? json_loads(json, 0, NULL) : NULL;
	json_t *names = json_object_get(o, "counter_names");
	json_t *sums = json_object_get(o, "counters");
	json_t *values = json_object_get(o, "counter_values");
	struct pace_inproc *ip;
	size_t nc = json_array_size(names);

	if (!json_is_object(o))
		return NULL; /* a command's result, or an unreadable text */
	ip = pace_xcalloc(1, sizeof(*ip));
	ip->clock = get_str(o, "clock");
	ip->timer_resolution_ns = num_of(json_object_get(o, "resolution_ns"));
	ip->timer_getres_ns = num_of(json_object_get(o, "getres_ns"));
	ip->timer_overhead_ns = num_of(json_object_get(o, "overhead_ns"));
	ip->iterations = (int64_t)json_integer_value(json_object_get(o, "iterations"));
	ip->bytes_per_op = num_of(json_object_get(o, "bytes_per_op"));
	ip->items_per_op = num_of(json_object_get(o, "items_per_op"));
	summary_from(&ip->bytes_per_sec, json_object_get(o, "bytes_per_sec"));
	summary_from(&ip->items_per_sec, json_object_get(o, "items_per_sec"));
	ip->ncounters = nc;
	ip->counter_names = pace_xcalloc(nc + 1, sizeof(char *));
	ip->counters = pace_xcalloc(nc + 1, sizeof(*ip->counters));
	for (size_t k = 0; k < nc; k++) {
		const char *name = json_string_value(json_array_get(names, k));
		ip->counter_names[k] = pace_xstrdup(name ? name : "?");
		summary_from(&ip->counters[k], json_array_get(sums, k));
	}
	ip->nvalues = (size_t)json_integer_value(json_object_get(o, "nvalues"));
	if (nc * ip->nvalues > json_array_size(values))
		ip->nvalues = 0; /* inconsistent: keep the summaries only */
	ip->counter_values = pace_xcalloc(nc * ip->nvalues + 1, sizeof(double));
	for (size_t i = 0; i < nc * ip->nvalues; i++)
		ip->counter_values[i] = num_at(values, i);
	json_decref(o);
	return ip;
}

/* ---- issue 13: what a command's result measured besides its samples ---- */

static json_t *nums(const double *x, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, pace_json_num(x[i]));
	return a;
}

static json_t *timeseries_json(const struct pace_timeseries *ts)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o}",
		"interval_ns", (json_int_t)ts->interval_ns,
		"t_s", nums(ts->t_s, ts->n), "cpu", nums(ts->cpu, ts->n),
		"rss", nums(ts->rss, ts->n), "io", nums(ts->io, ts->n));
}

static json_t *profile_json(const struct pace_profile *p)
{
	json_t *fns = json_array(), *paths = json_array();

	for (size_t i = 0; i < p->nfns; i++)
		json_array_append_new(fns, json_pack("[s, I]", p->fns[i].name,
						     (json_int_t)p->fns[i].self));
	for (size_t i = 0; i < p->npaths; i++)
		json_array_append_new(paths, json_pack("[s, I]", p->paths[i].text,
						       (json_int_t)p->paths[i].cost));
	return json_pack("{s:I, s:o, s:o}", "total", (json_int_t)p->total,
			 "functions", fns, "paths", paths);
}

char *pace_store_measure_json(const struct pace_result *r)
{
	json_t *o;

	if (!r->perf_note && !r->timeseries && !r->profile &&
	    !pace_controls_any(&r->controls))
		return NULL;
	o = json_object();
	json_object_set_new(o, "controls", json_pack("{s:s, s:b, s:I, s:i}",
		"cpus", r->controls.cpus, "no_aslr", r->controls.no_aslr,
		"env_pad", (json_int_t)r->controls.env_pad, "nice", r->controls.nice));
	json_object_set_new(o, "perf_note", str_or_null(r->perf_note));
	json_object_set_new(o, "timeseries", r->timeseries
			    ? timeseries_json(r->timeseries) : json_null());
	json_object_set_new(o, "profile", r->profile ? profile_json(r->profile)
						    : json_null());
	return dump(o);
}

static struct pace_timeseries *timeseries_from(json_t *o)
{
	struct pace_timeseries *ts;
	double **cols[4];
	const char *keys[4] = {"t_s", "cpu", "rss", "io"};
	size_t n = json_array_size(json_object_get(o, "t_s"));

	if (!json_is_object(o))
		return NULL;
	ts = pace_xcalloc(1, sizeof(*ts));
	ts->interval_ns = (int64_t)json_integer_value(json_object_get(o, "interval_ns"));
	ts->n = ts->alloc = n;
	cols[0] = &ts->t_s, cols[1] = &ts->cpu, cols[2] = &ts->rss, cols[3] = &ts->io;
	for (size_t c = 0; c < 4; c++) {
		json_t *a = json_object_get(o, keys[c]);
		*cols[c] = pace_xcalloc(n + 1, sizeof(double));
		for (size_t i = 0; i < n; i++)
			(*cols[c])[i] = num_at(a, i);
	}
	return ts;
}

static struct pace_profile *profile_from(json_t *o)
{
	json_t *fns = json_object_get(o, "functions"), *paths = json_object_get(o, "paths");
	struct pace_profile *p;

	if (!json_is_object(o))
		return NULL;
	p = pace_xcalloc(1, sizeof(*p));
	p->total = (int64_t)json_integer_value(json_object_get(o, "total"));
	p->nfns = json_array_size(fns);
	p->fns = pace_xcalloc(p->nfns + 1, sizeof(*p->fns));
	for (size_t i = 0; i < p->nfns; i++) {
		const char *s = json_string_value(json_array_get(json_array_get(fns, i), 0));
		p->fns[i].name = pace_xstrdup(s ? s : "?");
		p->fns[i].self = (int64_t)json_integer_value(
			json_array_get(json_array_get(fns, i), 1));
	}
	p->npaths = json_array_size(paths);
	p->paths = pace_xcalloc(p->npaths + 1, sizeof(*p->paths));
	for (size_t i = 0; i < p->npaths; i++) {
		const char *s = json_string_value(json_array_get(json_array_get(paths, i), 0));
		p->paths[i].text = pace_xstrdup(s ? s : "?");
		p->paths[i].cost = (int64_t)json_integer_value(
			json_array_get(json_array_get(paths, i), 1));
	}
	return p;
}

void pace_store_measure_from_json(struct pace_result *r, const char *json)
{
	json_t *o = json ? json_loads(json, 0, NULL) : NULL;

	if (!json_is_object(o)) {
		json_decref(o);
		return;
	}
	json_t *c = json_object_get(o, "controls");
	const char *cpus = json_string_value(json_object_get(c, "cpus"));

	snprintf(r->controls.cpus, sizeof(r->controls.cpus), "%s", cpus ? cpus : "");
	r->controls.no_aslr = json_is_true(json_object_get(c, "no_aslr"));
	r->controls.env_pad = (int64_t)json_integer_value(json_object_get(c, "env_pad"));
	r->controls.nice = (int)json_integer_value(json_object_get(c, "nice"));
	r->perf_note = get_str(o, "perf_note");
	r->timeseries = timeseries_from(json_object_get(o, "timeseries"));
	r->profile = profile_from(json_object_get(o, "profile"));
	json_decref(o);
}
