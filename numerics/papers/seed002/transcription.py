r"""Faithful SymPy transcriptions of seed 002 (Wang, Abernethy: a single teacher neuron, K students).

Transcribed exactly as printed in 002_b1c0d2bc41303735.txt; compared with quadwick's derivation in
:mod:`numerics.papers.seed002.engine`.  Nothing here is corrected.

Conventions: student neurons w^{(k)} (columns of W, k = 1..K) and the teacher w_* are SymPy column
vectors; f(W) = (1/4n) sum_i (sum_k (x_i^T w^{(k)})^2 - y_i)^2 (eq. (2)), y_i = (x_i^T w_*)^2.
Reading of eq. (6): the sum over j != k covers both terms 2((w^{(j)})^T w^{(k)}) w^{(j)} and
||w^{(j)}||^2 w^{(k)} (the second carries the summation index j, so it cannot stand outside the sum).
Eq. (13) writes |w^{(k)}_{#K,t}| for the parallel component <w^{(k)}, w_*>, as the paper itself defines
|w^{(k)}_{#K,t}| = |<w^{(k)}_{#K,t}, w_*>| in Section 4.1.
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

__all__ = [
    "SEED_FILE",
    "QUOTES",
    "population_gradient_eq6",
    "identity_cubic",
    "identity_mixed",
    "update_eq7",
    "update_eq8",
    "distance_squared_eq13",
]

SEED_FILE = "002_b1c0d2bc41303735.txt"

QUOTES = {
    "6": (
        r"\mathbb{E}_{x \sim N(0, I_d)} [\nabla_{w^{(k)}} f(W)] &= (3\|w^{(k)}\|^2 - \|w_*\|^2)w^{(k)} "
        r"- 2(w_*^\top w^{(k)})w_* \\ &\quad + \sum_{j \neq k}^K 2((w^{(j)})^\top w^{(k)})w^{(j)} "
        r"+ \|w^{(j)}\|^2 w^{(k)}, \end{aligned} \quad (6)"
    ),
    "identities": (
        r"\mathbb{E}_{x \sim N(0, I_d)} [(x^\top u)^3 x] = 3\|u\|^2 u$ and "
        r"$\mathbb{E}_{x \sim N(0, I_d)} [(x^\top u)^2 (x^\top v)x] = 2(u^\top v)u + \|u\|^2 v$"
    ),
    "7": (
        r"w_{t+1}^{(1), \parallel} &= w_t^{(1), \parallel} (1 + \eta(3\|w_*\|^2 - 3\|w_t^{(1)}\|^2)) \\ "
        r"w_{t+1}^{(1), \perp} &= w_t^{(1), \perp} (1 + \eta(\|w_*\|^2 - 3\|w_t^{(1)}\|^2)). \end{aligned} \quad (7)"
    ),
    "8": (
        r"w_{t+1}^{(k), \parallel} &= \underbrace{w_t^{(k), \parallel} (1 + 3\eta(\|w_*\|^2 - \|w_t^{(k)}\|^2))}"
        r"_{\text{component A}} - \underbrace{(2\eta \sum_{j \neq k}^K \langle w_t^{(j)}, w_t^{(k)} \rangle "
        r"w_t^{(j), \parallel} + \eta w_t^{(k), \parallel} \sum_{j \neq k}^K \|w_t^{(j)}\|^2)}_{\text{component B}}"
    ),
    "4": r"\text{dist}(W, w_*) := \min_{q \in \mathcal{R}^K: \|q\|_2 \leq 1} \|W - w_* q^\top\|. \quad (4)",
    "argmin": (
        r"Note that the argmin of (4) is  $q_* := \frac{W^\top w_*}{\|W^\top w_*\|_2} = "
        r"\arg \min_{q \in \mathcal{R}^K: \|q\|_2 \leq 1} \|W - w_* q^\top\|$"
    ),
    "13": (
        r"&= \|W_t^{\#K}\|_F^2 + \|w_*\|^2 - 2\sqrt{\sum_{k=1}^K |w_{\#K,t}^{(k)}|^2}, \end{aligned} \quad (13)"
    ),
}


def _norm2(v: sp.Matrix) -> sp.Expr:
    return (v.T * v)[0, 0]


def _dot(u: sp.Matrix, v: sp.Matrix) -> sp.Expr:
    return (u.T * v)[0, 0]


def population_gradient_eq6(students: Sequence[sp.Matrix], wstar: sp.Matrix, k: int) -> sp.Matrix:
    r"""E[\nabla_{w^{(k)}} f(W)] = (3\|w^{(k)}\|^2 - \|w_*\|^2) w^{(k)} - 2(w_*^T w^{(k)}) w_*
    + \sum_{j \ne k} [2((w^{(j)})^T w^{(k)}) w^{(j)} + \|w^{(j)}\|^2 w^{(k)}]   (002 eq. (6); k is 0-based here)."""
    w = students[k]
    gradient = (3 * _norm2(w) - _norm2(wstar)) * w - 2 * _dot(wstar, w) * wstar
    for j, other in enumerate(students):
        if j != k:
            gradient += 2 * _dot(other, w) * other + _norm2(other) * w
    return gradient


def identity_cubic(u: sp.Matrix) -> sp.Matrix:
    r"""E_{x ~ N(0, I_d)}[(x^T u)^3 x] = 3\|u\|^2 u (002, beside eq. (6))."""
    return 3 * _norm2(u) * u


def identity_mixed(u: sp.Matrix, v: sp.Matrix) -> sp.Matrix:
    r"""E_{x ~ N(0, I_d)}[(x^T u)^2 (x^T v) x] = 2(u^T v) u + \|u\|^2 v (002, beside eq. (6))."""
    return 2 * _dot(u, v) * u + _norm2(u) * v


def update_eq7(parallel: sp.Expr, perpendicular: sp.Matrix, norm2_w: sp.Expr, norm2_wstar: sp.Expr,
               eta: sp.Expr) -> tuple[sp.Expr, sp.Matrix]:
    r"""K = 1 population GD: w^\parallel_{t+1} = w^\parallel_t (1 + \eta(3\|w_*\|^2 - 3\|w_t\|^2)),
    w^\perp_{t+1} = w^\perp_t (1 + \eta(\|w_*\|^2 - 3\|w_t\|^2)) (002 eq. (7))."""
    return (parallel * (1 + eta * (3 * norm2_wstar - 3 * norm2_w)),
            perpendicular * (1 + eta * (norm2_wstar - 3 * norm2_w)))


def update_eq8(students: Sequence[sp.Matrix], wstar: sp.Matrix, k: int, eta: sp.Expr) -> tuple[sp.Expr, sp.Matrix]:
    r"""K students, population GD (002 eq. (8)): components A - B (parallel) and C - D (perpendicular).

    Parallel component w^\parallel = <w, w_*>, perpendicular w^\perp = (w[2], ..., w[d]) with w_* = \|w_*\| e_1
    (002 eq. (3)).  Returns (w^{(k),\parallel}_{t+1}, w^{(k),\perp}_{t+1}); k is 0-based.
    """
    w = students[k]
    def par(v: sp.Matrix) -> sp.Expr:
        return _dot(v, wstar)

    def perp(v: sp.Matrix) -> sp.Matrix:
        return v[1:, :]

    others = [j for j in range(len(students)) if j != k]
    mass = sp.Add(*[_norm2(students[j]) for j in others])
    component_a = par(w) * (1 + 3 * eta * (_norm2(wstar) - _norm2(w)))
    component_b = 2 * eta * sp.Add(*[_dot(students[j], w) * par(students[j]) for j in others]) + eta * par(w) * mass
    component_c = perp(w) * (1 + eta * (_norm2(wstar) - 3 * _norm2(w)))
    component_d = sp.zeros(len(w) - 1, 1)
    for j in others:
        component_d += 2 * eta * _dot(students[j], w) * perp(students[j])
    component_d += eta * perp(w) * mass
    return component_a - component_b, component_c - component_d


def distance_squared_eq13(students: Sequence[sp.Matrix], wstar: sp.Matrix) -> sp.Expr:
    r"""dist^2(W, w_*) = \|W\|_F^2 + \|w_*\|^2 - 2\sqrt{\sum_k |w^{(k)}|^2}, |w^{(k)}| = |<w^{(k)}, w_*>| (002 eq. (13))."""
    frobenius = sp.Add(*[_norm2(w) for w in students])
    return frobenius + _norm2(wstar) - 2 * sp.sqrt(sp.Add(*[_dot(w, wstar) ** 2 for w in students]))
