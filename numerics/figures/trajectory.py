"""Overlap trajectories drawn as four panels: rho_kl, Q_kk' (k != k'), Q_kk and the risk against alpha.

The one drawing of a trajectory, used by ``quadwick ode --plot`` and ``quadwick simulate --plot`` and by
seed 003's Figure 1 (ODE against simulations).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from quadwick.numerics.output.files import write_figure_atomic

from .style import SIMULATION, THEORY, distinct_colors, names_legend, style_legend

__all__ = ["PANELS", "trajectory_columns", "trajectory_panels", "panel_colors", "draw_trajectories", "name_trajectories",
           "plot_trajectory"]


def trajectory_columns(rho: np.ndarray, Q: np.ndarray, risk: np.ndarray) -> dict[str, np.ndarray]:
    """Named series rho_kl, Q_kj (k <= j) and risk from (K, ...) arrays."""
    p, pstar = rho.shape[-2:]
    columns = {f"rho_{k + 1}{l + 1}": rho[..., k, l] for k in range(p) for l in range(pstar)}
    columns.update({f"Q_{k + 1}{j + 1}": Q[..., k, j] for k in range(p) for j in range(k, p)})
    columns["risk"] = risk
    return columns


PANELS = (("teacher-student overlaps", r"$\rho_{kl}$"), ("student-student overlaps", r"$Q_{kk'}$, $k \neq k'$"),
          ("student norms", r"$Q_{kk}$"), ("population risk", r"$\mathcal{R}$"))


def trajectory_panels(fig: Figure) -> list:
    """Four panels on ``fig``: rho_kl, Q_kk' (k != k'), Q_kk and the risk (log scale), against alpha, titled and
    labelled in mathtext."""
    axes = fig.subplots(2, 2).ravel()
    for ax, (title, label) in zip(axes, PANELS):
        ax.set_title(title, fontsize=9)
        ax.set(xlabel=r"$\alpha$ (samples / $N$)", ylabel=label)
    axes[3].set_yscale("log")
    return list(axes)


def _panel_of(name: str) -> int:
    if name.startswith("rho"):
        return 0
    if name == "risk":
        return 3
    return 2 if name[2] == name[3] else 1


def panel_colors(names: list[str]) -> dict[str, tuple]:
    """The colour of each series in its panel: the k-th curve of a panel of n takes distinct_colors(n)[k], so the
    same names give the same colours in every call (an ODE curve and its simulation share one)."""
    panels: dict[int, list[str]] = {}
    for name in names:
        panels.setdefault(_panel_of(name), []).append(name)
    return {name: color for members in panels.values() for name, color in zip(members, distinct_colors(len(members)))}


def draw_trajectories(axes: list, alpha: np.ndarray, columns: dict[str, np.ndarray], style: str,
                      band: dict[str, np.ndarray] | None = None) -> None:
    """Each column of :func:`trajectory_columns` on its panel in the colour of :func:`panel_colors`, with line style
    ``style`` ("-": theory, "--": simulation) and a shaded band +- ``band`` if given."""
    colors = panel_colors(list(columns))
    for name, values in columns.items():
        ax = axes[_panel_of(name)]
        ax.plot(alpha, values, style, color=colors[name], lw=THEORY["lw"] if style == "-" else SIMULATION["lw"])
        if band is not None:
            ax.fill_between(alpha, values - band[name], values + band[name], color=colors[name], alpha=0.25, lw=0)


def name_trajectories(axes: list, names: list[str]) -> None:
    """Beside every panel of several curves, a legend naming each colour (rho_11, Q_12, ...)."""
    colors = panel_colors(names)
    for index, ax in enumerate(axes):
        members = [name for name in names if _panel_of(name) == index]
        if len(members) > 1:
            names_legend(ax, members, [colors[name] for name in members])


def plot_trajectory(path: str | os.PathLike[str], alpha: np.ndarray, rho: np.ndarray, Q: np.ndarray, risk: np.ndarray) -> Path:
    """Draw the four panels of Figure 1 for one trajectory (K, ...) or the mean and standard error of
    replicas (R, K, ...); the image format follows the file's suffix."""
    fig = Figure(figsize=(12, 7.5))
    axes = trajectory_panels(fig)
    columns = trajectory_columns(np.asarray(rho), np.asarray(Q), np.asarray(risk))
    if np.ndim(risk) == 2:
        mean = {name: v.mean(axis=0) for name, v in columns.items()}
        sem = {name: v.std(axis=0, ddof=1) / np.sqrt(len(v)) if len(v) > 1 else 0 * v[0] for name, v in columns.items()}
        draw_trajectories(axes, alpha, mean, "--", sem)
        style_legend(axes[3], theory=None, simulation=f"mean of {len(risk)} runs $\\pm$ s.e.")
    else:
        draw_trajectories(axes, alpha, columns, "-")
    name_trajectories(axes, list(columns))
    fig.tight_layout()
    return write_figure_atomic(fig, path)
