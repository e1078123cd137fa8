"""Monte Carlo estimates of the expectations the derivations take exactly.

Pre-activations z = (u, lambda) are sampled from N(0, [[T, rho^T], [rho, Q]]) and,
with label noise, zeta from N(0, Delta).  Each estimator returns the sample mean
and its standard error, so a derived value is checked by asking that it lie
within a few standard errors.

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
import sympy

from derive.model import ACTIVATION_VARIABLE, Model

__all__ = ["Estimate", "sample_preactivations", "overlap_expectations", "numeric_parameters"]


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


def _float(name: str, value: sympy.Expr) -> float:
    if not value.is_number:
        raise ValueError(f"Monte Carlo needs numeric model parameters, but {name} is {value}")
    return float(value)


def numeric_parameters(model: Model) -> dict[str, Any]:
    """Read-outs, loss prefactor, noise variance and activation coefficients as floats."""
    coefficients = sympy.Poly(model.activation, ACTIVATION_VARIABLE).all_coeffs()[::-1]
    return {
        "a": np.array([_float("a student read-out", a) for a in model.student_readout]),
        "v": np.array([_float("a teacher read-out", v) for v in model.teacher_readout]),
        "c": _float("the loss prefactor", model.loss_prefactor),
        "noise": _float("the noise variance", model.noise_variance),
        "activation": np.array([_float("an activation coefficient", c) for c in coefficients]),
    }


def _covariance(model: Model, rho: Any, Q: Any, T: Any | None) -> np.ndarray:
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


def sample_preactivations(
    model: Model, rho: Any, Q: Any, samples: int, rng: np.random.Generator, T: Any | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``samples`` draws of (u, lambda): arrays of shape (samples, p*) and (samples, p)."""
    sigma = _covariance(model, rho, Q, T)
    # eigh rather than Cholesky, so that singular (positive semidefinite) covariances work.
    values, vectors = np.linalg.eigh(sigma)
    root = vectors * np.sqrt(np.clip(values, 0.0, None))
    z = rng.standard_normal((samples, sigma.shape[0])) @ root.T
    return z[:, : model.pstar], z[:, model.pstar :]


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
    <F_k lambda_j> + <F_j lambda_k> (p, p) and ``dQ_eta2`` = <F_k F_j> (p, p), with
    F_k = 2 c eta a_k sigma'(lambda_k) (y - yhat).
    """
    params = numeric_parameters(model)
    u, lam = sample_preactivations(model, rho, Q, samples, rng, T)
    activation = np.polynomial.Polynomial(params["activation"])
    teacher = activation(u) @ params["v"]
    student = activation(lam) @ params["a"]
    noise = np.sqrt(params["noise"]) * rng.standard_normal(samples)
    residual = teacher + noise - student
    F = 2 * params["c"] * eta * params["a"] * activation.deriv()(lam) * residual[:, None]
    return {
        "risk": Estimate.of(params["c"] * residual**2),
        "drho": Estimate.of(F[:, :, None] * u[:, None, :]),
        "dQ_eta": Estimate.of(F[:, :, None] * lam[:, None, :] + lam[:, :, None] * F[:, None, :]),
        "dQ_eta2": Estimate.of(F[:, :, None] * F[:, None, :]),
    }
