"""quadwick ode and quadwick simulate: files, shapes, events, exit codes, bad input, progress bar."""

from __future__ import annotations

import io
import os
import json
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quadwick.numerics.cli.main import main
from quadwick.numerics.cli.dynamics import load_matrix
from quadwick.numerics.output.progress import ProgressBar


def test_ode_writes_the_arrays_events_and_plot(tmp_path, capsys):
    out, plot = tmp_path / "run.npz", tmp_path / "run.png"
    code = main(["ode", "--p", "2", "--pstar", "1", "--eta", "0.05", "--eps", "0.1", "--seed", "3",
                 "--alpha-max", "400", "--points", "11", "--out", str(out), "--plot", str(plot)])
    assert code == 0 and plot.stat().st_size > 0
    with np.load(out, allow_pickle=False) as data:
        assert data["alpha"].shape == (11,) and data["rho"].shape == (11, 2, 1) and data["Q"].shape == (11, 2, 2)
        assert data["risk"].shape == (11,) and data["risk"][-1] < data["risk"][0] / 2
        meta = json.loads(str(data["meta"]))
    assert meta["seed"] == 3 and meta["status"] == "completed" and 0 < meta["events"]["half_risk"] < 400
    assert "completed" in capsys.readouterr().out


def test_ode_from_files_and_log_grid(tmp_path):
    np.save(tmp_path / "rho.npy", np.array([[0.2], [-0.1]]))
    np.save(tmp_path / "Q.npy", np.array([[1.0, 0.1], [0.1, 0.8]]))
    out = tmp_path / "run.npz"
    code = main(["ode", "--p", "2", "--pstar", "1", "--eta", "0.05", "--rho0", str(tmp_path / "rho.npy"),
                 "--Q0", str(tmp_path / "Q.npy"), "--alpha-max", "100", "--points", "5", "--log", "--out", str(out)])
    assert code == 0
    with np.load(out) as data:
        np.testing.assert_allclose(data["rho"][0], [[0.2], [-0.1]])
        np.testing.assert_allclose(data["Q"][0], [[1.0, 0.1], [0.1, 0.8]])
        np.testing.assert_allclose(data["alpha"][1:], np.geomspace(0.01, 100, 4))


def test_ode_divergence_exits_nonzero_with_finite_arrays(tmp_path, capsys):
    out = tmp_path / "run.npz"
    code = main(["ode", "--p", "2", "--pstar", "1", "--eta", "20", "--eps", "0.01", "--alpha-max", "100", "--out", str(out)])
    assert code == 1 and "diverged" in capsys.readouterr().out
    with np.load(out) as data:
        assert np.isfinite(data["Q"]).all()
        assert json.loads(str(data["meta"]))["events"]["diverged"] > 0


@pytest.mark.parametrize("method", ["overlap", "weights"])
def test_simulate_has_a_leading_replica_axis(tmp_path, method):
    out, plot = tmp_path / "sim.npz", tmp_path / "sim.png"
    code = main(["simulate", "--p", "2", "--pstar", "1", "--N", "100", "--eta", "0.05", "--alpha-max", "5",
                 "--replicas", "3", "--method", method, "--eps", "0.1", "--points", "6", "--out", str(out), "--plot", str(plot)])
    assert code == 0 and plot.exists()
    with np.load(out) as data:
        assert data["rho"].shape == (3, 6, 2, 1) and data["Q"].shape == (3, 6, 2, 2) and data["risk"].shape == (3, 6)
        assert data["alpha"].shape == (6,) and (data["diverged_step"] == -1).all()
        assert json.loads(str(data["meta"]))["method"] == method
        assert np.ptp(data["Q"][:, -1, 0, 0]) > 0  # replicas differ


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--eps", "0.1", "--Q0", "q.npy"], "--Q0 goes with --rho0"),
        (["--rho0", "missing.npy"], "--rho0 missing.npy: no such file"),
        (["--rho0", "{tmp}"], "not a regular file"),
        (["--rho0", "{tmp}/fifo"], "not a regular file"),
        (["--rho0", "{tmp}/text.npy"], "not a .npy array file"),
        (["--rho0", "{tmp}/empty.npy"], "not a .npy array file"),
        (["--rho0", "{tmp}/huge.npy"], "holds shape (100000, 1000000), expected (2, 1)"),
        (["--rho0", "{tmp}/complex.npy"], "holds complex128 values"),
        (["--rho0", "{tmp}/structured.npy"], "expected real numbers"),
        (["--rho0", "{tmp}/strings.npy"], "holds <U1 values"),
        (["--rho0", "{tmp}/nan.npy"], "--rho0 {tmp}/nan.npy holds non-finite values"),
        (["--rho0", "{tmp}/object.npy"], "holds object values"),
    ],
)
def test_bad_input_is_named(tmp_path, capsys, argv, message):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "text.npy").write_text("0.1\n0.2\n")
    (tmp_path / "empty.npy").write_bytes(b"")
    with open(tmp_path / "huge.npy", "wb") as stream:  # a header announcing 10^11 elements, and no data
        np.lib.format.write_array_header_1_0(stream, {"descr": "<f8", "fortran_order": False, "shape": (100000, 1000000)})
    np.save(tmp_path / "complex.npy", np.ones((2, 1), dtype=complex))
    np.save(tmp_path / "structured.npy", np.zeros((2, 1), dtype=[("a", "<f8")]))
    np.save(tmp_path / "strings.npy", np.full((2, 1), "a"))
    np.save(tmp_path / "nan.npy", np.array([[0.1], [np.nan]]))
    np.save(tmp_path / "object.npy", np.empty((2, 1), dtype=object), allow_pickle=True)
    argv = [item.replace("{tmp}", str(tmp_path)) for item in argv]
    code = main(["ode", "--p", "2", "--pstar", "1", "--eta", "0.1", "--alpha-max", "1", "--out", str(tmp_path / "x.npz"), *argv])
    assert code == 2 and message.replace("{tmp}", str(tmp_path)) in capsys.readouterr().err


def test_negative_eta_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit):
        main(["ode", "--p", "2", "--pstar", "1", "--eta", "-1", "--eps", "0.1", "--alpha-max", "1", "--out", "x.npz"])
    assert "positive" in capsys.readouterr().err


def test_progress_bar_draws_only_after_its_delay():
    quiet, loud = io.StringIO(), io.StringIO()
    bar = ProgressBar("x", stream=quiet, delay=60)
    bar(0.5)
    bar.close()
    assert quiet.getvalue() == ""
    bar = ProgressBar("x", stream=loud, delay=0)
    time.sleep(0.01)
    bar(0.5)
    bar.close()
    assert "50.0%" in loud.getvalue() and loud.getvalue().endswith("\n")


def test_progress_bar_estimates_the_time_left_from_the_fraction_done():
    """After t seconds at fraction f the bar says t (1 - f) / f seconds are left; none before 2 % is done."""
    times = iter([0.0, 1.0, 100.0, 400.0]).__next__
    stream = io.StringIO()
    with ProgressBar("sweep (8 points)", stream=stream, delay=0, clock=times) as bar:
        bar(0.01)
        bar(0.8)
        bar(1.0)
    first, second, last = stream.getvalue().strip("\n").split("\r")[1:]
    assert first.endswith("1s spent") and "left" not in first
    assert second.startswith("sweep (8 points) [") and second.endswith("1m40s spent, about 25s left")
    assert last.endswith("6m40s spent, done")


def test_simulate_weights_threads_give_identical_files_and_record_the_input_dtype(tmp_path):
    common = ["simulate", "--p", "2", "--pstar", "1", "--N", "3000", "--eta", "0.05", "--alpha-max", "0.05",
              "--replicas", "2", "--method", "weights", "--eps", "0.1", "--seed", "3", "--points", "3",
              "--input-dtype", "float32"]
    for threads in ("1", "2"):
        assert main([*common, "--threads", threads, "--out", str(tmp_path / f"t{threads}.npz")]) == 0
    with np.load(tmp_path / "t1.npz") as one, np.load(tmp_path / "t2.npz") as two:
        assert np.array_equal(one["Q"], two["Q"]) and np.array_equal(one["rho"], two["rho"])
        assert json.loads(str(one["meta"]))["input_dtype"] == "float32"


def test_one_point_and_an_impossible_step_count_are_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["ode", "--p", "2", "--pstar", "1", "--eta", "0.1", "--eps", "0.1", "--alpha-max", "1", "--points", "1",
              "--out", str(tmp_path / "x.npz")])
    assert "expected an integer >= 2, got 1" in capsys.readouterr().err
    code = main(["simulate", "--p", "2", "--pstar", "1", "--N", "100", "--eta", "0.1", "--eps", "0.1",
                 "--alpha-max", "1e300", "--out", str(tmp_path / "x.npz")])
    assert code == 2 and "beyond what a simulation can run" in capsys.readouterr().err
    assert not (tmp_path / "x.npz").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["ode", "--points", "1000000000"],
        ["simulate", "--N", "100", "--replicas", "1000000000"],
        ["simulate", "--N", "1000000000", "--method", "weights"],
    ],
)
def test_runs_beyond_the_memory_limit_are_refused_before_they_start(tmp_path, capsys, argv):
    command, *sizes = argv
    common = ["--p", "2", "--pstar", "1", "--eta", "0.1", "--eps", "0.1", "--alpha-max", "1", "--out", str(tmp_path / "x.npz")]
    assert main([command, *common, *sizes]) == 2
    assert "of memory, over the limit" in capsys.readouterr().err and not (tmp_path / "x.npz").exists()
    assert main([command, *common, *sizes, "--dry-run"]) == 0
    assert "estimate: about" in capsys.readouterr().out and not (tmp_path / "x.npz").exists()


def test_ode_to_a_huge_alpha_stops_at_the_fixed_point_and_says_so(tmp_path, capsys):
    out = tmp_path / "x.npz"
    code = main(["ode", "--p", "2", "--pstar", "2", "--eta", "0.1", "--eps", "0.1", "--alpha-max", "1e300",
                 "--out", str(out)])
    assert code == 0 and "ode: stationary" in capsys.readouterr().out
    with np.load(out) as data:
        meta = json.loads(str(data["meta"]))
        assert meta["status"] == "stationary" and data["alpha"][-1] == meta["events"]["stationary"] < 1e4
        assert data["risk"][-1] < 1e-9 < data["risk"][0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=300),
    st.builds(lambda magic, body: magic + body, st.sampled_from([b"\x93NUMPY\x01\x00", b"\x93NUMPY\x02\x00"]),
              st.binary(max_size=200)),
))
def test_the_loader_refuses_random_bytes_cleanly(tmp_path, data):
    path = tmp_path / "random.npy"
    path.write_bytes(data)
    try:
        value = load_matrix(path, (2, 1), "--rho0")
    except ValueError as error:
        assert str(error).startswith(f"--rho0 {path}")
    else:
        assert value.shape == (2, 1) and value.dtype == float and np.isfinite(value).all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.lists(st.integers(0, 3), max_size=3).map(tuple),
       dtype=st.sampled_from(["<f8", ">f4", "<i2", "u1", "<c16", "?", "<U2", "<M8[s]", "V8"]),
       fill=st.sampled_from([0.5, np.nan, np.inf, 7]))
def test_the_loader_accepts_only_finite_real_arrays_of_the_shape(tmp_path, shape, dtype, fill):
    path = tmp_path / "array.npy"
    try:
        with np.errstate(invalid="ignore"):  # NaN cast to an integer type: whatever NumPy makes of it
            array = np.full(shape, fill).astype(dtype)
    except (TypeError, ValueError):
        return  # a fill NumPy cannot cast to this dtype: nothing to load
    np.save(path, array)
    real = np.dtype(dtype).kind in "iuf"
    expected_ok = shape == (2, 1) and real and np.isfinite(array.astype(float)).all()
    try:
        value = load_matrix(path, (2, 1), "--Q0")
    except ValueError as error:
        assert not expected_ok and str(error).startswith(f"--Q0 {path}")
    else:
        assert expected_ok and value.shape == (2, 1) and np.isfinite(value).all()


def test_an_unusable_kernel_cache_is_one_warning_line_and_the_run_goes_on(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("QUADWICK_CACHE_DIR", str(blocker))
    code = main(["ode", "--p", "2", "--pstar", "1", "--eta", "0.1", "--eps", "0.1", "--alpha-max", "5", "--points", "3",
                 "--out", str(tmp_path / "x.npz")])
    err = capsys.readouterr().err
    assert code == 0 and (tmp_path / "x.npz").exists()
    assert err.startswith(f"quadwick: warning: kernel cache {blocker}") and err.count("\n") == 1


def test_ode_and_simulate_files_share_keys_and_status_words(tmp_path):
    """One trajectory format: the same arrays (a replica axis apart) and the same meta fields and status words."""
    common = ["--p", "2", "--pstar", "1", "--eta", "0.05", "--alpha-max", "5", "--eps", "0.1", "--seed", "7",
              "--points", "6"]
    assert main(["ode", *common, "--out", str(tmp_path / "ode.npz")]) == 0
    assert main(["simulate", *common, "--N", "100", "--replicas", "2", "--out", str(tmp_path / "sim.npz")]) == 0
    with np.load(tmp_path / "ode.npz") as ode, np.load(tmp_path / "sim.npz") as sim:
        assert set(ode.files) == {"alpha", "t", "rho", "Q", "risk", "meta"}
        assert set(sim.files) == set(ode.files) | {"diverged_step"}
        assert np.array_equal(ode["alpha"], sim["alpha"]) and np.allclose(sim["t"], 0.05 * sim["alpha"])
        assert ode["rho"].shape == sim["rho"].shape[1:]
        ode_meta, sim_meta = json.loads(str(ode["meta"])), json.loads(str(sim["meta"]))
    for field in ("status", "method", "eta", "seed", "model"):
        assert field in ode_meta and field in sim_meta, field
    assert ode_meta["status"] == sim_meta["status"] == "completed"
    assert ode_meta["seed"] == sim_meta["seed"] == 7 and ode_meta["model"] == sim_meta["model"]


def test_one_reader_loads_ode_and_simulation_files_and_names_a_foreign_file(tmp_path):
    from quadwick.numerics.dynamics.trajectory import read_trajectory

    common = ["--p", "2", "--pstar", "1", "--eta", "0.05", "--alpha-max", "2", "--eps", "0.1", "--seed", "3",
              "--points", "4"]
    assert main(["ode", *common, "--out", str(tmp_path / "ode.npz")]) == 0
    assert main(["simulate", *common, "--N", "100", "--replicas", "3", "--out", str(tmp_path / "sim.npz")]) == 0
    ode, sim = read_trajectory(tmp_path / "ode.npz"), read_trajectory(tmp_path / "sim.npz")
    assert ode.status == sim.status == "completed" and ode.meta["model"] == sim.meta["model"]
    assert ode.rho.shape == (4, 2, 1) and sim.rho.shape == (3, 4, 2, 1) and sim.Q.shape == (3, 4, 2, 2)
    assert ode.diverged_step is None and sim.diverged_step.tolist() == [-1, -1, -1]
    np.savez(tmp_path / "other.npz", alpha=np.zeros(2))
    with pytest.raises(ValueError, match=r"other.npz is not a quadwick trajectory file: no t, rho, Q, risk, meta"):
        read_trajectory(tmp_path / "other.npz")
    (tmp_path / "text.npz").write_text("not a zip")
    with pytest.raises(ValueError, match="text.npz is not a readable .npz file"):
        read_trajectory(tmp_path / "text.npz")


def test_ode_and_simulate_record_at_the_same_log_grid(tmp_path):
    """One time grid: with --log, the simulation records at the ODE's alphas, rounded to whole steps."""
    common = ["--p", "2", "--pstar", "1", "--eta", "0.05", "--alpha-max", "10", "--eps", "0.1", "--points", "5", "--log"]
    assert main(["ode", *common, "--out", str(tmp_path / "ode.npz")]) == 0
    assert main(["simulate", *common, "--N", "10000", "--out", str(tmp_path / "sim.npz")]) == 0
    with np.load(tmp_path / "ode.npz") as ode, np.load(tmp_path / "sim.npz") as sim:
        assert len(sim["alpha"]) == len(ode["alpha"]) and np.all(np.abs(sim["alpha"] - ode["alpha"]) <= 0.5 / 10000)
        assert ode["alpha"][1] == pytest.approx(1e-4 * 10)  # log_start times alpha_max, not one step


def test_ode_and_simulate_take_the_activation_noise_and_loss_prefactor(tmp_path):
    """The options reach both dynamics: the risk at alpha = 0 moves by c Delta between runs with and without
    noise, and both files record the model they ran."""
    from quadwick.numerics.dynamics.trajectory import read_trajectory

    common = ["--p", "2", "--pstar", "1", "--eta", "0.05", "--alpha-max", "1", "--eps", "0.1", "--seed", "2",
              "--points", "3", "--activation", "z**2 + z/2", "--loss-prefactor", "1/2"]
    for name, extra in (("quiet", []), ("noisy", ["--noise", "0.2"])):
        assert main(["ode", *common, *extra, "--out", str(tmp_path / f"ode-{name}.npz")]) == 0
        assert main(["simulate", *common, *extra, "--N", "200", "--out", str(tmp_path / f"sim-{name}.npz")]) == 0
    quiet, noisy = read_trajectory(tmp_path / "ode-quiet.npz"), read_trajectory(tmp_path / "ode-noisy.npz")
    assert noisy.risk[0] - quiet.risk[0] == pytest.approx(0.5 * 0.2, rel=1e-12)
    simulated = read_trajectory(tmp_path / "sim-noisy.npz").meta["model"]
    assert (simulated["activation"], simulated["noise_variance"], simulated["loss_prefactor"]) == ("z**2 + z/2", "1/5", "1/2")
