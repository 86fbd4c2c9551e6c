#!/usr/bin/env bats
# pace run --executor docker (issue 12): one container per test x variant,
# commands timed inside it by pace-agent.  The tests start their own
# engine (tests/tools/pace-dockerd) and a tiny image of the host's sh and
# pace-helper with their libraries, so they need no registry and no daemon
# of the machine's; they skip only where dockerd cannot run, saying why.

load helpers
load docker

TOOLS="$BATS_TEST_DIRNAME/../tools"

setup_file() {
    DK=$(mktemp -d /tmp/pdk.XXXXXX)
    export DK
    if ! out=$("$TOOLS/pace-dockerd" start "$DK" 2>&1); then
        export DK_SKIP="no docker engine here: $out"
        return 0
    fi
    eval "$out"
    export DOCKER_HOST
    # The image: sh, ls, cat, grep, sleep, hostname and pace-helper with their libraries.
    helper=$(readlink -f "$HELPER")
    root="$BATS_FILE_TMPDIR/root"
    mkdir -p "$root/usr/local/bin"
    ln -s "$helper" "$root/usr/local/bin/pace-helper"
    tiny_image "$root" pace-test:tiny /bin/sh /bin/ls /bin/cat /bin/grep /bin/sleep \
        /bin/hostname "$helper"
}

teardown_file() {
    "$TOOLS/pace-dockerd" stop "$DK"
}

setup() {
    common_setup
    [ -z "${DK_SKIP:-}" ] || skip "$DK_SKIP"
    export DOCKER_HOST
}

# one_test ID COMMAND-YAML [EXTRA-YAML]: a suite of one test in s.yaml,
# its variant(s) in the tiny image.
one_test() {
    cat > s.yaml <<YAML
suite: dk
environment: {docker: {baseImages: {default: "pace-test:tiny", a: "pace-test:tiny", b: "pace-test:tiny"}}}
tests:
  - id: $1
    command: $2
$3
YAML
}

in_docker() { "$PACE" run --executor docker --runs 2 --no-store -o out "$@" s.yaml; }
locally() { "$PACE" run --executor local --runs 2 --no-store -o out "$@" s.yaml; }
no_containers() { [ -z "$(docker ps -aq)" ]; }

@test "commands run in a container from the image; results say docker; nothing is left" {
    one_test where '["/bin/sh", "-c", "hostname; echo in-docker"]' \
        "    validation: {outputMatches: \"^pace-docker\"}
    limits: {memory: 256MiB, cpus: 1.5, pids: 64, memoryReservation: 128MiB}"
    run in_docker
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["executor"]')" = docker ]
    [ "$(json_get out/results.json 'd["results"][0]["runs"]')" -eq 2 ]
    [ "$(json_get out/results.json 'd["results"][0]["limits"]["memoryReservation"]')" -eq 134217728 ]
    # the container's own cgroup figures beside the samples'
    [ "$(json_get out/results.json 'd["results"][0]["container"]["memoryPeak"]')" -gt 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["container"]["cpuNs"]')" -gt 0 ]
    # the records: engine, image and its id, the limits
    id=$(docker image inspect --format '{{.Id}}' pace-test:tiny)
    [ "$(json_get out/results.json 'd["environment"]["docker"]["engine"]')" = \
      "$(docker version --format '{{.Server.Version}}')" ]
    [ "$(json_get out/results.json 'd["environment"]["docker"]["images"][0]["id"]')" = "$id" ]
    [ "$(json_get out/results.json 'len(d["appendices"]["reproducibility"]["dockerImages"])')" -eq 1 ]
    [ "$(json_get out/results.json 'd["appendices"]["reproducibility"]["dockerImages"][0]["image"]')" = pace-test:tiny ]
    [ "$(json_get out/results.json 'd["appendices"]["reproducibility"]["dockerImages"][0]["limits"]')" = \
      "{'cpus': 1.5, 'memory': 268435456, 'memoryReservation': 134217728, 'pids': 64}" ]
    no_containers
    run locally
    [ "$status" -eq 1 ]   # the host's hostname is not pace-docker
}

@test "variants run interleaved, each in its own container, writing the shared working directory" {
    one_test inter '{a: ["/bin/sh", "-c", "echo a:$(hostname):$$ >> log"], b: ["/bin/sh", "-c", "echo b >> log"]}' \
        "    runs: 4"
    run in_docker --runs 4
    echo "$output"
    [ "$status" -eq 0 ]
    # a b b a a b b a (or b a a b ...): never a run of one variant beyond 2.
    seq=$(cut -c1 log | tr -d '\n')
    [ ${#seq} -eq 8 ]
    [[ "$seq" != *aaa* && "$seq" != *bbb* ]]
    [[ "$seq" == *a*b*a* || "$seq" == *b*a*b* ]]
    no_containers
}

@test "the network is none: only loopback in the container" {
    one_test net '["/bin/sh", "-c", "n=$(ls /sys/class/net | grep -vcx lo); echo $n; [ $n -eq 0 ]"]'
    run in_docker
    echo "$output"
    [ "$status" -eq 0 ]
    run locally
    [ "$status" -eq 1 ]   # the host has interfaces besides lo
}

@test "a memory hog beyond the limit is recorded as killed for its memory" {
    one_test hog '["pace-helper", "alloc", "512"]' "    limits: {memory: 64MiB}"
    run in_docker
    echo "$output"
    [ "$status" -eq 1 ]
    [ "$(json_get out/raw/hog.json 'd["variants"][0]["samples"][0]["fail"]')" = memory-limit ]
    [ "$(json_get out/raw/hog.json 'd["variants"][0]["samples"][0]["oom_killed"]')" = True ]
    one_test small '["pace-helper", "alloc", "8"]' "    limits: {memory: 64MiB}"
    run in_docker
    [ "$status" -eq 0 ]
    no_containers
}

@test "a missing image is a clear error at once, and nothing is left" {
    sed 's/pace-test:tiny/pace-test:missing/g' > s2.yaml <<YAML
suite: dk
environment: {docker: {baseImages: {default: "pace-test:tiny"}}}
tests:
  - id: x
    command: ["true"]
YAML
    mv s2.yaml s.yaml
    run in_docker
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"docker image 'pace-test:missing' not found in the engine"* ]]
    [[ "$output" != *"retries"* ]]
    no_containers
}

@test "a daemon that is down: retried three times, then a clear error" {
    one_test x '["true"]'
    DOCKER_HOST="unix://$BATS_TEST_TMPDIR/none.sock" PACE_DOCKER_BACKOFF=0.05 run in_docker
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"cannot reach the docker engine"*"(after 3 retries)"* ]]
}

@test "an image without an environment or baseImages is refused with the way out" {
    cat > s.yaml <<YAML
suite: dk
tests:
  - id: x
    command: ["true"]
YAML
    run in_docker
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"the docker executor needs an image"* ]]
}

@test "Ctrl-C: the run stops and every container is removed" {
    one_test slow '{a: ["/bin/sleep", "0.05"], b: ["/bin/sleep", "0.05"]}'
    "$PACE" run --executor docker --runs 1000 --no-store -o out s.yaml > log 2>&1 &
    pid=$!
    wait_running 2
    sleep 0.5
    kill -INT $pid
    wait $pid || status=$?
    cat log
    [ "${status:-0}" -eq 130 ]
    no_containers
}
