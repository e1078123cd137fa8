"""The derived kernels of a model in floats: compiled C, generated NumPy, or lambdified SymPy.

:func:`kernels` gives the derived kernels of a model (:mod:`derive.codegen`) behind
one interface: :class:`CompiledKernels` (C through ctypes), :class:`GeneratedKernels`
(the matrix-form NumPy kernels of the general route, :mod:`derive.numpy_codegen`) or
:class:`LambdifiedKernels` (``sympy.lambdify`` of the C kernels' polynomials; the
fallback without a compiler).  All take ``state`` arrays of shape (..., P) in
``model.order_parameters`` order (see :func:`numerics.state.pack_state`), and, for a general teacher
Gram, ``T`` of shape (p*, p*) or (..., p*, p*).

:func:`generated_module` gives the generated NumPy (or JAX) module of a model: the committed
``generated/numpy_kernels.py`` when the model's specification is the one it was
generated for, else the module generated on the fly, kept in the cache folder under a
name carrying a SHA-256 of the generator version, the specification and the derive
package's sources, with a trailing line holding the SHA-256 of the source (a damaged file is generated again).

>>> from derive.model import Model
>>> from numerics.state import pack_state
>>> model = Model(p=1, pstar=1)
>>> float(kernels(model, backend="numpy").risk(pack_state(model, [[0.5]], [[1.0]])))
3.0
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import importlib.util
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Literal

import numpy as np
import sympy

from quadwick.derive import numpy_codegen
from quadwick.derive.codegen import KERNEL_NAMES, c_source, kernel_set, output_size
from quadwick.derive.numpy_codegen import Backend as GeneratedBackend
from quadwick.derive.general import GeneralModel
from quadwick.derive.model import Model

from ..output.files import write_text_atomic
from .build import load_library, trusted_cache

if TYPE_CHECKING:
    from .units import UnitKernels

__all__ = ["CompiledKernels", "GeneratedKernels", "LambdifiedKernels", "GENERATED_DIRECTORY", "KERNEL_FLAGS", "generated_module",
           "kernels"]

# The committed generator output, beside the numerics package (in a checkout and when installed).
GENERATED_DIRECTORY = Path(__file__).resolve().parents[2] / "generated"
_SOURCE_TRAILER = "# quadwick-source-sha256: "


class _Kernels:
    """Argument handling shared by both back ends; ``_evaluate`` computes (n, size) outputs."""

    backend: str

    def __init__(self, model: Model) -> None:
        self.model = model
        self.state_size = len(model.order_parameters)
        self.teacher_size = len(model.teacher_parameters)
        self.vectors = model.pstar + model.p
        self.sizes = {name: output_size(model, name) for name in KERNEL_NAMES}

    def _points(self, state: Any) -> tuple[np.ndarray, tuple[int, ...]]:
        state = np.asarray(state, dtype=float)
        if state.ndim == 0 or state.shape[-1] != self.state_size:
            raise ValueError(f"state must have shape (..., {self.state_size}) in model.order_parameters order, got {state.shape}")
        return np.ascontiguousarray(state.reshape(-1, self.state_size)), state.shape[:-1]

    def _teacher(self, T: Any, batch: tuple[int, ...]) -> tuple[np.ndarray | None, int]:
        """Upper-triangle T entries (model.teacher_parameters order) as (rows, stride); None for T = I."""
        if self.teacher_size == 0:
            if T is not None and not np.allclose(np.asarray(T, dtype=float), np.eye(self.model.pstar)):
                raise ValueError("this model's teacher Gram is the identity; pass T=None")
            return None, 0
        if T is None:
            raise ValueError(f"this model has a general teacher Gram: pass T of shape ({self.model.pstar}, {self.model.pstar})")
        T = np.asarray(T, dtype=float)
        pstar = self.model.pstar
        if T.shape[-2:] != (pstar, pstar) or not np.allclose(T, np.swapaxes(T, -1, -2)):
            raise ValueError(f"T must be a symmetric array of shape (..., {pstar}, {pstar}), got shape {T.shape}")
        upper = np.triu_indices(pstar)
        entries = T[..., upper[0], upper[1]]
        if T.ndim == 2:
            return np.ascontiguousarray(entries.reshape(1, -1)), 0
        if T.shape[:-2] != batch:
            raise ValueError(f"T's batch shape {T.shape[:-2]} differs from the state's {batch}")
        return np.ascontiguousarray(entries.reshape(-1, self.teacher_size)), self.teacher_size

    @staticmethod
    def _eta(eta: float) -> float:
        eta = float(eta)
        if not np.isfinite(eta) or eta < 0:
            raise ValueError(f"eta must be finite and non-negative, got {eta}")
        return eta

    def _run(self, name: str, state: Any, T: Any, eta: float = 0.0) -> tuple[np.ndarray, tuple[int, ...]]:
        points, batch = self._points(state)
        teacher, stride = self._teacher(T, batch)
        return self._evaluate(name, points, eta, teacher, stride), batch

    def _evaluate(self, name: str, points: np.ndarray, eta: float, teacher: np.ndarray | None, stride: int) -> np.ndarray:
        raise NotImplementedError

    def risk(self, state: Any, T: Any = None) -> np.ndarray:
        """Population risk R, shape (...)."""
        out, batch = self._run("risk", state, T)
        return out.reshape(batch)

    def rhs(self, state: Any, eta: float, T: Any = None) -> np.ndarray:
        """d state / d alpha (exact in eta), shape (..., P)."""
        out, batch = self._run("rhs", state, T, self._eta(eta))
        return out.reshape(batch + (self.state_size,))

    def jacobian(self, state: Any, eta: float, T: Any = None) -> np.ndarray:
        """J[..., i, j] = d rhs_i / d state_j, shape (..., P, P)."""
        out, batch = self._run("jacobian", state, T, self._eta(eta))
        return out.reshape(batch + (self.state_size, self.state_size))

    def gradient_coefficients(self, state: Any, T: Any = None) -> np.ndarray:
        """G (..., p, V): grad_{w_m} R = (1/s^2) sum_j G[m, j] a_j, a = (w*_1.., w_1..)."""
        out, batch = self._run("gradient", state, T)
        return out.reshape(batch + (self.model.p, self.vectors))

    def hessian_coefficients(self, state: Any, T: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """(D (..., p, p), O (..., p, p, V, V)): H_mn = (1/s^2) D_mn I_N + (1/s^4) sum_ij O_mnij a_i a_j^T."""
        out, batch = self._run("hessian", state, T)
        p, V = self.model.p, self.vectors
        return out[:, : p * p].reshape(batch + (p, p)), out[:, p * p :].reshape(batch + (p, p, V, V))


def _address(array: np.ndarray) -> int:
    """The data address of a C-contiguous float64 array (kept alive by the caller during the call)."""
    assert array.dtype == np.float64 and array.flags.c_contiguous
    return array.__array_interface__["data"][0]


class CompiledKernels(_Kernels):
    """The C kernels of ``model`` from a library built by :func:`load_library` from :func:`c_source`.

    A library generated with only some kernels (``c_source(model, names)``) binds those;
    asking for another raises ValueError.
    """

    backend = "c"

    def __init__(self, model: Model, library: ctypes.CDLL) -> None:
        super().__init__(model)
        self._functions: dict[str, Callable[..., None]] = {}
        for name in KERNEL_NAMES:
            function = getattr(library, f"quadwick_{name}", None)
            if function is None:
                continue
            eta = [ctypes.c_double] if name in ("rhs", "jacobian") else []
            # Raw addresses (c_void_p) rather than ndpointer: its checks cost more than a small kernel.
            function.argtypes = [ctypes.c_long, ctypes.c_void_p, *eta, ctypes.c_void_p, ctypes.c_long, ctypes.c_void_p]
            function.restype = None
            self._functions[name] = function

    def _evaluate(self, name: str, points: np.ndarray, eta: float, teacher: np.ndarray | None, stride: int) -> np.ndarray:
        if name not in self._functions:
            raise ValueError(f"this library has no quadwick_{name} kernel (it was generated without it)")
        out = np.empty((points.shape[0], self.sizes[name]))
        eta_argument = (eta,) if name in ("rhs", "jacobian") else ()
        teacher_address = None if teacher is None else _address(teacher)
        self._functions[name](points.shape[0], _address(points), *eta_argument, teacher_address, stride, _address(out))
        return out


class LambdifiedKernels(_Kernels):
    """The same kernels through ``sympy.lambdify`` (NumPy), for machines without a C compiler."""

    backend = "lambdify"

    def __init__(self, model: Model) -> None:
        super().__init__(model)
        system = kernel_set(model)
        arguments = [*model.order_parameters, *model.teacher_parameters, model.eta]
        self._functions = {name: sympy.lambdify(arguments, system.expressions(name), "numpy") for name in KERNEL_NAMES}

    def _evaluate(self, name: str, points: np.ndarray, eta: float, teacher: np.ndarray | None, stride: int) -> np.ndarray:
        count = points.shape[0]
        columns = list(points.T)
        if teacher is not None:
            columns += list(teacher.T)
        values = self._functions[name](*columns, eta)
        return np.stack([np.broadcast_to(np.asarray(value, dtype=float), (count,)) for value in values], axis=1)


class GeneratedKernels(_Kernels):
    """The matrix-form NumPy kernels of the general route (a module from :func:`generated_module`).

    The flat state is unpacked into rho (n, p, p*) and Q (n, p, p); the Jacobian's
    symmetric gradient J_sym in Q becomes the state derivative d/dQ_ab = 2 J_sym[a, b]
    (a < b), J_sym[a, a] (a = b).
    """

    backend = "numpy"

    def __init__(self, model: Model, module: ModuleType) -> None:
        super().__init__(model)
        self.module = module
        p, pstar = model.p, model.pstar
        upper = np.triu_indices(p)
        self._upper = upper[0] * p + upper[1]  # flat (k, j) positions of the state's Q entries
        position = np.empty((p, p), dtype=np.intp)
        position[upper] = p * pstar + np.arange(len(self._upper))
        position[upper[1], upper[0]] = position[upper]
        self._q_position = position  # Q[k, j] = state[p p* + index of (min, max)]
        self._q_weight = np.where(upper[0] == upper[1], 1.0, 2.0)
        teacher_upper = np.triu_indices(pstar)
        t_position = np.empty((pstar, pstar), dtype=np.intp)
        t_position[teacher_upper] = np.arange(len(teacher_upper[0]))
        t_position[teacher_upper[1], teacher_upper[0]] = t_position[teacher_upper]
        self._t_position = t_position
        self._readouts = {}
        for name, values in (("a", model.student_readout), ("v", model.teacher_readout)):
            if name in module.PARAMETERS:
                try:
                    self._readouts[name] = np.array([float(value) for value in values])
                except TypeError:
                    raise ValueError(f"the NumPy kernels need numeric read-outs, got {list(values)}") from None

    def _arguments(self, points: np.ndarray, teacher: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """rho (n, p, p*), Q (n, p, p) and the extra arguments (T (m, p*, p*), a, v) of the module."""
        n, p, pstar = points.shape[0], self.model.p, self.model.pstar
        rho = points[:, : p * pstar].reshape(n, p, pstar)
        extra = dict(self._readouts)
        if teacher is not None:
            extra["T"] = teacher[:, self._t_position]
        return rho, points[:, self._q_position], extra

    def _evaluate(self, name: str, points: np.ndarray, eta: float, teacher: np.ndarray | None, stride: int) -> np.ndarray:
        rho, Q, extra = self._arguments(points, teacher)
        n = points.shape[0]
        if name == "risk":
            return np.broadcast_to(self.module.risk(rho, Q, **extra), (n,)).reshape(n, 1)
        if name == "rhs":
            drho, dQ = self.module.rhs(rho, Q, eta, **extra)
            return np.concatenate([drho.reshape(n, -1), dQ.reshape(n, -1)[:, self._upper]], axis=1)
        if name == "jacobian":
            return self._packed_jacobian(self.module.jacobian(rho, Q, eta, **extra), n)
        if name == "gradient":
            G, Gstar = self.module.gradient(rho, Q, **extra)
            return np.concatenate([Gstar, G], axis=-1).reshape(n, -1)
        D, O_SS, O_SP, O_PS, O_PP = self.module.hessian(rho, Q, **extra)
        O = np.concatenate([np.concatenate([O_SS, O_SP], axis=-1), np.concatenate([O_PS, O_PP], axis=-1)], axis=-2)
        return np.concatenate([D.reshape(n, -1), O.reshape(n, -1)], axis=1)

    def _packed_jacobian(self, blocks: tuple[np.ndarray, ...], n: int) -> np.ndarray:
        """The (n, P * P) state Jacobian from J_rr, J_rQ, J_Qr, J_QQ (rows and columns in state order)."""
        J_rr, J_rQ, J_Qr, J_QQ = blocks
        p, pstar = self.model.p, self.model.pstar
        r, q = p * pstar, p * p
        top = np.concatenate([J_rr.reshape(n, r, r), J_rQ.reshape(n, r, q)[:, :, self._upper] * self._q_weight], axis=2)
        Q_rows = J_QQ.reshape(n, q, q)[:, self._upper]
        bottom = np.concatenate([J_Qr.reshape(n, q, r)[:, self._upper], Q_rows[:, :, self._upper] * self._q_weight], axis=2)
        return np.concatenate([top, bottom], axis=1).reshape(n, -1)


def _load_module(path: Path, name: str) -> ModuleType:
    """Import the Python file at ``path`` as a module called ``name`` (not added to sys.modules)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cached_source(path: Path) -> bool:
    """True when ``path`` ends with a trailer line holding the SHA-256 of the text before it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    body, _, trailer = text.rstrip("\n").rpartition("\n")
    return trailer == _SOURCE_TRAILER + hashlib.sha256((body + "\n").encode()).hexdigest()


@functools.lru_cache(maxsize=1)
def _derive_fingerprint() -> str:
    """SHA-256 over the sources of the derive package (a changed derivation invalidates cached modules)."""
    digest = hashlib.sha256()
    for path in sorted(Path(numpy_codegen.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=16)
def generated_module(general: GeneralModel, backend: GeneratedBackend = "numpy") -> ModuleType:
    """The generated matrix-form module of ``general`` on ``backend`` ("numpy", or "jax": the same functions on
    jax.numpy, for jax.jit and diffrax; needs jax installed to load): the committed NumPy module if it matches,
    else generated and cached."""
    specification = numpy_codegen.model_specification(general)
    committed = GENERATED_DIRECTORY / "numpy_kernels.py"
    if backend == "numpy" and committed.exists():
        module = _load_module(committed, "quadwick_generated_numpy_kernels")
        if module.MODEL == specification and module.GENERATOR_VERSION == numpy_codegen.GENERATOR_VERSION:
            return module
    key = hashlib.sha256(f"{numpy_codegen.GENERATOR_VERSION}\0{backend}\0{specification}\0{_derive_fingerprint()}"
                         .encode()).hexdigest()
    folder = trusted_cache() or Path(tempfile.mkdtemp(prefix="quadwick-kernels-"))
    path = folder / f"{backend}-kernels-{key[:24]}.py"
    if not _cached_source(path):
        source = numpy_codegen.numpy_source(general, backend)
        write_text_atomic(path, source + _SOURCE_TRAILER + hashlib.sha256(source.encode()).hexdigest() + "\n")
    return _load_module(path, f"quadwick_{backend}_kernels_{key[:24]}")


def _numpy_kernels(model: Model) -> "GeneratedKernels | LambdifiedKernels | UnitKernels":
    """The generated matrix-form NumPy kernels; where the general route does not apply (an activation of degree
    > 2, or erf), the lambdified concrete kernels up to AUTO_C_MAX_P students (their derivation is quick there) and
    the unit form's (:mod:`numerics.kernels.units`, no derivation at the widths) beyond, and always for erf; so do
    learned read-outs whatever the degree (the generated matrix-form kernels keep them fixed)."""
    from .units import UnitKernels

    if model.learns_readouts:  # the generated matrix-form kernels keep the read-outs fixed
        return LambdifiedKernels(model) if model.is_polynomial and model.p <= AUTO_C_MAX_P else UnitKernels(model)
    try:
        general = GeneralModel.from_model(model)
    except ValueError:
        return LambdifiedKernels(model) if model.is_polynomial and model.p <= AUTO_C_MAX_P else UnitKernels(model)
    return GeneratedKernels(model, generated_module(general))


Backend = Literal["auto", "c", "numpy", "lambdify"]

# The derived kernels are straight-line polynomial code, mostly called one point at a time from Python (an ODE
# step): gcc -O0 builds them 6-9x faster than -O2 (seed003 p = 6: 3.2 s against 24.5 s; p = 8: 10 s against 95 s)
# while a single call costs 1.2-1.3x more (48 against 36 us, Python's overhead dominating; batches 1.6x), and the
# results are bit-identical (IEEE double arithmetic either way: SSE2, no contraction under -std=c99).
# benchmarks/run_bench.py measures both.
KERNEL_FLAGS: tuple[str, ...] = ("-O0", "-fPIC", "-shared", "-std=c99")

# Widest student for which ``auto`` compiles the expanded-polynomial C kernels: beyond it their
# O(p^2 p*)-term sources take tens of seconds to compile (46 s at p = 12) and the matrix-form NumPy
# kernels are faster on batches anyway (benchmarks/kernel_bench.py).
AUTO_C_MAX_P = 8


def kernels(model: Model, backend: Backend = "auto") -> CompiledKernels | GeneratedKernels | LambdifiedKernels:
    """The kernels of ``model``.

    ``auto``: C when p <= AUTO_C_MAX_P and a compiler is found, else the generated matrix-form NumPy
    kernels; ``backend="c"`` C or RuntimeError when no compiler is found; ``backend="numpy"`` the
    generated NumPy kernels; ``backend="lambdify"`` the lambdified polynomials. Where the general
    route does not apply (activation of degree > 2, or erf) the NumPy kernels are the lambdified ones up to
    AUTO_C_MAX_P students and the unit form's beyond, vectorised over units (risk and ODE; no Jacobian); erf
    models have only those.
    """
    if backend not in ("auto", "c", "numpy", "lambdify"):
        raise ValueError(f"backend must be 'auto', 'c', 'numpy' or 'lambdify', got {backend!r}")
    if not model.is_polynomial:
        if backend in ("c", "lambdify"):
            raise ValueError(f"backend={backend!r} needs polynomial activations; erf models have the unit-form "
                             "kernels (backend 'numpy' or 'auto')")
        return _numpy_kernels(model)
    if backend == "numpy" or (backend == "auto" and model.p > AUTO_C_MAX_P):
        return _numpy_kernels(model)
    if backend == "lambdify":
        return LambdifiedKernels(model)
    library = load_library(c_source(model), f"quadwick-p{model.p}-pstar{model.pstar}", flags=KERNEL_FLAGS,
                           fallback="the NumPy kernels", required=backend == "c")
    if library is not None:
        return CompiledKernels(model, library)
    if backend == "c":
        raise RuntimeError("backend='c' was asked for, but no C compiler was found")
    return _numpy_kernels(model)
