"""Seed 003's Figures 1-4 (Section 4 and App. 7.4) as figure entries: each computes a table and draws it.

* Figure 1: the ODE (solid) against the mean of R overlap-space SGD simulations (dashed, shaded
  standard error) from the same eq. (8) overlaps: rho_kl, Q_kk' (k != k'), Q_kk and the risk
  (p = 6, p* = 3, eta = 0.01, N = 10^4, R = 10, alpha up to 2000).
* Figure 2: alpha_c, where R(alpha_c) = R(0)/2, against eta (p = p* = 3, eps = 0.01, mean over
  initialisations), and eta_opt = argmin_eta <alpha_c> against p (p* = 3).
* Figure 3: ||rho(t) - rho_bar||_F to the predicted solution of eqs. (19)-(21) for the trajectory
  from rho_0 (black) and for other initialisations (grey), and the risks.
* Figure 4: the entries of S(t) = rho (rho^T rho)^{-1/2} (eq. (37)) over t.

Each ``compute_N(quick, rng, progress)`` returns the figure's :class:`~numerics.figures.base.Table` and a
summary, each ``draw_N(table, fig)`` draws that table; :data:`ENTRIES` pairs them as
:class:`~numerics.figures.base.Figure` entries "1" to "4", which write figureN.csv, .txt, .png and .pdf.
``quick`` sizes run in well under a minute.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from quadwick.derive.model import preset
from quadwick.numerics.dynamics import ode, sgd
from quadwick.numerics.kernels.derived import kernels as kernels_of
from quadwick.numerics.figures.base import Figure, Table
from quadwick.numerics.figures.style import distinct_colors, log_ticks, math_label, names_legend, style_legend
from quadwick.numerics.figures.trajectory import draw_trajectories, name_trajectories, trajectory_columns, trajectory_panels
from quadwick.numerics.minimum import Minimum, bracketed_minimum
from quadwick.numerics.state import initial_overlaps
from quadwick.numerics.sweep import ODETask

__all__ = ["ENTRIES", "ETA_GRID", "ETA_OPT_FLATNESS", "ETA_OPT_XATOL", "alpha_c_runs", "eta_opt", "compute_1", "compute_2", "compute_3", "compute_4",
           "draw_1", "draw_2", "draw_3", "draw_4"]

Progress = Callable[[float], None] | None


def _table(columns: dict[str, np.ndarray]) -> Table:
    """Columns of equal length as a Table of Python floats (inf where a value is infinite)."""
    arrays = [np.asarray(values, dtype=float) for values in columns.values()]
    return Table(tuple(columns), [tuple(float(v) for v in row) for row in zip(*arrays)])


def _columns(table: Table, prefix: str) -> dict[str, np.ndarray]:
    """The table's columns whose names start with ``prefix``, by the rest of their name."""
    return {name[len(prefix):]: table.column(name) for name in table.columns if name.startswith(prefix)}


# -- Figure 1 -----------------------------------------------------------------------------------------


def compute_1(quick: bool, rng: np.random.Generator, progress: Progress = None) -> tuple[Table, str]:
    """ODE against the mean +- standard error of R overlap-space simulations from the same eq. (8) overlaps.

    Full: p = 6, p* = 3, eta = 0.01, eps = 1/sqrt(N) = 0.01, N = 10^4, R = 10, alpha up to 2000.
    Quick: eta = 0.05, N = 1000, R = 10, alpha up to 400 (the same t = eta alpha span of escape). R is the full size's
    and claim 003-fig1's, whose allowance the caveat applies (5 standard errors, chosen for 9-11 degrees of freedom):
    with 6 runs the standard errors are less certain, and the caveat fired for 5 of 40 seeds against 2 of 40 with 10.
    Columns: alpha, N (constant), then ode_X, sim_mean_X, sim_sem_X for every order parameter X and the risk.
    """
    eta, N, replicas, alpha_max = (0.05, 1000, 10, 400.0) if quick else (0.01, 10_000, 10, 2000.0)
    model = preset("seed003", 6, 3)
    rho0, Q0 = initial_overlaps(model, 1 / np.sqrt(N), rng)
    options = sgd.SGDOptions(N=N, eta=eta, alpha_max=alpha_max, points=201, replicas=replicas)
    simulation = sgd.simulate_overlaps(model, rho0, Q0, options, rng, progress=progress).check()
    alpha = simulation.alpha
    exact = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=eta, alpha_max=alpha_max, points=len(alpha))).check()
    theory = trajectory_columns(exact.rho, exact.Q, exact.risk)
    sims = trajectory_columns(simulation.rho, simulation.Q, simulation.risk)
    columns = {"alpha": alpha, "N": np.full(len(alpha), N)}
    for name in theory:
        columns.update({f"ode_{name}": theory[name], f"sim_mean_{name}": sims[name].mean(axis=0),
                        f"sim_sem_{name}": sims[name].std(axis=0, ddof=1) / np.sqrt(replicas)})
    summary = (f"seed 003 Figure 1: ODE (solid) against the mean of {replicas} SGD runs (dashed, +- s.e.); p = 6, p* = 3, "
               f"eta = {eta}, N = {N}; final risk {exact.risk[-1]:.3g} (ODE), {columns['sim_mean_risk'][-1]:.3g} (SGD)")
    return _table(columns), summary


def draw_1(table: Table, fig: Any) -> None:
    """The four trajectory panels: the ODE solid, the simulations' mean dashed with its error band."""
    axes = trajectory_panels(fig)
    alpha = table.column("alpha")
    draw_trajectories(axes, alpha, _columns(table, "ode_"), "-")
    draw_trajectories(axes, alpha, _columns(table, "sim_mean_"), "--", _columns(table, "sim_sem_"))
    name_trajectories(axes, list(_columns(table, "ode_")))
    style_legend(axes[3], theory="ODE", simulation="overlap-space SGD: mean $\\pm$ s.e.", loc="lower left")


def caveat_1(table: Table) -> str:
    """Where the simulations' mean strays from the ODE by more than 5 standard errors + 1/sqrt(N) (claim 003-fig1's
    allowance for a finite-N bias): the curve with the largest gap |mean - ODE| - 1/sqrt(N) in standard errors (and
    how many stray), or empty when none does."""
    alpha, allowance, gaps = table.column("alpha"), 1 / np.sqrt(table.column("N")[0]), {}
    for name, ode_values in _columns(table, "ode_").items():
        sem = table.column(f"sim_sem_{name}")
        excess = np.abs(table.column(f"sim_mean_{name}") - ode_values) - allowance
        z = np.where(excess > 0, excess / np.where(sem > 0, sem, np.inf), 0.0)
        gaps[name] = (float(z.max()), float(alpha[int(np.argmax(z))]))
    stray = {name: gap for name, gap in gaps.items() if gap[0] > 5.0}
    if not stray:
        return ""
    name, (z, where) = max(stray.items(), key=lambda item: item[1][0])
    return (f"The simulations' mean strays from the ODE by more than 5 standard errors + $1/\\sqrt{{N}}$ for {len(stray)} "
            f"of {len(gaps)} curves, most for {math_label(name)} ({z:.1f} standard errors beyond $1/\\sqrt{{N}}$ at "
            f"$\\alpha = {where:.0f}$)")


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
# risk) that keeps Brent's method numeric; Brent's tolerance in ln eta (0.5% in eta), and eta_opt's uncertainty: the
# etas where <alpha_c> is within 1% of its minimum.
ETA_GRID = tuple(float(eta) for eta in np.geomspace(0.05, 3.0, 12))
_NEVER_HALVED = 1e12
ETA_OPT_XATOL, ETA_OPT_FLATNESS = 0.005, 0.01


def eta_opt(p: int, inits: int, seed: int, t_max: float = 60.0) -> Minimum:
    """eta_opt = argmin_eta <alpha_c>(eta) for p* = 3, with <alpha_c> the mean over ``inits`` eq. (8) starts (eps =
    0.01, drawn with ``seed``; the same starts at every eta) of alpha_c, R(alpha_c) = R(0)/2: Figure 2's right panel
    and claim 003-fig2 (the one definition).

    As the paper does, eta increases along ETA_GRID until the system fails to halve its risk (<alpha_c> infinite);
    :func:`numerics.minimum.bracketed_minimum` refines the grid's best point by a bounded Brent search in x = ln eta
    (tolerance ETA_OPT_XATOL) and states the uncertainty as the interval {eta: <alpha_c>(eta) <= (1 +
    ETA_OPT_FLATNESS) <alpha_c>(eta_opt)}. Returned as that Minimum in x = ln eta: eta_opt = exp(x),
    <alpha_c>(eta_opt) = value, the interval [exp(low), exp(high)].
    """
    def mean_alpha_c(log_eta: float) -> float:
        value = float(alpha_c_runs(p, [float(np.exp(log_eta))], inits, seed, t_max).mean())
        return value if np.isfinite(value) else _NEVER_HALVED

    return bracketed_minimum(mean_alpha_c, np.log(ETA_GRID), rel=ETA_OPT_FLATNESS, xatol=ETA_OPT_XATOL, stop=_NEVER_HALVED)


def compute_2(quick: bool, rng: np.random.Generator, progress: Progress = None) -> tuple[Table, str]:
    """Left: <alpha_c> against eta for each p (p* = 3, eps = 0.01); right: eta_opt against p.

    Full: 20 initialisations per eta, 24 values of eta in [0.01, 3], p = 3..8.  Quick: 2 initialisations, 8 values
    of eta in [0.05, 2], p = 3, 6.  A mean over initialisations is finite only when every one of them halves its
    risk. Rows (kind, p, eta, alpha_c, eta_low, eta_high): kind "scan" for the grid (eta_low = eta_high = eta),
    "optimum" for eta_opt, <alpha_c>(eta_opt) and the etas [eta_low, eta_high] where <alpha_c> is within
    ETA_OPT_FLATNESS of its minimum (:func:`eta_opt`).
    """
    inits, etas, widths = (2, np.geomspace(0.05, 2.0, 8), (3, 6)) if quick else (20, np.geomspace(0.01, 3.0, 24), tuple(range(3, 9)))
    seeds = [int(seed) for seed in rng.integers(0, 2**31 - 1, size=len(widths))]
    rows = []
    for index, (p, seed) in enumerate(zip(widths, seeds)):
        means = alpha_c_runs(p, etas, inits, seed, t_max=60.0).mean(axis=1)
        rows += [("scan", p, float(eta), float(mean), float(eta), float(eta)) for eta, mean in zip(etas, means)]
        best = eta_opt(p, inits, seed)
        rows.append(("optimum", p, float(np.exp(best.x)), best.value, float(np.exp(best.low)), float(np.exp(best.high))))
        if progress is not None:
            progress((index + 1) / len(widths))
    table = Table(("kind", "p", "eta", "alpha_c", "eta_low", "eta_high"), rows)
    optimum = table.where(kind="optimum")
    summary = (f"seed 003 Figure 2 ({inits} initialisations, eps = 0.01, p* = 3): eta_opt = "
               + ", ".join(f"{eta:.3g} [{low:.3g}, {high:.3g}] at p = {p}" for p, eta, low, high in
                           zip(optimum.column("p"), optimum.column("eta"), optimum.column("eta_low"),
                               optimum.column("eta_high")))
               + f" (in brackets: the etas where <alpha_c> is within {ETA_OPT_FLATNESS:.0%} of its minimum)")
    return table, summary


def draw_2(table: Table, fig: Any) -> None:
    """Left: <alpha_c> against eta for each p (log-log), eta_opt marked with its interval; right: eta_opt against p
    with that interval as error bars, and the least-squares line a p + b (the law claim 003-fig2 tests)."""
    left, right = fig.subplots(1, 2)
    scan, optimum = table.where(kind="scan"), table.where(kind="optimum")
    widths = [int(p) for p in optimum.column("p")]
    colors = dict(zip(widths, distinct_colors(len(widths))))
    for p in widths:
        curve, best = scan.where(p=p), optimum.where(p=p)
        finite = np.isfinite(curve.column("alpha_c"))
        left.plot(curve.column("eta")[finite], curve.column("alpha_c")[finite], "o-", ms=3, lw=1, color=colors[p],
                  label=f"$p = {p}$")
        eta, low, high = (best.column(name) for name in ("eta", "eta_low", "eta_high"))
        left.errorbar(eta, best.column("alpha_c"), xerr=[eta - low, high - eta], fmt="*", ms=9, color=colors[p],
                      mec="k", mew=0.5, capsize=2)
    log_ticks(left, "x")
    log_ticks(left, "y", subs=(1.0, 2.0, 3.0, 5.0))
    left.margins(0.05, 0.1)
    left.set(xlabel=r"learning rate $\eta$", ylabel=r"$\langle\alpha_c\rangle$, $\mathcal{R}(\alpha_c) = \mathcal{R}(0)/2$",
             title=r"$p^* = 3$, $\epsilon = 0.01$; $\star$: $\eta_{\mathrm{opt}}$")
    left.legend(fontsize=7, ncol=2)
    p = optimum.column("p")
    eta, low, high = (optimum.column(name) for name in ("eta", "eta_low", "eta_high"))
    right.errorbar(p, eta, yerr=[eta - low, high - eta], fmt="none", ecolor="0.3", capsize=3, lw=1,
                   label=r"$\langle\alpha_c\rangle$ within " + f"{ETA_OPT_FLATNESS:.0%}"
                   + " of its minimum")
    right.scatter(p, eta, c=[colors[int(w)] for w in p], edgecolors="k", linewidths=0.5, zorder=3, marker="*", s=90,
                  label=r"$\eta_{\mathrm{opt}} = \mathrm{argmin}_\eta \langle\alpha_c\rangle$")
    if len(p) >= 2:
        slope, intercept = np.polyfit(p, eta, 1)
        line = np.linspace(p.min(), p.max(), 2)
        right.plot(line, slope * line + intercept, "k--", lw=0.8,
                   label=f"least squares ${slope:.3g}\\,p {'+' if intercept >= 0 else '-'} {abs(intercept):.3g}$")
    right.set(xlabel=r"student width $p$", ylabel=r"$\eta_{\mathrm{opt}}$", title=r"$p^* = 3$", xticks=p)
    right.legend(fontsize=7, loc="upper left")


# -- Figures 3 and 4 ---------------------------------------------------------------------------------


def compute_3(quick: bool, rng: np.random.Generator, progress: Progress = None) -> tuple[Table, str]:
    """Distance ||rho(t) - rho_bar(rho_0)||_F for the trajectory from rho_0 and for others; their risks.

    p = 6, p* = 3, eta = 0.01, eps = 0.01; t = eta alpha on a log grid up to 500 (quick: 200), 8 other
    initialisations (quick: 3). Columns t, distance_own, risk_own, distance_otherI, risk_otherI.
    """
    others, t_max = (3, 200.0) if quick else (8, 500.0)
    model = preset("seed003", 6, 3)
    kernels = kernels_of(model)
    options = ode.ODEOptions.in_t(0.01, t_max, points=121, spacing="log")
    runs = []
    for index in range(others + 1):
        rho0, Q0 = initial_overlaps(model, 0.01, rng)
        runs.append(ode.integrate(model, rho0, Q0, options, kernels=kernels).check())
        if progress is not None:
            progress((index + 1) / (others + 1))
    rho_bar = runs[0].closest_solution()[0]
    columns = {"t": runs[0].t}
    for index, run in enumerate(runs):
        label = "own" if index == 0 else f"other{index}"
        columns.update({f"distance_{label}": run.distance_to_prediction(rho_bar), f"risk_{label}": run.risk})
    summary = (f"seed 003 Figure 3: distance to the solution predicted from rho_0 at t = {t_max:g}: "
               f"{columns['distance_own'][-1]:.3g} from rho_0, "
               + ", ".join(f"{columns[f'distance_other{i}'][-1]:.3g}" for i in range(1, others + 1)) + " from the others")
    return _table(columns), summary


def draw_3(table: Table, fig: Any) -> None:
    """Distances (left) and risks (right) against t: the trajectory from rho_0 in black, the others in grey."""
    left, right = fig.subplots(1, 2)
    t = table.column("t")
    for label, distance in _columns(table, "distance_").items():
        own = label == "own"
        first_other = label == "other1"
        style = {"color": "black" if own else "0.6", "lw": 1.5 if own else 1.0,
                 "label": r"the trajectory from $\rho_0$" if own else ("other eq. (8) initialisations" if first_other else None)}
        left.plot(t, distance, **style)
        right.plot(t, table.column(f"risk_{label}"), **style)
    left.set(xscale="log", xlabel=r"$t = \eta\alpha$", ylabel=r"$\|\rho(t) - \bar\rho(\rho_0)\|_F$",
             title=r"distance to the solution $\bar\rho(\rho_0)$ of eqs. (19)-(21)")
    right.set(xscale="log", yscale="log", xlabel=r"$t = \eta\alpha$", ylabel=r"$\mathcal{R}(t)$", title="population risk")
    left.legend(fontsize=7)
    right.legend(fontsize=7)


def compute_4(quick: bool, rng: np.random.Generator, progress: Progress = None) -> tuple[Table, str]:
    """Entries of S(t) = rho (rho^T rho)^{-1/2} (eq. (37)) over t for one eq. (8) initialisation.

    p = 6, p* = 3, eta = 0.01, eps = 0.01, t up to 100 (quick: 40) on a log grid. Columns t, S_kl.
    """
    model = preset("seed003", 6, 3)
    options = ode.ODEOptions.in_t(0.01, 40.0 if quick else 100.0, points=121, spacing="log")
    rho0, Q0 = initial_overlaps(model, 0.01, rng)
    run = ode.integrate(model, rho0, Q0, options, progress=progress).check()
    S = run.S
    columns = {"t": run.t, **{f"S_{k + 1}{l + 1}": S[:, k, l] for k in range(6) for l in range(3)}}
    drift = float(np.ptp(S, axis=0).max())
    return _table(columns), f"seed 003 Figure 4: the 18 entries of S(t) move by at most {drift:.1e} over t in [0, {run.t[-1]:g}]"


def draw_4(table: Table, fig: Any) -> None:
    """Every entry of S against t (log axis, t > 0), each in its colour, named beside the panel."""
    ax = fig.subplots()
    t = table.column("t")
    entries = _columns(table, "S_")
    colors = distinct_colors(len(entries))
    for color, values in zip(colors, entries.values()):
        ax.plot(t[1:], values[1:], lw=1, color=color)
    names_legend(ax, [f"S_{name}" for name in entries], colors)
    ax.set(xscale="log", xlabel=r"$t = \eta\alpha$", ylabel=r"$S_{kl}(t)$",
           title=r"$S = \rho\,(\rho^\top\rho)^{-1/2}$ (eq. (37)) is conserved")


ENTRIES = [
    Figure("1", "figure", r"seed 003 Fig. 1: the ODE against the mean of finite-$N$ one-pass SGD, every order parameter "
           r"and the risk ($p = 6$, $p^* = 3$)", compute_1, draw_1, stem="figure1", size=(12, 7.5), caveat=caveat_1),
    Figure("2", "figure", r"seed 003 Fig. 2: $\langle\alpha_c\rangle$ against $\eta$, and $\eta_{\mathrm{opt}}$ against $p$",
           compute_2, draw_2, stem="figure2", size=(11, 4.3),
           quick_note="two initialisations at two widths only: a line through two points cannot test the linear law "
                      "(the full size: 20 initialisations, widths 3 to 8)"),
    Figure("3", "figure", r"seed 003 Fig. 3: distance to the closest zero-error solution predicted from $\rho_0$",
           compute_3, draw_3, stem="figure3", size=(10, 4)),
    Figure("4", "figure", r"seed 003 Fig. 4: the entries of the conserved $S(t)$ over time", compute_4, draw_4,
           stem="figure4", size=(7.5, 4.5)),
]
