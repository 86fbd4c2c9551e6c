#!/bin/sh
# screenshot.sh - a PNG of a pace report page, for a person to look at.
#
#   tests/screenshot.sh [PAGE [PNG]]
#
# Without PAGE, runs tests/cli/fixtures/report.yaml with build/pace into
# build/report-demo/ and shoots its report.html.  PNG defaults to
# build/report.png.  Needs Debian's chromium.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
page=${1:-}
png=${2:-$root/build/report.png}
if [ -z "$page" ]; then
    out=$root/build/report-demo
    "${PACE:-$root/build/pace}" run --runs 8 -q -o "$out" \
        "$root/tests/cli/fixtures/report.yaml" >/dev/null 2>&1 || true
    page=$out/report.html
fi
[ -f "$page" ] || { echo "screenshot.sh: no page '$page'" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --host-resolver-rules='MAP * ~NOTFOUND' \
    --user-data-dir="$profile" --hide-scrollbars --window-size=1100,2600 \
    --screenshot="$png" "file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")" \
    >/dev/null 2>&1
[ -s "$png" ] || { echo "screenshot.sh: chromium wrote no '$png'" >&2; exit 1; }
echo "$png"
