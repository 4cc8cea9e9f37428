"""Findings of unchanged files, kept between builds.

A build checks every file of its language; on a second build with nothing changed that is
wasted work. A file's findings depend on its text (and its original's, for a translation), on
the configuration, the media files and the rules' code (the cache is dropped whole when one of
these changes); and, only when its rules looked at them (a link, a document's relations), on
which other files exist and which are published. So a new item re-checks the files that link
somewhere, not every file.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

from plugins.core.atomic import write_bytes
from plugins.core.checks.findings import Finding
from plugins.core.configfiles import CONFIG_DIR
from plugins.core.contenttree import walk
from plugins.core.fingerprints import digest, file_contents, libraries_key, load_pickle
from plugins.core.sources import MEDIA_DIR

CODE_ROOT = Path(__file__).resolve().parent.parent  # plugins/core: rules, schema, legacy


def tree_key(content_dir: Path) -> str:
    """What every file's findings share: configuration, media, the rules' code and the
    libraries' versions."""
    media_root = content_dir / MEDIA_DIR
    media = [media_root / relpath for relpath in walk(media_root).files]
    return digest(
        *file_contents(content_dir / CONFIG_DIR, "*.yaml"),
        "\n".join(f"{p.relative_to(content_dir)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                  for p in media).encode(),
        *file_contents(CODE_ROOT, "*.py"), libraries_key(),
    )


class FindingsCache:
    """{file: (content key, tree state or None, findings)}, valid for one tree key, stored as
    one pickle file. The tree state is recorded only for files whose rules looked at the
    tree."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key
        self.entries: dict[Path, tuple[str, str | None, list[Finding]]] = {}
        self.new: dict[Path, tuple[str, str | None, list[Finding]]] = {}  # since `take_new`
        self.changed = False
        stored = load_pickle(path)
        if isinstance(stored, dict) and stored.get("key") == key:
            self.entries = stored.get("entries", {})

    @staticmethod
    def content_key(digests: list[str]) -> str:
        """The key of a file's findings from the digests of the files they depend on."""
        return digest(*(part.encode() for part in digests))

    def get(self, relpath: Path, key: str,
            tree_state: Callable[[], str]) -> list[Finding] | None:
        """The stored findings if still valid; `tree_state` is asked only when needed."""
        entry = self.entries.get(relpath)
        if entry is None or entry[0] != key:
            return None
        if entry[1] is not None and entry[1] != tree_state():
            return None
        return entry[2]

    def put(self, relpath: Path, key: str, findings: list[Finding],
            tree_state: str | None) -> None:
        self.entries[relpath] = self.new[relpath] = (key, tree_state, findings)
        self.changed = True

    def take_new(self) -> dict[Path, tuple[str, str | None, list[Finding]]]:
        """What was put since the last call: a forked worker sends it to its parent."""
        new, self.new = self.new, {}
        return new

    def merge(self, entries: dict[Path, tuple[str, str | None, list[Finding]]]) -> None:
        self.entries.update(entries)
        self.changed = self.changed or bool(entries)

    def save(self) -> None:
        if self.changed:
            write_bytes(self.path, pickle.dumps({"key": self.key, "entries": self.entries}))
