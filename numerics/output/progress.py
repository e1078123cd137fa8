"""The one progress bar of the command line: a text line on standard error, drawn only for long runs.

The line says what runs, how far it is, the time spent and an estimate of the time left, extrapolated
linearly from the fraction done so far: after t seconds at fraction f, about t (1 - f) / f seconds remain.
Work that speeds up or slows down on the way (a stiff stretch of an ODE, claims of unequal size) makes
the estimate drift; it is labelled "about" for that reason, and only shown once 2 % is done.

>>> import io
>>> clock = iter([0.0, 10.0]).__next__
>>> stream = io.StringIO()
>>> bar = ProgressBar("verify (3 claims)", stream=stream, clock=clock)
>>> bar(0.25)
>>> stream.getvalue().strip()
'verify (3 claims) [########......................]  25.0%  10s spent, about 30s left'
"""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

__all__ = ["ProgressBar", "duration"]

# Below this fraction done, the linear extrapolation is too noisy to print.
_ESTIMATE_FROM = 0.02


def duration(seconds: float) -> str:
    """A short human duration: '42s', '3m05s', '1h02m'.

    >>> duration(4.2), duration(185), duration(3725)
    ('4s', '3m05s', '1h02m')
    """
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class ProgressBar:
    """A one-line text bar on ``stream``, drawn only once a run has lasted ``delay`` seconds.

    Call it with the fraction done (0..1); :meth:`close` ends the line if anything was drawn (leaving a
    ``with`` block closes it).  ``clock`` (seconds, monotonic) is for tests.
    """

    def __init__(self, label: str, stream: TextIO | None = None, delay: float = 2.0, width: int = 30,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.label, self.stream, self.delay, self.width, self.clock = label, stream or sys.stderr, delay, width, clock
        self.start = clock()
        self.shown = 0.0
        self.drawn = False

    def __call__(self, fraction: float) -> None:
        now = self.clock()
        spent = now - self.start
        if spent < self.delay or (now - self.shown < 0.2 and fraction < 1):
            return
        fraction = min(max(float(fraction), 0.0), 1.0)
        filled = int(round(fraction * self.width))
        timing = f"{duration(spent)} spent"
        if fraction >= 1:
            timing += ", done"
        elif fraction >= _ESTIMATE_FROM:
            timing += f", about {duration(spent * (1 - fraction) / fraction)} left"
        line = f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {100 * fraction:5.1f}%  {timing}"
        self.stream.write(f"\r{line}\033[K" if self.stream.isatty() else f"\r{line}")
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
