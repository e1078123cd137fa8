"""Code generation: the concrete route's expressions as C99 kernels.

Every derived quantity of a model with numeric parameters is a polynomial with
rational coefficients in the order parameters (``model.order_parameters``), the
teacher Gram entries (``model.teacher_parameters``, general Gram only) and eta.
:func:`kernel_set` collects them as sparse polynomials:

* ``risk``      R(state, T)                                      1 value;
* ``rhs``       d state / d alpha (d rho_kl, d Q_kj), exact in eta  P values;
* ``jacobian``  J_ij = d rhs_i / d state_j, differentiated exactly   P x P values, row-major;
* ``gradient``  G_mj with grad_{w_m} R = (1/s^2) sum_j G_mj a_j      p x V values, row-major;
* ``hessian``   D_mn, then O_mnij with
                d^2 R / dw_m dw_n = (1/s^2) D_mn I_N + (1/s^4) sum_ij O_mnij a_i a_j^T
                                                                  p*p + p*p*V*V values, row-major;

where P = len(model.order_parameters), V = p* + p and a_1..a_V are the weight
vectors w*_1..w*_p*, w_1..w_p (:func:`vector_names`), s^2 = N or 1.  The factors
1/s^2 and 1/s^4 are left out of G, D, O so that the kernels do not depend on N.

:func:`c_source` prints them as one C99 file.  Common subexpressions are
eliminated on the polynomial form: every distinct monomial of degree >= 2 is
computed once per chunk of about CHUNK_TERMS terms (one C function each, so that
the compile time stays about linear in the size), as (a monomial of degree one
less) x (one variable), and each output is a sum of rational coefficient x
monomial, grouped by powers of eta.  This takes time linear in the number of terms; ``sympy.cse``, which also
searches for repeated sub-sums, took about 50 s on the right-hand side and Jacobian
at p = 12 (against about 1 s here) for kernels of similar speed.  Numbers are printed
by SymPy's C99 printer, exactly, as quotients of integers (``16.0/27.0``) that the
compiler rounds once.

Calling convention of the exported functions (n points; each point's T entries
start ``t_stride`` doubles after the previous point's, so ``t_stride = 0`` shares
one T; with the identity Gram, ``T`` is ignored and may be NULL)::

    void quadwick_risk(long n, const double *state, const double *T, long t_stride, double *out);
    void quadwick_rhs(long n, const double *state, double eta, const double *T, long t_stride, double *out);
    void quadwick_jacobian(long n, const double *state, double eta, const double *T, long t_stride, double *out);
    void quadwick_gradient(long n, const double *state, const double *T, long t_stride, double *out);
    void quadwick_hessian(long n, const double *state, const double *T, long t_stride, double *out);

``state`` is n x P row-major, ``out`` n x (output size) row-major.  The output is
the same text, byte for byte, for the same model.

>>> from derive.model import Model
>>> kernel_set(Model(p=1, pstar=1)).outputs["risk"][0].as_expr()
3*Q_1_1**2 - 2*Q_1_1 - 4*rho_1_1**2 + 3
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

import sympy
from sympy.polys.domains import QQ
from sympy.polys.rings import PolyElement, PolyRing
from sympy.printing.c import C99CodePrinter

from .concrete import hessian_blocks, overlap_ode, population_risk, risk_gradient
from .model import Model

__all__ = [
    "GENERATOR_VERSION",
    "KERNEL_NAMES",
    "KernelSet",
    "vector_names",
    "kernel_set",
    "output_size",
    "c_source",
]

GENERATOR_VERSION = "quadwick-codegen 1"
KERNEL_NAMES = ("risk", "rhs", "jacobian", "gradient", "hessian")
# Terms per generated C function: compilers take superlinear time on huge functions.
CHUNK_TERMS = 2000
_USES_ETA = {"risk": False, "rhs": True, "jacobian": True, "gradient": False, "hessian": False}


@dataclass(frozen=True)
class KernelSet:
    """The kernels' outputs as polynomials in ``ring`` (generators: state, teacher entries, eta)."""

    model: Model
    ring: PolyRing
    outputs: Mapping[str, tuple[PolyElement, ...]]

    @property
    def state_size(self) -> int:
        """P, the number of order parameters."""
        return len(self.model.order_parameters)

    @property
    def teacher_size(self) -> int:
        """The number of T entries a kernel reads (0 for the identity Gram)."""
        return len(self.model.teacher_parameters)

    def expressions(self, name: str) -> list[sympy.Expr]:
        """The outputs of kernel ``name`` as SymPy expressions."""
        return [poly.as_expr() for poly in self.outputs[name]]


def vector_names(model: Model) -> tuple[str, ...]:
    """The weight vectors a_1..a_V of the gradient and Hessian coefficients: wstar_1.., then w_1.."""
    return tuple([f"wstar_{l}" for l in range(1, model.pstar + 1)] + [f"w_{k}" for k in range(1, model.p + 1)])


def output_size(model: Model, name: str) -> int:
    """Values per point of kernel ``name`` (see the module docstring)."""
    p, P, V = model.p, len(model.order_parameters), model.p + model.pstar
    sizes = {"risk": 1, "rhs": P, "jacobian": P * P, "gradient": p * V, "hessian": p * p * (1 + V * V)}
    if name not in sizes:
        raise ValueError(f"unknown kernel {name!r}; known kernels: {', '.join(KERNEL_NAMES)}")
    return sizes[name]


def _ring(model: Model, expressions: Iterable[sympy.Expr]) -> PolyRing:
    """Q[state, T, eta]; refuses expressions with other free symbols (symbolic model parameters)."""
    generators = (*model.order_parameters, *model.teacher_parameters, model.eta)
    allowed = set(generators)
    extra = set().union(*(sympy.sympify(e).free_symbols for e in expressions)) - allowed
    if extra:
        names = ", ".join(sorted(str(s) for s in extra))
        raise ValueError(f"code generation needs numeric model parameters; the expressions contain {names}")
    return PolyRing(generators, QQ)


def _flat_gradient(model: Model) -> list[sympy.Expr]:
    """G_mj = s^2 x (coefficient of a_j in grad_{w_m} R), row-major over (m, j)."""
    gradient = risk_gradient(model)
    scale = model.weight_scale
    return [sympy.expand(scale * gradient[m].coefficients.get(a, 0)) for m in range(1, model.p + 1) for a in vector_names(model)]


def _flat_hessian(model: Model) -> list[sympy.Expr]:
    """D_mn = s^2 x identity coefficient (row-major), then O_mnij = s^4 x outer coefficient (row-major)."""
    blocks = hessian_blocks(model)
    scale = model.weight_scale
    pairs = [(m, n) for m in range(1, model.p + 1) for n in range(1, model.p + 1)]
    identity = [sympy.expand(scale * blocks[pair].identity) for pair in pairs]
    names = vector_names(model)
    outer = [sympy.expand(scale**2 * blocks[pair].outer.get((a, b), 0)) for pair in pairs for a in names for b in names]
    return identity + outer


@lru_cache(maxsize=8)
def kernel_set(model: Model, names: tuple[str, ...] = KERNEL_NAMES) -> KernelSet:
    """Derive the kernels ``names`` of ``model`` (the Jacobian from the right-hand side's polynomials)."""
    unknown = set(names) - set(KERNEL_NAMES)
    if unknown:
        raise ValueError(f"unknown kernels {sorted(unknown)}; known kernels: {', '.join(KERNEL_NAMES)}")
    expressions: dict[str, list[sympy.Expr]] = {}
    if "risk" in names:
        expressions["risk"] = [population_risk(model)]
    if "rhs" in names or "jacobian" in names:
        rhs = overlap_ode(model).rhs
        expressions["rhs"] = [rhs[name] for name in model.order_parameters]
    if "gradient" in names:
        expressions["gradient"] = _flat_gradient(model)
    if "hessian" in names:
        expressions["hessian"] = _flat_hessian(model)
    ring = _ring(model, (e for exprs in expressions.values() for e in exprs))
    outputs = {name: tuple(ring.from_expr(e) for e in exprs) for name, exprs in expressions.items()}
    if "jacobian" in names:
        state = ring.gens[: len(model.order_parameters)]
        outputs["jacobian"] = tuple(f.diff(x) for f in outputs["rhs"] for x in state)
    return KernelSet(model, ring, {name: outputs[name] for name in names})


# -- C printing ------------------------------------------------------------------------------

_PRINTER = C99CodePrinter()


@lru_cache(maxsize=4096)
def _c_number(numerator: int, denominator: int) -> str:
    """|q| as a C double expression: ``3.0`` or ``16.0/27.0`` (SymPy's C99 printer)."""
    return _PRINTER.doprint(sympy.Rational(abs(numerator), denominator)) if denominator != 1 else f"{abs(numerator)}.0"


def _monomial_order(monomial: tuple[int, ...]) -> tuple[int, ...]:
    """Sort key: by degree, then lexicographically with the first variable first."""
    return (sum(monomial), *(-power for power in monomial))


class _MonomialTable:
    """Names of the monomials of one kernel; each of degree >= 2 is (parent) x (one variable).

    Variables are ``x[i]`` (state) and ``t[i]`` (teacher entries); the parent of a
    monomial drops one power of its last variable.
    """

    def __init__(self, state_size: int, teacher_size: int) -> None:
        self.variables = [f"x[{i}]" for i in range(state_size)] + [f"t[{i}]" for i in range(teacher_size)]
        self.names: dict[tuple[int, ...], str] = {}

    def add(self, monomial: tuple[int, ...]) -> None:
        """Register ``monomial`` and its chain of parents."""
        while sum(monomial) >= 2 and monomial not in self.names:
            self.names[monomial] = ""
            monomial = self._parent(monomial)[0]

    @staticmethod
    def _parent(monomial: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
        last = max(i for i, power in enumerate(monomial) if power)
        parent = list(monomial)
        parent[last] -= 1
        return tuple(parent), last

    def name(self, monomial: tuple[int, ...]) -> str:
        """The C expression of a registered monomial (degree >= 1)."""
        if sum(monomial) == 1:
            return self.variables[monomial.index(1)]
        return self.names[monomial]

    def definitions(self) -> list[str]:
        """``const double mK = parent * variable;`` in :func:`_monomial_order`."""
        ordered = sorted(self.names, key=_monomial_order)
        for index, monomial in enumerate(ordered):
            self.names[monomial] = f"m{index}"
        lines = []
        for monomial in ordered:
            parent, variable = self._parent(monomial)
            lines.append(f"    const double {self.names[monomial]} = {self.name(parent)} * {self.variables[variable]};")
        return lines


def _sum(terms: Sequence[tuple[tuple[int, ...], object]], table: _MonomialTable) -> str:
    """sum of coefficient x monomial as C text (terms in a fixed order, one sign each)."""
    parts = []
    for monomial, coefficient in terms:
        numerator, denominator = int(coefficient.numerator), int(coefficient.denominator)
        if sum(monomial) == 0:
            body = _c_number(numerator, denominator)
        elif numerator in (1, -1) and denominator == 1:
            body = table.name(monomial)
        else:
            body = f"{_c_number(numerator, denominator)}*{table.name(monomial)}"
        if parts:
            parts.append(f"{'-' if numerator < 0 else '+'} {body}")
        else:
            parts.append(f"-{body}" if numerator < 0 else body)
    return "\n        ".join(" ".join(parts[i : i + 4]) for i in range(0, len(parts), 4))


def _grouped_by_eta(poly: PolyElement) -> dict[int, list[tuple[tuple[int, ...], object]]]:
    """{power of eta: [(monomial in state and T, coefficient)]}, each list sorted by monomial."""
    groups: dict[int, list] = {}
    for monomial, coefficient in poly.terms():
        groups.setdefault(monomial[-1], []).append((monomial[:-1], coefficient))
    return {power: sorted(terms, key=lambda term: _monomial_order(term[0])) for power, terms in sorted(groups.items())}


def _chunks(polys: Sequence[PolyElement]) -> list[tuple[int, Sequence[PolyElement]]]:
    """Consecutive outputs (start index, polynomials) of about CHUNK_TERMS terms each (at least one output)."""
    chunks, start, count = [], 0, 0
    for index, poly in enumerate(polys):
        if count and count + len(poly) > CHUNK_TERMS:
            chunks.append((start, polys[start:index]))
            start, count = index, 0
        count += len(poly)
    chunks.append((start, polys[start:]))
    return chunks


def _chunk_function(name: str, start: int, polys: Sequence[PolyElement], kernels: KernelSet) -> str:
    """``static void name(x, eta, t, o)``: outputs o[start..] of one chunk, straight-line code."""
    table = _MonomialTable(kernels.state_size, kernels.teacher_size)
    grouped = [_grouped_by_eta(poly) for poly in polys]
    for groups in grouped:
        for terms in groups.values():
            for monomial, _ in terms:
                table.add(monomial)
    lines = ["    (void)eta;", "    (void)t;", *table.definitions()]
    powers = sorted({power for groups in grouped for power in groups if power >= 2})
    lines += [f"    const double eta{power} = {' * '.join(['eta'] * power)};" for power in powers]
    for index, groups in enumerate(grouped, start):
        pieces = []
        for power, terms in groups.items():
            total = _sum(terms, table)
            factor = {0: "", 1: "eta*"}.get(power, f"eta{power}*")
            pieces.append(f"{factor}({total})" if factor else total)
        lines.append(f"    o[{index}] = {' + '.join(pieces) if pieces else '0.0'};")
    signature = f"static QUADWICK_NOINLINE void {name}(const double *restrict x, double eta, const double *restrict t, double *restrict o)"
    return signature + " {\n" + "\n".join(lines) + "\n}\n"


def _point_functions(name: str, polys: Sequence[PolyElement], kernels: KernelSet) -> str:
    """``name_part0..`` (one per chunk; small functions keep the compile time linear) and ``name_point`` calling them."""
    chunks = _chunks(polys)
    parts = [_chunk_function(f"{name}_part{number}", start, chunk, kernels) for number, (start, chunk) in enumerate(chunks)]
    calls = "".join(f"    {name}_part{number}(x, eta, t, o);\n" for number in range(len(chunks)))
    signature = f"static void {name}_point(const double *restrict x, double eta, const double *restrict t, double *restrict o)"
    return "\n".join(parts) + "\n" + signature + " {\n" + calls + "}\n"


def _exported_function(name: str, kernels: KernelSet) -> str:
    """The batch loop ``quadwick_name`` over n points around ``name_point``."""
    eta_parameter = " double eta," if _USES_ETA[name] else ""
    eta_argument = "eta" if _USES_ETA[name] else "0.0"
    size = output_size(kernels.model, name)
    return (
        f"void quadwick_{name}(long n, const double *state,{eta_parameter} const double *T, long t_stride, double *out) {{\n"
        f"    for (long b = 0; b < n; ++b) {{\n"
        f"        {name}_point(state + b * {kernels.state_size}L, {eta_argument}, T ? T + b * t_stride : T, out + b * {size}L);\n"
        f"    }}\n"
        f"}}\n"
    )


# Chunks stay separate functions: inlined back into one they would cost the compile time they save.
_PRELUDE = """#include <stddef.h>

#if defined(__GNUC__) || defined(__clang__)
#define QUADWICK_NOINLINE __attribute__((noinline))
#else
#define QUADWICK_NOINLINE
#endif
"""


def _header(kernels: KernelSet, names: Sequence[str]) -> str:
    """The file's leading comment: generator version, model specification, calling convention, layouts."""
    model = kernels.model
    description = json.dumps(model.describe(), sort_keys=True)
    lines = [
        f"Generated by {GENERATOR_VERSION} (derive/codegen.py) from the concrete route. Do not edit.",
        f"Model: {description}",
        "",
        f"state (P = {kernels.state_size}): " + ", ".join(str(s) for s in model.order_parameters),
        "T entries: " + (", ".join(str(s) for s in model.teacher_parameters) or "none (identity Gram; T may be NULL)"),
        "weight vectors a_1..a_V: " + ", ".join(vector_names(model)),
        "",
        "Each function evaluates n points; state is n x P row-major; point b reads T + b * t_stride;",
        "out is n x (size) row-major. Outputs (s^2 = N or 1 as the model's input scaling says):",
        "  risk      R                                                   size 1",
        "  rhs       d state / d alpha, exact in eta                    size P",
        "  jacobian  J[i][j] = d rhs_i / d state_j                       size P*P",
        "  gradient  G[m][j]: grad_{w_m} R = (1/s^2) sum_j G[m][j] a_j     size p*V",
        "  hessian   D[m][n], then O[m][n][i][j]:                         size p*p + p*p*V*V",
        "            d2R/dw_m dw_n = (1/s^2) D[m][n] I_N + (1/s^4) sum_ij O[m][n][i][j] a_i a_j^T",
        "Kernels in this file: " + ", ".join(names),
    ]
    return "".join(f"// {line}".rstrip() + "\n" for line in lines)


@lru_cache(maxsize=8)
def c_source(model: Model, names: tuple[str, ...] = KERNEL_NAMES) -> str:
    """The C99 source of the kernels ``names`` of ``model`` (see the module docstring)."""
    kernels = kernel_set(model, names)
    parts = [_header(kernels, names), _PRELUDE]
    for name in names:
        parts.append(_point_functions(name, kernels.outputs[name], kernels))
        parts.append(_exported_function(name, kernels))
    return "\n".join(parts)
