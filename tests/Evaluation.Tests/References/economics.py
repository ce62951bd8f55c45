# Reference values for Economics/CampaignEconomicsReferenceTests.cs, written to economics.json.
# Run by hand (not in CI):  /usr/bin/python3 tests/Evaluation.Tests/References/economics.py
# numpy 1.24, scipy 1.10, statsmodels 0.13.5 (Debian 12). An independent implementation of the targeting
# rules: rank by score (stable, descending), top m = max(1, floor(k n + 1/2)) extended over ties at the cut;
# uplift = treated rate - control rate with the Wald SE from statsmodels confint_proportions_2indep
# (method='wald'); incremental = uplift * m * N/n; profit = margin * incremental - cost * m * N/n.
import json, os
import numpy as np
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

rng = np.random.default_rng(314159)
out = {"holdout": [], "truth": []}

def cut(scores, k):
    n = len(scores)
    order = np.argsort(-scores, kind="stable")
    s = scores[order]
    m = int(min(n, max(1, np.floor(k * n + 0.5))))
    while m < n and s[m] == s[m - 1]:
        m += 1
    return order[:m]

for n, margin, cost, level, population, rounded in [(40, 10.0, 0.5, 0.95, None, True), (500, 25.0, 1.2, 0.90, 100000, False),
                                                     (3000, 8.0, 0.3, 0.95, None, True)]:
    x = rng.normal(size=n)
    tau = 0.08 * x
    t = rng.random(n) < 0.5
    p = np.clip(0.1 + 0.03 * x + t * tau, 0.01, 0.99)
    y = (rng.random(n) < p).astype(float)
    scores = np.round(tau + rng.normal(0, 0.05, n), 2 if rounded else 12)   # rounding makes ties
    fractions = [0.1, 0.25, 0.5, 1.0]
    scale = 1.0 if population is None else population / n
    points = []
    for k in fractions:
        s = cut(scores, k)
        ys, ts = y[s], t[s]
        xt, nt, xc, nc = ys[ts].sum(), ts.sum(), ys[~ts].sum(), (~ts).sum()
        lo, hi = confint_proportions_2indep(xt, nt, xc, nc, method="wald", compare="diff", alpha=1 - level)
        u = xt / nt - xc / nc
        targeted = len(s) * scale
        points.append(dict(fraction=k, units=len(s), uplift=u, inc=u * targeted, inc_lo=lo * targeted, inc_hi=hi * targeted,
                           profit=margin * u * targeted - cost * targeted,
                           profit_lo=margin * lo * targeted - cost * targeted, profit_hi=margin * hi * targeted - cost * targeted))
    out["holdout"].append(dict(scores=scores.tolist(), outcomes=y.tolist(), treatment=t.tolist(), margin=margin, cost=cost,
                               level=level, population=population, fractions=fractions, points=points))

for n, margin, cost in [(30, 12.0, 0.4), (400, 30.0, 1.5), (2000, 5.0, 0.2)]:
    x = rng.normal(size=n)
    tau = np.round(0.05 + 0.06 * x, 3)
    scores = np.round(tau + rng.normal(0, 0.03, n), 2)
    fractions = [0.2, 0.5, 1.0]
    points = []
    for k in fractions:
        s = cut(scores, k)
        points.append(dict(fraction=k, units=len(s), inc=tau[s].sum(), profit=margin * tau[s].sum() - cost * len(s)))
    profits = [0.0] + [pt["profit"] for pt in points]
    best = ([0.0] + fractions)[int(np.argmax(profits))]
    out["truth"].append(dict(scores=scores.tolist(), effects=tau.tolist(), margin=margin, cost=cost, fractions=fractions,
                             points=points, best=best))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "economics.json"), "w") as fh:
    json.dump(out, fh, indent=1, default=float)
