"""Tables for docs/bert.md from a run store, with statsmodels as the independent reference.

Run by hand with Debian's Python (statsmodels): /usr/bin/python3 scripts/bert_learning_table.py [artifacts/learning/runs.db]
For the newest completed run of each spec in the store it prints, per BERT candidate, the held-out accuracy with its
95% Wilson interval (statsmodels proportion_confint) and McNemar's exact test (statsmodels mcnemar) of
bert_pretrained vs bert_scratch and of every BERT candidate vs the best AutoML candidate when both stored predictions.
A last row pools the review-pretraining-* specs (their held-out sets are disjoint, so the pairs stay independent).
"""
import json
import sqlite3
import sys

from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint


def correct(p):
    return [t == q for t, q in zip(p["truth"], p["predicted"])]


def accuracy(p):
    c = correct(p)
    low, high = proportion_confint(sum(c), len(c), alpha=0.05, method="wilson")
    return f"{sum(c) / len(c):.1%} [{low:.1%}, {high:.1%}] ({sum(c)}/{len(c)})"


def test(a, b):
    if a is None or b is None or a["truth"] != b["truth"]:
        return "–"
    ca, cb = correct(a), correct(b)
    only_a = sum(x and not y for x, y in zip(ca, cb))
    only_b = sum(y and not x for x, y in zip(ca, cb))
    both = sum(x and y for x, y in zip(ca, cb))
    neither = len(ca) - both - only_a - only_b
    p = mcnemar([[both, only_a], [only_b, neither]], exact=True).pvalue
    return f"b={only_a}, c={only_b}, p={p:.3g}"


store = sqlite3.connect(sys.argv[1] if len(sys.argv) > 1 else "artifacts/learning/runs.db")
runs = store.execute("select id, name from runs where status = 'Completed' order by started_at").fetchall()
newest = {name: run_id for run_id, name in runs}
pooled = {}
print("| spec | candidate | accuracy [95% Wilson] | vs bert_scratch (McNemar exact) | vs best AutoML (McNemar exact) |")
print("|---|---|---|---|---|")
for name, run_id in sorted(newest.items()):
    rows = store.execute("select name, kind, outcome from candidates where run_id = ? and status = 'Completed' order by position", (run_id,)).fetchall()
    outcomes = {n: (k, json.loads(o)) for n, k, o in rows}
    preds = {n: o.get("predictions") for n, (k, o) in outcomes.items()}
    automl = [n for n, (k, o) in outcomes.items() if k == "automl"]
    best = max(automl, key=lambda n: outcomes[n][1]["metrics"]["accuracy"]) if automl else None
    for n, (k, o) in outcomes.items():
        acc = accuracy(preds[n]) if preds[n] else f"{o['metrics']['accuracy']:.1%} (no stored predictions)"
        vs_scratch = test(preds[n], preds.get("bert_scratch")) if n != "bert_scratch" and k == "bert" else ""
        vs_automl = test(preds[n], preds.get(best)) if k == "bert" and best else ""
        print(f"| {name} | {n} | {acc} | {vs_scratch} | {vs_automl} |")
        if name.startswith("review-pretraining-") and k == "bert" and preds[n]:
            pool = pooled.setdefault(n, {"truth": [], "predicted": []})
            pool["truth"] += [f"{name}:{t}" for t in preds[n]["truth"]]
            pool["predicted"] += [f"{name}:{q}" for q in preds[n]["predicted"]]
for n, p in pooled.items():
    vs_scratch = test(p, pooled.get("bert_scratch")) if n != "bert_scratch" else ""
    print(f"| review-pretraining-* pooled | {n} | {accuracy(p)} | {vs_scratch} | |")
