"""Where a fresh-clone ``quadwick run`` spends its time, with ratios against the old paths kept for comparison.

    python3 benchmarks/run_bench.py                  # gcc: the derived kernels at -O0 (now) against -O2 (before)
    python3 benchmarks/run_bench.py --claims         # also quadwick verify --quick on 1 worker and on --workers
    python3 benchmarks/run_bench.py --run            # also a whole quadwick run, per stage, fresh cache

Every timing uses a fresh kernel cache (QUADWICK_CACHE_DIR in a temporary folder), as on a fresh clone. The
compile stage also times one right-hand side and one Jacobian call of each build (the ODE's use: one point at a
time) and checks that both builds give bit-identical outputs at random states. ``--claims`` runs the claims twice
with N workers in the same fresh cache: the first run orders checks by method only, the second by the seconds
the first measured (numerics.claims.schedule). The machine may be shared: repeat and report ranges.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the checkout's quadwick package


def _compile_seconds(source: str, flags: tuple[str, ...], target: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["cc", *flags, "-x", "c", "-", "-o", str(target)], input=source, text=True, check=True)
    return time.perf_counter() - start


def _call_microseconds(function, repeat: int = 2000) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - start) / repeat * 1e6


def compile_stage(widths: list[tuple[int, int]]) -> None:
    """gcc seconds and per-call microseconds of the derived kernels, KERNEL_FLAGS against DEFAULT_FLAGS."""
    from quadwick.derive.codegen import c_source
    from quadwick.derive.model import preset
    from quadwick.numerics.kernels.build import DEFAULT_FLAGS
    from quadwick.numerics.kernels.derived import KERNEL_FLAGS, CompiledKernels

    print(f"{'model':>16} {'gcc old s':>10} {'gcc new s':>10} {'ratio':>6}   {'call old us':>11} {'call new us':>11} "
          f"{'ratio':>6}  identical")
    rng = np.random.default_rng(0)
    for p, pstar in widths:
        model = preset("seed003", p, pstar)
        source = c_source(model)
        with tempfile.TemporaryDirectory() as folder:
            built = {}
            for label, flags in (("old", DEFAULT_FLAGS), ("new", KERNEL_FLAGS)):
                target = Path(folder) / f"{label}.so"
                seconds = _compile_seconds(source, flags, target)
                built[label] = (seconds, CompiledKernels(model, ctypes.CDLL(str(target))))
            state = rng.normal(size=(500, len(model.order_parameters))) * 0.3
            calls, outputs = {}, {}
            for label, (_, k) in built.items():
                point = state[0]
                calls[label] = _call_microseconds(lambda: (k.rhs(point, eta=0.01), k.jacobian(point, eta=0.01)))
                outputs[label] = (k.risk(state), k.rhs(state, eta=0.01), k.jacobian(state, eta=0.01))
            identical = all(np.array_equal(a, b) for a, b in zip(outputs["old"], outputs["new"]))
            old, new = built["old"][0], built["new"][0]
            print(f"{f'seed003 ({p},{pstar})':>16} {old:10.2f} {new:10.2f} {old / new:5.1f}x   {calls['old']:11.1f} "
                  f"{calls['new']:11.1f} {calls['new'] / calls['old']:5.2f}x  {identical}")


def _timed(command: list[str], cache: Path) -> tuple[float, str]:
    environment = {**os.environ, "QUADWICK_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - start, result.stdout


def claims_stage(workers: int) -> None:
    """Wall seconds of ``quadwick verify --quick``: 1 worker, then ``workers`` twice (method order, then timed order)."""
    verify = [sys.executable, "-m", "quadwick.numerics.cli", "verify", "--quick"]
    with tempfile.TemporaryDirectory() as folder:
        serial, _ = _timed(verify + ["--workers", "1"], Path(folder) / "serial")
        print(f"claims, 1 worker, fresh cache:          {serial:7.1f} s")
        parallel, _ = _timed(verify + ["--workers", str(workers)], Path(folder) / "pool")
        print(f"claims, {workers} workers, fresh cache:         {parallel:7.1f} s ({serial / parallel:.2f}x the 1-worker run)")
        ordered, _ = _timed(verify + ["--workers", str(workers)], Path(folder) / "pool")
        print(f"claims, {workers} workers, timed order (warm):  {ordered:7.1f} s")


def run_stage() -> None:
    """A whole ``quadwick run`` in a fresh cache, with the stage lines it prints."""
    with tempfile.TemporaryDirectory() as folder:
        seconds, output = _timed([sys.executable, "-m", "quadwick.numerics.cli", "run", "--out", f"{folder}/out"],
                                 Path(folder) / "cache")
        for line in output.splitlines():
            if line.startswith("  ") and not line.startswith("  wrote"):
                print(line)
        print(f"quadwick run, fresh cache: {seconds:.1f} s wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--widths", nargs="*", default=["2,1", "4,2", "6,3"], help="p,p* pairs for the compile stage")
    parser.add_argument("--claims", action="store_true", help="also time quadwick verify --quick (minutes)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="workers of the parallel claims run")
    parser.add_argument("--run", action="store_true", help="also time a whole quadwick run (minutes)")
    args = parser.parse_args()
    compile_stage([tuple(int(n) for n in width.split(",")) for width in args.widths])
    if args.claims:
        claims_stage(args.workers)
    if args.run:
        run_stage()


if __name__ == "__main__":
    main()
