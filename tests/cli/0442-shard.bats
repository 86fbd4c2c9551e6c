#!/usr/bin/env bats
# pace run --shard K/N (issue 15): the shards of one plan, run one after
# the other into one store, cover it exactly once (a deterministic cut
# balanced by estimatedDuration, dependsOn groups kept together), share
# one run group, and `pace history`, `pace report` and `pace compare`
# treat the group as one run.

load helpers

setup() { common_setup; }

write_suite() {
    printf 'suite: shards\ntests:\n' > s.yaml
    for i in 1 2 3 4 5 6 7; do
        printf '  - id: t%s\n    runs: 2\n    estimatedDuration: %ss\n    command: ["%s", "exit", "0"]\n' \
            "$i" "$i" "$HELPER" >> s.yaml
    done
    printf '  - id: t8\n    runs: 2\n    dependsOn: [t1]\n    command: ["%s", "exit", "0"]\n' \
        "$HELPER" >> s.yaml
}

@test "shards 1/3, 2/3, 3/3 cover the plan exactly once; history shows one run" {
    write_suite
    for k in 1 2 3; do
        run "$PACE" run --store s.db --output "out$k" --shard "$k/3" s.yaml
        [ "$status" -eq 0 ]
        echo "$output" | grep -q "^Shard $k/3: "
    done
    # LPT over 7, 6, 5 (t1 with its dependent t8, weighted as the mean 4),
    # 5, 4, 3, 2 seconds: {7, 3, 2}, {6, 4}, {t1 + t8, 5}
    [ "$(json_get out1/results.json "sorted(r['test_id'] for r in d['results'])")" = "['t2', 't3', 't7']" ]
    [ "$(json_get out2/results.json "sorted(r['test_id'] for r in d['results'])")" = "['t4', 't6']" ]
    [ "$(json_get out3/results.json "sorted(r['test_id'] for r in d['results'])")" = "['t1', 't5', 't8']" ]
    [ "$(sqlite3 s.db "SELECT count(*) FROM runs")" = 3 ]
    [ "$(sqlite3 s.db "SELECT count(DISTINCT run_group) FROM runs")" = 1 ]
    [ "$(sqlite3 s.db "SELECT group_concat(shard, ' ') FROM (SELECT shard FROM runs ORDER BY shard)")" = "1/3 2/3 3/3" ]
    [ "$(sqlite3 s.db "SELECT count(*), count(DISTINCT t.test_id) FROM results r JOIN tests t ON t.id = r.test")" = "8|8" ]
    group=$(sqlite3 s.db "SELECT run_group FROM runs LIMIT 1")
    run "$PACE" history --store s.db
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 2 ]
    [[ "${lines[1]}" == "$group "*"complete"*" 8 "*"(3 shards)" ]]
    # the group as one run: its report covers the whole plan
    run "$PACE" report --store s.db "$group" --output rep
    [ "$status" -eq 0 ]
    [ "$(json_get rep/results.json "sorted(r['test_id'] for r in d['results'])")" = \
      "['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']" ]
    [ "$(json_get rep/results.json "d['run_id']")" = "$group" ]
    run "$PACE" history --store s.db "$group"
    [ "$status" -eq 0 ]
    [[ "$output" == *"8 tests, 8 results, 16 samples"* ]]
    run "$PACE" compare --store s.db "$group" "$group"
    [ "$status" -eq 0 ]
    [ "$(printf '%s\n' "$output" | grep -c 'unchanged')" -ge 8 ]
}

@test "the cut is the same for every invocation, more shards than tests are empty, --run-group names the group" {
    write_suite
    run "$PACE" run --no-store --output a --shard 2/3 s.yaml
    run "$PACE" run --no-store --output b --shard 2/3 -r 1 s.yaml
    [ "$(json_get a/results.json "[r['test_id'] for r in d['results']]")" = \
      "$(json_get b/results.json "[r['test_id'] for r in d['results']]")" ]
    run "$PACE" run --store s.db --output c --shard 9/9 s.yaml
    [ "$status" -eq 0 ]
    [[ "$output" == *"Shard 9/9: 0 of 8 tests"* ]]
    run "$PACE" run --store s.db --output d --shard 1/2 --run-group nightly-42 s.yaml
    [ "$status" -eq 0 ]
    [ "$(sqlite3 s.db "SELECT run_group || ' ' || shard FROM runs")" = "nightly-42 1/2" ]
    GITHUB_RUN_ID=777 GITHUB_RUN_ATTEMPT=2 run "$PACE" run --store s.db --output e --shard 2/2 s.yaml
    [ "$status" -eq 0 ]
    [[ "$output" == *"(run group ci-777-2)"* ]]
    for bad in 0/3 4/3 x 3 1/0; do
        run "$PACE" run --no-store --shard "$bad" s.yaml
        [ "$status" -eq 2 ]
        [[ "$output" == *"is not K/N"* ]]
    done
}
