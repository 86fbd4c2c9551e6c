#!/usr/bin/env bats
# No leaks or memory errors on pace's main paths, under valgrind.
# (valgrind 3.19 does not know pidfd_open; the executor then falls back
# to polling, which is exercised here too.)

load helpers

setup() {
    common_setup
    command -v valgrind >/dev/null || skip "valgrind is not installed"
}

vg() {
    valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
        --error-exitcode=99 -q "$PACE" "$@" 2> vg.log
}

@test "valgrind: ad-hoc run with two commands" {
    run vg run --runs 3 --output out -- 'sleep 0.001' 'true'
    cat vg.log
    [ "$status" -eq 0 ]
}

@test "valgrind: a suite with failures" {
    cat > f.yaml <<YAML
suite: f
tests:
  - id: ok
    command: ["true"]
  - id: bad
    command: ["$HELPER", "exit", "2"]
  - id: hang
    timeout: 0.2s
    command: ["sleep", "5"]
YAML
    run vg run f.yaml --runs 2 --output out
    cat vg.log
    [ "$status" -eq 1 ]
}

@test "valgrind: configuration and suite errors" {
    run vg run "$FIXTURES/suites/bad-regex.yaml"
    [ "$status" -eq 2 ]
    printf 'execution:\n  runs: x\n' > bad.yaml
    run vg run --config bad.yaml -- true
    [ "$status" -eq 2 ]
    run vg list example
    [ "$status" -eq 0 ]
    run vg config show
    [ "$status" -eq 0 ]
}
