"""Every kernel (risk, ODE right-hand side, gradient, Hessian action) against Monte Carlo, within
5 standard errors at fixed seeds, sampling pre-activations or full inputs with explicit weights."""

from __future__ import annotations

import os

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from quadwick.derive.concrete import overlap_ode
from quadwick.derive.model import Model, q_symbol, rho_symbol
from quadwick.numerics import montecarlo as mc
from quadwick.numerics.kernels.derived import kernels
from quadwick.numerics.state import pack_state

SAMPLES = 200_000
SIGMAS = 5

MODELS = {
    "1-1": Model(p=1, pstar=1),
    "2-1": Model(p=2, pstar=1),
    "2-2": Model(p=2, pstar=2),
    "3-2": Model(p=3, pstar=2),
    "general-gram": Model(p=2, pstar=2, teacher_gram="general"),
    "unit-scaling-general": Model(p=2, pstar=1, teacher_gram="general", input_scaling="unit", loss_prefactor=sympy.Rational(1, 4)),
    "cubic-noise": Model(p=2, pstar=1, activation="z**3 - z/2 + 1", student_readout=[1, -2], teacher_readout=[3], noise_variance=sympy.Rational(1, 2)),
    # a He_3 teacher learned by a quadratic student; a quadratic student of a teacher with its own quadratic
    "he3-teacher": Model(p=2, pstar=1, activation="z**2", teacher_activation="z**3 - 3*z"),
    "own-teachers": Model(p=2, pstar=2, activation="z**2 + z/2", teacher_activation="z**2 - 1", noise_variance=sympy.Rational(1, 4)),
    "minibatch": Model(p=2, pstar=1, batch=3, noise_variance=sympy.Rational(1, 5)),
}


@pytest.fixture(scope="module")
def model_kernels(tmp_path_factory):
    """{model id: kernels}, compiled once into a private cache folder (NumPy without a compiler)."""
    previous = os.environ.get("QUADWICK_CACHE_DIR")
    os.environ["QUADWICK_CACHE_DIR"] = str(tmp_path_factory.mktemp("quadwick-cache"))
    yield {key: kernels(model) for key, model in MODELS.items()}
    if previous is None:
        del os.environ["QUADWICK_CACHE_DIR"]
    else:
        os.environ["QUADWICK_CACHE_DIR"] = previous


def random_weights(model: Model, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """W (p x N), W* (p* x N) with N = p + p* + 3; W* rows orthonormal (times s) when T = I."""
    dim = model.p + model.pstar + 3
    scale = np.sqrt(dim) if model.input_scaling == "sqrt_n" else 1.0
    basis, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    Wstar = scale * basis[: model.pstar]
    if model.teacher_gram == "general":
        Wstar = Wstar * rng.uniform(0.6, 1.3, (model.pstar, 1)) + 0.3 * scale * rng.standard_normal(Wstar.shape) / np.sqrt(dim)
    W = scale * rng.normal(0.0, 0.8, (model.p, dim)) / np.sqrt(dim)
    return W, Wstar


def agree(estimate: mc.Estimate, exact: np.ndarray) -> None:
    """|exact - estimate| <= 5 standard errors, entry by entry (plus rounding slack)."""
    exact = np.asarray(exact, dtype=float)
    assert exact.shape == estimate.value.shape
    deviation = np.abs(exact - estimate.value)
    bound = SIGMAS * estimate.stderr + 1e-10 * (1 + np.abs(exact))
    assert np.all(deviation <= bound), (exact, estimate.value, estimate.stderr)


def covariance(rho: np.ndarray, Q: np.ndarray, T: np.ndarray) -> np.ndarray:
    """[[T, rho^T], [rho, Q]]: the Gram matrix of the weight vectors (w*, w) over s^2."""
    return np.block([[T, rho.T], [rho, Q]])


def gradient_from_coefficients(G: np.ndarray, vectors: np.ndarray, scale: float) -> np.ndarray:
    """grad_{w_m} R = (1/s^2) sum_j G_mj a_j."""
    return G @ vectors / scale**2


def hessian_action_from_coefficients(D: np.ndarray, O: np.ndarray, vectors: np.ndarray, Z: np.ndarray, scale: float) -> np.ndarray:
    """(H Z)_m = sum_n [(1/s^2) D_mn Z_n + (1/s^4) sum_ij O_mnij a_i (a_j . Z_n)]."""
    return D @ Z / scale**2 + np.einsum("mnij,id,jn->md", O, vectors, vectors @ Z.T) / scale**4


def hessian_projections_from_coefficients(D: np.ndarray, O: np.ndarray, sigma: np.ndarray, C: np.ndarray) -> np.ndarray:
    """a_b . (H Z)_m for Z_n = sum_c C_nc a_c: sum_n D_mn (C Sigma)_nb + sum_nij O_mnij Sigma_ib (C Sigma)_nj."""
    CS = C @ sigma
    return D @ CS + np.einsum("mnij,ib,nj->mb", O, sigma, CS)


@settings(derandomize=True, deadline=None, max_examples=10)
@given(key=st.sampled_from(list(MODELS)), seed=st.integers(0, 2**32 - 1), eta=st.floats(0.05, 1.0))
def test_kernels_match_monte_carlo_in_both_sampling_modes(model_kernels, key, seed, eta):
    model, kernel = MODELS[key], model_kernels[key]
    rng = np.random.default_rng(seed)
    W, Wstar = random_weights(model, rng)
    rho, Q, T = mc.weight_overlaps(model, W, Wstar)
    sigma = covariance(rho, Q, T)
    assert np.linalg.eigvalsh(sigma).min() > 1e-6  # positive definite
    gram = T if model.teacher_gram == "general" else None
    state = pack_state(model, rho, Q)
    G = kernel.gradient_coefficients(state, gram)
    D, O = kernel.hessian_coefficients(state, gram)
    C = rng.normal(size=(model.p, model.p + model.pstar))
    vectors = np.vstack([Wstar, W])
    Z = C @ vectors + rng.normal(size=W.shape)  # partly outside the weights' span
    scale = np.sqrt(W.shape[1]) if model.input_scaling == "sqrt_n" else 1.0

    inputs = mc.input_draws(model, W, Wstar, SAMPLES, rng)
    for draws in (mc.preactivation_draws(model, rho, Q, SAMPLES, rng, T=gram), inputs):
        agree(mc.risk(model, draws), kernel.risk(state, gram))
        agree(mc.ode_rhs(model, draws, eta), kernel.rhs(state, eta, gram))
        agree(mc.gradient_projections(model, draws), G @ sigma)
        agree(mc.hessian_action_projections(model, draws, C), hessian_projections_from_coefficients(D, O, sigma, C))
    agree(mc.gradient(model, inputs), gradient_from_coefficients(G, vectors, scale))
    agree(mc.hessian_action(model, inputs, Z), hessian_action_from_coefficients(D, O, vectors, Z, scale))


@pytest.mark.parametrize("key", ["2-1", "cubic-noise"])
def test_ode_parts_match_the_concrete_route(key):
    """<F_k u_l>, <F_k lambda_j> and <F_k F_j> one by one, against the derived O(eta) and O(eta^2) parts."""
    model, eta = MODELS[key], 0.4
    rng = np.random.default_rng(5)
    W, Wstar = random_weights(model, rng)
    rho, Q, _ = mc.weight_overlaps(model, W, Wstar)
    values = {rho_symbol(k + 1, l + 1): rho[k, l] for k in range(model.p) for l in range(model.pstar)}
    values.update({q_symbol(k + 1, j + 1): Q[k, j] for k in range(model.p) for j in range(k, model.p)})
    values[model.eta] = eta
    ode = overlap_ode(model)
    draws = mc.input_draws(model, W, Wstar, SAMPLES, rng)
    teacher = mc.teacher_correlations(model, draws, eta)
    student = mc.student_correlations(model, draws, eta)
    amplitudes = mc.amplitude_correlations(model, draws, eta)
    agree(teacher, [[float(ode.rhs[rho_symbol(k, l)].subs(values)) for l in range(1, model.pstar + 1)] for k in range(1, model.p + 1)])
    for k in range(model.p):
        for j in range(k, model.p):
            linear = mc.Estimate(
                student.value[k, j] + student.value[j, k],
                # a conservative bound: the two correlations' errors added
                student.stderr[k, j] + student.stderr[j, k],
            )
            agree(linear, float(ode.order_eta[q_symbol(k + 1, j + 1)].subs(values)))
            agree(mc.Estimate(amplitudes.value[k, j], amplitudes.stderr[k, j]), float(ode.order_eta2[q_symbol(k + 1, j + 1)].subs(values)))


def test_weight_space_estimators_need_inputs():
    model = MODELS["2-1"]
    draws = mc.preactivation_draws(model, [[0.2], [0.1]], np.eye(2), 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="needs the inputs x"):
        mc.gradient(model, draws)
    with pytest.raises(ValueError, match="direction coordinates must have shape"):
        mc.hessian_action_projections(model, draws, np.zeros((2, 2)))


def test_weights_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match=r"expected W \(2, N\)"):
        mc.input_draws(MODELS["2-1"], np.zeros((3, 4)), np.zeros((1, 4)), 10, np.random.default_rng(0))


def test_non_psd_overlaps_are_refused():
    with pytest.raises(ValueError, match="not positive semidefinite"):
        mc.preactivation_draws(MODELS["1-1"], [[2.0]], [[1.0]], 10, np.random.default_rng(0))


def test_the_minibatch_ode_matches_monte_carlo_and_the_single_sample_one_does_not(model_kernels):
    """B = 3: the kernels' right-hand side agrees with Monte Carlo of <F lambda> + <lambda F> + <F F>/B within 5
    standard errors; the same draws read as single samples (B = 1) are far off in the Q entries (negative control)."""
    model = MODELS["minibatch"]
    rho, Q, eta = np.array([[0.3], [-0.2]]), np.array([[1.0, 0.2], [0.2, 0.8]]), 1.0
    draws = mc.preactivation_draws(model, rho, Q, SAMPLES, np.random.default_rng(1))
    exact = model_kernels["minibatch"].rhs(pack_state(model, rho, Q), eta)
    agree(mc.ode_rhs(model, draws, eta), exact)
    single = mc.ode_rhs(Model(p=2, pstar=1, noise_variance=model.noise_variance), draws, eta)
    assert np.max(np.abs(single.value - exact)[2:] / single.stderr[2:]) > 10 * SIGMAS
