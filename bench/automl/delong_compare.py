#!/usr/bin/env python3
"""Is one model's test AUC above another's, or a tie? DeLong's test on the same test rows.

DeLong, DeLong & Clarke-Pearson, "Comparing the areas under two or more correlated receiver operating characteristic
curves: a nonparametric approach", Biometrics 44 (1988): each AUC is the mean of its structural components (for every
positive, the share of negatives it outranks, ties counting half; and for every negative, the share of positives that
outrank it); the variance of the difference follows from their covariances. Written for docs/benchmarks.md, to say
whether an acceptance row's margin over scikit-learn is more than noise.

    /usr/bin/python3 bench/automl/delong_compare.py --test DIR/online-shoppers/test.csv \
        --a ours.csv --b DIR/online-shoppers/peer-0.csv [--label label]

--a and --b are CSV files with a `probability` column, one row per test row in order (`marketlab automl predict`
writes one; `sklearn_peer.py --scores` the other). MarketLab's own implementation is
MarketLab.Evaluation.Classification.DeLongTest; this script is independent of it and needs only numpy and scipy.
"""
import argparse
import csv

import numpy as np
from scipy.stats import norm, rankdata


def probabilities(path):
    with open(path, newline="", encoding="utf-8") as f:
        return np.array([float(row["probability"]) for row in csv.DictReader(f)])


def labels(path, column):
    with open(path, newline="", encoding="utf-8") as f:
        return np.array([1 if row[column].strip().lower() in ("1", "true") else 0 for row in csv.DictReader(f)])


def components(y, score):
    """The AUC and its structural components V10 (per positive) and V01 (per negative), from mid-ranks."""
    positives, negatives = score[y == 1], score[y == 0]
    m, n = len(positives), len(negatives)
    all_ranks = rankdata(np.concatenate([positives, negatives]))
    v10 = (all_ranks[:m] - rankdata(positives)) / n          # negatives below each positive (ties half)
    v01 = 1 - (all_ranks[m:] - rankdata(negatives)) / m      # positives above each negative (ties half)
    return v10.mean(), v10, v01


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--test", required=True)
    parser.add_argument("--label", default="label")
    parser.add_argument("--a", required=True)
    parser.add_argument("--b", required=True)
    args = parser.parse_args()
    y = labels(args.test, args.label)
    a, b = probabilities(args.a), probabilities(args.b)
    if not len(y) == len(a) == len(b):
        raise SystemExit(f"row counts differ: test {len(y)}, a {len(a)}, b {len(b)}")
    auc_a, a10, a01 = components(y, a)
    auc_b, b10, b01 = components(y, b)
    s10 = np.cov(np.vstack([a10, b10]))
    s01 = np.cov(np.vstack([a01, b01]))
    m, n = len(a10), len(a01)
    contrast = np.array([1.0, -1.0])
    variance = contrast @ s10 @ contrast / m + contrast @ s01 @ contrast / n
    se = float(np.sqrt(variance))
    difference = auc_a - auc_b
    z = difference / se if se > 0 else float("nan")
    p = 2 * norm.sf(abs(z))
    low, high = difference - 1.959964 * se, difference + 1.959964 * se
    print(f"AUC a {auc_a:.4f}, b {auc_b:.4f}; difference {difference:+.4f}, SE {se:.4f}, "
          f"95% CI [{low:+.4f}, {high:+.4f}], z {z:.2f}, two-sided p {p:.3f} ({m} positives, {n} negatives)")


if __name__ == "__main__":
    main()
