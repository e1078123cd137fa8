"""The house rules of numerics/: a folder per paper, every paper module registered, generic layers that name
no paper (the command line, which sits above the papers, may)."""

from __future__ import annotations

import ast

import pytest
from pathlib import Path

from quadwick.numerics.papers.registry import CLAIM_MODULES, FIGURE_MODULES

NUMERICS = Path(__file__).resolve().parents[1] / "numerics"
PAPERS = NUMERICS / "papers"


def _module(path: Path) -> str:
    return "quadwick." + ".".join(path.relative_to(NUMERICS.parent).with_suffix("").parts)


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
    claims = {_module(p) for p in PAPERS.glob("*/claims*.py")}
    figures = {_module(p) for p in PAPERS.glob("*/figures.py")}
    assert claims and claims == set(CLAIM_MODULES.values())
    assert figures and figures == set(FIGURE_MODULES)


def test_generic_layers_name_no_paper():
    offenders = set()
    for path in NUMERICS.rglob("*.py"):
        relative = path.relative_to(NUMERICS).as_posix()
        if relative.startswith(("papers/", "cli/")):
            continue
        papers = {name for name in _imported_modules(path)
                  if name.startswith("quadwick.numerics.papers.") and name.split(".")[3] != "registry"}
        if papers:
            offenders.add(relative)
    assert offenders == set()


def test_the_one_installed_namespace_lists_every_package_folder():
    """pyproject.toml installs quadwick only, its subpackages mapped from derive/, numerics/, generated/: a package
    folder missing from the list would be left out of the wheel."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    settings = tomllib.loads((NUMERICS.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    mapping = settings["package-dir"]
    folders = {"quadwick"} | {
        "quadwick." + ".".join(init.parent.relative_to(NUMERICS.parent).parts)
        for root in ("derive", "numerics", "generated") for init in (NUMERICS.parent / root).rglob("__init__.py")
    }
    assert set(settings["packages"]) == folders
    assert {name.split(".")[0] for name in settings["packages"]} == {"quadwick"}
    assert mapping == {"quadwick": "quadwick", "quadwick.derive": "derive", "quadwick.numerics": "numerics",
                       "quadwick.generated": "generated"}
