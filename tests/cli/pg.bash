# pg.bash - a real PostgreSQL server for a bats file (issue 17), started
# once per file by tests/tools/pg-server and stopped in teardown_file on
# every exit path, with one database per test:
#   setup_file() { pg_setup_file; }   teardown_file() { pg_teardown_file; }
#   setup() { common_setup; pg_setup; }   then $URL, psql_n 'SQL'.
pg_setup_file() {
    PGDIR=$(mktemp -d /tmp/pace-pg.XXXXXX)
    chmod 755 "$PGDIR"   # the server runs as nobody (initdb refuses root)
    export PGDIR
    PGBASE=$("$BATS_TEST_DIRNAME/../tools/pg-server" start "$PGDIR/srv" "$@")
    export PGBASE
}

pg_teardown_file() {
    "$BATS_TEST_DIRNAME/../tools/pg-server" stop "$PGDIR/srv"
    rm -rf "$PGDIR"
}

pg_setup() {
    DB="t$BATS_TEST_NUMBER"
    "$PGDIR/srv/createdb" "$DB"
    URL="$PGBASE/$DB"
}

psql_n() { # SQL: its one value
    "$PGDIR/srv/psql" -d "$DB" -At -c "$1"
}
