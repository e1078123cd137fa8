"""A trajectory's recording times and its file format, one each for the ODE, the simulations and GD.

Recording times (:func:`recording_grid`): ``points`` values on [0, stop], evenly spaced ("linear"), or 0 then
geometric from ``first`` to ``stop`` ("log"). The ODE records at alpha = grid(alpha_max, first = log_start
alpha_max); finite-N SGD at the steps round(N grid(alpha_max, first = max(log_start alpha_max, 1/N))), the same
alphas once a step is finer than the first one; GD at round(grid(steps, first = 1)).

>>> recording_grid(100.0, 4, "log", first=1.0).tolist()
[0.0, 1.0, 10.0, 100.0]
>>> recording_grid(6.0, 4).tolist()
[0.0, 2.0, 4.0, 6.0]

A file (:func:`trajectory_arrays`) is an .npz file with the arrays alpha (K,), t = eta alpha (K,), rho (..., K, p, p*), Q (..., K, p, p),
risk (..., K) (a leading replica axis for simulations), with learned read-outs a (..., K, p), and ``meta``, a JSON string whose first fields are
status, method, eta, seed and model, followed by what the kind of run adds (the ODE's events, the
simulation's N and divergences). Status words: "completed", "converged", "stationary" (finished), or
"diverged", "failed". :func:`read_trajectory` reads any of them back.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

__all__ = ["Spacing", "Trajectory", "recording_grid", "trajectory_arrays", "read_trajectory"]

Spacing = Literal["linear", "log"]


def recording_grid(stop: float, points: int, spacing: Spacing = "linear", first: float | None = None) -> np.ndarray:
    """``points`` times in [0, ``stop``]: linear, or 0 followed by max(points - 1, 1) geometric ones from ``first``."""
    if spacing == "linear":
        return np.linspace(0.0, stop, points)
    if spacing != "log":
        raise ValueError(f"spacing must be 'linear' or 'log', got {spacing!r}")
    if first is None or not 0 < first <= stop:
        raise ValueError(f"a log grid needs a first time in (0, {stop:g}], got {first!r}")
    return np.concatenate([[0.0], np.geomspace(first, stop, max(points - 1, 1))])


def trajectory_arrays(result: Any, **extra_meta: Any) -> dict[str, np.ndarray]:
    """The shared arrays of ``result`` (an ODEResult or SGDResult), with ``extra_meta`` appended to its meta."""
    meta = {"status": result.status, "method": result.method, "eta": result.options.eta, "seed": result.seed,
            "model": result.model.describe(), **extra_meta}
    readouts = getattr(result, "a", None)
    return {"alpha": result.alpha, "t": result.t, "rho": result.rho, "Q": result.Q, "risk": result.risk,
            **({"a": readouts} if readouts is not None else {}), "meta": np.array(json.dumps(meta))}


_ARRAYS = ("alpha", "t", "rho", "Q", "risk")


@dataclass(frozen=True)
class Trajectory:
    """A trajectory file read back: alpha, t (K,), rho (..., K, p, p*), Q (..., K, p, p), risk (..., K) with a
    leading replica axis for simulations, ``meta`` (status, method, eta, seed, model, ...), for simulations
    ``diverged_step`` (R,) (-1: never) and, with learned read-outs, ``a`` (..., K, p)."""

    alpha: np.ndarray
    t: np.ndarray
    rho: np.ndarray
    Q: np.ndarray
    risk: np.ndarray
    meta: dict[str, Any]
    diverged_step: np.ndarray | None = None
    a: np.ndarray | None = None

    @property
    def status(self) -> str:
        """The run's status word ("completed", "converged", "stationary", "diverged", "failed")."""
        return self.meta["status"]


def read_trajectory(path: str | os.PathLike[str]) -> Trajectory:
    """The trajectory in the .npz file at ``path``, written by ``quadwick ode`` or ``quadwick simulate``
    (or by :func:`trajectory_arrays`); ValueError naming the file and what is missing for anything else."""
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise ValueError(f"{os.fspath(path)} is not a readable .npz file ({error})") from None
    with data:
        missing = [key for key in (*_ARRAYS, "meta") if key not in data.files]
        if missing:
            raise ValueError(f"{os.fspath(path)} is not a quadwick trajectory file: no {', '.join(missing)} "
                             f"(it holds {', '.join(data.files) or 'nothing'})")
        arrays = {key: data[key] for key in _ARRAYS}
        optional = {key: data[key] for key in ("diverged_step", "a") if key in data.files}
        meta = json.loads(str(data["meta"]))
    return Trajectory(**arrays, meta=meta, **optional)
