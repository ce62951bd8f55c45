# Reference values for AbTesting/FrequentistReferenceTests.cs, written to ab_frequentist.json.
# Run by hand (not in CI):  /usr/bin/python3 tests/Evaluation.Tests/References/ab_frequentist.py
# scipy 1.10 and statsmodels 0.13.5 (Debian 12 python3-scipy / python3-statsmodels).
import json, os
import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest, confint_proportions_2indep

out = {"proportion": [], "welch": [], "ratio": [], "cuped": [], "cuped_ratio": []}
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

# CUPED on a ratio metric (clicks/impressions with a pre-period clicks/impressions), an independent numpy
# implementation: per arm the 4x4 sample covariance of (num, den, pre_num, pre_den), gradients
# g = (1/den, -R/den, 0, 0) and h = (0, 0, 1/pre_den, -R0/pre_den) (delta method), V = g'Sg/n,
# P = h'Sh/n, C = g'Sh/n; theta = (C_t + C_c)/(P_t + P_c); diff = (R_t - R_c) - theta (R0_t - R0_c);
# Var = sum over arms of V + theta^2 P - 2 theta C; normal reference distribution.
for n_c, n_t in [(25, 30), (80, 70), (400, 380)]:
    def arm(n, lift):
        habit = rng.gamma(2.0, 0.05, n)
        imp0 = rng.integers(1, 30, n).astype(float); imp = rng.integers(1, 30, n).astype(float)
        clk0 = rng.binomial(imp0.astype(int), np.minimum(habit, 1)).astype(float)
        clk = rng.binomial(imp.astype(int), np.minimum(habit * lift, 1)).astype(float)
        return np.vstack([clk, imp, clk0, imp0])
    def moments(m):
        n = m.shape[1]; mu = m.mean(axis=1); S = np.cov(m, ddof=1)
        r, r0 = mu[0] / mu[1], mu[2] / mu[3]
        g = np.array([1 / mu[1], -r / mu[1], 0, 0]); h = np.array([0, 0, 1 / mu[3], -r0 / mu[3]])
        return r, r0, g @ S @ g / n, h @ S @ h / n, g @ S @ h / n
    cm, tm = arm(n_c, 1.0), arm(n_t, 1.15)
    rc, r0c, vc, pc, cc = moments(cm); rt, r0t, vt, pt, ct = moments(tm)
    theta = (ct + cc) / (pt + pc)
    diff = (rt - rc) - theta * (r0t - r0c)
    var = vc + theta**2 * pc - 2 * theta * cc + vt + theta**2 * pt - 2 * theta * ct
    z = diff / np.sqrt(var)
    out["cuped_ratio"].append(dict(control=cm.tolist(), treatment=tm.tolist(), theta=theta, diff=diff, z=z,
        p=2 * stats.norm.sf(abs(z)), variance_reduction=1 - var / (vc + vt)))

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ab_frequentist.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1, default=float)
print("wrote", path)
