"""report.tex: quotes with their mathematics set as mathematics, p^* for pstar, wide terms broken."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from quadwick.numerics.claims.report import math_display, math_symbols, read_claims_json, report_latex
from quadwick.numerics.claims.texescape import quote_latex

GENERATED = Path(__file__).resolve().parent.parent / "generated" / "claims"
ENGINE = shutil.which("pdflatex")
MATH = re.compile(r"\$[^$]*\$|\\begin\{(equation|align)\*?\}.*?\\end\{\1\*?\}", re.S)


def _records():
    return read_claims_json((GENERATED / "claims.json").read_text())


def _record(records, claim_id):
    return next(r for r in records if r["id"] == claim_id)


def test_latexml_display_rows_become_an_aligned_display_without_the_unicode_rendering():
    records, _ = _records()
    quote = _record(records, "003-eq34-a")["quote"]
    latex = quote_latex(quote)
    assert latex.startswith(r"\begin{align*}") and latex.count(r"\\" + "\n") == 2  # three rows
    assert r"\frac{dQ_{kk^{\prime}}}{d\alpha} & =\langle F_{k}\lambda_{k^{\prime}}\rangle" in latex
    assert r"\tag*{(34)}" in latex and "displaystyle" not in latex
    assert "Fkλk" not in latex and "8ηpQkk" not in latex  # the extraction's Unicode rendering is gone


def test_markdown_math_and_inline_latexml_formulas():
    assert quote_latex(r"with $\nu$ satisfying $2 - 14\nu > 0$ (i.e. 5%)") == r"with $\nu$ satisfying $2 - 14\nu > 0$ (i.e. 5\%)"
    assert quote_latex("has $$x^2 \\leq 1.$$") == "has \n\\begin{equation*}\n  x^2 \\leq 1.\n\\end{equation*}\n"
    assert quote_latex("that grows with pp up to p=Np=N where") == "that grows with $p$ up to $p=N$ where"
    assert quote_latex("as long as p>1p>1, and") == "as long as $p>1$, and"
    assert quote_latex(r"vector Q=(Q11Q22)p\vec{Q}=\begin{pmatrix}Q_{11}\\ Q_{22}\end{pmatrix}") == \
        r"vector $\vec{Q}=\begin{pmatrix}Q_{11}\\ Q_{22}\end{pmatrix}$"
    # No LaTeX source: the text stays text (a paper extracted without formulas).
    assert quote_latex("E(A(t)) ∼ 1/(16t2) as t→∞. (26)") == r"E(A(t)) $\sim$ 1/(16t2) as t$\to$$\infty$. (26)"


def test_unsafe_latex_stays_text():
    assert quote_latex(r"odd $\frac{a}{b$ here") == r"odd \$\textbackslash{}frac\{a\}\{b\$ here"
    assert "$" not in quote_latex(r"x\left(y")  # \left without \right


def test_excerpt_keeps_formulas_whole():
    records, _ = _records()
    excerpt = quote_latex(_record(records, "003-eq34-b")["quote"], 160)
    assert excerpt.count(r"\begin{equation*}") == 1 and excerpt.endswith(" ...")  # the first row only
    assert quote_latex("a b c d e f", 5) == "a b ..."


def test_pstar_is_p_star_in_mathematics():
    assert math_symbols(r"\frac{2}{pstar} + pstar^{2} + \sum_{l=1}^{pstar} x") == \
        r"\frac{2}{p^{*}} + \left(p^{*}\right)^{2} + \sum_{l=1}^{p^{*}} x"
    tex = (GENERATED / "report.tex").read_text()
    regions = [m.group() for m in MATH.finditer(tex)]
    assert len(regions) > 50
    assert not [region for region in regions if "pstar" in region]
    assert "pstar" not in tex  # prose too (findings, evidence) writes p*


def test_eq34_transcription_is_broken_across_lines():
    records, _ = _records()
    display = math_display(_record(records, "003-eq34-b")["transcription"]["latex"])
    assert display.startswith(r"\begin{align*}") and display.count(r"\notag") >= 3
    assert r"&= \frac{16 \eta^{2}}{p^{2}} \Bigl[ \left(1 + \frac{2}{p^{*}}" in display and display.rstrip().endswith(
        "\\Bigr]\n\\end{align*}")
    # every line within the budget of the equations' layout
    from quadwick.derive.latex import LINE_BUDGET, printed_width
    lines = display.split(r"\notag \\")
    assert all(printed_width(line.split("&", 2)[-1]) < LINE_BUDGET + 15 for line in lines)


@pytest.mark.skipif(ENGINE is None, reason="no pdflatex")
def test_committed_report_compiles_without_overfull_displays(tmp_path):
    records, coverage = _records()
    # Every quote of the registry, as the detail sections render them (not only the findings').
    for record in records:
        record["verdict"] = "refuted"
    (tmp_path / "report.tex").write_text(report_latex(records, coverage, quick=False))
    result = subprocess.run([ENGINE, "-interaction=nonstopmode", "-halt-on-error", "report.tex"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=600)
    log = (tmp_path / "report.log").read_text(errors="replace")
    assert result.returncode == 0, log[-3000:]
    widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\) detected", log)]
    assert not [w for w in widths if w > 20], widths  # displays (equation*, align*) fit the page
