"""The unit form (:mod:`derive.units`) as C99: loops over units, any widths, compiled once per model.

For each sum of the unit form (risk, drho, dQ at O(eta), dQ at O(eta^2); da for learned read-outs) one function

    void quadwick_unit_<name>(int p, int ps, const double *S, const double *a, const double *v, double *out)

adds, for every entry, the sum over units of coefficient x read-outs x F(C_ab) with C_ab read from
S = Sigma = [[T, rho^T], [rho, Q]] ((ps + p) x (ps + p), row-major; teacher l at row l, student k at row
ps + k), ``a`` the p student read-outs and ``v`` the ps teacher ones.  ``out`` is 1 number (risk), p x ps
(drho_kl row by row), the p(p + 1)/2 entries dQ_kj, k <= j, row by row, or p (da_k); the prefactor (c, eta, 1/B) and
the constant (Delta) are applied by the caller.  Each expectation F is a C function of its C_ab (a <= b),
printed by SymPy's C99 printer after ``sympy.cse``; I4's two summed units of one sector loop over i <= h,
the pairs i < h counted twice (the summand is symmetric in them).  The widths are arguments: one source
serves every (p, p*), and it does not grow with them.

>>> import sympy
>>> from derive.units import UnitModel
>>> source = unit_c_source(UnitModel(sympy.Symbol("z")**2, sympy.Symbol("z")**2))
>>> "void quadwick_unit_dQ_eta2(int p, int ps" in source
True
"""

from __future__ import annotations

import sympy
from sympy.printing.c import C99CodePrinter

from .erf import covariance_symbols
from .units import STUDENT, Unit, UnitModel, UnitSum, UnitTerm, function_expression, unit_system

__all__ = ["unit_c_source", "UNIT_GENERATOR_VERSION"]

UNIT_GENERATOR_VERSION = 1
_PRINTER = C99CodePrinter()


def _function_name(term: UnitTerm) -> str:
    return f"{term.function}_{''.join(term.sectors)}"


def _function_source(term: UnitTerm, model: UnitModel) -> str:
    """static double F(C11, C12, ...): the expectation, common subexpressions first."""
    size = len(term.arguments)
    C = covariance_symbols(size)
    pairs = [(a, b) for a in range(size) for b in range(a, size)]
    replacements, (expression,) = sympy.cse(function_expression(term.function, term.sectors, model))
    arguments = ", ".join(f"double {C[a, b]}" for a, b in pairs)
    body = [f"    const double {symbol} = {_PRINTER.doprint(value)};" for symbol, value in replacements]
    body.append(f"    return {_PRINTER.doprint(expression)};")
    return f"static double {_function_name(term)}({arguments}) {{\n" + "\n".join(body) + "\n}"


def _row(unit: Unit) -> str:
    return f"(ps + {unit.label})" if unit.sector == STUDENT else unit.label


def _width(unit: Unit) -> str:
    return "p" if unit.sector == STUDENT else "ps"


def _term_source(term: UnitTerm, total: UnitSum, indent: str) -> list[str]:
    """acc += coefficient x read-outs x F over the summed units' loops."""
    summed = term.summed(total.free)
    third, fourth = term.arguments[2:4] if term.function == "I4" else (None, None)
    symmetric = third in summed and fourth in summed and third != fourth and third.sector == fourth.sector
    lines, depth = [], indent
    for unit in summed:
        start = third.label if symmetric and unit == fourth else "0"
        lines.append(f"{depth}for (int {unit.label} = {start}; {unit.label} < {_width(unit)}; ++{unit.label}) {{")
        depth += "    "
    size = len(term.arguments)
    entries = ", ".join(f"S[{_row(term.arguments[a])} * d + {_row(term.arguments[b])}]"
                        for a in range(size) for b in range(a, size))
    weights = " * ".join([f"{'a' if u.sector == STUDENT else 'v'}[{u.label}]" for u in term.weights] or ["1.0"])
    multiplicity = f" * ({third.label} == {fourth.label} ? 1.0 : 2.0)" if symmetric else ""
    coefficient = _PRINTER.doprint(sympy.Float(term.coefficient) if term.coefficient.is_Number else term.coefficient)
    lines.append(f"{depth}acc += {coefficient} * {weights}{multiplicity} * {_function_name(term)}({entries});")
    for _ in summed:
        depth = depth[:-4]
        lines.append(f"{depth}}}")
    return lines


def _sum_source(name: str, total: UnitSum) -> str:
    free = total.free
    lines = [f"void quadwick_unit_{name}(int p, int ps, const double *S, const double *a, const double *v, double *out) {{",
             "    const int d = p + ps;"]
    if not free:
        lines += ["    double acc = 0.0;"]
        for term in total.terms:
            lines += _term_source(term, total, "    ")
        lines += ["    out[0] = acc;", "}"]
        return "\n".join(lines)
    if len(free) == 1:  # da_k
        (first,) = free
        lines += [f"    for (int {first.label} = 0; {first.label} < p; ++{first.label}) {{"]
        target = f"out[{first.label}]"
    elif free[1].sector == STUDENT:  # dQ_kj, k <= j, row by row
        first, second = free
        lines += ["    int entry = 0;",
                  f"    for (int {first.label} = 0; {first.label} < p; ++{first.label})",
                  f"    for (int {second.label} = {first.label}; {second.label} < p; ++{second.label}) {{"]
        target = "out[entry++]"
    else:  # drho_kl row by row
        first, second = free
        lines += [f"    for (int {first.label} = 0; {first.label} < p; ++{first.label})",
                  f"    for (int {second.label} = 0; {second.label} < ps; ++{second.label}) {{"]
        target = f"out[{first.label} * ps + {second.label}]"
    lines.append("        double acc = 0.0;")
    for term in total.terms:
        lines += _term_source(term, total, "        ")
    lines += [f"        {target} = acc;", "    }", "}"]
    return "\n".join(lines)


def unit_c_source(model: UnitModel) -> str:
    """The C99 source of the unit form of ``model`` (module docstring)."""
    system = unit_system(model)
    functions: dict[str, str] = {}
    for total in system.sums().values():
        for term in total.terms:
            functions.setdefault(_function_name(term), _function_source(term, model))
    parts = [f"/* quadwick unit form, generator version {UNIT_GENERATOR_VERSION}: sigma = {model.activation}, "
             f"sigma* = {model.teacher_activation} */", "#define _DEFAULT_SOURCE  /* M_PI, M_SQRT2, ...: SymPy's C99 printer names them */\n#include <math.h>",
             *functions.values()]
    parts += [_sum_source(name, total) for name, total in system.sums().items()]
    return "\n\n".join(parts) + "\n"
