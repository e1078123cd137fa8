r"""The verification report: ``claims.json``, ``report.md`` and ``report.tex``.

A check's :class:`~numerics.claims.runner.Result` becomes a JSON record (:func:`claim_record`), and each
paper's coverage table a list of rows (:func:`coverage_records`); the three files are rendered from these
alone, so that a report can be rendered again from a committed claims.json (``{"claims": [...],
"coverage": [...]}``). Every file is a deterministic function of the records (no dates, no timings), so
that the committed report in generated/claims/ can be checked byte for byte.

The Markdown and LaTeX reports open with the findings (one line per ``refuted`` or ``misprint`` claim:
the quote, the residual or counterexample, the reading), then the counts per verdict (definitions apart)
and the negative controls, the coverage table of each paper, one row per claim (verdict first), the scope
notes of claims that hold in the paper's setting only, and a section per misprint, refuted or
inconclusive claim with the quote, the transcription, the readings, the standing hypotheses checked on
the counterexample, the residual, the engine's correct form and the control. The quote is shown verbatim
(the LaTeX report spells characters its font lacks as ``[U+XXXX]``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

import sympy

from quadwick.derive.latex import LINE_BUDGET, _group, equation_latex, printed_width

from ..output.files import write_text_atomic
from .base import FINDINGS, VERDICTS, Section
from .runner import Result
from .texescape import latex_text, quote_latex

__all__ = ["claim_record", "coverage_records", "finding_line", "claims_json", "read_claims_json", "verdict_counts",
           "control_counts", "summary_table", "report_markdown", "report_latex", "report_files", "write_report",
           "math_display", "Record", "CRASHED"]

CRASHED = "check crashed"
# Sections of their own, in this order, for the verdicts a reader must look at.
DETAILED = ("misprint", "refuted", "inconclusive", CRASHED)
# Shown where a claim's record states no hypotheses (a seed module not yet read to issue 12's standard).
NO_HYPOTHESES = "Not yet stated for this claim."
# A finding's quote is cut to this many characters on its one line (the full quote is in its section).
QUOTE_EXCERPT = 160

# One claim's JSON object, as made by claim_record; one coverage row, as made by coverage_records.
Record = dict


def _text(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else sympy.sstr(value)


def _latex(value) -> str | None:
    if value is None:
        return None
    return r"\text{" + latex_text(value) + "}" if isinstance(value, str) else sympy.latex(value)


def _control_record(result: Result) -> dict | None:
    claim = result.claim
    if claim.control is None:
        return None
    if result.control is None:
        return {"perturbation": claim.control.perturbation, "verdict": CRASHED, "summary": "The control crashed.",
                "error": result.control_error}
    return {"perturbation": claim.control.perturbation, "verdict": result.control.verdict,
            "summary": result.control.summary}


def claim_record(result: Result) -> Record:
    """The JSON object of one claim: id, source, title, quote, transcription, hypotheses (the paper's
    standing ones), assumptions, method, verdict, evidence and control. The reports are rendered from
    these records alone.

    ``evidence`` holds the summary, named values, residual and engine's form (text and LaTeX), the
    finding line, the hypotheses checked on a counterexample, the readings and the scope note;
    ``control`` the perturbation, its verdict and summary (None for a definition). A check that crashed
    is recorded with verdict ``inconclusive`` and the error in its evidence.
    """
    claim, outcome = result.claim, result.outcome
    if outcome is None:
        verdict, evidence = "inconclusive", {"summary": "The check crashed.", "error": result.error}
    else:
        verdict = outcome.verdict
        if claim.is_definition and verdict in ("verified", "verified numerically"):
            verdict = "definition"  # the engine follows the definition: a definition is not a verified claim
        evidence = {
            "summary": outcome.summary,
            "finding": outcome.finding,
            "values": dict(outcome.values),
            "residual": _text(outcome.residual),
            "residual_latex": _latex(outcome.residual),
            "correct_form": _text(outcome.correct_form),
            "correct_form_latex": _latex(outcome.correct_form),
            "hypotheses": [{"hypothesis": c.hypothesis, "holds": c.holds, "how": c.how} for c in outcome.hypotheses],
            "readings": [{"reading": r.reading, "verdict": r.verdict, "evidence": r.evidence} for r in outcome.readings],
            "note": outcome.note,
        }
    return {
        "id": claim.id,
        "source": claim.source,
        "title": claim.title,
        "quote": claim.quote,
        "transcription": {"text": claim.transcription_text, "latex": claim.transcription_latex},
        "hypotheses": list(claim.hypotheses),
        "assumptions": claim.assumptions,
        "method": claim.method,
        "verdict": verdict,
        "evidence": evidence,
        "control": _control_record(result),
    }


def coverage_records(sections: Sequence[Section]) -> list[Record]:
    """The coverage rows as JSON objects: seed, section, claims (ids), not_checked (what and why)."""
    return [{"seed": s.seed, "section": s.section, "claims": list(s.claims), "not_checked": s.not_checked}
            for s in sections]


def claims_json(records: Sequence[Record], coverage: Sequence[Record] = ()) -> str:
    """``claims.json``: ``{"claims": records, "coverage": rows}``, UTF-8, two-space indent."""
    return json.dumps({"claims": list(records), "coverage": list(coverage)}, indent=2, ensure_ascii=False) + "\n"


def read_claims_json(text: str) -> tuple[list[Record], list[Record]]:
    """The claim records and coverage rows of a ``claims.json`` (inverse of :func:`claims_json`)."""
    loaded = json.loads(text)
    return loaded["claims"], loaded["coverage"]


def _verdict(record: Record) -> str:
    return CRASHED if "error" in record["evidence"] else record["verdict"]


def verdict_counts(records: Sequence[Record]) -> dict[str, int]:
    """Number of claims per verdict (every verdict listed, definitions first; crashed checks apart)."""
    counts = {verdict: 0 for verdict in VERDICTS}
    for record in records:
        counts[_verdict(record)] = counts.get(_verdict(record), 0) + 1
    return counts


def control_counts(records: Sequence[Record]) -> tuple[int, int]:
    """(controls refuted, controls run): every control should be refuted."""
    controls = [r["control"] for r in records if r.get("control") is not None]
    return sum(c["verdict"] == "refuted" for c in controls), len(controls)


def _counts_sentence(records: Sequence[Record]) -> str:
    """"147 claims: 14 definitions; of the 133 checked: 90 verified, ... ; controls: 133 of 133 refuted"."""
    counts = verdict_counts(records)
    definitions = counts.pop("definition")
    checked = ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
    refuted, run = control_counts(records)
    return (f"{len(records)} claims: {definitions} definitions; of the {len(records) - definitions} checked: {checked}; "
            f"negative controls: {refuted} of {run} refuted")


# The terminal's reason column: long enough for a residual or a fitted constant, short enough for one line.
REASON_CHARACTERS = 120


def summary_table(results: Sequence[Result]) -> str:
    """Plain-text table for the terminal: verdict, id, source, seconds and the one-line reason
    (:func:`finding_line`, cut to REASON_CHARACTERS); then the counts."""
    header = ("verdict", "id", "source", "time", "reason")
    records = [claim_record(result) for result in results]
    rows = []
    for result, record in zip(results, records):
        reason = " ".join(finding_line(record).split())
        reason = reason if len(reason) <= REASON_CHARACTERS else reason[: REASON_CHARACTERS - 3].rstrip() + "..."
        rows.append((_verdict(record), result.claim.id, result.claim.source, f"{result.seconds:.2f}s", reason))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [header, *rows]]
    return "\n".join(lines + [_counts_sentence(records)]) + "\n"


def _excerpt(quote: str) -> str:
    """The quote on one line, cut at a word boundary to about QUOTE_EXCERPT characters."""
    flat = " ".join(quote.split())
    if len(flat) <= QUOTE_EXCERPT:
        return flat
    return flat[:QUOTE_EXCERPT].rsplit(" ", 1)[0] + " ..."


def _findings(records: Sequence[Record]) -> list[Record]:
    return [r for r in records if _verdict(r) in FINDINGS]


def finding_line(record: Record) -> str:
    """The finding's one line: its own, else the first sentence of the evidence's summary."""
    evidence = record["evidence"]
    return evidence.get("finding") or _SENTENCE_END.split(evidence["summary"], maxsplit=1)[0].rstrip(".") + "."


# A sentence ends at ". " before a capital or an opening bracket, except after the abbreviations the summaries
# use ("eq. (14)", "Sec. 4", "App. 7.3", "Fig. 2", "e.g. (", ...).
_SENTENCE_END = re.compile(r"(?<!\beq)(?<!\beqs)(?<!\bEq)(?<!\bEqs)(?<!\bSec)(?<!\bApp)(?<!\bFig)(?<!\bThm)(?<!\bRef)"
                           r"(?<!\bg)(?<!\be)(?<!\bcf)(?<!\bvs)\.\s+(?=[A-Z(])")


def _scoped(records: Sequence[Record]) -> list[Record]:
    """Claims that hold with a scope note (in the paper's setting only, or in one reading)."""
    return [r for r in records if _verdict(r) not in DETAILED and r["evidence"].get("note")]


# ---------------------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------------------


def _mode(quick: bool) -> str:
    return "quick sizes for the numerical checks" if quick else "full sizes for the numerical checks"


def _markdown_cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def _seed_groups(coverage: Sequence[Record]) -> dict[str, list[Record]]:
    """Coverage rows grouped by seed file, papers in the order they first appear."""
    groups: dict[str, list[Record]] = {}
    for row in coverage:
        groups.setdefault(row["seed"], []).append(row)
    return groups


def _markdown_details(record: Record) -> list[str]:
    evidence, control = record["evidence"], record["control"]
    lines = [f"### {record['id']}: {record['title']}", "",
             f"*{record['source']}*; method: {record['method']}; verdict: **{_verdict(record)}**", "",
             "Quote:", "", "```text", record["quote"].strip(), "```", "",
             "Transcription:", "", "```text", record["transcription"]["text"], "```", ""]
    lines += ["Standing hypotheses of the paper:", ""] + ([f"- {h}" for h in record["hypotheses"]] or [NO_HYPOTHESES]) + [""]
    if record["assumptions"]:
        lines += [f"Assumptions: {record['assumptions']}", ""]
    lines += [f"Evidence: {evidence['summary']}", ""]
    if "error" in evidence:
        return lines + ["```text", evidence["error"].rstrip(), "```", ""]
    if evidence["readings"]:
        lines += ["Readings:", "", "| reading | verdict | evidence |", "|---|---|---|"]
        lines += [f"| {_markdown_cell(r['reading'])} | {r['verdict']} | {_markdown_cell(r['evidence'])} |"
                  for r in evidence["readings"]] + [""]
    if evidence["hypotheses"]:
        lines += ["The counterexample against each standing hypothesis:", "",
                  "| hypothesis | holds | how |", "|---|---|---|"]
        lines += [f"| {_markdown_cell(h['hypothesis'])} | {'yes' if h['holds'] else 'NO'} | {_markdown_cell(h['how'])} |"
                  for h in evidence["hypotheses"]] + [""]
    if evidence["note"]:
        lines += [f"Scope: {evidence['note']}", ""]
    lines += [f"- {name}: {value}" for name, value in evidence["values"].items()]
    lines += [""] if evidence["values"] else []
    for heading, key in (("Residual (paper - engine)", "residual"), ("Engine's form", "correct_form")):
        if evidence[key] is not None:
            lines += [f"{heading}:", "", "```text", evidence[key], "```", ""]
    if control is not None:
        lines += [f"Negative control ({control['perturbation']}): {control['verdict']}. {control['summary']}", ""]
    return lines


def report_markdown(records: Sequence[Record], coverage: Sequence[Record], quick: bool) -> str:
    """``report.md``: findings, counts, coverage per paper, one row per claim, scope notes, details."""
    titles = {r["id"]: r["title"] for r in records}
    lines = ["# quadwick verification report", "",
             f"Claims of the seed papers, read in each paper's own setting and checked with {_mode(quick)}.", "",
             "## Findings", ""]
    findings = _findings(records)
    lines += [f"- **{r['verdict']}** {r['id']} ({_markdown_cell(r['source'])}): \"{_markdown_cell(_excerpt(r['quote']))}\" "
              f"-- {_markdown_cell(finding_line(r))}" for r in findings] or ["None."]
    lines += ["", "## Counts", "", _counts_sentence(records) + ".", "", "| verdict | claims |", "|---|---|"]
    lines += [f"| {verdict} | {n} |" for verdict, n in verdict_counts(records).items()]
    lines += ["", "## Coverage", ""]
    for seed, rows in _seed_groups(coverage).items():
        lines += [f"### {seed}", "", "| section | registered | not checked, and why |", "|---|---|---|"]
        lines += [f"| {_markdown_cell(row['section'])} | "
                  f"{', '.join(row['claims']) or '-'} | {_markdown_cell(row['not_checked']) or '-'} |" for row in rows]
        lines += [""]
    lines += ["## All claims", "", "| verdict | id | source | claim | method | control |", "|---|---|---|---|---|---|"]
    lines += [f"| {_verdict(r)} | {r['id']} | {_markdown_cell(r['source'])} | {_markdown_cell(r['title'])} | "
              f"{r['method']} | {r['control']['verdict'] if r['control'] else '-'} |" for r in records]
    scoped = _scoped(records)
    if scoped:
        lines += ["", "## Scope notes", "", "Claims that hold in the paper's setting, with where they stop holding.", ""]
        lines += [f"- {r['id']} ({_markdown_cell(titles[r['id']])}): {_markdown_cell(r['evidence']['note'])}" for r in scoped]
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


_PSTAR_POWER = re.compile(r"\bpstar\^\{([^{}]*)\}")
_PSTAR = re.compile(r"\bpstar\b")


def math_symbols(latex: str) -> str:
    r"""SymPy's LaTeX with the engine's symbol names as the papers write them: pstar -> p^{*}
    ((pstar)^n -> (p^{*})^{n}); a sum's ``+ -`` (SymPy's matrix sums) as ``-``.

    >>> math_symbols(r"\frac{8}{pstar^{2}} + \sum_{l=1}^{pstar} x")
    '\\frac{8}{\\left(p^{*}\\right)^{2}} + \\sum_{l=1}^{p^{*}} x'
    """
    latex = _PSTAR.sub(lambda _: "p^{*}", _PSTAR_POWER.sub(lambda m: rf"\left(p^{{*}}\right)^{{{m.group(1)}}}", latex))
    return latex.replace(" + - ", " - ")


def _sum_group(latex: str) -> tuple[str, str, str] | None:
    r"""``(before, inside, after)`` of the first ``\left( ... \right)`` at depth 0 of ``latex`` whose inside
    is a sum of at least two terms, or None."""
    depth, index, start = 0, 0, None
    while index < len(latex):
        if depth == 0 and latex.startswith(r"\left(", index):
            start = index
        if (opener := _OPENERS.match(latex, index)) is not None:
            depth, index = depth + 1, opener.end()
        elif (closer := _CLOSERS.match(latex, index)) is not None:
            depth, index = depth - 1, closer.end()
            if depth == 0 and start is not None and latex.startswith(")", index):
                inside = latex[start + len(r"\left("):closer.start()]
                if len(_terms(inside)) > 1:
                    return latex[:start].strip(), inside, latex[index + 1:].strip()
                start = None
        else:
            index += 2 if latex[index] == "\\" else 1
    return None


def _unfold(term: str) -> list[str]:
    r"""A term too wide for a line as several: ``[-]\frac{c (t_1 + t_2 + ...) x}{d}`` becomes
    ``[-]\frac{c}{d} \Bigl[ t_1``, ``t_2``, ..., ``t_n \Bigr] x`` (likewise ``c (t_1 + ...) x`` without
    a fraction), each inner term unfolded again if still too wide; any other term is kept whole."""
    if printed_width(term) <= LINE_BUDGET:
        return [term]
    sign, body = ("-", term[1:].lstrip()) if term.startswith("-") else ("", term)
    numerator, denominator = body, None
    if body.startswith(r"\frac"):
        numerator, end = _group(body, len(r"\frac"))
        denominator, end = _group(body, end)
        if body[end:].strip():
            return [term]
    group = _sum_group(numerator)
    if group is None:
        return [term]
    before, inside, after = group
    prefactor = rf"\frac{{{before or 1}}}{{{denominator}}}" if denominator is not None else before
    inner = [piece for t in _terms(inside) for piece in _unfold(t)]
    inner[0] = f"{sign}{prefactor} \\Bigl[ {inner[0]}".replace("[ -", "[ - ").strip()
    inner[-1] = f"{inner[-1]} \\Bigr] {after}".strip()
    return inner


def math_display(latex: str) -> str:
    """An unnumbered display of a SymPy-printed formula, pstar written p^*, a long side broken between
    its terms (a term too wide for a line opened up, see :func:`_unfold`); a sentence (``\\text{...}``)
    as a paragraph."""
    if latex.startswith(r"\text{") and latex.endswith("}"):
        return latex[len(r"\text{"):-1] + "\n"
    latex = math_symbols(latex)

    def terms(side: str) -> list[str]:
        return [piece for term in _terms(side) for piece in _unfold(term)]

    relations = _depth_zero(latex, _RELATION)
    if relations:
        relation = relations[0]
        return equation_latex(None, latex[:relation.start()], terms(latex[relation.end():]), relation=relation.group(1))
    return equation_latex(None, "", terms(latex), relation="")


def _prose(text: str, breakable: bool = False) -> str:
    """Text of the records (findings, evidence, tables) as LaTeX, the engine's pstar written p*."""
    return latex_text(_PSTAR.sub("p*", text), breakable)


def _quoted(quote: str) -> str:
    """A finding's quote, cut to about QUOTE_EXCERPT characters: in quotation marks, or as a block
    quotation where it holds a displayed formula."""
    excerpt = quote_latex(quote, QUOTE_EXCERPT)
    return rf"\begin{{quote}}{excerpt}\end{{quote}}" if r"\begin{" in excerpt else f"``{excerpt}''"


def _verbatim(text: str) -> str:
    return r"{\ttfamily\small\raggedright " + _prose(text.strip(), breakable=True) + r"\par}"


def _latex_table(columns: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A longtable of plain-text cells (escaped here), the header repeated on each page."""
    return ([rf"\begin{{longtable}}{{{columns}}}", " & ".join(header) + r" \\ \hline \endhead"]
            + [" & ".join(_prose(cell, True) for cell in row) + r" \\" for row in rows] + [r"\end{longtable}"])


def _latex_details(record: Record) -> list[str]:
    evidence, control = record["evidence"], record["control"]
    parts = [rf"\subsection*{{{_prose(record['id'])}: {_prose(record['title'])}}}",
             rf"\emph{{{_prose(record['source'])}}}; method: {_prose(record['method'])}; verdict: "
             rf"\textbf{{{_prose(_verdict(record))}}}.", "",
             r"\paragraph{Quote.}", r"\begin{quote}", quote_latex(record["quote"]), r"\end{quote}",
             r"\paragraph{Transcription.}", math_display(record["transcription"]["latex"]),
             r"\paragraph{Standing hypotheses of the paper.}"]
    if record["hypotheses"]:
        parts += [r"\begin{itemize}"] + [rf"\item {_prose(h)}" for h in record["hypotheses"]] + [r"\end{itemize}"]
    else:
        parts += [NO_HYPOTHESES]
    if record["assumptions"]:
        parts += [r"\paragraph{Assumptions.} " + _prose(record["assumptions"])]
    parts += [r"\paragraph{Evidence.} " + _prose(evidence["summary"])]
    if "error" in evidence:
        return parts + [_verbatim(evidence["error"])]
    if evidence["readings"]:
        parts += [r"\paragraph{Readings.}"] + _latex_table(
            "p{0.3\\textwidth}p{0.13\\textwidth}p{0.47\\textwidth}", ("reading", "verdict", "evidence"),
            [(r["reading"], r["verdict"], r["evidence"]) for r in evidence["readings"]])
    if evidence["hypotheses"]:
        parts += [r"\paragraph{The counterexample against each standing hypothesis.}"] + _latex_table(
            "p{0.35\\textwidth}p{0.06\\textwidth}p{0.49\\textwidth}", ("hypothesis", "holds", "how"),
            [(h["hypothesis"], "yes" if h["holds"] else "NO", h["how"]) for h in evidence["hypotheses"]])
    if evidence["note"]:
        parts += [r"\paragraph{Scope.} " + _prose(evidence["note"])]
    if evidence["values"]:
        parts += [r"\begin{itemize}"] + [rf"\item {_prose(str(k))}: {_prose(str(v))}"
                                         for k, v in evidence["values"].items()] + [r"\end{itemize}"]
    for heading, key in (("Residual (paper $-$ engine).", "residual_latex"), ("Engine's form.", "correct_form_latex")):
        if evidence[key] is not None:
            parts += [rf"\paragraph{{{heading}}}", math_display(evidence[key])]
    if control is not None:
        parts += [rf"\paragraph{{Negative control.}} {_prose(control['perturbation'])}: "
                  rf"\textbf{{{_prose(control['verdict'])}}}. {_prose(control['summary'])}"]
    return parts


def report_latex(records: Sequence[Record], coverage: Sequence[Record], quick: bool) -> str:
    """``report.tex``: a standalone document (pdflatex) with the same content as ``report.md``."""
    parts = [r"\documentclass[10pt]{article}", r"\usepackage[a4paper,margin=2cm]{geometry}",
             r"\usepackage[T1]{fontenc}", r"\usepackage{amsmath,amssymb,longtable,bm}", r"\allowdisplaybreaks",
             # Commands of the quoted papers' sources that need a package pdflatex may lack.
             r"\providecommand{\mathds}[1]{\mathrm{#1\!\!#1}}",
             r"\title{quadwick verification report}", r"\date{}", r"\begin{document}", r"\maketitle",
             f"Claims of the seed papers, read in each paper's own setting and checked with {_mode(quick)}.",
             r"\section*{Findings}"]
    findings = _findings(records)
    if findings:
        parts += [r"\begin{itemize}"]
        parts += [rf"\item \textbf{{{_prose(r['verdict'])}}} {_prose(r['id'], True)} "
                  rf"({_prose(r['source'], True)}): {_quoted(r['quote'])} --- {_prose(finding_line(r))}"
                  for r in findings]
        parts += [r"\end{itemize}"]
    else:
        parts += ["None."]
    parts += [r"\section*{Counts}", _prose(_counts_sentence(records)) + ".", "",
              r"\begin{tabular}{lr}", r"verdict & claims \\ \hline"]
    parts += [rf"{_prose(verdict)} & {n} \\" for verdict, n in verdict_counts(records).items()]
    parts += [r"\end{tabular}", r"\section*{Coverage}"]
    for seed, rows in _seed_groups(coverage).items():
        parts += [rf"\subsection*{{{_prose(seed)}}}"] + _latex_table(
            "p{0.25\\textwidth}p{0.3\\textwidth}p{0.37\\textwidth}", ("section", "registered", "not checked, and why"),
            [(row["section"], ", ".join(row["claims"]) or "-", row["not_checked"] or "-") for row in rows])
    parts += [r"\section*{All claims}"] + _latex_table(
        "p{0.13\\textwidth}p{0.13\\textwidth}p{0.26\\textwidth}p{0.27\\textwidth}p{0.08\\textwidth}",
        ("verdict", "id", "source", "claim", "control"),
        [(_verdict(r), r["id"], r["source"], r["title"], r["control"]["verdict"] if r["control"] else "-")
         for r in records])
    scoped = _scoped(records)
    if scoped:
        parts += [r"\section*{Scope notes}", r"\begin{itemize}"]
        parts += [rf"\item {_prose(r['id'], True)} ({_prose(r['title'])}): {_prose(r['evidence']['note'])}"
                  for r in scoped] + [r"\end{itemize}"]
    for verdict in DETAILED:
        chosen = [r for r in records if _verdict(r) == verdict]
        if chosen:
            parts += [rf"\section*{{{_prose(verdict.capitalize())} claims}}"]
            for record in chosen:
                parts += _latex_details(record)
    parts += [r"\end{document}"]
    return "\n".join(parts) + "\n"


def report_files(records: Sequence[Record], coverage: Sequence[Record], quick: bool) -> dict[str, str]:
    """The three report files by name, rendered from the claim records and coverage rows."""
    return {"claims.json": claims_json(records, coverage), "report.md": report_markdown(records, coverage, quick),
            "report.tex": report_latex(records, coverage, quick)}


def write_report(records: Sequence[Record], coverage: Sequence[Record], folder: Path, quick: bool) -> list[Path]:
    """Write the three report files into ``folder`` (each atomically) and return their paths."""
    return [write_text_atomic(folder / name, text) for name, text in report_files(records, coverage, quick).items()]
