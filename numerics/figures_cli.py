"""``quadwick figure NAME`` and ``quadwick study NAME``: the registered figures and studies of the seeds.

    quadwick figure NAME [--quick] [--seed S] --out DIR     (PNG, PDF, CSV and a summary in DIR)
    quadwick study NAME [--quick] [--seed S] --out DIR      (CSV and a summary in DIR)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .arguments import non_negative_int
from .figures import FIGURES, STUDIES

__all__ = ["register"]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``figure`` and ``study`` subcommands to a subparsers object."""
    for name, registry in (("figure", FIGURES), ("study", STUDIES)):
        parser = commands.add_parser(name, help=f"run a registered {name} of the seed papers")
        parser.add_argument("name", choices=sorted(registry), help=f"the {name} to run")
        parser.add_argument("--quick", action="store_true", help="CI size (well under a minute)")
        parser.add_argument("--seed", type=non_negative_int, default=0, help="seed of the random generator (default 0)")
        parser.add_argument("--out", type=Path, required=True, help="output folder")
        parser.set_defaults(handler=_runner(registry))


def _runner(registry: dict):
    def run(args: argparse.Namespace) -> int:
        entry = registry[args.name]
        output = entry.run(args.out, args.quick, args.seed, progress=_bar(args.name))
        sys.stderr.write("\n")
        print(output.summary)
        for path in output.files:
            print(f"  wrote {path}")
        return 0
    return run


def _bar(label: str):
    def progress(fraction: float) -> None:
        filled = int(30 * min(max(fraction, 0.0), 1.0))
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {100 * fraction:5.1f}%")
        sys.stderr.flush()
    return progress
