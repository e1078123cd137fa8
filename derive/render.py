"""Renderings of a derived system: JSON (a stable interface), plain text and LaTeX.

The JSON form is

    {"model": {...}, "variables": [...], "parameters": [...], "risk": STR,
     "ode": {NAME: STR}, "ode_order_eta": {...}, "ode_order_eta2": {...},
     "gradient": {"grad_w_m": {VECTOR: STR}},
     "hessian_blocks": {"H_m_n": {"I_N": STR, "VECTOR_a VECTOR_b^T": STR}}}

where every STR is read back exactly by ``sympy.parse_expr`` (symbols ``rho_k_l``,
``Q_k_j`` with k <= j, ``T_l_m`` with l <= m, ``eta``, ``Delta``, ``Ndim`` for the
input dimension N, read-outs ``a_k``, ``v_l``), the ODE is d/d alpha and ODE keys
are the variable names.  Gradient and Hessian entries are the coefficients of the
weight vectors ``w_k``, ``wstar_l``, of the identity ``I_N`` and of the outer
products ``a b^T``.

Every STR (and every line of the text form) is one canonical text of its value
(:mod:`derive.polytext`): the terms grouped by their power of eta and of Ndim, each
group's sum expanded, as ``eta**2*(...) + eta*(...)`` or ``(...)/Ndim``, written as
SymPy's ``str`` writes that sum.  It is printed from the sparse polynomials the routes
compute, each value once, so the concrete route and the instantiated general route
give the same bytes for the same model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy

from .concrete import ConcreteSystem
from .latex import DisplayEquation, latex_document, settings_rows, settings_table, terms_latex
from .latex_grouping import grouped_latex
from .model import N_SYMBOL, Model
from .polylatex import polynomial_latex_terms
from .polytext import Item, items_text, polynomial_items
from .sparse import Sparse, symbol_powers

__all__ = ["system_to_dict", "system_to_json", "system_to_text", "system_to_latex", "latex_symbol_names", "outer_key"]


def outer_key(a: str, b: str) -> str:
    """JSON key of the outer product a b^T."""
    return f"{a} {b}^T"


@dataclass(frozen=True)
class _Texts:
    """Every derived value of a system as text, each printed once from its sparse terms (:mod:`derive.polytext`;
    SymPy's printer only for a value whose terms are not rational), and the parameter names they use."""

    risk: str
    ode: dict[str, str]
    ode_order_eta: dict[str, str]
    ode_order_eta2: dict[str, str]
    gradient: dict[int, dict[str, str]]
    hessian_identity: dict[tuple[int, int], str]
    hessian_outer: dict[tuple[int, int], dict[tuple[str, str], str]]
    parameters: list[str]


def _texts(system: ConcreteSystem) -> _Texts:
    model = system.model
    outer = (model.eta.name, N_SYMBOL.name)
    names: set[str] = set()

    def items(value: Sparse, collect: bool = True) -> list[Item] | None:
        """The value's printed terms (None: not rational), its symbols added to the parameters if ``collect``
        (the Hessian's are not, as before)."""
        terms = value.terms()
        if terms is None:
            names.update(str(s) for s in value.as_expr().free_symbols if collect)
            return None
        if collect:
            names.update(name for monomial in terms for name, _ in monomial)
        return polynomial_items(terms, outer)

    def text(value: Sparse, collect: bool = True) -> str:
        printed = items(value, collect)
        return str(value.as_expr()) if printed is None else items_text(printed)

    ode, order_eta, order_eta2 = {}, {}, {}
    for v in model.order_parameters:
        first, second = (items(part.sparse[v]) for part in (system.ode.order_eta, system.ode.order_eta2))
        if first is None or second is None:
            order_eta[v.name], order_eta2[v.name] = str(system.ode.order_eta[v]), str(system.ode.order_eta2[v])
            ode[v.name] = str(system.ode.rhs[v])
        else:
            order_eta[v.name], order_eta2[v.name], ode[v.name] = items_text(first), items_text(second), items_text(first, second)
    return _Texts(
        risk=text(system.sparse_risk),
        ode=ode,
        ode_order_eta=order_eta,
        ode_order_eta2=order_eta2,
        gradient={m: {a: text(c) for a, c in g.coefficients.sparse.items()} for m, g in system.gradient.items()},
        hessian_identity={key: text(b.sparse_identity, False) for key, b in system.hessian_blocks.items()},
        hessian_outer={key: {pair: text(c, False) for pair, c in b.outer.sparse.items()}
                       for key, b in system.hessian_blocks.items()},
        parameters=sorted(names - {v.name for v in model.order_parameters}),
    )


def system_to_dict(system: ConcreteSystem) -> dict[str, Any]:
    """The JSON-ready dictionary described in the module docstring."""
    texts = _texts(system)
    blocks = {}
    for (m, n), outer in texts.hessian_outer.items():
        blocks[f"H_{m}_{n}"] = {"I_N": texts.hessian_identity[(m, n)], **{outer_key(a, b): c for (a, b), c in outer.items()}}
    return {
        "model": system.model.describe(),
        "variables": [str(v) for v in system.model.order_parameters],
        "parameters": texts.parameters,
        "risk": texts.risk,
        "ode": texts.ode,
        "ode_order_eta": texts.ode_order_eta,
        "ode_order_eta2": texts.ode_order_eta2,
        "gradient": {f"grad_w_{m}": coefficients for m, coefficients in texts.gradient.items()},
        "hessian_blocks": blocks,
    }


def system_to_json(system: ConcreteSystem) -> str:
    """The stable JSON interface (see module docstring), indented, with a final newline."""
    return json.dumps(system_to_dict(system), indent=2) + "\n"


def _header(system: ConcreteSystem, comment: str) -> list[str]:
    model = system.model.describe()
    lines = [f"{comment} quadwick concrete derivation, model {model['name']}"]
    lines += [f"{comment}   {key} = {value}" for key, value in model.items() if key != "name"]
    lines.append(f"{comment}   ODEs are d/d alpha (alpha = samples seen / N); Ndim is the input dimension N.")
    return lines


def system_to_text(system: ConcreteSystem) -> str:
    """Plain-text equations, one per line."""
    texts = _texts(system)
    lines = _header(system, "#")
    lines.append(f"R = {texts.risk}")
    lines += [f"d{v}/dalpha = {rhs}" for v, rhs in texts.ode.items()]
    for m, coefficients in texts.gradient.items():
        lines.append(f"grad_w_{m} R = " + " + ".join(f"({c})*{a}" for a, c in coefficients.items()))
    for (m, n), outer in texts.hessian_outer.items():
        terms = [f"({texts.hessian_identity[(m, n)]})*I_N"] + [f"({c})*{a} {b}^T" for (a, b), c in outer.items()]
        lines.append(f"H_{m}_{n} = " + " + ".join(terms))
    return "\n".join(lines) + "\n"


def _symbol_latex(name: str) -> str | None:
    """quadwick's LaTeX for a symbol name: rho_1_2 -> \\rho_{12}, Q_10_2 -> Q_{10,2}, Ndim -> N; None for other names
    (SymPy's own printing)."""
    if name == N_SYMBOL.name:
        return "N"
    head, *indices = name.split("_")
    if indices and all(i.isdigit() for i in indices):
        sep = "," if any(len(i) > 1 for i in indices) else ""
        base = {"rho": r"\rho", "a": "a", "v": "v"}.get(head, head)
        return f"{base}_{{{sep.join(indices)}}}"
    return None


def latex_symbol_names(values: list[Sparse]) -> dict[sympy.Symbol, str]:
    """LaTeX names for quadwick's symbols among the values' generators (:func:`_symbol_latex`), N always."""
    found: set[str] = set()
    for value in values:
        terms = value.terms()
        if terms is None:
            found.update(s.name for s in value.as_expr().free_symbols)
        else:
            found.update(name for monomial in terms for name, _ in monomial)
    names: dict[sympy.Symbol, str] = {N_SYMBOL: "N"}
    for name in sorted(found):
        latex = _symbol_latex(name)
        if latex is not None:
            names[sympy.Symbol(name)] = latex
    return names


@lru_cache(maxsize=None)
def _generator_latex(name: str) -> str:
    """A generator's LaTeX as ``sympy.latex`` prints it with :func:`latex_symbol_names`."""
    latex = _symbol_latex(name)
    return sympy.latex(sympy.Symbol(name)) if latex is None else latex


def _terms_latex(value: Sparse, prefactor: sympy.Expr, names: dict) -> list[str]:
    """``terms_latex(expand(value / prefactor), names)``, written from the value's sparse terms where they are
    rational and the prefactor a monomial (:mod:`derive.polylatex`; the same strings, without SymPy)."""
    terms, scale = value.terms(), symbol_powers(prefactor)
    if terms is None or scale is None:
        return terms_latex(sympy.expand(value.as_expr() / prefactor), names)
    factor, powers = scale
    divided = {}
    for monomial, coefficient in terms.items():
        exponents = dict(monomial)
        for name, exponent in powers:
            exponents[name] = exponents.get(name, 0) - exponent
        divided[tuple(sorted((name, e) for name, e in exponents.items() if e))] = coefficient / factor
    return polynomial_latex_terms(divided, _generator_latex)


def _vector_latex(name: str, transpose: bool = False) -> str:
    """\vec{w}_k or \vec{w}^*_l (as seed 003 writes them), optionally transposed."""
    head, index = name.split("_")
    superscript = ("*" if head == "wstar" else "") + ("T" if transpose else "")
    return rf"\vec{{w}}^{{{superscript}}}_{{{index}}}" if superscript else rf"\vec{{w}}_{{{index}}}"


def _coefficient_terms(pairs: list[tuple[sympy.Expr, str]], names: dict) -> list[str]:
    """Terms ``coefficient basis``, each coefficient grouped as the papers write it
    (see :mod:`derive.latex_grouping`): ``\frac{1}{9} (3 Q_{11} + Q_{22} - 6) w_1``."""
    terms = []
    for coefficient, basis in pairs:
        if coefficient in (1, -1):
            terms.append(("- " if coefficient == -1 else "") + basis)
        else:
            terms.append(f"{grouped_latex(coefficient, names, factor_follows=True)} {basis}")
    return terms


def _ode_equations(system: ConcreteSystem, names: dict) -> list[DisplayEquation]:
    model = system.model
    # A learned read-out's equation carries the read-out rate eta_a where the others carry eta.
    rates = dict.fromkeys(model.student_readout, model.readout_lr) if model.learns_readouts else {}
    equations = []
    for v in model.order_parameters:
        tag = "-".join(v.name.split("_"))
        lhs = rf"\frac{{d {names.get(v, str(v))}}}{{d\alpha}}"
        parts = [(system.ode.order_eta.sparse[v], 1, r"\eta"), (system.ode.order_eta2.sparse[v], 2, r"\eta^{2}")]
        nonzero = [(value, power, factor) for value, power, factor in parts if value]
        for value, power, factor in nonzero:
            marked = lhs if len(nonzero) == 1 else rf"{lhs}\Big|_{{{factor}}}"
            prefactor = rates[v] if v in rates else model.eta**power
            factor = sympy.latex(prefactor) if v in rates else factor
            terms = _terms_latex(value, prefactor, names)
            equations.append(DisplayEquation(f"eq:d{tag}-eta{power}", marked, terms, factor))
    return equations


def _readout_latex(values: tuple[sympy.Expr, ...], letter: str, width: str) -> str:
    """The read-outs in LaTeX: one value for all units (noting 1/width), the symbols, or the list."""
    if all(str(v) == f"{letter}_{k}" for k, v in enumerate(values, 1)):
        return rf"{letter}_{{k}} \ \text{{(symbolic)}}"
    if len(set(values)) == 1:
        value = values[0]
        return sympy.latex(value) + (rf" = \frac{{1}}{{{width}}}" if value == sympy.Rational(1, len(values)) else "")
    return r"\left(" + ", ".join(sympy.latex(v) for v in values) + r"\right)"


def _settings(model: Model) -> list[tuple[str, str, str]]:
    """The settings table's rows (quantity, symbol, value in LaTeX) of a concrete model."""
    rows = [("student width", "p", str(model.p)), ("teacher width", "p^{*}", str(model.pstar))]
    rows += [("student read-outs", "a_{k}", _readout_latex(model.student_readout, "a", "p")),
             ("teacher read-outs", "v_{l}", _readout_latex(model.teacher_readout, "v", "p^{*}"))]
    if model.learns_readouts:
        rows.append(("read-out learning rate", r"\eta_{a}", sympy.latex(model.readout_lr)))
    return rows + settings_rows(model.activation, model.teacher_gram, model.noise_variance, model.loss_prefactor,
                                model.input_scaling, model.eta, model.teacher_activation, model.batch)


def system_to_latex(system: ConcreteSystem) -> str:
    """A standalone LaTeX document (amsmath) with every equation numbered and labelled."""
    values = [system.sparse_risk, *system.ode.order_eta.sparse.values(), *system.ode.order_eta2.sparse.values()]
    values += [c for g in system.gradient.values() for c in g.coefficients.sparse.values()]
    values += [b.sparse_identity for b in system.hessian_blocks.values()]
    names = latex_symbol_names(values)

    model = system.model
    header = [rf"\noindent Generated by quadwick (concrete route). Model \texttt{{{model.name}}}:", settings_table(_settings(model))]
    header.append(r"\noindent Overlaps $\rho_{kl}$, $Q_{kj}$ (and $T_{lm}$), ODEs in $\alpha$ = samples seen$/N$; "
                  r"where an ODE has both, its $O(\eta)$ and $O(\eta^2)$ parts are shown separately and add up.")
    # With w.x/sqrt(N) every weight-space coefficient carries 1/N: pull it out of the brackets.
    scale = model.weight_scale
    factor = "" if scale == 1 else r"\frac{1}{N}"

    def scaled(pairs: list[tuple[sympy.Expr, str]]) -> list[str]:
        return _coefficient_terms([(sympy.expand(c * scale), basis) for c, basis in pairs], names)

    gradient = [
        DisplayEquation(
            f"eq:grad-{m}",
            rf"\nabla_{{\vec{{w}}_{{{m}}}}} \mathcal{{R}}",
            scaled([(c, _vector_latex(a)) for a, c in g.coefficients.items()]),
            factor,
        )
        for m, g in system.gradient.items()
    ]
    hessian = [
        DisplayEquation(
            f"eq:H-{m}-{n}",
            rf"\mathcal{{H}}_{{{m}{n}}}",
            scaled(
                [(block.identity, r"\mathbb{I}_N")]
                + [(c, f"{_vector_latex(a)} {_vector_latex(b, transpose=True)}") for (a, b), c in block.outer.items()]
            ),
            factor,
        )
        for (m, n), block in system.hessian_blocks.items()
    ]
    sections = [
        ("Population risk", [DisplayEquation("eq:risk", r"\mathcal{R}", _terms_latex(system.sparse_risk, 1, names))]),
        ("Overlap ODEs", _ode_equations(system, names)),
        ("Gradient", gradient),
        ("Hessian blocks", hessian),
    ]
    return latex_document(f"quadwick: {model.name}, $p = {model.p}$, $p^* = {model.pstar}$", header, sections)
