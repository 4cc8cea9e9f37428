"""Worker processes that never outlive the command that started them.

A build or a large check forks workers. When the parent is killed (SIGKILL, an out-of-memory
kill, a CI timeout), orphaned workers would go on writing into a half-built tree, or wait
forever on a queue nobody reads, and hold the build lock. Linux can kill a child when its
parent dies (PR_SET_PDEATHSIG); every worker asks for that as its first act.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

PR_SET_PDEATHSIG = 1
T = TypeVar("T")
R = TypeVar("R")


def die_with_parent(parent_pid: int) -> None:
    """Initializer of a worker process: be killed as soon as `parent_pid` dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


class ForkedBatch(Generic[T, R]):
    """`function` applied to `items` by a forked copy of this process, while this one goes on.

    A language run of the build is one process; the fork shares everything it has prepared
    (templates, the index, Pelican's context) at no cost, so half of its reading or rendering
    can run on the second core. Results come back pickled through a pipe. The child logs
    nothing of its own: records it would have logged come back with the results and are
    handed to this process's loggers, so messages are the same whichever process did the work.
    An exception in the child is raised here, with the child's traceback.
    """

    def __init__(self, function: Callable[[T], R], items: Sequence[T]) -> None:
        parent = os.getpid()
        self._read, write = os.pipe()
        gc.freeze()  # see `results`
        self._pid = os.fork()
        if self._pid == 0:  # the child: work, send, leave without running the parent's code
            code = 1
            try:
                os.close(self._read)
                die_with_parent(parent)
                code = _serve(function, items, write)
            finally:
                os._exit(code)
        os.close(write)

    def results(self) -> list[R]:
        """Wait for the child; its results in the order of `items`.

        Until then the objects the two processes share are frozen out of the garbage
        collector's reach: a collection writes into the header of every object it visits,
        and each page it writes to is copied, in either process, out of the memory they
        share."""
        with os.fdopen(self._read, "rb") as pipe:
            payload = pipe.read()
        _pid, status = os.waitpid(self._pid, 0)
        gc.unfreeze()
        if not payload or os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"a forked worker ended without its results (status {status})")
        outcome, value, records = pickle.loads(payload)
        for record in records:
            logging.getLogger(record.name).handle(record)
        if outcome != "ok":
            raise RuntimeError(f"a forked worker failed:\n{value}")
        return value


class _Keeper(logging.Handler):
    """Keeps the records a forked worker logs, ready to travel back to its parent."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _serve(function: Callable[[T], R], items: Sequence[T], write: int) -> int:
    root = logging.getLogger()
    keeper = _Keeper()
    root.handlers = [keeper]
    try:
        payload = pickle.dumps(("ok", [function(item) for item in items], keeper.records))
    except BaseException:  # everything goes back to the parent, which raises it
        payload = pickle.dumps(("error", traceback.format_exc(), keeper.records))
    with os.fdopen(write, "wb") as pipe:
        pipe.write(payload)
    return 0
