"""Summary of scripts/review-pretraining-seeds.sh: pre-trained start vs scratch over repeated random splits.

Run by hand with Debian's Python (scipy): /usr/bin/python3 scripts/bert_seeds_table.py [--prefix P] [--baseline A]
[--challenger B] STORE [STORE ...]   (defaults: seeds-, bert_scratch, bert_pretrained; scripts/pretrained-seeds.sh
uses --prefix pretrained- and the candidates minilm, bert_scratch, automl)
For each store (one checkpoint), every completed PREFIX-SET-SEED run gives a paired difference: held-out accuracy of
the challenger minus the baseline on the same split, and each candidate's mean wall time. Printed: mean accuracies per set and overall, the mean
difference with a 95% t interval over runs (scipy.stats.t), the paired t-test and Wilcoxon signed-rank p-values
(scipy.stats.ttest_rel / wilcoxon), and how many runs the pre-trained start won, tied, lost.
"""
import argparse
import json
import sqlite3
import statistics
import sys
import warnings

from scipy import stats

# scipy warns that a tied run (difference 0) forces the normal approximation of the Wilcoxon test; that is expected here.
warnings.filterwarnings("ignore", message=".*(zeros|normal approximation).*")


arguments = argparse.ArgumentParser()
arguments.add_argument("--prefix", default="seeds-")
arguments.add_argument("--baseline", default="bert_scratch")
arguments.add_argument("--challenger", default="bert_pretrained")
arguments.add_argument("stores", nargs="*", default=["artifacts/seeds/runs.db"])
options = arguments.parse_args()
seconds = {}


def summarise(path):
    store = sqlite3.connect(path)
    runs = store.execute("select id, name from runs where status = 'Completed' and name like ? order by started_at",
                         (options.prefix + "%",)).fetchall()
    pairs = {}
    for run_id, name in runs:
        rows = store.execute("select name, outcome, duration_s from candidates where run_id = ? and status = 'Completed'",
                             (run_id,)).fetchall()
        acc = {n: json.loads(o)["metrics"]["accuracy"] for n, o, _ in rows}
        for n, _, duration in rows:
            seconds.setdefault(n, []).append(duration)
        if options.baseline in acc and options.challenger in acc:
            dataset, seed = name[len(options.prefix):].rsplit("-", 1)
            pairs[(dataset, int(seed))] = (acc[options.baseline], acc[options.challenger])
    return pairs


def line(label, items):
    s = [a for a, _ in items]
    p = [b for _, b in items]
    d = [b - a for a, b in items]
    n = len(d)
    mean = statistics.fmean(d)
    if n > 1 and statistics.stdev(d) > 0:
        half = stats.t.ppf(0.975, n - 1) * statistics.stdev(d) / n ** 0.5
        t_p = stats.ttest_rel(p, s).pvalue
        w_p = stats.wilcoxon(p, s).pvalue if any(d) else 1.0
        tests = f"[{mean - half:+.1%}, {mean + half:+.1%}] | t p = {t_p:.3g}, Wilcoxon p = {w_p:.3g}"
    else:
        tests = "– | –"
    won = sum(x > 0 for x in d); tied = sum(x == 0 for x in d); lost = n - won - tied
    return f"| {label} | {n} | {statistics.fmean(s):.1%} | {statistics.fmean(p):.1%} | {mean:+.1%} {tests} | {won} / {tied} / {lost} |"


for path in options.stores:
    pairs = summarise(path)
    print(f"\n{path}: {len(pairs)} paired runs")
    print(f"| set | runs | {options.baseline} | {options.challenger} | difference [95% t] | tests | won / tied / lost |")
    print("|---|---|---|---|---|---|---|")
    for dataset in ("amazon", "yelp", "imdb"):
        items = [v for (d, _), v in sorted(pairs.items()) if d == dataset]
        if items:
            print(line(dataset, items))
    if pairs:
        print(line("all", list(pairs.values())))
    if seconds:
        print("\nMean wall time per run (s): " + ", ".join(f"{n} {statistics.fmean(v):.0f}" for n, v in sorted(seconds.items())))
