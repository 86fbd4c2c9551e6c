# serve.bash - shared by the pace serve tests (tests/cli/0860-0869): start
# `pace serve` on a free loopback port (the port it prints), and the
# servers the tests use (Prometheus, Pushgateway), each in this test's
# temporary directory, stopped by serve_teardown on every exit path.
SERVE_CHECK="$BATS_TEST_DIRNAME/../serve_check.py"
SCHEMA="$BATS_TEST_DIRNAME/../../docs/serve.schema.json"
SERVE_PIDS=()

# setup and teardown of every serve test: a history of its own
setup() {
    common_setup
    export PACE_STORE="$BATS_TEST_TMPDIR/h.db"
}
teardown() { serve_teardown; }

# one_run [OPTIONS...]: the serve-demo suite, 4 runs each, stored
one_run() {
    "$PACE" run --runs 4 --warmup 0 -q -o out "$FIXTURES/serve.yaml" "$@"
}

free_port() { /usr/bin/python3 "$SERVE_CHECK" port; }

# wait_for SECONDS CMD...: runs CMD every 0.2 s until it succeeds.
wait_for() {
    local limit=$(( $1 * 5 )) i=0
    shift
    until "$@" >/dev/null 2>&1; do
        i=$((i + 1))
        [ "$i" -lt "$limit" ] || return 1
        sleep 0.2
    done
}

# start_serve [OPTIONS...]: pace serve on 127.0.0.1:0 (unless --listen is
# given); sets SERVE_URL from its first line.
start_serve() {
    local listen=(--listen 127.0.0.1:0)
    [[ " $* " == *" --listen "* ]] && listen=()
    "$PACE" serve "${listen[@]}" --access-log "$@" > serve.out 2> serve.err &
    SERVE_PIDS+=($!)
    wait_for 20 grep -q 'listening on' serve.out || { cat serve.err; return 1; }
    SERVE_URL=$(sed -n 's|.*listening on \(http://[^ ]*\)/ .*|\1|p' serve.out)
    [ -n "$SERVE_URL" ]
}

# bg CMD...: a server of the test, stopped at teardown.
bg() {
    "$@" &
    SERVE_PIDS+=($!)
}

serve_teardown() {
    local p
    for p in "${SERVE_PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    for p in "${SERVE_PIDS[@]}"; do
        wait "$p" 2>/dev/null || true
    done
}
