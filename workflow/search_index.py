"""Write the site's search index (Pagefind) into a freshly built tree, before it goes live.

The language runs leave the search document of every page they write in a mirror of the site
under `.cache/search-pages/` (plugins/core/searchpages.py: the `<html lang>` and the element
a template marks `data-pagefind-body`, "đ" written as "d"), rewriting only the documents of
pages whose inputs changed. Pagefind indexes that mirror, one index per language, into
`pagefind/` at the site root: published items, not listings, drafts, withdrawn items or the
internal pages of a preview.

When the documents are those of the previous build (their digests are in the runs'
manifests), the previous index is linked in instead of made again, provided it is exactly the
one the cache recorded (its entry file's inode, size and time), so an index of a build that
never went live is never reused. Links are safe here: nothing ever writes into an index file
in place; every Pagefind run writes a new folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

from plugins.core.atomic import write_text
from plugins.core.errors import PortalError
from plugins.core.fingerprints import load_pickle
from plugins.core.i18n import _
from plugins.core.searchpages import prune_mirror

SEARCH_DIR = "pagefind"
KEY_FILE = "search-index.key"
ENTRY_FILE = "pagefind-entry.json"  # rewritten by every Pagefind run


@dataclass(frozen=True)
class SearchIndex:
    """What the index holds and costs: pages indexed, files written and their size, and
    whether the previous build's index was reused."""

    pages: int
    files: int
    size: int
    reused: bool = False


def write_search_index(root: Path, *, cache: Path, previous: Path | None, mirror: Path,
                       manifests: list[Path]) -> SearchIndex:
    """Index the documents of `mirror` into `root/pagefind/`, or link `previous/pagefind/`
    when the documents are those it was made from; a PortalError when Pagefind cannot run."""
    documents = _documents(manifests)
    output = root / SEARCH_DIR
    if not documents:  # nothing published yet: Pagefind refuses an empty site
        return SearchIndex(pages=0, files=0, size=0)
    executable = get_executable()  # the extended binary, which segments Chinese into words
    if executable is None:
        raise _failure(_("Pagefind is not installed"))
    key = _digest(executable, documents)
    old = previous / SEARCH_DIR if previous is not None else None
    found = _record(key, old) if old is not None else ""
    reused = bool(found) and found == _recorded(cache)
    if reused and old is not None:
        _link_tree(old, output)
    else:
        prune_mirror(mirror, documents)
        _run_pagefind(executable, mirror, output)
    write_text(cache / KEY_FILE, _record(key, output) + "\n")
    written = [path for path in output.rglob("*") if path.is_file()]
    return SearchIndex(pages=len(documents), files=len(written),
                       size=sum(path.stat().st_size for path in written), reused=reused)


def _documents(manifests: list[Path]) -> dict[str, str]:
    """{page: the digest of its search document} over every language run, in a stable
    order."""
    documents: dict[str, str] = {}
    for manifest in manifests:
        stored = load_pickle(manifest)
        if isinstance(stored, dict):
            documents.update((name, entry[1]) for name, entry in stored.items())
    return dict(sorted(documents.items()))


def _digest(executable: Path, documents: dict[str, str]) -> str:
    """What the index is made from: the documents, and the Pagefind that indexed them."""
    return hashlib.sha256("\0".join([str(executable.resolve()), *(
        f"{name}\0{key}" for name, key in documents.items())]).encode()).hexdigest()


def _link_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source` made of hard links (the walk follows no link)."""
    for folder, _folders, files in os.walk(source):
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(Path(folder, name), here / name, follow_symlinks=False)


def _record(key: str, index: Path) -> str:
    """The pages' digest with the identity of the index made from them."""
    try:
        entry = (index / ENTRY_FILE).lstat()
    except OSError:
        return ""
    return f"{key} {entry.st_ino} {entry.st_size} {entry.st_mtime_ns}"


def _recorded(cache: Path) -> str | None:
    try:
        return (cache / KEY_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _run_pagefind(executable: Path, mirror: Path, output: Path) -> None:
    """Pagefind's command over the mirror: it reads a few thousand small documents in a
    second or two, while its Python service answers page by page, many times slower."""
    try:
        result = subprocess.run(
            [str(executable), "--site", str(mirror), "--output-path", str(output), "--silent"],
            capture_output=True, text=True, check=False)
    except OSError as error:
        raise _failure(error.strerror or str(error)) from error
    if result.returncode != 0:
        raise _failure(result.stderr.strip() or result.stdout.strip())
    _sort_entry(output / ENTRY_FILE)


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages of its entry file in a hash map's order, which changes
    from run to run: written again with sorted keys, the same pages give the same bytes."""
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _failure(str(error)) from error
    write_text(entry, json.dumps(data, sort_keys=True, ensure_ascii=False,
                                 separators=(",", ":")))


def _failure(detail: str) -> PortalError:
    return PortalError(_("the search index could not be written: {error}. Reinstall the "
                         "project ('pip install -e .') so that Pagefind is present.")
                       .format(error=detail))
