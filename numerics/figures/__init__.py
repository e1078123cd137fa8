"""Figures: the mechanism that computes, tabulates and draws a figure (no paper lives here).

A :class:`~numerics.figures.base.Figure` knows how to run itself: ``figure.run(out_dir, quick, rng,
progress)`` computes its data, writes ``NAME.csv`` (and for figures ``NAME.png`` and ``NAME.pdf``, drawn on
a matplotlib Figure object, without touching pyplot's backend) and returns a
:class:`~numerics.figures.base.Output` with the data and the paths. Each paper defines its entries in
``numerics/papers/<seed>/figures.py``; :func:`numerics.papers.registry.figures` and ``studies`` gather them.
Every paper's drawing shares :mod:`numerics.figures.style` (mathtext labels, colours that pair a theory curve with
its simulation, log-axis ticks, the notes at a figure's foot: quick sizes, what they cannot show, where the data
contradict the paper).
"""

from __future__ import annotations

from .base import Figure, Output, Table

__all__ = ["Figure", "Output", "Table"]
