"""Wall time of `quadwick derive` end to end (derivation and rendering): printing from the sparse polynomials
against the printing path before issue 15, kept here as the baseline.

Run from the repository root:

    python3 benchmarks/print_bench.py                       # (p, p*) = (8, 4) and (12, 6), JSON and text
    python3 benchmarks/print_bench.py --sizes 6,3 8,4 --formats json
    python3 benchmarks/print_bench.py --formats latex       # `quadwick latex`: the document's risk and ODE terms

For the default model (seed 003 conventions) at each size and format, each run cold (derive's caches and
SymPy's cache cleared before it):

NEW       ``derive.derivation.derivation(model).render(format)``, what ``quadwick derive`` runs: the values stay
          sparse polynomials and are printed from their terms (derive/polytext.py), each once.
BASELINE  the path before issue 15: every value built as a SymPy expression (the derivation read in full, as
          it was built eagerly), then printed with ``str``: the right-hand side of each ODE is built from its two
          parts and printed again, and the parameters are collected from ``free_symbols``
          (:func:`baseline_json`, :func:`baseline_text`, the old ``derive/render.py`` functions).  For LaTeX
          (:func:`baseline_latex`): the risk's and the ODEs' terms printed by SymPy's ``latex`` from the
          expanded expressions, as before derive/polylatex.py.

Before timing, both paths' bytes are checked to be equal (with B = 1 the canonical text is SymPy's), so the
ratio compares the same output.  Printed: seconds for each path (best of ``--repeat``), the ratio
baseline/new, and the target (>= 3x end to end).  At (12, 6) the baseline takes about 2 minutes per format on
one core of this machine (the new path about 10 s): ``--sizes 8,4`` for a quick run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from typing import Any, Callable

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import sympy  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402

import quadwick.derive.concrete  # noqa: E402
import quadwick.derive.general  # noqa: E402
import quadwick.derive.network  # noqa: E402
from quadwick.derive.concrete import ConcreteSystem, derive_system  # noqa: E402
from quadwick.derive.derivation import derivation  # noqa: E402
from quadwick.derive.model import preset  # noqa: E402
from quadwick.derive import render  # noqa: E402
from quadwick.derive.latex import terms_latex  # noqa: E402
from quadwick.derive.render import _header, outer_key  # noqa: E402

from derive_bench import read_expressions  # noqa: E402  (this folder is on the path when a script runs)

TARGET = 3.0  # baseline / new, end to end


# -- the printing path before issue 15 (the baseline) -------------------------------------------------------


def _baseline_parameters(system: ConcreteSystem) -> list[str]:
    symbols: set[sympy.Symbol] = set(system.risk.free_symbols)
    for expr in system.ode.rhs.values():
        symbols |= expr.free_symbols
    for combination in system.gradient.values():
        for c in combination.coefficients.values():
            symbols |= c.free_symbols
    symbols -= set(system.model.order_parameters)
    return sorted(str(s) for s in symbols)


def baseline_json(system: ConcreteSystem) -> str:
    """The JSON as ``derive.render.system_to_json`` wrote it before issue 15."""
    order = system.model.order_parameters
    rhs = system.ode.rhs
    data = {
        "model": system.model.describe(),
        "variables": [str(v) for v in order],
        "parameters": _baseline_parameters(system),
        "risk": str(system.risk),
        "ode": {str(v): str(rhs[v]) for v in order},
        "ode_order_eta": {str(v): str(system.ode.order_eta[v]) for v in order},
        "ode_order_eta2": {str(v): str(system.ode.order_eta2[v]) for v in order},
        "gradient": {f"grad_w_{m}": {a: str(c) for a, c in g.coefficients.items()} for m, g in system.gradient.items()},
        "hessian_blocks": {f"H_{m}_{n}": {"I_N": str(b.identity), **{outer_key(a, c): str(v) for (a, c), v in b.outer.items()}}
                           for (m, n), b in system.hessian_blocks.items()},
    }
    return json.dumps(data, indent=2) + "\n"


def baseline_text(system: ConcreteSystem) -> str:
    """The plain text as ``derive.render.system_to_text`` wrote it before issue 15."""
    lines = _header(system, "#")
    lines.append(f"R = {system.risk}")
    for v, expr in system.ode.rhs.items():
        lines.append(f"d{v}/dalpha = {expr}")
    for m, combination in system.gradient.items():
        lines.append(f"grad_w_{m} R = " + " + ".join(f"({c})*{a}" for a, c in combination.coefficients.items()))
    for (m, n), block in system.hessian_blocks.items():
        terms = [f"({block.identity})*I_N"] + [f"({c})*{a} {b}^T" for (a, b), c in block.outer.items()]
        lines.append(f"H_{m}_{n} = " + " + ".join(terms))
    return "\n".join(lines) + "\n"


def built_system(model) -> ConcreteSystem:
    """derive_system with every value built as a SymPy expression, as the derivation built them before issue 15."""
    system = derive_system(model)
    read_expressions(system)
    return system


def baseline_latex(system: ConcreteSystem) -> str:
    """The LaTeX document as ``derive.render.system_to_latex`` wrote it before it printed from the sparse terms:
    the risk's and each ODE's terms by SymPy's ``latex`` of the expanded expression (the rest of the document,
    the gradient and Hessian groupings, is unchanged and shared)."""
    original = render._terms_latex
    render._terms_latex = lambda value, prefactor, names: terms_latex(sympy.expand(value.as_expr() / prefactor), names)
    try:
        return render.system_to_latex(system)
    finally:
        render._terms_latex = original


BASELINE: dict[str, Callable[[ConcreteSystem], str]] = {"json": baseline_json, "text": baseline_text,
                                                        "latex": baseline_latex}


# -- timing ----------------------------------------------------------------------------------------------------


def clear_caches() -> None:
    quadwick.derive.network.preactivations.cache_clear()
    quadwick.derive.concrete.overlap_ode.cache_clear()
    quadwick.derive.general._evaluator.cache_clear()
    clear_cache()


def new_path(model, format: str, route: str = "concrete") -> str:
    return derivation(model, route).render(format)


def baseline_path(model, format: str) -> str:
    return BASELINE[format](built_system(model))


def best(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best (smallest) cold wall time of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        clear_caches()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def size(text: str) -> tuple[int, int]:
    p, pstar = (int(part) for part in text.split(","))
    return p, pstar


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=size, nargs="+", default=[(8, 4), (12, 6)], metavar="P,PSTAR",
                        help="widths to time (default 8,4 12,6)")
    parser.add_argument("--formats", nargs="+", choices=sorted(BASELINE), default=["json", "text"])
    parser.add_argument("--repeat", type=int, default=1, help="cold runs per timing; the best is reported (default 1)")
    args = parser.parse_args(argv)
    print(f"quadwick derive end to end: python {platform.python_version()}, sympy {sympy.__version__}, {platform.machine()}")
    print(f"best of {args.repeat} cold run(s); ratio = baseline / new, both in this process; target >= {TARGET:g}x")
    print(f"{'(p, p*)':<9} {'format':<7} {'baseline s':>11} {'new s':>8} {'general s':>10} {'ratio':>7}  target")
    new_path(preset("seed003", 1, 1), "json")  # imports and first-use costs land in neither timing
    for p, pstar in args.sizes:
        model = preset("seed003", p, pstar)
        for format in args.formats:
            baseline_time, expected = best(lambda: baseline_path(model, format), args.repeat)
            new_time, text = best(lambda: new_path(model, format), args.repeat)
            general_time, general_text = best(lambda: new_path(model, format, "general"), args.repeat)
            assert text == expected == general_text, f"the paths print different bytes at ({p}, {pstar}) {format}"
            ratio = baseline_time / new_time
            print(f"{f'({p}, {pstar})':<9} {format:<7} {baseline_time:>11.2f} {new_time:>8.2f} {general_time:>10.2f} "
                  f"{ratio:>6.1f}x  {'PASS' if ratio >= TARGET else 'FAIL'}", flush=True)
    print("(general: the new path on the general route instantiated at the widths; same bytes, checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
