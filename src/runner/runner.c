/*
 * runner.c - measures a plan, test by test (see runner.h for the shape).
 *
 * Invariants worth keeping in mind:
 *  - run->results may be reallocated while a test is added, so pointers to
 *    results are only taken after all of a test's results exist, and
 *    comparisons are computed once, at the end.
 *  - Without --ignore-failure, the first failing sample of a variant stops
 *    that variant (as hyperfine stops a command): the failed sample is kept
 *    with its reason, the other variants and tests go on.  With it, exit
 *    codes and signals are recorded but the samples count.
 *  - teardown runs whenever setup started, even when the run is stopped.
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "env/env.h"
#include "exec/controls.h"
#include "exec/exec.h"
#include "exec/session.h"
#include "fixture/fixture.h"
#include "probe/counters.h"
#include "probe/disk.h"
#include "probe/probe.h"
#include "probe/sampler.h"
#include "probe/valgrind.h"
#include "runner/runner.h"
#include "runner/runner_priv.h"
#include "stats/stats.h"
#include "util/sanitize.h"


static void make_run_id(struct pace_run *run)
{
	unsigned short rnd = 0;
	time_t t = (time_t)(run->started_unix_ms / 1000);
	struct tm tm;
	size_t n;

	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (unsigned short)(getpid() ^ run->started_unix_ms);
	gmtime_r(&t, &tm);
	n = strftime(run->id, sizeof(run->id), "%Y%m%d-%H%M%S", &tm);
	snprintf(run->id + n, sizeof(run->id) - n, "-%04x", rnd);
}

void pace_run_begin(struct pace_run *run)
{
	run->started_unix_ms = pace_unix_ms();
	pace_iso8601(run->started, run->started_unix_ms);
	make_run_id(run);
	pace_probe_env(&run->env);
}

void pace_run_end(struct pace_run *run)
{
	run->ended_unix_ms = pace_unix_ms();
	pace_iso8601(run->ended, run->ended_unix_ms);
}

/* ---- running one command ---------------------------------------------- */

static double test_timeout(const struct runner *rn, const struct pace_test *t)
{
	return t->timeout_s >= 0 ? t->timeout_s : rn->cfg->timeout;
}

/* A command through the variant's session.  When the session is missing
 * or its agent died, the sample fails as one that could not start (spawn,
 * errno 0) and rn->exec_why holds the sentence: that test x variant
 * fails, the run goes on. */
static int exec_in_session(struct runner *rn, struct pace_sample *s,
			   const struct pace_exec_spec *spec, struct pace_error *err)
{
	int rc = rn->sess ? pace_exec_session_run(rn->sess, s, &rn->cap, spec, err) : 0;

	if (rn->sess && !(rc && pace_exec_session_dead(rn->sess)))
		return rc;
	if (rn->sess)
		rn->exec_why = pace_exec_session_dead(rn->sess);
	memset(s, 0, sizeof(*s));
	s->iterations = 1;
	s->instructions = -1;
	s->exit_code = -1;
	s->started_unix_ms = pace_unix_ms();
	s->fail = PACE_FAIL_SPAWN;
	return 0;
}

/* --input is the stdin of the measured commands, not of the hooks. */
static const char *measured_input(const struct pace_test *t,
				  const struct pace_cmd *c)
{
	for (size_t v = 0; t->input && v < t->nvariants; v++)
		if (c == &t->variants[v].cmd)
			return t->input;
	return NULL;
}

static int exec_cmd(struct runner *rn, const struct pace_test *t,
		    const struct pace_cmd *c, struct pace_sample *s,
		    struct pace_error *err)
{
	struct pace_exec_spec spec = {
		.argv = c->argv.v,
		.input = measured_input(t, c),
		.env = rn->env ? rn->env : t->env.v,
		.cwd = rn->env ? rn->cwd : t->cwd,
		.timeout_s = test_timeout(rn, t),
		.kill_grace_s = rn->cfg->kill_grace,
		.capture_limit = rn->cfg->capture_limit,
		.max_output = rn->cfg->max_output,
		.retries = (int)rn->cfg->retries,
		.on_start = rn->sample_this ? pace_sampler_on_start : NULL,
		.on_start_data = rn->sampler,
		.stop = rn->o->stop_count,
		.stop_at = rn->stop_at,
		.no_adopt = rn->lock != NULL, /* --jobs: see exec.h */
	};
	int rc;

	pace_strbuf_reset(&rn->cap.out);
	pace_strbuf_reset(&rn->cap.err);
	/* --jobs: the other workers go on while this command runs; all it
	 * touches is this worker's (capture, spec, sample, session). */
	if (rn->lock)
		pthread_mutex_unlock(rn->lock);
	if (rn->executor == PACE_EXECUTOR_LOCAL)
		rc = pace_exec_run(s, &rn->cap, &spec, err);
	else
		rc = exec_in_session(rn, s, &spec, err);
	if (rn->lock)
		pthread_mutex_lock(rn->lock);
	return rc;
}

/* --measure instructions (or --profile): counts in every result. */
static bool counts_instructions(const struct pace_config *cfg)
{
	return cfg->profile || (cfg->measure && !strcmp(cfg->measure, "instructions"));
}

/* The measured command under valgrind (probe/valgrind.h), its files in a
 * directory of its own, read and removed after it exited (outside the
 * timed region, which then times valgrind too: the figure is the count).
 * When no count could be read, *why says why (the sample must not count);
 * `profile` (NULL: not wanted) gets the run's callgrind profile. */
static int exec_counted(struct runner *rn, const struct pace_test *t,
			const struct pace_cmd *c, struct pace_sample *s,
			struct pace_profile **profile, char **why,
			struct pace_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = pace_xasprintf("%s/pace-valgrind-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	struct pace_cmd wrapped = {.text = c->text};
	struct pace_error e = PACE_ERROR_INIT;
	int rc;

	*why = NULL;
	if (rn->executor != PACE_EXECUTOR_LOCAL) {
		*why = pace_xstrdup("--measure instructions needs the local executor "
				    "(valgrind's files are written outside the sandbox)");
		free(dir);
		return exec_cmd(rn, t, c, s, err);
	}
	if (!mkdtemp(dir)) {
		rc = pace_error_set(err, PACE_EIO, "cannot create a directory for "
				    "valgrind's files '%s': %s", dir, strerror(errno));
		free(dir);
		return rc;
	}
	pace_valgrind_argv(&wrapped.argv, c->argv.v, dir, rn->cfg->profile);
	rc = exec_cmd(rn, t, &wrapped, s, err);
	if (rc == 0 && s->fail == PACE_FAIL_SPAWN && s->spawn_errno == ENOENT)
		*why = pace_xstrdup("--measure instructions needs valgrind, which is "
				    "not on PATH (Debian: apt-get install valgrind)");
	if (rc == 0 && s->fail == PACE_FAIL_NONE && !s->spawn_errno &&
	    pace_valgrind_collect(&s->instructions, profile, dir, &e) < 0)
		*why = pace_xasprintf("no instruction count: %s", pace_error_msg(&e));
	if (rc || s->fail != PACE_FAIL_NONE || s->spawn_errno) {
		int64_t ignored;
		pace_valgrind_collect(&ignored, NULL, dir, &e); /* removes its files */
	}
	rmdir(dir);
	pace_error_release(&e);
	pace_strvec_release(&wrapped.argv);
	free(dir);
	return rc;
}

/* The measured command under the run's controls (exec/controls.h: CPU
 * pinning, ASLR off, environment padding) with its counters opened and
 * read around it, closest to the start. */
static int with_controls(struct runner *rn, const struct pace_test *t,
			 const struct pace_cmd *c, struct pace_sample *s,
			 const struct pace_result *r, struct pace_counters *pc,
			 struct pace_error *err)
{
	struct pace_controls_saved saved;
	struct pace_strvec env = PACE_STRVEC_INIT;
	struct pace_strbuf pad = PACE_STRBUF_INIT;
	char *const *old_env = rn->env;
	const char *old_cwd = rn->cwd;
	int64_t padded = 0;
	int rc;

	if (r->controls.env_pad > 0) {
		char *const *e = rn->env ? rn->env : t->env.v;
		for (size_t i = 0; e && e[i]; i++)
			pace_strvec_push(&env, e[i]);
		padded = pace_controls_env_pad(&pad, r->controls.env_pad);
		pace_strvec_push(&env, pace_strbuf_str(&pad));
		rn->cwd = rn->env ? rn->cwd : t->cwd;
		rn->env = env.v;
	}
	rc = pace_controls_apply(&saved, &r->controls, err);
	if (rc == 0) {
		pace_counters_open(pc);
		rc = exec_cmd(rn, t, c, s, err);
		pace_counters_read_close(pc, s->perf);
		pace_controls_restore(&saved);
		s->env_pad = padded;
	}
	rn->env = old_env;
	rn->cwd = old_cwd;
	pace_strvec_release(&env);
	pace_strbuf_release(&pad);
	return rc;
}

/* The measured command with perf_event_open counters (probe/counters.h)
 * of the local executor; a sandboxed command runs in the agent, which
 * pace's counters do not reach.  r->perf_note says once why the hardware
 * counters are missing. */
static int exec_perf(struct runner *rn, const struct pace_test *t,
		     const struct pace_cmd *c, struct pace_sample *s,
		     struct pace_result *r, struct pace_error *err)
{
	struct pace_counters pc;
	int rc;

	const char *dir = (rn->env ? rn->cwd : t->cwd) ? (rn->env ? rn->cwd : t->cwd) : ".";
	int64_t b0, i0, b1, i1;
	bool disk;

	if (rn->executor != PACE_EXECUTOR_LOCAL)
		return exec_cmd(rn, t, c, s, err);
	disk = pace_probe_dir_usage(dir, &b0, &i0) == 0;
	if (rn->sampler) { /* the interval by the previous run's length */
		double prev = r->nsamples ? (double)r->samples[r->nsamples - 1].wall_ns / 1e9 : 0;
		pace_sampler_arm(rn->sampler, rn->cfg->sample_interval > 0
			? (int64_t)(rn->cfg->sample_interval * 1e9)
			: pace_sampler_auto_interval(prev));
		rn->sample_this = true;
	}
	if ((rc = with_controls(rn, t, c, s, r, &pc, err)) != 0)
		return rc;
	if (rn->sampler) {
		struct pace_timeseries *ts = pace_sampler_stop(rn->sampler);
		rn->sample_this = false;
		/* the last measured run's, whose interval was chosen by the
		 * run before it (warm-ups are not kept) */
		if (rc == 0 && ts && !rn->in_warmup) {
			pace_timeseries_free(r->timeseries);
			r->timeseries = ts;
		} else {
			pace_timeseries_free(ts);
		}
	}
	s->perf_set = rc == 0;
	if (rc == 0 && disk && pace_probe_dir_usage(dir, &b1, &i1) == 0) {
		s->disk_set = true;
		s->disk_bytes_delta = b1 - b0;
		s->disk_inodes_delta = i1 - i0;
	}
	if (!r->perf_note)
		r->perf_note = pace_counters_hw_note(&pc);
	return rc;
}

/* Runs hooks in order; on the first failure returns 1 and a sentence. */
static int run_hooks(struct runner *rn, const struct pace_test *t,
		     const struct pace_cmd *hooks, size_t n, const char *what,
		     char **why, struct pace_error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct pace_sample s;
		int rc = exec_cmd(rn, t, &hooks[i], &s, err);
		if (rc)
			return rc;
		if (s.fail == PACE_FAIL_NONE && s.exit_code == 0 && !s.interrupted)
			continue;
		if (why) {
			struct pace_strbuf sb = PACE_STRBUF_INIT;
			pace_strbuf_addf(&sb, "%s command '%s' failed: ", what,
					 hooks[i].text);
			if (s.interrupted)
				pace_strbuf_adds(&sb, "interrupted");
			else if (s.spawn_errno)
				pace_strbuf_addf(&sb, "cannot start: %s",
						 strerror(s.spawn_errno));
			else if (s.fail == PACE_FAIL_SPAWN && rn->exec_why)
				pace_strbuf_adds(&sb, rn->exec_why);
			else if (s.timed_out)
				pace_strbuf_addf(&sb, "timed out");
			else if (s.signal)
				pace_strbuf_addf(&sb, "killed by signal %d (%s)",
						 s.signal, strsignal(s.signal));
			else
				pace_strbuf_addf(&sb, "exit code %d", s.exit_code);
			*why = pace_strbuf_detach(&sb);
		}
		return 1;
	}
	return 0;
}

/* ---- judging a sample -------------------------------------------------- */

static void describe_failure(struct pace_strbuf *sb, const struct pace_sample *s,
			     const struct pace_test *t, const struct pace_variant *v,
			     const struct pace_config *cfg)
{
	char a[32];
	switch (s->fail) {
	case PACE_FAIL_SPAWN:
		if (s->spawn_errno == ENOENT)
			pace_strbuf_addf(sb, "command not found: '%s'",
					 v->cmd.argv.v[0]);
		else
			pace_strbuf_addf(sb, "cannot start '%s': %s",
					 v->cmd.argv.v[0], strerror(s->spawn_errno));
		break;
	case PACE_FAIL_EXIT:
		pace_strbuf_addf(sb, "exit code %d (expected %d)", s->exit_code,
				 t->expected_exit);
		break;
	case PACE_FAIL_SIGNAL:
		pace_strbuf_addf(sb, "killed by signal %d (%s)", s->signal,
				 strsignal(s->signal));
		break;
	case PACE_FAIL_TIMEOUT:
		pace_format_time(a, sizeof(a), t->timeout_s >= 0 ?
					t->timeout_s : cfg->timeout);
		pace_strbuf_addf(sb, "timed out after %s; its process group was killed", a);
		break;
	case PACE_FAIL_LEFTOVER:
		pace_strbuf_addf(sb, "left %d process%s running after it exited (killed)",
				 s->leftover, s->leftover == 1 ? "" : "es");
		break;
	case PACE_FAIL_OUTPUT:
		pace_format_bytes(a, sizeof(a), (double)cfg->max_output);
		pace_strbuf_addf(sb, "wrote more than %s of output (execution.maxOutput); killed", a);
		break;
	case PACE_FAIL_MEMORY:
		pace_strbuf_addf(sb, "killed for exceeding its memory limit");
		break;
	case PACE_FAIL_VALIDATION:
	case PACE_FAIL_HOOK:
	case PACE_FAIL_NONE:
		break;
	}
}

/* Checks validation rules; returns a sentence, or NULL when they hold. */
static char *validate(const struct runner *rn, const struct pace_test *t,
		      const struct pace_sample *s)
{
	const struct pace_validation *v = &t->validation;
	double wall = (double)s->wall_ns / 1e9;
	char a[32], b[32];

	if (v->output_regex) {
		regex_t re;
		int m;
		if (regcomp(&re, v->output_regex, REG_EXTENDED | REG_NEWLINE | REG_NOSUB))
			return pace_xasprintf("invalid outputMatches regex '%s'",
					      v->output_regex);
		m = regexec(&re, pace_strbuf_str(&rn->cap.out), 0, NULL, 0);
		regfree(&re);
		if (m)
			return pace_xasprintf("stdout does not match outputMatches '%s'",
					      v->output_regex);
	}
	if (v->min_time_s >= 0 && wall < v->min_time_s) {
		pace_format_time(a, sizeof(a), wall);
		pace_format_time(b, sizeof(b), v->min_time_s);
		return pace_xasprintf("took %s, less than minTime %s", a, b);
	}
	if (v->max_time_s >= 0 && wall > v->max_time_s) {
		pace_format_time(a, sizeof(a), wall);
		pace_format_time(b, sizeof(b), v->max_time_s);
		return pace_xasprintf("took %s, more than maxTime %s", a, b);
	}
	if (v->max_memory >= 0 && s->max_rss > v->max_memory) {
		pace_format_bytes(a, sizeof(a), (double)s->max_rss);
		pace_format_bytes(b, sizeof(b), (double)v->max_memory);
		return pace_xasprintf("used %s of memory, more than maxMemory %s", a, b);
	}
	return NULL;
}

/* Sets s->fail and returns the failure sentence (NULL when it counts). */
static char *judge(const struct runner *rn, struct pace_sample *s,
		   const struct pace_test *t, const struct pace_variant *v)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	bool ignore = rn->cfg->ignore_failure;
	char *why;

	if (s->fail == PACE_FAIL_NONE && !s->spawn_errno && !s->signal &&
	    s->exit_code != t->expected_exit)
		s->fail = PACE_FAIL_EXIT;
	if (ignore && (s->fail == PACE_FAIL_EXIT || s->fail == PACE_FAIL_SIGNAL))
		s->fail = PACE_FAIL_NONE;
	if (s->fail == PACE_FAIL_SPAWN && !s->spawn_errno && rn->exec_why)
		return pace_xstrdup(rn->exec_why);
	if (s->fail != PACE_FAIL_NONE) {
		describe_failure(&sb, s, t, v, rn->cfg);
		return pace_strbuf_detach(&sb);
	}
	why = validate(rn, t, s);
	if (why)
		s->fail = PACE_FAIL_VALIDATION;
	return why;
}

static void note_failure(struct runner *rn, struct pace_result *r,
			 const struct pace_sample *s, char *why)
{
	const struct pace_strbuf *snip = rn->cap.err.len ? &rn->cap.err : &rn->cap.out;
	r->nfailed++;
	if (r->failure) {
		free(why);
		return;
	}
	r->first_fail = s->fail;
	r->failure = why;
	if (snip->len) {
		size_t n = snip->len < 2048 ? snip->len : 2048;
		struct pace_strbuf clean = PACE_STRBUF_INIT;
		/* shown on the console and in every report: no escapes */
		pace_sanitize_term(&clean, snip->buf, n, PACE_SAN_KEEP_LINES);
		r->output_snippet = pace_strbuf_detach(&clean);
	}
}

/* ---- progress ------------------------------------------------------------ */

static double eta(const struct runner *rn, size_t iter, size_t iters,
		  int64_t test_t0)
{
	double elapsed = (double)(pace_now_ns() - test_t0) / 1e9;
	double frac = iters ? (double)iter / (double)iters : 0;
	double per_test, remaining_tests;

	if (frac <= 0)
		return -1;
	per_test = (rn->done_tests_s + elapsed / frac) / (double)(rn->test_index + 1);
	remaining_tests = (double)(rn->plan->n - rn->test_index - 1);
	return elapsed / frac - elapsed + remaining_tests * per_test;
}

static void emit_resumed(struct runner *rn, enum pace_runner_event ev,
			 const struct pace_result *r, size_t iter, size_t iters,
			 int64_t test_t0, bool resumed)
{
	struct pace_runner_progress p = {
		.ev = ev,
		.test = r ? r->test : NULL,
		.result = r,
		.test_index = rn->test_index,
		.ntests = rn->plan->n,
		.iteration = iter,
		.iterations = iters,
		.eta_s = eta(rn, iter, iters, test_t0),
		.resumed = resumed,
	};
	if (ev == PACE_EV_OUTPUT) {
		p.out = pace_strbuf_str(&rn->cap.out);
		p.err = pace_strbuf_str(&rn->cap.err);
	}
	if (rn->o->cb)
		rn->o->cb(&p, rn->o->cb_data);
}

static void emit(struct runner *rn, enum pace_runner_event ev,
		 const struct pace_result *r, size_t iter, size_t iters,
		 int64_t test_t0)
{
	emit_resumed(rn, ev, r, iter, iters, test_t0, false);
}

static bool stopped(const struct runner *rn)
{
	return rn->o->stop && *rn->o->stop;
}

/* The controls a local command runs under (the sandbox's and valgrind's
 * commands run without them, so their results say none). */
static void controls_of(struct pace_controls *c, const struct pace_config *cfg)
{
	memset(c, 0, sizeof(*c));
	if (cfg->cpus && strcmp(cfg->cpus, "none"))
		snprintf(c->cpus, sizeof(c->cpus), "%s", cfg->cpus);
	c->no_aslr = !cfg->aslr;
	c->env_pad = cfg->env_pad;
	c->nice = (int)cfg->nice;
}

/* ---- one test ------------------------------------------------------------- */

struct test_state {
	const struct pace_plan_item *item;
	struct pace_result *res;   /* item->nvariants results in run->results */
	bool *active;
	int64_t t0;
	size_t iters;
	struct pace_strvec *venv; /* per variant: test env + PACE_* */
	char **vcwd;              /* per variant: cwd (its copy of the fixture) */
	char *workdir;            /* temporary root of the copies, or NULL */
	bool *setup_started;      /* per variant: its teardown is due */
	struct pace_exec_session **sess; /* per variant, sandbox only */
	char **sess_why;          /* per variant: why its session is missing */
	/* Adaptive stopping: the test's own precision, maxTime, minRuns,
	 * maxRuns where it has them, else the run's (stop_rule). */
	double precision, max_time;
	int64_t min_runs, max_runs;
};

static void vctx_use(struct runner *rn, const struct test_state *ts, size_t v)
{
	rn->env = ts->venv[v].v;
	rn->cwd = ts->vcwd[v];
	rn->sess = ts->sess ? ts->sess[v] : NULL;
	rn->exec_why = ts->sess_why ? ts->sess_why[v] : NULL;
}

/* Seed 000's backoff before retry k (0-based): 1 s, 5 s, then 10 s.
 * Slept in short steps so that Ctrl-C is not held up, and without the
 * --jobs lock, so the other workers go on. */
static void backoff(struct runner *rn, int k)
{
	static const double wait_s[] = {1, 5, 10};
	double left = wait_s[k < 2 ? k : 2];

	if (rn->lock)
		pthread_mutex_unlock(rn->lock);
	while (left > 0 && !stopped(rn)) {
		double step = left < 0.1 ? left : 0.1;
		struct timespec ts = {0, (long)(step * 1e9)};
		nanosleep(&ts, NULL);
		left -= step;
	}
	if (rn->lock)
		pthread_mutex_lock(rn->lock);
}

/* Prepare and the measured command, run again (`retries:`, else
 * execution.iterationRetries) while the command timed out or could not
 * start; the sample counts the re-runs in s->retries (with exec's own
 * EAGAIN retries).  Returns < 0 on errors, 1 when a prepare hook failed
 * (*why says how), else 0 with *s measured. */
/* What measuring one iteration gives besides its sample. */
struct measure_out {
	bool warmup;
	struct pace_profile *prof; /* --profile: the run's callgrind profile */
	char *count_why;           /* why no instruction count was read */
};

/* The measured command: counted under valgrind (--measure instructions,
 * --profile), else timed with the counters, sampler and controls. */
static int measure_cmd(struct runner *rn, struct test_state *ts, size_t v,
		       struct pace_sample *s, struct measure_out *m,
		       struct pace_error *err)
{
	const struct pace_test *t = ts->item->test;
	const struct pace_variant *var = ts->item->variants[v];
	struct pace_result *r = &ts->res[v];
	bool want_prof = rn->cfg->profile && !m->warmup && !r->profile;

	pace_profile_free(m->prof); /* of an attempt that is retried */
	free(m->count_why);
	m->prof = NULL;
	m->count_why = NULL;
	rn->in_warmup = m->warmup;
	return counts_instructions(rn->cfg)
		? exec_counted(rn, t, &var->cmd, s, want_prof ? &m->prof : NULL,
			       &m->count_why, err)
		: exec_perf(rn, t, &var->cmd, s, r, err);
}

static int attempt(struct runner *rn, struct test_state *ts, size_t v,
		   struct pace_sample *s, struct measure_out *m, char **why,
		   struct pace_error *err)
{
	const struct pace_test *t = ts->item->test;
	const struct pace_variant *var = ts->item->variants[v];
	int64_t max = t->retries >= 0 ? t->retries : rn->cfg->iteration_retries;
	int tries = 0, rc;

	for (;;) {
		rc = run_hooks(rn, t, t->prepare, t->nprepare, "prepare", why, err);
		if (rc == 0)
			rc = run_hooks(rn, t, var->prepare, var->nprepare, "prepare",
				       why, err);
		if (rc == 0)
			rc = measure_cmd(rn, ts, v, s, m, err);
		if (rc || tries >= max || stopped(rn) ||
		    (s->fail != PACE_FAIL_TIMEOUT && s->fail != PACE_FAIL_SPAWN))
			break;
		backoff(rn, tries++);
	}
	if (rc == 0)
		s->retries += tries;
	return rc;
}

/* One iteration of one variant: prepare, measure, conclude. */
static int iterate(struct runner *rn, struct test_state *ts, size_t v,
		   bool warmup, struct pace_error *err)
{
	const struct pace_test *t = ts->item->test;
	const struct pace_variant *var = ts->item->variants[v];
	struct pace_result *r = &ts->res[v];
	struct pace_sample s;
	struct measure_out m = {.warmup = warmup};
	struct pace_profile *prof;
	char *why = NULL, *count_why;
	int rc;

	vctx_use(rn, ts, v);
	rc = attempt(rn, ts, v, &s, &m, &why, err);
	prof = m.prof;
	count_why = m.count_why;
	if (rc < 0) {
		free(count_why);
		pace_profile_free(prof);
		return rc;
	}
	if ((rc > 0 && stopped(rn)) || (rc == 0 && s.interrupted)) {
		free(count_why);
		pace_profile_free(prof);
		goto interrupted;
	}
	if (rc == 0) {
		if (rn->cfg->show_output)
			emit(rn, PACE_EV_OUTPUT, r, r->nsamples, ts->iters, ts->t0);
		why = judge(rn, &s, t, var);
		if (count_why && (!why || s.fail == PACE_FAIL_SPAWN)) {
			free(why);
			s.fail = PACE_FAIL_VALIDATION;
			why = count_why;
			count_why = NULL;
		}
		free(count_why);
		if (s.fail == PACE_FAIL_NONE && prof && !r->profile)
			r->profile = prof;
		else
			pace_profile_free(prof);
		rc = run_hooks(rn, t, t->conclude, t->nconclude, "conclude",
			       why ? NULL : &why, err);
		if (rc == 0)
			rc = run_hooks(rn, t, var->conclude, var->nconclude,
				       "conclude", why ? NULL : &why, err);
		if (rc < 0) {
			free(why);
			return rc;
		}
		if (rc > 0 && stopped(rn))
			goto interrupted;
		if (rc > 0 && s.fail == PACE_FAIL_NONE)
			s.fail = PACE_FAIL_HOOK;
	} else {
		free(count_why); /* of an earlier attempt, retried */
		pace_profile_free(prof);
		memset(&s, 0, sizeof(s));
		s.iterations = 1;
		s.instructions = -1;
		s.fail = PACE_FAIL_HOOK;
		s.started_unix_ms = pace_unix_ms();
	}
	if (warmup && s.fail == PACE_FAIL_NONE) {
		emit(rn, PACE_EV_WARMUP, r, 0, ts->iters, ts->t0);
		return 0;
	}
	if (!warmup) {
		PACE_GROW(r->samples, r->alloc, r->nsamples + 1);
		r->samples[r->nsamples++] = s;
	}
	if (s.fail != PACE_FAIL_NONE) {
		note_failure(rn, r, &s, why);
		ts->active[v] = false; /* hyperfine's rule: stop at a failure */
	}
	if (!warmup)
		emit(rn, PACE_EV_SAMPLE, r, r->nsamples, ts->iters, ts->t0);
	return 0;
interrupted: /* an iteration cut short by a stop request is no sample */
	free(why);
	return 0;
}

/* Iterations for an automatic run count, from the first round; *capped
 * says whether maxRuns cut it short of about minTime. */
static size_t auto_iterations(const struct runner *rn, const struct test_state *ts,
			      bool *capped)
{
	const struct pace_config *c = rn->cfg;
	double slowest = 0, n;

	for (size_t v = 0; v < ts->item->nvariants; v++)
		if (ts->res[v].nsamples)
			slowest = fmax(slowest, (double)ts->res[v].samples[0].wall_ns / 1e9);
	n = slowest > 0 ? ceil(c->min_time / slowest) : (double)ts->min_runs;
	if (n < (double)ts->min_runs)
		n = (double)ts->min_runs;
	*capped = ts->max_runs > 0 && n > (double)ts->max_runs;
	if (*capped)
		n = (double)ts->max_runs;
	return n > 1e9 ? (size_t)1e9 : (size_t)n;
}

static bool any_active(const struct test_state *ts)
{
	for (size_t v = 0; v < ts->item->nvariants; v++)
		if (ts->active[v])
			return true;
	return false;
}

/* Relative half-width of the interval of the chosen estimator
 * (execution.precisionEstimator) of `r`'s counted wall times: the mean's
 * t interval, (ci_hi - ci_lo) / 2 / mean, or the median's order-statistic
 * interval, (hi - lo) / 2 / median (half its width: it need not be
 * symmetric); +inf while unknown (n < 2, or n < 6 for the median at
 * 95 %).  Only that one interval is computed, so every round stays cheap. */
static double rel_halfwidth(const struct pace_result *r, double confidence,
			    bool median, double *buf)
{
	size_t n = 0;

	n = pace_stats_metric_values(buf, r, pace_stats_primary(r));
	return pace_stats_rel_halfwidth(buf, n, confidence, median);
}

/* Adaptive stopping (execution.precision), after `done` rounds: why to
 * stop, or NULL to go on.  Also re-estimates ts->iters for the progress
 * line: the interval narrows as 1/sqrt(n). */
static const char *adaptive_stop(struct runner *rn, struct test_state *ts,
				 size_t done)
{
	const struct pace_config *c = rn->cfg;
	double worst = 0, ratio, *buf;
	double elapsed = (double)(pace_now_ns() - ts->t0) / 1e9;
	size_t nmax = 1, est;
	bool median = !strcmp(c->precision_estimator, "median");

	if (done < (size_t)ts->min_runs)
		return NULL;
	for (size_t v = 0; v < ts->item->nvariants; v++)
		if (ts->active[v] && ts->res[v].nsamples > nmax)
			nmax = ts->res[v].nsamples;
	buf = pace_xmalloc(nmax * sizeof(*buf));
	for (size_t v = 0; v < ts->item->nvariants; v++)
		if (ts->active[v])
			worst = fmax(worst, rel_halfwidth(&ts->res[v],
							  c->confidence, median, buf));
	free(buf);
	if (worst <= ts->precision)
		return "precision";
	if (ts->max_runs > 0 && done >= (size_t)ts->max_runs)
		return "max-runs";
	if (ts->max_time > 0 && elapsed >= ts->max_time)
		return "max-time";
	ratio = worst / ts->precision;
	est = isfinite(ratio) ? (size_t)fmin(ceil((double)done * ratio * ratio), 1e9)
			      : done + 1;
	if (ts->max_runs > 0 && est > (size_t)ts->max_runs)
		est = (size_t)ts->max_runs;
	ts->iters = est > done ? est : done + 1;
	return NULL;
}

/* Records what ended the measuring of each variant. */
static void set_stop_reasons(struct runner *rn, struct test_state *ts,
			     const char *why, int rc)
{
	if (rc || stopped(rn))
		why = "interrupted";
	for (size_t v = 0; v < ts->item->nvariants; v++)
		ts->res[v].stop_reason = ts->active[v] || rc || stopped(rn) ?
					 why : "failure";
}

/* The test's own stopping keys where it has them, else the run's. */
static void stop_rule(struct test_state *ts, const struct pace_config *c)
{
	const struct pace_test *t = ts->item->test;

	ts->precision = t->precision > 0 ? t->precision : c->precision;
	ts->max_time = t->max_time_s > 0 ? t->max_time_s : c->max_time;
	ts->min_runs = t->min_runs > 0 ? t->min_runs : c->min_runs;
	ts->max_runs = t->max_runs > 0 ? t->max_runs : c->max_runs;
}

/* Room for exactly n samples per active variant once the count is known
 * (at most 2^20 ahead: untouched room costs no memory, but must be
 * allocatable), so a long run neither grows its arrays by half again nor
 * copies them at its end (bench/memory). */
static void reserve_samples(struct test_state *ts, size_t n)
{
	if (n > ((size_t)1 << 20))
		n = (size_t)1 << 20;
	for (size_t v = 0; v < ts->item->nvariants; v++) {
		struct pace_result *r = &ts->res[v];
		if (!ts->active[v] || r->alloc >= n)
			continue;
		r->samples = pace_xrealloc(r->samples, n * sizeof(*r->samples));
		r->alloc = n;
	}
}

static int measure(struct runner *rn, struct test_state *ts,
		   struct pace_error *err)
{
	const struct pace_test *t = ts->item->test;
	int64_t runs = t->runs >= 0 ? t->runs : rn->cfg->runs;
	int64_t warm = t->warmup >= 0 ? t->warmup : rn->cfg->warmup;
	bool adaptive;
	const char *why = runs > 0 ? "runs" : "min-time";
	int rc = 0;

	stop_rule(ts, rn->cfg);
	adaptive = runs <= 0 && ts->precision > 0;
	ts->iters = runs > 0 ? (size_t)runs : (size_t)ts->min_runs;
	if (runs > 0)
		reserve_samples(ts, ts->iters);
	for (int64_t w = 0; w < warm && !rc && !stopped(rn); w++)
		for (size_t v = 0; v < ts->item->nvariants && !rc; v++)
			if (ts->active[v])
				rc = iterate(rn, ts, v, true, err);
	for (size_t i = 0; (adaptive || i < ts->iters) && !rc && any_active(ts); i++) {
		/* Round i starts at variant i mod n (A B, B A, A B, ...): every
		 * variant is first in a round equally often.  The first run of
		 * a round follows the runner's own bookkeeping, and on this VM
		 * that made the second of two identical commands faster in
		 * ~70 % of A/A runs (17 % false positives at alpha 0.05 with a
		 * fixed A B order); rotating spreads that over all variants. */
		size_t n = ts->item->nvariants;
		for (size_t k = 0; k < n && !rc; k++) {
			size_t v = (i + k) % n;
			if (stopped(rn))
				break;
			if (ts->active[v])
				rc = iterate(rn, ts, v, false, err);
		}
		if (stopped(rn))
			break;
		if (adaptive && !rc && any_active(ts) &&
		    (why = adaptive_stop(rn, ts, i + 1)) != NULL)
			break;
		if (i == 0 && runs <= 0 && !adaptive) {
			bool capped;
			ts->iters = auto_iterations(rn, ts, &capped);
			why = capped ? "max-runs" : "min-time";
			reserve_samples(ts, ts->iters);
		}
	}
	set_stop_reasons(rn, ts, why ? why : "failure", rc);
	return rc;
}

static void skip_all(struct test_state *ts, const char *why)
{
	for (size_t v = 0; v < ts->item->nvariants; v++) {
		if (!ts->res[v].skipped)
			ts->res[v].skipped = pace_xstrdup(why);
		ts->active[v] = false;
	}
}

/* The comparisons' options, from the analysis.* config keys. */
static void stats_opts(struct pace_stats_opts *o, const struct pace_config *cfg)
{
	o->confidence = cfg->confidence;
	o->alpha = cfg->alpha;
	o->threshold = cfg->threshold;
	o->resamples = (size_t)cfg->bootstrap;
	o->seed = (unsigned long)cfg->seed;
}

/* Every pair of a test's variants that have data: first the fastest
 * against each of the others (what the console shows), then the other
 * pairs.  Results and comparisons were reserved for the whole plan, so
 * these pointers stay valid for the life of the run. */
static void compare_variants(struct pace_run *run, struct pace_result *res,
			     size_t n, const struct pace_config *cfg)
{
	struct pace_stats_opts o;
	size_t best = 0;

	stats_opts(&o, cfg);
	for (size_t k = 0; k < n; k++)
		if (res[k].wall.n && (!res[best].wall.n ||
				      res[k].wall.mean < res[best].wall.mean))
			best = k;
	for (size_t k = 0; k < n && res[best].wall.n; k++) {
		if (k == best || !res[k].wall.n)
			continue;
		assert(run->ncomparisons < run->calloc_);
		pace_stats_compare_opts(&run->comparisons[run->ncomparisons++],
					&res[best], &res[k], &o);
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t k = i + 1; k < n; k++) {
			if (i == best || k == best || !res[i].wall.n ||
			    !res[k].wall.n)
				continue;
			assert(run->ncomparisons < run->calloc_);
			pace_stats_compare_opts(
				&run->comparisons[run->ncomparisons++],
				&res[i], &res[k], &o);
		}
	}
}

/* Room for every result of the plan and every pair of each test's
 * variants (n (n - 1) / 2 per test). */
static void reserve(struct pace_run *run, const struct pace_plan *plan)
{
	size_t nv = 0, np = 0;
	for (size_t i = 0; i < plan->n; i++) {
		size_t n = plan->items[i].nvariants;
		nv += n;
		np += n * (n - 1) / 2;
	}
	PACE_GROW(run->results, run->alloc, run->nresults + nv);
	PACE_GROW(run->comparisons, run->calloc_, run->ncomparisons + np);
}

void pace_run_analyze(struct pace_run *run, const struct pace_config *cfg)
{
	size_t np = 0;

	for (size_t i = 0, j; i < run->nresults; i = j) {
		for (j = i; j < run->nresults && run->results[j].test == run->results[i].test; j++)
			;
		np += (j - i) * (j - i - 1) / 2;
	}
	run->ncomparisons = 0;
	run->nfailed_results = 0;
	PACE_GROW(run->comparisons, run->calloc_, np);
	for (size_t i = 0, j; i < run->nresults; i = j) {
		for (j = i; j < run->nresults && run->results[j].test == run->results[i].test; j++) {
			struct pace_result *r = &run->results[j];
			pace_stats_summarize_result_alpha(r, cfg->confidence, cfg->alpha);
			if (r->nfailed || r->skipped || r->failure)
				run->nfailed_results++;
		}
		compare_variants(run, &run->results[i], j - i, cfg);
	}
}

/* ---- per-variant contexts and fixture working copies ------------------------ */

/* Every variant runs with the test's env plus PACE_VARIANT, in the test's
 * cwd; with a fixture, in its own copy of it (make_copies). */
static void vctx_init(struct test_state *ts)
{
	const struct pace_test *t = ts->item->test;
	size_t n = ts->item->nvariants;

	ts->venv = pace_xcalloc(n, sizeof(*ts->venv));
	ts->vcwd = pace_xcalloc(n, sizeof(*ts->vcwd));
	ts->setup_started = pace_xcalloc(n, sizeof(bool));
	for (size_t v = 0; v < n; v++) {
		for (size_t i = 0; i < t->env.n; i++)
			pace_strvec_push(&ts->venv[v], t->env.v[i]);
		pace_strvec_pushf(&ts->venv[v], "PACE_VARIANT=%s",
				  ts->item->variants[v]->name);
		ts->vcwd[v] = t->cwd ? pace_xstrdup(t->cwd) : NULL;
	}
}

static void vctx_release(struct runner *rn, struct test_state *ts)
{
	struct pace_error ignored = PACE_ERROR_INIT;

	for (size_t v = 0; v < ts->item->nvariants; v++) {
		pace_strvec_release(&ts->venv[v]);
		free(ts->vcwd[v]);
	}
	free(ts->venv);
	free(ts->vcwd);
	free(ts->setup_started);
	if (ts->workdir)
		pace_fixture_remove_tree(ts->workdir, &ignored);
	pace_error_release(&ignored);
	free(ts->workdir);
	rn->env = NULL;
	rn->cwd = NULL;
}

/* WORKDIR/VARIANT/repo, a copy of the fixture for each variant, made
 * before setup and untimed; WORKDIR is BASE/pace-work-RUNID-XXXXXX.  1 and a sentence when it cannot be made. */
static int make_copies(struct test_state *ts, const char *run_id, char **why)
{
	const struct pace_test *t = ts->item->test;
	struct pace_error err = PACE_ERROR_INIT;
	char *tmpl, *base, *note, *fs;
	int rc = 0;

	if (!t->fixture.path)
		return 0;
	base = pace_fixture_workbase(t->workdir, &note);
	/* named after the run, so that what a run leaves behind (killed
	 * with SIGKILL) can be told from what other runs are using */
	tmpl = pace_xasprintf("%s/pace-work-%s-XXXXXX", base, run_id);
	free(base);
	if (!mkdtemp(tmpl)) {
		*why = pace_xasprintf("cannot make a work directory '%s': %s",
				      tmpl, strerror(errno));
		free(tmpl);
		free(note);
		return 1;
	}
	ts->workdir = tmpl;
	fs = pace_fixture_fs_name(tmpl);
	for (size_t v = 0; v < ts->item->nvariants; v++) {
		ts->res[v].workdir_fs = fs ? pace_xstrdup(fs) : NULL;
		ts->res[v].workdir_note = note ? pace_xstrdup(note) : NULL;
	}
	free(fs);
	free(note);
	for (size_t v = 0; v < ts->item->nvariants && !rc; v++) {
		const char *name = ts->item->variants[v]->name;
		char *dir = pace_xasprintf("%s/%s", tmpl, name);
		char *repo = pace_xasprintf("%s/repo", dir);

		if (mkdir(dir, 0700))
			rc = pace_error_set(&err, PACE_EIO, "cannot make '%s': %s",
					    dir, strerror(errno));
		if (!rc)
			rc = pace_fixture_copy(t->fixture.path, repo, &err);
		pace_strvec_pushf(&ts->venv[v], "PACE_FIXTURE=%s", t->fixture.path);
		pace_strvec_pushf(&ts->venv[v], "PACE_WORKDIR=%s", dir);
		pace_strvec_pushf(&ts->venv[v], "PACE_REPO=%s", repo);
		free(ts->vcwd[v]);
		ts->vcwd[v] = repo;
		free(dir);
	}
	if (rc)
		*why = pace_xstrdup(pace_error_msg(&err));
	pace_error_release(&err);
	return rc ? 1 : 0;
}

/* Setup: with a fixture, the test's and then the variant's hooks in each
 * variant's copy (a failure skips that variant); without, the test's
 * hooks once (a failure skips the test), then each variant's. */
static int setup_all(struct runner *rn, struct test_state *ts,
		     struct pace_error *err)
{
	const struct pace_test *t = ts->item->test;
	bool per_variant = t->fixture.path != NULL;
	char *why = NULL;
	int rc = 0;

	if (!per_variant) {
		rc = run_hooks(rn, t, t->setup, t->nsetup, "setup", &why, err);
		ts->setup_started[0] = true; /* the test's teardown is due */
		if (rc > 0)
			skip_all(ts, why);
		free(why);
		if (rc)
			return rc < 0 ? rc : 0;
	}
	for (size_t v = 0; v < ts->item->nvariants; v++) {
		const struct pace_variant *var = ts->item->variants[v];
		if (!ts->active[v])
			continue; /* its session could not start */
		vctx_use(rn, ts, v);
		ts->setup_started[v] = true;
		why = NULL;
		rc = per_variant ? run_hooks(rn, t, t->setup, t->nsetup, "setup",
					     &why, err) : 0;
		if (!rc)
			rc = run_hooks(rn, t, var->setup, var->nsetup, "setup",
				       &why, err);
		if (rc > 0) {
			ts->res[v].skipped = why;
			ts->active[v] = false;
			why = NULL;
		}
		free(why);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void taint(struct pace_result *r, const char *why)
{
	/* A failed teardown taints the test: the next one may see its mess. */
	if (!r->failure && !r->skipped)
		r->failure = pace_xstrdup(why);
}

static int teardown_all(struct runner *rn, struct test_state *ts,
			struct pace_error *err)
{
	const struct pace_test *t = ts->item->test;
	bool per_variant = t->fixture.path != NULL;
	int rc, worst = 0;

	rn->stop_at = 2; /* the first ^C does not skip the cleaning up */
	for (size_t v = 0; v < ts->item->nvariants; v++) {
		const struct pace_variant *var = ts->item->variants[v];
		char *why = NULL;
		if (!ts->setup_started[v])
			continue;
		vctx_use(rn, ts, v);
		rc = run_hooks(rn, t, var->teardown, var->nteardown, "teardown",
			       &why, err);
		if (!rc && per_variant)
			rc = run_hooks(rn, t, t->teardown, t->nteardown,
				       "teardown", &why, err);
		if (rc > 0)
			taint(&ts->res[v], why);
		free(why);
		worst = rc < 0 ? rc : worst;
	}
	if (!per_variant && ts->setup_started[0]) {
		char *why = NULL;
		rn->env = NULL;
		rc = run_hooks(rn, t, t->teardown, t->nteardown, "teardown", &why, err);
		for (size_t v = 0; rc > 0 && v < ts->item->nvariants; v++)
			taint(&ts->res[v], why);
		free(why);
		worst = rc < 0 ? rc : worst;
	}
	rn->stop_at = 1;
	return worst;
}

/* ---- executor sessions ------------------------------------------------------ */

/* The test's executor, else its suite's (copied at parse time), else the
 * run's (execution.executor, --executor). */
static enum pace_executor test_executor(const struct runner *rn,
					const struct pace_test *t)
{
	int e = t->executor != PACE_EXECUTOR_DEFAULT ? (int)t->executor :
		pace_executor_parse(rn->cfg->executor);

	return e > 0 ? (enum pace_executor)e : PACE_EXECUTOR_LOCAL;
}

/* The directory a variant may write: the one holding its fixture copy
 * (WORKDIR/VARIANT), else its working directory, made absolute. */
static char *variant_workdir(const struct test_state *ts, size_t v)
{
	char *dir, *abs;

	if (ts->workdir)
		return pace_xasprintf("%s/%s", ts->workdir, ts->item->variants[v]->name);
	dir = ts->vcwd[v] ? ts->vcwd[v] : ".";
	abs = realpath(dir, NULL);
	return abs ? abs : pace_xstrdup(dir);
}

/* The variant's image in environment.docker.baseImages, or NULL. */
static const char *variant_image(const struct pace_test *t, const char *variant)
{
	size_t n = strlen(variant);

	for (size_t i = 0; i < t->environment.docker_images.n; i++) {
		const char *e = t->environment.docker_images.v[i];
		if (!strncmp(e, variant, n) && e[n] == '=')
			return e + n + 1;
	}
	return NULL;
}

/* One session per variant, before setup.  A variant whose session cannot
 * start fails with the reason; the others go on. */
static void sessions_start(struct runner *rn, struct test_state *ts)
{
	const struct pace_test *t = ts->item->test;
	size_t n = ts->item->nvariants;

	if (rn->executor == PACE_EXECUTOR_LOCAL)
		return;
	ts->sess = pace_xcalloc(n, sizeof(*ts->sess));
	ts->sess_why = pace_xcalloc(n, sizeof(*ts->sess_why));
	for (size_t v = 0; v < n; v++) {
		struct pace_error e = PACE_ERROR_INIT;
		char *wd = variant_workdir(ts, v);
		struct pace_exec_session_opts o = {
			.kind = rn->executor, .root = t->environment.root,
			.env_hash = t->environment.hash,
			.image = variant_image(t, ts->item->variants[v]->name),
			.workdir = wd, .limits = t->limits};
		struct pace_exec_docker_info di;
		if (pace_exec_session_start(&ts->sess[v], &o, &e)) {
			ts->sess_why[v] = pace_xstrdup(pace_error_msg(&e));
			ts->res[v].failure = pace_xstrdup(ts->sess_why[v]);
			ts->res[v].first_fail = PACE_FAIL_SPAWN;
			ts->active[v] = false;
		} else if (!pace_exec_session_docker_info(ts->sess[v], &di)) {
			pace_env_info_add_docker(&rn->run->env, di.engine, di.image,
						 di.image_id, &t->limits);
		}
		pace_error_release(&e);
		free(wd);
	}
	/* Test-level hooks without a fixture run once, in the first variant's. */
	rn->sess = ts->sess[0];
	rn->exec_why = ts->sess_why[0];
}

static void sessions_stop(struct runner *rn, struct test_state *ts)
{
	for (size_t v = 0; ts->sess && v < ts->item->nvariants; v++) {
		pace_exec_session_container_stats(ts->sess[v],
						  &ts->res[v].container_mem_peak,
						  &ts->res[v].container_cpu_ns);
		pace_exec_session_stop(ts->sess[v]);
		free(ts->sess_why[v]);
	}
	free(ts->sess);
	free(ts->sess_why);
	ts->sess = NULL;
	ts->sess_why = NULL;
	rn->sess = NULL;
	rn->exec_why = NULL;
}

/* With a fixture, what the copies and setup wrote (megabytes on the
 * medium fixture) is written back before anything is timed
 * (pace_fixture_settle): the flusher would otherwise write it ~30 s
 * later, during whichever variant is then being measured.  When that
 * cannot be done the test is skipped, saying why. */
static void settle(struct test_state *ts)
{
	struct pace_error e = PACE_ERROR_INIT;

	if (ts->workdir && pace_fixture_settle(ts->workdir, &e))
		skip_all(ts, pace_error_msg(&e));
	pace_error_release(&e);
}

/* Variants held back by a failed or skipped dependency. */
static void skip_for_dependencies(const struct pace_run *run,
				  struct test_state *ts)
{
	for (size_t v = 0; v < ts->item->nvariants; v++) {
		char *why = pace_runner_dependency_skip(run, ts->item->test,
							ts->item->variants[v]->name);
		if (why) {
			ts->res[v].skipped = why;
			ts->active[v] = false;
		}
	}
}

static int run_test(struct runner *rn, const struct pace_plan_item *item,
		    struct pace_error *err)
{
	struct pace_run *run = rn->run;
	const struct pace_test *t = item->test;
	struct test_state ts = {.item = item, .t0 = pace_now_ns()};
	char *why = NULL;
	int rc, trc;

	assert(run->nresults + item->nvariants <= run->alloc);
	ts.res = &run->results[run->nresults];
	memset(ts.res, 0, item->nvariants * sizeof(*ts.res));
	run->nresults += item->nvariants;
	ts.active = pace_xcalloc(item->nvariants, sizeof(bool));
	rn->executor = test_executor(rn, t);
	for (size_t v = 0; v < item->nvariants; v++) {
		ts.res[v].test = t;
		ts.res[v].variant = item->variants[v];
		ts.res[v].peak_rss = -1;
		ts.res[v].container_mem_peak = ts.res[v].container_cpu_ns = -1;
		ts.res[v].executor = rn->executor;
		ts.res[v].measure = counts_instructions(rn->cfg)
			? PACE_MEASURE_INSTRUCTIONS : PACE_MEASURE_TIME;
		if (rn->executor == PACE_EXECUTOR_LOCAL && !counts_instructions(rn->cfg))
			controls_of(&ts.res[v].controls, rn->cfg);
		ts.active[v] = true;
	}
	emit(rn, PACE_EV_TEST_START, &ts.res[0], 0, 0, ts.t0);

	vctx_init(&ts);
	skip_for_dependencies(run, &ts);
	rc = any_active(&ts) ? make_copies(&ts, run->id, &why) : 0;
	if (!any_active(&ts)) {
		rc = 0;
	} else if (rc > 0) {
		skip_all(&ts, why);
		rc = 0;
	} else {
		sessions_start(rn, &ts);
		rc = any_active(&ts) ? setup_all(rn, &ts, err) : 0;
		if (rc == 0 && any_active(&ts))
			settle(&ts);
		if (rc == 0 && any_active(&ts))
			rc = measure(rn, &ts, err);
	}
	free(why);
	trc = teardown_all(rn, &ts, err);
	sessions_stop(rn, &ts);
	vctx_release(rn, &ts);
	for (size_t v = 0; v < item->nvariants; v++) {
		pace_stats_summarize_result_trim(&ts.res[v], rn->cfg->confidence,
						 rn->cfg->alpha,
						 rn->cfg->outlier_detection);
		if (ts.res[v].nfailed || ts.res[v].skipped || ts.res[v].failure)
			run->nfailed_results++;
	}
	compare_variants(run, ts.res, item->nvariants, rn->cfg);
	emit(rn, PACE_EV_TEST_END, &ts.res[0], ts.iters, ts.iters, ts.t0);
	rn->done_tests_s += (double)(pace_now_ns() - ts.t0) / 1e9;
	free(ts.active);
	return rc ? rc : (trc < 0 ? trc : 0);
}

/* --resume: the item's results kept from the interrupted run, analysed
 * as if just measured.  False when the item must be measured. */
static bool keep_finished(struct runner *rn, const struct pace_plan_item *item)
{
	struct pace_run *run = rn->run;
	struct pace_result *res = &run->results[run->nresults];
	int64_t t0 = pace_now_ns();

	if (!pace_runner_take_finished(res, item, rn->o->resume))
		return false;
	run->nresults += item->nvariants;
	emit_resumed(rn, PACE_EV_TEST_START, res, 0, 0, t0, true);
	for (size_t v = 0; v < item->nvariants; v++) {
		pace_stats_summarize_result_trim(&res[v], rn->cfg->confidence,
						 rn->cfg->alpha,
						 rn->cfg->outlier_detection);
		if (res[v].nfailed || res[v].skipped || res[v].failure)
			run->nfailed_results++;
	}
	compare_variants(run, res, item->nvariants, rn->cfg);
	emit_resumed(rn, PACE_EV_TEST_END, res, 0, 0, t0, true);
	return true;
}

/* A new run gets its id and start; a resumed one keeps them. */
static void begin(struct pace_run *run, const struct pace_run *resume)
{
	pace_run_begin(run);
	if (!resume)
		return;
	memcpy(run->id, resume->id, sizeof(run->id));
	memcpy(run->started, resume->started, sizeof(run->started));
	run->started_unix_ms = resume->started_unix_ms;
}

int pace_runner_item(struct runner *rn, const struct pace_plan_item *item,
		     struct pace_error *err)
{
	if (keep_finished(rn, item))
		return 0;
	if (!item->test->binary_target)
		return run_test(rn, item, err);
	return pace_runner_binary_target(rn->run, item, rn->test_index, rn->plan->n,
					 rn->o, err);
}

int pace_runner_run(struct pace_run *run, const struct pace_plan *plan,
		    const struct pace_runner_opts *opts, struct pace_error *err)
{
	struct runner rn = {.run = run, .plan = plan, .o = opts, .cfg = opts->cfg,
			    .cap = PACE_CAPTURE_INIT, .stop_at = 1};
	int rc = 0;

	begin(run, opts->resume);
	pace_env_plan_versions(&run->env, plan); /* git and jj actually used */
	rn.t_start = pace_now_ns();
	reserve(run, plan);
	if (opts->cfg->cpus && strcmp(opts->cfg->cpus, "none")) {
		cpu_set_t set; /* a bad list is a usage error before measuring */
		if ((rc = pace_controls_parse_cpus(&set, opts->cfg->cpus, err)))
			return rc;
	}
	if ((rc = pace_controls_nice((int)opts->cfg->nice, err)))
		return rc;
	if (opts->cfg->sampler) /* before any perf counter is opened */
		rn.sampler = pace_sampler_new();

	if (opts->cfg->parallelism > 1 && plan->n > 1)
		rc = pace_runner_parallel(&rn, (size_t)opts->cfg->parallelism, err);
	else
		for (rn.test_index = 0; rn.test_index < plan->n && !rc; rn.test_index++) {
			if (stopped(&rn))
				break;
			rc = pace_runner_item(&rn, &plan->items[rn.test_index], err);
		}
	run->interrupted = stopped(&rn) || rc != 0;
	pace_run_end(run);
	pace_capture_release(&rn.cap);
	pace_sampler_free(rn.sampler);
	return rc;
}
