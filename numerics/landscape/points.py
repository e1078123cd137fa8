"""Stationary points of the population risk, seed 003 Appendix 7.2.1 (weights of norm ~ 1, T = I).

The teacher rows are the first p* canonical vectors, w*_l = e_l, so W* W*^T = I_{p*}.  With
G_W = W^T W and G_* = W*^T W* (a projector), the stationarity condition of seed 003 reads

    G_W [1 - tr(G_W)/p] - (2/p) G_W^2 + (2/p*) G_W G_* = 0,

solved by G_W = alpha P with P an orthogonal projector of rank r:

* uncorrelated (eq. 28):  W = sqrt(alpha) M O^T, alpha = p/(2 + r), the r rows of O^T orthonormal and
  orthogonal to the teacher; r = p is the plateau Q = p/(p+2) I, rho = 0;
* correlated (eq. 30):    W = sqrt(alpha) M O^T, alpha = p(2 + p*)/(p*(2 + s)), the s rows of O^T
  orthonormal in the teacher span; s = p* is the zero-error manifold W = sqrt(p/p*) S W*;
* aligned (Example 4):    correlated with s = 1 and O^T = w*_1;
* tabula rasa:            W = 0.

M is p x r with orthonormal columns (the paper writes M M^T = I_r, which for a p x r matrix can only mean
M^T M = I_r).  The constructors are exact: M is taken from a rational orthogonal matrix (Cayley transform
of a rational skew matrix), so W = sqrt(alpha) x (rational matrix) and every overlap is rational.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import numpy as np
import sympy

from quadwick.derive.concrete import risk_gradient
from quadwick.derive.model import Model, preset, q_symbol, rho_symbol

__all__ = [
    "FAMILIES",
    "StationaryPoint",
    "landscape_model",
    "rational_orthogonal",
    "tabula_rasa",
    "uncorrelated",
    "correlated",
    "aligned",
    "stationary_point",
    "overlap_values",
    "gradient_coefficients",
    "gradient",
    "is_stationary_exact",
]

FAMILIES: tuple[str, ...] = ("tabula-rasa", "uncorrelated", "correlated", "aligned")


def exact_simplify(expr: sympy.Expr) -> sympy.Expr:
    """Expand and rationalise denominators, exactly.  (Not ``nsimplify``: it goes through floats and
    can replace an exact rational by a wrong closed form, e.g. 56809600/39425841 by a product of
    fractional powers that differs from it by ~1e-18.)"""
    return sympy.radsimp(sympy.expand(expr))


@dataclass(frozen=True)
class StationaryPoint:
    """A point W (p x N) of weight space with its teacher W* (p* x N), both exact SymPy matrices."""

    family: str
    rank: int
    W: sympy.Matrix
    Wstar: sympy.Matrix

    @property
    def p(self) -> int:
        """Student width."""
        return self.W.rows

    @property
    def pstar(self) -> int:
        """Teacher width."""
        return self.Wstar.rows

    @property
    def N(self) -> int:
        """Input dimension."""
        return self.W.cols

    @property
    def vectors(self) -> sympy.Matrix:
        """A = [W*; W]: the weight vectors as rows, ordered as the pre-activations (u, lambda)."""
        return self.Wstar.col_join(self.W)

    def overlaps(self) -> sympy.Matrix:
        """Sigma = A A^T = [[T, rho^T], [rho, Q]], exact."""
        A = self.vectors
        return (A * A.T).applyfunc(exact_simplify)

    def as_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(W, W*) as float arrays."""
        return np.array(self.W.evalf(), dtype=float), np.array(self.Wstar.evalf(), dtype=float)


@lru_cache(maxsize=None)
def landscape_model(p: int, pstar: int) -> Model:
    """Seed 003 Appendix 7.2's model: a_k = 1/p, v_l = 1/p*, loss (y - yhat)^2, lambda = w.x, T = I."""
    return preset("seed003-appendix", p, pstar)


def rational_orthogonal(n: int, rng: np.random.Generator | None = None) -> sympy.Matrix:
    """An exact rational orthogonal n x n matrix (I - S)(I + S)^{-1}, S rational skew-symmetric.

    Without ``rng`` S is the fixed generic S_ij = (j - i)/(i + j + 1) (i < j), so the result has no
    zero entries in general; with ``rng``, S_ij are random small integers over 4.
    """
    def entry(i: int, j: int) -> sympy.Rational:
        if rng is None:
            return sympy.Rational(j - i, i + j + 1)
        return sympy.Rational(int(rng.integers(-4, 5)), 4)

    S = sympy.zeros(n, n)
    for i in range(n):
        for j in range(i + 1, n):
            S[i, j] = entry(i, j)
            S[j, i] = -S[i, j]
    identity = sympy.eye(n)
    return (identity - S) * (identity + S).inv()


def _check_sizes(N: int, p: int, pstar: int) -> None:
    for name, value in (("N", N), ("p", p), ("p*", pstar)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if N < pstar:
        raise ValueError(f"N = {N} is smaller than p* = {pstar}: the teacher rows cannot be orthonormal")


def _teacher(N: int, pstar: int) -> sympy.Matrix:
    return sympy.eye(pstar, N)


def _build(family: str, rank: int, N: int, p: int, pstar: int, alpha: sympy.Rational,
           rows: sympy.Matrix, rng: np.random.Generator | None) -> StationaryPoint:
    """W = sqrt(alpha) M O^T with M the first ``rank`` columns of a rational orthogonal p x p matrix."""
    M = rational_orthogonal(p, rng)[:, :rank]
    W = sympy.sqrt(alpha) * M * rows if rank else sympy.zeros(p, N)
    return StationaryPoint(family, rank, W, _teacher(N, pstar))


def tabula_rasa(N: int, p: int, pstar: int) -> StationaryPoint:
    """W = 0 (seed 003 eq. 26): Q = 0, rho = 0."""
    _check_sizes(N, p, pstar)
    return StationaryPoint("tabula-rasa", 0, sympy.zeros(p, N), _teacher(N, pstar))


def uncorrelated(N: int, p: int, pstar: int, rank: int | None = None,
                 rng: np.random.Generator | None = None) -> StationaryPoint:
    """Eq. (28): W = sqrt(p/(2 + r)) M O^T with O^T = (e_{p*+1}, ..., e_{p*+r}); default r = p (plateau)."""
    _check_sizes(N, p, pstar)
    r = p if rank is None else rank
    if not 0 <= r <= p:
        raise ValueError(f"rank r of an uncorrelated point must lie in [0, p] = [0, {p}], got {r}")
    if pstar + r > N:
        raise ValueError(f"rank r = {r} needs N >= p* + r = {pstar + r} (room orthogonal to the teacher), got N = {N}")
    rows = sympy.eye(N)[pstar:pstar + r, :]
    return _build("uncorrelated", r, N, p, pstar, sympy.Rational(p, 2 + r), rows, rng)


def correlated(N: int, p: int, pstar: int, rank: int | None = None,
               rng: np.random.Generator | None = None) -> StationaryPoint:
    """Eq. (30): W = sqrt(p(2 + p*)/(p*(2 + s))) M O^T, O^T = s orthonormal combinations of the teacher rows.

    Default s = p* (the zero-error manifold W = sqrt(p/p*) S W*, S^T S = I, when p >= p*).
    """
    _check_sizes(N, p, pstar)
    s = min(p, pstar) if rank is None else rank
    if not 0 <= s <= min(p, pstar):
        raise ValueError(f"rank s of a correlated point must lie in [0, min(p, p*)] = [0, {min(p, pstar)}], got {s}")
    rows = rational_orthogonal(pstar, rng)[:, :s].T * _teacher(N, pstar)
    alpha = sympy.Rational(p * (2 + pstar), pstar * (2 + s))
    return _build("correlated", s, N, p, pstar, alpha, rows, rng)


def aligned(N: int, p: int, pstar: int, rng: np.random.Generator | None = None) -> StationaryPoint:
    """Example 4: every student along w*_1, W = sqrt(p(2 + p*)/(3 p*)) v w*_1^T with |v| = 1."""
    _check_sizes(N, p, pstar)
    alpha = sympy.Rational(p * (2 + pstar), 3 * pstar)
    return _build("aligned", 1, N, p, pstar, alpha, _teacher(N, pstar)[0, :], rng)


def stationary_point(family: str, N: int, p: int, pstar: int, rank: int | None = None,
                     rng: np.random.Generator | None = None) -> StationaryPoint:
    """The constructor of ``family`` (one of FAMILIES); ``rank`` only for uncorrelated and correlated."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
    if rank is not None and family in ("tabula-rasa", "aligned"):
        raise ValueError(f"family {family!r} has a fixed rank; do not pass a rank")
    if family == "tabula-rasa":
        return tabula_rasa(N, p, pstar)
    if family == "aligned":
        return aligned(N, p, pstar, rng)
    constructor = uncorrelated if family == "uncorrelated" else correlated
    return constructor(N, p, pstar, rank, rng)


def overlap_values(Sigma, p: int, pstar: int) -> dict[sympy.Symbol, object]:
    """The model's order-parameter symbols rho_k_l, Q_k_j mapped to entries of Sigma = [[T, rho^T], [rho, Q]]."""
    values = {rho_symbol(k, l): Sigma[pstar + k - 1, l - 1] for k in range(1, p + 1) for l in range(1, pstar + 1)}
    values.update({q_symbol(k, j): Sigma[pstar + k - 1, pstar + j - 1]
                   for k in range(1, p + 1) for j in range(k, p + 1)})
    return values


@lru_cache(maxsize=None)
def gradient_coefficients(p: int, pstar: int, model: Model | None = None) -> sympy.Matrix:
    """g (p x (p* + p)) with grad_{w_m} R = sum_a g[m, a] a, a over (w*_1..w*_p*, w_1..w_p); entries in rho, Q
    (and T for a general teacher Gram). ``model`` defaults to :func:`landscape_model`."""
    names = [f"wstar_{l}" for l in range(1, pstar + 1)] + [f"w_{k}" for k in range(1, p + 1)]
    derived = risk_gradient(landscape_model(p, pstar) if model is None else model)
    return sympy.Matrix(p, len(names), lambda m, a: derived[m + 1].coefficients.get(names[a], sympy.Integer(0)))


def gradient(point: StationaryPoint) -> sympy.Matrix:
    """The exact gradient, rows grad_{w_m} R = g(Sigma) A (seed 003 eq. 24, derived by the engine)."""
    g = gradient_coefficients(point.p, point.pstar).xreplace(overlap_values(point.overlaps(), point.p, point.pstar))
    return (g * point.vectors).applyfunc(sympy.expand)


def is_stationary_exact(point: StationaryPoint) -> bool:
    """True when every entry of the exact gradient simplifies to 0."""
    return all(sympy.simplify(entry) == 0 for entry in gradient(point))

