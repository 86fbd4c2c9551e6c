#!/usr/bin/env bats
# Seed 001's benchmark_results and recommendations, and the reports table
# (issue 17, acceptance 5): after a run they hold its rows, on SQLite and
# on PostgreSQL alike, and `pace report` adds the reports it writes.

load helpers
load pg

setup_file() { pg_setup_file; }
teardown_file() { pg_teardown_file; }
setup() { common_setup; pg_setup; }

write_suite() {
    cat > s.yaml <<YAML
suite: seed
tests:
  - id: status-small
    command:
      fast: ["$HELPER", "sleep", "0.002"]
      slow: ["$HELPER", "sleep", "0.006"]
  - id: flaky
    command: ["$HELPER", "exit", "3"]
YAML
}

# q BACKEND SQL: one value from the SQLite file or the PostgreSQL database.
q() {
    if [ "$1" = sqlite ]; then sqlite3 benchmarks/pace.db "$2"; else psql_n "$2"; fi
}

check_backend() { # sqlite | pg
    local store=benchmarks/pace.db
    [ "$1" = pg ] && store=$URL
    write_suite
    run "$PACE" run --runs 4 --store "$store" s.yaml
    echo "$output"
    [ "$status" -eq 1 ]   # flaky fails
    [[ "$output" != *warning* ]]
    id=$(q "$1" "SELECT id FROM runs")
    # One benchmark_results row per sample: 2 results x 4 iterations, and
    # flaky's one (a failing test stops at its first failure).
    [ "$(q "$1" "SELECT count(*) FROM benchmark_results WHERE run_id = '$id'")" -eq 9 ]
    [ "$(q "$1" "SELECT count(*) FROM samples")" -eq 9 ]
    # repo_size is the fixture's preset, never guessed from the id (no
    # fixture here, so "status-small" is of unknown size).
    [ "$(q "$1" "SELECT count(*) FROM benchmark_results WHERE vcs_type = 'slow' AND operation = 'status-small' AND test_id = 'seed/status-small' AND repo_size = 'unknown' AND success = 1")" -eq 4 ]
    [ "$(q "$1" "SELECT count(*) FROM benchmark_results WHERE operation = 'flaky' AND success = 0 AND exit_code = 3 AND repo_size = 'unknown'")" -eq 1 ]
    # The slow variant sleeps 6 ms: its rows say at least that.
    [ "$(q "$1" "SELECT count(*) FROM benchmark_results WHERE vcs_type = 'slow' AND execution_time_ms >= 6 AND memory_peak_bytes > 0")" -eq 4 ]
    [ "$(q "$1" "SELECT count(*) FROM benchmark_results WHERE reward < 0 OR reward > 1")" -eq 0 ]
    # The reports written, with their text.
    [ "$(q "$1" "SELECT count(*) FROM reports WHERE run_id = '$id'")" -eq 4 ]
    [ "$(q "$1" "SELECT count(*) FROM reports WHERE kind = 'results.json' AND length(body) = $(wc -c < benchmarks/output/results.json)")" -eq 1 ]
    q "$1" "SELECT body FROM reports WHERE kind = 'summary.md'" > stored.md
    diff <(cat benchmarks/output/summary.md; echo) stored.md   # + the newline after a value
    # Every recommendation of the report, pointing at its first report row.
    nrec=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["recommendations"]; print(sum(len(r[k]) for k in r) if isinstance(r, dict) else len(r))' benchmarks/output/results.json)
    [ "$nrec" -ge 1 ]
    [ "$(q "$1" "SELECT count(*) FROM recommendations WHERE run_id = '$id'")" -eq "$nrec" ]
    first=$(q "$1" "SELECT min(id) FROM reports WHERE run_id = '$id'")
    [ "$(q "$1" "SELECT count(*) FROM recommendations WHERE report_id = '$first' AND expected_impact > 0 AND priority IN ('critical', 'high', 'medium', 'low')")" -eq "$nrec" ]
    # pace report writes them again: four more reports, the same recommendations again.
    "$PACE" report --store "$store" -o again latest > /dev/null
    [ "$(q "$1" "SELECT count(*) FROM reports WHERE run_id = '$id'")" -eq 8 ]
    [ "$(q "$1" "SELECT count(*) FROM recommendations WHERE run_id = '$id'")" -eq $((2 * nrec)) ]
}

@test "SQLite: after a run benchmark_results, recommendations and reports hold its rows" {
    check_backend sqlite
}

@test "PostgreSQL: after a run benchmark_results, recommendations and reports hold its rows" {
    check_backend pg
}
