"""Seed 000 figures 1-4 (Sarao Mannelli et al. 2020) from :mod:`numerics.papers.seed000.engine` and its string method."""

from __future__ import annotations

from typing import Any

import numpy as np

from quadwick.numerics.papers.seed000 import engine as paper
from quadwick.numerics.papers.seed000 import string_method as strings

from quadwick.numerics.figures.base import Figure, Progress, Table, log_times

__all__ = ["ENTRIES"]


def _figure1(quick: bool, rng: np.random.Generator, progress: Progress | None) -> tuple[Table, str]:
    """Success fraction of empirical GD against n per (d, m*); alpha = n/d where it crosses 1/2, beside (13), (14).

    Columns alpha_half (per (d, m*)) and alpha_half_inf (per m*, extrapolated to d = inf) repeat on each row.
    """
    cases = [(4, 1), (6, 1), (4, 2), (6, 2)] if quick else [(4, 1), (4, 2), (4, 3), (8, 1), (8, 2), (8, 4)]
    runs = 6 if quick else 40
    results = {}
    for index, (d, mstar) in enumerate(cases):
        n_c = paper.threshold(d, mstar)
        ns = sorted({max(1, int(round(f * n_c))) for f in np.linspace(0.3, 2.2, 9 if quick else 16)})
        report = None if progress is None else (lambda f, i=index: progress((i + f) / len(cases)))
        results[d, mstar] = paper.success_fractions(d, mstar, ns, runs, rng, progress=report)
    alpha_half = {case: paper.crossing(rows) / case[0] for case, rows in results.items()}
    alpha_inf = {mstar: _extrapolate_in_inverse_d({d: a for (d, k), a in alpha_half.items() if k == mstar})
                 for mstar in sorted({k for _, k in cases})}
    table = Table(("d", "mstar", "n", "runs", "successes", "fraction", "n_c", "alpha_half", "alpha_half_inf"),
                  [(r.d, r.mstar, r.n, r.runs, r.successes, r.fraction, r.n_c, alpha_half[case], alpha_inf[case[1]])
                   for case, rows in results.items() for r in rows])
    lines = [(f"d = {d}, m* = {mstar}: success fraction reaches 1/2 at n = {d * alpha_half[d, mstar]:.1f} "
              f"(alpha = {alpha_half[d, mstar]:.2f})" if np.isfinite(alpha_half[d, mstar]) else
              f"d = {d}, m* = {mstar}: success fraction never reaches 1/2 on the n scanned")
             + f"; 000 eq. (13): n_c = {paper.threshold(d, mstar):g} (alpha_c = {paper.threshold(d, mstar) / d:.2f})"
             for d, mstar in cases]
    lines += [f"m* = {mstar}: alpha at 1/2 extrapolated to d = inf (linear in 1/d, d = "
              f"{', '.join(str(d) for d, k in cases if k == mstar)}): "
              + (f"{a:.2f}" if np.isfinite(a) else "not extrapolated (fewer than two d reach 1/2)")
              + f"; 000 eq. (14): alpha_c = {mstar + 1}" for mstar, a in alpha_inf.items()]
    return table, "seed000-1 (000 Figure 1): GD flow (5) on the empirical loss, success = E(A)/E(A(0)) < 1e-4 at t = 1e4\n" + "\n".join(lines)


def _extrapolate_in_inverse_d(alpha: dict[int, float]) -> float:
    """a_inf of the least-squares fit alpha(d) = a_inf + b/d (exact for (13): alpha_c = (m*+1) - m*(m*+1)/(2d)).

    nan with fewer than two dimensions or a nan among them.
    """
    d = np.array(sorted(alpha), dtype=float)
    values = np.array([alpha[int(k)] for k in d])
    if len(d) < 2 or not np.all(np.isfinite(values)):
        return float("nan")
    return float(np.polyfit(1 / d, values, 1)[1])


def _draw1(table: Table, fig: Any) -> None:
    """Left: success fraction against alpha = n/d per (d, m*), eq. (13)'s alpha_c dotted; right: alpha_c against m*
    by eqs. (13) and (14) beside the simulations' 1/2 crossings (those that exist)."""
    left, right = fig.subplots(1, 2)
    cases = sorted({(r[0], r[1]) for r in table.rows})
    for d, mstar in cases:
        part = table.where(d=d, mstar=mstar)
        line, = left.plot(part.column("n") / d, part.column("fraction"), "o-", label=f"$d = {d}$, $m^* = {mstar}$")
        left.axvline(part.column("n_c")[0] / d, color=line.get_color(), ls=":")
    left.set(xlabel=r"$\alpha = n/d$", ylabel="fraction of runs with zero\ngeneralization error",
             title=r"GD on the empirical loss; dotted: $\alpha_c$ of eq. (13)")
    left.legend(fontsize=7)
    mstars = np.arange(1, 16)
    dimensions = sorted({d for d, _ in cases})  # in greys: the left panel's colours are (d, m*) pairs
    for index, d in enumerate(dimensions):
        grey = str(0.6 - 0.45 * index / max(1, len(dimensions) - 1))
        right.plot(mstars, [paper.threshold(d, k) / d for k in mstars], color=grey, label=f"eq. (13), $d = {d}$")
    right.plot(mstars, mstars + 1, "k--", label=r"eq. (14), $d \to \infty$: $\alpha_c = m^* + 1$")
    half = [(k, table.where(d=d, mstar=k).column("alpha_half")[0]) for d, k in cases]
    half = [(k, a) for k, a in half if np.isfinite(a)]
    if half:
        right.plot(*zip(*half), "ko", fillstyle="none", label="simulations: 1/2 crossing")
    extrapolated = [(k, a) for k, a in sorted({(r[1], r[-1]) for r in table.rows}) if np.isfinite(a)]
    if extrapolated:
        right.plot(*zip(*extrapolated), "ks", label=r"simulations, extrapolated to $d \to \infty$")
    right.set(xlabel=r"teacher hidden units $m^*$", ylabel=r"$\alpha_c = n_c/d$", title="recovery threshold")
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
    """One panel per m*: E(t) of each run (log-log) and the 1/(16 t^2) law of eq. (26)."""
    mstars = sorted({r[0] for r in table.rows})
    axes = fig.subplots(1, len(mstars), sharey=True)
    for ax, mstar in zip(axes, mstars):
        part = table.where(mstar=mstar)
        for index, run in enumerate(sorted({r[1] for r in part.rows})):
            one = part.where(run=run)
            ax.loglog(one.column("t")[1:], one.column("E")[1:], color="tab:blue", alpha=0.3, lw=1,
                      label="population GD flow (8), one run each" if index == 0 else None)
        t = part.where(run=0).column("t")[1:]
        ax.loglog(t, 1 / (16 * t**2), "k:", label=r"$1/(16\,t^2)$, eq. (26)")
        ax.set(title=f"$m^* = {mstar}$", xlabel="$t$")
        ax.set_ylim(1e-12, None)
    axes[0].set_ylabel(r"population loss $E(t)$")
    axes[0].legend(fontsize=7, loc="lower left")


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
    """Training (left) and population (right) loss of empirical GD per alpha = n/d (geometric mean over runs), with
    the population flow (8) and eq. (27) beside the population loss."""
    left, right = fig.subplots(1, 2)
    gd_rows = table.where(series="gd")
    for alpha in sorted({r[1] for r in gd_rows.rows}):
        part = gd_rows.where(alpha=alpha)
        t = part.where(run=0).column("t")[1:]
        for ax, key in ((left, "train"), (right, "population")):
            values = np.array([part.where(run=r).column(key)[1:] for r in sorted({x[2] for x in part.rows})])
            ax.loglog(t, np.exp(np.mean(np.log(np.maximum(values, 1e-300)), axis=0)), label=f"$\\alpha = {alpha:g}$")
    for series, style, label in (("flow (8)", "m--", "population flow, eq. (8)"), ("(27)", "k:", "eq. (27)")):
        part = table.where(series=series)
        right.loglog(part.column("t")[1:], part.column("population")[1:], style, label=label)
    left.set(ylabel=r"training loss $E_n$", title=r"GD on the empirical loss, $d = 8$, $m^* = 1$")
    right.set(ylabel=r"population loss $E$", title="geometric mean over runs")
    for ax in (left, right):
        ax.set_xlabel("$t$")
        ax.set_ylim(1e-10, None)
        ax.legend(fontsize=7)


def _figure4(quick: bool, rng: np.random.Generator, progress: Progress | None) -> tuple[Table, str]:
    """Training (E_n) and population (E) loss along the converged string of the empirical loss, m* = 1.

    000 Figure 4: d = 4, 6, 8, n = 8, 12, 16, 20, 100 images, 10 realizations (geometric means drawn).
    """
    ds, ns = ((4, 6), (8, 20)) if quick else ((4, 6, 8), (8, 12, 16, 20))
    realizations, images, tol = (2, 50, 3e-4) if quick else (10, 100, 1e-4)
    cases = [(d, n) for d in ds for n in ns]
    rows, lines = [], []
    for index, (d, n) in enumerate(cases):
        report = None if progress is None else (lambda f, i=index: progress((i + f) / len(cases)))
        results = strings.random_strings(d, 1, n, realizations, rng, images=images, tol=tol, max_iterations=300_000,
                                         progress=report)
        rows += [(d, n, r, j, *point) for r, res in enumerate(results)
                 for j, point in enumerate(zip(res.fraction, res.arclength, res.train_loss, res.population_loss))]
        at_zero = [strings.population_loss_at_zero_training(res) for res in results]
        start_is_max = sum(int(np.argmax(res.train_loss) == 0) for res in results)
        lines.append(f"d = {d}, n = {n} ({'below' if n < paper.threshold(d, 1) else 'at or above'} n_c = 2d - 1 = "
                     f"{paper.threshold(d, 1):g}): median E/E(A(0)) where E_n first <= 1e-4 E_n(A(0)): "
                     f"{np.median(at_zero):.2e}; max E_n along the string at A(0) in {start_is_max}/{realizations}; "
                     f"converged {sum(res.converged for res in results)}/{realizations}, "
                     f"median iterations {np.median([res.iterations for res in results]):.0f}")
    table = Table(("d", "n", "realization", "image", "s", "arclength", "train", "population"), rows)
    return table, (f"seed000-4 (000 Figure 4): string method on the empirical loss, m* = 1, {images} images, "
                   f"{realizations} realization(s), orthonormal teacher, speed tolerance {tol:g}\n" + "\n".join(lines))


def _draw4(table: Table, fig: Any) -> None:
    ns = sorted({r[1] for r in table.rows})
    colors = {4: "tab:red", 6: "tab:purple", 8: "tab:blue"}
    for ax, n in zip(fig.subplots(1, len(ns), sharey=True), ns):
        for d in sorted({r[0] for r in table.rows}):
            part = table.where(d=d, n=n)
            s = part.where(realization=0).column("s")
            for key, style in (("train", "-"), ("population", "--")):
                values = np.array([part.where(realization=r).column(key) for r in sorted({x[2] for x in part.rows})])
                ax.semilogy(s, np.exp(np.mean(np.log(np.maximum(values, 1e-300)), axis=0)), style,
                            color=colors.get(d), label=f"$d = {d}$, {'$E_n$' if key == 'train' else '$E$'}")
        ax.set_title(f"$n = {n}$")
        ax.set_xlabel(r"$s$ = arclength / length, $A(0)$ to $A^*$")
        ax.set_ylim(1e-10, 10 * max(table.column("train").max(), table.column("population").max()))
    fig.axes[0].set_ylabel(r"loss along the string: $E_n$ (solid), $E$ (dashed)")
    fig.axes[-1].legend(fontsize=6)


ENTRIES = [
    Figure("seed000-1", "figure", r"000 Fig. 1: recovery by GD on the empirical loss against $n$, and $n_c$ of eq. (13)",
           _figure1, _draw1),
    Figure("seed000-2", "figure", r"000 Fig. 2: population loss under GD on the population loss, $d = 8$", _figure2, _draw2),
    Figure("seed000-3", "figure", r"000 Fig. 3: training and population loss, $d = 8$, $m^* = 1$", _figure3, _draw3),
    Figure("seed000-4", "figure", r"000 Fig. 4: training and population loss along the string from $A(0)$ to $A^*$, "
           r"$m^* = 1$", _figure4, _draw4),
]
