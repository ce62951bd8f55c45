# Reference values for DistributionTests.cs. Run by hand (not in CI):
#   /usr/bin/python3 tests/Evaluation.Tests/References/distributions.py
# scipy 1.10 (Debian 12 python3-scipy).
from scipy import stats, special
cases = {
 "NormalCdf": [(z, stats.norm.cdf(z)) for z in (-38.0, -10.0, -3.0, -1.959963984540054, -0.5, 0.0, 0.3, 1.0, 2.5, 8.0)],
 "NormalQuantile": [(p, stats.norm.ppf(p)) for p in (1e-300, 1e-20, 1e-5, 0.01, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999999)],
 "StudentTCdf": [(t, df, stats.t.cdf(t, df)) for t, df in ((-2.0, 1.0), (1.5, 2.5), (-3.2, 7.0), (0.4, 30.0), (-2.1, 1234.567), (-4.0, 2e6), (2.0, 5e8), (-12.0, 15.0))],
 "StudentTQuantile": [(p, df, stats.t.ppf(p, df)) for p, df in ((0.975, 1.0), (0.025, 3.5), (0.995, 12.0), (0.05, 99.5), (0.975, 1e6), (1e-10, 8.0))],
 "ChiSquaredSf": [(x, df, stats.chi2.sf(x, df)) for x, df in ((3.841458820694124, 1.0), (0.5, 1.0), (12.0, 3.0), (60.0, 2.0), (150.0, 99.0), (1e-3, 4.0))],
 "BetaCdf": [(a, b, x, stats.beta.cdf(x, a, b)) for a, b, x in ((2.0, 3.0, 0.4), (0.5, 0.5, 0.1), (101.0, 901.0, 0.12), (5001.0, 95001.0, 0.049), (1e6, 3e6, 0.2501), (1.0, 1.0, 0.7))],
 "BetaPdf": [(a, b, x, stats.beta.pdf(x, a, b)) for a, b, x in ((2.0, 3.0, 0.4), (101.0, 901.0, 0.12), (5001.0, 95001.0, 0.049), (1e6, 3e6, 0.2501))],
 "LogGamma": [(x, special.gammaln(x)) for x in (0.1, 0.5, 1.0, 3.7, 9.99, 10.0, 55.5, 1e7)],
}
for name, rows in cases.items():
    print(f"// {name}")
    for r in rows:
        print("[InlineData(" + ", ".join(repr(float(v)) for v in r) + ")]")
