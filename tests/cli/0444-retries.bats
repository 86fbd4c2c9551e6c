#!/usr/bin/env bats
# retries (issue 15): an iteration that timed out or could not start is
# run again, up to `retries: N` (test) or --retries N (run) times, after
# seed 000's backoff (1 s, 5 s, 10 s), and the sample records how often.

load helpers

setup() { common_setup; }

@test "a test's retries: a timed-out iteration runs again after 1 s and counts it" {
    # times out the first time only (the flag file is left behind)
    cat > r.yaml <<YAML
suite: retry
tests:
  - id: flaky
    runs: 1
    timeout: 0.5s
    retries: 2
    shell: true
    command: "if [ -e flag ]; then exit 0; fi; touch flag; exec sleep 30"
YAML
    start=$(date +%s%3N)
    run "$PACE" run --store s.db --output out r.yaml
    end=$(date +%s%3N)
    [ "$status" -eq 0 ]
    [ "$(json_get out/raw/flaky.json "[s['retries'] for s in d['variants'][0]['samples']]")" = "[1]" ]
    [ "$(sqlite3 s.db "SELECT retries || ' ' || fail FROM samples")" = "1 0" ]
    # the timeout (0.5 s) and the 1 s backoff passed
    [ $((end - start)) -ge 1500 ]
}

@test "--retries: a command that cannot start is tried N + 1 times, then fails with the count" {
    run "$PACE" run --no-store --output out --retries 1 -r 1 -- /nonexistent/pace-no-such-binary
    [ "$status" -eq 1 ]
    [[ "$output" == *"command not found"* ]]
    [ "$(python3 -c 'import json,glob; d=json.load(open(glob.glob("out/raw/*.json")[0])); print([s["retries"] for s in d["variants"][0]["samples"]])')" = "[1]" ]
}

@test "without retries a timed-out iteration fails at once" {
    cat > r.yaml <<YAML
suite: retry
tests:
  - id: flaky
    runs: 1
    timeout: 0.3s
    shell: true
    command: "if [ -e flag ]; then exit 0; fi; touch flag; exec sleep 30"
YAML
    run "$PACE" run --no-store --output out r.yaml
    [ "$status" -eq 1 ]
    [[ "$output" == *"timed out"* ]]
    [ "$(json_get out/raw/flaky.json "[s['retries'] for s in d['variants'][0]['samples']]")" = "[0]" ]
}
