#!/usr/bin/env bats
# --measure instructions and --profile (issue 13, acceptance 1 and 5):
# each command runs under valgrind and its instruction count is the
# figure judged.  On this noisy machine an A/A run gives identical counts
# (within one run and from one run to the next), a 1 % change in work
# (pace-helper work 100 vs 101) is called every time, in the comparison
# of two variants and as a regression against the stored previous run,
# and --profile names the C program's hottest function and the call
# path into it.

load helpers

setup() {
    common_setup
    command -v valgrind >/dev/null || skip "valgrind is not installed (apt-get install valgrind)"
}

work_suite() { # UNITS: a suite whose one test does UNITS units of work
    cat > work.yaml <<YAML
suite: instr
tests:
  - id: work
    runs: 3
    command: ["$HELPER", "work", "$1"]
YAML
}

# counts FILE: every sample's instruction count of every result, one a line
counts() {
    python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for r in d["variants"]:
    for s in r["samples"]: print(s["instructions"])' "$1"
}

@test "instructions: A/A counts are identical within a run and between runs" {
    work_suite 100
    run "$PACE" run -q --measure instructions -o out1 work.yaml
    echo "$output"
    [ "$status" -eq 0 ]
    run "$PACE" run -q --measure instructions -o out2 work.yaml
    [ "$status" -eq 0 ]
    counts out1/raw/work.json > a
    counts out2/raw/work.json > b
    cat a b
    [ "$(wc -l < a)" -eq 3 ]
    [ "$(sort -u a b | wc -l)" -eq 1 ]
    [ "$(cat a | head -1)" -gt 1000000 ]
    [ "$(json_get out1/results.json 'd["results"][0]["measure"]')" = instructions ]
    [ "$(json_get out1/results.json 'd["results"][0]["stats"]["instructions"]["stdDev"]')" = 0.0 ]
    # the second run against the first: unchanged, nothing regressed
    run "$PACE" compare --threshold 0.001 previous latest
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 regressed, 0 improved, 1 unchanged"* ]]
}

@test "instructions: 1 % more work is called slower every time, and is a regression" {
    for i in 1 2 3; do
        run "$PACE" run --no-store --measure instructions --runs 3 --threshold 0.005 \
            -o "cmp$i" -- "$HELPER work 100" "$HELPER work 101"
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"Instructions (mean ± σ):"* ]]
        f="cmp$i/results.json"
        [ "$(json_get "$f" 'd["comparisons"][0]["faster"].endswith("work 100")')" = True ]
        [ "$(json_get "$f" 'd["comparisons"][0]["significant"]')" = True ]
        [ "$(json_get "$f" 'd["comparisons"][0]["meaningful"]')" = True ]
        [ "$(json_get "$f" '0.008 < d["comparisons"][0]["ratio"] - 1 < 0.012')" = True ]
    done
    # through the history: 100 units stored, then 101 under the same id
    work_suite 100
    run "$PACE" run -q --measure instructions work.yaml
    [ "$status" -eq 0 ]
    work_suite 101
    run "$PACE" run --measure instructions --threshold 0.005 --fail-on-regression work.yaml
    echo "$output"
    [ "$status" -eq 1 ]
    run "$PACE" compare --threshold 0.005 previous latest
    echo "$output"
    [[ "$output" == *"1 regressed, 0 improved, 0 unchanged"* ]]
}

@test "instructions: a time run and an instruction run of a test are never compared" {
    work_suite 100
    run "$PACE" run -q --runs 3 work.yaml
    [ "$status" -eq 0 ]
    run "$PACE" run -q --measure instructions work.yaml
    [ "$status" -eq 0 ]
    run "$PACE" compare previous latest
    echo "$output"
    [[ "$output" == *"0 regressed, 0 improved, 0 unchanged"* ]]
}

@test "instructions: without valgrind on PATH the run fails saying so" {
    mkdir bin
    run env PATH="$PWD/bin" "$PACE" run --no-store --measure instructions --runs 1 -- "$HELPER work 1"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"needs valgrind, which is not on PATH"* ]]
}

@test "profile: names the hottest function of a C program and the path into it" {
    run "$PACE" run --no-store --profile --runs 2 -- "$HELPER work 50"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Profile (callgrind"*"functions and call paths over 10 %"* ]]
    [[ "$output" == *"main > pace_helper_work_unit"* ]]
    f=benchmarks/output/results.json
    [ "$(json_get $f 'd["results"][0]["profile"]["functions"][0]["name"]')" = pace_helper_work_unit ]
    [ "$(json_get $f 'd["results"][0]["profile"]["functions"][0]["share"] > 0.9')" = True ]
    [ "$(json_get $f 'd["results"][0]["profile"]["paths"][0]["path"].endswith("main > pace_helper_work_unit")')" = True ]
    grep -q "pace_helper_work_unit" benchmarks/output/report.html
}
