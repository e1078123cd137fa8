"""Where the seed papers' texts are (each paper's transcription quotes them; tests check the quotes).

The seed texts themselves are not part of the repository; :func:`seed_path` finds them in
``$QUADWICK_SEEDS`` or in ``shared/seeds`` beside (or inside) the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["seed_path"]

_REPOSITORY = Path(__file__).resolve().parents[2]  # numerics/papers/seeds.py -> the checkout


def seed_path(name: str) -> Path | None:
    """Path of the seed file ``name``, or None when no seed folder holds it."""
    folders = [Path(os.environ["QUADWICK_SEEDS"])] if "QUADWICK_SEEDS" in os.environ else []
    folders += [_REPOSITORY.parent / "shared" / "seeds", _REPOSITORY / "shared" / "seeds"]
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    return None
