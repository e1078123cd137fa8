"""The string method of seed 000 Section 6 (Sarao Mannelli, Vanden-Eijnden, Zdeborova 2020), Figure 4.

A string is a curve in matrix space from the student's A(0) = W(0)^T W(0) / m to the teacher's
A* = W*^T W* / m*, discretised into N images A_0 = A(0), A_1, ..., A_{N-1} = A*.  The simplified string
method (E, Ren, Vanden-Eijnden 2007) iterates

1. evolve: each interior image A_j takes one explicit Euler step of the descent dynamics, the Gram flow
   of 000 eq. (5), dA/dt = -(M A + A M), M = (1/n) sum_k (x_k^T (A - A*) x_k) x_k x_k^T, in the form
   A_j <- (I - dt_j M_j) A_j (I - dt_j M_j).  This is the weight-space Euler step W <- W - dt m grad_W L_n
   = W (I - dt M) of the paper's flow (000 eq. (3)) for any W with A = W^T W / m (the flow of A does not
   depend on m, 000 Lemma 2.1), so every image stays positive semidefinite, as under the paper's flow.
   Without samples the dynamics is the population flow (000 eqs. (7), (8)).  Each image takes its own
   stable step dt_j: the converged string does not depend on the steps.
2. reparametrise: the images are moved along the polygon through them to equal Frobenius arclength
   |A_{j+1} - A_j|_F = l / (N - 1) by linear interpolation, the endpoints fixed.

until the string moves slower than ``tol``: max_j |A_j(new) - A_j(old)|_F / dt_j < tol.  At convergence the
descent direction is tangent to the string: it runs down the GD path from A(0) to the first minimiser A_inf
and, if A_inf != A*, on through the set of zero training loss to A* (000 Section 6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quadwick.numerics.dynamics import gd

from .engine import Progress, loss_of_gram

__all__ = [
    "StringResult",
    "straight_string",
    "frobenius_arclength",
    "equal_arclength",
    "descent_matrix",
    "descent_step",
    "stable_steps",
    "string_method",
    "population_loss_at_zero_training",
    "random_strings",
]


@dataclass(frozen=True)
class StringResult:
    """A string of N images from A(0) to A* after the string method.

    ``images`` (N, d, d); ``arclength`` (N,) the Frobenius arclength from A(0) to each image;
    ``train_loss`` (N,) the training loss E_n = 2 L_n (000 eq. (6)) of the samples that drove the string
    (the population loss again for a population string); ``population_loss`` (N,) E = 2 R (000 eq. (9));
    ``iterations`` the evolve-reparametrise cycles done; ``converged`` whether the speed fell below tol.
    """

    images: np.ndarray
    arclength: np.ndarray
    train_loss: np.ndarray
    population_loss: np.ndarray
    iterations: int
    converged: bool

    @property
    def fraction(self) -> np.ndarray:
        """Normalised arclength s_j = arclength_j / arclength_{N-1} in [0, 1] (the axis of 000 Figure 4)."""
        return self.arclength / self.arclength[-1]


def straight_string(A0: np.ndarray, Astar: np.ndarray, images: int) -> np.ndarray:
    """A_j = (1 - j/(N-1)) A(0) + (j/(N-1)) A*, j = 0..N-1: the initial string (positive semidefinite)."""
    if images < 3:
        raise ValueError(f"a string needs at least 3 images (two fixed endpoints and one that moves), got {images}")
    s = np.linspace(0.0, 1.0, images)[:, None, None]
    return (1 - s) * np.asarray(A0, dtype=float) + s * np.asarray(Astar, dtype=float)


def frobenius_arclength(images: np.ndarray) -> np.ndarray:
    """l_j = sum_{i<j} |A_{i+1} - A_i|_F, the arclength of the polygon through the images (l_0 = 0)."""
    steps = np.sqrt(np.sum(np.diff(images, axis=0) ** 2, axis=(-2, -1)))
    return np.concatenate([[0.0], np.cumsum(steps)])


def equal_arclength(images: np.ndarray) -> np.ndarray:
    """The images moved along their polygon to arclengths l_j = j l / (N - 1) by linear interpolation.

    Endpoints are kept exactly; each new image is a convex combination of two old neighbours, so positive
    semidefinite images stay positive semidefinite.
    """
    length = frobenius_arclength(images)
    target = np.linspace(0.0, length[-1], len(images))
    left = np.clip(np.searchsorted(length, target, side="right") - 1, 0, len(images) - 2)
    segment = length[left + 1] - length[left]
    weight = np.divide(target - length[left], segment, out=np.zeros_like(target), where=segment > 0)[:, None]
    flat = images.reshape(len(images), -1)
    moved = (1 - weight) * flat[left] + weight * flat[left + 1]
    moved[0], moved[-1] = flat[0], flat[-1]
    return moved.reshape(images.shape)


def _square_root_students(images: np.ndarray) -> np.ndarray:
    """W = sqrt(d) A^{1/2} (symmetric root): d students with (1/d) W^T W = A, for every image."""
    values, vectors = np.linalg.eigh(images)
    root = (vectors * np.sqrt(np.clip(values, 0.0, None))[..., None, :]) @ np.swapaxes(vectors, -1, -2)
    return np.sqrt(images.shape[-1]) * root


def descent_matrix(images: np.ndarray, Astar: np.ndarray, X: np.ndarray | None) -> np.ndarray:
    """M_j = grad_A E_n(A_j) = (1/n) sum_k (x_k^T (A_j - A*) x_k) x_k x_k^T for every image (the M of 000 eq. (5)).

    Without samples (X None) the population value M = 2 D + tr(D) I, D = A - A* (000 eq. (8)).
    """
    D = images - Astar
    if X is None:
        return 2 * D + np.trace(D, axis1=-2, axis2=-1)[:, None, None] * np.eye(D.shape[-1])
    outer = np.einsum("ki,kl->kil", X, X).reshape(len(X), -1)
    residuals = D.reshape(len(D), -1) @ outer.T
    return (residuals @ outer / len(X)).reshape(D.shape)


def descent_step(images: np.ndarray, M: np.ndarray, dt: np.ndarray) -> np.ndarray:
    """A_j <- (I - dt_j M_j) A_j (I - dt_j M_j): the weight-space Euler step W <- W - dt m grad_W L_n = W (I - dt M)
    (000 eq. (3), :func:`numerics.dynamics.gd.empirical_gradient`) seen on A = W^T W / m; keeps A_j positive semidefinite.
    """
    contraction = np.eye(images.shape[-1]) - dt[:, None, None] * M
    return contraction @ images @ contraction


def _sample_operator_norm(X: np.ndarray | None, d: int) -> float:
    """|L| for the linear map L(H) = (1/n) sum_k (x_k^T H x_k) x_k x_k^T (M = L(A - A*)).

    |L| = lambda_max(G), G_kl = (x_k . x_l)^2 / n; for the population L(H) = 2 H + tr(H) I and |L| = d + 2.
    """
    if X is None:
        return d + 2.0
    return float(np.linalg.eigvalsh((X @ X.T) ** 2 / len(X))[-1])


def stable_steps(images: np.ndarray, M: np.ndarray, operator_norm: float, safety: float = 1.0) -> np.ndarray:
    """dt_j = safety / (2 (|L| |A_j|_F + |M_j|_F)), a stable explicit Euler step for each image.

    The Jacobian of A -> -(M A + A M) is H -> -(L(H) A + A L(H)) - (M H + H M), of Frobenius operator norm
    at most 2 (|L| |A|_2 + |M|_2) <= 2 (|L| |A|_F + |M|_F) =: b; explicit Euler is stable for dt < 2 / b on
    a real spectrum, so the default safety 1 leaves a factor 2.  Each image takes its own step: the converged
    string (descent direction tangent to it) does not depend on them.
    """
    frobenius = np.sqrt(np.sum(images**2, axis=(-2, -1))), np.sqrt(np.sum(M**2, axis=(-2, -1)))
    return safety / (2 * (operator_norm * frobenius[0] + frobenius[1]))


def _losses(images: np.ndarray, Astar: np.ndarray, Wstar: np.ndarray,
            X: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(E_n, E) of every image: E_n = 2 L_n on the samples X (E when X is None), E = 2 R (000 eqs. (6), (9)).

    E_n is evaluated by :func:`numerics.dynamics.gd.empirical_risk` on the students W = sqrt(d) A^{1/2} of each image.
    """
    population = loss_of_gram(images, Astar)
    if X is None:
        return population, population
    conv = gd.convention("seed000", images.shape[-1], len(Wstar))
    train = 2 * gd.empirical_risk(_square_root_students(images), X, gd.labels(X, Wstar, conv), conv)
    return train, population


def string_method(W0: np.ndarray, Wstar: np.ndarray, X: np.ndarray | None, images: int = 100,
                  tol: float = 1e-3, max_iterations: int = 100_000, safety: float = 1.0) -> StringResult:
    """The string from A(0) = W0^T W0 / m to A* = W*^T W* / m* under the descent dynamics of E_n (or E).

    W0 (m, d) the student's initial weights, Wstar (m*, d) the teacher's, X (n, d) the training inputs
    (None: the population loss).  Starts from the straight string, iterates :func:`descent_step` (steps from
    :func:`stable_steps`) and :func:`equal_arclength` until max_j |A_j(new) - A_j(old)|_F / dt_j < ``tol``
    or ``max_iterations``.  Raises :class:`numerics.dynamics.gd.GDDiverged` if an image becomes non-finite.
    """
    W0, Wstar = np.asarray(W0, dtype=float), np.asarray(Wstar, dtype=float)
    if W0.ndim != 2 or Wstar.ndim != 2 or W0.shape[1] != Wstar.shape[1]:
        raise ValueError(f"W0 (m, d) and W* (m*, d) must share d, got shapes {W0.shape} and {Wstar.shape}")
    if X is not None and (X.ndim != 2 or X.shape[1] != W0.shape[1]):
        raise ValueError(f"X must have shape (n, {W0.shape[1]}), got {X.shape}")
    if not tol > 0:
        raise ValueError(f"tol must be positive, got {tol!r}")
    Astar = Wstar.T @ Wstar / len(Wstar)
    operator_norm = _sample_operator_norm(X, W0.shape[1])
    string = straight_string(W0.T @ W0 / len(W0), Astar, images)
    converged, iteration = False, 0
    while not converged and iteration < max_iterations:
        inner = string[1:-1]
        M = descent_matrix(inner, Astar, X)
        dt = stable_steps(inner, M, operator_norm, safety)
        evolved = string.copy()
        evolved[1:-1] = descent_step(inner, M, dt)
        evolved = equal_arclength(evolved)
        if not np.all(np.isfinite(evolved)):
            raise gd.GDDiverged(f"the string became non-finite at iteration {iteration + 1}")
        speed = float(np.max(np.sqrt(np.sum((evolved[1:-1] - inner) ** 2, axis=(-2, -1))) / dt))
        string, iteration, converged = evolved, iteration + 1, speed < tol
    train, population = _losses(string, Astar, Wstar, X)
    return StringResult(string, frobenius_arclength(string), train, population, iteration, converged)


def population_loss_at_zero_training(result: StringResult, level: float = 1e-4) -> float:
    """E / E(A(0)) at the first image where E_n <= level E_n(A(0)): where the string reaches zero training loss.

    000 Section 6: below the threshold (000 eq. (13)) the string reaches zero training loss at a finite
    population loss (a flat portion of minimisers A != A* before A*); above it only at or next to A*, where
    E = 0.  ``level`` stands for zero: E_n on the flat portion falls as the string converges (``tol``).
    """
    first = int(np.argmax(result.train_loss <= level * result.train_loss[0]))
    return float(result.population_loss[first] / result.population_loss[0])


def random_strings(d: int, mstar: int, n: int, realizations: int, rng: np.random.Generator,
                   teacher_kind: gd.TeacherKind = "orthonormal", images: int = 100, tol: float = 1e-3,
                   max_iterations: int = 100_000, m: int | None = None,
                   progress: Progress | None = None) -> list[StringResult]:
    """Strings of the empirical loss with n samples (000 Figure 4), one per realization of teacher, data, W(0).

    Each realization draws W* (:func:`numerics.dynamics.gd.teacher`), n inputs x ~ N(0, I_d) and W(0) (m x d, default
    m = d) with i.i.d. N(0, 1) entries, and runs :func:`string_method` from A(0) to A*.
    """
    m = d if m is None else m
    results = []
    for index in range(realizations):
        Wstar = gd.teacher(teacher_kind, mstar, d, rng)
        X = gd.gaussian_inputs(n, d, rng)
        W0 = rng.standard_normal((m, d))
        results.append(string_method(W0, Wstar, X, images, tol, max_iterations))
        if progress is not None:
            progress((index + 1) / realizations)
    return results
