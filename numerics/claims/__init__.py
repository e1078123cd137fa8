"""Claims: the mechanism that checks a paper's statements (no paper lives here: see numerics.papers).

A :class:`~numerics.claims.base.Claim` holds a quote, a statement, a check returning an
:class:`~numerics.claims.base.Outcome` (one residual sign: paper - engine) and a negative control; a
:class:`~numerics.claims.base.Section` is a row of a paper's coverage table. :mod:`.runner` runs checks (in
worker processes if asked), :mod:`.report` renders records as JSON, Markdown and LaTeX, :mod:`.trend` fits
the trends of statements about growing sizes. The claims themselves are gathered by
:func:`numerics.papers.registry.registry`.
"""

from __future__ import annotations

from .base import (FINDINGS, METHODS, VERDICTS, Claim, Control, HypothesisCheck, Outcome, Reading, Section,
                   identity_outcome, normalise_whitespace)

__all__ = ["METHODS", "VERDICTS", "FINDINGS", "Claim", "Control", "HypothesisCheck", "Outcome", "Reading", "Section",
           "identity_outcome", "normalise_whitespace"]
