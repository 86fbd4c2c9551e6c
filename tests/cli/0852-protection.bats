#!/usr/bin/env bats
# Data protection (issue 17): an encrypted SQLite history (SQLCipher; the
# key from a file or the environment, never the command line) that sqlite3
# cannot read without the key and pace reads with it; TLS to PostgreSQL
# with sslmode honoured and shown; history and reports created private
# (0600 / 0700) unless output.private is false.

load helpers
load pg

setup_file() { pg_setup_file --ssl; }
teardown_file() { pg_teardown_file; }
setup() { common_setup; pg_setup; }

# Skips only where this pace was built without SQLCipher (it says so).
needs_sqlcipher() {
    run env PACE_STORE_KEY=x "$PACE" store info --store probe.db
    if [[ "$output" == *"built without SQLCipher"* ]]; then
        skip "pace built without SQLCipher (libsqlcipher-dev, meson -Dsqlcipher)"
    fi
    rm -f probe.db*
}

@test "an encrypted history: sqlite3 cannot read it without the key, pace reads it with it" {
    needs_sqlcipher
    printf 'correct horse battery staple\n' > key
    chmod 600 key
    PACE_STORE_KEY_FILE=$PWD/key run "$PACE" run --runs 3 -- "$HELPER sleep 0.001"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" != *warning* ]]
    # Not readable without the key: sqlite3 sees no database.
    run sqlite3 benchmarks/pace.db 'SELECT count(*) FROM runs'
    echo "$output"
    [ "$status" -ne 0 ]
    [[ "$output" == *"not a database"* ]]
    ! grep -q "SQLite format 3" benchmarks/pace.db
    ! grep -q "sleep 0.001" benchmarks/pace.db
    # Nor by pace without it, or with a wrong one (exit 2, says why).
    run "$PACE" history
    [ "$status" -eq 2 ]
    [[ "$output" == *"not a database"*"key"* ]]
    PACE_STORE_KEY=wrong run "$PACE" history
    [ "$status" -eq 2 ]
    # With it, from the file or the environment: the run and its samples.
    PACE_STORE_KEY_FILE=$PWD/key run "$PACE" history --json
    [ "$status" -eq 0 ]
    [ "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[0]["samples"])' <<<"$output")" -eq 3 ]
    PACE_STORE_KEY='correct horse battery staple' run "$PACE" store info
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"encrypted (SQLCipher)"*"1 run"* ]]
    # A key file others can read is refused.
    chmod 644 key
    PACE_STORE_KEY_FILE=$PWD/key run "$PACE" history
    [ "$status" -eq 2 ]
    [[ "$output" == *"can be read by others"* ]]
}

@test "store copy encrypts a plain history and decrypts it again" {
    needs_sqlcipher
    printf 'k3y\n' > key
    chmod 600 key
    "$PACE" run -q --runs 2 -- "$HELPER exit 0"
    run "$PACE" store copy --to-key-file key benchmarks/pace.db secret.db
    [ "$status" -eq 0 ]
    run sqlite3 secret.db 'SELECT count(*) FROM samples'
    [ "$status" -ne 0 ]
    run "$PACE" store copy --from-key-file key secret.db plain.db
    [ "$status" -eq 0 ]
    [ "$(sqlite3 plain.db 'SELECT count(*) FROM samples')" -eq 2 ]
    diff <("$PACE" history --store benchmarks/pace.db --json) <("$PACE" history --store plain.db --json)
}

@test "TLS to PostgreSQL: sslmode is honoured and shown" {
    run "$PACE" store info --store "$URL?sslmode=require"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"sslmode require, TLS TLSv1."* ]]
    run "$PACE" run -q --runs 2 --store "$URL?sslmode=require" -- "$HELPER exit 0"
    [ "$status" -eq 0 ]
    [[ "$output" != *warning* ]]
    run "$PACE" store info --store "$URL?sslmode=disable"
    [ "$status" -eq 0 ]
    [[ "$output" == *"sslmode disable, not encrypted"* ]]
    [[ "$output" == *"1 run"* ]]
    # verify-full needs the server's CA, which is not given: refused.
    run "$PACE" store info --store "$URL?sslmode=verify-full&sslrootcert=$PWD/none.crt"
    echo "$output"
    [ "$status" -eq 2 ]
    [[ "$output" == *"cannot connect"* ]]
    # The server's own certificate as the CA (its CN is 127.0.0.1): accepted.
    run "$PACE" store info --store "$URL?sslmode=verify-full&sslrootcert=$PGDIR/srv/data/server.crt"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"sslmode verify-full, TLS"* ]]
}

@test "history and reports are created private unless output.private is false" {
    umask 022
    "$PACE" run -q --runs 2 -- "$HELPER exit 0"
    [ "$(stat -c %a benchmarks)" = 700 ]
    [ "$(stat -c %a benchmarks/pace.db)" = 600 ]
    [ "$(stat -c %a benchmarks/output)" = 700 ]
    [ "$(stat -c %a benchmarks/output/results.json)" = 600 ]
    [ "$(stat -c %a benchmarks/output/report.html)" = 600 ]
    for f in benchmarks/pace.db-*; do
        [ ! -e "$f" ] || [ "$(stat -c %a "$f")" = 600 ]
    done
    mkdir shared && cd shared
    PACE_PRIVATE=false "$PACE" run -q --runs 2 -- "$HELPER exit 0"
    [ "$(stat -c %a benchmarks/pace.db)" = 644 ]
    [ "$(stat -c %a benchmarks/output/results.json)" = 644 ]
}
