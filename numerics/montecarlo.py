"""Monte Carlo estimates of the expectations the derivations take exactly.

Two ways to draw the randomness (:class:`Draws`):

* :func:`preactivation_draws`: z = (u, lambda) ~ N(0, [[T, rho^T], [rho, Q]]) directly;
* :func:`input_draws`: inputs x ~ N(0, I_N) and explicit weights W (p x N), W* (p* x N),
  u = W* x / s, lambda = W x / s with s = sqrt(N) (or 1 in the weight-norm-1 scaling);

with label noise zeta ~ N(0, Delta) in both.  With e = y - yhat, the loss l = c e^2,
A_k = -d l / d lambda_k = 2 c a_k sigma'(lambda_k) e and F_k = eta A_k, the estimators are

    risk                          E[c e^2]
    teacher_correlations          <F_k u_l>                           (p, p*)
    student_correlations          <F_k lambda_j>                      (p, p)
    amplitude_correlations        <F_k F_j>                           (p, p)
    ode_rhs                       d state / d alpha in model.order_parameters order:
                                  <F_k u_l>, then <F_k lambda_j> + <F_j lambda_k> + <F_k F_j>, k <= j,
                                  then, when the read-outs learn, eta_a <B_k>, B_k = -d l / d a_k = 2 c sigma(lambda_k) e
    gradient_projections          E[d_{lambda_m} l z_b] = a_b . grad_{w_m} R           (p, V)
    hessian_action_projections    E[sum_n g_mn (C z)_n z_b] = a_b . (H Z)_m,  z_n = sum_c C_nc a_c   (p, V)
    gradient   (x needed)         E[d_{lambda_m} l x / s] = grad_{w_m} R               (p, N)
    hessian_action (x needed)     E[sum_n g_mn (x . z_n / s) x / s] = (H Z)_m          (p, N)

where z_b runs over (u_1.., lambda_1..), a_b over the weight vectors (w*_1.., w_1..),
g_mn = d^2 l / d lambda_m d lambda_n = 2 c a_m a_n sigma'_m sigma'_n - 2 c a_m sigma''_m e delta_mn,
and H is the Hessian of R in weight space (Stein's lemma: grad_{w_m} R = E[d_m l x] / s,
H_mn = E[g_mn x x^T] / s^2; the projections use a_b . x / s = z_b).
Each returns an :class:`Estimate`: the sample mean and its standard error.

>>> import numpy as np
>>> from derive.model import Model
>>> rng = np.random.default_rng(0)
>>> est = overlap_expectations(Model(p=1, pstar=1), rho=[[0.3]], Q=[[1.0]], eta=0.1, samples=20000, rng=rng)
>>> est["risk"].value.shape
()
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from quadwick.derive.model import Model
from .state import numeric_parameters, overlap_covariance

__all__ = ["Estimate", "Draws", "sample_preactivations", "preactivation_draws", "input_draws", "weight_overlaps", "risk", "teacher_correlations", "student_correlations", "amplitude_correlations", "ode_rhs", "gradient_projections", "hessian_action_projections", "gradient", "hessian_action", "overlap_expectations"]


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo mean with its standard error (same shape)."""

    value: np.ndarray
    stderr: np.ndarray

    @classmethod
    def of(cls, samples: np.ndarray) -> "Estimate":
        """Mean and standard error over the first axis of ``samples``."""
        count = samples.shape[0]
        return cls(samples.mean(axis=0), samples.std(axis=0, ddof=1) / np.sqrt(count))


@dataclass(frozen=True)
class Draws:
    """Samples of u (S, p*), lambda (S, p) and zeta (S,); in weight-space mode also x (S, N) and s."""

    u: np.ndarray
    lam: np.ndarray
    noise: np.ndarray
    x: np.ndarray | None = None
    scale: float = 1.0

    @property
    def z(self) -> np.ndarray:
        """(u, lambda) side by side, (S, p* + p)."""
        return np.concatenate([self.u, self.lam], axis=1)

    def inputs(self) -> np.ndarray:
        """x, or a clear error in pre-activation mode."""
        if self.x is None:
            raise ValueError("this estimator needs the inputs x: draw them with input_draws(model, W, Wstar, ...)")
        return self.x


def sample_preactivations(
    model: Model, rho: Any, Q: Any, samples: int, rng: np.random.Generator, T: Any | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``samples`` draws of (u, lambda): arrays of shape (samples, p*) and (samples, p)."""
    sigma = overlap_covariance(model, rho, Q, T)
    # eigh rather than Cholesky, so that singular (positive semidefinite) covariances work.
    values, vectors = np.linalg.eigh(sigma)
    root = vectors * np.sqrt(np.clip(values, 0.0, None))
    z = rng.standard_normal((samples, sigma.shape[0])) @ root.T
    return z[:, : model.pstar], z[:, model.pstar :]


def _noise(model: Model, samples: int, rng: np.random.Generator) -> np.ndarray:
    """zeta ~ N(0, Delta), drawn (and zero) even without noise, so random streams do not depend on Delta."""
    return np.sqrt(numeric_parameters(model)["noise"]) * rng.standard_normal(samples)


def preactivation_draws(
    model: Model, rho: Any, Q: Any, samples: int, rng: np.random.Generator, T: Any | None = None
) -> Draws:
    """(u, lambda) ~ N(0, [[T, rho^T], [rho, Q]]) (T = I when None) and zeta ~ N(0, Delta)."""
    u, lam = sample_preactivations(model, rho, Q, samples, rng, T)
    return Draws(u, lam, _noise(model, samples, rng))


def _input_scale(model: Model, dimension: int) -> float:
    """s = sqrt(N) for the sqrt_n input scaling, 1 for weights of norm ~ 1."""
    return float(np.sqrt(dimension)) if model.input_scaling == "sqrt_n" else 1.0


def _weights(model: Model, W: Any, Wstar: Any) -> tuple[np.ndarray, np.ndarray]:
    W, Wstar = np.asarray(W, dtype=float), np.asarray(Wstar, dtype=float)
    if W.ndim != 2 or Wstar.ndim != 2 or W.shape[0] != model.p or Wstar.shape[0] != model.pstar or W.shape[1] != Wstar.shape[1]:
        raise ValueError(f"expected W ({model.p}, N) and Wstar ({model.pstar}, N) with the same N; got {W.shape}, {Wstar.shape}")
    return W, Wstar


def weight_overlaps(model: Model, W: Any, Wstar: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rho, Q, T) = (W W*^T, W W^T, W* W*^T) / s^2."""
    W, Wstar = _weights(model, W, Wstar)
    scale2 = _input_scale(model, W.shape[1]) ** 2
    return W @ Wstar.T / scale2, W @ W.T / scale2, Wstar @ Wstar.T / scale2


def input_draws(model: Model, W: Any, Wstar: Any, samples: int, rng: np.random.Generator) -> Draws:
    """x ~ N(0, I_N), u = W* x / s, lambda = W x / s, zeta ~ N(0, Delta)."""
    W, Wstar = _weights(model, W, Wstar)
    scale = _input_scale(model, W.shape[1])
    x = rng.standard_normal((samples, W.shape[1]))
    return Draws(x @ Wstar.T / scale, x @ W.T / scale, _noise(model, samples, rng), x, scale)


# -- per-sample quantities -------------------------------------------------------------------


def _residual(model: Model, draws: Draws) -> np.ndarray:
    """e = sum_l v_l sigma*(u_l) + zeta - sum_k a_k sigma(lambda_k), (S,)."""
    params = numeric_parameters(model)
    teacher, student = params["teacher_sigma"], params["sigma"]
    return teacher(draws.u) @ params["v"] + draws.noise - student(draws.lam) @ params["a"]


def _amplitudes(model: Model, draws: Draws) -> np.ndarray:
    """A_k = -d l / d lambda_k = 2 c a_k sigma'(lambda_k) e, (S, p)."""
    params = numeric_parameters(model)
    slope = params["sigma"].deriv()
    return 2 * params["c"] * params["a"] * slope(draws.lam) * _residual(model, draws)[:, None]


def _loss_curvature(model: Model, draws: Draws) -> np.ndarray:
    """g_mn = d^2 l / d lambda_m d lambda_n = 2 c a_m a_n sigma'_m sigma'_n - 2 c a_m sigma''_m e delta_mn, (S, p, p)."""
    params = numeric_parameters(model)
    activation = params["sigma"]
    first = params["a"] * activation.deriv()(draws.lam)
    second = params["a"] * activation.deriv(2)(draws.lam) * _residual(model, draws)[:, None]
    curvature = 2 * params["c"] * first[:, :, None] * first[:, None, :]
    diagonal = np.arange(model.p)
    curvature[:, diagonal, diagonal] -= 2 * params["c"] * second
    return curvature


def _readout_amplitudes(model: Model, draws: Draws) -> np.ndarray:
    """B_k = -d l / d a_k = 2 c sigma(lambda_k) e, (S, p)."""
    params = numeric_parameters(model)
    return 2 * params["c"] * params["sigma"](draws.lam) * _residual(model, draws)[:, None]


# -- estimators ------------------------------------------------------------------------------


def risk(model: Model, draws: Draws) -> Estimate:
    """E[c e^2], a scalar."""
    return Estimate.of(numeric_parameters(model)["c"] * _residual(model, draws) ** 2)


def teacher_correlations(model: Model, draws: Draws, eta: float) -> Estimate:
    """<F_k u_l>, (p, p*)."""
    F = eta * _amplitudes(model, draws)
    return Estimate.of(F[:, :, None] * draws.u[:, None, :])


def student_correlations(model: Model, draws: Draws, eta: float) -> Estimate:
    """<F_k lambda_j>, (p, p) (not symmetrised)."""
    F = eta * _amplitudes(model, draws)
    return Estimate.of(F[:, :, None] * draws.lam[:, None, :])


def amplitude_correlations(model: Model, draws: Draws, eta: float) -> Estimate:
    """<F_k F_j>, (p, p)."""
    F = eta * _amplitudes(model, draws)
    return Estimate.of(F[:, :, None] * F[:, None, :])


def ode_rhs(model: Model, draws: Draws, eta: float) -> Estimate:
    """d state / d alpha in model.order_parameters order: <F_k u_l>, then <F_k lambda_j + F_j lambda_k + F_k F_j / B>
    (k <= j; B the model's batch size: a step's mean over B samples keeps 1/B of the second moment), then
    eta_a <B_k> for learned read-outs (evaluated at the model's initial read-outs)."""
    F = eta * _amplitudes(model, draws)
    drho = (F[:, :, None] * draws.u[:, None, :]).reshape(F.shape[0], -1)
    k, j = np.triu_indices(model.p)
    dQ = F[:, k] * draws.lam[:, j] + F[:, j] * draws.lam[:, k] + F[:, k] * F[:, j] / model.batch
    rate = numeric_parameters(model)["readout_lr"]
    da = rate * _readout_amplitudes(model, draws) if model.learns_readouts else np.zeros((len(F), 0))
    return Estimate.of(np.concatenate([drho, dQ, da], axis=1))


def gradient_projections(model: Model, draws: Draws) -> Estimate:
    """E[d_{lambda_m} l z_b] = a_b . grad_{w_m} R, (p, V) with z = (u, lambda)."""
    return Estimate.of(-_amplitudes(model, draws)[:, :, None] * draws.z[:, None, :])


def hessian_action_projections(model: Model, draws: Draws, direction: Any) -> Estimate:
    """E[sum_n g_mn (C z)_n z_b] = a_b . (H Z)_m for Z_n = sum_c C_nc a_c; ``direction`` is C, (p, V)."""
    C = np.asarray(direction, dtype=float)
    if C.shape != (model.p, model.pstar + model.p):
        raise ValueError(f"direction coordinates must have shape {(model.p, model.pstar + model.p)}, got {C.shape}")
    z = draws.z
    weights = np.einsum("smn,sn->sm", _loss_curvature(model, draws), z @ C.T)
    return Estimate.of(weights[:, :, None] * z[:, None, :])


def gradient(model: Model, draws: Draws) -> Estimate:
    """E[d_{lambda_m} l x / s] = grad_{w_m} R, (p, N); needs :func:`input_draws`."""
    x = draws.inputs()
    return Estimate.of(-_amplitudes(model, draws)[:, :, None] * x[:, None, :] / draws.scale)


def hessian_action(model: Model, draws: Draws, direction: Any) -> Estimate:
    """E[sum_n g_mn (x . Z_n / s) x / s] = (H Z)_m, (p, N); ``direction`` is Z, (p, N); needs :func:`input_draws`."""
    x = draws.inputs()
    Z = np.asarray(direction, dtype=float)
    if Z.shape != (model.p, x.shape[1]):
        raise ValueError(f"direction must have shape {(model.p, x.shape[1])}, got {Z.shape}")
    weights = np.einsum("smn,sn->sm", _loss_curvature(model, draws), x @ Z.T / draws.scale)
    return Estimate.of(weights[:, :, None] * x[:, None, :] / draws.scale)


def overlap_expectations(
    model: Model,
    rho: Any,
    Q: Any,
    eta: float,
    samples: int,
    rng: np.random.Generator,
    T: Any | None = None,
) -> dict[str, Estimate]:
    """Estimates of the risk and of each part of the overlap ODEs at (rho, Q, T).

    Returns ``risk`` (scalar), ``drho`` = <F_k u_l> (p, p*), ``dQ_eta`` =
    <F_k lambda_j> + <F_j lambda_k> (p, p) and ``dQ_eta2`` = <F_k F_j> / B (p, p), with
    F_k = 2 c eta a_k sigma'(lambda_k) (y - yhat) and B the model's batch size; for learned read-outs also
    ``da`` = eta_a <B_k> (p,) (at the model's initial read-outs).
    """
    draws = preactivation_draws(model, rho, Q, samples, rng, T)
    F = eta * _amplitudes(model, draws)
    return {
        "risk": risk(model, draws),
        "drho": teacher_correlations(model, draws, eta),
        "dQ_eta": Estimate.of(F[:, :, None] * draws.lam[:, None, :] + draws.lam[:, :, None] * F[:, None, :]),
        "dQ_eta2": Estimate.of(F[:, :, None] * F[:, None, :] / model.batch),
        **({"da": Estimate.of(numeric_parameters(model)["readout_lr"] * _readout_amplitudes(model, draws))}
           if model.learns_readouts else {}),
    }
