# Reference values for Bootstrap/BootstrapEndpointsTests.cs. Run by hand (not in CI):
#   /usr/bin/python3 tests/Evaluation.Tests/References/bootstrap.py
# numpy 1.24 percentile (method='linear') and scipy 1.10's own BCa code,
# scipy.stats._resampling._bca_interval, applied to fixed replicate arrays (any numbers serve: the
# interval is a function of the replicates, the data and the statistic) so that C# and Python see the
# same replicates without sharing a random number generator.
import numpy as np
from scipy.stats._resampling import _bca_interval

rng = np.random.default_rng(12345)
x = np.round(rng.exponential(3.0, 15), 3)
y = np.round(rng.exponential(4.0, 11), 3)
reps_mean = np.round(np.mean(rng.choice(x, (40, x.size)), axis=1), 4)
reps_median = np.round(np.median(rng.choice(x, (60, x.size)), axis=1), 4)
reps_diff = np.round(np.mean(rng.choice(y, (50, y.size)), axis=1) - np.mean(rng.choice(x, (50, x.size)), axis=1), 4)

def arr(a):
    return "new[] { " + ", ".join(repr(float(v)) for v in a) + " }"

print("x =", arr(x)); print("y =", arr(y))
print("reps_mean =", arr(reps_mean)); print("reps_median =", arr(reps_median)); print("reps_diff =", arr(reps_diff))

def tail(level, alt):
    return (1 - level) / 2 if alt == "TwoSided" else 1 - level

print("// percentile: replicates, level, alternative, lower, upper")
for name, reps in (("mean", reps_mean), ("median", reps_median), ("diff", reps_diff)):
    for level, alt in ((0.95, "TwoSided"), (0.8, "TwoSided"), (0.9, "Greater"), (0.99, "Less")):
        a = tail(level, alt)
        lo, hi = np.percentile(reps, [100 * a, 100 * (1 - a)])
        print(f'("{name}", {level}, Alternative.{alt}, {float(lo)!r}, {float(hi)!r})')

median = lambda v, axis=-1: np.median(v, axis=axis)
mean = lambda v, axis=-1: np.mean(v, axis=axis)
diff = lambda u, v, axis=-1: np.mean(v, axis=axis) - np.mean(u, axis=axis)
print("// bca: replicates, level, alternative, acceleration, lower, upper")
for name, data, stat, reps in (("mean", (x,), mean, reps_mean), ("median", (x,), median, reps_median), ("diff", (x, y), diff, reps_diff)):
    for level, alt in ((0.95, "TwoSided"), (0.8, "TwoSided"), (0.9, "Greater"), (0.99, "Less")):
        a1, a2, ahat = _bca_interval(data, stat, axis=-1, alpha=tail(level, alt), theta_hat_b=reps, batch=None)
        lo, hi = np.percentile(reps, 100 * a1), np.percentile(reps, 100 * a2)
        print(f'("{name}", {level}, Alternative.{alt}, {float(ahat)!r}, {float(lo)!r}, {float(hi)!r})')

print("// quantile of [1, 2, 4, 5, 5]")
for p in (0.0, 1.0, 0.5, 0.1, 0.3, 0.625, 0.97):
    print(f"[InlineData({p!r}, {float(np.percentile([1, 2, 4, 5, 5], 100 * p))!r})]")
