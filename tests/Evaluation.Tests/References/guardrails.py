# Reference values for AbTesting/GuardrailTests.cs. Run by hand (not in CI):
#   /usr/bin/python3 tests/Evaluation.Tests/References/guardrails.py
# statsmodels multipletests and scipy 1.10 chisquare (Debian 12).
import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests

pvalue_cases = [
    [0.01, 0.04, 0.03, 0.005],
    [0.02, 0.02, 0.5, 0.001, 0.02],          # ties
    [0.3, 0.3, 0.3],                          # all tied
    [0.9, 0.8, 0.04, 0.7, 0.001, 0.6, 0.2],   # caps at 1
    [0.0, 1.0, 0.049],
]
for method in ("holm", "fdr_bh"):
    print(f"// {method}")
    for p in pvalue_cases:
        adj = multipletests(p, method=method)[1]
        print(f'[InlineData(new[] {{ {", ".join(repr(float(v)) for v in p)} }}, new[] {{ {", ".join(repr(float(v)) for v in adj)} }})]')

srm_cases = [
    ([5000, 5100], [0.5, 0.5]),
    ([10000, 10400], [1, 1]),
    ([3300, 3350, 3200], [1, 1, 1]),
    ([9000, 1100], [0.9, 0.1]),
    ([2500, 2400, 5100], [0.25, 0.25, 0.5]),
    ([0, 10], [0.5, 0.5]),
]
print("// srm")
for obs, w in srm_cases:
    w = np.asarray(w, float)
    exp = sum(obs) * w / w.sum()
    r = stats.chisquare(obs, exp)
    print(f'[InlineData(new long[] {{ {", ".join(str(o) for o in obs)} }}, new[] {{ {", ".join(repr(float(v)) for v in w)} }}, {float(r.statistic)!r}, {float(r.pvalue)!r})]')
