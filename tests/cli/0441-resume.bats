#!/usr/bin/env bats
# pace run --resume (issue 15): a run killed half-way (SIGKILL, or SIGINT
# which pace handles) is finished under the same run id: its finished
# results are kept with their samples, the rest are measured, and every
# output covers the whole run, each test x variant once.

load helpers

setup() { common_setup; }

teardown() {
    [ -n "${PACE_PID:-}" ] && kill -9 "$PACE_PID" 2>/dev/null || true
}

write_suite() {
    printf 'suite: resume\ntests:\n' > r.yaml
    for i in 1 2 3 4 5 6; do
        printf '  - id: t%s\n    runs: 3\n    command: {a: ["%s", "sleep", "0.12"], b: ["%s", "sleep", "0.08"]}\n' \
            "$i" "$HELPER" "$HELPER" >> r.yaml
    done
}

# Starts the run in the background and waits until `n` results are
# finished in the store (whatever the machine's speed), then sends `sig`.
run_and_kill() {
    local n=$1 sig=$2
    "$PACE" run --store s.db --output out r.yaml > first.log 2>&1 &
    PACE_PID=$!
    for _ in $(seq 1 600); do
        got=$(sqlite3 s.db "SELECT count(*) FROM results WHERE n IS NOT NULL" 2>/dev/null || echo 0)
        [ "${got:-0}" -ge "$n" ] && break
        sleep 0.05
    done
    [ "${got:-0}" -ge "$n" ]
    kill -"$sig" "$PACE_PID"
    wait "$PACE_PID" || true   # reaped: the store sees a dead pid
    PACE_PID=
    KILLED_MS=$(date +%s%3N)
}

# Every test x variant once in results.json, in the store, one run.
check_whole_run() {
    [ "$(sqlite3 s.db "SELECT count(*) FROM runs")" = 1 ]
    [ "$(sqlite3 s.db "SELECT status FROM runs")" = complete ]
    [ "$(sqlite3 s.db "SELECT count(*) FROM results")" = 12 ]
    [ "$(sqlite3 s.db "SELECT count(*) FROM results WHERE n = 3 AND nsamples = 3")" = 12 ]
    [ "$(sqlite3 s.db "SELECT count(*) FROM samples")" = 36 ]
    id=$(sqlite3 s.db "SELECT id FROM runs")
    [ "$(json_get out/results.json "d['run_id']")" = "$id" ]
    [ "$(json_get out/results.json "sorted((r['test_id'], r['variant']) for r in d['results']) == sorted(('t%d' % i, v) for i in range(1, 7) for v in 'ab')")" = True ]
    [ "$(json_get out/results.json "len(d['results'])")" = 12 ]
    run "$PACE" history --store s.db
    [ "$status" -eq 0 ]
    [ "$(printf '%s\n' "$output" | grep -c "^$id .*complete")" = 1 ]
    [ "$(printf '%s\n' "$output" | grep -c '^2')" = 1 ]
}

@test "SIGKILL half-way, then --resume: one run, every result once, first part kept" {
    write_suite
    run_and_kill 4 KILL
    first_id=$(sqlite3 s.db "SELECT id FROM runs")
    run "$PACE" run --store s.db --output out --resume
    [ "$status" -eq 0 ]
    [[ "$output" == *"Resuming run $first_id"* ]]
    [[ "$output" == *"Benchmark 1/6: t1 (kept from the interrupted run)"* ]]
    [ "$(printf '%s\n' "$output" | grep -c 'kept from the interrupted run')" -ge 2 ]
    [[ "$output" != *"Benchmark 6/6: t6 (kept"* ]]
    check_whole_run
    [ "$(sqlite3 s.db "SELECT id FROM runs")" = "$first_id" ]
    # t1's samples are those of the first part, t6's of the second
    [ "$(sqlite3 s.db "SELECT max(x.started_unix_ms) < $KILLED_MS FROM samples x JOIN results r ON r.id = x.result JOIN tests t ON t.id = r.test WHERE t.test_id = 't1'")" = 1 ]
    [ "$(sqlite3 s.db "SELECT min(x.started_unix_ms) > $KILLED_MS FROM samples x JOIN results r ON r.id = x.result JOIN tests t ON t.id = r.test WHERE t.test_id = 't6'")" = 1 ]
}

@test "SIGINT half-way, then --resume RUN: the interrupted test is measured again" {
    write_suite
    run_and_kill 2 INT
    first_id=$(sqlite3 s.db "SELECT id FROM runs")
    [ "$(sqlite3 s.db "SELECT status FROM runs")" = interrupted ]
    run "$PACE" run --store s.db --output out --resume "$first_id"
    [ "$status" -eq 0 ]
    check_whole_run
    [ "$(sqlite3 s.db "SELECT count(*) FROM results WHERE stop_reason = 'interrupted'")" = 0 ]
}

@test "--resume refuses a complete run and a store without interrupted runs" {
    write_suite
    run "$PACE" run --store s.db --output out --resume
    [ "$status" -eq 2 ]
    [[ "$output" == *"no interrupted run in the store 's.db'"* ]]
    sed -i 's/runs: 3/runs: 1/' r.yaml
    run "$PACE" run --store s.db --output out -f t1 r.yaml
    [ "$status" -eq 0 ]
    run "$PACE" run --store s.db --output out --resume latest
    [ "$status" -eq 2 ]
    [[ "$output" == *"is complete, not interrupted: nothing to resume"* ]]
    run "$PACE" run --store s.db --resume -- true
    [ "$status" -eq 2 ]
}
