"""Put a new tree in place of a live one in a single step.

Two renames (live → old, new → live) leave a moment with no site at all, and a build killed
between them leaves none until someone notices. Linux exchanges two paths atomically
(renameat2 with RENAME_EXCHANGE); where it cannot, the two renames are the fallback.
"""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def _renameat2_exchange(first: Path, second: Path) -> bool:
    """True when the kernel exchanged the two paths; False when it cannot do that here."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                       RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def exchange(new: Path, live: Path) -> None:
    """Make `new` live at `live`; afterwards the previous live tree (if any) is at `new`."""
    if not live.exists():
        new.rename(live)
        new.mkdir()
        return
    if _renameat2_exchange(new, live):
        return
    retired = new.with_name(new.name + ".old")
    live.rename(retired)
    new.rename(live)
    retired.rename(new)
