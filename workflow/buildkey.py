"""A build with nothing changed does nothing: the inputs of the live site, kept in the cache.

Each language run already reuses the pages whose inputs did not change, but a run still
starts Pelican, loads its cache and settles every item: seconds on a large site for no new
byte. So before starting them, the build digests everything the site is made from: every
file of content/ (links are not followed, they are refused), the theme, how the site is made
(`making_key`), whether the build is public and where it goes,
the date deadlines and validity are computed for, and where every version stands at the
build's moment (public, withdrawn, scheduled). When that digest is the one recorded by the
build that made the live site, and the live site is still exactly what that build wrote
(every file's name, inode, size and time), the site is left as it is and the previous
build's warnings are told again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from plugins.core.atomic import regular_file_bytes, write_text
from plugins.core.contenttree import walk
from plugins.core.fingerprints import digest, libraries_key
from plugins.core.index import ContentIndex

KEY_FILE = "build.json"
MAKING_CODE = "plugins"  # beside this file's folder: what the runs read and render with
BUILD_CODE = "workflow"  # how the build runs them and indexes their pages
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILES = ("pelicanconf.py", "publishconf.py")
CONFIG_DIR = "content/_config"
READ, UNREADABLE = b"read", b"unreadable"  # before a file's bytes: whether it could be read


@dataclass(frozen=True)
class Recorded:
    """What the build that made the live site left: its digest, the live folder's identity,
    and each run's warnings."""

    key: str
    output: str
    warnings: dict[str, list[str]]


def publication_states(index: ContentIndex, moment: dt.datetime) -> list[str]:
    """Where every version stands at the build's moment: public or not, withdrawn on which
    day, scheduled for when. The moment itself is left out: a scheduled item changes the key
    when it goes public, not before."""
    return sorted(
        f"{section}/{stem}:{lang}:{index.is_live(section, stem, lang, moment)}:"
        f"{index.withdrawn_on(section, stem, lang)}:{index.scheduled_for(section, stem, lang)}"
        for (section, stem), versions in index.items.items() for lang in versions)


def making_key(repo: Path) -> str:
    """The digest of how the site's pages are made, whatever they are made of: Python's and the
    libraries' versions (`fingerprints.libraries_key`), the plugins' code, the settings files
    and the agency's configuration (content/_config).

    What a build keeps of a text between builds (Pelican's content cache, the parsed front
    matter) and every page's key depend on it, since none of them says which code or setting
    made it: a new Markdown setting must not be met with last week's HTML. The build's own
    code (workflow/) is left out, so that a change to it does not render every page again:
    what it hands the runs that a page shows is keyed with the page (the settings of
    `incremental.SHARED_SETTINGS`, the moment through each item's state, the deadline date
    through its deadlines). A change to workflow/build.py that hands the runs anything else
    that shapes a page must add it to those keys."""
    parts = [libraries_key()]
    for name in SETTINGS_FILES:
        parts.append(regular_file_bytes(repo / name) or b"")
    parts.extend(_tree(repo / CONFIG_DIR))
    parts.extend(_tree(PROJECT_ROOT / MAKING_CODE, suffix=".py"))
    return digest(*parts)


def inputs_key(repo: Path, index: ContentIndex, *, making: str, publish: bool, output: Path,
               deadline_date: str, moment: dt.datetime) -> str:
    """The digest of everything the built site depends on (see the module's docstring):
    `making`, the build's `making_key`, and the build's own code among them. Each file of
    content/ is read once: the index parses the versions' front matter, which say where each
    stands at `moment`, from the bytes read for the digest."""
    content: dict[Path, bytes] = {}
    content_parts = _tree(repo / "content", read=content)
    index.read_documents(content)
    return digest(making.encode(), repr((publish, str(output), deadline_date)).encode(),
                  "\n".join(publication_states(index, moment)).encode(), *content_parts,
                  *_tree(repo / "theme"), *_tree(PROJECT_ROOT / BUILD_CODE, suffix=".py"),
                  "\n".join(str(path) for path in index.scanned).encode())


def _tree(root: Path, suffix: str = "", read: dict[Path, bytes] | None = None) -> list[bytes]:
    """Name and bytes of every regular file under `root`, in a stable order, each file's bytes
    also left in `read` when given; a link or a special file counts by its name (the runs
    refuse it), as does a file that became one, or vanished, since the walk."""
    tree = walk(root)
    parts = []
    for relpath in tree.files:
        if relpath.name.endswith(suffix):
            data = regular_file_bytes(root / relpath)  # None: swapped since the walk
            parts.extend((f"{root.name}/{relpath.as_posix()}".encode(),
                          READ if data is not None else UNREADABLE, data or b""))
            if read is not None and data is not None:
                read[relpath] = data
    parts.extend(str(refusal.path).encode() for refusal in tree.refused)
    return parts


def folder_identity(output: Path) -> str:
    """The live site as it stands, file by file (name, inode, size, time): a new build
    exchanges in a new folder, and a page edited or removed by hand changes it too."""
    parts = []
    for folder, folders, files in os.walk(output):
        folders.sort()
        for name in sorted(files):
            status = os.lstat(os.path.join(folder, name))
            parts.append(f"{folder}/{name}:{status.st_ino}:{status.st_size}:"
                         f"{status.st_mtime_ns}".encode())
    return digest(*parts)


def recorded(cache: Path) -> Recorded | None:
    try:
        data = json.loads((cache / KEY_FILE).read_text(encoding="utf-8"))
        return Recorded(key=str(data["key"]), output=str(data["output"]),
                        warnings={str(k): [str(m) for m in v]
                                  for k, v in data["warnings"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def unchanged(cache: Path, key: str, output: Path) -> Recorded | None:
    """The record of the live site's build when `key` is its key and the site is its folder."""
    record = recorded(cache)
    if record is None or record.key != key:
        return None
    try:
        return record if folder_identity(output) == record.output else None
    except OSError:
        return None


def record(cache: Path, key: str, output: Path, warnings: dict[str, list[str]]) -> None:
    write_text(cache / KEY_FILE, json.dumps(
        {"key": key, "output": folder_identity(output), "warnings": warnings},
        ensure_ascii=False))


def forget(cache: Path) -> None:
    """Before a build changes anything: no record may outlive the site it describes."""
    (cache / KEY_FILE).unlink(missing_ok=True)
