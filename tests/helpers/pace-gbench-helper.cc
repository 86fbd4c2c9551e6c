// pace-gbench-helper - a Google Benchmark program for pace's tests
// (tests/cli/0842-import.bats): BM_work/N runs N rounds of integer work
// per iteration, times PACE_GBENCH_SCALE (default 1) so a test can make a
// later build slower without another program, and BM_copy copies 4 KiB.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

static int64_t scale()
{
	const char *s = std::getenv("PACE_GBENCH_SCALE");
	int64_t v = s ? std::atoll(s) : 1;

	return v > 0 ? v : 1;
}

static void BM_work(benchmark::State &state)
{
	int64_t rounds = state.range(0) * scale();

	for (auto _ : state) {
		uint64_t x = 88172645463325252ull;

		for (int64_t i = 0; i < rounds; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
		}
		benchmark::DoNotOptimize(x);
	}
}
BENCHMARK(BM_work)->Arg(2000);

static void BM_copy(benchmark::State &state)
{
	static char a[4096], b[4096];

	for (auto _ : state) {
		benchmark::DoNotOptimize(a);
		std::memcpy(b, a, sizeof(a));
		benchmark::DoNotOptimize(b);
		benchmark::ClobberMemory();
	}
}
BENCHMARK(BM_copy);

BENCHMARK_MAIN();
