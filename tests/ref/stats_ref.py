#!/usr/bin/python3
"""Reference values for tests/unit/test_stats.c, computed with NumPy/SciPy.

pace's statistics (src/stats/stats.c) run on GSL; this script computes the
same figures independently so the unit test can check them:

  summary:    n, mean, sd (ddof=1; 0 when n == 1), median, min, max,
              q1/q3 (R type 7 = numpy 'linear'), the mean's t interval
              (NaN when n < 2), Tukey outliers (mild: beyond 1.5 IQR but
              not 3 IQR; severe: beyond 3 IQR)
  comparison: faster = smaller mean; ratio = slower/faster;
              ratio_sd = ratio*sqrt((sd_f/m_f)^2 + (sd_s/m_s)^2) (hyperfine);
              CI = ratio +- t(df) * se_r with se_r = ratio*sqrt(uf + us),
              uf = (se_f/m_f)^2, us = (se_s/m_s)^2, df Welch-Satterthwaite on
              uf/us; p = Welch's t test (scipy.stats.ttest_ind,
              equal_var=False), NaN when a side has n < 2, and 0 or 1 when
              both sds are 0 (means differ or not).

  engine:     the full description (pace_stats_describe) and the
              two-sample tests (pace_stats_twosample) of issue 3, on the
              vectors above plus ENGINE_EXTRA and three generated n = 5000
              vectors (an LCG both sides compute exactly), see
              describe_ref() and twosample_ref() for each figure's source.
              Shapiro-Wilk comes from R's shapiro.test (Rscript; SciPy's
              swilk works in single precision, good to ~1e-7 only).

Usage (Debian: apt-get install python3-scipy r-base-core):
  /usr/bin/python3 tests/ref/stats_ref.py           # print the C block
  /usr/bin/python3 tests/ref/stats_ref.py --update  # rewrite it in
                                                    # tests/unit/test_stats.c
"""
import math
import os
import sys
import warnings

import subprocess
import tempfile

import numpy as np
from scipy import optimize, special, stats

CONFIDENCE = 0.95

VECTORS = [
    ("basic", [0.0102, 0.0104, 0.0101, 0.0109, 0.0103, 0.0105, 0.0102,
               0.0106, 0.0103, 0.0104]),
    ("ties", [5, 5, 5, 6, 6, 7, 7, 7, 7, 8]),
    ("n3", [0.0101, 0.0103, 0.0099]),
    ("constant", [2.5] * 8),
    ("heavy", [1.0, 1.1, 0.9, 1.05, 0.95, 1.02, 25.0, 0.98, 1.01, -12.0,
               1.03, 0.97]),
    ("n1", [3.0]),
    ("n2", [1.0, 2.0]),
    ("lognormal", [0.018327, 0.021266, 0.01597, 0.011734, 0.014591,
                   0.011155, 0.018875, 0.035797, 0.01432, 0.01343,
                   0.023399, 0.021894, 0.019307, 0.011502, 0.01805,
                   0.02593, 0.009353, 0.01457, 0.007079, 0.009612,
                   0.007293, 0.016284, 0.009719, 0.020976, 0.019809]),
    ("large", [1.2e9, 1.2000001e9, 1.1999998e9, 1.2000004e9, 1.19999995e9,
               1.2000002e9]),
    ("tiny", [1.1e-6, 1.3e-6, 1.2e-6, 1.25e-6, 1.15e-6, 4.0e-6, 1.2e-6]),
    ("mild", [10, 11, 12, 11, 10, 12, 11, 15, 11, 10]),
    ("cauchy", [100.0743, 111.1069, 99.9259, 100.4882, 99.2376, 124.8306,
                98.4846, 98.9888, 99.9479, 100.056, 98.1997, 99.8139,
                102.6243, 83.9057, 96.9452, 89.7333, 100.4638, 96.6739,
                96.3596, 102.0494, 99.7817, 99.1347, 98.7716, 104.3017,
                99.9226, 97.8931, 101.4732, 96.4406, 99.1387, 100.6122,
                196.6949, 99.6196, 72.9498, 98.0334, -94.8541, 99.5481,
                99.7946, 106.6847, 94.5144, 97.3011]),
    ("unsorted4", [4.0, 1.0, 3.0, 2.0]),
    ("double", [0.02025, 0.02058, 0.0207, 0.02043, 0.02042, 0.02078,
                0.02071, 0.02009, 0.02047, 0.02051, 0.02008, 0.0206]),
    ("constant5", [5.0] * 5),
    ("constant5b", [5.0] * 3),
]

# Pairs of vector names compared (a, b), in that argument order.
PAIRS = [
    ("basic", "double"),
    ("double", "basic"),
    ("n3", "basic"),
    ("constant", "constant5"),
    ("constant5", "constant5b"),
    ("n1", "n2"),
    ("lognormal", "cauchy"),
    ("constant", "ties"),
    ("tiny", "n3"),
    ("large", "n1"),
]


def t_quantile(df, confidence=None):
    """Two-sided critical value of Student's t at CONFIDENCE.

    SciPy 1.10's t.ppf (cephes stdtrit) is only good to about 1e-9
    relative (df=6: 2.4469118488 where the closed form for even df gives
    2.4469118511), so invert t.sf, which is accurate, with brentq."""
    alpha = (1 - (CONFIDENCE if confidence is None else confidence)) / 2
    return optimize.brentq(lambda t: stats.t.sf(t, df) - alpha, 0, 1e3,
                           xtol=1e-300, rtol=8.9e-16, maxiter=500)


def summary(x):
    a = np.asarray(x, dtype=float)
    n = len(a)
    mean = float(np.mean(a))
    sd = float(np.std(a, ddof=1)) if n > 1 else 0.0
    q1, med, q3 = (float(v) for v in np.percentile(a, [25, 50, 75]))
    if n > 1:
        half = t_quantile(n - 1) * sd / math.sqrt(n)
        lo, hi = mean - half, mean + half
    else:
        lo = hi = math.nan
    iqr = q3 - q1
    beyond = np.maximum(q1 - a, a - q3)
    severe = int(np.sum(beyond > 3 * iqr))
    mild = int(np.sum(beyond > 1.5 * iqr)) - severe
    return dict(n=n, mean=mean, sd=sd, median=med, min=float(a.min()),
                max=float(a.max()), q1=q1, q3=q3, ci_lo=lo, ci_hi=hi,
                mild=mild, severe=severe)


def compare(xa, xb):
    sa, sb = summary(xa), summary(xb)
    a_faster = not (sb["mean"] < sa["mean"])
    f, s = (sa, sb) if a_faster else (sb, sa)
    xf, xs = (xa, xb) if a_faster else (xb, xa)
    ratio = s["mean"] / f["mean"]
    ratio_sd = ratio * math.hypot(f["sd"] / f["mean"], s["sd"] / s["mean"])
    lo = hi = p = math.nan
    if f["n"] >= 2 and s["n"] >= 2:
        uf = (f["sd"] / math.sqrt(f["n"]) / f["mean"]) ** 2
        us = (s["sd"] / math.sqrt(s["n"]) / s["mean"]) ** 2
        if uf + us == 0:
            lo = hi = ratio
        else:
            df = (uf + us) ** 2 / (uf ** 2 / (f["n"] - 1) + us ** 2 / (s["n"] - 1))
            half = t_quantile(df) * ratio * math.sqrt(uf + us)
            lo, hi = ratio - half, ratio + half
        if f["sd"] == 0 and s["sd"] == 0:
            p = 1.0 if f["mean"] == s["mean"] else 0.0
        else:
            p = float(stats.ttest_ind(xf, xs, equal_var=False).pvalue)
    return dict(a_faster=a_faster, ratio=ratio, ratio_sd=ratio_sd,
                ci_lo=lo, ci_hi=hi, p=p)


def c_num(v):
    if isinstance(v, float) and math.isnan(v):
        return "NAN"
    return repr(float(v))


def render():
    out = ["/* BEGIN stats_ref.py output (do not edit by hand) */"]
    names = [name for name, _ in VECTORS]
    for i, (name, x) in enumerate(VECTORS):
        out.append("static const double ref_v%d[] = { /* %s */" % (i, name))
        out.append("\t" + ", ".join(c_num(v) for v in x) + ",")
        out.append("};")
    out.append("static const struct ref_summary ref_summaries[] = {")
    for i, (name, x) in enumerate(VECTORS):
        s = summary(x)
        out.append('\t{"%s", ref_v%d, %d, %s, %s, %s, %s, %s, %s, %s, %s,'
                   % (name, i, s["n"], c_num(s["mean"]), c_num(s["sd"]),
                      c_num(s["median"]), c_num(s["min"]), c_num(s["max"]),
                      c_num(s["q1"]), c_num(s["q3"]), c_num(s["ci_lo"])))
        out.append("\t %s, %d, %d}," % (c_num(s["ci_hi"]), s["mild"], s["severe"]))
    out.append("};")
    out.append("static const struct ref_compare ref_compares[] = {")
    for a, b in PAIRS:
        c = compare(dict(VECTORS)[a], dict(VECTORS)[b])
        out.append("\t{%d, %d, %s, %s, %s, %s, %s, %s}," % (
            names.index(a), names.index(b), "true" if c["a_faster"] else "false",
            c_num(c["ratio"]), c_num(c["ratio_sd"]), c_num(c["ci_lo"]),
            c_num(c["ci_hi"]), c_num(c["p"])))
    out.append("};")
    out.append("/* END stats_ref.py output */")
    return "\n".join(out) + "\n"


# ---- engine (issue 3) ---------------------------------------------------

ALPHA = 0.05
THRESHOLD = 0.02

ENGINE_EXTRA = [
    ("nonfinite", [1.0, math.nan, 2.0, math.inf, 3.0, -math.inf, 4.5]),
    ("noties8", [3.1, 1.7, 4.4, 2.2, 5.9, 0.8, 3.6, 2.9]),
    ("noties9", [4.05, 3.3, 6.1, 5.2, 2.45, 4.8, 7.05, 3.95, 5.55]),
    ("empty", []),
]

# n = 5000 vectors from an LCG (glibc's constants); every operation is
# exact or correctly rounded IEEE, so tests/unit/test_stats.c makes the
# same doubles.  kind 1: Irwin-Hall sum of 4 uniforms (near normal);
# kind 2: 10 u^3 + 1 (skewed); kind 3: 1 / (u + 0.001) (heavy tail).
GENERATED = [("irwin5000", 1), ("cube5000", 2), ("pareto5000", 3)]


def lcg_vector(kind, n=5000):
    s = 12345 + kind
    out = []

    def u():
        nonlocal s
        s = (s * 1103515245 + 12345) % 2 ** 31
        return s / 2.0 ** 31
    for _ in range(n):
        if kind == 1:
            out.append(u() + u() + u() + u())
        elif kind == 2:
            v = u()
            out.append(v * v * v * 10.0 + 1.0)
        else:
            out.append(1.0 / (u() + 0.001))
    return out


def engine_vectors():
    """(name, values, generator kind or 0) for every engine vector."""
    vs = [(n, x, 0) for n, x in VECTORS + ENGINE_EXTRA]
    vs += [(n, lcg_vector(k), k) for n, k in GENERATED]
    return vs


def r_shapiro(vectors):
    """W and p of R's shapiro.test per vector (NaN where R refuses)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for x in vectors:
            f.write(" ".join(repr(float(v)) for v in x if math.isfinite(v)) + "\n")
        name = f.name
    prog = ('for (l in readLines("%s")) { x <- as.numeric(strsplit(l, " ")[[1]]);'
            ' r <- tryCatch(shapiro.test(x), error = function(e) NULL);'
            ' if (is.null(r)) cat("NaN NaN\\n") else'
            ' cat(sprintf("%%.17g %%.17g\\n", r$statistic, r$p.value)) }' % name)
    out = subprocess.run(["Rscript", "-e", prog], check=True,
                         capture_output=True, text=True).stdout
    os.unlink(name)
    return [tuple(float(v) for v in line.split()) for line in out.splitlines()]


DESCRIBE_FIELDS = ["n", "n_valid", "mean", "median", "sd", "variance", "min",
                   "max", "mode", "p25", "p50", "p75", "p90", "p95", "p99",
                   "skewness", "kurtosis", "cv", "mad", "sw_w", "sw_p",
                   "normal", "tukey_mild", "tukey_severe", "mz_outliers",
                   "mean_ci_lo", "mean_ci_hi", "median_ci_lo", "median_ci_hi",
                   "median_ci_level"]


def gsl_mode(a, iqr):
    """Mode as stats.h defines it; edges as GSL's uniform ranges."""
    lo, hi, n = float(a.min()), float(a.max()), len(a)
    if not hi > lo:
        return lo
    if iqr > 0:
        bins = int(min(1000, max(1, math.ceil((hi - lo) / (2 * iqr / np.cbrt(n))))))
    else:
        bins = math.ceil(math.log2(n)) + 1
    edges = [((bins - i) / bins) * lo + (i / bins) * hi for i in range(bins + 1)]
    idx = np.clip(np.searchsorted(edges, a, side="right") - 1, 0, bins - 1)
    best = int(np.argmax(np.bincount(idx, minlength=bins)))
    return (edges[best] + edges[best + 1]) / 2


def median_ci(a, confidence):
    n, k = len(a), 0
    while k + 1 <= n // 2 and 1 - 2 * stats.binom.cdf(k, n, 0.5) >= confidence:
        k += 1
    if k == 0:
        return math.nan, math.nan, math.nan
    s = np.sort(a)
    return (float(s[k - 1]), float(s[n - k]),
            float(1 - 2 * stats.binom.cdf(k - 1, n, 0.5)))


def describe_ref(x, sw):
    a = np.asarray([v for v in x if math.isfinite(v)], dtype=float)
    n = len(a)
    d = dict.fromkeys(DESCRIBE_FIELDS, math.nan)
    d.update(n=len(x), n_valid=n, normal=0, tukey_mild=0, tukey_severe=0,
             mz_outliers=0)
    if n == 0:
        return d
    mean = float(np.mean(a))
    var = float(np.var(a, ddof=1)) if n > 1 else 0.0
    sd = math.sqrt(var)
    p = [float(v) for v in np.percentile(a, [25, 50, 75, 90, 95, 99])]
    med = float(np.median(a))
    mad = float(stats.median_abs_deviation(a, scale=1.0))
    d.update(mean=mean, median=med, sd=sd, variance=var, min=float(a.min()),
             max=float(a.max()), p25=p[0], p50=p[1], p75=p[2], p90=p[3],
             p95=p[4], p99=p[5], cv=sd / mean if mean != 0 else math.nan,
             mad=mad, mode=gsl_mode(a, p[2] - p[0]))
    if n >= 3 and sd > 0:
        d["skewness"] = float(stats.skew(a, bias=False))
        if n >= 4:
            d["kurtosis"] = float(stats.kurtosis(a, fisher=True, bias=False))
    d["sw_w"], d["sw_p"] = sw
    d["normal"] = int(sw[1] >= ALPHA)
    iqr = p[2] - p[0]
    beyond = np.maximum(p[0] - a, a - p[2])
    d["tukey_severe"] = int(np.sum(beyond > 3 * iqr))
    d["tukey_mild"] = int(np.sum(beyond > 1.5 * iqr)) - d["tukey_severe"]
    if mad > 0:
        d["mz_outliers"] = int(np.sum(0.6745 * np.abs(a - med) / mad > 3.5))
    if n > 1:
        half = t_quantile(n - 1) * sd / math.sqrt(n)
        d["mean_ci_lo"], d["mean_ci_hi"] = mean - half, mean + half
    (d["median_ci_lo"], d["median_ci_hi"],
     d["median_ci_level"]) = median_ci(a, CONFIDENCE)
    return d


def trimmed_values(x):
    """The finite values of x within Tukey's 1.5 IQR fences (type-7
    quartiles of all finite values): what pace_stats_describe_trimmed
    describes, i.e. the data without its mild and severe outliers."""
    a = np.asarray([v for v in x if math.isfinite(v)], dtype=float)
    if len(a) == 0:
        return []
    q1, q3 = (float(v) for v in np.percentile(a, [25, 75]))
    iqr = q3 - q1
    return [float(v) for v in a if not max(q1 - v, v - q3) > 1.5 * iqr]


TWOSAMPLE_FIELDS = ["diff", "welch_t", "welch_df", "welch_p", "diff_ci_lo",
                    "diff_ci_hi", "mw_u", "mw_z", "mw_p", "mw_exact",
                    "cohen_d", "hedges_g", "threshold", "power"]

ENGINE_PAIRS = [
    ("basic", "double"), ("ties", "mild"), ("n3", "noties8"),
    ("noties8", "noties9"), ("constant", "constant5"), ("n1", "n2"),
    ("lognormal", "cauchy"), ("heavy", "cauchy"), ("unsorted4", "n3"),
    ("double", "lognormal"), ("irwin5000", "cube5000"),
    ("cube5000", "pareto5000"), ("nonfinite", "noties8"),
    ("constant", "ties"), ("empty", "basic"),
]


def twosample_ref(xa, xb):
    a = np.asarray([v for v in xa if math.isfinite(v)], dtype=float)
    b = np.asarray([v for v in xb if math.isfinite(v)], dtype=float)
    na, nb = len(a), len(b)
    d = dict.fromkeys(TWOSAMPLE_FIELDS, math.nan)
    d["mw_exact"] = 0
    ma = float(np.mean(a)) if na else math.nan
    mb = float(np.mean(b)) if nb else math.nan
    d["diff"] = mb - ma
    d["threshold"] = THRESHOLD * abs(ma)
    if na and nb:
        pooled = np.concatenate([a, b])
        ties = len(np.unique(pooled)) < len(pooled)
        exact = not ties and na + nb <= 50
        r = stats.mannwhitneyu(a, b, use_continuity=True,
                               alternative="two-sided",
                               method="exact" if exact else "asymptotic")
        d["mw_u"], d["mw_exact"] = float(r.statistic), int(exact)
        if exact:
            d["mw_p"] = float(r.pvalue)
        else:
            n = na + nb
            _, counts = np.unique(pooled, return_counts=True)
            tie = float(np.sum(counts ** 3 - counts))
            s = math.sqrt(na * nb / 12 * ((n + 1) - tie / (n * (n - 1))))
            u = max(d["mw_u"], na * nb - d["mw_u"])
            d["mw_z"] = (u - na * nb / 2 - 0.5) / s if s > 0 else math.nan
            d["mw_p"] = float(r.pvalue) if s > 0 else 1.0
    if na < 2 or nb < 2:
        return d
    va, vb = float(np.var(a, ddof=1)), float(np.var(b, ddof=1))
    se = math.sqrt(va / na + vb / nb)
    if se == 0:
        d["welch_t"] = math.nan if d["diff"] == 0 else math.copysign(math.inf, d["diff"])
        d["welch_p"] = 1.0 if d["diff"] == 0 else 0.0
        d["diff_ci_lo"] = d["diff_ci_hi"] = d["diff"]
        return d
    df = (va / na + vb / nb) ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    r = stats.ttest_ind(b, a, equal_var=False)
    half = t_quantile(df) * se
    d.update(welch_t=float(r.statistic), welch_df=df, welch_p=float(r.pvalue),
             diff_ci_lo=d["diff"] - half, diff_ci_hi=d["diff"] + half)
    m = na + nb - 2
    pooled_sd = math.sqrt(((na - 1) * va + (nb - 1) * vb) / m)
    if pooled_sd > 0:
        d["cohen_d"] = d["diff"] / pooled_sd
        d["hedges_g"] = d["cohen_d"] * math.exp(
            special.gammaln(m / 2) - special.gammaln((m - 1) / 2)) / math.sqrt(m / 2)
    crit = t_quantile(df, 1 - ALPHA)
    ncp = d["threshold"] / se
    d["power"] = float(stats.nct.sf(crit, df, ncp) + stats.nct.cdf(-crit, df, ncp))
    return d


def c_any(v):
    if isinstance(v, float) and math.isinf(v):
        return "INFINITY" if v > 0 else "-INFINITY"
    return c_num(v)


def render_engine():
    vs = engine_vectors()
    names = [n for n, _, _ in vs]
    sws = r_shapiro([x for _, x, _ in vs])
    out = ["/* BEGIN stats_ref.py engine (do not edit by hand) */"]
    for i, (name, x) in enumerate(ENGINE_EXTRA):
        out.append("static const double ref_e%d[] = { /* %s */" % (i, name))
        out.append("\t" + "".join(c_any(v) + ", " for v in x) + "0.0,")
        out.append("};")
    out.append("static const struct ref_vec ref_vecs[] = {")
    for i, (name, x, kind) in enumerate(vs):
        if kind:
            arr = "NULL"
        elif i < len(VECTORS):
            arr = "ref_v%d" % i
        else:
            arr = "ref_e%d" % (i - len(VECTORS))
        out.append('\t{"%s", %s, %d, %d},' % (name, arr, len(x), kind))
    out.append("};")
    out.append("static const struct ref_row ref_describes[] = {")
    for i, (name, x, _) in enumerate(vs):
        d = describe_ref(x, sws[i])
        out.append("\t{%d, %d, {%s}}," % (i, -1, ", ".join(c_any(float(d[f])) for f in DESCRIBE_FIELDS)))
    out.append("};")
    out.append("static const struct ref_row ref_twosamples[] = {")
    for a, b in ENGINE_PAIRS:
        d = twosample_ref(vs[names.index(a)][1], vs[names.index(b)][1])
        out.append("\t{%d, %d, {%s}}," % (names.index(a), names.index(b),
                                          ", ".join(c_any(float(d[f])) for f in TWOSAMPLE_FIELDS)))
    out.append("};")
    out.append("/* END stats_ref.py engine */")
    return "\n".join(out) + "\n"


def replace_block(text, begin_marker, end_marker, block):
    begin = text.index(begin_marker)
    end = text.index(end_marker)
    end = text.index("\n", end) + 1
    return text[:begin] + block + text[end:]


def update(block, engine_block):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "..", "unit", "test_stats.c")
    with open(path) as f:
        text = f.read()
    text = replace_block(text, "/* BEGIN stats_ref.py output",
                         "/* END stats_ref.py output */", block)
    text = replace_block(text, "/* BEGIN stats_ref.py engine",
                         "/* END stats_ref.py engine */", engine_block)
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    # SciPy warns about precision on constant data, where the variance is
    # exactly 0 anyway.
    warnings.simplefilter("ignore", RuntimeWarning)
    block = render()
    engine_block = render_engine()
    if "--update" in sys.argv[1:]:
        update(block, engine_block)
    else:
        sys.stdout.write(block + engine_block)
