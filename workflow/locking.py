"""One build at a time per repository.

Two builds of one repository share the Pelican caches, the page manifest and the output they
swap in; run together, each can leave the other's half. An advisory lock on a file under
`.cache/` serialises them. The kernel releases it when its holders die, so a killed build never
leaves a stale lock behind (its workers hold it too, until they are killed with it).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from plugins.core.atomic import remove_entry
from plugins.core.errors import PortalError
from plugins.core.i18n import _

LOCK_FILE = ".cache/build.lock"


@contextlib.contextmanager
def build_lock(repo: Path, *, wait: bool,
               on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the repository's build lock; wait for it, or raise PortalError when `wait` is
    False and another build holds it."""
    with file_lock(Path(repo) / LOCK_FILE, wait=wait, on_wait=on_wait, busy=_(
            "another build of this repository is running; try again when it has finished")):
        yield


@contextlib.contextmanager
def file_lock(path: Path, *, wait: bool, busy: str,
              on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """An advisory lock on `path` (created if need be), released by the kernel when its holder
    dies; PortalError(`busy`) when `wait` is False and someone holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_if_not_a_file(path)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
                         | os.O_CLOEXEC, 0o644)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # swapped in since: lock nothing
            raise PortalError(_("'{path}' must be a real file, not a link").format(path=path))
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise PortalError(busy) from None
            if on_wait is not None:
                on_wait()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _remove_if_not_a_file(path: Path) -> None:
    """A lock is a regular file that a command made: a link or a pipe in its place (planted,
    or committed) would have the lock taken elsewhere, or on a file the next command removes,
    so it is removed first (a folder with what it holds). No command ever locks anything
    else, so none holds it."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            remove_entry(path)
    except FileNotFoundError:
        return
