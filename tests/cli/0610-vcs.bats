#!/usr/bin/env bats
# The built-in vcs suite and fixtures in suites: `pace run` with no
# argument runs vcs on the small fixture, all three variants in the
# suite's Debian sid environment (src/env/) under the sandbox executor, so
# jj is measured for real; where the environment cannot be built it runs
# git and git-worktrees on the host (jujutsu skipped with one line when
# jj is missing there); every test passes its validation, and the cached
# fixture is left exactly as it was; jj command
# lines are checked against jj's CLI grammar; user suites get their own
# copies of custom fixtures; `requires:` skips variants.

load helpers

# The environment cache of the user running the tests (read before
# common_setup gives each test a HOME of its own): the sid root filesystem
# with git and jj is built there once (about 1-3 min) and reused.
ENV_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}"

setup() {
    common_setup
    export PACE_FIXTURE_CACHE="$BATS_TEST_TMPDIR/cache"
    JJCHECK="$BATS_TEST_DIRNAME/../tools/jj-cli-check"
}

# PATH without any directory that holds jj or debootstrap (git must stay
# reachable): the vcs suite's environment cannot be built (its fallback
# runs the tests locally, saying why) and jj is not on the host.
path_without_jj() {
    local d out=""
    local IFS=:
    for d in $PATH; do
        [ -e "$d/jj" ] || [ -e "$d/debootstrap" ] || out="${out:+$out:}$d"
    done
    printf '%s\n' "$out"
}

# Everything about a repository that a benchmark could change: every
# file's content and mtime (.git included), refs, and status (without
# letting status refresh the index).
snapshot() {
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum &&
     find . -printf '%p %T@ %s\n' | sort &&
     git for-each-ref && git --no-optional-locks status --porcelain)
}

# The suite's working copies are on a tmpfs (workdir: tmpfs): none of the
# run's pace-work-RUNID-* directories is left, there or in TMPDIR.
no_work_left() {
    local id
    [ "$(json_get out/results.json 'sorted(set(r["workdir_filesystem"] for r in d["results"]))')" = "['tmpfs']" ]
    id=$(json_get out/results.json 'd["run_id"]')
    [ -n "$id" ]
    [ -z "$(find "$TMPDIR" /dev/shm -maxdepth 1 -name "pace-work-$id-*")" ]
}

# run_vcs_checked SIZE [pace run options...]: runs the vcs suite, checks
# that every git and git-worktrees test passed and the fixture is intact.
run_vcs_checked() {
    local size=$1 repo nopath
    shift
    # a TMPDIR of the test's own: other pace runs on the machine make
    # their pace-work-* directories in /tmp while this one runs
    export TMPDIR="$BATS_TEST_TMPDIR/tmp"
    mkdir -p "$TMPDIR"
    repo=$("$PACE" fixtures generate --size "$size")
    snapshot "$repo" > before.txt
    # pace's work directories go here, away from other pace runs' in /tmp
    export TMPDIR="$BATS_TEST_TMPDIR/tmp"
    mkdir -p "$TMPDIR"
    nopath=$(path_without_jj)
    PATH="$nopath" run "$PACE" run "$@" --output out
    echo "$output" | tail -40
    [ "$status" -eq 0 ]
    echo "$output" | grep -q "^environment sid + git, jujutsu not available ('debootstrap' not found on PATH.*): running its tests locally$"
    [ "$(echo "$output" | grep -c 'jj not found on PATH: skipping the jujutsu variant')" -eq 1 ]
    [ "$(json_get out/results.json 'len(d["results"])')" -eq 50 ]
    [ "$(json_get out/results.json 'sum(1 for r in d["results"] if r["failed"] or r["failure"] or r["skipped"])')" -eq 0 ]
    [ "$(json_get out/results.json 'sorted(set(r["variant"] for r in d["results"]))')" = "['git', 'git-worktrees']" ]
    [ "$(grep -c '| skipped |' out/vcs.md)" -eq 25 ]
    ! grep -q 'same command' out/vcs.md
    snapshot "$repo" > after.txt
    diff before.txt after.txt
    no_work_left
}

@test "pace run with no argument: vcs on small, all three variants in the sid environment, jj measured, fixture untouched" {
    export XDG_CACHE_HOME="$ENV_CACHE"   # the environment is built once, here
    export TMPDIR="$BATS_TEST_TMPDIR/tmp"
    mkdir -p "$TMPDIR"
    repo=$("$PACE" fixtures generate --size small)
    snapshot "$repo" > before.txt
    run "$PACE" run --runs 2 --warmup 0 --output out
    echo "$output" | tail -40
    [ "$status" -eq 0 ]
    echo "$output" | grep -q "^Environment: $ENV_CACHE/pace/env/[0-9a-f]*/root$"
    ! echo "$output" | grep -q 'skipping the jujutsu variant'
    [ "$(json_get out/results.json 'len(d["results"])')" -eq 75 ]
    [ "$(json_get out/results.json 'sum(1 for r in d["results"] if r["failed"] or r["failure"] or r["skipped"])')" -eq 0 ]
    [ "$(json_get out/results.json 'sorted(set(r["variant"] for r in d["results"]))')" = "['git', 'git-worktrees', 'jujutsu']" ]
    [ "$(json_get out/results.json 'sorted(set(r["executor"] for r in d["results"]))')" = "['sandbox']" ]
    # the versions actually used: the environment's packages, not the host's
    [[ "$(json_get out/results.json 'd["appendices"]["environmentDetails"]["jujutsu"]')" == "jujutsu "*"(Debian package, environment "* ]]
    [[ "$(json_get out/results.json 'd["appendices"]["environmentDetails"]["git"]')" == "git "*"(Debian package, environment "* ]]
    # a measured time in every column of every row, jj's included
    echo "$output" | grep -q '^| Operation | Jujutsu | Git | Git-WT | Winner | Speedup |$'
    [ "$(echo "$output" | grep -c '^| [a-z-]* | [0-9.]* [mµun]*s | [0-9.]* [mµun]*s | [0-9.]* [mµun]*s |')" -eq 25 ]
    ! grep -q '| skipped |\|| failed |' out/vcs.md
    # every category, and the read-only tests on the medium fixture too
    [ "$(json_get out/results.json 'len(set(r["category"] for r in d["results"] if r["variant"] == "jujutsu"))')" -ge 4 ]
    echo "$output" | grep -q "^Fixture: $PACE_FIXTURE_CACHE/medium-s1-"
    [ "$(json_get out/results.json 'sorted(r["test_id"] for r in d["results"] if r["test_id"].endswith("-medium") and r["variant"] == "jujutsu")')" = \
      "['diff-medium', 'file-history-medium', 'log-all-medium', 'log-recent-medium', 'status-clean-medium', 'status-dirty-medium', 'status-touched-medium', 'status-untracked-medium']" ]
    [ "$(json_get out/results.json 'set(r["category"] for r in d["results"] if r["test_id"].endswith("-medium"))')" = "{'scale-testing'}" ]
    snapshot "$repo" > after.txt
    diff before.txt after.txt
    no_work_left
}

@test "where the environment cannot be built: git and git-worktrees on the host, one line says why, jj skipped once" {
    run_vcs_checked small --runs 1 --warmup 0
    echo "$output" | grep -q "^Fixture: $PACE_FIXTURE_CACHE/small-s1-"
}

@test "vcs on the medium fixture: every test validated, fixture untouched (one run each)" {
    run_vcs_checked medium vcs --size medium --runs 1 --warmup 0
    echo "$output" | grep -q "^Fixture: $PACE_FIXTURE_CACHE/medium-s1-"
}

@test "vcs: git-worktrees works in its linked worktrees, never the command git runs" {
    run "$PACE" list vcs --variants git,git-worktrees --show-commands
    [ "$status" -eq 0 ]
    echo "$output" > cmds.txt
    # the measured command of each test, per variant
    awk '/^## .* git command$/ {getline; print}' cmds.txt > git.txt
    awk '/^## .* git-worktrees command$/ {getline; print}' cmds.txt > wt.txt
    [ "$(wc -l < git.txt)" -eq 25 ]
    [ "$(wc -l < wt.txt)" -eq 25 ]
    [ -z "$(paste -d '\n' git.txt wt.txt | uniq -d)" ] || { paste git.txt wt.txt; false; }
    # every git of git-worktrees runs in a linked worktree of the branch
    ! grep -o 'git [^|;&]*' wt.txt | grep -v '^git -C \.\./\(wt-main\|wt-topic-\$t\|tmp-rebase\|tmp-conflict\) '
    # and the worktrees are made in setup: main, topic-1..3
    grep -q 'for b in main topic-1 topic-2 topic-3; do' cmds.txt
    grep -q '^  git worktree add -q ../wt-$b $b$' cmds.txt
}

@test "vcs: file-history: git lists as many commits as setup counted; jj asks for the non-merge ones too" {
    run "$PACE" list vcs --filter file-history --variants jujutsu --show-commands
    echo "$output" | grep -q "jj log --no-graph -r '::@ ~ merges()'"
    run "$PACE" fixtures generate --size small
    repo=$output
    p=$(git -C "$repo" log --format= --name-only main | sort | uniq -c | sort -k1,1nr -k2 | awk 'NR == 1 { sub(/^ *[0-9]+ /, ""); print }')
    [ -n "$p" ]
    n=$(git -C "$repo" log --no-merges --full-history --format=%H main -- "$p" | wc -l)
    [ "$n" -ge 5 ]
    PATH="$(path_without_jj)" run "$PACE" run vcs --filter file-history --variants git --runs 2 --warmup 0 --output out
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json '[r["runs"] for r in d["results"] if r["test_id"] == "file-history"]')" = "[2]" ]
}

@test "vcs: each test stops adaptively (no fixed runs), and --runs replaces that" {
    run "$PACE" list vcs --variants git --show-commands
    [ "$status" -eq 0 ]
    run grep -c '^    precision: 3%$' "$BATS_TEST_DIRNAME/../../suites/vcs.yaml"
    [ "$output" -ge 10 ]
    ! grep -q '^    runs:' "$BATS_TEST_DIRNAME/../../suites/vcs.yaml"
    PATH="$(path_without_jj)" run "$PACE" run vcs --filter log-recent --variants git --warmup 0 --max-time 1 --output out
    echo "$output" | tail -5
    [ "$status" -eq 0 ]
    reason=$(json_get out/results.json 'd["results"][0]["stop_reason"]')
    [[ "$reason" = precision || "$reason" = max-time || "$reason" = max-runs ]]
    [ "$(json_get out/results.json 'd["results"][0]["runs"]')" -ge 10 ]
}

@test "a validation of the vcs suite can fail: a conclude check that does not hold" {
    repo=$("$PACE" fixtures generate --size small)
    # A branch-create test whose check asks for a branch nobody made.
    cat > s.yaml <<'EOF'
suite: s
fixture: {size: small}
tests:
  - id: branch
    command: {git: [git, branch, made]}
    conclude: git rev-parse -q --verify refs/heads/not-made
EOF
    run "$PACE" run s.yaml --runs 1 --output out
    [ "$status" -eq 1 ]
    echo "$output" | grep -q "conclude command 'git rev-parse -q --verify refs/heads/not-made' failed"
    [ -z "$(git -C "$repo" branch --list made)" ]
}

@test "every jj command line of the vcs suite is well-formed (jj's CLI grammar)" {
    run "$PACE" list vcs --variants jujutsu --show-commands
    [ "$status" -eq 0 ]
    echo "$output" > cmds.txt
    run "$JJCHECK" < cmds.txt
    echo "$output" | grep -v '^ok:' || true
    [ "$status" -eq 0 ]
    for sub in 'status' 'log ' 'diff ' 'commit -m' 'new ' 'bookmark create' 'bookmark set' \
               'rebase -s' 'workspace add' 'git init --colocate' 'op restore'; do
        echo "$output" | grep -q "^ok: jj $sub" || { echo "no jj $sub"; false; }
    done
    # Every jj command the measured commands run, one per test.
    [ "$(grep -c '^## .* jujutsu command$' cmds.txt)" -eq 25 ]
}

@test "the jj grammar check rejects malformed command lines" {
    for bad in 'jj rebase -s x' 'jj status --porcelain' 'jj bookmark create' \
               'jj workspace add' 'jj new -m' "jj log -r 'a(('" 'jj frobnicate' \
               'jj rebase -s a -b b -d c' 'jj op restore' 'cd x && jj commit --amend'; do
        run "$JJCHECK" --line "$bad"
        [ "$status" -eq 1 ] || { echo "accepted: $bad"; false; }
        [[ "$output" == bad:* ]]
    done
    run "$JJCHECK" --line 'x=1; jj new a b -m "m" && jj describe -m "d"'
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | grep -c '^ok:')" -eq 2 ]
}

@test "a custom fixture is copied per variant and never modified" {
    git init -q -b main orig
    git -C orig -c user.name=t -c user.email=t@e commit -q --allow-empty -m first
    snapshot orig > before.txt
    cat > s.yaml <<'EOF'
suite: s
variants: [a, b]
fixture: {custom: orig}
tests:
  - id: write
    shell: true
    env: {GIT_AUTHOR_NAME: t, GIT_AUTHOR_EMAIL: t@e, GIT_COMMITTER_NAME: t, GIT_COMMITTER_EMAIL: t@e}
    setup: 'test "$PWD" = "$PACE_REPO" && test "$PACE_WORKDIR/repo" = "$PACE_REPO" && echo "$PACE_VARIANT" > ../name && git update-ref refs/pace/base HEAD'
    prepare:
      a: git reset -q --hard refs/pace/base
      b: [git reset -q --hard refs/pace/base, "touch b-was-here"]
    command:
      a: echo x > f && git add f && git commit -q -m "$PACE_VARIANT" && git log -1 --format=%s
      b: echo y > f && git add f && git commit -q -m "$PACE_VARIANT" && git log -1 --format=%s && ls
    conclude:
      a: test "$(cat ../name)" = a && test ! -e b-was-here
      b: test "$(cat ../name)" = b
    validation: {outputMatches: "^[ab]$"}
EOF
    run "$PACE" run s.yaml --runs 3 --output out
    echo "$output"
    [ "$status" -eq 0 ]
    echo "$output" | grep -q "^Fixture: copy of $BATS_TEST_TMPDIR/orig (custom"
    snapshot orig > after.txt
    diff before.txt after.txt
    # --custom-fixture replaces the suite's fixture.
    mkdir other && git init -q -b main other
    git -C other -c user.name=t -c user.email=t@e commit -q --allow-empty -m other
    run "$PACE" run s.yaml --runs 1 --output out --custom-fixture other
    [ "$status" -eq 0 ]
    echo "$output" | grep -q "^Fixture: copy of $BATS_TEST_TMPDIR/other"
}

@test "fixture and per-variant hook errors name the place" {
    printf 'suite: s\nfixture: {size: small, custom: x}\ntests:\n  - {id: a, command: "true"}\n' > two.yaml
    run "$PACE" list two.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"two.yaml:2:10: 'fixture' names more than one of size, spec and custom"* ]]
    printf 'suite: s\nfixture: {size: huge}\ntests:\n  - {id: a, command: "true"}\n' > huge.yaml
    run "$PACE" list huge.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"huge.yaml:2:17: 'size' must be small, medium or large, got 'huge'"* ]]
    printf 'suite: s\ntests:\n  - id: a\n    command: {x: "true"}\n    prepare: {y: "true"}\n' > hook.yaml
    run "$PACE" list hook.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"hook.yaml:5:15: 'prepare' names variant 'y' in test 'a', which has no command"* ]]
    printf 'suite: s\ntests:\n  - {id: a, command: "true"}\n' > ok.yaml
    run "$PACE" run ok.yaml --custom-fixture nowhere --runs 1 --output out
    [ "$status" -eq 0 ]   # no test uses a fixture: nothing to copy
    printf 'suite: s\nfixture: {custom: nowhere}\ntests:\n  - {id: a, command: "true"}\n' > nowhere.yaml
    run "$PACE" run nowhere.yaml --runs 1 --output out
    [ "$status" -eq 2 ]
    [[ "$output" == *"cannot use custom fixture 'nowhere': No such file or directory"* ]]
}

@test "requires: a variant whose program is missing is skipped with one line" {
    cat > s.yaml <<'EOF'
suite: s
variants: [here, gone]
requires: {gone: pace-no-such-program}
tests:
  - {id: one, command: {here: "true", gone: pace-no-such-program}}
  - {id: two, command: {here: "true", gone: pace-no-such-program}}
EOF
    run "$PACE" run s.yaml --runs 2 --output out
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | grep -c 'pace-no-such-program not found on PATH: skipping the gone variant')" -eq 1 ]
    [ "$(json_get out/results.json 'len(d["results"])')" -eq 2 ]
    run "$PACE" run s.yaml --runs 2 --output out --variants gone
    [ "$status" -eq 2 ]
    [[ "$output" == *"nothing left to run without gone"* ]]
}
