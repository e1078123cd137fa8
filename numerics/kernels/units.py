"""Kernels of the unit form, vectorised over units: the risk and the ODE at any widths, with no concrete derivation.

:mod:`derive.units` writes every result as prefactor x sum over terms of

    coefficient x (read-outs of some units) x F(C_ab of the term's argument units),

F one of the expectations J2, I2, I3, I4 (a polynomial in the C_ab, or the erf closed forms).  Here each term
becomes one array expression: every unit of the term gets an axis (the entry's free units first, then the summed
ones) holding the rows of Sigma = [[T, rho^T], [rho, Q]] that its units index, C_ab is Sigma fancy-indexed by the
two arguments' rows (a diagonal where both are the same unit), F is ``sympy.lambdify``-ed once and evaluated on the broadcast arrays,
and the summed axes are summed out.  The cost is that of the sums (O(p^2 (p + p*)^2) for dQ's O(eta^2) part),
with no expression that grows with the widths; large terms are cut into slices along their first axis so that
no temporary holds more than about ``_ELEMENTS`` numbers.

>>> from derive.model import Model
>>> from numerics.state import pack_state
>>> model = Model(p=1, pstar=1)
>>> float(UnitKernels(model).risk(pack_state(model, [[0.5]], [[1.0]])))
3.0
"""

from __future__ import annotations

import ctypes
import functools
from typing import Any

import numpy as np
import sympy

from quadwick.derive.erf import covariance_symbols
from quadwick.derive.model import Model
from quadwick.derive.units_codegen import unit_c_source
from quadwick.derive.units import STUDENT, Unit, UnitModel, UnitTerm, function_expression, unit_system

from ..state import numeric_parameters, unpack_readouts, unpack_state
from .build import load_library
from .derived import LambdifiedKernels, _Kernels

__all__ = ["UnitKernels"]

# Largest number of elements of one term's broadcast arrays evaluated at once.
_ELEMENTS = 1 << 20


class _CompiledTerm:
    """One term as arrays, at given widths.  Each unit has an axis and, along it, the rows of
    Sigma = [[T, rho^T], [rho, Q]] it indexes (teacher l: l, student k: p* + k), so that C_ab is the fancy-indexed
    Sigma[rows_a, rows_b] (a diagonal where a and b are the same unit).  The free units come first; two free
    students (dQ_kj) share one axis that runs over the pairs k <= j only (dQ is symmetric), and so do I4's two
    summed units of one sector (its summand is symmetric in them).  F is a NumPy function
    of the C_ab (a <= b); the index arrays and the read-outs' product are built once, slice by slice of axis 0."""

    def __init__(self, term: UnitTerm, free: tuple[Unit, ...], model: UnitModel, widths: dict[str, int],
                 readouts: dict[str, np.ndarray]) -> None:
        size = len(term.arguments)
        pairs = [(a, b) for a in range(size) for b in range(a, size)]
        self.function = _numpy_function(term.function, term.sectors, model)
        offsets = {"t": 0, STUDENT: widths["t"]}
        # (axis, indices along it) of every unit: the free ones, then the summed ones.
        if len(free) == 2 and all(unit.sector == STUDENT for unit in free):
            upper = np.triu_indices(widths[STUDENT])
            where = {free[0]: (0, upper[0]), free[1]: (0, upper[1])}
        else:
            where = {unit: (axis, np.arange(widths[unit.sector])) for axis, unit in enumerate(free)}
        self.free = axis = len(set(axis for axis, _ in where.values()))
        summed = term.summed(free)
        # I4's last two slots, summed over units of one sector with both read-outs: the summand is symmetric in
        # them, so they share one axis over the pairs i <= h, the pairs i < h counted twice.
        third, fourth = term.arguments[2:4] if term.function == "I4" else (None, None)
        multiplicity = None
        if third in summed and fourth in summed and third != fourth and third.sector == fourth.sector:
            upper = np.triu_indices(widths[third.sector])
            where[third], where[fourth] = (axis, upper[0]), (axis, upper[1])
            multiplicity, axis = (axis, np.where(upper[0] == upper[1], 1.0, 2.0)), axis + 1
        for unit in summed:
            if unit not in where:
                where[unit], axis = (axis, np.arange(widths[unit.sector])), axis + 1
        axes = 1 + max(axis for axis, _ in where.values())
        self.shape = tuple(len(next(ix for a, ix in where.values() if a == axis)) for axis in range(axes))

        def on_axis(vector: np.ndarray, axis: int) -> np.ndarray:
            return vector.reshape([-1 if i == axis else 1 for i in range(axes)])

        rows = {unit: on_axis(offsets[unit.sector] + indices, axis) for unit, (axis, indices) in where.items()}
        weight = np.full([1] * axes, float(term.coefficient))
        for unit in term.weights:
            axis, indices = where[unit]
            weight = weight * on_axis(readouts[unit.sector][indices], axis)
        if multiplicity is not None:
            weight = weight * on_axis(multiplicity[1], multiplicity[0])
        step = max(1, _ELEMENTS // max(1, int(np.prod(self.shape[1:], dtype=np.int64))))
        self.slices = []
        for start in range(0, self.shape[0], step):
            cut = slice(start, start + step)
            index = {unit: (r[cut] if where[unit][0] == 0 else r) for unit, r in rows.items()}
            self.slices.append(([(index[term.arguments[a]], index[term.arguments[b]]) for a, b in pairs],
                                weight[cut] if weight.shape[0] > 1 else weight,
                                (len(range(*cut.indices(self.shape[0]))),) + self.shape[1:]))

    def evaluate(self, sigma: np.ndarray) -> np.ndarray:
        """sum over the summed axes of coefficient x read-outs x F: shape (widths of the free units), or for
        dQ_kj the entries k <= j in ``numpy.triu_indices`` order."""
        summed = tuple(range(self.free, len(self.shape)))
        parts = [np.broadcast_to(self.function(*(sigma[i, j] for i, j in pairs)) * weight, shape).sum(axis=summed)
                 for pairs, weight, shape in self.slices]
        return np.concatenate(parts, axis=0) if self.free else np.sum(parts, axis=0)


class UnitKernels(_Kernels):
    """The risk and the right-hand side of the ODE from the unit form (module docstring), for any activation the
    unit form takes (polynomials, erf) and any widths: compiled C loops over units (:mod:`derive.units_codegen`,
    one source per model whatever its widths) where a compiler is found (``backend="units-c"``), else the NumPy
    arrays above (``"units"``; ``compiled=False`` asks for them).  ``jacobian`` is None.  The gradient and
    Hessian coefficients of a polynomial model come from the concrete route, lambdified on first use; an erf
    model has none.  Learned read-outs are read from each state (the NumPy arrays are then built per state)."""

    # No Jacobian: implicit solvers approximate it by finite differences (a lambdified one would need the
    # concrete derivation at the widths, which the unit form is there to avoid).
    jacobian = None

    def __init__(self, model: Model, compiled: bool = True) -> None:
        super().__init__(model)
        unit_model = UnitModel.of(model)
        self.system = unit_system(unit_model)
        params = numeric_parameters(model)
        self._fixed = {STUDENT: params["a"], "t": params["v"]}
        self.prefactors = {name: sympy.lambdify([unit_model.eta], total.prefactor) for name, total in self.system.sums().items()}
        # As floats once: converting a SymPy number costs more than a small width's whole sum.
        self.constants = {name: float(total.constant) for name, total in self.system.sums().items()}
        self.library = _library(unit_model) if compiled else None
        self.backend = "units" if self.library is None else "units-c"
        self.terms = self._terms(self._fixed) if self.library is None and not model.learns_readouts else None
        self._sizes = {"risk": 1, "drho": model.p * model.pstar, "dQ_eta": model.p * (model.p + 1) // 2,
                       "dQ_eta2": model.p * (model.p + 1) // 2, "da": model.p}

    def _terms(self, readouts: dict[str, np.ndarray]) -> dict[str, list[_CompiledTerm]]:
        """Every sum's terms as NumPy arrays at these read-outs."""
        widths = {STUDENT: self.model.p, "t": self.model.pstar}
        return {name: [_CompiledTerm(term, total.free, self.system.model, widths, readouts) for term in total.terms]
                for name, total in self.system.sums().items()}

    def _evaluate(self, name: str, points: np.ndarray, eta: float, teacher: np.ndarray | None, stride: int) -> np.ndarray:
        if name not in ("risk", "rhs"):
            raise NotImplementedError(f"the unit-form kernels give the risk and the ODE only, not {name!r}")
        outputs = []
        for row, point in enumerate(points):
            sigma = self._sigma(point, None if teacher is None else teacher[row if stride else 0])
            # Fixed read-outs stay the floats converted once (the state holds none).
            readouts = {**self._fixed, STUDENT: unpack_readouts(self.model, point)} if self.model.learns_readouts else self._fixed
            terms = self.terms if self.terms is not None or self.library is not None else self._terms(readouts)

            def total(part: str) -> np.ndarray:
                return self._sum(part, sigma, eta, readouts, terms)

            if name == "risk":
                outputs.append([total("risk")])
            else:
                learned = [total("da")] if self.model.learns_readouts else []
                outputs.append(np.concatenate([total("drho").ravel(), total("dQ_eta") + total("dQ_eta2"), *learned]))
        return np.asarray(outputs, dtype=float)

    def _sigma(self, point: np.ndarray, teacher: np.ndarray | None) -> np.ndarray:
        """Sigma = [[T, rho^T], [rho, Q]] at one state (T from its upper-triangle entries, or the identity)."""
        rho, Q = unpack_state(self.model, point)
        T = np.eye(self.model.pstar)
        if teacher is not None:
            upper = np.triu_indices(self.model.pstar)
            T[upper] = teacher[: len(upper[0])]
            T[upper[::-1]] = teacher[: len(upper[0])]
        return np.block([[T, rho.T], [rho, Q]])

    def _sum(self, name: str, sigma: np.ndarray, eta: float, readouts: dict[str, np.ndarray],
             terms: dict[str, list[_CompiledTerm]] | None) -> np.ndarray:
        if terms is not None:
            value = sum(term.evaluate(sigma) for term in terms[name])
        else:
            value = np.empty(self._sizes[name])
            sigma = np.ascontiguousarray(sigma, dtype=float)
            student, teacher = (np.ascontiguousarray(readouts[sector], dtype=float) for sector in (STUDENT, "t"))
            getattr(self.library, f"quadwick_unit_{name}")(self.model.p, self.model.pstar, sigma.ctypes.data,
                                                            student.ctypes.data, teacher.ctypes.data, value.ctypes.data)
        return self.prefactors[name](eta) * (value + self.constants[name])

    @functools.cached_property
    def _concrete(self) -> LambdifiedKernels:
        """The concrete route's kernels, for what the unit form does not give (polynomial activations only)."""
        if not self.model.is_polynomial:
            raise NotImplementedError("erf models have the risk and the ODE only (no gradient or Hessian kernels)")
        return LambdifiedKernels(self.model)

    def gradient_coefficients(self, state: Any, T: Any = None) -> np.ndarray:
        """From the concrete route (lambdified): the unit form has no gradient."""
        return self._concrete.gradient_coefficients(state, T)

    def hessian_coefficients(self, state: Any, T: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """From the concrete route (lambdified): the unit form has no Hessian."""
        return self._concrete.hessian_coefficients(state, T)


@functools.lru_cache(maxsize=256)
def _numpy_function(function: str, sectors: tuple[str, ...], model: UnitModel) -> Any:
    """The expectation ``function`` on ``sectors`` as a NumPy function of its C_ab (a <= b), lambdified once."""
    C = covariance_symbols(len(sectors))
    pairs = [(a, b) for a in range(len(sectors)) for b in range(a, len(sectors))]
    return sympy.lambdify([C[a, b] for a, b in pairs], function_expression(function, sectors, model), modules="numpy")


@functools.lru_cache(maxsize=32)
def _library(model: UnitModel) -> ctypes.CDLL | None:
    """The unit form of ``model`` compiled (cached by its source's hash), or None without a compiler."""
    library = load_library(unit_c_source(model), "quadwick-units", fallback="the NumPy unit-form kernels")
    if library is None:
        return None
    for name in unit_system(model).sums():
        function = getattr(library, f"quadwick_unit_{name}")
        function.argtypes = [ctypes.c_int, ctypes.c_int, *[ctypes.c_void_p] * 4]
        function.restype = None
    return library
