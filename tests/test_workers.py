"""The pieces a build's processes share (plugins/core/workers.py), in real forked processes: the
gate a language run's writer waits at while another process empties the tree, and the frozen
heap that keeps pages shared across forks."""

from __future__ import annotations

import gc
import multiprocessing

from plugins.core.workers import Gate, frozen_heap

FORK = multiprocessing.get_context("fork")


def _wait_and_report(gate: Gate, verdicts: multiprocessing.Queue) -> None:
    verdicts.put(gate.wait())


def _waiters_see(opened_as_ready: bool) -> list[bool]:
    gate, verdicts = Gate(FORK), FORK.Queue()
    waiters = [FORK.Process(target=_wait_and_report, args=(gate, verdicts)) for _ in range(2)]
    for waiter in waiters:
        waiter.start()
    gate.open(ready=opened_as_ready)
    seen = [verdicts.get(timeout=30) for _ in waiters]
    for waiter in waiters:
        waiter.join(timeout=30)
        assert waiter.exitcode == 0
    return seen


def test_every_writer_waiting_at_the_gate_is_let_go_and_told_whether_to_write() -> None:
    assert _waiters_see(opened_as_ready=True) == [True, True]
    assert _waiters_see(opened_as_ready=False) == [False, False], "a tree not emptied"


def test_a_freeze_inside_another_leaves_the_outer_one_in_place() -> None:
    """A language run forked from the frozen build freezes again before its own forks: ending
    that inner freeze must not thaw what the build froze (gc.unfreeze thaws everything)."""
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        outer = gc.get_freeze_count()
        assert outer > 0
        with frozen_heap():
            pass
        assert gc.get_freeze_count() >= outer
    assert gc.get_freeze_count() == 0
