r"""Seed 003's statements about its overlap ODE (eqs. (9)-(13), (35)-(36), App. 7.3) beside the engine's.

Each ``check_*(p, p*)`` returns :class:`Check` objects: a quantity computed exactly from the engine's ODE
(:mod:`numerics.landscape.dynamics`: fixed points, Jacobians, rates) beside the value the paper prints
(:mod:`numerics.papers.seed003.transcription_dynamics`), with the quote. The claims of
:mod:`numerics.papers.seed003.claims` turn them into verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from quadwick.derive.concrete import population_risk
from quadwick.derive.model import q_symbol, rho_symbol
from quadwick.numerics.landscape.dynamics import (Q_SYMBOL, OverlapSystem, block_rates, jacobian_at, overlap_system,
                                         plateau_fixed_point, plateau_norm_polynomial)
from quadwick.numerics.papers.seed003 import transcription_dynamics as paper

__all__ = ["Check", "check_eq9", "check_eq10", "check_eq11_rates", "check_eq12_omegas", "check_eq13_escape",
           "check_app73_risk"]


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
        """paper - computed, simplified (0 when they agree): the claims' sign."""
        return sympy.simplify(self.paper - self.computed)

    @property
    def match(self) -> bool:
        """True when computed and paper agree exactly."""
        return self.residual == 0


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
