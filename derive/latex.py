"""Standalone LaTeX documents of derived equations.

A document is a short header (the model and its conventions) followed by numbered,
labelled equations.  A right-hand side is laid out from its top-level terms: short
ones go in an ``equation``, long ones in an ``align`` broken between terms, so that
even the hundreds of terms of an O(eta^2) ODE at p = 6 fit the page (with
``\\allowdisplaybreaks`` they may also run over several pages).

>>> import sympy
>>> x, y = sympy.symbols("x y")
>>> print(equation_latex("eq:r", "R", terms_latex(x + 2*y)))
\\begin{equation}
  R = x + 2 y
  \\label{eq:r}
\\end{equation}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

import sympy

__all__ = ["DisplayEquation", "terms_latex", "equation_latex", "latex_document"]

# Printed glyphs per display line that fit an A4 text block at 10pt (see _printed_width).
LINE_BUDGET = 62
_COMMAND = re.compile(r"\\[A-Za-z]+")
_LAYOUT = re.compile(r"\\(?:left|right|vec|mathbb|mathcal|Bigl|Bigr|quad)")


@dataclass(frozen=True)
class DisplayEquation:
    """One numbered equation: ``lhs = factor [ term_1 + term_2 + ... ]``."""

    label: str
    lhs: str
    terms: Sequence[str]
    factor: str = ""


def terms_latex(expr: sympy.Expr, symbol_names: dict | None = None) -> list[str]:
    """LaTeX of each top-level term of ``expr`` in SymPy's printing order, signs included."""
    expr = sympy.sympify(expr)
    terms = expr.as_ordered_terms() if expr.is_Add else [expr]
    return [sympy.latex(term, symbol_names=symbol_names or {}) for term in terms]


def _join(terms: Iterable[str]) -> str:
    text = ""
    for term in terms:
        if not text:
            text = term
        elif term.startswith("-"):
            text += " - " + term[1:].lstrip()
        else:
            text += " + " + term
    return text or "0"


def _group(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group opening at ``text[start]`` and the index after it."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1 : index], index + 1
    return text[start + 1 :], len(text)


def _printed_width(term: str) -> float:
    """Rough printed width of a LaTeX term in glyphs: a fraction is as wide as its wider part,
    sub- and superscripts count 0.7, a command such as \rho is one glyph, and layout
    commands and braces are none."""
    width, index = 0.0, 0
    while index < len(term):
        character = term[index]
        if term.startswith(r"\frac", index):
            numerator, index = _group(term, index + 5)
            denominator, index = _group(term, index)
            width += max(_printed_width(numerator), _printed_width(denominator))
        elif character in "_^" and term[index + 1 : index + 2] == "{":
            script, index = _group(term, index + 1)
            width += 0.7 * _printed_width(script)
        elif character in "_^":
            width += 0.7
            index += 2
        elif character == "\\":
            command = _COMMAND.match(term, index)
            index = command.end() if command else index + 2
            width += 0 if command and _LAYOUT.fullmatch(command.group()) else 1
        else:
            width += 0 if character in "{} " else 1
            index += 1
    return width


def _lines(terms: Sequence[str], budget: int) -> list[list[str]]:
    lines: list[list[str]] = [[]]
    width = 0.0
    for term in terms:
        term_width = _printed_width(term) + 3
        if lines[-1] and width + term_width > budget:
            lines.append([])
            width = 0.0
        lines[-1].append(term)
        width += term_width
    return lines


def equation_latex(label: str | None, lhs: str, terms: Sequence[str], factor: str = "", relation: str = "=") -> str:
    """One equation ``lhs relation terms``: ``equation`` when it fits a line, else an ``align`` broken
    between terms (continuation lines indented, one number for the whole display; ``align`` may break
    across pages where ``split`` may not). ``label`` None gives an unnumbered display."""
    star = "" if label is not None else "*"
    ending = f"\n  \\label{{{label}}}" if label is not None else ""
    opening, closing = (rf"{factor} \Bigl[ ", r" \Bigr]") if factor else ("", "")
    lines = _lines(terms, LINE_BUDGET)
    if len(lines) == 1:
        body = f"{lhs} {relation} {opening}{_join(terms)}{closing}"
        return f"\\begin{{equation{star}}}\n  {body}{ending}\n\\end{{equation{star}}}"
    rendered = [_join(line) for line in lines]
    # Lines after the first start with their own sign, as in a broken display.
    rendered = [rendered[0]] + [text if text.startswith("-") else "+ " + text for text in rendered[1:]]
    rendered = [f"{lhs} &{relation} {opening}{rendered[0]}"] + [rf"&\quad {text}" for text in rendered[1:]]
    rendered[-1] += closing
    body = " \\notag \\\\\n  ".join(rendered)
    return f"\\begin{{align{star}}}\n  {body}{ending}\n\\end{{align{star}}}"


def latex_document(title: str, header: Sequence[str], sections: Sequence[tuple[str, Sequence[DisplayEquation]]]) -> str:
    """A standalone amsmath document: title, a header paragraph per line, then sections of equations."""
    parts = [
        r"\documentclass[10pt]{article}",
        r"\usepackage[a4paper,margin=2cm]{geometry}",
        r"\usepackage{amsmath,amssymb}",
        r"\allowdisplaybreaks",
        rf"\title{{{title}}}",
        r"\date{}",
        r"\begin{document}",
        r"\maketitle",
    ]
    parts += [line + "\n" for line in header]
    for heading, equations in sections:
        parts.append(rf"\section*{{{heading}}}")
        parts += [equation_latex(e.label, e.lhs, e.terms, e.factor) for e in equations]
    parts.append(r"\end{document}")
    return "\n".join(parts) + "\n"
