#!/usr/bin/env bats
# The analysis settings of pace run (--alpha, --threshold, --bootstrap,
# --seed and their config keys), comparisons of every pair of variants, and
# the geometric mean of speedups across tests.

load helpers

setup() { common_setup; }

# cmp FILE EXPR: EXPR over the comparison list `c` of results.json.
cmp() {
    json_get "$1" "[$2 for c in d['comparisons']]"
}

@test "pace stats --seed: same seed, same bootstrap interval; another seed, another" {
    printf '%s\n' 1.01 1.03 0.99 1.02 1.00 1.04 1.01 0.98 1.02 1.03 > a.txt
    printf '%s\n' 1.11 1.09 1.12 1.10 1.13 1.08 1.11 1.12 1.10 1.14 > b.txt
    run "$PACE" stats --seed 11 a.txt b.txt
    [ "$status" -eq 0 ]
    first=$output
    run "$PACE" stats --seed 11 a.txt b.txt
    [ "$output" = "$first" ]
    run "$PACE" stats --seed 12 a.txt b.txt
    [ "$status" -eq 0 ]
    [ "$output" != "$first" ]
}

@test "pace run: --seed and --bootstrap reach the bootstrap; alpha from PACE_ALPHA" {
    PACE_ALPHA=0.01 run "$PACE" run --runs 5 --seed 7 --bootstrap 300 -o out \
        -- "$HELPER sleep 0.002" "$HELPER sleep 0.004"
    [ "$status" -eq 0 ]
    [ "$(cmp out/results.json "(c['speedup_bootstrap']['seed'], c['speedup_bootstrap']['resamples'], c['alpha'], c['practical_threshold'])")" = "[(7, 300, 0.01, 0.02)]" ]
}

@test "pace run: --threshold decides whether a difference is meaningful" {
    # about 1.3-1.5x apart (spawn overhead included): significant, above
    # 10 %, below 90 %; 15 ms apart and 15 runs, so that a loaded machine's
    # noise does not blur it
    run "$PACE" run --runs 15 --threshold 10% -o low -- 'sleep 0.045' 'sleep 0.03'
    [ "$status" -eq 0 ]
    [ "$(cmp low/results.json "(c['significant'], c['meaningful'])")" = "[(True, True)]" ]
    run "$PACE" run --runs 15 --threshold 0.9 -o high -- 'sleep 0.045' 'sleep 0.03'
    [ "$status" -eq 0 ]
    [ "$(cmp high/results.json "(c['significant'], c['meaningful'], c['practical_threshold'])")" = "[(True, False, 0.9)]" ]
}

@test "pace run: bad analysis flags are usage errors" {
    run "$PACE" run --alpha 1.5 -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"option '--alpha' must be a number greater than 0 and less than 1, got '1.5'"* ]]
    run "$PACE" run --bootstrap 5 -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"option '--bootstrap' must be an integer from 100 to 10000000"* ]]
    PACE_SEED=x run "$PACE" run -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"environment variable PACE_SEED"* ]]
}

@test "pace run: three variants give every pair in results.json, the console the fastest vs others" {
    # 30 ms apart, so that the order survives a loaded machine
    run "$PACE" run --runs 6 --color never -o out -- 'sleep 0.07' 'sleep 0.01' 'sleep 0.04'
    [ "$status" -eq 0 ]
    [ "$(cmp out/results.json "(c['faster'], c['slower'])")" = "[('sleep 0.01', 'sleep 0.07'), ('sleep 0.01', 'sleep 0.04'), ('sleep 0.04', 'sleep 0.07')]" ]
    [ "$(echo "$output" | grep -c "times faster than")" -eq 2 ]
    [ "$(echo "$output" | grep -c "'sleep 0.01' ran")" -eq 1 ]
    [ "$(echo "$output" | grep -c "'sleep 0.04' ran")" -eq 0 ]
}

@test "pace run: geometric mean of speedups of variants compared in several tests" {
    cat > s.yaml <<YAML
suite: demo
variants: [old, new]
tests:
  - id: t1
    command:
      old: ["$HELPER", "sleep", "0.06"]
      new: ["$HELPER", "sleep", "0.02"]
  - id: t2
    command:
      old: ["$HELPER", "sleep", "0.09"]
      new: ["$HELPER", "sleep", "0.03"]
  - id: t3
    command:
      new: ["$HELPER", "sleep", "0.01"]
YAML
    run "$PACE" run --runs 5 --color never -o out s.yaml
    [ "$status" -eq 0 ]
    [[ "$output" == *"Geometric mean speedups across tests"* ]]
    [[ "$output" == *"'new' "*"× faster than 'old' over 2 tests  (95% CI "* ]]
    run json_get out/results.json "[(g['faster'], g['slower'], g['tests'], 1.5 < g['geomean'] < 4, g['ci_lo'] <= g['geomean'] <= g['ci_hi']) for g in d['summary']['geomean_speedups']]"
    [ "$output" = "[('new', 'old', 2, True, True)]" ]
}

@test "pace run: every metric described, quality, I/O efficiency and confidence in the files" {
    run "$PACE" run --runs 6 -o out -- "$HELPER io 10000" "$HELPER io 40000"
    echo "$output"
    [ "$status" -eq 0 ]
    r=out/results.json
    for m in wall user sys memory io; do
        [ "$(json_get $r "d['results'][0]['stats']['$m']['validSamples']")" = 6 ]
        [ "$(json_get $r "sorted(d['results'][0]['stats']['$m']['percentiles'])")" = "['p25', 'p50', 'p75', 'p90', 'p95', 'p99']" ]
    done
    # rchar + wchar: the second variant writes 30000 bytes more per run
    [ "$(json_get $r "(d['results'][1]['stats']['io']['mean'] - d['results'][0]['stats']['io']['mean']) >= 30000")" = True ]
    [ "$(json_get $r "d['results'][0]['quality']['success_rate']")" = 1.0 ]
    [ "$(json_get $r "d['results'][0]['stats']['wall']['trimmed']")" = None ]
    [ "$(cmp $r "0.5 <= c['winner_confidence'] <= 1")" = "[True]" ]
    [ "$(cmp $r "c['comparison_metrics']['confidence'] == c['winner_confidence']")" = "[True]" ]
    [ "$(cmp $r "c['io_efficiency'] > 0 and c['comparison_metrics']['ioEfficiency'] == c['io_efficiency']")" = "[True]" ]
    [ "$(cmp $r "c['winner'] == (c['faster'] if c['significant'] else None)")" = "[True]" ]
    # raw files carry the same objects per variant
    raw=$(ls out/raw/*.json)
    [ "$(json_get "$raw" "d['variants'][1]['stats']['io']['mean'] > 40000")" = True ]
    [[ "$output" == *"confidence 0."*"is faster; memory ratio "*"; I/O efficiency "* ]] ||
        [[ "$output" == *"confidence 1.000 that"* ]]
}

@test "pace run: outlierDetection adds trimmed figures (flag, env, file), never drops runs" {
    run "$PACE" run --runs 8 --outlier-detection -o out -- "$HELPER sleep 0.001"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Trimmed ("*" left out): "* ]]
    [ "$(json_get out/results.json "d['results'][0]['stats']['wall']['trimmed']['removed'] + d['results'][0]['stats']['wall']['trimmed']['sampleSize']")" = 8 ]
    [ "$(json_get out/results.json "d['results'][0]['stats']['wall']['validSamples']")" = 8 ]
    grep -q '^## Without Outliers (trimmed)' out/summary.md
    PACE_OUTLIER_DETECTION=true run "$PACE" run --runs 3 -o out2 -- "$HELPER sleep 0.001"
    [ "$(json_get out2/results.json "d['results'][0]['stats']['io']['trimmed'] is not None")" = True ]
    printf 'analysis:\n  outlierDetection: true\n' > pace.yaml
    run "$PACE" config show
    [[ "$output" == *"analysis.outlierDetection"*"true"* ]]
    printf 'analysis:\n  outlierDetection: maybe\n' > pace.yaml
    run "$PACE" run --runs 1 -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"outlierDetection"* ]]
}
