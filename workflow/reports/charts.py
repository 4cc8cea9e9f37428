"""The report's charts as SVG, drawn by matplotlib: grouped bars (items per unit against the
quota, deadline results per month). Each chart is an SVG file the HTML report shows as an image
with a text alternative, beside a table of the same figures, so it reads in print, in a screen
reader and without colour.

The drawing is made reproducible: no date in the metadata, a fixed salt for the ids
matplotlib generates, text kept as text (smaller, and selectable). The same figures give the
same bytes, as the rest of the report does.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

# Colours distinguishable by most colour-blind readers (Okabe–Ito), with hatches as well.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9")
HATCHES = ("", "//", "..", "xx", "\\\\", "--")
MAX_WIDTH = 9.5  # inches: the A4 text width at the size the report prints charts
STYLE = {"svg.hashsalt": "songv-report", "svg.fonttype": "none",
         "font.family": "DejaVu Sans", "font.size": 10}


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


def grouped_bars(title: str, groups: Sequence[str], series: Sequence[Series], *,
                 value_label: str, across: bool = False) -> str:
    """An SVG of one bar per series in each group, with the title drawn in and a legend.

    Groups named by short labels (months) stand side by side; with `across`, groups named by
    long labels (a unit's name, on a few lines) are rows, one under the other, each name
    beside its own bars: side by side, such names ran into each other."""
    with mpl.rc_context(STYLE):
        figure = Figure(figsize=_size(groups, across))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        thickness = 0.8 / max(1, len(series))
        for number, one in enumerate(series):
            positions = [index + (number - (len(series) - 1) / 2) * thickness
                         for index in range(len(groups))]
            draw = axes.barh if across else axes.bar
            bars = draw(positions, one.values, thickness, label=one.label,
                        color=COLOURS[number % len(COLOURS)],
                        hatch=HATCHES[number % len(HATCHES)], edgecolor="#1b1b1b")
            axes.bar_label(bars, fmt="%g", padding=2)
        if across:
            axes.set_yticks(range(len(groups)), groups)
            axes.invert_yaxis()  # the first group on top, as the table beside it lists them
            axes.set_xlabel(value_label)
            axes.margins(x=0.08)  # room for the value after the longest bar
        else:
            axes.set_xticks(range(len(groups)), groups, rotation=20, ha="right")
            axes.set_ylabel(value_label)
        axes.set_title(title)
        axes.spines[["top", "right"]].set_visible(False)
        if len(series) > 1:
            if across:  # under the value axis, clear of the bars and their values
                axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12),
                            ncols=len(series))
            else:
                axes.legend(frameon=False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight",
                       metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _size(groups: Sequence[str], across: bool) -> tuple[float, float]:
    """Inches, sized by the groups and capped at what an A4 page holds without shrinking the
    text: side by side the width grows with them; in rows the height, each row as tall as
    the longest name needs (a line of text is about a sixth of an inch)."""
    if across:
        lines = max((group.count("\n") + 1 for group in groups), default=1)
        return MAX_WIDTH * 0.75, max(3.0, len(groups) * max(0.45, 0.17 * lines + 0.12) + 1.6)
    return min(MAX_WIDTH, max(6.0, 0.7 * len(groups) + 2.5)), 4.0
