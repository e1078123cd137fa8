"""The one progress bar of the command line: a text line on standard error, drawn only for long runs."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["ProgressBar"]


class ProgressBar:
    """A one-line text bar on ``stream``, drawn only once a run has lasted ``delay`` seconds.

    Call it with the fraction done (0..1); :meth:`close` ends the line if anything was drawn (leaving a
    ``with`` block closes it).
    """

    def __init__(self, label: str, stream: TextIO | None = None, delay: float = 2.0, width: int = 30) -> None:
        self.label, self.stream, self.delay, self.width = label, stream or sys.stderr, delay, width
        self.start = time.monotonic()
        self.shown = 0.0
        self.drawn = False

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self.start < self.delay or (now - self.shown < 0.2 and fraction < 1):
            return
        fraction = min(max(float(fraction), 0.0), 1.0)
        filled = int(round(fraction * self.width))
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {100 * fraction:5.1f}% {now - self.start:6.1f}s")
        self.stream.flush()
        self.shown, self.drawn = now, True

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def close(self) -> None:
        """End the bar's line (if one was drawn)."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
