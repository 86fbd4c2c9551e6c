# helpers.bash - shared setup for pace's CLI tests: where the binary and the
# helper program are, a scratch directory per test, and JSON/CSV checks
# through Python's standard library.
PACE="${PACE:-$BATS_TEST_DIRNAME/../../build/pace}"
HELPER="${PACE_HELPER:-$BATS_TEST_DIRNAME/../../build/tests/pace-helper}"
FIXTURES="$BATS_TEST_DIRNAME/fixtures"

common_setup() {
    cd "$BATS_TEST_TMPDIR"
    unset NO_COLOR
    export HOME="$BATS_TEST_TMPDIR/home"   # no user config leaks in
    unset XDG_CONFIG_HOME
    for v in $(env | sed -n 's/^\(PACE_[A-Z_]*\)=.*/\1/p'); do
        [ "$v" = PACE_HELPER ] || unset "$v"
    done
}

# json_get FILE PYTHON-EXPR: evaluates EXPR with `d` bound to the parsed file.
json_get() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
