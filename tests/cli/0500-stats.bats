#!/usr/bin/env bats
# pace stats: ministat-style description and comparison of sample files,
# its JSON figures against the SciPy/R references of tests/ref/stats_ref.py,
# the input formats and the errors.

load helpers

setup() {
    common_setup
    printf '0.0102\n0.0104\n0.0101\n0.0109\n0.0103\n0.0105\n0.0102\n0.0106\n0.0103\n0.0104\n' > a.txt
    printf '# a comment\n0.02025\n0.02058\n0.0207\n0.02043\n\n0.02042\n0.02078\n0.02071\n0.02009\n0.02047\n0.02051\n0.02008\n0.0206\n' > b.txt
}

@test "pace stats: summary of each file and the comparison with the first" {
    run "$PACE" stats a.txt b.txt
    [ "$status" -eq 0 ]
    [[ "$output" == *"a.txt (n = 10)"* && "$output" == *"b.txt (n = 12)"* ]]
    [[ "$output" == *"b.txt vs a.txt (baseline)"* ]]
    [[ "$output" == *"Shapiro-Wilk W 0.9212, p 0.3667"* ]]
    [[ "$output" == *"Welch t"*"p 1.063e-27"* ]]
    [[ "$output" == *"Mann-Whitney U 0, p 8.614e-05"* ]]
    [[ "$output" == *"verdict      difference, larger than the practical threshold"* ]]
}

# Compares pace stats --json with the references; without R (or with
# PACE_TEST_NO_R=1) the fields derived from Shapiro-Wilk are left out.
check_stats_figures() {
    /usr/bin/python3 - "$PACE" "$BATS_TEST_DIRNAME/../ref" <<'PY'
import json, math, os, shutil, subprocess, sys, warnings
warnings.simplefilter("ignore")
pace, ref = sys.argv[1], sys.argv[2]
sys.path.insert(0, ref)
import stats_ref as s
vs = {n: x for n, x, _ in s.engine_vectors()}
names = ["basic", "ties", "n3", "constant", "heavy", "lognormal", "cauchy",
         "nonfinite", "noties8", "irwin5000"]
files = []
for n in names:
    with open(n + ".txt", "w") as f:
        f.write("".join(repr(float(v)) + "\n" for v in vs[n]))
    files.append(n + ".txt")
out = json.loads(subprocess.run([pace, "stats", "--json"] + files, check=True,
                                capture_output=True, text=True).stdout)
# PACE_TEST_NO_R=1 runs the test as on a machine without R (to check that
# path): then neither the Shapiro-Wilk fields nor `normal`, which is
# derived from sw_p, can be compared.
have_r = shutil.which("Rscript") is not None and not os.environ.get("PACE_TEST_NO_R")
sws = s.r_shapiro([vs[n] for n in names]) if have_r else [(math.nan,) * 2] * len(names)
bad = []
def check(what, key, got, want, p):
    if got is None:
        got = math.nan
    if isinstance(want, float) and math.isnan(want) or isinstance(want, float) and math.isinf(want):
        ok = math.isnan(got)  # JSON null
    elif p:
        ok = abs(got - want) <= 1e-6
    else:
        ok = abs(got - want) <= 1e-9 * max(abs(got), abs(want)) + (1e-9 if key == "skewness" else 1e-20)
    if not ok:
        bad.append("%s %s: %r want %r" % (what, key, got, want))
for n, d, sw in zip(names, out["datasets"], sws):
    want = s.describe_ref(vs[n], sw)
    for k in s.DESCRIBE_FIELDS:
        if (k.startswith("sw_") or k == "normal") and not have_r:
            continue
        check(n, k, float(d[k]) if d[k] is not None else None, float(want[k]), k in ("sw_w", "sw_p"))
for n, c in zip(names[1:], out["comparisons"]):
    want = s.twosample_ref(vs["basic"], vs[n])
    for k in s.TWOSAMPLE_FIELDS:
        check("basic vs " + n, k, float(c[k]) if c[k] is not None else None,
              float(want[k]), k in ("welch_p", "mw_p", "power"))
print("\n".join(bad) or "all figures agree")
sys.exit(1 if bad else 0)
PY
}

@test "pace stats --json: the figures the unit tests check (SciPy/R)" {
    /usr/bin/python3 -c 'import scipy' 2>/dev/null || skip "no SciPy"
    run check_stats_figures
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"all figures agree"* ]]
}

@test "pace stats --json: the figures check passes on a machine without R" {
    /usr/bin/python3 -c 'import scipy' 2>/dev/null || skip "no SciPy"
    PACE_TEST_NO_R=1 run check_stats_figures
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"all figures agree"* ]]
}

@test "pace stats: the bootstrap is reproducible for a seed and --bootstrap applies" {
    "$PACE" stats --json --seed 7 --bootstrap 500 a.txt b.txt > one.json
    "$PACE" stats --json --seed 7 --bootstrap 500 a.txt b.txt > two.json
    "$PACE" stats --json --seed 8 --bootstrap 500 a.txt b.txt > three.json
    cmp one.json two.json
    ! cmp -s one.json three.json
    [ "$(json_get one.json 'd["comparisons"][0]["ratio_bootstrap"]["resamples"]')" = 500 ]
    [ "$(json_get one.json 'd["seed"]')" = 7 ]
    # the ratio's intervals hold the estimate
    [ "$(json_get one.json 'all(r["percentile"][0] <= r["estimate"] <= r["percentile"][1] and r["bca"][0] <= r["estimate"] <= r["bca"][1] for r in [d["comparisons"][0]["ratio_bootstrap"]])')" = True ]
}

@test "pace stats: --confidence and --alpha change the figures" {
    "$PACE" stats --json a.txt > c95.json
    "$PACE" stats --json --confidence 0.99 --alpha 0.5 a.txt > c99.json
    [ "$(json_get c99.json 'd["datasets"][0]["mean_ci_hi"] > 0') " ]
    [ "$(python3 -c 'import json; a=json.load(open("c95.json"))["datasets"][0]; b=json.load(open("c99.json"))["datasets"][0]; print(b["mean_ci_hi"]-b["mean_ci_lo"] > a["mean_ci_hi"]-a["mean_ci_lo"])')" = True ]
    [ "$(json_get c95.json 'd["datasets"][0]["normal"]')" = True ]
    [ "$(json_get c99.json 'd["datasets"][0]["normal"]')" = False ]
}

@test "pace stats reads hyperfine and pace raw JSON exports" {
    run "$PACE" stats "$BATS_TEST_DIRNAME/../golden/hyperfine.json"
    [ "$status" -eq 0 ]
    [[ "$output" == *"hyperfine.json:jj status (n = 6)"* ]]
    [[ "$output" == *"hyperfine.json:git status | cat vs "*"hyperfine.json:jj status (baseline)"* ]]
    [[ "$output" == *"no samples, left out"* ]]
    run "$PACE" stats --json "$BATS_TEST_DIRNAME/../golden/raw_cmp.json"
    [ "$status" -eq 0 ]
    echo "$output" > raw.json
    [ "$(json_get raw.json 'len(d["datasets"])')" = 2 ]
    [ "$(json_get raw.json 'd["datasets"][0]["min"]')" = 0.0101 ]
    echo '[1, 2, 3.5, 4]' > arr.json
    run "$PACE" stats arr.json
    [ "$status" -eq 0 ]
    [[ "$output" == *"arr.json (n = 4)"* ]]
}

@test "pace stats: non-finite values are left out and said so" {
    printf '1\nnan\n2\ninf\n3\n' > nf.txt
    run "$PACE" stats nf.txt
    [ "$status" -eq 0 ]
    [[ "$output" == *"nf.txt (n = 3, 2 non-finite values left out)"* ]]
}

@test "pace stats: bad input exits 2 with file and line" {
    run "$PACE" stats missing.txt
    [ "$status" -eq 2 ]
    [[ "$output" == *"missing.txt"* ]]
    printf '1\n2\nabc\n' > bad.txt
    run "$PACE" stats a.txt bad.txt
    [ "$status" -eq 2 ]
    [[ "$output" == *"bad.txt:3: not a number: 'abc'"* ]]
    printf '{"results": [\n  {"times": [1, 2,\n' > bad.json
    run "$PACE" stats bad.json
    [ "$status" -eq 2 ]
    [[ "$output" == *"bad.json:3: invalid JSON"* ]]
    echo '{"results": [{"command": "x", "times": [1, "two"]}]}' > shape.json
    run "$PACE" stats shape.json
    [ "$status" -eq 2 ]
    [[ "$output" == *"shape.json: results[0].times is not a list of numbers"* ]]
    : > empty.txt
    run "$PACE" stats empty.txt
    [ "$status" -eq 2 ]
    [[ "$output" == *"empty.txt: no numbers"* ]]
    run "$PACE" stats
    [ "$status" -eq 2 ]
    run "$PACE" stats --alpha 1.5 a.txt
    [ "$status" -eq 2 ]
    [[ "$output" == *"--alpha"* ]]
    run "$PACE" stats --bootstrap x a.txt
    [ "$status" -eq 2 ]
    run "$PACE" stats --bogus a.txt
    [ "$status" -eq 2 ]
}

@test "pace stats: a NUL byte, an endless file and an export without samples are errors" {
    printf '1\n2\n3\0009\n4\n' > nul.txt
    run "$PACE" stats nul.txt
    [ "$status" -eq 2 ]
    [[ "$output" == *"nul.txt:3: a NUL byte"* ]]
    run "$PACE" stats /dev/zero
    [ "$status" -eq 2 ]
    [[ "$output" == *"'/dev/zero': larger than 64 MiB, the limit for an input file"* ]]
    echo '{"results": []}' > none.json
    run "$PACE" stats none.json
    [ "$status" -eq 2 ]
    [[ "$output" == *"none.json: no samples in this export"* ]]
    echo '{"results": [{"command": "x", "times": []}]}' > failed.json
    run "$PACE" stats failed.json
    [ "$status" -eq 2 ]
    [[ "$output" == *"failed.json: no samples in this export"* ]]
    printf '{"results": [{"command": "a\\u0000b", "times": [1, 2, 3]}]}' > nulstr.json
    run "$PACE" stats nulstr.json
    [ "$status" -eq 2 ]
    [[ "$output" == *"nulstr.json:1: invalid JSON"* ]]
}

@test "pace help stats and pace stats --help agree" {
    run "$PACE" help stats
    [ "$status" -eq 0 ]
    a="$output"
    run "$PACE" stats --help
    [ "$status" -eq 0 ]
    [ "$a" = "$output" ]
    [[ "$output" == *"--bootstrap"* ]]
}

@test "pace stats: constant data and a single value give n/a, not garbage" {
    printf '5\n5\n5\n' > c.txt
    printf '7\n' > one.txt
    run "$PACE" stats c.txt one.txt
    [ "$status" -eq 0 ]
    [[ "$output" == *"mean      5            95% CI 5 .. 5 (t)"* ]]
    [[ "$output" == *"normality not testable"* ]]
    [[ "$output" == *"verdict      too few values to compare"* ]]
    [[ "$output" != *"-nan"* ]]
    "$PACE" stats --json c.txt one.txt > deg.json
    [ "$(json_get deg.json 'd["datasets"][1]["mean_ci_lo"]')" = None ]
    [ "$(json_get deg.json 'd["comparisons"][0]["welch_p"]')" = None ]
}

@test "pace stats --outlier-detection: trimmed figures next to the full ones" {
    printf '1.0\n1.1\n0.9\n1.05\n0.95\n1.02\n25.0\n0.98\n1.01\n-12.0\n1.03\n0.97\n' > heavy.txt
    run "$PACE" stats --outlier-detection heavy.txt
    [ "$status" -eq 0 ]
    [[ "$output" == *"outliers  Tukey 0 mild, 2 severe"* ]]
    [[ "$output" == *"trimmed   2 outliers left out: mean 1.001, median 1.005"* ]]
    "$PACE" stats --json -O heavy.txt > t.json
    # NumPy/SciPy on the ten values left (tests/unit/test_stats.c)
    [ "$(json_get t.json 'd["datasets"][0]["trimmed"]["removed"]')" = 2 ]
    [ "$(json_get t.json 'abs(d["datasets"][0]["trimmed"]["sd"] - 0.055467708323552266) < 1e-12')" = True ]
    [ "$(json_get t.json 'abs(d["datasets"][0]["trimmed"]["mean_ci_lo"] - 0.961320791793384) < 1e-9')" = True ]
    # the full figures keep every value
    [ "$(json_get t.json 'd["datasets"][0]["n_valid"]')" = 12 ]
    "$PACE" stats --json heavy.txt > f.json
    [ "$(json_get f.json 'd["datasets"][0]["trimmed"]')" = None ]
}

@test "pace stats -O --json: trimmed figures match NumPy/SciPy on the reference vectors" {
    /usr/bin/python3 -c 'import scipy' 2>/dev/null || skip "no SciPy"
    run /usr/bin/python3 - "$PACE" "$BATS_TEST_DIRNAME/../ref" <<'PY'
import json, math, subprocess, sys, warnings
warnings.simplefilter("ignore")
pace, ref = sys.argv[1], sys.argv[2]
sys.path.insert(0, ref)
import stats_ref as s
vs = {n: x for n, x, _ in s.engine_vectors()}
# ties, n = 3, constant, heavy tails, Cauchy-like, non-finite, n = 5000 x 3
names = ["basic", "ties", "n3", "constant", "heavy", "mild", "cauchy",
         "nonfinite", "irwin5000", "pareto5000"]
for n in names:
    with open(n + ".txt", "w") as f:
        f.write("".join(repr(float(v)) + "\n" for v in vs[n]))
out = json.loads(subprocess.run([pace, "stats", "--json", "-O"] +
                                [n + ".txt" for n in names], check=True,
                                capture_output=True, text=True).stdout)
bad = []
for n, d in zip(names, out["datasets"]):
    kept = s.trimmed_values(vs[n])
    want = s.describe_ref(kept, (math.nan, math.nan))
    t = d["trimmed"]
    if t["removed"] != d["n_valid"] - len(kept) or t["n_valid"] != len(kept):
        bad.append("%s: removed %r, kept %r, want %d" % (n, t["removed"], t["n_valid"], len(kept)))
    for k in ["mean", "median", "sd", "min", "max", "mean_ci_lo", "mean_ci_hi",
              "median_ci_lo", "median_ci_hi"]:
        got = math.nan if t[k] is None else float(t[k])
        w = float(want[k])
        ok = math.isnan(got) if math.isnan(w) else abs(got - w) <= 1e-9 * max(abs(got), abs(w)) + 1e-20
        if not ok:
            bad.append("%s trimmed %s: %r want %r" % (n, k, got, w))
print("\n".join(bad) or "all trimmed figures agree")
sys.exit(1 if bad else 0)
PY
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"all trimmed figures agree"* ]]
}
