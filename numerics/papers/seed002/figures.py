"""Seed 002 Figure 1 (Wang, Abernethy) from :mod:`numerics.papers.seed002.engine`."""

from __future__ import annotations

from typing import Any

import numpy as np

from quadwick.numerics.papers.seed002 import engine as paper

from quadwick.numerics.figures.base import Figure, Progress, Table

__all__ = ["ENTRIES"]


def _first_below(values: np.ndarray, iterations: np.ndarray, level: float) -> float:
    below = np.flatnonzero(values < level)
    return float(iterations[below[0]]) if len(below) else float("nan")


def _figure1(quick: bool, rng: np.random.Generator, progress: Progress | None) -> tuple[Table, str]:
    """K = 1, 3, 10 students: train/test objective (2), distance (13) and quantity (9) against GD iterations."""
    curves = paper.figure1_runs((1, 3, 10), rng, iterations=6000 if quick else 20000, progress=progress)
    rows = [(c.K, int(i), a, b, e, q) for c in curves
            for i, a, b, e, q in zip(c.iterations, c.train, c.test, c.distance, c.convexity)]
    lines = [f"K = {c.K}: train < 1e-2 from iteration {_first_below(c.train, c.iterations, 1e-2):g}, "
             f"distance < 0.5 from {_first_below(c.distance, c.iterations, 0.5):g}, quantity (9) > 0 from "
             f"{_first_below(-c.convexity, c.iterations, 0.0):g}; final train {c.train[-1]:.2e}, "
             f"test {c.test[-1]:.2e}, distance {c.distance[-1]:.3f}" for c in curves]
    table = Table(("K", "iteration", "train", "test", "distance", "quantity9"), rows)
    return table, "seed002-1 (002 Figure 1): d = 10, n = 200, eta = 1e-3, w* = e1, W0 ~ 0.01 N(0, I/d)\n" + "\n".join(lines)


def _draw1(table: Table, fig: Any) -> None:
    """Training and test objective (2), distance (4) and quantity (9) against the GD iteration, one colour per K."""
    axes = fig.subplots(1, 4)
    for K in sorted({r[0] for r in table.rows}):
        part = table.where(K=K)
        for ax, key in zip(axes, ("train", "test", "distance")):
            ax.semilogy(part.column("iteration"), part.column(key), label=f"$K = {K}$")
        axes[3].plot(part.column("iteration"), part.column("quantity9"), label=f"$K = {K}$")
    labels = (("training data", "objective (2)"), ("test data", "objective (2)"),
              ("distance to the solutions", r"$\mathrm{dist}(W_t, w_*)$, eq. (4)"),
              ("strong convexity (> 0: benign)", r"quantity (9) at $w_* q_t^\top$"))
    for ax, (title, ylabel) in zip(axes, labels):
        ax.set(title=title, xlabel="GD iteration $t$", ylabel=ylabel)
    axes[3].axhline(0.0, color="0.5", linewidth=0.5)
    axes[0].legend(fontsize=7)


def _caveat(table: Table) -> str:
    """Where the curves contradict the paper's 'larger K decreases the error faster': the largest K leaves the
    plateau first (training objective below 1e-2) but ends above the smallest K's (empty otherwise)."""
    Ks = sorted({r[0] for r in table.rows})
    small, large = (table.where(K=K) for K in (Ks[0], Ks[-1]))
    escape = [_first_below(part.column("train"), part.column("iteration"), 1e-2) for part in (small, large)]
    final = [part.column("train")[-1] for part in (small, large)]
    if final[1] <= final[0]:
        return ""
    when = ", ".join(f"$K = {K}$ at iteration {t:.0f}" if np.isfinite(t) else f"$K = {K}$ never"
                     for K, t in zip((Ks[0], Ks[-1]), escape))
    return (f"Against the paper's message: the training objective falls below 1e-2 first for the larger K ({when}), "
            f"but $K = {Ks[0]}$ converges faster afterwards and ends lower ({final[0]:.1e} against {final[1]:.1e} for "
            f"$K = {Ks[-1]}$); claim 002-fig1 of the report weighs this")


ENTRIES = [Figure("seed002-1", "figure", r"002 Fig. 1: over-parametrization, $K = 1, 3, 10$ student neurons", _figure1, _draw1,
                  size=(13, 3.8), caveat=_caveat)]
