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
