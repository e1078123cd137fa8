"""Closed forms of the Gaussian expectations of erf activations (Saad & Solla 1995).

For G(y) = erf(y / sqrt(2)), G'(y) = sqrt(2/pi) exp(-y^2/2), and zero-mean jointly Gaussian y with covariance C
(entries C_ij, 1-based):

    J2 = E[G'(y1) G'(y2)]           = (2/pi) / sqrt(L2),                 L2 = (1+C11)(1+C22) - C12^2,
    I2 = E[G(y1) G(y2)]             = (2/pi) arcsin(C12 / sqrt((1+C11)(1+C22))),
    I3 = E[G'(y1) y2 G(y3)]         = (2/pi) (C23 (1+C11) - C12 C13) / ((1+C11) sqrt(L3)),
                                      L3 = (1+C11)(1+C33) - C13^2,
    I4 = E[G'(y1) G'(y2) G(y3) G(y4)] = (4/pi^2) arcsin(L0 / sqrt(L1 L2')) / sqrt(L4),
         L4 = (1+C11)(1+C22) - C12^2,
         L0 = L4 C34 - C23 C24 (1+C11) - C13 C14 (1+C22) + C12 C13 C24 + C12 C14 C23,
         L1 = L4 (1+C33) - C23^2 (1+C11) - C13^2 (1+C22) + 2 C12 C13 C23,
         L2' = L4 (1+C44) - C24^2 (1+C11) - C14^2 (1+C22) + 2 C12 C14 C24.

They hold for a singular C too (two arguments may be the same unit).  Two identities derive them from
Gaussian integrals SymPy does exactly, and the tests check both: Price's theorem, d E[f(y_a) h(y_b)] / d C_ab
= E[f'(y_a) h'(y_b)], with E[prod_i G'(y_i)] = (2/pi)^{n/2} det(I + C)^{-1/2} (a Gaussian integral), gives
dI2/dC12 = J2, dI3/dC23 = J2(1, 3), dI4/dC34 = (4/pi^2) det(I + C)^{-1/2}; with I2 = I4 = 0 where C12 = 0 or
C34 (and the cross terms) vanish, by oddness of G.  Quadrature and Monte Carlo check the values.

An activation c erf(s z) is c G(kappa z) with kappa = sqrt(2) s, so its expectations are these at the rescaled
covariance kappa_i kappa_j C_ij (:func:`erf_expectation`).

>>> C = covariance_symbols(2)
>>> pair(C).subs({C[0, 0]: 1, C[1, 1]: 1, C[0, 1]: 1})
1/3
"""

from __future__ import annotations

import sympy

__all__ = ["covariance_symbols", "slope_pair", "pair", "triple", "quadruple", "erf_expectation"]


def covariance_symbols(size: int) -> sympy.Matrix:
    """The symmetric matrix of symbols C_ij (i <= j), 1-based."""
    return sympy.Matrix(size, size, lambda i, j: sympy.Symbol(f"C{min(i, j) + 1}{max(i, j) + 1}"))


def slope_pair(C: sympy.Matrix) -> sympy.Expr:
    """J2 = E[G'(y1) G'(y2)] = (2/pi) / sqrt((1+C11)(1+C22) - C12^2)."""
    return 2 / sympy.pi / sympy.sqrt((1 + C[0, 0]) * (1 + C[1, 1]) - C[0, 1] ** 2)


def pair(C: sympy.Matrix) -> sympy.Expr:
    """I2 = E[G(y1) G(y2)] = (2/pi) arcsin(C12 / sqrt((1+C11)(1+C22)))."""
    return 2 / sympy.pi * sympy.asin(C[0, 1] / sympy.sqrt((1 + C[0, 0]) * (1 + C[1, 1])))


def triple(C: sympy.Matrix) -> sympy.Expr:
    """I3 = E[G'(y1) y2 G(y3)] = (2/pi) (C23 (1+C11) - C12 C13) / ((1+C11) sqrt((1+C11)(1+C33) - C13^2))."""
    L3 = (1 + C[0, 0]) * (1 + C[2, 2]) - C[0, 2] ** 2
    return 2 / sympy.pi * (C[1, 2] * (1 + C[0, 0]) - C[0, 1] * C[0, 2]) / ((1 + C[0, 0]) * sympy.sqrt(L3))


def quadruple(C: sympy.Matrix) -> sympy.Expr:
    """I4 = E[G'(y1) G'(y2) G(y3) G(y4)] = (4/pi^2) arcsin(L0 / sqrt(L1 L2)) / sqrt(L4) (module docstring)."""
    c11, c22, c33, c44 = (1 + C[i, i] for i in range(4))
    c12, c13, c14, c23, c24, c34 = C[0, 1], C[0, 2], C[0, 3], C[1, 2], C[1, 3], C[2, 3]
    L4 = c11 * c22 - c12**2
    L0 = L4 * c34 - c23 * c24 * c11 - c13 * c14 * c22 + c12 * c13 * c24 + c12 * c14 * c23
    L1 = L4 * c33 - c23**2 * c11 - c13**2 * c22 + 2 * c12 * c13 * c23
    L2 = L4 * c44 - c24**2 * c11 - c14**2 * c22 + 2 * c12 * c14 * c24
    return 4 / sympy.pi**2 * sympy.asin(L0 / sympy.sqrt(L1 * L2)) / sympy.sqrt(L4)


# E[...] as a function of C, and which arguments are erf's derivative (G'), erf itself (G) or linear (y).
_FORMS = {"J2": (slope_pair, ("d", "d")), "I2": (pair, ("g", "g")), "I3": (triple, ("d", "y", "g")),
          "I4": (quadruple, ("d", "d", "g", "g"))}


def erf_expectation(name: str, C: sympy.Matrix, parameters: list[tuple[sympy.Expr, sympy.Expr]]) -> sympy.Expr:
    """The expectation ``name`` (J2, I2, I3, I4) for activations c_i erf(s_i z) in the slots that hold an
    activation (``parameters[i] = (c_i, s_i)``, ignored for I3's linear slot):

        E[...] = prod_i w_i  x  (the standard form at C'_ij = kappa_i kappa_j C_ij),  kappa_i = sqrt(2) s_i,

    with w_i = c_i for erf itself and w_i = c_i kappa_i for its derivative (d/dz c G(kappa z) = c kappa G').

    >>> C = covariance_symbols(2)
    >>> erf_expectation("I2", C, [(1, sympy.sqrt(2) / 2)] * 2) == pair(C)
    True
    """
    form, kinds = _FORMS[name]
    kappa = [sympy.Integer(1) if kind == "y" else sympy.sqrt(2) * s for kind, (c, s) in zip(kinds, parameters)]
    weight = sympy.Integer(1)
    for kind, (c, s), k in zip(kinds, parameters, kappa):
        weight *= {"y": 1, "g": c, "d": c * k}[kind]
    scaled = sympy.Matrix(len(kinds), len(kinds), lambda i, j: kappa[i] * kappa[j] * C[i, j])
    return weight * form(scaled)
