/*
 * bench_params.c - example: a target with parameters.  Sums an array of n
 * longs for n in a geometric range and a stride in a list; each pair is a
 * target ("sum/n=1024/stride=4").  setup allocates the array once per
 * target, untimed; pace_param() reads the values.
 *
 *   ./bench-params --list
 *   ./bench-params --filter 'stride=1$'
 */
#include <stdlib.h>

#include <pace/bench.h>

static void make_array(pace_state *st)
{
	long long n = pace_param(st, "n");
	long *a = (long *)malloc((size_t)n * sizeof(*a));

	if (!a) {
		pace_fail(st, "out of memory");
		return;
	}
	for (long long i = 0; i < n; i++)
		a[i] = (long)i;
	st->data = a;
}

static void free_array(pace_state *st)
{
	free(st->data);
}

PACE_BENCH_X(sum, "examples", "memory,cpu", "n=64..65536*16; stride=1,4", make_array, free_array)
{
	const long *a = (const long *)st->data;
	long long n = pace_param(st, "n"), stride = pace_param(st, "stride");

	pace_items_per_op(st, (double)(n / stride));
	PACE_LOOP(st) {
		long s = 0;

		for (long long i = 0; i < n; i += stride)
			s += a[i];
		pace_do_not_optimize(s);
	}
}

PACE_BENCH_MAIN()
