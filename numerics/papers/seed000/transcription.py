"""Faithful SymPy transcriptions of seed 000 (Sarao Mannelli, Vanden-Eijnden, Zdeborova 2020).

Transcribed exactly as printed in 000_f822f03a088ed948.txt; compared with quadwick's own derivation in
:mod:`numerics.papers.seed000.engine`, where any disagreement is a finding.  Nothing here is corrected.

Conventions of the paper: weights w_i in R^d (student i = 1..m, teacher i = 1..m*), inputs x in R^d,
X = x x^T, A = (1/m) sum_i w_i w_i^T, A* = (1/m*) sum_i w*_i w*_i^T (eq. (4)).  Matrices are SymPy
matrices; ``samples`` is a list of column vectors x_k and E_{nu_n} is their plain mean.

``QUOTES`` holds, for each equation, a verbatim substring of the seed file (modulo whitespace); the dots
of w-dot and A-dot are the combining character U+0307 there, as here.
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

__all__ = [
    "SEED_FILE",
    "QUOTES",
    "gram_eq4",
    "weight_flow_eq3",
    "gram_flow_eq5",
    "empirical_loss_eq6",
    "weight_flow_eq7",
    "gram_flow_eq8",
    "population_loss_eq9",
    "threshold_eq13",
    "alpha_c_eq14",
    "eigenvalue_ode_eq20",
    "population_loss_eq21",
    "asymptotic_loss_eq26",
    "approximate_loss_eq27",
    "network_output_eq1",
    "empirical_loss_eq2",
    "informative_ode_eq22",
    "non_informative_ode_eq23",
    "early_decay_eq24_eq25",
    "log_rate_eq28",
    "emergence_growth",
    "emergence_time",
    "eigenvalue_gap_eq29",
    "asymptotic_loss_eq29",
]

SEED_FILE = "000_f822f03a088ed948.txt"

QUOTES = {
    "3": "ẇi(t) = Eνn [ tr (X(A∗ −A(t)))Xwi(t) ] . (3)",
    "4": "A(t) = 1 m m∑ i=1 wi(t)w T i (t), A∗ = 1 m∗ m∗∑ i=1 w∗i (w∗i )T , X = xxT . (4)",
    "5": "Ȧ = −A∇En(A)−∇En(A)A = Eνn [tr (X(A∗ −A)) (AX +XA)], (5)",
    "6": "En(A) = 1 2 Eνn |tr (X(A−A∗))|2 . (6)",
    "7": "ẇi(t) = tr(A∗ −A(t))wi(t) + 2(A∗ −A(t))wi(t). (7)",
    "8": "Ȧ = −A∇E(A)−∇E(A)A = 2 [(tr(A∗ −A))A+ (A∗ −A)A+A(A∗ −A)] . (8)",
    "9": "E(A) = tr ( (A−A∗)2 ) + 1 2 (tr(A−A∗))2 . (9)",
    "13": "nc = d(m∗ + 1)− 1 2m ∗(m∗ + 1) (13)",
    "14": "αc = (m∗ + 1) (14)",
    "20": "λ̇i = 2 d∑ j=1 (λ∗j − λj)λi + 4(λ∗i − λi)λi, λi(0) = 1, i = 1, . . . , d. (20)",
    "21": "E[A(t)] = d∑ j=1 (λj(t)− λ∗j )2 + 1 2 ( d∑ j=1 λj(t)− λ∗j )2 . (21)",
    "26": "E(A(t)) ∼ 1/(16t2) as t→∞. (26)",
    "27": "E[A(t)] ≈ 1 4 ( d−m∗ 1 + 2(2 + d−m∗)t )2 (27)",
    "1": "f∗(x) = 1 m∗ m∗∑ i=1 |x ·w∗i |2, and f(x) = 1 m m∑ j=1 |x ·wj |2, (1)",
    "2": "Ln(w1, . . . ,wm) = 1 4 Eνn ∣∣∣ 1 m∗ m∗∑ i=1 |x ·w∗i |2 − 1 m m∑ j=1 |x ·wj |2 ∣∣∣2 (2)",
    "22": "λ̇i = 2 ( m∗∑ j=1 (λ∗j − λj)− (d−m∗)ε ) λi + 4(λ∗i − λi)λi, i = 1, . . . ,m∗ (22)",
    "23": "ε̇ = 2 ( m∗∑ j=1 (λ∗j − λj)− (d−m∗)ε ) ε− 4 d−m∗ d∑ j=m∗+1 λ2j , ε(0) = 1. (23)",
    "24": "ε̇ ≈ −2dε2 ⇒ ε(t) ≈ 1 1 + 2dt t� 1/d (24)",
    "25": "d dt log λi ≈ −2dε(t) ≈ − 2d 1 + 2dt ⇒ λi(t) ≈ 1 1 + 2dt (25)",
    "bounce": "This happens at at time t0 = O(1) in d.",
    "emergence": "Afterwards the informative eigenvalues emerge from the non-informative ones with an exponen- tial "
                 "growth, λj(t) ∼ 1 2de (2m∗+4)t. As a result, these informative eigenvalues eventually match the "
                 "eigenvalues of the teacher at a typical time of order tJ ∼ 1 2m∗+4 log(2d)",
    "full rank": "while for m∗ ≥ d we recover the result n = d(d+ 1)/2 already found in [9, 24].",
    "convexity": "The proof uses the convexity of E(A)",
    "string critical": "The critical size to obtain a smooth landscape in average is n = 2d− 1",
    "28": "d dt log λi = 4λ∗i + 2 d∑ j=1 λ∗j − 4λi − 2 d∑ j=1 λj , i = 1, . . . , d (28)",
    "29": "For example, let us specialize to the case of a teacher with orthonormal hidden vectors, λ∗j = 1 for "
          "j = 1, . . . ,min(m∗, d). The eigenvalues will converge to their target value as |λj(t)− λ∗j | ∼ 1 2de "
          "−(2d+4)t. Consequently the loss (21) will converge to zero exponentially in this case E[A(t)] ∼ 1 2d "
          "e−2(2d+4)t as t→∞. (29)",
}


def _mean(terms: Sequence[sp.Matrix]) -> sp.Matrix:
    if not terms:
        raise ValueError("E_{nu_n} needs at least one sample")
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total / len(terms)


def gram_eq4(weights: Sequence[sp.Matrix]) -> sp.Matrix:
    r"""A = \frac{1}{m}\sum_{i=1}^m w_i w_i^T for column vectors w_i (000 eq. (4)); A* likewise with m*."""
    return _mean([w * w.T for w in weights])


def weight_flow_eq3(samples: Sequence[sp.Matrix], A: sp.Matrix, Astar: sp.Matrix, w: sp.Matrix) -> sp.Matrix:
    r"""\dot w_i = E_{\nu_n}[tr(X(A^* - A)) X w_i] (000 eq. (3))."""
    return _mean([(x * x.T * (Astar - A)).trace() * (x * x.T) * w for x in samples])


def gram_flow_eq5(samples: Sequence[sp.Matrix], A: sp.Matrix, Astar: sp.Matrix) -> sp.Matrix:
    r"""\dot A = E_{\nu_n}[tr(X(A^* - A))(AX + XA)] (000 eq. (5), Lemma 2.1)."""
    return _mean([(x * x.T * (Astar - A)).trace() * (A * x * x.T + x * x.T * A) for x in samples])


def empirical_loss_eq6(samples: Sequence[sp.Matrix], A: sp.Matrix, Astar: sp.Matrix) -> sp.Expr:
    r"""E_n(A) = \frac12 E_{\nu_n}|tr(X(A - A^*))|^2 (000 eq. (6)), twice the empirical loss (2)."""
    return sp.Rational(1, 2) * _mean([sp.Matrix([[(x * x.T * (A - Astar)).trace() ** 2]]) for x in samples])[0, 0]


def weight_flow_eq7(A: sp.Matrix, Astar: sp.Matrix, w: sp.Matrix) -> sp.Matrix:
    r"""\dot w_i = tr(A^* - A) w_i + 2 (A^* - A) w_i (000 eq. (7), Lemma 2.2)."""
    return (Astar - A).trace() * w + 2 * (Astar - A) * w


def gram_flow_eq8(A: sp.Matrix, Astar: sp.Matrix) -> sp.Matrix:
    r"""\dot A = 2[(tr(A^* - A))A + (A^* - A)A + A(A^* - A)] (000 eq. (8), Lemma 2.2)."""
    return 2 * ((Astar - A).trace() * A + (Astar - A) * A + A * (Astar - A))


def population_loss_eq9(A: sp.Matrix, Astar: sp.Matrix) -> sp.Expr:
    r"""E(A) = tr((A - A^*)^2) + \frac12 (tr(A - A^*))^2 (000 eq. (9)), twice the population loss."""
    return ((A - Astar) ** 2).trace() + sp.Rational(1, 2) * (A - Astar).trace() ** 2


def threshold_eq13(d: int, mstar: int) -> sp.Rational:
    r"""n_c = d(m^* + 1) - \frac12 m^*(m^* + 1) for m^* < d (000 eq. (13))."""
    return sp.sympify(d) * (mstar + 1) - sp.Rational(1, 2) * mstar * (mstar + 1)


def alpha_c_eq14(mstar: int) -> sp.Integer:
    r"""\alpha_c = m^* + 1 (000 eq. (14), the d -> infinity limit of n_c / d)."""
    return sp.Integer(mstar) + 1


def eigenvalue_ode_eq20(lam: Sequence[sp.Expr], lam_star: Sequence[sp.Expr]) -> list[sp.Expr]:
    r"""\dot\lambda_i = 2\sum_j(\lambda^*_j - \lambda_j)\lambda_i + 4(\lambda^*_i - \lambda_i)\lambda_i (000 eq. (20))."""
    total = sp.Add(*[s - l for l, s in zip(lam, lam_star)])
    return [2 * total * l + 4 * (s - l) * l for l, s in zip(lam, lam_star)]


def population_loss_eq21(lam: Sequence[sp.Expr], lam_star: Sequence[sp.Expr]) -> sp.Expr:
    r"""E[A(t)] = \sum_j(\lambda_j - \lambda^*_j)^2 + \frac12(\sum_j \lambda_j - \lambda^*_j)^2 (000 eq. (21))."""
    squares = sp.Add(*[(l - s) ** 2 for l, s in zip(lam, lam_star)])
    return squares + sp.Rational(1, 2) * sp.Add(*[l - s for l, s in zip(lam, lam_star)]) ** 2


def asymptotic_loss_eq26(t: sp.Expr) -> sp.Expr:
    r"""E(A(t)) \sim 1/(16 t^2) as t -> infinity, for m^* < d (000 eq. (26))."""
    return 1 / (16 * t**2)


def approximate_loss_eq27(d: int, mstar: int, t: sp.Expr) -> sp.Expr:
    r"""E[A(t)] \approx \frac14 ((d - m^*)/(1 + 2(2 + d - m^*)t))^2, orthonormal teacher (000 eq. (27))."""
    return sp.Rational(1, 4) * (sp.Integer(d - mstar) / (1 + 2 * (2 + d - mstar) * t)) ** 2


def network_output_eq1(x: sp.Matrix, weights: Sequence[sp.Matrix]) -> sp.Expr:
    r"""f(x) = \frac{1}{m}\sum_{j=1}^m |x \cdot w_j|^2 (000 eq. (1)); f^*(x) likewise with the m^* teacher vectors."""
    return sp.Add(*[(x.T * w)[0, 0] ** 2 for w in weights]) / len(weights)


def empirical_loss_eq2(samples: Sequence[sp.Matrix], students: Sequence[sp.Matrix],
                       teachers: Sequence[sp.Matrix]) -> sp.Expr:
    r"""L_n = \frac14 E_{\nu_n} |f^*(x) - f(x)|^2 with f, f^* of eq. (1) (000 eq. (2))."""
    residuals = [network_output_eq1(x, teachers) - network_output_eq1(x, students) for x in samples]
    return sp.Rational(1, 4) * sp.Add(*[r**2 for r in residuals]) / len(samples)


def _informative_drive(lam: Sequence[sp.Expr], lam_star: Sequence[sp.Expr], eps: sp.Expr, d: int) -> sp.Expr:
    """sum_{j <= m*} (lambda*_j - lambda_j) - (d - m*) eps, the bracket shared by eqs. (22) and (23)."""
    return sp.Add(*[s - l for l, s in zip(lam, lam_star)]) - (d - len(lam)) * eps


def informative_ode_eq22(lam: Sequence[sp.Expr], lam_star: Sequence[sp.Expr], eps: sp.Expr, d: int) -> list[sp.Expr]:
    r"""\dot\lambda_i = 2(\sum_{j\le m^*}(\lambda^*_j - \lambda_j) - (d - m^*)\varepsilon)\lambda_i
    + 4(\lambda^*_i - \lambda_i)\lambda_i for the m^* = len(lam) informative eigenvalues (000 eq. (22))."""
    drive = _informative_drive(lam, lam_star, eps, d)
    return [2 * drive * l + 4 * (s - l) * l for l, s in zip(lam, lam_star)]


def non_informative_ode_eq23(lam: Sequence[sp.Expr], lam_star: Sequence[sp.Expr], eps: sp.Expr,
                             non_informative: Sequence[sp.Expr], d: int) -> sp.Expr:
    r"""\dot\varepsilon = 2(\sum_{j\le m^*}(\lambda^*_j - \lambda_j) - (d - m^*)\varepsilon)\varepsilon
    - \frac{4}{d - m^*}\sum_{j > m^*}\lambda_j^2 (000 eq. (23)); ``non_informative`` are lambda_{m*+1..d}."""
    drive = _informative_drive(lam, lam_star, eps, d)
    return 2 * drive * eps - sp.Integer(4) / (d - len(lam)) * sp.Add(*[l**2 for l in non_informative])


def early_decay_eq24_eq25(d: sp.Expr, t: sp.Expr) -> sp.Expr:
    r"""\varepsilon(t) \approx \lambda_i(t) \approx 1/(1 + 2 d t) at early times (000 eqs. (24), (25))."""
    return 1 / (1 + 2 * d * t)


def log_rate_eq28(lam: Sequence[sp.Expr], lam_star: Sequence[sp.Expr]) -> list[sp.Expr]:
    r"""\frac{d}{dt}\log\lambda_i = 4\lambda^*_i + 2\sum_j\lambda^*_j - 4\lambda_i - 2\sum_j\lambda_j (000 eq. (28))."""
    total = 2 * sp.Add(*lam_star) - 2 * sp.Add(*lam)
    return [4 * s + total - 4 * l for l, s in zip(lam, lam_star)]


def emergence_growth(d: sp.Expr, mstar: sp.Expr, t: sp.Expr) -> sp.Expr:
    r"""\lambda_j(t) \sim \frac{1}{2d} e^{(2m^* + 4)t}, the informative eigenvalues' growth (000 Sec. 5.1, after (25))."""
    return sp.exp((2 * mstar + 4) * t) / (2 * d)


def emergence_time(d: sp.Expr, mstar: sp.Expr) -> sp.Expr:
    r"""t_J \sim \frac{1}{2m^* + 4}\log(2d), when the informative eigenvalues reach the teacher's (000 Sec. 5.1)."""
    return sp.log(2 * d) / (2 * mstar + 4)


def eigenvalue_gap_eq29(d: sp.Expr, t: sp.Expr) -> sp.Expr:
    r"""|\lambda_j(t) - \lambda^*_j| \sim \frac{1}{2d} e^{-(2d+4)t} for m^* \ge d, \lambda^*_j = 1 (000, before eq. (29))."""
    return sp.exp(-(2 * d + 4) * t) / (2 * d)


def asymptotic_loss_eq29(d: sp.Expr, t: sp.Expr) -> sp.Expr:
    r"""E[A(t)] \sim \frac{1}{2d} e^{-2(2d+4)t} as t -> infinity, for m^* \ge d (000 eq. (29))."""
    return sp.exp(-2 * (2 * d + 4) * t) / (2 * d)
