# Reference values for AbTesting/BayesianTestTests.cs. Run by hand (not in CI):
#   /usr/bin/python3 tests/Evaluation.Tests/References/bayesian.py
# scipy 1.10 (Debian 12 python3-scipy). Beta-binomial values use scipy.integrate.quad over the control
# posterior (split at quantiles of both posteriors so quad sees the narrow peaks) and scipy.optimize.brentq
# for quantiles; the Gaussian values are closed forms with scipy.stats.norm.
import numpy as np
from scipy import stats, integrate, optimize

def r(v):
    return repr(float(v))

def beta_binomial(xc, nc, xt, nt, a, b, mass):
    c = stats.beta(a + xc, b + nc - xc)
    t = stats.beta(a + xt, b + nt - xt)
    tp = stats.beta(a + xt + 1, b + nt - xt)
    lo, hi = c.ppf(1e-16), c.isf(1e-16)
    if a + xc < 2: lo = 0.0
    if b + nc - xc < 2: hi = 1.0

    def integrate_c(g, feature):
        pts = set(np.linspace(lo, hi, 41))
        flo, fhi = max(lo, feature[0]), min(hi, feature[1])
        if fhi > flo: pts |= set(np.linspace(flo, fhi, 41))
        pts = sorted(pts)
        total = 0.0
        for u, v in zip(pts[:-1], pts[1:]):
            total += integrate.quad(lambda x: c.pdf(x) * g(x), u, v, epsabs=0, epsrel=1e-13, limit=200)[0]
        return total

    tlo, thi = t.ppf(1e-16), t.isf(1e-16)
    chance = integrate_c(lambda x: t.sf(x), (tlo, thi))
    loss = integrate_c(lambda x: x * t.cdf(x) - t.mean() * tp.cdf(x), (tlo, thi))
    risk = integrate_c(lambda x: t.mean() * tp.sf(x) - x * t.sf(x), (tlo, thi))
    diff_cdf = lambda d: integrate_c(lambda x: t.cdf(x + d), (tlo - d, thi - d))
    ratio_cdf = lambda q: integrate_c(lambda x: t.cdf(q * x), (tlo / q, thi / q))
    tail = (1 - mass) / 2
    dq = lambda p: optimize.brentq(lambda d: diff_cdf(d) - p, -1, 1, xtol=1e-15)
    rq = lambda p: np.exp(optimize.brentq(lambda s: ratio_cdf(np.exp(s)) - p, -30, 30, xtol=1e-15)) - 1
    return [chance, loss, risk, t.mean() - c.mean(), rq(0.5), dq(tail), dq(1 - tail), rq(tail), rq(1 - tail)]

print("// BetaBinomial: xc, nc, xt, nt, alpha, beta, mass, chance, loss, risk, abs lift, rel median, abs lo, abs hi, rel lo, rel hi")
for case in [(5000, 100000, 5300, 100000, 1.0, 1.0, 0.95),
             (0, 10, 1, 10, 1.0, 1.0, 0.95),
             (20, 200, 35, 210, 2.0, 20.0, 0.9),
             (0, 50, 3, 40, 0.5, 0.5, 0.95),
             (250000, 1000000, 249000, 1000000, 1.0, 1.0, 0.99)]:
    print("[InlineData(" + ", ".join(r(v) for v in list(case) + beta_binomial(*case)) + ")]")

def gaussian(control, absolute, abs_var, relative, rel_var, prior_mean, prior_sd, mass):
    rm, rv, am, av = relative, rel_var, absolute, abs_var
    if prior_sd is not None:
        pv = prior_sd ** 2
        rprec = 1 / pv + 1 / rv
        rm, rv = (prior_mean / pv + rm / rv) / rprec, 1 / rprec
        apv = pv * control ** 2
        aprec = 1 / apv + 1 / av
        am, av = (prior_mean * control / apv + am / av) / aprec, 1 / aprec
    s = np.sqrt(av)
    z = am / s
    q = stats.norm.ppf(0.5 + mass / 2)
    rs = np.sqrt(rv)
    return [stats.norm.cdf(z), s * stats.norm.pdf(z) - am * stats.norm.cdf(-z), s * stats.norm.pdf(z) + am * stats.norm.cdf(z),
            am, rm, am - q * s, am + q * s, rm - q * rs, rm + q * rs]

print("// Gaussian: control, absolute, absVar, relative, relVar, priorMean, priorSd (0 = flat), mass, then the 9 outputs")
for case in [(10.0, 0.3, 0.04, 0.03, 0.00041, None, None, 0.95),
             (2.5, -0.1, 0.0025, -0.04, 0.00045, None, None, 0.9),
             (10.0, 0.3, 0.04, 0.03, 0.00041, 0.0, 0.01, 0.95),
             (0.05, 0.002, 1e-6, 0.04, 4.2e-4, 0.01, 0.05, 0.99),
             (-4.0, 0.5, 0.09, -0.125, 0.006, 0.02, 0.1, 0.95)]:
    out = gaussian(*case)
    vals = list(case)
    if vals[5] is None: vals[5], vals[6] = 0.0, 0.0
    print("[InlineData(" + ", ".join(r(v) for v in vals + out) + ")]")
