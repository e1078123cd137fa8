"""``quadwick sweep``: a task at every point of a grid over (p, p*, eta, seed), in parallel, into one CSV.

    quadwick sweep --p P [P ...] --pstar PS [PS ...] --eta ETA [ETA ...] [--seed S [S ...]]
                   (--alpha-max A | --t-max T) [--eps EPS] [--points K] [--preset NAME]
                   [--task ode [--stop-at-half-risk] | --task sgd --N N [--replicas R]]
                   --out FILE.csv [--workers K | --scheduler ADDRESS] [--plot FILE.png]

Runs on local processes (``--workers``, default one per CPU) or on a Dask distributed cluster
(``--scheduler tcp://host:8786``).  Points already in FILE.csv (same settings) are skipped, so a
rerun resumes an interrupted sweep and a larger grid extends the table.  See :mod:`numerics.sweep`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .arguments import PRESET_NAMES, non_negative_float, non_negative_int, positive_float, positive_int
from ..output.files import check_writable
from ..output.progress import ProgressBar

if TYPE_CHECKING:
    from ..sweep import Task

__all__ = ["register"]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``sweep`` subcommand."""
    parser = commands.add_parser("sweep", help="a grid over (p, p*, eta, seed) in parallel, gathered into one CSV")
    parser.add_argument("--p", type=positive_int, nargs="+", required=True, help="student widths p")
    parser.add_argument("--pstar", type=positive_int, nargs="+", required=True, help="teacher widths p*")
    parser.add_argument("--eta", type=positive_float, nargs="+", required=True, help="learning rates")
    parser.add_argument("--seed", type=non_negative_int, nargs="+", default=[0], help="seeds of eq. (8) (default 0)")
    horizon = parser.add_mutually_exclusive_group(required=True)
    horizon.add_argument("--alpha-max", type=positive_float, help="length of each run in alpha = samples / N")
    horizon.add_argument("--t-max", type=positive_float, help="length of each run in t = eta alpha (as Figure 2)")
    parser.add_argument("--eps", type=non_negative_float, default=0.01, help="eq. (8): rho_kl(0) ~ N(0, eps^2) (default 0.01)")
    parser.add_argument("--points", type=positive_int, default=101, help="output times of each run (default 101)")
    parser.add_argument("--preset", default="seed003", choices=PRESET_NAMES, help="paper convention (identity teacher Gram)")
    parser.add_argument("--task", choices=["ode", "sgd"], default="ode",
                        help="integrate the overlap ODEs, or simulate finite-N SGD in overlap space (default ode)")
    parser.add_argument("--stop-at-half-risk", action="store_true", help="ode: end each run at alpha_c (faster)")
    parser.add_argument("--N", type=positive_int, help="sgd: input dimension")
    parser.add_argument("--replicas", type=positive_int, help="sgd: runs per point (default 10)")
    parser.add_argument("--out", type=Path, required=True, help="the CSV table (points already in it are skipped)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=positive_int, help="local processes (default: one per CPU)")
    where.add_argument("--scheduler", help="address of a Dask distributed scheduler, e.g. tcp://host:8786")
    parser.add_argument("--plot", type=Path, help="also draw <alpha_c> against eta, a line per (p, p*)")
    parser.set_defaults(handler=_sweep)


def _task(args: argparse.Namespace) -> "Task":
    """The task the options describe."""
    from ..sweep import ODETask, SGDTask

    horizon = {"alpha_max": args.alpha_max, "t_max": args.t_max, "eps": args.eps, "points": args.points}
    if args.task == "ode":
        if args.N is not None or args.replicas is not None:
            raise ValueError("--N and --replicas go with --task sgd")
        return ODETask(stop_at_half_risk=args.stop_at_half_risk, **horizon)
    if args.stop_at_half_risk:
        raise ValueError("--stop-at-half-risk goes with --task ode")
    if args.N is None:
        raise ValueError("--task sgd needs the input dimension --N")
    return SGDTask(N=args.N, replicas=10 if args.replicas is None else args.replicas, **horizon)


def _sweep(args: argparse.Namespace) -> int:
    from ..sweep import Sweep, open_executor, plot_alpha_c, run_sweep

    sweep = Sweep(args.p, args.pstar, args.eta, args.seed, _task(args), preset=args.preset)
    for output in (args.out, args.plot):
        if output is not None:
            check_writable(output)
    with ProgressBar(f"sweep ({len(sweep.points())} points)") as bar, open_executor(args.workers, args.scheduler) as executor:
        summary = run_sweep(sweep, args.out, executor, progress=bar)
    statuses = ", ".join(f"{status} {count}" for status, count in sorted(summary.statuses(sweep.points()).items()))
    again = f" ({summary.incomplete} incomplete rows of the table among them)" if summary.incomplete else ""
    print(f"sweep: computed {summary.computed} points{again}, {summary.skipped} already in the table; {statuses}")
    print(f"  wrote {summary.path} ({len(summary.rows)} rows)")
    if args.plot is not None:
        print(f"  wrote {plot_alpha_c(args.plot, sweep, summary.rows)}")
    return 0
