r"""The claim and outcome objects of the verification registry.

A :class:`Claim` is one checkable statement of a seed paper: where it is (seed file and the number the
paper gives), what it says (a verbatim quote of the seed text), what we take it to say (a transcription
in the paper's own convention, as a SymPy object or, for a qualitative statement, a sentence), how it is
checked (``method``) and the check itself, a function returning an :class:`Outcome`.

An :class:`Outcome` holds the verdict and its evidence: for a refuted identity the residual
(transcription minus the engine's result) and the engine's correct form; for an inequality the best value
found and the bound; for an asymptotic claim the fitted constant against the claimed one; for an
inconclusive one, why.

Checks take one argument, ``quick``: when True a numerical check uses smaller sizes (the committed report
and ``quadwick run`` use the quick sizes for the numerical claims only where marked). Checks are plain
module-level functions, so that worker processes can run them by claim id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy

from .texescape import latex_text

__all__ = ["VERDICTS", "METHODS", "Outcome", "Claim", "normalise_whitespace"]

VERDICTS = ("verified", "verified numerically", "refuted", "inconclusive")

METHODS = (
    "convention",  # a definition: checked by deriving what follows from it the engine's way
    "exact symbolic identity",
    "exact evaluation",
    "numerical",
    "Monte Carlo",
    "ODE integration",
    "simulation",
    "asymptotic fit",
)

Statement = sympy.Basic | str
Value = float | int | str


@dataclass(frozen=True)
class Outcome:
    """Verdict of one check, with its evidence.

    ``summary`` is one or two plain-text sentences a person reads in the report; ``residual`` is
    transcription minus engine (a SymPy expression, or text) for a refuted identity; ``correct_form``
    is the engine's own result where the paper's is wrong; ``values`` holds named numbers (best value
    found, bound, fitted exponent, tolerance, sample size...) in the order they should be shown.
    """

    verdict: str
    summary: str
    residual: Statement | None = None
    correct_form: Statement | None = None
    values: Mapping[str, Value] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if not self.summary.strip():
            raise ValueError("an outcome needs a summary of its evidence")


@dataclass(frozen=True)
class Claim:
    r"""One checkable statement of a seed paper.

    ``id`` is unique in the registry (e.g. ``"003-eq23"``); ``seed`` is the seed file name and
    ``number`` what the paper calls the statement (``"eq. (23)"``, ``"Theorem 2.1 (b)"``), so that
    ``source`` reads ``"003_27ba979bfcd90597.txt eq. (23)"``. ``quote`` is a verbatim substring of the
    seed file, modulo whitespace. ``statement`` is the transcription in the paper's convention (a SymPy
    object, e.g. an ``Eq`` or a relation, or a sentence for a qualitative claim); ``latex`` overrides
    ``sympy.latex(statement)`` where the printed form needs to follow the paper. ``exact`` marks a check
    whose evidence is reproducible byte for byte (symbolic or exact arithmetic, or a fixed-seed
    computation printed to few digits): only those are part of ``quadwick regenerate --check``.
    """

    id: str
    seed: str
    number: str
    title: str
    quote: str
    statement: Statement
    method: str
    check: Callable[[bool], Outcome]
    assumptions: str = ""
    latex: str | None = None
    exact: bool = True

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"claim {self.id}: method must be one of {METHODS}, got {self.method!r}")
        if not self.quote.strip():
            raise ValueError(f"claim {self.id}: the quote is empty")

    @property
    def source(self) -> str:
        """Seed file and the paper's own number, e.g. ``003_27ba979bfcd90597.txt eq. (23)``."""
        return f"{self.seed} {self.number}"

    @property
    def transcription_latex(self) -> str:
        """LaTeX of the transcription (the override, or SymPy's printer, or the sentence as text)."""
        if self.latex is not None:
            return self.latex
        if isinstance(self.statement, str):
            return r"\text{" + latex_text(self.statement) + "}"
        return sympy.latex(self.statement)

    @property
    def transcription_text(self) -> str:
        """Plain-text transcription (SymPy's string printer, or the sentence)."""
        if isinstance(self.statement, str):
            return self.statement
        return sympy.sstr(self.statement)


def normalise_whitespace(text: str) -> str:
    """``text`` with every run of whitespace removed: quotes are compared with the seed modulo whitespace.

    >>> normalise_whitespace("a  b\\n c")
    'abc'
    """
    return "".join(text.split())


def identity_outcome(paper: sympy.Basic, engine: sympy.Basic, what: str) -> Outcome:
    r"""Compare a transcription with the engine's derivation exactly.

    ``paper`` and ``engine`` are SymPy expressions or matrices in the same symbols; the residual
    paper - engine is expanded. Zero: verified. Otherwise refuted, with the residual and the engine's
    form as evidence. ``what`` names the compared objects in the summary.

    >>> x = sympy.Symbol("x")
    >>> identity_outcome((x + 1)**2, x**2 + 2*x + 1, "the square").verdict
    'verified'
    >>> identity_outcome(x**2 + 1, x**2, "the square").residual
    1
    """
    residual = sympy.expand(paper - engine)
    entries = list(residual) if isinstance(residual, sympy.MatrixBase) else [residual]
    if all(entry == 0 for entry in entries):
        return Outcome("verified", f"{what}: the transcription equals the engine's derivation exactly.")
    return Outcome(
        "refuted",
        f"{what}: the transcription differs from the engine's derivation; residual (paper - engine) shown.",
        residual=residual,
        correct_form=engine,
    )
