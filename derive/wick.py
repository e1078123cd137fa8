"""Exact Gaussian expectations of polynomials (Wick / Isserlis, by Stein's recursion).

This module is the only place quadwick takes an expectation.

For a zero-mean Gaussian vector z with covariance C, Stein's lemma
E[z_i g(z)] = sum_j C_ij E[d g / d z_j] applied to a monomial gives

    E[z^alpha] = sum_j C_ij beta_j E[z^(beta - e_j)],   beta = alpha - e_i,

for any i with alpha_i > 0: a sum over Wick pairings of z_i.  Moments are memoised
per exponent tuple, so every monomial is computed once for a given covariance.

The covariance entries may be rational numbers or SymPy expressions; each
expression entry is written as (rational coefficient) x (atom), and a moment is
stored sparsely as ``{sorted tuple of atom indices: rational}``, a polynomial in
the atoms that never goes through SymPy expression trees.  Only the final result
is turned into a SymPy expression.

>>> import sympy
>>> s, c = sympy.symbols("s c")
>>> x, y = sympy.symbols("x y")
>>> gaussian_expectation(x**2 * y**2, [x, y], sympy.Matrix([[s, c], [c, s]]))
2*c**2 + s**2
"""

from __future__ import annotations

from typing import Iterable, Sequence

import sympy
from sympy.polys.domains import QQ
from sympy.polys.rings import PolyElement, PolyRing, sring

__all__ = ["GaussianMoments", "gaussian_expectation", "atom_polynomial_expr", "CovariancePolynomial"]

# A polynomial in the covariance atoms: {sorted tuple of atom indices: coefficient}.
CovariancePolynomial = dict[tuple[int, ...], object]


def _insert_sorted(key: tuple[int, ...], atom: int) -> tuple[int, ...]:
    """The multiset ``key`` with one more ``atom``, kept sorted."""
    for position, existing in enumerate(key):
        if existing > atom:
            return key[:position] + (atom,) + key[position:]
    return key + (atom,)


class GaussianMoments:
    """Memoised moments E[z^alpha] of a zero-mean Gaussian vector with a given covariance.

    >>> import sympy
    >>> q = sympy.Symbol("q")
    >>> moments = GaussianMoments(sympy.Matrix([[q]]))
    >>> moments.expectation_of(sympy.Symbol("z")**6, [sympy.Symbol("z")])
    15*q**3
    """

    def __init__(self, covariance: sympy.Matrix) -> None:
        covariance = sympy.Matrix(covariance)
        if not covariance.is_square:
            raise ValueError(f"covariance must be square, got shape {covariance.shape}")
        if (covariance - covariance.T).expand() != sympy.zeros(*covariance.shape):
            raise ValueError("covariance must be symmetric")
        self.dimension = covariance.rows
        self.atoms: list[sympy.Expr] = []
        atom_index: dict[sympy.Expr, int] = {}
        # neighbours[i] = [(j, rational coefficient, atom index or None)] for C_ij != 0
        self._neighbours: list[list[tuple[int, object, int | None]]] = []
        for i in range(self.dimension):
            row = []
            for j in range(self.dimension):
                entry = sympy.sympify(covariance[i, j])
                if entry == 0:
                    continue
                coefficient, rest = entry.as_coeff_Mul()
                if rest == 1:
                    row.append((j, QQ.from_sympy(coefficient), None))
                    continue
                if rest not in atom_index:
                    atom_index[rest] = len(self.atoms)
                    self.atoms.append(rest)
                row.append((j, QQ.from_sympy(coefficient), atom_index[rest]))
            self._neighbours.append(row)
        self._memo: dict[tuple[int, ...], CovariancePolynomial] = {}
        self._atom_rings: dict[object, PolyRing] = {}

    def moment(self, exponents: Sequence[int]) -> CovariancePolynomial:
        """E[prod_i z_i^exponents[i]] as a sparse polynomial in the covariance atoms."""
        alpha = tuple(exponents)
        if len(alpha) != self.dimension:
            raise ValueError(f"expected {self.dimension} exponents, got {len(alpha)}")
        return dict(self._moment(alpha))

    def _moment(self, alpha: tuple[int, ...]) -> CovariancePolynomial:
        cached = self._memo.get(alpha)
        if cached is not None:
            return cached
        if sum(alpha) % 2:
            result: CovariancePolynomial = {}
        elif not any(alpha):
            result = {(): QQ.one}
        else:
            i = next(index for index, power in enumerate(alpha) if power)
            beta = list(alpha)
            beta[i] -= 1
            result = {}
            for j, coefficient, atom in self._neighbours[i]:
                multiplicity = beta[j]
                if not multiplicity:
                    continue
                beta[j] -= 1
                factor = coefficient * multiplicity
                for key, value in self._moment(tuple(beta)).items():
                    new_key = key if atom is None else _insert_sorted(key, atom)
                    result[new_key] = result.get(new_key, QQ.zero) + factor * value
                beta[j] += 1
            result = {key: value for key, value in result.items() if value}
        self._memo[alpha] = result
        return result

    def expectation(self, polynomial: PolyElement) -> sympy.Expr:
        """E[polynomial(z)] for a polynomial whose ring generators are z_1..z_n in order.

        Coefficients may lie in any SymPy domain (rationals, polynomials in model
        parameters); the result is an expanded SymPy expression in the atoms and
        those parameters.
        """
        return atom_polynomial_expr(self.expectation_polynomial(polynomial))

    def expectation_polynomial(self, polynomial: PolyElement) -> PolyElement:
        """E[polynomial(z)] as a polynomial in the covariance atoms (:attr:`atoms`, the ring's generators) with
        coefficients in the polynomial's domain unified with QQ, before any SymPy expression is built."""
        ring: PolyRing = polynomial.ring
        if ring.ngens != self.dimension:
            raise ValueError(f"polynomial has {ring.ngens} variables, covariance has {self.dimension}")
        domain = ring.domain.unify(QQ)
        accumulated: dict[tuple[int, ...], object] = {}
        for monomial, coefficient in polynomial.terms():
            coefficient = domain.convert_from(coefficient, ring.domain)
            for key, value in self._moment(monomial).items():
                term = coefficient * domain.convert_from(value, QQ)
                accumulated[key] = accumulated.get(key, domain.zero) + term
        return self._atom_polynomial(accumulated, domain)

    def _atom_polynomial(self, sparse: dict[tuple[int, ...], object], domain) -> PolyElement:
        """The sparse {atom multiset: coefficient} form as a polynomial in the atoms.

        SymPy's ``as_expr`` then builds the expression in one pass, faster than
        multiplying SymPy terms one by one.
        """
        atom_ring = self._atom_rings.get(domain)
        if atom_ring is None:
            atom_ring = self._atom_rings[domain] = PolyRing(self.atoms or [sympy.Dummy("no_atoms")], domain)
        dense = {}
        for key, value in sparse.items():
            if value:
                exponents = [0] * atom_ring.ngens
                for atom in key:
                    exponents[atom] += 1
                dense[tuple(exponents)] = value
        return atom_ring.from_dict(dense)

    def expectation_of(self, expr: sympy.Expr, variables: Iterable[sympy.Symbol]) -> sympy.Expr:
        """E[expr] where ``variables`` are the Gaussian components in covariance order."""
        variables = list(variables)
        ring, polynomial = sring(sympy.expand(expr), *variables)
        return self.expectation(polynomial)


def atom_polynomial_expr(polynomial: PolyElement) -> sympy.Expr:
    """An expectation's polynomial (:meth:`GaussianMoments.expectation_polynomial`) as an expanded SymPy
    expression (its coefficients expanded too where they are polynomials in parameters)."""
    result = polynomial.as_expr()
    return result if polynomial.ring.domain.is_Numerical else sympy.expand(result)


def gaussian_expectation(
    expr: sympy.Expr, variables: Sequence[sympy.Symbol], covariance: sympy.Matrix
) -> sympy.Expr:
    """E[expr(z)] for z = variables ~ N(0, covariance), exactly.

    ``expr`` must be a polynomial in ``variables``; other symbols in it are
    treated as constants.

    >>> import sympy
    >>> z = sympy.Symbol("z")
    >>> gaussian_expectation(z**4 + 3*z**2 + 1, [z], sympy.Matrix([[2]]))
    19
    """
    return GaussianMoments(covariance).expectation_of(expr, variables)
