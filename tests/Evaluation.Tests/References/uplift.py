# Reference values for Uplift/UpliftReferenceTests.cs, written to uplift.json.
# Run by hand (not in CI):  /usr/bin/python3 tests/Evaluation.Tests/References/uplift.py
# scikit-uplift and causalml are not installable here, so their published formulas are re-implemented below
# with numpy 1.24 / pandas 1.5.3 / sklearn 1.2.1, following function by function:
#   scikit-uplift 0.5.1 sklift/metrics/metrics.py: uplift_curve, qini_curve, perfect_uplift_curve,
#     perfect_qini_curve, uplift_auc_score, qini_auc_score, uplift_at_k, uplift_by_percentile(std=True),
#     treatment_balance_curve;
#   causalml 0.15 causalml/metrics/visualize.py: get_cumlift, get_cumgain(normalize=True), get_qini(normalize=True),
#     auuc_score, qini_score (the Monte Carlo "Random" column of qini_score is replaced by its expectation, 1/2).
import json, os
import numpy as np
import pandas as pd
from sklearn.metrics import auc
from sklearn.utils.extmath import stable_cumsum

def uplift_curve(y_true, uplift, treatment):
    desc = np.argsort(uplift, kind="mergesort")[::-1]
    y_true, uplift, treatment = y_true[desc], uplift[desc], treatment[desc]
    y_ctrl, y_trmnt = y_true.copy(), y_true.copy()
    y_ctrl[treatment == 1] = 0; y_trmnt[treatment == 0] = 0
    idx = np.r_[np.where(np.diff(uplift))[0], uplift.size - 1]
    num_trmnt = stable_cumsum(treatment)[idx]; yt = stable_cumsum(y_trmnt)[idx]
    num_all = idx + 1; num_ctrl = num_all - num_trmnt; yc = stable_cumsum(y_ctrl)[idx]
    curve = (np.divide(yt, num_trmnt, out=np.zeros_like(yt), where=num_trmnt != 0)
             - np.divide(yc, num_ctrl, out=np.zeros_like(yc), where=num_ctrl != 0)) * num_all
    return np.r_[0, num_all], np.r_[0, curve]

def qini_curve(y_true, uplift, treatment):
    desc = np.argsort(uplift, kind="mergesort")[::-1]
    y_true, uplift, treatment = y_true[desc], uplift[desc], treatment[desc]
    y_ctrl, y_trmnt = y_true.copy(), y_true.copy()
    y_ctrl[treatment == 1] = 0; y_trmnt[treatment == 0] = 0
    idx = np.r_[np.where(np.diff(uplift))[0], uplift.size - 1]
    num_trmnt = stable_cumsum(treatment)[idx]; yt = stable_cumsum(y_trmnt)[idx]
    num_all = idx + 1; num_ctrl = num_all - num_trmnt; yc = stable_cumsum(y_ctrl)[idx]
    curve = yt - yc * np.divide(num_trmnt, num_ctrl, out=np.zeros_like(num_trmnt), where=num_ctrl != 0)
    return np.r_[0, num_all], np.r_[0, curve]

def perfect_uplift_curve(y_true, treatment):
    cr = np.sum((y_true == 1) & (treatment == 0)); tn = np.sum((y_true == 0) & (treatment == 1))
    summand = y_true if cr > tn else treatment
    return uplift_curve(y_true, 2 * (y_true == treatment) + summand, treatment)

def perfect_qini_curve(y_true, treatment, negative_effect=True):
    if negative_effect:
        return qini_curve(y_true, y_true * treatment - y_true * (1 - treatment), treatment)
    r = y_true[treatment == 1].sum() - len(y_true[treatment == 1]) * y_true[treatment == 0].sum() / len(y_true[treatment == 0])
    return np.array([0, r, len(y_true)]), np.array([0, r, r])

def normalised_area(actual, perfect):
    xb, yb = np.array([0, perfect[0][-1]]), np.array([0, perfect[1][-1]])
    base = auc(xb, yb)
    return (auc(*actual) - base) / (auc(*perfect) - base)

def uplift_at_k(y_true, uplift, treatment, strategy, k):
    order = np.argsort(uplift, kind="mergesort")[::-1]
    if strategy == "overall":
        n = int(len(y_true) * k)
        yk, tk = y_true[order][:n], treatment[order][:n]
        return yk[tk == 1].mean() - yk[tk == 0].mean()
    n_ctrl = int((treatment == 0).sum() * k); n_trmnt = int(treatment.sum() * k)
    return (y_true[order][treatment[order] == 1][:n_trmnt].mean() - y_true[order][treatment[order] == 0][:n_ctrl].mean())

def uplift_by_percentile(y_true, uplift, treatment, strategy, bins):
    order = np.argsort(uplift, kind="mergesort")[::-1]
    if strategy == "overall":
        yb = np.array_split(y_true[order], bins); tb = np.array_split(treatment[order], bins)
        n_t = np.array([len(y[t == 1]) for y, t in zip(yb, tb)]); n_c = np.array([len(y[t == 0]) for y, t in zip(yb, tb)])
        r_t = np.array([np.mean(y[t == 1]) for y, t in zip(yb, tb)]); r_c = np.array([np.mean(y[t == 0]) for y, t in zip(yb, tb)])
    else:
        ybt = np.array_split(y_true[order][treatment[order] == 1], bins); ybc = np.array_split(y_true[order][treatment[order] == 0], bins)
        n_t = np.array([len(y) for y in ybt]); n_c = np.array([len(y) for y in ybc])
        r_t = np.array([np.mean(y) for y in ybt]); r_c = np.array([np.mean(y) for y in ybc])
    std = np.sqrt(r_t * (1 - r_t) / n_t + r_c * (1 - r_c) / n_c)
    pct = [round(p * 100 / bins) for p in range(1, bins + 1)]
    return dict(n_t=n_t.tolist(), n_c=n_c.tolist(), r_t=r_t.tolist(), r_c=r_c.tolist(), uplift=(r_t - r_c).tolist(), std=std.tolist(), percentile=pct)

def treatment_balance_curve(uplift, treatment, winsize):
    t = treatment[np.argsort(uplift)[::-1]]
    balance = np.convolve(t, np.ones(winsize), "valid") / winsize
    return np.linspace(1, 100, len(balance)), balance

def causalml_cumgain(y, w, s):  # get_cumlift + get_cumgain(normalize=True), one model column, no random columns
    df = pd.DataFrame({"y": y, "w": w, "m": s})
    sd = df.sort_values("m", ascending=False).reset_index(drop=True); sd.index = sd.index + 1
    sd["cumsum_tr"] = sd["w"].cumsum(); sd["cumsum_ct"] = sd.index.values - sd["cumsum_tr"]
    sd["cumsum_y_tr"] = (sd["y"] * sd["w"]).cumsum(); sd["cumsum_y_ct"] = (sd["y"] * (1 - sd["w"])).cumsum()
    lift = pd.concat([sd["cumsum_y_tr"] / sd["cumsum_tr"] - sd["cumsum_y_ct"] / sd["cumsum_ct"]], join="inner", axis=1)
    lift.loc[0] = np.zeros((lift.shape[1],)); lift = lift.sort_index().interpolate()
    gain = lift.mul(lift.index.values, axis=0); gain = gain.div(np.abs(gain.iloc[-1, :]), axis=1)
    qini = pd.concat([sd["cumsum_y_tr"] - sd["cumsum_y_ct"] * sd["cumsum_tr"] / sd["cumsum_ct"]], join="inner", axis=1)
    qini.loc[0] = np.zeros((qini.shape[1],)); qini = qini.sort_index().interpolate()
    qini = qini.div(np.abs(qini.iloc[-1, :]), axis=1)
    auuc = float(gain.sum().iloc[0] / gain.shape[0])
    q = float((qini.sum().iloc[0] - 0.5 * np.sign(qini.iloc[-1, 0]) * qini.shape[0]) / qini.shape[0])
    return auuc, q

rng = np.random.default_rng(20261125)
out = {"cases": []}
def case(y, s, t, k=0.3, bins=10, win=3, distinct=True):
    y, s, t = np.asarray(y, float), np.asarray(s, float), np.asarray(t, float)
    c = dict(y=y.tolist(), s=s.tolist(), t=t.tolist(), k=k, bins=bins, win=win)
    c["uplift_x"], c["uplift_y"] = [v.tolist() for v in uplift_curve(y, s, t)]
    c["qini_x"], c["qini_y"] = [v.tolist() for v in qini_curve(y, s, t)]
    c["perfect_uplift_x"], c["perfect_uplift_y"] = [v.tolist() for v in perfect_uplift_curve(y, t)]
    c["perfect_qini_x"], c["perfect_qini_y"] = [v.tolist() for v in perfect_qini_curve(y, t)]
    c["uplift_auc"] = normalised_area(uplift_curve(y, s, t), perfect_uplift_curve(y, t))
    c["qini_auc"] = normalised_area(qini_curve(y, s, t), perfect_qini_curve(y, t, True))
    c["qini_auc_no_negative"] = normalised_area(qini_curve(y, s, t), perfect_qini_curve(y, t, False))
    c["uplift_at_k_overall"] = uplift_at_k(y, s, t, "overall", k); c["uplift_at_k_by_group"] = uplift_at_k(y, s, t, "by_group", k)
    c["bins_overall"] = uplift_by_percentile(y, s, t, "overall", bins); c["bins_by_group"] = uplift_by_percentile(y, s, t, "by_group", bins)
    if distinct:  # causalml and treatment_balance_curve leave tie order to an unstable sort: distinct scores only
        c["causalml_auuc"], c["causalml_qini"] = causalml_cumgain(y, t, s)
        bx, by = treatment_balance_curve(s, t, win); c["balance_x"], c["balance_y"] = bx.tolist(), by.tolist()
    out["cases"].append(c)

# Hand case (8 rows, see UpliftReferenceTests.HandCase): scores 8..1, so the ranking is row order.
case([1, 0, 1, 0, 0, 1, 0, 0], [8, 7, 6, 5, 4, 3, 2, 1], [1, 0, 1, 1, 0, 0, 1, 0], k=0.5, bins=2, win=2)
for n, ties in [(60, False), (300, True), (2000, False), (5000, True)]:
    x = rng.normal(0, 1, n); t = rng.binomial(1, 0.5, n)
    p = np.clip(0.2 + 0.1 * t * (x > 0) - 0.05 * t * (x < -1), 0, 1); y = rng.binomial(1, p)
    s = x + rng.normal(0, 0.7, n)
    if ties: s = np.round(s, 1)
    case(y, s, t, k=0.3, bins=10 if n > 100 else 4, win=max(2, n // 20), distinct=not ties)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "uplift.json"), "w") as f:
    json.dump(out, f, indent=1, default=float)
