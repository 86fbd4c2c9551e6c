#!/usr/bin/python3
"""Reference E-divisive means (Matteson & James 2014) for
tests/unit/test_changes.c, written from the paper's formulas and
independent of src/analyze/changes.c: Q(tau) straight from its definition
(every pairwise distance summed again for every tau, with NumPy), the
segment's end fixed as Otava does, the best proposal over all segments
tested by shuffling the values within every segment (NumPy's own
generator, so p-values differ from pace's by sampling only).

usage: edivisive_ref.py FILE [ALPHA PERMUTATIONS MIN_SIZE SEED]
FILE holds one value per line.  Prints one line per change point, by index:
"INDEX STATISTIC P".
"""
import sys

import numpy as np


def q_of(x, y):
    m, n = len(x), len(y)
    cross = np.abs(x[:, None] - y[None, :]).sum()
    within_x = np.abs(x[:, None] - x[None, :]).sum() / 2
    within_y = np.abs(y[:, None] - y[None, :]).sum() / 2
    e = (2 * cross / (m * n) - within_x / (m * (m - 1) / 2)
         - within_y / (n * (n - 1) / 2))
    return m * n / (m + n) * e


def best_split(seg, min_size):
    best, at = -np.inf, 0
    for tau in range(min_size, len(seg) - min_size + 1):
        q = q_of(seg[:tau], seg[tau:])
        if q > best:
            best, at = q, tau
    return at, best


def best_over(y, cuts, min_size):
    best, at = -np.inf, 0
    for lo, hi in zip(cuts, cuts[1:]):
        if hi - lo < 2 * min_size:
            continue
        t, q = best_split(y[lo:hi], min_size)
        if t and q > best:
            best, at = q, lo + t
    return at, best


def edivisive(y, alpha, perms, min_size, seed):
    rng = np.random.default_rng(seed)
    cuts, found = [0, len(y)], []
    while True:
        at, q = best_over(y, cuts, min_size)
        if not at or not q > 0:
            break
        above = 0
        for _ in range(perms):
            w = y.copy()
            for lo, hi in zip(cuts, cuts[1:]):
                w[lo:hi] = rng.permutation(w[lo:hi])
            above += best_over(w, cuts, min_size)[1] >= q
        p = (1 + above) / (1 + perms)
        if p > alpha:
            break
        found.append((at, q, p))
        cuts = sorted(cuts + [at])
    return sorted(found)


def main():
    y = np.loadtxt(sys.argv[1], ndmin=1)
    alpha = float(sys.argv[2]) if len(sys.argv) > 2 else 0.05
    perms = int(sys.argv[3]) if len(sys.argv) > 3 else 199
    min_size = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    for at, q, p in edivisive(y, alpha, perms, min_size, seed):
        print("%d %.17g %.6g" % (at, q, p))


main()
