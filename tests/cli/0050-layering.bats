#!/usr/bin/env bats
# The stage order (src/STAGES, DESIGN.md §1): scripts/check-includes passes
# on the tree, and fails, naming file, line and edge, on a back edge added
# on purpose to a copy of it (issue 11, acceptance 1).

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

setup() { common_setup; }

copy_tree() {
    mkdir -p tree
    cp -r "$ROOT/src" "$ROOT/scripts" tree/
}

@test "the tree keeps the stage order of src/STAGES" {
    run "$ROOT/scripts/check-includes"
    echo "$output"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
}

@test "a back edge from store to runner fails, naming file, line and edge" {
    copy_tree
    f=tree/src/store/store_sqlite.c
    n=$(grep -n '^#include "' "$f" | tail -1 | cut -d: -f1)
    sed -i "${n}a #include \"runner/runner.h\"" "$f"
    run tree/scripts/check-includes
    [ "$status" -eq 1 ]
    [[ "$output" == *"src/store/store_sqlite.c:$((n + 1)): store -> runner: not allowed"* ]]
}

@test "a module missing from src/STAGES fails" {
    copy_tree
    mkdir tree/src/newmod
    echo '#include "model.h"' > tree/src/newmod/x.c
    run tree/scripts/check-includes
    [ "$status" -eq 1 ]
    [[ "$output" == *"src/newmod/x.c: module 'newmod' is not declared in src/STAGES"* ]]
}

@test "src/STAGES may only name modules declared on earlier lines" {
    copy_tree
    sed -i 's/^util:$/util: report/' tree/src/STAGES
    run tree/scripts/check-includes
    [ "$status" -eq 1 ]
    [[ "$output" == *"util -> report: report is not declared on an earlier line"* ]]
}
