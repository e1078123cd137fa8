"""Atomic file output: a reader never sees a half-written file, and nothing is lost.

Everything quadwick writes goes through :func:`atomic_path`: the content is written to a temporary
file in the target's folder, flushed to disk (fsync) and renamed onto the target, under exactly the name
given, only when writing succeeded; an existing file is left untouched unless the new one is complete.
The file gets the permissions of any new file under the process's umask (``mkstemp`` alone would leave
0600).

Only a new path or an existing regular file is written: a directory, a device node (``/dev/full``,
``/dev/null``), a FIFO or a symbolic link given as the target is refused with an :class:`OutputError`
naming it, rather than replaced by a regular file. Temporary files carry the writing process's id
(``.NAME.PID.RANDOM.SUFFIX``); one left behind by a process that was killed (kill -9, power loss) is
removed by the next write to the same target.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

__all__ = ["OutputError", "atomic_path", "check_writable", "write_text_atomic", "write_csv_atomic", "write_npz_atomic",
           "write_figure_atomic"]


class OutputError(OSError):
    """A target that quadwick will not write: not a regular file, or under something that is not a folder."""


def _new_file_mode() -> int:
    """0o666 less the umask: the mode ``open`` gives a new file (reading the umask means setting it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


_NEW_FILE_MODE = _new_file_mode()


def _check_target(target: Path) -> None:
    """Raise OutputError unless ``target`` is a new path or an existing regular file (not a link)."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise OutputError(f"cannot write {target}: a part of its folder path is a file, not a folder") from None
    if stat.S_ISLNK(mode):
        raise OutputError(f"refusing to replace the symbolic link {target}; give the path it points to")
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {target}: it is a directory; give a file name")
    if not stat.S_ISREG(mode):
        raise OutputError(f"refusing to replace {target}: it is not a regular file (a device, FIFO or socket)")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def _remove_stale_temporaries(target: Path) -> None:
    """Remove temporaries of ``target`` left by processes that no longer exist."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.[^.]+{re.escape(target.suffix or '.tmp')}")
    for candidate in target.parent.glob(f".{_glob_escape(target.name)}.*"):
        match = pattern.fullmatch(candidate.name)
        if match is not None and int(match.group(1)) != os.getpid() and not _process_alive(int(match.group(1))):
            candidate.unlink(missing_ok=True)


def _glob_escape(name: str) -> str:
    """``name`` with the glob metacharacters ``*?[`` bracketed, so that it matches itself only."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"cannot create the folder {folder}: a file of that name (or above it) is in the way") from None


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` (same suffix) to write to; flushed to disk and renamed onto
    ``path`` when the block succeeds, removed when it raises (KeyboardInterrupt and SystemExit included).

    The folder is created if needed. Raises :class:`OutputError` before anything is written when
    ``path`` exists and is not a regular file, or when its folder cannot be made.
    """
    target = Path(path)
    _check_target(target)
    _make_folder(target.parent)
    _remove_stale_temporaries(target)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.",
                                         suffix=target.suffix or ".tmp")
    os.close(handle)
    try:
        yield Path(temporary)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, _NEW_FILE_MODE)
        _check_target(target)  # the target may have become a link or a folder while we wrote
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically; return the path."""
    with atomic_path(path) as temporary:
        with open(temporary, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    return Path(path)


def write_csv_atomic(path: str | os.PathLike[str], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """A CSV table (a header line of ``columns``, then ``rows``, ``\n`` line ends) written atomically; every
    table quadwick writes goes through here. Values are written as ``str`` writes them (format them first for
    a fixed precision)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return write_text_atomic(path, buffer.getvalue())


def write_npz_atomic(path: str | os.PathLike[str], arrays: Mapping[str, Any]) -> Path:
    """Write ``arrays`` as an uncompressed .npz atomically, under exactly the name given (np.savez would
    append .npz to a file name, not to an open file)."""
    import numpy as np

    with atomic_path(path) as temporary, open(temporary, "wb") as stream:
        np.savez(stream, **arrays)
    return Path(path)


def write_figure_atomic(figure: Any, path: str | os.PathLike[str], dpi: int = 120) -> Path:
    """Save a matplotlib figure atomically (every image quadwick writes goes through here); the format
    follows the suffix, which the temporary file shares."""
    with atomic_path(path) as temporary:
        figure.savefig(temporary, dpi=dpi)
    return Path(path)


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Raise :class:`OutputError` (or the OSError met) now, before any work, unless ``path`` can be written.

    The checks of :func:`atomic_path` (a new path or a regular file; its folder made if needed), and a
    temporary file created and removed in the folder, which no permission bit can fake (root ignores them,
    a read-only mount does not). Commands call it on every output before a long computation, so that a
    result is never computed only to be lost.
    """
    target = Path(path)
    _check_target(target)
    _make_folder(target.parent)
    with tempfile.TemporaryFile(dir=target.parent):
        pass
    return target
