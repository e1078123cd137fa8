"""Overlap-space SGD chain: steps per second of the compiled chain against its baseline, in one process.

Run from the repository root:

    python3 benchmarks/chain_bench.py            # p = 6, p* = 3 (seed 003 Figure 1), N = 10^4
    python3 benchmarks/chain_bench.py --quick

The baseline is the chain kernel as it was before it was compiled per width (``baselines/overlap_chunk_v1.c``:
the replica loop outside the step loop, a full Cholesky of Sigma every step, both triangles of the Q update).
Both run inside ``numerics.dynamics.sgd.simulate_overlaps`` on the same seed, so the rows include the random
draws (NumPy, the same stream for both) and the recording; the kernel-only rows time one chunk of pre-drawn
steps. Steps per second count replica-steps. Before timing, the two kernels are run on the same draws and
must agree to 1e-9 relative (the new one keeps Q exactly symmetric, the old one to rounding): AssertionError
otherwise.

Target (issue 15): >= 2x the baseline's steps/s at R = 1 and at R = 100.
"""

from __future__ import annotations

import argparse
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
    """The v1 kernel behind the current kernel's signature (it always runs every replica)."""
    library = load_library(BASELINE.read_text(), "quadwick-chain-baseline-v1", required=True)
    pointer, long_, int_, double = ctypes.c_void_p, ctypes.c_long, ctypes.c_int, ctypes.c_double
    function = library.quadwick_overlap_chunk_v1
    function.argtypes = [long_, long_, int_, int_, *[pointer] * 6, int_, pointer, int_, pointer, *[pointer] * 3,
                         double, double, double, double, pointer, pointer]  # one activation for teacher and student
    function.restype = None

    def call(steps, replicas, first, last, T, rho, Q, g, chi2, zeta, n_act, act, n_teacher, teacher, *rest):
        assert (first, last) == (0, replicas), "the baseline runs all replicas in one call"
        assert n_teacher == n_act, "the baseline has one activation for teacher and student"
        function(steps, replicas, p, pstar, T, rho, Q, g, chi2, zeta, n_act, act, *rest)

    return call


def with_kernel(kernel: Callable[..., None] | None):
    """Swap the chain kernel that numerics.dynamics.sgd uses (None: the current one)."""
    original = sgd.overlap_chunk
    sgd.overlap_chunk = original if kernel is None else (lambda p, pstar: kernel)
    return original


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
        original = with_kernel(kernel)
        try:
            rho = np.ascontiguousarray(np.broadcast_to(rho0, (replicas, *rho0.shape)))
            Q = np.ascontiguousarray(np.broadcast_to(Q0, (replicas, *Q0.shape)))
            sigma = np.zeros((replicas, d, d))
            sigma[:, : args.pstar, : args.pstar] = np.eye(args.pstar)
            draws = np.random.default_rng(5)
            g = draws.standard_normal((count, replicas, d))
            chi2 = 2.0 * draws.standard_gamma((1000 - d) / 2.0, (count, replicas))
            sgd._overlap_chunk_c(rho, Q, sigma, g, chi2, 0.0, amplitude, 1000, 1e6)
            states.append((rho, Q))
        finally:
            sgd.overlap_chunk = original
    for new, old in zip(*states):
        np.testing.assert_allclose(new, old, rtol=1e-9, atol=1e-12)

    def simulate(replicas: int, threads: int, count: int) -> Callable[[], None]:
        options = sgd.SGDOptions(N=args.N, eta=0.01, alpha_max=count / args.N, points=2, replicas=replicas,
                                 backend="c", threads=threads)
        return lambda: sgd.simulate_overlaps(model, rho0, Q0, options, 3).check()

    rows = []
    for replicas, count in ((1, steps), (100, steps // 50)):
        timings = {}
        for label, kernel, threads in (("baseline", baseline, 1), ("current", None, 1),
                                       (f"current, {args.threads} threads", None, args.threads)):
            if replicas == 1 and threads > 1:
                continue
            original = with_kernel(kernel)
            try:
                timings[label] = best_time(simulate(replicas, threads, count), args.repeat)
            finally:
                sgd.overlap_chunk = original
        for label, seconds in timings.items():
            rate = replicas * count / seconds
            rows.append((f"simulate_overlaps, {label} (R = {replicas})", rate, timings["baseline"] / seconds))
    print(f"overlap chain, p = {args.p}, p* = {args.pstar}, N = {args.N}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'what':<58}{'steps/s':>14}{'x baseline':>12}")
    for label, rate, ratio in rows:
        print(f"{label:<58}{rate:>14,.0f}{ratio:>12.2f}")
    print("target: >= 2x the baseline at R = 1 and R = 100")


if __name__ == "__main__":
    main()
