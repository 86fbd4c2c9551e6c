// vs_gbench.cpp - measures the same three C functions (vs_gbench_ops.c:
// an empty call, a 4 KiB memcpy, a sort of 1000 ints) with pace-bench and
// with Google Benchmark in one process, alternating the two harnesses for
// several rounds so drift hits both alike, and prints the median ns/op of
// each, their ratio, and pace's timer resolution and overhead.
//
//   vs-gbench [ROUNDS] [MIN_TIME_S]      (defaults: 5 rounds, 0.2 s each)
//
// Both harnesses get the same method per function and round: 20
// samples (Google Benchmark: repetitions) of at least MIN_TIME_S/20 each,
// and the median of their ns/op; the table shows the median over rounds.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

extern "C" {
#include "bench/bench_priv.h"
}
#include "vs_gbench_ops.h"

namespace {

char g_src[4096], g_dst[4096];
int g_input[1000], g_work[1000];

void fill_inputs()
{
	unsigned x = 12345;
	for (int i = 0; i < 1000; i++) {
		x = x * 1103515245u + 12345u;
		g_input[i] = static_cast<int>(x >> 8);
	}
	for (int i = 0; i < 4096; i++)
		g_src[i] = static_cast<char>(i);
}

}  // namespace

// pace-bench targets
PACE_BENCH_X(empty, "vs-gbench", nullptr, nullptr, nullptr, nullptr)
{
	PACE_LOOP(st)
		op_empty();
}

PACE_BENCH_X(memcpy_4k, "vs-gbench", nullptr, nullptr, nullptr, nullptr)
{
	PACE_LOOP(st)
		op_memcpy4k(g_dst, g_src);
}

PACE_BENCH_X(sort_1000, "vs-gbench", nullptr, nullptr, nullptr, nullptr)
{
	PACE_LOOP(st)
		op_sort1000(g_work, g_input);
}

// Google Benchmark targets
static void empty(benchmark::State &s)
{
	for (auto _ : s)
		op_empty();
}
BENCHMARK(empty);

static void memcpy_4k(benchmark::State &s)
{
	for (auto _ : s)
		op_memcpy4k(g_dst, g_src);
}
BENCHMARK(memcpy_4k);

static void sort_1000(benchmark::State &s)
{
	for (auto _ : s)
		op_sort1000(g_work, g_input);
}
BENCHMARK(sort_1000);

namespace {

class Capture : public benchmark::BenchmarkReporter {
public:
	std::map<std::string, double> ns;
	bool ReportContext(const Context &) override { return true; }
	void ReportRuns(const std::vector<Run> &runs) override
	{
		for (const Run &r : runs)
			if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median")
				ns[r.run_name.function_name] = r.GetAdjustedRealTime();
	}
};

double median(std::vector<double> v)
{
	std::sort(v.begin(), v.end());
	size_t n = v.size();
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
	double min_time = argc > 2 ? std::atof(argv[2]) : 0.2;
	std::string mt = "--benchmark_min_time=" + std::to_string(min_time / 20);
	char reps[] = "--benchmark_repetitions=20";
	char *gargv[] = {argv[0], const_cast<char *>(mt.c_str()), reps, nullptr};
	int gargc = 3;
	struct pace_bench_options o = {min_time * 1e9 / 20, 20, 2};
	struct pace_bench_instance *v;
	struct pace_bench_timer timer;
	char err[256];
	std::map<std::string, std::vector<double>> pace_ns, gb_ns;

	if (rounds < 1 || min_time <= 0) {
		std::fprintf(stderr, "usage: %s [ROUNDS] [MIN_TIME_S]\n", argv[0]);
		return 2;
	}
	fill_inputs();
	benchmark::Initialize(&gargc, gargv);
	pace_bench_timer_measure(&timer, std::getenv("PACE_BENCH_CLOCK"));
	int n = pace_bench_instances(&v, err, sizeof(err));
	for (int round = 0; round < 2 * rounds; round++) {
		// odd rounds: Google Benchmark first, so order effects cancel
		if ((round & 1) == (round / 2 & 1)) {
			for (int i = 0; i < n; i++) {
				struct pace_bench_result r;
				if (pace_bench_run(&r, &v[i], &o) == 0)
					pace_ns[v[i].name].push_back(r.median);
				pace_bench_result_release(&r);
			}
		} else {
			Capture cap;
			benchmark::RunSpecifiedBenchmarks(&cap);
			for (auto &kv : cap.ns)
				gb_ns[kv.first].push_back(kv.second);
		}
	}
	std::printf("pace-bench %s vs Google Benchmark %s: %d rounds, %.2f s per function and round\n",
		    PACE_BENCH_VERSION, "1.7.1", rounds, min_time);
	std::printf("pace timer: %s, resolution %.0f ns, overhead %.1f ns per read\n\n",
		    timer.clock, timer.resolution_ns, timer.overhead_ns);
	std::printf("%-12s %14s %14s %12s\n", "function", "pace ns/op", "gbench ns/op", "pace/gbench");
	for (int i = 0; i < n; i++) {
		double p = median(pace_ns[v[i].name]), g = median(gb_ns[v[i].name]);
		std::printf("%-12s %14.2f %14.2f %12.3f\n", v[i].name, p, g, p / g);
	}
	pace_bench_instances_free(v);
	benchmark::Shutdown();
	return 0;
}
