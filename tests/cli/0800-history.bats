#!/usr/bin/env bats
# The history store: pace run writes every run into benchmarks/pace.db
# while it runs; pace history reads it.  A run killed with -9 keeps its
# finished samples and shows as interrupted; four pace processes can write
# to one database at once.

load helpers

setup() { common_setup; }

# A suite of one test with many slow-ish iterations.
write_slow_suite() {
    cat > slow.yaml <<YAML
suite: slow
tests:
  - id: nap
    runs: 400
    command: ["$HELPER", "sleep", "0.02"]
YAML
}

samples_of() { # DB RUN-ID
    sqlite3 "$1" "SELECT count(*) FROM samples s JOIN results r ON s.result = r.id WHERE r.run_id = '$2'"
}

# Polls until the database holds at least N samples (or ~30 s pass).
wait_for_samples() { # DB N
    for _ in $(seq 300); do
        if [ -f "$1" ]; then
            n=$(sqlite3 "$1" 'SELECT count(*) FROM samples' 2>/dev/null || echo 0)
            [ "${n:-0}" -ge "$2" ] && return 0
        fi
        sleep 0.1
    done
    return 1
}

@test "pace run stores the run in benchmarks/pace.db; pace history lists it" {
    run "$PACE" run -r 4 -- "$HELPER sleep 0.001"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"stored in benchmarks/pace.db"* ]]
    [ -f benchmarks/pace.db ]
    run "$PACE" history
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"complete"* ]]
    [ "$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM samples')" -eq 4 ]
    [ "$(sqlite3 benchmarks/pace.db 'PRAGMA journal_mode')" = wal ]
}

@test "repeated ad-hoc runs build one test's history; table, sparkline, JSON" {
    # The same command each time (its id comes from the text); the time it
    # sleeps grows through the environment.
    for i in 1 2 3; do
        NAP=0.0${i}5 "$PACE" run -q -r 2 -n nap -- "$HELPER slow-env NAP" >/dev/null
    done
    id=$(sqlite3 benchmarks/pace.db 'SELECT test_id FROM tests')
    [ "$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM tests')" -eq 1 ]
    run env LC_ALL=C.UTF-8 "$PACE" history --test "$id" --variant nap
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 runs"* ]]
    [[ "$output" == *"▁"* && "$output" == *"█"* ]]
    run env LC_ALL=C "$PACE" history --test "adhoc/$id" --variant nap
    [[ "$output" == *"oldest to newest: ."*"#"* ]]
    "$PACE" history --json --test "$id" --variant nap > h.json
    [ "$(json_get h.json 'len(d["history"])')" -eq 3 ]
    [ "$(json_get h.json 'd["history"][0]["mean"] < d["history"][2]["mean"]')" = True ]
    "$PACE" history --json > runs.json
    [ "$(json_get runs.json 'len(d)')" -eq 3 ]
    [ "$(json_get runs.json 'd[0]["samples"]')" -eq 2 ]
    run "$PACE" history latest
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"$id"*"nap"* ]]
    run "$PACE" history --json previous
    [ "$status" -eq 0 ]
}

@test "--no-store, --store PATH, PACE_STORE and output.store choose the database" {
    "$PACE" run -q -r 2 --no-store -- "$HELPER exit 0"
    [ ! -e benchmarks/pace.db ]
    "$PACE" run -q -r 2 --store a/one.db -- "$HELPER exit 0"
    [ -f a/one.db ]
    PACE_STORE=two.db "$PACE" run -q -r 2 -- "$HELPER exit 0"
    [ -f two.db ]
    printf 'output:\n  store: three.db\n' > pace.yaml
    "$PACE" run -q -r 2 -- "$HELPER exit 0"
    [ -f three.db ]
    [ "$(PACE_STORE=two.db "$PACE" history --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" -eq 1 ]
    [ ! -e benchmarks/pace.db ]
}

@test "errors: unknown run, PostgreSQL server not there, bad usage" {
    "$PACE" run -q -r 2 -- "$HELPER exit 0"
    run "$PACE" history no-such-run
    [ "$status" -eq 2 ]
    [[ "$output" == *"no run or baseline 'no-such-run'"* ]]
    # Nothing listens on port 1: history fails, naming the URL without its
    # password; a run warns and measures anyway (tests/cli/0850 has a server).
    run "$PACE" history --store postgresql://pace:pw@127.0.0.1:1/pace
    [ "$status" -eq 2 ]
    [[ "$output" == *"postgresql://pace:***@127.0.0.1:1/pace"*"cannot connect"* ]]
    [[ "$output" != *":pw@"* ]]
    run "$PACE" run --store postgresql://127.0.0.1:1/pace -- "$HELPER exit 0"
    [ "$status" -eq 0 ]
    [[ "$output" == *"warning: store"*"this run is not stored"* ]]
    run "$PACE" history --variant x
    [ "$status" -eq 2 ]
    # A store that cannot be created does not stop the benchmark.
    touch afile
    run "$PACE" run -q -r 2 --store afile/x.db -- "$HELPER exit 0"
    [ "$status" -eq 0 ]
    [[ "$output" == *"warning: cannot create directory 'afile'"*"not stored"* ]]
}

@test "kill -9 in the middle of a run: database intact, finished samples kept, run interrupted" {
    write_slow_suite
    "$PACE" run -q slow.yaml > out.txt 2>&1 &
    pid=$!
    wait_for_samples benchmarks/pace.db 10
    seen=$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM samples')
    kill -9 "$pid"
    wait "$pid" || true
    [ "$(sqlite3 benchmarks/pace.db 'PRAGMA integrity_check')" = ok ]
    run_id=$(sqlite3 benchmarks/pace.db 'SELECT id FROM runs')
    kept=$(samples_of benchmarks/pace.db "$run_id")
    echo "seen $seen kept $kept"
    [ "$kept" -ge "$seen" ]
    [ "$kept" -lt 400 ]
    # Every kept sample is a whole one, numbered without gaps.
    [ "$(sqlite3 benchmarks/pace.db 'SELECT max(seq) + 1 FROM samples')" -eq "$kept" ]
    [ "$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM samples WHERE wall_ns >= 20000000')" -eq "$kept" ]
    run "$PACE" history
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"$run_id"*"interrupted"* ]]
    [ "$(sqlite3 benchmarks/pace.db "SELECT status FROM runs WHERE id = '$run_id'")" = interrupted ]
    run "$PACE" history "$run_id"
    [ "$status" -eq 0 ]
    [[ "$output" == *"slow/nap"* ]]
}

@test "Ctrl-C: the run is stored as interrupted with its summaries" {
    write_slow_suite
    "$PACE" run -q slow.yaml > out.txt 2>&1 &
    pid=$!
    wait_for_samples benchmarks/pace.db 5
    kill -INT "$pid"
    status=0
    wait "$pid" || status=$?
    [ "$status" -eq 130 ]
    [ "$(sqlite3 benchmarks/pace.db 'SELECT status FROM runs')" = interrupted ]
    n=$(sqlite3 benchmarks/pace.db 'SELECT n FROM results')
    [ "$n" -ge 5 ]
    [ "$n" -eq "$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM samples')" ]
}

@test "four pace run processes writing to one database at once: every row present" {
    for i in 1 2 3 4; do
        "$PACE" run -q -r 40 --store shared.db -n "w$i" -- "$HELPER sleep 0.001" > "out$i.txt" 2>&1 &
        pids[$i]=$!
    done
    for i in 1 2 3 4; do
        wait "${pids[$i]}"
    done
    [ "$(sqlite3 shared.db "SELECT count(*) FROM runs WHERE status = 'complete'")" -eq 4 ]
    for run_id in $(sqlite3 shared.db 'SELECT id FROM runs'); do
        [ "$(samples_of shared.db "$run_id")" -eq 40 ]
        [ "$(sqlite3 shared.db "SELECT n FROM results WHERE run_id = '$run_id'")" -eq 40 ]
    done
    [ "$(sqlite3 shared.db 'PRAGMA integrity_check')" = ok ]
}

@test "pace run --binary is stored the same way, with each sample's operation count" {
    params="$(dirname "$PACE")/examples/bench-params"
    "$PACE" run -q --runs 5 --binary "$params"
    [ "$(sqlite3 benchmarks/pace.db "SELECT count(*) FROM tests WHERE suite = 'bench-params'")" -eq 8 ]
    [ "$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM samples')" -eq 40 ]
    [ "$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM samples WHERE iterations > 1')" -eq 40 ]
    [ "$(sqlite3 benchmarks/pace.db "SELECT status FROM runs")" = complete ]
    run "$PACE" history --test bench-params/sum/n=64/stride=1
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"1 run"* ]]
}

@test "a run in a git repository records the commit" {
    command -v git >/dev/null || skip "git is not installed"
    git init -q repo
    cd repo
    git -c user.email=t@t -c user.name=t commit -q --allow-empty -m one
    "$PACE" run -q -r 2 -- "$HELPER exit 0"
    [ "$(sqlite3 benchmarks/pace.db 'SELECT git_commit FROM runs')" = "$(git rev-parse HEAD)" ]
    run "$PACE" history
    [[ "$output" == *"$(git rev-parse HEAD | cut -c1-12)"* ]]
}
