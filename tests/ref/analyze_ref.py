#!/usr/bin/python3
"""Reference values for tests/unit/test_analyze.c, from NumPy and SciPy
(independent of GSL): the least-squares trend (numpy.polyfit, scipy's
linregress for the slope's p-value, the t prediction interval of a new
observation) and Welch's test of two samples.  Run it and compare by eye
with the constants in test_analyze.c:  /usr/bin/python3 tests/ref/analyze_ref.py
"""
import numpy as np
from scipy import stats

def trend(x, y, x_next, conf=0.95):
    x = np.asarray(x, float); y = np.asarray(y, float)
    n = len(x)
    slope, intercept = np.polyfit(x, y, 1)
    lr = stats.linregress(x, y)
    resid = y - (intercept + slope * x)
    s2 = resid @ resid / (n - 2)
    sxx = ((x - x.mean()) ** 2).sum()
    yhat = intercept + slope * x_next
    se = np.sqrt(s2 * (1 + 1 / n + (x_next - x.mean()) ** 2 / sxx))
    t = stats.t.ppf(1 - (1 - conf) / 2, n - 2)
    print("trend x=%s y=%s" % (list(x), list(y)))
    print("  slope %.12g intercept %.12g r2 %.12g p %.12g" %
          (slope, intercept, lr.rvalue ** 2, lr.pvalue))
    print("  forecast(%g) %.12g  [%.12g, %.12g]" %
          (x_next, yhat, yhat - t * se, yhat + t * se))

trend([0, 1, 2, 3, 4, 5], [10.0, 10.4, 10.9, 11.3, 11.9, 12.2], 6)
trend([0, 1, 2, 3, 4, 5, 6, 7], [5.0, 5.2, 4.9, 5.1, 5.0, 4.8, 5.2, 5.0], 8)

old = [10.1, 10.3, 9.9, 10.0, 10.2, 10.1, 9.8, 10.0]
new = [12.0, 12.3, 11.8, 12.1, 12.2, 11.9, 12.4, 12.0]
w = stats.ttest_ind(new, old, equal_var=False)
print("welch old->new p %.12g change %.12g" % (w.pvalue, np.mean(new) / np.mean(old) - 1))
print("median old %.12g new %.12g" % (np.median(old), np.median(new)))
