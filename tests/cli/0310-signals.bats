#!/usr/bin/env bats
# pace run under signals (issue 16): SIGINT, SIGTERM (repeated) and SIGHUP
# stop the running command or hook at once and still write what finished;
# a closed stdout (| head) loses nothing; a SIGKILLed pace leaves nothing
# of its command running; a setsid()/double-forked child cannot escape the
# leftover check.  Every command here would run 300 s or more if it were
# not stopped, so the "quick" bounds (< 20 s) say nothing of the machine's
# speed.  Each test's processes carry a unique number in their command
# line (TAG) so that pgrep finds only this test's.

load helpers

setup() {
    common_setup
    TAG="$((300 + RANDOM % 600)).$$$RANDOM"
}

teardown() {
    # Whatever happened, leave nothing of ours running (by pid, our TAG only).
    for p in $(pgrep -f "$TAG" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
}

# start_pace ARGS...: pace run in the background, its output in log; PID.
start_pace() {
    "$PACE" run "$@" > log 2>&1 &
    PID=$!
}

# wait_running PATTERN: until a process matching PATTERN runs (10 s at most);
# anchored patterns, since pace's own command line holds its commands'.
wait_running() {
    for _ in $(seq 100); do
        pgrep -f "$1" > /dev/null && return 0
        sleep 0.1
    done
    return 1
}

# none_running PATTERN: until nothing matches PATTERN (10 s at most).
none_running() {
    for _ in $(seq 100); do
        pgrep -f "$1" > /dev/null || return 0
        sleep 0.1
    done
    pgrep -fa "$1"
    return 1
}

# stop_and_time SIGNAL...: sends each signal (0.2 s apart) to PID, waits for
# it; sets status and elapsed (seconds).
stop_and_time() {
    local t0=$SECONDS
    for sig in "$@"; do
        kill -"$sig" "$PID"
        sleep 0.2
    done
    status=0
    wait "$PID" || status=$?
    elapsed=$((SECONDS - t0))
}

# stopped_at_once CODE SIGNAL...: once the command (TAG) runs, sends the
# signals; pace must exit CODE at once and leave nothing running.
stopped_at_once() {
    local code=$1
    shift
    wait_running "^[^ ]*pace-helper [a-z-]* $TAG"
    stop_and_time "$@"
    cat log
    [ "$status" -eq "$code" ]
    [ "$elapsed" -lt 20 ]
    none_running "pace-helper [a-z-]* $TAG"
}

@test "signals: SIGINT stops a running iteration at once, keeps what finished, exits 130" {
    # Variant a finishes its first run before b's long one starts (A B A B).
    start_pace --runs 3 --warmup 0 --no-store --output out -- "$HELPER sleep 0.01" "$HELPER sleep $TAG"
    stopped_at_once 130 INT
    json_get out/results.json 'd["interrupted"]' | grep -qx True
    [ "$(json_get out/results.json 'd["results"][0]["iterations"]')" -ge 1 ]
    # The cut-short iteration is no sample.
    [ "$(json_get out/results.json 'd["results"][1]["iterations"]')" -eq 0 ]
    grep -q 'interrupted' log
}

@test "signals: SIGTERM, repeated, kills a command that ignores SIGTERM, exits 143" {
    cat > pace.yaml <<YAML
execution:
  killGrace: 300
YAML
    start_pace --runs 2 --no-store --output out -- "$HELPER ignore-term $TAG"
    stopped_at_once 143 TERM TERM
    json_get out/results.json 'd["interrupted"]' | grep -qx True
}

@test "signals: SIGINT stops a prepare hook, and the teardown still runs" {
    cat > s.yaml <<YAML
suite: hooks
tests:
  - id: slow-prepare
    prepare: ["$HELPER sleep $TAG"]
    teardown: "touch $BATS_TEST_TMPDIR/torn-down"
    command: ["true"]
YAML
    start_pace s.yaml --runs 2 --no-store --output out
    stopped_at_once 130 INT
    [ -f torn-down ]
}

@test "signals: SIGHUP ends the run as interrupted in the store, with results" {
    start_pace --runs 3 --warmup 0 --output out -- "$HELPER sleep 0.01" "$HELPER sleep $TAG"
    stopped_at_once 129 HUP
    [ -f out/results.json ]
    [ "$(sqlite3 benchmarks/pace.db 'select status from runs')" = interrupted ]
    [ "$(sqlite3 benchmarks/pace.db 'select count(*) from samples')" -ge 1 ]
}

@test "signals: pace run | head keeps every result (no death by SIGPIPE)" {
    "$PACE" run --runs 3 --no-store --output out -- \
        "$HELPER sleep 0.01" "$HELPER echo a" "$HELPER exit 0" 2> err | head -1
    status=${PIPESTATUS[0]}
    cat err
    [ "$status" -eq 0 ]
    json_get out/results.json 'len(d["results"])' | grep -qx 3
    json_get out/results.json 'd["interrupted"]' | grep -qx False
    [ "$(json_get out/results.json 'd["results"][2]["iterations"]')" -eq 3 ]
}

@test "signals: a SIGKILLed pace leaves nothing of its command running" {
    # A shell whose child sleeps: the shell dies with pace (PDEATHSIG), its
    # child with the group (pace-spawn guards it).
    start_pace --runs 1 --no-store --output out -- "sh -c '$HELPER sleep $TAG; :'"
    wait_running "^[^ ]*pace-helper sleep $TAG"
    kill -9 "$PID"
    wait "$PID" || true
    none_running "sleep $TAG"
}

@test "signals: a setsid/double-forked child is found, killed and reported" {
    start_pace --runs 2 --no-store --output out -- "sh -c 'setsid -f $HELPER sleep $TAG'"
    status=0
    wait "$PID" || status=$?
    cat log
    [ "$status" -eq 1 ]
    grep -q 'left 1 process running after it exited (killed)' log
    # Reported killed only once it is dead: nothing is left right now.
    ! pgrep -f "pace-helper sleep $TAG"
}

@test "signals: SIGINT stops an iteration inside the sandbox too, and its teardown runs" {
    run "$PACE" run --executor sandbox --runs 1 --no-store -o probe -- "$HELPER exit 0"
    if [[ "$output" == *"needs root or unprivileged user namespaces"* ]]; then
        skip "this machine cannot make a sandbox: not root and no user namespaces"
    fi
    cat > s.yaml <<YAML
suite: sbx
tests:
  - id: long
    executor: sandbox
    command: ["$HELPER", "sleep", "$TAG"]
    teardown: "$HELPER echo torn-down"
YAML
    start_pace s.yaml --runs 2 --warmup 0 --no-store --output out
    stopped_at_once 130 INT
    json_get out/results.json 'd["interrupted"]' | grep -qx True
    # The teardown ran in the session (a dead agent would fail it).
    [ "$(json_get out/results.json 'd["results"][0].get("failure")')" = None ]
}

@test "signals: SIGINT stops an in-process target (--binary) at once" {
    bhelper="$(dirname "$HELPER")/pace-bench-helper"
    start_pace --runs 5 --timeout 600 --no-store --output out --filter hang --binary "$bhelper"
    wait_running "^[^ ]*pace-bench-helper .*hang"
    stop_and_time INT
    cat log
    [ "$status" -eq 130 ]
    [ "$elapsed" -lt 20 ]
    none_running "^[^ ]*pace-bench-helper .*hang"
    json_get out/results.json 'd["interrupted"]' | grep -qx True
}
