"""Helpers shared by the kernel tests: every kernel's outputs flat in the C layout, and their error."""

from __future__ import annotations

import numpy as np


def flat_outputs(backend, state: np.ndarray, T: np.ndarray | None, eta: float) -> dict[str, np.ndarray]:
    """risk, rhs, jacobian, gradient and Hessian coefficients of ``backend`` at one state, flattened."""
    D, O = backend.hessian_coefficients(state, T)
    return {
        "risk": np.atleast_1d(backend.risk(state, T)),
        "rhs": backend.rhs(state, eta, T),
        "jacobian": backend.jacobian(state, eta, T).ravel(),
        "gradient": backend.gradient_coefficients(state, T).ravel(),
        "hessian": np.concatenate([D.ravel(), O.ravel()]),
    }


def max_relative_error(actual: np.ndarray, expected: np.ndarray) -> float:
    """max |actual - expected| / max |expected| (the vector's scale; 0 when both vanish)."""
    scale = np.abs(expected).max()
    difference = np.abs(actual - expected).max()
    return difference / scale if scale else difference
