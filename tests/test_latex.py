"""LaTeX export: documents compile with a real LaTeX engine and long equations are broken."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import sympy

from quadwick.derive.concrete import derive_system
from quadwick.derive.latex import equation_latex, terms_latex
from quadwick.derive.model import Model, preset
from quadwick.derive.render import system_to_latex
from quadwick.numerics.cli.main import main

ENGINE = shutil.which("pdflatex") or shutil.which("lualatex")
needs_engine = pytest.mark.skipif(
    ENGINE is None, reason="no LaTeX engine (pdflatex/lualatex) installed; .ci/run installs texlive-latex-base"
)


def compile_tex(path) -> str:
    """Run the engine in batch mode; fail with its log on any LaTeX error; return the log."""
    result = subprocess.run(
        [ENGINE, "-interaction=nonstopmode", "-halt-on-error", path.name],
        cwd=path.parent, capture_output=True, text=True, timeout=300,
    )
    log = path.with_suffix(".log").read_text(errors="replace")
    assert result.returncode == 0, log[-3000:]
    assert path.with_suffix(".pdf").stat().st_size > 0
    return log


@needs_engine
@pytest.mark.parametrize("p, pstar", [(6, 3), (2, 1)])
def test_default_model_document_compiles_without_overfull_lines(tmp_path, capsys, p, pstar):
    target = tmp_path / f"eqs_{p}_{pstar}.tex"
    assert main(["latex", "--p", str(p), "--pstar", str(pstar), "--out", str(target)]) == 0
    log = compile_tex(target)
    assert "Overfull \\hbox" not in log


@needs_engine
@pytest.mark.parametrize("preset_name", ["seed003", "seed004"])
def test_general_width_document_compiles(tmp_path, capsys, preset_name):
    target = tmp_path / f"general_{preset_name}.tex"
    assert main(["latex", "--general", "--preset", preset_name, "--out", str(target)]) == 0
    assert "Overfull \\hbox" not in compile_tex(target)


@needs_engine
def test_other_conventions_compile(tmp_path):
    model = preset("seed000", 2, 2, activation="z**2 + z/2")
    target = tmp_path / "seed000.tex"
    target.write_text(system_to_latex(derive_system(model)))
    compile_tex(target)


def test_every_equation_is_numbered_and_labelled():
    tex = system_to_latex(derive_system(Model(p=2, pstar=1)))
    labels = [line.strip() for line in tex.splitlines() if line.strip().startswith(r"\label")]
    displays = tex.count(r"\begin{equation}") + tex.count(r"\begin{align}")
    # risk, 2 rho ODEs, 3 Q ODEs with O(eta) and O(eta^2) parts, 2 gradients, 4 Hessian blocks
    assert displays == len(labels) == 1 + 2 + 3 * 2 + 2 + 4
    assert len(set(labels)) == len(labels)
    assert r"\documentclass" in tex and r"\usepackage{amsmath,amssymb}" in tex


def test_long_equations_are_broken_between_terms():
    symbols = sympy.symbols("x0:40")
    tex = equation_latex("eq:long", "S", terms_latex(sum(symbols)))
    assert tex.startswith(r"\begin{align}") and tex.count(r"\notag \\") >= 2
    short = equation_latex("eq:short", "S", terms_latex(symbols[0] - symbols[1]))
    assert short.startswith(r"\begin{equation}") and "x_{0} - x_{1}" in short


def test_general_index_form_in_latex():
    from quadwick.derive.general import GeneralModel, general_ode, index_latex_terms

    terms = index_latex_terms(general_ode(GeneralModel()).drho, {})
    assert any(r"\sum_{r_{1}} Q_{k r_{1}} \rho_{r_{1} l}" in term for term in terms)
    assert len(terms) == 3
