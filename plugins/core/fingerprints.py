"""Short digests of what a cached result depends on, and the cache files that hold them.

The build keeps check findings and rendered pages between runs; both decide whether a stored
result is still valid by comparing digests of its inputs, and both must shrug off a cache file
that is missing or damaged.
"""

from __future__ import annotations

import hashlib
import pickle
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from plugins.core.atomic import regular_file_bytes

# The libraries whose version changes what a text becomes or what is found in it: the page
# around it (Jinja, MarkupSafe), its HTML (Markdown), its sanitizing (nh3), its front matter
# (PyYAML), its addresses (Unidecode, in Pelican's slugs), its dates and working days
LIBRARIES = ("pelican", "markdown", "nh3", "jinja2", "markupsafe", "babel", "pyyaml",
             "holidays", "unidecode")


def digest(*parts: bytes) -> str:
    """A digest of `parts` in order (separated, so ("ab", "c") differs from ("a", "bc"))."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def libraries_key() -> bytes:
    """Python's version and the `LIBRARIES`' (read without importing them): a cache made by
    other versions may hold what these would no longer make."""
    versions = [("python", platform.python_version())]
    for name in LIBRARIES:
        try:
            versions.append((name, version(name)))
        except PackageNotFoundError:
            versions.append((name, ""))
    return repr(versions).encode()


def file_contents(root: Path, pattern: str) -> list[bytes]:
    """Name and content of every file under `root` matching `pattern`, in a stable order."""
    if not root.exists():
        return []
    return [path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes()
            for path in sorted(root.rglob(pattern)) if path.is_file()]


def load_pickle(path: Path) -> Any:
    """A cache file's contents, or None when it is missing or cannot be read back, or is not
    a regular file: never read through a link or waited on as a pipe."""
    data = regular_file_bytes(path)
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError,
            ImportError, IndexError, KeyError):
        return None


def load_page_record(path: Path) -> dict[str, tuple[str, int, int, int]]:
    """A record of written pages, name: (key, inode, size, time); empty when missing or
    damaged, and without any entry of another shape, so that no later build trips on it."""
    stored = load_pickle(path)
    if not isinstance(stored, dict):
        return {}
    return {name: entry for name, entry in stored.items()
            if isinstance(name, str) and isinstance(entry, tuple) and len(entry) == 4
            and isinstance(entry[0], str) and all(isinstance(part, int) for part in entry[1:])}
