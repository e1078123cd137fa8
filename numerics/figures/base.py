"""The figure/study entry type and the writers they share (CSV beside PNG and PDF, atomic)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal, Sequence

import numpy as np
from matplotlib.figure import Figure as MatplotlibFigure

from quadwick.numerics.output.files import write_csv_atomic, write_figure_atomic, write_text_atomic

from .style import QUICK_MARK, foot_note, plain_text

__all__ = ["Figure", "Output", "Table", "write_table", "save_figure", "draw_figure", "log_times"]

Progress = Callable[[float], None]


@dataclass(frozen=True)
class Table:
    """Rows of data with named columns (what a figure's CSV holds and what tests read)."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def column(self, name: str) -> np.ndarray:
        """One column as an array."""
        index = self.columns.index(name)
        return np.array([row[index] for row in self.rows])

    def where(self, **equal: Any) -> "Table":
        """The rows whose named columns equal the given values."""
        keep = [row for row in self.rows if all(row[self.columns.index(k)] == v for k, v in equal.items())]
        return Table(self.columns, keep)


@dataclass(frozen=True)
class Output:
    """What a run produced: its data table, a one-paragraph summary and the files written."""

    table: Table
    summary: str
    files: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    """A named figure or study: ``compute(quick, rng, progress) -> (Table, summary)`` and ``draw(table, fig)``.

    ``draw`` is None for a study (CSV and summary only). ``run`` writes STEM.csv, STEM.txt (the summary),
    STEM.png and STEM.pdf, with STEM the ``stem`` or else the name; ``size`` is the image's in inches. At quick
    sizes the image and the summary are marked as such, with ``quick_note`` (what the quick sizes cannot show of
    the paper's effect) where the entry has one; ``caveat(table)``, where given, says at any size where the data
    contradict the paper's message (empty when they do not), at the image's foot and in the summary.
    ``description`` is the image's title; notes may hold simple mathtext ($K = 10$), which the summary writes as plain
    text (:func:`~numerics.figures.style.plain_text`).
    """

    name: str
    kind: Literal["figure", "study"]
    description: str
    compute: Callable[[bool, np.random.Generator, Progress | None], tuple[Table, str]]
    draw: Callable[[Table, Any], None] | None = None
    stem: str = ""
    size: tuple[float, float] = (11.0, 3.6)
    quick_note: str = ""
    caveat: Callable[[Table], str] | None = None

    @property
    def file_stem(self) -> str:
        """The files' name without suffix."""
        return self.stem or self.name

    def notes(self, table: Table, quick: bool) -> list[str]:
        """The sentences at the image's foot: the quick mark and quick_note (quick sizes), then the caveat."""
        notes = [QUICK_MARK + (f": {self.quick_note}." if self.quick_note else ".")] if quick else []
        caveat = self.caveat(table) if self.caveat is not None else ""
        return notes + ([caveat] if caveat else [])

    def run(self, out_dir: str | os.PathLike[str], quick: bool, rng: np.random.Generator | int,
            progress: Progress | None = None) -> Output:
        """Compute the data (``quick``: CI size), write the files into ``out_dir``, return the output."""
        rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        table, summary = self.compute(quick, rng, progress)
        notes = self.notes(table, quick)
        if notes:
            summary += "\n" + plain_text(" ".join(notes))
        out = Path(out_dir)
        files = [write_table(out / f"{self.file_stem}.csv", table)]
        files.append(write_text_atomic(out / f"{self.file_stem}.txt", summary + "\n"))
        if self.draw is not None:
            files += save_figure(self, table, out, quick)
        return Output(table, summary, files)


def write_table(path: Path, table: Table) -> Path:
    """The table as CSV (header line, then rows), written atomically."""
    return write_csv_atomic(path, table.columns, table.rows)


def save_figure(figure: Figure, table: Table, out: Path, quick: bool = False) -> list[Path]:
    """Draw ``figure`` from its table (titled by its description; at quick sizes marked as such, with its
    quick_note) and save STEM.png and STEM.pdf atomically."""
    fig = draw_figure(figure, table, quick)
    return [write_figure_atomic(fig, out / f"{figure.file_stem}.{suffix}") for suffix in ("png", "pdf")]


def draw_figure(figure: Figure, table: Table, quick: bool = False) -> MatplotlibFigure:
    """The matplotlib Figure that :func:`save_figure` writes (what tests read: its axes, labels and legends)."""
    fig = MatplotlibFigure(figsize=figure.size)  # no pyplot: a user's backend is left as it was
    figure.draw(table, fig)
    fig.suptitle(figure.description, fontsize=9)
    bottom = foot_note(fig, figure.notes(table, quick))
    fig.tight_layout(rect=(0.0, bottom, 1.0, 1.0))
    return fig


def log_times(t_end: float, points: int) -> Sequence[float]:
    """Times 0, then geometric from t_end / 10^4 to t_end."""
    return np.concatenate([[0.0], np.geomspace(t_end * 1e-4, t_end, points - 1)])
