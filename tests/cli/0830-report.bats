#!/usr/bin/env bats
# pace report: a stored run's reports written again from the history store.
# results.json must come out the same as the one pace run wrote (issue 5,
# acceptance 4), and the history chart must show the runs up to that run.

load helpers

setup() { common_setup; }

write_suite() {
    cat > s.yaml <<YAML
suite: rep
tests:
  - id: pair
    command:
      fast: ["$HELPER", "sleep", "0.002"]
      slow: ["$HELPER", "sleep", "0.004"]
  - id: single
    command: ["$HELPER", "exit", "0"]
YAML
}

@test "pace report RUN reproduces the run's own results.json" {
    write_suite
    run "$PACE" run --runs 5 -o out1 s.yaml
    [ "$status" -eq 0 ]
    run "$PACE" run --runs 5 -o out2 s.yaml
    [ "$status" -eq 0 ]
    run "$PACE" report -o again2 latest
    [ "$status" -eq 0 ]
    [[ "$output" == *"written to again2/"* ]]
    python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(0 if a == b else 1)' \
        out2/results.json again2/results.json
    run "$PACE" report -o again1 previous
    [ "$status" -eq 0 ]
    python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(0 if a == b else 1)' \
        out1/results.json again1/results.json
    for f in report.html summary.md results.csv results-wide.csv latest.json; do
        [ -s "again2/$f" ]
    done
}

@test "the report of a run shows the history up to that run only" {
    write_suite
    for i in 1 2 3; do
        run "$PACE" run --runs 3 -o out s.yaml
        [ "$status" -eq 0 ]
    done
    run "$PACE" report -o first --format json "$(sqlite3 benchmarks/pace.db 'SELECT id FROM runs ORDER BY started_unix_ms LIMIT 1')"
    [ "$status" -eq 0 ]
    # A run is not in its own history (issue 14): the first has none,
    # the third the two before it.
    n=$(json_get first/results.json 'len(d["historical"]["trendsOverTime"][0]["points"])')
    [ "$n" -eq 0 ]
    n=$(json_get out/results.json 'len(d["historical"]["trendsOverTime"][0]["points"])')
    [ "$n" -eq 2 ]
    [ ! -d first/raw ]
    grep -q '<svg' out/report.html
}

@test "pace report: unknown run, bad format, no store" {
    write_suite
    run "$PACE" run --runs 2 -o out s.yaml
    [ "$status" -eq 0 ]
    run "$PACE" report nosuchrun
    [ "$status" -eq 2 ]
    [[ "$output" == *"nosuchrun"* ]]
    run "$PACE" report --format pdf
    [ "$status" -eq 2 ]
    [[ "$output" == *"pdf"* ]]
    run "$PACE" report a b
    [ "$status" -eq 2 ]
    run "$PACE" report --bogus
    [ "$status" -eq 2 ]
    [[ "$output" == *"--bogus"* ]]
}

@test "pace report of a --binary run keeps the in-process figures" {
    prog="$(dirname "$PACE")/examples/bench-throughput"
    run "$PACE" run -q --runs 3 -o out --binary "$prog"
    [ "$status" -eq 0 ]
    run "$PACE" report -o again --format json
    [ "$status" -eq 0 ]
    [ "$(json_get again/results.json '"in_process" in d["results"][0]')" = True ]
    python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(0 if a == b else 1)' \
        out/results.json again/results.json
}

@test "pace report RUN rewrites vcs.md too, the same as pace run wrote it" {
    cat > vcs.yaml <<YAML
suite: vcsrep
tests:
  - id: status
    command:
      jujutsu: ["$HELPER", "sleep", "0.002"]
      git: ["$HELPER", "sleep", "0.004"]
  - id: other
    command: ["$HELPER", "exit", "0"]
YAML
    run "$PACE" run --runs 4 -o out vcs.yaml
    [ "$status" -eq 0 ]
    grep -q '^| status |' out/vcs.md
    run "$PACE" report -o again latest
    [ "$status" -eq 0 ]
    cmp out/vcs.md again/vcs.md
    # only the Markdown files bring it: -f json does not
    run "$PACE" report -o json-only --format json latest
    [ "$status" -eq 0 ]
    [ ! -e json-only/vcs.md ]
    # a run without those variants writes none
    write_suite
    run "$PACE" run --runs 2 -o plain s.yaml
    [ "$status" -eq 0 ]
    run "$PACE" report -o plain-again latest
    [ "$status" -eq 0 ]
    [ ! -e plain/vcs.md ] && [ ! -e plain-again/vcs.md ]
}
