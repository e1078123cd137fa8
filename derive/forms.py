"""Wick's theorem over x for products of quadratic and linear forms, at symbolic widths.

The general route of quadwick never fixes the widths p, p*.  Every quantity it
needs is an expectation of a product of forms in the pre-activations
z = (u, lambda) ~ N(0, C), C = [[T, rho^T], [rho, Q]], blocks indexed by the two
*sectors* ``"S"`` (teacher, width p*) and ``"P"`` (student, width p):

    quadratic form   z_X^T M z_X            (M symmetric: A, V, or a multiple of I)
    end              (w^T z_X)_cap          (cap: a free index label, or the ones vector 1)

Wick's theorem pairs the legs of these forms (two per quadratic form, one per end)
and each pairing contributes a block of C.  Following the pairings, closed loops
give traces ``tr(word)`` and open paths give indexed factors ``(word)_{k l}``,
``(word 1)_k`` or scalars ``1^T word 1``, where a *word* is a product of the
letters (rows x columns)

    Q (p x p),  rho (p x p*),  rho^T (p* x p),  T (p* x p*),  A (p x p, diagonal),  V (p* x p*, diagonal).

The number of pairings depends only on the number of forms, never on p or p*.

Traces are canonical up to rotation and transposition and ``1^T word 1`` up to
transposition, so equal scalars get equal SymPy symbols: ``tr(Q rho rho^T)`` and
``sum(rho rho^T)`` (= 1^T rho rho^T 1).  :func:`scalar_word` reads a symbol back.

>>> lam = Form.end((), None, "P")            # 1^T lambda
>>> expectation(lam * lam, contractions(teacher_gram_identity=True)).scalar()  # E[(sum_k lambda_k)^2]
sum(Q)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping, Optional, Union

import sympy

__all__ = [
    "P_DIM",
    "S_DIM",
    "NOISE_VARIABLE",
    "LETTERS",
    "Word",
    "Factor",
    "Quad",
    "End",
    "Form",
    "Tensor",
    "transpose",
    "trace",
    "ones_sum",
    "scalar_word",
    "expectation",
    "contractions",
]

P_DIM = sympy.Symbol("p")
S_DIM = sympy.Symbol("pstar")
# Label noise zeta ~ N(0, Delta) rides in the coefficients until the expectation.
NOISE_VARIABLE = sympy.Symbol("zeta")

Word = tuple[str, ...]
Sector = str  # "P" or "S"

# letter -> (row sector, column sector)
LETTERS: dict[str, tuple[Sector, Sector]] = {
    "Q": ("P", "P"),
    "rho": ("P", "S"),
    "rho^T": ("S", "P"),
    "T": ("S", "S"),
    "A": ("P", "P"),
    "V": ("S", "S"),
}
_TRANSPOSED = {"Q": "Q", "rho": "rho^T", "rho^T": "rho", "T": "T", "A": "A", "V": "V"}
DIAGONAL = frozenset({"A", "V"})


def dimension(sector: Sector) -> sympy.Symbol:
    """tr(I) of a sector: p for the student ("P"), p* for the teacher ("S")."""
    return P_DIM if sector == "P" else S_DIM


def transpose(word: Word) -> Word:
    """The word of the transposed matrix: reversed, each letter transposed."""
    return tuple(_TRANSPOSED[letter] for letter in reversed(word))


def _rotations(word: Word) -> Iterator[Word]:
    return (word[i:] + word[:i] for i in range(len(word)))


def trace(word: Word, sector: Sector) -> sympy.Expr:
    """tr(word) as a canonical symbol (minimal rotation of the word or its transpose); tr(I_X) = dim."""
    if not word:
        return dimension(sector)
    canonical = min([*_rotations(word), *_rotations(transpose(word))])
    return sympy.Symbol(f"tr({' '.join(canonical)})")


def ones_sum(word: Word, sector: Sector) -> sympy.Expr:
    """1^T word 1 (sum of all entries) as a canonical symbol; a diagonal word gives its trace."""
    if all(letter in DIAGONAL for letter in word):
        return trace(word, sector)
    return sympy.Symbol(f"sum({' '.join(min(word, transpose(word)))})")


def scalar_word(symbol: sympy.Symbol) -> Optional[tuple[str, Word]]:
    """('tr' | 'sum', word) for a symbol made by :func:`trace` / :func:`ones_sum`, else None."""
    name = symbol.name
    for kind in ("tr", "sum"):
        if name.startswith(kind + "(") and name.endswith(")"):
            return kind, tuple(name[len(kind) + 1 : -1].split(" "))
    return None


@dataclass(frozen=True, order=True)
class Factor:
    """An indexed matrix factor (word)_{left right}; a cap of None is the ones vector.

    ``Factor("k", (), "j")`` is the Kronecker delta; ``Factor("k", w, None)`` is (w 1)_k.
    Canonical orientation: the smaller label on the left, None on the right.
    """

    left: str
    word: Word
    right: Optional[str]


def indexed(left: Optional[str], word: Word, right: Optional[str], sector: Sector) -> tuple[sympy.Expr, Optional[Factor]]:
    """(scalar, factor) for the path left -- word -- right; ``sector`` is the empty word's sector."""
    if left is None and right is None:
        return ones_sum(word, sector), None
    if left is None or (right is not None and (right, transpose(word)) < (left, word)):
        left, word, right = right, transpose(word), left
    if right is None and not word:
        return sympy.Integer(1), None
    return sympy.Integer(1), Factor(left, word, right)


@dataclass(frozen=True, order=True)
class Quad:
    """The quadratic form z_X^T M z_X with M = word (one symmetric letter or the identity)."""

    word: Word
    sector: Sector


@dataclass(frozen=True, order=True)
class End:
    """(word^T z_X)_cap: one leg in sector X; cap is a free index label or None (the ones vector)."""

    word: Word
    cap: Optional[str]
    sector: Sector


Node = Union[Quad, End]
_Key = tuple[tuple[Node, ...], tuple[Factor, ...]]


def _key(nodes: tuple[Node, ...], factors: tuple[Factor, ...]) -> _Key:
    return tuple(sorted(nodes, key=repr)), tuple(sorted(factors))


class Form:
    """A polynomial in z: sum of coefficient x (product of nodes) x (indexed factors)."""

    def __init__(self, terms: Mapping[_Key, sympy.Expr] | None = None) -> None:
        self.terms: dict[_Key, sympy.Expr] = {k: v for k, v in (terms or {}).items() if v != 0}

    @classmethod
    def constant(cls, value: sympy.Expr) -> Form:
        return cls({((), ()): sympy.sympify(value)})

    @classmethod
    def node(cls, node: Node, coefficient: sympy.Expr = sympy.Integer(1)) -> Form:
        return cls({((node,), ()): sympy.sympify(coefficient)})

    @classmethod
    def quad(cls, word: Word, sector: Sector, coefficient: sympy.Expr = sympy.Integer(1)) -> Form:
        """coefficient * z_X^T word z_X."""
        return cls.node(Quad(word, sector), coefficient)

    @classmethod
    def end(cls, word: Word, cap: Optional[str], sector: Sector, coefficient: sympy.Expr = sympy.Integer(1)) -> Form:
        """coefficient * (word^T z_X)_cap; e.g. end((), "l", "S") is u_l, end(("A",), None, "P") is a . lambda."""
        return cls.node(End(word, cap, sector), coefficient)

    def __add__(self, other: Form) -> Form:
        terms = dict(self.terms)
        for key, value in other.terms.items():
            terms[key] = terms.get(key, 0) + value
        return Form(terms)

    def __neg__(self) -> Form:
        return self.scale(-1)

    def __sub__(self, other: Form) -> Form:
        return self + (-other)

    def scale(self, factor: sympy.Expr) -> Form:
        return Form({k: factor * v for k, v in self.terms.items()})

    def __mul__(self, other: Form) -> Form:
        terms: dict[_Key, sympy.Expr] = {}
        for (nodes_a, factors_a), a in self.terms.items():
            for (nodes_b, factors_b), b in other.terms.items():
                key = _key(nodes_a + nodes_b, factors_a + factors_b)
                terms[key] = terms.get(key, 0) + a * b
        return Form(terms)

    def derivative(self, sector: Sector, label: str) -> Form:
        """d/d z_{X, label}: d(z^T M z) = 2 (M z)_label; d (w^T z)_cap = (w)_{label cap}."""
        terms: dict[_Key, sympy.Expr] = {}
        for (nodes, factors), coefficient in self.terms.items():
            for i, node in enumerate(nodes):
                if node.sector != sector:
                    continue
                rest = nodes[:i] + nodes[i + 1 :]
                if isinstance(node, Quad):
                    key, value = _key(rest + (End(node.word, label, sector),), factors), 2 * coefficient
                else:
                    scalar, factor = indexed(label, node.word, node.cap, sector)
                    key, value = _key(rest, factors + ((factor,) if factor else ())), scalar * coefficient
                terms[key] = terms.get(key, 0) + value
        return Form(terms)


def contractions(teacher_gram_identity: bool) -> dict[tuple[Sector, Sector], Word]:
    """E[z_X z_Y^T] as a word: T (or I), rho^T, rho, Q."""
    return {
        ("S", "S"): () if teacher_gram_identity else ("T",),
        ("S", "P"): ("rho^T",),
        ("P", "S"): ("rho",),
        ("P", "P"): ("Q",),
    }


_Leg = tuple[int, int]  # (node index, leg number)


def _pairings(legs: list[_Leg]) -> Iterator[dict[_Leg, _Leg]]:
    """All perfect matchings of ``legs`` as symmetric partner maps."""
    if not legs:
        yield {}
        return
    first, rest = legs[0], legs[1:]
    for i, other in enumerate(rest):
        for matching in _pairings(rest[:i] + rest[i + 1 :]):
            matching[first], matching[other] = other, first
            yield matching


def _contract(
    nodes: tuple[Node, ...], partner: dict[_Leg, _Leg], cov: Mapping[tuple[Sector, Sector], Word]
) -> tuple[sympy.Expr, tuple[Factor, ...]]:
    """Follow one pairing: paths between ends give indexed factors/scalars, loops give traces."""
    scalar: sympy.Expr = sympy.Integer(1)
    factors: list[Factor] = []
    visited: set[int] = set()
    for start, node in enumerate(nodes):
        if not isinstance(node, End) or start in visited:
            continue
        visited.add(start)
        letters, leg, sector = list(transpose(node.word)), (start, 0), node.sector
        while True:
            index, number = partner[leg]
            current = nodes[index]
            visited.add(index)
            letters += cov[(sector, current.sector)] + current.word
            sector = current.sector
            if isinstance(current, End):
                value, factor = indexed(node.cap, tuple(letters), current.cap, sector)
                break
            leg = (index, 1 - number)
        scalar *= value
        factors += [factor] if factor else []
    for start, node in enumerate(nodes):
        if start in visited:
            continue
        letters, leg, sector = list(node.word), (start, 1), node.sector
        while True:
            visited.add(leg[0])
            index, number = partner[leg]
            current = nodes[index]
            letters += cov[(sector, current.sector)]
            if index == start:
                break
            letters += current.word
            sector, leg = current.sector, (index, 1 - number)
        scalar *= trace(tuple(letters), sector)
    return scalar, tuple(factors)


def _noise_average(expr: sympy.Expr, variance: sympy.Expr) -> sympy.Expr:
    """Replace zeta^n by E[zeta^n] = (n-1)!! Delta^(n/2) (0 for odd n)."""
    if not expr.has(NOISE_VARIABLE):
        return expr
    poly = sympy.Poly(sympy.expand(expr), NOISE_VARIABLE)
    total = sympy.Integer(0)
    for (power,), coefficient in poly.terms():
        if power % 2 == 0:
            total += coefficient * sympy.factorial2(power - 1) * variance ** (power // 2)
    return total


@dataclass(frozen=True)
class Tensor:
    """sum over terms of coefficient x product of indexed factors, with free labels of given sectors.

    ``labels`` maps each free index label to its sector; a term's key is the sorted
    tuple of its :class:`Factor`; coefficients are commutative SymPy expressions in
    the model parameters and the canonical ``tr(...)``/``sum(...)`` symbols.
    """

    labels: tuple[tuple[str, Sector], ...]
    terms: Mapping[tuple[Factor, ...], sympy.Expr]

    def scalar(self) -> sympy.Expr:
        """The value of a tensor without labels."""
        if self.labels:
            raise ValueError(f"tensor has free labels {self.labels}")
        return self.terms.get((), sympy.Integer(0))

    def scale(self, factor: sympy.Expr) -> Tensor:
        terms = {key: sympy.expand(factor * value) for key, value in self.terms.items()}
        return Tensor(self.labels, {k: v for k, v in terms.items() if v != 0})


def expectation(
    form: Form,
    cov: Mapping[tuple[Sector, Sector], Word],
    labels: tuple[tuple[str, Sector], ...] = (),
    noise_variance: sympy.Expr = sympy.Integer(0),
) -> Tensor:
    """E[form] over z ~ N(0, C) (C given by ``cov``, see :func:`contractions`) and zeta ~ N(0, Delta).

    >>> u = Form.end((), "l", "S")
    >>> t = expectation(u * u, contractions(teacher_gram_identity=False), (("l", "S"),))
    >>> t.terms
    {(Factor(left='l', word=('T',), right='l'),): 1}
    """
    terms: dict[tuple[Factor, ...], sympy.Expr] = {}
    for (nodes, factors), coefficient in form.terms.items():
        legs = [(i, n) for i, node in enumerate(nodes) for n in range(2 if isinstance(node, Quad) else 1)]
        if len(legs) % 2:
            continue
        for partner in _pairings(legs):
            scalar, paths = _contract(nodes, partner, cov)
            key = tuple(sorted(factors + paths))
            terms[key] = terms.get(key, 0) + scalar * coefficient
    averaged = {key: sympy.expand(_noise_average(value, noise_variance)) for key, value in terms.items()}
    return Tensor(labels, {key: value for key, value in averaged.items() if value != 0})
