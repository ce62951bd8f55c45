# Reference values for AbTesting/SequentialTestTests.cs. Run by hand (not in CI):
#   /usr/bin/python3 tests/Evaluation.Tests/References/sequential.py
# An independent numpy/scipy implementation of the asymptotic confidence sequence of Waudby-Smith et al.
# (arXiv 2103.06476v7, eq. 9 with rho from eq. 161) and of the one-sided normal mixture of Howard et al.
# (Ann. Stat. 2021; the closed form of the half-normal mixture is derived below), written from the formulas, not from the C# code. No library ships these,
# so roots are found with scipy.optimize.brentq (an iterative reference: compare at 1e-6 relative).
import numpy as np
from scipy import stats, optimize

def rho2(alpha, nstar):
    l = -2 * np.log(alpha)
    return (l + np.log(l + 1)) / nstar

def halfwidth_two_sided(se, n, alpha, nstar):
    # eq. 9 with sigma^2 = n * se^2
    r = rho2(alpha, nstar)
    sigma = np.sqrt(n) * se
    return sigma * np.sqrt(2 * (n * r + 1) / (n**2 * r) * np.log(np.sqrt(n * r + 1) / alpha))

def log_one_sided_mixture(s, n, r):
    # ln of int_0^inf exp(l s - l^2 n / 2) * 2 phi(l / rho) / rho dl, in closed form:
    # 2 / sqrt(c) * exp(r s^2 / (2c)) * Phi(sqrt(r) s / sqrt(c)), c = n r + 1
    c = n * r + 1
    return np.log(2) - 0.5 * np.log(c) + r * s * s / (2 * c) + stats.norm.logcdf(np.sqrt(r) * s / np.sqrt(c))

def halfwidth_one_sided(se, n, alpha, nstar):
    r = rho2(alpha, nstar)
    # boundary on the standardised sum s = sum (x_i - mu) / sigma: M1(s) = 1 / alpha
    s = optimize.brentq(lambda s: log_one_sided_mixture(s, n, r) + np.log(alpha), 0, 1e3 * np.sqrt(n), xtol=1e-300, rtol=1e-15, maxiter=1000)
    sigma = np.sqrt(n) * se
    return sigma * s / n

def p_value(z, n, nstar, two_sided):
    # smallest alpha whose sequence excludes 0: the half-width equals |estimate| = |z| se (take se = 1)
    hw = halfwidth_two_sided if two_sided else halfwidth_one_sided
    g = lambda la: hw(1.0, n, np.exp(la), nstar) - z
    hi = -1e-12
    if g(hi) > 0:
        return 1.0
    return float(np.exp(optimize.brentq(g, -700, hi, xtol=1e-14, rtol=1e-15)))

# Monotonicity of the half-width in alpha, which the bisection for the p-value relies on.
alphas = np.logspace(-12, np.log10(0.9999), 2000)
for n in [2, 10, 100, 1000, 5000, 1e5, 1e7, 1e9]:
    for nstar in [100, 5000, 1e6]:
        w2 = np.array([halfwidth_two_sided(1.0, n, a, nstar) for a in alphas])
        w1 = np.array([halfwidth_one_sided(1.0, n, a, nstar) for a in alphas[::20]])
        assert np.all(np.diff(w2) < 0) and np.all(np.diff(w1) < 0), (n, nstar)

# (absolute, absolute variance, relative, relative variance, control n, treatment n, alpha, alternative, N*)
cases = [
    (0.012, 0.00002, 0.06, 0.0005, 5000, 5000, 0.05, "TwoSided", 5000),
    (0.5, 0.04, 0.05, 0.0004, 20000, 21000, 0.05, "TwoSided", 5000),
    (-1.3, 0.9, -0.02, 0.0002, 300, 280, 0.10, "TwoSided", 10000),
    (0.002, 0.0000004, 0.01, 0.00001, 400000, 400000, 0.01, "TwoSided", 100000),
    (0.1, 0.01, 0.03, 0.0009, 1000, 1000, 0.05, "TwoSided", 5000),      # p-value 1
    (0.012, 0.00002, 0.06, 0.0005, 5000, 5000, 0.05, "Greater", 5000),
    (-0.03, 0.0001, -0.1, 0.001, 8000, 8000, 0.05, "Less", 20000),
    (0.03, 0.0001, 0.1, 0.001, 8000, 8000, 0.05, "Less", 20000),       # wrong direction
    (7.5, 4.0, 0.15, 0.0016, 60, 70, 0.2, "Greater", 500),
]
for d, v, rel, rv, nc, nt, alpha, alt, nstar in cases:
    n = nc + nt
    se, rse = np.sqrt(v), np.sqrt(rv)
    z = d / se
    if alt == "TwoSided":
        w, rw = halfwidth_two_sided(se, n, alpha, nstar), halfwidth_two_sided(rse, n, alpha, nstar)
        lo, hi, rlo, rhi = d - w, d + w, rel - rw, rel + rw
        p = p_value(abs(z), n, nstar, True)
    elif alt == "Greater":
        w, rw = halfwidth_one_sided(se, n, alpha, nstar), halfwidth_one_sided(rse, n, alpha, nstar)
        lo, hi, rlo, rhi = d - w, np.inf, rel - rw, np.inf
        p = p_value(z, n, nstar, False)
    else:
        w, rw = halfwidth_one_sided(se, n, alpha, nstar), halfwidth_one_sided(rse, n, alpha, nstar)
        lo, hi, rlo, rhi = -np.inf, d + w, -np.inf, rel + rw
        p = p_value(-z, n, nstar, False)
    f = lambda x: "double.PositiveInfinity" if x == np.inf else "double.NegativeInfinity" if x == -np.inf else repr(float(x))
    print(f"[InlineData({d!r}, {v!r}, {rel!r}, {rv!r}, {nc}, {nt}, {alpha!r}, Alternative.{alt}, {float(nstar)!r}, "
          f"{f(z)}, {f(p)}, {f(lo)}, {f(hi)}, {f(rlo)}, {f(rhi)})]")
