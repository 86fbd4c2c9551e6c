#!/usr/bin/env bats
# Issue 14's defects in what pace concludes: every verdict it prints must
# hold up in the files it writes (regressions and improvements printed
# after a run are the ones in results.json), no winner without
# significance, the practical threshold stated wherever a difference is
# shown.

load helpers

setup() { common_setup; }

nap_run() { # NAP [pace run options...]
    local nap=$1
    shift
    NAP=$nap "$PACE" run -r 5 -w 0 -n nap "$@" -- "$HELPER slow-env NAP"
}

@test "the regression and the improvement printed after a run are in results.json" {
    nap_run 0.01 -q >/dev/null
    run nap_run 0.05
    echo "$output"
    [[ "$output" == *"1 regressed, 0 improved"* ]]
    r=benchmarks/output/results.json
    [ "$(json_get $r 'len(d["historical"]["regressions"])')" -eq 1 ]
    [ "$(json_get $r 'len(d["historical"]["improvements"])')" -eq 0 ]
    [ "$(json_get $r 'd["historical"]["regressions"][0]["degradation"] > 100')" = True ]
    [ "$(json_get $r 'd["historical"]["regressions"][0]["threshold"]')" = 2.0 ]
    run nap_run 0.01
    echo "$output"
    [[ "$output" == *"0 regressed, 1 improved"* ]]
    [ "$(json_get $r 'len(d["historical"]["regressions"])')" -eq 0 ]
    [ "$(json_get $r 'len(d["historical"]["improvements"])')" -eq 1 ]
    [ "$(json_get $r 'd["historical"]["improvements"][0]["improvement"] > 50')" = True ]
    prev=$(sqlite3 benchmarks/pace.db 'SELECT id FROM runs ORDER BY started_unix_ms LIMIT 1 OFFSET 1')
    [ "$(json_get $r 'd["historical"]["improvements"][0]["comparedWith"]')" = "$prev" ]
    # pace report writes the same verdicts again.
    run "$PACE" report latest -o again
    [ "$status" -eq 0 ]
    [ "$(json_get again/results.json 'd["historical"]["improvements"]')" = "$(json_get $r 'd["historical"]["improvements"]')" ]
}
