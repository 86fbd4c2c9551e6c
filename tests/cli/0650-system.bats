#!/usr/bin/env bats
# pace system check|tune|reset (issue 13): the checks on this machine and on
# a fake /proc and /sys (--root), tune then reset restoring exactly what was
# there, and what a user without root is told.

load helpers

setup() { common_setup; d=; }
teardown() { [ -z "$d" ] || rm -rf "$d"; }

# A machine to tune: one CPU on powersave, turbo on, DAMON paging out.
fake_root() {
    local r=$1 c=$1/sys/devices/system/cpu k=$1/sys/kernel/mm/damon/admin/kdamonds/0
    mkdir -p "$c/cpu0/cpufreq" "$c/cpu1/cpufreq" "$c/intel_pstate" \
        "$k/contexts/0/schemes/0" "$r/proc"
    # without newlines, as tune writes them, so that diff -r compares values
    printf 0-1 > "$c/online"
    printf powersave > "$c/cpu0/cpufreq/scaling_governor"
    printf "performance powersave" > "$c/cpu0/cpufreq/scaling_available_governors"
    printf performance > "$c/cpu1/cpufreq/scaling_governor"
    printf 0 > "$c/intel_pstate/no_turbo"
    printf on > "$k/state"
    printf pageout > "$k/contexts/0/schemes/0/action"
    printf "0.00 0.00 0.00 1/10 1" > "$r/proc/loadavg"
}

@test "pace system check on this machine: exit 0, names governor, turbo and VM facts" {
    run "$PACE" system check
    [ "$status" -eq 0 ]
    for name in governor turbo aslr load swap virtualization clocksource damon_reclaim; do
        [[ "$output" == *"$name "* ]]
    done
    [[ "$output" == *"16 checks: "* ]]
    # this VM: the hypervisor flag, or whatever it is, is named
    if grep -qw hypervisor /proc/cpuinfo; then
        [[ "$output" == *"hypervisor CPU flag"* ]]
    fi
    run "$PACE" system
    [ "$status" -eq 0 ]
    [[ "$output" == *"16 checks: "* ]]
}

@test "pace system check --json: every check with a status and a value" {
    "$PACE" system check --json > c.json
    python3 - c.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 16, d
names = {c["name"] for c in d}
assert {"governor", "turbo", "virtualization", "damon_reclaim"} <= names, names
for c in d:
    assert c["status"] in ("ok", "warn", "unknown"), c
    assert isinstance(c["value"], str), c
    assert c["status"] != "warn" or c["advice"], c
PY
}

@test "pace system check on a root with nothing in it: all unknown, exit 0" {
    mkdir empty
    run "$PACE" system check --json --root empty
    [ "$status" -eq 0 ]
    # all but the timer (clock_getres, not a file)
    n=$(python3 -c 'import json,sys; print(sum(c["status"] == "unknown" for c in json.loads(sys.argv[1])))' "$output")
    [ "$n" -eq 15 ]
}

@test "pace system tune then reset under a fake root restores every value" {
    fake_root fake
    cp -a fake before
    run "$PACE" system check --root fake
    [[ "$output" == *"governor               warn"* ]]
    run "$PACE" system tune --root fake
    [ "$status" -eq 0 ]
    [[ "$output" == *"set /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor: powersave -> performance"* ]]
    [ "$(cat fake/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor)" = performance ]
    [ "$(cat fake/sys/devices/system/cpu/intel_pstate/no_turbo)" = 1 ]
    [ "$(cat fake/sys/kernel/mm/damon/admin/kdamonds/0/state)" = off ]
    [ -f fake/run/pace/system-tune.json ]
    run "$PACE" system check --root fake --json
    python3 -c 'import json,sys; d={c["name"]: c["status"] for c in json.loads(sys.argv[1])}; assert d["governor"] == d["turbo"] == d["damon_reclaim"] == "ok", d' "$output"
    # a second tune has nothing to do and keeps the saved originals
    run "$PACE" system tune --root fake
    [ "$status" -eq 0 ]
    [[ "$output" == *"Nothing to tune"* ]]
    run "$PACE" system reset --root fake --json
    [ "$status" -eq 0 ]
    python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert len(d["changes"]) == 3 and all(c["error"] is None for c in d["changes"]), d' "$output"
    [ ! -e fake/run/pace/system-tune.json ]
    rm -rf fake/run
    diff -r before fake
    run "$PACE" system reset --root fake
    [ "$status" -eq 0 ]
    [[ "$output" == *"Nothing to reset"* ]]
}

@test "pace system tune without root says what needs root and exits 2" {
    command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
    [ "$(id -u)" -eq 0 ] || skip "needs root to drop to another user"
    # the test's own directory may sit below one that nobody cannot enter
    d=$(mktemp -d "${TMPDIR:-/tmp}/pace-system-XXXXXX")
    fake_root "$d/fake"
    chmod -R a+rX "$d"
    cp -a "$d/fake" before
    run setpriv --reuid=65534 --regid=65534 --clear-groups "$PACE" system tune --root "$d/fake"
    [[ "$output" == *"needs root"* ]]
    [ "$status" -eq 2 ]
    [[ "$output" == *"scaling_governor"* ]]
    [ ! -e "$d/fake/run/pace/system-tune.json" ]
    diff -r before "$d/fake"
}

@test "pace system tune then reset on this machine restores the values read before" {
    [ "$(id -u)" -eq 0 ] || skip "tune writes /sys: needs root"
    "$PACE" system check --json > before.json
    run "$PACE" system tune --state "$PWD/state.json" --json
    [ "$status" -eq 0 ]
    echo "$output" > tuned.json
    run "$PACE" system reset --state "$PWD/state.json" --json
    [ "$status" -eq 0 ]
    [ ! -e state.json ]
    # every value tune replaced is back as it was before
    python3 - tuned.json <<'PY'
import json, sys
for c in json.load(open(sys.argv[1]))["changes"]:
    if c["error"] is None:
        now = open(c["path"]).read().strip()
        assert now == c["before"], (c, now)
PY
    "$PACE" system check --json > after.json
    python3 -c '
import json, sys
def st(f): return {c["name"]: (c["status"], c["value"]) for c in json.load(open(f)) if c["name"] in ("governor", "turbo", "damon_reclaim")}
a, b = st(sys.argv[1]), st(sys.argv[2])
assert a == b, (a, b)' before.json after.json
}

@test "pace system: unknown subcommand and stray argument are usage errors" {
    run "$PACE" system frobnicate
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown subcommand"* ]]
    run "$PACE" system check extra
    [ "$status" -eq 2 ]
    run "$PACE" system --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"pace system tune"* ]]
}

@test "a run on a loaded machine says so once, and the checks are in results.json" {
    run "$PACE" run --runs 2 -o out -- "$HELPER exit 0" "$HELPER exit 0"
    [ "$status" -eq 0 ]
    n=$(grep -c "see 'pace system check'" <<<"$output" || true)
    [ "$n" -le 1 ]
    python3 - out/results.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
env = {c["name"]: c for c in d["environment"]["system_checks"]}
det = {c["name"]: c for c in d["metadata"]["environmentDetails"]["systemChecks"]} if "metadata" in d and "environmentDetails" in d["metadata"] else None
assert len(env) == 16 and "damon_reclaim" in env, env
PY
    if python3 -c 'import json,sys; sys.exit(0 if any(c["status"] == "warn" and c["name"] in ("load", "governor", "turbo", "damon_reclaim") for c in json.load(open(sys.argv[1]))["environment"]["system_checks"]) else 1)' out/results.json; then
        [ "$n" -eq 1 ]
        [[ "${lines[0]}" == "note: "* ]]
    fi
    run "$PACE" run --quiet --runs 2 -o out2 -- "$HELPER exit 0"
    [[ "$output" != *"see 'pace system check'"* ]]
}
