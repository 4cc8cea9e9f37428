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
from collections.abc import Callable, Iterator
from pathlib import Path

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
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
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
