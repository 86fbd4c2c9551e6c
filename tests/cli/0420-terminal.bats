#!/usr/bin/env bats
# Terminal habits of pace run: a progress line that fits the terminal and
# is redrawn in place (tried in a real 50-column tmux window), none for
# TERM=dumb or a pipe, -q's verdict, -v's line per run, and Ctrl-C from
# the terminal ending the run with status 130 after writing what finished.

load helpers

setup() {
    common_setup
    SOCK="$BATS_TEST_TMPDIR/tmux.sock"
}

teardown() {
    # our own tmux server only, by its socket
    [ -S "$SOCK" ] && tmux -S "$SOCK" kill-server 2>/dev/null || true
    [ -S "$SOCK.probe" ] && tmux -S "$SOCK.probe" kill-server 2>/dev/null || true
}

need_tmux() {
    command -v tmux >/dev/null || skip "tmux is not installed (scripts/deps installs it)"
    # a probe on its own socket: a server shutting down on $SOCK would
    # make the test's new-session fail ("server exited unexpectedly")
    tmux -S "$SOCK.probe" new-session -d -x 50 -y 40 "sleep 1" 2>/dev/null ||
        skip "tmux cannot start a server here"
    tmux -S "$SOCK.probe" kill-server 2>/dev/null || true
}

write_wide_suite() { # RUNS
    cat > wide.yaml <<YAML
suite: wide
tests:
  - id: a-test-whose-id-is-much-longer-than-fifty-columns-one
    runs: $1
    command: ["$HELPER", "sleep", "0.04"]
  - id: a-test-whose-id-is-much-longer-than-fifty-columns-two
    runs: $1
    command: ["$HELPER", "sleep", "0.04"]
  - id: short
    runs: $1
    command: ["$HELPER", "sleep", "0.04"]
YAML
}

# Lines of the pane that belong to a progress line: its head "[i/3]" or
# its middle "run i/n" (a wrapped line leaves one of them behind).
progress_lines() {
    tmux -S "$SOCK" capture-pane -p | grep -E '\[[0-9]+/3\]|run [0-9]+/[0-9]+' || true
}

@test "tmux, 50 columns: the progress line stays on one line, fits, and is cleared" {
    need_tmux
    write_wide_suite 20
    tmux -S "$SOCK" new-session -d -x 50 -y 40 \
        "cd '$BATS_TEST_TMPDIR' && '$PACE' run --no-store --no-summary -o out wide.yaml; echo STATUS=\$?; sleep 600"
    seen=0
    for _ in $(seq 300); do
        lines=$(progress_lines)
        n=$(printf '%s' "$lines" | grep -c . || true)
        if [ "$n" -gt 1 ]; then
            tmux -S "$SOCK" capture-pane -p
            echo "stale progress lines: $n"; false
        fi
        if [ "$n" -eq 1 ]; then
            seen=$((seen + 1))
            cols=$(printf '%s' "$lines" | wc -m)
            [ "$cols" -le 49 ] || { echo "too wide ($cols): $lines"; false; }
            [[ "$lines" == *"..."*": run "* ]] || [[ "$lines" == *"[3/3] short: run "* ]] ||
                { echo "not shortened: $lines"; false; }
        fi
        tmux -S "$SOCK" capture-pane -p | grep -q '^STATUS=' && break
        sleep 0.1
    done
    tmux -S "$SOCK" capture-pane -p | grep -qx 'STATUS=0'
    [ "$seen" -ge 3 ]                   # it was drawn, more than once
    [ -z "$(progress_lines)" ]          # and cleared at the end
    [ "$(json_get out/results.json 'len(d["results"])')" -eq 3 ]
}

@test "tmux: Ctrl-C ends the run with status 130 and writes what finished" {
    need_tmux
    write_wide_suite 400
    # the pane's shell catches SIGINT (as an interactive one would) so that
    # it lives to print pace's status; pace gets the default disposition
    tmux -S "$SOCK" new-session -d -x 50 -y 40 \
        "bash -c \"trap : INT; cd '$BATS_TEST_TMPDIR' && '$PACE' run --no-summary -o out wide.yaml; echo STATUS=\\\$?; sleep 600\""
    for _ in $(seq 100); do
        [ -n "$(progress_lines)" ] && break
        sleep 0.1
    done
    [ -n "$(progress_lines)" ]
    sleep 0.5
    tmux -S "$SOCK" send-keys C-c
    for _ in $(seq 100); do
        tmux -S "$SOCK" capture-pane -p | grep -q '^STATUS=' && break
        sleep 0.1
    done
    tmux -S "$SOCK" capture-pane -p
    tmux -S "$SOCK" capture-pane -p | grep -qx 'STATUS=130'
    tmux -S "$SOCK" capture-pane -p | grep -q 'run interrupted'
    json_get out/results.json 'd["interrupted"]' | grep -qx True
    [ "$(json_get out/results.json 'd["results"][0]["iterations"]')" -gt 0 ]
}

@test "no progress line for TERM=dumb, nor on a pipe" {
    command -v script >/dev/null || skip "script(1) is not installed: no pseudo-terminal to test with"
    script -qc "'$PACE' run --runs 5 --no-summary --no-store --output out -- 'sleep 0.02'" /dev/null > tty.log
    grep -q 'ETA' tty.log                 # the control: a terminal gets one
    TERM=dumb script -qc "'$PACE' run --runs 5 --no-summary --no-store --output out -- 'sleep 0.02'" /dev/null > dumb.log
    grep -q 'Benchmark 1/1' dumb.log
    ! grep -q 'ETA' dumb.log
    ! grep -q $'\033\\[K' dumb.log
    run "$PACE" run --runs 5 --no-summary --no-store --output out -- 'sleep 0.02'
    [[ "$output" != *"ETA"* ]]
}

@test "-q prints only the verdict line; failures still say what failed" {
    run "$PACE" run -q -r 2 --no-store -o out -- "$HELPER exit 0" "$HELPER sleep 0"
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$output" = "pace: 2 benchmarks passed" ]
    run "$PACE" run -q -r 2 --no-store -o out -- "$HELPER exit 3"
    [ "$status" -eq 1 ]
    [[ "$output" == *"1 of 1 benchmarks failed"* ]]
    [[ "$output" != *"passed"* ]]
}

@test "-v prints one line per measured run (not the warm-ups)" {
    "$PACE" run -v -r 3 -w 1 --no-store -o out -- "$HELPER exit 0" 2> err.txt > out.txt
    cat err.txt
    [ "$(grep -c ' run [0-9]/3: .* wall, .* user, .* sys, .* max RSS, exit 0$' err.txt)" -eq 3 ]
    ! grep -q ' run ' out.txt
}
