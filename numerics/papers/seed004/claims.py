r"""Claims of seed 004 (Gamarnik, Kizildag, Zadik: stationary points of shallow networks with quadratic activation).

The paper's convention: W, W* in R^{m x d} with the neurons as rows, f(W; X) = ||W X||^2, L(W) =
E[(f(W*; X) - f(W; X))^2] with X ~ N(0, I_d) (preset ``seed004``, :mod:`numerics.papers.seed004.engine`).

How the claims are checked (``COVERAGE`` at the end lists them per section of the paper, with what was not
checkable and why):

* identities (the spectral form of L, eqs. (2) and (3), Theorem 2.1 (a), (c), Corollary 2.7 (a)) exactly: the
  engine's L and grad L (Wick / Stein) on symbolic or rational weights, against the transcriptions of
  :mod:`numerics.papers.seed004.transcription`;
* the span statements (Theorems 2.6, 2.8, the determinant of Sec. 3.7) by exact linear algebra on integer data;
* the landscape (Theorem 2.1 (b), Corollary 2.2, Theorem 2.3, the remark after it, Sec. 1.2's saddles) on every
  stationary point of L (:func:`numerics.papers.seed004.engine.stationary_points`: one per subset of eigen-directions
  of W*^T W*, a complete list) together with L-BFGS and the stationary-point finder, with Hessians from the
  engine's compiled landscape;
* the statements about growing d on sequences of sizes spanning a factor >= 4 with a fitted trend and its
  standard error: the energy barrier's scaling (d = 2..16), Theorem 2.5's failure probability (Wishart draws,
  d = 2..10), and the sample complexity n* = d(d+1)/2 (Theorems 2.8 (a), 2.9) with the convex programme
  min tr(G) over PSD Grams interpolating the data (cvxpy, Clarabel; d up to 40 at full size).

Reading as a referee: each claim lists the paper's standing hypotheses that bear on it (``HYPOTHESES``); a
refutation or misprint checks its counterexample against each (:func:`hypothesis_checks`, computed from the
counterexample); readings are listed where the text admits more than one. Every check takes its transcription as
a parameter and its negative ``Control`` runs it on an altered transcription (a constant, a hypothesis or a
width law changed), which must be refuted; expensive computations are cached so that the control reuses them.

Findings: the remark after Theorem 2.3 ("no rank-deficient saddle points") is false as printed (the rank-(d-1)
minimiser of L is a strict saddle) and true with "full-rank" for "rank-deficient", which is how Sec. 2.1 uses it:
a misprint. Corollary 2.7 (b) omits the hypothesis rank(W*) = d that its proof (Theorem 2.6 (b)) needs: false for
W* = 0, true with it: a misprint. The Vandermonde determinant of Sec. 3.7 has the wrong sign for d = 2..5 (a
misprint; only its non-vanishing is used). The last step of the proof of Theorem 2.5 is refuted: "1/2 > C'(C)"
does not make its own bounds close (they need 32/C + C'(C) < 1/16); the theorem itself holds in the simulations.
The minimum of L over rank-deficient W is 2 sigma^4 (d + 2)/(d + 1): Theorem 2.1 (b) holds and is tight as
d -> infinity, closer than the factor 3/2 that (c) shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Callable, Sequence

import numpy as np
import sympy as sp
from sympy.polys.polyfuncs import symmetrize

from quadwick.numerics.dynamics import gd
from quadwick.numerics.landscape import finder
from quadwick.numerics.landscape.functions import compiled_landscape
from quadwick.numerics.landscape.points import rational_orthogonal
from quadwick.numerics.papers.seed004 import engine as paper
from quadwick.numerics.papers.seed004 import transcription as t004

from quadwick.numerics.claims.base import Claim, Control, HypothesisCheck, Outcome, Reading, Section, identity_outcome
from quadwick.numerics.claims.trend import trend

__all__ = ["CLAIMS", "COVERAGE", "HYPOTHESES", "hypothesis_checks", "spectral_form_at"]

SEED = t004.SEED_FILE
SIGMA = sp.Symbol("sigma_min", positive=True)   # sigma_min(W*)
ALPHA = paper.ALPHA
D = sp.Symbol("d", integer=True, positive=True)
LAMBDA = sp.IndexedBase("lambda")
I = sp.Idx("i")
RISK = sp.Function("L")
RANK_DEFICIENT_MIN = r"\min_{W\in\mathbb{R}^{m\times d}:\,\mathrm{rank}(W)<d}"

# -- the paper's standing hypotheses (Sec. 1.1, the statements of Sec. 2), reused by every claim they bear on --

MODEL = ("f(W; X) = sum_j <W_j, X>^2 = ||W X||^2 with W, W* in R^{m x d} (rows the neurons, read-outs 1) and "
         "L(W) = E[(f(W*; X) - f(W; X))^2] (Sec. 1.1).")
WIDTH = "d <= m (Abstract: 'm is the width of the hidden layer and d <= m is the data dimension')."
FULL_RANK = "rank(W*) = d (Theorems 2.1, 2.3, 2.6 (b), 2.9)."
GAUSSIAN = "X ~ N(0, I_d) in the population risk (Theorems 2.1 (b), (c), 2.3, 2.5, 2.9 (b), Corollary 2.2)."
CONTINUOUS = "X, X_1, ..., X_n i.i.d. with a jointly continuous distribution (Theorems 2.1 (a), 2.8, 2.9)."
REALIZABLE = "Labels Y_i = f(W*; X_i): the realizable, noiseless model (Sec. 1.1)."
ACTIVATION = "Activation alpha x^2 + beta x + gamma with alpha != 0 (Corollary 2.2)."
RANDOM_TEACHER = "W* has i.i.d. N(0, 1) entries (Sec. 2.2; A of Theorem 2.4)."
WIDE = "m > C d^2 for an absolute constant C > 0 (Sec. 2.2, Theorem 2.5)."
OUTPUT_WEIGHTS = "Output weights a, a* in R_+^m, positive (Corollary 2.7; R_+ the positive reals, Notation)."
PRIMES = "p_1 < ... < p_d distinct primes and X_t = (p_1^(t-1), ..., p_d^(t-1)) (Sec. 3.7)."
GD_STEP = "Gradient descent with a step small enough that L(W_k) is non-increasing (Sec. 2.1)."
HYPOTHESES: tuple[str, ...] = (MODEL, WIDTH, FULL_RANK, GAUSSIAN, CONTINUOUS, REALIZABLE, ACTIVATION,
                               RANDOM_TEACHER, WIDE, OUTPUT_WEIGHTS, PRIMES, GD_STEP)
LANDSCAPE = (MODEL, WIDTH, FULL_RANK, GAUSSIAN)
SAMPLES = (MODEL, WIDTH, FULL_RANK, REALIZABLE, CONTINUOUS)


def hypothesis_checks(hypotheses: Sequence[str], computed: dict[str, tuple[bool, str]]) -> tuple[HypothesisCheck, ...]:
    """One :class:`HypothesisCheck` per hypothesis of a claim, from what its counterexample computed.

    ``computed`` maps a hypothesis to (holds, how it was checked); a hypothesis the counterexample did not check
    is an error (a refutation must show every one)."""
    missing = [h for h in hypotheses if h not in computed]
    if missing:
        raise ValueError(f"the counterexample does not check {missing}")
    return tuple(HypothesisCheck(h, *computed[h]) for h in hypotheses)


def _setting(Wstar: np.ndarray | sp.Matrix, W: np.ndarray | sp.Matrix | None = None) -> dict[str, tuple[bool, str]]:
    """MODEL, WIDTH, FULL_RANK and GAUSSIAN computed at a counterexample (W, W*)."""
    Wstar = np.asarray(Wstar, dtype=float)
    m, d = Wstar.shape
    model = paper.model(m)
    rank = int(np.linalg.matrix_rank(Wstar))
    readouts = set(model.student_readout) | set(model.teacher_readout)
    checks = {
        MODEL: (model.activation == sp.Symbol("z") ** 2 and readouts == {1} and model.loss_prefactor == 1,
                f"engine preset {model.name}: activation {model.activation}, read-outs {sorted(readouts)}, loss "
                f"prefactor {model.loss_prefactor}"),
        WIDTH: (d <= m, f"d = {d} <= m = {m}"),
        FULL_RANK: (rank == d, f"rank(W*) = {rank} = d, sigma_min(W*) = {_fmt(_sigma_min(Wstar))}"),
        GAUSSIAN: (True, "L evaluated as the N(0, I_d) expectation (the engine's Wick form 2 tr D^2 + (tr D)^2"
                         + ("" if W is None else f", L(W) = {_fmt(_risk(np.asarray(W, dtype=float), Wstar))}") + ")"),
    }
    return checks


def _fmt(x: float) -> str:
    """Three significant digits, the precision of every printed number."""
    return f"{x:.3g}"


def _sigma_min(Wstar: np.ndarray) -> float:
    return float(np.linalg.svd(np.asarray(Wstar, dtype=float), compute_uv=False)[-1])


def _risk(W: np.ndarray, Wstar: np.ndarray) -> float:
    """The engine's population risk (numerics.dynamics.gd, checked against the Wick derivation in the tests)."""
    return float(gd.population_risk(W, Wstar, gd.convention("seed004", W.shape[0], Wstar.shape[0])))


def _gram_risk(G: np.ndarray, Bstar: np.ndarray) -> float:
    """L of any W with W^T W = G: 2 tr (G - B*)^2 + tr(G - B*)^2 (the Gaussian expectation)."""
    Delta = G - Bstar
    return float(2 * np.sum(Delta * Delta) + np.trace(Delta) ** 2)


def _exact_minimum(Wstar: np.ndarray) -> float:
    """min over rank <= d - 1 of L: 2 sigma_min^4 (d + 2)/(d + 1), attained by paper.rank_deficient_minimizer."""
    return _risk(paper.rank_deficient_minimizer(Wstar), Wstar)


def _symbolic_weights(letter: str, m: int, d: int) -> sp.Matrix:
    """An m x d matrix of independent symbols letter_ij."""
    return sp.Matrix(m, d, lambda i, j: sp.Symbol(f"{letter}_{i + 1}{j + 1}"))


def _exact_sizes(quick: bool) -> list[tuple[int, int]]:
    """Widths (m, d) of the exact checks (d <= m, the paper's setting)."""
    return [(2, 2), (3, 2)] + ([] if quick else [(3, 3), (4, 3)])


def _widths(sizes: Sequence[tuple[int, int]]) -> str:
    return "(m, d) = " + ", ".join(f"({m}, {d})" for m, d in sizes)


def _numerical(holds: bool, summary: str, values: dict, otherwise: str = "inconclusive", **fields) -> Outcome:
    """'verified numerically' when the numerical criterion ``holds``, else ``otherwise``."""
    return Outcome("verified numerically" if holds else otherwise, summary, values=values, **fields)


# -- the spectral form of L (Sec. 2.2 (a), proof of Theorem 2.1) -------------------------------------


def spectral_form_at(A: sp.Matrix, transcription: Callable[[list], sp.Expr] = t004.spectral_risk) -> sp.Expr:
    """The transcription (a symmetric function of the eigenvalues) at the eigenvalues of the symmetric A, exactly.

    A symmetric polynomial of the lambda_i is a polynomial in their elementary symmetric functions e_k, and
    Vieta's formulas read e_k off the characteristic polynomial: det(x I - A) = sum_k (-1)^k e_k x^(d-k).

    >>> spectral_form_at(sp.diag(1, 2))
    19
    """
    d = A.rows
    eigenvalues = sp.symbols(f"lambda1:{d + 1}")
    in_elementary, remainder, elementary = symmetrize(transcription(list(eigenvalues)), *eigenvalues, formal=True)
    coefficients = A.charpoly(sp.Dummy("x")).all_coeffs()
    values = {e: (-1) ** k * coefficients[k] for k, (e, _) in enumerate(elementary, start=1)}
    return sp.expand(in_elementary.subs(values) + remainder)


def _check_spectral(quick: bool, transcription: Callable[[list], sp.Expr] = t004.spectral_risk) -> Outcome:
    """The engine's L on symbolic W, W* against the transcription at the eigenvalues of W^T W - W*^T W*."""
    sizes = _exact_sizes(quick)
    for m, d in sizes:
        W, Wstar = _symbolic_weights("w", m, d), _symbolic_weights("v", m, d)
        outcome = identity_outcome(spectral_form_at(W.T * W - Wstar.T * Wstar, transcription), paper.risk(W, Wstar),
                                   f"L(W) = 2 sum lambda_i^2 + (sum lambda_i)^2 at {_widths([(m, d)])}")
        if outcome.verdict != "verified":
            return _with_symbolic_setting(outcome, LANDSCAPE[:1] + (GAUSSIAN,), m, d, "symbolic W, W*")
    return Outcome("verified", "L(W) = 2 sum lambda_i^2 + (sum lambda_i)^2 (lambda_i the eigenvalues of W^T W - "
                               f"W*^T W*): the transcription equals the engine's L exactly on symbolic W, W* at "
                               f"{_widths(sizes)}.")


def _with_symbolic_setting(outcome: Outcome, hypotheses: Sequence[str], m: int, d: int, what: str) -> Outcome:
    """A refuted exact identity on symbolic weights, with its hypotheses checked (they hold for every W, W*)."""
    model = paper.model(m)
    computed = {MODEL: (True, f"engine preset {model.name}, activation {model.activation}, read-outs 1"),
                GAUSSIAN: (True, "the engine's L is the N(0, I_d) expectation (Wick)"),
                WIDTH: (d <= m, f"d = {d} <= m = {m}"),
                ACTIVATION: (True, "alpha is a nonzero symbol"),
                CONTINUOUS: (True, "N(0, I_d) is jointly continuous")}
    return Outcome(outcome.verdict, outcome.summary, residual=outcome.residual, correct_form=outcome.correct_form,
                   values=outcome.values, finding=f"{outcome.summary.split(':')[0]}: residual on {what} shown",
                   hypotheses=hypothesis_checks(hypotheses, computed))


def _spectral_three(eigenvalues: list) -> sp.Expr:
    """The spectral form with its 2 sum lambda_i^2 replaced by 3 sum lambda_i^2 (the control of 004-spectral)."""
    return t004.spectral_risk(eigenvalues) + sp.Add(*[x**2 for x in eigenvalues])


# -- Theorem 2.1 (a): L(W) = 0 iff W = Q W* ------------------------------------------------------------


def _check_thm21a(quick: bool, orbit_scale: int = 1) -> Outcome:
    """'If': L(Q W*) = 0 identically in W* for Q = orbit_scale x a rational orthogonal matrix (the paper: Q
    orthonormal, orbit_scale 1). 'Only if': L = 2 |A|_F^2 + (tr A)^2 with A = W^T W - W*^T W*, a sum of squares
    vanishing only at A = 0, i.e. W^T W = W*^T W* (W = Q W*, Theorem 3.2)."""
    sizes = _exact_sizes(quick)
    for m, d in sizes:
        W, Wstar = _symbolic_weights("w", m, d), _symbolic_weights("v", m, d)
        on_orbit = sp.expand(paper.risk(orbit_scale * rational_orthogonal(m) * Wstar, Wstar))
        A = W.T * W - Wstar.T * Wstar
        off_sum_of_squares = sp.expand(2 * sum(x**2 for x in A) + A.trace() ** 2 - paper.risk(W, Wstar))
        if on_orbit != 0 or off_sum_of_squares != 0:
            return _with_symbolic_setting(Outcome(
                "refuted", f"L on the stated orbit: at {_widths([(m, d)])} L(Q W*) = {sp.factor(on_orbit)} for Q with "
                           f"Q^T Q = {orbit_scale**2} I (symbolic W*), not 0.",
                residual=on_orbit or off_sum_of_squares), (MODEL, CONTINUOUS), m, d, "symbolic W*")
    return Outcome(
        "verified",
        f"For X ~ N(0, I_d), exactly at {_widths(sizes)}: L(Q W*) = 0 identically in W* (Q rational orthogonal), and "
        "L = 2 |A|_F^2 + (tr A)^2 with A = W^T W - W*^T W*, so L = 0 forces W^T W = W*^T W*, i.e. W = Q W*.",
        note="Checked for the Gaussian law, the engine's; the paper states (a) for any jointly continuous law, where "
             "the same argument (a quadratic form vanishing a.s. vanishes identically) applies.",
    )


# -- Theorem 2.1 (b), (c), Corollary 2.2 and the threshold: the energy barrier -------------------------------


@dataclass(frozen=True)
class BarrierCase:
    """One teacher of the barrier search: W*, the best rank-(d-1) value found by L-BFGS of alpha^2 L + beta^2
    |theta|^2, and alpha^2 L at the explicit minimiser over rank <= d - 1 (2 alpha^2 sigma^4 (d + 2)/(d + 1))."""

    Wstar: np.ndarray
    alpha: float
    beta: float
    best: float
    explicit: float

    @property
    def d(self) -> int:
        return self.Wstar.shape[1]

    @property
    def lowest(self) -> float:
        """The lowest rank-deficient value known: L-BFGS's best, and (beta = 0) the explicit minimiser's."""
        return min(self.best, self.explicit) if self.beta == 0 else self.best

    @property
    def sigma4(self) -> float:
        return _sigma_min(self.Wstar) ** 4


@lru_cache(maxsize=None)
def _barrier_cases(cases: tuple[tuple[int, int, float, float], ...], starts: int, seed: int) -> tuple[BarrierCase, ...]:
    """For each (d, m, alpha, beta): W* ~ N(0, 1) (seeded), L-BFGS over rank-(d-1) W = U V, and the explicit minimiser."""
    rng = np.random.default_rng(seed)
    rows = []
    for d, m, alpha, beta in cases:
        Wstar = rng.standard_normal((m, d))
        best, _ = paper.rank_deficient_minimum(Wstar, rng, starts, alpha, beta)
        rows.append(BarrierCase(Wstar, alpha, beta, best, alpha**2 * _exact_minimum(Wstar)))
    return tuple(rows)


def _barrier_outcome(rows: Sequence[BarrierCase], bound: Callable[[float, float], float], what: str,
                     hypotheses: Sequence[str]) -> Outcome:
    """Refuted when a rank-deficient W found has value below bound(alpha, sigma_min) (relative 1e-9, fixed);
    otherwise verified numerically: no W found goes below."""
    values: dict[str, str] = {}
    for r in rows:
        label = f"d={r.d}, m={r.Wstar.shape[0]}" + (f", alpha={r.alpha}, beta={r.beta}" if r.beta else "")
        values[f"best found / bound ({label})"] = _fmt(r.best / bound(r.alpha, _sigma_min(r.Wstar)))
        values[f"explicit rank-(d-1) minimiser of alpha^2 L / bound ({label})"] = _fmt(
            r.explicit / bound(r.alpha, _sigma_min(r.Wstar)))
    values["criterion"] = "refuted if a rank-deficient value < bound (1 - 1e-9)"
    below = [r for r in rows if r.lowest < bound(r.alpha, _sigma_min(r.Wstar)) * (1 - 1e-9)]
    if below:
        r = below[0]
        W = paper.rank_deficient_minimizer(r.Wstar)
        computed = _setting(r.Wstar, W) | {ACTIVATION: (r.alpha != 0, f"alpha = {r.alpha} != 0, beta = {r.beta}")}
        ratio = _fmt(r.lowest / bound(r.alpha, _sigma_min(r.Wstar)))
        return Outcome("refuted", f"{what}: a rank-deficient W has a value below the bound (lowest / bound = {ratio} "
                                  f"at d = {r.d}).", values=values,
                       finding=f"rank-(d-1) W with value / bound = {ratio} < 1 at d = {r.d}",
                       hypotheses=hypothesis_checks(hypotheses, computed))
    ratios = ", ".join(f"{_fmt(r.lowest / bound(r.alpha, _sigma_min(r.Wstar)))} (d = {r.d})" for r in rows)
    return Outcome("verified numerically",
                   f"{what}: no rank-(d-1) W found by L-BFGS, nor the explicit minimiser of L over rank <= d-1, goes "
                   f"below the bound; lowest / bound = {ratios}.", values=values)


def _check_thm21b(quick: bool, bound: Callable[[sp.Expr], sp.Expr] = t004.barrier_bound_b) -> Outcome:
    """L-BFGS over rank-(d-1) W = U V and the explicit minimiser 2 sigma^4 (d+2)/(d+1), against bound(sigma_min)."""
    cases = ((2, 3, 1.0, 0.0), (3, 4, 1.0, 0.0)) + (() if quick else ((3, 3, 1.0, 0.0), (4, 6, 1.0, 0.0),
                                                                      (5, 8, 1.0, 0.0)))
    rows = _barrier_cases(cases, 3 if quick else 8, 40)
    outcome = _barrier_outcome(rows, lambda alpha, sigma: float(bound(sigma)), "min over rank(W) < d of L >= 2 "
                               "sigma_min^4", LANDSCAPE)
    if outcome.verdict != "verified numerically":
        return outcome
    return Outcome(outcome.verdict, outcome.summary, values=outcome.values,
                   note="The exact minimum over rank <= d - 1 is 2 sigma_min^4 (d+2)/(d+1) (the spectral form with one "
                        "eigenvalue <= -sigma_min^2, minimised at (-sigma^2, c, ..., c), c = sigma^2/(d+1)): the bound "
                        "holds, is not attained, and is approached as d grows (004-thm2.1-tight).")


def _bound_three_sigma4(sigma: sp.Expr) -> sp.Expr:
    """Theorem 2.1 (b)'s bound with 2 sigma^4 replaced by 3 sigma^4 (the control of 004-thm2.1b)."""
    return 3 * sigma**4


def _rational_teacher(m: int, d: int) -> tuple[sp.Matrix, list[sp.Integer], sp.Matrix]:
    """W* = U diag(s) V^T with U, V rational orthogonal and s = (d+1, d, ..., 2): W*^T W* = V diag(s^2) V^T exactly,
    so (eigenvalues, eigenvectors) = (s_j^2, columns of V) and sigma_min(W*) = 2."""
    s = [sp.Integer(d + 1 - k) for k in range(d)]
    V = rational_orthogonal(d)
    Wstar = rational_orthogonal(m)[:, :d] * sp.diag(*s) * V.T
    return Wstar, [x**2 for x in s], V


def _check_thm21c(quick: bool, value: Callable[[sp.Expr], sp.Expr] = t004.construction_value_c) -> Outcome:
    """The proof's construction (transcribed) at rational W*: exact rank d - 1 and L = value(sigma_min) by the engine."""
    sizes = [(3, 2), (4, 3)] + ([] if quick else [(5, 3), (5, 4)])
    values = {}
    for m, d in sizes:
        Wstar, eigenvalues, V = _rational_teacher(m, d)
        W = t004.construction_c_weights(eigenvalues, V, m)
        risk = sp.radsimp(sp.expand(paper.risk(W, Wstar)))
        stated = value(sp.sqrt(eigenvalues[-1]))
        rank = W.rank(simplify=True)
        if rank != d - 1 or risk != stated:
            computed = _setting(np.array(Wstar, dtype=float), np.array(W, dtype=float))
            return Outcome("refuted", f"At (m, d) = ({m}, {d}) the proof's W has rank {rank} and L = {risk}, not the "
                                      f"stated {stated}.", residual=sp.simplify(stated - risk),
                           finding=f"the proof's rank-{rank} W has L = {risk} against the stated {stated} "
                                   f"(sigma_min = 2, (m, d) = ({m}, {d}))",
                           hypotheses=hypothesis_checks(LANDSCAPE, computed))
        values[f"L(W)/sigma_min^4 at (m, d) = ({m}, {d})"] = str(risk / eigenvalues[-1] ** 2)
    return Outcome(
        "verified",
        f"The proof's rank-(d-1) W has L(W) = 3 sigma_min^4 exactly (engine, rational W*, {_widths(sizes)}). It is not "
        "the minimiser over rank <= d-1, whose value is 2 sigma_min^4 (d+2)/(d+1) < 3 sigma_min^4 (004-thm2.1b).",
        values=values,
    )


def _value_two_sigma4(sigma: sp.Expr) -> sp.Expr:
    """Theorem 2.1 (c)'s value with 3 sigma^4 replaced by 2 sigma^4 (the control of 004-thm2.1c)."""
    return 2 * sigma**4


def _threshold_dims(quick: bool) -> tuple[int, ...]:
    return (2, 4, 8) if quick else (2, 4, 8, 16)


def _threshold_cases(quick: bool) -> tuple[BarrierCase, ...]:
    """The barrier search on a sequence of d spanning a factor 4 (quick) or 8, m = d + 1, cached."""
    return _barrier_cases(tuple((d, d + 1, 1.0, 0.0) for d in _threshold_dims(quick)), 2 if quick else 4, 44)


def _check_threshold(quick: bool, scale: Callable[[int], float] = lambda d: 1.0) -> Outcome:
    """eta = Theta(sigma_min^4): the lowest L over rank-deficient W, divided by scale(d) sigma_min^4 (the paper:
    scale 1, constants independent of d), on d = 2..8 (16): every ratio and the fitted limit a of a + b/d (with
    its standard error) must lie in [2, 3], the constants of Theorem 2.1 (b) and (c)."""
    rows = _threshold_cases(quick)
    dims = [r.d for r in rows]
    ratios = [r.lowest / (scale(r.d) * r.sigma4) for r in rows]
    fit = trend(dims, ratios, [lambda d: 1.0, lambda d: 1.0 / d])
    limit, error = fit.coefficients[0], fit.errors[0]
    values = {f"min over rank < d of L / sigma_min^4, d = {d}": _fmt(x) for d, x in zip(dims, ratios)}
    values["fit a + b/d"] = fit.text(["a", "b"])
    values["criterion"] = ("verified if every ratio and the fitted limit a (within 3 standard errors) lie in [2, 3]; "
                           "refuted if a is outside [2, 3] by more than 3 standard errors")
    inside = all(2 * (1 - 1e-9) <= x <= 3 for x in ratios) and 2 - 3 * error <= limit <= 3 + 3 * error
    outside = limit + 3 * error < 2 or limit - 3 * error > 3
    summary = (f"The lowest L over rank-deficient W / sigma_min^4 is {', '.join(_fmt(x) for x in ratios)} at d = "
               f"{', '.join(map(str, dims))}; fitted a + b/d: {fit.text(['a', 'b'])} (exact 2 (d+2)/(d+1) -> 2).")
    if outside:
        r = rows[-1]
        return Outcome("refuted", summary, values=values,
                       finding=f"the barrier / (scale(d) sigma_min^4) tends to {_fmt(limit)} +- {_fmt(error)}, "
                               "outside [2, 3]",
                       hypotheses=hypothesis_checks(LANDSCAPE, _setting(r.Wstar, paper.rank_deficient_minimizer(r.Wstar))))
    return _numerical(inside, summary, values)


def _check_tight(quick: bool, constant: float = 1.5) -> Outcome:
    """'Tight up to a multiplicative constant': min over rank-deficient L / (2 sigma_min^4) <= constant at every d
    of the sequence (the paper's constant: 3/2, from (c)); refuted when a ratio exceeds it."""
    rows = _threshold_cases(quick)
    ratios = [r.lowest / (2 * r.sigma4) for r in rows]
    fit = trend([r.d for r in rows], ratios, [lambda d: 1.0, lambda d: 1.0 / d])
    values = {f"min over rank < d of L / (2 sigma_min^4), d = {r.d}": _fmt(x) for r, x in zip(rows, ratios)}
    values["fit a + b/d"] = fit.text(["a", "b"])
    values["criterion"] = f"refuted if a ratio exceeds the constant {constant} (relative 1e-9)"
    summary = (f"min over rank-deficient W of L / (2 sigma_min^4) = {', '.join(_fmt(x) for x in ratios)} at d = "
               f"{', '.join(str(r.d) for r in rows)}, at most {constant}; fitted {fit.text(['a', 'b'])}: the bound of "
               "(b) is tight up to the factor (d+2)/(d+1) <= 4/3, and asymptotically tight.")
    over = [(r, x) for r, x in zip(rows, ratios) if x > constant * (1 + 1e-9)]
    if over:
        r, x = over[0]
        return Outcome("refuted", summary, values=values,
                       finding=f"min over rank-deficient W of L is {_fmt(x)} x the bound at d = {r.d}, above {constant}",
                       hypotheses=hypothesis_checks(LANDSCAPE, _setting(r.Wstar, paper.rank_deficient_minimizer(r.Wstar))))
    return Outcome("verified numerically", summary, values=values)


def _check_eq2(quick: bool, lower: Callable[[sp.Expr, sp.Expr], sp.Expr] = t004.eq2_lower_bound) -> Outcome:
    """L~ - lower(alpha, L) by the engine (symbolic alpha, beta, gamma; integer W, W*) must be c beta^2 with c >= 0:
    then L~ >= lower for every alpha, beta, gamma (the paper: lower = alpha^2 L, c = |theta|^2)."""
    pairs = [(sp.Matrix(3, 2, [1, 2, -1, 0, 3, 1]), sp.Matrix(3, 2, [2, -1, 1, 1, 0, 2]))]
    if not quick:
        pairs.append((sp.Matrix(3, 3, [1, 0, 2, -1, 1, 0, 0, 2, 1]), sp.Matrix(3, 3, [2, 1, 0, 0, 1, -1, 1, 0, 1])))
    beta = paper.BETA
    for W, Wstar in pairs:
        residual = sp.expand(paper.general_activation_risk(W, Wstar) - lower(ALPHA, paper.risk(W, Wstar)))
        coefficient = sp.expand(residual / beta**2)
        if coefficient.free_symbols or coefficient < 0:
            m, d = W.shape
            return _with_symbolic_setting(Outcome(
                "refuted", f"L~ - (lower bound) at {_widths([(m, d)])} (integer W, W*) is {sp.factor(residual)}, "
                           "negative for some alpha, beta.", residual=residual),
                (MODEL, GAUSSIAN, ACTIVATION), m, d, "integer W, W*")
        theta = (W - Wstar).T * sp.ones(W.rows, 1)
        if coefficient != (theta.T * theta)[0, 0]:
            return Outcome("inconclusive", "L~ - alpha^2 L is a nonnegative multiple of beta^2 but not beta^2 |theta|^2.")
    return Outcome("verified", "L~ = alpha^2 L + beta^2 |theta|^2 exactly (engine, symbolic alpha, beta, gamma; the "
                               "cross term 2 alpha beta E[Delta_f Delta_g] vanishes), so L~ >= alpha^2 L, as eq. (2) "
                               f"states, at {_widths([W.shape for W, _ in pairs])}.")


def _lower_alpha2_plus_beta2(alpha: sp.Expr, risk: sp.Expr) -> sp.Expr:
    """eq. (2)'s alpha^2 L replaced by (alpha^2 + beta^2) L (the control of 004-eq2)."""
    return (alpha**2 + paper.BETA**2) * risk


def _check_cor22(quick: bool, bound: Callable[[sp.Expr, sp.Expr], sp.Expr] = t004.corollary_bound) -> Outcome:
    """The barrier search for L~ = alpha^2 L + beta^2 |theta|^2 (004-eq2) with beta != 0 against bound(alpha, sigma)."""
    cases = ((3, 4, 1.5, 0.7),) + (() if quick else ((2, 3, 2.0, 1.0), (4, 6, 0.5, -1.0)))
    rows = _barrier_cases(cases, 3 if quick else 8, 41)
    return _barrier_outcome(rows, lambda alpha, sigma: float(bound(alpha, sigma)),
                            "min over rank(W) < d of L~ >= 2 alpha^2 sigma_min^4", LANDSCAPE + (ACTIVATION,))


def _corollary_three_alpha2(alpha: sp.Expr, sigma: sp.Expr) -> sp.Expr:
    """Corollary 2.2's bound with 2 alpha^2 replaced by 3 alpha^2 (its control)."""
    return 3 * alpha**2 * sigma**4


# -- eq. (3), Theorem 2.3 and the landscape's stationary points ------------------------------------------


def _check_eq3(quick: bool, transcription: Callable[[sp.Matrix, sp.Matrix], sp.Matrix] = t004.stationarity_eq3) -> Outcome:
    """grad L = -4 (left - right side of eq. (3)), so grad L = 0 iff eq. (3)."""
    for m, d in _exact_sizes(quick):
        W, Wstar = _symbolic_weights("w", m, d), _symbolic_weights("v", m, d)
        outcome = identity_outcome(-4 * transcription(W, Wstar), paper.gradient(W, Wstar),
                                   f"grad L = -4 (left - right of eq. (3)) at {_widths([(m, d)])}")
        if outcome.verdict != "verified":
            return _with_symbolic_setting(outcome, (MODEL, GAUSSIAN), m, d, "symbolic W, W*")
    return Outcome("verified", "grad L = -4 (W |W*|_F^2 + 2 W W*^T W* - W |W|_F^2 - 2 W W^T W) exactly on symbolic W, "
                               f"W* at {_widths(_exact_sizes(quick))}: eq. (3) is grad L = 0.")


def _eq3_halved(W: sp.Matrix, Wstar: sp.Matrix) -> sp.Matrix:
    """eq. (3) with its 2 W (W^T W) replaced by W (W^T W) (the control of 004-eq3)."""
    return t004.stationarity_eq3(W, Wstar) + W * (W.T * W)


@dataclass(frozen=True)
class Landscape:
    """The stationary points at one W*: the complete family (paper.stationary_points) and the finder's, with each
    one's rank, risk, |grad L| and the extreme Hessian eigenvalues (the engine's compiled landscape)."""

    Wstar: np.ndarray
    points: tuple[tuple[int, float, float, float, float], ...]   # (rank, L, |grad|, min eig, max eig)
    finder_found: int

    @property
    def d(self) -> int:
        return self.Wstar.shape[1]

    @property
    def scale(self) -> float:
        """|W*|_F^4: the size of the terms that cancel in L and grad L, for rounding tolerances."""
        return 1 + float(np.linalg.norm(self.Wstar)) ** 4


@lru_cache(maxsize=2)
def _landscapes(quick: bool) -> tuple[Landscape, ...]:
    """Stationary points at (m, d) = (2, 2), (3, 2), (3, 3) (quick) or up to (5, 4), Gaussian W* (seeded)."""
    sizes = [(2, 2), (3, 2), (3, 3)] + ([] if quick else [(4, 3), (4, 4), (5, 4)])
    rng = np.random.default_rng(23)
    out = []
    for m, d in sizes:
        result = finder.check_theorem_2_3(m, d, rng, starts=4 if quick else 12)
        Wstar = result.found[0].Wstar
        land = compiled_landscape("seed004", m, m)
        candidates = [p.W for p in paper.stationary_points(Wstar)] + [f.W for f in result.found if f.converged]
        points = []
        for W in candidates:
            spectrum = np.linalg.eigvalsh(land.hessian(W, Wstar))
            rank = int(np.linalg.matrix_rank(W, tol=1e-7 * max(1.0, float(np.linalg.norm(W)))))
            points.append((rank, land.risk(W, Wstar), float(np.linalg.norm(land.gradient(W, Wstar))),
                           float(spectrum[0]), float(spectrum[-1])))
        out.append(Landscape(Wstar, tuple(points), sum(f.converged for f in result.found)))
    return tuple(out)


def _stationary(land: Landscape) -> list[tuple[int, float, float, float, float]]:
    return [p for p in land.points if p[2] < 1e-9 * land.scale]


def _kind(point: tuple[int, float, float, float, float], scale: float) -> str:
    """'minimum', 'maximum' or 'saddle' from the Hessian's extreme eigenvalues (tolerance 1e-9 x |W*|^4)."""
    _, _, _, low, high = point
    if low < -1e-9 * scale and high > 1e-9 * scale:
        return "saddle"
    return "maximum" if high <= 1e-9 * scale else "minimum"


def _counterexample_point(land: Landscape, rank: int) -> np.ndarray:
    """The W of the family at ``rank`` that keeps the largest eigen-directions, for hypothesis checks."""
    kept = tuple(range(land.d - rank, land.d))
    return next(p.W for p in paper.stationary_points(land.Wstar) if p.kept == kept)


def _check_thm23(quick: bool, ranks: Callable[[int], Sequence[int]] = lambda d: (d,)) -> Outcome:
    """Every stationary point whose rank is in ranks(d) (the paper: full rank d) has L = 0 (tolerance 1e-12 |W*|^4).

    The stationary points: the complete family of paper.stationary_points (one per subset of eigen-directions of
    B*) and those the finder reaches from random starts, all with |grad L| < 1e-9 |W*|^4 (engine)."""
    lands = _landscapes(quick)
    values = {"stationary points (family + finder)": str(sum(len(_stationary(l)) for l in lands)),
              "finder searches converged": str(sum(l.finder_found for l in lands))}
    covered = [(l, p) for l in lands for p in _stationary(l) if p[0] in ranks(l.d)]
    values["covered by the statement"] = str(len(covered))
    values["max |L| / |W*|^4 among them"] = f"{max(abs(p[1]) / l.scale for l, p in covered):.1e}"
    values["criterion"] = "refuted if a covered stationary point has L > 1e-12 (1 + |W*|^4)"
    bad = [(l, p) for l, p in covered if p[1] > 1e-12 * l.scale]
    sizes = ", ".join(f"({l.Wstar.shape[0]}, {l.d})" for l in lands)
    if bad:
        land, point = bad[0]
        W = _counterexample_point(land, point[0])
        return Outcome("refuted", f"A stationary point of rank {point[0]} has L = {_fmt(point[1])} > 0 at (m, d) = "
                                  f"({land.Wstar.shape[0]}, {land.d}).", values=values,
                       finding=f"a rank-{point[0]} stationary point with L = {_fmt(point[1])} > 0",
                       hypotheses=hypothesis_checks(LANDSCAPE, _setting(land.Wstar, W)))
    return Outcome("verified numerically",
                   f"At (m, d) = {sizes}: every full-rank stationary point (the complete family, whose only full-rank "
                   "member is W^T W = W*^T W*, and every full-rank point the finder reached) has L = 0 to rounding.",
                   values=values)


def _check_remark(quick: bool, intended: Callable[[int], Sequence[int]] = lambda d: (d,)) -> Outcome:
    """Saddles (Hessian of both signs) among the stationary points, by rank: as printed none at rank < d; in the
    intended reading ('full-rank' for 'rank-deficient'), none at the ranks intended(d) (the paper: d)."""
    lands = _landscapes(quick)
    saddles = [(l, p) for l in lands for p in _stationary(l) if _kind(p, l.scale) == "saddle"]
    deficient = [(l, p) for l, p in saddles if p[0] < l.d]
    in_intended = [(l, p) for l, p in saddles if p[0] in intended(l.d)]
    values = {"saddles found (family + finder)": str(len(saddles)),
              "rank-deficient saddles": str(len(deficient)),
              "saddles at the intended ranks": str(len(in_intended)),
              "criterion": "a saddle: Hessian eigenvalues below -1e-9 |W*|^4 and above 1e-9 |W*|^4"}
    if deficient:
        land, point = min(deficient, key=lambda lp: lp[1][1] / lp[0].scale)
        values["lowest rank-deficient saddle: L / (2 sigma_min^4)"] = _fmt(point[1] / (2 * _sigma_min(land.Wstar) ** 4))
        values["its Hessian eigenvalues min, max"] = f"{_fmt(point[3])}, {_fmt(point[4])}"
    printed = Reading("as printed: no rank-deficient saddle points", "refuted" if deficient else "verified numerically",
                      f"{len(deficient)} rank-deficient saddles among the stationary points (e.g. the rank-(d-1) "
                      "minimiser of L, 2 sigma^4 (d+2)/(d+1))" if deficient else "none found")
    intended_reading = Reading(
        "'rank-deficient' a slip for 'full-rank': no full-rank saddle points (Theorem 2.3, as Sec. 2.1 uses it)",
        "refuted" if in_intended else "verified numerically",
        f"{len(in_intended)} saddles at the intended ranks" if in_intended else
        "every full-rank stationary point is a global minimum (004-thm2.3)")
    summary = (f"{len(deficient)} rank-deficient saddles (e.g. the rank-(d-1) minimiser of L, Hessian of both signs) "
               f"and {len(in_intended)} at the intended ranks, among the stationary points at (m, d) = "
               + ", ".join(f"({l.Wstar.shape[0]}, {l.d})" for l in lands) + ".")
    if in_intended:
        land, point = in_intended[0]
        return Outcome("refuted", summary, values=values, readings=(printed, intended_reading),
                       finding=f"a rank-{point[0]} saddle with L = {_fmt(point[1])}",
                       hypotheses=hypothesis_checks(LANDSCAPE, _setting(land.Wstar, _counterexample_point(land, point[0]))))
    if not deficient:
        return Outcome("verified numerically", summary, values=values, readings=(printed, intended_reading))
    land, point = min(deficient, key=lambda lp: lp[1][1] / lp[0].scale)
    return Outcome(
        "misprint", summary, values=values, readings=(printed, intended_reading),
        finding=(f"the minimiser of L over rank <= d - 1 is a strict saddle ((m, d) = ({land.Wstar.shape[0]}, {land.d}): "
                 f"rank {point[0]}, L = {_fmt(point[1])}, Hessian "
                 f"eigenvalues {_fmt(point[3])} .. {_fmt(point[4])}); Theorem 2.3 excludes full-rank saddles, as "
                 "'rank-deficient' for 'full-rank' reads"),
        hypotheses=hypothesis_checks(LANDSCAPE, _setting(land.Wstar, paper.rank_deficient_minimizer(land.Wstar))),
        note="The reading 'no saddle points below the barrier' (Sec. 1.2) is registered as 004-sec1.2-saddles.",
    )


def _check_low_saddles(quick: bool, bound: Callable[[sp.Expr], sp.Expr] = t004.barrier_bound_b) -> Outcome:
    """Every stationary point that is not a global minimum has L >= bound(sigma_min) (the paper: 2 sigma_min^4)."""
    lands = _landscapes(quick)
    rows = [(l, p, p[1] / float(bound(_sigma_min(l.Wstar)))) for l in lands for p in _stationary(l)
            if p[1] > 1e-12 * l.scale]
    lowest = min(rows, key=lambda row: row[2])
    values = {"non-global stationary points": str(len(rows)), "lowest L / bound": _fmt(lowest[2]),
              "criterion": "refuted if a non-global stationary point has L < bound (1 - 1e-9)"}
    if lowest[2] < 1 - 1e-9:
        land, point, ratio = lowest
        return Outcome("refuted", f"A stationary point with L = {_fmt(ratio)} x the bound exists (rank {point[0]}).",
                       values=values, finding=f"a rank-{point[0]} stationary point (a saddle) below the bound: "
                                              f"L / bound = {_fmt(ratio)}",
                       hypotheses=hypothesis_checks(LANDSCAPE, _setting(land.Wstar, paper.rank_deficient_minimizer(land.Wstar))))
    return Outcome("verified numerically",
                   f"Every non-global stationary point ({len(rows)}, all rank-deficient) has L >= 2 sigma_min^4: lowest "
                   f"L / (2 sigma_min^4) = {_fmt(lowest[2])} (the rank-(d-1) minimiser, (d+2)/(d+1)).", values=values)


@lru_cache(maxsize=2)
def _descents(quick: bool) -> tuple[tuple[int, float, float, float], ...]:
    """Gradient descent on L from starts of every kind: (rank of W_0, L(W_0) / barrier, final L / barrier, d) with
    barrier = min over rank <= d - 1 of L. Starts: Q W* + t E at four t, two Gaussian W, and two rank-(d-1) W
    (the minimiser of L over rank <= d - 1 moved within its row space)."""
    rng = np.random.default_rng(21)
    sizes = [(3, 2), (4, 3)] + ([] if quick else [(5, 4), (6, 3)])
    rows = []
    for m, d in sizes:
        Wstar = rng.standard_normal((m, d))
        E = rng.standard_normal((4, m, d))
        near = Wstar + np.array([0.05, 0.2, 0.4, 0.8])[:, None, None] * E * (np.linalg.norm(Wstar)
                                                                             / np.linalg.norm(E, axis=(1, 2))[:, None, None])
        Wr = paper.rank_deficient_minimizer(Wstar)
        deficient = np.stack([Wr @ (np.eye(d) + s * rng.standard_normal((d, d))) for s in (0.1, 0.3)])
        starts = np.concatenate([near, rng.standard_normal((2, m, d)), deficient])
        barrier = _exact_minimum(Wstar)
        final = paper.descend(starts, Wstar, 3000 if quick else 10000)
        for W0, value in zip(starts, final):
            rows.append((int(np.linalg.matrix_rank(W0, tol=1e-9 * np.linalg.norm(W0))), _risk(W0, Wstar) / barrier,
                         float(value) / barrier, d))
    return tuple(rows)


def _check_gd(quick: bool, admitted: Callable[[float], bool] = lambda ratio: ratio < 1) -> Outcome:
    """GD from the starts with admitted(L(W_0) / barrier) (the paper: L(W_0) below the barrier) must reach a global
    optimum: final L < 1e-6 x barrier. Refuted by an admitted rank-deficient start (GD keeps rank(W) <= d - 1, so
    L stays >= barrier); inconclusive if an admitted full-rank start has not converged within the steps."""
    rows = [r for r in _descents(quick) if admitted(r[1])]
    values = {"starts admitted": f"{len(rows)} of {len(_descents(quick))}",
              "max final L / barrier among them": f"{max(r[2] for r in rows):.1e}",
              "criterion": "converged if final L < 1e-6 barrier; refuted by an admitted rank-deficient start ending "
                           "above the barrier"}
    stuck = [r for r in rows if r[0] < r[3] and r[2] >= 1 - 1e-9]
    if stuck:
        rank, start, end, d = stuck[0]
        return Outcome("refuted", f"GD from a rank-{rank} start (L(W_0) = {_fmt(start)} x barrier) ends at L = "
                                  f"{_fmt(end)} x barrier: it stays rank-deficient and never reaches a global optimum.",
                       values=values, finding=f"GD from an admitted rank-{rank} start stays at L = {_fmt(end)} x barrier",
                       hypotheses=(HypothesisCheck(MODEL, True, "numerics.dynamics.gd on the seed004 convention (read-outs 1)"),
                                   HypothesisCheck(WIDTH, True, f"d = {d} <= m"),
                                   HypothesisCheck(FULL_RANK, True, "W* Gaussian, rank d"),
                                   HypothesisCheck(GAUSSIAN, True, "population risk (Gaussian expectation)"),
                                   HypothesisCheck(GD_STEP, True, "step numerics.dynamics.gd.stable_step, below the Euler "
                                                                  "stability limit")))
    converged = all(r[2] < 1e-6 for r in rows)
    return _numerical(converged, f"Gradient descent on L from every start below the barrier ({len(rows)} starts, d = 2..) "
                                 f"reaches L < 1e-6 x barrier (largest {max(r[2] for r in rows):.1e}).", values,
                      note="The paper's 'for any differentiable loss' needs a step small enough for L to decrease "
                           "(here numerics.dynamics.gd.stable_step).")


# -- Sec. 2.2: initialisation (observation (b), Theorems 2.4, 2.5 and the proof's constant) -------------------


def _check_observation_b(quick: bool, gram: sp.Expr = sp.Integer(1)) -> Outcome:
    """W_0^T W_0 = gram x kappa I (the paper: gram = 1), sigma(B*) in [kappa - eps, kappa + eps], kappa = 1 by scale.

    Worst case over such spectra: L(W_0) <= d (d + 2) max(|gram - 1 - eps|, |gram - 1 + eps|)^2 (all eigenvalues of
    W_0^T W_0 - B* at the far end, one sign) and barrier >= 2 (1 - eps)^2 (Theorem 2.1 (b)): the claim holds when
    some eps > 0 makes the first below the second. It fails when at eps = 0 (B* = kappa I) L(W_0) is already >=
    the exact barrier 2 (d + 2)/(d + 1)."""
    dims = range(2, 5 if quick else 9)
    values = {}
    for d in dims:
        at_zero = d * (d + 2) * (gram - 1) ** 2
        barrier = sp.Rational(2 * (d + 2), d + 1)
        if at_zero >= barrier:
            return Outcome("refuted", f"At d = {d}, B* = kappa I: L(W_0) = {at_zero} kappa^2 >= the barrier {barrier} "
                                      "kappa^2, so no eps makes L(W_0) smaller than the barrier.",
                           values=values, finding=f"L(W_0) = {at_zero} kappa^2 >= barrier {barrier} kappa^2 at d = {d}",
                           hypotheses=(HypothesisCheck(MODEL, True, "L of the spectral form 2 sum lambda^2 + (sum lambda)^2"),
                                       HypothesisCheck(GAUSSIAN, True, "the spectral form is the N(0, I_d) expectation"),
                                       HypothesisCheck(WIDTH, True, f"d = {d} <= m (any m >= d with B* = kappa I)")))
        # d (d + 2) (|gram - 1| + eps)^2 = 2 (1 - eps)^2 at eps = critical
        critical = (sp.sqrt(2) - sp.sqrt(d * (d + 2)) * abs(gram - 1)) / (sp.sqrt(d * (d + 2)) + sp.sqrt(2))
        if not critical > 0:
            return Outcome("inconclusive", f"At d = {d} the worst case over the spectra does not decide (critical eps "
                                           f"{critical} <= 0), while B* = kappa I is below the barrier.", values=values)
        values[f"largest eps/kappa that works, d = {d}"] = _fmt(float(critical))
    return Outcome("verified", f"Exactly for d = 2..{max(dims)}: with W_0^T W_0 = kappa I, every B* with spectrum in "
                               "[kappa - eps, kappa + eps] has L(W_0) <= d (d + 2) eps^2 < 2 (kappa - eps)^2 <= barrier "
                               "once eps < sqrt(2) kappa / (sqrt(d (d + 2)) + sqrt(2)) (values): 'eps small enough' "
                               "exists, and shrinks like kappa / d.", values=values)


@lru_cache(maxsize=2)
def _gordon_draws(quick: bool) -> tuple[tuple[int, int, np.ndarray], ...]:
    """Singular values (min, max) of standard Gaussian m x d matrices, 2000 (quick) or 20000 draws per size."""
    rng = np.random.default_rng(24)
    draws = 2000 if quick else 20000
    return tuple((m, d, np.linalg.svd(rng.standard_normal((draws, m, d)), compute_uv=False)[:, [-1, 0]])
                 for m, d in [(20, 5), (80, 5), (60, 20)])


def _check_thm24(quick: bool, interval: Callable = t004.gordon_interval) -> Outcome:
    """P(interval(m, d, t) holds sigma_min and sigma_max) >= 1 - 2 exp(-t^2/2) at t = 2, 3; refuted when the
    observed frequency is below the bound by more than 3 binomial standard errors."""
    values = {}
    worst = None
    for m, d, sv in _gordon_draws(quick):
        for t in (2.0, 3.0):
            low, high = interval(m, d, t)
            inside = float(np.mean((sv[:, 0] >= low) & (sv[:, 1] <= high)))
            bound = t004.gordon_probability(t)
            error = np.sqrt(max(bound * (1 - bound), 1e-4) / len(sv))
            values[f"P(inside), (m, d, t) = ({m}, {d}, {t:g})"] = f"{_fmt(inside)} (bound {_fmt(bound)})"
            gap = (bound - inside) / error
            if worst is None or gap > worst[0]:
                worst = (gap, m, d, t, inside, bound)
    values["criterion"] = "refuted if a frequency is below 1 - 2 exp(-t^2/2) by more than 3 standard errors"
    gap, m, d, t, inside, bound = worst
    if gap > 3:
        return Outcome("refuted", f"At (m, d, t) = ({m}, {d}, {t:g}) the interval holds in {_fmt(inside)} of the draws, "
                                  f"below {_fmt(bound)}.", values=values,
                       finding=f"the interval holds with frequency {_fmt(inside)} < {_fmt(bound)} at (m, d, t) = "
                               f"({m}, {d}, {t:g})",
                       hypotheses=(HypothesisCheck(RANDOM_TEACHER, True, f"A with i.i.d. N(0, 1) entries, {m} x {d}"),))
    return Outcome("verified numerically", "Theorem 2.4 (quoted from [Ver10]) holds in every case drawn: the "
                                           "interval contains both extreme singular values at least as often as "
                                           "1 - 2 exp(-t^2/2).", values=values)


def _interval_without_sqrt_d(m: int, d: int, t: float) -> tuple[float, float]:
    """Theorem 2.4's interval with the sqrt(d) of its lower end dropped (the control of 004-thm2.4)."""
    return float(np.sqrt(m) - t), t004.gordon_interval(m, d, t)[1]


def _initialization_dims(quick: bool) -> tuple[int, ...]:
    return (2, 4, 8) if quick else (2, 3, 4, 6, 8, 10)


@lru_cache(maxsize=4)
def _failure_rates(quick: bool, law: str) -> tuple[tuple[int, int, float, int], ...]:
    """(d, m, failure frequency, draws) of Theorem 2.5's event at m = width(law, d), Wishart draws (seeded)."""
    rng = np.random.default_rng(25)
    draws = 5000 if quick else 50000
    rows = []
    for d in _initialization_dims(quick):
        m = t004.initialization_width(8.0, d) if law == "C d^2" else int(8 * d) + 1
        ratios = paper.initialization_failures(d, m, draws, rng)
        rows.append((d, m, float(np.mean(ratios >= 1)), draws))
    return tuple(rows)


def _check_thm25(quick: bool, law: str = "C d^2") -> Outcome:
    """Failure frequency of L(W_0) < min over rank <= d - 1 of L at m = floor(C d^2) + 1 (the paper's width law,
    C = 8) on d = 2..8 (10): a weighted fit of log P(fail) = a - c d (binomial standard errors). Verified if the
    slope -c is negative by more than 3 standard errors (decay at least exponential in d), refuted if positive by
    more than 3 (failures grow with d), otherwise inconclusive. d with no failure are shown and left out of the
    fit (P below 1/draws); fewer than 3 d with failures: inconclusive."""
    rows = _failure_rates(quick, law)
    values = {f"P(fail), d = {d}, m = {m}": _fmt(p) for d, m, p, _ in rows}
    values["draws of W* per d"] = str(rows[0][3])
    usable = [(d, p, n) for d, _, p, n in rows if p > 0]
    values["criterion"] = "slope of log P(fail) in d: verified if < 0 by 3 s.e., refuted if > 0 by 3 s.e."
    if len(usable) < 3:
        return Outcome("inconclusive", "Fewer than 3 sizes with failures: the trend cannot be fitted.", values=values)
    fit = trend([d for d, _, _ in usable], [np.log(p) for _, p, _ in usable], [lambda d: 1.0, lambda d: d],
                sigma=[np.sqrt((1 - p) / (p * n)) if p < 1 else 1 / np.sqrt(n) for _, p, n in usable])
    slope, error = fit.coefficients[1], fit.errors[1]
    values["fit log P(fail) = a + s d"] = fit.text(["a", "s"])
    summary = (f"At m = {'floor(8 d^2) + 1' if law == 'C d^2' else 'floor(8 d) + 1'}, P(L(W_0) >= barrier) over "
               f"W* ~ N(0, 1) is {', '.join(_fmt(p) for _, _, p, _ in rows)} at d = "
               f"{', '.join(str(d) for d, *_ in rows)}; fitted slope of log P: {slope:.3g} +- {error:.2g}.")
    if slope > 3 * error:
        d, m, p, n = rows[-1]
        return Outcome("refuted", summary, values=values,
                       finding=f"P(fail) grows with d (slope {slope:.3g} +- {error:.2g}; {_fmt(p)} at d = {d}, m = {m})",
                       hypotheses=(HypothesisCheck(MODEL, True, "L(W_0) by the spectral form of the engine's L"),
                                   HypothesisCheck(GAUSSIAN, True, "the N(0, I_d) expectation (Wick)"),
                                   HypothesisCheck(RANDOM_TEACHER, True, "B* ~ Wishart(m, I_d), the law of W*^T W* "
                                                                         "for i.i.d. N(0, 1) W*"),
                                   HypothesisCheck(WIDE, m > 8 * d * d, f"m = {m} vs C d^2 = {8 * d * d} (C = 8)")))
    return _numerical(slope < -3 * error, summary, values,
                      note="The paper's C is an unspecified absolute constant; the check takes C = 8 (failures "
                           "decay), the proof's constants need far more (004-proof2.5).")


def _check_proof25(quick: bool, condition: sp.Expr = t004.PROOF25_CONDITION) -> Outcome:
    """Does 'condition > C'(C)' make the proof's bounds close? The proof bounds L(W_0) <= 32 m d^2 + C' m^2 <
    (32/C + C') m^2 (m > C d^2) and the barrier > m^2/16: the step holds iff 32/C + C'(C) < 1/16 at every C with
    C'(C) < condition. Checked exactly at the smallest integer C with C'(C) < condition."""
    C = sp.Integer(1)
    while not t004.proof25_trace_constant(C) < condition:
        C += 1
    m, d = sp.symbols("m d", positive=True)
    upper = (t004.proof25_first_term(m, d) / m**2).subs(d, sp.sqrt(m / C)) + t004.proof25_trace_constant(C)
    lower = t004.proof25_barrier_lower(m) / m**2
    trace_constant = sp.lambdify(m, t004.proof25_trace_constant(m))
    needed = next(c for c in range(1, 10**6) if 32 / c + trace_constant(c) < 1 / 16)
    values = {"smallest integer C with C'(C) < condition": str(C), "C'(C) there": _fmt(float(t004.proof25_trace_constant(C))),
              "the proof's bound on L(W_0) / m^2 at m = C d^2": _fmt(float(upper)),
              "its bound on the barrier / m^2": _fmt(float(lower)),
              "smallest integer C with 32/C + C'(C) < 1/16 (what the bounds need)": str(needed)}
    if upper < lower:
        return Outcome("verified", f"At C = {C} the proof's bounds close: L(W_0) <= {_fmt(float(upper))} m^2 < m^2/16.",
                       values=values)
    example = (int(C) * 4 + 1, 2)
    readings = (Reading("as printed: 1/2 > C'(C) closes the proof", "refuted",
                        f"at C = {C}, C'(C) = {_fmt(float(t004.proof25_trace_constant(C)))} < 1/2 but L(W_0) <= "
                        f"{_fmt(float(upper))} m^2 against the barrier > m^2/16"),
                Reading("1/2 compared with both terms, 32/C + C'(C) < 1/2", "refuted",
                        "the barrier bound is m^2/16, so 1/2 is too large whichever terms are compared"))
    return Outcome(
        "refuted",
        f"The proof's last step: at C = {C} (the smallest integer with C'(C) < {condition}) its own bounds give L(W_0) <= "
        f"{_fmt(float(upper))} m^2 and barrier > m^2/16, which do not compare; they close only for C >= {needed} "
        "(32/C + C'(C) < 1/16). Theorem 2.5 itself is not affected (004-thm2.5).",
        values=values, readings=readings,
        finding=f"'1/2 > C'(C)' does not close the proof of Theorem 2.5: its bounds need 32/C + C'(C) < 1/16 (C >= {needed})",
        hypotheses=(HypothesisCheck(RANDOM_TEACHER, True, "the proof's bounds are taken as given (they assume it)"),
                    HypothesisCheck(WIDE, bool(example[0] > C * example[1] ** 2),
                                    f"C = {C} > 0 and, e.g., (m, d) = {example}: m > C d^2")),
        note="A gap in the proof's constants, not a false theorem: 004-thm2.5 finds the conclusion at C = 8.")


# -- Sec. 2.3: the span condition and n* = d(d+1)/2 ----------------------------------------------------------


def _null_directions(X: sp.Matrix) -> list[sp.Matrix]:
    """Symmetric M with X_i^T M X_i = 0 for every row X_i (a basis, exact): the interpolating G are B* + span(M)."""
    d = X.cols
    G = sp.Matrix(d, d, lambda i, j: sp.Symbol(f"g_{min(i, j)}{max(i, j)}"))
    unknowns = sorted(G.free_symbols, key=str)
    equations = [(X[i, :] * G * X[i, :].T)[0, 0] for i in range(X.rows)]
    system = sp.linear_eq_to_matrix(equations, unknowns)[0]
    return [G.subs(dict(zip(unknowns, v))) for v in system.nullspace()]


def _psd_shift(Bstar: sp.Matrix, M: sp.Matrix) -> sp.Matrix:
    """B* + t M with a rational t > 0 small enough that it stays positive definite (B* positive definite; checked
    exactly)."""
    smallest = float(np.linalg.eigvalsh(np.array(Bstar, dtype=float))[0])
    t = sp.Rational(int(smallest / 2 / float(sum(abs(x) for x in M)) * 10**6), 10**6)
    shifted = Bstar + t * M
    if t <= 0 or not shifted.is_positive_definite:
        raise ValueError("B* + t M is not positive definite: B* must be")
    return shifted


def _check_thm26a(quick: bool, samples: Callable[[int], int] = t004.critical_samples, span_required: bool = True) -> Outcome:
    """Integer data (samples(d) rows), integer W* (d + 1 x d, full rank): the interpolation equations X_i^T G X_i =
    X_i^T B* X_i, linear in the symmetric G = W^T W, leave only G = B* when span{X_i X_i^T} = S (exact rank).
    With span_required, data without a full span are outside the statement (inconclusive); a null direction M
    gives an interpolating PSD G = B* + t M != B*, hence W with W^T W = G: a counterexample."""
    rng = np.random.default_rng(26)
    dims = (2, 3) if quick else (2, 3, 4, 5)
    for d in dims:
        X = sp.Matrix(rng.integers(-3, 4, (samples(d), d)))
        Wstar = sp.Matrix(rng.integers(-3, 4, (d + 1, d)))
        rank = t004.lifted_samples(X).to_DM().rank()
        if span_required and rank != t004.symmetric_dimension(d):
            return Outcome("inconclusive", f"At d = {d} the random integer data do not span S (rank {rank}).")
        directions = _null_directions(X)
        if directions:
            Bstar = Wstar.T * Wstar
            G = _psd_shift(Bstar, directions[0])
            computed = _setting(np.array(Wstar, dtype=float)) | {
                REALIZABLE: (True, "labels X_i^T B* X_i of the integer W*"),
                CONTINUOUS: (True, "no law needed: the statement is for a given data set")}
            return Outcome("refuted", f"At d = {d} with {X.rows} samples (span of rank {rank} < {t004.symmetric_dimension(d)}) "
                                      f"the PSD G = {G.tolist()} interpolates and differs from B*.",
                           residual=G - Bstar, values={"d": str(d), "samples": str(X.rows), "span rank": str(rank)},
                           finding=f"an interpolating W with W^T W != W*^T W* at d = {d}, {X.rows} samples",
                           hypotheses=hypothesis_checks((MODEL, WIDTH, REALIZABLE), computed))
    return Outcome(
        "verified",
        f"Exactly at d = {', '.join(map(str, dims))} (n* integer samples, rank of (X_i X_i^T) = n*): the interpolation "
        "equations have the unique solution W^T W = W*^T W*, hence W = Q W*.", values={"samples": "n* = d(d+1)/2", "m": "d + 1"})


@lru_cache(maxsize=2)
def _span_rows(quick: bool) -> tuple[paper.SpanRow, ...]:
    """paper.span_study: rank of span{X_i X_i^T} at n = 1 .. n* + 2, and for n < n* an interpolating W."""
    return tuple(paper.span_study((3, 4) if quick else (3, 4, 5, 6), np.random.default_rng(29)))


def _check_thm26b(quick: bool, in_range: Callable[[int, int], bool] = lambda n, n_star: n < n_star) -> Outcome:
    """For Gaussian data with in_range(n, n*) (the paper: strict span, n < n*): an interpolating W with W^T W != B*
    and L(W) > 0. Refuted when the data span S (rank n*: the interpolating G is B* alone)."""
    rows = [r for r in _span_rows(quick) if in_range(r.n, r.n_star)]
    full = [r for r in rows if r.rank == r.n_star]
    values = {"(d, n) cases": str(len(rows)), "cases with a full span": str(len(full))}
    if full:
        r = full[0]
        return Outcome("refuted", f"At d = {r.d}, n = {r.n} the data span S (rank {r.rank}): every interpolating W has "
                                  "W^T W = W*^T W* (Theorem 2.6 (a)), so none has L > 0.", values=values,
                       finding=f"n = {r.n} = n* Gaussian samples at d = {r.d} span S: no interpolating W with L > 0",
                       hypotheses=hypothesis_checks(SAMPLES, {
                           MODEL: (True, "labels f(W*; X_i) = |W* X_i|^2"), WIDTH: (True, f"m = d = {r.d}"),
                           FULL_RANK: (True, "W* Gaussian d x d, sigma_min > 0 (bound 2 sigma^4 = " + _fmt(r.bound) + ")"),
                           REALIZABLE: (True, "Y_i = f(W*; X_i)"), CONTINUOUS: (True, "X_i ~ N(0, I_d)")}))
    residual = max(r.interpolation_residual for r in rows)
    smallest = min(r.risk / r.bound for r in rows)
    values.update({"max relative interpolation residual": f"{residual:.1e}", "min L(W) / (2 sigma_min^4)": _fmt(smallest),
                   "criterion": "interpolation residual < 1e-10 and L(W) > 0"})
    return _numerical(residual < 1e-10 and smallest > 0,
                      f"For Gaussian data with n < n* (d = {', '.join(str(d) for d in sorted({r.d for r in rows}))}, "
                      f"every n), an explicit W (W^T W = W*^T W* + t M, M orthogonal to every X_i X_i^T) interpolates to "
                      f"{residual:.1e} with L(W) >= {_fmt(smallest)} x 2 sigma_min^4 > 0.", values)


def _check_cor27a(quick: bool, samples: Callable[[int], int] = t004.critical_samples) -> Outcome:
    """f^(a, W, X) = f(W^; X) with W^_j = sqrt(a_j) W_j (exact, symbolic), and with n* integer samples spanning S the
    interpolating sum_j a_j W_j W_j^T is unique: f^(a, W, .) = f^(a*, W*, .). Refuted by a null direction."""
    a, W = sp.symbols("a1:3", positive=True), _symbolic_weights("w", 2, 2)
    x = sp.Matrix(sp.symbols("x1:3"))
    direct = sum(a[j] * ((W[j, :] * x)[0, 0]) ** 2 for j in range(2))
    rescaled = ((t004.reweighted(a, W) * x).T * (t004.reweighted(a, W) * x))[0, 0]
    if sp.expand(direct - rescaled) != 0:
        return Outcome("refuted", "f^(a, W, X) != f(W^; X).", residual=sp.expand(direct - rescaled))
    rng = np.random.default_rng(27)
    for d in (2, 3) if quick else (2, 3, 4):
        X = sp.Matrix(rng.integers(-3, 4, (samples(d), d)))
        directions = _null_directions(X)
        if directions:
            Wstar, astar = sp.Matrix(rng.integers(-3, 4, (d + 1, d))), [sp.Integer(k) for k in rng.integers(1, 4, d + 1)]
            Bstar = t004.reweighted(astar, Wstar).T * t004.reweighted(astar, Wstar)
            G = _psd_shift(Bstar, directions[0])
            return Outcome("refuted", f"At d = {d} with {X.rows} samples, (a, W) = (1, G^(1/2)) with G = {G.tolist()} "
                                      "interpolates and f^(a, W, .) != f^(a*, W*, .).", residual=G - Bstar,
                           finding=f"an interpolating (a, W) with f^ != f^* at d = {d}, {X.rows} samples",
                           hypotheses=(HypothesisCheck(MODEL, True, "f^(a, W, X) = sum_j a_j <W_j, X>^2"),
                                       HypothesisCheck(OUTPUT_WEIGHTS, True, f"a* = {astar}, a = 1: positive"),
                                       HypothesisCheck(REALIZABLE, True, "labels f^(a*, W*, X_i)")))
    return Outcome("verified", "f^(a, W, X) = f(W^; X) with W^_j = sqrt(a_j) W_j exactly, and with n* integer samples "
                               "spanning S the interpolation equations fix sum_j a_j W_j W_j^T = sum_j a*_j W*_j W*_j^T: "
                               "every interpolating (a, W) computes f^(a*, W*, .).")


def _positive_error_interpolant(X: sp.Matrix, Bstar: sp.Matrix) -> sp.Matrix | None:
    """An interpolating PSD G != B* (then L > 0 for any jointly continuous law), or None when B* is the only one.

    B* positive definite: B* + t M for small t. Otherwise (d = 2 only) exactly: the PSD G = B* + t M, M the null
    directions, are those with det >= 0 and trace >= 0, a set of t computed by SymPy."""
    directions = _null_directions(X)
    if not directions:
        return None
    if Bstar.is_positive_definite:
        return _psd_shift(Bstar, directions[0])
    if Bstar.rows != 2 or len(directions) != 1:
        raise ValueError("the singular case is decided exactly for d = 2 with one null direction only")
    t = sp.Symbol("t", real=True)
    G = Bstar + t * directions[0]
    feasible = sp.solveset(G.det() >= 0, t, sp.S.Reals).intersect(sp.solveset(G.trace() >= 0, t, sp.S.Reals))
    others = feasible - sp.FiniteSet(0)
    if others.is_empty:
        return None
    return G.subs(t, others.inf if others.inf != 0 else others.sup)


def _check_cor27b(quick: bool, intended_rank: Callable[[int], int] = lambda d: d) -> Outcome:
    """As printed, for any (a*, W*): W* = 0 (d = 2, data e_1, e_2, n = 2 < n* = 3) admits no interpolating (a, W) with
    positive error. Intended (Theorem 2.6 (b), which Sec. 3.6 applies to W^*): W* with rank intended_rank(d) (the
    paper: d; a random integer W*, or diag(1, .., 1, 0, .., 0) below rank d) has one, at the data e_1, e_2 (d = 2)
    and at random integer data with n* - 1 samples (d = 2, 3)."""
    data = sp.eye(2)
    printed_unique = _positive_error_interpolant(data, sp.zeros(2, 2)) is None
    rng = np.random.default_rng(270)
    failures = []
    for d in (2, 3):
        rank = intended_rank(d)
        Wstar = sp.Matrix(rng.integers(-3, 4, (d, d)))
        while Wstar.rank() != d:
            Wstar = sp.Matrix(rng.integers(-3, 4, (d, d)))
        if rank < d:   # the plainest teacher of that rank, m = d rows
            Wstar = sp.diag(*([1] * rank + [0] * (d - rank)))
        datasets = ([data] if d == 2 else []) + [sp.Matrix(rng.integers(-3, 4, (t004.critical_samples(d) - 1, d)))]
        failure = next((X for X in datasets if _positive_error_interpolant(X, Wstar.T * Wstar) is None), None)
        if failure is not None:
            failures.append(f"d = {d}, rank(W*) = {rank}, data {failure.tolist()}")
            break
    printed = Reading("as printed: for any (a*, W*)", "refuted" if printed_unique else "verified",
                      "W* = 0, a* = (1, 1), X = (e_1, e_2): the only PSD G with G_11 = G_22 = 0 is 0, so every "
                      "interpolating (a, W) has W = 0 and zero error" if printed_unique else "no counterexample")
    intended = Reading("with rank(W*) = d, the hypothesis of Theorem 2.6 (b) that the proof (Sec. 3.6) applies",
                       "refuted" if failures else "verified",
                       f"no positive-error interpolant at {failures[0]}" if failures else
                       "B* + t M (M orthogonal to every X_i X_i^T) is PSD, interpolates and differs from B*, exactly at "
                       "d = 2, 3")
    summary = ("Corollary 2.7 (b) for W* = 0 (d = 2, n = 2 < n*): every interpolating (a, W) has W = 0, zero error; "
               "with rank(W*) = d a positive-error interpolant exists.")
    if failures:
        return Outcome("refuted", summary, readings=(printed, intended), values={"failures": "; ".join(failures)},
                       finding=f"no interpolating (a, W) with positive error at {failures[0]}",
                       hypotheses=_cor27_hypotheses("W* of the intended rank"))
    if not printed_unique:
        return Outcome("verified", summary, readings=(printed, intended))
    return Outcome("misprint", summary, readings=(printed, intended),
                   finding="false for W* = 0 (no interpolant with positive error when the data span R^d); the "
                           "hypothesis rank(W*) = d of Theorem 2.6 (b), which the proof applies, restores it",
                   hypotheses=_cor27_hypotheses("W* = 0 (2 x 2)"))


def _cor27_hypotheses(teacher: str) -> tuple[HypothesisCheck, ...]:
    return (HypothesisCheck(MODEL, True, "f^(a, W, X) = sum_j a_j <W_j, X>^2, quadratic activation"),
            HypothesisCheck(OUTPUT_WEIGHTS, True, "a* = (1, 1), and a > 0 for every interpolant considered"),
            HypothesisCheck(REALIZABLE, True, f"labels f^(a*, W*, X_i) of {teacher}"),
            HypothesisCheck(CONTINUOUS, True, "zero generalization error for every law: f^(a, W, .) = f^(a*, W*, .)"))


def _check_thm28a(quick: bool, critical: Callable[[int], int] = t004.critical_samples) -> Outcome:
    """critical(d) samples span S (the paper: n* = d(d+1)/2): exactly for the proof's prime-power data (rank of the
    lifted n x dim S matrix = dim S), and numerically (relative singular value > 1e-10) for Gaussian draws on a
    sequence of d spanning a factor 4; plus the fitted n_c(d) = a d^2 + b d of the smallest spanning n."""
    exact_dims = (2, 3, 4) if quick else (2, 3, 4, 5, 6)
    for d in exact_dims:
        # DomainMatrix: exact rank over the integers, fast where Matrix.rank crawls through 40-digit entries
        rank = t004.lifted_samples(t004.prime_power_samples(d)[: critical(d), :]).to_DM().rank()
        if rank != t004.symmetric_dimension(d):
            return Outcome("refuted", f"At d = {d}, {critical(d)} prime-power samples span a space of dimension "
                                      f"{rank} < dim S = {t004.symmetric_dimension(d)}.",
                           values={"d": str(d)}, finding=f"{critical(d)} samples cannot span S at d = {d} (rank "
                                                         f"{rank} < {t004.symmetric_dimension(d)})",
                           hypotheses=(HypothesisCheck(CONTINUOUS, True, "Theorem 2.8 (b): no data of this size "
                                                                         "span S, whatever their law"),))
    rows = _span_thresholds(quick)
    values = {f"Gaussian: rank at n* - 1, n*, d = {d}": f"{r1}, {r2} (dim S = {t004.symmetric_dimension(d)})"
              for d, r1, r2 in rows}
    thresholds = [t004.symmetric_dimension(d) if r2 == t004.symmetric_dimension(d) and r1 < r2 else np.nan
                  for d, r1, r2 in rows]
    fit = _threshold_fit([d for d, *_ in rows], thresholds)
    values["smallest spanning n fitted a d^2 + b d"] = fit
    gaussian_ok = all(r2 == t004.symmetric_dimension(d) for d, _, r2 in rows if critical(d) >= t004.critical_samples(d))
    return _numerical(gaussian_ok and not np.isnan(np.array(thresholds)).any(),
                      f"Exactly at d = {', '.join(map(str, exact_dims))}: the proof's prime-power samples span S with n* "
                      f"rows; Gaussian draws at d = {', '.join(str(d) for d, *_ in rows)} span S at n = n* and not at "
                      f"n* - 1: fitted n_c: {fit} (d(d+1)/2: a = b = 1/2).", values)


@lru_cache(maxsize=2)
def _span_thresholds(quick: bool) -> tuple[tuple[int, int, int], ...]:
    """(d, rank at n* - 1, rank at n*) of the lifted Gaussian samples (numerical rank, relative tolerance 1e-10)."""
    rng = np.random.default_rng(28)
    rows = []
    for d in (3, 6, 12) if quick else (10, 20, 40):
        n_star = t004.critical_samples(d)
        X = rng.standard_normal((n_star, d))
        iu = np.triu_indices(d)
        lifted = X[:, iu[0]] * X[:, iu[1]]
        ranks = [int(np.linalg.matrix_rank(lifted[:n], tol=1e-10 * np.linalg.norm(lifted[:n], 2))) for n in (n_star - 1, n_star)]
        rows.append((d, *ranks))
    return tuple(rows)


def _threshold_fit(dims: Sequence[int], thresholds: Sequence[float]) -> str:
    """The observed thresholds n_c(d) fitted as a d^2 + b d (n* = d(d+1)/2 has a = b = 1/2), as text."""
    if np.isnan(np.array(thresholds, dtype=float)).any():
        return "not fitted: no threshold observed at some d"
    return trend(dims, thresholds, [lambda d: d * d, lambda d: d]).text(["a", "b"])


def _check_thm28b(quick: bool, critical: Callable[[int], int] = t004.critical_samples) -> Outcome:
    """dim S = d(d+1)/2 (exact rank of e_k e_l^T + e_l e_k^T, k <= l), so fewer than critical(d) matrices Z_i Z_i^T
    never span S when critical(d) <= dim S. Refuted by the prime-power data at n = critical(d) - 1 spanning S."""
    dims = range(1, 5 if quick else 8)
    for d in dims:
        basis = [sp.Matrix(d, d, lambda i, j: int({i, j} == {k, l})) for k in range(d) for l in range(k, d)]
        dimension = sp.Matrix([list(B) for B in basis]).rank()
        n = critical(d) - 1
        spans = n >= 1 and t004.lifted_samples(t004.prime_power_samples(d)[:n, :]).to_DM().rank() == dimension
        if spans:
            return Outcome("refuted", f"At d = {d}, n = {n} < {critical(d)} prime-power samples span S (dim {dimension}).",
                           values={"d": str(d), "dim S": str(dimension)},
                           finding=f"{n} samples span S at d = {d}",
                           hypotheses=(HypothesisCheck(CONTINUOUS, True, "(b) is for arbitrary Z_i: no law needed"),))
    return Outcome("verified", f"dim S = d(d+1)/2 exactly for d = 1..{max(dims)} (rank of the basis e_k e_l^T + e_l e_k^T), "
                               "as the running text says, so n < n* matrices Z_i Z_i^T span at most n < dim S dimensions.")


def _check_vandermonde(quick: bool, intended: Callable[[Sequence[sp.Expr]], sp.Expr] | None = None) -> Outcome:
    """det of the lifted prime-power samples (n* x n*) against the printed prod_{k<l} (z_k - z_l) and the intended
    Vandermonde determinant prod_{k<l} (z_l - z_k) (the paper's later use: only det != 0)."""
    intended = intended or (lambda z: sp.Mul(*[z[l] - z[k] for k in range(len(z)) for l in range(k + 1, len(z))]))
    dims = (2, 3) if quick else (2, 3, 4, 5)
    printed_ok, intended_ok, values = [], [], {}
    for d in dims:
        samples = t004.prime_power_samples(d)
        z = list(t004.lifted_samples(samples)[1, :])
        det = t004.lifted_samples(samples).det(method="bareiss")
        printed_ok.append(det == t004.vandermonde_determinant(z))
        intended_ok.append(det == intended(z))
        values[f"det / printed product, d = {d}"] = str(det / t004.vandermonde_determinant(z))
    readings = (Reading("as printed: det = prod_{k<l} (z_k - z_l)", "verified" if all(printed_ok) else "refuted",
                        "det = (-1)^(n*(n*-1)/2) x the printed product; the sign is -1 at d = 2..5"),
                Reading("the Vandermonde determinant prod_{k<l} (z_l - z_k) (non-zero, the proof's use)",
                        "verified" if all(intended_ok) else "refuted",
                        "equal exactly" if all(intended_ok) else "differs"))
    summary = f"det of the lifted prime-power samples at d = {', '.join(map(str, dims))} against both products (values)."
    if all(printed_ok):
        return Outcome("verified", summary, values=values, readings=readings)
    if not all(intended_ok):
        return Outcome("refuted", summary, values=values, readings=readings,
                       finding="the determinant differs from the printed and the intended products",
                       hypotheses=(HypothesisCheck(PRIMES, True, "first d primes, X_t = (p_j^(t-1))"),))
    return Outcome("misprint", summary, values=values, readings=readings,
                   finding="det = -prod_{k<l} (z_k - z_l) at d = 2..5: the Vandermonde product is prod (z_l - z_k); "
                           "non-zero either way, which is all the proof uses",
                   hypotheses=(HypothesisCheck(PRIMES, True, "p = first d primes, X_t = (p_1^(t-1), ..., p_d^(t-1)), "
                                                             "t = 1..n*"),))


def _sum_product(z: Sequence[sp.Expr]) -> sp.Expr:
    """The Vandermonde product with z_l - z_k replaced by z_l + z_k (the control of 004-sec3.7-vandermonde)."""
    return sp.Mul(*[z[l] + z[k] for k in range(len(z)) for l in range(k + 1, len(z))])


@dataclass(frozen=True)
class Interpolation:
    """The trace-minimal interpolating Gram at n samples: relative distance to B*, lambda_min(G) / sigma_min^2 and
    L(G) / (2 sigma_min^4), with the numerical rank of the lifted samples."""

    d: int
    n: int
    distance: float
    smallest: float
    risk_ratio: float
    span_rank: int
    Wstar: np.ndarray


def _sample_dims(quick: bool) -> tuple[int, ...]:
    return (3, 6, 12) if quick else (10, 20, 40)


@lru_cache(maxsize=2)
def _interpolations(quick: bool) -> tuple[Interpolation, ...]:
    """min tr(G), G PSD interpolating Gaussian data, at n = n* - 1 and n* (and n*/2 when quick), W* ~ N(0, 1), m = 2d."""
    rng = np.random.default_rng(290)
    rows = []
    for d in _sample_dims(quick):
        n_star = t004.critical_samples(d)
        Wstar = rng.standard_normal((2 * d, d))
        Bstar = Wstar.T @ Wstar
        X = rng.standard_normal((n_star, d))
        y = np.einsum("ni,ij,nj->n", X, Bstar, X)
        iu = np.triu_indices(d)
        lifted = X[:, iu[0]] * X[:, iu[1]]
        sigma2 = float(np.linalg.eigvalsh(Bstar)[0])
        for n in (n_star - 1, n_star):
            G = paper.trace_minimal_interpolant(X[:n], y[:n])
            rank = int(np.linalg.matrix_rank(lifted[:n], tol=1e-10 * np.linalg.norm(lifted[:n], 2)))
            rows.append(Interpolation(d, n, float(np.linalg.norm(G - Bstar) / np.linalg.norm(Bstar)),
                                      float(np.linalg.eigvalsh(G)[0]) / sigma2, _gram_risk(G, Bstar) / (2 * sigma2**2),
                                      rank, Wstar))
    return tuple(rows)


SAME, DIFFERENT = 1e-6, 1e-3   # relative distance |G - B*| / |B*| read as equal / different (solver accuracy)


def _check_thm29a(quick: bool, critical: Callable[[int], int] = t004.critical_samples) -> Outcome:
    """With n = critical(d) Gaussian samples (the paper: n*) every interpolating W has W^T W = B*: the convex
    programme min tr(G) over PSD interpolating G returns B* (relative distance < 1e-6) on d = 3, 6, 12 (quick) or
    10, 20, 40; refuted when it returns an interpolating G at distance > 1e-3 (a W with f(W; .) != f(W*; .))."""
    rows = _interpolations(quick)
    checked = [r for r in rows if r.n == critical(r.d)]
    values = {f"|G - B*| / |B*| at d = {r.d}, n = {r.n}": f"{r.distance:.1e}" for r in rows}
    values["criterion"] = f"same if < {SAME:g}, different if > {DIFFERENT:g} (fixed: solver accuracy)"
    thresholds = [min((r.n for r in rows if r.d == d and r.distance < SAME), default=np.nan)
                  for d in _sample_dims(quick)]
    fit = _threshold_fit(_sample_dims(quick), thresholds)
    values["smallest n with G = B*, fitted a d^2 + b d"] = fit
    different = [r for r in checked if r.distance > DIFFERENT]
    if different:
        r = different[0]
        return Outcome("refuted", f"At d = {r.d} with n = {r.n} samples the trace-minimal interpolant differs from B* "
                                  f"(relative distance {r.distance:.2g}, lambda_min / sigma_min^2 = {r.smallest:.1e}).",
                       values=values, finding=f"an interpolating W with W^T W != W*^T W* at d = {r.d}, n = {r.n}",
                       hypotheses=_sample_hypotheses(SAMPLES, r))
    return _numerical(all(r.distance < SAME for r in checked),
                      f"At n = n* the convex programme's interpolant is B* at d = "
                      f"{', '.join(str(r.d) for r in checked)} (distance <= {max(r.distance for r in checked):.1e}); at "
                      f"n* - 1 it is not (see values); the smallest such n, fitted: {fit} (n* = d(d+1)/2: a = b "
                      "= 1/2).", values)


def _sample_hypotheses(hypotheses: Sequence[str], r: Interpolation) -> tuple[HypothesisCheck, ...]:
    computed = _setting(r.Wstar) | {REALIZABLE: (True, "Y_i = X_i^T W*^T W* X_i"),
                                    CONTINUOUS: (True, "X_i i.i.d. N(0, I_d), jointly continuous")}
    return hypothesis_checks(hypotheses, computed)


def _check_thm29b(quick: bool, in_range: Callable[[int, int], bool] = lambda n, n_star: n < n_star) -> Outcome:
    """For n with in_range(n, n*) (the paper: n < n*) some interpolating W has L(W) >= 2 sigma_min^4: the convex
    programme's interpolant at n* - 1 (rank-deficient), and the explicit W of 004-thm2.6b at every n < n*. Refuted
    at an n where the lifted samples have full rank n* (then B* is the only interpolant and L = 0)."""
    rows = [r for r in _interpolations(quick) if in_range(r.n, t004.critical_samples(r.d))]
    values = {f"d = {r.d}, n = {r.n}: lambda_min(G)/sigma^2, L(G)/(2 sigma^4)": f"{r.smallest:.1e}, {_fmt(r.risk_ratio)}"
              for r in rows}
    explicit = [r for r in _span_rows(quick) if in_range(r.n, r.n_star) and r.rank < r.n_star]
    if explicit:
        values["explicit W (004-thm2.6b), every n < n*: min L / (2 sigma^4)"] = _fmt(min(r.risk / r.bound for r in explicit))
    unique = [r for r in rows if r.span_rank == t004.symmetric_dimension(r.d)]
    if unique:
        r = unique[0]
        return Outcome("refuted", f"At d = {r.d}, n = {r.n} the lifted samples have full rank: the only interpolant is "
                                  f"B* (the programme returns it, distance {r.distance:.1e}), with L = 0.",
                       values=values, finding=f"at d = {r.d}, n = {r.n} every interpolating W has L = 0",
                       hypotheses=_sample_hypotheses(SAMPLES + (GAUSSIAN,), r))
    holds = all(r.risk_ratio >= 1 for r in rows) and all(r.risk / r.bound >= 1 - 1e-9 for r in explicit)
    return _numerical(holds, "For n < n* an interpolating W with L >= 2 sigma_min^4 exists: the convex programme's "
                             f"interpolant at n = n* - 1 is rank-deficient (lambda_min / sigma_min^2 <= "
                             f"{max(r.smallest for r in rows):.1e}) with L / (2 sigma_min^4) >= "
                             f"{_fmt(min(r.risk_ratio for r in rows))} at d = {', '.join(str(r.d) for r in rows)}.",
                      values)


# -- the registry ---------------------------------------------------------------------------------------

_W, _WSTAR = sp.MatrixSymbol("W", sp.Symbol("m"), D), sp.MatrixSymbol("W^*", sp.Symbol("m"), D)
Q = t004.QUOTES


def _claim(claim_id: str, number: str, title: str, quote: str, statement, method: str, check, hypotheses,
           control: Control, **extra) -> Claim:
    return Claim(claim_id, SEED, number, title, quote, statement, method, check, hypotheses=hypotheses, control=control,
                 **extra)


CLAIMS: list[Claim] = [
    _claim("004-thm2.1a", "Theorem 2.1 (a)", "zero risk iff W = Q W*", Q["2.1a"],
           "L(W) = 0 if and only if W = Q W* for some orthonormal Q in R^{m x m}.", "exact symbolic identity",
           _check_thm21a, (MODEL, CONTINUOUS),
           Control("Q orthonormal replaced by Q with Q^T Q = 4 I", partial(_check_thm21a, orbit_scale=2))),
    _claim("004-thm2.1b", "Theorem 2.1 (b)", "energy barrier of rank-deficient W", Q["2.1b"],
           sp.Ge(sp.Symbol("L_rank<d"), t004.barrier_bound_b(SIGMA)), "numerical", _check_thm21b, LANDSCAPE,
           Control("2 sigma_min^4 replaced by 3 sigma_min^4", partial(_check_thm21b, bound=_bound_three_sigma4)),
           latex=RANK_DEFICIENT_MIN + r"\mathcal{L}(W) \ge " + sp.latex(t004.barrier_bound_b(SIGMA))),
    _claim("004-thm2.1c", "Theorem 2.1 (c)", "a rank-(d-1) W with L = 3 sigma_min^4", Q["2.1c"],
           sp.Eq(RISK(sp.Symbol("W_c")), t004.construction_value_c(SIGMA)), "exact evaluation", _check_thm21c,
           LANDSCAPE, Control("3 sigma_min^4 replaced by 2 sigma_min^4", partial(_check_thm21c, value=_value_two_sigma4)),
           assumptions="rank(W_c) = d - 1, the construction of the proof (Sec. 3.1 (c)); m > d"),
    _claim("004-thm2.1-threshold", "Sec. 2.1, after Theorem 2.1", "the barrier scales as sigma_min^4", Q["threshold"],
           "eta = min over rank(W) < d of L(W) lies in [2, 3] sigma_min(W*)^4, constants independent of d.",
           "asymptotic fit", _check_threshold, LANDSCAPE,
           Control("Theta(sigma_min^4) replaced by Theta(d sigma_min^4)", partial(_check_threshold, scale=float)),
           exact=False),
    _claim("004-thm2.1-tight", "Sec. 2.1, after Theorem 2.1", "the bound of (b) is tight up to a constant", Q["tight"],
           "min over rank(W) < d of L(W) <= (3/2) x 2 sigma_min^4 at every d.", "asymptotic fit", _check_tight,
           LANDSCAPE, Control("'up to a multiplicative constant' (3/2) replaced by 'exactly' (1)",
                              partial(_check_tight, constant=1.0)), exact=False),
    _claim("004-cor2.2", "Corollary 2.2", "barrier for activation alpha z^2 + beta z + gamma", Q["2.2"],
           sp.Ge(sp.Symbol("Ltilde_rank<d"), t004.corollary_bound(ALPHA, SIGMA)), "numerical", _check_cor22,
           LANDSCAPE + (ACTIVATION,),
           Control("2 alpha^2 sigma_min^4 replaced by 3 alpha^2 sigma_min^4",
                   partial(_check_cor22, bound=_corollary_three_alpha2)),
           latex=RANK_DEFICIENT_MIN + r"\tilde{\mathcal{L}}(W) \ge " + sp.latex(t004.corollary_bound(ALPHA, SIGMA))),
    _claim("004-eq2", "eq. (2)", "L~ >= alpha^2 L (proof of Corollary 2.2)", Q["2"],
           sp.Ge(sp.Symbol("Ltilde"), t004.eq2_lower_bound(ALPHA, RISK(sp.Symbol("W")))), "exact symbolic identity",
           _check_eq2, (MODEL, GAUSSIAN, ACTIVATION),
           Control("alpha^2 L replaced by (alpha^2 + beta^2) L", partial(_check_eq2, lower=_lower_alpha2_plus_beta2))),
    _claim("004-eq3", "eq. (3)", "stationarity equation", Q["3"],
           sp.Eq(_W * sp.Trace(_WSTAR.T * _WSTAR) + 2 * _W * _WSTAR.T * _WSTAR,
                 _W * sp.Trace(_W.T * _W) + 2 * _W * _W.T * _W, evaluate=False),
           "exact symbolic identity", _check_eq3, (MODEL, GAUSSIAN),
           Control("2 W (W^T W) replaced by W (W^T W)", partial(_check_eq3, transcription=_eq3_halved))),
    _claim("004-thm2.3", "Theorem 2.3", "full-rank stationary points are global minima", finder.THEOREM_2_3_QUOTE,
           "Every stationary point W of L with rank(W) = d satisfies W = Q W* (Q orthogonal) and L(W) = 0.",
           "numerical", _check_thm23, LANDSCAPE,
           Control("the hypothesis rank(W) = d dropped", partial(_check_thm23, ranks=lambda d: range(d + 1))),
           exact=False),
    _claim("004-thm2.3-remark", "remark after Theorem 2.3", "no rank-deficient saddle points", Q["2.3-remark"],
           "L has no rank-deficient saddle points.", "numerical", _check_remark, LANDSCAPE,
           Control("the intended 'no full-rank saddles' replaced by 'no saddles of any rank'",
                   partial(_check_remark, intended=lambda d: range(d + 1))), exact=False),
    _claim("004-sec1.2-saddles", "Sec. 1.2", "no saddle points below the barrier", Q["no-low-saddles"],
           "Every stationary point of L that is not a global minimum has L >= 2 sigma_min(W*)^4.", "numerical",
           _check_low_saddles, LANDSCAPE,
           Control("the barrier 2 sigma_min^4 replaced by 3 sigma_min^4",
                   partial(_check_low_saddles, bound=_bound_three_sigma4)), exact=False),
    _claim("004-sec2.1-gd", "Sec. 1.2 and Sec. 2.1", "GD from below the barrier finds a global optimum", Q["gd"],
           "Gradient descent on L started at W_0 with L(W_0) < min over rank(W) < d of L converges to a global "
           "optimum (L -> 0).", "simulation", _check_gd, LANDSCAPE + (GD_STEP,),
           Control("the condition L(W_0) below the barrier dropped (any start)",
                   partial(_check_gd, admitted=lambda ratio: True)), exact=False),
    _claim("004-spectral", "Section 2.2, observation (a)", "spectral form of the population risk", Q["spectral"],
           sp.Eq(RISK(sp.Symbol("W")), 2 * sp.Sum(LAMBDA[I] ** 2, (I, 1, D)) + sp.Sum(LAMBDA[I], (I, 1, D)) ** 2),
           "exact symbolic identity", _check_spectral, (MODEL, GAUSSIAN),
           Control("2 sum lambda_i^2 replaced by 3 sum lambda_i^2", partial(_check_spectral, transcription=_spectral_three)),
           assumptions="lambda_i = eig(W^T W - W*^T W*)"),
    _claim("004-sec2.2b", "Section 2.2, observation (b)", "W_0^T W_0 = kappa I is below the barrier for small eps",
           Q["observation-b"],
           "If sigma(W*^T W*) lies in [kappa - eps, kappa + eps] and W_0^T W_0 = kappa I_d, then L(W_0) < min over "
           "rank(W) < d of L for eps small enough.", "exact evaluation", _check_observation_b, (MODEL, GAUSSIAN, WIDTH),
           Control("W_0^T W_0 = kappa I replaced by 2 kappa I", partial(_check_observation_b, gram=sp.Integer(2)))),
    _claim("004-thm2.4", "Theorem 2.4", "extreme singular values of a Gaussian matrix", Q["2.4"],
           "P(sqrt(m) - sqrt(d) - t <= sigma_min(A) <= sigma_max(A) <= sqrt(m) + sqrt(d) + t) >= 1 - 2 exp(-t^2/2).",
           "Monte Carlo", _check_thm24, (RANDOM_TEACHER,),
           Control("the lower end sqrt(m) - sqrt(d) - t replaced by sqrt(m) - t",
                   partial(_check_thm24, interval=_interval_without_sqrt_d)), exact=False),
    _claim("004-thm2.5", "Theorem 2.5", "initialisation below the barrier", Q["2.5"],
           "For W* with i.i.d. N(0, 1) entries and m > C d^2, W_0 = sqrt(m + 4d) [I_d; 0] has L(W_0) < min over "
           "rank(W) <= d - 1 of L(W) with probability at least 1 - exp(-Omega(d)).", "asymptotic fit", _check_thm25,
           (MODEL, GAUSSIAN, RANDOM_TEACHER, WIDE),
           Control("the width m > C d^2 replaced by m > C d", partial(_check_thm25, law="C d")), exact=False),
    _claim("004-proof2.5", "Sec. 3.4 (proof of Theorem 2.5)", "the proof's condition on C", Q["proof-2.5"],
           sp.Gt(t004.PROOF25_CONDITION, t004.proof25_trace_constant(sp.Symbol("C", positive=True))), "exact evaluation",
           _check_proof25, (RANDOM_TEACHER, WIDE),
           Control("the condition 1/2 > C'(C) replaced by 1/4 > C'(C)",
                   partial(_check_proof25, condition=sp.Rational(1, 4)))),
    _claim("004-thm2.6a", "Theorem 2.6 (a)", "full span: interpolation implies W = Q W*", Q["2.6a"],
           "If span{X_i X_i^T} = S, every W interpolating the data is W = Q W* with Q orthonormal.",
           "exact evaluation", _check_thm26a, (MODEL, WIDTH, REALIZABLE),
           Control("the hypothesis span{X_i X_i^T} = S dropped (n* - 1 samples)",
                   partial(_check_thm26a, samples=lambda d: t004.critical_samples(d) - 1, span_required=False))),
    _claim("004-thm2.6b", "Theorem 2.6 (b)", "strict span: interpolation with positive risk", Q["2.6b"],
           "If span{X_i X_i^T} is a strict subset of S, some interpolating W has W^T W != W*^T W* and L(W) > 0.",
           "numerical", _check_thm26b, SAMPLES,
           Control("the strict span (n < n*) replaced by n <= n*",
                   partial(_check_thm26b, in_range=lambda n, n_star: n <= n_star)), exact=False),
    _claim("004-cor2.7a", "Corollary 2.7 (a)", "positive output weights: full span implies zero error", Q["2.7a"],
           "With output weights a, a* > 0 and span{X_i X_i^T} = S, every interpolating (a, W) has f^(a, W, .) = "
           "f^(a*, W*, .).", "exact evaluation", _check_cor27a, (MODEL, OUTPUT_WEIGHTS, REALIZABLE),
           Control("the hypothesis span{X_i X_i^T} = S dropped (n* - 1 samples)",
                   partial(_check_cor27a, samples=lambda d: t004.critical_samples(d) - 1))),
    _claim("004-cor2.7b", "Corollary 2.7 (b)", "positive output weights: strict span allows positive error", Q["2.7b"],
           "If span{X_i X_i^T} is a strict subset of S, for any (a*, W*) some interpolating (a, W) has positive "
           "generalization error.", "exact evaluation", _check_cor27b, (MODEL, OUTPUT_WEIGHTS, REALIZABLE, CONTINUOUS),
           Control("the intended hypothesis rank(W*) = d replaced by rank(W*) = d - 1",
                   partial(_check_cor27b, intended_rank=lambda d: d - 1))),
    _claim("004-thm2.8a", "Theorem 2.8 (a)", "n >= n*: full span almost surely", Q["2.8a"],
           "For n >= n* = d(d+1)/2 jointly continuous samples, span{X_i X_i^T} = S with probability 1.",
           "numerical", _check_thm28a, (CONTINUOUS,),
           Control("n* = d(d+1)/2 replaced by d(d+1)/2 - 1",
                   partial(_check_thm28a, critical=lambda d: t004.critical_samples(d) - 1)), exact=False),
    _claim("004-thm2.8b", "Theorem 2.8 (b)", "n < n*: never full span", Q["2.8b"],
           sp.Eq(sp.Symbol("dim_S"), D * (D + 1) / 2), "exact evaluation", _check_thm28b, (CONTINUOUS,),
           Control("n* = d(d+1)/2 replaced by d(d+1)/2 + 1",
                   partial(_check_thm28b, critical=lambda d: t004.critical_samples(d) + 1)),
           latex=r"\dim\mathcal{S} = \frac{d(d+1)}{2}", assumptions="n < n* matrices span at most n < dim S dimensions"),
    _claim("004-sec3.7-vandermonde", "Sec. 3.7 (proof of Theorem 2.8)", "the Vandermonde determinant", Q["vandermonde"],
           "det(lifted prime-power samples) = prod_{1 <= k < l <= d(d+1)/2} (z_k - z_l).", "exact evaluation",
           _check_vandermonde, (PRIMES,),
           Control("the intended prod (z_l - z_k) replaced by prod (z_l + z_k)",
                   partial(_check_vandermonde, intended=_sum_product))),
    _claim("004-thm2.9a", "Theorem 2.9 (a)", "n >= n*: interpolation generalises", Q["2.9a"],
           "For n >= n* i.i.d. jointly continuous samples, almost surely every interpolating W has f(W; .) = f(W*; .).",
           "asymptotic fit", _check_thm29a, SAMPLES,
           Control("n >= n* replaced by n >= n* - 1", partial(_check_thm29a, critical=lambda d: t004.critical_samples(d) - 1)),
           exact=False),
    _claim("004-thm2.9b", "Theorem 2.9 (b)", "n < n*: interpolation with L >= 2 sigma_min^4", Q["2.9b"],
           sp.Ge(RISK(sp.Symbol("W")), t004.barrier_bound_b(SIGMA)), "numerical", _check_thm29b, SAMPLES + (GAUSSIAN,),
           Control("n < n* replaced by n <= n*", partial(_check_thm29b, in_range=lambda n, n_star: n <= n_star)),
           exact=False, assumptions="W interpolates the n < n* Gaussian samples"),
]

# -- coverage of the paper's sections (in the paper's order); the claims follow it --------------------------

COVERAGE: tuple[Section, ...] = (
    Section(SEED, "Abstract", not_checked="Summarises Theorems 2.1, 2.3, 2.5, 2.6, 2.8, 2.9, registered under their "
                                          "sections; 'd <= m' is recorded as a standing hypothesis."),
    Section(SEED, "Sec. 1 Introduction", not_checked="Motivation and literature (depth-L networks, applications): "
                                                     "nothing to compute."),
    Section(SEED, "Sec. 1.1 Model", not_checked="Definitions (f, the ERM (1), L, the realizable labels), followed by "
                                                "the engine's preset seed004 and used by every claim as standing "
                                                "hypotheses; the rotation invariance W = Q W* is Theorem 2.1 (a)'s 'if'; "
                                                "'a mystery yet to be understood' is not a statement."),
    Section(SEED, "Sec. 1.2 Summary and comparison with prior work", claims=("004-sec1.2-saddles",),
            not_checked="The summaries of Theorems 2.1-2.9 repeat the theorems; the results of [SJJ18] and [DL18] "
                        "(empirical landscapes for n <= c d^2, regularised losses) are other papers' and not checked; "
                        "the GD corollary is registered under Sec. 2.1 (004-sec2.1-gd)."),
    Section(SEED, "Notation", not_checked="Definitions only."),
    Section(SEED, "Sec. 2.1 Landscape of the population risk", claims=(
        "004-thm2.1a", "004-thm2.1b", "004-thm2.1c", "004-thm2.1-threshold", "004-thm2.1-tight", "004-cor2.2",
        "004-thm2.3", "004-thm2.3-remark", "004-sec2.1-gd"),
        not_checked="The definition of a jointly continuous law; the remark that the orbit W = Q W* 'is not "
                    "surprising' restates Theorem 2.1 (a)'s 'if' part. (a) is checked for the Gaussian law only."),
    Section(SEED, "Sec. 2.2 On initialization", claims=("004-spectral", "004-sec2.2b", "004-thm2.4", "004-thm2.5"),
            not_checked="'Sufficiently tall random matrices are approximately isometric embeddings' paraphrases "
                        "Theorem 2.4; 'the spectrum ... is tightly concentrated' is the content of Theorem 2.4."),
    Section(SEED, "Sec. 2.3 Critical number of training samples", claims=(
        "004-thm2.6a", "004-thm2.6b", "004-cor2.7a", "004-cor2.7b", "004-thm2.8a", "004-thm2.8b", "004-thm2.9a",
        "004-thm2.9b"),
        not_checked="'dim S = C(d,2) + d = d(d+1)/2' is checked in 004-thm2.8b; the closing sentence ('necessary and "
                    "sufficient number of data points') is the pair 004-thm2.9a / 004-thm2.9b, whose fitted "
                    "threshold is n*; 'the more realistic setting' is an opinion."),
    Section(SEED, "Sec. 3 Proofs: Theorems 3.1, 3.2 (cited)",
            not_checked="Cited results ([CT05] zero sets of polynomials, [HJ12] A^T A = B^T B iff A = Q B): used by "
                        "the checks of Theorems 2.1 (a), 2.6 (a), not re-proved."),
    Section(SEED, "Sec. 3.1 Proof of Theorem 2.1",
            not_checked="Its formulas (E[(Y^T Lambda Y)^2] = 2 sum lambda^2 + (sum lambda)^2, the Courant-Fischer "
                        "step, the construction of (c) and W^T W = Wbar^T Wbar) are checked through 004-spectral, "
                        "004-thm2.1b and 004-thm2.1c (the construction transcribed and evaluated exactly)."),
    Section(SEED, "Sec. 3.2 Proof of Corollary 2.2", claims=("004-eq2",)),
    Section(SEED, "Sec. 3.3 Proof of Theorem 2.3", claims=("004-eq3",),
            not_checked="The gradient's expansion before eq. (3) and eq. (4) are eq. (3) term by term; the gamma = 0 "
                        "argument is the content of 004-thm2.3."),
    Section(SEED, "Sec. 3.4 Proof of Theorem 2.5", claims=("004-proof2.5",),
            not_checked="The Bernstein step (constants K, c unspecified) and 2 sum lambda^2 <= 32 m d^2 (immediate "
                        "from |lambda_i| <= 4 sqrt(m d)) are used as given in 004-proof2.5."),
    Section(SEED, "Sec. 3.5 Proof of Theorem 2.6",
            not_checked="Its construction W_delta is what 004-thm2.6b builds (paper.span_study)."),
    Section(SEED, "Sec. 3.6 Proof of Corollary 2.7",
            not_checked="The rescaling W^_j = sqrt(a_j) W_j is checked in 004-cor2.7a; it shows the hypothesis "
                        "missing from (b) (004-cor2.7b)."),
    Section(SEED, "Sec. 3.7 Proof of Theorem 2.8", claims=("004-sec3.7-vandermonde",),
            not_checked="'We now prove part (b) by providing a deterministic construction' labels the proof of part "
                        "(a) (a slip of wording with no mathematical content)."),
    Section(SEED, "Sec. 3.8 Proof of Theorem 2.9",
            not_checked="(a) combines Theorems 2.6 (a) and 2.8 (a); (b)'s bound L >= 2 lambda_max(delta M)^2 = 2 "
                        "sigma_min^4 is checked through 004-thm2.9b."),
)

_PAPER_ORDER = [claim_id for row in COVERAGE for claim_id in row.claims]
CLAIMS.sort(key=lambda claim: _PAPER_ORDER.index(claim.id))
