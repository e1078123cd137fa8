r"""Seed 003 (Bocchi et al.): the landscape claims, checked exactly at grids of small sizes.

Covered: Section 4.2, eqs. (26)-(30) and the statements after them (the stationary points and their Hessian
spectra), every eigenvalue table of Appendix 7.2.2 (one claim per table, its values, multiplicities and
printed totals), the tangent and null-direction families of Appendix 7.2.3, the counts of Appendix 7.5
(student degrees of freedom, dimension of the zero-error manifold), the Hessian blocks printed at each point of
Appendix 7.2.2 (compared as exact pN x pN matrices with the engine's Hessian, ``hessian.exact_dense_hessian``) and
the rank of a zero-error student (App. 7.5.2).

How: the paper's statements are the transcriptions of :mod:`numerics.transcriptions.seed003_landscape`;
the engine's side comes from :mod:`numerics.landscape`: exact stationary points (``points``), the exact
derived gradient (``is_stationary_exact``), exact Hessian spectra whose multiplicities are polynomials in
the input dimension N (``hessian.exact_spectrum``; a spectrum compared at (p, p*) therefore holds at every
N where the point exists), the table comparison (``compare.compare``) and exact ranks of null-direction
spaces (``manifold``).  Every check runs a list of :class:`Fact` (what the paper states and what the
engine computes) at every size of a :class:`Grid`; a claim is "verified" when all facts agree at all sizes,
which the summary names ("at the sizes checked").  ``quick`` selects the smaller grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np
import sympy

from derive.concrete import population_risk
from derive.model import N_SYMBOL
from numerics.landscape import manifold
from numerics.landscape.compare import Comparison, eigen_rows, instantiate_widths, compare
from numerics.landscape.hessian import exact_dense_hessian
from numerics.landscape.points import (
    StationaryPoint,
    exact_simplify,
    is_stationary_exact,
    landscape_model,
    overlap_values,
    stationary_point,
)
from numerics.transcriptions import seed003_landscape as paper

from .base import Claim, Outcome

__all__ = ["CLAIMS", "Fact", "Grid", "grid", "facts_outcome", "table_outcome"]

SEED = paper.SEED_FILE
Sizes = tuple[int, int, int]
N, P, PSTAR = paper.N, paper.P, paper.PSTAR
N_NEG, N_NULL, N_POS = sympy.symbols("n_neg n_null n_pos")
DIM = sympy.Symbol("dim")


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
def comparison_at(family: str, sizes: Sizes, rank: int | None = None) -> Comparison:
    """The engine's exact spectrum beside the paper's table at that point (numerics.landscape.compare), cached."""
    return compare(family, *sizes, rank=rank)


def counts_at(family: str, sizes: Sizes, rank: int | None = None) -> dict[str, sympy.Expr]:
    """Numbers of negative, null and positive Hessian eigenvalues, as polynomials in the symbolic N."""
    return comparison_at(family, sizes, rank).spectrum.counts()


def printed(expr: sympy.Expr, sizes: Sizes) -> sympy.Expr:
    """A printed count at the widths (p, p*) of ``sizes``, as a function of the engine's symbolic N."""
    _, p, pstar = sizes
    return instantiate_widths(sympy.sympify(expr), p, pstar)


def printed_at(expr: sympy.Expr, sizes: Sizes) -> sympy.Expr:
    """A printed expression at the integer sizes (N, p, p*)."""
    n, p, pstar = sizes
    return sympy.sympify(expr).subs({N: n, P: p, PSTAR: pstar})


# -- eq. (26): tabula rasa ------------------------------------------------------------------------

EQ26_HESSIAN_QUOTE = ("A complete analysis of the Hessian at this point reveals all eigenvalues are negative, "
                      "confirming this trivial solution represents a local maximum in the risk landscape.")


def _grid_tabula_rasa(quick: bool) -> Grid:
    return grid(quick, lambda p, pstar: p, "p")


def _check_eq26(quick: bool) -> Outcome:
    """W = 0 is stationary (exact derived gradient) with every overlap Q_kk', rho_kl zero."""
    def facts(sizes: Sizes) -> list[Fact]:
        point = point_at("tabula-rasa", sizes)
        student_overlaps = point.overlaps()[point.pstar:, :]
        return [Fact("exact gradient vanishes", True, is_stationary_exact(point)),
                Fact("Q = 0 and rho = 0", True, student_overlaps.is_zero_matrix)]
    return facts_outcome("W = 0 is a stationary point with Q = 0, rho = 0", _grid_tabula_rasa(quick), facts)


def _check_eq26_hessian(quick: bool) -> Outcome:
    """All pN Hessian eigenvalues at W = 0 are negative (a local maximum)."""
    def facts(sizes: Sizes) -> list[Fact]:
        counts = counts_at("tabula-rasa", sizes)
        return [Fact("#negative eigenvalues = pN", printed(P * N, sizes), counts["negative"])]
    return facts_outcome("At W = 0 all pN Hessian eigenvalues are negative (a local maximum; counts as "
                         "polynomials in N)", _grid_tabula_rasa(quick), facts)


# -- eqs. (27)-(29): students uncorrelated with the teacher, the plateau --------------------------------

EQ28_SADDLE_QUOTE = ("Analysis of the Hessian reveals these points are saddles with mixed positive, negative, "
                     "and null eigenvalues.")
PLATEAU_RATIO = next(claim for claim in paper.COUNT_CLAIMS if claim.name == "eq29")


def _grid_plateau(quick: bool, spare: int = 0) -> Grid:
    """Plateau sizes: the plateau needs N >= p + p* (p orthonormal students orthogonal to the teacher)."""
    text = "p + p*" + (f" + {spare}" if spare else "")
    return grid(quick, lambda p, pstar: p + pstar + spare, text)


def _family_facts(family: str, sizes: Sizes, rank: int) -> list[Fact]:
    """Eq. (28) or (30) at one rank: the point W = sqrt(alpha) M O^T is stationary, has rank ``rank`` and
    tr Q = alpha * rank with the printed alpha (Q = alpha M M^T, M with orthonormal columns)."""
    printed_family = paper.STATIONARY_FAMILIES[family]
    alpha = printed_at(printed_family.alpha.subs(printed_family.rank, rank), sizes)
    point = point_at(family, sizes, rank)
    Q = point.overlaps()[point.pstar:, point.pstar:]
    return [Fact(f"rank {rank}: exact gradient vanishes", True, is_stationary_exact(point)),
            Fact(f"rank {rank}: rank W", sympy.Integer(rank), sympy.Integer(point.W.rank(simplify=True))),
            Fact(f"rank {rank}: tr Q = alpha r", alpha * rank, Q.trace())]


def _check_eq28(quick: bool) -> Outcome:
    """Eqs. (27)-(28): for every r in [0, p], W = sqrt(p/(2 + r)) M O^T (O^T's r rows orthonormal and orthogonal
    to the teacher) is stationary with W W*^T = 0; at r = p, Q = p/(p+2) I (the plateau)."""
    def facts(sizes: Sizes) -> list[Fact]:
        _, p, pstar = sizes
        out = [fact for r in range(p + 1) for fact in _family_facts("uncorrelated", sizes, r)]
        for r in range(p + 1):
            rho = point_at("uncorrelated", sizes, r).overlaps()[pstar:, :pstar]
            out.append(Fact(f"rank {r}: W W*^T = 0", True, rho.is_zero_matrix))
        plateau = point_at("uncorrelated", sizes, p).overlaps()[pstar:, pstar:]
        return out + [Fact("plateau Q = p/(p+2) I", True, plateau == sympy.Rational(p, p + 2) * sympy.eye(p))]
    return facts_outcome("For every rank r in [0, p] the printed W = sqrt(p/(2+r)) M O^T is an exact stationary "
                         "point orthogonal to the teacher, and r = p gives Q = p/(p+2) I", _grid_plateau(quick), facts)


def _check_eq28_saddle(quick: bool) -> Outcome:
    """The plateau (r = p) has negative and positive Hessian eigenvalues, and null ones unless p = 1, N = p* + 1."""
    def facts(sizes: Sizes) -> list[Fact]:
        n, p, pstar = sizes
        counts = {sign: count.subs(N_SYMBOL, n) for sign, count in counts_at("uncorrelated", sizes).items()}
        out = [Fact("has negative eigenvalues", True, bool(counts["negative"] > 0)),
               Fact("has positive eigenvalues", True, bool(counts["positive"] > 0))]
        if not (p == 1 and n == pstar + 1):  # there the paper's own table gives 0 null eigenvalues
            out.append(Fact("has null eigenvalues", True, bool(counts["null"] > 0)))
        return out
    return facts_outcome("The plateau is a saddle with negative, positive and null Hessian eigenvalues (null ones "
                         "except at p = 1, N = p* + 1, where the paper's own table has none)",
                         _grid_plateau(quick), facts)


def _check_eq29(quick: bool) -> Outcome:
    """#negative/#null at the plateau = p*/(N - p* - p/2 - 1/2), as functions of N (N >= p + p* + 1)."""
    def facts(sizes: Sizes) -> list[Fact]:
        counts = counts_at("uncorrelated", sizes)
        return [Fact("#negative/#null", printed(PLATEAU_RATIO.value, sizes), counts["negative"] / counts["null"])]
    return facts_outcome("The ratio #negative/#null of plateau Hessian eigenvalues equals p*/(N - p* - p/2 - 1/2) as a "
                         "function of N", _grid_plateau(quick, spare=1), facts)


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


def _check_eq30(quick: bool) -> Outcome:
    """Eq. (30): for every s in [0, p*], W = sqrt(p(2+p*)/(p*(2+s))) M O^T (O^T's s rows orthonormal in the
    teacher span) is stationary, and its students lie in the teacher span (rho rho^T = Q, App. 7.2.1)."""
    def facts(sizes: Sizes) -> list[Fact]:
        _, _, pstar = sizes
        out = [fact for s in range(pstar + 1) for fact in _family_facts("correlated", sizes, s)]
        for s in range(pstar + 1):
            overlaps = point_at("correlated", sizes, s).overlaps()
            rho, Q = overlaps[pstar:, :pstar], overlaps[pstar:, pstar:]
            out.append(Fact(f"rank {s}: rho rho^T = Q", True, (rho * rho.T - Q).is_zero_matrix))
        return out
    return facts_outcome("For every rank s in [0, p*] the printed W = sqrt(p(2+p*)/(p*(2+s))) M O^T (rows of O^T in "
                         "the teacher span) is an exact stationary point", _grid_solution(quick), facts)


def zero_error_facts(point: StationaryPoint) -> list[Fact]:
    """The point is a zero-error solution: population risk (derived by the engine) exactly 0 and
    W^T W = (p/p*) W*^T W* (App. 7.2.1, Example 3)."""
    p, pstar = point.p, point.pstar
    risk = population_risk(landscape_model(p, pstar)).xreplace(overlap_values(point.overlaps(), p, pstar))
    gram = (point.W.T * point.W - sympy.Rational(p, pstar) * point.Wstar.T * point.Wstar).applyfunc(sympy.simplify)
    return [Fact("risk", sympy.Integer(0), sympy.simplify(risk)),
            Fact("W^T W = (p/p*) W*^T W*", True, gram.is_zero_matrix)]


def _check_eq30_zero_error(quick: bool) -> Outcome:
    """At s = p*: the population risk (derived by the engine) is exactly 0 and W^T W = (p/p*) W*^T W*."""
    return facts_outcome("At full rank s = p* the points of eq. (30) have zero population risk and W^T W = "
                         "(p/p*) W*^T W*", _grid_solution(quick),
                         lambda sizes: zero_error_facts(point_at("correlated", sizes, sizes[2])))


def _check_eq30_spectrum(quick: bool) -> Outcome:
    """At the zero-error points: no negative eigenvalue, p*(N - p*) + p*(p*+1)/2 positive ones."""
    def facts(sizes: Sizes) -> list[Fact]:
        counts = counts_at("correlated", sizes)
        return [Fact("#negative", sympy.Integer(0), counts["negative"]),
                Fact("#positive", printed(SEC42_POSITIVE.value, sizes), counts["positive"])]
    return facts_outcome("The zero-error Hessian has no negative eigenvalue and p*(N - p*) + p*(p*+1)/2 positive "
                         "ones (as polynomials in N)", _grid_solution(quick), facts)


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


def _manifold_count(name: str, sizes: Sizes) -> sympy.Expr:
    return paper.MANIFOLD_CLAIMS[name].value(*sizes)


def _check_sec42_tangent(quick: bool) -> Outcome:
    """p p* - p*(p*+1)/2 null directions span the tangent space of the zero-error manifold, which is the
    linearised rotation orbit (dimension of the span of {A W : A antisymmetric})."""
    def facts(sizes: Sizes) -> list[Fact]:
        analysis = null_analysis(sizes)
        expected = _manifold_count("sec42-tangent", sizes)
        return [Fact("dim tangent space", expected, sympy.Integer(analysis.tangent)),
                Fact("dim linearised rotations", expected, sympy.Integer(analysis.orbit_tangent)),
                Fact("tangent space inside the Hessian kernel", True, analysis.tangent_in_null)]
    return facts_outcome("The tangent space of the zero-error manifold (the linearised rotations) has dimension "
                         "p p* - p*(p*+1)/2 and lies in the Hessian kernel", _grid_null(quick), facts)


def _check_sec42_extra(quick: bool) -> Outcome:
    """The Hessian kernel has (N - p*)(p - p*) more directions than the tangent space, meeting it only in 0."""
    def facts(sizes: Sizes) -> list[Fact]:
        analysis = null_analysis(sizes)
        expected = _manifold_count("non-tangent", sizes)
        return [Fact("dim kernel - dim tangent", expected, sympy.Integer(analysis.non_tangent)),
                Fact("dim of the x v family", expected, sympy.Integer(analysis.families["x v"])),
                Fact("x v family meets the tangent space in", sympy.Integer(0),
                     sympy.Integer(analysis.non_tangent_meets_tangent))]
    return facts_outcome("Beyond the tangent space the Hessian kernel has (N - p*)(p - p*) directions (zero iff "
                         "p = p*), none of them tangent", _grid_null(quick), facts)


def _check_sec42_square(quick: bool) -> Outcome:
    """At p = p*: the Hessian kernel is exactly the tangent space, of dimension p*(p*-1)/2, non-zero iff p* > 1."""
    top = 3 if quick else 5
    sizes = tuple((pstar + extra, pstar, pstar) for pstar in range(1, top + 1) for extra in (1, 2))
    checked = Grid(f"p = p* in 1..{top} at N = p* + 1 and p* + 2", sizes)

    def facts(sizes: Sizes) -> list[Fact]:
        analysis = null_analysis(sizes)
        pstar = sizes[2]
        return [Fact("dim Hessian kernel", sympy.Integer(pstar * (pstar - 1) // 2),
                     sympy.Integer(analysis.hessian_null)),
                Fact("kernel = tangent space", True, analysis.hessian_null == analysis.tangent),
                Fact("continuous manifold (tangent dimension > 0)", pstar > 1, analysis.tangent > 0)]
    return facts_outcome("At p = p* the flat directions persist: the Hessian kernel is the tangent space of "
                         "dimension p*(p*-1)/2, non-zero exactly when p* > 1", checked, facts)


def _first_order_constraint_holds(point: StationaryPoint) -> bool:
    """Every delta W = sqrt(p/p*) (S Omega + S_perp K) W* of manifold.tangent_basis has S^T dS + dS^T S = 0,
    with dS = delta W W*^T sqrt(p*/p) (the teacher rows are orthonormal)."""
    S = manifold.solution_matrix(point)
    scale = sympy.sqrt(sympy.Rational(point.pstar, point.p))
    for delta_W in manifold.tangent_basis(point):
        delta_S = scale * delta_W * point.Wstar.T
        if not (S.T * delta_S + delta_S.T * S).applyfunc(sympy.simplify).is_zero_matrix:
            return False
    return True


def _check_app723_general(quick: bool) -> Outcome:
    """The solutions of S^T dS + dS^T S = 0 are exactly S Omega + S_perp K: these satisfy it, and they span a
    space of the dimension of the solution space (kernel of dS -> S^T dS + dS^T S, exact rank)."""
    def facts(sizes: Sizes) -> list[Fact]:
        point = point_at("correlated", sizes)
        kernel = manifold.differential_kernel_dimension(manifold.solution_matrix(point))
        return [Fact("S Omega + S_perp K solve the first-order constraint", True,
                     _first_order_constraint_holds(point)),
                Fact("dim span(S Omega + S_perp K) = dim solutions", sympy.Integer(null_analysis(sizes).tangent),
                     sympy.Integer(kernel))]
    return facts_outcome("S Omega + S_perp K (Omega antisymmetric, K arbitrary) is the general solution of the "
                         "first-order constraint S^T dS + dS^T S = 0", _grid_null(quick), facts)


def _tangent_family_facts(family: str, count_name: str, sizes: Sizes) -> list[Fact]:
    """A tangent family of App. 7.2.3: its dimension, and (with the other family) it spans the tangent space
    and lies in the Hessian kernel (the paper's 'coincide with the ... null family')."""
    analysis = null_analysis(sizes)
    return [Fact(f"dim of the {family} family", _manifold_count(count_name, sizes),
                 sympy.Integer(analysis.families[family])),
            Fact("the two tangent families span the tangent space", True, analysis.tangent_families_span_tangent),
            Fact("the null families span the Hessian kernel", True, analysis.families_span_null)]


def _check_app723_family1(quick: bool) -> Outcome:
    """First tangent family x w*_l (x in null(S S^T)): Hessian-null, tangent, dimension p*(p - p*)."""
    return facts_outcome("The first tangent family (S_perp K W*, i.e. x w*_l with x in the null space of S S^T) is "
                         "Hessian-null and tangent, of dimension p*(p - p*)", _grid_null(quick),
                         lambda sizes: _tangent_family_facts("x w*_l", "tangent-family-1", sizes))


def _check_app723_family2(quick: bool) -> Outcome:
    """Second tangent family S Omega W*: Hessian-null, tangent, dimension p*(p*-1)/2."""
    return facts_outcome("The second tangent family (S Omega W*, Omega antisymmetric) is Hessian-null and tangent, "
                         "of dimension p*(p*-1)/2", _grid_null(quick),
                         lambda sizes: _tangent_family_facts("S Omega W*", "tangent-family-2", sizes))


def _check_app723_total(quick: bool) -> Outcome:
    """p*(p - p*) + p*(p*-1)/2 = p p* - p*(p*+1)/2 (symbolic identity), the dimension of the solution manifold
    (rank of the rotation orbit's tangent at the zero-error point)."""
    printed_total = paper.MANIFOLD_CLAIMS["tangent-total"].expression
    identity = sympy.expand(paper.MANIFOLD_CLAIMS["tangent-family-1"].expression
                            + paper.MANIFOLD_CLAIMS["tangent-family-2"].expression - printed_total)
    if identity != 0:
        return Outcome("refuted", "The printed sum of the two family dimensions is not p p* - p*(p*+1)/2.",
                       residual=identity)

    def facts(sizes: Sizes) -> list[Fact]:
        analysis = null_analysis(sizes)
        expected = printed_at(printed_total, sizes)
        return [Fact("manifold dimension", expected, sympy.Integer(analysis.orbit_tangent)),
                Fact("tangent dimension", expected, sympy.Integer(analysis.tangent))]
    return facts_outcome("The two tangent families add up to p p* - p*(p*+1)/2 (an exact identity), the dimension of "
                         "the zero-error manifold", _grid_null(quick), facts)


def _check_app723_non_tangent(quick: bool) -> Outcome:
    """The x v family (x in null(S S^T), v orthogonal to the teacher) is Hessian-flat but meets the tangent space
    only in 0, and has a second-order obstruction to staying on the manifold."""
    def facts(sizes: Sizes) -> list[Fact]:
        analysis = null_analysis(sizes)
        point = point_at("correlated", sizes)
        obstructed = all(not manifold.second_order_obstruction(point, direction).is_zero_matrix
                         for direction in manifold.paper_null_families(point)["x v"])
        return [Fact("the null families span the Hessian kernel", True, analysis.families_span_null),
                Fact("x v family meets the tangent space in", sympy.Integer(0),
                     sympy.Integer(analysis.non_tangent_meets_tangent)),
                Fact("every x v direction has a second-order obstruction", True, obstructed)]
    return facts_outcome("The x v null family is Hessian-flat but not tangent to the zero-error manifold",
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


def table_outcome(name: str, quick: bool) -> Outcome:
    """Every eigenvalue, multiplicity (as a polynomial in N and at N) and printed total of the table ``name``
    against the engine's exact spectrum at each point family the table describes, over a grid of sizes."""
    families, room, room_text, min_pstar = TABLE_POINTS[name]
    checked = grid(quick, room, room_text, min_pstar)

    def facts(sizes: Sizes) -> list[Fact]:
        out = []
        for family, rank in families:
            comparison = comparison_at(family, sizes, rank)
            out.append(Fact(f"{family} point described by table", name, comparison.table))
            out += [Fact(f"{family}: multiplicity of {row.value}", row.paper, row.engine) for row in comparison.rows]
            out += [Fact(f"{family}: {row.name}", row.paper, row.engine)
                    for row in comparison.counts if row.name.endswith("(table header)")]
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


ALIGNED_P1_QUOTE = ("For p=p=1p=p^{*}=1 this region is equivalent to the zero error solution and one can check that "
                    "for these values of pp and pp^{*}, the two results for eigenvalues and eigenvectors coincide.")


def _check_aligned_p1(quick: bool) -> Outcome:
    """At p = p* = 1 the aligned table and the zero-error table both equal the engine's spectrum at the
    (single) aligned point, which is the zero-error point."""
    top = 4 if quick else 8
    checked = Grid(f"p = p* = 1 at N = 1..{top}", tuple((n, 1, 1) for n in range(1, top + 1)))

    def facts(sizes: Sizes) -> list[Fact]:
        spectrum = comparison_at("aligned", sizes).spectrum
        out = zero_error_facts(point_at("aligned", sizes))
        for name in ("aligned", "zero-error"):
            out += [Fact(f"{name} table: multiplicity of {row.value}", row.paper, row.engine)
                    for row in eigen_rows(spectrum, paper.TABLES[name], sizes[0])]
        return out
    return facts_outcome("At p = p* = 1 the aligned point is the zero-error point and both printed tables give its "
                         "exact spectrum", checked, facts)


EQ29_RANGE_STATED = PSTAR / (N / 2 - PSTAR - sympy.Rational(1, 2))
EQ29_RANGE_CORRECT = PSTAR / ((N - PSTAR - 1) / 2)  # eq. (29) at the largest admissible p = N - p*


def _check_eq29_range(quick: bool) -> Outcome:
    """'grows with p up to p = N, where' the ratio is p*/(N/2 - p* - 1/2): the plateau exists only for
    p <= N - p*; the engine's ratio at p = N - p* is p*/((N - p* - 1)/2)."""
    top = 6 if quick else 9
    sizes = tuple((n, n - pstar, pstar) for n in range(3, top + 1) for pstar in range(1, n - 1))
    missing, wrong = [], []
    for n, p_max, pstar in sizes:
        try:
            stationary_point("uncorrelated", n, n, pstar)
        except ValueError:
            missing.append((n, pstar))
        counts = counts_at("uncorrelated", (n, p_max, pstar))
        ratio = (counts["negative"] / counts["null"]).subs(N_SYMBOL, n)
        if ratio != EQ29_RANGE_CORRECT.subs({N: n, PSTAR: pstar}):
            wrong.append((n, p_max, pstar, ratio))
    residual = sympy.factor(EQ29_RANGE_STATED - EQ29_RANGE_CORRECT)
    values = {"sizes": f"3 <= N <= {top}, 1 <= p* <= N - 2", "points": len(sizes),
              "no plateau at p = N": f"{len(missing)} of {len(sizes)}",
              "example N = 6, p* = 2": f"engine {EQ29_RANGE_CORRECT.subs({N: 6, PSTAR: 2})} at p = 4, "
                                       f"printed {EQ29_RANGE_STATED.subs({N: 6, PSTAR: 2})} at 'p = N'"}
    if len(missing) != len(sizes) or wrong:
        return Outcome("inconclusive", f"Unexpected: plateau points at p = N {len(sizes) - len(missing)} times, "
                                       f"ratio off {wrong[:1]}.", values=values)
    return Outcome(
        "refuted",
        "The plateau needs p orthonormal students orthogonal to the p* teachers, so it exists only for p <= N - p* "
        "(no plateau at p = N at any size checked); the ratio grows up to p = N - p*, where the engine gives "
        "p*/((N - p* - 1)/2), not p*/(N/2 - p* - 1/2) (e.g. N = 6, p* = 2: 4/3, not 4).",
        residual=residual, correct_form=sympy.Eq(N_NEG / N_NULL, EQ29_RANGE_CORRECT), values=values)


# -- App. 7.5: degrees of freedom ------------------------------------------------------------------

DOF_QUOTES = paper.MANIFOLD_CLAIMS["dof"].quote.split("\n")
RANK_SEED = 2026  # fixed seed of the random integer matrices whose exact ranks give the generic dimensions


def rank_rng(sizes: Sizes) -> np.random.Generator:
    """The random generator for one size: seeded by (RANK_SEED, N, p, p*), so that no result depends on the order."""
    return np.random.default_rng((RANK_SEED, *sizes))


def _dof_outcome(quick: bool, wide: bool) -> Outcome:
    """The rank of dF at a random integer W, F(W) = W^T W, against the printed DOF (p <= N, or p > N)."""
    top = 4 if quick else 6
    sizes = tuple((n, p, 1) for n in range(1, top + 1) for p in range(1, top + 3) if (p > n) == wide)
    relation = "p > N" if wide else "p <= N"
    checked = Grid(f"1 <= N <= {top}, {relation}, p <= {top + 2} (p* plays no part)", sizes)

    def facts(sizes: Sizes) -> list[Fact]:
        n, p, _ = sizes
        computed = manifold.computed_student_dof(p, n, rank_rng(sizes))
        return [Fact("DOF", _manifold_count("dof", sizes), sympy.Integer(computed))]
    return facts_outcome(f"The student's degrees of freedom for {relation} (exact rank of dF at a random integer W, "
                         f"F(W) = W^T W, seed {RANK_SEED}) equal the printed count", checked, facts)


def _check_app75_dof(quick: bool) -> Outcome:
    """DOF = Np - p(p-1)/2 for p <= N."""
    return _dof_outcome(quick, wide=False)


def _check_app75_dof_wide(quick: bool) -> Outcome:
    """DOF = Np - p(p-1)/2 + (p-N)(p-N-1)/2 = N(N+1)/2 for p > N (the identity is checked symbolically too)."""
    identity = sympy.expand(N * P - P * (P - 1) / 2 + (P - N) * (P - N - 1) / 2 - N * (N + 1) / 2)
    if identity != 0:
        return Outcome("refuted", "The printed sum does not simplify to N(N+1)/2.", residual=identity)
    return _dof_outcome(quick, wide=True)


def _manifold_grid(quick: bool, keep: Callable[[int, int, int], bool], keep_text: str = "") -> Grid:
    """(N, p, p*) with N, p* <= top and min(p*, N) <= p <= top + 1 (a solution exists), filtered by ``keep``
    (described by ``keep_text``)."""
    top = 3 if quick else 5
    sizes = tuple((n, p, pstar) for n in range(1, top + 1) for pstar in range(1, top + 1)
                  for p in range(min(pstar, n), top + 2) if keep(n, p, pstar))
    return Grid(f"all 1 <= N, p* <= {top} and min(p*, N) <= p <= {top + 1}{keep_text}", sizes)


def _manifold_facts(name: str) -> Callable[[Sizes], list[Fact]]:
    """The dimension of the zero-error set O(p) Wbar (exact rank of its tangent at a generic solution) against
    the printed count ``name``."""
    def facts(sizes: Sizes) -> list[Fact]:
        computed = manifold.computed_manifold_dimension(*sizes, rank_rng(sizes))
        return [Fact("manifold dimension", _manifold_count(name, sizes), sympy.Integer(computed))]
    return facts


def _check_app75_manifold(quick: bool) -> Outcome:
    """Manifold dimension = p(p-1)/2 - (p - min(p*, N))(p - min(p*, N) - 1)/2."""
    return facts_outcome("The dimension of the zero-error manifold (exact rank at a generic solution, seed "
                         f"{RANK_SEED}) equals p(p-1)/2 - (p - q)(p - q - 1)/2, q = min(p*, N)",
                         _manifold_grid(quick, lambda n, p, pstar: True), _manifold_facts("manifold-dimension"))


def _check_app75_manifold_p_le_n(quick: bool) -> Outcome:
    """'for p <= N' the dimension is p p* - p*(p*+1)/2: true when p* <= N, false at p = N < p*."""
    checked = _manifold_grid(quick, lambda n, p, pstar: p <= n, " with p <= N")
    facts = _manifold_facts("manifold-dimension-p-le-N")
    failing = [sizes for sizes in checked.sizes if not all(fact.holds for fact in facts(sizes))]
    edge = [sizes for sizes in checked.sizes if sizes[1] == sizes[0] < sizes[2]]
    if not failing or failing != edge:  # not the known pattern: report the plain comparison
        return facts_outcome("The manifold dimension for p <= N equals p p* - p*(p*+1)/2", checked, facts)
    correct = N * (N - 1) / 2  # p(p-1)/2 - (p - min(p*, N))(...)/2 at p = N < p*
    residual = sympy.factor((P * PSTAR - PSTAR * (PSTAR + 1) / 2 - correct).subs(P, N))
    return Outcome(
        "refuted",
        "The simplification 'for p <= N' holds when p* <= N (the paper's setting N >= p >= p*) but not at p = N < p*, "
        "which the section admits (a solution exists for p >= min(p*, N)): there the manifold has dimension "
        f"N(N-1)/2, e.g. (N, p, p*) = (2, 2, 3): 1, not 0. Checked exactly at {checked.description}; "
        f"{len(failing)} failing sizes, exactly those with p = N < p*. The condition should read p* <= N.",
        residual=residual, correct_form=sympy.Eq(DIM, correct),
        values={"sizes": checked.description, "points": len(checked.sizes),
                "failing (N, p, p*)": ", ".join(map(str, failing))})


def _check_app75_phase_retrieval(quick: bool) -> Outcome:
    """p* = 1 (phase retrieval), p >= 1: the manifold dimension is p - 1."""
    return facts_outcome("For p* = 1 the zero-error manifold has dimension p - 1 (exact rank, seed "
                         f"{RANK_SEED})", _manifold_grid(quick, lambda n, p, pstar: pstar == 1, " with p* = 1"),
                         _manifold_facts("phase-retrieval"))


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


def hessian_difference(blocks: Blocks, point: StationaryPoint) -> sympy.Matrix:
    """Printed minus the engine's exact Hessian (derive.concrete.hessian_blocks at the point's overlaps), exactly."""
    return (dense_blocks(blocks, point) - exact_dense_hessian(point)).applyfunc(exact_simplify)


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
    _, room, room_text, _ = HESSIAN_POINTS[name]
    return grid(quick, room, room_text, top=3 if quick else 5)


def _hessian_fact(name: str, point: StationaryPoint, label: str = "") -> Fact:
    """Printed blocks = engine's Hessian, entry by entry, at ``point``."""
    difference = hessian_difference(HESSIAN_POINTS[name][3](point), point)
    return Fact(f"{label}printed H - engine H = 0", True, difference.is_zero_matrix)


def hessian_outcome(name: str, quick: bool) -> Outcome:
    """The printed Hessian of ``name`` at the engine's exact point of that family, at every size of the grid."""
    family = HESSIAN_POINTS[name][0]
    return facts_outcome(f"The Hessian blocks printed for the '{name}' point, evaluated at the engine's exact {family} "
                         "point, equal the engine's Hessian (derived blocks of eq. (25) at its overlaps) entry by entry",
                         _hessian_grid(name, quick), lambda sizes: [_hessian_fact(name, point_at(family, sizes))])


def _check_hessian_tabula_rasa(quick: bool) -> Outcome:
    return hessian_outcome("tabula-rasa", quick)


def _check_hessian_zero_error(quick: bool) -> Outcome:
    return hessian_outcome("zero-error", quick)


def _check_hessian_plateau(quick: bool) -> Outcome:
    """Verified with sum_k w_k w_k^T for the printed w_k w_k^T; the literal reading (k = the block's own student)
    is shown wrong in the values (it differs from the engine at every size with p >= 2)."""
    outcome = hessian_outcome("plateau", quick)
    literal = [sizes for sizes in _hessian_grid("plateau", quick).sizes
               if not hessian_difference(paper.hessian_plateau(sizes[1], sizes[2], sum_over_k=False),
                                         point_at("uncorrelated", sizes)).is_zero_matrix]
    wide = [sizes for sizes in _hessian_grid("plateau", quick).sizes if sizes[1] >= 2]
    where = "exactly the sizes with p >= 2" if literal == wide else "the sizes " + ", ".join(map(str, literal))
    values = {**outcome.values, "without the sum over k (k = the block's own student)":
              f"differs from the engine at {len(literal)} sizes, {where}"}
    return Outcome(outcome.verdict, outcome.summary + " The last term is read as (1/p) sum_k w_k w_k^T; without the sum "
                   f"(k = the block's own student) the formula differs from the engine at {where} (values).",
                   residual=outcome.residual, values=values)


def flip_last_student(point: StationaryPoint) -> StationaryPoint:
    """The point with w_p -> -w_p: the risk is even in each w_k, so this is again a stationary point of the
    same family (for the aligned family: still every student along w*_1, now with mixed orientations)."""
    W = point.W.copy()
    W[point.p - 1, :] = -W[point.p - 1, :]
    return StationaryPoint(point.family, point.rank, W, point.Wstar)


def _same_orientation(point: StationaryPoint) -> bool:
    """All w_k . w*_1 of one sign: then sqrt(Q_qq) sqrt(Q_pp) = Q_qp at an aligned point."""
    projections = point.W * point.Wstar.row(0).T
    return all(x >= 0 for x in projections) or all(x <= 0 for x in projections)


_m, _n = sympy.symbols("m n", integer=True, positive=True)
_Q = sympy.IndexedBase("Q")
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


def _check_hessian_aligned(quick: bool) -> Outcome:
    """At each size: the engine's aligned point and the same point with the last student reversed. The printed
    formula, with Q_q = sqrt(Q_qq), holds exactly where all students have one orientation along w*_1; everywhere
    printed - engine is (8/p^2)(sqrt(Q_qq Q_pp) - Q_qp)(1_N + 2 w*_1 w*_1^T)."""
    checked = _hessian_grid("aligned", quick)
    points = [(sizes, candidate) for sizes in checked.sizes
              for candidate in (point_at("aligned", sizes), flip_last_student(point_at("aligned", sizes)))]
    blocks = HESSIAN_POINTS["aligned"][3]
    differences = [hessian_difference(blocks(point), point) for _, point in points]
    failing = [entry for entry, difference in zip(points, differences) if not difference.is_zero_matrix]
    predicted = [(sizes, point) for sizes, point in points if not _same_orientation(point)]
    residual_holds = all(difference == aligned_residual(point) for (_, point), difference in zip(points, differences))
    stationary = all(is_stationary_exact(point) for _, point in points)
    if failing != predicted or not residual_holds or not stationary:
        return facts_outcome("The printed aligned-point Hessian equals the engine's", checked,
                             lambda sizes: [_hessian_fact("aligned", point_at("aligned", sizes)),
                                            _hessian_fact("aligned", flip_last_student(point_at("aligned", sizes)),
                                                          "last student reversed: ")])
    example_sizes, example = failing[0]
    rho = list(example.W * example.Wstar.row(0).T)
    correct = _aligned_statement(_Q[_m, _n])
    return Outcome(
        "refuted",
        "With Q_q = sqrt(Q_qq) as printed, the aligned-point Hessian is right only when all students point the same "
        "way along w*_1; for the generic unit v of Example 4 (signs mixed, also a stationary point) the cross term "
        "must be Q_qp = (w_q.w*_1)(w_p.w*_1), not sqrt(Q_qq Q_pp). Checked exactly at the engine's aligned point and "
        f"at the same point with w_p reversed, {checked.description}: it fails at exactly the "
        f"{len(failing)} of {len(points)} points with mixed orientations, where printed - engine equals the residual "
        "shown. The eigenvalue table is unaffected (reversing students is an orthogonal similarity).",
        residual=ALIGNED_RESIDUAL, correct_form=correct,
        values={"sizes": checked.description, "points": len(points),
                "failing points": len(failing),
                "example (N, p, p*)": f"{example_sizes}, w_k.w*_1 = {', '.join(map(str, rho))}"})


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


def _rank_facts(sizes: Sizes) -> list[Fact]:
    """At one size: the constructed W solves W^T W = (p/p*) T^T T, and its exact rank against the printed p*."""
    _, p, pstar = sizes
    T = general_teacher(sizes)
    W = zero_error_student(T, p)
    gram = (W.T * W - sympy.Rational(p, pstar) * T.T * T).applyfunc(sympy.simplify)
    return [Fact("W^T W = (p/p*) T^T T", True, gram.is_zero_matrix),
            Fact("rank W", sympy.Integer(pstar), sympy.Integer(W.rank(simplify=True)))]


def _check_app752_rank(quick: bool) -> Outcome:
    """'implies that rank(W) = p*': rank W = rank G_T = rank T = min(p*, N) for a general teacher, so true for
    p* <= N (App. 7.2's standing N >= p*) and false for p* > N, which App. 7.5.2 admits (p >= min(p*, N))."""
    checked = _manifold_grid(quick, lambda n, p, pstar: True)
    failing = [sizes for sizes in checked.sizes if not all(fact.holds for fact in _rank_facts(sizes))]
    wide = [sizes for sizes in checked.sizes if sizes[2] > sizes[0]]
    if not failing or failing != wide:  # not the known pattern: report the plain comparison
        return facts_outcome("A zero-error student has rank p*", checked, _rank_facts)
    rank = sympy.Symbol("rank_W")
    return Outcome(
        "refuted",
        "W^T W = (p/p*) T^T T gives rank W = rank T = min(p*, N) for a general teacher, not p*: true when p* <= N "
        "(App. 7.2's standing assumption N >= p >= p*), false when p* > N, which App. 7.5.2 itself admits (a "
        f"solution exists for p >= min(p*, N)). Exact ranks of explicit solutions at {checked.description}: "
        f"{len(failing)} failing sizes, exactly those with p* > N, e.g. (N, p, p*) = {failing[0]}: rank "
        f"{_rank_facts(failing[0])[1].engine}, not {failing[0][2]}.",
        residual=PSTAR - sympy.Min(PSTAR, N), correct_form=sympy.Eq(rank, sympy.Min(PSTAR, N)),
        values={"sizes": checked.description, "points": len(checked.sizes),
                "failing (N, p, p*)": ", ".join(map(str, failing))})


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
           check: Callable[[bool], Outcome], method: str = "exact evaluation", assumptions: str = "") -> Claim:
    return Claim(id=id_, seed=SEED, number=number, title=title, quote=quote, statement=statement, method=method,
                 check=check, assumptions=assumptions or _ORTHONORMAL)


CLAIMS: list[Claim] = [
    _claim("003-eq26", "eq. (26)", "tabula rasa stationary point", _FAMILIES["tabula-rasa"].quote,
           sympy.And(sympy.Eq(sympy.Symbol("Q_kk'"), 0), sympy.Eq(sympy.Symbol("rho_kl"), 0)), _check_eq26),
    _claim("003-eq26-b", "Sec. 4.2 after eq. (26)", "tabula rasa is a local maximum", EQ26_HESSIAN_QUOTE,
           sympy.Eq(N_NEG, P * N), _check_eq26_hessian),
    _claim("003-eq28", "eqs. (27)-(28)", "uncorrelated stationary points", _FAMILIES["uncorrelated"].quote,
           _family_statement("uncorrelated"), _check_eq28),
    _claim("003-eq28-b", "Sec. 4.2 after eq. (28)", "the plateau is a saddle", EQ28_SADDLE_QUOTE,
           "The plateau (r = p) has negative, positive and null Hessian eigenvalues.", _check_eq28_saddle),
    _claim("003-eq29", "eq. (29)", "plateau negative-to-null ratio", PLATEAU_RATIO.quote,
           sympy.Eq(N_NEG / N_NULL, PLATEAU_RATIO.value), _check_eq29,
           assumptions="Plateau point r = p of eq. (28); N >= p + p* + 1 so that there are null eigenvalues."),
    _claim("003-eq30", "eq. (30)", "correlated stationary points", _FAMILIES["correlated"].quote,
           _family_statement("correlated"), _check_eq30,
           assumptions="The printed M W*^T (p x s times N x p*) is read as in App. 7.2.1: M O^T with the s rows of O^T "
                       "orthonormal combinations of the teacher vectors (M W* at s = p*). " + _ORTHONORMAL),
    _claim("003-eq30-b", "Sec. 4.2 after eq. (30)", "full rank gives the zero-error solutions", EQ30_ZERO_ERROR_QUOTE,
           sympy.Eq(sympy.Symbol("R"), 0), _check_eq30_zero_error),
    _claim("003-eq30-c", "Sec. 4.2 after eq. (30)", "zero-error spectrum: positive and null only", EQ30_SPECTRUM_QUOTE,
           sympy.And(sympy.Eq(N_NEG, 0), sympy.Eq(N_POS, SEC42_POSITIVE.value)), _check_eq30_spectrum),
    _claim("003-sec42-tangent", "Sec. 4.2 after eq. (30)", "tangent null directions", SEC42_TANGENT_QUOTE,
           sympy.Eq(DIM, paper.MANIFOLD_CLAIMS["sec42-tangent"].expression), _check_sec42_tangent),
    _claim("003-sec42-extra", "Sec. 4.2 after eq. (30)", "non-symmetry null directions", SEC42_EXTRA_QUOTE,
           sympy.Eq(N_NULL - DIM, paper.MANIFOLD_CLAIMS["non-tangent"].expression), _check_sec42_extra),
    _claim("003-sec42-square", "Sec. 4.2 after eq. (30)", "flat directions persist at p = p*", SEC42_SQUARE_QUOTE,
           sympy.Eq(N_NULL, PSTAR * (PSTAR - 1) / 2), _check_sec42_square),
    _claim("003-app722-tabula-rasa", "Appendix 7.2.2 table (tabula rasa)", "Hessian eigenvalues at W = 0",
           table_quote("tabula-rasa"), table_statement("tabula-rasa"), _check_table_tabula_rasa),
    _claim("003-app722-plateau", "Appendix 7.2.2 table (plateau)", "Hessian eigenvalues at the plateau",
           table_quote("plateau"), table_statement("plateau"), _check_table_plateau),
    _claim("003-app722-plateau-range", "Appendix 7.2.2 after the plateau table", "ratio 'up to p = N'",
           paper.EQ29_RANGE_QUOTE + "\n\n# NEGATIVE EIGENVALUES# NULL EIGENVALUES=pN/2p1/2"
           "\\frac{\\textit{\\# NEGATIVE EIGENVALUES}}{\\textit{\\# NULL EIGENVALUES}}=\\frac{p^{*}}{N/2-p^{*}-1/2}",
           sympy.Eq(N_NEG / N_NULL, EQ29_RANGE_STATED), _check_eq29_range,
           assumptions="The plateau ratio of eq. (29) at p = N, the end of the range the paper states."),
    _claim("003-app722-zero-error", "Appendix 7.2.2 table (solution)", "Hessian eigenvalues at zero error",
           table_quote("zero-error"), table_statement("zero-error"), _check_table_zero_error),
    _claim("003-app722-aligned", "Appendix 7.2.2 table (aligned, p* > 1)", "Hessian eigenvalues, all aligned",
           table_quote("aligned"), table_statement("aligned"), _check_table_aligned),
    _claim("003-app722-aligned-p1", "Appendix 7.2.2 after the aligned table", "aligned = zero error at p = p* = 1",
           ALIGNED_P1_QUOTE, "At p = p* = 1 the aligned point is the zero-error solution and the two tables coincide.",
           _check_aligned_p1),
    _claim("003-app723-general", "Appendix 7.2.3", "first-order perturbations of S", APP723_GENERAL_QUOTE,
           sympy.Eq(sympy.Symbol("deltaS"),
                    sympy.Symbol("S") * sympy.Symbol("Omega") + sympy.Symbol("S_perp") * sympy.Symbol("K")),
           _check_app723_general),
    _claim("003-app723-family-1", "Appendix 7.2.3", "first tangent family (S_perp K)", APP723_FAMILY1_QUOTE,
           sympy.Eq(DIM, paper.MANIFOLD_CLAIMS["tangent-family-1"].expression), _check_app723_family1),
    _claim("003-app723-family-2", "Appendix 7.2.3", "second tangent family (S Omega)", APP723_FAMILY2_QUOTE,
           sympy.Eq(DIM, paper.MANIFOLD_CLAIMS["tangent-family-2"].expression), _check_app723_family2),
    _claim("003-app723-total", "Appendix 7.2.3", "tangent families span the manifold", APP723_TOTAL_QUOTE,
           sympy.Eq(paper.MANIFOLD_CLAIMS["tangent-family-1"].expression
                    + paper.MANIFOLD_CLAIMS["tangent-family-2"].expression,
                    paper.MANIFOLD_CLAIMS["tangent-total"].expression, evaluate=False), _check_app723_total),
    _claim("003-app723-non-tangent", "Appendix 7.2.3", "null directions not tangent", APP723_NON_TANGENT_QUOTE,
           "The x v null family (x in the null space of S S^T, v orthogonal to the teacher) is Hessian-flat but not "
           "tangent to the zero-error manifold.", _check_app723_non_tangent),
    _claim("003-app75-dof", "Appendix 7.5.1 (p <= N)", "student degrees of freedom", DOF_QUOTES[0],
           sympy.Eq(sympy.Symbol("DOF"), N * P - P * (P - 1) / 2), _check_app75_dof,
           assumptions="DOF = dimension of the set of G_W = W^T W reachable near a generic W (rank of dF)."),
    _claim("003-app75-dof-b", "Appendix 7.5.1 (p > N)", "saturated degrees of freedom", DOF_QUOTES[1],
           sympy.Eq(sympy.Symbol("DOF"), N * (N + 1) / 2), _check_app75_dof_wide,
           assumptions="DOF = dimension of the set of G_W = W^T W reachable near a generic W (rank of dF)."),
    _claim("003-app75-manifold", "Appendix 7.5.2", "dimension of the solution manifold",
           paper.MANIFOLD_CLAIMS["manifold-dimension"].quote,
           sympy.Eq(DIM, paper.MANIFOLD_CLAIMS["manifold-dimension"].expression), _check_app75_manifold,
           assumptions="General teacher (rank min(p*, N)); a solution exists for p >= min(p*, N)."),
    _claim("003-app75-manifold-b", "Appendix 7.5.2 (p <= N)", "manifold dimension for p <= N",
           paper.MANIFOLD_CLAIMS["manifold-dimension-p-le-N"].quote,
           sympy.Eq(DIM, paper.MANIFOLD_CLAIMS["manifold-dimension-p-le-N"].expression), _check_app75_manifold_p_le_n,
           assumptions="As printed: for p <= N (with a solution existing, p >= min(p*, N))."),
    _claim("003-app75-phase-retrieval", "Appendix 7.5.2 (p* = 1)", "phase retrieval manifold",
           paper.MANIFOLD_CLAIMS["phase-retrieval"].quote, sympy.Eq(DIM, P - 1), _check_app75_phase_retrieval,
           assumptions="p* = 1, p >= 1."),
    _claim("003-app722-hessian-tabula-rasa", "Appendix 7.2.2 (tabula rasa Hessian)", "Hessian blocks at W = 0",
           paper.HESSIAN_QUOTES["tabula-rasa"], _HESSIAN_STATEMENTS["tabula-rasa"], _check_hessian_tabula_rasa,
           assumptions=_HESSIAN_SCALING),
    _claim("003-app722-hessian-plateau", "Appendix 7.2.2 (plateau Hessian)", "Hessian blocks at the plateau",
           paper.HESSIAN_QUOTES["plateau"], _HESSIAN_STATEMENTS["plateau"], _check_hessian_plateau,
           assumptions="The printed last term (1/p) w_k w_k^T has a free index k and is read as (1/p) sum_k w_k w_k^T "
                       "= W^T W / p, the sum of eq. (25) (without the sum it is wrong for p >= 2, see values). Point: "
                       "eq. (28) at r = p, Q = p/(p+2) I, rho = 0. " + _HESSIAN_SCALING),
    _claim("003-app722-hessian-zero-error", "Appendix 7.2.2 (solution Hessian)", "Hessian blocks at zero error",
           paper.HESSIAN_QUOTES["zero-error"], _HESSIAN_STATEMENTS["zero-error"], _check_hessian_zero_error,
           assumptions="W = sqrt(p/p*) S W*, S^T S = I_p*; s_m^T is the m-th row of S. " + _HESSIAN_SCALING),
    _claim("003-app722-hessian-aligned", "Appendix 7.2.2 (aligned Hessian)", "Hessian blocks, all aligned to w*_1",
           paper.HESSIAN_QUOTES["aligned"], _HESSIAN_STATEMENTS["aligned"], _check_hessian_aligned,
           assumptions="Example 4 of App. 7.2.1: W = sqrt(p(2+p*)/(3p*)) v w*_1^T, v a unit p-vector; Q_q = sqrt(Q_qq) "
                       "as printed. " + _HESSIAN_SCALING),
    _claim("003-app752-rank", "Appendix 7.5.2", "rank of a zero-error student", paper.RANK_QUOTE,
           sympy.Eq(sympy.Symbol("rank_W"), PSTAR), _check_app752_rank,
           assumptions="General teacher T (p* x N, rank min(p*, N)); zero error means W^T W = (p/p*) T^T T; a "
                       "solution exists for p >= min(p*, N), as the section states."),
]
