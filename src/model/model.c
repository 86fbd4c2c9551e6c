/*
 * model.c - the lifecycles, defaults and name tables of model.h's shared
 * types, in one place (DESIGN.md §1: "src/model/ holds the plain data
 * types that every stage shares, with their lifecycles and defaults").
 * Every stage that makes one of these (the suite parser, the runner, the
 * store reading a run back, binary/ expanding targets, the CLI) starts it
 * with the _init here and ends it with the _release or _free here, so a
 * field added to a type is defaulted and freed once, for everyone.
 */
#include <string.h>

#include "model.h"

/* ---- tests and suites ------------------------------------------------ */

void pace_test_init(struct pace_test *t)
{
	*t = (struct pace_test)PACE_TEST_INIT;
}

void pace_cmd_release(struct pace_cmd *c)
{
	pace_strvec_release(&c->argv);
	free(c->text);
	memset(c, 0, sizeof(*c));
}

static void release_cmds(struct pace_cmd *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pace_cmd_release(&c[i]);
	free(c);
}

void pace_fixture_use_release(struct pace_fixture_use *f)
{
	free(f->size);
	free(f->spec);
	free(f->custom);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

void pace_env_def_release(struct pace_env_def *e)
{
	free(e->distribution);
	pace_strvec_release(&e->packages);
	free(e->mirror);
	pace_strvec_release(&e->docker_images);
	free(e->root);
	free(e->hash);
	memset(e, 0, sizeof(*e));
}

static char *dup_or_null(const char *s)
{
	return s ? pace_xstrdup(s) : NULL;
}

void pace_env_def_copy(struct pace_env_def *dst, const struct pace_env_def *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->set = src->set;
	dst->distribution = dup_or_null(src->distribution);
	pace_strvec_copy(&dst->packages, &src->packages);
	dst->mirror = dup_or_null(src->mirror);
	dst->fallback_local = src->fallback_local;
	pace_strvec_copy(&dst->docker_images, &src->docker_images);
	dst->root = dup_or_null(src->root);
	dst->hash = dup_or_null(src->hash);
}

void pace_test_release(struct pace_test *t)
{
	free(t->id);
	free(t->name);
	free(t->description);
	free(t->category);
	free(t->suite);
	pace_strvec_release(&t->tags);
	for (size_t i = 0; i < t->nvariants; i++) {
		struct pace_variant *v = &t->variants[i];
		free(v->name);
		pace_cmd_release(&v->cmd);
		release_cmds(v->setup, v->nsetup);
		release_cmds(v->teardown, v->nteardown);
		release_cmds(v->prepare, v->nprepare);
		release_cmds(v->conclude, v->nconclude);
	}
	free(t->variants);
	release_cmds(t->setup, t->nsetup);
	release_cmds(t->teardown, t->nteardown);
	release_cmds(t->prepare, t->nprepare);
	release_cmds(t->conclude, t->nconclude);
	pace_strvec_release(&t->env);
	free(t->input);
	free(t->cwd);
	free(t->validation.output_regex);
	pace_strvec_release(&t->depends_on);
	free(t->resources);
	pace_strvec_release(&t->param_names);
	pace_strvec_release(&t->param_values);
	free(t->param_base);
	free(t->binary);
	free(t->binary_filter);
	pace_strvec_release(&t->binary_targets);
	free(t->binary_target);
	pace_fixture_use_release(&t->fixture);
	pace_env_def_release(&t->environment);
	memset(t, 0, sizeof(*t));
}

void pace_suite_release(struct pace_suite *s)
{
	free(s->id);
	free(s->name);
	free(s->description);
	free(s->path);
	pace_strvec_release(&s->variants);
	pace_fixture_use_release(&s->fixture);
	pace_env_def_release(&s->environment);
	pace_strvec_release(&s->requires);
	for (size_t i = 0; i < s->ntests; i++)
		pace_test_release(&s->tests[i]);
	free(s->tests);
	memset(s, 0, sizeof(*s));
}

/* ---- measurement ----------------------------------------------------- */

const char *pace_fail_name(enum pace_fail f)
{
	switch (f) {
	case PACE_FAIL_NONE: return "none";
	case PACE_FAIL_SPAWN: return "spawn";
	case PACE_FAIL_EXIT: return "exit-code";
	case PACE_FAIL_SIGNAL: return "signal";
	case PACE_FAIL_TIMEOUT: return "timeout";
	case PACE_FAIL_LEFTOVER: return "leftover-processes";
	case PACE_FAIL_OUTPUT: return "output-limit";
	case PACE_FAIL_VALIDATION: return "validation";
	case PACE_FAIL_HOOK: return "hook";
	case PACE_FAIL_MEMORY: return "memory-limit";
	}
	return "unknown";
}

static const char *const executor_names[] = {
	[PACE_EXECUTOR_DEFAULT] = "default", [PACE_EXECUTOR_LOCAL] = "local",
	[PACE_EXECUTOR_SANDBOX] = "sandbox", [PACE_EXECUTOR_DOCKER] = "docker"};

int pace_executor_parse(const char *name)
{
	for (int i = PACE_EXECUTOR_LOCAL; name && i <= PACE_EXECUTOR_DOCKER; i++)
		if (!strcmp(name, executor_names[i]))
			return i;
	return -1;
}

const char *pace_executor_name(enum pace_executor e)
{
	return e <= PACE_EXECUTOR_DOCKER ? executor_names[e] : "unknown";
}

static const char *const workdir_names[] = {
	[PACE_WORKDIR_DEFAULT] = "default", [PACE_WORKDIR_DISK] = "disk",
	[PACE_WORKDIR_TMPFS] = "tmpfs"};

int pace_workdir_parse(const char *name)
{
	for (int i = PACE_WORKDIR_DISK; name && i <= PACE_WORKDIR_TMPFS; i++)
		if (!strcmp(name, workdir_names[i]))
			return i;
	return -1;
}

const char *pace_workdir_name(enum pace_workdir w)
{
	return w <= PACE_WORKDIR_TMPFS ? workdir_names[w] : "unknown";
}

void pace_inproc_free(struct pace_inproc *ip)
{
	if (!ip)
		return;
	free(ip->clock);
	for (size_t k = 0; k < ip->ncounters; k++)
		free(ip->counter_names[k]);
	free(ip->counter_names);
	free(ip->counters);
	free(ip->counter_values);
	free(ip);
}

static const char *const status_names[] = {"ok", "warn", "unknown"};

const char *pace_check_status_name(enum pace_check_status s)
{
	return (unsigned)s < PACE_ARRAY_SIZE(status_names) ? status_names[s]
							   : "unknown";
}

int pace_check_status_parse(const char *s, enum pace_check_status *out)
{
	for (size_t i = 0; s && i < PACE_ARRAY_SIZE(status_names); i++)
		if (!strcmp(s, status_names[i])) {
			*out = (enum pace_check_status)i;
			return 0;
		}
	return -1;
}

void pace_env_checks_free(struct pace_env_check *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
		free(v[i].advice);
	}
	free(v);
}

static bool same_limits(const struct pace_limits *a, const struct pace_limits *b)
{
	return a->memory == b->memory && a->cpus == b->cpus && a->pids == b->pids &&
	       a->memory_reservation == b->memory_reservation;
}

void pace_env_info_add_docker(struct pace_env_info *env, const char *engine,
			      const char *image, const char *id,
			      const struct pace_limits *limits)
{
	struct pace_docker_image *d;

	if (engine && !env->docker_engine)
		env->docker_engine = pace_xstrdup(engine);
	for (size_t i = 0; i < env->ndocker_images; i++) {
		d = &env->docker_images[i];
		if (!strcmp(d->image, image) && !strcmp(d->id, id ? id : "") &&
		    same_limits(&d->limits, limits))
			return;
	}
	env->docker_images = pace_xrealloc(env->docker_images,
					   (env->ndocker_images + 1) * sizeof(*d));
	d = &env->docker_images[env->ndocker_images++];
	d->image = pace_xstrdup(image);
	d->id = pace_xstrdup(id ? id : "");
	d->limits = *limits;
}

void pace_env_info_release(struct pace_env_info *env)
{
	if (!env)
		return;
	free(env->hostname);
	free(env->os);
	free(env->kernel);
	free(env->arch);
	free(env->cpu_model);
	free(env->pace_version);
	free(env->git_version);
	free(env->jj_version);
	free(env->env_hash);
	free(env->env_distribution);
	pace_strvec_release(&env->env_packages);
	free(env->docker_engine);
	for (size_t i = 0; i < env->ndocker_images; i++) {
		free(env->docker_images[i].image);
		free(env->docker_images[i].id);
	}
	free(env->docker_images);
	pace_env_checks_free(env->checks, env->nchecks);
	memset(env, 0, sizeof(*env));
	env->ncpu = -1;
	env->mem_total = -1;
}

void pace_run_init(struct pace_run *run)
{
	memset(run, 0, sizeof(*run));
}

const char *pace_perf_name(enum pace_perf k)
{
	static const char *const names[PACE_NPERF] = {
		"task-clock", "page-faults", "context-switches", "cpu-migrations",
		"cycles", "instructions", "branches", "branch-misses",
		"cache-misses",
	};
	return k < PACE_NPERF ? names[k] : "unknown";
}

const char *pace_resource_name(enum pace_resource k)
{
	static const char *const names[PACE_NRES] = {
		"cpu_percent", "page_faults", "context_switches", "io_syscalls",
	};
	return k < PACE_NRES ? names[k] : "unknown";
}

bool pace_controls_any(const struct pace_controls *c)
{
	return c->cpus[0] || c->no_aslr || c->env_pad > 0 || c->nice;
}

void pace_timeseries_free(struct pace_timeseries *ts)
{
	if (!ts)
		return;
	free(ts->t_s);
	free(ts->cpu);
	free(ts->rss);
	free(ts->io);
	free(ts);
}

void pace_profile_free(struct pace_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nfns; i++)
		free(p->fns[i].name);
	for (size_t i = 0; i < p->npaths; i++)
		free(p->paths[i].text);
	free(p->fns);
	free(p->paths);
	free(p);
}

static void result_release(struct pace_result *r)
{
	pace_profile_free(r->profile);
	pace_timeseries_free(r->timeseries);
	free(r->perf_note);
	free(r->samples);
	free(r->failure);
	free(r->output_snippet);
	free(r->skipped);
	free(r->workdir_fs);
	free(r->workdir_note);
	pace_inproc_free(r->inproc);
}

void pace_run_release(struct pace_run *run)
{
	for (size_t i = 0; i < run->nresults; i++)
		result_release(&run->results[i]);
	free(run->results);
	free(run->comparisons);
	pace_env_info_release(&run->env);
	memset(run, 0, sizeof(*run));
}

/* ---- analysis records ------------------------------------------------ */

void pace_pattern_release(struct pace_pattern *p)
{
	if (!p)
		return;
	free(p->session_id);
	free(p->task);
	free(p->input);
	free(p->output);
	free(p->critique);
	memset(p, 0, sizeof(*p));
}
