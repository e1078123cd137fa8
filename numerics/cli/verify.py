"""``quadwick verify``: check the seed papers' claims and write the verification report.

    quadwick verify [--seed FILE] [--claim ID ...] [--quick] [--workers K]
                    [--json FILE] [--report DIR]

Prints one line per claim (verdict, id, source, seconds), the counts per verdict (definitions apart)
and of the negative controls, and one line per finding (refuted or misprint) saying why; a control that
was not refuted is named. ``--report DIR`` writes report.md, report.tex and claims.json (with the coverage
tables of the selected papers); ``--json FILE`` writes claims.json alone. Both destinations are checked
before any claim runs; should writing the report still fail, claims.json is saved in the temporary folder
first and its path printed, so that no finished check is lost. The exit status is 0 when every check ran,
whatever the verdicts, and 1 when a check crashed or the report could not be written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .arguments import positive_int
from ..output.files import check_writable, write_text_atomic
from ..output.progress import ProgressBar

if TYPE_CHECKING:
    from ..claims.base import Claim

__all__ = ["register", "select_claims"]


def select_claims(claims: "dict[str, Claim]", seeds: list[str] | None, ids: list[str] | None) -> "list[Claim]":
    """The claims of the given seed files (a full name or its leading number, e.g. ``003``) and ids.

    Raises ValueError naming what matched nothing, with the valid choices.
    """
    chosen = list(claims.values())
    if seeds:
        files = sorted({claim.seed for claim in chosen})
        for seed in seeds:
            if not any(name == seed or name.startswith(seed + "_") for name in files):
                raise ValueError(f"no claims from seed {seed!r}; seeds with claims: {', '.join(files)}")
        chosen = [c for c in chosen if any(c.seed == s or c.seed.startswith(s + "_") for s in seeds)]
    if ids:
        unknown = [claim_id for claim_id in ids if claim_id not in claims]
        if unknown:
            raise ValueError(f"unknown claim id(s) {', '.join(unknown)}; `quadwick verify` lists them all")
        chosen = [c for c in chosen if c.id in ids]
    if not chosen:
        raise ValueError("the selection holds no claims (the ids are not from the chosen seeds)")
    return chosen


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``verify`` subcommand."""
    parser = commands.add_parser("verify", help="check the claims of the seed papers and write the report")
    parser.add_argument("--seed", action="append", metavar="FILE",
                        help="only this seed file (name or leading number, e.g. 003); repeatable")
    parser.add_argument("--claim", action="append", metavar="ID", help="only this claim id; repeatable")
    parser.add_argument("--quick", action="store_true", help="smaller sizes for the numerical checks")
    parser.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1,
                        help="processes running checks (default: one per CPU)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write claims.json here")
    parser.add_argument("--report", type=Path, metavar="DIR", help="write report.md, report.tex, claims.json here")
    # The claims' checks keep their own floating-point handling (numerics.cli).
    parser.set_defaults(handler=_verify, lenient_numerics=True)


def _verify(args: argparse.Namespace) -> int:
    from ..papers.registry import coverage, registry
    from ..claims.base import FINDINGS
    from ..claims.report import CRASHED, claim_record, claims_json, coverage_records, finding_line, summary_table
    from ..claims.runner import Interrupted, run_claims

    try:
        claims = select_claims(registry(), args.seed, args.claim)
    except ValueError as error:
        print(f"quadwick verify: {error}", file=sys.stderr)
        return 2
    for output in (args.json, args.report and args.report / "claims.json"):
        if output:
            check_writable(output)
    with ProgressBar(f"verify ({len(claims)} claims)") as bar:
        try:
            results = run_claims(claims, quick=args.quick, workers=args.workers, progress=bar)
            interrupted = False
        except Interrupted as stop:
            results, interrupted = stop.results, True
            claims = [result.claim for result in results]
    print(summary_table(results), end="")
    records = [claim_record(result) for result in results]
    for record in records:
        if record["verdict"] in FINDINGS:
            print(f"{record['verdict']}: {record['id']}: {finding_line(record)}")
        control = record["control"]
        if control is not None and control["verdict"] != "refuted":
            print(f"control not refuted: {record['id']} ({control['perturbation']}): {control['summary']}")
    seeds = {claim.seed for claim in claims}
    rows = coverage_records([row for row in coverage() if row.seed in seeds])
    if not _write_outputs(args, records, rows, claims_json(records, rows)):
        return 1
    crashed = [result for result in results if result.crashed]
    for result in crashed:
        print(f"{CRASHED}: {result.claim.id}\n{result.error}", file=sys.stderr)
    if interrupted:
        print(f"quadwick verify: interrupted; the {len(results)} checks that had finished are reported above",
              file=sys.stderr)
        return 130
    return 1 if crashed else 0


def _write_outputs(args: argparse.Namespace, records: list, rows: list, records_json: str) -> bool:
    """Write --json and --report; on failure save claims.json in the temporary folder and say where (False)."""
    from ..claims.report import write_report

    try:
        if args.json:
            print(f"wrote {write_text_atomic(args.json, records_json)}")
        if args.report:
            for path in write_report(records, rows, args.report, args.quick):
                print(f"wrote {path}")
        return True
    except OSError as error:
        handle, rescue = tempfile.mkstemp(prefix="quadwick-claims-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(records_json)
        print(f"quadwick verify: cannot write the report ({error}); the records are saved in {rescue}", file=sys.stderr)
        return False
