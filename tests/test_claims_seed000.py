"""Claims of seed 000 (numerics.papers.seed000.claims): independent checks of the evidence
(quotes and verdicts: tests/test_claims.py).

Refuted claims are recomputed by another route (the full matrix flow of numerics.dynamics.gd instead of the eigenvalue
ODE, the transcribed reduced system (22)-(23) instead of (20), weight-space gradient descent); verified
identities are spot-checked at random numbers against Monte Carlo averages over Gaussian inputs or finite
differences.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import solve_ivp

from quadwick.numerics.dynamics import gd
from quadwick.numerics.papers.seed000 import claims
from quadwick.numerics.papers.seed000 import engine
from quadwick.numerics.papers.seed000 import transcription as paper

BY_ID = {claim.id: claim for claim in claims.CLAIMS}


# --- helpers: random numbers, Monte Carlo over x ~ N(0, I_d) ------------------------------------------------------

RNG_SEED = 20200000
MC_SAMPLES = 400_000


def _columns(array: np.ndarray) -> list[sp.Matrix]:
    return [sp.Matrix(row) for row in array]


def _numeric(matrix: sp.MatrixBase) -> np.ndarray:
    return np.array(matrix.evalf(), dtype=float)


def _gaussian_inputs(d: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((MC_SAMPLES, d))


def _mc_gram_flow(inputs: np.ndarray, A: np.ndarray, As: np.ndarray) -> np.ndarray:
    """Monte Carlo of E_x[tr(X(A* - A))(AX + XA)], the population average of the integrand of (5)."""
    r = np.einsum("ni,ij,nj->n", inputs, As - A, inputs)
    XA = np.einsum("n,ni,nj->ij", r, inputs, inputs @ A) / len(inputs)
    return XA + XA.T


# --- refuted claims, recomputed independently ------------------------------------------------------------------


def _matrix_flow_loss(d: int, mstar: int, times) -> np.ndarray:
    """E(A(t)) of the full d x d population flow (8) from A(0) = I, A* = diag(1 (m* times), 0 ...) (numerics.dynamics.gd)."""
    As = np.diag(np.r_[np.ones(mstar), np.zeros(d - mstar)])
    path = gd.gram_flow(np.eye(d), As, gd.convention("seed000", d, mstar), times, rtol=1e-10, atol=1e-14)
    return engine.loss_of_gram(path, As)


def test_eq26_residual_by_the_matrix_flow():
    """t^2 E of the full flow (8) at d = 8 and 32, m* = 1, is the engine's (d - 1) 3/(16(d + 2)), tending to 3/16, not
    (26)'s 1/16; the claim's residual is 1/16 - 3/16."""
    t = 2000.0
    for d in (8, 32):
        constant = t**2 * _matrix_flow_loss(d, 1, [t])[-1]
        assert constant == pytest.approx(3 * (d - 1) / (16 * (d + 2)), rel=5e-3)
        assert constant - float(paper.asymptotic_loss_eq26(1)) > 0.05
    outcome = BY_ID["000-eq26"].check(True)
    assert outcome.residual == sp.Rational(1, 16) - sp.Rational(3, 16)
    assert all(reading.verdict == "refuted" for reading in outcome.readings)


def test_eq27_residual_by_the_matrix_flow():
    """The full flow (8) at d = 8, m* = 1 is more than twice (27) at t = 1, 10, 2000."""
    times = [1.0, 10.0, 2000.0]
    ratios = _matrix_flow_loss(8, 1, times) / [float(paper.approximate_loss_eq27(8, 1, t)) for t in times]
    assert np.all(ratios > 2)


def _reduced_flow(d: float, mstar: int, times: np.ndarray) -> np.ndarray:
    """The transcribed (22)-(23) with equal non-informative eigenvalues (sum lambda_j^2 = (d - m*) eps^2),
    m* informative eigenvalues with target 1, integrated in log variables; returns (lambda_1, eps) at times."""
    lam1, eps = sp.symbols("lam1 eps", positive=True)
    informative = paper.informative_ode_eq22([lam1] * mstar, [1] * mstar, eps, d)[0]
    # d - m* equal eigenvalues eps: their sum of squares (d - m*) eps^2 is passed as one term sqrt(d - m*) eps
    non_informative = paper.non_informative_ode_eq23([lam1] * mstar, [1] * mstar, eps, [np.sqrt(d - mstar) * eps], d)
    rates = sp.lambdify((lam1, eps), [informative / lam1, non_informative / eps])
    solution = solve_ivp(lambda _t, u: rates(*np.exp(u)), (0, times[-1]), [0.0, 0.0], method="LSODA", t_eval=times,
                         rtol=1e-10, atol=1e-12)
    return np.exp(solution.y.T)


def test_growth_and_emergence_time_by_the_reduced_system():
    """(22)-(23) integrated directly: growth exponent 4 for m* = 2 (claimed 8); t_J slope 1/4 (claimed 1/8)."""
    times = np.linspace(0.0, 12.0, 12001)
    crossings = []
    for d in (1e8, 1e12):
        lam1 = _reduced_flow(d, 2, times)[:, 0]
        window = (times > 1.0) & (lam1 < 0.01)
        rate = np.polyfit(times[window], np.log(lam1[window]), 1)[0]
        assert rate == pytest.approx(4.0, abs=0.1)
        crossings.append(times[np.argmax((times > 1.0) & (lam1 > 0.5))])
    slope = (crossings[1] - crossings[0]) / np.log(1e4)
    assert slope == pytest.approx(0.25, abs=0.01) and abs(slope - 1 / 8) > 0.1


def _weight_space_losses(d: int, target: float, dt: float, record: list[int]) -> np.ndarray:
    """Population GD on the weights (numerics.dynamics.gd.run_gd) from A(0) = I (W(0) = sqrt(d) I, m = d) with A* = c I."""
    conv = gd.convention("seed000", d, d)
    result = gd.run_gd(np.sqrt(d) * np.eye(d), np.sqrt(target * d) * np.eye(d), conv, dt, record[-1], record=record).check()
    return result.population_loss[:, 0]


def test_eq29_misprint_by_weight_space_gradient_descent():
    """From A(0) = I: with A* = I the loss is 0 at every step (the printed example is trivial); with A* = 1.5 I it
    decays at 2(2d + 4)c = 36 at d = 4, the rate of (29) times c."""
    d = 4
    assert np.all(_weight_space_losses(d, 1.0, 1e-3, [10, 100, 1000]) == 0.0)
    dt, record = 1e-4, [2000, 4000]
    risk = _weight_space_losses(d, 1.5, dt, record)
    rate = np.log(risk[0] / risk[1]) / ((record[1] - record[0]) * dt)
    assert rate == pytest.approx(2 * (2 * d + 4) * 1.5, rel=0.02)
    outcome = BY_ID["000-eq29"].check(True)
    assert outcome.verdict == "misprint"


def test_theorem51b_check_refutes_a_loss_that_decays_slower_than_one_over_t():
    """The referee's example E0/(1 + log(1 + t)) is strictly decreasing but breaks (18) at late times."""
    times = claims.THEOREM51_TIMES
    slow = np.array([2.0 / (1 + np.log1p(times))])
    assert claims.bound_outcome(times, slow).verdict == "refuted"
    for power in (1, 2):
        assert claims.bound_outcome(times, np.array([2.0 / (1 + times) ** power])).verdict == "verified numerically"


# --- verified identities, spot-checked at random numbers ----------------------------------------------------------


def test_eq1_eq2_eq4_eq6_at_random_numbers():
    rng = np.random.default_rng(RNG_SEED + 1)
    W, Ws, X = rng.standard_normal((3, 2)), rng.standard_normal((2, 2)), rng.standard_normal((4, 2))
    f, f_star = np.mean((X @ W.T) ** 2, axis=1), np.mean((X @ Ws.T) ** 2, axis=1)
    students, teachers, samples = _columns(W), _columns(Ws), _columns(X)
    assert float(paper.network_output_eq1(samples[0], students)) == pytest.approx(f[0], rel=1e-12)
    assert float((samples[0] * samples[0].T * paper.gram_eq4(students)).trace()) == pytest.approx(f[0], rel=1e-12)
    loss = np.mean((f_star - f) ** 2) / 4
    assert float(paper.empirical_loss_eq2(samples, students, teachers)) == pytest.approx(loss, rel=1e-12)
    A, As = paper.gram_eq4(students), paper.gram_eq4(teachers)
    assert float(paper.empirical_loss_eq6(samples, A, As)) == pytest.approx(2 * loss, rel=1e-12)


def test_eq3_eq5_by_finite_differences():
    """(3) = -m dL_n/dw_i by central differences of the transcribed (2); (5) = (1/m) sum (wdot w^T + w wdot^T)."""
    rng = np.random.default_rng(RNG_SEED + 2)
    W, Ws, X = rng.standard_normal((3, 2)), rng.standard_normal((1, 2)), rng.standard_normal((4, 2))
    teachers, samples = _columns(Ws), _columns(X)

    def loss(weights: np.ndarray) -> float:
        return float(paper.empirical_loss_eq2(samples, _columns(weights), teachers))

    h, m = 1e-6, len(W)
    A, As = paper.gram_eq4(_columns(W)), paper.gram_eq4(teachers)
    velocities = []
    for index, w in enumerate(_columns(W)):
        gradient = [(loss(W + h * step) - loss(W - h * step)) / (2 * h)
                    for step in (np.eye(6)[2 * index + c].reshape(3, 2) for c in range(2))]
        velocity = _numeric(paper.weight_flow_eq3(samples, A, As, w)).ravel()
        np.testing.assert_allclose(velocity, -m * np.array(gradient), rtol=1e-6, atol=1e-8)
        velocities.append(velocity)
    induced = sum(np.outer(v, w) + np.outer(w, v) for v, w in zip(velocities, W)) / m
    np.testing.assert_allclose(_numeric(paper.gram_flow_eq5(samples, A, As)), induced, rtol=1e-10)


def test_eq7_eq8_eq9_by_monte_carlo():
    """The population forms are the Gaussian averages of the empirical integrands; tolerance 3% of the scale."""
    rng = np.random.default_rng(RNG_SEED + 3)
    W, Ws = rng.standard_normal((3, 2)), rng.standard_normal((1, 2))
    A, As = W.T @ W / 3, Ws.T @ Ws
    inputs = _gaussian_inputs(2, RNG_SEED + 4)
    r = np.einsum("ni,ij,nj->n", inputs, A - As, inputs)
    A_, As_ = sp.Matrix(A), sp.Matrix(As)
    assert float(paper.population_loss_eq9(A_, As_)) == pytest.approx(0.5 * np.mean(r**2), rel=0.03)
    flow = _mc_gram_flow(inputs, A, As)
    np.testing.assert_allclose(_numeric(paper.gram_flow_eq8(A_, As_)), flow, atol=0.03 * np.abs(flow).max())
    w = W[0]
    weight_flow = -np.einsum("n,ni->i", r, inputs * (inputs @ w)[:, None]) / len(inputs)
    np.testing.assert_allclose(_numeric(paper.weight_flow_eq7(A_, As_, sp.Matrix(w))).ravel(), weight_flow,
                               atol=0.03 * np.abs(weight_flow).max())


def test_eq20_eq21_eq28_in_a_rotated_frame_by_monte_carlo():
    """Theorem 5.2: with A = U diag(lambda) U^T, A* = U diag(lambda*) U^T, U^T (dA/dt) U is diagonal and equals (20)."""
    rng = np.random.default_rng(RNG_SEED + 5)
    d = 3
    lam, lam_star = rng.uniform(0.5, 1.5, d), np.r_[1.0, 0.5, 0.0]
    U, _ = np.linalg.qr(rng.standard_normal((d, d)))
    A, As = U @ np.diag(lam) @ U.T, U @ np.diag(lam_star) @ U.T
    inputs = _gaussian_inputs(d, RNG_SEED + 6)
    rotated = U.T @ _mc_gram_flow(inputs, A, As) @ U
    scale = np.abs(rotated).max()
    rates = np.array(paper.eigenvalue_ode_eq20(list(lam), list(lam_star)), dtype=float)
    np.testing.assert_allclose(np.diag(rotated), rates, atol=0.03 * scale)
    assert np.abs(rotated - np.diag(np.diag(rotated))).max() < 0.03 * scale
    r = np.einsum("ni,ij,nj->n", inputs, A - As, inputs)
    assert float(paper.population_loss_eq21(list(lam), list(lam_star))) == pytest.approx(0.5 * np.mean(r**2), rel=0.03)
    np.testing.assert_allclose(np.array(paper.log_rate_eq28(list(lam), list(lam_star)), dtype=float), rates / lam,
                               rtol=1e-12)


def test_eq22_eq23_at_random_numbers():
    """(22), (23) against (20) evaluated at random eigenvalues with lambda*_j = 0 for j > m* (d = 5, m* = 2)."""
    rng = np.random.default_rng(RNG_SEED + 7)
    d, mstar = 5, 2
    lam, lam_star = rng.uniform(0.1, 2.0, d), np.r_[rng.uniform(0.5, 1.5, mstar), np.zeros(d - mstar)]
    rates = np.array(paper.eigenvalue_ode_eq20(list(lam), list(lam_star)), dtype=float)
    eps = float(np.mean(lam[mstar:]))
    informative = paper.informative_ode_eq22(list(lam[:mstar]), list(lam_star[:mstar]), eps, d)
    np.testing.assert_allclose(np.array(informative, dtype=float), rates[:mstar], rtol=1e-12)
    mean_rate = paper.non_informative_ode_eq23(list(lam[:mstar]), list(lam_star[:mstar]), eps, list(lam[mstar:]), d)
    assert float(mean_rate) == pytest.approx(np.mean(rates[mstar:]), rel=1e-12)


def test_eq14_numerically():
    assert float(paper.threshold_eq13(10**6, 3)) / 10**6 == pytest.approx(float(paper.alpha_c_eq14(3)), rel=1e-5)


def test_grouped_flow_matches_the_engine_eigenvalue_flow():
    times = [0.0, 0.5, 5.0, 50.0]
    full = engine.eigenvalue_flow(np.r_[np.ones(2), np.zeros(6)], times)
    grouped = claims.grouped_eigenvalue_flow([2, 6], [1.0, 0.0], times)
    np.testing.assert_allclose(full[:, [0, 7]], grouped, rtol=1e-6)


# --- Theorem 3.1: the recovery programme on cases solved by hand ------------------------------------------------


def test_excess_trace_on_cases_solved_by_hand():
    """w = e_1 in d = 2. Inputs (1, 1), (1, -1) fix A_12 = 0 and A_11 + A_22 = 1, so M = {diag(a, 1 - a)} and the
    largest tr(P A) = A_22 is 1; adding (1, 0) fixes A_11 = 1, and M = {A*}. Inputs in a plane of R^3 leave A* +
    e_3 e_3^T in M for every scale: infinite."""
    w = np.array([1.0, 0.0])
    two = np.array([[1.0, 1.0], [1.0, -1.0]])
    assert engine.excess_trace(two, w) == pytest.approx(1.0, abs=1e-6)
    assert abs(engine.excess_trace(np.vstack([two, [1.0, 0.0]]), w)) < 1e-6
    plane = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0], [1.0, -2.0, 0.0]])
    assert engine.excess_trace(plane, np.array([1.0, 0.0, 0.0])) == float("inf")


def test_excess_trace_does_not_depend_on_the_scale_or_direction_of_w():
    """M = {A*} is a property of the inputs and the line of w: rescaling w, or rotating w and the inputs together,
    leaves the (scaled) value unchanged."""
    rng = np.random.default_rng(31)
    X, w = rng.standard_normal((7, 4)), rng.standard_normal(4)
    Q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    value = engine.excess_trace(X, w)
    assert engine.excess_trace(X, 3.0 * w) == pytest.approx(value, abs=1e-6)
    assert engine.excess_trace(X @ Q.T, Q @ w) == pytest.approx(value, abs=1e-6)
