r"""The landscape in floats: risk, gradient and Hessian at weights, from the engine's derived expressions.

The one road from the weight-space derivation to numbers, for every landscape module. With A = [W*; W] (rows
w*_1..w*_p*, w_1..w_p) and Sigma = A A^T the overlaps, the engine gives (``derive.concrete``)

    R = R(Sigma),   grad_{w_m} R = sum_a g_ma(Sigma) a,   H_mn = c_mn(Sigma) I_N + sum_ab O^{mn}_ab(Sigma) a b^T,

as polynomials in the overlaps. :func:`coefficient_matrices` holds g, C = [c_mn] and O exactly;
:func:`compiled_landscape` lambdifies R, g and (C, O) once per (preset, p, p*) and evaluates them at weights.
For a general teacher Gram (preset 'seed004') the teacher overlaps T_lm are arguments too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np
import sympy

from quadwick.derive.concrete import hessian_blocks, population_risk
from quadwick.derive.model import Model, preset, t_symbol

from .points import gradient_coefficients, overlap_values

__all__ = ["CoefficientMatrices", "coefficient_matrices", "CompiledLandscape", "compiled_landscape", "PRESETS"]

PRESETS = ("seed003-appendix", "seed004")


@dataclass(frozen=True)
class CoefficientMatrices:
    """g (p x (p*+p)), C (p x p) and O (p x p nested, each (p*+p) x (p*+p)), entries in the overlaps."""

    g: sympy.Matrix
    C: sympy.Matrix
    O: tuple[tuple[sympy.Matrix, ...], ...]


def _model(name: str, p: int, pstar: int) -> Model:
    if name not in PRESETS:
        raise ValueError(f"the landscape supports presets {', '.join(map(repr, PRESETS))}, got {name!r}")
    return preset(name, p, pstar)


@lru_cache(maxsize=None)
def coefficient_matrices(name: str, p: int, pstar: int) -> CoefficientMatrices:
    """The derived gradient and Hessian coefficients of preset ``name`` at widths (p, p*), exactly."""
    model = _model(name, p, pstar)
    names = [f"wstar_{l}" for l in range(1, pstar + 1)] + [f"w_{k}" for k in range(1, p + 1)]
    index = {label: i for i, label in enumerate(names)}
    blocks = hessian_blocks(model)

    def outer(m: int, n: int) -> sympy.Matrix:
        O = sympy.zeros(len(names), len(names))
        for (a, b), value in blocks[(m + 1, n + 1)].outer.items():
            O[index[a], index[b]] = value
        return O

    C = sympy.Matrix(p, p, lambda m, n: blocks[(m + 1, n + 1)].identity)
    return CoefficientMatrices(gradient_coefficients(p, pstar, model), C,
                               tuple(tuple(outer(m, n) for n in range(p)) for m in range(p)))


@dataclass(frozen=True)
class CompiledLandscape:
    """Float risk, gradient (p x N) and dense Hessian (pN x pN) of a model, from the derived expressions."""

    model: Model
    _risk: Callable
    _gradient: Callable
    _hessian: Callable

    def _arguments(self, Sigma: np.ndarray) -> list[float]:
        p, pstar = self.model.p, self.model.pstar
        values = list(overlap_values(Sigma, p, pstar).values())
        if self.model.teacher_gram == "general":
            values += [Sigma[l - 1, m - 1] for l in range(1, pstar + 1) for m in range(l, pstar + 1)]
        return values

    def gradient_coefficients(self, Sigma: np.ndarray) -> np.ndarray:
        """g(Sigma), p x (p* + p)."""
        return np.asarray(self._gradient(*self._arguments(Sigma)), dtype=float)

    def hessian_coefficients(self, Sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(C, O) at Sigma: C p x p, O p x p x (p*+p) x (p*+p)."""
        p, nv = self.model.p, self.model.p + self.model.pstar
        flat = np.asarray(self._hessian(*self._arguments(Sigma)), dtype=float).ravel()
        return flat[: p * p].reshape(p, p), flat[p * p:].reshape(p, p, nv, nv)

    def risk(self, W: np.ndarray, Wstar: np.ndarray) -> float:
        """R(W) (eq. (23) for seed003-appendix; seed 004's L for seed004)."""
        A = np.vstack([Wstar, W])
        return float(self._risk(*self._arguments(A @ A.T)))

    def gradient(self, W: np.ndarray, Wstar: np.ndarray) -> np.ndarray:
        """grad_W R, rows g(Sigma) [W*; W] (Stein's lemma, derived)."""
        A = np.vstack([Wstar, W])
        return self.gradient_coefficients(A @ A.T) @ A

    def hessian(self, W: np.ndarray, Wstar: np.ndarray) -> np.ndarray:
        """H = [c_mn I_N + A^T O^{mn} A], index m N + i (derived blocks)."""
        p, N = W.shape
        A = np.vstack([Wstar, W])
        C, O = self.hessian_coefficients(A @ A.T)
        H = np.einsum("ai,mnab,bj->minj", A, O, A, optimize=True) + np.einsum("mn,ij->minj", C, np.eye(N))
        return H.reshape(p * N, p * N)


@lru_cache(maxsize=None)
def compiled_landscape(name: str, p: int, pstar: int) -> CompiledLandscape:
    """The compiled landscape of preset ``name`` ('seed003-appendix' or 'seed004') at (p, p*)."""
    model = _model(name, p, pstar)
    symbols = list(overlap_values(sympy.zeros(p + pstar, p + pstar), p, pstar).keys())
    if model.teacher_gram == "general":
        symbols += [t_symbol(l, m) for l in range(1, pstar + 1) for m in range(l, pstar + 1)]
    exact = coefficient_matrices(name, p, pstar)
    entries = list(exact.C) + [entry for row in exact.O for O in row for entry in O]
    return CompiledLandscape(model, sympy.lambdify(symbols, population_risk(model), "numpy"),
                             sympy.lambdify(symbols, exact.g, "numpy"), sympy.lambdify(symbols, sympy.Matrix(entries), "numpy"))
