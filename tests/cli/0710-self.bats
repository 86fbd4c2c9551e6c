#!/usr/bin/env bats
# pace run self (pace's own targets, the pace-self program next to pace) and
# suite tests of type: binary: in-process targets run from a suite file,
# next to command tests, into the normal outputs with what the library
# measured (timer, throughput, counters) kept in the results.

load helpers

setup() { common_setup; }

EXAMPLES="$(dirname "$PACE")/examples"

@test "self: pace run self measures pace's own targets into the normal outputs" {
    run "$PACE" run self --runs 3 --warmup 0
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Benchmark 1/7: aggregator"* ]]
    [[ "$output" == *"Timer: "*", resolution "* ]]
    python3 - <<'PY'
import json
d = json.load(open("benchmarks/output/results.json"))
ids = [r["test_id"] for r in d["results"]]
assert ids == ["aggregator", "forecasting", "compression", "export_json",
               "export_csv", "storage", "parser"], ids
for r in d["results"]:
    assert r["suite"] == "self" and "self" in r["tags"], r
    assert r["failed"] == 0 and r["iterations"] == 3, r
    assert r["mean"] > 0, r
    ip = r["in_process"]
    assert ip["timer"]["clock"] in ("TSC", "CLOCK_MONOTONIC"), ip
    assert 0 < ip["timer"]["overhead_ns"] < 10000, ip
    assert ip["iterations_per_sample"] >= 1
by = {r["test_id"]: r for r in d["results"]}
c = by["compression"]["in_process"]
assert c["bytes_per_sec"]["n"] == 3 and c["bytes_per_sec"]["mean"] > 0, c
assert c["counters"]["ratio"]["mean"] > 2, c          # JSON compresses well
a = by["aggregator"]["in_process"]
assert a["items_per_op"] == 100000, a
PY
    [ -f benchmarks/output/raw/storage.json ]
    grep -q "## In-process targets" benchmarks/output/summary.md
    # ...and the run lands in the history like any other (issue 7, 4)
    run "$PACE" history --json
    [ "$status" -eq 0 ]
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); r=r["runs"] if isinstance(r,dict) else r; assert len(r)==1 and r[0]["status"]=="complete" and r[0]["tests"]==7, r' "$output"
    run "$PACE" history --test self/storage
    [ "$status" -eq 0 ]
    [[ "$output" == *"complete"* ]]
}

@test "self: --filter and --tags pick pace's targets; pace list self shows them" {
    run "$PACE" run self -q --runs 2 --warmup 0 --tags store
    [ "$status" -eq 0 ]
    [ "$(json_get benchmarks/output/results.json '[r["test_id"] for r in d["results"]]')" = "['storage']" ]
    run "$PACE" list self
    [ "$status" -eq 0 ]
    [[ "$output" == *"parser"*"tags: self,config,suite"* ]]
    [ "$(printf '%s\n' "$output" | grep -c 'variants: default')" -eq 7 ]
    # the library's clock can be chosen through the environment
    PACE_BENCH_CLOCK=monotonic run "$PACE" run self -q --runs 2 --warmup 0 -f parser
    [ "$status" -eq 0 ]
    [ "$(json_get benchmarks/output/results.json 'd["results"][0]["in_process"]["timer"]["clock"]')" = CLOCK_MONOTONIC ]
}

@test "self: a pace without pace-self next to it says where it looked (exit 2)" {
    mkdir bin
    cp "$PACE" bin/pace
    run bin/pace run self --runs 2
    echo "$output"
    [ "$status" -eq 2 ]
    [[ "$output" == *"cannot find pace's own benchmark program 'pace-self'"* ]]
    [[ "$output" == *"bin/pace-self"* ]]
    [[ "$output" == *"libexec/pace/pace-self"* ]]
    # PACE_SELF_PROGRAM names it explicitly
    PACE_SELF_PROGRAM="$(dirname "$PACE")/pace-self" run bin/pace run self -q --runs 2 -f parser
    [ "$status" -eq 0 ]
}

@test "binary suite: type: binary runs a program's targets next to command tests" {
    cat > s.yaml <<EOF2
suite: mixed
tests:
  - id: shell-true
    command: "true"
    runs: 3
  - id: lib
    type: binary
    program: $EXAMPLES/bench-throughput
    tags: [lib]
    runs: 4
    warmup: 0
  - id: params
    type: binary
    program: $EXAMPLES/bench-params
    filter: "^sum/n=64/"
    runs: 3
EOF2
    run "$PACE" run s.yaml
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Throughput:"* ]]
    python3 - <<'PY'
import json
d = json.load(open("benchmarks/output/results.json"))
ids = [r["test_id"] for r in d["results"]]
assert ids == ["shell-true", "copy_64k", "sum/n=64/stride=1", "sum/n=64/stride=4"], ids
by = {r["test_id"]: r for r in d["results"]}
assert "in_process" not in by["shell-true"]
c = by["copy_64k"]
assert c["suite"] == "mixed" and c["tags"] == ["lib", "memory"], c
assert c["iterations"] == 4, c
ip = c["in_process"]
assert ip["bytes_per_op"] == 65536, ip
b = ip["bytes_per_sec"]
assert b["n"] == 4 and b["ci_lo"] <= b["mean"] <= b["ci_hi"], b
assert "refills" in ip["counters"], ip
assert by["sum/n=64/stride=1"]["iterations"] == 3
raw = json.load(open("benchmarks/output/raw/copy_64k.json"))
vals = raw["variants"][0]["in_process"]["counters"]["refills"]["values"]
assert len(vals) == 4, vals
PY
}

@test "binary suite: a missing program or target is a usage error (exit 2)" {
    printf 'suite: m\ntests:\n  - id: x\n    type: binary\n    program: ./nope\n' > s.yaml
    run "$PACE" run s.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"cannot list the targets of './nope'"* ]]
    printf 'suite: m\ntests:\n  - id: x\n    type: binary\n    program: %s\n    targets: [nosuch]\n' \
        "$EXAMPLES/bench-throughput" > s.yaml
    run "$PACE" run s.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"has no target 'nosuch'"* ]]
}
