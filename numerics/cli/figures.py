"""``quadwick figure NAME`` and ``quadwick study NAME``: the registered figures and studies of the seeds.

    quadwick figure NAME [--quick] [--seed S] --out DIR     (PNG, PDF, CSV and a summary in DIR)
    quadwick study NAME [--quick] [--seed S] --out DIR      (CSV and a summary in DIR)

The registry (:mod:`numerics.figures`) is loaded only when one runs: an unknown NAME is refused with the
list of the registered ones.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .arguments import non_negative_int
from ..output.files import check_writable
from ..output.progress import ProgressBar

__all__ = ["register"]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``figure`` and ``study`` subcommands to a subparsers object."""
    for kind in ("figure", "study"):
        parser = commands.add_parser(kind, help=f"run a registered {kind} of the seed papers")
        parser.add_argument("name", metavar="NAME", help=f"the {kind} to run (an unknown name lists them)")
        parser.add_argument("--quick", action="store_true", help="CI size (well under a minute)")
        parser.add_argument("--seed", type=non_negative_int, default=0, help="seed of the random generator (default 0)")
        parser.add_argument("--out", type=Path, required=True, help="output folder")
        parser.set_defaults(handler=_run, kind=kind)


def _run(args: argparse.Namespace) -> int:
    from ..papers.registry import figures, studies

    registry = figures() if args.kind == "figure" else studies()
    if args.name not in registry:
        raise ValueError(f"no {args.kind} named {args.name!r}; the registered ones: {', '.join(sorted(registry))}")
    check_writable(args.out / f"{args.name}.csv")
    with ProgressBar(f"{args.kind} {args.name}") as bar:
        output = registry[args.name].run(args.out, args.quick, args.seed, progress=bar)
    print(output.summary)
    for path in output.files:
        print(f"  wrote {path}")
    return 0
