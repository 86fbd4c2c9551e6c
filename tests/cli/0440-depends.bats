#!/usr/bin/env bats
# dependsOn at run time (issue 15): a failed or skipped dependency skips
# its dependents with the reason in every output (console, results.json,
# summary.md, the store), a test chosen with --filter/--tags brings its
# dependencies along and says so, and --no-deps leaves them out.

load helpers

setup() { common_setup; }

write_suite() {
    cat > deps.yaml <<YAML
suite: deps
tests:
  - id: build
    runs: 2
    command: ["$HELPER", "exit", "${1:-3}"]
  - id: check
    runs: 2
    tags: [quick]
    dependsOn: [build]
    command: ["$HELPER", "exit", "0"]
  - id: deeper
    runs: 2
    dependsOn: [check]
    command: ["$HELPER", "exit", "0"]
  - id: free
    runs: 2
    command: ["$HELPER", "exit", "0"]
YAML
}

@test "a failed dependency skips its dependents, with the reason everywhere" {
    write_suite 3
    run "$PACE" run --store s.db --output out deps.yaml
    [ "$status" -eq 1 ]
    [[ "$output" == *"skipped: dependency 'build' failed: exit code 3 (expected 0)"* ]]
    [[ "$output" == *"dependency 'check' was skipped: dependency 'build' failed"* ]]
    # results.json
    [ "$(json_get out/results.json "[r['skipped'] for r in d['results'] if r['test_id']=='check'][0]")" = \
      "dependency 'build' failed: exit code 3 (expected 0)" ]
    [ "$(json_get out/results.json "[r['skipped'] for r in d['results'] if r['test_id']=='free'][0]")" = None ]
    # summary.md
    grep -q "skipped: dependency 'build' failed: exit code 3 (expected 0)" out/summary.md
    grep -q "skipped: dependency 'check' was skipped" out/summary.md
    # the store
    [ "$(sqlite3 s.db "SELECT r.skipped FROM results r JOIN tests t ON t.id = r.test WHERE t.test_id = 'check'")" = \
      "dependency 'build' failed: exit code 3 (expected 0)" ]
    # the dependents never ran a sample; the independent test did
    [ "$(sqlite3 s.db "SELECT r.nsamples FROM results r JOIN tests t ON t.id = r.test WHERE t.test_id = 'deeper'")" = 0 ]
    [ "$(sqlite3 s.db "SELECT r.n FROM results r JOIN tests t ON t.id = r.test WHERE t.test_id = 'free'")" = 2 ]
}

@test "dependents run when their dependency passed" {
    write_suite 0
    run "$PACE" run --no-store --output out deps.yaml
    [ "$status" -eq 0 ]
    [[ "$output" != *"skipped"* ]]
    [ "$(json_get out/results.json "len([r for r in d['results'] if r['skipped'] is None and r['test_id'] in ('check','deeper')])")" = 2 ]
}

@test "--filter brings dependencies along and says so; --no-deps does not" {
    write_suite 0
    run "$PACE" run --no-store --output out -f deeper deps.yaml
    [ "$status" -eq 0 ]
    [[ "$output" == *"also running 'build': 'check' depends on it (--no-deps to leave it out)"* ]]
    [[ "$output" == *"also running 'check': 'deeper' depends on it"* ]]
    [ "$(json_get out/results.json "[r['test_id'] for r in d['results']]")" = "['build', 'check', 'deeper']" ]

    run "$PACE" run --no-store --output out2 -f deeper --no-deps deps.yaml
    [ "$status" -eq 0 ]
    [[ "$output" != *"also running"* ]]
    [ "$(json_get out2/results.json "[r['test_id'] for r in d['results']]")" = "['deeper']" ]
}

@test "--tags brings dependencies along, and a failure there still skips" {
    write_suite 3
    run "$PACE" run --no-store --output out --tags quick deps.yaml
    [ "$status" -eq 1 ]
    [[ "$output" == *"also running 'build': 'check' depends on it"* ]]
    [ "$(json_get out/results.json "[(r['test_id'], r['skipped'] is not None) for r in d['results']]")" = \
      "[('build', False), ('check', True)]" ]
}
