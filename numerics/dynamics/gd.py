"""Full-batch gradient descent on the empirical and the population loss (seeds 000, 002, 004).

The network of each paper, with student weights W (m x d, rows w_k) and teacher weights W* (m* x d):

    f(W; x) = a sum_k (w_k . x)^2 = x^T B x,   B = a W^T W,       f*(x) = x^T B* x,  B* = v W*^T W*,
    loss    = c (f* - f)^2,                    D = B - B*,

with (a, v, c) read from each paper's preset in :mod:`derive.model`: seed 000 a = 1/m, v = 1/m*,
c = 1/4 (000 eqs. (1)-(2), B = A of 000 eq. (4)); seed 002 a = v = 1, c = 1/4 (002 eq. (2));
seed 004 a = v = 1, c = 1 (004 eq. (1)).  Gaussian inputs x ~ N(0, I_d) give (Wick)

    R(W)      = c E[(x^T D x)^2] = c (2 tr D^2 + (tr D)^2)              (000 eq. (9), 004 Sec. 3.1),
    grad_W R  = 4 c a (2 W D + tr(D) W),
    R_n(W)    = (c/n) sum_i (x_i^T D x_i)^2,  grad_W R_n = (4 c a / n) W sum_i (x_i^T D x_i) x_i x_i^T.

These matrix forms are checked against the engine's :func:`derive.concrete.risk_gradient` in the tests.
Gradient descent is ``W <- W - dt s grad R`` with the time scale s of the paper: s = m for seed 000
(000 eq. (3): dw_i/dt = -m d L_n / d w_i), s = 1 for seeds 002 and 004 (plain GD with step eta = dt).

On B itself the flow closes (000 Lemmas 2.1, 2.2): with kappa = 4 c s a and M = (1/n) sum_i r_i x_i x_i^T
(r_i = x_i^T D x_i; for the population M = 2 D + tr(D) I),

    dB/dt = -kappa (M B + B M)        (seed 000: kappa = 1, 000 eqs. (5) and (8)),

integrated by :func:`gram_flow` with an implicit (BDF) method and its exact Jacobian: the flow is stiff
(rates ~ |x|^4) and slow (the directions where B* vanishes decay like 1/t), which explicit steps cannot
follow to long times.

Runs are batched over a leading replica axis (independent problems side by side).  A replica whose
weights become non-finite or exceed ``max_norm`` is frozen at its last finite state and reported with the
step where that was found; :meth:`GDResult.check` raises :class:`GDDiverged`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Literal, Sequence

import numpy as np

from scipy.integrate import solve_ivp

from quadwick.derive.model import positive_integer, preset

from .trajectory import Spacing, recording_grid

__all__ = [
    "Convention",
    "GDDiverged",
    "GDResult",
    "convention",
    "teacher",
    "gaussian_inputs",
    "labels",
    "population_risk",
    "population_gradient",
    "empirical_risk",
    "empirical_gradient",
    "record_steps",
    "run_gd",
    "gram_flow",
    "stable_step",
]

TeacherKind = Literal["orthonormal", "gaussian"]
Progress = Callable[[float], None]

# Time scale s of each paper's gradient flow, as a function of the student width m.
_TIME_SCALE: dict[str, Callable[[int], float]] = {
    "seed000": lambda m: float(m),
    "seed002": lambda m: 1.0,
    "seed004": lambda m: 1.0,
}


class GDDiverged(RuntimeError):
    """Raised by :meth:`GDResult.check` when replicas diverged; the message says where."""


@dataclass(frozen=True)
class Convention:
    """Read-outs a (student), v (teacher), loss prefactor c and time scale s of one paper at widths m, m*."""

    name: str
    m: int
    mstar: int
    a: float
    v: float
    c: float
    s: float


def convention(name: str, m: int, mstar: int) -> Convention:
    """The convention of paper ``name`` ('seed000', 'seed002', 'seed004') at widths (m, m*), from its preset."""
    if name not in _TIME_SCALE:
        raise ValueError(f"no gradient-descent convention for {name!r}; known: {', '.join(sorted(_TIME_SCALE))}")
    model = preset(name, m, mstar)
    uniform = {float(x) for x in model.student_readout}, {float(x) for x in model.teacher_readout}
    if any(len(values) != 1 for values in uniform):
        raise ValueError(f"preset {name!r} has non-uniform read-outs; numerics.dynamics.gd needs uniform ones")
    return Convention(name, model.p, model.pstar, uniform[0].pop(), uniform[1].pop(),
                      float(model.loss_prefactor), _TIME_SCALE[name](model.p))


def teacher(kind: TeacherKind, mstar: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """Teacher weights W* (m* x d): orthonormal rows (needs m* <= d) or i.i.d. N(0, 1) entries (000 Sec. 2)."""
    mstar, d = positive_integer("teacher width m*", mstar), positive_integer("dimension d", d)
    if kind == "gaussian":
        return rng.standard_normal((mstar, d))
    if kind != "orthonormal":
        raise ValueError(f"teacher kind must be 'orthonormal' or 'gaussian', got {kind!r}")
    if mstar > d:
        raise ValueError(f"an orthonormal teacher needs m* <= d, got m* = {mstar} > d = {d}")
    q, r = np.linalg.qr(rng.standard_normal((d, mstar)))
    return (q * np.sign(np.diag(r))).T


def gaussian_inputs(n: int, d: int, rng: np.random.Generator, replicas: int | None = None) -> np.ndarray:
    """n inputs x ~ N(0, I_d) as rows: shape (n, d), or (replicas, n, d)."""
    shape = (positive_integer("samples n", n), positive_integer("dimension d", d))
    if replicas is not None:
        shape = (positive_integer("replicas", replicas),) + shape
    return rng.standard_normal(shape)


def _gram(W: np.ndarray, readout: float) -> np.ndarray:
    """readout * W^T W over the last two axes (B or B*)."""
    return readout * np.swapaxes(W, -1, -2) @ W


def labels(X: np.ndarray, Wstar: np.ndarray, conv: Convention) -> np.ndarray:
    """Teacher outputs y_i = v |W* x_i|^2 for the rows x_i of X (leading replica axes broadcast)."""
    return conv.v * np.sum((X @ np.swapaxes(Wstar, -1, -2)) ** 2, axis=-1)


def _difference(W: np.ndarray, Wstar: np.ndarray, conv: Convention) -> np.ndarray:
    return _gram(W, conv.a) - _gram(Wstar, conv.v)


def population_risk(W: np.ndarray, Wstar: np.ndarray, conv: Convention) -> np.ndarray:
    """R = c (2 tr D^2 + (tr D)^2), D = a W^T W - v W*^T W* (000 eq. (9) for seed 000 is 2R = E(A))."""
    D = _difference(W, Wstar, conv)
    return conv.c * (2 * np.sum(D * D, axis=(-2, -1)) + np.trace(D, axis1=-2, axis2=-1) ** 2)


def population_gradient(W: np.ndarray, Wstar: np.ndarray, conv: Convention) -> np.ndarray:
    """grad_W R = 4 c a (2 W D + tr(D) W): for seed 000, -m grad = 000 eq. (7); for seed 002, 002 eq. (6)."""
    D = _difference(W, Wstar, conv)
    trace = np.trace(D, axis1=-2, axis2=-1)[..., None, None]
    return 4 * conv.c * conv.a * (2 * W @ D + trace * W)


def _residuals(W: np.ndarray, X: np.ndarray, y: np.ndarray, conv: Convention) -> np.ndarray:
    """f(W; x_i) - y_i for every sample."""
    return conv.a * np.sum((X @ np.swapaxes(W, -1, -2)) ** 2, axis=-1) - y


def empirical_risk(W: np.ndarray, X: np.ndarray, y: np.ndarray, conv: Convention) -> np.ndarray:
    """R_n = (c/n) sum_i (y_i - f(W; x_i))^2 (000 eq. (2), 002 eq. (2), 004 eq. (1))."""
    return conv.c * np.mean(_residuals(W, X, y, conv) ** 2, axis=-1)


def empirical_gradient(W: np.ndarray, X: np.ndarray, y: np.ndarray, conv: Convention) -> np.ndarray:
    """grad_W R_n = (4 c a / n) W X^T diag(r) X, r_i = f(W; x_i) - y_i: -m grad = 000 eq. (3), 002 eq. (5)."""
    r = _residuals(W, X, y, conv)
    n = X.shape[-2]
    M = np.swapaxes(X, -1, -2) @ (X * r[..., None])
    return (4 * conv.c * conv.a / n) * (W @ M)


def stable_step(X: np.ndarray | None, W0: np.ndarray, Wstar: np.ndarray, conv: Convention, safety: float = 0.2) -> float:
    """A step dt below the Euler stability limit: safety / (s 4 c a q max(lambda_max(B0), lambda_max(B*))).

    q = max over replicas of mean_i |x_i|^4 (3 d (d + 2) for the population loss), the curvature scale of the
    loss in B; B0 = a W0^T W0.  A heuristic: divergence is still detected and reported by :func:`run_gd`.
    """
    d = W0.shape[-1]
    q = float(np.max(np.mean(np.sum(X**2, axis=-1) ** 2, axis=-1))) if X is not None else 3.0 * d * (d + 2)
    scale = max(float(np.max(np.linalg.eigvalsh(_gram(W0, conv.a)))), float(np.max(np.linalg.eigvalsh(_gram(Wstar, conv.v)))))
    return safety / (conv.s * 4 * conv.c * conv.a * q * max(scale, 1e-12) + 1e-300)


def record_steps(steps: int, points: int, spacing: Spacing = "log") -> np.ndarray:
    """Distinct step numbers 0 = s_0 < ... < s_last = steps at which a run records (log: geometric from 1;
    :func:`numerics.dynamics.trajectory.recording_grid`)."""
    steps, points = positive_integer("steps", steps), positive_integer("points", points)
    return np.unique(np.round(recording_grid(float(steps), points, spacing, first=1.0)).astype(int))


@dataclass(frozen=True)
class GDResult:
    """Recorded trajectory of a batch of gradient-descent runs.

    ``steps`` (T,) step numbers and ``times`` = steps * dt (the flow time of the paper); ``train_loss`` and
    ``population_loss`` (T, R) per replica (train_loss is the population loss again for a population run);
    ``weights`` the final W (R, m, d); ``path`` the recorded W (T, R, m, d) when asked for (else None);
    ``diverged_step`` (R,) the step where a replica was found diverged,
    -1 if it did not (its recorded values then stay at the last finite state).
    """

    steps: np.ndarray
    times: np.ndarray
    train_loss: np.ndarray
    population_loss: np.ndarray
    weights: np.ndarray
    diverged_step: np.ndarray
    path: np.ndarray | None = None

    @property
    def diverged(self) -> np.ndarray:
        """Boolean mask of the replicas that diverged."""
        return self.diverged_step >= 0

    def check(self) -> "GDResult":
        """Self if no replica diverged; else raise :class:`GDDiverged` naming the replicas and steps."""
        if self.diverged.any():
            where = ", ".join(f"replica {r} at step {self.diverged_step[r]}" for r in np.flatnonzero(self.diverged))
            raise GDDiverged(f"gradient descent diverged (weights non-finite or too large): {where}; lower dt")
        return self


def _batched(array: np.ndarray, name: str, ndim: int) -> np.ndarray:
    array = np.asarray(array, dtype=float)
    if array.ndim == ndim:
        array = array[None]
    if array.ndim != ndim + 1:
        raise ValueError(f"{name} must have {ndim} or {ndim + 1} axes, got shape {array.shape}")
    return array


def run_gd(
    W0: np.ndarray,
    Wstar: np.ndarray,
    conv: Convention,
    dt: float,
    steps: int,
    X: np.ndarray | None = None,
    record: Sequence[int] | None = None,
    max_norm: float = 1e8,
    keep_path: bool = False,
    progress: Progress | None = None,
) -> GDResult:
    """Gradient descent W <- W - dt s grad R_n (empirical, inputs ``X``) or grad R (population, ``X=None``).

    Shapes: W0 (m, d) or (R, m, d); Wstar (m*, d) or (R, m*, d); X (n, d) or (R, n, d).  Labels are the
    teacher's, y_i = f*(x_i) (realizable, as in all three papers).  ``record`` lists the steps to record
    (default: 50 log-spaced), ``keep_path`` keeps the weights there; ``progress`` receives the fraction done at each record.
    """
    if not (math.isfinite(dt) and dt > 0):
        raise ValueError(f"step dt must be a finite positive number, got {dt!r}")
    steps = positive_integer("steps", steps)
    W = _batched(W0, "W0", 2).copy()
    Wstar = _batched(Wstar, "Wstar", 2)
    if W.shape[-1] != Wstar.shape[-1]:
        raise ValueError(f"student and teacher dimensions differ: {W.shape[-1]} and {Wstar.shape[-1]}")
    grid = record_steps(steps, 50) if record is None else np.unique(np.asarray(record, dtype=int))
    if grid[0] < 0 or grid[-1] > steps:
        raise ValueError(f"record steps must lie in [0, {steps}]")
    replicas = max(W.shape[0], Wstar.shape[0], 1 if X is None else _batched(X, "X", 2).shape[0])
    W = np.broadcast_to(W, (replicas,) + W.shape[1:]).copy()
    loss, gradient = _objective(Wstar, conv, None if X is None else _batched(X, "X", 2))
    train, population = np.empty((len(grid), replicas)), np.empty((len(grid), replicas))
    path = np.empty((len(grid),) + W.shape) if keep_path else None
    diverged = np.full(replicas, -1)
    rate = dt * conv.s
    done = 0
    for index, target in enumerate(grid):
        for step in range(done, target):
            W = _step(W, W - rate * gradient(W), diverged, step + 1, max_norm)
        done = target
        train[index], population[index] = loss(W), population_risk(W, Wstar, conv)
        if path is not None:
            path[index] = W
        if progress is not None:
            progress(done / steps)
    return GDResult(grid, grid * dt, train, population, W, diverged, path)


def _objective(Wstar: np.ndarray, conv: Convention, X: np.ndarray | None):
    """(loss, gradient) as functions of W: the population risk, or the empirical risk on X with teacher labels."""
    if X is None:
        return (lambda W: population_risk(W, Wstar, conv)), (lambda W: population_gradient(W, Wstar, conv))
    y = labels(X, Wstar, conv)
    return (lambda W: empirical_risk(W, X, y, conv)), (lambda W: empirical_gradient(W, X, y, conv))


def _step(W: np.ndarray, proposal: np.ndarray, diverged: np.ndarray, step: int, max_norm: float) -> np.ndarray:
    """Accept the proposal for live replicas whose weights stay finite and within max_norm; freeze the others."""
    with np.errstate(over="ignore", invalid="ignore"):
        norms = np.sqrt(np.sum(proposal**2, axis=(-2, -1)))
    ok = np.isfinite(norms) & (norms <= max_norm) & (diverged < 0)
    diverged[(diverged < 0) & ~ok] = step
    return np.where(ok[:, None, None], proposal, W)


def _sample_matrix(X: np.ndarray | None, D: np.ndarray) -> np.ndarray:
    """M = (1/n) sum_i (x_i^T D x_i) x_i x_i^T, or its population value 2 D + tr(D) I."""
    if X is None:
        return 2 * D + np.trace(D) * np.eye(len(D))
    r = np.einsum("ni,ij,nj->n", X, D, X)
    return (X.T * r) @ X / len(X)


def _gram_jacobian(X: np.ndarray | None, B: np.ndarray, M: np.ndarray, kappa: float) -> np.ndarray:
    """d vec(-kappa (M B + B M)) / d vec(B) (row-major vec), M depending linearly on B through D = B - B*."""
    d = len(B)
    eye = np.eye(d)
    if X is None:
        dM = 2 * np.eye(d * d) + np.outer(eye.ravel(), eye.ravel())
    else:
        V = np.einsum("ni,nj->nij", X, X).reshape(len(X), -1)
        dM = V.T @ V / len(X)
    direct = np.kron(M, eye) + np.kron(eye, M.T)
    through_m = (np.kron(eye, B.T) + np.kron(B, eye)) @ dM
    return -kappa * (direct + through_m)


def gram_flow(
    B0: np.ndarray,
    Bstar: np.ndarray,
    conv: Convention,
    times: Sequence[float],
    X: np.ndarray | None = None,
    rtol: float = 1e-7,
    atol: float = 1e-12,
) -> np.ndarray:
    """B(t) at ``times`` for the flow dB/dt = -kappa (M B + B M), kappa = 4 c s a (000 eqs. (5), (8)).

    ``X`` (n, d): the empirical flow on those inputs (000 eq. (5)); None: the population flow (000 eq. (8)).
    Returns an array (len(times), d, d).  Integrated with BDF and the exact Jacobian.
    """
    B0, Bstar = np.asarray(B0, dtype=float), np.asarray(Bstar, dtype=float)
    if B0.shape != Bstar.shape or B0.ndim != 2 or B0.shape[0] != B0.shape[1]:
        raise ValueError(f"B0 and B* must be square matrices of one shape, got {B0.shape} and {Bstar.shape}")
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or len(times) == 0 or np.any(np.diff(times) <= 0) or times[0] < 0:
        raise ValueError("times must be a non-empty increasing sequence of non-negative numbers")
    d, kappa = len(B0), 4 * conv.c * conv.s * conv.a

    def rhs(_t: float, b: np.ndarray) -> np.ndarray:
        B = b.reshape(d, d)
        M = _sample_matrix(X, B - Bstar)
        return (-kappa * (M @ B + B @ M)).ravel()

    def jacobian(_t: float, b: np.ndarray) -> np.ndarray:
        B = b.reshape(d, d)
        return _gram_jacobian(X, B, _sample_matrix(X, B - Bstar), kappa)

    solution = solve_ivp(rhs, (0.0, float(times[-1])), B0.ravel(), method="BDF", jac=jacobian,
                         t_eval=times, rtol=rtol, atol=atol)
    if not solution.success or solution.y.shape[1] != len(times) or not np.all(np.isfinite(solution.y)):
        raise GDDiverged(f"the Gram flow failed before t = {times[-1]}: {solution.message}")
    return solution.y.T.reshape(len(times), d, d)
