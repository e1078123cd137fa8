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
    "construction_c_weights",
    "lifted_samples",
    "prime_power_samples",
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


def construction_c_weights(eigenvalues: Sequence[sp.Expr], eigenvectors: sp.Matrix, m: int) -> sp.Matrix:
    r"""The rank-(d-1) W of the proof of Theorem 2.1 (c) (004 Sec. 3.1 (c)), exactly as prescribed.

    \bar W = \sum_{j=1}^{d-1} \sqrt{\lambda_j^*} q_j^* (q_j^*)^T (eigenvalues \lambda_1^* >= ... >= \lambda_d^*
    of (W^*)^T W^*, orthonormal eigenvectors q_j^* = the columns of ``eigenvectors``); j = the first nonzero
    row of \bar W; W_i = \bar W_i (i <= d, i != j), W_j = \bar W_j / 2, W_i = \sqrt{3} / (2\sqrt{m-d}) \bar W_j
    (d < i <= m).  Needs m > d.
    """
    d = len(eigenvalues)
    if m <= d:
        raise ValueError(f"the construction uses rows d+1..m, needs m > d, got m = {m}, d = {d}")
    Wbar = sp.zeros(d, d)
    for k in range(d - 1):
        q = eigenvectors[:, k]
        Wbar += sp.sqrt(eigenvalues[k]) * q * q.T
    j = next(i for i in range(d) if any(x != 0 for x in Wbar[i, :]))
    W = sp.zeros(m, d)
    W[:d, :] = Wbar
    W[j, :] = Wbar[j, :] / 2
    for i in range(d, m):
        W[i, :] = sp.sqrt(3) / (2 * sp.sqrt(m - d)) * Wbar[j, :]
    return W


def lifted_samples(X: sp.Matrix) -> sp.Matrix:
    r"""The n x d(d+1)/2 matrix \mathcal{X} of 004 Sec. 3.7: row i is \mathcal{Y}_i = (X_i(1)^2, ..., X_i(d)^2,
    X_i(k) X_i(\ell) for k < \ell); its rank is the dimension of span(X_i X_i^T)."""
    n, d = X.shape
    pairs = [(k, k) for k in range(d)] + [(k, l) for k in range(d) for l in range(k + 1, d)]
    return sp.Matrix(n, len(pairs), lambda i, a: X[i, pairs[a][0]] * X[i, pairs[a][1]])


def prime_power_samples(d: int) -> sp.Matrix:
    r"""X_t = (p_1^{t-1}, ..., p_d^{t-1}), t = 1..n^* with p_1 < ... < p_d the first d primes (004 Sec. 3.7);
    rows are the samples."""
    primes = [sp.prime(k) for k in range(1, d + 1)]
    return sp.Matrix(critical_samples(d), d, lambda t, j: sp.Integer(primes[j]) ** t)
