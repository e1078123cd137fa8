r"""Seed 003 (Bocchi et al.): the landscape claims, checked exactly at grids of small sizes.

Covered (``COVERAGE`` at the end lists them per section, with what was not checkable and why): Section 4.2, eqs.
(26)-(30) and the statements after them (the stationary points and their Hessian spectra, the null directions, the
constant-loss manifolds), the per-sample derivatives of Appendix 7.2 and the stationarity equation of 7.2.1, every
eigenvalue table of Appendix 7.2.2 (one claim per table, its values, multiplicities and printed totals) and the
Hessian blocks printed at each point (compared as exact pN x pN matrices with the engine's Hessian,
``hessian.exact_dense_hessian``), the tangent and null-direction families of Appendix 7.2.3, and the counts of
Appendix 7.5 (student degrees of freedom, rank of a zero-error student, dimension of the zero-error manifold).

How: the paper's statements are the transcriptions of :mod:`numerics.papers.seed003.transcription_landscape` (and the
printed expressions kept here); the engine's side comes from :mod:`numerics.landscape`: exact stationary points
(``points``), the exact derived gradient, exact Hessian spectra whose multiplicities are polynomials in the input
dimension N (``hessian.exact_spectrum``; a spectrum compared at (p, p*) therefore holds at every N where the point
exists), the table comparison (``compare``) and exact ranks of null-direction spaces (``manifold``). Every check
runs a list of :class:`Fact` (what the paper states and what the engine computes) at every size of a :class:`Grid`;
a claim is "verified" when all facts agree at all sizes, which the summary names ("at the sizes checked").
``quick`` selects the smaller grid.

Reading as a referee: every claim lists the paper's standing hypotheses (``HYPOTHESES``: orthonormal teacher, so
p* <= N; N >= p >= p*; the risk of eqs. (1)-(3); the plateau's room p + p* <= N; a zero-error student exists), and
every grid stays inside them (a statement that fails only outside them is verified, with the scope in its note).
A refutation checks its counterexample against each hypothesis (:func:`hypothesis_checks`) and lists the readings
of the text. Every check takes the transcription as a parameter; its negative ``Control`` runs the same check on an
altered transcription (a constant, count or hypothesis changed), which must be refuted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import Callable

import numpy as np
import sympy

from quadwick.derive.concrete import population_risk
from quadwick.derive.model import N_SYMBOL
from quadwick.numerics.landscape import manifold
from quadwick.numerics.papers.seed003.landscape_compare import count_rows, eigen_rows, instantiate_widths, paper_table_name
from quadwick.numerics.landscape.hessian import Spectrum, exact_dense_hessian, exact_spectrum
from quadwick.numerics.landscape.points import (
    StationaryPoint,
    exact_simplify,
    gradient,
    is_stationary_exact,
    landscape_model,
    overlap_values,
    rational_orthogonal,
    stationary_point,
)
from quadwick.numerics.papers.seed003 import transcription_landscape as paper

from quadwick.numerics.claims.base import Claim, Control, HypothesisCheck, Outcome, Reading, Section

__all__ = ["CLAIMS", "COVERAGE", "HYPOTHESES", "Fact", "Grid", "grid", "facts_outcome", "table_outcome"]

SEED = paper.SEED_FILE
Sizes = tuple[int, int, int]
N, P, PSTAR = paper.N, paper.P, paper.PSTAR
N_NEG, N_NULL, N_POS = sympy.symbols("n_neg n_null n_pos")
DIM = sympy.Symbol("dim")

# The paper's standing hypotheses (Sec. 2 and the opening of App. 7.2), reused by every claim they bear on.
TEACHER = ("Teacher vectors orthonormal (w*_l . w*_l' = N delta_ll' in Sec. 2, delta_ll' in App. 7.2's scaling), "
           "hence p* <= N.")
WIDTHS = "N >= p >= p* (App. 7.2: 'Unless otherwise stated ... N >= p >= p*')."
RISK = ("Population risk of the square loss over standard Gaussian inputs, quadratic activation, read-out weights "
        "1/p and 1/p* (eqs. (1)-(3); App. 7.2 with lambda_k = w_k . x).")
PLATEAU_ROOM = ("The plateau (eq. (28) at r = p) has p orthonormal students orthogonal to the p* teachers, so "
                "p + p* <= N.")
SOLUTION_EXISTS = "A zero-error student exists: p >= min(p*, N) (App. 7.5.2)."
HYPOTHESES: tuple[str, ...] = (TEACHER, WIDTHS, RISK, PLATEAU_ROOM, SOLUTION_EXISTS)
LANDSCAPE = (TEACHER, WIDTHS, RISK)


# -- grids and facts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """Sizes (N, p, p*) at which a claim is checked, with the words that describe them in the summary."""

    description: str
    sizes: tuple[Sizes, ...]


def grid(quick: bool, room: Callable[[int, int], int], room_text: str, min_pstar: int = 1,
         top: int | None = None) -> Grid:
    """All widths min_pstar <= p* <= p <= top (3 when quick, else 6), at N = room(p, p*) and room + 2.

    >>> grid(True, lambda p, pstar: p + pstar, "p + p*", top=2).sizes
    ((2, 1, 1), (4, 1, 1), (3, 2, 1), (5, 2, 1), (4, 2, 2), (6, 2, 2))
    """
    top = (3 if quick else 6) if top is None else top
    sizes = tuple((room(p, pstar) + extra, p, pstar) for pstar in range(min_pstar, top + 1)
                  for p in range(pstar, top + 1) for extra in (0, 2))
    return Grid(f"all {min_pstar} <= p* <= p <= {top} at N = R and N = R + 2, R = {room_text}", sizes)


@dataclass(frozen=True)
class Fact:
    """One statement at one size: what the paper says and what the engine computes (numbers, expressions in
    the symbolic N, or truth values)."""

    name: str
    paper: sympy.Expr | bool | str
    engine: sympy.Expr | bool | str

    @property
    def holds(self) -> bool:
        """Equal (expressions: their difference simplifies to 0)."""
        if isinstance(self.paper, (bool, str)) or isinstance(self.engine, (bool, str)):
            return self.paper == self.engine
        return sympy.simplify(sympy.sympify(self.paper) - self.engine) == 0


def facts_outcome(what: str, checked: Grid, facts: Callable[[Sizes], list[Fact]]) -> Outcome:
    """Verified when every fact holds at every size of ``checked``; otherwise refuted, listing the failures."""
    failures = [f"at (N, p, p*) = {sizes}: {fact.name}: paper {fact.paper}, engine {fact.engine}"
                for sizes in checked.sizes for fact in facts(sizes) if not fact.holds]
    values = {"sizes": checked.description, "points": len(checked.sizes)}
    if not failures:
        return Outcome("verified", f"{what}, exactly, at the sizes checked: {checked.description} "
                                   f"({len(checked.sizes)} points).", values=values)
    return Outcome("refuted", f"{what}: fails at {len(failures)} of the checks, first {failures[0]}.",
                   residual="; ".join(failures), values=values)


@lru_cache(maxsize=None)
def point_at(family: str, sizes: Sizes, rank: int | None = None) -> StationaryPoint:
    """The exact stationary point of ``family`` (numerics.landscape.points) at (N, p, p*), cached."""
    return stationary_point(family, *sizes, rank=rank)


@lru_cache(maxsize=None)
def spectrum_at(family: str, sizes: Sizes, rank: int | None = None) -> Spectrum:
    """The engine's exact Hessian spectrum at that point (multiplicities polynomials in N), cached."""
    return exact_spectrum(point_at(family, sizes, rank))


def counts_at(family: str, sizes: Sizes, rank: int | None = None) -> dict[str, sympy.Expr]:
    """Numbers of negative, null and positive Hessian eigenvalues, as polynomials in the symbolic N."""
    return spectrum_at(family, sizes, rank).counts()


def printed(expr: sympy.Expr, sizes: Sizes) -> sympy.Expr:
    """A printed count at the widths (p, p*) of ``sizes``, as a function of the engine's symbolic N."""
    _, p, pstar = sizes
    return instantiate_widths(sympy.sympify(expr), p, pstar)


def printed_at(expr: sympy.Expr, sizes: Sizes) -> sympy.Expr:
    """A printed expression at the integer sizes (N, p, p*)."""
    n, p, pstar = sizes
    return sympy.sympify(expr).subs({N: n, P: p, PSTAR: pstar})


def hypothesis_checks(hypotheses: tuple[str, ...], sizes: Sizes) -> tuple[HypothesisCheck, ...]:
    """Each standing hypothesis checked at the counterexample's sizes (N, p, p*), on the engine's own teacher and
    model there (not asserted)."""
    n, p, pstar = sizes
    teacher = stationary_point("tabula-rasa", n, p, pstar).Wstar
    model = landscape_model(p, pstar)
    readout = (set(model.student_readout) == {sympy.Rational(1, p)}
               and set(model.teacher_readout) == {sympy.Rational(1, pstar)})
    computed = {
        TEACHER: ((teacher * teacher.T) == sympy.eye(pstar) and pstar <= n,
                  f"W* W*^T = I_{pstar} exactly (rows e_1..e_{pstar}); p* = {pstar} <= N = {n}"),
        WIDTHS: (n >= p >= pstar, f"N = {n} >= p = {p} >= p* = {pstar}"),
        RISK: (model.activation == sympy.Symbol("z") ** 2 and readout and model.loss_prefactor == 1,
               f"engine model {model.name}: activation {model.activation}, read-outs 1/{p} and 1/{pstar}, "
               f"loss prefactor {model.loss_prefactor}"),
        PLATEAU_ROOM: (p + pstar <= n, f"p + p* = {p + pstar} <= N = {n}"),
        SOLUTION_EXISTS: (p >= min(pstar, n), f"p = {p} >= min(p*, N) = {min(pstar, n)}"),
    }
    return tuple(HypothesisCheck(h, *computed[h]) for h in hypotheses)


# -- eq. (26): tabula rasa ------------------------------------------------------------------------

EQ26_HESSIAN_QUOTE = ("A complete analysis of the Hessian at this point reveals all eigenvalues are negative, "
                      "confirming this trivial solution represents a local maximum in the risk landscape.")


def _grid_tabula_rasa(quick: bool) -> Grid:
    return grid(quick, lambda p, pstar: p, "p")


@lru_cache(maxsize=None)
def printed_point(family: str, sizes: Sizes, rank: int, alpha: sympy.Expr) -> StationaryPoint:
    """The paper's point W = sqrt(alpha) M O^T with the printed alpha: the engine's point of ``family`` at ``rank``
    (same M and O^T) rescaled, so that only alpha comes from the paper."""
    point = point_at(family, sizes, rank)
    if rank == 0:
        return point
    engine_alpha = point.overlaps()[point.pstar:, point.pstar:].trace() / rank
    return replace(point, W=(sympy.sqrt(alpha / engine_alpha) * point.W).applyfunc(exact_simplify))


@lru_cache(maxsize=None)
def printed_point_stationary(family: str, sizes: Sizes, rank: int, alpha: sympy.Expr) -> bool:
    """The engine's exact gradient (points.gradient) vanishes at :func:`printed_point`, cached. Its entries are
    rational combinations of square roots of rationals, which expand-and-rationalise (``exact_simplify``) brings
    to a canonical form, so the zero test is exact (and cheaper than ``sympy.simplify``)."""
    return all(exact_simplify(entry) == 0 for entry in gradient(printed_point(family, sizes, rank, alpha)))


def _check_eq26(quick: bool, printed_q: sympy.Expr = sympy.Integer(0)) -> Outcome:
    """W with Q = printed_q I_p and rho = 0 (students orthonormal up to scale, orthogonal to the teacher) is
    stationary: eq. (26) prints Q = 0, rho = 0, i.e. W = 0."""
    def facts(sizes: Sizes) -> list[Fact]:
        _, p, _ = sizes
        point = printed_point("uncorrelated", sizes, p, sympy.sympify(printed_q))
        student_overlaps = point.overlaps()[point.pstar:, :]
        return [Fact("exact gradient vanishes", True, printed_point_stationary("uncorrelated", sizes, p,
                                                                               sympy.sympify(printed_q))),
                Fact(f"Q = {printed_q} I and rho = 0", True,
                     student_overlaps == sympy.zeros(p, point.pstar).row_join(printed_q * sympy.eye(p)))]
    return facts_outcome(f"The point with Q = {printed_q} I, rho = 0 is stationary", _grid_plateau(quick), facts)


def _check_eq26_hessian(quick: bool, printed_negative: sympy.Expr = P * N) -> Outcome:
    """All pN Hessian eigenvalues at W = 0 are negative (a local maximum)."""
    def facts(sizes: Sizes) -> list[Fact]:
        counts = counts_at("tabula-rasa", sizes)
        return [Fact(f"#negative eigenvalues = {printed_negative}", printed(printed_negative, sizes),
                     counts["negative"]),
                Fact("#negative eigenvalues = pN (all)", printed(printed_negative, sizes),
                     sum(counts.values(), sympy.Integer(0)))]
    return facts_outcome(f"At W = 0, {printed_negative} of the pN Hessian eigenvalues are negative (a local maximum "
                         "when that is all of them; counts as polynomials in N)", _grid_tabula_rasa(quick), facts)


# -- eqs. (27)-(29): students uncorrelated with the teacher, the plateau --------------------------------

EQ28_SADDLE_QUOTE = ("Analysis of the Hessian reveals these points are saddles with mixed positive, negative, "
                     "and null eigenvalues.")
PLATEAU_RATIO = next(claim for claim in paper.COUNT_CLAIMS if claim.name == "eq29")


def _grid_plateau(quick: bool, spare: int = 0) -> Grid:
    """Plateau sizes: the plateau needs N >= p + p* (p orthonormal students orthogonal to the teacher)."""
    text = "p + p*" + (f" + {spare}" if spare else "")
    return grid(quick, lambda p, pstar: p + pstar + spare, text)


def _grid_plateau_with_null(quick: bool) -> Grid:
    """The plateau grid without its one size with no null eigenvalue (p = 1, N = p + p*, i.e. (2, 1, 1)), where
    eq. (29)'s ratio is not defined: the same sizes as the tables, so that their exact spectra are reused."""
    plateau = _grid_plateau(quick)
    sizes = tuple(size for size in plateau.sizes if not (size[1] == 1 and size[0] == size[1] + size[2]))
    return Grid(plateau.description + ", except p = 1 at N = R (no null eigenvalue)", sizes)


def _family_facts(family: str, sizes: Sizes, rank: int, printed_family: paper.StationaryFamily) -> list[Fact]:
    """Eq. (28) or (30) at one rank: the paper's point W = sqrt(alpha) M O^T with the printed alpha (M with
    orthonormal columns, O^T's rows as the family says) is stationary (the engine's exact gradient) and has rank
    ``rank``."""
    alpha = printed_at(printed_family.alpha.subs(printed_family.rank, rank), sizes)
    point = printed_point(family, sizes, rank, alpha)
    return [Fact(f"rank {rank}: exact gradient vanishes at the printed alpha = {alpha}", True,
                 printed_point_stationary(family, sizes, rank, alpha)),
            Fact(f"rank {rank}: rank W", sympy.Integer(rank), sympy.Integer(point.W.rank(simplify=True)))]


def _check_eq28(quick: bool, printed_family: paper.StationaryFamily = paper.STATIONARY_FAMILIES["uncorrelated"]
                ) -> Outcome:
    """Eqs. (27)-(28): for every r in [0, p], W = sqrt(p/(2 + r)) M O^T (O^T's r rows orthonormal and orthogonal
    to the teacher) is stationary with W W*^T = 0; at r = p, Q = p/(p+2) I (the plateau)."""
    def facts(sizes: Sizes) -> list[Fact]:
        _, p, pstar = sizes
        out = [fact for r in range(p + 1) for fact in _family_facts("uncorrelated", sizes, r, printed_family)]
        for r in range(p + 1):
            rho = point_at("uncorrelated", sizes, r).overlaps()[pstar:, :pstar]
            out.append(Fact(f"rank {r}: W W*^T = 0", True, rho.is_zero_matrix))
        alpha = printed_at(printed_family.alpha.subs(printed_family.rank, p), sizes)
        plateau = printed_point("uncorrelated", sizes, p, alpha).overlaps()[pstar:, pstar:]
        return out + [Fact("plateau Q = p/(p+2) I", True, plateau == sympy.Rational(p, p + 2) * sympy.eye(p))]
    return facts_outcome(f"For every rank r in [0, p] the printed W = sqrt({printed_family.alpha}) M O^T is an exact "
                         "stationary point orthogonal to the teacher, and r = p gives Q = p/(p+2) I",
                         _grid_plateau(quick), facts)


SIGNS = ("negative", "positive", "null")


def _check_eq28_saddle(quick: bool, printed_signs: tuple[str, ...] = SIGNS) -> Outcome:
    """The plateau (r = p) has eigenvalues of exactly the signs ``printed_signs`` (the paper: all three).

    At (N, p, p*) = (2, 1, 1), inside the paper's hypotheses, the plateau has no null eigenvalue (the paper's own
    table gives p(N - p* - p) + p(p-1)/2 = 0 there): the reading 'null eigenvalues at every size' fails there only,
    and the outcome lists both readings."""
    checked = _grid_plateau(quick)
    exceptions = []

    def signs_at(sizes: Sizes) -> tuple[str, ...]:
        counts = {sign: count.subs(N_SYMBOL, sizes[0]) for sign, count in counts_at("uncorrelated", sizes).items()}
        return tuple(sign for sign in SIGNS if counts[sign] > 0)

    def facts(sizes: Sizes) -> list[Fact]:
        present = signs_at(sizes)
        if set(printed_signs) == set(SIGNS) and present == ("negative", "positive"):
            exceptions.append(sizes)  # the corner where the plateau has no null eigenvalue: a reading, below
            present = SIGNS
        return [Fact("signs of the Hessian eigenvalues", ", ".join(printed_signs), ", ".join(present))]
    outcome = facts_outcome(f"The plateau has Hessian eigenvalues of the signs {', '.join(printed_signs)}", checked,
                            facts)
    if outcome.verdict != "verified":
        return outcome
    corner = ", ".join(map(str, exceptions)) or "none"
    return replace(outcome, readings=(
        Reading("a saddle: negative and positive eigenvalues, and null ones in general", "verified",
                f"exact spectra at {checked.description}: negative and positive at every size, null at every size "
                f"but {corner}"),
        Reading("null eigenvalues at every size of the plateau", "refuted" if exceptions else "verified",
                f"no null eigenvalue at (N, p, p*) = {corner}: the paper's own table gives p(N - p* - p) + p(p-1)/2 = 0 "
                "there, and eq. (29)'s denominator vanishes")),
        note=f"Scope: null eigenvalues exist at every plateau size except N = 2, p = p* = 1 (found: {corner}), where "
             "the paper's own table has none; the saddle statement holds everywhere.")


def _check_eq29(quick: bool, printed_ratio: sympy.Expr = PLATEAU_RATIO.value) -> Outcome:
    """#negative/#null at the plateau = p*/(N - p* - p/2 - 1/2), as functions of N (N >= p + p* + 1)."""
    def facts(sizes: Sizes) -> list[Fact]:
        counts = counts_at("uncorrelated", sizes)
        return [Fact("#negative/#null", printed(printed_ratio, sizes), counts["negative"] / counts["null"])]
    return facts_outcome(f"The ratio #negative/#null of plateau Hessian eigenvalues equals {printed_ratio} as a "
                         "function of N", _grid_plateau_with_null(quick), facts)


EQ29_WEAK_P_QUOTE = "This weak pp-dependence (only appearing in subleading terms)"


def expansion_in_inverse_n(ratio: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """(c1, c2) with ratio = c1/N + c2/N^2 + O(1/N^3), for a ratio A(N)/B(N) of polynomials in the engine's N with
    deg B = deg A + 1: with x = 1/N, ratio = x a(x)/b(x) (a, b the reversed coefficient lists), so c1 = a0/b0 and
    c2 = (a1 - c1 b1)/b0."""
    numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(ratio)))
    a = sympy.Poly(numerator, N_SYMBOL).all_coeffs() + [0]
    b = sympy.Poly(denominator, N_SYMBOL).all_coeffs() + [0]
    if len(b) != len(a) + 1:
        raise ValueError(f"{ratio} is not O(1/N)")
    c1 = sympy.simplify(a[0] / b[0])
    return c1, sympy.simplify((a[1] - c1 * b[1]) / b[0])


def _check_eq29_weak_p(quick: bool, printed_ratio: sympy.Expr = PLATEAU_RATIO.value) -> Outcome:
    """The ratio of eq. (29) expanded in 1/N: the leading term c1/N is free of p, and p enters at order 1/N^2.
    At each size of eq. (29)'s grid the engine's ratio #negative/#null (an exact function of N) has the printed
    c1 (which must not contain p) and the printed c2, and the printed c2 depends on p."""
    c1_printed, c2_printed = expansion_in_inverse_n(printed_ratio.subs(N, N_SYMBOL))

    def facts(sizes: Sizes) -> list[Fact]:
        _, p, pstar = sizes
        counts = counts_at("uncorrelated", sizes)
        c1, c2 = expansion_in_inverse_n(counts["negative"] / counts["null"])
        return [Fact("1/N coefficient (printed: free of p)", c1_printed.subs(PSTAR, pstar), c1),
                Fact("1/N^2 coefficient", c2_printed.subs({P: p, PSTAR: pstar}), c2),
                Fact("the printed 1/N^2 coefficient depends on p", True, sympy.diff(c2_printed, P) != 0)]
    return facts_outcome(f"The plateau ratio is {c1_printed}/N + ({c2_printed})/N^2 + O(1/N^3): p enters only at "
                         "order 1/N^2", _grid_plateau_with_null(quick), facts)


# -- eq. (30): students correlated with the teacher, the zero-error solutions ------------------------------

EQ30_ZERO_ERROR_QUOTE = ("The dynamically relevant scenario occurs at full rank (s=ps=p^{*}), where students "
                         "completely span the teacher subspace, exactly matching the zero-error solutions "
                         "previously identified in Eq. (16).")
EQ30_SPECTRUM_QUOTE = ("The Hessian matrix at these optimal configurations exhibits a spectrum with only positive and "
                       "null eigenvalues. There are p(Np)+p(p+1)/2p^{*}(N-p^{*})+p^{*}(p^{*}+1)/2 positive "
                       "eigenvalues, corresponding to directions that point away from the solutions manifold.")
SEC42_POSITIVE = next(claim for claim in paper.COUNT_CLAIMS if claim.name == "sec42-positive")


def _grid_solution(quick: bool) -> Grid:
    """Zero-error sizes, N >= p + 1 >= p* + 1 (so that there is room off the teacher span)."""
    return grid(quick, lambda p, pstar: p + 1, "p + 1")


def _check_eq30(quick: bool, printed_family: paper.StationaryFamily = paper.STATIONARY_FAMILIES["correlated"]
                ) -> Outcome:
    """Eq. (30): for every s in [0, p*], W = sqrt(p(2+p*)/(p*(2+s))) M O^T (O^T's s rows orthonormal in the
    teacher span) is stationary, and its students lie in the teacher span (rho rho^T = Q, App. 7.2.1)."""
    def facts(sizes: Sizes) -> list[Fact]:
        _, _, pstar = sizes
        out = [fact for s in range(pstar + 1) for fact in _family_facts("correlated", sizes, s, printed_family)]
        for s in range(pstar + 1):
            overlaps = point_at("correlated", sizes, s).overlaps()
            rho, Q = overlaps[pstar:, :pstar], overlaps[pstar:, pstar:]
            out.append(Fact(f"rank {s}: rho rho^T = Q", True, (rho * rho.T - Q).is_zero_matrix))
        return out
    return facts_outcome(f"For every rank s in [0, p*] the printed W = sqrt({printed_family.alpha}) M O^T (rows of O^T "
                         "in the teacher span) is an exact stationary point", _grid_solution(quick), facts)


def zero_error_facts(point: StationaryPoint) -> list[Fact]:
    """The point is a zero-error solution: population risk (derived by the engine) exactly 0 and
    W^T W = (p/p*) W*^T W* (App. 7.2.1, Example 3)."""
    p, pstar = point.p, point.pstar
    risk = population_risk(landscape_model(p, pstar)).xreplace(overlap_values(point.overlaps(), p, pstar))
    gram = (point.W.T * point.W - sympy.Rational(p, pstar) * point.Wstar.T * point.Wstar).applyfunc(sympy.simplify)
    return [Fact("risk", sympy.Integer(0), sympy.simplify(risk)),
            Fact("W^T W = (p/p*) W*^T W*", True, gram.is_zero_matrix)]


def _check_eq30_zero_error(quick: bool, printed_rank: sympy.Expr = PSTAR) -> Outcome:
    """At s = p* (``printed_rank``): the population risk (derived by the engine) is exactly 0 and
    W^T W = (p/p*) W*^T W*."""
    def facts(sizes: Sizes) -> list[Fact]:
        return zero_error_facts(point_at("correlated", sizes, int(printed_at(printed_rank, sizes))))
    return facts_outcome(f"At rank s = {printed_rank} the points of eq. (30) have zero population risk and W^T W = "
                         "(p/p*) W*^T W*", _grid_solution(quick), facts)


def _check_eq30_spectrum(quick: bool, printed_positive: sympy.Expr = SEC42_POSITIVE.value) -> Outcome:
    """At the zero-error points: no negative eigenvalue, p*(N - p*) + p*(p*+1)/2 positive ones."""
    def facts(sizes: Sizes) -> list[Fact]:
        counts = counts_at("correlated", sizes)
        return [Fact("#negative", sympy.Integer(0), counts["negative"]),
                Fact("#positive", printed(printed_positive, sizes), counts["positive"])]
    return facts_outcome(f"The zero-error Hessian has no negative eigenvalue and {printed_positive} positive "
                         "ones (as polynomials in N)", grid(quick, lambda p, pstar: p, "p"), facts)


# -- Sec. 4.2 and App. 7.2.3: null directions at the zero-error solutions ----------------------------------

SEC42_TANGENT_QUOTE = (
    "First, it is possible to identify ppp(p+1)/2pp^{*}-p^{*}(p^{*}+1)/2 directions corresponding to the "
    "linearization of the rotations, which generate the family of equivalent zero-error solutions via 𝑺\\bm{S}. "
    "To give an intuition of their number we observe that it corresponds to the number of the degrees of freedom "
    "of the matrix 𝑺\\bm{S} in Equation (16). More specifically, in Appendix 7.2.3 we show that these "
    "ppp(p+1)/2pp^{*}-p^{*}(p^{*}+1)/2 eigenvectors correspond to the linear perturbations δ𝑺\\delta\\bm{S} that "
    "preserve the zero-error constraint at first order, and therefore coincide with the tangent space of the "
    "manifold of zero-error solutions.")
SEC42_EXTRA_QUOTE = (
    "Second, there are (Np)(pp)(N-p^{*})(p-p^{*}) additional directions associated to null eigenvalues, which do "
    "not come from linearizing the continuous symmetry of the problem, and they are direct consequence of "
    "overparameterization as they only appear in the case p>pp>p^{*}.")
SEC42_SQUARE_QUOTE = (
    "Notably, the persistence of flat directions even in the non-overparameterized case (p=pp=p^{*}) reveals the "
    "fundamental role of rotational symmetry in this kind of multi-perceptron networks. This inherent symmetry "
    "guarantees a continuous solution manifold as long as p=p>1p=p^{*}>1.")
APP723_GENERAL_QUOTE = (
    "The general solution of this constraint can be written as\n\nδ𝕊=𝕊Ω+𝕊K\\delta\\mathbb{S}=\\mathbb{S}\\Omega"
    "+\\mathbb{S}_{\\perp}K")
APP723_FAMILY1_QUOTE = ("Therefore these perturbations coincide with the second null family found in the Hessian "
                        "analysis. Their multiplicity is\n\np(pp).p^{*}(p-p^{*}).")
APP723_FAMILY2_QUOTE = ("which is exactly the third null family found above. Its multiplicity is\n\n"
                        "p(p1)2.\\frac{p^{*}(p^{*}-1)}{2}.")
APP723_TOTAL_QUOTE = ("Summing the dimensions of these two tangent families, we obtain\n\n"
                      "p(pp)+p(p1)2=ppp(p+1)2,"
                      "p^{*}(p-p^{*})+\\frac{p^{*}(p^{*}-1)}{2}=pp^{*}-\\frac{p^{*}(p^{*}+1)}{2},"
                      "\n\nwhich is exactly the dimension of the solution manifold.")
APP723_NON_TANGENT_QUOTE = ("These perturbations are Hessian-flat, but they are not generated by a perturbation "
                            "δ𝕊\\delta\\mathbb{S} and therefore are not connected to the continuous symmetry of "
                            "the problem.")


@lru_cache(maxsize=None)
def null_analysis(sizes: Sizes) -> manifold.NullAnalysis:
    """Hessian kernel, tangent space and the paper's null families at the zero-error point (exact), cached."""
    return manifold.analyse_null_directions(*sizes)


def _grid_null(quick: bool) -> Grid:
    """Zero-error sizes for the null-space analyses (exact ranks; p <= 5 in the full run to bound the time)."""
    return grid(quick, lambda p, pstar: p + 1, "p + 1", top=3 if quick else 5)


def _manifold_count(name: str, sizes: Sizes, expression: sympy.Expr | None = None) -> sympy.Expr:
    """The printed count ``name`` at integer sizes, or ``expression`` (an altered transcription) there."""
    if expression is None:
        return paper.MANIFOLD_CLAIMS[name].value(*sizes)
    return printed_at(expression, sizes)


def _check_sec42_tangent(quick: bool, printed_count: sympy.Expr | None = None) -> Outcome:
    """p p* - p*(p*+1)/2 null directions span the tangent space of the zero-error manifold, which is the
    linearised rotation orbit (dimension of the span of {A W : A antisymmetric})."""
    def facts(sizes: Sizes) -> list[Fact]:
        analysis = null_analysis(sizes)
        expected = _manifold_count("sec42-tangent", sizes, printed_count)
        return [Fact("dim tangent space", expected, sympy.Integer(analysis.tangent)),
                Fact("dim linearised rotations", expected, sympy.Integer(analysis.orbit_tangent)),
                Fact("tangent space inside the Hessian kernel", True, analysis.tangent_in_null)]
    return facts_outcome("The tangent space of the zero-error manifold (the linearised rotations) has the printed "
                         "dimension and lies in the Hessian kernel", _grid_null(quick), facts)


def _check_sec42_extra(quick: bool, printed_count: sympy.Expr | None = None) -> Outcome:
    """The Hessian kernel has (N - p*)(p - p*) more directions than the tangent space, meeting it only in 0."""
    def facts(sizes: Sizes) -> list[Fact]:
        analysis = null_analysis(sizes)
        expected = _manifold_count("non-tangent", sizes, printed_count)
        return [Fact("dim kernel - dim tangent", expected, sympy.Integer(analysis.non_tangent)),
                Fact("dim of the x v family", expected, sympy.Integer(analysis.families["x v"])),
                Fact("x v family meets the tangent space in", sympy.Integer(0),
                     sympy.Integer(analysis.non_tangent_meets_tangent))]
    return facts_outcome("Beyond the tangent space the Hessian kernel has the printed number of directions ((N - p*)"
                         "(p - p*): zero iff p = p*), none of them tangent", _grid_null(quick), facts)


def _check_sec42_square(quick: bool, printed_count: sympy.Expr = PSTAR * (PSTAR - 1) / 2) -> Outcome:
    """At p = p*: the Hessian kernel is exactly the tangent space, of dimension p*(p*-1)/2, non-zero iff p* > 1."""
    top = 3 if quick else 5
    sizes = tuple((pstar + extra, pstar, pstar) for pstar in range(1, top + 1) for extra in (1, 2))
    checked = Grid(f"p = p* in 1..{top} at N = p* + 1 and p* + 2", sizes)

    def facts(sizes: Sizes) -> list[Fact]:
        analysis = null_analysis(sizes)
        pstar = sizes[2]
        return [Fact("dim Hessian kernel", printed_at(printed_count, sizes), sympy.Integer(analysis.hessian_null)),
                Fact("kernel = tangent space", True, analysis.hessian_null == analysis.tangent),
                Fact("continuous manifold (tangent dimension > 0)", pstar > 1, analysis.tangent > 0)]
    return facts_outcome(f"At p = p* the flat directions persist: the Hessian kernel is the tangent space of "
                         f"dimension {printed_count}, non-zero exactly when p* > 1", checked, facts)


def _antisymmetric(n: int) -> list[sympy.Matrix]:
    """A basis of the n x n antisymmetric matrices (the paper's Omega^T = -Omega)."""
    return [sympy.Matrix(n, n, lambda a, b: int((a, b) == (i, j)) - int((a, b) == (j, i)))
            for i in range(n) for j in range(i + 1, n)]


def _symmetric(n: int) -> list[sympy.Matrix]:
    """A basis of the n x n symmetric matrices (the negative control's Omega^T = +Omega)."""
    return [sympy.Matrix(n, n, lambda a, b: int((a, b) in ((i, j), (j, i)))) for i in range(n) for j in range(i, n)]


def general_solution_basis(point: StationaryPoint, omegas: Callable[[int], list[sympy.Matrix]]) -> list[sympy.Matrix]:
    """App. 7.2.3's delta S = S Omega + S_perp K over bases of Omega (``omegas(p*)``) and of K (p - p* x p*)."""
    S, pstar = manifold.solution_matrix(point), point.pstar
    basis = [S * omega for omega in omegas(pstar)]
    basis += [x * sympy.eye(pstar).row(l) for x in S.T.nullspace() for l in range(pstar)]
    return basis


def _check_app723_general(quick: bool, omegas: Callable[[int], list[sympy.Matrix]] = _antisymmetric) -> Outcome:
    """The solutions of S^T dS + dS^T S = 0 are exactly S Omega + S_perp K (Omega antisymmetric, K arbitrary): every
    such dS satisfies it, and they span the whole solution space (kernel of dS -> S^T dS + dS^T S, exact rank)."""
    def facts(sizes: Sizes) -> list[Fact]:
        point = point_at("correlated", sizes)
        S = manifold.solution_matrix(point)
        basis = general_solution_basis(point, omegas)
        solves = all((S.T * dS + dS.T * S).applyfunc(sympy.simplify).is_zero_matrix for dS in basis)
        solutions = manifold.differential_kernel_dimension(S)  # dim ker(dS -> dS^T S + S^T dS)
        return [Fact("S Omega + S_perp K solve the first-order constraint", True, solves),
                Fact("dim span(S Omega + S_perp K) = dim solutions", sympy.Integer(solutions),
                     sympy.Integer(manifold.span_rank(basis)))]
    return facts_outcome("S Omega + S_perp K is the general solution of the first-order constraint "
                         "S^T dS + dS^T S = 0", _grid_null(quick), facts)


def _tangent_family_facts(family: str, count_name: str, sizes: Sizes, expression: sympy.Expr | None) -> list[Fact]:
    """A tangent family of App. 7.2.3: its dimension, and (with the other family) it spans the tangent space
    and lies in the Hessian kernel (the paper's 'coincide with the ... null family')."""
    analysis = null_analysis(sizes)
    return [Fact(f"dim of the {family} family", _manifold_count(count_name, sizes, expression),
                 sympy.Integer(analysis.families[family])),
            Fact("the two tangent families span the tangent space", True, analysis.tangent_families_span_tangent),
            Fact("the null families span the Hessian kernel", True, analysis.families_span_null)]


def _check_app723_family1(quick: bool, printed_count: sympy.Expr | None = None) -> Outcome:
    """First tangent family x w*_l (x in null(S S^T)): Hessian-null, tangent, dimension p*(p - p*)."""
    return facts_outcome("The first tangent family (S_perp K W*, i.e. x w*_l with x in the null space of S S^T) is "
                         "Hessian-null and tangent, of the printed dimension", _grid_null(quick),
                         lambda sizes: _tangent_family_facts("x w*_l", "tangent-family-1", sizes, printed_count))


def _check_app723_family2(quick: bool, printed_count: sympy.Expr | None = None) -> Outcome:
    """Second tangent family S Omega W*: Hessian-null, tangent, dimension p*(p*-1)/2."""
    return facts_outcome("The second tangent family (S Omega W*, Omega antisymmetric) is Hessian-null and tangent, "
                         "of the printed dimension", _grid_null(quick),
                         lambda sizes: _tangent_family_facts("S Omega W*", "tangent-family-2", sizes, printed_count))


def _check_app723_total(quick: bool, printed_total: sympy.Expr = paper.MANIFOLD_CLAIMS["tangent-total"].expression
                        ) -> Outcome:
    """p*(p - p*) + p*(p*-1)/2 = p p* - p*(p*+1)/2 (symbolic identity), the dimension of the solution manifold
    (rank of the rotation orbit's tangent at the zero-error point)."""
    identity = sympy.expand(paper.MANIFOLD_CLAIMS["tangent-family-1"].expression
                            + paper.MANIFOLD_CLAIMS["tangent-family-2"].expression - printed_total)
    if identity != 0:
        return Outcome("refuted", f"The sum of the two printed family dimensions is not {printed_total}.",
                       residual=identity)

    def facts(sizes: Sizes) -> list[Fact]:
        analysis = null_analysis(sizes)
        expected = printed_at(printed_total, sizes)
        return [Fact("manifold dimension", expected, sympy.Integer(analysis.orbit_tangent)),
                Fact("tangent dimension", expected, sympy.Integer(analysis.tangent))]
    return facts_outcome("The two tangent families add up to p p* - p*(p*+1)/2 (an exact identity), the dimension of "
                         "the zero-error manifold", _grid_null(quick), facts)


def _check_app723_non_tangent(quick: bool, family: str = "x v") -> Outcome:
    """The null family ``family`` (the paper's: x v, x in null(S S^T), v orthogonal to the teacher) is Hessian-flat
    but meets the tangent space only in 0, and each of its directions has a second-order obstruction to staying on
    the manifold."""
    def facts(sizes: Sizes) -> list[Fact]:
        point = point_at("correlated", sizes)
        directions = manifold.paper_null_families(point)[family]
        tangent = manifold.tangent_basis(point)
        meets = manifold.span_rank(directions) + manifold.span_rank(tangent) - manifold.span_rank(directions + tangent)
        obstructed = all(not manifold.second_order_obstruction(point, direction).is_zero_matrix
                         for direction in directions)
        return [Fact("the null families span the Hessian kernel", True, null_analysis(sizes).families_span_null),
                Fact(f"{family} family meets the tangent space in", sympy.Integer(0), sympy.Integer(meets)),
                Fact(f"every {family} direction has a second-order obstruction", True, obstructed)]
    return facts_outcome(f"The {family} null family is Hessian-flat but not tangent to the zero-error manifold",
                         _grid_null(quick), facts)


# -- App. 7.2.2: the eigenvalue tables ---------------------------------------------------------------

# table -> the (family, rank) of the engine's points it describes, the least N at (p, p*) and its words, the least p*.
TABLE_POINTS: dict[str, tuple[tuple[tuple[str, int | None], ...], Callable[[int, int], int], str, int]] = {
    "tabula-rasa": ((("tabula-rasa", None),), lambda p, pstar: p, "p", 1),
    "plateau": ((("uncorrelated", None),), lambda p, pstar: p + pstar, "p + p*", 1),
    "zero-error": ((("correlated", None),), lambda p, pstar: p, "p", 1),
    "aligned": ((("aligned", None), ("correlated", 1)), lambda p, pstar: p, "p", 2),
}


def table_statement(name: str) -> sympy.Matrix:
    """A table as printed: one row (eigenvalue, multiplicity) per printed row, in N, p, pstar."""
    return sympy.Matrix([[row.value, row.multiplicity] for row in paper.TABLES[name].rows])


def table_quote(name: str) -> str:
    """The table's title and its first printed total (the rows carry their own quotes in the transcription)."""
    table = paper.TABLES[name]
    return f"{table.title_quote}\n\n{next(iter(table.totals.values()))[1]}"


def table_outcome(name: str, quick: bool, table: paper.Table | None = None) -> Outcome:
    """Every eigenvalue, multiplicity (as a polynomial in N and at N) and printed total of the table ``name``
    (or ``table``, an altered transcription of it) against the engine's exact spectrum at each point family the
    table describes, over a grid of sizes."""
    table = paper.TABLES[name] if table is None else table
    families, room, room_text, min_pstar = TABLE_POINTS[name]
    checked = grid(quick, room, room_text, min_pstar)

    def facts(sizes: Sizes) -> list[Fact]:
        out = []
        for family, rank in families:
            spectrum = spectrum_at(family, sizes, rank)
            point = point_at(family, sizes, rank)
            out.append(Fact(f"{family} point described by table", name,
                            str(paper_table_name(point.family, point.rank, point.p, point.pstar))))
            out += [Fact(f"{family}: multiplicity of {row.value}", row.paper, row.engine)
                    for row in eigen_rows(spectrum, table, sizes[0])]
            out += [Fact(f"{family}: {row.name}", row.paper, row.engine)
                    for row in count_rows(spectrum, table, sizes[0], claims=False)]
        return out
    points = " and ".join(family if rank is None else f"{family} rank {rank}" for family, rank in families)
    return facts_outcome(f"Every eigenvalue and multiplicity of the '{name}' table, and its printed totals, equal the "
                         f"engine's exact Hessian spectrum at the {points} point (multiplicities as polynomials in N)",
                         checked, facts)


def _check_table_tabula_rasa(quick: bool) -> Outcome:
    return table_outcome("tabula-rasa", quick)


def _check_table_plateau(quick: bool) -> Outcome:
    return table_outcome("plateau", quick)


def _check_table_zero_error(quick: bool) -> Outcome:
    return table_outcome("zero-error", quick)


def _check_table_aligned(quick: bool) -> Outcome:
    return table_outcome("aligned", quick)


def altered_table(name: str) -> paper.Table:
    """The negative control's table: the multiplicity of its last printed row increased by one."""
    table = paper.TABLES[name]
    last = table.rows[-1]
    return replace(table, rows=table.rows[:-1] + (replace(last, multiplicity=last.multiplicity + 1),))


def _table_control(name: str) -> Control:
    row = paper.TABLES[name].rows[-1]
    return Control(f"the multiplicity {row.multiplicity} of the table's last row (eigenvalue {row.value}) replaced by "
                   f"{row.multiplicity + 1}", partial(table_outcome, name, table=altered_table(name)))


ALIGNED_P1_QUOTE = ("For p=p=1p=p^{*}=1 this region is equivalent to the zero error solution and one can check that "
                    "for these values of pp and pp^{*}, the two results for eigenvalues and eigenvectors coincide.")


def _check_aligned_p1(quick: bool, zero_error_table: paper.Table = paper.TABLES["zero-error"]) -> Outcome:
    """At p = p* = 1 the aligned table and the zero-error table both equal the engine's spectrum at the
    (single) aligned point, which is the zero-error point."""
    top = 4 if quick else 8
    checked = Grid(f"p = p* = 1 at N = 1..{top}", tuple((n, 1, 1) for n in range(1, top + 1)))
    tables = {"aligned": paper.TABLES["aligned"], "zero-error": zero_error_table}

    def facts(sizes: Sizes) -> list[Fact]:
        spectrum = spectrum_at("aligned", sizes)
        out = zero_error_facts(point_at("aligned", sizes))
        for name, table in tables.items():
            out += [Fact(f"{name} table: multiplicity of {row.value}", row.paper, row.engine)
                    for row in eigen_rows(spectrum, table, sizes[0])]
        return out
    return facts_outcome("At p = p* = 1 the aligned point is the zero-error point and both printed tables give its "
                         "exact spectrum", checked, facts)


EQ29_RANGE_STATED = PSTAR / (N / 2 - PSTAR - sympy.Rational(1, 2))
EQ29_RANGE_CORRECT = PSTAR / ((N - PSTAR - 1) / 2)  # eq. (29) at the largest admissible p = N - p*
EQ29_RANGE_EXAMPLE = (6, 4, 2)  # (N, p, p*): the largest plateau width at N = 6, p* = 2
RANGE_HYPOTHESES = (TEACHER, WIDTHS, RISK, PLATEAU_ROOM)


def _check_eq29_range(quick: bool, stated: sympy.Expr = EQ29_RANGE_STATED) -> Outcome:
    """'grows with p up to p = N, where' the ratio is ``stated`` (printed: p*/(N/2 - p* - 1/2)).

    The plateau exists only for p <= N - p* (p orthonormal students orthogonal to the p* teachers); the engine's
    ratio grows with p up to p = N - p*, where it is p*/((N - p* - 1)/2). Each reading of 'up to p = N' is
    checked: as printed (no plateau at p = N), as the formula (29) continued to p = N (no eigenvalue count there),
    and as 'up to the largest plateau width' (the value there is not the printed one)."""
    top = 6 if quick else 9
    # p* <= p <= N - p* (the standing N >= p >= p* and the plateau's room) needs N >= 2 p*
    sizes = tuple((n, n - pstar, pstar) for n in range(3, top + 1) for pstar in range(1, n // 2 + 1))
    missing, grows, at_end = [], [], []
    for n, p_max, pstar in sizes:
        try:
            stationary_point("uncorrelated", n, n, pstar)
        except ValueError:
            missing.append((n, pstar))
        ratios = [(counts_at("uncorrelated", (n, p, pstar))["negative"]
                   / counts_at("uncorrelated", (n, p, pstar))["null"]).subs(N_SYMBOL, n) for p in range(pstar, p_max + 1)
                  if n > p + pstar or p >= 2]  # where there are null eigenvalues
        grows.append(all(a < b for a, b in zip(ratios, ratios[1:])))
        at_end.append(ratios[-1] == printed_at(stated, (n, p_max, pstar)))
    n, p, pstar = EQ29_RANGE_EXAMPLE
    example_counts = counts_at("uncorrelated", EQ29_RANGE_EXAMPLE)
    engine_end = (example_counts["negative"] / example_counts["null"]).subs(N_SYMBOL, n)
    stated_end = printed_at(stated, EQ29_RANGE_EXAMPLE)
    printed_null_at_n = paper.TABLES["plateau"].totals["null"][0].subs({P: N, PSTAR: PSTAR})
    values = {"sizes": f"3 <= N <= {top}, 1 <= p* <= N/2, p from p* to N - p*", "points": len(sizes),
              "no plateau point at p = N": f"{len(missing)} of {len(sizes)} (N, p*)",
              "ratio increasing in p up to N - p*": f"{sum(grows)} of {len(sizes)}",
              "engine ratio at p = N - p* equals the stated value": f"{sum(at_end)} of {len(sizes)}",
              f"example (N, p, p*) = {EQ29_RANGE_EXAMPLE}": f"engine {engine_end}, stated {stated_end}",
              "printed #null p(N - p* - p) + p(p-1)/2 at p = N": str(sympy.factor(printed_null_at_n))}
    if len(missing) != len(sizes) or not all(grows):
        return Outcome("inconclusive", "Not the expected pattern of the engine (plateau points at p = N, or a ratio "
                                       "that does not grow with p); see values.", values=values)
    residual = sympy.factor(stated - EQ29_RANGE_CORRECT)
    largest = Reading("up to the largest plateau width p = N - p*", "verified" if all(at_end) else "refuted",
                      f"the ratio does grow up to p = N - p* (all {len(sizes)} cases) and ends at p*/((N - p* - 1)/2), "
                      f"e.g. {engine_end} at {EQ29_RANGE_EXAMPLE}; the stated value {stated_end}"
                      f" there; equal at {sum(at_end)} of {len(sizes)} (N, p*)")
    readings = (
        Reading("as printed: the plateau's ratio at p = N", "refuted",
                f"no plateau point at p = N for any of the {len(sizes)} (N, p*) checked: it needs p + p* <= N"),
        Reading("the formula (29) continued to p = N", "refuted",
                f"the substitution is arithmetically right, but the table's null count there is "
                f"{sympy.factor(printed_null_at_n)} with the negative part p(N - p* - p) = -N p*: no Hessian's count"),
        largest)
    if all(at_end):
        return Outcome("misprint", f"'p = N' stands for the largest plateau width p = N - p*, where the ratio is the "
                                   f"stated {stated}.", values=values, readings=readings,
                       finding="'up to p = N' should read 'up to p = N - p*' (the plateau needs p + p* <= N).")
    return Outcome(
        "refuted",
        "The plateau needs p orthonormal students orthogonal to the p* teachers, so it exists only for p <= N - p* "
        "(no plateau at p = N at any size checked); the ratio grows up to p = N - p*, where the engine gives "
        f"p*/((N - p* - 1)/2), not the stated {stated} (e.g. (N, p, p*) = {EQ29_RANGE_EXAMPLE}: {engine_end}, not "
        f"{stated_end}).",
        residual=residual, correct_form=sympy.Eq(N_NEG / N_NULL, EQ29_RANGE_CORRECT), values=values,
        finding=f"'grows with p up to p = N where' the ratio is {stated}: the plateau exists only for p <= N - p*, and "
                f"at p = N - p* the ratio is p*/((N - p* - 1)/2), e.g. {engine_end} at (N, p, p*) = "
                f"{EQ29_RANGE_EXAMPLE}, not {stated_end}; false in every reading.",
        hypotheses=hypothesis_checks(RANGE_HYPOTHESES, EQ29_RANGE_EXAMPLE),
        readings=readings,
        note="For N > 2p* + 1 the printed p*/(N/2 - p* - 1/2) exceeds the true maximum p*/((N - p* - 1)/2), so it is "
             "still an upper bound on the ratio; for N <= 2p* + 1 it is infinite or negative.")


# -- App. 7.5: degrees of freedom ------------------------------------------------------------------

DOF_QUOTES = paper.MANIFOLD_CLAIMS["dof"].quote.split("\n")
RANK_SEED = 2026  # fixed seed of the random integer matrices whose exact ranks give the generic dimensions
DOF_NARROW = N * P - P * (P - 1) / 2
DOF_WIDE_SUM = N * P - P * (P - 1) / 2 + (P - N) * (P - N - 1) / 2
DOF_WIDE = N * (N + 1) / 2


def rank_rng(sizes: Sizes) -> np.random.Generator:
    """The random generator for one size: seeded by (RANK_SEED, N, p, p*), so that no result depends on the order."""
    return np.random.default_rng((RANK_SEED, *sizes))


def _dof_outcome(quick: bool, wide: bool, printed_dof: sympy.Expr) -> Outcome:
    """The rank of dF at a random integer W, F(W) = W^T W, against the printed DOF (p <= N, or p > N)."""
    top = 4 if quick else 6
    sizes = tuple((n, p, 1) for n in range(1, top + 1) for p in range(1, top + 3) if (p > n) == wide)
    relation = "p > N" if wide else "p <= N"
    checked = Grid(f"1 <= N <= {top}, {relation}, p <= {top + 2} (p* plays no part)", sizes)

    def facts(sizes: Sizes) -> list[Fact]:
        n, p, _ = sizes
        computed = manifold.computed_student_dof(p, n, rank_rng(sizes))
        return [Fact("DOF", printed_at(printed_dof, sizes), sympy.Integer(computed))]
    return facts_outcome(f"The student's degrees of freedom for {relation} (exact rank of dF at a random integer W, "
                         f"F(W) = W^T W, seed {RANK_SEED}) equal the printed {printed_dof}", checked, facts)


def _check_app75_dof(quick: bool, printed_dof: sympy.Expr = DOF_NARROW) -> Outcome:
    """DOF = Np - p(p-1)/2 for p <= N."""
    return _dof_outcome(quick, False, printed_dof)


def _check_app75_dof_wide(quick: bool, printed_dof: sympy.Expr = DOF_WIDE) -> Outcome:
    """DOF = Np - p(p-1)/2 + (p-N)(p-N-1)/2 = N(N+1)/2 for p > N (the identity is checked symbolically too)."""
    identity = sympy.expand(DOF_WIDE_SUM - printed_dof)
    if identity != 0:
        return Outcome("refuted", f"The printed sum does not simplify to {printed_dof}.", residual=identity)
    return _dof_outcome(quick, True, printed_dof)


def _manifold_grid(quick: bool, keep: Callable[[int, int, int], bool], keep_text: str = "") -> Grid:
    """(N, p, p*) with N, p* <= top and min(p*, N) <= p <= top + 1 (a solution exists), filtered by ``keep``
    (described by ``keep_text``)."""
    top = 3 if quick else 5
    sizes = tuple((n, p, pstar) for n in range(1, top + 1) for pstar in range(1, top + 1)
                  for p in range(min(pstar, n), top + 2) if keep(n, p, pstar))
    return Grid(f"all 1 <= N, p* <= {top} and min(p*, N) <= p <= {top + 1}{keep_text}", sizes)


def _manifold_facts(expression: sympy.Expr) -> Callable[[Sizes], list[Fact]]:
    """The dimension of the zero-error set O(p) Wbar (exact rank of its tangent at a generic solution) against
    the printed count ``expression``."""
    def facts(sizes: Sizes) -> list[Fact]:
        computed = manifold.computed_manifold_dimension(*sizes, rank_rng(sizes))
        return [Fact("manifold dimension", printed_at(expression, sizes), sympy.Integer(computed))]
    return facts


def _in_paper_setting(n: int, p: int, pstar: int) -> bool:
    """The paper's setting: orthonormal teacher (p* <= N) and a solution (p >= p*)."""
    return pstar <= n and p >= pstar


PAPER_SETTING_TEXT = " with p* <= N (orthonormal teacher)"
MANIFOLD_DIMENSION = paper.MANIFOLD_CLAIMS["manifold-dimension"].expression
MANIFOLD_P_LE_N = paper.MANIFOLD_CLAIMS["manifold-dimension-p-le-N"].expression


def _check_app75_manifold(quick: bool, printed_dimension: sympy.Expr = MANIFOLD_DIMENSION) -> Outcome:
    """Manifold dimension = p(p-1)/2 - (p - min(p*, N))(p - min(p*, N) - 1)/2, at every size where a solution
    exists (the min(p*, N) of the text admits a general teacher; p* <= N in the paper's setting)."""
    return facts_outcome(f"The dimension of the zero-error manifold (exact rank at a generic solution, seed "
                         f"{RANK_SEED}) equals the printed {printed_dimension}",
                         _manifold_grid(quick, lambda n, p, pstar: True), _manifold_facts(printed_dimension))


def _check_app75_manifold_p_le_n(quick: bool, printed_dimension: sympy.Expr = MANIFOLD_P_LE_N) -> Outcome:
    """'for p <= N' the dimension is p p* - p*(p*+1)/2: checked in the paper's setting (p* <= N, p >= p*); a
    general teacher with p = N < p* (outside it) would give N(N-1)/2, recorded in the note."""
    checked = _manifold_grid(quick, lambda n, p, pstar: p <= n and _in_paper_setting(n, p, pstar),
                             " with p <= N" + PAPER_SETTING_TEXT)
    outcome = facts_outcome(f"The manifold dimension for p <= N equals the printed {printed_dimension}", checked,
                            _manifold_facts(printed_dimension))
    outside = _manifold_grid(quick, lambda n, p, pstar: p == n < pstar, " with p = N < p*")
    failing = [sizes for sizes in outside.sizes if not all(fact.holds for fact in
                                                           _manifold_facts(printed_dimension)(sizes))]
    return replace(outcome, note=f"Scope: the paper's teacher is orthonormal, so p* <= N and min(p*, N) = p*. Outside "
                                 f"that setting (a general teacher with p = N < p*) the dimension is N(N-1)/2 and the "
                                 f"simplification fails at {len(failing)} of {len(outside.sizes)} sizes "
                                 f"({outside.description}).")


def _check_app75_phase_retrieval(quick: bool, printed_dimension: sympy.Expr = P - 1) -> Outcome:
    """p* = 1 (phase retrieval), p >= 1: the manifold dimension is p - 1."""
    return facts_outcome(f"For p* = 1 the zero-error manifold has dimension {printed_dimension} (exact rank, seed "
                         f"{RANK_SEED})", _manifold_grid(quick, lambda n, p, pstar: pstar == 1, " with p* = 1"),
                         _manifold_facts(printed_dimension))


# -- App. 7.2.2: the Hessian blocks printed at each point -----------------------------------------------

Blocks = dict[tuple[int, int], dict[object, sympy.Expr]]


def dense_blocks(blocks: Blocks, point: StationaryPoint) -> sympy.Matrix:
    """The pN x pN matrix of printed blocks {(m, n): {"I_N": c, (a, b): c_ab}} with the point's vectors (w_k its
    rows, w*_l the teacher's) put in; index m N + i for w_m's entry i, as in ``hessian.exact_dense_hessian``."""
    vectors = {f"w_{k + 1}": point.W.row(k) for k in range(point.p)}
    vectors.update({f"wstar_{l + 1}": point.Wstar.row(l) for l in range(point.pstar)})
    n, p = point.N, point.p
    H = sympy.zeros(p * n, p * n)
    for (row, column), block in blocks.items():
        piece = block.get("I_N", 0) * sympy.eye(n)
        for key, coefficient in block.items():
            if key != "I_N":
                piece += coefficient * vectors[key[0]].T * vectors[key[1]]
        H[(row - 1) * n:row * n, (column - 1) * n:column * n] = piece
    return H


@lru_cache(maxsize=None)
def _cached_hessian(family: str, rank: int, W: sympy.ImmutableMatrix, Wstar: sympy.ImmutableMatrix) -> sympy.Matrix:
    return exact_dense_hessian(StationaryPoint(family, rank, sympy.Matrix(W), sympy.Matrix(Wstar)))


def _engine_hessian(point: StationaryPoint) -> sympy.Matrix:
    """The engine's exact Hessian at ``point`` (hessian.exact_dense_hessian), cached: a control reuses it."""
    return _cached_hessian(point.family, point.rank, sympy.ImmutableMatrix(point.W), sympy.ImmutableMatrix(point.Wstar))


def hessian_difference(blocks: Blocks, point: StationaryPoint) -> sympy.Matrix:
    """Printed minus the engine's exact Hessian (derive.concrete.hessian_blocks at the point's overlaps), exactly."""
    return (dense_blocks(blocks, point) - _engine_hessian(point)).applyfunc(exact_simplify)


def _diagonal_Q(point: StationaryPoint) -> list[sympy.Expr]:
    """(Q_11, ..., Q_pp) at the point."""
    Q = point.overlaps()[point.pstar:, point.pstar:]
    return [Q[k, k] for k in range(point.p)]


# name -> (engine family, least N at (p, p*) and its words, the printed blocks at a point of that family)
HESSIAN_POINTS: dict[str, tuple[str, Callable[[int, int], int], str, Callable[[StationaryPoint], Blocks]]] = {
    "tabula-rasa": ("tabula-rasa", lambda p, pstar: p, "p",
                    lambda point: paper.hessian_tabula_rasa(point.p, point.pstar)),
    "plateau": ("uncorrelated", lambda p, pstar: p + pstar, "p + p*",
                lambda point: paper.hessian_plateau(point.p, point.pstar)),
    "zero-error": ("correlated", lambda p, pstar: p, "p",
                   lambda point: paper.hessian_zero_error(manifold.solution_matrix(point))),
    "aligned": ("aligned", lambda p, pstar: p, "p",
                lambda point: paper.hessian_aligned(point.pstar, _diagonal_Q(point))),
}


def _hessian_grid(name: str, quick: bool) -> Grid:
    """Sizes for the Hessian blocks: p <= 5 in the full run; p <= 3 quick (p <= 2 for the aligned point, whose check
    also runs every point with its last student reversed)."""
    _, room, room_text, _ = HESSIAN_POINTS[name]
    return grid(quick, room, room_text, top=5 if not quick else 2 if name == "aligned" else 3)


Printed = Callable[[StationaryPoint], Blocks]


def _printed_blocks(name: str) -> Printed:
    return HESSIAN_POINTS[name][3]


def rescaled(printed_blocks: Printed, factor: sympy.Rational) -> Printed:
    """A negative control's blocks: the printed prefactor multiplied by ``factor``."""
    def blocks(point: StationaryPoint) -> Blocks:
        return {key: {term: factor * value for term, value in block.items()}
                for key, block in printed_blocks(point).items()}
    return blocks


def _hessian_fact(printed_blocks: Printed, point: StationaryPoint, label: str = "") -> Fact:
    """Printed blocks = engine's Hessian, entry by entry, at ``point``."""
    return Fact(f"{label}printed H - engine H = 0", True,
                hessian_difference(printed_blocks(point), point).is_zero_matrix)


def hessian_outcome(name: str, quick: bool, printed_blocks: Printed | None = None) -> Outcome:
    """The printed Hessian of ``name`` (or ``printed_blocks``, an altered transcription) at the engine's exact
    point of that family, at every size of the grid."""
    family = HESSIAN_POINTS[name][0]
    blocks = _printed_blocks(name) if printed_blocks is None else printed_blocks
    return facts_outcome(f"The Hessian blocks printed for the '{name}' point, evaluated at the engine's exact {family} "
                         "point, equal the engine's Hessian (derived blocks of eq. (25) at its overlaps) entry by entry",
                         _hessian_grid(name, quick), lambda sizes: [_hessian_fact(blocks, point_at(family, sizes))])


def _check_hessian_tabula_rasa(quick: bool, printed_blocks: Printed | None = None) -> Outcome:
    return hessian_outcome("tabula-rasa", quick, printed_blocks)


def _check_hessian_zero_error(quick: bool, printed_blocks: Printed | None = None) -> Outcome:
    return hessian_outcome("zero-error", quick, printed_blocks)


def _plateau_literal(point: StationaryPoint) -> Blocks:
    return paper.hessian_plateau(point.p, point.pstar, sum_over_k=False)


def _check_hessian_plateau(quick: bool, printed_blocks: Printed | None = None) -> Outcome:
    """Verified with the repeated index k of the printed (1/p) w_k w_k^T summed (the sum of eq. (25) and of App. 7.2's
    Hessian); the other reading, k = the block's own student, differs from the engine at every size with p >= 2."""
    outcome = hessian_outcome("plateau", quick, printed_blocks)
    if outcome.verdict != "verified":
        return outcome
    checked = _hessian_grid("plateau", quick)
    literal = [sizes for sizes in checked.sizes
               if not _hessian_fact(_plateau_literal, point_at("uncorrelated", sizes)).holds]
    wide = [sizes for sizes in checked.sizes if sizes[1] >= 2]
    where = "exactly the sizes with p >= 2" if literal == wide else "the sizes " + ", ".join(map(str, literal))
    return replace(outcome, readings=(
        Reading("repeated index k summed: (1/p) sum_k w_k w_k^T, as eq. (25) and App. 7.2's Hessian write it",
                "verified", f"printed = engine exactly at all {len(checked.sizes)} sizes ({checked.description})"),
        Reading("k = the block's own student (p = q)", "refuted",
                f"differs from the engine at {len(literal)} of {len(checked.sizes)} sizes, {where}")),
        note="The printed term has a free index k; summed, as in the paper's own eq. (25), it is right.")


def flip_last_student(point: StationaryPoint) -> StationaryPoint:
    """The point with w_p -> -w_p: the risk is even in each w_k, so this is again a stationary point of the
    same family (for the aligned family: still every student along w*_1, now with mixed orientations, i.e. Example 4
    with a unit v of mixed signs)."""
    W = point.W.copy()
    W[point.p - 1, :] = -W[point.p - 1, :]
    return StationaryPoint(point.family, point.rank, W, point.Wstar)


def _same_orientation(point: StationaryPoint) -> bool:
    """All w_k . w*_1 of one sign: then sqrt(Q_qq) sqrt(Q_pp) = Q_qp at an aligned point."""
    projections = point.W * point.Wstar.row(0).T
    return all(x >= 0 for x in projections) or all(x <= 0 for x in projections)


def _signed_aligned(point: StationaryPoint) -> Blocks:
    """The aligned blocks with the signed q_k = w_k . w*_1 for the printed sqrt(Q_kk)."""
    return paper.hessian_aligned_vector(point.pstar, list(point.W * point.Wstar.row(0).T))


_m, _n = sympy.symbols("m n", integer=True, positive=True)
_Q = sympy.IndexedBase("Q")
_RHO = sympy.IndexedBase("rho")
_TEACHER = sympy.MatrixSymbol("W^*", PSTAR, N)
_FIRST_TEACHER = sympy.MatrixSymbol("w^*_1", N, 1)
_SIGN_TERM = sympy.Identity(N) + 2 * _FIRST_TEACHER * _FIRST_TEACHER.T
ALIGNED_RESIDUAL = 8 / P**2 * (sympy.sqrt(_Q[_m, _m]) * sympy.sqrt(_Q[_n, _n]) - _Q[_m, _n]) * _SIGN_TERM


def aligned_residual(point: StationaryPoint) -> sympy.Matrix:
    """ALIGNED_RESIDUAL at the point: block (m, n) = (8/p^2)(sqrt(Q_mm Q_nn) - Q_mn)(1_N + 2 w*_1 w*_1^T)."""
    Q, n, p = point.overlaps()[point.pstar:, point.pstar:], point.N, point.p
    e = point.Wstar.row(0).T
    H = sympy.zeros(p * n, p * n)
    for m in range(p):
        for k in range(p):
            scale = sympy.Rational(8, p**2) * (sympy.sqrt(Q[m, m]) * sympy.sqrt(Q[k, k]) - Q[m, k])
            H[m * n:(m + 1) * n, k * n:(k + 1) * n] = scale * (sympy.eye(n) + 2 * e * e.T)
    return H.applyfunc(exact_simplify)


def _check_hessian_aligned(quick: bool, printed_blocks: Printed | None = None) -> Outcome:
    """Example 4's point W = sqrt(alpha) v w*_1^T with a unit v (the engine's, and the same with its last student
    reversed, so that v has mixed signs). Readings of the printed vector Q = (sqrt(Q_11), ..., sqrt(Q_pp)):

    * as printed: right exactly where all students have one orientation along w*_1; elsewhere printed - engine is
      (8/p^2)(sqrt(Q_qq Q_pp) - Q_qp)(1_N + 2 w*_1 w*_1^T);
    * the signed q_q = w_q . w*_1 (q_q^2 = Q_qq), which the table's own eigenvector (q_1 w*_1, ..., q_p w*_1) =
      (w_1, ..., w_p) uses: right at every point.

    ``printed_blocks`` (a control's altered transcription) replaces both readings' common blocks."""
    checked = _hessian_grid("aligned", quick)
    points = [candidate for sizes in checked.sizes
              for candidate in (point_at("aligned", sizes), flip_last_student(point_at("aligned", sizes)))]
    if printed_blocks is not None:
        return facts_outcome("The altered aligned-point Hessian equals the engine's", checked,
                             lambda sizes: [_hessian_fact(printed_blocks, point_at("aligned", sizes))])
    as_printed = [_hessian_fact(_printed_blocks("aligned"), point).holds for point in points]
    signed = [_hessian_fact(_signed_aligned, point).holds for point in points]
    predicted = [_same_orientation(point) for point in points]
    residual_holds = all(hessian_difference(_printed_blocks("aligned")(point), point) == aligned_residual(point)
                         for point in points)
    stationary = all(is_stationary_exact(point) for point in points)
    values = {"sizes": checked.description, "points": len(points),
              "as printed: points where printed = engine": f"{sum(as_printed)} of {len(points)}",
              "signed q_q = w_q . w*_1: points where printed = engine": f"{sum(signed)} of {len(points)}"}
    if not all(signed) or as_printed != predicted or not residual_holds or not stationary:
        return Outcome("refuted" if not all(signed) else "inconclusive",
                       "The aligned-point Hessian is not the engine's under the signed reading, or the printed "
                       "reading fails elsewhere than predicted; see values.", values=values)
    example = points[predicted.index(False)]
    rho = list(example.W * example.Wstar.row(0).T)
    return Outcome(
        "misprint",
        "With Q_q = sqrt(Q_qq) as printed, the aligned-point Hessian is right only when all students point the same "
        "way along w*_1; for Example 4's generic unit v (mixed signs, also a stationary point) the cross term must be "
        "Q_qp = q_q q_p with the signed q_q = w_q . w*_1, which the table's own eigenvector (q_1 w*_1, ..., q_p w*_1) = "
        f"(w_1, ..., w_p) uses. Checked exactly at {len(points)} points ({checked.description}, each also with w_p "
        "reversed): as printed it fails at exactly the points with mixed orientations, where printed - engine is the "
        "residual shown; with the signed q it holds at all. The eigenvalue table is unaffected (reversing students is "
        "an orthogonal similarity).",
        residual=ALIGNED_RESIDUAL, correct_form=_aligned_statement(_RHO[_m, 1] * _RHO[_n, 1]), values=values,
        finding="Aligned-point Hessian: the printed vector Q = (sqrt(Q_11), ..., sqrt(Q_pp)) loses the students' signs; "
                f"at Example 4's point with w_k . w*_1 = {', '.join(map(str, rho))} printed - engine = "
                "(8/p^2)(sqrt(Q_qq Q_pp) - Q_qp)(1_N + 2 w*_1 w*_1^T) != 0; with the signed q_q = w_q . w*_1 "
                "(the table's eigenvectors) it is exact.",
        readings=(
            Reading("as printed: Q_q = sqrt(Q_qq), Example 4's generic unit v", "refuted",
                    f"printed = engine at {sum(as_printed)} of {len(points)} points: exactly those with one orientation"),
            Reading("signed q_q = w_q . w*_1 (q_q^2 = Q_qq), as in the table's eigenvectors", "verified",
                    f"printed = engine at all {len(points)} points"),
            Reading("v restricted to one sign (all students oriented alike)", "verified",
                    f"printed = engine at the {sum(predicted)} such points; but Example 4 takes v generic")),
        note="Scope: as printed the formula holds when all students have the same orientation along w*_1.")


def _aligned_statement(cross: sympy.Expr) -> sympy.Eq:
    """The aligned-point blocks with ``cross`` for the printed Q_q Q_p (sqrt(Q_qq) sqrt(Q_pp) as printed)."""
    diagonal = ((PSTAR - 1) / (3 * PSTAR) * sympy.Identity(N) + _TEACHER.T * _TEACHER / PSTAR
                - (2 + PSTAR) / (3 * PSTAR) * _FIRST_TEACHER * _FIRST_TEACHER.T)
    return sympy.Eq(sympy.Symbol("H_mn"), -8 / P * (-cross / P * _SIGN_TERM + sympy.KroneckerDelta(_m, _n) * diagonal),
                    evaluate=False)


def _hessian_statements() -> dict[str, sympy.Eq]:
    """The printed blocks H_mn (the paper's H_pq, p -> m, q -> n) at symbolic N, p, p*; sum_l w*_l w*_l^T = W*^T W*,
    sum_k w_k w_k^T = W^T W."""
    delta = sympy.KroneckerDelta(_m, _n)
    w_m, w_n = sympy.MatrixSymbol("w_m", N, 1), sympy.MatrixSymbol("w_n", N, 1)
    s_m, s_n = sympy.MatrixSymbol("s_m", PSTAR, 1), sympy.MatrixSymbol("s_n", PSTAR, 1)
    S, l = sympy.IndexedBase("S"), sympy.Symbol("l", integer=True, positive=True)

    def blocks(value: sympy.Basic) -> sympy.Eq:
        return sympy.Eq(sympy.Symbol("H_mn"), value, evaluate=False)

    return {
        "tabula-rasa": blocks(-4 / P * delta * (sympy.Identity(N) + 2 / PSTAR * _TEACHER.T * _TEACHER)),
        "plateau": blocks(-8 / P * (-(w_n * w_m.T + w_m * w_n.T) / P
                                    + delta * (_TEACHER.T * _TEACHER / PSTAR - _STUDENT.T * _STUDENT / P))),
        "zero-error": blocks(8 / (P * PSTAR) * (sympy.Sum(S[_n, l] * S[_m, l], (l, 1, PSTAR)) * sympy.Identity(N)
                                                + _TEACHER.T * (s_n * s_m.T + s_m * s_n.T) * _TEACHER)),
        "aligned": _aligned_statement(sympy.sqrt(_Q[_m, _m]) * sympy.sqrt(_Q[_n, _n])),
    }


# -- App. 7.5.2: the rank of a zero-error student --------------------------------------------------------


def general_teacher(sizes: Sizes) -> sympy.Matrix:
    """A random integer p* x N teacher T of the generic rank min(p*, N) (drawn again until it has it)."""
    n, _, pstar = sizes
    rng = rank_rng(sizes)
    while True:
        T = sympy.Matrix(rng.integers(-3, 4, size=(pstar, n)).tolist())
        if T.rank() == min(pstar, n):
            return T


def zero_error_student(T: sympy.Matrix, p: int) -> sympy.Matrix:
    """An exact p x N W with W^T W = (p/p*) T^T T: sqrt(p/p*) [T; 0] when p >= p*, else (then p >= N and T^T T
    is positive definite) sqrt(p/p*) [L^T; 0] with T^T T = L L^T (Cholesky)."""
    pstar, n = T.shape
    top = T if p >= pstar else (T.T * T).cholesky(hermitian=False).T
    return sympy.sqrt(sympy.Rational(p, pstar)) * top.col_join(sympy.zeros(p - top.rows, n))


def _rank_facts(sizes: Sizes, printed_rank: sympy.Expr = PSTAR) -> list[Fact]:
    """At one size: the constructed W solves W^T W = (p/p*) T^T T, and its exact rank against the printed p*."""
    _, p, pstar = sizes
    T = general_teacher(sizes)
    W = zero_error_student(T, p)
    gram = (W.T * W - sympy.Rational(p, pstar) * T.T * T).applyfunc(sympy.simplify)
    return [Fact("W^T W = (p/p*) T^T T", True, gram.is_zero_matrix),
            Fact("rank W", printed_at(printed_rank, sizes), sympy.Integer(W.rank(simplify=True)))]


def _check_app752_rank(quick: bool, printed_rank: sympy.Expr = PSTAR) -> Outcome:
    """'implies that rank(W) = p*': rank W = rank G_T = rank T, which is p* for the paper's teacher (rank p*,
    p* <= N). Checked on explicit solutions for a generic integer teacher of rank p* in the paper's setting; a
    general teacher with p* > N (outside it) gives rank N, recorded in the note."""
    checked = _manifold_grid(quick, _in_paper_setting, PAPER_SETTING_TEXT)
    outcome = facts_outcome(f"A zero-error student has rank {printed_rank} (exact rank of an explicit solution, teacher "
                            f"a random integer matrix of rank p*, seed {RANK_SEED})", checked,
                            lambda sizes: _rank_facts(sizes, printed_rank))
    outside = _manifold_grid(quick, lambda n, p, pstar: pstar > n, " with p* > N")
    failing = [sizes for sizes in outside.sizes if not all(fact.holds for fact in _rank_facts(sizes, printed_rank))]
    return replace(outcome, note=f"Scope: rank W = rank T = min(p*, N); the paper's teacher is orthonormal, so p* <= N "
                                 f"and the rank is p*. Outside that setting (p* > N) it is N: the statement fails at "
                                 f"{len(failing)} of {len(outside.sizes)} sizes ({outside.description}).")


# -- App. 7.2 and 7.2.1: per-sample derivatives, the stationarity equation; Sec. 4.2: constant-loss manifolds -----

# the per-sample gradient and Hessian of App. 7.2, verbatim from the seed text
APP72_SAMPLE_QUOTE = ('=-\\frac{4}{p}\\left[\\frac{1}{p^{*}}\\sum_{l=1}^{p^{*}}u_{l}^{2}-\\frac{1}{p}\\sum_{k=1}^{p}\\lam'
                      'bda_{k}^{2}\\right]\\lambda_{p}\\vec{x}\n\nHessian:\n\nwqwp({ul},{λk},x)\\displaystyle\\nabla_{\\v'
                      'ec{w}_{q}}\\nabla_{\\vec{w}_{p}}\\ell(\\{u_{l}\\},\\{\\lambda_{k}\\},\\vec{x}) =(wqλq)λqwp({ul},{λ'
                      'k},x)\\displaystyle=(\\nabla_{\\vec{w}_{q}}\\lambda_{q})\\frac{\\partial}{\\partial\\lambda_{q}}\\'
                      'nabla_{\\vec{w}_{p}}\\ell(\\{u_{l}\\},\\{\\lambda_{k}\\},\\vec{x})\n=4pxxT{2pλqλpδqp[1pl=1pul21pk='
                      '1pλk2]}\\displaystyle=\\frac{4}{p}\\vec{x}\\vec{x}^{T}\\left\\{\\frac{2}{p}\\lambda_{q}\\lambda_{p'
                      '}-\\delta_{qp}\\left[\\frac{1}{p^{*}}\\sum_{l=1}^{p^{*}}u_{l}^{2}-\\frac{1}{p}\\sum_{k=1}^{p}\\lam'
                      'bda_{k}^{2}\\right]\\right\\}')
SAMPLE_GRADIENT_FACTOR = -sympy.Rational(4) / P  # the printed -4/p of the per-sample gradient


def _check_app72_sample(quick: bool, gradient_factor: sympy.Expr = SAMPLE_GRADIENT_FACTOR) -> Outcome:
    """The per-sample loss l = (yhat - y)^2, yhat = (1/p) sum lambda_k^2, y = (1/p*) sum u_l^2: its printed expansion,
    d l / d lambda_p = (-4/p)[y - yhat] lambda_p and d^2 l / d lambda_q d lambda_p = (4/p){(2/p) lambda_q lambda_p
    - delta_qp [y - yhat]}, against SymPy's derivatives (grad_w lambda_k = x, so the x x^T factors follow)."""
    top = 2 if quick else 4
    sizes = tuple((p, pstar) for p in range(1, top + 1) for pstar in range(1, top + 1))
    failures = []
    for p, pstar in sizes:
        lam, u = sympy.symbols(f"lambda1:{p + 1}"), sympy.symbols(f"u1:{pstar + 1}")
        teacher = sum(x**2 for x in u) / pstar
        student = sum(x**2 for x in lam) / p
        loss = (student - teacher) ** 2
        expansion = (sum(a**2 * b**2 for a in lam for b in lam) / p**2 + sum(a**2 * b**2 for a in u for b in u) / pstar**2
                     - sympy.Rational(2, p * pstar) * sum(a**2 * b**2 for a in lam for b in u))
        factor = gradient_factor.subs({P: p, PSTAR: pstar})
        if sympy.expand(expansion - loss) != 0:
            failures.append(f"(p, p*) = ({p}, {pstar}): expansion")
        for a in range(p):
            if sympy.expand(factor * (teacher - student) * lam[a] - sympy.diff(loss, lam[a])) != 0:
                failures.append(f"(p, p*) = ({p}, {pstar}): gradient in lambda_{a + 1}")
            for b in range(p):
                printed_second = sympy.Rational(4, p) * (sympy.Rational(2, p) * lam[b] * lam[a]
                                                         - int(a == b) * (teacher - student))
                if sympy.expand(printed_second - sympy.diff(loss, lam[a], lam[b])) != 0:
                    failures.append(f"(p, p*) = ({p}, {pstar}): second derivative ({b + 1}, {a + 1})")
    values = {"sizes": f"1 <= p, p* <= {top}", "points": len(sizes)}
    if not failures:
        return Outcome("verified", "The printed per-sample loss expansion, gradient and Hessian in the pre-activations "
                                   f"equal SymPy's derivatives exactly at all 1 <= p, p* <= {top}.", values=values)
    return Outcome("refuted", f"The per-sample derivatives differ at {len(failures)} checks, first {failures[0]} "
                              f"(gradient factor {gradient_factor}).", residual="; ".join(failures), values=values)


# the stationarity equation of App. 7.2.1 and its G_W form, verbatim from the seed text
APP721_STATIONARITY_QUOTE = ('\\bm{W}+\\frac{2}{p^{*}}\\bm{\\rho}\\bm{W}^{*:}-\\frac{1}{p}\\bm{W}\\,\\text{tr}(\\bm{Q})-\\frac{2'
                             '}{p}\\bm{Q}\\bm{W} =𝟎\\displaystyle=\\bm{0}\n𝔾𝑾[11ptr(𝔾𝑾)]2p𝔾𝑾2+2p𝔾𝑾𝔾𝑾:\\displaystyle\\Rightarrow'
                             '\\mathbb{G}_{\\bm{W}}\\left[1-\\frac{1}{p}\\,\\text{tr}(\\mathbb{G}_{\\bm{W}})\\right]-\\frac{2}{p'
                             '}\\mathbb{G}_{\\bm{W}}^{2}+\\frac{2}{p^{*}}\\mathbb{G}_{\\bm{W}}\\mathbb{G}_{\\bm{W}^{*:}}')
STATIONARITY_QW = sympy.Rational(2) / P  # the printed 2/p of the Q W term


def random_student(sizes: Sizes) -> StationaryPoint:
    """A generic (non-stationary) exact point: W with random integer entries over 3, the engine's teacher."""
    n, p, pstar = sizes
    W = sympy.Matrix(rank_rng(sizes).integers(-3, 4, size=(p, n)).tolist()) / 3
    return StationaryPoint("random", min(p, n), W, stationary_point("tabula-rasa", n, p, pstar).Wstar)


def _check_app721_stationarity(quick: bool, qw_coefficient: sympy.Expr = STATIONARITY_QW) -> Outcome:
    """At a generic W: the printed E(W) = W + (2/p*) rho W* - (1/p) W tr Q - (2/p) Q W equals -(p/4) times the
    engine's exact gradient (so grad R = 0 iff E = 0), and W^T E(W) = G_W [1 - tr G_W / p] - (2/p) G_W^2
    + (2/p*) G_W G_*, the printed second form."""
    def facts(sizes: Sizes) -> list[Fact]:
        n, p, pstar = sizes
        point = random_student(sizes)
        W, Wstar = point.W, point.Wstar
        Q, rho = W * W.T, W * Wstar.T
        c = qw_coefficient.subs(P, p)
        E = W + sympy.Rational(2, pstar) * rho * Wstar - W * Q.trace() / p - c * Q * W
        G, G_star = W.T * W, Wstar.T * Wstar
        gram_form = G * (1 - G.trace() / p) - c * G * G + sympy.Rational(2, pstar) * G * G_star
        return [Fact("E(W) + (p/4) grad R = 0", True, (E + sympy.Rational(p, 4) * gradient(point)).is_zero_matrix),
                Fact("W^T E(W) = the printed G-form", True, (W.T * E - gram_form).is_zero_matrix)]
    return facts_outcome(f"The printed stationarity equation (Q W coefficient {qw_coefficient}) is -(p/4) times the "
                         "engine's exact gradient at a generic rational W, and its G_W form is W^T times it",
                         grid(quick, lambda p, pstar: p, "p"), facts)


SEC42_CONSTANT_LOSS_QUOTE = ("More generally, for the same reason, it is in principle always possible to define "
                             "continuous manifolds at constant loss regardless of the specific network dimensions as "
                             "long as p>1p>1, and therefore continuous manifolds of non zero minimal loss even in the "
                             "underparametrized cases.")


def _check_sec42_constant_loss(quick: bool, least_p: int = 2) -> Outcome:
    """For p >= ``least_p`` (the paper: p > 1) and any N, p*: at a generic W the rotations W -> U W (U orthogonal,
    exact rational) leave the engine's population risk unchanged, and the orbit O(p) W is a continuous manifold
    (its tangent {A W : A antisymmetric} has dimension > 0). Underparametrised p < p* included."""
    top = 3 if quick else 5
    sizes = tuple((n, p, pstar) for n in range(1, top + 1) for p in range(least_p, top + 1)
                  for pstar in range(1, min(n, top) + 1))
    checked = Grid(f"1 <= N <= {top}, {least_p} <= p <= {top}, 1 <= p* <= N (p < p* and p > N included)", sizes)

    def facts(sizes: Sizes) -> list[Fact]:
        _, p, pstar = sizes
        point = random_student(sizes)
        risk = population_risk(landscape_model(p, pstar))

        def risk_at(W: sympy.Matrix) -> sympy.Expr:
            moved = StationaryPoint("random", point.rank, W, point.Wstar)
            return risk.xreplace(overlap_values(moved.overlaps(), p, pstar))
        rotated = rational_orthogonal(p) * point.W
        return [Fact("risk(U W) = risk(W)", True, sympy.simplify(risk_at(rotated) - risk_at(point.W)) == 0),
                Fact("orbit O(p) W is continuous (tangent dimension > 0)", True,
                     manifold.span_rank(manifold.orbit_tangent_basis(point.W)) > 0)]
    return facts_outcome(f"Rotations of the students keep the risk constant and sweep a continuous manifold for "
                         f"p >= {least_p}", checked, facts)


# -- the registry entries ---------------------------------------------------------------------------

_STUDENT = sympy.MatrixSymbol("W", P, N)
_FAMILIES = paper.STATIONARY_FAMILIES
_ORTHONORMAL = ("M (p x rank) has orthonormal columns (the paper writes M M^T = I_rank); Appendix 7.2 scaling: "
                "lambda = w.x, teacher rows orthonormal, N >= p >= p*.")


_HESSIAN_STATEMENTS = _hessian_statements()
_HESSIAN_SCALING = ("Blocks H_mn (the paper's H_pq) in Appendix 7.2 scaling (lambda = w.x, teacher rows orthonormal), "
                    "compared as pN x pN matrices at the engine's exact points.")


def _family_statement(family: str) -> sympy.Eq:
    """W = sqrt(alpha) M O^T with the printed alpha, M (p x rank), O (N x rank)."""
    rank = _FAMILIES[family].rank
    M, O = sympy.MatrixSymbol("M", P, rank), sympy.MatrixSymbol("O", N, rank)
    return sympy.Eq(_STUDENT, sympy.sqrt(_FAMILIES[family].alpha) * M * O.T, evaluate=False)


def _claim(id_: str, number: str, title: str, quote: str, statement: sympy.Basic | str,
           check: Callable[[bool], Outcome], hypotheses: tuple[str, ...], control: Control,
           method: str = "exact evaluation", assumptions: str = "") -> Claim:
    return Claim(id=id_, seed=SEED, number=number, title=title, quote=quote, statement=statement, method=method,
                 check=check, assumptions=assumptions or _ORTHONORMAL, hypotheses=hypotheses, control=control)


def _altered_family(family: str, alpha: sympy.Expr) -> paper.StationaryFamily:
    return replace(_FAMILIES[family], alpha=alpha)


R, S_ = paper.R_RANK, paper.S_RANK
PLATEAU = LANDSCAPE + (PLATEAU_ROOM,)
MANIFOLD = (TEACHER, RISK, SOLUTION_EXISTS)
_HESSIAN_CONTROL = {name: Control(f"the prefactor {text} of the printed blocks replaced by {altered}",
                                  partial(check, printed_blocks=rescaled(_printed_blocks(name), factor)))
                    for name, text, altered, factor, check in (
                        ("tabula-rasa", "-4/p", "-5/p", sympy.Rational(5, 4), _check_hessian_tabula_rasa),
                        ("plateau", "-8/p", "-9/p", sympy.Rational(9, 8), _check_hessian_plateau),
                        ("zero-error", "8/(p p*)", "9/(p p*)", sympy.Rational(9, 8), _check_hessian_zero_error),
                        ("aligned", "-8/p", "-9/p", sympy.Rational(9, 8), _check_hessian_aligned))}

CLAIMS: list[Claim] = [
    _claim("003-eq26", "eq. (26)", "tabula rasa stationary point", _FAMILIES["tabula-rasa"].quote,
           sympy.And(sympy.Eq(sympy.Symbol("Q_kk'"), 0), sympy.Eq(sympy.Symbol("rho_kl"), 0)), _check_eq26, LANDSCAPE,
           Control("Q_kk' = 0 replaced by Q = I_p (rho = 0 kept)", partial(_check_eq26, printed_q=sympy.Integer(1)))),
    _claim("003-eq26-b", "Sec. 4.2 after eq. (26)", "tabula rasa is a local maximum", EQ26_HESSIAN_QUOTE,
           sympy.Eq(N_NEG, P * N), _check_eq26_hessian, LANDSCAPE,
           Control("pN negative eigenvalues replaced by pN - 1", partial(_check_eq26_hessian,
                                                                         printed_negative=P * N - 1))),
    _claim("003-eq28", "eqs. (27)-(28)", "uncorrelated stationary points", _FAMILIES["uncorrelated"].quote,
           _family_statement("uncorrelated"), _check_eq28, LANDSCAPE,
           Control("alpha = p/(2 + r) replaced by p/(3 + r)",
                   partial(_check_eq28, printed_family=_altered_family("uncorrelated", P / (3 + R))))),
    _claim("003-eq28-b", "Sec. 4.2 after eq. (28)", "the plateau is a saddle", EQ28_SADDLE_QUOTE,
           "The plateau (r = p) has negative, positive and null Hessian eigenvalues.", _check_eq28_saddle, PLATEAU,
           Control("'saddles with mixed positive, negative, and null' replaced by 'positive and null only' (a minimum)",
                   partial(_check_eq28_saddle, printed_signs=("positive", "null")))),
    _claim("003-eq29", "eq. (29)", "plateau negative-to-null ratio", PLATEAU_RATIO.quote,
           sympy.Eq(N_NEG / N_NULL, PLATEAU_RATIO.value), _check_eq29, PLATEAU,
           Control("the -1/2 of the denominator replaced by +1/2",
                   partial(_check_eq29, printed_ratio=PSTAR / (N - PSTAR - P / 2 + sympy.Rational(1, 2)))),
           assumptions="Plateau point r = p of eq. (28), N >= p + p*, where there are null eigenvalues (all but N = 2, "
                       "p = p* = 1)."),
    _claim("003-eq29-weak-p", "Sec. 4.2 after eq. (29)", "p enters the ratio only at subleading order",
           EQ29_WEAK_P_QUOTE, "#negative/#null = p*/N + O(1/N^2), p entering first at order 1/N^2.", _check_eq29_weak_p,
           PLATEAU, Control("the numerator p* of eq. (29) replaced by p p*",
                            partial(_check_eq29_weak_p, printed_ratio=P * PLATEAU_RATIO.value)),
           assumptions="Plateau point r = p of eq. (28); the ratio expanded in 1/N at fixed p, p*."),
    _claim("003-eq30", "eq. (30)", "correlated stationary points", _FAMILIES["correlated"].quote,
           _family_statement("correlated"), _check_eq30, LANDSCAPE,
           Control("alpha = p(2 + p*)/(p*(2 + s)) replaced by p(2 + p*)/(p*(3 + s))",
                   partial(_check_eq30, printed_family=_altered_family("correlated",
                                                                        P * (2 + PSTAR) / (PSTAR * (3 + S_))))),
           assumptions="The printed M W*^T (p x s times N x p*) is read as in App. 7.2.1: M O^T with the s rows of O^T "
                       "orthonormal combinations of the teacher vectors (M W* at s = p*). " + _ORTHONORMAL),
    _claim("003-eq30-b", "Sec. 4.2 after eq. (30)", "full rank gives the zero-error solutions", EQ30_ZERO_ERROR_QUOTE,
           sympy.Eq(sympy.Symbol("R"), 0), _check_eq30_zero_error, LANDSCAPE,
           Control("full rank s = p* replaced by s = p* - 1", partial(_check_eq30_zero_error, printed_rank=PSTAR - 1))),
    _claim("003-eq30-c", "Sec. 4.2 after eq. (30)", "zero-error spectrum: positive and null only", EQ30_SPECTRUM_QUOTE,
           sympy.And(sympy.Eq(N_NEG, 0), sympy.Eq(N_POS, SEC42_POSITIVE.value)), _check_eq30_spectrum, LANDSCAPE,
           Control("p*(N - p*) + p*(p*+1)/2 positive eigenvalues replaced by one more",
                   partial(_check_eq30_spectrum, printed_positive=SEC42_POSITIVE.value + 1))),
    _claim("003-sec42-tangent", "Sec. 4.2 after eq. (30)", "tangent null directions", SEC42_TANGENT_QUOTE,
           sympy.Eq(DIM, paper.MANIFOLD_CLAIMS["sec42-tangent"].expression), _check_sec42_tangent, LANDSCAPE,
           Control("p p* - p*(p*+1)/2 replaced by p p* - p*(p*-1)/2",
                   partial(_check_sec42_tangent, printed_count=P * PSTAR - PSTAR * (PSTAR - 1) / 2))),
    _claim("003-sec42-extra", "Sec. 4.2 after eq. (30)", "non-symmetry null directions", SEC42_EXTRA_QUOTE,
           sympy.Eq(N_NULL - DIM, paper.MANIFOLD_CLAIMS["non-tangent"].expression), _check_sec42_extra, LANDSCAPE,
           Control("(N - p*)(p - p*) replaced by (N - p)(p - p*)",
                   partial(_check_sec42_extra, printed_count=(N - P) * (P - PSTAR)))),
    _claim("003-sec42-square", "Sec. 4.2 after eq. (30)", "flat directions persist at p = p*", SEC42_SQUARE_QUOTE,
           sympy.Eq(N_NULL, PSTAR * (PSTAR - 1) / 2), _check_sec42_square, LANDSCAPE,
           Control("p*(p*-1)/2 null directions replaced by p*(p*+1)/2",
                   partial(_check_sec42_square, printed_count=PSTAR * (PSTAR + 1) / 2))),
    _claim("003-sec42-constant-loss", "Sec. 4.2 (end)", "constant-loss manifolds whenever p > 1",
           SEC42_CONSTANT_LOSS_QUOTE, "For p > 1 and any N, p*, the orbit {U W : U in O(p)} of any W != 0 is a "
           "continuous manifold of constant risk.", _check_sec42_constant_loss, (TEACHER, RISK),
           Control("'as long as p > 1' replaced by 'p >= 1'", partial(_check_sec42_constant_loss, least_p=1)),
           assumptions="Checked at a generic rational W: risk(U W) = risk(W) for an exact rational orthogonal U, and "
                       "the orbit's tangent {A W : A antisymmetric} has positive dimension."),
    _claim("003-app72-sample", "Appendix 7.2 (loss, gradient, Hessian)", "per-sample derivatives",
           APP72_SAMPLE_QUOTE,
           sympy.Eq(sympy.Symbol("dl/dlambda_p"), SAMPLE_GRADIENT_FACTOR * sympy.Symbol("(y - yhat)")
                    * sympy.Symbol("lambda_p")), _check_app72_sample, (RISK,),
           Control("the gradient's -4/p replaced by -2/p", partial(_check_app72_sample, gradient_factor=-2 / P)),
           method="exact symbolic identity",
           assumptions="lambda_k = w_k . x, u_l = w*_l . x; grad_w lambda = x, so the x and x x^T factors follow."),
    _claim("003-app721-stationarity", "Appendix 7.2.1", "stationarity equation in matrix form",
           APP721_STATIONARITY_QUOTE,
           "W + (2/p*) rho W* - (1/p) W tr Q - (2/p) Q W = -(p/4) grad R, and W^T times it is "
           "G_W [1 - tr G_W / p] - (2/p) G_W^2 + (2/p*) G_W G_*.", _check_app721_stationarity, (TEACHER, RISK),
           Control("the 2/p of the Q W term replaced by 1/p",
                   partial(_check_app721_stationarity, qw_coefficient=1 / P))),
    _claim("003-app722-tabula-rasa", "Appendix 7.2.2 table (tabula rasa)", "Hessian eigenvalues at W = 0",
           table_quote("tabula-rasa"), table_statement("tabula-rasa"), _check_table_tabula_rasa, LANDSCAPE,
           _table_control("tabula-rasa")),
    _claim("003-app722-plateau", "Appendix 7.2.2 table (plateau)", "Hessian eigenvalues at the plateau",
           table_quote("plateau"), table_statement("plateau"), _check_table_plateau, PLATEAU,
           _table_control("plateau")),
    _claim("003-app722-plateau-range", "Appendix 7.2.2 after the plateau table", "ratio 'up to p = N'",
           paper.EQ29_RANGE_QUOTE + "\n\n# NEGATIVE EIGENVALUES# NULL EIGENVALUES=pN/2p1/2"
           "\\frac{\\textit{\\# NEGATIVE EIGENVALUES}}{\\textit{\\# NULL EIGENVALUES}}=\\frac{p^{*}}{N/2-p^{*}-1/2}",
           sympy.Eq(N_NEG / N_NULL, EQ29_RANGE_STATED), _check_eq29_range, RANGE_HYPOTHESES,
           Control("the stated p*/(N/2 - p* - 1/2) replaced by 2 p*/(N/2 - p* - 1/2)",
                   partial(_check_eq29_range, stated=2 * EQ29_RANGE_STATED)),
           assumptions="The plateau ratio of eq. (29) at p = N, the end of the range the paper states."),
    _claim("003-app722-zero-error", "Appendix 7.2.2 table (solution)", "Hessian eigenvalues at zero error",
           table_quote("zero-error"), table_statement("zero-error"), _check_table_zero_error, LANDSCAPE,
           _table_control("zero-error")),
    _claim("003-app722-hessian-tabula-rasa", "Appendix 7.2.2 (tabula rasa Hessian)", "Hessian blocks at W = 0",
           paper.HESSIAN_QUOTES["tabula-rasa"], _HESSIAN_STATEMENTS["tabula-rasa"], _check_hessian_tabula_rasa,
           LANDSCAPE, _HESSIAN_CONTROL["tabula-rasa"], assumptions=_HESSIAN_SCALING),
    _claim("003-app722-hessian-plateau", "Appendix 7.2.2 (plateau Hessian)", "Hessian blocks at the plateau",
           paper.HESSIAN_QUOTES["plateau"], _HESSIAN_STATEMENTS["plateau"], _check_hessian_plateau, PLATEAU,
           _HESSIAN_CONTROL["plateau"],
           assumptions="The printed last term (1/p) w_k w_k^T has a free index k and is read as (1/p) sum_k w_k w_k^T "
                       "= W^T W / p, the sum of eq. (25) (the other reading is listed). Point: eq. (28) at r = p, "
                       "Q = p/(p+2) I, rho = 0. " + _HESSIAN_SCALING),
    _claim("003-app722-hessian-zero-error", "Appendix 7.2.2 (solution Hessian)", "Hessian blocks at zero error",
           paper.HESSIAN_QUOTES["zero-error"], _HESSIAN_STATEMENTS["zero-error"], _check_hessian_zero_error, LANDSCAPE,
           _HESSIAN_CONTROL["zero-error"],
           assumptions="W = sqrt(p/p*) S W*, S^T S = I_p*; s_m^T is the m-th row of S. " + _HESSIAN_SCALING),
    _claim("003-app723-general", "Appendix 7.2.3", "first-order perturbations of S", APP723_GENERAL_QUOTE,
           sympy.Eq(sympy.Symbol("deltaS"),
                    sympy.Symbol("S") * sympy.Symbol("Omega") + sympy.Symbol("S_perp") * sympy.Symbol("K")),
           _check_app723_general, LANDSCAPE,
           Control("Omega antisymmetric replaced by Omega symmetric",
                   partial(_check_app723_general, omegas=_symmetric))),
    _claim("003-app723-family-1", "Appendix 7.2.3", "first tangent family (S_perp K)", APP723_FAMILY1_QUOTE,
           sympy.Eq(DIM, paper.MANIFOLD_CLAIMS["tangent-family-1"].expression), _check_app723_family1, LANDSCAPE,
           Control("p*(p - p*) replaced by p(p - p*)", partial(_check_app723_family1, printed_count=P * (P - PSTAR)))),
    _claim("003-app723-family-2", "Appendix 7.2.3", "second tangent family (S Omega)", APP723_FAMILY2_QUOTE,
           sympy.Eq(DIM, paper.MANIFOLD_CLAIMS["tangent-family-2"].expression), _check_app723_family2, LANDSCAPE,
           Control("p*(p*-1)/2 replaced by p*(p*+1)/2",
                   partial(_check_app723_family2, printed_count=PSTAR * (PSTAR + 1) / 2))),
    _claim("003-app723-total", "Appendix 7.2.3", "tangent families span the manifold", APP723_TOTAL_QUOTE,
           sympy.Eq(paper.MANIFOLD_CLAIMS["tangent-family-1"].expression
                    + paper.MANIFOLD_CLAIMS["tangent-family-2"].expression,
                    paper.MANIFOLD_CLAIMS["tangent-total"].expression, evaluate=False), _check_app723_total, LANDSCAPE,
           Control("the total p p* - p*(p*+1)/2 replaced by p p* - p*(p*-1)/2",
                   partial(_check_app723_total, printed_total=P * PSTAR - PSTAR * (PSTAR - 1) / 2))),
    _claim("003-app723-non-tangent", "Appendix 7.2.3", "null directions not tangent", APP723_NON_TANGENT_QUOTE,
           "The x v null family (x in the null space of S S^T, v orthogonal to the teacher) is Hessian-flat but not "
           "tangent to the zero-error manifold.", _check_app723_non_tangent, LANDSCAPE,
           Control("the x v family replaced by the x w*_l family", partial(_check_app723_non_tangent,
                                                                           family="x w*_l"))),
    _claim("003-app722-aligned", "Appendix 7.2.2 table (aligned, p* > 1)", "Hessian eigenvalues, all aligned",
           table_quote("aligned"), table_statement("aligned"), _check_table_aligned, LANDSCAPE,
           _table_control("aligned")),
    _claim("003-app722-hessian-aligned", "Appendix 7.2.2 (aligned Hessian)", "Hessian blocks, all aligned to w*_1",
           paper.HESSIAN_QUOTES["aligned"], _HESSIAN_STATEMENTS["aligned"], _check_hessian_aligned, LANDSCAPE,
           _HESSIAN_CONTROL["aligned"],
           assumptions="Example 4 of App. 7.2.1: W = sqrt(p(2+p*)/(3p*)) v w*_1^T, v a generic unit p-vector; "
                       "Q_q = sqrt(Q_qq) as printed, and the signed q_q = w_q . w*_1 of the table's eigenvectors. "
                       + _HESSIAN_SCALING),
    _claim("003-app722-aligned-p1", "Appendix 7.2.2 after the aligned table", "aligned = zero error at p = p* = 1",
           ALIGNED_P1_QUOTE, "At p = p* = 1 the aligned point is the zero-error solution and the two tables coincide.",
           _check_aligned_p1, LANDSCAPE,
           Control(f"the zero-error table's last multiplicity {paper.TABLES['zero-error'].rows[-1].multiplicity} "
                   "increased by one", partial(_check_aligned_p1, zero_error_table=altered_table("zero-error")))),
    _claim("003-app75-dof", "Appendix 7.5.1 (p <= N)", "student degrees of freedom", DOF_QUOTES[0],
           sympy.Eq(sympy.Symbol("DOF"), DOF_NARROW), _check_app75_dof, (RISK,),
           Control("Np - p(p-1)/2 replaced by Np - p(p+1)/2",
                   partial(_check_app75_dof, printed_dof=N * P - P * (P + 1) / 2)),
           assumptions="DOF = dimension of the set of G_W = W^T W reachable near a generic W (rank of dF)."),
    _claim("003-app75-dof-b", "Appendix 7.5.1 (p > N)", "saturated degrees of freedom", DOF_QUOTES[1],
           sympy.Eq(sympy.Symbol("DOF"), DOF_WIDE), _check_app75_dof_wide, (RISK,),
           Control("N(N+1)/2 replaced by N(N-1)/2", partial(_check_app75_dof_wide, printed_dof=N * (N - 1) / 2)),
           assumptions="DOF = dimension of the set of G_W = W^T W reachable near a generic W (rank of dF)."),
    _claim("003-app752-rank", "Appendix 7.5.2", "rank of a zero-error student", paper.RANK_QUOTE,
           sympy.Eq(sympy.Symbol("rank_W"), PSTAR), _check_app752_rank, MANIFOLD,
           Control("rank(W) = p* replaced by p* - 1", partial(_check_app752_rank, printed_rank=PSTAR - 1)),
           assumptions="Teacher T of rank p* <= N (the paper's orthonormal teacher; a random integer T of rank p* here, "
                       "rank being all that matters); zero error means W^T W = (p/p*) T^T T."),
    _claim("003-app75-manifold", "Appendix 7.5.2", "dimension of the solution manifold",
           paper.MANIFOLD_CLAIMS["manifold-dimension"].quote,
           sympy.Eq(DIM, MANIFOLD_DIMENSION), _check_app75_manifold, MANIFOLD,
           Control("(p - q)(p - q - 1)/2 replaced by (p - q)(p - q + 1)/2, q = min(p*, N)",
                   partial(_check_app75_manifold, printed_dimension=P * (P - 1) / 2 - (P - sympy.Min(PSTAR, N))
                           * (P - sympy.Min(PSTAR, N) + 1) / 2)),
           assumptions="General teacher (rank min(p*, N)), as the section's min(p*, N) admits; a solution exists for "
                       "p >= min(p*, N)."),
    _claim("003-app75-manifold-b", "Appendix 7.5.2 (p <= N)", "manifold dimension for p <= N",
           paper.MANIFOLD_CLAIMS["manifold-dimension-p-le-N"].quote,
           sympy.Eq(DIM, MANIFOLD_P_LE_N), _check_app75_manifold_p_le_n, MANIFOLD,
           Control("p p* - p*(p*+1)/2 replaced by p p* - p*(p*-1)/2",
                   partial(_check_app75_manifold_p_le_n, printed_dimension=P * PSTAR - PSTAR * (PSTAR - 1) / 2)),
           assumptions="For p <= N, in the paper's setting p* <= N (orthonormal teacher) and p >= p* (a solution)."),
    _claim("003-app75-phase-retrieval", "Appendix 7.5.2 (p* = 1)", "phase retrieval manifold",
           paper.MANIFOLD_CLAIMS["phase-retrieval"].quote, sympy.Eq(DIM, P - 1), _check_app75_phase_retrieval,
           MANIFOLD, Control("p - 1 replaced by p", partial(_check_app75_phase_retrieval, printed_dimension=P)),
           assumptions="p* = 1, p >= 1."),
]

# -- coverage of the paper's sections (in the paper's order) ------------------------------------------------

COVERAGE: tuple[Section, ...] = (
    Section(SEED, "Sec. 4.2 Landscape (stationary points and Hessian spectra)", claims=(
        "003-eq26", "003-eq26-b", "003-eq28", "003-eq28-b", "003-eq29", "003-eq29-weak-p", "003-eq30", "003-eq30-b",
        "003-eq30-c", "003-sec42-tangent", "003-sec42-extra", "003-sec42-square", "003-sec42-constant-loss"),
        not_checked="Eqs. (23)-(25) (risk, gradient, Hessian) are registered in numerics/papers/seed003/claims.py "
                    "(003-eq23, 003-eq24, 003-eq25), as is the opening remark on gradient flow (dynamics). 'Which "
                    "governs escape dynamics' and 'consistent with the decreasing with p of the population loss ... by "
                    "only a prefactor' interpret Sec. 4.1's dynamics, not the landscape. 'Continuous manifolds of non "
                    "zero minimal loss even in the underparametrized cases' is checked through its argument (rotations "
                    "keep the risk at every W, p < p* included), not by locating the minimisers."),
    Section(SEED, "App. 7.2 Study of the population risk landscape (scalings, loss, derivatives)",
            claims=("003-app72-sample",),
            not_checked="The scalings are definitions of App. 7.2's convention (the engine's seed003-appendix model "
                        "follows them); the averaged risk, gradient and Hessian repeat eqs. (23)-(25) term by term and "
                        "are checked there (seed003.py)."),
    Section(SEED, "App. 7.2.1 Stationary points", claims=("003-app721-stationarity",),
            not_checked="The families and their alpha (Examples 1-4: p/(2 + r), p(2 + p*)/(p*(2 + r)), p/3, "
                        "p(2 + p*)/(3p*)) restate eqs. (26)-(30) and are checked there at every rank (003-eq26, "
                        "003-eq28, 003-eq30); the step 'G_W G_* and G_W^2 must be proportional' is an argument whose conclusions "
                        "are checked; 'this cannot be used in the solution of the N -> infinity equations' concerns the "
                        "ODEs, not the landscape."),
    Section(SEED, "App. 7.2.2 Study of the Hessian (tabula rasa, plateau, solution)", claims=(
        "003-app722-tabula-rasa", "003-app722-plateau", "003-app722-plateau-range", "003-app722-zero-error",
        "003-app722-hessian-tabula-rasa", "003-app722-hessian-plateau", "003-app722-hessian-zero-error"),
        not_checked="The eigenvectors listed beside each eigenvalue are checked through the multiplicities and, at the "
                    "solution, the null families (App. 7.2.3 claims); 'this point corresponds to a local maximum' and "
                    "'these points don't have negative directions since they correspond to the global minima' repeat "
                    "003-eq26-b and 003-eq30-c; 'their norm is fixed at p/(2+p)' is eq. (28) at r = p (003-eq28)."),
    Section(SEED, "App. 7.2.3 Tangent flat directions at solutions", claims=(
        "003-app723-general", "003-app723-family-1", "003-app723-family-2", "003-app723-total",
        "003-app723-non-tangent"),
        not_checked="'x in the column space of S_perp, which is exactly the null eigenspace of S S^T' is the "
                    "definition of S_perp (used by the family checks)."),
    Section(SEED, "App. 7.2.3 (continued) All the students aligned to one teacher", claims=(
        "003-app722-aligned", "003-app722-hessian-aligned", "003-app722-aligned-p1"),
        not_checked="'This point is not relevant in the random initialization dynamics' is about the dynamics; 'the "
                    "sum of the norms of the students is fixed to p(2+p*)/(3p*)' is eq. (30) at s = 1 (003-eq30)."),
    Section(SEED, "App. 7.5.1 Student network expressivity", claims=("003-app75-dof", "003-app75-dof-b"),
            not_checked="The DOF is defined here (dimension of the reachable G_W); its range [0, N(N+1)/2] follows "
                        "from G_W being symmetric; Figure 5 is an image absent from the text (its content is the two "
                        "DOF formulas)."),
    Section(SEED, "App. 7.5.2 Dimension of the solutions manifold", claims=(
        "003-app752-rank", "003-app75-manifold", "003-app75-manifold-b", "003-app75-phase-retrieval"),
        not_checked="'All the other solutions can be obtained by applying a rotation' (W^T W = W'^T W' implies W' = U W) "
                    "is the standard fact behind the manifold check, which computes the orbit's dimension; the range "
                    "[0, pN] is immediate; Figure 6 is an image absent from the text; the explanation of the "
                    "phase-retrieval count (p - 1 free norms) is checked as the count."),
)
