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

Exact arithmetic throughout; results that a claims registry can use are :class:`Check` objects (computed
value beside the paper's, with the quote).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy

from derive.concrete import overlap_ode, population_risk
from derive.model import Model, preset, q_symbol, rho_symbol
from numerics.papers.seed003 import transcription_dynamics as paper

from .hessian import exact_eigenvalues
from .points import overlap_values, stationary_point

__all__ = [
    "Q_SYMBOL",
    "OverlapSystem",
    "Check",
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
    "check_eq9",
    "check_eq10",
    "check_eq11_rates",
    "check_eq12_omegas",
    "check_eq13_escape",
    "check_app73_risk",
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


@dataclass(frozen=True)
class Check:
    """A computed quantity beside the paper's value for a claims registry; ``match`` is exact equality."""

    claim: str
    computed: sympy.Expr
    paper: sympy.Expr
    quote: str
    note: str = ""

    @property
    def residual(self) -> sympy.Expr:
        """computed - paper, simplified (0 when they agree)."""
        return sympy.simplify(self.computed - self.paper)

    @property
    def match(self) -> bool:
        """True when computed and paper agree exactly."""
        return self.residual == 0


@lru_cache(maxsize=None)
def overlap_system(p: int, pstar: int) -> OverlapSystem:
    """The engine's overlap ODE for preset('seed003', p, p*), split as dx/dt = f1 + eta f2, with Jacobians."""
    model = preset("seed003", p, pstar)
    ode = overlap_ode(model)
    eta = model.eta
    variables = model.order_parameters
    f1 = sympy.Matrix([sympy.expand(ode.order_eta[v] / eta) for v in variables])
    f2 = sympy.Matrix([sympy.expand(ode.order_eta2.get(v, 0) / eta**2) for v in variables])
    return OverlapSystem(model, variables, f1, f2, f1.jacobian(variables), f2.jacobian(variables))


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


# -- comparisons with seed 003 ---------------------------------------------------------------------


def _small_overlaps_linear(system: OverlapSystem) -> dict[sympy.Symbol, sympy.Expr]:
    """f1 to first order in rho and Q_kj (k != j) around 0, Q_kk kept: the content of eq. (9)."""
    eps = sympy.Symbol("epsilon_small")
    small = {v: eps * v for v in system.variables if v.name.startswith("rho") or v.name.split("_")[1] != v.name.split("_")[2]}
    out = {}
    for v, f in zip(system.variables, system.f1):
        scaled = sympy.expand(f.xreplace(small))
        out[v] = sympy.expand(scaled.coeff(eps, 0) + scaled.coeff(eps, 1))
    return out


def check_eq9(p: int, pstar: int) -> list[Check]:
    """Eq. (9) against the engine's O(eta) ODE linearised in the small overlaps (one Check per variable)."""
    system = overlap_system(p, pstar)
    engine = _small_overlaps_linear(system)
    printed = paper.eq9(p, pstar)
    checks = []
    for v in system.variables:
        kind = "rho" if v.name.startswith("rho") else ("Qdiag" if v.name.split("_")[1] == v.name.split("_")[2] else "Qoff")
        checks.append(Check(f"003 eq. (9) d{v}/dt (p={p}, p*={pstar})", engine[v], printed[v], paper.QUOTES[f"9-{kind}"]))
    return checks


def check_eq10(p: int, pstar: int) -> list[Check]:
    """Eq. (10): the norm fixed point and its attractivity in the norm subsystem of eq. (9).

    Computed: the positive root of dQ_kk/dt = 0 at equal norms (rho = 0, Q offdiagonal 0), and the largest
    eigenvalue of the Q-diagonal block there (negative means attractive; the paper's value is 'negative').
    """
    system = overlap_system(p, pstar)
    P = plateau_norm_polynomial(p, pstar).as_expr().subs(system.eta, 0)
    roots = [r for r in sympy.solve(P, Q_SYMBOL) if r.is_positive]
    diag = block_rates(system, plateau_fixed_point(p, pstar))["Q diagonal"]
    top = max(diag, key=lambda v: float(v))
    return [
        Check(f"003 eq. (10) Qbar (p={p})", roots[0] if len(roots) == 1 else sympy.Tuple(*roots),
              paper.eq10_qbar(sympy.Integer(p)), paper.QUOTES["10"]),
        Check(f"003 eq. (10) Qbar attractive: sign of the largest norm rate (p={p})", sympy.sign(top),
              sympy.Integer(-1), paper.QUOTES["10-attractive"], note=f"norm rates {diag}"),
    ]


def check_eq11_rates(p: int, pstar: int, equation: str = "11") -> list[Check]:
    """Eq. (11) (or (35)): the small-eta rates at the plateau, one per block, against the printed ones.

    The computed rate of a block is its single eigenvalue when the block has one; the Q-diagonal block is
    compared through its coupling to the small overlaps (rho, Q offdiagonal), which the paper states to be
    O(eps^2), i.e. zero at linear order: computed = max |d(dQ_kk/dt)/d(small)|.
    """
    system = overlap_system(p, pstar)
    point = plateau_fixed_point(p, pstar)
    blocks = block_rates(system, point)
    printed = paper.eq11_rates(p, pstar) if equation == "11" else paper.eq35_rates(p, pstar)
    J = jacobian_at(system, point)
    index = system.blocks()
    small = index["rho"] + index["Q offdiagonal"]
    coupling = max((abs(J[i, j]) for i in index["Q diagonal"] for j in small), default=sympy.Integer(0))

    def single(values: dict) -> sympy.Expr:
        return next(iter(values)) if len(values) == 1 else sympy.Tuple(*values)

    return [
        Check(f"003 eq. ({equation}) rate of rho_kl (p={p}, p*={pstar})", single(blocks["rho"]), printed.rho,
              printed.quotes[0]),
        Check(f"003 eq. ({equation}) rate of Q_kk' (p={p}, p*={pstar})", single(blocks["Q offdiagonal"]),
              printed.q_offdiagonal, printed.quotes[1],
              note="the App. 7.3 risk formula uses exp(-2 omega_Q t), i.e. a decaying Q_kk'"),
        Check(f"003 eq. ({equation}) linear coupling of Q_kk to the small overlaps (p={p}, p*={pstar})", coupling,
              printed.q_diagonal, printed.quotes[2], note=f"own norm rates {blocks['Q diagonal']}"),
    ]


def check_eq12_omegas(p: int, pstar: int) -> list[Check]:
    """Eq. (12): omega_rho = growth rate of rho, omega_Q = |rate| of Q_kk' at the plateau (small eta)."""
    blocks = block_rates(overlap_system(p, pstar), plateau_fixed_point(p, pstar))
    omega_rho, omega_q = paper.eq12_omegas(sympy.Integer(p), sympy.Integer(pstar))
    (rate_rho,), (rate_q,) = blocks["rho"], blocks["Q offdiagonal"]
    return [Check(f"003 eq. (12) omega_rho (p={p}, p*={pstar})", rate_rho, omega_rho, paper.QUOTES["12"]),
            Check(f"003 eq. (12) omega_Q = |rate of Q_kk'| (p={p})", abs(rate_q), omega_q, paper.QUOTES["12"])]


def check_eq13_escape(p: int, pstar: int) -> list[Check]:
    """Eq. (13) from the engine: linearised plateau dynamics, rho(0) iid N(0, eps^2), Q_kk'(0) = 0.

    <R(0) - R(t)>/R(0) = -a_rho <sum rho(0)^2> (exp(2 w t) - 1)/R_plateau with a_rho = (1/2) d^2R/d rho_kl^2
    at the plateau, w the rho rate, <sum rho^2> = p p* eps^2.  Returned: the prefactor of eps^2, R_plateau
    and the exponent per unit t~ = t/p (App. 7.3's rescaling), each against (13).
    """
    system = overlap_system(p, pstar)
    point = plateau_fixed_point(p, pstar)
    risk = population_risk(system.model)
    a_rho = sympy.diff(risk, rho_symbol(1, 1), 2).xreplace(point) / 2
    (rate,) = block_rates(system, point)["rho"]
    r_plateau = sympy.nsimplify(risk.xreplace(point))
    P, PS = sympy.Integer(p), sympy.Integer(pstar)
    return [
        Check(f"003 eq. (13) prefactor of eps^2 (p={p}, p*={pstar})", -a_rho * p * pstar, sympy.Integer(4), paper.QUOTES["13"]),
        Check(f"003 eq. (13) denominator R_plateau (p={p}, p*={pstar})", r_plateau, 1 + 2 / PS - P / (P + 2), paper.QUOTES["13"]),
        Check(f"003 eq. (13) exponent per unit t~ = t/p (p={p}, p*={pstar})", 2 * rate * p, 16 / PS, paper.QUOTES["13"],
              note=f"per unit t = eta alpha the exponent is {2 * rate}: (13) writes t for App. 7.3's t~ = t/p"),
    ]


def check_app73_risk(p: int, pstar: int) -> list[Check]:
    """App. 7.3's plateau risk: R_plateau and the second-order coefficients of sum rho^2 and sum_{r1!=r2} Q^2,
    with the exponents 2 x (computed rates) against +2 omega_rho and -2 omega_Q."""
    system = overlap_system(p, pstar)
    point = plateau_fixed_point(p, pstar)
    risk = population_risk(system.model)
    blocks = block_rates(system, point)
    omega_rho, omega_q = paper.eq36_omegas(sympy.Integer(p), sympy.Integer(pstar))
    checks = [Check(f"003 App. 7.3 coefficient of sum rho^2 (p={p}, p*={pstar})",
                    sympy.diff(risk, rho_symbol(1, 1), 2).xreplace(point) / 2, -4 / sympy.Integer(p * pstar),
                    paper.QUOTES["73-risk"]),
              Check(f"003 App. 7.3 exponent of the rho term (p={p}, p*={pstar})", 2 * next(iter(blocks["rho"])),
                    2 * omega_rho, paper.QUOTES["73-risk"])]
    if p > 1:
        # sum_{r1 != r2} Q_{r1 r2}^2 = 2 Q_12^2 + ...: the coefficient of Q_12^2 is twice the printed one.
        checks += [Check(f"003 App. 7.3 coefficient of sum_(r1!=r2) Q^2 (p={p})",
                         sympy.diff(risk, q_symbol(1, 2), 2).xreplace(point) / 4, 2 / sympy.Integer(p**2),
                         paper.QUOTES["73-risk"]),
                   Check(f"003 App. 7.3 exponent of the Q term (p={p})", 2 * next(iter(blocks["Q offdiagonal"])),
                         -2 * omega_q, paper.QUOTES["73-risk"])]
    return checks


def zero_error_rates(p: int, pstar: int, eta: sympy.Expr | None = None) -> dict[sympy.Expr, int]:
    """Rates at the zero-error fixed point (a fixed point at every eta); ``eta`` None gives them as exact
    functions of the symbol eta, 0 the small-eta limit."""
    system = overlap_system(p, pstar)
    return rates(system, zero_error_fixed_point(p, pstar), system.eta if eta is None else eta)
