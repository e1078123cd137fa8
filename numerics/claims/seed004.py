r"""Claims of seed 004 (Gamarnik, Kizildag, Zadik: stationary points of shallow networks with quadratic activation).

The paper's convention: W, W* in R^{m x d} with the neurons as rows, f(W; X) = ||W X||^2, L(W) =
E[(f(W*; X) - f(W; X))^2] with X ~ N(0, I_d) (preset ``seed004``, :mod:`numerics.papers.seed004`).

How the claims are checked:

* identities (the spectral form of L, eq. (3), Theorem 2.1 (a), (c)) exactly: the engine's L and grad L
  (Wick / Stein, :func:`numerics.papers.seed004.risk`, :func:`~numerics.papers.seed004.gradient`) on
  symbolic or rational weights at concrete widths, against the transcriptions of
  :mod:`numerics.transcriptions.seed004`;
* the span statements (Theorems 2.6 (a), 2.8) by exact linear algebra on integer data;
* the inequalities and existence statements (Theorem 2.1 (b), Corollary 2.2, Theorems 2.3, 2.5, 2.6 (b),
  2.9) numerically: L-BFGS over rank-deficient W = U V, the stationary-point finder, fits of the empirical
  risk, and draws of W*; reported as best value found against the bound.

The finding of this seed: the minimum of L over rank-deficient W is 2 sigma^4 (d + 2)/(d + 1), sigma =
sigma_min(W*), strictly between the bound 2 sigma^4 of Theorem 2.1 (b) and the value 3 sigma^4 of the
construction of Theorem 2.1 (c); both statements hold as printed (a bound and an existence), neither is
tight.  The remark after Theorem 2.3 ("no rank-deficient saddle points") is refuted: rank-deficient
stationary points with L > 0 exist (W = 0, and the rank-(d-1) minimiser, a strict saddle).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np
import sympy as sp
from scipy.optimize import minimize
from sympy.polys.polyfuncs import symmetrize

from numerics import gd
from numerics.landscape import finder
from numerics.landscape.points import rational_orthogonal
from numerics.papers import seed004 as paper
from numerics.transcriptions import seed004 as t004

from .base import Claim, Outcome, identity_outcome

__all__ = ["CLAIMS"]

SEED = t004.SEED_FILE
SIGMA = sp.Symbol("sigma_min", positive=True)   # sigma_min(W*)
ALPHA = paper.ALPHA
D = sp.Symbol("d", integer=True, positive=True)
LAMBDA = sp.IndexedBase("lambda")
I = sp.Idx("i")
RISK = sp.Function("L")
RANK_DEFICIENT_MIN = r"\min_{W\in\mathbb{R}^{m\times d}:\,\mathrm{rank}(W)<d}"


def _fmt(x: float) -> str:
    """Three significant digits, the precision of every printed number."""
    return f"{x:.3g}"


def _symbolic_weights(letter: str, m: int, d: int) -> sp.Matrix:
    """An m x d matrix of independent symbols letter_ij."""
    return sp.Matrix(m, d, lambda i, j: sp.Symbol(f"{letter}_{i + 1}{j + 1}"))


def _exact_sizes(quick: bool) -> list[tuple[int, int]]:
    """Widths (m, d) of the exact checks."""
    return [(2, 2), (3, 2), (2, 3)] + ([] if quick else [(3, 3), (4, 3)])


def _sigma_min(Wstar: np.ndarray) -> float:
    return float(np.linalg.svd(Wstar, compute_uv=False)[-1])


def _widths(sizes: Sequence[tuple[int, int]]) -> str:
    return "(m, d) = " + ", ".join(f"({m}, {d})" for m, d in sizes)


def _all_identities(pairs: Sequence[tuple[sp.Basic, sp.Basic, tuple[int, int]]], what: str) -> Outcome:
    """The first refuted identity among (paper, engine, (m, d)), or one verified outcome naming the widths."""
    for transcription, engine, size in pairs:
        outcome = identity_outcome(transcription, engine, f"{what} at {_widths([size])}")
        if outcome.verdict != "verified":
            return outcome
    return Outcome("verified", f"{what}: the transcription equals the engine's derivation exactly at "
                               f"{_widths([size for _, _, size in pairs])}.")


def _numerical(holds: bool, summary: str, values: dict[str, str], otherwise: str = "inconclusive") -> Outcome:
    """'verified numerically' when the numerical criterion ``holds``, else ``otherwise``."""
    return Outcome("verified numerically" if holds else otherwise, summary, values=values)


# -- the spectral form of L (Sec. 2.2 (a), proof of Theorem 2.1) -------------------------------------


def spectral_form_at(A: sp.Matrix) -> sp.Expr:
    """The transcription 2 sum lambda_i^2 + (sum lambda_i)^2 at the eigenvalues of the symmetric matrix A, exactly.

    It is symmetric in the lambda_i, hence a polynomial in their elementary symmetric functions e_k, and
    Vieta's formulas read e_k off the characteristic polynomial: det(x I - A) = sum_k (-1)^k e_k x^(d-k).

    >>> spectral_form_at(sp.diag(1, 2))
    19
    """
    d = A.rows
    eigenvalues = sp.symbols(f"lambda1:{d + 1}")
    in_elementary, remainder, elementary = symmetrize(t004.spectral_risk(list(eigenvalues)), *eigenvalues, formal=True)
    coefficients = A.charpoly(sp.Dummy("x")).all_coeffs()
    values = {e: (-1) ** k * coefficients[k] for k, (e, _) in enumerate(elementary, start=1)}
    return sp.expand(in_elementary.subs(values) + remainder)


def _check_spectral(quick: bool) -> Outcome:
    """The engine's L on symbolic W, W* against the transcription at the eigenvalues of W^T W - W*^T W*."""
    pairs = []
    for m, d in _exact_sizes(quick):
        W, Wstar = _symbolic_weights("w", m, d), _symbolic_weights("v", m, d)
        pairs.append((spectral_form_at(W.T * W - Wstar.T * Wstar), paper.risk(W, Wstar), (m, d)))
    return _all_identities(pairs, "L(W) = 2 sum lambda_i^2 + (sum lambda_i)^2 on symbolic W, W*")


# -- Theorem 2.1 (a): L(W) = 0 iff W = Q W* ------------------------------------------------------------


def _check_thm21a(quick: bool) -> Outcome:
    """'If': L(Q W*) = 0 identically in W* for a rational orthogonal Q.  'Only if': L = 2 |A|_F^2 + (tr A)^2,
    A = W^T W - W*^T W*, a sum of squares vanishing only at A = 0, i.e. W^T W = W*^T W* (W = Q W*, Thm 3.2)."""
    for m, d in _exact_sizes(quick):
        W, Wstar = _symbolic_weights("w", m, d), _symbolic_weights("v", m, d)
        on_orbit = sp.expand(paper.risk(rational_orthogonal(m) * Wstar, Wstar))
        A = W.T * W - Wstar.T * Wstar
        off_sum_of_squares = sp.expand(2 * sum(x**2 for x in A) + A.trace() ** 2 - paper.risk(W, Wstar))
        if on_orbit != 0 or off_sum_of_squares != 0:
            return Outcome("refuted", f"At {_widths([(m, d)])} L(Q W*) = {on_orbit} or L differs from "
                           "2|A|_F^2 + (tr A)^2 by the residual shown.", residual=on_orbit or off_sum_of_squares)
    return Outcome(
        "verified",
        f"For X ~ N(0, I_d), exactly at {_widths(_exact_sizes(quick))}: L(Q W*) = 0 identically in W* "
        "(Q rational orthogonal), "
        "and L = 2 |A|_F^2 + (tr A)^2 with A = W^T W - W*^T W*, so L = 0 forces W^T W = W*^T W*, i.e. W = Q W*.",
    )


# -- Theorem 2.1 (b), (c) and Corollary 2.2: the energy barrier -----------------------------------------


def _barrier_rows(cases: Sequence[tuple[int, int, float, float]], starts: int, seed: int) -> list[dict]:
    """For each (d, m, alpha, beta): W* ~ N(0, 1), the best rank-(d-1) value found by L-BFGS over W = U V of
    alpha^2 L + beta^2 |1^T (W - W*)|^2 (the engine's risk for alpha z^2 + beta z + gamma), the bound
    2 alpha^2 sigma^4, and alpha^2 L at paper.rank_deficient_minimizer: alpha^2 2 sigma^4 (d + 2)/(d + 1), the
    minimum of alpha^2 L over rank <= d - 1 (a lower bound of the minimum of L~ when beta != 0)."""
    rng = np.random.default_rng(seed)
    rows = []
    for d, m, alpha, beta in cases:
        Wstar = rng.standard_normal((m, d))
        best, _ = paper.rank_deficient_minimum(Wstar, rng, starts, alpha, beta)
        bound = 2 * alpha**2 * _sigma_min(Wstar) ** 4
        attained = alpha**2 * float(gd.population_risk(paper.rank_deficient_minimizer(Wstar), Wstar,
                                                        gd.convention("seed004", m, m)))
        rows.append({"d": d, "m": m, "alpha": alpha, "beta": beta, "best": best, "bound": bound,
                     "attained": attained})
    return rows


def _barrier_outcome(rows: list[dict], starts: int, what: str) -> Outcome:
    """Verified numerically when no rank-deficient value found is below the bound (relative 1e-9)."""
    values: dict[str, str] = {}
    for r in rows:
        label = f"d={r['d']}, m={r['m']}" + (f", alpha={r['alpha']}, beta={r['beta']}" if r["beta"] else "")
        values[f"best/bound ({label})"] = _fmt(r["best"] / r["bound"])
        values[f"alpha^2 L at the explicit rank-(d-1) minimiser of L / bound ({label})"] = _fmt(
            r["attained"] / r["bound"])
        values[f"(d+2)/(d+1) ({label})"] = _fmt((r["d"] + 2) / (r["d"] + 1))
    values["L-BFGS starts per case"] = str(starts)
    below = [r for r in rows if r["best"] < r["bound"] * (1 - 1e-9)]
    ratios = ", ".join(f"{_fmt(r['best'] / r['bound'])} at (d, m) = ({r['d']}, {r['m']})" for r in rows)
    if below:
        return Outcome("refuted", f"{what}: a rank-deficient W has L below the bound: best/bound = {ratios}.",
                       values=values)
    return Outcome(
        "verified numerically",
        f"{what}: no rank-(d-1) W found by L-BFGS ({starts} starts per case) goes below the bound; best/bound = "
        f"{ratios}, against (d+2)/(d+1) for the exact minimum of alpha^2 L over rank <= d-1 (2 alpha^2 sigma_min^4 "
        "(d+2)/(d+1), attained by an explicit rank-(d-1) W): the bound holds but is not attained.",
        values=values,
    )


def _check_thm21b(quick: bool) -> Outcome:
    """L-BFGS over rank-(d-1) W = U V for Gaussian W* (seeded): best value found against 2 sigma_min^4."""
    cases = [(2, 3, 1.0, 0.0), (3, 4, 1.0, 0.0)] + ([] if quick else [(3, 3, 1.0, 0.0), (4, 6, 1.0, 0.0),
                                                                      (5, 8, 1.0, 0.0)])
    starts = 3 if quick else 8
    return _barrier_outcome(_barrier_rows(cases, starts, seed=40), starts, "min over rank(W) < d of L >= 2 sigma_min^4")


def _check_cor22(quick: bool) -> Outcome:
    """The engine's risk for alpha z^2 + beta z + gamma is alpha^2 L + beta^2 |1^T (W - W*)|^2 exactly (integer
    weights, symbolic alpha, beta, gamma), then the barrier search with beta != 0."""
    W, Wstar = sp.Matrix(3, 2, [1, 2, -1, 0, 3, 1]), sp.Matrix(3, 2, [2, -1, 1, 1, 0, 2])
    theta = (W - Wstar).T * sp.ones(3, 1)
    decomposition = ALPHA**2 * paper.risk(W, Wstar) + paper.BETA**2 * (theta.T * theta)[0, 0]
    identity = identity_outcome(decomposition, paper.general_activation_risk(W, Wstar),
                                "L~ = alpha^2 L + beta^2 |theta|^2 at (m, d) = (3, 2)")
    if identity.verdict != "verified":
        return identity
    cases = [(3, 4, 1.5, 0.7)] + ([] if quick else [(2, 3, 2.0, 1.0), (4, 6, 0.5, -1.0)])
    starts = 3 if quick else 8
    outcome = _barrier_outcome(_barrier_rows(cases, starts, seed=41), starts,
                               "min over rank(W) < d of L~ >= 2 alpha^2 sigma_min^4")
    return Outcome(outcome.verdict, "L~ = alpha^2 L + beta^2 |theta|^2 exactly (engine, (m, d) = (3, 2)); "
                   + outcome.summary, values=outcome.values)


def _rational_teacher(m: int, d: int) -> tuple[sp.Matrix, list[sp.Integer], sp.Matrix]:
    """W* = U diag(s) V^T with U, V rational orthogonal and s = (d+1, d, ..., 2): W*^T W* = V diag(s^2) V^T exactly,
    so (eigenvalues, eigenvectors) = (s_j^2, columns of V) and sigma_min(W*) = 2."""
    s = [sp.Integer(d + 1 - k) for k in range(d)]
    V = rational_orthogonal(d)
    Wstar = rational_orthogonal(m)[:, :d] * sp.diag(*s) * V.T
    return Wstar, [x**2 for x in s], V


def _check_thm21c(quick: bool) -> Outcome:
    """The proof's construction (transcribed) at rational W*: exact rank d - 1 and L = 3 sigma_min^4 by the engine."""
    sizes = [(3, 2), (4, 3)] + ([] if quick else [(5, 3), (5, 4)])
    values = {}
    for m, d in sizes:
        Wstar, eigenvalues, V = _rational_teacher(m, d)
        W = t004.construction_c_weights(eigenvalues, V, m)
        value = sp.radsimp(sp.expand(paper.risk(W, Wstar)))
        sigma4 = eigenvalues[-1] ** 2
        stated = t004.construction_value_c(sp.sqrt(eigenvalues[-1]))
        if W.rank(simplify=True) != d - 1 or value != stated:
            return Outcome("refuted", f"At (m, d) = ({m}, {d}) the proof's W has rank {W.rank()} and L = {value}, "
                           f"not 3 sigma_min^4 = {stated}.", residual=stated - value)
        values[f"L(W)/sigma_min^4 at (m, d) = ({m}, {d})"] = str(value / sigma4)
        values[f"min over rank <= d-1 of L / sigma_min^4 (004-thm2.1b), d = {d}"] = _fmt(2 * (d + 2) / (d + 1))
    return Outcome(
        "verified",
        f"The proof's rank-(d-1) W has L(W) = 3 sigma_min^4 exactly (engine, rational W*, {_widths(sizes)}). "
        "It is not the minimiser: the minimum over rank <= d-1 is "
        "2 sigma_min^4 (d+2)/(d+1) < 3 sigma_min^4 (see 004-thm2.1b), so the bound of (b) is tight up to the factor "
        "(d+2)/(d+1) (at most 4/3), closer than the 3/2 that (c) shows.",
        values=values,
    )


# -- eq. (3) and Theorem 2.3: stationary points -------------------------------------------------------


def _check_eq3(quick: bool) -> Outcome:
    """grad L = -4 (left - right side of eq. (3)), so grad L = 0 iff eq. (3)."""
    pairs = []
    for m, d in _exact_sizes(quick)[: 2 if quick else None]:
        W, Wstar = _symbolic_weights("w", m, d), _symbolic_weights("v", m, d)
        pairs.append((-4 * t004.stationarity_eq3(W, Wstar), paper.gradient(W, Wstar), (m, d)))
    return _all_identities(
        pairs, "grad L = -4 (W|W*|_F^2 + 2W W*^T W* - W|W|_F^2 - 2W W^T W), i.e. eq. (3) iff grad L = 0")


def _check_thm23(quick: bool) -> Outcome:
    """Stationary points from random starts (finder.check_theorem_2_3): every full-rank one has L = 0 and
    W^T W = W*^T W*."""
    sizes = [(2, 2), (3, 2), (3, 3)] + ([] if quick else [(4, 3), (4, 4), (5, 3)])
    starts = 6 if quick else 16
    rng = np.random.default_rng(23)
    results = [finder.check_theorem_2_3(m, d, rng, starts=starts) for m, d in sizes]
    full = [r for r in results if r.full_rank_risks]
    values = {
        "stationary points found": str(sum(len(r.ranks) for r in results)),
        "searches not converged": str(sum(not f.converged for r in results for f in r.found)),
        "full-rank ones": str(sum(len(r.full_rank_risks) for r in results)),
        "max |L| at full rank": f"{max(abs(x) for r in full for x in r.full_rank_risks):.1e}",
        "max |W^T W - W*^T W*| at full rank": f"{max(x for r in full for x in r.full_rank_orthogonality):.1e}",
        "rank-deficient ones (L > 0)": str(sum(len(r.rank_deficient_risks) for r in results)),
    }
    if len(full) == len(results) and all(r.holds for r in results):
        return Outcome("verified numerically",
                       f"At {_widths(sizes)}, {starts} searches each (descent and Newton to |grad| < 1e-10): every "
                       "full-rank stationary point found has L = 0 and W^T W = W*^T W* to rounding (tolerance "
                       "1e-12 (1 + |W*|^4) on L, 1e-7 on the Gram matrices).", values=values)
    return Outcome("refuted" if full and not all(r.holds for r in results) else "inconclusive",
                   f"At {_widths(sizes)}: a full-rank stationary point with L > 0 was found, or none was found "
                   "at some width.", values=values)


def _check_thm23_remark(quick: bool) -> Outcome:
    """Rank-deficient stationary points that are not minima: W = 0 (engine gradient and risk exactly, symbolic W*;
    Hessian negative definite: a local maximum) and the rank-(d-1) minimiser of L (a strict saddle: Hessian of
    both signs), the Hessians from the finder's compiled landscape."""
    Wstar = _symbolic_weights("v", 3, 2)
    zero_is_stationary = sp.expand(paper.gradient(sp.zeros(3, 2), Wstar)) == sp.zeros(3, 2)
    zero_risk_positive = sp.expand(paper.risk(sp.zeros(3, 2), Wstar)) != 0   # 2 tr(B*^2) + tr(B*)^2 > 0 for W* != 0
    values = {"grad L(0) = 0 and L(0) != 0 exactly, symbolic W*, (m, d) = (3, 2)":
              str(zero_is_stationary and zero_risk_positive)}
    rng = np.random.default_rng(230)
    for m, d in [(3, 2), (4, 3)] + ([] if quick else [(5, 4)]):
        Wstar_numeric = rng.standard_normal((m, d))
        W = paper.rank_deficient_minimizer(Wstar_numeric)
        land = finder.compiled_landscape("seed004", m, m)
        spectrum = np.linalg.eigvalsh(land.hessian(W, Wstar_numeric))
        at_zero = np.linalg.eigvalsh(land.hessian(np.zeros((m, d)), Wstar_numeric))[-1]
        stationary = bool(np.linalg.norm(land.gradient(W, Wstar_numeric)) < 1e-9)
        where = f"(m, d) = ({m}, {d})"
        values[f"largest Hessian eigenvalue at W = 0, {where}"] = _fmt(at_zero)
        values[f"|grad L| < 1e-9 at the rank-{d - 1} minimiser, {where}"] = str(stationary)
        values[f"L / (2 sigma_min^4) there, {where}"] = _fmt(
            land.risk(W, Wstar_numeric) / (2 * _sigma_min(Wstar_numeric) ** 4))
        values[f"its Hessian eigenvalues min, max, {where}"] = f"{_fmt(spectrum[0])}, {_fmt(spectrum[-1])}"
        if not (zero_is_stationary and zero_risk_positive and at_zero < 0 and stationary
                and spectrum[0] < -1e-6 < 1e-6 < spectrum[-1]):
            return Outcome("inconclusive", f"No rank-deficient non-minimal stationary point confirmed at {where}.",
                           values=values)
    return Outcome(
        "refuted",
        "Rank-deficient stationary points with L > 0 exist: W = 0 (grad L(0) = 0 and L(0) > 0 exactly, Hessian negative "
        "definite: a local maximum) and the rank-(d-1) minimiser of L (L = 2 sigma_min^4 (d+2)/(d+1), |grad L| < 1e-9, "
        "Hessian of both signs: a strict saddle). Theorem 2.3 excludes full-rank saddles only; 'rank-deficient' is "
        "presumably a slip for 'full-rank'.",
        residual="W = 0 and the rank-(d-1) minimiser W_r are rank-deficient stationary points with L > 0 "
                 "(W_r a strict saddle)",
        correct_form="no full-rank saddle points (every full-rank stationary point is a global minimum)",
        values=values,
    )


# -- Theorem 2.5: the initialisation W_0 -------------------------------------------------------------


def _initialisation_success(d: int, C: float, draws: int, rng: np.random.Generator) -> tuple[float, float]:
    """Over ``draws`` teachers W* ~ N(0, 1)^{m x d}, m = ceil(C d^2): the fraction with L(W_0) < 2 sigma^4 (d+2)/(d+1)
    (the minimum over rank <= d - 1), W_0 = sqrt(m + 4d) [I_d; 0], and the median of L(W_0)/that minimum."""
    m = int(np.ceil(C * d * d))
    Wstar = rng.standard_normal((draws, m, d))
    W0 = np.array(t004.initialization_thm25(m, d), dtype=float)
    initial = gd.population_risk(W0, Wstar, gd.convention("seed004", m, m))
    minimum = 2 * np.linalg.svd(Wstar, compute_uv=False)[:, -1] ** 4 * (d + 2) / (d + 1)
    return float(np.mean(initial < minimum)), float(np.median(initial / minimum))


def _check_thm25(quick: bool) -> Outcome:
    """Success frequency of L(W_0) < min_{rank <= d-1} L at m = ceil(C d^2), C = 8 and 32, for growing d."""
    dims = (2, 3, 4, 6) if quick else (2, 3, 4, 6, 8, 10)
    draws = 200 if quick else 2000
    rng = np.random.default_rng(25)
    success = {(C, d): _initialisation_success(d, C, draws, rng) for C in (8.0, 32.0) for d in dims}
    values = {f"P(L(W_0) < min), C = {C:g}, d = {d}": _fmt(p) for (C, d), (p, _) in success.items()}
    values.update({f"median L(W_0)/min, C = 32, d = {d}": _fmt(success[32.0, d][1]) for d in dims})
    values["draws of W* per (C, d)"] = str(draws)
    holds = all(success[32.0, d][0] >= 0.99 for d in dims) and success[8.0, dims[-1]][0] > success[8.0, dims[0]][0]
    failures = ", ".join(f"{_fmt(1 - success[8.0, d][0])} (d = {d})" for d in dims)
    return _numerical(
        holds,
        f"With m = ceil(32 d^2), L(W_0) is below the minimum of L over rank <= d-1 (2 sigma_min^4 (d+2)/(d+1)) in a "
        f"fraction >= {_fmt(min(success[32.0, d][0] for d in dims))} of {draws} draws of W* for every d in {dims}; at "
        f"C = 8 the failure rate falls with d ({failures}), as 1 - exp(-Omega(d)) says.",
        values,
    )


# -- Theorems 2.6, 2.8, 2.9: the span condition and n* = d(d+1)/2 ----------------------------------------


def _check_thm26a(quick: bool) -> Outcome:
    """Integer data with span{X_i X_i^T} = S (exact rank n*): the interpolation equations X_i^T G X_i = X_i^T B* X_i,
    linear in the symmetric G = W^T W, have the unique solution G = B* = W*^T W* (then W = Q W*, Theorem 3.2)."""
    rng = np.random.default_rng(26)
    dims = (2, 3) if quick else (2, 3, 4, 5)
    for d in dims:
        n_star = t004.critical_samples(d)
        X = sp.Matrix(rng.integers(-3, 4, (n_star, d)))
        Wstar = sp.Matrix(rng.integers(-3, 4, (d + 1, d)))
        G = sp.Matrix(d, d, lambda i, j: sp.Symbol(f"g_{min(i, j)}{max(i, j)}"))
        unknowns = sorted(G.free_symbols, key=str)
        equations = [(X[i, :] * (G - Wstar.T * Wstar) * X[i, :].T)[0, 0] for i in range(n_star)]
        (solution,) = sp.linsolve(equations, unknowns)   # one tuple, with free symbols if G is not fixed
        if t004.lifted_samples(X).rank() != n_star or G.subs(dict(zip(unknowns, solution))) != Wstar.T * Wstar:
            return Outcome("inconclusive", f"At d = {d} the random integer data did not give a full span or the "
                           "interpolation equations do not fix G.", values={"d": str(d)})
    return Outcome(
        "verified",
        f"Exactly at d = {', '.join(map(str, dims))} (n* integer samples with rank of (X_i X_i^T) = n*): every W "
        "interpolating the data has W^T W = W*^T W* (the unique solution of the interpolation equations), "
        "hence W = Q W*.",
        values={"samples": "n* = d(d+1)/2", "m": "d + 1"},
    )


@lru_cache(maxsize=2)
def _span_rows(quick: bool) -> tuple[paper.SpanRow, ...]:
    """paper.span_study: for n < n*, an interpolating rank-deficient W (Theorem 2.6 (b) made explicit)."""
    return tuple(paper.span_study((3, 4) if quick else (3, 4, 5, 6), np.random.default_rng(29)))


def _below_critical(quick: bool) -> list[paper.SpanRow]:
    return [r for r in _span_rows(quick) if r.n < r.n_star]


def _dims(rows: Sequence[paper.SpanRow]) -> str:
    return ", ".join(str(d) for d in sorted({r.d for r in rows}))


def _check_thm26b(quick: bool) -> Outcome:
    """For n < n* Gaussian samples: the span is strict, and the explicit W interpolates with L(W) > 0."""
    rows = _below_critical(quick)
    residual = max(r.interpolation_residual for r in rows)
    smallest = min(r.risk / r.bound for r in rows)
    values = {"(d, n) cases with n < n*": str(len(rows)), "max relative interpolation residual": f"{residual:.1e}",
              "min L(W) / (2 sigma_min^4)": _fmt(smallest), "max rank of {X_i X_i^T}": str(max(r.rank for r in rows))}
    holds = residual < 1e-10 and smallest > 0 and all(r.rank < r.n_star for r in rows)
    return _numerical(
        holds,
        f"For Gaussian data with n < n* (d = {_dims(rows)}, every n), the span is a strict subset "
        f"and an explicit W (W^T W = W*^T W* + t M, M orthogonal to every X_i X_i^T) interpolates to relative residual "
        f"{residual:.1e} with L(W) >= {_fmt(smallest)} x 2 sigma_min^4 > 0.",
        values,
    )


def _check_thm28a(quick: bool) -> Outcome:
    """The proof's data X_t = (p_1^(t-1), ..., p_d^(t-1)) give det(lifted samples) != 0 exactly, so the
    determinant is not the zero polynomial and vanishes on a null set (Theorem 3.1); plus Gaussian draws."""
    dims = (2, 3, 4) if quick else (2, 3, 4, 5, 6)
    determinants = {d: t004.lifted_samples(t004.prime_power_samples(d)).det(method="bareiss") for d in dims}
    rng = np.random.default_rng(28)
    draws = 50 if quick else 500
    full = all(np.linalg.matrix_rank(np.asarray(t004.lifted_samples(sp.Matrix(rng.standard_normal(
        (t004.critical_samples(d), d)))), dtype=float)) == t004.critical_samples(d) for d in dims for _ in range(draws))
    values = {f"log10 |det|, d = {d}": _fmt(float(sp.log(abs(det), 10))) for d, det in determinants.items() if det != 0}
    values[f"Gaussian draws with n = n* all of full span ({draws} per d)"] = str(full)
    if any(det == 0 for det in determinants.values()):
        return Outcome("refuted", "The proof's prime-power data give a zero determinant.", values=values)
    return Outcome(
        "verified",
        f"Exactly at d = {', '.join(map(str, dims))}: the proof's prime-power samples give a non-zero Vandermonde "
        "determinant of the n* x n* lifted matrix, so det is a non-zero polynomial and the span is S almost surely; "
        f"{draws} Gaussian draws per d all have full span.",
        values=values,
    )


def _check_thm28b(quick: bool) -> Outcome:
    """dim S = d(d+1)/2: the matrices e_k e_l^T + e_l e_k^T (k <= l) are independent (exact rank) and span S."""
    dims = range(1, 5 if quick else 8)
    for d in dims:
        basis = [sp.Matrix(d, d, lambda i, j: int({i, j} == {k, l})) for k in range(d) for l in range(k, d)]
        if sp.Matrix([list(B) for B in basis]).rank() != t004.critical_samples(d):
            return Outcome("refuted", f"dim S != d(d+1)/2 at d = {d}.")
    return Outcome("verified", f"dim S = d(d+1)/2 exactly for d = 1..{max(dims)} (rank of the basis e_k e_l^T + "
                   "e_l e_k^T), so n < n* matrices Z_i Z_i^T span at most n < dim S dimensions.")


def _empirical_fit(X: np.ndarray, Wstar: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A minimiser of the empirical risk (1/n) sum_i (Y_i - f(W; X_i))^2 by L-BFGS from a Gaussian start."""
    m = Wstar.shape[0]
    conv = gd.convention("seed004", m, m)
    y = gd.labels(X, Wstar, conv)

    def objective(flat: np.ndarray) -> tuple[float, np.ndarray]:
        W = flat.reshape(Wstar.shape)
        return float(gd.empirical_risk(W, X, y, conv)), gd.empirical_gradient(W, X, y, conv).ravel()

    result = minimize(objective, rng.standard_normal(Wstar.size), jac=True, method="L-BFGS-B",
                      options={"maxiter": 20000, "gtol": 1e-14, "ftol": 0.0})
    return result.x.reshape(Wstar.shape)


def _interpolation_errors(d: int, n: int, fits: int, rng: np.random.Generator) -> list[tuple[float, float]]:
    """For Gaussian data (n samples) and W* (d + 1 x d): (empirical risk / mean Y^2, |W^T W - B*| / |B*|) of fits."""
    Wstar = rng.standard_normal((d + 1, d))
    X = gd.gaussian_inputs(n, d, rng)
    conv = gd.convention("seed004", d + 1, d + 1)
    y = gd.labels(X, Wstar, conv)
    B = Wstar.T @ Wstar
    out = []
    for _ in range(fits):
        W = _empirical_fit(X, Wstar, rng)
        out.append((float(gd.empirical_risk(W, X, y, conv) / np.mean(y**2)),
                    float(np.linalg.norm(W.T @ W - B) / np.linalg.norm(B))))
    return out


def _check_thm29a(quick: bool) -> Outcome:
    """Interpolating fits at n = n* and n* + 2 have W^T W = W*^T W* (f(W; .) = f(W*; .)); at n* - 1 they need not."""
    dims = (2, 3) if quick else (2, 3, 4, 5)
    fits = 2 if quick else 4
    rng = np.random.default_rng(290)
    above, below = [], []
    for d in dims:
        n_star = t004.critical_samples(d)
        for n in (n_star, n_star + 2):
            above += _interpolation_errors(d, n, fits, rng)
        below += _interpolation_errors(d, n_star - 1, fits, rng)
    interpolating = [gram for risk, gram in above if risk < 1e-20]
    values = {"interpolating fits at n >= n*": f"{len(interpolating)} of {len(above)}",
              "max |W^T W - B*| / |B*| at n >= n*": f"{max(interpolating):.1e}",
              "min |W^T W - B*| / |B*| at n = n* - 1 (contrast)": _fmt(min((g for r, g in below if r < 1e-20),
                                                                           default=float("nan")))}
    holds = len(interpolating) == len(above) and max(interpolating) < 1e-8
    return _numerical(
        holds,
        f"L-BFGS fits of the empirical risk on Gaussian data (d = {', '.join(map(str, dims))}, n = n* and n* + 2, "
        f"{fits} starts each) all interpolate (relative risk < 1e-20) and all have W^T W = W*^T W* to "
        f"{max(interpolating):.1e}; at n = n* - 1 the interpolants differ from W* (relative Gram error >= "
        f"{values['min |W^T W - B*| / |B*| at n = n* - 1 (contrast)']}).",
        values,
    )


def _check_thm29b(quick: bool) -> Outcome:
    """The interpolating W of 004-thm2.6b against the bound 2 sigma_min^4 (best value found / bound)."""
    rows = _below_critical(quick)
    ratios = [r.risk / r.bound for r in rows]
    values = {"(d, n) cases with n < n*": str(len(rows)), "min L(W) / (2 sigma_min^4)": _fmt(min(ratios)),
              "max relative interpolation residual": f"{max(r.interpolation_residual for r in rows):.1e}"}
    holds = min(ratios) >= 1 - 1e-9 and max(r.interpolation_residual for r in rows) < 1e-10
    return _numerical(
        holds,
        f"For every n < n* (d = {_dims(rows)}, Gaussian data) an interpolating W has L(W) / "
        f"(2 sigma_min^4) >= {_fmt(min(ratios))} (best value found vs the bound; the W is rank-deficient, so "
        "Theorem 2.1 gives at least (d+2)/(d+1)).",
        values, otherwise="refuted",
    )


# -- the registry ---------------------------------------------------------------------------------------

QUOTE_21A = (
    r"- (a) *Suppose the distribution of  $X$  is jointly continuous. Then  $\mathcal{L}(W) = 0$ , that is,  "
    r"$f(W^*; X) = f(W; X)$  almost surely with respect to  $X$ , if and only if  $W = QW^*$  for some orthonormal "
    r"matrix  $Q \in \mathbb{R}^{m \times m}$ .*"
)
QUOTE_22 = (r"$$\min_{W \in \mathbb{R}^{m \times d}: \text{rank}(W) < d} \tilde{\mathcal{L}}(W) \geq "
            r"2\alpha^2 \sigma_{\min}(W^*)^4.$$")
QUOTE_23_REMARK = ("Note that an implication of Theorem 2.3 is that the population loss admits no rank-deficient "
                   "saddle points.")
QUOTE_25 = (
    r"Then, provided  $m > Cd^2$  for some absolute constant  $C > 0$ ,*  $$\mathcal{L}(W_0) < "
    r"\min_{\substack{W \in \mathbb{R}^{m \times d} \\ \text{rank}(W) \leq d-1}} \mathcal{L}(W),$$  *with "
    r"probability at least  $1 - \exp(-\Omega(d))$ , where the probability is with respect to the draw of  $W^*$ .*"
)
QUOTE_26A = (
    r"(a) *Suppose*  $$\text{span}\{X_i X_i^T : 1 \leq i \leq n\} = \mathcal{S},$$  *where  $\mathcal{S}$  is the "
    r"set of all  $d \times d$  symmetric real-valued matrices. Then for any  $W \in \mathbb{R}^{m \times d}$  "
    r"interpolating the data, that is  $f(W^*; X_i) = f(W; X_i)$  for every  $i \in [n]$ , it holds that  "
    r"$W = QW^*$  for some orthonormal matrix  $Q \in \mathbb{R}^{m \times m}$ .*"
)
QUOTE_26B = (
    r"(b) *Suppose,*  $$\text{span}\{X_i X_i^T : 1 \leq i \leq n\},$$  *is a strict subset of  $\mathcal{S}$ . "
    r"Then, for any  $W^* \in \mathbb{R}^{m \times d}$  with  $\text{rank}(W^*) = d$ , there exists a  "
    r"$W \in \mathbb{R}^{m \times d}$  such that  $W^T W \neq (W^*)^T W^*$ , while  $W$  interpolates the data, "
    r"that is,  $f(W^*; X_i) = f(W; X_i)$  for all  $i \in [n]$ . In particular, for this  "
    r"$W \in \mathbb{R}^{m \times d}$ ,  $\mathcal{L}(W) > 0$ , where  $\mathcal{L}$  is defined with respect to "
    r"any jointly continuous distribution on  $\mathbb{R}^d$ .*"
)
QUOTE_28A = r"(a) *If  $n \geq n^*$ , then  $\mathbb{P}(\text{span}(X_i X_i^T : i \in [n]) = \mathcal{S}) = 1$ .*"
QUOTE_28B = (r"(b) *If  $n < n^*$ , then for arbitrary  $Z_1, \dots, Z_n \in \mathbb{R}^d$ ,  "
             r"$\text{span}(Z_i Z_i^T : i \in [n]) \subsetneq \mathcal{S}$ .*")
QUOTE_29A = (
    r"- (a) *Suppose  $n \geq n^*$ . Then with probability one over the training data  $X_1, \dots, X_n$ , if  "
    r"$W \in \mathbb{R}^{m \times d}$  is such that  $f(W; X_i) = Y_i$  for every  $i \in [n]$ , then  "
    r"$f(W; X) = f(W^*; X)$  for every  $X \in \mathbb{R}^d$ .*"
)
QUOTE_29B = (
    r"(b) *Suppose  $X_i, 1 \leq i \leq n$  are i.i.d. with  $\mathcal{N}(0, I_d)$  distribution. If  $n < n^*$ , "
    r"then there exists a  $W \in \mathbb{R}^{m \times d}$  such that  $f(W; X_i) = Y_i$  for every  $i \in [n]$ , "
    r"yet the generalization error satisfies*  $$\mathcal{L}(W) \geq 2\sigma_{\min}(W^*)^4.$$"
)

_W, _WSTAR = sp.MatrixSymbol("W", sp.Symbol("m"), D), sp.MatrixSymbol("W^*", sp.Symbol("m"), D)
_GAUSSIAN = "X ~ N(0, I_d) (the engine's input law)"

CLAIMS: list[Claim] = [
    Claim("004-spectral", SEED, "Section 2.2, observation (a)", "spectral form of the population risk",
          t004.QUOTES["spectral"],
          sp.Eq(RISK(sp.Symbol("W")), 2 * sp.Sum(LAMBDA[I] ** 2, (I, 1, D)) + sp.Sum(LAMBDA[I], (I, 1, D)) ** 2),
          "exact symbolic identity", _check_spectral, assumptions=_GAUSSIAN + "; lambda_i = eig(W^T W - W*^T W*)"),
    Claim("004-thm2.1a", SEED, "Theorem 2.1 (a)", "zero risk iff W = Q W*", QUOTE_21A,
          "L(W) = 0 if and only if W = Q W* for some orthonormal Q in R^{m x m}.",
          "exact symbolic identity", _check_thm21a,
          assumptions=_GAUSSIAN + "; the paper allows any jointly continuous law, which the engine does not cover"),
    Claim("004-thm2.1b", SEED, "Theorem 2.1 (b)", "energy barrier of rank-deficient W", t004.QUOTES["2.1b"],
          sp.Ge(sp.Symbol("L_rank<d"), t004.barrier_bound_b(SIGMA)), "numerical", _check_thm21b,
          latex=RANK_DEFICIENT_MIN + r"\mathcal{L}(W) \ge " + sp.latex(t004.barrier_bound_b(SIGMA))),
    Claim("004-thm2.1c", SEED, "Theorem 2.1 (c)", "a rank-(d-1) W with L = 3 sigma_min^4", t004.QUOTES["2.1c"],
          sp.Eq(RISK(sp.Symbol("W_c")), t004.construction_value_c(SIGMA)), "exact evaluation", _check_thm21c,
          assumptions="rank(W_c) = d - 1, the construction of the proof (Sec. 3.1 (c)); m > d"),
    Claim("004-cor2.2", SEED, "Corollary 2.2", "barrier for activation alpha z^2 + beta z + gamma", QUOTE_22,
          sp.Ge(sp.Symbol("Ltilde_rank<d"), t004.corollary_bound(ALPHA, SIGMA)), "numerical", _check_cor22,
          latex=RANK_DEFICIENT_MIN + r"\tilde{\mathcal{L}}(W) \ge " + sp.latex(t004.corollary_bound(ALPHA, SIGMA))),
    Claim("004-eq3", SEED, "eq. (3)", "stationarity equation", t004.QUOTES["3"],
          sp.Eq(_W * sp.Trace(_WSTAR.T * _WSTAR) + 2 * _W * _WSTAR.T * _WSTAR,
                _W * sp.Trace(_W.T * _W) + 2 * _W * _W.T * _W, evaluate=False),
          "exact symbolic identity", _check_eq3, assumptions=_GAUSSIAN),
    Claim("004-thm2.3", SEED, "Theorem 2.3", "full-rank stationary points are global minima", finder.THEOREM_2_3_QUOTE,
          "Every stationary point W of L with rank(W) = d satisfies W = Q W* (Q orthogonal) and L(W) = 0.",
          "numerical", _check_thm23, exact=False),
    Claim("004-thm2.3-remark", SEED, "remark after Theorem 2.3", "no rank-deficient saddle points", QUOTE_23_REMARK,
          "L has no rank-deficient saddle points.", "numerical", _check_thm23_remark),
    Claim("004-thm2.5", SEED, "Theorem 2.5", "initialisation below the barrier", QUOTE_25,
          "For W* with i.i.d. N(0, 1) entries and m > C d^2, W_0 = sqrt(m + 4d) [I_d; 0] has L(W_0) < "
          "min over rank(W) <= d - 1 of L(W) with probability at least 1 - exp(-Omega(d)).",
          "simulation", _check_thm25, exact=False),
    Claim("004-thm2.6a", SEED, "Theorem 2.6 (a)", "full span: interpolation implies W = Q W*", QUOTE_26A,
          "If span{X_i X_i^T} = S, every W interpolating the data is W = Q W* with Q orthonormal.",
          "exact evaluation", _check_thm26a),
    Claim("004-thm2.6b", SEED, "Theorem 2.6 (b)", "strict span: interpolation with positive risk", QUOTE_26B,
          "If span{X_i X_i^T} is a strict subset of S, some interpolating W has W^T W != W*^T W* and L(W) > 0.",
          "numerical", _check_thm26b, exact=False),
    Claim("004-thm2.8a", SEED, "Theorem 2.8 (a)", "n >= n*: full span almost surely", QUOTE_28A,
          "For n >= n* = d(d+1)/2 jointly continuous samples, span{X_i X_i^T} = S with probability 1.",
          "exact evaluation", _check_thm28a),
    Claim("004-thm2.8b", SEED, "Theorem 2.8 (b)", "n < n*: never full span", QUOTE_28B,
          sp.Eq(sp.Symbol("dim_S"), D * (D + 1) / 2), "exact evaluation", _check_thm28b,
          latex=r"\dim\mathcal{S} = \frac{d(d+1)}{2}", assumptions="n < n* matrices span at most n < dim S dimensions"),
    Claim("004-thm2.9a", SEED, "Theorem 2.9 (a)", "n >= n*: interpolation generalises", QUOTE_29A,
          "For n >= n* i.i.d. jointly continuous samples, almost surely every interpolating W has f(W; .) = f(W*; .).",
          "numerical", _check_thm29a, exact=False),
    Claim("004-thm2.9b", SEED, "Theorem 2.9 (b)", "n < n*: interpolation with L >= 2 sigma_min^4", QUOTE_29B,
          sp.Ge(RISK(sp.Symbol("W")), t004.barrier_bound_b(SIGMA)), "numerical", _check_thm29b, exact=False,
          assumptions="W interpolates the n < n* Gaussian samples"),
]
