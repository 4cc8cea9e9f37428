"""Worker processes that never outlive the command that started them.

A build or a large check forks workers. When the parent is killed (SIGKILL, an out-of-memory
kill, a CI timeout), orphaned workers would go on writing into a half-built tree, or wait
forever on a queue nobody reads, and hold the build lock. Linux can kill a child when its
parent dies (PR_SET_PDEATHSIG); every worker asks for that as its first act.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Initializer of a worker process: be killed as soon as `parent_pid` dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)
