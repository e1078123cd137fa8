"""The string method of seed 000 Section 6 (numerics.papers.seed000.string_method), Figure 4, and Figure 1's alpha_c."""

from __future__ import annotations

import csv

import numpy as np
import pytest
import sympy as sp

from quadwick.numerics.dynamics import gd
from quadwick.numerics.papers.registry import figures
from quadwick.numerics.papers.seed000 import engine as paper
from quadwick.numerics.papers.seed000 import string_method as strings
from quadwick.numerics.papers.seed000.figures import _extrapolate_in_inverse_d

FIGURES = figures()


def _problem(d: int, n: int | None, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(W0, W*, X): W0 (d x d) and X (n x d) i.i.d. N(0, 1), one orthonormal teacher (m* = 1)."""
    rng = np.random.default_rng(seed)
    Wstar = gd.teacher("orthonormal", 1, d, rng)
    return rng.standard_normal((d, d)), Wstar, None if n is None else gd.gaussian_inputs(n, d, rng)


def _alignment(result: strings.StringResult, Wstar: np.ndarray, X: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(cos angle, |F|) between F = dA/dt = -(M A + A M) (000 eq. (5), or (8)) and the string at interior images."""
    M = strings.descent_matrix(result.images, Wstar.T @ Wstar, X)
    flow = -(M @ result.images + result.images @ M)[1:-1]
    tangent = result.images[2:] - result.images[:-2]
    norm = np.linalg.norm(flow, axis=(1, 2))
    return np.sum(flow * tangent, axis=(1, 2)) / norm / np.linalg.norm(tangent, axis=(1, 2)), norm


@pytest.fixture(scope="module")
def population_string():
    W0, Wstar, _ = _problem(3, None, 0)
    return strings.string_method(W0, Wstar, None, images=30, tol=1e-4), W0, Wstar


@pytest.fixture(scope="module")
def empirical_strings():
    """d = 4, m* = 1 (n_c = 2d - 1 = 7): n = 4 below the threshold, n = 12 above it."""
    out = {}
    for n in (4, 12):
        W0, Wstar, X = _problem(4, n, 0)
        out[n] = strings.string_method(W0, Wstar, X, images=30, tol=3e-4), W0, Wstar, X
    return out


def test_equal_arclength_spaces_a_straight_string_equally_and_keeps_endpoints():
    rng = np.random.default_rng(1)
    A0, A1 = (lambda W: W.T @ W)(rng.standard_normal((3, 3))), (lambda W: W.T @ W)(rng.standard_normal((3, 3)))
    uneven = np.sort(np.concatenate([[0.0, 1.0], rng.uniform(size=8)]))[:, None, None]
    moved = strings.equal_arclength((1 - uneven) * A0 + uneven * A1)
    np.testing.assert_array_equal(moved[0], A0)
    np.testing.assert_array_equal(moved[-1], A1)
    np.testing.assert_allclose(np.diff(strings.frobenius_arclength(moved)), np.linalg.norm(A1 - A0) / 9, rtol=1e-12)


def test_equal_arclength_puts_images_on_the_polygon_at_equal_arclength():
    polygon = np.random.default_rng(2).standard_normal((7, 2, 2))
    moved = strings.equal_arclength(polygon)
    length = strings.frobenius_arclength(polygon)
    for j, image in enumerate(moved):
        target = j * length[-1] / 6
        k = min(np.searchsorted(length, target, side="right") - 1, 5)
        w = (target - length[k]) / (length[k + 1] - length[k])
        np.testing.assert_allclose(image, (1 - w) * polygon[k] + w * polygon[k + 1], atol=1e-12)


def test_descent_step_is_the_weight_space_euler_step_of_the_engine_gradient():
    W, Wstar, X = _problem(3, 5, 3)
    conv = gd.convention("seed000", 3, 1)
    A, Astar, dt = W.T @ W / 3, Wstar.T @ Wstar, 0.01
    stepped = W - dt * conv.s * gd.empirical_gradient(W, X, gd.labels(X, Wstar, conv), conv)
    M = strings.descent_matrix(A[None], Astar, X)
    np.testing.assert_allclose(strings.descent_step(A[None], M, np.array([dt]))[0], stepped.T @ stepped / 3, atol=1e-12)
    stepped = W - dt * conv.s * gd.population_gradient(W, Wstar, conv)
    M = strings.descent_matrix(A[None], Astar, None)
    np.testing.assert_allclose(strings.descent_step(A[None], M, np.array([dt]))[0], stepped.T @ stepped / 3, atol=1e-12)


def test_population_string_is_the_descent_path_from_A0_to_Astar(population_string):
    result, W0, Wstar = population_string
    assert result.converged and result.iterations > 1
    np.testing.assert_array_equal(result.images[0], W0.T @ W0 / 3)
    np.testing.assert_array_equal(result.images[-1], Wstar.T @ Wstar)
    spacing = np.diff(result.arclength)
    assert np.ptp(spacing) < 0.05 * spacing.mean()  # equal to 5% after the last reparametrisation
    assert np.min(np.linalg.eigvalsh(result.images)) > -1e-12
    # The population loss is convex in A with its only minimum at A*: no barrier, E decreases along the string.
    np.testing.assert_array_equal(result.train_loss, result.population_loss)
    assert np.argmax(result.population_loss) == 0 and result.population_loss[-1] == 0
    assert np.all(np.diff(result.population_loss) <= 1e-9)
    # On the minimum energy path the descent direction is tangent to the string.
    assert np.min(_alignment(result, Wstar, None)[0]) > 0.99


def test_string_losses_are_the_losses_of_its_images(empirical_strings):
    result, _, Wstar, X = empirical_strings[4]
    Astar = Wstar.T @ Wstar
    residuals = np.einsum("ki,jil,kl->jk", X, result.images - Astar, X)
    np.testing.assert_allclose(result.train_loss, 0.5 * np.mean(residuals**2, axis=1), rtol=1e-9, atol=1e-14)
    conv = gd.convention("seed000", 4, 1)
    for j in (0, 10, 20):
        values, vectors = np.linalg.eigh(result.images[j])
        # m = 4 students w_i = 2 sqrt(v_i) e_i, so that A = (1/4) sum_i w_i w_i^T
        students = [sp.Matrix(2 * np.sqrt(max(v, 0.0)) * vectors[:, i]) for i, v in enumerate(values)]
        engine = paper.empirical_loss([sp.Matrix(x) for x in X], students, [sp.Matrix(Wstar[0])])
        assert float(engine) == pytest.approx(result.train_loss[j], rel=1e-8, abs=1e-12)
        W = np.array([[float(c) for c in w] for w in students])
        assert 2 * gd.population_risk(W, Wstar, conv) == pytest.approx(result.population_loss[j], rel=1e-9)


def test_empirical_string_reaches_zero_training_loss_before_Astar_only_below_threshold(empirical_strings):
    for n, (result, _, Wstar, X) in empirical_strings.items():
        assert result.converged
        assert np.argmax(result.train_loss) == 0  # no barrier: the largest training loss is at A(0)
        assert result.train_loss[-1] < 1e-20 and result.population_loss[-1] == 0
        cosine, speed = _alignment(result, Wstar, X)
        assert np.min(cosine[speed > 1e-2 * speed.max()]) > 0.95  # the descent path, where the flow is not negligible
    below, above = (strings.population_loss_at_zero_training(empirical_strings[n][0]) for n in (4, 12))
    assert below > 0.1  # n = 4 < n_c = 7: zero training loss at a finite population loss
    assert above < 0.01  # n = 12 > n_c: zero training loss only near A*


def test_string_method_rejects_bad_input():
    W0, Wstar, X = _problem(3, 4, 0)
    with pytest.raises(ValueError, match="share d"):
        strings.string_method(W0[:, :2], Wstar, X)
    with pytest.raises(ValueError, match="X must have shape"):
        strings.string_method(W0, Wstar, X[:, :2])
    with pytest.raises(ValueError, match="at least 3 images"):
        strings.string_method(W0, Wstar, X, images=2)
    with pytest.raises(ValueError, match="tol"):
        strings.string_method(W0, Wstar, X, tol=0.0)


def test_seed000_4_quick_csv(tmp_path):
    output = FIGURES["seed000-4"].run(tmp_path, True, 0)
    with open(tmp_path / "seed000-4.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["d", "n", "realization", "image", "s", "arclength", "train", "population"]
    strings_by_case: dict[tuple[int, int, int], list[dict[str, str]]] = {}
    for row in rows:
        strings_by_case.setdefault((int(row["d"]), int(row["n"]), int(row["realization"])), []).append(row)
    at_zero = {}
    for (d, n, _), points in strings_by_case.items():
        s, train, population = (np.array([float(p[key]) for p in points]) for key in ("s", "train", "population"))
        np.testing.assert_allclose(s, np.linspace(0, 1, len(s)), atol=0.05)
        assert np.argmax(train) == 0 and population[-1] == 0 and train[-1] < 1e-20
        first_zero = np.argmax(train <= 1e-4 * train[0])
        at_zero.setdefault((d, n), []).append(population[first_zero] / population[0])
    # 000 Section 6: below n_c = 2d - 1 the string reaches zero training loss at a finite population loss.
    for (d, n), values in at_zero.items():
        if n < paper.threshold(d, 1):
            assert min(values) > 0.05, (d, n, values)
        else:
            assert max(values) < 0.02, (d, n, values)
    assert any(n < paper.threshold(d, 1) for d, n in at_zero) and any(n > paper.threshold(d, 1) for d, n in at_zero)
    assert "below n_c" in output.summary


def test_extrapolation_in_inverse_d_recovers_eq_14_from_eq_13():
    for mstar in (1, 2, 3):
        alpha = {d: paper.threshold(d, mstar) / d for d in (4, 8, 16)}
        assert _extrapolate_in_inverse_d(alpha) == pytest.approx(mstar + 1, abs=1e-12)
    assert np.isnan(_extrapolate_in_inverse_d({4: 1.75}))
    assert np.isnan(_extrapolate_in_inverse_d({4: 1.75, 8: float("nan")}))


def test_seed000_1_reports_the_crossing_per_width(tmp_path):
    output = FIGURES["seed000-1"].run(tmp_path, True, 0)
    table = output.table
    for d, mstar in sorted({(r[0], r[1]) for r in table.rows}):
        part = table.where(d=d, mstar=mstar)
        rows = [paper.SuccessRow(d, mstar, int(n), int(runs), int(k), n_c)
                for n, runs, k, n_c in zip(*(part.column(c) for c in ("n", "runs", "successes", "n_c")))]
        np.testing.assert_allclose(part.column("alpha_half"), paper.crossing(rows) / d)
        assert abs(part.column("alpha_half")[0] - paper.threshold(d, mstar) / d) < 0.6
        assert f"d = {d}, m* = {mstar}: success fraction reaches 1/2" in output.summary
    assert "000 eq. (14): alpha_c = 2" in output.summary
    for mstar in (1, 2):  # the quick run has d = 4 and 6 per m*: alpha(d) = a + b/d through both crossings, at d = inf
        (d1, a1), (d2, a2) = sorted({(r[0], r[-2]) for r in table.where(mstar=mstar).rows})
        extrapolated = table.where(mstar=mstar).column("alpha_half_inf")
        np.testing.assert_allclose(extrapolated, (d2 * a2 - d1 * a1) / (d2 - d1))
        assert abs(extrapolated[0] - (mstar + 1)) < 0.5 * (mstar + 1)  # near eq. (14)'s m* + 1
    assert "nan" not in output.summary
