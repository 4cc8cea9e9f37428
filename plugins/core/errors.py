"""The one exception type that carries an editor-facing problem up to the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class PortalError(Exception):
    """A problem an editor or operator can fix, located as precisely as we know.

    The message is already in the reader's language; `portal` prints it as
    `path:line: message` and exits non-zero instead of showing a traceback.
    """

    message: str
    path: Path | None = None
    line: int | None = None
    rule: str | None = None  # the check rule id, when a check found it

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"
