#!/usr/bin/env bats
# Peak RSS is the measured command's own (issue 13): pace starts commands
# through pace-spawn, so a sample's max_rss no longer includes pace's own
# address space.  GNU time (fork + exec from a small program) is the
# reference.  Memory, not time: deterministic enough for a 10 % margin.

load helpers

setup() { common_setup; }

# The smallest of 5 peak RSS figures in KiB, from pace and from GNU time.
pace_min_kib() { # one command line
    "$PACE" run --runs 5 --warmup 0 --quiet --no-summary --output out \
        --store pace.db -- "$1" >/dev/null
    python3 -c '
import glob, json
(f,) = glob.glob("out/raw/*.json")
d = json.load(open(f))
print(min(s["max_rss"] for v in d["variants"] for s in v["samples"]) // 1024)'
}

time_min_kib() {
    for i in 1 2 3 4 5; do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; done |
        sort -n | head -1
}

within_10_percent() {
    python3 -c 'import sys; a, b = int(sys.argv[1]), int(sys.argv[2]); sys.exit(abs(a - b) > 0.10 * b)' "$1" "$2"
}

@test "max_rss of true is within 10 % of /usr/bin/time's" {
    [ -x /usr/bin/time ] || skip "GNU time is not installed (scripts/deps installs it)"
    p=$(pace_min_kib true)
    t=$(time_min_kib true)
    echo "pace: $p KiB, /usr/bin/time: $t KiB"
    within_10_percent "$p" "$t"
}

@test "max_rss of a command that allocates 64 MiB is its own" {
    [ -x /usr/bin/time ] || skip "GNU time is not installed (scripts/deps installs it)"
    p=$(pace_min_kib "$HELPER alloc 64")
    t=$(time_min_kib "$HELPER" alloc 64)
    echo "pace: $p KiB, /usr/bin/time: $t KiB"
    within_10_percent "$p" "$t"
}
