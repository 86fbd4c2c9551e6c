#!/usr/bin/env bats
# pace bisect GOOD BAD: git bisect run with pace's statistics.  A generated
# repository of 12 commits, one of which makes the benchmark 40 % slower
# (CPU work of tests/pace-helper busy, read from a file of the tree), judged
# on CPU time (--metric cpu), which the other load of a busy machine moves
# far less than wall time; a commit that does not build is skipped.

load helpers

setup() {
    common_setup
    git init -q repo
    cd repo
    git config user.email t@example.com
    git config user.name t
}

# Commit i of the history: `work` holds the CPU milliseconds per run.
commit_work() { # MS MESSAGE
    echo "$1" > work
    git add work
    git commit -q --allow-empty -m "$2"
}

@test "pace bisect finds the commit that made the benchmark 40% slower" {
    for i in 1 2 3 4 5 6; do commit_work 25 "change $i"; done
    good=$(git rev-parse HEAD)
    commit_work 25 "change 7"
    commit_work 35 "the slow one"
    slow=$(git rev-parse HEAD)
    for i in 9 10 11 12; do commit_work 35 "change $i"; done
    before=$(git rev-parse HEAD)
    branch=$(git symbolic-ref HEAD)
    run "$PACE" bisect --runs 8 --threshold 20% --metric cpu "$good" HEAD -- "$HELPER busy \$(cat work)"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"first slow commit: $slow"* ]]
    [[ "$output" == *"$slow bad cpu time +"*"regressed"* ]]
    # the session is over and the checkout is where it was
    [ "$(git rev-parse HEAD)" = "$before" ]
    [ "$(git symbolic-ref HEAD)" = "$branch" ]
    [ ! -e .git/BISECT_LOG ]
    [ "$(git worktree list | wc -l)" -eq 1 ]
}

@test "pace bisect skips a commit that does not build (--build)" {
    for i in 1 2 3; do commit_work 25 "change $i"; done
    good=$(git rev-parse HEAD)
    commit_work 25 "change 4"
    echo broken > BROKEN; git add BROKEN; commit_work 35 "slow and broken"
    broken=$(git rev-parse HEAD)
    git rm -q BROKEN; commit_work 35 "fixed the build"
    fixed=$(git rev-parse HEAD)
    commit_work 35 "change 7"
    run "$PACE" bisect --runs 8 --threshold 20% --metric cpu --build 'test ! -e BROKEN' "$good" HEAD -- "$HELPER busy \$(cat work)"
    echo "$output"
    # git cannot tell which of the skipped and the next one was first:
    # either it names the next buildable slow commit or says so
    [[ "$output" == *"first slow commit: $fixed"* || "$output" == *"no first slow commit"* ]]
    [[ "$output" != *"first slow commit: $broken"* ]]
    [ ! -e .git/BISECT_LOG ]
}

@test "pace bisect: bad arguments and an unknown GOOD" {
    commit_work 25 one
    run "$PACE" bisect HEAD
    [ "$status" -eq 2 ]
    [[ "$output" == *"expected GOOD BAD"* ]]
    run "$PACE" bisect no-such-rev HEAD -- "$HELPER busy 1"
    [ "$status" -eq 2 ]
    [[ "$output" == *"cannot check out GOOD 'no-such-rev'"* ]]
}
