#!/usr/bin/env bats
# Other tools' results in pace: Google Benchmark JSON (--benchmark_format=
# json, each repetition a sample) read by pace stats and imported with
# pace import, hyperfine exports and pace's own raw/results files imported
# as runs of the history, so compare, trends and changes work across tools.

load helpers

GBENCH="$(dirname "$HELPER")/pace-gbench-helper"

setup() { common_setup; }

need_gbench() {
    [ -x "$GBENCH" ] || skip "no pace-gbench-helper: libbenchmark-dev or a C++ compiler missing at build time"
}

gbench() { # SCALE OUT
    PACE_GBENCH_SCALE=$1 "$GBENCH" --benchmark_format=json --benchmark_repetitions=6 \
        --benchmark_min_time=0.02 --benchmark_filter=BM_work > "$2" 2>/dev/null
}

@test "pace stats reads a Google Benchmark export: one data set per benchmark, repetitions as samples" {
    need_gbench
    gbench 1 a.json
    gbench 1 b.json
    run "$PACE" stats --json a.json b.json
    echo "$output"
    [ "$status" -eq 0 ]
    echo "$output" > s.json
    [ "$(json_get s.json 'len(d["datasets"])')" -eq 2 ]
    [ "$(json_get s.json 'd["datasets"][0]["name"]')" = "a.json:BM_work/2000" ]
    [ "$(json_get s.json 'd["datasets"][0]["n"]')" -eq 6 ]
    # per-iteration real time in seconds, as Google Benchmark printed it
    python3 - <<'PY'
import json
g = json.load(open("a.json"))
s = json.load(open("s.json"))
reps = [b["real_time"] * 1e-9 for b in g["benchmarks"] if b["run_type"] == "iteration"]
mean = sum(reps) / len(reps)
assert abs(s["datasets"][0]["mean"] - mean) <= 1e-12 * mean, (s["datasets"][0]["mean"], mean)
PY
}

@test "pace stats rejects benchmarks[] entries that are not Google Benchmark's" {
    echo '{"benchmarks": [{"name": "x", "time_unit": "ns"}]}' > bad.json
    run "$PACE" stats bad.json
    [ "$status" -eq 2 ]
    [[ "$output" == *"bad.json: benchmarks[] is not a Google Benchmark export"* ]]
}
