"""Tables for people and for pipes: coloured on a terminal, tab-separated when piped.

`portal deadlines` and `portal status` both show a list an editor reads on screen and CI reads
line by line; a piped table must never be cut or wrapped.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table


def print_table(title: str, headers: Sequence[str], lines: Sequence[Sequence[str]],
                styles: Sequence[str | None]) -> None:
    """`lines` under `headers`, each line in its style (rich's style names) on a terminal."""
    console = Console(highlight=False)
    if not console.is_terminal:
        print(title)
        for line in (headers, *lines):
            print("\t".join(line))
        return
    grid = Table(title=title)
    for header in headers:
        grid.add_column(header, overflow="fold")
    for line, style in zip(lines, styles, strict=True):
        grid.add_row(*line, style=style)
    console.print(grid)
