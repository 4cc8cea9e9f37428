"""The tree a build writes into: the one the last build retired, kept beside the live site.

A build writes the whole site into a tree of its own and exchanges it with the live one in one
step (workflow/swap.py). A fresh tree cost, on every build, a folder and a new file for every
page of the site, and removing the retired tree as many unlinks again: on a 2,000-item site,
more than half of what an edit's build took, whatever the edit. So the tree a build retires is
kept as `<output>.standby` and is the next build's tree. Its folders exist and its files are
written over in place; the pages and listings the dependency map reuses are still written
(their previous bytes), so the tree a build exchanges is, byte for byte, the one a fresh tree
would be. Two things make that hold:

- Whatever the build does not write must go. Before the runs, every file of the standby gets
  a sentinel modification time, which no write leaves (a write, a copy or a reused page's own
  time replaces it); after them, the files still carrying it are removed, then the folders
  left empty. Change times would do without the extra step, but on a file system that counts
  them in whole seconds two quick builds could not be told apart.
- Nothing in the standby may lead a write elsewhere. It lies beside the live site, where
  anyone who can write there can leave a symbolic link or a hard link to another file: every
  link, special file and regular file with a second name is removed before a run writes. The
  search index's shards (`pagefind/`) are kept or replaced whole by workflow/search_index.py;
  a shard with such an entry is removed.

A build that fails removes its tree; the next build starts a fresh one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

STANDBY = ".standby"  # beside the output folder: `output.standby`
SENTINEL_NS = 1  # 1970-01-01T00:00:00.000000001: a modification time no write leaves
SEARCH_DIR = "pagefind"  # kept or replaced shard by shard by the search index


def standby_of(output: Path) -> Path:
    return output.with_name(output.name + STANDBY)


def building_tree(output: Path, prefix: str) -> Path:
    """The tree this build writes into: the standby, renamed so that a killed build leaves it
    where the next build's clean-up finds it, and cleaned; else a fresh folder."""
    standby = standby_of(output)
    fresh = Path(tempfile.mkdtemp(prefix=prefix, dir=output.parent))
    try:
        mode = os.lstat(standby).st_mode
    except FileNotFoundError:
        return fresh
    if not stat.S_ISDIR(mode):
        standby.unlink()
        return fresh
    os.rmdir(fresh)
    standby.rename(fresh)
    _prepare(fresh)
    return fresh


def retire(tree: Path, output: Path) -> None:
    """Keep `tree`, the site the exchange retired, as the next build's standby. The new site
    is live by now: a standby that cannot be kept is left to the build's clean-up, and the
    next build starts a fresh tree."""
    standby = standby_of(output)
    with contextlib.suppress(OSError):
        if os.path.lexists(standby):
            _remove(standby)
        tree.rename(standby)


def sweep(tree: Path) -> None:
    """Remove what this build did not write into the standby: the files still carrying the
    sentinel time, then the folders left empty (the search index's folder aside)."""
    _sweep_folder(str(tree), skip=SEARCH_DIR)


def _sweep_folder(folder: str, skip: str | None = None) -> bool:
    """Sweep `folder`; whether it is empty now. Plain strings and `scandir`: a site has as
    many files as pages, and this runs on every build."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == skip:
                empty = False
            elif entry.is_dir(follow_symlinks=False):
                if _sweep_folder(entry.path):
                    with contextlib.suppress(OSError):  # written into meanwhile: it stays
                        os.rmdir(entry.path)
                        continue
                empty = False
            elif entry.stat(follow_symlinks=False).st_mtime_ns == SENTINEL_NS:
                os.unlink(entry.path)
            else:
                empty = False
    return empty


def _prepare(tree: Path) -> None:
    """Remove from the standby what could lead a write elsewhere; mark every file left.
    In the search index's folder, whose shards are kept whole or not at all, a shard holding
    anything but folders and regular files is removed."""
    with os.scandir(tree) as entries:
        for entry in entries:
            if entry.name == SEARCH_DIR and entry.is_dir(follow_symlinks=False):
                _prepare_search(entry.path)
            else:
                _prepare_entry(entry)


def _prepare_entry(entry: os.DirEntry[str]) -> None:
    if entry.is_dir(follow_symlinks=False):
        with os.scandir(entry.path) as entries:
            for inner in entries:
                _prepare_entry(inner)
        return
    status = entry.stat(follow_symlinks=False)
    if stat.S_ISREG(status.st_mode) and status.st_nlink == 1:
        os.utime(entry.path, ns=(status.st_atime_ns, SENTINEL_NS))
    else:
        os.unlink(entry.path)


def _prepare_search(folder: str) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not _only_files_and_folders(entry.path):
                    shutil.rmtree(entry.path)
            elif not entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)


def _only_files_and_folders(folder: str) -> bool:
    with os.scandir(folder) as entries:
        return all(entry.is_file(follow_symlinks=False) or (
            entry.is_dir(follow_symlinks=False) and _only_files_and_folders(entry.path))
            for entry in entries)


def _remove(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
