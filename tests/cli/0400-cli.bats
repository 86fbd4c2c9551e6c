#!/usr/bin/env bats
# pace's command line: help, version, unknown commands and flags, list,
# config show.

load helpers

setup() { common_setup; }

@test "pace --help lists commands and exit codes" {
    run "$PACE" --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"run"* && "$output" == *"list"* && "$output" == *"config"* ]]
    [[ "$output" == *"Exit status"* ]]
}

@test "pace --version" {
    run "$PACE" --version
    [ "$status" -eq 0 ]
    [[ "$output" =~ ^pace\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "pace help run and pace run --help agree" {
    run "$PACE" help run
    [ "$status" -eq 0 ]
    a="$output"
    run "$PACE" run --help
    [ "$status" -eq 0 ]
    [ "$a" = "$output" ]
    [[ "$output" == *"--export-json"* ]]
}

@test "no command: usage, exit 2" {
    run "$PACE"
    [ "$status" -eq 2 ]
}

@test "unknown command: exit 2, named" {
    run "$PACE" frobnicate
    [ "$status" -eq 2 ]
    [[ "$output" == *"'frobnicate' is not a pace command"* ]]
}

@test "unknown flag: exit 2, named" {
    run "$PACE" run --bogus -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"'--bogus'"* ]]
    run "$PACE" run -Z -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"'-Z'"* ]]
}

@test "flag without its value: exit 2" {
    run "$PACE" run --runs
    [ "$status" -eq 2 ]
    [[ "$output" == *"--runs"* ]]
}

@test "bad flag value: exit 2, names the flag" {
    run "$PACE" run --runs abc -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"--runs"* ]]
    run "$PACE" run --runs -3 -- true
    [ "$status" -eq 2 ]
}

@test "missing suite file: exit 2, named" {
    run "$PACE" run nope.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"nope.yaml"* ]]
}

@test "unknown built-in suite: exit 2" {
    run "$PACE" run no-such-suite
    [ "$status" -eq 2 ]
    [[ "$output" == *"no-such-suite"* ]]
}

@test "nothing to run: exit 2 (pace run alone runs the vcs suite: 0610-vcs.bats)" {
    run "$PACE" run --filter no-such-test
    [ "$status" -eq 2 ]
    [[ "$output" == *"no test matches"* ]]
}

@test "list: built-in suites and a suite's tests" {
    run "$PACE" list
    [ "$status" -eq 0 ]
    [[ "$output" == *"example"* ]]
    run "$PACE" list example
    [ "$status" -eq 0 ]
    [[ "$output" == *"variants:"* && "$output" == *"tags:"* ]]
}

@test "config show: defaults, file, env and flag layers with origins" {
    printf 'execution:\n  warmupRuns: 2\n' > pace.yaml
    PACE_TIMEOUT=7 run "$PACE" config show
    [ "$status" -eq 0 ]
    echo "$output"
    echo "$output" | grep -E '^execution.warmupRuns +2 .*pace.yaml:2'
    echo "$output" | grep -E '^execution.timeout +.*PACE_TIMEOUT'
    echo "$output" | grep -E '^execution.minRuns +10 .*default'
}

@test "config: --config FILE replaces ./pace.yaml and must exist" {
    run "$PACE" config show --config missing.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"missing.yaml"* ]]
}
