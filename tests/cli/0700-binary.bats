#!/usr/bin/env bats
# pace run --binary: the targets of a libpace-bench program measured into
# the normal outputs; a crashing or hanging target is a failed benchmark
# while the others still run; a missing program is a usage error (exit 2).

load helpers

setup() { common_setup; }

PARAMS="$(dirname "$PACE")/examples/bench-params"
BHELPER="$(dirname "$HELPER")/pace-bench-helper"

@test "binary: every target of an example program gets results and raw files" {
    run "$PACE" run --runs 5 --export-json hf.json --binary "$PARAMS"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Benchmark 1/8: sum/n=64/stride=1"* ]]
    "$PARAMS" --list --json | python3 -c '
import json, sys
names = [o["name"] for o in map(json.loads, sys.stdin) if o.get("type") == "target"]
d = json.load(open("benchmarks/output/results.json"))
got = [r["test_id"] for r in d["results"]]
assert got == names, (got, names)
for r in d["results"]:
    assert r["suite"] == "bench-params", r["suite"]
    assert r["variant"] == "default"
    assert r["command"].endswith("--exact " + r["test_id"]), r["command"]
    assert r["iterations"] == 5, r["iterations"]
    assert 0 < r["mean"] < 1e-3, r["mean"]   # seconds per operation
    assert r["user_mean"] is None
'
    # Samples keep the whole sample time and its operation count.
    python3 - <<'PY'
import json
d = json.load(open("benchmarks/output/raw/sum_n_64_stride_1.json"))
v = d["variants"][0]
for s in v["samples"]:
    assert s["iterations"] > 1 and s["wall_ns"] > 0, s
per_op = [s["wall_ns"] / s["iterations"] / 1e9 for s in v["samples"]]
mean = sum(per_op) / len(per_op)
assert abs(mean - v["summary"]["wall"]["mean"]) <= 1e-6 * mean + 1e-12, (mean, v["summary"])
PY
    [ "$(ls benchmarks/output/raw | wc -l)" -eq 8 ]
    [ -f benchmarks/output/results.csv ] && [ -f benchmarks/output/summary.md ]
    [ "$(json_get hf.json 'len(d["results"])')" -eq 8 ]
}

@test "binary: --filter and --tags select targets" {
    run "$PACE" run -q --runs 3 -f 'sum/n=64/*' --binary "$PARAMS"
    [ "$status" -eq 0 ]
    [ "$(json_get benchmarks/output/results.json '[r["test_id"] for r in d["results"]]')" \
        = "['sum/n=64/stride=1', 'sum/n=64/stride=4']" ]
    run "$PACE" run -q --runs 3 --tags fast --binary "$BHELPER"
    [ "$status" -eq 0 ]
    [ "$(json_get benchmarks/output/results.json '[r["test_id"] for r in d["results"]]')" = "['ok']" ]
}

@test "binary: a crashing and a hanging target fail with a reason, the others run" {
    run "$PACE" run --runs 5 --timeout 1 --binary "$BHELPER"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"3 of 5 benchmarks failed"* ]]
    python3 - <<'PY'
import json
d = json.load(open("benchmarks/output/results.json"))
r = {x["test_id"]: x for x in d["results"]}
assert sorted(r) == ["chatty", "crash", "fails", "hang", "ok"], sorted(r)
assert "crashed" in r["crash"]["failure"], r["crash"]
assert "timeout" in r["hang"]["failure"], r["hang"]
assert "no \"data\" here" in r["fails"]["failure"], r["fails"]
for ok in ("ok", "chatty"):
    assert r[ok].get("failure") is None, r[ok]
    assert r[ok]["iterations"] == 5 and r[ok]["mean"] > 0, r[ok]
PY
    [ -f benchmarks/output/raw/crash.json ] && [ -f benchmarks/output/raw/ok.json ]
}

@test "binary: a missing program is a usage error (exit 2)" {
    run "$PACE" run --binary /nonexistent/pace-no-such-bench
    echo "$output"
    [ "$status" -eq 2 ]
    [[ "$output" == *"cannot list the targets of '/nonexistent/pace-no-such-bench'"* ]]
    [ ! -e benchmarks/output/results.json ]
}

@test "binary: mixing --binary with suites or commands is a usage error" {
    run "$PACE" run --binary "$PARAMS" -- 'sleep 0'
    [ "$status" -eq 2 ]
    [[ "$output" == *"--binary cannot be mixed"* ]]
    run "$PACE" run --binary "$PARAMS" example
    [ "$status" -eq 2 ]
    [[ "$output" == *"--binary cannot be mixed"* ]]
}
