"""Write the site's search index (Pagefind) into a freshly built tree, before it goes live.

The language runs leave the search document of every page they write in a mirror of the site
under `.cache/search-pages/` (plugins/core/searchpages.py: the `<html lang>` and the element
a template marks `data-pagefind-body`, "đ" written as "d"), rewriting only the documents of
pages whose inputs changed. Only published items are indexed, not listings, drafts, withdrawn
items or the internal pages of a preview.

The index is made in shards, one per language and year (`searchpages.shard_of`), each a
Pagefind bundle of its own in `pagefind/<shard>/`; `pagefind/shards.json` lists each
language's shards, newest first, and the search page merges them (Pagefind's `mergeIndex`).
Pagefind has no incremental mode: one index over the whole site was made again for any
change, in seconds and hundreds of megabytes on a large site. A shard is made again only when
one of its documents changed, so an edit indexes one year of one language; the other shards
are linked in from the live site, provided each is exactly the one the cache recorded (its
entry file's inode, size and time), so an index of a build that never went live is never
reused. Links are safe here: nothing ever writes into an index file in place; every Pagefind
run writes a new folder. Shards are indexed side by side, one per core.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

from plugins.core.atomic import remove_entry, write_text
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.searchpages import SEARCH_DIR, load_manifest, prune_shard

SHARDS_FILE = "shards.json"  # {language: [shard, ...]}, what the search page merges
KEY_FILE = "search-index.key"
ENTRY_FILE = "pagefind-entry.json"  # rewritten by every Pagefind run
UNDATED = "undated"  # the year part of the shard of pages without a date


@dataclass(frozen=True)
class SearchIndex:
    """What the index holds: pages indexed, its shards and how many of them Pagefind made in
    this build (the others were reused). What its files weigh is `bench weight`'s to count:
    a build does not walk the whole index for a figure nobody reads."""

    pages: int
    shards: int = 0
    indexed: int = 0

    @property
    def reused(self) -> bool:
        """The whole index is the previous build's."""
        return self.shards > 0 and self.indexed == 0


def write_search_index(root: Path, *, cache: Path, previous: Path | None, mirror: Path,
                       manifests: list[Path]) -> SearchIndex:
    """Index the documents of `mirror` into `root/pagefind/`, shard by shard: a shard already
    there (`root` is the standby, workflow/standby.py) is kept, one of `previous/pagefind/`
    is linked in, when its documents are those it was made from; the others are indexed. A
    PortalError when Pagefind cannot run."""
    shards = _shards(manifests)
    output = root / SEARCH_DIR
    output.mkdir(exist_ok=True)
    for entry in output.iterdir():
        if entry.name not in shards and entry.name != SHARDS_FILE:
            remove_entry(entry)
    write_text(output / SHARDS_FILE, json.dumps(_listing(shards), sort_keys=True,
                                                separators=(",", ":")))
    if not shards:  # nothing published yet: Pagefind refuses an empty site
        return SearchIndex(pages=0)
    executable = get_executable()  # the extended binary, which segments Chinese into words
    if executable is None:
        raise _failure(_("Pagefind is not installed"))
    keys = {shard: _digest(executable, shard, documents)
            for shard, documents in shards.items()}
    recorded = _recorded(cache)
    stale = []
    for shard, key in keys.items():
        if recorded.get(_identity(output / shard)) == key:
            continue
        remove_entry(output / shard)
        old = previous / SEARCH_DIR / shard if previous is not None else None
        if old is not None and recorded.get(_identity(old)) == key:
            _link_tree(old, output / shard)
        else:
            stale.append(shard)
    if stale:
        missing = {f"{shard}/{name}" for shard in stale
                   for name in prune_shard(mirror, shard, shards[shard])}
        if missing:  # removed while the build ran: the next build writes the mirror afresh
            raise PortalError(_("the search index could not be written: search documents were "
                                "removed from {folder} during the build ({example}). Build "
                                "again; the next build writes them afresh.").format(
                folder=mirror, example=min(missing)))
        _run_pagefind(executable, mirror, output,
                      sorted(stale, key=lambda shard: -len(shards[shard])))
    _record(cache, recorded, {_identity(output / shard): key for shard, key in keys.items()},
            previous)
    return SearchIndex(pages=sum(len(documents) for documents in shards.values()),
                       shards=len(shards), indexed=len(stale))


def _shards(manifests: list[Path]) -> dict[str, dict[str, str]]:
    """{shard: {page: the digest of its search document}} over every language run, in a
    stable order."""
    shards: dict[str, dict[str, str]] = {}
    for manifest in manifests:
        for name, document in load_manifest(manifest).items():
            shards.setdefault(document.shard, {})[name] = document.digest
    return {shard: dict(sorted(documents.items())) for shard, documents in sorted(shards.items())}


def _listing(shards: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """Each language's shards, the newest year first (the one the search page loads first),
    the pages without a date last."""
    listing: dict[str, list[str]] = {}
    for shard in shards:
        language, _year = shard.rsplit("-", 1)
        listing.setdefault(language, []).append(shard)
    return {language: sorted(names, key=lambda name: (name.endswith(UNDATED), _negated(name)))
            for language, names in listing.items()}


def _negated(shard: str) -> int:
    """A dated shard's year, negated, so that sorting puts the newest first."""
    year = shard.rsplit("-", 1)[1]
    return -int(year) if year.isdigit() else 0


def _digest(executable: Path, shard: str, documents: dict[str, str]) -> str:
    """What a shard is made from: its documents, and the Pagefind that indexed them (its file
    as installed, so that an upgrade makes every shard again: the search page reads all its
    language's shards with the newest shard's Pagefind)."""
    binary = executable.resolve()
    status = binary.stat()
    return hashlib.sha256("\0".join([str(binary), str(status.st_size), str(status.st_mtime_ns),
                                      shard, *(f"{name}\0{key}" for name, key in
                                               documents.items())]).encode()).hexdigest()


def _link_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source` made of hard links (the walk follows no link)."""
    for folder, _folders, files in os.walk(source):
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(Path(folder, name), here / name, follow_symlinks=False)


def _identity(shard: Path) -> str:
    """Which index a shard's folder holds: its entry file's inode, size and time, which no
    step changes in place (every Pagefind run writes a new folder); empty when it has none."""
    try:
        entry = (shard / ENTRY_FILE).lstat()
    except OSError:
        return ""
    return f"{entry.st_ino} {entry.st_size} {entry.st_mtime_ns}"


def _recorded(cache: Path) -> dict[str, str]:
    """{identity of a shard's index: the digest it was made from}, for the shards of the
    live site and of the standby; empty when unreadable."""
    try:
        stored = json.loads((cache / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(stored, dict):
        return {}
    return {identity: key for identity, key in stored.items() if isinstance(key, str)}


def _record(cache: Path, recorded: dict[str, str], made: dict[str, str],
            previous: Path | None) -> None:
    """Keep the records of this build's shards and of the live site's, which the exchange
    makes the next build's standby."""
    kept = dict(made)
    if previous is not None and (previous / SEARCH_DIR).is_dir():
        for shard in (previous / SEARCH_DIR).iterdir():
            identity = _identity(shard)
            if identity in recorded:
                kept[identity] = recorded[identity]
    kept.pop("", None)
    write_text(cache / KEY_FILE, json.dumps(kept, sort_keys=True))



def _run_pagefind(executable: Path, mirror: Path, output: Path, shards: list[str]) -> None:
    """Pagefind's command over each shard of the mirror, as many at once as there are cores
    (Pagefind indexes on one): it reads a few thousand small documents in a second or two,
    while its Python service answers page by page, many times slower."""
    with ThreadPoolExecutor(max_workers=min(len(shards), os.cpu_count() or 1)) as pool:
        for failure in pool.map(lambda shard: _index_shard(executable, mirror / shard,
                                                           output / shard), shards):
            if failure is not None:
                raise _failure(failure)


def _index_shard(executable: Path, documents: Path, output: Path) -> str | None:
    """One Pagefind run; what went wrong, if it did."""
    try:
        result = subprocess.run(
            [str(executable), "--site", str(documents), "--output-path", str(output),
             "--silent"], capture_output=True, text=True, check=False)
    except OSError as error:
        return error.strerror or str(error)
    if result.returncode != 0:
        return result.stderr.strip() or result.stdout.strip()
    try:
        _sort_entry(output / ENTRY_FILE)
    except (OSError, ValueError) as error:
        return str(error)
    return None


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages of its entry file in a hash map's order, which changes
    from run to run: written again with sorted keys, the same pages give the same bytes."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    write_text(entry, json.dumps(data, sort_keys=True, ensure_ascii=False,
                                 separators=(",", ":")))


def _failure(detail: str) -> PortalError:
    return PortalError(_("the search index could not be written: {error}. Reinstall the "
                         "project ('pip install -e .') so that Pagefind is present.")
                       .format(error=detail))
