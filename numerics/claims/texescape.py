r"""Plain text (quotes from the seeds, sentences, names) as LaTeX for pdflatex with T1 fonts, and
quotes of the seeds with their mathematics set as mathematics.

Characters LaTeX has a command for are spelt with it (Greek letters, common mathematical symbols);
any other non-ASCII character is written ``[U+XXXX]`` so that nothing is silently lost.

The seed texts carry mathematics in two ways (``../shared/seeds/README.md``):

- Markdown extractions (seeds 002, 004) delimit it: ``$...$`` inline, ``$$...$$`` displayed.
- LaTeXML extractions (seed 003) write each formula twice, its Unicode rendering and then its LaTeX
  source, undelimited: ``ρkl(0)=0\rho_{kl}(0)=0``. A displayed formula is a line whose cells each
  begin with ``\displaystyle`` (an equation array, one line per row, the number ``(34)`` at the end),
  or a line that is LaTeX source alone. Inline, the source is the run from a command to the end of
  the line, and the rendering before it is the text whose letters and digits match the source's
  (a ``difflib`` ratio of at least ``GARBLE_MATCH``); a formula without a command doubles itself
  (``pp``, ``p=Np=N``).

:func:`quote_latex` sets the source as mathematics and drops the Unicode rendering beside it (the
verbatim quote, rendering included, stays in report.md and claims.json). LaTeX that could break the
document (not ASCII, braces or ``\left``/``\right`` unbalanced) stays text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Optional

__all__ = ["latex_text", "quote_latex", "GARBLE_MATCH"]

# The least difflib ratio between a formula's Unicode rendering and its LaTeX source (letters, digits).
GARBLE_MATCH = 0.75

_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
            "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\~{}"}
_SYMBOLS = {"−": "-", "∗": "*", "′": "'", "…": "...", "–": "--", "—": "---", "’": "'", "‘": "`",
            "“": "``", "”": "''", "≤": r"$\leq$", "≥": r"$\geq$", "≠": r"$\neq$", "≈": r"$\approx$",
            "∼": r"$\sim$", "∑": r"$\sum$", "∈": r"$\in$", "∞": r"$\infty$", "→": r"$\to$", "⊤": r"$\top$",
            "·": r"$\cdot$", "×": r"$\times$", "∥": r"$\|$", "‖": r"$\|$", "∇": r"$\nabla$",
            "∂": r"$\partial$", "√": r"$\surd$", "⟨": r"$\langle$", "⟩": r"$\rangle$", "±": r"$\pm$",
            "≡": r"$\equiv$", "ℓ": r"$\ell$", "é": r"\'e", "ı": r"\i{}", "ğ": r"\u{g}"}
# Unicode names the Greek letters after the modern spelling where TeX does not.
_UNICODE_SPELLING = {"LAMDA": "LAMBDA"}
_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}


def _latex_character(character: str) -> str:
    """One character of plain text as LaTeX (T1 encoding, no Unicode input assumed)."""
    if character in _SPECIAL:
        return _SPECIAL[character]
    if character.isascii():
        return character
    if character in _SYMBOLS:
        return _SYMBOLS[character]
    name = unicodedata.name(character, "")
    if name.startswith("GREEK SMALL LETTER ") and len(name.split()) == 4:
        letter = _UNICODE_SPELLING.get(name.split()[-1], name.split()[-1]).lower()
        return "$o$" if letter == "omicron" else f"$\\{letter}$"
    if name.startswith("GREEK CAPITAL LETTER ") and len(name.split()) == 4:
        letter = _UNICODE_SPELLING.get(name.split()[-1], name.split()[-1]).capitalize()
        return f"$\\{letter}$" if letter in _GREEK_CAPITALS else unicodedata.normalize("NFKD", letter)[0]
    return f"[U+{ord(character):04X}]"


def latex_text(text: str, breakable: bool = False) -> str:
    r"""Plain text as LaTeX; with ``breakable``, a line may break after any non-alphanumeric character
    (quotes are long runs without spaces).

    >>> latex_text("a_b ≤ 1%")
    'a\\_b $\\leq$ 1\\%'
    """
    pieces = [_latex_character(c) + (r"\allowbreak{}" if breakable and not c.isalnum() else "") for c in text]
    return "".join(pieces)


# ---------------------------------------------------------------------------------------------------------
# Quotes with mathematics
# ---------------------------------------------------------------------------------------------------------

_COMMAND_NAME = re.compile(r"\\([A-Za-z]+)")
_TAG = re.compile(r"\s*\((\d+[a-z]?)\)\s*$")
_DOUBLED = re.compile(r"(?<!\S)(\S+?)\1(?=[\s.,;:]|$)")
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\{[^}]*\}")

# A segment of a quote: ("text", raw text), ("math", LaTeX) inline, or ("display", rows), each row a pair
# (cells, number or None); one cell: the row's formula; two: its left side and the rest.
Segment = tuple


def _balanced(latex: str) -> bool:
    """Braces (not \\{ \\}) and \\left/\\right pairs balanced, never closing before opening."""
    depth = 0
    for match in re.finditer(r"\\[{}]|\\\\|[{}]", latex):
        token = match.group()
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth < 0:
            return False
    return depth == 0 and len(re.findall(r"\\left(?![A-Za-z])", latex)) == len(re.findall(r"\\right(?![A-Za-z])", latex))


_ENV_TOKEN = re.compile(r"\\(begin|end)\{([^}]*)\}|\\displaystyle|\\\\(?:\[[^\]]*\])?|&")


def _top_level(latex: str) -> list[tuple[re.Match, bool]]:
    """Environment tokens, \\displaystyle, row ends and & of ``latex``, each with whether it stands outside
    every environment (an unmatched \\end counts as outside)."""
    found, depth = [], 0
    for match in _ENV_TOKEN.finditer(latex):
        if match.group(1) == "end" and depth:
            depth -= 1
            found.append((match, False))
            continue
        found.append((match, depth == 0 and match.group(1) != "begin" or match.group(1) == "end"))
        depth += match.group(1) == "begin"
    return found


def _repair(cell: str) -> str:
    """A cell cut from inside an environment (cases): its unmatched \\end dropped, its & and row ends
    outside every environment set as a space."""
    pieces, start = [], 0
    for match, outside in _top_level(cell):
        if outside and match.group() != r"\displaystyle":
            pieces += [cell[start:match.start()], "" if match.group(1) else r"\quad "]
            start = match.end()
    return ("".join(pieces) + cell[start:]).strip()


def _is_math(latex: str) -> bool:
    """LaTeX that can be set as mathematics without risk to the document."""
    environments = [m.group(1) for m in re.finditer(r"\\(begin|end)\{", latex)]
    return (bool(latex.strip()) and latex.isascii() and "$" not in latex and _balanced(latex)
            and environments.count("begin") == environments.count("end"))


def _skeleton(text: str) -> str:
    """Letters and digits of a formula, LaTeX commands dropped but Greek ones spelt as the letter."""

    def command(match: re.Match) -> str:
        try:
            return unicodedata.lookup(f"GREEK SMALL LETTER {_UNICODE_RESPELLING.get(match.group(1), match.group(1)).upper()}")
        except KeyError:
            return ""

    return "".join(c for c in _COMMAND_NAME.sub(command, _ENVIRONMENT.sub("", text)) if c.isalnum())


_UNICODE_RESPELLING = {"lambda": "lamda"}


def _without_rendering(prose: str, source: str) -> str:
    """``prose`` less its end that is the Unicode rendering of the LaTeX ``source`` that follows it."""
    target = _skeleton(source)
    starts = [0] + [m.end() for m in re.finditer(r"\s", prose)]
    best, ratio = None, 0.0
    for start in starts:  # the longest of the best-matching ends
        candidate = _skeleton(prose[start:])
        score = difflib.SequenceMatcher(None, candidate, target, autojunk=False).ratio() if candidate else 0.0
        if score > ratio:
            best, ratio = start, score
    return prose if best is None or ratio < GARBLE_MATCH else prose[:best]


def _doubled_math(prose: str) -> list[Segment]:
    """Text with the LaTeXML inline formulas that double themselves (``pp``, ``p=Np=N``) as mathematics:
    a word ``XX`` where X is one letter or holds a relation or operator."""
    segments: list[Segment] = []
    start = 0
    for match in _DOUBLED.finditer(prose):
        formula = match.group(1)
        if (len(formula) == 1 and formula.isalpha()) or re.search(r"[=<>+^_]", formula):
            segments += [("text", prose[start:match.start()]), ("math", formula)]
            start = match.end()
    return segments + [("text", prose[start:])]


def _display_cells(line: str) -> Optional[tuple[list[str], Optional[str]]]:
    """The cells and number of a LaTeXML display line, or None when the line is not one."""
    tag_match = _TAG.search(line)
    body, tag = (line[:tag_match.start()], tag_match.group(1)) if tag_match else (line, None)
    splits = [m.start() for m, outside in _top_level(body) if outside and m.group() == r"\displaystyle"]
    if splits:
        cells = []
        for start, end in zip(splits, splits[1:] + [len(body)]):
            cell = _repair(body[start + len(r"\displaystyle"):end])
            # The next cell's Unicode rendering follows this one's source after a space.
            foreign = next((i for i, c in enumerate(cell) if not c.isascii()), None)
            if foreign is not None:
                cut = cell.rfind(" ", 0, foreign)
                cell = cell[:cut] if cut > 0 else cell
            cells.append(cell.strip())
        return (cells, tag) if cells and all(_is_math(c) for c in cells) else None
    body = body.strip()
    if body.startswith("\\") and _is_math(body) and _COMMAND_NAME.match(body):
        return [body], tag
    return None


def _latexml_segments(text: str) -> list[Segment]:
    """Segments of an undelimited (LaTeXML) stretch of a quote: display rows grouped, inline formulas."""
    segments: list[Segment] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            segments.append(("text", "\n"))
        display = _display_cells(line)
        if display is not None:
            if segments[-2:-1] and segments[-2][0] == "display" and segments[-1] == ("text", "\n"):
                segments.pop()  # the next row of the display above
                segments.append(("display", segments.pop()[1] + [display]))
            else:
                segments.append(("display", [display]))
            continue
        command = re.search(r"\\[A-Za-z]", line)
        if command is not None and _is_math(line[command.start():]):
            source = line[command.start():]
            prose = _without_rendering(line[:command.start()], source)
            if not prose.strip() and (display := _display_cells(source)) is not None:
                segments.append(("display", [display]))  # a line of rendering and source alone
            else:
                segments += _doubled_math(prose) + [("math", source)]
        else:
            segments += _doubled_math(line)
    return segments


def _segments(quote: str) -> list[Segment]:
    """A quote cut into text, inline mathematics and displays (see the module docstring)."""
    segments: list[Segment] = []
    pieces = re.split(r"(\$\$.+?\$\$|\$.+?\$)", quote, flags=re.S)
    for index, piece in enumerate(pieces):
        if index % 2:
            inner = piece.strip("$").strip()
            if not _is_math(inner):
                segments.append(("text", piece))
            elif piece.startswith("$$"):
                segments.append(("display", [([inner], None)]))
            else:
                segments.append(("math", inner))
        else:
            segments += _latexml_segments(piece)
    return [segment for segment in segments if segment[0] != "text" or segment[1]]


def _display_latex(rows: list[tuple[list[str], Optional[str]]]) -> str:
    """``equation*`` for one formula, else ``align*`` (one row a line, a lone cell on the right)."""
    numbers = [rf" \tag*{{({tag})}}" if tag else "" for _, tag in rows]
    if len(rows) == 1 and len(rows[0][0]) == 1:
        return f"\\begin{{equation*}}\n  {rows[0][0][0]}{numbers[0]}\n\\end{{equation*}}\n"
    lines = [(" & ".join(cells) if len(cells) > 1 else f"& {cells[0]}") + number for (cells, _), number in zip(rows, numbers)]
    return "\\begin{align*}\n  " + " \\\\\n  ".join(lines) + "\n\\end{align*}\n"


def _cut(segments: list[Segment], limit: int) -> list[Segment]:
    """The first segments of a quote, about ``limit`` characters of source (a formula whole, the first
    kept whatever its length; text cut at a word), then " ..."."""
    kept: list[Segment] = []
    used = 0
    for segment in segments:
        size = len(segment[1]) if segment[0] != "display" else sum(len(" ".join(cells)) for cells, _ in segment[1])
        if used + size <= limit or not kept and segment[0] == "math":
            kept.append(segment)
            used += size
            continue
        if segment[0] == "text":
            kept.append(("text", segment[1][:max(limit - used, 0)].rsplit(" ", 1)[0]))
        elif segment[0] == "display" and not kept:
            kept.append(("display", segment[1][:1]))  # its first row
        kept.append(("text", " ..."))
        break
    return kept


def quote_latex(quote: str, limit: Optional[int] = None) -> str:
    r"""A quote of a seed as LaTeX, its mathematics as mathematics (see the module docstring); with
    ``limit``, only its first ``limit`` characters or so (a formula kept whole), on one line.

    >>> quote_latex(r"holds for any size  $K$  of nets")
    'holds for any size  $K$  of nets'
    >>> quote_latex(r"vanish when ρkl(0)=0\rho_{kl}(0)=0")
    'vanish when $\\rho_{kl}(0)=0$'
    >>> print(quote_latex(r"dρkldα=Fkul\frac{d\rho_{kl}}{d\alpha}=\langle F_{k}u_{l}\rangle (6)"))
    \begin{equation*}
      \frac{d\rho_{kl}}{d\alpha}=\langle F_{k}u_{l}\rangle \tag*{(6)}
    \end{equation*}
    <BLANKLINE>
    """
    segments = _segments(quote)
    if limit is not None and len(quote) > limit:
        segments = [("text", " ") if s == ("text", "\n") else s for s in _cut(segments, limit)]
    parts = []
    for segment in segments:
        if segment[0] == "text":
            parts.append(latex_text(segment[1]))
        elif segment[0] == "math":
            parts.append(f"${segment[1]}$")
        else:
            parts.append("\n" + _display_latex(segment[1]))
    return "".join(parts).lstrip("\n")
