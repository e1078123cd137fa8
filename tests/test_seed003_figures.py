"""Seed 003 Figures 1-4 at quick size: the data they compute (not the pixels) and the files they write."""

from __future__ import annotations

import numpy as np
import pytest

from figure_checks import assert_to_standard, texts
from quadwick.numerics.figures.base import Table
from quadwick.numerics.papers.registry import figures

FIGURES = figures()


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("figures")


def read(path):
    return np.genfromtxt(path, delimiter=",", names=True)


def test_figure_1_ode_and_simulation_mean_agree(out):
    # The caveat (claim 003-fig1's allowance, 5 standard errors + 1/sqrt(N)) is passed somewhere among the 40 curves x
    # 201 points for some seeds even when the ODE is right: 2 of seeds 0-39 with the quick size's 10 replicas (5 of 40
    # with 6 replicas, as before), so the seed is one whose runs stay within it; the wording is tested below.
    output = FIGURES["1"].run(out, quick=True, rng=2)
    fig = assert_to_standard(FIGURES["1"], output.table, output.summary)
    # each ODE curve (solid) and its simulation (dashed) share a colour, distinct within the panel, named beside it
    for ax, count in zip(fig.axes, (18, 15, 6, 1)):
        solid = [line.get_color() for line in ax.get_lines() if line.get_linestyle() == "-"]
        dashed = [line.get_color() for line in ax.get_lines() if line.get_linestyle() == "--"]
        assert solid == dashed and len({tuple(c) if not isinstance(c, str) else c for c in solid}) == count
        if count > 1:
            assert [text.get_text() for text in ax.get_legend().get_texts()][:2] in (
                [r"$\rho_{11}$", r"$\rho_{12}$"], [r"$Q_{12}$", r"$Q_{13}$"], [r"$Q_{11}$", r"$Q_{22}$"])
    assert [text.get_text() for text in fig.axes[3].get_legend().get_texts()][0] == "ODE"
    assert {p.name for p in output.files} == {"figure1.csv", "figure1.txt", "figure1.png", "figure1.pdf"}
    table = output.table
    names = [n[len("ode_"):] for n in table.columns if n.startswith("ode_")]
    assert len(names) == 6 * 3 + 21 + 1
    # no curve strays beyond claim 003-fig1's allowance (5 s.e. + 1/sqrt(N)), so no caveat; one that does is named
    assert FIGURES["1"].caveat(table) == "" and "strays" not in output.summary
    index = table.columns.index("sim_mean_Q_26")
    shifted = Table(table.columns, [row[:index] + (row[index] + 2.0,) + row[index + 1:] for row in table.rows])
    caveat = FIGURES["1"].caveat(shifted)
    assert caveat.startswith("The simulations' mean strays from the ODE") and "1 of 40 curves, most for $Q_{26}$" in caveat
    for name in names:
        ode, mean, sem = (table.column(f"{kind}_{name}") for kind in ("ode", "sim_mean", "sim_sem"))
        assert ode[0] == pytest.approx(mean[0])
        if name == "risk":  # the risk: within a few standard errors plus the finite-N bias, all along
            assert np.all(np.abs(ode - mean) < 4 * sem + 0.02)
    assert table.column("ode_risk")[-1] < 0.01 < table.column("ode_risk")[0]  # escaped the plateau and learned
    early = table.column("alpha") <= 60  # norm learning: the norms settle near p/(p+2) = 0.75 in both
    for k in range(1, 7):
        assert abs(table.column(f"sim_mean_Q_{k}{k}")[early][-1] - table.column(f"ode_Q_{k}{k}")[early][-1]) < 0.02
    written = read(out / "figure1.csv")  # the CSV holds the table
    assert np.allclose(written["ode_risk"], table.column("ode_risk"))


def test_figure_2_alpha_c_has_an_optimal_eta(out):
    output = FIGURES["2"].run(out, quick=True, rng=0)
    table = output.table
    fig = assert_to_standard(FIGURES["2"], table, output.summary)  # among others: the log axes' labels do not collide
    assert any("a line through two points" in text for text in texts(fig))  # what the quick sizes cannot show
    # eta_opt's interval drawn as error bars on the right panel, one per width
    assert len(fig.axes[1].containers) == 1 and len(fig.axes[1].containers[0].lines[2][0].get_segments()) == 2
    scan = table.where(kind="scan", p=3)
    alpha_c = scan.column("alpha_c")
    best = np.argmin(alpha_c)
    assert 0 < best < len(alpha_c) - 1 and np.isinf(alpha_c[-1])  # too large an eta never halves the risk
    assert np.all(np.diff(alpha_c[: best + 1]) < 0)
    optimum = table.where(kind="optimum")
    assert list(optimum.column("p")) == [3, 6]
    assert optimum.column("eta")[-1] >= optimum.column("eta")[0]  # eta_opt grows with p
    # the optimum refines the scan: no scanned eta does better than eta_opt
    assert optimum.column("alpha_c")[0] <= alpha_c.min() * (1 + 1e-9)
    # its uncertainty: the etas where <alpha_c> is within 1% of its least value, an interval around eta_opt that
    # holds every scanned eta doing that well and no scanned eta doing worse
    low, eta, high = (optimum.where(p=3).column(name)[0] for name in ("eta_low", "eta", "eta_high"))
    assert low < eta < high < 1.5 * low
    level = 1.01 * optimum.where(p=3).column("alpha_c")[0]
    inside = (scan.column("eta") >= low) & (scan.column("eta") <= high)
    assert np.array_equal(inside, alpha_c <= level)


def test_figure_3_trajectory_from_rho0_approaches_its_prediction(out):
    output = FIGURES["3"].run(out, quick=True, rng=0)
    table = output.table
    fig = assert_to_standard(FIGURES["3"], table, output.summary)
    legend = fig.axes[0].get_legend()  # the black and the grey curves are named
    assert [text.get_text() for text in legend.get_texts()] == [r"the trajectory from $\rho_0$", "other eq. (8) initialisations"]
    assert [line.get_color() for line in legend.get_lines()] == ["black", "0.6"]
    assert table.column("distance_own")[-1] < 0.05 < table.column("distance_own")[0]
    others = [n for n in table.columns if n.startswith("distance_other")]
    assert len(others) == 3 and all(table.column(n)[-1] > 0.3 for n in others)
    assert all(table.column(n.replace("distance", "risk"))[-1] < 1e-3 for n in others)


def test_figure_4_S_is_conserved(out):
    output = FIGURES["4"].run(out, quick=True, rng=0)
    assert (out / "figure4.pdf") in output.files
    assert_to_standard(FIGURES["4"], output.table, output.summary)
    S = np.array([output.table.column(n) for n in output.table.columns if n.startswith("S_")])
    assert S.shape[0] == 18
    assert np.ptp(S, axis=1).max() < 1e-7
    assert np.abs(S).max() > 0.1
