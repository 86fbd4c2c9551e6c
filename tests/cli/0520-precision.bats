#!/usr/bin/env bats
# pace run --precision: adaptive stopping (issue 3), and which limit stopped it.

load helpers

setup() { common_setup; }

# rel_hw FILE: relative half-width of the wall-time mean's interval of the
# first result in results.json, (ci_hi - ci_lo) / 2 / mean.
rel_hw() {
    json_get "$1" '(d["results"][0]["ci_hi"] - d["results"][0]["ci_lo"]) / 2 / d["results"][0]["mean"]'
}

@test "precision: a steady command stops early, within the target" {
    run "$PACE" run --precision 5% --max-runs 200 -o out -- 'sleep 0.01'
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["stop_reason"]')" = precision ]
    runs=$(json_get out/results.json 'd["results"][0]["runs"]')
    [ "$runs" -ge 10 ] && [ "$runs" -lt 200 ]
    python3 -c 'import sys; assert float(sys.argv[1]) <= 0.05, sys.argv[1]' "$(rel_hw out/results.json)"
    [[ "$output" == *"stopped: precision "*"% ≤ 5% after $runs runs"* ]]
}

@test "precision: an unreachable target stops at --max-runs and says so" {
    run "$PACE" run --precision 0.01% --max-runs 15 -o out -- 'sleep 0.01'
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["stop_reason"]')" = max-runs ]
    [ "$(json_get out/results.json 'd["results"][0]["runs"]')" -eq 15 ]
    [[ "$output" == *"stopped: max-runs after 15 runs (precision "*"target 0.01%)"* ]]
}

@test "precision: --max-time caps the time spent on a test" {
    start=$(date +%s.%N)
    PACE_PRECISION=0.0001 run "$PACE" run --max-time 0.5 -o out -- 'sleep 0.01'
    end=$(date +%s.%N)
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["stop_reason"]')" = max-time ]
    runs=$(json_get out/results.json 'd["results"][0]["runs"]')
    [ "$runs" -ge 10 ]
    python3 -c 'import sys; assert float(sys.argv[2]) - float(sys.argv[1]) < 3' "$start" "$end"
    [[ "$output" == *"stopped: max-time after $runs runs"* ]]
}

@test "precision: variants run interleaved until every one is precise" {
    # 20 % and up to 400 rounds: reachable even when a loaded machine
    # makes single runs vary by 100 %
    run "$PACE" run --precision 20% --max-runs 400 -o out -- 'sleep 0.01' 'sleep 0.02'
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json '[r["stop_reason"] for r in d["results"]]')" = "['precision', 'precision']" ]
    [ "$(json_get out/results.json 'd["results"][0]["runs"] == d["results"][1]["runs"]')" = True ]
}

@test "precision: without it the reason is the run count, and no stop line" {
    run "$PACE" run --runs 3 -o out -- 'sleep 0.001'
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["stop_reason"]')" = runs ]
    [[ "$output" != *"stopped:"* ]]
    run "$PACE" run --min-runs 2 --min-time 0.01 -o out -- 'sleep 0.001'
    [ "$(json_get out/results.json 'd["results"][0]["stop_reason"]')" = min-time ]
}

@test "precision: a bad value is a usage error naming the option" {
    run "$PACE" run --precision 150% -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"'--precision' must be a number greater than 0 and less than 1, or 0"* ]]
}

@test "precision: --precision-estimator median judges the median's interval" {
    run "$PACE" run --precision 15% --precision-estimator median --max-runs 500 -o out -- 'sleep 0.01'
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["stop_reason"]')" = precision ]
    # the median's order-statistic interval is within 15 % of the median
    [ "$(json_get out/results.json '(lambda r: (r["confidenceIntervals"]["median"]["hi"] - r["confidenceIntervals"]["median"]["lo"]) / 2 / r["median"] <= 0.15)(d["results"][0]["stats"]["wall"])')" = True ]
    # the console's figure is the median's too
    rel=$(echo "$output" | sed -n 's/.*stopped: precision \([0-9.e+-]*\)% ≤ 15%.*/\1/p')
    python3 -c 'import sys; assert float(sys.argv[1]) <= 15, sys.argv[1]' "$rel"
    PACE_PRECISION_ESTIMATOR=median run "$PACE" config show
    [[ "$output" == *"execution.precisionEstimator"*"median"* ]]
    run "$PACE" run --precision 5% --precision-estimator mode -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"--precision-estimator"*"mean, median"* ]]
}

@test "precision: --binary targets run process after process until precise, or the cap" {
    BHELPER="$(dirname "$HELPER")/pace-bench-helper"
    run "$PACE" run --precision 50% -f ok -o out --binary "$BHELPER"
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["stop_reason"]')" = precision ]
    run "$PACE" run --precision 0.001% --max-runs 45 -f ok -o out --binary "$BHELPER"
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["stop_reason"]')" = max-runs ]
    # whole processes: at least the cap, less than one process more
    [ "$(json_get out/results.json 'd["results"][0]["runs"] >= 45')" = True ]
    [[ "$output" == *"stopped: max-runs"* ]]
}
