/*
 * bench_throughput.c - example: throughput and a custom counter.  Copies
 * 64 KiB per iteration and reports MiB/s (pace_bytes_per_op); counts the
 * refills done with the clock paused (pace_pause/pace_resume) as a custom
 * counter.
 *
 *   ./bench-throughput            # table
 *   ./bench-throughput --json     # JSON lines protocol
 */
#include <string.h>

#include <pace/bench.h>

#define SIZE (64 * 1024)

static char src[SIZE], dst[SIZE];

PACE_BENCH_X(copy_64k, "examples", "memory", NULL, NULL, NULL)
{
	double refills = 0;
	unsigned i = 0;

	pace_bytes_per_op(st, SIZE);
	PACE_LOOP(st) {
		memcpy(dst, src, SIZE);
		pace_clobber_memory();
		if (dst[0] == src[0] && (++i & 1023) == 0) {
			pace_pause(st);     /* untimed: change the source */
			src[0]++;
			refills++;
			pace_resume(st);
		}
	}
	pace_counter(st, "refills", refills);
}

PACE_BENCH_MAIN()
