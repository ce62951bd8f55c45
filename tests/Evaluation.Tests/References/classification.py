# Reference values for Classification/ClassificationReferenceTests.cs, written to classification.json.
# Run by hand (not in CI):  /usr/bin/python3 tests/Evaluation.Tests/References/classification.py
# scikit-learn 1.2.1 (roc_auc_score, roc_curve, precision_recall_curve, average_precision_score, log_loss,
# calibration_curve), statsmodels 0.13.5 (mcnemar, proportion_confint), scipy 1.10; DeLong re-implemented in
# numpy after yandexdataschool/roc_comparison compare_auc_delong_xu.py (compute_midrank, fastDeLong).
import json, os
import numpy as np
from scipy import stats
from sklearn.metrics import (roc_auc_score, roc_curve, precision_recall_curve, average_precision_score, log_loss)
from sklearn.calibration import calibration_curve
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

rng = np.random.default_rng(20261124)
L = lambda a: [float(v) for v in a]
out = {"ranking": [], "probability": [], "calibration": [], "delong": [], "mcnemar": []}

def ranking_case(y, s, w=None):
    fpr, tpr, thr = roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    p, r, t = precision_recall_curve(y, s, sample_weight=w)
    return dict(y=L(y), s=L(s), w=None if w is None else L(w),
                auc=roc_auc_score(y, s, sample_weight=w), fpr=L(fpr), tpr=L(tpr), roc_thresholds=L(thr[1:]),
                precision=L(p), recall=L(r), pr_thresholds=L(t), ap=average_precision_score(y, s, sample_weight=w))

# Hand case: y = 1 1 0 1 0 0, s = .9 .8 .8 .5 .3 .3. Pairs (pos, neg) = 3*3 = 9; pos .9 beats all 3 negs (3),
# pos .8 ties one neg (.5) and beats two (2) -> 2.5, pos .5 beats two (.3,.3) -> 2: AUC = 7.5/9 = 0.8333.
out["ranking"].append(ranking_case(np.array([1, 1, 0, 1, 0, 0.]), np.array([.9, .8, .8, .5, .3, .3])))
for n, ties in [(40, False), (200, True), (1000, True)]:
    y = rng.binomial(1, 0.3, n).astype(float)
    s = rng.normal(0, 1, n) + 0.8 * y
    if ties: s = np.round(s, 1)
    out["ranking"].append(ranking_case(y, s))
y = rng.binomial(1, 0.4, 150).astype(float); s = np.round(rng.normal(0, 1, 150) + y, 1); w = rng.uniform(0.1, 3, 150)
out["ranking"].append(ranking_case(y, s, w))

for n, eps in [(8, 2.220446049250313e-16), (300, 1e-15), (2000, 1e-7)]:
    y = rng.binomial(1, 0.2, n).astype(float)
    p = np.clip(rng.beta(1 + 2 * y, 5), 0, 1)
    if n == 8: p[0], p[1] = 0.0, 1.0   # clipping matters
    w = rng.uniform(0.5, 2, n)
    ll = log_loss(y, p, eps=eps, labels=[0, 1]); llw = log_loss(y, p, eps=eps, sample_weight=w, labels=[0, 1])
    ctr = y.mean(); ctrw = np.average(y, weights=w)
    H = lambda c: -(c * np.log(c) + (1 - c) * np.log(1 - c))
    out["probability"].append(dict(y=L(y), p=L(p), w=L(w), eps=eps, log_loss=ll, log_loss_w=llw,
        ne=ll / H(ctr), ne_w=llw / H(ctrw), calibration=p.mean() / ctr, calibration_w=np.average(p, weights=w) / ctrw))

for n, bins in [(50, 5), (400, 10), (3000, 15)]:
    y = rng.binomial(1, 0.3, n).astype(float)
    p = np.round(np.clip(0.3 + 0.4 * (y - 0.3) + rng.normal(0, 0.2, n), 0, 1), 2)  # edge values like 0.3 occur
    prob_true, prob_pred = calibration_curve(y, p, n_bins=bins, strategy="uniform")
    edges = np.linspace(0, 1, bins + 1); idx = np.searchsorted(edges[1:-1], p)  # as sklearn 1.2 calibration_curve
    counts = np.bincount(idx, minlength=bins); nz = counts[counts > 0]
    lo, hi = proportion_confint(np.round(prob_true * nz), nz, alpha=0.05, method="wilson")
    gaps = np.abs(prob_true - prob_pred)
    out["calibration"].append(dict(y=L(y), p=L(p), bins=bins, index=[int(i) for i in np.nonzero(counts)[0]], count=[int(c) for c in nz],
        prob_true=L(prob_true), prob_pred=L(prob_pred), lo=L(lo), hi=L(hi), ece=float(np.sum(nz / n * gaps)), mce=float(gaps.max())))

def compute_midrank(x):
    J = np.argsort(x); Z = x[J]; N = len(x); T = np.zeros(N, dtype=float); i = 0
    while i < N:
        j = i
        while j < N and Z[j] == Z[i]: j += 1
        T[i:j] = 0.5 * (i + j - 1); i = j
    T2 = np.empty(N, dtype=float); T2[J] = T + 1
    return T2

def fast_delong(preds, m):
    n = preds.shape[1] - m; k = preds.shape[0]
    pos, neg = preds[:, :m], preds[:, m:]
    tx = np.array([compute_midrank(pos[r]) for r in range(k)]); ty = np.array([compute_midrank(neg[r]) for r in range(k)])
    tz = np.array([compute_midrank(preds[r]) for r in range(k)])
    aucs = tz[:, :m].sum(axis=1) / m / n - (m + 1.0) / 2.0 / n
    v01 = (tz[:, :m] - tx) / n; v10 = 1.0 - (tz[:, m:] - ty) / m
    cov = np.cov(v01) / m + np.cov(v10) / n
    return aucs, cov

for n, ties in [(30, False), (200, True), (1500, False)]:
    y = rng.binomial(1, 0.35, n).astype(float)
    a = rng.normal(0, 1, n) + 1.0 * y; b = 0.6 * a + rng.normal(0, 1, n) + 0.3 * y
    if ties: a, b = np.round(a, 1), np.round(b, 1)
    order = np.r_[np.nonzero(y == 1)[0], np.nonzero(y == 0)[0]]
    aucs, cov = fast_delong(np.vstack([a, b])[:, order], int(y.sum()))
    d = aucs[0] - aucs[1]; se = np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]); z = d / se; q = stats.norm.ppf(0.975)
    out["delong"].append(dict(y=L(y), a=L(a), b=L(b), auc_a=aucs[0], auc_b=aucs[1], se=se, z=z, p=2 * stats.norm.sf(abs(z)),
        lo=d - q * se, hi=d + q * se, sklearn_auc_a=roc_auc_score(y, a)))

for b, c in [(10, 3), (25, 30), (120, 80), (0, 7), (400, 460)]:
    table = [[50, b], [c, 40]]
    e = mcnemar(table, exact=True); x = mcnemar(table, exact=False, correction=False); xc = mcnemar(table, exact=False, correction=True)
    out["mcnemar"].append(dict(b=b, c=c, exact_stat=float(e.statistic), exact_p=float(e.pvalue), chi_stat=float(x.statistic),
        chi_p=float(x.pvalue), chic_stat=float(xc.statistic), chic_p=float(xc.pvalue)))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "classification.json"), "w") as f:
    json.dump(out, f, indent=1, default=float)
