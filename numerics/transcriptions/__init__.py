"""Verbatim transcriptions of equations from the seed papers, kept apart from the engine.

The seed texts themselves are not part of the repository; :func:`seed_path` finds them in
``$QUADWICK_SEEDS`` or in ``shared/seeds`` beside (or inside) the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["seed_path"]

_REPOSITORY = Path(__file__).resolve().parents[2]


def seed_path(name: str) -> Path | None:
    """Path of the seed file ``name``, or None when no seed folder holds it."""
    folders = [Path(os.environ["QUADWICK_SEEDS"])] if "QUADWICK_SEEDS" in os.environ else []
    folders += [_REPOSITORY.parent / "shared" / "seeds", _REPOSITORY / "shared" / "seeds"]
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    return None
