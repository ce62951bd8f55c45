# Reference values for AbTesting/PowerAnalysisTests.cs. Run by hand (not in CI):
#   /usr/bin/python3 tests/Evaluation.Tests/References/power.py
# statsmodels 0.13.5 (Debian 12 python3-statsmodels), scipy 1.10. NormalIndPower().power is a closed form
# (1e-9 relative); solve_power uses brentq (1e-6 relative).
import warnings
import numpy as np
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize
from scipy import optimize

warnings.simplefilter("ignore")
P = NormalIndPower()
ALT = {"TwoSided": "two-sided", "Greater": "larger", "Less": "smaller"}

def solve_effect(n1, alpha, pw, ratio, alt):
    # solve_power(effect_size=None, ...) stops at brentq_expanding's xtol = 1e-5 (absolute in the effect
    # size, ~1e-4 relative), too loose for a 1e-6 reference; invert NormalIndPower().power with brentq at
    # xtol = 1e-15 instead. Both are printed; the tests check ours against the tight one at 1e-6 and against
    # solve_power within its own 1e-5.
    sign = -1 if alt == "Less" else 1
    tight = sign * optimize.brentq(lambda d: P.power(sign * d, n1, alpha, ratio=ratio, alternative=ALT[alt]) - pw, 1e-8, 10, xtol=1e-15, rtol=1e-15)
    loose = P.solve_power(effect_size=None, nobs1=n1, alpha=alpha, power=pw, ratio=ratio, alternative=ALT[alt])
    return tight, loose

def r(v):
    return repr(float(v))

def row(*vals):
    return "[InlineData(" + ", ".join(r(v) if not isinstance(v, str) else "Alternative." + v for v in vals) + ")]"

print("// ProportionPower: baseline, treatment, n1, ratio, alpha, alternative, power")
for p1, p2, n1, ratio, alpha, alt in [(0.05, 0.055, 20000, 1, 0.05, "TwoSided"), (0.10, 0.12, 3000, 2, 0.05, "TwoSided"),
                                     (0.30, 0.28, 5000, 0.5, 0.01, "Less"), (0.02, 0.025, 15000, 1, 0.1, "Greater")]:
    h = proportion_effectsize(p2, p1)  # 2 asin sqrt(p2) - 2 asin sqrt(p1): treatment minus control
    print(row(p1, p2, n1, ratio, alpha, alt, P.power(h, n1, alpha, ratio=ratio, alternative=ALT[alt])))

print("// ProportionSampleSize: baseline, treatment, power, ratio, alpha, alternative, n1")
for p1, p2, pw, ratio, alpha, alt in [(0.05, 0.055, 0.8, 1, 0.05, "TwoSided"), (0.10, 0.12, 0.9, 2, 0.05, "TwoSided"),
                                      (0.30, 0.28, 0.8, 0.5, 0.01, "Less"), (0.02, 0.025, 0.95, 1, 0.1, "Greater")]:
    h = proportion_effectsize(p2, p1)
    print(row(p1, p2, pw, ratio, alpha, alt, P.solve_power(effect_size=h, nobs1=None, alpha=alpha, power=pw, ratio=ratio, alternative=ALT[alt])))

print("// ProportionMinimumDetectableEffect: baseline, n1, power, ratio, alpha, alternative, treatment rate")
for p1, n1, pw, ratio, alpha, alt in [(0.05, 20000, 0.8, 1, 0.05, "TwoSided"), (0.10, 3000, 0.9, 2, 0.05, "TwoSided"),
                                      (0.30, 5000, 0.8, 0.5, 0.01, "Less"), (0.02, 15000, 0.95, 1, 0.1, "Greater")]:
    h, loose = solve_effect(n1, alpha, pw, ratio, alt)
    p2 = np.sin(np.arcsin(np.sqrt(p1)) + h / 2) ** 2
    print(row(p1, n1, pw, ratio, alpha, alt, p2), "// solve_power h:", r(loose))

print("// MeanPower: delta, sd, n1, ratio, alpha, alternative, power")
for delta, sd, n1, ratio, alpha, alt in [(0.5, 12.0, 5000, 1, 0.05, "TwoSided"), (-1.2, 30.0, 8000, 3, 0.05, "TwoSided"),
                                         (2.0, 25.0, 1500, 1, 0.025, "Greater"), (-0.8, 10.0, 2000, 0.7, 0.05, "Less")]:
    print(row(delta, sd, n1, ratio, alpha, alt, P.power(delta / sd, n1, alpha, ratio=ratio, alternative=ALT[alt])))

print("// MeanSampleSize: delta, sd, power, ratio, alpha, alternative, n1")
for delta, sd, pw, ratio, alpha, alt in [(0.5, 12.0, 0.8, 1, 0.05, "TwoSided"), (-1.2, 30.0, 0.9, 3, 0.05, "TwoSided"),
                                         (2.0, 25.0, 0.8, 1, 0.025, "Greater"), (-0.8, 10.0, 0.85, 0.7, 0.05, "Less")]:
    print(row(delta, sd, pw, ratio, alpha, alt, P.solve_power(effect_size=delta / sd, nobs1=None, alpha=alpha, power=pw, ratio=ratio, alternative=ALT[alt])))

print("// MeanMinimumDetectableEffect: sd, n1, power, ratio, alpha, alternative, delta")
for sd, n1, pw, ratio, alpha, alt in [(12.0, 5000, 0.8, 1, 0.05, "TwoSided"), (30.0, 8000, 0.9, 3, 0.05, "TwoSided"),
                                      (25.0, 1500, 0.8, 1, 0.025, "Greater"), (10.0, 2000, 0.85, 0.7, 0.05, "Less")]:
    h, loose = solve_effect(n1, alpha, pw, ratio, alt)
    print(row(sd, n1, pw, ratio, alpha, alt, sd * h), "// solve_power h:", r(loose))
