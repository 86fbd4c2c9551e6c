/*
 * bench_o3.c - loops for test_bench.c's barrier tests, compiled with -O3
 * (tests/meson.build) so the optimiser is at its most eager.  Each pair of
 * functions differs only in the barrier: without it, -O3 deletes the loop
 * (or collapses it to one store); with it, every iteration must run.
 */
#include <stdint.h>

#include <pace/bench.h>

uint64_t o3_discard_kept(uint64_t n);
uint64_t o3_discard_dropped(uint64_t n);
void o3_store_kept(volatile uint64_t *unused, uint64_t *buf, uint64_t n);
void o3_store_dropped(uint64_t *buf, uint64_t n);

uint64_t o3_discard_kept(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		pace_do_not_optimize(i * 2654435761u);
	return 0;
}

uint64_t o3_discard_dropped(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t x = i * 2654435761u;

		(void)x;
	}
	return 0;
}

void o3_store_kept(volatile uint64_t *unused, uint64_t *buf, uint64_t n)
{
	(void)unused;
	for (uint64_t i = 0; i < n; i++) {
		buf[0] = i;
		pace_clobber_memory();
	}
}

void o3_store_dropped(uint64_t *buf, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		buf[0] = i;
}
