#!/bin/sh
# fuzz/run.sh [SECONDS [TARGET...]] - builds pace's libFuzzer targets with
# clang + ASan/UBSan in build-fuzz/ and runs each TARGET (default: all of
# config suite stats import) for SECONDS (default 60), seeded with the
# CLI tests' fixtures.  Crashing inputs are left in build-fuzz/crashes/;
# each target keeps its corpus in build-fuzz/corpus-TARGET/.
#   fuzz/run.sh 600            # the 10-minute runs of issue 16, one by one
#   fuzz/run.sh 120 stats      # one target
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-config suite stats import}
if [ ! -f build-fuzz/build.ninja ]; then
    CC=clang meson setup build-fuzz -Dfuzz=true \
        -Db_sanitize=address,undefined -Db_lundef=false \
        -Dc_args='-fsanitize=fuzzer-no-link -fno-sanitize-recover=all' >/dev/null
fi
for t in $targets; do
    ninja -C build-fuzz "fuzz/fuzz_$t"
done
mkdir -p build-fuzz/crashes
seed() { # seed TARGET: the fixtures that exercise it
    corpus=build-fuzz/corpus-$1
    mkdir -p "$corpus"
    case $1 in
    config|suite)
        cp tests/cli/fixtures/suites/* "$corpus"/
        for f in tests/cli/fixtures/config/* tests/cli/fixtures/*.yaml; do
            if [ -f "$f" ]; then cp "$f" "$corpus"/; fi
        done ;;
    stats|import)
        printf '0.0102\n0.0104\n# c\n\n0.0101\n1e308\nnan\n-inf\n' > "$corpus/text.txt"
        printf '[1, 2.5, 3e-9]' > "$corpus/array.json"
        printf '{"results": [{"command": "a", "times": [0.1, 0.2]}, {"command": "b", "times": []}]}' \
            > "$corpus/hyperfine.json"
        printf '{"variants": [{"variant": "v", "samples": [{"wall_ns": 1000, "fail": "none", "iterations": 4}, {"wall_ns": 5, "fail": "timeout"}]}]}' \
            > "$corpus/raw.json" ;;
    esac
}
status=0
for t in $targets; do
    seed "$t"
    echo "== fuzz_$t for ${secs}s"
    # a finding stops that target only; the exit status says there was one
    ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/fuzz/lsan.supp \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "build-fuzz/fuzz/fuzz_$t" -max_total_time="$secs" -max_len=4096 -timeout=5 \
        -rss_limit_mb=2048 -artifact_prefix="build-fuzz/crashes/$t-" \
        -print_final_stats=1 "build-fuzz/corpus-$t" || { status=1; echo "== fuzz_$t: FOUND SOMETHING"; }
done
exit $status
