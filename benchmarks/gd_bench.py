"""Empirical-loss gradient descent (numerics.dynamics.gd) against a naive NumPy implementation.

    python benchmarks/gd_bench.py [--steps S]

Seed 000 convention, d = 16, n = 200, m = 32, m* = 4: both take the same explicit steps from the same start;
the script checks they agree and prints the time per step of each and the ratio naive / numerics.dynamics.gd.
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

import numpy as np

from quadwick.numerics.dynamics import gd

D, N, M, MSTAR = 16, 200, 32, 4


def naive_step(W: np.ndarray, X: np.ndarray, y: np.ndarray, rate: float) -> np.ndarray:
    """One step of 000 eq. (3) written sample by sample and neuron by neuron."""
    grad = np.zeros_like(W)
    for x, label in zip(X, y):
        residual = sum((w @ x) ** 2 for w in W) / len(W) - label
        for k, w in enumerate(W):
            grad[k] += residual * (w @ x) * x / (len(W) * len(X))
    return W - rate * len(W) * grad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=20)
    steps = parser.parse_args().steps
    rng = np.random.default_rng(0)
    conv = gd.convention("seed000", M, MSTAR)
    Ws, X, W0 = gd.teacher("gaussian", MSTAR, D, rng), gd.gaussian_inputs(N, D, rng), rng.standard_normal((M, D))
    y = gd.labels(X, Ws, conv)
    dt = gd.stable_step(X, W0, Ws, conv)

    start = time.perf_counter()
    W = W0
    for _ in range(steps):
        W = naive_step(W, X, y, dt)
    naive = (time.perf_counter() - start) / steps

    repeats = 50 * steps
    start = time.perf_counter()
    fast = gd.run_gd(W0, Ws, conv, dt, repeats, X=X, record=[repeats])
    vectorised = (time.perf_counter() - start) / repeats
    check = gd.run_gd(W0, Ws, conv, dt, steps, X=X, record=[steps]).weights[0]
    assert np.allclose(check, W, rtol=1e-9, atol=1e-12), "numerics.dynamics.gd and the naive loop disagree"
    assert not fast.diverged.any()
    print(f"empirical GD, d = {D}, n = {N}, m = {M}, m* = {MSTAR} (seed000 convention)")
    print(f"  naive NumPy loop : {naive * 1e3:9.3f} ms/step")
    print(f"  numerics.dynamics.gd      : {vectorised * 1e3:9.3f} ms/step")
    print(f"  ratio naive / gd : {naive / vectorised:9.1f}")


if __name__ == "__main__":
    main()
