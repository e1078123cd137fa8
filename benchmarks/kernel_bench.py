"""Right-hand-side evaluations per second of the overlap ODE: generated C kernel against baselines.

Run from the repository root:

    python3 benchmarks/kernel_bench.py                      # p in {3, 6, 12, 24, 48}, p* = ceil(p/2)
    python3 benchmarks/kernel_bench.py --widths 3 6 --max-concrete-p 6

Model: the default (seed 003 conventions: sigma(z) = z^2, a_k = 1/p, v_l = 1/p*, loss
(y - yhat)^2, T = I), eta = 0.1.  Methods:

* C          ``derive.codegen`` C kernel of the concrete route (right-hand side only),
             compiled by ``numerics.kernels.build.load_library`` into a temporary cache folder
             (so the compile time is a cold one), called through ``CompiledKernels.rhs``
             (argument checks included);
* C batch    the same kernel on 1024 states per call (states per second);
* lambdify   ``sympy.lambdify`` of the expanded component expressions (baseline);
* hand NumPy the matrix equations of the default model written out below (baseline),
             single state per call, and 1024 states per call ("hand batch");
* gen NumPy  the generated matrix-form NumPy kernel of the general route
             (``derive.numpy_codegen``; the committed ``generated/numpy_kernels.py``),
             called through ``numerics.kernels.derived.kernels(model, "numpy").rhs``
             (argument checks and state packing included), single state per call, and
             1024 states per call ("gen batch"); needs no concrete derivation, so it is
             measured at every width.

Every single-call method takes and returns the flat state in ``model.order_parameters``
order.  Before timing, the hand-written NumPy right-hand side is checked against the C
kernel (relative error below 1e-12 at random states) wherever the C kernel exists, and the
generated NumPy kernel against the hand-written one at every width.

The concrete derivation grows quickly with p (overlap ODE: ~0.3 s at p = 6, ~4 s at
p = 12, minutes at p = 24); widths above ``--max-concrete-p`` (default 12) skip the
methods that need it and say so.  Derivation, code generation and compile times are
printed for every width that is built.  Each rate is the best of 3 runs of at least
``--seconds`` (default 0.2) each.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import tempfile
import time
from typing import Callable

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import numpy as np  # noqa: E402
import sympy  # noqa: E402

from quadwick.derive.codegen import c_source, kernel_set  # noqa: E402
from quadwick.derive.concrete import overlap_ode  # noqa: E402
from quadwick.derive.model import Model  # noqa: E402
from quadwick.numerics.kernels.build import load_library  # noqa: E402
from quadwick.numerics.kernels.derived import CompiledKernels, kernels  # noqa: E402
from quadwick.numerics.state import pack_state, unpack_state  # noqa: E402

ETA = 0.1
BATCH = 1024


# -- the hand-written baseline: matrix equations of the default model ------------------------


def hand_rhs(model: Model, state: np.ndarray, eta: float) -> np.ndarray:
    """d state / d alpha for sigma = z^2, c = 1, A = diag(a), V = diag(v), T = I (batched over leading axes).

    With Sigma = [[T, rho^T], [rho, Q]], M = diag(V, -A), tau = tr(VT) - tr(AQ),
    P1 = rho V T - Q A rho, P2 = rho V rho^T - Q A Q (Wick on e = u^T V u - lambda^T A lambda):

        d rho = 4 eta A (tau rho + 2 P1)
        M1    = 4 eta A (tau Q + 2 P2)
        <FF>  = 16 eta^2 A [Q (tau^2 + 2 tr((M Sigma)^2)) + 4 tau P2 + 8 (P1 V rho^T - P2 A Q)] A
        d Q   = M1 + M1^T + <FF>,   tr((M Sigma)^2) = tr(VTVT) - 2 tr(V rho^T A rho) + tr(AQAQ).
    """
    rho, Q = unpack_state(model, state)
    a = np.full(model.p, 1.0 / model.p)
    v = np.full(model.pstar, 1.0 / model.pstar)
    rho_t = np.swapaxes(rho, -1, -2)
    A_rho, A_Q = a[:, None] * rho, a[:, None] * Q
    tau = (v.sum() - np.trace(A_Q, axis1=-2, axis2=-1))[..., None, None]
    P1 = rho * v - Q @ A_rho
    P2 = (rho * v) @ rho_t - Q @ A_Q
    squared = (v @ v) - 2 * np.einsum("...kl,...kl->...", A_rho, rho * v) + np.einsum("...kj,...jk->...", A_Q, A_Q)
    drho = 4 * eta * a[:, None] * (tau * rho + 2 * P1)
    M1 = 4 * eta * a[:, None] * (tau * Q + 2 * P2)
    inner = Q * (tau**2 + 2 * squared[..., None, None]) + 4 * tau * P2 + 8 * ((P1 * v) @ rho_t - P2 @ A_Q)
    FF = 16 * eta**2 * a[:, None] * inner * a
    dQ = M1 + np.swapaxes(M1, -1, -2) + FF
    return pack_state(model, drho, dQ)


# -- measurement -----------------------------------------------------------------------------


def rate(call: Callable[[], object], per_call: int = 1, seconds: float = 0.2) -> float:
    """Best of 3 runs of evaluations per second (each run at least ``seconds`` long)."""
    best = 0.0
    for _ in range(3):
        count, start = 0, time.perf_counter()
        while True:
            call()
            count += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        best = max(best, count * per_call / elapsed)
    return best


def random_states(model: Model, rng: np.random.Generator, count: int) -> np.ndarray:
    """Overlaps of random weights, (count, P)."""
    dim = model.p + model.pstar + 4
    W = rng.normal(0.0, 1.0, (count, model.p, dim)) / np.sqrt(dim)
    Wstar = np.linalg.qr(rng.standard_normal((dim, dim)))[0][: model.pstar]
    return pack_state(model, W @ Wstar.T, W @ np.swapaxes(W, -1, -2))


def relative_error(actual: np.ndarray, expected: np.ndarray) -> float:
    return float(np.abs(actual - expected).max() / np.abs(expected).max())


def measure(p: int, max_concrete_p: int, seconds: float, cache: str) -> dict[str, object]:
    """Timings and rates for one width."""
    model = Model(p=p, pstar=math.ceil(p / 2))
    rng = np.random.default_rng(p)
    row: dict[str, object] = {"p": p, "pstar": model.pstar, "P": len(model.order_parameters)}
    state, batch = random_states(model, rng, 1)[0], random_states(model, rng, BATCH)
    row["hand"] = rate(lambda: hand_rhs(model, state, ETA), seconds=seconds)
    row["hand_batch"] = rate(lambda: hand_rhs(model, batch, ETA), BATCH, seconds)
    generated = kernels(model, backend="numpy")
    error = max(relative_error(generated.rhs(s, ETA), hand_rhs(model, s, ETA)) for s in batch[:20])
    assert error < 1e-12, f"generated NumPy differs from the hand-written one at p = {p}: relative error {error:.2e}"
    row["gen_vs_hand"] = error
    row["gen"] = rate(lambda: generated.rhs(state, ETA), seconds=seconds)
    row["gen_batch"] = rate(lambda: generated.rhs(batch, ETA), BATCH, seconds)
    if p > max_concrete_p:
        row["skipped"] = f"p = {p} > --max-concrete-p {max_concrete_p}: the concrete derivation (C, lambdify) takes too long"
        return row
    start = time.perf_counter()
    overlap_ode(model)
    system = kernel_set(model, ("rhs",))
    row["derive_s"] = time.perf_counter() - start
    start = time.perf_counter()
    source = c_source(model, ("rhs",))
    row["codegen_s"] = time.perf_counter() - start
    row["source_kb"] = len(source) / 1024
    os.environ["QUADWICK_CACHE_DIR"] = cache
    start = time.perf_counter()
    library = load_library(source, f"bench-rhs-p{p}", fallback="nothing (no C column)")
    row["compile_s"] = time.perf_counter() - start
    if library is not None:
        kernel = CompiledKernels(model, library)
        error = max(relative_error(hand_rhs(model, s, ETA), kernel.rhs(s, ETA)) for s in batch[:20])
        assert error < 1e-12, f"hand-written NumPy differs from the C kernel at p = {p}: relative error {error:.2e}"
        row["hand_vs_c"] = error
        row["c"] = rate(lambda: kernel.rhs(state, ETA), seconds=seconds)
        row["c_batch"] = rate(lambda: kernel.rhs(batch, ETA), BATCH, seconds)
    start = time.perf_counter()
    function = sympy.lambdify(list(model.order_parameters) + [model.eta], system.expressions("rhs"), "numpy")
    row["lambdify_build_s"] = time.perf_counter() - start
    row["lambdify"] = rate(lambda: function(*state, ETA), seconds=seconds)
    return row


def fmt(value: object, spec: str = ".3g") -> str:
    return "-" if value is None else format(value, spec)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--widths", type=int, nargs="+", default=[3, 6, 12, 24, 48])
    parser.add_argument("--max-concrete-p", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=0.2)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, numpy {np.__version__}, sympy {sympy.__version__}, {platform.machine()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="quadwick-bench-") as cache:
        for p in args.widths:
            rows.append(measure(p, args.max_concrete_p, args.seconds, cache))
            print(f"  done p = {p}", file=sys.stderr, flush=True)
    print("\nRHS evaluations per second (single state per call; 'batch' columns: states per second, 1024 per call)")
    header = (f"{'p':>3} {'p*':>3} {'P':>5} | {'C':>9} {'C batch':>9} | {'gen NumPy':>9} {'gen batch':>9} | "
              f"{'hand NumPy':>10} {'hand batch':>10} | {'lambdify':>9} | {'C/hand':>7} {'C/lamb':>7} {'gen/hand':>8}")
    print(header)
    print("-" * len(header))
    for row in rows:
        c, hand, lamb = row.get("c"), row.get("hand"), row.get("lambdify")
        ratio_hand = c / hand if c and hand else None
        ratio_lamb = c / lamb if c and lamb else None
        print(
            f"{row['p']:>3} {row['pstar']:>3} {row['P']:>5} | {fmt(c):>9} {fmt(row.get('c_batch')):>9} | "
            f"{fmt(row['gen']):>9} {fmt(row['gen_batch']):>9} | {fmt(hand):>10} {fmt(row.get('hand_batch')):>10} | "
            f"{fmt(lamb):>9} | {fmt(ratio_hand, '.1f'):>7} {fmt(ratio_lamb, '.0f'):>7} {row['gen'] / hand:>8.2f}"
        )
    print("\nBuild times (rhs kernel only), seconds; hand NumPy checked against C (max relative error)")
    for row in rows:
        if "skipped" in row:
            print(f"  p = {row['p']:>2}: skipped C and lambdify: {row['skipped']}")
            continue
        print(
            f"  p = {row['p']:>2}: derive {fmt(row['derive_s'])}  codegen {fmt(row['codegen_s'])}  "
            f"source {row['source_kb']:.0f} KiB  compile {fmt(row['compile_s'])}  lambdify build {fmt(row['lambdify_build_s'])}  "
            f"hand vs C {fmt(row.get('hand_vs_c'), '.1e')}  gen vs hand {fmt(row['gen_vs_hand'], '.1e')}"
        )
    by_p = {row["p"]: row for row in rows}
    if 6 in by_p and by_p[6].get("c"):
        print(f"\ntarget: C >= 5x hand NumPy at p = 6: {by_p[6]['c'] / by_p[6]['hand']:.1f}x")
    if 12 in by_p and by_p[12].get("c"):
        print(f"target: C >= 100x lambdify at p = 12: {by_p[12]['c'] / by_p[12]['lambdify']:.0f}x")
        print(f"target: gen NumPy >= 100x lambdify at p = 12: {by_p[12]['gen'] / by_p[12]['lambdify']:.0f}x")
    for p in sorted(q for q in by_p if q >= 12):
        row = by_p[p]
        print(f"target: gen NumPy within 1.2x of hand NumPy at p = {p} (rate ratio >= 1/1.2 = 0.83): "
              f"single {row['gen'] / row['hand']:.2f}, batch {row['gen_batch'] / row['hand_batch']:.2f}")


if __name__ == "__main__":
    main()
