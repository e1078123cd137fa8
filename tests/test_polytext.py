"""Printing from sparse polynomials (derive/polytext.py, derive/sparse.py): SymPy's text without SymPy's printer,
each value printed once, and one text for one model whichever route derived it."""

import json
import random

import pytest
import sympy
from sympy.parsing.sympy_parser import parse_expr
from sympy.polys.domains import QQ
from test_general import OPTIONS

from quadwick.derive.derivation import derivation
from quadwick.derive.model import Model
from quadwick.derive.polytext import items_text, polynomial_items, polynomial_text

NAMES = ["Delta", "Ndim", "Q_1_1", "Q_1_10", "Q_1_2", "T_1_2", "a_1", "eta", "rho_1_1", "v_1"]
OUTER = ("eta", "Ndim")


def random_terms(rng: random.Random) -> dict:
    """A few terms over NAMES (Ndim only in denominators), often short, so that lone powers, constants and
    one-term groups come up."""
    terms = {}
    for _ in range(rng.choice([1, 1, 2, 2, 3, 6])):
        density = rng.choice([0.05, 0.15, 0.3])
        monomial = tuple((name, rng.choice([1, 1, 2, 3]) * (-1 if name == "Ndim" else 1))
                         for name in NAMES if rng.random() < density)
        terms[monomial] = QQ(rng.choice([1, -1, 2, -3, 5]), rng.choice([1, 1, 2, 3]))
    return terms


def sympy_reference(terms: dict) -> str:
    """str() of sum_g g * P_g, built and printed by SymPy."""
    groups: dict = {}
    for monomial, c in terms.items():
        g = sympy.Mul(*(sympy.Symbol(n) ** e for n, e in monomial if n in OUTER))
        rest = sympy.Mul(*(sympy.Symbol(n) ** e for n, e in monomial if n not in OUTER))
        groups[g] = groups.get(g, 0) + sympy.Rational(int(c.numerator), int(c.denominator)) * rest
    return str(sympy.Add(*(g * p for g, p in groups.items())))


def test_text_is_sympys_text_of_the_grouped_sum():
    rng = random.Random(15)
    cases = [random_terms(rng) for _ in range(1500)]
    mismatches = [(polynomial_text(t, OUTER), sympy_reference(t)) for t in cases if polynomial_text(t, OUTER) != sympy_reference(t)]
    assert not mismatches, mismatches[:3]
    # Negative control: without the grouping, the same terms print differently wherever a group has two terms.
    grouped = [t for t in cases if polynomial_text(t) != polynomial_text(t, OUTER)]
    assert grouped and all(polynomial_text(t) != sympy_reference(t) for t in grouped)


def test_sympys_special_cases():
    """A lone negative power prints as SymPy prints a Pow, and a positive constant leads a one-factor negative term."""
    assert polynomial_text({(("Ndim", -2),): 1}) == str(sympy.Symbol("Ndim") ** -2) == "Ndim**(-2)"
    assert polynomial_text({(("Ndim", -1),): 1}) == "1/Ndim"
    assert polynomial_text({(): QQ(5, 2), (("v_1", 3),): QQ(-1, 3)}) == "5/2 - v_1**3/3"
    assert polynomial_text({(): QQ(5, 2), (("v_1", 3), ("x", 1)): QQ(-1, 3)}) == "-v_1**3*x/3 + 5/2"
    assert polynomial_text({(("x", 1),): 0}) == "0"


def test_sums_of_disjoint_parts_print_as_one():
    eta1 = {(("Q_1_1", 1), ("eta", 1)): 2, (("eta", 1),): -1}
    eta2 = {(("eta", 2), ("rho_1_1", 2)): 3, (("Q_1_1", 1), ("eta", 2)): 1}
    combined = items_text(polynomial_items(eta1, OUTER), polynomial_items(eta2, OUTER))
    assert combined == polynomial_text({**eta1, **eta2}, OUTER) == "eta**2*(Q_1_1 + 3*rho_1_1**2) + eta*(2*Q_1_1 - 1)"


def outputs(model: Model, route: str) -> dict[str, str]:
    chosen = derivation(model, route)
    return {format: chosen.render(format) for format in ("json", "text")}


MODELS = {"default": dict(), **OPTIONS}


@pytest.mark.parametrize("options", MODELS.values(), ids=MODELS.keys())
def test_both_routes_print_the_same_bytes(options):
    model = Model(p=3, pstar=2, **options)
    concrete = outputs(model, "concrete")
    assert outputs(model, "general") == concrete
    # Negative control: another model prints other bytes.
    assert outputs(Model(p=3, pstar=1, **options), "general")["json"] != concrete["json"]


@pytest.mark.parametrize("options", MODELS.values(), ids=MODELS.keys())
def test_json_reads_back_exactly(options):
    """Every string reads back as the derived expression; with one sample per step (B = 1) the text is also the
    bytes SymPy printed before (the concrete route built eta*(...) and (...)/Ndim: one prefactor times a sum)."""
    model = Model(p=2, pstar=2, **options)
    data = json.loads(derivation(model).render("json"))
    system = derivation(model).system
    symbols = {s.name: s for s in system.model.order_parameters}
    read = {"ode": system.ode.rhs, "ode_order_eta": system.ode.order_eta, "ode_order_eta2": system.ode.order_eta2}
    pairs = [(data["risk"], system.risk)]
    pairs += [(data[part][name], values[symbols[name]]) for part, values in read.items() for name in data[part]]
    pairs += [(data["gradient"][f"grad_w_{m}"][a], c) for m, g in system.gradient.items() for a, c in g.coefficients.items()]
    pairs += [(data["hessian_blocks"][f"H_{m}_{n}"]["I_N"], b.identity) for (m, n), b in system.hessian_blocks.items()]
    assert all(sympy.expand(parse_expr(text) - expr) == 0 for text, expr in pairs)
    if model.batch == 1:
        assert [text for text, _ in pairs] == [str(expr) for _, expr in pairs]
    else:
        # eta**2*(...)/3 before; the 1/B now goes inside the one sum that follows eta**2.
        before = str(system.ode.order_eta2[symbols["Q_1_1"]])
        assert before.startswith("eta**2*(") and before.endswith(")/3")
        assert data["ode_order_eta2"]["Q_1_1"].startswith("eta**2*(") and data["ode_order_eta2"]["Q_1_1"].endswith(")")


def test_values_with_irrational_coefficients_are_printed_by_sympy():
    """A read-out sqrt(2) (possible from Python) has no rational terms: its values print as SymPy prints them."""
    model = Model(p=1, pstar=1, student_readout=sympy.sqrt(2))
    system = derivation(model).system
    assert system.sparse_risk.terms() is None
    data = json.loads(derivation(model).render("json"))
    assert data["risk"] == str(system.risk) and "sqrt(2)" in data["risk"]
    assert data["ode"]["Q_1_1"] == str(system.ode.rhs[sympy.Symbol("Q_1_1")])
