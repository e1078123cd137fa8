"""numerics/figures/style.py and the notes of numerics/figures/base.py: one look for every paper's figures."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure as MatplotlibFigure

from figure_checks import _collisions, assert_to_standard, texts
from quadwick.numerics.figures.base import Figure, Table
from quadwick.numerics.figures.style import QUICK_MARK, distinct_colors, foot_note, log_ticks, math_label, plain_text


@pytest.mark.parametrize("name, label", [
    ("rho_12", r"$\rho_{12}$"), ("Q_34", "$Q_{34}$"), ("Q_kk'", "$Q_{kk'}$"), ("risk", r"$\mathcal{R}$"),
    ("eta", r"$\eta$"), ("S_61", "$S_{61}$"), ("alpha_c", r"$\alpha_{c}$"), ("distance_own", "distance_own"),
    ("fraction", "fraction"),
])
def test_math_label(name, label):
    assert math_label(name) == label


@pytest.mark.parametrize("text, plain", [
    (r"$\rho_{26}$ at $\alpha = 250$", "rho_26 at alpha = 250"), (r"$\mathcal{R}$ and $0.1\,p$", "R and 0.1p"),
    ("$K = 10$", "K = 10"), ("no mathematics", "no mathematics"),
])
def test_plain_text(text, plain):
    assert plain_text(text) == plain


@pytest.mark.parametrize("n", [0, 1, 6, 10, 15, 18, 20, 21, 40])
def test_distinct_colors_are_distinct(n):
    colors = [to_hex(c) for c in distinct_colors(n)]
    assert len(colors) == n == len(set(colors))


def test_distinct_colors_refuses_a_negative_count():
    with pytest.raises(ValueError, match=">= 0"):
        distinct_colors(-1)


@pytest.mark.parametrize("low, high", [(0.05, 0.42), (0.01, 3.0), (20.0, 200.0), (1e-3, 10.0)])
def test_log_ticks_are_plain_numbers_that_do_not_collide(low, high):
    fig = MatplotlibFigure(figsize=(4, 3))
    ax = fig.subplots()
    values = np.geomspace(low, high, 9)
    ax.plot(values, values)
    log_ticks(ax, "x")
    log_ticks(ax, "y", subs=(1.0, 2.0, 3.0, 5.0))
    fig.tight_layout()
    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    assert not _collisions(ax, "x", renderer) and not _collisions(ax, "y", renderer)
    shown = [label.get_text() for label in ax.get_xticklabels() if label.get_text()]
    assert shown and all(float(text) > 0 for text in shown)  # '0.05', not '$5\\times10^{-2}$'
    assert all(label.get_text() == "" for label in ax.xaxis.get_minorticklabels())
    with pytest.raises(ValueError, match="axis"):
        log_ticks(ax, "z")


def test_foot_note_takes_room_only_for_notes():
    fig = MatplotlibFigure(figsize=(6, 4))
    assert foot_note(fig, []) == 0.0 and texts(fig) == []
    short = foot_note(fig, ["one line"])
    long = foot_note(MatplotlibFigure(figsize=(6, 4)), ["a long note " * 40])
    assert 0 < short < long < 0.5


def _toy(note: str = "", caveat=None) -> Figure:
    def compute(quick, rng, progress):
        return Table(("x", "y"), [(1.0, 2.0), (2.0, 3.0)]), "toy summary"

    def draw(table, fig):
        ax = fig.subplots()
        ax.plot(table.column("x"), table.column("y"), label="$y$")
        ax.set(xlabel="$x$", ylabel="$y$")
        ax.legend()

    return Figure("toy", "figure", "a toy with $p^*$", compute, draw, quick_note=note, caveat=caveat)


def test_quick_figures_are_marked_with_their_note_and_caveat(tmp_path):
    entry = _toy("one width only", caveat=lambda table: "the data say $K = 10$ is slower")
    output = entry.run(tmp_path, quick=True, rng=0)
    assert output.summary == ("toy summary\n" + QUICK_MARK + ": one width only. the data say K = 10 is slower")
    fig = assert_to_standard(entry, output.table, output.summary)
    foot = [text for text in texts(fig) if QUICK_MARK in text]
    assert len(foot) == 1 and "one width only" in foot[0] and "$K = 10$" in foot[0]
    assert (tmp_path / "toy.png").stat().st_size > 0


def test_full_size_figures_carry_no_quick_mark_but_keep_the_caveat(tmp_path):
    output = _toy("one width only", caveat=lambda table: "a caveat").run(tmp_path, quick=False, rng=0)
    assert QUICK_MARK not in output.summary and "one width only" not in output.summary
    assert output.summary.endswith("a caveat")
    assert _toy().run(tmp_path, quick=False, rng=0).summary == "toy summary"


def test_the_standard_catches_a_missing_y_label_and_nan():
    entry = _toy()
    bare = Figure("bare", "figure", "bare", entry.compute, lambda table, fig: fig.subplots().plot([1, 2], label="nan"))
    table = Table(("x", "y"), [(1.0, 2.0)])
    with pytest.raises(AssertionError, match="no y label"):
        assert_to_standard(bare, table, quick=False)
    with pytest.raises(AssertionError, match="'nan' in its summary"):
        assert_to_standard(entry, table, "alpha = nan", quick=False)
