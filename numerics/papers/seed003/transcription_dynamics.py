r"""Faithful transcription of seed 003's dynamical claims at the plateau (Section 4.1, Appendix 7.3).

Kept as printed, not corrected; each item carries a verbatim quote (a substring of
003_27ba979bfcd90597.txt modulo whitespace).  Conventions: t = eta alpha (seed 003 main text, weights of
norm sqrt(N)), 1-based indices, ``rho_k_l`` and ``Q_k_j`` (k <= j) from :mod:`derive.model`.

- eq. (9):  the norm-learning ODEs, to O(eps^2) in the small overlaps (rho, Q_{kk'}, k != k');
- eq. (10): their fixed point Qbar = p/(p+2);
- eqs. (11), (35): the linear plateau ODEs, rates omega_rho for rho, omega_Q for Q_{kk'} (k != k'), 0 for Q_kk;
- eqs. (12), (36): omega_rho = 8/(p p*), omega_Q = 16/(p(p+2));
- eq. (13): the escape law <(R(0) - R(t))/R(0)> = 4 eps^2 (exp(16 t/p*) - 1)/(1 + 2/p* - p/(p+2));
- App. 7.3: the risk in the plateau region,
  R = [1 + 2/p* - p/(p+2)] + (2/p^2) exp(-2 omega_Q t) sum_{r1 != r2} Q_{r1 r2}^2(0)
      - (4/(p p*)) exp(2 omega_rho t) sum rho^2(0),
  and the rescaled time t~ = t/p of its final formula;
- App. 7.3: the risk evolution R(t), R(0) in mu_0 = N sum rho(0)^2 and tau_0 = N sum_{r1 != r2} Q(0)^2, the
  relative reduction at tau_0 = 0, and its average to leading order in 1/N (in t~ = t/p).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from quadwick.derive.model import q_symbol, rho_symbol

__all__ = [
    "SEED_FILE",
    "P",
    "PSTAR",
    "T",
    "EPSILON",
    "QUOTES",
    "PlateauRates",
    "eq9",
    "eq10_qbar",
    "eq11_rates",
    "eq35_rates",
    "eq12_omegas",
    "eq36_omegas",
    "eq13_relative_reduction",
    "app73_risk",
    "MU0",
    "TAU0",
    "N_DIM",
    "T_TILDE",
    "app73_risk_evolution",
    "app73_relative_reduction",
    "app73_final_reduction",
    "all_quotes",
]

SEED_FILE = "003_27ba979bfcd90597.txt"

P, PSTAR = sympy.symbols("p pstar", positive=True)
T = sympy.Symbol("t", nonnegative=True)
EPSILON = sympy.Symbol("epsilon", positive=True)
# App. 7.3: mu_0 = N sum rho(0)^2, tau_0 = N sum_{r1 != r2} Q(0)^2, the input dimension N, t~ = t/p.
MU0, TAU0 = sympy.symbols("mu_0 tau_0", nonnegative=True)
N_DIM = sympy.Symbol("N", positive=True)
T_TILDE = sympy.Symbol("ttilde", nonnegative=True)

QUOTES: dict[str, str] = {
    "9-rho": (r"\displaystyle\frac{d\rho_{kl}}{dt}=\frac{4}{p}\,\rho_{kl}\Biggl[1+\frac{2}{p^{*}}-\frac{1}{p}"
              r"\left(\sum_{r=1}^{p}Q_{rr}+2Q_{kk}\right)\Biggr]+\mathcal{O}(\epsilon^{2}),&\forall k,l,"),
    "9-Qoff": (r"\frac{dQ_{kk^{\prime}}}{dt}&=\frac{8}{p}\,Q_{kk^{\prime}}\Biggl[1-\frac{1}{p}\left(\sum_{r=1}^{p}"
               r"Q_{rr}+Q_{kk}+Q_{k^{\prime}k^{\prime}}\right)\Biggr]\\ &\quad-\frac{8}{p^{2}}\,Q_{kk^{\prime}}\,"
               r"(Q_{kk}+Q_{k^{\prime}k^{\prime}})+\mathcal{O}(\epsilon^{2}),"),
    "9-Qdiag": (r"\displaystyle\frac{dQ_{kk}}{dt}=\frac{8}{p}\,Q_{kk}\Biggl[1-\frac{1}{p}\left(\sum_{r=1}^{p}Q_{rr}"
                r"+2Q_{kk}\right)\Biggr]+\mathcal{O}(\epsilon^{2}),&\forall k.\end{cases} (9)"),
    "10": r"\bar{Q}=\frac{p}{p+2}. (10)",
    "10-attractive": "converge, on a time scale of order",
    "11-rho": r"\displaystyle\frac{d\rho_{kl}}{dt}=\omega_{\rho}(p,p^{*})\,\rho_{kl}+\mathcal{O}(\epsilon^{2}),",
    "11-Qoff": r"\displaystyle\frac{dQ_{kk^{\prime}}}{dt}=\omega_{Q}(p)\,Q_{kk^{\prime}}+\mathcal{O}(\epsilon^{2}),",
    "11-Qdiag": r"\displaystyle\frac{dQ_{kk}}{dt}=\mathcal{O}(\epsilon^{2}),&\forall\,k\in[1,p],\end{cases} (11)",
    "12": r"\omega_{\rho}(p,p^{*})=\frac{8}{pp^{*}},\qquad\omega_{Q}(p)=\frac{16}{p(p+2)}. (12)",
    "13": (r"\left\langle\frac{\mathcal{R}(0)-\mathcal{R}(t)}{\mathcal{R}(0)}\right\rangle=4\epsilon^{2}"
           r"\frac{\exp\left(16t/p^{*}\right)-1}{\left(1+2/p^{*}-p/(p+2)\right)}. (13)"),
    "35-rho": (r"\displaystyle\frac{d\rho_{kl}}{dt}=\omega_{\rho}(p,p^{*})\rho_{kl}+\mathcal{O}(\epsilon^{2})"
               r"+\mathcal{O}(\eta^{2})\quad\forall k\in[1,p],\forall l\in[1,p^{*}]"),
    "35-Qoff": (r"\displaystyle\frac{dQ_{kk^{\prime}}}{dt}=\omega_{Q}(p)Q_{kk^{\prime}}+\mathcal{O}(\epsilon^{2})"
                r"+\mathcal{O}(\eta^{2})\quad\forall k,k^{\prime}\in[1,p],k\neq k^{\prime}"),
    "35-Qdiag": (r"\displaystyle\frac{dQ_{kk}}{dt}=\mathcal{O}(\epsilon^{2})+\mathcal{O}(\eta^{2});\quad Q_{kk}="
                 r"\bar{Q}+\mathcal{O}(\epsilon^{2})+\mathcal{O}(\eta)\quad\forall k\in[1,p]\\ \end{cases}\,. (35)"),
    "36": r"\omega_{\rho}(p,p^{*})=\frac{8}{pp^{*}},\quad\omega_{Q}(p)=\frac{16}{p(p+2)}. (36)",
    "73-risk": (r"=\left[1+\frac{2}{p^{*}}-\frac{p}{p+2}\right]+\frac{2}{p^{2}}\exp{(-2\omega_{Q}t)}\sum_{r_{1}"
                r"\neq r_{2}}Q_{r_{1}r_{2}}^{2}(0)-\frac{4}{pp^{*}}\exp{(2\omega_{\rho}t})\sum_{r\sigma}"
                r"\rho_{r\sigma}^{2}(0),"),
    "73-rescale": r"rescaling time as t~=t/p\tilde{t}=t/p",
    "73-R(t)": (r"\mathcal{R}(t)=\mathcal{R}(0)-\frac{1}{N}\frac{2\tau_{0}}{p^{2}}[1-\exp{(-2\omega_{Q}t)}]-\frac{1}{N}"
                r"\frac{4\mu_{0}}{pp^{*}}[\exp{(2\omega_{\rho}t)-1}],"),
    "73-R(0)": (r"\mathcal{R}(0)=1+\frac{2}{p^{*}}-\frac{p}{p+2}+\frac{1}{N}\left(\frac{2\tau_{0}}{p^{2}}"
                r"-\frac{4\mu_{0}}{pp^{*}}\right)."),
    "73-relative": (r"\frac{\mathcal{R}(0)-\mathcal{R}(t)}{\mathcal{R}(0)}=\frac{\left(-\frac{4\mu_{0}}{pp^{*}}\right)"
                    r"+\frac{4\mu_{0}}{pp^{*}}\exp\!\left(\frac{16}{pp^{*}}t\right)}{N\!\left(1+\frac{2}{p^{*}}"
                    r"-\frac{p}{p+2}\right)-\frac{4\mu_{0}}{pp^{*}}}."),
    "73-final": (r"\left\langle\frac{\mathcal{R}(0)-\mathcal{R}(t)}{\mathcal{R}(0)}\right\rangle=\frac{4\left("
                 r"e^{\frac{16}{p^{*}}\tilde{t}}-1\right)}{N\left(1+\frac{2}{p^{*}}-\frac{p}{p+2}\right)}"
                 r"+\mathcal{O}\!\left(\frac{1}{N^{2}}\right)."),
}


@dataclass(frozen=True)
class PlateauRates:
    """Linear rates per unit t as printed: d x/dt = rate * x for rho_kl, Q_kk' (k != k'), Q_kk."""

    rho: sympy.Expr
    q_offdiagonal: sympy.Expr
    q_diagonal: sympy.Expr
    quotes: tuple[str, ...]


def _sum_diag(p: int) -> sympy.Expr:
    return sympy.Add(*(q_symbol(r, r) for r in range(1, p + 1)))


def _q(k: int, j: int) -> sympy.Symbol:
    return q_symbol(min(k, j), max(k, j))


def eq9(p: int, pstar: int) -> dict[sympy.Symbol, sympy.Expr]:
    """Eq. (9) as printed at integer (p, p*), without its O(eps^2) remainders: d/dt of every order parameter."""
    total = _sum_diag(p)
    rhs: dict[sympy.Symbol, sympy.Expr] = {}
    for k in range(1, p + 1):
        for l in range(1, pstar + 1):
            rhs[rho_symbol(k, l)] = (sympy.Rational(4, p) * rho_symbol(k, l)
                                     * (1 + sympy.Rational(2, pstar) - sympy.Rational(1, p) * (total + 2 * _q(k, k))))
    for k in range(1, p + 1):
        for j in range(k, p + 1):
            if j == k:
                rhs[_q(k, k)] = sympy.Rational(8, p) * _q(k, k) * (1 - sympy.Rational(1, p) * (total + 2 * _q(k, k)))
            else:
                rhs[_q(k, j)] = (sympy.Rational(8, p) * _q(k, j)
                                 * (1 - sympy.Rational(1, p) * (total + _q(k, k) + _q(j, j)))
                                 - sympy.Rational(8, p**2) * _q(k, j) * (_q(k, k) + _q(j, j)))
    return {name: sympy.expand(value) for name, value in rhs.items()}


def eq10_qbar(p: sympy.Expr = P) -> sympy.Expr:
    """Eq. (10): Qbar = p/(p+2)."""
    p = sympy.sympify(p)
    return p / (p + 2)


def eq12_omegas(p: sympy.Expr = P, pstar: sympy.Expr = PSTAR) -> tuple[sympy.Expr, sympy.Expr]:
    """Eq. (12): (omega_rho, omega_Q) = (8/(p p*), 16/(p(p+2)))."""
    p, pstar = sympy.sympify(p), sympy.sympify(pstar)
    return 8 / (p * pstar), 16 / (p * (p + 2))


def eq36_omegas(p: sympy.Expr = P, pstar: sympy.Expr = PSTAR) -> tuple[sympy.Expr, sympy.Expr]:
    """Eq. (36): the same pair as eq. (12), printed again in App. 7.3."""
    p, pstar = sympy.sympify(p), sympy.sympify(pstar)
    return 8 / (p * pstar), 16 / (p * (p + 2))


def eq11_rates(p: sympy.Expr = P, pstar: sympy.Expr = PSTAR) -> PlateauRates:
    """Eq. (11) as printed: d rho/dt = omega_rho rho, d Q_kk'/dt = + omega_Q Q_kk', d Q_kk/dt = O(eps^2)."""
    omega_rho, omega_q = eq12_omegas(p, pstar)
    return PlateauRates(omega_rho, omega_q, sympy.Integer(0),
                        (QUOTES["11-rho"], QUOTES["11-Qoff"], QUOTES["11-Qdiag"], QUOTES["12"]))


def eq35_rates(p: sympy.Expr = P, pstar: sympy.Expr = PSTAR) -> PlateauRates:
    """Eq. (35) as printed (the same rates as eq. (11), with O(eta^2) remainders and Q_kk = Qbar + O(eta))."""
    omega_rho, omega_q = eq36_omegas(p, pstar)
    return PlateauRates(omega_rho, omega_q, sympy.Integer(0),
                        (QUOTES["35-rho"], QUOTES["35-Qoff"], QUOTES["35-Qdiag"], QUOTES["36"]))


def eq13_relative_reduction(p: sympy.Expr = P, pstar: sympy.Expr = PSTAR, t: sympy.Expr = T,
                            epsilon: sympy.Expr = EPSILON) -> sympy.Expr:
    """Eq. (13): 4 eps^2 (exp(16 t/p*) - 1)/(1 + 2/p* - p/(p+2))."""
    p, pstar = sympy.sympify(p), sympy.sympify(pstar)
    return 4 * epsilon**2 * (sympy.exp(16 * t / pstar) - 1) / (1 + 2 / pstar - p / (p + 2))


def app73_risk(p: sympy.Expr = P, pstar: sympy.Expr = PSTAR, t: sympy.Expr = T,
               sum_q2: sympy.Expr = sympy.Symbol("sum_Qoff2"),
               sum_rho2: sympy.Expr = sympy.Symbol("sum_rho2")) -> sympy.Expr:
    """App. 7.3: R(t) in the plateau region; ``sum_q2`` = sum_{r1 != r2} Q_{r1 r2}(0)^2, ``sum_rho2`` = sum rho(0)^2."""
    p, pstar = sympy.sympify(p), sympy.sympify(pstar)
    omega_rho, omega_q = eq36_omegas(p, pstar)
    return ((1 + 2 / pstar - p / (p + 2)) + 2 / p**2 * sympy.exp(-2 * omega_q * t) * sum_q2
            - 4 / (p * pstar) * sympy.exp(2 * omega_rho * t) * sum_rho2)


def app73_risk_evolution(p: sympy.Expr = P, pstar: sympy.Expr = PSTAR, t: sympy.Expr = T) -> tuple[sympy.Expr, sympy.Expr]:
    """App. 7.3 as printed: (R(t), R(0)) with mu_0, tau_0 and N,

    R(t) = R(0) - (1/N)(2 tau_0/p^2)[1 - exp(-2 omega_Q t)] - (1/N)(4 mu_0/(p p*))[exp(2 omega_rho t) - 1],
    R(0) = 1 + 2/p* - p/(p+2) + (1/N)(2 tau_0/p^2 - 4 mu_0/(p p*)).
    """
    p, pstar = sympy.sympify(p), sympy.sympify(pstar)
    omega_rho, omega_q = eq36_omegas(p, pstar)
    risk0 = 1 + 2 / pstar - p / (p + 2) + (2 * TAU0 / p**2 - 4 * MU0 / (p * pstar)) / N_DIM
    risk_t = (risk0 - 2 * TAU0 / (N_DIM * p**2) * (1 - sympy.exp(-2 * omega_q * t))
              - 4 * MU0 / (N_DIM * p * pstar) * (sympy.exp(2 * omega_rho * t) - 1))
    return risk_t, risk0


def app73_relative_reduction(p: sympy.Expr = P, pstar: sympy.Expr = PSTAR, t: sympy.Expr = T) -> sympy.Expr:
    """App. 7.3 as printed, tau_0 = 0: (R(0) - R(t))/R(0)
    = [-4 mu_0/(p p*) + (4 mu_0/(p p*)) exp(16 t/(p p*))] / [N (1 + 2/p* - p/(p+2)) - 4 mu_0/(p p*)]."""
    p, pstar = sympy.sympify(p), sympy.sympify(pstar)
    c = 4 * MU0 / (p * pstar)
    return (-c + c * sympy.exp(16 * t / (p * pstar))) / (N_DIM * (1 + 2 / pstar - p / (p + 2)) - c)


def app73_final_reduction(p: sympy.Expr = P, pstar: sympy.Expr = PSTAR, t_tilde: sympy.Expr = T_TILDE) -> sympy.Expr:
    """App. 7.3's last formula without its O(1/N^2): 4 (exp(16 t~/p*) - 1) / (N (1 + 2/p* - p/(p+2)))."""
    p, pstar = sympy.sympify(p), sympy.sympify(pstar)
    return 4 * (sympy.exp(16 * t_tilde / pstar) - 1) / (N_DIM * (1 + 2 / pstar - p / (p + 2)))


def all_quotes() -> list[str]:
    """Every quote of this module (for the fidelity test against the seed text)."""
    return list(QUOTES.values())
