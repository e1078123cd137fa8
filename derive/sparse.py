"""Derived quantities kept as sparse polynomials: printed from their terms, made SymPy expressions on first use.

Both routes compute every coefficient as a sparse polynomial with rational coefficients (the concrete route
an expectation times a prefactor such as eta or 1/N, the general route a polynomial in its atoms).  Building
the SymPy expression costs more than the derivation, and SymPy's printer more again, so a :class:`Sparse`
value gives

    terms()    -> {monomial: rational} over generator names (:mod:`derive.polytext`), or None where a
                  coefficient is not rational (an irrational or symbolic-fraction parameter given from Python),
    as_expr()  -> the SymPy expression, the same as the route built before values were kept sparse,
    bool(v)    -> whether v is not zero,

and :class:`LazyExpressions` is a mapping to SymPy expressions that converts each value when it is first read.

>>> import sympy
>>> from sympy.polys.domains import QQ
>>> from sympy.polys.rings import ring
>>> R, x, y = ring("x y", QQ)
>>> value = ScaledPolynomial(sympy.Symbol("eta") / 2, x**2 - 3 * y)
>>> value.as_expr()
eta*(x**2 - 3*y)/2
>>> from derive.polytext import polynomial_text
>>> polynomial_text(value.terms(), outer=["eta"])
'eta*(x**2/2 - 3*y/2)'
"""

from __future__ import annotations

from itertools import compress
from typing import Any, Callable, Iterator, Mapping, Protocol, TypeVar

import sympy
from sympy.polys.domains import QQ
from sympy.polys.rings import PolyElement

from .polytext import Monomial, Terms
from .wick import atom_polynomial_expr

__all__ = ["Sparse", "ScaledPolynomial", "Expression", "LazyExpressions", "symbol_powers"]

K = TypeVar("K")


class Sparse(Protocol):
    """A derived value that prints from its terms and becomes a SymPy expression on demand."""

    def terms(self) -> Terms | None: ...

    def as_expr(self) -> sympy.Expr: ...

    def __bool__(self) -> bool: ...


def symbol_powers(expr: sympy.Expr) -> tuple[Any, Monomial] | None:
    """c * prod x^e (a rational c, symbols x, integer e) as (c, ((name, e), ...) sorted), else None.

    >>> coefficient, monomial = symbol_powers(sympy.Symbol("eta")**2 / (3 * sympy.Symbol("Ndim")))
    >>> str(coefficient), monomial
    ('1/3', (('Ndim', -1), ('eta', 2)))
    >>> symbol_powers(sympy.sqrt(2) * sympy.Symbol("eta")) is None
    True
    """
    coefficient, rest = sympy.sympify(expr).as_coeff_Mul()
    powers = []
    for factor in sympy.Mul.make_args(rest):
        if factor == 1:
            continue
        base, exponent = factor.as_base_exp()
        if not (base.is_Symbol and exponent.is_Integer and coefficient.is_Rational):
            return None
        powers.append((base.name, int(exponent)))
    return QQ.from_sympy(coefficient), tuple(sorted(powers))


def _reader(symbols: tuple[Any, ...]) -> Callable[[tuple[int, ...]], Monomial] | None:
    """A function from an exponent tuple over ``symbols`` to its monomial (names sorted, zero powers left out);
    None unless every generator is a symbol.  Written with C-level tools: it runs once per term."""
    if not all(symbol.is_Symbol for symbol in symbols):
        return None
    order = sorted(range(len(symbols)), key=lambda i: symbols[i].name)
    names = [symbols[i].name for i in order]

    def monomial(exponents: tuple[int, ...]) -> Monomial:
        permuted = [exponents[i] for i in order]
        return tuple(compress(zip(names, permuted), permuted))

    return monomial


class ScaledPolynomial:
    """prefactor * polynomial: a polynomial over symbol generators whose coefficients are rationals or
    polynomials in parameter symbols, times a monomial prefactor (eta, eta**2/B, 1/N)."""

    def __init__(self, prefactor: sympy.Expr, polynomial: PolyElement) -> None:
        self.prefactor, self.polynomial = sympy.sympify(prefactor), polynomial

    def __bool__(self) -> bool:
        return bool(self.polynomial)

    def as_expr(self) -> sympy.Expr:
        return self.prefactor * atom_polynomial_expr(self.polynomial)

    def terms(self) -> Terms | None:
        ring = self.polynomial.ring
        domain = ring.domain
        nested = domain.is_PolynomialRing and (domain.domain.is_QQ or domain.domain.is_ZZ)
        scale = symbol_powers(self.prefactor)
        outer = _reader(ring.symbols)
        inner = _reader(domain.symbols) if nested else (lambda exponents: ())
        if scale is None or outer is None or inner is None or not (domain.is_QQ or domain.is_ZZ or nested):
            return None
        factor, prefactor = scale
        parameters = domain.symbols if nested else ()
        names = [s.name for s in (*ring.symbols, *parameters)] + [name for name, _ in prefactor]
        if len(set(names)) < len(names):
            return None  # a parameter named like a generator or the prefactor: left to SymPy, which merges them
        result: dict[Monomial, Any] = {}
        for exponents, coefficient in self.polynomial.terms():
            monomial = outer(exponents) + prefactor
            for parameter_exponents, c in coefficient.terms() if nested else [((), coefficient)]:
                result[tuple(sorted(monomial + inner(parameter_exponents)))] = factor * c
        return result


class Expression:
    """A value that is a SymPy expression already (the unit form's erf closed forms: asin, sqrt): no rational
    terms, so it is printed by SymPy."""

    def __init__(self, expr: sympy.Expr) -> None:
        self.expr = expr

    def __bool__(self) -> bool:
        return self.expr != 0

    def as_expr(self) -> sympy.Expr:
        return self.expr

    def terms(self) -> Terms | None:
        return None


class LazyExpressions(Mapping[K, sympy.Expr]):
    """A mapping to SymPy expressions kept as :class:`Sparse` values (``sparse``), each converted when first
    read and then kept."""

    def __init__(self, sparse: Mapping[K, Sparse]) -> None:
        self.sparse = dict(sparse)
        self._expressions: dict[K, sympy.Expr] = {}

    def __getitem__(self, key: K) -> sympy.Expr:
        if key not in self._expressions:
            self._expressions[key] = self.sparse[key].as_expr()
        return self._expressions[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self.sparse)

    def __len__(self) -> int:
        return len(self.sparse)
