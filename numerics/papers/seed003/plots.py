"""Seed 003's Figures 1-4 (Section 4 and App. 7.4) as PNG and PDF with their data in CSV beside them.

* Figure 1: the ODE (solid) against the mean of R overlap-space SGD simulations (dashed, shaded
  standard error) from the same eq. (8) overlaps: rho_kl, Q_kk' (k != k'), Q_kk and the risk
  (p = 6, p* = 3, eta = 0.01, N = 10^4, R = 10, alpha up to 2000).
* Figure 2: alpha_c, where R(alpha_c) = R(0)/2, against eta (p = p* = 3, eps = 0.01, mean over
  initialisations), and eta_opt = argmin_eta <alpha_c> against p (p* = 3).
* Figure 3: ||rho(t) - rho_bar||_F to the predicted solution of eqs. (19)-(21) for the trajectory
  from rho_0 (black) and for other initialisations (grey), and the risks.
* Figure 4: the entries of S(t) = rho (rho^T rho)^{-1/2} (eq. (37)) over t.

Each ``figure_N(out_dir, quick, seed, progress)`` writes figureN.png, figureN.pdf and figureN.csv
(figure 2 also figure2_opt.csv) and returns the paths; ``quick`` sizes run in well under a minute.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from matplotlib.figure import Figure
from scipy.optimize import minimize_scalar

from derive.model import preset
from numerics import ode, sgd
from numerics.compiled import kernels as kernels_of
from numerics.state import initial_overlaps
from numerics.files import write_csv_atomic, write_figure_atomic
from numerics.figures.trajectory import draw_trajectories, trajectory_columns, trajectory_panels
from numerics.sweep import ODETask

__all__ = ["SEED003_FIGURES", "ETA_GRID", "alpha_c_runs", "eta_opt", "figure_1", "figure_2", "figure_3", "figure_4"]

Progress = Callable[[float], None] | None


# -- writers ----------------------------------------------------------------------------------------


def _write_csv(path: Path, columns: dict[str, np.ndarray]) -> Path:
    """Columns of equal length as CSV (header, then rows; %.10g), written atomically."""
    table = np.column_stack([np.asarray(v, dtype=float) for v in columns.values()])
    return write_csv_atomic(path, list(columns), ([f"{value:.10g}" for value in row] for row in table))


def _save(fig: Figure, stem: Path) -> list[Path]:
    """fig as stem.png and stem.pdf, each written atomically."""
    return [write_figure_atomic(fig, stem.with_suffix(f".{suffix}")) for suffix in ("png", "pdf")]


# -- Figure 1 -----------------------------------------------------------------------------------------


def figure_1(out_dir: str | os.PathLike[str], quick: bool = False, seed: int = 0, progress: Progress = None) -> list[Path]:
    """ODE against the mean +- standard error of R overlap-space simulations from the same eq. (8) overlaps.

    Full: p = 6, p* = 3, eta = 0.01, eps = 1/sqrt(N) = 0.01, N = 10^4, R = 10, alpha up to 2000.
    Quick: eta = 0.05, N = 1000, R = 6, alpha up to 400 (the same t = eta alpha span of escape).
    """
    eta, N, replicas, alpha_max = (0.05, 1000, 6, 400.0) if quick else (0.01, 10_000, 10, 2000.0)
    model = preset("seed003", 6, 3)
    rng = np.random.default_rng(seed)
    rho0, Q0 = initial_overlaps(model, 1 / np.sqrt(N), rng)
    options = sgd.SGDOptions(N=N, eta=eta, alpha_max=alpha_max, points=201, replicas=replicas)
    simulation = sgd.simulate_overlaps(model, rho0, Q0, options, rng, progress=progress).check()
    alpha = simulation.alpha
    exact = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=eta, alpha_max=alpha_max, points=len(alpha)), seed=seed).check()
    theory = trajectory_columns(exact.rho, exact.Q, exact.risk)
    sims = trajectory_columns(simulation.rho, simulation.Q, simulation.risk)
    mean = {name: v.mean(axis=0) for name, v in sims.items()}
    sem = {name: v.std(axis=0, ddof=1) / np.sqrt(replicas) for name, v in sims.items()}
    columns = {"alpha": alpha}
    for name in theory:
        columns.update({f"ode_{name}": theory[name], f"sim_mean_{name}": mean[name], f"sim_sem_{name}": sem[name]})
    out = Path(out_dir)
    files = [_write_csv(out / "figure1.csv", columns)]
    fig = Figure(figsize=(10, 7))
    axes = trajectory_panels(fig)
    draw_trajectories(axes, alpha, theory, "-")
    draw_trajectories(axes, alpha, mean, "--", sem)
    fig.suptitle(f"seed 003 Fig. 1: ODE (solid) vs mean of {replicas} SGD runs (dashed, +- s.e.); p=6, p*=3, eta={eta}, N={N}", fontsize=9)
    fig.tight_layout()
    return files + _save(fig, out / "figure1")


# -- Figure 2 -----------------------------------------------------------------------------------------


def alpha_c_runs(p: int, etas: Sequence[float], inits: int, seed: int, t_max: float) -> np.ndarray:
    """Figure 2's runs: alpha_c, the alpha at which the ODE risk halves, for each eta and each of ``inits``
    eq. (8) starts (p* = 3, eps = 0.01, drawn with ``seed``), shape (len(etas), inits); inf where the
    risk never halves (or the run diverges) by t = eta alpha = t_max."""
    model = preset("seed003", p, 3)
    kernels = kernels_of(model)
    task = ODETask(t_max=t_max, eps=0.01, points=2, stop_at_half_risk=True)
    rng = np.random.default_rng(seed)
    starts = [task.start(model, rng) for _ in range(inits)]
    values = np.full((len(etas), inits), np.inf)
    for i, eta in enumerate(etas):
        for j, start in enumerate(starts):
            result = task.integrate(model, start, eta, kernels=kernels)
            if result.events.half_risk is not None:
                values[i, j] = result.events.half_risk
    return values


# eta_opt's coarse scan of eta (upwards), and a finite stand-in for <alpha_c> = infinity (some start never halves its
# risk) that keeps Brent's method numeric.
ETA_GRID = tuple(float(eta) for eta in np.geomspace(0.05, 3.0, 12))
_NEVER_HALVED = 1e12


def eta_opt(p: int, inits: int, seed: int, t_max: float = 60.0) -> tuple[float, float]:
    """(eta_opt, <alpha_c>(eta_opt)) for p* = 3: the argmin over eta of alpha_c averaged over ``inits`` eq. (8)
    starts (eps = 0.01, drawn with ``seed``; the same starts at every eta), Figure 2's right panel.

    As the paper does, eta increases along ETA_GRID until the system fails to halve its risk (<alpha_c> infinite);
    the grid minimum and its neighbours bracket a bounded minimisation in log eta (0.5% in eta).
    """
    def mean_alpha_c(log_eta: float) -> float:
        value = float(alpha_c_runs(p, [float(np.exp(log_eta))], inits, seed, t_max).mean())
        return value if np.isfinite(value) else _NEVER_HALVED

    scanned = []
    for eta in ETA_GRID:
        scanned.append(mean_alpha_c(float(np.log(eta))))
        if scanned[-1] >= _NEVER_HALVED:
            break
    best = int(np.argmin(scanned))
    bounds = (float(np.log(ETA_GRID[max(best - 1, 0)])), float(np.log(ETA_GRID[min(best + 1, len(ETA_GRID) - 1)])))
    result = minimize_scalar(mean_alpha_c, bounds=bounds, method="bounded", options={"xatol": 0.005})
    return float(np.exp(result.x)), float(result.fun)


def figure_2(out_dir: str | os.PathLike[str], quick: bool = False, seed: int = 0, progress: Progress = None) -> list[Path]:
    """Left: <alpha_c> against eta for p = p* = 3 (eps = 0.01); right: eta_opt against p (p* = 3).

    Full: 20 initialisations per eta, 24 values of eta in [0.01, 3], p = 3..8.  Quick: 2
    initialisations, 8 values of eta in [0.05, 2], p = 3, 6.  A mean over initialisations is finite only
    when every one of them halves its risk.
    """
    inits, etas, widths = (2, np.geomspace(0.05, 2.0, 8), (3, 6)) if quick else (20, np.geomspace(0.01, 3.0, 24), tuple(range(3, 9)))
    means = []
    for index, p in enumerate(widths):
        means.append(alpha_c_runs(p, etas, inits, seed + p, t_max=60.0).mean(axis=1))
        if progress is not None:
            progress((index + 1) / len(widths))
    means = np.array(means)
    optimal = np.array([eta_opt(p, inits, seed + p)[0] for p in widths])
    out = Path(out_dir)
    files = [
        _write_csv(out / "figure2.csv", {"eta": etas, **{f"alpha_c_p{p}": m for p, m in zip(widths, means)}}),
        _write_csv(out / "figure2_opt.csv", {"p": np.array(widths, dtype=float), "eta_opt": optimal}),
    ]
    fig = Figure(figsize=(10, 4))
    left, right = fig.subplots(1, 2)
    finite = np.isfinite(means[0])
    left.loglog(etas[finite], means[0][finite], "o-")
    left.set(xlabel="eta", ylabel="<alpha_c>", title=f"p = p* = 3, eps = 0.01, {inits} initialisations")
    right.plot(widths, optimal, "o-")  # eta_opt refined between the grid points (the left panel's grid is coarser)
    right.set(xlabel="p", ylabel="eta_opt", title="p* = 3")
    fig.tight_layout()
    return files + _save(fig, out / "figure2")


# -- Figures 3 and 4 ---------------------------------------------------------------------------------


def figure_3(out_dir: str | os.PathLike[str], quick: bool = False, seed: int = 0, progress: Progress = None) -> list[Path]:
    """Distance ||rho(t) - rho_bar(rho_0)||_F for the trajectory from rho_0 and for others; their risks.

    p = 6, p* = 3, eta = 0.01, eps = 0.01; t = eta alpha on a log grid up to 500 (quick: 200), 8 other
    initialisations (quick: 3).
    """
    others, t_max = (3, 200.0) if quick else (8, 500.0)
    model = preset("seed003", 6, 3)
    kernels = kernels_of(model)
    rng = np.random.default_rng(seed)
    options = ode.ODEOptions.in_t(0.01, t_max, points=121, spacing="log")
    runs = []
    for index in range(others + 1):
        rho0, Q0 = initial_overlaps(model, 0.01, rng)
        runs.append(ode.integrate(model, rho0, Q0, options, kernels=kernels).check())
        if progress is not None:
            progress((index + 1) / (others + 1))
    rho_bar = runs[0].closest_solution()[0]
    t = runs[0].t
    columns = {"t": t}
    for index, run in enumerate(runs):
        label = "own" if index == 0 else f"other{index}"
        columns.update({f"distance_{label}": run.distance_to_prediction(rho_bar), f"risk_{label}": run.risk})
    out = Path(out_dir)
    files = [_write_csv(out / "figure3.csv", columns)]
    fig = Figure(figsize=(10, 4))
    left, right = fig.subplots(1, 2)
    for index, run in enumerate(runs):
        color = "black" if index == 0 else "0.6"
        left.plot(t, run.distance_to_prediction(rho_bar), color=color, lw=1.5 if index == 0 else 1)
        right.plot(t, run.risk, color=color, lw=1.5 if index == 0 else 1)
    left.set(xscale="log", xlabel="t = eta alpha", ylabel="||rho(t) - rho_bar||", title="distance to eqs. (19)-(21) from rho_0")
    right.set(xscale="log", yscale="log", xlabel="t = eta alpha", ylabel="risk")
    fig.tight_layout()
    return files + _save(fig, out / "figure3")


def figure_4(out_dir: str | os.PathLike[str], quick: bool = False, seed: int = 0, progress: Progress = None) -> list[Path]:
    """Entries of S(t) = rho (rho^T rho)^{-1/2} (eq. (37)) over t for one eq. (8) initialisation.

    p = 6, p* = 3, eta = 0.01, eps = 0.01, t up to 100 (quick: 40) on a log grid.
    """
    model = preset("seed003", 6, 3)
    options = ode.ODEOptions.in_t(0.01, 40.0 if quick else 100.0, points=121, spacing="log")
    run = ode.integrate_random(model, 0.01, seed, options, progress=progress).check()
    S = run.S
    columns = {"t": run.t, **{f"S_{k + 1}{l + 1}": S[:, k, l] for k in range(6) for l in range(3)}}
    out = Path(out_dir)
    files = [_write_csv(out / "figure4.csv", columns)]
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    for name, values in columns.items():
        if name != "t":
            ax.plot(run.t[1:], values[1:], lw=1)
    ax.set(xscale="log", xlabel="t = eta alpha", ylabel="S_kl(t)", title="seed 003 Fig. 4: S(t) is conserved")
    fig.tight_layout()
    return files + _save(fig, out / "figure4")


SEED003_FIGURES: dict[str, Callable[..., list[Path]]] = {"1": figure_1, "2": figure_2, "3": figure_3, "4": figure_4}
