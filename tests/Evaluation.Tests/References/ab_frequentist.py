# Reference values for AbTesting/FrequentistReferenceTests.cs, written to ab_frequentist.json.
# Run by hand (not in CI):  /usr/bin/python3 tests/Evaluation.Tests/References/ab_frequentist.py
# scipy 1.10 and statsmodels 0.13.5 (Debian 12 python3-scipy / python3-statsmodels).
import json, os
import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest, confint_proportions_2indep

out = {"proportion": [], "welch": [], "ratio": [], "cuped": []}
f = lambda v: None if not np.isfinite(v) else float(v)

# Two-proportion z-test: statsmodels proportions_ztest (pooled variance for the p-value) and
# confint_proportions_2indep(method='wald', compare='diff') for the interval.
for (xc, nc, xt, nt, alt) in [(480, 10000, 560, 10000, "two-sided"), (45, 300, 30, 310, "two-sided"),
                              (1200, 50000, 1275, 49500, "larger"), (7, 120, 3, 95, "smaller")]:
    z, p = proportions_ztest([xt, xc], [nt, nc], alternative=alt)
    # statsmodels' one-sided interval for 'larger' at alpha: two-sided interval at 2*alpha, one end kept.
    a = 0.05 if alt == "two-sided" else 0.10
    lo, hi = confint_proportions_2indep(xt, nt, xc, nc, method="wald", compare="diff", alpha=a)
    if alt == "larger": hi = np.inf
    if alt == "smaller": lo = -np.inf
    out["proportion"].append(dict(xc=xc, nc=nc, xt=xt, nt=nt, alternative=alt, z=f(z), p=f(p), lo=f(lo), hi=f(hi)))

# Welch t-test: scipy.stats.ttest_ind_from_stats(equal_var=False); interval from scipy.stats.t.ppf at Welch's df.
for (mc, sc, nc, mt, st, nt, alt) in [(25.3, 40.1, 1000, 27.9, 45.7, 1020, "two-sided"), (3.1, 1.2, 12, 2.4, 0.7, 9, "two-sided"),
                                      (101.0, 30.0, 400, 104.5, 29.0, 380, "greater"), (0.52, 0.3, 50, 0.41, 0.45, 70, "less")]:
    t, p = stats.ttest_ind_from_stats(mt, st, nt, mc, sc, nc, equal_var=False, alternative=alt)
    vt, vc = st**2 / nt, sc**2 / nc
    df = (vt + vc)**2 / (vt**2 / (nt - 1) + vc**2 / (nc - 1))
    se, d = np.sqrt(vt + vc), mt - mc
    q = stats.t.ppf(0.975 if alt == "two-sided" else 0.95, df)
    lo = -np.inf if alt == "less" else d - q * se
    hi = np.inf if alt == "greater" else d + q * se
    out["welch"].append(dict(mc=mc, sc=sc, nc=nc, mt=mt, st=st, nt=nt, alternative=alt, t=f(t), p=f(p), df=f(df), lo=f(lo), hi=f(hi)))

rng = np.random.default_rng(20261123)

# Ratio metric by the delta method (Deng, Knoblich & Lu, KDD 2018, eq. 2, sample (n-1) moments), normal
# reference distribution; relative lift variance Var(rt)/rc^2 + rt^2 Var(rc)/rc^4 (first-order delta method).
for n_c, n_t in [(15, 18), (40, 35), (200, 230)]:
    def arm(n, lift):
        imp = rng.integers(1, 30, n).astype(float)
        return rng.binomial(imp.astype(int), 0.1 * lift).astype(float), imp
    cc, ci = arm(n_c, 1.0); tc, ti = arm(n_t, 1.25)
    def moments(y, x):
        r = y.mean() / x.mean(); cov = np.cov(np.vstack([y, x]), ddof=1)
        return r, (cov[0, 0] - 2 * r * cov[0, 1] + r * r * cov[1, 1]) / (len(y) * x.mean() ** 2)
    rc, vc = moments(cc, ci); rt, vt = moments(tc, ti)
    d = rt - rc; se = np.sqrt(vc + vt); z = d / se; q = stats.norm.ppf(0.975)
    rel = d / rc; rse = np.sqrt(vt / rc**2 + rt**2 * vc / rc**4)
    out["ratio"].append(dict(control_num=cc.tolist(), control_den=ci.tolist(), treatment_num=tc.tolist(), treatment_den=ti.tolist(),
        rc=rc, rt=rt, z=z, p=2 * stats.norm.sf(abs(z)), lo=d - q * se, hi=d + q * se, rel=rel, rel_lo=rel - q * rse, rel_hi=rel + q * rse))

# CUPED on a mean metric: theta = (Cov_t/n_t + Cov_c/n_c) / (Var_t(x)/n_t + Var_c(x)/n_c) with numpy, then
# scipy.stats.ttest_ind(equal_var=False) on the adjusted rows y - theta*x; variance reduction =
# 1 - Var(adjusted difference)/Var(raw difference).
for n_c, n_t in [(10, 12), (60, 55), (300, 280)]:
    def arm(n, lift):
        x = rng.gamma(2.0, 10.0, n); y = 0.8 * x + rng.normal(5.0 + lift, 6.0, n)
        return np.round(y, 3), np.round(x, 3)
    yc, xc = arm(n_c, 0.0); yt, xt = arm(n_t, 2.0)
    theta = (np.cov(yt, xt, ddof=1)[0, 1] / n_t + np.cov(yc, xc, ddof=1)[0, 1] / n_c) / (xt.var(ddof=1) / n_t + xc.var(ddof=1) / n_c)
    at, ac = yt - theta * xt, yc - theta * xc
    t, p = stats.ttest_ind(at, ac, equal_var=False)
    raw = yt.var(ddof=1) / n_t + yc.var(ddof=1) / n_c
    adj = at.var(ddof=1) / n_t + ac.var(ddof=1) / n_c
    out["cuped"].append(dict(yc=yc.tolist(), xc=xc.tolist(), yt=yt.tolist(), xt=xt.tolist(),
        theta=theta, diff=at.mean() - ac.mean(), t=t, p=p, variance_reduction=1 - adj / raw))

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ab_frequentist.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1, default=float)
print("wrote", path)
