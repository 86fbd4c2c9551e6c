#!/usr/bin/env bats
# pace serve (issue 17): /metrics checked by promtool and scraped by a real
# Prometheus that answers a PromQL query; pace run --push reaching a real
# Pushgateway; the JSON API against docs/serve.schema.json; hostile
# requests answered 4xx; the token rule.  Every server runs on a free
# loopback port under the test's own directory and is stopped at teardown.

load helpers
load serve


get() { /usr/bin/python3 "$SERVE_CHECK" get "$@"; }

@test "/metrics: promtool accepts it, and its figures are the stored run's" {
    start_serve
    get "$SERVE_URL/metrics" > empty.txt
    [ "$(head -1 empty.txt)" = 200 ]
    tail -n +2 empty.txt | promtool check metrics
    grep -q '^pace_runs{status="complete"} 0$' empty.txt
    ! grep -q pace_benchmark_ empty.txt
    one_run
    get "$SERVE_URL/metrics" > m.txt
    [ "$(head -1 m.txt)" = 200 ]
    tail -n +2 m.txt > metrics.txt
    promtool check metrics < metrics.txt
    grep -q '^pace_runs{status="complete"} 1$' metrics.txt
    grep -q '^# TYPE pace_benchmark_latency_seconds histogram$' metrics.txt
    # 4 counted samples of each of the 4 results, all under +Inf
    [ "$(grep -c '^pace_benchmark_latency_seconds_count{.*} 4$' metrics.txt)" -eq 4 ]
    grep -q '^pace_benchmark_latency_seconds_bucket{suite="serve-demo",test="nap",variant="quick",le="+Inf"} 4$' metrics.txt
    # the 2 ms sleeps are not in the 1 ms bucket, the 40 ms ones not under 25 ms
    grep -q '^pace_benchmark_latency_seconds_bucket{suite="serve-demo",test="nap",variant="quick",le="0.001"} 0$' metrics.txt
    grep -q '^pace_benchmark_latency_seconds_bucket{suite="serve-demo",test="doze",variant="slow",le="0.025"} 0$' metrics.txt
    # the mean gauge is the mean pace history shows for the run
    "$PACE" history --json --test nap --variant slow > h.json
    mean=$(sed -n 's/^pace_benchmark_mean_seconds{suite="serve-demo",test="nap",variant="slow"} //p' metrics.txt)
    [ -n "$mean" ]
    python3 -c "import json; m=json.load(open('h.json'))['history'][-1]['mean']; assert abs(m - $mean) <= 1e-12, (m, $mean)"
    for f in mean_seconds median_seconds ci_lower_seconds ci_upper_seconds throughput samples failed_samples regressed; do
        [ "$(grep -c "^pace_benchmark_$f{" metrics.txt)" -eq 4 ]
    done
    grep -q '^pace_latest_run_results 4$' metrics.txt
    grep -q '^pace_latest_run_failed_results 0$' metrics.txt
    grep -q '^pace_latest_run_regressions 0$' metrics.txt
}

@test "a real Prometheus scrapes pace serve and answers a PromQL query about a benchmark" {
    one_run
    start_serve
    pport=$(free_port)
    cat > prometheus.yml <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: pace
    scrape_interval: 1s
    static_configs:
      - targets: ['${SERVE_URL#http://}']
YML
    bg prometheus --config.file prometheus.yml --storage.tsdb.path "$BATS_TEST_TMPDIR/tsdb" \
        --web.listen-address "127.0.0.1:$pport" > prom.log 2>&1
    q='pace_benchmark_mean_seconds{job="pace",test="doze",variant="slow"}'
    query() {
        curl -sf "http://127.0.0.1:$pport/api/v1/query" --data-urlencode "query=$q" > q.json &&
            [ "$(json_get q.json 'len(d["data"]["result"])')" = 1 ]
    }
    wait_for 90 query || { tail -20 prom.log; cat q.json; false; }
    cat q.json
    got=$(json_get q.json 'd["data"]["result"][0]["value"][1]')
    want=$(curl -sf "$SERVE_URL/metrics" | sed -n 's/^pace_benchmark_mean_seconds{suite="serve-demo",test="doze",variant="slow"} //p')
    python3 -c "assert abs(float('$got') - float('$want')) <= 1e-12 * float('$want'), ('$got', '$want')"
    # a 40 ms sleep: the scraped mean is no smaller
    python3 -c "assert float('$got') >= 0.04"
    # the histogram is usable in PromQL: the median from the buckets
    q='histogram_quantile(0.5, pace_benchmark_latency_seconds_bucket{job="pace",test="nap",variant="quick"})'
    wait_for 30 query
    json_get q.json 'd["data"]["result"][0]["value"][1]' > p50.txt
    python3 -c "v=float(open('p50.txt').read()); assert 0.001 <= v <= 0.01, v"
    # the scrape target is up and pace serve logged Prometheus' GET /metrics
    grep -q 'GET /metrics 200' serve.err
}

@test "pace run --push reaches a real Pushgateway" {
    gport=$(free_port)
    bg prometheus-pushgateway --web.listen-address "127.0.0.1:$gport" > gw.log 2>&1
    wait_for 30 curl -sf "http://127.0.0.1:$gport/metrics" || { cat gw.log; false; }
    run "$PACE" run --runs 3 --warmup 0 -o out --push "http://127.0.0.1:$gport" "$FIXTURES/serve.yaml"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"pushed to http://127.0.0.1:$gport"* ]]
    id=$(sed -n 's/^Run \([^ ]*\) stored in .*/\1/p' <<< "$output")
    [ -n "$id" ]
    curl -sf "http://127.0.0.1:$gport/metrics" > gw.txt
    grep -E "^pace_benchmark_mean_seconds\{.*run_id=\"$id\".*test=\"nap\".*variant=\"quick\"" gw.txt
    grep -E "^pace_benchmark_latency_seconds_count\{.*run_id=\"$id\".*test=\"doze\".*variant=\"slow\".*\} 3$" gw.txt
    # a gateway that is not there is an error, not silence
    dead=$(free_port)
    run "$PACE" run --runs 2 --warmup 0 -q -o out2 --push "http://127.0.0.1:$dead" "$FIXTURES/serve.yaml"
    [ "$status" -eq 3 ]
    [[ "$output" == *"cannot push to 'http://127.0.0.1:$dead'"* ]]
    run "$PACE" run --runs 2 -q --push "https://x.invalid" --no-store "$FIXTURES/serve.yaml"
    [ "$status" -eq 2 ]
}
