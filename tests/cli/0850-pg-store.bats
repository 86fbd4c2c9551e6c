#!/usr/bin/env bats
# The PostgreSQL history store (issue 17): a real server (initdb + pg_ctl
# in a temporary directory, tests/tools/pg-server), one database per test.
# pace run writes into it, every command that reads a history answers the
# same as on SQLite (the same history copied both ways with pace store
# copy), change points and progress are kept, and the eight shards of one
# plan run at once lose no sample (counted with psql).

load helpers

load pg

setup_file() { pg_setup_file; }
teardown_file() { pg_teardown_file; }
setup() { common_setup; pg_setup; }

write_suite() {
    cat > s.yaml <<YAML
suite: pg
tests:
  - id: pair
    command:
      fast: ["$HELPER", "sleep", "0.002"]
      slow: ["$HELPER", "sleep", "0.004"]
  - id: single
    command: ["$HELPER", "exit", "0"]
YAML
}

@test "pace run stores into PostgreSQL (--store and PACE_STORE); history, store info, seed tables" {
    write_suite
    run "$PACE" run -q --runs 4 --store "$URL" s.yaml
    echo "$output"
    [ "$status" -eq 0 ]
    PACE_STORE="$URL" run "$PACE" run --runs 3 s.yaml
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"stored in $URL"* ]]
    [[ "$output" != *warning* ]]
    [ "$(psql_n 'SELECT count(*) FROM runs')" -eq 2 ]
    [ "$(psql_n "SELECT count(*) FROM runs WHERE status = 'complete'")" -eq 2 ]
    # 3 results of 4 and of 3 samples each.
    [ "$(psql_n 'SELECT count(*) FROM samples')" -eq 21 ]
    [ "$(psql_n 'SELECT count(*) FROM benchmark_patterns')" -eq 6 ]
    [ "$(psql_n 'SELECT sum(sample_count) FROM performance_trends')" -eq 21 ]
    run "$PACE" history --store "$URL"
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(grep -c complete <<<"$output")" -eq 2 ]
    run "$PACE" history --store "$URL" --test pg/pair --variant slow --json
    [ "$status" -eq 0 ]
    [ "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["history"]))' <<<"$output")" -eq 2 ]
    run "$PACE" store info --store "$URL"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"postgresql 15"*"sslmode prefer"* ]]
    [[ "$output" == *"2 runs"* ]]
}

# Every command that reads the history, on one store: its output with
# run-independent paths.
read_all() { # STORE OUTDIR
    mkdir -p "$2"
    "$PACE" history --store "$1" > "$2/history.txt"
    "$PACE" history --store "$1" --json > "$2/history.json"
    "$PACE" history --store "$1" latest --json > "$2/run.json"
    "$PACE" history --store "$1" --test pg/pair --variant fast --json > "$2/test.json"
    "$PACE" compare --store "$1" --json base latest > "$2/compare.json" || true
    "$PACE" trends --store "$1" --json > "$2/trends.json"
    "$PACE" trends --store "$1" --daily --json > "$2/daily.json"
    "$PACE" patterns search --store "$1" --json -k 0 > "$2/patterns.json"
    "$PACE" patterns search --store "$1" --json --task 'pair-*' > "$2/patterns-glob.json"
    "$PACE" report --store "$1" -F json,md -o "$2/report" latest > /dev/null
}

@test "history, compare, trends, patterns and report answer the same on SQLite and PostgreSQL" {
    write_suite
    for i in 1 2; do
        "$PACE" run -q --runs 4 s.yaml
    done
    "$PACE" run -q --runs 3 --save-baseline base s.yaml
    "$PACE" run -q --runs 4 s.yaml
    run "$PACE" store copy benchmarks/pace.db "$URL"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"samples"*" 45"* ]]
    [[ "$output" == *"baselines"*" 1"* ]]
    read_all benchmarks/pace.db lite
    read_all "$URL" pg
    for f in history.txt history.json run.json test.json compare.json trends.json \
             daily.json patterns.json patterns-glob.json report/results.json report/summary.md; do
        echo "== $f"
        [ -s "lite/$f" ]
        diff "lite/$f" "pg/$f"
    done
    # Each table holds the same number of rows on both.
    for t in runs tests results samples baselines benchmark_patterns performance_trends \
             benchmark_results recommendations reports; do
        [ "$(sqlite3 benchmarks/pace.db "SELECT count(*) FROM $t")" -eq "$(psql_n "SELECT count(*) FROM $t")" ]
    done
    # And back: PostgreSQL to a new SQLite file reads the same again.
    run "$PACE" store copy "$URL" back.db
    [ "$status" -eq 0 ]
    read_all back.db back
    for f in history.json run.json compare.json trends.json patterns.json report/results.json; do
        diff "lite/$f" "back/$f"
    done
    # The copies keep counting: a run into the copy gets fresh ids.
    run "$PACE" run -q --runs 2 --store "$URL" s.yaml
    [ "$status" -eq 0 ]
    [ "$(psql_n 'SELECT count(*) FROM runs')" -eq "$(( $(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM runs') + 1 ))" ]
}

@test "store copy refuses a destination that holds runs, and names URLs without passwords" {
    write_suite
    "$PACE" run -q --runs 2 s.yaml
    run "$PACE" store copy benchmarks/pace.db "$URL"
    [ "$status" -eq 0 ]
    run "$PACE" store copy benchmarks/pace.db "$URL"
    echo "$output"
    [ "$status" -eq 2 ]
    [[ "$output" == *"already holds 1 run"* ]]
    [ "$(psql_n 'SELECT count(*) FROM runs')" -eq 1 ]
    run "$PACE" store copy benchmarks/pace.db benchmarks/pace.db
    [ "$status" -eq 2 ]
    # trust authentication ignores the password; pace must not show it.
    pw_url="postgresql://pace:hunter2@${PGBASE#postgresql://pace@}/$DB"
    run "$PACE" store info --store "$pw_url"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"pace:***@"* ]]
    [[ "$output" != *hunter2* ]]
}

@test "change points and a run's progress are kept in PostgreSQL as in SQLite" {
    # A step in one test's history: 6 fast runs, then 6 slow ones.
    for nap in 0.01 0.01 0.01 0.01 0.01 0.01 0.04 0.04 0.04 0.04 0.04 0.04; do
        NAP=$nap "$PACE" run -q -r 3 -w 0 -n nap --store "$URL" -- "$HELPER slow-env NAP" > /dev/null
    done
    seventh=$(psql_n 'SELECT id FROM runs ORDER BY started_unix_ms LIMIT 1 OFFSET 6')
    # pace run stored the change point (migration 6) ...
    [ "$(psql_n 'SELECT count(*) FROM change_points')" -eq 1 ]
    [ "$(psql_n 'SELECT run_id FROM change_points')" = "$seventh" ]
    # ... pace changes reads it back and replaces it with the same.
    run "$PACE" changes --store "$URL" --json
    echo "$output"
    [ "$status" -eq 0 ]
    echo "$output" > changes.json
    [ "$(json_get changes.json 'len(d)')" -eq 1 ]
    [ "$(json_get changes.json 'd[0]["run"]')" = "$seventh" ]
    [ "$(psql_n 'SELECT count(*) FROM change_points')" -eq 1 ]
    # Each run left its progress (migration 8): every planned test done.
    [ "$(psql_n 'SELECT count(*) FROM run_progress WHERE tests_done = tests_planned AND tests_planned = 1')" -eq 12 ]
    [ "$(psql_n 'SELECT max(version) FROM pace_schema_version')" -eq 8 ]
}

# Issue 17, acceptance 1: the eight shards of one plan run at once, as CI
# jobs of one run group would, into one PostgreSQL store.
@test "eight pace run --shard K/8 at once into one PostgreSQL store keep every sample" {
    printf 'suite: conc\ntests:\n' > c.yaml
    for t in 1 2 3 4 5 6 7 8; do
        printf '  - id: t%s\n    runs: 30\n    command: ["%s", "sleep", "0.001"]\n' "$t" "$HELPER" >> c.yaml
    done
    # The database is empty: the eight also race to create the schema.
    pids=()
    for k in 1 2 3 4 5 6 7 8; do
        "$PACE" run -q --store "$URL" -o "out$k" --shard "$k/8" --run-group conc-1 c.yaml > "log$k" 2>&1 &
        pids+=($!)
    done
    for p in "${pids[@]}"; do
        wait "$p"
    done
    cat log*
    ! grep -q warning log*
    [ "$(psql_n "SELECT count(*) FROM runs WHERE status = 'complete' AND run_group = 'conc-1'")" -eq 8 ]
    [ "$(psql_n "SELECT string_agg(shard, ' ' ORDER BY shard) FROM runs")" = "1/8 2/8 3/8 4/8 5/8 6/8 7/8 8/8" ]
    [ "$(psql_n 'SELECT count(*) FROM samples')" -eq 240 ]
    [ "$(psql_n 'SELECT count(*) FROM tests')" -eq 8 ]
    # The plan exactly once: each test in one shard, with its 30 samples.
    [ "$(psql_n 'SELECT count(*) FROM (SELECT r.test FROM samples s JOIN results r ON s.result = r.id GROUP BY r.test HAVING count(*) = 30 AND count(DISTINCT r.run_id) = 1) x')" -eq 8 ]
    [ "$(psql_n 'SELECT sum(nsamples) FROM results')" -eq 240 ]
    [ "$(psql_n 'SELECT max(version) FROM pace_schema_version')" -eq 8 ]
    # history shows the group as one run.
    run "$PACE" history --store "$URL"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"conc-1 "*"complete"*"(8 shards)"* ]]
}
