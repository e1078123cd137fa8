"""Seed 003's landscape claims (numerics.papers.seed003.claims_landscape): independent checks
(quotes and verdicts of the claims: tests/test_claims.py).

The claims are checked exactly by the engine (derived gradient and Hessian blocks, exact spectra and ranks).
Here the same statements are checked again in floating point by routes that share none of that: points built
in NumPy from the printed formulas, the Hessian by finite differences of the risk alone, null spaces and
tangent spaces by NumPy ranks.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from quadwick.numerics.papers.seed003 import claims_landscape as claims
from quadwick.numerics.claims.base import normalise_whitespace
from quadwick.numerics.landscape.functions import compiled_landscape
from quadwick.numerics.landscape.hessian import finite_difference_hessian
from quadwick.numerics.papers.seeds import seed_path
from quadwick.numerics.papers.seed003 import transcription_landscape as paper

TOLERANCE = 1e-6  # finite-difference Hessian of the quartic risk: exact stencil, rounding only (~1e-9 seen)


@pytest.mark.skipif(seed_path(paper.SEED_FILE) is None, reason="seed 003 text not available")
def test_transcription_quotes_occur_in_the_seed_text():
    text = normalise_whitespace(seed_path(paper.SEED_FILE).read_text(encoding="utf-8"))
    quotes = paper.stationary_quotes() + paper.manifold_quotes() + paper.hessian_quotes()
    assert [quote for quote in quotes if normalise_whitespace(quote) not in text] == []


def test_a_wrong_fact_is_refuted():
    checked = claims.Grid("one size", ((5, 3, 2),))
    wrong = [claims.Fact("count", sympy.Integer(1), sympy.Integer(2))]
    outcome = claims.facts_outcome("x", checked, lambda sizes: wrong)
    assert outcome.verdict == "refuted" and "paper 1, engine 2" in outcome.residual


# -- points built in NumPy from the printed formulas ------------------------------------------------------


def orthonormal_rows(rng: np.random.Generator, count: int, N: int, start: int) -> np.ndarray:
    """``count`` random orthonormal rows in span(e_start, ..., e_{N-1}) (start = p*: orthogonal to the teacher)."""
    block = np.linalg.qr(rng.normal(size=(N - start, count)))[0].T
    return np.hstack([np.zeros((count, start)), block])


def orthonormal_columns(rng: np.random.Generator, rows: int, count: int) -> np.ndarray:
    return np.linalg.qr(rng.normal(size=(rows, count)))[0]


def printed_alpha(family: str, p: int, pstar: int, rank: int) -> float:
    printed = paper.STATIONARY_FAMILIES[family]
    return float(printed.alpha.subs({printed.rank: rank, paper.P: p, paper.PSTAR: pstar}))


def family_point(family: str, N: int, p: int, pstar: int, rank: int, seed: int = 0) -> np.ndarray:
    """W = sqrt(alpha) M O^T of eqs. (26), (28), (30) with the printed alpha, random M and O (teacher = e_1..e_p*);
    "aligned" is eq. (30) at s = 1 with O^T = w*_1 (App. 7.2.1 Example 4)."""
    rng = np.random.default_rng(seed)
    if family == "tabula-rasa" or rank == 0:
        return np.zeros((p, N))
    if family == "uncorrelated":
        rows = orthonormal_rows(rng, rank, N, pstar)
    elif family == "aligned":
        family, rows = "correlated", np.eye(1, N)
    else:  # rows of O^T: orthonormal combinations of the teacher rows
        rows = orthonormal_columns(rng, pstar, rank).T @ np.eye(pstar, N)
    return np.sqrt(printed_alpha(family, p, pstar, rank)) * orthonormal_columns(rng, p, rank) @ rows


def finite_difference_gradient(W: np.ndarray, Wstar: np.ndarray, step: float = 1e-3) -> np.ndarray:
    """Central differences of the risk alone (five-point stencil: exact up to rounding for a quartic)."""
    risk = compiled_landscape("seed003-appendix", W.shape[0], Wstar.shape[0]).risk
    gradient = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        E = np.zeros_like(W)
        E[index] = step
        values = [risk(W + t * E, Wstar) for t in (2, 1, -1, -2)]
        gradient[index] = (-values[0] + 8 * values[1] - 8 * values[2] + values[3]) / (12 * step)
    return gradient


@pytest.mark.parametrize("family, sizes, rank", [
    ("tabula-rasa", (4, 2, 1), 0), ("uncorrelated", (6, 3, 2), 1), ("uncorrelated", (6, 3, 2), 3),
    ("uncorrelated", (7, 4, 1), 2), ("correlated", (5, 3, 2), 1), ("correlated", (5, 3, 2), 2),
    ("correlated", (6, 4, 3), 2),
])
def test_printed_stationary_points_have_zero_finite_difference_gradient(family, sizes, rank):
    W = family_point(family, *sizes, rank)
    assert np.abs(finite_difference_gradient(W, np.eye(sizes[2], sizes[0]))).max() < 1e-8


def test_a_wrong_alpha_is_not_stationary():
    W = 1.1 * family_point("uncorrelated", 6, 3, 2, 3)
    assert np.abs(finite_difference_gradient(W, np.eye(2, 6))).max() > 1e-2


# -- the tables against finite-difference Hessians ----------------------------------------------------------


def table_point(table: str, N: int, p: int, pstar: int) -> np.ndarray:
    """The point a table describes, built from the printed formulas."""
    family, rank = {"tabula-rasa": ("tabula-rasa", 0), "plateau": ("uncorrelated", p),
                    "zero-error": ("correlated", pstar), "aligned": ("aligned", 1)}[table]
    return family_point(family, N, p, pstar, rank, seed=N + p + pstar)


def printed_spectrum(table: str, N: int, p: int, pstar: int) -> np.ndarray:
    """The table's eigenvalues, each repeated by its printed multiplicity, sorted."""
    at = {paper.N: N, paper.P: p, paper.PSTAR: pstar}
    rows = paper.TABLES[table].rows
    return np.sort(np.concatenate([np.full(int(row.multiplicity.subs(at)), float(row.value.subs(at))) for row in rows]))


def hessian_eigenvalues(W: np.ndarray, pstar: int) -> np.ndarray:
    return np.linalg.eigvalsh(finite_difference_hessian(W, np.eye(pstar, W.shape[1])))


@pytest.mark.parametrize("table, sizes", [
    ("tabula-rasa", (4, 2, 1)), ("plateau", (6, 2, 2)), ("plateau", (6, 3, 1)),
    ("zero-error", (5, 3, 2)), ("zero-error", (4, 2, 1)), ("aligned", (5, 3, 2)),
])
def test_printed_table_equals_finite_difference_spectrum(table, sizes):
    N, p, pstar = sizes
    computed = hessian_eigenvalues(table_point(table, N, p, pstar), pstar)
    expected = printed_spectrum(table, N, p, pstar)
    assert expected.shape == computed.shape and np.abs(expected - computed).max() < TOLERANCE


def sign_counts(values: np.ndarray) -> tuple[int, int, int]:
    return int(np.sum(values < -TOLERANCE)), int(np.sum(np.abs(values) <= TOLERANCE)), int(np.sum(values > TOLERANCE))


def test_eq29_ratio_from_finite_difference_spectrum():
    N, p, pstar = 7, 3, 2
    negative, null, _ = sign_counts(hessian_eigenvalues(table_point("plateau", N, p, pstar), pstar))
    printed = paper.COUNT_CLAIMS[0].value.subs({paper.N: N, paper.P: p, paper.PSTAR: pstar})
    assert paper.COUNT_CLAIMS[0].name == "eq29" and sympy.Rational(negative, null) == printed


def test_refuted_plateau_range_ratio_at_largest_p_differs_from_printed():
    """At p = N - p* (the largest p with a plateau: p students orthonormal and orthogonal to the p* teachers
    need p + p* <= N) the ratio is p*/((N - p* - 1)/2), not the printed value at 'p = N'."""
    N, pstar = 6, 2
    p = N - pstar
    negative, null, _ = sign_counts(hessian_eigenvalues(table_point("plateau", N, p, pstar), pstar))
    printed = float(claims.EQ29_RANGE_STATED.subs({paper.N: N, paper.PSTAR: pstar}))
    assert (negative, null) == (8, 6) and abs(negative / null - 4 / 3) < 1e-12
    assert abs(negative / null - printed) > 1  # 4/3 against 4


# -- null directions, tangent spaces and degrees of freedom by NumPy ranks --------------------------------


def orbit_tangent(W: np.ndarray) -> np.ndarray:
    """Rows: A W (flattened) for a basis of antisymmetric p x p matrices A, the tangent of the orbit O(p) W."""
    p = W.shape[0]
    units = np.eye(p)
    return np.array([((np.outer(units[i], units[j]) - np.outer(units[j], units[i])) @ W).ravel()
                     for i in range(p) for j in range(i + 1, p)]).reshape(-1, W.size)


def differential(W: np.ndarray) -> np.ndarray:
    """The matrix of dF at W, F(W) = W^T W: columns dW^T W + W^T dW (flattened) for unit dW."""
    columns = []
    for index in np.ndindex(W.shape):
        E = np.zeros_like(W)
        E[index] = 1
        columns.append((E.T @ W + W.T @ E).ravel())
    return np.array(columns).T


def test_null_families_at_a_zero_error_point():
    """App. 7.2.3 / Sec. 4.2 at (N, p, p*) = (6, 4, 2): dimensions p*(p-p*), p*(p*-1)/2, (N-p*)(p-p*), together
    the whole Hessian kernel (finite differences); the two tangent families span the tangent space of the
    manifold O(p) W, {A W : A antisymmetric}, and the x v family meets it only in 0."""
    N, p, pstar = 6, 4, 2
    rng = np.random.default_rng(3)
    S = orthonormal_columns(rng, p, pstar)
    Wstar = np.eye(pstar, N)
    W = np.sqrt(p / pstar) * S @ Wstar
    null_x = np.linalg.svd(S.T)[2][pstar:]  # rows: basis of null(S^T) = null eigenspace of S S^T
    omega = [np.outer(np.eye(pstar)[i], np.eye(pstar)[j]) - np.outer(np.eye(pstar)[j], np.eye(pstar)[i])
             for i in range(pstar) for j in range(i + 1, pstar)]
    families = {
        "x w*_l": [np.outer(x, Wstar[l]) for x in null_x for l in range(pstar)],
        "S Omega W*": [S @ o @ Wstar for o in omega],
        "x v": [np.outer(x, v) for x in null_x for v in np.eye(N)[pstar:]],
    }
    H = finite_difference_hessian(W, Wstar)
    flat = {name: np.array([d.ravel() for d in basis]) for name, basis in families.items()}
    assert {name: np.linalg.matrix_rank(m) for name, m in flat.items()} == {
        "x w*_l": pstar * (p - pstar), "S Omega W*": pstar * (pstar - 1) // 2, "x v": (N - pstar) * (p - pstar)}
    assert all(np.abs(H @ m.T).max() < TOLERANCE for m in flat.values())
    assert sign_counts(np.linalg.eigvalsh(H))[1] == sum(len(m) for m in flat.values())
    orbit = orbit_tangent(W)
    tangent_dimension = np.linalg.matrix_rank(orbit)
    assert tangent_dimension == p * pstar - pstar * (pstar + 1) // 2
    assert np.linalg.matrix_rank(np.vstack([orbit, flat["x w*_l"], flat["S Omega W*"]])) == tangent_dimension
    assert np.linalg.matrix_rank(np.vstack([orbit, flat["x v"]])) == tangent_dimension + len(flat["x v"])


@pytest.mark.parametrize("N, p", [(3, 1), (4, 3), (4, 4), (2, 5), (3, 6)])
def test_degrees_of_freedom_by_numpy_rank(N, p):
    rank = np.linalg.matrix_rank(differential(np.random.default_rng(N * p).normal(size=(p, N))))
    assert rank == int(paper.MANIFOLD_CLAIMS["dof"].value(N, p, 1))


def generic_solution(N: int, p: int, pstar: int, rng: np.random.Generator) -> np.ndarray:
    """A float zero-error W for a generic teacher T (p* x N): W^T W = (p/p*) T^T T, W = M (sqrt(p/p*) T)
    restricted to the rank of T, M with orthonormal columns."""
    T = rng.normal(size=(pstar, N))
    U, sigma, Vt = np.linalg.svd(np.sqrt(p / pstar) * T, full_matrices=False)
    q = min(pstar, N)
    return orthonormal_columns(rng, p, q) @ (sigma[:q, None] * Vt[:q])


@pytest.mark.parametrize("N, p, pstar", [(4, 3, 2), (5, 4, 1), (3, 5, 4), (2, 3, 3)])
def test_manifold_dimension_by_numpy_rank(N, p, pstar):
    """The zero-error set {W : W^T W = G} near a full-rank-in-its-span solution: its dimension is the rank of
    {A W : A antisymmetric} (the O(p) orbit)."""
    W = generic_solution(N, p, pstar, np.random.default_rng(N + p + pstar))
    printed = int(paper.MANIFOLD_CLAIMS["manifold-dimension"].value(N, p, pstar))
    assert np.linalg.matrix_rank(orbit_tangent(W)) == printed


@pytest.mark.parametrize("N, p, pstar", [(3, 2, 2), (4, 3, 2), (4, 4, 3), (5, 3, 1)])
def test_manifold_dimension_for_p_le_N_in_the_paper_setting(N, p, pstar):
    """p* <= p <= N (orthonormal teacher): the NumPy rank of the orbit's tangent {A W} at a solution equals the
    printed p p* - p*(p*+1)/2."""
    W = generic_solution(N, p, pstar, np.random.default_rng(N + p + pstar))
    assert np.linalg.matrix_rank(orbit_tangent(W)) == int(paper.MANIFOLD_CLAIMS["manifold-dimension-p-le-N"].value(N, p, pstar))


def test_manifold_dimension_for_p_equal_N_below_pstar_is_outside_the_setting():
    """(N, p, p*) = (2, 2, 3) needs a teacher of 3 rows in R^2, not orthonormal: there the zero-error set is a copy
    of O(2), dimension 1, while 'for p <= N' gives 0 (the claim's note; the verdict is taken in the paper's
    setting)."""
    N, p, pstar = 2, 2, 3
    W = generic_solution(N, p, pstar, np.random.default_rng(1))
    dimension = p * N - np.linalg.matrix_rank(differential(W))
    printed = int(paper.MANIFOLD_CLAIMS["manifold-dimension-p-le-N"].value(N, p, pstar))
    assert dimension == 1 and printed == 0
    assert claims._check_app75_manifold_p_le_n(True).verdict == "verified"
    assert "fails at 3 of 3 sizes" in claims._check_app75_manifold_p_le_n(True).note


# -- the Hessian blocks printed at each point (App. 7.2.2) against finite-difference Hessians ----------------


def printed_matrix(blocks: dict, W: np.ndarray, Wstar: np.ndarray) -> np.ndarray:
    """The pN x pN float matrix of printed blocks {(m, n): {"I_N": c, (a, b): c_ab}} with the NumPy vectors."""
    p, N = W.shape
    vectors = {f"w_{k + 1}": W[k] for k in range(p)} | {f"wstar_{l + 1}": Wstar[l] for l in range(len(Wstar))}
    H = np.zeros((p, N, p, N))
    for (m, n), block in blocks.items():
        H[m - 1, :, n - 1, :] = sum(
            float(c) * (np.eye(N) if key == "I_N" else np.outer(vectors[key[0]], vectors[key[1]]))
            for key, c in block.items())
    return H.reshape(p * N, p * N)


def aligned_point(N: int, p: int, pstar: int, v: np.ndarray) -> np.ndarray:
    """App. 7.2.1 Example 4: W = sqrt(p(2+p*)/(3p*)) v w*_1^T, v normalised here."""
    return np.sqrt(printed_alpha("correlated", p, pstar, 1)) * np.outer(v / np.linalg.norm(v), np.eye(1, N)[0])


def printed_blocks(table: str, W: np.ndarray, pstar: int) -> dict:
    """The printed blocks for the point W of ``table`` (S = sqrt(p*/p) W W*^T, Q_kk = |w_k|^2 from W)."""
    p = W.shape[0]
    if table == "tabula-rasa":
        return paper.hessian_tabula_rasa(p, pstar)
    if table == "plateau":
        return paper.hessian_plateau(p, pstar)
    if table == "zero-error":
        return paper.hessian_zero_error(sympy.Matrix(np.sqrt(pstar / p) * W @ np.eye(pstar, W.shape[1]).T))
    return paper.hessian_aligned(pstar, [sympy.Float(x) for x in np.sum(W * W, axis=1)])


@pytest.mark.parametrize("table, sizes", [
    ("tabula-rasa", (4, 2, 1)), ("tabula-rasa", (3, 3, 2)), ("plateau", (6, 2, 2)), ("plateau", (6, 3, 1)),
    ("zero-error", (5, 3, 2)), ("zero-error", (4, 2, 1)), ("zero-error", (4, 3, 3)),
])
def test_printed_hessian_equals_finite_difference_hessian(table, sizes):
    """The printed blocks at a point built in NumPy with random M (S) equal the Hessian by finite differences of
    the risk alone (the plateau with sum_k w_k w_k^T)."""
    N, p, pstar = sizes
    W, Wstar = table_point(table, N, p, pstar), np.eye(pstar, N)
    assert np.abs(printed_matrix(printed_blocks(table, W, pstar), W, Wstar)
                  - finite_difference_hessian(W, Wstar)).max() < TOLERANCE


def test_plateau_hessian_without_the_sum_over_k_differs():
    """Read literally (k = the block's own student), the plateau formula's diagonal blocks differ from the true
    Hessian by -(8/p^2) sum_{k != m} w_k w_k^T, an O(1) difference."""
    N, p, pstar = 6, 2, 2
    W, Wstar = table_point("plateau", N, p, pstar), np.eye(pstar, N)
    literal = printed_matrix(paper.hessian_plateau(p, pstar, sum_over_k=False), W, Wstar)
    assert np.abs(literal - finite_difference_hessian(W, Wstar)).max() > 0.1


@pytest.mark.parametrize("N, p, pstar", [(4, 2, 2), (5, 3, 2), (3, 3, 1)])
def test_aligned_hessian_holds_with_one_orientation(N, p, pstar):
    W, Wstar = aligned_point(N, p, pstar, np.arange(1.0, p + 1)), np.eye(pstar, N)
    assert np.abs(finite_difference_gradient(W, Wstar)).max() < 1e-8
    assert np.abs(printed_matrix(printed_blocks("aligned", W, pstar), W, Wstar)
                  - finite_difference_hessian(W, Wstar)).max() < TOLERANCE


@pytest.mark.parametrize("N, p, pstar", [(4, 2, 2), (5, 3, 2), (3, 2, 1)])
def test_aligned_hessian_misprint_sqrt_for_the_signed_overlap(N, p, pstar):
    """v with mixed signs (Example 4's generic unit v; the point is stationary by finite differences). As printed
    (Q_q = sqrt(Q_qq)): printed - finite-difference Hessian is block (m, n) = (8/p^2)(|q_m q_n| - q_m q_n)
    (1_N + 2 w*_1 w*_1^T), q_k = w_k . w*_1, non-zero. With the signed q_k, as in the table's eigenvector
    (q_1 w*_1, ..., q_p w*_1) = (w_1, ..., w_p), the printed blocks equal the finite-difference Hessian."""
    v = np.array([(-1.0) ** k * (k + 1) for k in range(p)])
    W, Wstar = aligned_point(N, p, pstar, v), np.eye(pstar, N)
    assert np.abs(finite_difference_gradient(W, Wstar)).max() < 1e-8
    true_hessian = finite_difference_hessian(W, Wstar)
    difference = printed_matrix(printed_blocks("aligned", W, pstar), W, Wstar) - true_hessian
    q = W @ Wstar[0]
    assert np.allclose(q * q, np.sum(W * W, axis=1))
    sign_term = np.eye(N) + 2 * np.outer(Wstar[0], Wstar[0])
    expected = np.kron(8 / p**2 * (np.abs(np.outer(q, q)) - np.outer(q, q)), sign_term)
    assert np.abs(difference - expected).max() < TOLERANCE and np.abs(difference).max() > 0.1
    signed = paper.hessian_aligned_vector(pstar, [sympy.Float(x) for x in q])
    assert np.abs(printed_matrix(signed, W, Wstar) - true_hessian).max() < TOLERANCE


def test_a_wrong_printed_block_is_caught():
    point = claims.point_at("tabula-rasa", (3, 2, 1))
    doubled = {mn: {key: 2 * c for key, c in block.items()} for mn, block in paper.hessian_tabula_rasa(2, 1).items()}
    assert claims.hessian_difference(paper.hessian_tabula_rasa(2, 1), point).is_zero_matrix
    assert not claims.hessian_difference(doubled, point).is_zero_matrix


# -- App. 7.5.2: the rank of a zero-error student, by NumPy ------------------------------------------------


@pytest.mark.parametrize("N, p, pstar", [(4, 3, 2), (3, 3, 3), (1, 2, 2), (2, 3, 3), (3, 4, 5), (2, 2, 4)])
def test_rank_of_a_zero_error_student(N, p, pstar):
    """W from the eigendecomposition of G = (p/p*) T^T T (random teacher T): W^T W = G and rank W = min(p*, N),
    which is p* exactly when p* <= N, the paper's setting (orthonormal teacher); p* > N is outside it."""
    T = np.random.default_rng(N * 100 + p * 10 + pstar).normal(size=(pstar, N))
    G = p / pstar * T.T @ T
    eigenvalues, vectors = np.linalg.eigh(G)
    kept = eigenvalues > 1e-9 * eigenvalues.max()
    W = np.zeros((p, N))
    W[:kept.sum()] = np.sqrt(eigenvalues[kept])[:, None] * vectors[:, kept].T
    assert np.abs(W.T @ W - G).max() < 1e-9
    assert np.linalg.matrix_rank(W) == min(pstar, N)
    assert (np.linalg.matrix_rank(W) == pstar) == (pstar <= N)


# -- the plateau's signs, the per-sample derivatives, the stationarity equation, rotations ------------------


def test_plateau_at_the_corner_has_no_null_eigenvalue_and_a_saddle_elsewhere():
    """(N, p, p*) = (2, 1, 1): the plateau's finite-difference spectrum has a negative and a positive eigenvalue
    and no null one (the reading 'null eigenvalues at every size' fails only there); (4, 2, 1) has all three."""
    assert sign_counts(hessian_eigenvalues(table_point("plateau", 2, 1, 1), 1)) == (1, 0, 1)
    assert all(count > 0 for count in sign_counts(hessian_eigenvalues(table_point("plateau", 4, 2, 1), 1)))
    outcome = claims._check_eq28_saddle(True)
    assert outcome.verdict == "verified" and "(2, 1, 1)" in outcome.note


def test_per_sample_derivatives_by_finite_differences():
    """App. 7.2: l(lambda, u) = ((1/p) sum lambda^2 - (1/p*) sum u^2)^2; its lambda-gradient and Hessian by central
    differences equal the printed -(4/p)[y - yhat] lambda_p and (4/p){(2/p) lambda_q lambda_p - delta [y - yhat]}."""
    rng = np.random.default_rng(3)
    p, pstar, step = 3, 2, 1e-4
    lam, u = rng.normal(size=p), rng.normal(size=pstar)

    def loss(x: np.ndarray) -> float:
        return (np.sum(x**2) / p - np.sum(u**2) / pstar) ** 2
    gap = np.sum(u**2) / pstar - np.sum(lam**2) / p
    units = np.eye(p) * step
    gradient = np.array([(loss(lam + e) - loss(lam - e)) / (2 * step) for e in units])
    hessian = np.array([[(loss(lam + a + b) - loss(lam + a - b) - loss(lam - a + b) + loss(lam - a - b)) / (4 * step**2)
                         for b in units] for a in units])
    assert np.abs(gradient - (-4 / p) * gap * lam).max() < 1e-6
    assert np.abs(hessian - 4 / p * (2 / p * np.outer(lam, lam) - np.eye(p) * gap)).max() < 1e-4


def test_stationarity_equation_is_the_finite_difference_gradient():
    """App. 7.2.1 at a random W: W + (2/p*) rho W* - (1/p) W tr Q - (2/p) Q W = -(p/4) grad R (central differences)."""
    rng = np.random.default_rng(5)
    N, p, pstar = 5, 3, 2
    W, Wstar = rng.normal(size=(p, N)) / 2, np.eye(pstar, N)
    Q, rho = W @ W.T, W @ Wstar.T
    printed = W + 2 / pstar * rho @ Wstar - W * np.trace(Q) / p - 2 / p * Q @ W
    assert np.abs(printed + p / 4 * finite_difference_gradient(W, Wstar)).max() < 1e-7
    G, G_star = W.T @ W, Wstar.T @ Wstar
    gram_form = G * (1 - np.trace(G) / p) - 2 / p * G @ G + 2 / pstar * G @ G_star
    assert np.abs(W.T @ printed - gram_form).max() < 1e-12


def test_rotated_students_give_the_same_outputs_on_any_inputs():
    """Sec. 4.2's constant-loss manifolds: yhat(x) = (1/p) |W x|^2 is unchanged by W -> U W, U orthogonal, on every
    input (so every loss is), for p = 2 < p* = 3 too; and for p = 1 the orbit {+-W} is discrete."""
    rng = np.random.default_rng(7)
    N, p = 4, 2
    W = rng.normal(size=(p, N))
    U = np.linalg.qr(rng.normal(size=(p, p)))[0]
    x = rng.normal(size=(N, 1000))
    assert np.abs(np.sum((U @ W @ x) ** 2, axis=0) - np.sum((W @ x) ** 2, axis=0)).max() < 1e-9
    assert np.linalg.matrix_rank(orbit_tangent(W)) == 1 and orbit_tangent(W[:1]).size == 0


def test_plateau_ratio_p_enters_at_order_one_over_N_squared():
    """Eq. (29) by limits (not series): N ratio -> p*, and N (N ratio - p*) -> p*(p* + p/2 + 1/2), which depends
    on p."""
    ratio = paper.COUNT_CLAIMS[0].value
    first = sympy.limit(paper.N * ratio, paper.N, sympy.oo)
    second = sympy.limit(paper.N * (paper.N * ratio - paper.PSTAR), paper.N, sympy.oo)
    assert first == paper.PSTAR
    assert sympy.expand(second - paper.PSTAR * (paper.PSTAR + paper.P / 2 + sympy.Rational(1, 2))) == 0


def test_plateau_range_counterexample_meets_the_standing_hypotheses():
    outcome = claims._check_eq29_range(True)
    assert outcome.verdict == "refuted" and all(check.holds for check in outcome.hypotheses)
    assert {check.hypothesis for check in outcome.hypotheses} == set(claims.RANGE_HYPOTHESES)
    assert all(reading.verdict == "refuted" for reading in outcome.readings)
