"""Finite-N one-pass SGD (seed 003 eqs. (4)-(5)), in weight space and exactly in overlap space.

The process.  Inputs x ~ N(0, I_N) are fresh at every step; the teacher rows w*_l have
Gram matrix w*_l . w*_m / N = T_lm (T = I: orthonormal rows of norm sqrt(N)).  With
u_l = w*_l . x / sqrt(N), lambda_k = w_k . x / sqrt(N) and label noise zeta ~ N(0, Delta),

    y - yhat = sum_l v_l sigma(u_l) + zeta - sum_k a_k sigma(lambda_k),
    F_k      = 2 c eta a_k sigma'(lambda_k) (y - yhat)       (= (4 eta / p)(y - yhat) lambda_k for seed 003),
    w_k     <- w_k + F_k x / sqrt(N),                        alpha = steps / N.

Weight space (:func:`simulate_weights`, :func:`sgd_steps`) keeps the N-dimensional weights and
processes blocks of M samples at a time: with X the block's inputs (M x N), the pre-activations at the
block start Z0 = X [W*; W]^T / sqrt(N) and the Gram matrix G = X X^T / N, the student
pre-activation of sample mu after the block's earlier steps is

    lambda_mu = Z0_mu + sum_{nu < mu} G_{nu mu} F_nu,

and the block ends with W <- W + F^T X / sqrt(N): the same arithmetic as the per-sample loop,
with the O(N) work done in passes over the weights that take a whole block.  Where a C compiler is found
(``SGDOptions.backend`` "auto" or "c", float64 inputs) the compiled simulator of
:mod:`numerics.kernels.weights` runs it, drawing the inputs and the label noise in C (stream r of one seed for
replica r, so threads, which share the replicas, change no number), with learned read-outs too.  Otherwise
(backend "numpy", or ``input_dtype="float32"``) NumPy does, as matrix-matrix products: the N coordinates are cut
into stripes of
about ``_STRIPE`` columns; each stripe of the inputs comes from its own random stream and is used
(its parts of Z0, G and the update) while in cache, stripes in parallel over ``SGDOptions.threads``
threads, so the result does not depend on the thread count.  ``SGDOptions.input_dtype="float32"``
draws float32 inputs and runs those products in float32 (weights and amplitudes in float64).

Overlap space (:func:`simulate_overlaps`).  The overlaps rho = W W*^T / N and Q = W W^T / N are
an exact Markov chain: for any square root L L^T = Sigma = [[T, rho^T], [rho, Q]] and
g ~ N(0, I_d) (d = p* + p), z = (u, lambda) = L g has the law of the pre-activations and
||x||^2 = ||g||^2 + chi^2_{N-d} jointly with it (x = U g + x_perp for an orthonormal N x d
frame U with M = V S U^T, M = [W*; W] / sqrt(N), so this holds for singular Sigma too).  The
step is then

    rho_kl <- rho_kl + F_k u_l / N,
    Q_kj   <- Q_kj + (F_k lambda_j + F_j lambda_k) / N + F_k F_j ||x||^2 / N^2,

O(d^3) per step whatever N is.  The compiled chain (:func:`_overlap_chain_c`,
:mod:`numerics.kernels.simulator`) draws g, chi^2 and zeta itself: the ``numpy.random.Generator`` gives one
64-bit seed, replica r draws from stream r of it (xoshiro256++, :mod:`numerics.kernels.random`), so the
numbers depend on the seed only, not on the threads or the chunks.  The NumPy fallback
(:func:`_overlap_chunk_numpy`; also for learned read-outs) draws a chunk of steps at once from the Generator.
Both are the same process (the backend, ``SGDOptions.backend``, changes the stream, not the law), and on the
same supplied draws the C chunk (:func:`_overlap_chunk_c`) gives the NumPy chunk's trajectories to rounding.

Divergence: a replica whose overlaps become non-finite or exceed ``max_overlap``, or whose
covariance Sigma leaves the positive-semidefinite set, is marked with the step at which it was
found (every step in overlap space; at block ends in weight space); its recorded overlaps stay
at their last value before that, and :meth:`SGDResult.check` raises :class:`SimulationDiverged`.
No NaN is returned.

Learned read-outs (``model.readout_lr`` = eta_a): every step also moves a_k <- a_k + (2 c eta_a / (N B))
sum_mu sigma(lambda_k,mu) e_mu, each replica with its own read-outs: in weight space by the compiled simulator
(whose sequential part moves them step by step), or without it in NumPy step by step (NumPy's blocks would need
the read-outs of every earlier step); in overlap space by the NumPy chunk kernel (the chain stays exact: the move
depends on z only; the C kernel keeps read-outs fixed); :func:`sgd_steps` refuses them.

For input scaling ``"unit"`` (lambda = w . x) the overlap process is the same one with eta read
as N times the per-step learning rate (as in :mod:`derive.concrete`); weight space then works
with sqrt(N) w.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Literal

import numpy as np
import numpy.polynomial.polynomial as npoly
import sympy

from quadwick.derive.activation import erf_parameters
from quadwick.derive.model import Model, positive_integer
from ..state import initial_state, numeric_parameters, overlaps_of, random_generator, teacher_gram
from ..kernels.random import streams
from ..kernels.simulator import overlap_chunk, weight_amplitudes
from ..kernels.weights import weight_simulator
from .trajectory import Spacing, recording_grid, trajectory_arrays

__all__ = ["SGDOptions", "SGDResult", "SimulationDiverged", "alpha_steps", "weights_from_overlaps", "risk_function", "sgd_steps", "simulate_overlaps", "simulate_weights", "simulate"]

Method = Literal["overlap", "weights"]
Backend = Literal["auto", "c", "numpy"]
InputDtype = Literal["float64", "float32"]

# Chunk of overlap-space steps whose randomness is drawn at once (bounds memory: S x R x d floats).
_CHUNK = 2048
# A covariance eigenvalue below -_PSD_TOL * max(1, max |Sigma|) means Sigma left the PSD set.
_PSD_TOL = 1e-9
# Cholesky is used only while every pivot L_jj^2 > _PIVOT_TOL * max(1, max |Sigma|) (else the symmetric root).
_PIVOT_TOL = 1e-12
# Weight-space input precisions (SGDOptions.input_dtype).
_DTYPES = {"float64": np.float64, "float32": np.float32}
_REASONS = {1: "overlap Q_kk non-finite or above max_overlap", 2: "covariance [[T, rho^T], [rho, Q]] not positive semidefinite"}


class SimulationDiverged(RuntimeError):
    """Raised by :meth:`SGDResult.check` when replicas diverged; the message says where."""


@dataclass(frozen=True)
class SGDOptions:
    """Size, learning rate and recording grid of a simulation.

    ``N`` input dimension; ``eta`` learning rate (> 0); recording at ``points`` values of alpha in
    [0, ``alpha_max``], ``spacing`` linear or log from ``log_start`` alpha_max, as the ODE records
    (see :func:`alpha_steps`); ``replicas``
    independent runs; ``block`` samples per weight-space block (None: 8 in the compiled simulator, 32 in NumPy,
    each path's fastest); ``max_overlap`` the bound on
    |Q_kk| beyond which a replica counts as diverged; ``backend`` of the overlap-space steps and
    of weight space (the compiled simulator; with float32 inputs NumPy's blocks with their amplitudes in C):
    the compiled C kernel ("c"), NumPy ("numpy"), or C when a compiler is found ("auto").

    ``threads``: in overlap space (C backend) and in the compiled weight-space simulator threads share the
    replicas; in NumPy's weight space they draw the inputs and run a block's O(N) products in parallel,
    stripe by stripe (each stripe of the inputs has its own random stream, so the result for a
    given seed is the same whatever ``threads``; NumPy's generators and BLAS release the GIL);
    ``input_dtype`` "float64" (default) draws float64 standard normals and computes in float64,
    "float32" (NumPy's weight space only) draws float32 standard normals (about 24-bit Gaussians) and runs
    the projections, the Gram matrix and the update in float32 BLAS, summed over stripes in float64, the weights
    and the amplitudes kept in float64: the rounding (relative 1e-7 per stripe product) is far
    below the O(N^{-1/2}) fluctuations of the simulation.
    """

    N: int
    eta: float
    alpha_max: float
    points: int = 101
    spacing: Spacing = "linear"
    log_start: float = 1e-4
    replicas: int = 1
    block: int | None = None
    max_overlap: float = 1e6
    backend: Backend = "auto"
    threads: int = 1
    input_dtype: InputDtype = "float64"

    def __post_init__(self) -> None:
        for name in ("N", "points", "replicas", "block", "threads"):
            if name != "block" or self.block is not None:
                object.__setattr__(self, name, positive_integer(name, getattr(self, name)))
        for name in ("eta", "alpha_max", "max_overlap"):
            object.__setattr__(self, name, _positive_float(name, getattr(self, name)))
        if self.points < 2:
            raise ValueError(f"points must be at least 2, got {self.points}")
        if self.spacing not in ("linear", "log"):
            raise ValueError(f"spacing must be 'linear' or 'log', got {self.spacing!r}")
        if not 0 < _positive_float("log_start", self.log_start) < 1:
            raise ValueError(f"log_start is a fraction of alpha_max below 1, got {self.log_start!r}")
        if self.backend not in ("auto", "c", "numpy"):
            raise ValueError(f"backend must be 'auto', 'c' or 'numpy', got {self.backend!r}")
        if not isinstance(self.input_dtype, str) or self.input_dtype not in _DTYPES:
            raise ValueError(f"input_dtype must be 'float64' or 'float32', got {self.input_dtype!r}")


@dataclass(frozen=True)
class SGDResult:
    """Recorded overlaps of R replicas at K values of alpha.

    ``alpha`` (K,) = steps / N; ``rho`` (R, K, p, p*); ``Q`` (R, K, p, p); ``risk`` (R, K);
    ``diverged_step`` (R,) the step at which each replica was found diverged (-1: never) and
    ``reasons`` why; after that step a replica's records repeat its last value; ``a`` (R, K, p) the read-outs
    when they learn (None when fixed).
    """

    model: Model
    options: SGDOptions
    method: Method
    seed: int | None
    T: np.ndarray
    alpha: np.ndarray
    rho: np.ndarray
    Q: np.ndarray
    risk: np.ndarray
    diverged_step: np.ndarray
    reasons: tuple[str, ...] = field(default=())
    a: np.ndarray | None = None

    @property
    def diverged(self) -> np.ndarray:
        """(R,) bool: replicas that diverged."""
        return self.diverged_step >= 0

    @property
    def diverged_alpha(self) -> np.ndarray:
        """(R,) alpha at which each replica was found diverged (inf: never)."""
        return np.where(self.diverged, self.diverged_step / self.options.N, np.inf)

    @property
    def valid(self) -> np.ndarray:
        """(R, K) bool: records taken before the replica diverged."""
        return self.alpha[None, :] * self.options.N < np.where(self.diverged, self.diverged_step, np.inf)[:, None]

    @property
    def status(self) -> str:
        """'completed' (every replica reached alpha_max), or 'diverged' when any replica diverged: the ODE's words."""
        return "diverged" if self.diverged.any() else "completed"

    @property
    def t(self) -> np.ndarray:
        """Gradient-flow time t = eta alpha, (K,)."""
        return self.options.eta * self.alpha

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays of a trajectory file (:mod:`numerics.dynamics.trajectory`) with a leading replica axis, and
        ``diverged_step`` (R,); meta adds N, the input precision (weight space), and each replica's divergence
        alpha (None: never) and reason."""
        arrays = trajectory_arrays(
            self, N=self.options.N, input_dtype=self.options.input_dtype if self.method == "weights" else None,
            diverged_alpha=[None if np.isinf(a) else float(a) for a in self.diverged_alpha], reasons=list(self.reasons))
        return {**arrays, "diverged_step": self.diverged_step}

    def check(self) -> "SGDResult":
        """Return self, or raise :class:`SimulationDiverged` naming each diverged replica's alpha and reason."""
        if not self.diverged.any():
            return self
        lines = [
            f"replica {r}: step {self.diverged_step[r]} (alpha = {self.diverged_alpha[r]:.6g}): {self.reasons[r]}"
            for r in np.flatnonzero(self.diverged)
        ]
        raise SimulationDiverged(f"SGD diverged at eta = {self.options.eta:g}, N = {self.options.N}:\n" + "\n".join(lines))


# -- validation -----------------------------------------------------------------------------


def _positive_float(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be finite and positive, got {value!r}")
    return number


def _check_width(model: Model, N: int) -> None:
    if N < model.p + model.pstar:
        raise ValueError(f"N = {N} is smaller than p + p* = {model.p + model.pstar}: the weights cannot be realised")


# -- grids, initial conditions, weights -----------------------------------------------------


# Step counts are int64; far below its limit, and beyond any run that could finish.
MAX_STEPS = 10**13


def alpha_steps(N: int, alpha_max: float, points: int, spacing: Spacing = "linear", log_start: float = 1e-4) -> np.ndarray:
    """Distinct step counts at which to record: round(alpha N) on the ODE's grid of alpha
    (:func:`numerics.dynamics.trajectory.recording_grid`: linear over [0, alpha_max], or 0 followed by a geometric
    grid from max(log_start alpha_max, 1/N) to alpha_max); duplicates after rounding are dropped, so there may
    be fewer than ``points``."""
    if round(alpha_max * N) < 1:
        raise ValueError(f"alpha_max = {alpha_max:g} is less than one step (1/N = {1 / N:g})")
    if alpha_max * N > MAX_STEPS:
        raise ValueError(f"alpha_max * N = {alpha_max * N:.3g} steps is beyond what a simulation can run "
                         f"(at most {MAX_STEPS:.0e}, about a week at 1e7 steps per second); lower --alpha-max or --N")
    alpha = recording_grid(alpha_max, points, spacing, max(log_start * alpha_max, 1.0 / N))
    return np.unique(np.rint(alpha * N).astype(np.int64))


def _psd_root(matrix: np.ndarray) -> np.ndarray:
    """A square root R R^T = matrix of a symmetric positive semidefinite matrix (eigenvalues clipped at 0)."""
    values, vectors = np.linalg.eigh(matrix)
    return vectors * np.sqrt(np.clip(values, 0.0, None))


def weights_from_overlaps(
    rho: Any, Q: Any, N: int, rng: np.random.Generator | int, T: Any | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Student W (p, N) and teacher W* (p*, N) with W W*^T / N = rho, W W^T / N = Q, W* W*^T / N = T.

    With E (d x N) random orthonormal rows and L_T L_T^T = T: W* = sqrt(N) L_T E_1 and
    W = sqrt(N) (rho L_T^{-T} E_1 + B E_2), B B^T = Q - rho T^{-1} rho^T (E_1: first p* rows).
    """
    rho = np.asarray(rho, dtype=float)
    Q = np.asarray(Q, dtype=float)
    pstar = rho.shape[1]
    T = np.eye(pstar) if T is None else np.asarray(T, dtype=float)
    d = pstar + rho.shape[0]
    if N < d:
        raise ValueError(f"N = {N} is smaller than p + p* = {d}: the weights cannot be realised")
    generator, _ = random_generator(rng)
    E = _frame(generator, N, d)
    L_T = np.linalg.cholesky(T)
    A = np.linalg.solve(L_T, rho.T).T
    schur = Q - A @ A.T
    if np.linalg.eigvalsh(schur).min() < -_PSD_TOL * max(1.0, np.abs(Q).max()):
        raise ValueError("the covariance [[T, rho^T], [rho, Q]] is not positive semidefinite: no weights realise it")
    B = _psd_root(schur)
    root_n = math.sqrt(N)
    return root_n * (A @ E[:pstar] + B @ E[pstar:]), root_n * (L_T @ E[:pstar])


def _frame(generator: np.random.Generator, N: int, d: int) -> np.ndarray:
    """d random orthonormal rows of length N, from a Gaussian d x N draw.

    For N >= 64 d, CholeskyQR2 (the draw's condition number is below 1.3 with overwhelming
    probability) with products in chunks of at most _SMALL multiply-adds: LAPACK's QR of a tall
    matrix makes many threaded BLAS-2 calls, which on a loaded machine cost tens of milliseconds.
    Otherwise (or should Cholesky fail) the Q factor of LAPACK's QR of the transposed draw.
    """
    draws = generator.standard_normal((d, N))
    if N >= 64 * d:
        chunk = max(1, _SMALL // (d * d))
        parts = [slice(start, start + chunk) for start in range(0, N, chunk)]
        frame = draws
        try:
            for _ in range(2):
                gram = sum(frame[:, part] @ frame[:, part].T for part in parts)
                inverse = np.linalg.inv(np.linalg.cholesky(gram))
                frame = np.concatenate([inverse @ frame[:, part] for part in parts], axis=1)
            return frame
        except np.linalg.LinAlgError:
            pass
    return np.linalg.qr(draws.T)[0].T


# -- the amplitude F and the risk -----------------------------------------------------------


@dataclass(frozen=True)
class _Amplitude:
    """F_k = (2 c eta a_k / B) sigma'(lambda_k) (y - yhat), y = sum_l v_l sigma*(u_l) + zeta, with numeric
    parameters: a sample's share of a step that averages the gradient over a batch of B samples.  sigma, sigma*
    and sigma' are given as the C kernels take them (:mod:`numerics.kernels.simulator`): coefficients, or for
    erf the pairs (c, s) and (2 c s / sqrt(pi), s) with ``erf`` True, evaluated in NumPy by the float functions
    ``erf_functions`` (sigma, sigma*, sigma': :func:`numerics.activation.activation_function`).  ``rate`` = 2 c eta / B and ``readout_rate`` =
    2 c eta_a (0 for fixed read-outs) serve learned read-outs (:meth:`learned`)."""

    activation: np.ndarray
    teacher_activation: np.ndarray
    derivative: np.ndarray
    a: np.ndarray
    v: np.ndarray
    scale: np.ndarray
    noise_std: float
    batch: int = 1
    erf: bool = False
    erf_functions: tuple[Callable[[np.ndarray], np.ndarray], ...] = ()
    rate: float = 0.0
    readout_rate: float = 0.0

    @classmethod
    def of(cls, model: Model, eta: float) -> "_Amplitude":
        params = numeric_parameters(model)
        erf = params["activation"] is None
        if erf:
            (c, s), (c_star, s_star) = (erf_parameters(f) for f in (model.activation, model.teacher_activation))
            functions = {"activation": [c, s], "teacher_activation": [c_star, s_star],
                         "derivative": [2 * c * s / sympy.sqrt(sympy.pi), s]}
        else:
            functions = {"activation": params["activation"], "teacher_activation": params["teacher_activation"],
                         "derivative": npoly.polyder(params["activation"])}
        arrays = {**functions, "a": params["a"], "v": params["v"], "scale": 2 * params["c"] * eta * params["a"] / model.batch}
        # C-contiguous float64 once, so that the C kernels can take their addresses at every call.
        arrays = {name: np.ascontiguousarray(np.asarray(value, dtype=float)) for name, value in arrays.items()}
        erf_functions = (params["sigma"], params["teacher_sigma"], params["sigma"].deriv()) if erf else ()
        return cls(**arrays, noise_std=math.sqrt(params["noise"]), batch=model.batch, erf=erf, erf_functions=erf_functions,
                   rate=2 * params["c"] * eta / model.batch, readout_rate=2 * params["c"] * (params["readout_lr"] or 0.0))

    def __call__(self, u: np.ndarray, lam: np.ndarray, zeta: np.ndarray | float) -> np.ndarray:
        """F for pre-activations u (..., p*), lambda (..., p) and noise zeta (...)."""
        _, derivative, residual = self.parts(u, lam, zeta, self.a)
        return self.scale * derivative * residual[..., None]

    def learned(self, u: np.ndarray, lam: np.ndarray, zeta: np.ndarray | float, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(F, G) at read-outs a (..., p) (one per replica): F_k = (2 c eta / B) a_k sigma'(lambda_k) e as above and
        G_k = 2 c eta_a sigma(lambda_k) e, the read-out's move times N (times B with batches)."""
        student, derivative, residual = self.parts(u, lam, zeta, a)
        return self.rate * a * derivative * residual[..., None], self.readout_rate * student * residual[..., None]

    def parts(self, u: np.ndarray, lam: np.ndarray, zeta: np.ndarray | float, a: np.ndarray) -> tuple[np.ndarray, ...]:
        """(sigma(lambda), sigma'(lambda), e) for read-outs a (p,) or (..., p): e = sum_l v_l sigma*(u_l) + zeta -
        sum_k a_k sigma(lambda_k)."""
        if self.erf:
            sigma, teacher_sigma, slope = self.erf_functions
            teacher, student, derivative = teacher_sigma(u), sigma(lam), slope(lam)
        else:
            teacher, student = _horner(self.teacher_activation, u), _horner(self.activation, lam)
            derivative = _horner(self.derivative, lam)
        # One read-out vector for all (fixed read-outs): the dot product, as before learned read-outs existed.
        fitted = student @ a if a.ndim == 1 else (student * a).sum(axis=-1)
        return student, derivative, teacher @ self.v + zeta - fitted

    def c_arguments(self) -> tuple[int, ...]:
        """What the C kernels take after the noise: sigma, sigma* and sigma' (each a length, -1 and -2 for erf's, and
        an address), then the addresses of a, v and the scale (the arrays live as long as this amplitude)."""
        lengths = (-1, -1, -2) if self.erf else (len(self.activation), len(self.teacher_activation), len(self.derivative))
        return (lengths[0], self.activation.ctypes.data, lengths[1], self.teacher_activation.ctypes.data, lengths[2],
                self.derivative.ctypes.data, self.a.ctypes.data, self.v.ctypes.data, self.scale.ctypes.data)

    def noise(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray | float:
        """Label noise zeta ~ N(0, Delta) of the given shape (0.0 without noise, drawing nothing)."""
        return self.noise_std * rng.standard_normal(shape) if self.noise_std > 0 else 0.0


def _horner(coefficients: np.ndarray, x: np.ndarray) -> np.ndarray:
    """sum_i coefficients[i] x^i (lowest degree first), elementwise."""
    value = coefficients[-1] * x + coefficients[-2] if len(coefficients) > 1 else np.full_like(x, coefficients[0])
    for coefficient in coefficients[-3::-1]:
        value = value * x + coefficient
    return value


def risk_function(model: Model) -> Callable[[np.ndarray, np.ndarray, np.ndarray | None], np.ndarray]:
    """The population risk R(rho, Q[, T]) as a vectorised NumPy function, from the model's kernels
    (:func:`numerics.kernels.derived.kernels`: C at small p, the matrix forms beyond, so that the risk of a wide
    student is evaluated numerically, never expanded symbolically).

    Takes rho (..., p, p*), Q (..., p, p), T (p*, p*) (needed for a general teacher Gram) and, when the
    read-outs learn, a (..., p) (None: the initial ones), and returns an array of shape (...).
    """
    from ..kernels.derived import kernels
    from ..state import pack_state

    model_kernels = kernels(model)

    def risk(rho: np.ndarray, Q: np.ndarray, T: np.ndarray | None = None, a: np.ndarray | None = None) -> np.ndarray:
        state = pack_state(model, rho, Q, a)
        teacher = None if model.teacher_gram == "identity" else np.asarray(T, dtype=float)
        return np.asarray(model_kernels.risk(state, teacher), dtype=float).reshape(state.shape[:-1])

    return risk


# -- weight space ---------------------------------------------------------------------------


# Columns per stripe of the weight-space inputs, and rows per tile of a stripe's products (small
# enough for BLAS's fast small-matrix kernels).  Every product of a stripe stays below _SMALL
# multiply-adds, under OpenBLAS's threshold for threading one call (2 x 65536 x 4): a threaded call
# from each of our threads oversubscribes the cores, and on a loaded machine one such call can
# take milliseconds.
_STRIPE = 1024
_TILE = 8
_SMALL = 500_000


def _stripe_bounds(N: int, d: int, p: int, block: int) -> list[int]:
    """Column bounds of the stripes of N columns: near-equal widths of about _STRIPE, or less where
    a stripe's products for p students, d = p + p* weights and ``block`` samples would exceed _SMALL.
    Depends on these sizes only (never on the thread count)."""
    largest = max(_TILE * (d + block), p * block, p * d, 1)
    width = min(_STRIPE, max(16, _SMALL // largest))
    count = max(1, round(N / width))
    return [N * j // count for j in range(count + 1)]


def _amplitudes_numpy(Z: np.ndarray, G: np.ndarray, zeta: np.ndarray | float, amplitude: _Amplitude, pstar: int) -> np.ndarray:
    """F (R, M, p) of one block of M samples: Z (R, M, d) the pre-activations at its start, G (R, M, M) the Gram
    x_mu . x_nu / N (only the part below the diagonal is read); sample mu sees the steps before its own,
    lambda_mu = Z_mu + sum_{nu < mu - mu mod B} G_{mu nu} F_nu (B = 1: every sample before it)."""
    U, lam0 = Z[..., :pstar], Z[..., pstar:]
    F = np.zeros_like(lam0)
    zeta = np.broadcast_to(zeta, Z.shape[:-1])
    for mu in range(Z.shape[1]):
        seen = mu - mu % amplitude.batch
        lam = lam0[:, mu] + np.einsum("rn,rnk->rk", G[:, mu, :seen], F[:, :seen])
        F[:, mu] = amplitude(U[:, mu], lam, zeta[:, mu])
    return F


def _amplitudes_c(Z: np.ndarray, G: np.ndarray, zeta: np.ndarray | float, amplitude: _Amplitude, pstar: int) -> np.ndarray:
    """:func:`_amplitudes_numpy` in C (same arguments, same result to rounding)."""
    function = weight_amplitudes()
    if function is None:
        raise RuntimeError("the compiled weight-space kernel needs a C compiler; use backend='numpy'")
    Z, G = np.ascontiguousarray(Z, dtype=float), np.ascontiguousarray(G, dtype=float)
    replicas, count, d = Z.shape
    noise = _noise_array(zeta, (replicas, count))
    F = np.empty((replicas, count, d - pstar))
    function(
        replicas, count, d - pstar, pstar, amplitude.batch, Z.ctypes.data, G.ctypes.data,
        None if noise is None else noise.ctypes.data, *amplitude.c_arguments(), F.ctypes.data,
    )
    return F


def _noise_array(zeta: np.ndarray | float, shape: tuple[int, ...]) -> np.ndarray | None:
    """The label noise as a C-contiguous float64 array of ``shape`` for the C kernels; None for no noise (0.0)."""
    if np.ndim(zeta) == 0 and float(zeta) == 0.0:
        return None
    return np.ascontiguousarray(np.broadcast_to(zeta, shape), dtype=float)


def _amplitudes(backend: Backend) -> Callable[..., np.ndarray]:
    """The amplitude kernel for ``backend``: C ("c"; "auto" when a compiler is found) or NumPy."""
    if backend == "numpy" or (backend == "auto" and weight_amplitudes() is None):
        return _amplitudes_numpy
    return _amplitudes_c


class _Stripes:
    """Blocked weight-space SGD on replicas A = [W*; W] (R, d, N), the N coordinates cut into stripes.

    A block of B steps: the columns [b_j, b_{j+1}) of every replica's inputs X (B x N) come from
    ``source(j, out)`` (stream j of the inputs, or given inputs) into a stripe buffer Y_j whose first
    d rows hold that stripe of [W*; W].  While Y_j is in cache, row tiles of X_j times [W*; W; X]_j^T
    give the stripe's part of Z0 = X [W*; W]^T / sqrt(N) and of the lower triangle of the Gram
    G = X X^T / N (small products, which BLAS runs fast).  The parts are summed in stripe order, the
    sequential part (one correction and one amplitude per sample, :func:`_amplitudes_c` /
    :func:`_amplitudes_numpy`) gives F, and W <- W + F^T X / sqrt(N) is done stripe by stripe, fused
    with the overlaps' parts W [W*; W]^T and the next block's inputs.  ``threads`` threads (the
    calling one and a pool) take stripes in turn; each stripe's arithmetic and the summation order
    are fixed, so the result does not depend on ``threads``.  ``dtype`` float32: the inputs and the
    stripe products are float32 (their parts summed in float64; W, F and the overlaps stay float64).
    """

    def __init__(self, A: np.ndarray, pstar: int, block: int, dtype: type, threads: int, amplitudes: Callable[..., np.ndarray],
                 amplitude: _Amplitude, source: Callable[[int, np.ndarray], None]):
        self.A, self.pstar, self.block, self.dtype = A, pstar, block, np.dtype(dtype)
        self.amplitudes, self.amplitude, self.source = amplitudes, amplitude, source
        self.replicas, self.d, self.N = A.shape
        self.bounds = _stripe_bounds(self.N, self.d, self.d - pstar, block)
        stripes = len(self.bounds) - 1
        self.Y = [np.empty((self.replicas, self.d + block, self.bounds[j + 1] - self.bounds[j]), dtype=self.dtype) for j in range(stripes)]
        self.P = np.zeros((stripes, self.replicas, block, self.d + block), dtype=self.dtype)
        self.O = np.empty((stripes, self.replicas, self.d - pstar, self.d))
        self.threads = min(threads, stripes)
        self.count = 0  # samples of the drawn block, not yet applied
        self.F: np.ndarray | None = None
        self.views = [self._views(j, block) for j in range(stripes)]  # those of full blocks, made once

    def _views(self, j: int, count: int) -> tuple[Any, ...]:
        """Stripe j's arrays for a block of ``count``: [W*; W], W, [W*; W]^T, the head and the inputs of Y_j, the tiles."""
        lo, hi, d = self.bounds[j], self.bounds[j + 1], self.d
        A, Y = self.A[:, :, lo:hi], self.Y[j]
        ends = [(start, min(start + _TILE, count)) for start in range(0, count, _TILE)]
        tiles = [(Y[:, d + start : d + stop], Y[:, : d + stop].transpose(0, 2, 1), self.P[j, :, start:stop, : d + stop])
                 for start, stop in ends]
        return A, A[:, self.pstar :], A.transpose(0, 2, 1), Y[:, :d], Y[:, d : d + count], tiles

    def _stripe(self, j: int, F: np.ndarray | None, count: int) -> None:
        """Stripe j: the pending update (F^T X_j), the overlaps' part, then the next block's inputs and products."""
        A, W, At, head, _, _ = views = self.views[j]
        if F is not None:
            X = views[4] if F.shape[2] == self.block else self.Y[j][:, self.d : self.d + F.shape[2]]
            W += np.matmul(F, X)
        np.matmul(W, At, out=self.O[j])
        if count:
            _, _, _, _, X, tiles = views if count == self.block else self._views(j, count)
            np.copyto(head, A)
            self.source(j, X)
            for rows, columns, out in tiles:
                np.matmul(rows, columns, out=out)

    def _work(self, next_stripe: Callable[[], int], F: np.ndarray | None, count: int, errors: dict[str, str]) -> None:
        with np.errstate(**errors):  # the caller's floating-point error handling, in every thread
            while (j := next_stripe()) < len(self.Y):
                self._stripe(j, F, count)

    def advance(self, count: int, pool: Any | None) -> tuple[np.ndarray, np.ndarray]:
        """Apply the pending update, draw the next ``count`` samples (0: none); the overlaps (rho, Q) after the update."""
        F = None if self.F is None else np.ascontiguousarray(self.F.transpose(0, 2, 1), dtype=self.dtype)
        next_stripe = itertools.count().__next__  # atomic under the GIL: each stripe is taken once
        errors = np.geterr()
        futures = [pool.submit(self._work, next_stripe, F, count, errors) for _ in range(self.threads - 1)] if pool is not None else []
        self._work(next_stripe, F, count, errors)
        for future in futures:
            future.result()
        self.count, self.F = count, None
        overlaps = self.O.sum(axis=0) / self.N
        Q = overlaps[..., self.pstar :]
        return overlaps[..., : self.pstar], (Q + Q.transpose(0, 2, 1)) / 2

    def amplitudes_of_block(self, zeta: np.ndarray | float) -> None:
        """F of the drawn block (applied by the next :meth:`advance`)."""
        count, root_n, d = self.count, math.sqrt(self.N), self.d
        parts = self.P[:, :, :count, : d + count].sum(axis=0, dtype=np.float64)
        Z, G = parts[..., :d] / root_n, parts[..., d:] / self.N
        self.F = self.amplitudes(Z, G, zeta, self.amplitude, self.pstar) / root_n

    def drop(self, replicas: np.ndarray) -> None:
        """Zero the student weights of ``replicas`` (bool mask) and their pending update."""
        self.A[replicas, self.pstar :] = 0.0
        if self.F is not None:
            self.F[replicas] = 0.0


def _pool(threads: int) -> ThreadPoolExecutor | contextlib.nullcontext[None]:
    """A thread pool for threads - 1 helpers (the caller is the first thread), or a null context."""
    return ThreadPoolExecutor(threads - 1, thread_name_prefix="quadwick-sgd") if threads > 1 else contextlib.nullcontext()


def _in_shares(run: Callable[[int, int], None], count: int, threads: int) -> None:
    """run(first, last) over near-equal shares of range(count), one per thread (at most ``threads``, the caller
    taking the first); for C calls that release the GIL."""
    shares = min(threads, count)
    bounds = [count * j // shares for j in range(shares + 1)]
    with _pool(shares) as pool:
        helpers = [pool.submit(run, bounds[j], bounds[j + 1]) for j in range(1, shares)] if pool is not None else []
        run(bounds[0], bounds[1])
        for helper in helpers:
            helper.result()


# Samples per block when none is asked for (SGDOptions.block None): in C the Gram matrix's cost grows with the
# block while the passes over the weights shrink, fastest near 8 at p = 6, N = 10^4; NumPy's calls per block
# favour 32 (benchmarks/dynamics_bench.py).
_BLOCK = {"c": 8, "numpy": 32}


def _weight_library(backend: Backend, model: Model, input_dtype: str) -> Any | None:
    """The compiled weight-space simulator (:mod:`numerics.kernels.weights`) for ``backend``: with float64 inputs,
    "c" requires it and "auto" takes it when a compiler is found; None (the NumPy path) for "numpy" or float32
    inputs, which only NumPy draws (with "c", its amplitudes in C)."""
    if backend == "numpy" or input_dtype != "float64":
        return None
    library = weight_simulator(model.p, model.pstar)
    if library is None and backend == "c":
        raise RuntimeError("the compiled weight-space simulator needs a C compiler; use backend='numpy'")
    return library


def _run_compiled(library: Any, A: np.ndarray, samples: int, block: int, amplitude: _Amplitude, codes: np.ndarray,
                  at: np.ndarray, threads: int = 1, max_overlap: float = math.inf, state: np.ndarray | None = None,
                  inputs: np.ndarray | None = None, noise: np.ndarray | None = None,
                  readouts: np.ndarray | None = None) -> None:
    """``samples`` samples of weight-space SGD on the replicas A = [W*; W] (R, d, N) in place, in C: inputs drawn from
    the generator states ``state`` (R, 4), or the given ``inputs`` (samples, N) and ``noise`` (samples,) for one
    replica.  A replica whose |w_k|^2 / N reaches ``max_overlap`` (or is not finite), or whose learned ``readouts``
    (R, p; updated) are not, is stopped with its student weights zeroed: codes[r] = 1 and at[r] the steps it had
    done; replicas with codes[r] != 0 are skipped.  ``threads`` threads share the replicas."""
    replicas, _, N = A.shape
    rate, readout_step = amplitude.rate, amplitude.readout_rate / (N * amplitude.batch)

    def run(first: int, last: int) -> None:
        if library.quadwick_weights_run(
            first, last, N, amplitude.batch, block, samples, A.ctypes.data, None if state is None else state.ctypes.data,
            None if inputs is None else inputs.ctypes.data, None if noise is None else noise.ctypes.data,
            amplitude.noise_std, *amplitude.c_arguments(), None if readouts is None else readouts.ctypes.data, rate,
            readout_step, max_overlap, codes.ctypes.data, at.ctypes.data,
        ):
            raise MemoryError(f"the weight-space simulator could not allocate its block of {block} x {N} inputs")

    _in_shares(run, replicas, threads)


def sgd_steps(
    model: Model,
    W: np.ndarray,
    Wstar: np.ndarray,
    inputs: np.ndarray,
    eta: float,
    noise: np.ndarray | None = None,
    block: int | None = None,
    threads: int = 1,
    backend: Backend = "auto",
) -> np.ndarray:
    """One-pass SGD on the given inputs (M, N), blocked; returns the new W (p, N).

    Each input x_mu, in order, makes the step w_k <- w_k + F_k x_mu / sqrt(N) with
    F_k = 2 c eta a_k sigma'(lambda_k)(y - yhat) at the current weights (for a model with batches of B, each
    step of B inputs makes the mean of their B updates at the same weights); ``noise`` (M,) is the
    label noise zeta_mu (default: none).  Equal, to rounding, to the per-sample loop.  The kernel is
    the one :func:`simulate_weights` runs (``block``, ``threads``, ``backend`` as in :class:`SGDOptions`; the
    compiled one takes these inputs instead of drawing its own, and raises :class:`SimulationDiverged` should the
    weights become non-finite): float32 inputs run NumPy's ``input_dtype="float32"`` arithmetic (float32 products,
    float64 weights), any other inputs are taken as float64.
    """
    if model.learns_readouts:
        raise ValueError("sgd_steps keeps the read-outs fixed and returns W only; for learned read-outs (readout_lr) "
                         "use simulate_weights")
    eta = _positive_float("eta", eta)
    threads = positive_integer("threads", threads)
    if backend not in ("auto", "c", "numpy"):
        raise ValueError(f"backend must be 'auto', 'c' or 'numpy', got {backend!r}")
    amplitude = _Amplitude.of(model, eta)
    inputs = np.asarray(inputs)
    if inputs.dtype != np.float32:
        inputs = np.ascontiguousarray(inputs, dtype=float)
    library = _weight_library(backend, model, "float64" if inputs.dtype == np.float64 else "float32")
    default = _BLOCK["numpy" if library is None else "c"]
    block = _whole_steps(positive_integer("block", default if block is None else block), model.batch)
    N = inputs.shape[-1]
    if np.shape(W) != (model.p, N) or np.shape(Wstar) != (model.pstar, N) or inputs.ndim != 2:
        raise ValueError(f"expected W {(model.p, N)}, W* {(model.pstar, N)} and inputs (M, {N})")
    if len(inputs) % model.batch:
        raise ValueError(f"{len(inputs)} inputs do not make whole steps of B = {model.batch} samples")
    A = np.concatenate([Wstar, W]).astype(float)[None]
    zeta = np.zeros(len(inputs)) if noise is None else np.ascontiguousarray(noise, dtype=float)
    if library is not None:
        codes, at = np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64)
        _run_compiled(library, A, len(inputs), block, amplitude, codes, at, inputs=inputs, noise=zeta)
        if codes[0]:
            raise SimulationDiverged(f"the weights became non-finite by step {at[0]} (samples {at[0] * model.batch})")
        return A[0, model.pstar :]
    done = 0

    def copy(j: int, out: np.ndarray) -> None:
        out[0] = inputs[done : done + out.shape[1], stripes.bounds[j] : stripes.bounds[j + 1]]

    stripes = _Stripes(A, model.pstar, block, inputs.dtype.type, threads, _amplitudes(backend), amplitude, copy)
    with _pool(stripes.threads) as pool:
        stripes.advance(min(block, len(inputs)), pool)
        while done < len(inputs):
            count = stripes.count
            stripes.amplitudes_of_block(zeta[None, done : done + count])
            done += count
            stripes.advance(min(block, len(inputs) - done), pool)
    return A[0, model.pstar :]


def _whole_steps(block: int, batch: int) -> int:
    """The block size in samples rounded up to whole steps of ``batch`` samples (a step never spans two blocks)."""
    return batch * -(-block // batch)


def _block_counts(steps: np.ndarray, block: int) -> list[tuple[int, bool]]:
    """(samples, record after it) of every block: blocks of at most ``block`` that end at each recorded step."""
    counts = []
    for start, stop in zip(steps[:-1], steps[1:]):
        while start < stop:
            count = min(block, int(stop - start))
            start += count
            counts.append((count, start == stop))
    return counts


def simulate_weights(
    model: Model,
    rho0: Any,
    Q0: Any,
    options: SGDOptions,
    rng: np.random.Generator | int,
    T: Any | None = None,
    progress: Callable[[float], None] | None = None,
) -> SGDResult:
    """Weight-space one-pass SGD from weights realising (rho0, Q0) (see :func:`weights_from_overlaps`).

    Replicas are vectorised; each has its own random frame.  The inputs come stripe by stripe
    (:class:`_Stripes`) from independent streams seeded from ``rng`` (``SeedSequence.spawn``), one per
    stripe, or in the compiled simulator (:func:`_simulate_compiled`, the default where a C compiler is found) from
    one C stream per replica, so ``options.threads`` changes the speed, not the result.  Divergence is checked at
    the end of every block (overlaps recomputed from the weights; in C their diagonal).  Learned read-outs start
    from the model's initial ones (without a compiler they run step by step, :func:`_learn_readouts`).
    """
    _check_width(model, options.N)
    T = teacher_gram(model, T)
    generator, seed = random_generator(rng)
    rho, Q = initial_state(model, rho0, Q0, T, options.replicas)
    A = np.empty((options.replicas, model.p + model.pstar, options.N))
    for r in range(options.replicas):
        W, Wstar = weights_from_overlaps(rho[r], Q[r], options.N, generator, T)
        A[r] = np.concatenate([Wstar, W])
    library = _weight_library(options.backend, model, options.input_dtype)
    if library is not None:
        return _simulate_compiled(library, model, A, rho, Q, options, generator, seed, T, progress)
    if model.learns_readouts:
        return _learn_readouts(model, A, options, generator, seed, T, progress)
    amplitude = _Amplitude.of(model, options.eta)
    recorder = _Recorder(model, options, T, progress)
    recorder.record(0, rho, Q)
    dtype = _DTYPES[options.input_dtype]
    batch = model.batch
    block = _whole_steps(options.block or _BLOCK["numpy"], batch)

    def draw(j: int, out: np.ndarray) -> None:
        for replica in out:  # (count, width) rows of one replica: contiguous
            streams[j].standard_normal(out=replica, dtype=dtype)

    stripes = _Stripes(A, model.pstar, block, dtype, options.threads, _amplitudes(options.backend), amplitude, draw)
    # One stream per stripe: SFC64 (NumPy's fastest bit generator; its normals cost ~15% less than
    # PCG64's), seeded by the children of a SeedSequence whose entropy comes from ``rng``.
    root = np.random.SeedSequence([int(x) for x in generator.integers(0, 2**32, size=4, dtype=np.uint64)])
    streams = [np.random.Generator(np.random.SFC64(child)) for child in root.spawn(len(stripes.Y))]
    counts = _block_counts(recorder.steps * batch, block)  # in samples: B per step
    with _pool(stripes.threads) as pool, np.errstate(all="ignore"):
        stripes.advance(counts[0][0], pool)
        for i, (count, record) in enumerate(counts):
            stripes.amplitudes_of_block(amplitude.noise(generator, (options.replicas, count)))
            stripes.drop(recorder.diverged_step >= 0)
            rho, Q = stripes.advance(counts[i + 1][0] if i + 1 < len(counts) else 0, pool)
            recorder.done += count // batch
            dead = recorder.mark(_state_codes(rho, Q, T, options.max_overlap), np.zeros(options.replicas, dtype=np.int64))
            stripes.drop(dead)
            if record:
                recorder.record(recorder.done, rho, Q)
    return recorder.result("weights", seed)


def _simulate_compiled(library: Any, model: Model, A: np.ndarray, rho: np.ndarray, Q: np.ndarray, options: SGDOptions,
                       generator: np.random.Generator, seed: int | None, T: np.ndarray,
                       progress: Callable[[float], None] | None) -> SGDResult:
    """:func:`simulate_weights` in C from the weights A = [W*; W] (R, d, N) realising (rho, Q): replica r draws from
    stream r of a seed taken from ``generator``; between recorded steps the C simulator stops replicas whose
    |w_k|^2 / N reaches max_overlap at a block's end, and at the recorded steps the overlaps are checked as in NumPy
    (:func:`_state_codes`)."""
    amplitude = _Amplitude.of(model, options.eta)
    replicas, pstar, batch = options.replicas, model.pstar, model.batch
    block = _whole_steps(options.block or _BLOCK["c"], batch)
    readouts = np.tile(amplitude.a, (replicas, 1)) if model.learns_readouts else None
    state = streams(int(generator.integers(0, 2**63)), replicas)
    codes, at = np.zeros(replicas, dtype=np.int64), np.zeros(replicas, dtype=np.int64)
    recorder = _Recorder(model, options, T, progress)
    recorder.record(0, rho, Q, readouts)
    for target in recorder.steps[1:]:
        _run_compiled(library, A, int(target - recorder.done) * batch, block, amplitude, codes, at, options.threads,
                      options.max_overlap, state=state, readouts=readouts)
        recorder.mark(codes, at)
        recorder.done = int(target)
        with np.errstate(all="ignore"):
            rho, Q = overlaps_of(A[:, pstar:], A[:, :pstar])
            found = _state_codes(rho, Q, T, options.max_overlap)
        if readouts is not None:
            found = np.where(np.isfinite(readouts).all(axis=1), found, 1)
        dead = recorder.mark(found, np.zeros(replicas, dtype=np.int64)) & (codes == 0)
        codes[dead] = found[dead]
        A[dead, pstar:] = 0.0
        recorder.record(recorder.done, rho, Q, readouts)
    return recorder.result("weights", seed)


def _learn_readouts(model: Model, A: np.ndarray, options: SGDOptions, generator: np.random.Generator,
                    seed: int | None, T: np.ndarray, progress: Callable[[float], None] | None) -> SGDResult:
    """Weight-space SGD of the weights A = [W*; W] (R, d, N) and of the read-outs a (R, p), one step of B samples at
    a time (vectorised over replicas, inputs from ``generator``): with X the step's inputs (B x N),

        w_k <- w_k + (2 c eta / B) sum_mu a_k sigma'(lambda_k,mu) e_mu x_mu / sqrt(N),
        a_k <- a_k + (2 c eta_a / (N B)) sum_mu sigma(lambda_k,mu) e_mu,

    both from the pre-activations at the step's start (the NumPy fallback of :func:`_simulate_compiled`).
    Divergence is checked at the recorded steps; ``block`` and ``threads`` do not apply (float64 inputs only)."""
    if options.input_dtype != "float64":
        raise ValueError("learned read-outs run the weight-space steps in float64; input_dtype='float32' is not offered")
    amplitude = _Amplitude.of(model, options.eta)
    pstar, batch, root_n = model.pstar, model.batch, math.sqrt(options.N)
    a = np.tile(amplitude.a, (options.replicas, 1))
    recorder = _Recorder(model, options, T, progress)
    recorder.record(0, *overlaps_of(A[:, pstar:], A[:, :pstar]), a)
    with np.errstate(all="ignore"):
        for target in recorder.steps[1:]:
            for _ in range(int(target - recorder.done)):
                X = generator.standard_normal((options.replicas, batch, options.N))
                Z = X @ np.swapaxes(A, 1, 2) / root_n
                zeta = amplitude.noise(generator, (options.replicas, batch))
                F, G = amplitude.learned(Z[..., :pstar], Z[..., pstar:], zeta, a[:, None, :])
                A[:, pstar:] += np.swapaxes(F, 1, 2) @ X / root_n
                a += G.sum(axis=1) / (options.N * batch)
            recorder.done = int(target)
            rho, Q = overlaps_of(A[:, pstar:], A[:, :pstar])
            codes = np.where(np.isfinite(a).all(axis=1), _state_codes(rho, Q, T, options.max_overlap), 1)
            recorder.mark(codes, np.zeros(options.replicas, dtype=np.int64))
            recorder.record(recorder.done, rho, Q, a)
    return recorder.result("weights", seed)


def _state_codes(rho: np.ndarray, Q: np.ndarray, T: np.ndarray, max_overlap: float) -> np.ndarray:
    """Per replica: 0 valid, 1 some Q_kk non-finite or above max_overlap, 2 covariance not PSD.

    (With Sigma PSD, |rho_kl| <= sqrt(Q_kk T_ll) and |Q_kj| <= sqrt(Q_kk Q_jj), so the diagonal bounds all.)
    """
    size = np.abs(np.diagonal(Q, axis1=1, axis2=2)).max(axis=1)
    codes = np.where(size < max_overlap, 0, 1)
    fine = codes == 0
    if fine.any():
        sigma = _sigma(rho[fine], Q[fine], T)
        scale = np.maximum(1.0, np.abs(sigma).max(axis=(1, 2)))
        codes[fine] = np.where(np.linalg.eigvalsh(sigma)[:, 0] < -_PSD_TOL * scale, 2, 0)
    return codes


def _sigma(rho: np.ndarray, Q: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Stacked covariances [[T, rho^T], [rho, Q]] (R, d, d)."""
    top = np.concatenate([np.broadcast_to(T, (len(rho), *T.shape)), np.swapaxes(rho, 1, 2)], axis=2)
    return np.concatenate([top, np.concatenate([rho, Q], axis=2)], axis=1)


# -- overlap space --------------------------------------------------------------------------

# Replica-steps per call of the chain that draws in C (about 0.3 s: Ctrl-C is answered between calls).
_DRAWN_CHUNK = 1 << 20
_FIXED_READOUTS = "the compiled overlap-space kernel keeps the read-outs fixed; for learned read-outs use backend='numpy' (or 'auto')"


def _factor(sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Square roots L L^T = sigma (R, d, d) and a PSD flag per replica (False: left the PSD set).

    Per replica: the Cholesky factor when every pivot L_jj^2 exceeds _PIVOT_TOL * max(1, max |sigma|);
    otherwise the symmetric root V diag(sqrt(max(w, 0))) V^T (unique, so the compiled kernel's
    eigensolver gives the same one, up to rounding amplified by sqrt near w = 0), flagged non-PSD
    when the smallest eigenvalue w_0 < -_PSD_TOL * max(1, max |sigma|).  Exactly singular
    covariances are legitimate (weights in the teacher's span).
    """
    scale = np.maximum(1.0, np.abs(sigma).max(axis=(1, 2)))
    try:
        root = np.linalg.cholesky(sigma)
        if (np.diagonal(root, axis1=1, axis2=2).min(axis=1) ** 2 > _PIVOT_TOL * scale).all():
            return root, np.ones(len(sigma), dtype=bool)
    except np.linalg.LinAlgError:
        pass
    values, vectors = np.linalg.eigh(sigma)
    root = (vectors * np.sqrt(np.clip(values, 0.0, None))[:, None, :]) @ np.swapaxes(vectors, 1, 2)
    psd = values[:, 0] >= -_PSD_TOL * scale
    for r in range(len(sigma)):
        try:
            factor = np.linalg.cholesky(sigma[r])
        except np.linalg.LinAlgError:
            continue
        if np.diagonal(factor).min() ** 2 > _PIVOT_TOL * scale[r]:
            root[r], psd[r] = factor, True
    return root, psd


def _overlap_chunk_numpy(
    rho: np.ndarray,
    Q: np.ndarray,
    sigma: np.ndarray,
    g: np.ndarray,
    chi2: np.ndarray,
    zeta: np.ndarray | float,
    amplitude: _Amplitude,
    N: int,
    max_overlap: float,
    threads: int = 1,
    readouts: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """S exact overlap-space steps on R replicas, in place (NumPy; :func:`_overlap_chunk_c` is the same in C;
    ``threads`` is accepted for a common signature and unused: the steps are vectorised over the replicas).
    Learned read-outs: ``readouts`` (R, p), updated in place, a_k += G_k / N (:meth:`_Amplitude.learned`; the
    chain stays exact: G depends on z only).

    State: rho (R, p, p*), Q (R, p, p), sigma (R, d, d) with its T block filled.  Draws:
    g (S, R, d) standard normal, chi2 (S, R) ~ chi^2_{N-d}, zeta (S, R) or 0.  Per step:
    z = L g with L L^T = Sigma, ||x||^2 = ||g||^2 + chi2, then the rho and Q updates of the
    module docstring.  Returns per replica the reason code (0 none, 1 size, 2 not PSD) and the
    step within the chunk after which its state was found bad (-1 none); a bad replica is reset
    to rho = 0, Q = I and carries on, ignored.
    """
    replicas, pstar = rho.shape[0], rho.shape[2]
    codes = np.zeros(replicas, dtype=np.int64)
    at = np.full(replicas, -1, dtype=np.int64)
    sqnorm = np.einsum("srd,srd->sr", g, g) + chi2
    zeta = np.broadcast_to(zeta, chi2.shape)
    upper = np.triu(np.ones(Q.shape[1:]))
    strictly_upper = np.triu(upper, 1)
    for s in range(len(g)):
        sigma[:, pstar:, :pstar] = rho
        sigma[:, :pstar, pstar:] = np.swapaxes(rho, 1, 2)
        sigma[:, pstar:, pstar:] = Q
        root, psd = _factor(sigma)
        z = np.matmul(root, g[s][:, :, None])[..., 0]
        u, lam = z[:, :pstar], z[:, pstar:]
        if readouts is None:
            F = amplitude(u, lam, zeta[s]) / N
        else:
            F, G = amplitude.learned(u, lam, zeta[s], readouts)
            F = F / N
            readouts += G / N
        rho += F[:, :, None] * u[:, None, :]
        FL = F[:, :, None] * lam[:, None, :]
        update = FL + np.swapaxes(FL, 1, 2) + sqnorm[s][:, None, None] * F[:, :, None] * F[:, None, :]
        Q += upper * update + np.swapaxes(strictly_upper * update, 1, 2)  # Q stays exactly symmetric
        size = np.abs(np.diagonal(Q, axis1=1, axis2=2)).max(axis=1)
        if readouts is not None:
            size = np.where(np.isfinite(readouts).all(axis=1), size, np.inf)
        bad = ~psd | ~(size < max_overlap)
        if bad.any():
            new = bad & (at < 0)
            codes[new] = np.where(psd[new], 1, 2)
            at[new] = np.where(psd[new], s + 1, s)
            rho[bad], Q[bad] = 0.0, np.eye(Q.shape[1])
            if readouts is not None:
                readouts[bad] = 0.0
    return codes, at


def _overlap_chunk_c(
    rho: np.ndarray,
    Q: np.ndarray,
    sigma: np.ndarray,
    g: np.ndarray,
    chi2: np.ndarray,
    zeta: np.ndarray | float,
    amplitude: _Amplitude,
    N: int,
    max_overlap: float,
    threads: int = 1,
    readouts: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_overlap_chunk_numpy` in C on the same supplied draws (same arguments, state updated in place, same
    results to rounding); ``threads`` threads share the replicas (the C call releases the GIL), which changes no
    number.  It keeps the read-outs fixed (``readouts`` must be None).  Simulations draw in C instead
    (:func:`_overlap_chain_c`)."""
    if readouts is not None:
        raise ValueError(_FIXED_READOUTS)
    g, chi2 = np.ascontiguousarray(g, dtype=float), np.ascontiguousarray(chi2, dtype=float)
    noise = _noise_array(zeta, chi2.shape)
    draws = (g.ctypes.data, chi2.ctypes.data, None if noise is None else noise.ctypes.data, None, 0.0, 0.0)
    return _run_chain(rho, Q, sigma, len(g), draws, amplitude, N, max_overlap, threads)


def _overlap_chain_c(
    rho: np.ndarray,
    Q: np.ndarray,
    sigma: np.ndarray,
    states: np.ndarray,
    steps: int,
    amplitude: _Amplitude,
    N: int,
    max_overlap: float,
    threads: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """``steps`` steps of :func:`_overlap_chunk_c` with the draws made in C: replica r draws g ~ N(0, I_d),
    chi2 = 2 Gamma((N - d) / 2) and zeta ~ N(0, Delta), in that order, from its own xoshiro256++ state
    ``states[r]`` ((R, 4) uint64, advanced in place; :func:`numerics.kernels.random.streams`), so
    that the numbers depend neither on the chunks nor on ``threads``."""
    if states.dtype != np.uint64 or states.shape != (len(rho), 4) or not states.flags.c_contiguous:
        raise ValueError(f"states must be a C-contiguous ({len(rho)}, 4) uint64 array")
    draws = (None, None, None, states.ctypes.data, (N - sigma.shape[1]) / 2.0, amplitude.noise_std)
    return _run_chain(rho, Q, sigma, steps, draws, amplitude, N, max_overlap, threads)


def _run_chain(
    rho: np.ndarray,
    Q: np.ndarray,
    sigma: np.ndarray,
    steps: int,
    draws: tuple[int | float | None, ...],
    amplitude: _Amplitude,
    N: int,
    max_overlap: float,
    threads: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The compiled chain on ``threads`` shares of the replicas; ``draws`` the kernel's arguments g, chi2, zeta,
    states, half the degrees of freedom of chi2 and the noise's standard deviation (addresses or numbers)."""
    replicas, p, pstar = rho.shape
    function = overlap_chunk(p, pstar)
    if function is None:
        raise RuntimeError("the compiled overlap-space kernel needs a C compiler; use backend='numpy'")
    for name, array in (("rho", rho), ("Q", Q)):
        if array.dtype != np.float64 or not array.flags.c_contiguous:
            raise ValueError(f"{name} must be a C-contiguous float64 array")
    T = np.ascontiguousarray(sigma[0, :pstar, :pstar], dtype=float)
    codes = np.zeros(replicas, dtype=np.int64)
    at = np.full(replicas, -1, dtype=np.int64)

    def run(first: int, last: int) -> None:
        function(
            steps, replicas, first, last, T.ctypes.data, rho.ctypes.data, Q.ctypes.data, *draws,
            *amplitude.c_arguments(), float(N), float(max_overlap), _PSD_TOL, _PIVOT_TOL, codes.ctypes.data,
            at.ctypes.data,
        )

    _in_shares(run, replicas, threads)
    return codes, at


def _overlap_chunk(backend: Backend, p: int, pstar: int, learned: bool = False) -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    """The chunk kernel for ``backend``: C drawing its own numbers (:func:`_overlap_chain_c`; "c", and "auto" when a
    compiler is found and the read-outs are fixed) or NumPy on NumPy's draws (which ignores ``threads``: its steps
    are vectorised over the replicas)."""
    if backend == "numpy" or (backend == "auto" and (learned or overlap_chunk(p, pstar) is None)):
        return _overlap_chunk_numpy
    if learned:
        raise ValueError(_FIXED_READOUTS)
    return _overlap_chain_c


def simulate_overlaps(
    model: Model,
    rho0: Any,
    Q0: Any,
    options: SGDOptions,
    rng: np.random.Generator | int,
    T: Any | None = None,
    progress: Callable[[float], None] | None = None,
) -> SGDResult:
    """Exact overlap-space one-pass SGD (module docstring), replicas vectorised.

    Same process in distribution as :func:`simulate_weights` at the same N; one step costs
    O((p + p*)^3) whatever N is.  Divergence is checked at every step.
    """
    _check_width(model, options.N)
    if model.batch != 1:
        raise ValueError(f"the exact overlap-space chain takes one sample per step; for batches of B = {model.batch} "
                         "use the weight-space simulation (method 'weights')")
    T = teacher_gram(model, T)
    generator, seed = random_generator(rng)
    rho, Q = initial_state(model, rho0, Q0, T, options.replicas)
    d = model.p + model.pstar
    sigma = np.zeros((options.replicas, d, d))
    sigma[:, : model.pstar, : model.pstar] = T
    amplitude = _Amplitude.of(model, options.eta)
    chunk = _overlap_chunk(options.backend, model.p, model.pstar, model.learns_readouts)
    if chunk is _overlap_chain_c:  # the user's generator gives one seed; replica r draws from its stream r
        states = streams(int(generator.integers(2**64, dtype=np.uint64)), options.replicas)
    learned = {"readouts": np.tile(amplitude.a, (options.replicas, 1))} if model.learns_readouts else {}
    recorder = _Recorder(model, options, T, progress)
    recorder.record(0, rho, Q, learned.get("readouts"))
    for target in recorder.steps[1:]:
        while recorder.done < target:
            with np.errstate(all="ignore"):
                if chunk is _overlap_chain_c:
                    count = min(max(1, _DRAWN_CHUNK // options.replicas), target - recorder.done)
                    codes, at = chunk(rho, Q, sigma, states, count, amplitude, options.N, options.max_overlap,
                                      threads=options.threads)
                else:
                    count = min(_CHUNK, target - recorder.done)
                    g = generator.standard_normal((count, options.replicas, d))
                    chi2 = 2.0 * generator.standard_gamma((options.N - d) / 2.0, (count, options.replicas))
                    zeta = amplitude.noise(generator, (count, options.replicas))
                    codes, at = chunk(rho, Q, sigma, g, chi2, zeta, amplitude, options.N, options.max_overlap,
                                      threads=options.threads, **learned)
            recorder.mark(codes, at)
            recorder.done += count
        recorder.record(target, rho, Q, learned.get("readouts"))
    return recorder.result("overlap", seed)


# -- recording ------------------------------------------------------------------------------


class _Recorder:
    """Records the overlaps at the grid's steps, freezing replicas once they diverge."""

    def __init__(self, model: Model, options: SGDOptions, T: np.ndarray, progress: Callable[[float], None] | None):
        self.model, self.options, self.T, self.progress = model, options, T, progress
        self.steps = alpha_steps(options.N, options.alpha_max, options.points, options.spacing, options.log_start)
        shape = (options.replicas, len(self.steps))
        self.rho = np.zeros((*shape, model.p, model.pstar))
        self.Q = np.zeros((*shape, model.p, model.p))
        self.a = np.zeros((*shape, model.p)) if model.learns_readouts else None
        self.diverged_step = np.full(options.replicas, -1, dtype=np.int64)
        self.codes = np.zeros(options.replicas, dtype=np.int64)
        self.done = 0
        self.index = 0

    def mark(self, codes: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Note replicas found bad (``at``: step within the current chunk, counted from ``done``); returns the bad mask."""
        bad = codes > 0
        new = bad & (self.diverged_step < 0)
        self.diverged_step[new] = self.done + at[new]
        self.codes[new] = codes[new]
        return bad

    def record(self, step: int, rho: np.ndarray, Q: np.ndarray, a: np.ndarray | None = None) -> None:
        k = self.index
        live = (self.diverged_step < 0)[:, None, None]
        self.rho[:, k] = np.where(live, rho, self.rho[:, k - 1]) if k else rho
        self.Q[:, k] = np.where(live, Q, self.Q[:, k - 1]) if k else Q
        if self.a is not None:
            self.a[:, k] = np.where(live[:, 0], a, self.a[:, k - 1]) if k else a
        self.index += 1
        if self.progress is not None:
            self.progress(step / self.steps[-1])

    def result(self, method: Method, seed: int | None) -> SGDResult:
        return SGDResult(
            model=self.model,
            options=self.options,
            method=method,
            seed=seed,
            T=self.T,
            alpha=self.steps / self.options.N,
            rho=self.rho,
            Q=self.Q,
            risk=risk_function(self.model)(self.rho, self.Q, self.T, self.a),
            diverged_step=self.diverged_step,
            reasons=tuple(_REASONS.get(int(code), "") for code in self.codes),
            a=self.a,
        )


def simulate(
    model: Model,
    rho0: Any,
    Q0: Any,
    options: SGDOptions,
    rng: np.random.Generator | int,
    method: Method = "overlap",
    T: Any | None = None,
    progress: Callable[[float], None] | None = None,
) -> SGDResult:
    """:func:`simulate_overlaps` (``method="overlap"``) or :func:`simulate_weights` (``"weights"``)."""
    runners = {"overlap": simulate_overlaps, "weights": simulate_weights}
    if method not in runners:
        raise ValueError(f"method must be 'overlap' or 'weights', got {method!r}")
    return runners[method](model, rho0, Q0, options, rng, T, progress)
