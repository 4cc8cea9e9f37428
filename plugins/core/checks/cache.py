"""Findings of unchanged files, kept between builds.

A build checks every file of its language; on a second build with nothing changed that is
wasted work. A file's findings depend on its text (and its original's, for a translation), on
the configuration, on which files exist (links, duplicates, orphans) and on the rules' code, so
the cache is keyed by exactly those and is dropped whole when any of the shared ones changes.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from plugins.core.atomic import write_bytes
from plugins.core.checks.findings import Finding
from plugins.core.configfiles import CONFIG_DIR
from plugins.core.contenttree import walk
from plugins.core.fingerprints import digest, file_contents, load_pickle
from plugins.core.index import ContentIndex
from plugins.core.sources import MEDIA_DIR

CODE_ROOT = Path(__file__).resolve().parent.parent  # plugins/core: rules, schema, legacy


def tree_key(content_dir: Path, index: ContentIndex) -> str:
    """What every file's findings share: configuration, file set, media, and the rules' code."""
    media_root = content_dir / MEDIA_DIR
    media = [media_root / relpath for relpath in walk(media_root).files]
    return digest(
        *file_contents(content_dir / CONFIG_DIR, "*.yaml"),
        "\n".join(path.as_posix() for path in index.scanned).encode(),
        "\n".join(f"{p.relative_to(content_dir)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                  for p in media).encode(),
        *file_contents(CODE_ROOT, "*.py"),
    )


class FindingsCache:
    """{file: (content key, findings)}, valid for one tree key, stored as one pickle file."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key
        self.entries: dict[Path, tuple[str, list[Finding]]] = {}
        self.changed = False
        stored = load_pickle(path)
        if isinstance(stored, dict) and stored.get("key") == key:
            self.entries = stored.get("entries", {})

    @staticmethod
    def content_key(texts: list[str]) -> str:
        return digest(*(text.encode("utf-8", "surrogatepass") for text in texts))

    def get(self, relpath: Path, key: str) -> list[Finding] | None:
        entry = self.entries.get(relpath)
        return entry[1] if entry and entry[0] == key else None

    def put(self, relpath: Path, key: str, findings: list[Finding]) -> None:
        self.entries[relpath] = (key, findings)
        self.changed = True

    def save(self) -> None:
        if self.changed:
            write_bytes(self.path, pickle.dumps({"key": self.key, "entries": self.entries}))
