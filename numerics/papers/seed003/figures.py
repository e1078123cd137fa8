"""Seed 003's Figures 1-4 (numerics.papers.seed003.plots) as registry entries named "1" to "4".

Those figures write their own PNG, PDF and CSV files (ODE beside simulations with error bands),
so their entries wrap the writing functions rather than a compute/draw pair.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

import numpy as np

from numerics.papers.seed003.plots import SEED003_FIGURES

from numerics.figures.base import Output, Table

__all__ = ["FileFigure", "ENTRIES"]


@dataclass(frozen=True)
class FileFigure:
    """A figure whose function writes its files itself: ``write(out_dir, quick, seed, progress) -> paths``."""

    name: str
    description: str
    write: Callable
    kind: str = "figure"

    def run(self, out_dir: str | os.PathLike[str], quick: bool, rng: np.random.Generator | int, progress=None) -> Output:
        if isinstance(rng, np.random.Generator):
            raise ValueError(f"figure {self.name} takes an integer seed, not a Generator")
        files = self.write(out_dir, quick=quick, seed=rng, progress=progress)
        summary = f"seed 003 Figure {self.name}{' (quick size)' if quick else ''}: {self.description}"
        return Output(Table((), []), summary, list(files))


_DESCRIPTIONS = {
    "1": "ODE against the mean of finite-N simulations, all order parameters and the risk",
    "2": "alpha_c against eta, and eta_opt against p",
    "3": "distance to the predicted closest zero-error solution",
    "4": "entries of the conserved S(t) over time",
}

ENTRIES = [FileFigure(name, _DESCRIPTIONS[name], write) for name, write in SEED003_FIGURES.items()]
