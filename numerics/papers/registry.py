"""Every paper's claims and figures, in the report's order: the one list to extend when a paper is added.

The claim modules are named by their short name (``seed003``, ``seed003_landscape``, ...), which is also
the name of their table of expected verdicts in tests/. Modules are imported only when asked for, so that
listing claims loads neither the figures nor matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quadwick.numerics.claims.base import Claim, Section
    from quadwick.numerics.figures.base import Figure

__all__ = ["CLAIM_MODULES", "FIGURE_MODULES", "claim_module", "registry", "coverage", "figures", "studies"]

# short name -> module defining CLAIMS (and COVERAGE, the rows of its paper's coverage table)
CLAIM_MODULES: dict[str, str] = {
    "seed003": "quadwick.numerics.papers.seed003.claims",
    "seed003_landscape": "quadwick.numerics.papers.seed003.claims_landscape",
    "seed000": "quadwick.numerics.papers.seed000.claims",
    "seed002": "quadwick.numerics.papers.seed002.claims",
    "seed004": "quadwick.numerics.papers.seed004.claims",
}
# modules defining ENTRIES, a list of numerics.figures.base.Figure (figures and studies)
FIGURE_MODULES: tuple[str, ...] = ("quadwick.numerics.papers.seed003.figures", "quadwick.numerics.papers.seed000.figures",
                                   "quadwick.numerics.papers.seed002.figures", "quadwick.numerics.papers.seed004.figures",
                                   "quadwick.numerics.papers.classics.figures")


def claim_module(name: str):
    """The claim module of short name ``name`` (a key of CLAIM_MODULES)."""
    return importlib.import_module(CLAIM_MODULES[name])


def registry() -> dict[str, Claim]:
    """All claims by id, in CLAIM_MODULES order; raises ValueError on a duplicated id."""
    claims: dict[str, Claim] = {}
    for name in CLAIM_MODULES:
        for claim in claim_module(name).CLAIMS:
            if claim.id in claims:
                raise ValueError(f"duplicate claim id {claim.id!r} (in {name})")
            claims[claim.id] = claim
    return claims


def coverage() -> list[Section]:
    """The coverage rows of every claim module, in CLAIM_MODULES order (a paper's rows may span modules)."""
    return [row for name in CLAIM_MODULES for row in getattr(claim_module(name), "COVERAGE", ())]


def _entries(kind: str) -> dict[str, Figure]:
    entries = [entry for module in FIGURE_MODULES for entry in importlib.import_module(module).ENTRIES]
    return {entry.name: entry for entry in entries if entry.kind == kind}


def figures() -> dict[str, Figure]:
    """The papers' figures by name (``quadwick figure NAME``)."""
    return _entries("figure")


def studies() -> dict[str, Figure]:
    """The papers' studies by name (``quadwick study NAME``)."""
    return _entries("study")
