"""numerics.dynamics.gd: matrix-form risks and gradients against the engine, convergence, divergence, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from quadwick.numerics.dynamics import gd
from quadwick.numerics.weights import gradient_of_weights, risk_of_weights
from quadwick.derive.model import preset


def _columns(M: np.ndarray) -> list[sp.Matrix]:
    return [sp.Matrix([sp.Rational(str(round(float(x), 6))) for x in row]) for row in M]


@pytest.mark.parametrize("name, m, mstar", [("seed000", 3, 2), ("seed002", 3, 1), ("seed004", 2, 2)])
def test_population_risk_and_gradient_equal_the_engine(name, m, mstar):
    rng = np.random.default_rng(5)
    W = np.round(rng.standard_normal((m, 3)), 6)
    Ws = np.round(rng.standard_normal((mstar, 3)), 6)
    model, conv = preset(name, m, mstar), gd.convention(name, m, mstar)
    engine_risk = float(risk_of_weights(model, _columns(W), _columns(Ws)))
    assert gd.population_risk(W, Ws, conv) == pytest.approx(engine_risk, rel=1e-12)
    engine = np.array([[float(c) for c in g] for g in gradient_of_weights(model, _columns(W), _columns(Ws))])
    np.testing.assert_allclose(gd.population_gradient(W, Ws, conv), engine, rtol=1e-11, atol=1e-12)


def test_empirical_gradient_is_the_gradient_of_the_empirical_risk():
    rng = np.random.default_rng(2)
    conv = gd.convention("seed000", 4, 2)
    W, Ws, X = rng.standard_normal((4, 3)), rng.standard_normal((2, 3)), rng.standard_normal((7, 3))
    y = gd.labels(X, Ws, conv)
    numeric = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[index] = 1e-6
        numeric[index] = (gd.empirical_risk(W + step, X, y, conv) - gd.empirical_risk(W - step, X, y, conv)) / 2e-6
    np.testing.assert_allclose(gd.empirical_gradient(W, X, y, conv), numeric, rtol=1e-6, atol=1e-8)


def test_empirical_gradient_matches_a_naive_loop():
    rng = np.random.default_rng(3)
    conv = gd.convention("seed002", 3, 1)
    W, Ws, X = rng.standard_normal((3, 4)), rng.standard_normal((1, 4)), rng.standard_normal((5, 4))
    y = gd.labels(X, Ws, conv)
    naive = np.zeros_like(W)
    for x, label in zip(X, y):
        residual = sum((w @ x) ** 2 for w in W) - label
        for k, w in enumerate(W):
            naive[k] += residual * (w @ x) * x / len(X)  # 002 eq. (5)
    np.testing.assert_allclose(gd.empirical_gradient(W, X, y, conv), naive, rtol=1e-12)


@pytest.mark.parametrize("empirical", [True, False])
def test_weight_gd_follows_the_gram_flow(empirical):
    """Small-step GD on the weights tracks the closed flow of A (000 Lemmas 2.1 and 2.2) to O(dt)."""
    rng = np.random.default_rng(1)
    d, m, mstar = 3, 4, 2
    conv = gd.convention("seed000", m, mstar)
    Ws, W0 = gd.teacher("gaussian", mstar, d, rng), rng.standard_normal((m, d))
    X = rng.standard_normal((7, d)) if empirical else None
    W = gd.run_gd(W0, Ws, conv, 1e-5, 20000, X=X, record=[20000]).check().weights[0]
    predicted = gd.gram_flow(W0.T @ W0 / m, Ws.T @ Ws / mstar, conv, [0.2], X=X)[-1]
    np.testing.assert_allclose(W.T @ W / m, predicted, atol=5e-5)


def test_population_gd_converges_to_the_teacher():
    rng = np.random.default_rng(4)
    conv = gd.convention("seed000", 3, 3)
    Ws, W0 = gd.teacher("orthonormal", 3, 3, rng), rng.standard_normal((3, 3))
    dt = gd.stable_step(None, W0, Ws, conv, safety=0.5)
    result = gd.run_gd(W0, Ws, conv, dt, 4000).check()
    assert result.population_loss[-1, 0] < 1e-10 * result.population_loss[0, 0]


def test_empirical_gd_reaches_zero_training_loss():
    rng = np.random.default_rng(6)
    d, m = 3, 4
    conv = gd.convention("seed004", m, d)
    Ws, X = gd.teacher("gaussian", d, d, rng), gd.gaussian_inputs(8, d, rng, replicas=3)
    W0 = rng.standard_normal((3, m, d))
    dt = gd.stable_step(X, W0, Ws, conv, safety=0.8)
    result = gd.run_gd(W0, Ws, conv, dt, 40000, X=X).check()
    assert np.all(result.train_loss[-1] < 1e-8 * result.train_loss[0])


def test_divergence_is_reported_with_its_step():
    rng = np.random.default_rng(0)
    conv = gd.convention("seed002", 2, 1)
    W0 = np.stack([10 * rng.standard_normal((2, 3)), 1e-3 * rng.standard_normal((2, 3))])
    result = gd.run_gd(W0, np.eye(3)[:1], conv, 0.5, 200)
    assert result.diverged_step[0] > 0 and result.diverged_step[1] == -1
    assert np.all(np.isfinite(result.train_loss))
    with pytest.raises(gd.GDDiverged, match="replica 0 at step"):
        result.check()


def test_bad_input_is_refused_with_a_reason():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="m\\* <= d"):
        gd.teacher("orthonormal", 5, 3, rng)
    with pytest.raises(ValueError, match="'orthonormal' or 'gaussian'"):
        gd.teacher("uniform", 1, 3, rng)
    conv = gd.convention("seed000", 2, 1)
    with pytest.raises(ValueError, match="finite positive"):
        gd.run_gd(np.ones((2, 3)), np.ones((1, 3)), conv, -1.0, 10)
    with pytest.raises(ValueError, match="dimensions differ"):
        gd.run_gd(np.ones((2, 3)), np.ones((1, 4)), conv, 0.1, 10)
    with pytest.raises(ValueError, match="no gradient-descent convention"):
        gd.convention("seed003", 2, 1)


def test_orthonormal_teacher_and_record_steps():
    Ws = gd.teacher("orthonormal", 2, 5, np.random.default_rng(0))
    np.testing.assert_allclose(Ws @ Ws.T, np.eye(2), atol=1e-12)
    steps = gd.record_steps(1000, 10)
    assert steps[0] == 0 and steps[-1] == 1000 and np.all(np.diff(steps) > 0)
