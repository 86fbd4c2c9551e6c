#!/usr/bin/env bats
# Several pace runs into one --output (issue 16): each run stages its
# files and switches them in under the directory's lock, so raw/ and
# results.json are always of the same run, every superseded run is
# archived once under its own id (never archive/unknown-*), and no raw
# file of an earlier run stays in raw/.

load helpers

setup() { common_setup; }

# run_id_of LOG: the run id the console summary names.
run_id_of() {
    sed -n 's/^Run: *\([^ ]*\).*/\1/p' "$1"
}

@test "shared output: the next run's raw/ holds only its own files; the last is archived with its raw/" {
    "$PACE" run --runs 2 --no-store --output out -- "$HELPER echo first" > a.log
    "$PACE" run --runs 2 --no-store --output out -- "$HELPER echo second" > b.log
    a=$(run_id_of a.log)
    b=$(run_id_of b.log)
    [ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ]
    [ "$(ls out/raw | wc -l)" -eq 1 ]
    json_get out/raw/*.json 'd["run_id"]' | grep -qx "$b"
    json_get out/results.json 'd["run_id"]' | grep -qx "$b"
    [ "$(ls out/archive)" = "$a" ]
    [ "$(ls out/archive/$a/raw | wc -l)" -eq 1 ]
    json_get out/archive/$a/raw/*.json 'd["run_id"]' | grep -qx "$a"
    # Nothing staged is left behind.
    [ -z "$(ls -d out/.stage-* 2>/dev/null)" ]
}

@test "shared output: 4 concurrent runs, twice: one run's raw/ and results.json, each other run archived once" {
    for round in 1 2; do
        for i in 1 2 3 4; do
            "$PACE" run --runs 3 --no-store --output out -- \
                "$HELPER echo r$round-$i" "$HELPER echo r$round-$i-b" > "r$round-$i.log" 2>&1 &
        done
        wait
    done
    ids=()
    for f in r*.log; do
        ids+=("$(run_id_of "$f")")
    done
    [ "${#ids[@]}" -eq 8 ]
    last=$(json_get out/results.json 'd["run_id"]')
    # raw/ is exactly the last run's one test, of that run.
    [ "$(ls out/raw | wc -l)" -eq 1 ]
    json_get out/raw/*.json 'd["run_id"]' | grep -qx "$last"
    json_get out/latest.json 'd["run_id"]' | grep -qx "$last"
    # Every other run archived once, under its own id, with its raw file.
    ls out/archive > archived
    printf '%s\n' "${ids[@]}" | grep -vx "$last" | sort > expected
    diff expected archived
    for id in $(cat archived); do
        [ "$(ls out/archive/$id/raw | wc -l)" -eq 1 ]
        json_get out/archive/$id/raw/*.json 'd["run_id"]' | grep -qx "$id"
        ls out/archive/$id | grep -q '^results.json'
    done
    [ -z "$(ls -d out/.stage-* 2>/dev/null)" ]
}
