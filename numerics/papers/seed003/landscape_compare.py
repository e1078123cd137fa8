"""The engine's exact Hessian spectra beside seed 003's tables (Appendix 7.2.2) and counting claims.

Eigenvalues are compared as exact values; multiplicities both as polynomials in the symbolic N (p and p*
substituted) and at the given N.  A table's rows with equal values are summed, as are the engine's
groups.  Nothing of the transcription is adjusted: a disagreement is reported with both sides.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from quadwick.derive.model import N_SYMBOL
from quadwick.numerics.papers.seed003 import transcription_landscape as paper

from quadwick.numerics.landscape.hessian import Spectrum, exact_spectrum
from quadwick.numerics.landscape.points import StationaryPoint, stationary_point

__all__ = ["ComparisonRow", "CountRow", "Comparison", "paper_table_name", "compare", "compare_point", "eigen_rows",
           "count_rows", "instantiate_widths"]


@dataclass(frozen=True)
class ComparisonRow:
    """One distinct eigenvalue: engine and paper multiplicities (symbolic in N and at N); 0 when absent."""

    value: sympy.Expr
    engine: sympy.Expr
    paper: sympy.Expr
    engine_at_N: int
    paper_at_N: int

    @property
    def match(self) -> bool:
        """Equal as polynomials in N and at the given N."""
        return sympy.expand(self.engine - self.paper) == 0 and self.engine_at_N == self.paper_at_N


@dataclass(frozen=True)
class CountRow:
    """A printed total or counting claim against the engine's count (symbolic in N and at N)."""

    name: str
    engine: sympy.Expr
    paper: sympy.Expr
    engine_at_N: sympy.Expr
    paper_at_N: sympy.Expr

    @property
    def match(self) -> bool:
        """Equal as functions of N and at the given N (both undefined, e.g. a ratio over no null eigenvalue,
        counts as equal)."""
        return _same(self.engine, self.paper) and _same(self.engine_at_N, self.paper_at_N)


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    return a == b or sympy.simplify(a - b) == 0


@dataclass(frozen=True)
class Comparison:
    """The comparison at one point; ``table`` is None when the paper states no table for it."""

    point: StationaryPoint
    spectrum: Spectrum
    table: str | None
    note: str
    rows: tuple[ComparisonRow, ...]
    counts: tuple[CountRow, ...]

    @property
    def match(self) -> bool | None:
        """True/False when there is a table to compare with, None otherwise."""
        if self.table is None:
            return None
        return all(row.match for row in self.rows) and all(row.match for row in self.counts)


def paper_table_name(family: str, rank: int, p: int, pstar: int) -> str | None:
    """The Appendix 7.2.2 table that states the spectrum of (family, rank), or None.

    rank 0 of either family is W = 0 (tabula rasa); uncorrelated rank p is the plateau; correlated rank p*
    is the zero-error solution; correlated rank 1 (< p*) and "aligned" are Example 4's aligned point.
    """
    if family == "tabula-rasa" or rank == 0:
        return "tabula-rasa"
    if family == "uncorrelated":
        return "plateau" if rank == p else None
    if family == "aligned":
        return "zero-error" if pstar == 1 else "aligned"
    if rank == pstar:
        return "zero-error"
    return "aligned" if rank == 1 else None


def _range_note(table: paper.Table, N: int, p: int, pstar: int) -> str:
    notes = []
    if not N >= p >= pstar:
        notes.append("outside the stated range N >= p >= p* of Appendix 7.2")
    if table.condition == "p* > 1" and pstar <= 1:
        notes.append("outside the table's stated condition p* > 1")
    return "; ".join(notes)


def instantiate_widths(expr: sympy.Expr, p: int, pstar: int) -> sympy.Expr:
    """A transcribed table entry at concrete widths p, p*, still polynomial in N (the engine's N symbol)."""
    return sympy.expand(expr.xreplace({paper.P: p, paper.PSTAR: pstar, paper.N: N_SYMBOL}))


def _paper_rows(table: paper.Table, p: int, pstar: int) -> dict[sympy.Expr, sympy.Expr]:
    rows: dict[sympy.Expr, sympy.Expr] = {}
    for row in table.rows:
        value = sympy.nsimplify(instantiate_widths(row.value, p, pstar))
        rows[value] = rows.get(value, sympy.Integer(0)) + instantiate_widths(row.multiplicity, p, pstar)
    return rows


def eigen_rows(spectrum: Spectrum, table: paper.Table, N: int) -> tuple[ComparisonRow, ...]:
    """One row per eigenvalue of the engine's spectrum or of the paper's table, with both multiplicities at N."""
    stated = _paper_rows(table, spectrum.p, spectrum.pstar)
    engine = {group.value: group.multiplicity for group in spectrum.groups}
    rows = []
    for value in sorted(set(stated) | set(engine), key=lambda v: float(sympy.re(v))):
        e, q = engine.get(value, sympy.Integer(0)), stated.get(value, sympy.Integer(0))
        if e == 0 and q == 0:
            continue
        rows.append(ComparisonRow(value, e, q, int(e.subs(N_SYMBOL, N)), int(q.subs(N_SYMBOL, N))))
    return tuple(rows)


def count_rows(spectrum: Spectrum, table: paper.Table, N: int, claims: bool = True) -> tuple[CountRow, ...]:
    """The table's printed totals (and, with ``claims``, the counting claims stated for its point) beside the
    engine's counts at N."""
    counts = spectrum.counts()
    p, pstar = spectrum.p, spectrum.pstar
    rows = []
    for sign, (printed, _) in table.totals.items():
        stated = instantiate_widths(printed, p, pstar)
        rows.append(CountRow(f"#{sign} (table header)", counts[sign], stated,
                             counts[sign].subs(N_SYMBOL, N), stated.subs(N_SYMBOL, N)))
    for claim in paper.COUNT_CLAIMS:
        if not claims or claim.table != table.name:
            continue
        engine = counts["null"] if claim.name == "sec42-null" else counts["positive"]
        if claim.name == "eq29":
            engine = counts["negative"] / counts["null"]
        stated = instantiate_widths(claim.value, p, pstar)
        rows.append(CountRow(claim.statement, sympy.simplify(engine), sympy.simplify(stated),
                             engine.subs(N_SYMBOL, N), stated.subs(N_SYMBOL, N)))
    return tuple(rows)


def compare_point(point: StationaryPoint) -> Comparison:
    """The exact spectrum at ``point`` beside the seed 003 table for its family and rank (if any)."""
    spectrum = exact_spectrum(point)
    name = paper_table_name(point.family, point.rank, point.p, point.pstar)
    if name is None:
        note = f"seed 003 states no Hessian table for the {point.family} family at rank {point.rank}"
        return Comparison(point, spectrum, None, note, (), ())
    table = paper.TABLES[name]
    return Comparison(point, spectrum, name, _range_note(table, point.N, point.p, point.pstar),
                      eigen_rows(spectrum, table, point.N), count_rows(spectrum, table, point.N))


def compare(family: str, N: int, p: int, pstar: int, rank: int | None = None) -> Comparison:
    """:func:`compare_point` at the constructor's point of ``family`` (see ``points.stationary_point``)."""
    return compare_point(stationary_point(family, N, p, pstar, rank))
