"""The tree a build writes into: the folders of the one the last build retired.

A build writes the whole site into a tree of its own and exchanges it with the live one in one
step (workflow/swap.py). A fresh tree cost, on every build, a folder for every page of the site
(about 2,900 `mkdir` at 2,000 items, 0.6 to 2 s on this machine's disk), and removing the
retired tree as many `rmdir` again. So the tree a build retires is kept beside the site as
`.<output>.standby` (a name no git branch, hence no preview folder, can have) and becomes the
next build's tree:

- Its folders are kept; every file in them is removed before the runs write anything, but
  the item and listing pages the runs may keep where they are: those the build that retired
  the tree recorded as unchanged (`kept_pages`, each run's `STANDBY_PAGES_FILE`), provided each is
  still exactly the file recorded (inode, size, time), a regular file of this user's with no
  other link. A run keeps such a page only when its inputs are again the same, so its bytes
  and time are those of the live page; it removes one whose inputs changed before writing
  the page anew, and removes those it no longer writes (plugins/portal_site/incremental.py).
  Each file the build writes is therefore a new one, exactly as in a fresh tree: nothing the
  build does not write or keep can remain, a reader still downloading a file from the
  retired site keeps intact bytes, and no link, hard link or special file someone left there
  can lead a write elsewhere. (Removing a file and creating it again measured faster than
  writing over it in place.) The removal (`empty`) runs beside the language runs' reading,
  which writes nothing (workflow/build.py).
- Only folders this user owns and no one else may write to are kept; any other is removed
  whole, and a standby whose own folder is not such is not used.
- The search index's shards (`pagefind/<shard>/`) are kept whole, for workflow/search_index.py
  to keep, link or replace: no step ever writes into an index file. A shard holding anything
  but this user's regular files and folders is removed.
- After the runs, the folders left empty are removed (`sweep`).

A build that fails removes its tree; the next build starts a fresh one. The tree's own folder
gets the mode any new folder gets (0777 less the umask), so the web server may read the site.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from plugins.core.atomic import file_identity, remove_entry, unique_folder
from plugins.core.fingerprints import load_page_record
from plugins.core.searchpages import SEARCH_DIR  # its shards: kept, linked or replaced

STANDBY = ".standby"
ASIDE = "-aside"  # what a build could not empty: its clean-up's prefix still matches
OTHERS_MAY_WRITE = stat.S_IWGRP | stat.S_IWOTH


def standby_of(output: Path) -> Path:
    return output.with_name(f".{output.name}{STANDBY}")


def claim(output: Path, prefix: str) -> tuple[Path, bool]:
    """The tree this build writes into, and whether `empty` must clear it first: the standby,
    renamed so that a killed build leaves it where the next build's clean-up finds it; else a
    fresh folder."""
    fresh = unique_folder(output.parent, prefix)
    standby = standby_of(output)
    try:
        status = os.lstat(standby)
    except FileNotFoundError:
        return fresh, False
    try:
        if not _trusted(status):
            remove_entry(standby)
            return fresh, False
        mode = stat.S_IMODE(os.lstat(fresh).st_mode)
        os.rmdir(fresh)
        standby.rename(fresh)
    except OSError:  # another process moved it meanwhile, or it cannot be removed
        fresh.mkdir(exist_ok=True)
        return fresh, False
    with contextlib.suppress(OSError):  # claimed, so emptied, whatever its mode ends up
        os.chmod(fresh, mode)
    return fresh, True


def kept_pages(manifests: list[Path]) -> dict[str, tuple[int, int, int]]:
    """The standby's pages the runs may keep, by name relative to the tree: inode, size and
    time, from each run's `STANDBY_PAGES_FILE`."""
    return {name: entry[1:] for manifest in manifests
            for name, entry in load_page_record(manifest).items()}


def empty(tree: Path, keep: dict[str, tuple[int, int, int]] | None = None) -> None:
    """Remove the retired site's files from `tree`, but those `keep` names that are still the
    files recorded (`kept_pages`). When something in it cannot be removed, the tree is moved
    aside whole, for the next build's clean-up, and made again empty under its name; OSError
    only when even that fails."""
    try:
        _empty(str(tree), top=True, keep=_Keep(keep or {}, len(str(tree)) + 1))
    except OSError:
        mode = stat.S_IMODE(os.lstat(tree).st_mode)
        tree.rename(tree.with_name(tree.name + ASIDE))
        tree.mkdir(mode)


def retire(tree: Path, output: Path) -> None:
    """Keep `tree`, the site the exchange retired, as the next build's standby. The new site
    is live by now: a standby that cannot be kept is left to the build's clean-up, and the
    next build starts a fresh tree."""
    standby = standby_of(output)
    with contextlib.suppress(OSError):
        if os.path.lexists(standby):
            remove_entry(standby)
        tree.rename(standby)


def sweep(tree: Path) -> None:
    """Remove the folders this build left empty (the search index's aside)."""
    with os.scandir(tree) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != SEARCH_DIR:
                _remove_if_empty(entry.path)


def _remove_if_empty(folder: str) -> bool:
    """Remove the empty folders under `folder`, and it if it is left empty; whether it was."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.is_dir(follow_symlinks=False) and _remove_if_empty(entry.path)):
                empty = False
    if empty:
        with contextlib.suppress(OSError):  # written into meanwhile: it stays
            os.rmdir(folder)
    return empty


def _trusted(status: os.stat_result) -> bool:
    """A real folder of this user's, which no one else may write into."""
    return (stat.S_ISDIR(status.st_mode) and status.st_uid == os.geteuid()
            and not status.st_mode & OTHERS_MAY_WRITE)


@dataclass(frozen=True)
class _Keep:
    """The files `_empty` leaves: names relative to the tree, whose path has `prefix` chars."""

    files: dict[str, tuple[int, int, int]]
    prefix: int

    def holds(self, path: str, status: os.stat_result) -> bool:
        recorded = self.files.get(path[self.prefix:])
        return (recorded is not None and status.st_uid == os.geteuid()
                and file_identity(status, single=True) == recorded)


def _empty(folder: str, top: bool, keep: _Keep) -> None:
    """Remove every file under `folder` that `keep` does not hold, and every folder that is
    not `_trusted`; at the top, the search index's shards are checked instead."""
    with os.scandir(folder) as entries:
        for entry in entries:
            status = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(status.st_mode):
                if not keep.holds(entry.path, status):
                    os.unlink(entry.path)
            elif not _trusted(status):
                shutil.rmtree(entry.path)
            elif top and entry.name == SEARCH_DIR:
                _check_shards(entry.path)
            else:
                _empty(entry.path, top=False, keep=keep)


def _check_shards(folder: str) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            status = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(status.st_mode):
                os.unlink(entry.path)
            elif not (_trusted(status) and _only_own_files(entry.path)):
                shutil.rmtree(entry.path)


def _only_own_files(folder: str) -> bool:
    uid = os.geteuid()
    with os.scandir(folder) as entries:
        for entry in entries:
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(status.st_mode):
                if not (_trusted(status) and _only_own_files(entry.path)):
                    return False
            elif not stat.S_ISREG(status.st_mode) or status.st_uid != uid or (
                    status.st_mode & OTHERS_MAY_WRITE):
                return False
    return True
