#!/usr/bin/env bats
# pace changes: E-divisive change points over a test's stored history
# (the first run after a step, before/after with intervals, the
# permutation p at the stated alpha), stored in change_points by every
# pace run and by pace changes, marked in report.html's history chart.

load helpers

setup() { common_setup; }

# RUNS runs of one ad-hoc test that sleeps NAP seconds per iteration.
runs_of() { # NAP RUNS
    for _ in $(seq "$2"); do
        NAP=$1 "$PACE" run -q -r 3 -w 0 -n nap -- "$HELPER slow-env NAP" >/dev/null || return 1
    done
}

@test "a step in a history is one change point at the first slow run" {
    runs_of 0.01 6
    runs_of 0.04 6
    seventh=$(sqlite3 benchmarks/pace.db 'SELECT id FROM runs ORDER BY started_unix_ms LIMIT 1 OFFSET 6')
    run "$PACE" changes --json
    echo "$output"
    [ "$status" -eq 0 ]
    echo "$output" > changes.json
    [ "$(json_get changes.json 'len(d)')" -eq 1 ]
    [ "$(json_get changes.json 'd[0]["run"]')" = "$seventh" ]
    [ "$(json_get changes.json 'd[0]["position"]')" -eq 6 ]
    [ "$(json_get changes.json 'd[0]["history_runs"]')" -eq 12 ]
    [ "$(json_get changes.json 'd[0]["p_value"] <= d[0]["alpha"] == 0.05')" = True ]
    [ "$(json_get changes.json 'd[0]["change"] > 1.0 and d[0]["meaningful"]')" = True ]
    [ "$(json_get changes.json 'd[0]["before"]["lo_s"] < d[0]["before"]["mean_s"] < d[0]["before"]["hi_s"] < d[0]["after"]["lo_s"]')" = True ]
    # pace run stored it already; pace changes replaced it with the same.
    [ "$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM change_points')" -eq 1 ]
    [ "$(sqlite3 benchmarks/pace.db 'SELECT run_id FROM change_points')" = "$seventh" ]
    run "$PACE" changes
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"alpha 0.05; practical threshold 2%"* ]]
    [[ "$output" == *"${seventh:0:12}"* ]]
    [[ "$output" == *"p = 0.0"* ]]
}

@test "report.html marks the change point in the history chart" {
    runs_of 0.01 5
    runs_of 0.05 3
    sixth=$(sqlite3 benchmarks/pace.db 'SELECT id FROM runs ORDER BY started_unix_ms LIMIT 1 OFFSET 5')
    grep -o '<line class="cp"[^>]*><title>[^<]*' benchmarks/output/report.html > cp.txt
    cat cp.txt
    [ "$(wc -l < cp.txt)" -eq 1 ]
    grep -q "change point at ${sixth}: mean +" cp.txt
    grep -q 'Dashed lines: change points' benchmarks/output/report.html
}

# Issue 14: a run listed itself in its own historical.previousReports (and
# every history chart drew it twice).
@test "a run is not in its own history" {
    runs_of 0.01 3
    self=$(json_get benchmarks/output/results.json 'd["run_id"]')
    [ "$(json_get benchmarks/output/results.json 'len(d["historical"]["previousReports"])')" -eq 2 ]
    [ "$(json_get benchmarks/output/results.json '"'"$self"'" in d["historical"]["previousReports"]')" = False ]
    [ "$(json_get benchmarks/output/results.json 'len(d["historical"]["trendsOverTime"][0]["points"])')" -eq 2 ]
}

@test "pace compare says at which run a change started" {
    runs_of 0.01 5
    runs_of 0.05 4
    first=$(sqlite3 benchmarks/pace.db 'SELECT id FROM runs ORDER BY started_unix_ms LIMIT 1')
    sixth=$(sqlite3 benchmarks/pace.db 'SELECT id FROM runs ORDER BY started_unix_ms LIMIT 1 OFFSET 5')
    run "$PACE" compare "$first" latest
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"1 regressed"* ]]
    [[ "$output" == *"this change started at run $sixth"* ]]
    "$PACE" compare --json "$first" latest > cmp.json
    [ "$(json_get cmp.json 'd["change_points"][0]["run"]')" = "$sixth" ]
    # Between two runs after the change, nothing changed: no line.
    run "$PACE" compare "$sixth" latest
    [[ "$output" != *"this change started"* ]]
}

@test "pace run stores the change points of the tests it measured" {
    runs_of 0.01 5
    [ "$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM change_points')" -eq 0 ]
    runs_of 0.05 4
    [ "$(sqlite3 benchmarks/pace.db 'SELECT count(*) FROM change_points')" -eq 1 ]
    sixth=$(sqlite3 benchmarks/pace.db 'SELECT id FROM runs ORDER BY started_unix_ms LIMIT 1 OFFSET 5')
    [ "$(sqlite3 benchmarks/pace.db 'SELECT run_id FROM change_points')" = "$sixth" ]
}

# Five runs cannot hold two parts of three (PACE_CP_MIN_SIZE): none,
# whatever the machine's load did to them.  (Noise alone is checked on
# fixed series in tests/unit/test_changes.c.)
@test "a short history has no change point; --since and --test filter" {
    runs_of 0.01 3
    runs_of 0.05 2
    run "$PACE" changes
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"no change point in 1 test"* ]]
    run "$PACE" changes --test no-such-test
    [ "$status" -eq 2 ]
    [[ "$output" == *"no stored test 'no-such-test'"* ]]
    run "$PACE" changes --since 2999-01-01 --json
    [ "$status" -eq 0 ]
    [ "$output" = "[]" ]
}

@test "--since drops change points at earlier runs" {
    runs_of 0.01 5
    runs_of 0.05 5
    run "$PACE" changes --since latest --json
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$output" = "[]" ]
    run "$PACE" changes --since 2000-01-01 --json
    echo "$output" > all.json
    [ "$(json_get all.json 'len(d)')" -eq 1 ]
}
