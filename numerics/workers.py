"""Local worker processes that stop when asked: the one process pool of the claims runner and the sweeps.

:func:`process_pool` yields a ``ProcessPoolExecutor`` whose workers leave Ctrl-C to the parent and die at once
on SIGTERM (:func:`quiet_worker`), and which, when the block raises, is stopped at once: queued tasks
cancelled, running ones terminated, not waited for (:func:`stop_pool`). Ctrl-C during a long parallel run therefore ends it within
moments, with one line from the parent instead of a traceback per worker.
"""

from __future__ import annotations

import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Iterator

__all__ = ["process_pool", "quiet_worker", "stop_pool"]


def quiet_worker() -> None:
    """Worker initializer: ignore SIGINT (the parent handles Ctrl-C), default SIGTERM (terminate at once)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Shut ``pool`` down now: queued tasks cancelled, running ones terminated (not waited for)."""
    # The executor has no public way to stop a running task; its worker processes are terminated directly.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()


@contextmanager
def process_pool(workers: int | None) -> Iterator[ProcessPoolExecutor]:
    """``workers`` quiet local processes (None: one per CPU): shut down normally at the end of the block, stopped
    at once (:func:`stop_pool`) when the block raises, Ctrl-C included."""
    pool = ProcessPoolExecutor(max_workers=workers, initializer=quiet_worker)
    try:
        yield pool
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)
