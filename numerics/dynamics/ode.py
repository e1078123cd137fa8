"""Integration of the overlap ODEs of one-pass SGD (seed 003 eq. (6)), exact in eta.

The state is (rho, Q) packed in ``model.order_parameters`` order (then the read-outs a, when they learn); its
derivative

    d rho_kl / d alpha = <F_k u_l>,
    d Q_kj   / d alpha = <F_k lambda_j> + <F_j lambda_k> + <F_k F_j>,
    d a_k    / d alpha = 2 c eta_a <e sigma(lambda_k)>       (learned read-outs, from the model's initial ones),

and its Jacobian come from the derived kernels (:func:`numerics.kernels.derived.kernels`).  The
integration variable is alpha, or the gradient-flow time t = eta alpha (``time="t"``: the
right-hand side divided by eta); the run always ends at ``alpha_max`` and the result carries
alpha (and t).  :func:`scipy.integrate.solve_ivp` does the stepping: DOP853 with tight
tolerances by default (``method="auto"``), switching to Radau with the kernel Jacobian when
the explicit method needs more than ``max_explicit_evaluations`` evaluations (a stiff
problem); any solve_ivp method may be named.

Events, found by the solver's root finding on the accepted steps:

* ``half_risk``: the first alpha_c with R(alpha_c) = R(0) / 2 (seed 003 Figure 2);
* ``converged``: R falls below ``convergence_tol`` (stops the run);
* ``stationary``: the state reached a fixed point, max |d state / d alpha| <= ``stationary_tol``
  (1 + max |state|) (stops the run, the arrays ending with the fixed point: without it a span like
  alpha_max = 1e300 would be crawled through with steps that never reach its end);
* ``diverged``: max_k Q_kk exceeds ``max_overlap``, or the covariance
  Sigma = [[T, rho^T], [rho, Q]] leaves the positive-semidefinite set (stops the run), or the
  solver fails while the overlaps grow.  The arrays then end at the last grid time reached:
  no NaN is returned, and :meth:`ODEResult.check` raises :class:`ODEDiverged` with eta and alpha.

Derived observables: the risk; S(t) = rho (rho^T rho)^{-1/2} (eq. (37), conserved);
the zero-error solution eqs. (19)-(21) predicted from rho(0),

    S_bar = rho_0 (rho_0^T rho_0)^{-1/2},  rho_bar = sqrt(p / p*) S_bar,  Q_bar = (p / p*) S_bar S_bar^T,

and the distance ||rho(t) - rho_bar||_F to it (seed 003 Figure 3).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Callable, Literal

import numpy as np
from scipy.integrate import solve_ivp

from quadwick.derive.model import Model
from ..kernels.derived import kernels as build_kernels
from ..state import (initial_overlaps, initial_state, numeric_parameters, overlaps_of, pack_state, random_generator,
                    teacher_gram, unpack_readouts, unpack_state)
from .trajectory import Spacing, recording_grid, trajectory_arrays

__all__ = [
    "ODEDiverged",
    "ODEEvents",
    "ODEOptions",
    "ODEResult",
    "closest_solution",
    "conserved_S",
    "integrate",
    "integrate_batch",
    "integrate_random",
    "integrate_weights",
    "output_grid",
]

TimeVariable = Literal["alpha", "t"]
Kernels = Any  # numerics.kernels.derived.CompiledKernels | LambdifiedKernels
Progress = Callable[[float], None]

_EXPLICIT = ("RK23", "RK45", "DOP853")
_IMPLICIT = ("Radau", "BDF", "LSODA")
# A covariance eigenvalue below -_PSD_TOL * max(1, max |Sigma|) means Sigma left the PSD set.
_PSD_TOL = 1e-9


class ODEDiverged(RuntimeError):
    """Raised by :meth:`ODEResult.check` when the integration stopped on divergence."""


class _Stiff(Exception):
    """The explicit method used up its evaluation budget (internal: triggers the switch to Radau)."""


@dataclass(frozen=True)
class ODEOptions:
    """Learning rate, time span, output grid and solver settings.

    ``eta`` > 0; the run covers alpha in [0, ``alpha_max``]; output at ``points`` times, linear,
    or ``log`` (0, then geometric from ``log_start`` times alpha_max); ``time`` the integration
    variable (alpha or t = eta alpha); ``method`` "auto" (DOP853, Radau if stiff) or a
    solve_ivp method name; ``rtol``/``atol`` the solver tolerances (atol on the state);
    ``convergence_tol`` stops the run once R falls below it (None: never);
    ``stationary_tol`` stops it at a fixed point, max |d state/d alpha| <= stationary_tol (1 + max |state|)
    (None: never);
    ``max_overlap`` the bound on Q_kk beyond which the run counts as diverged;
    ``max_explicit_evaluations`` the budget of "auto" before it switches to Radau;
    ``stop_at_half_risk`` ends the run at alpha_c (status "halved").
    """

    eta: float
    alpha_max: float
    points: int = 201
    spacing: Spacing = "linear"
    log_start: float = 1e-4
    time: TimeVariable = "alpha"
    method: str = "auto"
    rtol: float = 1e-10
    atol: float = 1e-12
    convergence_tol: float | None = None
    stationary_tol: float | None = None
    max_overlap: float = 1e6
    max_explicit_evaluations: int = 200_000
    stop_at_half_risk: bool = False

    def __post_init__(self) -> None:
        for name in ("eta", "alpha_max", "rtol", "atol", "max_overlap", "log_start"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise ValueError(f"{name} must be a finite positive number, got {value!r}")
        for name in ("convergence_tol", "stationary_tol"):
            value = getattr(self, name)
            if value is not None and not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a finite positive number or None, got {value!r}")
        if not isinstance(self.points, int) or self.points < 2:
            raise ValueError(f"points must be an integer >= 2, got {self.points!r}")
        if self.spacing not in ("linear", "log"):
            raise ValueError(f"spacing must be 'linear' or 'log', got {self.spacing!r}")
        if self.log_start >= 1:
            raise ValueError(f"log_start is a fraction of alpha_max below 1, got {self.log_start!r}")
        if self.time not in ("alpha", "t"):
            raise ValueError(f"time must be 'alpha' or 't', got {self.time!r}")
        if self.method not in ("auto", *_EXPLICIT, *_IMPLICIT):
            raise ValueError(f"method must be 'auto' or one of {', '.join(_EXPLICIT + _IMPLICIT)}, got {self.method!r}")

    @classmethod
    def in_t(cls, eta: float, t_max: float, **settings: Any) -> "ODEOptions":
        """Options running to gradient-flow time t_max = eta alpha_max, integrated in t."""
        return cls(eta=eta, alpha_max=float(t_max) / float(eta), time="t", **settings)


@dataclass(frozen=True)
class ODEEvents:
    """Where the run met its events, in alpha (None: not met).

    ``half_risk`` alpha_c with R = R(0)/2; ``converged`` where R fell below the tolerance;
    ``stationary`` where the state reached a fixed point; ``diverged`` where the run stopped on
    divergence, with ``reason``.
    """

    half_risk: float | None = None
    converged: float | None = None
    stationary: float | None = None
    diverged: float | None = None
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The events as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class ODEResult:
    """One integrated trajectory at the output times reached.

    ``alpha`` (K,), ``rho`` (K, p, p*), ``Q`` (K, p, p), ``risk`` (K,); ``events``;
    ``status`` "completed" (reached alpha_max), "converged", "stationary" (a fixed point before
    alpha_max), "halved" (stop_at_half_risk), "diverged" or "failed";
    ``message`` the solver's words; ``method`` the method that produced the arrays;
    ``evaluations`` right-hand-side evaluations (all attempts); ``seed`` of eq. (8) if used; ``a`` (K, p) the
    read-outs when they learn (None when fixed).
    """

    model: Model
    options: ODEOptions
    seed: int | None
    T: np.ndarray
    alpha: np.ndarray
    rho: np.ndarray
    Q: np.ndarray
    risk: np.ndarray
    events: ODEEvents
    status: str
    message: str
    method: str
    evaluations: int
    a: np.ndarray | None = None

    @property
    def t(self) -> np.ndarray:
        """Gradient-flow time t = eta alpha, (K,)."""
        return self.options.eta * self.alpha

    @property
    def S(self) -> np.ndarray:
        """S(alpha) = rho (rho^T rho)^{-1/2} (eq. (37)), (K, p, p*)."""
        return conserved_S(self.rho)

    def closest_solution(self) -> tuple[np.ndarray, np.ndarray]:
        """(rho_bar, Q_bar) of eqs. (19)-(21) predicted from rho at alpha = 0."""
        return closest_solution(self.model, self.rho[0], self.T)

    def distance_to_prediction(self, rho_bar: np.ndarray | None = None) -> np.ndarray:
        """||rho(alpha) - rho_bar||_F, (K,); rho_bar defaults to :meth:`closest_solution`."""
        target = self.closest_solution()[0] if rho_bar is None else np.asarray(rho_bar, dtype=float)
        return np.sqrt(((self.rho - target) ** 2).sum(axis=(1, 2)))

    def check(self) -> "ODEResult":
        """Return self, or raise :class:`ODEDiverged` (eta, alpha, reason) / RuntimeError (solver failure)."""
        if self.status == "diverged":
            raise ODEDiverged(
                f"the overlap ODEs diverged at eta = {self.options.eta:g}, alpha = {self.events.diverged:.6g}: {self.events.reason}"
            )
        if self.status == "failed":
            raise RuntimeError(f"the ODE solver failed at eta = {self.options.eta:g}: {self.message}")
        return self

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays of a trajectory file (:mod:`numerics.dynamics.trajectory`); meta adds the events and the solver's message."""
        return trajectory_arrays(self, events=self.events.as_dict(), message=self.message)


# -- observables -------------------------------------------------------------------------------


def conserved_S(rho: Any) -> np.ndarray:
    """S = rho (rho^T rho)^{-1/2} (eqs. (22), (37)) for rho (..., p, p*), p >= p*.

    Computed as the polar factor U V^T of the thin SVD rho = U diag(s) V^T; raises ValueError
    when rho^T rho is singular (some s = 0), where the inverse square root does not exist.
    """
    rho = np.asarray(rho, dtype=float)
    if rho.shape[-2] < rho.shape[-1]:
        raise ValueError(f"S = rho (rho^T rho)^(-1/2) needs p >= p*; rho has shape {rho.shape[-2:]}")
    U, s, Vt = np.linalg.svd(rho, full_matrices=False)
    if (s.min(axis=-1, initial=np.inf) <= 1e-300).any():
        raise ValueError("rho^T rho is singular: S = rho (rho^T rho)^(-1/2) is undefined")
    return U @ Vt


def closest_solution(model: Model, rho0: Any, T: Any | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The zero-error point closest to the start, eqs. (19)-(21): (rho_bar, Q_bar).

    S_bar = rho0 (rho0^T rho0)^{-1/2}, rho_bar = sqrt(kappa) S_bar, Q_bar = kappa S_bar S_bar^T with
    kappa = v / a (= p / p* for seed 003): zero error means a W^T W = v W*^T W*.  Stated for a pure
    quadratic activation c z^2, equal fixed read-outs a_k = a and v_l = v of one sign, T = I and p >= p*.
    """
    params = numeric_parameters(model)
    a, v, activation = params["a"], params["v"], params["activation"]
    quadratic = activation is not None and len(activation) == 3 and activation[0] == 0 and activation[1] == 0
    if model.learns_readouts or not (quadratic and np.all(a == a[0]) and np.all(v == v[0]) and a[0] * v[0] > 0):
        raise ValueError("eqs. (19)-(21) hold for sigma = c z^2 with equal fixed read-outs of one sign; not for this model")
    if T is not None and not np.allclose(np.asarray(T, dtype=float), np.eye(model.pstar)):
        raise ValueError("eqs. (19)-(21) assume the teacher Gram T = I")
    S = conserved_S(rho0)
    kappa = v[0] / a[0]
    return math.sqrt(kappa) * S, kappa * S @ np.swapaxes(S, -1, -2)


# -- grids and the solve -----------------------------------------------------------------------


def output_grid(options: ODEOptions) -> np.ndarray:
    """Output times in alpha: linear on [0, alpha_max], or 0 then geometric from log_start alpha_max
    (:func:`numerics.dynamics.trajectory.recording_grid`)."""
    return recording_grid(options.alpha_max, options.points, options.spacing, options.log_start * options.alpha_max)


class _Watch:
    """Event functions for solve_ivp, and the last accepted state (for the divergence report)."""

    def __init__(
        self, kernels: Kernels, model: Model, T: np.ndarray, teacher: np.ndarray | None, options: ODEOptions,
        scale: float, risk0: float, progress: Progress | None,
    ) -> None:
        self.kernels, self.model, self.T, self.teacher, self.options = kernels, model, T, teacher, options
        self.scale, self.risk0, self.progress = scale, risk0, progress
        self.last: tuple[float, np.ndarray] | None = None

    def size(self, time: float, state: np.ndarray) -> float:
        """max_overlap - max_k Q_kk: negative once the overlaps blew up."""
        self.last = (time, state)
        if self.progress is not None:
            self.progress(time / (self.options.alpha_max * self.scale))
        _, Q = unpack_state(self.model, state)
        value = self.options.max_overlap - np.abs(np.diagonal(Q)).max()
        return float(value) if np.isfinite(value) else -1.0

    def psd(self, time: float, state: np.ndarray) -> float:
        """Smallest eigenvalue of Sigma plus the tolerance: negative once Sigma left the PSD set."""
        rho, Q = unpack_state(self.model, state)
        sigma = np.block([[self.T, rho.T], [rho, Q]])
        if not np.isfinite(sigma).all():
            return -1.0
        return float(np.linalg.eigvalsh(sigma)[0] + _PSD_TOL * max(1.0, np.abs(sigma).max()))

    def half(self, time: float, state: np.ndarray) -> float:
        """R - R(0)/2."""
        return float(self.kernels.risk(state, self.teacher)) - 0.5 * self.risk0

    def converged(self, time: float, state: np.ndarray) -> float:
        """R - convergence_tol."""
        return float(self.kernels.risk(state, self.teacher)) - self.options.convergence_tol

    def stationary(self, time: float, state: np.ndarray) -> float:
        """max |d state/d alpha| - stationary_tol (1 + max |state|): negative at a fixed point."""
        slope = np.abs(self.kernels.rhs(state, self.options.eta, self.teacher)).max()
        value = slope - self.options.stationary_tol * (1.0 + np.abs(state).max())
        return float(value) if np.isfinite(value) else 1.0

    def optional(self) -> list[Callable[[float, np.ndarray], float]]:
        """The events the options ask for, after the three that are always watched."""
        return ([self.converged] if self.options.convergence_tol else []) + ([self.stationary] if self.options.stationary_tol else [])

    def functions(self) -> list[Callable[[float, np.ndarray], float]]:
        """[size, psd, half, (converged), (stationary)] with solve_ivp's terminal and direction attributes."""
        chosen = [self.size, self.psd, self.half] + self.optional()
        wrapped = []
        for function in chosen:
            def event(time: float, state: np.ndarray, function=function) -> float:
                return function(time, state)

            event.terminal = function != self.half or self.options.stop_at_half_risk
            event.direction = -1
            wrapped.append(event)
        return wrapped


def _run(
    kernels: Kernels, state0: np.ndarray, teacher: np.ndarray | None, method: str, budget: int | None, watch: _Watch, grid: np.ndarray
) -> tuple[Any, int]:
    """One solve_ivp call on the scaled time axis; raises _Stiff past the evaluation budget."""
    options = watch.options
    factor = 1.0 / watch.scale  # d state / d time = rhs / scale with time = scale * alpha
    count = [0]

    def rhs(time: float, state: np.ndarray) -> np.ndarray:
        count[0] += 1
        if budget is not None and count[0] > budget:
            raise _Stiff
        return kernels.rhs(state, options.eta, teacher) * factor

    def jacobian(time: float, state: np.ndarray) -> np.ndarray:
        return kernels.jacobian(state, options.eta, teacher) * factor

    # Kernels without a Jacobian (the unit form's) leave it to the implicit solver's finite differences.
    implicit = {"jac": jacobian} if method in _IMPLICIT and kernels.jacobian is not None else {}
    with np.errstate(all="ignore"):
        solution = solve_ivp(
            rhs, (0.0, grid[-1]), state0, method=method, t_eval=grid, events=watch.functions(),
            rtol=options.rtol, atol=options.atol, **implicit,
        )
    return solution, count[0]


def integrate(
    model: Model,
    rho0: Any,
    Q0: Any,
    options: ODEOptions,
    T: Any | None = None,
    seed: int | None = None,
    kernels: Kernels | None = None,
    progress: Progress | None = None,
) -> ODEResult:
    """Integrate eq. (6) from (rho0, Q0) over alpha in [0, alpha_max] (module docstring).

    ``T`` the teacher Gram (only for a general one); ``seed`` recorded in the result;
    ``kernels`` reuses built kernels (default :func:`numerics.kernels.derived.kernels`);
    ``progress`` is called with the fraction of the span done.
    """
    T = teacher_gram(model, T)
    rho, Q = initial_state(model, rho0, Q0, T, 1)
    kernels = build_kernels(model) if kernels is None else kernels
    teacher = None if model.teacher_gram == "identity" else T
    state0 = pack_state(model, rho[0], Q[0])
    scale = options.eta if options.time == "t" else 1.0
    grid = output_grid(options) * scale
    risk0 = float(kernels.risk(state0, teacher))
    auto = options.method == "auto"
    method = "DOP853" if auto else options.method
    budget = options.max_explicit_evaluations if auto else None
    watch = _Watch(kernels, model, T, teacher, options, scale, risk0, progress)
    note = ""
    try:
        solution, evaluations = _run(kernels, state0, teacher, method, budget, watch, grid)
    except _Stiff:
        method, note = "Radau", f"switched from DOP853 to Radau (stiff: over {budget} evaluations); "
        watch.last = None
        solution, evaluations = _run(kernels, state0, teacher, method, None, watch, grid)
        evaluations += budget
    return _result(model, options, seed, T, kernels, solution, watch, scale, method, evaluations, note)


def _ending(options: ODEOptions, solution: Any, watch: _Watch, scale: float) -> tuple[str, dict[str, Any]]:
    """How the run ended: status and the stopping event (alpha in the original units)."""
    size_hit, psd_hit = solution.t_events[0], solution.t_events[1]
    optional = dict(zip([function.__name__ for function in watch.optional()], solution.t_events[3:]))
    converged, stationary = optional.get("converged", ()), optional.get("stationary", ())
    if len(size_hit):
        return "diverged", {"diverged": float(size_hit[0]) / scale, "reason": f"max Q_kk exceeded max_overlap = {options.max_overlap:g}"}
    if len(psd_hit):
        return "diverged", {"diverged": float(psd_hit[0]) / scale, "reason": "the covariance [[T, rho^T], [rho, Q]] left the PSD set"}
    if len(converged):
        return "converged", {"converged": float(converged[0]) / scale}
    if len(stationary):
        return "stationary", {"stationary": float(stationary[0]) / scale}
    if solution.status == -1:
        return _failure(watch, scale)
    if options.stop_at_half_risk and len(solution.t_events[2]):
        return "halved", {}
    return "completed", {}


def _failure(watch: _Watch, scale: float) -> tuple[str, dict[str, Any]]:
    """A solver failure is divergence when the last accepted state has grown far or has a non-finite slope."""
    if watch.last is None:
        return "failed", {}
    time, state = watch.last
    _, Q = unpack_state(watch.model, state)
    slope = watch.kernels.rhs(state, watch.options.eta, watch.teacher)
    size = float(np.abs(np.diagonal(Q)).max())
    if size > 1e3 or not np.isfinite(slope).all():
        return "diverged", {"diverged": time / scale, "reason": f"the solver failed as the overlaps grew (max Q_kk = {size:.3g})"}
    return "failed", {}


def _result(
    model: Model, options: ODEOptions, seed: int | None, T: np.ndarray, kernels: Kernels, solution: Any,
    watch: _Watch, scale: float, method: str, evaluations: int, note: str,
) -> ODEResult:
    """Assemble an :class:`ODEResult` from a solve_ivp solution (finite output rows only; a run stopped at a
    fixed point ends with the fixed point, at the alpha where it was found)."""
    states, times = solution.y.T, solution.t
    status, stop = _ending(options, solution, watch, scale)
    if status == "stationary":
        states = np.vstack([states, solution.y_events[-1][:1]])
        times = np.append(times, solution.t_events[-1][0])
    finite = np.isfinite(states).all(axis=1)
    states, times = states[finite], times[finite]
    rho, Q = unpack_state(model, states)
    a = unpack_readouts(model, states) if model.learns_readouts else None
    risk = kernels.risk(states, watch.teacher).reshape(-1)
    half = solution.t_events[2]
    events = ODEEvents(half_risk=float(half[0]) / scale if len(half) else None, **stop)
    return ODEResult(
        model=model, options=options, seed=seed, T=T, alpha=times / scale, rho=rho, Q=Q, risk=risk, events=events,
        status=status, message=note + solution.message, method=method, evaluations=evaluations, a=a,
    )


def integrate_random(
    model: Model, eps: float, seed: int, options: ODEOptions, kernels: Kernels | None = None, progress: Progress | None = None
) -> ODEResult:
    """:func:`integrate` from eq. (8): rho_kl(0) ~ N(0, eps^2) i.i.d. (numpy default_rng(seed)), Q(0) = I."""
    _, seed = random_generator(seed)
    rho0, Q0 = initial_overlaps(model, eps, seed)
    return integrate(model, rho0, Q0, options, seed=seed, kernels=kernels, progress=progress)


def integrate_weights(
    model: Model, W: Any, Wstar: Any, options: ODEOptions, kernels: Kernels | None = None, progress: Progress | None = None
) -> ODEResult:
    """:func:`integrate` from the overlaps of weights W (p, N), W* (p*, N): rho = W W*^T / N, Q = W W^T / N, T = W* W*^T / N."""
    W, Wstar = np.asarray(W, dtype=float), np.asarray(Wstar, dtype=float)
    if W.ndim != 2 or Wstar.ndim != 2 or W.shape[1] != Wstar.shape[1] or W.shape[0] != model.p or Wstar.shape[0] != model.pstar:
        raise ValueError(f"expected W ({model.p}, N) and W* ({model.pstar}, N); got {W.shape}, {Wstar.shape}")
    rho0, Q0 = overlaps_of(W, Wstar)
    T = Wstar @ Wstar.T / W.shape[1]
    if model.teacher_gram == "identity" and not np.allclose(T, np.eye(model.pstar), atol=1e-8):
        raise ValueError("the model's teacher Gram is the identity, but W* W*^T / N is not; use teacher_gram='general'")
    return integrate(model, rho0, Q0, options, T=None if model.teacher_gram == "identity" else T, kernels=kernels, progress=progress)


def integrate_batch(
    model: Model,
    rho0: Any,
    Q0: Any,
    options: ODEOptions,
    T: Any | None = None,
    kernels: Kernels | None = None,
    progress: Progress | None = None,
) -> list[ODEResult]:
    """:func:`integrate` for B initial conditions rho0 (B, p, p*) and Q0 (B, p, p) or (p, p), kernels built once.

    Each trajectory has its own events and may stop early, so the results are a list.
    """
    rho0 = np.asarray(rho0, dtype=float)
    if rho0.ndim != 3:
        raise ValueError(f"rho0 must have shape (B, {model.p}, {model.pstar}), got {rho0.shape}")
    Q0 = np.broadcast_to(np.asarray(Q0, dtype=float), (len(rho0), model.p, model.p))
    kernels = build_kernels(model) if kernels is None else kernels
    results = []
    for index, (rho, Q) in enumerate(zip(rho0, Q0)):
        results.append(integrate(model, rho, Q, options, T=T, kernels=kernels))
        if progress is not None:
            progress((index + 1) / len(rho0))
    return results
