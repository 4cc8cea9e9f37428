"""Urgent publication and takedown (000 Đ19.4) and their retrospective review, on a server
whose hooks enforce the rules.

The chief publishes at once with a reason; `portal status` lists the decision until someone
else signs its review; `portal verify` reports it once it waited longer than workflow.yaml's
`review_days`. Working days are counted from the merge's own date to an `--as-of` set from
it, so no test depends on today's date.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.approval_play import (
    AUTHOR,
    BOARD_MEMBER,
    CHIEF,
    DEPUTY,
    MAIN,
    NEWS,
    Portal,
    news,
    push,
    run_git,
    run_portal,
)
from workflow.approval.people import approval_trailers
from workflow.cli import main

pytestmark = pytest.mark.slow

TOPIC = "bai/cai-chinh"
REASON = "Cải chính ngay thông tin sai về lịch làm việc"
ITEM = f"content/{NEWS}"




def _verify(served: Portal, capsys, as_of: dt.date) -> tuple[int, str]:
    code = main(["--repo", str(served.server), "verify", "--as-of", as_of.isoformat()])
    return code, capsys.readouterr().err


def _published_urgently(served: Portal, capsys) -> tuple[str, dt.date]:
    """(urgent merge, its day) after the chief published the author's item at once."""
    served.clone(AUTHOR).topic(TOPIC, news())
    code, said = run_portal(served.clone(CHIEF), capsys, "approve", f"origin/{TOPIC}",
                         "--urgent", REASON)
    assert code == 0, said
    merge = run_git(served.server, "rev-parse", f"refs/heads/{MAIN}")
    day = dt.date.fromisoformat(run_git(served.server, "log", "-1", "--format=%cs", merge))
    return merge, day


def test_the_chief_publishes_at_once_with_a_reason(served: Portal, capsys) -> None:
    merge, day = _published_urgently(served, capsys)
    assert run_git(served.server, "show", f"{merge}:{ITEM}")
    message = run_git(served.server, "log", "-1", "--format=%B", merge)
    assert f"Urgent: {REASON}" in message and f"Approved-By: {CHIEF}" in message
    assert _verify(served, capsys, day)[0] == 0


def test_status_lists_it_until_reviewed_and_verify_reports_it_when_overdue(
        served: Portal, capsys) -> None:
    merge, day = _published_urgently(served, capsys)
    later = day + dt.timedelta(days=21)
    code, said = run_portal(served.clone(AUTHOR), capsys, "status", "--format", "json",
                         "--as-of", later.isoformat())
    [waiting] = json.loads(said)["urgent_awaiting_review"]
    assert waiting["merge"] == merge and waiting["reason"] == REASON and waiting["overdue"]
    code, said = _verify(served, capsys, later)
    assert code == 1 and "[unreviewed]" in said

    code, said = run_portal(served.clone(CHIEF), capsys, "review", merge)
    assert code == 1 and "Traceback" not in said  # who acted does not review

    code, said = run_portal(served.clone(DEPUTY), capsys, "review", merge, "--note",
                         "Nội dung cải chính đúng")
    assert code == 0, said
    assert run_git(served.server, "cat-file", "-t", f"refs/tags/hau-kiem/{merge[:12]}") == "tag"
    assert _verify(served, capsys, later)[0] == 0
    code, said = run_portal(served.clone(AUTHOR), capsys, "status", "--format", "json",
                         "--as-of", later.isoformat())
    assert json.loads(said)["urgent_awaiting_review"] == []
    served.clone(AUTHOR).git("fetch", "-q", "origin")
    code, said = run_portal(served.clone(AUTHOR), capsys, "log", ITEM, "--format", "json")
    events = json.loads(said)["events"]
    assert [(event["kind"], event["person"]) for event in events][-3:] == [
        ("approved", CHIEF), ("published", CHIEF), ("reviewed", DEPUTY)]
    assert events[-3]["reason"] == REASON


def test_a_review_tag_is_never_moved_or_deleted(served: Portal, capsys) -> None:
    merge, _day = _published_urgently(served, capsys)
    deputy = served.clone(DEPUTY)
    assert run_portal(deputy, capsys, "review", merge)[0] == 0
    tag = f"refs/tags/hau-kiem/{merge[:12]}"
    assert push(deputy, f":{tag}").returncode != 0
    deputy.git("tag", "-f", "-s", "-m", "Sửa\n\nReviewed-By: vi-thi-hoa",
               f"hau-kiem/{merge[:12]}", f"{merge}^1")
    moved = push(deputy, "-f", tag)
    assert moved.returncode != 0


def test_a_review_by_someone_who_may_not_review_is_refused(served: Portal, capsys) -> None:
    merge, _day = _published_urgently(served, capsys)
    board = served.clone(BOARD_MEMBER)
    board.git("fetch", "-q", "origin")
    board.git("tag", "-s", "-m", f"Hậu kiểm\n\nReviewed-By: {BOARD_MEMBER}\nRole: board_member",
              f"hau-kiem/{merge[:12]}", merge)
    refused = push(board, f"refs/tags/hau-kiem/{merge[:12]}")
    assert refused.returncode != 0
    assert "[review]" in refused.stderr


def test_an_urgent_publication_without_reason_is_refused(served: Portal) -> None:
    served.clone(AUTHOR).topic(TOPIC, news())
    chief = served.clone(CHIEF)
    chief.git("fetch", "-q", "origin")
    chief.git("checkout", "-q", "-B", MAIN, f"origin/{MAIN}")
    trailers = approval_trailers(CHIEF, "chief", MAIN, chief.submission(MAIN, f"origin/{TOPIC}"),
                                 None)
    chief.dated("merge", "-q", "--no-ff", "-S", "-m", f"Đăng gấp\n\n{trailers}Urgent:\n",
                f"origin/{TOPIC}")
    refused = push(chief, f"HEAD:refs/heads/{MAIN}")
    assert refused.returncode != 0
    assert "[urgent]" in refused.stderr


@pytest.mark.parametrize("path", ["plugins/portal_site/extra.py", "pelicanconf.py",
                                  ".ci/run"])
def test_a_change_to_the_code_is_never_urgent(served: Portal, capsys, path: str) -> None:
    """Code rides along with an item: the chief's command refuses to publish it at once, and
    so does the server when the merge is made by hand."""
    served.clone(AUTHOR).topic(TOPIC, {**news(), path: "print('chạy khi build')\n"})
    published = run_git(served.server, "rev-parse", f"refs/heads/{MAIN}")
    chief = served.clone(CHIEF)
    code, said = run_portal(chief, capsys, "approve", f"origin/{TOPIC}", "--urgent", REASON)
    assert code == 1 and "Traceback" not in said and "content/_config/" in said
    chief.git("fetch", "-q", "origin")
    chief.git("checkout", "-q", "-B", MAIN, f"origin/{MAIN}")
    submission = chief.submission(MAIN, f"origin/{TOPIC}")
    assert submission.config_changed
    trailers = approval_trailers(CHIEF, "chief", MAIN, submission, None)
    chief.dated("merge", "-q", "--no-ff", "-S", "-m",
                f"Đăng gấp\n\n{trailers}Urgent: {REASON}\n", f"origin/{TOPIC}")
    refused = push(chief, f"HEAD:refs/heads/{MAIN}")
    assert refused.returncode != 0
    assert "[urgent]" in refused.stderr
    assert run_git(served.server, "rev-parse", f"refs/heads/{MAIN}") == published


def test_only_the_chief_acts_urgently(served: Portal, capsys) -> None:
    served.clone(AUTHOR).topic(TOPIC, news())
    code, said = run_portal(served.clone(BOARD_MEMBER), capsys, "approve", f"origin/{TOPIC}",
                         "--urgent", REASON)
    assert code == 1 and "Traceback" not in said
    assert run_git(served.server, "ls-tree", "--name-only", f"refs/heads/{MAIN}", "--",
                   ITEM) == ""
