/*
 * model.h - the plain data that flows through pace, one stage to the next
 * (DESIGN.md §1-2): suites of tests with variants, the samples measured for
 * each test x variant, their summaries, comparisons between variants, and
 * the run that holds it all.  Every stage reads these types; none of them
 * carries behaviour.  Each stage keeps its own working state private.
 *
 * Ownership: a struct owns every pointer in it unless a comment says
 * "borrowed".  The lifecycles (_init, _release, _free), the defaults and
 * the name tables of these types are in src/model/model.c, whichever
 * stage builds the thing.
 *
 * Units: times are nanoseconds in int64_t (seconds only at the edges: config,
 * reports), memory is bytes, counts are plain integers.  A metric that
 * could not be read is -1, never 0, so a report can say "unknown".
 */
#ifndef PACE_MODEL_H
#define PACE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* ---- suites and tests ------------------------------------------------- */

/* One command: its argv (argv.v is ready for posix_spawn) and the text a
 * user wrote, for display and for deriving ids. */
struct pace_cmd {
	struct pace_strvec argv;
	char *text;
	bool shell; /* argv is {"/bin/sh", "-c", text} */
};

struct pace_variant {
	char *name; /* "default" when a test has a single unnamed command */
	struct pace_cmd cmd;
	/* Hooks of this variant only (a hook key written as a mapping of
	 * variant names): they run after the test's own hooks of the same
	 * kind, with the same rules. */
	struct pace_cmd *setup, *teardown, *prepare, *conclude;
	size_t nsetup, nteardown, nprepare, nconclude;
	/* Named by the user (pace run -n NAME): hyperfine's exports show the
	 * name, with parameters substituted, instead of the command. */
	bool named;
};

/* The repository a test works on (docs/suite-format.md, "Fixtures"): a
 * generated fixture (preset `size` or `spec` file, and `seed`), or an
 * existing repository (`custom`, seed 001's customFixtures).  Each variant
 * gets its own copy in a temporary work directory; the cached or custom
 * repository itself is never modified. */
struct pace_fixture_use {
	bool set;     /* the test uses a fixture */
	char *size;   /* "small", "medium", "large"; NULL with spec/custom */
	char *spec;   /* a spec file (docs/fixtures.md), or NULL */
	char *custom; /* an existing repository to copy, or NULL */
	uint64_t seed;
	char *path;   /* filled before running: the repository to copy */
};

/* A root filesystem made from Debian packages (src/env/, issue 18): the
 * environment a test's commands run in under the sandbox (and later
 * docker) executor.  Its identity is a hash of the definition, so one
 * definition is built once and reused from pace's cache. */
struct pace_env_def {
	bool set;                    /* the suite or test asked for one */
	char *distribution;          /* Debian suite: "sid", "bookworm" */
	struct pace_strvec packages; /* installed on top of minbase */
	char *mirror;                /* NULL: the mirror apt uses here */
	/* fallback: local.  When the environment cannot be built (no root,
	 * no debootstrap, no mirror, a failed build), its tests run with the
	 * local executor and the run says why in one line, instead of
	 * failing. */
	bool fallback_local;
	/* docker.baseImages: "VARIANT=IMAGE", existing images the docker
	 * executor starts that variant's containers from instead of an
	 * import of the root filesystem (then no distribution is needed). */
	struct pace_strvec docker_images;
	/* Filled before running (pace_env_ensure): the built root
	 * filesystem and its hash; NULL while not built. */
	char *root;
	char *hash;
};

/* Which executor runs a test's commands (DESIGN.md §1, exec/).
 * PACE_EXECUTOR_DEFAULT defers to the suite, then the run
 * (execution.executor, --executor). */
enum pace_executor {
	PACE_EXECUTOR_DEFAULT = 0,
	PACE_EXECUTOR_LOCAL,   /* posix_spawn on the host */
	PACE_EXECUTOR_SANDBOX, /* namespaces + cgroups in an environment */
	PACE_EXECUTOR_DOCKER,  /* a container per variant (issue 12) */
};

/* Where a test's fixture copies (its working copies) are made
 * (docs/suite-format.md, `workdir:`).  DEFAULT defers to the suite, then
 * DISK.  TMPFS keeps the copies in memory (/dev/shm), away from the
 * disk's block allocator, journal and discards, whose cost depends on
 * where a copy happens to lie (docs/vcs-suite.md, "Bias"). */
enum pace_workdir {
	PACE_WORKDIR_DEFAULT = 0,
	PACE_WORKDIR_DISK,  /* under $TMPDIR (else /tmp) */
	PACE_WORKDIR_TMPFS, /* under /dev/shm when it is a writable tmpfs */
};

/* Per-test resource limits, enforced by the sandbox (and docker)
 * executors through cgroups and rlimits.  < 0: unset. */
struct pace_limits {
	int64_t memory; /* bytes */
	double cpus;    /* CPU time share, 1.5 = one and a half CPUs */
	int64_t pids;   /* processes in the test's tree */
	int64_t memory_reservation; /* bytes, a soft limit (docker only) */
};

struct pace_validation {
	char *output_regex;   /* POSIX extended regex over stdout; NULL = none */
	double min_time_s;    /* < 0: unset */
	double max_time_s;    /* < 0: unset */
	int64_t max_memory;   /* bytes; < 0: unset */
};

struct pace_test {
	char *id;
	char *name;
	char *description;
	char *category;
	char *suite; /* the suite's id (identity across runs: suite + id) */
	struct pace_strvec tags;

	struct pace_variant *variants;
	size_t nvariants;

	/* Hooks are untimed.  setup/teardown once per test (teardown always
	 * runs once setup started), prepare/conclude around every iteration. */
	struct pace_cmd *setup, *teardown, *prepare, *conclude;
	size_t nsetup, nteardown, nprepare, nconclude;

	struct pace_strvec env; /* "NAME=value", added to pace's environment */
	char *input;            /* stdin of its commands (pace run --input, the
				 * local executor); NULL: /dev/null */
	char *cwd;              /* NULL: pace's working directory */
	int expected_exit;      /* default 0 */
	double timeout_s;       /* < 0: use the run's timeout */
	/* estimatedDuration: the whole test's expected wall time (every
	 * variant and run), for balancing shards and parallel jobs; < 0
	 * unknown. */
	double estimated_s;
	/* resources: NULL none; "exclusive": runs alone under --jobs; any
	 * other name: at most one test of that class runs at a time. */
	char *resources;
	int64_t runs;           /* < 0: use the run's setting */
	/* retries: re-runs of an iteration that timed out or could not
	 * start, after 1 s, 5 s, 10 s; < 0: the run's iterationRetries. */
	int64_t retries;
	int64_t warmup;         /* < 0: use the run's setting */
	/* Adaptive stopping of this test (docs/suite-format.md): used when
	 * the test has no fixed `runs`; 0: the run's execution.precision,
	 * maxTime, minRuns, maxRuns. */
	double precision, max_time_s;
	int64_t min_runs, max_runs;
	struct pace_validation validation;
	struct pace_strvec depends_on;

	int line; /* where the test starts in its file, for messages */

	/* Parameters (pace run -P/-L, `parameters:` in a suite): this test
	 * is one combination of the values, param_names[i] = param_values[i]
	 * substituted for {NAME} in its commands and hooks; param_base is
	 * the id before expansion, which every combination shares (charts
	 * draw them as one line).  Empty and NULL for other tests. */
	struct pace_strvec param_names, param_values;
	char *param_base;

	/* A test of `type: binary` (docs/suite-format.md): the targets of a
	 * program built with libpace-bench.  As parsed, binary names the
	 * program and binary_filter / binary_targets choose targets (NULL /
	 * empty: all); pace_binary_expand() replaces such an entry by one
	 * test per chosen target, whose binary_target names it.  All NULL
	 * for command tests. */
	char *binary;
	char *binary_filter;              /* POSIX extended regex */
	struct pace_strvec binary_targets; /* exact target names */
	char *binary_target;
	struct pace_fixture_use fixture; /* the suite's, unless its own */
	struct pace_env_def environment; /* the suite's, unless its own */
	enum pace_executor executor;     /* DEFAULT: the suite's, the run's */
	struct pace_limits limits;       /* sandbox/docker only */
	enum pace_workdir workdir;       /* DEFAULT: the suite's, else disk */
};

struct pace_suite {
	char *id;
	char *name;
	char *description;
	char *path;                  /* file it came from, or "<built-in>" */
	struct pace_strvec variants; /* declared variant names, may be empty */
	struct pace_test *tests;
	size_t ntests;
	struct pace_fixture_use fixture; /* default of its tests */
	struct pace_env_def environment; /* default of its tests */
	enum pace_executor executor;     /* default of its tests */
	enum pace_workdir workdir;       /* default of its tests */
	/* "VARIANT=PROGRAM": the variant needs PROGRAM on PATH, and is
	 * skipped (with one line for the whole run) when it is missing. */
	struct pace_strvec requires;
};

/* ---- measurement ------------------------------------------------------ */

/* Why a sample failed.  PACE_FAIL_NONE means it counts. */
enum pace_fail {
	PACE_FAIL_NONE = 0,
	PACE_FAIL_SPAWN,       /* could not start: missing binary, EACCES, ... */
	PACE_FAIL_EXIT,        /* exit code differs from the expected one */
	PACE_FAIL_SIGNAL,      /* killed by a signal it did not expect */
	PACE_FAIL_TIMEOUT,     /* exceeded its timeout; the group was killed */
	PACE_FAIL_LEFTOVER,    /* exited but left processes in its group */
	PACE_FAIL_OUTPUT,      /* wrote more than the output limit */
	PACE_FAIL_VALIDATION,  /* output regex, min/max time or memory */
	PACE_FAIL_HOOK,        /* a prepare/conclude command failed */
	PACE_FAIL_MEMORY,      /* killed for exceeding its memory limit */
};

/* perf_event_open counters of a command (probe/counters.h): software ones
 * always, hardware ones where the machine has and allows them. */
enum pace_perf {
	PACE_PERF_TASK_CLOCK,       /* ns on a CPU */
	PACE_PERF_PAGE_FAULTS,
	PACE_PERF_CONTEXT_SWITCHES,
	PACE_PERF_CPU_MIGRATIONS,
	PACE_PERF_CYCLES,           /* hardware from here on */
	PACE_PERF_INSTRUCTIONS,
	PACE_PERF_BRANCHES,
	PACE_PERF_BRANCH_MISSES,
	PACE_PERF_CACHE_MISSES,
	PACE_NPERF
};
#define PACE_PERF_FIRST_HW PACE_PERF_CYCLES
/* "task-clock", "page-faults", ... (perf stat's names). */
const char *pace_perf_name(enum pace_perf k);

/* What a run fixed about its commands (exec/controls.h), kept with each
 * result: CPUs pinned to ("": none), ASLR off, the largest random
 * environment padding (0: none; each sample's is its env_pad), nice. */
struct pace_controls {
	char cpus[64];
	bool no_aslr;
	int64_t env_pad;
	int nice;
};

bool pace_controls_any(const struct pace_controls *c); /* any set */

/* One measured (or warm-up) iteration of one command.  Exit status and
 * signal are data, not errors (libuv's lesson).  A sample of an in-process
 * target (pace run --binary) times `iterations` operations at once, since
 * one operation may take less than a nanosecond: its per-operation time is
 * wall_ns / iterations.  A command run is one operation (iterations 1; 0
 * from zero-initialisation also means 1). */
struct pace_sample {
	int64_t wall_ns;
	int64_t iterations;       /* operations timed by wall_ns; <= 0 means 1 */
	int64_t user_ns, sys_ns;
	int64_t max_rss;          /* bytes; from wait4, includes descendants */
	int64_t minflt, majflt;
	int64_t nvcsw, nivcsw;    /* voluntary / involuntary context switches */
	int64_t read_bytes, write_bytes; /* /proc/PID/io: storage I/O */
	int64_t rchar, wchar;     /* /proc/PID/io: all read()/write() bytes */
	int64_t syscr, syscw;     /* read / write syscalls */
	int64_t stdout_bytes, stderr_bytes;
	int64_t started_unix_ms;
	int exit_code;    /* valid when signal == 0 and spawn_errno == 0 */
	int signal;       /* terminating signal, 0 when it exited */
	int spawn_errno;  /* errno of a failed start, 0 when it started */
	bool timed_out;
	bool output_overflow;
	int leftover;     /* processes still in its group after it exited */
	int retries;      /* pace-side retries (EAGAIN) before it started */
	bool oom_killed;  /* the kernel's OOM killer hit its tree (cgroup limit) */
	/* Instructions executed by the command and the descendants valgrind
	 * followed, as cachegrind/callgrind count them (--measure
	 * instructions, probe/valgrind.h); -1 when not counted. */
	int64_t instructions;
	/* perf_event_open counts (enum pace_perf), valid when perf_set
	 * (false: the counters were not opened, as for a sandboxed or
	 * in-process run); -1 for a counter the machine does not give. */
	bool perf_set;
	int64_t perf[PACE_NPERF];
	/* Bytes of PACE_ENV_PAD in its environment (result controls.env_pad
	 * > 0 only). */
	int64_t env_pad;
	/* Seed 001's DiskMetrics (probe/disk.h): the working directory's
	 * file bytes and entries after the run minus before, read outside
	 * the timed region; valid when disk_set (false: not read, or the
	 * directory was too large or unreadable). */
	bool disk_set;
	int64_t disk_bytes_delta, disk_inodes_delta;
	bool interrupted; /* stopped by pace's own stop request (a signal to
			   * pace): not a measurement, the runner drops it */
	enum pace_fail fail;
};

/* What a result's primary figure is (--measure, execution.measure): wall
 * time, or instructions executed under valgrind (deterministic, for CI
 * on noisy machines).  The primary figure is what comparisons, adaptive
 * stopping, history and regressions judge. */
enum pace_measure {
	PACE_MEASURE_TIME = 0,
	PACE_MEASURE_INSTRUCTIONS,
};

/* Descriptive statistics of one metric over the counted samples. */
struct pace_summary {
	size_t n;
	double mean, sd, median, min, max;
	double q1, q3;           /* R type 7 quartiles */
	double ci_lo, ci_hi;     /* confidence interval of the mean (t) */
	size_t outliers_mild;    /* beyond Tukey's 1.5 IQR fences */
	size_t outliers_severe;  /* beyond 3 IQR */
};

/* The full description of one metric (issue 3; struct pace_summary above
 * stays the short form the reports use).  Figures that cannot be computed
 * for the data (too few values, zero spread) are NaN; stats.h says which. */
struct pace_describe {
	size_t n;                /* values given */
	size_t n_valid;          /* finite values: every figure uses these */
	double mean, median, sd, variance, min, max;
	double mode;             /* of a binned distribution, see stats.h */
	double p25, p50, p75, p90, p95, p99; /* R type 7 */
	double skewness;         /* adjusted Fisher-Pearson G1 */
	double kurtosis;         /* excess, adjusted G2 */
	double cv;               /* sd / mean */
	double mad;              /* median absolute deviation, unscaled */
	double sw_w, sw_p;       /* Shapiro-Wilk (Royston 1995), n 3..5000 */
	bool normal;             /* sw_p >= alpha; false when untestable */
	size_t tukey_mild;       /* beyond 1.5 IQR but not 3 IQR */
	size_t tukey_severe;     /* beyond 3 IQR */
	size_t mz_outliers;      /* modified z-score |0.6745 (x - med) / MAD| > 3.5 */
	double mean_ci_lo, mean_ci_hi;     /* t interval */
	double median_ci_lo, median_ci_hi; /* order statistics */
	double median_ci_level;  /* coverage the order statistics achieve */
};

/* A bootstrap interval: percentile and bias-corrected accelerated. */
struct pace_boot_ci {
	double estimate;         /* the statistic on the data itself */
	double pct_lo, pct_hi;   /* percentile interval */
	double bca_lo, bca_hi;   /* BCa interval */
	size_t resamples;
	unsigned long seed;
};

/* Two samples a (baseline) and b: difference is b - a. */
struct pace_twosample {
	double diff;                 /* mean b - mean a */
	double welch_t, welch_df, welch_p;
	double diff_ci_lo, diff_ci_hi;
	double mw_u;                 /* Mann-Whitney U of a */
	double mw_z;                 /* normal approximation, NaN if exact */
	double mw_p;
	bool mw_exact;               /* exact distribution (no ties, small) */
	double cohen_d, hedges_g;    /* (b - a) / pooled sd */
	double threshold;            /* practical difference, abs. units */
	double power;                /* of Welch's test to detect threshold */
};

/* The metrics pace describes for every result, in the unit reports use:
 * wall, user and system time in seconds per operation, peak RSS in bytes,
 * and I/O in bytes per run: rchar + wchar of /proc/PID/io, every byte the
 * tree passed through read()/write()-family calls, page-cache hits
 * included (storage-only read_bytes/write_bytes are mostly 0 on a warm
 * cache, which makes them useless for comparing programs). */
enum pace_metric {
	PACE_METRIC_WALL,
	PACE_METRIC_USER,
	PACE_METRIC_SYS,
	PACE_METRIC_RSS,
	PACE_METRIC_IO,
	PACE_METRIC_INSTRUCTIONS, /* count per run; --measure instructions */
	PACE_NMETRICS
};

/* Per-run figures of a command summarized with intervals besides the
 * metrics above (issue 13, "honest figures"): CPU % = (user + sys) /
 * wall (the sum is exact even where the split is tick-sampled), page
 * faults (minor + major), context switches (voluntary + involuntary),
 * I/O system calls (read-like + write-like). */
enum pace_resource {
	PACE_RES_CPU_PERCENT,
	PACE_RES_FAULTS,
	PACE_RES_CTXSW,
	PACE_RES_IO_OPS,
	PACE_NRES
};
const char *pace_resource_name(enum pace_resource k); /* "cpu_percent", ... */

/* One test x variant: its samples, how many failed and why. */
struct pace_result {
	const struct pace_test *test;       /* borrowed */
	const struct pace_variant *variant; /* borrowed */
	struct pace_sample *samples;        /* measured iterations only */
	size_t nsamples, alloc;
	size_t nfailed;
	enum pace_fail first_fail;
	char *failure;        /* first failure, as a sentence; NULL if none */
	char *output_snippet; /* stderr (or stdout) of the first failure */
	char *skipped;        /* why it did not run at all; NULL if it ran */
	/* What ended its measuring (static text; NULL when it did not run):
	 * "runs" (fixed count), "min-time" (automatic count), "precision",
	 * "max-runs", "max-time" (adaptive stopping), "failure",
	 * "interrupted". */
	const char *stop_reason;
	/* The executor its commands ran with (the test's, else the suite's,
	 * else the run's); DEFAULT for results that did not run commands. */
	enum pace_executor executor;
	/* The filesystem its working copies were on ("tmpfs", "ext4", ...:
	 * statfs of the work directory), and why not the one asked for
	 * (workdir: tmpfs without a writable tmpfs); NULL without a fixture. */
	char *workdir_fs;
	char *workdir_note;
	/* The primary figure (stats.h, pace_stats_primary): TIME unless the
	 * run counted instructions; a result read from the store has
	 * INSTRUCTIONS when its samples hold instruction counts. */
	enum pace_measure measure;
	/* --profile: the hottest functions and call paths of the first
	 * measured run (probe/valgrind.h); NULL without. */
	struct pace_profile *profile;
	/* Why hardware counters are missing (perf_event_open's answer for
	 * the first of them), NULL when they were counted or not tried. */
	char *perf_note;
	struct pace_controls controls;
	/* The time series of the last measured run (NULL: none sampled). */
	struct pace_timeseries *timeseries;
	/* enum pace_resource over the counted samples that have them. */
	struct pace_summary resources[PACE_NRES];
	/* The disk deltas over the counted samples that have them. */
	struct pace_summary disk_bytes, disk_inodes;
	/* Each counter over the counted samples that have it (n 0: none). */
	struct pace_summary perf[PACE_NPERF];
	struct pace_summary wall, user, sys, rss;
	struct pace_describe wall_stats; /* the full description of wall */
	int64_t peak_rss;     /* bytes, -1 unknown */
	/* docker: the container's own cgroup figures over its life (peak
	 * memory, CPU time, hooks included); -1 unknown or not docker. */
	int64_t container_mem_peak, container_cpu_ns;
	struct pace_inproc *inproc; /* in-process targets only; else NULL */
	/* Issue 3: the full description of every metric, indexed by enum
	 * pace_metric (stats[PACE_METRIC_WALL] equals wall_stats).  With
	 * analysis.outlierDetection (`trimmed` true) also the same figures
	 * with Tukey outliers (beyond 1.5 IQR) left out; never instead. */
	struct pace_describe stats[PACE_NMETRICS];
	struct pace_describe trim[PACE_NMETRICS];
	bool trimmed;
	double success_rate;  /* counted / measured samples; NaN when none */
	double confidence;    /* level of the intervals in stats[], trim[] */
};

/* What an in-process target (libpace-bench, pace run --binary or a test of
 * type: binary) reports beyond its time per operation: the library's
 * clock as measured at its start, throughput and custom counters.
 * Per-sample throughput is bytes (items) per operation / time per
 * operation, so it gets a summary with a confidence interval like time. */
struct pace_inproc {
	char *clock;                 /* "CLOCK_MONOTONIC"; NULL unknown */
	double timer_resolution_ns;  /* smallest step seen; NaN unknown */
	double timer_getres_ns;      /* what clock_getres() claims */
	double timer_overhead_ns;    /* cost of one clock read */
	int64_t iterations;          /* operations per sample */
	double bytes_per_op, items_per_op;      /* 0: not set by the target */
	struct pace_summary bytes_per_sec;      /* n 0 when not set */
	struct pace_summary items_per_sec;
	size_t ncounters;
	char **counter_names;
	struct pace_summary *counters;   /* ncounters summaries */
	double *counter_values;          /* ncounters x nvalues, by counter */
	size_t nvalues;                  /* samples per counter */
};

/* Where a command spends its instructions (--profile, probe/valgrind.h):
 * callgrind's counts summed over the process tree.  `fns` holds the hot
 * functions only (their own instructions, callees not included, at least
 * PACE_PROFILE_HOT of the total), the hottest first; `paths` the hot call
 * path into each (callers whose call carried at least PACE_PROFILE_HOT),
 * caller first ("main > work > unit"), each with the instructions that
 * went through all of it (its least-used call), largest first.  (No
 * inclusive cost per function: callgrind's is undefined in call cycles,
 * which "(below main)" forms; a path's cost is a measured call's.) */
#define PACE_PROFILE_HOT 0.10 /* seed 000's hot paths: over 10 % */
struct pace_profile_fn {
	char *name;
	int64_t self;
};
struct pace_profile_path {
	char *text;
	int64_t cost;
};
struct pace_profile {
	int64_t total; /* instructions of the whole tree */
	struct pace_profile_fn *fns;
	size_t nfns;
	struct pace_profile_path *paths;
	size_t npaths;
};
void pace_profile_free(struct pace_profile *p); /* NULL ok */

/* The time series of one run's process tree (probe/sampler.h): every
 * interval_ns, the tree's CPU use over the last interval (percent of one
 * CPU: 200 = two CPUs busy), its resident memory (sum over the tree, in
 * bytes) and the bytes it read and wrote so far (rchar + wchar).  The
 * aggregations (seed 000's mean / max / p95) are stats.c's. */
struct pace_timeseries {
	int64_t interval_ns;
	size_t n, alloc;
	double *t_s;    /* since the start of the run */
	double *cpu;    /* percent of one CPU; NaN for the first point */
	double *rss;    /* bytes */
	double *io;     /* bytes so far */
	double cpu_mean, cpu_max, cpu_p95;
	double rss_mean, rss_max, rss_p95;
};
void pace_timeseries_free(struct pace_timeseries *ts); /* NULL ok */

/* Relative speed of two variants of one test: `slower` takes `ratio` times
 * as long as `faster` (mean wall time), with uncertainty. */
struct pace_comparison {
	const struct pace_result *faster; /* borrowed */
	const struct pace_result *slower; /* borrowed */
	double ratio;         /* >= 1 */
	double ratio_sd;      /* propagated standard deviation (hyperfine's) */
	double ci_lo, ci_hi;  /* confidence interval of the ratio */
	double p_value;       /* Welch's t test on the means; NaN if n < 2 */
	/* Two-sample tests on wall time, faster as the baseline a and slower
	 * as b (so diff >= 0), at `alpha` and the practical `threshold`
	 * (config analysis.significanceLevel / practicalThreshold). */
	double alpha, threshold, confidence;
	struct pace_twosample test;
	struct pace_boot_ci speedup; /* bootstrap of ratio (mean b / mean a) */
	bool significant;     /* test.welch_p < alpha */
	bool meaningful;      /* significant and ratio - 1 >= the threshold */
	double memory_ratio;  /* mean peak RSS slower / faster; NaN unknown */
	/* Seed 001's ioEfficiency (ops per byte) of the faster relative to
	 * the slower: mean I/O bytes per run of slower / faster (one op per
	 * run), so > 1 means the faster one also moves fewer bytes.  Both 0:
	 * 1; faster 0 and slower > 0, or unknown: NaN. */
	double io_efficiency;
	/* How sure we are that `faster` is really the faster: 1 - p/2 with p
	 * Welch's two-sided p-value, i.e. one minus the one-sided p-value of
	 * "faster is not faster"; under a flat prior the probability that the
	 * true difference has the observed sign.  0.5 = a coin flip, 0.975 =
	 * p 0.05, 1 = certain; NaN when Welch's test is undefined (n < 2). */
	double winner_confidence;
};

/* One finding of `pace system check` (probe/system.h): how well the
 * machine suits benchmarking, kept with every run. */
enum pace_check_status { PACE_CHECK_OK, PACE_CHECK_WARN, PACE_CHECK_UNKNOWN };
struct pace_env_check {
	char *name;    /* "governor", "turbo", "aslr", ... */
	enum pace_check_status status;
	char *value;   /* what was read, as text ("" when nothing) */
	char *advice;  /* what to do about it; NULL when nothing */
	bool notable;  /* a warning worth a line at the start of a run */
};

/* An image the docker executor ran containers from, with the limits they
 * had (one entry per distinct image x limits of a run). */
struct pace_docker_image {
	char *image;   /* as named: pace-env:HASH, debian:sid */
	char *id;      /* the engine's image id, sha256:... */
	struct pace_limits limits;
};

struct pace_env_info {
	char *hostname, *os, *kernel, *arch, *cpu_model;
	int ncpu;
	int64_t mem_total; /* bytes */
	char *pace_version;
	/* The tool versions actually used (env/, pace_env_tool_versions):
	 * the package versions in the run's environment when it used one,
	 * else `git --version` / `jj --version` on the host; NULL unknown or
	 * missing. */
	char *git_version, *jj_version;
	/* The environment the run's tests ran in (NULL / empty: none). */
	char *env_hash, *env_distribution;
	struct pace_strvec env_packages;
	/* The docker executor's engine version and images (NULL / 0: not
	 * used in this run). */
	char *docker_engine;
	struct pace_docker_image *docker_images;
	size_t ndocker_images;
	struct pace_env_check *checks; /* the system check at run start */
	size_t nchecks;
};

struct pace_run {
	char id[48];
	char started[32], ended[32]; /* ISO 8601 */
	int64_t started_unix_ms, ended_unix_ms;
	bool interrupted;
	bool aa; /* pace run --aa: each test's first variant against a copy */
	struct pace_env_info env;
	struct pace_result *results;
	size_t nresults, alloc;
	struct pace_comparison *comparisons;
	size_t ncomparisons, calloc_;
	size_t nfailed_results; /* results with at least one failed sample */
};

/* ---- what the analysis keeps of every run (seed 001 tables) --------- */

/* One UTC day of one test x variant (the performance_trends row). */
struct pace_daily {
	char date[11]; /* YYYY-MM-DD */
	size_t count;
	double mean, min, max;
	double mean_rss; /* of the finite rss values; NaN when none */
};

/* Reward components (0..1, see docs/history-analysis.md):
 *   speed       = min(best earlier mean, this mean) / this mean
 *   memory      = min(best earlier peak RSS, this) / this (1 unknown)
 *   reliability = counted samples / all samples
 *   efficiency  = min(best earlier CPU time, this) / this (1 unknown)
 *   reward      = 0.4 speed + 0.3 memory + 0.2 reliability + 0.1 eff.
 * With no counted sample, every component is 0 (reward 0). */
struct pace_pattern {
	char *session_id;   /* "benchmark-<run id>" */
	char *task;         /* "<test id>-<variant>-benchmark" */
	char *input;        /* JSON: operation, variant, suite, command, config */
	char *output;       /* JSON: mean, median, ci, n, failed, rss, ... */
	char *critique;
	double reward, speed, memory, reliability, efficiency;
	double latency_ms;  /* mean wall time */
	bool success;       /* at least one sample and none failed */
	int64_t created_unix_ms;
	/* Filled by the store when read back (0 / NULL otherwise). */
	int64_t id;
	double mean_ns, peak_rss, cpu_ns; /* as in output (NaN unknown) */
};

/* ---- lifecycles, defaults, names (src/model/model.c) ------------------- */

/* A test with nothing set: every "unset" field at its unset value (-1
 * counts, times and limits), expected exit 0. */
#define PACE_TEST_INIT {.timeout_s = -1, .estimated_s = -1, .runs = -1, .retries = -1, .warmup = -1, \
	.validation = {.min_time_s = -1, .max_time_s = -1, .max_memory = -1}, \
	.limits = {.memory = -1, .cpus = -1, .pids = -1, .memory_reservation = -1}}
void pace_test_init(struct pace_test *t);

/* _release frees what the struct holds (not the struct) and leaves it
 * zeroed; _free also frees the struct and accepts NULL. */
void pace_suite_release(struct pace_suite *s);
void pace_test_release(struct pace_test *t);
void pace_cmd_release(struct pace_cmd *c);
void pace_fixture_use_release(struct pace_fixture_use *f);
void pace_env_def_release(struct pace_env_def *e);
/* A deep copy (dst is overwritten, not released first). */
void pace_env_def_copy(struct pace_env_def *dst, const struct pace_env_def *src);
void pace_inproc_free(struct pace_inproc *ip);
void pace_env_info_release(struct pace_env_info *env);
/* Adds (image, id, limits) to env's docker images unless there. */
void pace_env_info_add_docker(struct pace_env_info *env, const char *engine,
			      const char *image, const char *id,
			      const struct pace_limits *limits);
/* "ok", "warn", "unknown"; _parse: 0, or -1 for another word. */
const char *pace_check_status_name(enum pace_check_status s);
int pace_check_status_parse(const char *s, enum pace_check_status *out);
/* Frees n system checks (probe/system.c makes them) and the array. */
void pace_env_checks_free(struct pace_env_check *v, size_t n); /* NULL ok */

void pace_run_init(struct pace_run *run);
void pace_run_release(struct pace_run *run);
void pace_pattern_release(struct pace_pattern *p); /* NULL ok */

/* Name of a failure kind ("timeout", "exit-code", ...). */
const char *pace_fail_name(enum pace_fail f);

/* "local", "sandbox", "docker" to enum pace_executor (-1 for anything
 * else, "default" included), and back ("default" for DEFAULT). */
int pace_executor_parse(const char *name);
const char *pace_executor_name(enum pace_executor e);
/* "disk" / "tmpfs" (pace_workdir_parse: -1 for anything else). */
int pace_workdir_parse(const char *name);
const char *pace_workdir_name(enum pace_workdir w);

#endif
