"""The house rules of numerics/: a folder per paper, every paper module registered, generic layers that name
no paper (the command line, which sits above the papers, may)."""

from __future__ import annotations

import ast
from pathlib import Path

from numerics.papers.registry import CLAIM_MODULES, FIGURE_MODULES

NUMERICS = Path(__file__).resolve().parents[1] / "numerics"
PAPERS = NUMERICS / "papers"


def _module(path: Path) -> str:
    return ".".join(path.relative_to(NUMERICS.parent).with_suffix("").parts)


def _imported_modules(path: Path) -> set[str]:
    """The absolute names of the modules ``path`` imports (relative imports resolved)."""
    package = _module(path).rsplit(".", 1)[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names.update(f"{base}.{alias.name}" for alias in node.names)
            names.add(base)
    return names


def test_every_claim_and_figure_module_of_a_paper_is_registered():
    claims = {_module(p) for p in PAPERS.glob("seed*/claims*.py")}
    figures = {_module(p) for p in PAPERS.glob("seed*/figures.py")}
    assert claims and claims == set(CLAIM_MODULES.values())
    assert figures and figures == set(FIGURE_MODULES)


def test_generic_layers_name_no_paper():
    offenders = set()
    for path in NUMERICS.rglob("*.py"):
        relative = path.relative_to(NUMERICS).as_posix()
        if relative.startswith(("papers/", "cli/")):
            continue
        papers = {name for name in _imported_modules(path)
                  if name.startswith("numerics.papers.") and name.split(".")[2].startswith("seed")}
        if papers:
            offenders.add(relative)
    assert offenders == set()
