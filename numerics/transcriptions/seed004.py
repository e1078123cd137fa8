r"""Faithful transcriptions of seed 004 (Gamarnik, Kizildag, Zadik: stationary points, quadratic activation).

Transcribed exactly as printed in 004_a97b258067a61b8b.txt; compared with quadwick's derivation in
:mod:`numerics.papers.seed004`.  Convention of the paper: W, W* in R^{m x d} (rows W_j are the neurons),
f(W; X) = ||W X||^2, L(W) = E[(f(W*; X) - f(W; X))^2] with X ~ N(0, I_d).
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

__all__ = [
    "SEED_FILE",
    "QUOTES",
    "spectral_risk",
    "barrier_bound_b",
    "construction_value_c",
    "corollary_bound",
    "stationarity_eq3",
    "critical_samples",
    "initialization_thm25",
]

SEED_FILE = "004_a97b258067a61b8b.txt"

QUOTES = {
    "spectral": (
        r"If  $\lambda_1, \dots, \lambda_d$  are the eigenvalues of  $W^T W - (W^*)^T W^*$ , then an inspection of the "
        r"proof of Theorem 2.1 reveals that,  $\mathcal{L}(W) = 2 \sum_{i=1}^d \lambda_i^2 + "
        r"\left( \sum_{i=1}^d \lambda_i \right)^2$"
    ),
    "2.1b": r"$$\min_{W \in \mathbb{R}^{m \times d}: \text{rank}(W) < d} \mathcal{L}(W) \geq 2\sigma_{\min}(W^*)^4.$$",
    "2.1c": (
        r"there exists  $W \in \mathbb{R}^{m \times d}$  such that  $\text{rank}(W) \leq d - 1$ , and  "
        r"$\mathcal{L}(W) = 3(\sigma_{\min}(W^*)^4)$"
    ),
    "2.2": r"\tilde{\mathcal{L}}(W) \geq 2\alpha^2 \sigma_{\min}(W^*)^4.$$",
    "3": r"$$W \|W^*\|_F^2 + 2W((W^*)^T W^*) = W \|W\|_F^2 + 2W(W^T W), \quad (3)$$",
    "2.5": r"$(W_0)_{i,i} = \sqrt{m+4d}$  for  $1 \leq i \leq d$ , and  $(W_0)_{i,j} = 0$  otherwise",
    "2.8": r"Let  $n^* = d(d+1)/2$",
}


def spectral_risk(eigenvalues: Sequence[sp.Expr]) -> sp.Expr:
    r"""L(W) = 2\sum_i \lambda_i^2 + (\sum_i \lambda_i)^2, \lambda_i the eigenvalues of W^T W - (W^*)^T W^* (004 Sec. 2.2 (a))."""
    return 2 * sp.Add(*[l**2 for l in eigenvalues]) + sp.Add(*eigenvalues) ** 2


def barrier_bound_b(sigma_min: sp.Expr) -> sp.Expr:
    r"""\min_{rank(W) < d} L(W) \ge 2\sigma_{min}(W^*)^4 (004 Theorem 2.1 (b))."""
    return 2 * sigma_min**4


def construction_value_c(sigma_min: sp.Expr) -> sp.Expr:
    r"""Some W with rank(W) <= d - 1 has L(W) = 3\sigma_{min}(W^*)^4 (004 Theorem 2.1 (c))."""
    return 3 * sigma_min**4


def corollary_bound(alpha: sp.Expr, sigma_min: sp.Expr) -> sp.Expr:
    r"""\min_{rank(W) < d} \tilde L(W) \ge 2\alpha^2\sigma_{min}(W^*)^4 for \tilde\sigma = \alpha x^2 + \beta x + \gamma (004 Corollary 2.2)."""
    return 2 * alpha**2 * sigma_min**4


def stationarity_eq3(W: sp.Matrix, Wstar: sp.Matrix) -> sp.Matrix:
    r"""Left minus right side of W\|W^*\|_F^2 + 2W((W^*)^TW^*) = W\|W\|_F^2 + 2W(W^TW) (004 eq. (3), Sec. 3.3.1)."""
    return W * _frobenius2(Wstar) + 2 * W * (Wstar.T * Wstar) - W * _frobenius2(W) - 2 * W * (W.T * W)


def _frobenius2(M: sp.Matrix) -> sp.Expr:
    return sp.Add(*[x**2 for x in M])


def critical_samples(d: int) -> int:
    r"""n^* = d(d+1)/2 (004 Theorem 2.8)."""
    return d * (d + 1) // 2


def initialization_thm25(m: int, d: int) -> sp.Matrix:
    r"""(W_0)_{ii} = \sqrt{m + 4d} for i <= d, 0 otherwise (004 Theorem 2.5); W_0^T W_0 = (m + 4d) I_d."""
    return sp.Matrix(m, d, lambda i, j: sp.sqrt(m + 4 * d) if i == j else 0)
