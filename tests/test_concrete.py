"""The concrete route against Monte Carlo, against exact differentiation in weight space,
and against itself (the O(eta) ODE is the gradient flow of the derived risk)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from quadwick.derive.concrete import derive_system, hessian_blocks, overlap_ode, population_risk, risk_gradient
from quadwick.derive.model import N_SYMBOL, Model, q_symbol, rho_symbol, t_symbol
from quadwick.numerics.montecarlo import overlap_expectations

MC_SAMPLES = 400_000
SIGMAS = 5  # agreement within 5 standard errors


def random_overlaps(model: Model, rng: np.random.Generator, general_gram: bool = False):
    """Overlaps of random weights: teacher rows orthonormal (T = I) unless general_gram."""
    dim = model.p + model.pstar + 2
    basis, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    teacher = basis[: model.pstar] * (rng.uniform(0.5, 1.5, (model.pstar, 1)) if general_gram else 1.0)
    if general_gram:
        teacher = teacher + 0.3 * rng.standard_normal(teacher.shape)
    student = rng.normal(0.0, 0.6, (model.p, dim))
    return student @ teacher.T, student @ student.T, teacher @ teacher.T


def substitution(model: Model, rho, Q, T) -> dict:
    values = {rho_symbol(k + 1, l + 1): rho[k, l] for k in range(model.p) for l in range(model.pstar)}
    values.update({q_symbol(k + 1, j + 1): Q[k, j] for k in range(model.p) for j in range(k, model.p)})
    values.update({t_symbol(l + 1, m + 1): T[l, m] for l in range(model.pstar) for m in range(l, model.pstar)})
    return values


def check_against_monte_carlo(model: Model, seed: int, eta: float = 0.3) -> None:
    rng = np.random.default_rng(seed)
    general = model.teacher_gram == "general"
    rho, Q, T = random_overlaps(model, rng, general_gram=general)
    values = substitution(model, rho, Q, T)
    values[model.eta] = eta
    estimates = overlap_expectations(model, rho, Q, eta, MC_SAMPLES, rng, T=T if general else None)
    ode = overlap_ode(model)

    def agree(exact_expr, estimate, index=()):
        exact = float(exact_expr.subs(values))
        value, error = float(estimate.value[index]), float(estimate.stderr[index])
        assert abs(exact - value) <= SIGMAS * error + 1e-12, (exact_expr, exact, value, error)

    agree(population_risk(model), estimates["risk"])
    for k, l in itertools.product(range(model.p), range(model.pstar)):
        agree(ode.rhs[rho_symbol(k + 1, l + 1)], estimates["drho"], (k, l))
    for k in range(model.p):
        for j in range(k, model.p):
            agree(ode.order_eta[q_symbol(k + 1, j + 1)], estimates["dQ_eta"], (k, j))
            agree(ode.order_eta2[q_symbol(k + 1, j + 1)], estimates["dQ_eta2"], (k, j))


@settings(derandomize=True, deadline=None, max_examples=6)
@given(widths=st.sampled_from([(1, 1), (2, 1), (1, 2), (2, 2), (3, 2)]), seed=st.integers(0, 2**31))
def test_default_model_matches_monte_carlo(widths, seed):
    check_against_monte_carlo(Model(p=widths[0], pstar=widths[1]), seed)


@pytest.mark.parametrize(
    "model",
    [
        Model(p=2, pstar=2, teacher_gram="general"),
        Model(p=2, pstar=1, activation="z**3 - z/2 + 1", student_readout=[1, -2], teacher_readout=[3]),
        Model(p=2, pstar=1, noise_variance=sympy.Rational(1, 2), loss_prefactor=sympy.Rational(1, 4)),
        Model(p=1, pstar=2, activation="2*z**2 + z + 0.5", teacher_gram="general"),
    ],
    ids=["general-gram", "cubic-activation", "label-noise", "affine-quadratic"],
)
def test_model_options_match_monte_carlo(model):
    check_against_monte_carlo(model, seed=20261123)


def test_label_noise_enters_as_its_variance():
    clean, noisy = Model(p=2, pstar=1), Model(p=2, pstar=1, noise_variance="symbolic")
    delta = sympy.Symbol("Delta")
    assert sympy.expand(population_risk(noisy) - population_risk(clean)) == delta
    difference = overlap_ode(noisy).order_eta2[q_symbol(1, 2)] - overlap_ode(clean).order_eta2[q_symbol(1, 2)]
    # <F_1 F_2> gains 16 eta^2 a_1 a_2 Delta Q_12 with a = 1/2.
    assert sympy.expand(difference - 4 * model_eta() ** 2 * delta * q_symbol(1, 2)) == 0
    assert overlap_ode(noisy).order_eta == overlap_ode(clean).order_eta


def model_eta() -> sympy.Symbol:
    return Model(p=1, pstar=1).eta


# -- weight space: exact differentiation of R(W) for a small input dimension -------------------


def weight_space_setup(model: Model, dim: int):
    """Symbolic student and teacher weights, the overlaps they imply, and R(W)."""
    W = sympy.Matrix(model.p, dim, lambda k, i: sympy.Symbol(f"W_{k}_{i}"))
    Ws = sympy.Matrix(model.pstar, dim, lambda l, i: sympy.Symbol(f"S_{l}_{i}"))
    scale = dim if model.input_scaling == "sqrt_n" else 1
    overlaps = {rho_symbol(k + 1, l + 1): (W[k, :] * Ws[l, :].T)[0] / scale for k in range(model.p) for l in range(model.pstar)}
    overlaps.update({q_symbol(k + 1, j + 1): (W[k, :] * W[j, :].T)[0] / scale for k in range(model.p) for j in range(model.p)})
    overlaps.update({t_symbol(l + 1, m + 1): (Ws[l, :] * Ws[m, :].T)[0] / scale for l in range(model.pstar) for m in range(model.pstar)})
    overlaps[N_SYMBOL] = dim
    vectors = {f"w_{k + 1}": W[k, :] for k in range(model.p)}
    vectors.update({f"wstar_{l + 1}": Ws[l, :] for l in range(model.pstar)})
    risk = population_risk(model).subs(overlaps, simultaneous=True)
    return W, vectors, overlaps, risk


@pytest.mark.parametrize("scaling", ["sqrt_n", "unit"])
@pytest.mark.parametrize("widths", [(2, 1), (1, 2)])
def test_gradient_and_hessian_equal_exact_derivatives(scaling, widths):
    model = Model(p=widths[0], pstar=widths[1], teacher_gram="general", input_scaling=scaling)
    dim = 3
    W, vectors, overlaps, risk = weight_space_setup(model, dim)
    gradient, blocks = risk_gradient(model), hessian_blocks(model)
    for m in range(model.p):
        derived = sum((c.subs(overlaps, simultaneous=True) * vectors[a] for a, c in gradient[m + 1].coefficients.items()), sympy.zeros(1, dim))
        exact = sympy.Matrix([[sympy.diff(risk, W[m, i]) for i in range(dim)]])
        assert sympy.expand(derived - exact) == sympy.zeros(1, dim)
    for m, n in itertools.product(range(model.p), repeat=2):
        block = blocks[(m + 1, n + 1)]
        derived = block.identity.subs(overlaps, simultaneous=True) * sympy.eye(dim)
        for (a, b), c in block.outer.items():
            derived += c.subs(overlaps, simultaneous=True) * vectors[a].T * vectors[b]
        exact = sympy.Matrix(dim, dim, lambda i, j: sympy.diff(risk, W[m, i], W[n, j]))
        assert sympy.expand(derived - exact) == sympy.zeros(dim, dim)


@pytest.mark.parametrize("model", [Model(p=3, pstar=2), Model(p=2, pstar=2, teacher_gram="general", activation="z**2 + z")])
def test_order_eta_ode_is_gradient_flow_of_the_risk(model):
    """E[delta w_k] = -eta grad_{w_k} R, so the O(eta) ODE is the overlaps' gradient flow:
    d rho_kl/d alpha = -eta s^2 grad_k . w*_l / s^2 summed over the gradient's vectors."""
    ode, gradient = overlap_ode(model), risk_gradient(model)

    def overlap(a: str, b: str) -> sympy.Expr:
        (ha, ia), (hb, ib) = a.split("_"), b.split("_")
        if ha == "w" and hb == "w":
            return q_symbol(int(ia), int(ib))
        if ha == "w":
            return rho_symbol(int(ia), int(ib))
        if hb == "w":
            return rho_symbol(int(ib), int(ia))
        return model.T[int(ia) - 1, int(ib) - 1]

    def flow(k: int, target: str) -> sympy.Expr:
        return -model.eta * N_SYMBOL * sum(c * overlap(a, target) for a, c in gradient[k].coefficients.items())

    for k in range(1, model.p + 1):
        for l in range(1, model.pstar + 1):
            assert sympy.expand(ode.order_eta[rho_symbol(k, l)] - flow(k, f"wstar_{l}")) == 0
        for j in range(k, model.p + 1):
            expected = flow(k, f"w_{j}") + flow(j, f"w_{k}")
            assert sympy.expand(ode.order_eta[q_symbol(k, j)] - expected) == 0


def test_system_is_deterministic_text():
    first = derive_system(Model(p=2, pstar=2))
    second = derive_system(Model(p=2, pstar=2))
    assert str(first.risk) == str(second.risk)
    assert [str(e) for e in first.ode.rhs.values()] == [str(e) for e in second.ode.rhs.values()]


def test_a_batch_of_b_samples_divides_only_the_order_eta2_term_by_b():
    """<F F^T> of the mean amplitude over B samples: the O(eta) drift is unchanged, the O(eta^2) term is 1/B."""
    from quadwick.derive.concrete import overlap_ode
    from quadwick.derive.model import Model

    one, four = overlap_ode(Model(p=2, pstar=1)), overlap_ode(Model(p=2, pstar=1, batch=4))
    assert all(sympy.expand(four.order_eta[key] - one.order_eta[key]) == 0 for key in one.order_eta)
    assert all(sympy.expand(4 * four.order_eta2[key] - one.order_eta2[key]) == 0 for key in one.order_eta2)
    assert any(one.order_eta2[key] != 0 for key in one.order_eta2)  # the comparison is not 0 = 0
    with pytest.raises(ValueError, match="batch size B must be a positive integer"):
        Model(p=1, pstar=1, batch=0)
