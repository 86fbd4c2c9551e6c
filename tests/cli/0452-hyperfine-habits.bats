#!/usr/bin/env bats
# hyperfine's habits in pace run (issue 15): --setup, --prepare,
# --conclude, --cleanup for commands; --export-asciidoc, --export-orgmode
# beside --export-markdown, in hyperfine's shapes (compared with the
# installed hyperfine when there is one), -u/--time-unit and --sort for
# those tables, -n naming the command in the exports as hyperfine does,
# --style; and the options in --help, the man page and completions.

load helpers

setup() { common_setup; }

@test "--setup, --prepare, --conclude, --cleanup run around each command's runs" {
    run "$PACE" run -r 2 -w 1 -q --no-store -o out \
        --setup 'echo setup >> log' --prepare 'echo prepare >> log' \
        --conclude 'echo conclude >> log' --cleanup 'echo cleanup >> log' -- 'echo A'
    [ "$status" -eq 0 ]
    # once before all runs, around every run (the warm-up too), once after
    [ "$(tr '\n' ' ' < log)" = "setup prepare conclude prepare conclude prepare conclude cleanup " ]
}

@test "hooks given once per command belong to that command" {
    run "$PACE" run -r 3 -q --no-store -o out \
        --prepare 'echo pA >> log' --prepare 'echo pB >> log' -- 'echo A' 'echo B'
    [ "$status" -eq 0 ]
    [ "$(grep -c pA log)" -eq 3 ]
    [ "$(grep -c pB log)" -eq 3 ]
    # interleaved, as the commands are (A B A B ...)
    [ "$(head -2 log | tr '\n' ' ')" = "pA pB " ]
    run "$PACE" run -r 1 --no-store -o out --prepare a --prepare b --prepare c -- 'echo A' 'echo B'
    [ "$status" -eq 2 ]
    [[ "$output" == *"--prepare given 3 times for 2 commands"* ]]
    run "$PACE" run -r 1 --no-store -o out --setup 'true' example
    [ "$status" -eq 2 ]
    [[ "$output" == *"are for commands; a suite's tests have prepare:"* ]]
}

@test "a failing --prepare fails the runs it prepared" {
    run "$PACE" run -r 2 --no-store -o out --prepare 'exit 3' -- 'echo A'
    [ "$status" -eq 1 ]
    [ "$(json_get out/results.json 'd["results"][0]["failure"] is not None')" = True ]
}

@test "--export-asciidoc, --export-orgmode, --export-markdown: hyperfine's tables, -u and --sort" {
    run "$PACE" run -r 3 -q --no-store -o out -u ms --sort mean-time \
        --export-markdown t.md --export-asciidoc t.adoc --export-orgmode t.org \
        -- 'sleep 0.02' 'sleep 0.01'
    [ "$status" -eq 0 ]
    cat t.md t.adoc t.org
    [ "$(sed -n 1p t.md)" = "| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |" ]
    [ "$(sed -n 2p t.org)" = "|--+--+--+--+--|" ]
    [ "$(sed -n 2p t.adoc)" = "|===" ]
    [ "$(tail -1 t.adoc)" = "|===" ]
    # fastest first with --sort mean-time, in every table
    [[ "$(sed -n 3p t.md)" == '| `sleep 0.01` | '* ]]
    [[ "$(sed -n 3p t.org)" == '| =sleep 0.01=  |'* ]]
    [ "$(sed -n 9p t.adoc)" = '| `sleep 0.01` ' ]
    [[ "$(sed -n 3p t.md)" == *"| 1.00 |" ]]
    [[ "$(sed -n 4p t.md)" == *" ± "*" |" ]]
    # run order by default, and -u second changes every figure's unit
    run "$PACE" run -r 3 -q --no-store -o out -u second --export-markdown t2.md -- 'sleep 0.02' 'sleep 0.01'
    [ "$(sed -n 1p t2.md)" = "| Command | Mean [s] | Min [s] | Max [s] | Relative |" ]
    [[ "$(sed -n 3p t2.md)" == '| `sleep 0.02` | 0.0'* ]]
    run "$PACE" run -r 1 --no-store -o out -u fortnight -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"--time-unit must be second, millisecond, microsecond or nanosecond"* ]]
    run "$PACE" run -r 1 --no-store -o out --sort fastest -- true
    [ "$status" -eq 2 ]
}

@test "the tables' shapes are hyperfine's own (when hyperfine is installed)" {
    command -v hyperfine >/dev/null || skip "hyperfine is not installed"
    hyperfine -N -r 2 -u millisecond --export-asciidoc h.adoc --export-orgmode h.org \
        --export-markdown h.md 'sleep 0.01' >/dev/null 2>&1
    "$PACE" run -r 2 -q --no-store -o out -u millisecond --export-asciidoc p.adoc \
        --export-orgmode p.org --export-markdown p.md 'sleep 0.01'
    # same structure: every line with the figures blanked out
    for f in adoc org md; do
        blank() { sed -E 's/[0-9]+\.[0-9]+( ± [0-9]+\.[0-9]+)?/N/g' "$1"; }
        diff <(blank h.$f) <(blank p.$f) || { echo "$f differs"; false; }
    done
}

@test "-n names the command in the exports, as hyperfine does, {NAME} filled in" {
    run "$PACE" run -r 2 -q --no-store -o out -n fast -n slow --export-json h.json \
        --export-csv h.csv --export-markdown h.md -- 'sleep 0.01' 'sleep 0.02'
    [ "$status" -eq 0 ]
    [ "$(json_get h.json '[r["command"] for r in d["results"]]')" = "['fast', 'slow']" ]
    [ "$(cut -d, -f1 h.csv | tr '\n' ' ')" = "command fast slow " ]
    grep -q '^| `fast` |' h.md
    # pace's own files keep the command that ran
    [ "$(json_get out/results.json '[r["command"] for r in d["results"]]')" = "['sleep 0.01', 'sleep 0.02']" ]
    run "$PACE" run -r 2 -q --no-store -o out -n 'sleep {t} ms' -L t 10,20 --export-json h2.json -- 'sleep 0.0{t}'
    [ "$status" -eq 0 ]
    [ "$(json_get h2.json '[r["command"] for r in d["results"]]')" = "['sleep 10 ms', 'sleep 20 ms']" ]
    # without -n: the command
    run "$PACE" run -r 2 -q --no-store -o out --export-json h3.json -- 'sleep 0.01'
    [ "$(json_get h3.json 'd["results"][0]["command"]')" = "sleep 0.01" ]
}

@test "--style: none is quiet, basic and nocolor no colour, color always; others refused" {
    run "$PACE" run -r 2 --no-store -o out --style color -- 'sleep 0.01' 'sleep 0.02'
    [ "$status" -eq 0 ]
    [[ "$output" == *$'\033['* ]]
    for s in basic nocolor; do
        run "$PACE" run -r 2 --no-store -o out --style $s -- 'sleep 0.01' 'sleep 0.02'
        [ "$status" -eq 0 ]
        [[ "$output" != *$'\033['* ]]
        [[ "$output" == *"Benchmark 1/1"* ]]
    done
    run "$PACE" run -r 2 --no-store -o out --style none -- 'sleep 0.01'
    [ "$status" -eq 0 ]
    [[ "$output" != *"Benchmark 1/1"* ]]
    run "$PACE" run -r 2 --no-store -o out --style fancy -- 'sleep 0.01'
    [ "$status" -eq 2 ]
    [[ "$output" == *"--style must be auto, full, basic, nocolor, color or none"* ]]
}

@test "the new options are in --help, the man page and the completions" {
    run "$PACE" run --help
    for o in '-P, --parameter-scan NAME MIN MAX' '-D, --parameter-step-size STEP' \
             '-L, --parameter-list NAME a,b,c' '-S, --shell[=SHELL]' '--prepare CMD' \
             '--setup CMD' '--conclude CMD' '--cleanup CMD' '-u, --time-unit UNIT' \
             '--sort ORDER' '--style STYLE' '--export-asciidoc FILE' '--export-orgmode FILE'; do
        [[ "$output" == *"$o"* ]] || { echo "missing in --help: $o"; false; }
    done
    run "$PACE" help --man
    [ "$status" -eq 0 ]
    [[ "$output" == *'\-\-shell\fR[=\fISHELL\fR]'* ]]
    [[ "$output" == *'parameter\-scan'* ]]
    run "$PACE" completion zsh
    [[ "$output" == *"--shell=-"* ]]
    run "$PACE" completion fish
    [[ "$output" == *"-l time-unit -s u -r"* ]]
    [[ "$output" != *"-l shell -s S -r"* ]]
}

@test "--input FILE is the measured commands' stdin (not the hooks'); null and errors" {
    printf 'one\ntwo\nthree\n' > in.txt
    run "$PACE" run -r 2 -q --no-store --show-output -o out --input in.txt \
        --prepare 'cat > hook-stdin' -- 'wc -l'
    [ "$status" -eq 0 ]
    [ "$(grep -c '^3$' <<< "$output")" -eq 2 ]
    [ ! -s hook-stdin ]
    # relative to where pace was started, also for a test in another cwd
    mkdir sub
    printf 'suite: s\ntests:\n  - id: t\n    cwd: sub\n    command: wc -l\n' > s.yaml
    run "$PACE" run -r 1 -q --no-store --show-output -o out --input in.txt s.yaml
    [ "$status" -eq 0 ]
    [[ "$output" == *3* ]]
    run "$PACE" run -r 1 -q --no-store --show-output -o out --input null -- 'wc -l'
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == 0 ]]
    run "$PACE" run -r 1 --no-store -o out9 --input missing.txt -- 'wc -l'
    [ "$status" -eq 2 ]
    [[ "$output" == *"--input 'missing.txt': No such file or directory"* ]]
    [ ! -e out9/results.json ]
    run "$PACE" run -r 1 --no-store -o out --input in.txt --executor sandbox -- 'wc -l'
    [ "$status" -eq 2 ]
    [[ "$output" == *"--input works with the local executor only"* ]]
}
