/*
 * config.h - pace's effective configuration and where each value came from.
 *
 * Layers, lowest first (DESIGN.md §1): built-in defaults, /etc/pace/config.yaml,
 * ~/.config/pace/config.yaml ($XDG_CONFIG_HOME respected), ./pace.yaml (or
 * the file given with --config, which replaces it), PACE_* environment
 * variables, then command-line flags.  Every key is declared once in a
 * table in config.c (its YAML path, environment name, type and bounds), so
 * that files, environment, flags and `pace config show` cannot disagree.
 *
 * Errors name the file, line and column, and what was expected; unknown
 * keys are errors.  Nothing here prints: callers get a pace_error.
 */
#ifndef PACE_CONFIG_H
#define PACE_CONFIG_H

#include "model.h"

enum pace_config_source {
	PACE_SRC_DEFAULT = 0,
	PACE_SRC_SYSTEM,  /* /etc/pace/config.yaml */
	PACE_SRC_USER,    /* ~/.config/pace/config.yaml */
	PACE_SRC_PROJECT, /* ./pace.yaml or --config FILE */
	PACE_SRC_ENV,     /* PACE_* */
	PACE_SRC_FLAG,    /* command line */
};

/* Keys, in the order `pace config show` lists them. */
enum pace_config_key {
	PACE_CFG_RUNS,          /* execution.runs: 0 = automatic */
	PACE_CFG_MIN_RUNS,      /* execution.minRuns */
	PACE_CFG_MAX_RUNS,      /* execution.maxRuns: 0 = no limit */
	PACE_CFG_WARMUP,        /* execution.warmupRuns */
	PACE_CFG_MIN_TIME,      /* execution.minTime (seconds) */
	PACE_CFG_MAX_TIME,      /* execution.maxTime (seconds per test, 0 = none) */
	PACE_CFG_PRECISION,     /* execution.precision (fraction, 0 = off) */
	PACE_CFG_TIMEOUT,       /* execution.timeout (seconds, 0 = none) */
	PACE_CFG_KILL_GRACE,    /* execution.killGrace (seconds TERM -> KILL) */
	PACE_CFG_SHELL,         /* execution.shell */
	PACE_CFG_IGNORE_FAILURE,/* execution.ignoreFailure */
	PACE_CFG_CAPTURE_LIMIT, /* execution.captureLimit (bytes kept/stream) */
	PACE_CFG_MAX_OUTPUT,    /* execution.maxOutput (bytes, 0 = no limit) */
	PACE_CFG_RETRIES,       /* execution.retries (pace-side failures only) */
	PACE_CFG_OUTPUT_DIR,    /* output.destination */
	PACE_CFG_SUMMARY,       /* output.summary */
	PACE_CFG_SHOW_OUTPUT,   /* output.showOutput */
	PACE_CFG_QUIET,         /* output.quiet */
	PACE_CFG_COLOR,         /* output.color: auto | always | never */
	PACE_CFG_CONFIDENCE,    /* analysis.confidenceLevel */
	PACE_CFG_ALPHA,         /* analysis.significanceLevel */
	PACE_CFG_THRESHOLD,     /* analysis.practicalThreshold (fraction) */
	PACE_CFG_BOOTSTRAP,     /* analysis.bootstrapResamples */
	PACE_CFG_SEED,          /* analysis.seed */
	PACE_CFG_STORE,         /* output.store: the history database */
	PACE_CFG_COMPRESSION,   /* output.compression: zstd in archive/ */
	PACE_CFG_OUTLIER_DETECTION, /* analysis.outlierDetection */
	PACE_CFG_PRECISION_ESTIMATOR, /* execution.precisionEstimator */
	PACE_CFG_EXECUTOR,      /* execution.executor: local | sandbox | docker */
	PACE_CFG_PRIVATE,       /* output.private: history and reports 0600/0700 */
	PACE_CFG_PARALLELISM,   /* execution.parallelism: tests at once (--jobs) */
	PACE_CFG_ITERATION_RETRIES, /* execution.iterationRetries (--retries) */
	PACE_CFG_MEASURE,       /* execution.measure: time | instructions */
	PACE_CFG_PROFILE,       /* execution.profile: callgrind hot paths */
	PACE_CFG_SAMPLER,       /* execution.sampler: time series of the tree */
	PACE_CFG_SAMPLE_INTERVAL, /* execution.sampleInterval (s, 0 = auto) */
	PACE_CFG_CPUS,          /* execution.cpus: "0-3,6" or none */
	PACE_CFG_ASLR,          /* execution.aslr */
	PACE_CFG_ENV_PAD,       /* execution.envPad (bytes, 0 = none) */
	PACE_CFG_NICE,          /* execution.nice (0..19) */
	PACE_CFG_NKEYS
};

struct pace_config {
	int64_t runs, min_runs, max_runs, warmup;
	double min_time, max_time, precision, timeout, kill_grace;
	bool shell, ignore_failure;
	int64_t capture_limit, max_output, retries;
	char *output_dir;
	bool summary, show_output, quiet;
	char *color;
	double confidence, alpha, threshold;
	int64_t bootstrap, seed;
	bool outlier_detection;     /* also show figures without outliers */
	char *precision_estimator;  /* "mean" or "median" */
	char *executor;             /* "local", "sandbox" or "docker" */
	int64_t parallelism;        /* independent tests run at once, >= 1 */
	int64_t iteration_retries;  /* re-runs of a timed-out/unstartable iteration */
	char *measure;              /* "time" or "instructions" (valgrind) */
	bool profile;               /* instructions per function (callgrind) */
	bool sampler;               /* sample CPU, memory, I/O of each run */
	double sample_interval;     /* seconds; 0: by the run's length */
	char *cpus;                 /* CPU list to pin commands to; "none" */
	bool aslr;                  /* false: commands run without ASLR */
	int64_t env_pad, nice;

	/* Where each key's value came from, and for files the file:line. */
	enum pace_config_source source[PACE_CFG_NKEYS];
	char *origin[PACE_CFG_NKEYS];

	char *store; /* output.store: SQLite file (or URL) of the history */
	bool compression; /* output.compression */
	bool private_files; /* output.private */
};

/* Fills in the built-in defaults. */
void pace_config_init(struct pace_config *cfg);
void pace_config_release(struct pace_config *cfg);

/* Applies one YAML/JSON config file.  A missing file is not an error when
 * `optional`; otherwise every problem is PACE_EUSAGE with file:line:col. */
int pace_config_load_file(struct pace_config *cfg, const char *path,
			  enum pace_config_source src, bool optional,
			  struct pace_error *err);

/* Applies the standard layers: system, user, then `project_file` (or
 * ./pace.yaml when NULL; a given file must exist), then PACE_* variables
 * from `environ_`. */
int pace_config_load_layers(struct pace_config *cfg, const char *project_file,
			    char *const *environ_, struct pace_error *err);

/* Applies PACE_* environment variables. */
int pace_config_load_env(struct pace_config *cfg, char *const *environ_,
			 struct pace_error *err);

/* Sets a key from text (a flag's argument), recording `src` and `origin`
 * (e.g. "--runs"). */
int pace_config_set(struct pace_config *cfg, enum pace_config_key key,
		    const char *value, enum pace_config_source src,
		    const char *origin, struct pace_error *err);

/* Checks what no single key can: minRuns <= maxRuns (when maxRuns is
 * set).  PACE_EUSAGE naming where both values came from.  Call it after
 * every layer is applied. */
int pace_config_check(const struct pace_config *cfg, struct pace_error *err);

/* Name of a key as written in files ("execution.runs"), its environment
 * variable ("PACE_RUNS"), and its current value as text. */
const char *pace_config_key_name(enum pace_config_key key);
const char *pace_config_key_env(enum pace_config_key key);
void pace_config_value_str(const struct pace_config *cfg,
			   enum pace_config_key key, struct pace_strbuf *out);
const char *pace_config_source_name(enum pace_config_source src);

/* The effective configuration as one JSON object (for run snapshots). */
void pace_config_to_json(const struct pace_config *cfg, struct pace_strbuf *out);

#endif
