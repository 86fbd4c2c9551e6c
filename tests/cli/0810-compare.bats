#!/usr/bin/env bats
# Comparing stored runs (issue 4, acceptance 2): pace compare says
# regressed (with a p-value) when the second run of a suite is slower and
# --fail-on-regression exits 1; unchanged (exit 0) when nothing changed.
# Also baselines from pace run, the patterns each run stores, and trends.
# The slow run sleeps several times as long as the fast one, so a loaded
# machine cannot hide the difference; "no change" uses a wide practical
# threshold, so its noise stays "unchanged".

load helpers

setup() {
    common_setup
    cat > nap.yaml <<YAML
suite: naps
tests:
  - id: nap
    runs: 15
    command: ["$HELPER", "slow-env", "NAP"]
YAML
}

nap_run() { # SECONDS [pace run options...]
    local s=$1; shift
    NAP=$s run "$PACE" run -q "$@" nap.yaml
}

@test "compare: a slower second run is regressed with a p-value; --fail-on-regression exits 1" {
    nap_run 0.02
    [ "$status" -eq 0 ]
    nap_run 0.08
    [ "$status" -eq 0 ]
    run "$PACE" compare previous latest
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"nap default"*"regressed (severe)"* ]]
    [[ "$output" == *"p=0"* || "$output" == *"p=1e-"* || "$output" == *"e-"* ]]
    [[ "$output" == *"1 regressed, 0 improved, 0 unchanged"* ]]
    run "$PACE" compare --fail-on-regression previous latest
    [ "$status" -eq 1 ]
    run "$PACE" compare --json previous latest
    [ "$status" -eq 0 ]
    echo "$output" > cmp.json
    [ "$(json_get cmp.json 'd["changes"][0]["verdict"]')" = regressed ]
    [ "$(json_get cmp.json 'd["changes"][0]["p_value"] < 0.05')" = True ]
    [ "$(json_get cmp.json 'd["changes"][0]["change"] > 0.5')" = True ]
    [ "$(json_get cmp.json 'd["counts"]["regressed"]')" = 1 ]
    # the other way round it is an improvement, and not a failure
    run "$PACE" compare --fail-on-regression latest previous
    [ "$status" -eq 0 ]
    [[ "$output" == *"improved (severe)"* ]]
}

@test "compare: two runs with no change are unchanged and exit 0" {
    nap_run 0.05
    nap_run 0.05
    run "$PACE" compare --fail-on-regression --threshold 50% previous latest
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"unchanged"* ]]
    [[ "$output" == *"0 regressed, 0 improved, 1 unchanged"* ]]
    # a run against itself: no change at all
    run "$PACE" compare --json latest latest
    echo "$output" > self.json
    [ "$(json_get self.json 'd["changes"][0]["change"]')" = 0.0 ]
    [ "$(json_get self.json 'd["changes"][0]["verdict"]')" = unchanged ]
}

@test "compare: when every test moved alike, it says the whole run shifted (and not with one test)" {
    for i in 1 2 3 4 5 6 7 8 9; do
        printf '  - id: nap%s\n    runs: 5\n    command: ["%s", "slow-env", "NAP"]\n' "$i" "$HELPER"
    done > tests.yaml
    { echo "suite: naps9"; echo "tests:"; cat tests.yaml; } > nine.yaml
    NAP=0.01 run "$PACE" run -q nine.yaml
    [ "$status" -eq 0 ]
    NAP=0.08 run "$PACE" run -q nine.yaml
    [ "$status" -eq 0 ]
    run "$PACE" compare previous latest
    echo "$output"
    [[ "$output" == *"All results moved together: median change +"*" over 9 ("*" slower, "*" faster)"* ]]
    run "$PACE" compare --json previous latest
    echo "$output" > shift.json
    [ "$(json_get shift.json 'd["shift"]["notable"]')" = True ]
    [ "$(json_get shift.json 'd["shift"]["results"]')" = 9 ]
    [ "$(json_get shift.json 'd["shift"]["median"] > 0.5')" = True ]
    # one test slower is a change, not a shift of the run
    nap_run 0.02
    nap_run 0.08
    run "$PACE" compare previous latest
    [[ "$output" == *"1 regressed"* ]]
    [[ "$output" != *"moved together"* ]]
}

@test "compare: tests in only one run are added / removed; bad references exit 2" {
    nap_run 0.01
    run "$PACE" run -q -r 3 -- "$HELPER sleep 0.001"
    run "$PACE" compare previous latest
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"removed"* && "$output" == *"added"* ]]
    run "$PACE" compare previous no-such-run
    [ "$status" -eq 2 ]
    [[ "$output" == *"no-such-run"* ]]
    run "$PACE" compare latest
    [ "$status" -eq 2 ]
}

@test "run --save-baseline, then --baseline NAME --fail-on-regression exits 1 and says what changed" {
    nap_run 0.02 --save-baseline main
    [ "$status" -eq 0 ]
    run "$PACE" run --no-summary --baseline main nap.yaml
    NAP=0.08 run "$PACE" run --no-summary --baseline main --fail-on-regression nap.yaml
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"Compared with main"* ]]
    [[ "$output" == *"regressed"* ]]
    # the baseline still names the first run
    run "$PACE" compare main latest
    [[ "$output" == *"regressed"* ]]
    # without --baseline, a regression since the previous run is printed too
    NAP=0.3 run "$PACE" run --no-summary -r 8 nap.yaml
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"regressed"* ]]
    run "$PACE" run --no-store --baseline main nap.yaml
    [ "$status" -eq 2 ]
}

@test "patterns search: one pattern per run with reward, critique, statistics and insights" {
    nap_run 0.01
    nap_run 0.05
    cat > bad.yaml <<YAML
suite: bad
tests:
  - id: fails
    runs: 3
    command: ["$HELPER", "exit", "3"]
YAML
    run "$PACE" run -q bad.yaml
    [ "$status" -eq 1 ]
    run "$PACE" patterns search --task nap-default-benchmark
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"first run of this task"* ]]
    [[ "$output" == *"slower than the task's best"* ]]
    [[ "$output" == *"Statistics: 2 patterns"*"success rate 100%"* ]]
    [[ "$output" == *"Insights: best 1.000"* ]]
    run "$PACE" patterns search --task 'nap-*' --json
    echo "$output" > p.json
    [ "$(json_get p.json 'd["statistics"]["totalFound"]')" = 2 ]
    [ "$(json_get p.json 'abs(d["patterns"][0]["reward"] - 1) < 1e-9')" = True ]
    [ "$(json_get p.json 'd["patterns"][1]["reward"] < 1')" = True ]
    [ "$(json_get p.json 'd["patterns"][1]["input"]["operation"]')" = nap ]
    [ "$(json_get p.json 'abs(d["insights"]["bestPerforming"]["reward"] - 1) < 1e-9')" = True ]
    run "$PACE" patterns search --only-failures --json
    echo "$output" > f.json
    [ "$(json_get f.json 'd["statistics"]["totalFound"]')" = 1 ]
    [ "$(json_get f.json 'd["patterns"][0]["task"]')" = fails-default-benchmark ]
    [[ "$(json_get f.json 'd["patterns"][0]["critique"]')" == *"of 1 samples failed"* ]]
    [ "$(json_get f.json 'd["patterns"][0]["reward"]')" = 0.0 ]
    run "$PACE" patterns search --task 'nap-*' --min-reward 1.5
    [[ "$output" == *"no patterns match"* ]]
    run "$PACE" patterns search --task 'nap-*' -k 1 --json
    echo "$output" > k.json
    [ "$(json_get k.json 'd["statistics"]["totalFound"]')" = 1 ]
    run "$PACE" patterns
    [ "$status" -eq 2 ]
}

@test "trends: a least-squares line per test and the daily rows" {
    nap_run 0.01
    nap_run 0.04
    nap_run 0.12
    run "$PACE" trends --test nap --json
    echo "$output"
    [ "$status" -eq 0 ]
    echo "$output" > t.json
    [ "$(json_get t.json 'd[0]["runs"]')" = 3 ]
    [ "$(json_get t.json 'd[0]["slope_s_per_run"] > 0')" = True ]
    [ "$(json_get t.json 'd[0]["forecast"]["value_s"] > 0.1')" = True ]
    run "$PACE" trends
    [[ "$output" == *"nap"*"default"* ]]
    run "$PACE" trends --daily --json
    echo "$output" > d.json
    [ "$(json_get d.json 'd[0]["sample_count"]')" = 45 ]
    [ "$(json_get d.json 'd[0]["date"]')" = "$(date -u +%F)" ]
    run "$PACE" trends --test no-such-test
    [ "$status" -eq 2 ]
    [[ "$output" == *"no stored test 'no-such-test'"* ]]
}
