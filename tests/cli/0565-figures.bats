#!/usr/bin/env bats
# Honest figures (issue 13): CPU % = (user + sys) / wall, page faults,
# context switches and I/O system calls summarized per run with their
# intervals on the console and in summary.md, which also states the
# timer, the clock source and how the kernel accounts CPU time.

load helpers

setup() { common_setup; }

@test "figures: CPU %, faults, context switches and I/O calls with intervals; resolutions stated" {
    run "$PACE" run --no-store --runs 3 -- "$HELPER busy 50" "$HELPER alloc 20"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Resources (mean [95% CI], per run): CPU % "*", page faults "*", context switches "*", I/O syscalls "* ]]
    md=benchmarks/output/summary.md
    grep -q '^## Resources per run' $md
    grep -q '^| Test | Variant | CPU % | page faults | context switches | I/O syscalls |' $md
    # alloc 20 touches 5120 pages: its faults column says so; busy is
    # CPU-bound, so (user + sys) / wall is far above an idle command's
    python3 - $md <<'PY'
import sys
text = open(sys.argv[1]).read().split("## Resources per run")[1].split("\n\n")[1]
rows = [l.split("|") for l in text.splitlines() if l.startswith("| adhoc")]
assert len(rows) == 2, rows
busy = [r for r in rows if "busy 50" in r[2]][0]
alloc = [r for r in rows if "alloc 20" in r[2]][0]
assert float(alloc[4].split()[0]) >= 5120, alloc
assert float(busy[3].split()[0]) > 5, busy
assert "[" in busy[3], busy  # an interval
PY
    grep -q 'Wall time: CLOCK_MONOTONIC (timer ' $md
    ! grep -q 'timer unknown' $md
    grep -q 'CPU time accounting: ' $md
}
