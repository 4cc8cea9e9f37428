"""What the search index reads of each page, kept between builds in a mirror of the site.

Pagefind indexes only the element a template marks `data-pagefind-body` (published items) and
takes the page's language from `<html lang>`. Handing it whole pages made it read and parse
every page of the site on every build, seconds on a large site, and the build wrote a scratch
copy of them all. Instead each language run writes, for each page it renders, the search
document: the `<html lang>` line and the marked element, nothing else, with "đ" written as
"d" in its text (Pagefind folds away accents but "đ" is a letter of its own; the search page
folds the reader's query the same way; attributes keep their letters, so the titles and
summaries results show are intact). The documents live in `.cache/search-pages/`, one tree
shaped like the site per shard of the index (`shard_of`: a language and a year), and are
written only when their page's key changed: an edit writes one file, in one shard.

Each run records which documents it wrote, with their page keys, in its own manifest. A run
removes its manifest before it starts and writes it when it ends, so after a killed build the
next one finds a manifest missing and starts the mirror afresh (`prepare_mirror`).
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from plugins.core.atomic import real_folder, write_bytes, write_text
from plugins.core.contenttree import walk
from plugins.core.fingerprints import digest, load_pickle

MIRROR_DIR = "search-pages"  # under the repository's .cache/
SEARCH_DIR = "pagefind"  # in the built site: the index, one folder per shard
MANIFEST_FILE = "search-pages.pickle"  # beside each run's Pelican cache
INDEXED_MARK = "data-pagefind-body"
MARKED_ELEMENT = re.compile(r"<(\w+)\b[^>]*?\s" + INDEXED_MARK + r"[\s>=]")
HTML_TAG = re.compile(r"<html\b[^>]*>")
# A "đ" in text, not inside a tag: no ">" comes before the next "<".
D_IN_TEXT = re.compile(r"[đĐ](?![^<>]*>)")
PLAIN_D = {"đ": "d", "Đ": "D"}


def shard_of(language: str, moment: dt.date | None) -> str:
    """The shard of the search index a page belongs to: its language and its year, so an edit
    indexes one year of one language again and a new item the current year; pages without a
    date share their language's own shard."""
    return f"{language}-{moment.year}" if moment is not None else f"{language}-undated"


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
    build) or names a document that is not there as a file (a cache tampered with): its
    documents can then no longer be trusted to be those of the pages. Whatever is not the
    folder of a recorded shard is removed."""
    mirror = cache / MIRROR_DIR
    if mirror.is_symlink():  # never written through
        mirror.unlink()
    recorded = [load_manifest(manifest) if manifest.is_file() else None
                for manifest in manifests]
    if not all(documents is not None and _documents_present(mirror, documents)
               for documents in recorded):
        shutil.rmtree(mirror, ignore_errors=True)
        for manifest in manifests:
            manifest.unlink(missing_ok=True)
    mirror.mkdir(parents=True, exist_ok=True)
    shards = {document.shard for documents in recorded for document in (documents or {}).values()}
    with os.scandir(mirror) as entries:
        for entry in entries:
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
            elif entry.name not in shards:
                shutil.rmtree(entry.path)
    return mirror


def _documents_present(mirror: Path, documents: dict[str, Document]) -> bool:
    for name, document in documents.items():
        try:
            if not stat.S_ISREG(os.lstat(mirror / document.shard / name).st_mode):
                return False
        except OSError:
            return False
    return True


class Document(NamedTuple):
    """A page's entry in a run's manifest."""

    key: str  # the page's inputs
    digest: str  # of its search document
    shard: str  # the folder of the mirror it is in (`shard_of`)


class SearchPages:
    """One language run's share of the mirror: {page name: Document}. The index is keyed by
    the documents' digests, shard by shard, so a change that leaves every document as it was
    (a footer, a listing template) does not index anything again."""

    def __init__(self, mirror: Path, manifest: Path) -> None:
        self.mirror = mirror
        self.manifest = manifest
        self.old = load_manifest(manifest)
        manifest.unlink(missing_ok=True)  # back when this run has finished
        self.new: dict[str, Document] = {}

    def keep(self, name: str, key: str, shard: str) -> bool:
        """Whether the page's document is the one recorded for inputs `key` in `shard`;
        if so it is kept, and the page need not be read."""
        old = self.old.get(name)
        if old is None or old.key != key or old.shard != shard:
            return False
        self.new[name] = old
        return True

    def offer(self, name: str, key: str, html: str, shard: str) -> None:
        """A page of `shard` was written from inputs `key`: keep, write or remove its
        document."""
        if self.keep(name, key, shard):
            return
        old = self.old.get(name)
        document = search_document(html)  # None for most pages: listings, forms, drafts
        if old is not None and (document is None or old.shard != shard):
            self._remove(name, old.shard)
            old = None
        if document is None:
            return
        document_digest = digest(document.encode())
        if old is None or old.digest != document_digest:
            page = PurePosixPath(shard, name)
            write_text(real_folder(self.mirror, page.parent) / page.name, document,
                       durable=False)  # a cache file, made again at will
        self.new[name] = Document(key, document_digest, shard)

    def finish(self) -> None:
        """Remove the documents of pages this run no longer writes; record the others."""
        for name in self.old.keys() - self.new.keys():
            self._remove(name, self.old[name].shard)
        write_bytes(self.manifest, pickle.dumps(self.new))

    def _remove(self, name: str, shard: str) -> None:
        (self.mirror / shard / name).unlink(missing_ok=True)


def load_manifest(manifest: Path) -> dict[str, Document]:
    """A run's manifest; empty when it is missing, damaged or of an older layout (the mirror
    is then pruned to what the runs record, before Pagefind reads it)."""
    stored = load_pickle(manifest)
    if not isinstance(stored, dict):
        return {}
    return {name: entry for name, entry in stored.items()
            if isinstance(name, str) and isinstance(entry, Document)}



def prune_shard(mirror: Path, shard: str, documents: Iterable[str]) -> set[str]:
    """Leave in a shard's folder of the mirror only the documents the runs recorded, as
    regular files: Pagefind reads everything there and follows links, so nothing else may
    stay for it to index. Returns the recorded documents that are not there."""
    wanted = set(documents)
    folder = mirror / shard
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            folder.unlink()
            return wanted
    except FileNotFoundError:
        return wanted
    tree = walk(folder)
    for refusal in tree.refused:
        (folder / Path(refusal.path or "")).unlink(missing_ok=True)
    found = set()
    for relpath in tree.files:
        if relpath.as_posix() in wanted:
            found.add(relpath.as_posix())
        else:
            (folder / relpath).unlink()
    return wanted - found
