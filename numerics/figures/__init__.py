"""Figures and studies of the seed papers, as a registry of named entries.

A :class:`~numerics.figures.base.Figure` knows how to run itself: ``figure.run(out_dir, quick, rng,
progress)`` computes its data, writes ``NAME.csv`` (and for figures ``NAME.png`` and ``NAME.pdf``, drawn with
matplotlib's Agg backend) and returns a :class:`~numerics.figures.base.Output` with the data and the paths.
Another paper's figures are added by defining ``Figure`` entries in a module and merging them into
``FIGURES`` (or ``STUDIES``) below.
"""

from __future__ import annotations

from .base import Figure, Output, Table
from .seed000 import ENTRIES as _SEED000
from .seed002 import ENTRIES as _SEED002
from .seed003 import ENTRIES as _SEED003
from .seed004 import ENTRIES as _SEED004

__all__ = ["Figure", "Output", "Table", "FIGURES", "STUDIES"]

FIGURES: dict = {f.name: f for f in (*_SEED003, *_SEED000, *_SEED002) if f.kind == "figure"}
STUDIES: dict[str, Figure] = {f.name: f for f in (*_SEED000, *_SEED002, *_SEED004) if f.kind == "study"}
