#!/usr/bin/env bats
# pace run with commands that fail: each failure is recorded with its
# reason, pace exits 1, and every other test's results are still written.

load helpers

setup() { common_setup; }

teardown() {
    # Whatever happens, leave nothing of ours running.
    pkill -f 'sleep 123.456' 2>/dev/null || true
}

write_failing_suite() {
    cat > fail.yaml <<YAML
suite: failing
tests:
  - id: good-before
    command: ["$HELPER", "exit", "0"]
  - id: wrong-exit
    command: ["$HELPER", "exit", "3"]
  - id: segfault
    command: ["$HELPER", "segv"]
  - id: hang
    timeout: 0.3s
    command: ["sleep", "123.456"]
  - id: hang-with-child
    timeout: 0.3s
    shell: true
    command: "sleep 123.456 & sleep 123.456"
  - id: missing-binary
    command: ["/nonexistent/pace-no-such-binary"]
  - id: flood
    command: ["$HELPER", "write", "50000000"]
  - id: leaves-child
    command: ["$HELPER", "fork-child", "123.456"]
  - id: good-after
    command: ["$HELPER", "exit", "0"]
YAML
}

@test "failures: each recorded with its reason, exit 1, others written" {
    write_failing_suite
    run "$PACE" run fail.yaml --runs 3 --output out
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"exit code 3 (expected 0)"* ]]
    [[ "$output" == *"signal 11"* ]]
    [[ "$output" == *"timed out after"* ]]
    [[ "$output" == *"command not found"* ]]
    [[ "$output" == *"output"* ]]
    [[ "$output" == *"left 1 process"* ]]
    for t in good-before good-after; do
        json_get out/raw/$t.json 'd["variants"][0]["failed"]' | grep -qx 0
        json_get out/raw/$t.json 'len(d["variants"][0]["samples"])' | grep -qx 3
    done
    json_get out/results.json '[r["test_id"] for r in d["results"] if r["failed"]]' \
        | grep -qx "\['wrong-exit', 'segfault', 'hang', 'hang-with-child', 'missing-binary', 'flood', 'leaves-child'\]"
    for t in wrong-exit segfault hang hang-with-child missing-binary flood leaves-child; do
        json_get out/raw/$t.json 'd["variants"][0]["failure"]' | grep -v -x None
    done
    json_get out/raw/segfault.json 'd["variants"][0]["samples"][0]["signal"]' | grep -qx 11
    json_get out/raw/hang.json 'd["variants"][0]["samples"][0]["timed_out"]' | grep -qx True
    grep -q 'failing' out/summary.md || grep -q 'wrong-exit' out/summary.md
}

@test "failures: a timed-out shell and its background child leave nothing running" {
    write_failing_suite
    run "$PACE" run fail.yaml --runs 1 --output out --filter 'hang*'
    [ "$status" -eq 1 ]
    sleep 0.2
    run pgrep -f 'sleep 123.456'
    [ "$status" -eq 1 ]
}

@test "failures: a child left behind is killed" {
    write_failing_suite
    run "$PACE" run fail.yaml --runs 1 --output out --filter leaves-child
    [ "$status" -eq 1 ]
    sleep 0.2
    run pgrep -f 'sleep 123.456'
    [ "$status" -eq 1 ]
    run pgrep -f 'pace-helper fork-child'
    [ "$status" -eq 1 ]
}

@test "failures: timeout of sleep 100 is quick and recorded" {
    start=$(date +%s)
    run "$PACE" run --timeout 0.5 --runs 2 --output out -- 'sleep 123.456'
    end=$(date +%s)
    [ "$status" -eq 1 ]
    [ $((end - start)) -lt 10 ]
    [[ "$output" == *"timed out"* ]]
}

@test "failures: --ignore-failure counts non-zero exits" {
    run "$PACE" run --ignore-failure --runs 3 --output out -- "$HELPER exit 1"
    [ "$status" -eq 0 ]
    json_get out/results.json 'd["results"][0]["iterations"]' | grep -qx 3
}

@test "failures: missing binary in ad-hoc mode" {
    run "$PACE" run --runs 2 --output out -- 'pace-no-such-binary-xyz'
    [ "$status" -eq 1 ]
    [[ "$output" == *"command not found: 'pace-no-such-binary-xyz'"* ]]
    [ -f out/results.json ]
}

@test "failures: expected exit code is honoured" {
    cat > exp.yaml <<YAML
suite: exp
tests:
  - id: three
    expectedExitCode: 3
    command: ["$HELPER", "exit", "3"]
YAML
    run "$PACE" run exp.yaml --runs 2 --output out
    [ "$status" -eq 0 ]
}

@test "failures: a failing setup skips the test, teardown still runs" {
    cat > setup.yaml <<YAML
suite: s
tests:
  - id: broken-setup
    setup: "exit 4"
    teardown: "touch $BATS_TEST_TMPDIR/torn-down"
    command: ["true"]
  - id: fine
    command: ["true"]
YAML
    run "$PACE" run setup.yaml --runs 2 --output out
    echo "$output"
    [ "$status" -eq 1 ]
    [ -f torn-down ]
    [[ "$output" == *"setup command 'exit 4' failed"* ]]
    json_get out/raw/fine.json 'd["variants"][0]["failed"]' | grep -qx 0
}

@test "failures: SIGINT stops the run, keeps finished results, exits 130" {
    "$PACE" run --runs 1000 --output out -- 'sleep 0.01' > log 2>&1 &
    pid=$!
    sleep 1
    kill -INT $pid
    wait $pid || status=$?
    [ "${status:-0}" -eq 130 ]   # 128 + SIGINT, as a shell reports it
    grep -q 'interrupted' log
    n=$(json_get out/results.json 'd["results"][0]["iterations"]')
    [ "$n" -gt 5 ]
    json_get out/results.json 'd["interrupted"]' | grep -qx True
}
