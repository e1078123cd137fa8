"""The order in which a worker pool starts the checks, and how many workers it uses.

A pool of w workers finishes no sooner than its longest check, and a long check started last runs alone at the
end; starting checks longest first (the LPT rule) keeps the finish within 4/3 of the best possible. The cost of a
check is the seconds it took in an earlier run on this machine (kept in the kernel cache folder, beside the
compiled kernels, in ``claim-seconds.json``, per size: ``quick`` or ``full``); a check never timed yet is ranked
by the usual cost of its method, and runs before every timed check (it may be a long one). The timings only order the work:
they change no verdict and no record.

>>> from types import SimpleNamespace as C
>>> [c.id for c in longest_first([C(id="a", method="numerical"), C(id="b", method="simulation"),
...                               C(id="c", method="simulation")], {"b": 0.5, "c": 9.0})]
['a', 'c', 'b']
>>> worker_count(8, tasks=3, cpus=2)
2
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Mapping, Sequence

__all__ = ["SLOW_METHODS", "longest_first", "worker_count", "measured_seconds", "record_seconds"]

# Methods whose checks usually take longest, for checks never timed on this machine.
SLOW_METHODS = ("convex programme", "simulation", "ODE integration", "asymptotic fit", "Monte Carlo", "numerical")
_FILE = "claim-seconds.json"


def longest_first(claims: Sequence, seconds: Mapping[str, float]) -> list:
    """``claims`` untimed first (by method rank, :data:`SLOW_METHODS`), then timed ones by decreasing ``seconds``;
    stable otherwise."""
    rank = {method: index for index, method in enumerate(SLOW_METHODS)}

    def key(claim) -> tuple:
        if claim.id in seconds:
            return (1, -seconds[claim.id])
        return (0, rank.get(claim.method, len(SLOW_METHODS)))

    return sorted(claims, key=key)


def worker_count(requested: int, tasks: int, cpus: int | None = None) -> int:
    """min(requested, tasks, CPUs): a worker beyond the cores only slices the same cores, and pays its start."""
    cpus = cpus or os.cpu_count() or 1
    return max(1, min(requested, tasks, cpus))


def _timings_file() -> Path:
    from quadwick.numerics.kernels.build import cache_directory

    return cache_directory() / _FILE


def _stored() -> dict:
    """The stored table {size: {claim id: seconds}}, empty when missing or unreadable."""
    try:
        stored = json.loads(_timings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) else {}


def measured_seconds(quick: bool) -> dict[str, float]:
    """The seconds of each check measured earlier at this size (empty when none, or the file is unreadable)."""
    table = _stored().get("quick" if quick else "full")
    try:
        return {str(k): float(v) for k, v in table.items()}
    except (AttributeError, TypeError, ValueError):
        return {}


def record_seconds(seconds: Mapping[str, float], quick: bool) -> None:
    """Merge ``seconds`` into the stored timings; silently nothing where the cache folder is not usable."""
    from quadwick.numerics.kernels.build import trusted_cache
    from quadwick.numerics.output.files import write_text_atomic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the kernels say once why the cache is unusable
        if trusted_cache() is None:
            return
    stored = _stored()
    size = "quick" if quick else "full"
    stored[size] = {**measured_seconds(quick), **{k: round(v, 3) for k, v in seconds.items()}}
    try:
        write_text_atomic(_timings_file(), json.dumps(stored, sort_keys=True, indent=0) + "\n")
    except OSError:
        pass  # a timing not kept costs only the order of a later run
