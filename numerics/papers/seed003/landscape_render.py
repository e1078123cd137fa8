"""Text, JSON and LaTeX renderings of a :class:`~numerics.papers.seed003.landscape_compare.Comparison`.

Multiplicities are printed as polynomials in N (the engine's ``Ndim`` symbol is printed as ``N``) and at
the point's N; the last column says whether the engine and seed 003 agree.
"""

from __future__ import annotations

import json

import sympy

from quadwick.derive.model import N_SYMBOL

from .landscape_compare import Comparison

__all__ = ["comparison_to_text", "comparison_to_json", "comparison_to_latex", "RENDERERS"]

_N = sympy.Symbol("N")


def _text(expr: sympy.Expr) -> str:
    return sympy.sstr(sympy.sympify(expr).xreplace({N_SYMBOL: _N}))


def _latex(expr: sympy.Expr) -> str:
    return sympy.latex(sympy.sympify(expr).xreplace({N_SYMBOL: _N}))


def _verdict(match: bool) -> str:
    return "match" if match else "MISMATCH"


def _title(c: Comparison) -> str:
    point = c.point
    rank = "" if point.family in ("tabula-rasa", "aligned") else f", rank {point.rank}"
    return (f"Hessian spectrum at the {point.family} point{rank}: N = {point.N}, p = {point.p}, "
            f"p* = {point.pstar} (seed 003 App. 7.2 scaling; span dimension d = {c.spectrum.span_dimension})")


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [header] + rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def comparison_to_text(c: Comparison) -> str:
    """A plain-text table: engine and paper side by side, with a match/mismatch column."""
    out = [_title(c)]
    if c.table is None:
        out.append(f"paper: {c.note}")
        rows = [[_text(g.value), _text(g.multiplicity), str(g.multiplicity_at(c.point.N))]
                for g in c.spectrum.groups if g.multiplicity_at(c.point.N)]
        out.append(_table(["eigenvalue", "multiplicity(N)", f"at N={c.point.N}"], rows))
        return "\n".join(out) + "\n"
    out.append(f"paper: seed 003 Appendix 7.2.2, table '{c.table}'" + (f" ({c.note})" if c.note else ""))
    header = ["eigenvalue", "engine mult(N)", "paper mult(N)", f"engine N={c.point.N}", f"paper N={c.point.N}", ""]
    rows = [[_text(r.value), _text(r.engine), _text(r.paper), str(r.engine_at_N), str(r.paper_at_N), _verdict(r.match)]
            for r in c.rows]
    out.append(_table(header, rows))
    out.append("")
    header = ["count", "engine(N)", "paper(N)", f"engine N={c.point.N}", f"paper N={c.point.N}", ""]
    rows = [[r.name, _text(r.engine), _text(r.paper), _text(r.engine_at_N), _text(r.paper_at_N), _verdict(r.match)]
            for r in c.counts]
    out.append(_table(header, rows))
    out.append(f"\noverall: {'the engine agrees with seed 003' if c.match else 'DISAGREEMENT with seed 003'}")
    return "\n".join(out) + "\n"


def comparison_to_json(c: Comparison) -> str:
    """JSON with every expression as a string (N as ``N``)."""
    point = c.point
    data = {
        "point": {"family": point.family, "rank": point.rank, "N": point.N, "p": point.p, "pstar": point.pstar},
        "span_dimension": c.spectrum.span_dimension,
        "spectrum": [{"value": _text(g.value), "multiplicity": _text(g.multiplicity),
                      "multiplicity_at_N": g.multiplicity_at(point.N)} for g in c.spectrum.groups],
        "paper_table": c.table,
        "note": c.note,
        "rows": [{"value": _text(r.value), "engine": _text(r.engine), "paper": _text(r.paper),
                  "engine_at_N": r.engine_at_N, "paper_at_N": r.paper_at_N, "match": r.match} for r in c.rows],
        "counts": [{"name": r.name, "engine": _text(r.engine), "paper": _text(r.paper),
                    "engine_at_N": _text(r.engine_at_N), "paper_at_N": _text(r.paper_at_N), "match": r.match}
                   for r in c.counts],
        "match": c.match,
    }
    return json.dumps(data, indent=2) + "\n"


def comparison_to_latex(c: Comparison) -> str:
    """A LaTeX tabular of the eigenvalue rows (engine beside paper)."""
    N = c.point.N
    lines = [f"% {_title(c)}", r"\begin{tabular}{lllll}", r"\hline",
             rf"eigenvalue & engine mult. & paper mult. & at $N={N}$ & \\", r"\hline"]
    if c.table is None:
        lines[-2] = r"eigenvalue & multiplicity & at $N$ & & \\"
        for g in c.spectrum.groups:
            lines.append(rf"${_latex(g.value)}$ & ${_latex(g.multiplicity)}$ & {g.multiplicity_at(N)} & & \\")
    for r in c.rows:
        lines.append(rf"${_latex(r.value)}$ & ${_latex(r.engine)}$ & ${_latex(r.paper)}$ & "
                     rf"{r.engine_at_N} / {r.paper_at_N} & {_verdict(r.match)} \\")
    lines += [r"\hline", r"\end{tabular}"]
    return "\n".join(lines) + "\n"


RENDERERS = {"text": comparison_to_text, "json": comparison_to_json, "latex": comparison_to_latex}
