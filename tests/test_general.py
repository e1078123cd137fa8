"""The general route (symbolic p, p*) against the concrete route, exactly, component by component."""

from __future__ import annotations

import doctest

import pytest
import sympy

import quadwick.derive.forms
import quadwick.derive.general
from quadwick.derive import concrete
from quadwick.derive.forms import Form, contractions, expectation, scalar_word, trace
from quadwick.derive.general import (
    GeneralModel,
    general_gradient,
    general_hessian,
    general_ode,
    general_risk,
    hessian_form,
    index_form,
    instantiate_gradient,
    instantiate_hessian,
    instantiate_ode,
    instantiate_risk,
    matrix_expression,
    matrix_form,
)
from quadwick.derive.model import Model, preset

DEFAULT_GRID = [(1, 1), (1, 3), (2, 1), (2, 2), (3, 2), (4, 2), (5, 3)]
SMALL_GRID = [(1, 1), (2, 1), (2, 2)]
p, pstar, eta = sympy.symbols("p pstar eta")


def assert_equal(general: sympy.Expr, reference: sympy.Expr, what: str) -> None:
    assert sympy.expand(general - reference) == 0, (what, general, reference)


def assert_matches_concrete(model: Model) -> None:
    """Risk, both ODE orders, gradient and Hessian blocks equal the concrete route."""
    assert_equal(instantiate_risk(model), concrete.population_risk(model), "risk")
    general_ode_, reference_ode = instantiate_ode(model), concrete.overlap_ode(model)
    assert set(general_ode_.order_eta) == set(reference_ode.order_eta)
    for name in reference_ode.order_eta:
        assert_equal(general_ode_.order_eta[name], reference_ode.order_eta[name], f"O(eta) {name}")
        assert_equal(general_ode_.order_eta2[name], reference_ode.order_eta2[name], f"O(eta^2) {name}")
    general_grad, reference_grad = instantiate_gradient(model), concrete.risk_gradient(model)
    for m, combination in reference_grad.items():
        mine = general_grad[m].coefficients
        for vector in set(mine) | set(combination.coefficients):
            assert_equal(mine.get(vector, 0), combination.coefficients.get(vector, 0), f"grad_w_{m} {vector}")
    general_hess, reference_hess = instantiate_hessian(model), concrete.hessian_blocks(model)
    for mn, block in reference_hess.items():
        assert_equal(general_hess[mn].identity, block.identity, f"H_{mn} I_N")
        for pair in set(general_hess[mn].outer) | set(block.outer):
            assert_equal(general_hess[mn].outer.get(pair, 0), block.outer.get(pair, 0), f"H_{mn} {pair}")


@pytest.mark.parametrize("widths", DEFAULT_GRID, ids=str)
def test_default_model_matches_concrete(widths):
    assert_matches_concrete(Model(p=widths[0], pstar=widths[1]))


OPTIONS = {
    "general-gram": dict(teacher_gram="general"),
    "symbolic-readouts": dict(student_readout="symbolic", teacher_readout="symbolic"),
    "gram-and-readouts": dict(teacher_gram="general", student_readout="symbolic", teacher_readout="symbolic"),
    "noise-and-prefactor": dict(noise_variance="symbolic", loss_prefactor=sympy.Symbol("c")),
    "unit-scaling": dict(input_scaling="unit", teacher_gram="general"),
    "affine-activation": dict(activation="2*z**2 + z + 1/2", student_readout="symbolic", noise_variance=sympy.Rational(1, 3)),
    "symbolic-activation": dict(activation=sympy.sympify("b2*z**2 + b1*z + b0"), teacher_gram="general"),
    "uniform-readouts": dict(student_readout=1, teacher_readout=sympy.Rational(1, 2)),
    "own-teacher-activation": dict(activation="z**2 + z/2", teacher_activation="z**2 - 1", noise_variance=sympy.Rational(1, 4)),
    "linear-teacher": dict(teacher_activation="z", teacher_gram="general", student_readout="symbolic"),
    "minibatch": dict(batch=3, noise_variance="symbolic"),
}


@pytest.mark.parametrize("widths", SMALL_GRID, ids=str)
@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
def test_model_options_match_concrete(options, widths):
    assert_matches_concrete(Model(p=widths[0], pstar=widths[1], **options))


@pytest.mark.parametrize("name", ["seed000", "seed003-appendix", "seed004"])
def test_presets_match_concrete(name):
    assert_matches_concrete(preset(name, 3, 2))


def test_numeric_nonuniform_readouts_match_concrete():
    assert_matches_concrete(Model(p=3, pstar=2, student_readout=[1, -2, 3], teacher_readout=[sympy.Rational(1, 2), 2]))


# -- the general results themselves ---------------------------------------------------------------


def test_default_risk_is_seed_003_eq_23_in_traces():
    trQ, trQQ, trRR = (sympy.Symbol(n) for n in ("tr(Q)", "tr(Q Q)", "tr(rho rho^T)"))
    expected = (pstar + 2) / pstar - 2 * trQ / p - 4 * trRR / (p * pstar) + (trQ**2 + 2 * trQQ) / p**2
    assert_equal(general_risk(GeneralModel()), expected, "risk")


def test_default_odes_in_matrix_form():
    ode = general_ode(GeneralModel())
    assert matrix_form(ode.drho) == "4*eta*(pstar + 2)/(p*pstar) rho - 4*eta*tr(Q)/p**2 rho - 8*eta/p**2 Q rho"
    assert matrix_form(ode.dQ_eta) == "8*eta/p Q - 8*eta*tr(Q)/p**2 Q - 16*eta/p**2 Q Q + 16*eta/(p*pstar) rho rho^T"
    # The O(eta^2) coefficient of Q is 16 eta^2/p^2 times the risk.
    Q_only = next(value for key, value in ode.dQ_eta2.terms.items() if [f.word for f in key] == [("Q",)])
    assert_equal(Q_only, 16 * eta**2 / p**2 * general_risk(GeneralModel()), "O(eta^2) Q coefficient")


def test_matrix_expression_is_sympy_matrix_algebra():
    drho = matrix_expression(general_ode(GeneralModel()).drho)
    assert drho.shape == (p, pstar)
    Q, rho = sympy.MatrixSymbol("Q", p, p), sympy.MatrixSymbol("rho", p, pstar)
    expected = (4 * eta / p + 8 * eta / (p * pstar) - 4 * eta * sympy.Trace(Q) / p**2) * rho - 8 * eta / p**2 * Q * rho
    assert drho == expected


def test_index_form_follows_the_paper():
    drho = index_form(general_ode(GeneralModel()).drho)
    assert drho == (
        "4*eta*(pstar + 2)/(p*pstar) rho_{k l} - 4*(sum_{r1} Q_{r1 r1})*eta/p**2 rho_{k l}"
        " - 8*eta/p**2 sum_{r1} Q_{k r1} rho_{r1 l}"
    )
    dQ = index_form(general_ode(GeneralModel()).dQ_eta)
    assert dQ.endswith("- 16*eta/p**2 sum_{r1} Q_{k r1} Q_{r1 j} + 16*eta/(p*pstar) sum_{s1} rho_{k s1} rho_{j s1}")
    readouts = index_form(general_ode(GeneralModel(student_readout="diagonal")).drho)
    assert "a_k Q_{k r1} a_r1 rho_{r1 l}" in readouts


def test_gradient_is_seed_003_eq_24():
    s2 = sympy.Symbol("Ndim")
    gradient = general_gradient(GeneralModel())
    assert matrix_form(gradient.G) == "-4/(Ndim*p) I + 4*tr(Q)/(Ndim*p**2) I + 8/(Ndim*p**2) Q"
    assert matrix_form(gradient.Gstar) == "-8/(Ndim*p*pstar) rho"
    G = {tuple(f.word for f in key): value for key, value in gradient.G.terms.items()}
    assert_equal(G[((),)] * s2, -4 / p + 4 * sympy.Symbol("tr(Q)") / p**2, "G identity")
    assert_equal(G[(("Q",),)] * s2, 8 / p**2, "G Q")


def test_hessian_is_seed_003_eq_25():
    text = hessian_form(general_hessian(GeneralModel()))
    assert text == (
        "H_mn = -4/(Ndim*p) delta_mn I_N + 4*tr(Q)/(Ndim*p**2) delta_mn I_N + 8/(Ndim*p**2) (Q)_mn I_N"
        " - 8/(Ndim**2*p*pstar) delta_mn W*^T W* + 8/(Ndim**2*p**2) delta_mn W^T W"
        " + 8/(Ndim**2*p**2) w_m w_n^T + 8/(Ndim**2*p**2) w_n w_m^T"
    )


def test_general_derivation_does_not_depend_on_width():
    """The derivation never sees p: the number of terms is fixed (for any p, p*)."""
    ode = general_ode(GeneralModel(teacher_gram="general", student_readout="diagonal", teacher_readout="diagonal"))
    assert len(ode.drho.terms) < 10 and len(ode.dQ_eta2.terms) < 40


def test_traces_are_canonical_up_to_rotation_and_transposition():
    word = ("Q", "rho", "T", "rho^T")
    rotated = ("rho", "T", "rho^T", "Q")
    transposed = ("rho", "T", "rho^T", "Q")[::-1]
    transposed = tuple({"rho": "rho^T", "rho^T": "rho"}.get(letter, letter) for letter in transposed)
    assert trace(word, "P") == trace(rotated, "S") == trace(transposed, "P")
    assert scalar_word(trace(word, "P"))[0] == "tr"
    assert trace((), "S") == pstar


def test_wick_on_forms_counts_pairings():
    """E[(lambda^T lambda)^2] = tr(Q)^2 + 2 tr(Q Q)."""
    square = Form.quad((), "P")
    value = expectation(square * square, contractions(teacher_gram_identity=True)).scalar()
    assert_equal(value, sympy.Symbol("tr(Q)") ** 2 + 2 * sympy.Symbol("tr(Q Q)"), "E[|lambda|^4]")


def test_activation_of_degree_three_is_refused():
    with pytest.raises(ValueError, match="degree <= 2"):
        GeneralModel(activation=sympy.Symbol("z") ** 3)
    with pytest.raises(ValueError, match="degree <= 2"):
        instantiate_risk(Model(p=1, pstar=1, activation="z**3"))


@pytest.mark.parametrize("module", [quadwick.derive.forms, quadwick.derive.general])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


def _concrete_values(expr: sympy.Expr, widths: tuple[int, int], labels: dict) -> sympy.Expr:
    """An index-form SymPy object at concrete widths and labels, in the concrete route's symbols."""
    from quadwick.derive.model import q_symbol, rho_symbol

    value = expr.subs({p: widths[0], pstar: widths[1], **labels}).doit()
    Q = sympy.IndexedBase("Q")
    return value.replace(lambda e: isinstance(e, sympy.Indexed), lambda e: (
        q_symbol(*e.indices) if e.base == Q else rho_symbol(*e.indices)))


def test_index_form_sympy_objects_equal_the_concrete_route():
    from quadwick.derive.concrete import overlap_ode
    from quadwick.derive.general import index_expression
    from quadwick.derive.model import Model, q_symbol, rho_symbol

    widths = (3, 2)
    general, concrete = general_ode(GeneralModel()), overlap_ode(Model(p=3, pstar=2))
    k, l, j = sympy.symbols("k l j")
    drho, dQ_eta, dQ_eta2 = (index_expression(t) for t in (general.drho, general.dQ_eta, general.dQ_eta2))
    for a in range(1, 4):
        for b in range(1, 3):
            value = _concrete_values(drho, widths, {k: a, l: b})
            assert sympy.expand(value - concrete.order_eta[rho_symbol(a, b)]) == 0
        for c in range(a, 4):
            for tensor, part in ((dQ_eta, concrete.order_eta), (dQ_eta2, concrete.order_eta2)):
                value = _concrete_values(tensor, widths, {k: a, j: c})
                assert sympy.expand(value - part[q_symbol(a, c)]) == 0
