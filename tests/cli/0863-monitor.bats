#!/usr/bin/env bats
# A running run seen from other processes (issue 17): the recorder's
# batches and progress (tests done of planned, ETA) are in the store while
# it runs, so pace monitor in another process follows it to its end, and
# pace serve's event stream sends its progress and results as they come.

load helpers
load serve


running_now() { "$PACE" history | grep -q running; }

# a run of at least 30 x 66 ms of sleeps, in the background
long_run() {
    bg "$PACE" run --runs 30 --warmup 0 -q -o out "$FIXTURES/serve.yaml"
    wait_for 60 running_now
}

@test "pace monitor follows a run from another process to its end" {
    long_run
    run "$PACE" monitor --interval 0.2
    echo "$output"
    [ "$status" -eq 0 ]
    # seen while running, with tests left, and at the end complete
    [[ "$output" == *"running  on "* ]]
    grep -Eq '^Tests: [01] done, [12] left of 2' <<< "$output"
    last=$(awk '/^Run /{b=""} {b=b $0 "\n"} END {printf "%s", b}' <<< "$output")
    grep -q '  complete  on ' <<< "$last"
    grep -q '^Tests: 2 done, 0 left of 2$' <<< "$last"
    [ "$(grep -Ec '^  serve-demo/(nap|doze) +(quick|slow) +30 +0 ' <<< "$last")" -eq 4 ]
    # the slow doze's mean is a 40 ms sleep's
    grep -Eq '^  serve-demo/doze +slow +30 +0 +(4[0-9]|[5-9][0-9])\.[0-9]+ ms$' <<< "$last"
    # a finished run: shown once
    run "$PACE" monitor --once
    [ "$status" -eq 0 ]
    [ "$(grep -c '^Run ' <<< "$output")" -eq 1 ]
}

@test "pace monitor: unknown run, empty history and bad interval are usage errors" {
    run "$PACE" monitor
    [ "$status" -eq 2 ]
    [[ "$output" == *"has no run yet"* ]]
    "$PACE" run --runs 2 --warmup 0 -q -o out "$FIXTURES/serve.yaml"
    run "$PACE" monitor nosuchrun
    [ "$status" -eq 2 ]
    run "$PACE" monitor --interval 0 latest
    [ "$status" -eq 2 ]
    run "$PACE" monitor --once latest
    [ "$status" -eq 0 ]
    [[ "$output" == *"Tests: 2 done, 0 left of 2"* ]]
}

@test "the event stream sends a running run's progress and results as the store gets them" {
    start_serve
    bg /usr/bin/python3 "$SERVE_CHECK" events "$SERVE_URL/api/events" 60 events.jsonl
    wait_for 20 test -e events.jsonl
    "$PACE" run --runs 30 --warmup 0 -q -o out "$FIXTURES/serve.yaml"
    id=$("$PACE" history | awk 'NR == 2 {print $1}')
    wait_for 20 grep -q '\\"status\\":\\"complete\\"' events.jsonl || { cat events.jsonl; false; }
    python3 - "$id" <<'PY'
import json, sys
run_id = sys.argv[1]
evs = [json.loads(l) for l in open("events.jsonl")]
views = [json.loads(e["data"]) for e in evs if e["event"] == "run"]
mine = [v for v in views if v["run"]["id"] == run_id]
running = [v for v in mine if v["run"]["status"] == "running"]
assert running, [v["run"]["status"] for v in views]
# progress while running: done < planned = 2, results growing
assert all(v["progress"]["testsPlanned"] == 2 for v in running), running
assert any(v["progress"]["testsDone"] < 2 for v in running)
counts = [sum(r["samples"] for r in v["results"]) for v in mine]
assert counts == sorted(counts) and counts[0] < 120 and counts[-1] == 120, counts
assert mine[-1]["run"]["status"] == "complete"
for i, v in enumerate(mine):
    json.dump(v, open("view%d.json" % i, "w"))
print(len(mine), "views of the run")
PY
    for f in view*.json; do /usr/bin/python3 "$SERVE_CHECK" validate "$SCHEMA" progress "$f"; done
}
