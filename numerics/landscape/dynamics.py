r"""The overlap ODE of seed 003 as a dynamical system: fixed points and the eigenvalues of its Jacobian.

The engine's ODE (``derive.concrete.overlap_ode(preset('seed003', p, p*))``), exact in eta, reads

    dx/d alpha = eta f1(x) + eta^2 f2(x),      x = (rho_kl, Q_kj (k <= j)),

so per unit gradient-flow time t = eta alpha it is  dx/dt = f1(x) + eta f2(x).  At a fixed point x0 the
rates are the eigenvalues of J(eta) = Df1(x0) + eta Df2(x0); the small-eta limit is Df1(x0).

* Every weight-space stationary point (numerics.landscape.points) is a fixed point of f1 (f1 is the
  push-forward of gradient flow); only zero-risk points are fixed points of f2 too (f2 = <F F>/eta^2 vanishes
  with the residual), so at finite eta the other fixed points move (the plateau: Q = q(eta) I, rho = 0,
  q(0) = p/(p+2)).
* At a point with rho = c rho', rho' rational, the parity of the ODE (f_rho odd in rho, f_Q even) makes
  J similar, by diag(c I_rho, I_Q), to a matrix with rational entries: the spectrum is computed there.

Exact arithmetic throughout. The comparisons with seed 003's statements (eqs. (9)-(13), App. 7.3) are in
:mod:`numerics.papers.seed003.dynamics_checks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy

from quadwick.derive.concrete import overlap_ode
from quadwick.derive.model import Model, preset, q_symbol, rho_symbol

from .hessian import exact_eigenvalues
from .points import overlap_values, stationary_point

__all__ = [
    "Q_SYMBOL",
    "OverlapSystem",
    "overlap_system",
    "family_fixed_point",
    "zero_error_fixed_point",
    "plateau_fixed_point",
    "residual",
    "jacobian_at",
    "rates",
    "block_rates",
    "plateau_norm_polynomial",
    "plateau_norm",
    "plateau_norm_series",
    "plateau_block_rates",
    "plateau_rate_series",
    "zero_error_rates",
]

Q_SYMBOL = sympy.Symbol("q", positive=True)


@dataclass(frozen=True)
class OverlapSystem:
    """dx/dt = f1(x) + eta f2(x) for the seed 003 model at (p, p*); ``variables`` = model.order_parameters."""

    model: Model
    variables: tuple[sympy.Symbol, ...]
    f1: sympy.Matrix
    f2: sympy.Matrix
    J1: sympy.Matrix
    J2: sympy.Matrix

    @property
    def eta(self) -> sympy.Symbol:
        """The learning-rate symbol of the model."""
        return self.model.eta

    def blocks(self) -> dict[str, list[int]]:
        """Indices of the variables: 'rho', 'Q offdiagonal' (k < j), 'Q diagonal'."""
        p, pstar = self.model.p, self.model.pstar
        rho = list(range(p * pstar))
        off, diag = [], []
        for index, name in enumerate(self.variables[p * pstar:], start=p * pstar):
            k, j = (int(part) for part in name.name.split("_")[1:])
            (diag if k == j else off).append(index)
        return {"rho": rho, "Q offdiagonal": off, "Q diagonal": diag}


@lru_cache(maxsize=None)
def overlap_system(p: int, pstar: int) -> OverlapSystem:
    """The engine's overlap ODE for preset('seed003', p, p*), split as dx/dt = f1 + eta f2, with Jacobians."""
    model = preset("seed003", p, pstar)
    ode = overlap_ode(model)
    eta = model.eta
    variables = model.order_parameters
    f1 = sympy.Matrix([sympy.expand(ode.order_eta[v] / eta) for v in variables])
    f2 = sympy.Matrix([sympy.expand(ode.order_eta2.get(v, 0) / eta**2) for v in variables])
    return OverlapSystem(model, variables, f1, f2, _jacobian(f1, variables), _jacobian(f2, variables))


def _jacobian(field: sympy.Matrix, variables: tuple[sympy.Symbol, ...]) -> sympy.Matrix:
    """J_ij = d field_i / d x_j for polynomial entries, each differentiated as a ``sympy.Poly``: the same
    expressions as ``field.jacobian(variables)`` (tests/test_landscape.py), 5-8x faster (SymPy differentiates
    an expanded sum term by term through its assumption system)."""
    rows = []
    for entry in field:
        polynomial = sympy.Poly(entry, *variables)
        rows.append([polynomial.diff(v).as_expr() for v in variables])
    return sympy.Matrix(rows)


# -- fixed points ---------------------------------------------------------------------------------


def family_fixed_point(family: str, p: int, pstar: int, rank: int | None = None) -> dict[sympy.Symbol, sympy.Expr]:
    """The overlaps (rho, Q) of the weight-space stationary point ``points.stationary_point(family, ...)``.

    Overlaps do not depend on N (taken N = p + p*), nor on the weight scaling (Sigma is the same in the
    seed 003 main-text and appendix normalisations).
    """
    point = stationary_point(family, p + pstar, p, pstar, rank)
    return overlap_values(point.overlaps(), p, pstar)


def zero_error_fixed_point(p: int, pstar: int) -> dict[sympy.Symbol, sympy.Expr]:
    """rho = sqrt(p/p*) S, Q = rho rho^T (S^T S = I), seed 003 eqs. (20)-(21); needs p >= p*."""
    if p < pstar:
        raise ValueError(f"the zero-error manifold needs p >= p*, got p = {p} < p* = {pstar}")
    return family_fixed_point("correlated", p, pstar, pstar)


def plateau_fixed_point(p: int, pstar: int, q: sympy.Expr | None = None) -> dict[sympy.Symbol, sympy.Expr]:
    """rho = 0, Q = q I; q defaults to Qbar = p/(p+2) (the small-eta plateau, eq. (10))."""
    q = sympy.Rational(p, p + 2) if q is None else q
    values = {rho_symbol(k, l): sympy.Integer(0) for k in range(1, p + 1) for l in range(1, pstar + 1)}
    values.update({q_symbol(k, j): (q if k == j else sympy.Integer(0)) for k in range(1, p + 1) for j in range(k, p + 1)})
    return values


def residual(system: OverlapSystem, point: dict, eta: sympy.Expr = sympy.Integer(0)) -> sympy.Matrix:
    """dx/dt = f1 + eta f2 at ``point`` (exact); the zero vector at a fixed point."""
    return (system.f1 + eta * system.f2).xreplace(point).applyfunc(sympy.simplify)


# -- spectra --------------------------------------------------------------------------------------


def _rational_similarity(system: OverlapSystem, point: dict) -> tuple[sympy.Expr, dict]:
    """(c, point with every rho replaced by C * rho/c), C a placeholder symbol, c a nonzero entry of rho
    (1 when rho = 0); rho/c is rational for the family points (rho = sqrt(alpha) x rational)."""
    n_rho = system.model.p * system.model.pstar
    rhos = [point[v] for v in system.variables[:n_rho]]
    c = next((value for value in rhos if value != 0), sympy.Integer(1))
    scaled = dict(point)
    for v in system.variables[:n_rho]:
        scaled[v] = _C * sympy.radsimp(point[v] / c)
    return c, scaled


_C = sympy.Symbol("C_scale")


def jacobian_at(system: OverlapSystem, point: dict, eta: sympy.Expr = sympy.Integer(0)) -> sympy.Matrix:
    """J = Df1 + eta Df2 at ``point`` conjugated by diag(c I_rho, I_Q) (same spectrum).

    By parity (f_rho odd, f_Q even in rho) the conjugated entries contain c only as c^2, so they are
    rational (or polynomial in eta) when rho = c x rational with c^2 rational; see the module docstring.
    """
    c, scaled = _rational_similarity(system, point)
    J = (system.J1 + eta * system.J2).xreplace(scaled)
    n_rho = system.model.p * system.model.pstar
    scale = sympy.diag(*([_C] * n_rho + [sympy.Integer(1)] * (J.rows - n_rho)))
    conjugated = (scale.inv() * J * scale).applyfunc(sympy.expand)
    return conjugated.applyfunc(lambda e: sympy.expand(sympy.radsimp(sympy.expand(e.subs(_C, c)))))


def rates(system: OverlapSystem, point: dict, eta: sympy.Expr = sympy.Integer(0)) -> dict[sympy.Expr, int]:
    """Eigenvalues (rates per unit t = eta alpha) of J(eta) at ``point``; eta = 0 is the small-eta limit."""
    return exact_eigenvalues(jacobian_at(system, point, eta))


def block_rates(system: OverlapSystem, point: dict, eta: sympy.Expr = sympy.Integer(0)) -> dict[str, dict[sympy.Expr, int]]:
    """Eigenvalues of the diagonal blocks of J (rho; Q offdiagonal; Q diagonal), after checking that J is
    block diagonal there (raises ValueError otherwise)."""
    J = jacobian_at(system, point, eta)
    blocks = system.blocks()
    for name, rows in blocks.items():
        others = [i for i in range(J.rows) if i not in rows]
        if any(sympy.simplify(J[i, j]) != 0 for i in rows for j in others):
            raise ValueError(f"the Jacobian couples the {name} block to the others at this point")
    return {name: exact_eigenvalues(J.extract(rows, rows)) for name, rows in blocks.items()}


# -- the plateau at finite eta ---------------------------------------------------------------------


def plateau_norm_polynomial(p: int, pstar: int) -> sympy.Poly:
    """P(q, eta) with dQ_kk/dt = q P(q, eta) at rho = 0, Q = q I (so P = 0 is the plateau norm)."""
    system = overlap_system(p, pstar)
    index = system.variables.index(q_symbol(1, 1))
    expr = (system.f1[index] + system.eta * system.f2[index]).xreplace(plateau_fixed_point(p, pstar, Q_SYMBOL))
    return sympy.Poly(sympy.cancel(sympy.expand(expr) / Q_SYMBOL), Q_SYMBOL, system.eta)


def plateau_norm(p: int, pstar: int, eta: sympy.Expr) -> sympy.Expr:
    """The plateau norm q(eta) at a numeric eta >= 0: the real root of P(q, eta) continuing p/(p+2) (exact)."""
    eta = sympy.nsimplify(eta)
    if not (eta.is_number and eta >= 0):
        raise ValueError(f"eta must be a non-negative number, got {eta}")
    poly = sympy.Poly(plateau_norm_polynomial(p, pstar).as_expr().subs(sympy.Symbol("eta"), eta), Q_SYMBOL)
    roots = [r for r in sympy.real_roots(poly) if r > 0]
    if not roots:
        raise ValueError(f"no positive plateau norm at eta = {eta} (p = {p}, p* = {pstar})")
    target = sympy.Rational(p, p + 2)
    return min(roots, key=lambda r: abs(float(r - target)))


def plateau_norm_series(p: int, pstar: int, order: int = 2) -> sympy.Expr:
    """q(eta) = p/(p+2) + q1 eta + ... + O(eta^order): the implicit root of P(q, eta) = 0, exact coefficients."""
    eta = overlap_system(p, pstar).eta
    P = plateau_norm_polynomial(p, pstar).as_expr()
    coefficients = [sympy.Rational(p, p + 2)]
    for n in range(1, order):
        c = sympy.Symbol("c")
        trial = sum(a * eta**i for i, a in enumerate(coefficients)) + c * eta**n
        expansion = sympy.expand(P.subs(Q_SYMBOL, trial))
        coefficients.append(sympy.solve(expansion.coeff(eta, n), c)[0])
    return sum(a * eta**i for i, a in enumerate(coefficients))


def plateau_block_rates(p: int, pstar: int) -> dict[str, dict[sympy.Expr, int]]:
    """Block rates at rho = 0, Q = q I as expressions in (q, eta): exact at any eta with q = q(eta)."""
    system = overlap_system(p, pstar)
    return block_rates(system, plateau_fixed_point(p, pstar, Q_SYMBOL), system.eta)


def plateau_rate_series(p: int, pstar: int) -> dict[str, dict[sympy.Expr, int]]:
    """The plateau rates at finite eta to first order, rate(eta) = rate(0) + r1 eta + O(eta^2), q = q(eta)."""
    eta = overlap_system(p, pstar).eta
    q = plateau_norm_series(p, pstar, 2)
    out = {}
    for name, values in plateau_block_rates(p, pstar).items():
        out[name] = {}
        for value, count in values.items():
            series = sympy.series(value.subs(Q_SYMBOL, q), eta, 0, 2).removeO()
            out[name][sympy.expand(series)] = out[name].get(sympy.expand(series), 0) + count
    return out


def zero_error_rates(p: int, pstar: int, eta: sympy.Expr | None = None) -> dict[sympy.Expr, int]:
    """Rates at the zero-error fixed point (a fixed point at every eta); ``eta`` None gives them as exact
    functions of the symbol eta, 0 the small-eta limit."""
    system = overlap_system(p, pstar)
    return rates(system, zero_error_fixed_point(p, pstar), system.eta if eta is None else eta)
