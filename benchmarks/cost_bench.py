"""The cost model of ``derive.cost`` against measured derivations (the calibration of the guard).

Run from the repository root:

    python3 benchmarks/cost_bench.py            # widths (2, 1) ... (12, 6) with z^2, degrees 3 ... 12
    python3 benchmarks/cost_bench.py --quick    # the smaller half

For each size, one cold ``derive.concrete.derive_system`` (derive's caches and SymPy's cleared) is timed
and printed beside ``derive.cost.derivation_seconds`` and their ratio (estimate / measured), with the
peak resident memory of the process so far. The fit itself (least squares in log t, as the docstring of
derive/cost.py says) is printed from the measured rows, so that a new machine can be recalibrated: paste
its coefficients into ``DERIVATION_FIT``.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import numpy as np  # noqa: E402
import sympy  # noqa: E402

from quadwick.derive import concrete, network  # noqa: E402
from quadwick.derive.cost import derivation_seconds  # noqa: E402
from quadwick.derive.model import Model  # noqa: E402
from quadwick.derive.parsing import parse_polynomial  # noqa: E402

QUICK = [(2, 1, 2), (4, 2, 2), (6, 3, 2), (2, 2, 4), (2, 2, 6), (3, 2, 3)]
FULL = QUICK + [(8, 4, 2), (10, 5, 2), (12, 6, 2), (2, 1, 8), (2, 2, 12)]


def _cold_seconds(p: int, pstar: int, degree: int) -> float:
    model = Model(p=p, pstar=pstar, activation=parse_polynomial(f"z**{degree}"))
    network.preactivations.cache_clear()
    concrete.overlap_ode.cache_clear()
    sympy.core.cache.clear_cache()
    start = time.perf_counter()
    concrete.derive_system(model)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    sizes = QUICK if parser.parse_args().quick else FULL
    print(f"{'p':>3} {'p*':>3} {'deg':>4} {'measured s':>11} {'estimate s':>11} {'ratio':>7} {'peak MB':>8}")
    rows = []
    for p, pstar, degree in sizes:
        measured = _cold_seconds(p, pstar, degree)
        estimate = derivation_seconds(p, pstar, degree)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append((p, pstar, degree, measured))
        print(f"{p:>3} {pstar:>3} {degree:>4} {measured:>11.3f} {estimate:>11.3f} {estimate / measured:>7.2f} {peak:>8.0f}",
              flush=True)
    design = np.array([[1.0, math.log(math.comb(p + ps + 4 * d - 2, 4 * d - 2)), math.log(p * ps + p * (p + 1) // 2)]
                       for p, ps, d, _ in rows])
    fit = np.linalg.lstsq(design, np.log([t for *_, t in rows]), rcond=None)[0]
    print("refitted DERIVATION_FIT on this machine:", tuple(round(float(c), 4) for c in fit))


if __name__ == "__main__":
    main()
