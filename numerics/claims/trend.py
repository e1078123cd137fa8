r"""Fitted trends for statements about growing sizes (d -> infinity, t -> infinity).

A claim about a limit is judged on a sequence of sizes, never on the largest alone: the measured values
y_i at sizes x_i are fitted by weighted least squares to y = sum_k c_k phi_k(x) (for instance a + b/d),
and the verdict follows the fitted coefficient and its standard error.

With weights w_i = 1/sigma_i and A_ik = phi_k(x_i), the coefficients solve min |W (A c - y)|_2 and their
covariance is (A^T W^2 A)^-1 when the sigma_i are known (binomial counts), else s^2 (A^T A)^-1 with
s^2 = residual sum of squares / (points - parameters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

__all__ = ["Trend", "trend"]


@dataclass(frozen=True)
class Trend:
    """A weighted least-squares fit y = sum_k c_k phi_k(x), with the coefficients' standard errors."""

    coefficients: tuple[float, ...]
    errors: tuple[float, ...]

    def text(self, names: Sequence[str]) -> str:
        """The coefficients as 'a = 2.01 +- 0.03, b = ...'."""
        return ", ".join(f"{n} = {c:.4g} +- {e:.2g}" for n, c, e in zip(names, self.coefficients, self.errors))


def trend(x: Sequence[float], y: Sequence[float], basis: Sequence[Callable[[float], float]],
          sigma: Sequence[float] | None = None) -> Trend:
    """Fit y = sum_k c_k basis_k(x) by weighted least squares (weights 1/sigma^2; unit weights when None).

    >>> fit = trend([1, 2, 3, 4], [3, 5, 7, 9], [lambda x: 1, lambda x: x])
    >>> [round(c, 9) for c in fit.coefficients]
    [1.0, 2.0]
    >>> fit.errors[1] < 1e-9
    True
    """
    if len(x) != len(y) or len(y) <= len(basis):
        raise ValueError(f"a trend with {len(basis)} coefficients needs more than {len(basis)} points, got {len(y)}")
    A = np.array([[f(v) for f in basis] for v in x], dtype=float)
    y = np.asarray(y, dtype=float)
    weights = np.ones(len(y)) if sigma is None else 1 / np.asarray(sigma, dtype=float)
    Aw, yw = A * weights[:, None], y * weights
    coefficients, *_ = np.linalg.lstsq(Aw, yw, rcond=None)
    covariance = np.linalg.pinv(Aw.T @ Aw)
    if sigma is None:
        covariance = covariance * float(np.sum((yw - Aw @ coefficients) ** 2)) / (len(y) - len(basis))
    return Trend(tuple(float(c) for c in coefficients), tuple(float(np.sqrt(max(v, 0.0))) for v in np.diag(covariance)))
