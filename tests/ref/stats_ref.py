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

Usage (Debian: apt-get install python3-scipy):
  /usr/bin/python3 tests/ref/stats_ref.py           # print the C block
  /usr/bin/python3 tests/ref/stats_ref.py --update  # rewrite it in
                                                    # tests/unit/test_stats.c
"""
import math
import os
import sys
import warnings

import numpy as np
from scipy import optimize, stats

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


def t_quantile(df):
    """Two-sided critical value of Student's t at CONFIDENCE.

    SciPy 1.10's t.ppf (cephes stdtrit) is only good to about 1e-9
    relative (df=6: 2.4469118488 where the closed form for even df gives
    2.4469118511), so invert t.sf, which is accurate, with brentq."""
    alpha = (1 - CONFIDENCE) / 2
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


def update(block):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "..", "unit", "test_stats.c")
    with open(path) as f:
        text = f.read()
    begin = text.index("/* BEGIN stats_ref.py output")
    end = text.index("/* END stats_ref.py output */")
    end = text.index("\n", end) + 1
    with open(path, "w") as f:
        f.write(text[:begin] + block + text[end:])


if __name__ == "__main__":
    # SciPy warns about precision on constant data, where the variance is
    # exactly 0 anyway.
    warnings.simplefilter("ignore", RuntimeWarning)
    block = render()
    if "--update" in sys.argv[1:]:
        update(block)
    else:
        sys.stdout.write(block)
