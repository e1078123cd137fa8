"""Plain text (quotes from the seeds, sentences, names) as LaTeX for pdflatex with T1 fonts.

Characters LaTeX has a command for are spelt with it (Greek letters, common mathematical symbols);
any other non-ASCII character is written ``[U+XXXX]`` so that nothing is silently lost.
"""

from __future__ import annotations

import unicodedata

__all__ = ["latex_text"]

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
