"""Engine results (polynomials in the overlaps) evaluated on explicit weight vectors.

For a model with unit input scaling (lambda_k = w_k . x), the engine's risk and gradient are polynomials in
Q_kj = w_k . w_j, rho_kl = w_k . w*_l and T_lm = w*_l . w*_m; the gradient is a combination of the vectors
``w_k`` and ``wstar_l``.  Given the vectors (SymPy columns, symbolic or exact), these helpers substitute.
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

from quadwick.derive.concrete import VectorCombination, population_risk, risk_gradient
from quadwick.derive.model import Model, q_symbol, rho_symbol, t_symbol

__all__ = ["overlap_values", "risk_of_weights", "gradient_of_weights", "symbolic_vectors"]


def symbolic_vectors(letter: str, count: int, d: int) -> list[sp.Matrix]:
    """``count`` column vectors of d real symbols named letter_k_i (1-based)."""
    return [sp.Matrix([sp.Symbol(f"{letter}_{k}_{i}", real=True) for i in range(1, d + 1)]) for k in range(1, count + 1)]


def _dot(u: sp.Matrix, v: sp.Matrix) -> sp.Expr:
    return (u.T * v)[0, 0]


def overlap_values(model: Model, students: Sequence[sp.Matrix], teachers: Sequence[sp.Matrix]) -> dict:
    """{Q_kj: w_k.w_j, rho_kl: w_k.w*_l, T_lm: w*_l.w*_m} for a unit-scaling model of widths (len(students), len(teachers))."""
    if model.input_scaling != "unit":
        raise ValueError("weights are substituted only for unit input scaling (lambda = w.x)")
    if (len(students), len(teachers)) != (model.p, model.pstar):
        raise ValueError(f"expected {model.p} student and {model.pstar} teacher vectors")
    values = {}
    for k, w in enumerate(students, 1):
        for j, u in enumerate(students[k - 1:], k):
            values[q_symbol(k, j)] = _dot(w, u)
        for l, ws in enumerate(teachers, 1):
            values[rho_symbol(k, l)] = _dot(w, ws)
    for l, ws in enumerate(teachers, 1):
        for j, us in enumerate(teachers[l - 1:], l):
            values[t_symbol(l, j)] = _dot(ws, us)
    return values


def risk_of_weights(model: Model, students: Sequence[sp.Matrix], teachers: Sequence[sp.Matrix]) -> sp.Expr:
    """The engine's population risk R = E[c (y - yhat)^2] evaluated at the given weight vectors."""
    if model.teacher_gram != "general":
        raise ValueError("explicit teacher vectors need teacher_gram='general'")
    return sp.expand(population_risk(model).xreplace(overlap_values(model, students, teachers)))


def _vector(combination: VectorCombination, values: dict, students: Sequence[sp.Matrix],
            teachers: Sequence[sp.Matrix]) -> sp.Matrix:
    named = {f"w_{k}": w for k, w in enumerate(students, 1)} | {f"wstar_{l}": w for l, w in enumerate(teachers, 1)}
    total = sp.zeros(len(students[0]), 1)
    for name, coefficient in combination.coefficients.items():
        total += coefficient.xreplace(values) * named[name]
    return total.expand()


def gradient_of_weights(model: Model, students: Sequence[sp.Matrix], teachers: Sequence[sp.Matrix]) -> list[sp.Matrix]:
    """The engine's grad_{w_k} R (Stein's lemma) for k = 1..p, evaluated at the given weight vectors."""
    if model.teacher_gram != "general":
        raise ValueError("explicit teacher vectors need teacher_gram='general'")
    values = overlap_values(model, students, teachers)
    gradient = risk_gradient(model)
    return [_vector(gradient[k], values, students, teachers) for k in range(1, model.p + 1)]
