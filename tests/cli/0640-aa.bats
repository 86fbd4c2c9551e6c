#!/usr/bin/env bats
# pace run --aa: each test's first variant measured against an identical
# copy of itself ("NAME-copy", same command and hooks, its own fixture
# copy, the same rotation), and the count of tests called different
# (significant and meaningful) on the console and in results.json.  Also
# the per-test stopping keys (precision, maxTime, minRuns, maxRuns) and
# "same command" instead of a winner between identical variants.

load helpers

setup() {
    common_setup
}

@test "--aa: the first variant against its copy; the count is printed and in results.json" {
    cat > s.yaml <<EOF2
suite: s
variants: [fast, slow]
tests:
  - id: one
    command: {fast: "$HELPER sleep 0.002", slow: "$HELPER sleep 0.02"}
    prepare: {fast: "echo \$PACE_VARIANT >> seen.txt"}
    runs: 6
  - id: two
    command: {slow: "$HELPER sleep 0.003", fast: "$HELPER sleep 0.001"}
    runs: 6
EOF2
    run "$PACE" run s.yaml --aa --no-store -o out
    echo "$output"
    [ "$status" -eq 0 ]
    # every test has exactly its first variant and the copy, nothing else
    [ "$(json_get out/results.json '[(r["test_id"], r["variant"]) for r in d["results"]]')" = \
      "[('one', 'fast'), ('one', 'fast-copy'), ('two', 'slow'), ('two', 'slow-copy')]" ]
    [ "$(json_get out/results.json '[r["runs"] for r in d["results"]]')" = "[6, 6, 6, 6]" ]
    # the copy runs the variant's own hooks too (prepare: 6 runs each)
    [ "$(grep -c '^fast$' seen.txt)" -eq 6 ]
    [ "$(grep -c '^fast-copy$' seen.txt)" -eq 6 ]
    n=$(json_get out/results.json 'd["aa"]["calledDifferent"]')
    [ "$(json_get out/results.json 'd["aa"]["tests"]')" -eq 2 ]
    [ "$(json_get out/results.json 'len(d["aa"]["different"])')" -eq "$n" ]
    rate=$(python3 -c "print(f'{100 * $n / 2:.1f}')")
    echo "$output" | grep -q "^A/A: $n of 2 tests called different (the false-positive rate of this method on this machine: $rate %)$"
    # the count follows the comparisons' own verdict (meaningful)
    [ "$(json_get out/results.json 'sum(1 for c in d["comparisons"] if c["meaningful"])')" -eq "$n" ]
}

@test "--aa on a single-variant test: default against default-copy; an ordinary run has aa null" {
    cat > s.yaml <<EOF2
suite: s
tests:
  - id: t
    command: "$HELPER sleep 0.001"
    runs: 8
EOF2
    run "$PACE" run s.yaml --aa --no-store -o out
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["aa"]["tests"]')" -eq 1 ]
    [ "$(json_get out/results.json '[r["variant"] for r in d["results"]]')" = "['default', 'default-copy']" ]
    # an ordinary run has no A/A figures
    run "$PACE" run s.yaml --no-store -o out2
    [ "$status" -eq 0 ]
    [ "$(json_get out2/results.json 'd["aa"]')" = None ]
    ! echo "$output" | grep -q '^A/A:'
}

@test "--aa gives each copy its own working copy of the fixture" {
    git init -q -b main orig
    git -C orig -c user.name=t -c user.email=t@e commit -q --allow-empty -m first
    cat > s.yaml <<EOF2
suite: s
fixture: {custom: orig}
tests:
  - id: t
    command: {a: "git status", b: "true"}
    setup: 'echo "\$PACE_VARIANT \$PWD" >> $BATS_TEST_TMPDIR/copies.txt'
    runs: 2
EOF2
    run "$PACE" run s.yaml --aa --no-store -o out
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(wc -l < copies.txt)" -eq 2 ]
    grep -q '^a .*/a/repo$' copies.txt
    grep -q '^a-copy .*/a-copy/repo$' copies.txt
}

@test "per-test precision, minRuns and maxRuns stop a test adaptively; --runs replaces them" {
    cat > s.yaml <<EOF2
suite: s
tests:
  - id: capped
    command: "$HELPER sleep 0.001"
    precision: 0.01%
    minRuns: 3
    maxRuns: 7
  - id: early
    command: "$HELPER sleep 0.002"
    precision: 60%
    minRuns: 4
    maxRuns: 500
EOF2
    run "$PACE" run s.yaml --no-store -o out
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json '[r["stop_reason"] for r in d["results"]]')" = "['max-runs', 'precision']" ]
    [ "$(json_get out/results.json 'd["results"][0]["runs"]')" -eq 7 ]
    [ "$(json_get out/results.json 'd["results"][1]["runs"]')" -ge 4 ]
    [ "$(json_get out/results.json 'd["results"][1]["runs"]')" -lt 500 ]
    echo "$output" | grep -q 'stopped: max-runs after 7 runs (precision .*, target 0.01%)'
    echo "$output" | grep -q 'stopped: precision .* ≤ 60% after'
    run "$PACE" run s.yaml --runs 2 --no-store -o out
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json '[(r["stop_reason"], r["runs"]) for r in d["results"]]')" = "[('runs', 2), ('runs', 2)]" ]
}

@test "per-test maxTime caps a test that cannot reach its precision" {
    cat > s.yaml <<EOF2
suite: s
tests:
  - id: t
    command: "$HELPER sleep 0.01"
    precision: 0.001%
    maxTime: 0.4s
EOF2
    start=$(date +%s.%N)
    run "$PACE" run s.yaml --no-store -o out
    end=$(date +%s.%N)
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["stop_reason"]')" = max-time ]
    python3 -c "import sys; assert float(sys.argv[2]) - float(sys.argv[1]) < 20" "$start" "$end"
}

@test "two variants with the same command and hooks: 'same command', no winner" {
    cat > s.yaml <<EOF2
suite: s
variants: [git, git-worktrees, jujutsu]
tests:
  - id: same
    command: {git: "$HELPER sleep 0.001", git-worktrees: "$HELPER sleep 0.001"}
    runs: 4
  - id: differ
    command: {git: "$HELPER sleep 0.001", git-worktrees: "$HELPER sleep 0.3"}
    runs: 4
EOF2
    run "$PACE" run s.yaml --no-store -o out
    echo "$output"
    [ "$status" -eq 0 ]
    echo "$output" | grep -q '^| same | skipped | [0-9.]* [mµ]s | [0-9.]* [mµ]s | same command | - |$'
    echo "$output" | grep -q '^| differ | skipped | [0-9.]* [mµ]s | [0-9.]* m*s | Git | '
    grep -q '^| same | skipped | .* | same command | - |$' out/vcs.md
    [ "$(json_get out/results.json '[(o["operation"], o["sameCommand"], o["winner"]) for o in d["comparison"]["byOperation"]]')" = \
      "[('same', True, None), ('differ', False, 'git')]" ]
    grep -q 'same command' out/summary.md
    grep -q 'same command' out/report.html
}
