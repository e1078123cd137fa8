"""Seed 003 Figures 1-4 at quick size: the data in the CSVs, not the pixels."""

from __future__ import annotations

import numpy as np
import pytest

from numerics.papers.seed003 import plots as seed003_figures


def read(path):
    return np.genfromtxt(path, delimiter=",", names=True)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("figures")


def test_figure_1_ode_and_simulation_mean_agree(out):
    paths = seed003_figures.figure_1(out, quick=True, seed=0)
    assert {p.name for p in paths} == {"figure1.csv", "figure1.png", "figure1.pdf"}
    data = read(out / "figure1.csv")
    names = [n[len("ode_"):] for n in data.dtype.names if n.startswith("ode_")]
    assert len(names) == 6 * 3 + 21 + 1
    for name in names:
        ode, mean, sem = data[f"ode_{name}"], data[f"sim_mean_{name}"], data[f"sim_sem_{name}"]
        assert ode[0] == pytest.approx(mean[0])
        if name == "risk":  # the risk: within a few standard errors plus the finite-N bias, all along
            assert np.all(np.abs(ode - mean) < 4 * sem + 0.02)
    assert data["ode_risk"][-1] < 0.01 < data["ode_risk"][0]  # the run escaped the plateau and learned
    early = data["alpha"] <= 60  # norm learning: the norms settle near p/(p+2) = 0.75 in both
    for k in range(1, 7):
        assert abs(data[f"sim_mean_Q_{k}{k}"][early][-1] - data[f"ode_Q_{k}{k}"][early][-1]) < 0.02


def test_figure_2_alpha_c_has_an_optimal_eta(out):
    seed003_figures.figure_2(out, quick=True, seed=0)
    data = read(out / "figure2.csv")
    alpha_c = data["alpha_c_p3"]
    best = np.argmin(alpha_c)
    assert 0 < best < len(alpha_c) - 1 and np.isinf(alpha_c[-1])  # too large an eta never halves the risk
    assert np.all(np.diff(alpha_c[: best + 1]) < 0)
    optimal = read(out / "figure2_opt.csv")
    assert optimal["eta_opt"][-1] >= optimal["eta_opt"][0]  # eta_opt grows with p


def test_figure_3_trajectory_from_rho0_approaches_its_prediction(out):
    seed003_figures.figure_3(out, quick=True, seed=0)
    data = read(out / "figure3.csv")
    assert data["distance_own"][-1] < 0.05 < data["distance_own"][0]
    others = [n for n in data.dtype.names if n.startswith("distance_other")]
    assert len(others) == 3 and all(data[n][-1] > 0.3 for n in others)
    assert all(data[n.replace("distance", "risk")][-1] < 1e-3 for n in others)


def test_figure_4_S_is_conserved(out):
    paths = seed003_figures.figure_4(out, quick=True, seed=0)
    assert (out / "figure4.pdf") in paths
    data = read(out / "figure4.csv")
    S = np.array([data[n] for n in data.dtype.names if n.startswith("S_")])
    assert S.shape[0] == 18
    assert np.ptp(S, axis=1).max() < 1e-7
    assert np.abs(S).max() > 0.1
