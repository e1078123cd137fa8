"""The unit form (derive.units), the erf closed forms (derive.erf) and the unit-form kernels (numerics.kernels.units).

Three ways: the unit form summed at given widths equals the concrete route exactly (polynomial activations);
its kernels equal the lambdified concrete kernels (polynomials) and Monte Carlo (erf); the erf closed forms
equal Gauss-Hermite quadrature and satisfy Price's theorem, and a deliberately altered formula fails both.
"""

from __future__ import annotations

import itertools

import mpmath
import numpy as np
import pytest
import sympy

from quadwick.derive import erf
from quadwick.derive.activation import parse_activation
from quadwick.derive.concrete import overlap_ode, population_risk
from quadwick.derive.model import Model
from quadwick.derive.parsing import PolynomialSyntaxError
from quadwick.derive.units import UnitModel, function_expression, instantiate, unit_system
from quadwick.numerics import montecarlo
from quadwick.numerics.kernels.derived import kernels
from quadwick.numerics.kernels.units import UnitKernels
from quadwick.numerics.state import pack_state

# -- the erf closed forms ------------------------------------------------------------------------------------

FORMS = {"J2": (erf.slope_pair, "dd"), "I2": (erf.pair, "gg"), "I3": (erf.triple, "dyg"), "I4": (erf.quadruple, "ddgg")}


def _altered_quadruple(C: sympy.Matrix) -> sympy.Expr:
    """I4 with C34 halved where it enters: the negative control."""
    return erf.quadruple(C).xreplace({C[2, 3]: C[2, 3] / 2})


def _covariance(size: int, seed: int) -> np.ndarray:
    root = np.random.default_rng(seed).normal(size=(size, size + 2))
    return root @ root.T / (size + 2)


def _quadrature(roles: str, C: np.ndarray, nodes: int) -> float:
    """E[prod_i f_i(y_i)] by tensor Gauss-Hermite quadrature over y = L g, g ~ N(0, I)."""
    from scipy.special import erf as erf_numeric

    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    w = w / np.sqrt(2 * np.pi)
    L = np.linalg.cholesky(C + 1e-300 * np.eye(len(C)))
    grid = np.array(list(itertools.product(x, repeat=len(C))))
    weights = np.prod(np.array(list(itertools.product(w, repeat=len(C)))), axis=1)
    y = grid @ L.T
    functions = {"g": lambda v: erf_numeric(v / np.sqrt(2)), "d": lambda v: np.sqrt(2 / np.pi) * np.exp(-v**2 / 2),
                 "y": lambda v: v}
    values = np.prod([functions[role](y[:, i]) for i, role in enumerate(roles)], axis=0)
    return float(weights @ values)


def _value(form, C: np.ndarray) -> float:
    symbols = erf.covariance_symbols(len(C))
    return float(form(symbols).xreplace({symbols[i, j]: sympy.Float(C[i, j], 30) for i in range(len(C)) for j in range(len(C))}))


@pytest.mark.parametrize("name", list(FORMS))
def test_erf_closed_forms_equal_quadrature(name):
    form, roles = FORMS[name]
    C = _covariance(len(roles), seed=len(roles))
    assert abs(_value(form, C) - _quadrature(roles, C, nodes=40 if len(roles) < 4 else 18)) < 1e-7


def test_altered_closed_form_is_refuted_by_quadrature():
    C = _covariance(4, seed=4)
    altered = _value(_altered_quadruple, C)
    assert abs(altered - _value(erf.quadruple, C)) > 1e-3
    assert abs(altered - _quadrature("ddgg", C, nodes=18)) > 1e-3


def _det_identity(C: sympy.Matrix) -> sympy.Expr:
    """E[prod_i G'(y_i)] = (2/pi)^{n/2} det(I + C)^{-1/2}: a Gaussian integral."""
    n = C.shape[0]
    return (2 / sympy.pi) ** sympy.Rational(n, 2) / sympy.sqrt((sympy.eye(n) + C).det())


@pytest.mark.parametrize("form, size, a, b, derivative", [
    (erf.pair, 2, 0, 1, lambda C: _det_identity(C)),
    (erf.triple, 3, 1, 2, lambda C: _det_identity(C.extract([0, 2], [0, 2]))),
    (erf.quadruple, 4, 2, 3, lambda C: _det_identity(C)),
    (_altered_quadruple, 4, 2, 3, None),
])
def test_price_theorem_derives_the_closed_forms(form, size, a, b, derivative):
    """d E[f(y_a) h(y_b)] / d C_ab = E[f'(y_a) h'(y_b)], exactly at random rational points (50 digits); the
    altered I4 fails it."""
    C = erf.covariance_symbols(size)
    rng = np.random.default_rng(size)
    root = sympy.Matrix(size, size + 1, lambda i, j: sympy.Rational(int(rng.integers(-9, 10)), 7))
    point = root * root.T
    values = {C[i, j]: point[i, j] for i in range(size) for j in range(size)}
    lhs = sympy.diff(form(C), C[a, b]).xreplace(values)
    reference = (derivative or (lambda C: _det_identity(C)))(C).xreplace(values)
    difference = abs(mpmath.mpf(sympy.N(lhs - reference, 50)))
    assert (difference < 1e-40) == (derivative is not None)


def test_erf_pair_vanishes_without_correlation():
    C = erf.covariance_symbols(2)
    assert erf.pair(C).subs(C[0, 1], 0) == 0


# -- the unit form against the concrete route ------------------------------------------------------------------

POLYNOMIAL_MODELS = [
    Model(p=2, pstar=1),
    Model(p=2, pstar=2, activation="z**3 - 3*z", teacher_activation="z**2 + z"),
    Model(p=1, pstar=2, activation="z**3/3 + z**2 - 1", noise_variance="symbolic", batch=3, loss_prefactor=sympy.Rational(1, 4)),
    Model(p=2, pstar=2, activation="z**2 + z/2", teacher_gram="general", student_readout="symbolic", teacher_readout=[1, -2]),
    Model(p=3, pstar=1, activation="z**2", teacher_activation="z**3 - 3*z"),
]


@pytest.mark.parametrize("model", POLYNOMIAL_MODELS, ids=lambda m: f"{m.p}-{m.pstar}-{m.activation}")
def test_unit_form_instantiated_equals_the_concrete_route_exactly(model):
    unit = instantiate(model)
    ode = overlap_ode(model)
    assert sympy.expand(unit["risk"] - population_risk(model)) == 0
    for name in model.order_parameters:
        assert sympy.expand(unit["order_eta"][name] - ode.order_eta[name]) == 0
        assert sympy.expand(unit["order_eta2"][name] - ode.order_eta2[name]) == 0


def test_a_wrong_unit_form_differs_from_the_concrete_route():
    """Negative control: the unit form of another activation does not equal this model's concrete risk."""
    model = POLYNOMIAL_MODELS[1]
    other = Model(p=2, pstar=2, activation="z**3 - 2*z", teacher_activation="z**2 + z")
    assert sympy.expand(instantiate(other)["risk"] - population_risk(model)) != 0


def test_unit_form_cost_does_not_depend_on_the_widths():
    system = unit_system(UnitModel.of(Model(p=7, pstar=5, activation="z**3")))
    assert unit_system(UnitModel.of(Model(p=2, pstar=1, activation="z**3"))) is system
    assert [len(total.terms) for total in system.sums().values()] == [3, 2, 4, 3]


# -- kernels ---------------------------------------------------------------------------------------------------


def _overlaps(model: Model, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    rng = np.random.default_rng(seed)
    N = model.p + model.pstar + 4
    A = rng.normal(size=(model.p + model.pstar, N))
    if model.teacher_gram == "identity":
        A[: model.pstar] = np.linalg.qr(rng.normal(size=(N, model.pstar)))[0].T * np.sqrt(N)
    S = A @ A.T / N
    T = None if model.teacher_gram == "identity" else S[: model.pstar, : model.pstar]
    return S[model.pstar:, : model.pstar], S[model.pstar:, model.pstar:], T


@pytest.mark.parametrize("model", [POLYNOMIAL_MODELS[i] for i in (0, 1, 4)] + [
    Model(p=2, pstar=3, activation="z**2 + z/2", teacher_gram="general", noise_variance=0.3)],
    ids=lambda m: f"{m.p}-{m.pstar}-{m.activation}")
def test_unit_kernels_equal_the_lambdified_concrete_kernels(model):
    rho, Q, T = _overlaps(model, seed=model.p)
    state = pack_state(model, rho, Q)
    units, reference = UnitKernels(model), kernels(model, backend="lambdify")
    np.testing.assert_allclose(units.risk(state, T), reference.risk(state, T), rtol=1e-12)
    np.testing.assert_allclose(units.rhs(state, 0.3, T), reference.rhs(state, 0.3, T), rtol=1e-11, atol=1e-12)


ERF_MODELS = {
    "saad-solla": Model(p=3, pstar=2, activation="erf(z/sqrt(2))"),
    "scaled": Model(p=2, pstar=2, activation="2*erf(0.7*z)", teacher_activation="erf(z)", noise_variance=0.2, batch=3,
                    student_readout=[1, -0.5], teacher_readout=1),
}


@pytest.mark.parametrize("key", list(ERF_MODELS))
def test_erf_unit_kernels_agree_with_monte_carlo(key):
    model = ERF_MODELS[key]
    rho, Q, _ = _overlaps(model, seed=3)
    state = pack_state(model, rho, Q)
    units = kernels(model)
    assert isinstance(units, UnitKernels)
    draws = montecarlo.preactivation_draws(model, rho, Q, 400_000, np.random.default_rng(5))
    for engine, estimate in [(units.risk(state), montecarlo.risk(model, draws)),
                             (units.rhs(state, 0.5), montecarlo.ode_rhs(model, draws, 0.5))]:
        assert np.all(np.abs(engine - estimate.value) < 5 * estimate.stderr + 1e-12)


def test_monte_carlo_refutes_the_wrong_erf_scale():
    """Negative control: the kernels of erf(z) are many standard errors from Monte Carlo of erf(z/sqrt(2))."""
    model = ERF_MODELS["saad-solla"]
    wrong = Model(p=3, pstar=2, activation="erf(z)")
    rho, Q, _ = _overlaps(model, seed=3)
    draws = montecarlo.preactivation_draws(model, rho, Q, 400_000, np.random.default_rng(5))
    estimate = montecarlo.ode_rhs(model, draws, 0.5)
    assert np.max(np.abs(kernels(wrong).rhs(pack_state(model, rho, Q), 0.5) - estimate.value) / estimate.stderr) > 20


@pytest.mark.parametrize("model", [ERF_MODELS["scaled"], POLYNOMIAL_MODELS[1],
                                   Model(p=3, pstar=2, activation="z**3 + z", teacher_gram="general", noise_variance=0.3,
                                         batch=2, student_readout=[1, -0.5, 2])],
                         ids=lambda m: f"{m.p}-{m.pstar}-{m.activation}")
def test_compiled_unit_kernels_equal_the_numpy_ones(model):
    """The C loops over units (derive.units_codegen) against the NumPy arrays, to rounding."""
    rho, Q, T = _overlaps(model, seed=7)
    state = pack_state(model, rho, Q)
    compiled, arrays = UnitKernels(model), UnitKernels(model, compiled=False)
    assert compiled.backend == "units-c" and arrays.backend == "units"
    np.testing.assert_allclose(compiled.risk(state, T), arrays.risk(state, T), rtol=1e-12)
    np.testing.assert_allclose(compiled.rhs(state, 0.3, T), arrays.rhs(state, 0.3, T), rtol=1e-11, atol=1e-13)


def test_erf_models_refuse_the_polynomial_backends():
    with pytest.raises(ValueError, match="needs polynomial activations"):
        kernels(ERF_MODELS["saad-solla"], backend="c")


def test_unit_kernels_at_wide_students_need_no_concrete_derivation():
    """p = 40 students of a cubic: the unit-form kernels evaluate the ODE (its size and symmetry checked)."""
    model = Model(p=40, pstar=3, activation="z**3 - z")
    rho, Q, _ = _overlaps(model, seed=1)
    rhs = kernels(model, backend="numpy").rhs(pack_state(model, rho, Q), 0.1)
    assert rhs.shape == (len(model.order_parameters),) and np.all(np.isfinite(rhs))


# -- activations -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, message", [
    ("erf(z**2)", "erf's argument must be s\\*z"),
    ("erf(z + 1)", "erf's argument must be s\\*z"),
    ("erf(z) + z", "cannot be added to"),
    ("erf(z)**2", "cannot be added to"),
    ("erf(z, 2)", "exactly one argument"),
    ("erf(sqrt(-2)*z)", "sqrt of a negative number"),
    ("sin(z)", "Call is not allowed"),
])
def test_activation_grammar_errors_name_the_part(text, message):
    with pytest.raises(PolynomialSyntaxError, match=message):
        parse_activation(text)


def test_mixed_erf_and_polynomial_models_are_refused():
    with pytest.raises(ValueError, match="no closed-form"):
        Model(p=2, pstar=1, activation="z**2", teacher_activation="erf(z)")


def test_erf_argument_sign_and_scale_are_normalised():
    assert parse_activation("erf(-z/2)") == -sympy.erf(sympy.Symbol("z") / 2)
    assert function_expression("I2", ("s", "s"), UnitModel.of(Model(p=1, pstar=1, activation="erf(z)"))).has(sympy.asin)


# -- simulations, and the command line -----------------------------------------------------------------------------

SOFT_COMMITTEE = Model(p=3, pstar=3, activation="erf(z/sqrt(2))", student_readout=1, teacher_readout=1,
                       loss_prefactor=sympy.Rational(1, 2))


def test_erf_simulators_in_c_and_numpy_take_the_same_steps():
    """Weight space on the same inputs (both compiled simulators draw their own numbers when they run alone; the
    overlap chain's erf steps are compared on the same supplied draws in tests/test_ode.py,
    test_compiled_overlap_steps_equal_numpy_on_the_same_draws)."""
    from quadwick.numerics.dynamics.sgd import sgd_steps, weights_from_overlaps

    rho0, Q0 = np.full((3, 3), 0.01), 0.5 * np.eye(3)
    rng = np.random.default_rng(11)
    W, Wstar = weights_from_overlaps(rho0, Q0, 300, rng)
    inputs = rng.standard_normal((600, 300))
    steps = [sgd_steps(SOFT_COMMITTEE, W, Wstar, inputs, 0.5, backend=backend) for backend in ("c", "numpy")]
    assert np.abs(steps[1] - W).max() > 0.1
    np.testing.assert_allclose(steps[0], steps[1], rtol=0, atol=1e-11 * np.abs(steps[1]).max())


def test_erf_ode_is_the_mean_of_finite_n_simulations():
    """N = 2000, 16 replicas of the exact overlap chain against the ODE at alpha = 1, 2, 3 (3 standard errors plus
    5/N for the O(1/N) bias); the ODE of erf(z) (another scale), the negative control, is refuted."""
    from quadwick.numerics.dynamics.ode import ODEOptions, integrate
    from quadwick.numerics.dynamics.sgd import SGDOptions, simulate

    rho0 = np.random.default_rng(0).uniform(0.0, 0.1, (3, 3))
    Q0 = 0.5 * np.eye(3)
    runs = simulate(SOFT_COMMITTEE, rho0, Q0, SGDOptions(N=2000, eta=0.5, alpha_max=3, points=4, replicas=16), 3)
    mean, stderr = runs.risk.mean(axis=0), runs.risk.std(axis=0, ddof=1) / 4
    options = ODEOptions(eta=0.5, alpha_max=3, points=4)
    ode = integrate(SOFT_COMMITTEE, rho0, Q0, options).risk
    assert np.all(np.abs(ode - mean) <= 3 * stderr + 5 / 2000)
    wrong = Model(p=3, pstar=3, activation="erf(z)", student_readout=1, teacher_readout=1, loss_prefactor=sympy.Rational(1, 2))
    assert np.max(np.abs(integrate(wrong, rho0, Q0, options).risk - mean)[1:] / stderr[1:]) > 10


def test_command_line_derives_the_unit_form_and_erf_at_widths(tmp_path, capsys):
    import json

    from quadwick.numerics.cli.main import main

    assert main(["derive", "--general", "--activation", "erf(z/sqrt(2))", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["form"] == "unit" and "asin" in data["functions"]["I2(lambda, u)"]
    assert main(["derive", "--general", "--activation", "z**3 - 3*z", "--format", "json"]) == 0
    assert "asin" not in capsys.readouterr().out
    assert main(["derive", "--p", "2", "--pstar", "1", "--activation", "erf(z/sqrt(2))", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "asin" in data["risk"] and set(data["ode"]) == {"rho_1_1", "rho_2_1", "Q_1_1", "Q_1_2", "Q_2_2"}
    assert main(["derive", "--general", "--activation", "erf(z)", "--format", "latex"]) == 0
    assert r"\operatorname{asin}" in capsys.readouterr().out
    assert main(["derive", "--general", "--activation", "erf(z**2)"]) == 2
    assert "erf's argument must be s*z" in capsys.readouterr().err


def test_erf_system_at_widths_equals_the_unit_kernels():
    """The third way for erf: the closed forms summed at (p, p*) = (2, 2) as expressions (what `quadwick derive
    --p 2 --pstar 2` prints), evaluated at a state, against the kernels; a wrong activation scale differs."""
    from quadwick.derive.derivation import derivation

    model = ERF_MODELS["scaled"]
    rho, Q, _ = _overlaps(model, seed=9)
    state = pack_state(model, rho, Q)
    values = dict(zip(model.order_parameters, state))
    system = derivation(model).system
    eta = sympy.Rational(1, 2)
    at_state = np.array([float(system.ode.rhs[name].subs({**values, model.eta: eta})) for name in model.order_parameters])
    np.testing.assert_allclose(at_state, kernels(model).rhs(state, 0.5), rtol=1e-12)
    assert abs(float(system.risk.subs(values)) - float(kernels(model).risk(state))) < 1e-12
    wrong = Model(p=2, pstar=2, activation="2*erf(0.6*z)", teacher_activation="erf(z)", noise_variance=0.2, batch=3,
                  student_readout=[1, -0.5], teacher_readout=1)
    assert np.max(np.abs(kernels(wrong).rhs(state, 0.5) - at_state)) > 1e-3
