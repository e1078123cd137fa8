"""Quick figures and studies: their data (not their pixels), the files they write, and the CLI entry."""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from figure_checks import assert_to_standard
from quadwick.numerics.cli import figures as figures_cli
from quadwick.numerics.figures.base import Table
from quadwick.numerics.papers.registry import figures, studies
from quadwick.numerics.papers.seed002 import figures as seed002_figures

FIGURES, STUDIES = figures(), studies()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    # Seed 003's figures ("1" to "4") have their own tests (test_seed003_figures.py).
    entries = {name: entry for name, entry in {**FIGURES, **STUDIES}.items() if not name.isdigit()}
    return out, {name: entry.run(out, True, 0) for name, entry in entries.items()}


def test_registry_names():
    assert set(FIGURES) == {"1", "2", "3", "4", "seed000-1", "seed000-2", "seed000-3", "seed000-4", "seed002-1",
                            "saad-solla", "he3-single-index"}
    assert set(STUDIES) == {"seed004-barrier", "seed004-span"}


def test_files_are_written(outputs):
    out, results = outputs
    for name in (name for name in FIGURES if name in results):
        assert all((out / f"{FIGURES[name].file_stem}.{suffix}").stat().st_size > 0 for suffix in ("png", "pdf", "csv", "txt"))
    for name in STUDIES:
        assert (out / f"{name}.csv").read_text().splitlines()[0].startswith("d,")


@pytest.mark.parametrize("name", sorted(name for name in FIGURES if not name.isdigit()))
def test_quick_figures_meet_the_standard(outputs, name):
    """Labelled axes, a legend, no 'nan', no colliding tick labels, marked as quick (tests/figure_checks.py)."""
    output = outputs[1][name]
    assert_to_standard(FIGURES[name], output.table, output.summary)


def test_seed002_1_says_where_the_data_contradict_the_paper(outputs):
    """At quick size K = 10 leaves the plateau first but ends above K = 1: the figure and the summary say so; a table
    where K = 10 also ends lower draws no such caveat."""
    output = outputs[1]["seed002-1"]
    table = output.table
    assert table.where(K=10).column("train")[-1] > table.where(K=1).column("train")[-1]  # what the quick data show
    assert "Against the paper's message" in output.summary and "$" not in output.summary
    assert seed002_figures._caveat(table).startswith("Against the paper's message")
    index = table.columns.index("train")
    agreeing = Table(table.columns, [row[:index] + (row[index] * (1e-6 if row[0] == 10 else 1.0),) + row[index + 1:]
                                     for row in table.rows])
    assert seed002_figures._caveat(agreeing) == ""


def test_seed000_1_success_below_and_above_threshold(outputs):
    table = outputs[1]["seed000-1"].table
    for mstar in (1, 2):
        part = table.where(mstar=mstar)
        n, fraction, n_c = part.column("n"), part.column("fraction"), part.column("n_c")[0]
        assert np.all(fraction[n <= 0.6 * n_c] == 0)
        assert np.all(fraction[n >= 1.8 * n_c] >= 0.8)


def test_seed000_2_full_rank_teacher_converges_faster(outputs):
    table = outputs[1]["seed000-2"].table
    final = {m: np.median(table.where(mstar=m).column("E")[table.where(mstar=m).column("t") == table.column("t").max()])
             for m in (2, 16)}
    assert final[16] < 1e-2 * final[2]


def test_seed000_3_generalization_needs_enough_samples(outputs):
    gd_rows = outputs[1]["seed000-3"].table.where(series="gd")
    t_end = gd_rows.column("t").max()
    final = {a: np.median(gd_rows.where(alpha=a).column("population")[gd_rows.where(alpha=a).column("t") == t_end])
             for a in (1.0, 4.0)}
    assert final[4.0] < 1e-2 * final[1.0]


def test_seed002_1_overparametrization_accelerates(outputs):
    table = outputs[1]["seed002-1"].table

    def first_below(K, level):
        part = table.where(K=K)
        return part.column("iteration")[np.argmax(part.column("train") < level)]

    assert first_below(10, 1e-2) < first_below(1, 1e-2)
    mid = {K: table.where(K=K).column("distance")[25] for K in (1, 10)}
    assert mid[10] < mid[1]

    def first_convex(K):  # quantity (9) > 0: GD has entered the strongly convex (linear) regime
        part = table.where(K=K)
        return part.column("iteration")[np.argmax(part.column("quantity9") > 0)]

    assert table.where(K=10).column("quantity9")[-1] > 0
    assert first_convex(10) < first_convex(1)


def test_seed004_studies(outputs):
    barrier = outputs[1]["seed004-barrier"].table
    assert np.all(barrier.column("best_found") >= barrier.column("bound_b") * (1 - 1e-9))
    span = outputs[1]["seed004-span"].table
    assert np.all(span.column("rank") == np.minimum(span.column("n"), span.column("n_star")))


def test_cli_registers_figure_and_study(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    figures_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["study", "seed004-span", "--quick", "--seed", "3", "--out", str(tmp_path)])
    assert args.handler(args) == 0
    assert "seed004-span" in capsys.readouterr().out and (tmp_path / "seed004-span.csv").exists()
    unknown = parser.parse_args(["figure", "seed009-1", "--out", str(tmp_path)])
    with pytest.raises(ValueError, match="no figure named 'seed009-1'; the registered ones: .*seed000-1"):
        unknown.handler(unknown)
    with pytest.raises(SystemExit):
        parser.parse_args(["figure", "seed000-1", "--seed", "-1", "--out", str(tmp_path)])


def test_saad_solla_plateau_and_escape(outputs):
    """The ODE reaches the symmetric plateau (risk 0.02-0.05 at alpha = 100) and leaves it (below 1e-3 at the end);
    on the plateau (alpha <= 250) the simulations' mean is within 3 standard errors (+ 1e-3) of the ODE."""
    table = outputs[1]["saad-solla"].table
    alpha, ode, mean, stderr = (table.column(name) for name in ("alpha", "ode", "mean", "stderr"))
    assert 0.02 < ode[np.argmin(np.abs(alpha - 100))] < 0.05 and ode[-1] < 1e-3
    plateau = alpha <= 250
    assert np.all(np.abs(ode - mean)[plateau] <= 3 * stderr[plateau] + 1e-3)


def test_he3_search_phase_and_escape(outputs):
    """Risk near Var He_3 = 6 at the start, below 0.5 at the end, for the ODE and the simulations' mean (within
    3 standard errors + 0.05 of each other there)."""
    table = outputs[1]["he3-single-index"].table
    ode, mean, stderr = (table.column(name) for name in ("ode", "mean", "stderr"))
    assert ode[0] > 5 and ode[-1] < 0.5 and mean[-1] < 0.5
    assert abs(ode[-1] - mean[-1]) <= 3 * stderr[-1] + 0.05
