"""One look for every figure of every paper: mathematical labels, colours that pair curves, log axes, the quick mark.

* :func:`math_label` turns an order parameter's name (``rho_12``, ``Q_kk'``, ``risk``) into mathtext
  (``$\\rho_{12}$``, ``$Q_{kk'}$``, ``$\\mathcal{R}$``); labels are matplotlib mathtext only (no TeX install).
* :func:`distinct_colors` gives the n colours of one panel; a theory curve and its simulation take the same one
  (solid: theory; dashed with a band: simulation), and :func:`style_legend` says so on the figure.
* :func:`log_ticks` labels a log axis at 1-2-5 values in plain numbers and leaves the minor ticks unlabelled
  (matplotlib's default labels collide on axes spanning less than two decades).
* :func:`foot_note` writes a figure's notes at its foot: the mark of quick (CI) sizes, what those sizes cannot
  show, and where the data contradict the paper's message.

Drawing functions take a matplotlib Figure or Axes; nothing here chooses a backend.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any, Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

__all__ = ["SYMBOLS", "QUICK_MARK", "THEORY", "SIMULATION", "math_label", "plain_text", "distinct_colors", "style_legend",
           "names_legend", "log_ticks", "foot_note"]

# names quadwick uses in tables -> mathtext symbols
SYMBOLS: dict[str, str] = {"rho": r"\rho", "eta": r"\eta", "alpha": r"\alpha", "risk": r"\mathcal{R}", "Q": "Q",
                           "S": "S", "E": "E", "t": "t"}
QUICK_MARK = "quick sizes (CI), not the paper's"
THEORY = {"ls": "-", "lw": 1.1}  # ODE / closed form
SIMULATION = {"ls": "--", "lw": 1.0}  # finite-size simulation (mean), drawn over a band of +- its standard error


def math_label(name: str) -> str:
    """Mathtext for a table name: SYMBOL or SYMBOL_INDICES -> $symbol_{indices}$, e.g. "rho_12" -> r"$\\rho_{12}$",
    "Q_kk'" -> "$Q_{kk'}$", "risk" -> r"$\\mathcal{R}$"; another name is returned unchanged."""
    match = re.fullmatch(r"([A-Za-z]+)(?:_(\w+'?))?", name)
    if match is None or match.group(1) not in SYMBOLS:
        return name
    symbol, index = SYMBOLS[match.group(1)], match.group(2)
    return f"${symbol}_{{{index}}}$" if index else f"${symbol}$"


def plain_text(text: str) -> str:
    """Simple mathtext as plain text (for summaries): dollars, braces and font commands dropped, symbols to their
    names, e.g. r"$\\rho_{26}$ at $\\alpha = 250$" -> "rho_26 at alpha = 250"."""
    text = re.sub(r"\\(?:mathcal|mathrm|mathbf|mathit|,)", "", text)  # font commands and thin spaces go
    return re.sub(r"\\([A-Za-z]+)", r"\1", text).replace("$", "").replace("{", "").replace("}", "")


def distinct_colors(n: int) -> list[tuple[float, float, float, float]]:
    """n colours for n curves of one panel, as far apart as a qualitative map allows: tab10 for n <= 10; for
    n <= 20 tab10 then the light halves of tab20's pairs; beyond, n hues evenly spaced on the 'turbo' map."""
    if n < 0:
        raise ValueError(f"the number of colours must be >= 0, got {n}")
    tab10, tab20 = colormaps["tab10"], colormaps["tab20"]
    if n <= 10:
        return [tab10(i) for i in range(n)]
    if n <= 20:
        return [tab10(i) for i in range(10)] + [tab20(2 * i + 1) for i in range(n - 10)]
    return [colormaps["turbo"](x) for x in np.linspace(0.05, 0.95, n)]


def style_legend(ax: Any, theory: str | None = "ODE", simulation: str | None = "simulation mean $\\pm$ s.e.",
                 **options: Any) -> Any:
    """A legend of the line styles on ``ax``: solid for ``theory``, dashed over a band for ``simulation`` (None:
    that entry is left out)."""
    handles, labels = [], []
    if theory is not None:
        handles.append(Line2D([], [], color="0.2", **THEORY))
        labels.append(theory)
    if simulation is not None:
        handles.append((Line2D([], [], color="0.2", **SIMULATION), Patch(color="0.2", alpha=0.25, lw=0)))
        labels.append(simulation)
    return ax.legend(handles, labels, fontsize=options.pop("fontsize", 7), **options)


def names_legend(ax: Any, names: Sequence[str], colors: Sequence[Any], rows: int = 9) -> Any:
    """A legend naming each colour of a panel (mathtext of ``names``), outside the panel on its right, in as few
    columns of at most ``rows`` entries as needed."""
    handles = [Line2D([], [], color=color, lw=2) for color in colors]
    columns = max(1, -(-len(names) // rows))
    return ax.legend(handles, [math_label(name) for name in names], fontsize=6, ncol=columns, loc="upper left",
                     bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, handlelength=1.2, columnspacing=0.8)


def log_ticks(ax: Any, axis: str = "x", subs: Sequence[float] = (1.0, 2.0, 5.0)) -> None:
    """Log scale on ``axis`` ("x" or "y") with major ticks at s x 10^k for s in ``subs`` (default 1, 2, 5),
    labelled as plain numbers (0.05, 2), and minor ticks unlabelled. Where the view spans more than two decades
    only the powers of ten are labelled (the other labels would collide)."""
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    getattr(ax, f"set_{axis}scale")("log")
    target = getattr(ax, f"{axis}axis")

    def plain(value: float, _position: float) -> str:
        low, high = sorted(target.get_view_interval())
        power_of_ten = abs(np.log10(value) - round(np.log10(value))) < 1e-9
        return f"{value:g}" if power_of_ten or np.log10(high / low) <= 2 else ""

    target.set_major_locator(LogLocator(base=10, subs=tuple(subs)))
    target.set_major_formatter(FuncFormatter(plain))
    target.set_minor_formatter(NullFormatter())


def foot_note(fig: Any, notes: Sequence[str]) -> float:
    """Write ``notes`` (the quick mark, what quick sizes cannot show, where the data contradict the paper) at the foot
    of ``fig``, wrapped to its width, in red. Returns the fraction of the height they take (lines x 1.4 x 7 pt /
    height; 0 without notes), for the axes to keep free."""
    if not notes:
        return 0.0
    width, height = fig.get_size_inches()
    lines = textwrap.wrap(" ".join(notes), width=max(20, int(width * 72 / (7 * 0.52))))
    fig.text(0.5, 0.005, "\n".join(lines), ha="center", va="bottom", fontsize=7, color="firebrick")
    return (len(lines) * 1.4 * 7 + 4) / (72 * height)
