"""LaTeX from sparse polynomials (derive/polylatex.py): SymPy's LaTeX of each term without building the terms, and
the LaTeX documents unchanged by it."""

import random

import pytest
import sympy
from sympy.polys.domains import QQ
from test_general import OPTIONS
from test_polytext import random_terms

from quadwick.derive.concrete import derive_system
from quadwick.derive.latex import terms_latex
from quadwick.derive.model import Model
from quadwick.derive.polylatex import polynomial_latex_terms
from quadwick.derive.render import _generator_latex, latex_symbol_names, system_to_latex


def sympy_terms(terms: dict, names: dict) -> list[str]:
    """terms_latex of the expression sum c * prod x^e, built and printed by SymPy."""
    expr = sympy.Add(*(sympy.Rational(int(c.numerator), int(c.denominator))
                       * sympy.Mul(*(sympy.Symbol(n) ** e for n, e in m)) for m, c in terms.items()))
    return terms_latex(expr, names)


def test_terms_are_sympys_latex():
    rng = random.Random(16)
    cases = [random_terms(rng) for _ in range(1500)]
    names = latex_symbol_names([])
    for terms in cases:
        names.update({sympy.Symbol(n): _generator_latex(n) for m in terms for n, _ in m if _generator_latex(n) != n})
    mismatches = [(t, polynomial_latex_terms(t, _generator_latex), sympy_terms(t, names)) for t in cases
                  if polynomial_latex_terms(t, _generator_latex) != sympy_terms(t, names)]
    assert not mismatches, mismatches[:3]
    # Negative control: the same terms with one coefficient doubled print differently.
    altered = [{**t, next(iter(t)): 2 * next(iter(t.values()))} for t in cases if any(t.values())]
    assert all(polynomial_latex_terms(a, _generator_latex) != sympy_terms(t, names) for a, t in zip(altered, cases))


def test_numbers_and_fractions_as_sympy_prints_them():
    name = {"x": "x", "Ndim": "N"}.get
    assert polynomial_latex_terms({(): QQ(-3)}, name) == ["-3"] == [sympy.latex(sympy.Integer(-3))]
    assert polynomial_latex_terms({(): QQ(-3, 2)}, name) == [r"- \frac{3}{2}"] == [sympy.latex(sympy.Rational(-3, 2))]
    assert polynomial_latex_terms({(("Ndim", -2),): QQ(1)}, name) == [r"\frac{1}{N^{2}}"]
    assert polynomial_latex_terms({(("x", 2),): QQ(-1)}, name) == ["- x^{2}"]


@pytest.mark.parametrize("options", [dict(), *OPTIONS.values()], ids=["default", *OPTIONS.keys()])
def test_documents_print_the_ode_and_risk_as_sympy_did(options):
    """The risk's and the ODEs' terms in the LaTeX document are SymPy's terms_latex of the expanded expressions."""
    system = derive_system(Model(p=2, pstar=2, **options))
    document = system_to_latex(system)
    model = system.model
    names = {s: _generator_latex(s.name) for s in system.risk.free_symbols | {model.eta}}
    names.update({s: _generator_latex(s.name) for e in system.ode.rhs.values() for s in e.free_symbols})
    expected = terms_latex(system.risk, names)
    for v in model.order_parameters:
        for part, power in ((system.ode.order_eta, 1), (system.ode.order_eta2, 2)):
            prefactor = model.readout_lr if model.learns_readouts and v in model.student_readout else model.eta**power
            if part[v] != 0:
                expected += terms_latex(sympy.expand(part[v] / prefactor), names)
    missing = [term for term in expected if term not in document]
    assert not missing, missing[:3]
