#!/bin/sh
# bench/vs-gbench.sh - builds and runs bench/vs-gbench: the same three C
# functions measured by pace-bench and by Google Benchmark 1.7.1 in one
# process.  Arguments are passed on: [ROUNDS] [MIN_TIME_S].
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --werror >/dev/null
ninja -C "$BUILD" bench/vs-gbench >/dev/null
exec "$BUILD/bench/vs-gbench" "$@"
