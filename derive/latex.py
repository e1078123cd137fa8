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

__all__ = ["DisplayEquation", "terms_latex", "equation_latex", "latex_document", "settings_rows", "settings_table",
           "printed_width", "join_terms", "LINE_BUDGET"]

# Printed glyphs per display line that fit an A4 text block at 10pt (see printed_width).
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


def join_terms(terms: Iterable[str]) -> str:
    """LaTeX terms, signs included, joined into a sum: ``["a", "- b"]`` -> ``"a - b"`` (``"0"`` for none)."""
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


def printed_width(term: str) -> float:
    """Rough printed width of a LaTeX term in glyphs: a fraction is as wide as its wider part,
    sub- and superscripts count 0.7, a command such as \rho is one glyph, and layout
    commands and braces are none."""
    width, index = 0.0, 0
    while index < len(term):
        character = term[index]
        if term.startswith(r"\frac", index):
            numerator, index = _group(term, index + 5)
            denominator, index = _group(term, index)
            width += max(printed_width(numerator), printed_width(denominator))
        elif character in "_^" and term[index + 1 : index + 2] == "{":
            script, index = _group(term, index + 1)
            width += 0.7 * printed_width(script)
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
        term_width = printed_width(term) + 3
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
        body = f"{lhs} {relation} {opening}{join_terms(terms)}{closing}"
        return f"\\begin{{equation{star}}}\n  {body}{ending}\n\\end{{equation{star}}}"
    rendered = [join_terms(line) for line in lines]
    # Lines after the first start with their own sign, as in a broken display.
    rendered = [rendered[0]] + [text if text.startswith("-") else "+ " + text for text in rendered[1:]]
    rendered = [f"{lhs} &{relation} {opening}{rendered[0]}"] + [rf"&\quad {text}" for text in rendered[1:]]
    rendered[-1] += closing
    body = " \\notag \\\\\n  ".join(rendered)
    return f"\\begin{{align{star}}}\n  {body}{ending}\n\\end{{align{star}}}"


def settings_rows(
    activation: sympy.Expr,
    teacher_gram: str,
    noise_variance: sympy.Expr,
    loss_prefactor: sympy.Expr,
    input_scaling: str,
    eta: sympy.Symbol,
    teacher_activation: sympy.Expr | None = None,
    batch: int = 1,
) -> list[tuple[str, str, str]]:
    r"""Rows (quantity, symbol, value) of the settings table shared by every model, values in LaTeX:
    sigma(z); T_{ll'} = w*_l . w*_l' / N (or without /N for weights of norm ~ 1), the identity or
    symbolic; the label-noise variance Delta; the loss c (y - yhat)^2; the pre-activations
    lambda_k = w_k . x / sqrt(N), u_l = w*_l . x / sqrt(N) (or without the sqrt(N)); eta; and, where they
    apply, the teacher's own activation sigma*(z) and the batch size B.

    >>> settings_rows(sympy.Symbol("z")**2, "identity", sympy.Integer(0), sympy.Rational(1, 4), "unit",
    ...               sympy.Symbol("eta"))[3]
    ('loss', '\\ell', '\\frac{1}{4} \\left(y - \\hat{y}\\right)^{2}')
    """
    sqrt_n = input_scaling == "sqrt_n"
    over_n, over_sqrt_n = (" / N", r" / \sqrt{N}") if sqrt_n else ("", "")
    gram = r"\delta_{ll'} \ \text{(identity)}" if teacher_gram == "identity" else r"T_{ll'} \ \text{(symbolic)}"
    loss = r"\left(y - \hat{y}\right)^{2}"
    prefactor = "" if loss_prefactor == 1 else sympy.latex(loss_prefactor) + " "
    rate = r"\eta \ \text{(symbolic)}" if eta.name == "eta" else sympy.latex(eta)
    own_teacher = teacher_activation is not None and teacher_activation != activation
    activations = [("student activation", r"\sigma(z)", sympy.latex(activation)),
                   ("teacher activation", r"\sigma^{*}(z)", sympy.latex(teacher_activation))] if own_teacher else [
                   ("activation", r"\sigma(z)", sympy.latex(activation))]
    batches = [("samples per step", "B", str(batch))] if batch != 1 else []
    return [
        *activations,
        ("teacher Gram matrix", rf"T_{{ll'}} = \vec{{w}}^{{*}}_{{l}} \cdot \vec{{w}}^{{*}}_{{l'}}{over_n}", gram),
        ("label-noise variance", r"\Delta", sympy.latex(noise_variance)),
        ("loss", r"\ell", prefactor + loss),
        ("pre-activations", r"\lambda_{k},\ u_{l}",
         rf"\vec{{w}}_{{k}} \cdot \vec{{x}}{over_sqrt_n},\ \vec{{w}}^{{*}}_{{l}} \cdot \vec{{x}}{over_sqrt_n}"),
        ("learning rate", r"\eta", rate),
        *batches,
    ]


def settings_table(rows: Sequence[tuple[str, str, str]]) -> str:
    r"""A centred table of the model settings: the quantity in words, its symbol and its value in mathematics.

    >>> print(settings_table([("learning rate", r"\eta", "0.1")]))
    \begin{center}
    \renewcommand{\arraystretch}{1.3}
    \begin{tabular}{lll}
    \hline
    quantity & symbol & value \\
    \hline
    learning rate & $\eta$ & $0.1$ \\
    \hline
    \end{tabular}
    \end{center}
    """
    lines = [r"\begin{center}", r"\renewcommand{\arraystretch}{1.3}", r"\begin{tabular}{lll}", r"\hline",
             r"quantity & symbol & value \\", r"\hline"]
    lines += [rf"{quantity} & ${symbol}$ & ${value}$ \\" for quantity, symbol, value in rows]
    lines += [r"\hline", r"\end{tabular}", r"\end{center}"]
    return "\n".join(lines)


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
