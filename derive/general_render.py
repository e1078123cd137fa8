"""Renderings of the general-width results (symbolic p, p*): text, JSON and a LaTeX document.

Every result is shown in matrix form (traces and products of Q, rho, T and the read-out
matrices A, V) and, for the risk and the ODEs, in index form as the papers write them.

>>> print(general_to_text(general_preset("seed003")).splitlines()[-1])
H_mn = -4/(Ndim*p) delta_mn I_N + 4*tr(Q)/(Ndim*p**2) delta_mn I_N + 8/(Ndim*p**2) (Q)_mn I_N - 8/(Ndim**2*p*pstar) delta_mn W*^T W* + 8/(Ndim**2*p**2) delta_mn W^T W + 8/(Ndim**2*p**2) w_m w_n^T + 8/(Ndim**2*p**2) w_n w_m^T
"""

from __future__ import annotations

import json
from typing import Any

import sympy

from .forms import P_DIM, S_DIM
from .general import (
    GeneralModel,
    general_gradient,
    general_hessian,
    general_ode,
    general_risk,
    hessian_form,
    index_form,
    index_latex_terms,
    latex_terms,
    matrix_form,
    vector_form,
)
from .latex import DisplayEquation, latex_document, settings_rows, settings_table
from .model import N_SYMBOL, PRESETS

__all__ = ["general_preset", "general_to_dict", "general_to_json", "general_to_text", "general_to_latex"]

LATEX_NAMES = {N_SYMBOL: "N", S_DIM: "p^{*}", P_DIM: "p"}


def general_preset(name: str, **overrides: Any) -> GeneralModel:
    """The symbolic-width model of one paper's convention (see :data:`derive.model.PRESETS`).

    >>> general_preset("seed000").loss_prefactor
    1/4
    """
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; known presets: {', '.join(sorted(PRESETS))}")
    fields = {key: value for key, value in PRESETS[name].items() if key != "description"}
    for key in ("student_readout", "teacher_readout"):
        fields[key] = "default" if fields[key] is None else fields[key]
    fields.update(overrides)
    return GeneralModel(**fields)


def describe(model: GeneralModel) -> dict[str, str]:
    """The specification as strings (read-outs: default = 1/width, diagonal = symbolic A, V); the teacher's
    activation only when it differs from the student's."""
    return {
        "p": "p (symbolic)",
        "pstar": "pstar (symbolic)",
        "activation": str(model.activation),
        **({"teacher_activation": str(model.teacher_activation)} if model.activations_differ else {}),
        "student_readout": str(model.student_readout),
        "teacher_readout": str(model.teacher_readout),
        "teacher_gram": model.teacher_gram,
        "noise_variance": str(model.noise_variance),
        "loss_prefactor": str(model.loss_prefactor),
        "input_scaling": model.input_scaling,
        "eta": str(model.eta),
        **({"batch": str(model.batch)} if model.batch != 1 else {}),
        **({"readout_lr": str(model.readout_lr)} if model.readout_lr is not None else {}),
    }


def _readout_latex(readout: Any, letter: str, width: str) -> str:
    """A read-out in LaTeX: "default" is 1/width, "diagonal" the symbols a_k (v_l), else the value."""
    if readout == "default":
        return rf"\frac{{1}}{{{width}}}"
    if readout == "diagonal":
        return rf"{letter} \ \text{{(symbolic)}}"
    return sympy.latex(sympy.sympify(readout))


def _settings(model: GeneralModel) -> list[tuple[str, str, str]]:
    """The settings table's rows (quantity, symbol, value in LaTeX) of a symbolic-width model."""
    rows = [("student width", "p", r"p \ \text{(symbolic)}"), ("teacher width", "p^{*}", r"p^{*} \ \text{(symbolic)}"),
            ("student read-outs", "a_{k}", _readout_latex(model.student_readout, "a_{k}", "p")),
            ("teacher read-outs", "v_{l}", _readout_latex(model.teacher_readout, "v_{l}", "p^{*}"))]
    if model.readout_lr is not None:
        rows.append(("read-out learning rate", r"\eta_{a}", sympy.latex(model.readout_lr)))
    return rows + settings_rows(model.activation, model.teacher_gram, model.noise_variance, model.loss_prefactor,
                                model.input_scaling, model.eta, model.teacher_activation, model.batch)


def general_to_dict(model: GeneralModel) -> dict[str, Any]:
    """Matrix and index forms of every general result, as strings."""
    ode, gradient = general_ode(model), general_gradient(model)
    risk = general_risk(model)
    forms = {
        "drho": ode.drho,
        "dQ_order_eta": ode.dQ_eta,
        "dQ_order_eta2": ode.dQ_eta2,
    }
    return {
        "model": describe(model),
        "route": "general",
        "notation": "rows k (student), columns l (teacher) or j (student); tr = trace; 1 = ones vector; "
        "W (p x N), W* (p* x N) stack the weight vectors; Ndim = N",
        "risk": str(risk),
        "ode": {**{name: {"matrix": matrix_form(t), "index": index_form(t)} for name, t in forms.items()},
                **({"da": {"vector": vector_form(ode.da), "index": index_form(ode.da)}} if ode.da is not None else {})},
        "gradient": {
            "form": "grad_W R = G W + Gstar W*",
            "G": matrix_form(gradient.G),
            "Gstar": matrix_form(gradient.Gstar),
        },
        "hessian_blocks": hessian_form(general_hessian(model)),
    }


def general_to_json(model: GeneralModel) -> str:
    return json.dumps(general_to_dict(model), indent=2) + "\n"


def general_to_text(model: GeneralModel) -> str:
    """Plain text: the risk, the ODEs in matrix and index form, the gradient and the Hessian."""
    data = general_to_dict(model)
    lines = [f"# quadwick general-width derivation (symbolic p, p*); {data['notation']}"]
    lines += [f"#   {key} = {value}" for key, value in data["model"].items()]
    lines.append(f"R = {data['risk']}")
    lhs = {"drho": "d rho/d alpha", "dQ_order_eta": "d Q/d alpha [O(eta)]", "dQ_order_eta2": "d Q/d alpha [O(eta^2)]",
           "da": "d a/d alpha"}
    for name, forms in data["ode"].items():
        lines.append(f"{lhs[name]} = {forms.get('matrix', forms.get('vector'))}")
        lines.append(f"{lhs[name]}_(index) = {forms['index']}")
    lines.append(f"grad_W R = G W + Gstar W*,  G = {data['gradient']['G']},  Gstar = {data['gradient']['Gstar']}")
    lines.append(data["hessian_blocks"])
    return "\n".join(lines) + "\n"


def general_to_latex(model: GeneralModel) -> str:
    """A standalone LaTeX document of the general-width results in matrix form, and the risk and
    ODEs also in index form as the papers write them."""
    ode, gradient = general_ode(model), general_gradient(model)
    names = {**LATEX_NAMES, model.eta: r"\eta"}

    def display(label: str, lhs: str, result) -> DisplayEquation:
        return DisplayEquation(label, lhs, latex_terms(result, names))

    def index_display(label: str, lhs: str, result) -> DisplayEquation:
        return DisplayEquation(label, lhs, index_latex_terms(result, names))

    header = [
        r"\noindent Generated by quadwick (general route): results for symbolic widths $p$ (student) and "
        r"$p^*$ (teacher), in matrix form. $Q$ ($p\times p$), $\rho$ ($p\times p^*$) and $T$ ($p^*\times p^*$) "
        r"are the overlaps, $A$ and $V$ the diagonal read-out matrices, $\mathbf{1}$ the ones vector, "
        r"$W$ ($p\times N$) and $W^{*}$ ($p^*\times N$) stack the weight vectors; ODEs are $d/d\alpha$.",
    ]
    header.append(settings_table(_settings(model)))
    sections = [
        ("Population risk", [display("eq:risk", r"\mathcal{R}", general_risk(model))]),
        ("Population risk, index form", [index_display("eq:risk-index", r"\mathcal{R}", general_risk(model))]),
        (
            "Overlap ODEs",
            [
                display("eq:drho", r"\frac{d\rho}{d\alpha}", ode.drho),
                display("eq:dQ-eta1", r"\frac{dQ}{d\alpha}\Big|_{\eta}", ode.dQ_eta),
                display("eq:dQ-eta2", r"\frac{dQ}{d\alpha}\Big|_{\eta^{2}}", ode.dQ_eta2),
            ],
        ),
        (
            r"Overlap ODEs, index form ($k, j$ students, $l$ teachers; $r_i$, $s_i$ summed)",
            [
                index_display("eq:drho-index", r"\frac{d\rho_{kl}}{d\alpha}", ode.drho),
                index_display("eq:dQ-eta1-index", r"\frac{dQ_{kj}}{d\alpha}\Big|_{\eta}", ode.dQ_eta),
                index_display("eq:dQ-eta2-index", r"\frac{dQ_{kj}}{d\alpha}\Big|_{\eta^{2}}", ode.dQ_eta2),
                *([index_display("eq:da-index", r"\frac{da_{k}}{d\alpha}", ode.da)] if ode.da is not None else []),
            ],
        ),
        (
            r"Gradient: $\nabla_W \mathcal{R} = G\,W + G^{*} W^{*}$",
            [display("eq:grad-G", "G", gradient.G), display("eq:grad-Gstar", "G^{*}", gradient.Gstar)],
        ),
        ("Hessian blocks", [display("eq:hessian", r"\mathcal{H}_{mn}", general_hessian(model))]),
    ]
    return latex_document("quadwick: general-width equations", header, sections)
