#!/usr/bin/env bats
# pace serve's JSON API (issue 17) against docs/serve.schema.json, the
# answers' figures against the store's, hostile requests (../, oversized
# headers and bodies, other methods, unknown paths: 4xx), and the token
# rule (required off loopback; never from argv).

load helpers
load serve


# code URL [curl options]: the HTTP status only
code() {
    local url=$1
    shift
    curl -s -o /dev/null -w '%{http_code}' "$@" "$url"
}

valid() { /usr/bin/python3 "$SERVE_CHECK" validate "$SCHEMA" "$1" "$2"; }

@test "every /api answer validates against docs/serve.schema.json" {
    one_run
    one_run
    start_serve
    curl -sf "$SERVE_URL/api/runs" > runs.json
    valid runs runs.json
    [ "$(json_get runs.json 'len(d["runs"])')" -eq 2 ]
    new=$(json_get runs.json 'd["runs"][0]["id"]')
    old=$(json_get runs.json 'd["runs"][1]["id"]')
    curl -sf "$SERVE_URL/api/runs/$old" > run.json
    valid run run.json
    [ "$(json_get run.json 'd["run"]["id"]')" = "$old" ]
    [ "$(json_get run.json 'len(d["results"])')" -eq 4 ]
    [ "$(json_get run.json 'sorted(r["samples"] for r in d["results"])')" = "[4, 4, 4, 4]" ]
    # the figures are the store's (pace history's)
    "$PACE" history --json --test doze --variant slow > h.json
    python3 - <<'PY'
import json
run = json.load(open("run.json"))
hist = json.load(open("h.json"))["history"]
r = [x for x in run["results"] if x["test"] == "doze" and x["variant"] == "slow"][0]
p = [x for x in hist if x["run_id"] == run["run"]["id"]][0]
assert abs(r["mean"] - p["mean"]) < 1e-12 and r["mean"] >= 0.04, (r, p)
assert r["ciLow"] <= r["mean"] <= r["ciHigh"], r
PY
    curl -sf "$SERVE_URL/api/runs/latest" > latest.json
    [ "$(json_get latest.json 'd["run"]["id"]')" = "$new" ]
    curl -sf "$SERVE_URL/api/tests" > tests.json
    valid tests tests.json
    [ "$(json_get tests.json 'sorted((t["test"], t["variant"], t["runs"]) for t in d["tests"])')" = \
      "[('doze', 'quick', 2), ('doze', 'slow', 2), ('nap', 'quick', 2), ('nap', 'slow', 2)]" ]
    curl -sf "$SERVE_URL/api/history/serve-demo/nap/quick" > hist.json
    valid history hist.json
    [ "$(json_get hist.json '[p["runId"] for p in d["points"]]')" = "['$old', '$new']" ]
    curl -sf "$SERVE_URL/api/compare/$old/$new" > cmp.json
    valid compare cmp.json
    [ "$(json_get cmp.json 'len(d["changes"])')" -eq 4 ]
    [ "$(json_get cmp.json 'd["improved"] + d["regressed"] + d["unchanged"]')" -eq 4 ]
    curl -sf "$SERVE_URL/api/progress" > prog.json
    valid progress prog.json
    [ "$(json_get prog.json 'd["run"]["id"]')" = "$new" ]
    curl -s "$SERVE_URL/api/runs/nosuch" > err.json
    valid error err.json
    # the validator does reject an answer that breaks the schema
    python3 -c 'import json; d=json.load(open("run.json")); d["results"][0]["mean"]="fast"; del d["run"]["status"]; json.dump(d, open("bad.json","w"))'
    run valid run bad.json
    [ "$status" -eq 1 ]
    [[ "$output" == *"'status' is a required property"* ]]
    [[ "$output" == *"results/0/mean: 'fast' is not of type 'number', 'null'"* ]]
}

@test "hostile requests: ../, oversized headers and bodies, other methods, unknown paths get 4xx" {
    one_run
    start_serve
    [ "$(code "$SERVE_URL/api/runs")" = 200 ]
    [ "$(code "$SERVE_URL/api/../metrics" --path-as-is)" = 400 ]
    [ "$(code "$SERVE_URL/../../etc/passwd" --path-as-is)" = 400 ]
    [ "$(code "$SERVE_URL/%2e%2e/%2e%2e/etc/passwd" --path-as-is)" = 400 ]
    [ "$(code "$SERVE_URL/api/history/serve-demo/..%2f..%2fetc/passwd" --path-as-is)" = 400 ]
    [ "$(code "$SERVE_URL/api/runs/.." --path-as-is)" = 400 ]
    [ "$(code "$SERVE_URL/api/runs/." --path-as-is)" = 400 ]
    [ "$(code "$SERVE_URL/etc/passwd")" = 404 ]
    [ "$(code "$SERVE_URL/api/nope")" = 404 ]
    [ "$(code "$SERVE_URL/api/runs/x/y/z")" = 404 ]
    [ "$(code "$SERVE_URL/api/history/a//b")" = 400 ]
    [ "$(code "$SERVE_URL/api/runs/nosuch")" = 404 ]
    big=$(head -c 40000 /dev/zero | tr '\0' a)
    [ "$(code "$SERVE_URL/metrics" -H "X-Big: $big")" = 431 ]
    [ "$(code "$SERVE_URL/$big")" = 414 ]
    head -c 5000000 /dev/zero > body.bin
    [ "$(code "$SERVE_URL/api/runs" -X POST --data-binary @body.bin)" = 405 ]
    [ "$(code "$SERVE_URL/api/runs" -X GET --data-binary @body.bin)" = 413 ]
    [ "$(code "$SERVE_URL/api/runs" -X GET -H 'Transfer-Encoding: chunked' --data-binary @body.bin)" = 413 ]
    [ "$(code "$SERVE_URL/api/runs" -X DELETE)" = 405 ]
    [ "$(code "$SERVE_URL/metrics" -I)" = 200 ]
    # and it still answers after all that
    [ "$(code "$SERVE_URL/api/runs")" = 200 ]
    grep -q 'POST /api/runs 405' serve.err
}

@test "a token is required off loopback, read from a file or the environment, checked on every request" {
    one_run
    # not loopback and no token: refused before listening
    run "$PACE" serve --listen 0.0.0.0:0
    [ "$status" -eq 2 ]
    [[ "$output" == *"needs a token"* ]]
    # there is no option that takes the token itself
    run "$PACE" serve --token s3cret
    [ "$status" -eq 2 ]
    printf 'tok-%s\n' "$RANDOM$RANDOM" > token
    chmod 600 token
    start_serve --listen 0.0.0.0:0 --token-file token
    grep -q 'token required' serve.out
    ! grep -q 'readable by other users' serve.err
    url="http://127.0.0.1:${SERVE_URL##*:}"
    [ "$(code "$url/metrics")" = 401 ]
    [ "$(code "$url/api/runs" -H 'Authorization: Bearer wrong')" = 401 ]
    [ "$(code "$url/api/runs" -H "Authorization: Bearer $(cat token)x")" = 401 ]
    [ "$(code "$url/api/runs" -H "Authorization: Bearer $(cat token)")" = 200 ]
    [ "$(code "$url/metrics" -H "Authorization: Bearer $(cat token)")" = 200 ]
    serve_teardown
    SERVE_PIDS=()
    # a token others can read is used, with a warning
    chmod 644 token
    start_serve --token-file token
    grep -q "token file 'token' is readable by other users" serve.err
    [ "$(code "$SERVE_URL/api/runs" -H "Authorization: Bearer $(cat token)")" = 200 ]
    serve_teardown
    SERVE_PIDS=()
    PACE_SERVE_TOKEN=from-env start_serve
    [ "$(code "$SERVE_URL/api/runs")" = 401 ]
    [ "$(code "$SERVE_URL/api/runs" -H 'Authorization: Bearer from-env')" = 200 ]
}
