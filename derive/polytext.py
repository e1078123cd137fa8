"""Canonical text of a polynomial given by its sparse terms, without SymPy expressions or SymPy's printer.

A polynomial is a mapping ``{monomial: coefficient}`` (:data:`Terms`): a monomial is a tuple of
(generator name, exponent) pairs sorted by name, with nonzero integer exponents (a negative one is a
denominator, as ``Ndim`` in 1/N), and a coefficient is a rational (anything with ``numerator`` and
``denominator``).  Its canonical text groups the terms by their *prefactor*, the part of the monomial in the
``outer`` generators (eta, Ndim):

    P = sum_g g P_g,    printed as SymPy's ``str`` prints  Add(*(g * P_g))  with every P_g expanded,

so the ODE reads ``eta**2*(...) + eta*(...)`` and a gradient coefficient ``(...)/Ndim``.  The text depends on
the polynomial only, not on how it was computed; it is written here directly from the terms, in SymPy's
order (terms in descending lexicographic order of their exponents over the generators sorted by name, the
factors of a term by name, numerator before denominator), which is much faster than building the
expression and printing it.  ``sympy.parse_expr`` reads it back exactly.

>>> from sympy.polys.domains import QQ
>>> polynomial_text({(("Q_1_1", 2),): 3, (): -1, (("Q_1_1", 1), ("rho_1_1", 1)): QQ(1, 2)})
'3*Q_1_1**2 + Q_1_1*rho_1_1/2 - 1'
>>> terms = {(("eta", 2), ("rho_1_1", 2)): 1, (("eta", 2),): -2, (("Q_1_1", 1), ("eta", 1)): -4}
>>> polynomial_text(terms, outer=("eta",))
'-4*Q_1_1*eta + eta**2*(rho_1_1**2 - 2)'
>>> polynomial_text({(("Ndim", -1), ("Q_1_1", 1)): 3, (("Ndim", -1),): -2}, outer=("Ndim",))
'(3*Q_1_1 - 2)/Ndim'
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, NamedTuple

__all__ = ["Monomial", "Terms", "Item", "polynomial_items", "items_text", "polynomial_text", "joined_sum", "descending"]

Monomial = tuple[tuple[str, int], ...]
Terms = Mapping[Monomial, Any]


def _power(name: str, exponent: int) -> str:
    return name if exponent == 1 else f"{name}**{exponent}"


def _product(numerator: list[str], denominator: list[str]) -> str:
    """a_1*a_2/b or a_1*a_2/(b_1*b_2), as SymPy prints a product (an empty numerator reads 1)."""
    text = "*".join(numerator) or "1"
    if not denominator:
        return text
    return f"{text}/{denominator[0]}" if len(denominator) == 1 else f"{text}/({'*'.join(denominator)})"


def _term_text(coefficient: Any, monomial: Monomial) -> str:
    """c x^e ...: the sign, the coefficient's numerator and the positive powers over its denominator and the
    negative powers (``-3*Q_1_1/(4*Ndim)``)."""
    numerator, denominator = int(coefficient.numerator), int(coefficient.denominator)
    if numerator == denominator == 1 and len(monomial) == 1 and monomial[0][1] < -1:
        return f"{monomial[0][0]}**({monomial[0][1]})"  # a lone power, as SymPy prints Pow: Ndim**(-2)
    top = [str(abs(numerator))] if abs(numerator) != 1 else []
    bottom = [str(denominator)] if denominator != 1 else []
    for name, exponent in monomial:
        (top if exponent > 0 else bottom).append(_power(name, abs(exponent)))
    return ("-" if numerator < 0 else "") + _product(top, bottom)


def joined_sum(texts: Iterable[str]) -> str:
    """Terms joined as SymPy joins the terms of a sum: ``a - b + c`` (a leading minus kept); "0" when empty."""
    pieces = [("- " + text[1:]) if text.startswith("-") else ("+ " + text) for text in texts]
    if not pieces:
        return "0"
    return ("-" if pieces[0][0] == "-" else "") + pieces[0][2:] + "".join(" " + piece for piece in pieces[1:])


class Item(NamedTuple):
    """One term of the printed sum: a product, or a prefactor times a bracketed sum (``coefficient`` None)."""

    prefactor: Monomial
    monomial: Monomial
    coefficient: Any
    text: str


def descending(items: list[Item]) -> list[str]:
    """The texts in descending lexicographic order of their monomials' exponents over the sorted names, except
    that SymPy writes ``c - x`` for a positive constant c and one term -c' x of a single factor."""
    if len(items) == 2:
        constant, other = sorted(items, key=lambda item: bool(item.monomial))
        if (not constant.monomial and constant.coefficient > 0 and other.coefficient is not None
                and other.coefficient < 0 and len(other.monomial) == 1):
            return [constant.text, other.text]
    names = sorted({name for item in items for name, _ in item.monomial})
    position = {name: i for i, name in enumerate(names)}

    def key(item: Item) -> tuple[int, ...]:
        exponents = [0] * len(names)
        for name, exponent in item.monomial:
            exponents[position[name]] = -exponent
        return tuple(exponents)

    return [item.text for item in sorted(items, key=key)]


def _grouped_text(prefactor: Monomial, inner: str) -> str:
    """g*(P) for a prefactor monomial g and a sum P of several terms: ``eta**2*(...)``, ``(...)/Ndim**2``."""
    top = [_power(name, exponent) for name, exponent in prefactor if exponent > 0] + [f"({inner})"]
    bottom = [_power(name, -exponent) for name, exponent in prefactor if exponent < 0]
    return _product(top, bottom)


def polynomial_items(terms: Terms, outer: Iterable[str] = ()) -> list[Item]:
    """The printed terms of ``sum terms`` grouped by their prefactors in the ``outer`` generators (zero
    coefficients ignored), each group printed once; :func:`items_text` joins them."""
    outer = frozenset(outer)
    groups: dict[Monomial, dict[Monomial, Any]] = {}
    for monomial, coefficient in terms.items():
        if coefficient:
            prefactor = tuple(factor for factor in monomial if factor[0] in outer)
            groups.setdefault(prefactor, {})[monomial] = coefficient
    items: list[Item] = []
    for prefactor, group in groups.items():
        if not prefactor or len(group) == 1:
            # g P_g with one term is one product, and with g = 1 the terms join the outer sum.
            items += [Item(prefactor, monomial, c, _term_text(c, monomial)) for monomial, c in group.items()]
        else:
            inner = [tuple(f for f in m if f[0] not in outer) for m in group]
            texts = descending([Item((), m, c, _term_text(c, m)) for m, c in zip(inner, group.values())])
            items.append(Item(prefactor, prefactor, None, _grouped_text(prefactor, joined_sum(texts))))
    return items


def items_text(*parts: list[Item]) -> str:
    """The text of the sum of polynomials given by their items (:func:`polynomial_items`, same ``outer``), whose
    prefactor groups must differ (as the O(eta) and O(eta^2) parts of an ODE): each part is printed once.

    >>> eta1 = polynomial_items({(("Q_1_1", 1), ("eta", 1)): 2, (("eta", 1),): -1}, outer=["eta"])
    >>> eta2 = polynomial_items({(("eta", 2),): 3}, outer=["eta"])
    >>> items_text(eta1, eta2)
    '3*eta**2 + eta*(2*Q_1_1 - 1)'
    >>> items_text(eta1, eta1)
    Traceback (most recent call last):
    ...
    ValueError: the sums share the prefactor (('eta', 1),): print their sum from its terms instead
    """
    seen: set[Monomial] = set()
    for part in parts:
        prefactors = {item.prefactor for item in part}
        shared = seen & prefactors
        if shared:
            raise ValueError(f"the sums share the prefactor {min(shared)}: print their sum from its terms instead")
        seen |= prefactors
    return joined_sum(descending([item for part in parts for item in part]))


def polynomial_text(terms: Terms, outer: Iterable[str] = ()) -> str:
    """The canonical text of ``sum terms``, grouped by the prefactors in the ``outer`` generators (see module
    docstring); zero coefficients are ignored, and the zero polynomial reads "0".

    >>> from sympy.polys.domains import QQ
    >>> polynomial_text({(("a_1", 1), ("eta", 1)): -1, (("a_2", 1), ("eta", 1)): QQ(-3, 2)}, outer=["eta"])
    'eta*(-a_1 - 3*a_2/2)'
    >>> polynomial_text({})
    '0'
    """
    return items_text(polynomial_items(terms, outer))
