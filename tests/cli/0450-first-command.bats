#!/usr/bin/env bats
# hyperfine's first command (issue 15, acceptance 6): operands that are
# neither suite files nor built-in suites are commands, no '--' needed; a
# near-miss of a suite name is a typo; a command with shell syntax and no
# shell is refused with a way to ask for one (exit 2), never measured as a
# literal; --shell, -S SHELL and --shell=none.

load helpers

setup() { common_setup; }

@test "pace run 'sleep 0.01' 'sleep 0.02' measures both commands, no '--'" {
    run "$PACE" run -r 2 --no-store -o out 'sleep 0.01' 'sleep 0.02'
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'len(d["results"])')" -eq 2 ]
    [ "$(json_get out/results.json '[r["command"] for r in d["results"]]')" = "['sleep 0.01', 'sleep 0.02']" ]
    [ "$(json_get out/results.json '[r["iterations"] for r in d["results"]]')" = "[2, 2]" ]
    # the two are variants of one test and were compared
    [ "$(json_get out/results.json 'len(set(r["test_id"] for r in d["results"]))')" -eq 1 ]
    [[ "$output" == *"slower"* ]]
    # the same as with '--': one history for both spellings
    run "$PACE" run -r 2 --no-store -o out2 -- 'sleep 0.01' 'sleep 0.02'
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["test_id"]')" = "$(json_get out2/results.json 'd["results"][0]["test_id"]')" ]
}

@test "an executable file is a command; a suite file and a built-in name are suites" {
    printf '#!/bin/sh\nexit 0\n' > bench.sh
    chmod +x bench.sh
    run "$PACE" run -r 1 -q --no-store -o out ./bench.sh
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["command"]')" = "./bench.sh" ]
    run "$PACE" run -r 1 -q --no-store -o out2 "$FIXTURES/report.yaml"
    [ "$(json_get out2/results.json 'd["results"][0]["suite"]')" = "report-demo" ]
    # a program that shares a suite's name runs after '--'
    run "$PACE" list example
    [ "$status" -eq 0 ]
    run "$PACE" run -r 1 -q --no-store -o out3 -- example
    [ "$status" -eq 1 ]   # no such program: a failed benchmark, not a suite
    [ "$(json_get out3/results.json 'd["results"][0]["command"]')" = "example" ]
}

@test "a near-miss of a suite name is a typo: exit 2 and did you mean" {
    run "$PACE" run --no-store -o out exampel
    echo "$output"
    [ "$status" -eq 2 ]
    [[ "$output" == *"no suite file, built-in suite or program named 'exampel'"* ]]
    [[ "$output" == *"did you mean 'example'?"* ]]
    [ ! -e out/results.json ]
    # a program of that name on PATH is measured instead
    mkdir bin
    printf '#!/bin/sh\nexit 0\n' > bin/exampel
    chmod +x bin/exampel
    PATH="$PWD/bin:$PATH" run "$PACE" run -r 1 -q --no-store -o out exampel
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["command"]')" = "exampel" ]
}

@test "suites and commands together are refused" {
    run "$PACE" run --no-store example 'sleep 0.01'
    [ "$status" -eq 2 ]
    [[ "$output" == *"'example' is a suite but 'sleep 0.01' is a command"* ]]
}

@test "shell syntax without a shell: exit 2, says how to ask for one, runs nothing" {
    for cmd in 'echo a | wc -c' 'true && false' 'true || false' 'sleep 1 &' \
               'echo a; echo b' 'echo a > f' 'cat < f' 'echo $HOME' 'echo "$HOME"' \
               'ls *.c' 'echo `date`' 'FOO=1 env' '(cd /)' 'ls ~'; do
        run "$PACE" run -r 1 --no-store -o out "$cmd"
        [ "$status" -eq 2 ] || { echo "$cmd: $status $output"; false; }
        [[ "$output" == *"command '$cmd' needs a shell"* ]] || { echo "$cmd: $output"; false; }
        [[ "$output" == *"--shell"* && "$output" == *"-S SHELL"* ]]
        [ ! -e out ] && [ ! -e f ]
    done
    run "$PACE" run -r 1 --no-store -o out 'echo a | wc -c'
    [[ "$output" == *"'|' (a pipe)"* ]]
    # quoted or escaped, the characters are arguments, as in sh
    run "$PACE" run -r 1 -q --no-store --show-output -o out "echo 'a | b' c\\&d \"x;y\""
    [ "$status" -eq 0 ]
    [[ "$output" == *"a | b c&d x;y"* ]]
}

@test "a suite's string command with shell syntax names file:line and 'shell: true'" {
    cat > s.yaml <<'YAML'
suite: s
tests:
  - id: t
    command: echo a | wc -c
YAML
    run "$PACE" run --no-store -o out s.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"s.yaml:4:"*"needs a shell"*"'shell: true'"* ]]
    sed -i 's/^    command:/    shell: true\n    command:/' s.yaml
    run "$PACE" run -r 1 -q --no-store --show-output -o out s.yaml
    [ "$status" -eq 0 ]
    [[ "$output" == *2* ]]
}

@test "--shell, --shell=SHELL and -S SHELL run it; --shell=none and -S none do not" {
    run "$PACE" run -r 1 -q --no-store --show-output -o out --shell 'echo a | wc -c'
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["command"]')" = "echo a | wc -c" ]
    [[ "${lines[0]}" == 2 ]]
    # the shell that ran it is the one asked for: $0 inside is its name
    run "$PACE" run -r 1 -q --no-store --show-output -o out -S bash 'echo $0 $BASH_VERSION | wc -w'
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == 2 ]]
    run "$PACE" run -r 1 -q --no-store --show-output -o out --shell=dash 'echo $0'
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == dash ]]
    for none in --shell=none '-S none' -N; do
        run "$PACE" run -r 1 --no-store -o out $none 'echo a | wc -c'
        [ "$status" -eq 2 ] || { echo "$none: $output"; false; }
        [[ "$output" == *"needs a shell"* ]]
    done
    run "$PACE" run -S
    [ "$status" -eq 2 ]
    [[ "$output" == *"'-S' needs a value"* ]]
    # hyperfine's '--shell bash CMD': bash must not become a command
    run "$PACE" run -r 1 --no-store -o out2 --shell bash 'echo a'
    [ "$status" -eq 2 ]
    [[ "$output" == *"write --shell=bash or -S bash"* ]]
    [ ! -e out2 ]
}
