r"""The zero-error manifold of seed 003 (p >= p*), its tangent space and the student degrees of freedom.

For T = I (teacher rows orthonormal, Appendix 7.2 scaling) the zero-error set is
M = {W : W^T W / p = W*^T W* / p*} = {sqrt(p/p*) S W* : S^T S = I_{p*}} = O(p) . Wbar, and:

* tangent space (App. 7.2.3):  delta W = sqrt(p/p*) (S Omega + S_perp K) W*, Omega antisymmetric p* x p*,
  K (p - p*) x p*  -- dimension p*(p*-1)/2 + p*(p - p*) = p p* - p*(p*+1)/2;
* it equals the tangent of the orbit {A Wbar : A antisymmetric p x p}, of dimension
  p(p-1)/2 - (p-q)(p-q-1)/2, q = rank Wbar (App. 7.5.2);
* the Hessian kernel is the kernel of dF, F(W) = W^T W (the risk is a positive-definite quadratic form in
  W^T W - Wbar^T Wbar): it contains the tangent space and, for p > p*, the extra directions x v^T
  (S^T x = 0, v orthogonal to the teacher), Hessian-flat but not tangent: along them
  W^T W changes by t^2 v x^T x v^T, a change in the complement of the teacher span that no second-order
  correction Z (with W^T Z + Z^T W supported on the teacher span) can cancel.

The student degrees of freedom (App. 7.5.1) are the rank of dF at a generic W.  Everything here is exact
(ranks over the rationals or Q(sqrt(.)) via SymPy).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy


from .hessian import eigenbasis, exact_spectrum
from .points import StationaryPoint, correlated, rational_orthogonal

__all__ = [
    "solution_matrix",
    "tangent_basis",
    "orbit_tangent_basis",
    "differential_kernel_dimension",
    "paper_null_families",
    "hessian_null_basis",
    "span_rank",
    "NullAnalysis",
    "analyse_null_directions",
    "second_order_obstruction",
    "computed_student_dof",
    "computed_manifold_dimension",
    "generic_solution",
]


def _flatten(matrices: list[sympy.Matrix]) -> sympy.Matrix:
    """Columns vec(delta W) (row-major, index m N + i) of the given p x N matrices."""
    if not matrices:
        return sympy.zeros(0, 0)
    return sympy.Matrix.hstack(*[m.reshape(m.rows * m.cols, 1) for m in matrices])


def span_rank(matrices: list[sympy.Matrix]) -> int:
    """Dimension of the span of p x N matrices (exact rank)."""
    if not matrices:
        return 0
    return _flatten(matrices).applyfunc(lambda e: sympy.radsimp(sympy.expand(e))).rank(simplify=True)


def solution_matrix(point: StationaryPoint) -> sympy.Matrix:
    """S = sqrt(p*/p) rho (p x p*, S^T S = I) of a zero-error point W = sqrt(p/p*) S W*."""
    p, pstar = point.p, point.pstar
    S = (sympy.sqrt(sympy.Rational(pstar, p)) * point.W * point.Wstar.T).applyfunc(lambda e: sympy.radsimp(sympy.expand(e)))
    if (S.T * S).applyfunc(sympy.simplify) != sympy.eye(pstar):
        raise ValueError("the point is not on the zero-error manifold (S^T S != I)")
    return S


def _antisymmetric_basis(n: int) -> list[sympy.Matrix]:
    basis = []
    for i in range(n):
        for j in range(i + 1, n):
            E = sympy.zeros(n, n)
            E[i, j], E[j, i] = 1, -1
            basis.append(E)
    return basis


def tangent_basis(point: StationaryPoint) -> list[sympy.Matrix]:
    """App. 7.2.3: delta W = sqrt(p/p*) (S Omega + S_perp K) W* over bases of Omega (antisymmetric) and K."""
    S, Wstar, p, pstar = solution_matrix(point), point.Wstar, point.p, point.pstar
    c = sympy.sqrt(sympy.Rational(p, pstar))
    basis = [c * S * omega * Wstar for omega in _antisymmetric_basis(pstar)]
    for x in S.T.nullspace():  # columns of S_perp (a basis; orthonormality does not change the span)
        for l in range(pstar):
            basis.append(c * x * Wstar[l, :])
    return basis


def orbit_tangent_basis(W: sympy.Matrix) -> list[sympy.Matrix]:
    """{A W : A antisymmetric p x p}: the tangent of the orbit O(p) . W (App. 7.5.2's rotations)."""
    return [A * W for A in _antisymmetric_basis(W.rows)]


def differential_kernel_dimension(W: sympy.Matrix) -> int:
    """dim ker dF at W, dF(delta W) = delta W^T W + W^T delta W (upper triangle), exact."""
    p, N = W.shape
    return p * N - _differential_matrix(W).rank(simplify=True)


def _differential_matrix(W: sympy.Matrix) -> sympy.Matrix:
    p, N = W.shape
    rows = []
    for i in range(N):
        for j in range(i, N):
            row = sympy.zeros(1, p * N)
            for m in range(p):
                row[m * N + i] += W[m, j]
                row[m * N + j] += W[m, i]
            rows.append(row)
    return sympy.Matrix.vstack(*rows).applyfunc(lambda e: sympy.radsimp(sympy.expand(e)))


def paper_null_families(point: StationaryPoint) -> dict[str, list[sympy.Matrix]]:
    """The three null families of App. 7.2.2/7.2.3 at a zero-error point, as bases:

    'x w*_l' (x in null(S S^T), l = 1..p*), 'S Omega W*' (Omega antisymmetric), 'x v' (x in null(S S^T),
    v orthogonal to every w*_l)."""
    S, Wstar = solution_matrix(point), point.Wstar
    null_x = S.T.nullspace()
    complement = Wstar.nullspace()
    return {
        "x w*_l": [x * Wstar[l, :] for x in null_x for l in range(point.pstar)],
        "S Omega W*": [S * omega * Wstar for omega in _antisymmetric_basis(point.pstar)],
        "x v": [x * v.T for x in null_x for v in complement],
    }


def hessian_null_basis(point: StationaryPoint) -> list[sympy.Matrix]:
    """A basis (p x N matrices) of the Hessian kernel, from the exact block spectrum (hessian.py)."""
    spectrum = exact_spectrum(point, vectors=True)
    for group in spectrum.groups:
        if group.value == 0:
            return eigenbasis(point, spectrum, group)
    return []


def second_order_obstruction(point: StationaryPoint, direction: sympy.Matrix) -> sympy.Matrix:
    """P_perp delta W^T delta W P_perp, P_perp the projector off the teacher span: a curve
    W + t delta W + t^2 Z/2 stays on the manifold to second order only if this vanishes (non-zero means
    'not tangent'; zero for every tangent direction)."""
    Wstar = point.Wstar
    P_perp = sympy.eye(point.N) - Wstar.T * (Wstar * Wstar.T).inv() * Wstar
    return (P_perp * direction.T * direction * P_perp).applyfunc(sympy.simplify)


@dataclass(frozen=True)
class NullAnalysis:
    """Dimensions at a zero-error point and the inclusions between the spaces (all exact)."""

    N: int
    p: int
    pstar: int
    hessian_null: int
    tangent: int
    orbit_tangent: int
    differential_kernel: int
    tangent_in_null: bool
    families: dict[str, int]
    tangent_families_span_tangent: bool
    non_tangent_meets_tangent: int
    families_span_null: bool

    @property
    def non_tangent(self) -> int:
        """Hessian-flat directions that are not tangent: dim null - dim tangent."""
        return self.hessian_null - self.tangent


def analyse_null_directions(N: int, p: int, pstar: int) -> NullAnalysis:
    """The Hessian kernel at the zero-error point correlated(N, p, p*) against the tangent space."""
    point = correlated(N, p, pstar)
    null, tangent = hessian_null_basis(point), tangent_basis(point)
    families = paper_null_families(point)
    r_null, r_tangent = span_rank(null), span_rank(tangent)
    tangent_families = families["x w*_l"] + families["S Omega W*"]
    return NullAnalysis(
        N=N, p=p, pstar=pstar,
        hessian_null=r_null,
        tangent=r_tangent,
        orbit_tangent=span_rank(orbit_tangent_basis(point.W)),
        differential_kernel=differential_kernel_dimension(point.W),
        tangent_in_null=span_rank(null + tangent) == r_null,
        families={name: span_rank(basis) for name, basis in families.items()},
        tangent_families_span_tangent=span_rank(tangent_families + tangent) == r_tangent == span_rank(tangent_families),
        non_tangent_meets_tangent=span_rank(families["x v"]) + r_tangent - span_rank(families["x v"] + tangent),
        families_span_null=span_rank(sum(families.values(), []) + null) == r_null == span_rank(sum(families.values(), [])),
    )


# -- degrees of freedom (App. 7.5) -------------------------------------------------------------------


def computed_student_dof(p: int, N: int, rng: np.random.Generator) -> int:
    """rank of dF at a random integer W (p x N), F(W) = W^T W: the dimension of the G_W reachable locally."""
    W = sympy.Matrix(rng.integers(-5, 6, size=(p, N)).tolist())
    return _differential_matrix(W).rank()


def generic_solution(N: int, p: int, pstar: int, rng: np.random.Generator) -> tuple[sympy.Matrix, sympy.Matrix]:
    """(Wbar, W*) with Wbar^T Wbar / p = W*^T W* / p* and rank q = min(p*, N), exact; needs p >= q.

    Wbar = M B (M: first q columns of a rational orthogonal p x p matrix, B: random integer q x N of rank q),
    W* = sqrt(p*/p) [B; 0] (p* x N, rank q; orthonormal rows are not needed here)."""
    q = min(pstar, N)
    if p < q:
        raise ValueError(f"no zero-error solution: p = {p} < min(p*, N) = {q}")
    while True:
        B = sympy.Matrix(rng.integers(-3, 4, size=(q, N)).tolist())
        if B.rank() == q:
            break
    Wbar = rational_orthogonal(p, rng)[:, :q] * B
    Wstar = sympy.sqrt(sympy.Rational(pstar, p)) * B.col_join(sympy.zeros(pstar - q, N))
    return Wbar, Wstar


def computed_manifold_dimension(N: int, p: int, pstar: int, rng: np.random.Generator) -> int:
    """dim of the zero-error set O(p) . Wbar = rank of {A Wbar : A antisymmetric} at a generic solution."""
    Wbar, _ = generic_solution(N, p, pstar, rng)
    return span_rank(orbit_tangent_basis(Wbar))
