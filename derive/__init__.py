"""Symbolic layer of quadwick: model specification, Wick engine and derivations.

This package never imports :mod:`numerics`.
"""

from .model import Model, PRESETS, preset
from .wick import GaussianMoments, gaussian_expectation

__all__ = ["Model", "PRESETS", "preset", "GaussianMoments", "gaussian_expectation"]
