"""Sweeps: one task at every point of a grid over (p, p*, eta, seed), run in parallel, gathered into one CSV.

A :class:`Sweep` is the grid (lists of widths p and p*, learning rates eta and seeds) with a
model preset and a task: :class:`ODETask` integrates the overlap ODEs (seed 003 eq. (6)) from
eq. (8) overlaps drawn with the point's seed and records where the risk halves (alpha_c, seed
003 Figure 2), the final risk and whether and where the run diverged; :class:`SGDTask` runs
finite-N one-pass SGD in overlap space from the same overlaps and records the same over its
replicas.

:func:`run_sweep` computes the points missing from the table on any
:class:`concurrent.futures.Executor`; :func:`open_executor` gives one: local processes by
default, or the workers of a Dask distributed cluster when given its scheduler's address (the
optional ``distributed`` extra; the workers need quadwick installed).  The table has one row per
point, columns ``p, pstar, eta, seed, preset, task``, the task's settings and its results
(:meth:`Sweep.columns`), rows sorted by (p, p*, eta, seed) and numbers written with ``repr``
(an exact round trip), so a sweep gives the same bytes whichever executor ran it.  It is
rewritten atomically while points complete (at most every ``CHECKPOINT_SECONDS``) and at the end,
so a rerun, or a sweep over a larger grid, computes only the points not in it yet.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import os
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterator, NamedTuple, Sequence

import numpy as np
from matplotlib.figure import Figure

from quadwick.derive.model import PRESETS, Model, positive_integer, preset
from .dynamics import ode, sgd
from .output.files import write_csv_atomic, write_figure_atomic
from .state import initial_overlaps
from .workers import process_pool

__all__ = [
    "CHECKPOINT_SECONDS",
    "ODETask",
    "Point",
    "SGDTask",
    "Sweep",
    "SweepSummary",
    "Task",
    "compute_point",
    "open_executor",
    "plot_alpha_c",
    "read_table",
    "run_sweep",
]

Progress = Callable[[float], None]

# The table is rewritten at most this often while points complete (and always at the end).
CHECKPOINT_SECONDS = 10.0
# How many failed points an error message lists.
_SHOWN_FAILURES = 5
# How often a sweep waiting on its executor checks that the executor still has workers.
_POLL_SECONDS = 1.0


class Point(NamedTuple):
    """One grid point; tuples sort the table's rows."""

    p: int
    pstar: int
    eta: float
    seed: int


# -- tasks ----------------------------------------------------------------------------------------


def _finite_positive(name: str, value: Any) -> float:
    """``value`` as a float if it is a finite number > 0, else a ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be finite and positive, got {value!r}")
    return float(value)


def _or_inf(value: float | None) -> float:
    """An event's alpha, or inf where it did not happen."""
    return math.inf if value is None else float(value)


@dataclass(frozen=True, kw_only=True)
class Task:
    """What is computed at each grid point, starting from seed 003 eq. (8) overlaps.

    rho_kl(0) ~ N(0, ``eps``^2) i.i.d. drawn with ``numpy.random.default_rng(seed)``, Q(0) = I.
    A run lasts up to ``alpha_max``, or up to the gradient-flow time ``t_max`` = eta alpha (give
    exactly one); ``points`` output times.  The fields are the table's setting columns;
    ``results`` names its result columns.
    """

    name: ClassVar[str]
    results: ClassVar[tuple[str, ...]]
    alpha_max: float | None = None
    t_max: float | None = None
    eps: float = 0.01
    points: int = 101

    def __post_init__(self) -> None:
        if (self.alpha_max is None) == (self.t_max is None):
            raise ValueError("give the length of each run as exactly one of alpha_max and t_max (= eta alpha_max)")
        horizon = "alpha_max" if self.t_max is None else "t_max"
        object.__setattr__(self, horizon, _finite_positive(horizon, getattr(self, horizon)))
        if isinstance(self.eps, bool) or not (isinstance(self.eps, (int, float)) and math.isfinite(self.eps) and self.eps >= 0):
            raise ValueError(f"eps must be a finite non-negative number, got {self.eps!r}")
        object.__setattr__(self, "eps", float(self.eps))
        object.__setattr__(self, "points", positive_integer("points", self.points))
        if self.points < 2:
            raise ValueError(f"points must be at least 2, got {self.points}")

    def settings(self) -> dict[str, Any]:
        """The task's settings by name, in column order."""
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def start(self, model: Model, rng: np.random.Generator | int) -> tuple[np.ndarray, np.ndarray]:
        """Eq. (8) overlaps (rho0, Q0 = I) drawn from ``rng`` (a Generator, or a seed)."""
        return initial_overlaps(model, self.eps, rng)

    def check(self, model: Model) -> None:
        """Raise ValueError if the task cannot run on ``model`` (every model can, unless a task says otherwise)."""

    def run(self, model: Model, eta: float, seed: int) -> dict[str, Any]:
        """The results at one grid point, by column name."""
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class ODETask(Task):
    """Integrate the overlap ODEs (:func:`numerics.dynamics.ode.integrate`, exact in eta) from eq. (8) overlaps.

    Results: ``status`` (:attr:`ODEResult.status`), ``alpha_c`` where R = R(0)/2 (inf: not by
    the end), ``alpha_end`` and ``risk_end`` the last output time reached and R there (an early
    stop ends the arrays at the last output time before it), ``diverged_alpha`` where the run
    stopped on divergence (inf: it did not).  ``stop_at_half_risk`` ends each run at alpha_c
    (seed 003 Figure 2's runs).
    """

    name: ClassVar[str] = "ode"
    results: ClassVar[tuple[str, ...]] = ("status", "alpha_c", "alpha_end", "risk_end", "diverged_alpha")
    stop_at_half_risk: bool = False

    def options(self, eta: float) -> ode.ODEOptions:
        """The solver options of a run at learning rate ``eta`` (integrated in t when the task has t_max)."""
        settings = {"points": self.points, "stop_at_half_risk": self.stop_at_half_risk}
        if self.t_max is not None:
            return ode.ODEOptions.in_t(eta, self.t_max, **settings)
        return ode.ODEOptions(eta=eta, alpha_max=self.alpha_max, **settings)

    def integrate(
        self, model: Model, start: tuple[np.ndarray, np.ndarray], eta: float, seed: int | None = None, kernels: Any = None
    ) -> ode.ODEResult:
        """One run from ``start`` = (rho0, Q0) at learning rate ``eta`` (the run of a sweep point and of Figure 2)."""
        rho0, Q0 = start
        return ode.integrate(model, rho0, Q0, self.options(eta), seed=seed, kernels=kernels)

    def run(self, model: Model, eta: float, seed: int) -> dict[str, Any]:
        result = self.integrate(model, self.start(model, seed), eta, seed=seed)
        return {
            "status": result.status,
            "alpha_c": _or_inf(result.events.half_risk),
            "alpha_end": result.alpha[-1],
            "risk_end": result.risk[-1],
            "diverged_alpha": _or_inf(result.events.diverged),
        }


@dataclass(frozen=True, kw_only=True)
class SGDTask(Task):
    """Finite-N one-pass SGD in overlap space (:func:`numerics.dynamics.sgd.simulate_overlaps`), ``replicas`` runs.

    All replicas start from the same eq. (8) overlaps; the start and the steps are drawn from one
    ``default_rng(seed)``.  Results over the replicas that did not diverge: ``alpha_c`` the first
    recorded alpha where their mean risk is <= R(0)/2 (inf: none), ``alpha_end`` the last recorded
    alpha and ``risk_end`` their mean risk there (inf when all diverged); ``status`` "completed" or
    "diverged", ``diverged_replicas`` and ``diverged_alpha`` the first divergence (inf: none).
    """

    name: ClassVar[str] = "sgd"
    results: ClassVar[tuple[str, ...]] = ("status", "alpha_c", "alpha_end", "risk_end", "diverged_alpha", "diverged_replicas")
    N: int
    replicas: int = 10

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "N", positive_integer("N", self.N))
        object.__setattr__(self, "replicas", positive_integer("replicas", self.replicas))

    def check(self, model: Model) -> None:
        if self.N < model.p + model.pstar:
            raise ValueError(f"N = {self.N} is smaller than p + p* = {model.p + model.pstar}: the weights cannot be realised")

    def run(self, model: Model, eta: float, seed: int) -> dict[str, Any]:
        rng = np.random.default_rng(seed)
        rho0, Q0 = self.start(model, rng)
        alpha_max = self.alpha_max if self.t_max is None else self.t_max / eta
        options = sgd.SGDOptions(N=self.N, eta=eta, alpha_max=alpha_max, points=self.points, replicas=self.replicas)
        result = sgd.simulate_overlaps(model, rho0, Q0, options, rng)
        kept = result.risk[~result.diverged]
        alpha_c = risk_end = math.inf
        if len(kept):
            mean = kept.mean(axis=0)
            halved = np.flatnonzero(mean <= mean[0] / 2)
            alpha_c, risk_end = (result.alpha[halved[0]] if len(halved) else math.inf), mean[-1]
        return {
            "status": result.status,
            "alpha_c": alpha_c,
            "alpha_end": result.alpha[-1],
            "risk_end": risk_end,
            "diverged_alpha": result.diverged_alpha.min(),
            "diverged_replicas": int(result.diverged.sum()),
        }


# -- the grid ---------------------------------------------------------------------------------------


def _grid_values(name: str, values: Sequence[Any], convert: Callable[[str, Any], Any]) -> tuple[Any, ...]:
    """The distinct values of one grid axis, sorted, each checked by ``convert(name, value)``."""
    if isinstance(values, (str, bytes)) or len(values) == 0:
        raise ValueError(f"the sweep needs at least one value of {name}, got {values!r}")
    return tuple(sorted({convert(name, value) for value in values}))


def _seed(name: str, value: Any) -> int:
    """``value`` as an int if it is a non-negative integer (bools refused), else a ValueError naming ``name``."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= 0:
        return int(value)
    raise ValueError(f"{name} must be a non-negative integer, got {value!r}")


def _cell(value: Any) -> str:
    """A table cell: text and bools as they are, integers in decimal, other numbers with repr (exact round trip)."""
    if value is None:
        return ""
    if isinstance(value, (str, bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return repr(float(value))


@dataclass(frozen=True)
class Sweep:
    """A grid over widths ``p`` and ``pstar``, learning rates ``eta`` and seeds ``seed``, with the ``task``
    run at each point on the model ``preset`` (one with teacher Gram T = I) at widths (p, p*).

    Each axis is kept as its distinct values, sorted; the points are their product.
    """

    p: Sequence[int]
    pstar: Sequence[int]
    eta: Sequence[float]
    seed: Sequence[int]
    task: Task
    preset: str = "seed003"

    def __post_init__(self) -> None:
        object.__setattr__(self, "p", _grid_values("p", self.p, positive_integer))
        object.__setattr__(self, "pstar", _grid_values("pstar", self.pstar, positive_integer))
        object.__setattr__(self, "eta", _grid_values("eta", self.eta, _finite_positive))
        object.__setattr__(self, "seed", _grid_values("seed", self.seed, _seed))
        if not isinstance(self.task, Task):
            raise ValueError(f"task must be an ODETask or an SGDTask, got {self.task!r}")
        if PRESETS.get(self.preset, {}).get("teacher_gram", "identity") != "identity":
            raise ValueError(f"preset {self.preset!r} has a general teacher Gram; sweeps use T = I (the seed003 presets)")
        for p in self.p:
            for pstar in self.pstar:
                self.task.check(self.model(p, pstar))

    def model(self, p: int, pstar: int) -> Model:
        """The preset's model at widths (p, p*)."""
        return preset(self.preset, p, pstar)

    def points(self) -> list[Point]:
        """Every grid point, in table order."""
        return [Point(*values) for values in itertools.product(self.p, self.pstar, self.eta, self.seed)]

    def settings(self) -> dict[str, str]:
        """The cells every row of this sweep shares: preset, task and the task's settings."""
        return {"preset": self.preset, "task": self.task.name, **{k: _cell(v) for k, v in self.task.settings().items()}}

    def columns(self) -> tuple[str, ...]:
        """The table's columns: the grid point, :meth:`settings`, the task's results."""
        return (*Point._fields, *self.settings(), *self.task.results)

    def row(self, point: Point, results: dict[str, Any]) -> dict[str, str]:
        """The table row of ``point`` with the task's ``results``."""
        cells = {**{k: _cell(v) for k, v in point._asdict().items()}, **self.settings()}
        return {**cells, **{name: _cell(results[name]) for name in self.task.results}}


def compute_point(sweep: Sweep, point: Point) -> dict[str, Any]:
    """The task's results at one grid point (what an executor runs)."""
    return sweep.task.run(sweep.model(point.p, point.pstar), point.eta, point.seed)


# -- the table --------------------------------------------------------------------------------------


def _point_of(row: dict[str, str]) -> Point:
    """The grid point of a table row."""
    return Point(int(row["p"]), int(row["pstar"]), float(row["eta"]), int(row["seed"]))


def read_table(path: str | Path, sweep: Sweep) -> dict[Point, dict[str, str]]:
    """The complete rows of an existing table by grid point ({} when there is no file).

    A row is complete when it parses whole: every column present, the results' numbers readable, and
    its line ended (the table is written with a newline after each row, so a file cut mid-row, by a
    copy or a full disk, shows as a last line without one). Incomplete rows are left out, so that the
    sweep computes their points again (:class:`SweepSummary` counts them).

    Raises ValueError when the file has other columns than ``sweep`` writes, or rows made with
    other settings (preset, task or task options), naming the first difference.
    """
    return _read_rows(Path(path), sweep)[0]


def _complete(row: dict[str | None, Any], sweep: Sweep) -> bool:
    """Whether a row read by csv.DictReader has every column, nothing more, and numbers where results are numeric."""
    if None in row or any(value is None for value in row.values()):
        return False
    try:
        for name in sweep.task.results[1:]:  # after "status", every result is a number (inf where none)
            float(row[name])
    except ValueError:
        return False
    return bool(row["status"])


def _read_rows(path: Path, sweep: Sweep) -> tuple[dict[Point, dict[str, str]], int]:
    """(complete rows by grid point, number of incomplete rows) of the table at ``path``."""
    if not path.exists():
        return {}, 0
    text = path.read_text(encoding="utf-8")
    ended = text.endswith("\n")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = tuple(reader.fieldnames or ())
    if columns != sweep.columns():
        raise ValueError(
            f"{path} is not a table of this sweep: its columns are {', '.join(columns) or '(none)'}, "
            f"this sweep writes {', '.join(sweep.columns())}; give another output file"
        )
    rows = list(reader)
    cut_line = len(rows) + 1 if rows and not ended else None  # a last line without its newline was cut
    table, incomplete = {}, 0
    for number, row in enumerate(rows, start=2):
        if number == cut_line or not _complete(row, sweep):
            incomplete += 1
            continue
        for name, value in sweep.settings().items():
            if row[name] != value:
                raise ValueError(
                    f"{path} line {number} was computed with {name} = {row[name] or '(none)'}, this sweep has "
                    f"{name} = {value or '(none)'}; give another output file, or the same settings to extend it"
                )
        try:
            table[_point_of(row)] = row
        except (TypeError, ValueError):
            raise ValueError(f"{path} line {number}: cannot read the grid point of {row}") from None
    return table, incomplete


def _write_table(path: Path, sweep: Sweep, rows: dict[Point, dict[str, str]]) -> Path:
    """All rows, sorted by grid point, as CSV written atomically."""
    columns = sweep.columns()
    return write_csv_atomic(path, columns, ([rows[point][name] for name in columns] for point in sorted(rows)))


# -- running ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepSummary:
    """What :func:`run_sweep` did: the table's ``path``, the points ``computed`` now and those ``skipped``
    (already in the table), all its ``rows`` by grid point (earlier sweeps' included), and the
    ``incomplete`` rows found in the table and computed again."""

    path: Path
    computed: int
    skipped: int
    rows: dict[Point, dict[str, str]]
    incomplete: int = 0

    def statuses(self, points: Sequence[Point]) -> Counter:
        """How many of ``points`` ended with each status."""
        return Counter(self.rows[point]["status"] for point in points)


class ClusterExecutor(Executor):
    """The executor of a Dask cluster, which notices when the cluster has lost all its workers.

    A Dask future waits for a worker however long none is there; :meth:`check_workers` (called by the
    sweep while it waits) raises a RuntimeError once the cluster has had no worker for ``lost_after``
    seconds, so that a sweep whose cluster is gone stops with a message instead of waiting forever.
    """

    def __init__(self, client: Any, lost_after: float) -> None:
        self.client, self.lost_after = client, lost_after
        self.executor = client.get_executor()
        self.without_workers_since: float | None = None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        return self.executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.executor.shutdown(wait=wait)

    def check_workers(self) -> None:
        """Raise RuntimeError when the cluster has had no worker for ``lost_after`` seconds."""
        if self.client.nthreads():
            self.without_workers_since = None
            return
        now = time.monotonic()
        self.without_workers_since = self.without_workers_since or now
        if now - self.without_workers_since > self.lost_after:
            raise RuntimeError(f"the Dask cluster at {self.client.scheduler.address} has had no worker for "
                               f"{self.lost_after:g} s; the points computed so far are in the table, a rerun "
                               f"computes the others")


@contextmanager
def open_executor(workers: int | None = None, scheduler: str | None = None, timeout: float = 10.0,
                  lost_after: float = 60.0) -> Iterator[Executor]:
    """An executor for :func:`run_sweep`, shut down on exit.

    Without ``scheduler``: ``workers`` local processes (default: one per CPU), started the
    platform's default way.  With ``scheduler``: a :class:`ClusterExecutor` on the workers of the
    Dask distributed cluster whose scheduler is at that address (e.g. ``tcp://host:8786``), reached
    within ``timeout`` seconds, else a ValueError naming the address; a sweep on it stops once the
    cluster has had no worker for ``lost_after`` seconds.
    """
    if scheduler is None:
        if workers is not None:
            positive_integer("workers", workers)
        with process_pool(workers) as pool:
            yield pool
        return
    if workers is not None:
        raise ValueError("workers is for local processes; a Dask cluster has its own workers")
    try:
        from distributed import Client
    except ImportError:
        raise ValueError("a Dask scheduler needs dask[distributed]: pip install 'quadwick[distributed]'") from None
    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, ValueError, TimeoutError) as error:
        raise ValueError(f"cannot reach the Dask scheduler at {scheduler!r}: {error}") from None
    try:
        yield ClusterExecutor(client, lost_after)
    finally:
        client.close()


def _gather(
    sweep: Sweep, todo: list[Point], executor: Executor, rows: dict[Point, dict[str, str]], path: Path, progress: Progress | None
) -> None:
    """Compute ``todo`` on ``executor`` into ``rows``, rewriting the table at checkpoints.

    A point that fails does not stop the others; the failures are raised together at the end. An
    executor with a ``check_workers`` method (:class:`ClusterExecutor`) is asked, while the sweep waits,
    whether it still has workers.
    """
    futures: dict[Future, Point] = {executor.submit(compute_point, sweep, point): point for point in todo}
    check_workers = getattr(executor, "check_workers", lambda: None)
    failures = []
    written = time.monotonic()
    pending = set(futures)
    try:
        while pending:
            finished, pending = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in finished:
                point = futures[future]
                try:
                    rows[point] = sweep.row(point, future.result())
                except Exception as error:
                    failures.append(f"{point}: {type(error).__name__}: {error}")
            if progress is not None:
                progress(1 - len(pending) / len(todo))
            if time.monotonic() - written > CHECKPOINT_SECONDS:
                _write_table(path, sweep, rows)
                written = time.monotonic()
            if not finished:
                check_workers()
    finally:
        for future in futures:
            future.cancel()
    if failures:
        shown = "\n  ".join(failures[:_SHOWN_FAILURES]) + ("\n  ..." if len(failures) > _SHOWN_FAILURES else "")
        raise RuntimeError(
            f"{len(failures)} of {len(todo)} sweep points failed (the others are in the table; a rerun tries these again):\n  {shown}"
        )


def run_sweep(
    sweep: Sweep, out_csv: str | Path, executor: Executor | None = None, progress: Progress | None = None
) -> SweepSummary:
    """Compute the points of ``sweep`` not yet in the table ``out_csv`` and write the table with them.

    ``executor`` any :class:`concurrent.futures.Executor` (see :func:`open_executor`; default:
    local processes); ``progress`` is called with the fraction of the missing points done.  The
    rows computed before a failure or an interruption are written before it propagates.
    """
    path = Path(out_csv)
    rows, incomplete = _read_rows(path, sweep)
    points = sweep.points()
    todo = [point for point in points if point not in rows]
    try:
        if todo and executor is None:
            with open_executor(min(len(todo), os.cpu_count() or 1)) as pool:
                _gather(sweep, todo, pool, rows, path, progress)
        elif todo:
            _gather(sweep, todo, executor, rows, path, progress)
    finally:
        _write_table(path, sweep, rows)
    return SweepSummary(path, computed=len(todo), skipped=len(points) - len(todo), rows=rows, incomplete=incomplete)


# -- the plot ---------------------------------------------------------------------------------------


def plot_alpha_c(path: str | Path, sweep: Sweep, rows: dict[Point, dict[str, str]]) -> Path:
    """alpha_c against eta, one line per (p, p*), the mean over the sweep's seeds (as seed 003 Figure 2, left).

    A mean is finite, and drawn, only where every seed halved its risk.  The image format follows
    the file's suffix.
    """
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    for p in sweep.p:
        for pstar in sweep.pstar:
            means = np.array([
                np.mean([float(rows[Point(p, pstar, eta, seed)]["alpha_c"]) for seed in sweep.seed]) for eta in sweep.eta
            ])
            finite = np.isfinite(means)
            ax.plot(np.array(sweep.eta)[finite], means[finite], "o-", label=f"p = {p}, p* = {pstar}")
    ax.set(xscale="log", yscale="log", xlabel="eta", ylabel="<alpha_c>  (R = R(0)/2)",
           title=f"{sweep.task.name}: mean over {len(sweep.seed)} seed(s), eps = {sweep.task.eps:g}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return write_figure_atomic(fig, path)
