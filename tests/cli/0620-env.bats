#!/usr/bin/env bats
# pace env: a real build of a small environment (Debian 12 minbase from the
# mirror apt uses here, ~30 s-3 min), made by two pace processes at once
# (one builds, the other waits and reuses); list, show (by hash and by
# suite), a cache hit within a second, a failed and an interrupted build
# leaving nothing behind, the precondition messages, clean.  Each test
# file run uses its own cache (XDG_CACHE_HOME), never the user's.
# Needs root and debootstrap (as building environments does); the
# unit tests (test_env) cover the rest without them.

load helpers

can_build() {
    [ "$(id -u)" -eq 0 ] && command -v debootstrap >/dev/null
}

setup_file() {
    export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
    can_build || return 0
    # Two at once: the lock makes one wait for the other's build.
    "$PACE" env build --distribution bookworm --packages '' \
        >"$BATS_FILE_TMPDIR/a.out" 2>"$BATS_FILE_TMPDIR/a.err" &
    a=$!
    sleep 0.5
    "$PACE" env build --distribution bookworm --packages '' \
        >"$BATS_FILE_TMPDIR/b.out" 2>"$BATS_FILE_TMPDIR/b.err" &
    b=$!
    wait $a; echo $? >"$BATS_FILE_TMPDIR/a.rc"
    wait $b; echo $? >"$BATS_FILE_TMPDIR/b.rc"
}

setup() {
    common_setup
    export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
    [[ "$BATS_TEST_DESCRIPTION" == "a run records"* ]] && return 0
    can_build || skip "building an environment needs root and debootstrap"
    hash=$(sed -n 's/^Environment \([0-9a-f]*\) .*/\1/p' "$BATS_FILE_TMPDIR/a.out")
    envdir="$XDG_CACHE_HOME/pace/env/$hash"
}

# What the cache holds besides lock files.
cache_entries() {
    ls -A "$XDG_CACHE_HOME/pace/env" | grep -v '\.lock$' || true
}

@test "a run records the host's git and jj versions when no environment is used" {
    run "$PACE" run --runs 2 -o out -- true
    [ "$status" -eq 0 ]
    want=$(git --version | head -n 1)
    [ "$(json_get out/results.json 'd["appendices"]["environmentDetails"]["git"]')" = "$want" ]
    [ "$(json_get out/results.json 'd["environment"]["git_version"]')" = "$want" ]
    if command -v jj >/dev/null; then
        [ "$(json_get out/results.json 'd["environment"]["jj_version"]')" = "$(jj --version | head -n 1)" ]
    else
        [ "$(json_get out/results.json 'd["appendices"]["environmentDetails"]["jujutsu"]')" = None ]
    fi
    [ "$(json_get out/results.json 'd["environment"]["test_environment"]')" = None ]
    grep -q "Tools\*\*: $want" out/summary.md
    # and the store keeps them: pace report writes them again
    run "$PACE" report -o again latest
    [ "$status" -eq 0 ]
    [ "$(json_get again/results.json 'd["appendices"]["environmentDetails"]["git"]')" = "$want" ]
}

@test "two builds at once: one builds, the other waits and reuses it" {
    [ "$(cat "$BATS_FILE_TMPDIR/a.rc")" -eq 0 ]
    [ "$(cat "$BATS_FILE_TMPDIR/b.rc")" -eq 0 ]
    [[ "$(cat "$BATS_FILE_TMPDIR/a.out")" == *"(bookworm): $envdir/root (built,"* ]]
    [[ "$(cat "$BATS_FILE_TMPDIR/b.out")" == *"(bookworm): $envdir/root (cached,"* ]]
    grep -q "Waiting for another pace" "$BATS_FILE_TMPDIR/b.err"
    # progress lines (not a terminal): debootstrap's steps
    grep -q "^  environment: Retrieving" "$BATS_FILE_TMPDIR/a.err"
    grep -q "^  environment: Configuring" "$BATS_FILE_TMPDIR/a.err"
    [ "$(cache_entries)" = "$hash" ]
}

@test "the build is a root filesystem with a manifest of every package" {
    [ -x "$envdir/root/bin/sh" ]
    [ -d "$envdir/root/pace" ]
    [ -z "$(ls -A "$envdir/root/pace")" ]
    m="$envdir/manifest.json"
    [ "$(json_get "$m" 'd["hash"]')" = "$hash" ]
    [ "$(json_get "$m" 'd["definition"]["distribution"]')" = bookworm ]
    [ "$(json_get "$m" 'd["definition"]["variant"]')" = minbase ]
    # the mirror apt uses here, as apt's sources name it
    grep -rqs "$(json_get "$m" 'd["mirror"]')" /etc/apt/sources.list /etc/apt/sources.list.d/
    want=$(dpkg-query --admindir="$envdir/root/var/lib/dpkg" -W -f '${Version}' base-files)
    [ "$(json_get "$m" 'd["packages"]["base-files"]')" = "$want" ]
    [ "$(json_get "$m" 'len(d["packages"])')" -eq \
      "$(dpkg-query --admindir="$envdir/root/var/lib/dpkg" -W | wc -l)" ]
}

@test "list and show describe the build" {
    run "$PACE" env list
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == HASH*DISTRIBUTION*PACKAGES*SIZE*BUILT ]]
    [[ "${lines[1]}" == "$hash  bookworm      (minbase)"*MiB* ]]
    run "$PACE" env show "${hash:0:6}"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Environment $hash" ]
    [[ "$output" == *"distribution: bookworm"* ]]
    want=$(dpkg-query --admindir="$envdir/root/var/lib/dpkg" -W -f '${Version}' dpkg)
    echo "$output" | grep -Eq "^dpkg +$want\$"
}

@test "a suite's environment: build and show it by the suite, a cache hit in under a second" {
    cat > s.yaml <<'EOF'
suite: s
environment: {distribution: bookworm}
tests:
  - {id: t, command: 'true'}
EOF
    start=$(date +%s%N)
    run "$PACE" env build s.yaml
    end=$(date +%s%N)
    [ "$status" -eq 0 ]
    [[ "$output" == "Environment $hash (bookworm): $envdir/root (cached,"* ]]
    [ $(( (end - start) / 1000000 )) -lt 1000 ]
    run "$PACE" env show s.yaml
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Environment $hash" ]
}

@test "a failed build (no such package) leaves nothing in the cache" {
    run "$PACE" env build --distribution bookworm --packages pace-no-such-package
    [ "$status" -eq 2 ]
    [[ "$output" == *"debootstrap failed"*"pace-no-such-package"* ]]
    [ "$(cache_entries)" = "$hash" ]
}

@test "an interrupted build (SIGINT) stops debootstrap and leaves nothing" {
    "$PACE" env build --distribution bookworm --packages less >out 2>err &
    pid=$!
    for _ in $(seq 600); do
        grep -q "Retrieving" err && break
        sleep 0.1
    done
    grep -q "Retrieving" err
    kill -INT $pid
    status=0
    wait $pid || status=$?
    [ "$status" -ne 0 ]
    grep -q "interrupted" err
    [ "$(cache_entries)" = "$hash" ]
    ! pgrep -f "debootstrap.*$XDG_CACHE_HOME" >/dev/null
}

@test "what building needs is said exactly" {
    # as another user (when that user can run this pace at all)
    nc=$(mktemp -d /tmp/pace-env-nobody-XXXXXX) && chmod 777 "$nc"
    if command -v setpriv >/dev/null &&
       setpriv --reuid=65534 --regid=65534 --clear-groups "$PACE" --version >/dev/null 2>&1; then
        run setpriv --reuid=65534 --regid=65534 --clear-groups \
            env XDG_CACHE_HOME="$nc" "$PACE" env build --distribution bookworm
        [ "$status" -eq 2 ]
        [[ "$output" == *"building an environment needs root (debootstrap, chroot)"* ]]
    fi
    rm -rf "$nc"
    PATH=/nonexistent run "$PACE" env build --distribution sid --packages git
    [ "$status" -eq 2 ]
    [[ "$output" == *"'debootstrap' not found on PATH"* ]]
    run "$PACE" env build
    [ "$status" -eq 2 ]
    [[ "$output" == *"a SUITE, or --distribution"* ]]
    run "$PACE" env clean
    [ "$status" -eq 2 ]
    run "$PACE" env show 0123456789abcdef
    [ "$status" -eq 2 ]
    [[ "$output" == *"no environment '0123456789abcdef' in the cache"* ]]
}

@test "clean removes a build by hash, then everything" {
    run "$PACE" env clean "${hash:0:8}"
    [ "$status" -eq 0 ]
    [ "$output" = "Removed 1 environment." ]
    [ -z "$(cache_entries)" ]
    run "$PACE" env list
    [ "$output" = "No built environments." ]
    run "$PACE" env clean --all
    [ "$status" -eq 0 ]
    [ -z "$(ls -A "$XDG_CACHE_HOME/pace/env")" ]
}
