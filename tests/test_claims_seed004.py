"""Seed 004 claims: independent numerical spot checks (quotes and verdicts: tests/test_claims.py).

The spot checks do not use the engine: Monte Carlo over inputs X ~ N(0, I_d) (numerics.montecarlo), finite
differences, numpy eigenvalues and the Vandermonde product of the proof of Theorem 2.8.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from quadwick.numerics import montecarlo
from quadwick.numerics.papers.seed004 import claims as seed004
from quadwick.numerics.papers.seed004 import engine as paper
from quadwick.numerics.papers.seed004 import transcription as t004

MC_SAMPLES = 400_000


# -- independent evaluations --------------------------------------------------------------------------


def _spectral(W: np.ndarray, Wstar: np.ndarray) -> float:
    """The transcription 2 sum lambda^2 + (sum lambda)^2 at numpy's eigenvalues of W^T W - W*^T W*."""
    return float(t004.spectral_risk(list(np.linalg.eigvalsh(W.T @ W - Wstar.T @ Wstar))))


def _monte_carlo_risk(W: np.ndarray, Wstar: np.ndarray, seed: int) -> montecarlo.Estimate:
    """E[(f(W*; X) - f(W; X))^2] over X ~ N(0, I_d), sampled."""
    model = paper.model(W.shape[0])
    draws = montecarlo.input_draws(model, W, Wstar, MC_SAMPLES, np.random.default_rng(seed))
    return montecarlo.risk(model, draws)


def _sigma_min(Wstar: np.ndarray) -> float:
    return float(np.linalg.svd(Wstar, compute_uv=False)[-1])


@pytest.mark.parametrize("m, d", [(3, 2), (4, 3)])
def test_spectral_form_matches_monte_carlo(m, d):
    """004-spectral: the transcription at random W, W* within 5 standard errors of a Monte Carlo estimate."""
    rng = np.random.default_rng(m + 10 * d)
    W, Wstar = rng.normal(size=(m, d)), rng.normal(size=(m, d))
    estimate = _monte_carlo_risk(W, Wstar, seed=1)
    assert abs(_spectral(W, Wstar) - estimate.value) < 5 * estimate.stderr


def test_vieta_form_of_the_transcription_matches_numpy_eigenvalues():
    """The exact helper of 004-spectral (via the characteristic polynomial) equals the formula at eigvalsh."""
    rng = np.random.default_rng(3)
    A = sp.Matrix(rng.integers(-5, 6, (3, 3)))
    A = A + A.T
    eigenvalues = np.linalg.eigvalsh(np.array(A, dtype=float))
    expected = 2 * np.sum(eigenvalues**2) + np.sum(eigenvalues) ** 2
    assert float(seed004.spectral_form_at(A)) == pytest.approx(expected, rel=1e-12)


def test_orbit_has_zero_risk_sample_by_sample_and_off_orbit_does_not():
    """004-thm2.1a: f(Q W*; x) = f(W*; x) for every sampled x; a W off the orbit has risk > 10 standard errors."""
    rng = np.random.default_rng(21)
    Wstar = rng.normal(size=(3, 2))
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    model = paper.model(3)
    draws = montecarlo.input_draws(model, Q @ Wstar, Wstar, 10_000, rng)
    assert np.max(np.abs(np.sum(draws.u**2, axis=1) - np.sum(draws.lam**2, axis=1))) < 1e-10 * np.max(draws.u**2)
    off = _monte_carlo_risk(Wstar + 0.1 * rng.normal(size=(3, 2)), Wstar, seed=2)
    assert off.value > 10 * off.stderr


def test_construction_of_21c_by_the_numpy_route_has_risk_three_sigma4():
    """004-thm2.1c: paper.construction_c (numpy) at a Gaussian W*: rank d - 1, Monte Carlo risk = 3 sigma_min^4."""
    rng = np.random.default_rng(4)
    Wstar = rng.normal(size=(4, 3))
    W = paper.construction_c(Wstar)
    estimate = _monte_carlo_risk(W, Wstar, seed=5)
    assert np.linalg.matrix_rank(W) == 2
    assert abs(estimate.value - 3 * _sigma_min(Wstar) ** 4) < 5 * estimate.stderr


def test_transcribed_construction_has_the_gram_of_the_numpy_route():
    """construction_c_weights (SymPy, transcription) and paper.construction_c (numpy) give one W^T W."""
    Wstar, eigenvalues, V = seed004._rational_teacher(4, 3)
    transcribed = np.array(t004.construction_c_weights(eigenvalues, V, 4).evalf(), dtype=float)
    numeric = paper.construction_c(np.array(Wstar, dtype=float))
    assert np.allclose(transcribed.T @ transcribed, numeric.T @ numeric, atol=1e-12)


def test_rank_deficient_minimum_by_monte_carlo():
    """004-thm2.1b finding: the explicit rank-(d-1) W has risk 2 sigma^4 (d+2)/(d+1), above 2 sigma^4 beyond noise."""
    rng = np.random.default_rng(6)
    Wstar = rng.normal(size=(3, 2))
    W = paper.rank_deficient_minimizer(Wstar)
    estimate = _monte_carlo_risk(W, Wstar, seed=7)
    sigma4 = _sigma_min(Wstar) ** 4
    assert np.linalg.matrix_rank(W) == 1
    assert abs(estimate.value - 2 * sigma4 * 4 / 3) < 5 * estimate.stderr
    assert estimate.value - 2 * sigma4 > 10 * estimate.stderr


def _finite_difference_gradient(W: np.ndarray, Wstar: np.ndarray, step: float = 1e-5) -> np.ndarray:
    """Central differences of the spectral formula (numpy eigenvalues) in every entry of W."""
    G = np.zeros_like(W)
    for index in np.ndindex(*W.shape):
        E = np.zeros_like(W)
        E[index] = step
        G[index] = (_spectral(W + E, Wstar) - _spectral(W - E, Wstar)) / (2 * step)
    return G


def test_eq3_is_minus_a_quarter_of_the_finite_difference_gradient():
    """004-eq3: -4 (left - right side of eq. (3)) equals finite differences of L at a random point."""
    rng = np.random.default_rng(8)
    W, Wstar = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    eq3 = np.array(t004.stationarity_eq3(sp.Matrix(W), sp.Matrix(Wstar)), dtype=float)
    assert np.allclose(-4 * eq3, _finite_difference_gradient(W, Wstar), rtol=1e-6, atol=1e-6)


def test_rank_deficient_saddle_independently():
    """004-thm2.3-remark (refuted): at the rank-(d-1) minimiser the finite-difference gradient vanishes, L > 0 beyond
    Monte Carlo noise, and L decreases along the missing direction: a rank-deficient saddle point."""
    rng = np.random.default_rng(9)
    Wstar = rng.normal(size=(4, 3))
    W = paper.rank_deficient_minimizer(Wstar)
    assert np.max(np.abs(_finite_difference_gradient(W, Wstar))) < 1e-5 * (1 + _spectral(W, Wstar))
    estimate = _monte_carlo_risk(W, Wstar, seed=10)
    assert estimate.value > 10 * estimate.stderr
    missing = np.linalg.svd(W)[2][-1]                     # the null direction of W
    step = np.zeros_like(W)
    step[-1] = 0.05 * missing                             # a row that W leaves zero, pointed at the null direction
    assert _spectral(W + step, Wstar) < _spectral(W, Wstar) - 1e-4


def test_zero_is_a_stationary_point_with_positive_risk():
    """004-thm2.3-remark: the finite-difference gradient at W = 0 vanishes while L(0) > 0 beyond noise."""
    Wstar = np.random.default_rng(11).normal(size=(3, 2))
    assert np.max(np.abs(_finite_difference_gradient(np.zeros((3, 2)), Wstar))) < 1e-6
    estimate = _monte_carlo_risk(np.zeros((3, 2)), Wstar, seed=12)
    assert estimate.value > 10 * estimate.stderr


@pytest.mark.parametrize("d", [2, 3])
def test_prime_power_determinant_is_the_vandermonde_product(d):
    """004-thm2.8a: det of the lifted prime-power samples is +- prod_{k<l} (z_l - z_k), z = (p_i p_j)_{i <= j}."""
    primes = [sp.prime(k) for k in range(1, d + 1)]
    z = [primes[i] * primes[i] for i in range(d)] + [primes[i] * primes[j] for i in range(d) for j in range(i + 1, d)]
    product = sp.prod([z[l] - z[k] for k in range(len(z)) for l in range(k + 1, len(z))])
    determinant = t004.lifted_samples(t004.prime_power_samples(d)).det(method="bareiss")
    assert product != 0 and abs(determinant) == abs(product)


def test_gaussian_samples_below_critical_never_span():
    """004-thm2.8b: n* - 1 Gaussian samples give a lifted matrix of rank n* - 1 (numpy rank)."""
    rng = np.random.default_rng(13)
    for d in (2, 3, 4):
        X = sp.Matrix(rng.normal(size=(t004.critical_samples(d) - 1, d)))
        assert np.linalg.matrix_rank(np.array(t004.lifted_samples(X), dtype=float)) == t004.critical_samples(d) - 1


def test_full_rank_stationary_points_reached_by_plain_gradient_descent_are_global():
    """004-thm2.3-remark, intended reading ('no full-rank saddles'), by another route than the finder's Newton steps:
    plain gradient descent (numerics.dynamics.gd) from random starts ends at full-rank points with L = 0 and W^T W = B*."""
    rng = np.random.default_rng(14)
    Wstar = rng.normal(size=(4, 3))
    final = paper.descend(rng.normal(size=(6, 4, 3)), Wstar, 20000)
    assert np.all(final < 1e-10 * _spectral(np.zeros((4, 3)), Wstar))


def test_every_point_of_the_stationary_family_has_a_vanishing_finite_difference_gradient():
    """paper.stationary_points: finite differences of the spectral formula vanish at each of the 2^d points."""
    Wstar = np.random.default_rng(15).normal(size=(4, 3))
    points = paper.stationary_points(Wstar)
    assert len(points) == 8
    for point in points:
        assert np.max(np.abs(_finite_difference_gradient(point.W, Wstar))) < 1e-5 * (1 + _spectral(np.zeros((4, 3)), Wstar))


def test_corollary_27b_zero_teacher_admits_only_zero_interpolants_by_a_convex_programme():
    """004-cor2.7b (misprint), printed reading, by cvxpy: with W* = 0 and data e_1, e_2 the largest trace of a PSD
    interpolating G is 0, so every interpolating (a, W) with a > 0 has sum_j a_j W_j W_j^T = 0: zero error."""
    cp = pytest.importorskip("cvxpy")
    G = cp.Variable((2, 2), PSD=True)
    problem = cp.Problem(cp.Maximize(cp.trace(G)), [G[0, 0] == 0, G[1, 1] == 0])
    problem.solve(solver=cp.CLARABEL)
    assert abs(problem.value) < 1e-7 and np.max(np.abs(G.value)) < 1e-6


def test_corollary_27b_full_rank_teacher_has_an_interpolant_with_positive_monte_carlo_error():
    """004-cor2.7b, intended reading (rank(W*) = d): at the data e_1, e_2 the trace-minimal interpolant differs from
    B* and its risk, estimated by Monte Carlo over X ~ N(0, I_2), is positive beyond 10 standard errors."""
    rng = np.random.default_rng(16)
    Wstar = rng.normal(size=(2, 2))
    X = np.eye(2)
    G = paper.trace_minimal_interpolant(X, np.einsum("ni,ij,nj->n", X, Wstar.T @ Wstar, X))
    lam, Q = np.linalg.eigh(G)
    W = (Q * np.sqrt(np.clip(lam, 0, None))).T
    assert np.allclose(np.sum((X @ W.T) ** 2, axis=1), np.sum((X @ Wstar.T) ** 2, axis=1), atol=1e-7)
    estimate = _monte_carlo_risk(W, Wstar, seed=17)
    assert estimate.value > 10 * estimate.stderr


def test_vandermonde_sign_in_floating_point():
    """004-sec3.7-vandermonde (misprint): numpy's determinant of the lifted prime-power samples at d = 2 has the sign
    of prod_{k<l} (z_l - z_k), opposite to the printed prod_{k<l} (z_k - z_l)."""
    lifted = np.array(t004.lifted_samples(t004.prime_power_samples(2)), dtype=float)
    z = lifted[1]
    intended = np.prod([z[l] - z[k] for k in range(3) for l in range(k + 1, 3)])
    determinant = np.linalg.det(lifted)
    assert determinant == pytest.approx(intended, rel=1e-9)
    assert determinant == pytest.approx(-float(t004.vandermonde_determinant(list(z))), rel=1e-9)


def test_proof_25_bounds_do_not_close_at_the_stated_condition():
    """004-proof2.5 (refuted), in floating point with a root finder: at the C where C'(C) = 1/2, the proof's bounds
    32/C + C'(C) exceed the barrier's m^2/16 by a factor > 40; they meet only near C = 535."""
    from scipy.optimize import brentq

    trace_constant = lambda C: 16 / C**2 + 8 / C**1.5 + 1 / C   # noqa: E731 - the printed C'(C), recomputed
    C_half = brentq(lambda C: trace_constant(C) - 0.5, 1, 100)
    assert (32 / C_half + 0.5) / (1 / 16) > 40
    C_closing = brentq(lambda C: 32 / C + trace_constant(C) - 1 / 16, 100, 10_000)
    assert 530 < C_closing < 535


def test_initialization_failures_by_drawing_the_teacher_itself():
    """paper.initialization_failures samples B* as Wishart(m, I_d); drawing W* ~ N(0, 1)^{m x d} instead gives the same
    failure frequency of Theorem 2.5's event within 5 binomial standard errors (d = 4, m = 129)."""
    rng = np.random.default_rng(18)
    d, m, draws = 4, 129, 4000
    wishart_rate = np.mean(paper.initialization_failures(d, m, draws, rng) >= 1)
    Wstar = rng.normal(size=(draws, m, d))
    B = np.swapaxes(Wstar, 1, 2) @ Wstar
    D = (m + 4 * d) * np.eye(d) - B
    initial = 2 * np.sum(D * D, axis=(1, 2)) + np.trace(D, axis1=1, axis2=2) ** 2
    direct_rate = np.mean(initial >= 2 * np.linalg.eigvalsh(B)[:, 0] ** 2 * (d + 2) / (d + 1))
    stderr = np.sqrt(max(direct_rate * (1 - direct_rate), 1e-3) * 2 / draws)
    assert abs(wishart_rate - direct_rate) < 5 * stderr
