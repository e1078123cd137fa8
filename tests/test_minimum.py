"""numerics.minimum.bracketed_minimum: the one road to eta_opt, checked on functions whose minimum is known."""

from __future__ import annotations

import math

import numpy as np
import pytest

from quadwick.numerics.minimum import Minimum, bracketed_minimum


def skewed(x: float) -> float:
    """A smooth, asymmetric bowl: f = 2 + (x - 0.37)^2 + 0.3 (x - 0.37)^3 near its minimum at x = 0.37."""
    return 2.0 + (x - 0.37) ** 2 + 0.3 * (x - 0.37) ** 3


def test_minimum_agrees_with_a_dense_grid_within_its_stated_uncertainty():
    grid = np.linspace(-2.0, 2.0, 9)  # spacing 0.5: the grid alone would say 0.5
    found = bracketed_minimum(skewed, grid, rel=0.01, xatol=1e-3)
    dense = np.linspace(-2.0, 2.0, 400_001)
    values = np.array([skewed(x) for x in dense])
    x_dense = dense[np.argmin(values)]
    assert abs(found.x - x_dense) <= 2 * found.xatol  # the optimiser's tolerance
    assert found.low <= x_dense <= found.high  # the stated interval holds the dense grid's minimiser
    assert found.value == pytest.approx(values.min(), rel=1e-6)
    # the interval is the set where f is within 1% of its minimum (up to the tolerance on its ends)
    flat = dense[values <= 1.01 * values.min()]
    assert found.low == pytest.approx(flat.min(), abs=2 * found.xatol)
    assert found.high == pytest.approx(flat.max(), abs=2 * found.xatol)
    assert not (found.low_clipped or found.high_clipped)
    # asymmetric: the cubic term makes the bowl steeper above the minimum than below
    assert found.high - found.x < found.x - found.low


def test_scan_stops_at_the_first_value_past_stop():
    calls = []

    def f(x: float) -> float:
        calls.append(x)
        return (x - 1.0) ** 2 + 1.0 if x < 2.2 else 1e12

    found = bracketed_minimum(f, np.arange(0.0, 10.0, 0.5), stop=1e12)
    assert found.x == pytest.approx(1.0, abs=0.01)
    assert max(calls) == 2.5  # the grid beyond the first 'infinite' point is never evaluated
    assert found.evaluations == len(set(calls))


def test_a_flat_objective_gives_a_clipped_interval():
    found = bracketed_minimum(lambda x: 1.0 + 1e-4 * x * x, np.linspace(-1.0, 1.0, 5), rel=0.01)
    assert found.low_clipped and found.high_clipped
    assert (found.low, found.high) == (-1.0, 1.0)


def test_minimum_at_the_grid_edge():
    found = bracketed_minimum(lambda x: math.exp(x), np.linspace(0.0, 1.0, 5), rel=0.01, xatol=1e-4)
    assert found.x == pytest.approx(0.0, abs=1e-3)
    assert found.low_clipped and not found.high_clipped
    assert found.high == pytest.approx(math.log(1.01), abs=2e-4)


@pytest.mark.parametrize("grid, rel, xatol, message", [
    ([0.0, 1.0], 0.01, 0.01, "at least 3 increasing"),
    ([0.0, 2.0, 1.0], 0.01, 0.01, "at least 3 increasing"),
    ([0.0, 1.0, 2.0], 0.0, 0.01, "rel and xatol must be positive"),
    ([0.0, 1.0, 2.0], 0.01, -1.0, "rel and xatol must be positive"),
])
def test_bad_input_is_refused(grid, rel, xatol, message):
    with pytest.raises(ValueError, match=message):
        bracketed_minimum(skewed, grid, rel=rel, xatol=xatol)


def test_a_minimum_that_is_not_positive_is_refused():
    with pytest.raises(ValueError, match="finite and positive"):
        bracketed_minimum(lambda x: x * x - 1.0, [-1.0, 0.0, 1.0])


def test_the_interval_must_hold_the_minimiser():
    with pytest.raises(ValueError, match="must contain"):
        Minimum(x=1.0, value=1.0, low=1.5, high=2.0, rel=0.01, xatol=0.01)
