"""Overlap trajectories drawn as four panels: rho_kl, Q_kk' (k != k'), Q_kk and the risk against alpha.

The one drawing of a trajectory, used by ``quadwick ode --plot`` and ``quadwick simulate --plot`` and by
seed 003's Figure 1 (ODE against simulations).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from numerics.output.files import write_figure_atomic

__all__ = ["trajectory_columns", "trajectory_panels", "draw_trajectories", "plot_trajectory"]


def trajectory_columns(rho: np.ndarray, Q: np.ndarray, risk: np.ndarray) -> dict[str, np.ndarray]:
    """Named series rho_kl, Q_kj (k <= j) and risk from (K, ...) arrays."""
    p, pstar = rho.shape[-2:]
    columns = {f"rho_{k + 1}{l + 1}": rho[..., k, l] for k in range(p) for l in range(pstar)}
    columns.update({f"Q_{k + 1}{j + 1}": Q[..., k, j] for k in range(p) for j in range(k, p)})
    columns["risk"] = risk
    return columns


def trajectory_panels(fig: Figure) -> list:
    """Four panels on ``fig``: rho_kl, Q_kk' (k != k'), Q_kk and the risk (log scale), against alpha."""
    axes = fig.subplots(2, 2).ravel()
    titles = ("teacher-student overlaps rho_kl", "student-student overlaps Q_kk'", "student norms Q_kk", "risk")
    for ax, title in zip(axes, titles):
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("alpha")
    axes[3].set_yscale("log")
    return list(axes)


def _panel_of(name: str) -> int:
    if name.startswith("rho"):
        return 0
    if name == "risk":
        return 3
    return 2 if name[2] == name[3] else 1


def draw_trajectories(axes: list, alpha: np.ndarray, columns: dict[str, np.ndarray], style: str,
                      band: dict[str, np.ndarray] | None = None) -> None:
    """Each column of :func:`trajectory_columns` on its panel, with a shaded band +- ``band`` if given."""
    for index, (name, values) in enumerate(columns.items()):
        ax = axes[_panel_of(name)]
        color = f"C{index % 10}"
        ax.plot(alpha, values, style, color=color, lw=1.0)
        if band is not None:
            ax.fill_between(alpha, values - band[name], values + band[name], color=color, alpha=0.25, lw=0)


def plot_trajectory(path: str | os.PathLike[str], alpha: np.ndarray, rho: np.ndarray, Q: np.ndarray, risk: np.ndarray) -> Path:
    """Draw the four panels of Figure 1 for one trajectory (K, ...) or the mean and standard error of
    replicas (R, K, ...); the image format follows the file's suffix."""
    fig = Figure(figsize=(10, 7))
    axes = trajectory_panels(fig)
    columns = trajectory_columns(np.asarray(rho), np.asarray(Q), np.asarray(risk))
    if np.ndim(risk) == 2:
        mean = {name: v.mean(axis=0) for name, v in columns.items()}
        sem = {name: v.std(axis=0, ddof=1) / np.sqrt(len(v)) if len(v) > 1 else 0 * v[0] for name, v in columns.items()}
        draw_trajectories(axes, alpha, mean, "--", sem)
    else:
        draw_trajectories(axes, alpha, columns, "-")
    fig.tight_layout()
    return write_figure_atomic(fig, path)
