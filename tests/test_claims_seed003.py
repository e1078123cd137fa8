"""The claims of seed 003 outside the landscape (numerics/papers/seed003/claims.py): independent numerical
re-checks of the refuted and verified statements (quotes and verdicts: tests/test_claims.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg
import sympy

from quadwick.derive.model import ETA, preset, q_symbol, rho_symbol
from quadwick.numerics.dynamics import ode
from quadwick.numerics.papers.seed003 import claims
from quadwick.numerics.kernels.derived import kernels
from quadwick.numerics.state import pack_state, unpack_state
from quadwick.numerics.montecarlo import overlap_expectations
from quadwick.numerics.figures.trajectory import trajectory_columns
from quadwick.numerics.papers.seed003.figures import eta_opt
from quadwick.numerics.dynamics.sgd import SGDOptions, risk_function, simulate_weights
from quadwick.numerics.state import initial_overlaps
from quadwick.numerics.papers.seed003 import transcription as paper
from quadwick.numerics.papers.seed003 import transcription_dynamics as plateau_paper

BY_ID = {claim.id: claim for claim in claims.CLAIMS}


# -- refuted claims, recomputed independently ----------------------------------------------------------


def plateau_rates_by_integration(p: int, pstar: int, eta: float = 1e-5, t: float = 0.5) -> tuple[float, float]:
    """Growth rates per unit t of rho_11 and Q_12 from the plateau, by integrating the compiled ODE (not the
    symbolic Jacobian): log(x(t)/x(0))/t for a tiny perturbation."""
    rho0 = np.full((p, pstar), 1e-7)
    Q0 = p / (p + 2) * np.eye(p) + 1e-7 * (np.ones((p, p)) - np.eye(p))
    result = ode.integrate(preset("seed003", p, pstar), rho0, Q0, ode.ODEOptions.in_t(eta, t, points=3)).check()
    return (math.log(result.rho[-1, 0, 0] / rho0[0, 0]) / t, math.log(result.Q[-1, 0, 1] / Q0[0, 1]) / t)


@pytest.mark.parametrize("p, pstar", [(2, 1), (3, 2)])
def test_omega_Q_sign_refuted_by_integration(p, pstar):
    """Q_kk' decays at the plateau (rate -16/(p(p+2))); the paper's +16/(p(p+2)) is off by 32/(p(p+2))."""
    rho_rate, q_rate = plateau_rates_by_integration(p, pstar)
    assert abs(rho_rate - 8 / (p * pstar)) < 0.02 * 8 / (p * pstar)  # omega_rho of (12): confirmed
    printed = 16 / (p * (p + 2))
    assert abs(q_rate + printed) < 0.02 * printed
    assert q_rate - printed < -1.9 * printed  # paper - engine ~ 32/(p(p+2)), far beyond the 2% tolerance
    outcome = BY_ID["003-eq11-b"].check(True)
    assert float(outcome.residual.subs(claims.P, p)) == pytest.approx(printed - q_rate, rel=0.03)


def test_eq34_eta2_residual_confirmed_by_monte_carlo():
    """At a generic point <F_k F_k'> by Monte Carlo is the engine's value; paper - Monte Carlo is the claimed residual."""
    p, pstar, eta = 2, 1, 0.5
    rho, Q = np.array([[0.6], [-0.3]]), np.array([[1.3, 0.2], [0.2, 0.8]])
    estimate = overlap_expectations(preset("seed003", p, pstar), rho, Q, eta, 400_000, np.random.default_rng(31))["dQ_eta2"]
    _, printed = paper.ode_Q_eq34(p, pstar)
    point = {rho_symbol(1, 1): rho[0, 0], rho_symbol(2, 1): rho[1, 0], q_symbol(1, 1): Q[0, 0], q_symbol(1, 2): Q[0, 1],
             q_symbol(2, 2): Q[1, 1], ETA: eta}
    residual = BY_ID["003-eq34-b"].check(True).residual
    for a, b in [(1, 1), (1, 2), (2, 2)]:
        mc, error = estimate.value[a - 1, b - 1], estimate.stderr[a - 1, b - 1]
        paper_value = float(printed[q_symbol(a, b)].subs(point))
        claimed = float(claims._instantiate(residual, p, pstar, {claims.k: a, claims.kp: b}).subs(point))
        assert abs(paper_value - mc) > 10 * error
        assert abs((paper_value - mc) - claimed) < 5 * error


# -- verified identities, spot-checked numerically --------------------------------------------------------


def random_point(p: int, pstar: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rows = 0.5 * np.random.default_rng(seed).standard_normal((p, p + pstar))
    return rows[:, :pstar], rows @ rows.T + 0.3 * np.eye(p)


def as_values(rho: np.ndarray, Q: np.ndarray, eta: float = 0.0) -> dict:
    p, pstar = rho.shape
    values = {rho_symbol(a + 1, b + 1): rho[a, b] for a in range(p) for b in range(pstar)}
    values.update({q_symbol(a + 1, b + 1): Q[a, b] for a in range(p) for b in range(a, p)})
    values[ETA] = eta
    return values


@pytest.mark.parametrize("p, pstar", [(2, 1), (3, 2)])
def test_eq23_eq33_eq34_eta_against_monte_carlo(p, pstar):
    """The transcriptions of (23), (33), (34) O(eta) at a random point, within 5 standard errors of Monte Carlo."""
    rho, Q = random_point(p, pstar, seed=p * 10 + pstar)
    eta = 0.1
    estimate = overlap_expectations(preset("seed003", p, pstar), rho, Q, eta, 300_000, np.random.default_rng(p))
    values = as_values(rho, Q, eta)
    risk = float(paper.risk_eq23(p, pstar).subs(values))
    assert abs(risk - estimate["risk"].value) < 5 * estimate["risk"].stderr
    for name, expr in paper.ode_rho_eq33(p, pstar).items():
        a, b = (int(i) - 1 for i in name.name.split("_")[1:])
        assert abs(float(expr.subs(values)) - estimate["drho"].value[a, b]) < 5 * estimate["drho"].stderr[a, b]
    order_eta, _ = paper.ode_Q_eq34(p, pstar)
    for name, expr in order_eta.items():
        a, b = (int(i) - 1 for i in name.name.split("_")[1:])
        assert abs(float(expr.subs(values)) - estimate["dQ_eta"].value[a, b]) < 5 * estimate["dQ_eta"].stderr[a, b]


def appendix_risk(W: np.ndarray, Wstar: np.ndarray) -> float:
    """Eq. (23) (already checked) in Appendix 7.2's scaling: rho = W W*^T, Q = W W^T."""
    risk = risk_function(preset("seed003-appendix", W.shape[0], Wstar.shape[0]))
    return float(risk(W @ Wstar.T, W @ W.T))


def vector(name: str, W: np.ndarray, Wstar: np.ndarray) -> np.ndarray:
    kind, index = name.rsplit("_", 1)
    return (Wstar if kind == "wstar" else W)[int(index) - 1]


def test_eq24_eq25_against_finite_differences_of_the_risk():
    """The transcribed gradient (24) and Hessian (25), evaluated at random weights, equal central finite
    differences of the risk in weight space (relative tolerance 1e-5)."""
    p, pstar, N = 2, 1, 4
    rng = np.random.default_rng(24)
    W, Wstar = rng.standard_normal((p, N)) / 2, np.linalg.qr(rng.standard_normal((N, pstar)))[0].T
    values = as_values(W @ Wstar.T, W @ W.T)
    h = 1e-4

    def shifted(m: int, i: int, step: float) -> np.ndarray:
        moved = W.copy()
        moved[m, i] += step
        return moved

    gradient = paper.gradient_eq24(p, pstar)
    for m in range(p):
        printed = sum(float(c.subs(values)) * vector(v, W, Wstar) for v, c in gradient[m + 1].items())
        numeric = [(appendix_risk(shifted(m, i, h), Wstar) - appendix_risk(shifted(m, i, -h), Wstar)) / (2 * h) for i in range(N)]
        np.testing.assert_allclose(printed, numeric, rtol=1e-5, atol=1e-7)
    blocks = paper.hessian_eq25(p, pstar)
    for (m, n), block in blocks.items():
        printed = sum(float(c.subs(values)) * (np.eye(N) if key == "I_N" else np.outer(vector(key[0], W, Wstar), vector(key[1], W, Wstar)))
                      for key, c in block.items())
        numeric = np.empty((N, N))
        for i in range(N):
            for j in range(N):
                def risk_at(si: float, sj: float) -> float:
                    moved = W.copy()
                    moved[m - 1, i] += si
                    moved[n - 1, j] += sj
                    return appendix_risk(moved, Wstar)
                numeric[i, j] = (risk_at(h, h) - risk_at(h, -h) - risk_at(-h, h) + risk_at(-h, -h)) / (4 * h * h)
        np.testing.assert_allclose(printed, numeric, rtol=1e-4, atol=1e-5)


def test_eq15_eq16_numerically():
    """R = (tr M)^2 + 2 tr(M^2) from explicit matrices, M = (W^T W/p - W*^T W*/p*)/N, and R = 0 at W = sqrt(p/p*) S W*."""
    p, pstar, N = 4, 2, 7
    rng = np.random.default_rng(15)
    W, Wstar = rng.standard_normal((p, N)), math.sqrt(N) * np.linalg.qr(rng.standard_normal((N, pstar)))[0].T
    risk = risk_function(preset("seed003", p, pstar))
    M = (W.T @ W / p - Wstar.T @ Wstar / pstar) / N
    assert float(risk(W @ Wstar.T / N, W @ W.T / N)) == pytest.approx(np.trace(M) ** 2 + 2 * np.trace(M @ M), rel=1e-12)
    S = np.linalg.qr(rng.standard_normal((p, pstar)))[0]
    solution = math.sqrt(p / pstar) * S @ Wstar
    assert abs(float(risk(solution @ Wstar.T / N, solution @ solution.T / N))) < 1e-12


def test_eq38_eq39_against_the_compiled_right_hand_side():
    """At small eta the compiled ODE per unit t equals c(t) rho - 8/p^2 Q rho and a(t) Q + 16/(p p*) rho rho^T - 16/p^2 Q^2."""
    p, pstar, eta = 3, 2, 1e-9
    model = preset("seed003", p, pstar)
    rho, Q = random_point(p, pstar, seed=38)
    d_rho, d_Q = unpack_state(model, kernels(model).rhs(pack_state(model, rho, Q), eta) / eta)
    c = 4 * (pstar + 2) / (p * pstar) - 4 * np.trace(Q) / p**2
    a = 8 / p - 8 * np.trace(Q) / p**2
    np.testing.assert_allclose(d_rho, c * rho - 8 / p**2 * Q @ rho, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(d_Q, a * Q + 16 / (p * pstar) * rho @ rho.T - 16 / p**2 * Q @ Q, rtol=1e-6, atol=1e-8)


def test_eq42_identity_for_an_analytic_function():
    """expm(A A^T) A = A expm(A^T A) for random rectangular A (beyond the polynomials checked exactly)."""
    A = np.random.default_rng(42).standard_normal((4, 2)) / 2
    np.testing.assert_allclose(scipy.linalg.expm(A @ A.T) @ A, A @ scipy.linalg.expm(A.T @ A), rtol=1e-12)


def test_app73_escape_formulas_numerically():
    """The printed relative reduction equals (R(0) - R(t))/R(0) from the printed R(t), R(0) at random numbers."""
    risk_t, risk0 = plateau_paper.app73_risk_evolution()
    numbers = {plateau_paper.P: 3, plateau_paper.PSTAR: 2, plateau_paper.T: 0.7, plateau_paper.MU0: 5.5,
               plateau_paper.TAU0: 0, plateau_paper.N_DIM: 40}
    relative = float(((risk0 - risk_t) / risk0).subs(numbers))
    assert relative == pytest.approx(float(plateau_paper.app73_relative_reduction().subs(numbers)), rel=1e-12)


def test_conservation_needs_the_closure_set():
    """A start with Q(0) != I does not conserve S, a start with Q(0) = I does: the exact claim's contrast, by integration."""
    model = preset("seed003", 2, 1)
    rho0 = np.array([[0.3], [0.1]])
    options = ode.ODEOptions.in_t(0.01, 20.0, points=11)
    closed = ode.integrate(model, rho0, np.eye(2), options).check().S
    tilted = ode.integrate(model, rho0, np.array([[1.0, 0.3], [0.3, 1.0]]), options).check().S
    assert np.abs(closed - closed[0]).max() < 1e-8
    assert np.abs(tilted - tilted[0]).max() > 1e-2


def test_eq4_eq5_against_finite_differences_of_the_loss():
    """-eta grad_{w_k} l(x) by central differences equals F_k x/sqrt(N) with F_k of eq. (5), for explicit weights."""
    p, pstar, N, eta, h = 3, 2, 6, 0.3, 1e-5
    rng = np.random.default_rng(4)
    W, Wstar, x = rng.standard_normal((p, N)), rng.standard_normal((pstar, N)), rng.standard_normal(N)

    def loss(weights: np.ndarray) -> float:
        y = ((Wstar @ x / math.sqrt(N)) ** 2).sum() / pstar
        return (y - ((weights @ x / math.sqrt(N)) ** 2).sum() / p) ** 2

    lam, teacher = W @ x / math.sqrt(N), Wstar @ x / math.sqrt(N)
    amplitude = 4 * eta / p * ((teacher**2).sum() / pstar - (lam**2).sum() / p) * lam
    for k in range(p):
        step = np.zeros_like(W)
        numeric = []
        for i in range(N):
            step[:] = 0
            step[k, i] = h
            numeric.append(-eta * (loss(W + step) - loss(W - step)) / (2 * h))
        np.testing.assert_allclose(numeric, amplitude[k] * x / math.sqrt(N), rtol=1e-6)


def test_eq9_against_the_compiled_right_hand_side_at_small_overlaps():
    """With rho and Q_kk' of size 1e-4, the compiled ODE per unit t (small eta) equals (9) up to O(1e-8)."""
    p, pstar, small = 3, 2, 1e-4
    model = preset("seed003", p, pstar)
    rng = np.random.default_rng(9)
    rho = small * rng.standard_normal((p, pstar))
    off = small * rng.standard_normal((p, p))
    Q = np.diag(rng.uniform(0.5, 1.5, p)) + np.triu(off, 1) + np.triu(off, 1).T
    eta = 1e-9
    derivative = kernels(model).rhs(pack_state(model, rho, Q), eta) / eta
    printed = plateau_paper.eq9(p, pstar)
    values = as_values(rho, Q)
    expected = np.array([float(printed[v].subs(values)) for v in model.order_parameters])
    np.testing.assert_allclose(derivative, expected, atol=1e-7)


def test_eq13_escape_by_integration():
    """From the plateau with small rho(0), the ODE's relative risk reduction is (4/(p p*)) |rho(0)|^2 (exp(16 t/(p p*)) - 1)/R_p,
    i.e. (13)'s 4 eps^2 (exp(16 t~/p*) - 1)/R_p with <|rho(0)|^2> = p p* eps^2 and t~ = t/p."""
    p, pstar, eta, t = 3, 2, 1e-4, 1.5
    rho0 = 1e-3 * np.random.default_rng(13).standard_normal((p, pstar))
    Q0 = p / (p + 2) * np.eye(p)
    result = ode.integrate(preset("seed003", p, pstar), rho0, Q0, ode.ODEOptions.in_t(eta, t, points=3)).check()
    plateau = 1 + 2 / pstar - p / (p + 2)
    relative = (result.risk[0] - result.risk[-1]) / result.risk[0]
    law = float(plateau_paper.eq13_relative_reduction(p, pstar, t / p, sympy.sqrt((rho0**2).sum() / (p * pstar))))
    assert relative == pytest.approx(law, rel=0.02)
    assert 4 / (p * pstar) * (rho0**2).sum() * (math.exp(16 * t / pstar) - 1) / plateau > 2 * relative  # not in t


@pytest.mark.parametrize("p, pstar", [(2, 1), (3, 2)])
def test_index_form_statements_equal_the_transcriptions(p, pstar):
    """The symbolic-width statements of (9), (23), (33), (34) instantiate to the concrete-width transcriptions."""

    def at(expr, **labels):
        return claims._instantiate(expr, p, pstar, {getattr(claims, name): value for name, value in labels.items()})

    assert sympy.expand(at(BY_ID["003-eq23"].statement.rhs) - paper.risk_eq23(p, pstar)) == 0
    order_eta, order_eta2 = paper.ode_Q_eq34(p, pstar)
    nine = plateau_paper.eq9(p, pstar)
    for a in range(1, p + 1):
        for b in range(1, pstar + 1):
            assert sympy.expand(at(BY_ID["003-eq33"].statement.rhs, k=a, l=b) - paper.ode_rho_eq33(p, pstar)[rho_symbol(a, b)]) == 0
            assert sympy.expand(at(BY_ID["003-eq9"].statement[0].rhs, k=a, l=b) - nine[rho_symbol(a, b)]) == 0
        for c in range(a, p + 1):
            assert sympy.expand(at(BY_ID["003-eq34-a"].statement.rhs, k=a, kp=c) - order_eta[q_symbol(a, c)]) == 0
            assert sympy.expand(at(BY_ID["003-eq34-b"].statement.rhs, k=a, kp=c) - order_eta2[q_symbol(a, c)]) == 0
            line = BY_ID["003-eq9"].statement[1 if a != c else 2].rhs
            assert sympy.expand(at(line, k=a, kp=c) - nine[q_symbol(a, c)]) == 0


# -- Section 4: Figures 1 and 2, re-checked by other routes ------------------------------------------------


def test_fig1_weight_space_sgd_follows_the_ode_in_mean():
    """Weight-space one-pass SGD (explicit N-dimensional weights, not the overlap chain of the claim) at Figure 1's
    widths, N = 200, from one eq. (8) start with eps = 1/sqrt(N): the replica mean of the risk and of every order
    parameter is within 4 standard errors + 1/sqrt(N) of the ODE while the risk falls by more than 90%."""
    model, N, replicas, eta = preset("seed003", 6, 3), 200, 16, 0.05
    rho0, Q0 = initial_overlaps(model, 1 / math.sqrt(N), np.random.default_rng(11))
    options = SGDOptions(N=N, eta=eta, alpha_max=300.0, points=16, replicas=replicas)
    run = simulate_weights(model, rho0, Q0, options, np.random.default_rng(12)).check()
    theory = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=eta, alpha_max=300.0, points=16)).check()
    np.testing.assert_allclose(run.alpha, theory.alpha)
    assert theory.risk[-1] < 0.1 * theory.risk[0]
    simulated = trajectory_columns(run.rho, run.Q, run.risk)
    for name, expected in trajectory_columns(theory.rho, theory.Q, theory.risk).items():
        deviation = simulated[name] - expected
        mean, error = deviation.mean(axis=0), deviation.std(axis=0, ddof=1) / math.sqrt(replicas)
        assert np.all(np.abs(mean) <= 4 * error + 1 / math.sqrt(N)), (name, mean, error)


def grid_eta_opt(p: int, inits: int = 3) -> float:
    """argmin over eta of alpha_c (R = R(0)/2) averaged over the claim's eq. (8) starts at width p (p* = 3,
    eps = 0.01, default_rng(p)), by integrating the ODE directly: a geometric grid of 16 values in [0.15, 1.2], a
    finer grid of 11 between the neighbours of its minimum, and a parabola in log eta through the fine minimum and its
    neighbours (not the claim's upward scan and Brent minimisation)."""
    model = preset("seed003", p, 3)
    rng = np.random.default_rng(p)
    starts = [initial_overlaps(model, 0.01, rng) for _ in range(inits)]

    def mean_alpha_c(eta: float) -> float:
        options = ode.ODEOptions.in_t(eta, 60.0, points=2, stop_at_half_risk=True)
        halves = [ode.integrate(model, rho0, Q0, options).events.half_risk for rho0, Q0 in starts]
        return math.inf if None in halves else float(np.mean(halves))

    grid = np.geomspace(0.15, 1.2, 16)
    for _ in range(2):
        values = [mean_alpha_c(eta) for eta in grid]
        best = int(np.argmin(values))
        assert 0 < best < len(grid) - 1 and math.isfinite(values[best + 1]), "the minimum is inside the grid"
        fine, grid = grid, np.geomspace(grid[best - 1], grid[best + 1], 11)
    a, b, _ = np.polyfit(np.log(fine[best - 1:best + 2]), values[best - 1:best + 2], 2)
    return math.exp(-b / (2 * a))


def test_fig2_eta_opt_by_a_grid_search_lies_on_the_claimed_line():
    """eta_opt at the quick widths p = 3, 4, 6 by a plain grid search over the same starts lies within 1.5% of the
    claim's fitted line a p + b (an independent route to the minimiser: the start-to-start scatter of eta_opt, a few
    per cent, is common to both); eta_opt grows faster than proportionally to p (negative intercept)."""
    outcome = BY_ID["003-fig2"].check(True)
    slope, intercept = (float(v) for v in outcome.values["fit coefficients (highest power first)"].split(", "))
    optima = {p: grid_eta_opt(p) for p in (3, 4, 6)}
    for p, eta in optima.items():
        assert abs(eta - (slope * p + intercept)) < 0.015 * eta, (p, eta, slope, intercept)
    assert optima[6] > 2.2 * optima[3], optima


def test_eta_opt_interval_holds_the_grid_search_minimiser():
    """eta_opt's stated uncertainty (the etas where <alpha_c> is within 1% of its least value) holds the minimiser
    that the plain grid search above finds over the same starts (p = 3, 3 starts), and Brent's eta_opt is within its
    tolerance (0.5% in eta) plus the grid search's parabola error of it."""
    best = eta_opt(3, 3, seed=3)
    low, eta, high = (math.exp(x) for x in (best.low, best.x, best.high))
    assert low < eta < high and not (best.low_clipped or best.high_clipped)
    searched = grid_eta_opt(3)
    assert low <= searched <= high, (low, searched, high)
    assert abs(math.log(searched / eta)) < 0.01, (searched, eta)


# -- the claims added for issue 12 ---------------------------------------------------------------------------


def test_small_eta_ode_is_weight_space_gradient_flow_by_finite_differences():
    """Explicit weights: dw/dt = -N grad_w R (R the engine's risk at the weights' overlaps, gradient by central
    differences in weight space, not by the chain rule of the claim), pushed to the overlaps, equals the compiled ODE
    per unit t at eta -> 0; at eta = 0.2 d Q/dt differs (the O(eta) correction of a discretised flow)."""
    p, pstar, N, h = 3, 2, 7, 1e-6
    model = preset("seed003", p, pstar)
    rng = np.random.default_rng(70)
    Wstar = math.sqrt(N) * np.linalg.qr(rng.standard_normal((N, pstar)))[0].T
    W = 0.7 * rng.standard_normal((p, N))
    risk = risk_function(model)

    def R(weights: np.ndarray) -> float:
        return float(risk(weights @ Wstar.T / N, weights @ weights.T / N))

    gradient = np.zeros_like(W)
    for index in np.ndindex(*W.shape):
        step = np.zeros_like(W)
        step[index] = h
        gradient[index] = (R(W + step) - R(W - step)) / (2 * h)
    velocity = -N * gradient
    flow_rho = velocity @ Wstar.T / N
    flow_Q = (velocity @ W.T + W @ velocity.T) / N
    state = pack_state(model, W @ Wstar.T / N, W @ W.T / N)
    d_rho, d_Q = unpack_state(model, kernels(model).rhs(state, 1e-9) / 1e-9)
    np.testing.assert_allclose(d_rho, flow_rho, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(d_Q, flow_Q, rtol=1e-5, atol=1e-7)
    _, finite_Q = unpack_state(model, kernels(model).rhs(state, 0.2) / 0.2)  # <F_k F_k'> enters d Q only
    assert np.abs(finite_Q - flow_Q).max() > 1e-3


def test_final_descent_readings_recomputed_from_other_starts():
    """From another eq. (8) start (seed 9; the check uses seeds 1, 2): reaching 1e-3 of the plateau risk takes more
    than half the escape time (R first below R_plateau/2) at (3, 3) and (3, 2), and for p > p* the risk falls like
    t^-2 late (slope of log R against log t between -2.2 and -1.8 over the last decade), so reaching a small risk
    takes longer than the escape; at p = p* = 2 log R falls linearly in t (exponential approach)."""
    assert BY_ID["003-final-descent"].check(True).verdict == "inconclusive"
    for p, pstar in ((3, 3), (3, 2)):
        result = ode.integrate_random(preset("seed003", p, pstar), 0.01, 9, ode.ODEOptions.in_t(0.01, 60.0 * p, points=1201)).check()
        t, risk = result.alpha * 0.01, result.risk
        plateau = 1 + 2 / pstar - p / (p + 2)
        escape = t[np.argmax(risk < plateau / 2)]
        assert t[np.argmax(risk < 1e-3 * plateau)] - escape > escape / 2, (p, pstar)
    for p, pstar in ((3, 2), (4, 2)):
        result = ode.integrate_random(preset("seed003", p, pstar), 0.05, 9, ode.ODEOptions.in_t(0.01, 80.0 * p, points=401)).check()
        t, risk = result.alpha * 0.01, result.risk
        late = t >= t[-1] / 10
        slope = np.polyfit(np.log(t[late]), np.log(risk[late]), 1)[0]
        assert -2.2 < slope < -1.8, (p, pstar, slope)
        assert t[np.argmax(risk < 1e-4 * (1 + 2 / pstar - p / (p + 2)))] > 2 * t[np.argmax(risk < 0.5 * risk[0])]
    result = ode.integrate_random(preset("seed003", 2, 2), 0.05, 9, ode.ODEOptions.in_t(0.01, 20.0, points=201)).check()
    t, risk = result.alpha * 0.01, result.risk
    tail = (risk < 1e-4) & (risk > 1e-10)
    fit = np.polyfit(t[tail], np.log(risk[tail]), 1, full=True)
    assert fit[0][0] < -1 and fit[1][0] / tail.sum() < 0.05  # exponential: log R linear in t


def test_eq6_limit_by_weight_space_sgd():
    """Weight-space one-pass SGD (explicit vectors, not the overlap chain of the check) at N = 200 and 800: the
    replicas' rms deviation of the risk from the ODE shrinks by about sqrt(4) = 2 (between 1.5 and 2.7)."""
    model = preset("seed003", 3, 2)
    rho0, Q0 = initial_overlaps(model, 0.3, np.random.default_rng(6))
    theory = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=0.2, alpha_max=4.0, points=5)).check()
    spread = []
    for N in (200, 800):
        options = SGDOptions(N=N, eta=0.2, alpha_max=4.0, points=5, replicas=16)
        run = simulate_weights(model, rho0, Q0, options, np.random.default_rng(N)).check()
        spread.append(float(np.sqrt(((run.risk - theory.risk[None]) ** 2)[:, 1:].mean())))
    assert 1.5 < spread[0] / spread[1] < 2.7, spread
