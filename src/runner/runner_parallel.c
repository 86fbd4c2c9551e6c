/*
 * runner_parallel.c - `pace run --jobs N` (execution.parallelism): N
 * workers measure independent tests at once.  Seed 002's balanced
 * batches, done online: the items are offered longest expected first
 * (LPT; items whose duration nobody knows go first, so that they are
 * measured before the known ones fill the gaps), and each free worker
 * takes the first offered item that is ready: its dependsOn tests are
 * done and its resource class is free (`resources: exclusive` runs
 * alone, as do in-process targets, which calibrate against the CPU;
 * another name allows one test of that class at a time).
 *
 * Concurrency is kept simple on purpose: one lock, held by every worker
 * at all times except while one of its commands runs (runner.c,
 * exec_cmd), so the bookkeeping, the callbacks (console, recorder) and
 * the statistics run one at a time as in a serial run, and only the
 * measured processes overlap.  A test's results are appended to
 * run->results when it starts (room for the whole plan is reserved, so
 * nothing moves), so the reports list the tests in the order they
 * started; each test keeps its own working copies, sessions and capture
 * buffers.
 */
#include "runner/runner_priv.h"

enum { WAITING, RUNNING, DONE };

struct sched {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	const struct runner *proto;
	const struct pace_plan *plan;
	size_t *order;          /* item indices in the order they are offered */
	unsigned char *state;
	size_t running;
	bool alone;             /* an exclusive item is running */
	int rc;                 /* the first worker error */
	struct pace_error err;
};

static bool runs_alone(const struct pace_test *t)
{
	return t->binary_target || (t->resources && !strcmp(t->resources, "exclusive"));
}

static bool same_suite(const struct pace_test *a, const struct pace_test *b)
{
	return !strcmp(a->suite ? a->suite : "", b->suite ? b->suite : "");
}

/* Its dependencies that are in the plan are done. */
static bool deps_done(const struct sched *s, size_t i)
{
	const struct pace_test *t = s->plan->items[i].test;

	for (size_t d = 0; d < t->depends_on.n; d++)
		for (size_t j = 0; j < s->plan->n; j++) {
			const struct pace_test *o = s->plan->items[j].test;
			if (!strcmp(o->id, t->depends_on.v[d]) && same_suite(o, t) &&
			    s->state[j] != DONE)
				return false;
		}
	return true;
}

static bool resources_free(const struct sched *s, size_t i)
{
	const struct pace_test *t = s->plan->items[i].test;

	if (s->alone || (runs_alone(t) && s->running))
		return false;
	for (size_t j = 0; t->resources && j < s->plan->n; j++) {
		const struct pace_test *o = s->plan->items[j].test;
		if (s->state[j] == RUNNING && o->resources &&
		    !strcmp(o->resources, t->resources))
			return false;
	}
	return true;
}

/* The next item to take, plan->n when none is ready; *left whether any
 * item is still waiting. */
static size_t pick(const struct sched *s, bool *left)
{
	*left = false;
	for (size_t k = 0; k < s->plan->n; k++) {
		size_t i = s->order[k];
		if (s->state[i] != WAITING)
			continue;
		*left = true;
		if (deps_done(s, i) && resources_free(s, i))
			return i;
	}
	return s->plan->n;
}

static bool stop_asked(const struct sched *s)
{
	return s->rc || (s->proto->o->stop && *s->proto->o->stop);
}

static void take_and_run(struct sched *s, struct runner *w, size_t i)
{
	struct pace_error e = PACE_ERROR_INIT;
	bool alone = runs_alone(s->plan->items[i].test);
	int rc;

	s->state[i] = RUNNING;
	s->running++;
	s->alone |= alone;
	w->test_index = i;
	rc = pace_runner_item(w, &s->plan->items[i], &e);
	s->state[i] = DONE;
	s->running--;
	if (alone)
		s->alone = false;
	if (rc && !s->rc) {
		s->rc = rc;
		pace_error_set(&s->err, rc, "%s", pace_error_msg(&e));
	}
	pace_error_release(&e);
	pthread_cond_broadcast(&s->cond);
}

static void *worker(void *arg)
{
	struct sched *s = arg;
	struct runner w = *s->proto;
	bool left;

	w.cap = (struct pace_capture)PACE_CAPTURE_INIT;
	w.lock = &s->lock;
	w.sampler = NULL; /* one sampler thread watches one command */
	w.sample_this = false;
	w.done_tests_s = 0;
	pthread_mutex_lock(&s->lock);
	while (!stop_asked(s)) {
		size_t i = pick(s, &left);
		if (i < s->plan->n)
			take_and_run(s, &w, i);
		else if (left)
			pthread_cond_wait(&s->cond, &s->lock);
		else
			break;
	}
	pthread_cond_broadcast(&s->cond); /* a stop: wake the waiting */
	pthread_mutex_unlock(&s->lock);
	pace_capture_release(&w.cap);
	return NULL;
}

/* Unknown durations first (plan order), then longest expected first. */
static int by_expected(const void *a, const void *b, void *data)
{
	const struct pace_plan *plan = data;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	double x = plan->items[i].expected_s, y = plan->items[j].expected_s;

	if ((x < 0) != (y < 0))
		return x < 0 ? -1 : 1;
	if (x != y && x >= 0)
		return x > y ? -1 : 1;
	return i < j ? -1 : i > j;
}

int pace_runner_parallel(struct runner *proto, size_t jobs, struct pace_error *err)
{
	const struct pace_plan *plan = proto->plan;
	struct sched s = {.proto = proto, .plan = plan, .err = PACE_ERROR_INIT};
	pthread_t *tid;
	size_t nthreads = jobs < plan->n ? jobs : plan->n;

	s.order = pace_xcalloc(plan->n, sizeof(*s.order));
	s.state = pace_xcalloc(plan->n, sizeof(*s.state));
	for (size_t i = 0; i < plan->n; i++)
		s.order[i] = i;
	qsort_r(s.order, plan->n, sizeof(*s.order), by_expected, (void *)plan);
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.cond, NULL);
	tid = pace_xcalloc(nthreads, sizeof(*tid));
	for (size_t t = 0; t < nthreads; t++)
		if (pthread_create(&tid[t], NULL, worker, &s)) {
			nthreads = t; /* the ones that started do the work */
			break;
		}
	if (!nthreads)
		worker(&s);
	for (size_t t = 0; t < nthreads; t++)
		pthread_join(tid[t], NULL);
	if (s.rc)
		pace_error_set(err, s.rc, "%s", pace_error_msg(&s.err));
	pthread_mutex_destroy(&s.lock);
	pthread_cond_destroy(&s.cond);
	pace_error_release(&s.err);
	free(tid);
	free(s.order);
	free(s.state);
	return s.rc;
}
