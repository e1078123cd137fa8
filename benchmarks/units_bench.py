"""The unit form: the erf ODE's right-hand side against a loop over units, and the unit form's derivation time.

Run from the repository root:

    python3 benchmarks/units_bench.py                 # K = M in {3, 10, 30, 100}
    python3 benchmarks/units_bench.py --widths 3 10 --seconds 0.5

Model: the soft committee machine of Saad & Solla, sigma = sigma* = erf(z/sqrt(2)), read-outs 1, loss
(1/2)(y - yhat)^2, T = I, eta = 0.5, at a random state.  Methods:

* units-c   ``numerics.kernels.units.UnitKernels.rhs`` compiled: C loops over units generated from the unit
            form (``derive.units_codegen``; what ``kernels(model)`` returns for erf where a compiler is found);
* units     the same kernels without a compiler: the closed forms lambdified once and evaluated on NumPy arrays
            over units;
* loops     the baseline written below, as the committee-machine codes do it: the same closed forms as scalar
            Python functions (``math``), called for every tuple of units in nested loops.

Before timing, the baseline is checked against the kernel (relative error below 1e-10) at the smallest width.
The baseline's cost grows like K^4; where one of its evaluations would take longer than ``--cap`` seconds
(default 20), it is timed on the first rows k of dQ only and its time scaled by the number of unit tuples,
which is exact for a loop whose every iteration does the same work (printed as "extrapolated").

Derivation: the unit form of the erf and of a cubic model (sigma = z^3 - 3z, sigma* = z^3), every expectation
it uses built (Wick's theorem for the cubic, the closed forms for erf), caches cleared first; target under 2 s.
Targets printed with the table: units >= 10x loops at K >= 30.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import numpy as np  # noqa: E402
import sympy  # noqa: E402

from quadwick.derive import units  # noqa: E402
from quadwick.derive.model import Model  # noqa: E402
from quadwick.numerics.kernels.units import UnitKernels  # noqa: E402
from quadwick.numerics.state import pack_state, unpack_state  # noqa: E402
from kernel_bench import rate  # noqa: E402  (the benchmarks folder is the script's own)

ETA = 0.5


# -- the baseline: the closed forms as scalar functions, in loops over units ------------------------------------


def _I2(c11: float, c12: float, c22: float) -> float:
    return 2 / math.pi * math.asin(c12 / math.sqrt((1 + c11) * (1 + c22)))


def _I3(c11: float, c12: float, c13: float, c23: float, c33: float) -> float:
    lam3 = (1 + c11) * (1 + c33) - c13 * c13
    return 2 / math.pi * (c23 * (1 + c11) - c12 * c13) / ((1 + c11) * math.sqrt(lam3))


def _I4(c11, c12, c13, c14, c22, c23, c24, c33, c34, c44) -> float:
    lam4 = (1 + c11) * (1 + c22) - c12 * c12
    lam0 = lam4 * c34 - c23 * c24 * (1 + c11) - c13 * c14 * (1 + c22) + c12 * c13 * c24 + c12 * c14 * c23
    lam1 = lam4 * (1 + c33) - c23 * c23 * (1 + c11) - c13 * c13 * (1 + c22) + 2 * c12 * c13 * c23
    lam2 = lam4 * (1 + c44) - c24 * c24 * (1 + c11) - c14 * c14 * (1 + c22) + 2 * c12 * c14 * c24
    return 4 / math.pi**2 / math.sqrt(lam4) * math.asin(lam0 / math.sqrt(lam1 * lam2))


def loop_rhs(model: Model, state: np.ndarray, eta: float, rows: int | None = None) -> np.ndarray:
    """d rho_kl and d Q_kj (k <= j) of the soft committee machine (read-outs 1, c = 1/2), loops over units;
    ``rows``: only the first rows k of dQ (for timing)."""
    rho, Q = unpack_state(model, state)
    K, M = model.p, model.pstar
    S = np.block([[np.eye(M), rho.T], [rho, Q]]).tolist()
    students, teachers = [M + k for k in range(K)], list(range(M))
    everyone = teachers + students
    signs = {x: (1.0 if x < M else -1.0) for x in everyone}  # y - yhat: + teachers, - students
    drho = np.zeros((K, M))
    for k in range(K if rows is None else 0):
        for l in range(M):
            a, b = students[k], teachers[l]
            drho[k, l] = eta * sum(signs[c] * _I3(S[a][a], S[a][b], S[a][c], S[b][c], S[c][c]) for c in everyone)
    dQ = []
    for k in range(K if rows is None else rows):
        for j in range(k, K):
            a, b = students[k], students[j]
            first = sum(signs[c] * (_I3(S[a][a], S[a][b], S[a][c], S[b][c], S[c][c])
                                    + _I3(S[b][b], S[b][a], S[b][c], S[a][c], S[c][c])) for c in everyone)
            second = 0.0
            for c in everyone:
                for d in everyone:
                    second += signs[c] * signs[d] * _I4(S[a][a], S[a][b], S[a][c], S[a][d], S[b][b], S[b][c], S[b][d],
                                                        S[c][c], S[c][d], S[d][d])
            dQ.append(eta * first + eta**2 * second)
    return np.concatenate([drho.ravel(), dQ])


def random_state(model: Model, rng: np.random.Generator) -> np.ndarray:
    """Overlaps of random weights W (K x 4K, rows of norm ~1) with an orthonormal teacher."""
    W = rng.normal(0.0, 1.0, (model.p, 4 * model.p)) / math.sqrt(4 * model.p)
    Wstar = np.linalg.qr(rng.standard_normal((4 * model.p, 4 * model.p)))[0][: model.pstar]
    return pack_state(model, W @ Wstar.T, W @ W.T)


def best_time(call, seconds: float) -> float:
    """Seconds per call: the best of 3 runs of at least ``seconds`` each (kernel_bench's timer)."""
    return 1.0 / rate(call, seconds=seconds)


def committee(K: int) -> Model:
    return Model(p=K, pstar=K, activation="erf(z/sqrt(2))", student_readout=1, teacher_readout=1,
                 loss_prefactor=sympy.Rational(1, 2))


def derivation_seconds(activation: str, teacher: str) -> float:
    """Cold unit form of one model: the sums and every expectation they use."""
    units.unit_system.cache_clear()
    units.function_expression.cache_clear()
    sympy.core.cache.clear_cache()
    start = time.perf_counter()
    model = units.UnitModel.of(Model(p=1, pstar=1, activation=activation, teacher_activation=teacher))
    for total in units.unit_system(model).sums().values():
        for term in total.terms:
            units.function_expression(term.function, term.sectors, model)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widths", type=int, nargs="+", default=[3, 10, 30, 100])
    parser.add_argument("--seconds", type=float, default=0.2, help="least length of one timing run")
    parser.add_argument("--cap", type=float, default=20.0, help="longest baseline evaluation timed in full")
    args = parser.parse_args()
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, NumPy {np.__version__}, "
          f"load average {os.getloadavg()[0]:.2f}")
    rng = np.random.default_rng(0)
    smallest = committee(min(args.widths))
    state = random_state(smallest, rng)
    kernel = UnitKernels(smallest, compiled=False).rhs(state, ETA)
    error = np.abs(loop_rhs(smallest, state, ETA) - kernel).max() / np.abs(kernel).max()
    assert error < 1e-10, f"the loop baseline differs from the kernel: relative error {error:.2e}"
    print(f"# baseline checked against the kernel at K = {smallest.p}: relative error {error:.1e}")
    print(f"{'K = M':>6} {'units-c (s)':>12} {'units (s)':>12} {'loops (s)':>12} {'loops/units-c':>14} {'loops/units':>12}")
    for K in args.widths:
        model = committee(K)
        state = random_state(model, rng)
        compiled, arrays = UnitKernels(model), UnitKernels(model, compiled=False)
        assert compiled.backend == "units-c", "no C compiler: the compiled row needs one"
        fast = best_time(lambda: compiled.rhs(state, ETA), args.seconds)
        numpy_time = best_time(lambda: arrays.rhs(state, ETA), args.seconds)
        # The loop's cost per row k of dQ (the K^4 part) from one row, then the whole or a part of it.
        one_row = best_time(lambda: loop_rhs(model, state, ETA, rows=1), 0.0)
        tuples_per_row = lambda k: (K - k) * (2 * K) ** 2  # noqa: E731  (pairs (k, j >= k) x (c, d))
        whole = one_row * sum(tuples_per_row(k) for k in range(K)) / tuples_per_row(0)
        if whole <= args.cap:
            slow, note = best_time(lambda: loop_rhs(model, state, ETA), args.seconds), ""
        else:
            slow, note = whole, " (extrapolated from one row of dQ)"
        print(f"{K:>6} {fast:>12.4g} {numpy_time:>12.4g} {slow:>12.4g} {slow / fast:>13.1f}x {slow / numpy_time:>11.1f}x{note}")
    print("# target: the generated kernels >= 10x loops at K >= 30")
    for name, activation, teacher in (("erf", "erf(z/sqrt(2))", "erf(z/sqrt(2))"), ("cubic", "z**3 - 3*z", "z**3")):
        print(f"unit-form derivation, {name}: {derivation_seconds(activation, teacher):.2f} s (target < 2 s)")


if __name__ == "__main__":
    main()
