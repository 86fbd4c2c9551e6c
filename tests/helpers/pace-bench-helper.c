/*
 * pace-bench-helper.c - a libpace-bench program for tests of pace's side
 * of the protocol (test_binary.c): a target that works, one that crashes,
 * one that never ends, one that fails through pace_fail(), and one that
 * prints to stdout around its loop (the reader must ignore that).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <pace/bench.h>

PACE_BENCH_X(ok, "helper", "fast,cpu", NULL, NULL, NULL)
{
	long x = 0;

	PACE_LOOP(st)
		pace_do_not_optimize(x += 7);
	pace_counter(st, "seven", 7);
}

PACE_BENCH(crash)
{
	abort();
}

PACE_BENCH(hang)
{
	for (;;)
		pause();
}

PACE_BENCH(fails)
{
	pace_fail(st, "no \"data\" here");
}

PACE_BENCH(chatty)
{
	printf("{not json\n{\"type\":\"unknown\"}\n");
	PACE_LOOP(st)
		pace_clobber_memory();
}

PACE_BENCH_MAIN()
