"""Time to assemble and diagonalise the population-risk Hessian: block structure vs dense eigensolve.

Run from the repository root:

    python3 benchmarks/landscape_bench.py            # (N, p, p*) = (50, 6, 3), (200, 8, 4)

At a random point W (entries N(0, 1/N), seeded) with teacher rows e_1..e_p*, in seed 003 Appendix 7.2's
scaling, both methods start from the overlaps and the engine's derived Hessian coefficients (compiled once,
outside the timings, and reported separately as "compile"):

* DENSE (baseline): assemble the pN x pN matrix H_mn = c_mn I_N + A^T O^{mn} A
  (``numerics.landscape.dense_hessian``) and ``numpy.linalg.eigvalsh`` it;
* BLOCKS: ``numerics.landscape.numeric_eigenvalues``: eig of C = [c_mn] with multiplicity N - d and
  eig of the pd x pd matrix K on span(w_k, w*_l) (d <= p + p*).

Before the table, both eigenvalue lists are asserted equal (absolute 1e-9), so both compute the same thing.
Each timing is the best of --repeat runs (default 3).  Target: BLOCKS at least 10x faster at (200, 8, 4).
"""

from __future__ import annotations

import os
import sys

# Run from a checkout without installing: put the repository root on the path.
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import argparse
import time
from typing import Callable

import numpy as np

from quadwick.numerics.landscape import dense_hessian, numeric_eigenvalues
from quadwick.numerics.landscape.functions import compiled_landscape

SIZES = [(50, 6, 3), (200, 8, 4)]


def best_of(repeat: int, work: Callable[[], np.ndarray]) -> tuple[float, np.ndarray]:
    """Best wall time of ``repeat`` runs of ``work`` and its last result."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    print(f"{'(N, p, p*)':>12} {'compile s':>10} {'dense s':>10} {'blocks s':>10} {'ratio':>8}")
    for N, p, pstar in SIZES:
        start = time.perf_counter()
        compiled_landscape("seed003-appendix", p, pstar)
        compile_time = time.perf_counter() - start
        W, Wstar = rng.normal(size=(p, N)) / np.sqrt(N), np.eye(pstar, N)
        dense_time, dense = best_of(args.repeat, lambda: np.linalg.eigvalsh(dense_hessian(W, Wstar)))
        block_time, blocks = best_of(args.repeat, lambda: numeric_eigenvalues(W, Wstar))
        assert np.allclose(dense, blocks, rtol=0, atol=1e-9), "block structure and dense eigensolve disagree"
        print(f"{str((N, p, pstar)):>12} {compile_time:10.3f} {dense_time:10.4f} {block_time:10.5f} "
              f"{dense_time / block_time:8.1f}x")
    print("target: blocks >= 10x faster than dense at (200, 8, 4)")


if __name__ == "__main__":
    main()
