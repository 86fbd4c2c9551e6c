/*
 * sampler.c - the process-tree sampler thread (sampler.h).
 *
 * States: IDLE (waiting to be armed and started), RUNNING (sampling
 * `pid` every interval, on an absolute CLOCK_MONOTONIC schedule so that
 * the time of the reads does not stretch the interval), STOPPING (asked
 * to hand over).  Everything shared is under one mutex; the thread reads
 * /proc without holding it.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "probe/sampler.h"

enum state { IDLE, RUNNING, STOPPING, QUIT };

struct pace_sampler {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	enum state state;
	pid_t pid;
	int64_t interval_ns, t0;
	bool armed;
	struct pace_timeseries *ts; /* being filled while RUNNING */
};

#define MAX_TREE 4096 /* processes followed per reading */

static int64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int64_t pace_sampler_auto_interval(double expected_s)
{
	double ns = expected_s / 100.0 * 1e9;

	if (!(ns > 10e6))
		return 10000000;
	return ns > 1e9 ? 1000000000 : (int64_t)ns;
}

/* cutime + cstime (fields 16, 17: reaped children, in clock ticks) and
 * rss pages (24) of pid. */
static int read_stat(pid_t pid, int64_t *ticks, int64_t *rss_pages)
{
	char path[64], buf[1024], *p;
	long long f[22];
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(fp = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* after the last ')': comm may hold anything */
	if (!(p = strrchr(buf, ')')))
		return -1;
	if (sscanf(p + 2, "%*c %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld "
		   "%lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld",
		   &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8],
		   &f[9], &f[10], &f[11], &f[12], &f[13], &f[14], &f[15], &f[16],
		   &f[17], &f[18], &f[19], &f[20]) != 21)
		return -1;
	/* f[0] is field 4 (ppid): cutime, cstime are fields 16, 17 */
	*ticks = f[12] + f[13];
	*rss_pages = f[20];
	return 0;
}

static int64_t read_io(pid_t pid)
{
	char path[64], line[128];
	int64_t sum = 0;
	long long v;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/io", (int)pid);
	if (!(fp = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "rchar: %lld", &v) == 1 ||
		    sscanf(line, "wchar: %lld", &v) == 1)
			sum += v;
	fclose(fp);
	return sum;
}

/* The CPU time of one thread (/proc/PID/task/TID/schedstat, its first
 * field: nanoseconds on a CPU, exact, where stat's utime/stime are
 * clock ticks), 0 when unreadable. */
static int64_t thread_ns(pid_t pid, const char *tid)
{
	char path[300];
	long long ns = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/task/%s/schedstat", (int)pid, tid);
	if (!(fp = fopen(path, "r")))
		return 0;
	if (fscanf(fp, "%lld", &ns) != 1)
		ns = 0;
	fclose(fp);
	return ns;
}

/* Appends pid's children (of every thread) to list; adds its threads'
 * CPU time to *cpu_ns. */
static void children(pid_t pid, pid_t *list, size_t *n, int64_t *cpu_ns)
{
	char path[64];
	DIR *d;
	struct dirent *de;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if (!(d = opendir(path)))
		return;
	while ((de = readdir(d)) && *n < MAX_TREE) {
		char cp[300];
		FILE *fp;
		int c;
		if (de->d_name[0] == '.')
			continue;
		*cpu_ns += thread_ns(pid, de->d_name);
		snprintf(cp, sizeof(cp), "/proc/%d/task/%s/children", (int)pid,
			 de->d_name);
		if (!(fp = fopen(cp, "r")))
			continue;
		while (*n < MAX_TREE && fscanf(fp, "%d", &c) == 1)
			list[(*n)++] = (pid_t)c;
		fclose(fp);
	}
	closedir(d);
}

int pace_sampler_read_tree(pid_t pid, int64_t *cpu_ns, int64_t *rss, int64_t *io)
{
	double tick_ns = 1e9 / (double)sysconf(_SC_CLK_TCK);
	static const size_t cap = MAX_TREE;
	pid_t *list = pace_xmalloc(cap * sizeof(*list));
	long page = sysconf(_SC_PAGESIZE);
	size_t n = 0;

	*cpu_ns = *rss = *io = 0;
	list[n++] = pid;
	for (size_t i = 0; i < n; i++) {
		int64_t t, pages;
		if (read_stat(list[i], &t, &pages) < 0)
			continue;
		*cpu_ns += (int64_t)((double)t * tick_ns);
		*rss += pages * page;
		*io += read_io(list[i]);
		children(list[i], list, &n, cpu_ns);
	}
	free(list);
	return 0;
}

static void push(struct pace_timeseries *ts, double t, double cpu, double rss,
		 double io)
{
	if (ts->n == ts->alloc) {
		ts->alloc = ts->alloc ? 2 * ts->alloc : 256;
		ts->t_s = pace_xrealloc(ts->t_s, ts->alloc * sizeof(double));
		ts->cpu = pace_xrealloc(ts->cpu, ts->alloc * sizeof(double));
		ts->rss = pace_xrealloc(ts->rss, ts->alloc * sizeof(double));
		ts->io = pace_xrealloc(ts->io, ts->alloc * sizeof(double));
	}
	ts->t_s[ts->n] = t;
	ts->cpu[ts->n] = cpu;
	ts->rss[ts->n] = rss;
	ts->io[ts->n++] = io;
}

/* Samples s->pid until asked to stop (called with the mutex held). */
static void sample_run(struct pace_sampler *s)
{
	int64_t next = s->t0, last_t = 0, last_ticks = -1;
	pid_t pid = s->pid;

	while (s->state == RUNNING) {
		struct timespec ts;
		int64_t ticks, rss, io, t;
		int rc = 0;

		next += s->interval_ns;
		ts.tv_sec = (time_t)(next / 1000000000);
		ts.tv_nsec = (long)(next % 1000000000);
		/* the condition clock is CLOCK_MONOTONIC (pace_sampler_new) */
		while (s->state == RUNNING && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&s->cv, &s->mu, &ts);
		if (s->state != RUNNING)
			break;
		pthread_mutex_unlock(&s->mu);
		pace_sampler_read_tree(pid, &ticks, &rss, &io);
		t = now_ns();
		pthread_mutex_lock(&s->mu);
		if (rss == 0 && ticks == 0)
			continue; /* gone (or not there yet) */
		push(s->ts, (double)(t - s->t0) / 1e9,
		     last_ticks < 0 ? NAN : (double)(ticks - last_ticks) /
						(double)(t - last_t) * 100.0,
		     (double)rss, (double)io);
		last_ticks = ticks;
		last_t = t;
	}
}

static void *thread_main(void *arg)
{
	struct pace_sampler *s = arg;

	pthread_mutex_lock(&s->mu);
	while (s->state != QUIT) {
		if (s->state == RUNNING)
			sample_run(s);
		if (s->state == STOPPING) {
			s->state = IDLE;
			pthread_cond_broadcast(&s->cv);
		}
		if (s->state == IDLE)
			pthread_cond_wait(&s->cv, &s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

struct pace_sampler *pace_sampler_new(void)
{
	struct pace_sampler *s = pace_xcalloc(1, sizeof(*s));
	pthread_condattr_t ca;

	pthread_mutex_init(&s->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&s->thread, NULL, thread_main, s)) {
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return NULL;
	}
	return s;
}

void pace_sampler_free(struct pace_sampler *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->state = QUIT;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	pace_timeseries_free(s->ts);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

void pace_sampler_arm(struct pace_sampler *s, int64_t interval_ns)
{
	pthread_mutex_lock(&s->mu);
	s->interval_ns = interval_ns;
	s->armed = true;
	pthread_mutex_unlock(&s->mu);
}

void pace_sampler_on_start(void *data, pid_t pid)
{
	struct pace_sampler *s = data;

	pthread_mutex_lock(&s->mu);
	if (s->armed && s->state == IDLE) {
		s->armed = false;
		s->pid = pid;
		s->t0 = now_ns();
		s->ts = pace_xcalloc(1, sizeof(*s->ts));
		s->ts->interval_ns = s->interval_ns;
		s->state = RUNNING;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
}

struct pace_timeseries *pace_sampler_stop(struct pace_sampler *s)
{
	struct pace_timeseries *ts;

	pthread_mutex_lock(&s->mu);
	s->armed = false;
	if (s->state == RUNNING) {
		s->state = STOPPING;
		pthread_cond_broadcast(&s->cv);
		while (s->state == STOPPING)
			pthread_cond_wait(&s->cv, &s->mu);
	}
	ts = s->ts;
	s->ts = NULL;
	pthread_mutex_unlock(&s->mu);
	return ts;
}
