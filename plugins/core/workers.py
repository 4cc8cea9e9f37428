"""Worker processes that never outlive the command that started them.

A build or a large check forks workers. When the parent is killed (SIGKILL, an out-of-memory
kill, a CI timeout), orphaned workers would go on writing into a half-built tree, or wait
forever on a queue nobody reads, and hold the build lock. Linux can kill a child when its
parent dies (PR_SET_PDEATHSIG); every worker asks for that as its first act.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

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


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """The objects alive now kept out of the garbage collector's reach while processes forked
    meanwhile share them: a collection writes into the header of every object it visits, and
    each page it writes to is copied, in either process, out of the memory they share. Only
    the outermost freeze thaws (gc.unfreeze thaws everything): a worker forked from a frozen
    parent stays as it was handed."""
    outermost = gc.get_freeze_count() == 0
    if outermost:
        gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()


class Gate:
    """Shut until one process opens it, for the processes forked after it was made: a language
    run's writer waits here until the tree it writes into is ready. It is opened either way,
    so no one waits forever; `wait` says whether it was opened as ready."""

    def __init__(self, context: Any) -> None:
        self._opened = context.Event()
        self._refused = context.Event()

    def open(self, *, ready: bool) -> None:
        if not ready:
            self._refused.set()
        self._opened.set()

    def wait(self) -> bool:
        self._opened.wait()
        return not self._refused.is_set()


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
        self._frozen = contextlib.ExitStack()  # until the child has ended (`frozen_heap`)
        self._frozen.enter_context(frozen_heap())
        try:
            self._pid = os.fork()
        except BaseException:
            self._frozen.close()
            raise
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
        """Wait for the child; its results in the order of `items`."""
        with self._frozen, os.fdopen(self._read, "rb") as pipe:
            payload = pipe.read()
            _pid, status = os.waitpid(self._pid, 0)
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
