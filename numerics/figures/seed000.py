"""Seed 000 figures 1-3 (Sarao Mannelli et al. 2020) from :mod:`numerics.papers.seed000`."""

from __future__ import annotations

from typing import Any

import numpy as np

from numerics.papers import seed000 as paper

from .base import Figure, Progress, Table, log_times

__all__ = ["ENTRIES"]


def _figure1(quick: bool, rng: np.random.Generator, progress: Progress | None) -> tuple[Table, str]:
    """Success fraction of empirical GD against n per (d, m*), and the n where it crosses 1/2, beside (13)."""
    cases = [(4, 1), (4, 2)] if quick else [(4, 1), (4, 2), (4, 3), (8, 1), (8, 2), (8, 4)]
    runs = 6 if quick else 40
    rows, lines = [], []
    for index, (d, mstar) in enumerate(cases):
        n_c = paper.threshold(d, mstar)
        ns = sorted({max(1, int(round(f * n_c))) for f in np.linspace(0.3, 2.2, 9 if quick else 16)})
        report = None if progress is None else (lambda f, i=index: progress((i + f) / len(cases)))
        result = paper.success_fractions(d, mstar, ns, runs, rng, progress=report)
        rows += [(r.d, r.mstar, r.n, r.runs, r.successes, r.fraction, r.n_c) for r in result]
        n_half = paper.crossing(result)
        lines.append(f"d = {d}, m* = {mstar}: success fraction reaches 1/2 at n = {n_half:.1f} "
                     f"(alpha = {n_half / d:.2f}); 000 eq. (13): n_c = {n_c:g} (alpha_c = {n_c / d:.2f})")
    table = Table(("d", "mstar", "n", "runs", "successes", "fraction", "n_c"), rows)
    return table, "seed000-1 (000 Figure 1): GD flow (5) on the empirical loss, success = E(A)/E(A(0)) < 1e-4 at t = 1e4\n" + "\n".join(lines)


def _draw1(table: Table, fig: Any) -> None:
    left, right = fig.subplots(1, 2)
    for d, mstar in sorted({(r[0], r[1]) for r in table.rows}):
        part = table.where(d=d, mstar=mstar)
        line, = left.plot(part.column("n") / d, part.column("fraction"), "o-", label=f"d={d}, m*={mstar}")
        left.axvline(part.column("n_c")[0] / d, color=line.get_color(), ls=":")
    left.set_xlabel("alpha = n/d")
    left.set_ylabel("fraction with zero generalization error")
    left.legend(fontsize=7)
    mstars = np.arange(1, 16)
    for d in sorted({r[0] for r in table.rows}):
        right.plot(mstars, [paper.threshold(d, k) / d for k in mstars], label=f"(13), d={d}")
    right.plot(mstars, mstars + 1, "k--", label="(14), d = inf")
    right.set_xlabel("teacher hidden units m*")
    right.set_ylabel("alpha_c")
    right.legend(fontsize=7)


def _figure2(quick: bool, rng: np.random.Generator, progress: Progress | None) -> tuple[Table, str]:
    """Population loss of the population GD flow (8), d = 8, m* = 2, 4, 8, 16, individual runs."""
    d, mstars, runs = 8, (2, 4, 8, 16), 3 if quick else 100
    times = log_times(10.0 if quick else 100.0, 60)
    rows, lines = [], []
    for index, mstar in enumerate(mstars):
        report = None if progress is None else (lambda f, i=index: progress((i + f) / len(mstars)))
        losses = paper.population_runs(d, mstar, runs, times, rng, progress=report)
        rows += [(mstar, r, t, e) for r in range(runs) for t, e in zip(times, losses[r])]
        tail = slice(-10, None)
        slope = np.polyfit(np.log(times[tail]), np.log(np.maximum(np.exp(np.mean(np.log(np.maximum(losses, 1e-300)), axis=0)), 1e-300))[tail], 1)[0]
        lines.append(f"m* = {mstar}: log-average E at t = {times[-1]:g}: {np.exp(np.mean(np.log(np.maximum(losses[:, -1], 1e-300)))):.3e}; "
                     f"log-log slope over the last decade {slope:.2f}")
    table = Table(("mstar", "run", "t", "E"), rows)
    return table, f"seed000-2 (000 Figure 2): population flow (8), d = {d}, Gaussian teacher\n" + "\n".join(lines)


def _draw2(table: Table, fig: Any) -> None:
    mstars = sorted({r[0] for r in table.rows})
    for ax, mstar in zip(fig.subplots(1, len(mstars)), mstars):
        part = table.where(mstar=mstar)
        for run in sorted({r[1] for r in part.rows}):
            one = part.where(run=run)
            ax.loglog(one.column("t")[1:], one.column("E")[1:], alpha=0.3)
        t = part.where(run=0).column("t")[1:]
        ax.loglog(t, 1 / (16 * t**2), "k:", label="1/(16 t^2), (26)")
        ax.set_title(f"m* = {mstar}")
        ax.set_xlabel("t")
        ax.set_ylim(1e-12, None)
    ax.legend(fontsize=7)


def _figure3(quick: bool, rng: np.random.Generator, progress: Progress | None) -> tuple[Table, str]:
    """Training and population loss of empirical GD, d = 8, m* = 1, several alpha; flow (8) and (27) beside."""
    d, mstar = 8, 1
    alphas = (1.0, 1.5, 2.5, 4.0) if quick else (1.0, 1.5, 1.875, 2.0, 2.5, 3.0, 4.0)
    runs, times = (3, log_times(100.0, 40)) if quick else (100, log_times(1000.0, 80))
    rows, lines = [], []
    for index, alpha in enumerate(alphas):
        report = None if progress is None else (lambda f, i=index: progress((i + f) / len(alphas)))
        train, population = paper.empirical_runs(d, mstar, int(round(alpha * d)), runs, times, rng, progress=report)
        rows += [("gd", alpha, r, t, a, b) for r in range(runs) for t, a, b in zip(times, train[r], population[r])]
        lines.append(f"alpha = {alpha}: median final E_n = {np.median(train[:, -1]):.2e}, E = {np.median(population[:, -1]):.2e}")
    Astar = np.zeros((d, d))
    Astar[0, 0] = 1.0
    flow = paper.loss_of_gram(paper.gd.gram_flow(np.eye(d), Astar, paper.gd.convention("seed000", d, mstar), times), Astar)
    rows += [("flow (8)", np.nan, 0, t, np.nan, e) for t, e in zip(times, flow)]
    rows += [("(27)", np.nan, 0, t, np.nan, 0.25 * ((d - mstar) / (1 + 2 * (2 + d - mstar) * t)) ** 2) for t in times]
    table = Table(("series", "alpha", "run", "t", "train", "population"), rows)
    return table, "seed000-3 (000 Figure 3): empirical flow (5), d = 8, m* = 1, orthonormal teacher\n" + "\n".join(lines)


def _draw3(table: Table, fig: Any) -> None:
    left, right = fig.subplots(1, 2)
    gd_rows = table.where(series="gd")
    for alpha in sorted({r[1] for r in gd_rows.rows}):
        part = gd_rows.where(alpha=alpha)
        t = part.where(run=0).column("t")[1:]
        for ax, key in ((left, "train"), (right, "population")):
            values = np.array([part.where(run=r).column(key)[1:] for r in sorted({x[2] for x in part.rows})])
            ax.loglog(t, np.exp(np.mean(np.log(np.maximum(values, 1e-300)), axis=0)), label=f"alpha = {alpha}")
    for series, style in (("flow (8)", "m--"), ("(27)", "k:")):
        part = table.where(series=series)
        right.loglog(part.column("t")[1:], part.column("population")[1:], style, label=series)
    left.set_ylabel("training loss E_n")
    right.set_ylabel("population loss E")
    for ax in (left, right):
        ax.set_xlabel("t")
        ax.set_ylim(1e-10, None)
    right.legend(fontsize=7)


ENTRIES = [
    Figure("seed000-1", "figure", "000 Fig. 1: recovery by GD on the empirical loss vs n, and n_c of eq. (13)", _figure1, _draw1),
    Figure("seed000-2", "figure", "000 Fig. 2: population loss under GD on the population loss, d = 8", _figure2, _draw2),
    Figure("seed000-3", "figure", "000 Fig. 3: training and population loss, d = 8, m* = 1", _figure3, _draw3),
]
