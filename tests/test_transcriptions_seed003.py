"""Sanity tests of the seed-003 transcriptions (numerics/papers/seed003/transcription.py).

These check the transcriptions against the paper's text and against hand evaluations of the printed LaTeX
only; they never compare with quadwick's own derivation (disagreements with it are findings, not bugs).
"""

import re

import pytest
import sympy as sp

from quadwick.numerics.papers.seed003 import transcription as s
from quadwick.numerics.papers.seeds import seed_path

SEED_PATH = seed_path(s.SEED_FILE)
ETA = sp.Symbol("eta")
WIDTHS = [(1, 1), (2, 1), (1, 2), (3, 2), (4, 3)]


def _squash(text):
    return re.sub(r"\s+", " ", text).strip()


def _zero(expr):
    return sp.expand(expr) == 0


Q, rho = s.Q_symbol, s.rho_symbol


# --- quotes and provenance ---------------------------------------------------------------------------------


def test_quotes_cover_the_transcribed_equations():
    assert set(s.QUOTES) == {"23", "24", "25", "33", "34"}
    for number, quote in s.QUOTES.items():
        assert f"({number})" in quote, number


@pytest.mark.skipif(SEED_PATH is None, reason="seed texts not found (set QUADWICK_SEEDS to the seeds folder)")
def test_quotes_are_verbatim_substrings_of_the_seed():
    seed = _squash(SEED_PATH.read_text(encoding="utf-8"))
    for number, quote in s.QUOTES.items():
        assert _squash(quote) in seed, f"quote for eq. ({number}) not found in the seed file"


@pytest.mark.parametrize(
    "function, number",
    [
        (s.risk_eq23, "23"),
        (s.gradient_eq24, "24"),
        (s.hessian_eq25, "25"),
        (s.ode_rho_eq33, "33"),
        (s.ode_Q_eq34, "34"),
    ],
)
def test_docstrings_cite_the_equation(function, number):
    doc = function.__doc__
    assert f"003 eq. ({number})" in doc
    assert f"({number})" in doc and "\\" in doc  # carries the LaTeX with its label


# --- symbol conventions and input validation ---------------------------------------------------------------


def test_symbols_are_plain_and_q_is_symmetric():
    assert Q(2, 1) is Q(1, 2) and Q(2, 1).name == "Q_1_2"
    assert rho(3, 1).name == "rho_3_1"
    assert Q(1, 2) == sp.Symbol("Q_1_2")  # no assumptions attached
    assert s.ETA == ETA


@pytest.mark.parametrize("bad", [0, -1, 1.5, 2.0, "2", None, True])
@pytest.mark.parametrize(
    "function", [s.risk_eq23, s.gradient_eq24, s.hessian_eq25, s.ode_rho_eq33, s.ode_Q_eq34]
)
def test_bad_widths_are_rejected(function, bad):
    with pytest.raises(ValueError):
        function(bad, 1)
    with pytest.raises(ValueError):
        function(1, bad)


# --- eq. (23) -------------------------------------------------------------------------------------------


def test_risk_p1_pstar1_by_hand():
    # (p*+2)/p* = 3, -2 Q_11, -4 rho_11^2, 3 Q_11^2, no k < k' pairs.
    expected = 3 - 2 * Q(1, 1) - 4 * rho(1, 1) ** 2 + 3 * Q(1, 1) ** 2
    assert _zero(s.risk_eq23(1, 1) - expected)


def test_risk_p2_pstar3_by_hand():
    expected = (
        sp.Rational(5, 3)
        - (Q(1, 1) + Q(2, 2))
        - sp.Rational(2, 3) * sum(rho(k, l) ** 2 for k in (1, 2) for l in (1, 2, 3))
        + sp.Rational(1, 4)
        * (3 * Q(1, 1) ** 2 + 3 * Q(2, 2) ** 2 + 2 * (Q(1, 1) * Q(2, 2) + 2 * Q(1, 2) ** 2))
    )
    assert _zero(s.risk_eq23(2, 3) - expected)


@pytest.mark.parametrize("p, pstar", WIDTHS)
def test_risk_uses_only_overlap_symbols(p, pstar):
    expected = {Q(k, j) for k in range(1, p + 1) for j in range(k, p + 1)}
    expected |= {rho(k, l) for k in range(1, p + 1) for l in range(1, pstar + 1)}
    assert s.risk_eq23(p, pstar).free_symbols <= expected
    # at tabula rasa the risk is (p* + 2)/p*
    at_zero = s.risk_eq23(p, pstar).subs({x: 0 for x in expected})
    assert at_zero == sp.Rational(pstar + 2, pstar)


# --- eq. (24) -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("p, pstar", WIDTHS)
def test_gradient_keys(p, pstar):
    grad = s.gradient_eq24(p, pstar)
    assert set(grad) == set(range(1, p + 1))
    vectors = {f"w_{k}" for k in range(1, p + 1)} | {f"wstar_{l}" for l in range(1, pstar + 1)}
    for m in grad:
        assert set(grad[m]) == vectors


def test_gradient_p2_pstar1_by_hand():
    # G_1 = -2 [w_1 + 2 rho_11 w*_1 - 1/2 (Q_11 w_1 + Q_22 w_1 + 2 Q_11 w_1 + 2 Q_12 w_2)]
    g = s.gradient_eq24(2, 1)[1]
    assert _zero(g["w_1"] - (-2 + 3 * Q(1, 1) + Q(2, 2)))
    assert _zero(g["w_2"] - 2 * Q(1, 2))
    assert _zero(g["wstar_1"] + 4 * rho(1, 1))


# --- eq. (25) -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("p, pstar", WIDTHS)
def test_hessian_keys(p, pstar):
    hess = s.hessian_eq25(p, pstar)
    K = range(1, p + 1)
    assert set(hess) == {(m, n) for m in K for n in K}
    for (m, n), block in hess.items():
        if m == n:
            expected = {"I_N"} | {(f"w_{k}", f"w_{k}") for k in K}
            expected |= {(f"wstar_{l}", f"wstar_{l}") for l in range(1, pstar + 1)}
        else:
            expected = {"I_N", (f"w_{n}", f"w_{m}"), (f"w_{m}", f"w_{n}")}
        assert set(block) == expected, (m, n)
        assert all(not _zero(c) for c in block.values())


@pytest.mark.parametrize("p, pstar", WIDTHS)
def test_hessian_coefficients_by_hand(p, pstar):
    P, Ps = sp.Integer(p), sp.Integer(pstar)
    trace_Q = sum(Q(k, k) for k in range(1, p + 1))
    hess = s.hessian_eq25(p, pstar)
    for (m, n), block in hess.items():
        if m == n:
            # -4/p * [-2/p (Q_mm I + 2 w_m w_m^T) + (1 - trQ/p) I + 2/p* sum w* w*^T - 2/p sum w w^T]
            assert _zero(block["I_N"] - (8 / P**2 * Q(m, m) - 4 / P * (1 - trace_Q / P)))
            assert block[(f"w_{m}", f"w_{m}")] == 24 / P**2
            for k in range(1, p + 1):
                if k != m:
                    assert block[(f"w_{k}", f"w_{k}")] == 8 / P**2
            assert block[("wstar_1", "wstar_1")] == -8 / (P * Ps)
        else:
            assert _zero(block["I_N"] - 8 / P**2 * Q(m, n))
            assert block[(f"w_{n}", f"w_{m}")] == 8 / P**2


# --- eq. (33) -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("p, pstar", WIDTHS)
def test_rho_ode_keys(p, pstar):
    odes = s.ode_rho_eq33(p, pstar)
    assert len(odes) == p * pstar
    assert set(odes) == {rho(k, l) for k in range(1, p + 1) for l in range(1, pstar + 1)}
    for value in odes.values():
        assert _zero(value.subs(ETA, 0))
        assert ETA not in sp.expand(value / ETA).free_symbols


def test_rho_ode_p1_and_p2_by_hand():
    assert _zero(s.ode_rho_eq33(1, 1)[rho(1, 1)] - 4 * ETA * rho(1, 1) * (3 - 3 * Q(1, 1)))
    # p = 2, p* = 1: the r != k sums keep only r = 2 for k = 1
    expected = 2 * ETA * rho(1, 1) * (3 - (Q(2, 2) + 3 * Q(1, 1)) / 2) - 2 * ETA * Q(1, 2) * rho(2, 1)
    assert _zero(s.ode_rho_eq33(2, 1)[rho(1, 1)] - expected)


# --- eq. (34) -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("p, pstar", WIDTHS)
def test_q_ode_keys_and_orders(p, pstar):
    order_eta, order_eta2 = s.ode_Q_eq34(p, pstar)
    keys = {Q(k, j) for k in range(1, p + 1) for j in range(k, p + 1)}
    assert len(order_eta) == len(order_eta2) == p * (p + 1) // 2
    assert set(order_eta) == set(order_eta2) == keys
    for key in keys:
        first, second = sp.expand(order_eta[key]), sp.expand(order_eta2[key])
        assert not _zero(first) and not _zero(second)
        assert ETA not in sp.expand(first / ETA).free_symbols
        assert ETA not in sp.expand(second / ETA**2).free_symbols


def test_q_ode_p1_pstar1_by_hand():
    order_eta, order_eta2 = s.ode_Q_eq34(1, 1)
    q, r = Q(1, 1), rho(1, 1)
    # 8 eta Q [1 - 3Q] + 16 eta rho^2, the r != k sums are empty at p = 1
    assert _zero(order_eta[q] - (8 * ETA * q * (1 - 3 * q) + 16 * ETA * r**2))
    # 16 eta^2 {Q[3 - Q^2 - rho^2] + 12 rho^2 + 4 Q^3 + 8 Q^3 - 4 Q^2 - 4 Q rho^2 - 16 Q rho^2}
    braces = q * (3 - q**2 - r**2) + 12 * r**2 + 12 * q**3 - 4 * q**2 - 20 * q * r**2
    assert _zero(order_eta2[q] - 16 * ETA**2 * braces)


def test_q_ode_first_order_p2_off_diagonal_by_hand():
    order_eta, _ = s.ode_Q_eq34(2, 1)
    q11, q12, q22 = Q(1, 1), Q(1, 2), Q(2, 2)
    expected = (
        4 * ETA * q12 * (1 - (2 * q11 + 2 * q22) / 2)
        + 8 * ETA * rho(1, 1) * rho(2, 1)
        - 2 * ETA * q12 * q22  # r != 1: r = 2, Q_21 Q_22
        - 2 * ETA * q11 * q12  # r != 2: r = 1, Q_11 Q_12
    )
    assert _zero(order_eta[q12] - expected)
