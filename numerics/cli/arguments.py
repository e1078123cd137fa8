"""Argument types shared by the ``quadwick`` subcommands: each names what is wrong with bad input."""

from __future__ import annotations

import argparse
import math

__all__ = ["PRESET_NAMES", "positive_int", "at_least_two", "non_negative_int", "positive_float", "non_negative_float"]

# The names of derive.model.PRESETS, for --preset's choices: importing derive would load SymPy (half a second)
# before any command could answer; a test keeps the two lists equal.
PRESET_NAMES = ("seed000", "seed002", "seed003", "seed003-appendix", "seed004")


def _integer(text: str, minimum: int, expected: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {value}")
    return value


def positive_int(text: str) -> int:
    """An integer > 0 (widths, sizes, counts)."""
    return _integer(text, 1, "a positive integer")


def at_least_two(text: str) -> int:
    """An integer >= 2 (points of an output grid: its two ends at least)."""
    return _integer(text, 2, "an integer >= 2")


def non_negative_int(text: str) -> int:
    """An integer >= 0 (ranks, seeds)."""
    return _integer(text, 0, "a non-negative integer")


def _finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def positive_float(text: str) -> float:
    """A finite number > 0 (learning rates, times)."""
    value = _finite_float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def non_negative_float(text: str) -> float:
    """A finite number >= 0 (initial overlap scale eps, noise)."""
    value = _finite_float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative number, got {text!r}")
    return value
