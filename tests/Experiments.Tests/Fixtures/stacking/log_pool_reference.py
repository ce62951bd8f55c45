#!/usr/bin/python3
"""Reference fits of the multiclass stacker (a logarithmic opinion pool) for EnsembleTests (run by hand, never by the tests).

Minimises, with SciPy (Debian python3-scipy, /usr/bin/python3), the penalised negative log-likelihood of
p(c) ∝ exp(b_c + w_1 log p_1(c) + w_2 log p_2(c)), b_0 = 0, penalty lam/2 |w|^2 + mu/2 (b_1^2 + b_2^2), over the ten
rows below; prints lam, mu, [b_1, b_2, w_1, w_2] and the objective.

Usage: /usr/bin/python3 tests/Experiments.Tests/Fixtures/stacking/log_pool_reference.py
"""
import numpy as np
from scipy.optimize import minimize
P1 = np.array([[0.7,0.2,0.1],[0.1,0.8,0.1],[0.3,0.3,0.4],[0.6,0.1,0.3],[0.2,0.5,0.3],[0.1,0.2,0.7],[0.5,0.4,0.1],[0.2,0.2,0.6],[0.4,0.4,0.2],[0.3,0.6,0.1]])
P2 = np.array([[0.5,0.3,0.2],[0.3,0.4,0.3],[0.2,0.2,0.6],[0.4,0.4,0.2],[0.1,0.7,0.2],[0.3,0.3,0.4],[0.6,0.2,0.2],[0.1,0.3,0.6],[0.2,0.5,0.3],[0.5,0.3,0.2]])
y = np.array([0,1,2,0,1,2,1,2,0,1])
L = np.stack([np.log(P1), np.log(P2)])  # m, i, c
for lam, mu in [(1.0, 1e-4), (0.1, 0.5)]:
    def f(t):
        b = np.concatenate([[0.0], t[:2]]); w = t[2:]
        s = b[None,:] + np.einsum('m,mic->ic', w, L)
        s = s - s.max(axis=1, keepdims=True)
        ll = s[np.arange(len(y)), y] - np.log(np.exp(s).sum(axis=1))
        return -ll.sum() + lam/2*(w@w) + mu/2*(t[:2]@t[:2])
    r = minimize(f, np.array([0,0,0.5,0.5]), method='BFGS', options={'gtol':1e-12})
    r = minimize(f, r.x, method='Nelder-Mead', options={'xatol':1e-13,'fatol':1e-15,'maxiter':20000})
    r = minimize(f, r.x, method='BFGS', options={'gtol':1e-13})
    print(lam, mu, repr(r.x.tolist()), r.fun)
