"""Argument types shared by the ``quadwick`` subcommands: each names what is wrong with bad input."""

from __future__ import annotations

import argparse
import math
from fractions import Fraction

__all__ = ["PRESET_NAMES", "positive_int", "at_least_two", "non_negative_int", "positive_float", "non_negative_float",
           "non_negative_number", "non_zero_number", "noise_level", "add_model_options", "model_overrides"]

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


def _fraction(text: str) -> Fraction:
    """The exact value of a decimal or a ratio ('0.01', '1e-3', '1/4'); never evaluates anything else."""
    try:
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"expected a number such as 0.01 or 1/4, got {text!r}") from None


def non_negative_number(text: str) -> Fraction:
    """An exact number >= 0 (label noise variance)."""
    value = _fraction(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative number, got {text!r}")
    return value


def non_zero_number(text: str) -> Fraction:
    """An exact non-zero number (the loss prefactor c of c (y - yhat)^2)."""
    value = _fraction(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"expected a non-zero number, got {text!r}")
    return value


def noise_level(text: str) -> Fraction | str:
    """``symbolic`` (the symbol kept: the noise variance Delta, the read-out rate eta_a) or an exact number >= 0."""
    return "symbolic" if text.strip() == "symbolic" else non_negative_number(text)


def add_model_options(parser: argparse.ArgumentParser, symbolic: bool) -> None:
    """--activation, --teacher-activation, --noise, --loss-prefactor, --batch and --readout-lr (``symbolic``: --noise
    and --readout-lr may be 'symbolic', for derivations)."""
    parser.add_argument("--activation", help="the student's activation: a polynomial in z, e.g. 'z**2 + z/2', or "
                                             "c*erf(s*z), e.g. 'erf(z/sqrt(2))' (default: the preset's, z**2)")
    parser.add_argument("--teacher-activation", metavar="ACTIVATION",
                        help="the teacher's activation, e.g. 'z**3 - 3*z' or 'erf(z)' (default: the student's)")
    parser.add_argument("--noise", type=noise_level if symbolic else non_negative_number, metavar="DELTA",
                        help="label noise variance Delta (default: the preset's, 0)"
                             + ("; 'symbolic' keeps Delta as a symbol" if symbolic else ""))
    parser.add_argument("--loss-prefactor", type=non_zero_number, metavar="C",
                        help="the loss is C (y - yhat)^2 (default: the preset's)")
    parser.add_argument("--batch", type=positive_int, metavar="B",
                        help="samples per SGD step, the gradient averaged over them (default 1); alpha = steps / N")
    parser.add_argument("--readout-lr", type=noise_level if symbolic else non_negative_number, metavar="ETA_A",
                        help="the read-outs learn too, at rate ETA_A/N per sample, from the preset's: they become the "
                             "order parameters a_1..a_p (default: fixed read-outs)"
                             + ("; 'symbolic' keeps eta_a as a symbol" if symbolic else ""))


def model_overrides(args: argparse.Namespace) -> dict:
    """The model fields that the options of :func:`add_model_options` set (none when not given)."""
    fields = {"activation": args.activation, "teacher_activation": args.teacher_activation,
              "noise_variance": args.noise, "loss_prefactor": args.loss_prefactor, "batch": args.batch,
              "readout_lr": args.readout_lr}
    return {name: value for name, value in fields.items() if value is not None}
