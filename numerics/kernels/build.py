"""Compile C with the system compiler, cache the library, load it with ctypes.

:func:`load_library` compiles C source into a shared library once per content:
the library lives in the cache folder (``QUADWICK_CACHE_DIR``, else
``$XDG_CACHE_HOME/quadwick``, else ``~/.cache/quadwick``) under a name carrying a
SHA-256 of the source, the generator version, the compiler's identity (its path and
``--version`` text), the flags and the machine.  A library is written to a
temporary name in that folder and renamed into place, with a trailer (a magic
string and the SHA-256 of the library's bytes; the ELF loader ignores trailing
bytes), so two processes building at once each install a complete file (and a lock file
beside it makes the second wait for the first's library rather than compile its own), and a
truncated or damaged file is recognised before it is loaded and rebuilt.  A failed
compile raises :class:`CompilationError` with the compiler's own messages.  Without
a compiler the function warns in one line and returns None.

The cache holds code that every quadwick process loads, so it is trusted like code: a
folder is used only if it is a directory owned by this user and not writable by group
or others (:func:`trusted_cache`; a new one is made with mode 0700).  An unusable
cache (not ours, writable by others, a file in the way, read-only) gives a one-line
warning and the NumPy kernels; :func:`generated_module` then writes the module it generates
to a private temporary folder instead.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from quadwick.derive.codegen import GENERATOR_VERSION

from ..output.files import atomic_path, write_text_atomic

__all__ = ["DEFAULT_FLAGS", "CompilationError", "cache_directory", "trusted_cache", "library_key", "load_library"]

# No -march=native: the cache folder may be shared between machines, and the gain on
# straight-line polynomial code is small.  -O2 rather than -O3: same speed here, faster builds.
DEFAULT_FLAGS: tuple[str, ...] = ("-O2", "-fPIC", "-shared", "-std=c99")
_TRAILER_MAGIC = b"\nquadwick-library-sha256:"
_TRAILER_SIZE = len(_TRAILER_MAGIC) + 32


class CompilationError(RuntimeError):
    """The C compiler refused a source; the message carries its own output."""


def trusted_cache() -> Path | None:
    """The cache folder, made (mode 0700) if missing, when it is safe to load code from: a directory
    owned by this user, not writable by group or others. Otherwise one warning saying why, and None."""
    folder = cache_directory()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.stat()
        if not folder.is_dir():
            raise OSError("it is not a directory")
    except OSError as error:
        reason = f"cannot use it ({error.strerror or error})"
    else:
        if hasattr(os, "getuid") and status.st_uid != os.getuid():
            reason = "it belongs to another user, and code loaded from it would run as you"
        elif status.st_mode & 0o022:
            reason = "others can write to it, and code loaded from it would run as you (chmod go-w it)"
        elif not os.access(folder, os.W_OK | os.X_OK):
            reason = "it is not writable"
        else:
            return folder
    warnings.warn(f"quadwick: kernel cache {folder}: {reason}; using the NumPy kernels (set QUADWICK_CACHE_DIR to "
                  f"a private folder)", RuntimeWarning, stacklevel=3)
    return None


def cache_directory() -> Path:
    """QUADWICK_CACHE_DIR, else $XDG_CACHE_HOME/quadwick, else ~/.cache/quadwick."""
    explicit = os.environ.get("QUADWICK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "quadwick"


@functools.lru_cache(maxsize=8)
def _compiler_identity(path: str, modified: float) -> str:
    """``path`` and the output of ``path --version`` (cached per path and modification time)."""
    result = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    return f"{path}\n{result.stdout.strip()}"


def _machine_identity(flags: Sequence[str]) -> str:
    """Platform and architecture; with -march=native also the CPU's model and feature flags."""
    identity = f"{sys.platform} {platform.machine()}"
    if any(flag in ("-march=native", "-mcpu=native", "-mtune=native") for flag in flags):
        cpuinfo = Path("/proc/cpuinfo")
        lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else [platform.processor()]
        identity += "\n" + "\n".join(sorted({line for line in lines if line.startswith(("model name", "flags"))}))
    return identity


def library_key(source: str, compiler_path: str, flags: Sequence[str]) -> str:
    """SHA-256 over source, generator version, compiler identity, flags and machine."""
    identity = _compiler_identity(compiler_path, os.path.getmtime(compiler_path))
    digest = hashlib.sha256()
    for part in (source, GENERATOR_VERSION, identity, "\0".join(flags), _machine_identity(flags)):
        digest.update(part.encode())
        digest.update(b"\0\0")
    return digest.hexdigest()


def _intact(path: Path) -> bool:
    """True when ``path`` ends with the trailer and the SHA-256 in it matches the bytes before it."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    body, trailer = data[:-_TRAILER_SIZE], data[-_TRAILER_SIZE:]
    return trailer[: len(_TRAILER_MAGIC)] == _TRAILER_MAGIC and hashlib.sha256(body).digest() == trailer[len(_TRAILER_MAGIC) :]


def _compile(source: str, compiler_path: str, flags: Sequence[str], target: Path, name: str) -> None:
    """Compile ``source`` (from stdin) to a temporary file beside ``target``, add the trailer, rename."""
    with atomic_path(target) as temporary:
        command = [compiler_path, *flags, "-x", "c", "-", "-o", str(temporary)]
        result = subprocess.run(command, input=source, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise CompilationError(
                f"compiling {name} failed ({' '.join(command)} exited with {result.returncode}); compiler output:\n"
                f"{result.stderr.strip() or result.stdout.strip()}"
            )
        body = temporary.read_bytes()
        with open(temporary, "ab") as stream:
            stream.write(_TRAILER_MAGIC + hashlib.sha256(body).digest())


@contextmanager
def _build_lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``target``'s ``.lock`` file: processes needing the same library at once (the
    claims' workers) compile it once, the others wait and load it. Where ``fcntl`` is missing, no lock (each
    process may then compile its own copy, as the atomic rename allows)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(target.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def load_library(
    source: str,
    name: str,
    *,
    flags: Sequence[str] = DEFAULT_FLAGS,
    compiler: str | None = None,
    fallback: str = "a slower fallback",
    required: bool = False,
) -> ctypes.CDLL | None:
    """The shared library built from ``source``, compiled unless an intact cached copy exists.

    ``compiler`` defaults to $CC, else ``cc``, looked up on PATH.  When there is none, the cache
    is unusable (:func:`trusted_cache`) or the build fails, one warning names ``fallback`` and the
    result is None; with ``required`` a failed build raises :class:`CompilationError` (carrying the
    compiler's messages) instead.  The source is kept beside the library (``.c``) for inspection.
    """
    compiler = compiler or os.environ.get("CC") or "cc"
    compiler_path = shutil.which(compiler)
    if compiler_path is None:
        warnings.warn(f"quadwick: no C compiler ({compiler!r} not found on PATH); {name} uses {fallback}", RuntimeWarning, stacklevel=2)
        return None
    folder = trusted_cache()
    if folder is None:
        return None
    try:
        target = folder / f"{name}-{library_key(source, compiler_path, tuple(flags))[:24]}.so"
        with _build_lock(target):
            if _intact(target):
                try:
                    return ctypes.CDLL(str(target))
                except OSError:
                    pass  # intact but not loadable here: build it again
            write_text_atomic(target.with_suffix(".c"), source)
            _compile(source, compiler_path, flags, target, name)
            return ctypes.CDLL(str(target))
    except (CompilationError, OSError) as error:
        if required:
            raise
        warnings.warn(f"quadwick: building {name} failed ({str(error).splitlines()[0]}); it uses {fallback}",
                      RuntimeWarning, stacklevel=2)
        return None
