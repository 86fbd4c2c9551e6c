#!/usr/bin/env bats
# Controls of a run (issue 13): CPU pinning, ASLR off, a random amount of
# environment, niceness; each takes effect in the measured command (the
# command reports it from /proc) and is recorded with the result.

load helpers

setup() { common_setup; }

@test "controls: --cpus pins the command and is recorded" {
    run "$PACE" run --no-store --runs 1 --show-output --cpus 0 --shell -- "grep Cpus_allowed_list /proc/self/status"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Cpus_allowed_list:"*"0"* ]]
    [[ "$output" != *"Cpus_allowed_list:"*"0-"* ]]
    [[ "$output" == *"Controls: CPUs 0;"* ]]
    [ "$(json_get benchmarks/output/results.json 'd["results"][0]["controls"]["cpus"]')" = 0 ]
    # pace itself is not left pinned: the next command may use every CPU
    run "$PACE" run --no-store --runs 1 --show-output --shell -- "grep Cpus_allowed_list /proc/self/status"
    [[ "$output" != *"Controls:"* ]]
}

@test "controls: --no-aslr turns ASLR off in the command only" {
    run "$PACE" run --no-store --runs 1 --show-output --no-aslr -- "cat /proc/self/personality"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"00040000"* ]]
    [ "$(json_get benchmarks/output/results.json 'd["results"][0]["controls"]["aslr"]')" = False ]
    run "$PACE" run --no-store --runs 1 --show-output -- "cat /proc/self/personality"
    [[ "$output" == *"00000000"* ]]
}

@test "controls: --env-pad gives each run a random amount of environment, recorded per sample" {
    run "$PACE" run --no-store --runs 8 --env-pad 4096 -- "$HELPER env PACE_ENV_PAD"
    echo "$output"
    [ "$status" -eq 0 ]
    raw=$(ls benchmarks/output/raw/*.json)
    [ "$(json_get $raw 'all(0 <= s["env_pad"] <= 4096 for s in d["variants"][0]["samples"])')" = True ]
    [ "$(json_get $raw 'len(set(s["env_pad"] for s in d["variants"][0]["samples"])) > 1')" = True ]
    [ "$(json_get benchmarks/output/results.json 'd["results"][0]["controls"]["env_pad_max"]')" = 4096 ]
}

@test "controls: --nice sets the niceness; a bad CPU list is a usage error" {
    run "$PACE" run --no-store --runs 1 --show-output --nice 7 -- nice
    echo "$output"
    [ "$status" -eq 0 ]
    # `nice` prints its niceness on a line of its own
    printf '%s\n' "$output" | grep -qx 7
    [ "$(json_get benchmarks/output/results.json 'd["results"][0]["controls"]["nice"]')" = 7 ]
    run "$PACE" run --no-store --runs 1 --cpus 0-999 -- true
    echo "$output"
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid CPU list '0-999'"* ]]
}
