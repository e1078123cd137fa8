"""An activation as a vectorised float function: a NumPy polynomial, or c erf(s z).

:func:`activation_function` turns a model's activation (:mod:`derive.activation`) into an object with
``__call__`` and ``deriv(order)``, the interface of :class:`numpy.polynomial.Polynomial`, so that Monte Carlo
and the NumPy simulations evaluate sigma, sigma' and sigma'' the same way for both kinds:

    d/dz c erf(s z) = c s (2/sqrt(pi)) exp(-s^2 z^2),   d^2/dz^2 c erf(s z) = -2 s^2 z d/dz c erf(s z).

>>> import sympy
>>> f = activation_function(sympy.erf(sympy.Symbol("z")))
>>> round(float(f(1.0)), 6), round(float(f.deriv()(0.0)), 6)
(0.842701, 1.128379)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy

from quadwick.derive.activation import erf_parameters
from quadwick.derive.model import ACTIVATION_VARIABLE

__all__ = ["ErfFunction", "activation_function"]


@dataclass(frozen=True)
class ErfFunction:
    """The ``order``-th derivative (0, 1 or 2) of c erf(s z)."""

    c: float
    s: float
    order: int = 0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        from scipy.special import erf

        x = np.asarray(x, dtype=float)
        if self.order == 0:
            return self.c * erf(self.s * x)
        slope = self.c * self.s * (2 / math.sqrt(math.pi)) * np.exp(-(self.s * x) ** 2)
        return slope if self.order == 1 else -2 * self.s**2 * x * slope

    def deriv(self, m: int = 1) -> "ErfFunction":
        if self.order + m > 2:
            raise ValueError("derivatives of c erf(s z) beyond the second are not implemented")
        return ErfFunction(self.c, self.s, self.order + m)


def activation_function(activation: sympy.Expr) -> np.polynomial.Polynomial | ErfFunction:
    """sigma as floats: :class:`numpy.polynomial.Polynomial` (coefficients lowest first) or :class:`ErfFunction`."""
    erf = erf_parameters(activation)
    if erf is not None:
        return ErfFunction(float(erf[0]), float(erf[1]))
    coefficients = sympy.Poly(activation, ACTIVATION_VARIABLE).all_coeffs()[::-1]
    return np.polynomial.Polynomial([float(c) for c in coefficients])
