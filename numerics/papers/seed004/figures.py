"""Seed 004 studies (Gamarnik et al.): energy barrier and span condition, from :mod:`numerics.papers.seed004.engine`."""

from __future__ import annotations

import dataclasses

import numpy as np

from quadwick.numerics.papers.seed004 import engine as paper

from quadwick.numerics.figures.base import Figure, Progress, Table

__all__ = ["ENTRIES"]


def _table(rows: list) -> Table:
    fields = tuple(f.name for f in dataclasses.fields(rows[0]))
    return Table(fields, [dataclasses.astuple(r) for r in rows])


def _barrier(quick: bool, rng: np.random.Generator, progress: Progress | None) -> tuple[Table, str]:
    """Min of L over rank-deficient W vs Theorem 2.1 (b), (c), Corollary 2.2, and Theorem 2.5's W_0."""
    cases = [(2, 3, 1.0, 0.0), (3, 4, 1.0, 0.0), (3, 4, 1.5, 0.7), (3, 40, 1.0, 0.0)]
    if not quick:
        cases += [(4, 6, 1.0, 0.0), (4, 6, 2.0, 1.0), (5, 8, 1.0, 0.0), (4, 100, 1.0, 0.0), (5, 200, 1.0, 0.0)]
    rows = paper.barrier_study(cases, rng, starts=4 if quick else 12, progress=progress)
    lines = [f"d = {r.d}, m = {r.m}, alpha = {r.alpha}, beta = {r.beta}: best rank-deficient {r.best_found:.6g} >= "
             f"bound (b) {r.bound_b:.6g}: {r.best_found >= r.bound_b * (1 - 1e-9)}; exact minimum (beta = 0) "
             f"{r.exact_minimum:.6g}; proof's W of (c): {r.construction_c:.6g} (paper 3 sigma^4 = "
             f"{3 * r.sigma_min4:.6g}); Theorem 2.5 W_0: {r.initialization:.6g}" for r in rows]
    return _table(rows), "seed004-barrier (004 Theorem 2.1, Corollary 2.2, Theorem 2.5)\n" + "\n".join(lines)


def _span(quick: bool, rng: np.random.Generator, progress: Progress | None) -> tuple[Table, str]:
    """Rank of span{X_i X_i^T} vs n, interpolating rank-deficient W for n < n* (Theorems 2.6, 2.8, 2.9)."""
    rows = paper.span_study((3, 4) if quick else (3, 4, 5, 6, 8), rng, progress=progress)
    full = [r for r in rows if r.rank == r.n_star]
    below = [r for r in rows if r.n < r.n_star]
    lines = [f"first n with full span per d: {sorted({(r.d, min(x.n for x in full if x.d == r.d)) for r in full})}",
             f"n < n*: {len(below)} interpolating W, max relative residual {max(r.interpolation_residual for r in below):.1e}, "
             f"min L(W) / (2 sigma_min^4) = {min(r.risk / r.bound for r in below):.3g}"]
    return _table(rows), "seed004-span (004 Theorems 2.6, 2.8, 2.9)\n" + "\n".join(lines)


ENTRIES = [
    Figure("seed004-barrier", "study", "004: energy barrier of rank-deficient W", _barrier),
    Figure("seed004-span", "study", "004: span condition and interpolation below n* = d(d+1)/2", _span),
]
