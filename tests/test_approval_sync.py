"""`portal sync` and the receive-time notes, end to end on a real server: `portal server init`
installs both hooks, approvers run `portal approve` and `portal sync` in their own clones, the
post-receive hook notes when each approval merge arrived, and `portal verify` reads the notes.

The hooks use the server's real clock, so the roster's keys here are valid from 2000 to 2199.
"""

from __future__ import annotations

import re

import pytest

from tests.approval_play import (
    AUTHOR,
    BOARD_MEMBER,
    CHIEF,
    MAIN,
    STAGES,
    UNIT_HEAD,
    Portal,
    news,
    run_git,
)
from workflow.approval.notes import NOTES_REF
from workflow.cli import main

pytestmark = pytest.mark.slow

TOPIC = "bai/hop-tac"


def _portal(served: Portal, person: str, *args: str, capsys) -> str:
    code = main(["--repo", str(served.clone(person).path), *args])
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert code == 0, said
    return said


def _note(served: Portal, commit: str) -> str:
    return run_git(served.server, "notes", f"--ref={NOTES_REF}", "show", commit)


def _verify(served: Portal, capsys) -> tuple[int, str]:
    code = main(["--repo", str(served.server), "verify"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_published_item_is_synced_into_every_stage_and_every_merge_is_noted(
        served: Portal, capsys) -> None:
    served.clone(AUTHOR).topic(TOPIC, news())
    approvals = []
    for person, stage in ((UNIT_HEAD, STAGES[0]), (BOARD_MEMBER, STAGES[1]), (CHIEF, MAIN)):
        _portal(served, person, "approve", f"origin/{TOPIC}", capsys=capsys)
        approvals.append(served.tip(stage))
    for merge in approvals:
        assert re.search(r"^Received: 20\d\d-\d\d-\d\dT[\d:.]+\+00:00$", _note(served, merge),
                         re.MULTILINE)

    said = _portal(served, CHIEF, "sync", capsys=capsys)
    main_tip = served.tip(MAIN)
    for stage in STAGES[:-1]:
        tip = served.tip(stage)
        assert stage in said
        assert run_git(served.server, "merge-base", "--is-ancestor", main_tip, tip) == ""
        assert "Sync: main" in run_git(served.server, "log", "-1", "--format=%B", tip)
        assert "Received: " in _note(served, tip)
    assert "main" in _portal(served, CHIEF, "sync", capsys=capsys)  # nothing left to do
    assert _verify(served, capsys)[0] == 0


def test_verify_reports_a_merge_that_landed_without_the_hooks(served: Portal, capsys) -> None:
    served.clone(AUTHOR).topic(TOPIC, news())
    _portal(served, UNIT_HEAD, "approve", f"origin/{TOPIC}", capsys=capsys)
    for hook in ("pre-receive", "post-receive"):
        (served.server / "hooks" / hook).unlink()
    served.clone(AUTHOR).topic("bai/khac", news("news/2026/bai-khac.vi.md"))
    _portal(served, UNIT_HEAD, "approve", "origin/bai/khac", capsys=capsys)
    unguarded = served.tip(STAGES[0])

    code, said = _verify(served, capsys)
    assert code == 1
    assert f"{STAGES[0]} {unguarded[:12]}: [unrecorded]" in said
    assert said.count("[") == 1, said


def test_verify_reports_a_merge_dated_after_its_noted_receive_time(served: Portal,
                                                                  capsys) -> None:
    served.clone(AUTHOR).topic(TOPIC, news())
    _portal(served, UNIT_HEAD, "approve", f"origin/{TOPIC}", capsys=capsys)
    merge = served.tip(STAGES[0])
    run_git(served.server, "-c", "user.name=t", "-c", "user.email=t@example.org", "notes",
            f"--ref={NOTES_REF}", "add", "-f", "-m", "Received: 2020-01-01T00:00:00+00:00",
            merge)
    code, said = _verify(served, capsys)
    assert code == 1
    assert f"{STAGES[0]} {merge[:12]}: [future-date]" in said
