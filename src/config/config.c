/*
 * config.c - pace's configuration: one table of keys, and the layers that
 * fill it (built-in defaults, system file, user file, project file, PACE_*
 * environment, flags; later layers win).
 *
 * Every key is declared exactly once in `keys[]` below: its place in a
 * YAML file (section + camelCase name), its environment variable, its
 * type, its bounds and its default *as text*.  Defaults, files, the
 * environment and flags all go through the same parser for that text, so
 * a value that is accepted in one place is accepted everywhere, and
 * `pace config show` / docs/config.md describe exactly what is checked.
 *
 * Invariant: a struct pace_config always holds a valid value for every key
 * (each setter parses and checks before it stores); origin[k] is NULL for
 * a built-in default and says where the value came from otherwise.  On an error a load may have applied some
 * keys of the failing layer already; callers stop at the first error, so
 * that is harmless.
 */
#include <assert.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <strings.h>
#include <sys/stat.h>

#include "config/config.h"
#include "config/yaml.h"
#include "util/sanitize.h"

enum ktype {
	KT_COUNT,    /* non-negative integer, int64_t */
	KT_SECONDS,  /* duration, double seconds ("1.5", "1.5s", "200ms") */
	KT_FRACTION, /* number strictly between min and max, double */
	KT_BOOL,     /* bool */
	KT_SIZE,     /* bytes ("65536", "64k", "10MiB"), int64_t */
	KT_STRING,   /* non-empty text, char * */
	KT_ENUM,     /* one of `choices`, char * */
};

struct keydef {
	const char *section; /* YAML mapping it lives in */
	const char *name;    /* camelCase key inside it */
	const char *path;    /* section.name, for messages */
	const char *env;
	enum ktype type;
	size_t offset;       /* into struct pace_config */
	double min, max;     /* inclusive (KT_FRACTION: exclusive) */
	const char *const *choices;
	const char *def;     /* default, parsed like any other value */
	const char *help;
	bool zero_ok;        /* KT_FRACTION: 0 (off) is allowed too */
	bool auto_ok;        /* KT_COUNT: "auto" is allowed, stored as 0 */
};

static const char *const color_choices[] = {"auto", "always", "never", NULL};
static const char *const estimator_choices[] = {"mean", "median", NULL};
static const char *const executor_choices[] = {"local", "sandbox", "docker", NULL};
static const char *const measure_choices[] = {"time", "instructions", NULL};

#define OFF(field) offsetof(struct pace_config, field)
#define NOMAX HUGE_VAL

static const struct keydef keys[PACE_CFG_NKEYS] = {
	[PACE_CFG_RUNS] = {"execution", "runs", "execution.runs", "PACE_RUNS",
		KT_COUNT, OFF(runs), 1, NOMAX, NULL, "auto",
		"measured runs per command, or auto (minRuns..maxRuns, about minTime)",
		false, true},
	[PACE_CFG_MIN_RUNS] = {"execution", "minRuns", "execution.minRuns", "PACE_MIN_RUNS",
		KT_COUNT, OFF(min_runs), 1, NOMAX, NULL, "10",
		"fewest runs when the count is automatic"},
	[PACE_CFG_MAX_RUNS] = {"execution", "maxRuns", "execution.maxRuns", "PACE_MAX_RUNS",
		KT_COUNT, OFF(max_runs), 0, NOMAX, NULL, "0",
		"most runs when the count is automatic; 0 = no limit"},
	[PACE_CFG_WARMUP] = {"execution", "warmupRuns", "execution.warmupRuns", "PACE_WARMUP",
		KT_COUNT, OFF(warmup), 0, NOMAX, NULL, "0",
		"runs made and discarded before measuring"},
	[PACE_CFG_MIN_TIME] = {"execution", "minTime", "execution.minTime", "PACE_MIN_TIME",
		KT_SECONDS, OFF(min_time), 0, NOMAX, NULL, "3",
		"time the automatic run count aims to spend per command"},
	[PACE_CFG_MAX_TIME] = {"execution", "maxTime", "execution.maxTime", "PACE_MAX_TIME",
		KT_SECONDS, OFF(max_time), 0, NOMAX, NULL, "0",
		"with precision: most seconds spent measuring one test; 0 = no limit"},
	[PACE_CFG_PRECISION] = {"execution", "precision", "execution.precision",
		"PACE_PRECISION", KT_FRACTION, OFF(precision), 0, 1, NULL, "0",
		"run until each mean's relative CI half-width is this small (1% = 0.01); 0 = off",
		true},
	[PACE_CFG_TIMEOUT] = {"execution", "timeout", "execution.timeout", "PACE_TIMEOUT",
		KT_SECONDS, OFF(timeout), 0, NOMAX, NULL, "0",
		"longest one iteration may take before it is killed; 0 = none"},
	[PACE_CFG_KILL_GRACE] = {"execution", "killGrace", "execution.killGrace", "PACE_KILL_GRACE",
		KT_SECONDS, OFF(kill_grace), 0, NOMAX, NULL, "1",
		"time between SIGTERM and SIGKILL on a timeout"},
	[PACE_CFG_SHELL] = {"execution", "shell", "execution.shell", "PACE_SHELL",
		KT_BOOL, OFF(shell), 0, 0, NULL, "false",
		"run command strings through /bin/sh -c"},
	[PACE_CFG_IGNORE_FAILURE] = {"execution", "ignoreFailure", "execution.ignoreFailure",
		"PACE_IGNORE_FAILURE", KT_BOOL, OFF(ignore_failure), 0, 0, NULL, "false",
		"count failed iterations anyway and exit 0"},
	[PACE_CFG_CAPTURE_LIMIT] = {"execution", "captureLimit", "execution.captureLimit",
		"PACE_CAPTURE_LIMIT", KT_SIZE, OFF(capture_limit), 0, NOMAX, NULL, "65536",
		"bytes of stdout and of stderr kept per iteration"},
	[PACE_CFG_MAX_OUTPUT] = {"execution", "maxOutput", "execution.maxOutput", "PACE_MAX_OUTPUT",
		KT_SIZE, OFF(max_output), 0, NOMAX, NULL, "10485760",
		"output beyond which an iteration fails; 0 = no limit"},
	[PACE_CFG_RETRIES] = {"execution", "retries", "execution.retries", "PACE_RETRIES",
		KT_COUNT, OFF(retries), 0, 100, NULL, "3",
		"retries when pace itself cannot start a command (EAGAIN)"},
	[PACE_CFG_OUTPUT_DIR] = {"output", "destination", "output.destination", "PACE_OUTPUT",
		KT_STRING, OFF(output_dir), 0, 0, NULL, "benchmarks/output",
		"directory for raw/, results.json, results.csv, summary.md"},
	[PACE_CFG_SUMMARY] = {"output", "summary", "output.summary", "PACE_SUMMARY",
		KT_BOOL, OFF(summary), 0, 0, NULL, "true",
		"write summary.md and print the console summary"},
	[PACE_CFG_SHOW_OUTPUT] = {"output", "showOutput", "output.showOutput", "PACE_SHOW_OUTPUT",
		KT_BOOL, OFF(show_output), 0, 0, NULL, "false",
		"print each run's stdout and stderr"},
	[PACE_CFG_QUIET] = {"output", "quiet", "output.quiet", "PACE_QUIET",
		KT_BOOL, OFF(quiet), 0, 0, NULL, "false",
		"only errors and the final verdict on the console"},
	[PACE_CFG_COLOR] = {"output", "color", "output.color", "PACE_COLOR",
		KT_ENUM, OFF(color), 0, 0, color_choices, "auto",
		"colour on the console: auto (terminal and no NO_COLOR), always, never"},
	[PACE_CFG_CONFIDENCE] = {"analysis", "confidenceLevel", "analysis.confidenceLevel",
		"PACE_CONFIDENCE", KT_FRACTION, OFF(confidence), 0, 1, NULL, "0.95",
		"confidence level of intervals"},
	[PACE_CFG_ALPHA] = {"analysis", "significanceLevel", "analysis.significanceLevel",
		"PACE_ALPHA", KT_FRACTION, OFF(alpha), 0, 1, NULL, "0.05",
		"significance level (alpha) of tests and of the normality check"},
	[PACE_CFG_THRESHOLD] = {"analysis", "practicalThreshold", "analysis.practicalThreshold",
		"PACE_THRESHOLD", KT_FRACTION, OFF(threshold), 0, 1, NULL, "0.02",
		"smallest relative difference that matters (0.02 = 2 %)"},
	[PACE_CFG_BOOTSTRAP] = {"analysis", "bootstrapResamples", "analysis.bootstrapResamples",
		"PACE_BOOTSTRAP", KT_COUNT, OFF(bootstrap), 100, 10000000, NULL, "2000",
		"bootstrap resamples of the speedup's interval"},
	[PACE_CFG_SEED] = {"analysis", "seed", "analysis.seed",
		"PACE_SEED", KT_COUNT, OFF(seed), 0, 4294967295.0, NULL, "1",
		"seed of the bootstrap's random generator (same seed, same interval)"},
	[PACE_CFG_STORE] = {"output", "store", "output.store", "PACE_STORE",
		KT_STRING, OFF(store), 0, 0, NULL, "benchmarks/pace.db",
		"history database: an SQLite file (pace history, pace compare)"},
	[PACE_CFG_COMPRESSION] = {"output", "compression", "output.compression",
		"PACE_COMPRESSION", KT_BOOL, OFF(compression), 0, 0, NULL, "true",
		"compress the reports moved to archive/<run-id>/ with zstd"},
	[PACE_CFG_OUTLIER_DETECTION] = {"analysis", "outlierDetection",
		"analysis.outlierDetection", "PACE_OUTLIER_DETECTION", KT_BOOL,
		OFF(outlier_detection), 0, 0, NULL, "false",
		"also show every summary without its Tukey outliers (they are always counted, never dropped)"},
	[PACE_CFG_PRECISION_ESTIMATOR] = {"execution", "precisionEstimator",
		"execution.precisionEstimator", "PACE_PRECISION_ESTIMATOR", KT_ENUM,
		OFF(precision_estimator), 0, 0, estimator_choices, "mean",
		"whose interval precision judges: mean (t interval) or median (order statistics)"},
	[PACE_CFG_EXECUTOR] = {"execution", "executor", "execution.executor",
		"PACE_EXECUTOR", KT_ENUM, OFF(executor), 0, 0, executor_choices, "local",
		"how tests run unless their suite or test says: local, sandbox (namespaces + cgroups) or docker (a container per variant)"},
	[PACE_CFG_PRIVATE] = {"output", "private", "output.private", "PACE_PRIVATE",
		KT_BOOL, OFF(private_files), 0, 0, NULL, "true",
		"create the history and the report files private (0600, directories 0700)"},
	[PACE_CFG_PARALLELISM] = {"execution", "parallelism", "execution.parallelism",
		"PACE_PARALLELISM", KT_COUNT, OFF(parallelism), 1, 1024, NULL, "1",
		"independent tests run at once (--jobs); 1 measures one test at a time"},
	[PACE_CFG_ITERATION_RETRIES] = {"execution", "iterationRetries",
		"execution.iterationRetries", "PACE_ITERATION_RETRIES", KT_COUNT,
		OFF(iteration_retries), 0, 100, NULL, "0",
		"re-runs of an iteration that timed out or could not start (after 1 s, 5 s, 10 s)"},
	[PACE_CFG_MEASURE] = {"execution", "measure", "execution.measure",
		"PACE_MEASURE", KT_ENUM, OFF(measure), 0, 0, measure_choices, "time",
		"what a command is judged by: time, or instructions executed under valgrind (deterministic)"},
	[PACE_CFG_PROFILE] = {"execution", "profile", "execution.profile",
		"PACE_PROFILE", KT_BOOL, OFF(profile), 0, 0, NULL, "false",
		"count instructions per function with callgrind: hot functions and call paths per test"},
	[PACE_CFG_SAMPLER] = {"execution", "sampler", "execution.sampler",
		"PACE_SAMPLER", KT_BOOL, OFF(sampler), 0, 0, NULL, "true",
		"sample each run's process tree (CPU, memory, I/O) into a time series"},
	[PACE_CFG_SAMPLE_INTERVAL] = {"execution", "sampleInterval", "execution.sampleInterval",
		"PACE_SAMPLE_INTERVAL", KT_SECONDS, OFF(sample_interval), 0, 60, NULL, "0",
		"time between samples; 0 = a hundredth of the previous run, 10 ms to 1 s"},
	[PACE_CFG_CPUS] = {"execution", "cpus", "execution.cpus", "PACE_CPUS",
		KT_STRING, OFF(cpus), 0, 0, NULL, "none",
		"CPUs the commands are pinned to (\"0-1,3\"), or none"},
	[PACE_CFG_ASLR] = {"execution", "aslr", "execution.aslr", "PACE_ASLR",
		KT_BOOL, OFF(aslr), 0, 0, NULL, "true",
		"false: commands run with address-space layout randomisation off"},
	[PACE_CFG_ENV_PAD] = {"execution", "envPad", "execution.envPad", "PACE_ENV_PAD",
		KT_SIZE, OFF(env_pad), 0, 1048576, NULL, "0",
		"add PACE_ENV_PAD with 0..N random bytes to each run's environment (layout effects)"},
	[PACE_CFG_NICE] = {"execution", "nice", "execution.nice", "PACE_NICE",
		KT_COUNT, OFF(nice), 0, 19, NULL, "0",
		"niceness of pace and its commands for the run"},
};

static const char *const sections[] = {"execution", "output", "analysis"};

/* Not config keys, but pace's own: never "unknown". */
static const char *const other_env[] = {"PACE_SYSTEM_CONFIG"};

union kvalue {
	int64_t i;
	double d;
	bool b;
	const char *s;
};

/* The field of `cfg` that key `kd` lives in. */
#define FIELD(cfg, kd, type) ((type *)(void *)((char *)(cfg) + (kd)->offset))
#define CFIELD(cfg, kd, type) \
	((const type *)(const void *)((const char *)(cfg) + (kd)->offset))

/* ---- values: one parser for defaults, files, environment and flags ---- */

static void describe_expected(const struct keydef *kd, struct pace_strbuf *out)
{
	switch (kd->type) {
	case KT_COUNT:
		if (kd->max != NOMAX)
			pace_strbuf_addf(out, "an integer from %.0f to %.0f",
					 kd->min, kd->max);
		else if (kd->min > 0)
			pace_strbuf_addf(out, "an integer >= %.0f", kd->min);
		else
			pace_strbuf_adds(out, "a non-negative integer");
		if (kd->auto_ok)
			pace_strbuf_adds(out, ", or auto");
		break;
	case KT_SECONDS:
		pace_strbuf_adds(out, "a non-negative duration (seconds, or with a "
				 "unit: 1.5s, 200ms, 2m)");
		break;
	case KT_FRACTION:
		pace_strbuf_addf(out, "a number greater than %g and less than %g%s",
				 kd->min, kd->max, kd->zero_ok ? ", or 0" : "");
		break;
	case KT_BOOL:
		pace_strbuf_adds(out, "true or false");
		break;
	case KT_SIZE:
		pace_strbuf_adds(out, "a size in bytes (65536, 64k, 10MB, 1GiB)");
		break;
	case KT_STRING:
		pace_strbuf_adds(out, "a non-empty string");
		break;
	case KT_ENUM:
		pace_strbuf_adds(out, "one of: ");
		for (size_t i = 0; kd->choices[i]; i++)
			pace_strbuf_addf(out, "%s%s", i ? ", " : "",
					 kd->choices[i]);
		break;
	}
}

/* Files take YAML's true/false only; the environment and flags also take
 * the spellings people type in shells. */
static int parse_bool(const char *s, bool lenient, bool *out)
{
	static const char *const yes[] = {"1", "yes", "on"};
	static const char *const no[] = {"0", "no", "off"};

	if (!pace_yaml_bool(s, out))
		return 0;
	for (size_t i = 0; lenient && i < PACE_ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(s, yes[i]))
			return *out = true, 0;
		if (!strcasecmp(s, no[i]))
			return *out = false, 0;
	}
	return -1;
}

static int parse_number(const struct keydef *kd, const char *s, double *out)
{
	char *end;
	double d;

	if (!*s || strchr(" \t\n", *s))
		return -1;
	errno = 0;
	d = strtod(s, &end);
	/* "2%" is 0.02: thresholds and levels are often said as percentages */
	if (*end == '%' && end != s && !end[1]) {
		d /= 100.0;
		end++;
	}
	if (*end || errno || !((d > kd->min || (kd->zero_ok && d == 0)) &&
				 d < kd->max))
		return -1;
	*out = d;
	return 0;
}

static int parse_value(const struct keydef *kd, const char *s, bool lenient,
		       union kvalue *v)
{
	uint64_t u;

	switch (kd->type) {
	case KT_COUNT:
		/* 0 would quietly mean "automatic" (--runs 0 made 2455 runs):
		 * the automatic count is asked for by name. */
		if (kd->auto_ok && !strcasecmp(s, "auto"))
			return v->i = 0, 0;
		if (pace_parse_uint(s, &u) || u > INT64_MAX ||
		    (double)u < kd->min || (double)u > kd->max)
			return -1;
		v->i = (int64_t)u;
		return 0;
	case KT_SECONDS:
		if (pace_parse_duration(s, &v->d) || v->d < kd->min ||
		    v->d > kd->max)
			return -1;
		return 0;
	case KT_FRACTION:
		return parse_number(kd, s, &v->d);
	case KT_BOOL:
		return parse_bool(s, lenient, &v->b);
	case KT_SIZE:
		if (pace_parse_size(s, &u) || u > INT64_MAX)
			return -1;
		v->i = (int64_t)u;
		return 0;
	case KT_STRING:
		v->s = s;
		return *s ? 0 : -1;
	case KT_ENUM:
		for (size_t i = 0; kd->choices[i]; i++)
			if (!strcasecmp(s, kd->choices[i]))
				return v->s = kd->choices[i], 0;
		return -1;
	}
	return -1;
}

static void store(struct pace_config *cfg, enum pace_config_key key,
		  const union kvalue *v, enum pace_config_source src,
		  const char *origin)
{
	const struct keydef *kd = &keys[key];

	switch (kd->type) {
	case KT_COUNT:
	case KT_SIZE:
		*FIELD(cfg, kd, int64_t) = v->i;
		break;
	case KT_SECONDS:
	case KT_FRACTION:
		*FIELD(cfg, kd, double) = v->d;
		break;
	case KT_BOOL:
		*FIELD(cfg, kd, bool) = v->b;
		break;
	case KT_STRING:
	case KT_ENUM:
		free(*FIELD(cfg, kd, char *));
		*FIELD(cfg, kd, char *) = pace_xstrdup(v->s);
		break;
	}
	cfg->source[key] = src;
	free(cfg->origin[key]);
	cfg->origin[key] = origin ? pace_xstrdup(origin) : NULL;
}

/* "<subject> must be <expected>, got <got>" */
static void format_bad(struct pace_strbuf *out, const char *subject,
		       const struct keydef *kd, const char *got)
{
	pace_strbuf_addf(out, "%s must be ", subject);
	describe_expected(kd, out);
	pace_strbuf_addf(out, ", got %s", got);
}

/* ---- defaults and text (environment, flags) ------------------------------ */

void pace_config_init(struct pace_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (int k = 0; k < PACE_CFG_NKEYS; k++) {
		union kvalue v;
		int rc = parse_value(&keys[k], keys[k].def, false, &v);
		assert(rc == 0 && "bad default in the key table");
		(void)rc;
		store(cfg, (enum pace_config_key)k, &v, PACE_SRC_DEFAULT, NULL);
	}
}

void pace_config_release(struct pace_config *cfg)
{
	free(cfg->output_dir);
	free(cfg->color);
	free(cfg->store);
	free(cfg->precision_estimator);
	free(cfg->executor);
	free(cfg->measure);
	free(cfg->cpus);
	for (int k = 0; k < PACE_CFG_NKEYS; k++)
		free(cfg->origin[k]);
	memset(cfg, 0, sizeof(*cfg));
}

int pace_config_set(struct pace_config *cfg, enum pace_config_key key,
		    const char *value, enum pace_config_source src,
		    const char *origin, struct pace_error *err)
{
	const struct keydef *kd;
	union kvalue v;

	assert(key >= 0 && key < PACE_CFG_NKEYS);
	kd = &keys[key];
	if (parse_value(kd, value, true, &v)) {
		struct pace_strbuf subject = PACE_STRBUF_INIT;
		struct pace_strbuf msg = PACE_STRBUF_INIT;
		struct pace_strbuf quoted = PACE_STRBUF_INIT;
		char *got;
		/* a bad environment value is echoed bounded and escaped */
		pace_strbuf_addc(&quoted, '\'');
		pace_sanitize_excerpt(&quoted, value, PACE_EXCERPT_MAX, 0);
		pace_strbuf_addc(&quoted, '\'');
		got = pace_strbuf_detach(&quoted);
		if (src == PACE_SRC_ENV)
			pace_strbuf_addf(&subject, "environment variable %s",
					 origin ? origin : kd->env);
		else if (src == PACE_SRC_FLAG && origin)
			pace_strbuf_addf(&subject, "option '%s'", origin);
		else
			pace_strbuf_addf(&subject, "'%s'", kd->path);
		format_bad(&msg, pace_strbuf_str(&subject), kd, got);
		pace_error_set(err, PACE_EUSAGE, "%s", pace_strbuf_str(&msg));
		pace_strbuf_release(&subject);
		pace_strbuf_release(&msg);
		free(got);
		return PACE_EUSAGE;
	}
	store(cfg, key, &v, src, origin ? origin : kd->path);
	return 0;
}

/* Where a key's value came from, for messages: "--max-runs",
 * "pace.yaml:3:12", "PACE_MAX_RUNS" or the key's name. */
static const char *origin_of(const struct pace_config *cfg,
			     enum pace_config_key key)
{
	return cfg->origin[key] ? cfg->origin[key] : keys[key].path;
}

int pace_config_check(const struct pace_config *cfg, struct pace_error *err)
{
	if (cfg->max_runs > 0 && cfg->min_runs > cfg->max_runs)
		return pace_error_set(err, PACE_EUSAGE, "the fewest runs (%lld, "
				      "from %s) is more than the most runs (%lld, "
				      "from %s): expected minRuns <= maxRuns",
				      (long long)cfg->min_runs,
				      origin_of(cfg, PACE_CFG_MIN_RUNS),
				      (long long)cfg->max_runs,
				      origin_of(cfg, PACE_CFG_MAX_RUNS));
	return 0;
}

/* ---- files ----------------------------------------------------------------- */

static void list_section_keys(const char *section, struct pace_strbuf *out)
{
	bool first = true;
	for (int k = 0; k < PACE_CFG_NKEYS; k++) {
		if (strcmp(keys[k].section, section))
			continue;
		pace_strbuf_addf(out, "%s%s", first ? "" : ", ", keys[k].name);
		first = false;
	}
}

static int find_key(const char *section, const char *name)
{
	for (int k = 0; k < PACE_CFG_NKEYS; k++)
		if (!strcmp(keys[k].section, section) &&
		    !strcmp(keys[k].name, name))
			return k;
	return -1;
}

/* Counts, booleans and fractions must be written as YAML numbers and
 * booleans: a quoted "20" is a string, as it would be in JSON. */
static bool wants_plain(enum ktype t)
{
	return t == KT_COUNT || t == KT_BOOL || t == KT_FRACTION;
}

static int apply_node(struct pace_config *cfg, struct pace_yaml *y,
		      enum pace_config_key key, struct fy_node *kn,
		      struct fy_node *vn, enum pace_config_source src,
		      struct pace_error *err)
{
	const struct keydef *kd = &keys[key];
	struct pace_strbuf got = PACE_STRBUF_INIT;
	const char *text = pace_yaml_text(vn);
	union kvalue v;
	int line, col;

	if (!text || pace_yaml_is_null(vn) ||
	    (wants_plain(kd->type) && !pace_yaml_is_plain(vn)) ||
	    parse_value(kd, text, false, &v)) {
		struct pace_strbuf msg = PACE_STRBUF_INIT;
		char *subject = pace_xasprintf("'%s'", kd->path);
		pace_yaml_describe(vn, &got);
		if (text && !pace_yaml_is_plain(vn) && wants_plain(kd->type))
			pace_strbuf_adds(&got, " (a quoted string)");
		format_bad(&msg, subject, kd, pace_strbuf_str(&got));
		pace_yaml_error(y, vn, kn, err, "%s", pace_strbuf_str(&msg));
		pace_strbuf_release(&msg);
		pace_strbuf_release(&got);
		free(subject);
		return PACE_EUSAGE;
	}
	pace_yaml_pos(y, vn, &line, &col);
	if (!line)
		pace_yaml_pos(y, kn, &line, &col);
	pace_strbuf_addf(&got, "%s:%d", y->path, line);
	store(cfg, key, &v, src, pace_strbuf_str(&got));
	pace_strbuf_release(&got);
	return 0;
}

static int apply_section(struct pace_config *cfg, struct pace_yaml *y,
			 const char *section, struct fy_node *kn,
			 struct fy_node *map, enum pace_config_source src,
			 struct pace_error *err)
{
	struct fy_node_pair *p;
	void *it = NULL;

	if (pace_yaml_is_null(map))
		return 0; /* "execution:" with nothing under it */
	if (!fy_node_is_mapping(map)) {
		struct pace_strbuf got = PACE_STRBUF_INIT;
		int rc;
		pace_yaml_describe(map, &got);
		rc = pace_yaml_error(y, map, kn, err, "'%s' must be a mapping of "
				     "keys, got %s", section, pace_strbuf_str(&got));
		pace_strbuf_release(&got);
		return rc;
	}
	while ((p = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(p);
		const char *name = pace_yaml_text(k);
		int key = name ? find_key(section, name) : -1;
		int rc;

		if (key < 0) {
			struct pace_strbuf exp = PACE_STRBUF_INIT;
			list_section_keys(section, &exp);
			rc = pace_yaml_error(y, k, map, err,
					     "unknown key '%s' in '%s' (expected one of: %s)",
					     name ? name : "(not a string)", section,
					     pace_strbuf_str(&exp));
			pace_strbuf_release(&exp);
			return rc;
		}
		rc = apply_node(cfg, y, (enum pace_config_key)key, k,
				fy_node_pair_value(p), src, err);
		if (rc)
			return rc;
	}
	return 0;
}

static int apply_document(struct pace_config *cfg, struct pace_yaml *y,
			  enum pace_config_source src, struct pace_error *err)
{
	struct fy_node_pair *p;
	void *it = NULL;

	if (pace_yaml_is_null(y->root))
		return 0; /* an empty file configures nothing */
	if (!fy_node_is_mapping(y->root))
		return pace_yaml_error(y, y->root, NULL, err,
				       "a config file must be a mapping with sections "
				       "execution, output, analysis (got %s)",
				       pace_yaml_kind(y->root));
	while ((p = fy_node_mapping_iterate(y->root, &it))) {
		struct fy_node *k = fy_node_pair_key(p);
		const char *name = pace_yaml_text(k);
		const char *section = NULL;
		int rc;

		for (size_t i = 0; name && i < PACE_ARRAY_SIZE(sections); i++)
			if (!strcmp(name, sections[i]))
				section = sections[i];
		if (!section)
			return pace_yaml_error(y, k, y->root, err,
					       "unknown key '%s' (expected one of: "
					       "execution, output, analysis)",
					       name ? name : "(not a string)");
		rc = apply_section(cfg, y, section, k, fy_node_pair_value(p),
				   src, err);
		if (rc)
			return rc;
	}
	return 0;
}

int pace_config_load_file(struct pace_config *cfg, const char *path,
			  enum pace_config_source src, bool optional,
			  struct pace_error *err)
{
	struct pace_strbuf text = PACE_STRBUF_INIT;
	struct pace_yaml y = PACE_YAML_INIT;
	struct stat st;
	int rc;

	if (stat(path, &st) < 0) {
		if (optional && (errno == ENOENT || errno == ENOTDIR))
			return 0;
		return pace_error_set(err, PACE_EUSAGE,
				      "cannot read config file '%s': %s", path,
				      strerror(errno));
	}
	rc = pace_read_input(path, &text, err);
	if (rc) {
		err->code = PACE_EUSAGE; /* the user's file, the user's fix */
		pace_strbuf_release(&text);
		return PACE_EUSAGE;
	}
	rc = pace_yaml_parse(&y, path, text.buf, text.len, err);
	if (!rc)
		rc = apply_document(cfg, &y, src, err);
	pace_yaml_release(&y);
	pace_strbuf_release(&text);
	return rc;
}

/* ---- environment --------------------------------------------------------- */

/* getenv() over an explicit environment, so tests and callers choose it. */
static const char *env_lookup(char *const *environ_, const char *name)
{
	size_t n = strlen(name);
	for (char *const *e = environ_; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/* Levenshtein distance, capped: only "is it 0 or 1" matters here. */
static size_t edit_distance(const char *a, size_t na, const char *b)
{
	size_t nb = strlen(b), row[64], prev, tmp;

	if (na >= PACE_ARRAY_SIZE(row) || nb >= PACE_ARRAY_SIZE(row))
		return (size_t)-1;
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[nb];
}

/* "warmupRuns" -> "PACE_WARMUP_RUNS": what someone guessing from the YAML
 * key would type. */
static void guessed_env(const struct keydef *kd, bool with_section,
			struct pace_strbuf *out)
{
	pace_strbuf_adds(out, "PACE_");
	for (const char *s = with_section ? kd->section : ""; *s; s++)
		pace_strbuf_addc(out, (char)(*s & ~0x20));
	if (with_section)
		pace_strbuf_addc(out, '_');
	for (const char *s = kd->name; *s; s++) {
		if (*s >= 'A' && *s <= 'Z')
			pace_strbuf_addc(out, '_');
		pace_strbuf_addc(out, (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s));
	}
}

/* The variable a near-miss PACE_* name was probably meant to be, or NULL
 * when it does not look like pace configuration (PACE_HELPER, ...). */
static const char *env_suggestion(const char *name, size_t n)
{
	for (size_t i = 0; i < PACE_ARRAY_SIZE(other_env); i++)
		if (strlen(other_env[i]) == n && !strncmp(name, other_env[i], n))
			return NULL;
	for (int k = 0; k < PACE_CFG_NKEYS; k++) {
		const char *env = keys[k].env;
		if (strlen(env) == n && !strncmp(name, env, n))
			return NULL; /* known */
	}
	for (int k = 0; k < PACE_CFG_NKEYS; k++) {
		struct pace_strbuf g = PACE_STRBUF_INIT;
		bool hit = edit_distance(name, n, keys[k].env) <= 1;
		for (int sec = 0; !hit && sec < 2; sec++) {
			pace_strbuf_reset(&g);
			guessed_env(&keys[k], sec, &g);
			hit = g.len == n && !strncmp(name, g.buf, n);
		}
		pace_strbuf_release(&g);
		if (hit)
			return keys[k].env;
	}
	return NULL;
}

int pace_config_load_env(struct pace_config *cfg, char *const *environ_,
			 struct pace_error *err)
{
	for (char *const *e = environ_; e && *e; e++) {
		const char *eq = strchr(*e, '=');
		size_t n = eq ? (size_t)(eq - *e) : strlen(*e);
		const char *hint;
		if (strncmp(*e, "PACE_", 5))
			continue;
		hint = env_suggestion(*e, n);
		if (hint)
			return pace_error_set(err, PACE_EUSAGE,
					      "unknown environment variable '%.*s' "
					      "(did you mean %s?)", (int)n, *e, hint);
	}
	for (int k = 0; k < PACE_CFG_NKEYS; k++) {
		const char *v = env_lookup(environ_, keys[k].env);
		int rc;
		if (!v || !*v)
			continue; /* set but empty means unset, as for NO_COLOR */
		rc = pace_config_set(cfg, (enum pace_config_key)k, v,
				     PACE_SRC_ENV, keys[k].env, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- layers ----------------------------------------------------------------- */

int pace_config_load_layers(struct pace_config *cfg, const char *project_file,
			    char *const *environ_, struct pace_error *err)
{
	const char *sys = env_lookup(environ_, "PACE_SYSTEM_CONFIG");
	const char *xdg = env_lookup(environ_, "XDG_CONFIG_HOME");
	const char *home = env_lookup(environ_, "HOME");
	char *user = NULL;
	int rc;

	rc = pace_config_load_file(cfg, sys && *sys ? sys : "/etc/pace/config.yaml",
				   PACE_SRC_SYSTEM, true, err);
	/* XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored. */
	if (xdg && *xdg == '/')
		user = pace_xasprintf("%s/pace/config.yaml", xdg);
	else if (home && *home)
		user = pace_xasprintf("%s/.config/pace/config.yaml", home);
	if (!rc && user)
		rc = pace_config_load_file(cfg, user, PACE_SRC_USER, true, err);
	free(user);
	if (!rc)
		rc = pace_config_load_file(cfg, project_file ? project_file : "pace.yaml",
					   PACE_SRC_PROJECT, !project_file, err);
	if (!rc)
		rc = pace_config_load_env(cfg, environ_, err);
	return rc;
}

/* ---- names, values, JSON ------------------------------------------------------ */

const char *pace_config_key_name(enum pace_config_key key)
{
	assert(key >= 0 && key < PACE_CFG_NKEYS);
	return keys[key].path;
}

const char *pace_config_key_env(enum pace_config_key key)
{
	assert(key >= 0 && key < PACE_CFG_NKEYS);
	return keys[key].env;
}

const char *pace_config_source_name(enum pace_config_source src)
{
	switch (src) {
	case PACE_SRC_DEFAULT: return "default";
	case PACE_SRC_SYSTEM: return "system";
	case PACE_SRC_USER: return "user";
	case PACE_SRC_PROJECT: return "project";
	case PACE_SRC_ENV: return "env";
	case PACE_SRC_FLAG: return "flag";
	}
	return "unknown";
}

void pace_config_value_str(const struct pace_config *cfg,
			   enum pace_config_key key, struct pace_strbuf *out)
{
	const struct keydef *kd;

	assert(key >= 0 && key < PACE_CFG_NKEYS);
	kd = &keys[key];
	switch (kd->type) {
	case KT_COUNT:
	case KT_SIZE:
		if (kd->auto_ok && !*CFIELD(cfg, kd, int64_t))
			pace_strbuf_adds(out, "auto");
		else
			pace_strbuf_addf(out, "%lld",
					 (long long)*CFIELD(cfg, kd, int64_t));
		break;
	case KT_SECONDS:
		pace_strbuf_addf(out, "%gs", *CFIELD(cfg, kd, double));
		break;
	case KT_FRACTION:
		pace_strbuf_addf(out, "%g", *CFIELD(cfg, kd, double));
		break;
	case KT_BOOL:
		pace_strbuf_adds(out, *CFIELD(cfg, kd, bool) ? "true" : "false");
		break;
	case KT_STRING:
	case KT_ENUM:
		pace_strbuf_adds(out, *CFIELD(cfg, kd, char *));
		break;
	}
}

static json_t *value_json(const struct pace_config *cfg, const struct keydef *kd)
{
	switch (kd->type) {
	case KT_COUNT:
	case KT_SIZE:
		return json_integer((json_int_t)*CFIELD(cfg, kd, int64_t));
	case KT_SECONDS:
	case KT_FRACTION:
		return json_real(*CFIELD(cfg, kd, double));
	case KT_BOOL:
		return json_boolean(*CFIELD(cfg, kd, bool));
	case KT_STRING:
	case KT_ENUM:
		break;
	}
	return json_string(*CFIELD(cfg, kd, char *));
}

/* Laid out like a config file, so a snapshot can be fed back with
 * --config (JSON is YAML). */
void pace_config_to_json(const struct pace_config *cfg, struct pace_strbuf *out)
{
	json_t *root = json_object();
	char *text;

	for (size_t s = 0; s < PACE_ARRAY_SIZE(sections); s++)
		json_object_set_new(root, sections[s], json_object());
	for (int k = 0; k < PACE_CFG_NKEYS; k++)
		json_object_set_new(json_object_get(root, keys[k].section),
				    keys[k].name, value_json(cfg, &keys[k]));
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text) {
		fprintf(stderr, "pace: fatal: out of memory writing JSON\n");
		abort();
	}
	pace_strbuf_adds(out, text);
	free(text);
	json_decref(root);
}
