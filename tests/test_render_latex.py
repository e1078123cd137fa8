"""The equations documents: the settings table, and coefficients grouped as the papers write them."""

from __future__ import annotations

import re

import pytest
import sympy
from sympy.parsing.sympy_parser import implicit_multiplication, parse_expr, standard_transformations

from quadwick.derive.concrete import derive_system
from quadwick.derive.general import GeneralModel
from quadwick.derive.general_render import general_preset, general_to_latex
from quadwick.derive.latex import _group
from quadwick.derive.latex_grouping import grouped_latex, laurent_split
from quadwick.derive.model import Model, preset
from quadwick.derive.render import system_to_latex

p, pstar, eta, delta = sympy.symbols("p pstar eta Delta", positive=True)
NAMES = {pstar: "p^{*}", eta: r"\eta", delta: r"\Delta"}


def parse_back(latex: str) -> sympy.Expr:
    """The printer's LaTeX for the expressions of these tests (fractions, brackets, powers, p^{*}, eta,
    Delta) read back as SymPy: an independent reading of what the reader sees."""
    text = latex.replace(r"\left(", "(").replace(r"\right)", ")").replace("p^{*}", "pstar")
    text = text.replace(r"\eta", "eta").replace(r"\Delta", "Delta")
    while (start := text.find(r"\frac")) >= 0:
        numerator, end = _group(text, start + 5)
        denominator, end = _group(text, end)
        text = f"{text[:start]}(({numerator})/({denominator})){text[end:]}"
    text = re.sub(r"\^\{([^{}]*)\}", r"**(\1)", text)
    text = re.sub(r"\^(\w)", r"**\1", text)
    assert "\\" not in text and "{" not in text, text
    local = {"pstar": pstar, "p": p, "eta": eta, "Delta": delta}
    return parse_expr(text, local_dict=local, transformations=standard_transformations + (implicit_multiplication,))


@pytest.mark.parametrize(
    "expr, expected",
    [
        (4 * eta * (pstar + 2) / (p * pstar), r"\frac{4 \eta}{p} \left(1 + \frac{2}{p^{*}}\right)"),
        ((pstar + 2) / pstar, r"1 + \frac{2}{p^{*}}"),
        (64 * eta**2 * (pstar + 2) / (p**2 * pstar**2), r"\frac{64 \eta^{2}}{p^{2} p^{*}} \left(1 + \frac{2}{p^{*}}\right)"),
        (-8 * (pstar - 1) / (3 * p * pstar), r"- \frac{8}{3 p} \left(1 - \frac{1}{p^{*}}\right)"),
        (eta * (pstar + 2) / pstar + 4 * eta * delta, r"\eta \left(4 \Delta + 1 + \frac{2}{p^{*}}\right)"),
    ],
)
def test_rational_coefficient_is_split_as_the_papers_write_it_and_reads_back_equal(expr, expected):
    printed = grouped_latex(expr, NAMES)
    assert printed == expected
    assert sympy.simplify(parse_back(printed) - expr) == 0
    prefactor, bracket = laurent_split(expr)
    assert sympy.expand(prefactor * sympy.Add(*bracket) - expr) == 0


@pytest.mark.parametrize(
    "expr",
    [p / (p + 2), 4 * eta / p, (p + 1) * (pstar + 2) / (p * pstar), (pstar + 2) ** 2 / pstar, sympy.sqrt(p) + 1],
    ids=["non-monomial denominator", "monomial", "two polynomial factors", "squared factor", "not a Laurent polynomial"],
)
def test_other_coefficients_print_as_sympy_prints_them(expr):
    assert laurent_split(expr) is None
    assert grouped_latex(expr, NAMES) == sympy.latex(expr, symbol_names=NAMES)


def test_a_bare_sum_before_a_factor_is_parenthesised():
    assert grouped_latex((pstar + 2) / pstar, NAMES, factor_follows=True) == r"\left(1 + \frac{2}{p^{*}}\right)"
    assert grouped_latex(-(pstar + 2) / pstar, NAMES, factor_follows=True) == r"- \left(1 + \frac{2}{p^{*}}\right)"


def test_general_document_groups_as_seed_003_writes_it():
    tex = general_to_latex(general_preset("seed003"))
    # eq. (23) as 1 + 2/p*, eq. (33): (4 eta/p) rho_kl [1 + 2/p* - ...]
    assert r"\mathcal{R} = 1 + \frac{2}{p^{*}} - " in tex
    assert r"\frac{d\rho_{kl}}{d\alpha} = \frac{4 \eta}{p} \left(1 + \frac{2}{p^{*}}\right) \rho_{k l}" in tex
    assert r"\frac{p^{*} + 2}" not in tex and r"\left(p^{*} + 2\right)" not in tex


def test_concrete_gradient_coefficients_are_grouped_and_equal():
    system = derive_system(Model(p=2, pstar=1))
    tex = system_to_latex(system)
    # grad_{w_1} R = (1/N)[-4 rho_11 w*_1 + (3 Q_11 + Q_22 - 2) w_1 + 2 Q_12 w_2]
    assert r"\left(3 Q_{11} + Q_{22} - 2\right) \vec{w}_{1}" in tex
    coefficient = system.gradient[1].coefficients["w_1"] * system.model.weight_scale
    q11, q22 = sympy.symbols("Q_1_1 Q_2_2")
    assert sympy.expand(coefficient - (3 * q11 + q22 - 2)) == 0


def _settings_table(tex: str) -> str:
    start = tex.index(r"\begin{tabular}{lll}")
    return tex[start:tex.index(r"\end{tabular}", start)]


def test_documents_open_with_a_settings_table_in_mathematical_notation():
    concrete = system_to_latex(derive_system(preset("seed000", 2, 2, activation="z**2 + z/2")))
    general = general_to_latex(GeneralModel(noise_variance="symbolic", student_readout="diagonal"))
    for tex in (concrete, general):
        assert r"\verb|" not in tex and "eta = eta" not in tex
        table = _settings_table(tex)
        assert r"learning rate & $\eta$ & $\eta \ \text{(symbolic)}$" in table
        assert r"teacher width & $p^{*}$" in table and "pstar" not in table
    table = _settings_table(concrete)
    assert r"activation & $\sigma(z)$ & $z^{2} + \frac{z}{2}$" in table
    assert r"loss & $\ell$ & $\frac{1}{4} \left(y - \hat{y}\right)^{2}$" in table
    assert r"student width & $p$ & $2$" in table
    assert r"$T_{ll'} \ \text{(symbolic)}$" in table  # seed 000: a general teacher Gram
    table = _settings_table(general)
    assert r"label-noise variance & $\Delta$ & $\Delta$" in table
    assert r"student read-outs & $a_{k}$ & $a_{k} \ \text{(symbolic)}$" in table
    assert r"teacher read-outs & $v_{l}$ & $\frac{1}{p^{*}}$" in table
    seed003 = _settings_table(system_to_latex(derive_system(Model(p=6, pstar=3))))
    assert r"student read-outs & $a_{k}$ & $\frac{1}{6} = \frac{1}{p}$" in seed003
    assert r"$\vec{w}_{k} \cdot \vec{x} / \sqrt{N},\ \vec{w}^{*}_{l} \cdot \vec{x} / \sqrt{N}$" in seed003


def test_the_settings_table_names_a_teacher_activation_and_a_batch_only_when_they_apply():
    from quadwick.derive.concrete import derive_system
    from quadwick.derive.model import Model
    from quadwick.derive.render import system_to_latex

    plain = system_to_latex(derive_system(Model(p=1, pstar=1)))
    assert "teacher activation" not in plain and "samples per step" not in plain
    own = system_to_latex(derive_system(Model(p=1, pstar=1, teacher_activation="z**3 - 3*z", batch=4)))
    assert r"teacher activation & $\sigma^{*}(z)$ & $z^{3} - 3 z$" in own and r"samples per step & $B$ & $4$" in own
