"""Atomic output: permissions of a new file, nothing left behind by a failed write."""

from __future__ import annotations

import os
import stat

import pytest

from numerics.files import atomic_path, write_text_atomic


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
