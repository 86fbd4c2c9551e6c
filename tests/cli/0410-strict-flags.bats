#!/usr/bin/env bats
# Flags and inputs that used to mean something other than what they say
# (issue 16): each is now an error naming the flag, or does what it says.

load helpers

setup() {
    common_setup
}

@test "run --runs 0 is an error; --runs auto is the automatic count" {
    run "$PACE" run --no-store --runs 0 -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"option '--runs' must be an integer >= 1, or auto, got '0'"* ]]
    [ ! -e benchmarks ]
    run "$PACE" run -q --no-store --runs auto --min-runs 2 --max-runs 2 -o out -- true
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["runs"]')" = 2 ]
    printf 'execution:\n  runs: 0\n' > pace.yaml
    run "$PACE" config show
    [ "$status" -eq 2 ]
    [[ "$output" == *"pace.yaml:2:9:"*"or auto"* ]]
}

@test "run --min-runs above --max-runs is a usage error naming both" {
    run "$PACE" run --no-store --min-runs 10 --max-runs 3 -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"(10, from --min-runs)"*"(3, from --max-runs)"* ]]
    [ ! -e benchmarks ]
}

@test "run/list --tags '' and --variants ',,' are usage errors, not 'everything'" {
    for cmd in run list; do
        run "$PACE" $cmd --tags '' example
        [ "$status" -eq 2 ]
        [[ "$output" == *"--tags '' names no tag"* ]]
        run "$PACE" $cmd --variants ',,' example
        [ "$status" -eq 2 ]
        [[ "$output" == *"--variants ',,' names no variant"* ]]
    done
    [ ! -e benchmarks ]
}

@test "run --binary --warmup 0 passes 0, not the library's default of 2" {
    bin="$BATS_TEST_DIRNAME/../../build/examples/bench-params"
    [ -x "$bin" ] || skip "no build/examples/bench-params"
    printf '#!/bin/sh\necho "$@" >> "%s/args.log"\nexec "%s" "$@"\n' "$PWD" "$bin" > wrap.sh
    chmod +x wrap.sh
    run "$PACE" run -q --no-store -o out --runs 2 --warmup 0 --binary ./wrap.sh
    [ "$status" -eq 0 ]
    grep -q -- '--warmup=0' args.log
    ! grep -q -- '--warmup=[1-9]' args.log
}

@test "run: a shell and an argv command of the same text get different test ids" {
    run "$PACE" run -q --no-store -o argv --runs 2 -- true
    [ "$status" -eq 0 ]
    run "$PACE" run -q --no-store -o shell --shell --runs 2 -- true
    [ "$status" -eq 0 ]
    a="$(ls argv/raw)" s="$(ls shell/raw)"
    # the argv command's id is the one earlier versions gave it
    [ "$a" = adhoc-8c1783a7.json ]
    [ "$a" != "$s" ]
}

@test "run: a corrupt store stops before measuring (exit 2); --no-store runs anyway" {
    mkdir -p benchmarks
    printf 'SQLite format 3\000%0500d' 0 > benchmarks/pace.db
    run "$PACE" run -q --runs 2 -o out -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"store 'benchmarks/pace.db'"*"--no-store"* ]]
    [ ! -e out ]
    run "$PACE" run -q --no-store --runs 2 -o out -- true
    [ "$status" -eq 0 ]
    [ -e out/results.json ]
}

@test "run: a bad output directory, export path or baseline fails before measuring" {
    printf '#!/bin/sh\ntouch "%s/ran"\n' "$PWD" > cmd.sh
    chmod +x cmd.sh
    touch afile
    mkdir adir
    for args in "-o afile" "-o afile/sub" "--export-json afile/x.json" \
                "--export-csv nodir/x.csv" "--export-markdown adir" "--baseline nosuch"; do
        run "$PACE" run --runs 1 $args -- ./cmd.sh
        [ "$status" -eq 2 ] || { echo "$args: status $status: $output"; return 1; }
        [ ! -e ran ] || { echo "$args: measured before failing"; return 1; }
        flag="${args%% *}"
        [ "$flag" = -o ] && flag="output directory"
        [[ "$output" == *"$flag"* ]] || { echo "$args: $output"; return 1; }
    done
    # a directory that does not exist yet is created
    run "$PACE" run -q --no-store --runs 1 -o new/deep/out -- ./cmd.sh
    [ "$status" -eq 0 ]
    [ -e new/deep/out/results.json ]
}

@test "run --no-store: results survive outputs that fail late (saved in TMPDIR)" {
    mkdir out tmp
    TMPDIR="$PWD/tmp" run "$PACE" run --no-store -q --runs 1 -o out --shell -- 'rm -rf out; touch out'
    [ "$status" -eq 3 ]
    [[ "$output" == *"the results were saved to $PWD/tmp/pace-results-"* ]]
    f="$(ls tmp/pace-results-*.json)"
    [ "$(json_get "$f" 'd["results"][0]["runs"]')" = 1 ]
}
