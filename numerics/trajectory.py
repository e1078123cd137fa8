"""The one file format of a trajectory, integrated (numerics.ode) or simulated (numerics.sgd).

An .npz file with the arrays alpha (K,), t = eta alpha (K,), rho (..., K, p, p*), Q (..., K, p, p),
risk (..., K) (a leading replica axis for simulations) and ``meta``, a JSON string whose first fields are
status, method, eta, seed and model, followed by what the kind of run adds (the ODE's events, the
simulation's N and divergences). Status words: "completed", "converged", "stationary" (finished), or
"diverged", "failed".
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

__all__ = ["trajectory_arrays"]


def trajectory_arrays(result: Any, **extra_meta: Any) -> dict[str, np.ndarray]:
    """The shared arrays of ``result`` (an ODEResult or SGDResult), with ``extra_meta`` appended to its meta."""
    meta = {"status": result.status, "method": result.method, "eta": result.options.eta, "seed": result.seed,
            "model": result.model.describe(), **extra_meta}
    return {"alpha": result.alpha, "t": result.t, "rho": result.rho, "Q": result.Q, "risk": result.risk,
            "meta": np.array(json.dumps(meta))}
