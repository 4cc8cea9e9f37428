"""Write the site's search index (Pagefind) into a freshly built tree, before it goes live.

Every language run has written its pages; the index is made from those pages, one per
language (Pagefind reads each page's `<html lang>`), and lands in `pagefind/` at the site root.
Only what a template marks with `data-pagefind-body` is indexed: published items, not
listings, drafts, withdrawn items or the internal pages of a preview.

Pagefind folds away diacritics ("bien gioi" finds "biên giới"), but "đ" is a letter of its
own, not "d" with a mark: the text of each page is handed to Pagefind with "đ" written as
"d", and the search page folds the reader's query the same way. Attributes are left as they
are, so the titles and summaries results show (read from attributes, see article.html) keep
their letters.

Indexing every page again costs seconds on a large site, so when the indexed pages are byte
for byte those of the previous build (their digest is kept in the cache), the previous
index is copied instead, provided it is exactly the one the cache recorded (its entry file's
inode, size and time), so an index of a build that never went live is never reused.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

from plugins.core.atomic import write_text
from plugins.core.errors import PortalError
from plugins.core.i18n import _

SEARCH_DIR = "pagefind"
INDEXED_MARK = b"data-pagefind-body"
# A "đ" in text, not inside a tag: no ">" comes before the next "<".
D_IN_TEXT = re.compile(r"[đĐ](?![^<>]*>)")
PLAIN_D = {"đ": "d", "Đ": "D"}
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


def fold_text(html: str) -> str:
    """The page with "đ" written as "d" in its text, tags and attributes untouched."""
    return D_IN_TEXT.sub(lambda match: PLAIN_D[match.group()], html)


def write_search_index(root: Path, *, cache: Path, previous: Path | None) -> SearchIndex:
    """Index the pages of `root` into `root/pagefind/`, or copy `previous/pagefind/` when
    the pages are those it was made from; a PortalError when Pagefind cannot run."""
    pages = _indexed_pages(root)
    output = root / SEARCH_DIR
    if not pages:  # nothing published yet: Pagefind refuses an empty site
        return SearchIndex(pages=0, files=0, size=0)
    executable = get_executable()  # the extended binary, which segments Chinese into words
    if executable is None:
        raise _failure(_("Pagefind is not installed"))
    key = _digest(executable, pages)
    old = previous / SEARCH_DIR if previous is not None else None
    found = _record(key, old) if old is not None else ""
    reused = bool(found) and found == _recorded(cache)
    if reused:
        shutil.copytree(old, output)
    else:
        _run_pagefind(executable, pages, output)
    write_text(cache / KEY_FILE, _record(key, output) + "\n")
    written = [path for path in output.rglob("*") if path.is_file()]
    return SearchIndex(pages=len(pages), files=len(written),
                       size=sum(path.stat().st_size for path in written), reused=reused)


def _indexed_pages(root: Path) -> dict[Path, bytes]:
    """Every page that asks to be indexed, by its path under `root`, in a stable order. The
    walk does not follow links: the tree is the build's own."""
    pages = {}
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders
                            if not (Path(folder) == root and name == SEARCH_DIR))
        for name in sorted(files):
            if name.endswith(".html"):
                path = Path(folder, name)
                data = path.read_bytes()
                if INDEXED_MARK in data:
                    pages[path.relative_to(root)] = data
    return pages


def _digest(executable: Path, pages: dict[Path, bytes]) -> str:
    """What the index is made from: the pages, and the Pagefind that indexed them."""
    digest = hashlib.sha256(str(executable.resolve()).encode())
    for path, data in pages.items():
        digest.update(f"\0{path.as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


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


def _run_pagefind(executable: Path, pages: dict[Path, bytes], output: Path) -> None:
    """Pagefind's command over the folded pages, written to a scratch folder: it reads a site
    of a few thousand pages in seconds, while its Python service answers page by page, many
    times slower."""
    with tempfile.TemporaryDirectory(prefix="search-") as scratch:
        for path, data in pages.items():
            target = Path(scratch, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(fold_text(data.decode("utf-8")), encoding="utf-8")
        try:
            result = subprocess.run(
                [str(executable), "--site", scratch, "--output-path", str(output),
                 "--silent"], capture_output=True, text=True, check=False)
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
