"""The ``quadwick`` command line.

    quadwick derive (--p P --pstar PS [--route concrete|general] | --general) [--activation TEXT]
                    [--preset NAME] [--teacher-gram identity|general] [--format json|text|latex] [--out FILE]
    quadwick latex (--p P --pstar PS | --general) [model options as for derive] --out FILE.tex
    quadwick run [--out DIR]

Each subcommand is a parser plus a handler (``set_defaults(handler=...)``); subcommands that
live in their own modules expose ``register(commands)`` and are listed in ``_REGISTERED``. Building the
parsers imports SymPy only (for the presets): each handler imports what its command needs, so that
``--help`` and a refused argument answer at once.

Failures end in one line on standard error: exit 2 for bad input (ValueError), 1 for a failed computation
or an I/O error, 130 on Ctrl-C; ``--debug`` shows the traceback instead. NumPy's floating-point warnings
(overflow, invalid value, division by zero) are errors while a command runs, since a silent overflow is a
wrong result; the commands that run the claims registry leave each check its own handling.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from . import dynamics as dynamics_cli
from . import figures as figures_cli
from . import landscape as landscape_cli
from . import regenerate as regenerate_cli
from . import sweep as sweep_cli
from . import verify as verify_cli
from .arguments import PRESET_NAMES, add_model_options, model_overrides, positive_int
from ..output.files import check_writable, write_text_atomic
from ..output.progress import ProgressBar

if TYPE_CHECKING:
    from quadwick.derive.derivation import Derivation
    from quadwick.derive.general import GeneralModel
    from quadwick.derive.model import Model
    from quadwick.derive.units import UnitModel

__all__ = ["main"]

FORMATS = ("json", "text", "latex")
# The main job's embedded default: seed 003, Figure 1's widths.
RUN_PRESET, RUN_P, RUN_PSTAR = "seed003", 6, 3
RUN_LANDSCAPE_N = 20
# Concrete derivations estimated to take longer than this are refused unless --force is given.
DERIVATION_LIMIT_SECONDS = 300.0
# register(commands) functions of subcommands kept in their own modules.
_REGISTERED = [landscape_cli.register, regenerate_cli.register, dynamics_cli.register, figures_cli.register, sweep_cli.register,
               verify_cli.register]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quadwick", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"quadwick {_version()}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of a failure")
    commands = parser.add_subparsers(dest="command", required=True)

    derive = commands.add_parser("derive", help="derive risk, overlap ODEs, gradient and Hessian blocks")
    derive.set_defaults(handler=_derive)
    _add_model_arguments(derive)
    derive.add_argument("--route", choices=["concrete", "general"], default="concrete",
                        help="derive at the given widths directly, or instantiate the general-width result")
    derive.add_argument("--format", choices=FORMATS, default="json")
    derive.add_argument("--out", type=Path, help="write to this file instead of standard output")

    latex = commands.add_parser("latex", help="write the equations as a standalone LaTeX document")
    latex.set_defaults(handler=_latex)
    _add_model_arguments(latex)
    latex.add_argument("--out", type=Path, required=True, help="the .tex file to write")

    run = commands.add_parser("run", help=f"the main job: {RUN_PRESET} at p={RUN_P}, p*={RUN_PSTAR}")
    run.add_argument("--out", type=Path, default=Path("quadwick-out"), help="output folder (default ./quadwick-out)")
    run.set_defaults(handler=_run, lenient_numerics=True)
    for register in _REGISTERED:
        register(commands)
    return parser


def _add_model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--p", type=positive_int, help="student width p")
    parser.add_argument("--pstar", type=positive_int, help="teacher width p*")
    parser.add_argument("--general", action="store_true", help="symbolic widths p, p* (matrix and index forms)")
    parser.add_argument("--preset", default="seed003", choices=PRESET_NAMES, help="paper convention")
    parser.add_argument("--teacher-gram", choices=["identity", "general"], help="override the preset's teacher Gram")
    add_model_options(parser, symbolic=True)
    parser.add_argument("--dry-run", action="store_true", help="print the estimated cost and stop")
    parser.add_argument("--force", action="store_true",
                        help=f"derive even when the estimate exceeds {DERIVATION_LIMIT_SECONDS:.0f} s")


def _overrides(args: argparse.Namespace) -> dict:
    overrides = model_overrides(args)
    if args.teacher_gram is not None:
        overrides["teacher_gram"] = args.teacher_gram
    return overrides


def _model(args: argparse.Namespace) -> "Model | GeneralModel | UnitModel":
    """The concrete model at --p/--pstar, or the symbolic-width one with --general (matrix form for degree <= 2,
    else the unit form)."""
    from quadwick.derive.general_render import general_preset
    from quadwick.derive.model import preset

    if args.general:
        if args.p is not None or args.pstar is not None:
            raise ValueError("--general derives for symbolic widths; drop --p/--pstar (or drop --general)")
        from quadwick.derive.units import UnitModel, beyond_matrix_form

        # The matrix form holds degree <= 2; other activations get the unit form (sums over units).
        at_one = preset(args.preset, 1, 1, **_overrides(args))
        return UnitModel.of(at_one) if beyond_matrix_form(at_one) else general_preset(args.preset, **_overrides(args))
    if args.p is None or args.pstar is None:
        raise ValueError("give the widths --p and --pstar, or --general for symbolic widths")
    return preset(args.preset, args.p, args.pstar, **_overrides(args))


def _derivation(args: argparse.Namespace) -> "Derivation | None":
    """The derivation asked for, after its estimate: None when --dry-run printed it; ValueError over the limit."""
    from quadwick.derive.derivation import derivation

    model = _model(args)
    chosen = derivation(model, None if args.general else getattr(args, "route", "concrete"))
    estimate = chosen.estimate()
    if args.dry_run:
        print(f"quadwick {args.command}: estimate: {estimate.description}")
        return None
    if estimate.seconds is not None and estimate.seconds > DERIVATION_LIMIT_SECONDS and not args.force:
        raise ValueError(f"{estimate.description}, over the {DERIVATION_LIMIT_SECONDS:.0f} s limit; for large widths "
                         f"use --general (the matrix forms, for symbolic p), or give --force to go ahead")
    return chosen


def _derive(args: argparse.Namespace) -> int:
    chosen = _derivation(args)
    if chosen is None:
        return 0
    if args.out is not None:
        check_writable(args.out)
    text = chosen.render(args.format)
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(args.out, text)
    return 0


def _latex(args: argparse.Namespace) -> int:
    chosen = _derivation(args)
    if chosen is None:
        return 0
    check_writable(args.out)
    path = write_text_atomic(args.out, chosen.render("latex"))
    print(f"wrote {path}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from quadwick.derive.concrete import derive_system
    from quadwick.derive.general_render import general_preset, general_to_latex
    from quadwick.derive.model import preset
    from quadwick.derive.render import system_to_json, system_to_latex, system_to_text

    from ..papers.registry import coverage as claims_coverage
    from ..papers.registry import registry as claims_registry
    from ..claims.report import claim_record, coverage_records, verdict_counts, write_report
    from ..claims.runner import run_claims
    from ..papers.seed003.landscape_compare import compare
    from ..landscape.points import FAMILIES
    from ..papers.seed003.landscape_render import RENDERERS as LANDSCAPE_RENDERERS
    from ..workers import process_pool

    check_writable(args.out / "equations.json")
    print(f"quadwick run: {RUN_PRESET} at p = {RUN_P}, p* = {RUN_PSTAR}: equations, Figure 1, Hessian spectra and "
          "every claim at quick sizes (a few minutes on 2 cores); each stage is reported as it finishes", flush=True)
    written: list[Path] = []
    clock = time.perf_counter()

    def finished(message: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        print(f"  {message} ({now - clock:.1f} s)", flush=True)
        clock = now

    model = preset(RUN_PRESET, RUN_P, RUN_PSTAR)
    system = derive_system(model)
    for suffix, render in (("json", system_to_json), ("txt", system_to_text), ("tex", system_to_latex)):
        written.append(write_text_atomic(args.out / f"equations.{suffix}", render(system)))
    written.append(write_text_atomic(args.out / "equations-general.tex", general_to_latex(general_preset(RUN_PRESET))))
    finished(f"derived and wrote the risk, {len(system.ode.rhs)} overlap ODEs (exact in eta), "
             f"{len(system.gradient)} gradients and {len(system.hessian_blocks)} Hessian blocks, and the general-width "
             "document")
    # Figure 1 is mostly one core's work (ODE integration, a compile): it runs in its own process beside the
    # spectra and the claims, whose pool keeps the cores busy, instead of before them with a core idle.
    with process_pool(1) as side:
        figure = side.submit(_quick_figure_1, args.out)
        comparisons = [compare(family, RUN_LANDSCAPE_N, RUN_P, RUN_PSTAR, None) for family in FAMILIES]
        landscape = "\n".join(LANDSCAPE_RENDERERS["text"](comparison) for comparison in comparisons)
        written.append(write_text_atomic(args.out / "landscape.txt", landscape))
        verdicts = ", ".join(
            f"{family}: {'no table' if c.match is None else 'agrees' if c.match else 'DISAGREES'}"
            for family, c in zip(FAMILIES, comparisons)
        )
        finished(f"Hessian spectra at N = {RUN_LANDSCAPE_N} against seed 003 App. 7.2.2: {verdicts}")
        registered = list(claims_registry().values())
        with ProgressBar(f"claims ({len(registered)}, quick sizes)") as bar:
            results = run_claims(registered, quick=True, workers=os.cpu_count() or 1, progress=bar)
        claims = [claim_record(result) for result in results]
        written += write_report(claims, coverage_records(claims_coverage()), args.out / "claims", quick=True)
        counts = ", ".join(f"{n} {verdict}" for verdict, n in verdict_counts(claims).items() if n)
        finished(f"claims of the seed papers (quick sizes): {len(claims)} registered: {counts or 'none'}")
        files, seconds = figure.result()
    written += files
    print(f"  drew Figure 1 (ODE against finite-N SGD, quick sizes) beside the claims ({seconds:.1f} s)", flush=True)
    for path in written:
        print(f"  wrote {path}")
    return 0


def _quick_figure_1(out: Path) -> tuple[list[Path], float]:
    """Seed 003's Figure 1 at quick sizes written into ``out`` (run in a worker process): its files and seconds."""
    from ..papers.registry import figures

    start = time.perf_counter()
    files = figures()["1"].run(out, quick=True, rng=0).files
    return files, time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``quadwick`` console script (exit statuses in the module docstring)."""
    args = _parser().parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so that atomic writers remove their temporary files; the caller's handler is
    # restored afterwards (a program or test that calls main() keeps its own, and so do processes it forks later).
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _run_command(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_command(args: argparse.Namespace) -> int:
    """The command's exit status: its handler's, or 130 on Ctrl-C, 2 for refused input, 1 for other failures."""
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning
            return _handle(args)
    except KeyboardInterrupt:
        print("quadwick: interrupted; no partial files were left", file=sys.stderr)
        return 130
    except Exception as error:
        if args.debug:
            raise
        # A ValueError (the parser's PolynomialSyntaxError is one) is a refusal of the input.
        status = 2 if isinstance(error, ValueError) else 1
        if isinstance(error, (ValueError, OSError)):  # the message names the input or the file
            print(f"quadwick: error: {error}", file=sys.stderr)
        else:
            print(f"quadwick: error: {type(error).__name__}: {error} (--debug shows the traceback)", file=sys.stderr)
        return status


def _handle(args: argparse.Namespace) -> int:
    """Run the command's handler, NumPy's floating-point warnings (overflow, invalid value, division by zero) raised
    as errors unless it is lenient (only NumPy's: quadwick's own warnings, such as an unusable kernel cache, stay
    warnings). Underflow is not an error: a result too small for a float is rounded towards 0 (scipy's stiff
    solvers underflow at t = 0 in np.nextafter(t, inf) - t on every run)."""
    if getattr(args, "lenient_numerics", False):
        return args.handler(args)
    import numpy as np

    with np.errstate(all="raise", under="ignore"):
        return args.handler(args)


def _version() -> str:
    """The installed distribution's version ("unknown" when run from a checkout that was never installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("quadwick")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _one_line_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int, file=None,
                      line: str | None = None) -> None:
    """A warning as one line on standard error, "quadwick: warning: ...", without Python's source line."""
    text = str(message).removeprefix("quadwick: ")
    print(f"quadwick: warning: {text}", file=sys.stderr if file is None else file)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C (atomic writers clean up, worker pools stop); a second one ends the process."""
    signal.signal(signum, signal.SIG_DFL)
    raise SystemExit(128 + signum)

