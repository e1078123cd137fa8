"""Seed 000 (Sarao Mannelli, Vanden-Eijnden, Zdeborova 2020) derived with the engine, and its experiments.

Convention (preset 'seed000'): f(x) = (1/m) sum_i (x . w_i)^2, f* = (1/m*) sum_i (x . w*_i)^2, loss
(1/4)(f* - f)^2, A = W^T W / m, A* = W*^T W* / m* (000 eqs. (1)-(4)); gradient flow dw_i/dt = -m grad_{w_i} L.

Derivations (symbolic, at given widths, on explicit weight vectors):

* :func:`population_loss` -- E = 2 R with R the engine's Wick risk (compare 000 eq. (9));
* :func:`population_weight_flow` -- dw_i/dt = -m grad_{w_i} R from the engine's Stein gradient (000 eq. (7));
* :func:`population_gram_flow` -- dA/dt = (1/m) sum_i (dw_i/dt w_i^T + w_i dw_i/dt^T) (000 eq. (8));
* :func:`empirical_loss`, :func:`empirical_weight_flow`, :func:`empirical_gram_flow` -- the same on the
  empirical measure of given samples, differentiating the preset's per-sample loss (000 eqs. (6), (3), (5));
* :func:`eigenvalue_system` -- A = diag(lambda) realised by m = d orthogonal students: (20), (21).

Experiments: :func:`eigenvalue_flow` (Theorem 5.2), :func:`success_fractions` (Figure 1),
:func:`population_runs` (Figure 2), :func:`empirical_runs` (Figure 3), and :func:`unique_minimizer_fraction`
(Theorem 3.1: whether the PSD minimizers of the empirical loss are A* alone, by a semidefinite programme).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import sympy as sp
from scipy.integrate import solve_ivp

from quadwick.derive.model import ACTIVATION_VARIABLE, Model, positive_integer, preset
from quadwick.numerics.dynamics import gd

from quadwick.numerics.weights import gradient_of_weights, risk_of_weights

__all__ = [
    "model",
    "gram",
    "population_loss",
    "population_weight_flow",
    "population_gram_flow",
    "empirical_loss",
    "empirical_weight_flow",
    "empirical_gram_flow",
    "eigenvalue_system",
    "loss_of_gram",
    "eigenvalue_flow",
    "long_time_coefficient",
    "threshold",
    "SuccessRow",
    "success_fractions",
    "crossing",
    "population_runs",
    "empirical_runs",
    "excess_trace",
    "RecoveryRow",
    "unique_minimizer_fraction",
]

Progress = Callable[[float], None]
Vectors = Sequence[sp.Matrix]


def model(m: int, mstar: int) -> Model:
    """The engine's model of seed 000 at widths (m, m*): preset 'seed000' (general teacher Gram)."""
    return preset("seed000", m, mstar)


def gram(vectors: Vectors) -> sp.Matrix:
    """(1/count) sum_i v_i v_i^T: A of the students or A* of the teachers (000 eq. (4))."""
    total = sp.zeros(len(vectors[0]), len(vectors[0]))
    for v in vectors:
        total += v * v.T
    return total / len(vectors)


def population_loss(students: Vectors, teachers: Vectors) -> sp.Expr:
    """E = 2 R(W, W*), R = E_x[(1/4)(f* - f)^2] by the engine (Wick); compare 000 eq. (9)."""
    return 2 * risk_of_weights(model(len(students), len(teachers)), students, teachers)


def population_weight_flow(students: Vectors, teachers: Vectors) -> list[sp.Matrix]:
    """dw_i/dt = -m grad_{w_i} R by the engine (Stein); compare 000 eq. (7)."""
    m = len(students)
    return [(-m * g).expand() for g in gradient_of_weights(model(m, len(teachers)), students, teachers)]


def _gram_velocity(students: Vectors, velocities: Vectors) -> sp.Matrix:
    """dA/dt = (1/m) sum_i (dw_i/dt w_i^T + w_i dw_i/dt^T) for A = (1/m) sum_i w_i w_i^T."""
    total = sp.zeros(len(students[0]), len(students[0]))
    for w, v in zip(students, velocities):
        total += v * w.T + w * v.T
    return (total / len(students)).expand()


def population_gram_flow(students: Vectors, teachers: Vectors) -> sp.Matrix:
    """dA/dt induced by the engine's weight flow; compare 000 eq. (8) (Lemma 2.2)."""
    return _gram_velocity(students, population_weight_flow(students, teachers))


def _sample_loss(mod: Model, x: sp.Matrix, students: Vectors, teachers: Vectors) -> sp.Expr:
    """The preset's per-sample loss c (sum_l v_l sigma(u_l) - sum_k a_k sigma(lambda_k))^2 at input x."""
    def sigma(w: sp.Matrix) -> sp.Expr:
        return mod.activation.xreplace({ACTIVATION_VARIABLE: (x.T * w)[0, 0]})

    teacher = sp.Add(*[v * sigma(w) for v, w in zip(mod.teacher_readout, teachers)])
    student = sp.Add(*[a * sigma(w) for a, w in zip(mod.student_readout, students)])
    return mod.loss_prefactor * (teacher - student) ** 2


def empirical_loss(samples: Vectors, students: Vectors, teachers: Vectors) -> sp.Expr:
    """E_n = 2 L_n, L_n the preset's loss averaged over the samples (000 eq. (2)); compare 000 eq. (6)."""
    mod = model(len(students), len(teachers))
    return sp.expand(2 * sp.Add(*[_sample_loss(mod, x, students, teachers) for x in samples]) / len(samples))


def empirical_weight_flow(samples: Vectors, students: Vectors, teachers: Vectors) -> list[sp.Matrix]:
    """dw_i/dt = -m grad_{w_i} L_n, differentiating the preset's loss; compare 000 eq. (3)."""
    m = len(students)
    loss = empirical_loss(samples, students, teachers) / 2
    return [sp.Matrix([-m * sp.diff(loss, c) for c in w]).expand() for w in students]


def empirical_gram_flow(samples: Vectors, students: Vectors, teachers: Vectors) -> sp.Matrix:
    """dA/dt induced by the empirical weight flow; compare 000 eq. (5) (Lemma 2.1)."""
    return _gram_velocity(students, empirical_weight_flow(samples, students, teachers))


def eigenvalue_system(d: int) -> tuple[list[sp.Symbol], list[sp.Symbol], list[sp.Expr], sp.Expr]:
    """(lambda, lambda*, d lambda_i/dt, E) for A = diag(lambda), A* = diag(lambda*); compare 000 eqs. (20)-(21).

    A = diag(lambda) is realised by m = d students w_i = sqrt(d lambda_i) e_i, A* likewise by m* = d teachers;
    the rates are the diagonal of the engine's dA/dt (its off-diagonal part vanishes: Theorem 5.2).
    """
    d = positive_integer("dimension d", d)
    lam = [sp.Symbol(f"lambda_{i}", positive=True) for i in range(1, d + 1)]
    lam_star = [sp.Symbol(f"lambdastar_{i}", positive=True) for i in range(1, d + 1)]
    basis = [sp.Matrix([int(i == j) for j in range(d)]) for i in range(d)]
    students = [sp.sqrt(d * l) * e for l, e in zip(lam, basis)]
    teachers = [sp.sqrt(d * l) * e for l, e in zip(lam_star, basis)]
    rate = population_gram_flow(students, teachers)
    if any(sp.expand(rate[i, j]) != 0 for i in range(d) for j in range(d) if i != j):
        raise ArithmeticError("the engine's flow does not keep A diagonal")
    return lam, lam_star, [sp.expand(rate[i, i]) for i in range(d)], sp.expand(population_loss(students, teachers))


def loss_of_gram(A: np.ndarray, Astar: np.ndarray) -> np.ndarray:
    """E(A) = 2 R for seed 000, batched over leading axes (the engine-checked matrix form of numerics.dynamics.gd)."""
    D = np.asarray(A) - np.asarray(Astar)
    return 2 * 0.25 * (2 * np.sum(D * D, axis=(-2, -1)) + np.trace(D, axis1=-2, axis2=-1) ** 2)


def eigenvalue_flow(lam_star: Sequence[float], times: Sequence[float]) -> np.ndarray:
    """lambda_i(t) of Theorem 5.2 (000 eq. (20), lambda_i(0) = 1), shape (len(times), d).

    The flow (8) of :func:`numerics.dynamics.gd.gram_flow` restricted to diagonal A = diag(lambda), A* = diag(lambda*):
    dA/dt = -(M A + A M), M = 2 D + tr(D) I, D = A - A*, integrated by BDF with its exact d x d Jacobian.
    """
    lam_star = np.asarray(lam_star, dtype=float)
    times = np.asarray(times, dtype=float)
    if lam_star.ndim != 1 or np.any(lam_star < 0):
        raise ValueError("lambda* must be a vector of non-negative eigenvalues")

    def rhs(_t: float, lam: np.ndarray) -> np.ndarray:
        return -2 * (2 * (lam - lam_star) + np.sum(lam - lam_star)) * lam

    def jacobian(_t: float, lam: np.ndarray) -> np.ndarray:
        M = 2 * (lam - lam_star) + np.sum(lam - lam_star)
        return -2 * (np.diag(M + 2 * lam) + lam[:, None])

    solution = solve_ivp(rhs, (0.0, float(times[-1])), np.ones(len(lam_star)), method="BDF", jac=jacobian,
                         t_eval=times, rtol=1e-10, atol=1e-14)
    if not solution.success:
        raise gd.GDDiverged(f"the eigenvalue flow (20) failed: {solution.message}")
    return solution.y.T


def long_time_coefficient(d: int, mstar: int) -> float:
    """lim t^2 E(A(t)) for (20) with m* < d nonzero target eigenvalues: (d - m*)(2 + m*) / (16 (d + 2)).

    Quasi-static analysis of (20): the m* informative eigenvalues relax at rate O(1) to lambda*_i + delta,
    delta = -(d - m*) eps / (2 + m*), so the non-informative ones obey d eps/dt = -4 eps^2 (d + 2)/(2 + m*),
    eps ~ (2 + m*)/(4 (d + 2) t), and E ~ eps^2 (d - m*)(d + 2)/(2 + m*).  The paper's (26) says 1/16.
    """
    if not 0 < mstar < d:
        raise ValueError(f"the 1/t^2 regime needs 0 < m* < d, got m* = {mstar}, d = {d}")
    return (d - mstar) * (2 + mstar) / (16 * (d + 2))


def threshold(d: int, mstar: int) -> float:
    """n_c of 000 eq. (13) for m* < d, and d(d+1)/2 for m* >= d (the text below (13))."""
    if mstar >= d:
        return d * (d + 1) / 2
    return d * (mstar + 1) - mstar * (mstar + 1) / 2


def _student_gram(m: int, d: int, rng: np.random.Generator) -> np.ndarray:
    W = rng.standard_normal((m, d))
    return W.T @ W / m


def _teacher_gram(kind: gd.TeacherKind, mstar: int, d: int, rng: np.random.Generator) -> np.ndarray:
    Ws = gd.teacher(kind, mstar, d, rng)
    return Ws.T @ Ws / mstar


@dataclass(frozen=True)
class SuccessRow:
    """Figure 1 data: of ``runs`` GD flows with n samples, ``successes`` reached E(A)/E(A(0)) < tol."""

    d: int
    mstar: int
    n: int
    runs: int
    successes: int
    n_c: float

    @property
    def fraction(self) -> float:
        """successes / runs."""
        return self.successes / self.runs


def success_fractions(d: int, mstar: int, ns: Sequence[int], runs: int, rng: np.random.Generator,
                      teacher_kind: gd.TeacherKind = "gaussian", t_end: float = 1e4, tol: float = 1e-4,
                      m: int | None = None, progress: Progress | None = None) -> list[SuccessRow]:
    """Fraction of empirical GD flows (000 eq. (5), students m >= d, default m = d) that recover A* (Figure 1).

    Each run draws a teacher, n inputs and W(0) with i.i.d. N(0, 1) entries, integrates (5) to ``t_end`` and
    counts a success when the generalization error E(A(t_end)) / E(A(0)) < ``tol`` (000 eq. (9)).
    """
    m = d if m is None else m
    if m < d:
        raise ValueError(f"the paper's students have m >= d, got m = {m} < d = {d}")
    conv = gd.convention("seed000", m, mstar)
    rows, total, done = [], len(ns) * runs, 0
    for n in ns:
        successes = 0
        for _ in range(runs):
            Astar, A0 = _teacher_gram(teacher_kind, mstar, d, rng), _student_gram(m, d, rng)
            X = gd.gaussian_inputs(n, d, rng)
            A = gd.gram_flow(A0, Astar, conv, [t_end], X=X)[-1]
            successes += bool(loss_of_gram(A, Astar) < tol * loss_of_gram(A0, Astar))
            done += 1
            if progress is not None:
                progress(done / total)
        rows.append(SuccessRow(d, mstar, int(n), runs, successes, threshold(d, mstar)))
    return rows


def crossing(rows: Sequence[SuccessRow], level: float = 0.5) -> float:
    """The n where the success fraction first reaches ``level`` (linear interpolation); nan if never."""
    for before, after in zip(rows, rows[1:]):
        if before.fraction < level <= after.fraction:
            return before.n + (level - before.fraction) * (after.n - before.n) / (after.fraction - before.fraction)
    return float(rows[0].n) if rows and rows[0].fraction >= level else float("nan")


def population_runs(d: int, mstar: int, runs: int, times: Sequence[float], rng: np.random.Generator,
                    teacher_kind: gd.TeacherKind = "gaussian", m: int | None = None,
                    progress: Progress | None = None) -> np.ndarray:
    """E(A(t)) (runs, len(times)) of the population GD flow (000 eq. (8)) from W(0) ~ N(0, 1) (Figure 2)."""
    m = d if m is None else m
    conv = gd.convention("seed000", m, mstar)
    out = np.empty((runs, len(times)))
    for r in range(runs):
        Astar, A0 = _teacher_gram(teacher_kind, mstar, d, rng), _student_gram(m, d, rng)
        out[r] = loss_of_gram(gd.gram_flow(A0, Astar, conv, times), Astar)
        if progress is not None:
            progress((r + 1) / runs)
    return out


def empirical_runs(d: int, mstar: int, n: int, runs: int, times: Sequence[float], rng: np.random.Generator,
                   teacher_kind: gd.TeacherKind = "orthonormal", m: int | None = None,
                   progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(E_n, E) along empirical GD flows (000 eqs. (5), (6), (9)) with n samples, each (runs, len(times)) (Figure 3)."""
    m = d if m is None else m
    conv = gd.convention("seed000", m, mstar)
    train, population = np.empty((runs, len(times))), np.empty((runs, len(times)))
    for r in range(runs):
        Astar, A0 = _teacher_gram(teacher_kind, mstar, d, rng), _student_gram(m, d, rng)
        X = gd.gaussian_inputs(n, d, rng)
        path = gd.gram_flow(A0, Astar, conv, times, X=X)
        traces = np.einsum("ni,tij,nj->tn", X, path - Astar, X)
        train[r], population[r] = 0.5 * np.mean(traces**2, axis=1), loss_of_gram(path, Astar)
        if progress is not None:
            progress((r + 1) / runs)
    return train, population


def excess_trace(X: np.ndarray, w: np.ndarray) -> float:
    r"""max tr(P A) / |w|^2 over M = {A PSD : x_k^T A x_k = (x_k . w)^2, k = 1..n}, with P = I - w w^T / |w|^2.

    M is the set of PSD minimizers of the empirical loss (000 eq. (10)) for the rank-one teacher A* = w w^T.
    The value is 0 iff M = {A*}: tr(P A) = 0 with A PSD puts the range of A in span(w), and the measurements then
    fix A = A*. It is computed from the dual semidefinite programme

        min_lambda  sum_k lambda_k (x_k . w)^2   subject to   sum_k lambda_k x_k x_k^T - P  PSD,

    which is strictly feasible when the x_k span R^d (n >= d, almost surely), so that the two values are equal;
    unlike the primal, whose feasible set is a single point exactly when the answer is 0, the dual keeps an
    interior, and an interior-point solver (Clarabel, through cvxpy) returns about 1e-8 there. The solver's
    primal A is checked as a certificate (PSD, every measurement fitted to 1e-6, tr(P A) equal to the value);
    a solve without one raises. For n < d a direction v orthogonal to every x_k gives A* + v v^T in M: the
    value is infinite.

    >>> rng = np.random.default_rng(0)
    >>> w = np.array([1.0, 0.0, 0.0])
    >>> excess_trace(rng.standard_normal((12, 3)), w) < 1e-6  # n = 4 d: A* alone
    True
    >>> excess_trace(rng.standard_normal((2, 3)), w)  # n < d
    inf
    """
    import warnings

    import cvxpy as cp  # the convex-programme stack loads only for this experiment

    n, d = X.shape
    if n < d:
        return float("inf")
    norm2 = float(w @ w)
    y = (X @ w) ** 2 / norm2
    P = np.eye(d) - np.outer(w, w) / norm2
    lam = cp.Variable(n)
    slack = cp.reshape(np.einsum("ki,kj->ijk", X, X).reshape(d * d, n) @ lam, (d, d), order="C") - P
    constraint = slack >> 0
    problem = cp.Problem(cp.Minimize(y @ lam), [constraint])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an inaccurate solve is judged below, on its certificate
        problem.solve(solver=cp.CLARABEL)
    if problem.status in (cp.INFEASIBLE, cp.INFEASIBLE_INACCURATE):
        return float("inf")  # no dual point: the primal is unbounded along a PSD direction the x_k do not see
    if problem.status not in (cp.OPTIMAL, cp.OPTIMAL_INACCURATE):
        raise RuntimeError(f"the recovery programme (d = {d}, n = {n}) ended with status {problem.status!r}")
    # The solver's primal A (the multiplier of the PSD constraint) certifies the value: A must be PSD, fit every
    # measurement, and reach tr(P A) equal to the dual value.
    A = (constraint.dual_value + constraint.dual_value.T) / 2
    misfit = float(np.max(np.abs(np.einsum("ki,ij,kj->k", X, A, X) - y)) / max(1.0, float(y.max())))
    lowest = float(np.linalg.eigvalsh(A)[0])
    gap = abs(float(np.trace(P @ A)) - float(problem.value))
    if misfit > 1e-6 or lowest < -1e-6 or gap > 1e-6 * max(1.0, abs(float(problem.value))):
        raise RuntimeError(f"the recovery programme (d = {d}, n = {n}) returned no certificate: measurement misfit "
                           f"{misfit:.1e}, smallest eigenvalue {lowest:.1e}, duality gap {gap:.1e}")
    return float(problem.value)


@dataclass(frozen=True)
class RecoveryRow:
    """Theorem 3.1 data: of ``runs`` draws (w, x_1..x_n), ``unique`` had M = {A*} (excess trace < ``tol``).

    ``largest_unique`` and ``smallest_other`` are the largest excess trace counted as unique and the smallest
    counted as not (nan when there is none): the gap between them shows how far the decision is from ``tol``.
    """

    d: int
    n: int
    runs: int
    unique: int
    tol: float
    largest_unique: float
    smallest_other: float

    @property
    def fraction(self) -> float:
        """unique / runs."""
        return self.unique / self.runs


def unique_minimizer_fraction(d: int, alpha: float, runs: int, rng: np.random.Generator, tol: float = 1e-6,
                               progress: Progress | None = None) -> RecoveryRow:
    r"""P(M_{n,d} = {A*}) of 000 Theorem 3.1 estimated on ``runs`` draws, n = floor(alpha d), m* = 1.

    Each draw takes a teacher w ~ N(0, I_d) (A* = w w^T, m* = 1) and n inputs x_k ~ N(0, I_d), and counts M = {A*}
    when :func:`excess_trace` < ``tol`` (relative to tr A* = 1 after scaling).
    """
    n = int(np.floor(alpha * d))
    values = []
    for r in range(runs):
        w = rng.standard_normal(d)
        values.append(excess_trace(gd.gaussian_inputs(n, d, rng), w))
        if progress is not None:
            progress((r + 1) / runs)
    values_array = np.array(values)
    unique, other = values_array[values_array < tol], values_array[values_array >= tol]
    return RecoveryRow(d, n, runs, len(unique), tol, float(unique.max()) if len(unique) else float("nan"),
                       float(other.min()) if len(other) else float("nan"))
