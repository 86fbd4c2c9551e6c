#!/usr/bin/env bats
# Output hygiene (issue 16): names and output with terminal escapes, and
# secrets on a benchmark's command line, reach no output file, the
# history database or the console as they were; CSV cells are no
# formulas; error messages echo bounded input.

bats_require_minimum_version 1.5.0
load helpers

setup() {
    common_setup
    cat > hostile.yaml <<'YAML'
suite: hygiene
tests:
  - id: esc
    name: "evil\e]0;TITLE\a\e[2J name"
    description: "clears\e[2J the screen"
    command: ["/bin/sh", "-c", "printf '%s\\n' \"$@\" > args.txt; printf '\\033]0;OUT\\007\\033[2Jfail' >&2; exit 3",
              "sh", "--password=hunter2", "TOKEN=tok123", "--token", "tok456",
              "-H", "Authorization: Bearer bear789"]
    runs: 2
  - id: shell
    shell: true
    command: "DB_PASSWORD=pw777 true --api-key key888"
    runs: 2
YAML
}

# no_leak FILE...: none holds ESC, BEL or a secret
no_leak() {
    local f
    for f in "$@"; do
        if grep -l -P '\x1b|\x07|hunter2|tok123|tok456|bear789|pw777|key888' "$f"; then
            echo "leak in $f:" >&2
            grep -a -n -P '\x1b|\x07|hunter2|tok123|tok456|bear789|pw777|key888' "$f" | head -5 | cat -v >&2
            return 1
        fi
    done
}

@test "escapes and secrets reach no output file, the store or the console" {
    command -v sqlite3 >/dev/null || skip "no sqlite3 CLI"
    run --separate-stderr "$PACE" run --color never --show-output -o out --ignore-failure hostile.yaml
    printf '%s' "$output" > console.out
    printf '%s' "$stderr" > console.err
    [ -e out/results.json ]
    # the command ran with the real values
    grep -qx -- '--password=hunter2' args.txt
    grep -qx -- 'tok456' args.txt
    grep -qx -- 'Authorization: Bearer bear789' args.txt
    sqlite3 benchmarks/pace.db .dump > dump.sql
    files=(console.out console.err dump.sql)
    while IFS= read -r f; do files+=("$f"); done < <(find out -type f ! -name '*.zst')
    no_leak "${files[@]}"
    # what they became instead
    grep -q -- '--password=\*\*\*' out/results.json
    grep -q 'evil\\\\x1b\]0;TITLE' out/results.json
    grep -q 'evil\\x1b\]0;TITLE' console.out
    grep -q 'DB_PASSWORD=\*\*\* true --api-key \*\*\*' out/results.json
}

@test "CSV cells that a spreadsheet would run get a leading quote; numbers stay" {
    run "$PACE" run -q --no-store -o out --runs 2 --command-name '=HYPERLINK("http://x")' \
        --command-name '@SUM(A1)' -- true 'true x'
    [ "$status" -eq 0 ]
    grep -q "'=HYPERLINK" out/results.csv
    grep -q "'@SUM" out/results.csv
    ! grep -q -E '(^|,)"?[=@+]' out/results.csv
    # numeric cells stay numbers (no quote before a sign)
    run "$PACE" run -q --no-store -o out2 --runs 2 --export-csv h.csv -- true
    [ "$status" -eq 0 ]
    python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1]))); [float(c) for r in rows[1:] for c in r[1:] if c]' h.csv
}

@test "error messages echo bounded, escaped input" {
    head -c 5000000 /dev/zero | tr '\0' 'x' > big.txt
    run --separate-stderr "$PACE" stats big.txt
    [ "$status" -eq 2 ]
    [ "${#stderr}" -lt 1000 ]
    [[ "$stderr" == *"big.txt:1: not a number: 'xxx"*"…'"* ]]
    PACE_COLOR=$'\e]0;TITLE\a' run --separate-stderr "$PACE" run --no-store -- true
    [ "$status" -eq 2 ]
    [[ "$stderr" == *'\x1b]0;TITLE\x07'* ]]
    [[ "$stderr" != *$'\e'* ]]
    printf 'suite: s\ntests:\n  - id: a\n    command: [echo]\n    runs: %s\n' "$(head -c 100000 /dev/zero | tr '\0' 'y')" > long.yaml
    run --separate-stderr "$PACE" run long.yaml
    [ "$status" -eq 2 ]
    [ "${#stderr}" -lt 1000 ]
}

@test "pace stats: command names of an imported export reach the terminal escaped" {
    printf '{"results":[{"command":"a\\u001b]0;T\\u0007","times":[1,2,3]},{"command":"b","times":[1,2,4]}]}' > esc.json
    run "$PACE" stats esc.json
    [ "$status" -eq 0 ]
    [[ "$output" == *'esc.json:a\x1b]0;T\x07 (n = 3)'* ]]
    [[ "$output" != *$'\e'* ]]
}
