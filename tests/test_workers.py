"""The one process pool: quiet workers, and an interrupted block stops its running tasks instead of waiting."""

from __future__ import annotations

import os
import signal
import time

import pytest

from quadwick.numerics.workers import process_pool


def _handlers() -> tuple[object, object]:
    return signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)


def _pid_then_sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_workers_leave_ctrl_c_to_the_parent():
    with process_pool(1) as pool:
        sigint, sigterm = pool.submit(_handlers).result()
    assert sigint == signal.SIG_IGN and sigterm == signal.SIG_DFL


def test_a_raising_block_terminates_the_running_task():
    with pytest.raises(KeyboardInterrupt):
        with process_pool(1) as pool:
            future = pool.submit(_pid_then_sleep, 600.0)
            processes = list(pool._processes.values())
            while not future.running():
                time.sleep(0.01)
            raise KeyboardInterrupt
    for process in processes:
        # The executor's own thread may reap the child first, and then is_alive() can still answer True for a
        # moment (its waitpid fails): wait for the exit code instead.
        deadline = time.monotonic() + 20
        while process.exitcode is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.exitcode == -signal.SIGTERM  # terminated, not left to sleep for ten minutes
    assert future.cancelled() or future.exception(timeout=20) is not None
