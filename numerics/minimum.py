"""The minimum of a one-dimensional objective found by a scan and a bounded Brent search, with its uncertainty.

:func:`bracketed_minimum` is the one road from "the x at which f is smallest" to a number and an interval:
seed 003's eta_opt (Figure 2 and claim 003-fig2) goes through it. No paper lives here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from scipy.optimize import brentq, minimize_scalar

__all__ = ["Minimum", "bracketed_minimum"]


@dataclass(frozen=True)
class Minimum:
    """x* = argmin f and f(x*), with the flat interval [low, high] = {x near x*: f(x) <= (1 + rel) f(x*)}.

    ``xatol`` is the optimiser's absolute tolerance on x* (and on the interval's ends); ``low_clipped`` /
    ``high_clipped`` say that f stays below (1 + rel) f(x*) up to the scanned range's end on that side, so the
    interval there is a bound, not an end. ``evaluations`` counts the points at which f was evaluated.
    """

    x: float
    value: float
    low: float
    high: float
    rel: float
    xatol: float
    low_clipped: bool = False
    high_clipped: bool = False
    evaluations: int = 0

    def __post_init__(self) -> None:
        if not self.low <= self.x <= self.high:
            raise ValueError(f"the flat interval [{self.low}, {self.high}] must contain x* = {self.x}")


def bracketed_minimum(f: Callable[[float], float], grid: Sequence[float], rel: float = 0.01, xatol: float = 0.005,
                      stop: float = math.inf) -> Minimum:
    """Minimise f over an increasing ``grid``: x* = argmin f, its value and its flat interval at level ``rel``.

    1. Scan: f(grid[0]), f(grid[1]), ... upwards, ending after the first value >= ``stop`` (a stand-in for
       "f is infinite beyond": the rest of the grid is not evaluated).
    2. Brent: the scan's best point i and its neighbours bracket a bounded Brent search
       (scipy.optimize.minimize_scalar, method 'bounded', absolute tolerance ``xatol``) on
       [grid[i-1], grid[i+1]] (clipped to the scan); x* is the better of its answer and the scan's best point.
    3. Flatness: on each side of x*, brentq (tolerance ``xatol``) solves f(x) = (1 + rel) f(x*) between x* and the
       nearest scanned point where f exceeds that level; without one, the interval ends at the scan's end (clipped).

    The uncertainty of x* is the interval [low, high]: every x in it has f(x) within the relative amount ``rel`` of
    the minimum (f > 0 assumed), so the data cannot prefer x* over it by more than that; ``xatol`` bounds the
    optimiser's own error. Raises ValueError for a grid of fewer than 3 points or not increasing, rel <= 0 or
    xatol <= 0, or a minimum value that is not finite and positive.
    """
    grid = [float(x) for x in grid]
    if len(grid) < 3 or any(b <= a for a, b in zip(grid, grid[1:])):
        raise ValueError(f"the grid must hold at least 3 increasing points, got {grid}")
    if not (rel > 0 and xatol > 0):
        raise ValueError(f"rel and xatol must be positive, got rel = {rel}, xatol = {xatol}")
    known: dict[float, float] = {}  # f is costly: each x is evaluated once

    def counted(x: float) -> float:
        x = float(x)
        if x not in known:
            known[x] = float(f(x))
        return known[x]

    scanned: list[float] = []
    for x in grid:
        scanned.append(counted(x))
        if scanned[-1] >= stop:
            break
    xs = grid[: len(scanned)]
    best = int(np.argmin(scanned))
    bounds = (xs[max(best - 1, 0)], xs[min(best + 1, len(xs) - 1)])
    x_star, value = xs[best], scanned[best]
    if bounds[1] > bounds[0]:
        result = minimize_scalar(counted, bounds=bounds, method="bounded", options={"xatol": xatol})
        if float(result.fun) < value:
            x_star, value = float(result.x), float(result.fun)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"the minimum of f must be finite and positive to state a relative flatness, got {value}")
    level = (1 + rel) * value

    def end(side: int) -> tuple[float, bool]:
        """The flat interval's end on one side (-1: below x*, +1: above) and whether it is clipped."""
        beyond = [(x, v) for x, v in zip(xs, scanned) if side * (x - x_star) > 0 and v > level]
        if not beyond:
            return (xs[0] if side < 0 else xs[-1]), True
        edge = min(beyond, key=lambda point: abs(point[0] - x_star))[0]
        return float(brentq(lambda x: counted(x) - level, *sorted((x_star, edge)), xtol=xatol)), False

    (low, low_clipped), (high, high_clipped) = end(-1), end(+1)
    return Minimum(x_star, value, min(low, x_star), max(high, x_star), rel, xatol, low_clipped, high_clipped, len(known))
