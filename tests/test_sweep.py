"""Sweeps over (p, p*, eta, seed): the same table from local processes and from a Dask cluster, reruns that
compute only what is missing, the tasks' results, errors, and ``quadwick sweep``."""

from __future__ import annotations

import csv
import importlib.util
import math
from concurrent.futures import Executor, Future

import pytest

from quadwick.derive.model import preset
from quadwick.numerics.dynamics import ode
from quadwick.numerics.papers.seed003 import figures as seed003_figures
from quadwick.numerics.cli.main import main
from quadwick.numerics.sweep import ODETask, Point, SGDTask, Sweep, open_executor, read_table, run_sweep

needs_dask = pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="needs dask[distributed]")

# Small but varied: learns at eta = 0.05, diverges at eta = 0.5 (p* = 1).
GRID = dict(p=[3, 2], pstar=[1], eta=[0.5, 0.05], seed=[1, 0])
TASK = ODETask(alpha_max=100.0, points=11)


class InlineExecutor(Executor):
    """Runs each task when it is submitted, in this process (a deterministic stand-in for a pool)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:  # the sweep reports it
            future.set_exception(error)
        return future


def rows_of(path) -> list[dict[str, str]]:
    with open(path, newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """The same sweep run on two local processes and on a local Dask cluster of two workers.

    The cluster's workers are threads of this process (quick to start) talking TCP, so the tasks and
    results travel serialised as they do to remote workers.
    """
    distributed = pytest.importorskip("distributed")
    folder = tmp_path_factory.mktemp("sweep")
    sweep = Sweep(task=TASK, **GRID)
    with open_executor(workers=2) as pool:
        local = run_sweep(sweep, folder / "local.csv", pool)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None
    ) as cluster:
        with open_executor(scheduler=cluster.scheduler_address) as executor:
            dask = run_sweep(sweep, folder / "dask.csv", executor)
    return sweep, local, dask


def test_local_processes_and_a_dask_cluster_write_identical_tables(tables):
    sweep, local, dask = tables
    assert local.computed == dask.computed == 8 and local.skipped == dask.skipped == 0
    assert local.path.read_bytes() == dask.path.read_bytes()


def test_the_table_holds_model_seed_settings_and_exact_results(tables):
    sweep, local, _ = tables
    rows = rows_of(local.path)
    assert list(rows[0]) == list(sweep.columns())
    assert [(int(r["p"]), float(r["eta"]), int(r["seed"])) for r in rows] == [
        (p, eta, seed) for p in (2, 3) for eta in (0.05, 0.5) for seed in (0, 1)
    ]
    assert {(r["preset"], r["task"], r["alpha_max"], r["t_max"], r["eps"]) for r in rows} == {("seed003", "ode", "100.0", "", "0.01")}
    for row in rows:
        model, eta, seed = preset("seed003", int(row["p"]), 1), float(row["eta"]), int(row["seed"])
        result = ode.integrate_random(model, 0.01, seed, ode.ODEOptions(eta=eta, alpha_max=100.0, points=11))
        assert row["status"] == result.status
        assert float(row["alpha_c"]) == (math.inf if result.events.half_risk is None else result.events.half_risk)
        assert float(row["risk_end"]) == result.risk[-1]
        if eta == 0.5:  # divergence is reported with where it happened, not as NaN
            assert row["status"] == "diverged" and 0 < float(row["diverged_alpha"]) < 100 and row["alpha_c"] == "inf"
        else:
            assert row["status"] == "completed" and float(row["alpha_c"]) < 100 and row["diverged_alpha"] == "inf"


def test_a_rerun_computes_only_the_points_missing(tables, tmp_path):
    _, local, _ = tables
    path = tmp_path / "table.csv"
    path.write_bytes(local.path.read_bytes())
    larger = Sweep(task=TASK, **{**GRID, "seed": [0, 1, 2]})
    summary = run_sweep(larger, path, InlineExecutor())
    assert (summary.computed, summary.skipped, len(summary.rows)) == (4, 8, 12)
    before = {tuple(row.values()) for row in rows_of(local.path)}
    assert before <= {tuple(row.values()) for row in rows_of(path)}
    again = run_sweep(Sweep(task=TASK, **GRID), path, InlineExecutor())
    assert (again.computed, again.skipped, len(again.rows)) == (0, 8, 12)


@pytest.mark.parametrize("damage", ["cut mid-row", "cut mid-number", "a field emptied"])
def test_incomplete_rows_are_computed_again(tables, tmp_path, damage):
    _, local, _ = tables
    path = tmp_path / "table.csv"
    text = local.path.read_text()
    if damage == "cut mid-row":
        text = text[: text.rindex(",")]
    elif damage == "cut mid-number":  # '...,2.99' of a final '...,2.9999' still parses: the missing newline tells
        text = text.rstrip("\n")[:-2]
    else:
        lines = text.splitlines(True)
        cells = lines[3].split(",")
        cells[-2] = "x"
        lines[3] = ",".join(cells)
        text = "".join(lines)
    path.write_text(text)
    summary = run_sweep(Sweep(task=TASK, **GRID), path, InlineExecutor())
    assert (summary.computed, summary.skipped, summary.incomplete) == (1, 7, 1)
    assert path.read_bytes() == local.path.read_bytes()


@needs_dask
def test_a_sweep_whose_cluster_lost_its_workers_stops_with_a_message(tmp_path):
    import time

    import distributed

    grid = dict(p=[2], pstar=[1], eta=[0.05], seed=[0, 1])
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  dashboard_address=None) as cluster:
        with open_executor(scheduler=cluster.scheduler_address, lost_after=1.0) as executor:
            for worker in list(cluster.workers.values()):
                cluster.sync(worker.close)
            start = time.monotonic()
            with pytest.raises(RuntimeError, match="has had no worker for 1 s"):
                run_sweep(Sweep(task=ODETask(alpha_max=50.0, points=3), **grid), tmp_path / "t.csv", executor)
            assert time.monotonic() - start < 20


class FailingAtSeed1(ODETask):
    """The ODE task, failing at seed 1."""

    def run(self, model, eta, seed):
        if seed == 1:
            raise ArithmeticError("seed 1 fails")
        return super().run(model, eta, seed)


def test_a_failed_point_leaves_the_others_in_the_table(tmp_path):
    path = tmp_path / "table.csv"
    grid = dict(p=[2], pstar=[1], eta=[0.05], seed=[0, 1, 2])
    with pytest.raises(RuntimeError, match=r"1 of 3 sweep points failed .*\n  Point\(p=2, pstar=1, eta=0.05, seed=1\): "
                                           r"ArithmeticError: seed 1 fails"):
        run_sweep(Sweep(task=FailingAtSeed1(alpha_max=50.0, points=3), **grid), path, InlineExecutor())
    assert [row["seed"] for row in rows_of(path)] == ["0", "2"]
    summary = run_sweep(Sweep(task=ODETask(alpha_max=50.0, points=3), **grid), path, InlineExecutor())
    assert (summary.computed, summary.skipped) == (1, 2)


def test_a_table_made_with_other_settings_is_refused(tmp_path):
    path = tmp_path / "table.csv"
    grid = dict(p=[2], pstar=[1], eta=[0.05], seed=[0])
    run_sweep(Sweep(task=ODETask(alpha_max=50.0, points=3), **grid), path, InlineExecutor())
    with pytest.raises(ValueError, match=r"line 2 was computed with eps = 0.01, this sweep has eps = 0.02"):
        read_table(path, Sweep(task=ODETask(alpha_max=50.0, points=3, eps=0.02), **grid))
    with pytest.raises(ValueError, match=r"line 2 was computed with alpha_max = 50.0, this sweep has alpha_max = \(none\)"):
        read_table(path, Sweep(task=ODETask(t_max=50.0, points=3), **grid))
    with pytest.raises(ValueError, match="is not a table of this sweep"):
        run_sweep(Sweep(task=SGDTask(N=100, alpha_max=50.0), **grid), path, InlineExecutor())
    assert len(rows_of(path)) == 1  # a refused table is left as it was


def test_a_sweep_point_is_a_figure_2_run(tmp_path):
    """Figure 2's alpha_c at p = p* = 3 from its first initialisation (drawn with its seed) is the sweep's at that seed."""
    task = ODETask(t_max=60.0, points=2, stop_at_half_risk=True)
    summary = run_sweep(Sweep(p=[3], pstar=[3], eta=[0.2], seed=[5], task=task), tmp_path / "f2.csv", InlineExecutor())
    row = summary.rows[Point(3, 3, 0.2, 5)]
    assert row["status"] == "halved"
    assert float(row["alpha_c"]) == seed003_figures.alpha_c_runs(3, [0.2], 1, 5, t_max=60.0)[0, 0]


def test_the_sgd_task_records_its_replicas(tmp_path):
    task = SGDTask(N=200, replicas=3, alpha_max=30.0, points=31)
    summary = run_sweep(Sweep(p=[2], pstar=[1], eta=[0.1, 20.0], seed=[4], task=task), tmp_path / "sgd.csv", InlineExecutor())
    learns, diverges = summary.rows[Point(2, 1, 0.1, 4)], summary.rows[Point(2, 1, 20.0, 4)]
    assert learns["status"] == "completed" and learns["diverged_replicas"] == "0" and learns["diverged_alpha"] == "inf"
    assert 0 < float(learns["alpha_c"]) < 30 and float(learns["risk_end"]) < 0.1 and learns["alpha_end"] == "30.0"
    assert diverges["status"] == "diverged" and diverges["diverged_replicas"] == "3"
    assert float(diverges["diverged_alpha"]) < 30 and diverges["risk_end"] == "inf" and diverges["alpha_c"] == "inf"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"p": []}, "at least one value of p"),
        ({"pstar": [0]}, "pstar must be a positive integer, got 0"),
        ({"p": [2.5]}, "p must be a positive integer"),
        ({"eta": [-0.1]}, "eta must be finite and positive, got -0.1"),
        ({"eta": [math.nan]}, "eta must be finite and positive"),
        ({"seed": [-1]}, "seed must be a non-negative integer, got -1"),
        ({"preset": "seed000"}, "general teacher Gram"),
        ({"task": SGDTask(N=3, alpha_max=1.0)}, "N = 3 is smaller than p \\+ p\\* = 4"),
    ],
)
def test_bad_grids_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        Sweep(**{**GRID, "task": TASK, **changes})


@pytest.mark.parametrize(
    "settings, message",
    [({}, "exactly one of alpha_max and t_max"), ({"alpha_max": 1.0, "t_max": 1.0}, "exactly one"),
     ({"alpha_max": -1.0}, "alpha_max must be finite and positive"), ({"t_max": 1.0, "eps": -0.1}, "eps must be"),
     ({"t_max": 1.0, "points": 1}, "points must be at least 2")],
)
def test_bad_tasks_are_refused(settings, message):
    with pytest.raises(ValueError, match=message):
        ODETask(**settings)


@needs_dask
def test_an_unreachable_scheduler_is_named():
    with pytest.raises(ValueError, match=r"cannot reach the Dask scheduler at 'tcp://127.0.0.1:1'"):
        with open_executor(scheduler="tcp://127.0.0.1:1", timeout=0.2):
            pass


def test_cli_sweep_writes_the_table_and_the_plot_and_resumes(tmp_path, capsys):
    out, plot = tmp_path / "sweep.csv", tmp_path / "sweep.png"
    argv = ["sweep", "--p", "2", "--pstar", "1", "--eta", "0.05", "0.1", "--seed", "0", "1", "--t-max", "10",
            "--points", "3", "--out", str(out), "--workers", "2"]
    assert main(argv + ["--plot", str(plot)]) == 0
    assert "computed 4 points, 0 already in the table; completed 4" in capsys.readouterr().out
    assert plot.stat().st_size > 0 and len(rows_of(out)) == 4 and rows_of(out)[0]["t_max"] == "10.0"
    assert main(argv) == 0
    assert "computed 0 points, 4 already in the table" in capsys.readouterr().out


@pytest.mark.parametrize(
    "extra, message",
    [(["--task", "sgd"], "--task sgd needs the input dimension --N"), (["--N", "10"], "--N and --replicas go with --task sgd"),
     pytest.param(["--scheduler", "tcp://nowhere"], "cannot reach the Dask scheduler at 'tcp://nowhere'", marks=needs_dask)],
)
def test_cli_errors_are_one_line(tmp_path, capsys, extra, message):
    argv = ["sweep", "--p", "2", "--pstar", "1", "--eta", "0.05", "--alpha-max", "1", "--out", str(tmp_path / "t.csv")]
    assert main(argv + extra) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_refuses_a_negative_learning_rate(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["sweep", "--p", "2", "--pstar", "1", "--eta", "-0.1", "--alpha-max", "1", "--out", str(tmp_path / "t.csv")])
    assert "expected a positive number, got '-0.1'" in capsys.readouterr().err
