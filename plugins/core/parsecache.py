"""Parsed front matter kept between builds, keyed by the text it was parsed from.

Every build needs the front matter of every file: the index asks each version whether it is
public, the deadline table reads every clock, the checks read every file. Reading the bytes of
thousands of small files is cheap; parsing their YAML is not (about a third of a millisecond
each). A build therefore keeps what it parsed, keyed by a digest of the text, so an unchanged
file is never parsed twice, in one process or across builds, whatever its name or time stamp.
A store belongs to one process at a time (each language run has its own file), and keeps only
what that process used, so it does not grow with deleted files. It is valid only for the code
that parsed it: the build names that code (`making`, workflow/buildkey.making_key), and a store
made by other code is not loaded.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_bytes
from plugins.core.fingerprints import load_pickle

STORE_VERSION = 1


@dataclass(frozen=True)
class Parts:
    """What parsing a file's front matter yields, besides the text itself."""

    meta: dict[str, Any]
    key_lines: dict[str, int]
    body_line: int
    body_start: int  # index in the text (without a byte-order mark) where the body starts


class ParsedStore:
    """{digest of a text: its Parts}, in memory, optionally loaded from and saved to a file."""

    def __init__(self) -> None:
        self.entries: dict[str, Parts] = {}
        self.used: set[str] = set()
        self.path: Path | None = None
        self.making = ""
        self.changed = False
        self.new: dict[str, Parts] = {}  # parsed since the last `take_new`

    def get(self, key: str) -> Parts | None:
        parts = self.entries.get(key)
        if parts is not None:
            self.used.add(key)
        return parts

    def put(self, key: str, parts: Parts) -> None:
        self.entries[key] = parts
        self.used.add(key)
        self.new[key] = parts
        self.changed = True

    def take_new(self) -> dict[str, Parts]:
        """What was parsed since the last call: a forked reader sends it to its parent."""
        new, self.new = self.new, {}
        return new

    def merge(self, entries: dict[str, Parts]) -> None:
        for key, parts in entries.items():
            self.put(key, parts)

    def open(self, path: Path, making: str) -> None:
        """Start using the store file `path`, made by the code `making` names (missing,
        damaged or made by other code: start empty)."""
        stored = load_pickle(path)
        if (isinstance(stored, dict) and stored.get("version") == STORE_VERSION
                and stored.get("making") == making):
            self.entries.update(stored.get("entries", {}))
        self.path, self.making = path, making

    def save(self) -> None:
        """Keep what this process used, if anything was parsed or left unused."""
        if self.path is None:
            return
        if self.changed or len(self.used) != len(self.entries):
            kept = {key: self.entries[key] for key in self.used}
            write_bytes(self.path, pickle.dumps({"version": STORE_VERSION, "making": self.making,
                                                 "entries": kept}))
            self.changed = False


STORE = ParsedStore()
