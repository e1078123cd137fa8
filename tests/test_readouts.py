"""Learned read-outs (issue 14, item 3): d a_k / d alpha = 2 c eta_a E[e sigma(lambda_k)] through every layer.

The derivation is checked exactly (a hand-derived case, eta_a = 0 against fixed read-outs, batches, the general
route instantiated against the concrete one) and against Monte Carlo; the ODE against the mean of finite-N SGD
runs (weight space and the overlap chain); the command line end to end; bad input.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy

from quadwick.derive.concrete import overlap_ode, population_risk
from quadwick.derive.derivation import derivation
from quadwick.derive.general import GeneralModel, instantiate_system
from quadwick.derive.model import ETA, READOUT_LR, Model, q_symbol, readout_symbol, rho_symbol
from quadwick.derive.numpy_codegen import numpy_source
from quadwick.derive.units import instantiate
from quadwick.numerics.cli.main import main
from quadwick.numerics.dynamics.ode import ODEOptions, closest_solution, integrate
from quadwick.numerics.dynamics.sgd import SGDOptions, sgd_steps, simulate, simulate_overlaps, simulate_weights
from quadwick.numerics.kernels.derived import LambdifiedKernels, kernels
from quadwick.numerics.kernels.units import UnitKernels
from quadwick.numerics.montecarlo import ode_rhs, overlap_expectations, preactivation_draws
from quadwick.numerics.state import pack_state, unpack_readouts

HALF = sympy.Rational(1, 2)


def test_the_readout_equation_by_hand():
    """p = p* = 1, sigma = z^2, c = 1: 2 E[(u^2 - a lambda^2) lambda^2] = 2 (Q + 2 rho^2) - 6 a Q^2."""
    model = Model(p=1, pstar=1, readout_lr="symbolic")
    rho, Q, a = rho_symbol(1, 1), q_symbol(1, 1), readout_symbol(1)
    assert model.order_parameters == (rho, Q, a)
    ode = overlap_ode(model)
    assert sympy.expand(ode.rhs[a] - READOUT_LR * (2 * Q + 4 * rho**2 - 6 * a * Q**2)) == 0
    assert ode.order_eta2[a] == 0
    assert population_risk(model) == sympy.expand(3 * a**2 * Q**2 - 2 * a * Q - 4 * a * rho**2 + 3)
    # A wrong sign or factor is not what was derived.
    assert sympy.expand(ode.rhs[a] + READOUT_LR * (2 * Q + 4 * rho**2 - 6 * a * Q**2)) != 0


def test_a_zero_rate_and_batches_leave_the_other_equations_in_form():
    """eta_a = 0: rho and Q equations equal the fixed-read-out ones at a = a(0), and a stays; with batches of B
    the O(eta^2) part of dQ is divided by B and d a_k / d alpha does not change."""
    start = (HALF, sympy.Rational(1, 3))
    frozen = Model(p=2, pstar=1, student_readout=start, readout_lr=0)
    fixed = Model(p=2, pstar=1, student_readout=start)
    at_start = {readout_symbol(k): value for k, value in enumerate(start, 1)}
    learned, reference = overlap_ode(frozen).rhs, overlap_ode(fixed).rhs
    for name in fixed.order_parameters:
        assert sympy.expand(learned[name].xreplace(at_start) - reference[name]) == 0
    assert learned[readout_symbol(1)] == 0 and learned[readout_symbol(2)] == 0
    one, four = (overlap_ode(Model(p=2, pstar=1, readout_lr=HALF, batch=b)) for b in (1, 4))
    for k in (1, 2):
        assert sympy.expand(one.rhs[readout_symbol(k)] - four.rhs[readout_symbol(k)]) == 0
    q = q_symbol(1, 2)
    assert sympy.expand(one.order_eta2[q] - 4 * four.order_eta2[q]) == 0 and one.order_eta2[q] != 0
    assert set(four.rhs) == set(one.rhs)


@pytest.mark.parametrize("options", [{}, {"activation": "z**2 + z/2 - 1/3", "loss_prefactor": sympy.Rational(1, 4),
                                      "noise_variance": "symbolic", "teacher_readout": [1, 2]},
                                     {"teacher_gram": "general", "batch": 3}])
@pytest.mark.parametrize("rate", ["symbolic", sympy.Rational(2, 3)])
def test_the_general_route_instantiated_equals_the_concrete_route(options, rate):
    """The matrix form's d a/d alpha (read-outs as the diagonal letters A) at p = p* = 2 equals the concrete route
    exactly, as do the risk and the other equations; the JSON bytes of both routes are equal."""
    model = Model(p=2, pstar=2, readout_lr=rate, student_readout=[sympy.Rational(1, 3), 1], **options)
    concrete, general = derivation(model).system, instantiate_system(model)
    assert sympy.expand(concrete.risk - general.risk) == 0
    for name in model.order_parameters:
        assert sympy.expand(concrete.ode.rhs[name] - general.ode.rhs[name]) == 0
    assert general.ode.rhs[readout_symbol(2)] != 0
    assert derivation(model, "general").render("json") == derivation(model).render("json")


def test_the_readout_equation_agrees_with_monte_carlo():
    """Concrete-route d state / d alpha (the C kernels) against 4e5 Monte Carlo samples at a state with noise, a loss
    prefactor and a non-monomial activation: every |z| < 5; the read-out equation with the wrong sign or twice
    the rate is refuted (|z| > 10)."""
    model = Model(p=2, pstar=1, activation="z**2 + z/2", student_readout=[sympy.Rational(1, 3), -sympy.Rational(1, 4)],
                  noise_variance=sympy.Rational(1, 10), loss_prefactor=HALF, readout_lr=sympy.Rational(3, 2))
    rho, Q = [[0.3], [0.5]], [[1.0, 0.2], [0.2, 0.8]]
    estimate = ode_rhs(model, preactivation_draws(model, rho, Q, 400_000, np.random.default_rng(1)), 0.1)
    derived = kernels(model).rhs(pack_state(model, rho, Q), 0.1)
    z = (derived - estimate.value) / estimate.stderr
    assert np.abs(z).max() < 5
    readouts = slice(-model.p, None)
    for wrong in (-derived[readouts], 2 * derived[readouts]):
        assert np.abs((wrong - estimate.value[readouts]) / estimate.stderr[readouts]).max() > 10
    # overlap_expectations' ``da`` at p = p* = 1: 2 eta_a (Q + 2 rho^2 - 3 a Q^2) = -3.64 at rho = 0.3, Q = a = 1.
    da = overlap_expectations(Model(p=1, pstar=1, readout_lr=1), [[0.3]], [[1.0]], 0.1, 100_000,
                              np.random.default_rng(2))["da"]
    assert abs(da.value[0] + 3.64) < 5 * da.stderr[0] and da.value.shape == (1,)


def misfit(prediction: np.ndarray, runs: np.ndarray, N: int) -> float:
    """max over the recorded times of |ODE - mean of the runs| / (4 SE + 15/N): 4 standard errors of the mean plus
    15/N for the O(1/N) finite-size bias of the mean (measured 12/N on Q_22 at N = 1000 and 11/N at N = 8000,
    weight space, B = 1); above 1 the runs refute the prediction."""
    error = runs.std(axis=0, ddof=1) / np.sqrt(len(runs))
    return float((np.abs(prediction - runs.mean(axis=0)) / (4 * error + 15 / N)).max())


# (method, B, eta, alpha_max, the wrong ODE that the runs refute): fixed read-outs, or B = 1 for batches of 4.
SIMULATIONS = [("weights", 1, 0.05, 4, {"readout_lr": 0}), ("overlap", 1, 0.05, 4, {"readout_lr": 0}),
               ("weights", 4, 0.2, 2, {"batch": 1})]


@pytest.mark.parametrize("method, batch, eta, alpha_max, wrong", SIMULATIONS)
def test_the_ode_agrees_with_finite_n_sgd(method, batch, eta, alpha_max, wrong):
    """ODE from (rho, Q, a) = ([0.8, 0.5], I, 1/2) with eta_a = 1 against the mean of 8 replicas of finite-N SGD at
    N = 1000 (about 2 s each), within the tolerance of :func:`misfit`.  The same runs refute the ODE with fixed
    read-outs (eta_a = 0), and for B = 4 the ODE of B = 1."""
    rho0, Q0, N, replicas = [[0.8], [0.5]], np.eye(2), 1000, 8
    model = Model(p=2, pstar=1, readout_lr=1, batch=batch)
    options = ODEOptions(eta=eta, alpha_max=alpha_max, points=5)
    ode = integrate(model, rho0, Q0, options).check()
    refuted = integrate(Model(p=2, pstar=1, **{"readout_lr": 1, "batch": batch, **wrong}), rho0, Q0, options).check()
    sim = simulate(model, rho0, Q0, SGDOptions(N=N, eta=eta, alpha_max=alpha_max, points=5, replicas=replicas),
                   rng=7, method=method).check()
    assert np.allclose(sim.alpha, ode.alpha) and sim.a.shape == (replicas, 5, 2)
    assert max(misfit(getattr(ode, name), getattr(sim, name), N) for name in ("a", "rho", "Q", "risk")) < 1
    assert ode.a[-1, 1] < 0.4  # the second read-out moved far from 1/2: the check has something to see
    assert misfit(refuted.a, sim.a, N) > 3 and misfit(refuted.Q, sim.Q, N) > 3


def test_state_packing_and_fixed_readouts_unchanged():
    model = Model(p=2, pstar=1, readout_lr=HALF)
    state = pack_state(model, np.zeros((3, 2, 1)), np.eye(2), a=[[0.1, 0.2]] * 3)
    assert state.shape == (3, 7) and unpack_readouts(model, state).tolist() == [[0.1, 0.2]] * 3
    assert pack_state(model, [[0.0], [0.0]], np.eye(2))[-2:].tolist() == [0.5, 0.5]
    fixed = Model(p=2, pstar=1)
    assert pack_state(fixed, [[0.0], [0.0]], np.eye(2)).shape == (5,)
    assert "readout_lr" not in fixed.describe()
    # The initial read-outs are no part of the derivation: such models share it (and their kernels).
    assert Model(p=2, pstar=1, readout_lr=1, student_readout=0.2) == Model(p=2, pstar=1, readout_lr=1)
    assert Model(p=2, pstar=1, readout_lr=1, student_readout=0.2).initial_readout == (sympy.Rational(1, 5),) * 2
    assert fixed.order_parameters == Model(p=2, pstar=1, readout_lr=0).order_parameters[:5]
    with pytest.raises(ValueError, match="not part of the state"):
        pack_state(fixed, [[0.0], [0.0]], np.eye(2), a=[0.5, 0.5])
    with pytest.raises(ValueError, match=r"read-outs a \(\.\.\., 2\)"):
        pack_state(model, [[0.0], [0.0]], np.eye(2), a=[0.1, 0.2, 0.3])


@pytest.mark.parametrize("rate, message", [(-1, "non-negative"), (float("nan"), "finite"), (float("inf"), "finite"),
                                           ("fast", "a number"), (1j, "non-negative")])
def test_bad_readout_rates_are_refused(rate, message):
    with pytest.raises(ValueError, match=f"readout_lr must be {message}"):
        Model(p=1, pstar=1, readout_lr=rate)


def test_the_unit_form_learns_readouts():
    """The unit form's da_k = 2 c eta_a [sum_m v_m I2(lambda_k, u_m) - sum_i a_i I2(lambda_k, lambda_i)] summed at
    p = p* = 2 equals the concrete route exactly (He_3 student, z^2 teacher), and its kernels (C loops and NumPy
    arrays, read-outs read from the state) equal the lambdified concrete ones."""
    model = Model(p=2, pstar=2, activation="z**3 - 3*z", teacher_activation="z**2", readout_lr=sympy.Rational(2, 3),
                  student_readout=[sympy.Rational(1, 3), 1], noise_variance=sympy.Rational(1, 5))
    summed, concrete = instantiate(model), overlap_ode(model)
    for name in model.order_parameters:
        assert sympy.expand(summed["order_eta"][name] + summed["order_eta2"][name] - concrete.rhs[name]) == 0
    assert sympy.expand(summed["risk"] - population_risk(model)) == 0
    state = pack_state(model, [[0.3, 0.1], [0.2, 0.5]], [[1.0, 0.2], [0.2, 0.8]], a=[0.4, -0.3])
    reference = LambdifiedKernels(model)
    for compiled in (True, False):
        unit = UnitKernels(model, compiled=compiled)
        assert np.allclose(unit.rhs(state, 0.1), reference.rhs(state, 0.1), rtol=1e-12, atol=1e-12)
        assert np.isclose(unit.risk(state), reference.risk(state), rtol=1e-12)


def test_the_erf_committee_machine_with_learned_readouts():
    """Saad & Solla's erf(z / sqrt(2)) with a learning second layer (Goldt et al. 2019), K = M = 2: d state / d alpha
    of the unit form against 2e5 Monte Carlo samples (|z| < 5; the read-out equation with the wrong sign refuted),
    and the ODE against the mean of 8 replicas of the overlap chain at N = 1000 (within :func:`misfit`), which
    refute the ODE with fixed read-outs."""
    erf = "erf(z/sqrt(2))"
    model = Model(p=2, pstar=2, activation=erf, student_readout=[0.2, 0.1], readout_lr=1)
    rho, Q = [[0.3, 0.1], [0.2, 0.5]], [[1.0, 0.2], [0.2, 0.8]]
    estimate = ode_rhs(model, preactivation_draws(model, rho, Q, 200_000, np.random.default_rng(3)), 0.5)
    derived = kernels(model).rhs(pack_state(model, rho, Q), 0.5)
    assert np.abs((derived - estimate.value) / estimate.stderr).max() < 5
    assert np.abs((-derived[-2:] - estimate.value[-2:]) / estimate.stderr[-2:]).max() > 10
    rho0, Q0, N, replicas = [[0.5, 0.1], [0.1, 0.4]], np.eye(2), 1000, 8
    options = ODEOptions(eta=0.5, alpha_max=10, points=5)
    ode = integrate(model, rho0, Q0, options).check()
    frozen = integrate(Model(p=2, pstar=2, activation=erf, student_readout=[0.2, 0.1], readout_lr=0), rho0, Q0,
                       options).check()
    sim = simulate(model, rho0, Q0, SGDOptions(N=N, eta=0.5, alpha_max=10, points=5, replicas=replicas), 7).check()
    assert max(misfit(getattr(ode, name), getattr(sim, name), N) for name in ("a", "rho", "Q", "risk")) < 1
    assert misfit(frozen.a, sim.a, N) > 3


def test_what_keeps_the_readouts_fixed_refuses():
    model = Model(p=2, pstar=1, readout_lr=HALF)
    with pytest.raises(ValueError, match="generated NumPy kernels keep the read-outs fixed"):
        numpy_source(GeneralModel(readout_lr=1))
    assert isinstance(kernels(model, backend="numpy"), LambdifiedKernels)
    with pytest.raises(ValueError, match="equal fixed read-outs"):
        closest_solution(Model(p=2, pstar=1, readout_lr=0), [[0.3], [0.1]])
    with pytest.raises(ValueError, match="compiled overlap-space kernel keeps the read-outs fixed"):
        simulate_overlaps(model, [[0.1], [0.1]], np.eye(2), SGDOptions(N=50, eta=0.1, alpha_max=1, points=2, backend="c"), 0)
    with pytest.raises(ValueError, match="one sample per step"):
        simulate_overlaps(Model(p=2, pstar=1, readout_lr=1, batch=2), [[0.1], [0.1]], np.eye(2),
                          SGDOptions(N=50, eta=0.1, alpha_max=1, points=2), 0)
    with pytest.raises(ValueError, match="float32"):
        simulate_weights(model, [[0.1], [0.1]], np.eye(2), SGDOptions(N=50, eta=0.1, alpha_max=1, points=2,
                                                                      input_dtype="float32"), 0)
    with pytest.raises(ValueError, match="use simulate_weights"):
        sgd_steps(model, np.ones((2, 50)), np.ones((1, 50)), np.ones((1, 50)), 0.1)


def test_latex_writes_the_readout_rate():
    text = derivation(Model(p=1, pstar=1, readout_lr="symbolic")).render("latex")
    assert r"\frac{d a_{1}}{d\alpha} = \eta_{a} \Bigl[ - 6 Q_{11}^{2} a_{1} + 2 Q_{11} + 4 \rho_{11}^{2} \Bigr]" in text
    assert r"read-out learning rate & $\eta_{a}$ & $\eta_{a}$" in text
    assert r"\frac{\eta_{a}}{\eta}" not in text


def test_command_line_end_to_end(tmp_path, capsys):
    assert main(["derive", "--p", "2", "--pstar", "1", "--readout-lr", "1/2", "--format", "json"]) == 0
    derived = json.loads(capsys.readouterr().out)
    assert derived["variables"][-2:] == ["a_1", "a_2"] and derived["model"]["readout_lr"] == "1/2"
    assert set(derived["ode"]) >= {"a_1", "a_2"} and "a_1" in derived["risk"] and "a_2" in derived["ode"]["rho_2_1"]
    a1 = sympy.parse_expr(derived["ode"]["a_1"])
    assert a1.free_symbols <= {sympy.Symbol(n) for n in derived["variables"]} and ETA not in a1.free_symbols
    assert main(["derive", "--p", "2", "--pstar", "1", "--format", "json"]) == 0
    assert "a_1" not in json.loads(capsys.readouterr().out)["variables"]

    ode_file, sim_file = tmp_path / "ode.npz", tmp_path / "sim.npz"
    common = ["--p", "2", "--pstar", "1", "--eta", "0.1", "--alpha-max", "2", "--points", "3", "--eps", "0.3",
              "--readout-lr", "0.5"]
    assert main(["ode", *common, "--out", str(ode_file)]) == 0
    for method in ("weights", "overlap"):
        assert main(["simulate", *common, "--N", "100", "--replicas", "2", "--method", method, "--out", str(sim_file)]) == 0
        with np.load(sim_file) as sim:
            assert sim["a"].shape == (2, 3, 2) and not np.allclose(sim["a"][:, -1], 0.5)
    with np.load(ode_file) as ode:
        assert ode["a"].shape == (3, 2) and ode["a"][0].tolist() == [0.5, 0.5] and not np.allclose(ode["a"][-1], 0.5)
        assert json.loads(str(ode["meta"]))["model"]["readout_lr"] == "1/2"
    capsys.readouterr()
    for bad in (["--readout-lr", "-1"], ["--readout-lr", "nan"]):
        with pytest.raises(SystemExit) as stop:
            main(["derive", "--p", "1", "--pstar", "1", *bad])
        assert stop.value.code == 2
    assert "--readout-lr" in capsys.readouterr().err
    assert main(["derive", "--general", "--readout-lr", "symbolic", "--format", "text"]) == 0
    assert "d a/d alpha = 2*eta_a diag(Q) - 2*eta_a*tr(A Q) diag(Q)" in capsys.readouterr().out
    assert main(["derive", "--general", "--readout-lr", "1", "--activation", "erf(z/sqrt(2))", "--format", "text"]) == 0
    assert "d a_k/d alpha = 2*[sum_{m} v_m*I2(lambda_k, u_m) - sum_{i} a_i*I2(lambda_k, lambda_i)]" in capsys.readouterr().out
