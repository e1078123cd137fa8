"""Seed 003's counts about the zero-error manifold (App. 7.5, Sec. 4.2, App. 7.2.3) beside the engine's.

:func:`count_checks` returns, at given (N, p, p*), a :class:`CountCheck` for each count the paper states
(:data:`numerics.papers.seed003.transcription_landscape.MANIFOLD_CLAIMS`), with the count computed by
:mod:`numerics.landscape.manifold` (exact ranks of tangent spaces and Hessian null spaces).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quadwick.numerics.landscape.manifold import (analyse_null_directions, computed_manifold_dimension,
                                         computed_student_dof)
from quadwick.numerics.papers.seed003 import transcription_landscape as paper

__all__ = ["CountCheck", "count_checks"]


@dataclass(frozen=True)
class CountCheck:
    """A stated count beside the computed one (exact integers)."""

    claim: str
    sizes: tuple[int, int, int]
    computed: int
    paper: int
    quote: str

    @property
    def match(self) -> bool:
        """computed == paper."""
        return self.computed == self.paper

    @property
    def residual(self) -> int:
        """paper - computed: the claims' sign."""
        return self.paper - self.computed


def count_checks(N: int, p: int, pstar: int, rng: np.random.Generator | None = None) -> list[CountCheck]:
    """Every count of App. 7.5 (and, for N >= p + p* >= 2 p*, of Sec. 4.2 / App. 7.2.3) at (N, p, p*)."""
    rng = np.random.default_rng(0) if rng is None else rng
    out = []

    def add(name: str, computed: int) -> None:
        claim = paper.MANIFOLD_CLAIMS[name]
        out.append(CountCheck(claim.statement, (N, p, pstar), computed, int(claim.value(N, p, pstar)), claim.quote))

    add("dof", computed_student_dof(p, N, rng))
    if p >= min(pstar, N):
        add("manifold-dimension", computed_manifold_dimension(N, p, pstar, rng))
    if p >= pstar and N >= pstar + 1:
        analysis = analyse_null_directions(N, p, pstar)
        add("tangent-family-1", analysis.families["x w*_l"])
        add("tangent-family-2", analysis.families["S Omega W*"])
        add("tangent-total", analysis.tangent)
        add("non-tangent", analysis.non_tangent)
        add("sec42-tangent", analysis.tangent)
    return out
