"""Generated kernels (C and the NumPy fallback) against the concrete route's exact expressions,
against each other, and the compile cache's behaviour (damage, concurrency, errors, no compiler)."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy

from quadwick.derive.codegen import GENERATOR_VERSION, KERNEL_NAMES, c_source, kernel_set, vector_names
from quadwick.derive.concrete import hessian_blocks, overlap_ode, population_risk, risk_gradient
from quadwick.derive.model import Model, q_symbol, rho_symbol, t_symbol
from quadwick.numerics.kernels import build
from quadwick.numerics.kernels.build import CompilationError, load_library
from quadwick.numerics.kernels.derived import GeneratedKernels, kernels
from quadwick.numerics.state import pack_state, unpack_state

from kernel_checks import flat_outputs, max_relative_error  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]

MODELS = {
    "1-1": Model(p=1, pstar=1),
    "2-1": Model(p=2, pstar=1),
    "3-2": Model(p=3, pstar=2),
    "2-3": Model(p=2, pstar=3),
    "general-gram": Model(p=2, pstar=2, teacher_gram="general"),
    "unit-scaling-general": Model(p=3, pstar=1, teacher_gram="general", input_scaling="unit", loss_prefactor=sympy.Rational(1, 4)),
    "cubic-noise": Model(p=2, pstar=1, activation="z**3 - z/2 + 1", student_readout=[1, -2], teacher_readout=[3], noise_variance=sympy.Rational(1, 2)),
    "he3-teacher": Model(p=2, pstar=1, activation="z**2", teacher_activation="z**3 - 3*z"),
}


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    """A private cache folder for this module (QUADWICK_CACHE_DIR), restored afterwards."""
    folder = tmp_path_factory.mktemp("quadwick-cache")
    previous = os.environ.get("QUADWICK_CACHE_DIR")
    os.environ["QUADWICK_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["QUADWICK_CACHE_DIR"]
    else:
        os.environ["QUADWICK_CACHE_DIR"] = previous


@pytest.fixture(scope="module")
def backends(cache_dir):
    """{model id: (C kernels, NumPy kernels)}, each model compiled once for the module."""
    return {key: (kernels(model, backend="c"), kernels(model, backend="numpy")) for key, model in MODELS.items()}


# -- exact reference values ------------------------------------------------------------------


def rational_point(model: Model, rng: np.random.Generator) -> dict[sympy.Symbol, sympy.Rational]:
    """Overlaps of random rational weights (a positive definite covariance) and a rational eta."""
    dim = model.p + model.pstar + 2

    def rational_rows(count: int) -> sympy.Matrix:
        return sympy.Matrix(count, dim, lambda i, j: sympy.Rational(int(rng.integers(-12, 13)), 8))

    W, Ws = rational_rows(model.p), rational_rows(model.pstar)
    rho, Q, T = W * Ws.T / dim, W * W.T / dim, Ws * Ws.T / dim
    values = {rho_symbol(k + 1, l + 1): rho[k, l] for k in range(model.p) for l in range(model.pstar)}
    values.update({q_symbol(k + 1, j + 1): Q[k, j] for k in range(model.p) for j in range(k, model.p)})
    if model.teacher_gram == "general":
        values.update({t_symbol(l + 1, m + 1): T[l, m] for l in range(model.pstar) for m in range(l, model.pstar)})
    values[model.eta] = sympy.Rational(int(rng.integers(1, 40)), 64)
    return values


def exact_outputs(model: Model, values: dict) -> dict[str, np.ndarray]:
    """Each kernel's outputs from the concrete route's expressions, evaluated in exact arithmetic."""
    scale = model.weight_scale

    def exact(expr) -> float:
        value = sympy.expand(expr).xreplace(values)
        assert value.is_Rational, value
        return float(Fraction(int(value.p), int(value.q)))

    rhs = overlap_ode(model).rhs
    rhs_list = [rhs[name] for name in model.order_parameters]
    gradient, blocks = risk_gradient(model), hessian_blocks(model)
    names = vector_names(model)
    pairs = [(m, n) for m in range(1, model.p + 1) for n in range(1, model.p + 1)]
    return {
        "risk": np.array([exact(population_risk(model))]),
        "rhs": np.array([exact(f) for f in rhs_list]),
        "jacobian": np.array([exact(sympy.diff(f, x)) for f in rhs_list for x in model.order_parameters]),
        "gradient": np.array([exact(scale * gradient[m].coefficients.get(a, 0)) for m in range(1, model.p + 1) for a in names]),
        "hessian": np.array(
            [exact(scale * blocks[pair].identity) for pair in pairs]
            + [exact(scale**2 * blocks[pair].outer.get((a, b), 0)) for pair in pairs for a in names for b in names]
        ),
    }


def kernel_outputs(backend, model: Model, values: dict) -> dict[str, np.ndarray]:
    """The same outputs from a kernel back end, flattened in the generated layout."""
    state = np.array([float(values[name]) for name in model.order_parameters])
    T = None
    if model.teacher_gram == "general":
        T = np.array([[float(values[t_symbol(l + 1, m + 1)]) for m in range(model.pstar)] for l in range(model.pstar)])
    return flat_outputs(backend, state, T, float(values[model.eta]))


@pytest.mark.parametrize("key", list(MODELS))
def test_kernels_equal_exact_expressions_at_rational_points(backends, key):
    model = MODELS[key]
    rng = np.random.default_rng(sum(map(ord, key)))
    for _ in range(2):
        values = rational_point(model, rng)
        expected = exact_outputs(model, values)
        for backend in backends[key]:
            actual = kernel_outputs(backend, model, values)
            for name in KERNEL_NAMES:
                assert max_relative_error(actual[name], expected[name]) < 1e-12, (backend.backend, name)


@pytest.mark.parametrize("key", list(MODELS))
def test_c_and_numpy_agree_on_batches(backends, key):
    model = MODELS[key]
    fast, slow = backends[key]
    rng = np.random.default_rng(7)
    state = rng.normal(0.0, 0.7, (2, 3, len(model.order_parameters)))
    T = None
    if model.teacher_gram == "general":
        roots = rng.normal(size=(2, 3, model.pstar, model.pstar + 1))
        T = roots @ np.swapaxes(roots, -1, -2)
    pairs = [
        (fast.risk(state, T), slow.risk(state, T)),
        (fast.rhs(state, 0.4, T), slow.rhs(state, 0.4, T)),
        (fast.jacobian(state, 0.4, T), slow.jacobian(state, 0.4, T)),
        (fast.gradient_coefficients(state, T), slow.gradient_coefficients(state, T)),
        *zip(fast.hessian_coefficients(state, T), slow.hessian_coefficients(state, T)),
    ]
    for c_value, numpy_value in pairs:
        assert c_value.shape == numpy_value.shape and c_value.shape[:2] == (2, 3)
        assert max_relative_error(c_value, numpy_value) < 1e-12


def test_batch_equals_point_by_point_and_shared_T_equals_repeated_T(backends):
    model = MODELS["general-gram"]
    fast = backends["general-gram"][0]
    rng = np.random.default_rng(11)
    state = rng.normal(0.0, 0.7, (5, len(model.order_parameters)))
    T = np.array([[1.2, 0.3], [0.3, 0.9]])
    batch = fast.rhs(state, 0.2, T)
    assert np.array_equal(batch, np.stack([fast.rhs(point, 0.2, T) for point in state]))
    assert np.array_equal(batch, fast.rhs(state, 0.2, np.broadcast_to(T, (5, 2, 2))))


def test_pack_and_unpack_state_are_inverse():
    model = MODELS["3-2"]
    rng = np.random.default_rng(2)
    rho = rng.normal(size=(4, 3, 2))
    root = rng.normal(size=(4, 3, 3))
    Q = root + np.swapaxes(root, -1, -2)
    state = pack_state(model, rho, Q)
    assert state.shape == (4, len(model.order_parameters))
    back_rho, back_Q = unpack_state(model, state)
    assert np.array_equal(back_rho, rho) and np.array_equal(back_Q, Q)


def test_bad_arguments_are_refused_with_clear_errors(backends):
    fast, _ = backends["2-1"]
    general, _ = backends["general-gram"]
    with pytest.raises(ValueError, match="state must have shape"):
        fast.risk(np.zeros(4))
    with pytest.raises(ValueError, match="eta must be finite and non-negative"):
        fast.rhs(np.zeros(5), -0.1)
    with pytest.raises(ValueError, match="eta must be finite"):
        fast.rhs(np.zeros(5), float("nan"))
    with pytest.raises(ValueError, match="identity; pass T=None"):
        fast.risk(np.zeros(5), T=2 * np.eye(1))
    with pytest.raises(ValueError, match="general teacher Gram"):
        general.risk(np.zeros(7))
    with pytest.raises(ValueError, match="symmetric"):
        general.risk(np.zeros(7), T=np.array([[1.0, 0.2], [0.0, 1.0]]))


def test_symbolic_model_parameters_are_refused():
    with pytest.raises(ValueError, match="numeric model parameters.*a_1"):
        c_source(Model(p=2, pstar=1, student_readout="symbolic"))


# -- the generated text ----------------------------------------------------------------------


def test_source_header_names_generator_and_model():
    model = MODELS["general-gram"]
    source = c_source(model)
    first, second = source.splitlines()[:2]
    assert first.startswith("// Generated by " + GENERATOR_VERSION)
    assert json.loads(second.removeprefix("// Model: ")) == model.describe()
    for name in KERNEL_NAMES:
        assert f"void quadwick_{name}(long n, const double *state," in source


def test_source_is_identical_across_processes():
    """Byte for byte, also under another hash seed (no set or dict order leaks into the text)."""
    script = "import sys; from derive.codegen import c_source; from derive.model import Model; " \
             "sys.stdout.write(c_source(Model(p=2, pstar=2, teacher_gram='general')))"
    environment = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment, check=True)
    assert result.stdout == c_source(MODELS["general-gram"])


def test_jacobian_is_the_derivative_of_the_rhs_polynomials():
    system = kernel_set(MODELS["2-1"])
    state = system.ring.gens[: system.state_size]
    assert system.outputs["jacobian"] == tuple(f.diff(x) for f in system.outputs["rhs"] for x in state)


# -- the cache -------------------------------------------------------------------------------

TINY_SOURCE = "double quadwick_twice(double x) { return 2.0 * x; }\n"


def twice(library: ctypes.CDLL) -> float:
    library.quadwick_twice.restype = ctypes.c_double
    library.quadwick_twice.argtypes = [ctypes.c_double]
    return library.quadwick_twice(21.0)


def cached_libraries(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}-*.so"))


def test_cache_reuses_then_rebuilds_a_truncated_library(cache_dir):
    library = load_library(TINY_SOURCE, "tiny")
    assert twice(library) == 42.0
    (path,) = cached_libraries(cache_dir, "tiny")
    stamp = path.stat().st_mtime_ns
    load_library(TINY_SOURCE, "tiny")
    assert path.stat().st_mtime_ns == stamp, "an intact cached library was rebuilt"
    data = path.read_bytes()
    truncated = path.with_name("truncated")
    truncated.write_bytes(data[: len(data) // 2])
    os.replace(truncated, path)  # a new file: the mapped library of this process stays valid
    assert not build._intact(path)
    load_library(TINY_SOURCE, "tiny")
    assert build._intact(path) and path.read_bytes() == data


def test_processes_needing_the_same_library_at_once_compile_it_once(tmp_path):
    """Four processes load one new library together (as the claims' workers do): the build lock lets one compile
    and the others load its file. The compiler is a wrapper that logs each compilation and is slow to finish."""
    log = tmp_path / "compilations.log"
    wrapper = tmp_path / "slow-cc"
    wrapper.write_text(f'#!/bin/sh\ncase "$*" in *--version*) ;; *) echo compile >> {log}; sleep 0.5;; esac\n'
                       f'exec cc "$@"\n')
    wrapper.chmod(0o755)
    script = ("import sys; from quadwick.numerics.kernels.build import load_library; "
              "sys.exit(load_library(sys.argv[1], 'locked', compiler=sys.argv[2], required=True) is None)")
    environment = {**os.environ, "QUADWICK_CACHE_DIR": str(tmp_path / "cache")}
    source = TINY_SOURCE.replace("2.0", "2.000")
    processes = [subprocess.Popen([sys.executable, "-c", script, source, str(wrapper)], env=environment)
                 for _ in range(4)]
    assert [process.wait(timeout=60) for process in processes] == [0, 0, 0, 0]
    assert log.read_text().splitlines() == ["compile"]
    assert len(cached_libraries(tmp_path / "cache", "locked")) == 1


def test_truncated_library_is_rebuilt_in_a_fresh_process(cache_dir):
    """A process that never loaded it: without the rebuild, ctypes would fail on the truncated file."""
    source = TINY_SOURCE.replace("2.0", "2.00")
    load_library(source, "fresh")
    (path,) = cached_libraries(cache_dir, "fresh")
    # Replace rather than truncate in place: this process has the library mapped, and truncating a
    # mapped file makes the process die of SIGBUS when it touches the lost pages (at exit, say).
    truncated = path.with_name("truncated")
    truncated.write_bytes(path.read_bytes()[:1000])
    os.replace(truncated, path)
    script = textwrap.dedent(
        """
        import ctypes, sys
        from quadwick.numerics.kernels.build import load_library
        lib = load_library(sys.argv[1], "fresh")
        lib.quadwick_twice.restype = ctypes.c_double
        lib.quadwick_twice.argtypes = [ctypes.c_double]
        print(lib.quadwick_twice(21.0))
        """
    )
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run([sys.executable, "-c", script, source], capture_output=True, text=True, env=environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42.0" and build._intact(path)


def test_two_concurrent_builds_leave_one_valid_library(tmp_path):
    source = c_source(MODELS["3-2"])  # big enough that the two compilations overlap
    script = textwrap.dedent(
        """
        import sys
        from quadwick.numerics.kernels.build import load_library
        library = load_library(sys.stdin.read(), "concurrent")
        assert library is not None and hasattr(library, "quadwick_rhs")
        """
    )
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "QUADWICK_CACHE_DIR": str(tmp_path)}
    processes = [
        subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
        for _ in range(2)
    ]
    for process in processes:
        process.stdin.write(source)
        process.stdin.close()
    for process in processes:
        assert process.wait(timeout=120) == 0, process.stderr.read()
    (path,) = cached_libraries(tmp_path, "concurrent")
    assert build._intact(path)
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left behind"


def test_compile_error_shows_the_compilers_message(cache_dir):
    with pytest.raises(CompilationError) as failure:
        load_library("double broken(double x) { return x +; }\n", "broken", required=True)
    message = str(failure.value)
    assert "compiling broken failed" in message and "expected expression" in message
    assert not cached_libraries(cache_dir, "broken")
    with pytest.warns(RuntimeWarning, match="building broken failed .* uses NumPy"):
        assert load_library("double broken(double x) { return x +; }\n", "broken", fallback="NumPy") is None


def test_a_broken_compiler_gives_the_numpy_kernels_with_a_warning(cache_dir, tmp_path, monkeypatch):
    broken = tmp_path / "broken-cc"
    broken.write_text("#!/bin/sh\necho 'internal compiler error' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("CC", str(broken))
    with pytest.warns(RuntimeWarning, match="could not|failed"):
        assert isinstance(kernels(MODELS["1-1"]), GeneratedKernels)
    with pytest.raises(CompilationError, match="internal compiler error"):
        kernels(MODELS["1-1"], backend="c")


@pytest.mark.parametrize("problem", ["a file in the way", "writable by others", "read-only"])
def test_an_unusable_or_untrusted_cache_falls_back_to_numpy(tmp_path, monkeypatch, problem):
    folder = tmp_path / "cache"
    if problem == "a file in the way":
        folder.write_text("not a folder")
    else:
        folder.mkdir(mode=0o777 if problem == "writable by others" else 0o500)
        folder.chmod(0o777 if problem == "writable by others" else 0o500)
    monkeypatch.setenv("QUADWICK_CACHE_DIR", str(folder))
    if problem == "read-only" and os.access(folder, os.W_OK):
        pytest.skip("running as root: a read-only folder is still writable")
    with pytest.warns(RuntimeWarning, match=f"kernel cache {folder}"):
        assert load_library(TINY_SOURCE, "untrusted", fallback="NumPy") is None
    assert not (folder.is_dir() and list(folder.glob("untrusted-*")))
    with pytest.warns(RuntimeWarning, match="kernel cache"):
        assert isinstance(kernels(MODELS["1-1"]), GeneratedKernels)


def test_missing_compiler_falls_back_with_one_warning(cache_dir, monkeypatch):
    with pytest.warns(RuntimeWarning, match="no C compiler.*NumPy") as record:
        assert load_library(TINY_SOURCE, "nocc", compiler="no-such-cc-quadwick", fallback="NumPy") is None
    assert len(record) == 1 and "\n" not in str(record[0].message)
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("CC", raising=False)
    model = MODELS["1-1"]
    with pytest.warns(RuntimeWarning, match="NumPy kernels"):
        fallback = kernels(model)
    assert isinstance(fallback, GeneratedKernels)
    with pytest.warns(RuntimeWarning), pytest.raises(RuntimeError, match="no C compiler"):
        kernels(model, backend="c")
