/*
 * state.c - what a target body calls: the start and end of PACE_LOOP, the
 * slow path of pace_loop() (which starts the clock on the first call and
 * stops it after the last iteration), pause/resume, parameters,
 * throughput and counters.  The fast paths are inline in bench.h: an
 * iteration costs a decrement and a branch.
 */
#include <string.h>

#include "bench_priv.h"

uint64_t pace_loop_start(pace_state *st)
{
	st->started = 1;
	st->remaining = 0;
	st->start_ns = pace_bench_now_ns();
	return st->failed ? 0 : st->iterations;
}

bool pace_loop_finish(pace_state *st)
{
	int64_t end = pace_bench_now_ns();

	if (!st->finished) {
		st->finished = 1;
		if (st->paused)
			st->paused_ns += end - st->pause_start_ns;
		st->elapsed_ns = st->started ? end - st->start_ns - st->paused_ns : 0;
	}
	return false;
}

bool pace_loop_slow(pace_state *st)
{
	if (!st->started && !st->failed) {
		uint64_t n = pace_loop_start(st);

		st->remaining = n ? n - 1 : 0;
		return n != 0;
	}
	return pace_loop_finish(st);
}

void pace_pause(pace_state *st)
{
	if (!st->paused) {
		st->paused = 1;
		st->pause_start_ns = pace_bench_now_ns();
	}
}

void pace_resume(pace_state *st)
{
	if (st->paused) {
		st->paused_ns += pace_bench_now_ns() - st->pause_start_ns;
		st->paused = 0;
	}
}

long long pace_param(const pace_state *st, const char *name)
{
	for (int i = 0; i < st->nparams; i++)
		if (strcmp(st->param_names[i], name) == 0)
			return st->param_values[i];
	return 0;
}

void pace_bytes_per_op(pace_state *st, double bytes)
{
	st->bytes_per_op = bytes;
}

void pace_items_per_op(pace_state *st, double items)
{
	st->items_per_op = items;
}

void pace_counter(pace_state *st, const char *name, double value)
{
	for (int i = 0; i < st->ncounters; i++) {
		if (strcmp(st->counter_names[i], name) == 0) {
			st->counter_values[i] = value;
			return;
		}
	}
	if (st->ncounters < PACE_BENCH_MAX_COUNTERS) {
		st->counter_names[st->ncounters] = name;
		st->counter_values[st->ncounters++] = value;
	}
}

void pace_fail(pace_state *st, const char *message)
{
	size_t n = strlen(message);

	if (n >= sizeof(st->message))
		n = sizeof(st->message) - 1;
	memcpy(st->message, message, n);
	st->message[n] = '\0';
	st->failed = 1;
	st->remaining = 0;
}
