#!/usr/bin/env bats
# The time-series sampler (issue 13, acceptance 2): each result keeps the
# series of its last measured run, sampled every 10 ms for short runs (a
# hundredth of the previous run, up to 1 s; --sample-interval sets it),
# with seed 000's aggregations, in results.json and drawn in report.html
# (memory and CPU over time).

load helpers

setup() { common_setup; }

@test "timeseries: a command holding 40 MiB shows it over time, in JSON and report.html" {
    run "$PACE" run --no-store --runs 2 -- "$HELPER hold 40"
    echo "$output"
    [ "$status" -eq 0 ]
    f=benchmarks/output/results.json
    [ "$(json_get $f 'd["results"][0]["timeseries"]["interval_ms"]')" = 10.0 ]
    [ "$(json_get $f 'd["results"][0]["timeseries"]["points"] >= 5')" = True ]
    [ "$(json_get $f 'd["results"][0]["timeseries"]["aggregations"]["rss_bytes"]["max"] >= 40 * 2**20')" = True ]
    [ "$(json_get $f 'd["results"][0]["timeseries"]["aggregations"]["rss_bytes"]["p95"] <= d["results"][0]["timeseries"]["aggregations"]["rss_bytes"]["max"]')" = True ]
    [ "$(json_get $f 'len(d["results"][0]["timeseries"]["cpu_percent"]) == d["results"][0]["timeseries"]["points"]')" = True ]
    grep -q "memory over time" benchmarks/output/report.html
    grep -q "CPU over time" benchmarks/output/report.html
}

@test "timeseries: a busy command's CPU shows; --sample-interval and --no-sampler" {
    run "$PACE" run --no-store --runs 1 --sample-interval 50ms -- "$HELPER busy 300"
    [ "$status" -eq 0 ]
    f=benchmarks/output/results.json
    [ "$(json_get $f 'd["results"][0]["timeseries"]["interval_ms"]')" = 50.0 ]
    [ "$(json_get $f 'd["results"][0]["timeseries"]["aggregations"]["cpu_percent"]["max"] > 0')" = True ]
    [ "$(json_get $f 'd["results"][0]["timeseries"]["aggregations"]["cpu_percent"]["max"] <= 110 * 2')" = True ]
    run "$PACE" run --no-store --runs 1 --no-sampler -- "$HELPER busy 10"
    [ "$status" -eq 0 ]
    [ "$(json_get $f '"timeseries" in d["results"][0]')" = False ]
}

@test "timeseries: the interval follows the length of the run before" {
    # the kept series is the last run's: its interval is a hundredth of
    # the first run's 1.5 s and more
    run "$PACE" run --no-store --runs 2 -- "$HELPER sleep 1.5"
    [ "$status" -eq 0 ]
    f=benchmarks/output/results.json
    [ "$(json_get $f '15.0 <= d["results"][0]["timeseries"]["interval_ms"] <= 1000')" = True ]
}
