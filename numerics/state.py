r"""The model as numbers: its parameters, the overlaps (rho, Q) and their packed state, the covariance Sigma.

Everything numerical about one model's state lives here, for the ODE, the simulations and Monte Carlo alike:

* :func:`numeric_parameters`: read-outs, loss prefactor, noise variance and the activations as floats;
* the pre-activations (u, lambda) = (W* x, W x)/sqrt(N) are Gaussian with covariance

      Sigma = [[T, rho^T], [rho, Q]],   T = W* W*^T / N,  rho = W W*^T / N,  Q = W W^T / N,

  checked symmetric and positive semidefinite by :func:`overlap_covariance`, with T from :func:`teacher_gram`;
* :func:`pack_state` / :func:`unpack_state`: the state vector (rho row by row, then Q_kj for k <= j, then the
  read-outs a_k when they learn), the order of ``model.order_parameters`` that the kernels use;
  :func:`unpack_readouts` reads the read-outs back;
* initial conditions: seed 003 eq. (8) (:func:`initial_overlaps`: rho_kl ~ N(0, eps^2), Q = I) and given
  overlaps checked and broadcast over replicas (:func:`initial_state`); :func:`overlaps_of` weights.

>>> from derive.model import Model
>>> model = Model(p=2, pstar=1)
>>> rho, Q = unpack_state(model, pack_state(model, [[0.5], [0.25]], [[1.0, 0.1], [0.1, 2.0]]))
>>> rho.ravel().tolist(), Q.tolist()
([0.5, 0.25], [[1.0, 0.1], [0.1, 2.0]])
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import sympy

from quadwick.derive.activation import erf_parameters
from quadwick.derive.model import ACTIVATION_VARIABLE, Model

from .activation import activation_function

__all__ = ["numeric_parameters", "overlap_covariance", "pack_state", "unpack_state", "unpack_readouts", "random_generator",
           "teacher_gram",
           "initial_state", "initial_overlaps", "overlaps_of"]


def _float(name: str, value: sympy.Expr) -> float:
    if not value.is_number:
        raise ValueError(f"Monte Carlo needs numeric model parameters, but {name} is {value}")
    return float(value)


def numeric_parameters(model: Model) -> dict[str, Any]:
    """Read-outs (``a``: their initial values when they learn, at rate ``readout_lr``, None when fixed), loss prefactor,
    noise variance, the student's and the teacher's activations as float functions
    (``sigma``, ``teacher_sigma``: :func:`numerics.activation.activation_function`) and, for polynomial ones,
    their coefficients (``activation``, ``teacher_activation``, lowest degree first; None for erf)."""
    def coefficients(activation: sympy.Expr, what: str) -> np.ndarray | None:
        if erf_parameters(activation) is not None:
            return None
        values = sympy.Poly(activation, ACTIVATION_VARIABLE).all_coeffs()[::-1]
        return np.array([_float(f"a coefficient of the {what}", c) for c in values])

    return {
        "a": np.array([_float("a student read-out", a) for a in model.initial_readout]),
        "readout_lr": _float("the read-out learning rate", model.readout_lr) if model.learns_readouts else None,
        "v": np.array([_float("a teacher read-out", v) for v in model.teacher_readout]),
        "c": _float("the loss prefactor", model.loss_prefactor),
        "noise": _float("the noise variance", model.noise_variance),
        "activation": coefficients(model.activation, "activation"),
        "teacher_activation": coefficients(model.teacher_activation, "teacher activation"),
        "sigma": activation_function(model.activation),
        "teacher_sigma": activation_function(model.teacher_activation),
    }


def overlap_covariance(model: Model, rho: Any, Q: Any, T: Any | None) -> np.ndarray:
    """Sigma = [[T, rho^T], [rho, Q]] (T = I when None), checked for shape, symmetry and PSD."""
    rho = np.asarray(rho, dtype=float)
    Q = np.asarray(Q, dtype=float)
    T = np.eye(model.pstar) if T is None else np.asarray(T, dtype=float)
    if rho.shape != (model.p, model.pstar) or Q.shape != (model.p, model.p) or T.shape != (model.pstar,) * 2:
        raise ValueError(
            f"expected rho {(model.p, model.pstar)}, Q {(model.p, model.p)}, T {(model.pstar,) * 2}; "
            f"got {rho.shape}, {Q.shape}, {T.shape}"
        )
    sigma = np.block([[T, rho.T], [rho, Q]])
    if not np.allclose(sigma, sigma.T):
        raise ValueError("the covariance [[T, rho^T], [rho, Q]] is not symmetric")
    smallest = np.linalg.eigvalsh(sigma).min()
    if smallest < -1e-12 * max(1.0, np.abs(sigma).max()):
        raise ValueError(f"the covariance [[T, rho^T], [rho, Q]] is not positive semidefinite (eigenvalue {smallest:.3g})")
    return sigma


def pack_state(model: Model, rho: Any, Q: Any, a: Any | None = None) -> np.ndarray:
    """(..., P) state from rho (..., p, p*) and symmetric Q (..., p, p): rho row by row, then Q_kj for k <= j, then,
    when the read-outs learn, a (..., p) (None: the model's initial read-outs).

    >>> import sympy
    >>> pack_state(Model(p=1, pstar=1, readout_lr=sympy.Rational(1, 2)), [[0.5]], [[1.0]]).tolist()
    [0.5, 1.0, 1.0]
    """
    rho, Q = np.asarray(rho, dtype=float), np.asarray(Q, dtype=float)
    if rho.shape[-2:] != (model.p, model.pstar) or Q.shape[-2:] != (model.p, model.p):
        raise ValueError(f"expected rho (..., {model.p}, {model.pstar}) and Q (..., {model.p}, {model.p}); got {rho.shape}, {Q.shape}")
    if not model.learns_readouts and a is not None:
        raise ValueError("the model's read-outs are fixed (no readout_lr): they are not part of the state")
    if not model.learns_readouts:
        a = np.zeros(0)  # an empty block: one concatenation serves both
    else:
        a = np.asarray(numeric_parameters(model)["a"] if a is None else a, dtype=float)
        if a.shape[-1:] != (model.p,):
            raise ValueError(f"expected read-outs a (..., {model.p}); got shape {a.shape}")
    upper = np.triu_indices(model.p)
    batch = np.broadcast_shapes(rho.shape[:-2], Q.shape[:-2], a.shape[:-1])
    rho, Q, a = (np.broadcast_to(x, batch + x.shape[len(x.shape) - k:]) for x, k in ((rho, 2), (Q, 2), (a, 1)))
    return np.concatenate([rho.reshape(batch + (-1,)), Q[..., upper[0], upper[1]], a], axis=-1)


def unpack_state(model: Model, state: Any) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`pack_state`: (rho (..., p, p*), symmetric Q (..., p, p)); read-outs: :func:`unpack_readouts`."""
    state = np.asarray(state, dtype=float)
    size = model.p * model.pstar
    rho = state[..., :size].reshape(state.shape[:-1] + (model.p, model.pstar))
    Q = np.zeros(state.shape[:-1] + (model.p, model.p))
    upper = np.triu_indices(model.p)
    entries = state[..., size : size + len(upper[0])]
    Q[..., upper[0], upper[1]] = entries
    Q[..., upper[1], upper[0]] = entries
    return rho, Q


def unpack_readouts(model: Model, state: Any) -> np.ndarray:
    """The read-outs a (..., p) of a state: its last p entries when they learn, else the fixed ones broadcast."""
    state = np.asarray(state, dtype=float)
    if model.learns_readouts:
        return state[..., len(model.order_parameters) - model.p :]
    return np.broadcast_to(numeric_parameters(model)["a"], state.shape[:-1] + (model.p,))


def random_generator(rng: np.random.Generator | int) -> tuple[np.random.Generator, int | None]:
    """(generator, seed): a Generator as given (seed None), or one made from an integer seed."""
    if isinstance(rng, np.random.Generator):
        return rng, None
    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)):
        raise TypeError(f"rng must be a numpy.random.Generator or an integer seed, got {rng!r}")
    return np.random.default_rng(int(rng)), int(rng)


def teacher_gram(model: Model, T: Any | None) -> np.ndarray:
    """The teacher Gram T: the identity for teacher_gram="identity" (T must be None or I), else the given T,
    checked to be symmetric positive definite."""
    if model.teacher_gram == "identity":
        if T is not None and not np.array_equal(np.asarray(T, dtype=float), np.eye(model.pstar)):
            raise ValueError("the model's teacher Gram is the identity; pass T only for teacher_gram='general'")
        return np.eye(model.pstar)
    if T is None:
        raise ValueError("the model has a general teacher Gram: pass T, a positive definite p* x p* matrix")
    T = np.asarray(T, dtype=float)
    if T.shape != (model.pstar, model.pstar) or not np.allclose(T, T.T) or np.linalg.eigvalsh(T).min() <= 0:
        raise ValueError(f"T must be a symmetric positive definite {model.pstar} x {model.pstar} matrix")
    return T


def initial_state(model: Model, rho0: Any, Q0: Any, T: np.ndarray, replicas: int) -> tuple[np.ndarray, np.ndarray]:
    """rho0, Q0 of shape (p, p*), (p, p) or with a leading replica axis, checked and broadcast to (R, ...)."""
    rho0 = np.asarray(rho0, dtype=float)
    Q0 = np.asarray(Q0, dtype=float)
    if rho0.ndim not in (2, 3) or Q0.ndim not in (2, 3):
        raise ValueError(f"rho0 and Q0 must be matrices, or stacks of them per replica; got shapes {rho0.shape}, {Q0.shape}")
    rho = np.broadcast_to(rho0, (replicas, *rho0.shape[-2:])) if rho0.ndim == 2 else rho0
    Q = np.broadcast_to(Q0, (replicas, *Q0.shape[-2:])) if Q0.ndim == 2 else Q0
    if rho.shape[0] != replicas or Q.shape[0] != replicas:
        raise ValueError(f"per-replica initial overlaps need a leading axis of length {replicas}")
    for r in range(replicas if rho0.ndim == 3 or Q0.ndim == 3 else 1):  # broadcast matrices: one state to check
        if not (np.isfinite(rho[r]).all() and np.isfinite(Q[r]).all()):
            raise ValueError("initial overlaps must be finite")
        overlap_covariance(model, rho[r], Q[r], T)
    return rho.copy(), Q.copy()


def initial_overlaps(model: Model, eps: float, rng: np.random.Generator | int) -> tuple[np.ndarray, np.ndarray]:
    """Seed 003 eq. (8): rho_kl ~ N(0, eps^2) i.i.d., Q = I."""
    if not (math.isfinite(eps) and eps >= 0):
        raise ValueError(f"eps must be finite and non-negative, got {eps!r}")
    generator, _ = random_generator(rng)
    return eps * generator.standard_normal((model.p, model.pstar)), np.eye(model.p)


def overlaps_of(W: np.ndarray, Wstar: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """rho = W W*^T / N and Q = W W^T / N, for (..., p, N) and (..., p*, N) arrays."""
    N = W.shape[-1]
    return W @ np.swapaxes(Wstar, -1, -2) / N, W @ np.swapaxes(W, -1, -2) / N
