"""Finite-N one-pass SGD: blocked weight space against the per-sample loop, overlap space against
weight space in distribution, both against the ODE as N grows; divergence and bad input."""

from __future__ import annotations

import math
import warnings
from dataclasses import replace

import numpy as np
import pytest
import sympy
from scipy.integrate import solve_ivp
from scipy.stats import ks_2samp

from quadwick.derive.concrete import overlap_ode, population_risk
from quadwick.derive.model import Model, preset
from quadwick.numerics.dynamics import sgd
from quadwick.numerics.kernels import simulator
from quadwick.numerics import state

SEED003 = preset("seed003", 2, 1)
# Cubic activation, unequal read-outs, label noise, loss prefactor and a general teacher Gram.
GENERAL = Model(
    p=2,
    pstar=2,
    activation="z**3/3 + z**2 - z/2",
    student_readout=[0.7, -0.4],
    teacher_readout=[1, 0.5],
    noise_variance=0.1,
    loss_prefactor=0.5,
    teacher_gram="general",
)
T_GENERAL = np.array([[1.0, 0.3], [0.3, 0.8]])


def naive_loop(model: Model, W, Wstar, inputs, eta, noise, with_readouts=False):
    """The per-sample loop a user would write: lambda, u, F_k = 2 c eta a_k sigma'(lambda_k)(y - yhat) with the
    teacher's activation in y; with batches of B, each step adds the mean of B such updates at the same weights.
    Learned read-outs (model.readout_lr = eta_a) move by the mean of 2 c eta_a sigma(lambda_k)(y - yhat) / N at the
    same time; ``with_readouts`` returns (W, a)."""
    def polynomial(activation):
        return np.polynomial.Polynomial([float(c) for c in sympy.Poly(activation, sympy.Symbol("z")).all_coeffs()[::-1]])

    sigma, teacher = polynomial(model.activation), polynomial(model.teacher_activation)
    a = np.asarray(state.numeric_parameters(model)["a"], dtype=float)  # learned: the initial read-outs
    v = np.array([float(x) for x in model.teacher_readout])
    c = float(model.loss_prefactor)
    readout_lr = float(model.readout_lr or 0)
    W = W.copy()
    N = inputs.shape[1]
    root_n = math.sqrt(N)
    for start in range(0, len(inputs), model.batch):
        step, move = np.zeros_like(W), np.zeros_like(a)
        for x, zeta in zip(inputs[start : start + model.batch], noise[start : start + model.batch]):
            lam, u = W @ x / root_n, Wstar @ x / root_n
            residual = v @ teacher(u) + zeta - a @ sigma(lam)
            step += np.outer(2 * c * eta * a * sigma.deriv()(lam) * residual, x) / root_n
            move += 2 * c * readout_lr * sigma(lam) * residual / N
        W += step / model.batch
        a = a + move / model.batch
    return (W, a) if with_readouts else W


def final_samples(result: sgd.SGDResult) -> dict[str, np.ndarray]:
    """Each order parameter and the risk at the last recorded alpha, one value per replica."""
    p, pstar = result.model.p, result.model.pstar
    columns = {f"rho_{k}{l}": result.rho[:, -1, k, l] for k in range(p) for l in range(pstar)}
    columns.update({f"Q_{k}{j}": result.Q[:, -1, k, j] for k in range(p) for j in range(k, p)})
    columns["risk"] = result.risk[:, -1]
    return columns


def assert_same_distribution(first: sgd.SGDResult, second: sgd.SGDResult, sigmas: float = 4.0, level: float = 1e-3):
    for name, x in final_samples(first).items():
        y = final_samples(second)[name]
        stderr = math.sqrt(x.var(ddof=1) / len(x) + y.var(ddof=1) / len(y))
        assert abs(x.mean() - y.mean()) < sigmas * stderr + 1e-12, (name, x.mean(), y.mean(), stderr)
        assert ks_2samp(x, y).pvalue > level, (name, ks_2samp(x, y))


def ode_solution(model: Model, eta: float, rho0, Q0, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """rho (K, p, p*) and Q (K, p, p) from the lambdified exact ODE, integrated tightly."""
    ode = overlap_ode(model)
    names = model.order_parameters
    rhs = sympy.lambdify(names, [ode.rhs[name].subs(model.eta, eta) for name in names], modules="numpy")
    p, pstar = model.p, model.pstar
    upper = np.triu_indices(p)
    y0 = np.concatenate([np.ravel(rho0), np.asarray(Q0)[upper]])
    solution = solve_ivp(lambda t, y: rhs(*y), (0, alpha[-1]), y0, t_eval=alpha, rtol=1e-10, atol=1e-12)
    assert solution.success
    rho = solution.y[: p * pstar].T.reshape(-1, p, pstar)
    Q = np.zeros((len(alpha), p, p))
    Q[:, upper[0], upper[1]] = solution.y[p * pstar :].T
    Q[:, upper[1], upper[0]] = solution.y[p * pstar :].T
    return rho, Q


# -- weight space ---------------------------------------------------------------------------


@pytest.mark.parametrize("model, T", [(SEED003, None), (preset("seed003", 3, 2), None), (GENERAL, T_GENERAL),
                                      (preset("seed003", 2, 1, batch=3, teacher_activation="z**3 - 3*z"), None)])
@pytest.mark.parametrize("block", [1, 7, 32, 500])
@pytest.mark.parametrize("threads, backend", [(1, "auto"), (3, "numpy")])
def test_blocked_weight_space_equals_per_sample_loop(model, T, block, threads, backend, monkeypatch):
    monkeypatch.setattr(sgd, "_STRIPE", 9)  # N = 40 in 4 stripes
    rng = np.random.default_rng(11)
    N, steps, eta = 40, 150, 0.05
    rho0, Q0 = state.initial_overlaps(model, 0.4, rng)
    W, Wstar = sgd.weights_from_overlaps(rho0, Q0, N, rng, T)
    inputs = rng.standard_normal((steps, N))
    noise = rng.standard_normal(steps) * 0.3
    expected = naive_loop(model, W, Wstar, inputs, eta, noise)
    got = sgd.sgd_steps(model, W, Wstar, inputs, eta, noise=noise, block=block, threads=threads, backend=backend)
    assert np.abs(got - W).max() > 0.1  # the weights moved
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-11 * np.abs(expected).max())


@pytest.mark.parametrize("model, T", [(SEED003, None), (GENERAL, T_GENERAL)])
def test_float32_inputs_follow_the_per_sample_loop_to_float32_rounding(model, T, monkeypatch):
    """float32 inputs run the products in float32: against the float64 loop on the same inputs the
    error is float32 rounding of the weights' movement, far below what dropping the within-block
    corrections would give."""
    monkeypatch.setattr(sgd, "_STRIPE", 64)
    rng = np.random.default_rng(12)
    N, steps, eta = 300, 200, 0.05
    rho0, Q0 = state.initial_overlaps(model, 0.4, rng)
    W, Wstar = sgd.weights_from_overlaps(rho0, Q0, N, rng, T)
    inputs = rng.standard_normal((steps, N), dtype=np.float32)
    noise = rng.standard_normal(steps) * 0.3
    expected = naive_loop(model, W, Wstar, inputs.astype(float), eta, noise)
    moved = np.abs(expected - W).max()
    one_thread = sgd.sgd_steps(model, W, Wstar, inputs, eta, noise=noise, block=16)
    np.testing.assert_array_equal(sgd.sgd_steps(model, W, Wstar, inputs, eta, noise=noise, block=16, threads=2), one_thread)
    assert np.abs(one_thread - expected).max() < 1e-5 * moved
    # The tolerance can tell: without the within-block corrections (G = 0) the error is far above it.
    numpy_kernel = sgd._amplitudes_numpy
    monkeypatch.setattr(sgd, "_amplitudes", lambda backend: lambda Z, G, *rest: numpy_kernel(Z, 0 * G, *rest))
    wrong = sgd.sgd_steps(model, W, Wstar, inputs, eta, noise=noise, block=16)
    assert np.abs(wrong - expected).max() > 1e-3 * moved


@pytest.mark.parametrize("input_dtype", ["float64", "float32"])
def test_weight_space_result_does_not_depend_on_threads(input_dtype, monkeypatch):
    monkeypatch.setattr(sgd, "_STRIPE", 16)  # N = 100 in 6 stripes
    model = preset("seed003", 3, 2)
    rho0, Q0 = state.initial_overlaps(model, 0.2, 1)
    runs = [
        sgd.simulate_weights(model, rho0, Q0, sgd.SGDOptions(N=100, eta=0.1, alpha_max=2.0, points=4, replicas=3,
                                                             block=8, threads=threads, input_dtype=input_dtype), rng=5)
        for threads in (1, 2, 4, 6, 8)
    ]
    assert runs[0].status == "completed" and np.ptp(runs[0].Q[:, -1, 0, 0]) > 0
    for run in runs[1:]:
        np.testing.assert_array_equal(run.rho, runs[0].rho)
        np.testing.assert_array_equal(run.Q, runs[0].Q)
    again = sgd.simulate_weights(model, rho0, Q0, runs[0].options, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(again.Q, runs[0].Q)
    other = sgd.simulate_weights(model, rho0, Q0, runs[0].options, rng=6)
    assert not np.array_equal(other.Q, runs[0].Q)


def test_weight_space_amplitudes_in_c_equal_numpy():
    if simulator.weight_amplitudes() is None:
        pytest.skip("no C compiler")
    rng = np.random.default_rng(4)
    amplitude = sgd._Amplitude.of(GENERAL, 0.3)
    Z, G = rng.standard_normal((3, 9, 4)), rng.standard_normal((3, 9, 9)) * 0.1
    for zeta in (0.0, rng.standard_normal((3, 9))):
        expected = sgd._amplitudes_numpy(Z, G, zeta, amplitude, 2)
        np.testing.assert_allclose(sgd._amplitudes_c(Z, G, zeta, amplitude, 2), expected, rtol=1e-13, atol=1e-15)


# Models for the compiled simulator: fixed read-outs (seed 003 and GENERAL: cubic, label noise, general Gram),
# batches with another teacher, learned read-outs with and without batches, and widths that take the C kernel's
# rows in several groups (p + p* = 13 and p = 7: groups of 12 and 6 rows and their remainders).
COMPILED = [(SEED003, None), (GENERAL, T_GENERAL), (preset("seed003", 2, 1, batch=3, teacher_activation="z**3 - 3*z"), None),
            (preset("seed003", 3, 2, readout_lr=0.5), None), (preset("seed003", 2, 1, batch=2, readout_lr=1), None),
            (preset("seed003", 7, 6), None)]


def compiled_steps(model: Model, W, Wstar, inputs, eta, noise, block):
    """The compiled simulator on given inputs (as sgd_steps runs it, with learned read-outs too): (W, a)."""
    library = sgd._weight_library("c", model, "float64")
    amplitude = sgd._Amplitude.of(model, eta)
    A = np.concatenate([Wstar, W])[None].copy()
    readouts = amplitude.a[None].copy() if model.learns_readouts else None
    codes, at = np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64)
    sgd._run_compiled(library, A, len(inputs), block, amplitude, codes, at, inputs=np.ascontiguousarray(inputs),
                      noise=np.ascontiguousarray(noise), readouts=readouts)
    assert codes[0] == 0
    return A[0, model.pstar :], amplitude.a if readouts is None else readouts[0]


@pytest.mark.parametrize("model, T", COMPILED)
@pytest.mark.parametrize("block", [1, 6, 8, 500])
def test_compiled_weight_space_equals_per_sample_loop(model, T, block):
    """N = 701: three stripes of the C kernel (256, 256, 189 columns: a tail that is no multiple of 4)."""
    if sgd._weight_library("auto", model, "float64") is None:
        pytest.skip("no C compiler")
    rng = np.random.default_rng(11)
    N, steps, eta = 701, 60, 0.1
    rho0, Q0 = state.initial_overlaps(model, 0.4 if model.pstar < 6 else 0.2, rng)  # eps = 0.4 is not PSD at p* = 6
    W, Wstar = sgd.weights_from_overlaps(rho0, Q0, N, rng, T)
    inputs = rng.standard_normal((steps * model.batch, N))
    noise = rng.standard_normal(len(inputs)) * 0.3
    expected, a = naive_loop(model, W, Wstar, inputs, eta, noise, with_readouts=True)
    got, got_a = compiled_steps(model, W, Wstar, inputs, eta, noise, sgd._whole_steps(block, model.batch))
    moved = np.abs(expected - W).max()
    assert moved > 0.03 and (not model.learns_readouts or np.abs(a - sgd._Amplitude.of(model, eta).a).max() > 1e-3)
    assert np.abs(got - expected).max() < 1e-12 * np.abs(expected).max()
    assert np.abs(got_a - a).max() < 1e-12 * np.abs(a).max()
    if not model.learns_readouts:
        np.testing.assert_array_equal(sgd.sgd_steps(model, W, Wstar, inputs, eta, noise=noise, block=block), got)
    # The tolerance can tell: the same inputs in another order move the weights elsewhere.
    other, _ = compiled_steps(model, W, Wstar, inputs[::-1], eta, noise[::-1], sgd._whole_steps(block, model.batch))
    assert np.abs(other - expected).max() > 1e-6 * np.abs(expected).max()


def test_compiled_weight_space_does_not_depend_on_threads():
    """Label noise and learned read-outs drawn and moved in C: threads share the replicas and change no number."""
    model = preset("seed003", 3, 2, readout_lr=0.5, noise_variance=0.2)
    if sgd._weight_library("auto", model, "float64") is None:
        pytest.skip("no C compiler")
    rho0, Q0 = state.initial_overlaps(model, 0.2, 1)
    options = sgd.SGDOptions(N=600, eta=0.1, alpha_max=1.0, points=4, replicas=5)
    runs = [sgd.simulate_weights(model, rho0, Q0, replace(options, threads=threads), rng=5) for threads in (1, 2, 3, 5, 8)]
    assert runs[0].status == "completed" and np.ptp(runs[0].Q[:, -1, 0, 0]) > 0 and np.ptp(runs[0].a[:, -1, 0]) > 0
    for run in runs[1:]:
        for name in ("rho", "Q", "a"):
            np.testing.assert_array_equal(getattr(run, name), getattr(runs[0], name))
    assert not np.array_equal(sgd.simulate_weights(model, rho0, Q0, options, rng=6).Q, runs[0].Q)


@pytest.mark.parametrize("model", [SEED003, preset("seed003", 2, 1, readout_lr=0.2)])
def test_compiled_weight_space_agrees_with_numpy_and_the_chain_in_distribution(model):
    """C-drawn inputs against NumPy-drawn ones (backend "numpy") and against the exact overlap chain; a run at
    another eta is told apart (the check can fail)."""
    if sgd._weight_library("auto", model, "float64") is None:
        pytest.skip("no C compiler")
    options = sgd.SGDOptions(N=100, eta=0.1, alpha_max=1.0, points=3, replicas=400)
    rho0, Q0 = np.array([[0.3], [-0.2]]), np.eye(2)
    compiled = sgd.simulate_weights(model, rho0, Q0, options, rng=6)
    numpy = sgd.simulate_weights(model, rho0, Q0, replace(options, backend="numpy"), rng=7)
    overlap = sgd.simulate_overlaps(model, rho0, Q0, replace(options, backend="numpy"), rng=5)
    assert compiled.status == numpy.status == overlap.status == "completed"
    assert_same_distribution(compiled, numpy)
    assert_same_distribution(compiled, overlap)
    other = sgd.simulate_weights(model, rho0, Q0, replace(options, eta=0.13), rng=6)
    with pytest.raises(AssertionError):
        assert_same_distribution(other, overlap)


def test_without_a_compiler_weight_space_falls_back_to_numpy(monkeypatch):
    """"auto" runs NumPy's blocks when no C compiler is found, "c" says what is missing; with a compiler, weights
    that become non-finite on given inputs are reported with the step, not returned as NaN."""
    options = sgd.SGDOptions(N=50, eta=0.1, alpha_max=0.2, points=2, replicas=2)
    rho0, Q0 = np.array([[0.3], [-0.2]]), np.eye(2)
    numpy = sgd.simulate_weights(SEED003, rho0, Q0, replace(options, backend="numpy"), rng=3)
    if sgd._weight_library("auto", SEED003, "float64") is not None:
        compiled = sgd.simulate_weights(SEED003, rho0, Q0, options, rng=3)
        assert np.abs(compiled.Q[:, -1] - numpy.Q[:, -1]).max() > 1e-3  # its own draws
        rng = np.random.default_rng(0)
        W, Wstar = sgd.weights_from_overlaps(rho0, Q0, 50, rng)
        with pytest.raises(sgd.SimulationDiverged, match="non-finite by step"):
            sgd.sgd_steps(SEED003, W, Wstar, 30 * rng.standard_normal((40, 50)), 5.0)
    monkeypatch.setattr(sgd, "weight_simulator", lambda p, pstar: None)
    fallback = sgd.simulate_weights(SEED003, rho0, Q0, options, rng=3)
    np.testing.assert_allclose(fallback.Q, numpy.Q, rtol=1e-12)  # NumPy's blocks (amplitudes in C or NumPy)
    with pytest.raises(RuntimeError, match="needs a C compiler; use backend='numpy'"):
        sgd.simulate_weights(SEED003, rho0, Q0, replace(options, backend="c"), rng=3)


def test_weights_realise_the_overlaps_exactly():
    rng = np.random.default_rng(3)
    rho = np.array([[0.5, -0.2], [0.1, 0.3], [0.0, 0.0]])
    Q = np.array([[1.0, 0.2, 0.0], [0.2, 0.9, 0.1], [0.0, 0.1, 1.1]])
    W, Wstar = sgd.weights_from_overlaps(rho, Q, 50, rng, T_GENERAL)
    got_rho, got_Q = state.overlaps_of(W, Wstar)
    np.testing.assert_allclose(got_rho, rho, atol=1e-13)
    np.testing.assert_allclose(got_Q, Q, atol=1e-13)
    np.testing.assert_allclose(Wstar @ Wstar.T / 50, T_GENERAL, atol=1e-13)
    with pytest.raises(ValueError, match="not positive semidefinite"):
        sgd.weights_from_overlaps(rho, 0.1 * Q, 50, rng, T_GENERAL)


# -- overlap space against weight space -----------------------------------------------------


def test_overlap_and_weight_space_agree_in_distribution():
    options = sgd.SGDOptions(N=100, eta=0.1, alpha_max=1.0, points=3, replicas=400)
    rho0, Q0 = np.array([[0.3], [-0.2]]), np.eye(2)
    overlap = sgd.simulate_overlaps(SEED003, rho0, Q0, options, rng=5)
    weights = sgd.simulate_weights(SEED003, rho0, Q0, options, rng=6)
    assert overlap.status == weights.status == "completed"
    # The overlaps moved by many standard errors, so agreement is not trivial.
    assert abs(overlap.rho[:, -1, 0, 0].mean() - 0.3) > 10 * overlap.rho[:, -1, 0, 0].std() / 20
    assert_same_distribution(overlap, weights)


def test_float32_threaded_weight_space_agrees_with_overlap_space_in_distribution(monkeypatch):
    """input_dtype float32 with threads: the same process in distribution (several stripes)."""
    monkeypatch.setattr(sgd, "_STRIPE", 32)
    options = sgd.SGDOptions(N=100, eta=0.1, alpha_max=1.0, points=3, replicas=400)
    rho0, Q0 = np.array([[0.3], [-0.2]]), np.eye(2)
    overlap = sgd.simulate_overlaps(SEED003, rho0, Q0, options, rng=5)
    weights = sgd.simulate_weights(SEED003, rho0, Q0, replace(options, threads=2, input_dtype="float32"), rng=7)
    assert overlap.status == weights.status == "completed"
    assert_same_distribution(overlap, weights)


@pytest.mark.parametrize(
    "model, T, N, eta, rho0, Q0",
    [
        (SEED003, None, 3, 0.5, [[0.3], [-0.2]], np.eye(2)),
        (GENERAL, T_GENERAL, 4, 0.2, [[0.3, 0.1], [-0.2, 0.4]], [[1.0, 0.1], [0.1, 0.8]]),
        (GENERAL, T_GENERAL, 7, 0.2, [[0.3, 0.1], [-0.2, 0.4]], [[1.0, 0.1], [0.1, 0.8]]),
    ],
)
def test_first_steps_agree_at_tiny_N_where_the_norm_of_x_matters(model, T, N, eta, rho0, Q0):
    """Three steps at N = p + p* (chi^2 with no degrees of freedom) and just above, with a large eta:
    the F_k F_j ||x||^2 / N^2 term dominates the Q update, so a wrong ||x||^2 law fails the KS tests.
    Some replicas diverge (heavy tails); the stopped processes must agree too."""
    options = sgd.SGDOptions(N=N, eta=eta, alpha_max=3 / N, points=4, replicas=3000)
    overlap = sgd.simulate_overlaps(model, rho0, Q0, options, rng=7, T=T)
    weights = sgd.simulate_weights(model, rho0, Q0, options, rng=8, T=T)
    assert_same_distribution(overlap, weights)
    counts = overlap.diverged.sum(), weights.diverged.sum()
    assert abs(counts[0] - counts[1]) < 4 * math.sqrt(sum(counts) + 1), counts


def test_singular_initial_covariance_student_in_teacher_span():
    """rho = Q = 1 at p = p* = 1: Sigma is singular, which is allowed (Cholesky falls back to eigh)."""
    model = preset("seed003", 1, 1)
    options = sgd.SGDOptions(N=10, eta=0.02, alpha_max=2.0, points=2, replicas=600)
    rho0, Q0 = np.array([[0.9]]), np.array([[0.81]])
    overlap = sgd.simulate_overlaps(model, rho0, Q0, options, rng=1)
    weights = sgd.simulate_weights(model, rho0, Q0, options, rng=2)
    assert overlap.status == weights.status == "completed"
    assert_same_distribution(overlap, weights)


@pytest.mark.parametrize(
    "model, T, N, eta, alpha_max, rho0, Q0, replicas, other",
    [
        (SEED003, None, 100, 0.1, 1.0, [[0.3], [-0.2]], np.eye(2), 400, {"eta": 0.15}),
        # N = p + p* + 1: chi^2 with one degree of freedom (the kernel's Gamma below shape 1), ||x||^2 dominant
        (GENERAL, T_GENERAL, 5, 0.2, 0.6, [[0.3, 0.1], [-0.2, 0.4]], [[1.0, 0.1], [0.1, 0.8]], 3000,
         {"N": 7, "alpha_max": 3 / 7}),
    ],
)
def test_chain_drawing_in_c_is_the_numpy_drawn_process(model, T, N, eta, alpha_max, rho0, Q0, replicas, other):
    """The compiled chain draws g, chi2 and zeta itself (xoshiro256++, ziggurat, Marsaglia-Tsang): in distribution
    the chain on NumPy's draws; the same test rejects the C chain at another eta or N."""
    if simulator.overlap_chunk(model.p, model.pstar) is None:
        pytest.skip("no C compiler")
    options = sgd.SGDOptions(N=N, eta=eta, alpha_max=alpha_max, points=4, replicas=replicas)
    drawn_in_c = sgd.simulate_overlaps(model, rho0, Q0, options, rng=11, T=T)
    numpy = sgd.simulate_overlaps(model, rho0, Q0, replace(options, backend="numpy"), rng=12, T=T)
    assert_same_distribution(drawn_in_c, numpy)
    with pytest.raises(AssertionError):
        assert_same_distribution(sgd.simulate_overlaps(model, rho0, Q0, replace(options, **other), rng=11, T=T), numpy)


def test_chain_drawing_in_c_depends_on_the_seed_only(monkeypatch):
    """Replica r draws from stream r of one seed: the numbers do not depend on the threads or on how the steps are
    cut into calls (the recording grid, the call size); another seed gives other numbers."""
    model = preset("seed003", 3, 2)
    if simulator.overlap_chunk(3, 2) is None:
        pytest.skip("no C compiler")
    rho0, Q0 = state.initial_overlaps(model, 0.1, 0)
    options = sgd.SGDOptions(N=200, eta=0.1, alpha_max=2.0, points=2, replicas=5, backend="c")
    first = sgd.simulate_overlaps(model, rho0, Q0, options, rng=7)
    monkeypatch.setattr(sgd, "_DRAWN_CHUNK", 37)
    again = sgd.simulate_overlaps(model, rho0, Q0, replace(options, points=7, threads=3), rng=7)
    other = sgd.simulate_overlaps(model, rho0, Q0, options, rng=8)
    assert np.array_equal(first.Q[:, -1], again.Q[:, -1]) and np.array_equal(first.rho[:, -1], again.rho[:, -1])
    assert not np.isclose(first.Q[:, -1], other.Q[:, -1]).any()
    assert not np.isclose(first.Q[0, -1], first.Q[1, -1]).any()  # replicas draw from distinct streams


# -- against the ODE --------------------------------------------------------------------------


def test_simulation_mean_approaches_the_ode_like_inverse_sqrt_N():
    model, eta, rho0, Q0 = SEED003, 0.15, np.array([[0.3], [-0.2]]), np.eye(2)
    deviations = {}
    for N in (250, 4000):
        options = sgd.SGDOptions(N=N, eta=eta, alpha_max=2.0, points=5, replicas=200)
        result = sgd.simulate_overlaps(model, rho0, Q0, options, rng=N)
        assert result.status == "completed"
        rho, Q = ode_solution(model, eta, rho0, Q0, result.alpha)
        error = np.concatenate([(result.rho - rho).reshape(200, -1), (result.Q - Q).reshape(200, -1)], axis=1)
        deviations[N] = np.sqrt((error**2).mean())
        # The mean is within a few standard errors of the ODE (plus an O(1/N) bias).
        mean, stderr = error.mean(axis=0), error.std(axis=0, ddof=1) / math.sqrt(200)
        assert np.all(np.abs(mean) < 4 * stderr + 2.0 / N), (N, mean, stderr)
        # The recorded risk is the population risk of the recorded overlaps.
        risk = sympy.lambdify(model.order_parameters, population_risk(model))
        assert result.risk[0, -1] == pytest.approx(
            risk(*result.rho[0, -1].ravel(), *result.Q[0, -1][np.triu_indices(2)]), rel=1e-12
        )
    # RMS deviation of single runs from the ODE scales like N^{-1/2}: a factor 4 for 16x N.
    assert 2.8 < deviations[250] / deviations[4000] < 5.7, deviations


# -- divergence, grids, input checks --------------------------------------------------------


@pytest.mark.parametrize("method", ["overlap", "weights"])
def test_divergence_is_reported_with_where_not_nan(method):
    options = sgd.SGDOptions(N=100, eta=0.6, alpha_max=3.0, points=7, replicas=20)
    result = sgd.simulate(SEED003, [[0.3], [-0.2]], np.eye(2), options, rng=2, method=method)
    assert result.status == "diverged"
    assert result.diverged.all()
    assert np.all((result.diverged_step > 0) & (result.diverged_step <= 300))
    assert all("max_overlap" in reason or "semidefinite" in reason for reason in result.reasons)
    for array in (result.rho, result.Q, result.risk):
        assert np.isfinite(array).all()
    # Records after the divergence repeat the last one before it.
    first_bad = result.valid.argmin(axis=1)
    assert np.all(first_bad >= 1)
    assert np.all(result.Q[np.arange(20), -1] == result.Q[np.arange(20), first_bad - 1])
    with pytest.raises(sgd.SimulationDiverged, match=r"alpha = "):
        result.check()


def test_threaded_float32_divergence_is_reported_without_warnings(monkeypatch):
    monkeypatch.setattr(sgd, "_STRIPE", 16)
    options = sgd.SGDOptions(N=100, eta=0.6, alpha_max=3.0, points=7, replicas=20, threads=3, input_dtype="float32")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = sgd.simulate_weights(SEED003, [[0.3], [-0.2]], np.eye(2), options, rng=2)
    assert result.diverged.all() and np.isfinite(result.Q).all()


def test_result_shapes_log_grid_and_reproducibility():
    model = preset("seed003", 3, 2)
    rho0, Q0 = state.initial_overlaps(model, 0.01, 4)
    options = sgd.SGDOptions(N=200, eta=0.05, alpha_max=5.0, points=12, spacing="log", replicas=3)
    fractions = []
    first = sgd.simulate_overlaps(model, rho0, Q0, options, rng=9, progress=fractions.append)
    again = sgd.simulate_overlaps(model, rho0, Q0, options, rng=9)
    assert fractions[0] == 0 and fractions[-1] == 1 and fractions == sorted(fractions)
    K = len(first.alpha)
    assert first.alpha[0] == 0 and first.alpha[1] == 1 / 200 and first.alpha[-1] == 5.0
    assert np.all(np.diff(np.log(first.alpha[1:])) > 0)
    assert first.rho.shape == (3, K, 3, 2) and first.Q.shape == (3, K, 3, 3) and first.risk.shape == (3, K)
    assert first.seed == 9 and first.options == options and first.model == model and first.method == "overlap"
    np.testing.assert_array_equal(first.Q, again.Q)
    np.testing.assert_array_equal(first.rho[:, 0], np.broadcast_to(rho0, (3, 3, 2)))
    assert first.check() is first


@pytest.mark.parametrize(
    "change, message",
    [
        ({"Q0": [[1.0, 0.0], [0.0, -0.1]]}, "positive semidefinite"),
        ({"rho0": [[1.5], [0.0]]}, "positive semidefinite"),
        ({"rho0": [[0.1, 0.2]]}, "expected rho"),
        ({"N": 2}, "smaller than p \\+ p\\*"),
        ({"rng": 0.5}, "Generator or an integer seed"),
        ({"T": 2 * np.eye(1)}, "pass T only"),
    ],
)
@pytest.mark.parametrize("method", ["overlap", "weights"])
def test_bad_input_is_named(change, message, method):
    arguments = {"rho0": [[0.1], [0.2]], "Q0": np.eye(2), "N": 50, "rng": 0, "T": None}
    arguments.update(change)
    options = sgd.SGDOptions(N=arguments.pop("N"), eta=0.1, alpha_max=1.0)
    with pytest.raises((ValueError, TypeError), match=message):
        sgd.simulate(SEED003, options=options, method=method, **arguments)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"eta": -0.1}, "eta must be finite and positive"),
        ({"eta": float("nan")}, "eta must be finite and positive"),
        ({"N": 0}, "N must be a positive integer"),
        ({"N": 10.5}, "N must be a positive integer"),
        ({"points": 1}, "points must be at least 2"),
        ({"spacing": "cubic"}, "spacing"),
        ({"threads": 0}, "threads must be a positive integer"),
        ({"threads": 1.5}, "threads must be a positive integer"),
        ({"input_dtype": "float16"}, "input_dtype must be 'float64' or 'float32'"),
        ({"input_dtype": np.float32}, "input_dtype must be 'float64' or 'float32'"),
    ],
)
def test_bad_options_are_named(fields, message):
    arguments = {"N": 50, "eta": 0.1, "alpha_max": 1.0}
    arguments.update(fields)
    with pytest.raises(ValueError, match=message):
        sgd.SGDOptions(**arguments)


def test_general_teacher_gram_needs_T_and_a_numeric_model():
    options = sgd.SGDOptions(N=20, eta=0.1, alpha_max=1.0)
    with pytest.raises(ValueError, match="general teacher Gram: pass T"):
        sgd.simulate_overlaps(GENERAL, np.zeros((2, 2)), np.eye(2), options, rng=0)
    with pytest.raises(ValueError, match="positive definite"):
        sgd.simulate_overlaps(GENERAL, np.zeros((2, 2)), np.eye(2), options, rng=0, T=-np.eye(2))
    with pytest.raises(ValueError, match="numeric model parameters"):
        sgd.simulate_overlaps(preset("seed003", 1, 1, student_readout="symbolic"), [[0.1]], [[1.0]], options, rng=0)
    with pytest.raises(ValueError, match="less than one step"):
        sgd.simulate_overlaps(SEED003, [[0.1], [0.2]], np.eye(2), sgd.SGDOptions(N=20, eta=0.1, alpha_max=0.01), 0)


@pytest.mark.parametrize("name, p, pstar", [("seed003", 2, 1), ("seed000", 2, 2), ("seed003", 40, 2)])
def test_the_recorded_risk_is_the_population_risk_evaluated_numerically(name, p, pstar):
    """risk_function uses the kernels (matrix forms at large p); at small p it equals the symbolic risk, and at
    p = 40 the closed form of a diagonal state: R = (1 + 2/p*) - 2 tr(Q)/p + (tr(Q)^2 + 2 tr(Q^2))/p^2 at rho = 0."""
    model = preset(name, p, pstar)
    rng = np.random.default_rng(5)
    rho = 0.1 * rng.standard_normal((3, p, pstar))
    A = rng.standard_normal((3, p, p)) / np.sqrt(p)
    Q = np.eye(p) + 0.1 * (A + np.swapaxes(A, 1, 2))
    T = np.eye(pstar) + 0.1 * np.ones((pstar, pstar))
    risk = sgd.risk_function(model)(rho, Q, T)
    assert risk.shape == (3,)
    if p > 10:
        trace = np.trace(Q, axis1=1, axis2=2)
        expected = (1 + 2 / pstar) - 2 * trace / p + (trace**2 + 2 * np.einsum("bij,bji->b", Q, Q)) / p**2
        assert np.allclose(sgd.risk_function(model)(0 * rho, Q), expected, rtol=1e-12)
        return
    symbols = list(model.order_parameters) + list(model.teacher_parameters)
    exact = sympy.lambdify(symbols, population_risk(model))
    for b in range(3):
        values = [rho[b, k, l] for k in range(p) for l in range(pstar)] + [Q[b, k, j] for k in range(p) for j in range(k, p)]
        values += [T[l, m] for l in range(pstar) for m in range(l, pstar)] if model.teacher_gram == "general" else []
        assert risk[b] == pytest.approx(float(exact(*values)), rel=1e-10)


def test_minibatch_sgd_follows_its_own_ode_where_single_samples_diverge():
    """Batches of B = 4 divide the O(eta^2) term by 4: at eta = 0.5 (seed 003, p = 2, p* = 1) the ODE of B = 1
    diverges at once while that of B = 4 learns; weight-space SGD with B = 4 (N = 1000, 8 replicas) learns too
    and ends near the B = 4 ODE (within 25% of its risk, where the start is 27 times higher)."""
    from quadwick.numerics.dynamics import ode

    outcomes = {}
    for batch in (1, 4):
        model = preset("seed003", 2, 1, batch=batch)
        rho0, Q0 = state.initial_overlaps(model, 0.3, 1)
        outcomes[batch] = ode.integrate(model, rho0, Q0, ode.ODEOptions(eta=0.5, alpha_max=4.0, points=5))
    assert outcomes[1].status == "diverged" and outcomes[4].status == "completed"
    options = sgd.SGDOptions(N=1000, eta=0.5, alpha_max=4.0, points=5, replicas=8)
    simulated = sgd.simulate_weights(preset("seed003", 2, 1, batch=4), rho0, Q0, options, 3).check()
    assert simulated.risk[:, -1].mean() == pytest.approx(outcomes[4].risk[-1], rel=0.25)
    assert simulated.risk[:, -1].max() < 0.1 * simulated.risk[:, 0].min()
    with pytest.raises(ValueError, match="use the weight-space simulation"):
        sgd.simulate_overlaps(preset("seed003", 2, 1, batch=4), rho0, Q0, options, 3)
