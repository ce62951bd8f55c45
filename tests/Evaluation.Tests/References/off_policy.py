# Reference values for OffPolicy/OffPolicyReferenceTests.cs, written to off_policy.json.
# Run by hand (not in CI):  /usr/bin/python3 tests/Evaluation.Tests/References/off_policy.py
# numpy 1.24 and scipy 1.10 (Debian 12). An independent numpy implementation of the Open Bandit
# Pipeline's estimators (obp.ope.estimators, arXiv 2008.07146): round rewards as obp's
# _estimate_round_rewards, plus the standard errors MarketLab defines (sample sd with ddof=1 / sqrt(n);
# SNIPS by the delta method) and normal intervals with scipy.stats.norm.ppf.
import json, os
import numpy as np
from scipy import stats

rng = np.random.default_rng(20240611)
out = {"cases": []}

def se_mean(v):
    return np.std(v, ddof=1) / np.sqrt(len(v))

for n, level, clip, binary, deterministic in [(6, 0.95, np.inf, True, False), (40, 0.90, np.inf, False, True),
                                               (300, 0.95, 5.0, True, True), (1000, 0.99, np.inf, True, False)]:
    k = 4
    # logging policy: random softmax over k actions; the logged action drawn from it
    logits = rng.normal(size=(n, k))
    pi0 = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    a = np.array([rng.choice(k, p=p) for p in pi0])
    pscore = pi0[np.arange(n), a]
    if deterministic:
        target = np.zeros((n, k)); target[np.arange(n), rng.integers(0, k, n)] = 1.0
    else:
        t = np.exp(2 * rng.normal(size=(n, k))); target = t / t.sum(axis=1, keepdims=True)
    q_hat = rng.uniform(0.05, 0.6, size=(n, k))
    r = rng.binomial(1, q_hat[np.arange(n), a]).astype(float) if binary else np.round(rng.gamma(2.0, 3.0, n), 3)
    pi_a = target[np.arange(n), a]
    q_a = q_hat[np.arange(n), a]
    q_pi = np.average(q_hat, weights=target, axis=1)
    z = stats.norm.ppf(0.5 + level / 2)

    res = {}
    w = np.minimum(pi_a / pscore, clip)
    ips = w * r                                   # obp InverseProbabilityWeighting
    dm = q_pi                                     # obp DirectMethod
    dr = q_pi + w * (r - q_a)                     # obp DoublyRobust
    for name, v in [("ips", ips), ("dm", dm), ("dr", dr)]:
        est, se = v.mean(), se_mean(v)
        res[name] = dict(value=est, se=se, lo=est - z * se, hi=est + z * se)
    w0 = pi_a / pscore                            # SNIPS is never clipped (as obp)
    snips_round = r * w0 / w0.mean()              # obp SelfNormalizedInverseProbabilityWeighting
    est = snips_round.mean()
    psi = w0 * (r - est) / w0.mean()              # influence function of the ratio Σwr/Σw
    se = np.std(psi, ddof=1) / np.sqrt(n)
    res["snips"] = dict(value=est, se=se, lo=est - z * se, hi=est + z * se)
    ess = w.sum() ** 2 / (w ** 2).sum()
    out["cases"].append(dict(level=level, clip=None if np.isinf(clip) else clip, rewards=r.tolist(), pscore=pscore.tolist(),
                             target=pi_a.tolist(), q_logged=q_a.tolist(), q_target=q_pi.tolist(), ess=ess,
                             **{f"{e}_{f}": float(res[e][f]) for e in res for f in res[e]}))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "off_policy.json"), "w") as fh:
    json.dump(out, fh, indent=1)
