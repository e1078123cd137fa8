"""The claims registry: every checkable statement of the seed papers, with its check and verdict.

Each seed has a module (``seed003``, ``seed003_landscape``, ``seed000``, ``seed002``, ``seed004``)
defining ``CLAIMS``, a list of :class:`~numerics.claims.base.Claim`, and ``COVERAGE``, the rows of its
paper's coverage table (:class:`~numerics.claims.base.Section`). :func:`registry` gathers the claims in
order, with unique ids; :func:`coverage` the rows, in the same order.
"""

from __future__ import annotations

import importlib

from .base import (FINDINGS, METHODS, VERDICTS, Claim, Control, HypothesisCheck, Outcome, Reading, Section,
                   identity_outcome, normalise_whitespace)

__all__ = ["METHODS", "VERDICTS", "FINDINGS", "Claim", "Control", "HypothesisCheck", "Outcome", "Reading", "Section",
           "identity_outcome", "normalise_whitespace", "registry", "coverage", "SEED_MODULES"]

SEED_MODULES: tuple[str, ...] = ("seed003", "seed003_landscape", "seed000", "seed002", "seed004")


def registry() -> dict[str, Claim]:
    """All claims by id, in seed-module order; raises ValueError on a duplicated id."""
    claims: dict[str, Claim] = {}
    for name in SEED_MODULES:
        for claim in importlib.import_module(f"{__name__}.{name}").CLAIMS:
            if claim.id in claims:
                raise ValueError(f"duplicate claim id {claim.id!r} (in {name})")
            claims[claim.id] = claim
    return claims


def coverage() -> list[Section]:
    """The coverage rows of every seed module, in seed-module order (a paper's rows may span modules)."""
    return [row for name in SEED_MODULES for row in getattr(importlib.import_module(f"{__name__}.{name}"), "COVERAGE", ())]
