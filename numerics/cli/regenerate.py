"""``quadwick regenerate``: rewrite the committed generator output in generated/, or check it.

    quadwick regenerate [--dir DIR] [--claims rerun|exact|keep]            write every file (each atomically)
    quadwick regenerate --check [--dir DIR] [--claims rerun|exact|keep]    exit 1 with a unified diff if a file differs

``--claims`` chooses how the claims report is made: ``rerun`` every check (the default when writing),
``exact`` (rerun the exact checks, keep the committed numerical records: the default of ``--check``), or
``keep`` every committed record and only render. The files are listed in :mod:`numerics.regenerate`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..output.files import write_text_atomic

__all__ = ["register"]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``regenerate`` subcommand."""
    parser = commands.add_parser("regenerate", help="rewrite generated/ (kernels, LaTeX) or check it with --check")
    parser.add_argument("--check", action="store_true", help="compare with a fresh generation; exit 1 with a diff if different")
    parser.add_argument("--dir", type=Path, help="the folder (default: generated/ of this checkout, else ./generated)")
    parser.add_argument("--claims", choices=["rerun", "exact", "keep"],
                        help="claims report: rerun every check (default when writing), rerun the exact ones and keep "
                             "the committed numerical records (default with --check), or keep every record")
    # The claims' checks keep their own floating-point handling (numerics.cli).
    parser.set_defaults(handler=_regenerate, lenient_numerics=True)


def _regenerate(args: argparse.Namespace) -> int:
    from ..regenerate import CLAIMS_FOLDER, claim_records, default_folder, differences, generated_files

    folder: Path = args.dir or default_folder()
    if args.check and not (folder / "MANIFEST").is_file():
        # Checked before any work: the comparison needs the committed files (and their claims records).
        raise ValueError(f"{folder} holds no generated output (no MANIFEST): --check compares a committed generated/ "
                         "folder; run it inside a checkout or name one with --dir")
    rerun = {"rerun": "all", "exact": "exact", "keep": "none"}[args.claims or ("exact" if args.check else "rerun")]
    committed = folder / CLAIMS_FOLDER / "claims.json"
    if rerun != "all" and not committed.is_file():
        print(f"quadwick regenerate: no {committed}: every claim is checked at full size (tens of minutes on 2 cores)",
              file=sys.stderr)
    try:
        records = claim_records(committed, rerun)
    except RuntimeError as error:
        print(f"quadwick regenerate: {error}", file=sys.stderr)
        return 1
    files = generated_files(records)
    if args.check:
        reports = differences(folder, files)
        for report in reports:
            sys.stdout.write(report)
        if reports:
            print(f"quadwick regenerate --check: {len(reports)} of {len(files)} files in {folder} differ from a fresh "
                  f"generation; run `quadwick regenerate` and commit", file=sys.stderr)
            return 1
        print(f"quadwick regenerate --check: {len(files)} files in {folder} are up to date")
        return 0
    for name, text in files.items():
        print(f"wrote {write_text_atomic(folder / name, text)}")
    return 0
