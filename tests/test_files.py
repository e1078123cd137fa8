"""Atomic output: permissions of a new file, nothing left behind by a failed write."""

from __future__ import annotations

import os
import stat

import pytest

from quadwick.numerics.output.files import atomic_path, write_text_atomic


def test_written_file_has_the_mode_the_umask_gives_and_exact_text(tmp_path):
    umask = os.umask(0o027)
    try:
        path = write_text_atomic(tmp_path / "sub" / "a.txt", "x\ny\n")
    finally:
        os.umask(umask)
    assert path.read_bytes() == b"x\ny\n"
    # the mode was fixed at import time from the process's umask, not from mkstemp's 0600
    expected = 0o666 & ~umask
    assert stat.S_IMODE(path.stat().st_mode) == expected


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "b.txt"
    write_text_atomic(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            temporary.write_text("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.txt"]


def test_a_name_without_the_npz_suffix_gets_the_data_under_exactly_that_name(tmp_path):
    import numpy as np

    from quadwick.numerics.output.files import write_npz_atomic

    for name in ("res", "sim.dat", "R.NPZ"):
        target = write_npz_atomic(tmp_path / name, {"x": np.arange(3.0)})
        assert np.load(target)["x"].tolist() == [0.0, 1.0, 2.0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["R.NPZ", "res", "sim.dat"]


@pytest.mark.parametrize("kind", ["directory", "symlink", "fifo", "under a file"])
def test_targets_that_are_not_regular_files_are_refused_and_left_alone(tmp_path, kind):
    from quadwick.numerics.output.files import OutputError

    good = tmp_path / "good.txt"
    good.write_text("keep")
    if kind == "directory":
        target = tmp_path / "folder"
        target.mkdir()
    elif kind == "symlink":
        target = tmp_path / "link.txt"
        target.symlink_to(good)
    elif kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    else:
        target = good / "inside.txt"
    with pytest.raises(OutputError, match=str(target.name) if kind != "under a file" else "file"):
        write_text_atomic(target, "new")
    assert good.read_text() == "keep"
    assert kind != "symlink" or target.is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_temporaries_of_dead_processes_are_removed_by_the_next_write(tmp_path):
    import subprocess
    import sys

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)
    stale = tmp_path / f".out.txt.{dead}.abc123.txt"
    stale.write_text("half-written by a killed process")
    live = tmp_path / f".out.txt.{os.getppid()}.xyz789.txt"  # a live process's temporary is not touched
    live.write_text("being written")
    write_text_atomic(tmp_path / "out.txt", "done")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.txt", live.name])


def test_the_command_line_turns_an_unwritable_output_into_one_line(tmp_path, capsys):
    from quadwick.numerics.cli.main import main

    (tmp_path / "folder").mkdir()
    assert main(["derive", "--p", "1", "--pstar", "1", "--out", str(tmp_path / "folder")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("quadwick: error: cannot write") and "directory" in err and "Traceback" not in err


def test_csv_tables_have_one_writer_quoting_what_needs_it(tmp_path):
    from quadwick.numerics.output.files import write_csv_atomic

    path = write_csv_atomic(tmp_path / "t.csv", ["name", "value"], [["a, b", 1.5], ["c", "inf"]])
    assert path.read_bytes() == b'name,value\n"a, b",1.5\nc,inf\n'
