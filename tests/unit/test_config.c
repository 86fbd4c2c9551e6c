/*
 * test_config.c - src/config: defaults, config files (values, units,
 * origins, every kind of error with its file:line:col), PACE_* variables,
 * the precedence of the layers, flags, and the JSON snapshot.  Files are
 * real files in a scratch directory; environments are explicit arrays.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "config/config.h"

static char scratch[64];

static int make_scratch(void **state)
{
	(void)state;
	snprintf(scratch, sizeof(scratch), "/tmp/pace-test-config.XXXXXX");
	return mkdtemp(scratch) ? 0 : -1;
}

static int remove_scratch(void **state)
{
	char *cmd = pace_xasprintf("rm -rf '%s'", scratch);
	int rc = system(cmd);
	(void)state;
	free(cmd);
	return rc;
}

/* Writes `text` to scratch/name (creating directories); returns the path. */
static char *put(const char *name, const char *text)
{
	char *path = pace_xasprintf("%s/%s", scratch, name);
	char *dir = pace_xstrdup(path);
	struct pace_error err = PACE_ERROR_INIT;

	*strrchr(dir, '/') = '\0';
	assert_int_equal(pace_mkdirs(dir, &err), 0);
	assert_int_equal(pace_write_file(path, text, strlen(text), &err), 0);
	free(dir);
	pace_error_release(&err);
	return path;
}

/* Loads `text` as a project config file; returns the code, message in err. */
static int load_text(struct pace_config *cfg, const char *text,
		     struct pace_error *err)
{
	char *path = put("c.yaml", text);
	int rc = pace_config_load_file(cfg, path, PACE_SRC_PROJECT, false, err);
	free(path);
	return rc;
}

/* The message after "<scratch>/c.yaml:", so expectations stay readable. */
static const char *after_path(const struct pace_error *err)
{
	const char *m = pace_error_msg(err);
	const char *p = strstr(m, "c.yaml:");
	assert_non_null(p);
	return p + strlen("c.yaml:");
}

static void test_defaults(void **state)
{
	struct pace_config cfg;
	(void)state;
	pace_config_init(&cfg);
	assert_int_equal(cfg.runs, 0);
	assert_int_equal(cfg.min_runs, 10);
	assert_int_equal(cfg.max_runs, 0);
	assert_int_equal(cfg.warmup, 0);
	assert_true(cfg.min_time == 3.0);
	assert_true(cfg.timeout == 0.0);
	assert_true(cfg.kill_grace == 1.0);
	assert_false(cfg.shell);
	assert_false(cfg.ignore_failure);
	assert_int_equal(cfg.capture_limit, 65536);
	assert_int_equal(cfg.max_output, 10485760);
	assert_int_equal(cfg.retries, 3);
	assert_string_equal(cfg.output_dir, "benchmarks/output");
	assert_true(cfg.summary);
	assert_false(cfg.show_output);
	assert_false(cfg.quiet);
	assert_string_equal(cfg.color, "auto");
	assert_true(cfg.confidence == 0.95);
	for (int k = 0; k < PACE_CFG_NKEYS; k++) {
		assert_int_equal(cfg.source[k], PACE_SRC_DEFAULT);
		assert_null(cfg.origin[k]);
	}
	pace_config_release(&cfg);
}

static void test_file_values(void **state)
{
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	pace_config_init(&cfg);
	assert_int_equal(load_text(&cfg,
		"# a project config\n"
		"execution:\n"
		"  runs: 20\n"
		"  warmupRuns: 2\n"
		"  minTime: 1.5s\n"
		"  timeout: 200ms\n"
		"  killGrace: 2\n"
		"  shell: true\n"
		"  captureLimit: 64k\n"
		"  maxOutput: 1MiB\n"
		"  retries: 0\n"
		"output:\n"
		"  destination: \"out dir\"\n"
		"  summary: false\n"
		"  color: never\n"
		"analysis:\n"
		"  confidenceLevel: 0.99\n", &err), 0);
	assert_int_equal(cfg.runs, 20);
	assert_int_equal(cfg.warmup, 2);
	assert_true(cfg.min_time == 1.5);
	assert_true(cfg.timeout > 0.1999 && cfg.timeout < 0.2001);
	assert_true(cfg.kill_grace == 2.0);
	assert_true(cfg.shell);
	assert_int_equal(cfg.capture_limit, 65536);
	assert_int_equal(cfg.max_output, 1048576);
	assert_int_equal(cfg.retries, 0);
	assert_string_equal(cfg.output_dir, "out dir");
	assert_false(cfg.summary);
	assert_string_equal(cfg.color, "never");
	assert_true(cfg.confidence == 0.99);
	/* untouched keys keep their defaults and their source */
	assert_int_equal(cfg.min_runs, 10);
	assert_int_equal(cfg.source[PACE_CFG_MIN_RUNS], PACE_SRC_DEFAULT);
	assert_int_equal(cfg.source[PACE_CFG_RUNS], PACE_SRC_PROJECT);
	assert_non_null(strstr(cfg.origin[PACE_CFG_RUNS], "c.yaml:3"));
	assert_non_null(strstr(cfg.origin[PACE_CFG_CONFIDENCE], "c.yaml:17"));
	pace_config_release(&cfg);
	pace_error_release(&err);
}

static void test_json_file(void **state)
{
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	char *path = put("c.json", "{\"execution\": {\"runs\": 7, \"shell\": true},\n"
			 " \"output\": {\"quiet\": true}}\n");
	(void)state;

	pace_config_init(&cfg);
	assert_int_equal(pace_config_load_file(&cfg, path, PACE_SRC_PROJECT,
					       false, &err), 0);
	assert_int_equal(cfg.runs, 7);
	assert_true(cfg.shell);
	assert_true(cfg.quiet);
	pace_config_release(&cfg);
	pace_error_release(&err);
	free(path);
}

static void test_empty_files(void **state)
{
	static const char *const empties[] = {"", "# only a comment\n", "---\n",
					      "execution:\n", "{}\n"};
	(void)state;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(empties); i++) {
		struct pace_config cfg;
		struct pace_error err = PACE_ERROR_INIT;
		pace_config_init(&cfg);
		assert_int_equal(load_text(&cfg, empties[i], &err), 0);
		assert_int_equal(cfg.min_runs, 10);
		pace_config_release(&cfg);
		pace_error_release(&err);
	}
}

struct bad_case {
	const char *text;
	const char *message; /* after "c.yaml:"; a prefix is enough */
};

static const struct bad_case bad_files[] = {
	{"execution:\n  runs: abc\n",
	 "2:9: 'execution.runs' must be an integer >= 1, or auto, got 'abc'"},
	{"execution:\n  runs: -1\n",
	 "2:9: 'execution.runs' must be an integer >= 1, or auto, got '-1'"},
	{"execution:\n  runs: \"20\"\n",
	 "2:9: 'execution.runs' must be an integer >= 1, or auto, got '20' (a quoted string)"},
	{"execution:\n  runs: 1.5\n", "2:9: 'execution.runs' must be"},
	{"execution:\n  runs:\n", "2:3: 'execution.runs' must be an integer >= 1, or auto, got null"},
	{"execution:\n  runs: [1, 2]\n", "2:9: 'execution.runs' must be an integer >= 1, or auto, got a list"},
	{"execution:\n  minRuns: 0\n", "2:12: 'execution.minRuns' must be an integer >= 1, got '0'"},
	{"execution:\n  retries: 101\n", "2:12: 'execution.retries' must be an integer from 0 to 100"},
	{"execution:\n  foo: 1\n",
	 "2:3: unknown key 'foo' in 'execution' (expected one of: runs, minRuns, "
	 "maxRuns, warmupRuns, minTime, maxTime, precision, timeout, killGrace, shell, ignoreFailure, "
	 "captureLimit, maxOutput, retries, precisionEstimator, executor, parallelism, iterationRetries, "
	 "measure, profile, sampler, sampleInterval, cpus, aslr, envPad, nice)"},
	{"output:\n  destination: x\n  runs: 3\n", "3:3: unknown key 'runs' in 'output'"},
	{"execution:\n  runs: 1\nbogus:\n  x: 1\n",
	 "3:1: unknown key 'bogus' (expected one of: execution, output, analysis)"},
	{"execution: 5\n", "1:12: 'execution' must be a mapping of keys, got '5'"},
	{"- a\n- b\n", "1:1: a config file must be a mapping"},
	{"execution:\n  minTime: soon\n", "2:12: 'execution.minTime' must be a non-negative duration"},
	{"execution:\n  timeout: -1s\n", "2:12: 'execution.timeout' must be a non-negative duration"},
	{"execution:\n  shell: yes\n", "2:10: 'execution.shell' must be true or false, got 'yes'"},
	{"execution:\n  captureLimit: lots\n", "2:17: 'execution.captureLimit' must be a size in bytes"},
	{"output:\n  color: purple\n",
	 "2:10: 'output.color' must be one of: auto, always, never, got 'purple'"},
	{"output:\n  destination: \"\"\n", "2:16: 'output.destination' must be a non-empty string"},
	{"analysis:\n  confidenceLevel: 1\n",
	 "2:20: 'analysis.confidenceLevel' must be a number greater than 0 and less than 1, got '1'"},
	{"analysis:\n  confidenceLevel: 0\n", "2:20: 'analysis.confidenceLevel' must be"},
	{"analysis:\n  confidenceLevel: .nan\n", "2:20: 'analysis.confidenceLevel' must be"},
	{"execution:\n  runs: [1\n", "3:1: invalid YAML: "},
	{"execution:\n  runs: 1\n  runs: 2\n", "3:3: invalid YAML: duplicate key"},
	{"execution:\n\t runs: 1\n", "2:1: invalid YAML: "},
	{"execution:\n  runs: \"abc\n", "2:10: invalid YAML: double-quoted scalar without closing quote"},
};

static void test_bad_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(bad_files); i++) {
		struct pace_config cfg;
		struct pace_error err = PACE_ERROR_INIT;
		const char *want = bad_files[i].message;

		pace_config_init(&cfg);
		assert_int_equal(load_text(&cfg, bad_files[i].text, &err),
				 PACE_EUSAGE);
		assert_int_equal(err.code, PACE_EUSAGE);
		if (strncmp(after_path(&err), want, strlen(want)))
			fail_msg("case %zu: got '%s', want '...c.yaml:%s...'", i,
				 pace_error_msg(&err), want);
		pace_config_release(&cfg);
		pace_error_release(&err);
	}
}

static void test_missing_files(void **state)
{
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	char *path = pace_xasprintf("%s/nope.yaml", scratch);
	(void)state;

	pace_config_init(&cfg);
	assert_int_equal(pace_config_load_file(&cfg, path, PACE_SRC_USER, true,
					       &err), 0);
	assert_int_equal(pace_config_load_file(&cfg, path, PACE_SRC_PROJECT,
					       false, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "nope.yaml"));
	assert_non_null(strstr(pace_error_msg(&err), "No such file"));
	/* a directory is not a config file, even an optional one */
	assert_int_equal(pace_config_load_file(&cfg, scratch, PACE_SRC_USER, true,
					       &err), PACE_EUSAGE);
	pace_config_release(&cfg);
	pace_error_release(&err);
	free(path);
}

static void test_env(void **state)
{
	char *env[] = {"HOME=/nowhere", "PACE_RUNS=12", "PACE_MIN_TIME=250ms",
		       "PACE_SHELL=yes", "PACE_QUIET=1", "PACE_SUMMARY=off",
		       "PACE_COLOR=ALWAYS", "PACE_MAX_OUTPUT=2MB",
		       "PACE_OUTPUT=/tmp/o", "PACE_WARMUP=", "PACE_HELPER=/bin/true",
		       "PACE_SYSTEM_CONFIG=/x", "NOT_PACE=1", "PACE_CONFIDENCE=0.9",
		       NULL};
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	pace_config_init(&cfg);
	assert_int_equal(pace_config_load_env(&cfg, env, &err), 0);
	assert_int_equal(cfg.runs, 12);
	assert_true(cfg.min_time > 0.2499 && cfg.min_time < 0.2501);
	assert_true(cfg.shell);
	assert_true(cfg.quiet);
	assert_false(cfg.summary);
	assert_string_equal(cfg.color, "always");
	assert_int_equal(cfg.max_output, 2000000);
	assert_string_equal(cfg.output_dir, "/tmp/o");
	assert_true(cfg.confidence == 0.9);
	/* empty means unset */
	assert_int_equal(cfg.warmup, 0);
	assert_int_equal(cfg.source[PACE_CFG_WARMUP], PACE_SRC_DEFAULT);
	assert_int_equal(cfg.source[PACE_CFG_RUNS], PACE_SRC_ENV);
	assert_string_equal(cfg.origin[PACE_CFG_RUNS], "PACE_RUNS");
	pace_config_release(&cfg);
	pace_error_release(&err);
}

static void expect_env_error(char *var, const char *want)
{
	char *env[] = {"PACE_HELPER=x", var, NULL};
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;

	pace_config_init(&cfg);
	assert_int_equal(pace_config_load_env(&cfg, env, &err), PACE_EUSAGE);
	if (strcmp(pace_error_msg(&err), want))
		fail_msg("%s: got '%s', want '%s'", var, pace_error_msg(&err), want);
	pace_config_release(&cfg);
	pace_error_release(&err);
}

static void test_env_errors(void **state)
{
	(void)state;
	expect_env_error("PACE_RUNS=abc", "environment variable PACE_RUNS must be "
			 "an integer >= 1, or auto, got 'abc'");
	/* 0 used to mean "automatic" quietly: 2455 runs for --runs 0 */
	expect_env_error("PACE_RUNS=0", "environment variable PACE_RUNS must be "
			 "an integer >= 1, or auto, got '0'");
	expect_env_error("PACE_TIMEOUT=forever", "environment variable PACE_TIMEOUT "
			 "must be a non-negative duration (seconds, or with a unit: "
			 "1.5s, 200ms, 2m), got 'forever'");
	expect_env_error("PACE_COLOR=red", "environment variable PACE_COLOR must "
			 "be one of: auto, always, never, got 'red'");
	expect_env_error("PACE_CONFIDENCE=95", "environment variable PACE_CONFIDENCE "
			 "must be a number greater than 0 and less than 1, got '95'");
	/* near misses of real names are typos, not someone else's variable */
	expect_env_error("PACE_RUN=5", "unknown environment variable 'PACE_RUN' "
			 "(did you mean PACE_RUNS?)");
	expect_env_error("PACE_WARMUP_RUNS=5", "unknown environment variable "
			 "'PACE_WARMUP_RUNS' (did you mean PACE_WARMUP?)");
	expect_env_error("PACE_CONFIDENCE_LEVEL=0.9", "unknown environment "
			 "variable 'PACE_CONFIDENCE_LEVEL' (did you mean "
			 "PACE_CONFIDENCE?)");
	expect_env_error("PACE_OUTPUT_DESTINATION=x", "unknown environment "
			 "variable 'PACE_OUTPUT_DESTINATION' (did you mean "
			 "PACE_OUTPUT?)");
}

static void test_env_unrelated(void **state)
{
	char *env[] = {"PACE_HELPER=x", "PACE_BIN=y", "PACE_DEBUG_LOG=1",
		       "PACE=/usr/bin/pace", "PACE_TOKEN=z", NULL};
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	pace_config_init(&cfg);
	assert_int_equal(pace_config_load_env(&cfg, env, &err), 0);
	pace_config_release(&cfg);
	pace_error_release(&err);
}

/* system < user < project < environment < flags, each key on its own. */
static void test_layers(void **state)
{
	char *sys = put("etc/config.yaml", "execution:\n  runs: 1\n  minRuns: 11\n"
			"  maxRuns: 101\n  warmupRuns: 1\n  retries: 1\n");
	char *user = put("xdg/pace/config.yaml", "execution:\n  minRuns: 12\n"
			 "  maxRuns: 102\n  warmupRuns: 2\n  retries: 2\n");
	char *proj = put("proj.yaml", "execution:\n  maxRuns: 103\n"
			 "  warmupRuns: 3\n  retries: 3\n");
	char *e_sys = pace_xasprintf("PACE_SYSTEM_CONFIG=%s", sys);
	char *e_xdg = pace_xasprintf("XDG_CONFIG_HOME=%s/xdg", scratch);
	char *env[] = {e_sys, e_xdg, "HOME=/nonexistent", "PACE_WARMUP=4",
		       "PACE_RETRIES=4", NULL};
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	pace_config_init(&cfg);
	assert_int_equal(pace_config_load_layers(&cfg, proj, env, &err), 0);
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_RETRIES, "5",
					 PACE_SRC_FLAG, "--retries", &err), 0);
	assert_int_equal(cfg.runs, 1);
	assert_int_equal(cfg.min_runs, 12);
	assert_int_equal(cfg.max_runs, 103);
	assert_int_equal(cfg.warmup, 4);
	assert_int_equal(cfg.retries, 5);
	assert_int_equal(cfg.source[PACE_CFG_RUNS], PACE_SRC_SYSTEM);
	assert_int_equal(cfg.source[PACE_CFG_MIN_RUNS], PACE_SRC_USER);
	assert_int_equal(cfg.source[PACE_CFG_MAX_RUNS], PACE_SRC_PROJECT);
	assert_int_equal(cfg.source[PACE_CFG_WARMUP], PACE_SRC_ENV);
	assert_int_equal(cfg.source[PACE_CFG_RETRIES], PACE_SRC_FLAG);
	assert_string_equal(cfg.origin[PACE_CFG_RETRIES], "--retries");
	assert_string_equal(cfg.origin[PACE_CFG_WARMUP], "PACE_WARMUP");
	assert_non_null(strstr(cfg.origin[PACE_CFG_MIN_RUNS], "xdg/pace/config.yaml:2"));
	assert_null(cfg.origin[PACE_CFG_TIMEOUT]);
	pace_config_release(&cfg);
	pace_error_release(&err);
	free(sys);
	free(user);
	free(proj);
	free(e_sys);
	free(e_xdg);
}

/* Without XDG_CONFIG_HOME the user file is ~/.config/pace/config.yaml;
 * without --config the project file is ./pace.yaml, and may be absent. */
static void test_layers_home_and_cwd(void **state)
{
	char *user = put("home/.config/pace/config.yaml", "output:\n  quiet: true\n");
	char *proj = put("pace.yaml", "output:\n  color: never\n");
	char *e_home = pace_xasprintf("HOME=%s/home", scratch);
	char *env[] = {"PACE_SYSTEM_CONFIG=/nonexistent/config.yaml", e_home,
		       "XDG_CONFIG_HOME=relative/is/ignored", NULL};
	char old[4096];
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	assert_non_null(getcwd(old, sizeof(old)));
	assert_int_equal(chdir(scratch), 0);
	pace_config_init(&cfg);
	assert_int_equal(pace_config_load_layers(&cfg, NULL, env, &err), 0);
	assert_true(cfg.quiet);
	assert_string_equal(cfg.color, "never");
	assert_int_equal(cfg.source[PACE_CFG_COLOR], PACE_SRC_PROJECT);
	assert_string_equal(cfg.origin[PACE_CFG_COLOR], "pace.yaml:2");
	unlink(proj);
	pace_config_release(&cfg);
	pace_config_init(&cfg);
	assert_int_equal(pace_config_load_layers(&cfg, NULL, env, &err), 0);
	assert_string_equal(cfg.color, "auto");
	/* --config FILE must exist */
	assert_int_equal(pace_config_load_layers(&cfg, "missing.yaml", env, &err),
			 PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "missing.yaml"));
	assert_int_equal(chdir(old), 0);
	pace_config_release(&cfg);
	pace_error_release(&err);
	free(user);
	free(proj);
	free(e_home);
}

/* An error in a lower layer stops the load and names its file. */
static void test_layers_error(void **state)
{
	char *sys = put("bad-sys.yaml", "execution:\n  runz: 1\n");
	char *e_sys = pace_xasprintf("PACE_SYSTEM_CONFIG=%s", sys);
	char *env[] = {e_sys, NULL};
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	pace_config_init(&cfg);
	assert_int_equal(pace_config_load_layers(&cfg, NULL, env, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "bad-sys.yaml:2:3: unknown key 'runz'"));
	pace_config_release(&cfg);
	pace_error_release(&err);
	free(sys);
	free(e_sys);
}

static void test_set_flags(void **state)
{
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	pace_config_init(&cfg);
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_TIMEOUT, "1.5s",
					 PACE_SRC_FLAG, "--timeout", &err), 0);
	assert_true(cfg.timeout == 1.5);
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_SHELL, "true",
					 PACE_SRC_FLAG, "--shell", &err), 0);
	assert_true(cfg.shell);
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_RUNS, "ten",
					 PACE_SRC_FLAG, "--runs", &err), PACE_EUSAGE);
	assert_string_equal(pace_error_msg(&err), "option '--runs' must be an "
			    "integer >= 1, or auto, got 'ten'");
	assert_int_equal(cfg.runs, 0); /* a bad value changes nothing */
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_RUNS, "auto",
					 PACE_SRC_FLAG, "--runs", &err), 0);
	assert_int_equal(cfg.runs, 0);
	/* minRuns > maxRuns: each alone is fine, together they are not */
	assert_int_equal(pace_config_check(&cfg, &err), 0);
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_MIN_RUNS, "10",
					 PACE_SRC_FLAG, "--min-runs", &err), 0);
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_MAX_RUNS, "3",
					 PACE_SRC_ENV, "PACE_MAX_RUNS", &err), 0);
	assert_int_equal(pace_config_check(&cfg, &err), PACE_EUSAGE);
	assert_string_equal(pace_error_msg(&err), "the fewest runs (10, from "
			    "--min-runs) is more than the most runs (3, from "
			    "PACE_MAX_RUNS): expected minRuns <= maxRuns");
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_MAX_RUNS, "0",
					 PACE_SRC_FLAG, "--max-runs", &err), 0);
	assert_int_equal(pace_config_check(&cfg, &err), 0); /* 0: no limit */
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_MIN_RUNS, "0",
					 PACE_SRC_FLAG, "--min-runs", &err), PACE_EUSAGE);
	assert_string_equal(pace_error_msg(&err), "option '--min-runs' must be an "
			    "integer >= 1, got '0'");
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_COLOR, "sometimes",
					 PACE_SRC_FLAG, "--color", &err), PACE_EUSAGE);
	pace_config_release(&cfg);
	pace_error_release(&err);
}

static void test_names_and_values(void **state)
{
	struct pace_config cfg;
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	(void)state;

	assert_string_equal(pace_config_key_name(PACE_CFG_RUNS), "execution.runs");
	assert_string_equal(pace_config_key_env(PACE_CFG_RUNS), "PACE_RUNS");
	assert_string_equal(pace_config_key_name(PACE_CFG_OUTPUT_DIR), "output.destination");
	assert_string_equal(pace_config_key_env(PACE_CFG_WARMUP), "PACE_WARMUP");
	assert_string_equal(pace_config_key_env(PACE_CFG_CONFIDENCE), "PACE_CONFIDENCE");
	assert_string_equal(pace_config_source_name(PACE_SRC_ENV), "env");
	assert_string_equal(pace_config_source_name(PACE_SRC_PROJECT), "project");
	pace_config_init(&cfg);
	pace_config_value_str(&cfg, PACE_CFG_MIN_TIME, &sb);
	assert_string_equal(pace_strbuf_str(&sb), "3s");
	pace_strbuf_reset(&sb);
	pace_config_value_str(&cfg, PACE_CFG_MAX_OUTPUT, &sb);
	assert_string_equal(pace_strbuf_str(&sb), "10485760");
	pace_strbuf_reset(&sb);
	pace_config_value_str(&cfg, PACE_CFG_SUMMARY, &sb);
	assert_string_equal(pace_strbuf_str(&sb), "true");
	/* every key's text form is accepted back by pace_config_set */
	for (int k = 0; k < PACE_CFG_NKEYS; k++) {
		struct pace_error err = PACE_ERROR_INIT;
		pace_strbuf_reset(&sb);
		pace_config_value_str(&cfg, (enum pace_config_key)k, &sb);
		assert_int_equal(pace_config_set(&cfg, (enum pace_config_key)k,
						 pace_strbuf_str(&sb), PACE_SRC_FLAG,
						 "--x", &err), 0);
		pace_error_release(&err);
	}
	pace_config_release(&cfg);
	pace_strbuf_release(&sb);
}

/* The snapshot is valid JSON laid out like a config file, and loading it
 * back with --config gives the same configuration. */
/* The analysis keys: defaults, a file, the environment and flags (with a
 * percentage), and their bounds. */
static void test_analysis_keys(void **state)
{
	char *env[] = {"PACE_ALPHA=0.01", "PACE_SEED=42", NULL};
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	pace_config_init(&cfg);
	assert_true(cfg.alpha == 0.05);
	assert_true(cfg.threshold == 0.02);
	assert_int_equal(cfg.bootstrap, 2000);
	assert_int_equal(cfg.seed, 1);
	assert_int_equal(load_text(&cfg, "analysis:\n  significanceLevel: 0.1\n"
				   "  practicalThreshold: 0.05\n"
				   "  bootstrapResamples: 500\n  seed: 7\n", &err), 0);
	assert_true(cfg.alpha == 0.1);
	assert_true(cfg.threshold == 0.05);
	assert_int_equal(cfg.bootstrap, 500);
	assert_int_equal(cfg.seed, 7);
	assert_non_null(strstr(cfg.origin[PACE_CFG_SEED], "c.yaml:5"));
	assert_int_equal(pace_config_load_env(&cfg, env, &err), 0);
	assert_true(cfg.alpha == 0.01);
	assert_int_equal(cfg.seed, 42);
	assert_int_equal(cfg.source[PACE_CFG_SEED], PACE_SRC_ENV);
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_THRESHOLD, "5%",
					 PACE_SRC_FLAG, "--threshold", &err), 0);
	assert_true(fabs(cfg.threshold - 0.05) < 1e-15);
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_BOOTSTRAP, "99",
					 PACE_SRC_FLAG, "--bootstrap", &err),
			 PACE_EUSAGE);
	assert_string_equal(pace_error_msg(&err), "option '--bootstrap' must be "
			    "an integer from 100 to 10000000, got '99'");
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_ALPHA, "1",
					 PACE_SRC_FLAG, "--alpha", &err),
			 PACE_EUSAGE);
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_THRESHOLD, "%",
					 PACE_SRC_FLAG, "--threshold", &err),
			 PACE_EUSAGE);
	assert_int_equal(pace_config_set(&cfg, PACE_CFG_SEED, "-1",
					 PACE_SRC_FLAG, "--seed", &err),
			 PACE_EUSAGE);
	assert_true(fabs(cfg.threshold - 0.05) < 1e-15);
	assert_string_equal(pace_config_key_name(PACE_CFG_ALPHA),
			    "analysis.significanceLevel");
	assert_string_equal(pace_config_key_env(PACE_CFG_BOOTSTRAP),
			    "PACE_BOOTSTRAP");
	pace_config_release(&cfg);
	pace_error_release(&err);
}

static void test_json_roundtrip(void **state)
{
	struct pace_config a, b;
	struct pace_strbuf j1 = PACE_STRBUF_INIT, j2 = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	json_error_t jerr;
	json_t *root;
	char *path;
	(void)state;

	pace_config_init(&a);
	assert_int_equal(pace_config_set(&a, PACE_CFG_RUNS, "42", PACE_SRC_FLAG,
					 "--runs", &err), 0);
	assert_int_equal(pace_config_set(&a, PACE_CFG_TIMEOUT, "2.5", PACE_SRC_FLAG,
					 "--timeout", &err), 0);
	pace_config_to_json(&a, &j1);
	root = json_loads(pace_strbuf_str(&j1), 0, &jerr);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(root, "execution"), "runs")), 42);
	assert_true(json_real_value(json_object_get(
		json_object_get(root, "execution"), "timeout")) == 2.5);
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(root, "output"), "color")), "auto");
	assert_true(json_is_true(json_object_get(json_object_get(root, "output"),
						 "summary")));
	json_decref(root);

	path = put("snapshot.json", pace_strbuf_str(&j1));
	pace_config_init(&b);
	assert_int_equal(pace_config_load_file(&b, path, PACE_SRC_PROJECT, false,
					       &err), 0);
	pace_config_to_json(&b, &j2);
	assert_string_equal(pace_strbuf_str(&j1), pace_strbuf_str(&j2));
	pace_config_release(&a);
	pace_config_release(&b);
	pace_strbuf_release(&j1);
	pace_strbuf_release(&j2);
	pace_error_release(&err);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_file_values),
		cmocka_unit_test(test_json_file),
		cmocka_unit_test(test_empty_files),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_missing_files),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_env_errors),
		cmocka_unit_test(test_env_unrelated),
		cmocka_unit_test(test_layers),
		cmocka_unit_test(test_layers_home_and_cwd),
		cmocka_unit_test(test_layers_error),
		cmocka_unit_test(test_set_flags),
		cmocka_unit_test(test_names_and_values),
		cmocka_unit_test(test_json_roundtrip),
		cmocka_unit_test(test_analysis_keys),
	};
	return cmocka_run_group_tests(tests, make_scratch, remove_scratch);
}
