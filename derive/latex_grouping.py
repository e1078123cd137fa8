r"""Printing a coefficient grouped as the papers write it: a monomial prefactor times a bracket.

SymPy prints a rational coefficient factored over a common denominator, ``4 eta (p* + 2)/(p p*)``,
where seed 003 writes ``(4 eta/p)(1 + 2/p*)`` (eq. (33)).  The rule, for a coefficient ``c`` of the
form ``m P / D`` with ``P`` a single non-monomial polynomial factor (to the first power) and ``m``,
``D`` monomials, is:

1. expand ``c`` into its Laurent terms ``c = sum_i c_i prod_s s^(e_is)`` (``c_i`` rational);
2. pull out the prefactor ``M = sign * g * prod_s s^(E_s)``, where ``g`` is the gcd of the ``c_i``
   (gcd of numerators over lcm of denominators), ``E_s`` is the exponent in ``[min_i e_is,
   max_i e_is]`` closest to 0 (the ordinary common factor of a polynomial; for a polynomial in
   ``1/p*`` the largest power of ``1/p*`` dividing every term, so that the bracket starts with 1),
   and ``sign`` makes the bracket's first term positive;
3. print ``M ( b_1 + b_2 + ... )`` with ``b_i = t_i / M``, ordered by total degree, highest first
   (``1 + 2/p*``, not ``2/p* + 1``); ``M = 1`` prints the bracket alone (``1 + 2/p*``).

Any other coefficient (a monomial, a non-monomial denominator such as ``p/(p + 2)``, or a product
of several polynomial factors, whose factored form is the readable one) prints as SymPy prints it.
This is printing only: ``M * (b_1 + b_2 + ...)`` equals ``c`` exactly.

>>> p, pstar, eta = sympy.symbols("p pstar eta", positive=True)
>>> prefactor, bracket = laurent_split(4*eta*(pstar + 2)/(p*pstar))
>>> prefactor, bracket
(4*eta/p, [1, 2/pstar])
>>> print(grouped_latex(4*eta*(pstar + 2)/(p*pstar), {pstar: "p^{*}"}))
\frac{4 \eta}{p} \left(1 + \frac{2}{p^{*}}\right)
>>> print(grouped_latex((pstar + 2)/pstar, {pstar: "p^{*}"}))
1 + \frac{2}{p^{*}}
>>> print(grouped_latex(-8*(pstar - 1)/(3*p*pstar), {pstar: "p^{*}"}))
- \frac{8}{3 p} \left(1 - \frac{1}{p^{*}}\right)
>>> print(grouped_latex(p/(p + 2)))
\frac{p}{p + 2}
"""

from __future__ import annotations

from functools import reduce
from typing import Callable, Mapping, Optional

import sympy

from .latex import join_terms

__all__ = ["laurent_split", "grouped_latex"]


def _laurent_terms(expr: sympy.Expr) -> Optional[list[tuple[sympy.Rational, dict[sympy.Symbol, int]]]]:
    """(c_i, {s: e_is}) for each term of ``expr`` expanded, or None if a term is not a rational times
    integer powers of symbols."""
    terms = []
    for term in sympy.Add.make_args(sympy.expand(expr)):
        coefficient, rest = term.as_coeff_Mul()
        if not coefficient.is_Rational:
            return None
        powers: dict[sympy.Symbol, int] = {}
        for base, exponent in rest.as_powers_dict().items():
            if base == 1:
                continue
            if not (base.is_Symbol and exponent.is_Integer):
                return None
            powers[base] = int(exponent)
        terms.append((coefficient, powers))
    return terms


def _single_polynomial_factor(expr: sympy.Expr) -> bool:
    """Whether factor(expr) is a monomial times exactly one non-monomial polynomial, to the power 1."""
    sums = []
    for factor in sympy.Mul.make_args(sympy.factor(expr)):
        base, exponent = factor.as_base_exp()
        if base.is_Add:
            if exponent != 1:
                return False
            sums.append(base)
        elif not (base.is_Symbol or base.is_Number):
            return False
    return len(sums) == 1


def laurent_split(expr: sympy.Expr) -> Optional[tuple[sympy.Expr, list[sympy.Expr]]]:
    """``(M, [b_1, b_2, ...])`` with ``expr == M * (b_1 + b_2 + ...)`` as in the module docstring, the
    bracket ordered by total degree (highest first) and starting with a positive term; None where the
    rule does not apply (a monomial, or not ``monomial * polynomial / monomial`` with one polynomial factor).

    >>> x, y = sympy.symbols("x y")
    >>> laurent_split(x/3 + 2*y/9 - sympy.Rational(2, 3))
    (1/9, [3*x, 2*y, -6])
    """
    expr = sympy.sympify(expr)
    terms = _laurent_terms(expr)
    if terms is None or len(terms) < 2 or not _single_polynomial_factor(expr):
        return None
    symbols = sorted({s for _, powers in terms for s in powers}, key=str)
    prefactor = reduce(sympy.igcd, [c.p for c, _ in terms]) / sympy.Integer(reduce(sympy.ilcm, [c.q for c, _ in terms]))
    for s in symbols:
        exponents = [powers.get(s, 0) for _, powers in terms]
        low, high = min(exponents), max(exponents)
        prefactor *= s ** (low if low > 0 else high if high < 0 else 0)
    bracket = [sympy.expand(c * sympy.Mul(*(s**e for s, e in powers.items())) / prefactor) for c, powers in terms]
    # Stable sort of SymPy's printing order by total degree, highest first.
    ordered = sympy.Add(*bracket).as_ordered_terms()
    ordered.sort(key=lambda b: -sum(int(e) for s, e in b.as_powers_dict().items() if s.is_Symbol))
    if ordered[0].could_extract_minus_sign():
        prefactor, ordered = -prefactor, [-b for b in ordered]
    return prefactor, ordered


def grouped_latex(
    expr: sympy.Expr,
    symbol_names: Optional[Mapping[sympy.Symbol, str]] = None,
    convert: Callable[[sympy.Expr], sympy.Expr] = lambda e: e,
    factor_follows: bool = False,
) -> str:
    r"""LaTeX of ``expr`` grouped as ``M (b_1 + b_2 + ...)`` (see the module docstring), else as SymPy
    prints it.  ``convert`` maps each printed part first (e.g. trace symbols to Trace objects);
    ``factor_follows``: the result is multiplied by what follows it, so a bare sum is parenthesised.

    >>> x, y = sympy.symbols("x y")
    >>> grouped_latex(x + y, factor_follows=True)
    '\\left(x + y\\right)'
    """
    names = dict(symbol_names or {})

    def latex(part: sympy.Expr) -> str:
        return sympy.latex(convert(part), symbol_names=names)

    expr = sympy.sympify(expr)
    split = laurent_split(expr)
    if split is None:
        printed = latex(expr)
        return rf"\left({printed}\right)" if factor_follows and expr.is_Add else printed
    prefactor, bracket = split
    inside = join_terms([latex(term) for term in bracket])
    if prefactor == 1:
        return rf"\left({inside}\right)" if factor_follows else inside
    if prefactor == -1:
        return rf"- \left({inside}\right)"
    return rf"{latex(prefactor)} \left({inside}\right)"
