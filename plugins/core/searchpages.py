"""What the search index reads of each page, kept between builds in a mirror of the site.

Pagefind indexes only the element a template marks `data-pagefind-body` (published items) and
takes the page's language from `<html lang>`. Handing it whole pages made it read and parse
every page of the site on every build, seconds on a large site, and the build wrote a scratch
copy of them all. Instead each language run writes, for each page it renders, the search
document: the `<html lang>` line and the marked element, nothing else, with "đ" written as
"d" in its text (Pagefind folds away accents but "đ" is a letter of its own; the search page
folds the reader's query the same way; attributes keep their letters, so the titles and
summaries results show are intact). The documents live in `.cache/search-pages/`, a tree shaped
like the site, and are written only when their page's key changed: an edit writes one file.

Each run records which documents it wrote, with their page keys, in its own manifest. A run
removes its manifest before it starts and writes it when it ends, so after a killed build the
next one finds a manifest missing and starts the mirror afresh (`prepare_mirror`).
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from plugins.core.atomic import write_bytes, write_text
from plugins.core.contenttree import walk
from plugins.core.fingerprints import digest, load_pickle

MIRROR_DIR = "search-pages"  # under the repository's .cache/
MANIFEST_FILE = "search-pages.pickle"  # beside each run's Pelican cache
INDEXED_MARK = "data-pagefind-body"
MARKED_ELEMENT = re.compile(r"<(\w+)\b[^>]*?\s" + INDEXED_MARK + r"[\s>=]")
HTML_TAG = re.compile(r"<html\b[^>]*>")
# A "đ" in text, not inside a tag: no ">" comes before the next "<".
D_IN_TEXT = re.compile(r"[đĐ](?![^<>]*>)")
PLAIN_D = {"đ": "d", "Đ": "D"}


def fold_text(html: str) -> str:
    """The page with "đ" written as "d" in its text, tags and attributes untouched."""
    return D_IN_TEXT.sub(lambda match: PLAIN_D[match.group()], html)


def search_document(html: str) -> str | None:
    """The part of a page the index reads, folded; None when the page is not indexed."""
    opening = MARKED_ELEMENT.search(html) if INDEXED_MARK in html else None
    language = HTML_TAG.search(html)
    if opening is None or language is None:
        return None
    tag = re.compile(rf"<(/?){opening.group(1)}\b")
    depth = 0
    for match in tag.finditer(html, opening.start()):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            end = html.index(">", match.end()) + 1
            break
    else:
        end = len(html)
    return fold_text(f"<!DOCTYPE html>\n{language.group()}\n<head><meta charset=\"utf-8\">"
                     f"</head>\n<body>\n{html[opening.start():end]}\n</body>\n</html>\n")


def prepare_mirror(cache: Path, manifests: list[Path]) -> Path:
    """The mirror's folder, emptied when a run's manifest is missing (a killed build, a first
    build): its documents can then no longer be told apart from stale ones."""
    mirror = cache / MIRROR_DIR
    if mirror.is_symlink():  # never written through
        mirror.unlink()
    if not all(manifest.is_file() for manifest in manifests):
        shutil.rmtree(mirror, ignore_errors=True)
        for manifest in manifests:
            manifest.unlink(missing_ok=True)
    mirror.mkdir(parents=True, exist_ok=True)
    return mirror


class SearchPages:
    """One language run's share of the mirror: {page name: (the page's key, the digest of its
    document)}. The index is keyed by the documents' digests, so a change that leaves every
    document as it was (a footer, a listing template) does not index the site again."""

    def __init__(self, mirror: Path, manifest: Path) -> None:
        self.mirror = mirror
        self.manifest = manifest
        stored = load_pickle(manifest)
        self.old: dict[str, tuple[str, str]] = stored if isinstance(stored, dict) else {}
        manifest.unlink(missing_ok=True)  # back when this run has finished
        self.new: dict[str, tuple[str, str]] = {}

    def offer(self, name: str, key: str, html: str) -> None:
        """A page was written from inputs `key`: keep, write or remove its document."""
        old = self.old.get(name)
        if old is not None and old[0] == key:
            self.new[name] = old
            return
        document = search_document(html)
        target = _real_folder(self.mirror, PurePosixPath(name).parent) / PurePosixPath(name).name
        if document is None:
            target.unlink(missing_ok=True)
            return
        document_digest = digest(document.encode())
        if old is None or old[1] != document_digest:
            write_text(target, document, durable=False)  # a cache file, made again at will
        self.new[name] = (key, document_digest)

    def finish(self) -> None:
        """Remove the documents of pages this run no longer writes; record the others."""
        for name in self.old.keys() - self.new.keys():
            (self.mirror / name).unlink(missing_ok=True)
        write_bytes(self.manifest, pickle.dumps(self.new))



def _real_folder(mirror: Path, relative: PurePosixPath) -> Path:
    """The folder `relative` inside the mirror, made as needed. Whatever stands in the way and
    is not a real folder (a link someone left in the cache) is removed: no write leaves it."""
    current = mirror
    for part in relative.parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            current.mkdir()
            continue
        if not stat.S_ISDIR(mode):
            current.unlink()
            current.mkdir()
    return current


def prune_mirror(mirror: Path, documents: Iterable[str]) -> None:
    """Leave in the mirror only the documents the runs recorded, as regular files: Pagefind
    reads everything there and follows links, so nothing else may stay for it to index."""
    wanted = set(documents)
    tree = walk(mirror)
    for refusal in tree.refused:
        (mirror / Path(refusal.path or "")).unlink(missing_ok=True)
    for relpath in tree.files:
        if relpath.as_posix() not in wanted:
            (mirror / relpath).unlink()
