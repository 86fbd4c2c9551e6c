#!/usr/bin/env bats
# Malformed suites and configuration: every one must stop pace before it
# runs anything, with exit status 2 and one line on stderr
#   pace: error: FILE:LINE:COL: what is wrong (expected ...)
# Each bad fixture in fixtures/suites/ also states its expected line and
# phrase in its first line ("# expect: LINE: PHRASE"); the last tests
# check all of them that way, so a new fixture is covered by just adding it.

bats_require_minimum_version 1.5.0
load helpers

PACE="${PACE:-$BATS_TEST_DIRNAME/../../build/pace}"
SUITES="$BATS_TEST_DIRNAME/fixtures/suites"

setup() {
    common_setup
    cd "$BATS_TEST_TMPDIR"
}

# check_error FILE LINE PHRASE: after `run --separate-stderr "$PACE" ...`,
# pace failed with status 2 and one line naming FILE:LINE: and PHRASE.
check_error() {
    local file="$1" line="$2" phrase="$3"
    if [ "$status" -ne 2 ]; then
        echo "exit status $status, expected 2; stderr: $stderr" >&2
        return 1
    fi
    if [[ "$stderr" != "pace: error: $file:$line:"* ]]; then
        echo "stderr does not start with 'pace: error: $file:$line:': $stderr" >&2
        return 1
    fi
    if [[ "$stderr" != *"$phrase"* ]]; then
        echo "stderr lacks '$phrase': $stderr" >&2
        return 1
    fi
    if [ "${#stderr_lines[@]}" -ne 1 ]; then
        echo "expected one line on stderr, got: $stderr" >&2
        return 1
    fi
    # nothing was run, so nothing was written
    [ ! -e benchmarks ]
}

# suite_error NAME LINE PHRASE: `pace run fixtures/suites/NAME`.
suite_error() {
    local f="$SUITES/$1"
    run --separate-stderr "$PACE" run "$f"
    check_error "$f" "$2" "$3"
}

@test "YAML syntax error: unclosed flow sequence" {
    suite_error bad-yaml-syntax.yaml 5 "invalid YAML: flow sequence without a closing bracket"
}

@test "YAML syntax error: tab used for indentation" {
    suite_error bad-yaml-tab-indent.yaml 5 "invalid YAML: invalid tab used as indentation"
}

@test "YAML duplicate key in a test" {
    suite_error bad-duplicate-key.yaml 6 "duplicate key"
}

@test "JSON suite: a string holding \\u0000 is refused, not cut to 'echo'" {
    printf '{"suite": "s", "tests": [{"id": "t", "command": ["echo\\u0000-hidden"]}]}' > nul.json
    run --separate-stderr "$PACE" run nul.json
    check_error nul.json 1 "a string with a NUL byte"
}

@test "input files are bounded: an endless suite, config or fixture spec is an error" {
    run --separate-stderr "$PACE" list /dev/zero
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"'/dev/zero': larger than 64 MiB, the limit for an input file"* ]]
    run --separate-stderr "$PACE" config show --config /dev/zero
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"'/dev/zero': larger than 64 MiB"* ]]
}

@test "config file: alias bombs, tags and NUL bytes are errors, not defaults" {
    cp "$SUITES/bad-alias-bomb.yaml" bomb.yaml
    run --separate-stderr "$PACE" config show --config bomb.yaml
    check_error bomb.yaml 3 "too many nodes after alias expansion (limit 100000)"
    printf 'execution:\n  runs: !!str 5\n' > tag.yaml
    run --separate-stderr "$PACE" config show --config tag.yaml
    check_error tag.yaml 2 "explicit YAML tag '!!str'"
    printf 'execution:\n  runs: 5\000\n  warmupRuns: 3\n' > nul.yaml
    run --separate-stderr "$PACE" config show --config nul.yaml
    check_error nul.yaml 2 "a NUL byte"
    printf 'execution:\n  runs: 5\n---\nexecution:\n  runs: 7\n' > two.yaml
    run --separate-stderr "$PACE" config show --config two.yaml
    check_error two.yaml 3 "only one YAML document is allowed"
}

@test "empty suite file" {
    suite_error bad-empty.yaml 1 "empty suite file"
}

@test "suite file that is a list, not a mapping" {
    suite_error bad-not-mapping.yaml 2 "must be a mapping with 'suite' and 'tests', got a list"
}

@test "missing 'suite'" {
    suite_error bad-missing-suite.yaml 2 "missing 'suite'"
}

@test "suite id with a blank" {
    suite_error bad-suite-id-chars.yaml 2 "invalid suite id 'my suite'"
}

@test "missing 'tests'" {
    suite_error bad-missing-tests.yaml 2 "missing 'tests'"
}

@test "empty 'tests'" {
    suite_error bad-empty-tests.yaml 3 "'tests' is empty"
}

@test "'tests' is a mapping, not a list" {
    suite_error bad-tests-not-list.yaml 4 "'tests' must be a list of tests, got a mapping"
}

@test "a test that is a string, not a mapping" {
    suite_error bad-test-not-mapping.yaml 6 "test #2 must be a mapping"
}

@test "a test without an id" {
    suite_error bad-missing-id.yaml 6 "test #2 has no 'id'"
}

@test "test id with a blank" {
    suite_error bad-id-chars.yaml 4 "invalid test id 'two words'"
}

@test "duplicate test id names both places" {
    suite_error bad-duplicate-id.yaml 8 "duplicate test id 'a' (first defined at $SUITES/bad-duplicate-id.yaml:4:9"
}

@test "unknown top-level key" {
    suite_error bad-unknown-top-key.yaml 3 "unknown key 'test' (expected one of: suite, name, description, variants, tests, fixture, requires, environment, executor, limits, workdir, parameters)"
}

@test "unknown key in a test" {
    suite_error bad-unknown-test-key.yaml 6 "unknown key 'comand' in test 'a' (expected one of:"
}

@test "unknown key in validation" {
    suite_error bad-unknown-validation-key.yaml 7 "unknown key 'maxTme' in 'validation' in test 'a'"
}

@test "wrong type: tags is a string" {
    suite_error bad-tags-not-list.yaml 6 "'tags' in test 'a' must be a list, got 'fast'"
}

@test "wrong type: runs is a word" {
    suite_error bad-runs-string.yaml 6 "'runs' in test 'a' must be an integer >= 1, got 'many'"
}

@test "negative runs" {
    suite_error bad-runs-negative.yaml 6 "'runs' in test 'a' must be an integer >= 1, got '-5'"
}

@test "zero runs" {
    suite_error bad-runs-zero.yaml 6 "got '0'"
}

@test "negative warmup" {
    suite_error bad-warmup-negative.yaml 6 "'warmup' in test 'a' must be a non-negative integer, got '-1'"
}

@test "wrong type: shell is not a boolean" {
    suite_error bad-shell-not-bool.yaml 6 "'shell' in test 'a' must be true or false"
}

@test "missing command" {
    suite_error bad-missing-command.yaml 4 "missing 'command' in test 'a'"
}

@test "empty command string" {
    suite_error bad-empty-command.yaml 5 "empty command in test 'a'"
}

@test "empty argument list" {
    suite_error bad-empty-argv.yaml 5 "empty command in test 'a'"
}

@test "empty variant mapping" {
    suite_error bad-empty-variants.yaml 5 "empty command in test 'a'"
}

@test "a variant's command is a mapping" {
    suite_error bad-command-wrong-type.yaml 6 "must be a string or a list of arguments, got a mapping"
}

@test "variant not among the declared variants" {
    suite_error bad-unknown-variant.yaml 8 "unknown variant 'medium' in test 'a' (expected one of the suite's variants: fast, slow)"
}

@test "unterminated quote in a command" {
    suite_error bad-unterminated-quote.yaml 5 "unterminated quote in command 'echo \"hello' in test 'a'"
}

@test "bad duration" {
    suite_error bad-duration.yaml 6 "'timeout' in test 'a' must be a duration"
}

@test "bad size" {
    suite_error bad-size.yaml 7 "'maxMemory' in test 'a' must be a size in bytes"
}

@test "minTime above maxTime" {
    suite_error bad-min-over-max.yaml 7 "'minTime' in test 'a' is greater than 'maxTime'"
}

@test "expectedExitCode out of range" {
    suite_error bad-exit-code-range.yaml 6 "must be an integer from 0 to 255, got '256'"
}

@test "invalid regular expression" {
    suite_error bad-regex.yaml 7 "invalid regular expression 'done('"
}

@test "env value that is a list" {
    suite_error bad-env-not-scalar.yaml 7 "value of environment variable 'FOO' in test 'a' must be a string, got a list"
}

@test "dependsOn an unknown test" {
    suite_error bad-depends-unknown.yaml 6 "test 'a' depends on unknown test 'setup-repo'"
}

@test "dependsOn itself" {
    suite_error bad-depends-self.yaml 6 "test 'a' depends on itself"
}

@test "dependsOn cycle is reported with its path" {
    suite_error bad-depends-cycle.yaml 12 "dependsOn cycle: a -> b -> c -> a"
}

@test "every bad fixture fails at the line its first line announces" {
    local n=0
    for f in "$SUITES"/bad-*.yaml; do
        local head line phrase
        head="$(head -n 1 "$f")"
        [[ "$head" =~ ^\#\ expect:\ ([0-9]+):\ (.*)$ ]] || {
            echo "$f: first line is not '# expect: LINE: PHRASE'" >&2
            return 1
        }
        line="${BASH_REMATCH[1]}" phrase="${BASH_REMATCH[2]}"
        run --separate-stderr "$PACE" run "$f"
        check_error "$f" "$line" "$phrase" || { echo "in $f" >&2; return 1; }
        n=$((n + 1))
    done
    [ "$n" -ge 18 ]
}

@test "a bad suite stops the run even after good ones" {
    run --separate-stderr "$PACE" run "$SUITES/good-minimal.yaml" "$SUITES/bad-runs-zero.yaml"
    check_error "$SUITES/bad-runs-zero.yaml" 6 "'runs' in test 'a'"
}

@test "good fixtures are accepted (YAML and JSON)" {
    for f in "$SUITES"/good-*; do
        run --separate-stderr "$PACE" list "$f"
        [ "$status" -eq 0 ] || { echo "$f: $stderr" >&2; return 1; }
    done
}

@test "unknown flag is named" {
    run --separate-stderr "$PACE" run --bogus
    [ "$status" -eq 2 ]
    [[ "$stderr" == "pace: error: "*"'--bogus'"* ]]
}

@test "bad flag value names the flag" {
    run --separate-stderr "$PACE" run --runs abc "$SUITES/good-minimal.yaml"
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"'--runs' must be an integer >= 1, or auto, got 'abc'"* ]]
    [ ! -e benchmarks ]
}

@test "missing suite file is named" {
    run --separate-stderr "$PACE" run nope.yaml
    [ "$status" -eq 2 ]
    [[ "$stderr" == "pace: error: "*"nope.yaml"* ]]
}

@test "unknown built-in suite is named" {
    run --separate-stderr "$PACE" run no-such-suite
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"'no-such-suite'"* && "$stderr" == *"example"* ]]
}

@test "bad value in --config FILE names file:line" {
    printf 'execution:\n  runs: abc\n' > bad.yaml
    run --separate-stderr "$PACE" run --config bad.yaml "$SUITES/good-minimal.yaml"
    check_error bad.yaml 2 "'execution.runs' must be an integer >= 1, or auto, got 'abc'"
}

@test "unknown key in --config FILE names file:line" {
    printf 'output:\n  quiet: true\n  colour: never\n' > bad.yaml
    run --separate-stderr "$PACE" run --config bad.yaml "$SUITES/good-minimal.yaml"
    check_error bad.yaml 3 "unknown key 'colour' in 'output' (expected one of:"
}

@test "YAML syntax error in --config FILE" {
    printf 'execution: [\n' > bad.yaml
    run --separate-stderr "$PACE" run --config bad.yaml "$SUITES/good-minimal.yaml"
    check_error bad.yaml 2 "invalid YAML"
}

@test "--config FILE must exist" {
    run --separate-stderr "$PACE" run --config missing.yaml "$SUITES/good-minimal.yaml"
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"missing.yaml"* ]]
}

@test "bad ./pace.yaml names file:line" {
    printf '# project config\nanalysis:\n  confidenceLevel: 1.5\n' > pace.yaml
    run --separate-stderr "$PACE" run "$SUITES/good-minimal.yaml"
    check_error pace.yaml 3 "'analysis.confidenceLevel' must be a number greater than 0 and less than 1"
}

@test "bad user config names its path" {
    mkdir -p "$HOME/.config/pace"
    printf 'execution:\n  retries: lots\n' > "$HOME/.config/pace/config.yaml"
    run --separate-stderr "$PACE" run "$SUITES/good-minimal.yaml"
    check_error "$HOME/.config/pace/config.yaml" 2 "'execution.retries' must be"
}

@test "bad PACE_RUNS names the variable" {
    PACE_RUNS=abc run --separate-stderr "$PACE" run "$SUITES/good-minimal.yaml"
    [ "$status" -eq 2 ]
    [ "$stderr" = "pace: error: environment variable PACE_RUNS must be an integer >= 1, or auto, got 'abc'" ]
    [ ! -e benchmarks ]
}

@test "misspelt PACE_ variable is caught, unrelated ones are not" {
    PACE_RUN=5 run --separate-stderr "$PACE" run "$SUITES/good-minimal.yaml"
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"unknown environment variable 'PACE_RUN' (did you mean PACE_RUNS?)"* ]]
    PACE_SOMETHING_ELSE=1 run --separate-stderr "$PACE" list "$SUITES/good-minimal.yaml"
    [ "$status" -eq 0 ]
}
