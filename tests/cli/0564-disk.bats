#!/usr/bin/env bats
# Disk deltas (issue 13, acceptance 5; seed 001's DiskMetrics): the
# working directory's bytes and entries before and after each run,
# outside the timed region.  A command writing 10 MB into it shows a
# 10 MB delta; one writing nothing shows none.

load helpers

setup() { common_setup; }

@test "disk: a command writing 10 MB into its working directory shows a 10 MB delta" {
    mkdir work
    cat > d.yaml <<YAML
suite: disk
tests:
  - id: write
    runs: 3
    shell: true
    cwd: $PWD/work
    command: head -c 10000000 /dev/zero > out.\$\$
  - id: nothing
    runs: 3
    cwd: $PWD/work
    command: ["$HELPER", "exit", "0"]
YAML
    run "$PACE" run --no-store d.yaml
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Disk delta (working directory, mean per run): +9.5 MiB, +1.0 entries"* ]]
    f=benchmarks/output/results.json
    [ "$(json_get $f 'd["results"][0]["disk"]["bytes_delta"]["mean"]')" = 10000000.0 ]
    [ "$(json_get $f 'd["results"][0]["disk"]["bytes_delta"]["sd"]')" = 0.0 ]
    [ "$(json_get $f 'd["results"][0]["disk"]["inodes_delta"]["mean"]')" = 1.0 ]
    [ "$(json_get $f 'd["results"][1]["disk"]["bytes_delta"]["mean"]')" = 0.0 ]
    [ "$(ls work | wc -l)" -eq 3 ]
    raw=benchmarks/output/raw/write.json
    [ "$(json_get $raw '[s["disk_bytes_delta"] for s in d["variants"][0]["samples"]]')" = "[10000000, 10000000, 10000000]" ]
}
