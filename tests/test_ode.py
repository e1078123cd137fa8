"""Overlap ODE integration: against independent integrations, the seed 003 plateau, the predicted
closest solution, the conserved S(t), events, divergence and bad input."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from scipy.integrate import solve_ivp

from quadwick.derive.concrete import overlap_ode
from quadwick.derive.model import Model, preset
from quadwick.numerics.dynamics import ode, sgd
from quadwick.numerics.kernels import simulator
from quadwick.numerics.state import initial_overlaps, pack_state, unpack_state


def lambdified_rhs(model: Model, eta: float, modules: str = "numpy"):
    """The exact ODE's right-hand side straight from derive.concrete (not through the kernels)."""
    system = overlap_ode(model)
    names = model.order_parameters
    return sympy.lambdify(names, [system.rhs[name].subs(model.eta, eta) for name in names], modules=modules)


@pytest.mark.parametrize("p, pstar", [(1, 1), (2, 1), (3, 2)])
def test_trajectory_matches_a_tight_radau_run_of_the_derived_equations(p, pstar):
    model = preset("seed003", p, pstar)
    eta = 0.05
    options = ode.ODEOptions(eta=eta, alpha_max=300.0, points=31)
    result = ode.integrate_random(model, 0.1, 3, options).check()
    rhs = lambdified_rhs(model, eta)
    state0 = pack_state(model, result.rho[0], result.Q[0])
    reference = solve_ivp(lambda t, y: rhs(*y), (0, 300.0), state0, method="Radau", t_eval=result.alpha, rtol=1e-12, atol=1e-14)
    assert reference.success
    rho, Q = unpack_state(model, reference.y.T)
    assert result.status == "completed" and result.method == "DOP853"
    assert np.abs(result.risk[-1] - result.risk[0]) > 0.1  # the run does learn: the comparison is not trivial
    np.testing.assert_allclose(result.rho, rho, atol=1e-7)
    np.testing.assert_allclose(result.Q, Q, atol=1e-7)


def hand_derived_rhs_p1(eta: float):
    """p = p* = 1 by hand (Isserlis): F = 4 eta (u^2 - lambda^2) lambda,
    d rho/d alpha = 12 eta rho (1 - Q),
    d Q/d alpha = 8 eta (Q + 2 rho^2 - 3 Q^2) + 16 eta^2 (3 Q + 12 rho^2 - 6 Q^2 - 24 rho^2 Q + 15 Q^3)."""

    def rhs(t, y):
        rho, Q = y
        return [
            12 * eta * rho * (1 - Q),
            8 * eta * (Q + 2 * rho**2 - 3 * Q**2) + 16 * eta**2 * (3 * Q + 12 * rho**2 - 6 * Q**2 - 24 * rho**2 * Q + 15 * Q**3),
        ]

    return rhs


def test_trajectory_matches_a_hand_derived_system_integrated_by_lsoda():
    eta = 0.05
    result = ode.integrate(preset("seed003", 1, 1), [[0.3]], [[0.5]], ode.ODEOptions(eta=eta, alpha_max=20.0, points=11))
    assert result.status == "completed"
    reference = solve_ivp(hand_derived_rhs_p1(eta), (0, 20.0), [0.3, 0.5], method="LSODA", t_eval=result.alpha, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(result.rho[:, 0, 0], reference.y[0], atol=1e-8)
    np.testing.assert_allclose(result.Q[:, 0, 0], reference.y[1], atol=1e-8)
    assert abs(result.rho[-1, 0, 0] - 0.3) > 0.1 and abs(result.Q[-1, 0, 0] - 0.5) > 0.1


def test_norms_reach_the_plateau_value_p_over_p_plus_2():
    p, pstar = 3, 2
    model = preset("seed003", p, pstar)
    options = ode.ODEOptions.in_t(1e-3, 4.0, points=5)
    result = ode.integrate_random(model, 1e-5, 0, options).check()
    Q = result.Q[-1]
    np.testing.assert_allclose(np.diagonal(Q), p / (p + 2), atol=3e-3)
    assert np.abs(Q - np.diag(np.diagonal(Q))).max() < 1e-6
    assert np.abs(result.rho[-1]).max() < 1e-2  # still on the plateau: the overlaps are still small


@pytest.mark.parametrize("p, pstar, seed", [(2, 1, 0), (3, 2, 1), (4, 2, 2)])
def test_closest_solution_is_reached_and_S_is_conserved(p, pstar, seed):
    model = preset("seed003", p, pstar)
    options = ode.ODEOptions.in_t(0.01, 150.0, points=61)
    result = ode.integrate_random(model, 0.1, seed, options).check()
    rho_bar, Q_bar = result.closest_solution()
    # The part of the student weights outside the teacher's span has no linear restoring force
    # (the loss is quartic in it): R ~ t^-2 and the distance ~ t^-1 at the end, not exponential.
    distance = result.distance_to_prediction()
    assert result.risk[-1] < 1e-5 and distance[-1] < 2e-3
    np.testing.assert_allclose(result.Q[-1], Q_bar, atol=1e-2)  # Q_perp ~ 1/t: slower than rho
    assert distance[0] > 0.5  # it started far from the prediction
    assert np.all(np.diff(distance[-20:]) < 0)
    S = result.S
    assert np.abs(S - S[0]).max() < 1e-7
    np.testing.assert_allclose(np.swapaxes(S, 1, 2) @ S, np.broadcast_to(np.eye(pstar), (len(S), pstar, pstar)), atol=1e-12)


def test_other_initialisations_end_at_other_zero_error_points():
    model = preset("seed003", 3, 2)
    options = ode.ODEOptions.in_t(0.01, 150.0, points=11)
    first = ode.integrate_random(model, 0.1, 1, options)
    other = ode.integrate_random(model, 0.1, 7, options)
    assert other.risk[-1] < 1e-5
    assert other.distance_to_prediction(first.closest_solution()[0])[-1] > 0.1


def test_half_risk_event_and_convergence_stop():
    model = preset("seed003", 2, 1)
    rho0, Q0 = initial_overlaps(model, 0.05, 4)
    full = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=0.05, alpha_max=2000.0, points=41, convergence_tol=1e-3))
    assert full.status == "converged" and full.events.converged is not None
    assert full.risk[-1] >= 1e-3 and full.alpha[-1] <= full.events.converged < 2000.0
    alpha_c = full.events.half_risk
    assert 0 < alpha_c < full.events.converged
    upto = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=0.05, alpha_max=alpha_c, points=2))
    assert upto.risk[-1] == pytest.approx(full.risk[0] / 2, rel=1e-7)


def test_time_in_t_and_in_alpha_agree():
    model = preset("seed003", 2, 2)
    rho0, Q0 = initial_overlaps(model, 0.1, 5)
    in_alpha = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=0.02, alpha_max=500.0, points=11))
    in_t = ode.integrate(model, rho0, Q0, ode.ODEOptions.in_t(0.02, 10.0, points=11))
    np.testing.assert_allclose(in_t.alpha, in_alpha.alpha)
    np.testing.assert_allclose(in_t.t, in_alpha.t)
    np.testing.assert_allclose(in_t.rho, in_alpha.rho, atol=1e-8)


def test_implicit_method_with_the_kernel_jacobian_and_the_stiff_switch():
    model = preset("seed003", 3, 2)
    rho0, Q0 = initial_overlaps(model, 0.1, 6)
    explicit = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=0.05, alpha_max=200.0, points=11))
    radau = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=0.05, alpha_max=200.0, points=11, method="Radau"))
    switched = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=0.05, alpha_max=200.0, points=11, max_explicit_evaluations=50))
    assert radau.method == "Radau" and switched.method == "Radau" and "stiff" in switched.message
    assert switched.evaluations > 50
    np.testing.assert_allclose(radau.rho, explicit.rho, atol=1e-7)
    np.testing.assert_allclose(switched.Q, explicit.Q, atol=1e-7)


def test_log_grid():
    model = preset("seed003", 1, 1)
    result = ode.integrate_random(model, 0.1, 0, ode.ODEOptions(eta=0.01, alpha_max=100.0, points=6, spacing="log", log_start=1e-4))
    np.testing.assert_allclose(result.alpha, [0, 0.01, 0.1, 1, 10, 100])


def test_weights_and_batch_give_the_same_trajectories():
    model = preset("seed003", 2, 1)
    options = ode.ODEOptions(eta=0.05, alpha_max=50.0, points=6)
    rho0 = np.stack([initial_overlaps(model, 0.1, seed)[0] for seed in range(3)])
    batch = ode.integrate_batch(model, rho0, np.eye(2), options)
    single = ode.integrate(model, rho0[1], np.eye(2), options)
    np.testing.assert_array_equal(batch[1].rho, single.rho)
    assert not np.allclose(batch[0].rho, batch[1].rho)
    W, Wstar = sgd.weights_from_overlaps(rho0[1], np.eye(2), 400, 0)
    from_weights = ode.integrate_weights(model, W, Wstar, options)
    np.testing.assert_allclose(from_weights.rho, single.rho, atol=1e-10)


@pytest.mark.parametrize("eta", [2.0, 20.0])
def test_divergence_at_large_eta_is_reported_not_nan(eta):
    model = preset("seed003", 2, 1)
    result = ode.integrate_random(model, 0.01, 0, ode.ODEOptions(eta=eta, alpha_max=100.0, points=101))
    assert result.status == "diverged"
    assert 0 < result.events.diverged < 100.0 and result.events.reason
    for array in (result.alpha, result.rho, result.Q, result.risk):
        assert np.isfinite(array).all()
    assert result.alpha[-1] <= result.events.diverged
    with pytest.raises(ode.ODEDiverged, match=f"eta = {eta:g}, alpha = "):
        result.check()


def test_npz_arrays_carry_the_events():
    model = preset("seed003", 2, 1)
    result = ode.integrate_random(model, 0.05, 1, ode.ODEOptions(eta=0.05, alpha_max=1000.0, points=5))
    arrays = result.arrays()
    assert arrays["rho"].shape == (5, 2, 1) and arrays["Q"].shape == (5, 2, 2) and arrays["risk"].shape == (5,)
    import json

    meta = json.loads(str(arrays["meta"]))
    assert meta["events"]["half_risk"] == result.events.half_risk and meta["seed"] == 1 and meta["status"] == "completed"


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"eta": -1.0}, "eta"),
        ({"eta": float("nan")}, "eta"),
        ({"alpha_max": 0.0}, "alpha_max"),
        ({"points": 1}, "points"),
        ({"method": "Euler"}, "method"),
        ({"spacing": "cubic"}, "spacing"),
        ({"time": "steps"}, "time"),
    ],
)
def test_bad_options_are_named(settings, message):
    fields = {"eta": 0.1, "alpha_max": 1.0} | settings
    with pytest.raises(ValueError, match=message):
        ode.ODEOptions(**fields)


def test_bad_initial_overlaps_and_observables_are_named():
    model = preset("seed003", 2, 1)
    options = ode.ODEOptions(eta=0.1, alpha_max=1.0)
    with pytest.raises(ValueError, match="positive semidefinite"):
        ode.integrate(model, [[2.0], [0.0]], np.eye(2), options)
    with pytest.raises(ValueError, match="p >= p\\*"):
        ode.conserved_S(np.ones((1, 2)))
    with pytest.raises(ValueError, match="singular"):
        ode.conserved_S(np.zeros((2, 1)))
    with pytest.raises(ValueError, match="z\\^2"):
        ode.closest_solution(preset("seed003", 2, 1, activation="z**3"), [[0.1], [0.2]])


# -- the compiled overlap-space SGD kernel (numerics.dynamics.sgd) against its NumPy fallback -----------------

GENERAL = Model(
    p=2, pstar=2, activation="z**3/3 + z**2 - z/2", student_readout=[0.7, -0.4], teacher_readout=[1, 0.5],
    noise_variance=0.1, loss_prefactor=0.5, teacher_gram="general",
)


def chunk_inputs(model: Model, rho0, Q0, T, replicas: int, steps: int, N: int, seed: int):
    rng = np.random.default_rng(seed)
    d = model.p + model.pstar
    sigma = np.zeros((replicas, d, d))
    sigma[:, : model.pstar, : model.pstar] = T
    rho = np.ascontiguousarray(np.broadcast_to(rho0, (replicas, model.p, model.pstar)), dtype=float)
    Q = np.ascontiguousarray(np.broadcast_to(Q0, (replicas, model.p, model.p)), dtype=float)
    g = rng.standard_normal((steps, replicas, d))
    chi2 = 2.0 * rng.standard_gamma((N - d) / 2.0, (steps, replicas))
    return rho, Q, sigma, g, chi2, rng


@pytest.mark.parametrize(
    "model, T, rho0, Q0, eta",
    [
        (preset("seed003", 6, 3), np.eye(3), 0.05 * np.arange(18.0).reshape(6, 3) / 18, np.eye(6), 0.05),
        (GENERAL, np.array([[1.0, 0.3], [0.3, 0.8]]), [[0.2, 0.1], [-0.1, 0.3]], [[1.0, 0.2], [0.2, 0.9]], 0.05),
        # student inside the teacher's span: Sigma exactly singular, the symmetric-root path
        (preset("seed003", 2, 2), np.eye(2), [[0.6, 0.0], [0.0, 0.8]], [[0.36, 0.0], [0.0, 0.64]], 0.05),
        # eta far too large: divergence codes and steps
        (preset("seed003", 2, 1), np.eye(1), [[0.1], [0.0]], np.eye(2), 50.0),
        # a He_3 teacher and a quadratic student
        (preset("seed003", 2, 1, teacher_activation="z**3 - 3*z"), np.eye(1), [[0.3], [0.1]], np.eye(2), 0.05),
        # the soft committee machine: erf(z/sqrt(2)), read-outs 1, loss (y - yhat)^2 / 2
        (Model(p=3, pstar=3, activation="erf(z/sqrt(2))", student_readout=1, teacher_readout=1,
               loss_prefactor=sympy.Rational(1, 2)), np.eye(3), np.full((3, 3), 0.01), 0.5 * np.eye(3), 0.5),
    ],
)
def test_compiled_overlap_steps_equal_numpy_on_the_same_draws(model, T, rho0, Q0, eta):
    if simulator.overlap_chunk(model.p, model.pstar) is None:
        pytest.skip("no C compiler")
    N = 60
    rho, Q, sigma, g, chi2, rng = chunk_inputs(model, rho0, Q0, T, 4, 500, N, 3)
    amplitude = sgd._Amplitude.of(model, eta)
    zeta = amplitude.noise(rng, chi2.shape)
    rho_c, Q_c = rho.copy(), Q.copy()
    codes, at = sgd._overlap_chunk_numpy(rho, Q, sigma.copy(), g, chi2, zeta, amplitude, N, 1e6)
    rho_t, Q_t, sigma_t = rho_c.copy(), Q_c.copy(), sigma.copy()
    codes_c, at_c = sgd._overlap_chunk_c(rho_c, Q_c, sigma, g, chi2, zeta, amplitude, N, 1e6)
    # threads share the replicas: the same numbers, bit for bit
    codes_t, at_t = sgd._overlap_chunk_c(rho_t, Q_t, sigma_t, g, chi2, zeta, amplitude, N, 1e6, threads=3)
    assert np.array_equal(rho_t, rho_c) and np.array_equal(Q_t, Q_c)
    assert np.array_equal(codes_t, codes_c) and np.array_equal(at_t, at_c)
    assert np.array_equal(Q_c, np.swapaxes(Q_c, 1, 2)) and np.array_equal(Q, np.swapaxes(Q, 1, 2))  # exactly symmetric
    np.testing.assert_array_equal(codes_c, codes)
    np.testing.assert_array_equal(at_c, at)
    # At a singular Sigma the root takes sqrt of eigenvalues ~ 1e-16: rounding grows to ~1e-8 there.
    tolerance = 1e-6 if np.linalg.eigvalsh(np.block([[T, np.transpose(rho0)], [np.asarray(rho0), np.asarray(Q0)]]))[0] < 1e-12 else 1e-12
    np.testing.assert_allclose(rho_c, rho, rtol=1e-10, atol=tolerance)
    np.testing.assert_allclose(Q_c, Q, rtol=1e-10, atol=tolerance)
    assert np.abs(Q - Q0).max() > 1e-3 or codes.any()  # the state moved: the comparison is not trivial
    if eta == 50.0:
        assert codes.all()
