#!/usr/bin/env bats
# pace serve's dashboard (issue 17, acceptance 3) in headless Chromium,
# driven over the DevTools protocol (tests/dashboard_check.py): no console
# message, no exception, no request to anything but the server itself;
# the history with its regression marks; and a run started after the page
# was opened appears, complete with its results, without a reload.

load helpers
load serve

CHECK="$BATS_TEST_DIRNAME/../dashboard_check.py"

@test "a control page's console message and outside request are detected" {
    /usr/bin/python3 "$CHECK" control w > c.json
    cat c.json
    json_get c.json 'd["console"]' | grep -q control-error
    [ "$(json_get c.json '"http://pace-control.invalid/x" in d["requests"]')" = True ]
}

@test "the dashboard shows a run started after it was opened, with no console message and no outside request" {
    # a history with a regression: 5 ms, then 50 ms
    NAP=0.005 "$PACE" run --runs 5 --warmup 0 -q -o out "$FIXTURES/serve-shift.yaml"
    NAP=0.05 "$PACE" run --runs 5 --warmup 0 -q -o out "$FIXTURES/serve-shift.yaml" || true
    start_serve
    curl -sf "$SERVE_URL/api/history/serve-shift/shift/default" > h.json
    [ "$(json_get h.json '[p["regression"] for p in d["points"]]')" = "[False, True]" ]
    # the page has no reference to anything outside itself
    curl -sf "$SERVE_URL/" > page.html
    ! grep -Eiq '(src|href)="(https?:)?//' page.html
    ! grep -Eiq 'url\((https?:)?//' page.html
    curl -sfI "$SERVE_URL/" | grep -qi "content-security-policy: default-src 'none'"
    /usr/bin/python3 "$CHECK" live "$SERVE_URL/" w -- \
        "$PACE" run --runs 3 --warmup 0 -o out2 "$FIXTURES/serve.yaml" > live.json
    cat live.json
    id=$(json_get live.json 'd["runId"]')
    [ "$(json_get live.json 'd["cmdExit"]')" = 0 ]
    [ "$(json_get live.json 'd["before"]')" != "$id" ]
    [ "$(json_get live.json 'd["shown"]')" = "nap/quick/3 nap/slow/3 doze/quick/3 doze/slow/3" ]
    [ "$(json_get live.json 'd["loads"]')" = 1 ]
    [ "$(json_get live.json 'd["console"]')" = "[]" ]
    [ "$(json_get live.json 'd["exceptions"]')" = "[]" ]
    json_get live.json '"\n".join(d["requests"])' > requests.txt
    grep -q "^$SERVE_URL/api/events$" requests.txt
    [ "$(grep -vc "^$SERVE_URL/" requests.txt)" -eq 0 ]
    # the DOM at the end: the new run in the runs table, every test's
    # history drawn, the regressed point marked and listed
    dom=w/dom.html
    grep -q ">$id</td>" "$dom"
    grep -q '<p id="live-progress">2 of 2 tests done</p>' "$dom"
    [ "$(grep -o '<svg' "$dom" | wc -l)" -eq 5 ]
    [ "$(grep -o 'class="mark"' "$dom" | wc -l)" -eq 1 ]
    grep -q 'serve-shift/shift \[default\] regressed in run' "$dom"
}
