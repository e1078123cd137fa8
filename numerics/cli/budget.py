"""Memory a numeric command will allocate, estimated from its sizes before it starts.

A command that would allocate more than :data:`MEMORY_LIMIT_BYTES` (half of this machine's memory) is
refused with the estimate and the way forward, unless the user gives ``--force``; ``--dry-run`` prints
the estimate and stops. The estimates count the arrays that grow with the sizes (8 bytes a float64):

* the overlap ODEs: the solver's states at the K output times, and the rho, Q, risk arrays made from
  them, about 4 K (p p* + p^2) floats;
* a simulation: the recorded overlaps of R replicas at K times, 2 R K (p p* + p^2) floats, and in weight
  space the weights of every replica, R (p + p*) N floats, with the block of inputs, R (p + p* + block) N
  values of the input dtype.

They count the arrays exactly and leave out what does not grow with the sizes, so they are lower bounds on
what NumPy and SciPy take (``derive``'s cost is estimated apart, in :mod:`derive.cost`).
"""

from __future__ import annotations

import os

__all__ = ["MEMORY_LIMIT_BYTES", "ode_bytes", "simulation_bytes", "human_bytes", "require_memory"]

FLOAT = 8


def _physical_memory() -> int:
    """This machine's memory in bytes (16 GiB where the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 16 * 2**30


MEMORY_LIMIT_BYTES = _physical_memory() // 2


def ode_bytes(p: int, pstar: int, points: int) -> int:
    """About 4 K (p p* + p^2) floats for K output times.

    >>> ode_bytes(2, 2, 201)
    51456
    """
    return 4 * FLOAT * points * (p * pstar + p * p)


def simulation_bytes(p: int, pstar: int, points: int, replicas: int, N: int | None = None, input_bytes: int = FLOAT,
                     block: int = 32) -> int:
    """2 R K (p p* + p^2) floats of recorded overlaps, plus (weight space, ``N`` given) R (p + p*) N weights
    and R (p + p* + block) N inputs of ``input_bytes`` each.

    >>> simulation_bytes(2, 2, 101, 10)
    129280
    >>> human_bytes(simulation_bytes(2, 2, 101, 10, N=10**9))
    '2.91 TiB'
    """
    recorded = 2 * FLOAT * replicas * points * (p * pstar + p * p)
    if N is None:
        return recorded
    return recorded + replicas * N * (FLOAT * (p + pstar) + input_bytes * (p + pstar + block))


def human_bytes(count: float) -> str:
    """A byte count with a binary unit: '1.5 GiB'.

    >>> human_bytes(1536 * 2**20)
    '1.5 GiB'
    """
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if count < 1024 or unit == "TiB":
            return f"{count:.3g} {unit}" if unit != "B" else f"{int(count)} B"
        count /= 1024
    raise AssertionError("unreachable")


def require_memory(what: str, estimate: int, force: bool, remedy: str, limit: int = MEMORY_LIMIT_BYTES) -> None:
    """Raise ValueError when ``estimate`` bytes exceed ``limit`` and ``force`` is not given.

    >>> require_memory("a run", 10, False, "lower --points", limit=100)
    >>> require_memory("a run", 1000, False, "lower --points", limit=100)
    Traceback (most recent call last):
    ...
    ValueError: a run needs about 1000 B of memory, over the limit of 100 B (half this machine's memory); lower --points, or give --force to go ahead
    """
    if estimate > limit and not force:
        raise ValueError(f"{what} needs about {human_bytes(estimate)} of memory, over the limit of {human_bytes(limit)} "
                         f"(half this machine's memory); {remedy}, or give --force to go ahead")
