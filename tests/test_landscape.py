"""The landscape of seed 003 Appendix 7.2: stationary points, the Hessian from the derived blocks and its
exact spectrum, checked against finite differences, an exact symbolic Hessian, a dense eigensolve and the
paper's tables (transcribed in numerics.papers.seed003.transcription_landscape)."""

from __future__ import annotations

import argparse
import json
import re

import numpy as np
import pytest
import sympy

from quadwick.derive.model import N_SYMBOL
from quadwick.numerics.landscape import (
    StationaryPoint,
    dense_hessian,
    eigenbasis,
    exact_dense_hessian,
    exact_spectrum,
    finite_difference_hessian,
    gradient_norm,
    is_stationary_exact,
    numeric_eigenvalues,
    numeric_spectrum,
    stationary_point,
    symbolic_hessian,
    uncorrelated,
)
from quadwick.numerics.papers.seed003.landscape_compare import eigen_rows, compare
from quadwick.numerics.cli.landscape import register
from quadwick.numerics.papers.seeds import seed_path
from quadwick.numerics.papers.seed003 import transcription_landscape as paper

POINTS = [
    ("tabula-rasa", None, (4, 2, 1)),
    ("uncorrelated", None, (5, 2, 2)),
    ("uncorrelated", 1, (5, 3, 1)),
    ("correlated", None, (4, 3, 2)),
    ("correlated", 1, (5, 2, 3)),
    ("aligned", None, (4, 3, 2)),
]


def random_point(N: int, p: int, pstar: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(p, N)) / np.sqrt(N), np.eye(pstar, N)


# -- (1) stationary points ---------------------------------------------------------------------------

@pytest.mark.parametrize("family, rank, sizes", POINTS)
def test_constructed_points_are_exactly_and_numerically_stationary(family, rank, sizes):
    point = stationary_point(family, *sizes, rank=rank)
    assert is_stationary_exact(point)
    assert gradient_norm(*point.as_arrays()) < 1e-12


def test_a_perturbed_point_is_not_stationary():
    point = uncorrelated(5, 2, 2)
    moved = StationaryPoint("custom", 2, point.W + sympy.Rational(1, 10) * sympy.eye(2, 5), point.Wstar)
    assert not is_stationary_exact(moved)
    assert gradient_norm(*moved.as_arrays()) > 1e-3


def test_overlaps_are_those_of_seed003_examples():
    p, pstar = 3, 2
    plateau = uncorrelated(6, p, pstar).overlaps()
    assert plateau[pstar:, pstar:] == sympy.Rational(p, p + 2) * sympy.eye(p)
    assert plateau[pstar:, :pstar] == sympy.zeros(p, pstar)
    solution = stationary_point("correlated", 6, p, pstar).overlaps()
    rho, Q = solution[pstar:, :pstar], solution[pstar:, pstar:]
    assert Q.trace() == p and rho * rho.T == Q  # App. 7.2.1: rho rho^T = Q, tr(G_W) = p
    assert (rho.T * rho) == sympy.Rational(p, pstar) * sympy.eye(pstar)  # W = sqrt(p/p*) S W*, S^T S = I
    aligned = stationary_point("aligned", 6, p, pstar).overlaps()[pstar:, pstar:]
    assert aligned.trace() == sympy.Rational(p * (2 + pstar), 3 * pstar) and aligned.rank() == 1


@pytest.mark.parametrize("call, message", [
    (lambda: stationary_point("uncorrelated", 6, 3, 2, rank=4), "rank r of an uncorrelated point must lie in"),
    (lambda: stationary_point("uncorrelated", 4, 3, 2), "needs N >= p\\* \\+ r = 5"),
    (lambda: stationary_point("correlated", 6, 3, 2, rank=3), "must lie in \\[0, min\\(p, p\\*\\)\\]"),
    (lambda: stationary_point("aligned", 6, 3, 2, rank=1), "fixed rank"),
    (lambda: stationary_point("saddle", 6, 3, 2), "unknown family"),
    (lambda: stationary_point("tabula-rasa", 1, 3, 2), "smaller than p\\*"),
    (lambda: stationary_point("tabula-rasa", 4, 0, 2), "p must be a positive integer"),
])
def test_bad_input_is_refused_with_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# -- (2) the Hessian and its spectrum -------------------------------------------------------------

@pytest.mark.parametrize("N, p, pstar, seed", [(3, 2, 1, 0), (4, 3, 2, 1), (5, 2, 3, 2)])
def test_block_hessian_equals_finite_differences_of_the_risk(N, p, pstar, seed):
    W, Wstar = random_point(N, p, pstar, seed)
    blocks, fd = dense_hessian(W, Wstar), finite_difference_hessian(W, Wstar)
    assert np.linalg.norm(blocks - fd) <= 1e-6 * np.linalg.norm(fd)


def test_finite_differences_detect_a_wrong_hessian():
    W, Wstar = random_point(3, 2, 1, 5)
    wrong = dense_hessian(W, Wstar) + 1e-4 * np.eye(6)
    fd = finite_difference_hessian(W, Wstar)
    assert np.linalg.norm(wrong - fd) > 1e-6 * np.linalg.norm(fd)


@pytest.mark.parametrize("point", [
    uncorrelated(3, 2, 1),
    stationary_point("correlated", 3, 2, 1),
    StationaryPoint("custom", 0, sympy.Matrix([[1, sympy.Rational(1, 2), 0], [sympy.Rational(-1, 3), 2, 1]]),
                    sympy.eye(1, 3)),
])
def test_block_hessian_equals_exact_symbolic_hessian_for_tiny_N(point):
    assert exact_dense_hessian(point) == symbolic_hessian(point)


@pytest.mark.parametrize("N, p, pstar, seed", [(6, 3, 2, 3), (9, 4, 2, 4), (7, 2, 1, 5)])
def test_block_structure_eigenvalues_equal_dense_eigensolve_at_random_points(N, p, pstar, seed):
    W, Wstar = random_point(N, p, pstar, seed)
    dense = np.linalg.eigvalsh(dense_hessian(W, Wstar))
    assert np.allclose(numeric_eigenvalues(W, Wstar), dense, rtol=0, atol=1e-10)


@pytest.mark.parametrize("family, rank, sizes", POINTS)
def test_exact_spectrum_equals_dense_eigensolve(family, rank, sizes):
    point = stationary_point(family, *sizes, rank=rank)
    spectrum = exact_spectrum(point)
    exact = np.sort(np.concatenate([np.full(m, float(v)) for v, m in spectrum.at()]))
    assert np.allclose(exact, np.linalg.eigvalsh(dense_hessian(*point.as_arrays())), atol=1e-10)
    assert [m for _, m in numeric_spectrum(*point.as_arrays())] == [m for _, m in spectrum.at()]


@pytest.mark.parametrize("family, rank, sizes", [("uncorrelated", None, (4, 2, 1)), ("aligned", None, (4, 2, 2))])
def test_eigenbasis_is_exact_and_complete(family, rank, sizes):
    point = stationary_point(family, *sizes, rank=rank)
    spectrum = exact_spectrum(point, vectors=True)
    H = exact_dense_hessian(point)
    for group in spectrum.groups:
        basis = [x.reshape(point.p * point.N, 1) for x in eigenbasis(point, spectrum, group)]
        assert len(basis) == group.multiplicity_at(point.N)
        assert sympy.Matrix.hstack(*basis).rank() == len(basis)
        assert all((H * x - group.value * x).applyfunc(sympy.simplify) == sympy.zeros(len(x), 1) for x in basis)


def test_multiplicities_are_polynomials_in_N_that_hold_at_other_N():
    small, large = uncorrelated(6, 3, 2), uncorrelated(9, 3, 2)
    symbolic = {g.value: g.multiplicity for g in exact_spectrum(small).groups}
    assert symbolic[0] == 3 * N_SYMBOL - 12
    assert exact_spectrum(large).at() == [(v, int(m.subs(N_SYMBOL, 9))) for v, m in symbolic.items()]


# -- (3) seed 003's tables ------------------------------------------------------------------------

TABLE_CASES = [
    ("tabula-rasa", None, (5, 2, 2)), ("tabula-rasa", None, (6, 3, 1)),
    ("uncorrelated", None, (6, 2, 2)), ("uncorrelated", None, (7, 3, 2)), ("uncorrelated", None, (6, 3, 1)),
    ("correlated", None, (6, 2, 2)), ("correlated", None, (7, 3, 2)), ("correlated", None, (6, 3, 1)),
    ("correlated", None, (5, 1, 1)), ("correlated", 1, (7, 3, 2)),
    ("aligned", None, (6, 2, 2)), ("aligned", None, (7, 3, 2)), ("aligned", None, (6, 3, 1)),
]


@pytest.mark.parametrize("family, rank, sizes", TABLE_CASES)
def test_spectrum_matches_seed003_table(family, rank, sizes):
    comparison = compare(family, *sizes, rank=rank)
    assert comparison.table is not None and comparison.note == ""
    assert comparison.match, [row for row in comparison.rows + comparison.counts if not row.match]


def test_comparison_detects_a_wrong_table():
    point = stationary_point("aligned", 6, 3, 2)
    rows = eigen_rows(exact_spectrum(point), paper.TABLES["zero-error"], point.N)
    assert not all(row.match for row in rows)


EQ29_RANGE_FINDING = (
    "seed 003 App. 7.2.2 after the plateau table: the ratio #negative/#null = p*/(N - p* - p/2 - 1/2) "
    "'grows with p up to p = N', where it would be p*/(N/2 - p* - 1/2). But the plateau (eq. 28, r = p) needs p "
    "orthonormal students orthogonal to the p* teachers, so it exists only for p <= N - p*; at p = N its printed "
    "null count p(N - p* - p) + p(p-1)/2 = p(N - 2p* - 1)/2 counts eigenvalues of a point that does not exist. "
    "The largest p is N - p*, where the engine's ratio is p*/((N - p* - 1)/2) (e.g. N=6, p*=2, p=4: 4/3 by the "
    "engine, vs 2/(N/2 - p* - 1/2) = 4 at 'p = N')."
)


@pytest.mark.xfail(strict=True, reason=EQ29_RANGE_FINDING, raises=ValueError)
def test_eq29_range_plateau_exists_at_p_equal_N():
    uncorrelated(6, 6, 2)


def test_eq29_range_finding_residual():
    """The ratio at the largest admissible p = N - p* is the one the finding states."""
    comparison = compare("uncorrelated", 6, 4, 2)
    ratio = next(row for row in comparison.counts if row.name.startswith("#negative / #null"))
    assert ratio.engine_at_N == sympy.Rational(4, 3) == sympy.Rational(2, 1) / sympy.Rational(6 - 2 - 1, 2)


@pytest.mark.skipif(seed_path(paper.SEED_FILE) is None, reason="seed 003 text not available")
def test_transcription_quotes_occur_in_the_seed_text():
    text = re.sub(r"\s+", "", seed_path(paper.SEED_FILE).read_text(encoding="utf-8"))
    missing = [quote for quote in paper.all_quotes() if re.sub(r"\s+", "", quote) not in text]
    assert missing == []


# -- (4) the command -------------------------------------------------------------------------------

def run_cli(argv, capsys):
    parser = argparse.ArgumentParser(prog="quadwick")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code = args.handler(args)
    return code, capsys.readouterr().out


def test_cli_correlated_rank3_table(capsys):
    code, out = run_cli(["landscape", "--point", "correlated", "--rank", "3", "--N", "20", "--p", "6",
                         "--pstar", "3"], capsys)
    assert code == 0
    assert "table 'zero-error'" in out and "MISMATCH" not in out
    assert re.search(r"^4/9\s+3\*N - 9\s+3\*N - 9\s+51\s+51\s+match$", out, re.M)


def test_cli_json_and_latex(capsys):
    code, out = run_cli(["landscape", "--point", "tabula-rasa", "--N", "5", "--p", "2", "--pstar", "1",
                         "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["match"] is True and data["paper_table"] == "tabula-rasa"
    assert {row["value"]: row["engine"] for row in data["rows"]} == {"-6": "2", "-2": "2*N - 2"}
    code, out = run_cli(["landscape", "--point", "uncorrelated", "--rank", "1", "--N", "5", "--p", "2",
                         "--pstar", "1", "--format", "latex"], capsys)
    assert code == 0 and out.count(r"\begin{tabular}") == 1


def test_cli_bad_input(capsys):
    with pytest.raises(ValueError, match="rank"):
        run_cli(["landscape", "--point", "uncorrelated", "--rank", "7", "--N", "20", "--p", "6", "--pstar", "3"], capsys)
    with pytest.raises(SystemExit):
        run_cli(["landscape", "--point", "uncorrelated", "--N", "0", "--p", "6", "--pstar", "3"], capsys)
