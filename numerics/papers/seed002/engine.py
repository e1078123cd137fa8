"""Seed 002 (Wang, Abernethy) derived with the engine, and its Figure 1 experiment.

Convention (preset 'seed002'): one teacher neuron w_*, K students (columns of W in the paper, rows here),
f(W) = (1/4n) sum_i (sum_k (x_i . w^{(k)})^2 - y_i)^2 (002 eq. (2)), read-outs 1, loss prefactor 1/4.

* :func:`population_gradient` -- the engine's grad_{w^{(k)}} E[f] (compare 002 eq. (6));
* :func:`gaussian_identities` -- E[(x.u)^3 x] and E[(x.u)^2 (x.v) x] component by component from
  :func:`derive.wick.gaussian_expectation` (the identities beside 002 eq. (6));
* :func:`distance` -- dist(W, w_*) of 002 eq. (4) by its definition (min over ||q|| <= 1), and
  :func:`distance_to_solutions` (min over ||q|| = 1, the set of zero-test-error solutions);
* :func:`figure1_runs` -- GD with K = 1, 3, 10 students (Figure 1);
* :func:`strong_convexity_quantity` -- the quantity (9), vec(w_* q^T - W)^T Hess f(W) vec(w_* q^T - W);
* :func:`benign_entry_iterations` -- the first GD iteration where (9) is positive, K by K (Sec. 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import sympy as sp

from quadwick.derive.model import Model, positive_integer, preset
from quadwick.derive.wick import gaussian_expectation
from quadwick.numerics.dynamics import gd

from quadwick.numerics.weights import gradient_of_weights

__all__ = [
    "model",
    "population_gradient",
    "gaussian_identities",
    "distance",
    "distance_to_solutions",
    "distance_squared_batch",
    "GDCurves",
    "figure1_runs",
    "strong_convexity_quantity",
    "benign_entry_iterations",
]

Progress = Callable[[float], None]


def model(K: int) -> Model:
    """The engine's model of seed 002 with K students: preset 'seed002' (T = ||w_*||^2)."""
    return preset("seed002", K, 1)


def population_gradient(students: Sequence[sp.Matrix], wstar: sp.Matrix) -> list[sp.Matrix]:
    """E_x[grad_{w^{(k)}} f(W)] for k = 1..K by the engine (Stein's lemma); compare 002 eq. (6)."""
    return gradient_of_weights(model(len(students)), students, [wstar])


def gaussian_identities(u: sp.Matrix, v: sp.Matrix) -> tuple[sp.Matrix, sp.Matrix]:
    """(E[(x.u)^3 x], E[(x.u)^2 (x.v) x]) for x ~ N(0, I_d), each component E[... x_i] by Wick's theorem.

    The pre-activations (x.u, x.v, x_i) are jointly Gaussian with covariance [[u.u, u.v, u_i], [u.v, v.v, v_i],
    [u_i, v_i, 1]]; compare the identities beside 002 eq. (6).
    """
    a, b, c = sp.symbols("a b c")
    cubic, mixed = [], []
    for i in range(len(u)):
        covariance = sp.Matrix([[(u.T * u)[0, 0], (u.T * v)[0, 0], u[i]],
                                [(u.T * v)[0, 0], (v.T * v)[0, 0], v[i]],
                                [u[i], v[i], 1]])
        cubic.append(gaussian_expectation(a**3 * c, [a, b, c], covariance))
        mixed.append(gaussian_expectation(a**2 * b * c, [a, b, c], covariance))
    return sp.Matrix(cubic).expand(), sp.Matrix(mixed).expand()


def _check_shapes(W: np.ndarray, wstar: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    W, wstar = np.asarray(W, dtype=float), np.asarray(wstar, dtype=float)
    if W.ndim != 2 or wstar.ndim != 1 or W.shape[1] != len(wstar):
        raise ValueError(f"W must be (K, d) and w_* (d,), got {W.shape} and {wstar.shape}")
    return W, wstar


def distance(W: np.ndarray, wstar: np.ndarray) -> float:
    """dist(W, w_*) = min_{||q|| <= 1} ||W^T - w_* q^T||_F (002 eq. (4); W holds the students as rows).

    With g = W w_* the minimiser is q = g / ||w_*||^2 when ||g|| <= ||w_*||^2, else g / ||g||.
    """
    W, wstar = _check_shapes(W, wstar)
    g, s = W @ wstar, wstar @ wstar
    q = g / s if np.linalg.norm(g) <= s else g / np.linalg.norm(g)
    return float(np.linalg.norm(W - np.outer(q, wstar)))


def distance_to_solutions(W: np.ndarray, wstar: np.ndarray) -> float:
    """min_{||q|| = 1} ||W^T - w_* q^T||_F: distance to the zero-test-error solutions w_* q^T, ||q|| = 1 (002 Sec. 3)."""
    W, wstar = _check_shapes(W, wstar)
    g = W @ wstar
    norm = np.linalg.norm(g)
    q = g / norm if norm > 0 else np.eye(len(g))[0]
    return float(np.linalg.norm(W - np.outer(q, wstar)))


def distance_squared_batch(W: np.ndarray, wstar: np.ndarray) -> np.ndarray:
    """dist^2(W, w_*) of 002 eq. (4) for a stack of W (..., K, d): :func:`distance` squared, over leading axes.

    The minimiser over ||q|| <= 1 is q = g / max(||g||, ||w_*||^2), g = W w_*; the difference W - q w_*^T is
    formed before its norm is taken, so small distances keep their relative precision.
    """
    W, wstar = np.asarray(W, dtype=float), np.asarray(wstar, dtype=float)
    g = W @ wstar
    q = g / np.maximum(np.linalg.norm(g, axis=-1), wstar @ wstar)[..., None]
    return np.sum((W - q[..., :, None] * wstar) ** 2, axis=(-2, -1))


@dataclass(frozen=True)
class GDCurves:
    """Figure 1 data for one K: iterations, train/test objective (002 eq. (2)), distance (002 eq. (13))
    and the strong-convexity quantity (002 eq. (9)) on the training data."""

    K: int
    iterations: np.ndarray
    train: np.ndarray
    test: np.ndarray
    distance: np.ndarray
    convexity: np.ndarray


def figure1_runs(Ks: Sequence[int], rng: np.random.Generator, d: int = 10, n: int = 200, n_test: int = 200,
                 eta: float = 1e-3, iterations: int = 6000, init_scale: float = 0.01, points: int = 120,
                 progress: Progress | None = None) -> list[GDCurves]:
    """GD on 002 eq. (2) with w_* = e_1, W_0 ~ init_scale N(0, I_d/d), one data set for all K (002 Figure 1).

    Records the training and test objective (same 1/4n normalisation on the test set), the distance
    min_{||q|| = 1} ||W - w_* q^T|| (the closed form 002 eq. (13)) and the quantity (9) on the training
    data (positive: the landscape is strongly convex towards the closest solution) at ``points`` iterations.
    """
    d, n, n_test = (positive_integer(k, v) for k, v in (("d", d), ("n", n), ("n_test", n_test)))
    X, X_test = gd.gaussian_inputs(n, d, rng), gd.gaussian_inputs(n_test, d, rng)
    wstar = np.eye(d)[:1]
    record = gd.record_steps(iterations, points, "linear")
    curves = []
    for index, K in enumerate(Ks):
        conv = gd.convention("seed002", positive_integer("K", K), 1)
        W0 = init_scale * rng.standard_normal((K, d)) / np.sqrt(d)
        result = gd.run_gd(W0, wstar, conv, eta, iterations, X=X, record=record, keep_path=True).check()
        path = result.path[:, 0]
        y_test = gd.labels(X_test, wstar, conv)
        curves.append(GDCurves(
            K, record, result.train_loss[:, 0],
            np.array([gd.empirical_risk(W, X_test, y_test, conv) for W in path]),
            np.array([distance_to_solutions(W, wstar[0]) for W in path]),
            strong_convexity_quantity(path, wstar[0], X),
        ))
        if progress is not None:
            progress((index + 1) / len(Ks))
    return curves


def _closest_solution_directions(W: np.ndarray, wstar: np.ndarray) -> np.ndarray:
    """q = W w_* / ||W w_*|| over the leading axes of W (..., K, d): w_* q^T is the closest solution (002 eq. (14))."""
    g = W @ wstar
    return g / np.linalg.norm(g, axis=-1, keepdims=True)


def strong_convexity_quantity(W: np.ndarray, wstar: np.ndarray, X: np.ndarray | None = None) -> np.ndarray:
    """002 eq. (9): vec(w_* q^T - W)^T Hess f(W) vec(w_* q^T - W), q = W w_* / ||W w_*|| (rows of W are students).

    f is the empirical objective 002 eq. (2) on the inputs X (..., n, d), or the population objective when X is
    None.  The quadratic form is the second derivative of tau -> f(W + tau Z), Z = w_* q^T - W, at tau = 0; f
    is a quartic in tau, so the five-point difference (-f(2) + 16 f(1) - 30 f(0) + 16 f(-1) - f(-2)) / 12 (unit
    spacing, exact for polynomials of degree <= 5) gives it without truncation error.  Leading axes of W
    broadcast against those of X.
    """
    W, wstar = np.asarray(W, dtype=float), np.asarray(wstar, dtype=float)
    conv = gd.convention("seed002", W.shape[-2], 1)
    Z = _closest_solution_directions(W, wstar)[..., :, None] * wstar - W
    teacher = wstar[None, :]
    if X is None:
        def objective(V: np.ndarray) -> np.ndarray:
            return gd.population_risk(V, teacher, conv)
    else:
        y = gd.labels(X, teacher, conv)

        def objective(V: np.ndarray) -> np.ndarray:
            return gd.empirical_risk(V, X, y, conv)
    weights = {-2: -1.0, -1: 16.0, 0: -30.0, 1: 16.0, 2: -1.0}
    return sum(c * objective(W + tau * Z) for tau, c in weights.items()) / 12.0


def benign_entry_iterations(Ks: Sequence[int], rng: np.random.Generator, replicas: int, d: int = 10, n: int = 200,
                            eta: float = 1e-3, iterations: int = 6000, init_scale: float = 0.01,
                            every: int = 10) -> dict[int, np.ndarray]:
    """First GD iteration where the quantity (9) is positive, for each K and each of ``replicas`` problems.

    The setting of 002 Figure 1 (w_* = e_1, x ~ N(0, I_d), n samples, W_0 ~ init_scale N(0, I_d/d), step eta,
    GD on the empirical objective (2)); problem r has its own data set, shared by every K, and each K its own
    initialization.  (9) is evaluated every ``every`` iterations; an entry is nan where (9) never became
    positive within ``iterations``.  Returns {K: array (replicas,)}.
    """
    d, n, replicas = (positive_integer(k, v) for k, v in (("d", d), ("n", n), ("replicas", replicas)))
    X = gd.gaussian_inputs(n, d, rng, replicas)
    wstar = np.eye(d)[0]
    record = np.arange(0, iterations + 1, positive_integer("every", every))
    entries = {}
    for K in Ks:
        conv = gd.convention("seed002", positive_integer("K", K), 1)
        W0 = init_scale * rng.standard_normal((replicas, K, d)) / np.sqrt(d)
        path = gd.run_gd(W0, wstar[None, :], conv, eta, int(record[-1]), X=X, record=record,
                         keep_path=True).check().path
        positive = strong_convexity_quantity(path, wstar, X) > 0
        first = np.argmax(positive, axis=0)
        entries[K] = np.where(positive.any(axis=0), record[first].astype(float), np.nan)
    return entries
