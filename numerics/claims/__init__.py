"""The claims registry: every checkable statement of the seed papers, with its check and verdict.

Each seed has a module (``seed003``, ``seed003_landscape``, ``seed000``, ``seed002``, ``seed004``)
defining ``CLAIMS``, a list of :class:`~numerics.claims.base.Claim`. :func:`registry` gathers them in
order, with unique ids.
"""

from __future__ import annotations

import importlib

from .base import METHODS, VERDICTS, Claim, Outcome, identity_outcome, normalise_whitespace

__all__ = ["METHODS", "VERDICTS", "Claim", "Outcome", "identity_outcome", "normalise_whitespace", "registry",
           "SEED_MODULES"]

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
