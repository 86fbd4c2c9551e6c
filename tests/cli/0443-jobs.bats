#!/usr/bin/env bats
# pace run --jobs N (issue 15): independent tests run at once, longest
# expected first (LPT), dependencies and resource classes respected, and
# the store and the output directory hold every result once.  Sleeps,
# not CPU work, so that a loaded machine does not change the schedule.

load helpers

setup() { common_setup; }

# Seven short sleeps (4.2 s in all) and one of 4.2 s, declared last: the
# LPT optimum on 2 jobs is 4.2 s (the long one alone, the short ones on
# the other job); plan order would put the long one last (about 6.3 s).
write_suite() {
    printf 'suite: jobs\ntests:\n' > j.yaml
    i=0
    for d in 0.5 0.55 0.6 0.65 0.7 0.75 0.45 4.2; do
        i=$((i + 1))
        printf '  - id: s%s\n    runs: 1\n    estimatedDuration: %ss\n    command: ["%s", "sleep", "%s"]\n' \
            "$i" "$d" "$HELPER" "$d" >> j.yaml
    done
}

# The measuring time of results.json's run (started .. ended), seconds.
run_seconds() {
    python3 -c '
import json, sys, datetime
d = json.load(open(sys.argv[1]))
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
print((t(d["ended"]) - t(d["started"])).total_seconds())' "$1"
}

@test "8 sleeps of known unequal durations with --jobs 2 finish within 1.15 x of the LPT optimum" {
    write_suite
    run "$PACE" run --store s.db --output out --jobs 2 j.yaml
    [ "$status" -eq 0 ]
    secs=$(run_seconds out/results.json)
    echo "measured ${secs}s, LPT optimum 4.2s"
    python3 -c "import sys; sys.exit(0 if float('$secs') <= 1.15 * 4.2 else 1)"
    # every test once, in the store and in results.json
    [ "$(json_get out/results.json "sorted(r['test_id'] for r in d['results'])")" = \
      "['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']" ]
    [ "$(sqlite3 s.db "SELECT count(*), sum(n), sum(nsamples) FROM results")" = "8|8|8" ]
    [ "$(sqlite3 s.db "SELECT count(*) FROM samples")" = 8 ]
    # the long one started first (longest first), not last as declared
    [ "$(json_get out/results.json "d['results'][0]['test_id']")" = s8 ]
    [ -f out/raw/s8.json ] && [ -f out/raw/s1.json ]
}

@test "--jobs: exclusive tests run alone, dependents wait for their dependency" {
    cat > e.yaml <<YAML
suite: excl
tests:
  - {id: a, runs: 2, command: ["$HELPER", "sleep", "0.3"]}
  - {id: b, runs: 2, command: ["$HELPER", "sleep", "0.3"]}
  - {id: alone, runs: 2, resources: exclusive, command: ["$HELPER", "sleep", "0.3"]}
  - {id: c, runs: 2, command: ["$HELPER", "sleep", "0.3"]}
  - {id: after, runs: 1, dependsOn: [a, c], command: ["$HELPER", "sleep", "0.1"]}
  - {id: d, runs: 2, resources: disk, command: ["$HELPER", "sleep", "0.3"]}
  - {id: e, runs: 2, resources: disk, command: ["$HELPER", "sleep", "0.3"]}
YAML
    run "$PACE" run --store s.db --output out --jobs 3 e.yaml
    [ "$status" -eq 0 ]
    # each test's span from its samples in the store
    python3 - <<'PY'
import sqlite3
db = sqlite3.connect("s.db")
span = {}
for test, start, wall in db.execute(
        "SELECT t.test_id, x.started_unix_ms, x.wall_ns FROM samples x"
        " JOIN results r ON r.id = x.result JOIN tests t ON t.id = r.test"):
    lo, hi = span.get(test, (1e18, 0))
    span[test] = (min(lo, start), max(hi, start + wall / 1e6))
assert len(span) == 7, span
overlap = lambda p, q: span[p][0] < span[q][1] and span[q][0] < span[p][1]
for other in "a b c d e after".split():
    assert not overlap("alone", other), ("alone", other, span)
assert not overlap("d", "e"), span
assert span["after"][0] >= span["a"][1] and span["after"][0] >= span["c"][1], span
# and something did run at once
assert any(overlap(p, q) for p in "abcde" for q in "abcde" if p < q), span
PY
}

@test "--jobs 1 is the default and execution.parallelism sets it" {
    write_suite
    sed -i 's/"4.2"]/"0.2"]/; s/estimatedDuration: 4.2s/estimatedDuration: 0.2s/' j.yaml
    run "$PACE" run --no-store --output out j.yaml
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json "[r['test_id'] for r in d['results']]")" = \
      "['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']" ]
    printf 'execution:\n  parallelism: 4\n' > pace.yaml
    run "$PACE" run --no-store --output out2 j.yaml
    [ "$status" -eq 0 ]
    # the longest (0.75 s) started first under parallelism 4
    [ "$(json_get out2/results.json "d['results'][0]['test_id']")" = s6 ]
    run "$PACE" run --no-store --output out3 --jobs 0 j.yaml
    [ "$status" -eq 2 ]
}

@test "--jobs: a test whose spread grew against its previous run is named" {
    # first run: a steady sleep; second run: the same test, now alternating
    # between two very different durations (a flag file flips each run)
    cat > v.yaml <<YAML
suite: spread
tests:
  - id: wobbly
    runs: 6
    shell: true
    command: "if [ -e steady ]; then exec '$HELPER' sleep 0.3; fi; if [ -e flip ]; then rm flip; exec '$HELPER' sleep 0.05; else touch flip; exec '$HELPER' sleep 0.6; fi"
  - id: other
    runs: 2
    command: ["$HELPER", "sleep", "0.05"]
YAML
    touch steady
    run "$PACE" run --store s.db --output out --jobs 2 v.yaml
    [ "$status" -eq 0 ]
    [[ "$output" != *"wobbly default spreads more"* ]]
    rm steady
    run "$PACE" run --store s.db --output out --jobs 2 v.yaml
    [ "$status" -eq 0 ]
    [[ "$output" == *"note: wobbly default spreads more than in its previous run"*"--jobs 1 measures it alone"* ]]
}
