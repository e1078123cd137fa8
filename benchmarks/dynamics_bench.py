"""SGD steps per second: naive per-sample loop, blocked weight space, exact overlap space.

Run from the repository root:

    python3 benchmarks/dynamics_bench.py            # N = 10^4, p = 6, p* = 3 (seed 003 Figure 1)
    python3 benchmarks/dynamics_bench.py --quick    # fewer steps

What is timed (seed 003 model, eta = 0.01, eq. (8) initial overlaps with eps = 0.01):

* NAIVE (written here): the per-sample NumPy loop a user would write, one replica:
  x = rng.standard_normal(N); lambda = W x / sqrt(N); u = W* x / sqrt(N);
  F = (4 eta / p)(y - yhat) lambda; W += outer(F, x) / sqrt(N).
* input generation alone: rng.standard_normal((B, N)) per B samples in one thread - float64 from
  the naive loop's generator (PCG64), and float32 from an SFC64 generator like the input streams of
  NumPy's ``simulate_weights``: the floor a one-thread NumPy weight-space simulation with such inputs pays (the
  compiled simulator draws in C, see benchmarks/README.md).
* WEIGHTS: ``numerics.dynamics.sgd.simulate_weights`` with 1 and ``--replicas`` replicas: with the default
  options (the compiled simulator, one thread, float64 inputs, blocks of 8; with ``--replicas`` also on
  ``--threads`` threads, which share the replicas), with NumPy's blocked path
  (``backend="numpy"``, blocks of 32) and with NumPy's ``threads=--threads`` (default: the CPU count) and
  ``input_dtype="float32"``; ``--block`` sets the block of all three.
* OVERLAP: ``numerics.dynamics.sgd.simulate_overlaps`` with the NumPy chunk kernel and with the compiled C
  one (``SGDOptions.backend``), with 1, ``--replicas`` and 100 replicas (C built before timing).
* ODE: ``numerics.dynamics.ode.integrate`` for Figure 1's setting (p = 6, p* = 3, eta = 0.01, eps = 0.01,
  alpha up to 2000, 201 output points, DOP853 at rtol 1e-10), the kernels built (and cached)
  before timing; the kernel build time is printed beside it.

Steps per second count replica-steps (R replicas x steps / wall time), so rows with several
replicas show the throughput one run of R replicas gets.  Each figure is the best of
``--repeat`` runs, the methods interleaved so that machine load hits them alike.  Ratios are
against the naive loop measured in the same process.

Honesty check before timing: on the same inputs the blocked update (``numerics.dynamics.sgd.sgd_steps``, the
kernels ``simulate_weights`` runs) equals the naive loop: float64 inputs, compiled and NumPy, to 1e-12 of the
weights; float32-drawn inputs with ``--threads`` threads (float32 products), against the naive loop
on the same inputs in float64, to 1e-5 of how far the weights moved (float32 rounding gives ~1e-7;
dropping the within-block corrections would give ~1e-3).  AssertionError otherwise.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import time
from typing import Callable

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import numpy as np  # noqa: E402

from quadwick.derive.model import Model, preset  # noqa: E402
from quadwick.numerics.dynamics import ode, sgd  # noqa: E402
from quadwick.numerics.kernels import simulator, weights as cweights  # noqa: E402
from quadwick.numerics.kernels.derived import kernels  # noqa: E402
from quadwick.numerics.state import initial_overlaps  # noqa: E402

ETA, EPS = 0.01, 0.01


def naive_loop(model: Model, W: np.ndarray, Wstar: np.ndarray, steps: int, eta: float, rng: np.random.Generator) -> np.ndarray:
    """The per-sample loop for the seed 003 model, drawing x ~ N(0, I_N) each step."""
    W = W.copy()
    N = W.shape[1]
    root_n = math.sqrt(N)
    p, pstar = model.p, model.pstar
    for _ in range(steps):
        x = rng.standard_normal(N)
        lam, u = W @ x / root_n, Wstar @ x / root_n
        residual = u @ u / pstar - lam @ lam / p
        W += np.outer(4 * eta / p * residual * lam, x) / root_n
    return W


def naive_loop_on(model: Model, W: np.ndarray, Wstar: np.ndarray, inputs: np.ndarray, eta: float) -> np.ndarray:
    """The same loop on given inputs (for the honesty check)."""
    W = W.copy()
    root_n = math.sqrt(W.shape[1])
    for x in inputs:
        lam, u = W @ x / root_n, Wstar @ x / root_n
        residual = u @ u / model.pstar - lam @ lam / model.p
        W += np.outer(4 * eta / model.p * residual * lam, x) / root_n
    return W


def honesty_check(model: Model, N: int, block: int | None, threads: int) -> None:
    rng = np.random.default_rng(1)
    rho0, Q0 = initial_overlaps(model, 0.3, rng)
    W, Wstar = sgd.weights_from_overlaps(rho0, Q0, N, rng)
    inputs = rng.standard_normal((101, N))
    expected = naive_loop_on(model, W, Wstar, inputs, ETA)
    for backend in ("auto", "numpy"):
        got = sgd.sgd_steps(model, W, Wstar, inputs, ETA, block=block, backend=backend)
        error = np.abs(got - expected).max() / np.abs(expected).max()
        assert error < 1e-12, f"blocked weight space ({backend}) differs from the naive loop: relative error {error:.3g}"
        print(f"honesty check: weight space ({backend}) == naive loop on {len(inputs)} shared float64 inputs "
              f"(max relative difference {error:.1e})")
    inputs = rng.standard_normal((101, N), dtype=np.float32)
    expected = naive_loop_on(model, W, Wstar, inputs.astype(float), ETA)
    got = sgd.sgd_steps(model, W, Wstar, inputs, ETA, block=block, threads=threads)
    error = np.abs(got - expected).max() / np.abs(expected - W).max()
    assert error < 1e-5, f"float32 blocked weight space differs from the naive loop: {error:.3g} of the weights' movement"
    print(f"honesty check: blocked ({threads} threads, float32 products) == naive loop (float64) on {len(inputs)} shared "
          f"float32-drawn inputs (max difference {error:.1e} of the weights' movement)")


def ode_solve_time(p: int, pstar: int, repeat: int) -> tuple[float, float]:
    """Best-of-``repeat`` wall time of Figure 1's ODE solve, and the time to build (or load) its kernels."""
    model = preset("seed003", p, pstar)
    start = time.perf_counter()
    built = kernels(model)
    build = time.perf_counter() - start
    rho0, Q0 = initial_overlaps(model, EPS, 0)
    options = ode.ODEOptions(eta=ETA, alpha_max=2000.0, points=201)
    best = min(timed(lambda: ode.integrate(model, rho0, Q0, options, kernels=built).check()) for _ in range(repeat))
    return best, build


def timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--N", type=int, default=10**4)
    parser.add_argument("--p", type=int, default=6)
    parser.add_argument("--pstar", type=int, default=3)
    parser.add_argument("--replicas", type=int, default=10)
    parser.add_argument("--block", type=int, default=None, help="samples per block (default: each path's own)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                        help="threads of the fast weight-space rows (default: the CPU count)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="a tenth of the steps")
    args = parser.parse_args()
    model = preset("seed003", args.p, args.pstar)
    N, R = args.N, args.replicas
    scale = 0.1 if args.quick else 1.0
    weight_steps = int(2000 * scale)
    chunk = 32  # samples per call of the input-generation rows
    overlap_steps = max(1, int(20000 * scale))

    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, {platform.machine()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"N = {N}, p = {args.p}, p* = {args.pstar}, eta = {ETA}, block = {args.block}, threads = {args.threads}; best of {args.repeat}")
    honesty_check(model, min(N, 500), args.block, args.threads)
    sgd.risk_function(model)  # lambdify once, outside the timings

    rng = np.random.default_rng(0)
    rho0, Q0 = initial_overlaps(model, EPS, rng)
    W, Wstar = sgd.weights_from_overlaps(rho0, Q0, N, rng)
    buffer = np.empty((chunk, N))
    buffer32 = np.empty((chunk, N), dtype=np.float32)
    stream = np.random.Generator(np.random.SFC64(0))

    def weights(replicas: int, **fast: object) -> Callable[[], None]:
        options = sgd.SGDOptions(N=N, eta=ETA, alpha_max=weight_steps / N, points=2, replicas=replicas, block=args.block, **fast)
        return lambda: sgd.simulate_weights(model, rho0, Q0, options, rng).check()

    fast = {"threads": args.threads, "input_dtype": "float32"}
    fast_label = f"NumPy, {args.threads} thr, float32"

    def overlaps(replicas: int, backend: str, steps: int) -> Callable[[], None]:
        options = sgd.SGDOptions(N=N, eta=ETA, alpha_max=steps / N, points=2, replicas=replicas, backend=backend)
        return lambda: sgd.simulate_overlaps(model, rho0, Q0, options, rng).check()

    compiled = simulator.overlap_chunk(args.p, args.pstar) is not None  # builds the C kernels outside the timings
    simulator.weight_amplitudes()
    cweights.weight_simulator(args.p, args.pstar)
    c_steps = 10 * overlap_steps

    # (label, run, replica-steps per run)
    rows = [
        ("naive per-sample loop (R = 1)", lambda: naive_loop(model, W, Wstar, weight_steps, ETA, rng), weight_steps),
        (
            "input generation alone (floor)",
            lambda: [rng.standard_normal(out=buffer) for _ in range(weight_steps // chunk)],
            weight_steps // chunk * chunk,
        ),
        (
            "  float32, one SFC64 stream (NumPy's weight space)",
            lambda: [stream.standard_normal(out=buffer32, dtype=np.float32) for _ in range(weight_steps // chunk)],
            weight_steps // chunk * chunk,
        ),
        ("weight space, defaults (R = 1)", weights(1), weight_steps),
        (f"weight space, defaults (R = {R})", weights(R), weight_steps * R),
        (f"weight space, compiled, {args.threads} thr (R = {R})", weights(R, threads=args.threads), weight_steps * R),
        ("weight space, NumPy blocks (R = 1)", weights(1, backend="numpy"), weight_steps),
        (f"weight space, NumPy blocks (R = {R})", weights(R, backend="numpy"), weight_steps * R),
        (f"weight space ({fast_label}, R = 1)", weights(1, **fast), weight_steps),
        (f"weight space ({fast_label}, R = {R})", weights(R, **fast), weight_steps * R),
        ("overlap space, NumPy (R = 1)", overlaps(1, "numpy", overlap_steps), overlap_steps),
        (f"overlap space, NumPy (R = {R})", overlaps(R, "numpy", overlap_steps), overlap_steps * R),
        ("overlap space, NumPy (R = 100)", overlaps(100, "numpy", overlap_steps), overlap_steps * 100),
    ]
    if compiled:
        rows += [
            ("overlap space, C (R = 1)", overlaps(1, "c", c_steps), c_steps),
            (f"overlap space, C (R = {R})", overlaps(R, "c", c_steps), c_steps * R),
            ("overlap space, C (R = 100)", overlaps(100, "c", overlap_steps), overlap_steps * 100),
        ]
    best = [math.inf] * len(rows)
    for _ in range(args.repeat):
        for i, (_, run, _) in enumerate(rows):
            best[i] = min(best[i], timed(run))

    print(f"load average after the timings: {os.getloadavg()[0]:.2f} (other processes slow the threaded rows most)")
    rates = [count / seconds for (_, _, count), seconds in zip(rows, best)]
    print(f"\n{'method':<50}{'steps/s':>14}{'x naive':>10}")
    for (label, _, _), rate in zip(rows, rates):
        print(f"{label:<50}{rate:>14,.0f}{rate / rates[0]:>10.1f}")
    if not compiled:
        print(f"{'overlap space, C':<50}not built (no C compiler)")
    ode_seconds, build_seconds = ode_solve_time(args.p, args.pstar, args.repeat)
    print(f"\nFigure 1 ODE solve (p = {args.p}, p* = {args.pstar}, eta = {ETA}, alpha up to 2000): "
          f"{ode_seconds:.3f} s (kernels built/loaded beforehand in {build_seconds:.2f} s)")
    print("\ntargets: overlap-space C >= 100x naive; weight space at the defaults >= 3x naive; Figure 1 ODE < 1 s")
    print("(steps/s count replica-steps; the weight-space rows include building the weights and the")
    print(" divergence checks, the overlap rows the lambdified risk at the recorded points)")


if __name__ == "__main__":
    main()
