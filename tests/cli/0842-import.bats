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

@test "a Google Benchmark export imports as a run and compares against a later, slower import" {
    need_gbench
    gbench 1 before.json
    gbench 10 after.json      # ten times the work per iteration
    run "$PACE" import before.json
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"before.json (gbench): run "*", 1 result, 6 samples"* ]]
    run "$PACE" import after.json
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"BM_work/2000 default"*"regressed ("* ]]
    [ "$(sqlite3 benchmarks/pace.db "SELECT count(*) FROM runs WHERE status = 'complete'")" -eq 2 ]
    [ "$(sqlite3 benchmarks/pace.db "SELECT suite || '/' || test_id FROM tests")" = "gbench/BM_work/2000" ]
    # each repetition a sample of its iterations, real time as wall time
    python3 - <<'PY'
import json, sqlite3
g = json.load(open("after.json"))
reps = [b for b in g["benchmarks"] if b["run_type"] == "iteration"]
db = sqlite3.connect("benchmarks/pace.db")
rows = db.execute("SELECT s.wall_ns, s.iterations FROM samples s JOIN results r ON s.result = r.id"
                  " WHERE r.run_id = (SELECT id FROM runs ORDER BY started_unix_ms DESC LIMIT 1)"
                  " ORDER BY s.seq").fetchall()
assert len(rows) == len(reps), rows
for (wall, it), b in zip(rows, reps):
    assert it == b["iterations"], (it, b)
    assert abs(wall - b["real_time"] * b["iterations"]) <= 1, (wall, b)
PY
    run "$PACE" compare --json previous latest
    echo "$output" > cmp.json
    [ "$(json_get cmp.json 'd["changes"][0]["verdict"]')" = regressed ]
    [ "$(json_get cmp.json 'd["changes"][0]["change"] > 2.0')" = True ]
}

@test "a hyperfine export imports as a run, one variant per command" {
    hyperfine -N --export-json h.json --runs 5 --warmup 0 'sleep 0.01' 'sleep 0.02' >/dev/null 2>&1 ||
        hyperfine --export-json h.json --runs 5 --warmup 0 'sleep 0.01' 'sleep 0.02' >/dev/null
    run "$PACE" import h.json
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"h.json (hyperfine): run "*", 2 results, 10 samples"* ]]
    id=$(sqlite3 benchmarks/pace.db "SELECT test_id FROM tests WHERE suite = 'hyperfine'")
    [[ "$id" == hyperfine-* ]]
    [ "$(sqlite3 benchmarks/pace.db "SELECT group_concat(variant, ',') FROM (SELECT variant FROM results ORDER BY ord)")" = "sleep 0.01,sleep 0.02" ]
    python3 - <<'PY'
import json, sqlite3
h = json.load(open("h.json"))
db = sqlite3.connect("benchmarks/pace.db")
for r in h["results"]:
    got = [w for (w,) in db.execute("SELECT s.wall_ns FROM samples s JOIN results x ON s.result = x.id"
                                    " WHERE x.variant = ? ORDER BY s.seq", (r["command"],))]
    assert got == [round(t * 1e9) for t in r["times"]], (got, r["times"])
PY
    run "$PACE" history --test "$id" --variant 'sleep 0.02'
    [ "$status" -eq 0 ]
    # the same export again: the same test's history grows
    "$PACE" import h.json >/dev/null
    [ "$(sqlite3 benchmarks/pace.db "SELECT count(DISTINCT run_id) FROM results")" -eq 2 ]
    [ "$(sqlite3 benchmarks/pace.db "SELECT count(*) FROM tests")" -eq 1 ]
}

@test "pace's own raw file imports with every sample; results.json is refused with the reason" {
    "$PACE" run -q -r 3 -- 'sleep 0.001' 'sleep 0.002' >/dev/null
    raw=$(ls benchmarks/output/raw/*.json)
    run "$PACE" import --store other.db "$raw"
    echo "$output"
    [ "$status" -eq 0 ]
    q='SELECT t.suite, t.test_id, r.variant, s.seq, s.wall_ns, s.user_ns, s.max_rss, s.exit_code FROM samples s JOIN results r ON s.result = r.id JOIN tests t ON r.test = t.id ORDER BY r.variant, s.seq'
    [ "$(sqlite3 other.db "$q")" = "$(sqlite3 benchmarks/pace.db "$q")" ]
    run "$PACE" import --store other.db benchmarks/output/results.json
    [ "$status" -eq 2 ]
    [[ "$output" == *"results.json keeps summaries, not samples: import the run's raw/<test>.json files instead"* ]]
    run "$PACE" import --store other.db nosuch.json
    [ "$status" -eq 2 ]
}

@test "pace run --binary runs a Google Benchmark program through its own flags" {
    need_gbench
    run "$PACE" run -q --runs 3 --binary "$GBENCH"
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(sqlite3 benchmarks/pace.db 'SELECT group_concat(test_id, ",") FROM (SELECT test_id FROM tests ORDER BY test_id)')" = "BM_copy,BM_work/2000" ]
    # three repetitions each, every one a sample of many iterations
    [ "$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM samples WHERE iterations > 1 AND wall_ns > 0')" -eq 6 ]
    [ "$(json_get benchmarks/output/results.json 'sorted(r["test_id"] for r in d["results"])')" = "['BM_copy', 'BM_work/2000']" ]
    # ten times the work per iteration shows as a regression of BM_work
    PACE_GBENCH_SCALE=10 run "$PACE" run --runs 3 --binary "$GBENCH"
    echo "$output"
    [[ "$output" == *"BM_work/2000"*"regressed ("* ]]
}
