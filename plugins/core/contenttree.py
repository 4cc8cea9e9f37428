"""Walking `content/` without trusting it.

An editor's commit can hold a symbolic link (to `/etc`, to another repository, to a file outside
the site) or a special file such as a FIFO, and a build that follows it publishes whatever it
points to. Nothing here follows a link: the walk lists links and special files as refused
entries, and `confined_file` opens the way to a path one component at a time, refusing any link
on the way and anything that leaves the folder it must stay in.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from plugins.core.errors import PortalError
from plugins.core.i18n import _

SYMLINK_RULE = "symlink"


@dataclass
class ContentTree:
    """Every regular file under a folder, relative to it, and what was refused."""

    files: list[Path] = field(default_factory=list)
    refused: list[PortalError] = field(default_factory=list)


def _refusal(relpath: Path, mode: int) -> PortalError:
    if stat.S_ISLNK(mode):
        return PortalError(_("this is a symbolic link; links are never followed or published: "
                             "put the file itself here (git rm the link, then add the file)"),
                           relpath, rule=SYMLINK_RULE)
    return PortalError(_("this is not a regular file or folder (a pipe, socket or device); "
                         "remove it"), relpath, rule=SYMLINK_RULE)


def walk(root: Path, base: Path | None = None) -> ContentTree:
    """Regular files under `root` in a stable order, paths relative to `base` (default `root`);
    links and special files are listed as refused, never followed or opened."""
    base = Path(base or root)
    tree = ContentTree()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        directory = Path(dirpath)
        dirnames.sort()
        for name in [*dirnames]:
            mode = os.lstat(directory / name).st_mode
            if not stat.S_ISDIR(mode):
                dirnames.remove(name)
                tree.refused.append(_refusal((directory / name).relative_to(base), mode))
        for name in sorted(filenames):
            path = directory / name
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                tree.files.append(path.relative_to(base))
            else:
                tree.refused.append(_refusal(path.relative_to(base), mode))
    return tree


def _parts(relpath: str | PurePosixPath | Path) -> Iterator[str]:
    for part in PurePosixPath(str(relpath).replace("\\", "/")).parts:
        if part not in ("", "."):
            yield part


def confined_file(root: Path, relpath: str | PurePosixPath | Path, *,
                  display: Path | str | None = None) -> Path:
    """The regular file `root/relpath`, reached without following any link or leaving `root`.

    Raises PortalError (rule `symlink`) naming `display` (default `relpath`) when a component
    is a link or a special file, when `..` or an absolute path leaves `root`, or when the file
    does not exist.
    """
    shown = Path(display) if display is not None else Path(str(relpath))
    if PurePosixPath(str(relpath)).is_absolute() or ".." in _parts(relpath):
        raise PortalError(_("the path leaves its folder ('..' or an absolute path); name a file "
                            "inside it"), shown, rule=SYMLINK_RULE)
    current = Path(root)
    for part in _parts(relpath):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError as error:
            raise PortalError(_("the file does not exist"), shown, rule=SYMLINK_RULE) from error
        if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            raise _refusal(shown, mode)
    if not stat.S_ISREG(os.lstat(current).st_mode):
        raise PortalError(_("this is a folder, not a file"), shown, rule=SYMLINK_RULE)
    return current
