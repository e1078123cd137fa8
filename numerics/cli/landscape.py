"""``quadwick landscape``: the exact Hessian spectrum at a stationary point beside seed 003's table.

    quadwick landscape --point tabula-rasa|uncorrelated|correlated|aligned [--rank R]
                       --N N --p P --pstar PS [--format text|json|latex]

Wired into ``numerics.cli`` through :func:`register`.
"""

from __future__ import annotations

import argparse
import sys

from .arguments import non_negative_int, positive_int

__all__ = ["register"]

# The stationary-point families of seed 003 App. 7.2.1 (numerics.landscape.points.FAMILIES, which a test
# compares with this list: importing it here would load the landscape code for every command).
FAMILIES = ("tabula-rasa", "uncorrelated", "correlated", "aligned")
FORMATS = ("json", "latex", "text")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``landscape`` subcommand to ``commands`` (an ``add_subparsers`` object)."""
    parser = commands.add_parser("landscape", help="Hessian spectrum at a stationary point vs seed 003's tables")
    parser.add_argument("--point", required=True, choices=FAMILIES, help="stationary-point family (seed 003 App. 7.2.1)")
    parser.add_argument("--rank", type=non_negative_int,
                        help="rank r (uncorrelated, default p) or s (correlated, default min(p, p*))")
    parser.add_argument("--N", type=positive_int, required=True, help="input dimension N")
    parser.add_argument("--p", type=positive_int, required=True, help="student width p")
    parser.add_argument("--pstar", type=positive_int, required=True, help="teacher width p*")
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.set_defaults(handler=_landscape)


def _landscape(args: argparse.Namespace) -> int:
    from ..papers.seed003.landscape_compare import compare
    from ..papers.seed003.landscape_render import RENDERERS

    comparison = compare(args.point, args.N, args.p, args.pstar, args.rank)
    sys.stdout.write(RENDERERS[args.format](comparison))
    return 0
