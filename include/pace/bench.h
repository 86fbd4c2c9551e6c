/*
 * pace/bench.h - pace's in-process benchmark library (libpace-bench).
 *
 * A benchmark program registers targets with one macro each and gets its
 * main() from the library:
 *
 *     #include <pace/bench.h>
 *
 *     PACE_BENCH(add)
 *     {
 *             long x = 0;
 *             PACE_LOOP(st)                  // st is the pace_state *
 *                     pace_do_not_optimize(x += 3);
 *     }
 *
 *     PACE_BENCH_X(sort, "algo", "cpu,sort", "n=10,100,1000", make_data, free_data)
 *     {
 *             long n = pace_param(st, "n");
 *             ...
 *     }
 *
 *     PACE_BENCH_MAIN()
 *
 * Registration is automatic (a constructor function links each target into
 * a list), so there is no central table to edit.  The body runs one sample:
 * code before PACE_LOOP(st) (or the first pace_loop() call) and after the
 * loop is not timed; the loop runs the iteration count the library chose.  The library
 * calibrates that count so that one sample lasts at least --min-time
 * (like Google Benchmark), runs warm-up samples, then --samples samples,
 * and reports ns/op of each.
 *
 * Parameters: "name=list" or "name=lo..hi*mul" (geometric, like Google
 * Benchmark's Range) or "name=lo..hi+step" (arithmetic); several are
 * separated by ';' and combined as a cartesian product.  Each combination is
 * its own target, named "base/n=100/m=2".
 *
 * Program options: --list, --filter REGEX, --exact NAME, --json (JSON lines
 * on stdout), --out FILE, --protocol-fd N, --min-time MS, --samples N,
 * --warmup N.  The JSON lines protocol is described in docs/bench-library.md
 * and at the top of src/bench/output.c.
 *
 * Depends on libc (and libm) only; usable from C and C++.
 */
#ifndef PACE_BENCH_H
#define PACE_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PACE_BENCH_VERSION "0.1.0"
#define PACE_BENCH_PROTOCOL 1
#define PACE_BENCH_MAX_PARAMS 8
#define PACE_BENCH_MAX_COUNTERS 16

typedef struct pace_state pace_state;

/* One registered target (before expansion of its parameters). */
struct pace_bench_target {
	const char *name;
	void (*fn)(pace_state *st);
	const char *suite;      /* NULL: "default" */
	const char *tags;       /* comma-separated, or NULL */
	const char *params;     /* see above, or NULL */
	void (*setup)(pace_state *st);    /* once per target, untimed */
	void (*teardown)(pace_state *st); /* once per target, untimed */
	struct pace_bench_target *next;   /* registration list */
};

/*
 * The state a body sees.  Only `remaining` is read inline by pace_loop();
 * the rest is the library's and may change between versions.
 */
struct pace_state {
	uint64_t remaining;     /* iterations left in this sample */
	uint64_t iterations;    /* iterations of this sample */
	void *data;             /* for setup/body/teardown to share */
	int64_t start_ns, paused_ns, pause_start_ns, elapsed_ns;
	int started, finished, paused, failed;
	char message[256];
	double bytes_per_op, items_per_op;
	int nparams;
	const char *param_names[PACE_BENCH_MAX_PARAMS];
	long long param_values[PACE_BENCH_MAX_PARAMS];
	int ncounters;
	const char *counter_names[PACE_BENCH_MAX_COUNTERS];
	double counter_values[PACE_BENCH_MAX_COUNTERS];
};

void pace_bench_register(struct pace_bench_target *t);

/* Start the clock and return the iteration count; stop it (returns false). */
uint64_t pace_loop_start(pace_state *st);
bool pace_loop_finish(pace_state *st);

/*
 * The measured loop, preferred form:  PACE_LOOP(st) { ... }
 * A for statement whose counter is a local variable, so it stays in a
 * register even when the body calls functions the compiler cannot see
 * (like Google Benchmark's `for (auto _ : state)`).  To leave it early
 * after pace_fail(), use break.  The count is decremented in the
 * condition (starting one higher), so an iteration ends in a single
 * decrement-and-branch (`sub; jne` on x86) rather than a decrement, a
 * test and a branch.
 */
#define PACE_LOOP(st) \
	for (uint64_t pace_loop_n_ = pace_loop_start(st) + 1; \
	     --pace_loop_n_ != 0 || pace_loop_finish(st);)

/* Slow path of pace_loop(): starts the clock at the first call, stops it
 * at the last.  Returns whether the loop body should run once more. */
bool pace_loop_slow(pace_state *st);

/*
 * The same loop as a function: `while (pace_loop(st)) { ... }`.  The count
 * lives in *st, so when the body calls an opaque function it is stored and
 * reloaded every iteration (about 0.3 ns more per iteration than
 * PACE_LOOP on a 2020s x86 core); fine for operations of 100 ns and more.
 */
static inline bool pace_loop(pace_state *st)
{
	if (__builtin_expect(st->remaining != 0, 1)) {
		st->remaining--;
		return true;
	}
	return pace_loop_slow(st);
}

/* Stop and restart the clock inside the loop (e.g. around data refills). */
void pace_pause(pace_state *st);
void pace_resume(pace_state *st);

/* Value of parameter `name` of this target (0 if it has none). */
long long pace_param(const pace_state *st, const char *name);

/* Throughput: bytes or items one iteration processes; reported per second. */
void pace_bytes_per_op(pace_state *st, double bytes);
void pace_items_per_op(pace_state *st, double items);

/* A custom counter (name must outlive the run, e.g. a literal); the value
 * of each sample is kept and the mean over samples reported. */
void pace_counter(pace_state *st, const char *name, double value);

/* Marks the target failed with a message; the loop then stops. */
void pace_fail(pace_state *st, const char *message);

/* Runs the program: parses options, runs or lists targets.  Returns the
 * exit code (0 ok, 1 a target failed, 2 usage error). */
int pace_bench_main(int argc, char **argv);

/*
 * Optimisation barriers.  pace_do_not_optimize(expr) makes the compiler
 * believe the value is read (so its computation is kept) and that memory
 * may have changed; pace_clobber_memory() forces pending stores to memory.
 * For a buffer, pass a pointer to it: pace_do_not_optimize(buf_ptr).
 */
#define pace_do_not_optimize(v) do { \
	__typeof__(v) pace_dno_v_ = (v); \
	__asm__ __volatile__("" : : "r,m"(pace_dno_v_) : "memory"); \
} while (0)
#define pace_clobber_memory() __asm__ __volatile__("" : : : "memory")

#define PACE_BENCH_X(id, suite_, tags_, params_, setup_, teardown_) \
	static void pace_bench_fn_##id(pace_state *st); \
	static struct pace_bench_target pace_bench_t_##id = { \
		#id, pace_bench_fn_##id, suite_, tags_, params_, setup_, teardown_, 0 }; \
	__attribute__((constructor)) static void pace_bench_reg_##id(void) \
	{ pace_bench_register(&pace_bench_t_##id); } \
	static void pace_bench_fn_##id(pace_state *st __attribute__((unused)))

#define PACE_BENCH(id) PACE_BENCH_X(id, 0, 0, 0, 0, 0)

#define PACE_BENCH_MAIN() \
	int main(int argc, char **argv) { return pace_bench_main(argc, argv); }

#ifdef __cplusplus
}
#endif
#endif
