"""Wall time of the full concrete derivation: quadwick's engine against a naive SymPy baseline.

Run from the repository root:

    python3 benchmarks/derive_bench.py            # (p, p*) = (2, 1), (6, 3), (10, 5)
    python3 benchmarks/derive_bench.py --quick    # (2, 1) and (6, 3) only

What is timed, for the default model (seed 003 conventions: sigma(z) = z^2,
a_k = 1/p, v_l = 1/p*, loss (y - yhat)^2, T = I, F_k = eta A_k with
A_k = -d l / d lambda_k = (4/p)(y - yhat) lambda_k):

* risk                 E[(y - yhat)^2]
* overlap ODE          <A_k u_l> (rho), <A_k lambda_j> + <A_j lambda_k> (Q, O(eta)),
                       <A_k A_j> (Q, O(eta^2)), for every component
* gradient             (1/N) E[d_j d_{lambda_m} l] for every m and pre-activation j
* Hessian blocks       (1/N) E[d_{lambda_m} d_{lambda_n} l] and
                       (1/N^2) E[d_i d_j d_{lambda_m} d_{lambda_n} l] for every m, n, i, j

ENGINE: ``derive.concrete.derive_system`` (Stein recursion, memoised, on sparse
polynomials), with every value read as a SymPy expression (derive keeps them sparse until
read, :func:`read_expressions`; the baseline builds expressions).  Each run is cold: the derive caches
(``derive.network.preactivations``, ``derive.concrete.overlap_ode``) and SymPy's
global cache are cleared before it.

BASELINE (written here, independent of ``derive`` except for the Model's symbol
names and covariance matrix): every integrand is a SymPy expression tree in
symbols u_l, lambda_k; it is ``sympy.expand``-ed, and each monomial's expectation is
the sum over Wick pairings of its factor list (pair the first factor with each
other factor, multiply the covariance entries, recurse), with no memoisation
across monomials; the terms are summed as SymPy expressions and expanded.
SymPy's global cache is cleared before each baseline run too.

Honesty check (outside the timed regions, at every width): every quantity the
baseline finished (all of them unless it hit the cap) must equal the engine's
exactly, ``sympy.expand(a - b) == 0``; a mismatch is an AssertionError.

Each timing is the best of ``--repeat`` cold runs (default 3); both methods run
once at (1, 1), untimed, first, so one-time import costs land in neither.

The baseline gets a time cap (``--cap``, default 120 s).  If it runs past the cap
it stops at the next expectation; the table then prints "> cap" with the part it
finished, and the ratio is a lower bound.  With ``--baseline-risk-ode-only`` at
(10, 5) the baseline does only the risk and the ODE, and the ratio is against the
engine's cold time for the same two stages (both printed).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import sympy  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402

import quadwick.derive.concrete  # noqa: E402
import quadwick.derive.general  # noqa: E402
import quadwick.derive.network  # noqa: E402
from quadwick.derive.model import ACTIVATION_VARIABLE, Model, q_symbol, rho_symbol  # noqa: E402

STAGES = ("risk", "ode", "gradient", "hessian")
TARGETS = {(6, 3): 2.0, (10, 5): 15.0}  # engine wall time, seconds
SPEEDUP_TARGET = (6, 3), 5.0  # engine at least 5x faster than the baseline there


# ---------------------------------------------------------------------------
# Engine
# ---------------------------------------------------------------------------


def clear_engine_caches() -> None:
    """Make the next engine derivation cold: derive's lru caches and SymPy's cache."""
    quadwick.derive.network.preactivations.cache_clear()
    quadwick.derive.concrete.overlap_ode.cache_clear()
    clear_cache()


def read_expressions(result: Any) -> int:
    """Read every SymPy expression of a derived result (a system, an ODE, gradients, Hessian blocks, one
    expression; derive keeps values sparse until they are read, and the baseline builds them all): how many."""
    concrete = quadwick.derive.concrete
    if isinstance(result, concrete.ConcreteSystem):
        return read_expressions(result.risk) + sum(read_expressions(part) for part in (result.ode, result.gradient, result.hessian_blocks))
    if isinstance(result, concrete.OverlapODE):
        return len([*result.order_eta.values(), *result.order_eta2.values()])
    if isinstance(result, dict):
        return sum(read_expressions(value) for value in result.values())
    if isinstance(result, concrete.VectorCombination):
        return len(list(result.coefficients.values()))
    if isinstance(result, concrete.HessianBlock):
        return len([result.identity, *result.outer.values()])
    assert isinstance(result, sympy.Expr), type(result)
    return 1


def time_engine(model: Model) -> tuple[float, quadwick.derive.concrete.ConcreteSystem]:
    """Cold wall time of ``derive_system(model)`` with every expression read, and its result."""
    clear_engine_caches()
    start = time.perf_counter()
    system = quadwick.derive.concrete.derive_system(model)
    read_expressions(system)
    return time.perf_counter() - start, system


def time_engine_stages(model: Model) -> dict[str, float]:
    """Cold wall time of each stage of derive_system, run in the same order in one cold run."""
    clear_engine_caches()
    calls: dict[str, Callable] = {
        "risk": quadwick.derive.concrete.population_risk,
        "ode": quadwick.derive.concrete.overlap_ode,
        "gradient": quadwick.derive.concrete.risk_gradient,
        "hessian": quadwick.derive.concrete.hessian_blocks,
    }
    times = {}
    for stage in STAGES:
        start = time.perf_counter()
        read_expressions(calls[stage](model))
        times[stage] = time.perf_counter() - start
    return times


# ---------------------------------------------------------------------------
# Naive baseline: expression trees + Wick pairings per monomial
# ---------------------------------------------------------------------------


class CapExceeded(Exception):
    """The baseline ran past its time cap."""


@dataclass
class NaiveSystem:
    """The baseline's results, keyed like the engine's ConcreteSystem."""

    risk: sympy.Expr | None = None
    order_eta: dict = field(default_factory=dict)
    order_eta2: dict = field(default_factory=dict)
    gradient: dict = field(default_factory=dict)
    hessian_identity: dict = field(default_factory=dict)
    hessian_outer: dict = field(default_factory=dict)


class NaiveBaseline:
    """Expectations of SymPy expression trees by Wick pairings of each expanded monomial."""

    def __init__(self, model: Model, deadline: float = float("inf")) -> None:
        if model.noise_variance != 0:
            raise ValueError("the baseline covers models without label noise")
        self.model = model
        self.deadline = deadline
        self.u = [sympy.Symbol(f"u_{l}") for l in range(1, model.pstar + 1)]
        self.lam = [sympy.Symbol(f"lambda_{k}") for k in range(1, model.p + 1)]
        self.variables = self.u + self.lam
        self.index = {symbol: i for i, symbol in enumerate(self.variables)}
        self.vectors = [f"wstar_{l}" for l in range(1, model.pstar + 1)] + [f"w_{k}" for k in range(1, model.p + 1)]
        cov = model.covariance()
        self.cov = [[cov[i, j] for j in range(cov.cols)] for i in range(cov.rows)]
        self.loss = self._loss()

    def _loss(self) -> sympy.Expr:
        """l = c (sum_l v_l sigma(u_l) - sum_k a_k sigma(lambda_k))^2 as an expression tree."""
        m = self.model

        def sigma(x: sympy.Symbol) -> sympy.Expr:
            return m.activation.subs(ACTIVATION_VARIABLE, x)

        y = sympy.Add(*(v * sigma(u) for v, u in zip(m.teacher_readout, self.u)))
        yhat = sympy.Add(*(a * sigma(lam) for a, lam in zip(m.student_readout, self.lam)))
        return m.loss_prefactor * (y - yhat) ** 2

    def amplitude(self, k: int) -> sympy.Expr:
        """A_k = -d l / d lambda_k (0-based k), so F_k = eta A_k."""
        return -sympy.diff(self.loss, self.lam[k])

    # -- Wick ---------------------------------------------------------------

    def pairings(self, factors: tuple[int, ...]) -> sympy.Expr:
        """E[prod of the factors]: pair the first with each other one, multiply covariances, recurse."""
        if not factors:
            return sympy.Integer(1)
        if len(factors) % 2:
            return sympy.Integer(0)
        first, rest = factors[0], factors[1:]
        terms = []
        for position, other in enumerate(rest):
            entry = self.cov[first][other]
            if entry != 0:
                terms.append(entry * self.pairings(rest[:position] + rest[position + 1 :]))
        return sympy.Add(*terms)

    def factor_list(self, monomial: sympy.Expr) -> tuple[sympy.Expr, tuple[int, ...]]:
        """Split a monomial of the expanded integrand into (coefficient, variable indices with repeats)."""
        coefficient = sympy.Integer(1)
        factors: list[int] = []
        for part in sympy.Mul.make_args(monomial):
            base, exponent = part.as_base_exp()
            if base in self.index:
                factors += [self.index[base]] * int(exponent)
            else:
                coefficient *= part
        return coefficient, tuple(factors)

    def expectation(self, integrand: sympy.Expr) -> sympy.Expr:
        """E[integrand]: expand, then sum the Wick pairings of every monomial."""
        if time.perf_counter() > self.deadline:
            raise CapExceeded
        terms = []
        for monomial in sympy.Add.make_args(sympy.expand(integrand)):
            coefficient, factors = self.factor_list(monomial)
            terms.append(coefficient * self.pairings(factors))
        return sympy.expand(sympy.Add(*terms))

    # -- the system ---------------------------------------------------------

    def risk(self, out: NaiveSystem) -> None:
        out.risk = self.expectation(self.loss)

    def ode(self, out: NaiveSystem) -> None:
        """Both orders in eta for every rho_kl and Q_kj (k <= j)."""
        m, eta = self.model, self.model.eta
        amplitudes = [self.amplitude(k) for k in range(m.p)]
        for k in range(m.p):
            for l in range(m.pstar):
                out.order_eta[rho_symbol(k + 1, l + 1)] = eta * self.expectation(amplitudes[k] * self.u[l])
                out.order_eta2[rho_symbol(k + 1, l + 1)] = sympy.Integer(0)
        for k in range(m.p):
            for j in range(k, m.p):
                linear = amplitudes[k] * self.lam[j] + amplitudes[j] * self.lam[k]
                out.order_eta[q_symbol(k + 1, j + 1)] = eta * self.expectation(linear)
                out.order_eta2[q_symbol(k + 1, j + 1)] = eta**2 * self.expectation(amplitudes[k] * amplitudes[j])

    def gradient(self, out: NaiveSystem) -> None:
        """Coefficient of a_j in grad_{w_m} R: (1/s^2) E[d_j d_{lambda_m} l]; zeros dropped."""
        scale = 1 / self.model.weight_scale
        for m in range(self.model.p):
            dloss = sympy.diff(self.loss, self.lam[m])
            coefficients = {}
            for j, vector in enumerate(self.vectors):
                value = scale * self.expectation(sympy.diff(dloss, self.variables[j]))
                if value != 0:
                    coefficients[vector] = value
            out.gradient[m + 1] = coefficients

    def hessian(self, out: NaiveSystem) -> None:
        """H_mn = (1/s^2) E[g] I_N + (1/s^4) sum_ij E[d_i d_j g] a_i a_j^T, g = d^2 l/d lambda_m d lambda_n."""
        scale = 1 / self.model.weight_scale
        p = self.model.p
        for m in range(p):
            for n in range(p):
                g = sympy.diff(self.loss, self.lam[m], self.lam[n])
                outer = {}
                for i, a in enumerate(self.vectors):
                    dg = sympy.diff(g, self.variables[i])
                    for j, b in enumerate(self.vectors):
                        value = scale**2 * self.expectation(sympy.diff(dg, self.variables[j]))
                        if value != 0:
                            outer[(a, b)] = value
                out.hessian_identity[(m + 1, n + 1)] = scale * self.expectation(g)
                out.hessian_outer[(m + 1, n + 1)] = outer


@dataclass
class BaselineRun:
    """Stage times of one baseline run; ``capped_in`` names the stage where the cap stopped it."""

    stage_times: dict[str, float]
    system: NaiveSystem
    capped_in: str | None = None

    @property
    def total(self) -> float:
        return sum(self.stage_times.values())


def time_baseline(model: Model, cap: float, stages: tuple[str, ...] = STAGES) -> BaselineRun:
    """Cold wall time of the baseline's stages (the loss tree is built inside the 'risk' stage)."""
    clear_cache()
    start = time.perf_counter()
    baseline = NaiveBaseline(model, deadline=start + cap)
    system = NaiveSystem()
    times = {}
    for stage in stages:
        stage_start = time.perf_counter() if stage != "risk" else start
        try:
            getattr(baseline, stage)(system)
        except CapExceeded:
            times[stage] = time.perf_counter() - stage_start
            return BaselineRun(times, system, capped_in=stage)
        times[stage] = time.perf_counter() - stage_start
    return BaselineRun(times, system)


# ---------------------------------------------------------------------------
# Honesty checks
# ---------------------------------------------------------------------------


def same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Exact equality of two expressions: their expanded difference is zero."""
    return sympy.expand(a - b) == 0


def check_agreement(engine: quadwick.derive.concrete.ConcreteSystem, naive: NaiveSystem) -> tuple[int, list[str]]:
    """Assert that every quantity the baseline finished equals the engine's.

    Returns the number of expressions compared and the stages they came from.
    """
    compared = 0
    stages = []

    def expect_same(a, b, what):
        nonlocal compared
        assert same(a, b), f"baseline and engine differ for {what}: {a} vs {b}"
        compared += 1

    if naive.risk is not None:
        expect_same(naive.risk, engine.risk, "risk")
        stages.append("risk")
    if naive.order_eta2 and set(naive.order_eta2) == set(engine.ode.order_eta):
        for name in engine.ode.order_eta:
            expect_same(naive.order_eta[name], engine.ode.order_eta[name], f"O(eta) d{name}")
            expect_same(naive.order_eta2[name], engine.ode.order_eta2[name], f"O(eta^2) d{name}")
        stages.append("ode")
    if len(naive.gradient) == len(engine.gradient):
        for m, combination in engine.gradient.items():
            assert set(naive.gradient[m]) == set(combination.coefficients), f"gradient {m}: different vectors"
            for vector, value in combination.coefficients.items():
                expect_same(naive.gradient[m][vector], value, f"gradient w_{m} . {vector}")
        stages.append("gradient")
    if len(naive.hessian_outer) == len(engine.hessian_blocks):
        for key, block in engine.hessian_blocks.items():
            expect_same(naive.hessian_identity[key], block.identity, f"Hessian {key} identity part")
            assert set(naive.hessian_outer[key]) == set(block.outer), f"Hessian {key}: different outer products"
            for pair, value in block.outer.items():
                expect_same(naive.hessian_outer[key][pair], value, f"Hessian {key} {pair}")
        stages.append("hessian")
    return compared, stages


# ---------------------------------------------------------------------------
# Driver and table
# ---------------------------------------------------------------------------


@dataclass
class Row:
    widths: tuple[int, int]
    engine: float
    engine_stages: dict[str, float]
    baseline: BaselineRun
    baseline_stages: tuple[str, ...]
    checked: str


def best_engine(model: Model, repeat: int) -> tuple[float, quadwick.derive.concrete.ConcreteSystem]:
    """Best (smallest) of ``repeat`` cold engine timings, and the derived system."""
    times, system = [], None
    for _ in range(repeat):
        elapsed, system = time_engine(model)
        times.append(elapsed)
    return min(times), system


def best_baseline(model: Model, cap: float, stages: tuple[str, ...], repeat: int) -> BaselineRun:
    """Best of ``repeat`` cold baseline runs; stops repeating once a run hits the cap."""
    best = None
    for _ in range(repeat):
        run = time_baseline(model, cap, stages)
        if run.capped_in is not None:
            return run
        if best is None or run.total < best.total:
            best = run
    return best


def warm_up() -> None:
    """Run both methods once at (1, 1), untimed, so one-time import costs land in neither timing."""
    model = Model(p=1, pstar=1)
    time_engine(model)
    time_baseline(model, cap=float("inf"))


def bench(widths: tuple[int, int], cap: float, baseline_stages: tuple[str, ...], repeat: int) -> Row:
    """Engine and baseline timings at one width, and the check that they agree."""
    model = Model(p=widths[0], pstar=widths[1])
    engine_time, system = best_engine(model, repeat)
    engine_stages = time_engine_stages(model)
    run = best_baseline(model, cap, baseline_stages, repeat)
    count, stages = check_agreement(system, run.system)
    checked = f"{'+'.join(stages) if set(stages) != set(STAGES) else 'all'} ({count} exprs)" if stages else "none"
    return Row(widths, engine_time, engine_stages, run, baseline_stages, checked)


def format_row(row: Row, cap: float) -> list[str]:
    """Table line(s) for one width; the ratio is baseline/engine on the same stages."""
    lines = []
    run = row.baseline
    full = set(row.baseline_stages) == set(STAGES)
    target = TARGETS.get(row.widths)
    verdict = "-" if target is None else f"< {target:g} s: {'PASS' if row.engine < target else 'FAIL'}"
    label = f"({row.widths[0]}, {row.widths[1]})"
    if run.capped_in is not None:
        base = f"> {cap:g} (cap)"
        ratio = f"> {cap / row.engine:.1f}x" if full else "-"
    elif full:
        base = f"{run.total:.3f}"
        ratio = f"{run.total / row.engine:.1f}x"
    else:
        base = "n/a (see below)"
        ratio = "-"
    lines.append(f"{label:<9} {row.engine:>10.3f} {base:>16} {ratio:>9}  {verdict:<16} {row.checked}")
    if not full or run.capped_in is not None:
        done = [s for s in row.baseline_stages if s in run.stage_times]
        engine_part = sum(row.engine_stages[s] for s in done)
        what = "+".join(done)
        if run.capped_in is None:
            lines.append(
                f"{'':<9} {'':>10} baseline {what} only: {run.total:.3f} s vs engine {what} {engine_part:.3f} s"
                f" -> {run.total / engine_part:.1f}x"
            )
        else:
            lines.append(
                f"{'':<9} {'':>10} baseline stopped at the {cap:g} s cap during '{run.capped_in}'"
                f" (finished: {'+'.join(done[:-1]) or 'nothing'})"
            )
    return lines


def print_table(rows: list[Row], cap: float) -> None:
    print(f"{'(p, p*)':<9} {'engine s':>10} {'baseline s':>16} {'ratio':>9}  {'target':<16} agreement checked")
    print("-" * 86)
    for row in rows:
        for line in format_row(row, cap):
            print(line)
    print()
    print("stage breakdown, seconds (engine: separate cold run, stages in derive_system's order):")
    print(f"{'(p, p*)':<9} {'':<9}" + "".join(f"{s:>10}" for s in STAGES))
    for row in rows:
        label = f"({row.widths[0]}, {row.widths[1]})"
        print(f"{label:<9} {'engine':<9}" + "".join(f"{row.engine_stages[s]:>10.3f}" for s in STAGES))
        cells = []
        for s in STAGES:
            value = row.baseline.stage_times.get(s)
            cells.append("-" if value is None else (f"cap@{value:.2f}" if s == row.baseline.capped_in else f"{value:.3f}"))
        print(f"{'':<9} {'baseline':<9}" + "".join(f"{c:>10}" for c in cells))


def print_targets(rows: list[Row]) -> None:
    print()
    print("targets:")
    by_widths = {row.widths: row for row in rows}
    for widths, target in TARGETS.items():
        if widths in by_widths:
            t = by_widths[widths].engine
            print(f"  engine {widths} full system < {target:g} s: {t:.3f} s  {'PASS' if t < target else 'FAIL'}")
    widths, factor = SPEEDUP_TARGET
    row = by_widths.get(widths)
    if row is not None:
        run = row.baseline
        if run.capped_in is None and set(row.baseline_stages) == set(STAGES):
            ratio = run.total / row.engine
            print(f"  engine >= {factor:g}x faster than baseline at {widths}: {ratio:.1f}x  {'PASS' if ratio >= factor else 'FAIL'}")
        else:
            print(f"  engine >= {factor:g}x faster than baseline at {widths}: baseline incomplete, see table")


# ---------------------------------------------------------------------------
# General route (symbolic widths): derivation once, then instantiation
# ---------------------------------------------------------------------------

GENERAL_TARGETS = {"derivation": 10.0, (50, 20): 5.0}
INSTANTIATION_STAGES = {
    "risk": quadwick.derive.general.instantiate_risk,
    "ode": quadwick.derive.general.instantiate_ode,
    "gradient": quadwick.derive.general.instantiate_gradient,
    "hessian": quadwick.derive.general.instantiate_hessian,
}


def clear_general_caches() -> None:
    for function in (quadwick.derive.general.general_risk, quadwick.derive.general.general_ode,
                     quadwick.derive.general.general_gradient, quadwick.derive.general.general_hessian, quadwick.derive.general._evaluator):
        function.cache_clear()
    clear_cache()


def time_general_derivation() -> float:
    """Cold time of everything the general route derives for the default model, symbolic p and p*."""
    clear_general_caches()
    model = quadwick.derive.general.GeneralModel()
    start = time.perf_counter()
    quadwick.derive.general.general_risk(model)
    quadwick.derive.general.general_ode(model)
    quadwick.derive.general.general_gradient(model)
    quadwick.derive.general.general_hessian(model)
    return time.perf_counter() - start


def time_instantiation(
    widths: tuple[int, int], cap: float, previous: tuple[tuple[int, int], dict[str, float | None]] | None
) -> dict[str, float | None]:
    """Seconds per stage to instantiate at ``widths`` (after the general derivation).

    A stage is skipped (None) when the time measured at the previous width, scaled by
    (p / p_previous)^4 (the growth of the O(eta^2) ODE's term count), would exceed ``cap``:
    a running SymPy instantiation cannot be interrupted.
    """
    model = Model(p=widths[0], pstar=widths[1])
    times: dict[str, float | None] = {}
    for stage, instantiate in INSTANTIATION_STAGES.items():
        if previous is not None:
            (p_before, _), before = previous
            earlier = before.get(stage)
            if earlier is None or earlier * (widths[0] / p_before) ** 4 > cap:
                times[stage] = None
                continue
        start = time.perf_counter()
        read_expressions(instantiate(model))
        times[stage] = time.perf_counter() - start
    return times


def print_general(widths: list[tuple[int, int]], cap: float) -> None:
    derivation = time_general_derivation()
    print()
    print(f"general route (symbolic p, p*): full derivation {derivation:.3f} s "
          f"(target < {GENERAL_TARGETS['derivation']:g} s: {'PASS' if derivation < GENERAL_TARGETS['derivation'] else 'FAIL'})")
    print("instantiation at (p, p*), seconds per stage (component expressions in the concrete route's symbols):")
    print(f"{'(p, p*)':10}" + "".join(f"{stage:>12}" for stage in INSTANTIATION_STAGES) + f"{'total':>12}")
    previous = None
    for w in widths:
        times = time_instantiation(w, cap, previous)
        previous = (w, times)
        cells = [f"{t:12.3f}" if t is not None else f"{'skipped':>12}" for t in times.values()]
        done = [t for t in times.values() if t is not None]
        total = f"{sum(done):12.3f}" if len(done) == len(times) else f"{'> ' + format(sum(done), '.1f'):>12}"
        verdict = ""
        if w in GENERAL_TARGETS:
            ok = len(done) == len(times) and sum(done) < GENERAL_TARGETS[w]
            verdict = f"  target < {GENERAL_TARGETS[w]:g} s: {'PASS' if ok else 'FAIL'}"
        print(f"{str(w):10}" + "".join(cells) + total + verdict)
    print(f"('skipped': extrapolated from the previous width as (p ratio)^4, it would exceed the cap of {cap:g} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only (2, 1) and (6, 3)")
    parser.add_argument("--cap", type=float, default=120.0, help="time cap for one baseline run, seconds (default 120)")
    parser.add_argument("--repeat", type=int, default=3, help="cold runs per timing; the best is reported (default 3)")
    parser.add_argument(
        "--baseline-risk-ode-only",
        action="store_true",
        help="at (10, 5) run the baseline for the risk and the ODE only (ratio against the engine's same stages)",
    )
    args = parser.parse_args(argv)
    widths = [(2, 1), (6, 3)] if args.quick else [(2, 1), (6, 3), (10, 5)]
    print(f"quadwick derive benchmark: python {platform.python_version()}, sympy {sympy.__version__}, {platform.machine()}")
    print("full system = risk + overlap ODE (O(eta) and O(eta^2), all components) + gradient + Hessian blocks")
    print(
        f"times: best of {args.repeat} cold runs (derive caches and SymPy cache cleared before each);"
        f" baseline cap {args.cap:g} s per run"
    )
    print("ratio = baseline / engine, measured in this process; agreement: sympy.expand(baseline - engine) == 0")
    print()
    warm_up()
    rows = []
    for w in widths:
        stages = ("risk", "ode") if (args.baseline_risk_ode_only and w == (10, 5)) else STAGES
        rows.append(bench(w, args.cap, stages, args.repeat))
    print_table(rows, args.cap)
    print_targets(rows)
    general_widths = [(6, 3)] if args.quick else [(6, 3), (20, 10), (50, 20)]
    print_general(general_widths, args.cap)
    return 0


if __name__ == "__main__":
    sys.exit(main())
