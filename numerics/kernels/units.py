"""Kernels of the unit form, vectorised over units: the risk and the ODE at any widths, with no concrete derivation.

:mod:`derive.units` writes every result as prefactor x sum over terms of

    coefficient x (read-outs of some units) x F(C_ab of the term's argument units),

F one of the expectations J2, I2, I3, I4 (a polynomial in the C_ab, or the erf closed forms).  Here each term
becomes one array expression: every unit of the term gets an axis (the entry's free units first, then the summed
ones), C_ab is the covariance block of the two units' sectors (Q, rho, rho^T or T) laid on their axes (its
diagonal where both are the same unit), F is ``sympy.lambdify``-ed once and evaluated on the broadcast arrays,
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

import functools
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import sympy

from quadwick.derive.erf import covariance_symbols
from quadwick.derive.model import Model
from quadwick.derive.units import STUDENT, Unit, UnitModel, UnitSum, UnitTerm, function_expression, unit_system

from ..state import numeric_parameters, pack_state, unpack_state
from .derived import LambdifiedKernels, _Kernels

__all__ = ["UnitKernels"]

# Largest number of elements of one term's broadcast arrays evaluated at once.
_ELEMENTS = 1 << 20


@dataclass(frozen=True)
class _CompiledTerm:
    """One term as arrays: its units' axes, F as a NumPy function of the C_ab (a <= b), its coefficient."""

    term: UnitTerm
    units: tuple[Unit, ...]
    function: Callable[..., np.ndarray]
    pairs: tuple[tuple[int, int], ...]
    free: int

    def evaluate(self, blocks: dict[tuple[str, str], np.ndarray], readouts: dict[str, np.ndarray],
                 sizes: dict[str, int]) -> np.ndarray:
        """sum over the summed axes of coefficient x read-outs x F, shape (sizes of the free units)."""
        shape = tuple(sizes[u.sector] for u in self.units)
        rows = max(1, _ELEMENTS // max(1, int(np.prod(shape[1:], dtype=np.int64))))
        parts = [self._slice(blocks, readouts, shape, slice(start, min(start + rows, shape[0])))
                 for start in range(0, shape[0], rows)]
        return np.concatenate(parts, axis=0) if self.free else np.sum(parts, axis=0)

    def _slice(self, blocks, readouts, shape, rows: slice) -> np.ndarray:
        arrays = [self._entry(blocks, shape, a, b, rows) for a, b in self.pairs]
        value = self.function(*arrays) * float(self.term.coefficient)
        value = np.broadcast_to(value, (rows.stop - rows.start,) + shape[1:])
        for unit in self.term.weights:
            axis = self.units.index(unit)
            vector = readouts[unit.sector][rows] if axis == 0 else readouts[unit.sector]
            value = value * vector.reshape([-1 if i == axis else 1 for i in range(len(shape))])
        return value.sum(axis=tuple(range(self.free, len(shape))))

    def _entry(self, blocks, shape, a: int, b: int, rows: slice) -> np.ndarray:
        """C_ab on the term's axes: the block of the two units' sectors, or its diagonal for one unit."""
        ua, ub = self.term.arguments[a], self.term.arguments[b]
        block = blocks[(ua.sector, ub.sector)]
        axes = (self.units.index(ua), self.units.index(ub))
        if ua == ub:
            block, axes = np.diagonal(block), axes[:1]
        for position, axis in enumerate(axes):
            if axis == 0:
                block = block[(slice(None),) * position + (rows,)]
        # Move the block's dimensions onto their axes, with length-1 dimensions elsewhere.
        order = sorted(range(len(axes)), key=lambda i: axes[i])
        block = np.transpose(block, order)
        target = [1] * len(shape)
        for i in order:
            target[axes[i]] = block.shape[order.index(i)]
        return block.reshape(target)


def _compile(total: UnitSum, model: UnitModel) -> list[_CompiledTerm]:
    compiled = []
    for term in total.terms:
        units = tuple(total.free) + term.summed(total.free)
        size = len(term.arguments)
        C = covariance_symbols(size)
        pairs = tuple((a, b) for a in range(size) for b in range(a, size))
        expression = function_expression(term.function, term.sectors, model)
        function = sympy.lambdify([C[a, b] for a, b in pairs], expression, modules="numpy")
        compiled.append(_CompiledTerm(term, units, function, pairs, len(total.free)))
    return compiled


class UnitKernels(_Kernels):
    """The risk and the right-hand side of the ODE from the unit form (module docstring), for any activation the
    unit form takes (polynomials, erf) and any widths.  The Jacobian, gradient and Hessian coefficients of a
    polynomial model come from the concrete route, lambdified on first use; an erf model has none (``jacobian``
    is None: implicit solvers approximate it)."""

    backend = "units"

    def __init__(self, model: Model) -> None:
        super().__init__(model)
        if not model.is_polynomial:
            self.jacobian = None  # erf: implicit solvers approximate it by finite differences
        unit_model = UnitModel.of(model)
        self.system = unit_system(unit_model)
        self.terms = {name: _compile(total, unit_model) for name, total in self.system.sums().items()}
        params = numeric_parameters(model)
        self.readouts = {STUDENT: params["a"], "t": params["v"]}
        self.widths = {STUDENT: model.p, "t": model.pstar}

    def _evaluate(self, name: str, points: np.ndarray, eta: float, teacher: np.ndarray | None, stride: int) -> np.ndarray:
        if name not in ("risk", "rhs"):
            raise NotImplementedError(f"the unit-form kernels give the risk and the ODE only, not {name!r}")
        outputs = []
        for row, point in enumerate(points):
            blocks = self._blocks(point, None if teacher is None else teacher[row if stride else 0])
            if name == "risk":
                outputs.append([self._sum("risk", blocks, eta)])
            else:
                drho = self._sum("drho", blocks, eta)
                dQ = self._sum("dQ_eta", blocks, eta) + self._sum("dQ_eta2", blocks, eta)
                outputs.append(pack_state(self.model, drho, dQ))
        return np.asarray(outputs, dtype=float)

    def _blocks(self, point: np.ndarray, teacher: np.ndarray | None) -> dict[tuple[str, str], np.ndarray]:
        rho, Q = unpack_state(self.model, point)
        T = np.eye(self.model.pstar)
        if teacher is not None:
            upper = np.triu_indices(self.model.pstar)
            T[upper] = teacher[: len(upper[0])]
            T[upper[::-1]] = teacher[: len(upper[0])]
        return {("s", "s"): Q, ("s", "t"): rho, ("t", "s"): rho.T, ("t", "t"): T}

    def _sum(self, name: str, blocks: dict[tuple[str, str], np.ndarray], eta: float) -> np.ndarray:
        total = self.system.sums()[name]
        value = sum(term.evaluate(blocks, self.readouts, self.widths) for term in self.terms[name])
        prefactor = float(total.prefactor.subs(self.system.model.eta, eta))
        return prefactor * (value + float(total.constant))

    @functools.cached_property
    def _concrete(self) -> LambdifiedKernels:
        """The concrete route's kernels, for what the unit form does not give (polynomial activations only)."""
        if not self.model.is_polynomial:
            raise NotImplementedError("erf models have the risk and the ODE only (no gradient or Hessian kernels)")
        return LambdifiedKernels(self.model)

    def jacobian(self, state: Any, eta: float, T: Any = None) -> np.ndarray:
        """From the concrete route (lambdified), built on first use: the unit form has no Jacobian."""
        return self._concrete.jacobian(state, eta, T)

    def gradient_coefficients(self, state: Any, T: Any = None) -> np.ndarray:
        """From the concrete route (lambdified): the unit form has no gradient."""
        return self._concrete.gradient_coefficients(state, T)

    def hessian_coefficients(self, state: Any, T: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """From the concrete route (lambdified): the unit form has no Hessian."""
        return self._concrete.hessian_coefficients(state, T)
