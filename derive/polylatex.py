"""LaTeX of a polynomial's terms from its sparse terms, as SymPy's ``latex`` prints them, without building them.

The LaTeX documents print each equation as a list of terms (:func:`derive.latex.terms_latex`: SymPy's
``latex`` of every term of the expanded expression, in ``as_ordered_terms`` order).  For a polynomial given as
``{monomial: rational}`` (:mod:`derive.polytext`) the same strings are written here directly.  A term
c prod x_i^{e_i} (c = n/d in lowest terms) is printed as SymPy's LaTeX printer prints a product:

    sign "- " when n < 0; then  N  when the denominator D is 1, else  \\frac{N}{D},
    N = |n| (left out when 1) and the positive powers x^{e}, space-separated, factors sorted by name ("1" if none),
    D = d (left out when 1) and the negative powers x^{|e|};

a lone number as SymPy prints a number ("-3", "- \\frac{3}{2}"), a lone power x^{e} (e > 0) without a
coefficient as itself.  The terms come in :func:`derive.polytext.descending` order, the order of SymPy's
``as_ordered_terms`` (tests/test_polylatex.py compares both byte for byte on the derived systems).

>>> from sympy.polys.domains import QQ
>>> names = {"rho_1_1": r"\\rho_{11}", "Q_1_1": "Q_{11}", "Ndim": "N"}
>>> polynomial_latex_terms({(("Q_1_1", 2),): 3, (): -1, (("Ndim", -1), ("rho_1_1", 1)): QQ(-1, 2)}, names.get)
['3 Q_{11}^{2}', '-1', '- \\\\frac{\\\\rho_{11}}{2 N}']
"""

from __future__ import annotations

from typing import Any, Callable

from .polytext import Item, Monomial, Terms, descending

__all__ = ["term_latex", "polynomial_latex_terms"]


def _power(name: str, exponent: int) -> str:
    return name if exponent == 1 else f"{name}^{{{exponent}}}"


def term_latex(coefficient: Any, monomial: Monomial, name: Callable[[str], str]) -> str:
    """SymPy's LaTeX of ``coefficient * prod name^exponent`` (module docstring); ``name`` gives each generator's
    LaTeX."""
    numerator, denominator = int(coefficient.numerator), int(coefficient.denominator)
    if not monomial:
        if denominator == 1:
            return str(numerator)
        return ("- " if numerator < 0 else "") + rf"\frac{{{abs(numerator)}}}{{{denominator}}}"
    top = [str(abs(numerator))] if abs(numerator) != 1 else []
    bottom = [str(denominator)] if denominator != 1 else []
    for generator, exponent in monomial:
        (top if exponent > 0 else bottom).append(_power(name(generator), abs(exponent)))
    sign = "- " if numerator < 0 else ""
    if not bottom:
        return sign + " ".join(top)
    return sign + rf"\frac{{{' '.join(top) or '1'}}}{{{' '.join(bottom)}}}"


def polynomial_latex_terms(terms: Terms, name: Callable[[str], str]) -> list[str]:
    """The LaTeX of each nonzero term of ``sum terms`` in SymPy's order (as ``terms_latex`` of the expression);
    ``name`` gives each generator's LaTeX."""
    items = [Item((), monomial, c, term_latex(c, monomial, name)) for monomial, c in terms.items() if c]
    return descending(items)
