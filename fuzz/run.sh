#!/bin/sh
# fuzz/run.sh [SECONDS] - builds the libFuzzer target of pace's suite and
# config parsers with clang + ASan/UBSan in build-fuzz/ and runs it for
# SECONDS (default 60), seeded with the suite fixtures of the CLI tests.
# Crashing inputs are left in build-fuzz/crashes/.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
if [ ! -f build-fuzz/build.ninja ]; then
    CC=clang meson setup build-fuzz -Dfuzz=true \
        -Db_sanitize=address,undefined -Db_lundef=false \
        -Dc_args='-fsanitize=fuzzer-no-link -fno-sanitize-recover=all' >/dev/null
fi
ninja -C build-fuzz fuzz/fuzz_config
corpus=build-fuzz/corpus
mkdir -p "$corpus" build-fuzz/crashes
cp tests/cli/fixtures/suites/* "$corpus"/
for f in tests/cli/fixtures/config/* ; do
    [ -f "$f" ] && cp "$f" "$corpus"/
done
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build-fuzz/fuzz/fuzz_config -max_total_time="$secs" -max_len=4096 -timeout=5 \
    -artifact_prefix=build-fuzz/crashes/ -print_final_stats=1 "$corpus"
