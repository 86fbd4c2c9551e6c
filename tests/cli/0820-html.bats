#!/usr/bin/env bats
# Reports (issue 5): report.html rendered by headless Chromium (no console
# message, every chart drawn, no network request, an injected script shown
# as text and never run), results.json against docs/results.schema.json,
# the CSV files, summary.md's sections, the archive of latest.*, and
# `pace show`.  tests/html_check.py explains how requests are detected.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."
CHECK="$ROOT/tests/html_check.py"
SCHEMA="$ROOT/docs/results.schema.json"

setup() { common_setup; }

run_report() {
    # exit 1: the 'inject' test fails on purpose
    run "$PACE" run --runs 6 -q -o "${1:-out}" "$FIXTURES/report.yaml"
    [ "$status" -eq 1 ]
}

@test "a control page's console message and requests are detected" {
    # Without this, a Chromium whose logs changed shape would let the
    # report test below pass without checking anything.
    cat > control.html <<'HTML'
<!DOCTYPE html><html><body><img src="http://pace-control.invalid/x.png">
<script>console.error("control-error")</script></body></html>
HTML
    python3 "$CHECK" load control.html w > load.json
    json_get load.json 'd["console"]' | grep -q control-error
    [ "$(json_get load.json 'd["requests"]')" = "['http://pace-control.invalid/x.png']" ]
}

@test "report.html renders with no console message, every chart, no request" {
    run_report
    [ -s out/report.html ]
    cmp out/report.html out/latest.html
    # nothing in the page could load from a network
    ! grep -Eiq '(src|href)="(https?:)?//' out/report.html
    ! grep -Eiq 'url\((https?:)?//' out/report.html
    grep -q "default-src 'none'" out/report.html
    python3 "$CHECK" csp out/report.html
    python3 "$CHECK" load out/report.html w > load.json
    cat load.json
    [ "$(json_get load.json 'd["console"]')" = "[]" ]
    [ "$(json_get load.json 'd["requests"]')" = "[]" ]
    [ "$(json_get load.json 'd["dom_bytes"] > 10000')" = True ]
    run python3 "$CHECK" charts w/dom.html
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"tests: 3"* ]]
    # scalability is drawn (the suite has sizes); history comes from the
    # store (this run's own point at least), so its chart has figures
    grep -q 'Scalability: time by repository size' w/dom.html
    [[ "$output" == *"'chart-history': ["[1-9]* ]]
    ! grep -q 'no history yet' w/dom.html
    for s in summary comparison charts findings recommendations details environment; do
        grep -q "<section id=\"$s\">" w/dom.html
    done
}

@test "a script in a test name and in its output is shown as text, never run" {
    run_report
    python3 "$CHECK" load out/report.html w > load.json
    [ "$(json_get load.json 'd["console"]')" = "[]" ]
    # the DOM after scripts ran: one <script> (pace's own), the text escaped
    [ "$(grep -o '<script' w/dom.html | wc -l)" -eq 1 ]
    ! grep -q '<script>alert(1)</script>' w/dom.html
    grep -q '<h3>inject — &lt;script&gt;alert(1)&lt;/script&gt;</h3>' w/dom.html
    grep -q '<pre class="output">&lt;script&gt;alert(1)&lt;/script&gt;' w/dom.html
    # and the same in the file itself
    [ "$(grep -o '<script' out/report.html | wc -l)" -eq 1 ]
}

@test "clicking a column heading sorts the table (pace's own script runs)" {
    run_report
    python3 "$CHECK" sort out/report.html w > sort.txt
    cat sort.txt
    [ "$(wc -l < sort.txt)" -eq 3 ]
    python3 - <<'PY'
lines = [l.split() for l in open("sort.txt")]
num = lambda row: [float(x) for x in row if x != "nan"]
asc, desc = num(lines[1]), num(lines[2])
assert len(asc) == 4 and asc == sorted(asc), asc
assert desc == sorted(desc, reverse=True), desc
PY
}

@test "tests/screenshot.sh writes a PNG of the report" {
    run_report
    run "$ROOT/tests/screenshot.sh" out/report.html shot.png
    [ "$status" -eq 0 ]
    [ "$(head -c 8 shot.png | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ]
    [ "$(stat -c %s shot.png)" -gt 20000 ]
}

@test "results.json and latest.json validate against docs/results.schema.json" {
    run_report
    python3 "$ROOT/tests/validate_schema.py" "$SCHEMA" out/results.json out/latest.json
    cmp out/results.json out/latest.json
    [ "$(json_get out/results.json 'd["summary"]["totalTests"]')" = 3 ]
    [ "$(json_get out/results.json 'd["summary"]["failedTests"]')" = 1 ]
    # an overall winner only when the geometric-mean speedup's interval
    # excludes 1 (issue 14); with two operations it seldom does
    [ "$(json_get out/results.json '(d["summary"]["overallWinner"] == "fast") == (d["summary"]["avgSpeedupCi"][0] > 1) and d["summary"]["overallWinner"] in ("fast", None)')" = True ]
    # the fixtures' sizes, not the words of the ids ("status-large" runs
    # on the medium fixture; issue 14)
    [ "$(json_get out/results.json '[s["size"] for s in d["comparison"]["byRepoSize"]]')" = "['small', 'medium']" ]
    [ "$(json_get out/results.json 'd["recommendations"]["critical"][0]["title"]')" = "Fix the failing tests" ]
    [ "$(json_get out/results.json 'd["appendices"]["reproducibility"]["seed"]')" = 1 ]
    # the validator does reject a file that breaks the schema
    python3 -c 'import json; d=json.load(open("out/results.json")); del d["summary"]["totalTests"]; d["metadata"]["reportId"]=5; json.dump(d, open("bad.json","w"))'
    run python3 "$ROOT/tests/validate_schema.py" "$SCHEMA" bad.json
    [ "$status" -eq 1 ]
    [[ "$output" == *"'totalTests' is a required property"* ]]
    [[ "$output" == *"metadata/reportId: 5 is not of type 'string'"* ]]
}

@test "results.csv has seed 001's columns; results-wide.csv every metric" {
    run_report
    [ "$(head -1 out/results.csv)" = "test_id,run_id,timestamp,vcs_type,operation,execution_time_ms,memory_peak_mb,success" ]
    head -1 out/results-wide.csv | grep -q '^test_id,run_id,timestamp,variant,sample,success,fail,wall_ns,iterations,user_ns,sys_ns,max_rss_bytes,'
    # one row per sample in both
    [ "$(wc -l < out/results.csv)" -eq "$(wc -l < out/results-wide.csv)" ]
    python3 -c 'import csv,sys; r=list(csv.DictReader(open("out/results-wide.csv"))); assert all(x["wall_ns"].isdigit() for x in r if x["success"]=="true"), r; assert any(x["fail"]=="exit-code" for x in r)'
}

@test "summary.md follows seed 001's template" {
    run_report
    cmp out/summary.md out/latest.md
    for h in '^# Benchmark Report: ' '^## Executive Summary' '^- \*\*Total Tests\*\*: 3' \
             '^- \*\*Success Rate\*\*: 66.7%' '^- \*\*Overall Winner\*\*: \(fast\|n/a\)' \
             '^## Performance Comparison' '^| Operation | fast (ms) | slow (ms)' \
             '^### By Repository Size' '^## Key Findings' '^## Recommendations' \
             '^### Critical' '^## Detailed Results' '^## Environment and Reproducibility' \
             '^- \*\*Seed\*\*: 1' '^- \*\*Command\*\*: `pace run '; do
        grep -q "$h" out/summary.md || { echo "missing: $h"; false; }
    done
}

@test "the previous latest.* move to archive/<run-id>/, zstd-compressed" {
    run_report
    first=$(json_get out/latest.json 'd["run_id"]')
    cp out/latest.json first.json
    sleep 1.1 # run ids have a seconds part
    run_report
    second=$(json_get out/latest.json 'd["run_id"]')
    [ "$first" != "$second" ]
    for f in results.json summary.md report.html; do
        [ -s "out/archive/$first/$f.zst" ]
    done
    zstd -dq "out/archive/$first/results.json.zst" -o restored.json
    cmp first.json restored.json
    # without compression the files move as they are
    sleep 1.1
    PACE_COMPRESSION=false run_report
    [ -s "out/archive/$second/results.json" ]
    [ "$(json_get "out/archive/$second/results.json" 'd["run_id"]')" = "$second" ]
}

@test "pace show prints a histogram per variant and the summary" {
    run_report
    run "$PACE" show status-large -o out
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "status-large  run "* ]]
    [[ "$output" == *"fast: sleep 0.005"* ]]
    [[ "$output" == *"slow: sleep 0.03"* ]]
    [[ "$output" == *"Time (mean ± σ):"* ]]
    [[ "$output" == *"█"* ]]
    [ "$(echo "$output" | grep -c ' – ')" -eq 20 ] # 10 bins x 2 variants
    run "$PACE" show --bins 4 status-large -o out
    [ "$(echo "$output" | grep -c ' – ')" -eq 8 ]
    run "$PACE" show inject -o out
    [ "$status" -eq 0 ]
    [[ "$output" == *"(no successful runs)"* ]]
    run "$PACE" show no-such-test -o out
    [ "$status" -eq 2 ]
    [[ "$output" == *"cannot read 'out/raw/no-such-test.json'"* ]]
    run "$PACE" show
    [ "$status" -eq 2 ]
}
