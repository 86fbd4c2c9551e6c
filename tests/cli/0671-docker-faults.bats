#!/usr/bin/env bats
# The docker executor when the engine goes away mid-run (issue 12): the
# agent's death is noticed, a new container is tried with the retry
# policy (3 retries; PACE_DOCKER_BACKOFF shortens the waits here), then
# the test x variant fails saying why, and the run goes on with the next
# test, whose containers cannot start either and say so.  Its own engine
# (tests/tools/pace-dockerd), since this one is killed.

load helpers
load docker

TOOLS="$BATS_TEST_DIRNAME/../tools"

setup() {
    common_setup
    DK=$(mktemp -d /tmp/pdk.XXXXXX)
    if ! out=$("$TOOLS/pace-dockerd" start "$DK" 2>&1); then
        skip "no docker engine here: $out"
    fi
    eval "$out"
    export DOCKER_HOST
    tiny_image "$BATS_TEST_TMPDIR/root" pace-test:tiny /bin/sh /bin/sleep
}

teardown() {
    "$TOOLS/pace-dockerd" stop "$DK"
}

@test "killing the daemon mid-run: retried, then reported, and the run goes on with the next test" {
    cat > s.yaml <<YAML
suite: dkf
environment: {docker: {baseImages: {a: "pace-test:tiny", b: "pace-test:tiny"}}}
tests:
  - id: first
    runs: 200
    command: {a: [/bin/sleep, "0.05"], b: [/bin/sleep, "0.05"]}
  - id: second
    runs: 2
    command: {a: [/bin/sleep, "0.01"], b: [/bin/sleep, "0.01"]}
YAML
    PACE_DOCKER_BACKOFF=0.2 "$PACE" run --executor docker --no-store -o out s.yaml > log 2>&1 &
    pid=$!
    wait_running 2
    sleep 1
    kill -KILL "$(cat "$DK/docker.pid")"
    wait $pid || status=$?
    cat log
    [ "${status:-0}" -eq 1 ]
    # first: some runs measured before the kill, then the agent's death,
    # three restarts, and the reason
    [ "$(json_get out/results.json 'd["results"][0]["runs"]')" -gt 0 ]
    f=$(json_get out/results.json 'd["results"][0]["failure"]')
    [[ "$f" == *"the docker agent died"*"3 restarts failed"*"cannot reach the docker engine"* ]]
    # second: still tried, and said why it could not run
    [ "$(json_get out/results.json 'd["results"][2]["test_id"]')" = second ]
    f=$(json_get out/results.json 'd["results"][2]["failure"]')
    [[ "$f" == *"cannot reach the docker engine"*"(after 3 retries)"* ]]
}

@test "an agent that dies while the engine is up: a new container, the command again, the retry counted" {
    cat > s.yaml <<YAML
suite: dkr
environment: {docker: {baseImages: {default: "pace-test:tiny"}}}
tests:
  - id: again
    runs: 40
    command: [/bin/sleep, "0.1"]
YAML
    PACE_DOCKER_BACKOFF=0.2 "$PACE" run --executor docker --no-store -o out s.yaml > log 2>&1 &
    pid=$!
    wait_running 1
    first=$(docker ps -q)
    sleep 1
    # the agent's docker exec, pace's child: its end of the pipe goes
    kill -KILL "$(pgrep -P $pid -f 'docker exec')"
    wait $pid
    cat log
    [ "$(json_get out/results.json 'd["results"][0]["runs"]')" -eq 40 ]
    [ "$(json_get out/results.json 'd["results"][0]["failure"]')" = None ]
    [ "$(json_get out/raw/again.json 'sum(s["retries"] for s in d["variants"][0]["samples"])')" -eq 1 ]
    [ -z "$(docker ps -aq)" ]
    [ -n "$first" ]
}
