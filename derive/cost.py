r"""What a concrete derivation will cost, estimated from the sizes before it starts.

The concrete route takes Gaussian expectations of polynomials in the n = p + p* pre-activations. The
largest integrand is the O(eta^2) part of the ODE, <F_k F_j>, of degree D = 4d - 2 for an activation of
degree d, and the memoised Stein recursion works through the monomials of degree <= D in n variables,

    M = binomial(n + D, D),

for each of the K = p p* + p (p + 1) / 2 ODE components. The time is fitted as

    t = exp(c_0) M^{c_1} K^{c_2}     (seconds, one core of the 2-core reference machine),

by least squares in log t over measured derivations (``benchmarks/cost_bench.py`` measures them again
and prints estimate against measurement). Over (p, p*) = (2, 1) ... (16, 8) with z^2 and over degrees
3 ... 20 at small widths the estimate was within a factor 4 of the measurement (a factor 4 below it at
degree 20, where SymPy's rational arithmetic grows): it is a guard against hour-long or memory-filling
requests, not a stopwatch. The general route (``--general``, ``--route general``) does not grow with p.

>>> round(derivation_seconds(6, 3, 2), 1)
0.9
>>> derivation_seconds(500, 3, 2) > 1e6
True
"""

from __future__ import annotations

import math

__all__ = ["derivation_seconds", "DERIVATION_FIT"]

# (c_0, c_1, c_2) of the fit in the module docstring, from benchmarks/cost_bench.py on the reference machine.
DERIVATION_FIT: tuple[float, float, float] = (-7.970, 0.7161, 0.4798)


def derivation_seconds(p: int, pstar: int, degree: int) -> float:
    """Estimated seconds of ``derive.concrete.derive_system`` at widths (p, p*) and activation degree d.

    t = exp(c_0) binomial(p + p* + 4d - 2, 4d - 2)^{c_1} (p p* + p(p + 1)/2)^{c_2}.
    """
    if min(p, pstar, degree) < 1:
        raise ValueError(f"widths and degree must be positive integers, got p = {p}, p* = {pstar}, degree = {degree}")
    top = 4 * degree - 2
    monomials = math.comb(p + pstar + top, top)
    components = p * pstar + p * (p + 1) // 2
    c0, c1, c2 = DERIVATION_FIT
    return math.exp(c0 + c1 * math.log(monomials) + c2 * math.log(components))
