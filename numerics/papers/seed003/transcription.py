r"""Faithful SymPy transcriptions of seed 003 (Bocchi et al. 2026).

Equations transcribed exactly as printed in /work/shared/seeds/003_27ba979bfcd90597.txt, even where they
may contain typos; the transcriptions are compared with quadwick's own derivation and any disagreement is
a finding, so nothing here is corrected.

- 003 eq. (23): population risk R(Q, rho).
- 003 eq. (24): gradient G_m = grad_{w_m} R (Appendix 7.2 scaling: |w| = O(1), lambda_k = w_k . x).
- 003 eq. (25): Hessian blocks H_mn = grad_{w_m} grad_{w_n} R (same scaling).
- 003 eq. (33): d rho_{kl} / d alpha.
- 003 eq. (34): d Q_{kk'} / d alpha, split into its O(eta) and O(eta^2) parts.

Conventions: plain SymPy symbols without assumptions, 1-based indices,
``rho_k_l`` (k in 1..p, l in 1..pstar), ``Q_k_j`` with k <= j (Q is symmetric, so Q_{kj} and Q_{jk} are
the same symbol) and ``eta``. Weight vectors are named ``"w_k"`` (student) and ``"wstar_l"`` (teacher);
a vector-valued expression is a dict {vector name: coefficient}, a matrix-valued one is a dict with key
``"I_N"`` for the identity and keys ``(a, b)`` for the outer product a b^T.
A sum written as \sum_{r\neq k} excludes r = k, exactly as printed.

``QUOTES`` holds, for each equation number, a verbatim substring of the seed file (for the multi-line
displays (25) and (34) it spans several lines of the file and so also contains the extraction's plain-text
rendering of the continuation lines).
"""

from numbers import Integral

import sympy as sp

# The project's symbol names (rho_k_l, Q_k_j with k <= j), shared with the engine.
from quadwick.derive.model import q_symbol as Q_symbol
from quadwick.derive.model import rho_symbol

__all__ = [
    "ETA",
    "QUOTES",
    "Q_symbol",
    "rho_symbol",
    "risk_eq23",
    "gradient_eq24",
    "hessian_eq25",
    "ode_rho_eq33",
    "ode_Q_eq34",
]

SEED_FILE = "003_27ba979bfcd90597.txt"

ETA = sp.Symbol("eta")

QUOTES = {
    "23": (
        r"\mathcal{R}=\frac{p^{*}+2}{p^{*}}-\frac{2}{p}\sum_{k=1}^{p}Q_{kk}-\frac{4}{pp^{*}}\sum_{k,l}\rho_{kl}^{2}+\frac{1}{p^{2}}\left[3\sum_{k}Q_{kk}^{2}+2\sum_{k<k^{\prime}}\left(Q_{kk}Q_{k^{\prime}k^{\prime}}+2Q_{kk^{\prime}}^{2}\right)\right]. (23)"
    ),
    "24": (
        r"\displaystyle=\nabla_{\vec{w}_{m}}\mathcal{R}=-\frac{4}{p}\left[\vec{w}_{m}+\frac{2}{p^{*}}\sum_{l}\rho_{ml}\vec{w}^{*}_{l}-\frac{1}{p}\sum_{k}\left(Q_{kk}\vec{w}_{m}+2Q_{km}\vec{w}_{k}\right)\right], (24)"
    ),
    "25": (
        r"\displaystyle=\nabla_{\vec{w}_{m}}\nabla_{\vec{w}_{n}}\mathcal{R}=-\frac{4}{p}\Bigg\{-\frac{2}{p}\left(Q_{nm}\mathbb{I}_{N}+\vec{w}_{n}\vec{w}_{m}^{T}+\vec{w}_{m}\vec{w}_{n}^{T}\right)"
        "\n"
        r"+δmn[(11pkQkk)𝕀N+2plwlwlT2pkwkwkT]}.\displaystyle\quad+\delta_{mn}\left[\left(1-\frac{1}{p}\sum_{k}Q_{kk}\right)\mathbb{I}_{N}+\frac{2}{p^{*}}\sum_{l}\vec{w}^{*}_{l}\vec{w}^{*T}_{l}-\frac{2}{p}\sum_{k}\vec{w}_{k}\vec{w}_{k}^{T}\right]\Bigg\}. (25)"
    ),
    "33": (
        r"\frac{d\rho_{kl}}{d\alpha}=\langle F_{k}u_{l}\rangle=\frac{4\eta}{p}\rho_{kl}\left[1+\frac{2}{p^{*}}-\frac{1}{p}\left(\sum_{r\neq k}^{p}Q_{rr}+3Q_{kk}\right)\right]-\frac{8\eta}{p^{2}}\sum_{r\neq k}^{p}Q_{kr}\rho_{rl}. (33)"
    ),
    "34": (
        r"\displaystyle\frac{dQ_{kk^{\prime}}}{d\alpha} =Fkλk+Fkλk+FkFk\displaystyle=\langle F_{k}\lambda_{k^{\prime}}\rangle+\langle F_{k^{\prime}}\lambda_{k}\rangle+\langle F_{k}F_{k^{\prime}}\rangle (34)"
        "\n"
        r"=8ηpQkk[11p(r=1pQrr+Qkk+Qkk)]+16ηppl=1pρklρkl\displaystyle=\frac{8\eta}{p}Q_{kk^{\prime}}\left[1-\frac{1}{p}\left(\sum_{r=1}^{p}Q_{rr}+Q_{kk}+Q_{k^{\prime}k^{\prime}}\right)\right]+\frac{16\eta}{p\,p^{*}}\sum_{l=1}^{p^{*}}\rho_{kl}\rho_{k^{\prime}l}"
        "\n"
        r"8ηp2rkpQrkQrk8ηp2rkpQrkQrk\displaystyle\quad-\frac{8\eta}{p^{2}}\sum_{r\neq k}^{p}Q_{rk}Q_{rk^{\prime}}-\frac{8\eta}{p^{2}}\sum_{r\neq k^{\prime}}^{p}Q_{rk}Q_{rk^{\prime}}"
        "\n"
        r"+16η2p2{Qkk[1+2p2p1p2(r=1pQrr)21ppr=1pl=1pρrl2]\displaystyle\quad+\frac{16\eta^{2}}{p^{2}}\Bigg\{Q_{kk^{\prime}}\left[1+\frac{2}{p^{*}}-\frac{2p-1}{p^{2}}\left(\sum_{r=1}^{p}Q_{rr}\right)^{2}-\frac{1}{p\,p^{*}}\sum_{r=1}^{p}\sum_{l=1}^{p^{*}}\rho_{rl}^{2}\right]"
        "\n"
        r"+4pl=1pρklρkl+8(p)2l=1pρklρkl\displaystyle\qquad+\frac{4}{p^{*}}\sum_{l=1}^{p^{*}}\rho_{kl}\rho_{k^{\prime}l}+\frac{8}{(p^{*})^{2}}\sum_{l=1}^{p^{*}}\rho_{kl}\rho_{k^{\prime}l}"
        "\n"
        r"+4p2(r=1pQrr)(r=1pQkrQkr)+8p2r1,r2=1pQr1r2Qkr1Qkr2\displaystyle\qquad+\frac{4}{p^{2}}\left(\sum_{r=1}^{p}Q_{rr}\right)\left(\sum_{r=1}^{p}Q_{kr}Q_{k^{\prime}r}\right)+\frac{8}{p^{2}}\sum_{r_{1},r_{2}=1}^{p}Q_{r_{1}r_{2}}Q_{kr_{1}}Q_{k^{\prime}r_{2}}"
        "\n"
        r"4pr=1pQkrQkr4pp(r=1pQrr)(l=1pρklρkl)\displaystyle\qquad-\frac{4}{p}\sum_{r=1}^{p}Q_{kr}Q_{k^{\prime}r}-\frac{4}{p\,p^{*}}\left(\sum_{r=1}^{p}Q_{rr}\right)\left(\sum_{l=1}^{p^{*}}\rho_{kl}\rho_{k^{\prime}l}\right)"
        "\n"
        r"8ppr=1pl=1pρklρrlQkr8ppr=1pl=1pρklρrlQkr}.\displaystyle\qquad-\frac{8}{p\,p^{*}}\sum_{r=1}^{p}\sum_{l=1}^{p^{*}}\rho_{kl}\rho_{rl}Q_{k^{\prime}r}-\frac{8}{p\,p^{*}}\sum_{r=1}^{p}\sum_{l=1}^{p^{*}}\rho_{k^{\prime}l}\rho_{rl}Q_{kr}\Bigg\}."
    ),
}


# ---------------------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------------------


def _check_widths(p, pstar):
    """Return (p, pstar) as SymPy Integers, or raise ValueError if either is not a positive int."""
    for name, value in (("p", p), ("pstar", pstar)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return sp.Integer(int(p)), sp.Integer(int(pstar))


def _w(k):
    return f"w_{k}"


def _wstar(l):
    return f"wstar_{l}"


def _sum(terms):
    """Sum of an iterable of SymPy terms (one Add, cheaper than builtin sum for many terms)."""
    return sp.Add(*terms)


def _add(combination, key, coefficient):
    """Accumulate coefficient * key into a dict-represented linear combination."""
    combination[key] = combination.get(key, sp.Integer(0)) + coefficient


def _scaled(combination, factor):
    """factor * combination, with coefficients expanded and zero coefficients dropped."""
    out = {}
    for key, coefficient in combination.items():
        value = sp.expand(factor * coefficient)
        if value != 0:
            out[key] = value
    return out


# ---------------------------------------------------------------------------------------------------------
# 003 eq. (23): population risk
# ---------------------------------------------------------------------------------------------------------


def risk_eq23(p, pstar):
    r"""Population risk, seed 003 eq. (23).

    .. math::

        \mathcal{R}=\frac{p^{*}+2}{p^{*}}-\frac{2}{p}\sum_{k=1}^{p}Q_{kk}-\frac{4}{pp^{*}}\sum_{k,l}\rho_{kl}^{2}
        +\frac{1}{p^{2}}\left[3\sum_{k}Q_{kk}^{2}+2\sum_{k<k^{\prime}}\left(Q_{kk}Q_{k^{\prime}k^{\prime}}
        +2Q_{kk^{\prime}}^{2}\right)\right]. (23)

    Source: 003 eq. (23) (seed file line 201). Returns a SymPy expression in rho_k_l and Q_k_j.
    """
    P, Ps = _check_widths(p, pstar)
    K, L = range(1, p + 1), range(1, pstar + 1)
    Q, rho = Q_symbol, rho_symbol
    pairs = [(k, kp) for k in K for kp in K if k < kp]
    return (
        (Ps + 2) / Ps
        - 2 / P * _sum(Q(k, k) for k in K)
        - 4 / (P * Ps) * _sum(rho(k, l) ** 2 for k in K for l in L)
        + 1
        / P**2
        * (
            3 * _sum(Q(k, k) ** 2 for k in K)
            + 2 * _sum(Q(k, k) * Q(kp, kp) + 2 * Q(k, kp) ** 2 for k, kp in pairs)
        )
    )


# ---------------------------------------------------------------------------------------------------------
# 003 eq. (24): gradient with respect to the student vectors
# ---------------------------------------------------------------------------------------------------------


def gradient_eq24(p, pstar):
    r"""Gradient of the population risk with respect to w_m, seed 003 eq. (24).

    .. math::

        \mathcal{G}_{m}=\nabla_{\vec{w}_{m}}\mathcal{R}=-\frac{4}{p}\left[\vec{w}_{m}
        +\frac{2}{p^{*}}\sum_{l}\rho_{ml}\vec{w}^{*}_{l}
        -\frac{1}{p}\sum_{k}\left(Q_{kk}\vec{w}_{m}+2Q_{km}\vec{w}_{k}\right)\right], (24)

    Source: 003 eq. (24) (seed file line 205), in the Appendix 7.2 scaling (weights of norm O(1),
    lambda = w . x). Returns {m: {"w_k" or "wstar_l": coefficient}} for m = 1..p; coefficients of the
    same vector are summed (the k = m term of the last sum adds to the w_m coefficient).
    """
    P, Ps = _check_widths(p, pstar)
    K, L = range(1, p + 1), range(1, pstar + 1)
    Q, rho = Q_symbol, rho_symbol
    gradient = {}
    for m in K:
        bracket = {}
        _add(bracket, _w(m), sp.Integer(1))
        for l in L:
            _add(bracket, _wstar(l), 2 / Ps * rho(m, l))
        for k in K:
            _add(bracket, _w(m), -1 / P * Q(k, k))
            _add(bracket, _w(k), -1 / P * 2 * Q(k, m))
        gradient[m] = _scaled(bracket, -4 / P)
    return gradient


# ---------------------------------------------------------------------------------------------------------
# 003 eq. (25): Hessian blocks
# ---------------------------------------------------------------------------------------------------------


def hessian_eq25(p, pstar):
    r"""Hessian blocks of the population risk, seed 003 eq. (25).

    .. math::

        \mathcal{H}_{mn}(\Sigma)=\nabla_{\vec{w}_{m}}\nabla_{\vec{w}_{n}}\mathcal{R}=-\frac{4}{p}\Bigg\{
        -\frac{2}{p}\left(Q_{nm}\mathbb{I}_{N}+\vec{w}_{n}\vec{w}_{m}^{T}+\vec{w}_{m}\vec{w}_{n}^{T}\right)
        +\delta_{mn}\left[\left(1-\frac{1}{p}\sum_{k}Q_{kk}\right)\mathbb{I}_{N}
        +\frac{2}{p^{*}}\sum_{l}\vec{w}^{*}_{l}\vec{w}^{*T}_{l}
        -\frac{2}{p}\sum_{k}\vec{w}_{k}\vec{w}_{k}^{T}\right]\Bigg\}. (25)

    Source: 003 eq. (25) (seed file lines 206-207), Appendix 7.2 scaling. Returns {(m, n): block} for
    all m, n in 1..p, each block a dict with key "I_N" (identity coefficient) and keys (a, b) for the
    outer product a b^T (e.g. ("w_2", "w_1") is w_2 w_1^T); repeated keys are summed (for m = n,
    w_n w_m^T + w_m w_n^T and the k = m term of the last sum all land on ("w_m", "w_m")), zero
    coefficients are dropped.
    """
    P, Ps = _check_widths(p, pstar)
    K, L = range(1, p + 1), range(1, pstar + 1)
    Q = Q_symbol
    blocks = {}
    for m in K:
        for n in K:
            braces = {}
            _add(braces, "I_N", -2 / P * Q(n, m))
            _add(braces, (_w(n), _w(m)), -2 / P)
            _add(braces, (_w(m), _w(n)), -2 / P)
            if m == n:  # delta_{mn}
                _add(braces, "I_N", 1 - 1 / P * _sum(Q(k, k) for k in K))
                for l in L:
                    _add(braces, (_wstar(l), _wstar(l)), 2 / Ps)
                for k in K:
                    _add(braces, (_w(k), _w(k)), -2 / P)
            blocks[(m, n)] = _scaled(braces, -4 / P)
    return blocks


# ---------------------------------------------------------------------------------------------------------
# 003 eq. (33): student-teacher overlap ODE
# ---------------------------------------------------------------------------------------------------------


def ode_rho_eq33(p, pstar):
    r"""Student-teacher overlap ODE, seed 003 eq. (33).

    .. math::

        \frac{d\rho_{kl}}{d\alpha}=\langle F_{k}u_{l}\rangle=\frac{4\eta}{p}\rho_{kl}\left[1+\frac{2}{p^{*}}
        -\frac{1}{p}\left(\sum_{r\neq k}^{p}Q_{rr}+3Q_{kk}\right)\right]
        -\frac{8\eta}{p^{2}}\sum_{r\neq k}^{p}Q_{kr}\rho_{rl}. (33)

    Source: 003 eq. (33) (seed file line 336). Returns {rho_k_l: d rho_kl / d alpha} (p * pstar
    entries, proportional to eta). Both sums exclude r = k, as printed.
    """
    P, Ps = _check_widths(p, pstar)
    K, L = range(1, p + 1), range(1, pstar + 1)
    Q, rho = Q_symbol, rho_symbol
    odes = {}
    for k in K:
        others = [r for r in K if r != k]
        bracket = 1 + 2 / Ps - 1 / P * (_sum(Q(r, r) for r in others) + 3 * Q(k, k))
        for l in L:
            odes[rho(k, l)] = 4 * ETA / P * rho(k, l) * bracket - 8 * ETA / P**2 * _sum(
                Q(k, r) * rho(r, l) for r in others
            )
    return odes


# ---------------------------------------------------------------------------------------------------------
# 003 eq. (34): student-student overlap ODE
# ---------------------------------------------------------------------------------------------------------


def _dQ_order_eta(k, kp, P, Ps, K, L):
    """First two lines of 003 eq. (34) (the terms proportional to eta) for Q_{k k'}."""
    Q, rho = Q_symbol, rho_symbol
    trace_Q = _sum(Q(r, r) for r in K)
    return (
        8 * ETA / P * Q(k, kp) * (1 - 1 / P * (trace_Q + Q(k, k) + Q(kp, kp)))
        + 16 * ETA / (P * Ps) * _sum(rho(k, l) * rho(kp, l) for l in L)
        - 8 * ETA / P**2 * _sum(Q(r, k) * Q(r, kp) for r in K if r != k)
        - 8 * ETA / P**2 * _sum(Q(r, k) * Q(r, kp) for r in K if r != kp)
    )


def _dQ_order_eta2(k, kp, P, Ps, K, L):
    """Braces term of 003 eq. (34), times its prefactor 16 eta^2 / p^2, for Q_{k k'}."""
    Q, rho = Q_symbol, rho_symbol
    trace_Q = _sum(Q(r, r) for r in K)
    rho_rho = _sum(rho(k, l) * rho(kp, l) for l in L)  # sum_l rho_{kl} rho_{k'l}
    QQ = _sum(Q(k, r) * Q(kp, r) for r in K)  # sum_r Q_{kr} Q_{k'r}
    braces = (
        Q(k, kp)
        * (
            1
            + 2 / Ps
            - (2 * P - 1) / P**2 * trace_Q**2
            - 1 / (P * Ps) * _sum(rho(r, l) ** 2 for r in K for l in L)
        )
        + 4 / Ps * rho_rho
        + 8 / Ps**2 * rho_rho
        + 4 / P**2 * trace_Q * QQ
        + 8 / P**2 * _sum(Q(r1, r2) * Q(k, r1) * Q(kp, r2) for r1 in K for r2 in K)
        - 4 / P * QQ
        - 4 / (P * Ps) * trace_Q * rho_rho
        - 8 / (P * Ps) * _sum(rho(k, l) * rho(r, l) * Q(kp, r) for r in K for l in L)
        - 8 / (P * Ps) * _sum(rho(kp, l) * rho(r, l) * Q(k, r) for r in K for l in L)
    )
    return 16 * ETA**2 / P**2 * braces


def ode_Q_eq34(p, pstar):
    r"""Student-student overlap ODE, seed 003 eq. (34), split by order in eta.

    .. math::

        \frac{dQ_{kk^{\prime}}}{d\alpha} =\langle F_{k}\lambda_{k^{\prime}}\rangle
        +\langle F_{k^{\prime}}\lambda_{k}\rangle+\langle F_{k}F_{k^{\prime}}\rangle (34)
        =\frac{8\eta}{p}Q_{kk^{\prime}}\left[1-\frac{1}{p}\left(\sum_{r=1}^{p}Q_{rr}+Q_{kk}
        +Q_{k^{\prime}k^{\prime}}\right)\right]+\frac{16\eta}{p\,p^{*}}\sum_{l=1}^{p^{*}}\rho_{kl}\rho_{k^{\prime}l}
        \quad-\frac{8\eta}{p^{2}}\sum_{r\neq k}^{p}Q_{rk}Q_{rk^{\prime}}
        -\frac{8\eta}{p^{2}}\sum_{r\neq k^{\prime}}^{p}Q_{rk}Q_{rk^{\prime}}
        \quad+\frac{16\eta^{2}}{p^{2}}\Bigg\{Q_{kk^{\prime}}\left[1+\frac{2}{p^{*}}
        -\frac{2p-1}{p^{2}}\left(\sum_{r=1}^{p}Q_{rr}\right)^{2}
        -\frac{1}{p\,p^{*}}\sum_{r=1}^{p}\sum_{l=1}^{p^{*}}\rho_{rl}^{2}\right]
        \qquad+\frac{4}{p^{*}}\sum_{l=1}^{p^{*}}\rho_{kl}\rho_{k^{\prime}l}
        +\frac{8}{(p^{*})^{2}}\sum_{l=1}^{p^{*}}\rho_{kl}\rho_{k^{\prime}l}
        \qquad+\frac{4}{p^{2}}\left(\sum_{r=1}^{p}Q_{rr}\right)\left(\sum_{r=1}^{p}Q_{kr}Q_{k^{\prime}r}\right)
        +\frac{8}{p^{2}}\sum_{r_{1},r_{2}=1}^{p}Q_{r_{1}r_{2}}Q_{kr_{1}}Q_{k^{\prime}r_{2}}
        \qquad-\frac{4}{p}\sum_{r=1}^{p}Q_{kr}Q_{k^{\prime}r}
        -\frac{4}{p\,p^{*}}\left(\sum_{r=1}^{p}Q_{rr}\right)\left(\sum_{l=1}^{p^{*}}\rho_{kl}\rho_{k^{\prime}l}\right)
        \qquad-\frac{8}{p\,p^{*}}\sum_{r=1}^{p}\sum_{l=1}^{p^{*}}\rho_{kl}\rho_{rl}Q_{k^{\prime}r}
        -\frac{8}{p\,p^{*}}\sum_{r=1}^{p}\sum_{l=1}^{p^{*}}\rho_{k^{\prime}l}\rho_{rl}Q_{kr}\Bigg\}.

    Source: 003 eq. (34) (seed file lines 340-347). Returns (order_eta, order_eta2), two dicts keyed by
    Q_k_j (k <= j, p(p+1)/2 entries): order_eta holds the first two lines (proportional to eta),
    order_eta2 the braces term times 16 eta^2 / p^2. Sums over r != k (r != k') exclude that index only,
    as printed; all other sums run over the full range.
    """
    P, Ps = _check_widths(p, pstar)
    K, L = range(1, p + 1), range(1, pstar + 1)
    order_eta, order_eta2 = {}, {}
    for k in K:
        for kp in K:
            if k > kp:
                continue
            key = Q_symbol(k, kp)
            order_eta[key] = _dQ_order_eta(k, kp, P, Ps, K, L)
            order_eta2[key] = _dQ_order_eta2(k, kp, P, Ps, K, L)
    return order_eta, order_eta2
