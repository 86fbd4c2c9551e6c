#!/usr/bin/env bats
# pace fixtures: generate (cache and --output), list, clean, spec files,
# --stream-only, and a clear refusal when jj is missing.

load helpers

setup() {
    common_setup
    export PACE_FIXTURE_CACHE="$BATS_TEST_TMPDIR/cache"
    cat > tiny.yaml <<'EOF'
name: tiny
fileTree: {maxDepth: 2, filesPerDir: 3, dirCount: 4}
commits: {count: 30, timeSpan: 10, authorsCount: 2, avgFilesPerCommit: 2}
branches: {count: 2, mergeFrequency: 1, branchLifetime: 3}
content: {codeLanguages: [c], avgFileSize: 200, binaryRatio: 0}
EOF
}

@test "generate prints the cached repository's path and reuses it" {
    run "$PACE" fixtures generate --spec tiny.yaml --seed 4
    [ "$status" -eq 0 ]
    [[ "$output" == "$PACE_FIXTURE_CACHE/tiny-s4-"* ]]
    repo=$output
    [ "$(git -C "$repo" rev-list --count --all)" -eq 30 ]
    [ "$(json_get "$repo/.git/pace-fixture.json" 'd["metadata"]["commits"]')" -eq 30 ]
    [ -z "$(git -C "$repo" status --porcelain)" ]
    head=$(git -C "$repo" rev-parse HEAD)
    run "$PACE" fixtures generate --spec tiny.yaml --seed 4
    [ "$status" -eq 0 ]
    [ "$output" = "$repo" ]
    [ "$(git -C "$repo" rev-parse HEAD)" = "$head" ]
}

@test "--output gives the same commits as the cache" {
    repo=$("$PACE" fixtures generate --spec tiny.yaml --seed 9)
    run "$PACE" fixtures generate --spec tiny.yaml --seed 9 --output out
    [ "$status" -eq 0 ]
    [ "$output" = out ]
    [ "$(git -C out rev-parse HEAD)" = "$(git -C "$repo" rev-parse HEAD)" ]
    run "$PACE" fixtures generate --spec tiny.yaml --seed 9 --output out
    [ "$status" -ne 0 ]
    [[ "$output" == *"cannot create 'out'"* ]]
}

@test "list and clean" {
    run "$PACE" fixtures list
    [ "$status" -eq 0 ]
    [[ "$output" == "No cached fixtures." ]]
    "$PACE" fixtures generate --spec tiny.yaml --seed 1 >/dev/null
    "$PACE" fixtures generate --spec tiny.yaml --seed 2 >/dev/null
    run "$PACE" fixtures list
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 3 ]
    [[ "${lines[1]}" == tiny* && "${lines[1]}" == *" 30 "* ]]
    run "$PACE" fixtures clean
    [ "$status" -eq 0 ]
    [ "$output" = "Removed 2 cached fixtures." ]
    run "$PACE" fixtures list
    [ "$output" = "No cached fixtures." ]
}

@test "the small size builds quickly with the documented shape" {
    run "$PACE" fixtures generate --size small
    [ "$status" -eq 0 ]
    [ "$(json_get "$output/.git/pace-fixture.json" 'd["metadata"]["files"]')" -eq 200 ]
    [ "$(json_get "$output/.git/pace-fixture.json" 'd["metadata"]["commits"]')" -eq 300 ]
}

@test "--stream-only writes what git fast-import accepts" {
    run "$PACE" fixtures generate --spec tiny.yaml --stream-only s.fi
    [ "$status" -eq 0 ]
    git init -q raw
    git -C raw fast-import --quiet < s.fi
    repo=$("$PACE" fixtures generate --spec tiny.yaml)
    [ "$(git -C raw rev-parse main)" = "$(git -C "$repo" rev-parse main)" ]
}

@test "spec errors name file, line and column" {
    printf 'commits:\n  count: 0\n' > bad.yaml
    run "$PACE" fixtures generate --spec bad.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"bad.yaml:2:10: commits.count must be an integer >= 1"* ]]
    run "$PACE" fixtures generate --size huge
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown fixture size 'huge'"* ]]
    run "$PACE" fixtures frobnicate
    [ "$status" -eq 2 ]
}

@test "--vcs jujutsu without jj says so and exits 2" {
    mkdir bin
    ln -s "$(command -v git)" bin/git
    PATH="$PWD/bin" run "$PACE" fixtures generate --spec tiny.yaml --vcs jujutsu
    [ "$status" -eq 2 ]
    [[ "$output" == *"jj is not installed"* ]]
    [ "${#lines[@]}" -eq 1 ]
}
