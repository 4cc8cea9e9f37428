"""Rejection, rework and resubmission, on a server whose hooks enforce the rules.

The board member sends a submission back with a reason; it leaves the division head's stage
it had reached, the author reads why in `portal status`, reworks it, and the reworked topic
goes through the whole chain again, approved by the same people.
"""

from __future__ import annotations

import json

import pytest

from tests.approval_play import (
    AUTHOR,
    BOARD,
    BOARD_MEMBER,
    CHIEF,
    HEAD,
    MAIN,
    NEWS,
    UNIT_HEAD,
    Portal,
    news,
    push,
    run_git,
    run_portal,
)
from workflow.cli import main

pytestmark = pytest.mark.slow

TOPIC = "bai/hop-tac"
REASON = "Thiếu nguồn trích dẫn số liệu"
ITEM = f"content/{NEWS}"




def _on_server(served: Portal, branch: str, path: str) -> bool:
    return bool(run_git(served.server, "ls-tree", "--name-only", f"refs/heads/{branch}", "--",
                        path))


def _rejected_at_the_board(served: Portal, capsys) -> str:
    """The author's news item, approved by the division head, rejected by the board member;
    the topic commit that was rejected."""
    topic = served.clone(AUTHOR).topic(TOPIC, news())
    assert run_portal(served.clone(UNIT_HEAD), capsys, "approve", f"origin/{TOPIC}")[0] == 0
    assert _on_server(served, HEAD, ITEM)
    code, said = run_portal(served.clone(BOARD_MEMBER), capsys, "reject", f"origin/{TOPIC}",
                         "--reason", REASON)
    assert code == 0, said
    assert HEAD in said and "Traceback" not in said
    return topic


def test_a_rejection_takes_the_item_out_of_the_stage_it_reached(served: Portal,
                                                                capsys) -> None:
    _rejected_at_the_board(served, capsys)
    assert not _on_server(served, HEAD, ITEM)
    log = run_git(served.server, "log", "-1", "--format=%B", f"refs/heads/{TOPIC}")
    assert f"Rejected-By: {BOARD_MEMBER}" in log and f"Reason: {REASON}" in log
    assert run_git(served.server, "rev-list", "--count", f"refs/heads/{HEAD}") != "1"
    assert main(["--repo", str(served.server), "verify"]) == 0


def test_the_author_reads_the_reason_in_status(served: Portal, capsys) -> None:
    _rejected_at_the_board(served, capsys)
    code, said = run_portal(served.clone(AUTHOR), capsys, "status", "--mine", "--format", "json")
    assert code == 0, said
    [mine] = json.loads(said)["submissions"]
    assert mine["topic"] == TOPIC and mine["items"] == [ITEM]
    assert mine["rejected"]["reason"] == REASON and mine["rejected"]["by"] == BOARD_MEMBER
    assert mine["next"]["branch"] == HEAD
    code, said = run_portal(served.clone(AUTHOR), capsys, "status", "--mine")
    assert REASON in said


def test_the_rejected_version_cannot_go_further(served: Portal, capsys) -> None:
    rejected = _rejected_at_the_board(served, capsys)
    board = served.clone(BOARD_MEMBER)
    board.git("fetch", "-q", "origin")
    board.git("checkout", "-q", "-B", BOARD, f"origin/{BOARD}")
    board.dated("merge", "-q", "--no-ff", "-S", "-m", "Duyệt lại bản cũ", rejected)
    refused = push(board, f"HEAD:refs/heads/{BOARD}")
    assert refused.returncode != 0
    assert "[rejected]" in refused.stderr


def test_rework_goes_through_the_whole_chain_again(served: Portal, capsys) -> None:
    _rejected_at_the_board(served, capsys)
    author = served.clone(AUTHOR)
    author.git("fetch", "-q", "origin")
    author.git("checkout", "-q", "-B", TOPIC, f"origin/{TOPIC}")
    assert not (author.path / ITEM).exists()
    author.dated("revert", "--no-edit", "HEAD")
    text = (author.path / ITEM).read_text(encoding="utf-8")
    (author.path / ITEM).write_text(text + "\nNguồn: Báo Lạng Sơn, 14/6/2026.\n",
                                    encoding="utf-8")
    author.dated("commit", "-q", "-am", "Bổ sung nguồn")
    author.git("push", "-q", "origin", TOPIC)
    for person in (UNIT_HEAD, BOARD_MEMBER, CHIEF):
        code, said = run_portal(served.clone(person), capsys, "approve", f"origin/{TOPIC}")
        assert code == 0, (person, said)
    published = run_git(served.server, "show", f"refs/heads/{MAIN}:{ITEM}")
    assert "Nguồn: Báo Lạng Sơn" in published
    assert main(["--repo", str(served.server), "verify"]) == 0
    capsys.readouterr()
    author.git("fetch", "-q", "origin")
    code, said = run_portal(author, capsys, "log", ITEM, "--format", "json")
    assert code == 0, said
    kinds = [(event["kind"], event["person"]) for event in json.loads(said)["events"]]
    assert ("submitted", "") in kinds and ("rejected", BOARD_MEMBER) in kinds
    assert kinds.count(("approved", UNIT_HEAD)) == 2  # before the rejection and after rework
    assert ("approved", BOARD_MEMBER) in kinds and ("published", CHIEF) in kinds
    code, said = run_portal(author, capsys, "log", ITEM)
    assert REASON in said


def test_only_a_reviewer_of_a_later_stage_may_reject(served: Portal, capsys) -> None:
    """Once the division head approved, the decision is the board's: the author (who holds
    no reviewing role) cannot take the item back out of the head's stage."""
    served.clone(AUTHOR).topic(TOPIC, news())
    assert run_portal(served.clone(UNIT_HEAD), capsys, "approve", f"origin/{TOPIC}")[0] == 0
    code, said = run_portal(served.clone(AUTHOR), capsys, "reject", f"origin/{TOPIC}",
                         "--reason", REASON)
    assert code == 1 and "Traceback" not in said
    assert BOARD in said
    assert _on_server(served, HEAD, ITEM)


def test_a_rejection_without_reason_is_refused(served: Portal, capsys) -> None:
    served.clone(AUTHOR).topic(TOPIC, news())
    code, said = run_portal(served.clone(UNIT_HEAD), capsys, "reject", f"origin/{TOPIC}",
                         "--reason", "  ")
    assert code == 1 and "--reason" in said


def test_a_rejection_that_changes_more_than_the_topic_is_refused(served: Portal,
                                                                 capsys) -> None:
    """A 'rejection' that also slips in a file of its own is not a rejection."""
    topic = served.clone(AUTHOR).topic(TOPIC, news())
    assert run_portal(served.clone(UNIT_HEAD), capsys, "approve", f"origin/{TOPIC}")[0] == 0
    board = served.clone(BOARD_MEMBER)
    board.git("fetch", "-q", "origin")
    board.git("checkout", "-q", "--detach", topic)
    board.git("rm", "-q", ITEM)
    (board.path / "content/pages/lot-vao.vi.md").write_text("---\ntitle: x\n---\n",
                                                           encoding="utf-8")
    board.git("add", "-A")
    board.dated("commit", "-q", "-S", "-m",
                f"Trả lại\n\nRejected-By: {BOARD_MEMBER}\nReason: {REASON}")
    rejection = board.git("rev-parse", "HEAD")
    board.git("checkout", "-q", "-B", HEAD, f"origin/{HEAD}")
    board.dated("merge", "-q", "--no-ff", "-S", "-m",
                f"Trả lại\n\nRejected-By: {BOARD_MEMBER}\nStage: {HEAD}\nReason: {REASON}",
                rejection)
    refused = push(board, f"HEAD:refs/heads/{HEAD}")
    assert refused.returncode != 0
    assert "[rejection]" in refused.stderr
