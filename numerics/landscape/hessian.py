"""The Hessian of the population risk from the engine's derived blocks, and its spectrum.

``derive.concrete.hessian_blocks`` gives, in the scaling of seed 003 Appendix 7.2,

    H_mn = c_mn(Sigma) I_N + sum_{a,b} O^{mn}_{ab}(Sigma) a b^T,

a, b over the weight vectors A = [W*; W] (rows), Sigma = A A^T the overlaps.  Let V = span(A),
d = dim V, and B = A[J] a basis of V made of rows of A (J = pivot columns of Sigma), G = Sigma[J, J].

* On V^perp (x) R^p the outer products vanish and H acts as C = [c_mn]: each eigenvalue of C appears
  with multiplicity N - d.
* On V (x) R^p, writing x_n = B^T y_n, H acts on y = (y_1..y_p) as the pd x pd matrix

      K_mn = c_mn I_d + G^{-1} Sigma[J, :] O^{mn} Sigma[:, J],

  similar to a symmetric matrix (G > 0), so diagonalisable with real eigenvalues.

So the spectrum depends on the point only through Sigma and N, and a multiplicity is
m_C(lambda) (N - d) + m_K(lambda), valid for every N >= d: this is how it is stated as a function of a
symbolic N.  Exact arithmetic throughout in :func:`exact_spectrum`; floats in :func:`numeric_spectrum`,
whose dense counterpart :func:`dense_hessian` + ``numpy.linalg.eigvalsh`` is the check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg
import sympy
from sympy.polys.matrices import DomainMatrix

from quadwick.derive.concrete import population_risk
from quadwick.derive.model import N_SYMBOL

from .functions import coefficient_matrices, compiled_landscape
from .points import StationaryPoint, exact_simplify, landscape_model, overlap_values

__all__ = [
    "BlockCoefficients",
    "block_coefficients",
    "EigenGroup",
    "Spectrum",
    "exact_spectrum",
    "eigenbasis",
    "exact_dense_hessian",
    "symbolic_hessian",
    "dense_hessian",
    "numeric_eigenvalues",
    "numeric_spectrum",
    "finite_difference_hessian",
    "gradient_norm",
]

LAMBDA = sympy.Symbol("lambda")


@dataclass(frozen=True)
class BlockCoefficients:
    """C (p x p) and O (p x p nested, each (p*+p) x (p*+p)) as expressions in rho_k_l, Q_k_j."""

    C: sympy.Matrix
    O: tuple[tuple[sympy.Matrix, ...], ...]

    def at(self, Sigma: sympy.Matrix) -> "BlockCoefficients":
        """The coefficients evaluated exactly at the overlaps Sigma."""
        p = self.C.rows
        values = overlap_values(Sigma, p, Sigma.rows - p)
        return BlockCoefficients(self.C.xreplace(values), tuple(tuple(o.xreplace(values) for o in row) for row in self.O))


def block_coefficients(p: int, pstar: int) -> BlockCoefficients:
    """The derived Hessian blocks of seed 003 Appendix 7.2's model as matrices of coefficients."""
    exact = coefficient_matrices("seed003-appendix", p, pstar)
    return BlockCoefficients(exact.C, exact.O)


# -- exact spectrum -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EigenGroup:
    """One distinct eigenvalue: multiplicity m_C (N - d) + m_K, with the data of its eigenvectors.

    ``complement_directions``: eigenvectors u of C; u (x) v is an eigenvector for every v in V^perp.
    ``span_coordinates``: eigenvectors y of K (pd-vectors); x_n = B^T y_n is an eigenvector in V (x) R^p.
    """

    value: sympy.Expr
    complement_multiplicity: int
    span_multiplicity: int
    span_dimension: int
    complement_directions: tuple[sympy.Matrix, ...]
    span_coordinates: tuple[sympy.Matrix, ...]

    @property
    def multiplicity(self) -> sympy.Expr:
        """The multiplicity as a function of the symbolic input dimension N (``derive.model.N_SYMBOL``)."""
        return sympy.expand(self.complement_multiplicity * (N_SYMBOL - self.span_dimension) + self.span_multiplicity)

    def multiplicity_at(self, N: int) -> int:
        """The multiplicity at a numeric N (N >= d)."""
        return self.complement_multiplicity * (N - self.span_dimension) + self.span_multiplicity


@dataclass(frozen=True)
class Spectrum:
    """The exact Hessian spectrum at a point: distinct eigenvalues in increasing order."""

    N: int
    p: int
    pstar: int
    span_dimension: int
    span_basis: tuple[int, ...]
    groups: tuple[EigenGroup, ...]

    def at(self, N: int | None = None) -> list[tuple[sympy.Expr, int]]:
        """(eigenvalue, multiplicity) pairs at N (default: the point's own N), zero multiplicities dropped."""
        N = self.N if N is None else N
        pairs = [(group.value, group.multiplicity_at(N)) for group in self.groups]
        return [(value, count) for value, count in pairs if count]

    def counts(self) -> dict[str, sympy.Expr]:
        """Numbers of negative, null and positive eigenvalues as functions of the symbolic N."""
        counts = {"negative": sympy.Integer(0), "null": sympy.Integer(0), "positive": sympy.Integer(0)}
        for group in self.groups:
            sign = "null" if group.value == 0 else ("negative" if group.value.is_negative else "positive")
            counts[sign] += group.multiplicity
        return {sign: sympy.expand(count) for sign, count in counts.items()}


def _pivots(Sigma: sympy.Matrix) -> tuple[int, ...]:
    """Rows of A forming a basis of its span: the pivot columns of Sigma = A A^T."""
    return tuple(Sigma.rref(simplify=True)[1])


def _span_operator(coefficients: BlockCoefficients, Sigma: sympy.Matrix, J: tuple[int, ...]) -> sympy.Matrix:
    """K (pd x pd): K_mn = c_mn I_d + G^{-1} Sigma[J, :] O^{mn} Sigma[:, J]."""
    p, d = coefficients.C.rows, len(J)
    left = Sigma.extract(list(J), list(range(Sigma.cols)))
    G_inverse_left = Sigma.extract(list(J), list(J)).inv() * left
    K = sympy.zeros(p * d, p * d)
    for m in range(p):
        for n in range(p):
            block = coefficients.C[m, n] * sympy.eye(d) + G_inverse_left * coefficients.O[m][n] * left.T
            K[m * d:(m + 1) * d, n * d:(n + 1) * d] = block
    return K


def exact_eigenvalues(M: sympy.Matrix) -> dict[sympy.Expr, int]:
    """Eigenvalues with algebraic multiplicities from the factored characteristic polynomial (exact).

    Entries may contain symbols (eta, q): the eigenvalues are then expressions in them.
    """
    if M.rows == 0:
        return {}
    domain_matrix = DomainMatrix.from_Matrix(M)
    poly = sympy.Poly.from_list(domain_matrix.charpoly(), LAMBDA, domain=domain_matrix.domain)
    values: dict[sympy.Expr, int] = {}
    for factor, power in poly.factor_list()[1]:
        roots = sympy.roots(factor, multiple=True)
        if len(roots) != factor.degree():
            if not factor.domain.is_QQ and not factor.domain.is_ZZ:
                raise ValueError(f"eigenvalues not in closed form: irreducible factor {factor.as_expr()}")
            roots = [sympy.CRootOf(factor.as_expr(), LAMBDA, i) for i in range(factor.degree())]
        for root in roots:
            root = sympy.nsimplify(root) if root.is_Rational else sympy.factor(root)
            values[root] = values.get(root, 0) + power
    return values


def _nullspace(M: sympy.Matrix) -> tuple[sympy.Matrix, ...]:
    return tuple(M.nullspace(simplify=True))


def exact_spectrum(point: StationaryPoint, vectors: bool = False) -> Spectrum:
    """The exact Hessian spectrum at ``point`` via the block structure (see module docstring).

    With ``vectors`` the groups also hold eigenvector data (nullspaces of C - lambda I and K - lambda I).
    """
    Sigma = point.overlaps()
    coefficients = block_coefficients(point.p, point.pstar).at(Sigma)
    J = _pivots(Sigma)
    K = _span_operator(coefficients, Sigma, J)
    on_complement, on_span = exact_eigenvalues(coefficients.C), exact_eigenvalues(K)
    groups = []
    for value in sorted(set(on_complement) | set(on_span), key=lambda v: float(sympy.re(v))):
        directions = _nullspace(coefficients.C - value * sympy.eye(point.p)) if vectors else ()
        coordinates = _nullspace(K - value * sympy.eye(K.rows)) if vectors else ()
        groups.append(EigenGroup(value, on_complement.get(value, 0), on_span.get(value, 0), len(J),
                                 directions, coordinates))
    return Spectrum(point.N, point.p, point.pstar, len(J), J, tuple(groups))


def eigenbasis(point: StationaryPoint, spectrum: Spectrum, group: EigenGroup) -> list[sympy.Matrix]:
    """An explicit basis (p x N matrices, row n = perturbation of w_n) of the eigenspace of ``group``.

    ``spectrum`` and ``group`` must come from ``exact_spectrum(point, vectors=True)``.
    """
    B = point.vectors.extract(list(spectrum.span_basis), list(range(point.N)))
    d = len(spectrum.span_basis)
    complement = B.nullspace(simplify=True)
    basis = [u * v.T for u in group.complement_directions for v in complement]
    for y in group.span_coordinates:
        basis.append(sympy.Matrix.vstack(*[(B.T * y[n * d:(n + 1) * d, :]).T for n in range(point.p)]))
    return basis


def exact_dense_hessian(point: StationaryPoint) -> sympy.Matrix:
    """The pN x pN Hessian assembled exactly from the derived blocks (index m N + i for w_m's entry i)."""
    coefficients = block_coefficients(point.p, point.pstar).at(point.overlaps())
    A, N, p = point.vectors, point.N, point.p
    H = sympy.zeros(p * N, p * N)
    for m in range(p):
        for n in range(p):
            H[m * N:(m + 1) * N, n * N:(n + 1) * N] = coefficients.C[m, n] * sympy.eye(N) + A.T * coefficients.O[m][n] * A
    return H.applyfunc(exact_simplify)


def symbolic_hessian(point: StationaryPoint) -> sympy.Matrix:
    """Independent check: the exact Hessian of R(W W^T, W W*^T) (eq. 23's risk as a polynomial in the
    pN weight entries), differentiated by SymPy and evaluated at the point.  For tiny N only."""
    p, pstar, N = point.p, point.pstar, point.N
    W = sympy.Matrix(p, N, lambda k, i: sympy.Symbol(f"W_{k}_{i}"))
    A = point.Wstar.col_join(W)
    risk = population_risk(landscape_model(p, pstar)).xreplace(overlap_values(A * A.T, p, pstar))
    variables = list(W)
    H = sympy.hessian(sympy.expand(risk), variables)
    return H.xreplace(dict(zip(variables, point.W))).applyfunc(exact_simplify)


# -- float route ----------------------------------------------------------------------------------


def dense_hessian(W: np.ndarray, Wstar: np.ndarray) -> np.ndarray:
    """The pN x pN float Hessian assembled from the derived blocks (the baseline of the block structure)."""
    p, N = W.shape
    A = np.vstack([Wstar, W])
    C, O = compiled_landscape("seed003-appendix", p, Wstar.shape[0]).hessian_coefficients(A @ A.T)
    H = np.einsum("ai,mnab,bj->minj", A, O, A, optimize=True)
    H += np.einsum("mn,ij->minj", C, np.eye(N))
    return H.reshape(p * N, p * N)


def _orthonormal_span(A: np.ndarray, tolerance: float) -> np.ndarray:
    """U (N x d), orthonormal basis of the row span of A; rank by pivoted QR with relative ``tolerance``."""
    Q, R, _ = scipy.linalg.qr(A.T, mode="economic", pivoting=True)
    diagonal = np.abs(np.diag(R))
    rank = int(np.sum(diagonal > tolerance * max(diagonal.max(initial=0.0), 1.0)))
    return Q[:, :rank]


def numeric_eigenvalues(W: np.ndarray, Wstar: np.ndarray, tolerance: float = 1e-10) -> np.ndarray:
    """All pN Hessian eigenvalues (sorted) from the block structure: eig(C) x (N - d) and eig(K).

    K is taken in an orthonormal basis U of V, K_mn = c_mn I_d + (A U)^T O^{mn} (A U), symmetric.
    ``tolerance`` is the relative threshold of the rank of A.
    """
    p, N = W.shape
    A = np.vstack([Wstar, W])
    C, O = compiled_landscape("seed003-appendix", p, Wstar.shape[0]).hessian_coefficients(A @ A.T)
    coordinates = A @ _orthonormal_span(A, tolerance)
    d = coordinates.shape[1]
    K = np.einsum("ai,mnab,bj->minj", coordinates, O, coordinates, optimize=True)
    K += np.einsum("mn,ij->minj", C, np.eye(d))
    span = np.linalg.eigvalsh(K.reshape(p * d, p * d))
    complement = np.repeat(np.linalg.eigvalsh(C), N - d)
    return np.sort(np.concatenate([span, complement]))


def numeric_spectrum(W: np.ndarray, Wstar: np.ndarray, tolerance: float = 1e-8) -> list[tuple[float, int]]:
    """Distinct eigenvalues with multiplicities; eigenvalues closer than ``tolerance`` (absolute, after
    scaling by max(1, |largest|)) are one group, reported by their mean."""
    values = numeric_eigenvalues(W, Wstar)
    scale = max(1.0, float(np.abs(values).max(initial=0.0)))
    groups: list[list[float]] = []
    for value in values:
        if groups and value - groups[-1][-1] <= tolerance * scale:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [(float(np.mean(group)), len(group)) for group in groups]


def gradient_norm(W: np.ndarray, Wstar: np.ndarray) -> float:
    """Frobenius norm of the float gradient, rows g(Sigma) A (the engine's eq. (24)), at W (p x N), W* (p* x N)."""
    A = np.vstack([Wstar, W])
    g = compiled_landscape("seed003-appendix", W.shape[0], Wstar.shape[0]).gradient_coefficients(A @ A.T)
    return float(np.linalg.norm(g @ A))


def finite_difference_hessian(W: np.ndarray, Wstar: np.ndarray, step: float = 1e-2) -> np.ndarray:
    """The Hessian by finite differences of the risk alone (no derived gradient or blocks).

    Along each direction e (e_i, e_i + e_j, e_i - e_j) the second derivative of t -> R(W + t e) is the
    five-point stencil (-g(2h) + 16 g(h) - 30 g(0) + 16 g(-h) - g(-2h)) / (12 h^2), whose truncation error
    is h^4 g^(6)/90 = 0 for the quartic R: only rounding remains.  H_ij = (D_{e_i+e_j} - D_{e_i-e_j}) / 4.
    """
    p, N = W.shape
    risk = compiled_landscape("seed003-appendix", p, Wstar.shape[0]).risk
    size = p * N
    flat = W.ravel()

    def second(direction: np.ndarray) -> float:
        g = [risk((flat + t * step * direction).reshape(p, N), Wstar) for t in (2, 1, 0, -1, -2)]
        return (-g[0] + 16 * g[1] - 30 * g[2] + 16 * g[3] - g[4]) / (12 * step**2)

    basis = np.eye(size)
    H = np.empty((size, size))
    for i in range(size):
        H[i, i] = second(basis[i])
        for j in range(i + 1, size):
            H[i, j] = H[j, i] = (second(basis[i] + basis[j]) - second(basis[i] - basis[j])) / 4
    return H
