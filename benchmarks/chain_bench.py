"""Overlap-space SGD chain: steps per second of the compiled chain against its baseline, in one process.

Run from the repository root:

    python3 benchmarks/chain_bench.py            # p = 6, p* = 3 (seed 003 Figure 1), N = 10^4
    python3 benchmarks/chain_bench.py --quick

The baseline is the chain as it was before it drew its own numbers and was compiled per width: NumPy's draws
(g, chi2 for each chunk of 2048 steps, from the user's Generator) fed to the kernel kept in
``baselines/overlap_chunk_v1.c`` (the replica loop outside the step loop, a full Cholesky of Sigma every step,
both triangles of the Q update). Rows, all through ``numerics.dynamics.sgd.simulate_overlaps`` on the same seed in
one process (so they include the recording): the baseline; today's kernel on the same NumPy draws (what the
arithmetic alone gained); the default path, which draws in C (xoshiro256++ streams, one per replica), on one
thread and on ``--threads``. Steps per second count replica-steps. Before timing, today's kernel and the
baseline are run on the same draws and must agree to 1e-9 relative (the new one keeps Q exactly symmetric, the
old one to rounding): AssertionError otherwise.

Target (issue 15): >= 2x the baseline's steps/s at R = 1 and at R = 100.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import sys
import time
from pathlib import Path
from typing import Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import numpy as np  # noqa: E402

from quadwick.derive.model import preset  # noqa: E402
from quadwick.numerics.dynamics import sgd  # noqa: E402
from quadwick.numerics.kernels import simulator  # noqa: E402
from quadwick.numerics.kernels.build import load_library  # noqa: E402
from quadwick.numerics.state import initial_overlaps  # noqa: E402

BASELINE = REPO_ROOT / "benchmarks" / "baselines" / "overlap_chunk_v1.c"


def baseline_kernel(p: int, pstar: int) -> Callable[..., None]:
    """The v1 kernel behind the current kernel's signature (it always runs every replica, on supplied draws)."""
    library = load_library(BASELINE.read_text(), "quadwick-chain-baseline-v1", required=True)
    pointer, long_, int_, double = ctypes.c_void_p, ctypes.c_long, ctypes.c_int, ctypes.c_double
    function = library.quadwick_overlap_chunk_v1
    function.argtypes = [long_, long_, int_, int_, *[pointer] * 6, int_, pointer, int_, pointer, *[pointer] * 3,
                         double, double, double, double, pointer, pointer]  # one activation for teacher and student
    function.restype = None

    def call(steps, replicas, first, last, T, rho, Q, g, chi2, zeta, states, half, noise, n_act, act, n_teacher,
             teacher, *rest):
        assert (first, last) == (0, replicas), "the baseline runs all replicas in one call"
        assert states is None, "the baseline takes NumPy's draws"
        assert n_teacher == n_act, "the baseline has one activation for teacher and student"
        function(steps, replicas, p, pstar, T, rho, Q, g, chi2, zeta, n_act, act, *rest)

    return call


@contextlib.contextmanager
def chain(kernel: Callable[..., None] | None, numpy_draws: bool):
    """simulate_overlaps with ``kernel`` (None: the current one) in place of the compiled chain, on NumPy's draws
    (the chunk kernel on supplied draws) or, without ``numpy_draws``, drawing in C (the default path)."""
    original = sgd.overlap_chunk, sgd._overlap_chunk
    if kernel is not None:
        sgd.overlap_chunk = lambda p, pstar: kernel
    if numpy_draws:
        sgd._overlap_chunk = lambda *args: sgd._overlap_chunk_c
    try:
        yield
    finally:
        sgd.overlap_chunk, sgd._overlap_chunk = original


def best_time(run: Callable[[], None], repeat: int) -> float:
    """The best of ``repeat`` timed runs, after one untimed run (kernels built and loaded, caches warm)."""
    run()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--p", type=int, default=6)
    parser.add_argument("--pstar", type=int, default=3)
    parser.add_argument("--N", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    model = preset("seed003", args.p, args.pstar)
    rho0, Q0 = initial_overlaps(model, 0.01, 1)
    steps = 20_000 if args.quick else 200_000
    current, baseline = simulator.overlap_chunk(args.p, args.pstar), baseline_kernel(args.p, args.pstar)
    if current is None:
        raise SystemExit("no C compiler: nothing to compare")

    # Honesty check: both kernels on the same draws.
    replicas, d, count = 8, args.p + args.pstar, 4000
    amplitude = sgd._Amplitude.of(model, 0.05)
    states = []
    for kernel in (None, baseline):
        with chain(kernel, numpy_draws=True):
            rho = np.ascontiguousarray(np.broadcast_to(rho0, (replicas, *rho0.shape)))
            Q = np.ascontiguousarray(np.broadcast_to(Q0, (replicas, *Q0.shape)))
            sigma = np.zeros((replicas, d, d))
            sigma[:, : args.pstar, : args.pstar] = np.eye(args.pstar)
            draws = np.random.default_rng(5)
            g = draws.standard_normal((count, replicas, d))
            chi2 = 2.0 * draws.standard_gamma((1000 - d) / 2.0, (count, replicas))
            sgd._overlap_chunk_c(rho, Q, sigma, g, chi2, 0.0, amplitude, 1000, 1e6)
            states.append((rho, Q))
    for new, old in zip(*states):
        np.testing.assert_allclose(new, old, rtol=1e-9, atol=1e-12)

    def simulate(replicas: int, threads: int, count: int) -> Callable[[], None]:
        options = sgd.SGDOptions(N=args.N, eta=0.01, alpha_max=count / args.N, points=2, replicas=replicas,
                                 backend="c", threads=threads)
        return lambda: sgd.simulate_overlaps(model, rho0, Q0, options, 3).check()

    rows = []
    for replicas, count in ((1, steps), (100, steps // 50)):
        timings = {}
        for label, kernel, numpy_draws, threads in (
            ("baseline (v1 kernel, NumPy draws)", baseline, True, 1),
            ("current kernel, NumPy draws", None, True, 1),
            ("current, drawing in C", None, False, 1),
            (f"current, drawing in C, {args.threads} threads", None, False, args.threads),
        ):
            if replicas == 1 and threads > 1:
                continue
            with chain(kernel, numpy_draws):
                timings[label] = best_time(simulate(replicas, threads, count), args.repeat)
        baseline_seconds = next(iter(timings.values()))
        for label, seconds in timings.items():
            rate = replicas * count / seconds
            rows.append((f"{label} (R = {replicas})", rate, baseline_seconds / seconds, 1e9 / rate))
    print(f"overlap chain, p = {args.p}, p* = {args.pstar}, N = {args.N}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'simulate_overlaps':<58}{'steps/s':>14}{'ns/step':>10}{'x baseline':>12}")
    for label, rate, ratio, nanoseconds in rows:
        print(f"{label:<58}{rate:>14,.0f}{nanoseconds:>10.0f}{ratio:>12.2f}")
    print("target: >= 2x the baseline at R = 1 and R = 100")


if __name__ == "__main__":
    main()
