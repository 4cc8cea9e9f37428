"""`portal status` over real repositories: a served portal, approvals landed by signed merges,
and the command run in people's clones. Every date comes from the portal's clock (START is a
Monday, 2026-06-15), and every run passes `--as-of`, so no test depends on today's date."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.approval_play import (
    AUTHOR,
    BOARD,
    BOARD_MEMBER,
    CHIEF,
    DEPUTY,
    HEAD,
    MAIN,
    OTHER_HEAD,
    START,
    UNIT_HEAD,
    Clone,
    Portal,
    news,
    through_board,
)
from workflow.cli import main

pytestmark = pytest.mark.slow

TOPIC = "bai/hop-tac"
MONDAY = START.date()


def _status(clone: Clone, capsys: pytest.CaptureFixture[str], as_of: dt.date,
            *options: str) -> list[dict[str, Any]]:
    """The submissions `portal status --format json` lists in the clone on `as_of`."""
    code = main(["--repo", str(clone.path), "status", "--format", "json",
                 "--as-of", as_of.isoformat(), *options])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)["submissions"]


def _one(clone: Clone, capsys: pytest.CaptureFixture[str], as_of: dt.date) -> dict[str, Any]:
    submissions = _status(clone, capsys, as_of)
    assert [submission["topic"] for submission in submissions] == [TOPIC]
    return submissions[0]


def _approvers(submission: dict[str, Any]) -> list[str]:
    return [person["id"] for person in submission["approvers"]]


def test_a_new_submission_waits_for_the_head_of_its_division(portal: Portal, capsys) -> None:
    tip = portal.clone(AUTHOR).topic(TOPIC, news())
    submission = _one(portal.clone(AUTHOR), capsys, MONDAY)
    assert submission["commit"] == tip
    assert submission["items"] == ["content/news/2026/hop-tac-bien-gioi.vi.md"]
    assert submission["reached"] is None
    assert submission["next"]["branch"] == HEAD
    assert _approvers(submission) == [UNIT_HEAD]
    assert submission["since"].startswith(MONDAY.isoformat())
    assert (submission["working_days"], submission["overdue"]) == (0, False)


def test_after_the_head_it_waits_for_the_board_members_of_its_category(portal: Portal,
                                                                      capsys) -> None:
    portal.clone(AUTHOR).topic(TOPIC, news())
    portal.approve(UNIT_HEAD, HEAD, TOPIC, "unit_head")
    approved_at = portal.clock
    submission = _one(portal.clone(AUTHOR), capsys, MONDAY)
    assert submission["reached"]["branch"] == HEAD
    assert submission["next"] == {"branch": BOARD, "title": "Ban Biên tập duyệt",
                                  "review_days": 2}
    # the unit head covers the category too, but approved at the first stage already
    assert _approvers(submission) == [BOARD_MEMBER, DEPUTY]
    assert dt.datetime.fromisoformat(submission["since"]) == approved_at


def test_the_board_review_is_overdue_after_two_working_days(portal: Portal, capsys) -> None:
    portal.clone(AUTHOR).topic(TOPIC, news())
    portal.approve(UNIT_HEAD, HEAD, TOPIC, "unit_head")
    friday = MONDAY + dt.timedelta(days=4)
    submission = _one(portal.clone(AUTHOR), capsys, friday)
    assert (submission["working_days"], submission["overdue"]) == (4, True)


def test_a_weekend_does_not_count(portal: Portal, capsys) -> None:
    portal.clone(AUTHOR).topic(TOPIC, news())
    portal.clock = START + dt.timedelta(days=4)  # the head approves on Friday
    portal.approve(UNIT_HEAD, HEAD, TOPIC, "unit_head")
    friday, clone = portal.clock.date(), portal.clone(AUTHOR)
    waits = {days: _one(clone, capsys, friday + dt.timedelta(days=days))
             for days in (2, 4, 5)}
    assert [(waits[days]["working_days"], waits[days]["overdue"]) for days in (2, 4, 5)] == [
        (0, False), (2, False), (3, True)]


def test_mine_lists_what_the_person_may_approve_or_wrote(portal: Portal, capsys) -> None:
    portal.clone(AUTHOR).topic(TOPIC, news())
    portal.approve(UNIT_HEAD, HEAD, TOPIC, "unit_head")
    listed = {person: [submission["topic"] for submission in
                       _status(portal.clone(person), capsys, MONDAY, "--mine")]
              for person in (BOARD_MEMBER, AUTHOR, OTHER_HEAD, UNIT_HEAD)}
    assert listed == {BOARD_MEMBER: [TOPIC], AUTHOR: [TOPIC], OTHER_HEAD: [], UNIT_HEAD: []}


def test_a_published_submission_is_not_listed(portal: Portal, capsys) -> None:
    portal.clone(AUTHOR).topic(TOPIC, news())
    through_board(portal, TOPIC)
    assert _one(portal.clone(AUTHOR), capsys, MONDAY)["next"]["branch"] == MAIN
    portal.approve(CHIEF, MAIN, TOPIC, "chief")
    assert _status(portal.clone(AUTHOR), capsys, MONDAY) == []


def test_the_text_table_names_the_topic_and_the_approver(portal: Portal, capsys) -> None:
    portal.clone(AUTHOR).topic(TOPIC, news())
    assert main(["--repo", str(portal.clone(AUTHOR).path), "status",
                 "--as-of", MONDAY.isoformat()]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith(TOPIC))
    assert "Chu Văn Tuấn" in row and "Trưởng phòng duyệt" in row
