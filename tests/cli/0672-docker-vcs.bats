#!/usr/bin/env bats
# pace run --executor docker vcs (issue 12, acceptance 2): the built-in vcs
# suite on the small fixture with each variant in its own container from
# one image (the suite's sid environment imported as pace-env:HASH, into a
# private engine: tests/tools/pace-dockerd): every test and variant
# measured, validations passing, the records filled, no container left.
# Slow (the whole suite, one run each, plus the environment's import).

load helpers

TOOLS="$BATS_TEST_DIRNAME/../tools"
# The environment cache of the user running the tests, as in 0610.
ENV_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}"

setup() {
    common_setup
    export PACE_FIXTURE_CACHE="$BATS_TEST_TMPDIR/cache"
    DK=$(mktemp -d /tmp/pdk.XXXXXX)
    if ! out=$("$TOOLS/pace-dockerd" start "$DK" 2>&1); then
        skip "no docker engine here: $out"
    fi
    eval "$out"
    export DOCKER_HOST
}

teardown() {
    "$TOOLS/pace-dockerd" stop "$DK"
}

@test "pace run --executor docker vcs: every test and variant measured in containers, validations pass, nothing left" {
    export XDG_CACHE_HOME="$ENV_CACHE"
    export TMPDIR="$BATS_TEST_TMPDIR/tmp"
    mkdir -p "$TMPDIR"
    run "$PACE" run --executor docker --runs 1 --warmup 0 --no-store --output out vcs
    echo "$output" | tail -40
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'len(d["results"])')" -eq 75 ]
    [ "$(json_get out/results.json 'sum(1 for r in d["results"] if r["failed"] or r["failure"] or r["skipped"])')" -eq 0 ]
    [ "$(json_get out/results.json 'sorted(set(r["variant"] for r in d["results"]))')" = "['git', 'git-worktrees', 'jujutsu']" ]
    [ "$(json_get out/results.json 'sorted(set(r["executor"] for r in d["results"]))')" = "['docker']" ]
    # one image for every variant: the environment's, as pace env list says
    hash=$(json_get out/results.json 'd["environment"]["test_environment"]["hash"]')
    [ "$(json_get out/results.json '[i["image"] for i in d["appendices"]["reproducibility"]["dockerImages"]]')" = "['pace-env:$hash']" ]
    id=$(docker image inspect --format '{{.Id}}' "pace-env:$hash")
    [ "$(json_get out/results.json 'd["environment"]["docker"]["images"][0]["id"]')" = "$id" ]
    "$PACE" env list | grep -q "^$hash .* ${id:0:19} "
    [ -z "$(docker ps -aq)" ]
    [ -z "$(ls "$TMPDIR" | grep "^pace-work-")" ]
}
