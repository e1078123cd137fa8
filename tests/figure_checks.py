"""What every drawn figure must show (used by the figure tests): labelled axes, legends, no 'nan', tick labels that
do not collide, the quick mark; read off the matplotlib Figure that is saved, not off its pixels."""

from __future__ import annotations

import re

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from quadwick.numerics.figures.base import Figure, Table, draw_figure
from quadwick.numerics.figures.style import QUICK_MARK

NAN = re.compile(r"\bnan\b", re.IGNORECASE)


def drawn(entry: Figure, table: Table, quick: bool = True):
    """The entry's matplotlib Figure, rendered (so that mathtext is parsed and tick labels are placed)."""
    fig = draw_figure(entry, table, quick)
    FigureCanvasAgg(fig).draw()
    return fig


def texts(fig) -> list[str]:
    """Every non-empty text on the figure: titles, labels, tick labels, legends, notes."""
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _labelled(ax, axis: str) -> bool:
    """The axis has a label, or one of the axes it shares that axis with has one."""
    siblings = getattr(ax, f"get_shared_{axis}_axes")().get_siblings(ax)
    return any(getattr(other, f"get_{axis}label")() for other in siblings)


def _collisions(ax, axis: str, renderer) -> list[tuple[str, str]]:
    """Pairs of neighbouring tick labels (major and minor) of ``axis`` whose boxes overlap along it."""
    target = getattr(ax, f"{axis}axis")
    low, high = sorted(getattr(ax, f"get_{axis}lim")())
    boxes = []
    for locations, labels in ((target.get_majorticklocs(), target.get_majorticklabels()),
                              (target.get_minorticklocs(), target.get_minorticklabels())):
        for location, label in zip(locations, labels):
            if label.get_text() and label.get_visible() and low <= location <= high:
                box = label.get_window_extent(renderer)
                boxes.append((box.x0, box.x1, label.get_text()) if axis == "x" else (box.y0, box.y1, label.get_text()))
    boxes.sort()
    return [(a[2], b[2]) for a, b in zip(boxes, boxes[1:]) if b[0] < a[1] - 0.5]


def assert_to_standard(entry: Figure, table: Table, summary: str = "", quick: bool = True):
    """Every axis labelled on x and y (or sharing a labelled axis), a legend on the figure, no 'nan' and no control
    character in any text nor in the summary, no colliding tick labels, and at quick sizes the quick mark at the foot
    and in the summary. Returns the rendered figure."""
    assert not NAN.search(summary), f"{entry.name}: 'nan' in its summary {summary!r}"
    assert quick <= (QUICK_MARK in summary) or not summary, f"{entry.name}: summary not marked as quick"
    fig = drawn(entry, table, quick)
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        where = f"{entry.name}, axes {ax.get_title()!r}"
        assert _labelled(ax, "y"), f"{where}: no y label"
        assert _labelled(ax, "x"), f"{where}: no x label"
        for axis in ("x", "y"):
            assert not _collisions(ax, axis, renderer), f"{where}: {axis} tick labels collide: {_collisions(ax, axis, renderer)}"
    assert any(ax.get_legend() is not None for ax in fig.axes), f"{entry.name}: no legend"
    for text in texts(fig):
        assert not NAN.search(text), f"{entry.name}: 'nan' in {text!r}"
        assert not any(ord(c) < 32 and c != "\n" for c in text), f"{entry.name}: a control character in {text!r}"
    if quick:
        assert any(QUICK_MARK in text for text in texts(fig)), f"{entry.name}: not marked as quick"
    return fig
