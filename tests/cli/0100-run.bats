#!/usr/bin/env bats
# pace run: ad-hoc commands, suite files, selection, output files.

load helpers

setup() { common_setup; }

write_suite() {
    cat > suite.yaml <<YAML
suite: demo
variants: [fast, slow]
tests:
  - id: alpha
    tags: [quick, cpu]
    command:
      fast: ["$HELPER", "sleep", "0.001"]
      slow: ["$HELPER", "sleep", "0.003"]
  - id: beta
    tags: [quick]
    command:
      fast: ["$HELPER", "exit", "0"]
      slow: ["$HELPER", "busy", "2"]
  - id: gamma-io
    tags: [io]
    command:
      fast: ["$HELPER", "echo", "hi"]
      slow: ["$HELPER", "io", "100000"]
YAML
}

@test "ad-hoc: sleep 0.01 vs sleep 0.02 is about 2x with an uncertainty" {
    run "$PACE" run --runs 15 --export-json hf.json -- 'sleep 0.01' 'sleep 0.02'
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"times faster than 'sleep 0.02'"* ]]
    [[ "$output" == *"±"* ]]
    m1=$(json_get hf.json 'd["results"][0]["mean"]')
    m2=$(json_get hf.json 'd["results"][1]["mean"]')
    python3 - "$m1" "$m2" <<'PY'
import sys
m1, m2 = map(float, sys.argv[1:])
assert 0.009 < m1 < 0.030, m1
assert 0.019 < m2 < 0.045, m2
assert 1.3 < m2 / m1 < 2.4, m2 / m1
PY
}

@test "ad-hoc: default output files exist and parse" {
    run "$PACE" run --runs 3 -- 'true' 'sleep 0.001'
    [ "$status" -eq 0 ]
    [ -f benchmarks/output/results.json ]
    [ -f benchmarks/output/results.csv ]
    [ -f benchmarks/output/summary.md ]
    ls benchmarks/output/raw/*.json
    json_get benchmarks/output/results.json 'len(d["results"])' | grep -qx 2
    head -1 benchmarks/output/results.csv | grep -qx 'test_id,run_id,timestamp,vcs_type,operation,execution_time_ms,memory_peak_mb,success'
    [ "$(tail -n +2 benchmarks/output/results.csv | wc -l)" -eq 6 ]
}

@test "suite: three tests, two variants, all outputs" {
    write_suite
    run "$PACE" run suite.yaml --runs 3 --output out
    echo "$output"
    [ "$status" -eq 0 ]
    for t in alpha beta gamma-io; do
        json_get out/raw/$t.json 'd["target_id"]' | grep -qx $t
    done
    json_get out/results.json 'len(d["results"])' | grep -qx 6
    python3 -c 'import csv,sys; rows=list(csv.DictReader(open("out/results.csv"))); assert len(rows)==18, len(rows); assert {r["vcs_type"] for r in rows}=={"fast","slow"}'
    grep -q '^# Benchmark Report: ' out/summary.md
}

@test "suite: --filter selects by substring and glob" {
    write_suite
    run "$PACE" run suite.yaml --runs 2 --output out --filter alp
    [ "$status" -eq 0 ]
    json_get out/results.json 'sorted({r["test_id"] for r in d["results"]})' | grep -qx "\['alpha'\]"
    run "$PACE" run suite.yaml --runs 2 --output out2 --filter '*a'
    [ "$status" -eq 0 ]
    json_get out2/results.json 'sorted({r["test_id"] for r in d["results"]})' | grep -qx "\['alpha', 'beta'\]"
}

@test "suite: --tags and --variants select the right subset" {
    write_suite
    run "$PACE" run suite.yaml --runs 2 --output out --tags quick --variants slow
    [ "$status" -eq 0 ]
    json_get out/results.json 'sorted((r["test_id"], r["variant"]) for r in d["results"])' \
        | grep -qx "\[('alpha', 'slow'), ('beta', 'slow')\]"
    [ ! -f out/raw/gamma-io.json ]
}

@test "suite: --variants with an unknown name is a usage error" {
    write_suite
    run "$PACE" run suite.yaml --variants nope
    [ "$status" -eq 2 ]
    [[ "$output" == *"'nope'"* ]]
}

@test "run: hyperfine-shaped CSV and Markdown exports" {
    run "$PACE" run --runs 3 --export-csv hf.csv --export-markdown hf.md -- 'sleep 0.005'
    [ "$status" -eq 0 ]
    head -1 hf.csv | grep -qx 'command,mean,stddev,median,user,system,min,max'
    grep -q '| Command | Mean \[ms\] | Min \[ms\] | Max \[ms\] | Relative |' hf.md
}

@test "run: interleaves variants, the first of each round rotating (A B, B A, ...)" {
    cat > order.yaml <<YAML
suite: order
tests:
  - id: inter
    shell: true
    command:
      a: "echo a >> $BATS_TEST_TMPDIR/log"
      b: "echo b >> $BATS_TEST_TMPDIR/log"
YAML
    run "$PACE" run order.yaml --runs 3 --warmup 1 --output out
    [ "$status" -eq 0 ]
    [ "$(tr -d '\n' < log)" = "ababbaab" ]
}

@test "run: automatic run count gives at least 10 runs" {
    run "$PACE" run --output out -- 'true'
    [ "$status" -eq 0 ]
    n=$(json_get out/results.json 'd["results"][0]["iterations"]')
    [ "$n" -ge 10 ]
}

@test "run: --max-runs bounds the automatic count" {
    run "$PACE" run --min-runs 2 --max-runs 4 --output out -- 'true'
    [ "$status" -eq 0 ]
    n=$(json_get out/results.json 'd["results"][0]["iterations"]')
    [ "$n" -le 4 ]
}

@test "run: setup, prepare, conclude and teardown run in order" {
    cat > hooks.yaml <<YAML
suite: hooks
tests:
  - id: h
    setup: "echo setup >> $BATS_TEST_TMPDIR/log"
    prepare: "echo prepare >> $BATS_TEST_TMPDIR/log"
    conclude: "echo conclude >> $BATS_TEST_TMPDIR/log"
    teardown: "echo teardown >> $BATS_TEST_TMPDIR/log"
    command: ["true"]
YAML
    run "$PACE" run hooks.yaml --runs 2 --output out
    [ "$status" -eq 0 ]
    [ "$(tr '\n' ' ' < log)" = "setup prepare conclude prepare conclude teardown " ]
}

@test "run: env and cwd reach the command; validation regex checked" {
    mkdir -p sub
    cat > envs.yaml <<YAML
suite: envs
tests:
  - id: e
    env: {PACE_T_VAR: hello}
    cwd: sub
    shell: true
    command: 'echo "\$PACE_T_VAR \$(basename \$PWD)"'
    validation: {outputMatches: "^hello sub"}
  - id: bad-regex-match
    command: ["echo", "nope"]
    validation: {outputMatches: "^hello"}
YAML
    run "$PACE" run envs.yaml --runs 2 --output out
    echo "$output"
    [ "$status" -eq 1 ]
    json_get out/raw/e.json 'd["variants"][0]["failed"]' | grep -qx 0
    [[ "$output" == *"does not match"* ]]
}

@test "run: NO_COLOR and a pipe mean no escape codes" {
    NO_COLOR=1 run "$PACE" run --runs 2 -- 'true'
    [ "$status" -eq 0 ]
    ! printf '%s' "$output" | grep -q $'\033'
}

@test "run: --quiet prints no per-test blocks" {
    run "$PACE" run --quiet --runs 2 -- 'true'
    [ "$status" -eq 0 ]
    [[ "$output" != *"Benchmark 1"* ]]
}

@test "run: the built-in example suite runs" {
    run "$PACE" run example --output out
    echo "$output"
    [ "$status" -eq 0 ]
    [ -f out/results.json ]
    [[ "$output" == *"Top 5"* ]]
}

@test "run: a progress line with ETA on a terminal only" {
    command -v script >/dev/null || skip "script(1) is not installed: no pseudo-terminal to test with"
    script -qc "'$PACE' run --runs 5 --no-summary --output out -- 'sleep 0.02'" /dev/null > tty.log
    grep -q 'ETA' tty.log
    run "$PACE" run --runs 5 --no-summary --output out2 -- 'sleep 0.02'
    [ "$status" -eq 0 ]
    [[ "$output" != *"ETA"* ]]
}
