r"""The claim and outcome objects of the verification registry.

A :class:`Claim` is one checkable statement of a seed paper: where it is (seed file and the number the
paper gives), what it says (a verbatim quote of the seed text), what we take it to say (a transcription
in the paper's own convention, as a SymPy object or, for a qualitative statement, a sentence), how it is
checked (``method``) and the check itself, a function returning an :class:`Outcome`.

An :class:`Outcome` holds the verdict and its evidence: for a refuted identity the residual
(transcription minus the engine's result) and the engine's correct form; for an inequality the best value
found and the bound; for an asymptotic claim the fitted constant against the claimed one; for an
inconclusive one, why.

Claims are read as a referee reads them:

* ``Claim.hypotheses`` lists the paper's standing hypotheses (from its setup sections, not only the
  sentence). A ``refuted`` outcome carries ``hypotheses``: one :class:`HypothesisCheck` per standing
  hypothesis, showing that its counterexample satisfies every one of them.
* Where the text admits more than one reading (a misprint, E against E/2, a symbol used two ways), the
  outcome lists its :class:`Reading` s, each with its verdict. ``misprint``: false as printed, while the
  paper's own derivation or later use shows the intended statement, and that one holds. ``refuted``: false
  under every reading consistent with the paper.
* Every claim that is not a definition has a :class:`Control`: the same check run on a deliberately
  altered transcription, whose verdict must be ``refuted`` (a check that cannot fail is a defect).
* Definitions (``method="convention"``) get the verdict ``definition``; their check shows that the
  engine's model follows the definition, and they are counted apart.
* :class:`Section` rows (``COVERAGE`` in each seed module) say, for each section of a paper, what was
  registered and what was judged not checkable and why.

Checks take one argument, ``quick``: when True a numerical check uses smaller sizes (the committed report
and ``quadwick run`` use the quick sizes for the numerical claims only where marked). Checks are plain
module-level functions, so that worker processes can run them by claim id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy

from .texescape import latex_text

__all__ = ["VERDICTS", "FINDINGS", "METHODS", "HypothesisCheck", "Reading", "Outcome", "Control", "Claim", "Section",
           "normalise_whitespace", "identity_outcome"]

VERDICTS = ("definition", "verified", "verified numerically", "misprint", "refuted", "inconclusive")
# The verdicts that are findings against the paper: listed first in the report, one line each.
FINDINGS = ("refuted", "misprint")

METHODS = (
    "convention",  # a definition: checked by deriving what follows from it the engine's way
    "exact symbolic identity",
    "exact evaluation",
    "numerical",
    "Monte Carlo",
    "ODE integration",
    "simulation",
    "asymptotic fit",
    "convex programme",  # a semidefinite or linear programme solved by a well-kept solver (cvxpy, Clarabel)
)

Statement = sympy.Basic | str
Value = float | int | str


@dataclass(frozen=True)
class HypothesisCheck:
    """One standing hypothesis of the paper, and whether (and how we know that) a counterexample meets it.

    >>> HypothesisCheck("teacher rows orthonormal", True, "T = I_2 exactly").holds
    True
    """

    hypothesis: str
    holds: bool
    how: str

    def __post_init__(self) -> None:
        if not self.hypothesis.strip() or not self.how.strip():
            raise ValueError("a hypothesis check names the hypothesis and how it was checked")
        if not isinstance(self.holds, bool):  # a SymPy relation would reach the report as an unserialisable object
            raise TypeError(f"HypothesisCheck.holds must be a bool, got {type(self.holds).__name__} for {self.hypothesis!r}")


@dataclass(frozen=True)
class Reading:
    """One reading a text admits (``"as printed"``, ``"E/2 for E"``), with the verdict under it and why."""

    reading: str
    verdict: str
    evidence: str

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"reading verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if not self.reading.strip() or not self.evidence.strip():
            raise ValueError("a reading says what it reads and the evidence under it")


@dataclass(frozen=True)
class Outcome:
    """Verdict of one check, with its evidence.

    ``summary`` is one or two plain-text sentences a person reads in the report; ``residual`` is
    transcription minus engine (a SymPy expression, or text) for a refuted identity; ``correct_form``
    is the engine's own result where the paper's is wrong; ``values`` holds named numbers (best value
    found, bound, fitted exponent, tolerance, sample size...) in the order they should be shown.

    ``finding`` is the one line the report opens with for a ``refuted`` or ``misprint`` verdict (the
    residual or counterexample and the reading); ``hypotheses`` shows that a counterexample meets every
    standing hypothesis; ``readings`` lists the readings the text admits with the verdict under each;
    ``note`` states the scope (e.g. "holds for p* <= N, the paper's setting; fails beyond").
    """

    verdict: str
    summary: str
    residual: Statement | None = None
    correct_form: Statement | None = None
    values: Mapping[str, Value] = field(default_factory=dict)
    finding: str = ""
    hypotheses: tuple[HypothesisCheck, ...] = ()
    readings: tuple[Reading, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if not self.summary.strip():
            raise ValueError("an outcome needs a summary of its evidence")
        if self.verdict == "misprint":
            verdicts = {reading.verdict for reading in self.readings}
            if "refuted" not in verdicts or not verdicts & {"verified", "verified numerically"}:
                raise ValueError("a misprint lists the printed reading (refuted) and the intended one (verified)")
        if self.verdict == "refuted" and any(reading.verdict != "refuted" for reading in self.readings):
            raise ValueError("refuted means false under every reading; a reading that holds makes it a misprint or "
                             "verified, an undecided one inconclusive")
        # The values go to claims.json: numbers and text that JSON writes (not SymPy or NumPy integer scalars).
        wrong = {name: type(value).__name__ for name, value in self.values.items() if not isinstance(value, (str, int, float))}
        if wrong:
            raise TypeError(f"outcome values must be str, int or float; got {wrong}")


@dataclass(frozen=True)
class Control:
    """The negative control of a check: the same check on a deliberately altered transcription.

    ``perturbation`` says what was altered ("the 8 of eq. (11) replaced by 9", "the exponent -2 replaced by
    -1"); ``check`` runs the altered check and must return a ``refuted`` outcome.
    """

    perturbation: str
    check: Callable[[bool], Outcome]

    def __post_init__(self) -> None:
        if not self.perturbation.strip():
            raise ValueError("a control says what it alters")


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
    ``hypotheses`` are the paper's standing hypotheses that bear on the claim (its setting: from the setup
    sections as well as the sentence); ``control`` is the negative control, required unless the claim is a
    definition (``method="convention"``).
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
    hypotheses: tuple[str, ...] = ()
    control: Control | None = None

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"claim {self.id}: method must be one of {METHODS}, got {self.method!r}")
        if not self.quote.strip():
            raise ValueError(f"claim {self.id}: the quote is empty")
        if isinstance(self.hypotheses, str):
            raise TypeError(f"claim {self.id}: hypotheses is a tuple of sentences, not one string")

    @property
    def is_definition(self) -> bool:
        """A definition (method ``convention``): verdict ``definition``, no control, counted apart."""
        return self.method == "convention"

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


@dataclass(frozen=True)
class Section:
    """One row of a paper's coverage table: a section of the paper, the claims registered from it, and
    what in it was judged not checkable and why (``not_checked``; empty when everything was registered)."""

    seed: str
    section: str
    claims: tuple[str, ...] = ()
    not_checked: str = ""

    def __post_init__(self) -> None:
        if not self.claims and not self.not_checked.strip():
            raise ValueError(f"coverage of {self.seed} {self.section}: no claim registered, so say why")


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
