"""``quadwick ode`` and ``quadwick simulate``: integrated overlap ODEs and finite-N SGD to .npz.

    quadwick ode --p P --pstar PS --eta ETA (--eps EPS --seed S | --rho0 FILE.npy [--Q0 FILE.npy])
                 --alpha-max A [--points K] [--log] [--method M] --out FILE.npz [--plot FILE.png]
    quadwick simulate --p P --pstar PS --N N --eta ETA --alpha-max A --replicas R
                 --method overlap|weights [--threads T] [--input-dtype float64|float32]
                 (--eps EPS --seed S | --rho0 FILE.npy [--Q0 FILE.npy]) --out FILE.npz [--plot FILE.png]

Both files hold the same keys: alpha (K,), t (K,), rho (K, p, p*), Q (K, p, p), risk (K,) and ``meta`` (a
JSON string: status, method, eta, seed, model, and what the run adds); the simulation's rho, Q and risk
have a leading replica axis, and it adds ``diverged_step`` (R,). The status is one of FINISHED
("completed", "converged", "stationary") or "diverged" / "failed"; a finished run exits 0. Initial Q
defaults to the identity (eq. (8)). Long runs draw a text progress bar on standard error.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .arguments import (PRESET_NAMES, add_model_options, at_least_two, model_overrides, non_negative_float, non_negative_int,
                        positive_float, positive_int)
from .budget import human_bytes, ode_bytes, require_memory, simulation_bytes
from ..output.files import check_writable, write_npz_atomic
from ..output.progress import ProgressBar

# How a trajectory may end well (ode and simulate share the words); any other status exits 1.
FINISHED = ("completed", "converged", "stationary")

if TYPE_CHECKING:
    import numpy as np

    from quadwick.derive.model import Model

__all__ = ["load_matrix", "register"]

# The default fixed-point test of ``quadwick ode``: far below the slopes of any plateau a run escapes from.
STATIONARY_TOL = 1e-12


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``ode`` and ``simulate`` subcommands."""
    integrate = commands.add_parser("ode", help="integrate the overlap ODEs (seed 003 eq. (6)) to an .npz file")
    _common(integrate)
    integrate.add_argument("--method", default="auto", help="'auto' (DOP853, Radau when stiff) or a solve_ivp method")
    integrate.add_argument("--convergence-tol", type=positive_float, help="stop once the risk falls below this")
    integrate.add_argument("--stationary-tol", type=non_negative_float, default=STATIONARY_TOL,
                           help="stop at a fixed point, max |d state/d alpha| <= tol (1 + max |state|) "
                                f"(default {STATIONARY_TOL:g}; 0: never)")
    integrate.set_defaults(handler=_ode)

    simulate = commands.add_parser("simulate", help="finite-N one-pass SGD (replicas) to an .npz file")
    _common(simulate)
    simulate.add_argument("--N", type=positive_int, required=True, help="input dimension")
    simulate.add_argument("--replicas", type=positive_int, default=10)
    simulate.add_argument("--method", choices=["overlap", "weights"], default="overlap",
                          help="exact overlap-space chain (O((p+p*)^3) a step) or explicit weights")
    simulate.add_argument("--threads", type=positive_int, default=1,
                          help="weights method: threads sharing the replicas (compiled) or the O(N) products (NumPy) "
                               "(default 1; the result for a seed is the same whatever the count)")
    simulate.add_argument("--input-dtype", choices=["float64", "float32"], default="float64",
                          help="weights method: float32 inputs and O(N) products in NumPy (weights stay float64); "
                               "float64 runs the compiled simulator where a C compiler is found, the faster one")
    simulate.set_defaults(handler=_simulate)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--p", type=positive_int, required=True, help="student width p")
    parser.add_argument("--pstar", type=positive_int, required=True, help="teacher width p*")
    parser.add_argument("--preset", default="seed003", choices=PRESET_NAMES, help="paper convention (identity teacher Gram)")
    add_model_options(parser, symbolic=False)
    parser.add_argument("--eta", type=positive_float, required=True, help="learning rate")
    parser.add_argument("--alpha-max", type=positive_float, required=True, help="last alpha = samples / N")
    parser.add_argument("--points", type=at_least_two, default=201, help="output times, at least 2 (default 201)")
    parser.add_argument("--log", action="store_true", help="logarithmic output grid")
    start = parser.add_mutually_exclusive_group(required=True)
    start.add_argument("--eps", type=non_negative_float, help="eq. (8): rho_kl(0) ~ N(0, eps^2), Q(0) = I")
    start.add_argument("--rho0", type=Path, help="initial rho (p x p*) as .npy")
    parser.add_argument("--Q0", type=Path, help="initial Q (p x p) as .npy (default: the identity)")
    parser.add_argument("--seed", type=non_negative_int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="the .npz file to write")
    parser.add_argument("--plot", type=Path, help="also draw the overlaps and the risk to this image")
    parser.add_argument("--dry-run", action="store_true", help="print the estimated memory and stop")
    parser.add_argument("--force", action="store_true", help="run even when the memory estimate exceeds the limit")


def _model(args: argparse.Namespace) -> "Model":
    from quadwick.derive.model import preset

    model = preset(args.preset, args.p, args.pstar, **model_overrides(args))
    if model.teacher_gram != "identity":
        raise ValueError(f"preset {args.preset!r} has a general teacher Gram; these commands use T = I (seed003 presets)")
    return model


def load_matrix(path: Path, shape: tuple[int, int], option: str) -> np.ndarray:
    """The real matrix of ``shape`` stored in the .npy file ``path`` (given as ``option``).

    Refused, with a message naming the option and the file: anything that is not a regular file (a FIFO
    would block the read), a file that is not .npy, a header announcing another shape (checked before
    the data are read, so that no announced size is allocated), pickled, structured, object, string or
    complex data, and non-finite values.
    """
    import numpy as np

    where = f"{option} {path}"
    if not path.is_file():
        raise ValueError(f"{where}: not a regular file" if path.exists() else f"{where}: no such file")
    try:
        with open(path, "rb") as stream:
            version = np.lib.format.read_magic(stream)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            announced, _, dtype = read_header(stream, max_header_size=10_000)
    except (OSError, ValueError, SyntaxError) as error:
        raise ValueError(f"{where}: not a .npy array file ({error})") from None
    if announced != shape:
        raise ValueError(f"{where} holds shape {announced}, expected {shape}")
    if dtype.kind not in "iuf" or dtype.fields is not None:
        raise ValueError(f"{where} holds {dtype} values; expected real numbers (float or integer)")
    try:
        value = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise ValueError(f"{where}: cannot read the array ({error})") from None
    value = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{where} holds non-finite values (NaN or infinity)")
    return value


def _start(args: argparse.Namespace, model: "Model", rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(rho0, Q0) from --eps (eq. (8), drawn from ``rng``) or from the files."""
    import numpy as np

    from ..state import initial_overlaps

    if args.Q0 is not None and args.rho0 is None:
        raise ValueError("--Q0 goes with --rho0 (with --eps, Q(0) = I)")
    if args.rho0 is None:
        return initial_overlaps(model, args.eps, rng)
    rho0 = load_matrix(args.rho0, (model.p, model.pstar), "--rho0")
    Q0 = np.eye(model.p) if args.Q0 is None else load_matrix(args.Q0, (model.p, model.p), "--Q0")
    return rho0, Q0


def _preflight(args: argparse.Namespace, estimate: int, remedy: str) -> bool:
    """Before the run: print the memory estimate (--dry-run, then True: stop), or refuse a run over the
    memory limit (ValueError) or with an output that cannot be written (OSError)."""
    what = f"quadwick {args.command} at (p, p*) = ({args.p}, {args.pstar}) with {args.points} output times"
    if args.dry_run:
        print(f"{what}: estimate: about {human_bytes(estimate)} of memory")
        return True
    require_memory(what, estimate, args.force, remedy)
    for output in (args.out, args.plot):
        if output is not None:
            check_writable(output)
    return False


def _ode(args: argparse.Namespace) -> int:
    import numpy as np

    from ..dynamics import ode

    model = _model(args)
    if _preflight(args, ode_bytes(model.p, model.pstar, args.points), "lower --points"):
        return 0
    rho0, Q0 = _start(args, model, np.random.default_rng(args.seed))
    options = ode.ODEOptions(
        eta=args.eta, alpha_max=args.alpha_max, points=args.points, spacing="log" if args.log else "linear",
        method=args.method, convergence_tol=args.convergence_tol, stationary_tol=args.stationary_tol or None,
    )
    with ProgressBar("ode") as bar:
        result = ode.integrate(model, rho0, Q0, options, seed=args.seed if args.rho0 is None else None, progress=bar)
    write_npz_atomic(args.out, result.arrays())
    if args.plot is not None:
        from ..figures.trajectory import plot_trajectory

        plot_trajectory(args.plot, result.alpha, result.rho, result.Q, result.risk)
    _report(result.status, result.events.as_dict(), len(result.alpha), args)
    return 0 if result.status in FINISHED else 1


def _simulate(args: argparse.Namespace) -> int:
    import numpy as np

    from ..dynamics import sgd

    model = _model(args)
    weights = args.method == "weights"
    estimate = simulation_bytes(model.p, model.pstar, args.points, args.replicas, N=args.N if weights else None,
                                input_bytes=np.dtype(args.input_dtype).itemsize)
    if _preflight(args, estimate, "lower --replicas or --points" + (" or --N" if weights else "")):
        return 0
    rng = np.random.default_rng(args.seed)
    rho0, Q0 = _start(args, model, rng)
    options = sgd.SGDOptions(
        N=args.N, eta=args.eta, alpha_max=args.alpha_max, points=args.points,
        spacing="log" if args.log else "linear", replicas=args.replicas, threads=args.threads, input_dtype=args.input_dtype,
    )
    with ProgressBar(f"simulate ({args.method})") as bar:
        result = sgd.simulate(model, rho0, Q0, options, rng, method=args.method, progress=bar)
    # The start and the steps come from one generator seeded here: the file records that seed.
    result = dataclasses.replace(result, seed=args.seed)
    write_npz_atomic(args.out, result.arrays())
    if args.plot is not None:
        from ..figures.trajectory import plot_trajectory

        plot_trajectory(args.plot, result.alpha, result.rho, result.Q, result.risk)
    _report(result.status, {"diverged replicas": int(result.diverged.sum())}, len(result.alpha), args)
    return 0 if result.status in FINISHED else 1


def _report(status: str, details: dict[str, Any], points: int, args: argparse.Namespace) -> None:
    print(f"{args.command}: {status}; {json.dumps(details)}")
    print(f"  wrote {args.out} ({points} times)" + (f" and {args.plot}" if args.plot else ""))
