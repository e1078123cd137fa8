"""Classic results of the field, reproduced by the engine: the ODE beside the mean of finite-N simulations.

* ``saad-solla``: the soft committee machine of Saad & Solla (1995), sigma = sigma* = erf(z/sqrt(2)), K = M = 3,
  read-outs 1, loss (1/2)(y - yhat)^2 (so the risk is their generalisation error), T = I.  The ODE's
  generalisation error falls to the symmetric plateau (about 0.03), stays there while the student units are all
  alike, and leaves it when they specialise; finite-N simulations follow the ODE onto the plateau and leave it
  earlier, their fluctuations breaking the symmetry sooner, the gap closing as N grows.
* ``he3-single-index``: a single-index teacher He_3(u) = u^3 - 3u (information exponent 3) learned by two
  student units with sigma(z) = He_3(z) + He_2(z)/4 and read-outs 1/2: a search phase while rho is small, then the
  escape.

Each starts ODE and simulations from the same overlaps: rho_kl(0) ~ N(0, 1/N) for the committee machine (what a
random start gives), rho(0) = 0.2 for He_3 (a warm start: from rho ~ N^{-1/2} the search phase of an information
exponent 3 lasts alpha ~ N); the simulations are the exact overlap-space chain (:mod:`numerics.dynamics.sgd`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import sympy

from quadwick.derive.model import Model
from quadwick.numerics.figures.base import Figure, Progress, Table

__all__ = ["ENTRIES"]


@dataclass(frozen=True)
class _Setting:
    """One classic experiment: the model, the learning rate, the horizon, the start, and the sizes."""

    model: Model
    eta: float
    alpha_max: float
    start: Callable[[int, np.random.Generator], tuple[np.ndarray, np.ndarray]]
    sizes: tuple[int, ...]
    quick_sizes: tuple[int, ...]
    replicas: int = 16
    quick_replicas: int = 4


def _committee_start(N: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    return rng.normal(0.0, 1.0 / np.sqrt(N), (3, 3)), np.diag(rng.uniform(0.2, 0.5, 3))


def _he3_start(N: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    return np.array([[0.2], [0.16]]), np.eye(2)


SAAD_SOLLA = _Setting(
    Model(p=3, pstar=3, activation="erf(z/sqrt(2))", student_readout=1, teacher_readout=1,
          loss_prefactor=sympy.Rational(1, 2), name="saad-solla"),
    eta=0.5, alpha_max=500.0, start=_committee_start, sizes=(1000, 10000), quick_sizes=(1000,))
HE3 = _Setting(
    Model(p=2, pstar=1, activation="z**3 - 3*z + (z**2 - 1)/4", teacher_activation="z**3 - 3*z", teacher_readout=1,
          name="he3-single-index"),
    eta=0.002, alpha_max=1000.0, start=_he3_start, sizes=(2000, 8000), quick_sizes=(2000,))


def _compute(setting: _Setting, quick: bool, rng: np.random.Generator, progress: Progress | None) -> tuple[Table, str]:
    """For each N: the ODE and the mean (with its standard error) of the replicas' risk on one alpha grid."""
    from quadwick.numerics.dynamics.ode import ODEOptions, integrate
    from quadwick.numerics.dynamics.sgd import SGDOptions, simulate

    sizes = setting.quick_sizes if quick else setting.sizes
    replicas = setting.quick_replicas if quick else setting.replicas
    points = 101
    rows, lines = [], []
    for index, N in enumerate(sizes):
        rho0, Q0 = setting.start(N, rng)
        ode = integrate(setting.model, rho0, Q0, ODEOptions(eta=setting.eta, alpha_max=setting.alpha_max, points=points))
        runs = simulate(setting.model, rho0, Q0, SGDOptions(N=N, eta=setting.eta, alpha_max=setting.alpha_max,
                                                            points=points, replicas=replicas), rng).check()
        mean, stderr = runs.risk.mean(axis=0), runs.risk.std(axis=0, ddof=1) / np.sqrt(replicas)
        rows += [(N, float(a), float(o), float(m), float(s)) for a, o, m, s in zip(runs.alpha, ode.risk, mean, stderr)]
        deviation = np.abs(ode.risk - mean) / np.maximum(stderr, 1e-300)
        lines.append(f"N = {N}, {replicas} replicas: ODE risk {ode.risk[0]:.3g} -> {ode.risk[-1]:.3g}, simulations "
                     f"{mean[-1]:.3g} +- {stderr[-1]:.2g} at alpha = {setting.alpha_max:g}; the ODE within 3 standard "
                     f"errors of the mean at {np.mean(deviation <= 3):.0%} of the {points} times")
        if progress is not None:
            progress((index + 1) / len(sizes))
    header = (f"{setting.model.name}: sigma = {setting.model.activation}, sigma* = {setting.model.teacher_activation}, "
              f"(p, p*) = ({setting.model.p}, {setting.model.pstar}), eta = {setting.eta:g}")
    return Table(("N", "alpha", "ode", "mean", "stderr"), rows), "\n".join([header] + lines)


def _draw(table: Table, fig: Any) -> None:
    """One panel per N: the ODE's risk, and the simulations' mean with a band of two standard errors."""
    sizes = sorted({row[0] for row in table.rows})
    fig.set_size_inches(5.5 * len(sizes), 3.8)
    axes = np.atleast_1d(fig.subplots(1, len(sizes), sharey=True))
    for ax, N in zip(axes, sizes):
        part = table.where(N=N)
        alpha, mean, stderr = part.column("alpha"), part.column("mean"), part.column("stderr")
        ax.semilogy(alpha, part.column("ode"), color="black", label="ODE ($N \\to \\infty$)")
        ax.semilogy(alpha, mean, color="C1", label=f"simulations, $N = {N}$ (mean)")
        ax.fill_between(alpha, np.maximum(mean - 2 * stderr, mean * 1e-3), mean + 2 * stderr, color="C1", alpha=0.25)
        ax.set(xlabel=r"$\alpha$ (samples / $N$)", title=f"$N = {N}$")
        ax.legend(fontsize=7)
    axes[0].set_ylabel(r"population risk $\mathcal{R}$")


def _entry(name: str, description: str, setting: _Setting) -> Figure:
    return Figure(name, "figure", description, lambda quick, rng, progress: _compute(setting, quick, rng, progress),
                  _draw)


ENTRIES = [
    _entry("saad-solla", r"Saad & Solla: soft committee machine, erf, $K = M = 3$, $\eta = 0.5$: ODE and simulations",
           SAAD_SOLLA),
    _entry("he3-single-index", r"$He_3$ single-index teacher, two-unit $He_3 + He_2/4$ student, $\eta = 0.002$",
           HE3),
]
