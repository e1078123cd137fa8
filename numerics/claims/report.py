r"""The verification report: ``claims.json``, ``report.md`` and ``report.tex``.

A check's :class:`~numerics.claims.runner.Result` becomes a JSON record (:func:`claim_record`); the
three files are rendered from the records alone, so that a report can be rendered again from a
committed claims.json. Every file is a deterministic function of the records (no dates, no
timings), so that the committed report in generated/claims/ can be checked byte for byte.

The Markdown and LaTeX reports open with the counts per verdict and one row per claim, verdict
first; then a section per refuted or inconclusive claim with the quote, the transcription, the
residual and the engine's correct form. The quote is shown verbatim (the LaTeX report spells characters its font lacks as ``[U+XXXX]``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

import sympy

from derive.latex import equation_latex

from ..files import write_text_atomic
from .base import VERDICTS
from .texescape import latex_text
from .runner import Result

__all__ = ["claim_record", "claims_json", "verdict_counts", "summary_table", "report_markdown", "report_latex",
           "report_files", "write_report", "math_display", "Record", "CRASHED"]

CRASHED = "check crashed"
# Sections of their own, in this order, for the verdicts a reader must look at.
DETAILED = ("refuted", "inconclusive", CRASHED)

# One claim's JSON object, as made by claim_record.
Record = dict


def _text(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else sympy.sstr(value)


def _latex(value) -> str | None:
    if value is None:
        return None
    return r"\text{" + latex_text(value) + "}" if isinstance(value, str) else sympy.latex(value)


def claim_record(result: Result) -> Record:
    """The JSON object of one claim: id, source, title, quote, transcription, assumptions, method,
    verdict, evidence. The reports are rendered from these records alone.

    A check that crashed is recorded with verdict ``inconclusive`` and the error in its evidence.
    """
    claim, outcome = result.claim, result.outcome
    if outcome is None:
        verdict, evidence = "inconclusive", {"summary": "The check crashed.", "error": result.error}
    else:
        verdict = outcome.verdict
        evidence = {
            "summary": outcome.summary,
            "values": dict(outcome.values),
            "residual": _text(outcome.residual),
            "residual_latex": _latex(outcome.residual),
            "correct_form": _text(outcome.correct_form),
            "correct_form_latex": _latex(outcome.correct_form),
        }
    return {
        "id": claim.id,
        "source": claim.source,
        "title": claim.title,
        "quote": claim.quote,
        "transcription": {"text": claim.transcription_text, "latex": claim.transcription_latex},
        "assumptions": claim.assumptions,
        "method": claim.method,
        "verdict": verdict,
        "evidence": evidence,
    }


def claims_json(records: Sequence[Record]) -> str:
    """``claims.json``: the list of claim records, UTF-8, two-space indent."""
    return json.dumps(list(records), indent=2, ensure_ascii=False) + "\n"


def _verdict(record: Record) -> str:
    return CRASHED if "error" in record["evidence"] else record["verdict"]


def verdict_counts(records: Sequence[Record]) -> dict[str, int]:
    """Number of claims per verdict (every verdict listed; crashed checks counted apart)."""
    counts = {verdict: 0 for verdict in VERDICTS}
    for record in records:
        counts[_verdict(record)] = counts.get(_verdict(record), 0) + 1
    return counts


def summary_table(results: Sequence[Result]) -> str:
    """Plain-text table for the terminal: verdict, id, source, seconds; then the counts."""
    header = ("verdict", "id", "source", "time")
    rows = [(_verdict(claim_record(r)), r.claim.id, r.claim.source, f"{r.seconds:.2f}s") for r in results]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [header, *rows]]
    counts = verdict_counts([claim_record(r) for r in results])
    return "\n".join(lines + [f"{len(results)} claims: " + ", ".join(f"{n} {v}" for v, n in counts.items())]) + "\n"


# ---------------------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------------------


def _mode(quick: bool) -> str:
    return "quick sizes for the numerical checks" if quick else "full sizes for the numerical checks"


def _markdown_cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def _markdown_details(record: Record) -> list[str]:
    evidence = record["evidence"]
    lines = [f"### {record['id']}: {record['title']}", "",
             f"*{record['source']}*; method: {record['method']}; verdict: **{_verdict(record)}**", "",
             "Quote:", "", "```text", record["quote"].strip(), "```", "",
             "Transcription:", "", "```text", record["transcription"]["text"], "```", ""]
    if record["assumptions"]:
        lines += [f"Assumptions: {record['assumptions']}", ""]
    lines += [f"Evidence: {evidence['summary']}", ""]
    if "error" in evidence:
        return lines + ["```text", evidence["error"].rstrip(), "```", ""]
    lines += [f"- {name}: {value}" for name, value in evidence["values"].items()]
    lines += [""] if evidence["values"] else []
    for heading, key in (("Residual (paper - engine)", "residual"), ("Engine's form", "correct_form")):
        if evidence[key] is not None:
            lines += [f"{heading}:", "", "```text", evidence[key], "```", ""]
    return lines


def report_markdown(records: Sequence[Record], quick: bool) -> str:
    """``report.md``: counts, one table row per claim (verdict first), then the detailed sections."""
    lines = ["# quadwick verification report", "",
             f"{len(records)} claims from the seed papers, checked with {_mode(quick)}.", "",
             "| verdict | claims |", "|---|---|"]
    lines += [f"| {verdict} | {n} |" for verdict, n in verdict_counts(records).items()]
    lines += ["", "## All claims", "", "| verdict | id | source | claim | method |", "|---|---|---|---|---|"]
    lines += [f"| {_verdict(r)} | {r['id']} | {_markdown_cell(r['source'])} | {_markdown_cell(r['title'])} | "
              f"{r['method']} |" for r in records]
    for verdict in DETAILED:
        chosen = [r for r in records if _verdict(r) == verdict]
        if chosen:
            lines += ["", f"## {verdict.capitalize()} claims", ""]
            for record in chosen:
                lines += _markdown_details(record)
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------------------------------------------
# LaTeX
# ---------------------------------------------------------------------------------------------------------

# A relation at brace depth 0 splits a display into its sides; " + " and " - " at depth 0 (SymPy
# spaces binary operators, not a leading minus) split a side into terms.
_OPENERS = re.compile(r"\\left\b|\\begin\{[^}]*\}|\{")
_CLOSERS = re.compile(r"\\right\b|\\end\{[^}]*\}|\}")
_RELATION = re.compile(r" (=|\\leq|\\geq|<|>|\\neq) ")


def _depth_zero(latex: str, pattern: re.Pattern) -> list[re.Match]:
    """Matches of ``pattern`` outside every brace group, \\left-\\right pair and environment."""
    found, depth, index = [], 0, 0
    while index < len(latex):
        if (opener := _OPENERS.match(latex, index)) is not None:
            depth, index = depth + 1, opener.end()
        elif (closer := _CLOSERS.match(latex, index)) is not None:
            depth, index = depth - 1, closer.end()
        elif depth == 0 and (match := pattern.match(latex, index)) is not None:
            found.append(match)
            index = match.end()
        else:
            index += 2 if latex[index] == "\\" else 1
    return found


def _terms(latex: str) -> list[str]:
    """The top-level terms of a LaTeX sum, each with its sign (``-x`` for a subtracted term)."""
    terms, start = [], 0
    for match in _depth_zero(latex, re.compile(r" ([+-]) ")):
        terms.append(latex[start:match.start()])
        start = match.end() - (2 if match.group(1) == "-" else 0)
    terms.append(latex[start:])
    return [term.replace("- ", "-", 1) if term.startswith("- ") else term for term in terms if term]


def math_display(latex: str) -> str:
    """An unnumbered display of a SymPy-printed formula, a long side broken between its terms; a
    sentence (``\\text{...}``) as a paragraph."""
    if latex.startswith(r"\text{") and latex.endswith("}"):
        return latex[len(r"\text{"):-1] + "\n"
    relations = _depth_zero(latex, _RELATION)
    if relations:
        relation = relations[0]
        return equation_latex(None, latex[:relation.start()], _terms(latex[relation.end():]), relation=relation.group(1))
    return equation_latex(None, "", _terms(latex), relation="")


def _verbatim(text: str) -> str:
    return r"{\ttfamily\small\raggedright " + latex_text(text.strip(), breakable=True) + r"\par}"


def _latex_details(record: Record) -> list[str]:
    evidence = record["evidence"]
    parts = [rf"\subsection*{{{latex_text(record['id'])}: {latex_text(record['title'])}}}",
             rf"\emph{{{latex_text(record['source'])}}}; method: {latex_text(record['method'])}; verdict: "
             rf"\textbf{{{latex_text(_verdict(record))}}}.", "",
             r"\paragraph{Quote.}", _verbatim(record["quote"]),
             r"\paragraph{Transcription.}", math_display(record["transcription"]["latex"])]
    if record["assumptions"]:
        parts += [r"\paragraph{Assumptions.} " + latex_text(record["assumptions"])]
    parts += [r"\paragraph{Evidence.} " + latex_text(evidence["summary"])]
    if "error" in evidence:
        return parts + [_verbatim(evidence["error"])]
    if evidence["values"]:
        parts += [r"\begin{itemize}"] + [rf"\item {latex_text(str(k))}: {latex_text(str(v))}"
                                         for k, v in evidence["values"].items()] + [r"\end{itemize}"]
    for heading, key in (("Residual (paper $-$ engine).", "residual_latex"), ("Engine's form.", "correct_form_latex")):
        if evidence[key] is not None:
            parts += [rf"\paragraph{{{heading}}}", math_display(evidence[key])]
    return parts


def report_latex(records: Sequence[Record], quick: bool) -> str:
    """``report.tex``: a standalone document (pdflatex) with the same content as ``report.md``."""
    parts = [r"\documentclass[10pt]{article}", r"\usepackage[a4paper,margin=2cm]{geometry}",
             r"\usepackage[T1]{fontenc}", r"\usepackage{amsmath,amssymb,longtable}", r"\allowdisplaybreaks",
             r"\title{quadwick verification report}", r"\date{}", r"\begin{document}", r"\maketitle",
             f"{len(records)} claims from the seed papers, checked with {_mode(quick)}.", "",
             r"\begin{tabular}{lr}", r"verdict & claims \\ \hline"]
    parts += [rf"{latex_text(verdict)} & {n} \\" for verdict, n in verdict_counts(records).items()]
    parts += [r"\end{tabular}", r"\section*{All claims}",
              r"\begin{longtable}{p{0.14\textwidth}p{0.13\textwidth}p{0.3\textwidth}p{0.34\textwidth}}",
              r"verdict & id & source & claim \\ \hline \endhead"]
    parts += [rf"{latex_text(_verdict(r))} & {latex_text(r['id'], True)} & {latex_text(r['source'], True)} & "
              rf"{latex_text(r['title'])} \\" for r in records]
    parts += [r"\end{longtable}"]
    for verdict in DETAILED:
        chosen = [r for r in records if _verdict(r) == verdict]
        if chosen:
            parts += [rf"\section*{{{latex_text(verdict.capitalize())} claims}}"]
            for record in chosen:
                parts += _latex_details(record)
    parts += [r"\end{document}"]
    return "\n".join(parts) + "\n"


def report_files(records: Sequence[Record], quick: bool) -> dict[str, str]:
    """The three report files by name, rendered from the claim records."""
    return {"claims.json": claims_json(records), "report.md": report_markdown(records, quick),
            "report.tex": report_latex(records, quick)}


def write_report(records: Sequence[Record], folder: Path, quick: bool) -> list[Path]:
    """Write the three report files into ``folder`` (each atomically) and return their paths."""
    return [write_text_atomic(folder / name, text) for name, text in report_files(records, quick).items()]
