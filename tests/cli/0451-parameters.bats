#!/usr/bin/env bats
# Parameter sweeps (issue 15, acceptance 4): -P/--parameter-scan with -D,
# -L/--parameter-list (their product), `parameters:` in suites; {NAME}
# substituted in commands and hooks; one result per combination with its
# parameters in results.json, the store, pace report and the hyperfine
# exports; report.html draws a numeric sweep as a line with intervals,
# checked in headless Chromium as 0820-html.bats does.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."
CHECK="$ROOT/tests/html_check.py"

setup() { common_setup; }

# The parameter chart of a rendered DOM: per svg, its line's points (x, y),
# its circles and whiskers.
sweep_chart() {
    python3 - "$1" <<'PY'
import html.parser, json, re, sys
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.fig = False; s.svgs = []
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == "figure": s.fig = a.get("id") == "chart-parameters"
        if not s.fig: return
        if tag == "svg": s.svgs.append({"line": [], "points": 0, "whiskers": 0, "title": a.get("aria-label")})
        elif tag == "path" and "ln" in a.get("class", "").split():
            s.svgs[-1]["line"] = [[float(v) for v in p.split()] for p in re.split("[ML]", a["d"]) if p]
        elif tag == "circle": s.svgs[-1]["points"] += 1
        elif tag == "path" and "ci" in a.get("class", "").split(): s.svgs[-1]["whiskers"] += 1
    def handle_endtag(s, tag):
        if tag == "figure": s.fig = False
p = P(); p.feed(open(sys.argv[1]).read()); print(json.dumps(p.svgs))
PY
}

@test "pace run -P n 1 4 -- 'pace-helper busy {n}': four results, parameters recorded, drawn as a line" {
    run "$PACE" run -r 4 --store s.db -o out -P n 1 4 -- "$HELPER busy {n}"
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'len(d["results"])')" -eq 4 ]
    [ "$(json_get out/results.json '[r["parameters"] for r in d["results"]]')" = "[{'n': '1'}, {'n': '2'}, {'n': '3'}, {'n': '4'}]" ]
    [ "$(json_get out/results.json '[r["command"].split()[1:] for r in d["results"]]')" = "[['busy', '1'], ['busy', '2'], ['busy', '3'], ['busy', '4']]" ]
    [ "$(json_get out/results.json 'len(set(r["parameter_base"] for r in d["results"]))')" -eq 1 ]
    [ "$(json_get out/results.json 'len(set(r["test_id"] for r in d["results"]))')" -eq 4 ]
    [ "$(json_get out/results.json '[r["iterations"] for r in d["results"]]')" = "[4, 4, 4, 4]" ]
    python3 "$ROOT/tests/validate_schema.py" "$ROOT/docs/results.schema.json" out/results.json
    # the store keeps them: pace report rebuilds the same parameters
    [ "$(sqlite3 s.db "select count(*) from results where json_extract(test_json, '$.parameters.n') is not null")" -eq 4 ]
    run "$PACE" report --store s.db -o again latest
    [ "$status" -eq 0 ]
    [ "$(json_get again/results.json '[r["parameters"] for r in d["results"]]')" = "[{'n': '1'}, {'n': '2'}, {'n': '3'}, {'n': '4'}]" ]
    # report.html, rendered: one line through four points at rising x, with
    # an interval whisker at each
    python3 "$CHECK" load out/report.html w > load.json
    [ "$(json_get load.json 'd["console"]')" = "[]" ]
    sweep_chart w/dom.html > chart.json
    cat chart.json
    [ "$(json_get chart.json 'len(d)')" -eq 1 ]
    [ "$(json_get chart.json 'len(d[0]["line"])')" -eq 4 ]
    [ "$(json_get chart.json '[p[0] for p in d[0]["line"]] == sorted(p[0] for p in d[0]["line"])')" = True ]
    [ "$(json_get chart.json 'd[0]["points"]')" -eq 4 ]
    [ "$(json_get chart.json 'd[0]["whiskers"]')" -eq 4 ]
    [[ "$(json_get chart.json 'd[0]["title"]')" == *"mean time by n"* ]]
    # the same page from the store draws the same chart
    python3 "$CHECK" load again/report.html w2 > /dev/null
    sweep_chart w2/dom.html > chart2.json
    cmp chart.json chart2.json
    # the lone-variant tests are not bars of 1.0 in the relative chart
    grep -q 'its sweep is drawn below' w/dom.html
}

@test "a numeric sweep's x axis is linear: 1, 2, 8 are not evenly spaced" {
    run "$PACE" run -r 2 -q --no-store -o out -L n 1,2,8 -- "$HELPER busy {n}"
    [ "$status" -eq 0 ]
    python3 "$CHECK" load out/report.html w > /dev/null
    sweep_chart w/dom.html > chart.json
    python3 -c 'import json; x=[p[0] for p in json.load(open("chart.json"))[0]["line"]]; gap=lambda a,b: x[b]-x[a]; assert abs(gap(1,2) - 6*gap(0,1)) < 1, x'
    # a list of words has no numeric axis: no sweep chart
    run "$PACE" run -r 1 -q --no-store -o out2 -L w a,b -- 'echo {w}'
    [ "$status" -eq 0 ]
    ! grep -q 'chart-parameters' out2/report.html
}

@test "-D sets the step (decimals kept); -L repeats into the product, in order" {
    run "$PACE" run -r 1 -q --no-store -o out -P x 0 1 -D 0.25 -- 'echo {x}'
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json '[r["parameters"]["x"] for r in d["results"]]')" = "['0.00', '0.25', '0.50', '0.75', '1.00']" ]
    [ "$(json_get out/results.json '[r["command"] for r in d["results"]]')" = "['echo 0.00', 'echo 0.25', 'echo 0.50', 'echo 0.75', 'echo 1.00']" ]
    run "$PACE" run -r 1 -q --no-store -o out -L a x,y -L b 1,2 -- 'echo {a}{b}'
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json '[r["command"] for r in d["results"]]')" = "['echo x1', 'echo x2', 'echo y1', 'echo y2']" ]
    [ "$(json_get out/results.json '[r["test_id"].split(":")[1] for r in d["results"]]')" = "['a=x,b=1', 'a=x,b=2', 'a=y,b=1', 'a=y,b=2']" ]
    # several commands: each combination is a test with every command as
    # its variants (compared with each other), values in every command
    run "$PACE" run -r 2 -q --no-store -o out -L n 1,2 -- "$HELPER busy {n}" 'echo {n}'
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json '[(r["parameters"]["n"], r["command"].split()[-1]) for r in d["results"]]')" = "[('1', '1'), ('1', '1'), ('2', '2'), ('2', '2')]" ]
    [ "$(json_get out/results.json 'sorted(c["test_id"].split(":")[1] for c in d["comparisons"])')" = "['n=1', 'n=2']" ]
}

@test "parameters reach the hyperfine exports: JSON parameters, CSV parameter_NAME" {
    run "$PACE" run -r 2 -q --no-store -o out -L a x,y -P b 1 2 --export-json h.json --export-csv h.csv -- 'echo {a}{b}'
    [ "$status" -eq 0 ]
    [ "$(json_get h.json '[r["parameters"] for r in d["results"]]')" = "[{'a': 'x', 'b': '1'}, {'a': 'x', 'b': '2'}, {'a': 'y', 'b': '1'}, {'a': 'y', 'b': '2'}]" ]
    [ "$(head -1 h.csv)" = "command,mean,stddev,median,user,system,min,max,parameter_a,parameter_b" ]
    [ "$(sed -n 2p h.csv | cut -d, -f1,9,10)" = "echo x1,x,1" ]
    # no sweep, no parameters key (hyperfine leaves it out too)
    run "$PACE" run -r 2 -q --no-store -o out --export-json h2.json --export-csv h2.csv -- 'echo a'
    [ "$(json_get h2.json '"parameters" in d["results"][0]')" = False ]
    [ "$(head -1 h2.csv)" = "command,mean,stddev,median,user,system,min,max" ]
}

@test "{NAME} is substituted in hooks too" {
    run "$PACE" run -r 1 -q --no-store -o out -L f one,two --setup 'touch {f}.setup' -- 'echo {f}'
    [ "$status" -eq 0 ]
    [ -e one.setup ] && [ -e two.setup ]
}

@test "sweep errors: unused name, bad numbers, -D alone, too few values (exit 2)" {
    run "$PACE" run --no-store -P n 1 4 -- 'echo x'
    [ "$status" -eq 2 ]
    [[ "$output" == *"parameter 'n': no command or hook uses {n}"* ]]
    run "$PACE" run --no-store -P n 4 1 -- 'echo {n}'
    [ "$status" -eq 2 ]
    [[ "$output" == *"MIN 4 is greater than MAX 1"* ]]
    run "$PACE" run --no-store -P n 1 x -- 'echo {n}'
    [ "$status" -eq 2 ]
    [[ "$output" == *"MAX 'x' is not a number"* ]]
    run "$PACE" run --no-store -P n 1 2 -D 0 -- 'echo {n}'
    [ "$status" -eq 2 ]
    [[ "$output" == *"must be greater than 0"* ]]
    run "$PACE" run --no-store -D 1 -- 'echo {n}'
    [ "$status" -eq 2 ]
    [[ "$output" == *"without -P/--parameter-scan"* ]]
    run "$PACE" run --no-store -P n 1 4 -D 0.0001 -- 'echo {n}'
    [ "$status" -eq 2 ]
    [[ "$output" == *"at most 10000"* ]]
    run "$PACE" run --no-store -L n 1,2 -L n 3 -- 'echo {n}'
    [ "$status" -eq 2 ]
    [[ "$output" == *"given twice"* ]]
    run "$PACE" run --no-store -P n 1
    [ "$status" -eq 2 ]
    [[ "$output" == *"needs 3 values: NAME MIN MAX"* ]]
    run "$PACE" run --no-store -P 'n m' 1 2 -- 'echo {n m}'
    [ "$status" -eq 2 ]
    [[ "$output" == *"parameter name 'n m'"* ]]
}

@test "parameters: in a suite, per test and for the whole suite; dependsOn follows" {
    cat > s.yaml <<YAML
suite: sweep
variants: [a, b]
parameters:
  ms: [1, 3]
tests:
  - id: spin
    name: Spin {ms} ms
    command:
      a: $HELPER busy {ms}
      b: $HELPER busy {n}
    parameters:
      n: [1, 2]
  - id: after
    command: $HELPER exit 0
    dependsOn: [spin]
YAML
    run "$PACE" list s.yaml
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"spin:n=1,ms=1"* && "$output" == *"spin:n=2,ms=3"* ]]
    run "$PACE" run -r 2 -q --no-store -o out s.yaml
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'len(d["results"])')" -eq 9 ]
    [ "$(json_get out/results.json '[r["command"].split()[-1] for r in d["results"] if r["test_id"] == "spin:n=2,ms=3"]')" = "['3', '2']" ]
    [ "$(json_get out/results.json '[r["name"] for r in d["results"] if r["test_id"] == "spin:n=2,ms=3"][0]')" = "Spin 3 ms (n=2)" ]
    # the dependent runs after every combination
    [ "$(json_get out/results.json 'd["results"][-1]["test_id"]')" = after ]
    [ "$(json_get out/results.json 'd["results"][-1]["parameters"]')" = "{}" ]
    # two variants over a numeric parameter: one line each
    python3 "$CHECK" load out/report.html w > /dev/null
    sweep_chart w/dom.html > chart.json
    [ "$(json_get chart.json 'len(d)')" -eq 1 ]
    [[ "$(json_get chart.json 'd[0]["title"]')" == "spin: mean time by n"* ]]
}

@test "parameters: errors name file:line (unused, not a list)" {
    cat > s.yaml <<'YAML'
suite: s
tests:
  - id: x
    command: echo hi
    parameters:
      n: [1, 2]
YAML
    run "$PACE" list s.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"s.yaml:6:"*"parameter 'n' in test 'x' is used by no command or hook"* ]]
    sed -i 's/n: \[1, 2\]/n: 3/; s/echo hi/echo {n}/' s.yaml
    run "$PACE" list s.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"parameter 'n' in test 'x' must be a non-empty list"* ]]
    printf 'suite: s\nparameters: {zz: [1]}\ntests:\n  - id: x\n    command: echo hi\n' > t.yaml
    run "$PACE" list t.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"t.yaml:2:"*"parameter 'zz' is used by no test"* ]]
}
