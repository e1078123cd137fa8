"""The model specification (derive.model) and the restricted activation parser (derive.parsing)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from quadwick.derive.model import ETA, N_SYMBOL, NOISE, PRESETS, Model, preset, q_symbol, rho_symbol, t_symbol
from quadwick.derive.parsing import PolynomialSyntaxError, parse_polynomial

z = sympy.Symbol("z")
REPO = Path(__file__).resolve().parents[1]


def names(symbols) -> list[str]:
    return [str(s) for s in symbols]


# --------------------------------------------------------------------------- 1. validation


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(p=2.5, pstar=1), r"student width p must be a positive integer, got 2\.5"),
        (dict(p=0, pstar=1), r"student width p must be a positive integer, got 0"),
        (dict(p=-3, pstar=1), r"student width p must be a positive integer, got -3"),
        (dict(p=2, pstar=-1), r"teacher width p\* must be a positive integer, got -1"),
        (dict(p=2, pstar=0), r"teacher width p\* must be a positive integer, got 0"),
        (dict(p=True, pstar=1), r"student width p must be a positive integer, got True"),
        (dict(p=2, pstar=False), r"teacher width p\* must be a positive integer, got False"),
        (dict(p="2", pstar=1), r"student width p must be a positive integer, got '2'"),
        (dict(p=2, pstar=1, activation=sympy.sin(z)), r"activation must be a polynomial in z or c\*erf\(s\*z\) with s > 0, got sin\(z\)"),
        (dict(p=2, pstar=1, activation=1 / z), r"activation must be a polynomial in z or c\*erf\(s\*z\) with s > 0, got 1/z"),
        (dict(p=2, pstar=1, activation=sympy.sqrt(z)), r"activation must be a polynomial in z or c\*erf\(s\*z\) with s > 0, got sqrt\(z\)"),
        (dict(p=2, pstar=1, activation=z**2 + sympy.exp(z)), r"activation must be a polynomial in z"),
        (dict(p=2, pstar=1, activation=sympy.Integer(3)), r"activation must depend on z \(degree >= 1\), got 3"),
        (dict(p=2, pstar=1, activation="0*z + 2"), r"activation must depend on z \(degree >= 1\), got 2"),
        (dict(p=2, pstar=1, activation=sympy.Symbol("b")), r"activation must depend on z"),
        (dict(p=2, pstar=1, activation="x**2"), r"unknown name 'x'"),
        (dict(p=2, pstar=1, student_readout=[1, 2, 3]), r"student_readout has 3 entries but the width is 2"),
        (dict(p=2, pstar=3, teacher_readout=(1, 1)), r"teacher_readout has 2 entries but the width is 3"),
        (dict(p=2, pstar=1, student_readout="ones"), r"student_readout must be None, 'symbolic'"),
        (dict(p=2, pstar=2, teacher_readout=["a", 1]), r"teacher_readout must be a number or a SymPy expression"),
        (dict(p=2, pstar=1, noise_variance=-1), r"noise_variance must be non-negative, got -1"),
        (dict(p=2, pstar=1, noise_variance=-0.25), r"noise_variance must be non-negative, got -1/4"),
        (dict(p=2, pstar=1, noise_variance=float("inf")), r"noise_variance must be finite"),
        (dict(p=2, pstar=1, noise_variance="big"), r"noise_variance must be a number or a SymPy expression"),
        (dict(p=2, pstar=1, teacher_gram="diagonal"), r"teacher_gram must be 'identity' or 'general', got 'diagonal'"),
        (dict(p=2, pstar=1, teacher_gram="Identity"), r"teacher_gram must be 'identity' or 'general'"),
        (dict(p=2, pstar=1, input_scaling="sqrtN"), r"input_scaling must be 'sqrt_n' or 'unit', got 'sqrtN'"),
        (dict(p=2, pstar=1, input_scaling=None), r"input_scaling must be 'sqrt_n' or 'unit', got None"),
        (dict(p=2, pstar=1, loss_prefactor="1/4"), r"loss_prefactor must be a number or a SymPy expression, got '1/4'"),
        (dict(p=2, pstar=1, loss_prefactor="symbolic"), r"loss_prefactor must be a number or a SymPy expression"),
        (dict(p=2, pstar=1, loss_prefactor=0), r"loss_prefactor must be non-zero"),
        (dict(p=2, pstar=1, eta="eta"), r"eta must be a SymPy Symbol"),
    ],
)
def test_invalid_model_is_rejected(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Model(**kwargs)


def test_valid_counterparts_are_accepted():
    # the same fields with valid values construct (so the rejections above are specific)
    model = Model(
        p=2,
        pstar=3,
        activation=z**2 + z / 2,
        student_readout=[1, 2],
        teacher_readout=(1, 1, 1),
        noise_variance=0.25,
        teacher_gram="general",
        input_scaling="unit",
        loss_prefactor=sympy.Rational(1, 4),
    )
    assert model.student_readout == (1, 2)
    assert model.noise_variance == sympy.Rational(1, 4)
    assert Model(p=2, pstar=1, noise_variance="symbolic").noise_variance == NOISE
    assert Model(p=sympy.Integer(2), pstar=1).p == 2


def test_unknown_preset_lists_known_presets():
    with pytest.raises(ValueError, match=r"unknown preset 'seed999'") as info:
        preset("seed999", 2, 1)
    for known in PRESETS:
        assert known in str(info.value)
    assert set(PRESETS) >= {"seed000", "seed002", "seed003", "seed003-appendix", "seed004"}


@pytest.mark.parametrize("pstar", [2, 3])
def test_seed002_requires_one_teacher_neuron(pstar):
    with pytest.raises(ValueError, match=rf"seed002.*p\* = 1.*got p\* = {pstar}"):
        preset("seed002", 2, pstar)
    model = preset("seed002", 2, 1)
    assert model.pstar == 1
    assert model.student_readout == (1, 1) and model.teacher_readout == (1,)
    assert model.loss_prefactor == sympy.Rational(1, 4)


def test_numbers_are_made_exact():
    model = Model(p=2, pstar=2, student_readout=0.5, teacher_readout=[0.25, 0.1], loss_prefactor=0.25)
    assert model.student_readout == (sympy.Rational(1, 2),) * 2
    assert model.teacher_readout == (sympy.Rational(1, 4), sympy.Rational(1, 10))
    assert model.loss_prefactor == sympy.Rational(1, 4)
    assert not any(x.atoms(sympy.Float) for x in model.student_readout + model.teacher_readout)


def test_activation_text_and_expression_agree():
    from_text = Model(p=2, pstar=1, activation="0.5*z**2 + z")
    from_expr = Model(p=2, pstar=1, activation=sympy.Rational(1, 2) * z**2 + z)
    assert from_text == from_expr
    assert from_text.activation == z**2 / 2 + z
    assert Model(p=1, pstar=1, activation="(z+1)**2").activation == z**2 + 2 * z + 1  # expanded


# --------------------------------------------------------------------------- 2. parser


def test_parser_accepts_polynomials():
    assert parse_polynomial("z**2") == z**2
    half = parse_polynomial("0.5*z**2 - z/4 + 1")
    assert sympy.expand(half - (sympy.Rational(1, 2) * z**2 - z / 4 + 1)) == 0
    assert not half.atoms(sympy.Float)
    assert all(c.is_Rational for c in sympy.Poly(half, z).all_coeffs())
    cube = parse_polynomial("(z+1)**3")
    assert sympy.expand(cube) == z**3 + 3 * z**2 + 3 * z + 1
    assert parse_polynomial("  -z + +2 ") == 2 - z
    assert parse_polynomial("0.1*z") == sympy.Rational(1, 10) * z
    assert parse_polynomial("2.5e2 + 1e-3*z") == 250 + sympy.Rational(1, 1000) * z
    assert parse_polynomial("z**(1+1)") == z**2
    assert parse_polynomial("(z**2)/(2*3)") == z**2 / 6
    assert parse_polynomial("x**2 + x", variable="x") == sympy.Symbol("x") ** 2 + sympy.Symbol("x")


@pytest.mark.parametrize(
    "text, piece",
    [
        ("__import__('os')", r"Call is not allowed"),
        ("x**2", r"unknown name 'x'"),
        ("z**-1", r"column 4: exponents must be integers from 0 to 64"),
        ("z**0.5", r"column 4: exponents must be integers"),
        ("z**65", r"exponents must be integers from 0 to 64"),
        ("1/z", r"column 3: division is allowed only by a number"),
        ("z/0", r"division by zero"),
        ("z.real", r"Attribute is not allowed"),
        ("[z]", r"List is not allowed"),
        ("lambda: 1", r"Lambda is not allowed"),
        ("z if z else 1", r"IfExp is not allowed"),
        ("z // 2", r"operator FloorDiv is not allowed"),
        ("z % 2", r"operator Mod is not allowed"),
        ("z < 1", r"Compare is not allowed"),
        ("not z", r"UnaryOp is not allowed"),
        ("'z'", r"only numbers are allowed as constants"),
        ("True * z", r"only numbers are allowed as constants, got True"),
        ("1j*z", r"only numbers are allowed as constants"),
        ("z +", r"cannot parse activation 'z \+'"),
        ("", r"cannot parse activation ''"),
        ("z; z", r"cannot parse activation"),
        ("((((9**64)**64)**64)**64)*z", r"coefficients would exceed 10\^1000"),
        ("(1e99*z + 1)**11", r"coefficients would exceed"),
        ("1e99**11 * z", r"coefficients would exceed"),
    ],
)
def test_parser_rejects_with_message_naming_the_piece(text, piece):
    with pytest.raises(PolynomialSyntaxError, match=piece):
        parse_polynomial(text)


def test_large_but_bounded_coefficients_parse_exactly():
    assert parse_polynomial("(2*z + 3)**64") == (2 * z + 3) ** 64
    assert parse_polynomial("1e99**10 * z") == sympy.Integer(10) ** 990 * z


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="z0123456789.+-*/() e", max_size=40))
def test_random_text_is_refused_cleanly_or_gives_a_polynomial(text):
    try:
        result = parse_polynomial(text)
    except PolynomialSyntaxError:
        return
    assert result.is_polynomial(z) and sympy.Poly(result, z).degree() <= 64


def test_parser_rejects_long_text():
    text = "+".join(["1"] * 2500) + "0"
    assert len(text) == 5000
    with pytest.raises(PolynomialSyntaxError, match=r"longer than \d+ characters"):
        parse_polynomial(text)


def test_parser_rejects_non_text():
    with pytest.raises(PolynomialSyntaxError, match="must be text, got int"):
        parse_polynomial(3)


def test_syntax_error_is_a_value_error():
    assert issubclass(PolynomialSyntaxError, ValueError)


@pytest.mark.parametrize("text", ["0x10", "0b1 * z", "z + 0o7"])
def test_non_decimal_literals_parse_or_are_rejected_cleanly(text):
    try:
        result = parse_polynomial(text)
    except PolynomialSyntaxError:
        return
    assert result.is_polynomial(z)


def test_long_unary_chain_is_rejected_cleanly():
    try:
        result = parse_polynomial("+" * 999 + "z")
    except PolynomialSyntaxError:
        return
    assert result == z


def test_huge_decimal_literal_is_rejected_or_printable():
    try:
        model = Model(p=1, pstar=1, activation="1e999999 * z")
    except PolynomialSyntaxError:
        return
    assert json.loads(json.dumps(model.describe()))["activation"].endswith("*z")


@pytest.mark.parametrize(
    "text, message",
    [
        ("0x10", "plain decimals"),
        ("1e99999999*z", "plain decimals"),
        ("((z+1)**64)**64", "degree would exceed 64"),
        ("z**40 * z**30", "degree would exceed 64"),
        ("+" * 999 + "z", "nested too deeply"),
    ],
)
def test_oversized_input_is_refused_quickly(text, message):
    with pytest.raises(PolynomialSyntaxError, match=message):
        parse_polynomial(text)


def test_activation_none_names_the_field():
    with pytest.raises(ValueError, match="activation"):
        Model(p=1, pstar=1, activation=None)


TOKENS = [
    "z", "z", "1", "2", "0.5", "3.25", "+", "-", "*", "/", "**", "(", ")", " ", "x", "_",
    ".", ",", "[", "]", "'", "lambda", ":", "if", "else", "==", "%", "//", "import", "0",
]


def _parses_or_rejects(text: str) -> None:
    try:
        result = parse_polynomial(text)
    except PolynomialSyntaxError as error:
        assert str(error)
        return
    assert isinstance(result, sympy.Expr)
    assert result.free_symbols <= {z}
    assert result.is_polynomial(z)
    assert not result.atoms(sympy.Float)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(derandomize=True, deadline=None, max_examples=300)
@given(st.text(max_size=40))
def test_arbitrary_text_parses_or_raises_syntax_error(text):
    _parses_or_rejects(text)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(derandomize=True, deadline=None, max_examples=400)
@given(st.lists(st.sampled_from(TOKENS), max_size=14).map("".join))
def test_token_soup_parses_or_raises_syntax_error(text):
    _parses_or_rejects(text)


# --------------------------------------------------------------------------- 3. determinism and naming


def test_equal_models_are_equal_and_hash_equal():
    a, b = Model(p=3, pstar=2), Model(p=3, pstar=2)
    assert a == b and hash(a) == hash(b)
    assert str(a.covariance()) == str(b.covariance())
    assert a.describe() == b.describe()
    assert json.loads(json.dumps(a.describe())) == a.describe()
    assert a != Model(p=3, pstar=1)
    assert a != Model(p=3, pstar=2, activation="z**2 + z")
    assert a != Model(p=3, pstar=2, input_scaling="unit")
    # the name is not part of equality: the seed003 preset is the default model
    assert preset("seed003", 3, 2) == a
    assert preset("seed003", 3, 2).name == "seed003"
    assert len({a, b, preset("seed003", 3, 2)}) == 1


def test_model_is_immutable():
    model = Model(p=2, pstar=1)
    with pytest.raises(Exception):
        model.p = 3
    assert model.p == 2


def test_order_parameter_naming():
    model = Model(p=3, pstar=2)
    assert names(model.order_parameters) == [
        "rho_1_1", "rho_1_2", "rho_2_1", "rho_2_2", "rho_3_1", "rho_3_2",
        "Q_1_1", "Q_1_2", "Q_1_3", "Q_2_2", "Q_2_3", "Q_3_3",
    ]
    assert model.teacher_parameters == ()
    assert model.T == sympy.eye(2)
    assert q_symbol(3, 1) == q_symbol(1, 3) == sympy.Symbol("Q_1_3")
    assert rho_symbol(2, 1) != rho_symbol(1, 2)


def test_covariance_layout():
    model = Model(p=3, pstar=2)
    C = model.covariance()
    assert C.shape == (5, 5)
    assert C == C.T
    assert C[:2, :2] == sympy.eye(2)
    for k in range(3):
        for l in range(2):
            assert C[2 + k, l] == sympy.Symbol(f"rho_{k + 1}_{l + 1}")
        for j in range(3):
            assert C[2 + k, 2 + j] == sympy.Symbol(f"Q_{min(k, j) + 1}_{max(k, j) + 1}")
    assert str(C) == (
        "Matrix([[1, 0, rho_1_1, rho_2_1, rho_3_1], [0, 1, rho_1_2, rho_2_2, rho_3_2], "
        "[rho_1_1, rho_1_2, Q_1_1, Q_1_2, Q_1_3], [rho_2_1, rho_2_2, Q_1_2, Q_2_2, Q_2_3], "
        "[rho_3_1, rho_3_2, Q_1_3, Q_2_3, Q_3_3]])"
    )


def test_general_teacher_gram_symbols():
    model = Model(p=2, pstar=3, teacher_gram="general")
    assert names(model.teacher_parameters) == ["T_1_1", "T_1_2", "T_1_3", "T_2_2", "T_2_3", "T_3_3"]
    T = model.T
    assert T == T.T
    for l in range(3):
        for m in range(3):
            a, b = sorted((l + 1, m + 1))
            assert T[l, m] == sympy.Symbol(f"T_{a}_{b}") == t_symbol(m + 1, l + 1)
    assert model.covariance()[:3, :3] == T
    assert all(re.fullmatch(r"T_(\d)_(\d)", str(s)) for s in T.free_symbols)
    assert all(int(str(s)[2]) <= int(str(s)[4]) for s in T.free_symbols)


@settings(derandomize=True, deadline=None, max_examples=20)
@given(st.integers(1, 5), st.integers(1, 5), st.sampled_from(["identity", "general"]))
def test_naming_is_consistent_for_all_widths(p, pstar, gram):
    a, b = Model(p=p, pstar=pstar, teacher_gram=gram), Model(p=p, pstar=pstar, teacher_gram=gram)
    assert a == b and hash(a) == hash(b)
    assert str(a.covariance()) == str(b.covariance())
    params = a.order_parameters
    assert len(params) == len(set(params)) == p * pstar + p * (p + 1) // 2
    assert set(params) | set(a.teacher_parameters) == a.covariance().free_symbols
    assert len(a.teacher_parameters) == (pstar * (pstar + 1) // 2 if gram == "general" else 0)


def test_printing_is_stable_across_hash_seeds():
    script = (
        "from derive.model import Model, preset\n"
        "m = Model(p=3, pstar=2, teacher_gram='general', activation='z**2 + z/2 + 1')\n"
        "print(m.covariance()); print(m.order_parameters); print(m.teacher_parameters)\n"
        "print(m.describe()); print(preset('seed000', 2, 2).describe())\n"
    )
    outputs = []
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO))
        run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=REPO)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert "rho_3_2" in outputs[0]


# --------------------------------------------------------------------------- presets


def test_preset_seed003():
    model = preset("seed003", 3, 2)
    assert model.input_scaling == "sqrt_n" and model.weight_scale == N_SYMBOL
    assert model.student_readout == (sympy.Rational(1, 3),) * 3
    assert model.teacher_readout == (sympy.Rational(1, 2),) * 2
    assert model.loss_prefactor == 1
    assert model.teacher_gram == "identity" and model.T == sympy.eye(2)
    assert model.activation == z**2
    assert model.noise_variance == 0
    assert model.eta == ETA


def test_preset_seed003_appendix():
    model = preset("seed003-appendix", 4, 1)
    assert model.input_scaling == "unit" and model.weight_scale == 1
    assert model.student_readout == (sympy.Rational(1, 4),) * 4
    assert model.teacher_readout == (1,)
    assert model.loss_prefactor == 1 and model.teacher_gram == "identity"
    assert model != preset("seed003", 4, 1)


def test_preset_seed000():
    model = preset("seed000", 3, 2)
    assert model.loss_prefactor == sympy.Rational(1, 4)
    assert model.teacher_gram == "general"
    assert names(model.teacher_parameters) == ["T_1_1", "T_1_2", "T_2_2"]
    assert model.input_scaling == "unit"
    assert model.student_readout == (sympy.Rational(1, 3),) * 3
    assert model.teacher_readout == (sympy.Rational(1, 2),) * 2


def test_preset_seed004():
    model = preset("seed004", 3, 2)
    assert model.student_readout == (1, 1, 1)
    assert model.teacher_readout == (1, 1)
    assert model.loss_prefactor == 1
    assert model.teacher_gram == "general" and model.input_scaling == "unit"


def test_preset_overrides():
    model = preset("seed003", 2, 1, noise_variance="symbolic", student_readout="symbolic")
    assert model.noise_variance == NOISE
    assert names(model.student_readout) == ["a_1", "a_2"]
    assert model.input_scaling == "sqrt_n"
    with pytest.raises(ValueError, match="teacher_gram"):
        preset("seed003", 2, 1, teacher_gram="bogus")


def test_the_teacher_activation_defaults_to_the_student_and_appears_only_when_it_differs():
    same, explicit = Model(p=2, pstar=1), Model(p=2, pstar=1, teacher_activation="z**2")
    assert same == explicit and hash(same) == hash(explicit) and same.teacher_activation == sympy.Symbol("z") ** 2
    assert "teacher_activation" not in same.describe()
    he3 = Model(p=2, pstar=1, teacher_activation="z**3 - 3*z")
    assert he3 != same and he3.describe()["teacher_activation"] == "z**3 - 3*z"
    with pytest.raises(ValueError, match="cannot parse teacher activation 'exp"):
        Model(p=1, pstar=1, teacher_activation="exp(z)")
    with pytest.raises(ValueError, match="teacher activation must depend on z"):
        Model(p=1, pstar=1, teacher_activation="2")


def test_a_he3_teacher_enters_the_risk_through_its_own_hermite_moments():
    """R = E[(He_3(u) - z^2-student)^2] at rho = 0, Q = I, p = p* = 1: E[He_3^2] = 6 and E[lambda^4] = 3, no cross term
    (independent, and He_3 has mean 0): 6 + 3 = 9; a wrong sign or the student's activation for the teacher moves it."""
    from quadwick.derive.concrete import population_risk

    risk = population_risk(Model(p=1, pstar=1, teacher_activation="z**3 - 3*z"))
    assert risk.subs({sympy.Symbol("rho_1_1"): 0, sympy.Symbol("Q_1_1"): 1}) == 9
