# Reference values for Ranking/RankingReferenceTests.cs, written to ranking.json.
# Run by hand (not in CI):  /usr/bin/python3 tests/Evaluation.Tests/References/ranking.py
# numpy only (1.24). Independent route: the C# code uses closed forms (clipped counts, harmonic numbers); this
# script enumerates every position the held-out item can take within its tied block and averages the metric over
# them, counts ties with numpy comparisons, and computes coverage / ARP / the paired t statistic directly.
import json, os
import numpy as np

rng = np.random.default_rng(20261204)
KS = [1, 5, 10, 20]
out = {"outcomes": [], "catalog": [], "paired": []}

def positions(higher, tied, rule):
    if rule == "Expected": return np.arange(higher, higher + tied + 1)
    if rule == "Pessimistic": return np.array([higher + tied])
    return np.array([higher])

def metrics(higher, tied, rule):
    p = positions(higher, tied, rule).astype(float)
    m = {}
    for k in KS:
        m[f"hit{k}"] = float(np.mean(p < k))
        m[f"ndcg{k}"] = float(np.mean(np.where(p < k, 1.0 / np.log2(p + 2), 0.0)))
    m["mrr"] = float(np.mean(1.0 / (p + 1)))
    return m

# Scores with ties (rounded), as float64; target first.
for n_cand, decimals in [(100, 1), (100, 2), (100, 0), (30, 1), (2000, 1), (5000, None)]:
    for _ in range(6):
        s = rng.normal(0, 1, n_cand + 1)
        if decimals is None: s = np.zeros(n_cand + 1)          # one huge tied block: harmonic series path
        else: s = np.round(s, decimals)
        target, cand = s[0], s[1:]
        higher, tied = int(np.sum(cand > target)), int(np.sum(cand == target))
        out["outcomes"].append(dict(target=float(target), candidates=[float(x) for x in cand], higher=higher, tied=tied,
                                    **{rule: metrics(higher, tied, rule) for rule in ["Expected", "Pessimistic", "Optimistic"]}))

for users, k, catalog in [(5, 3, 20), (200, 10, 500), (1000, 10, 3000)]:
    pop = rng.integers(0, 50, catalog + 1).astype(float); pop[0] = 0
    lists = [list(map(int, rng.choice(np.arange(1, catalog + 1), k, replace=False, p=(pop[1:] + 1) / (pop[1:] + 1).sum()))) for _ in range(users)]
    cov = len(set(i for l in lists for i in l)) / catalog
    share = pop / pop.sum()
    arp = float(np.mean([np.mean(share[l]) for l in lists]))
    out["catalog"].append(dict(lists=lists, catalog=catalog, interactions=[float(x) for x in pop], coverage=cov, arp=arp))

for n in [50, 400]:
    ha = rng.integers(0, 30, n); ta = rng.integers(0, 5, n)
    hb = np.clip(ha + rng.integers(-3, 8, n), 0, 95); tb = rng.integers(0, 5, n)
    ma = np.array([metrics(h, t, "Expected")["ndcg10"] for h, t in zip(ha, ta)])
    mb = np.array([metrics(h, t, "Expected")["ndcg10"] for h, t in zip(hb, tb)])
    d = ma - mb
    t = d.mean() / (d.std(ddof=1) / np.sqrt(n))
    out["paired"].append(dict(a=[[int(h), int(x)] for h, x in zip(ha, ta)], b=[[int(h), int(x)] for h, x in zip(hb, tb)],
                              mean_a=float(ma.mean()), mean_b=float(mb.mean()), diff=float(d.mean()), t=float(t), df=n - 1))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "ranking.json"), "w") as f:
    json.dump(out, f)
