"""Royalty grades at approval (003 Đ12.2, Đ14.7): `portal approve --grade` and the `Grade:`
trailer the server judges.

The deputy chief grades at the editorial board stage with a real signed merge that a real
pre-receive hook accepts; what reports.yaml does not allow is refused by `portal approve`
before anything is signed, and by the hook and `portal verify` when a merge is made by hand.
The hook judges with the server's real clock, so the roster's keys are valid from 2000 to 2199.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.approval_play import (
    AUTHOR,
    BOARD,
    BOARD_MEMBER,
    CONFIG,
    DEPUTY,
    HEAD,
    UNIT_HEAD,
    VN,
    Clone,
    Keyring,
    Portal,
    news,
    push,
    rules,
    run_git,
    run_portal,
    timeless,
)
from tests.helpers import edit_config, make_repo
from workflow.approval.grades import grade_refusal, grading_of
from workflow.approval.people import approval_trailers
from workflow.cli import main

pytestmark = pytest.mark.slow

TOPIC = "bai/hop-tac"


def _through_the_head(served: Portal, capsys) -> None:
    served.clone(AUTHOR).topic(TOPIC, news())
    code, said = run_portal(served.clone(UNIT_HEAD), capsys, "approve", f"origin/{TOPIC}")
    assert code == 0, said


def _by_hand(clone: Clone, stage: str, role: str, grades: str) -> str:
    """An approval merge whose trailers end with `grades`, made without `portal approve`."""
    submission = clone.submission(stage, f"origin/{TOPIC}")
    return clone.approve(stage, TOPIC, role, trailers=approval_trailers(
        clone.person, role, stage, submission, None) + grades)


# -- portal approve --grade ----------------------------------------------------------------


def test_the_deputy_chief_grades_at_the_editorial_board(served: Portal, capsys) -> None:
    _through_the_head(served, capsys)
    code, said = run_portal(served.clone(DEPUTY), capsys, "approve", f"origin/{TOPIC}",
                            "--grade", "b")
    assert code == 0, said
    message = run_git(served.server, "log", "-1", "--format=%B", BOARD)
    assert f"Approved-By: {DEPUTY}" in message and "Role: deputy_chief" in message
    assert message.splitlines()[-1] == "Grade: B"
    assert main(["--repo", str(served.server), "verify"]) == 0


def test_an_unknown_grade_is_refused_before_signing(served: Portal, capsys) -> None:
    _through_the_head(served, capsys)
    before = served.tip(BOARD)
    deputy = served.clone(DEPUTY)
    code, said = run_portal(deputy, capsys, "approve", f"origin/{TOPIC}", "--grade", "Z")
    assert code == 1 and "Traceback" not in said
    assert "'Z'" in said and "A, B, C" in said
    assert served.tip(BOARD) == before
    assert run_git(deputy.path, "worktree", "list").count("\n") == 0  # no merge was made


def test_a_unit_head_may_not_grade(served: Portal, capsys) -> None:
    served.clone(AUTHOR).topic(TOPIC, news())
    before = served.tip(HEAD)
    code, said = run_portal(served.clone(UNIT_HEAD), capsys, "approve", f"origin/{TOPIC}",
                            "--grade", "B")
    assert code == 1 and "Traceback" not in said
    assert "'unit_head'" in said and "deputy_chief" in said
    assert served.tip(HEAD) == before


def test_a_configuration_change_is_not_graded(served: Portal, capsys) -> None:
    text = (served.root / "seed" / CONFIG / "reports.yaml").read_text(encoding="utf-8")
    served.clone(AUTHOR).topic(TOPIC, {f"{CONFIG}/reports.yaml": text + "# Ghi chú.\n"})
    code, said = run_portal(served.clone(UNIT_HEAD), capsys, "approve", f"origin/{TOPIC}")
    assert code == 0, said
    before = served.tip(BOARD)
    code, said = run_portal(served.clone(DEPUTY), capsys, "approve", f"origin/{TOPIC}",
                            "--grade", "A")
    assert code == 1 and "Traceback" not in said
    assert "chỉ có cấu hình" in said  # no item to grade: only configuration or media
    assert served.tip(BOARD) == before


# -- the server's judgement of a Grade trailer ---------------------------------------------


def test_the_hook_refuses_a_grade_by_a_board_member(served: Portal, capsys) -> None:
    served.clock = dt.datetime.now(VN) - dt.timedelta(minutes=10)  # the hook's real clock
    _through_the_head(served, capsys)
    member = served.clone(BOARD_MEMBER)
    _by_hand(member, BOARD, "board_member", "Grade: B\n")
    refused = push(member, f"HEAD:refs/heads/{BOARD}")
    assert refused.returncode != 0
    assert "[grade]" in refused.stderr and "board_member" in refused.stderr
    member.approve(BOARD, TOPIC, "board_member")  # the same approval without a grade
    assert push(member, f"HEAD:refs/heads/{BOARD}").returncode == 0


def test_verify_reports_a_grade_that_landed_without_the_hook(tmp_path: Path, keyring: Keyring,
                                                             capsys) -> None:
    unguarded = Portal(tmp_path, keyring, timeless(keyring.roster))
    unguarded.clone(AUTHOR).topic(TOPIC, news())
    unguarded.approve(UNIT_HEAD, HEAD, TOPIC, "unit_head")
    member = unguarded.clone(BOARD_MEMBER)
    _by_hand(member, BOARD, "board_member", "Grade: A\n")
    unguarded.land(member, BOARD)
    assert main(["--repo", str(unguarded.server), "verify"]) == 1
    said = capsys.readouterr().err
    assert "[grade]" in said and "[trailer-mismatch]" not in said


@pytest.mark.parametrize(("grades", "expected"), [
    ("Grade: B\n", set()),
    ("Grade: B\nGrade: A\n", {"grade"}),
    ("Grade: Z\n", {"grade"}),
    ("Grade: b\n", {"grade"}),
])
def test_the_deputy_chief_gives_one_grade_of_reports_yaml(portal: Portal, grades: str,
                                                          expected: set[str]) -> None:
    portal.clone(AUTHOR).topic(TOPIC, news())
    portal.approve(UNIT_HEAD, HEAD, TOPIC, "unit_head")
    deputy = portal.clone(DEPUTY)
    _by_hand(deputy, BOARD, "deputy_chief", grades)
    assert rules(portal.judge(deputy, BOARD)) == expected


def test_a_grade_on_configuration_only_is_refused(portal: Portal) -> None:
    text = (portal.root / "seed" / CONFIG / "reports.yaml").read_text(encoding="utf-8")
    portal.clone(AUTHOR).topic(TOPIC, {f"{CONFIG}/reports.yaml": text + "# Ghi chú.\n"})
    portal.approve(UNIT_HEAD, HEAD, TOPIC, "unit_head")
    deputy = portal.clone(DEPUTY)
    _by_hand(deputy, BOARD, "deputy_chief", "Grade: B\n")
    verdict = portal.judge(deputy, BOARD)
    assert rules(verdict) == {"grade"}


def test_without_reports_yaml_only_graded_approvals_are_refused(portal: Portal) -> None:
    """A main without reports.yaml (an agency that has not adopted it yet) approves as before;
    a grade is refused, since nothing says which grades exist."""
    admin = portal.clone(AUTHOR)
    admin.git("checkout", "-q", "-B", "bo-bao-cao", "origin/main")
    admin.git("rm", "-q", f"{CONFIG}/reports.yaml")
    admin.dated("commit", "-q", "-m", "Chưa dùng reports.yaml")
    admin.git("push", "-q", "origin", "HEAD:refs/heads/main")  # this server has no hooks
    admin.topic(TOPIC, news())
    portal.approve(UNIT_HEAD, HEAD, TOPIC, "unit_head")  # judged without a violation
    deputy = portal.clone(DEPUTY)
    _by_hand(deputy, BOARD, "deputy_chief", "Grade: B\n")
    verdict = portal.judge(deputy, BOARD)
    assert rules(verdict) == {"grade"} and "reports.yaml" in verdict[0].message


def test_a_broken_reports_yaml_refuses_every_grade(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    assert grade_refusal("B", role="deputy_chief", has_items=True,
                         grading=grading_of(repo / "content")) is None
    line = edit_config(repo, "reports.yaml", "  graders: [deputy_chief]",
                       "  graders: [deputy_chef]")
    grading = grading_of(repo / "content")
    assert grading.royalties is None
    assert f"reports.yaml:{line}: royalties.graders[0]:" in (grading.problem or "")
    refusal = grade_refusal("B", role="deputy_chief", has_items=True, grading=grading)
    assert refusal is not None and "reports.yaml" in refusal
