r"""Faithful transcriptions of seed 004 (Gamarnik, Kizildag, Zadik: stationary points, quadratic activation).

Transcribed exactly as printed in 004_a97b258067a61b8b.txt; compared with quadwick's derivation in
:mod:`numerics.papers.seed004.engine`.  Convention of the paper: W, W* in R^{m x d} (rows W_j are the neurons),
f(W; X) = ||W X||^2, L(W) = E[(f(W*; X) - f(W; X))^2] with X ~ N(0, I_d).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import sympy as sp

__all__ = [
    "SEED_FILE",
    "QUOTES",
    "spectral_risk",
    "barrier_bound_b",
    "construction_value_c",
    "corollary_bound",
    "eq2_lower_bound",
    "stationarity_eq3",
    "critical_samples",
    "symmetric_dimension",
    "initialization_thm25",
    "initialization_width",
    "gordon_interval",
    "gordon_probability",
    "proof25_trace_constant",
    "PROOF25_CONDITION",
    "proof25_first_term",
    "proof25_barrier_lower",
    "construction_c_weights",
    "lifted_samples",
    "prime_power_samples",
    "vandermonde_determinant",
    "reweighted",
]

SEED_FILE = "004_a97b258067a61b8b.txt"

QUOTES = {
    "spectral": (
        r"If  $\lambda_1, \dots, \lambda_d$  are the eigenvalues of  $W^T W - (W^*)^T W^*$ , then an inspection of the "
        r"proof of Theorem 2.1 reveals that,  $\mathcal{L}(W) = 2 \sum_{i=1}^d \lambda_i^2 + "
        r"\left( \sum_{i=1}^d \lambda_i \right)^2$"
    ),
    "2.1a": (
        r"- (a) *Suppose the distribution of  $X$  is jointly continuous. Then  $\mathcal{L}(W) = 0$ , that is,  "
        r"$f(W^*; X) = f(W; X)$  almost surely with respect to  $X$ , if and only if  $W = QW^*$  for some orthonormal "
        r"matrix  $Q \in \mathbb{R}^{m \times m}$ .*"
    ),
    "2.1b": r"$$\min_{W \in \mathbb{R}^{m \times d}: \text{rank}(W) < d} \mathcal{L}(W) \geq 2\sigma_{\min}(W^*)^4.$$",
    "2.1c": (
        r"there exists  $W \in \mathbb{R}^{m \times d}$  such that  $\text{rank}(W) \leq d - 1$ , and  "
        r"$\mathcal{L}(W) = 3(\sigma_{\min}(W^*)^4)$"
    ),
    "threshold": (
        r"This theorem indicates that there is a threshold  $\eta = \Theta(\sigma_{\min}(W^*)^4)$ , such that for any  "
        r"$W$  with  $\mathcal{L}(W) < \eta$ , it is the case that  $W$  is full rank."
    ),
    "tight": "Part (c) of Theorem 2.1 implies that our lower bound on the value is tight up to a multiplicative constant.",
    "2.2": (r"$$\min_{W \in \mathbb{R}^{m \times d}: \text{rank}(W) < d} \tilde{\mathcal{L}}(W) \geq "
            r"2\alpha^2 \sigma_{\min}(W^*)^4.$$"),
    "2": (
        r"$$\tilde{\mathcal{L}}(W) \geq \alpha^2 \mathcal{L}(W) + 2\alpha\beta \mathbb{E}[\Delta_f \Delta_g] = "
        r"\alpha^2 \mathcal{L}(W) + 2\alpha\beta \sum_{1 \leq i, j, k \leq d} \mathbb{E}[X_i X_j X_k] A_{ij} \theta_k = "
        r"\alpha^2 \mathcal{L}(W), \quad (2)$$"
    ),
    "2.3-remark": ("Note that an implication of Theorem 2.3 is that the population loss admits no rank-deficient "
                   "saddle points."),
    "no-low-saddles": (
        "Our result though shows that one needs not to worry about saddle points below some risk value as none exist "
        "per our first Theorem 2.1, when the population risk minimization problem is considered instead."
    ),
    "gd": (
        r"if the gradient descent algorithm is initialized at a point  $W$  which has a sufficiently small population "
        r"risk, in particular if it is lower than smallest risk value achieved by rank deficient matrices  $\hat{W}$ , "
        r"then the gradient descent converges to a global optimum"
    ),
    "3": r"$$W \|W^*\|_F^2 + 2W((W^*)^T W^*) = W \|W\|_F^2 + 2W(W^T W), \quad (3)$$",
    "observation-b": (
        r"Then, the population loss per equation above can be made small enough (in particular, smaller than the energy "
        r"barrier stated in the previous section), provided  $\epsilon > 0$  is small enough."
    ),
    "2.4": (
        r"*Let  $A$  be an  $m \times d$  matrix with independent standard normal entries. For every  $t \geq 0$ , with "
        r"probability at least  $1 - 2 \exp(-t^2/2)$ , we have:*" "\n\n"
        r"$$\sqrt{m} - \sqrt{d} - t \leq \sigma_{\min}(A) \leq \sigma_{\max}(A) \leq \sqrt{m} + \sqrt{d} + t.$$"
    ),
    "2.5": (
        r"Then, provided  $m > Cd^2$  for some absolute constant  $C > 0$ ,*  $$\mathcal{L}(W_0) < "
        r"\min_{\substack{W \in \mathbb{R}^{m \times d} \\ \text{rank}(W) \leq d-1}} \mathcal{L}(W),$$  *with "
        r"probability at least  $1 - \exp(-\Omega(d))$ , where the probability is with respect to the draw of  $W^*$ .*"
    ),
    "proof-2.5": (
        r"Provided," "\n\n" r"$$\frac{1}{2} > C'(C) = \frac{16}{C^2} + \frac{8}{C^{3/2}} + \frac{1}{C},$$" "\n\n"
        r"that is, provided  $C$  is sufficiently large, we have the claim."
    ),
    "2.6a": (
        r"(a) *Suppose*  $$\text{span}\{X_i X_i^T : 1 \leq i \leq n\} = \mathcal{S},$$  *where  $\mathcal{S}$  is the "
        r"set of all  $d \times d$  symmetric real-valued matrices. Then for any  $W \in \mathbb{R}^{m \times d}$  "
        r"interpolating the data, that is  $f(W^*; X_i) = f(W; X_i)$  for every  $i \in [n]$ , it holds that  "
        r"$W = QW^*$  for some orthonormal matrix  $Q \in \mathbb{R}^{m \times m}$ .*"
    ),
    "2.6b": (
        r"(b) *Suppose,*  $$\text{span}\{X_i X_i^T : 1 \leq i \leq n\},$$  *is a strict subset of  $\mathcal{S}$ . "
        r"Then, for any  $W^* \in \mathbb{R}^{m \times d}$  with  $\text{rank}(W^*) = d$ , there exists a  "
        r"$W \in \mathbb{R}^{m \times d}$  such that  $W^T W \neq (W^*)^T W^*$ , while  $W$  interpolates the data, "
        r"that is,  $f(W^*; X_i) = f(W; X_i)$  for all  $i \in [n]$ . In particular, for this  "
        r"$W \in \mathbb{R}^{m \times d}$ ,  $\mathcal{L}(W) > 0$ , where  $\mathcal{L}$  is defined with respect to "
        r"any jointly continuous distribution on  $\mathbb{R}^d$ .*"
    ),
    "2.7a": (
        r"*Then for any  $(a, W) \in \mathbb{R}_+^m \times \mathbb{R}^{m \times d}$  interpolating the data, that is  "
        r"$\hat{f}(a^*, W^*, X_i) = \hat{f}(a, W, X_i)$  for every  $i \in [n]$ , it holds that  "
        r"$\hat{f}(a, W, X) = \hat{f}(a^*, W^*, X)$  for every  $X \in \mathbb{R}^d$ . In particular,  $(a, W)$  "
        r"achieves zero generalization error.*"
    ),
    "2.7b": (
        r"Then, for any  $(a^*, W^*) \in \mathbb{R}_+^m \times \mathbb{R}^{m \times d}$ , there is a pair  "
        r"$(a, W) \in \mathbb{R}_+^m \times \mathbb{R}^{m \times d}$ , such that while  $(a, W)$  interpolates the "
        r"data, that is,  $\hat{f}(a, W, X_i) = \hat{f}(a^*, W^*, X_i)$  for every  $i \in [n]$ ,  $(a, W)$  has "
        r"strictly positive generalization error, with respect to any jointly continuous distribution on  "
        r"$\mathbb{R}^d$ .*"
    ),
    "2.8": r"Let  $n^* = d(d+1)/2$",
    "2.8a": r"(a) *If  $n \geq n^*$ , then  $\mathbb{P}(\text{span}(X_i X_i^T : i \in [n]) = \mathcal{S}) = 1$ .*",
    "2.8b": (r"(b) *If  $n < n^*$ , then for arbitrary  $Z_1, \dots, Z_n \in \mathbb{R}^d$ ,  "
             r"$\text{span}(Z_i Z_i^T : i \in [n]) \subsetneq \mathcal{S}$ .*"),
    "dim-S": (r"The critical number  $n^*$  is obtained to be  $d(d+1)/2$  since  "
              r"$\dim(\mathcal{S}) = \binom{d}{2} + d = d(d+1)/2$ ."),
    "vandermonde": (r"With this construction, the matrix  $\mathcal{X}$  is a Vandermonde matrix with determinant:"
                    "\n\n" r"$$\prod_{1 \leq k < \ell \leq d(d+1)/2} (z_k - z_\ell).$$"),
    "2.9a": (
        r"- (a) *Suppose  $n \geq n^*$ . Then with probability one over the training data  $X_1, \dots, X_n$ , if  "
        r"$W \in \mathbb{R}^{m \times d}$  is such that  $f(W; X_i) = Y_i$  for every  $i \in [n]$ , then  "
        r"$f(W; X) = f(W^*; X)$  for every  $X \in \mathbb{R}^d$ .*"
    ),
    "2.9b": (
        r"(b) *Suppose  $X_i, 1 \leq i \leq n$  are i.i.d. with  $\mathcal{N}(0, I_d)$  distribution. If  $n < n^*$ , "
        r"then there exists a  $W \in \mathbb{R}^{m \times d}$  such that  $f(W; X_i) = Y_i$  for every  $i \in [n]$ , "
        r"yet the generalization error satisfies*  $$\mathcal{L}(W) \geq 2\sigma_{\min}(W^*)^4.$$"
    ),
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


def eq2_lower_bound(alpha: sp.Expr, risk: sp.Expr) -> sp.Expr:
    r"""\tilde L(W) \ge \alpha^2 L(W) (004 eq. (2), proof of Corollary 2.2; the cross term 2\alpha\beta E[\Delta_f\Delta_g] = 0)."""
    return alpha**2 * risk


def symmetric_dimension(d: int) -> int:
    r"""\dim\mathcal{S} = \binom{d}{2} + d = d(d+1)/2 (004 Sec. 2.3, after Theorem 2.8; Sec. 3.7)."""
    return d * (d - 1) // 2 + d


def initialization_width(C: float, d: int) -> int:
    r"""The smallest integer width with m > C d^2 (004 Theorem 2.5)."""
    return int(np.floor(C * d * d)) + 1


def gordon_interval(m: int, d: int, t: float) -> tuple[float, float]:
    r"""(\sqrt m - \sqrt d - t, \sqrt m + \sqrt d + t), the interval of Theorem 2.4 (004, quoting [Ver10, Cor. 5.35])
    that holds sigma_min(A) and sigma_max(A) of an m x d standard Gaussian A."""
    return float(np.sqrt(m) - np.sqrt(d) - t), float(np.sqrt(m) + np.sqrt(d) + t)


def gordon_probability(t: float) -> float:
    r"""1 - 2\exp(-t^2/2): the probability at least which Theorem 2.4's interval holds (004 Theorem 2.4)."""
    return float(1 - 2 * np.exp(-t * t / 2))


def proof25_trace_constant(C: sp.Expr) -> sp.Expr:
    r"""C'(C) = 16/C^2 + 8/C^{3/2} + 1/C, the bound (\sum\lambda_k)^2 \le C' m^2 (004 Sec. 3.4)."""
    return 16 / C**2 + 8 / C ** sp.Rational(3, 2) + 1 / C


PROOF25_CONDITION = sp.Rational(1, 2)   # "Provided 1/2 > C'(C) ... we have the claim" (004 Sec. 3.4)


def proof25_first_term(m: sp.Expr, d: sp.Expr) -> sp.Expr:
    r"""2\sum_i\lambda_i^2 \le 32 m d^2 (004 Sec. 3.4: 'We immediately have')."""
    return 32 * m * d**2


def proof25_barrier_lower(m: sp.Expr) -> sp.Expr:
    r"""\min_{rank(W) \le d-1} L(W) > 2\sigma_{min}(W^*)^4 \ge (\sqrt m - 2\sqrt d)^4 \ge m^2/16 (004 Sec. 3.4)."""
    return m**2 / 16


def vandermonde_determinant(z: Sequence[sp.Expr]) -> sp.Expr:
    r"""\prod_{1 \le k < \ell \le d(d+1)/2} (z_k - z_\ell), det of the lifted prime-power samples as printed (004 Sec. 3.7)."""
    return sp.Mul(*[z[k] - z[l] for k in range(len(z)) for l in range(k + 1, len(z))])


def reweighted(a: Sequence[sp.Expr], W: sp.Matrix) -> sp.Matrix:
    r"""\hat W with rows \hat W_j = \sqrt{a_j} W_j, so that \hat f(a, W, X) = f(\hat W; X) (004 Sec. 3.6)."""
    return sp.Matrix.vstack(*[sp.sqrt(a[j]) * W[j, :] for j in range(W.rows)])
