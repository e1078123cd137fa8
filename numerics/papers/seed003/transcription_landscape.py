r"""Faithful transcription of seed 003's landscape claims (Section 4.2, Appendix 7.2.2), not corrected.

Each eigenvalue row of the tables of Appendix 7.2.2 ("Eigenvalues distribution for ...") is kept as
printed: its value and multiplicity as SymPy expressions in the symbols ``N``, ``p``, ``pstar`` and a
verbatim quote of the seed text (a substring of 003_27ba979bfcd90597.txt modulo whitespace).  Rows with the
same value are not merged here; the comparison does that.  The totals printed above each group
("pN NEGATIVE EIGENVALUES", ...) and the counting claims of Section 4.2 and eq. (29) are kept too.

Scaling: Appendix 7.2 (lambda_k = w_k . x, |w| ~ 1, teacher rows orthonormal), stated for N >= p >= p*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import sympy

__all__ = [
    "SEED_FILE",
    "N",
    "P",
    "PSTAR",
    "Row",
    "Table",
    "CountClaim",
    "TABLES",
    "COUNT_CLAIMS",
    "EQ29_RANGE_QUOTE",
    "all_quotes",
    "ManifoldClaim",
    "MANIFOLD_CLAIMS",
    "manifold_quotes",
    "R_RANK",
    "S_RANK",
    "StationaryFamily",
    "STATIONARY_FAMILIES",
    "stationary_quotes",
    "HESSIAN_QUOTES",
    "RANK_QUOTE",
    "hessian_tabula_rasa",
    "hessian_plateau",
    "hessian_zero_error",
    "hessian_aligned",
    "hessian_aligned_vector",
    "hessian_quotes",
]

SEED_FILE = "003_27ba979bfcd90597.txt"

N, P, PSTAR = sympy.symbols("N p pstar")
_R = sympy.Rational


@dataclass(frozen=True)
class Row:
    """One printed eigenvalue with its printed multiplicity."""

    value: sympy.Expr
    multiplicity: sympy.Expr
    quote: str


@dataclass(frozen=True)
class Table:
    """An "Eigenvalues distribution" table of Appendix 7.2.2.

    ``totals`` maps "negative" / "null" / "positive" to (printed count, quote of the header).
    ``condition`` is the range the paper states for the table (beyond N >= p >= p*), in words.
    """

    name: str
    title_quote: str
    condition: str
    rows: tuple[Row, ...]
    totals: dict[str, tuple[sympy.Expr, str]]


@dataclass(frozen=True)
class CountClaim:
    """A count of eigenvalues (or a ratio of counts) stated for one table's point."""

    name: str
    table: str
    statement: str
    value: sympy.Expr
    quote: str


TABLES: dict[str, Table] = {
    "tabula-rasa": Table(
        name="tabula-rasa",
        title_quote="Eigenvalues distribution for tablua rasa initialization",
        condition="",
        rows=(
            Row(-_R(4) / P * (1 + 2 / PSTAR), P * PSTAR,
                r"-\frac{4}{p}\left[1+\frac{2}{p^{*}}\right];\ \text{multiplicity $pp^{*}$"),
            Row(-_R(4) / P, P * (N - PSTAR), r"-\frac{4}{p};\ \text{multiplicity $p(N-p^{*})$"),
        ),
        totals={"negative": (P * N, "pNpN NEGATIVE EIGENVALUES")},
    ),
    "plateau": Table(
        name="plateau",
        title_quote="Eigenvalues distribution for the plateau region",
        condition="",
        rows=(
            Row(-_R(8) / (P * PSTAR), P * PSTAR, r"-\frac{8}{pp^{*}};\ \text{multiplicity $pp^{*}$"),
            Row(_R(8) / P, sympy.Integer(1), r"\frac{8}{p};\ \text{multiplicity $1$"),
            Row(_R(16) / (P * (P + 2)), P * (P - 1) / 2 + P - 1,
                r"\frac{16}{p(p+2)};\ \text{multiplicity $\frac{p(p-1)}{2}+p-1$"),
            Row(sympy.Integer(0), P * (N - PSTAR - P), r"\text{multiplicity $p(N-p^{*}-p)$"),
            Row(sympy.Integer(0), P * (P - 1) / 2, r"\text{multiplicity $\frac{p(p-1)}{2}$"),
        ),
        totals={
            "negative": (P * PSTAR, "pppp^{*} NEGATIVE EIGENVALUES"),
            "positive": (P * (P + 1) / 2, "p(p+1)/2p(p+1)/2 POSITIVE EIGENVALUES"),
            "null": (P * (N - PSTAR - P) + P * (P - 1) / 2,
                     "p(Npp)+p(p1)/2p(N-p^{*}-p)+p(p-1)/2 NULL EIGENVALUES"),
        },
    ),
    "zero-error": Table(
        name="zero-error",
        title_quote="Eigenvalues distribution for the solution",
        condition="",
        rows=(
            Row(_R(8) / (P * PSTAR), PSTAR * (N - PSTAR),
                r"\frac{8}{pp^{*}};\ \text{multiplicity $p^{*}(N-p^{*})$"),
            Row(_R(16) / (P * PSTAR), PSTAR * (PSTAR + 1) / 2 - 1,
                r"\frac{16}{pp^{*}};\ \text{multiplicity $p^{*}(p^{*}+1)/2-1$"),
            Row(_R(8) / (P * PSTAR) * (2 + PSTAR), sympy.Integer(1),
                r"\frac{8}{pp^{*}}(2+p^{*});\ \text{multiplicity 1"),
            Row(sympy.Integer(0), (N - PSTAR) * (P - PSTAR), r"\text{multiplicity $(N-p^{*})(p-p^{*})$"),
            Row(sympy.Integer(0), PSTAR * (P - PSTAR), r"\text{multiplicity $p^{*}(p-p^{*})$"),
            Row(sympy.Integer(0), PSTAR * (PSTAR - 1) / 2, r"\text{multiplicity $p^{*}(p^{*}-1)/2$"),
        ),
        totals={
            "positive": (PSTAR * (N - PSTAR) + PSTAR * (PSTAR + 1) / 2,
                         "p(Np)+p(p+1)/2p^{*}(N-p^{*})+p^{*}(p^{*}+1)/2 POSITIVE EIGENVALUES"),
            "null": ((N - PSTAR) * (P - PSTAR) + PSTAR * (P - PSTAR) + PSTAR * (PSTAR - 1) / 2,
                     "(Np)(pp)+p(pp)+p(p1)/2(N-p^{*})(p-p^{*})+p^{*}(p-p^{*})+p^{*}(p^{*}-1)/2 NULL EIGENVALUES"),
        },
    ),
    "aligned": Table(
        name="aligned",
        title_quote=r"Eigenvalues distribution for the all aligned to w1\vec{w}^{*}_{1} region (p>1p^{*}>1)",
        condition="p* > 1",
        rows=(
            Row(-_R(8) * (PSTAR - 1) / (3 * P * PSTAR), (N - PSTAR) * (P - 1),
                r"-\frac{8(p^{*}-1)}{3pp^{*}};\ \text{multiplicity $(N-p^{*})(p-1)$"),
            Row(-_R(8) * (PSTAR + 2) / (3 * P * PSTAR), (PSTAR - 1) * (P - 1),
                r"-\frac{8(p^{*}+2)}{3pp^{*}};\ \text{multiplicity $(p^{*}-1)(p-1)$"),
            Row(_R(8) / (P * PSTAR), N - PSTAR, r"\frac{8}{pp^{*}};\ \text{multiplicity $(N-p^{*})$"),
            Row(_R(8) * (2 + PSTAR) / (P * PSTAR), sympy.Integer(1),
                r"\frac{8(2+p^{*})}{pp^{*}};\ \text{multiplicity $1$"),
            Row(sympy.Integer(0), P - 1, r"\text{multiplicity $p-1$"),
            Row(sympy.Integer(0), PSTAR - 1, r"\text{multiplicity $p^{*}-1$"),
        ),
        totals={
            "negative": ((N - 1) * (P - 1), "(N1)(p1)(N-1)(p-1) NEGATIVE EIGENVALUES"),
            "positive": (N - PSTAR + 1, "Np+1N-p^{*}+1 POSITIVE EIGENVALUE"),
            "null": (P + PSTAR - 2, "p+p2p+p^{*}-2 NULL EIGENVALUES"),
        },
    ),
}

COUNT_CLAIMS: tuple[CountClaim, ...] = (
    CountClaim(
        "eq29", "plateau", "#negative / #null at the plateau (eq. 29)",
        PSTAR / (N - PSTAR - P / 2 - _R(1, 2)),
        r"\frac{\#\lambda_{<0}}{\#\lambda_{=0}}=\frac{p^{*}}{N-p^{*}-p/2-1/2}\ . (29)",
    ),
    CountClaim(
        "sec42-positive", "zero-error", "#positive at the zero-error solutions (Section 4.2)",
        PSTAR * (N - PSTAR) + PSTAR * (PSTAR + 1) / 2,
        "There are p(Np)+p(p+1)/2p^{*}(N-p^{*})+p^{*}(p^{*}+1)/2 positive eigenvalues",
    ),
    CountClaim(
        "sec42-null", "zero-error",
        "#null at the zero-error solutions, tangent + others (Section 4.2)",
        P * PSTAR - PSTAR * (PSTAR + 1) / 2 + (N - PSTAR) * (P - PSTAR),
        "First, it is possible to identify ppp(p+1)/2pp^{*}-p^{*}(p^{*}+1)/2 directions",
    ),
)

# App. 7.2.2 after the plateau table: the ratio "grows with p up to p = N", where it would be p*/(N/2 - p* - 1/2).
EQ29_RANGE_QUOTE = "that grows with pp up to p=Np=N where"


def all_quotes() -> list[str]:
    """Every quote of this module (for the fidelity test against the seed text)."""
    quotes = [EQ29_RANGE_QUOTE] + [claim.quote for claim in COUNT_CLAIMS]
    for table in TABLES.values():
        quotes += [table.title_quote] + [row.quote for row in table.rows]
        quotes += [quote for _, quote in table.totals.values()]
    return quotes


# -- appended: counting claims of Sec. 4.2, App. 7.2.3 and App. 7.5 (zero-error manifold, degrees of freedom) --


@dataclass(frozen=True)
class ManifoldClaim:
    """A count stated by seed 003 as a function of (N, p, p*), with its verbatim quote."""

    name: str
    statement: str
    expression: sympy.Expr
    quote: str

    def value(self, n: int, p: int, pstar: int) -> sympy.Expr:
        """The printed count at integer sizes (min(p*, N) evaluated there)."""
        return self.expression.subs({N: n, P: p, PSTAR: pstar})


_Q_MIN = sympy.Min(PSTAR, N)

MANIFOLD_CLAIMS: dict[str, ManifoldClaim] = {
    "dof": ManifoldClaim(
        "dof", "App. 7.5.1 student degrees of freedom (Np - p(p-1)/2 if p <= N, N(N+1)/2 if p > N)",
        sympy.Piecewise((N * P - P * (P - 1) / 2, P <= N), (N * (N + 1) / 2, True)),
        r"\textit{DOF}=Np-p(p-1)/2,\quad\text{if}\quad p\leq N." + "\n"
        + r"\textit{Student's DOF}=Np-p(p-1)/2+(p-N)(p-N-1)/2=N(N+1)/2."),
    "manifold-dimension": ManifoldClaim(
        "manifold-dimension", "App. 7.5.2 dimension of the zero-error manifold",
        P * (P - 1) / 2 - (P - _Q_MIN) * (P - _Q_MIN - 1) / 2,
        r"\textit{Manifold dimension}=p(p-1)/2-(p-\min(p^{*},N))(p-\min(p^{*},N)-1)/2,"),
    "tangent-family-1": ManifoldClaim(
        "tangent-family-1", "App. 7.2.3 first tangent family (S_perp K) multiplicity p*(p - p*)",
        PSTAR * (P - PSTAR), r"p^{*}(p-p^{*})."),
    "tangent-family-2": ManifoldClaim(
        "tangent-family-2", "App. 7.2.3 second tangent family (S Omega) multiplicity p*(p*-1)/2",
        PSTAR * (PSTAR - 1) / 2, r"\frac{p^{*}(p^{*}-1)}{2}."),
    "tangent-total": ManifoldClaim(
        "tangent-total", "App. 7.2.3 tangent families sum to the manifold dimension p p* - p*(p*+1)/2",
        P * PSTAR - PSTAR * (PSTAR + 1) / 2,
        r"p^{*}(p-p^{*})+\frac{p^{*}(p^{*}-1)}{2}=pp^{*}-\frac{p^{*}(p^{*}+1)}{2},"),
    "non-tangent": ManifoldClaim(
        "non-tangent", "Sec. 4.2 null directions not from the symmetry: (N - p*)(p - p*)",
        (N - PSTAR) * (P - PSTAR),
        r"Second, there are (Np)(pp)(N-p^{*})(p-p^{*}) additional directions associated to null eigenvalues"),
    "sec42-tangent": ManifoldClaim(
        "sec42-tangent", "Sec. 4.2 the p p* - p*(p*+1)/2 null eigenvectors span the tangent space",
        P * PSTAR - PSTAR * (PSTAR + 1) / 2,
        r"these ppp(p+1)/2pp^{*}-p^{*}(p^{*}+1)/2 eigenvectors correspond to the linear perturbations"),
    "manifold-dimension-p-le-N": ManifoldClaim(
        "manifold-dimension-p-le-N", "App. 7.5.2 the manifold dimension 'for p <= N' equals p p* - p*(p*+1)/2",
        P * PSTAR - PSTAR * (PSTAR + 1) / 2,
        r"which for pNp\leq N is equal to:" + "\n\n" + "Manifold dimension=p(p1)/2(pp)(pp1)/2=ppp(p+1)2."
        + r"\textit{Manifold dimension}=p(p-1)/2-(p-p^{*})(p-p^{*}-1)/2=pp^{*}-\frac{p^{*}(p^{*}+1)}{2}."),
    "phase-retrieval": ManifoldClaim(
        "phase-retrieval", "App. 7.5.2 phase retrieval (p* = 1, p >= p*): manifold dimension p - 1",
        P - 1, r"In this case, the manifold dimension, for ppp\geq p^{*}, is simply given by p1p-1."),
}


def manifold_quotes() -> list[str]:
    """Every quote of the appended manifold claims (for the fidelity test against the seed text)."""
    return [line for claim in MANIFOLD_CLAIMS.values() for line in claim.quote.split("\n")]


# -- appended: the stationary-point families of Sec. 4.2, eqs. (26)-(30) ----------------------------------

R_RANK, S_RANK = sympy.symbols("r s")


@dataclass(frozen=True)
class StationaryFamily:
    """A family W = sqrt(alpha) M O^T of stationary points (Sec. 4.2) with the printed alpha and rank.

    ``rank`` is the rank of W (a symbol where the paper lets it range); ``alpha`` the printed squared scale,
    in ``P``, ``PSTAR`` and the rank; ``quote`` the display of the equation.
    """

    name: str
    rank: sympy.Expr
    alpha: sympy.Expr
    quote: str


STATIONARY_FAMILIES: dict[str, StationaryFamily] = {
    # eq. (26): W = 0, Q = 0, rho = 0.
    "tabula-rasa": StationaryFamily(
        "tabula-rasa", sympy.Integer(0), sympy.Integer(0),
        r"Q_{kk^{\prime}}=0,\;\rho_{kl}=0\quad\forall k,k^{\prime}\in[1,p],l\in[1,p^{*}] (26)"),
    # eqs. (27)-(28): W W*^T = 0, W = sqrt(p/(2 + r)) M O^T for every r in [0, p].
    "uncorrelated": StationaryFamily(
        "uncorrelated", R_RANK, P / (2 + R_RANK),
        r"\bm{W}\bm{W}^{*T}=\mathbf{0}. (27)" + "\n\n"
        + r"For any rank r[0,p]r\in[0,p], stationary solutions exist where the student weight matrix takes the form:"
        + "\n\n" + r"𝑾=p2+r𝑴𝑶T,\bm{W}=\sqrt{\frac{p}{2+r}}\bm{M}\bm{O}^{T}, (28)"),
    # eq. (30): W = sqrt(p(2 + p*)/(p*(2 + s))) M W*^T for every s in [0, p*].
    "correlated": StationaryFamily(
        "correlated", S_RANK, P * (2 + PSTAR) / (PSTAR * (2 + S_RANK)),
        r"𝑾=p(2+p)p(2+s)𝑴𝑾T,\bm{W}=\sqrt{\frac{p(2+p^{*})}{p^{*}(2+s)}}\bm{M}\bm{W}^{*T}, (30)"),
}


def stationary_quotes() -> list[str]:
    """Every quote of the appended stationary families (for the fidelity test against the seed text)."""
    return [family.quote for family in STATIONARY_FAMILIES.values()]


# -- appended: the Hessian blocks printed at each stationary point (App. 7.2.2) and the rank of App. 7.5.2 ------
#
# Each function returns {(m, n): block} for the students m, n in 1..p (the paper calls them p, q), a block being a
# dict {"I_N": coefficient, (a, b): coefficient of a b^T} over the vectors "w_k", "wstar_l", as hessian_eq25 of
# numerics.papers.seed003.transcription does; coefficients are summed per key and zero ones dropped.

HESSIAN_QUOTES: dict[str, str] = {
    "tabula-rasa": (
        r"\nabla_{\vec{w}_{p}}\nabla_{\vec{w}_{q}}\mathcal{R}(\{\mathcal{Q}\})=\mathcal{H}_{pq}=-\frac{4}{p}\delta_{qp}"
        r"\left[\mathds{1}_{N}+\frac{2}{p^{*}}\sum_{l=1}^{p^{*}}\vec{w}^{*}_{l}\vec{w}^{*T}_{l}\right]"),
    "plateau": (
        r"\mathcal{H}_{pq}=-\frac{8}{p}\left\{-\frac{1}{p}\left(\vec{w}_{q}\vec{w}_{p}^{T}+\vec{w}_{p}\vec{w}_{q}^{T}"
        r"\right)+\delta_{qp}\left[\frac{1}{p^{*}}\sum_{l=1}^{p^{*}}\vec{w}^{*}_{l}\vec{w}^{*T}_{l}-\frac{1}{p}"
        r"\vec{w}_{k}\vec{w}_{k}^{T}\right]\right\}"),
    "zero-error": (
        r"\mathcal{H}_{pq}=\frac{8}{pp^{*}}\left\{\sum_{l}\mathbb{S}_{ql}\mathbb{S}_{pl}\mathds{1}_{N}+\sum_{l,l^{\prime}}"
        r"\mathbb{S}_{ql}\mathbb{S}_{pl^{\prime}}\left(\vec{w}^{*}_{l}\vec{w}^{*T}_{l^{\prime}}+\vec{w}^{*}_{l^{\prime}}"
        r"\vec{w}^{*T}_{l}\right)\right\}"),
    "aligned": (
        r"\mathcal{H}_{pq}=-\frac{8}{p}\left\{-\frac{1}{p}\vec{Q}_{q}\vec{Q}_{p}\left(\mathds{1}_{N}+2\vec{w}^{*}_{1}"
        r"\vec{w}^{*T}_{1}\right)+\delta_{qp}\left[\frac{p^{*}-1}{3p^{*}}\mathds{1}_{N}+\frac{1}{p^{*}}\sum_{l=1}^{p^{*}}"
        r"\vec{w}^{*}_{l}\vec{w}^{*T}_{l}-\frac{2+p^{*}}{3p^{*}}\vec{w}^{*}_{1}\vec{w}^{*T}_{1}\right]\right\}" + "\n\n"
        r"where we defined the vector Q=(Q11Q22QRR)p\vec{Q}=\begin{pmatrix}\sqrt{Q_{11}}\\ \sqrt{Q_{22}}\\ \vdots\\ "
        r"\sqrt{Q_{RR}}\end{pmatrix}\in\mathbb{R}^{p}"),
}

# App. 7.5.2: a zero-error student, G_Wbar = (p/p*) G_T, "implies that rank(W) = p*".
RANK_QUOTE = (r"G_{\bar{W}}=\bar{W}^{T}\bar{W}=\frac{p}{p^{*}}T^{T}T=\frac{p}{p^{*}}G_{T}" + "\n\n"
              r"which, in particular, implies that rank(W)=p\text{rank}(W)=p^{*}.")

Block = dict[object, sympy.Expr]


def _accumulate(block: Block, key: object, coefficient: sympy.Expr) -> None:
    block[key] = block.get(key, sympy.Integer(0)) + coefficient


def _hessian(p: int, factor: sympy.Expr, braces: Callable[[int, int, Block], None]) -> dict[tuple[int, int], Block]:
    """{(m, n): factor * {...}}: ``braces(m, n, block)`` adds the terms inside the printed braces to ``block``."""
    blocks = {}
    for m in range(1, p + 1):
        for n in range(1, p + 1):
            block: Block = {}
            braces(m, n, block)
            scaled = {key: sympy.expand(factor * value) for key, value in block.items()}
            blocks[(m, n)] = {key: value for key, value in scaled.items() if value != 0}
    return blocks


def _teacher_projector(block: Block, pstar: int, coefficient: sympy.Expr) -> None:
    """Add coefficient * sum_l w*_l w*_l^T."""
    for l in range(1, pstar + 1):
        _accumulate(block, (f"wstar_{l}", f"wstar_{l}"), coefficient)


def hessian_tabula_rasa(p: int, pstar: int) -> dict[tuple[int, int], Block]:
    r"""App. 7.2.2 at W = 0: H_pq = -(4/p) delta_qp [1_N + (2/p*) sum_l w*_l w*_l^T]."""
    def braces(m: int, n: int, block: Block) -> None:
        if m == n:
            _accumulate(block, "I_N", sympy.Integer(1))
            _teacher_projector(block, pstar, sympy.Rational(2, pstar))
    return _hessian(p, sympy.Rational(-4, p), braces)


def hessian_plateau(p: int, pstar: int, sum_over_k: bool = True) -> dict[tuple[int, int], Block]:
    r"""App. 7.2.2 at the plateau: H_pq = -(8/p) {-(1/p)(w_q w_p^T + w_p w_q^T)
    + delta_qp [(1/p*) sum_l w*_l w*_l^T - (1/p) w_k w_k^T]}.

    The printed last term has a free index k. ``sum_over_k`` reads it as sum_k w_k w_k^T (as in eq. (25));
    otherwise k is the block's own student (k = p = q), the only index the term could otherwise refer to.
    """
    def braces(m: int, n: int, block: Block) -> None:
        _accumulate(block, (f"w_{n}", f"w_{m}"), -sympy.Rational(1, p))
        _accumulate(block, (f"w_{m}", f"w_{n}"), -sympy.Rational(1, p))
        if m == n:
            _teacher_projector(block, pstar, sympy.Rational(1, pstar))
            for k in (range(1, p + 1) if sum_over_k else (m,)):
                _accumulate(block, (f"w_{k}", f"w_{k}"), -sympy.Rational(1, p))
    return _hessian(p, sympy.Rational(-8, p), braces)


def hessian_zero_error(S: sympy.Matrix) -> dict[tuple[int, int], Block]:
    r"""App. 7.2.2 at the zero-error point W = sqrt(p/p*) S W*, S (p x p*) with S^T S = 1:
    H_pq = 8/(p p*) {sum_l S_ql S_pl 1_N + sum_{l,l'} S_ql S_pl' (w*_l w*_l'^T + w*_l' w*_l^T)}."""
    p, pstar = S.shape

    def braces(m: int, n: int, block: Block) -> None:  # m = p, n = q of the paper
        _accumulate(block, "I_N", sum(S[n - 1, l] * S[m - 1, l] for l in range(pstar)))
        for l in range(pstar):
            for lp in range(pstar):
                coefficient = S[n - 1, l] * S[m - 1, lp]
                _accumulate(block, (f"wstar_{l + 1}", f"wstar_{lp + 1}"), coefficient)
                _accumulate(block, (f"wstar_{lp + 1}", f"wstar_{l + 1}"), coefficient)
    return _hessian(p, sympy.Rational(8, p * pstar), braces)


def hessian_aligned(pstar: int, Q_diagonal: Sequence[sympy.Expr]) -> dict[tuple[int, int], Block]:
    r"""App. 7.2.2 with every student along w*_1: H_pq = -(8/p) {-(1/p) Q_q Q_p (1_N + 2 w*_1 w*_1^T)
    + delta_qp [(p*-1)/(3p*) 1_N + (1/p*) sum_l w*_l w*_l^T - (2+p*)/(3p*) w*_1 w*_1^T]},
    with the printed vector Q = (sqrt(Q_11), ..., sqrt(Q_pp)); ``Q_diagonal`` = (Q_11, ..., Q_pp)."""
    return hessian_aligned_vector(pstar, [sympy.sqrt(value) for value in Q_diagonal])


def hessian_aligned_vector(pstar: int, Q_vector: Sequence[sympy.Expr]) -> dict[tuple[int, int], Block]:
    r"""The aligned-point blocks of :func:`hessian_aligned` with the vector (Q_1, ..., Q_p) given as it is (the
    printed definition takes Q_q = sqrt(Q_qq); the table's eigenvectors (q_1 w*_1, ..., q_p w*_1) = (w_1, ..., w_p)
    use the signed q_q = w_q . w*_1)."""
    p = len(Q_vector)
    first = ("wstar_1", "wstar_1")

    def braces(m: int, n: int, block: Block) -> None:
        cross = -Q_vector[n - 1] * Q_vector[m - 1] / p
        _accumulate(block, "I_N", cross)
        _accumulate(block, first, 2 * cross)
        if m == n:
            _accumulate(block, "I_N", sympy.Rational(pstar - 1, 3 * pstar))
            _teacher_projector(block, pstar, sympy.Rational(1, pstar))
            _accumulate(block, first, -sympy.Rational(2 + pstar, 3 * pstar))
    return _hessian(p, sympy.Rational(-8, p), braces)


def hessian_quotes() -> list[str]:
    """Every quote of the appended Hessian and rank statements (for the fidelity test against the seed text)."""
    return list(HESSIAN_QUOTES.values()) + [RANK_QUOTE]
