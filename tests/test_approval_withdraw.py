"""Withdrawing a published item: a submission like any other, or an urgent takedown.

The page keeps its address and becomes a notice (the build side is shown in
tests/test_withdrawal_and_schedule.py); here the chain: `portal withdraw` marks every language
file of the item, submits it, and the same people approve it as any submission.
"""

from __future__ import annotations

import pytest

from plugins.core import frontmatter
from tests.approval_play import (
    AUTHOR,
    BOARD_MEMBER,
    CHIEF,
    MAIN,
    NEWS,
    UNIT_HEAD,
    Portal,
    news,
    run_git,
    run_portal,
)
from workflow.cli import main

pytestmark = pytest.mark.slow

ITEM = f"content/{NEWS}"
ENGLISH = ITEM.replace(".vi.md", ".en.md")
REASON = "Thông tin đã cũ, được thay bằng bài mới"
REASON_EN = "Out of date, replaced by a newer article"



def _published(served: Portal, capsys) -> None:
    files = news()
    files[ENGLISH] = ("---\ntitle: Border cooperation\ndate: 2026-06-15 09:00\n"
                      "category: doi-ngoai-trong-tinh\nunit: hop-tac-quoc-te\n"
                      "author: ha-minh-duc\nsummary: The department received a delegation.\n"
                      "---\n\nThe news.\n")
    served.clone(AUTHOR).topic("bai/hop-tac", files)
    for person in (UNIT_HEAD, BOARD_MEMBER, CHIEF):
        assert run_portal(served.clone(person), capsys, "approve", "origin/bai/hop-tac")[0] == 0


def _on_main(served: Portal, path: str) -> frontmatter.Document:
    return frontmatter.parse(run_git(served.server, "show", f"refs/heads/{MAIN}:{path}") + "\n")


def test_withdrawal_goes_through_the_chain(served: Portal, capsys) -> None:
    _published(served, capsys)
    author = served.clone(AUTHOR)
    code, said = run_portal(author, capsys, "withdraw", ITEM, "--reason", REASON,
                         "--reason-en", REASON_EN, "--date", "2026-11-20")
    assert code == 0, said
    assert "go-bo/hop-tac-bien-gioi" in said and "Traceback" not in said
    for person in (UNIT_HEAD, BOARD_MEMBER, CHIEF):
        code, said = run_portal(served.clone(person), capsys, "approve",
                             "origin/go-bo/hop-tac-bien-gioi")
        assert code == 0, (person, said)
    vietnamese, english = _on_main(served, ITEM), _on_main(served, ENGLISH)
    assert str(vietnamese.meta["withdrawn"]) == "2026-11-20"
    assert vietnamese.meta["withdrawn_reason"] == REASON
    assert english.meta["withdrawn_reason"] == REASON_EN
    assert "Nội dung bản tin." in vietnamese.body  # the text stays in the record
    assert main(["--repo", str(served.server), "verify"]) == 0


def test_a_missing_translation_of_the_reason_is_said(served: Portal, capsys) -> None:
    _published(served, capsys)
    code, said = run_portal(served.clone(AUTHOR), capsys, "withdraw", ITEM, "--reason", REASON,
                         "--no-submit")
    assert code == 0, said
    assert "'en'" in said


def test_an_urgent_takedown_by_the_chief(served: Portal, capsys) -> None:
    _published(served, capsys)
    assert run_portal(served.clone(AUTHOR), capsys, "withdraw", ITEM, "--reason", REASON,
                   "--reason-en", REASON_EN)[0] == 0
    code, said = run_portal(served.clone(CHIEF), capsys, "approve",
                         "origin/go-bo/hop-tac-bien-gioi", "--urgent",
                         "Gỡ ngay theo yêu cầu của cơ quan chức năng")
    assert code == 0, said
    assert _on_main(served, ITEM).meta["withdrawn_reason"] == REASON


def test_an_item_never_published_cannot_be_withdrawn(served: Portal, capsys) -> None:
    code, said = run_portal(served.clone(AUTHOR), capsys, "withdraw", ITEM, "--reason", REASON)
    assert code == 1 and "Traceback" not in said


def test_a_scheduled_item_is_approved_before_and_goes_live_at_its_time(served: Portal, capsys,
                                                                      tmp_path) -> None:
    """Rule 9: the chain approves it ahead; main holds it; a publish build puts it live on
    the first run after `publish_at`, from the very commit the chief approved."""
    served.clone(AUTHOR).topic("bai/hen-gio", news(extra="publish_at: 2026-12-01 08:00"))
    for person in (UNIT_HEAD, BOARD_MEMBER, CHIEF):
        assert run_portal(served.clone(person), capsys, "approve", "origin/bai/hen-gio")[0] == 0
    site = tmp_path / "site"
    run_git(tmp_path, "clone", "-q", "--branch", MAIN, str(served.server), str(site))
    page = "tin-tuc/hop-tac-bien-gioi/index.html"
    for moment, live in (("2026-12-01T07:59", False), ("2026-12-01T08:00", True)):
        output = tmp_path / f"output-{live}"
        code = main(["--repo", str(site), "build", "--publish", "--as-of", moment,
                     "--output", str(output)])
        said = capsys.readouterr()
        assert code == 0, said.err
        assert (output / page).exists() is live
