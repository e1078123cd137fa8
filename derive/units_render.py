"""Renderings of the unit form (:mod:`derive.units`): JSON, plain text and LaTeX, for symbolic widths.

The JSON form is

    {"model": {...}, "form": "unit", "functions": {"I2(lambda, u)": STR, ...},
     "risk": SUM, "ode": {"drho_k_l": SUM, "dQ_k_j_order_eta": SUM, "dQ_k_j_order_eta2": SUM}}

where each function STR is an expression in the covariances C_ab of its arguments (read back by
``sympy.parse_expr``; ``asin``, ``sqrt``, ``pi`` for erf), and each SUM is ``{"prefactor": STR, "constant": STR,
"terms": [{"coefficient": STR, "weights": [...], "function": NAME, "arguments": [...], "summed": [...]}]}``:
prefactor x (sum over the summed labels of coefficient x weights x function(arguments) + constant).

>>> import sympy
>>> from derive.units import UnitModel
>>> z = sympy.Symbol("z")
>>> data = unit_to_dict(UnitModel(sympy.erf(z), sympy.erf(z)))
>>> data["functions"]["I2(lambda, u)"]
'2*asin(2*C12/sqrt((2*C11 + 1)*(2*C22 + 1)))/pi'
"""

from __future__ import annotations

import json
from typing import Any

import sympy

from .latex import DisplayEquation, latex_document, settings_rows, settings_table
from .units import STUDENT, UnitModel, UnitSum, UnitTerm, function_expression, unit_system

__all__ = ["unit_to_dict", "unit_to_json", "unit_to_text", "unit_to_latex"]

_LHS = {"risk": "R", "drho": "d rho_kl/d alpha", "dQ_eta": "d Q_kj/d alpha [O(eta)]",
        "dQ_eta2": "d Q_kj/d alpha [O(eta^2)]", "da": "d a_k/d alpha"}
_KEYS = {"drho": "drho_k_l", "dQ_eta": "dQ_k_j_order_eta", "dQ_eta2": "dQ_k_j_order_eta2", "da": "da_k"}


def _signature(term: UnitTerm) -> str:
    return f"{term.function}({', '.join('lambda' if s == STUDENT else 'u' for s in term.sectors)})"


def _functions(model: UnitModel) -> dict[str, sympy.Expr]:
    """Every expectation the system uses, by signature, in order of first use."""
    found: dict[str, sympy.Expr] = {}
    for total in unit_system(model).sums().values():
        for term in total.terms:
            found.setdefault(_signature(term), function_expression(term.function, term.sectors, model))
    return found


def _sum_dict(total: UnitSum) -> dict[str, Any]:
    return {
        "prefactor": str(total.prefactor),
        "constant": str(total.constant),
        "terms": [{"coefficient": str(t.coefficient), "weights": [u.readout for u in t.weights], "function": t.function,
                   "arguments": [u.preactivation for u in t.arguments],
                   "summed": [u.label for u in t.summed(total.free)]} for t in total.terms],
    }


def _describe(model: UnitModel) -> dict[str, Any]:
    return {
        "p": "p (symbolic)",
        "pstar": "pstar (symbolic)",
        "activation": str(model.activation),
        **({"teacher_activation": str(model.teacher_activation)} if model.teacher_activation != model.activation else {}),
        "readouts": "a_i (student), v_m (teacher), per unit",
        "noise_variance": str(model.noise_variance),
        "loss_prefactor": str(model.loss_prefactor),
        "eta": str(model.eta),
        **({"batch": model.batch} if model.batch != 1 else {}),
        **({"readout_lr": str(model.readout_lr)} if model.readout_lr is not None else {}),
    }


def unit_to_dict(model: UnitModel) -> dict[str, Any]:
    """The JSON-ready dictionary of the module docstring."""
    system = unit_system(model)
    return {
        "model": _describe(model),
        "form": "unit",
        "functions": {name: str(expression) for name, expression in _functions(model).items()},
        "risk": _sum_dict(system.risk),
        "ode": {_KEYS[name]: _sum_dict(total) for name, total in system.sums().items() if name != "risk"},
    }


def unit_to_json(model: UnitModel) -> str:
    return json.dumps(unit_to_dict(model), indent=2) + "\n"


def unit_to_text(model: UnitModel) -> str:
    """Plain text: the settings, the sums over units, and each expectation in the covariances C_ab."""
    lines = ["# quadwick unit form (symbolic p, p*): sums over units of Gaussian expectations; C_ab is the "
             "covariance of the expectation's arguments a and b"]
    lines += [f"#   {key} = {value}" for key, value in _describe(model).items()]
    lines += [f"{_LHS[name]} = {total.text()}" for name, total in unit_system(model).sums().items()]
    lines += [f"{name} = {expression}" for name, expression in _functions(model).items()]
    return "\n".join(lines) + "\n"


def _preactivation_latex(name: str) -> str:
    stem, label = name.split("_")
    return rf"\lambda_{{{label}}}" if stem == "lambda" else rf"u_{{{label}}}"


def _term_latex(term: UnitTerm, total: UnitSum) -> str:
    summed = term.summed(total.free)
    weights = " ".join(rf"{u.readout[0]}_{{{u.label}}}" for u in term.weights)
    arguments = ", ".join(_preactivation_latex(u.preactivation) for u in term.arguments)
    body = rf"{weights}\, {term.function[0]}_{{{term.function[1]}}}({arguments})"
    if summed:
        body = rf"\sum_{{{','.join(u.label for u in summed)}}} {body}"
    coefficient = sympy.latex(abs(term.coefficient)) if abs(term.coefficient) != 1 else ""
    return ("- " if term.coefficient.could_extract_minus_sign() else "") + (coefficient + " " if coefficient else "") + body


def unit_to_latex(model: UnitModel) -> str:
    """A standalone LaTeX document: the sums over units and the expectations they use."""
    system = unit_system(model)
    lhs = {"risk": r"\mathcal{R}", "drho": r"\frac{d\rho_{kl}}{d\alpha}", "dQ_eta": r"\frac{dQ_{kj}}{d\alpha}\Big|_{\eta}",
           "dQ_eta2": r"\frac{dQ_{kj}}{d\alpha}\Big|_{\eta^{2}}", "da": r"\frac{da_{k}}{d\alpha}"}
    sums = []
    for name, total in system.sums().items():
        terms = [_term_latex(term, total) for term in total.terms]
        if total.constant != 0:
            terms.append(sympy.latex(total.constant))
        factor = "" if total.prefactor == 1 else sympy.latex(total.prefactor)
        sums.append(DisplayEquation(f"eq:unit-{name}", lhs[name], terms, factor))
    symbols = {sympy.Symbol(f"C{a}{b}"): f"C_{{{a}{b}}}" for a in range(1, 5) for b in range(a, 5)}
    # One display per distinct expression: with sigma* = sigma, I2(u, u) = I2(lambda, u) = I2(lambda, lambda).
    same: dict[sympy.Expr, list[str]] = {}
    for signature, expression in _functions(model).items():
        function, arguments = signature.split("(")
        args = arguments.rstrip(")").replace("lambda", r"\lambda")
        same.setdefault(expression, []).append(rf"{function[0]}_{{{function[1]}}}({args})")
    definitions = [DisplayEquation(f"eq:expectation-{number}", " = ".join(names), [sympy.latex(expression, symbol_names=symbols)])
                   for number, (expression, names) in enumerate(same.items(), 1)]
    rows = settings_rows(model.activation, "identity", model.noise_variance, model.loss_prefactor, "sqrt_n", model.eta,
                         model.teacher_activation, model.batch)
    header = [
        r"\noindent Generated by quadwick (unit form): results for symbolic widths as sums over student units "
        r"($k, j, i, h$) and teacher units ($l, m, n$) of Gaussian expectations, with $a_i$, $v_m$ the read-outs. "
        r"$J_2(x_1,x_2) = E[\sigma'(x_1)\sigma'(x_2)]$, $I_2 = E[\sigma(x_1)\sigma(x_2)]$, "
        r"$I_3 = E[\sigma'(x_1)\, x_2\, \sigma(x_3)]$, $I_4 = E[\sigma'(x_1)\sigma'(x_2)\sigma(x_3)\sigma(x_4)]$, "
        r"$\sigma^{*}$ on teacher units; $C_{ab}$ is the covariance of arguments $a$ and $b$ "
        r"($Q$, $\rho$ or $T$ entries).",
        settings_table([row for row in rows if row[0] != "teacher Gram matrix"]),
    ]
    return latex_document("quadwick: the unit form", header, [("Risk and overlap ODEs", sums),
                                                              ("The expectations", definitions)])
