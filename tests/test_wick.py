"""The Wick / Isserlis engine (derive.wick) against independent oracles.

Oracles: closed-form Gaussian moments, brute-force sums over perfect matchings
(generated here, never by the engine), NumPy Monte Carlo and mpmath quadrature.
"""

from __future__ import annotations

import itertools
import math

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from quadwick.derive.wick import GaussianMoments, gaussian_expectation

MC_SAMPLES = 200_000
MC_SIGMAS = 5


# --------------------------------------------------------------------------- helpers


def pairings(items: list) -> list[list[tuple]]:
    """All perfect matchings of ``items`` (by position), built recursively."""
    if not items:
        return [[]]
    first, rest = items[0], items[1:]
    result = []
    for index, partner in enumerate(rest):
        remaining = rest[:index] + rest[index + 1 :]
        for tail in pairings(remaining):
            result.append([(first, partner)] + tail)
    return result


def symbolic_covariance(n: int) -> sympy.Matrix:
    """Fully symbolic symmetric covariance with entries C_ij (i <= j, 1-based)."""
    return sympy.Matrix(n, n, lambda i, j: sympy.Symbol(f"C{min(i, j) + 1}{max(i, j) + 1}"))


def isserlis(exponents: tuple[int, ...], covariance: sympy.Matrix) -> sympy.Expr:
    """E[prod z_i^e_i] as the explicit sum over pairings of the repeated factor list."""
    factors = [i for i, e in enumerate(exponents) for _ in range(e)]
    if len(factors) % 2:
        return sympy.Integer(0)
    return sympy.Add(
        *(sympy.Mul(*(covariance[a, b] for a, b in matching)) for matching in pairings(factors))
    )


def moment_as_expr(moments: GaussianMoments, exponents) -> sympy.Expr:
    """The sparse result of GaussianMoments.moment as a SymPy expression."""
    return sympy.Add(
        *(
            sympy.Rational(int(value.numerator), int(value.denominator))
            * sympy.Mul(*(moments.atoms[atom] for atom in key))
            for key, value in moments.moment(exponents).items()
        )
    )


def double_factorial_odd(n: int) -> int:
    """(2n - 1)!! computed directly, with (-1)!! = 1."""
    return math.prod(range(1, 2 * n, 2))


def same(a, b) -> bool:
    return sympy.expand(a - b) == 0


# --------------------------------------------------------------------------- 1. known moments


@pytest.mark.parametrize("n", range(7))
def test_even_moments_of_symbolic_variance(n):
    s = sympy.Symbol("s", positive=True)
    z = sympy.Symbol("z")
    result = gaussian_expectation(z ** (2 * n), [z], sympy.Matrix([[s**2]]))
    assert same(result, double_factorial_odd(n) * s ** (2 * n))


@pytest.mark.parametrize("n", range(7))
def test_odd_moments_vanish(n):
    s = sympy.Symbol("s", positive=True)
    z = sympy.Symbol("z")
    assert gaussian_expectation(z ** (2 * n + 1), [z], sympy.Matrix([[s**2]])) == 0


def test_moment_table_for_plain_symbol_variance():
    q = sympy.Symbol("q")
    moments = GaussianMoments(sympy.Matrix([[q]]))
    for k in range(13):
        expected = double_factorial_odd(k // 2) * q ** (k // 2) if k % 2 == 0 else 0
        assert same(moment_as_expr(moments, (k,)), expected), k


def test_numeric_variance_gives_exact_rational():
    z = sympy.Symbol("z")
    result = gaussian_expectation(z**4 + 3 * z**2 + 1, [z], sympy.Matrix([[sympy.Rational(2, 3)]]))
    # 3 (2/3)^2 + 3 (2/3) + 1 = 4/3 + 2 + 1
    assert result == sympy.Rational(13, 3)
    assert isinstance(result, sympy.Rational)


def test_polynomial_with_symbolic_coefficients_is_linear():
    a, b, s = sympy.symbols("a b s")
    z = sympy.Symbol("z")
    result = gaussian_expectation(a * z**4 + b * z**2 + a * b, [z], sympy.Matrix([[s]]))
    assert same(result, 3 * a * s**2 + b * s + a * b)


# --------------------------------------------------------------------------- 2. pairings


def test_pairing_generator_counts():
    # (2m - 1)!! perfect matchings of 2m items; checks the oracle itself
    for m in range(5):
        matchings = pairings(list(range(2 * m)))
        assert len(matchings) == double_factorial_odd(m)
        assert len({frozenset(map(frozenset, matching)) for matching in matchings}) == len(matchings)


def test_four_point_function():
    C = symbolic_covariance(4)
    z = sympy.symbols("z1:5")
    result = gaussian_expectation(z[0] * z[1] * z[2] * z[3], z, C)
    c12, c13, c14, c23, c24, c34 = sympy.symbols("C12 C13 C14 C23 C24 C34")
    assert same(result, c12 * c34 + c13 * c24 + c14 * c23)


def test_six_point_function_is_sum_over_fifteen_pairings():
    C = symbolic_covariance(6)
    z = sympy.symbols("z1:7")
    matchings = pairings(list(range(6)))
    assert len(matchings) == 15
    expected = sympy.Add(*(sympy.Mul(*(C[a, b] for a, b in matching)) for matching in matchings))
    result = gaussian_expectation(sympy.Mul(*z), z, C)
    assert same(result, expected)
    assert len(sympy.Add.make_args(sympy.expand(result))) == 15


def test_squares_of_two_correlated_variables():
    C = symbolic_covariance(4)
    z = sympy.symbols("z1:5")
    c11, c22, c12 = sympy.symbols("C11 C22 C12")
    assert same(gaussian_expectation(z[0] ** 2 * z[1] ** 2, z, C), c11 * c22 + 2 * c12**2)
    moments = GaussianMoments(C)
    assert same(moment_as_expr(moments, (2, 2, 0, 0)), c11 * c22 + 2 * c12**2)


@settings(derandomize=True, deadline=None, max_examples=40)
@given(st.lists(st.integers(0, 4), min_size=3, max_size=3).filter(lambda e: sum(e) <= 8))
def test_moment_equals_brute_force_isserlis(exponents):
    C = symbolic_covariance(3)
    moments = GaussianMoments(C)
    assert same(moment_as_expr(moments, tuple(exponents)), isserlis(tuple(exponents), C))


def test_memoisation_does_not_depend_on_call_order():
    C = symbolic_covariance(3)
    shared = GaussianMoments(C)
    exponents = [e for e in itertools.product(range(5), repeat=3) if sum(e) <= 6]
    forward = {e: moment_as_expr(shared, e) for e in exponents}
    for e in reversed(exponents):
        fresh = GaussianMoments(C)
        assert same(moment_as_expr(fresh, e), forward[e]), e
        assert same(moment_as_expr(shared, e), forward[e]), e


def test_entries_sharing_an_atom_and_zero_entries():
    c, s1, s2 = sympy.symbols("c s1 s2")
    x, y = sympy.symbols("x y")
    # atoms with rational multiples: C = [[c, 2c], [2c, 5c]]; E[x^2 y^2] = c 5c + 2 (2c)^2
    C = sympy.Matrix([[c, 2 * c], [2 * c, 5 * c]])
    assert same(gaussian_expectation(x**2 * y**2, [x, y], C), 13 * c**2)
    # negative and compound entries: C12 = -(c + 1)/3
    C = sympy.Matrix([[s1, -(c + 1) / 3], [-(c + 1) / 3, s2]])
    assert same(gaussian_expectation(x**2 * y**2, [x, y], C), s1 * s2 + 2 * (c + 1) ** 2 / 9)
    assert same(gaussian_expectation(x**3 * y, [x, y], C), -s1 * (c + 1))
    # independent components factorise
    C = sympy.Matrix([[s1, 0], [0, s2]])
    assert same(gaussian_expectation(x**2 * y**4, [x, y], C), 3 * s1 * s2**2)
    assert gaussian_expectation(x * y**3, [x, y], C) == 0


# --------------------------------------------------------------------------- 3. Monte Carlo


@st.composite
def gaussian_problems(draw):
    dim = draw(st.integers(2, 4))
    # C = A A^T + I/10 with A in (1/10) Z: exactly rational and positive definite
    entries = draw(st.lists(st.integers(-10, 10), min_size=dim * dim, max_size=dim * dim))
    A = sympy.Matrix(dim, dim, [sympy.Rational(e, 10) for e in entries])
    C = A * A.T + sympy.eye(dim) / 10
    monomials = [e for e in itertools.product(range(5), repeat=dim) if sum(e) <= 4]
    chosen = draw(st.lists(st.sampled_from(monomials), min_size=1, max_size=6, unique=True))
    coefficients = draw(
        st.lists(st.integers(-3, 3).filter(bool), min_size=len(chosen), max_size=len(chosen))
    )
    return C, dict(zip(chosen, coefficients))


def monte_carlo(C: sympy.Matrix, terms: dict, seed: int) -> tuple[float, float]:
    covariance = np.array(C.tolist(), dtype=float)
    rng = np.random.default_rng(seed)
    samples = rng.standard_normal((MC_SAMPLES, C.rows)) @ np.linalg.cholesky(covariance).T
    values = np.zeros(MC_SAMPLES)
    for exponents, coefficient in terms.items():
        values += coefficient * np.prod(samples ** np.array(exponents), axis=1)
    return float(values.mean()), float(values.std(ddof=1) / math.sqrt(MC_SAMPLES))


@settings(derandomize=True, deadline=None, max_examples=25)
@given(gaussian_problems())
def test_exact_value_agrees_with_monte_carlo(problem):
    C, terms = problem
    z = sympy.symbols(f"z1:{C.rows + 1}")
    polynomial = sympy.Add(*(c * sympy.Mul(*(v**e for v, e in zip(z, ex))) for ex, c in terms.items()))
    exact = gaussian_expectation(polynomial, z, C)
    assert exact.is_Rational
    estimate, stderr = monte_carlo(C, terms, seed=20240607)
    assert abs(float(exact) - estimate) < MC_SIGMAS * stderr + 1e-12, (exact, estimate, stderr)


def test_symbolic_covariance_substituted_agrees_with_monte_carlo():
    C = symbolic_covariance(3)
    z = sympy.symbols("z1:4")
    terms = {(2, 1, 1): 2, (0, 3, 1): -1, (1, 1, 0): 3, (0, 0, 4): 1, (0, 0, 0): -2}
    polynomial = sympy.Add(*(c * sympy.Mul(*(v**e for v, e in zip(z, ex))) for ex, c in terms.items()))
    symbolic = gaussian_expectation(polynomial, z, C)
    numeric = sympy.Matrix([[1, sympy.Rational(1, 2), sympy.Rational(-1, 5)],
                            [sympy.Rational(1, 2), 2, sympy.Rational(3, 10)],
                            [sympy.Rational(-1, 5), sympy.Rational(3, 10), sympy.Rational(3, 4)]])
    values = {C[i, j]: numeric[i, j] for i in range(3) for j in range(i, 3)}
    exact = symbolic.subs(values)
    assert exact == gaussian_expectation(polynomial, z, numeric)
    estimate, stderr = monte_carlo(numeric, terms, seed=7)
    assert abs(float(exact) - estimate) < MC_SIGMAS * stderr + 1e-12, (exact, estimate, stderr)


# --------------------------------------------------------------------------- 4. quadrature


@pytest.mark.parametrize(
    "text",
    ["z**6 - 2*z**3 + z**2/3 + 5", "(z + 1)**4", "z**2 * (z - 2)**4 - 7"],
)
@pytest.mark.parametrize("variance", [sympy.Rational(3, 2), sympy.Rational(1, 5)])
def test_one_dimensional_quadrature(text, variance):
    z, s = sympy.Symbol("z"), sympy.Symbol("s", positive=True)
    polynomial = sympy.sympify(text, locals={"z": z})
    exact = gaussian_expectation(polynomial, [z], sympy.Matrix([[s**2]])).subs(s, sympy.sqrt(variance))
    f = sympy.lambdify(z, polynomial, "mpmath")
    with mpmath.workdps(30):
        v = mpmath.mpf(variance.p) / variance.q
        density = lambda t: mpmath.exp(-t * t / (2 * v)) / mpmath.sqrt(2 * mpmath.pi * v)
        value = mpmath.quad(lambda t: f(t) * density(t), [-mpmath.inf, 0, mpmath.inf])
        reference = mpmath.mpf(sympy.Rational(exact).p) / sympy.Rational(exact).q
        assert reference != 0
        assert abs(value - reference) <= 1e-10 * abs(reference), (value, exact)


@pytest.mark.parametrize(
    "text",
    ["x**3 * y**3", "x**2 * y**4 - 3*x*y + 2", "(x + 2*y)**6", "x**5*y - y**2 + x"],
)
def test_two_dimensional_quadrature_correlated(text):
    x, y = sympy.symbols("x y")
    polynomial = sympy.sympify(text, locals={"x": x, "y": y})
    c11, c12, c22 = 1.0, 0.5, 2.0
    C = sympy.Matrix([[1, sympy.Rational(1, 2)], [sympy.Rational(1, 2), 2]])
    exact = float(gaussian_expectation(polynomial, [x, y], C))
    det = c11 * c22 - c12**2
    norm = 1.0 / (2 * math.pi * math.sqrt(det))
    f = sympy.lambdify((x, y), polynomial, "math")

    def integrand(u, v):
        return f(u, v) * norm * math.exp(-(c22 * u * u - 2 * c12 * u * v + c11 * v * v) / (2 * det))

    # a 14-sigma box; the Gaussian tail beyond it is below 1e-40
    value = mpmath.fp.quad(integrand, [-14, 0, 14], [-20, 0, 20])
    assert exact != 0
    assert abs(value - exact) <= 1e-10 * abs(exact), (value, exact)


# --------------------------------------------------------------------------- 5. bad input


def test_non_square_covariance_is_rejected():
    with pytest.raises(ValueError, match=r"square.*\(2, 3\)"):
        GaussianMoments(sympy.Matrix([[1, 0, 0], [0, 1, 0]]))
    x, y = sympy.symbols("x y")
    with pytest.raises(ValueError, match="square"):
        gaussian_expectation(x * y, [x, y], sympy.Matrix([[1, 0, 0], [0, 1, 0]]))


def test_non_symmetric_covariance_is_rejected():
    a, b = sympy.symbols("a b")
    with pytest.raises(ValueError, match="symmetric"):
        GaussianMoments(sympy.Matrix([[1, 2], [3, 4]]))
    with pytest.raises(ValueError, match="symmetric"):
        GaussianMoments(sympy.Matrix([[1, a], [b, 1]]))
    # the symmetric counterpart is accepted
    assert GaussianMoments(sympy.Matrix([[1, a], [a, 1]])).dimension == 2


@pytest.mark.parametrize("exponents", [(), (1,), (1, 1, 1), (2, 0, 0, 2)])
def test_wrong_number_of_exponents_is_rejected(exponents):
    moments = GaussianMoments(sympy.eye(2))
    with pytest.raises(ValueError, match=f"expected 2 exponents, got {len(exponents)}"):
        moments.moment(exponents)
    assert moment_as_expr(moments, (2, 2)) == 1


def test_polynomial_ring_of_wrong_size_is_rejected():
    x, y, w = sympy.symbols("x y w")
    _, polynomial = sympy.sring(x * y * w, x, y, w)
    with pytest.raises(ValueError, match="3 variables, covariance has 2"):
        GaussianMoments(sympy.eye(2)).expectation(polynomial)
