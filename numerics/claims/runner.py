"""Running the checks of the claims registry, in this process or in worker processes.

Each claim's check runs, then its negative control (the same check on an altered transcription) in the
same process, so that a control reuses what its check computed and cached. A check that raises does not stop the run: its :class:`Result` carries the error instead of an
outcome, and the caller (``quadwick verify``) reports it and exits non-zero. Verdicts, refuted ones
included, are results, not failures.
"""

from __future__ import annotations

import time
import traceback
from concurrent.futures import as_completed
from dataclasses import dataclass
from typing import Callable, Sequence

from quadwick.numerics.workers import process_pool

from .base import Claim, Outcome
from .schedule import longest_first, measured_seconds, record_seconds, worker_count

__all__ = ["Result", "Interrupted", "run_claim", "run_claims"]


@dataclass(frozen=True)
class Result:
    """A claim with the outcome of its check (or the error it raised), the outcome of its negative control
    (None for a definition, or when the control raised: ``control_error``) and the seconds both took."""

    claim: Claim
    outcome: Outcome | None
    error: str | None
    seconds: float
    control: Outcome | None = None
    control_error: str | None = None

    @property
    def crashed(self) -> bool:
        return self.outcome is None


def _outcome(check: Callable[[bool], Outcome], quick: bool) -> tuple[Outcome | None, str | None]:
    try:
        outcome = check(quick)
        if not isinstance(outcome, Outcome):
            raise TypeError(f"check returned {type(outcome).__name__}, not an Outcome")
        return outcome, None
    except Exception:  # noqa: BLE001 - a crashing check is reported, not propagated
        return None, traceback.format_exc(limit=6)


_Timed = tuple[Outcome | None, str | None, float, Outcome | None, str | None]


def _timed_check(claim: Claim, quick: bool) -> _Timed:
    start = time.perf_counter()
    outcome, error = _outcome(claim.check, quick)
    control, control_error = (None, None) if claim.control is None else _outcome(claim.control.check, quick)
    return outcome, error, time.perf_counter() - start, control, control_error


def run_claim(claim: Claim, quick: bool = True) -> Result:
    """Run one claim's check and control here; an exception becomes the result's ``error``."""
    return Result(claim, *_timed_check(claim, quick))


def _run_registered(claim_id: str, quick: bool) -> _Timed:
    # Worker processes look the claim up by id: checks are plain functions, claims need not pickle.
    from quadwick.numerics.papers.registry import registry

    return _timed_check(registry()[claim_id], quick)


def run_claims(claims: Sequence[Claim], quick: bool = True, workers: int = 1,
               progress: Callable[[float], None] | None = None) -> list[Result]:
    """Run the checks of ``claims`` (registered ones when ``workers`` > 1) and return results in order.

    ``workers`` > 1 runs the checks in up to that many processes, no more than the CPUs (worker processes
    find the claims in the registry by id), started longest first by the seconds they took in earlier runs
    (:mod:`numerics.claims.schedule`), which this run's timings update; ``progress`` is called with the fraction
    done.
    """
    if workers < 1:
        raise ValueError(f"workers must be a positive integer, got {workers}")
    results: dict[str, Result] = {}

    def record(claim: Claim, *timed) -> None:
        results[claim.id] = Result(claim, *timed)
        if progress is not None:
            progress(len(results) / len(claims))

    try:
        workers = worker_count(workers, len(claims))
        if workers == 1:
            for claim in claims:
                record(claim, *_timed_check(claim, quick))
        else:
            with process_pool(workers) as pool:
                ordered = longest_first(claims, measured_seconds(quick))
                futures = {pool.submit(_run_registered, claim.id, quick): claim for claim in ordered}
                for future in as_completed(futures):
                    record(futures[future], *future.result())
            record_seconds({claim_id: result.seconds for claim_id, result in results.items()}, quick)
    except KeyboardInterrupt:
        raise Interrupted([results[claim.id] for claim in claims if claim.id in results]) from None
    return [results[claim.id] for claim in claims]


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`run_claims`; ``results`` holds the checks that had finished, in order."""

    def __init__(self, results: list[Result]) -> None:
        super().__init__(f"interrupted after {len(results)} checks")
        self.results = results
