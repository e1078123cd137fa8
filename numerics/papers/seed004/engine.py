"""Seed 004 (Gamarnik, Kizildag, Zadik) derived with the engine, and the studies of its theorems.

Convention (preset 'seed004'): f(W; X) = ||W X||^2 = sum_j <W_j, X>^2 (read-outs 1), L(W) = E[(f(W*; X) -
f(W; X))^2], X ~ N(0, I_d), W and W* in R^{m x d} with the neurons as rows.

* :func:`risk` -- the engine's L(W) on explicit rows (compare the spectral form, 004 Sec. 2.2 (a));
* :func:`gradient` -- the engine's grad L (compare the stationarity equation 004 eq. (3));
* :func:`general_activation_risk` -- the engine's risk for sigma = alpha z^2 + beta z + gamma (Corollary 2.2);
* :func:`barrier_study` -- the minimum of L over rank-deficient W (Theorem 2.1 (b), (c), Corollary 2.2,
  Theorem 2.5's initialization);
* :func:`span_study` -- rank of {X_i X_i^T} against n, interpolating W with positive generalization error
  for n < d(d+1)/2 (Theorems 2.6, 2.8, 2.9);
* :func:`stationary_points` -- every stationary point of L, up to W -> Q W (Theorem 2.3 and the remark after it);
* :func:`trace_minimal_interpolant` -- the convex programme min tr(G) over PSD G = W^T W interpolating the data
  (cvxpy, Clarabel), whose answer is B* = W*^T W* iff the interpolating set is {B*} (Theorems 2.6, 2.9);
* :func:`initialization_failures` -- how often Theorem 2.5's W_0 is not below the barrier, over Wishart draws;
* :func:`descend` -- gradient descent on L from given starts (the corollary of Theorems 2.1 and 2.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Callable, Sequence

import numpy as np
import sympy as sp
from scipy.optimize import minimize
from scipy.stats import wishart

from quadwick.derive.model import Model, positive_integer, preset
from quadwick.numerics.dynamics import gd

from quadwick.numerics.weights import gradient_of_weights, risk_of_weights

__all__ = [
    "model",
    "risk",
    "gradient",
    "general_activation_risk",
    "rank_deficient_minimum",
    "construction_c",
    "rank_deficient_minimizer",
    "BarrierRow",
    "barrier_study",
    "SpanRow",
    "span_study",
    "StationaryPoint",
    "stationary_points",
    "trace_minimal_interpolant",
    "initialization_failures",
    "descend",
]

Progress = Callable[[float], None]
ALPHA, BETA, GAMMA = sp.symbols("alpha beta gamma")


def model(m: int, activation: object = "z**2") -> Model:
    """Preset 'seed004' with m students and m teacher neurons (the paper's W, W* in R^{m x d})."""
    return preset("seed004", m, m, activation=activation)


def _rows(M: sp.Matrix) -> list[sp.Matrix]:
    return [M[j, :].T for j in range(M.rows)]


def risk(W: sp.Matrix, Wstar: sp.Matrix, activation: object = "z**2") -> sp.Expr:
    """L(W) = E[(f(W*; X) - f(W; X))^2] by the engine (Wick), W and W* with the neurons as rows."""
    if W.shape != Wstar.shape:
        raise ValueError(f"W and W* must have one shape, got {W.shape} and {Wstar.shape}")
    return risk_of_weights(model(W.rows, activation), _rows(W), _rows(Wstar))


def gradient(W: sp.Matrix, Wstar: sp.Matrix) -> sp.Matrix:
    """grad_W L by the engine (Stein), rows = grad_{W_j} L; compare 004 eq. (3)."""
    grads = gradient_of_weights(model(W.rows), _rows(W), _rows(Wstar))
    return sp.Matrix.vstack(*[g.T for g in grads])


def general_activation_risk(W: sp.Matrix, Wstar: sp.Matrix) -> sp.Expr:
    """The engine's risk for sigma = alpha z^2 + beta z + gamma (symbols alpha, beta, gamma; Corollary 2.2)."""
    return risk(W, Wstar, ALPHA * sp.Symbol("z") ** 2 + BETA * sp.Symbol("z") + GAMMA)


def _quadratic_risk(W: np.ndarray, Wstar: np.ndarray, alpha: float, beta: float) -> tuple[float, np.ndarray]:
    """(L~, grad_W L~) with L~ = alpha^2 L + beta^2 ||sum_j (W_j - W*_j)||^2 (the engine's risk, see tests)."""
    conv = gd.convention("seed004", len(W), len(Wstar))
    theta = W.sum(axis=0) - Wstar.sum(axis=0)
    value = alpha**2 * gd.population_risk(W, Wstar, conv) + beta**2 * theta @ theta
    grad = alpha**2 * gd.population_gradient(W, Wstar, conv) + 2 * beta**2 * np.broadcast_to(theta, W.shape)
    return float(value), grad


def rank_deficient_minimum(Wstar: np.ndarray, rng: np.random.Generator, starts: int = 8, alpha: float = 1.0,
                           beta: float = 0.0) -> tuple[float, np.ndarray]:
    """Smallest L~(W) found over W = U V of rank <= d - 1 (U m x (d-1), V (d-1) x d) by L-BFGS from random starts."""
    m, d = Wstar.shape
    r = d - 1
    scale = np.sqrt(np.trace(Wstar.T @ Wstar) / (m * d))

    def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
        U, V = params[: m * r].reshape(m, r), params[m * r:].reshape(r, d)
        value, G = _quadratic_risk(U @ V, Wstar, alpha, beta)
        return value, np.concatenate([(G @ V.T).ravel(), (U.T @ G).ravel()])

    best, best_W = np.inf, None
    for _ in range(positive_integer("starts", starts)):
        x0 = scale * rng.standard_normal(m * r + r * d)
        result = minimize(objective, x0, jac=True, method="L-BFGS-B", options={"maxiter": 5000, "gtol": 1e-12})
        if result.fun < best:
            U, V = result.x[: m * r].reshape(m, r), result.x[m * r:].reshape(r, d)
            best, best_W = float(result.fun), U @ V
    return best, best_W


def construction_c(Wstar: np.ndarray) -> np.ndarray:
    """The rank-(d-1) W of the proof of Theorem 2.1 (c) (004 Sec. 3.1 (c)); needs m > d."""
    m, d = Wstar.shape
    if m <= d:
        raise ValueError(f"the construction of Theorem 2.1 (c) uses rows d+1..m, needs m > d, got m = {m}, d = {d}")
    lam, Q = np.linalg.eigh(Wstar.T @ Wstar)
    order = np.argsort(lam)[::-1]
    lam, Q = lam[order], Q[:, order]
    Wbar = sum(np.sqrt(lam[j]) * np.outer(Q[:, j], Q[:, j]) for j in range(d - 1))
    j = int(np.argmax(np.linalg.norm(Wbar, axis=1) > 0))
    W = np.zeros((m, d))
    W[:d] = Wbar
    W[j] = Wbar[j] / 2
    W[d:] = np.sqrt(3) / (2 * np.sqrt(m - d)) * Wbar[j]
    return W


def rank_deficient_minimizer(Wstar: np.ndarray) -> np.ndarray:
    """A W of rank d - 1 with L(W) = 2 sigma^4 (d + 2)/(d + 1), sigma = sigma_min(W*): the minimum over rank <= d - 1.

    W^T W = sum_{j < d} (lambda_j + c) q_j q_j^T with (lambda_j, q_j) the eigenpairs of W*^T W* (lambda_d the
    smallest) and c = lambda_d/(d + 1), so W^T W - W*^T W* has eigenvalues (c, ..., c, -lambda_d); rows 1..d
    of W are (lambda_j + c)^(1/2) q_j^T, the others 0.  It is a stationary point of L: grad L = 4 W (2 D +
    tr(D) I) with D = W^T W - W*^T W*, and 2 c + tr D = 0 on the row space of W.
    """
    m, d = Wstar.shape
    lam, Q = np.linalg.eigh(Wstar.T @ Wstar)   # ascending: lam[0] = sigma_min^2
    c = lam[0] / (d + 1)
    W = np.zeros((m, d))
    W[: d - 1] = np.sqrt(lam[1:] + c)[:, None] * Q[:, 1:].T
    return W


@dataclass(frozen=True)
class BarrierRow:
    """One W* of the barrier study: bounds of the paper, the exact minimum and the best value found."""

    d: int
    m: int
    alpha: float
    beta: float
    sigma_min4: float
    bound_b: float          # 2 alpha^2 sigma_min^4 (Theorem 2.1 (b), Corollary 2.2)
    construction_c: float   # L of the proof's W of Theorem 2.1 (c) (paper: 3 sigma_min^4)
    exact_minimum: float    # 2 alpha^2 sigma_min^4 (d + 2)/(d + 1) (derived here, beta = 0)
    best_found: float
    initialization: float   # L(W_0) of Theorem 2.5


def barrier_study(cases: Sequence[tuple[int, int, float, float]], rng: np.random.Generator, starts: int = 6,
                  progress: Progress | None = None) -> list[BarrierRow]:
    """For each (d, m, alpha, beta): W* with i.i.d. N(0, 1) entries, the bounds and the best rank-deficient W.

    The exact minimum of L over rank <= d - 1 is 2 sigma^4 (d + 2)/(d + 1), sigma = sigma_min(W*): the spectral
    form 2 sum lambda_i^2 + (sum lambda_i)^2 with one eigenvalue of W^T W - W*^T W* at most -sigma^2 is smallest
    for lambda = (-sigma^2, c, ..., c), c = sigma^2/(d + 1).
    """
    rows = []
    for index, (d, m, alpha, beta) in enumerate(cases):
        Wstar = rng.standard_normal((m, d))
        s4 = float(np.linalg.svd(Wstar, compute_uv=False)[-1] ** 4)
        conv = gd.convention("seed004", m, m)
        W0 = np.zeros((m, d))
        W0[:d, :d] = np.sqrt(m + 4 * d) * np.eye(d)
        best, _ = rank_deficient_minimum(Wstar, rng, starts, alpha, beta)
        rows.append(BarrierRow(
            d, m, alpha, beta, s4, 2 * alpha**2 * s4,
            float(gd.population_risk(construction_c(Wstar), Wstar, conv)) if m > d else float("nan"),
            2 * alpha**2 * s4 * (d + 2) / (d + 1), best, float(gd.population_risk(W0, Wstar, conv)),
        ))
        if progress is not None:
            progress((index + 1) / len(cases))
    return rows


@dataclass(frozen=True)
class SpanRow:
    """One (d, n): rank of span{X_i X_i^T}, and for n < n* an interpolating W with its generalization error."""

    d: int
    n: int
    n_star: int
    rank: int
    interpolation_residual: float   # max_i |f(W; X_i) - Y_i| / max_i Y_i (nan for n >= n*)
    risk: float                     # L(W) of that interpolating W (nan for n >= n*)
    bound: float                    # 2 sigma_min(W*)^4 (Theorem 2.9 (b))


def _sym_features(X: np.ndarray) -> np.ndarray:
    """Rows vech-like coordinates of X_i X_i^T in an orthonormal basis of the symmetric matrices."""
    d = X.shape[1]
    upper = np.triu_indices(d)
    weight = np.where(upper[0] == upper[1], 1.0, np.sqrt(2.0))
    return np.einsum("ni,nj->nij", X, X)[:, upper[0], upper[1]] * weight


def _interpolating_rank_deficient(X: np.ndarray, Wstar: np.ndarray) -> np.ndarray:
    """W with f(W; X_i) = f(W*; X_i) and W^T W = W*^T W* + t Delta on the PSD boundary (Theorem 2.6 (b) made explicit)."""
    m, d = Wstar.shape
    upper = np.triu_indices(d)
    weight = np.where(upper[0] == upper[1], 1.0, np.sqrt(2.0))
    null = np.linalg.svd(_sym_features(X))[2][-1]
    Delta = np.zeros((d, d))
    Delta[upper] = null / weight
    Delta = Delta + np.triu(Delta, 1).T
    Bstar = Wstar.T @ Wstar
    root_inv = np.linalg.inv(np.linalg.cholesky(Bstar))
    mu = np.linalg.eigvalsh(root_inv @ Delta @ root_inv.T)
    if mu[0] >= 0:
        Delta, mu = -Delta, -mu[::-1]
    B = Bstar - Delta / mu[0]
    lam, Q = np.linalg.eigh(B)
    W = np.zeros((m, d))
    W[:d] = (Q * np.sqrt(np.clip(lam, 0, None))).T
    return W


def span_study(ds: Sequence[int], rng: np.random.Generator, m: int | None = None,
               progress: Progress | None = None) -> list[SpanRow]:
    """For each d and n = 1 .. n* + 2: rank of {X_i X_i^T} (Theorem 2.8), and for n < n* an interpolating
    rank-deficient W (Theorems 2.6 (b), 2.9 (b)) with its interpolation residual and L(W) against 2 sigma_min^4."""
    rows = []
    for index, d in enumerate(ds):
        width = max(d, m or d)
        n_star = d * (d + 1) // 2
        Wstar = rng.standard_normal((width, d))
        conv = gd.convention("seed004", width, width)
        bound = 2 * float(np.linalg.svd(Wstar, compute_uv=False)[-1] ** 4)
        for n in range(1, n_star + 3):
            X = gd.gaussian_inputs(n, d, rng)
            rank = int(np.linalg.matrix_rank(_sym_features(X)))
            residual = value = float("nan")
            if n < n_star:
                W = _interpolating_rank_deficient(X, Wstar)
                y = gd.labels(X, Wstar, conv)
                residual = float(np.max(np.abs(gd.labels(X, W, conv) - y)) / np.max(y))
                value = float(gd.population_risk(W, Wstar, conv))
            rows.append(SpanRow(d, n, n_star, rank, residual, value, bound))
        if progress is not None:
            progress((index + 1) / len(ds))
    return rows


@dataclass(frozen=True)
class StationaryPoint:
    """A stationary point of L: the eigen-directions of B* = W*^T W* it keeps (``kept``), W and its risk."""

    kept: tuple[int, ...]
    W: np.ndarray
    risk: float

    @property
    def rank(self) -> int:
        return len(self.kept)


def stationary_points(Wstar: np.ndarray) -> list[StationaryPoint]:
    """Every stationary point of L up to W -> Q W, for W* whose B* = W*^T W* has distinct eigenvalues.

    grad L = 4 W (2 D + tr(D) I), D = W^T W - B*, vanishes iff G = W^T W satisfies G (2 (G - B*) + tr(D) I) = 0.
    Then G B* is symmetric, so G and B* commute and share the eigenvectors q_j of B* (eigenvalues lambda_j):
    G = sum_j g_j q_j q_j^T with g_j = 0 or g_j = lambda_j + c, c = -tr(D)/2.  For the kept set K (g_j != 0),
    tr D = |K| c - sum_{j not in K} lambda_j and c = -tr(D)/2 give c = (sum_{j not in K} lambda_j)/(|K| + 2).
    One point per subset K of {0, .., d-1}: rank |K|; K = all gives G = B* (c = 0), the global minima; K = all
    but the smallest eigenvalue is the minimiser over rank <= d - 1 (:func:`rank_deficient_minimizer`).
    """
    m, d = Wstar.shape
    lam, Q = np.linalg.eigh(Wstar.T @ Wstar)
    conv = gd.convention("seed004", m, m)
    points = []
    for size in range(d + 1):
        for kept in combinations(range(d), size):
            dropped = [j for j in range(d) if j not in kept]
            c = float(np.sum(lam[dropped])) / (size + 2)
            W = np.zeros((m, d))
            for row, j in enumerate(kept):
                W[row] = np.sqrt(lam[j] + c) * Q[:, j]
            points.append(StationaryPoint(kept, W, float(gd.population_risk(W, Wstar, conv))))
    return points


def trace_minimal_interpolant(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """argmin tr(G) over symmetric PSD G with X_i^T G X_i = y_i for every sample (rows of X), by Clarabel.

    Every PSD G is W^T W for some W in R^{m x d} when m >= d, so the feasible set is the set of Grams of the W
    interpolating the data; it is {B*} iff the answer is B* whatever the objective (Theorem 2.6 (a)), and for
    n < n* samples the minimum of tr(G) sits on the boundary of the PSD cone: a rank-deficient interpolating W.
    Each constraint is divided by |X_i|^2 so that the solver sees rows of comparable size.
    """
    import cvxpy as cp  # the convex-programme stack (seconds to import) loads only for this experiment

    n, d = X.shape
    G = cp.Variable((d, d), PSD=True)
    norms = np.sum(X**2, axis=1)
    Xn = X / np.sqrt(norms)[:, None]
    problem = cp.Problem(cp.Minimize(cp.trace(G)), [cp.sum(cp.multiply(Xn @ G, Xn), axis=1) == y / norms])
    problem.solve(solver=cp.CLARABEL)
    if problem.status != cp.OPTIMAL:
        raise RuntimeError(f"the trace-minimal interpolant was not found: solver status {problem.status}")
    return (G.value + G.value.T) / 2


def initialization_failures(d: int, m: int, draws: int, rng: np.random.Generator) -> np.ndarray:
    """L(W_0) / min over rank <= d - 1 of L, for ``draws`` teachers W* with i.i.d. N(0, 1) entries (m x d).

    W_0^T W_0 = (m + 4d) I_d (Theorem 2.5) and B* = W*^T W* ~ Wishart(m, I_d) (sampled as such: the risk depends
    on W* only through B*); the minimum over rank <= d - 1 is 2 lambda_min(B*)^2 (d + 2)/(d + 1)
    (:func:`rank_deficient_minimizer`).  A ratio >= 1 is a failure of Theorem 2.5's event.
    """
    B = wishart(df=m, scale=np.eye(d)).rvs(size=draws, random_state=rng).reshape(draws, d, d)
    D = (m + 4 * d) * np.eye(d) - B
    initial = 2 * np.sum(D * D, axis=(1, 2)) + np.trace(D, axis1=1, axis2=2) ** 2
    barrier = 2 * np.linalg.eigvalsh(B)[:, 0] ** 2 * (d + 2) / (d + 1)
    return initial / barrier


def descend(W0: np.ndarray, Wstar: np.ndarray, steps: int) -> np.ndarray:
    """L after ``steps`` of gradient descent on the population risk from each start W0 (R, m, d), step
    numerics.dynamics.gd.stable_step (below the Euler stability limit, so that L is non-increasing)."""
    conv = gd.convention("seed004", W0.shape[-2], Wstar.shape[-2])
    dt = gd.stable_step(None, W0, Wstar, conv)
    result = gd.run_gd(W0, Wstar, conv, dt, steps, record=[steps]).check()
    return result.population_loss[-1]
